//! Geometry of wide, tiny and short-but-wide tables (`tests/cases/geometry/`, made as a new team would by
//! `make_tables.py`) and of the repository's: the HTML's columns in a real browser with
//! DSFR's stylesheet and Marianne (`tests/browser/geometry.mjs`), and the PDF's pages (bands,
//! rows per page, text size).

use std::path::{Path, PathBuf};
use std::process::Command;

use comparatif::export::html;
use comparatif::layout::fonts::Fonts;
use comparatif::layout::{self, Document, Item, LayoutOptions, Origin, Pt};
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

/// The wide table laid out by default.
fn wide_pages() -> Document {
    layout::layout(&geometry_table("wide"), &Fonts::bundled(), &LayoutOptions::default())
}

/// The widest line of body text of each column, in characters, over every page.
fn widest_lines(doc: &Document) -> Vec<usize> {
    let mut widest = vec![0_usize; doc.info.column_count];
    for page in &doc.pages {
        for item in &page.items {
            if let Item::Text(run) = item
                && let Origin::Cell { col_idx, .. } = run.origin
            {
                widest[col_idx] = widest[col_idx].max(page.text(run).chars().count());
            }
        }
    }
    widest
}

/// Issue 24: the wide table's bands of columns are balanced: no band sets its texts in lines
/// of hundreds of characters while another squeezes its long texts into a few words a line,
/// and the text keeps its default size (bands at 6 pt were harder to read for nothing).
#[test]
fn issue_24_wide_table_bands_are_balanced() {
    let table = geometry_table("wide");
    let doc = wide_pages();
    assert!(doc.info.bands.len() > 1, "the wide table is cut into bands: {:?}", doc.info.bands);
    assert!(doc.info.body_size.0 >= 7.0, "set at {:?}", doc.info.body_size);
    let widest = widest_lines(&doc);
    for (c, &chars) in widest.iter().enumerate() {
        let longest_text = (0..table.rows.len()).map(|r| table.display(r, c).chars().count()).max();
        let title = &table.columns[c].title;
        // A readable measure: at most about 75 characters (typography.md), some slack for
        // justification-free lines.
        assert!(chars <= 90, "« {title} » has lines of {chars} characters");
        // Long texts get lines of at least 35 characters, not a word or two.
        if longest_text.unwrap_or(0) >= 300 {
            assert!(chars >= 35, "« {title} » is squeezed to lines of {chars} characters");
        }
    }
}

/// Issue 24: no page of the wide table holds a single row (each band's last page takes the row
/// before with its last one), whatever its number of rows.
#[test]
fn issue_24_no_page_of_the_wide_table_holds_a_single_row() {
    let doc = wide_pages();
    let rows: Vec<usize> = doc.pages.iter().map(|p| p.rows.len()).collect();
    assert!(rows.iter().all(|&n| n >= 2), "rows on each page: {rows:?}");
    let wide = geometry_table("wide");
    for count in 2..wide.rows.len() {
        let mut table = wide.clone();
        table.rows.truncate(count);
        let doc = layout::layout(&table, &Fonts::bundled(), &LayoutOptions::default());
        let rows: Vec<usize> = doc.pages.iter().map(|p| p.rows.len()).collect();
        assert!(rows.iter().all(|&n| n >= 2), "{count} rows, on each page: {rows:?}");
    }
}

/// Issue 24: a tiny table (3 rows, 4 columns) is set larger than the default 7 pt, up to 9,
/// and fills more of its page than at 7 pt.
#[test]
fn issue_24_a_tiny_table_is_set_larger() {
    let table = geometry_table("tiny");
    let doc = layout::layout(&table, &Fonts::bundled(), &LayoutOptions::default());
    assert_eq!(doc.pages.len(), 1);
    assert!(doc.info.body_size.0 > 8.0, "set at {:?}", doc.info.body_size);
    assert!(doc.info.body_size.0 <= 9.0, "set at {:?}", doc.info.body_size);
    let at_seven = LayoutOptions { max_body_size: Pt(7.0), ..LayoutOptions::default() };
    let small = layout::layout(&table, &Fonts::bundled(), &at_seven);
    // The table's height, from its top to its last row's bottom.
    let height = |doc: &Document| {
        let bottom = doc.pages[0].frames.iter().map(|f| f.rect.bottom().0).fold(0.0, f32::max);
        bottom - doc.pages[0].table_top.0
    };
    let (large, seven) = (height(&doc), height(&small));
    assert!(large > seven * 1.15, "the table is {large} pt tall, {seven} at 7 pt");
}

/// Issue 24: a table of few rows and many columns (3 software packages, 20 criteria) is cut
/// into bands that follow one another on one page, instead of taking a page for each band
/// (it took three, each 85 % blank).
#[test]
fn issue_24_bands_of_a_short_table_share_a_page() {
    let table = geometry_table("logiciels");
    let doc = layout::layout(&table, &Fonts::bundled(), &LayoutOptions::default());
    assert!(doc.info.bands.len() > 1, "the table is cut into bands: {:?}", doc.info.bands);
    assert_eq!(doc.pages.len(), 1, "bands: {:?}", doc.info.bands);
    // Every row of every band is on the page.
    assert_eq!(doc.pages[0].rows.len(), table.rows.len() * doc.info.bands.len());
}
