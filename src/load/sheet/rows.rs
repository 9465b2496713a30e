//! Rows of a sheet: the non-empty cells a reader finds, row by row → records as people see the
//! sheet.
//!
//! In: for each row that has at least one non-empty cell, its row index and cells (indices from
//! 0), and the merged ranges. Out: one record per such row, every cell of the header's width
//! present (an empty cell is an empty text, not a missing one), to the visitor; a run of empty
//! rows between rows is one diagnostic; empty rows and columns after the table, however many
//! the sheet declares or formats, cost nothing and are not reported.

use csv::StringRecord;

use super::SheetError;
use crate::diag::{Code, Diagnostic, Sink};
use crate::french::{self, Noun};
use crate::limits::{MAX_COLUMNS, MAX_MERGES, MAX_SHEET_ROWS};
use crate::load::{CellKind, Flow, Record, Visit};

/// A non-empty cell: column index from 0, its text as a person reads it, and what it held.
#[derive(Clone, Debug)]
pub struct RawCell {
    pub col_idx: u32,
    pub text: String,
    pub kind: CellKind,
}

/// A merged range, indices from 0, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl Merge {
    /// `B2:C3`.
    pub fn name(&self) -> String {
        format!(
            "{}:{}",
            french::cell_name(self.first_col + 1, u64::from(self.first_row) + 1),
            french::cell_name(self.last_col + 1, u64::from(self.last_row) + 1)
        )
    }
}

/// Turns rows of cells into records for the visitor, tagging every diagnostic with the sheet.
pub struct Rows<'v, 'f> {
    visit: &'v mut Visit<'f>,
    sheet: String,
    /// What a row is called, for the hints.
    noun: Noun,
    header_width: Option<usize>,
    /// Index of the last row given to the visitor.
    last_row: Option<u32>,
    /// Merged ranges in the order of their first row; `reported` says which were said.
    merges: Vec<(Merge, bool)>,
    /// Whether a cell beyond the last column accepted was reported.
    wide_reported: bool,
    record: StringRecord,
    kinds: Vec<CellKind>,
    /// Records given to the visitor (header included).
    pub records: u64,
    /// Whether the visitor asked to stop.
    pub stopped: bool,
}

impl<'v, 'f> Rows<'v, 'f> {
    pub fn new(visit: &'v mut Visit<'f>, sheet: &str, noun: &Noun) -> Self {
        Rows {
            visit,
            sheet: sheet.to_owned(),
            noun: noun.clone(),
            header_width: None,
            last_row: None,
            merges: Vec::new(),
            wide_reported: false,
            record: StringRecord::new(),
            kinds: Vec::new(),
            records: 0,
            stopped: false,
        }
    }

    /// Adds a merged range (they must come in the order of their first row, as readers meet
    /// them). Past [`MAX_MERGES`] they are not kept: the table is refused for the first ones.
    pub fn merge(&mut self, merge: Merge) {
        if self.merges.len() < MAX_MERGES
            && (merge.first_row, merge.first_col) != (merge.last_row, merge.last_col)
        {
            self.merges.push((merge, false));
        }
    }

    /// Gives the row `row_idx` (from 0) to the visitor; `cells` are its non-empty cells, in
    /// any order. Rows must come in increasing order. Returns whether to go on.
    pub fn row(
        &mut self,
        row_idx: u32,
        cells: &mut Vec<RawCell>,
        sink: &mut dyn Sink,
    ) -> Result<Flow, SheetError> {
        if self.stopped {
            return Ok(Flow::Stop);
        }
        if row_idx >= MAX_SHEET_ROWS {
            return Err(SheetError::Damaged(format!(
                "une ligne est au-delà de la ligne {} (le maximum d'une feuille)",
                french::number(u64::from(MAX_SHEET_ROWS))
            )));
        }
        if self.last_row.is_some_and(|last| row_idx <= last) {
            return Err(SheetError::Damaged(
                "les lignes de la feuille ne sont pas dans l'ordre".to_owned(),
            ));
        }
        let sheet = self.sheet.clone();
        let mut sink = Tagged { inner: sink, sheet: &sheet };
        if let Some(cell) =
            cells.iter().filter(|c| c.col_idx as usize >= MAX_COLUMNS).min_by_key(|c| c.col_idx)
        {
            if !self.wide_reported {
                self.wide_reported = true;
                sink.emit(
                    Diagnostic::error(Code::LimiteDepassee)
                        .line(u64::from(row_idx) + 1)
                        .column(cell.col_idx + 1)
                        .message(format!(
                            "la cellule est au-delà de la colonne {} : un tableau a au plus {MAX_COLUMNS} colonnes",
                            french::column_letter(MAX_COLUMNS as u32)
                        ))
                        .hint("supprimez ce qui est écrit à droite du tableau"),
                );
            }
            cells.retain(|c| (c.col_idx as usize) < MAX_COLUMNS);
        }
        let Some(last_col) = cells.iter().map(|c| c.col_idx as usize).max() else {
            return Ok(Flow::Continue);
        };
        let first_blank = self.last_row.map_or(0, |last| last + 1);
        if first_blank < row_idx {
            report_blank_rows(first_blank, row_idx - 1, &self.noun, &mut sink);
        }
        self.last_row = Some(row_idx);
        let width = match self.header_width {
            Some(header) => header.max(last_col + 1),
            None => {
                self.header_width = Some(last_col + 1);
                last_col + 1
            }
        };
        cells.sort_by_key(|c| c.col_idx);
        self.record.clear();
        self.kinds.clear();
        let mut cells = cells.drain(..).peekable();
        for col_idx in 0..width {
            match cells.next_if(|c| c.col_idx as usize == col_idx) {
                Some(cell) => {
                    self.record.push_field(&cell.text);
                    self.kinds.push(cell.kind);
                    // The readers refuse the same place twice as they meet it; this is the
                    // last guard: spreadsheets show the last value, never the first.
                    if cells.next_if(|c| c.col_idx as usize == col_idx).is_some() {
                        return Err(SheetError::Twice { row_idx, col_idx: Some(cell.col_idx) });
                    }
                }
                None => {
                    self.record.push_field("");
                    self.kinds.push(CellKind::Text);
                }
            }
        }
        drop(cells);
        self.apply_merges(row_idx, width, &mut sink);
        self.records += 1;
        let record =
            Record { line: u64::from(row_idx) + 1, fields: &self.record, kinds: &self.kinds };
        if (self.visit)(record, &mut sink) == Flow::Stop {
            self.stopped = true;
            return Ok(Flow::Stop);
        }
        Ok(Flow::Continue)
    }

    /// Reports each merged range met for the first time in this row (at its first cell), and
    /// hides the cells under it.
    fn apply_merges(&mut self, row_idx: u32, width: usize, sink: &mut dyn Sink) {
        let mut covered = false;
        for (merge, reported) in &mut self.merges {
            if merge.first_row > row_idx {
                break;
            }
            if merge.last_row < row_idx || merge.first_col as usize >= width {
                continue;
            }
            if !*reported {
                *reported = true;
                sink.emit(
                    Diagnostic::error(Code::CellulesFusionnees)
                        .line(u64::from(merge.first_row) + 1)
                        .column(merge.first_col + 1)
                        .message(format!("les cellules {} sont fusionnées", merge.name()))
                        .hint("défusionnez-les (Format › Fusionner et centrer les cellules › Scinder, ou « Fusionner et centrer » dans Excel) et écrivez la valeur dans chaque cellule"),
                );
            }
            let last = (merge.last_col as usize).min(width - 1);
            for col_idx in merge.first_col as usize..=last {
                if (row_idx, col_idx as u32) != (merge.first_row, merge.first_col) {
                    self.kinds[col_idx] = CellKind::Covered;
                    covered = true;
                }
            }
        }
        if covered {
            // Text under a merge is not shown by the spreadsheet: not checked either.
            let texts: Vec<String> = self
                .record
                .iter()
                .zip(&self.kinds)
                .map(|(t, k)| if *k == CellKind::Covered { String::new() } else { t.to_owned() })
                .collect();
            self.record = StringRecord::from(texts);
        }
    }
}

/// « les lignes 9 à 12 sont vides » as one diagnostic (from 0, both included).
fn report_blank_rows(first: u32, last: u32, noun: &Noun, sink: &mut dyn Sink) {
    let (first_line, last_line) = (u64::from(first) + 1, u64::from(last) + 1);
    let message = if first == last {
        format!("la ligne {first_line} est vide")
    } else {
        format!(
            "les lignes {} à {} sont vides",
            french::number(first_line),
            french::number(last_line)
        )
    };
    sink.emit(
        Diagnostic::error(Code::LigneVide)
            .line(first_line)
            .message(message)
            .hint(format!("supprimez les lignes vides (clic droit sur le numéro de ligne › Supprimer des lignes) : {}", noun.each_line_describes())),
    );
}

/// Names the sheet in every diagnostic that passes.
pub struct Tagged<'s> {
    pub inner: &'s mut dyn Sink,
    pub sheet: &'s str,
}

impl Sink for Tagged<'_> {
    fn emit(&mut self, mut diagnostic: Diagnostic) {
        if diagnostic.sheet.is_none() {
            diagnostic.sheet = Some(self.sheet.to_owned());
        }
        self.inner.emit(diagnostic);
    }
}
