//! comparatif: one table, validated against its Table Schema, published as PDF, HTML and PNG.
//!
//! The pipeline runs one way: [`load`] → [`validate`] → [`layout`] → [`export`], and
//! [`pipeline`] runs it in one call, on bytes in memory: [`pipeline::build`] gives every output
//! or the diagnostics that rejected the table, [`pipeline::check`] validates only. Nothing in
//! the library touches files, the clock or the environment; the `comparatif` binary does. See
//! `docs/architecture.md`.

pub mod diag;
pub mod diff;
pub mod export;
pub mod french;
pub mod layout;
pub mod limits;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod schema;
pub mod validate;

pub use pipeline::{Input, Verdict, build, check};
