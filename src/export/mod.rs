//! Export: the painters and renderers that turn the layout or the model into files' bytes.
//!
//! They never measure text and never fail because of content: only encoding limits remain.

pub mod html;
pub mod pdf;
pub mod png;
