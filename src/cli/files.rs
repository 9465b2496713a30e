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
use comparatif::limits::{MAX_DESCRIPTOR_BYTES, MAX_FILE_BYTES, MAX_FONT_BYTES};
use comparatif::pipeline::Output;
use comparatif::schema::{self, Descriptor};

/// The path that stands for standard input where a table is expected: `comparatif check -`.
pub const STDIN: &str = "-";

/// Whether `path` is [`STDIN`].
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN
}

/// Set once standard input has been read: a second `-` (`diff - -`) would find it empty.
static STDIN_TAKEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Standard input as the table's reader, at most one byte more than the largest table
/// accepted (the library then says the limit is passed), the same bound as a file's. It can be
/// taken once.
pub fn stdin() -> anyhow::Result<impl Read> {
    if STDIN_TAKEN.swap(true, std::sync::atomic::Ordering::Relaxed) {
        anyhow::bail!("l'entrée standard (-) ne peut donner qu'un seul des tableaux");
    }
    Ok(io::stdin().lock().take(MAX_FILE_BYTES + 1))
}

/// The table a command reads and its descriptor. A table named on the command line comes with
/// the descriptor given, else the one beside it ([`descriptor_for`]). Without one, the table is
/// the resource's `path` in the descriptor given, else in `datapackage.json` of the current
/// folder, relative to the descriptor's folder (as for `import`); without that descriptor,
/// `table.csv`, whose error says what is missing.
pub fn table_and_descriptor(
    table: Option<&Path>,
    given: Option<&Path>,
) -> anyhow::Result<(PathBuf, Descriptor)> {
    located(table, given).map(|(table, _, descriptor)| (table, descriptor))
}

/// [`table_and_descriptor`], with where the descriptor was read.
pub fn located(
    table: Option<&Path>,
    given: Option<&Path>,
) -> anyhow::Result<(PathBuf, PathBuf, Descriptor)> {
    if let Some(table) = table {
        let (path, descriptor) = descriptor_for(table, given)?;
        return Ok((table.to_owned(), path, descriptor));
    }
    let path = given.unwrap_or(Path::new("datapackage.json"));
    if given.is_none() && !path.exists() {
        let table = PathBuf::from("table.csv");
        let (path, descriptor) = descriptor_for(&table, None)?;
        return Ok((table, path, descriptor));
    }
    let descriptor = descriptor(path)?;
    // A relative path without « .. » (schema::parse), inside the descriptor's folder.
    let table = resource_path(path, &descriptor);
    Ok((table, path.to_owned(), descriptor))
}

/// The table file of `descriptor` read at `path`: its resource's `path`, relative to the
/// descriptor's folder (relative and without « .. »: `schema::parse`).
pub fn resource_path(path: &Path, descriptor: &Descriptor) -> PathBuf {
    path.parent().unwrap_or(Path::new("")).join(&descriptor.table_path)
}

/// The descriptor's text at `path` (as [`descriptor`] reads it), for an edit.
pub fn descriptor_text(path: &Path) -> anyhow::Result<String> {
    let shown = path.display();
    let bytes = read_at_most(path, MAX_DESCRIPTOR_BYTES)
        .with_context(|| format!("impossible de lire le descripteur {shown}"))?;
    String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!("descripteur {shown} refusé : le fichier n'est pas encodé en UTF-8")
    })
}

/// The descriptor given, else `datapackage.json` beside the table (in the current folder for
/// standard input, `-`).
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
        if is_stdin(table) {
            anyhow::bail!(
                "aucun descripteur pour le tableau lu sur l'entrée standard ({} introuvable dans le dossier courant)\n  aide : indiquez-le avec « --descriptor chemin/du/depot/datapackage.json »",
                path.display()
            );
        }
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
    let text = descriptor_text(path)?;
    schema::parse(&text).with_context(|| format!("descripteur {} refusé", path.display()))
}

/// The table's bytes (from standard input for `-`), at most one byte more than the largest table accepted (the library then
/// says the limit is passed).
pub fn table(path: &Path) -> anyhow::Result<Vec<u8>> {
    if is_stdin(path) {
        let mut bytes = Vec::new();
        stdin()?
            .read_to_end(&mut bytes)
            .context("impossible de lire le tableau sur l'entrée standard")?;
        return Ok(bytes);
    }
    read_at_most(path, MAX_FILE_BYTES)
        .with_context(|| format!("impossible d'ouvrir le tableau {}", path.display()))
}

/// The file at `path`, up to `limit + 1` bytes (memory: at most that, allocated once from the
/// file's size). A device, a named pipe or a folder is refused without reading ([`open`]).
fn read_at_most(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let (file, len) = open(path)?;
    let capacity = usize::try_from(len.min(limit + 1)).unwrap_or(usize::MAX);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Opens `path` for reading when it is an ordinary file (through symbolic links), with its
/// size. Anything else is refused before it is opened: a named pipe would block forever,
/// `/dev/zero` never ends, a folder has no bytes.
pub fn open(path: &Path) -> io::Result<(File, u64)> {
    let meta = fs::metadata(path)?;
    if meta.is_dir() {
        return Err(io::Error::new(io::ErrorKind::IsADirectory, "dossier"));
    }
    if !meta.is_file() {
        return Err(io::Error::other(NOT_A_FILE));
    }
    let file = File::open(path)?;
    Ok((file, meta.len()))
}

/// Refuses `target` unless the folder it would be written in is `folder` or one of its
/// subfolders once symbolic links are followed (a committed link `donnees → /home` must not
/// lead a write outside).
pub fn check_inside(folder: &Path, target: &Path) -> anyhow::Result<()> {
    let real = |p: &Path| {
        let p = if p.as_os_str().is_empty() { Path::new(".") } else { p };
        fs::canonicalize(p)
            .with_context(|| format!("impossible d'ouvrir le dossier {}", p.display()))
    };
    let base = real(folder)?;
    let parent = target.parent().unwrap_or(Path::new(""));
    let real_parent = real(parent)?;
    if !real_parent.starts_with(&base) {
        anyhow::bail!(
            "{} mène hors du dossier du descripteur ({}, par un lien symbolique) : rien n'est écrit",
            target.display(),
            real_parent.display()
        );
    }
    Ok(())
}

/// Why [`open`] refuses a special file, in French.
pub const NOT_A_FILE: &str = "ce n'est pas un fichier ordinaire (périphérique, tube nommé…) : comparatif ne lit que des fichiers";

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
        let bytes = read_at_most(path, MAX_FONT_BYTES)
            .with_context(|| format!("impossible de lire la police {}", path.display()))?;
        if bytes.len() as u64 > MAX_FONT_BYTES {
            anyhow::bail!(
                "la police {} dépasse {} octets (32 Mio) : ce n'est pas une police de texte",
                path.display(),
                comparatif::french::number(MAX_FONT_BYTES)
            );
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(FontData { bytes: Arc::new(bytes), name })
    };
    Fonts::from_files(read(regular)?, read(bold)?)
        .with_context(|| format!("dossier de polices {}", dir.display()))
}

/// Writes `outputs` into `dir` as one set: whoever reads `dir` (a site build, `build --check`,
/// a person), even after a kill or a full disk, finds the whole old set or the whole new one.
///
/// The new files are written and flushed in a hidden folder beside `dir`
/// (`.out.nouveau-<pid>`), then the two folders are exchanged in one system call (Linux's
/// `renameat2(RENAME_EXCHANGE)`), then the old set is removed. Where the exchange is not
/// available, `dir` is renamed aside and the new folder renamed in its place: in between there
/// is no `dir` at all, never a mix. Builds into the same folder take turns (a lock on the
/// folder's parent); what a killed build left beside `dir` is removed by the next one.
///
/// When `dir` holds other files than these outputs (a `.gitkeep`, a README, the files of
/// another table of another `fileName`…), or is the current folder, a symbolic link or a file
/// system root, it cannot be swapped whole: each of these outputs is then replaced atomically
/// on its own ([`write_atomic`]), and the other files are kept.
pub fn publish(dir: &Path, outputs: &[Output]) -> anyhow::Result<()> {
    let parent = match dir.parent() {
        Some(p) if p.as_os_str().is_empty() => Path::new("."),
        Some(p) => p,
        None => return publish_each(dir, outputs),
    };
    let Some(name) = dir.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return publish_each(dir, outputs);
    };
    fs::create_dir_all(parent)
        .with_context(|| format!("impossible de créer le dossier {}", parent.display()))?;
    // Builds into the same folder take turns: the second waits for the first to finish.
    let lock = File::open(parent)
        .with_context(|| format!("impossible d'ouvrir le dossier {}", parent.display()))?;
    lock.lock()
        .with_context(|| format!("impossible de verrouiller le dossier {}", parent.display()))?;
    let staging_prefix = format!(".{name}.nouveau-");
    remove_staging_leftovers(parent, &staging_prefix);
    let swappable = match fs::symlink_metadata(dir) {
        Ok(meta) => meta.is_dir() && holds_only(dir, outputs)?,
        Err(err) if err.kind() == io::ErrorKind::NotFound => true,
        Err(err) => {
            return Err(err)
                .with_context(|| format!("impossible de lire le dossier {}", dir.display()));
        }
    };
    if !swappable {
        return publish_each(dir, outputs);
    }
    let staging = parent.join(format!("{staging_prefix}{}", std::process::id()));
    let result = write_set(&staging, outputs)
        .with_context(|| format!("impossible d'écrire les fichiers dans {}", staging.display()))
        .and_then(|()| {
            swap(&staging, dir).with_context(|| {
                format!("impossible de remplacer {} par les nouveaux fichiers", dir.display())
            })
        });
    // After the exchange the old set is there; after a failure, the partial new one.
    let _ = fs::remove_dir_all(&staging);
    result?;
    if let Ok(parent) = File::open(parent) {
        let _ = parent.sync_all();
    }
    Ok(())
}

/// Each output written atomically on its own (when `dir` cannot be swapped whole).
fn publish_each(dir: &Path, outputs: &[Output]) -> anyhow::Result<()> {
    fs::create_dir_all(dir)
        .with_context(|| format!("impossible de créer le dossier {}", dir.display()))?;
    remove_leftovers(dir, outputs);
    for out in outputs {
        let path = dir.join(&out.name);
        write_atomic(&path, &out.bytes)
            .with_context(|| format!("impossible d'écrire {}", path.display()))?;
    }
    Ok(())
}

/// Whether `dir` holds nothing but `outputs`' files (and temporary files of a killed build of
/// them): the files of another table are not ours to remove.
fn holds_only(dir: &Path, outputs: &[Output]) -> anyhow::Result<bool> {
    let entries = fs::read_dir(dir)
        .with_context(|| format!("impossible de lire le dossier {}", dir.display()))?;
    for entry in entries {
        let entry =
            entry.with_context(|| format!("impossible de lire le dossier {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = outputs.iter().any(|out| out.name == name) || is_leftover(&name, outputs);
        if !ours {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Creates `staging` with every output in it, each flushed to disk, then the folder itself.
fn write_set(staging: &Path, outputs: &[Output]) -> io::Result<()> {
    fs::create_dir(staging)?;
    for out in outputs {
        let mut file =
            File::options().write(true).create_new(true).open(staging.join(&out.name))?;
        file.write_all(&out.bytes)?;
        file.sync_all()?;
    }
    File::open(staging)?.sync_all()
}

/// Puts `staging` in the place of `dir` at once; `staging` then holds the old set (or nothing
/// when there was none).
fn swap(staging: &Path, dir: &Path) -> io::Result<()> {
    if fs::symlink_metadata(dir).is_err() {
        return fs::rename(staging, dir);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, staging, CWD, dir, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // A file system or kernel without the exchange: the fallback below.
            Err(
                rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::NOTSUP,
            ) => {}
            Err(err) => return Err(err.into()),
        }
    }
    let aside = staging.with_extension("ancien");
    fs::rename(dir, &aside)?;
    if let Err(err) = fs::rename(staging, dir) {
        let _ = fs::rename(&aside, dir);
        return Err(err);
    }
    fs::rename(&aside, staging)
}

/// Removes the folders a killed build left beside `dir` (`.out.nouveau-<pid>`, and its
/// `.ancien` twin); the caller holds the lock, so none belongs to a running build.
fn remove_staging_leftovers(parent: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(prefix) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// A temporary file of [`write_atomic`] for one of `outputs` (`.tableau.pdf.<pid>.tmp`).
fn is_leftover(name: &str, outputs: &[Output]) -> bool {
    outputs.iter().any(|f| name.starts_with(&format!(".{}.", f.name)) && name.ends_with(".tmp"))
}

/// Removes the temporary files a killed build of `outputs` may have left in `dir`
/// (`.tableau.pdf.<pid>.tmp`); another table's are left to its own build.
fn remove_leftovers(dir: &Path, outputs: &[Output]) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if is_leftover(&entry.file_name().to_string_lossy(), outputs) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Names of the outputs that `dir` lacks or holds with other bytes (`build --check`), in the
/// order of `outputs`, each with which of the two.
/// Each file is read only when it is an ordinary file of the expected size, and then only that
/// many bytes: a symbolic link to `/dev/zero` or a named pipe committed in its place is
/// different, not read.
/// Only `outputs` are compared: the other files of `dir` (another table's) are not this
/// table's business.
pub fn stale<'a>(dir: &Path, outputs: &'a [Output]) -> Vec<(&'a str, StaleState)> {
    outputs
        .iter()
        .filter_map(|out| match same_bytes(&dir.join(&out.name), &out.bytes) {
            Ok(true) => None,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                Some((out.name.as_str(), StaleState::Absent))
            }
            // Other bytes, or a file that cannot be read (a folder in its place…).
            Ok(false) | Err(_) => Some((out.name.as_str(), StaleState::Different)),
        })
        .collect()
}

/// Whether the file at `path` holds exactly `expected` (read only when its size matches).
pub fn same_bytes(path: &Path, expected: &[u8]) -> io::Result<bool> {
    let (file, len) = open(path)?;
    if len != expected.len() as u64 {
        return Ok(false);
    }
    let mut bytes = Vec::with_capacity(expected.len());
    file.take(len).read_to_end(&mut bytes)?;
    Ok(bytes == expected)
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, flushed to disk, then
/// renamed over `path`. On any error the temporary file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    stage(path, bytes)?.commit()
}

/// A file's new bytes written and flushed beside it (`.table.csv.<pid>.tmp`), not yet in its
/// place: [`Staged::commit`] renames it over the file; dropped uncommitted, it is removed and
/// the file is untouched. What lets a command change several files (`table.csv`, the
/// descriptor, `out/`) all or none.
pub struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    committed: bool,
}

/// Writes `bytes` beside `path`, flushed, for [`Staged::commit`].
pub fn stage(path: &Path, bytes: &[u8]) -> io::Result<Staged> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    // Never through a link or a file left there: the name is removed, then created anew.
    let _ = fs::remove_file(&tmp);
    let staged = Staged { tmp, target: path.to_owned(), committed: false };
    let mut file = File::options().write(true).create_new(true).open(&staged.tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(staged)
}

impl Staged {
    /// Puts the new bytes in the file's place (one rename).
    pub fn commit(mut self) -> io::Result<()> {
        fs::rename(&self.tmp, &self.target)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.tmp);
        }
    }
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
