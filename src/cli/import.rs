//! `comparatif import`: an edited workbook (or a CSV) → the repository's canonical `table.csv`,
//! written atomically; nothing written when the table is rejected.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use comparatif::diag::{Format, Sink};
use comparatif::french;
use comparatif::{load, pipeline};

use super::args::ImportArgs;
use super::{files, with_warning};

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
    );
    let misnamed = load::misnamed(&shown, &table);
    let converted = match pipeline::import(&descriptor, &table) {
        Err(rejected) => {
            let counts = with_warning(&mut wtr, misnamed, rejected.counts);
            for d in rejected.diagnostics {
                wtr.emit(d);
            }
            wtr.finish_with(rejected.rows, counts)?;
            let _ =
                writeln!(io::stderr(), "aucun fichier écrit : {} reste inchangé", output.display());
            return Ok(ExitCode::from(1));
        }
        Ok(converted) => converted,
    };
    let counts = with_warning(&mut wtr, misnamed, converted.counts);
    for d in converted.warnings {
        wtr.emit(d);
    }
    wtr.finish_with(converted.rows, counts)?;
    let unchanged = files::same_bytes(&output, &converted.bytes).unwrap_or(false);
    let mut stdout = super::report(Box::new(io::stdout().lock()));
    if unchanged {
        writeln!(
            stdout,
            "{} est déjà à jour ({})",
            output.display(),
            french::plural(converted.rows, "solution", "solutions")
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    files::write_atomic(&output, &converted.bytes)
        .with_context(|| format!("impossible d'écrire {}", output.display()))?;
    writeln!(
        stdout,
        "{}  {} : {} écrites depuis {shown} ; « comparatif diff » montre ce qui a changé",
        output.display(),
        french::file_size(converted.bytes.len() as u64),
        french::plural(converted.rows, "solution", "solutions")
    )?;
    Ok(ExitCode::SUCCESS)
}
