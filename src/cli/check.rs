//! `comparatif check`: a table's path → its diagnostics (streamed, in the chosen format) and
//! exit code 0 (valid) or 1 (rejected).

use std::io::{self, Read, Write};
use std::process::ExitCode;

use anyhow::Context as _;
use comparatif::diag::{Counts, Format};
use comparatif::limits::MAX_FILE_BYTES;
use comparatif::{load, pipeline};

use super::args::CheckArgs;
use super::{files, with_warning};

/// `comparatif check`: exit 0 when valid, 1 when rejected.
pub fn check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let (_, descriptor) = files::descriptor_for(&args.table, args.descriptor.as_deref())?;
    let file: Box<dyn Read> = if files::is_stdin(&args.table) {
        Box::new(files::stdin()?)
    } else {
        let (file, _) = files::open(&args.table)
            .with_context(|| format!("impossible d'ouvrir le tableau {}", args.table.display()))?;
        Box::new(file)
    };
    let shown = args.table.display().to_string();
    let format = Format::from(args.format);
    // People read diagnostics on stderr; machine formats are the command's output (stdout).
    let out: Box<dyn Write> = if format == Format::Human {
        Box::new(io::stderr().lock())
    } else {
        Box::new(io::stdout().lock())
    };
    let mut wtr = super::diagnostics(io::BufWriter::new(out), format, &shown);
    let mut input = io::BufReader::new(file);
    let head = io::BufRead::fill_buf(&mut input)
        .with_context(|| format!("impossible de lire le tableau {shown}"))?;
    // A spreadsheet (zip or OLE2) is read whole anyway; a CSV is streamed, its name checked
    // on its first bytes.
    let checked = if head.starts_with(b"PK") || head.starts_with(b"\xD0\xCF\x11\xE0") {
        // The rest of what was opened (standard input cannot be read again), same bound as
        // `files::table`.
        let mut bytes = Vec::new();
        input
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("impossible de lire le tableau {shown}"))?;
        let misnamed = with_warning(&mut wtr, load::misnamed(&shown, &bytes), Counts::default());
        pipeline::check(&descriptor, &bytes[..], &mut wtr).map(|c| (c, misnamed))
    } else {
        let misnamed = with_warning(&mut wtr, load::misnamed(&shown, head), Counts::default());
        pipeline::check(&descriptor, input, &mut wtr).map(|c| (c, misnamed))
    }
    .with_context(|| format!("impossible de lire le tableau {shown}"))?;
    // The counts of every diagnostic, those past the limit included (the writer saw only the
    // first ones and the notice of the others).
    let (checked, misnamed) = checked;
    let counts = Counts {
        errors: checked.counts.errors + misnamed.errors,
        warnings: checked.counts.warnings + misnamed.warnings,
    };
    let counts = wtr.finish_with(checked.rows, counts)?;
    Ok(if counts.errors == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
