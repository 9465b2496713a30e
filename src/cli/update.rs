//! What `import` and `build CLASSEUR` share before they replace `table.csv`: the update asked
//! for with `--note` and `--date` (the descriptor's new text, `pipeline::record_update`), and
//! the guard that refuses to overwrite a `table.csv` changed since the workbook was exported
//! from it (`load::origin`).

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context as _;
use comparatif::french;
use comparatif::load::{origin, sheet};
use comparatif::pipeline;
use comparatif::schema::{self, Descriptor};

use super::args::UpdateArgs;
use super::files;

/// The descriptor with an update recorded: its new text, parsed.
pub struct Recorded {
    /// The new text, to write in place of the descriptor's.
    pub text: String,
    /// The new text, parsed: what the table is built with.
    pub descriptor: Descriptor,
}

/// The descriptor at `path` with the update `args` asks for (`--date`, else today in UTC;
/// `--note`) recorded; `None` when none is asked. Nothing is written here.
pub fn record(path: &Path, args: &UpdateArgs) -> anyhow::Result<Option<Recorded>> {
    if !args.any() {
        return Ok(None);
    }
    let text = files::descriptor_text(path)?;
    let date = args.date.unwrap_or_else(super::init::today);
    let text = pipeline::record_update(&text, date, args.note.as_deref())
        .with_context(|| format!("mise à jour refusée, {} n'est pas modifié", path.display()))?;
    let descriptor =
        schema::parse(&text).with_context(|| format!("descripteur {} refusé", path.display()))?;
    Ok(Some(Recorded { text, descriptor }))
}

/// `--note … --date …` as `args` gives them (each with a space before), for a command to
/// run again.
pub fn options(args: &UpdateArgs) -> String {
    let mut out = String::new();
    if let Some(note) = &args.note {
        out.push_str(&format!(" --note {}", super::shell_word(note)));
    }
    if let Some(date) = &args.date {
        out.push_str(&format!(" --date {date}"));
    }
    out
}

/// The report line of a recorded update (`noted`: with a note): « datapackage.json : mis à
/// jour le 7 décembre 2026, note « … » en tête de l'historique ».
pub fn update_line(
    path: &Path,
    descriptor: &comparatif::schema::Descriptor,
    noted: bool,
) -> String {
    let publication = &descriptor.publication;
    let date = publication.updated;
    let day = french::date(date.year, date.month, date.day);
    match publication.history.first().filter(|_| noted) {
        Some(latest) => format!(
            "{} : mis à jour le {day}, note « {} » en tête de l'historique",
            path.display(),
            french::escape(&french::shorten(&latest.note))
        ),
        None => format!("{} : mis à jour le {day}", path.display()),
    }
}

/// Whether `converted` (the canonical CSV of the table file `table`, shown as `shown`) may
/// replace the file at `target`: yes when there is none, when it holds these bytes already,
/// when `table` is a workbook exported from `target`'s bytes as they are ([`origin`]), or with
/// `force`. A workbook that records another origin is refused: what the replacement would
/// change is said on stderr, with how to go on (`retry`, the command with `--force`). A
/// workbook that records none (made by hand) is allowed, with a note.
pub fn may_replace(
    target: &Path,
    table: &[u8],
    shown: &str,
    converted: &[u8],
    descriptor: &Descriptor,
    force: bool,
    retry: &str,
) -> anyhow::Result<bool> {
    let current = match files::open(target) {
        Ok(_) => files::table(target)?,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(true),
        Err(err) => {
            return Err(err).with_context(|| format!("impossible de lire {}", target.display()));
        }
    };
    if current == converted || force {
        return Ok(true);
    }
    let target_shown = target.display().to_string();
    let Some(recorded) = origin::recorded(table) else {
        if matches!(sheet::detect(table), sheet::Format::Xlsx | sheet::Format::Ods) {
            let _ = writeln!(
                io::stderr(),
                "note : {shown} ne dit pas de quel {target_shown} il vient (il n'a pas été écrit par « comparatif export ») : {target_shown} est remplacé sans cette vérification ; « comparatif diff » montre ce qui a changé"
            );
        }
        return Ok(true);
    };
    if recorded == origin::fingerprint(&current) {
        return Ok(true);
    }
    let mut stderr = io::stderr().lock();
    writeln!(
        stderr,
        "erreur : {target_shown} a été modifié depuis l'export du classeur {shown} : le remplacer effacerait ces modifications ; rien n'est écrit"
    )?;
    if let Ok(change) =
        comparatif::diff::diff(&current, &target_shown, converted, shown, descriptor)
    {
        writeln!(
            stderr,
            "Ce que {shown} changerait dans {target_shown} (ses modifications, et l'annulation de celles faites depuis l'export dans {target_shown}) :"
        )?;
        write!(stderr, "{}", change.french())?;
    }
    writeln!(
        stderr,
        "  aide : reportez dans {shown} les modifications faites dans {target_shown} depuis l'export (« comparatif diff {} {} » montre chaque différence), puis recommencez ; si elles viennent d'un import précédent de ce même classeur, ou pour remplacer {target_shown} quand même : « {retry} »",
        super::shell_word(&target_shown),
        super::shell_word(shown)
    )?;
    Ok(false)
}
