//! The PDF of the canonical table, checked with real PDF tools: poppler (`pdftotext`,
//! `pdffonts`, `pdfinfo`) and qpdf. Without them the tests say they are skipped, except when
//! `CI` is set (CI installs them, so a missing tool there is a broken setup).

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use comparatif::export::pdf::{PdfOptions, pdf};
use comparatif::layout::fonts::Fonts;
use comparatif::layout::{self, Item, LayoutOptions, Origin};
use comparatif::model::Table;

use crate::html::{table as load_table, unescape};
use crate::root;

/// The canonical table and its PDF.
fn canonical() -> (Table, Vec<u8>) {
    let table = load_table(&root().join("table.csv"));
    let fonts = Fonts::bundled();
    let doc = layout::layout(&table, &fonts, &LayoutOptions::default());
    let bytes = pdf(&doc.info, &doc.pages, &fonts, &PdfOptions::default())
        .expect("the canonical PDF is written");
    (table, bytes)
}

/// Runs `tool args… file` on `bytes` written to a temporary file; `None` when the tool is
/// missing outside CI.
fn tool(bytes: &[u8], name: &str, args: &[&str]) -> Option<String> {
    // One folder per call: tests run in parallel and may run the same tool at the same time.
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let dir =
        std::env::temp_dir().join(format!("comparatif-pdf-{}-{name}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("tableau.pdf");
    std::fs::write(&file, bytes).unwrap();
    let out = match Command::new(name).args(args).arg(&file).args(trailing(name)).output() {
        Ok(out) => out,
        Err(_) => {
            crate::skip(name, "apt-get install poppler-utils qpdf");
            return None;
        }
    };
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success() || name == "qpdf" && out.status.code() == Some(3),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Arguments after the file name.
fn trailing(name: &str) -> &'static [&'static str] {
    match name {
        "pdftotext" => &["-"],
        "qpdf" => &["-"],
        _ => &[],
    }
}

/// `text` without whitespace and soft hyphens (U+00AD, which ends a line that breaks a word).
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '\u{AD}').collect()
}

#[test]
fn canonical_pdf_is_at_most_37_ko() {
    let (_, bytes) = canonical();
    assert!(bytes.len() <= 37 * 1024, "{} bytes", bytes.len());
}

#[test]
fn two_runs_give_the_same_bytes() {
    assert_eq!(canonical().1, canonical().1);
}

#[test]
fn every_cell_text_is_extractable() {
    let (table, bytes) = canonical();
    let Some(text) = tool(&bytes, "pdftotext", &["-raw", "-enc", "UTF-8"]) else { return };
    let text = squeeze(&text);
    for row_idx in 0..table.rows.len() {
        for col_idx in 0..table.columns.len() {
            let cell = table.display(row_idx, col_idx);
            assert!(
                text.contains(&squeeze(&cell)),
                "cell ({row_idx}, {col_idx}) {cell:?} is not in the extracted text"
            );
        }
    }
    for column in &table.columns {
        assert!(text.contains(&squeeze(&column.title)), "{:?}", column.title);
    }
    for note in &table.publication.notes {
        assert!(text.contains(&squeeze(&comparatif::french::spacing(note))), "{note:?}");
    }
}

#[test]
fn fonts_are_embedded_subset_and_mapped_to_unicode() {
    let (_, bytes) = canonical();
    let Some(list) = tool(&bytes, "pdffonts", &[]) else { return };
    let fonts: Vec<&str> = list.lines().skip(2).collect();
    assert_eq!(fonts.len(), 2, "{list}");
    for line in fonts {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // name type… emb sub uni object ID
        let n = fields.len();
        assert_eq!(&fields[n - 5..n - 2], &["yes", "yes", "yes"], "{line}");
        assert!(fields[0].contains('+'), "a subset font has a tag: {line}");
    }
}

#[test]
fn structure_is_a_tagged_table_with_scopes_language_and_title() {
    let (table, bytes) = canonical();
    let Some(info) = tool(&bytes, "pdfinfo", &[]) else { return };
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        info.contains(&format!(
            "Title:           {}",
            comparatif::french::spacing(&table.publication.title)
        )),
        "{info}"
    );
    // qpdf writes the file back uncompressed, objects out of their streams.
    let Some(qdf) =
        tool(&bytes, "qpdf", &["--qdf", "--object-streams=disable", "--compress-streams=n"])
    else {
        return;
    };
    let count = |needle: &str| qdf.matches(needle).count();
    let n_cols = table.columns.len();
    let n_rows = table.rows.len();
    assert_eq!(count("/S /Table"), 1);
    assert_eq!(count("/S /THead"), 1);
    assert_eq!(count("/S /TBody"), 1);
    assert_eq!(count("/S /Caption"), 1);
    assert_eq!(count("/S /TR"), n_rows + 1);
    assert_eq!(count("/S /TD"), n_rows * (n_cols - 1));
    assert_eq!(count("/S /TH") - count("/S /THead"), n_cols + n_rows);
    assert_eq!(count("/Scope /Column"), n_cols);
    assert_eq!(count("/Scope /Row"), n_rows);
    assert_eq!(count("/S /H1"), 1);
    assert!(count("/S /Link") >= n_rows, "links are tagged");
    assert!(qdf.contains("/Lang (fr-FR)"), "document language");
    assert!(qdf.contains("/DisplayDocTitle true"));
    assert!(qdf.contains("/Outlines"));
    assert!(qdf.contains("pdfuaid:part"), "PDF/UA identification in XMP");
    assert!(
        count("/Subtype /Link") >= n_rows && count("/Contents ") >= n_rows,
        "link annotations have a description"
    );
    assert!(count("/Artifact") > 0, "decorations are artifacts");
}

#[test]
fn html_and_pdf_carry_the_same_cells() {
    // RGAA 13.3/13.4: the HTML is the PDF's accessible alternative, so every cell as displayed
    // must be in both.
    let (table, bytes) = canonical();
    let Some(text) = tool(&bytes, "pdftotext", &["-raw", "-enc", "UTF-8"]) else { return };
    let pdf_text = squeeze(&text);
    let fragment = crate::html::fragment(&table);
    let html_text = squeeze(&unescape(&strip_tags(&fragment)));
    for row_idx in 0..table.rows.len() {
        for col_idx in 0..table.columns.len() {
            let cell = squeeze(&table.display(row_idx, col_idx));
            assert!(pdf_text.contains(&cell), "PDF lacks {cell:?}");
            assert!(html_text.contains(&cell), "HTML lacks {cell:?}");
        }
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out
}

/// `build` paints each page as soon as it is laid out and keeps none: its PDF must be the one
/// painted from the whole document, for one page or for many.
#[test]
fn build_paints_the_same_pdf_page_by_page() {
    use comparatif::model::Cell;
    use comparatif::model::Value;
    use comparatif::pipeline::{self, BuildOptions};

    let fonts = Fonts::bundled();
    let streamed = |table: &Table| {
        let rendered = pipeline::render(table, &fonts, &BuildOptions::default()).expect("rendered");
        assert_eq!(rendered.outputs[0].name, "tableau.pdf");
        rendered.outputs[0].bytes.clone()
    };
    let (mut table, whole) = canonical();
    assert_eq!(streamed(&table), whole);

    // The rows forty times over (each copy renamed: the row header is the key).
    let rows = table.rows.clone();
    for copy in 1..40 {
        for row in &rows {
            let mut row = row.clone();
            if let Cell::Value(Value::Text(name)) = &mut row.cells[table.row_header] {
                name.push_str(&format!(" {copy}"));
            }
            table.rows.push(row);
        }
    }
    let doc = layout::layout(&table, &fonts, &LayoutOptions::default());
    assert!(doc.pages.len() > 20, "{} pages", doc.pages.len());
    let whole = pdf(&doc.info, &doc.pages, &fonts, &PdfOptions::default()).expect("written");
    assert_eq!(streamed(&table), whole);
}

/// The lines of a cell are drawn in one text object, each moved to its own start: every line
/// must still begin where the layout put it (left end and baseline), on every page.
#[test]
fn every_line_starts_where_the_layout_put_it() {
    let table = load_table(&root().join("table.csv"));
    let fonts = Fonts::bundled();
    let doc = layout::layout(&table, &fonts, &LayoutOptions::default());
    let bytes = pdf(&doc.info, &doc.pages, &fonts, &PdfOptions::default()).expect("written");
    let Some(bbox) = tool(&bytes, "pdftotext", &["-bbox"]) else { return };
    // (xMin, yMin, yMax, text) of each word, page by page.
    let pages: Vec<Vec<(f32, f32, f32, String)>> = bbox
        .split("<page ")
        .skip(1)
        .map(|page| {
            page.split("<word ")
                .skip(1)
                .map(|word| {
                    let attr = |name: &str| -> f32 {
                        let from = word.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                        word[from..from + word[from..].find('"').unwrap()].parse().unwrap()
                    };
                    let text = &word[word.find('>').unwrap() + 1..word.find("</word>").unwrap()];
                    (attr("xMin"), attr("yMin"), attr("yMax"), unescape(text))
                })
                .collect()
        })
        .collect();
    assert_eq!(pages.len(), doc.pages.len());
    let mut later_lines = 0;
    for (page, words) in doc.pages.iter().zip(&pages) {
        let mut previous_origin = None;
        for item in &page.items {
            let Item::Text(run) = item else { continue };
            let Some(first) = page.text(run).split_whitespace().next() else { continue };
            let found = words.iter().any(|(x, top, bottom, text)| {
                text == first
                    && (x - run.x.0).abs() < 0.01
                    && *top < run.baseline.0
                    && run.baseline.0 < *bottom
            });
            let shown = page.text(run);
            assert!(found, "« {shown} » n'est pas à ({}, {})", run.x.0, run.baseline.0);
            if previous_origin == Some(run.origin) {
                later_lines += 1;
            }
            previous_origin = Some(run.origin);
        }
    }
    // The table has cells of several lines: the check covers lines after a cell's first.
    assert!(later_lines > 20, "{later_lines} lignes après la première d'une cellule");
}

#[test]
fn font_families_given_with_fonts_are_the_ones_embedded() {
    let families = crate::other_font_families();
    for (family, fonts) in &families {
        let work = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("pdf-fonts-{}", family.replace(' ', "-")));
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(&work).unwrap();
        let build = |out: &str| {
            let (descriptor, table) = (root().join("datapackage.json"), root().join("table.csv"));
            let args = [
                "build",
                "--fonts",
                fonts.to_str().unwrap(),
                "--out",
                out,
                "--descriptor",
                descriptor.to_str().unwrap(),
                table.to_str().unwrap(),
            ];
            let result = crate::run(&work, &args);
            let stderr = String::from_utf8_lossy(&result.stderr);
            assert_eq!(result.status.code(), Some(0), "{family}: {stderr}");
            std::fs::read(work.join(out).join("tableau.pdf")).unwrap()
        };
        let bytes = build("a");
        // (Compared without printing megabytes of bytes on failure.)
        assert!(bytes == build("b"), "{family}: the same fonts give the same bytes");
        assert!(bytes != canonical().1, "{family}: not the bundled Noto Sans");
        let Some(list) = tool(&bytes, "pdffonts", &[]) else { return };
        let fonts: Vec<&str> = list.lines().skip(2).collect();
        assert_eq!(fonts.len(), 2, "{list}");
        let stem = family.replace(' ', "");
        for line in &fonts {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let (name, flags) = (cols[0], &cols[cols.len() - 5..cols.len() - 2]);
            assert!(name.contains(&format!("+{stem}")), "a subset of {family}: {line}");
            assert_eq!(flags, ["yes", "yes", "yes"], "embedded, subset, mapped to Unicode: {line}");
        }
        assert!(fonts.iter().any(|l| l.contains(&format!("{stem}-Bold"))), "{list}");
        let Some(text) = tool(&bytes, "pdftotext", &[]) else { return };
        for expected in ["Hébergé et opéré par l’État", "Non communiqué"] {
            assert!(squeeze(&text).contains(&squeeze(expected)), "{family}: « {expected} »");
        }
    }
}

/// The structure tree, as poppler reads it (`pdfinfo -struct-text`): its top-level elements
/// and their text.
fn structure(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    let text = tool(bytes, "pdfinfo", &["-struct-text"])?;
    let mut top: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let depth = line.len() - line.trim_start().len();
        let line = line.trim();
        if depth == 2 && !line.starts_with('"') {
            top.push((line.split_whitespace().next().unwrap_or("").to_owned(), String::new()));
        } else if line.starts_with('"')
            && let Some(last) = top.last_mut()
        {
            last.1.push_str(line.trim_matches('"'));
        }
    }
    Some(top)
}

/// Issue 14: source and date on one line, notes in two columns, notes continued under
/// « Notes (suite) »: whatever the geometry, the structure reads title, source, date, the
/// table, then « Notes » and every note whole, in order; the separator and the repeated
/// heading are not content.
#[test]
fn issue_14_notes_follow_the_table_in_reading_order() {
    let (table, bytes) = canonical();
    let mut long = table.clone();
    let notes: Vec<String> =
        table.publication.notes.iter().map(|n| format!("{n} {n} {n}")).collect();
    long.publication.notes = notes.iter().cycle().take(40).cloned().collect();
    let fonts = Fonts::bundled();
    let doc = layout::layout(&long, &fonts, &LayoutOptions::default());
    let continued = doc.pages.iter().flat_map(|p| &p.items).any(|item| {
        matches!(item, Item::Text(run) if run.origin == Origin::NotesHeading { continued: true })
    });
    assert!(continued, "the notes continue under « Notes (suite) »");
    let long_bytes = pdf(&doc.info, &doc.pages, &fonts, &PdfOptions::default()).expect("written");
    for (table, bytes) in [(&table, bytes), (&long, long_bytes)] {
        let Some(top) = structure(&bytes) else { return };
        let tags: Vec<&str> = top.iter().map(|(tag, _)| tag.as_str()).collect();
        let notes = table.publication.notes.len();
        let mut expected = vec!["H1", "P", "P", "Table", "H2"];
        expected.extend(std::iter::repeat_n("P", notes));
        assert_eq!(tags, expected);
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(squeeze(&top[1].1), squeeze(&table.publication.source));
        assert_eq!(squeeze(&top[2].1), squeeze("Mis à jour le 9 avril 2020"));
        assert_eq!(top[4].1, "Notes");
        for (idx, note) in table.publication.notes.iter().enumerate() {
            let spaced = comparatif::french::spacing(note);
            assert_eq!(squeeze(&top[5 + idx].1), squeeze(&spaced), "note {idx}");
        }
        assert!(top.iter().all(|(_, text)| !text.contains("suite") && !text.contains('·')));
    }
}

/// A font that reaches the PDF but cannot be embedded (`Fonts::from_files` refuses it first:
/// this one is made by hand) is named in French, without krilla's English words (« failed to
/// subset font: malformed font »).
#[test]
fn issue_21_a_font_the_pdf_cannot_embed_is_named_in_french() {
    use comparatif::layout::fonts::FontData;
    let (table, _) = canonical();
    let bundled = Fonts::bundled();
    let cut = crate::font_with_table(&bundled.regular.bytes, b"glyf", |_, length| *length = 100);
    let regular = FontData { bytes: std::sync::Arc::new(cut), name: "Abimee-Regular.ttf".into() };
    let fonts = Fonts { regular, bold: bundled.bold.clone() };
    let doc = layout::layout(&table, &fonts, &LayoutOptions::default());
    let err = pdf(&doc.info, &doc.pages, &fonts, &PdfOptions::default()).unwrap_err();
    assert_eq!(err.to_string(), "la police Abimee-Regular.ttf ne peut pas être intégrée au PDF");
}
