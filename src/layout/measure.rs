//! Measuring: the cells in → their texts cut and shaped, widths in em, text size, line counts.

use std::borrow::Cow;

use super::fonts::FontId;
use super::text::{self, Line, PieceTable, Shaper};
use super::{LayoutOptions, Pt, cell_font};
use crate::model::{Kind, Table};

/// The table's texts, measured once: what the column widths, the line counts and the pages
/// are made from.
pub(super) struct Measured<'a> {
    /// Column titles, by column (from 0).
    pub(super) headers: Vec<&'a str>,
    /// Displayed text of every body cell, by row then column.
    pub(super) cells: Vec<Vec<Cow<'a, str>>>,
    /// The same cells cut at their break opportunities and shaped, row by row: cell (`r`,
    /// `c`) is number `r * columns + c`.
    pub(super) pieces: PieceTable,
    /// Narrowest and widest width of each column's texts (its title included), in em.
    pub(super) min_em: Vec<f32>,
    pub(super) max_em: Vec<f32>,
}

/// Cuts and shapes every text of `table` (each body cell once: balancing, line counts and its
/// page reuse its pieces) and takes each column's narrowest and widest widths.
pub(super) fn measure<'a>(shaper: &mut Shaper<'_>, table: &'a Table) -> Measured<'a> {
    let n_cols = table.columns.len();
    let headers: Vec<&str> = table.columns.iter().map(|c| c.title.as_str()).collect();
    let cells: Vec<Vec<Cow<'a, str>>> = (0..table.rows.len())
        .map(|row_idx| (0..n_cols).map(|col_idx| table.display(row_idx, col_idx)).collect())
        .collect();
    let mut min_em = vec![0.0_f32; n_cols];
    let mut max_em = vec![0.0_f32; n_cols];
    for (col_idx, header) in headers.iter().enumerate() {
        (min_em[col_idx], max_em[col_idx]) = shaper.min_max(FontId::Bold, header);
    }
    let mut pieces = PieceTable::default();
    let address: Vec<bool> =
        table.columns.iter().map(|c| matches!(c.kind, Kind::String { uri: true })).collect();
    for row in &cells {
        for (col_idx, text) in row.iter().enumerate() {
            let font = cell_font(table, col_idx);
            let cut = shaper.push_pieces(font, text, &mut pieces);
            let (mut min, max) = text::min_max(cut);
            if address[col_idx] {
                // An address breaks before « / » and « . » too (see `text::breaks`).
                min = shaper.address_min(font, text);
            }
            min_em[col_idx] = min_em[col_idx].max(min);
            max_em[col_idx] = max_em[col_idx].max(max);
        }
    }
    Measured { headers, cells, pieces, min_em, max_em }
}

/// The narrowest and widest width of each column at text size `size`, in points, padding
/// included (as HTML's automatic table layout takes min- and max-content widths). The
/// narrowest is at most [`LayoutOptions::max_min_column`] plus the padding.
pub(super) fn widths_at(
    measured: &Measured<'_>,
    options: &LayoutOptions,
    size: Pt,
) -> (Vec<Pt>, Vec<Pt>) {
    let pad = options.cell_padding_x * 2.0;
    let min: Vec<Pt> = measured
        .min_em
        .iter()
        .map(|m| Pt((size.0 * m).min(options.max_min_column.0)) + pad)
        .collect();
    let max: Vec<Pt> =
        measured.max_em.iter().zip(&min).map(|(m, lo)| (size * *m + pad).max(*lo)).collect();
    (min, max)
}

/// The table's text size: [`LayoutOptions::body_size`], lowered a quarter point at a time
/// while the columns' narrowest widths do not fit in `available`, never below
/// [`LayoutOptions::min_body_size`].
pub(super) fn body_size(measured: &Measured<'_>, options: &LayoutOptions, available: Pt) -> Pt {
    let mut body_size = options.body_size;
    while body_size.0 - 0.25 >= options.min_body_size.0 - 1e-4 {
        let (min, _) = widths_at(measured, options, body_size);
        if min.iter().map(|p| p.0).sum::<f32>() <= available.0 {
            break;
        }
        body_size = Pt(body_size.0 - 0.25);
    }
    body_size
}

/// Room for a line of text, in em of `size`, in a column `width` wide with padding `pad`
/// (both sides together).
pub(super) fn line_width_em(width: Pt, pad: Pt, size: Pt) -> f32 {
    ((width - pad).0 / size.0).max(0.0)
}

/// The column titles wrapped in their columns, `line_em[c]` em wide for column `c`.
pub(super) fn header_lines(
    shaper: &mut Shaper<'_>,
    headers: &[&str],
    line_em: &[f32],
) -> Vec<Vec<Line>> {
    headers.iter().enumerate().map(|(c, h)| shaper.wrap(FontId::Bold, h, line_em[c])).collect()
}

/// How many lines each body cell takes, by row then column, `line_em[c]` em wide for column
/// `c` (the lines themselves are made when their page is laid out).
pub(super) fn line_counts(
    shaper: &mut Shaper<'_>,
    table: &Table,
    measured: &Measured<'_>,
    line_em: &[f32],
) -> Vec<Vec<usize>> {
    let n_cols = table.columns.len();
    measured
        .cells
        .iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, t)| {
                    let p = measured.pieces.get(r * n_cols + c);
                    shaper.count_lines(cell_font(table, c), t, p, line_em[c])
                })
                .collect()
        })
        .collect()
}

/// Lines of a row in the columns `band`, whose cells take `counts[c]` lines in column `c`:
/// the most of them, and at least one.
pub(super) fn row_line_count(band: &[usize], counts: &[usize]) -> usize {
    band.iter().map(|&c| counts[c]).max().unwrap_or(1).max(1)
}

/// Height of a row of `lines` lines `leading` apart, with the cells' padding above and below.
pub(super) fn row_height(lines: usize, leading: Pt, options: &LayoutOptions) -> Pt {
    leading * lines as f32 + options.cell_padding_y * 2.0
}
