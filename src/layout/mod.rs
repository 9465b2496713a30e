//! Layout: the validated [`Table`] → a [`Document`] of pages of positioned items.
//!
//! In: the model, the fonts and [`LayoutOptions`]. Out: the one truth about geometry, which
//! the PDF and PNG painters paint without measuring anything: [`DocumentInfo`] once, then the
//! pages one at a time from a [`Layout`] (so that a large table never has every page in
//! memory), or all together from [`layout`]. Every item says where it came
//! from ([`Origin`]), and every cell's box is kept ([`Page::frames`]).
//!
//! Coordinates are points (1/72 in) from the page's top-left corner, y pointing down.
//!
//! This file holds the types and the two entry points. The work is one file per step, in the
//! order [`Layout::new`] takes them: `measure.rs` (every cell's text cut and shaped once, the
//! columns' narrowest and widest widths, the text size, line counts), `fit.rs` (the text size
//! that gives the fewest pages, trying at each size:) `widths.rs` (bands of columns, column
//! widths, where the columns sit), `balance.rs` (widths that make the table lower) and
//! `plan/` (what goes on each page, and where, which gives the page count); then, for each
//! page, `build.rs` (its blocks → items). `screen.rs` balances the same measured columns for a
//! screen, for the HTML table ([`Layout::screen_columns`]).
//! `glyphs.rs` checks beforehand that the fonts can draw every character ([`check_glyphs`]);
//! `dump.rs` prints a document for golden tests ([`dump()`]).

pub mod fonts;
pub mod text;
pub mod theme;

mod balance;
mod build;
mod dump;
mod fit;
mod glyphs;
mod measure;
mod plan;
mod screen;
mod screen_font;
mod widths;

pub use dump::dump;
pub use glyphs::check_glyphs;
pub use screen::{ScreenColumns, ScreenOptions, screen_columns};

use std::collections::VecDeque;
use std::ops::{Add, AddAssign, Mul, Sub};

use crate::model::Table;
use build::PageLengths;
use fonts::{FontId, Fonts};
use plan::Block;
use text::{Glyph, Line, LineStore, Shaper, StoredLine};
use theme::{Color, Theme};
use widths::BandGeometry;

/// A length in points (1/72 inch).
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Pt(pub f32);

impl Add for Pt {
    type Output = Pt;
    fn add(self, rhs: Pt) -> Pt {
        Pt(self.0 + rhs.0)
    }
}

impl AddAssign for Pt {
    fn add_assign(&mut self, rhs: Pt) {
        self.0 += rhs.0;
    }
}

impl Sub for Pt {
    type Output = Pt;
    fn sub(self, rhs: Pt) -> Pt {
        Pt(self.0 - rhs.0)
    }
}

impl Mul<f32> for Pt {
    type Output = Pt;
    fn mul(self, rhs: f32) -> Pt {
        Pt(self.0 * rhs)
    }
}

impl Pt {
    /// The larger of two lengths (`f32::max`: a NaN loses to a number).
    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }
}

/// A rectangle; `y` is its top edge.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left edge, from the page's left edge.
    pub x: Pt,
    /// Top edge, from the page's top edge (y points down).
    pub y: Pt,
    /// Width, not negative in any layout.
    pub width: Pt,
    /// Height, not negative in any layout.
    pub height: Pt,
}

impl Rect {
    /// Right edge: `x + width`.
    pub fn right(&self) -> Pt {
        self.x + self.width
    }

    /// Bottom edge: `y + height` (y points down).
    pub fn bottom(&self) -> Pt {
        self.y + self.height
    }
}

/// Where an item comes from: the part of the document it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    /// The document title (a heading).
    Title,
    /// The table's caption.
    Caption,
    /// « Mis à jour le … ».
    Updated,
    /// The source line.
    Source,
    /// The heading above the notes; `continued` on the pages after their first (« Notes
    /// (suite) », a repeat).
    NotesHeading {
        /// Whether this is « Notes (suite) » on a later page (an artifact for tagged PDF).
        continued: bool,
    },
    /// Note `n` (from 0) of the publication.
    Note(usize),
    /// « Page N / M » (a decoration).
    PageNumber,
    /// The title of column `col_idx` (from 0); `repeated` on pages after the first.
    ColumnHeader {
        /// Column of the model's table, from 0.
        col_idx: usize,
        /// Whether this is the header repeated on a later page or band (an artifact).
        repeated: bool,
    },
    /// Cell (`row_idx`, `col_idx`), from 0, of the table's body.
    Cell {
        /// Body row of the model's table, from 0 (the header row is not counted).
        row_idx: usize,
        /// Column of the model's table, from 0.
        col_idx: usize,
    },
    /// The row-header cell of row `row_idx`, repeated at the left of a later band of columns.
    RowHeaderRepeat {
        /// Body row of the model's table, from 0.
        row_idx: usize,
    },
    /// Backgrounds, rules and separators (decorations).
    Decoration,
}

impl Origin {
    /// Decorations and repeated headers carry no content of their own.
    pub fn is_artifact(&self) -> bool {
        matches!(
            self,
            Origin::PageNumber
                | Origin::Decoration
                | Origin::ColumnHeader { repeated: true, .. }
                | Origin::NotesHeading { continued: true }
                | Origin::RowHeaderRepeat { .. }
        )
    }
}

/// One line of text at a position, already shaped.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    /// The part of the document the text belongs to (tagging, tests).
    pub origin: Origin,
    /// Left end of the baseline.
    pub x: Pt,
    /// The baseline's distance from the page's top edge.
    pub baseline: Pt,
    /// The face the glyphs come from.
    pub font: FontId,
    /// Font size (the em); glyph advances and offsets are multiplied by it.
    pub size: Pt,
    /// Fill colour of the glyphs.
    pub color: Color,
    /// Where the text the glyphs draw (what copy-paste gives) is in the page's
    /// [`Page::lines`]; see [`Page::text`].
    pub text: std::ops::Range<usize>,
    /// Where the glyphs are in the page's [`Page::lines`] (see [`Page::glyphs`]): advances and
    /// offsets in em, clusters as byte offsets into the run's text.
    pub glyphs: std::ops::Range<usize>,
    /// Advance of the whole run.
    pub width: Pt,
    /// Height above the baseline that the run may paint: the taller ascender of the two faces
    /// at `size`.
    pub ascent: Pt,
    /// Depth below the baseline that the run may paint, positive: the deeper descender of the
    /// two faces at `size`.
    pub descent: Pt,
}

/// A drawn thing. New kind = new variant: every painter must handle it.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// One line of shaped text.
    Text(TextRun),
    /// A filled rectangle (backgrounds).
    Fill {
        /// The area filled.
        rect: Rect,
        /// The fill colour, opaque.
        color: Color,
    },
    /// A straight line.
    Rule {
        /// Start point, from the page's top-left corner.
        x1: Pt,
        /// Start point, from the page's top-left corner.
        y1: Pt,
        /// End point, from the page's top-left corner.
        x2: Pt,
        /// End point, from the page's top-left corner.
        y2: Pt,
        /// Stroke width, centred on the line.
        width: Pt,
        /// Stroke colour, opaque.
        color: Color,
    },
    /// A clickable area leading to `url`, described for assistive technology.
    Link {
        /// The cell whose text is the link.
        origin: Origin,
        /// The clickable area: the cell's lines on this page, as wide as the widest.
        rect: Rect,
        /// The target, the cell's text as written in the table (not checked here).
        url: String,
        /// French description for assistive technology (« Site de la solution X (url) », with the
        /// rows' noun).
        description: String,
    },
}

/// The box of a cell on a page, as laid out (for tests and painters that need it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// Which header or body cell the box belongs to.
    pub origin: Origin,
    /// The cell's box on this page, padding included (only the part of a split row that is
    /// on this page).
    pub rect: Rect,
}

/// One page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// Items in painting (and reading) order.
    pub items: Vec<Item>,
    /// Boxes of the header cells and body cells on this page.
    pub frames: Vec<Frame>,
    /// Body rows (from 0) on this page, in order.
    pub rows: Vec<usize>,
    /// Top of the table on this page.
    pub table_top: Pt,
    /// Top of the notes heading, when the notes start on this page.
    pub notes_top: Option<Pt>,
    /// The texts and glyphs of the page's text runs, one after the other.
    pub lines: LineStore,
}

impl Page {
    /// The text `run` draws.
    pub fn text(&self, run: &TextRun) -> &str {
        &self.lines.text[run.text.clone()]
    }

    /// The glyphs of `run`.
    pub fn glyphs(&self, run: &TextRun) -> &[Glyph] {
        &self.lines.glyphs[run.glyphs.clone()]
    }
}

/// Everything known of the document before its pages are laid out.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentInfo {
    /// Page width, the same on every page ([`LayoutOptions::page_width`]).
    pub width: Pt,
    /// Page height, the same on every page ([`LayoutOptions::page_height`]).
    pub height: Pt,
    /// Number of pages.
    pub page_count: usize,
    /// Size of the table's text (headers and cells), chosen between
    /// [`LayoutOptions::min_body_size`] and [`LayoutOptions::body_size`].
    pub body_size: Pt,
    /// Document title (metadata): the publication's title as laid out on page 1.
    pub title: String,
    /// Document language, a BCP 47 tag from the publication (`fr`).
    pub lang: String,
    /// Column (from 0) whose cells head their row.
    pub row_header: usize,
    /// Rows (from 0) that were too tall for a page and continue on the next one.
    pub split_rows: Vec<usize>,
    /// Columns (from 0) of each band: all columns when the table fits across the page, else
    /// groups laid out one after the other, each starting with the row-header column.
    pub bands: Vec<Vec<usize>>,
    /// Body rows of the table (the header row is not counted).
    pub row_count: usize,
    /// Columns of the table.
    pub column_count: usize,
}

/// The laid-out document: its description and every page.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// What is known before the pages are laid out (size, page count, bands…).
    pub info: DocumentInfo,
    /// Every page, in order; `info.page_count` of them.
    pub pages: Vec<Page>,
}

/// Settings of [`layout`].
#[derive(Clone, Debug)]
pub struct LayoutOptions {
    /// Page width; default A4 landscape, 841.89 pt. Not checked: a page too narrow for the
    /// columns' narrowest widths gives a table wider than the page.
    pub page_width: Pt,
    /// Page height; default A4 landscape, 595.28 pt. A row taller than the page's room is
    /// split across pages ([`DocumentInfo::split_rows`]).
    pub page_height: Pt,
    /// Margin on every side; default 28 pt (about 1 cm).
    pub margin: Pt,
    /// Title size; default 15 pt.
    pub title_size: Pt,
    /// Caption, date and source size; default 8.5 pt.
    pub meta_size: Pt,
    /// Table text size (headers and cells); default 7 pt. When the columns' narrowest widths
    /// do not fit across the page at this size, or when a smaller size saves a page of a
    /// short document, the size goes down to `min_body_size`.
    pub body_size: Pt,
    /// Smallest table text size; default 6 pt.
    pub min_body_size: Pt,
    /// Largest table text size, for a table that fits on one page with room to spare (it is
    /// set larger while it stays on one page); default 9 pt.
    pub max_body_size: Pt,
    /// Notes and page numbers (on documents of more than one page); default 7 pt.
    pub note_size: Pt,
    /// Line height as a multiple of the size; default 1.25.
    pub line_height: f32,
    /// Inner space of cells at their left and right; default 2.5 pt.
    pub cell_padding_x: Pt,
    /// Inner space of cells above and below their text; default 2.5 pt.
    pub cell_padding_y: Pt,
    /// Widest « narrowest width » a column may ask for; longer words (URLs) are broken.
    /// Default 80 pt.
    pub max_min_column: Pt,
    /// Colours of every part; default the DSFR light theme.
    pub theme: Theme,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            page_width: Pt(841.89),
            page_height: Pt(595.28),
            margin: Pt(28.0),
            title_size: Pt(15.0),
            meta_size: Pt(8.5),
            body_size: Pt(7.0),
            min_body_size: Pt(6.0),
            max_body_size: Pt(9.0),
            note_size: Pt(7.0),
            line_height: 1.25,
            cell_padding_x: Pt(2.5),
            cell_padding_y: Pt(2.5),
            max_min_column: Pt(80.0),
            theme: Theme::default(),
        }
    }
}

/// Lays the table out, every page at once. Cannot fail: characters the fonts lack were
/// refused by [`check_glyphs`] (they would show as .notdef here, never as a panic). Large
/// tables are better laid out page by page with [`Layout`].
pub fn layout(table: &Table, fonts: &Fonts, options: &LayoutOptions) -> Document {
    let mut layout = Layout::new(table, fonts, options);
    let pages = layout.by_ref().collect();
    Document { info: layout.info, pages }
}

/// How a text is set.
#[derive(Clone, Copy)]
struct Style {
    font: FontId,
    size: Pt,
    color: Color,
}

/// The font of a body cell: bold for the row header.
fn cell_font(table: &Table, col_idx: usize) -> FontId {
    if col_idx == table.row_header { FontId::Bold } else { FontId::Regular }
}

/// The document laid out page by page: [`Layout::new`] measures every cell (cut and shaped
/// once, see [`text::PieceTable`]), chooses the column widths and plans the pages (so the page
/// count is known); each [`Iterator::next`] then lays out one page, wrapping only the cells on
/// it. A 10,000-row table thus never holds every page in memory. [`layout`] collects every
/// page.
pub struct Layout<'a> {
    table: &'a Table,
    options: &'a LayoutOptions,
    shaper: Shaper<'a>,
    info: DocumentInfo,
    /// Every cell's displayed text, cut at its break opportunities and shaped (see
    /// [`text::PieceTable`]), and the columns' narrowest and widest widths.
    measured: measure::Measured<'a>,
    /// Room for a line of text in each column (from 0), in em of the table's text size.
    line_em: Vec<f32>,
    geometry: Vec<BandGeometry>,
    /// Wrapped header texts, by column.
    header_lines: Vec<Vec<Line>>,
    body_size: Pt,
    leading: Pt,
    /// Whether each page has its number (documents of more than one page).
    page_numbers: bool,
    ascent_em: f32,
    descent_em: f32,
    /// Blocks of each page still to lay out; `next_page` (from 0) is the next one.
    plan: VecDeque<Vec<Block>>,
    next_page: usize,
    /// Items, frames, text bytes and glyphs of the last page laid out (how much room to make
    /// on the next one).
    last_page_len: PageLengths,
    /// Lines of the cells of the row being laid out (reused from row to row), and which of
    /// them belong to each column.
    row_lines: Vec<StoredLine>,
    row_columns: Vec<std::ops::Range<usize>>,
}

impl<'a> Layout<'a> {
    /// Measures the table and plans its pages. Cannot fail (see [`layout`]).
    pub fn new(table: &'a Table, fonts: &'a Fonts, options: &'a LayoutOptions) -> Layout<'a> {
        let mut shaper = Shaper::new(fonts);
        // 1. Every cell's text, cut and shaped once; each column's narrowest and widest widths.
        let measured = measure::measure(&mut shaper, table);
        // 2. The text size that gives the fewest pages, and at that size the bands, the column
        //    widths, the lines of the headers, the line counts of the body cells (their lines
        //    are made when their page is laid out) and the plan: what goes on each page.
        let fit::Fit { body_size, bands, line_em, header_lines, geometry, leading, plan } =
            fit::fit(&mut shaper, table, &measured, options);
        let (asc_r, desc_r) = shaper.vertical_metrics(FontId::Regular);
        let (asc_b, desc_b) = shaper.vertical_metrics(FontId::Bold);
        let n_cols = table.columns.len();
        let info = DocumentInfo {
            width: options.page_width,
            height: options.page_height,
            page_count: plan.pages.len(),
            body_size,
            title: plan.title,
            lang: table.publication.lang.clone(),
            row_header: table.row_header,
            split_rows: plan.split_rows,
            bands,
            row_count: table.rows.len(),
            column_count: n_cols,
        };
        Layout {
            table,
            options,
            shaper,
            info,
            measured,
            line_em,
            geometry,
            header_lines,
            body_size,
            leading,
            page_numbers: plan.page_numbers,
            ascent_em: asc_r.max(asc_b),
            descent_em: desc_r.max(desc_b),
            plan: plan.pages.into(),
            next_page: 0,
            last_page_len: PageLengths::default(),
            row_lines: Vec::new(),
            row_columns: vec![0..0; n_cols],
        }
    }

    /// Everything known of the document but its pages.
    pub fn info(&self) -> &DocumentInfo {
        &self.info
    }
}

impl Iterator for Layout<'_> {
    type Item = Page;

    fn next(&mut self) -> Option<Page> {
        let blocks = self.plan.pop_front()?;
        let page = self.page(blocks);
        self.next_page += 1;
        Some(page)
    }
}
