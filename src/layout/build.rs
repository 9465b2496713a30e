//! Building a page: the blocks planned for it in → its items, frames and text, then its number.

use std::borrow::Cow;

use super::fonts::FontId;
use super::plan::Block;
use super::text::{Line, LineStore, StoredLine};
use super::theme::{Color, Theme};
use super::widths::BandGeometry;
use super::{
    Frame, Item, Layout, LayoutOptions, Origin, Page, Pt, Rect, Style, TextRun, cell_font,
};
use crate::model::{Cell, Table};
use crate::model::{Kind, Value};

/// How long the lists of a page are: the next page gets as much room from the start.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct PageLengths {
    items: usize,
    frames: usize,
    /// Bytes of text and glyphs of its text runs ([`Page::lines`]).
    text: usize,
    glyphs: usize,
}

impl PageLengths {
    fn of(page: &Page) -> PageLengths {
        PageLengths {
            items: page.items.len(),
            frames: page.frames.len(),
            text: page.lines.text.len(),
            glyphs: page.lines.glyphs.len(),
        }
    }

    /// An empty page with room for this many items, frames, text bytes and glyphs.
    fn empty_page(self) -> Page {
        Page {
            items: Vec::with_capacity(self.items),
            frames: Vec::with_capacity(self.frames),
            lines: LineStore {
                text: String::with_capacity(self.text),
                glyphs: Vec::with_capacity(self.glyphs),
            },
            ..Page::default()
        }
    }
}

impl Layout<'_> {
    /// Lays out the next page of the plan, made of `blocks`.
    pub(super) fn page(&mut self, blocks: Vec<Block>) -> Page {
        let mut builder = Builder {
            options: self.options,
            // Pages of a table look alike: room for as many items as the last one had, so
            // that the lists do not grow (and get copied) item by item.
            page: self.last_page_len.empty_page(),
            ascent_em: self.ascent_em,
            descent_em: self.descent_em,
            size: self.body_size,
            leading: self.leading,
        };
        for block in blocks {
            match block {
                Block::Line { origin, style, line, x, top } => {
                    builder.line(origin, style, &line, x, top)
                }
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
                    self.wrap_row(&mut builder, band, row_idx, lines, top);
                }
                Block::NotesStart { top } => builder.page.notes_top = Some(top),
            }
        }
        // The page number comes last; a document of one page has none.
        if self.page_numbers {
            self.page_number(&mut builder);
        }
        let page = builder.page;
        self.last_page_len = PageLengths::of(&page);
        give_back_room(page)
    }

    /// Lines `lines` of body row `row_idx`, in the columns of `band`, the row starting at
    /// `top`: its cells are wrapped here, their lines going straight to the page's store.
    fn wrap_row(
        &mut self,
        builder: &mut Builder<'_>,
        band: usize,
        row_idx: usize,
        lines: std::ops::Range<usize>,
        top: Pt,
    ) {
        // `row_lines` says where each column's lines are in the store.
        self.row_lines.clear();
        for &c in &self.geometry[band].columns {
            let font = cell_font(self.table, c);
            let text = &self.measured.cells[row_idx][c];
            let pieces = self.measured.pieces.get(row_idx * self.line_em.len() + c);
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
        let background = (row_idx % 2 == 1).then_some(self.options.theme.alt_row);
        let cells = RowLines { lines: &self.row_lines, columns: &self.row_columns };
        builder.body_row(
            &self.geometry[band],
            row_idx,
            cells,
            lines,
            top,
            background,
            &self.measured.cells[row_idx],
            self.table,
        );
    }

    /// « Page N / M », at the bottom right, as the page's last item.
    fn page_number(&mut self, builder: &mut Builder<'_>) {
        let options = self.options;
        let label = format!("Page {} / {}", self.next_page + 1, self.info.page_count);
        let line = self.shaper.wrap(FontId::Regular, &label, f32::MAX).remove(0);
        let width = options.note_size * line.width;
        let style =
            Style { font: FontId::Regular, size: options.note_size, color: options.theme.mention };
        let line = builder.page.lines.push(&line);
        let run = builder.run(
            Origin::PageNumber,
            options.page_width - options.margin - width,
            options.page_height - options.margin,
            style,
            line,
        );
        builder.page.items.push(Item::Text(run));
    }
}

/// A page much smaller than the one before it (after a very tall row) gives the room back: a
/// whole `Document` must not keep every page at the size of the largest.
fn give_back_room(mut page: Page) -> Page {
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

/// The colour of a body cell's text.
fn cell_color(table: &Table, theme: &Theme, row_idx: usize, col_idx: usize) -> Color {
    match (&table.columns[col_idx].kind, &table.rows[row_idx].cells[col_idx]) {
        (_, Cell::Missing(_)) => theme.mention,
        // `yes` and `no` colour the favourable answer and the other (`Column::favourable`).
        (Kind::Boolean { .. }, cell @ Cell::Value(Value::Boolean(_))) => {
            if table.columns[col_idx].favourable_answer(cell) == Some(true) {
                theme.yes
            } else {
                theme.no
            }
        }
        (Kind::String { uri: true }, Cell::Value(_)) => theme.link,
        _ => theme.text,
    }
}

/// The lines of the cells of a row, in one list: column `c`'s are `lines[columns[c]]`.
struct RowLines<'r> {
    lines: &'r [StoredLine],
    columns: &'r [std::ops::Range<usize>],
}

/// Turns the blocks of one page into items.
struct Builder<'o> {
    options: &'o LayoutOptions,
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

    /// A line of a paragraph whose line box starts at `top`, its text at `x`.
    fn line(&mut self, origin: Origin, style: Style, line: &Line, x: Pt, top: Pt) {
        let line = self.page.lines.push(line);
        let size = style.size;
        let leading = size * self.options.line_height;
        let half = (leading - size * (self.ascent_em + self.descent_em)) * 0.5;
        let baseline = top + half + size * self.ascent_em;
        let run = self.run(origin, x, baseline, style, line);
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
        let options = self.options;
        self.page.table_top = top;
        self.page.items.push(Item::Fill {
            rect: Rect { x: g.xs[0], y: top, width: g.total_width, height: g.header_height },
            color: options.theme.header,
        });
        for (pos, &col_idx) in g.columns.iter().enumerate() {
            let repeated = repeated || (g.repeated_row_header && col_idx == row_header);
            let origin = Origin::ColumnHeader { col_idx, repeated };
            let rect = Rect { x: g.xs[pos], y: top, width: g.widths[pos], height: g.header_height };
            let style = Style { font: FontId::Bold, size: self.size, color: options.theme.title };
            let stored: Vec<StoredLine> =
                lines[col_idx].iter().map(|line| self.page.lines.push(line)).collect();
            self.cell_text(rect, origin, &stored, style);
        }
        self.rule_across(g, top + g.header_height, Pt(0.75), options.theme.header_rule);
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
        let options = self.options;
        let height = self.leading * range.len() as f32 + options.cell_padding_y * 2.0;
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
            let color = cell_color(table, &options.theme, row_idx, col_idx);
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
                        x: rect.x + options.cell_padding_x,
                        y: top + options.cell_padding_y,
                        width: shown_width,
                        height: self.leading * (end - start) as f32,
                    },
                    url: url.to_string(),
                    description: format!(
                        "{} {} {name} ({url})",
                        table.columns[col_idx].title,
                        table.publication.row_noun.of_the()
                    ),
                });
            }
        }
        self.rule_across(g, top + height, Pt(0.5), options.theme.border);
    }

    /// The lines of a cell in its box `rect`, and the box as the cell's frame.
    fn cell_text(&mut self, rect: Rect, origin: Origin, lines: &[StoredLine], style: Style) {
        let options = self.options;
        let size = style.size;
        let half = (self.leading - size * (self.ascent_em + self.descent_em)) * 0.5;
        let mut baseline = rect.y + options.cell_padding_y + half + size * self.ascent_em;
        for line in lines {
            let run =
                self.run(origin, rect.x + options.cell_padding_x, baseline, style, line.clone());
            self.page.items.push(Item::Text(run));
            baseline += self.leading;
        }
        self.page.frames.push(Frame { origin, rect });
    }
}
