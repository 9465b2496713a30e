//! Export: the painters and renderers that turn the layout or the model into files' bytes.
//!
//! They never measure text and never fail because of content: only encoding limits remain.
//! `csv` and `xlsx` write the table itself back: the canonical `table.csv` (`comparatif
//! import`) and the spreadsheet made for editing (`comparatif export`, feature `xlsx`).

pub mod csv;
pub mod html;
pub mod pdf;
pub mod png;
#[cfg(feature = "xlsx")]
pub mod xlsx;
