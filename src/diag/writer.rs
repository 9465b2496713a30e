//! The writer `check`, `build`, `import` and `export` report through: diagnostics as they come
//! (a [`Sink`]), the out-of-date outputs of `build --check`, then the summary → lines in one
//! [`Format`], each drawn by that format's renderer (`human`, `json`, `github`).

use std::io::{self, Write};

use super::{Counts, Diagnostic, Sink, Stale, github, human_summary, json, render_human};
use crate::french;

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
    /// What the summary calls the rows ([`Writer::rows_called`]).
    noun: french::Noun,
    /// Whether the French summary of a valid table is left out ([`Writer::quiet`]).
    quiet: bool,
}

impl<W: Write> Writer<W> {
    /// `file` is the table's path as the user gave it (shown in every line).
    pub fn new(out: W, format: Format, file: &str) -> Self {
        Writer {
            out,
            format,
            file: french::escape(file).into_owned(),
            counts: Counts::default(),
            stale: None,
            io_error: None,
            noun: french::Noun::default(),
            quiet: false,
        }
    }

    /// The summary counts the rows with `noun`, the descriptor's `rowNoun` (« 7 solutions »);
    /// without this call, the neutral « lignes ».
    pub fn rows_called(mut self, noun: &french::Noun) -> Self {
        self.noun = noun.clone();
        self
    }

    /// Leaves out the [`Format::Human`] summary when the table has no error (`--quiet`):
    /// the diagnostics, warnings included, and a rejected table's summary are still written.
    /// The machine formats are unchanged (their summary is data, not a line for people).
    pub fn quiet(mut self) -> Self {
        self.quiet = true;
        self
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
                Format::Json => json::stale_line(s, &message, &hint),
                Format::Github => github::stale_line(&s.file, &message, &hint),
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

    /// Errors and warnings written so far (stale outputs are not diagnostics and not counted).
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
            Format::Human => {
                format!("{}\n", human_summary(&self.file, self.counts, rows, &self.noun))
            }
            Format::Json => json::summary_line(&self.file, self.counts, rows, self.stale),
            Format::Github => github::summary_line(
                &human_summary(&self.file, self.counts, rows, &self.noun),
                self.counts.errors > 0,
            ),
        };
        if let Some(err) = self.io_error.take() {
            return Err(err);
        }
        let failed = self.counts.errors > 0 || self.stale.is_some_and(|n| n > 0);
        let silent = self.quiet && self.format == Format::Human && !failed;
        if !silent {
            self.out.write_all(text.as_bytes())?;
        }
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
            Format::Json => json::diagnostic_line(&self.file, diagnostic),
            Format::Github => github::render_github(&self.file, &diagnostic),
        };
        self.write(&text);
    }
}
