//! The library's entry points on arbitrary bytes, against the repository's descriptor, and the
//! descriptor parser on arbitrary text: no panic, whatever the input.

#![no_main]

use std::sync::LazyLock;

use comparatif::layout::fonts::Fonts;
use comparatif::pipeline::{self, Input};
use comparatif::schema::{self, Descriptor};
use libfuzzer_sys::fuzz_target;

static DESCRIPTOR: LazyLock<Descriptor> = LazyLock::new(|| {
    schema::parse(include_str!("../../datapackage.json"))
        .expect("the repository descriptor is valid")
});
static FONTS: LazyLock<Fonts> = LazyLock::new(Fonts::bundled);

fuzz_target!(|data: &[u8]| {
    let mut streamed = Vec::new();
    let checked = pipeline::check(&DESCRIPTOR, data, "table.csv", &mut streamed)
        .expect("reading from memory cannot fail");
    let input = Input { descriptor: &DESCRIPTOR, table: data, name: "table.csv", fonts: &FONTS };
    match pipeline::accept(&input) {
        // Accepted exactly when validation found no error (the glyph check comes on top).
        Ok(_) => assert_eq!(checked.counts.errors, 0),
        Err(rejected) => {
            assert!(rejected.counts.errors >= checked.counts.errors);
            for d in &rejected.diagnostics {
                let _ = comparatif::diag::render_human("table.csv", d);
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = schema::parse(text);
    }
});
