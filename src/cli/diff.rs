//! `comparatif diff`: two versions of a table → the French report (or JSON) of what changed,
//! warnings on stderr when a version has errors.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use comparatif::diag;
use comparatif::french;

use super::args::{DiffArgs, DiffFormat};
use super::files::{self, descriptor_path};
use super::shell_word;

/// `comparatif diff`: exit 0 whether or not something changed (it is a report), 2 when a
/// file cannot be read.
pub fn diff(args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let (descriptor_file, descriptor) =
        files::descriptor_for(&args.new, args.descriptor.as_deref())?;
    let (old_name, new_name) = (args.old.display().to_string(), args.new.display().to_string());
    let change = comparatif::diff::diff(
        &files::table(&args.old)?,
        &old_name,
        &files::table(&args.new)?,
        &new_name,
        &descriptor,
    )?;
    // The command that shows a table's errors, with this descriptor when it is not the one
    // `check` would take by itself.
    let check_command = |table: &Path| {
        let shown = shell_word(&table.display().to_string());
        if descriptor_path(table, None) == descriptor_file {
            format!("comparatif check {shown}")
        } else {
            let descriptor = shell_word(&descriptor_file.display().to_string());
            format!("comparatif check {shown} --descriptor {descriptor}")
        }
    };
    let (old_check, new_check) = (check_command(&args.old), check_command(&args.new));
    for warning in change.warnings((&old_name, &old_check), (&new_name, &new_check)) {
        let _ = writeln!(io::stderr(), "attention : {}", french::escape(&warning));
    }
    let mut stdout = io::stdout().lock();
    match args.format {
        DiffFormat::Human => write!(stdout, "{}", change.french())?,
        DiffFormat::Json => {
            writeln!(stdout, "{}", diag::json_safe(&serde_json::to_string(&change)?))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
