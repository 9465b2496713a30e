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

use std::io;

use csv::StringRecord;
// Fast, non-cryptographic hashing for the uniqueness sets (the table is not an attacker's
// hash-flooding channel worth SipHash's cost; rustc-hash already comes with krilla).
use rustc_hash::FxHashMap as HashMap;

use crate::diag::{Code, Counts, Diagnostic, Sink, column_letter, is_forbidden, plural, quote};
use crate::limits::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS_BUILD, MAX_ROWS_CHECK, french_number};
use crate::load::{Flow, Record, Source};
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
    let stats = source.read(&mut counting, &mut |Record { line, fields: record }, sink| {
        if validator.header.is_none() {
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
        validator.row(line, record, sink);
        Flow::Continue
    })?;
    if stats.records == 1 && !stats.stopped && validator.rows_read == 0 {
        counting.emit(
            Diagnostic::error(Code::AucuneLigne)
                .message("le tableau n'a aucune ligne de données : seule la ligne d'en-tête est présente")
                .hint("ajoutez une ligne par solution sous la ligne d'en-tête"),
        );
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
        if record.len() > MAX_COLUMNS {
            sink.emit(
                Diagnostic::error(Code::LimiteDepassee)
                    .line(line)
                    .message(format!(
                        "la ligne d'en-tête a {} colonnes, plus que le maximum de {MAX_COLUMNS} : la lecture s'arrête là",
                        record.len()
                    ))
                    .hint("vérifiez le séparateur et que c'est le bon fichier"),
            );
            self.header = Some(Vec::new());
            return Flow::Stop;
        }
        let fields = &self.schema.fields;
        // Header names are compared without surrounding spaces, as frictionless does.
        let labels: Vec<&str> = record.iter().map(python_strip).collect();
        for (idx, (raw, label)) in record.iter().zip(&labels).enumerate() {
            if raw.len() != label.len() && !label.is_empty() {
                sink.emit(
                    Diagnostic::warning(Code::Espaces)
                        .line(line)
                        .column(column_number(idx))
                        .value(raw)
                        .message(format!(
                            "espaces retirés autour du nom de colonne {}",
                            quote(label)
                        ))
                        .hint("supprimez les espaces au début et à la fin du nom de colonne"),
                );
            }
        }
        let mut mapping: Vec<Option<usize>> = vec![None; labels.len()];
        let mut seen: HashMap<&str, usize> = HashMap::default();
        let mut found = vec![false; fields.len()];
        let mut unknown = Vec::new();
        for (idx, label) in labels.iter().enumerate() {
            let column = column_number(idx);
            if label.trim().is_empty() {
                sink.emit(
                    Diagnostic::error(Code::EnTeteVide)
                        .line(line)
                        .column(column)
                        .message(format!(
                            "la colonne {} n'a pas de nom dans la ligne d'en-tête",
                            column_letter(column)
                        ))
                        .hint(expected_hint(fields, idx)),
                );
                continue;
            }
            if let Some(first) = seen.insert(label, idx) {
                sink.emit(
                    Diagnostic::error(Code::EnTeteDuplique)
                        .line(line)
                        .column(column)
                        .value(label)
                        .message(format!(
                            "la colonne {} s'appelle {}, comme la colonne {}",
                            column_letter(column),
                            quote(label),
                            column_letter(column_number(first))
                        ))
                        .hint("supprimez l'une des deux colonnes ou renommez-la"),
                );
                continue;
            }
            match fields.iter().position(|f| f.name == *label) {
                Some(field_idx) => {
                    mapping[idx] = Some(field_idx);
                    found[field_idx] = true;
                }
                None => unknown.push(idx),
            }
        }
        // An unknown label close to a missing field's name or title is that field, misspelt.
        for idx in unknown {
            let label = labels[idx];
            let column = column_number(idx);
            let guess = fields.iter().enumerate().find(|(field_idx, f)| {
                !found[*field_idx]
                    && (loose(&f.name) == loose(label) || loose(&f.title) == loose(label))
            });
            let d = Diagnostic::error(Code::ColonneInconnue).line(line).column(column).value(label);
            match guess {
                Some((field_idx, f)) => {
                    found[field_idx] = true;
                    mapping[idx] = Some(field_idx);
                    sink.emit(
                        d.field(&f.name, &f.title)
                            .message(format!(
                                "l'en-tête {} de la colonne {} n'est pas un nom de colonne du schéma",
                                quote(label),
                                column_letter(column)
                            ))
                            .hint(format!("écrivez exactement « {} » (colonne « {} »)", f.name, f.title)),
                    );
                }
                None => sink.emit(
                    d.message(format!("la colonne {} {} ne fait pas partie du schéma", column_letter(column), quote(label)))
                        .hint("supprimez cette colonne, ou ajoutez le champ au schéma dans datapackage.json"),
                ),
            }
        }
        for (field_idx, f) in fields.iter().enumerate() {
            if !found[field_idx] {
                sink.emit(
                    Diagnostic::error(Code::ColonneManquante)
                        .line(line)
                        .field(&f.name, &f.title)
                        .message(format!("la colonne « {} » ({}) est absente", f.name, f.title))
                        .hint(format!(
                            "ajoutez la colonne « {} » en position {} ; l'en-tête attendu est : {}",
                            f.name,
                            column_letter(column_number(field_idx)),
                            names(fields)
                        )),
                );
            }
        }
        // Columns present but in another order than the schema's.
        let order: Vec<usize> = mapping.iter().flatten().copied().collect();
        if order.windows(2).any(|w| w[0] > w[1]) {
            let first_wrong = mapping.iter().enumerate().find_map(|(idx, f)| {
                f.filter(|&field_idx| field_idx != idx).map(|field_idx| (idx, field_idx))
            });
            let detail = first_wrong
                .map(|(idx, field_idx)| {
                    format!(
                        " : « {} » est en colonne {} au lieu de {}",
                        fields[field_idx].name,
                        column_letter(column_number(idx)),
                        column_letter(column_number(field_idx))
                    )
                })
                .unwrap_or_default();
            sink.emit(
                Diagnostic::error(Code::OrdreColonnes)
                    .line(line)
                    .message(format!("les colonnes ne sont pas dans l'ordre du schéma{detail}"))
                    .hint(format!("remettez les colonnes dans cet ordre : {}", names(fields))),
            );
        }
        self.complete = found.iter().all(|&f| f) && mapping.len() == fields.len();
        self.header = Some(mapping);
        Flow::Continue
    }

    fn row(&mut self, line: u64, record: &StringRecord, sink: &mut dyn Sink) {
        // Taken out for the time of the row, so that the checks below can borrow `self`.
        let mapping = self.header.take().unwrap_or_default();
        // A row's diagnostics are shown left to right, whatever check found them.
        let mut found = Vec::new();
        self.check_row(line, record, &mapping, &mut found);
        found.sort_by_key(|d| d.column);
        for d in found {
            sink.emit(d);
        }
        self.header = Some(mapping);
    }

    fn check_row(
        &mut self,
        line: u64,
        record: &StringRecord,
        mapping: &[Option<usize>],
        sink: &mut dyn Sink,
    ) {
        self.rows_read += 1;
        let fields = &self.schema.fields;
        if record.iter().all(|cell| cell.trim().is_empty()) {
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
                    .hint("ajoutez les cellules manquantes (une virgule de plus par cellule), ou « Non communiqué » si l'information n'est pas publique"),
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
                    .hint("supprimez les cellules en trop ; si un texte contient une virgule, mettez-le entre guillemets (\"…\")"),
            );
        }
        let mut cells: Vec<Option<Cell>> = vec![None; fields.len()];
        for (idx, raw) in record.iter().enumerate().take(mapping.len()) {
            let Some(field_idx) = mapping[idx] else { continue };
            let at = At { line, column: column_number(idx), field: &fields[field_idx] };
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
fn check_cell(schema: &Schema, at: &At<'_>, raw: &str, sink: &mut dyn Sink) -> Option<Cell> {
    let field = at.field;
    let constraints = &field.constraints;
    let required = constraints.required
        || schema.primary_key.iter().any(|&i| schema.fields[i].name == field.name);
    if raw.len() > MAX_CELL_CHARS && raw.chars().count() > MAX_CELL_CHARS {
        let shown: String = raw.chars().take(60).collect();
        sink.emit(
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
        );
        return None;
    }
    if let Some(bad) = first_forbidden(raw) {
        let d = at.diagnostic(Code::CaractereInterdit, raw);
        let d = if bad == '\n' || bad == '\r' {
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
        };
        sink.emit(d);
        return None;
    }

    if schema.missing_values.iter().any(|m| m == raw) {
        if required {
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
            sink.emit(d.hint("cette colonne doit toujours être renseignée"));
            return None;
        }
        return Some(Cell::Missing(raw.to_owned()));
    }

    let trimmed = raw.trim();
    let is_text = matches!(field.kind, Kind::String { .. });
    if trimmed.is_empty()
        && !(is_text && raw.is_empty() && constraints.min_length.unwrap_or(0) == 0 && !required)
    {
        let what = if raw.is_empty() {
            "est vide".to_owned()
        } else {
            "ne contient que des espaces".to_owned()
        };
        sink.emit(
            at.diagnostic(Code::CelluleVide, raw)
                .message(format!("la cellule de {} {what}", at.column_name()))
                .hint(format!("écrivez la valeur{}", missing_hint(schema))),
        );
        return None;
    }

    if is_text
        && let Some(first) = trimmed.chars().next().filter(|c| matches!(c, '=' | '+' | '-' | '@'))
    {
        sink.emit(
                at.diagnostic(Code::InjectionFormule, raw)
                    .message(format!(
                        "{} commence par « {first} » : un tableur l'exécuterait comme une formule",
                        quote(raw)
                    ))
                    .hint(format!("retirez le « {first} » du début ou reformulez (par exemple « moins de 5 » plutôt que « -5 »)")),
            );
        return None;
    }

    let Some(value) = field.kind.read(raw) else {
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

    if let (Kind::String { uri: true }, Value::Text(text)) = (&field.kind, &value)
        && !(text.starts_with("https://") || text.starts_with("http://"))
    {
        sink.emit(
            at.diagnostic(Code::AdresseInvalide, raw)
                .message(format!(
                    "{} n'est pas une adresse web en http(s) dans {}",
                    quote(raw),
                    at.column_name()
                ))
                .hint("écrivez l'adresse complète du site, commençant par « https:// »"),
        );
        return None;
    }

    if trimmed.len() != raw.len() {
        sink.emit(
            Diagnostic::warning(Code::Espaces)
                .line(at.line)
                .column(at.column)
                .field(&field.name, &field.title)
                .value(raw)
                .message(format!(
                    "espaces retirés autour de {} dans {}",
                    quote(trimmed),
                    at.column_name()
                ))
                .hint("supprimez les espaces au début et à la fin de la cellule"),
        );
        let value = match value {
            Value::Text(_) => Value::Text(trimmed.to_owned()),
            other => other,
        };
        return Some(Cell::Value(value));
    }
    Some(Cell::Value(value))
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

/// « , ou « Non communiqué » si l'information n'est pas publique » when the schema has a
/// non-empty missing value.
fn missing_hint(schema: &Schema) -> String {
    match schema.missing_values.iter().find(|m| !m.is_empty()) {
        Some(m) => format!(", ou « {m} » si l'information n'est pas publique"),
        None => String::new(),
    }
}

fn type_error(schema: &Schema, at: &At<'_>, raw: &str) -> Diagnostic {
    let missing = missing_hint(schema);
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
                Some(s) => format!("écrivez « {s} »"),
                None => {
                    format!("écrivez « {} » ou « {} »{missing}", true_values[0], false_values[0])
                }
            };
            at.diagnostic(Code::TypeInvalide, raw)
                .message(format!(
                    "{} n'est pas une valeur possible pour {}",
                    quote(raw),
                    at.column_name()
                ))
                .hint(hint)
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
            Some(s) => format!("écrivez « {s} »"),
            None => {
                let list: Vec<String> = written.map(|w| format!("« {w} »")).collect();
                format!("choisissez parmi {}{}", list.join(", "), missing_hint(schema))
            }
        };
        out.push(
            at.diagnostic(Code::ValeurInterdite, raw)
                .message(format!(
                    "{} n'est pas une valeur possible pour {}",
                    quote(raw),
                    at.column_name()
                ))
                .hint(hint),
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
        .collect()
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

#[cfg(test)]
mod tests;
