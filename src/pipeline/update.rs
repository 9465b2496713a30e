//! Recording an update: the descriptor's text, a date and a note → the same text with
//! `publication.updated` set to the date and `{date, note}` first in `publication.history`.
//!
//! The edit keeps the hand-written file as it is: only the value of `updated` is replaced and
//! one entry inserted (the spans found by `jsonc-parser`), in the layout of the lines around it
//! (their indentation, their line ends). The same text, date and note give the same bytes on
//! every host; the date comes from the host (the command line's clock, the page's date field).
//! The result is parsed again before it is given back: it is never a descriptor that
//! [`schema::parse`] refuses.

use jsonc_parser::ast::{Object, ObjectProp, Value};
use jsonc_parser::common::Range;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use crate::french;
use crate::model::Date;
use crate::schema::{self, SchemaError};

/// Why [`record_update`] could not record the update. Messages are French.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// The descriptor, as it is, is refused: nothing can be recorded in it.
    #[error("{0}")]
    Descriptor(SchemaError),
    /// The date is earlier than the last update already recorded.
    #[error(
        "la date de mise à jour ({}) est antérieure à la dernière mise à jour du descripteur ({}) : indiquez le {} ou une date plus récente",
        french_date(*date),
        french_date(*updated),
        french_date(*updated)
    )]
    Earlier {
        /// The date asked for.
        date: Date,
        /// The descriptor's `publication.updated`.
        updated: Date,
    },
    /// The descriptor with the update would be refused (a note past its limit, the history
    /// full): it is not written.
    #[error("{0}")]
    Refused(SchemaError),
}

fn french_date(date: Date) -> String {
    french::date(date.year, date.month, date.day)
}

/// The descriptor `text` with `publication.updated` set to `date` and, when `note` has text
/// (trimmed; `None`, empty or blank: the date alone, no history entry), `{"date", "note"}`
/// first in `publication.history` (created after `updated` when absent). A `date` earlier than
/// the current `updated` is refused ([`UpdateError::Earlier`]); the same day is allowed (two
/// notes a day). Everything else in the text is kept byte for byte.
pub fn record_update(text: &str, date: Date, note: Option<&str>) -> Result<String, UpdateError> {
    let current = schema::parse(text).map_err(UpdateError::Descriptor)?;
    let updated = current.publication.updated;
    if date < updated {
        return Err(UpdateError::Earlier { date, updated });
    }
    let note = note.map(str::trim).filter(|note| !note.is_empty());
    let edits = edits(text, date, note).ok_or_else(|| {
        // schema::parse accepted the text, so the strict parser finds the same object.
        UpdateError::Descriptor(SchemaError::Json(
            "le descripteur n'a pas pu être relu pour y écrire la mise à jour".to_owned(),
        ))
    })?;
    let mut edited = text.to_owned();
    // From the end of the text, so that each range is still where it was found.
    for (range, replacement) in edits.into_iter().rev() {
        edited.replace_range(range.start..range.end, &replacement);
    }
    schema::parse(&edited).map_err(UpdateError::Refused)?;
    Ok(edited)
}

/// The replacements that record the update, in text order: `updated`'s value, and the
/// history's new entry. `None` when the text is not the object [`schema::parse`] accepted.
fn edits(text: &str, date: Date, note: Option<&str>) -> Option<Vec<(Range, String)>> {
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let ast = parse_to_ast(text, &CollectOptions::default(), &strict).ok()?;
    let Some(Value::Object(root)) = ast.value else { return None };
    let Value::Object(publication) = &last(&root, "publication")?.value else { return None };
    let updated = last(publication, "updated")?;
    let date_text = serde_json::Value::from(date.to_string()).to_string();
    let mut edits = vec![(updated.value_range(), date_text.clone())];
    let Some(note) = note else { return Some(edits) };
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let entry = format!(
        "{{ \"date\": {date_text}, \"note\": {} }}",
        serde_json::Value::from(note.to_owned())
    );
    match last(publication, "history").map(|prop| &prop.value) {
        Some(Value::Array(history)) => match history.elements.first() {
            // Before the first entry, separated from it as it is from the bracket.
            Some(first) => {
                let start = first_range(first).start;
                let gap = &text[history.range.start + 1..start];
                let gap = if gap.is_empty() { " " } else { gap };
                edits.push((Range::new(start, start), format!("{entry},{gap}")));
            }
            None => {
                let indent = indentation(text, history.range.start);
                let inner = format!("{indent}{}", unit(indent));
                edits.push((history.range, format!("[{newline}{inner}{entry}{newline}{indent}]")));
            }
        },
        // schema::parse refuses a history that is not a list.
        Some(_) => return None,
        // A new history, right after `updated`, indented as it is.
        None => {
            let end = updated.value_range().end;
            let indent = indentation(text, updated.range.start);
            let inner = format!("{indent}{}", unit(indent));
            edits.push((
                Range::new(end, end),
                format!(
                    ",{newline}{indent}\"history\": [{newline}{inner}{entry}{newline}{indent}]"
                ),
            ));
        }
    }
    edits.sort_by_key(|(range, _)| range.start);
    Some(edits)
}

/// The last property called `name` (the one serde_json keeps when a key is repeated).
fn last<'a, 'b>(object: &'b Object<'a>, name: &str) -> Option<&'b ObjectProp<'a>> {
    object.properties.iter().rev().find(|prop| prop.name.as_str() == name)
}

trait ValueRange {
    fn value_range(&self) -> Range;
}

impl ValueRange for ObjectProp<'_> {
    fn value_range(&self) -> Range {
        first_range(&self.value)
    }
}

fn first_range(value: &Value) -> Range {
    match value {
        Value::StringLit(v) => v.range,
        Value::NumberLit(v) => v.range,
        Value::BooleanLit(v) => v.range,
        Value::Object(v) => v.range,
        Value::Array(v) => v.range,
        Value::NullKeyword(v) => v.range,
    }
}

/// The spaces and tabs that start the line holding byte `pos`.
fn indentation(text: &str, pos: usize) -> &str {
    let line_start = text[..pos].rfind('\n').map_or(0, |idx| idx + 1);
    let line = &text[line_start..pos];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// One more level of indentation, in the file's own kind: a tab, or two spaces.
fn unit(indent: &str) -> &'static str {
    if indent.starts_with('\t') { "\t" } else { "  " }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPOSITORY: &str = include_str!("../../datapackage.json");

    fn day(text: &str) -> Date {
        crate::model::parse_iso_date(text).unwrap()
    }

    #[test]
    fn issue_25_record_update_edits_only_the_date_and_the_history() {
        let once = record_update(REPOSITORY, day("2026-12-07"), Some(" Ajout de Tixeo. ")).unwrap();
        let expected = REPOSITORY.replace(
            "    \"updated\": \"2020-04-09\",\n",
            "    \"updated\": \"2026-12-07\",\n    \"history\": [\n      { \"date\": \"2026-12-07\", \"note\": \"Ajout de Tixeo.\" }\n    ],\n",
        );
        assert_eq!(once, expected);
        // A second note goes first, laid out as the first one.
        let twice = record_update(&once, day("2026-12-08"), Some("Tarifs « à jour »\n")).unwrap();
        let expected = expected
            .replace("\"updated\": \"2026-12-07\"", "\"updated\": \"2026-12-08\"")
            .replace(
                "    \"history\": [\n",
                "    \"history\": [\n      { \"date\": \"2026-12-08\", \"note\": \"Tarifs « à jour »\" },\n",
            );
        assert_eq!(twice, expected);
        let parsed = schema::parse(&twice).unwrap().publication;
        assert_eq!(parsed.updated, day("2026-12-08"));
        let dates: Vec<String> = parsed.history.iter().map(|u| u.date.to_string()).collect();
        assert_eq!(dates, ["2026-12-08", "2026-12-07"]);
        // Without a note: the date alone.
        let bare = record_update(REPOSITORY, day("2026-12-07"), Some("  ")).unwrap();
        assert_eq!(bare, REPOSITORY.replace("\"2020-04-09\"", "\"2026-12-07\""));
        assert_eq!(record_update(REPOSITORY, day("2026-12-07"), None).unwrap(), bare);
    }

    #[test]
    fn issue_25_record_update_keeps_other_layouts() {
        let base = r#"{"resources": [{"path": "t.csv", "schema": {"fields": [{"name": "a"}]}}], "publication": {"title": "T", "caption": "C", "source": "S", "updated": "2020-04-09", "downloadText": "D", "thumbnailAlt": "A", "lang": "fr-FR"}}"#;
        let one = record_update(base, day("2021-01-02"), Some("a \"b\"")).unwrap();
        assert!(
            one.contains("\"updated\": \"2021-01-02\",\n\"history\": [\n  { \"date\": \"2021-01-02\", \"note\": \"a \\\"b\\\"\" }\n]"),
            "{one}"
        );
        let inline = base.replace(
            r#""lang": "fr-FR""#,
            r#""lang": "fr-FR", "history": [{"date": "2020-04-09", "note": "x"}]"#,
        );
        let two = record_update(&inline, day("2021-01-02"), Some("y")).unwrap();
        assert!(
            two.contains(r#""history": [{ "date": "2021-01-02", "note": "y" }, {"date": "2020-04-09", "note": "x"}]"#),
            "{two}"
        );
        let empty = base.replace(r#""lang": "fr-FR""#, "\"lang\": \"fr-FR\",\r\n\t\"history\": []");
        let three = record_update(&empty, day("2021-01-02"), Some("z")).unwrap();
        assert!(
            three.contains(
                "\"history\": [\r\n\t\t{ \"date\": \"2021-01-02\", \"note\": \"z\" }\r\n\t]"
            ),
            "{three}"
        );
    }

    #[test]
    fn issue_25_record_update_refuses_what_it_cannot_record() {
        let err = record_update(REPOSITORY, day("2020-04-08"), Some("x")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "la date de mise à jour (8 avril 2020) est antérieure à la dernière mise à jour du descripteur (9 avril 2020) : indiquez le 9 avril 2020 ou une date plus récente"
        );
        // The same day is allowed.
        assert!(record_update(REPOSITORY, day("2020-04-09"), Some("x")).is_ok());
        let long = "é".repeat(crate::limits::MAX_HISTORY_NOTE_CHARS + 1);
        let err = record_update(REPOSITORY, day("2026-12-07"), Some(&long)).unwrap_err();
        assert!(matches!(err, UpdateError::Refused(_)), "{err}");
        assert!(
            err.to_string().starts_with("publication.history[0].note : le texte fait 1\u{202f}001"),
            "{err}"
        );
        let err = record_update("{", day("2026-12-07"), None).unwrap_err();
        assert!(matches!(err, UpdateError::Descriptor(_)), "{err}");
    }
}
