//! French typography: the spaces of French punctuation and digit grouping.
//!
//! In: a text or an integer. Out: the text every output shows (no-break spaces where French
//! typography wants them, digits grouped by three).

use std::borrow::Cow;

/// NO-BREAK SPACE: before « : » and inside « » (French typography, Imprimerie nationale).
const NBSP: char = '\u{A0}';
/// NARROW NO-BREAK SPACE: before « ; ! ? % ».
const NNBSP: char = '\u{202F}';

/// `text` with each plain space (U+0020) before « : » or « » » and after « « » made a no-break
/// space (U+00A0), and each plain space before « ; ! ? % » a narrow no-break space (U+202F).
///
/// Why: the site's Jekyll layout rewrites « ; », « ! », « ? » preceded by a plain space into a
/// `<span>`, also inside attribute values, which breaks the markup. With the spaces already
/// right, that filter finds nothing to do. Only existing spaces are changed: no space is added
/// where the author wrote none (« https://… » stays as it is). Borrowed when nothing changes.
pub fn french_spacing(text: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    // Bytes of `text` before this offset are in `out` already.
    let mut copied = 0;
    // Only plain spaces change: look at them alone (every cell goes through here).
    for pos in memchr::memchr_iter(b' ', text.as_bytes()) {
        let next = text[pos + 1..].chars().next();
        let prev = text[..pos].chars().next_back();
        let replacement = match (prev, next) {
            (_, Some(':' | '»')) => NBSP,
            (_, Some(';' | '!' | '?' | '%')) => NNBSP,
            (Some('«'), _) => NBSP,
            _ => continue,
        };
        let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 8));
        out.push_str(&text[copied..pos]);
        out.push(replacement);
        copied = pos + 1;
    }
    match out {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(text),
    }
}

/// French digit grouping with U+202F: 1000 → « 1 000 », -25000 → « -25 000 ».
pub fn group_digits(n: i128) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (idx, ch) in digits.chars().enumerate() {
        if idx > 0 && (digits.len() - idx).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_the_french_way() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1000, "1\u{202F}000"),
            (-25000, "-25\u{202F}000"),
            (1234567, "1\u{202F}234\u{202F}567"),
        ] {
            assert_eq!(group_digits(n), text);
        }
    }

    /// The rule of [`french_spacing`] said character by character: each plain space is
    /// replaced by what the characters around it in the original text call for.
    fn french_spacing_char_by_char(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        for (idx, &ch) in chars.iter().enumerate() {
            let prev = idx.checked_sub(1).map(|i| chars[i]);
            let next = chars.get(idx + 1).copied();
            out.push(match (ch, prev, next) {
                (' ', _, Some(':' | '»')) => NBSP,
                (' ', _, Some(';' | '!' | '?' | '%')) => NNBSP,
                (' ', Some('«'), _) => NBSP,
                _ => ch,
            });
        }
        out
    }

    proptest::proptest! {
        /// `french_spacing` only looks at the spaces; it must give what the character-by-character
        /// rule gives, and borrow the text when nothing changes.
        #[test]
        fn french_spacing_follows_the_rule(text in "[a «»:;!?%é\u{A0}\u{202F}/.]{0,40}") {
            let spaced = french_spacing(&text);
            let expected = french_spacing_char_by_char(&text);
            proptest::prop_assert_eq!(&*spaced, expected.as_str());
            proptest::prop_assert_eq!(matches!(spaced, Cow::Borrowed(_)), expected == text);
        }
    }
}
