//! The resource's CSV dialect: the `dialect` JSON object → a [`Dialect`] (one-byte delimiter and
//! quote), refusing the properties whose other values comparatif does not implement.

use serde_json::Value as Json;

use super::json::{check_keys, object, string};
use super::{SchemaError, invalid};

/// CSV dialect (Frictionless "Table Dialect"): one-byte delimiter and quote character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    /// `delimiter`: one ASCII byte, not a line break; default `,`.
    pub delimiter: u8,
    /// `quoteChar`: one ASCII byte, not a line break and not the delimiter; default `"`.
    pub quote: u8,
}

impl Default for Dialect {
    /// The specification's defaults: `,` and `"`.
    fn default() -> Self {
        Dialect { delimiter: b',', quote: b'"' }
    }
}

fn single_byte(value: &Json, path: &str) -> Result<u8, SchemaError> {
    let text = string(value, path)?;
    match text.as_bytes() {
        [byte] if byte.is_ascii() && !matches!(byte, b'\r' | b'\n') => Ok(*byte),
        _ => Err(invalid(path, "un seul caractère ASCII est attendu (hors retour à la ligne)")),
    }
}

pub(super) fn parse_dialect(value: &Json) -> Result<Dialect, SchemaError> {
    const PATH: &str = "resources[0].dialect";
    let map = object(value, PATH)?;
    check_keys(
        map,
        PATH,
        &[
            "$schema",
            "delimiter",
            "quoteChar",
            "doubleQuote",
            "header",
            "lineTerminator",
            "skipInitialSpace",
            "caseSensitiveHeader",
            "csvddfVersion",
        ],
    )?;
    let mut dialect = Dialect::default();
    if let Some(v) = map.get("delimiter") {
        dialect.delimiter = single_byte(v, &format!("{PATH}.delimiter"))?;
    }
    if let Some(v) = map.get("quoteChar") {
        dialect.quote = single_byte(v, &format!("{PATH}.quoteChar"))?;
    }
    if dialect.quote == dialect.delimiter {
        return Err(invalid(PATH, "« quoteChar » et « delimiter » doivent être différents"));
    }
    // These properties are accepted only with the value comparatif implements.
    let fixed: [(&str, Json); 4] = [
        ("doubleQuote", Json::Bool(true)),
        ("header", Json::Bool(true)),
        ("skipInitialSpace", Json::Bool(false)),
        ("caseSensitiveHeader", Json::Bool(true)),
    ];
    for (key, expected) in fixed {
        if let Some(v) = map.get(key)
            && *v != expected
        {
            return Err(invalid(
                &format!("{PATH}.{key}"),
                format!("seule la valeur {expected} est prise en charge"),
            ));
        }
    }
    if let Some(v) = map.get("lineTerminator") {
        let text = string(v, &format!("{PATH}.lineTerminator"))?;
        if !matches!(text, "\r\n" | "\n") {
            return Err(invalid(
                &format!("{PATH}.lineTerminator"),
                "seuls \"\\r\\n\" et \"\\n\" sont pris en charge",
            ));
        }
    }
    Ok(dialect)
}

#[cfg(test)]
mod tests {
    use super::super::tests::package;
    use super::*;
    use crate::schema::parse;

    #[test]
    fn dialect_reads_delimiter_and_quote() {
        let d = parse(&package(r#"{"path": "t.csv", "dialect": {"delimiter": ";", "quoteChar": "'", "doubleQuote": true}, "schema": {"fields": [{"name": "a"}]}}"#)).unwrap();
        assert_eq!(d.dialect, Dialect { delimiter: b';', quote: b'\'' });
    }
}
