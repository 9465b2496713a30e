//! Text helpers for everything a diagnostic shows: a text from a file → the same text with
//! its invisible characters made visible ([`escape`]), quoted and shortened ([`quote`]), a
//! column number → its spreadsheet letter, a count → its French plural.

use std::fmt::Write as _;

/// Spreadsheet letter of a column counted from 1: 1 → `A`, 26 → `Z`, 27 → `AA`.
/// Column 0 (never produced) gives `"?"`.
pub fn column_letter(column: u32) -> String {
    if column == 0 {
        return "?".to_owned();
    }
    let mut n = column;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

pub use crate::limits::MAX_SHOWN_CHARS;

/// Quotes a cell value for a message: « value », with invisible characters made visible and
/// long values shortened to [`MAX_SHOWN_CHARS`] characters.
pub fn quote(value: &str) -> String {
    format!("« {} »", shorten(value))
}

/// `text` with its invisible characters (controls, line breaks, escape sequences, direction
/// controls: [`is_invisible`]) written as `U+001B`: the one escaping of every text that comes
/// from a file (cells, header labels, sheet names, file names, descriptor texts) before it
/// reaches a terminal, a CI log or a JSON line. A text with none is returned as is.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_invisible) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        push_escaped(&mut out, ch);
    }
    std::borrow::Cow::Owned(out)
}

/// [`escape`]d and cut after [`MAX_SHOWN_CHARS`] characters (then « … »).
pub fn shorten(value: &str) -> String {
    let mut out = String::new();
    for (count, ch) in value.chars().enumerate() {
        if count == MAX_SHOWN_CHARS {
            out.push('…');
            break;
        }
        push_escaped(&mut out, ch);
    }
    out
}

fn push_escaped(out: &mut String, ch: char) {
    if is_invisible(ch) {
        let _ = write!(out, "U+{:04X}", u32::from(ch));
    } else {
        out.push(ch);
    }
}

/// Characters that would not show in a message: controls and bidirectional formatting.
pub fn is_invisible(ch: char) -> bool {
    is_forbidden(ch)
}

/// Characters refused in cells: controls, bidirectional controls, and U+FEFF, U+FFFE, U+FFFF
/// (a byte-order mark inside a text, or noncharacters, which PDF/UA forbids).
pub fn is_forbidden(ch: char) -> bool {
    ch.is_control() || is_bidi_control(ch) || matches!(ch, '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Unicode bidirectional embedding, override and isolate controls (Trojan-Source characters).
pub fn is_bidi_control(ch: char) -> bool {
    matches!(ch, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// « 1 erreur », « 2 erreurs », « 0 erreur » (French: singular for 0 and 1).
/// Numbers of four digits or more are grouped as French writes them (« 10 049 erreurs »).
pub fn plural(n: u64, one: &str, many: &str) -> String {
    let number = crate::limits::french_number(n);
    if n <= 1 { format!("{number} {one}") } else { format!("{number} {many}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheets() {
        for (n, letters) in [
            (1, "A"),
            (2, "B"),
            (26, "Z"),
            (27, "AA"),
            (52, "AZ"),
            (53, "BA"),
            (702, "ZZ"),
            (703, "AAA"),
        ] {
            assert_eq!(column_letter(n), letters, "column {n}");
        }
    }

    #[test]
    fn quote_shows_invisible_characters_and_shortens() {
        assert_eq!(quote("Oui"), "« Oui »");
        assert_eq!(quote("a\u{7}b\u{202E}"), "« aU+0007bU+202E »");
        let long = "x".repeat(100);
        assert_eq!(quote(&long), format!("« {}… »", "x".repeat(60)));
    }

    #[test]
    fn plural_is_french() {
        assert_eq!(plural(0, "erreur", "erreurs"), "0 erreur");
        assert_eq!(plural(1, "erreur", "erreurs"), "1 erreur");
        assert_eq!(plural(2, "erreur", "erreurs"), "2 erreurs");
    }
}
