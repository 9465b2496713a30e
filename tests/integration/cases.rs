//! Fixture tables: `tests/cases/reject/<case>.csv` must be rejected (exit 1) and
//! `tests/cases/accept/<case>.csv` accepted (exit 0), each with golden French output
//! (`<case>.stderr`) and golden JSON Lines (`<case>.jsonl`), checked against the
//! repository's own `datapackage.json`.

use std::path::Path;

use crate::{golden, root, run};

fn check_case(kind: &str, case: &str, expected_code: i32) {
    let dir = root().join("tests/cases").join(kind);
    let csv = format!("{case}.csv");
    assert!(dir.join(&csv).exists(), "fixture {kind}/{csv} is missing");
    let descriptor = root().join("datapackage.json");
    let descriptor = descriptor.to_str().expect("the repository path is UTF-8");

    let human = run(&dir, &["check", &csv, "--descriptor", descriptor]);
    assert!(human.stdout.is_empty(), "{case}: human output goes to stderr");
    golden(&dir.join(format!("{case}.stderr")), &String::from_utf8_lossy(&human.stderr));
    assert_eq!(human.status.code(), Some(expected_code), "{case}: exit code");

    let json = run(&dir, &["check", &csv, "--descriptor", descriptor, "--format", "json"]);
    let text = String::from_utf8(json.stdout).expect("JSON output is UTF-8");
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert_eq!(value["format_version"], 1);
    }
    golden(&dir.join(format!("{case}.jsonl")), &text);
    assert_eq!(json.status.code(), Some(expected_code), "{case}: exit code with --format json");
}

fn check_reject(case: &str) {
    check_case("reject", case, 1);
}

fn check_accept(case: &str) {
    check_case("accept", case, 0);
}

macro_rules! cases {
    ($checker:ident, $kind:literal, $all:ident: $($name:ident => $case:literal,)*) => {
        $(
            #[test]
            fn $name() {
                $checker($case);
            }
        )*
        /// Every fixture of the folder has its test.
        #[test]
        fn $all() {
            let listed = [$($case),*];
            every_fixture_is_listed(&root().join("tests/cases").join($kind), &listed);
        }
    };
}

fn every_fixture_is_listed(dir: &Path, listed: &[&str]) {
    for entry in std::fs::read_dir(dir).expect("fixture folder exists") {
        let path = entry.expect("fixture folder is readable").path();
        if path.extension().is_some_and(|e| e == "csv") {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
            assert!(listed.contains(&stem.as_str()), "fixture {} has no test", path.display());
        }
    }
}

cases! { check_reject, "reject", every_reject_fixture_has_a_test:
    rejects_latin1 => "encodage-latin1",
    rejects_semicolons => "separateur-point-virgule",
    rejects_empty_file => "fichier-vide",
    rejects_header_only => "en-tete-seul",
    rejects_unclosed_quote => "guillemet-non-ferme",
    rejects_blank_header => "en-tete-vide",
    rejects_duplicate_header => "en-tete-duplique",
    issue_25_rejects_a_title_line_above_the_header => "ligne-de-titre",
    rejects_missing_column => "colonne-manquante",
    rejects_unknown_column => "colonne-inconnue",
    rejects_misspelt_column => "colonne-mal-ecrite",
    rejects_reordered_columns => "ordre-colonnes",
    rejects_blank_lines => "ligne-vide",
    rejects_line_of_commas => "ligne-de-virgules",
    rejects_short_row => "cellules-manquantes",
    rejects_long_row => "cellules-en-trop",
    rejects_empty_cell => "cellule-vide",
    rejects_missing_key => "valeur-obligatoire",
    rejects_bad_integer => "type-entier",
    rejects_bad_boolean => "type-booleen",
    rejects_unknown_hosting => "valeur-interdite",
    rejects_too_small => "trop-petit",
    rejects_too_long => "trop-long",
    rejects_duplicate_key => "cle-en-double",
    rejects_bad_urls => "adresse-invalide",
    rejects_formulas => "injection-formule",
    rejects_control_characters => "caractere-interdit",
    rejects_line_break_in_cell => "retour-a-la-ligne",
    reports_every_problem_in_one_run => "plusieurs-erreurs",
    issue_17_empty_key_cell => "cle-vide",
    issue_17_spaces_around_yes_no => "espaces-oui-non",
    issue_17_misspelt_column_name => "colonne-faute-de-frappe",
    issue_17_excel_semicolons_in_windows_1252 => "excel-point-virgule-1252",
    issue_17_blank_lines_at_the_end => "lignes-vides-en-fin",
}

cases! { check_accept, "accept", every_accept_fixture_has_a_test:
    accepts_bom_and_crlf => "bom-crlf",
    warns_about_surrounding_spaces => "espaces",
    accepts_html_looking_text => "texte-html",
}
