//! OpenDocument spreadsheets (`.ods`, as LibreOffice writes them): `content.xml` → its sheets,
//! then one sheet's cells, streamed.
//!
//! In: the archive. Out: the sheets' names and visibility; then, for the sheet read, every
//! non-empty cell with its text and kind, row by row, to [`Rows`]. Repeated rows and columns
//! (`table:number-rows-repeated="1048000"`, the way LibreOffice writes the formatted end of a
//! sheet) cost nothing when empty; a repeated non-empty cell is copied at most up to the last
//! column accepted, a repeated non-empty row at most up to the last row of a sheet.

use std::io::BufReader;

use quick_xml::events::{BytesStart, Event};

use super::SheetError;
use super::SheetInfo;
use super::archive::Archive;
use super::rows::{Merge, RawCell, Rows};
use super::value::{Number, number_text, read_number};
use super::xml::{self, attr, push_capped, push_ref};
use crate::diag::Sink;
use crate::limits::{MAX_CELL_BYTES, MAX_COLUMNS, MAX_REPEATED_ROWS, MAX_SHEET_ROWS};
use crate::load::{CellKind, Flow};

const CONTENT: &str = "content.xml";

/// The sheets of `content.xml`, in order, with their visibility (a table style with
/// `table:display="false"` hides a sheet).
pub fn sheets(archive: &mut Archive<'_>) -> Result<Vec<SheetInfo>, SheetError> {
    let part = archive.part(CONTENT)?.ok_or_else(|| {
        SheetError::Damaged("la partie content.xml (le contenu) manque".to_owned())
    })?;
    let mut rdr = xml::reader(BufReader::new(part));
    let mut buf = Vec::new();
    let mut hidden_styles: Vec<String> = Vec::new();
    let mut style: Option<String> = None;
    let mut sheets = Vec::new();
    loop {
        match xml::next(&mut rdr, &mut buf, CONTENT)? {
            Event::Start(e) => match e.name().as_ref() {
                "style:style" => style = attr(&e, "style:name", CONTENT)?,
                "style:table-properties" => {
                    if attr(&e, "table:display", CONTENT)?.as_deref() == Some("false")
                        && let Some(name) = style.clone()
                    {
                        hidden_styles.push(name);
                    }
                }
                "table:table" => {
                    let name = attr(&e, "table:name", CONTENT)?.unwrap_or_default();
                    let style = attr(&e, "table:style-name", CONTENT)?;
                    let hidden = style.is_some_and(|s| hidden_styles.contains(&s));
                    sheets.push(SheetInfo { name, hidden });
                    skip_to_end(&mut rdr, &mut buf, "table:table")?;
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(sheets)
}

fn skip_to_end<R: std::io::BufRead>(
    rdr: &mut quick_xml::Reader<R>,
    buf: &mut Vec<u8>,
    name: &str,
) -> Result<(), SheetError> {
    let mut depth = 0u32;
    loop {
        buf.clear();
        match xml::next(rdr, buf, CONTENT)? {
            Event::Start(e) if e.name().as_ref() == name => depth += 1,
            Event::End(e) if e.name().as_ref() == name => {
                if depth == 0 {
                    return Ok(());
                }
                depth -= 1;
            }
            Event::Eof => {
                return Err(SheetError::Damaged(format!(
                    "{CONTENT} s'arrête au milieu d'un élément {name}"
                )));
            }
            _ => {}
        }
    }
}

/// Reads sheet `idx` (from 0, in document order), giving its rows to `rows`.
pub fn read(
    archive: &mut Archive<'_>,
    idx: usize,
    rows: &mut Rows<'_, '_>,
    sink: &mut dyn Sink,
) -> Result<(), SheetError> {
    let part = archive.part(CONTENT)?.ok_or_else(|| {
        SheetError::Damaged("la partie content.xml (le contenu) manque".to_owned())
    })?;
    let mut rdr = xml::reader(BufReader::new(part));
    let mut buf = Vec::new();
    let mut tables = 0;
    // Find the sheet.
    loop {
        match xml::next(&mut rdr, &mut buf, CONTENT)? {
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                if tables == idx {
                    break;
                }
                tables += 1;
                skip_to_end(&mut rdr, &mut buf, "table:table")?;
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
    let mut row_idx: u32 = 0;
    let mut row_repeat: u32 = 1;
    let mut col_idx: u32 = 0;
    let mut cells: Vec<RawCell> = Vec::new();
    loop {
        buf.clear();
        match xml::next(&mut rdr, &mut buf, CONTENT)? {
            Event::Start(e) => match e.name().as_ref() {
                "table:table-row" => {
                    row_repeat = repeat(&e, "table:number-rows-repeated")?;
                    col_idx = 0;
                    cells.clear();
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let name = e.name().as_ref().to_owned();
                    let cell = Cell::start(&e)?;
                    let content = paragraphs(&mut rdr, &name)?;
                    let col_repeat = repeat(&e, "table:number-columns-repeated")?;
                    if let Some((text, kind)) = cell.value(content) {
                        if cell.col_span > 1 || cell.row_span > 1 {
                            rows.merge(Merge {
                                first_row: row_idx,
                                first_col: col_idx,
                                last_row: row_idx.saturating_add(cell.row_span - 1),
                                last_col: col_idx.saturating_add(cell.col_span - 1),
                            });
                        }
                        // One copy past the last column accepted is enough to report it.
                        let copies =
                            col_repeat.min((MAX_COLUMNS as u32 + 1).saturating_sub(col_idx));
                        for copy in 0..copies {
                            cells.push(RawCell {
                                col_idx: col_idx + copy,
                                text: text.clone(),
                                kind: kind.clone(),
                            });
                        }
                    } else if cell.col_span > 1 || cell.row_span > 1 {
                        rows.merge(Merge {
                            first_row: row_idx,
                            first_col: col_idx,
                            last_row: row_idx.saturating_add(cell.row_span - 1),
                            last_col: col_idx.saturating_add(cell.col_span - 1),
                        });
                    }
                    col_idx = col_idx.saturating_add(col_repeat);
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => {
                    if cells.is_empty() {
                        row_idx = row_idx.saturating_add(row_repeat);
                        continue;
                    }
                    // A repeated row with content is that many rows (LibreOffice writes identical
                    // rows once); a few bytes must not make a million rows to check.
                    if row_repeat > MAX_REPEATED_ROWS {
                        return Err(SheetError::RepeatedRow { row_idx, times: row_repeat });
                    }
                    let copies = row_repeat.min(MAX_SHEET_ROWS.saturating_sub(row_idx) + 1);
                    for copy in 0..copies {
                        let mut row = cells.clone();
                        if rows.row(row_idx.saturating_add(copy), &mut row, sink)? == Flow::Stop {
                            return Ok(());
                        }
                    }
                    row_idx = row_idx.saturating_add(row_repeat);
                    cells.clear();
                }
                "table:table" => return Ok(()),
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// `table:number-…-repeated`, at least 1.
fn repeat(e: &BytesStart<'_>, name: &str) -> Result<u32, SheetError> {
    Ok(attr(e, name, CONTENT)?.and_then(|v| v.trim().parse::<u32>().ok()).unwrap_or(1).max(1))
}

/// A cell's attributes.
struct Cell {
    value_type: Option<String>,
    value: Option<String>,
    date: Option<String>,
    time: Option<String>,
    boolean: Option<String>,
    string: Option<String>,
    formula: Option<String>,
    error: bool,
    col_span: u32,
    row_span: u32,
}

impl Cell {
    fn start(e: &BytesStart<'_>) -> Result<Self, SheetError> {
        let get = |name: &str| attr(e, name, CONTENT);
        let span = |name: &str| -> Result<u32, SheetError> {
            Ok(get(name)?.and_then(|v| v.trim().parse::<u32>().ok()).unwrap_or(1).max(1))
        };
        Ok(Cell {
            value_type: get("office:value-type")?,
            value: get("office:value")?,
            date: get("office:date-value")?,
            time: get("office:time-value")?,
            boolean: get("office:boolean-value")?,
            string: get("office:string-value")?,
            formula: get("table:formula")?,
            error: get("calcext:value-type")?.as_deref() == Some("error"),
            col_span: span("table:number-columns-spanned")?,
            row_span: span("table:number-rows-spanned")?,
        })
    }

    /// The cell's text and kind, `None` when it is empty; `content` is its paragraphs' text.
    fn value(&self, content: String) -> Option<(String, CellKind)> {
        let (text, kind) = match self.value_type.as_deref() {
            Some("float" | "percentage" | "currency") => {
                match self.value.as_deref().and_then(read_number) {
                    Some(Number::Kept(x)) => (number_text(x), CellKind::Number),
                    Some(Number::TooLong(digits)) => (digits, CellKind::LongNumber),
                    None => (content, CellKind::Text),
                }
            }
            Some("date") => {
                let iso = self.date.clone().unwrap_or(content);
                let kind = if iso.contains('T') { CellKind::DateTime } else { CellKind::Date };
                (iso.chars().take(19).collect(), kind)
            }
            Some("time") => {
                (self.time.as_deref().map(duration_text).unwrap_or(content), CellKind::Time)
            }
            Some("boolean") => match self.boolean.as_deref() {
                Some("true") => ("TRUE".to_owned(), CellKind::Boolean),
                Some(_) => ("FALSE".to_owned(), CellKind::Boolean),
                None => (content, CellKind::Text),
            },
            _ if self.error => (content, CellKind::Error),
            _ => (self.string.clone().unwrap_or(content), CellKind::Text),
        };
        let kind = match &self.formula {
            // `of:=SUM([.A1:.A3])`: the namespace prefix is not what the person typed.
            Some(f) => {
                let f = f.split_once(":=").map_or(f.as_str(), |(_, rest)| rest);
                CellKind::Formula(format!("={f}").into_boxed_str())
            }
            None => kind,
        };
        if text.is_empty() && kind == CellKind::Text {
            return None;
        }
        Some((text, kind))
    }
}

/// `PT10H30M00S` → `10:30:00`.
fn duration_text(iso: &str) -> String {
    let body = iso.trim_start_matches('-').trim_start_matches("PT");
    let mut out = [0u64; 3];
    let mut number = String::new();
    for c in body.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'H' | 'M' | 'S' => {
                let slot = match c {
                    'H' => 0,
                    'M' => 1,
                    _ => 2,
                };
                out[slot] = number.parse::<f64>().map(|x| x.round() as u64).unwrap_or(0);
                number.clear();
            }
            _ => {}
        }
    }
    format!("{:02}:{:02}:{:02}", out[0], out[1], out[2])
}

/// The text of a cell's paragraphs, joined by line breaks, up to the end of element `name`
/// (comments, `office:annotation`, are not part of it).
fn paragraphs<R: std::io::BufRead>(
    rdr: &mut quick_xml::Reader<R>,
    name: &str,
) -> Result<String, SheetError> {
    let mut buf = Vec::new();
    let mut text = String::new();
    let (mut paragraphs, mut annotation) = (0u32, 0u32);
    loop {
        buf.clear();
        match xml::next(rdr, &mut buf, CONTENT)? {
            Event::Start(e) => match e.name().as_ref() {
                "office:annotation" => annotation += 1,
                _ if annotation > 0 => {}
                "text:p" | "text:h" => {
                    if paragraphs > 0 {
                        push_capped(&mut text, "\n", MAX_CELL_BYTES);
                    }
                    paragraphs += 1;
                }
                "text:s" => {
                    let count = attr(&e, "text:c", CONTENT)?
                        .and_then(|c| c.parse::<usize>().ok())
                        .unwrap_or(1);
                    let room = MAX_CELL_BYTES.saturating_sub(text.len());
                    text.extend(std::iter::repeat_n(' ', count.min(room)));
                }
                "text:tab" => push_capped(&mut text, "\t", MAX_CELL_BYTES),
                "text:line-break" => push_capped(&mut text, "\n", MAX_CELL_BYTES),
                _ => {}
            },
            Event::End(e) => {
                if e.name().as_ref() == name {
                    return Ok(text);
                }
                if e.name().as_ref() == "office:annotation" {
                    annotation = annotation.saturating_sub(1);
                }
            }
            Event::Text(t) if annotation == 0 => {
                push_capped(&mut text, &t.xml10_content(), MAX_CELL_BYTES)
            }
            Event::CData(t) if annotation == 0 => {
                push_capped(&mut text, &t.xml10_content(), MAX_CELL_BYTES)
            }
            Event::GeneralRef(r) if annotation == 0 => {
                let mut resolved = String::new();
                push_ref(&r, &mut resolved, CONTENT)?;
                push_capped(&mut text, &resolved, MAX_CELL_BYTES);
            }
            Event::Eof => {
                return Err(SheetError::Damaged(format!(
                    "{CONTENT} s'arrête au milieu d'une cellule"
                )));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_times_of_day() {
        assert_eq!(duration_text("PT10H30M00S"), "10:30:00");
        assert_eq!(duration_text("PT00H00M05.4S"), "00:00:05");
        assert_eq!(duration_text("PT1H"), "01:00:00");
    }
}
