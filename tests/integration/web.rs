//! The browser page (`web/`): built by `web/build.sh`, opened from disk in Chromium by
//! `tests/browser/web.mjs`, it must give the command line's verdicts, messages and bytes, stay
//! accessible and make no request (see that script's header for every check), and run the
//! content team's whole loop: the carried table's workbook, an edit of it, the update's date
//! and note, the .zip unpacked at the root of a copy of the repository's files.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, run};

/// What the page test needs on this machine, or why it is skipped (outside CI).
fn missing_tools() -> Vec<String> {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let works = |program: &str, arg: &str| {
        Command::new(program).arg(arg).output().is_ok_and(|o| o.status.success())
    };
    [
        (
            root().join("tests/browser/node_modules/puppeteer-core").exists(),
            "tests/browser/node_modules (npm ci)".to_owned(),
        ),
        (chromium.exists(), format!("Chromium ({})", chromium.display())),
        (works("npm", "--version"), "npm".to_owned()),
        (works("python3", "--version"), "python3".to_owned()),
    ]
    .into_iter()
    .filter_map(|(ok, what)| (!ok).then_some(what))
    .collect()
}

/// The CLI's messages for `file` (in its folder, named as the page names it): the lines of
/// `check`'s human output, and the places (`line-column`, or `line`) of its diagnostics.
/// `code` is the exit code `check` must give.
fn cli_messages(file: &Path, code: i32) -> (Vec<String>, Vec<String>) {
    let dir = file.parent().expect("the case is in a folder");
    let name = file.file_name().unwrap().to_str().unwrap();
    let descriptor = root().join("datapackage.json");
    let args = ["check", name, "--descriptor", descriptor.to_str().unwrap()];
    let human = run(dir, &args);
    assert_eq!(human.status.code(), Some(code), "{}", file.display());
    let lines = String::from_utf8_lossy(&human.stderr).lines().map(str::to_owned).collect();
    let json = run(dir, &[&args[..], &["--format", "json"]].concat());
    let mut cells = Vec::new();
    for line in String::from_utf8_lossy(&json.stdout).lines() {
        let record: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let data = &record["data"];
        match (data["line"].as_u64(), data["column"].as_u64()) {
            (Some(line), Some(column)) => cells.push(format!("{line}-{column}")),
            (Some(line), None) => cells.push(line.to_string()),
            _ => {}
        }
    }
    cells.sort();
    cells.dedup();
    (lines, cells)
}

/// The day the page's clock is set to (`web.mjs` freezes the page's `Date` at noon UTC that
/// day) and `comparatif init --date` is given: what the page proposes for an update or dates a
/// new table with, the same whenever the test runs (across midnight too).
const TODAY: &str = "2026-06-15";

/// [`TODAY`], `AAAA-MM-JJ`.
fn today() -> String {
    TODAY.to_owned()
}

/// What the page must give for `table` dropped as an edit of the carried table, with the
/// descriptor `descriptor`, in `dir`, laid out like the repository: `datapackage.json` (with
/// the update recorded, today and the note proposed from the change, when the table differs
/// from the carried one), the canonical `table.csv` (`comparatif import`) and `out/`
/// (`comparatif build`); the size `build` prints for each published file, by name.
fn cli_repository(table: &Path, descriptor: &Path, dir: &Path) -> serde_json::Value {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let mut text = std::fs::read_to_string(descriptor).unwrap();
    let parsed = comparatif::schema::parse(&text).unwrap();
    let carried = std::fs::read(root().join("table.csv")).unwrap();
    let edited = std::fs::read(table).unwrap();
    let change = comparatif::diff::diff(&carried, "avant", &edited, "après", &parsed);
    if let Ok(change) = change
        && !change.is_empty()
    {
        let date = comparatif::model::parse_iso_date(&today()).unwrap();
        text = comparatif::pipeline::record_update(&text, date, Some(&change.note())).unwrap();
    }
    let recorded = dir.join("datapackage.json");
    std::fs::write(&recorded, &text).unwrap();
    let csv = dir.join("table.csv");
    let args = ["import", table.to_str().unwrap(), "--descriptor", recorded.to_str().unwrap()];
    let imported = run(dir, &[&args[..], &["--output", csv.to_str().unwrap()]].concat());
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    cli_build_with(&csv, &recorded, &dir.join("out"))
}

/// `comparatif build` of `table` with `descriptor` into `out` (the bytes the page must give);
/// the size it prints for each file, by name.
fn cli_build_with(table: &Path, descriptor: &Path, out: &Path) -> serde_json::Value {
    let args = [
        "build",
        table.to_str().unwrap(),
        "--descriptor",
        descriptor.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let result = run(&root(), &args);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let mut sizes = serde_json::Map::new();
    for line in String::from_utf8_lossy(&result.stdout).lines() {
        if let Some((path, size)) = line.split_once("  ") {
            let name = Path::new(path).file_name().unwrap().to_string_lossy().into_owned();
            sizes.insert(name, size.into());
        }
    }
    sizes.into()
}

#[test]
fn the_page_gives_the_cli_s_verdicts_and_bytes() {
    let missing = missing_tools();
    if !missing.is_empty() {
        crate::skip(&missing.join(", "), "apt-get install chromium ; cd tests/browser && npm ci");
        return;
    }
    // The page carries the workbook this very binary exports (web/build.sh runs it).
    let built = Command::new(root().join("web/build.sh"))
        .env("COMPARATIF", env!("CARGO_BIN_EXE_comparatif"))
        .output()
        .expect("web/build.sh runs");
    assert!(
        built.status.success(),
        "web/build.sh failed:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let page = root().join("web/dist/index.html");

    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("web-page");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("work folder");
    let mut cases = Vec::new();

    // The repository's table with its descriptor, chosen together.
    let canonical = work.join("cli-canonical");
    let repository = root().join("datapackage.json");
    let sizes = cli_repository(&root().join("table.csv"), &repository, &canonical);
    cases.push(serde_json::json!({
        "name": "canonique", "expect": "publie", "time": true,
        "files": [root().join("table.csv"), root().join("datapackage.json")],
        "outputs": canonical, "sizes": sizes,
    }));
    // A CSV named like a workbook: the page says `extension-trompeuse` as the command line
    // does (it said nothing), and publishes it.
    let misnamed = work.join("trompeuse").join("tableau.xlsx");
    std::fs::create_dir_all(misnamed.parent().unwrap()).unwrap();
    std::fs::copy(root().join("table.csv"), &misnamed).unwrap();
    let (messages, _) = cli_messages(&misnamed, 0);
    assert!(messages.iter().any(|m| m.contains("[extension-trompeuse]")), "{messages:?}");
    let misnamed_out = work.join("cli-trompeuse");
    let sizes = cli_repository(&misnamed, &repository, &misnamed_out);
    cases.push(serde_json::json!({
        "name": "extension-trompeuse", "expect": "publie", "files": [misnamed],
        "outputs": misnamed_out, "messages": messages, "sizes": sizes,
    }));
    // A thousand rows, the default descriptor.
    let thousand = work.join("mille.csv");
    let generated = Command::new("python3")
        .arg(root().join("bench/generate.py"))
        .args(["1000", thousand.to_str().unwrap()])
        .output()
        .expect("python3 runs");
    assert!(generated.status.success(), "{}", String::from_utf8_lossy(&generated.stderr));
    let thousand_out = work.join("cli-mille");
    cli_repository(&thousand, &repository, &thousand_out);
    cases.push(serde_json::json!({
        "name": "mille-lignes", "expect": "publie", "time": true,
        "files": [thousand], "outputs": thousand_out,
    }));
    // Refused tables: every message of the command line, every faulty cell marked.
    // « Voir la cellule O2 » (adresse-invalide) must show the cell below the grid's sticky
    // header and beside its row numbers ("scroll").
    for case in ["adresse-invalide", "cellules-manquantes", "colonne-mal-ecrite", "cle-en-double"] {
        let file = root().join("tests/cases/reject").join(format!("{case}.csv"));
        let (messages, cells) = cli_messages(&file, 1);
        cases.push(serde_json::json!({
            "name": case, "expect": "refuse", "files": [file],
            "messages": messages, "cells": cells, "scroll": case == "adresse-invalide",
        }));
    }
    // Issue 25: a Windows-1252 CSV separated by semicolons (a French Excel's « CSV »): one
    // message at line 1, and « Voir la ligne 1 » led to an empty grid; the grid shows the file.
    let french = work.join("excel").join("tableau.csv");
    std::fs::create_dir_all(french.parent().unwrap()).unwrap();
    let table = std::fs::read_to_string(root().join("table.csv")).unwrap();
    let latin: Vec<u8> = table
        .lines()
        .take(4)
        .flat_map(|line| format!("{}\r\n", line.replace(',', ";")).chars().collect::<Vec<_>>())
        .map(|c| match c {
            'é' => 0xE9,
            'è' => 0xE8,
            'à' => 0xE0,
            'ç' => 0xE7,
            'ô' => 0xF4,
            'ê' => 0xEA,
            c if c.is_ascii() => c as u8,
            _ => b'?',
        })
        .collect();
    std::fs::write(&french, latin).unwrap();
    let (messages, cells) = cli_messages(&french, 1);
    cases.push(serde_json::json!({
        "name": "excel-windows-1252", "expect": "refuse", "files": [french],
        "messages": messages, "cells": cells, "grid_rows": 4,
    }));
    // The LibreOffice workbooks of table.csv: out/'s bytes, and table.csv itself.
    for file in ["table.xlsx", "table.ods"] {
        let sheet = root().join("tests/cases/sheets").join(file);
        let out = work.join(format!("cli-{file}"));
        cli_repository(&sheet, &repository, &out);
        assert_eq!(
            std::fs::read(out.join("table.csv")).unwrap(),
            std::fs::read(root().join("table.csv")).unwrap()
        );
        cases.push(serde_json::json!({
            "name": file, "expect": "publie", "files": [sheet], "outputs": out,
        }));
    }
    // « Nouveau tableau »: a bare table, its descriptor inferred by the page as `comparatif init`
    // does, then built: the same descriptor, table.csv and published files (today's date in
    // both, the page's clock and the command's).
    let bare = work.join("nouveau");
    let _ = std::fs::remove_dir_all(&bare);
    std::fs::create_dir_all(&bare).unwrap();
    std::fs::write(
        bare.join("outils.csv"),
        "Outil,Hébergé en France,Participants,Site\nVisio A,Oui,50,https://a.example.fr/\nVisio B,Non,NC,https://b.example.fr/\nVisio C,Oui,NC,https://c.example.fr/\n",
    )
    .unwrap();
    for args in [&["init", "outils.csv", "--date", TODAY][..], &["build"][..]] {
        let result = run(&bare, args);
        assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    }
    // The repository the new table makes: the descriptor and table.csv, out/.
    let bare_out = work.join("cli-nouveau");
    let _ = std::fs::remove_dir_all(&bare_out);
    std::fs::create_dir_all(bare_out.join("out")).unwrap();
    for file in ["datapackage.json", "table.csv"] {
        std::fs::copy(bare.join(file), bare_out.join(file)).unwrap();
    }
    for entry in std::fs::read_dir(bare.join("out")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), bare_out.join("out").join(entry.file_name())).unwrap();
    }
    cases.push(serde_json::json!({
        "name": "nouveau-tableau", "expect": "publie", "init": true,
        "files": [bare.join("outils.csv")], "outputs": bare_out,
    }));
    // Refused workbooks: the place is the sheet's cell.
    for file in ["formule.xlsx", "fusion.ods"] {
        let sheet = root().join("tests/cases/sheets").join(file);
        let (messages, cells) = cli_messages(&sheet, 1);
        cases.push(serde_json::json!({
            "name": file, "expect": "refuse", "files": [sheet],
            "messages": messages, "cells": cells,
        }));
    }
    // Accepted with warnings (spaces removed), dropped on the page rather than chosen.
    let spaces = root().join("tests/cases/accept/espaces.csv");
    let (messages, _) = cli_messages(&spaces, 0);
    let spaces_out = work.join("cli-espaces");
    cli_repository(&spaces, &repository, &spaces_out);
    cases.push(serde_json::json!({
        "name": "espaces", "expect": "publie", "drop": true,
        "files": [spaces], "outputs": spaces_out, "messages": messages,
    }));
    // Issue 21: with a urlPrefix (the README's `/uploads/`, or a whole address), both preview
    // frames showed a broken image (they looked for /uploads/tableau.png beside the page).
    for (name, prefix) in [
        ("prefixe-uploads", "/uploads/"),
        ("prefixe-adresse", "https://www.numerique.gouv.fr/uploads/"),
    ] {
        let folder = work.join(name);
        std::fs::create_dir_all(&folder).unwrap();
        let descriptor = std::fs::read_to_string(root().join("datapackage.json")).unwrap();
        let descriptor = descriptor.replacen(
            "\"publication\": {",
            &format!("\"publication\": {{\n    \"urlPrefix\": \"{prefix}\","),
            1,
        );
        assert!(descriptor.contains(prefix), "the descriptor has a publication");
        std::fs::write(folder.join("datapackage.json"), descriptor).unwrap();
        std::fs::copy(root().join("table.csv"), folder.join("table.csv")).unwrap();
        let out = work.join(format!("cli-{name}"));
        cli_repository(&folder.join("table.csv"), &folder.join("datapackage.json"), &out);
        cases.push(serde_json::json!({
            "name": name, "expect": "publie",
            "files": [folder.join("table.csv"), folder.join("datapackage.json")], "outputs": out,
        }));
    }
    // The page served over HTTP, as a site would serve it.
    cases.push(serde_json::json!({
        "name": "canonique-http", "expect": "publie", "http": true,
        "files": [root().join("table.csv")], "outputs": canonical,
    }));
    // Two tables at once: the page says it needs one.
    cases.push(serde_json::json!({
        "name": "deux-tableaux", "expect": "erreur-page", "says": "Choisissez un seul tableau",
        "files": [root().join("table.csv"), root().join("tests/cases/accept/espaces.csv")],
    }));
    // A file larger than the page reads (600 Mo, sparse: no disk space taken): refused before
    // it is read, with its size and the command to use, not left to exhaust the module's memory;
    // both sizes written as the core writes them (« 10,61 Mo »).
    let huge = work.join("enorme").join("tableau.csv");
    std::fs::create_dir_all(huge.parent().unwrap()).unwrap();
    std::fs::File::create(&huge).unwrap().set_len(600_000_000).unwrap();
    cases.push(serde_json::json!({
        "name": "trop-grand", "expect": "erreur-page",
        "says": "tableau.csv fait 600 Mo : cette page lit les tableaux jusqu'à 33,55 Mo",
        "files": [huge],
    }));
    // A descriptor that is not JSON.
    let broken = work.join("casse").join("datapackage.json");
    std::fs::create_dir_all(broken.parent().unwrap()).unwrap();
    std::fs::write(&broken, "{ pas du json").unwrap();
    cases.push(serde_json::json!({
        "name": "descripteur-casse", "expect": "descripteur-refuse",
        "files": [root().join("table.csv"), broken],
    }));

    // The whole loop from the page alone: its workbook (the bytes `comparatif export` writes),
    // edited, dropped, the change seen, a date and a note, the .zip unpacked at the root of a
    // copy of the repository's table files, where `check` and `build --check` pass.
    let exported = work.join("export").join("tableau.xlsx");
    std::fs::create_dir_all(exported.parent().unwrap()).unwrap();
    let args = ["export", "table.csv", "--descriptor", "datapackage.json"];
    let export = run(&root(), &[&args[..], &["--output", exported.to_str().unwrap()]].concat());
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    cases.insert(
        0,
        serde_json::json!({
            "name": "boucle", "expect": "publie", "loop": true, "files": [],
            "comparatif": env!("CARGO_BIN_EXE_comparatif"), "repository": root(),
            "workbook": exported, "date": "2030-01-15", "date_text": "15 janvier 2030",
            "note": "Le service a changé son usage recommandé",
        }),
    );

    let manifest = work.join("cases.json");
    let json = serde_json::json!({
        "page": page, "work": work.join("navigateur"), "cases": cases, "today": TODAY,
    });
    std::fs::write(&manifest, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
    let output = Command::new("node")
        .arg(root().join("tests/browser/web.mjs"))
        .arg(&manifest)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "page checks failed\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{stdout}");
}
