//! One cell against its field: the cell's text → a [`Cell`] (trimmed, with a warning when it
//! had spaces around it) or the diagnostic that refuses it.
//!
//! The rules run in the order frictionless reports them, the first refusal ending them: length,
//! forbidden characters, missing values, emptiness, formulas, the type ([`super::typed`]), the
//! constraints, then links in http(s).

use super::blanks::blank_text;
use super::hints::{REQUIRED_HINT, missing_hint};
use super::typed::{constraint_errors, type_error};
use crate::diag::{Code, Diagnostic, Sink};
use crate::french;
use crate::limits::{MAX_CELL_CHARS, MAX_SHOWN_CHARS};
use crate::model::{Cell, Kind, Value};
use crate::schema::{Field, Schema};

/// Where a cell is, for messages.
pub(super) struct At<'a> {
    pub(super) line: u64,
    /// Column from 1.
    pub(super) column: u32,
    pub(super) field: &'a Field,
    /// Whether the column needs a value (`required`, or part of the primary key): its hints
    /// never offer a missing value such as « Non communiqué ».
    pub(super) required: bool,
}

impl At<'_> {
    pub(super) fn diagnostic(&self, code: Code, raw: &str) -> Diagnostic {
        Diagnostic::error(code)
            .line(self.line)
            .column(self.column)
            .field(&self.field.name, &self.field.title)
            .value(raw)
    }

    /// « Participants (maximum) » (E)
    pub(super) fn column_name(&self) -> String {
        format!("« {} » ({})", self.field.title, french::column_letter(self.column))
    }
}

/// Checks one cell. Returns the cell when it is valid (possibly normalised, with a warning).
/// The checks run in the order frictionless would report them, the first refusal ending them.
pub(super) fn check_cell(
    schema: &Schema,
    at: &At<'_>,
    raw: &str,
    sink: &mut dyn Sink,
) -> Option<Cell> {
    if let Some(d) = too_long(at, raw).or_else(|| forbidden(at, raw)) {
        sink.emit(d);
        return None;
    }
    if schema.missing_values.iter().any(|m| m == raw) {
        if at.required {
            sink.emit(missing_in_required(at, raw));
            return None;
        }
        return Some(Cell::Missing(raw.to_owned()));
    }
    if let Some(d) = empty(schema, at, raw).or_else(|| formula(at, raw)) {
        sink.emit(d);
        return None;
    }
    let Some(value) = at.field.kind.read(raw) else {
        sink.emit(type_error(schema, at, raw));
        return None;
    };
    let mut ok = true;
    for d in constraint_errors(schema, at, raw, &value) {
        ok = false;
        sink.emit(d);
    }
    if !ok {
        return None;
    }
    if let Some(d) = not_http(at, raw, &value) {
        sink.emit(d);
        return None;
    }
    Some(Cell::Value(trimmed(at, raw, value, sink)))
}

/// A cell longer than [`MAX_CELL_CHARS`].
fn too_long(at: &At<'_>, raw: &str) -> Option<Diagnostic> {
    if raw.len() <= MAX_CELL_CHARS || raw.chars().count() <= MAX_CELL_CHARS {
        return None;
    }
    let shown: String = raw.chars().take(MAX_SHOWN_CHARS).collect();
    Some(
        Diagnostic::error(Code::LimiteDepassee)
            .line(at.line)
            .column(at.column)
            .field(&at.field.name, &at.field.title)
            .value(&shown)
            .message(format!(
                "la cellule de {} fait {} caractères, plus que le maximum de {}",
                at.column_name(),
                french::number(raw.chars().count() as u64),
                french::number(MAX_CELL_CHARS as u64)
            ))
            .hint("raccourcissez le texte : une cellule de tableau tient en quelques phrases"),
    )
}

/// A line break, a control or an invisible direction character in the cell.
fn forbidden(at: &At<'_>, raw: &str) -> Option<Diagnostic> {
    let bad = first_forbidden(raw)?;
    let d = at.diagnostic(Code::CaractereInterdit, raw);
    Some(if bad == '\n' || bad == '\r' {
        d.message(format!(
            "la cellule {} est sur plusieurs lignes (retour à la ligne dans {})",
            french::quote(raw),
            at.column_name()
        ))
        .hint("écrivez la cellule sur une seule ligne : le tableau passe à la ligne tout seul")
    } else {
        d.message(format!(
            "la cellule {} de {} contient le caractère invisible {}",
            french::quote(raw),
            at.column_name(),
            french::code_point(bad)
        ))
        .hint("retapez la cellule ; ces caractères viennent souvent d'un copier-coller")
    })
}

/// One of the schema's missing values in a column that requires a value.
fn missing_in_required(at: &At<'_>, raw: &str) -> Diagnostic {
    let d = if raw.is_empty() {
        at.diagnostic(Code::CelluleVide, raw)
            .message(format!("la cellule de {} est vide", at.column_name()))
    } else {
        at.diagnostic(Code::ValeurObligatoire, raw).message(format!(
            "{} n'est pas accepté dans {}, qui est obligatoire",
            french::quote(raw),
            at.column_name()
        ))
    };
    d.hint(REQUIRED_HINT)
}

/// An empty (or only spaces) cell where the column wants a value; an empty text is fine in an
/// optional text column without a minimum length.
fn empty(schema: &Schema, at: &At<'_>, raw: &str) -> Option<Diagnostic> {
    let is_text = matches!(at.field.kind, Kind::String { .. });
    let fine_empty_text =
        is_text && raw.is_empty() && at.field.constraints.min_length.unwrap_or(0) == 0;
    if !blank_text(raw) || (fine_empty_text && !at.required) {
        return None;
    }
    let what = if raw.is_empty() {
        "est vide"
    } else if raw.trim().is_empty() {
        "ne contient que des espaces"
    } else {
        "ne contient que des caractères invisibles"
    };
    let hint = if at.required {
        REQUIRED_HINT.to_owned()
    } else {
        format!("écrivez la valeur{}", missing_hint(schema, false))
    };
    Some(
        at.diagnostic(Code::CelluleVide, raw)
            .message(format!("la cellule de {} {what}", at.column_name()))
            .hint(hint),
    )
}

/// A text cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-` or `@`).
fn formula(at: &At<'_>, raw: &str) -> Option<Diagnostic> {
    if !matches!(at.field.kind, Kind::String { .. }) {
        return None;
    }
    let first = raw.trim().chars().next().filter(|c| matches!(c, '=' | '+' | '-' | '@'))?;
    Some(
        at.diagnostic(Code::InjectionFormule, raw)
            .message(format!(
                "{} commence par « {first} » : un tableur l'exécuterait comme une formule",
                french::quote(raw)
            ))
            .hint(format!("retirez le « {first} » du début ou reformulez (par exemple « moins de 5 » plutôt que « -5 »)")),
    )
}

/// A link (`uri` text) that is not an http(s) address.
fn not_http(at: &At<'_>, raw: &str, value: &Value) -> Option<Diagnostic> {
    let (Kind::String { uri: true }, Value::Text(text)) = (&at.field.kind, value) else {
        return None;
    };
    if text.starts_with("https://") || text.starts_with("http://") {
        return None;
    }
    Some(
        at.diagnostic(Code::AdresseInvalide, raw)
            .message(format!(
                "{} n'est pas une adresse web en http(s) dans {}",
                french::quote(raw),
                at.column_name()
            ))
            .hint("écrivez l'adresse complète du site, commençant par « https:// »"),
    )
}

/// The value without the spaces around the cell, with a warning when there were some.
fn trimmed(at: &At<'_>, raw: &str, value: Value, sink: &mut dyn Sink) -> Value {
    let trimmed = raw.trim();
    if trimmed.len() == raw.len() {
        return value;
    }
    sink.emit(
        Diagnostic::warning(Code::Espaces)
            .line(at.line)
            .column(at.column)
            .field(&at.field.name, &at.field.title)
            .value(raw)
            .message(format!(
                "espaces retirés autour de {} dans {}",
                french::quote(trimmed),
                at.column_name()
            ))
            .hint("supprimez les espaces au début et à la fin de la cellule"),
    );
    match value {
        Value::Text(_) => Value::Text(trimmed.to_owned()),
        other => other,
    }
}

/// The first character of `raw` that [`french::is_forbidden`] refuses. Scans bytes: French text is full
/// of NBSP (C2 A0) and ’ (E2 80 99), which share lead bytes with forbidden characters, so only
/// the exact UTF-8 sequences are decoded.
fn first_forbidden(raw: &str) -> Option<char> {
    let bytes = raw.as_bytes();
    let at = |idx: usize| bytes.get(idx).copied().unwrap_or(0);
    for (idx, &b) in bytes.iter().enumerate() {
        let hit = match b {
            0x00..=0x1F | 0x7F => true,
            // C1 controls U+0080–U+009F.
            0xC2 => (0x80..=0x9F).contains(&at(idx + 1)),
            // U+061C ARABIC LETTER MARK.
            0xD8 => at(idx + 1) == 0x9C,
            // U+200E/F, U+202A–E, U+2066–9.
            0xE2 => matches!(
                (at(idx + 1), at(idx + 2)),
                (0x80, 0x8E | 0x8F | 0xAA..=0xAE) | (0x81, 0xA6..=0xA9)
            ),
            // U+FEFF, U+FFFE, U+FFFF.
            0xEF => matches!((at(idx + 1), at(idx + 2)), (0xBB, 0xBF) | (0xBF, 0xBE | 0xBF)),
            _ => false,
        };
        if hit {
            return raw[idx..].chars().next().filter(|&c| french::is_forbidden(c));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_finds_exactly_the_forbidden_characters() {
        // Every character up to U+FFFF, and a few beyond: the fast scan agrees with is_forbidden.
        for code in (0..=0xFFFF_u32).chain([0x1F600, 0x10FFFF]) {
            let Some(ch) = char::from_u32(code) else { continue };
            let text = format!("a{ch}b");
            let expected = french::is_forbidden(ch).then_some(ch);
            assert_eq!(first_forbidden(&text), expected, "U+{code:04X}");
        }
        assert_eq!(first_forbidden("l’État\u{a0}: « fine »\u{202f};"), None);
    }
}
