//! `comparatif check`: a table's path → its diagnostics (streamed, in the chosen format) and
//! exit code 0 (valid) or 1 (rejected).

use std::io::{self, Read, Write};
use std::process::ExitCode;

use anyhow::Context as _;
use comparatif::diag::Format;
use comparatif::pipeline;

use super::args::CheckArgs;
use super::files;

/// `comparatif check`: exit 0 when valid, 1 when rejected.
pub fn check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let (table, descriptor) =
        files::table_and_descriptor(args.table.as_deref(), args.descriptor.as_deref())?;
    let file: Box<dyn Read> = if files::is_stdin(&table) {
        Box::new(files::stdin()?)
    } else {
        let (file, _) = files::open(&table)
            .with_context(|| format!("impossible d'ouvrir le tableau {}", table.display()))?;
        Box::new(file)
    };
    let shown = table.display().to_string();
    let format = Format::from(args.format);
    // People read diagnostics on stderr; machine formats are the command's output (stdout).
    let out: Box<dyn Write> = if format == Format::Human {
        Box::new(io::stderr().lock())
    } else {
        Box::new(io::stdout().lock())
    };
    let mut wtr = super::diagnostics(io::BufWriter::new(out), format, &shown)
        .rows_called(&descriptor.publication.row_noun);
    let checked = pipeline::check(&descriptor, io::BufReader::new(file), &shown, &mut wtr)
        .with_context(|| format!("impossible de lire le tableau {shown}"))?;
    // The counts of every diagnostic, those past the limit included (the writer saw only the
    // first ones and the notice of the others).
    let counts = checked.counts;
    let counts = wtr.finish_with(checked.rows, counts)?;
    Ok(if counts.errors == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
