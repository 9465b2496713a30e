//! Spreadsheet cells against the column's type: a cell's kind ([`CellKind`]) and the field →
//! the text to check as for CSV, or a diagnostic that refuses it.
//!
//! In: one cell of a record from a spreadsheet (a CSV's cells are all text and pass through).
//! Out: [`Read`]. A formula or an error value is refused wherever it is (its value is not what
//! was typed); a date or a time only in a `date` column (a date alone); a logical value
//! (TRUE/FALSE) only where the column's values are `true`/`false` themselves. Numbers already
//! read as people read them (`20`, `20,5`) are checked as the text they are; an integer of more
//! digits than a spreadsheet keeps is refused (the spreadsheet shows it rounded).

use super::cell::At;
use crate::diag::{Code, Diagnostic, Sink};
use crate::french;
use crate::load::{CellKind, Record};
use crate::model::Kind;
use crate::schema::Schema;

/// What to do with a cell after looking at its kind.
pub enum Read {
    /// Check its text as it is.
    Same,
    /// Check this text instead (a logical value written as the column's own word).
    Text(Option<String>),
    /// Refused (the diagnostic is said), or hidden under a merge (the merge is said).
    Refused,
}

/// Refuses a formula or an error value in the header row.
pub fn check_header_kinds(rec: &Record<'_>, sink: &mut dyn Sink) {
    for (idx, kind) in rec.kinds.iter().enumerate() {
        let column = u32::try_from(idx + 1).unwrap_or(u32::MAX);
        let value = rec.fields.get(idx).unwrap_or_default();
        if matches!(kind, CellKind::Formula(_) | CellKind::Error) {
            sink.emit(
                Diagnostic::error(Code::Formule)
                    .line(rec.line)
                    .column(column)
                    .value(value)
                    .message(format!(
                        "l'en-tête de la colonne {} est une formule (valeur {})",
                        french::column_letter(column),
                        french::quote(value)
                    ))
                    .hint("écrivez le nom technique de la colonne, en texte"),
            );
        }
    }
}

/// Looks at the kind of the cell at `at` whose text is `raw`.
pub fn read_kind(
    schema: &Schema,
    at: &At<'_>,
    raw: &str,
    kind: &CellKind,
    sink: &mut dyn Sink,
) -> Read {
    match kind {
        // A spreadsheet's number reads `20,5` (see `load`): written with the column's own
        // decimal character, it reads as the value the cell holds.
        CellKind::Number => match &at.field.kind {
            Kind::Number { decimal_char, .. } if *decimal_char != ',' && raw.contains(',') => {
                Read::Text(Some(raw.replace(',', &decimal_char.to_string())))
            }
            _ => Read::Same,
        },
        CellKind::Text => Read::Same,
        CellKind::Covered => Read::Refused,
        CellKind::LongNumber => {
            let digits = raw.trim_start_matches('-').len();
            sink.emit(
                at.diagnostic(Code::NombreTropLong, raw)
                    .message(format!(
                        "la cellule de {} contient le nombre {}, de {digits} chiffres : un tableur n'en garde que {} et l'affiche arrondi",
                        at.column_name(),
                        french::quote(raw),
                        crate::load::SPREADSHEET_DIGITS
                    ))
                    .hint("si ce nombre est exact, mettez la cellule au format Texte (clic droit › Formater les cellules › Texte) puis retapez-le, ou tapez-le précédé d'une apostrophe (') : « comparatif export » écrit ainsi les grands nombres"),
            );
            Read::Refused
        }
        CellKind::Formula(formula) => {
            let what = if formula.trim().is_empty() || formula.trim() == "=" {
                "une formule".to_owned()
            } else {
                format!("la formule {}", french::quote(formula))
            };
            sink.emit(
                at.diagnostic(Code::Formule, raw)
                    .message(format!(
                        "la cellule de {} contient {what} (valeur calculée {})",
                        at.column_name(),
                        french::quote(raw)
                    ))
                    .hint("remplacez la formule par sa valeur : copiez la cellule, puis Édition › Collage spécial › Valeurs seulement (Ctrl+Maj+V)"),
            );
            Read::Refused
        }
        CellKind::Error => {
            sink.emit(
                at.diagnostic(Code::Formule, raw)
                    .message(format!(
                        "la cellule de {} affiche l'erreur {} d'une formule",
                        at.column_name(),
                        french::quote(raw)
                    ))
                    .hint("écrivez la valeur elle-même à la place de la formule"),
            );
            Read::Refused
        }
        CellKind::Date if at.field.kind == Kind::Date => Read::Same,
        CellKind::Date | CellKind::Time | CellKind::DateTime => {
            sink.emit(date_diagnostic(schema, at, raw, kind));
            Read::Refused
        }
        CellKind::Boolean => boolean(at, raw, sink),
    }
}

fn date_diagnostic(schema: &Schema, at: &At<'_>, raw: &str, kind: &CellKind) -> Diagnostic {
    let shown = french::spreadsheet_datetime(raw);
    let what = match kind {
        CellKind::Time => format!("une heure ({shown})"),
        CellKind::DateTime => format!("une date et une heure ({shown})"),
        _ => format!("une date ({shown})"),
    };
    let missing = schema.missing_values.iter().find(|m| !m.is_empty());
    let expected = match &at.field.kind {
        Kind::String { .. } => "du texte".to_owned(),
        Kind::Integer { .. } => "un nombre entier".to_owned(),
        Kind::Number { .. } => "un nombre".to_owned(),
        Kind::Boolean { true_values, false_values } => {
            format!("« {} » ou « {} »", true_values[0], false_values[0])
        }
        Kind::Year => "une année".to_owned(),
        Kind::Date => "une date sans heure".to_owned(),
    };
    let hint = match &at.field.kind {
        Kind::Date => "retirez l'heure : écrivez la date seule, au format AAAA-MM-JJ".to_owned(),
        _ => {
            let or_missing = missing.map(|m| format!(" (ou « {m} »)")).unwrap_or_default();
            format!(
                "le tableur a pris ce qui a été tapé pour une date : mettez la cellule au format Texte (clic droit › Formater les cellules › Texte) puis retapez la valeur{or_missing}, ou tapez-la précédée d'une apostrophe (')"
            )
        }
    };
    at.diagnostic(Code::CelluleDate, raw)
        .message(format!(
            "la cellule de {} contient {what}, alors que la colonne attend {expected}",
            at.column_name()
        ))
        .hint(hint)
}

/// A logical value: the column's own word when the column's values are true/false
/// themselves (`trueValues` has « true » in any case), refused otherwise.
fn boolean(at: &At<'_>, raw: &str, sink: &mut dyn Sink) -> Read {
    let value = raw == "TRUE";
    let shown = if value { "VRAI (TRUE)" } else { "FAUX (FALSE)" };
    let hint = match &at.field.kind {
        Kind::Boolean { true_values, false_values } => {
            let (word, values) = if value { ("true", true_values) } else { ("false", false_values) };
            if let Some(own) = values.iter().find(|v| v.eq_ignore_ascii_case(word)) {
                return Read::Text(Some(own.clone()));
            }
            format!(
                "écrivez « {} » en texte (choisissez-le dans la liste déroulante du classeur donné par « comparatif export »)",
                values[0]
            )
        }
        _ => "tapez le texte voulu dans une cellule au format Texte : le tableur change « vrai » ou « faux » en valeur logique".to_owned(),
    };
    sink.emit(
        at.diagnostic(Code::CelluleLogique, raw)
            .message(format!(
                "la cellule de {} contient la valeur logique {shown} du tableur, pas un texte",
                at.column_name()
            ))
            .hint(hint),
    );
    Read::Refused
}
