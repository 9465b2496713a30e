//! Delimited text (CSV): a byte stream and its [`Dialect`] → records with their start lines.
//!
//! In: any byte stream. Out: each record, in file order, given to the visitor with the line
//! (from 1) where it starts; file-level problems (encoding, wrong delimiter, unclosed quote,
//! blank lines, empty file) as [`Diagnostic`]s. The csv crate parses; a `QuoteTracker` reads
//! beside it for the line numbers it does not keep.

use std::collections::VecDeque;
use std::io::{self, Read};

use csv::{ByteRecord, StringRecord};

use super::{Flow, Record, Source, Stats, Visit};
use crate::diag::{Code, Diagnostic, Sink};
use crate::limits::{MAX_FILE_BYTES, MAX_RECORD_BYTES, french_number};
use crate::schema::Dialect;

/// A CSV file read with the descriptor's dialect. A UTF-8 byte-order mark is skipped.
pub struct Delimited<R> {
    input: Option<R>,
    dialect: Dialect,
}

impl<R: Read> Delimited<R> {
    /// The table in `input`, read with `dialect` (delimiter and quote).
    pub fn new(input: R, dialect: Dialect) -> Self {
        Delimited { input: Some(input), dialect }
    }
}

impl<R: Read> Source for Delimited<R> {
    /// Reads the file once; a second call finds no record.
    fn read(&mut self, sink: &mut dyn Sink, visit: &mut Visit<'_>) -> io::Result<Stats> {
        match self.input.take() {
            Some(input) => read(input, self.dialect, sink, visit),
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
        let line = record_start(&mut rdr, wrong_separator.is_none(), sink);
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
    end_of_file(&mut rdr, &mut stats, sink);
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
fn record_start<R: Read>(rdr: &mut Reader<R>, report_blanks: bool, sink: &mut dyn Sink) -> u64 {
    // The tracker has read at least up to this record, so its start is queued.
    loop {
        match rdr.get_mut().events.pop_front() {
            Some(Event::Blank { first, last }) if report_blanks => {
                report_blank_lines(first, last, sink);
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
            french_number(line),
            french_number(MAX_RECORD_BYTES)
        ))
        .hint("une ligne du tableau tient en quelques kilo-octets : vérifiez que c'est le bon fichier, enregistré en CSV avec un retour à la ligne après chaque ligne")
}

/// What the end of the file shows: the size limit reached, the blank lines after the last
/// record, or no record at all.
fn end_of_file<R: Read>(rdr: &mut Reader<R>, stats: &mut Stats, sink: &mut dyn Sink) {
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
                    french_number(MAX_FILE_BYTES)
                ))
                .hint("un tableau comparatif tient en quelques kilo-octets : vérifiez que c'est le bon fichier"),
        );
        stats.stopped = true;
        return;
    }
    while let Some(event) = rdr.get_mut().events.pop_front() {
        if let Event::Blank { first, last } = event {
            report_blank_lines(first, last, sink);
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
/// in one message): the csv reader skips them silently.
fn report_blank_lines(first: u64, last: u64, sink: &mut dyn Sink) {
    for line in first..=last {
        sink.emit(
            Diagnostic::error(Code::LigneVide)
                .line(line)
                .message(BLANK_LINE)
                .hint("supprimez cette ligne : chaque ligne du tableau décrit une solution"),
        );
    }
}

/// One message for a file that is not UTF-8, with the line and the probable character.
fn report_encoding(err: csv::FromUtf8Error, line: u64, sink: &mut dyn Sink) {
    let field_idx = err.utf8_error().field();
    let valid_up_to = err.utf8_error().valid_up_to();
    let record = err.into_byte_record();
    let mut newlines: u64 = record.iter().take(field_idx).map(count_newlines).sum();
    let field = record.get(field_idx).unwrap_or_default();
    newlines += count_newlines(&field[..valid_up_to.min(field.len())]);
    let bad = field.get(valid_up_to).copied().unwrap_or(0);
    let guess = windows_1252(bad)
        .map(|ch| format!(" (sans doute « {ch} » en Windows-1252)"))
        .unwrap_or_default();
    sink.emit(
        Diagnostic::error(Code::Encodage)
            .line(line + newlines)
            .column(u32::try_from(field_idx + 1).unwrap_or(u32::MAX))
            .message(format!(
                "le fichier n'est pas encodé en UTF-8 : l'octet 0x{bad:02X}{guess} n'est pas de l'UTF-8 ; la lecture s'arrête là"
            ))
            .hint(
                "réenregistrez le fichier en UTF-8 : dans Excel, « Enregistrer sous » › « CSV UTF-8 (délimité par des virgules) » ; \
                 dans LibreOffice, cochez « Éditer les paramètres du filtre » et choisissez le jeu de caractères « Unicode (UTF-8) »",
            ),
    );
}

/// The character a Windows-1252 byte stands for, if the byte is a printable non-ASCII one.
fn windows_1252(byte: u8) -> Option<char> {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => Some(HIGH[usize::from(byte - 0x80)]).filter(|&c| c != '\0'),
        0xA1..=0xFF => Some(char::from(byte)),
        _ => None,
    }
}

/// A header written with another delimiter than the dialect's.
struct WrongSeparator {
    /// The delimiter the header holds.
    found: u8,
    /// The header's text (as one cell), for the diagnostic's value.
    label: String,
    /// Line (from 1) of the header.
    line: u64,
}

/// The first byte of the file that is not UTF-8.
struct EncodingFault {
    /// Line (from 1) where it is.
    line: u64,
    byte: u8,
}

/// Detects a header written with another delimiter (`;` from a French spreadsheet, a tab…),
/// whatever its encoding: one message instead of a cascade of header errors.
fn wrong_separator_in(header: &ByteRecord, dialect: Dialect, line: u64) -> Option<WrongSeparator> {
    if header.len() != 1 {
        return None;
    }
    let label = header.get(0).unwrap_or_default();
    let (found, _) = DELIMITERS
        .into_iter()
        .filter(|(c, _)| *c != dialect.delimiter)
        .find(|(c, _)| label.contains(c))?;
    Some(WrongSeparator { found, label: String::from_utf8_lossy(label).into_owned(), line })
}

/// The fault at `valid_up_to` in the bytes of a record that starts on `line`.
fn encoding_fault_in(record: &ByteRecord, valid_up_to: usize, line: u64) -> EncodingFault {
    let bytes = record.as_slice();
    let before = &bytes[..valid_up_to.min(bytes.len())];
    EncodingFault {
        line: line + count_newlines(before),
        byte: bytes.get(valid_up_to).copied().unwrap_or(0),
    }
}

/// Delimiters recognised in a header, with their French names.
const DELIMITERS: [(u8, &str); 4] =
    [(b';', "point-virgule"), (b'\t', "tabulation"), (b',', "virgule"), (b'|', "barre verticale")];

/// Reports the wrong delimiter and, when the file is not UTF-8 either, its encoding too: one
/// message and one way to save the file again that fixes both.
fn report_separator(
    separator: &WrongSeparator,
    encoding: Option<EncodingFault>,
    dialect: Dialect,
    sink: &mut dyn Sink,
) {
    let name = |b: u8| DELIMITERS.iter().find(|(c, _)| *c == b).map(|(_, n)| *n);
    let shown = |b: u8| {
        if b == b'\t' { "tabulation".to_owned() } else { format!("« {} »", char::from(b)) }
    };
    let named = |b: u8| match name(b) {
        Some(n) if b != b'\t' => format!("{} ({n})", shown(b)),
        _ => shown(b),
    };
    let expected_name = name(dialect.delimiter)
        .map_or_else(|| format!("« {} »", char::from(dialect.delimiter)), str::to_owned);
    let (found, expected) = (named(separator.found), named(dialect.delimiter));
    let d = Diagnostic::error(Code::Separateur).line(separator.line).value(&separator.label);
    let Some(fault) = encoding else {
        sink.emit(
            d.message(format!(
                "les colonnes sont séparées par {found} alors que le descripteur attend {expected} ; la lecture s'arrête là"
            ))
            .hint(format!(
                "réenregistrez le fichier avec le séparateur {expected_name} : dans LibreOffice, cochez « Éditer les paramètres du filtre » \
                 et choisissez {} comme séparateur de champ ; dans Excel, choisissez « CSV UTF-8 (délimité par des virgules) »",
                shown(dialect.delimiter)
            )),
        );
        return;
    };
    let (line, byte) = (fault.line, fault.byte);
    let encoding = match windows_1252(byte) {
        Some(ch) => format!(
            "le fichier est encodé en Windows-1252 (ligne {line}, l'octet 0x{byte:02X} : sans doute « {ch} »)"
        ),
        None => {
            format!("le fichier n'est pas encodé en UTF-8 (ligne {line}, l'octet 0x{byte:02X})")
        }
    };
    sink.emit(
        d.message(format!(
            "les colonnes sont séparées par {found} et {encoding}, alors que le descripteur attend le séparateur {expected} et l'encodage UTF-8 ; la lecture s'arrête là"
        ))
        .hint(format!(
            "réenregistrez le fichier en CSV UTF-8 séparé par {}, ce qui corrige les deux : dans LibreOffice Calc, « Enregistrer sous », \
             type « Texte CSV », cochez « Éditer les paramètres du filtre », puis choisissez le jeu de caractères « Unicode (UTF-8) » \
             et {} comme séparateur de champ (Excel, même en « CSV UTF-8 (délimité par des virgules) », peut garder le \
             point-virgule selon les réglages régionaux de Windows)",
            if dialect.delimiter == b',' { "des virgules".to_owned() } else { shown(dialect.delimiter) },
            shown(dialect.delimiter)
        )),
    );
}

/// Follows the byte stream as the csv reader parses it (RFC 4180 with doubled quotes), to
/// know the line where each record starts, where blank lines are (the csv reader skips them
/// and its own line count is off after CRLF), and where a quote that is never closed opened.
struct QuoteTracker<R> {
    inner: R,
    delimiter: u8,
    quote: u8,
    state: QuoteState,
    /// Current line, from 1.
    line: u64,
    /// Line where the current quoted cell was opened.
    open_line: u64,
    /// Record starts and blank lines seen but not yet taken by the loader, in file order.
    events: VecDeque<Event>,
    /// Bytes of a leading byte-order mark still to skip (the csv reader skips it too).
    bom_left: usize,
    previous: u8,
    eof: bool,
    /// Drop spaces at the start of cells (what frictionless's sniffing sometimes decides).
    skip_initial_space: bool,
    /// Bytes read so far; reading stops past [`MAX_FILE_BYTES`].
    consumed: u64,
    too_big: bool,
    /// Bytes of the current record read so far; reading stops past [`MAX_RECORD_BYTES`], so
    /// that a file with no line break is refused as it is read, not after.
    record_len: u64,
    /// Line where the current record started.
    record_line: u64,
    /// The record starting at this line passed [`MAX_RECORD_BYTES`]: reading stopped there.
    too_long: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Event {
    /// A record starts on this line.
    Record(u64),
    /// These lines (`first` to `last`, from 1) are blank.
    Blank { first: u64, last: u64 },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    RecordStart,
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl<R: Read> QuoteTracker<R> {
    fn new(inner: R, dialect: Dialect) -> Self {
        QuoteTracker {
            inner,
            delimiter: dialect.delimiter,
            quote: dialect.quote,
            state: QuoteState::RecordStart,
            line: 1,
            open_line: 1,
            events: VecDeque::new(),
            bom_left: BOM.len(),
            previous: 0,
            eof: false,
            skip_initial_space: false,
            consumed: 0,
            too_big: false,
            record_len: 0,
            record_line: 1,
            too_long: None,
        }
    }

    /// At the end of the input, the line of a quoted cell that was never closed.
    fn unclosed_quote_line(&self) -> Option<u64> {
        (self.eof && self.state == QuoteState::Quoted).then_some(self.open_line)
    }

    fn scan(&mut self, bytes: &[u8]) {
        let mut idx = 0;
        // Where the current record's bytes start in `bytes` (a record ended inside it).
        let mut record_from = 0;
        while idx < bytes.len() {
            // Inside a cell only a few bytes change the state: jump to the next one.
            if self.bom_left == 0 {
                let rest = &bytes[idx..];
                let skip = match self.state {
                    QuoteState::Unquoted => memchr::memchr3(self.delimiter, b'\n', b'\r', rest),
                    QuoteState::Quoted => memchr::memchr3(self.quote, b'\n', b'\r', rest),
                    _ => Some(0),
                }
                .unwrap_or(rest.len());
                if skip > 0 {
                    self.previous = rest[skip - 1];
                    idx += skip;
                    continue;
                }
            }
            let b = bytes[idx];
            idx += 1;
            if self.bom_left > 0 {
                if b == BOM[BOM.len() - self.bom_left] {
                    self.bom_left -= 1;
                    continue;
                }
                self.bom_left = 0;
            }
            let terminator = b == b'\n' || b == b'\r';
            self.state = match self.state {
                QuoteState::RecordStart if terminator => {
                    // "\r\n" ends one line: only its first byte can make a blank line.
                    if !(b == b'\n' && self.previous == b'\r') {
                        self.push_blank();
                    }
                    QuoteState::RecordStart
                }
                QuoteState::RecordStart => {
                    self.events.push_back(Event::Record(self.line));
                    self.record_line = self.line;
                    self.record_len = 0;
                    record_from = idx - 1;
                    self.field_start(b)
                }
                QuoteState::FieldStart | QuoteState::Unquoted | QuoteState::QuoteInQuoted
                    if terminator =>
                {
                    QuoteState::RecordStart
                }
                QuoteState::FieldStart => self.field_start(b),
                QuoteState::Unquoted | QuoteState::QuoteInQuoted if b == self.delimiter => {
                    QuoteState::FieldStart
                }
                QuoteState::Unquoted => QuoteState::Unquoted,
                QuoteState::Quoted if b == self.quote => QuoteState::QuoteInQuoted,
                QuoteState::Quoted => QuoteState::Quoted,
                QuoteState::QuoteInQuoted if b == self.quote => QuoteState::Quoted,
                QuoteState::QuoteInQuoted => QuoteState::Unquoted,
            };
            if b == b'\n' {
                self.line += 1;
            }
            self.previous = b;
        }
        if self.state != QuoteState::RecordStart {
            self.record_len += (bytes.len() - record_from) as u64;
        }
    }

    /// Queues a blank line; consecutive blank lines share one event (a file of millions of
    /// line breaks queues one).
    fn push_blank(&mut self) {
        if let Some(Event::Blank { last, .. }) = self.events.back_mut()
            && *last + 1 == self.line
        {
            *last = self.line;
            return;
        }
        self.events.push_back(Event::Blank { first: self.line, last: self.line });
    }

    /// The state after the first byte of a cell (not a line terminator).
    fn field_start(&mut self, b: u8) -> QuoteState {
        if b == self.quote {
            self.open_line = self.line;
            QuoteState::Quoted
        } else if b == self.delimiter {
            QuoteState::FieldStart
        } else {
            QuoteState::Unquoted
        }
    }
}

impl<R> QuoteTracker<R> {
    /// Reading stops: the record being read is longer than [`MAX_RECORD_BYTES`].
    fn stop_long_record(&mut self) -> usize {
        self.too_long = Some(self.record_line);
        self.too_big = true;
        self.eof = true;
        0
    }
}

impl<R: Read> Read for QuoteTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.too_big {
                return Ok(0);
            }
            let n = self.inner.read(buf)?;
            self.consumed += n as u64;
            if self.consumed > MAX_FILE_BYTES {
                // Reading stops here: the loader reports the limit.
                self.too_big = true;
                self.eof = true;
                return Ok(0);
            }
            if n == 0 && !buf.is_empty() {
                self.eof = true;
            }
            if !self.skip_initial_space {
                self.scan(&buf[..n]);
                if self.record_len > MAX_RECORD_BYTES {
                    return Ok(self.stop_long_record());
                }
                return Ok(n);
            }
            // Spaces at the start of a cell are dropped before the csv reader sees them, as
            // Python's csv module does with `skipinitialspace`.
            let mut kept = 0;
            for idx in 0..n {
                let b = buf[idx];
                let at_start =
                    matches!(self.state, QuoteState::RecordStart | QuoteState::FieldStart);
                if b == b' ' && at_start && self.bom_left == 0 {
                    continue;
                }
                self.scan(&buf[idx..=idx]);
                buf[kept] = b;
                kept += 1;
            }
            if self.record_len > MAX_RECORD_BYTES {
                return Ok(self.stop_long_record());
            }
            // A chunk made only of dropped spaces is not the end of the input.
            if kept > 0 || n == 0 {
                return Ok(kept);
            }
        }
    }
}

/// Lines of the start of the file that frictionless gives Python's `csv.Sniffer`.
const SAMPLE_LINES: usize = 100;
/// At most this many bytes are read ahead for the sample (a pathological first line).
const SAMPLE_MAX_BYTES: usize = 4 << 20;

/// Reads the first [`SAMPLE_LINES`] lines (or up to [`SAMPLE_MAX_BYTES`]) of `input`.
fn read_sample<R: Read>(input: &mut R) -> io::Result<Vec<u8>> {
    let mut sample = Vec::new();
    let mut chunk = [0_u8; 8192];
    let mut lines = 0;
    while lines < SAMPLE_LINES && sample.len() < SAMPLE_MAX_BYTES {
        let n = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        lines += memchr::memchr_iter(b'\n', &chunk[..n]).count();
        sample.extend_from_slice(&chunk[..n]);
    }
    Ok(sample)
}

/// Whether Python's `csv.Sniffer`, as frictionless calls it with the descriptor's delimiter,
/// guesses `skipinitialspace` for this sample (the first 100 lines). Follows
/// `Sniffer._guess_quote_and_delimiter` (quoted cells preceded or followed by the delimiter:
/// yes when every such quoted cell has a space after its delimiter) and, without quoted cells,
/// `Sniffer._guess_delimiter` (yes when every delimiter of the first line is followed by a
/// space).
pub fn sniff_skip_initial_space(sample: &str, delimiter: char) -> bool {
    let text: String = sample.split_inclusive('\n').take(SAMPLE_LINES).collect();
    let s: Vec<char> = text.chars().collect();
    let is_quote = |c: char| c == '"' || c == '\'';
    // `[^\w\n"']` of Python's regular expressions.
    let is_delim = |c: char| !(c.is_alphanumeric() || c == '_' || c == '\n' || is_quote(c));
    // (delimiter, space) of each match of the first pattern that matches at all.
    let patterns: [SniffPattern; 3] =
        [quoted_between, quoted_then_delimiter, delimiter_then_quoted];
    for pattern in patterns {
        let mut matches = Vec::new();
        let mut idx = 0;
        while idx < s.len() {
            match pattern(&s, idx, &is_delim, &is_quote) {
                Some((end, delim, space)) => {
                    matches.push((delim, space));
                    idx = end.max(idx + 1);
                }
                None => idx += 1,
            }
        }
        if matches.is_empty() {
            continue;
        }
        let delims = matches.iter().filter(|(d, _)| *d == delimiter).count();
        let spaces = matches.iter().filter(|(_, space)| *space).count();
        if delims > 0 {
            return delims == spaces;
        }
        break;
    }
    // No delimiter next to quoted cells: the first line decides.
    let first = text.split('\n').next().unwrap_or_default();
    let count = first.matches(delimiter).count();
    count > 0 && count == first.matches(&format!("{delimiter} ")).count()
}

/// One of `csv.Sniffer`'s patterns tried at a position: (end of the match, delimiter, space).
type SniffPattern =
    fn(&[char], usize, &dyn Fn(char) -> bool, &dyn Fn(char) -> bool) -> Option<(usize, char, bool)>;

/// The common start of two patterns, `(?P<delim>[^\w\n"'])(?P<space> ?)(?P<quote>["'])` at
/// `idx`: (delimiter, space, quote, index of the quote).
fn delimiter_space_quote(
    s: &[char],
    idx: usize,
    is_delim: &dyn Fn(char) -> bool,
    is_quote: &dyn Fn(char) -> bool,
) -> Option<(char, bool, char, usize)> {
    let delim = *s.get(idx).filter(|&&c| is_delim(c))?;
    let space = s.get(idx + 1) == Some(&' ');
    let at = idx + 1 + usize::from(space);
    let quote = *s.get(at).filter(|&&c| is_quote(c))?;
    Some((delim, space, quote, at))
}

/// `(?P<delim>[^\w\n"'])(?P<space> ?)(?P<quote>["']).*?(?P=quote)(?P=delim)` at `idx`.
fn quoted_between(
    s: &[char],
    idx: usize,
    is_delim: &dyn Fn(char) -> bool,
    is_quote: &dyn Fn(char) -> bool,
) -> Option<(usize, char, bool)> {
    let (delim, space, quote, at) = delimiter_space_quote(s, idx, is_delim, is_quote)?;
    let close =
        (at + 1..s.len().saturating_sub(1)).find(|&k| s[k] == quote && s[k + 1] == delim)?;
    Some((close + 2, delim, space))
}

/// `(?:^|\n)(?P<quote>["']).*?(?P=quote)(?P<delim>[^\w\n"'])(?P<space> ?)` at `idx`.
fn quoted_then_delimiter(
    s: &[char],
    idx: usize,
    is_delim: &dyn Fn(char) -> bool,
    is_quote: &dyn Fn(char) -> bool,
) -> Option<(usize, char, bool)> {
    let at = if idx == 0 && s.first().is_some_and(|&c| is_quote(c)) {
        0
    } else if s.get(idx) == Some(&'\n') {
        idx + 1
    } else {
        return None;
    };
    let quote = *s.get(at).filter(|&&c| is_quote(c))?;
    let close =
        (at + 1..s.len().saturating_sub(1)).find(|&k| s[k] == quote && is_delim(s[k + 1]))?;
    let delim = s[close + 1];
    let space = s.get(close + 2) == Some(&' ');
    Some((close + 2 + usize::from(space), delim, space))
}

/// `(?P<delim>[^\w\n"'])(?P<space> ?)(?P<quote>["']).*?(?P=quote)(?:$|\n)` at `idx`.
fn delimiter_then_quoted(
    s: &[char],
    idx: usize,
    is_delim: &dyn Fn(char) -> bool,
    is_quote: &dyn Fn(char) -> bool,
) -> Option<(usize, char, bool)> {
    let (delim, space, quote, at) = delimiter_space_quote(s, idx, is_delim, is_quote)?;
    let close =
        (at + 1..s.len()).find(|&k| s[k] == quote && (k + 1 == s.len() || s[k + 1] == '\n'))?;
    Some((close + 1 + usize::from(s.get(close + 1) == Some(&'\n')), delim, space))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> (Vec<(u64, Vec<String>)>, Vec<Diagnostic>) {
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

    fn codes(diagnostics: &[Diagnostic]) -> Vec<(Code, Option<u64>)> {
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
    fn latin1_gives_one_message_with_line_and_character() {
        let (records, diags) = run(b"a,b\n1,2\n3,caf\xE9\n4,\xE9\n");
        assert_eq!(records.len(), 2);
        assert_eq!(codes(&diags), vec![(Code::Encodage, Some(3))]);
        assert!(diags[0].message.contains("« é »"), "{}", diags[0].message);
        assert_eq!(diags[0].column, Some(2));
    }

    #[test]
    fn semicolons_give_one_message() {
        let (records, diags) = run(b"a;b;c\n1;2;3\n4;5\n");
        assert!(records.is_empty());
        assert_eq!(codes(&diags), vec![(Code::Separateur, Some(1))]);
        assert!(diags[0].message.contains("« ; »"));
    }

    #[test]
    fn issue_17_semicolons_and_windows_1252_give_one_message() {
        let mut far = format!("a;b\n{}", "1;2\n".repeat(150)).into_bytes();
        far.extend_from_slice(b"3;caf\xE9\n");
        let inputs: [&[u8]; 3] = [b"a;b;c\n1;caf\xE9;3\n", b"h\xE9bergement;b\n1;2\n", &far];
        for input in inputs {
            let (records, diags) = run(input);
            assert!(records.is_empty());
            assert_eq!(diags.len(), 1, "{diags:?}");
            let d = &diags[0];
            assert_eq!((d.code, d.line), (Code::Separateur, Some(1)));
            for said in ["« ; » (point-virgule)", "Windows-1252", "« é »"] {
                assert!(d.message.contains(said), "{said}: {}", d.message);
            }
            let hint = d.hint.as_deref().unwrap();
            assert!(hint.contains("« CSV UTF-8 (délimité par des virgules) »"), "{hint}");
            assert!(hint.contains("« Unicode (UTF-8) »") && hint.contains("« , »"), "{hint}");
        }
        // The line of the first byte that is not UTF-8 is named.
        let (_, diags) = run(&far);
        assert!(diags[0].message.contains("ligne 152"), "{}", diags[0].message);
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
    fn sniffing_follows_python() {
        assert!(!sniff_skip_initial_space("a,b\n1,2\n", ','));
        assert!(
            sniff_skip_initial_space("a, b, c\n1,2,3\n", ','),
            "first line decides without quotes"
        );
        assert!(!sniff_skip_initial_space("a, b,c\n", ','));
        assert!(
            !sniff_skip_initial_space("a,b\nx,\"y, z\",w\n", ','),
            "quoted cell right after the comma"
        );
        assert!(
            sniff_skip_initial_space("a, b\nx, \"y, z\", w\n", ','),
            "every quoted cell after a space"
        );
        assert!(!sniff_skip_initial_space("a, b\nx, \"y, z\",w\nx,\"y\",w\n", ','));
    }

    #[test]
    fn skip_initial_space_is_applied_when_sniffed() {
        let (records, diags) = run(b"a, b\n1, \"x, y\"\n");
        assert_eq!(records[1].1, vec!["1".to_owned(), "x, y".to_owned()]);
        assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), vec![Code::Espaces]);
    }

    #[test]
    fn windows_1252_guesses() {
        assert_eq!(windows_1252(0xE9), Some('é'));
        assert_eq!(windows_1252(0x9C), Some('œ'));
        assert_eq!(windows_1252(0x80), Some('€'));
        assert_eq!(windows_1252(0x81), None);
        assert_eq!(windows_1252(0x41), None);
    }
}
