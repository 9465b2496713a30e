//! `comparatif import`: an edited workbook (or a CSV) → the repository's canonical `table.csv`,
//! written atomically; nothing written when the table is rejected.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use comparatif::diag::Format;
use comparatif::french;
use comparatif::layout::fonts::Fonts;
use comparatif::pipeline::{self, Input};

use super::args::ImportArgs;
use super::files;

/// `comparatif import`: validate the spreadsheet, then write the canonical CSV atomically.
/// Exit 1 (nothing written) when the table is refused.
pub fn import(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let shown = args.table.display().to_string();
    let (descriptor_path, descriptor) =
        files::descriptor_for(&args.table, args.descriptor.as_deref())?;
    let output = match &args.output {
        Some(path) => path.clone(),
        None => {
            // The descriptor's path is relative and without « .. » (schema::parse); a folder
            // on the way may still be a symbolic link that leads elsewhere.
            let folder = descriptor_path.parent().unwrap_or(Path::new(""));
            let output = folder.join(&descriptor.table_path);
            files::check_inside(folder, &output)?;
            output
        }
    };
    let table = files::table(&args.table)?;
    let mut wtr = super::diagnostics(
        io::BufWriter::new(io::stderr().lock()),
        Format::from(args.format),
        &shown,
    )
    .rows_called(&descriptor.publication.row_noun);
    let input =
        Input { descriptor: &descriptor, table: &table, name: &shown, fonts: &Fonts::bundled() };
    let verdict = pipeline::import(&input)?;
    let summary = super::emit(&mut wtr, verdict.summary);
    wtr.finish_with(summary.rows, summary.counts)?;
    let Some(converted) = verdict.made else {
        let _ = writeln!(io::stderr(), "aucun fichier écrit : {} reste inchangé", output.display());
        return Ok(ExitCode::from(1));
    };
    let unchanged = files::same_bytes(&output, &converted).unwrap_or(false);
    let mut stdout = super::report(Box::new(io::stdout().lock()));
    if unchanged {
        writeln!(
            stdout,
            "{} est déjà à jour ({})",
            output.display(),
            descriptor.publication.row_noun.count(summary.rows)
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    files::write_atomic(&output, &converted)
        .with_context(|| format!("impossible d'écrire {}", output.display()))?;
    writeln!(
        stdout,
        "{}  {} : {} {} depuis {shown} ; « comparatif diff » montre ce qui a changé",
        output.display(),
        french::file_size(converted.len() as u64),
        descriptor.publication.row_noun.count(summary.rows),
        descriptor.publication.row_noun.agree("écrit", summary.rows)
    )?;
    Ok(ExitCode::SUCCESS)
}
