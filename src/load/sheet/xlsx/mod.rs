//! Office Open XML workbooks (`.xlsx`, as Excel and LibreOffice write them): the archive → its
//! sheets, then one sheet's cells, streamed.
//!
//! In: the archive. Out: the sheets' names and visibility ([`Workbook`]); then, for the sheet
//! read, every non-empty cell with its text and kind, row by row, to [`Rows`]. The sheet's
//! `<dimension>` is never trusted (nothing is allocated from it): only cells that are there
//! cost anything. Here: the workbook and its relationships; `parts`: shared strings, styles and
//! merged ranges; `sheet`: one sheet's cells.

mod parts;
mod sheet;

use std::collections::BTreeMap;
use std::io::BufReader;

use quick_xml::events::{BytesStart, Event};

use super::archive::Archive;
use super::rows::{Merge, RawCell, Rows};
use super::value::{
    Number, Shown, datetime_text, number_text, read_number, serial_to_datetime, shown_by_format,
};
use super::xml::{self, attr, attr_local, push_capped, push_ref};
use super::{SheetError, SheetInfo};
use crate::diag::Sink;
use crate::french;
use crate::limits::{MAX_CELL_BYTES, MAX_SHARED_STRINGS, MAX_SHARED_TEXT_BYTES, MAX_STYLES};
use crate::load::{CellKind, Flow};

pub use sheet::{cell_ref, read};

/// What the workbook part says: its sheets and how to read their cells.
pub struct Workbook {
    pub sheets: Vec<SheetInfo>,
    /// Part of each sheet, in the order of `sheets`.
    paths: Vec<String>,
    date1904: bool,
    strings_path: Option<String>,
    styles_path: Option<String>,
}

/// Reads `[Content_Types]`-less package relationships, the workbook and its relationships.
pub fn workbook(archive: &mut Archive<'_>) -> Result<Workbook, SheetError> {
    let root_rels = relationships(archive, "_rels/.rels", "")?;
    let workbook_path = root_rels
        .iter()
        .find(|r| r.kind.ends_with("/officeDocument"))
        .map_or_else(|| "xl/workbook.xml".to_owned(), |r| r.target.clone());
    if workbook_path.ends_with(".bin") {
        return Err(SheetError::Unsupported("un classeur Excel binaire (.xlsb)"));
    }
    let dir = workbook_path.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
    let rels_path = format!(
        "{}_rels/{}.rels",
        if dir.is_empty() { String::new() } else { format!("{dir}/") },
        workbook_path.rsplit('/').next().unwrap_or_default()
    );
    let rels = relationships(archive, &rels_path, &dir)?;
    let text = archive.text(&workbook_path)?.ok_or_else(|| {
        SheetError::Damaged(format!("la partie {workbook_path} (la liste des feuilles) manque"))
    })?;
    let mut rdr = xml::reader(text.as_bytes());
    let mut buf = Vec::new();
    let (mut sheets, mut paths, mut date1904) = (Vec::new(), Vec::new(), false);
    loop {
        match xml::next(&mut rdr, &mut buf, &workbook_path)? {
            Event::Start(e) if e.local_name().as_ref() == "workbookPr" => {
                date1904 =
                    matches!(attr(&e, "date1904", &workbook_path)?.as_deref(), Some("1" | "true"));
            }
            Event::Start(e) if e.local_name().as_ref() == "sheet" => {
                let name = attr(&e, "name", &workbook_path)?.unwrap_or_default();
                let hidden = matches!(
                    attr(&e, "state", &workbook_path)?.as_deref(),
                    Some("hidden" | "veryHidden")
                );
                let id = attr_local(&e, "id", &workbook_path)?.unwrap_or_default();
                let Some(rel) = rels.iter().find(|r| r.id == id) else { continue };
                // Chart sheets and dialog sheets hold no cells.
                if !rel.kind.ends_with("/worksheet") {
                    continue;
                }
                sheets.push(SheetInfo { name, hidden });
                paths.push(rel.target.clone());
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let find =
        |suffix: &str| rels.iter().find(|r| r.kind.ends_with(suffix)).map(|r| r.target.clone());
    Ok(Workbook {
        sheets,
        paths,
        date1904,
        strings_path: find("/sharedStrings"),
        styles_path: find("/styles"),
    })
}

struct Relationship {
    id: String,
    kind: String,
    /// The target's path in the archive.
    target: String,
}

/// The relationships of a part; targets are resolved against `dir` (the part's folder).
fn relationships(
    archive: &mut Archive<'_>,
    path: &str,
    dir: &str,
) -> Result<Vec<Relationship>, SheetError> {
    let Some(text) = archive.text(path)? else { return Ok(Vec::new()) };
    let mut rdr = xml::reader(text.as_bytes());
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match xml::next(&mut rdr, &mut buf, path)? {
            Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                if attr(&e, "TargetMode", path)?.as_deref() == Some("External") {
                    continue;
                }
                let id = attr(&e, "Id", path)?.unwrap_or_default();
                let kind = attr(&e, "Type", path)?.unwrap_or_default();
                let target = attr(&e, "Target", path)?.unwrap_or_default();
                out.push(Relationship { id, kind, target: resolve(dir, &target) });
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// `worksheets/sheet1.xml` against `xl` → `xl/worksheets/sheet1.xml`; `/xl/…` is absolute.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') || dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for piece in target.trim_start_matches('/').split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::parts::decode_escapes;
    use super::*;

    #[test]
    fn cell_references_are_checked() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("E4"), Some((3, 4)));
        assert_eq!(cell_ref("$AB$12"), Some((11, 27)));
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_575, 16_383)));
        for bad in
            ["", "A", "1", "A0", "XFE1", "A1048577", "AAAAAAAAA1", "A1B", "É1", "A99999999999"]
        {
            assert_eq!(cell_ref(bad), None, "{bad}");
        }
    }

    #[test]
    fn ooxml_escapes_are_decoded() {
        assert_eq!(decode_escapes("a_x000D_b"), "a\rb");
        // `_x005F_` is the underscore itself: the text was « _x000D_ ».
        assert_eq!(decode_escapes("_x005F_x000D_"), "_x000D_");
        assert_eq!(decode_escapes("x_y_xZZZZ_"), "x_y_xZZZZ_");
    }

    #[test]
    fn targets_resolve_against_the_part_folder() {
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/worksheets", "../sharedStrings.xml"), "xl/sharedStrings.xml");
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
    }
}
