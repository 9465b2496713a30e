//! Diagnostics: what is wrong in the table (`table.csv`, or a sheet of `tableau.xlsx`), and how
//! it is shown.
//!
//! In: [`Diagnostic`] values built by `load` and `validate`. Out: French text for editors
//! (stderr), JSON Lines for tools, or GitHub Actions workflow annotations. A diagnostic about a
//! spreadsheet names its sheet ([`Diagnostic::sheet`]) and its cell as the spreadsheet shows it
//! (`tableau.xlsx, feuille « Tableau », cellule E4 : …`).
//!
//! One file each: the data ([`Diagnostic`], [`Severity`] in `diagnostic.rs`, [`Code`] in
//! `code.rs`), where diagnostics go ([`Sink`], [`Counts`] in `sink.rs`; [`Writer`] in
//! `writer.rs`), one renderer per [`Format`] (`human.rs`, `json.rs`, `github.rs`), the
//! out-of-date outputs of `build --check` ([`Stale`] in `stale.rs`). The escaping, quoting and
//! column letters every text shown goes through are [`french`](crate::french)'s.
//!
//! # JSON Lines format (`--format json`), version [`FORMAT_VERSION`]
//!
//! One JSON object per line, each `{"format_version": 1, "type": …, "data": {…}}`:
//!
//! - `type: "diagnostic"`, one per problem, in file order:
//!   - `severity`: `"erreur"` (the table is rejected) or `"avertissement"` (accepted, normalised);
//!   - `code`: stable kebab-case French code, see [`Code`];
//!   - `file`: the table's path as given on the command line;
//!   - `line`: line of the file (for a spreadsheet, the row of the sheet), starting at 1, or
//!     `null` for a problem with the whole file;
//!   - `column`: column number, starting at 1, or `null` for a whole line;
//!   - `sheet`: for a spreadsheet (`.xlsx`, `.ods`), the name of the sheet read, else `null`;
//!   - `cell`: for a spreadsheet, the cell reference as the spreadsheet shows it (`"E4"`:
//!     `column_letter` then `line`), or `null` (a CSV, or a problem with a whole row or sheet);
//!   - `column_letter`: the spreadsheet letter of `column` (`"A"`, `"B"`, … `"AA"`) or `null`;
//!   - `field`: the schema field `name` of the column, or `null`;
//!   - `title`: the field `title` (the French label), or `null`;
//!   - `value`: the cell's text as read, cut after 60 characters (then `…`), or `null`;
//!   - `message`: the French message (no position prefix);
//!   - `hint`: the French hint, or `null`.
//! - `type: "stale"`, only from `build --check`, one per output file that is not what the
//!   table produces, in the order the files are written, after the diagnostics:
//!   - `file`: the output's path (`"out/tableau.pdf"`);
//!   - `state`: `"absent"` (no such file) or `"different"` (other bytes);
//!   - `message`: the French message (`out/tableau.pdf n'est pas à jour : …`);
//!   - `hint`: the French hint, with the command that regenerates the files.
//! - `type: "summary"`, exactly once, last: `file`, `valid` (bool), `errors`, `warnings`
//!   (counts), `rows` (data rows read, blank lines excluded); from `build --check` also
//!   `stale` (how many `stale` records came before, 0 when the output folder is up to date).
//!
//! With `--format github`, each stale output is a `::error file=out/tableau.pdf,
//! title=fichier-a-regenerer::…` annotation.
//!
//! Adding a field is fine; renaming or removing one bumps [`FORMAT_VERSION`].

mod code;
mod diagnostic;
mod github;
mod human;
mod json;
mod sink;
mod stale;
mod writer;

pub use code::Code;
pub use diagnostic::{Diagnostic, Severity};
pub use human::{human_summary, render_human};
pub use json::{FORMAT_VERSION, json_data, json_safe};
pub use sink::{Counts, Sink};
pub use stale::{Stale, StaleState};
pub use writer::{Format, Writer};
