//! A workbook's custom document properties: the zip's `docProps/custom.xml` (`.xlsx`:
//! `<property name="…"><vt:lpwstr>…</vt:lpwstr></property>`) or `meta.xml` (`.ods`:
//! `<meta:user-defined meta:name="…">…</meta:user-defined>`) → the text of one property.

use std::io::BufReader;

use quick_xml::events::Event;

use super::archive::Archive;
use super::xml::{attr_local, next, push_capped, push_ref, reader};

/// Longest property text kept, in bytes: ours are a few dozen.
const MAX_PROPERTY_BYTES: usize = 256;

/// The text of the custom property `name` in `part` of the workbook in `bytes`, trimmed;
/// `None` when the workbook, the part or the property is missing or cannot be read (within
/// the archive's caps).
pub fn custom_property(bytes: &[u8], part: &str, name: &str) -> Option<String> {
    let mut archive = Archive::open(bytes).ok()?;
    let input = archive.part(part).ok()??;
    let mut rdr = reader(BufReader::new(input));
    let mut buf = Vec::new();
    // Depth inside the property's element, once found (0: outside).
    let mut depth = 0u32;
    let mut text = String::new();
    loop {
        match next(&mut rdr, &mut buf, part).ok()? {
            Event::Start(e) => {
                if depth > 0 {
                    depth += 1;
                } else if matches!(e.local_name().as_ref(), "property" | "user-defined")
                    && attr_local(&e, "name", part).ok()?.as_deref() == Some(name)
                {
                    depth = 1;
                }
            }
            Event::End(_) if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    return Some(text.trim().to_owned());
                }
            }
            Event::Text(t) if depth > 0 => {
                push_capped(&mut text, &t.xml10_content(), MAX_PROPERTY_BYTES)
            }
            Event::GeneralRef(r) if depth > 0 => {
                let mut resolved = String::new();
                push_ref(&r, &mut resolved, part).ok()?;
                push_capped(&mut text, &resolved, MAX_PROPERTY_BYTES);
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}
