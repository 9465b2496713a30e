//! Attachments and pull requests as an attacker would make them (issue 21), through the
//! binary: a descriptor that points outside its folder, special files and endless streams, text
//! that would drive a terminal or a CI log, floods of messages, builds killed or run side by
//! side, addresses that load from another host, cells that only look filled.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::FILES;
use comparatif::limits::MAX_DIAGNOSTICS;

use crate::{root, run};

/// A copy of the repository's table and descriptor in a fresh folder `name`.
fn repository_copy(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("attacks-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["table.csv", "datapackage.json"] {
        std::fs::copy(root().join(file), dir.join(file)).unwrap();
    }
    dir
}

/// The repository's descriptor with `from` replaced by `to` (once, and it must be there).
fn descriptor_with(dir: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(dir.join("datapackage.json")).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(dir.join("datapackage.json"), text.replacen(from, to, 1)).unwrap();
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs comparatif with `args` in `dir`, killed after `watchdog` if it has not ended: a hang
/// fails the test instead of the whole suite (no duration is asserted otherwise).
fn run_or_kill(dir: &Path, args: &[&str], watchdog: Duration) -> Option<Output> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_comparatif"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < watchdog {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// Runs `args` in `dir` within 256 Mio of address space (`ulimit -v`).
fn run_in_256_mib(dir: &Path, args: &str) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v 262144 && exec '{}' {args}", env!("CARGO_BIN_EXE_comparatif")))
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn issue_21_a_resource_path_outside_the_folder_is_refused_and_nothing_is_written() {
    let dir = repository_copy("path");
    let victim = dir.join("victime.txt");
    let outside = dir.join("ailleurs");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(&victim, "à garder\n").unwrap();
    // The attachment: a workbook's CSV and a descriptor saved beside it, in a subfolder.
    let downloads = dir.join("Telechargements");
    std::fs::create_dir_all(&downloads).unwrap();
    std::fs::copy(dir.join("table.csv"), downloads.join("tableau.csv")).unwrap();
    let absolute = victim.display().to_string();
    for (path, said) in [
        ("../victime.txt", "sort du dossier du descripteur"),
        ("sous/../../victime.txt", "sort du dossier du descripteur"),
        (absolute.as_str(), "est un chemin absolu"),
        ("file:///etc/passwd", "n'est pas un chemin de fichier"),
        ("C:/Windows/table.csv", "n'est pas un chemin de fichier"),
        ("..\\victime.txt", "barre oblique inverse"),
        ("", "est vide"),
    ] {
        let text = std::fs::read_to_string(dir.join("datapackage.json")).unwrap();
        let hostile = text.replacen(
            r#""path": "table.csv""#,
            &format!(r#""path": {}"#, serde_json::json!(path)),
            1,
        );
        std::fs::write(downloads.join("datapackage.json"), hostile).unwrap();
        for command in ["import", "check", "build", "export"] {
            let out = run(&downloads, &[command, "tableau.csv"]);
            assert_eq!(out.status.code(), Some(2), "{command} {path}: {}", stderr(&out));
            let err = stderr(&out);
            assert!(
                err.contains("resources[0].path : «") && err.contains(said),
                "{command} {path}: {err}"
            );
        }
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "à garder\n", "{path}");
    }
    // A relative path whose folder is a symbolic link out of the descriptor's folder.
    #[cfg(unix)]
    {
        let linked = downloads.join("donnees");
        let _ = std::fs::remove_file(&linked);
        std::os::unix::fs::symlink(&outside, &linked).unwrap();
        let text = std::fs::read_to_string(dir.join("datapackage.json")).unwrap();
        std::fs::write(
            downloads.join("datapackage.json"),
            text.replacen(r#""path": "table.csv""#, r#""path": "donnees/table.csv""#, 1),
        )
        .unwrap();
        let out = run(&downloads, &["import", "tableau.csv"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("mène hors du dossier du descripteur"), "{}", stderr(&out));
        assert!(!outside.join("table.csv").exists());
    }
}

#[cfg(unix)]
#[test]
fn issue_21_special_files_are_refused_without_reading_them() {
    let dir = repository_copy("special");
    assert_eq!(run(&dir, &["build"]).status.code(), Some(0));
    // A pull request commits out/tableau.pdf as a link to an endless device, then as a pipe.
    let pdf = dir.join("out/tableau.pdf");
    std::fs::remove_file(&pdf).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &pdf).unwrap();
    let out = run_in_256_mib(&dir, "build --check");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("out/tableau.pdf n'est pas à jour : il diffère"),
        "{}",
        stdout(&out)
    );
    std::fs::remove_file(&pdf).unwrap();
    let fifo = Command::new("mkfifo").arg(&pdf).status().unwrap();
    assert!(fifo.success());
    let out = run_or_kill(&dir, &["build", "--check"], Duration::from_secs(120))
        .expect("build --check must not wait on a named pipe");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    std::fs::remove_file(&pdf).unwrap();

    // The table itself: a device, a pipe.
    for table in ["/dev/zero"] {
        for command in ["check", "build", "diff"] {
            let args = if command == "diff" {
                format!("diff table.csv {table} --descriptor datapackage.json")
            } else {
                format!("{command} {table} --descriptor datapackage.json")
            };
            let out = run_in_256_mib(&dir, &args);
            assert_eq!(out.status.code(), Some(2), "{args}: {}", stderr(&out));
            assert!(
                stderr(&out).contains("ce n'est pas un fichier ordinaire"),
                "{args}: {}",
                stderr(&out)
            );
        }
    }
    let pipe = dir.join("tube.csv");
    assert!(Command::new("mkfifo").arg(&pipe).status().unwrap().success());
    let out = run_or_kill(
        &dir,
        &["check", "tube.csv", "--descriptor", "datapackage.json"],
        Duration::from_secs(120),
    )
    .expect("check must not wait on a named pipe");
    assert!(stderr(&out).contains("ce n'est pas un fichier ordinaire"), "{}", stderr(&out));

    // A font folder whose regular font is a link to /dev/zero.
    let fonts = dir.join("polices");
    std::fs::create_dir_all(&fonts).unwrap();
    std::os::unix::fs::symlink("/dev/zero", fonts.join("X-Regular.ttf")).unwrap();
    std::fs::copy(root().join("fonts").join(bold_font()), fonts.join("X-Bold.ttf")).unwrap();
    let out = run_in_256_mib(&dir, "build --fonts polices");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("impossible de lire la police polices/X-Regular.ttf"),
        "{}",
        stderr(&out)
    );
}

/// The bundled bold font's file name.
fn bold_font() -> String {
    std::fs::read_dir(root().join("fonts"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .find(|n| n.contains("Bold") && (n.ends_with(".ttf") || n.ends_with(".otf")))
        .expect("a bundled bold font")
}

#[test]
fn issue_21_a_table_without_line_breaks_is_refused_as_it_is_read() {
    let dir = repository_copy("long-line");
    // 300 Mo of one line: refused at 16 Mio, within 256 Mio of memory.
    let file = std::fs::File::create(dir.join("long.csv")).unwrap();
    file.set_len(300 * 1024 * 1024).unwrap();
    let out = run_in_256_mib(&dir, "check long.csv --descriptor datapackage.json");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "long.csv:1: erreur[limite-depassee] : la ligne 1 dépasse 16\u{202f}777\u{202f}216 octets (16 Mio)"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn issue_21_no_control_character_from_a_file_reaches_the_terminal() {
    let dir = repository_copy("controls");
    let table = std::fs::read_to_string(dir.join("table.csv")).unwrap();
    // A header label and a cell holding an escape sequence, a window title and a forged
    // GitHub command, then a cell with a C1 control (U+009B: ESC [ in one character).
    let header_end = table.find('\n').unwrap();
    let hostile = format!(
        "{}\x1b[31mX\x1b]0;pwn\x07\n::error::forged{}",
        &table[..header_end],
        &table[header_end..].replacen("Non", "No\u{9b}2Jn", 1)
    );
    std::fs::write(dir.join("hostile.csv"), &hostile).unwrap();
    for format in ["human", "json", "github"] {
        let out = run(&dir, &["check", "hostile.csv", "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        let all = format!("{}{}", stdout(&out), stderr(&out));
        for bad in ['\x1b', '\x07', '\u{9b}'] {
            assert!(!all.contains(bad), "{format}: {bad:?} in {all}");
        }
        assert!(!all.lines().any(|l| l.starts_with("::error::forged")), "{format}: {all}");
        assert!(all.contains("U+001B"), "{format}: {all}");
    }
    // A descriptor property name holding a line break and an escape sequence.
    let sub = dir.join("descripteur");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(dir.join("table.csv"), sub.join("table.csv")).unwrap();
    let text = std::fs::read_to_string(dir.join("datapackage.json")).unwrap();
    std::fs::write(
        sub.join("datapackage.json"),
        text.replacen(
            r#""path": "table.csv""#,
            r#""path": "table.csv", "x\n::error::\u001b[2J": 1"#,
            1,
        ),
    )
    .unwrap();
    let out = run(&sub, &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !stderr(&out).contains('\x1b') && !stderr(&out).contains("\n::error::"),
        "{}",
        stderr(&out)
    );
    // diff prints the values it compares.
    std::fs::write(dir.join("ancien.csv"), &table).unwrap();
    std::fs::write(dir.join("nouveau.csv"), table.replacen("Non", "Non\x1b]0;titre\x07", 1))
        .unwrap();
    for format in ["human", "json"] {
        let out = run(
            &dir,
            &[
                "diff",
                "ancien.csv",
                "nouveau.csv",
                "--descriptor",
                "datapackage.json",
                "--format",
                format,
            ],
        );
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!all.contains('\x1b') && !all.contains('\x07'), "{format}: {all}");
    }
}

#[test]
fn issue_21_messages_are_capped_and_a_run_of_blank_lines_is_one() {
    let dir = repository_copy("flood");
    let table = std::fs::read_to_string(dir.join("table.csv")).unwrap();
    // 200 000 blank lines after the last row, then 100 000 in the middle of the file.
    let header_end = table.find('\n').unwrap() + 1;
    let middle =
        format!("{}{}{}", &table[..header_end], "\n".repeat(100_000), &table[header_end..]);
    std::fs::write(dir.join("blancs.csv"), format!("{middle}{}", "\n".repeat(200_000))).unwrap();
    let out = run(&dir, &["check", "blancs.csv", "--format", "github"]);
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].contains("100\u{202f}000 lignes vides à la suite (lignes 2 à 100\u{202f}001)"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("le fichier se termine par 200\u{202f}000 lignes vides"),
        "{}",
        lines[1]
    );
    // More problems than the cap: the first ones, one notice, and the true counts.
    let mut rows = String::from(&table[..header_end]);
    let row = table[header_end..].lines().next().unwrap();
    for _ in 0..MAX_DIAGNOSTICS + 50 {
        rows.push_str(row);
        rows.push('\n');
    }
    std::fs::write(dir.join("doublons.csv"), rows).unwrap();
    for format in ["human", "json", "github"] {
        let out = run(&dir, &["check", "doublons.csv", "--format", format]);
        assert_eq!(out.status.code(), Some(1));
        let text = format!("{}{}", stdout(&out), stderr(&out));
        let notice = text.lines().filter(|l| l.contains("de plus ne sont pas affichés")).count();
        assert_eq!(notice, 1, "{format}");
        let shown = text.lines().filter(|l| l.contains("cle-en-double")).count();
        assert!(shown <= MAX_DIAGNOSTICS + 1, "{format}: {shown} lines of cle-en-double");
        assert!(
            text.contains("10\u{202f}049 erreurs") || text.contains(r#""errors":10049"#),
            "{format}"
        );
    }
    // A header label of 10 000 characters: the JSON value is cut like the messages' quotes.
    let label = "é".repeat(10_000);
    std::fs::write(dir.join("etiquette.csv"), format!("{label},{table}")).unwrap();
    let out = run(&dir, &["check", "etiquette.csv", "--format", "json"]);
    for line in std::str::from_utf8(&out.stdout).unwrap().lines() {
        assert!(line.chars().count() < 2_000, "{} characters", line.chars().count());
    }
}

#[test]
fn issue_21_out_is_replaced_as_one_set() {
    let dir = repository_copy("set");
    assert_eq!(run(&dir, &["build"]).status.code(), Some(0));
    let old: Vec<Vec<u8>> =
        FILES.iter().map(|f| std::fs::read(dir.join("out").join(f)).unwrap()).collect();
    // A change of table, and a file of the set that cannot be replaced in place (a folder
    // where tableau.html was): the whole new set replaces the old one, or nothing changes.
    let table = std::fs::read_to_string(dir.join("table.csv")).unwrap();
    let changed_table = table.replacen(",Oui,", ",Non,", 1);
    assert_ne!(changed_table, table);
    std::fs::write(dir.join("table.csv"), &changed_table).unwrap();
    // What the changed table gives, built in a folder of its own.
    let fresh = repository_copy("set-fresh");
    std::fs::write(fresh.join("table.csv"), &changed_table).unwrap();
    assert_eq!(run(&fresh, &["build"]).status.code(), Some(0));
    let new: Vec<Vec<u8>> =
        FILES.iter().map(|f| std::fs::read(fresh.join("out").join(f)).unwrap()).collect();
    std::fs::remove_file(dir.join("out/tableau.html")).unwrap();
    std::fs::create_dir_all(dir.join("out/tableau.html/dedans")).unwrap();
    let out = run(&dir, &["build"]);
    let now: Vec<Option<Vec<u8>>> =
        FILES.iter().map(|f| std::fs::read(dir.join("out").join(f)).ok()).collect();
    let all_new = now.iter().zip(&new).all(|(n, o)| n.as_ref() == Some(o));
    let all_old = now.iter().zip(&old).all(|(n, o)| n.as_ref() == Some(o));
    assert!(
        (out.status.code() == Some(0) && all_new) || (out.status.code() != Some(0) && all_old),
        "exit {:?}, a mixed set in out/\n{}",
        out.status.code(),
        stderr(&out)
    );
    // Nothing is left beside out/.
    let beside: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn issue_21_builds_into_one_folder_side_by_side_all_end_well() {
    let dir = repository_copy("side-by-side");
    let children: Vec<_> = (0..6)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_comparatif"))
                .arg("build")
                .current_dir(&dir)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    assert!(run(&dir, &["build", "--check"]).status.success());
}

#[test]
fn issue_21_a_protocol_relative_url_prefix_is_refused() {
    let dir = repository_copy("url-prefix");
    let out = run(&dir, &["build", "--url-prefix", "//evil.example/"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("adresse sans protocole"), "{}", stderr(&out));
    descriptor_with(
        &dir,
        r#""lang": "fr-FR""#,
        r#""lang": "fr-FR", "urlPrefix": "//evil.example/""#,
    );
    let out = run(&dir, &["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("publication.urlPrefix : « //evil.example/ » est une adresse sans protocole"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("out").exists());
}

#[test]
fn issue_21_a_required_cell_of_invisible_characters_is_empty() {
    let dir = repository_copy("invisible");
    let table = std::fs::read_to_string(dir.join("table.csv")).unwrap();
    let header_end = table.find('\n').unwrap() + 1;
    // The key of the first row (the « Solution » column, required) made of a zero width space
    // and a word joiner.
    let (_, rest) = table[header_end..].split_once(',').unwrap();
    std::fs::write(
        dir.join("table.csv"),
        format!("{}\u{200B}\u{2060},{rest}", &table[..header_end]),
    )
    .unwrap();
    let out = run(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("table.csv:2:1: erreur[cellule-vide] : la cellule de « Solution » (A) ne contient que des caractères invisibles"),
        "{}",
        stderr(&out)
    );
}

/// `table.xlsx` with its workbook part rewritten by `edit`.
fn workbook_with(edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read as _, Write as _};
    let bytes = std::fs::read(root().join("tests/cases/sheets/table.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for idx in 0..archive.len() {
        let mut entry = archive.by_index(idx).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name == "xl/workbook.xml" {
            content = edit(std::str::from_utf8(&content).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn issue_21_a_sheet_name_never_drives_the_terminal() {
    let dir = repository_copy("sheet-name");
    // A second sheet (the same part) whose name holds a line break, a forged GitHub command,
    // a window title and a colour: `check` warns about the other sheet, naming it.
    let hostile = "x\n::error::forged\u{1b}]0;pwn\u{7}\u{1b}[31m";
    let book = workbook_with(|xml| {
        xml.replace(
            r#"</sheets>"#,
            &format!(
                r#"<sheet name="{}" sheetId="2" state="visible" r:id="rId2"/></sheets>"#,
                hostile.replace('\n', "&#10;")
            ),
        )
    });
    std::fs::write(dir.join("tableau.xlsx"), book).unwrap();
    for format in ["human", "json", "github"] {
        for command in ["check", "import"] {
            let out = run(&dir, &[command, "tableau.xlsx", "--format", format]);
            let all = format!("{}{}", stdout(&out), stderr(&out));
            assert!(all.contains("autres-feuilles"), "{command} {format}: {all}");
            assert!(!all.contains('\u{1b}') && !all.contains('\u{7}'), "{command} {format}: {all}");
            assert!(
                !all.lines().any(|l| l.starts_with("::error::forged")),
                "{command} {format}: {all}"
            );
        }
    }
}
