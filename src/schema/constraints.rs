//! A field's constraints: the `constraints` JSON object and the field's type → [`Constraints`]
//! whose values are already read with that type (`minimum`, `enum`…) and whose `pattern` is
//! compiled to match the whole value.

use regex::Regex;
use serde_json::Value as Json;

use super::fields::Field;
use super::json::{boolean, length, object, string};
use super::{SchemaError, invalid, unsupported};
use crate::model::{Kind, Value};

/// A field's constraints. Values are already read with the field's type.
#[derive(Clone, Debug, Default)]
pub struct Constraints {
    /// `required`: a missing value (empty, or one of `missingValues`) is an error.
    pub required: bool,
    /// `unique`: two rows may not hold the same typed value; missing values are not compared.
    pub unique: bool,
    /// Allowed values, as typed values, and as written in the descriptor (for messages).
    pub enumeration: Option<Vec<(Value, String)>>,
    /// The pattern as written, and compiled to match the whole value.
    pub pattern: Option<(String, Regex)>,
    /// `minimum`, inclusive, read with the field's type (a number, a date, a year).
    pub minimum: Option<Value>,
    /// `maximum`, inclusive, read with the field's type.
    pub maximum: Option<Value>,
    /// `minLength`, inclusive. Lengths count Unicode scalar values (as Python's `len`).
    pub min_length: Option<usize>,
    /// `maxLength`, inclusive, counted as `min_length`.
    pub max_length: Option<usize>,
}

pub(super) fn parse_constraints(
    field: &Field,
    value: &Json,
    path: &str,
) -> Result<Constraints, SchemaError> {
    let map = object(value, path)?;
    let by_type: &[&str] = match field.kind {
        Kind::String { .. } => &["required", "unique", "enum", "pattern", "minLength", "maxLength"],
        Kind::Boolean { .. } => &["required", "unique", "enum"],
        Kind::Integer { .. } | Kind::Number { .. } | Kind::Date | Kind::Year => {
            &["required", "unique", "enum", "minimum", "maximum"]
        }
    };
    if let Some(key) = map.keys().find(|k| !by_type.contains(&k.as_str())) {
        let known = [
            "required",
            "unique",
            "enum",
            "pattern",
            "minLength",
            "maxLength",
            "minimum",
            "maximum",
        ];
        if known.contains(&key.as_str()) {
            return Err(invalid(
                path,
                format!(
                    "la contrainte « {key} » ne s'applique pas au type « {} »",
                    field.kind.type_name()
                ),
            ));
        }
        return Err(unsupported(path, key));
    }
    let mut c = Constraints::default();
    if let Some(v) = map.get("required") {
        c.required = boolean(v, &format!("{path}.required"))?;
    }
    if let Some(v) = map.get("unique") {
        c.unique = boolean(v, &format!("{path}.unique"))?;
    }
    // A constraint value is read with the field's type, as frictionless does; a value that
    // cannot be read makes the descriptor invalid (frictionless would silently never match).
    let typed = |v: &Json, key: &str| -> Result<Value, SchemaError> {
        let text = match v {
            Json::String(s) => s.clone(),
            Json::Number(n) => n.to_string(),
            Json::Bool(b) => b.to_string(),
            _ => {
                return Err(invalid(&format!("{path}.{key}"), "un texte ou un nombre est attendu"));
            }
        };
        let read = match (&field.kind, v) {
            (Kind::Boolean { .. }, Json::Bool(b)) => Some(Value::Boolean(*b)),
            (Kind::Integer { .. } | Kind::Year, Json::Number(n)) => match n.as_i64() {
                Some(i) if matches!(field.kind, Kind::Year) => {
                    i32::try_from(i).ok().map(Value::Year)
                }
                Some(i) => Some(Value::Integer(i128::from(i))),
                None => None,
            },
            // A JSON number is a literal with a point, whatever the field's `decimalChar`
            // (frictionless reads it as a Python number, not as a cell).
            (Kind::Number { .. }, Json::Number(_)) => {
                crate::model::Number::from_literal(&text).map(Value::Number)
            }
            (_, Json::String(_)) => field.kind.read(&text),
            _ => None,
        };
        read.ok_or_else(|| {
            let why = match (&field.kind, crate::model::impossible_iso_date(&text)) {
                // A date bound that names a day that does not exist: said so.
                (Kind::Date, Some(why)) => format!("« {text} » : {why}"),
                _ => format!(
                    "« {text} » n'est pas une valeur du type « {} »",
                    field.kind.type_name()
                ),
            };
            invalid(&format!("{path}.{key}"), why)
        })
    };
    if let Some(v) = map.get("enum") {
        let items = v
            .as_array()
            .ok_or_else(|| invalid(&format!("{path}.enum"), "une liste est attendue"))?;
        if items.is_empty() {
            return Err(invalid(&format!("{path}.enum"), "la liste ne peut pas être vide"));
        }
        let mut values = Vec::with_capacity(items.len());
        for item in items {
            let written = match item {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            };
            values.push((typed(item, "enum")?, written));
        }
        c.enumeration = Some(values);
    }
    if let Some(v) = map.get("pattern") {
        let text = string(v, &format!("{path}.pattern"))?;
        // Table Schema patterns match the whole value (XML Schema semantics).
        let regex = Regex::new(&format!("^(?:{text})$")).map_err(|_| {
            invalid(&format!("{path}.pattern"), format!("l'expression « {text} » n'est pas valide"))
        })?;
        c.pattern = Some((text.to_owned(), regex));
    }
    if let Some(v) = map.get("minimum") {
        c.minimum = Some(typed(v, "minimum")?);
    }
    if let Some(v) = map.get("maximum") {
        c.maximum = Some(typed(v, "maximum")?);
    }
    if let Some(v) = map.get("minLength") {
        c.min_length = Some(length(v, &format!("{path}.minLength"))?);
    }
    if let Some(v) = map.get("maxLength") {
        c.max_length = Some(length(v, &format!("{path}.maxLength"))?);
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::super::fields::tests::{field, field_err};
    use crate::model::Value;

    #[test]
    fn constraints_are_typed_and_checked_per_type() {
        let f = field(
            r#"{"name":"n","type":"integer","constraints":{"minimum":"2","maximum":10,"enum":[2,"3"]}}"#,
        );
        assert_eq!(f.constraints.minimum, Some(Value::Integer(2)));
        assert_eq!(f.constraints.maximum, Some(Value::Integer(10)));
        assert_eq!(f.constraints.enumeration.as_ref().unwrap()[1].0, Value::Integer(3));
        assert!(
            field_err(r#"{"name":"n","type":"integer","constraints":{"pattern":"x"}}"#)
                .contains("ne s'applique pas")
        );
        assert!(
            field_err(r#"{"name":"n","type":"integer","constraints":{"exclusiveMinimum":1}}"#)
                .contains("n'est pas prise en charge")
        );
        assert!(
            field_err(r#"{"name":"n","type":"integer","constraints":{"minimum":"x"}}"#)
                .contains("« x »")
        );
        assert!(field_err(r#"{"name":"s","constraints":{"pattern":"("}}"#).contains("pas valide"));
    }

    #[test]
    fn number_constraints_are_exact_numbers() {
        let f = field(
            r#"{"name":"n","type":"number","decimalChar":",","constraints":{"minimum":0.5,"maximum":"12,50","enum":[1,"2,5"]}}"#,
        );
        let n = |t: &str| Value::Number(crate::model::Number::from_literal(t).unwrap());
        assert_eq!(f.constraints.minimum, Some(n("0.5")));
        assert_eq!(f.constraints.maximum, Some(n("12.5")));
        assert_eq!(f.constraints.enumeration.as_ref().unwrap()[1].0, n("2.5"));
        assert!(
            field_err(r#"{"name":"n","type":"number","constraints":{"maximum":"12.5","x":1}}"#)
                .contains("« x »")
        );
        assert!(
            field_err(
                r#"{"name":"n","type":"number","decimalChar":",","constraints":{"maximum":"12.5"}}"#
            )
            .contains("« 12.5 »")
        );
    }

    #[test]
    fn issue_25_an_impossible_date_bound_is_called_impossible() {
        let err = field_err(r#"{"name":"d","type":"date","constraints":{"minimum":"2023-02-29"}}"#);
        assert!(
            err.ends_with("minimum : « 2023-02-29 » : le 29 février 2023 n'existe pas (2023 n'est pas bissextile)"),
            "{err}"
        );
        let err = field_err(r#"{"name":"d","type":"date","constraints":{"maximum":"hier"}}"#);
        assert!(err.ends_with("« hier » n'est pas une valeur du type « date »"), "{err}");
    }

    #[test]
    fn pattern_matches_the_whole_value() {
        let f = field(r#"{"name":"s","constraints":{"pattern":"a|b"}}"#);
        let (_, re) = f.constraints.pattern.unwrap();
        assert!(re.is_match("a"));
        assert!(!re.is_match("ab"));
        assert!(!re.is_match("xa"));
    }
}
