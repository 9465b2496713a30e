//! Issue 25: the command line loses nothing. `import` and `build CLASSEUR` refuse to overwrite
//! a `table.csv` changed since the workbook was exported from it; `build CLASSEUR` writes
//! `table.csv` and `out/` together; `--note` and `--date` record an update in the descriptor,
//! and nothing is written when anything is refused.

use std::path::{Path, PathBuf};

use crate::{FILES, root, run};

/// A copy of the repository's descriptor and table in a folder of its own, with `out/` built.
fn repository(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["datapackage.json", "table.csv"] {
        std::fs::copy(root().join(file), dir.join(file)).unwrap();
    }
    let out = run(&dir, &["build", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    dir
}

/// `dir`'s table, descriptor and outputs, to check that a refused command changed nothing.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = vec!["table.csv".to_owned(), "datapackage.json".to_owned()];
    files.extend(FILES.iter().map(|f| format!("out/{f}")));
    files
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap_or_default()))
        .collect()
}

/// The workbook `comparatif export` writes in `dir`, with `from` replaced by `to` in its texts:
/// an edit made in a spreadsheet.
fn edited_export(dir: &Path, from: &str, to: &str) -> PathBuf {
    let out = run(dir, &["export", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(dir.join("tableau.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
    let edited = dir.join("modifie.xlsx");
    let mut wtr = zip::ZipWriter::new(std::fs::File::create(&edited).unwrap());
    for idx in 0..archive.len() {
        let mut part = archive.by_index(idx).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut data).unwrap();
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(data).unwrap();
            assert!(text.contains(from), "{from} not in the workbook");
            data = text.replace(from, to).into_bytes();
        }
        wtr.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut wtr, &data).unwrap();
    }
    wtr.finish().unwrap();
    edited
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn issue_25_import_refuses_to_overwrite_edits_made_to_table_csv_after_the_export() {
    let dir = repository("garde-import");
    edited_export(&dir, "Tixeo (Montpellier, France)", "Tixeo (Montpellier)");
    // table.csv edited after the export: the workbook does not have this edit.
    let table = std::fs::read_to_string(dir.join("table.csv")).unwrap();
    std::fs::write(dir.join("table.csv"), table.replace("Payant, selon", "Payant selon")).unwrap();
    let before = snapshot(&dir);
    let out = run(&dir, &["import", "modifie.xlsx"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("erreur : table.csv a été modifié depuis l'export du classeur modifie.xlsx : le remplacer effacerait ces modifications ; rien n'est écrit"), "{err}");
    // What would change: the workbook's edit, and the undoing of table.csv's.
    assert!(
        err.contains(
            "- Tixeo, « Éditeur » : « Tixeo (Montpellier, France) » → « Tixeo (Montpellier) »"
        ),
        "{err}"
    );
    assert!(err.contains("- Tixeo, « Tarif » : « Payant selon"), "{err}");
    assert!(err.contains("--force »"), "{err}");
    assert!(snapshot(&dir) == before, "a refused import wrote something");
    // --force replaces it.
    let out = run(&dir, &["import", "modifie.xlsx", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let now = std::fs::read_to_string(dir.join("table.csv")).unwrap();
    assert!(now.contains("Tixeo (Montpellier),") && now.contains("Payant, selon"), "{now}");
}

#[test]
fn issue_25_import_of_an_untouched_table_csv_or_a_hand_made_workbook_goes_on() {
    let dir = repository("garde-import-ok");
    edited_export(&dir, "Tixeo (Montpellier, France)", "Tixeo (Montpellier)");
    // table.csv as exported: replaced without a word.
    let out = run(&dir, &["import", "modifie.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("note :"), "{}", stderr(&out));
    // A workbook that records nothing (made by hand): replaced, with a note.
    let hand = dir.join("main.xlsx");
    std::fs::copy(root().join("tests/cases/sheets/table.xlsx"), &hand).unwrap();
    let out = run(&dir, &["import", "main.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("note : main.xlsx ne dit pas de quel table.csv il vient (il n'a pas été écrit par « comparatif export »)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn issue_25_build_with_a_workbook_updates_table_csv_and_out_together() {
    let dir = repository("garde-build");
    edited_export(&dir, "Tixeo (Montpellier, France)", "Tixeo (Montpellier)");
    // out/ cannot be written (a file stands where its folder would be): table.csv and the
    // descriptor stay as they were.
    let before = snapshot(&dir);
    let args =
        ["build", "modifie.xlsx", "--out", "table.csv/out", "--note", "x", "--date", "2026-12-07"];
    let out = run(&dir, &args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(snapshot(&dir) == before, "a failed build changed table.csv or the descriptor");
    let out = run(&dir, &["build", "modifie.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.starts_with("table.csv  "), "{report}");
    let table = std::fs::read_to_string(dir.join("table.csv")).unwrap();
    assert!(table.contains("Tixeo (Montpellier),"), "table.csv was not updated");
    // out/ is what table.csv gives: CI's check passes.
    let check = run(&dir, &["build", "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stdout));
    // An edit of table.csv since the export: neither table.csv nor out/ change.
    std::fs::write(dir.join("table.csv"), table.replace("Payant, selon", "Payant selon")).unwrap();
    let run_check = run(&dir, &["build", "-q"]);
    assert_eq!(run_check.status.code(), Some(0));
    let before = snapshot(&dir);
    let out = run(&dir, &["build", "modifie.xlsx"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("a été modifié depuis l'export du classeur"), "{}", stderr(&out));
    assert!(stderr(&out).contains("out reste inchangé"), "{}", stderr(&out));
    assert!(snapshot(&dir) == before, "a refused build wrote something");
}

#[test]
fn issue_25_note_and_date_record_an_update_in_the_descriptor() {
    let dir = repository("note-date");
    let descriptor = std::fs::read_to_string(dir.join("datapackage.json")).unwrap();
    let out = run(&dir, &["build", "--note", "Ajout d'une solution", "--date", "2026-12-07"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("datapackage.json : mis à jour le 7 décembre 2026, note « Ajout d'une solution » en tête de l'historique\n"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let expected = descriptor.replace(
        "    \"updated\": \"2020-04-09\",\n",
        "    \"updated\": \"2026-12-07\",\n    \"history\": [\n      { \"date\": \"2026-12-07\", \"note\": \"Ajout d'une solution\" }\n    ],\n",
    );
    assert_eq!(std::fs::read_to_string(dir.join("datapackage.json")).unwrap(), expected);
    // out/ was built with it: in step, and the page shows the note and the date.
    assert_eq!(run(&dir, &["build", "--check"]).status.code(), Some(0));
    let html = std::fs::read_to_string(dir.join("out/tableau.html")).unwrap();
    assert!(
        html.contains(
            "<time datetime=\"2026-12-07\">7 décembre 2026</time>\u{a0}: Ajout d'une solution"
        ),
        "{html}"
    );
    // Refused, nothing written: a date before the last update, an impossible date, --check.
    let before = snapshot(&dir);
    for (args, said) in [
        (
            &["build", "--note", "x", "--date", "2026-12-06"][..],
            "la date de mise à jour (6 décembre 2026) est antérieure à la dernière mise à jour du descripteur (7 décembre 2026)",
        ),
        (&["build", "--date", "2026-06-31"][..], "le 31 juin 2026 n'existe pas (juin a 30 jours)"),
        (&["build", "--check", "--note", "x"][..], "--check n'écrit rien"),
        (
            &["import", "table.csv", "--date", "2026-02-29"][..],
            "le 29 février 2026 n'existe pas (2026 n'est pas bissextile)",
        ),
    ] {
        let out = run(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(said), "{args:?}: {}", stderr(&out));
        assert!(snapshot(&dir) == before, "{args:?} wrote something");
    }
    // A table refused: the descriptor is not updated either.
    std::fs::write(dir.join("cassé.csv"), "pas,le,bon,tableau\n").unwrap();
    let out =
        run(&dir, &["import", "cassé.csv", "--descriptor", "datapackage.json", "--note", "y"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(snapshot(&dir) == before, "a refused import recorded the update");
    // import records the update with table.csv.
    let out = run(&dir, &["import", "table.csv", "--note", "Relecture", "--date", "2026-12-08"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let now = std::fs::read_to_string(dir.join("datapackage.json")).unwrap();
    assert!(now.contains("\"updated\": \"2026-12-08\",\n    \"history\": [\n      { \"date\": \"2026-12-08\", \"note\": \"Relecture\" },\n      { \"date\": \"2026-12-07\""), "{now}");
}
