//! `comparatif import`: an edited workbook (or a CSV) → the repository's canonical `table.csv`,
//! written atomically; nothing written when the table is rejected, or when `table.csv` changed
//! since the workbook was exported from it (without `--force`). With `--note` or `--date`, the
//! descriptor records the update too, both files or neither.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use comparatif::diag::Format;
use comparatif::french;
use comparatif::layout::fonts::Fonts;
use comparatif::pipeline::{self, Input};

use super::args::ImportArgs;
use super::{files, shell_word, update};

/// `comparatif import`: validate the spreadsheet, then write the canonical CSV atomically.
/// Exit 1 (nothing written) when the table is refused or would overwrite edits of `table.csv`.
pub fn import(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let shown = args.table.display().to_string();
    let (descriptor_path, descriptor) =
        files::descriptor_for(&args.table, args.descriptor.as_deref())?;
    let recorded = update::record(&descriptor_path, &args.update)?;
    let descriptor = recorded.as_ref().map_or(descriptor, |r| r.descriptor.clone());
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
    let retry = format!("{} --force", retry_command(args));
    if !update::may_replace(&output, &table, &shown, &converted, &descriptor, args.force, &retry)? {
        return Ok(ExitCode::from(1));
    }
    let unchanged = files::same_bytes(&output, &converted).unwrap_or(false);
    // Both files written beside their place first: both replaced, or neither.
    let staged_descriptor = match &recorded {
        Some(r) => Some(
            files::stage(&descriptor_path, r.text.as_bytes())
                .with_context(|| format!("impossible d'écrire {}", descriptor_path.display()))?,
        ),
        None => None,
    };
    let staged_table = match unchanged {
        true => None,
        false => Some(
            files::stage(&output, &converted)
                .with_context(|| format!("impossible d'écrire {}", output.display()))?,
        ),
    };
    if let Some(staged) = staged_descriptor {
        staged
            .commit()
            .with_context(|| format!("impossible d'écrire {}", descriptor_path.display()))?;
    }
    if let Some(staged) = staged_table {
        staged.commit().with_context(|| format!("impossible d'écrire {}", output.display()))?;
    }
    let mut stdout = super::report(Box::new(io::stdout().lock()));
    if let Some(r) = &recorded {
        let noted = args.update.note.as_deref().is_some_and(|n| !n.trim().is_empty());
        writeln!(stdout, "{}", update::update_line(&descriptor_path, &r.descriptor, noted))?;
    }
    if unchanged {
        writeln!(
            stdout,
            "{} est déjà à jour ({})",
            output.display(),
            descriptor.publication.row_noun.count(summary.rows)
        )?;
        return Ok(ExitCode::SUCCESS);
    }
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

/// The `comparatif import` command of `args`, without `--force`.
fn retry_command(args: &ImportArgs) -> String {
    let path = |p: &Path| shell_word(&p.display().to_string());
    let mut parts = vec![format!("comparatif import {}", path(&args.table))];
    if let Some(output) = &args.output {
        parts.push(format!("-o {}", path(output)));
    }
    if let Some(descriptor) = &args.descriptor {
        parts.push(format!("--descriptor {}", path(descriptor)));
    }
    parts.join(" ") + &update::options(&args.update)
}
