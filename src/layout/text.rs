//! Text: a text and a font → its shaped pieces, widths in em and wrapped lines.
//!
//! Shaping uses the font's real advances and kerning (rustybuzz); lines break at UAX #14
//! opportunities, then inside over-long words and URLs (emergency breaks).
//!
//! In: text and a [`FontId`]. Out: measured widths and wrapped [`Line`]s of positioned glyphs.
//! Widths are in em (multiply by the font size to get points).

use rustc_hash::FxHashMap;
use std::rc::Rc;

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::fonts::{FontId, Fonts};

/// A glyph as shaped. Advances and offsets are in em.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Glyph {
    /// Glyph id in the font.
    pub id: u16,
    /// How far the pen moves after this glyph, in em (kerning included).
    pub x_advance: f32,
    /// Shift of this glyph from the pen, rightwards, in em; the pen does not move with it.
    pub x_offset: f32,
    /// Shift of this glyph from the baseline, upwards (y up, as in the font), in em.
    pub y_offset: f32,
    /// Byte offset, in the line's text, of the cluster this glyph draws.
    pub cluster: u32,
}

/// A shaped piece of text.
#[derive(Debug)]
struct Shaped {
    glyphs: Vec<Glyph>,
    /// Advance of the whole piece, in em.
    width: f32,
    /// Advance without trailing whitespace, in em.
    visible_width: f32,
}

/// One line of a wrapped text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line {
    /// The text the line shows (without the whitespace where it was broken).
    pub text: String,
    /// The line's glyphs in visual order; clusters are byte offsets into `text`.
    pub glyphs: Vec<Glyph>,
    /// Advance of the line, in em.
    pub width: f32,
}

/// Texts and glyphs of many lines, one after the other: a page keeps all of its lines in one
/// (two allocations per page instead of two per line). Clusters stay relative to their line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineStore {
    /// Every line's text, one after the other, with no separator.
    pub text: String,
    /// Every line's glyphs, one after the other; clusters count from their own line's text.
    pub glyphs: Vec<Glyph>,
}

/// A line kept in a [`LineStore`]: where its text and glyphs are, and its advance.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredLine {
    /// Byte range of the line's text in [`LineStore::text`].
    pub text: std::ops::Range<usize>,
    /// Index range (from 0) of the line's glyphs in [`LineStore::glyphs`].
    pub glyphs: std::ops::Range<usize>,
    /// Advance of the line, in em.
    pub width: f32,
}

impl LineStore {
    /// Copies `line` to the end of the store.
    pub fn push(&mut self, line: &Line) -> StoredLine {
        let (text_start, glyph_start) = (self.text.len(), self.glyphs.len());
        self.text.push_str(&line.text);
        self.glyphs.extend_from_slice(&line.glyphs);
        StoredLine {
            text: text_start..self.text.len(),
            glyphs: glyph_start..self.glyphs.len(),
            width: line.width,
        }
    }
}

/// A piece of text up to a break opportunity (UAX #14), shaped (see [`Pieces`]).
#[derive(Clone, Debug)]
pub struct Piece {
    /// Byte offset, in the text, where the piece ends.
    end: u32,
    /// Whether a line must end after it (a line feed).
    mandatory: bool,
    shaped: Rc<Shaped>,
}

/// A text cut at its break opportunities, each piece shaped: a cell is measured once, then
/// wrapped at any width (column balancing, line counts, its page) without being cut and
/// looked up again.
#[derive(Clone, Debug, Default)]
pub struct Pieces(Vec<Piece>);

impl std::ops::Deref for Pieces {
    type Target = [Piece];

    fn deref(&self) -> &[Piece] {
        &self.0
    }
}

impl Pieces {
    /// See [`min_max`].
    pub fn min_max(&self) -> (f32, f32) {
        min_max(&self.0)
    }
}

/// The narrowest and widest a text cut into `pieces` can be laid out, in em: the widest
/// unbreakable piece, and the widest line when it breaks only where it must.
pub fn min_max(pieces: &[Piece]) -> (f32, f32) {
    let mut min: f32 = 0.0;
    let mut line: f32 = 0.0;
    let mut max: f32 = 0.0;
    for piece in pieces {
        min = min.max(piece.shaped.visible_width);
        max = max.max(line + piece.shaped.visible_width);
        line += piece.shaped.width;
        if piece.mandatory {
            line = 0.0;
        }
    }
    (min, max)
}

/// The pieces of many texts (the body cells, row by row) in one list: one allocation for all
/// of them instead of one per cell.
#[derive(Debug, Default)]
pub struct PieceTable {
    pieces: Vec<Piece>,
    /// Where the pieces of each text start in `pieces` (the last text's end where `pieces`
    /// ends).
    starts: Vec<usize>,
}

impl PieceTable {
    /// The pieces of the `idx`-th text pushed (from 0).
    pub fn get(&self, idx: usize) -> &[Piece] {
        let end = self.starts.get(idx + 1).copied().unwrap_or(self.pieces.len());
        &self.pieces[self.starts[idx]..end]
    }
}

/// Shapes and wraps text with one family; caches shaped pieces (tables repeat « Oui », « Non »…).
pub struct Shaper<'f> {
    faces: [rustybuzz::Face<'f>; 2],
    plans: [rustybuzz::ShapePlan; 2],
    cache: [FxHashMap<String, Rc<Shaped>>; 2],
    /// Whether each font has a glyph for the characters below [`COVERAGE_LIMIT`], once looked
    /// up: 0 not yet, 1 yes, 2 no (tables repeat a few dozen characters).
    coverage: [Vec<u8>; 2],
    /// Buffers of the line being built by [`Shaper::wrap_pieces`], kept from one text to the
    /// next.
    line: LineBuilder,
    /// Bytes of text given to [`Shaper::shape`] so far, cached or not: what the tests count to
    /// see that wrapping costs as much as the text, not its square.
    #[cfg(test)]
    shaped_bytes: usize,
}

/// Which shaped texts [`Shaper::shape_keeping`] keeps in the cache.
#[derive(Clone, Copy, PartialEq)]
enum Keep {
    /// Texts of at most 64 bytes (cut pieces, words measured: tables repeat them).
    Short,
    /// None: the lines of a word cut inside, a new set at each width tried (a random word of
    /// 10,000 letters would fill the cache with thousands of lines per width).
    Never,
}

/// Characters below this one (Latin, punctuation, the French spaces U+00A0 and U+202F) have
/// their font coverage remembered by [`Shaper::missing_char`].
const COVERAGE_LIMIT: usize = 0x2100;

fn slot(font: FontId) -> usize {
    match font {
        FontId::Regular => 0,
        FontId::Bold => 1,
    }
}

impl<'f> Shaper<'f> {
    /// Prepares both faces. The fonts were checked when loaded, so parsing cannot fail.
    pub fn new(fonts: &'f Fonts) -> Shaper<'f> {
        let face = |id: FontId| {
            rustybuzz::Face::from_slice(&fonts.get(id).bytes, 0)
                .expect("fonts are checked when loaded (Fonts::from_dir, bundled)")
        };
        let faces = [face(FontId::Regular), face(FontId::Bold)];
        let language = "fr".parse::<rustybuzz::Language>().ok();
        let plan = |face: &rustybuzz::Face<'_>| {
            rustybuzz::ShapePlan::new(
                face,
                rustybuzz::Direction::LeftToRight,
                Some(rustybuzz::script::LATIN),
                language.as_ref(),
                &[],
            )
        };
        let plans = [plan(&faces[0]), plan(&faces[1])];
        Shaper {
            faces,
            plans,
            cache: [FxHashMap::default(), FxHashMap::default()],
            coverage: [vec![0; COVERAGE_LIMIT], vec![0; COVERAGE_LIMIT]],
            line: LineBuilder::default(),
            #[cfg(test)]
            shaped_bytes: 0,
        }
    }

    /// The first character of `text` the font has no glyph for.
    pub fn missing_char(&mut self, font: FontId, text: &str) -> Option<char> {
        let face = &self.faces[slot(font)];
        let coverage = &mut self.coverage[slot(font)];
        let lacks = |c: char| !c.is_whitespace() && face.glyph_index(c).is_none();
        text.chars().find(|&c| {
            let Some(known) = coverage.get_mut(c as usize) else { return lacks(c) };
            if *known == 0 {
                *known = if lacks(c) { 2 } else { 1 };
            }
            *known == 2
        })
    }

    /// Ascender and descender (positive, below the baseline), in em.
    pub fn vertical_metrics(&self, font: FontId) -> (f32, f32) {
        let face = &self.faces[slot(font)];
        let upem = f32::from(face.units_per_em() as u16);
        (f32::from(face.ascender()) / upem, -f32::from(face.descender()) / upem)
    }

    fn shape(&mut self, font: FontId, text: &str) -> Rc<Shaped> {
        self.shape_keeping(font, text, Keep::Short)
    }

    /// Shapes `text`, from the cache when it is there; keeps it there when `keep` says so.
    fn shape_keeping(&mut self, font: FontId, text: &str, keep: Keep) -> Rc<Shaped> {
        let idx = slot(font);
        #[cfg(test)]
        {
            self.shaped_bytes += text.len();
        }
        if let Some(shaped) = self.cache[idx].get(text) {
            return shaped.clone();
        }
        let face = &self.faces[idx];
        let upem = face.units_per_em() as f32;
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        // The plan is for Latin script; the buffer must say the same (digits alone would be
        // guessed « Common », which rustybuzz refuses with this plan).
        buffer.set_script(rustybuzz::script::LATIN);
        let output = rustybuzz::shape_with_plan(face, &self.plans[idx], buffer);
        let mut glyphs = Vec::with_capacity(output.len());
        let mut width = 0.0;
        for (info, pos) in output.glyph_infos().iter().zip(output.glyph_positions()) {
            let glyph = Glyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                x_advance: pos.x_advance as f32 / upem,
                x_offset: pos.x_offset as f32 / upem,
                y_offset: pos.y_offset as f32 / upem,
                cluster: info.cluster,
            };
            width += glyph.x_advance;
            glyphs.push(glyph);
        }
        let visible_len = text.trim_end().len() as u32;
        let trailing: f32 =
            glyphs.iter().filter(|g| g.cluster >= visible_len).map(|g| g.x_advance).sum();
        let shaped = Rc::new(Shaped { glyphs, width, visible_width: width - trailing });
        // Long texts (whole cells) are rarely repeated; keep the cache to short pieces.
        if keep == Keep::Short && text.len() <= 64 {
            self.cache[idx].insert(text.to_owned(), shaped.clone());
        }
        shaped
    }

    /// Advance of `text` on one line, in em.
    pub fn width(&mut self, font: FontId, text: &str) -> f32 {
        self.shape(font, text).visible_width
    }

    /// `text` cut at its break opportunities, each piece shaped.
    pub fn pieces(&mut self, font: FontId, text: &str) -> Pieces {
        let mut pieces = Vec::new();
        self.cut(font, text, &mut pieces);
        Pieces(pieces)
    }

    /// Adds `text`, cut and shaped, to `table`; returns its pieces.
    pub fn push_pieces<'t>(
        &mut self,
        font: FontId,
        text: &str,
        table: &'t mut PieceTable,
    ) -> &'t [Piece] {
        let start = table.pieces.len();
        table.starts.push(start);
        self.cut(font, text, &mut table.pieces);
        &table.pieces[start..]
    }

    /// Appends to `pieces` the pieces of `text`.
    fn cut(&mut self, font: FontId, text: &str, pieces: &mut Vec<Piece>) {
        let mut start = 0;
        for (end, opportunity) in linebreaks(text) {
            let shaped = self.shape(font, &text[start..end]);
            start = end;
            pieces.push(Piece {
                // Texts are far below 4 GiB (see `limits`).
                end: end as u32,
                mandatory: opportunity == BreakOpportunity::Mandatory,
                shaped,
            });
        }
    }

    /// The narrowest an address can be laid out, in em: its widest part between two break
    /// opportunities or address separators ([`is_address_separator`]), where wrapping cuts an
    /// address too long for its line.
    pub fn address_min(&mut self, font: FontId, text: &str) -> f32 {
        let mut widest: f32 = 0.0;
        let mut start = 0;
        let mut breaks = linebreaks(text).map(|(end, _)| end).peekable();
        for (idx, ch) in text.char_indices() {
            let end = idx + ch.len_utf8();
            let at_break = breaks.next_if(|&b| b <= end).is_some_and(|b| b == end);
            if at_break || is_address_separator(ch) {
                widest = widest.max(self.width(font, &text[start..end]));
                start = end;
            }
        }
        widest.max(self.width(font, &text[start..]))
    }

    /// See [`Pieces::min_max`].
    pub fn min_max(&mut self, font: FontId, text: &str) -> (f32, f32) {
        self.pieces(font, text).min_max()
    }

    /// Wraps `text` into lines no wider than `max_width` em. A piece that does not fit on a
    /// line of its own is broken inside, preferably after `/ . - _ ? & = #`. Always at least
    /// one line (empty for an empty text).
    pub fn wrap(&mut self, font: FontId, text: &str, max_width: f32) -> Vec<Line> {
        let pieces = self.pieces(font, text);
        self.wrap_pieces(font, text, &pieces, max_width)
    }

    /// [`Shaper::wrap`] for a text already cut into `pieces` (by [`Shaper::pieces`] or
    /// [`Shaper::push_pieces`]).
    pub fn wrap_pieces(
        &mut self,
        font: FontId,
        text: &str,
        pieces: &[Piece],
        max_width: f32,
    ) -> Vec<Line> {
        // The line being built reuses the shaper's buffers; each finished line is copied out
        // at its exact size (no buffer grows piece by piece for every line).
        let mut sink = Build { out: Vec::new(), current: std::mem::take(&mut self.line) };
        self.break_lines(font, text, pieces, max_width, &mut sink);
        self.line = sink.current;
        sink.out
    }

    /// [`Shaper::wrap_pieces`], the lines going to the end of `store` and their places to the
    /// end of `lines`.
    pub fn wrap_pieces_into(
        &mut self,
        font: FontId,
        text: &str,
        pieces: &[Piece],
        max_width: f32,
        store: &mut LineStore,
        lines: &mut Vec<StoredLine>,
    ) {
        let first = lines.len();
        let out = ToStore { store, lines, first };
        let mut sink = Build { out, current: std::mem::take(&mut self.line) };
        self.break_lines(font, text, pieces, max_width, &mut sink);
        self.line = sink.current;
    }

    /// How many lines [`Shaper::wrap_pieces`] makes of `text`, without building them.
    pub fn count_lines(
        &mut self,
        font: FontId,
        text: &str,
        pieces: &[Piece],
        max_width: f32,
    ) -> usize {
        let mut sink = Count::default();
        self.break_lines(font, text, pieces, max_width, &mut sink);
        sink.lines
    }

    /// How [`Shaper::wrap_pieces`] would wrap `text`: its lines, widest line and the words it
    /// would cut inside, without building the lines.
    pub fn wrap_stats(
        &mut self,
        font: FontId,
        text: &str,
        pieces: &[Piece],
        max_width: f32,
    ) -> WrapStats {
        let mut sink = Stats::default();
        self.break_lines(font, text, pieces, max_width, &mut sink);
        sink.stats
    }

    /// The line-breaking algorithm, feeding `sink` (see [`Shaper::wrap`]).
    fn break_lines(
        &mut self,
        font: FontId,
        text: &str,
        pieces: &[Piece],
        max_width: f32,
        sink: &mut impl LineSink,
    ) {
        // Whether `shaped` fits on a line already `width` wide.
        let fits = |width: f32, shaped: &Shaped| width + shaped.visible_width <= max_width + 1e-4;
        let mut start = 0;
        for piece in pieces {
            let end = piece.end as usize;
            let piece_text = &text[start..end];
            start = end;
            if !fits(sink.width(), &piece.shaped) && !sink.is_empty() {
                sink.end_line();
            }
            if fits(sink.width(), &piece.shaped) {
                sink.push(piece_text, &piece.shaped);
            } else {
                self.break_inside(font, piece_text, &piece.shaped, max_width, sink);
            }
            if piece.mandatory && !sink.is_empty() {
                sink.end_line();
            }
        }
        if !sink.is_empty() || sink.lines() == 0 {
            sink.end_line();
        }
    }

    /// Breaks `text`, a piece too wide for a line of its own (`shaped` its glyphs), into lines
    /// at most `max_width` em wide (see [`emergency_cut`]), the last of them left open.
    ///
    /// The cuts are found by walking the piece's glyphs once, from one cut to the next: shaping
    /// the rest of the piece again after each cut made a word of `n` characters cost `n²`
    /// (10,000 characters with no break opportunity took most of a minute). Only a line's
    /// own text is shaped again (at most a line long), for the advances it has without the
    /// characters after it, and only when the line is measured or drawn (not when lines are
    /// only counted); the rest is shaped again once it fits on a line. None of them is kept
    /// in the cache.
    fn break_inside(
        &mut self,
        font: FontId,
        text: &str,
        shaped: &Shaped,
        max_width: f32,
        sink: &mut impl LineSink,
    ) {
        let glyphs = shaped.glyphs.as_slice();
        // Where the rest of the piece starts: a byte offset in `text`, and its first glyph.
        let (mut from, mut glyph_from) = (0, 0);
        loop {
            let rest = &text[from..];
            let rest_glyphs = &glyphs[glyph_from.min(glyphs.len())..];
            let cut = emergency_cut(rest, rest_glyphs, from, max_width);
            let (head, tail) = rest.split_at(cut);
            if !tail.trim_end().is_empty() && !head.ends_with(is_address_separator) {
                sink.broke_word();
            }
            let head_glyphs = rest_glyphs.iter().take_while(|g| (g.cluster as usize) < from + cut);
            match sink.measures() {
                Measures::Drawn => {
                    let head_shaped = self.shape_keeping(font, head, Keep::Never);
                    sink.push(head, &head_shaped);
                }
                Measures::Widths => {
                    // The advances the line has in the word (the last one kerned with the
                    // letter after the cut): close enough to weigh widths, and no shaping.
                    let visible_end = from + head.trim_end().len();
                    let (mut width, mut visible_width) = (0.0, 0.0);
                    for glyph in head_glyphs.clone() {
                        width += glyph.x_advance;
                        if (glyph.cluster as usize) < visible_end {
                            visible_width = width;
                        }
                    }
                    sink.push(head, &Shaped { glyphs: Vec::new(), width, visible_width });
                }
                Measures::Lines => {}
            }
            sink.end_line();
            glyph_from += head_glyphs.count();
            from += cut;
            if tail.is_empty() {
                break;
            }
            if may_fit(tail, &glyphs[glyph_from.min(glyphs.len())..], from, max_width) {
                // Shaped on its own, as it is drawn; `may_fit` only ruled out what is surely
                // too wide.
                let tail_shaped = self.shape_keeping(font, tail, Keep::Never);
                if sink.width() + tail_shaped.visible_width <= max_width + 1e-4 {
                    sink.push(tail, &tail_shaped);
                    break;
                }
            }
        }
    }
}

/// Whether the rest of a piece, `text` from byte `base` on with its glyphs `glyphs` (clusters
/// counted from the piece's start), may fit on a line `max_width` em wide: false as soon as
/// the advances of its visible characters, added in order, are surely wider (by more than
/// rounding could make up). Stops there, so that each call walks at most about a line of
/// glyphs.
fn may_fit(text: &str, glyphs: &[Glyph], base: usize, max_width: f32) -> bool {
    // Sums in another order differ by far less than this (advances are a few em at most).
    const ROUNDING: f32 = 1e-3;
    let visible_end = base + text.trim_end().len();
    let mut width = 0.0_f32;
    for glyph in glyphs {
        if glyph.cluster as usize >= visible_end {
            break;
        }
        width += glyph.x_advance;
        if width > max_width + 1e-4 + ROUNDING {
            return false;
        }
    }
    true
}

/// Where [`Shaper::break_lines`] puts the pieces of a text: lines it builds or only counts.
trait LineSink {
    /// Adds a piece to the current line.
    fn push(&mut self, text: &str, shaped: &Shaped);
    /// Advance of the current line with its trailing whitespace, in em.
    fn width(&self) -> f32;
    fn is_empty(&self) -> bool;
    /// Ends the current line (even an empty one) and starts a new one.
    fn end_line(&mut self);
    /// Lines ended so far.
    fn lines(&self) -> usize;
    /// A word too long for its line was cut inside (not after an address separator).
    fn broke_word(&mut self) {}
    /// What of a line matters (see [`Measures`]).
    fn measures(&self) -> Measures {
        Measures::Drawn
    }
}

/// What a [`LineSink`] needs of the lines of a word cut inside (each ended as soon as it is
/// pushed).
#[derive(Clone, Copy)]
enum Measures {
    /// Their glyphs as drawn: each line is shaped on its own.
    Drawn,
    /// Their widths, taken from the word's glyphs without shaping the line again (the last
    /// advance keeps its kerning with the letter after the cut).
    Widths,
    /// Only how many lines there are: the line is neither shaped nor pushed.
    Lines,
}

/// Builds the lines, one at a time, and hands each to `out`.
struct Build<O> {
    out: O,
    current: LineBuilder,
}

/// Where [`Build`] puts the lines it builds.
trait LineOutput {
    /// Takes the line built in `line` (which is then empty).
    fn take(&mut self, line: &mut LineBuilder);
    /// Lines taken so far.
    fn count(&self) -> usize;
}

impl LineOutput for Vec<Line> {
    fn take(&mut self, line: &mut LineBuilder) {
        self.push(line.finish());
    }

    fn count(&self) -> usize {
        self.len()
    }
}

/// Lines going to the end of a [`LineStore`], their places to the end of `lines`.
struct ToStore<'s> {
    store: &'s mut LineStore,
    lines: &'s mut Vec<StoredLine>,
    /// Lines of `lines` before this text's.
    first: usize,
}

impl LineOutput for ToStore<'_> {
    fn take(&mut self, line: &mut LineBuilder) {
        let line = line.finish_into(self.store);
        self.lines.push(line);
    }

    fn count(&self) -> usize {
        self.lines.len() - self.first
    }
}

impl<O: LineOutput> LineSink for Build<O> {
    fn push(&mut self, text: &str, shaped: &Shaped) {
        self.current.push(text, shaped);
    }

    fn width(&self) -> f32 {
        self.current.width
    }

    fn is_empty(&self) -> bool {
        self.current.is_empty()
    }

    fn end_line(&mut self) {
        self.out.take(&mut self.current);
    }

    fn lines(&self) -> usize {
        self.out.count()
    }
}

/// Only counts the lines.
#[derive(Default)]
struct Count {
    lines: usize,
    width: f32,
    /// Whether the current line has text.
    has_text: bool,
}

impl LineSink for Count {
    fn push(&mut self, text: &str, shaped: &Shaped) {
        self.width += shaped.width;
        self.has_text |= !text.is_empty();
    }

    fn width(&self) -> f32 {
        self.width
    }

    fn is_empty(&self) -> bool {
        !self.has_text
    }

    fn end_line(&mut self) {
        self.lines += 1;
        self.width = 0.0;
        self.has_text = false;
    }

    fn lines(&self) -> usize {
        self.lines
    }

    fn measures(&self) -> Measures {
        Measures::Lines
    }
}

/// How a text wraps at one width ([`Shaper::wrap_stats`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WrapStats {
    /// Lines the text takes at that width (at least 1, even for an empty text).
    pub lines: usize,
    /// Advance of the widest line, without its trailing whitespace, in em.
    pub widest: f32,
    /// Words too long for a line, cut inside (an address cut after « / » or « . » is not).
    pub broken_words: usize,
}

/// Counts the lines, and measures them.
#[derive(Default)]
struct Stats {
    stats: WrapStats,
    width: f32,
    visible: f32,
    has_text: bool,
}

impl LineSink for Stats {
    fn push(&mut self, text: &str, shaped: &Shaped) {
        self.visible = self.width + shaped.visible_width;
        self.width += shaped.width;
        self.has_text |= !text.is_empty();
    }

    fn width(&self) -> f32 {
        self.width
    }

    fn is_empty(&self) -> bool {
        !self.has_text
    }

    fn end_line(&mut self) {
        self.stats.lines += 1;
        self.stats.widest = self.stats.widest.max(self.visible);
        (self.width, self.visible, self.has_text) = (0.0, 0.0, false);
    }

    fn lines(&self) -> usize {
        self.stats.lines
    }

    fn broke_word(&mut self) {
        self.stats.broken_words += 1;
    }

    fn measures(&self) -> Measures {
        Measures::Widths
    }
}

/// Where to cut a piece that is wider than `max_width` on its own: the byte offset, in `text`,
/// of a cluster boundary, after the last URL separator ([`is_address_separator`]) that fits on
/// the line when there is one (an address breaks after « / » or « . », never inside a name),
/// and always after at least one cluster (so that wrapping always progresses). `text` is the
/// rest of a piece from byte `base` on, and `glyphs` its glyphs as shaped with the whole
/// piece (clusters counted from the piece's start). Walks the glyphs only up to the first
/// cluster that does not fit.
fn emergency_cut(text: &str, glyphs: &[Glyph], base: usize, max_width: f32) -> usize {
    // A cluster's byte offset in `text` (a glyph's cluster is at least `base`).
    let offset = |glyph: &Glyph| (glyph.cluster as usize).saturating_sub(base).min(text.len());
    let mut width = 0.0;
    let mut last_fit = 0;
    let mut last_separator = 0;
    let mut idx = 0;
    while idx < glyphs.len() {
        let cluster = glyphs[idx].cluster;
        // All glyphs of one cluster go together.
        let mut advance = 0.0;
        let mut next = idx;
        while next < glyphs.len() && glyphs[next].cluster == cluster {
            advance += glyphs[next].x_advance;
            next += 1;
        }
        let cluster_start = offset(&glyphs[idx]);
        let cluster_end = glyphs.get(next).map_or(text.len(), offset);
        if width + advance > max_width + 1e-4 && last_fit > 0 {
            break;
        }
        width += advance;
        last_fit = cluster_end;
        if text.get(cluster_start..cluster_end).is_some_and(|t| t.chars().any(is_address_separator))
        {
            last_separator = cluster_end;
        }
        idx = next;
    }
    let cut =
        if last_separator > 0 && last_separator < text.len() { last_separator } else { last_fit };
    if cut == 0 || !text.is_char_boundary(cut) {
        text.chars().next().map_or(text.len(), char::len_utf8)
    } else {
        cut
    }
}

/// Characters after which an address too long for its line is cut.
pub fn is_address_separator(c: char) -> bool {
    matches!(c, '/' | '.' | '-' | '_' | '?' | '&' | '=' | '#')
}

#[derive(Default)]
struct LineBuilder {
    text: String,
    glyphs: Vec<Glyph>,
    width: f32,
    /// Width and text length without the trailing whitespace of the last piece.
    visible_width: f32,
    visible_len: usize,
}

impl LineBuilder {
    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn push(&mut self, text: &str, shaped: &Shaped) {
        let offset = self.text.len() as u32;
        self.text.push_str(text);
        self.glyphs
            .extend(shaped.glyphs.iter().map(|g| Glyph { cluster: g.cluster + offset, ..*g }));
        self.visible_width = self.width + shaped.visible_width;
        self.width += shaped.width;
        self.visible_len = offset as usize + text.trim_end().len();
    }

    /// The line built so far, without its trailing whitespace, added to the end of `store`;
    /// the builder is then empty.
    fn finish_into(&mut self, store: &mut LineStore) -> StoredLine {
        let len = self.visible_len as u32;
        let (text_start, glyph_start) = (store.text.len(), store.glyphs.len());
        store.text.push_str(&self.text[..self.visible_len]);
        // Room for every glyph at once (at most the trailing spaces' too many), not one by one.
        store.glyphs.reserve(self.glyphs.len());
        store.glyphs.extend(self.glyphs.iter().filter(|g| g.cluster < len));
        let line = StoredLine {
            text: text_start..store.text.len(),
            glyphs: glyph_start..store.glyphs.len(),
            width: self.visible_width,
        };
        self.clear();
        line
    }

    fn clear(&mut self) {
        self.text.clear();
        self.glyphs.clear();
        self.width = 0.0;
        self.visible_width = 0.0;
        self.visible_len = 0;
    }

    /// The line built so far, without its trailing whitespace, in buffers of its own (about
    /// its size); the builder is then empty.
    fn finish(&mut self) -> Line {
        let mut own = LineStore::default();
        let line = self.finish_into(&mut own);
        Line { text: own.text, glyphs: own.glyphs, width: line.width }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kerning_and_real_advances_are_used() {
        let fonts = Fonts::bundled();
        let mut shaper = Shaper::new(&fonts);
        let av = shaper.width(FontId::Regular, "AV");
        let a_v = shaper.width(FontId::Regular, "A") + shaper.width(FontId::Regular, "V");
        assert!(av < a_v, "Noto Sans kerns AV: {av} < {a_v}");
        assert!(shaper.width(FontId::Bold, "Oui") > shaper.width(FontId::Regular, "Oui"));
    }

    #[test]
    fn wraps_at_spaces_and_keeps_every_character() {
        let fonts = Fonts::bundled();
        let mut shaper = Shaper::new(&fonts);
        let text = "Réunions vidéo, y compris depuis des salles de visioconférence";
        // Just wider than the longest word: breaks only at spaces.
        let max = shaper.width(FontId::Regular, "visioconférence") + 0.1;
        let lines = shaper.wrap(FontId::Regular, text, max);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(line.width <= max + 1e-3, "{line:?}");
            assert_eq!(line.text, line.text.trim());
        }
        let joined: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn long_urls_break_after_separators() {
        let fonts = Fonts::bundled();
        let mut shaper = Shaper::new(&fonts);
        let url = "https://webconference.numerique.gouv.fr/tres/long/chemin";
        let lines = shaper.wrap(FontId::Regular, url, 6.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.iter().map(|l| l.text.as_str()).collect::<String>(), url);
        for line in &lines {
            assert!(line.width <= 6.0 + 1e-3);
        }
        assert!(lines[0].text.ends_with(['/', '.', '-']), "{:?}", lines[0].text);
    }

    #[test]
    fn a_line_narrower_than_one_character_still_progresses() {
        let fonts = Fonts::bundled();
        let mut shaper = Shaper::new(&fonts);
        let lines = shaper.wrap(FontId::Regular, "Wéb", 0.01);
        assert_eq!(lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), vec!["W", "é", "b"]);
    }

    /// Wrapping as it was first written: the rest of a word too long for its line shaped again
    /// after each cut (`n²` for a word of `n` characters).
    fn wrap_reshaping(shaper: &mut Shaper<'_>, font: FontId, text: &str, max: f32) -> Vec<Line> {
        let fits = |width: f32, shaped: &Shaped| width + shaped.visible_width <= max + 1e-4;
        let mut sink = Build { out: Vec::new(), current: LineBuilder::default() };
        let mut start = 0;
        for piece in shaper.pieces(font, text).iter() {
            let piece_text = &text[start..piece.end as usize];
            start = piece.end as usize;
            if !fits(sink.width(), &piece.shaped) && !sink.is_empty() {
                sink.end_line();
            }
            if fits(sink.width(), &piece.shaped) {
                sink.push(piece_text, &piece.shaped);
            } else {
                let (mut piece_text, mut shaped) = (piece_text, piece.shaped.clone());
                loop {
                    let cut = emergency_cut(piece_text, &shaped.glyphs, 0, max);
                    let (head, tail) = piece_text.split_at(cut);
                    sink.push(head, &shaper.shape(font, head));
                    sink.end_line();
                    piece_text = tail;
                    if piece_text.is_empty() {
                        break;
                    }
                    shaped = shaper.shape(font, piece_text);
                    if fits(sink.width(), &shaped) {
                        sink.push(piece_text, &shaped);
                        break;
                    }
                }
            }
            if piece.mandatory && !sink.is_empty() {
                sink.end_line();
            }
        }
        if !sink.is_empty() || sink.lines() == 0 {
            sink.end_line();
        }
        sink.out
    }

    proptest::proptest! {
        /// Cutting a long word in the glyphs it was shaped with gives the lines that shaping
        /// each rest again gave (kerning, accents, ligatures, addresses): the bytes of the
        /// outputs did not change when wrapping became linear.
        #[test]
        fn cutting_the_shaped_word_gives_the_lines_of_shaping_each_rest(
            text in "([a-zA-Z0-9éèàœ/.\\-_?&=#]|AV|To|fi|ffl|e\u{301}){0,80}( [a-zé]{0,5}){0,2}",
            max_width in 0.0_f32..12.0,
        ) {
            let fonts = Fonts::bundled();
            let mut shaper = Shaper::new(&fonts);
            for font in [FontId::Regular, FontId::Bold] {
                proptest::prop_assert_eq!(
                    shaper.wrap(font, &text, max_width),
                    wrap_reshaping(&mut shaper, font, &text, max_width)
                );
            }
        }
    }

    /// A word with no break opportunity is cut at its column's width once per line, not
    /// shaped again after each cut: wrapping it shapes about as many bytes as it has, however
    /// long it is (the first version shaped the rest again after each line: 2,000² / 2 / 9
    /// bytes for the first case, and a cell of 10,000 such characters took most of a minute).
    #[test]
    fn a_long_word_is_wrapped_in_time_linear_in_its_length() {
        let fonts = Fonts::bundled();
        let mut shaper = Shaper::new(&fonts);
        let words = ["x".repeat(2_000), "é".repeat(2_000), "ab/".repeat(700), "x".repeat(10_000)];
        for font in [FontId::Regular, FontId::Bold] {
            for text in &words {
                let pieces = shaper.pieces(font, text);
                for max_width in [5.0, 30.0, 0.0] {
                    // Each wrapping shapes every line, and the end at most once more.
                    let mut shaped_by = |wrap: &mut dyn FnMut(&mut Shaper<'_>) -> usize| {
                        let before = shaper.shaped_bytes;
                        let lines = wrap(&mut shaper);
                        let shaped = shaper.shaped_bytes - before;
                        assert!(shaped <= 2 * text.len(), "{shaped} bytes shaped, {}", text.len());
                        lines
                    };
                    let mut lines = Vec::new();
                    let wrapped = shaped_by(&mut |s| {
                        lines = s.wrap_pieces(font, text, &pieces, max_width);
                        lines.len()
                    });
                    let counted = shaped_by(&mut |s| s.count_lines(font, text, &pieces, max_width));
                    let stats =
                        shaped_by(&mut |s| s.wrap_stats(font, text, &pieces, max_width).lines);
                    assert_eq!(lines.iter().map(|l| l.text.as_str()).collect::<String>(), *text);
                    assert_eq!((counted, stats), (wrapped, wrapped));
                    assert!(wrapped > 1);
                }
            }
        }
    }

    #[test]
    fn min_max_widths() {
        let fonts = Fonts::bundled();
        let mut shaper = Shaper::new(&fonts);
        let (min, max) = shaper.min_max(FontId::Regular, "Oui Non communiqué");
        assert!((min - shaper.width(FontId::Regular, "communiqué")).abs() < 1e-4);
        assert!((max - shaper.width(FontId::Regular, "Oui Non communiqué")).abs() < 1e-3);
    }

    proptest::proptest! {
        /// The page plan counts lines with `count_lines` and the pages draw `wrap`'s lines:
        /// they must agree, or rows would overflow their planned height.
        #[test]
        fn counting_agrees_with_wrapping(
            text in "[a-zA-Zé0-9 /.\\-\n\u{A0}]{0,120}",
            max_width in 0.0_f32..30.0,
        ) {
            let fonts = Fonts::bundled();
            let mut shaper = Shaper::new(&fonts);
            for font in [FontId::Regular, FontId::Bold] {
                let lines = shaper.wrap(font, &text, max_width);
                let pieces = shaper.pieces(font, &text);
                proptest::prop_assert_eq!(
                    shaper.count_lines(font, &text, &pieces, max_width),
                    lines.len()
                );
            }
        }
    }

    proptest::proptest! {
        /// The pages keep their lines in a store: the lines stored must be the lines wrapped,
        /// after whatever the store already held.
        #[test]
        fn stored_lines_are_the_wrapped_lines(
            text in "[a-zA-Zé0-9 /.\\-\n\u{A0}]{0,120}",
            max_width in 0.0_f32..30.0,
        ) {
            let fonts = Fonts::bundled();
            let mut shaper = Shaper::new(&fonts);
            let mut store = LineStore::default();
            let mut places = Vec::new();
            let earlier = shaper.pieces(FontId::Bold, "Déjà là");
            let (font, bold) = (FontId::Regular, FontId::Bold);
            shaper.wrap_pieces_into(bold, "Déjà là", &earlier, 3.0, &mut store, &mut places);
            let before = places.len();
            let pieces = shaper.pieces(font, &text);
            shaper.wrap_pieces_into(font, &text, &pieces, max_width, &mut store, &mut places);
            let stored: Vec<Line> = places[before..]
                .iter()
                .map(|p| Line {
                    text: store.text[p.text.clone()].to_owned(),
                    glyphs: store.glyphs[p.glyphs.clone()].to_vec(),
                    width: p.width,
                })
                .collect();
            proptest::prop_assert_eq!(stored, shaper.wrap(FontId::Regular, &text, max_width));
        }
    }

    proptest::proptest! {
        /// A cell's widest width (from its pieces, measured once) is just enough for its text
        /// to break only where it must: the column widths rely on it.
        #[test]
        fn at_its_widest_a_text_breaks_only_where_it_must(
            text in "[a-zA-Zé0-9 /.\\-\n\u{A0}]{0,120}",
        ) {
            let fonts = Fonts::bundled();
            let mut shaper = Shaper::new(&fonts);
            for font in [FontId::Regular, FontId::Bold] {
                let pieces = shaper.pieces(font, &text);
                let (min, max) = pieces.min_max();
                proptest::prop_assert!(min <= max + 1e-6, "{} > {}", min, max);
                proptest::prop_assert_eq!(
                    shaper.count_lines(font, &text, &pieces, max),
                    shaper.count_lines(font, &text, &pieces, f32::MAX)
                );
            }
        }
    }

    #[test]
    fn a_piece_table_gives_back_each_text_s_pieces() {
        let fonts = Fonts::bundled();
        let mut shaper = Shaper::new(&fonts);
        let texts = ["Oui", "", "Non communiqué", "a\nb c", "https://exemple.fr/a-b"];
        let mut table = PieceTable::default();
        for text in texts {
            shaper.push_pieces(FontId::Regular, text, &mut table);
        }
        let ends = |pieces: &[Piece]| -> Vec<(u32, bool)> {
            pieces.iter().map(|p| (p.end, p.mandatory)).collect()
        };
        for (idx, text) in texts.iter().enumerate() {
            let alone = shaper.pieces(FontId::Regular, text);
            assert_eq!(ends(table.get(idx)), ends(&alone), "{text:?}");
            assert_eq!(min_max(table.get(idx)), alone.min_max(), "{text:?}");
        }
    }

    #[test]
    fn missing_characters_are_found() {
        let fonts = Fonts::bundled();
        let mut shaper = Shaper::new(&fonts);
        for _ in 0..2 {
            // Twice: the second time from the remembered coverage.
            assert_eq!(shaper.missing_char(FontId::Regular, "éèàçœÉ«»’\u{A0}\u{202F}"), None);
            assert_eq!(shaper.missing_char(FontId::Regular, "ok 😀"), Some('😀'));
            // U+0378 is unassigned: below the limit, and missing.
            assert_eq!(shaper.missing_char(FontId::Bold, "a\u{378}"), Some('\u{378}'));
        }
    }
}
