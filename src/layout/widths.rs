//! Column widths: each column's narrowest and widest widths in → bands, widths, x positions
//! (`balance.rs` then balances the widths of a table that fits across the page).

use super::measure::{row_height, row_line_count};
use super::text::Line;
use super::{LayoutOptions, Pt};

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

/// Groups of columns across the page: one group when the table fits at its narrowest widths
/// `min_w`, else consecutive groups each led by the row-header column, as few as the page's
/// width allows at the widths the columns want (`want`: a readable line for long texts, see
/// `fit.rs`) and even in what they want, so that no band is set at lines of hundreds of
/// characters while another squeezes its columns. Every group fits at its narrowest widths.
pub(super) fn bands(
    min_w: &[Pt],
    want: &[Pt],
    row_header: usize,
    available: Pt,
) -> Vec<Vec<usize>> {
    let total: f32 = min_w.iter().map(|w| w.0).sum();
    if total <= available.0 || min_w.len() <= 1 {
        return vec![(0..min_w.len()).collect()];
    }
    let header = row_header_width(min_w, want, row_header, available);
    let room = (available - header).0;
    let others: Vec<usize> = (0..min_w.len()).filter(|&c| c != row_header).collect();
    // As many bands as the narrowest widths need, or as what the columns want needs.
    let need = |w: &[Pt]| {
        let mut count = 1;
        let mut used = 0.0;
        for &c in &others {
            if used + w[c].0 > room && used > 0.0 {
                count += 1;
                used = 0.0;
            }
            used += w[c].0;
        }
        count
    };
    let wanted: Vec<Pt> = want.iter().zip(min_w).map(|(w, m)| Pt(w.0.min(room)).max(*m)).collect();
    let count = need(min_w).max(need(&wanted));
    // Cut the columns into `count` runs of about the same wanted width: each run ends at the
    // column that brings it nearest its share of what is left.
    let mut bands = Vec::with_capacity(count);
    let mut left: f32 = others.iter().map(|&c| wanted[c].0).sum();
    let mut band = vec![row_header];
    let (mut used_min, mut used_want) = (0.0_f32, 0.0_f32);
    for &c in &others {
        let bands_left = count.saturating_sub(bands.len()).max(1);
        let target = left / bands_left as f32;
        // A run ends when the page is full, or when this column's middle passes its share.
        let full = used_min + min_w[c].0 > room;
        let share_reached = bands_left > 1 && used_want + wanted[c].0 / 2.0 > target;
        if band.len() > 1 && (full || share_reached) {
            bands.push(std::mem::replace(&mut band, vec![row_header]));
            left -= used_want;
            used_min = 0.0;
            used_want = 0.0;
        }
        band.push(c);
        used_min += min_w[c].0;
        used_want += wanted[c].0;
    }
    bands.push(band);
    bands
}

/// The width of the row-header column in every band of a banded table: what it wants, at
/// most a fifth of the page (it repeats in every band), never below its narrowest.
fn row_header_width(min_w: &[Pt], want: &[Pt], row_header: usize, available: Pt) -> Pt {
    Pt(want[row_header].0.min(available.0 / 5.0)).max(min_w[row_header])
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
/// the row header gets the same width in every band ([`row_header_width`]); the other
/// columns of each band share the rest, each its wanted width `want` first (then in
/// proportion), or between its narrowest and wanted width when they do not all fit.
pub(super) fn banded(
    bands: &[Vec<usize>],
    min_w: &[Pt],
    want: &[Pt],
    row_header: usize,
    available: Pt,
) -> Vec<Pt> {
    let mut widths = vec![Pt(0.0); min_w.len()];
    widths[row_header] = row_header_width(min_w, want, row_header, available);
    for band in bands {
        let others: Vec<usize> = band.iter().copied().filter(|&c| c != row_header).collect();
        let room = available - widths[row_header];
        let lo: Vec<Pt> = others.iter().map(|&c| min_w[c]).collect();
        let hi: Vec<Pt> = others.iter().map(|&c| want[c].max(min_w[c])).collect();
        for (c, w) in others.iter().zip(distribute(&lo, &hi, room)) {
            widths[*c] = w;
        }
    }
    widths
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(v: &[f32]) -> Vec<Pt> {
        v.iter().map(|&x| Pt(x)).collect()
    }

    fn sum(v: &[Pt]) -> f32 {
        v.iter().map(|p| p.0).sum()
    }

    #[test]
    fn distribution_follows_the_three_regimes() {
        let (min, max) = (pts(&[10.0, 20.0, 30.0]), pts(&[40.0, 40.0, 120.0]));
        // Room for the widest widths: each gets its widest, and the rest in proportion.
        let wide = distribute(&min, &max, Pt(400.0));
        assert!((sum(&wide) - 400.0).abs() < 1e-3);
        assert!(wide.iter().zip(&max).all(|(w, m)| w.0 >= m.0));
        assert!((wide[2].0 / wide[0].0 - 3.0).abs() < 1e-3, "{wide:?}");
        // Between: each column between its narrowest and widest, at the same ratio.
        let between = distribute(&min, &max, Pt(120.0));
        assert!((sum(&between) - 120.0).abs() < 1e-3);
        for ((w, lo), hi) in between.iter().zip(&min).zip(&max) {
            assert!(lo.0 <= w.0 && w.0 <= hi.0, "{between:?}");
        }
        // Not even the narrowest widths fit: they are scaled down together.
        let narrow = distribute(&min, &max, Pt(30.0));
        assert!((sum(&narrow) - 30.0).abs() < 1e-3);
        assert!((narrow[1].0 / narrow[0].0 - 2.0).abs() < 1e-3, "{narrow:?}");
    }

    #[test]
    fn bands_fit_the_page_and_each_starts_with_the_row_header() {
        let min = pts(&[50.0, 100.0, 100.0, 100.0, 100.0, 100.0]);
        assert_eq!(
            bands(&min, &min, 0, Pt(1000.0)),
            vec![vec![0, 1, 2, 3, 4, 5]],
            "one band when it fits"
        );
        let cut = bands(&min, &min, 0, Pt(260.0));
        assert!(cut.len() > 1);
        let mut seen: Vec<usize> = Vec::new();
        for band in &cut {
            assert_eq!(band[0], 0, "{cut:?}");
            assert!(band.iter().map(|&c| min[c].0).sum::<f32>() <= 260.0, "{cut:?}");
            seen.extend(band.iter().copied().filter(|&c| c != 0));
        }
        assert_eq!(seen, vec![1, 2, 3, 4, 5], "every other column once, in order");
        // The row header keeps its first band's width in the following bands.
        let max = pts(&[80.0, 150.0, 150.0, 150.0, 150.0, 150.0]);
        let widths = banded(&cut, &min, &max, 0, Pt(260.0));
        for band in &cut {
            let total: f32 = band.iter().map(|&c| widths[c].0).sum();
            assert!(total <= 260.0 + 1e-3, "{band:?}: {total}");
        }
    }
}
