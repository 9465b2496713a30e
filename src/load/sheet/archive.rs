//! The zip inside a workbook: its bytes → the XML parts a reader asks for, each inflated under
//! a cap.
//!
//! In: the whole file in memory. Out: a [`Part`] reader per entry, which counts the bytes it
//! actually inflates — never the sizes the archive declares, which a zip bomb lies about — and
//! fails past [`MAX_PART_BYTES`] for one part or [`MAX_INFLATED_BYTES`] for all of them. The
//! archive's own directory is bounded before the zip crate reads it ([`MAX_ZIP_ENTRIES`]).

use std::cell::Cell;
use std::io::{self, Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::SheetError;
use crate::limits::{MAX_INFLATED_BYTES, MAX_PART_BYTES, MAX_ZIP_ENTRIES};

/// An open workbook archive, with the count of what was inflated so far.
pub struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes inflated from every part read so far.
    inflated: Cell<u64>,
    /// Set when a part passed a cap (the XML reader then only sees an I/O error).
    limit_hit: Cell<Option<SheetError>>,
}

impl<'a> Archive<'a> {
    /// Opens the zip in `bytes`. A damaged or truncated zip is [`SheetError::Damaged`].
    pub fn open(bytes: &'a [u8]) -> Result<Self, SheetError> {
        check_directory(bytes)?;
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged_zip(&e))?;
        Ok(Archive { zip, inflated: Cell::new(0), limit_hit: Cell::new(None) })
    }

    /// Whether the archive has an entry named `name`.
    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The entry `name`, read through the caps; `None` when there is no such entry.
    pub fn part(&mut self, name: &str) -> Result<Option<Part<'_>>, SheetError> {
        let Some(idx) = self.zip.index_for_name(name) else { return Ok(None) };
        let file = match self.zip.by_index(idx) {
            Ok(file) => file,
            Err(ZipError::UnsupportedArchive(why)) if why == ZipError::PASSWORD_REQUIRED => {
                return Err(SheetError::Protected);
            }
            Err(e) => return Err(damaged_zip(&e)),
        };
        if file.encrypted() {
            return Err(SheetError::Protected);
        }
        let part = Part {
            inner: Box::new(file),
            read: 0,
            inflated: &self.inflated,
            limit_hit: &self.limit_hit,
            name: name.to_owned(),
        };
        Ok(Some(part))
    }

    /// The whole entry `name` as text, through the caps.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, SheetError> {
        let Some(mut part) = self.part(name)? else { return Ok(None) };
        let mut bytes = Vec::new();
        if let Err(err) = part.read_to_end(&mut bytes) {
            drop(part);
            return Err(self.error(&err, name));
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| SheetError::Damaged(format!("{name} n'est pas du texte UTF-8")))
    }

    /// What an I/O error while reading `name` means: a cap passed, or a damaged entry.
    pub fn error(&self, err: &io::Error, name: &str) -> SheetError {
        match self.limit_hit.take() {
            Some(limit) => limit,
            None if err.to_string().contains("declared uncompressed size") => {
                SheetError::LyingSize(name.to_owned())
            }
            None => SheetError::Damaged(format!(
                "la partie {name} ne se décompresse pas (archive endommagée)"
            )),
        }
    }

    /// Takes the cap that was passed, if one was (the XML reader saw it as an I/O error).
    pub fn limit_hit(&self) -> Option<SheetError> {
        self.limit_hit.take()
    }
}

/// One entry being inflated, counted.
pub struct Part<'z> {
    inner: Box<dyn Read + 'z>,
    /// Bytes of this part inflated so far.
    read: u64,
    inflated: &'z Cell<u64>,
    limit_hit: &'z Cell<Option<SheetError>>,
    name: String,
}

impl Read for Part<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Never more than one byte past a cap: that byte proves the cap is passed.
        let part_left = (MAX_PART_BYTES + 1).saturating_sub(self.read);
        let total_left = (MAX_INFLATED_BYTES + 1).saturating_sub(self.inflated.get());
        let want = buf.len().min(usize::try_from(part_left.min(total_left)).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.read += n as u64;
        self.inflated.set(self.inflated.get() + n as u64);
        if self.read > MAX_PART_BYTES {
            self.limit_hit.set(Some(SheetError::PartTooBig(self.name.clone())));
            return Err(io::Error::other("part too big"));
        }
        if self.inflated.get() > MAX_INFLATED_BYTES {
            self.limit_hit.set(Some(SheetError::InflatedTooMuch));
            return Err(io::Error::other("archive too big"));
        }
        Ok(n)
    }
}

/// Reads the end of central directory record before the zip crate does, to refuse a directory
/// of more than [`MAX_ZIP_ENTRIES`] entries (each costs memory) and ZIP64 archives (no
/// workbook needs one; they let a directory declare 2⁶⁴ entries).
fn check_directory(bytes: &[u8]) -> Result<(), SheetError> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const ZIP64_LOCATOR: &[u8] = b"PK\x06\x07";
    // The record is 22 bytes plus a comment of at most 65,535.
    let tail_start = bytes.len().saturating_sub(22 + 65_535 + 20);
    let tail = &bytes[tail_start..];
    let Some(at) = memchr::memmem::rfind(tail, EOCD) else {
        return Err(SheetError::Damaged(
            "la fin de l'archive zip manque : le fichier est sans doute tronqué".to_owned(),
        ));
    };
    if memchr::memmem::find(tail, ZIP64_LOCATOR).is_some() {
        return Err(SheetError::Damaged(
            "archive ZIP64, qu'aucun tableur n'écrit pour un tableau".to_owned(),
        ));
    }
    let record = &tail[at..];
    let entries = record.get(10..12).map(|b| u16::from_le_bytes([b[0], b[1]])).unwrap_or(0);
    if usize::from(entries) > MAX_ZIP_ENTRIES {
        return Err(SheetError::TooManyEntries(usize::from(entries)));
    }
    Ok(())
}

fn damaged_zip(err: &ZipError) -> SheetError {
    match err {
        ZipError::UnsupportedArchive(why) if *why == ZipError::PASSWORD_REQUIRED => {
            SheetError::Protected
        }
        ZipError::Io(_) | ZipError::InvalidArchive(_) => {
            SheetError::Damaged("l'archive zip est incomplète ou endommagée".to_owned())
        }
        other => SheetError::Damaged(format!("l'archive zip est illisible ({other})")),
    }
}
