//! The file system side of the command line: paths → the bytes the library takes, and the
//! library's outputs → files written atomically.
//!
//! In: paths given on the command line. Out: the descriptor, the table's bytes and the fonts
//! for `comparatif::pipeline`; the files of `out/`, each either the old complete file or the new
//! complete file whatever happens during the write (temporary file in the same folder, flushed,
//! then renamed over the old one).

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use comparatif::diag::StaleState;
use comparatif::layout::fonts::{FontData, Fonts};
use comparatif::limits::{MAX_DESCRIPTOR_BYTES, MAX_FILE_BYTES};
use comparatif::pipeline::{FILES, Output};
use comparatif::schema::{self, Descriptor};

/// The descriptor given, else `datapackage.json` beside the table.
pub fn descriptor_path(table: &Path, given: Option<&Path>) -> PathBuf {
    match given {
        Some(path) => path.to_owned(),
        None => table.parent().unwrap_or(Path::new("")).join("datapackage.json"),
    }
}

/// The descriptor of `table` ([`descriptor_path`]) and where it was read. When none was given
/// and there is none beside the table, the error says what to do: the table itself is missing
/// (a mistyped name), or it lives outside the repository (a workbook saved from an e-mail) and
/// `--descriptor` names the repository's.
pub fn descriptor_for(table: &Path, given: Option<&Path>) -> anyhow::Result<(PathBuf, Descriptor)> {
    let path = descriptor_path(table, given);
    if given.is_none() && !path.exists() {
        if !table.exists() {
            // Opening it gives the French message that names it.
            self::table(table)?;
        }
        let example = if Path::new("datapackage.json").exists() {
            "« --descriptor datapackage.json » (celui du dossier courant)".to_owned()
        } else {
            "« --descriptor chemin/du/depot/datapackage.json »".to_owned()
        };
        anyhow::bail!(
            "aucun descripteur à côté de {} ({} introuvable)\n  aide : le descripteur est cherché dans le dossier du tableau ; indiquez celui du dépôt avec {example}",
            table.display(),
            path.display()
        );
    }
    let descriptor = descriptor(&path)?;
    Ok((path, descriptor))
}

/// Reads and parses the descriptor at `path`; a file larger than the limit is refused by the
/// parser after reading one byte more than the limit, never the whole file.
pub fn descriptor(path: &Path) -> anyhow::Result<Descriptor> {
    let shown = path.display();
    let bytes = read_at_most(path, MAX_DESCRIPTOR_BYTES)
        .with_context(|| format!("impossible de lire le descripteur {shown}"))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!("descripteur {shown} refusé : le fichier n'est pas encodé en UTF-8")
    })?;
    schema::parse(&text).with_context(|| format!("descripteur {shown} refusé"))
}

/// The table's bytes, at most one byte more than the largest table accepted (the library then
/// says the limit is passed).
pub fn table(path: &Path) -> anyhow::Result<Vec<u8>> {
    read_at_most(path, MAX_FILE_BYTES)
        .with_context(|| format!("impossible d'ouvrir le tableau {}", path.display()))
}

/// The file at `path`, up to `limit + 1` bytes.
fn read_at_most(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    File::open(path)?.take(limit + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads a family from `dir`: the files whose names end in `-Regular` and `-Bold`, in any case
/// (`.ttf` or `.otf`), e.g. `Marianne-Regular.otf` and `Marianne-Bold.otf`; the first of each
/// in name order when there are several.
pub fn fonts(dir: &Path) -> anyhow::Result<Fonts> {
    let entries = fs::read_dir(dir)
        .with_context(|| format!("impossible de lire le dossier de polices {}", dir.display()))?;
    let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    // Directory order differs between machines; sort for a reproducible choice.
    names.sort();
    let lower = |s: Option<&std::ffi::OsStr>| {
        s.and_then(|s| s.to_str()).unwrap_or_default().to_ascii_lowercase()
    };
    // `-Regular` / `-Bold` in any case (`marianne-bold.otf` too).
    let pick = |suffix: &str| -> Option<&PathBuf> {
        names.iter().find(|p| {
            let ext = lower(p.extension());
            lower(p.file_stem()).ends_with(suffix) && (ext == "ttf" || ext == "otf")
        })
    };
    let (Some(regular), Some(bold)) = (pick("-regular"), pick("-bold")) else {
        let found: Vec<String> = names
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        let found = if found.is_empty() { "aucun fichier".into() } else { found.join(", ") };
        anyhow::bail!(
            "le dossier de polices {} doit contenir une police normale (…-Regular.ttf ou .otf) et une grasse (…-Bold.ttf ou .otf) ; trouvé : {found}",
            dir.display()
        );
    };
    let read = |path: &Path| -> anyhow::Result<FontData> {
        let bytes = fs::read(path)
            .with_context(|| format!("impossible de lire la police {}", path.display()))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(FontData { bytes: Arc::new(bytes), name })
    };
    Fonts::from_files(read(regular)?, read(bold)?)
        .with_context(|| format!("dossier de polices {}", dir.display()))
}

/// Removes the temporary files a killed build may have left in `dir` (`.tableau.pdf.<pid>.tmp`).
pub fn remove_leftovers(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours =
            FILES.iter().any(|f| name.starts_with(&format!(".{f}.")) && name.ends_with(".tmp"));
        if ours {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Names of the outputs that `dir` lacks or holds with other bytes (`build --check`), in the
/// order of `outputs`, each with which of the two.
pub fn stale(dir: &Path, outputs: &[Output]) -> Vec<(&'static str, StaleState)> {
    outputs
        .iter()
        .filter_map(|out| match fs::read(dir.join(out.name)) {
            Ok(bytes) if bytes == out.bytes => None,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                Some((out.name, StaleState::Absent))
            }
            // Other bytes, or a file that cannot be read (a folder in its place…).
            Ok(_) | Err(_) => Some((out.name, StaleState::Different)),
        })
        .collect()
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, flushed to disk, then
/// renamed over `path`. On any error the temporary file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_s_family_is_found_whatever_the_case_of_its_names() {
        let dir = std::env::temp_dir().join(format!("comparatif-fonts-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let bundled = Fonts::bundled();
        fs::write(dir.join("marianne-regular.TTF"), &*bundled.regular.bytes).unwrap();
        fs::write(dir.join("MARIANNE-BOLD.otf"), &*bundled.bold.bytes).unwrap();
        // Not fonts by their extension: never picked.
        fs::write(dir.join("Lisez-moi-Regular.txt"), "texte").unwrap();
        fs::write(dir.join("A-Bold.woff2"), "woff2").unwrap();
        let fonts = fonts(&dir).expect("the family is found");
        assert_eq!(fonts.regular.name, "marianne-regular.TTF");
        assert_eq!(fonts.bold.name, "MARIANNE-BOLD.otf");
        assert_eq!(fonts.bold.bytes, bundled.bold.bytes);
        let _ = fs::remove_dir_all(&dir);
    }
}
