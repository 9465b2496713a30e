//! comparatif: one table, validated against its Table Schema, published as PDF, HTML and PNG.
//!
//! The pipeline runs one way: [`load`] → [`validate`] → [`layout`] → [`export`], and
//! [`pipeline`] runs it in one call, on bytes in memory: [`build`] gives every output or the
//! diagnostics that rejected the table, [`check`] validates only. Nothing in the library
//! touches files, the clock or the environment; the `comparatif` binary and the browser page
//! do. See `docs/architecture.md`.
//!
//! # The front door
//!
//! A host (the command line, the browser page, a test) needs only the names re-exported here:
//!
//! - [`parse_descriptor`] reads `datapackage.json` into a [`Descriptor`] (or a French
//!   [`SchemaError`]);
//! - [`Fonts::bundled`] gives the bundled Noto Sans, [`Fonts::from_files`] another family;
//! - [`Input`] and [`BuildOptions`] go into [`build`], which gives a [`Verdict`]: its
//!   [`Summary`] (the [`Diagnostic`]s, their counts, the rows read) and, when the table passed,
//!   the files named from the publication's `fileName` ([`file_names`]), each an [`Output`];
//!   `pipeline::import` and `pipeline::export` give the same shape;
//! - [`check`] streams any table through validation into a [`Sink`], such as a [`Writer`]
//!   that prints each diagnostic in a [`Format`] (French text, JSON Lines, GitHub) and counts
//!   them ([`Counts`]);
//! - each diagnostic has a [`Severity`] and a stable [`Code`];
//! - [`limits`] holds every size the library refuses beyond.
//!
//! # Example
//!
//! The repository's own table, built from bytes, gives the six files of `out/`:
//!
//! ```
//! use comparatif::{BuildOptions, Fonts, Input, file_names};
//!
//! let descriptor = comparatif::parse_descriptor(include_str!("../datapackage.json"))?;
//! let fonts = Fonts::bundled();
//! let table = include_bytes!("../table.csv");
//! let input = Input { descriptor: &descriptor, table, name: "table.csv", fonts: &fonts };
//! let verdict = comparatif::build(&input, &BuildOptions::default())?;
//! let Some(published) = verdict.made else { panic!("the repository's table is valid") };
//! let names: Vec<&str> = published.outputs.iter().map(|output| output.name.as_str()).collect();
//! assert_eq!(names, file_names(&descriptor.publication.file_name));
//! assert_eq!(names, ["tableau.pdf", "tableau.png", "tableau.html", "tableau.js", "apercu.html", "lien.html"]);
//! assert!(published.outputs[0].bytes.starts_with(b"%PDF-"));
//! assert!(published.outputs[1].bytes.starts_with(b"\x89PNG"));
//! assert_eq!(verdict.summary.counts.warnings, 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

pub mod diag;
pub mod diff;
pub mod export;
pub mod french;
pub mod infer;
pub mod layout;
pub mod limits;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod schema;
pub mod validate;

pub use diag::{Code, Counts, Diagnostic, Format, Severity, Sink, Writer};
pub use layout::fonts::Fonts;
pub use pipeline::{BuildOptions, Input, Output, Summary, Verdict, build, check, file_names};
pub use schema::{Descriptor, SchemaError, parse as parse_descriptor};
