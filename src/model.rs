//! The table model: the validated content, the one truth every output shows.
//!
//! In: built by `validate` from a table that passed. Out: read by layout and the HTML export.
//! Every cell is typed; [`Table::display`] gives the exact French text every output shows.

use crate::schema::{Kind, Publication, Value};

/// A validated table.
#[derive(Clone, Debug)]
pub struct Table {
    pub publication: Publication,
    /// Columns in schema order.
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Index (from 0) of the column whose cell names each row (the first primary-key field,
    /// else the first column): a row header in the PDF and the HTML.
    pub row_header: usize,
}

/// One criterion (or the solution's name).
#[derive(Clone, Debug)]
pub struct Column {
    /// Schema field name (stable identifier).
    pub name: String,
    /// French label shown in every output.
    pub title: String,
    pub description: Option<String>,
    pub kind: Kind,
}

/// One solution.
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
    /// value (« Oui », « Non »), integers grouped with narrow no-break spaces (« 1 000 »),
    /// dates in French (« 9 avril 2020 »).
    pub fn display(&self, row_idx: usize, col_idx: usize) -> String {
        display(&self.columns[col_idx], &self.rows[row_idx].cells[col_idx])
    }

    /// The title of column `col_idx` (from 0).
    pub fn title(&self, col_idx: usize) -> &str {
        &self.columns[col_idx].title
    }
}

/// The text of `cell` in `column` (see [`Table::display`]).
pub fn display(column: &Column, cell: &Cell) -> String {
    match cell {
        Cell::Missing(text) => text.clone(),
        Cell::Value(Value::Text(text)) => text.clone(),
        Cell::Value(Value::Integer(n)) => group_digits(*n),
        Cell::Value(Value::Boolean(b)) => match &column.kind {
            Kind::Boolean { true_values, false_values } => {
                let values = if *b { true_values } else { false_values };
                values.first().cloned().unwrap_or_default()
            }
            // A boolean value only comes from a boolean column.
            _ => if *b { "Oui" } else { "Non" }.to_owned(),
        },
        Cell::Value(Value::Date(date)) => date.french(),
        Cell::Value(Value::Year(year)) => year.to_string(),
    }
}

/// French digit grouping with U+202F: 1000 → « 1 000 », -25000 → « -25 000 ».
pub fn group_digits(n: i128) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (idx, ch) in digits.chars().enumerate() {
        if idx > 0 && (digits.len() - idx) % 3 == 0 {
            out.push('\u{202F}');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_the_french_way() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1000, "1\u{202F}000"),
            (-25000, "-25\u{202F}000"),
            (1234567, "1\u{202F}234\u{202F}567"),
        ] {
            assert_eq!(group_digits(n), text);
        }
    }

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
        };
        assert_eq!(display(&column, &Cell::Value(Value::Boolean(true))), "Oui");
        assert_eq!(display(&column, &Cell::Value(Value::Boolean(false))), "Non");
        assert_eq!(display(&column, &Cell::Missing("Non communiqué".into())), "Non communiqué");
    }
}
