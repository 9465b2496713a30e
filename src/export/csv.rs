//! CSV export: a validated [`Table`] → the canonical `table.csv`, the exact bytes the
//! repository keeps.
//!
//! In: the table and the descriptor's dialect. Out: UTF-8 without byte-order mark, the header
//! of technical names then one line per row, each line ending with `\n` (LF), cells separated
//! by the dialect's delimiter and quoted with its quote character only when they hold it, the
//! delimiter or a line break (a quote inside is doubled). Each cell is written as the schema
//! reads it back: a text as it is (spaces around already removed), an integer in plain digits,
//! a number in plain digits with the column's decimal character, its fraction digits as written
//! and no group character or exponent (`1 234,50` → `1234,50`; the text around a `bareNumber:
//! false` number kept),
//! a boolean as the column's first true or false value (« Oui », « Non »), a date as
//! `AAAA-MM-JJ`, a year in four digits, a missing value as written (« Non communiqué »).

use crate::model::{Cell, Kind, Table, Value};
use crate::schema::Dialect;

/// The canonical CSV bytes of `table`.
pub fn csv(table: &Table, dialect: Dialect) -> Vec<u8> {
    let mut out = Vec::new();
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    write_record(&mut out, &names, dialect);
    let mut texts: Vec<String> = Vec::with_capacity(table.columns.len());
    for row in &table.rows {
        texts.clear();
        for (column, cell) in table.columns.iter().zip(&row.cells) {
            texts.push(canonical(&column.kind, cell));
        }
        let cells: Vec<&str> = texts.iter().map(String::as_str).collect();
        write_record(&mut out, &cells, dialect);
    }
    out
}

/// A cell's text as `table.csv` holds it.
pub fn canonical(kind: &Kind, cell: &Cell) -> String {
    match cell {
        Cell::Missing(text) => text.clone(),
        Cell::Value(Value::Text(text)) => text.clone(),
        Cell::Value(Value::Integer(n)) => n.to_string(),
        Cell::Value(Value::Number(n)) => {
            let plain = match kind {
                Kind::Number { decimal_char, .. } if *decimal_char != '.' => {
                    n.plain().replace('.', &decimal_char.to_string())
                }
                _ => n.plain().to_owned(),
            };
            format!("{}{plain}{}", n.prefix(), n.suffix())
        }
        Cell::Value(Value::Boolean(b)) => match kind {
            Kind::Boolean { true_values, false_values } => {
                let values = if *b { true_values } else { false_values };
                values.first().cloned().unwrap_or_default()
            }
            // A boolean value only comes from a boolean column.
            _ => b.to_string(),
        },
        Cell::Value(Value::Date(date)) => date.to_string(),
        Cell::Value(Value::Year(year)) => format!("{year:04}"),
    }
}

fn write_record(out: &mut Vec<u8>, cells: &[&str], dialect: Dialect) {
    let (delimiter, quote) = (dialect.delimiter, dialect.quote);
    for (idx, cell) in cells.iter().enumerate() {
        if idx > 0 {
            out.push(delimiter);
        }
        let bytes = cell.as_bytes();
        // A record of one empty cell would read back as a blank line.
        let needs_quotes =
            bytes.iter().any(|&b| b == delimiter || b == quote || b == b'\n' || b == b'\r')
                || (cells.len() == 1 && bytes.is_empty());
        if !needs_quotes {
            out.extend_from_slice(bytes);
            continue;
        }
        out.push(quote);
        for &b in bytes {
            if b == quote {
                out.push(quote);
            }
            out.push(b);
        }
        out.push(quote);
    }
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_only_when_they_must_be() {
        let mut out = Vec::new();
        write_record(&mut out, &["a", "b,c", "d\"e", "f\ng", ""], Dialect::default());
        assert_eq!(String::from_utf8(out).unwrap(), "a,\"b,c\",\"d\"\"e\",\"f\ng\",\n");
        let mut out = Vec::new();
        write_record(&mut out, &[""], Dialect::default());
        assert_eq!(out, b"\"\"\n");
    }
}
