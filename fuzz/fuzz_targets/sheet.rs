//! The spreadsheet reader on arbitrary parts: the fuzz input becomes one part of a real
//! workbook (the repository's table saved by LibreOffice), chosen by its first byte — the
//! sheet, the shared strings, the styles or the workbook of the `.xlsx`, or the content of the
//! `.ods` — or, for the last choices, the whole file. No panic, and `check` and `accept` agree.

#![no_main]

use std::io::{Cursor, Read, Write};
use std::sync::LazyLock;

use comparatif::layout::fonts::Fonts;
use comparatif::pipeline::{self, Input};
use comparatif::schema::{self, Descriptor};
use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;

static DESCRIPTOR: LazyLock<Descriptor> = LazyLock::new(|| {
    schema::parse(include_str!("../../datapackage.json")).expect("the repository descriptor is valid")
});
static FONTS: LazyLock<Fonts> = LazyLock::new(Fonts::bundled);
const XLSX: &[u8] = include_bytes!("../../tests/cases/sheets/table.xlsx");
const ODS: &[u8] = include_bytes!("../../tests/cases/sheets/table.ods");

/// `template` with the entry `part` replaced by `data` (stored, not compressed).
fn with_part(template: &[u8], part: &str, data: &[u8]) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(Cursor::new(template)).expect("the template is a zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for idx in 0..src.len() {
        let mut entry = src.by_index(idx).expect("the template's entries read");
        let name = entry.name().expect("the template's names are UTF-8").into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("the template's entries inflate");
        out.start_file(name.as_str(), options).expect("zip entry");
        out.write_all(if name == part { data } else { &bytes }).expect("zip write");
    }
    out.finish().expect("zip finished").into_inner()
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else { return };
    let file = match choice % 7 {
        0 => with_part(XLSX, "xl/worksheets/sheet1.xml", rest),
        1 => with_part(XLSX, "xl/sharedStrings.xml", rest),
        2 => with_part(XLSX, "xl/styles.xml", rest),
        3 => with_part(XLSX, "xl/workbook.xml", rest),
        4 => with_part(ODS, "content.xml", rest),
        5 => {
            // The real workbook with some bytes changed: a damaged zip.
            let mut bytes = XLSX.to_vec();
            for (idx, &b) in rest.iter().enumerate().take(64) {
                let at = (usize::from(b) * 97 + idx * 131) % bytes.len();
                bytes[at] ^= b.wrapping_add(1);
            }
            bytes
        }
        _ => rest.to_vec(),
    };
    let mut streamed = Vec::new();
    let checked = pipeline::check(&DESCRIPTOR, &file[..], "tableau.xlsx", &mut streamed).expect("reading from memory cannot fail");
    let input = Input { descriptor: &DESCRIPTOR, table: &file, name: "tableau.xlsx", fonts: &FONTS };
    match pipeline::accept(&input) {
        Ok(_) => assert_eq!(checked.counts.errors, 0),
        Err(rejected) => {
            assert!(rejected.counts.errors >= checked.counts.errors);
            for d in &rejected.diagnostics {
                let _ = comparatif::diag::render_human("tableau.xlsx", d);
            }
        }
    }
    let _ = pipeline::import(&input);
});
