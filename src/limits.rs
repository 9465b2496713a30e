//! Limits: the largest inputs comparatif accepts, so that no input can make it hang or exhaust
//! memory. Each limit has a French diagnostic (code `limite-depassee`) and is listed in the
//! README (« Sécurité et robustesse »).

/// Largest table file, in bytes (512 Mio). `check` streams, so this bounds reading time, not
/// memory; larger tables are not a comparison table any more.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Largest descriptor (`datapackage.json`), in bytes (1 Mio).
pub const MAX_DESCRIPTOR_BYTES: u64 = 1024 * 1024;

/// Most columns in the file and fields in the schema.
pub const MAX_COLUMNS: usize = 256;

/// Longest cell, in characters (Unicode scalar values).
pub const MAX_CELL_CHARS: usize = 10_000;

/// Most data rows `check` reads (its memory grows only with the `unique` and key sets).
pub const MAX_ROWS_CHECK: u64 = 5_000_000;

/// Most data rows `build` lays out: beyond, the PDF would be thousands of pages that nobody
/// downloads, and the layout keeps every row in memory.
pub const MAX_ROWS_BUILD: usize = 100_000;

/// A number in French with narrow no-break spaces: 100 000.
pub fn french_number(n: u64) -> String {
    crate::model::group_digits(i128::from(n))
}

/// Most diagnostics `build` keeps to show (the others are counted): a table with more problems
/// than this is the wrong file, and each kept message costs memory.
pub const MAX_DIAGNOSTICS: usize = 10_000;
