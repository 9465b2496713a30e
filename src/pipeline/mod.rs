//! The pipeline as one call: the descriptor, the table's bytes and the fonts, all in memory →
//! every output file, or the diagnostics that rejected the table.
//!
//! [`build`] runs every stage in order — load, validate, limits, glyph check ([`accept`]),
//! then layout and the PDF, PNG and HTML exports ([`render()`]) — and touches nothing but its
//! arguments: no file, no clock, no environment, no thread unless the `parallel` feature is on
//! (the same bytes either way). The command line, the browser page ([`page`]), the fuzz targets, the
//! benchmarks and the tests all call it. [`check`] is validation alone, streaming, so that a
//! table of millions of rows is checked in flat memory.

mod grid;
mod init;
pub mod page;
mod render;
mod update;

use std::io::{self, Read};

pub use grid::{Grid, GridRecord, grid};
pub use init::{InitOptions, Initialized, TABLE_CSV, init};
pub use render::{
    BuildOptions, DEFAULT_FILE_NAME, Output, Previews, RenderError, Rendered, file_names, previews,
    render,
};
pub use update::{UpdateError, record_update};

#[doc(hidden)]
pub mod stages {
    //! For benchmarks only (`examples/bench_stage.rs`, run by `bench/run.sh`): the stages of
    //! [`render`](super::render) one at a time, so that each can be timed alone. Not part of
    //! the library's API: hidden from the documentation, and may change or go without notice.
    //! Hosts call [`build`](super::build).
    pub use super::render::{FirstPage, first_page, lay_out, pdf, thumbnail};
}

use crate::diag::{Code, Counts, Diagnostic, Sink};
use crate::french;
use crate::layout::{self, fonts::Fonts};
use crate::limits::{MAX_DIAGNOSTICS, MAX_ROWS_BUILD, MAX_SHEET_FILE_BYTES};
use crate::load::{self, Delimited};
use crate::model::Table;
use crate::schema::Descriptor;
use crate::validate::{self, ValidateOptions};

/// Everything [`build`], [`import`] and [`export`] need, in memory.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The parsed descriptor (`schema::parse` reads its text).
    pub descriptor: &'a Descriptor,
    /// The table file's bytes, as stored: CSV in the descriptor's dialect, or a spreadsheet
    /// (`.xlsx`, `.ods`), told by its bytes.
    pub table: &'a [u8],
    /// The table's file name as people see it (`table.csv`, `tableau.xlsx`): when its
    /// extension says another format than its bytes, the summary starts with the
    /// `extension-trompeuse` warning ([`load::misnamed`]). Empty: no name, no such warning.
    pub name: &'a str,
    /// The fonts the PDF and the thumbnail are set in ([`Fonts::bundled`] by default); only
    /// [`build`] uses them.
    pub fonts: &'a Fonts,
}

/// What was said about a table, whatever the verdict: the diagnostics, their counts and the
/// rows read. [`build`], [`import`], [`export`] and [`accept`] all give one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Errors and warnings, in file order (only warnings when the table passed), the
    /// misnamed-file warning first; at most [`MAX_DIAGNOSTICS`] of the table's, then one more
    /// (not counted in `counts`) saying how many were left out.
    pub diagnostics: Vec<Diagnostic>,
    /// Every error and warning found, those left out included.
    pub counts: Counts,
    /// Data rows read (blank lines excluded).
    pub rows: u64,
}

/// What [`build`], [`import`] and [`export`] decided: what was said, and what was made when
/// the table passed.
#[derive(Debug)]
pub struct Verdict<T> {
    /// The diagnostics, counts and rows, in both cases.
    pub summary: Summary,
    /// What was made (every output, the canonical CSV, the `.xlsx`); `None` when the table was
    /// refused: nothing is made, and `summary` holds at least one error.
    pub made: Option<T>,
}

impl<T> Verdict<T> {
    fn rejected(summary: Summary) -> Self {
        Verdict { summary, made: None }
    }
}

/// The outputs of an accepted table ([`build`]).
#[derive(Debug)]
pub struct Published {
    /// Every output file, in the order of [`file_names`].
    pub outputs: Vec<Output>,
    /// Pages of the PDF.
    pub pages: usize,
    /// The previews for a page where no output lies beside them, when
    /// [`BuildOptions::previews`] asks for them.
    pub previews: Option<Previews>,
}

/// A table that passed every check before layout: valid, within the limits, every character
/// drawable with the fonts. What [`render()`] takes.
#[derive(Debug)]
pub struct Accepted {
    /// The validated model, every row kept (at most [`MAX_ROWS_BUILD`]).
    pub table: Table,
    /// The warnings said on the way (no error).
    pub summary: Summary,
}

/// Validates the table and, when it passes, renders every output in memory. Fails only when
/// an output cannot be encoded ([`RenderError`]), never because of the table's content: a
/// table with a problem gives a verdict with nothing made.
pub fn build(input: &Input<'_>, options: &BuildOptions) -> Result<Verdict<Published>, RenderError> {
    let accepted = match accept(input) {
        Ok(accepted) => accepted,
        Err(rejected) => return Ok(Verdict::rejected(rejected)),
    };
    let mut summary = accepted.summary;
    if let Some(too_big) = budget(options.max_cells, summary.rows, accepted.table.columns.len()) {
        summary.counts.add(&too_big);
        summary.diagnostics.push(too_big);
        return Ok(Verdict::rejected(summary));
    }
    let rendered = render(&accepted.table, input.fonts, options)?;
    let previews = options.previews.then(|| previews(&accepted.table, &rendered));
    let published = Published { outputs: rendered.outputs, pages: rendered.pages, previews };
    Ok(Verdict { summary, made: Some(published) })
}

/// The `limite-depassee` error of a table of `rows` × `columns` cells larger than a host
/// publishes in its memory ([`BuildOptions::max_cells`]: the browser page).
fn budget(max_cells: Option<u64>, rows: u64, columns: usize) -> Option<Diagnostic> {
    let max = max_cells?;
    let cells = rows.saturating_mul(columns as u64);
    (cells > max).then(|| {
        Diagnostic::error(Code::LimiteDepassee)
            .message(format!(
                "le tableau a {} cellules ({} lignes de {columns} colonnes) ; cette page en publie au plus {}",
                french::number(cells),
                french::number(rows),
                french::number(max)
            ))
            .hint(format!(
                "un tableau comparatif tient en quelques dizaines de lignes : vérifiez que c'est le bon fichier ; un tableau plus grand se publie avec l'outil en ligne de commande (« comparatif build », jusqu'à {} lignes)",
                french::number(MAX_ROWS_BUILD as u64)
            ))
    })
}

/// Validates the table, checks the limits of a publication ([`MAX_ROWS_BUILD`]) and that the
/// fonts can draw every character: the table model, or every diagnostic that refuses it.
pub fn accept(input: &Input<'_>) -> Result<Accepted, Summary> {
    let (table, mut found, rows) = validated(input)?;
    for d in layout::check_glyphs(&table, input.fonts) {
        found.emit(d);
    }
    if found.counts.errors > 0 {
        return Err(found.summary(input, rows));
    }
    let summary = found.summary(input, rows);
    Ok(Accepted { table, summary })
}

/// Validates the table (CSV or spreadsheet) against the descriptor and keeps its rows, up to
/// [`MAX_ROWS_BUILD`]: the model and what was said, or every diagnostic that refuses it.
fn validated(input: &Input<'_>) -> Result<(Table, Collected, u64), Summary> {
    let (descriptor, table) = (input.descriptor, input.table);
    let mut found = Collected::default();
    let mut source = load::source(table, descriptor);
    let options = ValidateOptions { keep_rows: true, max_rows_kept: MAX_ROWS_BUILD };
    let outcome = validate::validate(&mut *source, descriptor, options, &mut found);
    let outcome = match outcome {
        Ok(outcome) => outcome,
        // Bytes in memory cannot fail to be read; said as a diagnostic rather than a panic.
        Err(err) => {
            found.emit(
                Diagnostic::error(Code::FichierIllisible)
                    .message(format!("le tableau n'a pas pu être lu ({err})")),
            );
            return Err(found.summary(input, 0));
        }
    };
    if outcome.rows > MAX_ROWS_BUILD as u64 && found.counts.errors == 0 {
        found.emit(
            Diagnostic::error(Code::LimiteDepassee)
                .message(format!(
                    "le tableau a {} lignes ; le PDF et la vignette en acceptent au plus {}",
                    french::number(outcome.rows),
                    french::number(MAX_ROWS_BUILD as u64)
                ))
                .hint("« comparatif check » vérifie les grands tableaux, mais un tableau publié tient en quelques dizaines de lignes"),
        );
    }
    match outcome.table {
        Some(table) if found.counts.errors == 0 => Ok((table, found, outcome.rows)),
        _ => Err(found.summary(input, outcome.rows)),
    }
}

/// `comparatif import`: validates the table (a spreadsheet, or a CSV) and, when it passes,
/// writes the canonical `table.csv` ([`crate::export::csv`]); a table with an error gives
/// every diagnostic and no bytes. Writing to memory cannot fail: the error type is the one
/// [`build`] and [`export`] share, for the same shape.
pub fn import(input: &Input<'_>) -> Result<Verdict<Vec<u8>>, RenderError> {
    let (model, found, rows) = match validated(input) {
        Ok(ok) => ok,
        Err(rejected) => return Ok(Verdict::rejected(rejected)),
    };
    let bytes = crate::export::csv::csv(&model, input.descriptor.dialect);
    Ok(Verdict { summary: found.summary(input, rows), made: Some(bytes) })
}

/// `comparatif export`: validates the table and, when it passes, writes the `.xlsx` made for
/// editing ([`crate::export::xlsx`]). Fails only when the `.xlsx` cannot be encoded.
#[cfg(feature = "xlsx")]
pub fn export(input: &Input<'_>) -> Result<Verdict<Vec<u8>>, RenderError> {
    let (model, found, rows) = match validated(input) {
        Ok(ok) => ok,
        Err(rejected) => return Ok(Verdict::rejected(rejected)),
    };
    let origin = load::origin::fingerprint(input.table);
    let bytes = crate::export::xlsx::xlsx(&model, input.descriptor, &origin)?;
    Ok(Verdict { summary: found.summary(input, rows), made: Some(bytes) })
}

/// What [`check`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checked {
    /// Every error and warning found, the misnamed-file warning included (a sink may have been
    /// given fewer: at most [`MAX_DIAGNOSTICS`], then one saying how many were left out).
    pub counts: Counts,
    /// Data rows read (blank lines excluded).
    pub rows: u64,
}

/// Validates the table read from `table` against `descriptor`, sending each diagnostic to
/// `sink` as it is found, without keeping the rows (memory stays flat whatever the number of
/// rows); `name` is the file's name as people see it, for the `extension-trompeuse` warning
/// (said first; empty: none). The format is told by the first bytes ([`load::may_be_workbook`]):
/// a CSV is streamed, anything else is read into memory first, up to [`MAX_SHEET_FILE_BYTES`]
/// and one byte more. Fails only when `table` cannot be read (I/O).
pub fn check(
    descriptor: &Descriptor,
    mut table: impl Read,
    name: &str,
    sink: &mut dyn Sink,
) -> io::Result<Checked> {
    let mut head = Vec::with_capacity(load::SNIFF_BYTES);
    (&mut table).take(load::SNIFF_BYTES as u64).read_to_end(&mut head)?;
    let (outcome, misnamed) = if !load::may_be_workbook(&head) {
        // Told by its first bytes: a CSV (`load::detect` needs no more to say so).
        let misnamed = warn_misnamed(name, &head, sink);
        let mut sink = Capped::new(&mut *sink);
        let mut source = Delimited::new(io::Cursor::new(head).chain(table), descriptor.dialect)
            .rows_called(&descriptor.publication.row_noun);
        let outcome =
            validate::validate(&mut source, descriptor, ValidateOptions::default(), &mut sink)?;
        let (_, counts) = sink.finish();
        debug_assert_eq!(counts, outcome.counts, "every diagnostic passes through the cap");
        (outcome, misnamed)
    } else {
        let mut bytes = head;
        table.take(MAX_SHEET_FILE_BYTES + 1 - bytes.len() as u64).read_to_end(&mut bytes)?;
        let misnamed = warn_misnamed(name, &bytes, sink);
        let mut sink = Capped::new(&mut *sink);
        let mut source = load::source(&bytes, descriptor);
        let outcome =
            validate::validate(&mut *source, descriptor, ValidateOptions::default(), &mut sink)?;
        let (_, counts) = sink.finish();
        debug_assert_eq!(counts, outcome.counts, "every diagnostic passes through the cap");
        (outcome, misnamed)
    };
    let mut counts = outcome.counts;
    counts.errors += misnamed.errors;
    counts.warnings += misnamed.warnings;
    Ok(Checked { counts, rows: outcome.rows })
}

/// Sends the `extension-trompeuse` warning of a file named `name` holding `bytes` to `sink`,
/// if its name misleads; its counts.
fn warn_misnamed(name: &str, bytes: &[u8], sink: &mut dyn Sink) -> Counts {
    let mut counts = Counts::default();
    if let Some(d) = load::misnamed(name, bytes) {
        counts.add(&d);
        sink.emit(d);
    }
    counts
}

/// Keeps the diagnostics, up to [`MAX_DIAGNOSTICS`], and counts all of them.
type Collected = Capped<Vec<Diagnostic>>;

/// Passes the first [`MAX_DIAGNOSTICS`] diagnostics on and counts all of them: a table with
/// more problems than that is the wrong file, and each message costs memory or a line of log.
struct Capped<S> {
    inner: S,
    passed: usize,
    counts: Counts,
    /// Diagnostics not passed on, past the limit.
    omitted: Counts,
}

impl<S: Default> Default for Capped<S> {
    fn default() -> Self {
        Capped::new(S::default())
    }
}

impl<S: Sink> Sink for Capped<S> {
    fn emit(&mut self, diagnostic: Diagnostic) {
        self.counts.add(&diagnostic);
        if self.passed < MAX_DIAGNOSTICS {
            self.passed += 1;
            self.inner.emit(diagnostic);
        } else {
            self.omitted.add(&diagnostic);
        }
    }
}

impl<S> Capped<S> {
    fn new(inner: S) -> Self {
        Capped { inner, passed: 0, counts: Counts::default(), omitted: Counts::default() }
    }
}

impl<S: Sink> Capped<S> {
    /// Passes on a notice of the diagnostics left out (not counted), if any; gives back the
    /// inner sink and the counts of all the diagnostics.
    fn finish(mut self) -> (S, Counts) {
        let Counts { errors, warnings } = self.omitted;
        if errors + warnings > 0 {
            let notice = if self.counts.errors > 0 {
                Diagnostic::error(Code::LimiteDepassee)
            } else {
                Diagnostic::warning(Code::LimiteDepassee)
            };
            self.inner.emit(
                notice
                    .message(format!(
                        "{} et {} de plus ne sont pas affichés (au plus {} diagnostics)",
                        french::plural(errors, "erreur", "erreurs"),
                        french::plural(warnings, "avertissement", "avertissements"),
                        french::number(MAX_DIAGNOSTICS as u64)
                    ))
                    .hint(
                        "corrigez les problèmes affichés puis relancez : les suivants apparaîtront",
                    ),
            );
        }
        (self.inner, self.counts)
    }
}

impl Collected {
    /// What was said about `input`'s table of `rows` rows: the misnamed-file warning, if any,
    /// then what was collected (the cap applies to the table's diagnostics only).
    fn summary(self, input: &Input<'_>, rows: u64) -> Summary {
        let (collected, mut counts) = self.finish();
        let mut diagnostics = Vec::with_capacity(collected.len() + 1);
        if let Some(d) = load::misnamed(input.name, input.table) {
            counts.add(&d);
            diagnostics.push(d);
        }
        diagnostics.extend(collected);
        Summary { diagnostics, counts, rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The repository's descriptor and table, compiled in: these tests touch no file.
    const DESCRIPTOR: &str = include_str!("../../datapackage.json");
    const TABLE: &[u8] = include_bytes!("../../table.csv");
    /// The files of `out/`, whose names the repository's descriptor leaves to the default.
    const FILES_OF_OUT: [&str; 6] =
        ["tableau.pdf", "tableau.png", "tableau.html", "tableau.js", "apercu.html", "lien.html"];

    fn descriptor() -> Descriptor {
        crate::schema::parse(DESCRIPTOR).expect("the repository descriptor parses")
    }

    #[test]
    fn the_repository_table_gives_the_published_files_from_memory() {
        let (descriptor, fonts) = (descriptor(), Fonts::bundled());
        let input =
            Input { descriptor: &descriptor, table: TABLE, name: "table.csv", fonts: &fonts };
        let verdict = build(&input, &BuildOptions::default()).unwrap();
        let published = verdict.made.expect("table.csv is accepted");
        let names: Vec<&str> = published.outputs.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, FILES_OF_OUT);
        assert_eq!((verdict.summary.rows, verdict.summary.diagnostics.len()), (7, 0));
        // The bytes `out/` holds (CI's `build --check` keeps them those of table.csv).
        let committed: [&[u8]; 6] = [
            include_bytes!("../../out/tableau.pdf"),
            include_bytes!("../../out/tableau.png"),
            include_bytes!("../../out/tableau.html"),
            include_bytes!("../../out/tableau.js"),
            include_bytes!("../../out/apercu.html"),
            include_bytes!("../../out/lien.html"),
        ];
        for (output, bytes) in published.outputs.iter().zip(committed) {
            assert!(output.bytes == bytes, "{} differs from out/{}", output.name, output.name);
        }
    }

    #[test]
    fn a_table_with_errors_gives_every_diagnostic_and_no_output() {
        let (descriptor, fonts) = (descriptor(), Fonts::bundled());
        let mut table = TABLE.to_vec();
        // A second row for the first solution: its key repeats, its link is not a web address.
        let first_row = std::str::from_utf8(TABLE).unwrap().lines().nth(1).unwrap();
        let (cells, link) = first_row.rsplit_once(',').unwrap();
        table.extend_from_slice(format!("{cells},{}\n", link.replace("https", "ftp")).as_bytes());
        let input = Input { descriptor: &descriptor, table: &table, name: "", fonts: &fonts };
        let verdict = build(&input, &BuildOptions::default()).unwrap();
        assert!(verdict.made.is_none(), "the table is refused");
        let rejected = verdict.summary;
        let codes: Vec<Code> = rejected.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::CleEnDouble, Code::AdresseInvalide]);
        assert_eq!((rejected.counts.errors, rejected.rows), (2, 8));
        assert!(rejected.diagnostics.iter().all(|d| d.line == Some(9)));
    }

    #[test]
    fn a_spreadsheet_s_diagnostics_name_its_sheet_and_cell_from_the_library() {
        let (descriptor, fonts) = (descriptor(), Fonts::bundled());
        let table = include_bytes!("../../tests/cases/sheets/formule.ods");
        let input = Input { descriptor: &descriptor, table, name: "formule.ods", fonts: &fonts };
        let Err(rejected) = accept(&input) else { panic!("a formula is refused") };
        let d = &rejected.diagnostics[0];
        assert_eq!(
            (d.code, d.sheet.as_deref(), d.cell().as_deref()),
            (Code::Formule, Some("Tableau"), Some("E2"))
        );
        // The same bytes streamed by `check`, and the canonical CSV of the table saved as .xlsx.
        let mut streamed = Vec::new();
        let checked = check(&descriptor, &table[..], "formule.ods", &mut streamed).unwrap();
        assert_eq!((checked.counts.errors, streamed[0].cell().as_deref()), (1, Some("E2")));
        let sheet = include_bytes!("../../tests/cases/sheets/table.xlsx");
        let input = Input { table: sheet, name: "table.xlsx", ..input };
        let imported = import(&input).unwrap().made.unwrap();
        assert!(imported == TABLE, "the LibreOffice .xlsx of table.csv imports to table.csv");
    }

    #[test]
    fn a_misnamed_file_is_said_first_by_every_entry_point() {
        let (descriptor, fonts) = (descriptor(), Fonts::bundled());
        let input =
            Input { descriptor: &descriptor, table: TABLE, name: "tableau.xlsx", fonts: &fonts };
        let verdict = build(&input, &BuildOptions::default()).unwrap();
        let imported = import(&input).unwrap();
        let mut streamed = Vec::new();
        let checked = check(&descriptor, TABLE, input.name, &mut streamed).unwrap();
        for (summary, counts) in
            [(&verdict.summary, None), (&imported.summary, Some(checked.counts))]
        {
            assert_eq!(summary.diagnostics[0].code, Code::ExtensionTrompeuse);
            assert_eq!(summary.counts, Counts { errors: 0, warnings: 1 });
            assert_eq!(counts.unwrap_or(summary.counts), summary.counts);
        }
        assert!(verdict.made.is_some() && imported.made.is_some());
        assert_eq!(streamed[0].code, Code::ExtensionTrompeuse);
    }

    #[test]
    fn diagnostics_past_the_limit_are_counted_and_announced() {
        let mut found = Collected::default();
        for line in 0..MAX_DIAGNOSTICS as u64 + 5 {
            found.emit(Diagnostic::error(Code::LigneVide).line(line + 1));
        }
        found.emit(Diagnostic::warning(Code::Espaces));
        let (diagnostics, counts) = found.finish();
        assert_eq!(diagnostics.len(), MAX_DIAGNOSTICS + 1);
        assert_eq!(counts, Counts { errors: MAX_DIAGNOSTICS as u64 + 5, warnings: 1 });
        let notice = diagnostics.last().unwrap();
        assert_eq!(notice.code, Code::LimiteDepassee);
        assert!(
            notice.message.starts_with("5 erreurs et 1 avertissement de plus"),
            "{}",
            notice.message
        );
    }
}
