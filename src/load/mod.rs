//! Load: a table's bytes → its records, each with the position people see, one at a time.
//!
//! In: the table — CSV ([`Delimited`]) or a spreadsheet, `.xlsx` or `.ods` ([`Spreadsheet`]) —
//! and the descriptor. Out: the records in file order, given to a visitor by a [`Source`], and
//! the problems with the file itself (encoding, wrong delimiter, unclosed quote, blank lines,
//! empty file, damaged or password-protected workbook, merged cells) as diagnostics. `validate`
//! reads any [`Source`]; [`source`] picks one by the bytes, never by the file's name.
//!
//! Memory does not grow with the file: records are read one at a time (a spreadsheet's zip is
//! held in memory, and what it inflates is counted, see `limits`).

mod delimited;
pub mod origin;
pub mod sheet;

use std::io;

pub use csv::StringRecord;
pub use delimited::{BLANK_LINE, Delimited, display_records, sniff_skip_initial_space};
pub use sheet::{
    Format, SNIFF_BYTES, SPREADSHEET_DIGITS, Spreadsheet, TABLE_EXTENSIONS, detect,
    may_be_workbook, misnamed,
};

use crate::diag::Sink;
use crate::schema::Descriptor;

/// Whether the visitor wants the next record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// Give the next record.
    Continue,
    /// Stop reading: [`Source::read`] returns with the records given so far.
    Stop,
}

/// What the source saw, once the file is read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Records given to the visitor (header included).
    pub records: u64,
    /// Whether reading stopped early on a file-level error (encoding, delimiter).
    pub stopped: bool,
    /// The sheet read, for a spreadsheet (diagnostics said after reading name it too).
    pub sheet: Option<String>,
}

/// One record (the header, or a data row) as the source read it.
#[derive(Clone, Copy, Debug)]
pub struct Record<'r> {
    /// Where the record starts, as people count: the line of the file, or the row of the
    /// sheet (from 1). Cells are numbered from 1 across the record, so (line, column) names
    /// each of them (`E4` in a sheet).
    pub line: u64,
    /// The cells' texts, as read (not trimmed). A spreadsheet cell's text is what a person
    /// reads in it: `20` for the number 20, `2020-04-09` for a date (see [`CellKind`]).
    pub fields: &'r StringRecord,
    /// What kind of cell each field came from, for the rules that depend on the column's type
    /// (a date cell is right in a `date` column, wrong in a `string` one). Empty for CSV,
    /// where every cell is text; otherwise one per field.
    pub kinds: &'r [CellKind],
}

impl Record<'_> {
    /// The kind of the cell at `idx` (from 0): [`CellKind::Text`] for CSV.
    pub fn kind(&self, idx: usize) -> &CellKind {
        self.kinds.get(idx).unwrap_or(&CellKind::Text)
    }

    /// Whether the record comes from a spreadsheet (its cells have kinds).
    pub fn is_sheet(&self) -> bool {
        !self.kinds.is_empty()
    }
}

/// What a spreadsheet cell held, beyond its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellKind {
    /// Text (or an empty cell).
    Text,
    /// A number; its text is the number as a person reads it (`20`, `20,5`).
    Number,
    /// An integer of more significant digits than a spreadsheet keeps (15); its text is every
    /// digit the file holds (`9007199254740993`), which no spreadsheet shows (Excel and
    /// LibreOffice show `9.00719925474099E+15`, and save `9007199254740990`).
    LongNumber,
    /// A date without time of day; its text is ISO 8601 (`2020-04-09`).
    Date,
    /// A time of day alone; its text is `10:30:00`.
    Time,
    /// A date with a time of day; its text is `2020-04-09T10:30:00`.
    DateTime,
    /// A logical value (TRUE/FALSE, VRAI/FAUX on screen); its text is `TRUE` or `FALSE`.
    Boolean,
    /// A formula; its text is the value the spreadsheet last computed (cached).
    Formula(Box<str>),
    /// An error value (`#N/A`, `#DIV/0!`…), as its text.
    Error,
    /// A cell hidden under a merged cell (the source reports the merge itself).
    Covered,
}

/// The source for `table`, chosen by its content: a zip holding a workbook is read as `.xlsx`
/// or `.ods`, an OLE2 file is named for what it is (an old `.xls`, or a password-protected
/// workbook), anything else is CSV in the descriptor's dialect. The sheet read is the first
/// one, or the one named after the descriptor's resource when there are several. Hints call a
/// row by the descriptor's `rowNoun`.
pub fn source<'a>(table: &'a [u8], descriptor: &'a Descriptor) -> Box<dyn Source + 'a> {
    match detect(table) {
        Format::Csv => Box::new(
            Delimited::new(table, descriptor.dialect).rows_called(&descriptor.publication.row_noun),
        ),
        _ => Box::new(
            Spreadsheet::new(table, descriptor.resource_name.as_deref())
                .rows_called(&descriptor.publication.row_noun),
        ),
    }
}

/// The visitor a [`Source`] calls for each record, with the sink for the record's diagnostics.
pub type Visit<'v> = dyn FnMut(Record<'_>, &mut dyn Sink) -> Flow + 'v;

/// Where records come from: every file format comparatif reads implements it.
pub trait Source {
    /// Reads every record in order (the first one is the header), calling `visit` for each
    /// until it returns [`Flow::Stop`]. Problems with the file's content become diagnostics in
    /// `sink`; an error is returned only when the bytes cannot be read at all (I/O).
    fn read(&mut self, sink: &mut dyn Sink, visit: &mut Visit<'_>) -> io::Result<Stats>;
}
