//! `comparatif export`: a table → the `.xlsx` made for editing, written atomically and never
//! over an existing file without `--force`; nothing written when the table is rejected.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context as _;
use comparatif::diag::{Format, Sink};
use comparatif::french;
use comparatif::{load, pipeline};

use super::args::ExportArgs;
use super::{files, with_warning};

/// `comparatif export`: validate the table, then write the `.xlsx` for editing atomically;
/// never over an existing file without `--force`. Exit 1 (nothing written) when the table is
/// refused.
#[cfg(feature = "xlsx")]
pub fn export(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let shown = args.check.table.display().to_string();
    let (_, descriptor) =
        files::descriptor_for(&args.check.table, args.check.descriptor.as_deref())?;
    let table = files::table(&args.check.table)?;
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
    );
    let misnamed = load::misnamed(&shown, &table);
    let converted = match pipeline::export(&descriptor, &table)? {
        Err(rejected) => {
            let counts = with_warning(&mut wtr, misnamed, rejected.counts);
            for d in rejected.diagnostics {
                wtr.emit(d);
            }
            wtr.finish_with(rejected.rows, counts)?;
            let _ = writeln!(
                io::stderr(),
                "aucun fichier écrit : {} n'est pas créé",
                args.output.display()
            );
            return Ok(ExitCode::from(1));
        }
        Ok(converted) => converted,
    };
    let counts = with_warning(&mut wtr, misnamed, converted.counts);
    for d in converted.warnings {
        wtr.emit(d);
    }
    wtr.finish_with(converted.rows, counts)?;
    files::write_atomic(&args.output, &converted.bytes)
        .with_context(|| format!("impossible d'écrire {}", args.output.display()))?;
    writeln!(
        super::report(Box::new(io::stdout().lock())),
        "{}  {} : {} à modifier dans LibreOffice Calc ou Excel, puis « comparatif import {} »",
        args.output.display(),
        french::file_size(converted.bytes.len() as u64),
        french::plural(converted.rows, "solution", "solutions"),
        args.output.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Without the `xlsx` feature, `comparatif export` says it is not built in.
#[cfg(not(feature = "xlsx"))]
pub fn export(_args: &ExportArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("ce comparatif a été compilé sans l'export .xlsx (option « xlsx » de Cargo)")
}
