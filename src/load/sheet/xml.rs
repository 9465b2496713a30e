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

/// The value of attribute `name` (qualified, e.g. `"table:name"`), entities resolved. An
/// attribute written twice in the element is an error: XML forbids it, LibreOffice refuses
/// the file, and another reader could take the other value.
pub fn attr(e: &BytesStart<'_>, name: &str, part: &str) -> Result<Option<String>, SheetError> {
    the_attribute(e, part, |key| key == name)
}

/// The value of the attribute whose local name is `local` (any prefix: `r:id`, `id`); written
/// twice, an error as for [`attr`].
pub fn attr_local(
    e: &BytesStart<'_>,
    local: &str,
    part: &str,
) -> Result<Option<String>, SheetError> {
    the_attribute(e, part, |key| key.rsplit(':').next() == Some(local))
}

/// The one attribute of `e` whose name `wanted` accepts.
fn the_attribute(
    e: &BytesStart<'_>,
    part: &str,
    wanted: impl Fn(&str) -> bool,
) -> Result<Option<String>, SheetError> {
    let mut found = None;
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|err| bad(part, &err))?;
        if !wanted(a.key.as_ref()) {
            continue;
        }
        if found.is_some() {
            return Err(SheetError::Damaged(format!(
                "l'attribut « {} » est écrit deux fois dans un même élément de {part} (les tableurs refusent un tel fichier)",
                a.key.as_ref()
            )));
        }
        let value = a.normalized_value(XmlVersion::Implicit1_0).map_err(|err| bad(part, &err))?;
        found = Some(value.into_owned());
    }
    Ok(found)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The first start tag of `xml`.
    fn start(xml: &str) -> BytesStart<'static> {
        let mut rdr = reader(xml.as_bytes());
        match rdr.read_event() {
            Ok(Event::Start(e)) => e.into_owned(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_attribute_written_twice_is_refused() {
        let e = start(r#"<c r="B2" t="n" s="0"/>"#);
        assert_eq!(attr(&e, "t", "p").unwrap().as_deref(), Some("n"));
        assert_eq!(attr(&e, "x", "p").unwrap(), None);
        let twice = start(r#"<table:table-cell office:value="20" office:value="5000"/>"#);
        let Err(SheetError::Damaged(message)) = attr(&twice, "office:value", "content.xml") else {
            panic!("accepted")
        };
        assert_eq!(
            message,
            "l'attribut « office:value » est écrit deux fois dans un même élément de content.xml (les tableurs refusent un tel fichier)"
        );
        let prefixed = start(r#"<sheet r:id="rId1" x:id="rId2"/>"#);
        assert!(attr_local(&prefixed, "id", "p").is_err());
        assert_eq!(attr_local(&e, "r", "p").unwrap().as_deref(), Some("B2"));
    }
}
