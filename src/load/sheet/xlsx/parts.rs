//! The workbook's shared parts: shared strings (one bounded buffer, OOXML escapes decoded),
//! what each cell style shows (number formats), and a sheet's merged ranges.

use super::*;

/// The shared strings, in one buffer: string `i` is `text[ends[i - 1]..ends[i]]`.
#[derive(Default)]
pub(super) struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    pub(super) fn get(&self, idx: usize) -> Option<&str> {
        let end = *self.ends.get(idx)? as usize;
        let start = if idx == 0 { 0 } else { self.ends[idx - 1] as usize };
        self.text.get(start..end)
    }
}

pub(super) fn shared_strings(archive: &mut Archive<'_>, path: &str) -> Result<Strings, SheetError> {
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

pub(super) fn decode_escapes(text: &str) -> String {
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
pub(super) fn styles(archive: &mut Archive<'_>, path: &str) -> Result<Vec<Shown>, SheetError> {
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

/// The merged ranges of a sheet part (`<mergeCell ref="B2:C3"/>`), in the order of their
/// first row.
pub(super) fn merges(archive: &mut Archive<'_>, path: &str) -> Result<Vec<Merge>, SheetError> {
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
