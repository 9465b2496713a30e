//! Hostile tables, end to end through the binary: huge cells, many columns, one row, invisible
//! and combining characters, characters the font lacks, and the documented limits.
//! (XSS payloads in every text column are the `hostile` render case, checked in a real
//! browser by `export/html/mod.rs`; formulas and controls are reject fixtures.)

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::FILES;
use comparatif::layout::fonts::Fonts;
use comparatif::layout::{self, LayoutOptions};
use comparatif::limits::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_TITLE_CHARS};

use crate::run;

/// A folder with a descriptor of `columns` free-text fields (`c0` is the key) and `table`.
fn workspace(name: &str, columns: usize, table: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("hostile-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fields: Vec<String> = (0..columns)
        .map(|i| format!(r#"{{"name": "c{i}", "title": "Critère {i}", "type": "string"}}"#))
        .collect();
    let descriptor = format!(
        r#"{{"resources": [{{"path": "table.csv", "schema": {{"primaryKey": "c0", "fields": [{}]}}}}],
           "publication": {{"title": "Tableau hostile", "caption": "Légende", "source": "Source", "updated": "2020-04-09",
             "downloadText": "Télécharger", "thumbnailAlt": "Aperçu", "lang": "fr-FR"}}}}"#,
        fields.join(",")
    );
    std::fs::write(dir.join("datapackage.json"), descriptor).unwrap();
    std::fs::write(dir.join("table.csv"), table).unwrap();
    dir
}

fn header(columns: usize) -> String {
    (0..columns).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",")
}

fn built(dir: &Path) -> bool {
    FILES.iter().all(|name| dir.join("out").join(name).is_file())
}

/// Builds and returns (exit code, stderr).
fn build(dir: &Path) -> (Option<i32>, String) {
    let out = run(dir, &["build"]);
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// `build` succeeds in `dir` and writes every output, and the table's layout keeps every
/// promise of `layout::check_invariants`.
fn built_and_laid_out(dir: &Path) {
    let (code, stderr) = build(dir);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(built(dir));
    let table = crate::html::table_with(&dir.join("table.csv"), &dir.join("datapackage.json"));
    let doc = layout::layout(&table, &Fonts::bundled(), &LayoutOptions::default());
    crate::layout::check_invariants(&table, &doc).unwrap();
}

#[test]
fn a_10000_character_cell_is_built_and_one_more_is_refused() {
    let long = "mot ".repeat(MAX_CELL_CHARS / 4);
    assert_eq!(long.chars().count(), MAX_CELL_CHARS);
    let dir = workspace("long-cell", 2, &format!("{}\nA,{long}\nB,court\n", header(2)));
    // The long cell ends with spaces: the kept text is trimmed, and everything is in the PDF.
    built_and_laid_out(&dir);

    let too_long = format!("{}x", "y".repeat(MAX_CELL_CHARS));
    let dir = workspace("too-long-cell", 2, &format!("{}\nA,{too_long}\n", header(2)));
    let (code, stderr) = build(&dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("table.csv:2:2: erreur[limite-depassee] : la cellule de « Critère 1 » (B) fait 10\u{202f}001 caractères, plus que le maximum de 10\u{202f}000"), "{stderr}");
    assert!(!dir.join("out").exists());
}

/// Texts with no break opportunity, as long as the limits allow: cells of 10,000 characters
/// (letters, an address, accents) and a title at its limit. Each line of such a text used to
/// shape the whole rest of it again: one cell took 51 s to build in release, much longer in
/// a test build (the count of shaping this test stands for is in `layout::text`'s tests).
#[test]
fn issue_21_unbroken_texts_as_long_as_the_limits_allow_are_built() {
    let cells = [
        "x".repeat(MAX_CELL_CHARS),
        format!("https://{}", "ab/".repeat((MAX_CELL_CHARS - 8) / 3)),
        "é".repeat(MAX_CELL_CHARS),
    ];
    let table = format!(
        "{}\nA,{},{},{}\nB,{},court,{}\n",
        header(4),
        cells[0],
        cells[1],
        cells[2],
        cells[2],
        cells[0]
    );
    let dir = workspace("unbroken", 4, &table);
    let descriptor = std::fs::read_to_string(dir.join("datapackage.json")).unwrap();
    let title = "T".repeat(MAX_TITLE_CHARS);
    std::fs::write(
        dir.join("datapackage.json"),
        descriptor.replace(r#""title": "Tableau hostile""#, &format!(r#""title": "{title}""#)),
    )
    .unwrap();
    built_and_laid_out(&dir);
}

/// A font given with `--fonts` that has no outlines (its text would be invisible) or that the
/// PDF cannot embed is refused before anything is written, in French, naming the file.
#[test]
fn issue_21_a_font_that_cannot_draw_or_be_embedded_is_refused_before_writing() {
    let bundled = Fonts::bundled();
    let no_glyf = crate::font_with_table(&bundled.regular.bytes, b"glyf", |tag, _| *tag = *b"glye");
    let cut = crate::font_with_table(&bundled.regular.bytes, b"glyf", |_, length| *length -= 2_000);
    for (name, bytes, said) in [
        ("Vide", no_glyf, "la police Vide-Regular.ttf ne contient pas le dessin de ses lettres"),
        ("Coupee", cut, "la police Coupee-Regular.ttf ne peut pas être intégrée au PDF"),
    ] {
        let dir = workspace(&format!("font-{name}"), 2, &format!("{}\nA,b\n", header(2)));
        std::fs::create_dir_all(dir.join("polices")).unwrap();
        std::fs::write(dir.join(format!("polices/{name}-Regular.ttf")), bytes).unwrap();
        std::fs::write(dir.join(format!("polices/{name}-Bold.ttf")), &*bundled.bold.bytes).unwrap();
        let out = run(&dir, &["build", "--fonts", "polices"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(said), "{stderr}");
        assert!(!stderr.contains("font"), "no English: {stderr}");
        assert!(!dir.join("out").exists());
    }
}

#[test]
fn two_hundred_columns_are_laid_out_and_one_row_is_enough() {
    let mut table = header(200);
    table.push('\n');
    let cells: Vec<String> =
        (0..200).map(|i| format!("valeur {i} assez longue pour passer à la ligne")).collect();
    let _ = writeln!(table, "{}", cells.join(","));
    let dir = workspace("200-columns", 200, &table);
    built_and_laid_out(&dir);
}

#[test]
fn more_columns_than_the_limit_are_refused() {
    let columns = MAX_COLUMNS + 1;
    let dir =
        workspace("too-many-columns", 2, &format!("{}\n{}\n", header(columns), header(columns)));
    let out = run(&dir, &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("table.csv:1: erreur[limite-depassee] : la ligne d'en-tête a 257 colonnes, plus que le maximum de 256"), "{stderr}");
}

#[test]
fn a_huge_header_label_close_to_a_huge_title_costs_nothing_to_compare() {
    // Guessing which field a misspelt label stands for compares it with every name and title;
    // done on the whole texts, 100,000 characters against 100,000 took a 80 GB table.
    let title = "é".repeat(100_000);
    let label = format!("x{}", &title[2..]);
    let dir = workspace("huge-label", 2, &format!("c0,{label}\na,b\n"));
    let descriptor = std::fs::read_to_string(dir.join("datapackage.json")).unwrap();
    std::fs::write(dir.join("datapackage.json"), descriptor.replace("Critère 1", &title)).unwrap();
    let out = run(&dir, &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{}", &stderr[..stderr.len().min(2000)]);
    assert!(stderr.contains("erreur[colonne-inconnue]"), "{}", &stderr[..stderr.len().min(2000)]);
}

#[test]
fn invisible_combining_and_french_spaces_are_drawn_and_byte_order_marks_refused() {
    let text = "Ze\u{301}ro\u{200b}largeur, « insécable »\u{a0}; fine\u{202f}! e\u{301}\u{301}";
    let dir = workspace("unicode", 2, &format!("{}\nA,\"{text}\"\n", header(2)));
    let (code, stderr) = build(&dir);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(built(&dir));
    let dir = workspace("bom-in-cell", 2, &format!("{}\nA,\u{feff}Texte\n", header(2)));
    let (code, stderr) = build(&dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("erreur[caractere-interdit]") && stderr.contains("U+FEFF"), "{stderr}");
}

#[test]
fn characters_missing_from_the_font_name_their_cell() {
    for (name, text) in [("emoji", "Visio 🎥"), ("cjk", "会议"), ("arabic", "مؤتمر")] {
        let dir = workspace(&format!("glyph-{name}"), 2, &format!("{}\nA,{text}\n", header(2)));
        let (code, stderr) = build(&dir);
        assert_eq!(code, Some(1), "{name}: {stderr}");
        assert!(stderr.contains("table.csv:2:2: erreur[caractere-intracable]"), "{name}: {stderr}");
        assert!(!dir.join("out").exists(), "{name}: nothing written");
    }
}
