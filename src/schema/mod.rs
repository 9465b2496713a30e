//! The descriptor: a Frictionless Data Package (`datapackage.json`) whose one resource is the
//! table, with its Table Schema, CSV dialect and publication metadata.
//!
//! In: the descriptor's JSON text. Out: a [`Descriptor`], or a [`SchemaError`] in French.
//!
//! Only the subset of Table Schema v1 listed in [`SUPPORTED`] is accepted, and each supported
//! property follows the specification (and frictionless-py 5, the reference implementation).
//! A property that would change what is valid and that comparatif does not implement is
//! refused, never ignored: ignoring it would accept tables that other validators reject.
//!
//! This file reads the package and says what is wrong ([`SchemaError`]); beside it: `package`
//! (the one resource and its path), `dialect` (the CSV dialect), `fields` (the schema, its
//! fields and their types), `constraints` (a field's constraints, typed), `publication`
//! (comparatif's own `publication` object and its `urlPrefix`), `json` (reading JSON values
//! with located French errors) and `syntax` (what a JSON syntax error really is, and where).

use serde_json::Value as Json;

use crate::french;
use crate::limits::MAX_DESCRIPTOR_BYTES;
use crate::model::Publication;
pub use constraints::Constraints;
pub use dialect::Dialect;
pub use fields::{Field, Schema};
use json::{check_keys, json_error_fr, object};
pub use package::resource_path_problem;
use package::{Resource, parse_resource};
use publication::parse_publication;
pub use publication::url_prefix_problem;

/// What comparatif understands, shown in the error for an unsupported property.
pub const SUPPORTED: &str = "types string (formats default et uri), integer, number, boolean, date (format default), year ; \
contraintes required, unique, enum, pattern, minimum, maximum, minLength, maxLength ; \
trueValues, falseValues, bareNumber, decimalChar, groupChar, missingValues, primaryKey ; dialecte delimiter, quoteChar, doubleQuote, header";

/// The descriptor could not be used. Messages are French and name the property.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The text is not JSON; the French text says what and where (« erreur de syntaxe à la
    /// ligne 3, colonne 7 », line and column from 1).
    #[error("le descripteur n'est pas un JSON valide : {0}")]
    Json(String),
    /// A property that would change what is valid and that comparatif does not implement.
    #[error(
        "{path} : la propriété « {property} » n'est pas prise en charge par comparatif (prises en charge : {SUPPORTED})"
    )]
    Unsupported {
        /// Where the property is, as a path into the JSON
        /// (`schema.fields[« prix »]`, `resources[0].dialect`), escaped.
        path: String,
        /// The property's name as written, escaped.
        property: String,
    },
    /// A supported property with a value comparatif cannot use.
    #[error("{path} : {message}")]
    Invalid {
        /// Where the value is, as a path into the JSON (`schema.fields[« prix »].type`,
        /// `datapackage.json` for the whole file, e.g. too large), escaped.
        path: String,
        /// What is wrong, in French, escaped.
        message: String,
    },
}

/// A located refusal; the message may quote the descriptor's own texts, so it is
/// [`escape`](french::escape)d: a property name or value holding a line break or an escape
/// sequence never reaches a terminal raw.
pub(super) fn invalid(path: &str, message: impl Into<String>) -> SchemaError {
    let message = message.into();
    let message = french::escape(&message).into_owned();
    SchemaError::Invalid { path: french::escape(path).into_owned(), message }
}

/// A property comparatif does not implement, named as the descriptor writes it ([`invalid`]'s
/// escaping).
pub(super) fn unsupported(path: &str, property: &str) -> SchemaError {
    SchemaError::Unsupported {
        path: french::escape(path).into_owned(),
        property: french::escape(property).into_owned(),
    }
}

/// The whole descriptor, as comparatif uses it.
#[derive(Clone, Debug)]
pub struct Descriptor {
    /// The resource's `path`, relative to the descriptor's folder.
    pub table_path: String,
    /// The resource's `name`, if any: in a workbook of several sheets, the sheet of that name
    /// is the table.
    pub resource_name: Option<String>,
    /// How the CSV is written (delimiter, quotes, header); ignored for a spreadsheet.
    pub dialect: Dialect,
    /// The Table Schema: fields in column order, missing values, primary key.
    pub schema: Schema,
    /// The `publication` object: the texts around the table in every output.
    pub publication: Publication,
}

/// Parses the descriptor's JSON text. Every problem is a French [`SchemaError`] naming the
/// property.
pub fn parse(text: &str) -> Result<Descriptor, SchemaError> {
    if text.len() as u64 > MAX_DESCRIPTOR_BYTES {
        return Err(invalid(
            "datapackage.json",
            format!(
                "le descripteur fait {} octets, plus que le maximum de 1 Mo",
                french::number(text.len() as u64)
            ),
        ));
    }
    let json: Json = serde_json::from_str(text)
        .map_err(|e| SchemaError::Json(syntax::describe(text, &e, json_error_fr(&e))))?;
    let package = object(&json, "datapackage.json")?;
    check_keys(
        package,
        "datapackage.json",
        &[
            "$schema",
            "profile",
            "name",
            "id",
            "title",
            "description",
            "homepage",
            "version",
            "created",
            "keywords",
            "licenses",
            "sources",
            "contributors",
            "image",
            "resources",
            "publication",
        ],
    )?;
    let Resource { table_path, resource_name, dialect, schema } = parse_resource(package)?;
    let publication = match package.get("publication") {
        Some(value) => parse_publication(value)?,
        None => {
            return Err(invalid(
                "datapackage.json",
                "la propriété « publication » est obligatoire",
            ));
        }
    };
    Ok(Descriptor { table_path, resource_name, dialect, schema, publication })
}

mod constraints;
mod dialect;
mod fields;
mod json;
mod package;
mod publication;
mod syntax;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_descriptor_past_the_limit_is_refused() {
        let text = format!("{{\"x\": \"{}\"}}", "a".repeat(MAX_DESCRIPTOR_BYTES as usize));
        assert!(parse(&text).unwrap_err().to_string().contains("plus que le maximum de 1 Mo"));
    }

    pub(super) const PUBLICATION: &str = r#""publication": {"title": "T", "caption": "C", "source": "S", "updated": "2020-04-09",
        "downloadText": "D", "thumbnailAlt": "A", "lang": "fr-FR"}"#;

    pub(super) fn package(resource: &str) -> String {
        format!(r#"{{"resources": [{resource}], {PUBLICATION}}}"#)
    }

    #[test]
    fn the_repository_descriptor_parses() {
        let d = parse(include_str!("../../datapackage.json")).unwrap();
        assert_eq!(d.table_path, "table.csv");
        assert_eq!(d.dialect, Dialect::default());
        assert_eq!(d.schema.fields[d.schema.primary_key[0]].name, "solution");
        assert_eq!(d.publication.updated.to_string(), "2020-04-09");
    }

    #[test]
    fn package_level_errors_are_french_and_located() {
        let ok = r#"{"path": "t.csv", "schema": {"fields": [{"name": "a"}]}}"#;
        let d = parse(&package(ok)).unwrap();
        assert_eq!(d.schema.missing_values, vec![String::new()], "default missingValues");
        for (text, expected) in [
            (
                package(
                    r#"{"path": "t.csv", "schema": {"fields": [{"name": "a"}], "foreignKeys": []}}"#,
                ),
                "« foreignKeys » n'est pas prise en charge",
            ),
            (
                package(
                    r#"{"path": "t.csv", "schema": {"fields": [{"name": "a"}], "primaryKey": "b"}}"#,
                ),
                "le champ « b » n'existe pas",
            ),
            (
                package(
                    r#"{"path": "t.csv", "schema": {"fields": [{"name": "a"}, {"name": "a"}]}}"#,
                ),
                "utilisé deux fois",
            ),
            (
                package(
                    r#"{"path": "t.csv", "dialect": {"delimiter": ";;"}, "schema": {"fields": [{"name": "a"}]}}"#,
                ),
                "un seul caractère",
            ),
            (
                package(
                    r#"{"path": "t.csv", "dialect": {"header": false}, "schema": {"fields": [{"name": "a"}]}}"#,
                ),
                "seule la valeur true",
            ),
            (
                package(
                    r#"{"path": "t.csv", "encoding": "latin-1", "schema": {"fields": [{"name": "a"}]}}"#,
                ),
                "utf-8",
            ),
            (
                package(r#"{"path": "t.csv", "schema": "schema.json"}"#),
                "doit être écrit dans datapackage.json",
            ),
            (package(&format!("{ok}, {ok}")), "exactement une ressource"),
            (
                r#"{"resources": [{"path": "t.csv", "schema": {"fields": [{"name": "a"}]}}]}"#
                    .to_owned(),
                "« publication » est obligatoire",
            ),
            ("{ pas du json".to_owned(), "n'est pas un JSON valide"),
        ] {
            let err = parse(&text).unwrap_err().to_string();
            assert!(err.contains(expected), "{text}\n→ {err}");
        }
    }
}
