//! `comparatif build`: a table, its descriptor and fonts → every output in `out/`, written as
//! one set (or, with `--check`, compared with it), the diagnostics and a report of the files.
//! A workbook given as the table also replaces the descriptor's `table.csv` (with `import`'s
//! guard), and `--note`/`--date` the descriptor: all of them, or none.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use comparatif::diag::{Format, Stale};
use comparatif::french;
use comparatif::layout::fonts::Fonts;
use comparatif::load::sheet;
use comparatif::pipeline::{self, BuildOptions, Input};

use super::args::BuildArgs;
use super::{files, shell_word, update};

/// `comparatif build`: validate, then render every output in memory, then write each file
/// atomically (or, with `--check`, compare them with the folder). A rejected table writes
/// nothing.
pub fn build(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let out_dir = &args.out;
    let mut progress = Progress::new();
    if args.check_outputs && (args.update.any() || args.force) {
        anyhow::bail!(
            "--check n'écrit rien : --note, --date et --force ne vont pas avec lui\n  aide : enregistrez la mise à jour avec « comparatif build --note … », puis vérifiez avec « comparatif build --check »"
        );
    }
    let (table_path, descriptor_path, descriptor) =
        files::located(args.check.table.as_deref(), args.check.descriptor.as_deref())?;
    let recorded = update::record(&descriptor_path, &args.update)?;
    let descriptor = recorded.as_ref().map_or(descriptor, |r| r.descriptor.clone());
    let shown = table_path.display().to_string();
    let table = files::table(&table_path)?;
    // A workbook is the table's new version: `table.csv` follows `out/` (both or neither).
    let workbook = matches!(sheet::detect(&table), sheet::Format::Xlsx | sheet::Format::Ods);
    let fonts = match &args.fonts {
        Some(dir) => files::fonts(dir)?,
        None => Fonts::bundled(),
    };
    progress.stage("vérification, mise en page, PDF, vignette et HTML");
    let options = BuildOptions {
        png_width_px: args.png_width,
        url_prefix: args.url_prefix.clone(),
        ..BuildOptions::default()
    };
    let input = Input { descriptor: &descriptor, table: &table, name: &shown, fonts: &fonts };
    let verdict = pipeline::build(&input, &options)?;
    progress.done();
    let format = Format::from(args.check.format);
    // In French, diagnostics go to stderr and the files to stdout. A machine format is the
    // command's whole output (stdout, as for `check`): the lines for people go to stderr.
    let machine = format != Format::Human;
    let diagnostics: Box<dyn Write> =
        if machine { Box::new(io::stdout().lock()) } else { Box::new(io::stderr().lock()) };
    let mut report: Box<dyn Write> =
        if machine { Box::new(io::stderr().lock()) } else { Box::new(io::stdout().lock()) };
    let mut wtr = super::diagnostics(io::BufWriter::new(diagnostics), format, &shown)
        .rows_called(&descriptor.publication.row_noun);
    let summary = super::emit(&mut wtr, verdict.summary);
    let Some(published) = verdict.made else {
        wtr.finish_with(summary.rows, summary.counts)?;
        let verb =
            if args.check_outputs { "rien n'a été comparé" } else { "aucun fichier écrit" };
        let _ = writeln!(io::stderr(), "{verb} : {} reste inchangé", out_dir.display());
        return Ok(ExitCode::from(1));
    };
    let counts = summary.counts;
    if args.check_outputs {
        let stale: Vec<Stale> = files::stale(out_dir, &published.outputs)
            .into_iter()
            .map(|(name, state)| Stale { file: out_dir.join(name).display().to_string(), state })
            .collect();
        let regenerate = regenerate_command(args);
        if machine {
            wtr.stale(&stale, &regenerate);
        }
        wtr.finish_with(summary.rows, counts)?;
        if !machine {
            for s in &stale {
                writeln!(report, "{}", s.message(&shown))?;
            }
        }
        if stale.is_empty() {
            writeln!(
                super::report(report),
                "{} est à jour ({} vérifiés)",
                out_dir.display(),
                french::plural(published.outputs.len() as u64, "fichier", "fichiers")
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        writeln!(
            report,
            "{} : {} à régénérer avec « {regenerate} »",
            out_dir.display(),
            french::plural(stale.len() as u64, "fichier", "fichiers")
        )?;
        return Ok(ExitCode::from(1));
    }
    wtr.finish_with(summary.rows, counts)?;
    // Every file written beside its place first; `out/` replaced as one set; then the
    // descriptor and `table.csv` renamed into place. A failure before leaves all three as
    // they were.
    let mut csv_written = None;
    let staged_table = if workbook {
        let folder = descriptor_path.parent().unwrap_or(Path::new(""));
        let target = files::resource_path(&descriptor_path, &descriptor);
        files::check_inside(folder, &target)?;
        let Some(converted) = pipeline::import(&input)?.made else {
            // `build` accepted the table, so its reading as CSV is accepted too.
            anyhow::bail!("{shown} n'a pas pu être converti en {}", target.display());
        };
        let retry =
            format!("{}{} --force", regenerate_command(args), update::options(&args.update));
        if !update::may_replace(
            &target,
            &table,
            &shown,
            &converted,
            &descriptor,
            args.force,
            &retry,
        )? {
            let _ = writeln!(io::stderr(), "{} reste inchangé", out_dir.display());
            return Ok(ExitCode::from(1));
        }
        match files::same_bytes(&target, &converted).unwrap_or(false) {
            true => None,
            false => {
                let staged = files::stage(&target, &converted)
                    .with_context(|| format!("impossible d'écrire {}", target.display()))?;
                csv_written = Some((target, converted.len()));
                Some(staged)
            }
        }
    } else {
        None
    };
    let staged_descriptor = match &recorded {
        Some(r) => Some(
            files::stage(&descriptor_path, r.text.as_bytes())
                .with_context(|| format!("impossible d'écrire {}", descriptor_path.display()))?,
        ),
        None => None,
    };
    files::publish(out_dir, &published.outputs)?;
    if let Some(staged) = staged_descriptor {
        staged
            .commit()
            .with_context(|| format!("impossible d'écrire {}", descriptor_path.display()))?;
    }
    if let Some(staged) = staged_table {
        staged.commit().context("impossible de remplacer le tableau")?;
    }
    let mut report = super::report(report);
    if let Some(r) = &recorded {
        let noted = args.update.note.as_deref().is_some_and(|n| !n.trim().is_empty());
        writeln!(report, "{}", update::update_line(&descriptor_path, &r.descriptor, noted))?;
    }
    if let Some((target, len)) = &csv_written {
        writeln!(
            report,
            "{}  {} : {} {} depuis {shown}",
            target.display(),
            french::file_size(*len as u64),
            descriptor.publication.row_noun.count(summary.rows),
            descriptor.publication.row_noun.agree("écrit", summary.rows)
        )?;
    }
    for out in &published.outputs {
        let path = out_dir.join(&out.name);
        writeln!(report, "{}  {}", path.display(), french::file_size(out.bytes.len() as u64))?;
    }
    writeln!(
        report,
        "{} : {} ({}), {} en {} ms",
        shown,
        descriptor.publication.row_noun.count(summary.rows),
        french::plural(published.pages as u64, "page", "pages"),
        french::plural(published.outputs.len() as u64, "fichier écrit", "fichiers écrits"),
        started.elapsed().as_millis()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The `comparatif build` command that writes what `args` computed: the same table, descriptor,
/// folder and options (what `build --check` tells to run).
fn regenerate_command(args: &BuildArgs) -> String {
    let defaults = BuildArgs::default();
    let path = |p: &Path| shell_word(&p.display().to_string());
    let mut parts = vec!["comparatif build".to_owned()];
    // Without a table, the same resource of the same descriptor.
    if let Some(table) = &args.check.table {
        parts.push(path(table));
    }
    if let Some(descriptor) = &args.check.descriptor {
        parts.push(format!("--descriptor {}", path(descriptor)));
    }
    if args.out != defaults.out {
        parts.push(format!("--out {}", path(&args.out)));
    }
    if args.png_width != defaults.png_width {
        parts.push(format!("--png-width {}", args.png_width));
    }
    if let Some(prefix) = &args.url_prefix {
        parts.push(format!("--url-prefix {}", shell_word(prefix)));
    }
    if let Some(fonts) = &args.fonts {
        parts.push(format!("--fonts {}", path(fonts)));
    }
    parts.join(" ")
}

/// Stage lines on stderr while a build runs, only when stderr is a terminal (quiet in CI and
/// in pipes).
struct Progress {
    enabled: bool,
    started: std::time::Instant,
}

impl Progress {
    fn new() -> Self {
        use std::io::IsTerminal as _;
        Progress {
            enabled: io::stderr().is_terminal() && !super::quiet(),
            started: std::time::Instant::now(),
        }
    }

    fn stage(&mut self, what: &str) {
        if self.enabled {
            let _ = write!(
                io::stderr(),
                "\r\x1b[2K{what}… ({} ms)",
                self.started.elapsed().as_millis()
            );
        }
    }

    fn done(&mut self) {
        if self.enabled {
            let _ = write!(io::stderr(), "\r\x1b[2K");
        }
    }
}
