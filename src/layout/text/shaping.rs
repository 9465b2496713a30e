//! Shaping: a text and a font → glyphs with their advances (rustybuzz, cached), and the text
//! cut at its UAX #14 break opportunities into shaped pieces with their widths in em.

use std::rc::Rc;

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::*;

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
            breaks: Vec::new(),
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

    pub(super) fn shape(&mut self, font: FontId, text: &str) -> Rc<Shaped> {
        self.shape_keeping(font, text, Keep::Short)
    }

    /// Shapes `text`, from the cache when it is there; keeps it there when `keep` says so.
    pub(super) fn shape_keeping(&mut self, font: FontId, text: &str, keep: Keep) -> Rc<Shaped> {
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

    /// Appends to `pieces` the pieces of `text`: cut at its UAX #14 opportunities but those
    /// inside an address (which breaks only when it is longer than its line, at the places
    /// `breaks` allows) and after the hyphen of an acronym (« DTLS-SRTP » stays whole).
    pub(super) fn cut(&mut self, font: FontId, text: &str, pieces: &mut Vec<Piece>) {
        let addresses = address_spans(text);
        let mut start = 0;
        for (end, opportunity) in linebreaks(text) {
            let mandatory = opportunity == BreakOpportunity::Mandatory;
            let kept = mandatory
                || end == text.len()
                || !(addresses.iter().any(|&(a, b)| a < end && end < b)
                    || text[..end].ends_with('-')
                        && !breaks::may_break_after_hyphen(&text[start..end], &text[end..]));
            if !kept {
                continue;
            }
            let shaped = self.shape(font, &text[start..end]);
            start = end;
            pieces.push(Piece {
                // Texts are far below 4 GiB (see `limits`).
                end: end as u32,
                mandatory,
                shaped,
            });
        }
    }

    /// The narrowest an address can be laid out, in em: its widest part
    /// ([`Shaper::address_parts`]), where wrapping cuts an address too long for its line.
    pub fn address_min(&mut self, font: FontId, text: &str) -> f32 {
        let parts = self.address_parts(font, text);
        parts.into_iter().map(|part| self.width(font, part)).fold(0.0, f32::max)
    }

    /// The parts of an address (or of any text read as one) between two of its break
    /// opportunities (UAX #14 outside addresses, [`address_breaks`] inside): what never
    /// breaks when the address has room for its widest part. Trailing spaces are kept.
    pub fn address_parts<'t>(&mut self, font: FontId, text: &'t str) -> Vec<&'t str> {
        let mut pieces = Vec::new();
        self.cut(font, text, &mut pieces);
        let mut cuts: Vec<usize> = pieces.iter().map(|p| p.end as usize).collect();
        let mut inner = Vec::new();
        address_breaks(text, &mut inner);
        cuts.extend(inner.iter().map(|b| b.at));
        cuts.sort_unstable();
        let mut parts = Vec::with_capacity(cuts.len() + 1);
        let mut start = 0;
        for end in cuts {
            if end > start {
                parts.push(&text[start..end]);
                start = end;
            }
        }
        if start < text.len() || parts.is_empty() {
            parts.push(&text[start..]);
        }
        parts
    }

    /// See [`Pieces::min_max`].
    pub fn min_max(&mut self, font: FontId, text: &str) -> (f32, f32) {
        self.pieces(font, text).min_max()
    }
}

/// Byte ranges of the addresses ([`breaks::is_address`]) among the whitespace-separated
/// tokens of `text`; none without « :// », « www. », « mailto: » or « @ » in it (most cells).
fn address_spans(text: &str) -> Vec<(usize, usize)> {
    if !(text.contains("://") || text.contains("www.") || text.contains(':') || text.contains('@'))
    {
        return Vec::new();
    }
    text.split(char::is_whitespace)
        .filter(|token| breaks::is_address(token))
        .map(|token| {
            let start = token.as_ptr() as usize - text.as_ptr() as usize;
            (start, start + token.len())
        })
        .collect()
}
