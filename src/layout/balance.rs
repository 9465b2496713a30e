//! Balancing: the widths a table's columns got from their narrowest and widest texts in →
//! widths that make the table lower (the PDF page's, or a screen's for the HTML).

use rustc_hash::FxHashMap;

use super::fonts::FontId;
use super::measure::{Measured, line_width_em};
use super::text::{Pieces, Shaper, WrapStats};
use super::{Pt, cell_font};
use crate::model::Table;

/// Rows (after the header) that [`balance`] looks at: enough to see the table's shape, few
/// enough that 10,000-row tables stay fast.
pub(super) const BALANCE_SAMPLE_ROWS: usize = 60;

/// Rounds of [`balance`] (narrowing then widening), and moves per round: the canonical table
/// settles in two rounds; the bounds keep hostile tables fast.
const BALANCE_ROUNDS: usize = 4;
const BALANCE_MOVES: usize = 64;

/// The tallest sampled rows whose height [`balance`] tries to lower by one line, widening every
/// column that makes them that tall at once.
const BALANCE_ROW_MOVES: usize = 8;

/// What [`balance`] works with: the measured texts, their size and each column's padding (both
/// sides together) and bounds.
pub(super) struct Balance<'m, 'a> {
    pub(super) table: &'a Table,
    pub(super) measured: &'m Measured<'a>,
    pub(super) size: Pt,
    /// Padding of each column, both sides together, and anything else drawn beside its text
    /// on every line (the HTML's mark before « Oui » and « Non »).
    pub(super) pads: &'m [Pt],
    /// Narrowest and widest width of each column, padding included.
    pub(super) min_w: &'m [Pt],
    pub(super) max_w: &'m [Pt],
    /// For a screen: the width of every word of each column as the browser draws it (the
    /// fonts are not the PDF's), widest first; a word wider than its column's line counts as
    /// cut inside, instead of the PDF's fonts' count. `None` for the PDF.
    pub(super) browser_words: Option<&'m [Vec<Pt>]>,
    /// How many lines a word cut inside costs: [`BROKEN_WORD_COST`] in the PDF; more on a
    /// screen, whose readers would rather see a taller row than a word cut in two.
    pub(super) broken_word_cost: usize,
}

/// Lines of each sampled row of one column at one width (the header first), the words cut
/// inside in the column, and its widest line (points).
#[derive(Clone)]
struct ColumnLines {
    lines: Vec<usize>,
    broken_words: usize,
    widest: Pt,
}

/// The sampled rows of every column at their current widths, and what [`Balance`] already
/// wrapped: a column at a width it had before is not wrapped again.
struct State<'b, 'm, 'a, 's, 'f> {
    balance: &'b Balance<'m, 'a>,
    shaper: &'s mut Shaper<'f>,
    sample: usize,
    widths: Vec<Pt>,
    cols: Vec<ColumnLines>,
    /// Lines of each sampled row (the header first): its tallest cell.
    heights: Vec<usize>,
    /// The column titles cut at their break opportunities.
    header_pieces: Vec<Pieces>,
    cache: FxHashMap<(usize, u32), ColumnLines>,
}

/// A word cut inside costs as much as two more lines: the balance avoids one unless the width
/// it takes saves more lines elsewhere.
pub(super) const BROKEN_WORD_COST: usize = 2;

/// A way to spend free width: set the columns `widths` (column, new width), which costs `cost`
/// points and saves `saved` lines (or words cut inside, [`BROKEN_WORD_COST`] each).
struct Move {
    widths: Vec<(usize, Pt)>,
    cost: f32,
    saved: usize,
}

/// Redistributes the widths `widths` (which fill the room) to lower the table's height, as a
/// typesetter balances a dense table. A row is as tall as its tallest cell, so a column can
/// often be narrowed without making any row taller (its cells wrap into more lines, but no
/// more than the row's tallest): each column is narrowed that way, down to its narrowest
/// (`min_w`), which frees width. The free width then goes, move by move, where it saves the
/// most lines per point: to one column, or to every column that makes one of the tallest rows
/// that tall, at once (widening only one of them would save nothing). A word cut inside
/// because its column is narrower than it counts as two lines ([`BROKEN_WORD_COST`]), and
/// narrowing never cuts one more. Rounds of narrowing and widening repeat while the table gets
/// lower; what is left goes back in proportion to the widths. No move takes a column above its
/// widest (`max_w`), but that last share may. Looks at the header and the first
/// [`BALANCE_SAMPLE_ROWS`] rows.
pub(super) fn balance(
    shaper: &mut Shaper<'_>,
    balance: &Balance<'_, '_>,
    widths: Vec<Pt>,
) -> Vec<Pt> {
    let sample = balance.measured.cells.len().min(BALANCE_SAMPLE_ROWS);
    let mut state = State {
        balance,
        shaper,
        sample,
        widths: Vec::new(),
        cols: Vec::new(),
        heights: Vec::new(),
        header_pieces: Vec::new(),
        cache: FxHashMap::default(),
    };
    state.header_pieces =
        balance.measured.headers.iter().map(|h| state.shaper.pieces(FontId::Bold, h)).collect();
    state.cols = (0..widths.len()).map(|c| state.column(c, widths[c])).collect();
    state.widths = widths;
    state.update_heights();
    let mut pool = 0.0_f32;
    let mut height = state.total();
    for _ in 0..BALANCE_ROUNDS {
        pool += state.narrow();
        for _ in 0..BALANCE_MOVES {
            let Some(best) = state.best_move(pool) else { break };
            pool -= best.cost;
            for (c, w) in best.widths {
                state.set(c, w);
            }
        }
        let now = state.total();
        if now >= height {
            break;
        }
        height = now;
    }
    // What is left goes back in proportion to the widths.
    let sum: f32 = state.widths.iter().map(|w| w.0).sum();
    state.widths.iter().map(|w| Pt(w.0 + pool * w.0 / sum.max(1e-6))).collect()
}

impl State<'_, '_, '_, '_, '_> {
    /// Lines of the sampled rows of column `c` at width `w`, and its widest line.
    fn column(&mut self, c: usize, w: Pt) -> ColumnLines {
        if let Some(known) = self.cache.get(&(c, w.0.to_bits())) {
            return known.clone();
        }
        let Balance { table, measured, size, pads, .. } = *self.balance;
        let Measured { headers, cells, pieces, .. } = measured;
        let em = line_width_em(w, pads[c], size);
        let n_cols = self.balance.min_w.len();
        let mut result = ColumnLines {
            lines: Vec::with_capacity(self.sample + 1),
            broken_words: 0,
            widest: Pt(0.0),
        };
        let mut push = |stats: WrapStats| {
            result.lines.push(stats.lines);
            result.broken_words += stats.broken_words;
            result.widest = result.widest.max(size * stats.widest);
        };
        push(self.shaper.wrap_stats(FontId::Bold, headers[c], &self.header_pieces[c], em));
        for (r, row) in cells[..self.sample].iter().enumerate() {
            let row_pieces = pieces.get(r * n_cols + c);
            push(self.shaper.wrap_stats(cell_font(table, c), &row[c], row_pieces, em));
        }
        if let Some(words) = self.balance.browser_words {
            let line = w - pads[c];
            result.broken_words = words[c].partition_point(|word| word.0 > line.0);
        }
        self.cache.insert((c, w.0.to_bits()), result.clone());
        result
    }

    fn update_heights(&mut self) {
        self.heights = (0..=self.sample)
            .map(|r| self.cols.iter().map(|col| col.lines[r]).max().unwrap_or(1))
            .collect();
    }

    /// Sampled lines of the whole table, and its words cut inside (as lines).
    fn total(&self) -> usize {
        self.heights.iter().sum::<usize>()
            + self.balance.broken_word_cost
                * self.cols.iter().map(|col| col.broken_words).sum::<usize>()
    }

    fn set(&mut self, c: usize, w: Pt) {
        self.cols[c] = self.column(c, w);
        self.widths[c] = w;
        self.update_heights();
    }

    /// Narrows every column as far as it goes without making a row taller; returns the width
    /// freed (points).
    fn narrow(&mut self) -> f32 {
        let mut freed = 0.0;
        for c in 0..self.widths.len() {
            // How tall each row may get in column `c`: as tall as it already is; and no word
            // cut that was not.
            let caps = self.heights.clone();
            let broken = self.cols[c].broken_words;
            let allowed = |col: &ColumnLines| {
                col.broken_words <= broken && col.lines.iter().zip(&caps).all(|(l, h)| l <= h)
            };
            let (mut lo, mut hi) = (self.balance.min_w[c].0, self.widths[c].0);
            if lo >= hi {
                continue;
            }
            // The narrowest allowed width, to a quarter point (lines only grow as a column
            // narrows).
            if !allowed(&self.column(c, Pt(lo))) {
                while hi - lo > 0.25 {
                    let mid = (lo + hi) * 0.5;
                    if allowed(&self.column(c, Pt(mid))) { hi = mid } else { lo = mid }
                }
                lo = hi;
            }
            // No wider than its widest line needs.
            let col = self.column(c, Pt(lo));
            let tight =
                (col.widest + self.balance.pads[c] + Pt(0.01)).0.max(self.balance.min_w[c].0);
            let width = if tight < lo && allowed(&self.column(c, Pt(tight))) { tight } else { lo };
            if width < self.widths[c].0 {
                freed += self.widths[c].0 - width;
                self.set(c, Pt(width));
            }
        }
        freed
    }

    /// The move that saves the most lines per point within `pool` points, if one saves any.
    fn best_move(&mut self, pool: f32) -> Option<Move> {
        let mut best: Option<Move> = None;
        let mut consider = |state: &mut Self, widths: Vec<(usize, Pt)>| {
            let cost: f32 = widths.iter().map(|&(c, w)| w.0 - state.widths[c].0).sum();
            if cost < 0.5 || cost > pool + 1e-3 {
                return;
            }
            let saved = state.saved(&widths);
            let better =
                best.as_ref().is_none_or(|b| saved as f32 * b.cost > b.saved as f32 * cost);
            if saved > 0 && better {
                best = Some(Move { widths, cost, saved });
            }
        };
        // One column, by a fraction of what would give it its widest width.
        for c in 0..self.widths.len() {
            let room = self.balance.max_w[c].0 - self.widths[c].0;
            for fraction in [0.125_f32, 0.25, 0.5, 1.0] {
                let width = Pt(self.widths[c].0 + room * fraction);
                consider(self, vec![(c, width)]);
            }
        }
        // The tallest rows, one line lower: every column that makes the row that tall gets
        // the width that takes one line off its cell.
        let mut rows: Vec<usize> = (0..=self.sample).filter(|&r| self.heights[r] > 1).collect();
        rows.sort_by_key(|&r| std::cmp::Reverse(self.heights[r]));
        for r in rows.into_iter().take(BALANCE_ROW_MOVES) {
            let target = self.heights[r] - 1;
            let mut widths = Vec::new();
            for c in 0..self.widths.len() {
                if self.cols[c].lines[r] > target {
                    match self.width_for(c, r, target) {
                        Some(w) => widths.push((c, w)),
                        None => {
                            widths.clear();
                            break;
                        }
                    }
                }
            }
            if !widths.is_empty() {
                consider(self, widths);
            }
        }
        best
    }

    /// Lines saved with the columns of `widths` at their new widths.
    fn saved(&mut self, widths: &[(usize, Pt)]) -> usize {
        let new: Vec<(usize, ColumnLines)> =
            widths.iter().map(|&(c, w)| (c, self.column(c, w))).collect();
        let lines = |r: usize, c: usize, cols: &[ColumnLines]| {
            new.iter().find(|(n, _)| *n == c).map_or(cols[c].lines[r], |(_, col)| col.lines[r])
        };
        let heights: usize = (0..=self.sample)
            .map(|r| (0..self.cols.len()).map(|c| lines(r, c, &self.cols)).max().unwrap_or(1))
            .sum();
        let broken: usize = (0..self.cols.len())
            .map(|c| {
                new.iter()
                    .find(|(n, _)| *n == c)
                    .map_or(self.cols[c].broken_words, |(_, col)| col.broken_words)
            })
            .sum();
        self.total().saturating_sub(heights + self.balance.broken_word_cost * broken)
    }

    /// The narrowest width, to a quarter point, at which sampled row `r` (0 the header) of
    /// column `c` takes at most `target` lines; `None` when even the widest does not.
    fn width_for(&mut self, c: usize, r: usize, target: usize) -> Option<Pt> {
        let Balance { table, measured, size, pads, max_w, .. } = *self.balance;
        let n_cols = max_w.len();
        let header = &self.header_pieces[c];
        let lines_at = |shaper: &mut Shaper<'_>, w: f32| {
            let em = line_width_em(Pt(w), pads[c], size);
            if r == 0 {
                shaper.count_lines(FontId::Bold, measured.headers[c], header, em)
            } else {
                let text = &measured.cells[r - 1][c];
                let pieces = measured.pieces.get((r - 1) * n_cols + c);
                shaper.count_lines(cell_font(table, c), text, pieces, em)
            }
        };
        let (mut lo, mut hi) = (self.widths[c].0, max_w[c].0);
        if lines_at(self.shaper, hi) > target {
            return None;
        }
        while hi - lo > 0.25 {
            let mid = (lo + hi) * 0.5;
            if lines_at(self.shaper, mid) <= target { hi = mid } else { lo = mid }
        }
        Some(Pt(hi))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::fonts::Fonts;
    use crate::layout::measure::{self, Measured};
    use crate::layout::widths::distribute;
    use crate::layout::{LayoutOptions, text::Shaper};
    use crate::model::{Cell, Column, Kind, Publication, Row, Value};

    /// A table of text columns, `rows` given as texts by column.
    fn table(titles: &[&str], rows: &[Vec<&str>]) -> Table {
        Table {
            publication: Publication::default(),
            columns: titles
                .iter()
                .map(|t| Column {
                    name: t.to_lowercase(),
                    title: (*t).to_owned(),
                    description: None,
                    kind: Kind::String { uri: false },
                    favourable: true,
                    choices: None,
                })
                .collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(idx, cells)| Row {
                    line: idx as u64 + 2,
                    cells: cells.iter().map(|c| Cell::Value(Value::Text((*c).into()))).collect(),
                })
                .collect(),
            row_header: 0,
        }
    }

    /// Lines of every sampled row (the header first) at `widths`: what balancing lowers.
    fn height(shaper: &mut Shaper<'_>, balance: &Balance<'_, '_>, widths: &[Pt]) -> usize {
        let measured: &Measured<'_> = balance.measured;
        let em: Vec<f32> = widths
            .iter()
            .zip(balance.pads)
            .map(|(&w, &p)| line_width_em(w, p, balance.size))
            .collect();
        let headers = measure::header_lines(shaper, &measured.headers, &em);
        let counts = measure::line_counts(shaper, balance.table, measured, &em);
        let header = headers.iter().map(Vec::len).max().unwrap_or(1);
        header + counts.iter().map(|row| row.iter().copied().max().unwrap_or(1)).sum::<usize>()
    }

    /// Balances `table` across `room` points at 7 pt, from the proportional widths; returns
    /// (bounds, start, balanced widths, height before, height after).
    fn balanced(table: &Table, room: Pt) -> (Vec<Pt>, Vec<Pt>, Vec<Pt>, Vec<Pt>, usize, usize) {
        let fonts = Fonts::bundled();
        let mut shaper = Shaper::new(&fonts);
        let measured = measure::measure(&mut shaper, table);
        let options = LayoutOptions::default();
        let size = Pt(7.0);
        let (min_w, max_w) = measure::widths_at(&measured, &options, size);
        let start = distribute(&min_w, &max_w, room);
        let pads = vec![options.cell_padding_x * 2.0; min_w.len()];
        let b = Balance {
            table,
            measured: &measured,
            size,
            pads: &pads,
            min_w: &min_w,
            max_w: &max_w,
            browser_words: None,
            broken_word_cost: BROKEN_WORD_COST,
        };
        let widths = balance(&mut shaper, &b, start.clone());
        let before = height(&mut shaper, &b, &start);
        let after = height(&mut shaper, &b, &widths);
        (min_w.clone(), max_w.clone(), start, widths, before, after)
    }

    #[test]
    fn balancing_fills_the_room_within_the_bounds_and_never_makes_the_table_taller() {
        let long = "Flux chiffrés en transit, sans chiffrement de bout en bout ; selon l'hébergeur";
        let cases = [
            table(&["Solution", "Détail"], &[vec!["Zoom", long], vec!["Jitsi", long]]),
            table(
                &["Solution", "Hébergement", "Participants", "Protection des données"],
                &[vec!["A", "France", "50", long], vec!["B", "Union européenne", "1 000", "RGPD"]],
            ),
            table(&["Un", "Deux", "Trois"], &[vec!["a", "b", "c"]]),
        ];
        for (idx, t) in cases.iter().enumerate() {
            for room in [Pt(150.0), Pt(300.0), Pt(800.0)] {
                let (min_w, max_w, _, widths, before, after) = balanced(t, room);
                let sum: f32 = widths.iter().map(|w| w.0).sum();
                let min_sum: f32 = min_w.iter().map(|w| w.0).sum();
                if min_sum <= room.0 {
                    assert!((sum - room.0).abs() < 0.5, "case {idx} at {room:?}: {sum} pt used");
                }
                // Never below its narrowest (a column may end above its widest: what the moves
                // leave goes back in proportion).
                for (c, w) in widths.iter().enumerate() {
                    let fits = min_sum <= room.0;
                    assert!(
                        !fits || w.0 + 0.01 >= min_w[c].0,
                        "case {idx}: column {c} below its narrowest"
                    );
                }
                let _ = &max_w;
                assert!(after <= before, "case {idx} at {room:?}: {before} lines became {after}");
            }
        }
    }

    #[test]
    fn a_short_column_gives_its_width_to_the_long_text() {
        // Proportional widths give the one-word column more than it needs; balancing gives
        // it back to the long text, which takes fewer lines.
        let long = "Son ou image parfois dégradés au-delà de cinq participants, selon la connexion de chacun";
        let rows: Vec<Vec<&str>> = (0..3).map(|_| vec!["WebConférence de l'État", long]).collect();
        let t = table(&["Solution", "Qualité"], &rows);
        let (_, _, start, widths, before, after) = balanced(&t, Pt(220.0));
        assert!(widths[1].0 > start[1].0, "the long text's column widens: {start:?} → {widths:?}");
        assert!(after < before, "{before} lines → {after}");
    }
}
