//! Office Open XML workbooks (`.xlsx`, as Excel and LibreOffice write them): the archive → its
//! sheets, then one sheet's cells, streamed.
//!
//! In: the archive. Out: the sheets' names and visibility ([`Workbook`]); then, for the sheet
//! read, every non-empty cell with its text and kind, row by row, to [`Rows`]. The sheet's
//! `<dimension>` is never trusted (nothing is allocated from it): only cells that are there
//! cost anything. Shared strings are kept in one buffer ([`Strings`]), bounded.

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

/// The shared strings, in one buffer: string `i` is `text[ends[i - 1]..ends[i]]`.
#[derive(Default)]
struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    fn get(&self, idx: usize) -> Option<&str> {
        let end = *self.ends.get(idx)? as usize;
        let start = if idx == 0 { 0 } else { self.ends[idx - 1] as usize };
        self.text.get(start..end)
    }
}

fn shared_strings(archive: &mut Archive<'_>, path: &str) -> Result<Strings, SheetError> {
    let mut strings = Strings::default();
    let Some(part) = archive.part(path)? else { return Ok(strings) };
    let mut rdr = xml::reader(BufReader::new(part));
    let mut buf = Vec::new();
    // Inside <si>: whether in a <t> of it (not of a phonetic <rPh> run).
    let (mut in_si, mut in_t, mut phonetic) = (false, false, false);
    loop {
        match xml::next(&mut rdr, &mut buf, path)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "si" => in_si = true,
                "rPh" => phonetic = true,
                "t" if in_si && !phonetic => in_t = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "si" => {
                    in_si = false;
                    if strings.ends.len() >= MAX_SHARED_STRINGS
                        || strings.text.len() > MAX_SHARED_TEXT_BYTES
                    {
                        return Err(SheetError::TooManyStrings);
                    }
                    let cell_start = strings.ends.last().copied().unwrap_or(0) as usize;
                    decode_escapes_from(&mut strings.text, cell_start);
                    strings.ends.push(
                        u32::try_from(strings.text.len())
                            .map_err(|_| SheetError::TooManyStrings)?,
                    );
                }
                "rPh" => phonetic = false,
                "t" => in_t = false,
                _ => {}
            },
            Event::Text(t) if in_t => strings.text.push_str(&t.xml10_content()),
            Event::CData(t) if in_t => strings.text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t => push_ref(&r, &mut strings.text, path)?,
            Event::Eof => break,
            _ => {}
        }
        if strings.text.len() > MAX_SHARED_TEXT_BYTES {
            return Err(SheetError::TooManyStrings);
        }
        buf.clear();
    }
    Ok(strings)
}

/// OOXML's `_xHHHH_` escapes (Excel writes a carriage return as `_x000D_`), decoded in place
/// from byte `start` of `text`.
fn decode_escapes_from(text: &mut String, start: usize) {
    if !text[start..].contains("_x") {
        return;
    }
    let decoded = decode_escapes(&text[start..]);
    text.truncate(start);
    text.push_str(&decoded);
}

fn decode_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let code = tail.get(2..6).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match (code, tail.as_bytes().get(6)) {
            (Some(hex), Some(b'_')) => {
                let ch = u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('\u{FFFD}');
                out.push(ch);
                rest = &tail[7..];
            }
            _ => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What each cell style (`s`, from 0) shows, from `cellXfs` and `numFmts`.
fn styles(archive: &mut Archive<'_>, path: &str) -> Result<Vec<Shown>, SheetError> {
    let Some(text) = archive.text(path)? else { return Ok(Vec::new()) };
    let mut rdr = xml::reader(text.as_bytes());
    let mut buf = Vec::new();
    let mut codes: BTreeMap<u32, String> = BTreeMap::new();
    let mut shown = Vec::new();
    let mut in_cell_xfs = false;
    loop {
        match xml::next(&mut rdr, &mut buf, path)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "numFmt" => {
                    let id = attr(&e, "numFmtId", path)?.and_then(|v| v.parse().ok());
                    let code = attr(&e, "formatCode", path)?;
                    if let (Some(id), Some(code)) = (id, code)
                        && codes.len() < MAX_STYLES
                    {
                        codes.insert(id, code);
                    }
                }
                "cellXfs" => in_cell_xfs = true,
                "xf" if in_cell_xfs => {
                    if shown.len() >= MAX_STYLES {
                        return Err(SheetError::Damaged(format!(
                            "{path} déclare plus de {MAX_STYLES} styles de cellule"
                        )));
                    }
                    let id: u32 =
                        attr(&e, "numFmtId", path)?.and_then(|v| v.parse().ok()).unwrap_or(0);
                    shown.push(shown_by_format(id, codes.get(&id).map(String::as_str)));
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(shown)
}

/// Reads sheet `idx` of `book`, giving its rows to `rows`.
pub fn read(
    archive: &mut Archive<'_>,
    book: &Workbook,
    idx: usize,
    rows: &mut Rows<'_, '_>,
    sink: &mut dyn Sink,
) -> Result<(), SheetError> {
    let strings = match &book.strings_path {
        Some(path) => shared_strings(archive, path)?,
        None => Strings::default(),
    };
    let shown = match &book.styles_path {
        Some(path) => styles(archive, path)?,
        None => Vec::new(),
    };
    let path = &book.paths[idx];
    // Merged ranges come after the cells in the part: a first pass finds them.
    for merge in merges(archive, path)? {
        rows.merge(merge);
    }
    let part = archive
        .part(path)?
        .ok_or_else(|| SheetError::Damaged(format!("la partie {path} (la feuille) manque")))?;
    let mut rdr = xml::reader(BufReader::new(part));
    let mut buf = Vec::new();
    let context = Context { strings: &strings, shown: &shown, date1904: book.date1904 };
    let mut cells: Vec<RawCell> = Vec::new();
    let mut row_idx: u32 = 0;
    // Position of the next cell without an `r` attribute.
    let mut next_col: u32 = 0;
    let mut cell: Option<CellXml> = None;
    // Which text the reader is in: <v>, <f>, or a <t> of an inline string.
    let mut text_of: Option<&'static str> = None;
    let mut phonetic = false;
    let mut row_open = false;
    // The last row and the last cell of the row met: each place is written once, in order.
    let mut last_row: Option<u32> = None;
    let mut last_col: Option<u32> = None;
    loop {
        match xml::next(&mut rdr, &mut buf, path)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "row" => {
                    row_idx = row_start(&e, path)?.unwrap_or(row_idx);
                    if let Some(last) = last_row {
                        in_order(last, row_idx, None)?;
                    }
                    last_row = Some(row_idx);
                    last_col = None;
                    next_col = 0;
                    row_open = true;
                }
                "c" => {
                    let started = cell_start(&e, path, next_col)?;
                    if let Some(named) = started.row_named
                        && named != row_idx
                        && row_open
                    {
                        return Err(SheetError::OutOfOrder {
                            row_idx: named,
                            col_idx: Some(started.col_idx),
                            detail: format!(
                                "la cellule {} est écrite dans la ligne {} du fichier",
                                cell_name(named, started.col_idx),
                                u64::from(row_idx) + 1
                            ),
                        });
                    }
                    if let Some(last) = last_col {
                        in_order(last, started.col_idx, Some(row_idx))?;
                    }
                    last_col = Some(started.col_idx);
                    next_col = started.col_idx.saturating_add(1);
                    cell = Some(started);
                }
                "v" if cell.is_some() => text_of = Some("v"),
                "f" => {
                    if let Some(c) = &mut cell {
                        c.formula = Some(String::new());
                        text_of = Some("f");
                    }
                }
                "rPh" => phonetic = true,
                "t" if cell.is_some() && !phonetic => text_of = Some("t"),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "c" => {
                    if let Some(c) = cell.take()
                        && let Some(raw) = c.finish(&context)?
                    {
                        cells.push(raw);
                    }
                    text_of = None;
                }
                "v" | "f" | "t" => text_of = None,
                "rPh" => phonetic = false,
                "row" => {
                    row_open = false;
                    if !cells.is_empty() && rows.row(row_idx, &mut cells, sink)? == Flow::Stop {
                        return Ok(());
                    }
                    cells.clear();
                    row_idx = row_idx.saturating_add(1);
                }
                "sheetData" => break,
                _ => {}
            },
            Event::Text(t) => push_text(&mut cell, text_of, &t.xml10_content()),
            Event::CData(t) => push_text(&mut cell, text_of, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let mut resolved = String::new();
                push_ref(&r, &mut resolved, path)?;
                push_text(&mut cell, text_of, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if row_open && !cells.is_empty() {
        rows.row(row_idx, &mut cells, sink)?;
    }
    Ok(())
}

/// Whether `next`, met after `last`, comes after it in the sheet: rows when `row_idx` is
/// `None`, else cells of row `row_idx` (indices from 0). The same place twice, or a place
/// before the last one, is an error: spreadsheets show the last value written at a place, and
/// Excel refuses a file out of order.
fn in_order(last: u32, next: u32, row_idx: Option<u32>) -> Result<(), SheetError> {
    if next > last {
        return Ok(());
    }
    Err(match row_idx {
        _ if next == last => {
            SheetError::Twice { row_idx: row_idx.unwrap_or(next), col_idx: row_idx.map(|_| next) }
        }
        None => SheetError::OutOfOrder {
            row_idx: next,
            col_idx: None,
            detail: format!(
                "la ligne {} est écrite après la ligne {} dans le fichier, alors qu'un tableur écrit les lignes dans l'ordre",
                u64::from(next) + 1,
                u64::from(last) + 1
            ),
        },
        Some(row) => SheetError::OutOfOrder {
            row_idx: row,
            col_idx: Some(next),
            detail: format!(
                "la cellule {} est écrite après {} dans le fichier, alors qu'un tableur écrit les cellules dans l'ordre",
                cell_name(row, next),
                cell_name(row, last)
            ),
        },
    })
}

/// `E4` for row 3 and column 4 (from 0).
fn cell_name(row_idx: u32, col_idx: u32) -> String {
    french::cell_name(col_idx + 1, u64::from(row_idx) + 1)
}

/// The row (from 0) a `<row>` element names with its `r` attribute (from 1), if it has one.
fn row_start(e: &BytesStart<'_>, path: &str) -> Result<Option<u32>, SheetError> {
    let Some(r) = attr(e, "r", path)? else { return Ok(None) };
    let idx = r.trim().parse::<u32>().ok().and_then(|r| r.checked_sub(1)).ok_or_else(|| {
        SheetError::Damaged(format!("numéro de ligne « {r} » invalide dans {path}"))
    })?;
    Ok(Some(idx))
}

/// A `<c>` element: its column (from its `r` reference, else the one after the previous cell),
/// style and type; its texts come with the next events.
fn cell_start(e: &BytesStart<'_>, path: &str, next_col: u32) -> Result<CellXml, SheetError> {
    let (row_named, col_idx) = match attr(e, "r", path)? {
        Some(r) => cell_ref(&r).map(|(row, col)| (Some(row), col)).ok_or_else(|| {
            SheetError::Damaged(format!("référence de cellule « {r} » invalide dans {path}"))
        })?,
        None => (None, next_col),
    };
    let style = attr(e, "s", path)?.and_then(|s| s.parse::<usize>().ok()).unwrap_or(0);
    let kind = attr(e, "t", path)?.unwrap_or_default();
    Ok(CellXml {
        row_named,
        col_idx,
        style,
        kind,
        value: String::new(),
        formula: None,
        inline: String::new(),
    })
}

struct Context<'a> {
    strings: &'a Strings,
    shown: &'a [Shown],
    date1904: bool,
}

/// A `<c>` element being read.
struct CellXml {
    /// The row its reference names (from 0), when it has one.
    row_named: Option<u32>,
    col_idx: u32,
    style: usize,
    /// The `t` attribute: `s`, `str`, `inlineStr`, `b`, `e`, `d`, `n` or empty.
    kind: String,
    value: String,
    formula: Option<String>,
    inline: String,
}

fn push_text(cell: &mut Option<CellXml>, text_of: Option<&str>, text: &str) {
    let Some(c) = cell else { return };
    match text_of {
        Some("v") => push_capped(&mut c.value, text, MAX_CELL_BYTES),
        Some("f") => {
            if let Some(f) = &mut c.formula {
                push_capped(f, text, MAX_CELL_BYTES);
            }
        }
        Some("t") => push_capped(&mut c.inline, text, MAX_CELL_BYTES),
        _ => {}
    }
}

impl CellXml {
    /// The cell's text and kind; `None` for an empty cell (formatting only).
    fn finish(self, context: &Context<'_>) -> Result<Option<RawCell>, SheetError> {
        let (text, kind) = match self.kind.as_str() {
            "s" => {
                if self.value.trim().is_empty() {
                    (String::new(), CellKind::Text)
                } else {
                    let idx: usize = self.value.trim().parse().map_err(|_| {
                        SheetError::Damaged(format!(
                            "index de texte partagé « {} » invalide",
                            self.value
                        ))
                    })?;
                    let text = context.strings.get(idx).ok_or_else(|| {
                        SheetError::Damaged(format!("le texte partagé n° {idx} n'existe pas"))
                    })?;
                    (text.to_owned(), CellKind::Text)
                }
            }
            "inlineStr" => (decode_escapes(&self.inline), CellKind::Text),
            "str" => (decode_escapes(&self.value), CellKind::Text),
            "b" => match self.value.trim() {
                "1" | "true" => ("TRUE".to_owned(), CellKind::Boolean),
                "0" | "false" => ("FALSE".to_owned(), CellKind::Boolean),
                "" => (String::new(), CellKind::Text),
                other => {
                    return Err(SheetError::Damaged(format!(
                        "valeur logique « {other} » invalide"
                    )));
                }
            },
            "e" => (self.value.trim().to_owned(), CellKind::Error),
            "d" => iso_datetime(self.value.trim()),
            _ => {
                if self.value.trim().is_empty() {
                    (String::new(), CellKind::Text)
                } else {
                    let number = read_number(&self.value).ok_or_else(|| {
                        SheetError::Damaged(format!("nombre « {} » invalide", self.value))
                    })?;
                    match number {
                        Number::Kept(x) => {
                            let shown = context.shown.get(self.style).copied().unwrap_or_default();
                            number_cell(x, shown, context.date1904)
                        }
                        Number::TooLong(digits) => (digits, CellKind::LongNumber),
                    }
                }
            }
        };
        let kind = match self.formula {
            // Stored without the « = » the person typed.
            Some(formula) => CellKind::Formula(format!("={formula}").into_boxed_str()),
            None => kind,
        };
        if text.is_empty() && matches!(kind, CellKind::Text) {
            return Ok(None);
        }
        Ok(Some(RawCell { col_idx: self.col_idx, text, kind }))
    }
}

/// A number cell: a date, a time or a number, as its format shows it.
pub fn number_cell(x: f64, shown: Shown, date1904: bool) -> (String, CellKind) {
    if shown != Shown::Number
        && let Some((date, time)) = serial_to_datetime(x, date1904)
    {
        let kind = match shown {
            Shown::Time => CellKind::Time,
            Shown::DateTime => CellKind::DateTime,
            Shown::Date | Shown::Number => CellKind::Date,
        };
        return (datetime_text(date, time, shown), kind);
    }
    (number_text(x), CellKind::Number)
}

/// A `t="d"` cell: `2020-04-09` or `2020-04-09T10:30:00(.000)(Z)`.
fn iso_datetime(text: &str) -> (String, CellKind) {
    match text.split_once('T') {
        None => (text.to_owned(), CellKind::Date),
        Some((date, time)) => {
            let time: String = time.chars().take(8).collect();
            if date.is_empty() || date.starts_with("1899-12-3") {
                (time, CellKind::Time)
            } else {
                (format!("{date}T{time}"), CellKind::DateTime)
            }
        }
    }
}

/// `E4` → (row 3, column 4), from 0; `None` if it is not a cell reference within 16,384 columns
/// and 1,048,576 rows (checked arithmetic: a hostile `AAAAAAAA1` cannot overflow).
pub fn cell_ref(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().trim_start_matches('$');
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for b in text[..letters].bytes() {
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1;
    }
    let digits = text[letters..].trim_start_matches('$');
    if digits.is_empty() || digits.len() > 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: u32 = digits.parse().ok()?;
    if row == 0 || row > 1_048_576 || col > 16_384 {
        return None;
    }
    Some((row - 1, col - 1))
}

/// The merged ranges of a sheet part (`<mergeCell ref="B2:C3"/>`), in the order of their
/// first row.
fn merges(archive: &mut Archive<'_>, path: &str) -> Result<Vec<Merge>, SheetError> {
    let Some(part) = archive.part(path)? else { return Ok(Vec::new()) };
    let mut rdr = xml::reader(BufReader::new(part));
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match xml::next(&mut rdr, &mut buf, path)? {
            Event::Start(e) if e.local_name().as_ref() == "mergeCell" => {
                let Some(range) = attr(&e, "ref", path)? else { continue };
                let (first, last) = range.split_once(':').unwrap_or((&range, &range));
                if let (Some(a), Some(b)) = (cell_ref(first), cell_ref(last)) {
                    out.push(Merge {
                        first_row: a.0.min(b.0),
                        first_col: a.1.min(b.1),
                        last_row: a.0.max(b.0),
                        last_col: a.1.max(b.1),
                    });
                }
                if out.len() > crate::limits::MAX_MERGES {
                    break;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out.sort_by_key(|m| (m.first_row, m.first_col));
    Ok(out)
}

#[cfg(test)]
mod tests {
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
