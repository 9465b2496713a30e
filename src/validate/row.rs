//! One data row against the header's mapping → the row's diagnostics and, when it passes, its
//! cells: the row's width (cells missing or in excess), each cell sent to [`check_cell`], then
//! the keys across rows (`unique` columns and the `primaryKey`).

use super::cell::{At, check_cell};
use super::hints::missing_hint;
use super::typed::value_text;
use super::{Validator, column_number, is_blank, kinds};
use crate::diag::{Code, Diagnostic, Sink};
use crate::french;
use crate::limits::MAX_SHOWN_EXTRA_CELLS;
use crate::load::Record;
use crate::model::{Cell, Row};

impl Validator<'_> {
    pub(super) fn check_row(
        &mut self,
        rec: &Record<'_>,
        mapping: &[Option<usize>],
        sink: &mut dyn Sink,
    ) {
        let (line, record) = (rec.line, rec.fields);
        self.rows_read += 1;
        let fields = &self.schema.fields;
        if is_blank(record) {
            sink.emit(
                Diagnostic::error(Code::LigneVide)
                    .line(line)
                    .message("la ligne ne contient que des cellules vides")
                    .hint(format!("supprimez cette ligne : {}", self.noun.each_line_describes())),
            );
            return;
        }
        let mut row_ok = true;
        if record.len() < mapping.len() {
            row_ok = false;
            let missing: Vec<String> = (record.len()..mapping.len())
                .map(|idx| {
                    let letter = french::column_letter(column_number(idx));
                    match mapping[idx] {
                        Some(field_idx) => format!("« {} » ({letter})", fields[field_idx].title),
                        None => letter,
                    }
                })
                .collect();
            let any_required = mapping[record.len()..].iter().flatten().any(|&field_idx| {
                fields[field_idx].constraints.required
                    || self.schema.primary_key.contains(&field_idx)
            });
            sink.emit(
                Diagnostic::error(Code::CellulesManquantes)
                    .line(line)
                    .column(column_number(record.len()))
                    .message(format!(
                        "la ligne a {} au lieu de {} : il manque {}",
                        french::plural(record.len() as u64, "cellule", "cellules"),
                        mapping.len(),
                        missing.join(", ")
                    ))
                    .hint(format!(
                        "ajoutez les cellules manquantes (une virgule de plus par cellule){}",
                        missing_hint(self.schema, any_required)
                    )),
            );
        } else if record.len() > mapping.len() {
            row_ok = false;
            let mut extra: Vec<String> = record
                .iter()
                .skip(mapping.len())
                .take(MAX_SHOWN_EXTRA_CELLS)
                .map(french::quote)
                .collect();
            if record.len() > mapping.len() + MAX_SHOWN_EXTRA_CELLS {
                extra.push("…".to_owned());
            }
            sink.emit(
                Diagnostic::error(Code::CellulesEnTrop)
                    .line(line)
                    .column(column_number(mapping.len()))
                    .message(format!(
                        "la ligne a {} au lieu de {} : en trop, {}",
                        french::plural(record.len() as u64, "cellule", "cellules"),
                        mapping.len(),
                        extra.join(", ")
                    ))
                    .hint(if rec.is_sheet() {
                        "supprimez ce qui est écrit à droite de la dernière colonne du tableau"
                    } else {
                        "supprimez les cellules en trop ; si un texte contient une virgule, mettez-le entre guillemets (\"…\")"
                    }),
            );
        }
        let mut cells: Vec<Option<Cell>> = vec![None; fields.len()];
        for (idx, raw) in record.iter().enumerate().take(mapping.len()) {
            let Some(field_idx) = mapping[idx] else { continue };
            let field = &fields[field_idx];
            let required =
                field.constraints.required || self.schema.primary_key.contains(&field_idx);
            let at = At { line, column: column_number(idx), field, required };
            let read = match kinds::read_kind(self.schema, &at, raw, rec.kind(idx), sink) {
                kinds::Read::Refused => {
                    row_ok = false;
                    continue;
                }
                kinds::Read::Text(text) => text,
                kinds::Read::Same => None,
            };
            let raw = read.as_deref().unwrap_or(raw);
            match check_cell(self.schema, &at, raw, sink) {
                Some(cell) => cells[field_idx] = Some(cell),
                None => row_ok = false,
            }
        }
        self.check_unique(line, mapping, &cells, sink);
        if !self.check_primary_key(line, mapping, &cells, sink) {
            row_ok = false;
        }
        if self.options.keep_rows
            && row_ok
            && self.complete
            && self.rows.len() < self.options.max_rows_kept
        {
            let cells: Option<Vec<Cell>> = cells.into_iter().collect();
            if let Some(cells) = cells {
                self.rows.push(Row { line, cells });
            }
        }
    }

    fn check_unique(
        &mut self,
        line: u64,
        mapping: &[Option<usize>],
        cells: &[Option<Cell>],
        sink: &mut dyn Sink,
    ) {
        for (field_idx, seen) in self.unique.iter_mut().enumerate() {
            let (Some(seen), Some(Cell::Value(value))) = (seen, &cells[field_idx]) else {
                continue;
            };
            if let Some(&first) = seen.get(value) {
                let field = &self.schema.fields[field_idx];
                let column = column_of(mapping, field_idx);
                let mut d =
                    Diagnostic::error(Code::Doublon).line(line).field(&field.name, &field.title);
                if let Some(column) = column {
                    d = d.column(column);
                }
                sink.emit(
                    d.message(format!(
                        "{} est déjà dans la colonne « {} » à la ligne {first} ; chaque valeur de cette colonne doit être unique",
                        french::quote(&value_text(&field.kind, value)),
                        field.title
                    ))
                    .hint(format!("corrigez la ligne {first} ou la ligne {line}")),
                );
            } else {
                seen.insert(value.clone(), line);
            }
        }
    }

    /// Returns false when the row repeats an earlier row's key.
    fn check_primary_key(
        &mut self,
        line: u64,
        mapping: &[Option<usize>],
        cells: &[Option<Cell>],
        sink: &mut dyn Sink,
    ) -> bool {
        if self.schema.primary_key.is_empty() {
            return true;
        }
        let mut key = Vec::with_capacity(self.schema.primary_key.len());
        for &field_idx in &self.schema.primary_key {
            match &cells[field_idx] {
                Some(Cell::Value(value)) => key.push(value.clone()),
                // A missing or invalid key cell is already reported.
                _ => return true,
            }
        }
        if let Some(&first) = self.keys.get(&key) {
            let shown: Vec<String> = key
                .iter()
                .zip(&self.schema.primary_key)
                .map(|(v, &i)| french::quote(&value_text(&self.schema.fields[i].kind, v)))
                .collect();
            let titles: Vec<&str> = self
                .schema
                .primary_key
                .iter()
                .map(|&i| self.schema.fields[i].title.as_str())
                .collect();
            let field = &self.schema.fields[self.schema.primary_key[0]];
            let mut d =
                Diagnostic::error(Code::CleEnDouble).line(line).field(&field.name, &field.title);
            if let Some(column) = column_of(mapping, self.schema.primary_key[0]) {
                d = d.column(column);
            }
            sink.emit(
                d.message(format!(
                    "{} ({}) est décrite deux fois, aux lignes {first} et {line}",
                    shown.join(" + "),
                    titles.join(" + ")
                ))
                .hint(format!(
                    "fusionnez les lignes {first} et {line}, ou renommez l'une des deux"
                )),
            );
            return false;
        }
        self.keys.insert(key, line);
        true
    }
}

/// The column (from 1) that holds field `field_idx` (from 0), if any.
fn column_of(mapping: &[Option<usize>], field_idx: usize) -> Option<u32> {
    mapping.iter().position(|f| *f == Some(field_idx)).map(column_number)
}
