//! `comparatif build`: the main job, `--check`, nothing written for a rejected table, atomic
//! writes under injected failures and kills, and `comparatif diff`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::FILES;

use crate::{root, run};

/// A fresh folder with a copy of the repository's table and descriptor.
fn workspace(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("build-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["table.csv", "datapackage.json"] {
        std::fs::copy(root().join(file), dir.join(file)).unwrap();
    }
    dir
}

fn read_outputs(dir: &Path) -> Vec<Option<Vec<u8>>> {
    FILES.iter().map(|name| std::fs::read(dir.join("out").join(name)).ok()).collect()
}

/// Temporary files in `out/` and staging folders beside it (`.out.nouveau-…`).
fn leftovers(dir: &Path) -> Vec<String> {
    let names = |d: &Path| -> Vec<String> {
        std::fs::read_dir(d)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut found: Vec<String> =
        names(&dir.join("out")).into_iter().filter(|n| n.ends_with(".tmp")).collect();
    found.extend(names(dir).into_iter().filter(|n| n.starts_with(".out.")));
    found
}

#[test]
fn no_argument_builds_every_output_of_table_csv() {
    let dir = workspace("default");
    let out = run(&dir, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    for name in FILES {
        assert!(dir.join("out").join(name).is_file(), "{name} is written");
        assert!(stdout.contains(&format!("out/{name}")), "the summary names {name}: {stdout}");
    }
    assert!(stdout.contains("7 solutions"), "{stdout}");
    assert!(leftovers(&dir).is_empty());
    // Same input, same bytes.
    let first = read_outputs(&dir);
    assert_eq!(run(&dir, &["build"]).status.code(), Some(0));
    assert_eq!(read_outputs(&dir), first);
}

#[test]
fn the_repository_out_folder_is_up_to_date() {
    let out = run(&root(), &["build", "--check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: run `cargo run --release` and commit out/",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn check_names_stale_and_missing_files_and_changes_nothing() {
    let dir = workspace("check");
    assert_eq!(run(&dir, &["build"]).status.code(), Some(0));
    assert_eq!(run(&dir, &["build", "--check"]).status.code(), Some(0));
    std::fs::write(dir.join("out/lien.html"), "ancien").unwrap();
    std::fs::remove_file(dir.join("out/tableau.pdf")).unwrap();
    let out = run(&dir, &["build", "--check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("out/tableau.pdf n'est pas à jour"), "{stdout}");
    assert!(stdout.contains("out/lien.html n'est pas à jour"), "{stdout}");
    assert!(!stdout.contains("tableau.html n'est"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(dir.join("out/lien.html")).unwrap(),
        "ancien",
        "--check writes nothing"
    );
    assert!(!dir.join("out/tableau.pdf").exists());
}

#[test]
fn a_rejected_table_writes_nothing() {
    let dir = workspace("rejected");
    assert_eq!(run(&dir, &["build"]).status.code(), Some(0));
    let before = read_outputs(&dir);
    let table =
        std::fs::read_to_string(dir.join("table.csv")).unwrap().replacen(",Oui,", ",oui,", 1);
    std::fs::write(dir.join("table.csv"), table).unwrap();
    let out = run(&dir, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("erreur[type-invalide]"), "{stderr}");
    assert!(stderr.contains("aucun fichier écrit : out reste inchangé"), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(read_outputs(&dir), before);
}

#[test]
fn a_character_missing_from_the_font_is_refused_with_its_cell() {
    let dir = workspace("glyph");
    let table = std::fs::read_to_string(dir.join("table.csv")).unwrap().replacen(
        "Réunions en petit groupe depuis le navigateur",
        "Réunions en petit groupe 😀",
        1,
    );
    std::fs::write(dir.join("table.csv"), table).unwrap();
    let out = run(&dir, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("table.csv:7:14: erreur[caractere-intracable] : « 😀 » (U+1F600) dans « Usage recommandé » (N)"), "{stderr}");
    assert!(!dir.join("out").exists(), "nothing written");
}

#[test]
fn a_killed_build_leaves_the_old_set_or_the_new_one() {
    // Old outputs: the canonical table. New outputs: a 2,000-row table, slow enough to kill.
    let dir = workspace("killed");
    assert_eq!(run(&dir, &["build"]).status.code(), Some(0));
    let old = read_outputs(&dir);
    let mut big = std::fs::read_to_string(dir.join("table.csv")).unwrap();
    let rows: Vec<String> = big.lines().skip(1).map(str::to_owned).collect();
    for n in 0..2_000 {
        let row = &rows[n % rows.len()];
        let (name, rest) = row.split_once(',').unwrap();
        big.push_str(&format!("{name} n°{n},{rest}\n"));
    }
    let reference = workspace("killed-reference");
    std::fs::write(reference.join("table.csv"), &big).unwrap();
    assert_eq!(run(&reference, &["build"]).status.code(), Some(0));
    let new = read_outputs(&reference);
    std::fs::write(dir.join("table.csv"), &big).unwrap();
    for delay_ms in [5, 20, 60, 120, 200, 350] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_comparatif"))
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Issue 21: the whole old set or the whole new one, never a mix.
        let now = read_outputs(&dir);
        assert!(now == old || now == new, "a mixed set in out/ after a kill at {delay_ms} ms");
    }
    // The next build cleans what a killed one left and writes the new files.
    assert_eq!(run(&dir, &["build"]).status.code(), Some(0));
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
    assert_eq!(read_outputs(&dir), new);
}

#[test]
fn diff_reports_changes_in_french_and_json() {
    let dir = workspace("diff");
    let new = std::fs::read_to_string(dir.join("table.csv")).unwrap().replacen(",20,", ",25,", 1);
    std::fs::write(dir.join("nouveau.csv"), new).unwrap();
    let out = run(&dir, &["diff", "table.csv", "nouveau.csv"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "two valid tables: no warning");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Information modifiée :\n- WebConférence de l’État, « Participants (maximum) » : « 20 » → « 25 »\n"
    );
    let out = run(&dir, &["diff", "table.csv", "nouveau.csv", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["changed"][0]["column"]["name"], "participants_max");
    assert_eq!(json["changed"][0]["old"], "20");
    let same = run(&dir, &["diff", "table.csv", "table.csv"]);
    assert_eq!(String::from_utf8_lossy(&same.stdout), "Aucune modification.\n");
}

/// The workspace's descriptor with `publication.urlPrefix` set to `prefix`.
fn set_url_prefix(dir: &Path, prefix: &str) {
    let path = dir.join("datapackage.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        r#""lang": "fr-FR""#,
        &format!(
            r#""lang": "fr-FR",
    "urlPrefix": "{prefix}""#
        ),
        1,
    );
    assert!(text.contains("urlPrefix"), "the descriptor has a publication.lang to follow");
    std::fs::write(path, text).unwrap();
}

#[test]
fn issue_17_the_url_prefix_is_in_the_descriptor_and_the_check_uses_it() {
    let dir = workspace("url-prefix");
    set_url_prefix(&dir, "/uploads/");
    let out = run(&dir, &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let link = std::fs::read_to_string(dir.join("out/lien.html")).unwrap();
    assert!(link.contains(r#"href="/uploads/tableau.pdf""#), "{link}");
    assert!(link.contains(r#"src="/uploads/tableau.png""#), "{link}");
    // CI's check uses the same source: nothing to regenerate.
    let out = run(&dir, &["build", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    // The option overrides the descriptor, for the check too, and the command to regenerate
    // repeats it.
    let out = run(&dir, &["build", "--check", "--url-prefix", "/autre/"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("out/lien.html n'est pas à jour"), "{stdout}");
    assert!(
        stdout.contains("à régénérer avec « comparatif build --url-prefix /autre/ »"),
        "{stdout}"
    );
    assert_eq!(run(&dir, &["build", "--url-prefix", "/autre/"]).status.code(), Some(0));
    assert_eq!(run(&dir, &["build", "--check", "--url-prefix", "/autre/"]).status.code(), Some(0));
    // A prefix that would break the addresses is refused, from either source, in French.
    let out = run(&dir, &["build", "--check", "--url-prefix", "/uploads"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--url-prefix") && stderr.contains("doit finir par « / »"), "{stderr}");
    let descriptor = std::fs::read_to_string(dir.join("datapackage.json")).unwrap();
    let broken = descriptor.replace(r#""urlPrefix": "/uploads/""#, r#""urlPrefix": "/uploads""#);
    std::fs::write(dir.join("datapackage.json"), broken).unwrap();
    let out = run(&dir, &["build", "--check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("publication.urlPrefix"), "{stderr}");
}

#[test]
fn issue_17_check_names_stale_files_in_json_lines_and_github_annotations() {
    let dir = workspace("check-formats");
    assert_eq!(run(&dir, &["build"]).status.code(), Some(0));
    std::fs::write(dir.join("out/lien.html"), "ancien").unwrap();
    std::fs::remove_file(dir.join("out/tableau.pdf")).unwrap();

    let out = run(&dir, &["build", "--check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let stale: Vec<(&str, &str)> = records
        .iter()
        .filter(|r| r["type"] == "stale")
        .map(|r| (r["data"]["file"].as_str().unwrap(), r["data"]["state"].as_str().unwrap()))
        .collect();
    assert_eq!(stale, [("out/tableau.pdf", "absent"), ("out/lien.html", "different")]);
    for r in &records {
        assert_eq!(r["format_version"], 1);
    }
    let stale_record = &records.iter().find(|r| r["type"] == "stale").unwrap()["data"];
    assert!(
        stale_record["message"].as_str().unwrap().starts_with("out/tableau.pdf n'est pas à jour")
    );
    assert!(stale_record["hint"].as_str().unwrap().contains("« comparatif build »"));
    let summary = records.last().unwrap();
    assert_eq!(summary["type"], "summary", "the summary comes last");
    assert_eq!(
        (summary["data"]["valid"].as_bool(), summary["data"]["stale"].as_u64()),
        (Some(true), Some(2))
    );

    let out = run(&dir, &["build", "--check", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.lines().any(|l| l.starts_with("::error file=out/tableau.pdf,title=fichier-a-regenerer::out/tableau.pdf n'est pas à jour")),
        "{stdout}"
    );
    assert!(stdout.lines().any(|l| l.starts_with("::error file=out/lien.html,")), "{stdout}");
    assert!(stdout.lines().all(|l| l.starts_with("::")), "only workflow commands: {stdout}");

    // Up to date: a summary with no stale file, and nothing else on stdout.
    assert_eq!(run(&dir, &["build"]).status.code(), Some(0));
    let out = run(&dir, &["build", "--check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["data"]["stale"], 0, "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
}

#[test]
fn issue_17_diff_says_when_a_table_does_not_pass_check() {
    let dir = workspace("diff-invalid");
    let table = std::fs::read_to_string(dir.join("table.csv")).unwrap();
    std::fs::write(dir.join("nouveau.csv"), table.replacen(",Oui,", ",Ouii,", 1)).unwrap();
    let out = run(&dir, &["diff", "table.csv", "nouveau.csv"]);
    assert_eq!(out.status.code(), Some(0), "a report, whatever the tables");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("« Oui » → « Ouii »"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("attention : nouveau.csv ne passe pas « comparatif check » (1 erreur)"),
        "{stderr}"
    );
    assert!(stderr.contains("« comparatif check nouveau.csv »"), "{stderr}");
    assert!(!stderr.contains("table.csv ne passe pas"), "{stderr}");
    let out = run(&dir, &["diff", "table.csv", "nouveau.csv", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((json["old_errors"].as_u64(), json["new_errors"].as_u64()), (Some(0), Some(1)));

    // The other way round, the old table is the invalid one.
    let out = run(&dir, &["diff", "nouveau.csv", "table.csv"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("attention : nouveau.csv ne passe pas « comparatif check »"),
        "{stderr}"
    );

    // An old version with a column less is not invalid for that: the diff reports the column.
    let old: String = table
        .lines()
        .map(|line| {
            let (rest, _) = line.rsplit_once(',').unwrap();
            format!("{rest}\n")
        })
        .collect();
    std::fs::write(dir.join("ancien.csv"), old).unwrap();
    let out = run(&dir, &["diff", "ancien.csv", "table.csv"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Critère ajouté : « Site »"));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The descriptor of a table of our own, `fields` and `publication` extras given as JSON text:
/// `path` is its CSV, `file_name` its `publication.fileName` (`None`: the default).
fn own_descriptor(path: &str, file_name: Option<&str>, key: &str, fields: &str) -> String {
    let file_name = file_name.map(|n| format!(r#", "fileName": "{n}""#)).unwrap_or_default();
    format!(
        r#"{{"name": "{key}s", "publication": {{"title": "Les {key}s", "caption": "Comparatif des {key}s",
  "source": "Tableau d'essai", "updated": "2024-05-02", "downloadText": "Télécharger le tableau des {key}s",
  "thumbnailAlt": "Aperçu du tableau des {key}s", "lang": "fr-FR"{file_name}}},
 "resources": [{{"name": "{key}s", "path": "{path}", "schema": {{"primaryKey": ["{key}"],
  "missingValues": ["Inconnu"], "fields": [{{"name": "{key}", "title": "Nom", "type": "string",
  "constraints": {{"required": true, "unique": true}}}}, {fields}]}}}}]}}"#
    )
}

/// Two tables of our own beside each other in `site/` (`messageries/`, `demarches/`), each
/// with a `publication.fileName` of its own, to be built into `site/out`.
fn two_tables(name: &str) -> PathBuf {
    let site = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("build-{name}"));
    let _ = std::fs::remove_dir_all(&site);
    let write = |folder: &str, descriptor: String, table: &str| {
        std::fs::create_dir_all(site.join(folder)).unwrap();
        std::fs::write(site.join(folder).join("datapackage.json"), descriptor).unwrap();
        std::fs::write(site.join(folder).join("table.csv"), table).unwrap();
    };
    let chiffrement = r#"{"name": "chiffrement", "title": "Chiffrement de bout en bout", "type": "boolean", "trueValues": ["Oui"], "falseValues": ["Non"]},
        {"name": "utilisateurs", "title": "Utilisateurs", "type": "integer"},
        {"name": "hebergement", "title": "Hébergement", "type": "string", "constraints": {"enum": ["France", "UE", "Hors UE"]}}"#;
    write(
        "messageries",
        own_descriptor("table.csv", Some("messageries"), "outil", chiffrement),
        "outil,chiffrement,utilisateurs,hebergement\nTchap,Oui,600000,France\nCourriel,Non,Inconnu,UE\nSignal,Oui,Inconnu,Hors UE\n",
    );
    let delai = r#"{"name": "delai", "title": "Délai (jours)", "type": "integer"}"#;
    write(
        "demarches",
        own_descriptor("table.csv", Some("demarches-en-ligne"), "demarche", delai),
        "demarche,delai\nCarte grise,7\nPasseport,Inconnu\n",
    );
    site
}

/// The names of `dir`'s entries, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn issue_23_two_tables_named_by_their_file_name_share_one_folder() {
    use std::os::unix::fs::MetadataExt as _;
    let site = two_tables("two-tables");
    let build = |table: &str, extra: &[&str]| {
        let mut args = vec!["build", table, "--out", "out"];
        args.extend(extra);
        let out = run(&site, &args);
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        (out.status.code(), format!("{}{}", text(&out.stdout), text(&out.stderr)))
    };
    let (messageries, demarches) = ("messageries/table.csv", "demarches/table.csv");
    let ours = |base: &str| {
        ["pdf", "png", "html", "js"]
            .iter()
            .map(|ext| format!("{base}.{ext}"))
            .chain([format!("{base}-apercu.html"), format!("{base}-lien.html")])
            .collect::<Vec<_>>()
    };
    // The first table into a folder that does not exist yet: its six files, named from it.
    let (code, said) = build(messageries, &[]);
    assert_eq!(code, Some(0), "{said}");
    let mut expected = ours("messageries");
    expected.sort();
    assert_eq!(names_in(&site.join("out")), expected);
    assert!(said.contains("out/messageries-lien.html"), "{said}");
    // Rebuilt with only its files there, the folder is exchanged whole (issue 21).
    let inode = |site: &Path| std::fs::metadata(site.join("out")).unwrap().ino();
    let before = inode(&site);
    assert_eq!(build(messageries, &[]).0, Some(0));
    assert_ne!(inode(&site), before, "out/ holds only this table's files: exchanged whole");
    // The second table beside it: the first one's files are kept.
    let (code, said) = build(demarches, &[]);
    assert_eq!(code, Some(0), "{said}");
    expected.extend(ours("demarches-en-ligne"));
    expected.sort();
    assert_eq!(names_in(&site.join("out")), expected, "{said}");
    // A change of the first table: its files are replaced one by one, the second's kept.
    let table = std::fs::read_to_string(site.join(messageries)).unwrap();
    std::fs::write(site.join(messageries), table.replace("600000", "650000")).unwrap();
    let before = inode(&site);
    assert_eq!(build(messageries, &[]).0, Some(0));
    assert_eq!(inode(&site), before, "another table's files are there: not exchanged");
    assert_eq!(names_in(&site.join("out")), expected);
    // Each `build --check` checks its own six files, and both pass.
    for table in [messageries, demarches] {
        let (code, said) = build(table, &["--check"]);
        assert_eq!(code, Some(0), "{table}: {said}");
        assert!(said.contains("out est à jour (6 fichiers vérifiés)"), "{said}");
    }
    // Each card and preview links its own files, and only those.
    for (base, other) in
        [("messageries", "demarches-en-ligne"), ("demarches-en-ligne", "messageries")]
    {
        let card = std::fs::read_to_string(site.join(format!("out/{base}-lien.html"))).unwrap();
        let preview =
            std::fs::read_to_string(site.join(format!("out/{base}-apercu.html"))).unwrap();
        for page in [&card, &preview] {
            assert!(page.contains(&format!(r#"href="{base}.pdf""#)), "{page}");
            assert!(page.contains(&format!(r#"<script src="{base}.js" defer>"#)), "{page}");
            // No address of the default names, nor of the other table.
            assert!(!page.contains("=\"tableau.") && !page.contains(other), "{page}");
        }
        assert!(card.contains(&format!(r#"src="{base}.png""#)), "{card}");
    }
    // A stale file of one table is named by its own check only.
    std::fs::write(site.join("out/demarches-en-ligne.js"), "ancien").unwrap();
    assert_eq!(build(messageries, &["--check"]).0, Some(0));
    let (code, said) = build(demarches, &["--check"]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("out/demarches-en-ligne.js n'est pas à jour"), "{said}");
    assert!(said.contains("à régénérer avec « comparatif build demarches/table.csv »"), "{said}");
}

#[test]
fn issue_23_bare_build_check_and_export_read_the_resource_s_path() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-resource-path");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("projet/donnees")).unwrap();
    let fields = r#"{"name": "prix", "title": "Prix (euros)", "type": "integer"}"#;
    let descriptor = own_descriptor("donnees/outils.csv", Some("outils"), "outil", fields);
    std::fs::write(dir.join("projet/datapackage.json"), &descriptor).unwrap();
    std::fs::write(dir.join("projet/donnees/outils.csv"), "outil,prix\nA,1\nB,Inconnu\nC,3\n")
        .unwrap();
    let project = dir.join("projet");
    let text = |out: &std::process::Output| {
        let (stdout, stderr) = (&out.stdout, &out.stderr);
        format!("{}{}", String::from_utf8_lossy(stdout), String::from_utf8_lossy(stderr))
    };
    // No table.csv here: each command reads donnees/outils.csv, and names it.
    let out = run(&project, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).starts_with("donnees/outils.csv : tableau valide (3 lignes,"),
        "{}",
        text(&out)
    );
    let out = run(&project, &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("donnees/outils.csv : 3 lignes (1 page)"), "{}", text(&out));
    assert!(
        project.join("out/outils.pdf").is_file() && project.join("out/outils-lien.html").is_file()
    );
    let out = run(&project, &["build", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // The command `build --check` tells to run is the bare one, which reads the same table.
    std::fs::write(project.join("out/outils.js"), "ancien").unwrap();
    let out = run(&project, &["build", "--check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("1 fichier à régénérer avec « comparatif build »"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("n'est pas à jour : il diffère de ce que produit donnees/outils.csv")
    );
    assert_eq!(run(&project, &[]).status.code(), Some(0), "no command: build");
    assert_eq!(run(&project, &["build", "--check"]).status.code(), Some(0));
    let out = run(&project, &["export"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(project.join("tableau.xlsx").is_file());
    // A descriptor given elsewhere: its resource, from its own folder.
    let out = run(&dir, &["check", "--descriptor", "projet/datapackage.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).starts_with("projet/donnees/outils.csv : tableau valide"), "{}", text(&out));
    // An unsafe fileName is refused before anything is read or written.
    let unsafe_name = descriptor.replace(r#""fileName": "outils""#, r#""fileName": "../outils""#);
    std::fs::write(project.join("datapackage.json"), unsafe_name).unwrap();
    std::fs::remove_dir_all(project.join("out")).unwrap();
    let out = run(&project, &["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).starts_with(
            "erreur : descripteur datapackage.json refusé : publication.fileName : « ../outils » n'est pas un nom de fichier possible"
        ),
        "{}",
        text(&out)
    );
    assert!(!project.join("out").exists() && !dir.join("outils.pdf").exists());
}
