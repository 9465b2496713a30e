//! Validate: records from `load` checked against the Table Schema → diagnostics and, when the
//! table passes, the [`Table`] model.
//!
//! In: the records of a [`Source`] and the [`Descriptor`]. Out: every problem found, in file
//! order, sent to a [`Sink`] as it is found; a [`Table`] only when there is no error.
//!
//! Verdicts follow Table Schema as frictionless-py 5 applies it (a table it rejects is
//! rejected here), with three stricter rules of comparatif's own, documented in the README:
//! spreadsheet formulas and invisible control characters are refused in text cells, links
//! must be http(s), and a table needs at least one data row. Messages are comparatif's: French,
//! one per problem, each with its line, column and a hint.
//!
//! This file is the streaming driver (header first, then each row, blank lines held back);
//! the checks live in rooms of their own: `blanks` (blank lines, said as runs), `header`
//! (labels → fields, with the guessing of misspelt names), `row` (row width, `unique` and
//! `primaryKey`), `cell` (one cell's rules, in frictionless's order), `typed` (type and
//! constraint errors), `hints` (the wording shared by their hints) and `kinds`
//! (spreadsheet cells' own kinds: formulas, dates, logical values).

use std::cell::RefCell;
use std::io;

use csv::StringRecord;
// Fast, non-cryptographic hashing for the uniqueness sets (the table is not an attacker's
// hash-flooding channel worth SipHash's cost; rustc-hash already comes with krilla).
use rustc_hash::FxHashMap as HashMap;

use crate::diag::{Code, Counts, Diagnostic, Sink};
use crate::french::{self, Noun};
use crate::limits::{MAX_ROWS_BUILD, MAX_ROWS_CHECK};
use crate::load::{CellKind, Flow, Record, Source};
use crate::model::{Column, Row, Table};
use crate::model::{Kind, Value, python_strip};
use crate::schema::{Descriptor, Field, Schema};
use blanks::{HeldBack, TrailingBlanks, is_blank};

/// Settings of [`validate`].
#[derive(Clone, Copy, Debug)]
pub struct ValidateOptions {
    /// Keep the rows to build the [`Table`] (`build`); `false` keeps memory flat (`check`).
    /// Default: `false`.
    pub keep_rows: bool,
    /// Most rows kept: beyond, the rows are still checked but no [`Table`] is made, so that a
    /// huge file cannot fill the memory (the caller reports the limit from
    /// [`Outcome::rows`]). Default: [`MAX_ROWS_BUILD`].
    pub max_rows_kept: usize,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        ValidateOptions { keep_rows: false, max_rows_kept: MAX_ROWS_BUILD }
    }
}

/// What [`validate`] found.
#[derive(Debug)]
pub struct Outcome {
    /// The model, when the table has no error and rows were kept (all of them: at most
    /// [`ValidateOptions::max_rows_kept`]).
    pub table: Option<Table>,
    /// Errors and warnings sent to the sink: any error means the table is rejected.
    pub counts: Counts,
    /// Data rows read (blank lines excluded).
    pub rows: u64,
}

/// Validates the records of `source` against `descriptor`, sending every diagnostic to
/// `sink`. Fails only when the source cannot read its bytes (I/O).
pub fn validate(
    source: &mut dyn Source,
    descriptor: &Descriptor,
    options: ValidateOptions,
    sink: &mut dyn Sink,
) -> io::Result<Outcome> {
    let mut counting = Counting { inner: sink, counts: Counts::default() };
    let mut validator =
        Validator::new(&descriptor.schema, &descriptor.publication.row_noun, options);
    let noun = &descriptor.publication.row_noun;
    let blanks = RefCell::new(TrailingBlanks::new(&mut counting, noun));
    let mut held_back = HeldBack(&blanks);
    // Merged cells met before the header is known: a merged title above it gets one message,
    // not a second one about its merge.
    let merges = RefCell::new(Some(Vec::new()));
    let mut front = TitleMerges { inner: &mut held_back, held: &merges };
    let stats = source.read(&mut front, &mut |rec: Record<'_>, sink| {
        let (line, record) = (rec.line, rec.fields);
        if !is_blank(record) {
            blanks.borrow_mut().release();
        }
        if validator.header.is_none() {
            let flow = validator.header_or_title(&rec, sink);
            if validator.header.is_some() {
                let held = merges.borrow_mut().take().unwrap_or_default();
                for d in held.into_iter().filter(|d| d.line != validator.title_line) {
                    sink.emit(d);
                }
            }
            return flow;
        }
        if validator.rows_read >= MAX_ROWS_CHECK {
            sink.emit(
                Diagnostic::error(Code::LimiteDepassee)
                    .line(line)
                    .message(format!(
                        "le tableau a plus de {} lignes de données : la lecture s'arrête là",
                        french::number(MAX_ROWS_CHECK)
                    ))
                    .hint("un tableau comparatif tient en quelques dizaines de lignes : vérifiez que c'est le bon fichier"),
            );
            return Flow::Stop;
        }
        validator.row(&rec, sink);
        Flow::Continue
    })?;
    for d in merges.borrow_mut().take().unwrap_or_default() {
        held_back.emit(d);
    }
    // A file whose only line looked like a title: that line was its header after all.
    if let Some((line, record, kinds)) = validator.title.take() {
        kinds::check_header_kinds(&Record { line, fields: &record, kinds: &kinds }, &mut held_back);
        validator.header(line, &record, &mut held_back);
    }
    blanks.into_inner().finish();
    if stats.records == 1 && !stats.stopped && validator.rows_read == 0 {
        let mut d = Diagnostic::error(Code::AucuneLigne)
            .message(
                "le tableau n'a aucune ligne de données : seule la ligne d'en-tête est présente",
            )
            .hint(format!("ajoutez {} sous la ligne d'en-tête", noun.one_line_per()));
        if let Some(sheet) = &stats.sheet {
            d = d.sheet(sheet);
        }
        counting.emit(d);
    }
    let counts = counting.counts;
    let rows_read = validator.rows_read;
    let all_kept = rows_read <= options.max_rows_kept as u64;
    let table = (counts.errors == 0 && options.keep_rows && all_kept).then(|| Table {
        publication: descriptor.publication.clone(),
        columns: descriptor
            .schema
            .fields
            .iter()
            .map(|f| Column {
                name: f.name.clone(),
                title: f.title.clone(),
                description: f.description.clone(),
                kind: f.kind.clone(),
                favourable: f.favourable,
                choices: choices(f),
            })
            .collect(),
        rows: validator.rows,
        row_header: descriptor.schema.primary_key.first().copied().unwrap_or(0),
    });
    Ok(Outcome { table, counts, rows: rows_read })
}

/// The closed list of values of field `f`, for [`Column::choices`]: its `enum` constraint (in
/// the descriptor's order), else a boolean's two values.
fn choices(f: &Field) -> Option<Vec<Value>> {
    match (&f.constraints.enumeration, &f.kind) {
        (Some(values), _) => Some(values.iter().map(|(value, _)| value.clone()).collect()),
        (None, Kind::Boolean { .. }) => Some(vec![Value::Boolean(true), Value::Boolean(false)]),
        (None, _) => None,
    }
}

/// Counts diagnostics on their way to the real sink.
struct Counting<'a> {
    inner: &'a mut dyn Sink,
    counts: Counts,
}

impl Sink for Counting<'_> {
    fn emit(&mut self, diagnostic: Diagnostic) {
        self.counts.add(&diagnostic);
        self.inner.emit(diagnostic);
    }
}

struct Validator<'s> {
    schema: &'s Schema,
    /// What a row is called, for the hints.
    noun: &'s Noun,
    options: ValidateOptions,
    /// For each column of the file (from 0), the schema field it holds, once the header is read.
    header: Option<Vec<Option<usize>>>,
    /// Per field (from 0): first line of each value, for fields with `unique`.
    unique: Vec<Option<HashMap<Value, u64>>>,
    /// First line of each primary key.
    keys: HashMap<Vec<Value>, u64>,
    rows: Vec<Row>,
    rows_read: u64,
    /// Whether every schema field has a column (rows can be kept only then).
    complete: bool,
    /// A first line that looks like a title above the header (its line, cells and kinds),
    /// held until the next line says whether the header follows it.
    title: Option<(u64, StringRecord, Vec<CellKind>)>,
    /// The line found to be a title above the header, once the header follows it.
    title_line: Option<u64>,
}

/// The sink of the source: passes every diagnostic on, but holds the merged cells found while
/// `held` is `Some` (before the header is known).
struct TitleMerges<'a, 'h> {
    inner: &'a mut dyn Sink,
    held: &'h RefCell<Option<Vec<Diagnostic>>>,
}

impl Sink for TitleMerges<'_, '_> {
    fn emit(&mut self, diagnostic: Diagnostic) {
        if diagnostic.code == Code::CellulesFusionnees
            && let Some(held) = self.held.borrow_mut().as_mut()
        {
            held.push(diagnostic);
            return;
        }
        self.inner.emit(diagnostic);
    }
}

impl<'s> Validator<'s> {
    fn new(schema: &'s Schema, noun: &'s Noun, options: ValidateOptions) -> Self {
        Validator {
            schema,
            noun,
            options,
            header: None,
            // A field that is the whole primary key is checked once, as the key.
            unique: schema
                .fields
                .iter()
                .enumerate()
                .map(|(idx, f)| {
                    (f.constraints.unique && schema.primary_key != [idx]).then(HashMap::default)
                })
                .collect(),
            keys: HashMap::default(),
            rows: Vec::new(),
            rows_read: 0,
            complete: false,
            title: None,
            title_line: None,
        }
    }

    /// The first non-blank record is the header, unless it looks like a title
    /// ([`header::looks_like_title`]): it is then held back, and when the next one names the
    /// columns ([`header::names_columns`]), the title gets one message and that one is the
    /// header; otherwise the held line is the header after all, and this one a data row.
    fn header_or_title(&mut self, rec: &Record<'_>, sink: &mut dyn Sink) -> Flow {
        let fields = &self.schema.fields;
        let labels = |record: &StringRecord| -> Vec<String> {
            record.iter().map(|l| python_strip(l).to_owned()).collect()
        };
        let Some((line, record, kinds)) = self.title.take() else {
            if header::looks_like_title(fields, &labels(rec.fields)) {
                self.title = Some((rec.line, rec.fields.clone(), rec.kinds.to_vec()));
                return Flow::Continue;
            }
            kinds::check_header_kinds(rec, sink);
            return self.header(rec.line, rec.fields, sink);
        };
        if is_blank(rec.fields) {
            self.title = Some((line, record, kinds));
            return Flow::Continue;
        }
        if header::names_columns(fields, &labels(rec.fields)) {
            self.title_line = Some(line);
            sink.emit(header::title_row(line, rec.line, rec.is_sheet()));
            kinds::check_header_kinds(rec, sink);
            return self.header(rec.line, rec.fields, sink);
        }
        let held = Record { line, fields: &record, kinds: &kinds };
        kinds::check_header_kinds(&held, sink);
        if self.header(line, &record, sink) == Flow::Stop {
            return Flow::Stop;
        }
        self.row(rec, sink);
        Flow::Continue
    }

    fn header(&mut self, line: u64, record: &StringRecord, sink: &mut dyn Sink) -> Flow {
        if let Some(d) = header::too_wide(line, record) {
            sink.emit(d);
            self.header = Some(Vec::new());
            return Flow::Stop;
        }
        let fields = &self.schema.fields;
        // Header names are compared without surrounding spaces, as frictionless does.
        let labels: Vec<&str> = record.iter().map(python_strip).collect();
        header::warn_spaces(line, record, &labels, sink);
        let mut columns = header::map_labels(line, fields, &labels, sink);
        header::report_unknown(line, fields, &labels, &mut columns, sink);
        header::report_missing(line, fields, &columns.found, sink);
        header::report_order(line, fields, &columns.mapping, sink);
        self.complete = columns.found.iter().all(|&f| f) && columns.mapping.len() == fields.len();
        self.header = Some(columns.mapping);
        Flow::Continue
    }

    fn row(&mut self, rec: &Record<'_>, sink: &mut dyn Sink) {
        // Taken out for the time of the row, so that the checks below can borrow `self`.
        let mapping = self.header.take().unwrap_or_default();
        // A row's diagnostics are shown left to right, whatever check found them.
        let mut found = Vec::new();
        self.check_row(rec, &mapping, &mut found);
        found.sort_by_key(|d| d.column);
        for d in found {
            sink.emit(d);
        }
        self.header = Some(mapping);
    }
}

/// The column (from 1) of the file column at `idx` (from 0).
fn column_number(idx: usize) -> u32 {
    u32::try_from(idx + 1).unwrap_or(u32::MAX)
}

mod blanks;
mod cell;
mod header;
mod hints;
mod kinds;
mod row;
mod typed;

#[cfg(test)]
mod tests;
