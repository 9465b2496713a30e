//! The pipeline as one call: the descriptor, the table's bytes and the fonts, all in memory →
//! every output file, or the diagnostics that rejected the table.
//!
//! [`build`] runs every stage in order — load, validate, limits, glyph check ([`accept`]),
//! then layout and the PDF, PNG and HTML exports ([`render()`]) — and touches nothing but its
//! arguments: no file, no clock, no environment, no thread unless the `parallel` feature is on
//! (the same bytes either way). The command line, the browser page, the fuzz targets, the
//! benchmarks and the tests all call it. [`check`] is validation alone, streaming, so that a
//! table of millions of rows is checked in flat memory.

mod grid;
mod render;

use std::io::{self, Read};

pub use grid::{Grid, GridRecord, grid};
pub use render::{BuildOptions, FILES, Output, Previews, RenderError, Rendered, previews, render};

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
use crate::load::{self, Delimited, Format};
use crate::model::Table;
use crate::schema::Descriptor;
use crate::validate::{self, ValidateOptions};

/// Everything [`build`] needs, in memory.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The parsed descriptor (`schema::parse` reads its text).
    pub descriptor: &'a Descriptor,
    /// The table file's bytes, as stored: CSV in the descriptor's dialect, or a spreadsheet
    /// (`.xlsx`, `.ods`), told by its bytes.
    pub table: &'a [u8],
    /// The fonts the PDF and the thumbnail are set in ([`Fonts::bundled`] by default).
    pub fonts: &'a Fonts,
}

/// What [`build`] decided.
#[derive(Debug)]
pub enum Verdict {
    /// The table passed: every output, and the warnings (the table was normalised).
    Published(Published),
    /// The table was refused: nothing is produced.
    Rejected(Rejected),
}

/// The outputs of an accepted table.
#[derive(Debug)]
pub struct Published {
    /// Every output file, in the order of [`FILES`].
    pub outputs: Vec<Output>,
    /// Warnings, in file order (at most [`MAX_DIAGNOSTICS`], as for [`Rejected`]).
    pub warnings: Vec<Diagnostic>,
    /// Every warning found, those left out included.
    pub counts: Counts,
    /// Data rows of the table.
    pub rows: u64,
    /// Pages of the PDF.
    pub pages: usize,
}

/// Why a table was refused.
#[derive(Debug)]
pub struct Rejected {
    /// Errors and warnings, in file order; at most [`MAX_DIAGNOSTICS`] of them, then one more
    /// (not counted in `counts`) saying how many were left out.
    pub diagnostics: Vec<Diagnostic>,
    /// Every error and warning found, those left out included.
    pub counts: Counts,
    /// Data rows read (blank lines excluded).
    pub rows: u64,
}

/// A table that passed every check before layout: valid, within the limits, every character
/// drawable with the fonts. What [`render()`] takes.
#[derive(Debug)]
pub struct Accepted {
    /// The validated model, every row kept (at most [`MAX_ROWS_BUILD`]).
    pub table: Table,
    /// Warnings, in file order (at most [`MAX_DIAGNOSTICS`], as for [`Rejected`]).
    pub warnings: Vec<Diagnostic>,
    /// Every warning found, those left out included.
    pub counts: Counts,
    /// Data rows of the table.
    pub rows: u64,
}

/// Validates the table and, when it passes, renders every output in memory. Fails only when
/// an output cannot be encoded ([`RenderError`]), never because of the table's content: a
/// table with a problem gives [`Verdict::Rejected`].
pub fn build(input: &Input<'_>, options: &BuildOptions) -> Result<Verdict, RenderError> {
    let accepted = match accept(input) {
        Ok(accepted) => accepted,
        Err(rejected) => return Ok(Verdict::Rejected(rejected)),
    };
    let rendered = render(&accepted.table, input.fonts, options)?;
    Ok(Verdict::Published(Published {
        outputs: rendered.outputs,
        warnings: accepted.warnings,
        counts: accepted.counts,
        rows: accepted.rows,
        pages: rendered.pages,
    }))
}

/// Validates the table, checks the limits of a publication ([`MAX_ROWS_BUILD`]) and that the
/// fonts can draw every character: the table model, or every diagnostic that refuses it.
pub fn accept(input: &Input<'_>) -> Result<Accepted, Rejected> {
    let (table, mut found, rows) = validated(input.descriptor, input.table)?;
    for d in layout::check_glyphs(&table, input.fonts) {
        found.emit(d);
    }
    if found.counts.errors > 0 {
        return Err(found.rejected(rows));
    }
    let (warnings, counts) = found.finish();
    Ok(Accepted { table, warnings, counts, rows })
}

/// Validates `table` (CSV or spreadsheet) against `descriptor` and keeps its rows, up to
/// [`MAX_ROWS_BUILD`]: the model and what was said, or every diagnostic that refuses it.
fn validated(descriptor: &Descriptor, table: &[u8]) -> Result<(Table, Collected, u64), Rejected> {
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
            return Err(found.rejected(0));
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
        _ => Err(found.rejected(outcome.rows)),
    }
}

/// A table written back as a file: its bytes and the warnings said on the way.
#[derive(Debug)]
pub struct Converted {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Warnings, in file order (at most [`MAX_DIAGNOSTICS`]).
    pub warnings: Vec<Diagnostic>,
    /// Every warning found, those left out included.
    pub counts: Counts,
    /// Data rows of the table.
    pub rows: u64,
}

/// `comparatif import`: validates `table` (a spreadsheet, or a CSV) and, when it passes,
/// writes the canonical `table.csv` ([`crate::export::csv`]); a table with an error gives
/// every diagnostic and no bytes.
pub fn import(descriptor: &Descriptor, table: &[u8]) -> Result<Converted, Rejected> {
    let (model, found, rows) = validated(descriptor, table)?;
    let bytes = crate::export::csv::csv(&model, descriptor.dialect);
    let (warnings, counts) = found.finish();
    Ok(Converted { bytes, warnings, counts, rows })
}

/// `comparatif export`: validates `table` and, when it passes, writes the `.xlsx` made for
/// editing ([`crate::export::xlsx`]). `Ok(Err(_))` is a table refused; `Err` an `.xlsx` that
/// could not be encoded.
#[cfg(feature = "xlsx")]
pub fn export(
    descriptor: &Descriptor,
    table: &[u8],
) -> Result<Result<Converted, Rejected>, crate::export::xlsx::XlsxError> {
    let (model, found, rows) = match validated(descriptor, table) {
        Ok(ok) => ok,
        Err(rejected) => return Ok(Err(rejected)),
    };
    let bytes = crate::export::xlsx::xlsx(&model, descriptor)?;
    let (warnings, counts) = found.finish();
    Ok(Ok(Converted { bytes, warnings, counts, rows }))
}

/// What [`check`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checked {
    /// Every error and warning found (the sink may have been given fewer: at most
    /// [`MAX_DIAGNOSTICS`], then one saying how many were left out).
    pub counts: Counts,
    /// Data rows read (blank lines excluded).
    pub rows: u64,
}

/// Validates the table read from `table` against `descriptor`, sending each diagnostic to
/// `sink` as it is found, without keeping the rows (memory stays flat whatever the number of
/// rows). The format is told by the first bytes: a CSV is streamed, a spreadsheet (a zip, or
/// an OLE2 file) is read into memory first, up to [`MAX_SHEET_FILE_BYTES`] and one byte more.
/// Fails only when `table` cannot be read (I/O).
pub fn check(
    descriptor: &Descriptor,
    mut table: impl Read,
    sink: &mut dyn Sink,
) -> io::Result<Checked> {
    let mut sink = Capped::new(sink);
    let mut head = Vec::with_capacity(8);
    (&mut table).take(8).read_to_end(&mut head)?;
    // Only a CSV is streamed; anything that may be a workbook (a zip, an OLE2 file, an XML
    // document) is read whole, for `load::detect` to tell it by all its bytes.
    let maybe_workbook = head.starts_with(b"PK")
        || head.starts_with(b"<?xml")
        || head.starts_with(b"\xEF\xBB\xBF<?x")
        || load::detect(&head) != Format::Csv;
    let outcome = if !maybe_workbook {
        let mut source = Delimited::new(io::Cursor::new(head).chain(table), descriptor.dialect)
            .rows_called(&descriptor.publication.row_noun);
        validate::validate(&mut source, descriptor, ValidateOptions::default(), &mut sink)?
    } else {
        let mut bytes = head;
        table.take(MAX_SHEET_FILE_BYTES + 1 - bytes.len() as u64).read_to_end(&mut bytes)?;
        let mut source = load::source(&bytes, descriptor);
        validate::validate(&mut *source, descriptor, ValidateOptions::default(), &mut sink)?
    };
    let (_, counts) = sink.finish();
    debug_assert_eq!(counts, outcome.counts, "every diagnostic passes through the cap");
    Ok(Checked { counts: outcome.counts, rows: outcome.rows })
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
    fn rejected(self, rows: u64) -> Rejected {
        let (diagnostics, counts) = self.finish();
        Rejected { diagnostics, counts, rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The repository's descriptor and table, compiled in: these tests touch no file.
    const DESCRIPTOR: &str = include_str!("../../datapackage.json");
    const TABLE: &[u8] = include_bytes!("../../table.csv");

    fn descriptor() -> Descriptor {
        crate::schema::parse(DESCRIPTOR).expect("the repository descriptor parses")
    }

    #[test]
    fn the_repository_table_gives_the_published_files_from_memory() {
        let (descriptor, fonts) = (descriptor(), Fonts::bundled());
        let input = Input { descriptor: &descriptor, table: TABLE, fonts: &fonts };
        let Verdict::Published(published) = build(&input, &BuildOptions::default()).unwrap() else {
            panic!("table.csv is accepted");
        };
        let names: Vec<&str> = published.outputs.iter().map(|o| o.name).collect();
        assert_eq!(names, FILES);
        assert_eq!((published.rows, published.warnings.len()), (7, 0));
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
        let input = Input { descriptor: &descriptor, table: &table, fonts: &fonts };
        let Verdict::Rejected(rejected) = build(&input, &BuildOptions::default()).unwrap() else {
            panic!("the table is refused");
        };
        let codes: Vec<Code> = rejected.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::CleEnDouble, Code::AdresseInvalide]);
        assert_eq!((rejected.counts.errors, rejected.rows), (2, 8));
        assert!(rejected.diagnostics.iter().all(|d| d.line == Some(9)));
    }

    #[test]
    fn a_spreadsheet_s_diagnostics_name_its_sheet_and_cell_from_the_library() {
        let (descriptor, fonts) = (descriptor(), Fonts::bundled());
        let table = include_bytes!("../../tests/cases/sheets/formule.ods");
        let input = Input { descriptor: &descriptor, table, fonts: &fonts };
        let Err(rejected) = accept(&input) else { panic!("a formula is refused") };
        let d = &rejected.diagnostics[0];
        assert_eq!(
            (d.code, d.sheet.as_deref(), d.cell().as_deref()),
            (Code::Formule, Some("Tableau"), Some("E2"))
        );
        // The same bytes streamed by `check`, and the canonical CSV of the table saved as .xlsx.
        let mut streamed = Vec::new();
        let checked = check(&descriptor, &table[..], &mut streamed).unwrap();
        assert_eq!((checked.counts.errors, streamed[0].cell().as_deref()), (1, Some("E2")));
        let imported =
            import(&descriptor, include_bytes!("../../tests/cases/sheets/table.xlsx")).unwrap();
        assert!(imported.bytes == TABLE, "the LibreOffice .xlsx of table.csv imports to table.csv");
    }

    #[test]
    fn diagnostics_past_the_limit_are_counted_and_announced() {
        let mut found = Collected::default();
        for line in 0..MAX_DIAGNOSTICS as u64 + 5 {
            found.emit(Diagnostic::error(Code::LigneVide).line(line + 1));
        }
        found.emit(Diagnostic::warning(Code::Espaces));
        let rejected = found.rejected(3);
        assert_eq!(rejected.diagnostics.len(), MAX_DIAGNOSTICS + 1);
        assert_eq!(rejected.counts, Counts { errors: MAX_DIAGNOSTICS as u64 + 5, warnings: 1 });
        let notice = rejected.diagnostics.last().unwrap();
        assert_eq!(notice.code, Code::LimiteDepassee);
        assert!(
            notice.message.starts_with("5 erreurs et 1 avertissement de plus"),
            "{}",
            notice.message
        );
    }
}
