//! `comparatif init`: a bare table → its first `datapackage.json` and canonical `table.csv`
//! beside it, never over existing files without `--force`; today's date from the system clock.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use comparatif::diag::Format;
use comparatif::model::Date;
use comparatif::pipeline::{self, InitOptions, TABLE_CSV};

use super::args::InitArgs;
use super::files;

/// The descriptor `init` writes.
const DESCRIPTOR: &str = "datapackage.json";

/// `comparatif init TABLEAU`: infer the descriptor, then write it and `table.csv` in the
/// table's folder (the current one for `-`). Exit 1 (nothing written) when the table cannot be
/// read or made into a descriptor.
pub fn init(args: &InitArgs) -> anyhow::Result<ExitCode> {
    let shown = args.table.display().to_string();
    let folder = match args.table.parent() {
        Some(parent) if !files::is_stdin(&args.table) => parent,
        _ => Path::new(""),
    };
    let (descriptor_path, csv_path) = (folder.join(DESCRIPTOR), folder.join(TABLE_CSV));
    if descriptor_path.exists() && !args.force {
        anyhow::bail!(
            "{} existe déjà et n'a pas été remplacé (il contient peut-être un travail en cours) : ajoutez --force pour le remplacer, ou lancez init depuis un autre dossier",
            descriptor_path.display()
        );
    }
    let table = files::table(&args.table)?;
    let same_file = |path: &Path| {
        path.canonicalize().ok().is_some_and(|p| args.table.canonicalize().ok() == Some(p))
    };
    let today = args.date.unwrap_or_else(today).to_string();
    let options = InitOptions { name: &shown, today: &today };
    let verdict = pipeline::init(&table, &options)?;
    let mut wtr =
        super::diagnostics(io::BufWriter::new(io::stderr().lock()), Format::Human, &shown);
    let summary = super::emit(&mut wtr, verdict.summary);
    wtr.finish_with(summary.rows, summary.counts)?;
    let Some(made) = verdict.made else {
        let _ =
            writeln!(io::stderr(), "aucun fichier écrit : corrigez le tableau, puis recommencez");
        return Ok(ExitCode::from(1));
    };
    // The table given may be `table.csv` itself: rewritten only when its bytes change.
    let csv_unchanged = files::same_bytes(&csv_path, &made.table).unwrap_or(false);
    for (path, unchanged) in [(&descriptor_path, false), (&csv_path, csv_unchanged)] {
        if path.exists() && !unchanged && !args.force {
            let what = if same_file(path) {
                "c'est le tableau donné, que init réécrirait avec les noms techniques des colonnes en en-tête"
            } else {
                "il contient peut-être un travail en cours"
            };
            anyhow::bail!(
                "{} existe déjà et n'a pas été remplacé ({what}) : ajoutez --force pour le remplacer, ou lancez init depuis un autre dossier",
                path.display()
            );
        }
    }
    files::write_atomic(&descriptor_path, made.descriptor.as_bytes())
        .with_context(|| format!("impossible d'écrire {}", descriptor_path.display()))?;
    if !csv_unchanged {
        files::write_atomic(&csv_path, &made.table)
            .with_context(|| format!("impossible d'écrire {}", csv_path.display()))?;
    }
    let mut stdout = super::report(Box::new(io::stdout().lock()));
    writeln!(
        stdout,
        "{} et {} écrits depuis {shown} : complétez les textes « À compléter » de {}, vérifiez les types et les listes, puis « comparatif build »",
        descriptor_path.display(),
        csv_path.display(),
        descriptor_path.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Today's date (UTC) from the system clock: the publication's `updated` (`init`, and an
/// update recorded without `--date`).
pub(super) fn today() -> Date {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // A clock beyond year 9999 is not this machine's: 1970-01-01 rather than a panic.
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    Date::from_unix_days(days).unwrap_or_default()
}
