//! The command line: arguments (French help) → a command run with the library, its report
//! on stdout and stderr, and an exit code.
//!
//! Exit codes: 0 success (table valid), 1 table rejected, 2 usage or system failure. The files,
//! the terminal and the clock are here and in [`files`]; the library takes bytes.
//!
//! One file per command (`check.rs`, `build.rs`, `diff.rs`, `export.rs`, `import.rs`, `init.rs`); the
//! arguments and their French errors in `args.rs`; this file only dispatches and holds what
//! the commands share (French error chains, shell words, emitting a summary).

mod args;
mod build;
mod check;
mod completions;
mod diff;
mod export;
mod files;
mod help;
mod import;
mod init;
mod man;
mod update;

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser as _;
use comparatif::diag::{self, Format, Sink};
use comparatif::french;
use comparatif::pipeline::Summary;

use args::{BuildArgs, Cli, Command};

/// Parses the arguments (French messages for usage errors) and runs the command.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return args::usage_error(&err),
    };
    QUIET.store(cli.quiet, Ordering::Relaxed);
    let result = match cli.command {
        Some(Command::Check(args)) => check::check(&args),
        Some(Command::Build(args)) => build::build(&args),
        Some(Command::Diff(args)) => diff::diff(&args),
        Some(Command::Export(args)) => export::export(&args),
        Some(Command::Import(args)) => import::import(&args),
        Some(Command::Init(args)) => init::init(&args),
        Some(Command::Help(args)) => Ok(help::help(args.command.as_deref())),
        Some(Command::Completions(args)) => completions::completions(args.shell),
        Some(Command::Man) => man::man(),
        None => build::build(&BuildArgs::default()),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            let _ = writeln!(io::stderr(), "erreur : {}", french_chain(&err));
            ExitCode::from(2)
        }
    }
}

/// `--quiet`, set once by [`main`] before the command runs.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Where the lines for people go when all went well (the files written, « est à jour »…):
/// `to`, or nowhere with `--quiet`. Diagnostics and failures never go through it.
fn report<'a>(to: Box<dyn Write + 'a>) -> Box<dyn Write + 'a> {
    if quiet() { Box::new(io::sink()) } else { to }
}

/// Whether `--quiet` was given.
fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// The diagnostics writer of a command: with `--quiet`, without the summary of a valid table.
fn diagnostics<W: Write>(out: W, format: Format, file: &str) -> diag::Writer<W> {
    let wtr = diag::Writer::new(out, format, file);
    if quiet() { wtr.quiet() } else { wtr }
}

/// The error and its causes, joined with « : », system errors in French and each cause once.
fn french_chain(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = match cause.downcast_ref::<io::Error>() {
            Some(io_err) => french_io(io_err),
            None => cause.to_string(),
        };
        // File names and descriptor texts may come from a hostile file: no control character
        // reaches the terminal, but for the line breaks that start our own hints.
        let text = text
            .split("\n  aide : ")
            .map(|t| french::escape(t).into_owned())
            .collect::<Vec<_>>()
            .join("\n  aide : ");
        // Library errors already quote their cause; do not say it twice.
        if !parts.last().is_some_and(|last| last.ends_with(&text)) {
            parts.push(text);
        }
    }
    parts.join(" : ")
}

/// A system error in French (the operating system's text is English).
pub fn french_io(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "fichier ou dossier introuvable".to_owned(),
        io::ErrorKind::PermissionDenied => "permission refusée".to_owned(),
        io::ErrorKind::AlreadyExists => "le fichier existe déjà".to_owned(),
        io::ErrorKind::IsADirectory => "c'est un dossier".to_owned(),
        io::ErrorKind::NotADirectory => "ce n'est pas un dossier".to_owned(),
        io::ErrorKind::StorageFull => "disque plein".to_owned(),
        io::ErrorKind::ReadOnlyFilesystem => "système de fichiers en lecture seule".to_owned(),
        io::ErrorKind::InvalidData => {
            "données illisibles (le fichier n'est peut-être pas du texte UTF-8)".to_owned()
        }
        _ => format!("erreur du système ({err})"),
    }
}

/// `text` as one word of a shell command line: as it is when it has only safe characters, else
/// between single quotes.
fn shell_word(text: &str) -> String {
    let safe = |c: char| c.is_alphanumeric() || "/._-:+=,@%".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// Emits every diagnostic of `summary` to `wtr`; gives back its counts and rows.
fn emit(wtr: &mut dyn Sink, summary: Summary) -> Summary {
    let Summary { diagnostics, counts, rows } = summary;
    for d in diagnostics {
        wtr.emit(d);
    }
    Summary { diagnostics: Vec::new(), counts, rows }
}
