//! The table model: the validated content, the one truth every output shows.
//!
//! In: built by `validate` from a table that passed. Out: read by layout and the HTML export.
//! Every cell is typed ([`Value`], read by [`Kind::read`]); [`Table::display`] gives the exact
//! French text every output shows (worded by [`french`]).

use std::borrow::Cow;

use crate::french;

mod number;
mod value;

pub use number::{MAX_NUMBER_DIGITS, Number};
pub use value::{
    Date, Kind, Value, has_uri_scheme, impossible_iso_date, parse_iso_date, python_strip,
};

/// A validated table.
#[derive(Clone, Debug)]
pub struct Table {
    /// Title, caption, source, date and notes every output prints around the table.
    pub publication: Publication,
    /// Columns in schema order.
    pub columns: Vec<Column>,
    /// Data rows in file order (the header is not one); may be empty.
    pub rows: Vec<Row>,
    /// Index (from 0) of the column whose cell names each row (the first primary-key field,
    /// else the first column): a row header in the PDF and the HTML.
    pub row_header: usize,
}

/// Publication metadata for the outputs (descriptor property `publication`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Publication {
    /// Heading of the document.
    pub title: String,
    /// The table's caption.
    pub caption: String,
    /// Source line, e.g. « Tableau élaboré par la DINUM avec la DGAFP ».
    pub source: String,
    /// Date of the last update.
    pub updated: Date,
    /// Notes and legend, in order.
    pub notes: Vec<String>,
    /// What changed and when (`history`), latest first, none after [`Publication::updated`];
    /// empty when the descriptor has none.
    pub history: Vec<Update>,
    /// Text of the download link.
    pub download_text: String,
    /// Alternative text of the thumbnail.
    pub thumbnail_alt: String,
    /// Document language, BCP 47 (e.g. `fr-FR`).
    pub lang: String,
    /// Start of the PDF's and the thumbnail's addresses in the download card (`urlPrefix`),
    /// e.g. `/uploads/`: a path or an http(s) address ending with `/`. Empty (the default):
    /// addresses relative to the page (`tableau.pdf`).
    pub url_prefix: String,
    /// Name the published files are named from (`fileName`, ASCII letters, digits, `-` and
    /// `_`): `tableau` by default, which gives `tableau.pdf` … `lien.html`; see
    /// [`pipeline::file_names`](crate::pipeline::file_names).
    pub file_name: String,
    /// What a row is called (`rowNoun`): « solution », « outil »…; « ligne » by default.
    pub row_noun: french::Noun,
    /// The abbreviations the HTML expands (`abbreviations`), sorted by [`Abbreviation::short`],
    /// each one word; none by default.
    pub abbreviations: Vec<Abbreviation>,
}

/// One dated note of the publication's history (`publication.history`): what changed, for
/// readers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Update {
    /// The day of the update.
    pub date: Date,
    /// What changed, as readers read it; never empty.
    pub note: String,
}

/// An abbreviation the HTML page expands in `<abbr title="…">` wherever it appears as a whole
/// word (`publication.abbreviations`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Abbreviation {
    /// As written in the text, case counting: one word of letters and digits (« RIE »).
    pub short: String,
    /// Its expansion (« réseau interministériel de l'État »), never empty.
    pub long: String,
    /// The expansion's language when it is not French (BCP 47, « en »), for `lang`.
    pub lang: Option<String>,
}

/// One criterion (or the column that names each row).
#[derive(Clone, Debug)]
pub struct Column {
    /// Schema field name (stable identifier).
    pub name: String,
    /// French label shown in every output.
    pub title: String,
    /// The field's `description`, when the schema has one: the note of the header cell in
    /// the `.xlsx` export and the help of a type error.
    pub description: Option<String>,
    /// The field's type: how cells are read and shown.
    pub kind: Kind,
    /// Which boolean answer is the favourable one (`favourable`, `true` by default): it is
    /// shown green with ✓, the other red with ✗. Meaningless for other types.
    pub favourable: bool,
    /// The closed list of values the column may hold, in the schema's order: its `enum`
    /// constraint, or a boolean's true then false value; `None` for an open column. What the
    /// HTML table can be filtered by.
    pub choices: Option<Vec<Value>>,
}

impl Column {
    /// The column's [`Column::choices`] as every output shows them (see [`Table::display`]).
    pub fn choices_shown(&self) -> Vec<String> {
        self.choices
            .iter()
            .flatten()
            .map(|value| french::spacing(&display(self, &Cell::Value(value.clone()))).into_owned())
            .collect()
    }

    /// Whether `cell` holds this column's favourable boolean answer (see
    /// [`Column::favourable`]); `None` for any other cell: a missing value, a non-boolean.
    pub fn favourable_answer(&self, cell: &Cell) -> Option<bool> {
        match cell {
            Cell::Value(Value::Boolean(answer)) => Some(*answer == self.favourable),
            _ => None,
        }
    }
}

/// One row of the table (what the descriptor's `rowNoun` names).
#[derive(Clone, Debug)]
pub struct Row {
    /// Line of `table.csv` where the row starts (from 1).
    pub line: u64,
    /// One cell per column, in column order.
    pub cells: Vec<Cell>,
}

/// A cell's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// A value of the column's type; text is already trimmed.
    Value(Value),
    /// One of the schema's missing values, kept as written (e.g. « Non communiqué »).
    Missing(String),
}

impl Table {
    /// The text of a cell as every output shows it: booleans as the schema's first true/false
    /// value (« Oui », « Non »), integers grouped with narrow no-break spaces (« 1 000 »), numbers with a
    /// decimal comma too (« 1 234,50 », the fraction digits as written, the text around a
    /// `bareNumber: false` number kept),
    /// dates in French (« 9 avril 2020 »).
    /// Plain spaces before « : ; ! ? % » and inside « » become no-break spaces
    /// ([`french::spacing`]), so every output breaks lines the same French way.
    /// Borrowed from the table when nothing changes (text without spaces to fix).
    /// `row_idx` and `col_idx` count from 0; panics when either is out of the table.
    pub fn display(&self, row_idx: usize, col_idx: usize) -> Cow<'_, str> {
        match display(&self.columns[col_idx], &self.rows[row_idx].cells[col_idx]) {
            Cow::Borrowed(text) => french::spacing(text),
            Cow::Owned(text) => match french::spacing(&text) {
                Cow::Borrowed(_) => Cow::Owned(text),
                Cow::Owned(spaced) => Cow::Owned(spaced),
            },
        }
    }

    /// The title of column `col_idx` (from 0); panics when there is no such column.
    pub fn title(&self, col_idx: usize) -> &str {
        &self.columns[col_idx].title
    }
}

/// The text of `cell` in `column` (see [`Table::display`]), borrowed when the cell holds it.
pub fn display<'a>(column: &'a Column, cell: &'a Cell) -> Cow<'a, str> {
    match cell {
        Cell::Missing(text) => Cow::Borrowed(text),
        Cell::Value(Value::Text(text)) => Cow::Borrowed(text),
        Cell::Value(Value::Integer(n)) => Cow::Owned(french::integer(*n)),
        Cell::Value(Value::Number(n)) => {
            Cow::Owned(format!("{}{}{}", n.prefix(), french::decimal(n.plain()), n.suffix()))
        }
        Cell::Value(Value::Boolean(b)) => match &column.kind {
            Kind::Boolean { true_values, false_values } => {
                let values = if *b { true_values } else { false_values };
                Cow::Borrowed(values.first().map_or("", String::as_str))
            }
            // A boolean value only comes from a boolean column.
            _ => Cow::Borrowed(if *b { "Oui" } else { "Non" }),
        },
        Cell::Value(Value::Date(date)) => Cow::Owned(french::date(date.year, date.month, date.day)),
        Cell::Value(Value::Year(year)) => Cow::Owned(year.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_show_the_first_declared_value() {
        let column = Column {
            name: "b".into(),
            title: "B".into(),
            description: None,
            kind: Kind::Boolean {
                true_values: vec!["Oui".into(), "oui".into()],
                false_values: vec!["Non".into()],
            },
            favourable: true,
            choices: Some(vec![Value::Boolean(true), Value::Boolean(false)]),
        };
        assert_eq!(display(&column, &Cell::Value(Value::Boolean(true))), "Oui");
        assert_eq!(display(&column, &Cell::Value(Value::Boolean(false))), "Non");
        assert_eq!(display(&column, &Cell::Missing("Non communiqué".into())), "Non communiqué");
    }
}
