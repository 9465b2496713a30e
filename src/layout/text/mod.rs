//! Text: a text and a font → its shaped pieces, widths in em and wrapped lines.
//!
//! Shaping uses the font's real advances and kerning (rustybuzz); lines break at UAX #14
//! opportunities (not inside an address, nor after the hyphen of an acronym), then inside a
//! word longer than its line, between syllables with a hyphen, or inside an address at the
//! places typographers allow (`breaks`).
//!
//! In: text and a [`FontId`]. Out: measured widths and wrapped [`Line`]s of positioned glyphs.
//! Widths are in em (multiply by the font size to get points). The types live here; shaping and
//! cutting at break opportunities in `shaping`, breaks inside words in `breaks`, breaking into
//! lines in `linebreak`.

mod breaks;
mod linebreak;
mod shaping;

use rustc_hash::FxHashMap;
use std::rc::Rc;

use super::fonts::{FontId, Fonts};
pub use breaks::{
    HTML_MIN_LETTERS, InnerBreak, address_breaks, inner_breaks, is_address, may_break_after_hyphen,
};
use linebreak::LineBuilder;
pub use linebreak::WrapStats;

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
    /// Buffer of the breaks inside the piece being cut by [`Shaper::wrap_pieces`].
    breaks: Vec<InnerBreak>,
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

#[cfg(test)]
mod tests {
    use super::linebreak::{Build, CutOptions, LineSink, SOFT_HYPHEN, inner_cut};
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

    /// Issue 24: a word longer than its line breaks between syllables, the line ending with a
    /// hyphen (drawn, and counted in its width; a soft hyphen in its text); an address breaks
    /// where typographers allow, with no hyphen, never leaving « .fr » alone; « DTLS-SRTP »
    /// does not break after its hyphen.
    #[test]
    fn issue_24_words_break_between_syllables_and_addresses_at_their_breaks() {
        let fonts = Fonts::bundled();
        let mut shaper = Shaper::new(&fonts);
        let font = FontId::Regular;
        // The hyphen's width counts: room for « interminis » alone is not enough.
        let max = shaper.width(font, "interminis") + 0.01;
        let lines = shaper.wrap(font, "Réseau interministériel", max);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Réseau", "intermi\u{AD}", "nistériel"]);
        let max = shaper.width(font, "interminis-") + 0.01;
        let lines = shaper.wrap(font, "Réseau interministériel", max);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Réseau", "interminis\u{AD}", "tériel"]);
        let hyphen = shaper.width(font, "-");
        assert!(hyphen > 0.0);
        assert!(
            (lines[1].width - shaper.width(font, "interminis") - hyphen).abs() < 1e-3,
            "{lines:?}"
        );
        // Drawn with the hyphen's glyph.
        let dash = shaper.shape(font, "-").glyphs[0].id;
        assert_eq!(lines[1].glyphs.last().map(|g| g.id), Some(dash));
        for line in &lines {
            assert!(line.width <= max + 1e-3);
        }
        // A word that fits is never broken, even when the next one does not.
        let wide = shaper.width(font, "Réseau interministériel") + 0.01;
        assert_eq!(shaper.wrap(font, "Réseau interministériel", wide).len(), 1);

        let url = "https://webconference.numerique.gouv.fr";
        let max = shaper.width(font, "webconference.numerique") + 0.01;
        let texts: Vec<String> = shaper.wrap(font, url, max).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["https://webconference", ".numerique.gouv.fr"]);

        // The columns' balance counts the words cut: a syllable break or a cut inside an
        // address's part is one, an address's break is not.
        let stats = |shaper: &mut Shaper<'_>, text: &str, max: f32| {
            let pieces = shaper.pieces(font, text);
            shaper.wrap_stats(font, text, &pieces, max).broken_words
        };
        let part = shaper.width(font, "webconference.numerique") + 0.01;
        assert_eq!(stats(&mut shaper, url, part), 0);
        let narrow = shaper.width(font, "webconf") + 0.01;
        assert!(stats(&mut shaper, url, narrow) > 0);
        let max = shaper.width(font, "interminis-") + 0.01;
        assert_eq!(stats(&mut shaper, "interministériel", max), 1);

        // « DTLS-SRTP » moves whole to the next line.
        let max = shaper.width(font, "chiffré DTLS-") + 0.01;
        let texts: Vec<String> =
            shaper.wrap(font, "chiffré DTLS-SRTP", max).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["chiffré", "DTLS-SRTP"]);
    }

    #[test]
    fn a_line_narrower_than_one_character_still_progresses() {
        let fonts = Fonts::bundled();
        let mut shaper = Shaper::new(&fonts);
        let lines = shaper.wrap(FontId::Regular, "Wéb", 0.01);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["W\u{AD}", "é\u{AD}", "b"]);
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
                let mut breaks = Vec::new();
                inner_breaks(piece_text, 1, &mut breaks);
                let hyphen = shaper.shape(font, "-");
                let options = CutOptions {
                    hyphen_width: hyphen.width,
                    address: is_address(piece_text.trim()),
                };
                let (whole, mut consumed) = (piece_text, 0);
                let (mut piece_text, mut shaped) = (piece_text, piece.shaped.clone());
                loop {
                    let rest_breaks: Vec<InnerBreak> = breaks
                        .iter()
                        .filter(|b| b.at > consumed)
                        .map(|b| InnerBreak { at: b.at - consumed, ..*b })
                        .collect();
                    let cut = inner_cut(piece_text, &shaped.glyphs, 0, max, &rest_breaks, options);
                    let (head, tail) = piece_text.split_at(cut.at);
                    sink.push(head, &shaper.shape(font, head));
                    if cut.hyphen {
                        sink.push(SOFT_HYPHEN, &hyphen);
                    }
                    sink.end_line();
                    consumed += cut.at;
                    piece_text = &whole[consumed..];
                    debug_assert_eq!(piece_text, tail);
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
                    let joined: String = lines.iter().map(|l| l.text.as_str()).collect();
                    assert_eq!(joined.replace(SOFT_HYPHEN, ""), *text);
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
