//! The grid: a table's bytes → its records as the file holds them, for a view that marks the
//! faulty cells (the browser page draws it beside the diagnostics).

use crate::diag::Sink;
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
        assert!(!grid.truncated);
        let long = "a\n".repeat(MAX_GRID_RECORDS + 1);
        let grid = super::grid(&descriptor, long.as_bytes());
        assert_eq!((grid.records.len(), grid.truncated), (MAX_GRID_RECORDS, true));
    }
}
