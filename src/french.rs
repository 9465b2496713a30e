//! French wording: every number, size, date, plural, quotation and column letter a user reads,
//! written one way for every output (messages, the PDF, the HTML page, the command line).
//!
//! In: integers, byte counts, dates, texts from a file. Out: the French text shown: digits
//! grouped by three with narrow no-break spaces ([`number`]), sizes as DSFR writes them
//! ([`file_size`]), dates as a reader says them ([`date`]) or a spreadsheet shows them
//! ([`spreadsheet_datetime`]), counts with their noun ([`plural`]), values quoted « like
//! this » with their invisible characters made visible ([`quote`], [`escape`]), spreadsheet
//! column letters ([`column_letter`]), the spaces of French punctuation ([`spacing`]) and the
//! noun of the table's rows with its agreements ([`Noun`]: « 3 solutions », « Outil ajouté »).
//!
//! Change it when a wording rule changes: every host (the command line, the browser page)
//! shows what it returns. It imports nothing from the pipeline but the limits it quotes by.

use std::borrow::Cow;

use crate::limits::MAX_SHOWN_CHARS;

/// NO-BREAK SPACE: before « : » and inside « » (French typography, Imprimerie nationale).
const NBSP: char = '\u{A0}';
/// NARROW NO-BREAK SPACE: before « ; ! ? % ».
const NNBSP: char = '\u{202F}';

/// `text` with each plain space (U+0020) before « : » or « » » and after « « » made a no-break
/// space (U+00A0), and each plain space before « ; ! ? % » a narrow no-break space (U+202F);
/// a plain space that joins a number to what it counts, a month to its year or a title to a
/// name ([`stays_with_next`]) becomes a no-break space too, so that no line of the PDF or the
/// HTML ends on « 4 » before « participants ».
///
/// Why: the site's Jekyll layout rewrites « ; », « ! », « ? » preceded by a plain space into a
/// `<span>`, also inside attribute values, which breaks the markup. With the spaces already
/// right, that filter finds nothing to do. Only existing spaces are changed: no space is added
/// where the author wrote none (« https://… » stays as it is). Borrowed when nothing changes.
pub fn spacing(text: &str) -> Cow<'_, str> {
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
            _ if stays_with_next(&text[..pos], &text[pos + 1..]) => NBSP,
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

/// The months, January first, as dates write them (« 9 avril 2020 »).
const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// Whether a plain space between `before` and `after` must not break a line (the team's
/// typography notes: « a number and what it counts or measures stay together », and « an
/// abbreviated title and the name »):
/// - after a number (digits, grouped by U+202F or with a decimal comma: « 4 », « 1 000 »,
///   « 2,5 ») that starts a word, before a word or a unit (« 4 participants », « 45 min »,
///   « 9 avril », « 10 € », « 3 °C »), unless the number is a year (four digits from 1000 to
///   2999: « en 2020 les agents » may break) or the word a link (« 3 et 4 », « 20 ou plus »);
/// - after a month, before a number (« mars 2020 »);
/// - after « n° », before a number (« n° 3 »);
/// - after « M. », « MM. », « Mme », « Mmes », « Mlle », « Dr », « Pr », before a capital
///   (« M. Dupont »).
///
/// Looks at most at the 40 characters before the space (a longer « number » is no number).
pub fn stays_with_next(before: &str, after: &str) -> bool {
    const TITLES: [&str; 7] = ["M.", "MM.", "Mme", "Mmes", "Mlle", "Dr", "Pr"];
    let Some(next) = after.chars().next() else { return false };
    // The last word before the space: its characters back to the previous whitespace.
    let mut start = before.len();
    for (count, (pos, ch)) in before.char_indices().rev().enumerate() {
        if ch.is_whitespace() && ch != NNBSP || count >= 40 {
            break;
        }
        start = pos;
    }
    // What opens the word (« ( », « [ », « « ») is no part of it.
    let word = before[start..].trim_start_matches(['(', '[', '«', '"', '\'', '’', '/']);
    if word.is_empty() {
        return false;
    }
    if next.is_ascii_digit() {
        let lower = word.to_lowercase();
        return MONTHS.contains(&lower.as_str()) || lower == "n°";
    }
    if next.is_uppercase() && TITLES.contains(&word) {
        return true;
    }
    let unit = next.is_alphabetic() || matches!(next, '€' | '$' | '£' | '°');
    let number = word.starts_with(|c: char| c.is_ascii_digit())
        && word.ends_with(|c: char| c.is_ascii_digit())
        && word.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | NNBSP));
    let year = word.len() == 4
        && word.bytes().all(|b| b.is_ascii_digit())
        && (b'1'..=b'2').contains(&word.as_bytes()[0]);
    // A word that a number does not count (« 3 et 4 », « 20 ou plus »).
    const LINKS: [&str; 22] = [
        "et", "ou", "à", "au", "aux", "de", "des", "du", "en", "le", "la", "les", "par", "pour",
        "sur", "dans", "avec", "sans", "si", "que", "qui", "est",
    ];
    let next_word = after.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    unit && number && !year && !LINKS.contains(&next_word)
}

/// An integer with its digits grouped by three with U+202F, as French writes it: 1000 →
/// « 1 000 », -25000 → « -25 000 ». Numbers below 10 000 are grouped too (« 1 000 »).
pub fn integer(n: i128) -> String {
    decimal(&n.to_string())
}

/// A decimal number written in plain ASCII (`-1234.50`: an optional `-`, digits, then an
/// optional `.` and digits) as French writes it: the integer digits grouped as [`integer`]
/// does, a decimal comma, the fraction digits as written, trailing zeros kept
/// (« -1 234,50 », « 0,125 »). Any other character is copied as it is.
pub fn decimal(plain: &str) -> String {
    let (sign, unsigned) = plain.strip_prefix('-').map_or(("", plain), |rest| ("-", rest));
    let (whole, fraction) =
        unsigned.split_once('.').map_or((unsigned, None), |(w, f)| (w, Some(f)));
    let mut out = String::with_capacity(plain.len() + whole.len() / 3 * 3 + 1);
    out.push_str(sign);
    for (idx, ch) in whole.chars().enumerate() {
        if idx > 0 && (whole.len() - idx).is_multiple_of(3) {
            out.push(NNBSP);
        }
        out.push(ch);
    }
    if let Some(fraction) = fraction {
        out.push(',');
        out.push_str(fraction);
    }
    out
}

/// A count in French: [`integer`] for a `u64` (« 100 000 »).
pub fn number(n: u64) -> String {
    integer(i128::from(n))
}

/// « 1 erreur », « 2 erreurs », « 0 erreur » (French: singular for 0 and 1).
/// Numbers of four digits or more are grouped as French writes them (« 10 049 erreurs »).
pub fn plural(n: u64, one: &str, many: &str) -> String {
    let number = number(n);
    if n <= 1 { format!("{number} {one}") } else { format!("{number} {many}") }
}

/// A heading for a list of `n` things: `one` alone for one (« Solution ajoutée »), else `many`
/// with the count in brackets (« Solutions ajoutées (3) »), as the diff's report writes them.
pub fn plural_label(n: usize, one: &str, many: &str) -> String {
    if n == 1 { one.to_owned() } else { format!("{many} ({n})") }
}

/// Grammatical gender of a [`Noun`]: what « ajouté », « aucun », « un » agree with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    /// Feminine (`"f"` in the descriptor): « une solution ajoutée ».
    Feminine,
    /// Masculine (`"m"`): « un outil ajouté ».
    Masculine,
}

/// What one row of the table is called (`publication.rowNoun`): « solution », « démarche »,
/// « outil »; lowercase as inside a sentence. Every text about rows is written from it, never
/// from a literal. [`Default`] is the neutral « ligne », feminine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Noun {
    /// Singular, lowercase (« solution »).
    pub singular: String,
    /// Plural, lowercase (« solutions »).
    pub plural: String,
    /// Gender, for the words that agree with it.
    pub gender: Gender,
}

impl Default for Noun {
    /// « ligne », « lignes », feminine: the wording of a table whose descriptor names no noun.
    fn default() -> Self {
        Noun::new("ligne", "lignes", Gender::Feminine)
    }
}

impl Noun {
    /// A noun from its two forms and its gender.
    pub fn new(singular: &str, plural: &str, gender: Gender) -> Noun {
        Noun { singular: singular.to_owned(), plural: plural.to_owned(), gender }
    }

    /// `n` rows with the noun, as [`plural`] writes them: « 0 solution », « 12 solutions ».
    pub fn count(&self, n: u64) -> String {
        plural(n, &self.singular, &self.plural)
    }

    /// The singular or the plural, for `n` things (French: singular for 0 and 1).
    pub fn form(&self, n: u64) -> &str {
        if n <= 1 { &self.singular } else { &self.plural }
    }

    /// `masculine` or `feminine`, whichever agrees with the noun (« dernier », « dernière »).
    pub fn pick<'a>(&self, masculine: &'a str, feminine: &'a str) -> &'a str {
        match self.gender {
            Gender::Masculine => masculine,
            Gender::Feminine => feminine,
        }
    }

    /// A regular adjective or past participle, given in the masculine singular (« ajouté »,
    /// « écrit », « différent »), agreeing with `n` rows: « ajoutées » for 3 solutions,
    /// « ajouté » for 1 outil. Irregular words go through [`Noun::pick`].
    pub fn agree(&self, word: &str, n: u64) -> String {
        let e = if self.gender == Gender::Feminine { "e" } else { "" };
        let s = if n > 1 { "s" } else { "" };
        format!("{word}{e}{s}")
    }

    /// « aucune solution », « aucun outil ».
    pub fn none(&self) -> String {
        format!("{} {}", self.pick("aucun", "aucune"), self.singular)
    }

    /// « une solution », « un outil ».
    pub fn a(&self) -> String {
        format!("{} {}", self.pick("un", "une"), self.singular)
    }

    /// « la solution », « le logiciel », « l'outil »: elided before a vowel (an *h* is taken
    /// as aspirated: « la hotline »).
    pub fn the(&self) -> String {
        if self.elides() {
            format!("l'{}", self.singular)
        } else {
            format!("{} {}", self.pick("le", "la"), self.singular)
        }
    }

    /// « de la solution », « du logiciel », « de l'outil ».
    pub fn of_the(&self) -> String {
        match (self.elides(), self.gender) {
            (true, _) => format!("de l'{}", self.singular),
            (false, Gender::Masculine) => format!("du {}", self.singular),
            (false, Gender::Feminine) => format!("de la {}", self.singular),
        }
    }

    /// « chaque ligne du tableau décrit une solution », the reason of a hint about a line of
    /// the file; for the neutral « ligne », « … décrit un élément comparé » (a line that
    /// describes a line says nothing).
    pub fn each_line_describes(&self) -> String {
        format!("chaque ligne du tableau décrit {}", self.referent().a())
    }

    /// « chaque ligne du tableau décrit une solution différente » (« un outil différent »).
    pub fn each_line_describes_another(&self) -> String {
        let referent = self.referent();
        format!("{} {}", self.each_line_describes(), referent.agree("différent", 1))
    }

    /// « une ligne par solution » (« une ligne par élément comparé » for the neutral noun).
    pub fn one_line_per(&self) -> String {
        format!("une ligne par {}", self.referent().singular)
    }

    /// « à sa dernière solution », « à son dernier outil »: where the table ends.
    pub fn at_its_last(&self) -> String {
        let referent = self.referent();
        format!("{} {}", referent.pick("à son dernier", "à sa dernière"), referent.singular)
    }

    /// What a line of the file describes: the noun, or « élément comparé » when the noun is
    /// the neutral « ligne ».
    fn referent(&self) -> Cow<'_, Noun> {
        if self.singular == "ligne" {
            Cow::Owned(Noun::new("élément comparé", "éléments comparés", Gender::Masculine))
        } else {
            Cow::Borrowed(self)
        }
    }

    /// Whether « le », « la », « de » elide before the singular: it starts with a vowel.
    fn elides(&self) -> bool {
        self.singular.chars().next().is_some_and(|c| {
            "aeiouyàâäéèêëîïôöùûüœæ".contains(c.to_lowercase().next().unwrap_or(c))
        })
    }
}

/// `text` with its first letter uppercase (« solution ajoutée » → « Solution ajoutée »).
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

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

/// A cell's name as a spreadsheet shows it: its [`column_letter`] then its line, both counted
/// from 1 (column 5, line 4 → `E4`).
pub fn cell_name(column: u32, line: u64) -> String {
    format!("{}{line}", column_letter(column))
}

/// Quotes a cell value for a message: « value », with invisible characters made visible and
/// long values shortened to [`MAX_SHOWN_CHARS`] characters.
pub fn quote(value: &str) -> String {
    format!("« {} »", shorten(value))
}

/// `text` with its invisible characters (controls, line breaks, escape sequences, direction
/// controls: [`is_invisible`]) written as `U+001B`: the one escaping of every text that comes
/// from a file (cells, header labels, sheet names, file names, descriptor texts) before it
/// reaches a terminal, a CI log or a JSON line. A text with none is returned as is.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_invisible) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        push_escaped(&mut out, ch);
    }
    Cow::Owned(out)
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

/// `value` cut after [`MAX_SHOWN_CHARS`] characters (then « … ») but not escaped: for the JSON
/// `value` field, whose own escaping keeps every character exact.
pub fn cut(value: String) -> String {
    match value.char_indices().nth(MAX_SHOWN_CHARS) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value,
    }
}

/// A character's code point as messages write it: `U+001B`, at least four hexadecimal digits.
pub fn code_point(ch: char) -> String {
    format!("U+{:04X}", u32::from(ch))
}

fn push_escaped(out: &mut String, ch: char) {
    if is_invisible(ch) {
        out.push_str(&code_point(ch));
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

/// A file size in plain text, as the download card shows it (« 24,08 ko », « 708 octets »):
/// what `comparatif build` prints for each file it writes. See [`file_size_parts`].
pub fn file_size(bytes: u64) -> String {
    let (number, unit) = file_size_parts(bytes);
    format!("{number} {}", unit.map_or("octets", |(short, _)| short))
}

/// A file size as DSFR's own script shows it when a download link has `data-fr-assess-file`
/// (`bytesToSize` in `src/dsfr/core/script/assess/assess-file.js`, @gouvfr/dsfr 1.15.3):
/// powers of 1000 (not 1024), units « octets », « ko », « Mo », « Go », « To », the value
/// rounded to two decimals with JavaScript's `Math.round((size + Number.EPSILON) * 100) / 100`,
/// trailing zeros dropped by `String()`, and a decimal comma: 37 520 bytes → « 37,52 ko »,
/// 38 000 → « 38 ko », 999 → « 999 octets ». Out: the number and the unit (short and long
/// names, « ko » and « kilooctets »; `None` for bytes), for [`file_size`] and the HTML page's
/// `<abbr>`.
pub fn file_size_parts(bytes: u64) -> (String, Option<(&'static str, &'static str)>) {
    const UNITS: [(&str, &str); 4] =
        [("ko", "kilooctets"), ("Mo", "mégaoctets"), ("Go", "gigaoctets"), ("To", "téraoctets")];
    let mut scale = 1u64;
    let mut unit = None;
    for candidate in UNITS {
        if bytes / scale < 1000 {
            break;
        }
        scale *= 1000;
        unit = Some(candidate);
    }
    if unit.is_none() {
        return (bytes.to_string(), None);
    }
    // The same double operations as the script, so the same rounding, ties included; Rust
    // and JavaScript both print the shortest decimal that reads back as the same double.
    // Sizes below 2^53 bytes (8 Pio) convert exactly, as in JavaScript.
    let size = bytes as f64 / scale as f64;
    let rounded = ((size + f64::EPSILON) * 100.0).round() / 100.0;
    (rounded.to_string().replace('.', ","), unit)
}

/// A date as a reader says it, from its year, month (1 to 12) and day (1 to 31): « 9 avril
/// 2020 », « 1er août 2020 » for the first of the month. A month out of range is clamped.
pub fn date(year: i32, month: u8, day: u8) -> String {
    let month = MONTHS[usize::from(month.clamp(1, 12)) - 1];
    if day == 1 { format!("1er {month} {year}") } else { format!("{day} {month} {year}") }
}

/// Why the date `year-month-day` (month and day as written) does not exist, when its month has
/// `month_days` days (`None`: there is no such month): « le 31 juin 2024 n'existe pas (juin a
/// 30 jours) », « le 29 février 2023 n'existe pas (2023 n'est pas bissextile) », « le mois 13
/// n'existe pas ».
pub fn no_such_date(year: i32, month: u8, day: u8, month_days: Option<u8>) -> String {
    let Some(days) = month_days.filter(|_| (1..=12).contains(&month)) else {
        return format!("le mois {month} n'existe pas (de 01 à 12)");
    };
    if day == 0 {
        return "le jour 00 n'existe pas (de 01 à 31)".to_owned();
    }
    let whole = date(year, month, day);
    let name = date(year, month, 2);
    let name = name.trim_start_matches("2 ").trim_end_matches(&format!(" {year}"));
    if month == 2 && day == 29 {
        return format!("le {whole} n'existe pas ({year} n'est pas bissextile)");
    }
    format!("le {whole} n'existe pas ({name} a {days} jours)")
}

/// A date written the French way, `JJ/MM/AAAA` (`9/4/2020`, `09/04/2020`), read as (year,
/// month, day); `None` when it is not three numbers with a four-character year. Whether the
/// date exists is the caller's check (`model::Date::new`).
pub fn read_date(text: &str) -> Option<(i32, u8, u8)> {
    let mut parts = text.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    (y.len() == 4).then_some((year, month, day))
}

/// `2026-04-09` → `09/04/2026`, `10:30:00` → `10:30`, `2026-04-09T10:30:00` →
/// `09/04/2026 10:30`: a spreadsheet's date or time (ISO 8601, as read from the file) as French
/// spreadsheets show it.
pub fn spreadsheet_datetime(iso: &str) -> String {
    let (date, time) = match iso.split_once('T') {
        Some((d, t)) => (Some(d), Some(t)),
        None if iso.contains(':') => (None, Some(iso)),
        None => (Some(iso), None),
    };
    let date = date.map(|d| {
        let parts: Vec<&str> = d.split('-').collect();
        match parts.as_slice() {
            [y, m, d] => format!("{d}/{m}/{y}"),
            _ => d.to_owned(),
        }
    });
    let time = time.map(|t| {
        let t = t.strip_suffix(":00").unwrap_or(t);
        t.to_owned()
    });
    match (date, time) {
        (Some(d), Some(t)) => format!("{d} {t}"),
        (Some(d), None) => d,
        (None, Some(t)) => t,
        (None, None) => String::new(),
    }
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
            assert_eq!(integer(n), text);
        }
        for (plain, text) in [
            ("12.5", "12,5"),
            ("1234.50", "1\u{202F}234,50"),
            ("-1234567.125", "-1\u{202F}234\u{202F}567,125"),
            ("0.001", "0,001"),
            ("999", "999"),
        ] {
            assert_eq!(decimal(plain), text);
        }
    }

    #[test]
    fn spaces_before_high_punctuation_do_not_break() {
        for (text, spaced) in [
            ("a ; b", "a\u{202F}; b"),
            ("Vidéo : 10", "Vidéo\u{A0}: 10"),
            ("Covid-19 ?", "Covid-19\u{202F}?"),
            ("Attention !", "Attention\u{202F}!"),
            ("100 %", "100\u{202F}%"),
            ("« Non communiqué »", "«\u{A0}Non communiqué\u{A0}»"),
            ("« : »", "«\u{A0}:\u{A0}»"),
            ("https://a.fr/?q=1;b", "https://a.fr/?q=1;b"),
            ("a;b", "a;b"),
            ("sans rien", "sans rien"),
            ("", ""),
            ("a  ;", "a \u{202F};"),
        ] {
            assert_eq!(spacing(text), spaced, "{text:?}");
        }
    }

    #[test]
    fn unchanged_text_is_borrowed() {
        assert!(matches!(spacing("État (DINUM)"), Cow::Borrowed(_)));
    }

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
        assert_eq!(cell_name(5, 4), "E4");
    }

    #[test]
    fn quote_shows_invisible_characters_and_shortens() {
        assert_eq!(quote("Oui"), "« Oui »");
        assert_eq!(quote("a\u{7}b\u{202E}"), "« aU+0007bU+202E »");
        let long = "x".repeat(100);
        assert_eq!(quote(&long), format!("« {}… »", "x".repeat(60)));
        assert_eq!(cut(long), format!("{}…", "x".repeat(60)));
        assert_eq!(cut("a\u{7}b".to_owned()), "a\u{7}b");
        assert_eq!(code_point('\u{1B}'), "U+001B");
        assert_eq!(code_point('😀'), "U+1F600");
    }

    #[test]
    fn plural_is_french() {
        assert_eq!(plural(0, "erreur", "erreurs"), "0 erreur");
        assert_eq!(plural(1, "erreur", "erreurs"), "1 erreur");
        assert_eq!(plural(2, "erreur", "erreurs"), "2 erreurs");
        assert_eq!(plural(10_049, "erreur", "erreurs"), "10\u{202F}049 erreurs");
        assert_eq!(plural_label(1, "Critère ajouté", "Critères ajoutés"), "Critère ajouté");
        assert_eq!(plural_label(3, "Critère ajouté", "Critères ajoutés"), "Critères ajoutés (3)");
    }

    #[test]
    fn nouns_agree_with_their_gender_and_number() {
        let solution = Noun::new("solution", "solutions", Gender::Feminine);
        let outil = Noun::new("outil", "outils", Gender::Masculine);
        let logiciel = Noun::new("logiciel", "logiciels", Gender::Masculine);
        assert_eq!(solution.count(0), "0 solution");
        assert_eq!(outil.count(1_000), "1\u{202F}000 outils");
        assert_eq!(solution.agree("ajouté", 1), "ajoutée");
        assert_eq!(solution.agree("écrit", 3), "écrites");
        assert_eq!(outil.agree("ajouté", 1), "ajouté");
        assert_eq!(outil.agree("retiré", 2), "retirés");
        assert_eq!(solution.none(), "aucune solution");
        assert_eq!(outil.none(), "aucun outil");
        assert_eq!((solution.a(), outil.a()), ("une solution".into(), "un outil".into()));
        assert_eq!(solution.the(), "la solution");
        assert_eq!(outil.the(), "l'outil");
        assert_eq!(logiciel.the(), "le logiciel");
        assert_eq!(solution.of_the(), "de la solution");
        assert_eq!(outil.of_the(), "de l'outil");
        assert_eq!(logiciel.of_the(), "du logiciel");
        assert_eq!(Noun::new("écran", "écrans", Gender::Masculine).the(), "l'écran");
        assert_eq!(outil.pick("dernier", "dernière"), "dernier");
        assert_eq!(outil.form(2), "outils");
        assert_eq!(Noun::default(), Noun::new("ligne", "lignes", Gender::Feminine));
        assert_eq!(capitalize("écran ajouté"), "Écran ajouté");
        assert_eq!(capitalize(""), "");
        assert_eq!(solution.each_line_describes(), "chaque ligne du tableau décrit une solution");
        assert_eq!(
            outil.each_line_describes_another(),
            "chaque ligne du tableau décrit un outil différent"
        );
        assert_eq!(
            Noun::default().each_line_describes_another(),
            "chaque ligne du tableau décrit un élément comparé différent"
        );
        assert_eq!(solution.one_line_per(), "une ligne par solution");
        assert_eq!(Noun::default().one_line_per(), "une ligne par élément comparé");
        assert_eq!(solution.at_its_last(), "à sa dernière solution");
        assert_eq!(outil.at_its_last(), "à son dernier outil");
    }

    #[test]
    fn file_sizes_are_written_as_dsfr_writes_them() {
        for (bytes, shown) in [
            (0, "0 octets"),
            (708, "708 octets"),
            (999, "999 octets"),
            (1000, "1 ko"),
            (24_076, "24,08 ko"),
            (37_500, "37,5 ko"),
            (38_004, "38 ko"),
            (999_999, "1000 ko"),
            (10_608_069, "10,61 Mo"),
            (u64::MAX, "18446744,07 To"),
        ] {
            assert_eq!(file_size(bytes), shown, "{bytes} bytes");
        }
        assert_eq!(file_size_parts(1_810_000), ("1,81".to_owned(), Some(("Mo", "mégaoctets"))));
    }

    #[test]
    fn dates_are_french() {
        assert_eq!(date(2020, 4, 9), "9 avril 2020");
        assert_eq!(date(2020, 8, 1), "1er août 2020");
        assert_eq!(read_date("09/04/2020"), Some((2020, 4, 9)));
        assert_eq!(read_date("9/4/2020"), Some((2020, 4, 9)));
        for text in ["09/04/20", "09/04/2020/1", "2020-04-09", "a/b/2020", "09/04"] {
            assert_eq!(read_date(text), None, "{text}");
        }
    }

    #[test]
    fn dates_are_shown_as_french_spreadsheets_show_them() {
        assert_eq!(spreadsheet_datetime("2026-04-09"), "09/04/2026");
        assert_eq!(spreadsheet_datetime("10:30:00"), "10:30");
        assert_eq!(spreadsheet_datetime("10:30:15"), "10:30:15");
        assert_eq!(spreadsheet_datetime("2026-04-09T10:30:00"), "09/04/2026 10:30");
    }

    #[test]
    fn issue_24_numbers_stay_with_what_they_count() {
        let cases = [
            ("jusqu’à 4 participants", "jusqu’à 4\u{A0}participants"),
            ("45 min et 20 participants", "45\u{A0}min et 20\u{A0}participants"),
            ("(annonce de mars 2020)", "(annonce de mars\u{A0}2020)"),
            ("le 9 avril 2020", "le 9\u{A0}avril\u{A0}2020"),
            ("1\u{202F}000 agents, 2,5 Go", "1\u{202F}000\u{A0}agents, 2,5\u{A0}Go"),
            ("n° 3 et M. Dupont", "n°\u{A0}3 et M.\u{A0}Dupont"),
            ("10 €", "10\u{A0}€"),
            // A year, a number glued to a word, a number before a number: left alone.
            ("en 2020 les agents", "en 2020 les agents"),
            ("v2 options, Covid-19 cas, 3 4", "v2 options, Covid-19 cas, 3 4"),
            ("3 et 4, 20 ou plus", "3 et 4, 20 ou plus"),
            ("M. et Mme", "M. et Mme"),
        ];
        for (text, expected) in cases {
            assert_eq!(spacing(text), expected, "{text}");
        }
    }

    /// The rule of [`spacing`] said character by character: each plain space is
    /// replaced by what the characters around it in the original text call for.
    fn spacing_char_by_char(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let byte = |idx: usize| chars[..idx].iter().map(|c| c.len_utf8()).sum::<usize>();
        let mut out = String::new();
        for (idx, &ch) in chars.iter().enumerate() {
            let prev = idx.checked_sub(1).map(|i| chars[i]);
            let next = chars.get(idx + 1).copied();
            out.push(match (ch, prev, next) {
                (' ', _, Some(':' | '»')) => NBSP,
                (' ', _, Some(';' | '!' | '?' | '%')) => NNBSP,
                (' ', Some('«'), _) => NBSP,
                (' ', _, _) if stays_with_next(&text[..byte(idx)], &text[byte(idx) + 1..]) => NBSP,
                _ => ch,
            });
        }
        out
    }

    proptest::proptest! {
        /// `spacing` only looks at the spaces; it must give what the character-by-character
        /// rule gives, and borrow the text when nothing changes.
        #[test]
        fn spacing_follows_the_rule(text in "[a «»:;!?%é\u{A0}\u{202F}/.,0-9M]{0,40}|([0-9 ]|mars|Mme|n°|2020){0,12}") {
            let spaced = spacing(&text);
            let expected = spacing_char_by_char(&text);
            proptest::prop_assert_eq!(&*spaced, expected.as_str());
            proptest::prop_assert_eq!(matches!(spaced, Cow::Borrowed(_)), expected == text);
        }
    }
}
