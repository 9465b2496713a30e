//! Delimited text (CSV): a byte stream and its [`Dialect`] → records with their start lines.
//!
//! In: any byte stream. Out: each record, in file order, given to the visitor with the line
//! (from 1) where it starts; file-level problems (encoding, wrong delimiter, unclosed quote,
//! blank lines, empty file) as [`Diagnostic`]s. The csv crate parses; a `QuoteTracker` reads
//! beside it for the line numbers it does not keep.
//!
//! This file is the reader loop; beside it: `encoding` (a file that is not UTF-8, said with the
//! line and the probable Windows-1252 character), `separator` (a header written with another
//! delimiter), `quotes` (the `QuoteTracker`) and `sniff` (the port of Python's `csv.Sniffer`
//! that decides whether spaces after delimiters are dropped).

use std::io::{self, Read};

use csv::{ByteRecord, StringRecord};

use encoding::{encoding_fault_in, report_encoding};
use quotes::{Event, QuoteTracker};
use separator::{WrongSeparator, report_separator, wrong_separator_in};
use sniff::read_sample;
pub use sniff::sniff_skip_initial_space;

/// The separators a file written by another spreadsheet may use, by preference.
const DISPLAY_DELIMITERS: [u8; 4] = [b';', b'\t', b',', b'|'];

use super::{Flow, Record, Source, Stats, Visit};
use crate::diag::{Code, Diagnostic, Sink};
use crate::french::{self, Noun};
use crate::limits::{MAX_FILE_BYTES, MAX_RECORD_BYTES};
use crate::schema::Dialect;

/// A CSV file read with the descriptor's dialect. A UTF-8 byte-order mark is skipped.
pub struct Delimited<R> {
    input: Option<R>,
    dialect: Dialect,
    /// What a row is called, for the hints ([`Delimited::rows_called`]).
    noun: Noun,
}

impl<R: Read> Delimited<R> {
    /// The table in `input`, read with `dialect` (delimiter and quote).
    pub fn new(input: R, dialect: Dialect) -> Self {
        Delimited { input: Some(input), dialect, noun: Noun::default() }
    }

    /// The hints call a row `noun`, the descriptor's `rowNoun` (the neutral « ligne » without
    /// this call).
    pub fn rows_called(mut self, noun: &Noun) -> Self {
        self.noun = noun.clone();
        self
    }
}

impl<R: Read> Source for Delimited<R> {
    /// Reads the file once; a second call finds no record.
    fn read(&mut self, sink: &mut dyn Sink, visit: &mut Visit<'_>) -> io::Result<Stats> {
        match self.input.take() {
            Some(input) => read(input, self.dialect, &self.noun, sink, visit),
            None => Ok(Stats::default()),
        }
    }
}

/// The csv reader on a table's bytes (the sample read for sniffing, then the rest), beside its
/// [`QuoteTracker`].
type Reader<R> = csv::Reader<QuoteTracker<io::Chain<io::Cursor<Vec<u8>>, R>>>;

/// Reads `input` as CSV with `dialect`, calling `visit` for each record (the first one is the
/// header). Returns an error only for I/O failures; every problem in the content becomes a
/// diagnostic in `sink`.
fn read<R: Read>(
    input: R,
    dialect: Dialect,
    noun: &Noun,
    sink: &mut dyn Sink,
    visit: &mut Visit<'_>,
) -> io::Result<Stats> {
    let mut rdr = reader(input, dialect, sink)?;
    let mut stats = Stats::default();
    let mut bytes = ByteRecord::new();
    // A header written with another delimiter: the rest of the file is only read to find
    // whether it is also in another encoding, so that one message says both.
    let mut wrong_separator: Option<WrongSeparator> = None;
    loop {
        let more = match rdr.read_byte_record(&mut bytes) {
            Ok(more) => more,
            Err(err) => match err.into_kind() {
                csv::ErrorKind::Io(io_err) => return Err(io_err),
                // With `flexible` and no UTF-8 decoding, csv reports nothing else on a byte stream.
                other => return Err(io::Error::other(format!("{other:?}"))),
            },
        };
        if let Some(line) = rdr.get_ref().too_long {
            sink.emit(record_too_long(line));
            stats.stopped = true;
            return Ok(stats);
        }
        if !more {
            break;
        }
        let line = record_start(&mut rdr, wrong_separator.is_none(), noun, sink);
        if let Some(separator) = &wrong_separator {
            if let Err(err) = std::str::from_utf8(bytes.as_slice()) {
                let fault = encoding_fault_in(&bytes, err.valid_up_to(), line);
                report_separator(separator, Some(fault), dialect, sink);
                return Ok(stats);
            }
            continue;
        }
        if stats.records == 0
            && let Some(separator) = wrong_separator_in(&bytes, dialect, line)
        {
            stats.stopped = true;
            // The header itself may hold the first byte that is not UTF-8.
            if let Err(err) = std::str::from_utf8(bytes.as_slice()) {
                let fault = encoding_fault_in(&bytes, err.valid_up_to(), line);
                report_separator(&separator, Some(fault), dialect, sink);
                return Ok(stats);
            }
            wrong_separator = Some(separator);
            continue;
        }
        if let Some(d) = unclosed_quote(&rdr, &bytes, line, dialect) {
            sink.emit(d);
            stats.records += 1;
            return Ok(stats);
        }
        let record = match StringRecord::from_byte_record(std::mem::take(&mut bytes)) {
            Ok(record) => record,
            Err(err) => {
                report_encoding(err, line, sink);
                stats.stopped = true;
                return Ok(stats);
            }
        };
        stats.records += 1;
        if visit(Record { line, fields: &record, kinds: &[] }, sink) == Flow::Stop {
            stats.stopped = true;
            return Ok(stats);
        }
        bytes = record.into_byte_record();
    }
    if let Some(separator) = &wrong_separator {
        report_separator(separator, None, dialect, sink);
        return Ok(stats);
    }
    end_of_file(&mut rdr, &mut stats, noun, sink);
    Ok(stats)
}

/// The csv reader on `input` with `dialect`. Python's sniffing (which frictionless applies)
/// decides from the file's first lines whether spaces after each delimiter are dropped; a
/// warning says so.
fn reader<R: Read>(mut input: R, dialect: Dialect, sink: &mut dyn Sink) -> io::Result<Reader<R>> {
    let sample = read_sample(&mut input)?;
    let skip_initial_space =
        sniff_skip_initial_space(&String::from_utf8_lossy(&sample), char::from(dialect.delimiter));
    if skip_initial_space {
        sink.emit(
            Diagnostic::warning(Code::Espaces)
                .line(1)
                .message(format!(
                    "chaque « {} » est suivi d'une espace : ces espaces en début de cellule sont ignorées (comme le fait frictionless)",
                    char::from(dialect.delimiter)
                ))
                .hint("enregistrez le fichier sans espace après les séparateurs"),
        );
    }
    let mut tracker = QuoteTracker::new(io::Cursor::new(sample).chain(input), dialect);
    tracker.skip_initial_space = skip_initial_space;
    Ok(csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(dialect.delimiter)
        .quote(dialect.quote)
        .double_quote(true)
        .from_reader(tracker))
}

/// The line where the record just read starts, reporting the blank lines before it (unless
/// the file is read with the wrong delimiter: its lines are not reported one by one).
fn record_start<R: Read>(
    rdr: &mut Reader<R>,
    report_blanks: bool,
    noun: &Noun,
    sink: &mut dyn Sink,
) -> u64 {
    // The tracker has read at least up to this record, so its start is queued.
    loop {
        match rdr.get_mut().events.pop_front() {
            Some(Event::Blank { first, last }) if report_blanks => {
                report_blank_lines(first, last, noun, sink);
            }
            Some(Event::Blank { .. }) => {}
            Some(Event::Record(line)) => return line,
            None => return 0,
        }
    }
}

/// A quote opened in the record just read (`bytes`, starting at `line`) and never closed.
fn unclosed_quote<R: Read>(
    rdr: &Reader<R>,
    bytes: &ByteRecord,
    line: u64,
    dialect: Dialect,
) -> Option<Diagnostic> {
    let open_line = rdr.get_ref().unclosed_quote_line()?;
    let newlines: u64 = bytes.iter().map(count_newlines).sum();
    (line..=line + newlines).contains(&open_line).then(|| {
        Diagnostic::error(Code::GuillemetNonFerme)
            .line(open_line)
            .message(format!(
                "un guillemet « {} » ouvert à la ligne {open_line} n'est jamais fermé : la suite du fichier est lue comme une seule cellule",
                char::from(dialect.quote)
            ))
            .hint("fermez le guillemet à la fin de la cellule, ou doublez-le (\"\") s'il fait partie du texte")
    })
}

/// The record starting at `line` passed [`MAX_RECORD_BYTES`] (a file with no line break, a
/// header or a cell far too long, a quote never closed in a huge file).
fn record_too_long(line: u64) -> Diagnostic {
    Diagnostic::error(Code::LimiteDepassee)
        .line(line)
        .message(format!(
            "la ligne {} dépasse {} octets (16 Mio) : la lecture s'arrête là",
            french::number(line),
            french::number(MAX_RECORD_BYTES)
        ))
        .hint("une ligne du tableau tient en quelques kilo-octets : vérifiez que c'est le bon fichier, enregistré en CSV avec un retour à la ligne après chaque ligne")
}

/// What the end of the file shows: the size limit reached, the blank lines after the last
/// record, or no record at all.
fn end_of_file<R: Read>(rdr: &mut Reader<R>, stats: &mut Stats, noun: &Noun, sink: &mut dyn Sink) {
    if let Some(line) = rdr.get_ref().too_long {
        sink.emit(record_too_long(line));
        stats.stopped = true;
        return;
    }
    if rdr.get_ref().too_big {
        sink.emit(
            Diagnostic::error(Code::LimiteDepassee)
                .message(format!(
                    "le fichier dépasse {} octets (512 Mo) : la lecture s'arrête là",
                    french::number(MAX_FILE_BYTES)
                ))
                .hint("un tableau comparatif tient en quelques kilo-octets : vérifiez que c'est le bon fichier"),
        );
        stats.stopped = true;
        return;
    }
    while let Some(event) = rdr.get_mut().events.pop_front() {
        if let Event::Blank { first, last } = event {
            report_blank_lines(first, last, noun, sink);
        }
    }
    if stats.records == 0 {
        sink.emit(
            Diagnostic::error(Code::FichierVide)
                .message("le fichier est vide : il n'a même pas de ligne d'en-tête")
                .hint("partez de la version précédente du tableau : la première ligne doit contenir les noms des colonnes"),
        );
    }
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// The message for a line of the file with nothing at all on it (`validate` tells it from a row
/// of empty cells when a run of blank lines ends the file).
pub const BLANK_LINE: &str = "la ligne est vide";

/// Reports blank lines `first` to `last` (from 1), one diagnostic each (`validate` says a run
/// in one message), the hint with the rows' `noun`: the csv reader skips them silently.
fn report_blank_lines(first: u64, last: u64, noun: &Noun, sink: &mut dyn Sink) {
    for line in first..=last {
        sink.emit(
            Diagnostic::error(Code::LigneVide)
                .line(line)
                .message(BLANK_LINE)
                .hint(format!("supprimez cette ligne : {}", noun.each_line_describes())),
        );
    }
}

mod encoding;
mod quotes;
mod separator;
mod sniff;

/// The records of a CSV the reader refuses as a whole (another separator, another encoding), as
/// a person would see them, for a view of the file only (never validated): the bytes decoded
/// as UTF-8 or else as Windows-1252, split on `dialect`'s delimiter when the first line holds
/// it, else on the first of `;`, tab, `,`, `|` it holds. Calls `visit` with each record's line
/// (from 1) and cells until it returns [`Flow::Stop`]; the delimiter used.
pub fn display_records(
    bytes: &[u8],
    dialect: Dialect,
    visit: &mut dyn FnMut(u64, Vec<String>) -> Flow,
) -> u8 {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text: String = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes
            .iter()
            .map(|&b| {
                if b.is_ascii() {
                    char::from(b)
                } else {
                    encoding::windows_1252(b).unwrap_or('\u{FFFD}')
                }
            })
            .collect(),
    };
    let first = text.lines().next().unwrap_or_default();
    let delimiter = std::iter::once(dialect.delimiter)
        .chain(DISPLAY_DELIMITERS)
        .find(|&d| first.as_bytes().contains(&d))
        .unwrap_or(dialect.delimiter);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quote(dialect.quote)
        .from_reader(text.as_bytes());
    let mut record = StringRecord::new();
    // The line where each record starts, counted here (the crate's count is off after a CRLF
    // or a blank line).
    let (mut line, mut counted) = (1u64, 0usize);
    // Text in memory: reading ends at the end, or at a record it cannot read.
    while rdr.read_record(&mut record).unwrap_or(false) {
        let mut start = record.position().map_or(counted, |p| p.byte() as usize).min(text.len());
        // The crate says a record starts where it began reading it: at the LF of a CRLF, before
        // the blank lines it skips. The record's own line is past them.
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        line += text.as_bytes()[counted.min(start)..start].iter().filter(|&&b| b == b'\n').count()
            as u64;
        counted = counted.max(start);
        if visit(line, record.iter().map(str::to_owned).collect()) == Flow::Stop {
            break;
        }
    }
    delimiter
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn run(input: &[u8]) -> (Vec<(u64, Vec<String>)>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut records = Vec::new();
        let mut source = Delimited::new(input, Dialect::default());
        source
            .read(&mut diagnostics, &mut |record, _| {
                records.push((record.line, record.fields.iter().map(str::to_owned).collect()));
                Flow::Continue
            })
            .unwrap();
        (records, diagnostics)
    }

    pub(super) fn codes(diagnostics: &[Diagnostic]) -> Vec<(Code, Option<u64>)> {
        diagnostics.iter().map(|d| (d.code, d.line)).collect()
    }

    #[test]
    fn lines_are_counted_with_bom_crlf_and_quoted_newlines() {
        let (records, diags) = run(b"\xEF\xBB\xBFa,b\r\n\"x\ny\",2\r\nz,3\r\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(records[0], (1, vec!["a".into(), "b".into()]));
        assert_eq!(records[1], (2, vec!["x\ny".into(), "2".into()]));
        assert_eq!(records[2], (4, vec!["z".into(), "3".into()]));
    }

    #[test]
    fn blank_lines_are_reported_where_they_are() {
        let (records, diags) = run(b"\na,b\n1,2\n\n\n3,4\n\n");
        assert_eq!(records.len(), 3);
        let expected = vec![
            (Code::LigneVide, Some(1)),
            (Code::LigneVide, Some(4)),
            (Code::LigneVide, Some(5)),
            (Code::LigneVide, Some(7)),
        ];
        assert_eq!(codes(&diags), expected);
        // A missing final newline is not a blank line.
        let (_, diags) = run(b"a,b\n1,2");
        assert!(diags.is_empty());
    }

    #[test]
    fn unclosed_quote_names_the_line_where_it_opened() {
        let (records, diags) = run(b"a,b\n1,2\n3,\"x\n4,5\n");
        assert_eq!(records.len(), 2);
        assert_eq!(codes(&diags), vec![(Code::GuillemetNonFerme, Some(3))]);
        // Quotes inside an unquoted cell are text, and doubled quotes are escapes.
        let (records, diags) = run(b"a,b\nx\"y,\"p\"\"q\"\n");
        assert!(diags.is_empty());
        assert_eq!(records[1].1, vec!["x\"y".to_owned(), "p\"q".to_owned()]);
    }

    #[test]
    fn empty_inputs() {
        for input in [&b""[..], b"\xEF\xBB\xBF", b"\n\n"] {
            let (records, diags) = run(input);
            assert!(records.is_empty());
            assert!(diags.iter().any(|d| d.code == Code::FichierVide), "{input:?}: {diags:?}");
        }
    }

    #[test]
    fn skip_initial_space_is_applied_when_sniffed() {
        let (records, diags) = run(b"a, b\n1, \"x, y\"\n");
        assert_eq!(records[1].1, vec!["1".to_owned(), "x, y".to_owned()]);
        assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), vec![Code::Espaces]);
    }
}
