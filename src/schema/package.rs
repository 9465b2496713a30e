//! The package's one resource: the `resources` JSON list → the table's path (checked to stay in
//! the descriptor's folder) and name, its dialect and its schema; the resource properties
//! comparatif does not implement refused.

use serde_json::{Map, Value as Json};

use super::dialect::{Dialect, parse_dialect};
use super::fields::{Schema, parse_schema};
use super::json::{check_keys, object, string};
use super::{SchemaError, invalid};

/// What the package's one resource says.
pub(super) struct Resource {
    pub(super) table_path: String,
    pub(super) resource_name: Option<String>,
    pub(super) dialect: Dialect,
    pub(super) schema: Schema,
}

/// The package's one resource: the table's path and name, its dialect and its schema.
pub(super) fn parse_resource(package: &Map<String, Json>) -> Result<Resource, SchemaError> {
    let resources = match package.get("resources") {
        Some(Json::Array(items)) => items,
        _ => {
            return Err(invalid(
                "datapackage.json",
                "la propriété « resources » (une liste) est obligatoire",
            ));
        }
    };
    let [resource] = resources.as_slice() else {
        return Err(invalid(
            "resources",
            "comparatif attend exactement une ressource : le tableau",
        ));
    };
    let resource = object(resource, "resources[0]")?;
    check_resource_keys(resource)?;
    let table_path = match resource.get("path") {
        Some(value) => {
            let path = string(value, "resources[0].path")?;
            if let Some(problem) = resource_path_problem(path) {
                return Err(invalid("resources[0].path", format!("« {path} » {problem}")));
            }
            path.to_owned()
        }
        None => {
            return Err(invalid(
                "resources[0]",
                "la propriété « path » (le fichier CSV) est obligatoire",
            ));
        }
    };
    let dialect = match resource.get("dialect") {
        Some(value) => parse_dialect(value)?,
        None => Dialect::default(),
    };
    let schema = match resource.get("schema") {
        Some(value) => parse_schema(value)?,
        None => {
            return Err(invalid(
                "resources[0]",
                "la propriété « schema » (le Table Schema) est obligatoire",
            ));
        }
    };
    let resource_name = match resource.get("name") {
        Some(value) => Some(string(value, "resources[0].name")?.to_owned()),
        None => None,
    };
    Ok(Resource { table_path, resource_name, dialect, schema })
}

/// Refuses the resource properties comparatif does not implement (another format, encoding or
/// scheme, integrity checks it would not make); accepts those frictionless writes for what
/// comparatif reads (`scheme: file`, `format: csv`, `encoding: utf-8`…).
fn check_resource_keys(resource: &Map<String, Json>) -> Result<(), SchemaError> {
    check_keys(
        resource,
        "resources[0]",
        &[
            "name",
            "title",
            "description",
            "path",
            "profile",
            "format",
            "mediatype",
            "encoding",
            "dialect",
            "schema",
            "licenses",
            "sources",
            "bytes",
            "hash",
            "scheme",
            "type",
        ],
    )?;
    for (key, expected) in [("format", "csv"), ("mediatype", "text/csv")] {
        if let Some(value) = resource.get(key) {
            let text = string(value, &format!("resources[0].{key}"))?;
            if !text.eq_ignore_ascii_case(expected) {
                return Err(invalid(
                    &format!("resources[0].{key}"),
                    format!("seul « {expected} » est pris en charge"),
                ));
            }
        }
    }
    if let Some(value) = resource.get("encoding") {
        let text = string(value, "resources[0].encoding")?;
        if !matches!(text.to_ascii_lowercase().as_str(), "utf-8" | "utf8") {
            return Err(invalid(
                "resources[0].encoding",
                "seul l'encodage « utf-8 » est pris en charge",
            ));
        }
    }
    // frictionless writes `"scheme": "file"` for a local file (`frictionless describe`): the
    // table read from beside the descriptor, as comparatif does. Another scheme (`https`…)
    // would read it from elsewhere.
    if let Some(value) = resource.get("scheme") {
        let text = string(value, "resources[0].scheme")?;
        if text != "file" {
            return Err(invalid(
                "resources[0].scheme",
                "seul « file » (le fichier à côté du descripteur) est pris en charge",
            ));
        }
    }
    for key in ["bytes", "hash"] {
        if resource.contains_key(key) {
            return Err(SchemaError::Unsupported {
                path: "resources[0]".into(),
                property: key.into(),
            });
        }
    }
    Ok(())
}

/// What is wrong with a resource's `path`, in French, or `None` when it names a file inside
/// the descriptor's folder: relative, made of `/`-separated names none of which is `..`, with no
/// scheme (`https:`, `file:`), drive (`C:`), backslash or control character. Commands write the
/// imported table there, so anything else could write outside the folder (frictionless refuses
/// the same paths as « not safe »).
pub fn resource_path_problem(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("est vide : indiquez le nom du fichier CSV, par exemple « table.csv »");
    }
    if path.chars().any(|c| c.is_control() || c == '\\') {
        return Some(
            "ne doit contenir ni barre oblique inverse ni caractère de contrôle : séparez les dossiers par « / »",
        );
    }
    if path.starts_with('/') {
        return Some(
            "est un chemin absolu : indiquez un chemin relatif au dossier du descripteur, par exemple « table.csv »",
        );
    }
    if path.split('/').next().is_some_and(|first| first.contains(':')) {
        return Some(
            "n'est pas un chemin de fichier (adresse ou lecteur) : comparatif lit le tableau dans le dossier du descripteur, par exemple « table.csv »",
        );
    }
    if path.split('/').any(|part| part == "..") {
        return Some(
            "sort du dossier du descripteur (« .. ») : le tableau doit être dans ce dossier ou un de ses sous-dossiers",
        );
    }
    if path.ends_with('/') || path.split('/').all(|part| part.is_empty() || part == ".") {
        return Some(
            "ne nomme pas un fichier : indiquez le nom du fichier CSV, par exemple « table.csv »",
        );
    }
    None
}
