//! `number` cells: the text of a cell and the column's `decimalChar`, `groupChar` and
//! `bareNumber` → an exact decimal [`Number`], read as frictionless-py 5 reads it (Python's
//! `Decimal`), never through `f64`.
//!
//! What is kept: the value in plain decimal digits, with the fraction digits as written
//! (« 12.50 » stays `12.50`, so every output shows « 12,50 »), and, for `bareNumber: false`,
//! the text around the number (« 12,5 % »). Equality, order and hashing are those of the value
//! (`12.5` = `12.50` = `+12.5`), as `Decimal` compares them for `unique`, `enum`, `minimum` and
//! `maximum`.
//!
//! Stricter than frictionless (documented divergences in `tests/frictionless/compare.py`):
//! `NaN`, `Infinity` and `sNaN` are refused (a comparison table shows no such value), digits
//! other than 0-9 are refused, and so is a number of more than [`MAX_NUMBER_DIGITS`] digits once
//! written without exponent, or with an exponent beyond ±1000.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

use super::value::python_strip;

/// The most digits a number may have once written in plain decimal (integer and fraction
/// digits together, leading zeros of the integer part not counted).
pub const MAX_NUMBER_DIGITS: usize = 40;

/// An exact decimal number, as a `number` cell holds it.
#[derive(Clone, Debug)]
pub struct Number {
    /// The value in plain ASCII decimal: an optional `-` (never for zero), the integer digits
    /// without leading zeros (`0` when there are none), then `.` and the fraction digits as
    /// written when there are any: `-1234.50`, `0.5`, `1000` (from `1e3`).
    plain: String,
    /// With `bareNumber: false`, the text written before the number (« € »); else empty.
    prefix: String,
    /// With `bareNumber: false`, the text written after the number (« % », « € HT »); else
    /// empty.
    suffix: String,
}

impl Number {
    /// The value in plain ASCII decimal (`-1234.50`; see the type's documentation): what
    /// `table.csv` gets, with the column's decimal character, and what a spreadsheet reads.
    pub fn plain(&self) -> &str {
        &self.plain
    }

    /// The text written before the number (`bareNumber: false`), as written; often empty.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The text written after the number (`bareNumber: false`), as written; often empty.
    pub fn suffix(&self) -> &str {
        &self.suffix
    }

    /// Whether the number has no text around it (always, unless `bareNumber` is `false`).
    pub fn is_bare(&self) -> bool {
        self.prefix.is_empty() && self.suffix.is_empty()
    }

    /// Reads a number literal with a `.` decimal point and no group character, as a JSON
    /// number of the descriptor is written (`0.5`, `1e3`); `None` when it is not one.
    pub fn from_literal(text: &str) -> Option<Number> {
        python_decimal(text).map(|plain| Number {
            plain,
            prefix: String::new(),
            suffix: String::new(),
        })
    }

    /// Reads a non-missing cell as frictionless-py 5 does for a `number` field: surrounding
    /// whitespace removed; with `bare_number` false, the leading characters that are neither
    /// `-` nor digits and the trailing non-digits set aside (kept as prefix and suffix); every
    /// `group_char` removed; a `.` refused when the decimal character is another one; the
    /// decimal character read as the point; then Python's `Decimal` syntax (sign, digits,
    /// underscores ignored, point, exponent). `None` is a type error.
    pub fn read(
        cell: &str,
        decimal_char: char,
        group_char: Option<char>,
        bare_number: bool,
    ) -> Option<Number> {
        let text = python_strip(cell);
        let (prefix, body, suffix) = if bare_number {
            ("", text, "")
        } else {
            let start = text.trim_start_matches(|c: char| c != '-' && !c.is_ascii_digit());
            let body = start.trim_end_matches(|c: char| !c.is_ascii_digit());
            let prefix = &text[..text.len() - start.len()];
            let suffix = &start[body.len()..];
            // Python's `\d` also matches other scripts' digits: refused rather than read
            // differently.
            if prefix.chars().chain(suffix.chars()).any(char::is_numeric) {
                return None;
            }
            (prefix, body, suffix)
        };
        let mut body = body.to_owned();
        if let Some(group) = group_char {
            body.retain(|c| c != group);
        }
        if decimal_char != '.' {
            if body.contains('.') {
                return None;
            }
            body = body.replace(decimal_char, ".");
        }
        let plain = python_decimal(&body)?;
        Some(Number { plain, prefix: prefix.to_owned(), suffix: suffix.to_owned() })
    }

    /// The value as (negative, integer digits, fraction digits without trailing zeros), for
    /// comparisons: `-0` and `0.0` are zero, which is not negative.
    fn key(&self) -> (bool, &str, &str) {
        let (negative, unsigned) =
            self.plain.strip_prefix('-').map_or((false, self.plain.as_str()), |rest| (true, rest));
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        (negative, whole, fraction.trim_end_matches('0'))
    }
}

/// Python's `Decimal(text)` for a finite number, as plain decimal (see [`Number::plain`]);
/// `None` for a syntax error, `NaN`, `Infinity`, other digits than 0-9, an exponent beyond
/// ±1000 or more than [`MAX_NUMBER_DIGITS`] digits.
fn python_decimal(text: &str) -> Option<String> {
    // CPython's `Decimal` strips whitespace and drops every underscore.
    let text: String = python_strip(text).chars().filter(|&c| c != '_').collect();
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text.as_str()),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => {
            let written = &unsigned[at + 1..];
            let digits = written.strip_prefix(['+', '-']).unwrap_or(written);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let digits = digits.trim_start_matches('0');
            if digits.len() > 4 {
                return None;
            }
            let value: i64 = if digits.is_empty() { 0 } else { digits.parse().ok()? };
            if value > 1000 {
                return None;
            }
            (&unsigned[..at], if written.starts_with('-') { -value } else { value })
        }
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // Move the point by the exponent: digits from the fraction to the integer part, or back.
    let mut digits: String = whole.chars().chain(fraction.chars()).collect();
    let mut point = i64::try_from(whole.len()).ok()? + exponent;
    if point < 0 {
        digits.insert_str(0, &"0".repeat(usize::try_from(-point).ok()?));
        point = 0;
    }
    let point = usize::try_from(point).ok()?;
    if point > digits.len() {
        digits.push_str(&"0".repeat(point - digits.len()));
    }
    let (whole, fraction) = digits.split_at(point);
    let whole = whole.trim_start_matches('0');
    if whole.len() + fraction.len() > MAX_NUMBER_DIGITS {
        return None;
    }
    let zero = whole.is_empty() && fraction.bytes().all(|b| b == b'0');
    let mut plain = String::with_capacity(whole.len() + fraction.len() + 3);
    if negative && !zero {
        plain.push('-');
    }
    plain.push_str(if whole.is_empty() { "0" } else { whole });
    if !fraction.is_empty() {
        plain.push('.');
        plain.push_str(fraction);
    }
    Some(plain)
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Number {}

impl Hash for Number {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a_negative, a_whole, a_fraction) = self.key();
        let (b_negative, b_whole, b_fraction) = other.key();
        // Integer digits have no leading zeros ("0" for none): more digits is larger.
        let magnitude = (a_whole != "0")
            .cmp(&(b_whole != "0"))
            .then(a_whole.len().cmp(&b_whole.len()))
            .then(a_whole.cmp(b_whole))
            .then(a_fraction.cmp(b_fraction));
        match (a_negative, b_negative) {
            (false, false) => magnitude,
            (true, true) => magnitude.reverse(),
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(cell: &str) -> Option<String> {
        Number::read(cell, '.', None, true).map(|n| n.plain)
    }

    #[test]
    fn cells_read_like_python_decimal() {
        for (cell, expected) in [
            ("12.5", Some("12.5")),
            ("12.50", Some("12.50")),
            ("+12.5", Some("12.5")),
            ("-0.0", Some("0.0")),
            (" 7 ", Some("7")),
            ("007.5", Some("7.5")),
            (".5", Some("0.5")),
            ("5.", Some("5")),
            ("1_000.5", Some("1000.5")),
            ("1e3", Some("1000")),
            ("1.5E-3", Some("0.0015")),
            ("1.50e1", Some("15.0")),
            ("-2.5e+2", Some("-250")),
            ("12,5", None),
            ("1 000", None),
            ("", None),
            (".", None),
            ("+", None),
            ("e3", None),
            ("1e", None),
            ("1e1001", None),
            ("NaN", None),
            ("inf", None),
            ("-Infinity", None),
            ("٥", None),
            ("0x10", None),
        ] {
            assert_eq!(plain(cell).as_deref(), expected, "{cell:?}");
        }
        assert!(plain(&"9".repeat(MAX_NUMBER_DIGITS)).is_some());
        assert!(plain(&"9".repeat(MAX_NUMBER_DIGITS + 1)).is_none());
    }

    #[test]
    fn separators_and_bare_number_follow_the_field() {
        let fr = |cell: &str| Number::read(cell, ',', Some(' '), true).map(|n| n.plain);
        assert_eq!(fr("1 234,5").as_deref(), Some("1234.5"));
        assert_eq!(fr("12,5").as_deref(), Some("12.5"));
        assert_eq!(fr("12.5"), None, "a point where the decimal character is a comma");
        let loose = Number::read("12,5 %", ',', None, false).unwrap();
        assert_eq!((loose.prefix(), loose.plain(), loose.suffix()), ("", "12.5", " %"));
        let loose = Number::read("€ -3", '.', None, false).unwrap();
        assert_eq!((loose.prefix(), loose.plain(), loose.suffix()), ("€ ", "-3", ""));
        assert_eq!(Number::read("INF", '.', None, false), None);
        let de = Number::read("1.234,5", ',', Some('.'), true).unwrap();
        assert_eq!(de.plain(), "1234.5");
    }

    #[test]
    fn values_compare_as_numbers() {
        let n = |t: &str| Number::from_literal(t).unwrap();
        assert_eq!(n("12.5"), n("12.50"));
        assert_eq!(n("0"), n("-0.00"));
        let mut sorted = ["10", "-1.5", "9.99", "0.5", "-10", "0", "100.01", "-0.25"].map(n);
        sorted.sort();
        let plain: Vec<&str> = sorted.iter().map(Number::plain).collect();
        assert_eq!(plain, ["-10", "-1.5", "-0.25", "0", "0.5", "9.99", "10", "100.01"]);
        use std::collections::HashSet;
        assert_eq!([n("1.0"), n("1")].into_iter().collect::<HashSet<_>>().len(), 1);
    }
}
