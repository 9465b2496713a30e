//! Diagnostics: what is wrong in the table (`table.csv`, or a sheet of `tableau.xlsx`), and how
//! it is shown.
//!
//! In: [`Diagnostic`] values built by `load` and `validate`. Out: French text for editors
//! (stderr), JSON Lines for tools, or GitHub Actions workflow annotations. A diagnostic about a
//! spreadsheet names its sheet ([`Diagnostic::sheet`]) and its cell as the spreadsheet shows it
//! (`tableau.xlsx, feuille « Tableau », cellule E4 : …`).
//!
//! # JSON Lines format (`--format json`), version [`FORMAT_VERSION`]
//!
//! One JSON object per line, each `{"format_version": 1, "type": …, "data": {…}}`:
//!
//! - `type: "diagnostic"`, one per problem, in file order:
//!   - `severity`: `"erreur"` (the table is rejected) or `"avertissement"` (accepted, normalised);
//!   - `code`: stable kebab-case French code, see [`Code`];
//!   - `file`: the table's path as given on the command line;
//!   - `line`: line of the file (for a spreadsheet, the row of the sheet), starting at 1, or
//!     `null` for a problem with the whole file;
//!   - `column`: column number, starting at 1, or `null` for a whole line;
//!   - `sheet`: for a spreadsheet (`.xlsx`, `.ods`), the name of the sheet read, else `null`;
//!   - `cell`: for a spreadsheet, the cell reference as the spreadsheet shows it (`"E4"`:
//!     `column_letter` then `line`), or `null` (a CSV, or a problem with a whole row or sheet);
//!   - `column_letter`: the spreadsheet letter of `column` (`"A"`, `"B"`, … `"AA"`) or `null`;
//!   - `field`: the schema field `name` of the column, or `null`;
//!   - `title`: the field `title` (the French label), or `null`;
//!   - `value`: the cell's text as read, cut after 60 characters (then `…`), or `null`;
//!   - `message`: the French message (no position prefix);
//!   - `hint`: the French hint, or `null`.
//! - `type: "stale"`, only from `build --check`, one per output file that is not what the
//!   table produces, in the order the files are written, after the diagnostics:
//!   - `file`: the output's path (`"out/tableau.pdf"`);
//!   - `state`: `"absent"` (no such file) or `"different"` (other bytes);
//!   - `message`: the French message (`out/tableau.pdf n'est pas à jour : …`);
//!   - `hint`: the French hint, with the command that regenerates the files.
//! - `type: "summary"`, exactly once, last: `file`, `valid` (bool), `errors`, `warnings`
//!   (counts), `rows` (data rows read, blank lines excluded); from `build --check` also
//!   `stale` (how many `stale` records came before, 0 when the output folder is up to date).
//!
//! With `--format github`, each stale output is a `::error file=out/tableau.pdf,
//! title=fichier-a-regenerer::…` annotation.
//!
//! Adding a field is fine; renaming or removing one bumps [`FORMAT_VERSION`].

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

/// Version of the JSON Lines format written by [`Writer`] with [`Format::Json`].
pub const FORMAT_VERSION: u32 = 1;

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

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $text:literal,)*) => {
        /// Stable diagnostic codes. French kebab-case; never reused for another meaning.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code { $($(#[$doc])* $variant,)* }

        impl Code {
            /// Every code, in declaration order (used by the documentation test).
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as printed, e.g. `valeur-interdite`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }
        }
    };
}

codes! {
    /// The file is not valid UTF-8.
    Encodage => "encodage",
    /// The file is separated by another character than the dialect's delimiter (and, when it is
    /// not UTF-8 either, the same message says so: one way to save it again fixes both).
    Separateur => "separateur",
    /// The table's bytes cannot be read as a table at all (a damaged file).
    FichierIllisible => "fichier-illisible",
    /// The file has no byte at all (or only a byte-order mark and blank lines).
    FichierVide => "fichier-vide",
    /// The file has a header and no data row.
    AucuneLigne => "aucune-ligne",
    /// A quoted cell is never closed.
    GuillemetNonFerme => "guillemet-non-ferme",
    /// A header cell is empty.
    EnTeteVide => "en-tete-vide",
    /// A header label appears twice.
    EnTeteDuplique => "en-tete-duplique",
    /// A schema field has no column.
    ColonneManquante => "colonne-manquante",
    /// A column is not in the schema (with `field` set when it is a schema field misspelt or
    /// renamed: the hint says to rename it).
    ColonneInconnue => "colonne-inconnue",
    /// The columns are all there but not in the schema's order.
    OrdreColonnes => "ordre-colonnes",
    /// A line has no cell at all, or only empty cells (the run of such lines that ends the
    /// file is one diagnostic).
    LigneVide => "ligne-vide",
    /// A line has fewer cells than the header.
    CellulesManquantes => "cellules-manquantes",
    /// A line has more cells than the header.
    CellulesEnTrop => "cellules-en-trop",
    /// An empty cell where a value is expected.
    CelluleVide => "cellule-vide",
    /// A missing value (« Non communiqué ») in a required column.
    ValeurObligatoire => "valeur-obligatoire",
    /// A value of the wrong type (integer, boolean, date…).
    TypeInvalide => "type-invalide",
    /// A value outside the field's `enum`.
    ValeurInterdite => "valeur-interdite",
    /// A value that does not match the field's `pattern`.
    FormatInvalide => "format-invalide",
    /// A value below `minimum`.
    TropPetit => "trop-petit",
    /// A value above `maximum`.
    TropGrand => "trop-grand",
    /// A text shorter than `minLength`.
    TropCourt => "trop-court",
    /// A text longer than `maxLength`.
    TropLong => "trop-long",
    /// A value that must be unique appears twice (`unique`).
    Doublon => "doublon",
    /// Two rows share a primary key.
    CleEnDouble => "cle-en-double",
    /// A text that is not an http(s) address in a `uri` field.
    AdresseInvalide => "adresse-invalide",
    /// A text that is not an e-mail address in an `email` field.
    CourrielInvalide => "courriel-invalide",
    /// A cell that a spreadsheet would run as a formula.
    InjectionFormule => "injection-formule",
    /// A control or invisible direction character in a cell.
    CaractereInterdit => "caractere-interdit",
    /// Spaces around a value, removed (warning).
    Espaces => "espaces",
    /// A character the chosen font cannot draw.
    CaractereIntracable => "caractere-intracable",
    /// The table is larger than comparatif accepts (see `limits`).
    LimiteDepassee => "limite-depassee",
    /// A spreadsheet cell holds a formula (even with a computed value).
    Formule => "formule",
    /// A spreadsheet cell holds a date or a time where the column expects something else.
    CelluleDate => "cellule-date",
    /// A spreadsheet cell holds a logical value (TRUE/FALSE) where other values are expected.
    CelluleLogique => "cellule-logique",
    /// Merged spreadsheet cells.
    CellulesFusionnees => "cellules-fusionnees",
    /// A workbook writes one cell (or one row) twice: spreadsheets show the last value, so the
    /// file is not read.
    CelluleEnDouble => "cellule-en-double",
    /// A spreadsheet number cell holds an integer of more significant digits than a spreadsheet
    /// keeps (15): the file holds one number, the spreadsheet shows another.
    NombreTropLong => "nombre-trop-long",
    /// The workbook is protected by a password (encrypted).
    FichierProtege => "fichier-protege",
    /// A file comparatif does not read (an old `.xls`, a `.xlsb`, a text document…).
    FormatNonPrisEnCharge => "format-non-pris-en-charge",
    /// The workbook has other sheets than the one read (warning).
    AutresFeuilles => "autres-feuilles",
    /// The file's name says one format and its content another (warning).
    ExtensionTrompeuse => "extension-trompeuse",
}

/// One problem in the table, with its exact place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
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
    pub message: String,
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

    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Places the diagnostic in a sheet of a spreadsheet.
    pub fn sheet(mut self, sheet: &str) -> Self {
        self.sheet = Some(sheet.to_owned());
        self
    }

    /// The same diagnostic as it may be shown: every text [`escape`]d (a message may quote a
    /// header label or a sheet name as read), the value cut after [`MAX_SHOWN_CHARS`]
    /// characters as in messages.
    pub fn escaped(self) -> Diagnostic {
        let text = |t: String| match escape(&t) {
            std::borrow::Cow::Borrowed(_) => t,
            std::borrow::Cow::Owned(escaped) => escaped,
        };
        Diagnostic {
            sheet: self.sheet.map(text),
            field: self.field.map(text),
            title: self.title.map(text),
            // Only JSON shows the value, where its own escaping keeps every character exact
            // ([`json_safe`]): cut, not escaped.
            value: self.value.map(|v| match v.char_indices().nth(MAX_SHOWN_CHARS) {
                Some((end, _)) => format!("{}…", &v[..end]),
                None => v,
            }),
            message: text(self.message),
            hint: self.hint.map(text),
            ..self
        }
    }

    /// The spreadsheet letter of the column, if any.
    pub fn column_letter(&self) -> Option<String> {
        self.column.map(column_letter)
    }

    /// The cell reference a spreadsheet shows (`E4`), for a diagnostic about one cell of a
    /// sheet.
    pub fn cell(&self) -> Option<String> {
        match (&self.sheet, self.line, self.column) {
            (Some(_), Some(line), Some(column)) => Some(format!("{}{line}", column_letter(column))),
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

/// Spreadsheet letter of a column counted from 1: 1 → `A`, 26 → `Z`, 27 → `AA`.
/// Column 0 (never produced) gives `"?"`.
pub fn column_letter(column: u32) -> String {
    if column == 0 {
        return "?".to_owned();
    }
    let mut n = column;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

pub use crate::limits::MAX_SHOWN_CHARS;

/// Quotes a cell value for a message: « value », with invisible characters made visible and
/// long values shortened to [`MAX_SHOWN_CHARS`] characters.
pub fn quote(value: &str) -> String {
    format!("« {} »", shorten(value))
}

/// `text` with its invisible characters (controls, line breaks, escape sequences, direction
/// controls: [`is_invisible`]) written as `U+001B`: the one escaping of every text that comes
/// from a file (cells, header labels, sheet names, file names, descriptor texts) before it
/// reaches a terminal, a CI log or a JSON line. A text with none is returned as is.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_invisible) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        push_escaped(&mut out, ch);
    }
    std::borrow::Cow::Owned(out)
}

/// [`escape`]d and cut after [`MAX_SHOWN_CHARS`] characters (then « … »).
pub fn shorten(value: &str) -> String {
    let mut out = String::new();
    for (count, ch) in value.chars().enumerate() {
        if count == MAX_SHOWN_CHARS {
            out.push('…');
            break;
        }
        push_escaped(&mut out, ch);
    }
    out
}

fn push_escaped(out: &mut String, ch: char) {
    if is_invisible(ch) {
        let _ = write!(out, "U+{:04X}", u32::from(ch));
    } else {
        out.push(ch);
    }
}

/// Characters that would not show in a message: controls and bidirectional formatting.
pub fn is_invisible(ch: char) -> bool {
    is_forbidden(ch)
}

/// Characters refused in cells: controls, bidirectional controls, and U+FEFF, U+FFFE, U+FFFF
/// (a byte-order mark inside a text, or noncharacters, which PDF/UA forbids).
pub fn is_forbidden(ch: char) -> bool {
    ch.is_control() || is_bidi_control(ch) || matches!(ch, '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Unicode bidirectional embedding, override and isolate controls (Trojan-Source characters).
pub fn is_bidi_control(ch: char) -> bool {
    matches!(ch, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Counts of diagnostics, for the summary line and the exit code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: u64,
    pub warnings: u64,
}

impl Counts {
    pub fn add(&mut self, diagnostic: &Diagnostic) {
        match diagnostic.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
    }
}

/// Where diagnostics go as they are found (they are never all kept in memory by `check`).
pub trait Sink {
    fn emit(&mut self, diagnostic: Diagnostic);
}

impl<S: Sink + ?Sized> Sink for &mut S {
    fn emit(&mut self, diagnostic: Diagnostic) {
        (**self).emit(diagnostic);
    }
}

impl Sink for Vec<Diagnostic> {
    fn emit(&mut self, diagnostic: Diagnostic) {
        self.push(diagnostic);
    }
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// French text for people: `table.csv:4:5: erreur[code] : …` then `aide : …`.
    #[default]
    Human,
    /// JSON Lines, documented at the top of this module.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`).
    Github,
}

/// An output file that `build --check` found out of date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stale {
    /// The output's path as shown (`out/tableau.pdf`).
    pub file: String,
    pub state: StaleState,
}

/// Why an output file is out of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum StaleState {
    /// The output folder has no such file.
    #[serde(rename = "absent")]
    Absent,
    /// The file holds other bytes than the table produces.
    #[serde(rename = "different")]
    Different,
}

impl Stale {
    /// « out/tableau.pdf n'est pas à jour : le fichier est absent ». `table` is the table's path
    /// as shown.
    pub fn message(&self, table: &str) -> String {
        let why = match self.state {
            StaleState::Absent => "le fichier est absent".to_owned(),
            StaleState::Different => format!("il diffère de ce que produit {table}"),
        };
        format!("{} n'est pas à jour : {why}", escape(&self.file))
    }
}

/// Writes diagnostics as they come, in one of the [`Format`]s.
pub struct Writer<W: Write> {
    out: W,
    format: Format,
    file: String,
    counts: Counts,
    /// Output files found out of date, once [`Writer::stale`] has been called.
    stale: Option<u64>,
    /// First I/O error met while writing; reported by [`Writer::finish`].
    io_error: Option<io::Error>,
}

impl<W: Write> Writer<W> {
    /// `file` is the table's path as the user gave it (shown in every line).
    pub fn new(out: W, format: Format, file: &str) -> Self {
        Writer {
            out,
            format,
            file: escape(file).into_owned(),
            counts: Counts::default(),
            stale: None,
            io_error: None,
        }
    }

    /// Writes the output files that `build --check` found out of date (none: the folder is up
    /// to date), each with `regenerate`, the command that makes them again; the summary then
    /// counts them. Call it once, after the diagnostics and before [`Writer::finish_with`].
    pub fn stale(&mut self, stale: &[Stale], regenerate: &str) {
        self.stale = Some(stale.len() as u64);
        let hint = format!("régénérez les fichiers avec « {regenerate} » puis validez-les");
        for s in stale {
            let message = s.message(&self.file);
            let text = match self.format {
                Format::Human => format!("{message}\n"),
                Format::Json => json_line(
                    "stale",
                    &JsonStale { file: &s.file, state: s.state, message: &message, hint: &hint },
                ),
                Format::Github => format!(
                    "::error file={},title=fichier-a-regenerer::{}\n",
                    escape_property(&s.file),
                    escape_data(&format!("{message}\naide : {hint}"))
                ),
            };
            self.write(&text);
        }
    }

    fn write(&mut self, text: &str) {
        if self.io_error.is_none()
            && let Err(err) = self.out.write_all(text.as_bytes())
        {
            self.io_error = Some(err);
        }
    }

    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Writes the final summary line. `rows` counts data rows read.
    pub fn finish(self, rows: u64) -> io::Result<Counts> {
        let counts = self.counts;
        self.finish_with(rows, counts)
    }

    /// Writes the final summary line with `counts` instead of the diagnostics written (when
    /// some were left out, see `pipeline::Rejected`). `rows` counts data rows read.
    pub fn finish_with(mut self, rows: u64, counts: Counts) -> io::Result<Counts> {
        self.counts = counts;
        let text = match self.format {
            Format::Human => format!("{}\n", human_summary(&self.file, self.counts, rows)),
            Format::Json => json_line(
                "summary",
                &JsonSummary {
                    file: &self.file,
                    valid: self.counts.errors == 0,
                    errors: self.counts.errors,
                    warnings: self.counts.warnings,
                    rows,
                    stale: self.stale,
                },
            ),
            Format::Github => {
                let summary = human_summary(&self.file, self.counts, rows);
                if self.counts.errors > 0 {
                    format!("::error title=comparatif::{}\n", escape_data(&summary))
                } else {
                    format!("::notice title=comparatif::{}\n", escape_data(&summary))
                }
            }
        };
        if let Some(err) = self.io_error.take() {
            return Err(err);
        }
        self.out.write_all(text.as_bytes())?;
        self.out.flush()?;
        Ok(self.counts)
    }
}

impl<W: Write> Sink for Writer<W> {
    fn emit(&mut self, diagnostic: Diagnostic) {
        self.counts.add(&diagnostic);
        if self.io_error.is_some() {
            return;
        }
        let text = match self.format {
            Format::Human => render_human(&self.file, &diagnostic),
            Format::Json => {
                json_line("diagnostic", &JsonDiagnostic::new(&self.file, &diagnostic.escaped()))
            }
            Format::Github => render_github(&self.file, &diagnostic),
        };
        self.write(&text);
    }
}

/// `table.csv:4:5: erreur[code] : message` then `aide : hint`, each line ending with `\n`; for a
/// spreadsheet, `tableau.xlsx, feuille « Tableau », cellule E4 : erreur[code] : message`.
/// Every text is [`escape`]d.
pub fn render_human(file: &str, d: &Diagnostic) -> String {
    let d = &d.clone().escaped();
    let mut out = escape(file).into_owned();
    if let Some(place) = d.sheet_place() {
        let _ = writeln!(
            out,
            ", {place} : {}[{}] : {}",
            d.severity.label(),
            d.code.as_str(),
            d.message
        );
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "  aide : {hint}");
        }
        return out;
    }
    if let Some(line) = d.line {
        let _ = write!(out, ":{line}");
        if let Some(column) = d.column {
            let _ = write!(out, ":{column}");
        }
    }
    let _ = writeln!(out, ": {}[{}] : {}", d.severity.label(), d.code.as_str(), d.message);
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "  aide : {hint}");
    }
    out
}

/// The last line of the human output.
pub fn human_summary(file: &str, counts: Counts, rows: u64) -> String {
    let warnings = plural(counts.warnings, "avertissement", "avertissements");
    if counts.errors == 0 {
        let solutions = plural(rows, "ligne de données", "lignes de données");
        format!("{file} : tableau valide ({solutions}, {warnings})")
    } else {
        let errors = plural(counts.errors, "erreur", "erreurs");
        format!("{file} : tableau refusé ({errors}, {warnings})")
    }
}

/// « 1 erreur », « 2 erreurs », « 0 erreur » (French: singular for 0 and 1).
/// Numbers of four digits or more are grouped as French writes them (« 10 049 erreurs »).
pub fn plural(n: u64, one: &str, many: &str) -> String {
    let number = crate::limits::french_number(n);
    if n <= 1 { format!("{number} {one}") } else { format!("{number} {many}") }
}

fn render_github(file: &str, d: &Diagnostic) -> String {
    let d = &d.clone().escaped();
    let file = &escape(file);
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = format!("file={}", escape_property(file));
    // A sheet's rows are not lines of the (binary) file: the annotation names the file, and
    // the message says the sheet and the cell.
    let place = d.sheet_place();
    if let (Some(line), None) = (d.line, &place) {
        let _ = write!(props, ",line={line}");
        if let Some(column) = d.column {
            let _ = write!(props, ",col={column}");
        }
    }
    let _ = write!(props, ",title={}", escape_property(d.code.as_str()));
    let mut text = match place {
        Some(place) => format!("{place} : {}", d.message),
        None => d.message.clone(),
    };
    if let Some(hint) = &d.hint {
        let _ = write!(text, "\naide : {hint}");
    }
    format!("::{command} {props}::{}\n", escape_data(&text))
}

/// Escapes the message part of a workflow command (as `@actions/core` does).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value of a workflow command (as `@actions/core` does).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[derive(Serialize)]
struct JsonLine<'a, T: Serialize> {
    format_version: u32,
    #[serde(rename = "type")]
    kind: &'a str,
    data: &'a T,
}

fn json_line<T: Serialize>(kind: &str, data: &T) -> String {
    let line = JsonLine { format_version: FORMAT_VERSION, kind, data };
    // Serialising plain structs of strings and numbers into a String cannot fail.
    let mut text = json_safe(&serde_json::to_string(&line).expect("diagnostics serialise to JSON"))
        .into_owned();
    text.push('\n');
    text
}

/// JSON text with every invisible character ([`is_invisible`]) still raw in it written as a
/// `\uXXXX` escape: the same data for a JSON reader, but no DEL, C1 control (U+009B starts a
/// terminal sequence as ESC [ does) or direction control reaches a terminal or a CI log.
/// serde_json escapes only U+0000 to U+001F. Such characters can only be inside strings, where
/// the escape is valid.
pub fn json_safe(json: &str) -> std::borrow::Cow<'_, str> {
    if !json.chars().any(is_invisible) {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for ch in json.chars() {
        if is_invisible(ch) {
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(ch);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The `data` object of a diagnostic's JSON line (every field documented at the top of this
/// module), for callers that put diagnostics in a JSON document of their own.
pub fn json_data(file: &str, d: &Diagnostic) -> serde_json::Value {
    let d = d.clone().escaped();
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_value(JsonDiagnostic::new(&escape(file), &d))
        .expect("diagnostics serialise to JSON")
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'static str,
    file: &'a str,
    line: Option<u64>,
    column: Option<u32>,
    column_letter: Option<String>,
    sheet: Option<&'a str>,
    cell: Option<String>,
    field: Option<&'a str>,
    title: Option<&'a str>,
    value: Option<&'a str>,
    message: &'a str,
    hint: Option<&'a str>,
}

impl<'a> JsonDiagnostic<'a> {
    fn new(file: &'a str, d: &'a Diagnostic) -> Self {
        JsonDiagnostic {
            severity: d.severity,
            code: d.code.as_str(),
            file,
            line: d.line,
            column: d.column,
            column_letter: d.column_letter(),
            sheet: d.sheet.as_deref(),
            cell: d.cell(),
            field: d.field.as_deref(),
            title: d.title.as_deref(),
            value: d.value.as_deref(),
            message: &d.message,
            hint: d.hint.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    file: &'a str,
    valid: bool,
    errors: u64,
    warnings: u64,
    rows: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    stale: Option<u64>,
}

#[derive(Serialize)]
struct JsonStale<'a> {
    file: &'a str,
    state: StaleState,
    message: &'a str,
    hint: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheets() {
        for (n, letters) in [
            (1, "A"),
            (2, "B"),
            (26, "Z"),
            (27, "AA"),
            (52, "AZ"),
            (53, "BA"),
            (702, "ZZ"),
            (703, "AAA"),
        ] {
            assert_eq!(column_letter(n), letters, "column {n}");
        }
    }

    #[test]
    fn quote_shows_invisible_characters_and_shortens() {
        assert_eq!(quote("Oui"), "« Oui »");
        assert_eq!(quote("a\u{7}b\u{202E}"), "« aU+0007bU+202E »");
        let long = "x".repeat(100);
        assert_eq!(quote(&long), format!("« {}… »", "x".repeat(60)));
    }

    #[test]
    fn human_rendering_has_position_code_and_hint() {
        let d = Diagnostic::error(Code::ValeurInterdite)
            .line(4)
            .column(3)
            .message("« oui » n'est pas une valeur possible")
            .hint("écrivez « Oui »");
        assert_eq!(
            render_human("table.csv", &d),
            "table.csv:4:3: erreur[valeur-interdite] : « oui » n'est pas une valeur possible\n  aide : écrivez « Oui »\n"
        );
        let file_level = Diagnostic::error(Code::FichierVide).message("le fichier est vide");
        assert_eq!(
            render_human("t.csv", &file_level),
            "t.csv: erreur[fichier-vide] : le fichier est vide\n"
        );
    }

    #[test]
    fn github_rendering_escapes_properties_and_data() {
        let d =
            Diagnostic::warning(Code::Espaces).line(2).column(1).message("a, b: 100%").hint("h");
        assert_eq!(
            render_github("dir:x,y.csv", &d),
            "::warning file=dir%3Ax%2Cy.csv,line=2,col=1,title=espaces::a, b: 100%25%0Aaide : h\n"
        );
    }

    #[test]
    fn json_lines_have_version_type_and_every_field() {
        let mut out = Vec::new();
        let mut wtr = Writer::new(&mut out, Format::Json, "table.csv");
        wtr.emit(
            Diagnostic::error(Code::TypeInvalide)
                .line(3)
                .column(28)
                .field("n", "N")
                .value("x")
                .message("m"),
        );
        let counts = wtr.finish(5).unwrap();
        assert_eq!(counts, Counts { errors: 1, warnings: 0 });
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<serde_json::Value> =
            text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["format_version"], 1);
        assert_eq!(lines[0]["type"], "diagnostic");
        assert_eq!(lines[0]["data"]["column_letter"], "AB");
        assert_eq!(lines[0]["data"]["severity"], "erreur");
        assert_eq!(lines[0]["data"]["hint"], serde_json::Value::Null);
        assert_eq!(lines[1]["type"], "summary");
        assert_eq!(lines[1]["data"]["valid"], false);
        assert_eq!(lines[1]["data"]["rows"], 5);
    }

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{s}");
            assert!(seen.insert(s), "code {s} used twice");
        }
    }

    #[test]
    fn plural_is_french() {
        assert_eq!(plural(0, "erreur", "erreurs"), "0 erreur");
        assert_eq!(plural(1, "erreur", "erreurs"), "1 erreur");
        assert_eq!(plural(2, "erreur", "erreurs"), "2 erreurs");
    }
}
