//! Integration tests: the built binary, run in the repository or on fixture tables.
//!
//! Goldens: `UPDATE_GOLDEN=1 cargo test` rewrites them; read the diff before committing.
//! A failed comparison leaves the actual output in `tests/diffs/` (ignored by git).
//!
//! Where a new test goes (a unit test of one function sits beside it, in `src/`):
//! - a table refused with a message: a fixture in `tests/cases/reject/` (`cases`); a
//!   spreadsheet: `tests/cases/sheets/` and `make_fixtures.py` (`sheets`);
//! - how a table looks: a render case in `tests/cases/render/` (`layout`, `html`, `png`), PDF
//!   structure checked with poppler and qpdf (`pdf`); wide and tiny tables' bands, pages and
//!   HTML columns in Chromium: `geometry` (`tests/cases/geometry/`);
//! - a command's exit code, streams or files: `cli` (the repository's files), `build` (`build`,
//!   `--check`, `diff`);
//! - an extreme or hostile table: `hostile`; a hostile file, path or stream (an attachment, a
//!   pull request): `attacks`;
//! - a verdict that must match frictionless: a variant in `tests/frictionless/compare.py`;
//! - `number` columns, on a table of their own: `numbers` (`tests/cases/numbers/`);
//! - the browser page: `tests/browser/web.mjs` (`web`); the README's promises: `readme`;
//! - the library's purity: `purity`; a test that skips for want of a tool: `skipped`.

mod attacks;
mod build;
mod cases;
mod cli;
mod frictionless;
mod geometry;
mod guards;
mod hostile;
mod html;
mod init;
mod layout;
mod nouns;
mod numbers;
mod pdf;
mod png;
mod purity;
mod readme;
mod sheets;
mod skipped;
mod web;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The files of `out/`, in the order `build` writes them: the names of a table whose
/// descriptor has no `publication.fileName` (the repository's).
pub const FILES: [&str; 6] =
    ["tableau.pdf", "tableau.png", "tableau.html", "tableau.js", "apercu.html", "lien.html"];

/// The repository root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Says that the running test checks nothing here because `missing` is not installed
/// (`install` says how to get it), then the test returns. Under CI (`CI` set), where every tool
/// is installed, it fails instead. The line goes to the process's stderr, past the test
/// harness's capture (which keeps `eprintln!` for failed tests only), so that plain
/// `cargo test` shows `SKIPPED <test>: <missing> is missing (<install>)`.
pub fn skip(missing: &str, install: &str) {
    use std::io::Write as _;
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    assert!(std::env::var_os("CI").is_none(), "{test}: {missing} is needed in CI ({install})");
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {missing} is missing ({install})");
}

/// Runs the built `comparatif` with `args` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_comparatif"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the comparatif binary runs")
}

/// `font`, the bytes of a font file, with the table directory's record of `tag` changed by
/// `change` (its tag, and its length in bytes): hostile fonts made from the bundled ones.
pub fn font_with_table(
    font: &[u8],
    tag: &[u8; 4],
    change: impl Fn(&mut [u8; 4], &mut u32),
) -> Vec<u8> {
    let mut bytes = font.to_vec();
    let tables = usize::from(u16::from_be_bytes([bytes[4], bytes[5]]));
    let at = (0..tables)
        .map(|idx| 12 + 16 * idx)
        .find(|&at| &bytes[at..at + 4] == tag)
        .expect("the font has the table");
    let mut name: [u8; 4] = bytes[at..at + 4].try_into().unwrap();
    let mut length = u32::from_be_bytes(bytes[at + 12..at + 16].try_into().unwrap());
    change(&mut name, &mut length);
    bytes[at..at + 4].copy_from_slice(&name);
    bytes[at + 12..at + 16].copy_from_slice(&length.to_be_bytes());
    bytes
}

/// Compares `actual` with the golden file `path`, or rewrites it under `UPDATE_GOLDEN=1`.
/// On a mismatch, writes the actual text to `tests/diffs/<name>` and panics with both.
pub fn golden(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, actual).expect("golden file written");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!("golden file {} is missing: run UPDATE_GOLDEN=1 cargo test", path.display())
    });
    if expected != actual {
        let diffs = root().join("tests/diffs");
        let _ = std::fs::create_dir_all(&diffs);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let _ = std::fs::write(diffs.join(&name), actual);
        panic!(
            "{} differs from the output (actual output written to tests/diffs/{name})\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        );
    }
}

/// Other font families for `--fonts`, as a team with the State's Marianne would give it: the
/// name, then a folder holding just the family's `-Regular` and `-Bold` files (copied from
/// Debian's packages, which CI installs). Liberation Sans is TrueType (`glyf` outlines); Nimbus
/// Sans is OpenType with CFF outlines, like Marianne's `.otf` files. Outside CI, a family whose
/// package is missing is left out (and said so).
pub fn other_font_families() -> Vec<(&'static str, PathBuf)> {
    // Copied once for all the tests (running in parallel, they would copy over each other's
    // files while reading them).
    static FAMILIES: std::sync::OnceLock<Vec<(&'static str, PathBuf)>> = std::sync::OnceLock::new();
    FAMILIES.get_or_init(copy_font_families).clone()
}

/// The `-Regular` and `-Bold` files of a folder of [`other_font_families`], as fonts.
pub fn family_fonts(dir: &Path) -> comparatif::layout::fonts::Fonts {
    use comparatif::layout::fonts::{FontData, Fonts};
    let mut names: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("fonts folder").map(|e| e.unwrap().path()).collect();
    names.sort();
    let face = |style: &str| {
        let path = names
            .iter()
            .find(|p| p.file_stem().unwrap().to_string_lossy().ends_with(style))
            .unwrap_or_else(|| panic!("{} has a {style} font", dir.display()));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        FontData { bytes: std::sync::Arc::new(std::fs::read(path).expect("font reads")), name }
    };
    Fonts::from_files(face("-Regular"), face("-Bold")).expect("the family's fonts are fonts")
}

fn copy_font_families() -> Vec<(&'static str, PathBuf)> {
    let families = [
        (
            "Liberation Sans",
            "/usr/share/fonts/truetype/liberation",
            "LiberationSans",
            "ttf",
            "fonts-liberation",
        ),
        (
            "Nimbus Sans",
            "/usr/share/fonts/opentype/urw-base35",
            "NimbusSans",
            "otf",
            "fonts-urw-base35",
        ),
    ];
    let mut found = Vec::new();
    for (name, system, stem, ext, package) in families {
        let file = |style: &str| format!("{stem}-{style}.{ext}");
        if !Path::new(system).join(file("Regular")).is_file() {
            // Said once, by the first test that asks: every test of other families leaves it out.
            skip(
                &format!("{name}, for every test of other font families"),
                &format!("apt-get install {package}"),
            );
            continue;
        }
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fonts-{stem}"));
        std::fs::create_dir_all(&dir).expect("fonts folder");
        for style in ["Regular", "Bold"] {
            std::fs::copy(Path::new(system).join(file(style)), dir.join(file(style)))
                .expect("font copied");
        }
        found.push((name, dir));
    }
    found
}
