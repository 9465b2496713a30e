//! comparatif: one CSV, validated against its Table Schema, published as PDF, HTML and PNG.
//!
//! The pipeline runs one way: [`load`] → [`validate`] → (layout → export). See
//! `docs/architecture.md`.

pub mod cli;
pub mod diag;
pub mod diff;
pub mod export;
pub mod layout;
pub mod limits;
pub mod load;
pub mod model;
pub mod output;
pub mod schema;
pub mod validate;
