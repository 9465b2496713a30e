//! Integration tests: the built binary, run in the repository or on fixture tables.
//!
//! Goldens: `UPDATE_GOLDEN=1 cargo test` rewrites them; read the diff before committing.
//! A failed comparison leaves the actual output in `tests/diffs/` (ignored by git).

mod build;
mod cases;
mod cli;
mod frictionless;
mod hostile;
mod html;
mod layout;
mod pdf;
mod png;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the built `comparatif` with `args` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_comparatif"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the comparatif binary runs")
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
