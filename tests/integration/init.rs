//! `comparatif init`: three bare tables of our own (a CSV, an `.xlsx` made by
//! `comparatif export`, an `.ods` saved by LibreOffice) → a `datapackage.json` that frictionless
//! validates and `comparatif build` builds at once; no overwrite without `--force`; the
//! descriptor `frictionless describe` writes is accepted.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::run;

/// A CSV with Oui/Non, a list, integers, decimals « 12,5 », dates, addresses and « NC ».
const OUTILS: &str = "\
Outil,Éditeur,Hébergement,Chiffrement,Participants,Note,Mise à jour,Site
Alpha,Société A,France,Oui,50,\"12,5\",2024-01-15,https://alpha.example.fr
Bêta,NC,UE,Non,NC,\"8,25\",2023-06-30,https://beta.example.eu
Gamma,Société C,France,Oui,100,NC,2024-03-01,NC
Delta,Société D,UE,NC,25,15,2022-11-20,https://delta.example.fr
";

/// An empty folder of its own for the test `name`.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("init-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn ok(out: &std::process::Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `frictionless validate datapackage.json` in `dir` passes; skipped without frictionless.
fn frictionless_valid(dir: &Path) {
    let probe = Command::new("python3").args(["-c", "import frictionless"]).output();
    if !probe.is_ok_and(|out| out.status.success()) {
        crate::skip("python3 with frictionless", "pip install 'frictionless>=5,<6'");
        return;
    }
    let out = Command::new("python3")
        .args(["-m", "frictionless", "validate", "datapackage.json"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "frictionless refuses:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

fn field<'j>(json: &'j serde_json::Value, name: &str) -> &'j serde_json::Value {
    let fields = json["resources"][0]["schema"]["fields"].as_array().unwrap();
    fields.iter().find(|f| f["name"] == name).unwrap_or_else(|| panic!("no field {name}"))
}

#[test]
fn a_csv_gives_a_descriptor_that_frictionless_validates_and_that_builds() {
    let dir = scratch("csv");
    std::fs::write(dir.join("outils.csv"), OUTILS).unwrap();
    ok(&run(&dir, &["init", "outils.csv"]));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(field(&json, "chiffrement")["trueValues"], serde_json::json!(["Oui"]));
    assert_eq!(
        field(&json, "hebergement")["constraints"]["enum"],
        serde_json::json!(["France", "UE"])
    );
    assert_eq!(field(&json, "participants")["type"], "integer");
    assert_eq!(field(&json, "note")["decimalChar"], ",");
    assert_eq!(field(&json, "mise_a_jour")["type"], "date");
    assert_eq!(field(&json, "site")["format"], "uri");
    assert_eq!(json["resources"][0]["schema"]["missingValues"], serde_json::json!(["NC"]));
    assert_eq!(json["resources"][0]["schema"]["primaryKey"], serde_json::json!(["outil"]));
    assert_eq!(json["publication"]["rowNoun"]["singular"], "outil");
    assert_eq!(json["publication"]["fileName"], "outils");
    frictionless_valid(&dir);
    ok(&run(&dir, &["build"]));
    assert!(dir.join("out/outils.pdf").is_file());
}

#[test]
fn init_never_overwrites_without_force() {
    let dir = scratch("force");
    std::fs::write(dir.join("outils.csv"), OUTILS).unwrap();
    std::fs::write(dir.join("datapackage.json"), "{}").unwrap();
    let out = run(&dir, &["init", "outils.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("existe déjà et n'a pas été remplacé"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("datapackage.json")).unwrap(), "{}");
    assert!(!dir.join("table.csv").exists());
    std::fs::remove_file(dir.join("datapackage.json")).unwrap();
    std::fs::write(dir.join("table.csv"), "ancien\n").unwrap();
    assert_eq!(run(&dir, &["init", "outils.csv"]).status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(dir.join("table.csv")).unwrap(), "ancien\n");
    ok(&run(&dir, &["init", "outils.csv", "--force"]));
    ok(&run(&dir, &["build"]));
}

#[test]
fn workbooks_give_their_table_csv_and_a_descriptor_that_builds() {
    // The .xlsx: the CSV's table exported by comparatif, then read again from a bare folder.
    let first = scratch("xlsx-source");
    std::fs::write(first.join("outils.csv"), OUTILS).unwrap();
    ok(&run(&first, &["init", "outils.csv"]));
    ok(&run(&first, &["export", "-o", "comparatif.xlsx"]));
    let dir = scratch("xlsx");
    std::fs::copy(first.join("comparatif.xlsx"), dir.join("comparatif.xlsx")).unwrap();
    ok(&run(&dir, &["init", "comparatif.xlsx"]));
    let json = std::fs::read_to_string(dir.join("datapackage.json")).unwrap();
    assert!(json.contains("\"path\": \"table.csv\""), "{json}");
    assert_eq!(
        std::fs::read_to_string(dir.join("table.csv")).unwrap(),
        std::fs::read_to_string(first.join("table.csv")).unwrap(),
        "the workbook gives back the CSV's canonical table"
    );
    frictionless_valid(&dir);
    ok(&run(&dir, &["build"]));
    // The .ods: the same workbook saved by LibreOffice.
    if Command::new("soffice").arg("--version").output().is_err() {
        crate::skip("LibreOffice (soffice)", "apt-get install libreoffice-calc-nogui");
        return;
    }
    let ods = scratch("ods");
    let profile = format!("-env:UserInstallation=file://{}", ods.join("profile").display());
    let out = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", "ods", "--outdir"])
        .arg(&ods)
        .arg(dir.join("comparatif.xlsx"))
        .output()
        .expect("soffice runs");
    assert!(out.status.success(), "{out:?}");
    std::fs::remove_dir_all(ods.join("profile")).unwrap();
    ok(&run(&ods, &["init", "comparatif.ods"]));
    frictionless_valid(&ods);
    ok(&run(&ods, &["build"]));
    assert!(ods.join("out/comparatif.pdf").is_file());
}

#[test]
fn the_descriptor_frictionless_describe_writes_is_accepted() {
    let dir = scratch("describe");
    std::fs::write(dir.join("table.csv"), "outil,prix\nA,10\nB,12\n").unwrap();
    let described = Command::new("python3")
        .args(["-m", "frictionless", "describe", "table.csv", "--type", "package", "--json"])
        .current_dir(&dir)
        .output();
    let Some(out) = described.ok().filter(|out| out.status.success()) else {
        crate::skip("python3 with frictionless", "pip install 'frictionless>=5,<6'");
        return;
    };
    let mut package: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(package["resources"][0]["scheme"], "file", "what frictionless writes");
    // Only what comparatif needs and frictionless does not write: the publication.
    package["publication"] = serde_json::json!({
        "title": "Prix", "caption": "Prix des outils", "source": "DINUM",
        "updated": "2026-12-07", "downloadText": "Télécharger", "thumbnailAlt": "Aperçu",
        "lang": "fr-FR"
    });
    std::fs::write(dir.join("datapackage.json"), package.to_string()).unwrap();
    ok(&run(&dir, &["check"]));
}
