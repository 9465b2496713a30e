//! Fonts: the bundled family or two font files → the regular and bold faces every stage uses.
//!
//! In: the bundled Noto Sans (compiled in, so a fresh machine needs nothing) or the bytes of
//! two font files (the command line reads them from the folder given with `--fonts`, e.g.
//! Marianne). Out: [`Fonts`], whose bytes both the layout (shaping) and the painters
//! (embedding, outlines) read. System fonts are never used.

use std::sync::Arc;

/// Which face of the family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontId {
    /// The regular face: body text, cells, notes.
    Regular,
    /// The bold face: the title, the headers and the row-header column.
    Bold,
}

/// One font file in memory.
#[derive(Clone)]
pub struct FontData {
    /// The file's bytes (TrueType or OpenType).
    pub bytes: Arc<Vec<u8>>,
    /// File name, for messages.
    pub name: String,
}

/// The family used by every output.
#[derive(Clone)]
pub struct Fonts {
    /// The regular face ([`FontId::Regular`]).
    pub regular: FontData,
    /// The bold face ([`FontId::Bold`]).
    pub bold: FontData,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("regular", &self.regular.name)
            .field("bold", &self.bold.name)
            .finish()
    }
}

/// A font could not be used.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// The shaper cannot read the file as a TrueType or OpenType font (face 0).
    #[error("{name} n'est pas une police TrueType ou OpenType lisible")]
    Invalid {
        /// The file's name as given in [`FontData::name`].
        name: String,
    },
    /// Its letters and digits have no outline (no `glyf` or `CFF` table, or empty glyphs).
    #[error(
        "la police {name} ne contient pas le dessin de ses lettres : le texte serait invisible dans le PDF et la vignette"
    )]
    NoOutlines {
        /// The file's name as given in [`FontData::name`].
        name: String,
    },
    /// The PDF's subsetter cannot read every glyph of it.
    #[error(
        "la police {name} ne peut pas être intégrée au PDF : le fichier est abîmé, ou sa forme n'est pas prise en charge"
    )]
    NotEmbeddable {
        /// The file's name as given in [`FontData::name`].
        name: String,
    },
}

/// Letters and digits whose glyphs a font must draw when it has them: the text of a French
/// table is made of them, and a glyph of one without any outline is invisible.
const DRAWN: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

impl Fonts {
    /// The bundled Noto Sans Regular and Bold (SIL Open Font License, `fonts/OFL.txt`).
    pub fn bundled() -> Fonts {
        Fonts {
            regular: FontData {
                bytes: Arc::new(include_bytes!("../../fonts/NotoSans-Regular.ttf").to_vec()),
                name: "NotoSans-Regular.ttf".into(),
            },
            bold: FontData {
                bytes: Arc::new(include_bytes!("../../fonts/NotoSans-Bold.ttf").to_vec()),
                name: "NotoSans-Bold.ttf".into(),
            },
        }
    }

    /// A family from the files' names and bytes (TrueType or OpenType); refused, before
    /// anything is laid out or written, when a file is not a font the shaper can read, when
    /// its letters and digits have no outlines (a font without `glyf` or `CFF` table, or with
    /// empty glyphs: the text would be invisible), or when the PDF cannot embed it (the
    /// subsetter the PDF uses fails on it, with all of its glyphs).
    pub fn from_files(regular: FontData, bold: FontData) -> Result<Fonts, FontError> {
        for face in [&regular, &bold] {
            check(face)?;
        }
        Ok(Fonts { regular, bold })
    }

    /// The face `id` names.
    pub fn get(&self, id: FontId) -> &FontData {
        match id {
            FontId::Regular => &self.regular,
            FontId::Bold => &self.bold,
        }
    }
}

/// Refuses a font the shaper cannot read, whose letters are not drawn, or that the PDF
/// cannot embed (see [`Fonts::from_files`]).
fn check(data: &FontData) -> Result<(), FontError> {
    use skrifa::instance::{LocationRef, Size};
    use skrifa::outline::{DrawSettings, OutlinePen};
    use skrifa::{FontRef, MetadataProvider};

    /// Counts the drawing commands of an outline.
    struct Count(usize);
    impl OutlinePen for Count {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {
            self.0 += 1;
        }
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {
            self.0 += 1;
        }
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {
            self.0 += 1;
        }
        fn close(&mut self) {}
    }

    let name = || data.name.clone();
    let Some(face) = rustybuzz::Face::from_slice(&data.bytes, 0) else {
        return Err(FontError::Invalid { name: name() });
    };
    let font = FontRef::new(&data.bytes).map_err(|_| FontError::Invalid { name: name() })?;
    // As the PNG draws them (skrifa reads `glyf`, `CFF` and `CFF2`); the letters the font
    // lacks are the glyph check's business, per cell.
    let outlines = font.outline_glyphs();
    let charmap = font.charmap();
    let settings = || DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
    let mut mapped = 0;
    for ch in DRAWN.chars() {
        let Some(glyph) = charmap.map(ch) else { continue };
        mapped += 1;
        let mut pen = Count(0);
        let drawn = outlines.get(glyph).is_some_and(|g| g.draw(settings(), &mut pen).is_ok());
        if !drawn || pen.0 == 0 {
            return Err(FontError::NoOutlines { name: name() });
        }
    }
    if mapped == 0 && outlines.format().is_none() {
        return Err(FontError::NoOutlines { name: name() });
    }
    // The PDF embeds the glyphs a table uses with this subsetter (krilla's); all of them here,
    // so that no table can hit a glyph it cannot read.
    let mut glyphs = subsetter::GlyphRemapper::new();
    for id in 0..face.number_of_glyphs() {
        glyphs.remap(id);
    }
    subsetter::subset_with_variations(&data.bytes, 0, &[], &glyphs)
        .map_err(|_| FontError::NotEmbeddable { name: name() })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_font_files_make_a_family() {
        let bundled = Fonts::bundled();
        let fonts = Fonts::from_files(bundled.bold.clone(), bundled.regular.clone()).unwrap();
        assert_eq!(fonts.regular.name, "NotoSans-Bold.ttf");
        let text = FontData { bytes: Arc::new(b"texte".to_vec()), name: "lisez-moi.otf".into() };
        let err = Fonts::from_files(bundled.regular.clone(), text).unwrap_err();
        assert_eq!(
            err.to_string(),
            "lisez-moi.otf n'est pas une police TrueType ou OpenType lisible"
        );
    }

    /// `bytes`, a font, with the table directory's record of `tag` changed by `change` (its
    /// tag, and its length in bytes).
    fn with_table(bytes: &[u8], tag: &[u8; 4], change: impl Fn(&mut [u8; 4], &mut u32)) -> Vec<u8> {
        let mut bytes = bytes.to_vec();
        let tables = usize::from(u16::from_be_bytes([bytes[4], bytes[5]]));
        let record = (0..tables).map(|idx| 12 + 16 * idx).find(|&at| &bytes[at..at + 4] == tag);
        let at = record.expect("the font has the table");
        let mut name: [u8; 4] = bytes[at..at + 4].try_into().unwrap();
        let mut length = u32::from_be_bytes(bytes[at + 12..at + 16].try_into().unwrap());
        change(&mut name, &mut length);
        bytes[at..at + 4].copy_from_slice(&name);
        bytes[at + 12..at + 16].copy_from_slice(&length.to_be_bytes());
        bytes
    }

    #[test]
    fn issue_21_a_font_that_cannot_draw_or_be_embedded_is_refused_by_name() {
        let bundled = Fonts::bundled();
        let named =
            |bytes: Vec<u8>, name: &str| FontData { bytes: Arc::new(bytes), name: name.into() };
        let regular = &bundled.regular.bytes;
        // No `glyf` table (renamed, the directory kept in order): the shaper still reads the
        // font, whose every letter has an advance and no outline.
        let no_glyf = with_table(regular, b"glyf", |tag, _| *tag = *b"glye");
        assert!(rustybuzz::Face::from_slice(&no_glyf, 0).is_some());
        let err = Fonts::from_files(named(no_glyf, "Vide-Regular.ttf"), bundled.bold.clone());
        assert_eq!(
            err.unwrap_err().to_string(),
            "la police Vide-Regular.ttf ne contient pas le dessin de ses lettres : le texte serait invisible dans le PDF et la vignette"
        );
        // The last glyphs cut off the end of `glyf`: letters and digits are still drawn, but
        // the PDF's subsetter cannot read every glyph (« malformed font »).
        let cut = with_table(regular, b"glyf", |_, length| *length -= 2_000);
        let err = Fonts::from_files(bundled.regular.clone(), named(cut, "Coupee-Bold.ttf"));
        assert_eq!(
            err.unwrap_err().to_string(),
            "la police Coupee-Bold.ttf ne peut pas être intégrée au PDF : le fichier est abîmé, ou sa forme n'est pas prise en charge"
        );
    }
}
