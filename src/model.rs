//! The table model: the validated content, the one truth every output shows.
//!
//! In: built by `validate` from a table that passed. Out: read by layout and the HTML export.
//! Every cell is typed; [`Table::display`] gives the exact French text every output shows.

use std::borrow::Cow;

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
    /// Plain spaces before « : ; ! ? % » and inside « » become no-break spaces
    /// ([`french_spacing`]), so every output breaks lines the same French way.
    /// Borrowed from the table when nothing changes (text without spaces to fix).
    pub fn display(&self, row_idx: usize, col_idx: usize) -> Cow<'_, str> {
        match display(&self.columns[col_idx], &self.rows[row_idx].cells[col_idx]) {
            Cow::Borrowed(text) => french_spacing(text),
            Cow::Owned(text) => match french_spacing(&text) {
                Cow::Borrowed(_) => Cow::Owned(text),
                Cow::Owned(spaced) => Cow::Owned(spaced),
            },
        }
    }

    /// The title of column `col_idx` (from 0).
    pub fn title(&self, col_idx: usize) -> &str {
        &self.columns[col_idx].title
    }
}

/// The text of `cell` in `column` (see [`Table::display`]), borrowed when the cell holds it.
pub fn display<'a>(column: &'a Column, cell: &'a Cell) -> Cow<'a, str> {
    match cell {
        Cell::Missing(text) => Cow::Borrowed(text),
        Cell::Value(Value::Text(text)) => Cow::Borrowed(text),
        Cell::Value(Value::Integer(n)) => Cow::Owned(group_digits(*n)),
        Cell::Value(Value::Boolean(b)) => match &column.kind {
            Kind::Boolean { true_values, false_values } => {
                let values = if *b { true_values } else { false_values };
                Cow::Borrowed(values.first().map_or("", String::as_str))
            }
            // A boolean value only comes from a boolean column.
            _ => Cow::Borrowed(if *b { "Oui" } else { "Non" }),
        },
        Cell::Value(Value::Date(date)) => Cow::Owned(date.french()),
        Cell::Value(Value::Year(year)) => Cow::Owned(year.to_string()),
    }
}

/// NO-BREAK SPACE: before « : » and inside « » (French typography, Imprimerie nationale).
const NBSP: char = '\u{A0}';
/// NARROW NO-BREAK SPACE: before « ; ! ? % ».
const NNBSP: char = '\u{202F}';

/// `text` with each plain space (U+0020) before « : » or « » » and after « « » made a no-break
/// space (U+00A0), and each plain space before « ; ! ? % » a narrow no-break space (U+202F).
///
/// Why: the site's Jekyll layout rewrites « ; », « ! », « ? » preceded by a plain space into a
/// `<span>`, also inside attribute values, which breaks the markup. With the spaces already
/// right, that filter finds nothing to do. Only existing spaces are changed: no space is added
/// where the author wrote none (« https://… » stays as it is). Borrowed when nothing changes.
pub fn french_spacing(text: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    // Bytes of `text` before this offset are in `out` already.
    let mut copied = 0;
    // Only plain spaces change: look at them alone (every cell goes through here).
    for pos in memchr::memchr_iter(b' ', text.as_bytes()) {
        let next = text[pos + 1..].chars().next();
        let prev = text[..pos].chars().next_back();
        let replacement = match (prev, next) {
            (_, Some(':' | '»')) => NBSP,
            (_, Some(';' | '!' | '?' | '%')) => NNBSP,
            (Some('«'), _) => NBSP,
            _ => continue,
        };
        let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 8));
        out.push_str(&text[copied..pos]);
        out.push(replacement);
        copied = pos + 1;
    }
    match out {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(text),
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
        if idx > 0 && (digits.len() - idx).is_multiple_of(3) {
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

    /// The rule of [`french_spacing`] said character by character: each plain space is
    /// replaced by what the characters around it in the original text call for.
    fn french_spacing_char_by_char(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        for (idx, &ch) in chars.iter().enumerate() {
            let prev = idx.checked_sub(1).map(|i| chars[i]);
            let next = chars.get(idx + 1).copied();
            out.push(match (ch, prev, next) {
                (' ', _, Some(':' | '»')) => NBSP,
                (' ', _, Some(';' | '!' | '?' | '%')) => NNBSP,
                (' ', Some('«'), _) => NBSP,
                _ => ch,
            });
        }
        out
    }

    proptest::proptest! {
        /// `french_spacing` only looks at the spaces; it must give what the character-by-character
        /// rule gives, and borrow the text when nothing changes.
        #[test]
        fn french_spacing_follows_the_rule(text in "[a «»:;!?%é\u{A0}\u{202F}/.]{0,40}") {
            let spaced = french_spacing(&text);
            let expected = french_spacing_char_by_char(&text);
            proptest::prop_assert_eq!(&*spaced, expected.as_str());
            proptest::prop_assert_eq!(matches!(spaced, Cow::Borrowed(_)), expected == text);
        }
    }
}
