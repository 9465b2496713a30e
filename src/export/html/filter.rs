//! The filter's form: the columns with a closed list of values in → one labelled `<select>`
//! each, a clear button and a live count, hidden until `tableau.js` shows them.
//!
//! DSFR form markup (`fr-fieldset`, `fr-select-group`, `fr-select`, `fr-btn`), native controls
//! only (the keyboard and screen readers know them), each labelled by its column's title, with
//! « Indifférent » first. Each `<select>` is named after its column (`name`, the address's
//! query string keeps the choices) and says which column it filters (`data-colonne`, from 0);
//! the cells it compares carry their value in `data-valeur` (see `body` in `html/mod.rs`). The
//! count is a `role="status"` live region, which screen readers read out when it changes; it
//! carries the words of the rows' noun (`data-aucun`, `data-singulier`, `data-pluriel`) that
//! the script writes its counts with.

use maud::{Markup, html};

use super::text::Prose;
use crate::french::{self, Noun};
use crate::model::Table;

/// « 7 solutions sur 7 », « Aucun outil sur 12 », as `tableau.js` writes it from the count's
/// `data-*` words (it replaces this text as rows hide).
pub(super) fn count(noun: &Noun, shown: usize, total: usize) -> String {
    let group = |n: usize| french::integer(n as i128);
    match shown {
        0 => format!("{} sur {}", french::capitalize(&noun.none()), group(total)),
        _ => format!("{} sur {}", noun.count(shown as u64), group(total)),
    }
}

/// The form, or nothing when no column has a closed list.
pub(super) fn form(table: &Table) -> Markup {
    let filtered: Vec<(usize, &crate::model::Column)> =
        table.columns.iter().enumerate().filter(|(_, c)| c.choices.is_some()).collect();
    if filtered.is_empty() {
        return html! {};
    }
    let rows = table.rows.len();
    let noun = &table.publication.row_noun;
    let glossary = &table.publication.abbreviations;
    html! {
        form.comparatif__filtre hidden {
            "\n"
            fieldset.fr-fieldset {
                "\n"
                legend.fr-fieldset__legend { "Filtrer les " (noun.plural) }
                "\n"
                div.fr-fieldset__element {
                    "\n"
                    div.fr-grid-row."fr-grid-row--gutters" {
                        "\n"
                        @for (col_idx, column) in &filtered {
                            @let id = format!("comparatif-filtre-{col_idx}");
                            div."fr-col-6"."fr-col-lg-3" {
                                div.fr-select-group {
                                    label.fr-label for=(id) { (Prose(&column.title, glossary)) }
                                    select.fr-select id=(id) name=(column.name) data-colonne=(col_idx) {
                                        option value="" selected { "Indifférent" }
                                        @for value in column.choices_shown() {
                                            option value=(value) { (value) }
                                        }
                                    }
                                }
                            }
                            "\n"
                        }
                    }
                    "\n"
                }
                "\n"
                div.fr-fieldset__element {
                    "\n"
                    p."fr-text--sm".comparatif__compte role="status"
                        data-aucun=(french::capitalize(&noun.none()))
                        data-singulier=(noun.singular) data-pluriel=(noun.plural) {
                        (count(noun, rows, rows))
                    }
                    "\n"
                    button.fr-btn."fr-btn--secondary"."fr-btn--sm".comparatif__effacer type="button" {
                        "Effacer les filtres"
                    }
                    "\n"
                }
                "\n"
            }
            "\n"
        }
    }
}
