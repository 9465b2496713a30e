//! XML as a workbook writes it: an inflated part → events, with no entity ever expanded.
//!
//! In: a part's bytes as they inflate. Out: quick-xml events, the attributes and texts of a
//! cell decoded. A document type declaration (`<!DOCTYPE`, where « billion laughs » and
//! external entities live) refuses the file: no spreadsheet writes one. Only the five
//! predefined entities and character references are resolved.

use std::io::BufRead;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::SheetError;

/// A reader for one part: texts kept as written (spaces are data), `<a/>` read as `<a></a>`.
pub fn reader<R: BufRead>(input: R) -> Reader<R> {
    let mut rdr = Reader::from_reader(input);
    let config = rdr.config_mut();
    config.trim_text(false);
    config.expand_empty_elements = true;
    config.check_end_names = true;
    rdr
}

/// The next event of `rdr`; a DTD or malformed XML is an error.
pub fn next<'b, R: BufRead>(
    rdr: &mut Reader<R>,
    buf: &'b mut Vec<u8>,
    part: &str,
) -> Result<Event<'b>, SheetError> {
    match rdr.read_event_into(buf) {
        Ok(Event::DocType(_)) => Err(SheetError::Entities(part.to_owned())),
        Ok(event) => Ok(event),
        // The zip reader stops a part that inflates past its declared size.
        Err(quick_xml::Error::Io(io)) if io.to_string().contains("declared uncompressed size") => {
            Err(SheetError::LyingSize(part.to_owned()))
        }
        Err(quick_xml::Error::Io(_)) => Err(SheetError::Damaged(format!(
            "la partie {part} ne se décompresse pas (archive endommagée)"
        ))),
        Err(err) => Err(SheetError::Damaged(format!(
            "la partie {part} n'est pas du XML valide (position {}) : {err}",
            rdr.buffer_position()
        ))),
    }
}

/// The value of attribute `name` (qualified, e.g. `"table:name"`), entities resolved.
pub fn attr(e: &BytesStart<'_>, name: &str, part: &str) -> Result<Option<String>, SheetError> {
    let attribute = e.try_get_attribute(name).map_err(|err| bad(part, &err))?;
    match attribute {
        Some(a) => {
            let value =
                a.normalized_value(XmlVersion::Implicit1_0).map_err(|err| bad(part, &err))?;
            Ok(Some(value.into_owned()))
        }
        None => Ok(None),
    }
}

/// The value of the attribute whose local name is `local` (any prefix: `r:id`, `id`).
pub fn attr_local(
    e: &BytesStart<'_>,
    local: &str,
    part: &str,
) -> Result<Option<String>, SheetError> {
    for a in e.attributes() {
        let a = a.map_err(|err| bad(part, &err))?;
        if a.key.local_name().as_ref() == local {
            let value =
                a.normalized_value(XmlVersion::Implicit1_0).map_err(|err| bad(part, &err))?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

/// Appends what `&…;` stands for: a character reference or one of the five predefined
/// entities; any other name is an error (it would need a DTD).
pub fn push_ref(r: &BytesRef<'_>, out: &mut String, part: &str) -> Result<(), SheetError> {
    if let Some(ch) = r.resolve_char_ref().map_err(|err| bad(part, &err))? {
        out.push(ch);
        return Ok(());
    }
    let name = r.xml10_content();
    match quick_xml::escape::resolve_predefined_entity(&name) {
        Some(text) => {
            out.push_str(text);
            Ok(())
        }
        None => Err(SheetError::Entities(part.to_owned())),
    }
}

/// Appends `text`, keeping `out` under `max_bytes` (a longer text is cut at a character
/// boundary: the cell is refused for its length anyway).
pub fn push_capped(out: &mut String, text: &str, max_bytes: usize) {
    if out.len() >= max_bytes {
        return;
    }
    let room = max_bytes - out.len();
    if text.len() <= room {
        out.push_str(text);
    } else {
        let mut end = room;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        out.push_str(&text[..end]);
    }
}

fn bad(part: &str, err: &dyn std::fmt::Display) -> SheetError {
    SheetError::Damaged(format!("la partie {part} n'est pas du XML valide : {err}"))
}
