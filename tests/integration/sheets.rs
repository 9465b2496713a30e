//! Spreadsheets end to end: the fixtures of `tests/cases/sheets/` (saved by LibreOffice, or
//! written by hand for the hostile ones, see `make_fixtures.py`) checked with golden French
//! output (`<file>.stderr`) and JSON Lines (`<file>.jsonl`); the byte-identical build from the
//! LibreOffice-saved `.xlsx` and `.ods` of `table.csv`; `export` then `import`, also through a
//! LibreOffice re-save; hostile files within their time and memory.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{golden, root, run};

fn sheets() -> PathBuf {
    root().join("tests/cases/sheets")
}

fn descriptor() -> String {
    root().join("datapackage.json").to_str().expect("the repository path is UTF-8").to_owned()
}

/// `check FILE` in the fixtures folder: golden stderr and JSON, and the exit code.
fn check_sheet(file: &str, expected_code: i32) {
    let dir = sheets();
    assert!(dir.join(file).exists(), "fixture sheets/{file} is missing");
    let human = run(&dir, &["check", file, "--descriptor", &descriptor()]);
    assert!(human.stdout.is_empty(), "{file}: human output goes to stderr");
    golden(&dir.join(format!("{file}.stderr")), &String::from_utf8_lossy(&human.stderr));
    assert_eq!(human.status.code(), Some(expected_code), "{file}: exit code");
    let json = run(&dir, &["check", file, "--descriptor", &descriptor(), "--format", "json"]);
    let text = String::from_utf8(json.stdout).expect("JSON output is UTF-8");
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert_eq!(value["format_version"], 1);
    }
    golden(&dir.join(format!("{file}.jsonl")), &text);
    assert_eq!(json.status.code(), Some(expected_code), "{file}: exit code with --format json");
}

macro_rules! sheet_cases {
    ($($name:ident => $file:literal, $code:literal;)*) => {
        $(
            #[test]
            fn $name() {
                check_sheet($file, $code);
            }
        )*
        /// Every workbook of the folder has its test.
        #[test]
        fn every_sheet_fixture_has_a_test() {
            let listed = [$($file),*];
            for entry in std::fs::read_dir(sheets()).expect("fixture folder exists") {
                let path = entry.expect("readable").path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
                if [".xlsx", ".ods", ".xls"].iter().any(|e| name.ends_with(e)) {
                    assert!(listed.contains(&name.as_str()), "fixture {name} has no test");
                }
            }
        }
    };
}

sheet_cases! {
    accepts_the_repository_table_saved_as_xlsx => "table.xlsx", 0;
    accepts_the_repository_table_saved_as_ods => "table.ods", 0;
    rejects_a_formula_xlsx => "formule.xlsx", 1;
    rejects_a_formula_ods => "formule.ods", 1;
    rejects_dates_where_text_or_numbers_are_expected_xlsx => "date.xlsx", 1;
    rejects_dates_where_text_or_numbers_are_expected_ods => "date.ods", 1;
    rejects_logical_values_xlsx => "logique.xlsx", 1;
    rejects_logical_values_ods => "logique.ods", 1;
    rejects_merged_cells_xlsx => "fusion.xlsx", 1;
    rejects_merged_cells_ods => "fusion.ods", 1;
    rejects_a_line_break_xlsx => "retour-a-la-ligne.xlsx", 1;
    rejects_a_line_break_ods => "retour-a-la-ligne.ods", 1;
    rejects_a_fraction_in_an_integer_column_xlsx => "nombre-decimal.xlsx", 1;
    rejects_a_fraction_in_an_integer_column_ods => "nombre-decimal.ods", 1;
    reports_a_run_of_empty_rows_once_xlsx => "lignes-vides.xlsx", 1;
    reports_a_run_of_empty_rows_once_ods => "lignes-vides.ods", 1;
    issue_25_rejects_a_merged_title_above_the_header_xlsx => "ligne-de-titre.xlsx", 1;
    issue_25_rejects_a_merged_title_above_the_header_ods => "ligne-de-titre.ods", 1;
    warns_about_spaces_xlsx => "espaces.xlsx", 0;
    warns_about_spaces_ods => "espaces.ods", 0;
    reads_the_first_sheet_and_says_the_others_are_ignored_xlsx => "plusieurs-feuilles.xlsx", 0;
    reads_the_first_sheet_and_says_the_others_are_ignored_ods => "plusieurs-feuilles.ods", 0;
    reads_the_sheet_named_after_the_resource_xlsx => "feuille-nommee.xlsx", 0;
    reads_the_sheet_named_after_the_resource_ods => "feuille-nommee.ods", 0;
    ignores_formatted_empty_cells_xlsx => "cellules-formatees.xlsx", 0;
    ignores_formatted_empty_cells_ods => "cellules-formatees.ods", 0;
    reads_a_csv_named_xlsx_as_csv_and_says_so => "csv-renomme.xlsx", 0;
    rejects_a_truncated_workbook_xlsx => "tronque.xlsx", 1;
    rejects_a_truncated_workbook_ods => "tronque.ods", 1;
    rejects_a_password_protected_xlsx => "mot-de-passe.xlsx", 1;
    rejects_a_password_protected_ods => "mot-de-passe.ods", 1;
    names_an_old_xls_for_what_it_is => "ancien-format.xls", 1;
    rejects_a_zip_bomb_xlsx => "bombe-zip.xlsx", 1;
    rejects_a_zip_bomb_ods => "bombe-zip.ods", 1;
    rejects_a_zip_bomb_that_lies_about_its_sizes_xlsx => "bombe-zip-menteuse.xlsx", 1;
    rejects_a_zip_bomb_that_lies_about_its_sizes_ods => "bombe-zip-menteuse.ods", 1;
    never_expands_entities_xlsx => "entites.xlsx", 1;
    never_expands_entities_ods => "entites.ods", 1;
    never_reads_external_entities_xlsx => "entite-externe.xlsx", 1;
    never_reads_external_entities_ods => "entite-externe.ods", 1;
    an_absurd_dimension_costs_nothing => "dimension-absurde.xlsx", 0;
    empty_repeated_rows_and_columns_cost_nothing => "repetitions-vides.ods", 0;
    rejects_a_row_repeated_a_million_times => "repetitions-pleines.ods", 1;
    bounds_a_cell_of_two_billion_spaces_ods => "espaces-geants.ods", 1;
    bounds_a_shared_string_of_sixty_million_spaces_xlsx => "espaces-geants.xlsx", 1;
    issue_21_refuses_an_integer_longer_than_a_spreadsheet_keeps_xlsx => "nombre-trop-long.xlsx", 1;
    issue_21_refuses_an_integer_longer_than_a_spreadsheet_keeps_ods => "nombre-trop-long.ods", 1;
    issue_21_refuses_a_cell_written_twice => "cellule-en-double.xlsx", 1;
    issue_21_refuses_a_row_written_twice => "ligne-en-double.xlsx", 1;
    issue_21_refuses_cells_out_of_order => "cellules-desordonnees.xlsx", 1;
    issue_21_refuses_a_cell_outside_its_row => "cellule-hors-de-sa-ligne.xlsx", 1;
    issue_21_refuses_an_attribute_written_twice_xlsx => "attribut-en-double.xlsx", 1;
    issue_21_refuses_an_attribute_written_twice_ods => "attribut-en-double.ods", 1;
}

/// The outputs `build` writes from `table` into a fresh folder.
fn build_outputs(table: &Path, out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    let result = run(
        &root(),
        &[
            "build",
            table.to_str().unwrap(),
            "--descriptor",
            &descriptor(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(result.status.code(), Some(0), "{}", String::from_utf8_lossy(&result.stderr));
}

#[test]
fn building_from_the_libreoffice_xlsx_and_ods_gives_the_same_bytes_as_table_csv() {
    for file in ["table.xlsx", "table.ods"] {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("build-{file}"));
        build_outputs(&sheets().join(file), &out);
        for name in crate::FILES {
            let expected = std::fs::read(root().join("out").join(name)).unwrap();
            let actual = std::fs::read(out.join(name)).unwrap();
            assert!(expected == actual, "{name} built from {file} differs from out/{name}");
        }
    }
}

/// A folder of its own for a test, emptied.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(root().join("datapackage.json"), dir.join("datapackage.json")).unwrap();
    std::fs::copy(root().join("table.csv"), dir.join("table.csv")).unwrap();
    dir
}

#[test]
fn export_then_import_gives_table_csv_back_byte_for_byte() {
    let dir = scratch("export-import");
    let out = run(&dir, &["export"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let first = std::fs::read(dir.join("tableau.xlsx")).unwrap();
    // The same table gives the same workbook (no clock in it).
    let again = run(&dir, &["export", "-o", "encore.xlsx"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(first == std::fs::read(dir.join("encore.xlsx")).unwrap(), "export is not reproducible");
    // Two exports within one second would match even with the clock in them: the workbook's
    // dates are the table's « updated » date, never today's.
    let core = workbook_part(&first, "docProps/core.xml");
    for date in ["dcterms:created", "dcterms:modified"] {
        let expected = format!("<{date} xsi:type=\"dcterms:W3CDTF\">2020-04-09T00:00:00Z</{date}>");
        assert!(core.contains(&expected), "{expected} missing from\n{core}");
    }
    let out = run(&dir, &["import", "tableau.xlsx", "-o", "retour.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        std::fs::read(dir.join("retour.csv")).unwrap()
            == std::fs::read(root().join("table.csv")).unwrap()
    );
    // Without -o, import writes the descriptor's table.csv, and says when it is up to date.
    let out = run(&dir, &["import", "tableau.xlsx"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("déjà à jour"), "{out:?}");
}

/// The text of one part of a workbook (a zip of XML).
pub fn workbook_part(workbook: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(workbook)).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn a_workbook_saved_outside_the_repository_is_imported_with_the_repository_s_descriptor() {
    // The repository (datapackage.json, table.csv) and, elsewhere, the workbook an editor saved
    // from an e-mail, with no descriptor beside it.
    let repo = scratch("import-ailleurs");
    let downloads = repo.join("Téléchargements");
    std::fs::create_dir_all(&downloads).unwrap();
    std::fs::copy(sheets().join("table.xlsx"), downloads.join("tableau.xlsx")).unwrap();
    std::fs::write(repo.join("table.csv"), "ancien\n").unwrap();
    let out = run(&repo, &["import", "Téléchargements/tableau.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("aucun descripteur à côté de Téléchargements/tableau.xlsx")
            && stderr.contains("aide : ")
            && stderr.contains("« --descriptor datapackage.json » (celui du dossier courant)"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(repo.join("table.csv")).unwrap(), b"ancien\n", "nothing written");
    // What the hint says to run rewrites the repository's table.csv.
    let out =
        run(&repo, &["import", "Téléchargements/tableau.xlsx", "--descriptor", "datapackage.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        std::fs::read(repo.join("table.csv")).unwrap()
            == std::fs::read(root().join("table.csv")).unwrap()
    );
    // A mistyped name is said as such, not as a missing descriptor.
    let out = run(&repo, &["check", "Téléchargements/tablaeu.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("impossible d'ouvrir le tableau Téléchargements/tablaeu.xlsx : fichier ou dossier introuvable"),
        "{stderr}"
    );
}

#[test]
fn export_never_replaces_a_workbook_without_force() {
    let dir = scratch("export-force");
    std::fs::write(dir.join("tableau.xlsx"), b"modifications").unwrap();
    let out = run(&dir, &["export"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"), "{out:?}");
    assert_eq!(std::fs::read(dir.join("tableau.xlsx")).unwrap(), b"modifications");
    let out = run(&dir, &["export", "--force"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read(dir.join("tableau.xlsx")).unwrap().starts_with(b"PK"));
}

#[test]
fn a_rejected_import_writes_nothing() {
    let dir = scratch("import-rejected");
    let before = std::fs::read(dir.join("table.csv")).unwrap();
    std::fs::copy(sheets().join("formule.xlsx"), dir.join("formule.xlsx")).unwrap();
    let out = run(&dir, &["import", "formule.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("feuille « Tableau », cellule E2 : erreur[formule]"), "{stderr}");
    assert!(stderr.contains("aucun fichier écrit"), "{stderr}");
    assert_eq!(std::fs::read(dir.join("table.csv")).unwrap(), before);
    let leftovers: Vec<_> =
        std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 3, "{leftovers:?}");
}

#[test]
fn diff_reads_spreadsheets() {
    let out = run(
        &root(),
        &["diff", "table.csv", "tests/cases/sheets/table.ods", "--descriptor", "datapackage.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Aucune modification.\n");
    let out = run(
        &root(),
        &[
            "diff",
            "table.csv",
            "tests/cases/sheets/espaces.xlsx",
            "--descriptor",
            "datapackage.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Solutions retirées (5)"), "{out:?}");
}

/// The one test that opens files with LibreOffice: the exported workbook re-saved by it as
/// `.xlsx` and as `.ods` still imports to `table.csv`, byte for byte. Skipped when `soffice`
/// is missing, except in CI (`.ci/run` installs libreoffice-calc-nogui).
#[test]
fn export_resaved_by_libreoffice_imports_to_the_same_table_csv() {
    if Command::new("soffice").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "LibreOffice (soffice) is needed in CI");
        eprintln!("SKIPPED: LibreOffice is not installed (apt-get install libreoffice-calc-nogui)");
        return;
    }
    let dir = scratch("libreoffice");
    let out = run(&dir, &["export"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let resaved = dir.join("resave");
    // A profile of its own: two LibreOffice processes must not share one.
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    for format in ["xlsx", "ods"] {
        let status = Command::new("soffice")
            .args([&profile, "--headless", "--convert-to", format, "--outdir"])
            .arg(&resaved)
            .arg(dir.join("tableau.xlsx"))
            .output()
            .expect("soffice runs");
        assert!(status.status.success(), "{status:?}");
        let file = resaved.join(format!("tableau.{format}"));
        // Issue 25: LibreOffice keeps the record of what the workbook was exported from
        // (docProps/custom.xml, meta.xml), which import compares with table.csv.
        let table = std::fs::read(root().join("table.csv")).unwrap();
        assert_eq!(
            comparatif::load::origin::recorded(&std::fs::read(&file).unwrap()),
            Some(comparatif::load::origin::fingerprint(&table)),
            "{format}"
        );
        let csv = dir.join(format!("depuis-{format}.csv"));
        let out = run(
            &dir,
            &[
                "import",
                file.to_str().unwrap(),
                "--descriptor",
                "datapackage.json",
                "-o",
                csv.to_str().unwrap(),
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            std::fs::read(&csv).unwrap() == std::fs::read(root().join("table.csv")).unwrap(),
            "the export re-saved as .{format} by LibreOffice does not import to table.csv"
        );
    }
}

/// A descriptor of every type a spreadsheet could change (integers, years, dates, texts that
/// look like numbers or escapes, booleans) and a table of the values at their edges.
const EDGE_DESCRIPTOR: &str = r#"{"resources": [{"name": "valeurs", "path": "table.csv", "schema": {
  "primaryKey": "nom", "missingValues": ["", "Non communiqué"], "fields": [
  {"name": "nom", "title": "Nom", "type": "string"},
  {"name": "n", "title": "Nombre", "type": "integer"},
  {"name": "annee", "title": "Année", "type": "year"},
  {"name": "jour", "title": "Jour", "type": "date"},
  {"name": "code", "title": "Code", "type": "string"},
  {"name": "ok", "title": "Oui ou non", "type": "boolean", "trueValues": ["Oui"], "falseValues": ["Non"]}]}}],
  "publication": {"title": "Valeurs", "caption": "Légende", "source": "Source", "updated": "2020-04-09",
  "downloadText": "Télécharger", "thumbnailAlt": "Aperçu", "lang": "fr-FR"}}"#;

const EDGE_TABLE: &str = "nom,n,annee,jour,code,ok
a,9007199254740993,0033,1899-12-31,007,Oui
b,123456789012345678901234567890123456,1999,1900-01-01,_x0041_,Non
c,-999999999999999,2020,1900-02-28,00123,Non communiqué
d,1000000000000000000000000000000000000,9999,1900-03-01,1e5,Oui
e,20,1000,0001-01-01,0x10,Non
f,Non communiqué,0999,9999-12-31,TRUE,Oui
g,-1000000000000000,0000,2020-04-09,x,Non
";

/// `import` of `file` (with the folder's descriptor) into `csv`: exit 0 and `EDGE_TABLE`'s bytes.
fn imports_to_edge_table(dir: &Path, file: &Path, csv: &str) {
    let out = run(
        dir,
        &["import", file.to_str().unwrap(), "--descriptor", "datapackage.json", "-o", csv],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(csv)).unwrap(),
        EDGE_TABLE,
        "{} does not import to table.csv",
        file.display()
    );
}

/// Issue 21: integers of more than 15 digits came back rounded from `export` then `import`
/// (`9007199254740993` as `…992`), years below 1000 lost their zeros (`0033` read as `33`,
/// refused), dates before 1900 stopped the export with an English message. Every value comes
/// back digit for digit, also after LibreOffice re-saves the workbook as `.xlsx` and `.ods`.
#[test]
fn issue_21_every_value_survives_export_import_and_libreoffice() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("valeurs-extremes");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("datapackage.json"), EDGE_DESCRIPTOR).unwrap();
    std::fs::write(dir.join("table.csv"), EDGE_TABLE).unwrap();
    let out = run(&dir, &["export"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    imports_to_edge_table(&dir, &dir.join("tableau.xlsx"), "retour.csv");
    // Long integers are text cells, which a spreadsheet shows and saves digit for digit.
    let strings =
        workbook_part(&std::fs::read(dir.join("tableau.xlsx")).unwrap(), "xl/sharedStrings.xml");
    assert!(strings.contains("<t>9007199254740993</t>"), "{strings}");
    if Command::new("soffice").arg("--version").output().is_err() {
        crate::skip("LibreOffice (soffice)", "apt-get install libreoffice-calc-nogui");
        return;
    }
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    for format in ["xlsx", "ods"] {
        let status = Command::new("soffice")
            .args([&profile, "--headless", "--convert-to", format, "--outdir"])
            .arg(dir.join("resave"))
            .arg(dir.join("tableau.xlsx"))
            .output()
            .expect("soffice runs");
        assert!(status.status.success(), "{status:?}");
        let file = dir.join("resave").join(format!("tableau.{format}"));
        imports_to_edge_table(&dir, &file, &format!("depuis-{format}.csv"));
    }
}

/// Hostile files are refused (or read) within 256 Mio of address space (how long each takes is
/// measured in docs/performance.md, not asserted here).
#[test]
fn hostile_files_stay_within_time_and_memory() {
    let dir = sheets();
    for (file, code) in [
        ("bombe-zip.xlsx", 1),
        ("bombe-zip-menteuse.xlsx", 1),
        ("entites.xlsx", 1),
        ("dimension-absurde.xlsx", 0),
        ("repetitions-vides.ods", 0),
        ("repetitions-pleines.ods", 1),
        ("espaces-geants.ods", 1),
        ("bombe-zip.ods", 1),
        ("bombe-zip-menteuse.ods", 1),
        ("entites.ods", 1),
        ("espaces-geants.xlsx", 1),
    ] {
        let script = format!(
            "ulimit -v 262144 && exec '{}' check '{file}' --descriptor '{}'",
            env!("CARGO_BIN_EXE_comparatif"),
            descriptor()
        );
        let out =
            Command::new("sh").arg("-c").arg(&script).current_dir(&dir).output().expect("sh runs");
        assert_eq!(
            out.status.code(),
            Some(code),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The `<dataValidation …>…</dataValidation>` of the cells below the header of `column`
/// (`A`, `G`…) in a worksheet's XML.
fn cell_validation<'a>(sheet: &'a str, column: &str) -> &'a str {
    let sqref = format!("sqref=\"{column}2:{column}");
    let end = sheet.find(&sqref).unwrap_or_else(|| panic!("no validation of {column}2"));
    let start = sheet[..end].rfind("<dataValidation ").unwrap();
    let close = end + sheet[end..].find("</dataValidation>").unwrap();
    &sheet[start..close]
}

#[test]
fn issue_23_required_columns_never_offer_the_missing_value_in_the_workbook() {
    let dir = scratch("export-required");
    // « Solution » (A, a text) is required in the repository's descriptor; « Audio et vidéo »
    // (G, Oui/Non, a drop-down) is made required here. « Partage d'écran » (H) stays optional.
    let path = dir.join("datapackage.json");
    let mut descriptor: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let fields = descriptor["resources"][0]["schema"]["fields"].as_array_mut().unwrap();
    let audio = fields.iter_mut().find(|f| f["name"] == "audio_video").unwrap();
    audio["constraints"]["required"] = serde_json::Value::Bool(true);
    std::fs::write(&path, serde_json::to_vec_pretty(&descriptor).unwrap()).unwrap();
    let out = run(&dir, &["export"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let workbook = std::fs::read(dir.join("tableau.xlsx")).unwrap();
    let sheet = workbook_part(&workbook, "xl/worksheets/sheet1.xml");
    for column in ["A", "G"] {
        let validation = cell_validation(&sheet, column);
        assert!(!validation.contains("Non communiqué"), "{column} offers it: {validation}");
    }
    assert!(cell_validation(&sheet, "G").contains("type=\"list\""), "G is a drop-down");
    let optional = cell_validation(&sheet, "H");
    assert!(
        optional.contains("\"Oui,Non,Non communiqué\"")
            && optional.contains("ou « Non communiqué » si l'information n'est pas publique"),
        "an optional column still offers it: {optional}"
    );
}
