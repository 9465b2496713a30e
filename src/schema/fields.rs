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
    let mut field = Field { name, title, description, kind, constraints: Constraints::default() };
    if let Some(value) = map.get("constraints") {
        field.constraints = parse_constraints(&field, value, &format!("{path}.constraints"))?;
    }
    Ok(field)
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
        for key in ["trueValues", "falseValues", "bareNumber"] {
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
            let bare_number = map
                .get("bareNumber")
                .map(|v| boolean(v, &format!("{path}.bareNumber")))
                .transpose()?
                .unwrap_or(true);
            Kind::Integer { bare_number }
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
    fn booleans_default_to_frictionless_values() {
        let f = field(r#"{"name":"b","type":"boolean"}"#);
        assert_eq!(f.kind.read("TRUE"), Some(Value::Boolean(true)));
        assert_eq!(f.kind.read("0"), Some(Value::Boolean(false)));
    }
}
