//! Reading the descriptor's JSON values: a `serde_json` value and its path in the descriptor →
//! the text, list, boolean or length expected, or a located French [`SchemaError`].

use serde_json::{Map, Value as Json};

use super::{SchemaError, invalid, unsupported};

/// A serde_json error in French, with its position.
pub(super) fn json_error_fr(e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Syntax => "erreur de syntaxe",
        serde_json::error::Category::Eof => "fin de fichier inattendue",
        serde_json::error::Category::Data => "donnée inattendue",
        serde_json::error::Category::Io => "erreur de lecture",
    };
    format!("{what} à la ligne {}, colonne {}", e.line(), e.column())
}

pub(super) fn object<'a>(
    value: &'a Json,
    path: &str,
) -> Result<&'a Map<String, Json>, SchemaError> {
    value.as_object().ok_or_else(|| invalid(path, "un objet JSON est attendu"))
}

pub(super) fn string<'a>(value: &'a Json, path: &str) -> Result<&'a str, SchemaError> {
    value.as_str().ok_or_else(|| invalid(path, "un texte est attendu"))
}

pub(super) fn boolean(value: &Json, path: &str) -> Result<bool, SchemaError> {
    value.as_bool().ok_or_else(|| invalid(path, "true ou false est attendu"))
}

pub(super) fn strings(value: &Json, path: &str) -> Result<Vec<String>, SchemaError> {
    let items =
        value.as_array().ok_or_else(|| invalid(path, "une liste de textes est attendue"))?;
    items.iter().map(|item| string(item, path).map(str::to_owned)).collect()
}

pub(super) fn length(value: &Json, path: &str) -> Result<usize, SchemaError> {
    value
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| invalid(path, "un entier positif ou nul est attendu"))
}

/// Refuses any key outside `allowed`.
pub(super) fn check_keys(
    map: &Map<String, Json>,
    path: &str,
    allowed: &[&str],
) -> Result<(), SchemaError> {
    match map.keys().find(|key| !allowed.contains(&key.as_str())) {
        Some(key) => Err(unsupported(path, key)),
        None => Ok(()),
    }
}
