//! The page plan: line counts and band geometry in → the blocks of every page, in order.
//!
//! A typesetter's rules: the page number is left out of a one-page document (its room goes to
//! the table), the source and the date share a line when they fit, rows are never split (save
//! one taller than a page), no band of columns ends on a page of one row (the row before comes
//! with it), a band follows the one before on its page when its header and first rows fit
//! there, and no page holds notes without rows: when the notes do not fit
//! under the last rows, the last rows (at least two, or all when fewer) go with them to the
//! next page. Short notes are set in two balanced columns; notes longer than a page continue
//! on the next one under « Notes (suite) ».

mod notes;

use super::fonts::FontId;
use super::measure::{row_height, row_line_count};
use super::text::{Line, Shaper};
use super::widths::BandGeometry;
use super::{LayoutOptions, Origin, Pt, Style};
use crate::french;
use crate::model::Table;

/// One thing placed on a page, decided when the document is planned ([`plan`]) and turned
/// into items when its page is laid out.
pub(super) enum Block {
    /// A line of a paragraph (title, caption, date, source, notes) whose line box starts at
    /// `top`, its text at `x`.
    Line { origin: Origin, style: Style, line: Line, x: Pt, top: Pt },
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
    /// Whether each page has its number at the bottom (documents of more than one page).
    pub(super) page_numbers: bool,
}

/// Space between the title and the caption, after the title block, and before the notes.
const AFTER_TITLE: Pt = Pt(4.0);
const AFTER_TITLE_BLOCK: Pt = Pt(6.0);
/// Rows that go with the notes to a new page when the notes do not fit under them, and that
/// the last page of rows keeps.
const ROWS_WITH_NOTES: usize = 2;

/// Space between the last row of a band of columns and the next band's header row when both
/// are on one page: as much as between the title block and the table, twice.
const BETWEEN_BANDS: Pt = Pt(12.0);

/// Plans every page: the title block on the first, then each band of `geometry` (its header
/// row, repeated on each new page, and the body rows, whose cells take `line_counts` lines
/// `leading` apart), then the notes. Planned first with no page number, which a document of
/// one page does not need; when that takes more than a page, planned again with room for the
/// number at the bottom of every page.
pub(super) fn plan(
    shaper: &mut Shaper<'_>,
    table: &Table,
    options: &LayoutOptions,
    geometry: &[BandGeometry],
    line_counts: &[Vec<usize>],
    leading: Pt,
) -> Plan {
    let single = plan_with(shaper, table, options, geometry, line_counts, leading, false);
    if single.pages.len() <= 1 {
        return single;
    }
    plan_with(shaper, table, options, geometry, line_counts, leading, true)
}

/// [`plan`], with or without room for the page numbers.
fn plan_with(
    shaper: &mut Shaper<'_>,
    table: &Table,
    options: &LayoutOptions,
    geometry: &[BandGeometry],
    line_counts: &[Vec<usize>],
    leading: Pt,
    page_numbers: bool,
) -> Plan {
    let content_width = options.page_width - options.margin * 2.0;
    let footer_height =
        if page_numbers { options.note_size * options.line_height + Pt(6.0) } else { Pt(0.0) };
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
        // Each band's last page holds more than one row of it.
        planner.no_widow_row(band_idx, g.header_height);
    }
    let notes = notes::Notes::wrap(shaper, options, &table.publication.notes, content_width);
    if let (Some(notes), Some(last)) = (notes, geometry.last()) {
        planner.notes(&notes, geometry.len() - 1, last.header_height);
    }
    Plan { pages: planner.pages, split_rows: planner.split_rows, title, page_numbers }
}

/// The pages being planned, and the free space on the last one.
struct Planner<'o> {
    options: &'o LayoutOptions,
    /// Where the room for the table and the notes ends on every page (the page number, when
    /// there is one, is below).
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

    /// The lines of a paragraph at the left margin, one under the other.
    fn paragraph(&mut self, origin: Origin, style: Style, lines: Vec<Line>) {
        for line in lines {
            self.push(Block::Line { origin, style, line, x: self.options.margin, top: self.y });
            self.y += style.size * self.options.line_height;
        }
    }

    /// Title, caption, source and date, on the first page; returns the title. The source and
    /// the date share a line, « source · date », when each fits on one line and both together
    /// fit across the page.
    fn title_block(&mut self, shaper: &mut Shaper<'_>, table: &Table, content_width: Pt) -> String {
        let options = self.options;
        let publication = &table.publication;
        let title_style =
            Style { font: FontId::Bold, size: options.title_size, color: options.theme.title };
        let title = french::spacing(&publication.title).into_owned();
        let title_lines =
            shaper.wrap(FontId::Bold, &title, (content_width.0 / options.title_size.0).max(0.0));
        self.paragraph(Origin::Title, title_style, title_lines);
        self.y += AFTER_TITLE;
        let size = options.meta_size;
        let meta_width = (content_width.0 / size.0).max(0.0);
        let meta = |font: FontId| Style { font, size, color: options.theme.text };
        let caption = shaper.wrap(FontId::Bold, &french::spacing(&publication.caption), meta_width);
        self.paragraph(Origin::Caption, meta(FontId::Bold), caption);
        let source = if publication.source.is_empty() {
            Vec::new()
        } else {
            shaper.wrap(FontId::Regular, &french::spacing(&publication.source), meta_width)
        };
        let updated = format!(
            "Mis à jour le {}",
            french::date(
                publication.updated.year,
                publication.updated.month,
                publication.updated.day
            )
        );
        let mut updated = shaper.wrap(FontId::Regular, &updated, meta_width);
        let separator = shaper.wrap(FontId::Regular, "·", f32::MAX).remove(0);
        // Half an em each side of the separator, as a word space would be, a little wider.
        let gap = 0.5;
        let together = match (&source[..], &updated[..]) {
            ([source], [date]) => source.width + date.width + separator.width + 2.0 * gap,
            _ => f32::MAX,
        };
        if together <= meta_width {
            let (x, top) = (options.margin, self.y);
            let source = source.into_iter().next().expect("one line of source");
            let date = updated.remove(0);
            let x_separator = x + size * (source.width + gap);
            let x_date = x_separator + size * (separator.width + gap);
            let style = meta(FontId::Regular);
            self.push(Block::Line { origin: Origin::Source, style, line: source, x, top });
            let (origin, line) = (Origin::Decoration, separator);
            self.push(Block::Line { origin, style, line, x: x_separator, top });
            let (origin, line) = (Origin::Updated, date);
            self.push(Block::Line { origin, style, line, x: x_date, top });
            self.y += size * options.line_height;
        } else {
            self.paragraph(Origin::Source, meta(FontId::Regular), source);
            self.paragraph(Origin::Updated, meta(FontId::Regular), updated);
        }
        self.y += AFTER_TITLE_BLOCK;
        title
    }

    /// Band `band_idx` (`g`): its header row, then every body row, a new page (with the
    /// header repeated) when a row does not fit below the rows already there. A band after
    /// the first follows the band before on its page, [`BETWEEN_BANDS`] below it, when its
    /// header row and its first two rows (or all, when fewer) fit there; else it starts a page
    /// (a table of few rows and many columns takes one page, not one per band).
    fn band(&mut self, band_idx: usize, g: &BandGeometry, line_counts: &[Vec<usize>]) {
        if band_idx > 0 {
            let first_rows: Pt = line_counts
                .iter()
                .take(ROWS_WITH_NOTES)
                .map(|counts| {
                    row_height(row_line_count(&g.columns, counts), self.leading, self.options)
                })
                .fold(Pt(0.0), |sum, h| sum + h);
            if self.y + BETWEEN_BANDS + g.header_height + first_rows > self.body_bottom {
                self.new_page();
            } else {
                self.y += BETWEEN_BANDS;
            }
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

    /// The last page of `band`'s rows (every band's: the next starts a new page) holds at
    /// least two (or all when fewer), as a typesetter keeps a table's last row from standing
    /// alone at the top of a page: when it holds one, the last row of the page before comes
    /// with it (if neither is cut between pages and the page
    /// before keeps a row). `band`'s header row is `header_height` tall.
    fn no_widow_row(&mut self, band: usize, header_height: Pt) {
        let pages = self.pages.len();
        if pages < 2 || ROWS_WITH_NOTES.min(self.last_row_count()) < 2 {
            return;
        }
        let rows_of = |page: &[Block]| -> Vec<(usize, Pt)> {
            page.iter()
                .filter_map(|block| match block {
                    Block::Row { band: b, row_idx, lines, .. } if *b == band => {
                        Some((*row_idx, row_height(lines.len(), self.leading, self.options)))
                    }
                    _ => None,
                })
                .collect()
        };
        let (last, before) = (rows_of(&self.pages[pages - 1]), rows_of(&self.pages[pages - 2]));
        let (Some(&(widow, widow_height)), Some(&(moved, moved_height))) =
            (last.first(), before.last())
        else {
            return;
        };
        let starts_with_header = matches!(
            self.pages[pages - 1].first(),
            Some(Block::Header { band: b, .. }) if *b == band
        );
        let fits =
            header_height + moved_height + widow_height <= self.body_bottom - self.options.margin;
        let split = |r: usize| self.split_rows.contains(&r);
        if last.len() != 1
            || before.len() < 2
            || !starts_with_header
            || !fits
            || split(widow)
            || split(moved)
            || !matches!(self.pages[pages - 2].last(), Some(Block::Row { .. }))
        {
            return;
        }
        let Some(Block::Row { lines, .. }) = self.pages[pages - 2].pop() else {
            unreachable!("the page before ends with a row (checked above)");
        };
        let widow_lines = match self.pages[pages - 1].pop() {
            Some(Block::Row { lines, .. }) => lines,
            _ => unreachable!("the last page is its header row and one row (checked above)"),
        };
        self.y = self.options.margin + header_height;
        for (row_idx, lines) in [(moved, lines), (widow, widow_lines)] {
            let height = row_height(lines.len(), self.leading, self.options);
            self.push(Block::Row { band, row_idx, lines, top: self.y });
            self.y += height;
        }
    }

    /// Rows of the table (every band has them all).
    fn last_row_count(&self) -> usize {
        self.pages
            .iter()
            .flatten()
            .filter_map(|block| match block {
                Block::Row { row_idx, .. } => Some(*row_idx + 1),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }
}
