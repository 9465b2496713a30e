//! Cell values as a person reads them: a spreadsheet's numbers, serial dates and number formats
//! → the text of the cell.
//!
//! In: a number (and, for `.xlsx`, the number format of its cell). Out: `20` for the number 20
//! (never `20.0` or `20,0`), `20,5` for a fraction (the French decimal comma the team sees),
//! `2020-04-09` for a date, `10:30:00` for a time.

use crate::model::Date;

/// What a number format shows: a plain number, or a date and/or a time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Shown {
    #[default]
    Number,
    Date,
    Time,
    DateTime,
}

/// The number as a person reads it: integral numbers without a decimal part, others with a
/// decimal comma and the shortest digits that give the same number back.
pub fn number_text(x: f64) -> String {
    if x == 0.0 {
        return "0".to_owned();
    }
    format!("{x}").replace('.', ",")
}

/// A number read from XML (`20`, `2.5E-3`); `None` if it is not a finite number.
pub fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Significant digits a spreadsheet keeps: Excel stores and shows 15, LibreOffice shows 15 and
/// writes 15 to an `.xlsx` (`9007199254740993` becomes `9.00719925474099E+15`, saved as
/// `9007199254740990`).
pub const SPREADSHEET_DIGITS: usize = 15;

/// A number cell's value, from the literal the file holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Number {
    /// A number a spreadsheet shows as the file holds it: at most [`SPREADSHEET_DIGITS`]
    /// significant digits, or a fraction (whose last digits a spreadsheet rounds the way
    /// [`number_text`] does).
    Kept(f64),
    /// An integer of more significant digits than a spreadsheet keeps, every digit of the
    /// literal in plain decimal (`9007199254740993`, never through `f64`): what a spreadsheet
    /// shows is not what the file holds.
    TooLong(String),
}

/// Reads a number literal (`20`, `2.5E-3`, `9007199254740993`, `1.2E+35`) exactly; `None` if
/// it is not a finite number.
pub fn read_number(text: &str) -> Option<Number> {
    let x = parse_number(text)?;
    Some(match integer_digits(text.trim()) {
        Some(digits)
            if digits.trim_start_matches('-').trim_end_matches('0').len() > SPREADSHEET_DIGITS =>
        {
            Number::TooLong(digits)
        }
        _ => Number::Kept(x),
    })
}

/// The plain decimal digits of a finite literal whose value is an integer (`-12`, `1.5E3` →
/// `1500`), without leading zeros; `None` for a fraction or a literal `f64` would not read.
fn integer_digits(text: &str) -> Option<String> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], body[at + 1..].parse::<i64>().ok()?),
        None => (body, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut digits: String = whole.chars().chain(fraction.chars()).collect();
    let mut exponent = exponent.checked_sub(i64::try_from(fraction.len()).ok()?)?;
    // Trailing zeros of the digits move to the exponent: `1.50E1` is the integer 15.
    while exponent < 0 && digits.ends_with('0') {
        digits.pop();
        exponent += 1;
    }
    if exponent < 0 {
        return None;
    }
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Some("0".to_owned());
    }
    // The literal is finite (checked by the caller), so the integer has at most 309 digits.
    let zeros = usize::try_from(exponent).ok().filter(|z| digits.len() + z <= 309)?;
    let mut out = String::with_capacity(1 + digits.len() + zeros);
    if negative {
        out.push('-');
    }
    out.push_str(digits);
    out.extend(std::iter::repeat_n('0', zeros));
    Some(out)
}

/// The date and time of day of a spreadsheet serial number: days since 1899-12-30 (with the
/// 1900 leap-year bug of Lotus 1-2-3 that Excel keeps: serial 60 is 29 February 1900), or since
/// 1904-01-01 for a workbook in the 1904 system. `None` outside years 1 to 9999.
pub fn serial_to_datetime(serial: f64, date1904: bool) -> Option<(Date, (u32, u32, u32))> {
    if !(0.0..=2_958_466.0).contains(&serial) {
        return None;
    }
    let mut days = serial.floor() as i64;
    // Rounded to the second, as the spreadsheet shows it; 23:59:59.7 rounds to the next day.
    let mut seconds = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if seconds >= 86_400 {
        seconds -= 86_400;
        days += 1;
    }
    let days_from_1970 = if date1904 {
        days + days_from_civil(1904, 1, 1)
    } else if days >= 61 {
        days + days_from_civil(1899, 12, 30)
    } else if days == 60 {
        // The day that never was; shown as 29/02/1900, read as the 28th.
        days_from_civil(1900, 2, 28)
    } else {
        days + days_from_civil(1899, 12, 31)
    };
    let date = Date::from_unix_days(days_from_1970)?;
    let s = seconds as u32;
    Some((date, (s / 3600, s / 60 % 60, s % 60)))
}

/// The text of a date or time cell for [`crate::load::CellKind`]: ISO 8601.
pub fn datetime_text(date: Date, (h, m, s): (u32, u32, u32), shown: Shown) -> String {
    match shown {
        Shown::Time => format!("{h:02}:{m:02}:{s:02}"),
        Shown::DateTime => format!("{date}T{h:02}:{m:02}:{s:02}"),
        Shown::Date | Shown::Number => date.to_string(),
    }
}

/// What an `.xlsx` number format shows. `id` is the format's number (built-in formats have
/// no code), `code` its format code when it has one.
pub fn shown_by_format(id: u32, code: Option<&str>) -> Shown {
    match (id, code) {
        (_, Some(code)) => shown_by_code(code),
        (14..=17 | 27..=31 | 34..=36 | 50..=58, None) => Shown::Date,
        (18..=21 | 32 | 33 | 45..=47, None) => Shown::Time,
        (22, None) => Shown::DateTime,
        _ => Shown::Number,
    }
}

/// Reads a format code (`DD/MM/YYYY`, `[$-40C]d mmmm yyyy`, `hh:mm`, `0.00`): its first
/// section, outside quoted text, escaped characters and `[…]` tags.
fn shown_by_code(code: &str) -> Shown {
    let section = code.split(';').next().unwrap_or_default();
    if section.to_ascii_lowercase().contains("general") {
        return Shown::Number;
    }
    let (mut date, mut time, mut month_or_minute) = (false, false, false);
    let mut chars = section.chars();
    while let Some(c) = chars.next() {
        match c.to_ascii_lowercase() {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                let mut tag = String::new();
                for t in chars.by_ref() {
                    if t == ']' {
                        break;
                    }
                    tag.push(t.to_ascii_lowercase());
                }
                // Elapsed time: [h], [mm], [ss].
                if !tag.is_empty() && tag.chars().all(|t| matches!(t, 'h' | 'm' | 's')) {
                    time = true;
                }
            }
            'y' | 'd' => date = true,
            'h' | 's' => time = true,
            'm' => month_or_minute = true,
            _ => {}
        }
    }
    // `m` is the month unless hours or seconds are shown with it.
    if month_or_minute && !time {
        date = true;
    }
    match (date, time) {
        (true, true) => Shown::DateTime,
        (true, false) => Shown::Date,
        (false, true) => Shown::Time,
        (false, false) => Shown::Number,
    }
}

/// Days from 1970-01-01 to the date (proleptic Gregorian; Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_read_them() {
        for (x, text) in [(20.0, "20"), (-3.0, "-3"), (20.5, "20,5"), (0.1, "0,1"), (-0.0, "0")] {
            assert_eq!(number_text(x), text, "{x}");
        }
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(parse_number(" 2.5E1 "), Some(25.0));
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("abc"), None);
    }

    #[test]
    fn integers_beyond_what_a_spreadsheet_keeps_are_read_digit_for_digit() {
        let too_long = |t: &str| Number::TooLong(t.to_owned());
        for (literal, number) in [
            ("20", Number::Kept(20.0)),
            ("999999999999999", Number::Kept(999_999_999_999_999.0)),
            // What LibreOffice writes for 9007199254740993: 15 digits, kept as shown.
            ("9007199254740990", Number::Kept(9_007_199_254_740_990.0)),
            ("1.23456789012346E+035", Number::Kept(1.23456789012346e35)),
            ("1E+20", Number::Kept(1e20)),
            ("0.30000000000000004", Number::Kept(0.300_000_000_000_000_04)),
            ("-0", Number::Kept(-0.0)),
            ("9007199254740993", too_long("9007199254740993")),
            ("-9007199254740993", too_long("-9007199254740993")),
            ("1234567890123456", too_long("1234567890123456")),
            ("00001234567890123456", too_long("1234567890123456")),
            ("1.234567890123456E15", too_long("1234567890123456")),
            ("1.2345678901234560E16", too_long("12345678901234560")),
            (
                "123456789012345678901234567890123456",
                too_long("123456789012345678901234567890123456"),
            ),
        ] {
            assert_eq!(read_number(literal), Some(number), "{literal}");
        }
        assert_eq!(read_number("1E+400"), None);
        assert_eq!(read_number("1.5"), Some(Number::Kept(1.5)));
        assert_eq!(integer_digits("1.5"), None);
        assert_eq!(integer_digits("1.50E1"), Some("15".to_owned()));
        assert_eq!(integer_digits("1E+999999999999999999999"), None);
        assert_eq!(integer_digits("0.0"), Some("0".to_owned()));
    }

    #[test]
    fn serials_are_the_spreadsheets_dates() {
        let date = |serial: f64, date1904| {
            let (d, (h, m, s)) = serial_to_datetime(serial, date1904).unwrap();
            format!("{d} {h:02}:{m:02}:{s:02}")
        };
        assert_eq!(date(43_930.0, false), "2020-04-09 00:00:00");
        assert_eq!(date(43_930.5, false), "2020-04-09 12:00:00");
        assert_eq!(date(1.0, false), "1900-01-01 00:00:00");
        assert_eq!(date(59.0, false), "1900-02-28 00:00:00");
        assert_eq!(date(61.0, false), "1900-03-01 00:00:00");
        assert_eq!(date(0.0, true), "1904-01-01 00:00:00");
        assert_eq!(date(42_468.0, true), "2020-04-09 00:00:00");
        assert_eq!(date(0.999_999_9, false), "1900-01-01 00:00:00");
        assert_eq!(serial_to_datetime(-1.0, false), None);
        assert_eq!(serial_to_datetime(1e12, false), None);
    }

    #[test]
    fn number_formats_say_dates_and_times() {
        for (id, code, shown) in [
            (14, None, Shown::Date),
            (20, None, Shown::Time),
            (22, None, Shown::DateTime),
            (0, None, Shown::Number),
            (2, None, Shown::Number),
            (164, Some("DD/MM/YYYY"), Shown::Date),
            (164, Some("[$-40C]d mmmm yyyy"), Shown::Date),
            (164, Some("hh:mm"), Shown::Time),
            (164, Some("[h]:mm"), Shown::Time),
            (164, Some("dd/mm/yyyy hh:mm"), Shown::DateTime),
            (164, Some("0.00"), Shown::Number),
            (164, Some("#,##0 \"jours\""), Shown::Number),
            (164, Some("General"), Shown::Number),
            (164, Some("0\\d"), Shown::Number),
            (164, Some("mmm"), Shown::Date),
            (164, Some("0.00E+00"), Shown::Number),
        ] {
            assert_eq!(shown_by_format(id, code), shown, "{id} {code:?}");
        }
    }
}
