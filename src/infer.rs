//! Inference: a table's header and cells, as read, → the `datapackage.json` text a publisher
//! would write for it (`comparatif init`), with placeholders to edit.
//!
//! Pure: the records come from the caller ([`crate::pipeline::init`] reads them with `load`),
//! today's date too (the library has no clock). Each rule has its function below, with its
//! doc comment; the order in which a column's type is decided is that of `column`. Every
//! field name is an ASCII snake_case form of its header label (`field_name`): the canonical
//! `table.csv` that `init` writes beside the descriptor has those names for header.

use crate::model::{Number, parse_iso_date};

/// The safety pattern of a text cell, the repository descriptor's: no formula start (`=`, `+`,
/// `-`, `@`) and no control character, so that frictionless and Validata refuse them too.
pub const TEXT_PATTERN: &str = "[^=+\\-@\\x00-\\x1F\\x7F-\\x9F][^\\x00-\\x1F\\x7F-\\x9F]*";

/// The safety pattern of an address cell, the repository descriptor's: `http://` or
/// `https://`, then no space or control character.
pub const URI_PATTERN: &str = "https?://[^\\s\\x00-\\x1F\\x7F-\\x9F]+";

/// The words that say « no information », in the order they are preferred when several are
/// found. See [`missing_word`].
pub const MISSING_WORDS: [&str; 12] = [
    "Non communiqué",
    "Non communiquée",
    "Non renseigné",
    "Non disponible",
    "Inconnu",
    "NC",
    "N/C",
    "N.C.",
    "ND",
    "N/D",
    "N/A",
    "n/a",
];

/// The true and false spellings a boolean column may use, by family (French first); the first
/// of a family is how the family's other answer is guessed when a column has only one.
const BOOLEAN_FAMILIES: [(&[&str], &[&str]); 4] = [
    (&["Oui", "oui", "OUI"], &["Non", "non", "NON"]),
    (&["Vrai", "vrai", "VRAI"], &["Faux", "faux", "FAUX"]),
    (&["Yes", "yes", "YES"], &["No", "no", "NO"]),
    (&["True", "true", "TRUE"], &["False", "false", "FALSE"]),
];

/// At most this many distinct values make a closed list (`enum`). See `is_closed_list`.
pub const MAX_ENUM_VALUES: usize = 8;

/// What [`infer`] needs besides the records.
#[derive(Clone, Copy, Debug)]
pub struct InferOptions<'a> {
    /// The table's file name as people see it (`Comparatif outils.xlsx`): the publication's
    /// `fileName` and the package's `name` come from it ([`file_name`]). Empty: `tableau`.
    pub name: &'a str,
    /// Today's date, `AAAA-MM-JJ`, for `publication.updated` (the host's clock).
    pub today: &'a str,
}

/// What each column turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inferred {
    /// `string`, with the safety pattern when every value allows it.
    Text {
        /// Whether [`TEXT_PATTERN`] is written (no value breaks it).
        pattern: bool,
    },
    /// `string` with `enum`: the distinct values, in order of first appearance.
    List(Vec<String>),
    /// `string`, format `uri`, with [`URI_PATTERN`].
    Address,
    /// `boolean` with its spellings, the canonical one first.
    Boolean {
        /// `trueValues`.
        true_values: Vec<String>,
        /// `falseValues`.
        false_values: Vec<String>,
    },
    /// `integer`.
    Integer,
    /// `number` with its decimal and group characters.
    Number {
        /// `decimalChar`.
        decimal_char: char,
        /// `groupChar`, when a value groups its thousands.
        group_char: Option<char>,
    },
    /// `date` (ISO, `AAAA-MM-JJ`).
    Date,
    /// `year`.
    Year,
}

/// One column's header label and cells (as read, spaces included), in row order.
#[derive(Clone, Copy, Debug)]
pub struct ColumnCells<'a> {
    /// The header label.
    pub label: &'a str,
    /// The column's cells, one per data row (a short row gives `""`).
    pub cells: &'a [&'a str],
}

/// The descriptor's JSON text (two-space indentation, publication first as in the
/// repository's, then the resource) for a table of header `labels` and `rows` (data rows, each
/// as read). Field names are [`field_names`] of the labels.
pub fn infer(labels: &[String], rows: &[Vec<String>], options: &InferOptions<'_>) -> String {
    let columns: Vec<Vec<&str>> = (0..labels.len())
        .map(|idx| rows.iter().map(|r| r.get(idx).map_or("", |c| c.trim())).collect())
        .collect();
    let missing = missing_word(&columns);
    let names = field_names(labels);
    let key = columns.first().is_some_and(|cells| is_key(cells, missing));
    let mut fields = Vec::new();
    let mut has_empty = false;
    for (idx, cells) in columns.iter().enumerate() {
        let present: Vec<&str> =
            cells.iter().copied().filter(|c| !c.is_empty() && Some(*c) != missing).collect();
        has_empty |= cells.iter().any(|c| c.is_empty());
        let is_key = key && idx == 0;
        let kind = column(&present, labels[idx].trim(), is_key);
        let required = !cells.is_empty() && present.len() == cells.len();
        fields.push(field(&names[idx], labels[idx].trim(), &kind, required, is_key));
    }
    let mut schema = vec![("fields", J::Arr(fields))];
    if key {
        schema.push(("primaryKey", J::Arr(vec![J::str(&names[0])])));
    }
    let mut missing_values: Vec<J> = missing.map(J::str).into_iter().collect();
    if missing.is_some() && has_empty {
        missing_values.push(J::str(""));
    }
    if !missing_values.is_empty() {
        schema.push(("missingValues", J::Arr(missing_values)));
    }
    let file = file_name(options.name);
    let noun = key.then(|| row_noun(labels[0].trim())).flatten();
    let resource = J::Obj(vec![
        ("name", J::str(&file)),
        ("path", J::str("table.csv")),
        ("profile", J::str("tabular-data-resource")),
        ("format", J::str("csv")),
        ("mediatype", J::str("text/csv")),
        ("encoding", J::str("utf-8")),
        ("schema", J::Obj(schema)),
    ]);
    let package = J::Obj(vec![
        ("name", J::str(&file)),
        ("title", J::str("À compléter : titre du jeu de données")),
        ("publication", publication(options, &file, noun)),
        ("resources", J::Arr(vec![resource])),
    ]);
    let mut text = String::new();
    package.write(&mut text, 0);
    text.push('\n');
    text
}

/// The `publication` object: French placeholders starting « À compléter » (easy to find and
/// accepted as they are, so that the table builds at once), today's date, `fr-FR`, the row
/// noun when one is guessed and the file name.
fn publication(options: &InferOptions<'_>, file: &str, noun: Option<(String, String, char)>) -> J {
    let mut members = vec![
        ("title", J::str("À compléter : titre du tableau")),
        ("caption", J::str("À compléter : légende du tableau, ce qu'il compare et pour qui")),
        ("source", J::str("À compléter : source (par exemple « Tableau élaboré par … »)")),
        ("updated", J::str(options.today)),
        ("notes", J::Arr(vec![J::str("À compléter : notes sous le tableau, ou liste vide")])),
        ("downloadText", J::str("Télécharger le tableau comparatif")),
        ("thumbnailAlt", J::str("Aperçu du tableau comparatif")),
        ("lang", J::str("fr-FR")),
    ];
    if let Some((singular, plural, gender)) = noun {
        members.push((
            "rowNoun",
            J::Obj(vec![
                ("singular", J::str(&singular)),
                ("plural", J::str(&plural)),
                ("gender", J::str(&gender.to_string())),
            ]),
        ));
    }
    members.push(("fileName", J::str(file)));
    J::Obj(members)
}

/// One field of the schema: name, title, type and its properties, then the constraints
/// (`required` when no cell is empty or missing; `unique` for the key; `enum`, `pattern`).
fn field(name: &str, label: &str, kind: &Inferred, required: bool, key: bool) -> J {
    let title = if label.is_empty() { name } else { label };
    let mut members = vec![("name", J::str(name)), ("title", J::str(title))];
    let mut constraints = vec![("required", J::Bool(required || key))];
    if key {
        constraints.push(("unique", J::Bool(true)));
    }
    match kind {
        Inferred::Text { pattern } => {
            members.push(("type", J::str("string")));
            if *pattern {
                constraints.push(("pattern", J::str(TEXT_PATTERN)));
            }
        }
        Inferred::List(values) => {
            members.push(("type", J::str("string")));
            constraints.push(("enum", J::Arr(values.iter().map(|v| J::str(v)).collect())));
        }
        Inferred::Address => {
            members.push(("type", J::str("string")));
            members.push(("format", J::str("uri")));
            constraints.push(("pattern", J::str(URI_PATTERN)));
        }
        Inferred::Boolean { true_values, false_values } => {
            members.push(("type", J::str("boolean")));
            members.push(("trueValues", J::Arr(true_values.iter().map(|v| J::str(v)).collect())));
            members.push(("falseValues", J::Arr(false_values.iter().map(|v| J::str(v)).collect())));
        }
        Inferred::Integer => members.push(("type", J::str("integer"))),
        Inferred::Number { decimal_char, group_char } => {
            members.push(("type", J::str("number")));
            members.push(("decimalChar", J::str(&decimal_char.to_string())));
            if let Some(group) = group_char {
                members.push(("groupChar", J::str(&group.to_string())));
            }
        }
        Inferred::Date => members.push(("type", J::str("date"))),
        Inferred::Year => members.push(("type", J::str("year"))),
    }
    members.push(("constraints", J::Obj(constraints)));
    J::Obj(members)
}

/// A column's type, from its present values (neither empty nor the missing word), tried in
/// this order: none → text; `boolean`; `integer_like` (then `is_year`); `number`;
/// every value an ISO date (`2020-04-09`) → date; every value an `http(s)://` address
/// without spaces → address; `is_closed_list` → list (never for the key); else text, with
/// the safety pattern when no value starts with `=`, `+`, `-`, `@` or holds a control
/// character. The key column (`is_key`) is never a boolean.
pub fn column(present: &[&str], label: &str, is_key: bool) -> Inferred {
    if present.is_empty() {
        return Inferred::Text { pattern: true };
    }
    if !is_key && let Some(kind) = boolean(present) {
        return kind;
    }
    if present.iter().all(|v| integer_like(v)) {
        return if is_year(present, label) { Inferred::Year } else { Inferred::Integer };
    }
    if let Some(kind) = number(present) {
        return kind;
    }
    if present.iter().all(|v| v.len() == 10 && parse_iso_date(v).is_some()) {
        return Inferred::Date;
    }
    if present.iter().all(|v| is_address(v)) {
        return Inferred::Address;
    }
    if !is_key && is_closed_list(present) {
        let mut values: Vec<String> = Vec::new();
        for v in present {
            if !values.iter().any(|seen| seen == v) {
                values.push((*v).to_owned());
            }
        }
        return Inferred::List(values);
    }
    let safe =
        |v: &&str| !v.starts_with(['=', '+', '-', '@']) && !v.chars().any(|c| c.is_control());
    Inferred::Text { pattern: present.iter().all(safe) }
}

/// Boolean: every value is a true or false spelling of one family of [`BOOLEAN_FAMILIES`]
/// (Oui/Non, Vrai/Faux, Yes/No, True/False, in any of three cases); `trueValues` and
/// `falseValues` list the spellings found, the family's capitalised one first (how the
/// canonical CSV writes them), and the family's other answer when the column has only one.
fn boolean(present: &[&str]) -> Option<Inferred> {
    BOOLEAN_FAMILIES.iter().find_map(|(trues, falses)| {
        let belongs = |v: &&str| trues.contains(v) || falses.contains(v);
        if !present.iter().all(belongs) {
            return None;
        }
        let found = |spellings: &[&str]| -> Vec<String> {
            let mut out = vec![spellings[0].to_owned()];
            out.extend(
                spellings[1..].iter().filter(|s| present.contains(s)).map(|s| (*s).to_owned()),
            );
            out
        };
        Some(Inferred::Boolean { true_values: found(trues), false_values: found(falses) })
    })
}

/// An integer as a publisher writes one: an optional `-`, then 1 to 15 ASCII digits, without a
/// leading zero (`01234` is a code, kept as text: an integer column would drop the zero).
fn integer_like(value: &str) -> bool {
    let digits = value.strip_prefix('-').unwrap_or(value);
    !digits.is_empty()
        && digits.len() <= 15
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
}

/// Year: integers of four digits from 1000 to 2999, in a column whose label speaks of a year
/// (« année », « an », « year », « millésime », « depuis », « création »): a column of prices
/// from 1 000 to 2 999 stays an integer.
fn is_year(present: &[&str], label: &str) -> bool {
    let label = ascii_fold(label);
    let words: Vec<&str> = label.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    let speaks = words.iter().any(|w| {
        matches!(*w, "annee" | "annees" | "an" | "year" | "millesime" | "depuis" | "creation")
    });
    speaks && present.iter().all(|v| v.len() == 4 && matches!(v.as_bytes()[0], b'1' | b'2'))
}

/// Number: every value is a decimal with one decimal character, `,` (« 12,5 ») or `.`
/// (« 12.5 ») but not both kinds across the column, whole numbers allowed among them, and
/// thousands grouped by a space (ordinary, no-break or narrow no-break) when some value
/// groups them (« 1 234,5 »); each value read back as the `number` type reads it.
fn number(present: &[&str]) -> Option<Inferred> {
    let comma = present.iter().any(|v| v.contains(','));
    let point = present.iter().any(|v| v.contains('.'));
    let decimal_char = match (comma, point) {
        (true, false) => ',',
        (false, true) => '.',
        _ => return None,
    };
    let group_char =
        [' ', '\u{A0}', '\u{202F}'].into_iter().find(|g| present.iter().any(|v| v.contains(*g)));
    let shaped = |v: &&str| {
        let v = v.strip_prefix('-').unwrap_or(v);
        v.starts_with(|c: char| c.is_ascii_digit())
            && v.ends_with(|c: char| c.is_ascii_digit())
            && v.chars().all(|c| c.is_ascii_digit() || c == decimal_char || Some(c) == group_char)
            && v.matches(decimal_char).count() <= 1
    };
    let reads = |v: &&str| Number::read(v, decimal_char, group_char, true).is_some();
    present
        .iter()
        .all(|v| shaped(v) && reads(v))
        .then_some(Inferred::Number { decimal_char, group_char })
}

/// An address: `http://` or `https://` then at least one character, none a space or a control
/// character (what [`URI_PATTERN`] accepts).
fn is_address(value: &str) -> bool {
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.chars().any(|c| c.is_whitespace() || c.is_control()))
}

/// Closed list: at most [`MAX_ENUM_VALUES`] distinct values, each of 40 characters at most,
/// and each used twice on average (distinct values × 2 ≤ present values): a column of a few
/// repeated words (« France », « Union européenne »), not one of free texts.
fn is_closed_list(present: &[&str]) -> bool {
    let mut distinct: Vec<&str> = Vec::new();
    for v in present {
        if !distinct.contains(v) {
            distinct.push(v);
        }
    }
    distinct.len() <= MAX_ENUM_VALUES
        && distinct.len() * 2 <= present.len()
        && distinct.iter().all(|v| v.chars().count() <= 40)
}

/// The missing-value word: the first of [`MISSING_WORDS`] found (as a whole cell, spaces
/// around removed) in at least two columns, or in the only column; `None` when none is.
pub fn missing_word(columns: &[Vec<&str>]) -> Option<&'static str> {
    let needed = columns.len().min(2);
    MISSING_WORDS
        .into_iter()
        .find(|word| columns.iter().filter(|cells| cells.contains(word)).count() >= needed.max(1))
}

/// The key: the first column when every cell is present (neither empty nor the missing word)
/// and no two cells are equal.
fn is_key(cells: &[&str], missing: Option<&str>) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    !cells.is_empty()
        && cells.iter().all(|c| !c.is_empty() && Some(*c) != missing && seen.insert(*c))
}

/// Field names: each label's [`snake_case`] form, `colonne_N` (N from 1) when it has no letter
/// or digit, and `_2`, `_3`… added to a name already taken.
pub fn field_names(labels: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(labels.len());
    for (idx, label) in labels.iter().enumerate() {
        let base = snake_case(label);
        let base = if base.is_empty() { format!("colonne_{}", idx + 1) } else { base };
        let mut name = base.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        names.push(name);
    }
    names
}

/// `Hébergement des données` → `hebergement_des_donnees`: accents removed (`ascii_fold`),
/// lower case, every run of other characters one `_`, none at either end.
pub fn snake_case(label: &str) -> String {
    separated(label, '_')
}

/// The publication's `fileName`: the table's file name without its extension and folders,
/// written like [`snake_case`] with `-` (`Outils de visio.xlsx` → `outils-de-visio`), 100
/// characters at most; `tableau` when nothing is left, or when the name would take another
/// table's files (`apercu`, `lien`, `…-apercu`, `…-lien`).
pub fn file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    let mut file = separated(stem, '-');
    file.truncate(100);
    let file = file.trim_end_matches('-').to_owned();
    let taken =
        file == "apercu" || file == "lien" || file.ends_with("-apercu") || file.ends_with("-lien");
    if file.is_empty() || taken { crate::pipeline::DEFAULT_FILE_NAME.to_owned() } else { file }
}

fn separated(text: &str, separator: char) -> String {
    let mut out = String::new();
    for c in ascii_fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with(separator) {
            out.push(separator);
        }
    }
    out.trim_end_matches(separator).to_owned()
}

/// `text` with the accented Latin letters of French (and a few neighbours) written without
/// their accent, `œ` and `æ` as two letters; other characters kept.
fn ascii_fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let folded = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
            'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => "A",
            'ç' => "c",
            'Ç' => "C",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'É' | 'È' | 'Ê' | 'Ë' => "E",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'Î' | 'Ï' | 'Í' | 'Ì' => "I",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
            'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => "O",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'Ù' | 'Û' | 'Ü' | 'Ú' => "U",
            'ÿ' => "y",
            'ñ' => "n",
            'œ' => "oe",
            'Œ' => "OE",
            'æ' => "ae",
            'Æ' => "AE",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(folded);
    }
    out
}

/// Nouns whose gender the rule of endings would miss or that tables often use.
const FEMININE: [&str; 24] = [
    "solution",
    "application",
    "offre",
    "plateforme",
    "demarche",
    "aide",
    "formation",
    "structure",
    "entreprise",
    "commune",
    "region",
    "administration",
    "mesure",
    "ressource",
    "association",
    "ecole",
    "universite",
    "methode",
    "fonctionnalite",
    "prestation",
    "marque",
    "messagerie",
    "banque",
    "voiture",
];
const MASCULINE: [&str; 12] = [
    "outil",
    "logiciel",
    "service",
    "produit",
    "fournisseur",
    "editeur",
    "projet",
    "site",
    "dispositif",
    "operateur",
    "prestataire",
    "organisme",
];

/// The rows' noun, from the key column's label: its first word in lower case, or the word after
/// « de la », « du », « de l' », « des », « de » when the label starts with « nom », « intitulé »
/// or « libellé » (« Nom de l'outil » → outil). Plural: unchanged after `s`, `x`, `z`; `-al` →
/// `-aux`; `-au`, `-eu` → `+x`; else `+s`. Gender: from a short list of common nouns, else
/// feminine for the endings `-tion`, `-sion`, `-té`, `-ie`, `-ure`, `-ence`, `-ance`, `-ette`,
/// `-ade`, `-ise`, masculine otherwise (a guess to check, said in the README). `None` when the
/// word is not made of letters (and `-`) or is longer than 40 characters: the neutral « ligne ».
pub fn row_noun(label: &str) -> Option<(String, String, char)> {
    let lower = label.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '\'' || c == '’')
        .filter(|w| !w.is_empty())
        .collect();
    let first = *words.first()?;
    let word = if matches!(first, "nom" | "intitulé" | "libellé") {
        words.iter().skip(1).find(|w| !matches!(**w, "de" | "la" | "du" | "l" | "des" | "d"))?
    } else {
        first
    };
    if word.chars().count() > 38 || !word.chars().all(|c| c.is_alphabetic() || c == '-') {
        return None;
    }
    let plural = if word.ends_with(['s', 'x', 'z']) {
        word.to_owned()
    } else if let Some(stem) = word.strip_suffix("al") {
        format!("{stem}aux")
    } else if word.ends_with("au") || word.ends_with("eu") {
        format!("{word}x")
    } else {
        format!("{word}s")
    };
    let folded = ascii_fold(word);
    let gender = if FEMININE.contains(&folded.as_str()) {
        'f'
    } else if MASCULINE.contains(&folded.as_str()) {
        'm'
    } else if ["tion", "sion", "te", "ie", "ure", "ence", "ance", "ette", "ade", "ise"]
        .iter()
        .any(|end| folded.ends_with(end))
        && (word.ends_with('é') || !folded.ends_with("te"))
    {
        'f'
    } else {
        'm'
    };
    Some((word.to_owned(), plural, gender))
}

/// A JSON value written in a fixed member order (`serde_json`'s map sorts its keys).
enum J {
    Obj(Vec<(&'static str, J)>),
    Arr(Vec<J>),
    Str(String),
    Bool(bool),
}

impl J {
    fn str(text: &str) -> J {
        J::Str(text.to_owned())
    }

    fn write(&self, out: &mut String, depth: usize) {
        let pad = |out: &mut String, depth: usize| out.push_str(&"  ".repeat(depth));
        match self {
            J::Str(text) => {
                out.push_str(&serde_json::to_string(text).expect("a string always serialises"));
            }
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Arr(items) if items.is_empty() => out.push_str("[]"),
            J::Arr(items) => {
                out.push_str("[\n");
                for (idx, item) in items.iter().enumerate() {
                    pad(out, depth + 1);
                    item.write(out, depth + 1);
                    out.push_str(if idx + 1 < items.len() { ",\n" } else { "\n" });
                }
                pad(out, depth);
                out.push(']');
            }
            J::Obj(members) => {
                out.push_str("{\n");
                for (idx, (key, value)) in members.iter().enumerate() {
                    pad(out, depth + 1);
                    out.push_str(&format!("\"{key}\": "));
                    value.write(out, depth + 1);
                    out.push_str(if idx + 1 < members.len() { ",\n" } else { "\n" });
                }
                pad(out, depth);
                out.push('}');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn column_types_follow_the_rules_in_order() {
        let boolean = |t: &[&str], f: &[&str]| Inferred::Boolean {
            true_values: strings(t),
            false_values: strings(f),
        };
        let cases: Vec<(&[&str], &str, Inferred)> = vec![
            (&["Oui", "Non", "Oui"], "Audio", boolean(&["Oui"], &["Non"])),
            (&["Oui", "oui", "Non"], "Audio", boolean(&["Oui", "oui"], &["Non"])),
            (&["Oui", "Oui"], "Audio", boolean(&["Oui"], &["Non"])),
            (&["Vrai", "FAUX"], "Test", boolean(&["Vrai"], &["Faux", "FAUX"])),
            (&["Oui", "Faux"], "Mêlé", Inferred::Text { pattern: true }),
            (&["12", "-3", "0"], "Prix", Inferred::Integer),
            (&["01234", "75001"], "Code postal", Inferred::Text { pattern: true }),
            (&["2019", "2020"], "Année de création", Inferred::Year),
            (&["2019", "2020"], "Prix", Inferred::Integer),
            (&["12,5", "3"], "Note", Inferred::Number { decimal_char: ',', group_char: None }),
            (&["12.5", "3"], "Note", Inferred::Number { decimal_char: '.', group_char: None }),
            (
                &["1 234,5", "3"],
                "Prix",
                Inferred::Number { decimal_char: ',', group_char: Some(' ') },
            ),
            (&["1,5", "2.5"], "Mêlé", Inferred::Text { pattern: true }),
            (&["2020-04-09", "2021-12-31"], "Date", Inferred::Date),
            (&["2020-02-30"], "Date", Inferred::Text { pattern: true }),
            (&["https://a.fr", "http://b.fr/x"], "Site", Inferred::Address),
            (&["https://a.fr", "a.fr"], "Site", Inferred::Text { pattern: true }),
            (
                &["France", "UE", "France", "UE"],
                "Hébergement",
                Inferred::List(strings(&["France", "UE"])),
            ),
            (&["a", "b", "c"], "Texte", Inferred::Text { pattern: true }),
            (&["-1 point", "b"], "Texte", Inferred::Text { pattern: false }),
            (&[], "Vide", Inferred::Text { pattern: true }),
        ];
        for (values, label, expected) in cases {
            assert_eq!(column(values, label, false), expected, "{values:?} in « {label} »");
        }
        // The key is never a closed list nor a boolean.
        assert_eq!(column(&["A", "A"], "Nom", true), Inferred::Text { pattern: true });
        assert_eq!(column(&["Oui", "Non"], "Nom", true), Inferred::Text { pattern: true });
    }

    #[test]
    fn the_missing_word_is_one_found_in_two_columns() {
        let cases: Vec<(Vec<Vec<&str>>, Option<&str>)> = vec![
            (vec![vec!["a", "NC"], vec!["NC", "1"]], Some("NC")),
            (vec![vec!["a", "NC"], vec!["x", "1"]], None),
            (vec![vec!["NC", "1"]], Some("NC")),
            (
                vec![vec!["N/A", "Non communiqué"], vec!["N/A", "Non communiqué"]],
                Some("Non communiqué"),
            ),
            (vec![vec!["nc"], vec!["nc"]], None),
        ];
        for (columns, expected) in cases {
            assert_eq!(missing_word(&columns), expected, "{columns:?}");
        }
    }

    #[test]
    fn names_are_ascii_snake_case_and_distinct() {
        let labels =
            strings(&["Hébergement des données", "Participants (max.)", "", "Œuvre", "œuvre"]);
        assert_eq!(
            field_names(&labels),
            ["hebergement_des_donnees", "participants_max", "colonne_3", "oeuvre", "oeuvre_2"]
        );
        for (name, expected) in [
            ("Outils de visio.xlsx", "outils-de-visio"),
            ("/tmp/a/Comparatif_2024.csv", "comparatif-2024"),
            ("lien.csv", "tableau"),
            ("outils-apercu.ods", "tableau"),
            ("-", "tableau"),
        ] {
            assert_eq!(file_name(name), expected, "{name}");
        }
    }

    #[test]
    fn the_row_noun_comes_from_the_key_label() {
        let noun = |s: &str, p: &str, g: char| Some((s.to_owned(), p.to_owned(), g));
        for (label, expected) in [
            ("Solution", noun("solution", "solutions", 'f')),
            ("Outil", noun("outil", "outils", 'm')),
            ("Nom de l'outil", noun("outil", "outils", 'm')),
            ("Nom de la démarche", noun("démarche", "démarches", 'f')),
            ("Journal", noun("journal", "journaux", 'm')),
            ("Bureau", noun("bureau", "bureaux", 'm')),
            ("Collectivité", noun("collectivité", "collectivités", 'f')),
            ("Pays", noun("pays", "pays", 'm')),
            ("Site", noun("site", "sites", 'm')),
            ("N°", None),
        ] {
            assert_eq!(row_noun(label), expected, "{label}");
        }
    }

    #[test]
    fn the_descriptor_parses_and_says_what_was_found() {
        let labels = strings(&["Solution", "Hébergement", "Participants", "Audio"]);
        let rows: Vec<Vec<String>> = [
            ["A", "France", "10", "Oui"],
            ["B", "France", "NC", "Non"],
            ["C", "UE", "20", "NC"],
            ["D", "UE", "", "Oui"],
        ]
        .iter()
        .map(|r| strings(r))
        .collect();
        let text =
            infer(&labels, &rows, &InferOptions { name: "Mes outils.csv", today: "2026-12-07" });
        let descriptor = crate::schema::parse(&text).expect("the inferred descriptor parses");
        assert_eq!(descriptor.publication.file_name, "mes-outils");
        assert_eq!(descriptor.table_path, "table.csv");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let schema = &json["resources"][0]["schema"];
        assert_eq!(schema["primaryKey"], serde_json::json!(["solution"]));
        assert_eq!(schema["missingValues"], serde_json::json!(["NC", ""]));
        assert_eq!(schema["fields"][1]["constraints"]["enum"], serde_json::json!(["France", "UE"]));
        assert_eq!(schema["fields"][1]["constraints"]["required"], true);
        assert_eq!(schema["fields"][2]["type"], "integer");
        assert_eq!(schema["fields"][2]["constraints"]["required"], false);
        assert_eq!(schema["fields"][3]["trueValues"], serde_json::json!(["Oui"]));
        assert_eq!(json["publication"]["rowNoun"]["gender"], "f");
        assert_eq!(json["publication"]["updated"], "2026-12-07");
    }
}
