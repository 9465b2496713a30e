//! Fitting: the measured table in → the text size, column widths and page plan, the size
//! chosen for the fewest pages.
//!
//! The table is set at the largest size where its columns' narrowest widths fit across the
//! page ([`LayoutOptions::body_size`], 7 pt by default). A short document is then set smaller,
//! a quarter point at a time down to [`LayoutOptions::min_body_size`], when that saves a page,
//! as a typesetter would rather than print a nearly empty last sheet: a table whose notes
//! spill onto a second page gets one page. Documents longer than [`MAX_FIT_PAGES`] keep their
//! size (a page saved in many is not worth every page's legibility). A table on one page is
//! set larger, a quarter point at a time up to [`LayoutOptions::max_body_size`] (9 pt), while
//! it stays on one page: a tiny table fills its page and its thumbnail can be read. A table
//! cut into bands of columns keeps [`LayoutOptions::body_size`] (smaller would only make every
//! band harder to read), its bands balanced in `widths.rs`.

use super::balance::{self, Balance};
use super::measure::{self, Measured};
use super::plan::{self, Plan};
use super::text::{Line, Shaper};
use super::widths::{self, BandGeometry};
use super::{LayoutOptions, Pt};
use crate::model::Table;

/// Documents of at most this many pages at their largest size are set smaller when that
/// saves a page.
pub(super) const MAX_FIT_PAGES: usize = 3;

/// The longest line a column of a banded table wants, in em: about 60 characters, a
/// readable measure (typography.md: 45 to 75).
const READABLE_LINE_EM: f32 = 30.0;

/// The table set at one text size: everything the pages are laid out from.
pub(super) struct Fit {
    pub(super) body_size: Pt,
    pub(super) bands: Vec<Vec<usize>>,
    /// Room for a line of text in each column (from 0), in em of `body_size`.
    pub(super) line_em: Vec<f32>,
    /// Wrapped header texts, by column.
    pub(super) header_lines: Vec<Vec<Line>>,
    pub(super) geometry: Vec<BandGeometry>,
    pub(super) leading: Pt,
    pub(super) plan: Plan,
}

/// The table set at the size that gives the fewest pages (see the module's comment).
pub(super) fn fit(
    shaper: &mut Shaper<'_>,
    table: &Table,
    measured: &Measured<'_>,
    options: &LayoutOptions,
) -> Fit {
    let content_width = options.page_width - options.margin * 2.0;
    let mut largest = measure::body_size(measured, options, content_width);
    let (min_w, _) = measure::widths_at(measured, options, largest);
    if min_w.iter().map(|w| w.0).sum::<f32>() > content_width.0 {
        // Cut into bands even at the smallest size (`widths::bands`): a smaller size would
        // only make every band harder to read.
        largest = options.body_size;
    }
    let mut best = at_size(shaper, table, measured, options, largest);
    if best.bands.len() > 1 {
        return best;
    }
    let pages = best.plan.pages.len();
    if pages == 1 {
        return grown(shaper, table, measured, options, best);
    }
    if !(2..=MAX_FIT_PAGES).contains(&pages) {
        return best;
    }
    let mut size = Pt(largest.0 - 0.25);
    while size.0 >= options.min_body_size.0 - 1e-4 && best.plan.pages.len() > 1 {
        let smaller = at_size(shaper, table, measured, options, size);
        // Going down, the first size that saves a page is the largest that does.
        if smaller.bands.len() == 1 && smaller.plan.pages.len() < best.plan.pages.len() {
            best = smaller;
        }
        size = Pt(size.0 - 0.25);
    }
    best
}

/// A table that fits on one page, set larger a quarter point at a time up to
/// [`LayoutOptions::max_body_size`] while it stays on one page in one band: a small table
/// fills more of its page, and its thumbnail can be read.
fn grown(
    shaper: &mut Shaper<'_>,
    table: &Table,
    measured: &Measured<'_>,
    options: &LayoutOptions,
    mut best: Fit,
) -> Fit {
    let mut size = Pt(best.body_size.0 + 0.25);
    while size.0 <= options.max_body_size.0 + 1e-4 {
        let larger = at_size(shaper, table, measured, options, size);
        if larger.bands.len() > 1 || larger.plan.pages.len() > 1 {
            break;
        }
        best = larger;
        size = Pt(size.0 + 0.25);
    }
    best
}

/// The table set at text size `size`: bands, column widths, line counts and the plan.
fn at_size(
    shaper: &mut Shaper<'_>,
    table: &Table,
    measured: &Measured<'_>,
    options: &LayoutOptions,
    size: Pt,
) -> Fit {
    let content_width = options.page_width - options.margin * 2.0;
    let pad = options.cell_padding_x * 2.0;
    let (min_w, max_w) = measure::widths_at(measured, options, size);
    // What each column wants when the table is cut into bands: its widest text, at most a
    // readable line.
    let readable = size * READABLE_LINE_EM + pad;
    let want: Vec<Pt> =
        max_w.iter().zip(&min_w).map(|(hi, lo)| Pt(hi.0.min(readable.0)).max(*lo)).collect();
    let bands = widths::bands(&min_w, &want, table.row_header, content_width);
    let widths = if bands.len() == 1 {
        let start = widths::distribute(&min_w, &max_w, content_width);
        let pads = vec![pad; min_w.len()];
        let balance = Balance {
            table,
            measured,
            size,
            pads: &pads,
            min_w: &min_w,
            max_w: &max_w,
            browser_words: None,
            broken_word_cost: balance::BROKEN_WORD_COST,
        };
        balance::balance(shaper, &balance, start)
    } else {
        widths::banded(&bands, &min_w, &want, &max_w, table.row_header, content_width)
    };
    // Lines of the headers; line counts of the body cells (their lines are made when their
    // page is laid out).
    let line_em: Vec<f32> = widths.iter().map(|&w| measure::line_width_em(w, pad, size)).collect();
    let header_lines = measure::header_lines(shaper, &measured.headers, &line_em);
    let line_counts = measure::line_counts(shaper, table, measured, &line_em);
    let leading = size * options.line_height;
    let geometry = widths::geometry(&bands, &widths, &header_lines, leading, options);
    let plan = plan::plan(shaper, table, options, &geometry, &line_counts, leading);
    Fit { body_size: size, bands, line_em, header_lines, geometry, leading, plan }
}
