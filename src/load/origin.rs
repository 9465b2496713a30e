//! What a workbook was exported from: the table's bytes → a short fingerprint that `export`
//! writes in the workbook's document properties, and a workbook's bytes → the fingerprint it
//! carries (`docProps/custom.xml` of an `.xlsx`, `meta.xml` of an `.ods`: LibreOffice and Excel
//! keep both when they save the workbook again).
//!
//! `import` compares it with the table it would replace: a `table.csv` changed since the export
//! is not overwritten silently. The fingerprint depends on the table's bytes alone, so that a
//! host that cannot build the workbook (the browser page) knows it from the table.

use siphasher::sip128::SipHasher;

use super::sheet::{self, Format};

/// Name of the workbook's custom document property that holds [`fingerprint`].
pub const PROPERTY: &str = "comparatif-origine";

/// The fingerprint of a table's bytes: `siphash-2-4-128:` then 32 lowercase hexadecimal digits
/// (SipHash-2-4 with keys 0, 128 bits). The same bytes give the same text everywhere.
pub fn fingerprint(table: &[u8]) -> String {
    format!("siphash-2-4-128:{:032x}", SipHasher::new().hash(table).as_u128())
}

/// The fingerprint a workbook (`.xlsx` or `.ods`, its whole bytes) carries in its
/// [`PROPERTY`] document property; `None` for another file, a workbook without one (made by
/// hand) or one that cannot be read (the table's reading says why).
pub fn recorded(workbook: &[u8]) -> Option<String> {
    match sheet::detect(workbook) {
        Format::Xlsx => sheet::custom_property(workbook, "docProps/custom.xml", PROPERTY),
        Format::Ods => sheet::custom_property(workbook, "meta.xml", PROPERTY),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_fixed_by_the_bytes() {
        assert_eq!(fingerprint(b""), "siphash-2-4-128:f4f2ced447ab02427de0a38047d74950");
        assert_ne!(fingerprint(b"a,b\n"), fingerprint(b"a,b\r\n"));
        assert_eq!(recorded(b"a,b\n1,2\n"), None, "a CSV records nothing");
    }
}
