//! Load: a table's bytes → its records, each with the position people see, one at a time.
//!
//! In: the table (CSV today) and the descriptor's [`Dialect`](crate::schema::Dialect). Out: the records in file order,
//! given to a visitor by a [`Source`], and the problems with the file itself (encoding, wrong
//! delimiter, unclosed quote, blank lines, empty file) as diagnostics. `validate` reads any
//! [`Source`]: a new kind of file (a spreadsheet) is a new source, not a change to validation.
//!
//! Memory does not grow with the file: records are read one at a time.
//!
//! [`Dialect`]: crate::schema::Dialect

mod delimited;

use std::io;

pub use csv::StringRecord;
pub use delimited::{BLANK_LINE, Delimited, sniff_skip_initial_space};

use crate::diag::Sink;

/// Whether the visitor wants the next record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// What the source saw, once the file is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Records given to the visitor (header included).
    pub records: u64,
    /// Whether reading stopped early on a file-level error (encoding, delimiter).
    pub stopped: bool,
}

/// One record (the header, or a data row) as the source read it.
#[derive(Clone, Copy, Debug)]
pub struct Record<'r> {
    /// Where the record starts, as people count: the line of the file (from 1). Cells are
    /// numbered from 1 across the record, so (line, column) names each of them.
    pub line: u64,
    /// The cells' texts, as read (not trimmed).
    pub fields: &'r StringRecord,
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
