//! `QuoteTracker`: the byte stream on its way to the csv reader → the same bytes (without the
//! spaces after delimiters when the sniffer says so), and beside them the line where each
//! record starts, the blank lines, a quote never closed and the size limits reached.

use std::collections::VecDeque;
use std::io::{self, Read};

use crate::limits::{MAX_FILE_BYTES, MAX_RECORD_BYTES};
use crate::schema::Dialect;

/// Follows the byte stream as the csv reader parses it (RFC 4180 with doubled quotes), to
/// know the line where each record starts, where blank lines are (the csv reader skips them
/// and its own line count is off after CRLF), and where a quote that is never closed opened.
pub(super) struct QuoteTracker<R> {
    inner: R,
    delimiter: u8,
    quote: u8,
    state: QuoteState,
    /// Current line, from 1.
    line: u64,
    /// Line where the current quoted cell was opened.
    open_line: u64,
    /// Record starts and blank lines seen but not yet taken by the loader, in file order.
    pub(super) events: VecDeque<Event>,
    /// Bytes of a leading byte-order mark still to skip (the csv reader skips it too).
    bom_left: usize,
    previous: u8,
    eof: bool,
    /// Drop spaces at the start of cells (what frictionless's sniffing sometimes decides).
    pub(super) skip_initial_space: bool,
    /// Bytes read so far; reading stops past [`MAX_FILE_BYTES`].
    consumed: u64,
    pub(super) too_big: bool,
    /// Bytes of the current record read so far; reading stops past [`MAX_RECORD_BYTES`], so
    /// that a file with no line break is refused as it is read, not after.
    record_len: u64,
    /// Line where the current record started.
    record_line: u64,
    /// The record starting at this line passed [`MAX_RECORD_BYTES`]: reading stopped there.
    pub(super) too_long: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Event {
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
    pub(super) fn new(inner: R, dialect: Dialect) -> Self {
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
    pub(super) fn unclosed_quote_line(&self) -> Option<u64> {
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
