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
            bands(&min, 0, Pt(1000.0)),
            vec![vec![0, 1, 2, 3, 4, 5]],
            "one band when it fits"
        );
        let cut = bands(&min, 0, Pt(260.0));
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
