//! Type and constraint errors: a cell's text that does not read as its field's type, or a typed
//! value that breaks the field's constraints → the diagnostics, with hints that say what to
//! write (a date in AAAA-MM-JJ, the allowed value it means, the number without spaces…).

use super::cell::At;
use super::hints::{missing_hint, not_allowed, suggest, suggestion_hint};
use crate::diag::{Code, Diagnostic};
use crate::french;
use crate::model::{Kind, Value, impossible_iso_date};
use crate::schema::Schema;

pub(super) fn type_error(schema: &Schema, at: &At<'_>, raw: &str) -> Diagnostic {
    let missing = missing_hint(schema, at.required);
    let trimmed = raw.trim();
    match &at.field.kind {
        Kind::String { .. } => {
            // Only `uri` strings can fail to read.
            let suggestion =
                if trimmed.contains('.') && !trimmed.contains(' ') && !trimmed.contains(':') {
                    format!(" : « https://{trimmed} » ?")
                } else {
                    String::new()
                };
            at.diagnostic(Code::AdresseInvalide, raw)
                .message(format!(
                    "{} n'est pas une adresse web complète dans {}",
                    french::quote(raw),
                    at.column_name()
                ))
                .hint(format!(
                    "écrivez l'adresse complète, commençant par « https:// »{suggestion}"
                ))
        }
        Kind::Integer { .. } => {
            let hint = if trimmed.chars().all(|c| c.is_ascii_digit() || c.is_whitespace()) {
                format!(
                    "écrivez « {} », sans espace entre les chiffres",
                    trimmed.split_whitespace().collect::<String>()
                )
            } else if trimmed.contains([',', '.']) {
                "écrivez un nombre entier, sans virgule ni point".to_owned()
            } else {
                format!(
                    "écrivez un nombre entier en chiffres, sans unité, par exemple « 100 »{missing}"
                )
            };
            at.diagnostic(Code::TypeInvalide, raw)
                .message(format!(
                    "{} n'est pas un nombre entier dans {}",
                    french::quote(raw),
                    at.column_name()
                ))
                .hint(hint)
        }
        Kind::Number { decimal_char, bare_number, .. } => {
            let point = if *decimal_char == ',' { "la virgule" } else { "le point" };
            let hint = match number_suggestion(&at.field.kind, trimmed) {
                Some((fixed, Fix::Separator)) => format!(
                    "écrivez « {fixed} » : dans cette colonne, le séparateur décimal est {point}"
                ),
                Some((fixed, Fix::Spaces)) => {
                    format!("écrivez « {fixed} », sans espace entre les chiffres")
                }
                Some((fixed, Fix::Unit)) => {
                    format!("écrivez « {fixed} », sans unité")
                }
                None if !bare_number => format!(
                    "écrivez un nombre en chiffres, par exemple « 12{decimal_char}5 »{missing}"
                ),
                None => format!(
                    "écrivez un nombre en chiffres, sans unité, par exemple « 12{decimal_char}5 »{missing}"
                ),
            };
            at.diagnostic(Code::TypeInvalide, raw)
                .message(format!(
                    "{} n'est pas un nombre dans {}",
                    french::quote(raw),
                    at.column_name()
                ))
                .hint(hint)
        }
        Kind::Boolean { true_values, false_values } => {
            let allowed: Vec<&String> = true_values.iter().chain(false_values).collect();
            let hint = match suggest(raw, allowed.iter().map(|s| s.as_str())) {
                Some(s) => suggestion_hint(s, raw),
                None => {
                    format!("écrivez « {} » ou « {} »{missing}", true_values[0], false_values[0])
                }
            };
            at.diagnostic(Code::TypeInvalide, raw).message(not_allowed(at, raw)).hint(hint)
        }
        Kind::Date => {
            // A day that does not exist, written as it should be or the French way.
            let impossible = impossible_iso_date(trimmed).or_else(|| {
                let (year, month, day) = french::read_date(trimmed)?;
                let month_days = crate::model::Date::month_days(year, month);
                (crate::model::Date::new(year, month, day).is_none() && (1..=9999).contains(&year))
                    .then(|| french::no_such_date(year, month, day, month_days))
            });
            if let Some(why) = impossible {
                return at
                    .diagnostic(Code::TypeInvalide, raw)
                    .message(format!("{} dans {} : {why}", french::quote(raw), at.column_name()))
                    .hint("vérifiez le jour et le mois, et écrivez la date au format AAAA-MM-JJ");
            }
            let hint = match iso_from_french_date(trimmed) {
                Some(iso) => format!("écrivez « {iso} » (format AAAA-MM-JJ)"),
                None => {
                    "écrivez la date au format AAAA-MM-JJ, par exemple « 2020-04-09 »".to_owned()
                }
            };
            at.diagnostic(Code::TypeInvalide, raw)
                .message(format!(
                    "{} n'est pas une date valide au format AAAA-MM-JJ dans {}",
                    french::quote(raw),
                    at.column_name()
                ))
                .hint(hint)
        }
        Kind::Year => at
            .diagnostic(Code::TypeInvalide, raw)
            .message(format!(
                "{} n'est pas une année sur quatre chiffres dans {}",
                french::quote(raw),
                at.column_name()
            ))
            .hint("écrivez l'année en quatre chiffres, par exemple « 2020 »"),
    }
}

/// Every constraint the typed value breaks (frictionless reports each one).
pub(super) fn constraint_errors(
    schema: &Schema,
    at: &At<'_>,
    raw: &str,
    value: &Value,
) -> Vec<Diagnostic> {
    let c = &at.field.constraints;
    let mut out = Vec::new();
    let trimmed = raw.trim();
    let spaces = trimmed.len() != raw.len();
    let space_hint = |hint: String| {
        if spaces { format!("retirez les espaces autour de la valeur ; {hint}") } else { hint }
    };
    if let Some(allowed) = &c.enumeration
        && !allowed.iter().any(|(v, _)| v == value)
    {
        let written = allowed.iter().map(|(_, w)| w.as_str());
        let hint = match suggest(raw, written.clone()) {
            Some(s) => suggestion_hint(s, raw),
            None => {
                let list: Vec<String> = written.map(|w| format!("« {w} »")).collect();
                format!("choisissez parmi {}{}", list.join(", "), missing_hint(schema, at.required))
            }
        };
        out.push(
            at.diagnostic(Code::ValeurInterdite, raw).message(not_allowed(at, raw)).hint(hint),
        );
    }
    if let (Some((pattern, regex)), Value::Text(text)) = (&c.pattern, value)
        && !regex.is_match(text)
    {
        let (code, message, hint) = if matches!(at.field.kind, Kind::String { uri: true }) {
            (
                Code::AdresseInvalide,
                format!(
                    "{} n'est pas une adresse web en http(s) dans {}",
                    french::quote(raw),
                    at.column_name()
                ),
                "écrivez l'adresse complète du site, commençant par « https:// »".to_owned(),
            )
        } else {
            let about =
                at.field.description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
            (
                Code::FormatInvalide,
                format!("{} ne respecte pas le format de {}", french::quote(raw), at.column_name()),
                format!("la valeur doit correspondre à l'expression « {pattern} »{about}"),
            )
        };
        out.push(at.diagnostic(code, raw).message(message).hint(space_hint(hint)));
    }
    if let Some(min) = &c.minimum
        && value < min
    {
        out.push(
            at.diagnostic(Code::TropPetit, raw)
                .message(format!(
                    "{} est inférieur au minimum ({}) de {}",
                    french::quote(raw),
                    value_text(&at.field.kind, min),
                    at.column_name()
                ))
                .hint(format!("écrivez une valeur d'au moins {}", value_text(&at.field.kind, min))),
        );
    }
    if let Some(max) = &c.maximum
        && value > max
    {
        out.push(
            at.diagnostic(Code::TropGrand, raw)
                .message(format!(
                    "{} est supérieur au maximum ({}) de {}",
                    french::quote(raw),
                    value_text(&at.field.kind, max),
                    at.column_name()
                ))
                .hint(format!("écrivez une valeur d'au plus {}", value_text(&at.field.kind, max))),
        );
    }
    if let Value::Text(text) = value {
        let len = text.chars().count();
        if let Some(min) = c.min_length
            && len < min
        {
            out.push(
                at.diagnostic(Code::TropCourt, raw)
                    .message(format!(
                        "{} fait {} ; {} demande au moins {min} caractères",
                        french::quote(raw),
                        french::plural(len as u64, "caractère", "caractères"),
                        at.column_name()
                    ))
                    .hint("complétez le texte"),
            );
        }
        if let Some(max) = c.max_length
            && len > max
        {
            out.push(
                at.diagnostic(Code::TropLong, raw)
                    .message(format!(
                        "le texte fait {len} caractères ; {} en permet au plus {max}",
                        at.column_name()
                    ))
                    .hint(space_hint(format!(
                        "raccourcissez-le d'au moins {}",
                        french::plural((len - max) as u64, "caractère", "caractères")
                    ))),
            );
        }
    }
    out
}

/// `JJ/MM/AAAA` ([`french::read_date`]) → `AAAA-MM-JJ`, when it is a real date.
pub(super) fn iso_from_french_date(text: &str) -> Option<String> {
    let (year, month, day) = french::read_date(text)?;
    crate::model::Date::new(year, month, day).map(|date| date.to_string())
}

/// What [`number_suggestion`] changed.
#[derive(Clone, Copy)]
enum Fix {
    /// The other decimal separator (`,` for `.` or the reverse) became the column's.
    Separator,
    /// Spaces between the digits were removed.
    Spaces,
    /// The text around the number was removed (the column takes bare numbers).
    Unit,
}

/// The number a refused `number` cell most likely means, when one change makes it readable:
/// the spaces between digits removed (the column has no such `groupChar`), or the other
/// decimal separator made the column's (« 12,5 » where the column writes « 12.5 »), or the
/// unit around the number removed (« 12,5 € » in a column of bare numbers).
fn number_suggestion(kind: &Kind, trimmed: &str) -> Option<(String, Fix)> {
    let Kind::Number { decimal_char, bare_number, .. } = kind else { return None };
    if *bare_number {
        let digits = |c: char| c.is_ascii_digit();
        let start = trimmed.trim_start_matches(|c: char| c != '-' && !digits(c));
        let bare = start.trim_end_matches(|c: char| !digits(c));
        if bare.len() != trimmed.len() && !bare.is_empty() && kind.read(bare).is_some() {
            return Some((bare.to_owned(), Fix::Unit));
        }
    }
    let unspaced: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
    let fix = if unspaced.len() != trimmed.len() { Fix::Spaces } else { Fix::Separator };
    let candidates = [
        unspaced.clone(),
        match decimal_char {
            ',' => unspaced.replace('.', ","),
            '.' => unspaced.replace(',', "."),
            _ => return None,
        },
    ];
    candidates.into_iter().enumerate().find_map(|(idx, candidate)| {
        let changed = candidate != trimmed;
        let fix = if idx == 1 && candidate != unspaced { Fix::Separator } else { fix };
        (changed && kind.read(&candidate).is_some()).then_some((candidate, fix))
    })
}

/// A typed value written back for a message, as the column's cells write it (a number with
/// the field's decimal character).
pub(super) fn value_text(kind: &Kind, value: &Value) -> String {
    match value {
        Value::Text(t) => t.clone(),
        Value::Integer(n) => n.to_string(),
        Value::Number(n) => {
            let decimal_char = match kind {
                Kind::Number { decimal_char, .. } => *decimal_char,
                _ => '.',
            };
            format!(
                "{}{}{}",
                n.prefix(),
                n.plain().replace('.', &decimal_char.to_string()),
                n.suffix()
            )
        }
        Value::Boolean(b) => b.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Year(y) => y.to_string(),
    }
}
