//! The command line on the repository's own files: exit codes and streams.

use crate::{root, run};

#[test]
fn the_repository_table_is_valid() {
    let out = run(&root(), &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.starts_with("table.csv : tableau valide (7 solutions, 0 avertissement)"),
        "{stderr}"
    );
}

#[test]
fn json_summary_of_the_repository_table() {
    let out = run(&root(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "{\"format_version\":1,\"type\":\"summary\",\"data\":{\"file\":\"table.csv\",\"valid\":true,\"errors\":0,\"warnings\":0,\"rows\":7}}\n"
    );
}

#[test]
fn github_annotations_point_at_cells() {
    let dir = root().join("tests/cases/reject");
    let descriptor = root().join("datapackage.json");
    let out = run(
        &dir,
        &[
            "check",
            "type-booleen.csv",
            "--format",
            "github",
            "--descriptor",
            descriptor.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("::error file=type-booleen.csv,line=2,col=7,title=type-invalide::"),
        "{text}"
    );
    assert!(text.lines().last().unwrap().starts_with("::error title=comparatif::"), "{text}");
}

#[test]
fn missing_table_is_a_system_error() {
    let out = run(&root(), &["check", "absent.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("erreur : impossible d'ouvrir le tableau absent.csv"), "{stderr}");
}

#[test]
fn missing_descriptor_is_a_system_error() {
    let out = run(&root(), &["check", "table.csv", "--descriptor", "nulle-part.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("impossible de lire le descripteur nulle-part.json")
    );
}

#[test]
fn usage_errors_are_french_and_exit_2() {
    for (args, expected) in [
        (&["verifier"][..], "erreur : commande inconnue « verifier »"),
        (&["check", "--format", "xml"], "erreur : valeur « xml » invalide pour --format"),
        (&["check", "--inconnu"], "erreur : option inconnue « --inconnu »"),
    ] {
        let out = run(&root(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn help_is_french() {
    let out = run(&root(), &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Utilisation : comparatif"), "{stdout}");
    assert!(stdout.contains("Vérifie le tableau"), "{stdout}");
}

#[test]
fn a_fonts_folder_without_both_styles_or_with_a_broken_font_is_refused_in_french() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-fonts");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let regular = root().join("fonts/NotoSans-Regular.ttf");
    std::fs::copy(&regular, dir.join("Marianne-Regular.ttf")).unwrap();
    let fonts = dir.to_str().unwrap();
    let out_dir = dir.join("out");
    let build = |fonts: &str| {
        run(&root(), &["build", "--fonts", fonts, "--out", out_dir.to_str().unwrap()])
    };

    let out = build(fonts);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("doit contenir une police normale (…-Regular.ttf ou .otf) et une grasse")
            && stderr.contains("trouvé : Marianne-Regular.ttf"),
        "{stderr}"
    );

    std::fs::write(dir.join("Marianne-Bold.ttf"), b"pas une police").unwrap();
    let out = build(fonts);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("Marianne-Bold.ttf n'est pas une police TrueType ou OpenType lisible"),
        "{stderr}"
    );
    assert!(!out_dir.exists(), "nothing written");
}

/// The options section of a help text: the lines after `Options :` up to the next blank line.
fn options_section(help: &str) -> Vec<&str> {
    help.lines()
        .skip_while(|line| *line != "Options :")
        .skip(1)
        .take_while(|line| !line.is_empty())
        .collect()
}

#[test]
fn issue_17_help_headings_have_french_spacing_and_help_comes_last() {
    for (args, headings) in [
        (&["--help"][..], &["Commandes :", "Options :"][..]),
        (&["check", "--help"], &["Arguments :", "Options :"]),
        (&["build", "--help"], &["Arguments :", "Options :"]),
        (&["diff", "--help"], &["Arguments :", "Options :"]),
        (&["export", "--help"], &["Arguments :", "Options :"]),
        (&["import", "--help"], &["Arguments :", "Options :"]),
    ] {
        let out = run(&root(), args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = String::from_utf8_lossy(&out.stdout);
        for heading in headings {
            let count = help.lines().filter(|line| line == heading).count();
            assert_eq!(count, 1, "{args:?}: {heading} {count} times, once expected\n{help}");
        }
        for english in ["Commandes:", "Arguments:", "Options:"] {
            assert!(!help.contains(english), "{args:?}: {english}\n{help}");
        }
        let options = options_section(&help);
        let last = options.iter().rposition(|line| line.trim_start().starts_with('-'));
        let help_line = options.iter().position(|line| line.contains("-h, --help"));
        assert!(
            help_line.is_some() && help_line == last,
            "{args:?}: -h, --help is not last\n{help}"
        );
    }
}

#[test]
fn issue_17_diff_help_lists_its_arguments_in_order() {
    let out = run(&root(), &["diff", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    let old = help.find("<ANCIEN>").expect("ANCIEN is listed");
    let new = help.find("<NOUVEAU>").expect("NOUVEAU is listed");
    assert!(old < new, "ANCIEN comes first, as in the usage line\n{help}");
}

#[test]
fn issue_17_a_bad_png_width_names_the_option_and_its_range() {
    for value in ["0", "abc", "5000"] {
        let out = run(&root(), &["build", "--check", "--png-width", value]);
        assert_eq!(out.status.code(), Some(2), "{value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with(&format!("erreur : valeur « {value} » invalide pour --png-width")),
            "{value}: {stderr}"
        );
        assert!(stderr.contains("un nombre entier de 16 à 4096"), "{value}: {stderr}");
    }
    let help = run(&root(), &["build", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    let line = help.lines().find(|l| l.contains("--png-width")).expect("--png-width in the help");
    assert!(line.contains("de 16 à 4096"), "{line}");
}

/// Runs the built `comparatif` with `args` in `dir`, `input` on its standard input.
fn run_with_stdin(dir: &std::path::Path, args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_comparatif"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the comparatif binary runs");
    // The binary may stop reading early (a usage error): a broken pipe is not the test's concern.
    let _ = child.stdin.take().expect("stdin is piped").write_all(input);
    child.wait_with_output().expect("the comparatif binary ends")
}

#[test]
fn issue_23_help_command_prints_the_command_s_help() {
    for command in ["check", "build", "diff", "export", "import", "completions", "man"] {
        let help = run(&root(), &["help", command]);
        let flag = run(&root(), &[command, "--help"]);
        assert_eq!(help.status.code(), Some(0), "help {command}: {help:?}");
        assert_eq!(help.stdout, flag.stdout, "help {command} differs from {command} --help");
        let text = String::from_utf8_lossy(&help.stdout);
        assert!(text.contains(&format!("Utilisation : comparatif {command}")), "{text}");
    }
    let general = run(&root(), &["help"]);
    assert_eq!(general.status.code(), Some(0));
    assert_eq!(general.stdout, run(&root(), &["--help"]).stdout);
    let unknown = run(&root(), &["help", "biuld"]);
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(stderr.starts_with("erreur : commande inconnue « biuld »"), "{stderr}");
}

#[test]
fn issue_23_mistyped_commands_options_and_values_get_a_french_suggestion() {
    for (args, expected) in [
        (
            &["biuld"][..],
            "erreur : commande inconnue « biuld »\n  aide : voulez-vous dire « build » ?\n",
        ),
        (
            &["help", "chek"],
            "erreur : commande inconnue « chek »\n  aide : voulez-vous dire « check » ?\n",
        ),
        (
            &["check", "--formt", "json"],
            "erreur : option inconnue « --formt »\n  aide : voulez-vous dire « --format » ?\n",
        ),
        (
            &["build", "--descripter", "x"],
            "erreur : option inconnue « --descripter »\n  aide : voulez-vous dire « --descriptor » ?\n",
        ),
        (&["check", "--format", "jsno"], "  aide : voulez-vous dire « json » ?\n"),
    ] {
        let out = run(&root(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("did you mean") && !stderr.contains("tip:"), "{stderr}");
    }
}

#[test]
fn issue_23_a_dash_reads_the_table_from_standard_input() {
    let table = std::fs::read(root().join("table.csv")).unwrap();
    let out = run_with_stdin(&root(), &["check", "-"], &table);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.starts_with("- : tableau valide (7 solutions"), "{stderr}");

    // Elsewhere, with the repository's descriptor; an invalid table, its positions kept.
    let reject = root().join("tests/cases/reject");
    let descriptor = root().join("datapackage.json");
    let bad = std::fs::read(reject.join("type-booleen.csv")).unwrap();
    let args = ["check", "-", "--descriptor", descriptor.to_str().unwrap()];
    let out = run_with_stdin(&reject, &args, &bad);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("-:2:7: erreur[type-invalide] : « oui »"), "{stderr}");

    // Without a descriptor in the current folder, the error says to give one.
    let out = run_with_stdin(&reject, &["check", "-"], &bad);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("entrée standard") && stderr.contains("--descriptor"), "{stderr}");

    // A workbook on standard input, and `export` from it, read the same way.
    let workbook = std::fs::read(root().join("tests/cases/sheets/table.xlsx")).unwrap();
    let out = run_with_stdin(&root(), &["check", "-"], &workbook);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-stdin");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let xlsx = dir.join("depuis-stdin.xlsx");
    let args = ["export", "-", "--descriptor", descriptor.to_str().unwrap()];
    let out = run_with_stdin(&dir, &[&args[..], &["-o", xlsx.to_str().unwrap()]].concat(), &table);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(xlsx.exists());

    // Standard input gives one table: `diff - -` is refused, not compared with nothing.
    let out = run_with_stdin(&root(), &["diff", "-", "-"], &table);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("entrée standard"), "{out:?}");
}

#[test]
fn issue_23_quiet_writes_no_line_for_people_on_success_but_keeps_diagnostics() {
    let out = run(&root(), &["check", "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    let out = run(&root(), &["-q", "build", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    // The machine formats are the command's output: unchanged.
    let out = run(&root(), &["check", "--quiet", "--format", "json"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"type\":\"summary\""), "{out:?}");
    // A rejected table: its diagnostics and summary, as without --quiet.
    let reject = root().join("tests/cases/reject");
    let descriptor = root().join("datapackage.json");
    let args = ["check", "type-booleen.csv", "--descriptor", descriptor.to_str().unwrap()];
    let loud = run(&reject, &args);
    let quiet = run(&reject, &[&args[..], &["--quiet"]].concat());
    assert_eq!(quiet.status.code(), Some(1));
    assert_eq!(quiet.stderr, loud.stderr);
    assert!(String::from_utf8_lossy(&quiet.stderr).contains("tableau refusé"));
    // Export: the workbook written, no line said.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-quiet");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let xlsx = dir.join("t.xlsx");
    let out = run(&root(), &["export", "-q", "-o", xlsx.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stdout.is_empty() && out.stderr.is_empty() && xlsx.exists(), "{out:?}");
}

#[test]
fn issue_23_completions_for_four_shells_name_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(&root(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {out:?}");
        let script = String::from_utf8_lossy(&out.stdout);
        for command in ["check", "build", "diff", "export", "import", "completions", "man"] {
            assert!(script.contains(command), "{shell}: {command} missing");
        }
        assert!(script.contains("descriptor") && script.contains("png-width"), "{shell}");
    }
    let out = run(&root(), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn issue_23_the_man_page_is_french() {
    let out = run(&root(), &["man"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with(".ie ") && page.contains(".TH comparatif 1 "), "{page}");
    let headings: Vec<&str> = page.lines().filter(|l| l.starts_with(".SH ")).collect();
    for heading in [".SH NOM", ".SH SYNOPSIS", ".SH COMMANDES", ".SH COMMANDE BUILD"] {
        assert!(headings.contains(&heading), "{heading} missing: {headings:?}");
    }
    for english in ["NAME", "SUBCOMMANDS", "EXTRA", "Possible values", "Print help"] {
        assert!(!page.contains(english), "{english} in the man page");
    }
    // Each command's options, in French, and no reference to pages that do not exist.
    assert!(page.contains("Largeur de la vignette PNG en pixels"), "build's options");
    assert!(page.contains("Codes de sortie"), "the exit codes");
    assert!(!page.contains("comparatif\\-build(1)"), "no page per command");
}
