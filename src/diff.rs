//! Diff: what changed between two versions of the table, keyed by the primary key.
//!
//! In: the bytes of two tables, CSV or spreadsheet (`.xlsx`, `.ods`), read as text only (an old
//! version may have other columns than today's schema), and the descriptor (primary key, column
//! titles). Out: a [`Change`] report, written in French for the page's « mise à jour » note, or
//! as JSON, with how many errors `check` finds in each table (a diff of a table that would be
//! refused is said so: [`Change::warnings`]).

use std::collections::BTreeMap;
use std::io;

use serde::Serialize;

use crate::diag::{Code, Diagnostic, Sink};
use crate::french;
use crate::load::{self, Flow};
use crate::model::python_strip;
use crate::schema::Descriptor;
use crate::validate::{self, ValidateOptions};

/// Keys in row order, and each key's (line, row index).
type Keyed = (Vec<String>, BTreeMap<String, (u64, usize)>);

/// One CSV read as text: header names and rows (cells trimmed), with lines.
#[derive(Debug, Default)]
struct Sheet {
    header: Vec<String>,
    /// (line from 1, cells) of each data row.
    rows: Vec<(u64, Vec<String>)>,
}

/// The differences between two tables.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Format of the JSON output; bumped when a field is renamed or removed.
    pub format_version: u32,
    /// Keys (the primary key's cells joined with « / ») of rows only in the new table.
    pub added: Vec<String>,
    /// Keys of rows only in the old table.
    pub removed: Vec<String>,
    /// Columns only in the new table.
    pub columns_added: Vec<ColumnRef>,
    /// Columns only in the old table.
    pub columns_removed: Vec<ColumnRef>,
    /// Cells whose text changed, for rows and columns in both tables, in the new table's
    /// row order then column order.
    pub changed: Vec<CellChange>,
    /// Errors `comparatif check` finds in the old table with the descriptor, leaving out those
    /// about its columns (added, removed or moved since: the diff reports them).
    pub old_errors: u64,
    /// Errors `comparatif check` finds in the new table with the descriptor.
    pub new_errors: u64,
    /// What the descriptor calls a row (`rowNoun`), for [`Change::french`]; not in the JSON.
    #[serde(skip)]
    pub row_noun: french::Noun,
}

/// A column, by schema name and title (the name when the schema does not know it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ColumnRef {
    /// The header cell as read, trimmed: the schema's field name when the column is known.
    pub name: String,
    /// The schema field's French title, or `name` again for a column the schema does not know.
    pub title: String,
}

/// One changed cell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CellChange {
    /// The row: its primary-key cells joined with « / », as in [`Change::added`].
    pub key: String,
    /// The column the cell is in.
    pub column: ColumnRef,
    /// The cell's text in the old table, trimmed; empty for an empty cell or a short row.
    pub old: String,
    /// The cell's text in the new table, trimmed; empty for an empty cell or a short row.
    pub new: String,
}

/// The diff could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// A table cannot be read at all (encoding, quoting, a broken spreadsheet): the first
    /// error its source reported.
    #[error("{file} ne peut pas être lu comme un tableau : {message}")]
    Unreadable {
        /// The table's name as given to [`diff`].
        file: String,
        /// The source's French message, led by its place when it has one (« ligne 4 : »,
        /// « feuille « Tableau », cellule E4 : »).
        message: String,
    },
    /// A table's header lacks a column of the primary key, so its rows cannot be paired.
    #[error("{file} n'a pas la colonne « {column} » de la clé primaire")]
    NoKey {
        /// The table's name as given to [`diff`].
        file: String,
        /// The missing key field's schema name.
        column: String,
    },
    /// The descriptor's schema has no `primaryKey`, so rows cannot be paired.
    #[error("le schéma n'a pas de clé primaire (primaryKey) : impossible d'apparier les lignes")]
    NoPrimaryKey,
    /// Two rows of one table have the same key.
    #[error("{file} décrit deux fois {the_row} « {key} » (lignes {first} et {second})")]
    DuplicateKey {
        /// The table's name as given to [`diff`].
        file: String,
        /// The rows' noun with its article (« la solution », « l'outil »).
        the_row: String,
        /// The key, its cells joined with « / ».
        key: String,
        /// Line (from 1) of the first row with that key.
        first: u64,
        /// Line (from 1) of the second.
        second: u64,
    },
    /// A [`Source`](crate::load::Source) could not read the bytes at all (I/O, not content).
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl Change {
    /// Whether the two tables say the same thing.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.columns_added.is_empty()
            && self.columns_removed.is_empty()
            && self.changed.is_empty()
    }

    /// French warnings for a table that does not pass `check` (none when both pass): the diff
    /// then compares a table that would not be published. `old_name` and `new_name` are the
    /// tables as shown, `old_check` and `new_check` the commands that show their errors.
    pub fn warnings(
        &self,
        (old_name, old_check): (&str, &str),
        (new_name, new_check): (&str, &str),
    ) -> Vec<String> {
        let mut out = Vec::new();
        if self.new_errors > 0 {
            out.push(format!(
                "{new_name} ne passe pas « comparatif check » ({}) : ce tableau serait refusé, la comparaison porte sur un tableau invalide ; lancez « {new_check} » pour voir les erreurs",
                french::plural(self.new_errors, "erreur", "erreurs")
            ));
        }
        if self.old_errors > 0 {
            out.push(format!(
                "{old_name} ne passe pas « comparatif check » ({}, hors colonnes ajoutées, retirées ou déplacées) : la comparaison part d'un tableau invalide ; lancez « {old_check} » pour voir les erreurs",
                french::plural(self.old_errors, "erreur", "erreurs")
            ));
        }
        out
    }

    /// The report in French, ready to paste into the page's update note; every text from the
    /// tables [`french::escape`]d (a control character never reaches the terminal).
    pub fn french(&self) -> String {
        use std::fmt::Write as _;
        if self.is_empty() {
            return "Aucune modification.\n".to_owned();
        }
        let mut out = String::new();
        let list = |keys: &[String]| {
            keys.iter().map(|k| format!("« {} »", french::escape(k))).collect::<Vec<_>>().join(", ")
        };
        let columns = |cols: &[ColumnRef]| {
            cols.iter()
                .map(|c| format!("« {} »", french::escape(&c.title)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // « Solution ajoutée », « Outils retirés (3) »: the rows' noun, agreeing.
        let rows_label = |n: usize, participle: &str| {
            let noun = &self.row_noun;
            let label = |n: u64| {
                french::capitalize(&format!("{} {}", noun.form(n), noun.agree(participle, n)))
            };
            french::plural_label(n, &label(1), &label(2))
        };
        if !self.added.is_empty() {
            let _ =
                writeln!(out, "{} : {}", rows_label(self.added.len(), "ajouté"), list(&self.added));
        }
        if !self.removed.is_empty() {
            let _ = writeln!(
                out,
                "{} : {}",
                rows_label(self.removed.len(), "retiré"),
                list(&self.removed)
            );
        }
        if !self.columns_added.is_empty() {
            let _ = writeln!(
                out,
                "{} : {}",
                french::plural_label(
                    self.columns_added.len(),
                    "Critère ajouté",
                    "Critères ajoutés"
                ),
                columns(&self.columns_added)
            );
        }
        if !self.columns_removed.is_empty() {
            let _ = writeln!(
                out,
                "{} : {}",
                french::plural_label(
                    self.columns_removed.len(),
                    "Critère retiré",
                    "Critères retirés"
                ),
                columns(&self.columns_removed)
            );
        }
        if !self.changed.is_empty() {
            let _ = writeln!(
                out,
                "{} :",
                french::plural_label(
                    self.changed.len(),
                    "Information modifiée",
                    "Informations modifiées"
                )
            );
            for c in &self.changed {
                let _ = writeln!(
                    out,
                    "- {}, « {} » : « {} » → « {} »",
                    french::escape(&c.key),
                    french::escape(&c.column.title),
                    french::escape(&c.old),
                    french::escape(&c.new)
                );
            }
        }
        out
    }

    /// A note to readers proposed from the change, one sentence in French that an editor may
    /// keep or rewrite (« Ajout de la solution « X » ; mise à jour de « Prix » pour « Y » »);
    /// empty when nothing changed. Names are [`french::escape`]d; a long list is counted rather
    /// than spelt out, so that the note stays a line.
    pub fn note(&self) -> String {
        /// Beyond this many names, a list is counted (« 5 solutions »).
        const LISTED: usize = 3;
        let noun = &self.row_noun;
        let quoted = |names: &[&str]| {
            let names: Vec<String> =
                names.iter().map(|n| format!("« {} »", french::escape(n))).collect();
            match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} et {last}", rest.join(", ")),
                _ => names.concat(),
            }
        };
        // « de la solution « X » », « des solutions « X » et « Y » », « de 5 solutions ».
        let rows = |keys: &[String]| {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            match keys.len() {
                1 => format!("{} {}", noun.of_the(), quoted(&keys)),
                n if n <= LISTED => format!("des {} {}", noun.plural, quoted(&keys)),
                n => format!("de {}", noun.count(n as u64)),
            }
        };
        let columns = |cols: &[ColumnRef]| {
            let titles: Vec<&str> = cols.iter().map(|c| c.title.as_str()).collect();
            match titles.len() {
                1 => format!("du critère {}", quoted(&titles)),
                n if n <= LISTED => format!("des critères {}", quoted(&titles)),
                n => format!("de {n} critères"),
            }
        };
        let mut parts = Vec::new();
        if !self.added.is_empty() {
            parts.push(format!("ajout {}", rows(&self.added)));
        }
        if !self.removed.is_empty() {
            parts.push(format!("retrait {}", rows(&self.removed)));
        }
        if !self.columns_added.is_empty() {
            parts.push(format!("ajout {}", columns(&self.columns_added)));
        }
        if !self.columns_removed.is_empty() {
            parts.push(format!("retrait {}", columns(&self.columns_removed)));
        }
        // The changed cells, by row in table order: « mise à jour de « Prix » pour « Y » ».
        let mut by_row: Vec<(&str, Vec<&str>)> = Vec::new();
        for c in &self.changed {
            match by_row.last_mut() {
                Some((key, titles)) if *key == c.key => titles.push(&c.column.title),
                _ => by_row.push((&c.key, vec![&c.column.title])),
            }
        }
        if by_row.len() > LISTED {
            parts.push(format!(
                "mise à jour {}",
                rows(&by_row.iter().map(|(k, _)| (*k).to_owned()).collect::<Vec<_>>())
            ));
        } else {
            for (key, titles) in &by_row {
                let what = if titles.len() > LISTED {
                    format!("{} critères", titles.len())
                } else {
                    quoted(titles)
                };
                parts.push(format!("mise à jour de {what} pour {}", quoted(&[key])));
            }
        }
        french::capitalize(&parts.join(" ; "))
    }
}

fn read_sheet(input: &[u8], file: &str, descriptor: &Descriptor) -> Result<Sheet, DiffError> {
    let mut sheet = Sheet::default();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut source = load::source(input, descriptor);
    source.read(&mut problems, &mut |record, _| {
        let cells: Vec<String> = record.fields.iter().map(|c| python_strip(c).to_owned()).collect();
        if sheet.header.is_empty() && sheet.rows.is_empty() {
            sheet.header = cells;
        } else {
            sheet.rows.push((record.line, cells));
        }
        Flow::Continue
    })?;
    if let Some(problem) = problems.into_iter().find(Diagnostic::is_error) {
        let at = match (problem.sheet_place(), problem.line) {
            (Some(place), _) => format!("{place} : "),
            (None, Some(l)) => format!("ligne {l} : "),
            (None, None) => String::new(),
        };
        return Err(DiffError::Unreadable {
            file: file.to_owned(),
            message: format!("{at}{}", problem.message),
        });
    }
    Ok(sheet)
}

/// Counts errors without keeping them; `columns` says whether those about the header's columns
/// count.
struct ErrorCount {
    errors: u64,
    columns: bool,
}

impl Sink for ErrorCount {
    fn emit(&mut self, d: Diagnostic) {
        let about_columns =
            matches!(d.code, Code::ColonneManquante | Code::ColonneInconnue | Code::OrdreColonnes);
        if d.is_error() && (self.columns || !about_columns) {
            self.errors += 1;
        }
    }
}

/// Errors `check` finds in `table` with `descriptor` (see [`Change::old_errors`]).
fn check_errors(table: &[u8], descriptor: &Descriptor, columns: bool) -> io::Result<u64> {
    let mut count = ErrorCount { errors: 0, columns };
    let mut source = load::source(table, descriptor);
    validate::validate(&mut *source, descriptor, ValidateOptions::default(), &mut count)?;
    Ok(count.errors)
}

/// Compares `old` with `new` (each the bytes of a CSV or a spreadsheet). `old_name` and
/// `new_name` are shown in errors.
pub fn diff(
    old: &[u8],
    old_name: &str,
    new: &[u8],
    new_name: &str,
    descriptor: &Descriptor,
) -> Result<Change, DiffError> {
    let schema = &descriptor.schema;
    if schema.primary_key.is_empty() {
        return Err(DiffError::NoPrimaryKey);
    }
    let key_names: Vec<&str> =
        schema.primary_key.iter().map(|&i| schema.fields[i].name.as_str()).collect();
    let title = |name: &str| -> ColumnRef {
        let title =
            schema.fields.iter().find(|f| f.name == name).map_or(name, |f| f.title.as_str());
        ColumnRef { name: name.to_owned(), title: title.to_owned() }
    };
    let old_sheet = read_sheet(old, old_name, descriptor)?;
    let new_sheet = read_sheet(new, new_name, descriptor)?;
    let keyed = |sheet: &Sheet, file: &str| -> Result<Keyed, DiffError> {
        let positions: Vec<usize> = key_names
            .iter()
            .map(|k| {
                sheet.header.iter().position(|h| h == k).ok_or_else(|| DiffError::NoKey {
                    file: file.to_owned(),
                    column: (*k).to_owned(),
                })
            })
            .collect::<Result<_, _>>()?;
        let mut order = Vec::new();
        let mut map = BTreeMap::new();
        for (idx, (line, cells)) in sheet.rows.iter().enumerate() {
            let key = positions
                .iter()
                .map(|&p| cells.get(p).map_or("", String::as_str))
                .collect::<Vec<_>>()
                .join(" / ");
            if let Some((first, _)) = map.insert(key.clone(), (*line, idx)) {
                return Err(DiffError::DuplicateKey {
                    file: file.to_owned(),
                    the_row: descriptor.publication.row_noun.the(),
                    key,
                    first,
                    second: *line,
                });
            }
            order.push(key);
        }
        Ok((order, map))
    };
    let (old_order, old_rows) = keyed(&old_sheet, old_name)?;
    let (new_order, new_rows) = keyed(&new_sheet, new_name)?;

    let mut change = Change {
        format_version: 1,
        old_errors: check_errors(old, descriptor, false)?,
        new_errors: check_errors(new, descriptor, true)?,
        row_noun: descriptor.publication.row_noun.clone(),
        ..Change::default()
    };
    change.added = new_order.iter().filter(|k| !old_rows.contains_key(*k)).cloned().collect();
    change.removed = old_order.iter().filter(|k| !new_rows.contains_key(*k)).cloned().collect();
    change.columns_added = new_sheet
        .header
        .iter()
        .filter(|h| !old_sheet.header.contains(h))
        .map(|h| title(h))
        .collect();
    change.columns_removed = old_sheet
        .header
        .iter()
        .filter(|h| !new_sheet.header.contains(h))
        .map(|h| title(h))
        .collect();
    for key in &new_order {
        let (Some(&(_, old_idx)), Some(&(_, new_idx))) = (old_rows.get(key), new_rows.get(key))
        else {
            continue;
        };
        let old_cells = &old_sheet.rows[old_idx].1;
        let new_cells = &new_sheet.rows[new_idx].1;
        for (new_col, name) in new_sheet.header.iter().enumerate() {
            let Some(old_col) = old_sheet.header.iter().position(|h| h == name) else { continue };
            let before = old_cells.get(old_col).map_or("", String::as_str);
            let after = new_cells.get(new_col).map_or("", String::as_str);
            if before != after {
                change.changed.push(CellChange {
                    key: key.clone(),
                    column: title(name),
                    old: before.to_owned(),
                    new: after.to_owned(),
                });
            }
        }
    }
    Ok(change)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn descriptor() -> Descriptor {
        descriptor_calling_rows(r#"{"singular": "solution", "plural": "solutions", "gender": "f"}"#)
    }

    /// The test descriptor with `rowNoun` (a JSON object, or `null` for none).
    fn descriptor_calling_rows(row_noun: &str) -> Descriptor {
        let row_noun =
            if row_noun == "null" { String::new() } else { format!(r#", "rowNoun": {row_noun}"#) };
        crate::schema::parse(&format!(
            r#"{{"resources": [{{"path": "t.csv", "schema": {{"primaryKey": "id", "fields": [
                {{"name": "id", "title": "Solution"}}, {{"name": "n", "title": "Participants"}}, {{"name": "x", "title": "Nouveau"}}]}}}}],
              "publication": {{"title": "T", "caption": "C", "source": "S", "updated": "2020-04-09",
                "downloadText": "D", "thumbnailAlt": "A", "lang": "fr-FR"{row_noun}}}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn issue_23_the_report_calls_rows_by_the_descriptor_noun() {
        let old = "id,n\nA,5\nB,1\nC,1\n";
        let new = "id,n\nA,5\nD,3\nE,4\n";
        let outil =
            descriptor_calling_rows(r#"{"singular": "outil", "plural": "outils", "gender": "m"}"#);
        let change = diff(old.as_bytes(), "old.csv", new.as_bytes(), "new.csv", &outil).unwrap();
        assert_eq!(
            change.french(),
            "Outils ajoutés (2) : « D », « E »\nOutils retirés (2) : « B », « C »\n"
        );
        let one = diff(old.as_bytes(), "a", "id,n\nA,5\nB,1\nC,1\nD,1\n".as_bytes(), "b", &outil);
        assert_eq!(one.unwrap().french(), "Outil ajouté : « D »\n");
        let neutral = descriptor_calling_rows("null");
        let change =
            diff(old.as_bytes(), "old.csv", "id,n\nA,5\nB,1\n".as_bytes(), "new.csv", &neutral);
        assert_eq!(change.unwrap().french(), "Ligne retirée : « C »\n");
        let err = diff("id,n\nA,1\nA,2\n".as_bytes(), "old.csv", b"id,n\n", "new.csv", &outil);
        assert_eq!(
            err.unwrap_err().to_string(),
            "old.csv décrit deux fois l'outil « A » (lignes 2 et 3)"
        );
    }

    #[test]
    fn reports_added_removed_changed_and_columns() {
        let old = "id,n,vieux\nA,5,x\nB,10,y\nC,1,z\n";
        let new = "id,n,x\nA,5,1\nB,20,2\nD,3,4\n";
        let change =
            diff(old.as_bytes(), "old.csv", new.as_bytes(), "new.csv", &descriptor()).unwrap();
        assert_eq!(change.added, vec!["D"]);
        assert_eq!(change.removed, vec!["C"]);
        assert_eq!(
            change.columns_added,
            vec![ColumnRef { name: "x".into(), title: "Nouveau".into() }]
        );
        assert_eq!(
            change.columns_removed,
            vec![ColumnRef { name: "vieux".into(), title: "vieux".into() }]
        );
        assert_eq!(change.changed.len(), 1);
        assert_eq!(change.changed[0].key, "B");
        assert_eq!((change.changed[0].old.as_str(), change.changed[0].new.as_str()), ("10", "20"));
        assert_eq!(
            change.french(),
            "Solution ajoutée : « D »\nSolution retirée : « C »\nCritère ajouté : « Nouveau »\nCritère retiré : « vieux »\n\
             Information modifiée :\n- B, « Participants » : « 10 » → « 20 »\n"
        );
    }

    #[test]
    fn the_proposed_note_says_the_change_in_a_sentence() {
        let old = "id,n,vieux\nA,5,x\nB,10,y\nC,1,z\n";
        let new = "id,n,x\nA,5,1\nB,20,2\nD,3,4\n";
        let change =
            diff(old.as_bytes(), "old.csv", new.as_bytes(), "new.csv", &descriptor()).unwrap();
        assert_eq!(
            change.note(),
            "Ajout de la solution « D » ; retrait de la solution « C » ; ajout du critère « Nouveau » ; \
             retrait du critère « vieux » ; mise à jour de « Participants » pour « B »"
        );
        let outil =
            descriptor_calling_rows(r#"{"singular": "outil", "plural": "outils", "gender": "m"}"#);
        let many = diff(
            "id,n\nA,1\n".as_bytes(),
            "a",
            "id,n,x\nA,2,1\nB,1,\nC,1,\nD,1,\nE,1,\n".as_bytes(),
            "b",
            &outil,
        )
        .unwrap();
        assert_eq!(
            many.note(),
            "Ajout de 4 outils ; ajout du critère « Nouveau » ; mise à jour de « Participants » pour « A »"
        );
        let two =
            diff("id,n\nA,1\n".as_bytes(), "a", "id,n\nA,1\nB,2\nC,3\n".as_bytes(), "b", &outil);
        assert_eq!(two.unwrap().note(), "Ajout des outils « B » et « C »");
        let same = diff(old.as_bytes(), "a", old.as_bytes(), "b", &descriptor()).unwrap();
        assert_eq!(same.note(), "");
    }

    #[test]
    fn same_tables_have_no_change_even_reordered() {
        let old = "id,n\nA,5\nB,10\n";
        let new = "id,n\nB,10\nA, 5\n";
        let change = diff(old.as_bytes(), "a", new.as_bytes(), "b", &descriptor()).unwrap();
        assert!(change.is_empty(), "{change:?}");
        assert_eq!(change.french(), "Aucune modification.\n");
    }

    #[test]
    fn duplicate_keys_and_missing_key_column_are_errors() {
        let err = diff(
            "id,n\nA,1\nA,2\n".as_bytes(),
            "old.csv",
            "id,n\n".as_bytes(),
            "new.csv",
            &descriptor(),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "old.csv décrit deux fois la solution « A » (lignes 2 et 3)");
        let err =
            diff("n\n1\n".as_bytes(), "old.csv", "id,n\n".as_bytes(), "new.csv", &descriptor())
                .unwrap_err();
        assert_eq!(err.to_string(), "old.csv n'a pas la colonne « id » de la clé primaire");
    }
}
