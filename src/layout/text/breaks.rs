//! Breaks inside a word: a text → where a line may end inside its words (French syllables,
//! from the TeX `hyph-fr` patterns compiled in `hypher`, typst's hyphenator; a hyphen is shown)
//! and inside its addresses (the Chicago rule; nothing is shown), and where a UAX #14 break
//! must not be taken (inside an address, after the hyphen of an acronym).
//!
//! One rule for both outputs: the PDF's line breaker cuts a word too long for its line at these
//! places (`linebreak`), the HTML writes them as soft hyphens and `<wbr>` (`export::html`),
//! so every browser breaks at the same places, with or without a French dictionary.
//! See the team's typography notes (`typography.md`): at least 2 letters before a hyphen and
//! 3 after (`hyph-fr`), no break in acronyms, numbers or words joined to a digit; an address
//! breaks after « // » or « : », before « / . , - _ ? # % ~ @ », before or after « = & »,
//! never with a hyphen, and never so that « .fr » is left alone (« .com » only when no other
//! break fits, [`ADDRESS_MIN_TAIL`]).

use hypher::{Lang, hyphenate_bounded};

/// A place inside a text where a line may end, besides its UAX #14 opportunities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InnerBreak {
    /// Byte offset, in the text, where the line would end (the next one starts there).
    pub at: usize,
    /// Whether the line then ends with a hyphen (between two syllables of a word), or with
    /// nothing added (inside an address).
    pub hyphen: bool,
    /// A break taken only when no other fits on the line: it leaves fewer than
    /// 5 characters (`ADDRESS_MIN_TAIL`) of an address (« .com ») for the next line.
    pub weak: bool,
}

/// Letters kept before a hyphen, at least (`hyph-fr`'s left minimum).
pub const LEFT_MIN: usize = 2;
/// Letters kept after a hyphen, at least (`hyph-fr`'s right minimum: no « -ci » alone).
pub const RIGHT_MIN: usize = 3;
/// Characters an address keeps after a break, unless no other break fits: « .com » and
/// « /en » are left alone on a line only when the line has no room for more.
pub const ADDRESS_MIN_TAIL: usize = 5;
/// Characters an address keeps after a break, always: « .fr » is never alone on a line.
const ADDRESS_MIN_TAIL_WEAK: usize = 4;
/// Letters a word needs for the HTML to mark its syllables with soft hyphens: shorter words
/// fit in any column, and a browser breaks at every soft hyphen it meets at a line's end (the
/// PDF hyphenates only a word longer than its line).
pub const HTML_MIN_LETTERS: usize = 8;

/// Appends to `out`, in order, the places inside `text` where a line may end besides its
/// UAX #14 opportunities: between the syllables of its words of at least `min_letters` letters
/// (with a hyphen), and at the breaks of its addresses (without). Linear in `text`'s length.
pub fn inner_breaks(text: &str, min_letters: usize, out: &mut Vec<InnerBreak>) {
    for (start, token) in tokens(text) {
        if is_address(token) {
            token_address_breaks(token, start, out);
        } else {
            syllable_breaks(token, start, min_letters, out);
        }
    }
}

/// Appends to `out`, in order, the breaks of `text` read as addresses: each of its tokens is
/// one (a link's text, whatever it looks like), and gets no hyphen.
pub fn address_breaks(text: &str, out: &mut Vec<InnerBreak>) {
    for (start, token) in tokens(text) {
        token_address_breaks(token, start, out);
    }
}

/// The whitespace-separated tokens of `text` (no-break spaces separate too), with their byte
/// offsets.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(char::is_whitespace)
        .filter(|t| !t.is_empty())
        .map(move |t| (t.as_ptr() as usize - text.as_ptr() as usize, t))
}

/// Whether `token` (a text without whitespace, punctuation around it allowed) is an address:
/// it has « :// », or starts with « www. » or « mailto: », or is an e-mail (a « @ » with a dot
/// after it and a letter before it).
pub fn is_address(token: &str) -> bool {
    let token = token.trim_start_matches(|c: char| !c.is_alphanumeric());
    if token.contains("://") || token.starts_with("www.") || token.starts_with("mailto:") {
        return true;
    }
    token.find('@').is_some_and(|at| {
        at > 0 && token[at + 1..].contains('.') && !token[at + 1..].starts_with('.')
    })
}

/// The breaks of the address `token`, at `base` in its text (see the module's comment).
fn token_address_breaks(token: &str, base: usize, out: &mut Vec<InnerBreak>) {
    let chars: Vec<(usize, char)> = token.char_indices().collect();
    let punctuation = [')', ']', '.', ',', ';', ':', '!', '?', '»', '"', '\'', '’'];
    let core = token.trim_end_matches(punctuation).chars().count();
    for idx in 1..chars.len() {
        let (pos, next) = chars[idx];
        let prev = chars[idx - 1].1;
        let before_prev = idx.checked_sub(2).map(|i| chars[i].1);
        let after_next = chars.get(idx + 1).map(|&(_, c)| c);
        let allowed = match (prev, next) {
            // After « // » (not inside « /// »).
            ('/', _) if before_prev == Some('/') => next != '/',
            // After a colon not followed by « // » (« mailto: »).
            (':', _) => next != '/',
            // Before a single slash.
            (_, '/') => prev != '/' && after_next != Some('/'),
            (_, '.' | ',' | '-' | '_' | '?' | '#' | '%' | '~' | '@') => prev.is_alphanumeric(),
            ('=' | '&', _) | (_, '=' | '&') => true,
            _ => false,
        };
        // What is left of the address after the break (the sentence's punctuation after it
        // not counted: « (https://exemple.fr). »).
        let tail = core.saturating_sub(idx);
        if allowed && tail >= ADDRESS_MIN_TAIL_WEAK {
            let weak = tail < ADDRESS_MIN_TAIL;
            out.push(InnerBreak { at: base + pos, hyphen: false, weak });
        }
    }
}

/// The syllable breaks of the words of `token` (at `base` in its text) with at least
/// `min_letters` letters. A word is a maximal run of letters; one next to a digit (« 4G »), one
/// with no lowercase letter (an acronym: « DINUM ») and one longer than hypher's inline limit
/// (45 bytes: not a word but a string of letters) get none.
fn syllable_breaks(token: &str, base: usize, min_letters: usize, out: &mut Vec<InnerBreak>) {
    let mut run_start: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (pos, ch) in token.char_indices().chain([(token.len(), ' ')]) {
        let letter = ch.is_alphabetic() && pos < token.len();
        match (letter, run_start) {
            (true, None) => {
                if prev.is_some_and(|p| p.is_numeric()) {
                    // Joined to a number before it: skip to the run's end.
                    run_start = Some(usize::MAX);
                } else {
                    run_start = Some(pos);
                }
            }
            (false, Some(start)) => {
                run_start = None;
                if start != usize::MAX && !ch.is_numeric() {
                    word_breaks(&token[start..pos], base + start, min_letters, out);
                }
            }
            _ => {}
        }
        prev = Some(ch);
    }
}

/// The syllable breaks of `word` (letters only), at `base` in its text.
fn word_breaks(word: &str, base: usize, min_letters: usize, out: &mut Vec<InnerBreak>) {
    let letters = word.chars().count();
    if letters < min_letters.max(LEFT_MIN + RIGHT_MIN)
        || word.len() > hypher::MAX_INLINE_SIZE
        || !word.chars().any(char::is_lowercase)
    {
        return;
    }
    let mut at = base;
    let mut syllables = hyphenate_bounded(word, Lang::French, LEFT_MIN, RIGHT_MIN).peekable();
    while let Some(syllable) = syllables.next() {
        at += syllable.len();
        if syllables.peek().is_some() {
            out.push(InnerBreak { at, hyphen: true, weak: false });
        }
    }
}

/// Whether a line may end after the hyphen of `before-after` (a UAX #14 opportunity): not when
/// either side is an acronym (« DTLS-SRTP », « RGPD-compatible » stay whole), a typesetter's
/// rule for hard hyphens; `before` is the text up to the hyphen (with or without it), `after`
/// the text after it.
pub fn may_break_after_hyphen(before: &str, after: &str) -> bool {
    let before = before.strip_suffix('-').unwrap_or(before);
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(pos, c)| pos + c.len_utf8());
    let word_before = &before[start..];
    let end = after.find(|c: char| !c.is_alphanumeric()).unwrap_or(after.len());
    !is_acronym(word_before) && !is_acronym(&after[..end])
}

/// Whether `word` is written in capitals (at least two letters, no lowercase one: « DINUM »,
/// « E2E »).
fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_uppercase()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with « - » at its syllable breaks and « | » at its address breaks.
    fn marked(text: &str, min_letters: usize) -> String {
        let mut breaks = Vec::new();
        inner_breaks(text, min_letters, &mut breaks);
        let mut out = String::new();
        let mut done = 0;
        for b in breaks {
            out.push_str(&text[done..b.at]);
            out.push(if b.hyphen {
                '-'
            } else if b.weak {
                '¦'
            } else {
                '|'
            });
            done = b.at;
        }
        out.push_str(&text[done..]);
        out
    }

    #[test]
    fn words_break_between_syllables_with_two_letters_before_and_three_after() {
        assert_eq!(marked("Hébergement", 1), "Hé-ber-ge-ment");
        assert_eq!(marked("interministériel", 1), "in-ter-mi-nis-té-riel");
        assert_eq!(marked("audioconférence", 1), "au-dio-con-fé-rence");
        assert_eq!(marked("Participants", 1), "Par-ti-ci-pants");
        // Never one letter before, never fewer than three after.
        assert_eq!(marked("amical", 1), "ami-cal");
        assert_eq!(marked("Oui", 1), "Oui");
        // The HTML's minimum: short words get none.
        assert_eq!(marked("réseau Communication", HTML_MIN_LETTERS), "réseau Com-mu-ni-ca-tion");
    }

    #[test]
    fn acronyms_numbers_and_strings_of_letters_are_not_hyphenated() {
        for text in
            ["DINUM", "RGPD", "4G", "MP4", "12345678", "abcdefgh1", "x".repeat(2_000).as_str()]
        {
            assert_eq!(marked(text, 1), text, "{text}");
        }
        // Joined to a number on either side: left whole.
        assert_eq!(marked("2020visioconférence", 1), "2020visioconférence");
        assert_eq!(marked("l’administration", 1), "l’ad-mi-nis-tra-tion");
    }

    #[test]
    fn addresses_break_by_the_chicago_rule_without_hyphen() {
        assert_eq!(
            marked("https://webconference.numerique.gouv.fr", 1),
            "https://|webconference|.numerique|.gouv.fr"
        );
        assert_eq!(
            marked("https://exemple.fr/chemin/vers?a=1&b=2", 1),
            "https://|exemple|.fr|/chemin|/vers|?a|=|1¦&b=2"
        );
        assert_eq!(
            marked("mailto:contact@numerique.gouv.fr", 1),
            "mailto:|contact|@numerique|.gouv.fr"
        );
        assert_eq!(marked("contact@numerique.gouv.fr", 1), "contact|@numerique|.gouv.fr");
        assert_eq!(marked("www.tchap.gouv.fr", 1), "www|.tchap|.gouv.fr");
        // « .com » alone only when nothing else fits (a weak break), « .fr » never.
        assert_eq!(marked("https://www.openrainbow.com", 1), "https://|www|.openrainbow¦.com");
        // Not addresses: words and sentences.
        assert_eq!(marked("etc. et/ou", 1), "etc. et/ou");
    }

    #[test]
    fn a_hard_hyphen_next_to_an_acronym_is_no_break() {
        assert!(!may_break_after_hyphen("DTLS-", "SRTP)"));
        assert!(!may_break_after_hyphen("(RGPD-", "compatible"));
        assert!(may_break_after_hyphen("sur-", "sollicitation"));
        assert!(may_break_after_hyphen("Royaume-", "Uni"));
    }
}
