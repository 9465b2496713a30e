//! Cell values: the types of Table Schema as comparatif reads them, and calendar dates.
//!
//! In: the text of a cell and its column's [`Kind`]. Out: a typed [`Value`] ([`Kind::read`],
//! following frictionless-py 5), or `None` for a type error.

use std::fmt;

use super::number::Number;

/// Field type, with the type-specific properties.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `string`; `uri` requires a scheme (RFC 3986).
    String {
        /// Whether the field's format is `uri`: a cell without a scheme (`https:`) is a type
        /// error, and outputs make the cell a link.
        uri: bool,
    },
    /// `integer`; `bare_number: false` strips leading and trailing non-digits (e.g. « 10 € »).
    Integer {
        /// The field's `bareNumber` (default `true`): when `false`, « 10 € » reads as 10.
        bare_number: bool,
    },
    /// `number`: an exact decimal ([`Number::read`]), written with the field's characters.
    Number {
        /// `decimalChar` (default `.`): the character read as the decimal point.
        decimal_char: char,
        /// `groupChar`, if any: a character removed wherever it is (« 1 234,5 »).
        group_char: Option<char>,
        /// `bareNumber` (default `true`): when `false`, « 12,5 % » reads as 12.5 and the text
        /// around the number is kept for display.
        bare_number: bool,
    },
    /// `boolean` with its accepted texts; the first of each list is how the value is written.
    Boolean {
        /// Texts read as `true`, compared exactly (case and spaces count); never empty once
        /// the schema is parsed (default `true`, `True`, `TRUE`, `1`).
        true_values: Vec<String>,
        /// Texts read as `false`, compared exactly; never empty once the schema is parsed.
        false_values: Vec<String>,
    },
    /// `date` with format `default` (ISO 8601 `YYYY-MM-DD`).
    Date,
    /// `year` (four characters, 0 to 9999).
    Year,
}

impl Kind {
    /// The Table Schema type name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::String { .. } => "string",
            Kind::Integer { .. } => "integer",
            Kind::Number { .. } => "number",
            Kind::Boolean { .. } => "boolean",
            Kind::Date => "date",
            Kind::Year => "year",
        }
    }
}

/// A calendar date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, 1 to 9999 when made by [`Date::new`] (0 in the `Default` date).
    pub year: i32,
    /// Month, 1 (January) to 12; 0 in the `Default` date.
    pub month: u8,
    /// Day of the month, from 1; 0 in the `Default` date.
    pub day: u8,
}

impl Date {
    /// How many days `month` (1 to 12) of `year` has; `None` for another month.
    pub fn month_days(year: i32, month: u8) -> Option<u8> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
            4 | 6 | 9 | 11 => Some(30),
            2 if leap => Some(29),
            2 => Some(28),
            _ => None,
        }
    }

    /// A date if `year-month-day` exists in the proleptic Gregorian calendar (years 1 to 9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let days = Date::month_days(year, month)?;
        ((1..=9999).contains(&year) && (1..=days).contains(&day)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// The date `days` days after 1970-01-01 (negative: before), in the proleptic Gregorian
    /// calendar (Howard Hinnant's `civil_from_days`); `None` outside years 1 to 9999.
    pub fn from_unix_days(days: i64) -> Option<Date> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe.checked_add(era.checked_mul(400)?)? + i64::from(month <= 2);
        Date::new(i32::try_from(year).ok()?, month, day)
    }
}

impl fmt::Display for Date {
    /// ISO 8601: `2020-04-09`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A cell's typed value. Ordering and equality are those of the type (for `unique`, `enum`,
/// `minimum`, `maximum`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    /// A `string` cell, trimmed, as written (a `uri` has a scheme).
    Text(String),
    /// An `integer` cell; at most 10^36 in absolute value (larger is a type error).
    Integer(i128),
    /// A `number` cell: exact, compared as a number (`12.5` = `12.50`).
    Number(Number),
    /// A `boolean` cell: which list of the field its text is in.
    Boolean(bool),
    /// A `date` cell, a day that exists.
    Date(Date),
    /// A `year` cell, 0 to 9999.
    Year(i32),
}

impl Kind {
    /// Reads a non-missing cell of this type, as frictionless-py 5 does. `None` is a type
    /// error.
    pub fn read(&self, cell: &str) -> Option<Value> {
        match self {
            Kind::String { uri } => {
                if *uri && !has_uri_scheme(cell) {
                    return None;
                }
                Some(Value::Text(cell.to_owned()))
            }
            Kind::Integer { bare_number } => {
                let trimmed = python_strip(cell);
                let digits = if *bare_number { trimmed } else { strip_non_digits(trimmed) };
                python_int(digits).map(Value::Integer)
            }
            Kind::Number { decimal_char, group_char, bare_number } => {
                Number::read(cell, *decimal_char, *group_char, *bare_number).map(Value::Number)
            }
            Kind::Boolean { true_values, false_values } => {
                if true_values.iter().any(|v| v == cell) {
                    Some(Value::Boolean(true))
                } else if false_values.iter().any(|v| v == cell) {
                    Some(Value::Boolean(false))
                } else {
                    None
                }
            }
            Kind::Date => parse_iso_date(cell).map(Value::Date),
            Kind::Year => {
                if cell.chars().count() != 4 {
                    return None;
                }
                let year = python_int(cell)?;
                (0..=9999).contains(&year).then_some(Value::Year(year as i32))
            }
        }
    }
}

/// RFC 3986 scheme presence, as the `rfc3986` validator used by frictionless-py:
/// `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"` at the start.
pub fn has_uri_scheme(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else { return false };
    let mut chars = scheme.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Python's `str.strip()` with no argument: removes Unicode whitespace at both ends.
pub fn python_strip(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || ('\u{1C}'..='\u{1F}').contains(&c))
}

/// The `bareNumber: false` rule of frictionless: drop leading characters that are neither
/// `-` nor digits, and trailing non-digits.
fn strip_non_digits(text: &str) -> &str {
    let start = text.trim_start_matches(|c: char| c != '-' && !c.is_ascii_digit());
    start.trim_end_matches(|c: char| !c.is_ascii_digit())
}

/// Python's `int(text)` for ASCII text: surrounding whitespace, an optional sign, digits with
/// single underscores between them. Values beyond ±10^36 are refused (Python would accept them;
/// no comparison table needs them).
fn python_int(text: &str) -> Option<i128> {
    let text = python_strip(text);
    let (negative, digits) = match text.as_bytes().first()? {
        b'+' => (false, &text[1..]),
        b'-' => (true, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let mut value: i128 = 0;
    for byte in digits.bytes() {
        match byte {
            b'0'..=b'9' => {
                value = value.checked_mul(10)?.checked_add(i128::from(byte - b'0'))?;
                if value > 10_i128.pow(36) {
                    return None;
                }
            }
            b'_' => {}
            _ => return None,
        }
    }
    Some(if negative { -value } else { value })
}

/// Why `text`, written `AAAA-MM-JJ` (four digits, two, two), is no date, in French (« le 31 juin
/// 2024 n'existe pas (juin a 30 jours) », [`no_such_date`](crate::french::no_such_date)); `None` when it is a date
/// or is not written so (the caller then says « n'est pas une date AAAA-MM-JJ »).
pub fn impossible_iso_date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(idx, c)| idx == 4 || idx == 7 || c.is_ascii_digit());
    if !shaped || parse_iso_date(text).is_some() {
        return None;
    }
    let (year, month, day) =
        (text[..4].parse().ok()?, text[5..7].parse().ok()?, text[8..].parse().ok()?);
    if year == 0 {
        return Some("l'année 0000 n'existe pas (de 0001 à 9999)".to_owned());
    }
    Some(crate::french::no_such_date(year, month, day, Date::month_days(year, month)))
}

/// `YYYY-M-D` as Python's `strptime("%Y-%m-%d")`: four-digit year, one- or two-digit month
/// and day, a real calendar date.
pub fn parse_iso_date(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || year.len() != 4
        || !(1..=2).contains(&month.len())
        || !(1..=2).contains(&day.len())
    {
        return None;
    }
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(year) || !all_digits(month) || !all_digits(day) {
        return None;
    }
    Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_1970_become_calendar_dates() {
        for (days, expected) in [
            (0, (1970, 1, 1)),
            (18_361, (2020, 4, 9)),
            (11_016, (2000, 2, 29)),
            (-1, (1969, 12, 31)),
            (-719_162, (1, 1, 1)),
            (2_932_896, (9999, 12, 31)),
        ] {
            let date = Date::from_unix_days(days).expect("within years 1 to 9999");
            assert_eq!((date.year, date.month, date.day), expected, "{days}");
        }
        for outside in [-719_163, 2_932_897, i64::MIN, i64::MAX] {
            assert_eq!(Date::from_unix_days(outside), None, "{outside}");
        }
    }

    const INTEGER: Kind = Kind::Integer { bare_number: true };

    #[test]
    fn integers_read_like_python_int() {
        for (cell, expected) in [
            ("5", Some(5)),
            ("+5", Some(5)),
            ("-5", Some(-5)),
            (" 5 ", Some(5)),
            ("05", Some(5)),
            ("1_000", Some(1000)),
            ("1__0", None),
            ("_1", None),
            ("5.0", None),
            ("1 000", None),
            ("", None),
            ("+", None),
            ("abc", None),
        ] {
            assert_eq!(INTEGER.read(cell), expected.map(Value::Integer), "{cell:?}");
        }
        let loose = Kind::Integer { bare_number: false };
        assert_eq!(loose.read("10 €"), Some(Value::Integer(10)));
        assert_eq!(loose.read("€-10"), Some(Value::Integer(-10)));
    }

    #[test]
    fn booleans_use_declared_values_exactly() {
        let kind =
            Kind::Boolean { true_values: vec!["Oui".into()], false_values: vec!["Non".into()] };
        assert_eq!(kind.read("Oui"), Some(Value::Boolean(true)));
        assert_eq!(kind.read("Non"), Some(Value::Boolean(false)));
        for bad in ["oui", " Oui", "true", "1", ""] {
            assert_eq!(kind.read(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn dates_read_like_strptime() {
        assert_eq!(
            Kind::Date.read("2020-04-09"),
            Some(Value::Date(Date { year: 2020, month: 4, day: 9 }))
        );
        assert_eq!(
            Kind::Date.read("2020-4-9"),
            Some(Value::Date(Date { year: 2020, month: 4, day: 9 }))
        );
        for bad in
            ["2020-02-30", "2021-02-29", "09/04/2020", "20-04-09", "2020-13-01", " 2020-04-09", ""]
        {
            assert_eq!(Kind::Date.read(bad), None, "{bad:?}");
        }
        assert!(Kind::Date.read("2024-02-29").is_some());
    }

    #[test]
    fn uri_needs_a_scheme() {
        for (text, ok) in [
            ("https://a.fr", true),
            ("ftp://a", true),
            ("mailto:x", true),
            ("a.fr", false),
            ("1http://a", false),
            ("://a", false),
            ("é://a", false),
            ("foo/bar:baz", false),
        ] {
            assert_eq!(has_uri_scheme(text), ok, "{text}");
        }
    }

    #[test]
    fn years_are_four_characters() {
        assert_eq!(Kind::Year.read("2020"), Some(Value::Year(2020)));
        assert_eq!(Kind::Year.read("20"), None);
        assert_eq!(Kind::Year.read("20200"), None);
    }
}
