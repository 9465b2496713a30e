//! The JSON Lines renderer: a [`Diagnostic`], an out-of-date output or the summary → one
//! `{"format_version", "type", "data"}` line, every field documented at the top of
//! [`diag`](super), with no invisible character left raw ([`json_safe`]).

use std::fmt::Write as _;

use serde::Serialize;

use super::{Counts, Diagnostic, Severity, Stale, StaleState};
use crate::french;

/// Version of the JSON Lines format written by [`Writer`](super::Writer) with
/// [`Format::Json`](super::Format::Json).
pub const FORMAT_VERSION: u32 = 1;

/// A diagnostic's line, `file` already [`french::escape`]d.
pub(super) fn diagnostic_line(file: &str, d: Diagnostic) -> String {
    json_line("diagnostic", &JsonDiagnostic::new(file, &d.escaped()))
}

/// An output file that `build --check` found out of date, with its French `message` and
/// `hint`.
pub(super) fn stale_line(s: &Stale, message: &str, hint: &str) -> String {
    json_line("stale", &JsonStale { file: &s.file, state: s.state, message, hint })
}

/// The summary line; `stale` is set by `build --check` only.
pub(super) fn summary_line(file: &str, counts: Counts, rows: u64, stale: Option<u64>) -> String {
    json_line(
        "summary",
        &JsonSummary {
            file,
            valid: counts.errors == 0,
            errors: counts.errors,
            warnings: counts.warnings,
            rows,
            stale,
        },
    )
}

#[derive(Serialize)]
struct JsonLine<'a, T: Serialize> {
    format_version: u32,
    #[serde(rename = "type")]
    kind: &'a str,
    data: &'a T,
}

fn json_line<T: Serialize>(kind: &str, data: &T) -> String {
    let line = JsonLine { format_version: FORMAT_VERSION, kind, data };
    // Serialising plain structs of strings and numbers into a String cannot fail.
    let mut text = json_safe(&serde_json::to_string(&line).expect("diagnostics serialise to JSON"))
        .into_owned();
    text.push('\n');
    text
}

/// JSON text with every invisible character ([`french::is_invisible`]) still raw in it written as a
/// `\uXXXX` escape: the same data for a JSON reader, but no DEL, C1 control (U+009B starts a
/// terminal sequence as ESC [ does) or direction control reaches a terminal or a CI log.
/// serde_json escapes only U+0000 to U+001F. Such characters can only be inside strings, where
/// the escape is valid.
pub fn json_safe(json: &str) -> std::borrow::Cow<'_, str> {
    if !json.chars().any(french::is_invisible) {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for ch in json.chars() {
        if french::is_invisible(ch) {
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(ch);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The `data` object of a diagnostic's JSON line (every field documented at the top of
/// [`diag`](super)), for callers that put diagnostics in a JSON document of their own.
pub fn json_data(file: &str, d: &Diagnostic) -> serde_json::Value {
    let d = d.clone().escaped();
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_value(JsonDiagnostic::new(&french::escape(file), &d))
        .expect("diagnostics serialise to JSON")
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'static str,
    file: &'a str,
    line: Option<u64>,
    column: Option<u32>,
    column_letter: Option<String>,
    sheet: Option<&'a str>,
    cell: Option<String>,
    field: Option<&'a str>,
    title: Option<&'a str>,
    value: Option<&'a str>,
    message: &'a str,
    hint: Option<&'a str>,
}

impl<'a> JsonDiagnostic<'a> {
    fn new(file: &'a str, d: &'a Diagnostic) -> Self {
        JsonDiagnostic {
            severity: d.severity,
            code: d.code.as_str(),
            file,
            line: d.line,
            column: d.column,
            column_letter: d.column_letter(),
            sheet: d.sheet.as_deref(),
            cell: d.cell(),
            field: d.field.as_deref(),
            title: d.title.as_deref(),
            value: d.value.as_deref(),
            message: &d.message,
            hint: d.hint.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    file: &'a str,
    valid: bool,
    errors: u64,
    warnings: u64,
    rows: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    stale: Option<u64>,
}

#[derive(Serialize)]
struct JsonStale<'a> {
    file: &'a str,
    state: StaleState,
    message: &'a str,
    hint: &'a str,
}

#[cfg(test)]
mod tests {
    use crate::diag::{Code, Counts, Diagnostic, Format, Sink, Writer};

    #[test]
    fn json_lines_have_version_type_and_every_field() {
        let mut out = Vec::new();
        let mut wtr = Writer::new(&mut out, Format::Json, "table.csv");
        wtr.emit(
            Diagnostic::error(Code::TypeInvalide)
                .line(3)
                .column(28)
                .field("n", "N")
                .value("x")
                .message("m"),
        );
        let counts = wtr.finish(5).unwrap();
        assert_eq!(counts, Counts { errors: 1, warnings: 0 });
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<serde_json::Value> =
            text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["format_version"], 1);
        assert_eq!(lines[0]["type"], "diagnostic");
        assert_eq!(lines[0]["data"]["column_letter"], "AB");
        assert_eq!(lines[0]["data"]["severity"], "erreur");
        assert_eq!(lines[0]["data"]["hint"], serde_json::Value::Null);
        assert_eq!(lines[1]["type"], "summary");
        assert_eq!(lines[1]["data"]["valid"], false);
        assert_eq!(lines[1]["data"]["rows"], 5);
    }
}
