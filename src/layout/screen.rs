//! Column widths for a screen: the measured columns in → each column's share of the HTML
//! table's width, and the narrowest the table may be before it scrolls.
//!
//! The HTML lets the browser lay the table out, but with widths taken from the same measuring
//! as the PDF: the columns' narrowest and widest texts ([`super::measure`]) balanced by the
//! same [`balance::balance`], at the geometry of the screen instead of the page (a DSFR
//! container's 1,200 px, its text size and padding). Lengths are in rem; only proportions
//! matter, so they are worked out as points, 1 rem for 16 pt.

use super::balance::{self, Balance};
use super::fonts::Fonts;
use super::measure::{self, Measured};
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
        };
    }
    let size = Pt(options.text_rem * REM);
    // The browser's font, not the PDF's, sets the text: measured a little wider.
    let size = size * options.font_scale;
    let pad = Pt(options.padding_rem * 2.0 * REM);
    let pads = vec![pad; n_cols];
    let line = size * (options.min_line_chars * average_char_em(measured));
    let short = short_words_em(shaper, table, measured, options.min_line_chars as usize);
    // A column may narrow to lines of `min_line_chars`, or to its longest word when that is
    // shorter, but never below its widest word of at most `min_line_chars` characters (longer
    // words may be broken, with a hyphen, short ones never) nor below its widest « ✓ Oui » or
    // « ✗ Non » (the mark and the value do not break), nor, for a column of addresses, below
    // its widest part between two address breaks (`measured.min_em`: an address never gets a
    // hyphen, so its parts cannot break); it never needs more than its widest text.
    let min_w: Vec<Pt> = (0..n_cols)
        .map(|c| {
            let marked = size * (options.mark_em + marked_value_em(shaper, table, c));
            let address = matches!(table.columns[c].kind, Kind::String { uri: true });
            let line = if address { Pt(f32::MAX) } else { line };
            // A pixel more for an address: the browser rounds the columns to whole pixels.
            let snap = if address { Pt(REM / 16.0) } else { Pt(0.0) };
            let narrowest = Pt((size * measured.min_em[c]).0.min(line.0)) + snap;
            narrowest.max(size * short[c]).max(marked) + pad
        })
        .collect();
    let max_w: Vec<Pt> =
        (0..n_cols).map(|c| (size * measured.max_em[c] + pad).max(min_w[c])).collect();
    let available = Pt(options.width_rem * REM);
    let start = widths::distribute(&min_w, &max_w, available);
    let balance = Balance { table, measured, size, pads: &pads, min_w: &min_w, max_w: &max_w };
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
        .fold(0.0_f32, f32::max);
    let min_width_centi_rem = (min_width / REM * 100.0).ceil() as u32;
    ScreenColumns { basis_points, min_width_centi_rem, options: options.clone() }
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
