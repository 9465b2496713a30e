//! The layout: a golden dump of the canonical table, and properties over random valid tables
//! (every text inside its cell, every cell's text present, rows never split, no panic).

use comparatif::layout::fonts::Fonts;
use comparatif::layout::{self, Document, Item, LayoutOptions, Origin, TextRun};
use comparatif::model::{Cell, Column, Row, Table};
use comparatif::model::{Date, Kind, Publication, Value};
use proptest::prelude::*;

use crate::html::table as load_table;
use crate::{golden, root};

#[test]
fn canonical_layout_matches_its_golden_dump() {
    let case = root().join("tests/cases/render/webconference");
    let table = load_table(&case.join("table.csv"));
    let doc = layout::layout(&table, &Fonts::bundled(), &LayoutOptions::default());
    golden(&case.join("expected.layout.txt"), &layout::dump(&doc));
    check_invariants(&table, &doc).unwrap();
}

/// Every property the layout promises; `Err` says which one broke.
pub fn check_invariants(table: &Table, doc: &Document) -> Result<(), String> {
    const EPS: f32 = 0.05;
    for (page_idx, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            let Item::Text(run) = item else { continue };
            if run.x.0 < -EPS
                || run.x.0 + run.width.0 > doc.info.width.0 + EPS
                || run.baseline.0 > doc.info.height.0
            {
                let text = page.text(run);
                return Err(format!("page {}: {text:?} leaves the page", page_idx + 1));
            }
            if !matches!(
                run.origin,
                Origin::Cell { .. } | Origin::ColumnHeader { .. } | Origin::RowHeaderRepeat { .. }
            ) {
                continue;
            }
            // A repeated header (the row-header column's, on each band) may stand twice on a
            // page when bands share it: the run must be inside one of its origin's frames.
            let frames: Vec<_> = page.frames.iter().filter(|f| f.origin == run.origin).collect();
            if frames.is_empty() {
                return Err(format!("page {}: no frame for {:?}", page_idx + 1, run.origin));
            }
            let within = |r: &layout::Rect| {
                run.x.0 >= r.x.0 - EPS
                    && run.x.0 + run.width.0 <= r.x.0 + r.width.0 + EPS
                    && run.baseline.0 - run.ascent.0 >= r.y.0 - EPS
                    && run.baseline.0 + run.descent.0 <= r.y.0 + r.height.0 + EPS
            };
            let inside = frames.iter().any(|f| within(&f.rect));
            let r = frames[0].rect;
            if !inside {
                return Err(format!(
                    "page {}: {:?} of {:?} is outside its cell {r:?}",
                    page_idx + 1,
                    page.text(run),
                    run.origin
                ));
            }
        }
    }
    // A soft hyphen ends a line that breaks a word (drawn as a hyphen): no part of the text.
    let squeeze =
        |s: &str| s.chars().filter(|c| !c.is_whitespace() && *c != '\u{AD}').collect::<String>();
    let runs = |origin: Origin| -> String {
        doc.pages
            .iter()
            .flat_map(|p| p.items.iter().map(move |i| (p, i)))
            .filter_map(|(p, i)| match i {
                Item::Text(run @ TextRun { origin: o, .. }) if *o == origin => Some(p.text(run)),
                _ => None,
            })
            .collect()
    };
    for (col_idx, column) in table.columns.iter().enumerate() {
        let shown = runs(Origin::ColumnHeader { col_idx, repeated: false });
        if squeeze(&shown) != squeeze(&column.title) {
            return Err(format!("header {col_idx}: {shown:?} instead of {:?}", column.title));
        }
    }
    for row_idx in 0..table.rows.len() {
        for col_idx in 0..table.columns.len() {
            let shown = runs(Origin::Cell { row_idx, col_idx });
            let expected = table.display(row_idx, col_idx);
            if squeeze(&shown) != squeeze(&expected) {
                return Err(format!(
                    "cell ({row_idx}, {col_idx}): {shown:?} instead of {expected:?}"
                ));
            }
        }
        // Within each band of columns, a row is on one page (unless taller than a page).
        for (band_idx, band) in doc.info.bands.iter().enumerate() {
            // The row header is a repeat (an artifact) in bands after the first.
            let own = |c: usize| band.contains(&c) && (band_idx == 0 || c != doc.info.row_header);
            let pages: Vec<usize> = doc
                .pages
                .iter()
                .enumerate()
                .filter(|(_, p)| p.frames.iter().any(|f| matches!(f.origin, Origin::Cell { row_idx: r, col_idx: c } if r == row_idx && own(c))))
                .map(|(idx, _)| idx)
                .collect();
            if pages.len() != 1 && !doc.info.split_rows.contains(&row_idx) {
                return Err(format!("row {row_idx} is on pages {pages:?} in band {band:?}"));
            }
        }
    }
    Ok(())
}

fn column(idx: usize, kind: Kind) -> Column {
    Column {
        name: format!("c{idx}"),
        title: format!("Critère n° {idx} à comparer"),
        description: None,
        favourable: true,
        choices: match &kind {
            Kind::Boolean { .. } => Some(vec![Value::Boolean(true), Value::Boolean(false)]),
            _ => None,
        },
        kind,
    }
}

fn publication() -> Publication {
    Publication {
        title: "Titre du tableau".into(),
        caption: "Légende".into(),
        source: "Source".into(),
        updated: Date::new(2020, 4, 9).expect("a real date"),
        notes: vec!["Une note.".into()],
        download_text: "Télécharger".into(),
        thumbnail_alt: "Aperçu".into(),
        lang: "fr-FR".into(),
        url_prefix: String::new(),
        file_name: "tableau".into(),
        ..Publication::default()
    }
}

/// Text made of French words, spaces, punctuation, long words and URLs.
fn text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[a-zA-Zéèàçœ’«»]{1,12}",
        Just("visioconférence".to_owned()),
        Just("https://webconference.numerique.gouv.fr/chemin/vers/une/page".to_owned()),
        "[a-z]{30,60}",
        Just(":".to_owned()),
        Just(";".to_owned()),
    ];
    proptest::collection::vec(word, 1..12).prop_map(|words| words.join(" "))
}

fn cell(kind: &Kind) -> BoxedStrategy<Cell> {
    let missing = Just(Cell::Missing("Non communiqué".to_owned()));
    match kind {
        Kind::Boolean { .. } => {
            prop_oneof![any::<bool>().prop_map(|b| Cell::Value(Value::Boolean(b))), missing].boxed()
        }
        Kind::Integer { .. } => {
            prop_oneof![(0_i128..10_000_000).prop_map(|n| Cell::Value(Value::Integer(n))), missing]
                .boxed()
        }
        _ => {
            prop_oneof![4 => text().prop_map(|t| Cell::Value(Value::Text(t))), 1 => missing].boxed()
        }
    }
}

fn tables() -> impl Strategy<Value = Table> {
    let kinds = proptest::collection::vec(
        prop_oneof![
            Just(Kind::String { uri: false }),
            Just(Kind::Integer { bare_number: true }),
            Just(Kind::Boolean {
                true_values: vec!["Oui".into()],
                false_values: vec!["Non".into()]
            }),
        ],
        1..18,
    );
    kinds.prop_flat_map(|kinds| {
        let row = kinds.iter().map(cell).collect::<Vec<_>>();
        let columns: Vec<Column> =
            kinds.into_iter().enumerate().map(|(i, k)| column(i, k)).collect();
        let notes = proptest::collection::vec(text(), 0..12);
        (Just(columns), proptest::collection::vec(row, 1..40), notes).prop_map(
            |(columns, rows, notes)| Table {
                publication: Publication { notes, ..publication() },
                columns,
                rows: rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, cells)| Row { line: i as u64 + 2, cells })
                    .collect(),
                row_header: 0,
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_tables_keep_every_promise(table in tables()) {
        let doc = layout::layout(&table, &Fonts::bundled(), &LayoutOptions::default());
        prop_assert!(check_invariants(&table, &doc).is_ok(), "{}", check_invariants(&table, &doc).unwrap_err());
        prop_assert!(notes_have_rows(&doc).is_ok(), "{}", notes_have_rows(&doc).unwrap_err());
    }
}

#[test]
fn a_row_taller_than_a_page_continues_on_the_next_one() {
    let long = "mot ".repeat(12_000);
    let table = Table {
        publication: publication(),
        columns: vec![
            column(0, Kind::String { uri: false }),
            column(1, Kind::String { uri: false }),
        ],
        rows: vec![
            Row {
                line: 2,
                cells: vec![
                    Cell::Value(Value::Text("Court".into())),
                    Cell::Value(Value::Text("x".into())),
                ],
            },
            Row {
                line: 3,
                cells: vec![
                    Cell::Value(Value::Text("Long".into())),
                    Cell::Value(Value::Text(long)),
                ],
            },
        ],
        row_header: 0,
    };
    let doc = layout::layout(&table, &Fonts::bundled(), &LayoutOptions::default());
    assert_eq!(doc.info.split_rows, vec![1]);
    assert!(doc.pages.len() >= 2);
    check_invariants(&table, &doc).unwrap();
}

#[test]
fn pages_after_a_tall_row_do_not_keep_its_room() {
    // Each page reserves room for as much as the page before it; after the pages of a row
    // taller than a page, the short rows' pages must give the extra room back, or a whole
    // `Document` would keep every page at the size of the largest.
    let short = |line: u64| Row {
        line,
        cells: vec![
            Cell::Value(Value::Text(format!("Court {line}"))),
            Cell::Value(Value::Text("x".into())),
        ],
    };
    let mut rows = vec![Row {
        line: 2,
        cells: vec![
            Cell::Value(Value::Text("Long".into())),
            Cell::Value(Value::Text("mot ".repeat(12_000))),
        ],
    }];
    rows.extend((3..300).map(short));
    let table = Table {
        publication: publication(),
        columns: vec![
            column(0, Kind::String { uri: false }),
            column(1, Kind::String { uri: false }),
        ],
        rows,
        row_header: 0,
    };
    let doc = layout::layout(&table, &Fonts::bundled(), &LayoutOptions::default());
    check_invariants(&table, &doc).unwrap();
    let (first, last) = (&doc.pages[0], doc.pages.last().expect("pages"));
    assert!(first.lines.text.len() > 4 * last.lines.text.len(), "the tall row fills page 1");
    for (idx, page) in doc.pages.iter().enumerate() {
        let fits = |len: usize, capacity: usize| capacity <= 2 * len + 64;
        assert!(fits(page.lines.text.len(), page.lines.text.capacity()), "page {}", idx + 1);
        assert!(fits(page.lines.glyphs.len(), page.lines.glyphs.capacity()), "page {}", idx + 1);
        assert!(fits(page.items.len(), page.items.capacity()), "page {}", idx + 1);
    }
}

/// The canonical table with `rows` rows: its rows over and over, each copy's key renamed (the
/// row header is the primary key).
fn canonical_with(rows: usize) -> Table {
    let mut table = load_table(&root().join("table.csv"));
    let original = table.rows.clone();
    table.rows = (0..rows)
        .map(|idx| {
            let mut row = original[idx % original.len()].clone();
            let copy = idx / original.len();
            if copy > 0
                && let Cell::Value(Value::Text(name)) = &mut row.cells[table.row_header]
            {
                name.push_str(&format!(" ({})", copy + 1));
            }
            row.line = idx as u64 + 2;
            row
        })
        .collect();
    table
}

/// What issue 14 promises of the pages: a page number only on documents of more than one
/// page; no page with notes and no row, save (when `long_notes`, notes that do not fit on a
/// page with two rows) the pages the notes continue on, which start with « Notes (suite) »;
/// the page where the notes start, and the last page of rows, hold at least two rows (or all
/// when fewer).
fn check_pagination(doc: &Document, long_notes: bool) -> Result<(), String> {
    let rows = doc.info.row_count;
    let many = doc.pages.len() > 1;
    let texts = |page: &comparatif::layout::Page| -> Vec<Origin> {
        page.items
            .iter()
            .filter_map(|item| if let Item::Text(run) = item { Some(run.origin) } else { None })
            .collect()
    };
    let last_rows = doc.pages.iter().rposition(|p| !p.rows.is_empty()).ok_or("no rows")?;
    for (idx, page) in doc.pages.iter().enumerate() {
        let origins = texts(page);
        let numbered = origins.contains(&Origin::PageNumber);
        if numbered != many {
            return Err(format!(
                "page {}: page number {numbered} on {} page(s)",
                idx + 1,
                doc.pages.len()
            ));
        }
        let notes =
            origins.iter().any(|o| matches!(o, Origin::Note(_) | Origin::NotesHeading { .. }));
        let starts = origins.contains(&Origin::NotesHeading { continued: false });
        let continued = origins.first() == Some(&Origin::NotesHeading { continued: true });
        let distinct_rows = {
            let mut r = page.rows.clone();
            r.dedup();
            r.len()
        };
        if notes && page.rows.is_empty() && !(continued && long_notes) {
            return Err(format!("page {} holds notes and no row", idx + 1));
        }
        if notes && !starts && !continued {
            return Err(format!("page {}: notes continued without « Notes (suite) »", idx + 1));
        }
        if (starts || idx == last_rows) && distinct_rows < rows.min(2) {
            return Err(format!("page {}: {distinct_rows} row(s) only", idx + 1));
        }
    }
    Ok(())
}

/// The promise every table keeps (its rows however tall, its notes however long): a page
/// that holds notes holds rows too, or starts with « Notes (suite) »; the notes come in
/// order; the text is never below 6 pt.
fn notes_have_rows(doc: &Document) -> Result<(), String> {
    let mut next_note = 0;
    for (idx, page) in doc.pages.iter().enumerate() {
        let origins: Vec<Origin> = page
            .items
            .iter()
            .filter_map(|item| if let Item::Text(run) = item { Some(run.origin) } else { None })
            .collect();
        let notes = origins.iter().any(|o| matches!(o, Origin::Note(_)));
        let continued = origins.first() == Some(&Origin::NotesHeading { continued: true });
        if notes && page.rows.is_empty() && !continued {
            return Err(format!("page {} holds notes and no row", idx + 1));
        }
        for origin in origins {
            if let Origin::Note(n) = origin {
                if n != next_note && n + 1 != next_note {
                    return Err(format!("page {}: note {n} after note {}", idx + 1, next_note));
                }
                next_note = n + 1;
            }
        }
    }
    if doc.info.body_size.0 < 6.0 {
        return Err(format!("text at {} pt", doc.info.body_size.0));
    }
    Ok(())
}

#[test]
fn issue_14_one_page_for_the_canonical_table_at_7_pt() {
    let table = load_table(&root().join("table.csv"));
    let doc = layout::layout(&table, &Fonts::bundled(), &LayoutOptions::default());
    assert_eq!(doc.pages.len(), 1, "{}", layout::dump(&doc));
    assert_eq!(doc.info.body_size.0, 7.0);
    check_pagination(&doc, false).unwrap();
}

#[test]
fn issue_14_no_page_of_notes_without_rows_for_7_9_12_and_25_rows() {
    for rows in [7, 9, 12, 25] {
        let table = canonical_with(rows);
        let doc = layout::layout(&table, &Fonts::bundled(), &LayoutOptions::default());
        let pages: Vec<Vec<usize>> = doc.pages.iter().map(|p| p.rows.clone()).collect();
        eprintln!("{rows} rows: {} pt, rows by page {pages:?}", doc.info.body_size.0);
        check_invariants(&table, &doc).unwrap_or_else(|e| panic!("{rows} rows: {e}"));
        check_pagination(&doc, false).unwrap_or_else(|e| panic!("{rows} rows: {e}\n{pages:?}"));
    }
}

#[test]
fn issue_14_long_notes_continue_under_notes_suite() {
    for (rows, notes) in [(7, 12), (9, 40), (12, 3)] {
        let mut table = canonical_with(rows);
        let long: Vec<String> =
            table.publication.notes.iter().map(|n| format!("{n} {n} {n}")).collect();
        table.publication.notes = long.iter().cycle().take(notes).cloned().collect();
        let doc = layout::layout(&table, &Fonts::bundled(), &LayoutOptions::default());
        let pages: Vec<Vec<usize>> = doc.pages.iter().map(|p| p.rows.clone()).collect();
        eprintln!(
            "{rows} rows, {notes} notes: {} pt, rows by page {pages:?}",
            doc.info.body_size.0
        );
        check_invariants(&table, &doc).unwrap_or_else(|e| panic!("{rows} rows: {e}"));
        check_pagination(&doc, true)
            .unwrap_or_else(|e| panic!("{rows} rows, {notes} notes: {e}\n{pages:?}"));
    }
}
