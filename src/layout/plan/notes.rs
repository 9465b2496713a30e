//! The notes' place: the notes wrapped across the page and in half its width in → their
//! blocks after the last rows, in two columns or one, the last rows moved with them when
//! they do not fit under them, « Notes (suite) » on the pages they continue on.

use super::{Block, Planner, ROWS_WITH_NOTES};
use crate::french;
use crate::layout::fonts::FontId;
use crate::layout::measure::row_height;
use crate::layout::text::{Line, Shaper};
use crate::layout::{LayoutOptions, Origin, Pt, Style};

/// Space before the notes' heading.
const BEFORE_NOTES: Pt = Pt(10.0);
/// Space between two notes, and between the two columns of notes, in em of the notes' size.
const NOTE_GAP_EM: f32 = 0.3;
const NOTE_GUTTER_EM: f32 = 2.0;

impl Planner<'_> {
    /// Height of the rows that would go with the notes to a new page, with their repeated
    /// header row (`header_height` tall), or `None` when they cannot go: the page holds no
    /// more rows than that (moving them would leave it without rows, or gain nothing), or one
    /// of them is cut between pages.
    fn movable_rows(&self, band: usize, header_height: Pt) -> Option<(usize, Pt)> {
        let page = self.pages.last().expect("the plan always has a page");
        let rows: Vec<(usize, usize)> = page
            .iter()
            .filter_map(|block| match block {
                Block::Row { band: b, row_idx, lines, .. } if *b == band => {
                    Some((*row_idx, lines.len()))
                }
                _ => None,
            })
            .collect();
        let total_rows = self.last_row_count();
        let moved = ROWS_WITH_NOTES.min(total_rows);
        if rows.len() <= moved
            || rows[rows.len() - moved..].iter().any(|(r, _)| self.split_rows.contains(r))
        {
            return None;
        }
        let height = rows[rows.len() - moved..].iter().fold(header_height, |h, (_, lines)| {
            h + row_height(*lines, self.leading, self.options)
        });
        Some((moved, height))
    }

    /// Moves the last `count` rows of the current page to a new page, under their band's
    /// header row (`header_height` tall), repeated.
    fn move_rows(&mut self, count: usize, band: usize, header_height: Pt) {
        let page = self.pages.last_mut().expect("the plan always has a page");
        let mut moved = Vec::with_capacity(count);
        while moved.len() < count {
            match page.pop() {
                Some(Block::Row { band, row_idx, lines, .. }) => moved.push((band, row_idx, lines)),
                Some(other) => {
                    // Rows are the last blocks of their page until the notes come.
                    page.push(other);
                    break;
                }
                None => break,
            }
        }
        self.new_page();
        self.header(band, true, header_height);
        for (band, row_idx, lines) in moved.into_iter().rev() {
            let height = row_height(lines.len(), self.leading, self.options);
            self.push(Block::Row { band, row_idx, lines, top: self.y });
            self.rows_on_page = true;
            self.y += height;
        }
    }

    /// The notes after the last rows of band `band` (whose header row is `header_height`
    /// tall): in two columns when they are lower that way and fit on the page, else in one,
    /// continued on the next pages when they are longer than the room left. See the module's
    /// comment for where they go.
    pub(super) fn notes(&mut self, notes: &Notes, band: usize, header_height: Pt) {
        let options = self.options;
        let lead = notes.style.size * options.line_height;
        let block = |content: Pt| BEFORE_NOTES + lead + content;
        let movable = self.movable_rows(band, header_height);
        // Room for the notes on a new page under the rows that would go with them.
        let fresh = movable.map(|(_, rows)| self.body_bottom - options.margin - rows);
        let fits_here = |h: Pt| self.y + h <= self.body_bottom;
        let fits_fresh = |h: Pt| fresh.is_some_and(|room| h <= room);
        let two = notes.two_columns(lead);
        let one = notes.one_column(lead);
        let columns = two.filter(|two| two.height < one);
        if let Some(two) =
            columns.filter(|two| fits_here(block(two.height)) || fits_fresh(block(two.height)))
        {
            if !fits_here(block(two.height)) {
                self.move_rows(
                    movable.expect("fits_fresh needs rows to move").0,
                    band,
                    header_height,
                );
            }
            self.notes_heading(notes, false);
            self.two_columns(notes, &two, lead);
            return;
        }
        if !fits_here(block(one)) && fits_fresh(block(one)) {
            self.move_rows(movable.expect("fits_fresh needs rows to move").0, band, header_height);
        } else if !fits_here(block(notes.first_lines(lead))) {
            // Not even the heading and the start of the first note fit: the last rows go
            // with them if they can, else the notes start a page.
            match movable {
                Some((count, _)) => self.move_rows(count, band, header_height),
                None => self.new_page(),
            }
        }
        self.notes_heading(notes, false);
        self.one_column(notes, lead);
    }

    /// The notes' heading at the current place: « Notes », or « Notes (suite) » on the pages
    /// they continue on.
    fn notes_heading(&mut self, notes: &Notes, continued: bool) {
        let options = self.options;
        let style = Style { font: FontId::Bold, ..notes.style };
        if !continued {
            if self.y.0 > options.margin.0 {
                self.y += BEFORE_NOTES;
            }
            self.push(Block::NotesStart { top: self.y });
        }
        let line = if continued { notes.continued.clone() } else { notes.heading.clone() };
        let origin = Origin::NotesHeading { continued };
        self.push(Block::Line { origin, style, line, x: options.margin, top: self.y });
        self.y += notes.style.size * options.line_height;
    }

    /// The notes in the two columns of `split`, the first `split.left` in the left one.
    fn two_columns(&mut self, notes: &Notes, split: &Split, lead: Pt) {
        let options = self.options;
        let top = self.y;
        let gap = notes.style.size * NOTE_GAP_EM;
        let x_right = options.margin + notes.column_width + notes.style.size * NOTE_GUTTER_EM;
        let mut bottom = top;
        for (column, range) in
            [(options.margin, 0..split.left), (x_right, split.left..notes.half.len())]
        {
            let mut y = top;
            for idx in range {
                for line in &notes.half[idx] {
                    let block = Block::Line {
                        origin: Origin::Note(idx),
                        style: notes.style,
                        line: line.clone(),
                        x: column,
                        top: y,
                    };
                    self.push(block);
                    y += lead;
                }
                y += gap;
            }
            bottom = bottom.max(y - gap);
        }
        self.y = bottom;
    }

    /// The notes across the page, one under the other. A note that does not fit in the room
    /// left goes whole to the next page (under « Notes (suite) »), unless it is taller than a
    /// page: its lines then continue there.
    fn one_column(&mut self, notes: &Notes, lead: Pt) {
        let options = self.options;
        let gap = notes.style.size * NOTE_GAP_EM;
        let page_room = self.body_bottom - options.margin - lead;
        for (idx, lines) in notes.full.iter().enumerate() {
            if idx > 0 {
                self.y += gap;
            }
            let height = lead * lines.len() as f32;
            if self.y + height > self.body_bottom && height <= page_room {
                self.new_page();
                self.notes_heading(notes, true);
            }
            for line in lines {
                if self.y + lead > self.body_bottom {
                    self.new_page();
                    self.notes_heading(notes, true);
                }
                let block = Block::Line {
                    origin: Origin::Note(idx),
                    style: notes.style,
                    line: line.clone(),
                    x: options.margin,
                    top: self.y,
                };
                self.push(block);
                self.y += lead;
            }
        }
    }
}

/// The notes wrapped both ways: across the page and in a column of half its width.
pub(super) struct Notes {
    style: Style,
    heading: Line,
    continued: Line,
    /// Lines of each note across the page, and in a column `column_width` wide.
    full: Vec<Vec<Line>>,
    half: Vec<Vec<Line>>,
    column_width: Pt,
}

/// Notes in two columns: the first `left` notes in the left one; `height` of the taller.
struct Split {
    left: usize,
    height: Pt,
}

impl Notes {
    /// `notes` wrapped; `None` when there are none.
    pub(super) fn wrap(
        shaper: &mut Shaper<'_>,
        options: &LayoutOptions,
        notes: &[String],
        content_width: Pt,
    ) -> Option<Notes> {
        if notes.is_empty() {
            return None;
        }
        let size = options.note_size;
        let style = Style { font: FontId::Regular, size, color: options.theme.text };
        let column_width = (content_width - size * NOTE_GUTTER_EM) * 0.5;
        let em = |width: Pt| (width.0 / size.0).max(0.0);
        let mut wrap_all = |width: Pt| -> Vec<Vec<Line>> {
            notes
                .iter()
                .map(|note| shaper.wrap(FontId::Regular, &french::spacing(note), em(width)))
                .collect()
        };
        let full = wrap_all(content_width);
        let half = wrap_all(column_width);
        let heading = shaper.wrap(FontId::Bold, "Notes", f32::MAX).remove(0);
        let continued = shaper.wrap(FontId::Bold, "Notes (suite)", f32::MAX).remove(0);
        Some(Notes { style, heading, continued, full, half, column_width })
    }

    /// Height of the notes across the page, `lead` apart.
    fn one_column(&self, lead: Pt) -> Pt {
        self.height(&self.full, lead)
    }

    /// Height of notes set one under the other.
    fn height(&self, notes: &[Vec<Line>], lead: Pt) -> Pt {
        self.stack_height(notes.iter().map(Vec::len).sum(), notes.len(), lead)
    }

    /// Height of `notes` notes of `lines` lines in all, set one under the other.
    fn stack_height(&self, lines: usize, notes: usize, lead: Pt) -> Pt {
        let gaps = notes.saturating_sub(1) as f32;
        lead * lines as f32 + self.style.size * (NOTE_GAP_EM * gaps)
    }

    /// The most even split of the notes into two columns (the left one the taller when two
    /// are as even), or `None` for a single note.
    fn two_columns(&self, lead: Pt) -> Option<Split> {
        let mut best: Option<Split> = None;
        let (notes, lines) = (self.half.len(), self.half.iter().map(Vec::len).sum::<usize>());
        // Lines of the left column, added up split after split (not counted again for each).
        let mut left_lines = 0;
        for left in 1..notes {
            left_lines += self.half[left - 1].len();
            let height = self.stack_height(left_lines, left, lead).max(self.stack_height(
                lines - left_lines,
                notes - left,
                lead,
            ));
            // `<=`: of two splits as even, the later one, whose left column is the taller.
            if best.as_ref().is_none_or(|s| height.0 <= s.height.0 + 1e-3) {
                best = Some(Split { left, height });
            }
        }
        best
    }

    /// Height of the start of the notes that must stay with their heading: the first note, or
    /// its first two lines.
    fn first_lines(&self, lead: Pt) -> Pt {
        let first = self.full.first().map_or(0, Vec::len).min(2);
        lead * first as f32
    }
}
