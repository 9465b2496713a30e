//! The grid: a table's bytes → its records as the file holds them, for a view that marks the
//! faulty cells (the browser page draws it beside the diagnostics).

use crate::diag::Sink;
use crate::french;
use crate::limits::MAX_GRID_RECORDS;
use crate::load::{self, Flow};
use crate::schema::Descriptor;

/// The records of a table, as read (the cells of a spreadsheet as a person reads them).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Grid {
    /// The first records (the header first), each with the line where it starts (from 1) and
    /// its cells as written.
    pub records: Vec<GridRecord>,
    /// Whether the file has more records than [`MAX_GRID_RECORDS`].
    pub truncated: bool,
    /// The letter of each column, as the messages name them (`A`, `B`… `AA`), as many as the
    /// widest record has cells.
    pub letters: Vec<String>,
    /// What a view says under its title when the grid is truncated, in French.
    pub note: Option<String>,
}

/// One record of a [`Grid`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GridRecord {
    /// Line of the file where the record starts, or row of the sheet, from 1 (the `line` of its
    /// diagnostics).
    pub line: u64,
    /// The cells, in file order (column `n` of the diagnostics is `cells[n - 1]`).
    pub cells: Vec<String>,
}

/// Reads the records of `table` with the source `pipeline::build` uses, up to
/// [`MAX_GRID_RECORDS`]. File-level problems are not reported here (the build reports them);
/// reading stops where the source stops.
pub fn grid(descriptor: &Descriptor, table: &[u8]) -> Grid {
    let mut grid = Grid::default();
    let mut source = load::source(table, descriptor);
    let mut ignored = Ignored;
    // Bytes in memory cannot fail to be read; a failure only ends the grid early.
    let _ = source.read(&mut ignored, &mut |record, _| {
        if grid.records.len() == MAX_GRID_RECORDS {
            grid.truncated = true;
            return Flow::Stop;
        }
        let cells = record.fields.iter().map(str::to_owned).collect();
        grid.records.push(GridRecord { line: record.line, cells });
        Flow::Continue
    });
    // Issue 25: a CSV the reader refuses as a whole (a semicolon separator, Windows-1252) gave
    // no record, and « Voir la ligne 1 » led to an empty grid: it is shown as a person reads it.
    let mut shown_with = None;
    if grid.records.is_empty() && load::detect(table) == load::Format::Csv {
        let delimiter = load::display_records(table, descriptor.dialect, &mut |line, cells| {
            if grid.records.len() == MAX_GRID_RECORDS {
                grid.truncated = true;
                return Flow::Stop;
            }
            grid.records.push(GridRecord { line, cells });
            Flow::Continue
        });
        shown_with = (!grid.records.is_empty()).then_some(delimiter);
    }
    let width = grid.records.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    grid.letters = (1..=width as u32).map(french::column_letter).collect();
    let truncated = grid.truncated.then(|| {
        format!(
            "Seules les {} premières lignes sont montrées ; les messages portent sur tout le tableau.",
            french::number(grid.records.len() as u64)
        )
    });
    let separated = shown_with.map(|d| {
        let shown = if d == b'\t' {
            "des tabulations".to_owned()
        } else {
            format!("« {} »", char::from(d))
        };
        format!("Le fichier est montré tel qu'il se lit, ses colonnes séparées par {shown}.")
    });
    let notes: Vec<String> = [separated, truncated].into_iter().flatten().collect();
    grid.note = (!notes.is_empty()).then(|| notes.join(" "));
    grid
}

/// Drops the diagnostics of a read made only to show the records.
struct Ignored;

impl Sink for Ignored {
    fn emit(&mut self, _: crate::diag::Diagnostic) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_keep_their_lines_and_cells_as_written() {
        let descriptor = crate::schema::parse(include_str!("../../datapackage.json")).unwrap();
        let grid = grid(&descriptor, b"a,b\n\" x\ny\",2\n\n3,4\n");
        let lines: Vec<u64> = grid.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 5]);
        assert_eq!(grid.records[1].cells, [" x\ny", "2"]);
        assert!(!grid.truncated && grid.note.is_none());
        assert_eq!(grid.letters, ["A", "B"]);
        // Issue 25: semicolons and Windows-1252, refused as a whole, are still shown.
        let french =
            super::grid(&descriptor, b"solution;\xE9diteur\r\nVisio;Soci\xE9t\xE9\r\n\r\nB;C\r\n");
        let cells: Vec<&[String]> = french.records.iter().map(|r| &r.cells[..]).collect();
        assert_eq!(cells, [&["solution", "éditeur"][..], &["Visio", "Société"], &["B", "C"]]);
        let lines: Vec<u64> = french.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 4]);
        assert_eq!(
            french.note.as_deref(),
            Some("Le fichier est montré tel qu'il se lit, ses colonnes séparées par « ; ».")
        );
        let long = "a\n".repeat(MAX_GRID_RECORDS + 1);
        let grid = super::grid(&descriptor, long.as_bytes());
        assert_eq!((grid.records.len(), grid.truncated), (MAX_GRID_RECORDS, true));
        assert_eq!(
            grid.note.as_deref(),
            Some(
                "Seules les 2\u{202F}000 premières lignes sont montrées ; les messages portent sur tout le tableau."
            )
        );
    }
}
