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
    let wanted: Vec<f32> = others.iter().map(|&c| want[c].0.min(room).max(min_w[c].0)).collect();
    // Runs of consecutive columns, each at most `capacity` wide in what they want.
    let runs = |capacity: f32| {
        let mut runs = vec![Vec::new()];
        let mut used = 0.0;
        for (i, &w) in wanted.iter().enumerate() {
            let run = runs.last_mut().expect("one run at least");
            if used + w > capacity && !run.is_empty() {
                runs.push(Vec::new());
                used = 0.0;
            }
            runs.last_mut().expect("one run at least").push(others[i]);
            used += w;
        }
        runs
    };
    // As many bands as the wants need across the page; then the narrowest capacity that
    // keeps that many (a binary search): the bands are as even as consecutive runs can be.
    let count = runs(room).len();
    let (mut lo, mut hi) = (wanted.iter().copied().fold(0.0_f32, f32::max), room);
    for _ in 0..32 {
        let mid = (lo + hi) / 2.0;
        if runs(mid).len() <= count {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    runs(hi.max(lo))
        .into_iter()
        .map(|run| std::iter::once(row_header).chain(run).collect())
        .collect()
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
    max_w: &[Pt],
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
            // What is left over widens a column up to its widest text, or a quarter more than
            // it wants: a long text never runs in lines much longer than readable (the band
            // may then be narrower than the page).
            let cap = want[*c].max(Pt(max_w[*c].0.min(want[*c].0 * 1.25)));
            widths[*c] = Pt(w.0.min(cap.0));
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
        let widths = banded(&cut, &min, &max, &max, 0, Pt(260.0));
        for band in &cut {
            let total: f32 = band.iter().map(|&c| widths[c].0).sum();
            assert!(total <= 260.0 + 1e-3, "{band:?}: {total}");
        }
    }

    #[test]
    fn bands_share_what_the_columns_want() {
        // Two long texts (300 wanted) and short columns: packed at their narrowest widths,
        // the first band would take all but the last columns and squeeze the long texts.
        let min = pts(&[40.0, 100.0, 60.0, 60.0, 100.0, 60.0, 60.0, 60.0]);
        let want = pts(&[40.0, 300.0, 60.0, 60.0, 300.0, 60.0, 60.0, 60.0]);
        let cut = bands(&min, &want, 0, Pt(400.0));
        let wanted = |band: &Vec<usize>| band.iter().skip(1).map(|&c| want[c].0).sum::<f32>();
        assert_eq!(cut.len(), 3, "{cut:?}");
        for band in &cut {
            assert!(wanted(band) <= 360.0 + 1e-3, "{cut:?}");
        }
        // Each long text has a band of its own width, at its wanted width.
        let widths = banded(&cut, &min, &want, &want, 0, Pt(400.0));
        assert!(widths[1].0 >= 300.0 && widths[4].0 >= 300.0, "{widths:?}");
    }
}
