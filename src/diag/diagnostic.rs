//! One diagnostic: a problem in the table with its place (line, column, sheet, field), its
//! [`Severity`], its [`Code`], its French message and hint. In: what `load` and `validate`
//! found. Out: [`Diagnostic`] values, escaped for showing and placed as a spreadsheet shows
//! them.

use std::fmt::Write as _;

use serde::Serialize;

use super::Code;
use crate::french;

/// Whether a diagnostic rejects the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Severity {
    /// The table is rejected; nothing is published.
    #[serde(rename = "erreur")]
    Error,
    /// The table is accepted; comparatif normalised something and says so.
    #[serde(rename = "avertissement")]
    Warning,
}

impl Severity {
    /// The French word shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "erreur",
            Severity::Warning => "avertissement",
        }
    }
}

/// One problem in the table, with its exact place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether the table is rejected ([`Severity::Error`]) or only told something.
    pub severity: Severity,
    /// The stable code (`valeur-interdite`…) that tools and the documentation key on.
    pub code: Code,
    /// Line of the file, starting at 1; `None` for the whole file.
    pub line: Option<u64>,
    /// Column, starting at 1; `None` for a whole line.
    pub column: Option<u32>,
    /// The sheet, when the table is a spreadsheet: with `line` and `column` it names the cell
    /// (`E4`). Set by the spreadsheet source on everything said while it is read.
    pub sheet: Option<String>,
    /// Schema field name of the column, when the column belongs to the schema.
    pub field: Option<String>,
    /// Field title (French label), when known.
    pub title: Option<String>,
    /// The cell's text as read.
    pub value: Option<String>,
    /// What is wrong, in French: lowercase start, no final full stop, values quoted with « ».
    /// Empty until [`Diagnostic::message`] sets it.
    pub message: String,
    /// How to fix it, in French, as an instruction; `None` when there is nothing to suggest.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error (the table is rejected) about the whole file.
    pub fn error(code: Code) -> Self {
        Self::new(Severity::Error, code)
    }

    /// A warning (the table is accepted) about the whole file.
    pub fn warning(code: Code) -> Self {
        Self::new(Severity::Warning, code)
    }

    fn new(severity: Severity, code: Code) -> Self {
        Diagnostic {
            severity,
            code,
            line: None,
            column: None,
            sheet: None,
            field: None,
            title: None,
            value: None,
            message: String::new(),
            hint: None,
        }
    }

    /// Places the diagnostic on a line (starting at 1).
    pub fn line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// Places the diagnostic on a column (starting at 1).
    pub fn column(mut self, column: u32) -> Self {
        self.column = Some(column);
        self
    }

    /// Names the schema field and its French title.
    pub fn field(mut self, name: &str, title: &str) -> Self {
        self.field = Some(name.to_owned());
        self.title = Some(title.to_owned());
        self
    }

    /// Keeps the cell text as read.
    pub fn value(mut self, value: &str) -> Self {
        self.value = Some(value.to_owned());
        self
    }

    /// Sets the French message (lowercase start, no final full stop), replacing any earlier.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// Sets the French hint, an instruction that says how to fix it, replacing any earlier.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic rejects the table ([`Severity::Error`]).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Places the diagnostic in a sheet of a spreadsheet.
    pub fn sheet(mut self, sheet: &str) -> Self {
        self.sheet = Some(sheet.to_owned());
        self
    }

    /// The same diagnostic as it may be shown: every text [`french::escape`]d (a message may quote a
    /// header label or a sheet name as read), the value cut after [`MAX_SHOWN_CHARS`](crate::limits::MAX_SHOWN_CHARS)
    /// characters as in messages.
    pub fn escaped(self) -> Diagnostic {
        let text = |t: String| match french::escape(&t) {
            std::borrow::Cow::Borrowed(_) => t,
            std::borrow::Cow::Owned(escaped) => escaped,
        };
        Diagnostic {
            sheet: self.sheet.map(text),
            field: self.field.map(text),
            title: self.title.map(text),
            // Only JSON shows the value, where its own escaping keeps every character exact
            // ([`json_safe`]): cut, not escaped.
            value: self.value.map(french::cut),
            message: text(self.message),
            hint: self.hint.map(text),
            ..self
        }
    }

    /// The spreadsheet letter of the column, if any.
    pub fn column_letter(&self) -> Option<String> {
        self.column.map(french::column_letter)
    }

    /// The cell reference a spreadsheet shows (`E4`), for a diagnostic about one cell of a
    /// sheet.
    pub fn cell(&self) -> Option<String> {
        match (&self.sheet, self.line, self.column) {
            (Some(_), Some(line), Some(column)) => Some(french::cell_name(column, line)),
            _ => None,
        }
    }

    /// Where the diagnostic is, as the spreadsheet shows it: « feuille « Tableau », cellule
    /// E4 » (or « ligne 4 », or the sheet alone); `None` for a CSV.
    pub fn sheet_place(&self) -> Option<String> {
        let sheet = self.sheet.as_deref()?;
        let mut place = format!("feuille « {sheet} »");
        match (self.cell(), self.line) {
            (Some(cell), _) => {
                let _ = write!(place, ", cellule {cell}");
            }
            (None, Some(line)) => {
                let _ = write!(place, ", ligne {line}");
            }
            (None, None) => {}
        }
        Some(place)
    }
}
