//! Limits: every bound comparatif puts on what it reads, computes or shows, so that no input can
//! make it hang or exhaust memory, and no message grows with the input.
//!
//! Each constant says what it bounds and why that value. A limit a user can meet (an input
//! refused with a French diagnostic, code `limite-depassee`, or a usage error, or a text cut
//! short) is listed in the README (« Sécurité et robustesse »); the others only bound work
//! (they change no result a real table gives). The hosts (the command line, the browser page)
//! take theirs from here.

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

/// Longest texts of the publication (`datapackage.json`, `publication`), in characters (Unicode
/// scalar values). They are set on the first page above the table and in the HTML, where no
/// column bounds them: each limit is several times the repository's text (83 characters of
/// title, 95 of caption, 191 for the longest note) and keeps the text a paragraph, not a page
/// — at its limit, the title takes 4 lines of the PDF page, the caption and the source 3 each,
/// a note 10 in small print. They also bound the layout's time and the size of the outputs,
/// as [`MAX_CELL_CHARS`] does for cells.
pub const MAX_TITLE_CHARS: usize = 300;

/// See [`MAX_TITLE_CHARS`]: the caption (`caption`), set in bold under the title.
pub const MAX_CAPTION_CHARS: usize = 500;

/// See [`MAX_TITLE_CHARS`]: the source (`source`), on the line of the update date.
pub const MAX_SOURCE_CHARS: usize = 500;

/// See [`MAX_TITLE_CHARS`]: one note (`notes`), set in small print after the table.
pub const MAX_NOTE_CHARS: usize = 2_000;

/// Most notes (`notes`): the repository has 7; 100 notes at their limit are a dozen pages.
pub const MAX_NOTES: usize = 100;

/// See [`MAX_TITLE_CHARS`]: the note of one update (`history[].note`), in the HTML's « Mises à
/// jour » section: a few sentences saying what changed.
pub const MAX_HISTORY_NOTE_CHARS: usize = 1_000;

/// Most updates in the history (`history`): one a week for ten years is 520; the HTML lists
/// them all, and 1,000 notes at their limit stay far below the descriptor's 1 Mo.
pub const MAX_HISTORY: usize = 1_000;

/// See [`MAX_TITLE_CHARS`]: the download link's text (`downloadText`), read by screen readers
/// as the link's name.
pub const MAX_LINK_TEXT_CHARS: usize = 200;

/// See [`MAX_TITLE_CHARS`]: the thumbnail's text alternative (`thumbnailAlt`); accessibility
/// guides advise an alternative of a sentence or two.
pub const MAX_ALT_TEXT_CHARS: usize = 500;

/// Longest `publication.fileName`, in characters (ASCII): with « -apercu.html », a name
/// stays far below the 255 bytes file systems allow, and an address stays readable.
pub const MAX_FILE_NAME_CHARS: usize = 100;

/// Longest form of the rows' noun (`rowNoun`), in characters: a noun, maybe two or three
/// words (« démarche en ligne »), that goes into every count and heading about rows.
pub const MAX_NOUN_CHARS: usize = 40;

/// Most abbreviations (`abbreviations`): the repository has 15; each is looked up for every
/// word of the page, and each expansion has at most [`MAX_TITLE_CHARS`] characters.
pub const MAX_ABBREVIATIONS: usize = 500;

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

/// Most diagnostics `check` and `build` show (the others are counted, and one last message
/// says how many): a table with more problems than this is the wrong file, and each message
/// costs memory or a line of a CI log.
pub const MAX_DIAGNOSTICS: usize = 10_000;

/// Most characters of a value quoted in a message or given in the JSON `value` field, in every
/// output format: longer values end with « … » (a 20 Mo header label is not repeated whole).
pub const MAX_SHOWN_CHARS: usize = 60;

/// Most characters of a header label (as `validate::header` writes it loosely: lowercase,
/// no accents) compared with the schema's names and titles when guessing the column meant by
/// a misspelt label: far beyond any real name, and it bounds the comparison's cost (the edit
/// distance is a table of both lengths: a 512 Mio label once asked for 80 Go). Longer labels
/// are simply not guessed.
pub const MAX_GUESSED_CHARS: usize = 100;

/// Most cells beyond the header's width quoted in a `cellules-en-trop` message (then « … »):
/// enough to recognise them, one message line.
pub const MAX_SHOWN_EXTRA_CELLS: usize = 5;

/// Most bytes read ahead for the sample given to the port of Python's `csv.Sniffer` (4 Mio):
/// the sample is the first lines of the file, and a pathological first line must not make it
/// grow to the whole file.
pub const MAX_SNIFF_SAMPLE_BYTES: usize = 4 << 20;

/// Most records `pipeline::grid` gives (header included), for the browser page's view of a
/// refused table: a view of a table, not a copy of a huge file.
pub const MAX_GRID_RECORDS: usize = 2_000;

/// Largest width or height of a PNG thumbnail, in pixels: beyond it the options are surely a
/// mistake (a thumbnail 4096 px wide is painted on 8192 × 5792 px, 190 MB).
pub const MAX_PNG_SIDE_PX: u32 = 4096;

/// Widths of the thumbnail accepted by `comparatif build --png-width`, in pixels: from 16 (a
/// narrower picture shows nothing of the table) to [`MAX_PNG_SIDE_PX`].
pub const PNG_WIDTHS_PX: std::ops::RangeInclusive<u32> = 16..=MAX_PNG_SIDE_PX;
