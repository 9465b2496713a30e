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
}

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

    /// A family from the files' names and bytes (TrueType or OpenType); refused when a file
    /// is not a font the shaper can read.
    pub fn from_files(regular: FontData, bold: FontData) -> Result<Fonts, FontError> {
        for face in [&regular, &bold] {
            if rustybuzz::Face::from_slice(&face.bytes, 0).is_none() {
                return Err(FontError::Invalid { name: face.name.clone() });
            }
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
}
