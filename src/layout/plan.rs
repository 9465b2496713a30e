//! The page plan: line counts and band geometry in → the blocks of every page, in order.

use super::fonts::FontId;
use super::measure::{row_height, row_line_count};
use super::text::{Line, Shaper};
use super::widths::BandGeometry;
use super::{LayoutOptions, Origin, Pt, Style};
use crate::model::{Table, french_spacing};

/// One thing placed on a page, decided when the document is planned ([`plan`]) and turned
/// into items when its page is laid out.
pub(super) enum Block {
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

/// What [`plan`] decided.
pub(super) struct Plan {
    /// The blocks of each page, page after page.
    pub(super) pages: Vec<Vec<Block>>,
    /// Rows (from 0) that were too tall for a page and continue on the next one.
    pub(super) split_rows: Vec<usize>,
    /// The document title, with French spacing.
    pub(super) title: String,
}

/// Plans every page: the title block on the first, then each band of `geometry` (its header
/// row, repeated on each new page, and the body rows, whose cells take `line_counts` lines
/// `leading` apart), then the notes.
pub(super) fn plan(
    shaper: &mut Shaper<'_>,
    table: &Table,
    options: &LayoutOptions,
    geometry: &[BandGeometry],
    line_counts: &[Vec<usize>],
    leading: Pt,
) -> Plan {
    let content_width = options.page_width - options.margin * 2.0;
    let footer_height = options.note_size * options.line_height + Pt(6.0);
    let mut planner = Planner {
        options,
        body_bottom: options.page_height - options.margin - footer_height,
        leading,
        pages: vec![Vec::new()],
        y: options.margin,
        rows_on_page: false,
        split_rows: Vec::new(),
    };
    let title = planner.title_block(shaper, table, content_width);
    for (band_idx, g) in geometry.iter().enumerate() {
        planner.band(band_idx, g, line_counts);
    }
    planner.notes(shaper, &table.publication.notes, content_width);
    Plan { pages: planner.pages, split_rows: planner.split_rows, title }
}

/// The pages being planned, and the free space on the last one.
struct Planner<'o> {
    options: &'o LayoutOptions,
    /// Where the room for the table and the notes ends on every page (the page number is
    /// below).
    body_bottom: Pt,
    /// Line height of the table's text.
    leading: Pt,
    pages: Vec<Vec<Block>>,
    /// Top of the free space on the current page.
    y: Pt,
    /// Whether a body row was placed on the current page.
    rows_on_page: bool,
    /// Rows (from 0) cut between two pages, in order.
    split_rows: Vec<usize>,
}

impl Planner<'_> {
    fn push(&mut self, block: Block) {
        self.pages.last_mut().expect("the plan always has a page").push(block);
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.options.margin;
        self.rows_on_page = false;
    }

    fn header(&mut self, band: usize, repeated: bool, height: Pt) {
        self.push(Block::Header { band, repeated, top: self.y });
        self.y += height;
    }

    /// The lines of a paragraph, one under the other.
    fn paragraph(&mut self, origin: Origin, style: Style, lines: Vec<Line>) {
        for line in lines {
            self.push(Block::Line { origin, style, line, top: self.y });
            self.y += style.size * self.options.line_height;
        }
    }

    /// Title, caption, date and source, on the first page; returns the title.
    fn title_block(&mut self, shaper: &mut Shaper<'_>, table: &Table, content_width: Pt) -> String {
        let options = self.options;
        let publication = &table.publication;
        let title_style =
            Style { font: FontId::Bold, size: options.title_size, color: options.theme.title };
        let title = french_spacing(&publication.title).into_owned();
        let title_lines =
            shaper.wrap(FontId::Bold, &title, (content_width.0 / options.title_size.0).max(0.0));
        self.paragraph(Origin::Title, title_style, title_lines);
        self.y += Pt(4.0);
        let meta_width = (content_width.0 / options.meta_size.0).max(0.0);
        let meta =
            |font: FontId| Style { font, size: options.meta_size, color: options.theme.text };
        let caption = shaper.wrap(FontId::Bold, &french_spacing(&publication.caption), meta_width);
        self.paragraph(Origin::Caption, meta(FontId::Bold), caption);
        let updated = format!("Mis à jour le {}", publication.updated.french());
        let updated = shaper.wrap(FontId::Regular, &updated, meta_width);
        self.paragraph(Origin::Updated, meta(FontId::Regular), updated);
        let source = shaper.wrap(FontId::Regular, &french_spacing(&publication.source), meta_width);
        self.paragraph(Origin::Source, meta(FontId::Regular), source);
        self.y += Pt(6.0);
        title
    }

    /// Band `band_idx` (`g`): its header row, then every body row, a new page (with the
    /// header repeated) when a row does not fit below the rows already there. A band after
    /// the first starts a page.
    fn band(&mut self, band_idx: usize, g: &BandGeometry, line_counts: &[Vec<usize>]) {
        if band_idx > 0 {
            self.new_page();
        }
        self.header(band_idx, false, g.header_height);
        for (row_idx, counts) in line_counts.iter().enumerate() {
            let total = row_line_count(&g.columns, counts);
            if self.y + row_height(total, self.leading, self.options) > self.body_bottom
                && self.rows_on_page
            {
                self.new_page();
                self.header(band_idx, true, g.header_height);
            }
            self.row(band_idx, g.header_height, row_idx, total);
        }
    }

    /// Body row `row_idx`, `total` lines tall, in `band` (whose header row is `header_height`
    /// tall). A row taller than a whole page is cut between lines and continues on the next
    /// page.
    fn row(&mut self, band: usize, header_height: Pt, row_idx: usize, total: usize) {
        let mut first_line = 0;
        loop {
            let room = ((self.body_bottom - self.y - self.options.cell_padding_y * 2.0).0
                / self.leading.0)
                .floor()
                .max(1.0) as usize;
            let take = (total - first_line).min(room);
            let lines = first_line..first_line + take;
            self.push(Block::Row { band, row_idx, lines, top: self.y });
            self.rows_on_page = true;
            self.y += row_height(take, self.leading, self.options);
            first_line += take;
            if first_line >= total {
                break;
            }
            if !self.split_rows.contains(&row_idx) {
                self.split_rows.push(row_idx);
            }
            self.new_page();
            self.header(band, true, header_height);
        }
    }

    /// The notes after the table, under their heading: on a new page when the heading and
    /// the first note's lines do not fit, and a note's lines continue on the next page.
    fn notes(&mut self, shaper: &mut Shaper<'_>, notes: &[String], content_width: Pt) {
        if notes.is_empty() {
            return;
        }
        let options = self.options;
        self.y += Pt(10.0);
        let note_width = (content_width.0 / options.note_size.0).max(0.0);
        let style =
            |font: FontId| Style { font, size: options.note_size, color: options.theme.text };
        let heading = shaper.wrap(FontId::Bold, "Notes", note_width);
        let note_lines: Vec<Vec<Line>> = notes
            .iter()
            .map(|note| shaper.wrap(FontId::Regular, &french_spacing(note), note_width))
            .collect();
        let needed = options.note_size * options.line_height * (1 + note_lines[0].len()) as f32;
        if self.y + needed > self.body_bottom {
            self.new_page();
        }
        self.push(Block::NotesStart { top: self.y });
        self.paragraph(Origin::NotesHeading, style(FontId::Bold), heading);
        for (idx, lines) in note_lines.into_iter().enumerate() {
            for line in lines {
                if self.y + options.note_size * options.line_height > self.body_bottom {
                    self.new_page();
                }
                self.paragraph(Origin::Note(idx), style(FontId::Regular), vec![line]);
            }
        }
    }
}
