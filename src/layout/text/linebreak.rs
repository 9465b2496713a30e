//! Line breaking: shaped pieces and a width in em → lines (built into a `LineStore`, returned,
//! or only counted), a word too long for its line cut between syllables with a hyphen (or at
//! an address's break), once at the line's width, in time linear in its length.

use super::*;

impl<'f> Shaper<'f> {
    /// Wraps `text` into lines no wider than `max_width` em. A piece that does not fit on a
    /// line of its own is broken inside: between syllables, the line then ending with a
    /// hyphen (its text with a soft hyphen, U+00AD), or at an address's break
    /// (see `breaks`). Always at least one line (empty for an empty text).
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
    /// at most `max_width` em wide (see [`inner_cut`]), the last of them left open: between
    /// two syllables with a hyphen, or at an address's break, or, when none fits, at the last
    /// character that fits (with a hyphen between two letters).
    ///
    /// The cuts are found by walking the piece's glyphs once, from one cut to the next: shaping
    /// the rest of the piece again after each cut made a word of `n` characters cost `n²`
    /// (10,000 characters with no break opportunity took most of a minute). Only a line's
    /// own text is shaped again (at most a line long), for the advances it has without the
    /// characters after it, and only when the line is measured or drawn (not when lines are
    /// only counted); the rest is shaped again once it fits on a line. None of them is kept
    /// in the cache. The breaks inside the piece are found once, in time linear in its length.
    fn break_inside(
        &mut self,
        font: FontId,
        text: &str,
        shaped: &Shaped,
        max_width: f32,
        sink: &mut impl LineSink,
    ) {
        let glyphs = shaped.glyphs.as_slice();
        let mut breaks = std::mem::take(&mut self.breaks);
        breaks.clear();
        breaks::inner_breaks(text, 1, &mut breaks);
        let address = breaks::is_address(text.trim());
        let hyphen = self.shape(font, HYPHEN);
        // Where the rest of the piece starts: a byte offset in `text`, its first glyph, and
        // the first break after it.
        let (mut from, mut glyph_from, mut break_from) = (0, 0, 0);
        loop {
            let rest = &text[from..];
            let rest_glyphs = &glyphs[glyph_from.min(glyphs.len())..];
            while breaks.get(break_from).is_some_and(|b| b.at <= from) {
                break_from += 1;
            }
            let cut = inner_cut(
                rest,
                rest_glyphs,
                from,
                max_width,
                &breaks[break_from..],
                CutOptions { hyphen_width: hyphen.width, address },
            );
            let (head, tail) = rest.split_at(cut.at);
            if cut.breaks_word && !tail.trim_end().is_empty() {
                sink.broke_word();
            }
            let head_glyphs =
                rest_glyphs.iter().take_while(|g| (g.cluster as usize) < from + cut.at);
            match sink.measures() {
                Measures::Drawn => {
                    let head_shaped = self.shape_keeping(font, head, Keep::Never);
                    sink.push(head, &head_shaped);
                    if cut.hyphen {
                        sink.push(SOFT_HYPHEN, &hyphen);
                    }
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
                    if cut.hyphen {
                        width += hyphen.width;
                        visible_width = width;
                    }
                    sink.push(head, &Shaped { glyphs: Vec::new(), width, visible_width });
                }
                Measures::Lines => {}
            }
            sink.end_line();
            glyph_from += head_glyphs.count();
            from += cut.at;
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
        self.breaks = breaks;
    }
}

/// The hyphen drawn at the end of a line that breaks a word.
const HYPHEN: &str = "-";
/// What a line that breaks a word holds at its end, drawn with [`HYPHEN`]'s glyph: a soft
/// hyphen, as a tagged PDF marks a hyphenation (ISO 32000-1, 14.8.2.2.3), so that the text
/// read out or copied is the whole word.
pub const SOFT_HYPHEN: &str = "\u{AD}";

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
pub(super) trait LineSink {
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
pub(super) enum Measures {
    /// Their glyphs as drawn: each line is shaped on its own.
    Drawn,
    /// Their widths, taken from the word's glyphs without shaping the line again (the last
    /// advance keeps its kerning with the letter after the cut).
    Widths,
    /// Only how many lines there are: the line is neither shaped nor pushed.
    Lines,
}

/// Builds the lines, one at a time, and hands each to `out`.
pub(super) struct Build<O> {
    pub(super) out: O,
    pub(super) current: LineBuilder,
}

/// Where [`Build`] puts the lines it builds.
pub(super) trait LineOutput {
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
    /// Words too long for a line, cut inside with a hyphen (an address cut at its breaks is not).
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

/// Where [`inner_cut`] cuts, in the rest of a piece.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Cut {
    /// Byte offset of the cut in the rest of the piece.
    pub(super) at: usize,
    /// Whether the line ends with a hyphen there.
    pub(super) hyphen: bool,
    /// Whether the cut breaks a word: between two syllables, or, when no break fits, anywhere
    /// (not at an address's break).
    pub(super) breaks_word: bool,
}

/// What [`inner_cut`] needs besides the text.
#[derive(Clone, Copy)]
pub(super) struct CutOptions {
    /// Advance of the hyphen, in em.
    pub(super) hyphen_width: f32,
    /// Whether the piece is an address (never cut with a hyphen).
    pub(super) address: bool,
}

/// Where to cut a piece that is wider than `max_width` on its own: at the last of `breaks`
/// (a syllable's end, the hyphen counted, or an address's break) that fits on the line, a
/// weak one only when no other fits; when none does, after the last cluster that fits (with a hyphen when it falls between two
/// letters outside an address); always after at least one cluster (so that wrapping always
/// progresses). `text` is the rest of a piece from byte `base` on, `glyphs` its glyphs as
/// shaped with the whole piece and `breaks` the piece's breaks after `base` (clusters and
/// breaks counted from the piece's start). Walks the glyphs only up to the first cluster that
/// does not fit.
pub(super) fn inner_cut(
    text: &str,
    glyphs: &[Glyph],
    base: usize,
    max_width: f32,
    breaks: &[InnerBreak],
    options: CutOptions,
) -> Cut {
    // A cluster's byte offset in `text` (a glyph's cluster is at least `base`).
    let offset = |glyph: &Glyph| (glyph.cluster as usize).saturating_sub(base).min(text.len());
    // Whether a cut at `at` (after at least one character, before the end) falls between two
    // letters of a word, where a hyphen shows that it goes on.
    let inside_word = |at: usize| {
        !options.address
            && text[..at].chars().next_back().is_some_and(char::is_alphanumeric)
            && text[at..].chars().next().is_some_and(char::is_alphanumeric)
    };
    let fits = |width: f32| width <= max_width + 1e-4;
    let mut width = 0.0;
    let mut next_break = 0;
    let mut best: Option<Cut> = None;
    // The last weak break that fits (see `InnerBreak::weak`): only when no other does.
    let mut weak: Option<Cut> = None;
    let mut fallback: Option<Cut> = None;
    let mut first: Option<Cut> = None;
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
        let cluster_end = glyphs.get(next).map_or(text.len(), offset);
        if !fits(width + advance) && first.is_some() {
            break;
        }
        width += advance;
        idx = next;
        if cluster_end == 0 || cluster_end >= text.len() || !text.is_char_boundary(cluster_end) {
            continue;
        }
        let hyphen = inside_word(cluster_end);
        let cut = Cut { at: cluster_end, hyphen, breaks_word: true };
        first.get_or_insert(cut);
        let with_hyphen = |h: bool| if h { width + options.hyphen_width } else { width };
        if fits(with_hyphen(hyphen)) {
            fallback = Some(cut);
        }
        while breaks.get(next_break).is_some_and(|b| b.at < base + cluster_end) {
            next_break += 1;
        }
        if let Some(b) = breaks.get(next_break).filter(|b| b.at == base + cluster_end)
            && fits(with_hyphen(b.hyphen))
        {
            let cut = Some(Cut { at: cluster_end, hyphen: b.hyphen, breaks_word: b.hyphen });
            if b.weak { weak = cut } else { best = cut }
        }
    }
    best.or(weak).or(fallback).or(first).unwrap_or_else(|| Cut {
        at: text.chars().next().map_or(text.len(), char::len_utf8),
        hyphen: false,
        breaks_word: true,
    })
}

#[derive(Default)]
pub(super) struct LineBuilder {
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
