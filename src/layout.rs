//! Layout: the validated [`Table`] → a [`Document`] of pages of positioned items.
//!
//! In: the model, the fonts and [`LayoutOptions`]. Out: the one truth about geometry, which
//! the PDF and PNG painters paint without measuring anything: [`DocumentInfo`] once, then the
//! pages one at a time from a [`Layout`] (so that a large table never has every page in
//! memory), or all together from [`layout`]. Every item says where it came
//! from ([`Origin`]), and every cell's box is kept ([`Page::frames`]).
//!
//! Coordinates are points (1/72 in) from the page's top-left corner, y pointing down.

pub mod fonts;
pub mod text;
pub mod theme;

use std::borrow::Cow;
use std::ops::{Add, AddAssign, Mul, Sub};

use crate::diag::{Code, Diagnostic, column_letter};
use crate::model::{Cell, Table, french_spacing};
use crate::model::{Kind, Value};
use fonts::{FontId, Fonts};
use text::{Glyph, Line, LineStore, PieceTable, Shaper, StoredLine};
use theme::{Color, Theme};

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
    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }
}

/// A rectangle; `y` is its top edge.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: Pt,
    pub y: Pt,
    pub width: Pt,
    pub height: Pt,
}

impl Rect {
    pub fn right(&self) -> Pt {
        self.x + self.width
    }

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
    /// The heading above the notes.
    NotesHeading,
    /// Note `n` (from 0) of the publication.
    Note(usize),
    /// « Page N / M » (a decoration).
    PageNumber,
    /// The title of column `col_idx` (from 0); `repeated` on pages after the first.
    ColumnHeader { col_idx: usize, repeated: bool },
    /// Cell (`row_idx`, `col_idx`), from 0, of the table's body.
    Cell { row_idx: usize, col_idx: usize },
    /// The row-header cell of row `row_idx`, repeated at the left of a later band of columns.
    RowHeaderRepeat { row_idx: usize },
    /// Backgrounds and rules (decorations).
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
                | Origin::RowHeaderRepeat { .. }
        )
    }
}

/// One line of text at a position, already shaped.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    pub origin: Origin,
    /// Left end of the baseline.
    pub x: Pt,
    pub baseline: Pt,
    pub font: FontId,
    pub size: Pt,
    pub color: Color,
    /// Where the text the glyphs draw (what copy-paste gives) is in the page's
    /// [`Page::lines`]; see [`Page::text`].
    pub text: std::ops::Range<usize>,
    /// Where the glyphs are in the page's [`Page::lines`] (see [`Page::glyphs`]): advances and
    /// offsets in em, clusters as byte offsets into the run's text.
    pub glyphs: std::ops::Range<usize>,
    /// Advance of the whole run.
    pub width: Pt,
    /// Height above and below the baseline that the run may paint.
    pub ascent: Pt,
    pub descent: Pt,
}

/// A drawn thing. New kind = new variant: every painter must handle it.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Text(TextRun),
    /// A filled rectangle (backgrounds).
    Fill {
        rect: Rect,
        color: Color,
    },
    /// A straight line.
    Rule {
        x1: Pt,
        y1: Pt,
        x2: Pt,
        y2: Pt,
        width: Pt,
        color: Color,
    },
    /// A clickable area leading to `url`, described for assistive technology.
    Link {
        origin: Origin,
        rect: Rect,
        url: String,
        description: String,
    },
}

/// The box of a cell on a page, as laid out (for tests and painters that need it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub origin: Origin,
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
    pub width: Pt,
    pub height: Pt,
    /// Number of pages.
    pub page_count: usize,
    /// Document title (metadata) and language (BCP 47).
    pub title: String,
    pub lang: String,
    /// Column (from 0) whose cells head their row.
    pub row_header: usize,
    /// Rows (from 0) that were too tall for a page and continue on the next one.
    pub split_rows: Vec<usize>,
    /// Columns (from 0) of each band: all columns when the table fits across the page, else
    /// groups laid out one after the other, each starting with the row-header column.
    pub bands: Vec<Vec<usize>>,
    /// Rows and columns of the table.
    pub row_count: usize,
    pub column_count: usize,
}

/// The laid-out document: its description and every page.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub info: DocumentInfo,
    pub pages: Vec<Page>,
}

/// Settings of [`layout`].
#[derive(Clone, Debug)]
pub struct LayoutOptions {
    /// Page size; default A4 landscape (841.89 × 595.28 pt).
    pub page_width: Pt,
    pub page_height: Pt,
    /// Margin on every side; default 28 pt (about 1 cm).
    pub margin: Pt,
    /// Title size; default 15 pt.
    pub title_size: Pt,
    /// Caption, date and source size; default 8.5 pt.
    pub meta_size: Pt,
    /// Table text size (headers and cells); default 7 pt. When the columns' narrowest widths
    /// do not fit across the page at this size, the size goes down to `min_body_size`.
    pub body_size: Pt,
    /// Smallest table text size; default 6 pt.
    pub min_body_size: Pt,
    /// Notes and page numbers; default 7 pt.
    pub note_size: Pt,
    /// Line height as a multiple of the size; default 1.25.
    pub line_height: f32,
    /// Inner space of cells: default 2.5 pt horizontally and vertically.
    pub cell_padding_x: Pt,
    pub cell_padding_y: Pt,
    /// Widest « narrowest width » a column may ask for; longer words (URLs) are broken.
    /// Default 80 pt.
    pub max_min_column: Pt,
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
            note_size: Pt(7.0),
            line_height: 1.25,
            cell_padding_x: Pt(2.5),
            cell_padding_y: Pt(2.5),
            max_min_column: Pt(80.0),
            theme: Theme::default(),
        }
    }
}

/// Finds characters the fonts cannot draw, as diagnostics naming the cell (the build stops
/// on them before writing anything). `file` is shown in the messages.
pub fn check_glyphs(table: &Table, fonts: &Fonts) -> Vec<Diagnostic> {
    let mut shaper = Shaper::new(fonts);
    let mut found = Vec::new();
    let font_name = |id: FontId| fonts.get(id).name.clone();
    for column in &table.columns {
        if let Some(ch) = shaper.missing_char(FontId::Bold, &column.title) {
            found.push(
                Diagnostic::error(Code::CaractereIntracable)
                    .message(format!(
                        "le titre de colonne « {} » contient « {ch} » (U+{:04X}), que la police {} ne sait pas dessiner",
                        column.title,
                        u32::from(ch),
                        font_name(FontId::Bold)
                    ))
                    .hint("changez le titre dans datapackage.json, ou choisissez une police qui a ce caractère (--fonts)"),
            );
        }
    }
    for (row_idx, row) in table.rows.iter().enumerate() {
        for col_idx in 0..table.columns.len() {
            let text = table.display(row_idx, col_idx);
            let font = cell_font(table, col_idx);
            if let Some(ch) = shaper.missing_char(font, &text) {
                let column = &table.columns[col_idx];
                let number = u32::try_from(col_idx + 1).unwrap_or(u32::MAX);
                found.push(
                    Diagnostic::error(Code::CaractereIntracable)
                        .line(row.line)
                        .column(number)
                        .field(&column.name, &column.title)
                        .value(&text)
                        .message(format!(
                            "« {ch} » (U+{:04X}) dans « {} » ({}) ne peut pas être dessiné avec la police {}",
                            u32::from(ch),
                            column.title,
                            column_letter(number),
                            font_name(font)
                        ))
                        .hint("remplacez ce caractère, ou choisissez une police qui l'a (--fonts)"),
                );
            }
        }
    }
    let publication = &table.publication;
    let meta = [&publication.title, &publication.caption, &publication.source]
        .into_iter()
        .chain(publication.notes.iter());
    for text in meta {
        if let Some(ch) = shaper
            .missing_char(FontId::Regular, text)
            .or_else(|| shaper.missing_char(FontId::Bold, text))
        {
            found.push(
                Diagnostic::error(Code::CaractereIntracable)
                    .value(text)
                    .message(format!(
                        "« {ch} » (U+{:04X}), dans la publication de datapackage.json, ne peut pas être dessiné avec la police choisie",
                        u32::from(ch)
                    ))
                    .hint("remplacez ce caractère dans datapackage.json, ou choisissez une police qui l'a (--fonts)"),
            );
        }
    }
    found
}

/// The font of a body cell: bold for the row header.
fn cell_font(table: &Table, col_idx: usize) -> FontId {
    if col_idx == table.row_header { FontId::Bold } else { FontId::Regular }
}

/// The colour of a body cell's text.
fn cell_color(table: &Table, theme: &Theme, row_idx: usize, col_idx: usize) -> Color {
    match (&table.columns[col_idx].kind, &table.rows[row_idx].cells[col_idx]) {
        (_, Cell::Missing(_)) => theme.mention,
        (Kind::Boolean { .. }, Cell::Value(Value::Boolean(true))) => theme.yes,
        (Kind::Boolean { .. }, Cell::Value(Value::Boolean(false))) => theme.no,
        (Kind::String { uri: true }, Cell::Value(_)) => theme.link,
        _ => theme.text,
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

/// One thing placed on a page, decided when the document is planned ([`Layout::new`]) and
/// turned into items when its page is laid out.
enum Block {
    /// A line of a paragraph (title, caption, date, source, notes) whose line box starts at
    /// `top`, at the left margin.
    Line { origin: Origin, style: Style, line: Line, top: Pt },
    /// The header row of `band`; `repeated` on pages after the band's first.
    Header { band: usize, repeated: bool, top: Pt },
    /// Lines `lines` (from 0) of body row `row_idx` (from 0), columns of `band`.
    Row { band: usize, row_idx: usize, lines: std::ops::Range<usize>, top: Pt },
    /// Where the notes start (for the outline).
    NotesStart { top: Pt },
}

/// Columns of a band as placed across the page.
struct BandGeometry {
    /// Columns (from 0) of this band, left to right; `xs` and `widths` follow them.
    columns: Vec<usize>,
    xs: Vec<Pt>,
    widths: Vec<Pt>,
    /// Sum of `widths`.
    total_width: Pt,
    /// Whether the row-header column is a repeat (bands after the first).
    repeated_row_header: bool,
    header_height: Pt,
}

/// The document laid out page by page: [`Layout::new`] measures every cell (cut and shaped
/// once, see [`text::Pieces`]), chooses the column widths and plans the pages (so the page
/// count is known); each [`Iterator::next`] then lays out one page, wrapping only the cells on
/// it. A 10,000-row table thus never holds every page in memory. [`layout`] collects every
/// page.
pub struct Layout<'a> {
    table: &'a Table,
    o: &'a LayoutOptions,
    shaper: Shaper<'a>,
    info: DocumentInfo,
    /// Displayed text of every body cell, by row then column.
    cells: Vec<Vec<Cow<'a, str>>>,
    /// The same cells cut at their break opportunities and shaped (see [`text::Pieces`]),
    /// row by row: cell (`r`, `c`) is number `r * columns + c`.
    pieces: PieceTable,
    /// Room for a line of text in each column (from 0), in em of the table's text size.
    line_em: Vec<f32>,
    geometry: Vec<BandGeometry>,
    /// Wrapped header texts, by column.
    header_lines: Vec<Vec<Line>>,
    body_size: Pt,
    leading: Pt,
    ascent_em: f32,
    descent_em: f32,
    /// Blocks of each page still to lay out; `next_page` (from 0) is the next one.
    plan: std::collections::VecDeque<Vec<Block>>,
    next_page: usize,
    /// Items, frames, text bytes and glyphs of the last page laid out (how much room to make
    /// on the next one).
    last_page_len: [usize; 4],
    /// Lines of the cells of the row being laid out (reused from row to row), and which of
    /// them belong to each column.
    row_lines: Vec<StoredLine>,
    row_columns: Vec<std::ops::Range<usize>>,
}

impl<'a> Layout<'a> {
    /// Measures the table and plans its pages. Cannot fail (see [`layout`]).
    pub fn new(table: &'a Table, fonts: &'a Fonts, options: &'a LayoutOptions) -> Layout<'a> {
        let mut shaper = Shaper::new(fonts);
        let o = options;
        let content_width = o.page_width - o.margin * 2.0;
        let n_cols = table.columns.len();

        // 1. Texts of every cell.
        let headers: Vec<&str> = table.columns.iter().map(|c| c.title.as_str()).collect();
        let cells: Vec<Vec<Cow<'a, str>>> = (0..table.rows.len())
            .map(|row_idx| (0..n_cols).map(|col_idx| table.display(row_idx, col_idx)).collect())
            .collect();

        // 2. Column widths from min- and max-content widths (as HTML's automatic table
        //    layout), at the largest text size, down to `min_body_size`, where the narrowest
        //    widths fit.
        let pad = o.cell_padding_x * 2.0;
        let mut min_em = vec![0.0_f32; n_cols];
        let mut max_em = vec![0.0_f32; n_cols];
        for (col_idx, header) in headers.iter().enumerate() {
            (min_em[col_idx], max_em[col_idx]) = shaper.min_max(FontId::Bold, header);
        }
        // Each cell is cut and shaped once, here; balancing, line counts and its page reuse it.
        let mut pieces = PieceTable::default();
        for row in &cells {
            for (col_idx, text) in row.iter().enumerate() {
                let cut = shaper.push_pieces(cell_font(table, col_idx), text, &mut pieces);
                let (min, max) = text::min_max(cut);
                min_em[col_idx] = min_em[col_idx].max(min);
                max_em[col_idx] = max_em[col_idx].max(max);
            }
        }
        let widths_at = |size: Pt| -> (Vec<Pt>, Vec<Pt>) {
            let min: Vec<Pt> =
                min_em.iter().map(|m| Pt((size.0 * m).min(o.max_min_column.0)) + pad).collect();
            let max: Vec<Pt> =
                max_em.iter().zip(&min).map(|(m, lo)| (size * *m + pad).max(*lo)).collect();
            (min, max)
        };
        let mut body_size = o.body_size;
        while body_size.0 - 0.25 >= o.min_body_size.0 - 1e-4 {
            let (min, _) = widths_at(body_size);
            if min.iter().map(|p| p.0).sum::<f32>() <= content_width.0 {
                break;
            }
            body_size = Pt(body_size.0 - 0.25);
        }
        let (min_w, max_w) = widths_at(body_size);
        let bands = bands(&min_w, table.row_header, content_width);
        let widths = if bands.len() == 1 {
            let widths = distribute(&min_w, &max_w, content_width);
            let texts = Texts { headers: &headers, cells: &cells, pieces: &pieces };
            balance(&mut shaper, table, &texts, body_size, pad, &max_w, widths)
        } else {
            // Too many columns for one page width: each band shares the page width; the row
            // header keeps the width it gets in the first band.
            let mut widths = vec![Pt(0.0); n_cols];
            for (band_idx, band) in bands.iter().enumerate() {
                let (others, available) = if band_idx == 0 {
                    (band.clone(), content_width)
                } else {
                    let rest: Vec<usize> =
                        band.iter().copied().filter(|&c| c != table.row_header).collect();
                    (rest, content_width - widths[table.row_header])
                };
                let lo: Vec<Pt> = others.iter().map(|&c| min_w[c]).collect();
                let hi: Vec<Pt> = others.iter().map(|&c| max_w[c]).collect();
                for (c, w) in others.iter().zip(distribute(&lo, &hi, available)) {
                    widths[*c] = w;
                }
            }
            widths
        };

        // 3. Lines of the headers; line counts of the body cells (their lines are made when
        //    their page is laid out).
        let line_em: Vec<f32> = widths.iter().map(|&w| line_width_em(w, pad, body_size)).collect();
        let header_lines: Vec<Vec<Line>> = headers
            .iter()
            .enumerate()
            .map(|(c, h)| shaper.wrap(FontId::Bold, h, line_em[c]))
            .collect();
        let line_counts: Vec<Vec<usize>> = cells
            .iter()
            .enumerate()
            .map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .map(|(c, t)| {
                        let p = pieces.get(r * n_cols + c);
                        shaper.count_lines(cell_font(table, c), t, p, line_em[c])
                    })
                    .collect()
            })
            .collect();

        let leading = body_size * o.line_height;
        let (asc_r, desc_r) = shaper.vertical_metrics(FontId::Regular);
        let (asc_b, desc_b) = shaper.vertical_metrics(FontId::Bold);
        // Lines of the row `counts` in the columns `band`.
        let lines_of = |band: &[usize], counts: &[usize]| -> usize {
            band.iter().map(|&c| counts[c]).max().unwrap_or(1).max(1)
        };
        let height_of = |lines: usize| leading * lines as f32 + o.cell_padding_y * 2.0;
        let header_counts: Vec<usize> = header_lines.iter().map(Vec::len).collect();
        let geometry: Vec<BandGeometry> = bands
            .iter()
            .enumerate()
            .map(|(band_idx, band)| {
                let mut xs = Vec::with_capacity(band.len());
                let mut x = o.margin;
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
                    header_height: height_of(lines_of(band, &header_counts)),
                }
            })
            .collect();

        // 4. The plan: what goes on each page, and where.
        let mut plan = Planner { pages: vec![Vec::new()], y: o.margin, rows_on_page: false };
        let paragraph = |plan: &mut Planner, origin: Origin, style: Style, lines: Vec<Line>| {
            for line in lines {
                plan.push(Block::Line { origin, style, line, top: plan.y });
                plan.y += style.size * o.line_height;
            }
        };
        // Title block, first page only.
        let title_style = Style { font: FontId::Bold, size: o.title_size, color: o.theme.title };
        let title = french_spacing(&table.publication.title).into_owned();
        let title_lines =
            shaper.wrap(FontId::Bold, &title, (content_width.0 / o.title_size.0).max(0.0));
        paragraph(&mut plan, Origin::Title, title_style, title_lines);
        plan.y += Pt(4.0);
        let meta_width = (content_width.0 / o.meta_size.0).max(0.0);
        let meta = |font: FontId| Style { font, size: o.meta_size, color: o.theme.text };
        let caption =
            shaper.wrap(FontId::Bold, &french_spacing(&table.publication.caption), meta_width);
        paragraph(&mut plan, Origin::Caption, meta(FontId::Bold), caption);
        let updated = format!("Mis à jour le {}", table.publication.updated.french());
        let updated = shaper.wrap(FontId::Regular, &updated, meta_width);
        paragraph(&mut plan, Origin::Updated, meta(FontId::Regular), updated);
        let source =
            shaper.wrap(FontId::Regular, &french_spacing(&table.publication.source), meta_width);
        paragraph(&mut plan, Origin::Source, meta(FontId::Regular), source);
        plan.y += Pt(6.0);

        // The table, band after band.
        let footer_height = o.note_size * o.line_height + Pt(6.0);
        let body_bottom = o.page_height - o.margin - footer_height;
        let mut split_rows = Vec::new();
        for (band_idx, g) in geometry.iter().enumerate() {
            if band_idx > 0 {
                plan.new_page(o);
            }
            plan.header(band_idx, false, g.header_height);
            for (row_idx, counts) in line_counts.iter().enumerate() {
                let total = lines_of(&g.columns, counts);
                if plan.y + height_of(total) > body_bottom && plan.rows_on_page {
                    plan.new_page(o);
                    plan.header(band_idx, true, g.header_height);
                }
                // A row taller than a whole page is cut between lines and continues on the
                // next page.
                let mut first_line = 0;
                loop {
                    let room = ((body_bottom - plan.y - o.cell_padding_y * 2.0).0 / leading.0)
                        .floor()
                        .max(1.0) as usize;
                    let take = (total - first_line).min(room);
                    let lines = first_line..first_line + take;
                    plan.push(Block::Row { band: band_idx, row_idx, lines, top: plan.y });
                    plan.rows_on_page = true;
                    plan.y += height_of(take);
                    first_line += take;
                    if first_line >= total {
                        break;
                    }
                    if !split_rows.contains(&row_idx) {
                        split_rows.push(row_idx);
                    }
                    plan.new_page(o);
                    plan.header(band_idx, true, g.header_height);
                }
            }
        }

        // Notes after the table.
        let notes = &table.publication.notes;
        if !notes.is_empty() {
            plan.y += Pt(10.0);
            let note_width = (content_width.0 / o.note_size.0).max(0.0);
            let style = |font: FontId| Style { font, size: o.note_size, color: o.theme.text };
            let heading = shaper.wrap(FontId::Bold, "Notes", note_width);
            let note_lines: Vec<Vec<Line>> = notes
                .iter()
                .map(|note| shaper.wrap(FontId::Regular, &french_spacing(note), note_width))
                .collect();
            let needed = o.note_size * o.line_height * (1 + note_lines[0].len()) as f32;
            if plan.y + needed > body_bottom {
                plan.new_page(o);
            }
            plan.push(Block::NotesStart { top: plan.y });
            paragraph(&mut plan, Origin::NotesHeading, style(FontId::Bold), heading);
            for (idx, lines) in note_lines.into_iter().enumerate() {
                for line in lines {
                    if plan.y + o.note_size * o.line_height > body_bottom {
                        plan.new_page(o);
                    }
                    paragraph(&mut plan, Origin::Note(idx), style(FontId::Regular), vec![line]);
                }
            }
        }

        let info = DocumentInfo {
            width: o.page_width,
            height: o.page_height,
            page_count: plan.pages.len(),
            title,
            lang: table.publication.lang.clone(),
            row_header: table.row_header,
            split_rows,
            bands,
            row_count: table.rows.len(),
            column_count: n_cols,
        };
        Layout {
            table,
            o,
            shaper,
            info,
            cells,
            pieces,
            line_em,
            geometry,
            header_lines,
            body_size,
            leading,
            ascent_em: asc_r.max(asc_b),
            descent_em: desc_r.max(desc_b),
            plan: plan.pages.into(),
            next_page: 0,
            last_page_len: [0; 4],
            row_lines: Vec::new(),
            row_columns: vec![0..0; n_cols],
        }
    }

    /// Everything known of the document but its pages.
    pub fn info(&self) -> &DocumentInfo {
        &self.info
    }

    /// Lays out the next page of the plan.
    fn page(&mut self, blocks: Vec<Block>) -> Page {
        let o = self.o;
        let mut builder = Builder {
            o,
            // Pages of a table look alike: room for as many items as the last one had, so
            // that the lists do not grow (and get copied) item by item.
            page: Page {
                items: Vec::with_capacity(self.last_page_len[0]),
                frames: Vec::with_capacity(self.last_page_len[1]),
                lines: LineStore {
                    text: String::with_capacity(self.last_page_len[2]),
                    glyphs: Vec::with_capacity(self.last_page_len[3]),
                },
                ..Page::default()
            },
            ascent_em: self.ascent_em,
            descent_em: self.descent_em,
            size: self.body_size,
            leading: self.leading,
        };
        for block in blocks {
            match block {
                Block::Line { origin, style, line, top } => builder.line(origin, style, &line, top),
                Block::Header { band, repeated, top } => {
                    builder.header_row(
                        &self.geometry[band],
                        &self.header_lines,
                        repeated,
                        top,
                        self.table.row_header,
                    );
                }
                Block::Row { band, row_idx, lines, top } => {
                    // The cells' lines go straight to the page's store; `row_lines` says
                    // where, column by column.
                    self.row_lines.clear();
                    for &c in &self.geometry[band].columns {
                        let font = cell_font(self.table, c);
                        let text = &self.cells[row_idx][c];
                        let pieces = self.pieces.get(row_idx * self.line_em.len() + c);
                        let first = self.row_lines.len();
                        self.shaper.wrap_pieces_into(
                            font,
                            text,
                            pieces,
                            self.line_em[c],
                            &mut builder.page.lines,
                            &mut self.row_lines,
                        );
                        self.row_columns[c] = first..self.row_lines.len();
                    }
                    let background = (row_idx % 2 == 1).then_some(o.theme.alt_row);
                    let cells = RowLines { lines: &self.row_lines, columns: &self.row_columns };
                    builder.body_row(
                        &self.geometry[band],
                        row_idx,
                        cells,
                        lines,
                        top,
                        background,
                        &self.cells[row_idx],
                        self.table,
                    );
                }
                Block::NotesStart { top } => builder.page.notes_top = Some(top),
            }
        }
        // The page number comes last.
        let label = format!("Page {} / {}", self.next_page + 1, self.info.page_count);
        let line = self.shaper.wrap(FontId::Regular, &label, f32::MAX).remove(0);
        let width = o.note_size * line.width;
        let style = Style { font: FontId::Regular, size: o.note_size, color: o.theme.mention };
        let line = builder.page.lines.push(&line);
        let run = builder.run(
            Origin::PageNumber,
            o.page_width - o.margin - width,
            o.page_height - o.margin,
            style,
            line,
        );
        builder.page.items.push(Item::Text(run));
        let mut page = builder.page;
        self.last_page_len =
            [page.items.len(), page.frames.len(), page.lines.text.len(), page.lines.glyphs.len()];
        // A page much smaller than the one before it (after a very tall row) gives the room
        // back: a whole `Document` must not keep every page at the size of the largest.
        let oversized = |len: usize, capacity: usize| capacity > 2 * len + 64;
        if oversized(page.items.len(), page.items.capacity()) {
            page.items.shrink_to_fit();
        }
        if oversized(page.frames.len(), page.frames.capacity()) {
            page.frames.shrink_to_fit();
        }
        if oversized(page.lines.text.len(), page.lines.text.capacity()) {
            page.lines.text.shrink_to_fit();
        }
        if oversized(page.lines.glyphs.len(), page.lines.glyphs.capacity()) {
            page.lines.glyphs.shrink_to_fit();
        }
        page
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

/// The pages being planned, and the free space on the last one.
struct Planner {
    pages: Vec<Vec<Block>>,
    /// Top of the free space on the current page.
    y: Pt,
    /// Whether a body row was placed on the current page.
    rows_on_page: bool,
}

impl Planner {
    fn push(&mut self, block: Block) {
        self.pages.last_mut().expect("the plan always has a page").push(block);
    }

    fn new_page(&mut self, o: &LayoutOptions) {
        self.pages.push(Vec::new());
        self.y = o.margin;
        self.rows_on_page = false;
    }

    fn header(&mut self, band: usize, repeated: bool, height: Pt) {
        self.push(Block::Header { band, repeated, top: self.y });
        self.y += height;
    }
}

/// Room for a line of text, in em of `size`, in a column `width` wide with padding `pad`
/// (both sides together).
fn line_width_em(width: Pt, pad: Pt, size: Pt) -> f32 {
    ((width - pad).0 / size.0).max(0.0)
}

/// Groups of columns that fit across the page at their narrowest widths: one group when the
/// table fits, else consecutive groups each led by the row-header column.
fn bands(min_w: &[Pt], row_header: usize, available: Pt) -> Vec<Vec<usize>> {
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
fn distribute(min: &[Pt], max: &[Pt], available: Pt) -> Vec<Pt> {
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

/// The texts [`balance`] wraps: headers, and body cells with their pieces (by row, then column).
struct Texts<'t, 'a> {
    headers: &'t [&'a str],
    cells: &'t [Vec<Cow<'a, str>>],
    pieces: &'t PieceTable,
}

/// Redistributes width to lower the table's height. The proportional split leaves slack in
/// columns whose lines are shorter than the column, while long texts wrap into many lines:
/// each column is first narrowed to its longest line (wrapping is unchanged), then the freed
/// width goes, piece by piece, to the column where it saves the most lines per point. Never
/// above a column's widest (`max_w`). Looks at the header and the first
/// [`BALANCE_SAMPLE_ROWS`] rows.
fn balance(
    shaper: &mut Shaper<'_>,
    table: &Table,
    texts: &Texts<'_, '_>,
    size: Pt,
    pad: Pt,
    max_w: &[Pt],
    mut widths: Vec<Pt>,
) -> Vec<Pt> {
    let Texts { headers, cells, pieces } = *texts;
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

/// How a text is set.
#[derive(Clone, Copy)]
struct Style {
    font: FontId,
    size: Pt,
    color: Color,
}

/// The lines of the cells of a row, in one list: column `c`'s are `lines[columns[c]]`.
struct RowLines<'r> {
    lines: &'r [StoredLine],
    columns: &'r [std::ops::Range<usize>],
}

/// Turns the blocks of one page into items.
struct Builder<'o> {
    o: &'o LayoutOptions,
    page: Page,
    ascent_em: f32,
    descent_em: f32,
    /// Text size and line height of the table.
    size: Pt,
    leading: Pt,
}

impl Builder<'_> {
    fn run(&self, origin: Origin, x: Pt, baseline: Pt, style: Style, line: StoredLine) -> TextRun {
        let Style { font, size, color } = style;
        TextRun {
            origin,
            x,
            baseline,
            font,
            size,
            color,
            width: size * line.width,
            text: line.text,
            glyphs: line.glyphs,
            ascent: size * self.ascent_em,
            descent: size * self.descent_em,
        }
    }

    /// A line of a paragraph whose line box starts at `top`, at the left margin.
    fn line(&mut self, origin: Origin, style: Style, line: &Line, top: Pt) {
        let line = self.page.lines.push(line);
        let size = style.size;
        let leading = size * self.o.line_height;
        let half = (leading - size * (self.ascent_em + self.descent_em)) * 0.5;
        let baseline = top + half + size * self.ascent_em;
        let run = self.run(origin, self.o.margin, baseline, style, line);
        self.page.items.push(Item::Text(run));
    }

    fn header_row(
        &mut self,
        g: &BandGeometry,
        lines: &[Vec<Line>],
        repeated: bool,
        top: Pt,
        row_header: usize,
    ) {
        let o = self.o;
        self.page.table_top = top;
        self.page.items.push(Item::Fill {
            rect: Rect { x: g.xs[0], y: top, width: g.total_width, height: g.header_height },
            color: o.theme.header,
        });
        for (pos, &col_idx) in g.columns.iter().enumerate() {
            let repeated = repeated || (g.repeated_row_header && col_idx == row_header);
            let origin = Origin::ColumnHeader { col_idx, repeated };
            let rect = Rect { x: g.xs[pos], y: top, width: g.widths[pos], height: g.header_height };
            let style = Style { font: FontId::Bold, size: self.size, color: o.theme.title };
            let stored: Vec<StoredLine> =
                lines[col_idx].iter().map(|line| self.page.lines.push(line)).collect();
            self.cell_text(rect, origin, &stored, style);
        }
        self.rule_across(g, top + g.header_height, Pt(0.75), o.theme.header_rule);
    }

    /// A horizontal rule across the band's columns at `y`.
    fn rule_across(&mut self, g: &BandGeometry, y: Pt, width: Pt, color: Color) {
        let (x1, x2) = (g.xs[0], g.xs[0] + g.total_width);
        self.page.items.push(Item::Rule { x1, y1: y, x2, y2: y, width, color });
    }

    /// Lines `range` of body row `row_idx`, whose wrapped cells are `lines` (by column; only
    /// the band's columns are used).
    #[allow(clippy::too_many_arguments)] // one call site; a struct would only rename these
    fn body_row(
        &mut self,
        g: &BandGeometry,
        row_idx: usize,
        lines: RowLines<'_>,
        range: std::ops::Range<usize>,
        top: Pt,
        background: Option<Color>,
        texts: &[Cow<'_, str>],
        table: &Table,
    ) {
        let o = self.o;
        let height = self.leading * range.len() as f32 + o.cell_padding_y * 2.0;
        if let Some(color) = background {
            self.page.items.push(Item::Fill {
                rect: Rect { x: g.xs[0], y: top, width: g.total_width, height },
                color,
            });
        }
        self.page.rows.push(row_idx);
        for (pos, &col_idx) in g.columns.iter().enumerate() {
            let cell_lines = &lines.lines[lines.columns[col_idx].clone()];
            let origin = if g.repeated_row_header && col_idx == table.row_header {
                Origin::RowHeaderRepeat { row_idx }
            } else {
                Origin::Cell { row_idx, col_idx }
            };
            let rect = Rect { x: g.xs[pos], y: top, width: g.widths[pos], height };
            let start = range.start.min(cell_lines.len());
            let end = range.end.min(cell_lines.len());
            let color = cell_color(table, &o.theme, row_idx, col_idx);
            let style = Style { font: cell_font(table, col_idx), size: self.size, color };
            let drawn = &cell_lines[start..end];
            let shown_width = drawn.iter().map(|l| self.size * l.width).fold(Pt(0.0), Pt::max);
            self.cell_text(rect, origin, drawn, style);
            if let Kind::String { uri: true } = table.columns[col_idx].kind
                && start < end
            {
                let name = &texts[table.row_header];
                let url = &texts[col_idx];
                self.page.items.push(Item::Link {
                    origin,
                    rect: Rect {
                        x: rect.x + o.cell_padding_x,
                        y: top + o.cell_padding_y,
                        width: shown_width,
                        height: self.leading * (end - start) as f32,
                    },
                    url: url.to_string(),
                    description: format!(
                        "{} de la solution {name} ({url})",
                        table.columns[col_idx].title
                    ),
                });
            }
        }
        self.rule_across(g, top + height, Pt(0.5), o.theme.border);
    }

    /// The lines of a cell in its box `rect`, and the box as the cell's frame.
    fn cell_text(&mut self, rect: Rect, origin: Origin, lines: &[StoredLine], style: Style) {
        let o = self.o;
        let size = style.size;
        let half = (self.leading - size * (self.ascent_em + self.descent_em)) * 0.5;
        let mut baseline = rect.y + o.cell_padding_y + half + size * self.ascent_em;
        for line in lines {
            let run = self.run(origin, rect.x + o.cell_padding_x, baseline, style, line.clone());
            self.page.items.push(Item::Text(run));
            baseline += self.leading;
        }
        self.page.frames.push(Frame { origin, rect });
    }
}

/// A readable dump of the document, one item per line, for golden tests.
pub fn dump(doc: &Document) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "document {:.1}×{:.1} pt, {} page(s), titre « {} », langue {}",
        doc.info.width.0,
        doc.info.height.0,
        doc.pages.len(),
        doc.info.title,
        doc.info.lang
    );
    for (idx, page) in doc.pages.iter().enumerate() {
        let _ = writeln!(out, "page {} : lignes {:?}", idx + 1, page.rows);
        for item in &page.items {
            match item {
                Item::Text(run) => {
                    let _ = writeln!(
                        out,
                        "  texte {:?} x={:.1} y={:.1} l={:.1} {:?} {:.1}pt #{:02x}{:02x}{:02x} « {} »",
                        run.origin,
                        run.x.0,
                        run.baseline.0,
                        run.width.0,
                        run.font,
                        run.size.0,
                        run.color.r,
                        run.color.g,
                        run.color.b,
                        page.text(run)
                    );
                }
                Item::Fill { rect, color } => {
                    let _ = writeln!(
                        out,
                        "  fond x={:.1} y={:.1} l={:.1} h={:.1} #{:02x}{:02x}{:02x}",
                        rect.x.0, rect.y.0, rect.width.0, rect.height.0, color.r, color.g, color.b
                    );
                }
                Item::Rule { x1, y1, x2, y2, width, .. } => {
                    let _ = writeln!(
                        out,
                        "  trait ({:.1},{:.1})–({:.1},{:.1}) {:.2}pt",
                        x1.0, y1.0, x2.0, y2.0, width.0
                    );
                }
                Item::Link { origin, rect, url, description } => {
                    let _ = writeln!(
                        out,
                        "  lien {origin:?} x={:.1} y={:.1} l={:.1} h={:.1} {url} « {description} »",
                        rect.x.0, rect.y.0, rect.width.0, rect.height.0
                    );
                }
            }
        }
    }
    out
}
