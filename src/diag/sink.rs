//! Where diagnostics go as they are found: [`Sink`] (a `Vec`, a [`Writer`](super::Writer)…) and
//! the [`Counts`] of errors and warnings that decide the exit code.

use super::{Diagnostic, Severity};

/// Counts of diagnostics, for the summary line and the exit code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Diagnostics of [`Severity::Error`]: any makes the exit code 1.
    pub errors: u64,
    /// Diagnostics of [`Severity::Warning`].
    pub warnings: u64,
}

impl Counts {
    /// Counts `diagnostic` under its severity.
    pub fn add(&mut self, diagnostic: &Diagnostic) {
        match diagnostic.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
    }
}

/// Where diagnostics go as they are found (they are never all kept in memory by `check`).
pub trait Sink {
    /// Takes one diagnostic, in the order found; a sink that writes keeps any I/O error for
    /// later (see [`Writer::finish`](super::Writer::finish)) rather than failing here.
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
