//! The Table Schema and its fields: the `schema` JSON object → a [`Schema`] of [`Field`]s, each
//! with its type ([`Kind`], with `trueValues`, `bareNumber`…), its title and its constraints;
//! names, the primary key and `missingValues` checked.

use serde_json::{Map, Value as Json};

use super::constraints::{Constraints, parse_constraints};
use super::json::{boolean, check_keys, object, string, strings};
use super::{SchemaError, invalid, unsupported};
use crate::limits::MAX_COLUMNS;
use crate::model::Kind;

/// A Table Schema.
#[derive(Clone, Debug)]
pub struct Schema {
    /// The fields, in the order the columns must come; names are unique and not empty.
    pub fields: Vec<Field>,
    /// Indexes (from 0) into `fields` of the primary key, in key order; may be empty.
    pub primary_key: Vec<usize>,
    /// Texts read as "no value" (`missingValues`; default `[""]`).
    pub missing_values: Vec<String>,
}

/// One field (column) of the schema.
#[derive(Clone, Debug)]
pub struct Field {
    /// `name`: the header cell the column must have, case and accents counting (spaces
    /// around the cell are removed, with a warning); never empty.
    pub name: String,
    /// The French label shown by every output; the `name` when the descriptor has no title.
    pub title: String,
    /// `description`, if any: shown in the help of a type error and in the `.xlsx` export.
    pub description: Option<String>,
    /// `type` and its type-specific properties (`format`, `trueValues`, `bareNumber`…).
    pub kind: Kind,
    /// `constraints`, read with the field's type.
    pub constraints: Constraints,
    /// `favourable`, comparatif's own property of a boolean field: the answer shown as the
    /// good one (green, ✓); `true` when absent (« Oui » is good). Refused on other types.
    pub favourable: bool,
}

impl Schema {
    /// Whether the field at `field_idx` (from 0) must have a value: `required`, or part of the
    /// primary key (Table Schema makes its fields required). A missing value there is an error.
    pub fn is_required(&self, field_idx: usize) -> bool {
        self.fields.get(field_idx).is_some_and(|f| f.constraints.required)
            || self.primary_key.contains(&field_idx)
    }
}

pub(super) fn parse_schema(value: &Json) -> Result<Schema, SchemaError> {
    const PATH: &str = "schema";
    if value.is_string() {
        return Err(invalid(
            PATH,
            "le schéma doit être écrit dans datapackage.json (un chemin vers un fichier n'est pas pris en charge)",
        ));
    }
    let map = object(value, PATH)?;
    check_keys(
        map,
        PATH,
        &[
            "$schema",
            "profile",
            "name",
            "title",
            "description",
            "fields",
            "primaryKey",
            "missingValues",
        ],
    )?;
    let missing_values = match map.get("missingValues") {
        Some(v) => strings(v, "schema.missingValues")?,
        None => vec![String::new()],
    };
    let items = match map.get("fields") {
        Some(Json::Array(items)) if !items.is_empty() => items,
        _ => {
            return Err(invalid(
                PATH,
                "la propriété « fields » (une liste non vide de champs) est obligatoire",
            ));
        }
    };
    if items.len() > MAX_COLUMNS {
        return Err(invalid(
            PATH,
            format!("{} champs : le maximum est {}", items.len(), MAX_COLUMNS),
        ));
    }
    let mut fields: Vec<Field> = Vec::with_capacity(items.len());
    for (idx, item) in items.iter().enumerate() {
        let field = parse_field(item, &format!("schema.fields[{idx}]"))?;
        if fields.iter().any(|f| f.name == field.name) {
            return Err(invalid(
                "schema.fields",
                format!("le nom de champ « {} » est utilisé deux fois", field.name),
            ));
        }
        fields.push(field);
    }
    let key_names = match map.get("primaryKey") {
        None => Vec::new(),
        Some(Json::String(name)) => vec![name.clone()],
        Some(v) => strings(v, "schema.primaryKey")?,
    };
    let mut primary_key = Vec::with_capacity(key_names.len());
    for name in &key_names {
        let idx = fields.iter().position(|f| &f.name == name).ok_or_else(|| {
            invalid("schema.primaryKey", format!("le champ « {name} » n'existe pas"))
        })?;
        if primary_key.contains(&idx) {
            return Err(invalid(
                "schema.primaryKey",
                format!("le champ « {name} » est cité deux fois"),
            ));
        }
        primary_key.push(idx);
    }
    Ok(Schema { fields, primary_key, missing_values })
}

fn parse_field(value: &Json, path: &str) -> Result<Field, SchemaError> {
    let map = object(value, path)?;
    check_keys(
        map,
        path,
        &[
            "name",
            "title",
            "description",
            "example",
            "rdfType",
            "type",
            "format",
            "constraints",
            "trueValues",
            "falseValues",
            "bareNumber",
            "favourable",
            "decimalChar",
            "groupChar",
        ],
    )?;
    let name = match map.get("name") {
        Some(v) => string(v, &format!("{path}.name"))?.to_owned(),
        None => return Err(invalid(path, "la propriété « name » est obligatoire")),
    };
    if name.is_empty() {
        return Err(invalid(&format!("{path}.name"), "le nom ne peut pas être vide"));
    }
    let path = format!("schema.fields[« {name} »]");
    let title = match map.get("title") {
        Some(v) => string(v, &format!("{path}.title"))?.to_owned(),
        None => name.clone(),
    };
    let description = map
        .get("description")
        .map(|v| string(v, &format!("{path}.description")).map(str::to_owned))
        .transpose()?;
    let kind = parse_kind(map, &path)?;
    let favourable = parse_favourable(map, &kind, &path)?;
    let mut field =
        Field { name, title, description, kind, constraints: Constraints::default(), favourable };
    if let Some(value) = map.get("constraints") {
        field.constraints = parse_constraints(&field, value, &format!("{path}.constraints"))?;
    }
    Ok(field)
}

/// `favourable`: which answer of a boolean field is the good one (`true` by default). Not a
/// Table Schema property: frictionless keeps unknown field properties and ignores them.
fn parse_favourable(map: &Map<String, Json>, kind: &Kind, path: &str) -> Result<bool, SchemaError> {
    let Some(value) = map.get("favourable") else { return Ok(true) };
    if !matches!(kind, Kind::Boolean { .. }) {
        return Err(invalid(
            path,
            "la propriété « favourable » ne s'applique qu'au type « boolean » (elle dit laquelle des réponses est la bonne)",
        ));
    }
    value.as_bool().ok_or_else(|| {
        invalid(
            &format!("{path}.favourable"),
            "doit valoir true (« Oui » en vert, la valeur par défaut) ou false (« Non » en vert, « Oui » en rouge)",
        )
    })
}

/// The field's `type` and `format`, with the properties of that type (`trueValues`…).
fn parse_kind(map: &Map<String, Json>, path: &str) -> Result<Kind, SchemaError> {
    let type_name = match map.get("type") {
        Some(v) => string(v, &format!("{path}.type"))?,
        None => "string",
    };
    let format = match map.get("format") {
        Some(v) => string(v, &format!("{path}.format"))?,
        None => "default",
    };
    let allow_only = |allowed: &[&str]| -> Result<(), SchemaError> {
        for key in ["trueValues", "falseValues", "bareNumber", "decimalChar", "groupChar"] {
            if map.contains_key(key) && !allowed.contains(&key) {
                return Err(invalid(
                    path,
                    format!("la propriété « {key} » ne s'applique pas au type « {type_name} »"),
                ));
            }
        }
        Ok(())
    };
    let bad_format = || unsupported(&format!("{path}.format"), &format!("{type_name}/{format}"));
    let kind = match type_name {
        "string" => {
            allow_only(&[])?;
            match format {
                "default" => Kind::String { uri: false },
                "uri" => Kind::String { uri: true },
                _ => return Err(bad_format()),
            }
        }
        "integer" => {
            allow_only(&["bareNumber"])?;
            if format != "default" {
                return Err(bad_format());
            }
            Kind::Integer { bare_number: bare_number(map, path)? }
        }
        "number" => {
            allow_only(&["bareNumber", "decimalChar", "groupChar"])?;
            if format != "default" {
                return Err(bad_format());
            }
            let one_char = |key: &str| -> Result<Option<char>, SchemaError> {
                let Some(v) = map.get(key) else { return Ok(None) };
                let text = string(v, &format!("{path}.{key}"))?;
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (None, _) if key == "groupChar" => Ok(None),
                    (Some(c), None) if !c.is_numeric() && c != '-' && c != '+' => Ok(Some(c)),
                    _ => Err(invalid(
                        &format!("{path}.{key}"),
                        format!("« {text} » : un seul caractère est attendu, ni chiffre ni signe"),
                    )),
                }
            };
            let decimal_char = one_char("decimalChar")?.unwrap_or('.');
            let group_char = one_char("groupChar")?;
            if group_char == Some(decimal_char) {
                return Err(invalid(
                    path,
                    format!(
                        "« {decimal_char} » ne peut pas séparer à la fois les décimales et les milliers"
                    ),
                ));
            }
            Kind::Number { decimal_char, group_char, bare_number: bare_number(map, path)? }
        }
        "boolean" => {
            allow_only(&["trueValues", "falseValues"])?;
            if format != "default" {
                return Err(bad_format());
            }
            let true_values = match map.get("trueValues") {
                Some(v) => strings(v, &format!("{path}.trueValues"))?,
                None => ["true", "True", "TRUE", "1"].map(String::from).to_vec(),
            };
            let false_values = match map.get("falseValues") {
                Some(v) => strings(v, &format!("{path}.falseValues"))?,
                None => ["false", "False", "FALSE", "0"].map(String::from).to_vec(),
            };
            if true_values.is_empty() || false_values.is_empty() {
                return Err(invalid(
                    path,
                    "« trueValues » et « falseValues » ne peuvent pas être vides",
                ));
            }
            if let Some(both) = true_values.iter().find(|v| false_values.contains(v)) {
                return Err(invalid(path, format!("« {both} » est à la fois vrai et faux")));
            }
            Kind::Boolean { true_values, false_values }
        }
        "date" => {
            allow_only(&[])?;
            if format != "default" {
                return Err(bad_format());
            }
            Kind::Date
        }
        "year" => {
            allow_only(&[])?;
            if format != "default" {
                return Err(bad_format());
            }
            Kind::Year
        }
        other => {
            return Err(unsupported(&format!("{path}.type"), other));
        }
    };
    Ok(kind)
}

/// The field's `bareNumber` (default `true`).
fn bare_number(map: &Map<String, Json>, path: &str) -> Result<bool, SchemaError> {
    Ok(map
        .get("bareNumber")
        .map(|v| boolean(v, &format!("{path}.bareNumber")))
        .transpose()?
        .unwrap_or(true))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::Value;

    pub(in crate::schema) fn field(json: &str) -> Field {
        parse_field(&serde_json::from_str(json).unwrap(), "f").unwrap()
    }

    pub(in crate::schema) fn field_err(json: &str) -> String {
        parse_field(&serde_json::from_str(json).unwrap(), "f").unwrap_err().to_string()
    }

    #[test]
    fn unsupported_types_and_formats_are_refused() {
        assert!(field_err(r#"{"name":"x","type":"geopoint"}"#).contains("« geopoint »"));
        assert!(
            field_err(r#"{"name":"x","type":"date","format":"%d/%m/%Y"}"#)
                .contains("n'est pas prise en charge")
        );
        assert!(
            field_err(r#"{"name":"x","type":"string","format":"email"}"#).contains("string/email")
        );
        assert!(field_err(r#"{"name":"x","categories":[]}"#).contains("« categories »"));
        assert!(
            field_err(r#"{"name":"x","type":"string","trueValues":["a"]}"#)
                .contains("ne s'applique pas")
        );
    }

    #[test]
    fn issue_23_favourable_says_which_boolean_answer_is_good() {
        let yes_no = r#""type":"boolean","trueValues":["Oui"],"falseValues":["Non"]"#;
        assert!(field(&format!(r#"{{"name":"x",{yes_no}}}"#)).favourable);
        assert!(!field(&format!(r#"{{"name":"x",{yes_no},"favourable":false}}"#)).favourable);
        assert!(field(&format!(r#"{{"name":"x",{yes_no},"favourable":true}}"#)).favourable);
        let err = field_err(&format!(r#"{{"name":"x",{yes_no},"favourable":"non"}}"#));
        assert!(err.starts_with("schema.fields[« x »].favourable : doit valoir true"), "{err}");
        let err = field_err(r#"{"name":"x","type":"integer","favourable":false}"#);
        assert!(err.contains("ne s'applique qu'au type « boolean »"), "{err}");
    }

    #[test]
    fn numbers_take_their_characters_from_the_field() {
        let f = field(r#"{"name":"p","type":"number","decimalChar":",","groupChar":" "}"#);
        assert_eq!(
            f.kind,
            Kind::Number { decimal_char: ',', group_char: Some(' '), bare_number: true }
        );
        let f = field(r#"{"name":"p","type":"number","groupChar":"","bareNumber":false}"#);
        assert_eq!(
            f.kind,
            Kind::Number { decimal_char: '.', group_char: None, bare_number: false }
        );
        for bad in [
            r#"{"name":"p","type":"number","decimalChar":",,"}"#,
            r#"{"name":"p","type":"number","decimalChar":""}"#,
            r#"{"name":"p","type":"number","groupChar":"5"}"#,
            r#"{"name":"p","type":"number","decimalChar":",","groupChar":","}"#,
            r#"{"name":"p","type":"integer","decimalChar":","}"#,
            r#"{"name":"p","type":"number","format":"x"}"#,
        ] {
            assert!(parse_field(&serde_json::from_str(bad).unwrap(), "f").is_err(), "{bad}");
        }
    }

    #[test]
    fn booleans_default_to_frictionless_values() {
        let f = field(r#"{"name":"b","type":"boolean"}"#);
        assert_eq!(f.kind.read("TRUE"), Some(Value::Boolean(true)));
        assert_eq!(f.kind.read("0"), Some(Value::Boolean(false)));
    }
}
