//! Limits: the largest inputs comparatif accepts, so that no input can make it hang or exhaust
//! memory. Each limit has a French diagnostic (code `limite-depassee`) and is listed in the
//! README (« Sécurité et robustesse »).

/// Largest table file, in bytes (512 Mio). `check` streams, so this bounds reading time, not
/// memory; larger tables are not a comparison table any more.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Longest record of a CSV (a line, or several when a quoted cell holds line breaks), in bytes
/// (16 Mio): the most cells ([`MAX_COLUMNS`]) of the longest text ([`MAX_CELL_CHARS`]) fit
/// with room to spare. Reading stops as soon as a record passes it, so a file without line
/// breaks (or `/dev/zero`) costs at most this much memory in `check`.
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

/// Largest descriptor (`datapackage.json`), in bytes (1 Mio).
pub const MAX_DESCRIPTOR_BYTES: u64 = 1024 * 1024;

/// Largest font file given with `--fonts`, in bytes (32 Mio): Marianne is about 100 ko, a
/// font covering all of Chinese about 20 Mo. Read up to one byte more, then refused.
pub const MAX_FONT_BYTES: u64 = 32 * 1024 * 1024;

/// Most columns in the file and fields in the schema.
pub const MAX_COLUMNS: usize = 256;

/// Longest cell, in characters (Unicode scalar values).
pub const MAX_CELL_CHARS: usize = 10_000;

/// Most data rows `check` reads (its memory grows only with the `unique` and key sets).
pub const MAX_ROWS_CHECK: u64 = 5_000_000;

/// Most data rows `build` lays out: beyond, the PDF would be thousands of pages that nobody
/// downloads, and the layout keeps every row in memory.
pub const MAX_ROWS_BUILD: usize = 100_000;

/// Most cells (data rows × columns) the browser page publishes: 30,000 rows of the
/// repository's 15 columns build in about 20 s in Chromium; 100,000 exhaust the WebAssembly
/// module's memory. Larger tables are refused with `limite-depassee`, and `comparatif build`
/// publishes them.
pub const MAX_PAGE_CELLS: u64 = 450_000;

/// Largest table file the browser page reads (32 Mio, a workbook's limit too): the core holds
/// the table, every output, their `.zip` and the result in the browser's memory for
/// WebAssembly (at most 4 Gio). The page refuses larger files before reading them.
pub const MAX_PAGE_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Largest spreadsheet file (`.xlsx`, `.ods`), in bytes (32 Mio). Unlike a CSV, it is held in
/// memory (a zip is read from its end); a comparison table's workbook is a few dozen kilobytes.
pub const MAX_SHEET_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Most bytes one part of a workbook (a sheet, the shared strings) may inflate to (64 Mio),
/// counted as they inflate, whatever the archive declares: a zip bomb stops here. About a
/// million cells of XML.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Most bytes all the parts read from a workbook may inflate to together (256 Mio): it bounds
/// the reading time (about a second), not memory, parts being streamed.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

/// Most entries in a workbook's zip (a workbook has about ten; each costs memory to list).
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Most shared strings of an `.xlsx` (the distinct texts of its cells), kept in memory.
pub const MAX_SHARED_STRINGS: usize = 2_000_000;

/// Most bytes of shared-string text kept in memory (32 Mio).
pub const MAX_SHARED_TEXT_BYTES: usize = 32 * 1024 * 1024;

/// Most cell styles of an `.xlsx` (Excel allows 64,000).
pub const MAX_STYLES: usize = 65_536;

/// Most bytes of one cell's text kept while reading a sheet (1 Mio): longer cells are refused
/// for their length ([`MAX_CELL_CHARS`]) anyway.
pub const MAX_CELL_BYTES: usize = 1024 * 1024;

/// Rows of a sheet (from 0) must be below this: the last row of Excel and LibreOffice.
pub const MAX_SHEET_ROWS: u32 = 1_048_576;

/// Most times an `.ods` row with content may be repeated (`table:number-rows-repeated`):
/// LibreOffice writes identical consecutive rows once, but a few bytes must not make a million
/// rows to check.
pub const MAX_REPEATED_ROWS: u32 = 1_000;

/// Most merged ranges of a sheet kept to report (each one refuses the table).
pub const MAX_MERGES: usize = 10_000;

/// A number in French with narrow no-break spaces: 100 000.
pub fn french_number(n: u64) -> String {
    crate::model::group_digits(i128::from(n))
}

/// Most diagnostics `check` and `build` show (the others are counted, and one last message
/// says how many): a table with more problems than this is the wrong file, and each message
/// costs memory or a line of a CI log.
pub const MAX_DIAGNOSTICS: usize = 10_000;

/// Most characters of a value quoted in a message or given in the JSON `value` field, in every
/// output format: longer values end with « … » (a 20 Mo header label is not repeated whole).
pub const MAX_SHOWN_CHARS: usize = 60;
