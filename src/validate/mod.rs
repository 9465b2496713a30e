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

use std::cell::RefCell;
use std::io;

use csv::StringRecord;
// Fast, non-cryptographic hashing for the uniqueness sets (the table is not an attacker's
// hash-flooding channel worth SipHash's cost; rustc-hash already comes with krilla).
use rustc_hash::FxHashMap as HashMap;

use crate::diag::{Code, Counts, Diagnostic, Sink, column_letter, is_forbidden, plural, quote};
use crate::limits::{MAX_CELL_CHARS, MAX_ROWS_BUILD, MAX_ROWS_CHECK, french_number};
use crate::load::{BLANK_LINE, Flow, Record, Source};
use crate::model::{Cell, Column, Row, Table};
use crate::model::{Kind, Value, python_strip};
use crate::schema::{Descriptor, Field, Schema};

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
    let mut validator = Validator::new(&descriptor.schema, options);
    let blanks = RefCell::new(TrailingBlanks { inner: &mut counting, run: None });
    let mut held_back = HeldBack(&blanks);
    let stats = source.read(&mut held_back, &mut |rec: Record<'_>, sink| {
        let (line, record) = (rec.line, rec.fields);
        if !is_blank(record) {
            blanks.borrow_mut().release();
        }
        if validator.header.is_none() {
            kinds::check_header_kinds(&rec, sink);
            return validator.header(line, record, sink);
        }
        if validator.rows_read >= MAX_ROWS_CHECK {
            sink.emit(
                Diagnostic::error(Code::LimiteDepassee)
                    .line(line)
                    .message(format!(
                        "le tableau a plus de {} lignes de données : la lecture s'arrête là",
                        french_number(MAX_ROWS_CHECK)
                    ))
                    .hint("un tableau comparatif tient en quelques dizaines de lignes : vérifiez que c'est le bon fichier"),
            );
            return Flow::Stop;
        }
        validator.row(&rec, sink);
        Flow::Continue
    })?;
    blanks.into_inner().finish();
    if stats.records == 1 && !stats.stopped && validator.rows_read == 0 {
        let mut d = Diagnostic::error(Code::AucuneLigne)
            .message(
                "le tableau n'a aucune ligne de données : seule la ligne d'en-tête est présente",
            )
            .hint("ajoutez une ligne par solution sous la ligne d'en-tête");
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
                choices: choices(f),
            })
            .collect(),
        rows: validator.rows,
        row_header: descriptor.schema.primary_key.first().copied().unwrap_or(0),
    });
    Ok(Outcome { table, counts, rows: rows_read })
}

/// Blank lines (`ligne-vide`, from the source or from a row of empty cells) held back while
/// they may be the file's last lines: a run at the very end is said in one message (a
/// spreadsheet or an editor left it), a run elsewhere in one message too (a lone blank line as
/// it was found). Only the run's first diagnostic, its last line and its length are kept, so a
/// file of millions of blank lines costs no memory and gives one message.
struct TrailingBlanks<'a> {
    inner: &'a mut dyn Sink,
    run: Option<BlankRun>,
}

/// Consecutive blank lines, as [`TrailingBlanks`] holds them.
struct BlankRun {
    /// The first line's own diagnostic (said as it is when the run has one line).
    first: Diagnostic,
    last_line: u64,
    len: u64,
    /// Every line of the run is empty (no separator either), not a row of empty cells.
    all_empty: bool,
}

impl BlankRun {
    fn lines(&self) -> (u64, u64) {
        (self.first.line.unwrap_or(0), self.last_line)
    }

    /// « 3 lignes vides », « une ligne sans aucune valeur »…
    fn what(&self) -> String {
        match (self.len, self.all_empty) {
            (1, true) => "une ligne vide".to_owned(),
            (1, false) => "une ligne sans aucune valeur".to_owned(),
            (n, true) => format!("{} lignes vides", french_number(n)),
            (n, false) => format!("{} lignes sans aucune valeur", french_number(n)),
        }
    }

    /// « ligne 5 », « lignes 4 et 5 », « lignes 4 à 6 ».
    fn place(&self) -> String {
        let (first, last) = self.lines();
        match self.len {
            1 => format!("ligne {}", french_number(first)),
            2 => format!("lignes {} et {}", french_number(first), french_number(last)),
            _ => format!("lignes {} à {}", french_number(first), french_number(last)),
        }
    }
}

impl TrailingBlanks<'_> {
    fn emit(&mut self, diagnostic: Diagnostic) {
        if diagnostic.code != Code::LigneVide {
            self.release();
            self.inner.emit(diagnostic);
            return;
        }
        let line = diagnostic.line.unwrap_or(0);
        let empty = diagnostic.message == BLANK_LINE;
        match &mut self.run {
            Some(run) => {
                run.last_line = line;
                run.len += 1;
                run.all_empty &= empty;
            }
            None => {
                self.run =
                    Some(BlankRun { first: diagnostic, last_line: line, len: 1, all_empty: empty })
            }
        }
    }

    /// Something follows the blank lines held: a lone one is said as it is, a longer run in
    /// one message.
    fn release(&mut self) {
        let Some(run) = self.run.take() else { return };
        if run.len == 1 {
            self.inner.emit(run.first);
            return;
        }
        let (first, _) = run.lines();
        self.inner.emit(
            Diagnostic::error(Code::LigneVide)
                .line(first)
                .message(format!("{} à la suite ({})", run.what(), run.place()))
                .hint("supprimez-les : chaque ligne du tableau décrit une solution"),
        );
    }

    /// The end of the file: the blank lines held end it, in one message.
    fn finish(mut self) {
        let Some(run) = self.run.take() else { return };
        let (first, _) = run.lines();
        let them = if run.len == 1 { "supprimez-la" } else { "supprimez-les" };
        self.inner.emit(
            Diagnostic::error(Code::LigneVide)
                .line(first)
                .message(format!("le fichier se termine par {} ({})", run.what(), run.place()))
                .hint(format!(
                    "{them} : le tableau s'arrête à sa dernière solution ; frictionless et Validata, qui vérifient les données publiées, refusent aussi les lignes vides"
                )),
        );
    }
}

/// The [`Sink`] side of [`TrailingBlanks`], shared with the visitor (which releases the blank
/// lines when a row with content comes).
struct HeldBack<'b, 'a>(&'b RefCell<TrailingBlanks<'a>>);

impl Sink for HeldBack<'_, '_> {
    fn emit(&mut self, diagnostic: Diagnostic) {
        self.0.borrow_mut().emit(diagnostic);
    }
}

/// Whether every cell of the record is empty or spaces (a blank line of the table).
fn is_blank(record: &StringRecord) -> bool {
    record.iter().all(blank_text)
}

/// Whether `text` shows nothing: empty, or only spaces and characters that draw nothing (zero
/// width space U+200B, joiners, word joiner, soft hyphen, Hangul fillers…). Such a cell counts
/// as empty where a value is required: a reader would see an empty cell.
pub(crate) fn blank_text(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{200B}'..='\u{200D}'
                    | '\u{2060}'..='\u{2064}'
                    | '\u{00AD}'
                    | '\u{034F}'
                    | '\u{180E}'
                    | '\u{115F}'
                    | '\u{1160}'
                    | '\u{3164}'
                    | '\u{FFA0}'
            )
    })
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
}

impl<'s> Validator<'s> {
    fn new(schema: &'s Schema, options: ValidateOptions) -> Self {
        Validator {
            schema,
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
        }
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

    fn check_row(&mut self, rec: &Record<'_>, mapping: &[Option<usize>], sink: &mut dyn Sink) {
        let (line, record) = (rec.line, rec.fields);
        self.rows_read += 1;
        let fields = &self.schema.fields;
        if is_blank(record) {
            sink.emit(
                Diagnostic::error(Code::LigneVide)
                    .line(line)
                    .message("la ligne ne contient que des cellules vides")
                    .hint("supprimez cette ligne : chaque ligne du tableau décrit une solution"),
            );
            return;
        }
        let mut row_ok = true;
        if record.len() < mapping.len() {
            row_ok = false;
            let missing: Vec<String> = (record.len()..mapping.len())
                .map(|idx| {
                    let letter = column_letter(column_number(idx));
                    match mapping[idx] {
                        Some(field_idx) => format!("« {} » ({letter})", fields[field_idx].title),
                        None => letter,
                    }
                })
                .collect();
            let any_required = mapping[record.len()..].iter().flatten().any(|&field_idx| {
                fields[field_idx].constraints.required
                    || self.schema.primary_key.contains(&field_idx)
            });
            sink.emit(
                Diagnostic::error(Code::CellulesManquantes)
                    .line(line)
                    .column(column_number(record.len()))
                    .message(format!(
                        "la ligne a {} au lieu de {} : il manque {}",
                        plural(record.len() as u64, "cellule", "cellules"),
                        mapping.len(),
                        missing.join(", ")
                    ))
                    .hint(format!(
                        "ajoutez les cellules manquantes (une virgule de plus par cellule){}",
                        missing_hint(self.schema, any_required)
                    )),
            );
        } else if record.len() > mapping.len() {
            row_ok = false;
            let mut extra: Vec<String> =
                record.iter().skip(mapping.len()).take(5).map(quote).collect();
            if record.len() > mapping.len() + 5 {
                extra.push("…".to_owned());
            }
            sink.emit(
                Diagnostic::error(Code::CellulesEnTrop)
                    .line(line)
                    .column(column_number(mapping.len()))
                    .message(format!(
                        "la ligne a {} au lieu de {} : en trop, {}",
                        plural(record.len() as u64, "cellule", "cellules"),
                        mapping.len(),
                        extra.join(", ")
                    ))
                    .hint(if rec.is_sheet() {
                        "supprimez ce qui est écrit à droite de la dernière colonne du tableau"
                    } else {
                        "supprimez les cellules en trop ; si un texte contient une virgule, mettez-le entre guillemets (\"…\")"
                    }),
            );
        }
        let mut cells: Vec<Option<Cell>> = vec![None; fields.len()];
        for (idx, raw) in record.iter().enumerate().take(mapping.len()) {
            let Some(field_idx) = mapping[idx] else { continue };
            let field = &fields[field_idx];
            let required =
                field.constraints.required || self.schema.primary_key.contains(&field_idx);
            let at = At { line, column: column_number(idx), field, required };
            let read = match kinds::read_kind(self.schema, &at, raw, rec.kind(idx), sink) {
                kinds::Read::Refused => {
                    row_ok = false;
                    continue;
                }
                kinds::Read::Text(text) => text,
                kinds::Read::Same => None,
            };
            let raw = read.as_deref().unwrap_or(raw);
            match check_cell(self.schema, &at, raw, sink) {
                Some(cell) => cells[field_idx] = Some(cell),
                None => row_ok = false,
            }
        }
        self.check_unique(line, mapping, &cells, sink);
        if !self.check_primary_key(line, mapping, &cells, sink) {
            row_ok = false;
        }
        if self.options.keep_rows
            && row_ok
            && self.complete
            && self.rows.len() < self.options.max_rows_kept
        {
            let cells: Option<Vec<Cell>> = cells.into_iter().collect();
            if let Some(cells) = cells {
                self.rows.push(Row { line, cells });
            }
        }
    }

    fn check_unique(
        &mut self,
        line: u64,
        mapping: &[Option<usize>],
        cells: &[Option<Cell>],
        sink: &mut dyn Sink,
    ) {
        for (field_idx, seen) in self.unique.iter_mut().enumerate() {
            let (Some(seen), Some(Cell::Value(value))) = (seen, &cells[field_idx]) else {
                continue;
            };
            if let Some(&first) = seen.get(value) {
                let field = &self.schema.fields[field_idx];
                let column = column_of(mapping, field_idx);
                let mut d =
                    Diagnostic::error(Code::Doublon).line(line).field(&field.name, &field.title);
                if let Some(column) = column {
                    d = d.column(column);
                }
                sink.emit(
                    d.message(format!(
                        "{} est déjà dans la colonne « {} » à la ligne {first} ; chaque valeur de cette colonne doit être unique",
                        quote(&value_text(value)),
                        field.title
                    ))
                    .hint(format!("corrigez la ligne {first} ou la ligne {line}")),
                );
            } else {
                seen.insert(value.clone(), line);
            }
        }
    }

    /// Returns false when the row repeats an earlier row's key.
    fn check_primary_key(
        &mut self,
        line: u64,
        mapping: &[Option<usize>],
        cells: &[Option<Cell>],
        sink: &mut dyn Sink,
    ) -> bool {
        if self.schema.primary_key.is_empty() {
            return true;
        }
        let mut key = Vec::with_capacity(self.schema.primary_key.len());
        for &field_idx in &self.schema.primary_key {
            match &cells[field_idx] {
                Some(Cell::Value(value)) => key.push(value.clone()),
                // A missing or invalid key cell is already reported.
                _ => return true,
            }
        }
        if let Some(&first) = self.keys.get(&key) {
            let shown: Vec<String> = key.iter().map(|v| quote(&value_text(v))).collect();
            let titles: Vec<&str> = self
                .schema
                .primary_key
                .iter()
                .map(|&i| self.schema.fields[i].title.as_str())
                .collect();
            let field = &self.schema.fields[self.schema.primary_key[0]];
            let mut d =
                Diagnostic::error(Code::CleEnDouble).line(line).field(&field.name, &field.title);
            if let Some(column) = column_of(mapping, self.schema.primary_key[0]) {
                d = d.column(column);
            }
            sink.emit(
                d.message(format!(
                    "{} ({}) est décrite deux fois, aux lignes {first} et {line}",
                    shown.join(" + "),
                    titles.join(" + ")
                ))
                .hint(format!(
                    "fusionnez les lignes {first} et {line}, ou renommez l'une des deux"
                )),
            );
            return false;
        }
        self.keys.insert(key, line);
        true
    }
}

/// Where a cell is, for messages.
struct At<'a> {
    line: u64,
    /// Column from 1.
    column: u32,
    field: &'a Field,
    /// Whether the column needs a value (`required`, or part of the primary key): its hints
    /// never offer a missing value such as « Non communiqué ».
    required: bool,
}

impl At<'_> {
    fn diagnostic(&self, code: Code, raw: &str) -> Diagnostic {
        Diagnostic::error(code)
            .line(self.line)
            .column(self.column)
            .field(&self.field.name, &self.field.title)
            .value(raw)
    }

    /// « Participants (maximum) » (E)
    fn column_name(&self) -> String {
        format!("« {} » ({})", self.field.title, column_letter(self.column))
    }
}

/// Checks one cell. Returns the cell when it is valid (possibly normalised, with a warning).
/// The checks run in the order frictionless would report them, the first refusal ending them.
fn check_cell(schema: &Schema, at: &At<'_>, raw: &str, sink: &mut dyn Sink) -> Option<Cell> {
    if let Some(d) = too_long(at, raw).or_else(|| forbidden(at, raw)) {
        sink.emit(d);
        return None;
    }
    if schema.missing_values.iter().any(|m| m == raw) {
        if at.required {
            sink.emit(missing_in_required(at, raw));
            return None;
        }
        return Some(Cell::Missing(raw.to_owned()));
    }
    if let Some(d) = empty(schema, at, raw).or_else(|| formula(at, raw)) {
        sink.emit(d);
        return None;
    }
    let Some(value) = at.field.kind.read(raw) else {
        sink.emit(type_error(schema, at, raw));
        return None;
    };
    let mut ok = true;
    for d in constraint_errors(schema, at, raw, &value) {
        ok = false;
        sink.emit(d);
    }
    if !ok {
        return None;
    }
    if let Some(d) = not_http(at, raw, &value) {
        sink.emit(d);
        return None;
    }
    Some(Cell::Value(trimmed(at, raw, value, sink)))
}

/// A cell longer than [`MAX_CELL_CHARS`].
fn too_long(at: &At<'_>, raw: &str) -> Option<Diagnostic> {
    if raw.len() <= MAX_CELL_CHARS || raw.chars().count() <= MAX_CELL_CHARS {
        return None;
    }
    let shown: String = raw.chars().take(60).collect();
    Some(
        Diagnostic::error(Code::LimiteDepassee)
            .line(at.line)
            .column(at.column)
            .field(&at.field.name, &at.field.title)
            .value(&shown)
            .message(format!(
                "la cellule de {} fait {} caractères, plus que le maximum de {}",
                at.column_name(),
                french_number(raw.chars().count() as u64),
                french_number(MAX_CELL_CHARS as u64)
            ))
            .hint("raccourcissez le texte : une cellule de tableau tient en quelques phrases"),
    )
}

/// A line break, a control or an invisible direction character in the cell.
fn forbidden(at: &At<'_>, raw: &str) -> Option<Diagnostic> {
    let bad = first_forbidden(raw)?;
    let d = at.diagnostic(Code::CaractereInterdit, raw);
    Some(if bad == '\n' || bad == '\r' {
        d.message(format!(
            "la cellule {} est sur plusieurs lignes (retour à la ligne dans {})",
            quote(raw),
            at.column_name()
        ))
        .hint("écrivez la cellule sur une seule ligne : le tableau passe à la ligne tout seul")
    } else {
        d.message(format!(
            "la cellule {} de {} contient le caractère invisible U+{:04X}",
            quote(raw),
            at.column_name(),
            u32::from(bad)
        ))
        .hint("retapez la cellule ; ces caractères viennent souvent d'un copier-coller")
    })
}

/// One of the schema's missing values in a column that requires a value.
fn missing_in_required(at: &At<'_>, raw: &str) -> Diagnostic {
    let d = if raw.is_empty() {
        at.diagnostic(Code::CelluleVide, raw)
            .message(format!("la cellule de {} est vide", at.column_name()))
    } else {
        at.diagnostic(Code::ValeurObligatoire, raw).message(format!(
            "{} n'est pas accepté dans {}, qui est obligatoire",
            quote(raw),
            at.column_name()
        ))
    };
    d.hint(REQUIRED_HINT)
}

/// An empty (or only spaces) cell where the column wants a value; an empty text is fine in an
/// optional text column without a minimum length.
fn empty(schema: &Schema, at: &At<'_>, raw: &str) -> Option<Diagnostic> {
    let is_text = matches!(at.field.kind, Kind::String { .. });
    let fine_empty_text =
        is_text && raw.is_empty() && at.field.constraints.min_length.unwrap_or(0) == 0;
    if !blank_text(raw) || (fine_empty_text && !at.required) {
        return None;
    }
    let what = if raw.is_empty() {
        "est vide"
    } else if raw.trim().is_empty() {
        "ne contient que des espaces"
    } else {
        "ne contient que des caractères invisibles"
    };
    let hint = if at.required {
        REQUIRED_HINT.to_owned()
    } else {
        format!("écrivez la valeur{}", missing_hint(schema, false))
    };
    Some(
        at.diagnostic(Code::CelluleVide, raw)
            .message(format!("la cellule de {} {what}", at.column_name()))
            .hint(hint),
    )
}

/// A text cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-` or `@`).
fn formula(at: &At<'_>, raw: &str) -> Option<Diagnostic> {
    if !matches!(at.field.kind, Kind::String { .. }) {
        return None;
    }
    let first = raw.trim().chars().next().filter(|c| matches!(c, '=' | '+' | '-' | '@'))?;
    Some(
        at.diagnostic(Code::InjectionFormule, raw)
            .message(format!(
                "{} commence par « {first} » : un tableur l'exécuterait comme une formule",
                quote(raw)
            ))
            .hint(format!("retirez le « {first} » du début ou reformulez (par exemple « moins de 5 » plutôt que « -5 »)")),
    )
}

/// A link (`uri` text) that is not an http(s) address.
fn not_http(at: &At<'_>, raw: &str, value: &Value) -> Option<Diagnostic> {
    let (Kind::String { uri: true }, Value::Text(text)) = (&at.field.kind, value) else {
        return None;
    };
    if text.starts_with("https://") || text.starts_with("http://") {
        return None;
    }
    Some(
        at.diagnostic(Code::AdresseInvalide, raw)
            .message(format!(
                "{} n'est pas une adresse web en http(s) dans {}",
                quote(raw),
                at.column_name()
            ))
            .hint("écrivez l'adresse complète du site, commençant par « https:// »"),
    )
}

/// The value without the spaces around the cell, with a warning when there were some.
fn trimmed(at: &At<'_>, raw: &str, value: Value, sink: &mut dyn Sink) -> Value {
    let trimmed = raw.trim();
    if trimmed.len() == raw.len() {
        return value;
    }
    sink.emit(
        Diagnostic::warning(Code::Espaces)
            .line(at.line)
            .column(at.column)
            .field(&at.field.name, &at.field.title)
            .value(raw)
            .message(format!(
                "espaces retirés autour de {} dans {}",
                quote(trimmed),
                at.column_name()
            ))
            .hint("supprimez les espaces au début et à la fin de la cellule"),
    );
    match value {
        Value::Text(_) => Value::Text(trimmed.to_owned()),
        other => other,
    }
}

/// The first character of `raw` that [`is_forbidden`] refuses. Scans bytes: French text is full
/// of NBSP (C2 A0) and ’ (E2 80 99), which share lead bytes with forbidden characters, so only
/// the exact UTF-8 sequences are decoded.
fn first_forbidden(raw: &str) -> Option<char> {
    let bytes = raw.as_bytes();
    let at = |idx: usize| bytes.get(idx).copied().unwrap_or(0);
    for (idx, &b) in bytes.iter().enumerate() {
        let hit = match b {
            0x00..=0x1F | 0x7F => true,
            // C1 controls U+0080–U+009F.
            0xC2 => (0x80..=0x9F).contains(&at(idx + 1)),
            // U+061C ARABIC LETTER MARK.
            0xD8 => at(idx + 1) == 0x9C,
            // U+200E/F, U+202A–E, U+2066–9.
            0xE2 => matches!(
                (at(idx + 1), at(idx + 2)),
                (0x80, 0x8E | 0x8F | 0xAA..=0xAE) | (0x81, 0xA6..=0xA9)
            ),
            // U+FEFF, U+FFFE, U+FFFF.
            0xEF => matches!((at(idx + 1), at(idx + 2)), (0xBB, 0xBF) | (0xBF, 0xBE | 0xBF)),
            _ => false,
        };
        if hit {
            return raw[idx..].chars().next().filter(|&c| is_forbidden(c));
        }
    }
    None
}

/// The hint for a cell that a required column (see [`At::required`]) needs.
const REQUIRED_HINT: &str = "écrivez la valeur : cette colonne est obligatoire";

/// « , ou « Non communiqué » si l'information n'est pas publique » when the schema has a
/// non-empty missing value and the column accepts it (it is not `required`); else nothing.
fn missing_hint(schema: &Schema, required: bool) -> String {
    match schema.missing_values.iter().find(|m| !m.is_empty()) {
        Some(m) if !required => format!(", ou « {m} » si l'information n'est pas publique"),
        _ => String::new(),
    }
}

fn type_error(schema: &Schema, at: &At<'_>, raw: &str) -> Diagnostic {
    let missing = missing_hint(schema, at.required);
    let trimmed = raw.trim();
    match &at.field.kind {
        Kind::String { .. } => {
            // Only `uri` strings can fail to read.
            let suggestion =
                if trimmed.contains('.') && !trimmed.contains(' ') && !trimmed.contains(':') {
                    format!(" : « https://{trimmed} » ?")
                } else {
                    String::new()
                };
            at.diagnostic(Code::AdresseInvalide, raw)
                .message(format!(
                    "{} n'est pas une adresse web complète dans {}",
                    quote(raw),
                    at.column_name()
                ))
                .hint(format!(
                    "écrivez l'adresse complète, commençant par « https:// »{suggestion}"
                ))
        }
        Kind::Integer { .. } => {
            let hint = if trimmed.chars().all(|c| c.is_ascii_digit() || c.is_whitespace()) {
                format!(
                    "écrivez « {} », sans espace entre les chiffres",
                    trimmed.split_whitespace().collect::<String>()
                )
            } else if trimmed.contains([',', '.']) {
                "écrivez un nombre entier, sans virgule ni point".to_owned()
            } else {
                format!(
                    "écrivez un nombre entier en chiffres, sans unité, par exemple « 100 »{missing}"
                )
            };
            at.diagnostic(Code::TypeInvalide, raw)
                .message(format!(
                    "{} n'est pas un nombre entier dans {}",
                    quote(raw),
                    at.column_name()
                ))
                .hint(hint)
        }
        Kind::Boolean { true_values, false_values } => {
            let allowed: Vec<&String> = true_values.iter().chain(false_values).collect();
            let hint = match suggest(raw, allowed.iter().map(|s| s.as_str())) {
                Some(s) => suggestion_hint(s, raw),
                None => {
                    format!("écrivez « {} » ou « {} »{missing}", true_values[0], false_values[0])
                }
            };
            at.diagnostic(Code::TypeInvalide, raw).message(not_allowed(at, raw)).hint(hint)
        }
        Kind::Date => {
            let hint = match french_date(trimmed) {
                Some(iso) => format!("écrivez « {iso} » (format AAAA-MM-JJ)"),
                None => {
                    "écrivez la date au format AAAA-MM-JJ, par exemple « 2020-04-09 »".to_owned()
                }
            };
            at.diagnostic(Code::TypeInvalide, raw)
                .message(format!(
                    "{} n'est pas une date valide au format AAAA-MM-JJ dans {}",
                    quote(raw),
                    at.column_name()
                ))
                .hint(hint)
        }
        Kind::Year => at
            .diagnostic(Code::TypeInvalide, raw)
            .message(format!(
                "{} n'est pas une année sur quatre chiffres dans {}",
                quote(raw),
                at.column_name()
            ))
            .hint("écrivez l'année en quatre chiffres, par exemple « 2020 »"),
    }
}

/// Every constraint the typed value breaks (frictionless reports each one).
fn constraint_errors(schema: &Schema, at: &At<'_>, raw: &str, value: &Value) -> Vec<Diagnostic> {
    let c = &at.field.constraints;
    let mut out = Vec::new();
    let trimmed = raw.trim();
    let spaces = trimmed.len() != raw.len();
    let space_hint = |hint: String| {
        if spaces { format!("retirez les espaces autour de la valeur ; {hint}") } else { hint }
    };
    if let Some(allowed) = &c.enumeration
        && !allowed.iter().any(|(v, _)| v == value)
    {
        let written = allowed.iter().map(|(_, w)| w.as_str());
        let hint = match suggest(raw, written.clone()) {
            Some(s) => suggestion_hint(s, raw),
            None => {
                let list: Vec<String> = written.map(|w| format!("« {w} »")).collect();
                format!("choisissez parmi {}{}", list.join(", "), missing_hint(schema, at.required))
            }
        };
        out.push(
            at.diagnostic(Code::ValeurInterdite, raw).message(not_allowed(at, raw)).hint(hint),
        );
    }
    if let (Some((pattern, regex)), Value::Text(text)) = (&c.pattern, value)
        && !regex.is_match(text)
    {
        let (code, message, hint) = if matches!(at.field.kind, Kind::String { uri: true }) {
            (
                Code::AdresseInvalide,
                format!(
                    "{} n'est pas une adresse web en http(s) dans {}",
                    quote(raw),
                    at.column_name()
                ),
                "écrivez l'adresse complète du site, commençant par « https:// »".to_owned(),
            )
        } else {
            let about =
                at.field.description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
            (
                Code::FormatInvalide,
                format!("{} ne respecte pas le format de {}", quote(raw), at.column_name()),
                format!("la valeur doit correspondre à l'expression « {pattern} »{about}"),
            )
        };
        out.push(at.diagnostic(code, raw).message(message).hint(space_hint(hint)));
    }
    if let Some(min) = &c.minimum
        && value < min
    {
        out.push(
            at.diagnostic(Code::TropPetit, raw)
                .message(format!(
                    "{} est inférieur au minimum ({}) de {}",
                    quote(raw),
                    value_text(min),
                    at.column_name()
                ))
                .hint(format!("écrivez une valeur d'au moins {}", value_text(min))),
        );
    }
    if let Some(max) = &c.maximum
        && value > max
    {
        out.push(
            at.diagnostic(Code::TropGrand, raw)
                .message(format!(
                    "{} est supérieur au maximum ({}) de {}",
                    quote(raw),
                    value_text(max),
                    at.column_name()
                ))
                .hint(format!("écrivez une valeur d'au plus {}", value_text(max))),
        );
    }
    if let Value::Text(text) = value {
        let len = text.chars().count();
        if let Some(min) = c.min_length
            && len < min
        {
            out.push(
                at.diagnostic(Code::TropCourt, raw)
                    .message(format!(
                        "{} fait {} ; {} demande au moins {min} caractères",
                        quote(raw),
                        plural(len as u64, "caractère", "caractères"),
                        at.column_name()
                    ))
                    .hint("complétez le texte"),
            );
        }
        if let Some(max) = c.max_length
            && len > max
        {
            out.push(
                at.diagnostic(Code::TropLong, raw)
                    .message(format!(
                        "le texte fait {len} caractères ; {} en permet au plus {max}",
                        at.column_name()
                    ))
                    .hint(space_hint(format!(
                        "raccourcissez-le d'au moins {}",
                        plural((len - max) as u64, "caractère", "caractères")
                    ))),
            );
        }
    }
    out
}

/// « « Oui  » n'est pas une valeur possible pour « Audio et vidéo » (G) », then what the quotes
/// hide: the spaces around the value (« : il y a une espace en fin de valeur »).
fn not_allowed(at: &At<'_>, raw: &str) -> String {
    let spaces = spaces_around(raw).map(|said| format!(" : il y a {said}")).unwrap_or_default();
    format!("{} n'est pas une valeur possible pour {}{spaces}", quote(raw), at.column_name())
}

/// « écrivez « Oui » », with « , sans espace autour » when `raw` has spaces around it.
fn suggestion_hint(suggestion: &str, raw: &str) -> String {
    let spaces = if spaces_around(raw).is_some() { ", sans espace autour" } else { "" };
    format!("écrivez « {suggestion} »{spaces}")
}

/// The spaces around `raw` (as `str::trim` sees them), in words: « une espace en fin de
/// valeur », « 2 espaces insécables en début de valeur », « des espaces au début et à la fin
/// de la valeur »; `None` without any.
fn spaces_around(raw: &str) -> Option<String> {
    let start = raw.len() - raw.trim_start().len();
    let end = raw.trim_end().len();
    let (leading, trailing) = (&raw[..start], &raw[end.max(start)..]);
    let described = |spaces: &str| {
        let count = spaces.chars().count();
        let no_break = spaces.chars().all(|c| matches!(c, '\u{A0}' | '\u{202F}'));
        match (count, no_break) {
            (1, true) => "une espace insécable".to_owned(),
            (1, false) => "une espace".to_owned(),
            (n, true) => format!("{n} espaces insécables"),
            (n, false) => format!("{n} espaces"),
        }
    };
    match (leading.is_empty(), trailing.is_empty()) {
        (true, true) => None,
        (false, false) => Some("des espaces au début et à la fin de la valeur".to_owned()),
        (false, true) => Some(format!("{} en début de valeur", described(leading))),
        (true, false) => Some(format!("{} en fin de valeur", described(trailing))),
    }
}

/// The allowed value that `raw` means, when it differs only by case, accents or spaces.
fn suggest<'a>(raw: &str, allowed: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = loose(raw);
    let mut matches = allowed.filter(|a| loose(a) == wanted);
    let first = matches.next()?;
    matches.next().is_none().then_some(first)
}

/// Lowercase, without accents, spaces, underscores, hyphens or apostrophes: how people
/// mistype a value.
fn loose(text: &str) -> String {
    loose_chars(text).collect()
}

/// The characters of [`loose`]`(text)`, one at a time.
fn loose_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '\'' | '’'))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            other => other,
        })
}

/// The field an unknown header label stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Guess {
    /// Index (from 0) of the field in the schema.
    field_idx: usize,
    /// Whether the label is the field's name or title misspelt (else: only its place says so).
    misspelt: bool,
}

/// The missing field that the unknown `label`, in column `idx` (from 0), stands for: the one
/// whose name or title is closest to it, within a few typing mistakes (none for names of one or
/// two letters), ties broken by the place; else, when the label is `alone` (the only unknown
/// label, and one field is missing), the field expected at its place.
fn guess_field(
    fields: &[Field],
    found: &[bool],
    label: &str,
    idx: usize,
    alone: bool,
) -> Option<Guess> {
    // Longer texts are not typed by hand; comparing them would cost their lengths' product.
    let wanted: Vec<char> = loose_chars(label).take(MAX_GUESSED_CHARS + 1).collect();
    let comparable = wanted.len() <= MAX_GUESSED_CHARS;
    let close: Vec<(usize, usize)> = fields
        .iter()
        .enumerate()
        .filter(|(field_idx, _)| comparable && !found[*field_idx])
        .filter_map(|(field_idx, f)| {
            [&f.name, &f.title]
                .into_iter()
                .filter_map(|text| {
                    let expected: Vec<char> =
                        loose_chars(text).take(MAX_GUESSED_CHARS + 1).collect();
                    let allowed = typing_mistakes(expected.len());
                    // The distance is at least the difference in length.
                    if expected.len() > MAX_GUESSED_CHARS
                        || wanted.len().abs_diff(expected.len()) > allowed
                    {
                        return None;
                    }
                    let d = edit_distance(&wanted, &expected);
                    (d <= allowed).then_some(d)
                })
                .min()
                .map(|d| (field_idx, d))
        })
        .collect();
    let Some(fewest) = close.iter().map(|&(_, d)| d).min() else {
        return (alone && found.get(idx) == Some(&false))
            .then_some(Guess { field_idx: idx, misspelt: false });
    };
    let closest: Vec<usize> =
        close.iter().filter(|&&(_, d)| d == fewest).map(|&(field_idx, _)| field_idx).collect();
    let field_idx = match closest.as_slice() {
        [only] => *only,
        several => *several.iter().find(|&&field_idx| field_idx == idx)?,
    };
    Some(Guess { field_idx, misspelt: true })
}

/// Longest name or title (as [`loose`] writes it) a header label is compared with for typing
/// mistakes: far beyond any real one, and it bounds the comparison's cost.
const MAX_GUESSED_CHARS: usize = 100;

/// Typing mistakes tolerated in a name of `len` characters (as [`loose`] writes it).
fn typing_mistakes(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=5 => 1,
        6..=11 => 2,
        _ => 3,
    }
}

/// Edits (insertion, deletion, substitution, swap of two neighbours) from `a` to `b`: the
/// optimal string alignment distance.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut d: Vec<usize> = vec![0; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[(i - 1) * width + j] + 1)
                    .min(d[i * width + j - 1] + 1)
                    .min(d[(i - 1) * width + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * width + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * width + b.len()]
}

/// The hint for a column the schema does not know and that is no missing field: rename it when
/// a field is missing, else add it to the schema (or take it out of the table).
fn unknown_column_hint(missing: &[&Field]) -> String {
    const SCHEMA: &str = "ajoutez le champ au schéma dans datapackage.json";
    match missing {
        [] => format!("{SCHEMA} pour publier cette colonne, ou retirez-la du tableau"),
        [f] => format!(
            "si c'est la colonne « {} » ({}), renommez-la « {} » ; sinon, {SCHEMA}",
            f.name, f.title, f.name
        ),
        several => {
            let names: Vec<String> = several.iter().map(|f| format!("« {} »", f.name)).collect();
            format!(
                "si c'est l'une des colonnes absentes ({}), renommez-la ; sinon, {SCHEMA}",
                names.join(", ")
            )
        }
    }
}

/// `JJ/MM/AAAA` → `AAAA-MM-JJ`, when it is a real date.
fn french_date(text: &str) -> Option<String> {
    let mut parts = text.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let date = crate::model::Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    (y.len() == 4).then(|| date.to_string())
}

/// A typed value written back for a message.
fn value_text(value: &Value) -> String {
    match value {
        Value::Text(t) => t.clone(),
        Value::Integer(n) => n.to_string(),
        Value::Boolean(b) => b.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Year(y) => y.to_string(),
    }
}

fn column_number(idx: usize) -> u32 {
    u32::try_from(idx + 1).unwrap_or(u32::MAX)
}

fn column_of(mapping: &[Option<usize>], field_idx: usize) -> Option<u32> {
    mapping.iter().position(|f| *f == Some(field_idx)).map(column_number)
}

/// « solution, editeur, … »: the header line the schema expects.
fn names(fields: &[Field]) -> String {
    fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(",")
}

fn expected_hint(fields: &[Field], idx: usize) -> String {
    match fields.get(idx) {
        Some(f) => format!("à cette place, le schéma attend « {} » ({})", f.name, f.title),
        None => "supprimez cette colonne vide".to_owned(),
    }
}

mod header;
mod kinds;

#[cfg(test)]
mod tests;
