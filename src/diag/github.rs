//! The GitHub renderer: a [`Diagnostic`], an out-of-date output or the summary → one GitHub
//! Actions workflow command (`::error file=…,line=…::…`), escaped as `@actions/core` does.

use std::fmt::Write as _;

use super::{Diagnostic, Severity};
use crate::french;

pub(super) fn render_github(file: &str, d: &Diagnostic) -> String {
    let d = &d.clone().escaped();
    let file = &french::escape(file);
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

/// An output file that `build --check` found out of date, as an error annotation on it.
pub(super) fn stale_line(file: &str, message: &str, hint: &str) -> String {
    format!(
        "::error file={},title=fichier-a-regenerer::{}\n",
        escape_property(file),
        escape_data(&format!("{message}\naide : {hint}"))
    )
}

/// The summary line (`summary`: [`human_summary`](super::human_summary)'s text) as an error
/// annotation when the table is rejected, else a notice.
pub(super) fn summary_line(summary: &str, rejected: bool) -> String {
    if rejected {
        format!("::error title=comparatif::{}\n", escape_data(summary))
    } else {
        format!("::notice title=comparatif::{}\n", escape_data(summary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn github_rendering_escapes_properties_and_data() {
        let d =
            Diagnostic::warning(Code::Espaces).line(2).column(1).message("a, b: 100%").hint("h");
        assert_eq!(
            render_github("dir:x,y.csv", &d),
            "::warning file=dir%3Ax%2Cy.csv,line=2,col=1,title=espaces::a, b: 100%25%0Aaide : h\n"
        );
    }
}
