//! Fitting: the measured table in → the text size, column widths and page plan, the size
//! chosen for the fewest pages.
//!
//! The table is set at the largest size where its columns' narrowest widths fit across the
//! page ([`LayoutOptions::body_size`], 7 pt by default). A short document is then set smaller,
//! a quarter point at a time down to [`LayoutOptions::min_body_size`], when that saves a page,
//! as a typesetter would rather than print a nearly empty last sheet: a table whose notes
//! spill onto a second page gets one page. Documents longer than [`MAX_FIT_PAGES`] keep their
//! size (a page saved in many is not worth every page's legibility).

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
    let largest = measure::body_size(measured, options, content_width);
    let mut best = at_size(shaper, table, measured, options, largest);
    let pages = best.plan.pages.len();
    if best.bands.len() > 1 || !(2..=MAX_FIT_PAGES).contains(&pages) {
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
    let bands = widths::bands(&min_w, table.row_header, content_width);
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
        widths::banded(&bands, &min_w, &max_w, table.row_header, content_width)
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
