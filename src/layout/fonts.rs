//! Fonts: the regular and bold faces every painter uses, read once.
//!
//! In: the bundled Noto Sans (compiled in, so a fresh machine needs nothing) or a folder given
//! with `--fonts` (e.g. Marianne). Out: [`Fonts`], whose bytes both the layout (shaping) and
//! the painters (embedding, outlines) read. System fonts are never used.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Which face of the family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontId {
    Regular,
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
    pub regular: FontData,
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
    #[error("impossible de lire la police {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} n'est pas une police TrueType ou OpenType lisible")]
    Invalid { path: String },
    #[error(
        "le dossier de polices {dir} doit contenir une police normale (…-Regular.ttf ou .otf) et une grasse (…-Bold.ttf ou .otf) ; trouvé : {found}"
    )]
    Missing { dir: String, found: String },
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

    /// Reads a family from `dir`: the files whose names end in `-Regular` and `-Bold`, in
    /// any case (`.ttf` or `.otf`), e.g. `Marianne-Regular.otf` and `Marianne-Bold.otf`; the
    /// first of each in name order when there are several.
    pub fn from_dir(dir: &Path) -> Result<Fonts, FontError> {
        let entries = std::fs::read_dir(dir)
            .map_err(|source| FontError::Io { path: dir.display().to_string(), source })?;
        let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        // Directory order differs between machines; sort for a reproducible choice.
        names.sort();
        // `-Regular` / `-Bold` in any case (`marianne-bold.otf` too).
        let pick = |suffix: &str| -> Option<PathBuf> {
            names
                .iter()
                .find(|p| {
                    let stem = p
                        .file_stem()
                        .and_then(|s| s.to_str())
                        .unwrap_or_default()
                        .to_ascii_lowercase();
                    let ext = p
                        .extension()
                        .and_then(|s| s.to_str())
                        .unwrap_or_default()
                        .to_ascii_lowercase();
                    stem.ends_with(suffix) && (ext == "ttf" || ext == "otf")
                })
                .cloned()
        };
        let (Some(regular), Some(bold)) = (pick("-regular"), pick("-bold")) else {
            let found: Vec<String> = names
                .iter()
                .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect();
            return Err(FontError::Missing {
                dir: dir.display().to_string(),
                found: if found.is_empty() { "aucun fichier".into() } else { found.join(", ") },
            });
        };
        Ok(Fonts { regular: read_font(&regular)?, bold: read_font(&bold)? })
    }

    pub fn get(&self, id: FontId) -> &FontData {
        match id {
            FontId::Regular => &self.regular,
            FontId::Bold => &self.bold,
        }
    }
}

fn read_font(path: &Path) -> Result<FontData, FontError> {
    let bytes = std::fs::read(path)
        .map_err(|source| FontError::Io { path: path.display().to_string(), source })?;
    if rustybuzz::Face::from_slice(&bytes, 0).is_none() {
        return Err(FontError::Invalid { path: path.display().to_string() });
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(FontData { bytes: Arc::new(bytes), name })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_s_family_is_found_whatever_the_case_of_its_names() {
        let dir = std::env::temp_dir().join(format!("comparatif-fonts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let bundled = Fonts::bundled();
        std::fs::write(dir.join("marianne-regular.TTF"), &*bundled.regular.bytes).unwrap();
        std::fs::write(dir.join("MARIANNE-BOLD.otf"), &*bundled.bold.bytes).unwrap();
        // Not fonts by their extension: never picked.
        std::fs::write(dir.join("Lisez-moi-Regular.txt"), "texte").unwrap();
        std::fs::write(dir.join("A-Bold.woff2"), "woff2").unwrap();
        let fonts = Fonts::from_dir(&dir).expect("the family is found");
        assert_eq!(fonts.regular.name, "marianne-regular.TTF");
        assert_eq!(fonts.bold.name, "MARIANNE-BOLD.otf");
        assert_eq!(fonts.bold.bytes, bundled.bold.bytes);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
