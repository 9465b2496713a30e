//! Load + validate on arbitrary bytes, against the repository's descriptor, and the descriptor
//! parser on arbitrary text: no panic, whatever the input.

#![no_main]

use std::sync::LazyLock;

use comparatif::schema::{self, Descriptor};
use comparatif::validate::{ValidateOptions, validate};
use libfuzzer_sys::fuzz_target;

static DESCRIPTOR: LazyLock<Descriptor> = LazyLock::new(|| {
    schema::parse(include_str!("../../datapackage.json"))
        .expect("the repository descriptor is valid")
});

fuzz_target!(|data: &[u8]| {
    let mut diagnostics = Vec::new();
    let outcome =
        validate(data, &DESCRIPTOR, ValidateOptions { keep_rows: true }, &mut diagnostics)
            .expect("reading from memory cannot fail");
    // A table is given exactly when nothing is an error.
    assert_eq!(outcome.table.is_some(), !diagnostics.iter().any(|d| d.is_error()));
    for d in &diagnostics {
        let _ = comparatif::diag::render_human("table.csv", d);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = schema::parse(text);
    }
});
