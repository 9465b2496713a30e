//! The human renderer: a [`Diagnostic`] → French lines for people (`table.csv:4:5: erreur[code]
//! : …` then `aide : …`), and the summary line that ends the output.

use std::fmt::Write as _;

use super::{Counts, Diagnostic};
use crate::french;

/// `table.csv:4:5: erreur[code] : message` then `aide : hint`, each line ending with `\n`; for a
/// spreadsheet, `tableau.xlsx, feuille « Tableau », cellule E4 : erreur[code] : message`.
/// Every text is [`french::escape`]d.
pub fn render_human(file: &str, d: &Diagnostic) -> String {
    let d = &d.clone().escaped();
    let mut out = french::escape(file).into_owned();
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

/// The last line of the human output; `rows` data rows counted with `noun`, the descriptor's
/// `rowNoun` (« tableau valide (7 solutions, 0 avertissement) »).
pub fn human_summary(file: &str, counts: Counts, rows: u64, noun: &french::Noun) -> String {
    let warnings = french::plural(counts.warnings, "avertissement", "avertissements");
    if counts.errors == 0 {
        format!("{file} : tableau valide ({}, {warnings})", noun.count(rows))
    } else {
        let errors = french::plural(counts.errors, "erreur", "erreurs");
        format!("{file} : tableau refusé ({errors}, {warnings})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

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
}
