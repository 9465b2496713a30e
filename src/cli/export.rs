//! `comparatif export`: a table → the `.xlsx` made for editing, written atomically and never
//! over an existing file without `--force`; nothing written when the table is rejected.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context as _;
use comparatif::diag::Format;
use comparatif::french;
use comparatif::layout::fonts::Fonts;
use comparatif::pipeline::{self, Input};

use super::args::ExportArgs;
use super::files;

/// `comparatif export`: validate the table, then write the `.xlsx` for editing atomically;
/// never over an existing file without `--force`. Exit 1 (nothing written) when the table is
/// refused.
#[cfg(feature = "xlsx")]
pub fn export(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let (table_path, descriptor) =
        files::table_and_descriptor(args.check.table.as_deref(), args.check.descriptor.as_deref())?;
    let shown = table_path.display().to_string();
    let table = files::table(&table_path)?;
    if args.output.exists() && !args.force {
        anyhow::bail!(
            "{} existe déjà et n'a pas été remplacé (il contient peut-être des modifications) : importez-le d'abord avec « comparatif import {} », ou ajoutez --force pour le remplacer",
            args.output.display(),
            args.output.display()
        );
    }
    let mut wtr = super::diagnostics(
        io::BufWriter::new(io::stderr().lock()),
        Format::from(args.check.format),
        &shown,
    )
    .rows_called(&descriptor.publication.row_noun);
    let input =
        Input { descriptor: &descriptor, table: &table, name: &shown, fonts: &Fonts::bundled() };
    let verdict = pipeline::export(&input)?;
    let summary = super::emit(&mut wtr, verdict.summary);
    wtr.finish_with(summary.rows, summary.counts)?;
    let Some(converted) = verdict.made else {
        let _ = writeln!(
            io::stderr(),
            "aucun fichier écrit : {} n'est pas créé",
            args.output.display()
        );
        return Ok(ExitCode::from(1));
    };
    files::write_atomic(&args.output, &converted)
        .with_context(|| format!("impossible d'écrire {}", args.output.display()))?;
    writeln!(
        super::report(Box::new(io::stdout().lock())),
        "{}  {} : {} à modifier dans LibreOffice Calc ou Excel, puis « comparatif import {} »",
        args.output.display(),
        french::file_size(converted.len() as u64),
        descriptor.publication.row_noun.count(summary.rows),
        args.output.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Without the `xlsx` feature, `comparatif export` says it is not built in.
#[cfg(not(feature = "xlsx"))]
pub fn export(_args: &ExportArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("ce comparatif a été compilé sans l'export .xlsx (option « xlsx » de Cargo)")
}
