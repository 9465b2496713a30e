//! Blank lines: the `ligne-vide` diagnostics of the source and of rows of empty cells → one
//! message per run of them, held back while they may be the file's last lines.
//!
//! Also [`blank_text`], what « shows nothing » means for a cell (used by the header and the
//! cell rules).

use std::cell::RefCell;

use csv::StringRecord;

use crate::diag::{Code, Diagnostic, Sink};
use crate::french::{self, Noun};
use crate::load::BLANK_LINE;

/// Blank lines (`ligne-vide`, from the source or from a row of empty cells) held back while
/// they may be the file's last lines: a run at the very end is said in one message (a
/// spreadsheet or an editor left it), a run elsewhere in one message too (a lone blank line as
/// it was found). Only the run's first diagnostic, its last line and its length are kept, so a
/// file of millions of blank lines costs no memory and gives one message.
pub(super) struct TrailingBlanks<'a> {
    inner: &'a mut dyn Sink,
    run: Option<BlankRun>,
    /// What a row is called, for the hints.
    noun: &'a Noun,
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
            (n, true) => format!("{} lignes vides", french::number(n)),
            (n, false) => format!("{} lignes sans aucune valeur", french::number(n)),
        }
    }

    /// « ligne 5 », « lignes 4 et 5 », « lignes 4 à 6 ».
    fn place(&self) -> String {
        let (first, last) = self.lines();
        match self.len {
            1 => format!("ligne {}", french::number(first)),
            2 => format!("lignes {} et {}", french::number(first), french::number(last)),
            _ => format!("lignes {} à {}", french::number(first), french::number(last)),
        }
    }
}

impl<'a> TrailingBlanks<'a> {
    /// Nothing held yet; what is said goes to `inner`, the hints with the rows' `noun`.
    pub(super) fn new(inner: &'a mut dyn Sink, noun: &'a Noun) -> Self {
        TrailingBlanks { inner, run: None, noun }
    }

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
    pub(super) fn release(&mut self) {
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
                .hint(format!("supprimez-les : {}", self.noun.each_line_describes())),
        );
    }

    /// The end of the file: the blank lines held end it, in one message.
    pub(super) fn finish(mut self) {
        let Some(run) = self.run.take() else { return };
        let (first, _) = run.lines();
        let them = if run.len == 1 { "supprimez-la" } else { "supprimez-les" };
        self.inner.emit(
            Diagnostic::error(Code::LigneVide)
                .line(first)
                .message(format!("le fichier se termine par {} ({})", run.what(), run.place()))
                .hint(format!(
                    "{them} : le tableau s'arrête {} ; frictionless et Validata, qui vérifient les données publiées, refusent aussi les lignes vides",
                    self.noun.at_its_last()
                )),
        );
    }
}

/// The [`Sink`] side of [`TrailingBlanks`], shared with the visitor (which releases the blank
/// lines when a row with content comes).
pub(super) struct HeldBack<'b, 'a>(pub(super) &'b RefCell<TrailingBlanks<'a>>);

impl Sink for HeldBack<'_, '_> {
    fn emit(&mut self, diagnostic: Diagnostic) {
        self.0.borrow_mut().emit(diagnostic);
    }
}

/// Whether every cell of the record is empty or spaces (a blank line of the table).
pub(super) fn is_blank(record: &StringRecord) -> bool {
    record.iter().all(blank_text)
}

/// Whether `text` shows nothing: empty, or only spaces and characters that draw nothing (zero
/// width space U+200B, joiners, word joiner, soft hyphen, Hangul fillers…). Such a cell counts
/// as empty where a value is required: a reader would see an empty cell.
pub(super) fn blank_text(text: &str) -> bool {
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
