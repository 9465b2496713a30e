//! Column widths for a screen: the measured columns in → each column's share of the HTML
//! table's width, and the narrowest the table may be before it scrolls.
//!
//! The HTML lets the browser lay the table out, but with widths taken from the same measuring
//! as the PDF: the columns' narrowest and widest texts ([`super::measure`]) balanced by the
//! same [`balance::balance`], at the geometry of the screen instead of the page (a DSFR
//! container's 1,200 px, its text size and padding). Lengths are in rem; only proportions
//! matter, so they are worked out as points, 1 rem for 16 pt.

use super::balance::{self, Balance};
use super::fonts::{FontId, Fonts};
use super::measure::{self, Measured};
use super::screen_font;
use super::text::{self, Shaper};
use super::widths;
use super::{Layout, Pt};
use crate::model::{Cell, Kind, Table, Value};

/// The screen an HTML table is balanced for. Lengths in rem (16 px in browsers by default).
#[derive(Clone, Debug, PartialEq)]
pub struct ScreenOptions {
    /// Width of the table on a wide screen; default 75 rem (1,200 px: the content of a DSFR
    /// `fr-container` at 1,280 px and wider).
    pub width_rem: f32,
    /// Size of the table's text; default 0.75 rem (12 px, DSFR's `fr-text--xs`).
    pub text_rem: f32,
    /// Space left and right of each cell's text; default 0.375 rem (6 px: 12 px between two
    /// columns' texts).
    pub padding_rem: f32,
    /// Width of what the HTML shows before « Oui » and « Non » (a check mark or a cross, and a
    /// no-break space), in em of the text; default 1.2.
    pub mark_em: f32,
    /// How much wider the browser's font sets the text than the PDF's, which the columns are
    /// measured with; default 1.04 (Marianne, DSFR's font, is 2 to 3 % wider than Noto Sans on
    /// this table's words, measured in Chromium).
    pub font_scale: f32,
    /// The shortest lines worth reading, in characters (of the table's own text, on average);
    /// default 10. Narrower than that, the table scrolls in its container rather than squeeze
    /// its columns.
    pub min_line_chars: f32,
    /// The lines a long text may be given, in characters: a column whose longest text would
    /// take more than [`ScreenOptions::max_lines`] lines of `min_line_chars` asks for lines
    /// long enough to take no more, up to this; default 45 (a readable measure, 35 to 70).
    pub readable_line_chars: f32,
    /// How many lines the longest text of a column may take before its column asks for
    /// longer lines (up to `readable_line_chars`); default 12.
    pub max_lines: f32,
    /// The longest word, in characters, that a column is made wide enough for (whole, in the
    /// browser's font); longer ones may break. Default 30.
    pub max_word_chars: usize,
}

impl Default for ScreenOptions {
    fn default() -> Self {
        ScreenOptions {
            width_rem: 75.0,
            text_rem: 0.75,
            padding_rem: 0.25,
            mark_em: 1.2,
            font_scale: 1.03,
            min_line_chars: 10.0,
            readable_line_chars: 45.0,
            max_lines: 12.0,
            max_word_chars: 30,
        }
    }
}

/// How the HTML table shares its width.
#[derive(Clone, Debug, PartialEq)]
pub struct ScreenColumns {
    /// Each column's share of the table's width (from 0, in column order), in hundredths of a
    /// percent: they add up to 10,000.
    pub basis_points: Vec<u32>,
    /// The narrowest the table may be, in hundredths of a rem: narrower, some column's lines
    /// would be shorter than [`ScreenOptions::min_line_chars`], and the table scrolls instead.
    pub min_width_centi_rem: u32,
    /// The screen the columns were balanced for (the HTML sets its text size and padding).
    pub options: ScreenOptions,
    /// Each column's text width when the table is at its narrowest, in em of the table's
    /// text (from 0, in column order), less a pixel for the browser's rounding: a word no
    /// wider in the browser's fonts never needs to break ([`ScreenColumns::may_not_fit`]).
    pub narrowest_em: Vec<f32>,
}

impl ScreenColumns {
    /// Whether `word` (a run of text with no break opportunity but its syllables) may be too
    /// wide for a line of column `col_idx` (from 0), in the browser's fonts (`bold` for the
    /// headers): only such words get soft hyphens in the HTML, so that a browser, which breaks
    /// at any soft hyphen that fills a line, hyphenates only the words a typesetter would.
    /// True for a column it does not know.
    pub fn may_not_fit(&self, col_idx: usize, word: &str, bold: bool) -> bool {
        self.narrowest_em.get(col_idx).is_none_or(|&room| screen_word_em(word, bold) > room)
    }
}

/// Width of `word` in the browser's fonts ([`screen_font`]), in em; a character outside them
/// counts as 1 em, wider than any letter of theirs (so such a word keeps its soft hyphens).
fn screen_word_em(word: &str, bold: bool) -> f32 {
    word.chars().map(|ch| f32::from(screen_font::advance(ch, bold).unwrap_or(1000)) / 1000.0).sum()
}

/// [`Layout::screen_columns`] for a table not otherwise laid out (the HTML alone).
pub fn screen_columns(table: &Table, fonts: &Fonts, options: &ScreenOptions) -> ScreenColumns {
    let mut shaper = Shaper::new(fonts);
    let measured = measure::measure(&mut shaper, table);
    columns(&mut shaper, table, &measured, options)
}

impl Layout<'_> {
    /// How the HTML table shares its width on the screen of `options`, from the cells this
    /// layout measured.
    pub fn screen_columns(&mut self, options: &ScreenOptions) -> ScreenColumns {
        columns(&mut self.shaper, self.table, &self.measured, options)
    }
}

/// How many lines a word cut inside costs on a screen (see [`Balance::broken_word_cost`]).
const SCREEN_BROKEN_WORD_COST: usize = 8;

/// One rem, as the points the balancing works in.
const REM: f32 = 16.0;

fn columns(
    shaper: &mut Shaper<'_>,
    table: &Table,
    measured: &Measured<'_>,
    options: &ScreenOptions,
) -> ScreenColumns {
    let n_cols = table.columns.len();
    if n_cols == 0 {
        return ScreenColumns {
            basis_points: Vec::new(),
            min_width_centi_rem: 0,
            options: options.clone(),
            narrowest_em: Vec::new(),
        };
    }
    // Words are measured in the browser's fonts ([`screen_font`]); the rest (lines, wrapping
    // in `balance`) in the PDF's, a little wider as the browser's font sets them.
    let word_size = Pt(options.text_rem * REM);
    let size = word_size * options.font_scale;
    let pad = Pt(options.padding_rem * 2.0 * REM);
    let pads = vec![pad; n_cols];
    let available = Pt(options.width_rem * REM);
    let marked: Vec<Pt> =
        (0..n_cols).map(|c| size * (options.mark_em + marked_value_em(shaper, table, c))).collect();
    let all_words = browser_words(shaper, table, measured);
    let whole = whole_word_widths(measured, &all_words, &marked, options);
    let sum = |v: &[Pt]| v.iter().map(|w| w.0).sum::<f32>();
    let squeezed = (sum(&whole) > available.0)
        .then(|| squeezed_widths(shaper, table, measured, &marked, options))
        .filter(|squeezed| sum(squeezed) <= available.0);
    // Whole words when they fit across the screen, or when the table scrolls anyway (even
    // squeezed, its columns do not fit); in between, as the repository's table, the table
    // keeps to the screen's width and its longer words may break (hyphenated where the text
    // allows), where `balance` finds that the width saves more elsewhere.
    let (min_w, browser_words, broken_word_cost) = match squeezed {
        Some(squeezed) => (squeezed, None, balance::BROKEN_WORD_COST),
        None => {
            // Which words a width cuts, in the browser's fonts (words longer than
            // `max_word_chars` are not counted: they may break).
            let words: Vec<Vec<Pt>> = all_words
                .iter()
                .map(|col| {
                    let mut widths: Vec<Pt> = col
                        .iter()
                        .filter(|(_, n)| *n <= options.max_word_chars)
                        .map(|(w, _)| word_size * *w + SNAP)
                        .collect();
                    widths.sort_by(|a, b| b.0.total_cmp(&a.0));
                    widths
                })
                .collect();
            (whole, Some(words), SCREEN_BROKEN_WORD_COST)
        }
    };
    // A table that scrolls is laid out at its narrowest, where every column has its minimum.
    let available = available.max(Pt(sum(&min_w)));
    let max_w: Vec<Pt> =
        (0..n_cols).map(|c| (size * measured.max_em[c] + pad).max(min_w[c])).collect();
    let start = widths::distribute(&min_w, &max_w, available);
    let balance = Balance {
        table,
        measured,
        size,
        pads: &pads,
        min_w: &min_w,
        max_w: &max_w,
        browser_words: browser_words.as_deref(),
        broken_word_cost,
    };
    let widths = balance::balance(shaper, &balance, start);
    let total: f32 = widths.iter().map(|w| w.0).sum::<f32>().max(1e-6);
    let mut basis_points: Vec<u32> =
        widths.iter().map(|w| (w.0 / total * 10_000.0).round() as u32).collect();
    // Rounding may leave a point or two over or under: the widest column takes it.
    let sum: u32 = basis_points.iter().sum();
    let widest = (0..n_cols).max_by_key(|&c| basis_points[c]).unwrap_or(0);
    basis_points[widest] = (basis_points[widest] + 10_000).saturating_sub(sum);
    // The table may narrow until the first column reaches its narrowest.
    let min_width = (0..n_cols)
        .map(|c| min_w[c].0 / (basis_points[c].max(1) as f32 / 10_000.0))
        .fold(0.0_f32, f32::max)
        // Shares rounded to a hundredth of a percent may ask a little more than the width the
        // columns were balanced for: no more (a table that fits must not scroll by a pixel).
        .min(available.0);
    let min_width_centi_rem = (min_width / REM * 100.0).ceil() as u32;
    // At its narrowest the table is `min_width_centi_rem` wide (narrower, it scrolls), each
    // column its share of that, less its padding and a pixel of rounding.
    let narrowest_em = basis_points
        .iter()
        .map(|&share| {
            let column = min_width_centi_rem as f32 / 100.0 * REM * share as f32 / 10_000.0;
            ((column - pad.0 - SNAP.0) / word_size.0).max(0.0)
        })
        .collect();
    ScreenColumns { basis_points, min_width_centi_rem, options: options.clone(), narrowest_em }
}

/// A pixel more than a word: the browser rounds the columns' widths to whole pixels.
const SNAP: Pt = Pt(REM / 16.0);

/// Each column's narrowest width with its words whole (in the browser's fonts, those of at
/// most `max_word_chars` characters), padding included: never below its widest « ✓ Oui » or
/// « ✗ Non » (`marked`: the mark and the value do not break) nor below lines of
/// `min_line_chars`; a column of long texts asks for lines long enough that its longest
/// takes at most `max_lines` lines, up to `readable_line_chars`. Never more than its widest
/// text needs.
fn whole_word_widths(
    measured: &Measured<'_>,
    words: &[Vec<(f32, usize)>],
    marked: &[Pt],
    options: &ScreenOptions,
) -> Vec<Pt> {
    let word_size = Pt(options.text_rem * REM);
    let size = word_size * options.font_scale;
    let pad = Pt(options.padding_rem * 2.0 * REM);
    let char_em = average_char_em(measured);
    let longest = longest_texts(measured);
    let widest = widest_words_em(words, options.max_word_chars);
    let readable = options.readable_line_chars.max(options.min_line_chars);
    (0..measured.headers.len())
        .map(|c| {
            let chars =
                (longest[c] as f32 / options.max_lines).clamp(options.min_line_chars, readable);
            let line = Pt((size * (chars * char_em)).0.min((size * measured.max_em[c]).0));
            let word = word_size * widest[c] + SNAP;
            line.max(marked[c]).max(word) + pad
        })
        .collect()
}

/// Each column's narrowest width when the table keeps to the screen at the cost of long
/// words: lines of `min_line_chars`, or its longest word when that is shorter, but never
/// below its widest word of at most `min_line_chars` characters (longer words may break,
/// short ones never) nor below `marked`; padding included.
fn squeezed_widths(
    shaper: &mut Shaper<'_>,
    table: &Table,
    measured: &Measured<'_>,
    marked: &[Pt],
    options: &ScreenOptions,
) -> Vec<Pt> {
    let word_size = Pt(options.text_rem * REM);
    let size = word_size * options.font_scale;
    let pad = Pt(options.padding_rem * 2.0 * REM);
    let line = size * (options.min_line_chars * average_char_em(measured));
    let short = short_words_em(shaper, table, measured, options.min_line_chars as usize);
    (0..measured.headers.len())
        .map(|c| {
            // An address never gets a hyphen, so its parts between two address breaks cannot
            // break: its column is never narrower than the widest, in the browser's fonts.
            let address = matches!(table.columns[c].kind, Kind::String { uri: true });
            let line = if address { Pt(f32::MAX) } else { line };
            let narrowest = Pt((size * measured.min_em[c]).0.min(line.0));
            let parts = match address {
                true => word_size * address_part_em(shaper, table, measured, c) + SNAP,
                false => Pt(0.0),
            };
            narrowest.max(size * short[c]).max(marked[c]).max(parts) + pad
        })
        .collect()
}

/// The widest word of each column (its title included) that has at most `chars` characters,
/// in em: words that short are never broken. Looks at the rows [`balance::balance`] looks at.
fn short_words_em(
    shaper: &mut Shaper<'_>,
    table: &Table,
    measured: &Measured<'_>,
    chars: usize,
) -> Vec<f32> {
    let mut widest = vec![0.0_f32; measured.headers.len()];
    let mut words = |shaper: &mut Shaper<'_>, font, text: &str, c: usize| {
        let mut start = 0;
        for (end, _) in unicode_linebreak::linebreaks(text) {
            let word = text[start..end].trim_end();
            start = end;
            if word.chars().count() <= chars {
                widest[c] = widest[c].max(shaper.width(font, word));
            }
        }
    };
    for (c, header) in measured.headers.iter().enumerate() {
        words(shaper, super::fonts::FontId::Bold, header, c);
    }
    for row in measured.cells.iter().take(balance::BALANCE_SAMPLE_ROWS) {
        for (c, cell) in row.iter().enumerate() {
            words(shaper, super::cell_font(table, c), cell, c);
        }
    }
    widest
}

/// The widest of the values the HTML shows after a mark in column `c` (a boolean's « Oui »
/// and « Non »), in em; 0 for other columns.
fn marked_value_em(shaper: &mut Shaper<'_>, table: &Table, c: usize) -> f32 {
    let column = &table.columns[c];
    if !matches!(column.kind, Kind::Boolean { .. }) {
        return 0.0;
    }
    let font = super::cell_font(table, c);
    [true, false]
        .into_iter()
        .map(|b| {
            let value = Cell::Value(Value::Boolean(b));
            shaper.width(font, &crate::model::display(column, &value))
        })
        .fold(0.0, f32::max)
}

/// Every word of each column (its title included) as the browser draws it: its width in em
/// and its length in characters. Words are what lies between two break opportunities (after a
/// space or a hyphen); an address's parts break after « / » and « . » too, as
/// [`Shaper::address_min`] cuts them (its widest part stands for them). Looks at the rows
/// [`balance::balance`] looks at.
fn browser_words(
    shaper: &mut Shaper<'_>,
    table: &Table,
    measured: &Measured<'_>,
) -> Vec<Vec<(f32, usize)>> {
    let mut found = vec![Vec::new(); measured.headers.len()];
    let mut words = |shaper: &mut Shaper<'_>, font: FontId, text: &str, c: usize| {
        let address = matches!(table.columns[c].kind, Kind::String { uri: true });
        if address && font != FontId::Bold && !text.is_empty() {
            let part = shaper.address_min(font, text) / shaper.width(font, text).max(1e-6);
            let whole = browser_width_em(shaper, font, text);
            found[c].push((part * whole, 0));
            return;
        }
        let mut start = 0;
        for (end, _) in unicode_linebreak::linebreaks(text) {
            let word = text[start..end].trim_end();
            start = end;
            if !word.is_empty() {
                found[c].push((browser_width_em(shaper, font, word), word.chars().count()));
            }
        }
    };
    for (c, header) in measured.headers.iter().enumerate() {
        words(shaper, FontId::Bold, header, c);
    }
    for row in measured.cells.iter().take(balance::BALANCE_SAMPLE_ROWS) {
        for (c, cell) in row.iter().enumerate() {
            words(shaper, super::cell_font(table, c), cell, c);
        }
    }
    found
}

/// The widest of each column's `words` of at most `max_chars` characters, in em.
fn widest_words_em(words: &[Vec<(f32, usize)>], max_chars: usize) -> Vec<f32> {
    words
        .iter()
        .map(|col| col.iter().filter(|(_, n)| *n <= max_chars).map(|(w, _)| *w).fold(0.0, f32::max))
        .collect()
}

/// Width of `text` as the browser draws it, in em: the sum of its characters' advances in
/// [`screen_font`]; a character outside it counts as wide as in the PDF's font, plus a tenth.
fn browser_width_em(shaper: &mut Shaper<'_>, font: FontId, text: &str) -> f32 {
    let bold = font == FontId::Bold;
    let mut buf = [0_u8; 4];
    text.chars()
        .map(|ch| match screen_font::advance(ch, bold) {
            Some(thousandths) => f32::from(thousandths) / 1000.0,
            None => shaper.width(font, ch.encode_utf8(&mut buf)) * 1.1,
        })
        .sum()
}

/// The number of characters of each column's longest body text (of the rows looked at).
fn longest_texts(measured: &Measured<'_>) -> Vec<usize> {
    let mut longest = vec![0_usize; measured.headers.len()];
    for row in measured.cells.iter().take(balance::BALANCE_SAMPLE_ROWS) {
        for (c, cell) in row.iter().enumerate() {
            longest[c] = longest[c].max(cell.chars().count());
        }
    }
    longest
}

/// The average advance of a character of the table's body cells, in em (of those looked at
/// to balance the columns).
fn average_char_em(measured: &Measured<'_>) -> f32 {
    let n_cols = measured.headers.len();
    let mut width = 0.0_f32;
    let mut chars = 0_usize;
    for (r, row) in measured.cells.iter().take(balance::BALANCE_SAMPLE_ROWS).enumerate() {
        for (c, cell) in row.iter().enumerate() {
            width += text::min_max(measured.pieces.get(r * n_cols + c)).1;
            chars += cell.chars().count();
        }
    }
    if chars == 0 { 0.5 } else { width / chars as f32 }
}

/// The widest part of column `c`'s addresses between two address breaks
/// ([`Shaper::address_parts`]), as the browser draws it, in em (of the rows looked at).
fn address_part_em(
    shaper: &mut Shaper<'_>,
    table: &Table,
    measured: &Measured<'_>,
    c: usize,
) -> f32 {
    let font = super::cell_font(table, c);
    let mut widest: f32 = 0.0;
    for row in measured.cells.iter().take(balance::BALANCE_SAMPLE_ROWS) {
        for part in shaper.address_parts(font, &row[c]) {
            widest = widest.max(browser_width_em(shaper, font, part.trim_end()));
        }
    }
    widest
}
