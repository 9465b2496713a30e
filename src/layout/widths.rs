//! Column widths: each column's narrowest and widest widths in → bands, widths, x positions.

use super::fonts::FontId;
use super::measure::{Measured, line_width_em, row_height, row_line_count};
use super::text::{Line, Shaper};
use super::{LayoutOptions, Pt, cell_font};
use crate::model::Table;

/// Columns of a band as placed across the page.
pub(super) struct BandGeometry {
    /// Columns (from 0) of this band, left to right; `xs` and `widths` follow them.
    pub(super) columns: Vec<usize>,
    pub(super) xs: Vec<Pt>,
    pub(super) widths: Vec<Pt>,
    /// Sum of `widths`.
    pub(super) total_width: Pt,
    /// Whether the row-header column is a repeat (bands after the first).
    pub(super) repeated_row_header: bool,
    pub(super) header_height: Pt,
}

/// Groups of columns that fit across the page at their narrowest widths: one group when the
/// table fits, else consecutive groups each led by the row-header column.
pub(super) fn bands(min_w: &[Pt], row_header: usize, available: Pt) -> Vec<Vec<usize>> {
    let total: f32 = min_w.iter().map(|w| w.0).sum();
    if total <= available.0 || min_w.len() <= 1 {
        return vec![(0..min_w.len()).collect()];
    }
    let mut bands = Vec::new();
    let mut band = vec![row_header];
    let mut used = min_w[row_header].0;
    for (c, w) in min_w.iter().enumerate() {
        if c == row_header {
            continue;
        }
        if used + w.0 > available.0 && band.len() > 1 {
            bands.push(std::mem::replace(&mut band, vec![row_header]));
            used = min_w[row_header].0;
        }
        band.push(c);
        used += w.0;
    }
    bands.push(band);
    bands
}

/// Column widths: natural widths when they fit, else each column between its narrowest and
/// widest in proportion, else narrowest widths scaled down (words then break anywhere).
pub(super) fn distribute(min: &[Pt], max: &[Pt], available: Pt) -> Vec<Pt> {
    let sum = |v: &[Pt]| v.iter().map(|p| p.0).sum::<f32>();
    let (sum_min, sum_max) = (sum(min), sum(max));
    if sum_max <= available.0 {
        let extra = available.0 - sum_max;
        max.iter().map(|m| Pt(m.0 + extra * m.0 / sum_max.max(1e-6))).collect()
    } else if sum_min <= available.0 {
        let ratio = (available.0 - sum_min) / (sum_max - sum_min).max(1e-6);
        min.iter().zip(max).map(|(lo, hi)| Pt(lo.0 + (hi.0 - lo.0) * ratio)).collect()
    } else {
        min.iter().map(|m| Pt(available.0 * m.0 / sum_min.max(1e-6))).collect()
    }
}

/// Column widths when the table is cut into `bands` (too many columns for one page width):
/// each band shares the page width; the row header keeps the width it gets in the first band.
pub(super) fn banded(
    bands: &[Vec<usize>],
    min_w: &[Pt],
    max_w: &[Pt],
    row_header: usize,
    available: Pt,
) -> Vec<Pt> {
    let mut widths = vec![Pt(0.0); min_w.len()];
    for (band_idx, band) in bands.iter().enumerate() {
        let (others, room) = if band_idx == 0 {
            (band.clone(), available)
        } else {
            let rest: Vec<usize> = band.iter().copied().filter(|&c| c != row_header).collect();
            (rest, available - widths[row_header])
        };
        let lo: Vec<Pt> = others.iter().map(|&c| min_w[c]).collect();
        let hi: Vec<Pt> = others.iter().map(|&c| max_w[c]).collect();
        for (c, w) in others.iter().zip(distribute(&lo, &hi, room)) {
            widths[*c] = w;
        }
    }
    widths
}

/// A width offer in [`balance`]: `width` points to `column` save `gain` lines per point.
struct Grant {
    gain: f32,
    column: usize,
    width: f32,
    /// The column's (lines, widest line) per sampled row at the new width.
    cells: Vec<(usize, Pt)>,
}

/// Rows (after the header) that [`balance`] looks at: enough to see the table's shape, few
/// enough that 10,000-row tables stay fast.
const BALANCE_SAMPLE_ROWS: usize = 60;

/// Redistributes width to lower the table's height. The proportional split leaves slack in
/// columns whose lines are shorter than the column, while long texts wrap into many lines:
/// each column is first narrowed to its longest line (wrapping is unchanged), then the freed
/// width goes, piece by piece, to the column where it saves the most lines per point. Never
/// above a column's widest (`max_w`). Looks at the header and the first
/// [`BALANCE_SAMPLE_ROWS`] rows.
pub(super) fn balance(
    shaper: &mut Shaper<'_>,
    table: &Table,
    measured: &Measured<'_>,
    size: Pt,
    pad: Pt,
    max_w: &[Pt],
    mut widths: Vec<Pt>,
) -> Vec<Pt> {
    let Measured { headers, cells, pieces, .. } = measured;
    let n_cols = widths.len();
    let sample = cells.len().min(BALANCE_SAMPLE_ROWS);
    // Lines and widest line (points) of every sampled cell of column `c` at width `w`.
    let column = |shaper: &mut Shaper<'_>, c: usize, w: Pt| -> Vec<(usize, Pt)> {
        let em = line_width_em(w, pad, size);
        let widest = |lines: &[Line]| lines.iter().map(|l| size * l.width).fold(Pt(0.0), Pt::max);
        let mut out = Vec::with_capacity(sample + 1);
        let lines = shaper.wrap(FontId::Bold, headers[c], em);
        out.push((lines.len(), widest(&lines)));
        for (r, row) in cells[..sample].iter().enumerate() {
            let row_pieces = pieces.get(r * n_cols + c);
            let lines = shaper.wrap_pieces(cell_font(table, c), &row[c], row_pieces, em);
            out.push((lines.len(), widest(&lines)));
        }
        out
    };
    let mut cols: Vec<Vec<(usize, Pt)>> =
        (0..n_cols).map(|c| column(shaper, c, widths[c])).collect();
    let n_rows = sample + 1;
    let height = |cols: &[Vec<(usize, Pt)>]| -> usize {
        (0..n_rows).map(|r| cols.iter().map(|col| col[r].0).max().unwrap_or(1)).sum()
    };
    // Narrow every column to its longest line: the same lines, and a pool of free width.
    let mut pool = 0.0_f32;
    for c in 0..n_cols {
        let tight = cols[c].iter().map(|x| x.1).fold(Pt(0.0), Pt::max) + pad + Pt(0.01);
        if tight.0 < widths[c].0 {
            pool += widths[c].0 - tight.0;
            widths[c] = tight;
        }
    }
    let mut current = height(&cols);
    for _ in 0..64 {
        if pool < 0.5 {
            break;
        }
        let mut best: Option<Grant> = None;
        for c in 0..n_cols {
            let room = (max_w[c].0 - widths[c].0).min(pool);
            if room < 0.5 {
                continue;
            }
            for fraction in [0.125_f32, 0.25, 0.5, 1.0] {
                let grant = room * fraction;
                let candidate = column(shaper, c, Pt(widths[c].0 + grant));
                let saved = {
                    let old = std::mem::replace(&mut cols[c], candidate);
                    let h = height(&cols);
                    let candidate = std::mem::replace(&mut cols[c], old);
                    (current.saturating_sub(h) as f32, candidate)
                };
                let gain = saved.0 / grant;
                if saved.0 > 0.0 && best.as_ref().is_none_or(|b| gain > b.gain) {
                    best = Some(Grant { gain, column: c, width: grant, cells: saved.1 });
                }
            }
        }
        let Some(Grant { column: c, width: grant, cells: new_cells, .. }) = best else { break };
        let used = new_cells.iter().map(|x| x.1).fold(Pt(0.0), Pt::max) + pad + Pt(0.01);
        let width = Pt((widths[c].0 + grant).min(used.0.max(widths[c].0)));
        pool -= width.0 - widths[c].0;
        widths[c] = width;
        cols[c] = new_cells;
        current = height(&cols);
    }
    // What is left goes back in proportion to the widths.
    let sum: f32 = widths.iter().map(|w| w.0).sum();
    widths.iter().map(|w| Pt(w.0 + pool * w.0 / sum.max(1e-6))).collect()
}

/// Where the columns of each band sit across the page, from the left margin, and how tall
/// each band's header row is (its titles wrapped in `header_lines`, lines `leading` apart).
pub(super) fn geometry(
    bands: &[Vec<usize>],
    widths: &[Pt],
    header_lines: &[Vec<Line>],
    leading: Pt,
    options: &LayoutOptions,
) -> Vec<BandGeometry> {
    let header_counts: Vec<usize> = header_lines.iter().map(Vec::len).collect();
    bands
        .iter()
        .enumerate()
        .map(|(band_idx, band)| {
            let mut xs = Vec::with_capacity(band.len());
            let mut x = options.margin;
            for &c in band {
                xs.push(x);
                x += widths[c];
            }
            BandGeometry {
                columns: band.clone(),
                xs,
                widths: band.iter().map(|&c| widths[c]).collect(),
                total_width: band.iter().fold(Pt(0.0), |sum, &c| sum + widths[c]),
                // The row header of a later band repeats what the first band showed.
                repeated_row_header: band_idx > 0,
                header_height: row_height(row_line_count(band, &header_counts), leading, options),
            }
        })
        .collect()
}
