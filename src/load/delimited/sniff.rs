//! The port of Python's `csv.Sniffer`, as frictionless calls it: the file's first lines → whether
//! spaces after each delimiter are dropped (`skipinitialspace`).

use std::io::{self, Read};

use crate::limits::MAX_SNIFF_SAMPLE_BYTES;

/// Lines of the start of the file that frictionless gives Python's `csv.Sniffer`.
const SAMPLE_LINES: usize = 100;

/// Reads the first [`SAMPLE_LINES`] lines (or up to [`MAX_SNIFF_SAMPLE_BYTES`]) of `input`.
pub(super) fn read_sample<R: Read>(input: &mut R) -> io::Result<Vec<u8>> {
    let mut sample = Vec::new();
    let mut chunk = [0_u8; 8192];
    let mut lines = 0;
    while lines < SAMPLE_LINES && sample.len() < MAX_SNIFF_SAMPLE_BYTES {
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
}
