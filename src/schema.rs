//! The descriptor: a Frictionless Data Package (`datapackage.json`) whose one resource is the
//! table, with its Table Schema, CSV dialect and publication metadata.
//!
//! In: the descriptor's JSON text. Out: a [`Descriptor`], or a [`SchemaError`] in French.
//!
//! Only the subset of Table Schema v1 listed in [`SUPPORTED`] is accepted, and each supported
//! property follows the specification (and frictionless-py 5, the reference implementation).
//! A property that would change what is valid and that comparatif does not implement is
//! refused, never ignored: ignoring it would accept tables that other validators reject.

use regex::Regex;
use serde_json::{Map, Value as Json};

use crate::limits::{
    MAX_ALT_TEXT_CHARS, MAX_CAPTION_CHARS, MAX_COLUMNS, MAX_DESCRIPTOR_BYTES, MAX_LINK_TEXT_CHARS,
    MAX_NOTE_CHARS, MAX_NOTES, MAX_SOURCE_CHARS, MAX_TITLE_CHARS, french_number,
};
use crate::model::{Kind, Publication, Value, parse_iso_date};

/// What comparatif understands, shown in the error for an unsupported property.
pub const SUPPORTED: &str = "types string (formats default et uri), integer, boolean, date (format default), year ; \
contraintes required, unique, enum, pattern, minimum, maximum, minLength, maxLength ; \
trueValues, falseValues, bareNumber, missingValues, primaryKey ; dialecte delimiter, quoteChar, doubleQuote, header";

/// The descriptor could not be used. Messages are French and name the property.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("le descripteur n'est pas un JSON valide : {0}")]
    Json(String),
    #[error(
        "{path} : la propriété « {property} » n'est pas prise en charge par comparatif (prises en charge : {SUPPORTED})"
    )]
    Unsupported { path: String, property: String },
    #[error("{path} : {message}")]
    Invalid { path: String, message: String },
}

/// A located refusal; the message may quote the descriptor's own texts, so it is
/// [`escape`](crate::diag::escape)d: a property name or value holding a line break or an escape
/// sequence never reaches a terminal raw.
fn invalid(path: &str, message: impl Into<String>) -> SchemaError {
    let message = message.into();
    let message = crate::diag::escape(&message).into_owned();
    SchemaError::Invalid { path: crate::diag::escape(path).into_owned(), message }
}

/// A property comparatif does not implement, named as the descriptor writes it ([`invalid`]'s
/// escaping).
fn unsupported(path: &str, property: &str) -> SchemaError {
    SchemaError::Unsupported {
        path: crate::diag::escape(path).into_owned(),
        property: crate::diag::escape(property).into_owned(),
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
    pub dialect: Dialect,
    pub schema: Schema,
    pub publication: Publication,
}

/// CSV dialect (Frictionless "Table Dialect"): one-byte delimiter and quote character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    pub delimiter: u8,
    pub quote: u8,
}

impl Default for Dialect {
    /// The specification's defaults: `,` and `"`.
    fn default() -> Self {
        Dialect { delimiter: b',', quote: b'"' }
    }
}

/// A Table Schema.
#[derive(Clone, Debug)]
pub struct Schema {
    pub fields: Vec<Field>,
    /// Indexes (from 0) into `fields` of the primary key, in key order; may be empty.
    pub primary_key: Vec<usize>,
    /// Texts read as "no value" (`missingValues`; default `[""]`).
    pub missing_values: Vec<String>,
}

/// One field (column) of the schema.
#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    /// The French label shown by every output; the `name` when the descriptor has no title.
    pub title: String,
    pub description: Option<String>,
    pub kind: Kind,
    pub constraints: Constraints,
}

/// A field's constraints. Values are already read with the field's type.
#[derive(Clone, Debug, Default)]
pub struct Constraints {
    pub required: bool,
    pub unique: bool,
    /// Allowed values, as typed values, and as written in the descriptor (for messages).
    pub enumeration: Option<Vec<(Value, String)>>,
    /// The pattern as written, and compiled to match the whole value.
    pub pattern: Option<(String, Regex)>,
    pub minimum: Option<Value>,
    pub maximum: Option<Value>,
    /// Lengths count Unicode scalar values (as Python's `len`).
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
}

/// Parses the descriptor's JSON text. Every problem is a French [`SchemaError`] naming the
/// property.
pub fn parse(text: &str) -> Result<Descriptor, SchemaError> {
    if text.len() as u64 > MAX_DESCRIPTOR_BYTES {
        return Err(invalid(
            "datapackage.json",
            format!(
                "le descripteur fait {} octets, plus que le maximum de 1 Mo",
                french_number(text.len() as u64)
            ),
        ));
    }
    let json: Json =
        serde_json::from_str(text).map_err(|e| SchemaError::Json(json_error_fr(&e)))?;
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

/// What the package's one resource says.
struct Resource {
    table_path: String,
    resource_name: Option<String>,
    dialect: Dialect,
    schema: Schema,
}

/// The package's one resource: the table's path and name, its dialect and its schema.
fn parse_resource(package: &Map<String, Json>) -> Result<Resource, SchemaError> {
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

/// Refuses the resource properties comparatif does not implement (another format, encoding,
/// integrity checks it would not make).
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
    for key in ["bytes", "hash", "scheme"] {
        if resource.contains_key(key) {
            return Err(SchemaError::Unsupported {
                path: "resources[0]".into(),
                property: key.into(),
            });
        }
    }
    Ok(())
}

/// A serde_json error in French, with its position.
fn json_error_fr(e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Syntax => "erreur de syntaxe",
        serde_json::error::Category::Eof => "fin de fichier inattendue",
        serde_json::error::Category::Data => "donnée inattendue",
        serde_json::error::Category::Io => "erreur de lecture",
    };
    format!("{what} à la ligne {}, colonne {}", e.line(), e.column())
}

fn object<'a>(value: &'a Json, path: &str) -> Result<&'a Map<String, Json>, SchemaError> {
    value.as_object().ok_or_else(|| invalid(path, "un objet JSON est attendu"))
}

fn string<'a>(value: &'a Json, path: &str) -> Result<&'a str, SchemaError> {
    value.as_str().ok_or_else(|| invalid(path, "un texte est attendu"))
}

fn boolean(value: &Json, path: &str) -> Result<bool, SchemaError> {
    value.as_bool().ok_or_else(|| invalid(path, "true ou false est attendu"))
}

fn strings(value: &Json, path: &str) -> Result<Vec<String>, SchemaError> {
    let items =
        value.as_array().ok_or_else(|| invalid(path, "une liste de textes est attendue"))?;
    items.iter().map(|item| string(item, path).map(str::to_owned)).collect()
}

fn length(value: &Json, path: &str) -> Result<usize, SchemaError> {
    value
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| invalid(path, "un entier positif ou nul est attendu"))
}

/// Refuses any key outside `allowed`.
fn check_keys(map: &Map<String, Json>, path: &str, allowed: &[&str]) -> Result<(), SchemaError> {
    match map.keys().find(|key| !allowed.contains(&key.as_str())) {
        Some(key) => Err(unsupported(path, key)),
        None => Ok(()),
    }
}

fn single_byte(value: &Json, path: &str) -> Result<u8, SchemaError> {
    let text = string(value, path)?;
    match text.as_bytes() {
        [byte] if byte.is_ascii() && !matches!(byte, b'\r' | b'\n') => Ok(*byte),
        _ => Err(invalid(path, "un seul caractère ASCII est attendu (hors retour à la ligne)")),
    }
}

fn parse_dialect(value: &Json) -> Result<Dialect, SchemaError> {
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

fn parse_schema(value: &Json) -> Result<Schema, SchemaError> {
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

fn parse_constraints(field: &Field, value: &Json, path: &str) -> Result<Constraints, SchemaError> {
    let map = object(value, path)?;
    let by_type: &[&str] = match field.kind {
        Kind::String { .. } => &["required", "unique", "enum", "pattern", "minLength", "maxLength"],
        Kind::Boolean { .. } => &["required", "unique", "enum"],
        Kind::Integer { .. } | Kind::Date | Kind::Year => {
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
            (_, Json::String(_)) => field.kind.read(&text),
            _ => None,
        };
        read.ok_or_else(|| {
            invalid(
                &format!("{path}.{key}"),
                format!("« {text} » n'est pas une valeur du type « {} »", field.kind.type_name()),
            )
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

fn parse_publication(value: &Json) -> Result<Publication, SchemaError> {
    const PATH: &str = "publication";
    const KEYS: [&str; 9] = [
        "title",
        "caption",
        "source",
        "updated",
        "notes",
        "downloadText",
        "thumbnailAlt",
        "lang",
        "urlPrefix",
    ];
    let map = object(value, PATH)?;
    // comparatif's own object: an unknown key is a typo (or a property of another tool).
    if let Some(key) = map.keys().find(|key| !KEYS.contains(&key.as_str())) {
        let plain = |k: &str| k.replace(['_', '-'], "").to_lowercase();
        let detail = match KEYS.iter().find(|k| plain(k) == plain(key)) {
            Some(meant) => format!(" : écrivez « {meant} »"),
            None => format!(" (propriétés possibles : {})", KEYS.join(", ")),
        };
        return Err(invalid(PATH, format!("la propriété « {key} » n'existe pas{detail}")));
    }
    let text = |key: &str| -> Result<String, SchemaError> {
        match map.get(key) {
            Some(v) => {
                let s = string(v, &format!("{PATH}.{key}"))?;
                if s.trim().is_empty() {
                    return Err(invalid(
                        &format!("{PATH}.{key}"),
                        "le texte ne peut pas être vide",
                    ));
                }
                Ok(s.to_owned())
            }
            None => Err(invalid(PATH, format!("la propriété « {key} » est obligatoire"))),
        }
    };
    // A publication text with its limit (`limits`), refused past it.
    let limited = |key: &str, max: usize| -> Result<String, SchemaError> {
        let s = text(key)?;
        within_limit(&s, max, &format!("{PATH}.{key}"))?;
        Ok(s)
    };
    let updated_text = text("updated")?;
    let updated =
        parse_iso_date(&updated_text).filter(|_| updated_text.len() == 10).ok_or_else(|| {
            invalid(
                "publication.updated",
                format!("« {updated_text} » n'est pas une date AAAA-MM-JJ"),
            )
        })?;
    let notes = match map.get("notes") {
        Some(v) => strings(v, "publication.notes")?,
        None => Vec::new(),
    };
    if notes.len() > MAX_NOTES {
        return Err(invalid(
            "publication.notes",
            format!("{} notes : le maximum est {MAX_NOTES}", notes.len()),
        ));
    }
    for (idx, note) in notes.iter().enumerate() {
        within_limit(note, MAX_NOTE_CHARS, &format!("publication.notes[{idx}]"))?;
    }
    let url_prefix = match map.get("urlPrefix") {
        Some(v) => string(v, "publication.urlPrefix")?.to_owned(),
        None => String::new(),
    };
    if let Some(problem) = url_prefix_problem(&url_prefix) {
        return Err(invalid("publication.urlPrefix", format!("« {url_prefix} » {problem}")));
    }
    Ok(Publication {
        title: limited("title", MAX_TITLE_CHARS)?,
        caption: limited("caption", MAX_CAPTION_CHARS)?,
        source: limited("source", MAX_SOURCE_CHARS)?,
        updated,
        notes,
        download_text: limited("downloadText", MAX_LINK_TEXT_CHARS)?,
        thumbnail_alt: limited("thumbnailAlt", MAX_ALT_TEXT_CHARS)?,
        lang: text("lang")?,
        url_prefix,
    })
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

/// Refuses `text`, the descriptor's property at `path`, when it has more than `max` characters.
fn within_limit(text: &str, max: usize, path: &str) -> Result<(), SchemaError> {
    let chars = text.chars().count();
    if chars <= max {
        return Ok(());
    }
    Err(invalid(
        path,
        format!(
            "le texte fait {} caractères, plus que le maximum de {}",
            french_number(chars as u64),
            french_number(max as u64)
        ),
    ))
}

/// What is wrong with a prefix of the download card's addresses (`publication.urlPrefix`, or
/// `--url-prefix`), in French, or `None` when it is usable: empty, or a path or an http(s)
/// address that ends with `/`, without spaces, quotes or control characters.
pub fn url_prefix_problem(prefix: &str) -> Option<&'static str> {
    if prefix.is_empty() {
        return None;
    }
    if prefix
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\'))
    {
        return Some(
            "ne doit contenir ni espace, ni guillemet, ni chevron, ni barre oblique inverse",
        );
    }
    if prefix.starts_with("//") {
        return Some(
            "est une adresse sans protocole (« //hôte/… ») qui chargerait les fichiers depuis un autre site : écrivez un chemin (« /uploads/ ») ou une adresse en https (« https://www.numerique.gouv.fr/uploads/ »)",
        );
    }
    let before_path = prefix.split('/').next().unwrap_or_default();
    let web = prefix.starts_with("https://") || prefix.starts_with("http://");
    if before_path.contains(':') && !web {
        return Some(
            "doit être un chemin (« /uploads/ ») ou une adresse en http(s) (« https://www.numerique.gouv.fr/uploads/ »)",
        );
    }
    if !prefix.ends_with('/') {
        return Some("doit finir par « / », comme un dossier (par exemple « /uploads/ »)");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(json: &str) -> Field {
        parse_field(&serde_json::from_str(json).unwrap(), "f").unwrap()
    }

    fn field_err(json: &str) -> String {
        parse_field(&serde_json::from_str(json).unwrap(), "f").unwrap_err().to_string()
    }

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

    #[test]
    fn a_descriptor_past_the_limit_is_refused() {
        let text = format!("{{\"x\": \"{}\"}}", "a".repeat(MAX_DESCRIPTOR_BYTES as usize));
        assert!(parse(&text).unwrap_err().to_string().contains("plus que le maximum de 1 Mo"));
    }

    #[test]
    fn pattern_matches_the_whole_value() {
        let f = field(r#"{"name":"s","constraints":{"pattern":"a|b"}}"#);
        let (_, re) = f.constraints.pattern.unwrap();
        assert!(re.is_match("a"));
        assert!(!re.is_match("ab"));
        assert!(!re.is_match("xa"));
    }

    const PUBLICATION: &str = r#""publication": {"title": "T", "caption": "C", "source": "S", "updated": "2020-04-09",
        "downloadText": "D", "thumbnailAlt": "A", "lang": "fr-FR"}"#;

    fn package(resource: &str) -> String {
        format!(r#"{{"resources": [{resource}], {PUBLICATION}}}"#)
    }

    #[test]
    fn the_repository_descriptor_parses() {
        let d = parse(include_str!("../datapackage.json")).unwrap();
        assert_eq!(d.table_path, "table.csv");
        assert_eq!(d.dialect, Dialect::default());
        assert_eq!(d.schema.fields[d.schema.primary_key[0]].name, "solution");
        assert_eq!(d.publication.updated.to_string(), "2020-04-09");
    }

    #[test]
    fn issue_21_publication_texts_have_a_length_limit() {
        let ok = r#"{"path": "t.csv", "schema": {"fields": [{"name": "a"}]}}"#;
        let with = |key: &str, value: Json| {
            let mut package: Json = serde_json::from_str(&package(ok)).unwrap();
            package["publication"][key] = value;
            parse(&package.to_string())
        };
        // At its limit a text is kept; one character more (é: counted as one) is refused.
        for (key, max) in [
            ("title", MAX_TITLE_CHARS),
            ("caption", MAX_CAPTION_CHARS),
            ("source", MAX_SOURCE_CHARS),
            ("downloadText", MAX_LINK_TEXT_CHARS),
            ("thumbnailAlt", MAX_ALT_TEXT_CHARS),
        ] {
            assert!(with(key, Json::from("é".repeat(max))).is_ok(), "{key}");
            let err = with(key, Json::from("é".repeat(max + 1))).unwrap_err().to_string();
            let (more, limit) = (french_number(max as u64 + 1), french_number(max as u64));
            assert_eq!(
                err,
                format!(
                    "publication.{key} : le texte fait {more} caractères, plus que le maximum de {limit}"
                )
            );
        }
        let notes = |n: usize, chars: usize| Json::from(vec!["x".repeat(chars); n]);
        assert!(with("notes", notes(MAX_NOTES, MAX_NOTE_CHARS)).is_ok());
        let err = with("notes", notes(2, MAX_NOTE_CHARS + 1)).unwrap_err().to_string();
        assert_eq!(
            err,
            "publication.notes[0] : le texte fait 2\u{202f}001 caractères, plus que le maximum de 2\u{202f}000"
        );
        let err = with("notes", notes(MAX_NOTES + 1, 1)).unwrap_err().to_string();
        assert_eq!(err, "publication.notes : 101 notes : le maximum est 100");
    }

    #[test]
    fn issue_17_publication_url_prefix_is_read_and_checked() {
        let with = |prefix: &str| {
            let publication = PUBLICATION.replace(
                r#""lang": "fr-FR""#,
                &format!(r#""lang": "fr-FR", "urlPrefix": {}"#, serde_json::json!(prefix)),
            );
            let ok = r#"{"path": "t.csv", "schema": {"fields": [{"name": "a"}]}}"#;
            parse(&format!(r#"{{"resources": [{ok}], {publication}}}"#))
        };
        for prefix in ["/uploads/", "", "https://www.numerique.gouv.fr/uploads/", "uploads/"] {
            let d = with(prefix).unwrap_or_else(|e| panic!("{prefix}: {e}"));
            assert_eq!(d.publication.url_prefix, prefix);
        }
        let d = parse(&package(r#"{"path": "t.csv", "schema": {"fields": [{"name": "a"}]}}"#));
        assert_eq!(d.unwrap().publication.url_prefix, "", "relative addresses by default");
        // A misspelt name is named, with the right spelling.
        let typo = package(r#"{"path": "t.csv", "schema": {"fields": [{"name": "a"}]}}"#)
            .replace(r#""lang": "fr-FR""#, r#""lang": "fr-FR", "url_prefix": "/uploads/""#);
        let err = parse(&typo).unwrap_err().to_string();
        assert_eq!(
            err,
            "publication : la propriété « url_prefix » n'existe pas : écrivez « urlPrefix »"
        );
        for (prefix, said) in [
            ("/uploads", "doit finir par « / »"),
            ("/mes fichiers/", "ni espace"),
            ("javascript:alert(1)//", "http(s)"),
            ("ftp://exemple.fr/", "http(s)"),
        ] {
            let err = with(prefix).unwrap_err().to_string();
            assert!(err.starts_with("publication.urlPrefix : "), "{prefix}: {err}");
            assert!(err.contains(said), "{prefix}: {err}");
        }
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

    #[test]
    fn dialect_reads_delimiter_and_quote() {
        let d = parse(&package(r#"{"path": "t.csv", "dialect": {"delimiter": ";", "quoteChar": "'", "doubleQuote": true}, "schema": {"fields": [{"name": "a"}]}}"#)).unwrap();
        assert_eq!(d.dialect, Dialect { delimiter: b';', quote: b'\'' });
    }
}
