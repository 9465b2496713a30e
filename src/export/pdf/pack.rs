//! Packs the PDF written by krilla into object streams with a cross-reference stream (PDF 1.5+).
//!
//! krilla writes every object on its own with a classic `xref` table. A tagged table has one
//! structure element per cell, so about a third of the file is small uncompressed dictionaries
//! and their 20-byte `xref` entries. Moving every non-stream object into compressed object
//! streams keeps every object byte for byte and makes the canonical PDF about 40 % smaller.
//! (lopdf can do this too, but it would re-parse and re-serialise every object and bring some
//! twenty crates for one step.)
//!
//! In: a complete PDF with one classic `xref` section and `trailer` (what krilla writes).
//! Out: the same objects, streams left as they are, others inside `/Type/ObjStm` streams, and
//! a `/Type/XRef` stream. Returns `None` if the input does not have that shape (the caller then
//! keeps krilla's bytes).

use std::io::Write as _;

use flate2::Compression;
use flate2::write::ZlibEncoder;
#[cfg(feature = "parallel")]
use rayon::prelude::*;

/// Objects per object stream (readers handle large ones, but a hundred keeps random access
/// cheap).
const PER_STREAM: usize = 100;

/// One indirect object of the input: its number and the bytes between `N 0 obj` and `endobj`.
struct Object<'a> {
    number: u32,
    body: &'a [u8],
}

impl Object<'_> {
    fn is_stream(&self) -> bool {
        self.body.ends_with(b"endstream")
    }
}

/// See the module documentation.
pub fn pack(pdf: &[u8]) -> Option<Vec<u8>> {
    let input = read(pdf)?;
    let mut out = Vec::with_capacity(pdf.len());
    // Header (version and binary marker) as krilla wrote it.
    out.extend_from_slice(input.header);
    // One entry per object number, the object streams' and the cross-reference stream's too.
    let mut entries: Vec<Entry> =
        vec![(0, 0, 0xFFFF); input.count + 1 + input.objects.len() / PER_STREAM + 1];
    entries[0] = (0, 0, 0xFFFF);
    for object in input.objects.iter().filter(|o| o.is_stream()) {
        entries[object.number as usize] = (1, out.len() as u64, 0);
        writeln!(out, "{} 0 obj", object.number).ok()?;
        out.extend_from_slice(object.body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let packed: Vec<&Object<'_>> = input.objects.iter().filter(|o| !o.is_stream()).collect();
    let next_number = write_object_streams(&mut out, &mut entries, &packed, input.count as u32)?;
    write_xref_stream(&mut out, entries, next_number, input.trailer_dict)?;
    Some(out)
}

/// What [`pack`] keeps of krilla's file.
struct Input<'a> {
    /// The bytes before the first object (version and binary marker).
    header: &'a [u8],
    /// The objects, by number.
    objects: Vec<Object<'a>>,
    /// Object numbers in the `xref` table (the highest plus one).
    count: usize,
    /// The trailer dictionary's entries, between `<<` and `>>`.
    trailer_dict: &'a [u8],
}

/// (type, field 2, field 3) of an object number in the cross-reference stream: type 1 is at
/// an offset, type 2 in an object stream.
type Entry = (u8, u64, u16);

/// Reads the classic `xref` table and the trailer, then slices every object between its offset
/// and the next one (or the xref table). `None` if the file does not have krilla's shape.
fn read(pdf: &[u8]) -> Option<Input<'_>> {
    let startxref = find_last(pdf, b"startxref")?;
    let xref_offset: usize = ascii_number(pdf.get(startxref + 9..)?)?;
    let xref = pdf.get(xref_offset..)?;
    if !xref.starts_with(b"xref") {
        return None;
    }
    // `xref\n0 N\n` then N entries of 20 bytes.
    let mut pos = 4;
    pos += skip_ws(&xref[pos..]);
    let first: usize = ascii_number(&xref[pos..])?;
    pos += digits(&xref[pos..]);
    pos += skip_ws(&xref[pos..]);
    let count: usize = ascii_number(&xref[pos..])?;
    pos += digits(&xref[pos..]);
    pos += skip_ws(&xref[pos..]);
    if first != 0 {
        return None;
    }
    let mut by_offset: Vec<(u32, usize)> = Vec::with_capacity(count);
    for number in 0..count {
        let entry = xref.get(pos + number * 20..pos + number * 20 + 20)?;
        if entry[17] == b'n' {
            by_offset.push((u32::try_from(number).ok()?, ascii_number(&entry[..10])?));
        }
    }
    let trailer_at = pos + count * 20;
    let trailer = xref.get(trailer_at..)?;
    let dict_start = find(trailer, b"<<")?;
    let dict_end = find_last(&trailer[..find(trailer, b"startxref")?], b">>")?;
    let trailer_dict = &trailer[dict_start + 2..dict_end];

    by_offset.sort_by_key(|&(_, offset)| offset);
    let mut objects = Vec::with_capacity(by_offset.len());
    for (idx, &(number, offset)) in by_offset.iter().enumerate() {
        let end = by_offset.get(idx + 1).map_or(xref_offset, |&(_, next)| next);
        let raw = pdf.get(offset..end)?;
        let header = format!("{number} 0 obj");
        if !raw.starts_with(header.as_bytes()) {
            return None;
        }
        let close = find_last(raw, b"endobj")?;
        let body = trim(&raw[header.len()..close]);
        objects.push(Object { number, body });
    }
    objects.sort_by_key(|o| o.number);
    let header = pdf.get(..by_offset.first()?.1)?;
    Some(Input { header, objects, count, trailer_dict })
}

/// Appends the `packed` objects to `out` in object streams numbered from `first_number`,
/// recording where each object went in `entries`. Returns the next free object number.
fn write_object_streams(
    out: &mut Vec<u8>,
    entries: &mut [Entry],
    packed: &[&Object<'_>],
    first_number: u32,
) -> Option<u32> {
    // Each object stream: its index (`number offset` pairs) then the objects, compressed on
    // every core with rayon when the `parallel` feature is on (the order of the output does not
    // depend on the threads: the same bytes either way).
    let chunks: Vec<&[&Object<'_>]> = packed.chunks(PER_STREAM).collect();
    #[cfg(feature = "parallel")]
    let work = chunks.par_iter();
    #[cfg(not(feature = "parallel"))]
    let work = chunks.iter();
    let compressed: Vec<Option<(usize, Vec<u8>)>> = work
        .map(|chunk| {
            let mut index = Vec::new();
            let mut data = Vec::new();
            for object in chunk.iter() {
                write!(index, "{} {} ", object.number, data.len()).ok()?;
                data.extend_from_slice(object.body);
                data.push(b'\n');
            }
            let first = index.len();
            index.extend_from_slice(&data);
            Some((first, deflate(&index)?))
        })
        .collect();
    let mut next_number = first_number;
    for (chunk, compressed) in chunks.iter().zip(compressed) {
        let (first, compressed) = compressed?;
        let stream_number = next_number;
        next_number += 1;
        for (idx, object) in chunk.iter().enumerate() {
            entries[object.number as usize] =
                (2, u64::from(stream_number), u16::try_from(idx).ok()?);
        }
        entries[stream_number as usize] = (1, out.len() as u64, 0);
        write!(
            out,
            "{stream_number} 0 obj\n<</Type/ObjStm/N {}/First {first}/Filter/FlateDecode/Length {}>>\nstream\n",
            chunk.len(),
            compressed.len()
        )
        .ok()?;
        out.extend_from_slice(&compressed);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }
    Some(next_number)
}

/// Appends the cross-reference stream, object `xref_number`, which describes itself too, with
/// the trailer's entries but `/Size`, then `startxref` and `%%EOF`.
fn write_xref_stream(
    out: &mut Vec<u8>,
    mut entries: Vec<Entry>,
    xref_number: u32,
    trailer_dict: &[u8],
) -> Option<()> {
    let xref_at = out.len() as u64;
    entries.truncate(xref_number as usize + 1);
    entries[xref_number as usize] = (1, xref_at, 0);
    let mut table = Vec::with_capacity(entries.len() * 7);
    for (kind, field2, field3) in &entries {
        table.push(*kind);
        table.extend_from_slice(&(*field2 as u32).to_be_bytes());
        table.extend_from_slice(&field3.to_be_bytes());
    }
    let compressed = deflate(&table)?;
    let kept: Vec<u8> = remove_size(trailer_dict);
    write!(
        out,
        "{xref_number} 0 obj\n<</Type/XRef/Size {}/W[1 4 2]/Filter/FlateDecode/Length {}",
        xref_number + 1,
        compressed.len()
    )
    .ok()?;
    out.extend_from_slice(&kept);
    out.extend_from_slice(b">>\nstream\n");
    out.extend_from_slice(&compressed);
    write!(out, "\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF").ok()?;
    Some(())
}

/// Compression level 2 (zlib-rs's fast strategy): a file a few per cent larger than at zlib's
/// default level 6, but faster, as the PDF's time target is tighter than its size target.
fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::new(2));
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

/// The trailer entries to keep (`/Root`, `/Info`, `/ID`…), without `/Size`.
fn remove_size(dict: &[u8]) -> Vec<u8> {
    let Some(at) = find(dict, b"/Size") else { return dict.to_vec() };
    let mut end = at + 5;
    end += skip_ws(&dict[end..]);
    end += digits(&dict[end..]);
    let mut out = dict[..at].to_vec();
    out.extend_from_slice(&dict[end..]);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn skip_ws(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

fn digits(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// The decimal number at the start of `bytes` (after whitespace).
fn ascii_number(bytes: &[u8]) -> Option<usize> {
    let start = skip_ws(bytes);
    let len = digits(&bytes[start..]);
    std::str::from_utf8(&bytes[start..start + len]).ok()?.parse().ok()
}

fn trim(bytes: &[u8]) -> &[u8] {
    let start = skip_ws(bytes);
    let end = bytes.len() - bytes.iter().rev().take_while(|b| b.is_ascii_whitespace()).count();
    if start >= end { &[] } else { &bytes[start..end] }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny PDF in krilla's layout: objects, classic xref table, trailer.
    fn sample() -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let objects: [&[u8]; 3] = [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Count 0/Kids[]>>",
            b"<</Length 5>>\nstream\nhello\nendstream",
        ];
        let mut offsets = Vec::new();
        for (idx, body) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n", idx + 1).as_bytes());
            pdf.extend_from_slice(body);
            pdf.extend_from_slice(b"\nendobj\n");
        }
        let xref = pdf.len();
        pdf.extend_from_slice(b"xref\n0 4\n0000000000 65535 f \n");
        for offset in offsets {
            pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        pdf.extend_from_slice(
            format!("trailer\n<</Size 4/Root 1 0 R/ID[(a)(a)]>>\nstartxref\n{xref}\n%%EOF")
                .as_bytes(),
        );
        pdf
    }

    #[test]
    fn streams_stay_and_dictionaries_move_into_an_object_stream() {
        let packed = pack(&sample()).expect("krilla-shaped input packs");
        let text = String::from_utf8_lossy(&packed);
        assert!(text.starts_with("%PDF-1.7\n"));
        assert!(text.contains("3 0 obj\n<</Length 5>>\nstream\nhello\nendstream\nendobj"));
        assert!(text.contains("4 0 obj\n<</Type/ObjStm/N 2/First "));
        assert!(text.contains("5 0 obj\n<</Type/XRef/Size 6/W[1 4 2]"));
        assert!(text.contains("/Root 1 0 R/ID[(a)(a)]>>"));
        assert!(!text.contains("1 0 obj"), "the catalog is inside the object stream");
        assert!(text.ends_with("%%EOF"));
    }

    #[test]
    fn other_shapes_are_left_alone() {
        assert!(pack(b"%PDF-1.7\nnothing here").is_none());
        let mut broken = sample();
        let at = find(&broken, b"xref\n").unwrap();
        broken[at] = b'X';
        assert!(pack(&broken).is_none());
    }
}
