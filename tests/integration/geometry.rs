//! Geometry of wide and tiny tables (`tests/cases/geometry/`, made as a new team would by
//! `make_tables.py`) and of the repository's: the HTML's columns in a real browser with
//! DSFR's stylesheet and Marianne (`tests/browser/geometry.mjs`), and the PDF's pages (bands,
//! rows per page, text size).

use std::path::{Path, PathBuf};
use std::process::Command;

use comparatif::export::html;
use comparatif::model::Table;

use crate::html::{fragment, link_info, table, table_with};
use crate::root;

fn case(name: &str) -> PathBuf {
    root().join("tests/cases/geometry").join(name)
}

/// The table of `tests/cases/geometry/<name>`, with its own descriptor.
fn geometry_table(name: &str) -> Table {
    let dir = case(name);
    table_with(&dir.join("table.csv"), &dir.join("datapackage.json"))
}

/// What the browser checks of `tests/browser/geometry.mjs` ask of each case: the wide table
/// scrolls sideways with its row headers sticky and no row taller than 400 px at 1,280 px; the
/// repository's table keeps to the screen's width at the cost of words of more than 10
/// characters (hyphenated), never shorter ones.
const LIMITS: &str = r#"{
  "wide": { "maxRowPx": 400, "scrolls": true },
  "webconference": { "wholeWordsUpTo": 10 }
}
"#;

/// The HTML of the repository's, the wide and the tiny table in Chromium with DSFR's
/// stylesheet and Marianne, and as the preview, at 1,280 and 390 px: no column narrower than
/// its longest word as drawn, the wide table scrolling in its container with sticky row
/// headers and rows of a readable height. Skipped (with a message) when Chromium or
/// `tests/browser/node_modules` is missing, except under CI.
#[test]
fn html_columns_fit_their_words_in_a_real_browser() {
    let browser = root().join("tests/browser");
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !browser.join("node_modules/@gouvfr/dsfr").exists() || !chromium.exists() {
        crate::skip("Chromium or tests/browser/node_modules", "see tests/browser/README.md");
        return;
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("geometry-browser");
    let _ = std::fs::remove_dir_all(&out);
    let tables = [
        ("webconference", table(&root().join("table.csv"))),
        ("wide", geometry_table("wide")),
        ("tiny", geometry_table("tiny")),
    ];
    for (name, table) in &tables {
        let dir = out.join(name);
        std::fs::create_dir_all(&dir).expect("output folder");
        let fragment = fragment(table);
        let preview = html::preview(table, &fragment, &link_info());
        std::fs::write(dir.join("tableau.html"), fragment).expect("fragment written");
        std::fs::write(dir.join("apercu.html"), preview).expect("preview written");
    }
    std::fs::write(out.join("limits.json"), LIMITS).expect("limits written");
    let output = Command::new("node")
        .arg(browser.join("geometry.mjs"))
        .arg(&out)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "browser checks failed\n{stdout}\n{stderr}");
    println!("{stdout}");
}
