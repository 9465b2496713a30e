//! One sheet's part → its cells, streamed row by row to [`Rows`], each with its text and kind;
//! places written twice or out of order refused.

use super::parts::{Strings, decode_escapes, merges, shared_strings, styles};
use super::*;

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
