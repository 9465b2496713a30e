//! Issue 23: a table that is not the repository's (`tests/cases/nouns/outils`: key « outil »,
//! rows called « outil », masculine, its own abbreviations, a boolean column whose « Oui » is
//! the bad answer) built end to end: every output and message carries its wording.

use std::path::{Path, PathBuf};

use comparatif::layout::{self, LayoutOptions, fonts::Fonts};

use crate::html::{fragment, table_with};
use crate::{root, run};

/// A fresh folder with a copy of the `outils` table and its descriptor.
fn workspace(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("nouns-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["table.csv", "datapackage.json"] {
        std::fs::copy(case().join(file), dir.join(file)).unwrap();
    }
    dir
}

fn case() -> PathBuf {
    root().join("tests/cases/nouns/outils")
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("UTF-8 output")
}

#[test]
fn issue_23_cli_lines_call_rows_by_the_descriptor_noun() {
    let dir = workspace("cli");
    let out = run(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(out.stderr), "table.csv : tableau valide (3 outils, 0 avertissement)\n");
    let out = run(&dir, &["build"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(out.stdout);
    assert!(stdout.contains("table.csv : 3 outils (1 page), 6 fichiers écrits en "), "{stdout}");
    let out = run(&dir, &["build", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(out.stderr));
    let out = run(&dir, &["import", "table.csv"]);
    assert!(text(out.stdout).contains("est déjà à jour (3 outils)"));
    // A blank line: the hint says what a line describes.
    let csv = std::fs::read_to_string(dir.join("table.csv")).unwrap();
    std::fs::write(dir.join("table.csv"), format!("{csv}\nCalc 2,,Oui,Non,\n")).unwrap();
    let stderr = text(run(&dir, &["check"]).stderr);
    assert!(
        stderr.contains("aide : supprimez cette ligne : chaque ligne du tableau décrit un outil\n"),
        "{stderr}"
    );
    // The old table had one row less.
    std::fs::write(dir.join("old.csv"), csv.lines().take(3).collect::<Vec<_>>().join("\n"))
        .unwrap();
    std::fs::write(dir.join("table.csv"), &csv).unwrap();
    let out = run(&dir, &["diff", "old.csv", "table.csv"]);
    assert_eq!(text(out.stdout), "Outil ajouté : « Calc »\n");
}

#[test]
fn issue_23_without_row_noun_rows_are_lines() {
    let dir = workspace("neutral");
    let descriptor = std::fs::read_to_string(dir.join("datapackage.json")).unwrap();
    let without = descriptor
        .replace(r#""rowNoun": { "singular": "outil", "plural": "outils", "gender": "m" },"#, "");
    assert_ne!(without, descriptor);
    std::fs::write(dir.join("datapackage.json"), without).unwrap();
    let out = run(&dir, &["check"]);
    assert_eq!(text(out.stderr), "table.csv : tableau valide (3 lignes, 0 avertissement)\n");
    let out = run(&dir, &["build"]);
    assert!(text(out.stdout).contains("table.csv : 3 lignes (1 page)"));
    let page = std::fs::read_to_string(dir.join("out/tableau.html")).unwrap();
    assert!(page.contains("<legend class=\"fr-fieldset__legend\">Filtrer les lignes</legend>"));
    assert!(page.contains("data-aucun=\"Aucune ligne\""));
}

#[test]
fn issue_23_html_has_the_noun_the_abbreviations_and_the_favourable_answers() {
    let table = table_with(&case().join("table.csv"), &case().join("datapackage.json"));
    let page = fragment(&table);
    for wanted in [
        "<legend class=\"fr-fieldset__legend\">Filtrer les outils</legend>",
        "role=\"status\" data-aucun=\"Aucun outil\" data-singulier=\"outil\" data-pluriel=\"outils\">3 outils sur 3</p>",
        "<abbr title=\"direction générale des finances publiques\">DGFiP</abbr>",
        "<abbr title=\"Union européenne\">UE</abbr>",
    ] {
        assert!(page.contains(wanted), "{wanted} missing from\n{page}");
    }
    // The repository's abbreviations are its descriptor's, not comparatif's.
    assert!(page.contains("Sur le RIE") && !page.contains("DINUM</abbr>"), "{page}");
    // « Publicité ciblée » (column 4): « Oui » is the bad answer, « Non » the good one.
    let cells: Vec<&str> = page.split("<td ").skip(1).collect();
    let marks = |value: &str| -> Vec<(bool, bool)> {
        cells
            .iter()
            .filter(|c| c.contains(&format!("data-valeur=\"{value}\"")))
            .map(|c| (c.starts_with("class=\"comparatif__yes\""), c.contains("✓")))
            .collect()
    };
    // Rows: Grist (Oui, Non), Tableur (Non, Oui), Calc (Oui, Oui): in file order, hébergement
    // then publicité.
    let yes: Vec<(bool, bool)> = marks("Oui");
    let no: Vec<(bool, bool)> = marks("Non");
    assert_eq!(yes, [(true, true), (false, false), (true, true), (false, false)], "Oui cells");
    assert_eq!(no, [(true, true), (false, false)], "Non cells: publicité then hébergement");
}

#[test]
fn issue_23_the_pdf_describes_links_and_colours_answers_with_the_descriptor() {
    let table = table_with(&case().join("table.csv"), &case().join("datapackage.json"));
    let doc = layout::layout(&table, &Fonts::bundled(), &LayoutOptions::default());
    let dump = layout::dump(&doc);
    assert!(
        dump.contains("« Site de l'outil Grist (https://grist.numerique.gouv.fr/) »"),
        "{dump}"
    );
    assert!(!dump.contains("solution"), "{dump}");
    // Theme colours: green #18753c (favourable), red #ce0500 (the other answer).
    let colour = |row: usize, col: usize| -> String {
        let tag = format!("texte Cell {{ row_idx: {row}, col_idx: {col} }}");
        let line = dump.lines().find(|l| l.contains(&tag)).unwrap_or_else(|| panic!("{tag}"));
        line.split_whitespace().find(|w| w.starts_with('#')).unwrap().to_owned()
    };
    let (good, bad) = (colour(0, 2), colour(1, 2));
    assert_ne!(good, bad);
    assert_eq!(colour(0, 3), good, "Grist: no targeted advertising is the good answer");
    assert_eq!(colour(1, 3), bad, "Tableur: targeted advertising is the bad answer");
    assert_eq!(colour(2, 3), bad);
}
