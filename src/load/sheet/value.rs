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
    let (y, m, d) = civil_from_days(days_from_1970);
    let date = Date::new(i32::try_from(y).ok()?, m, d)?;
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

/// The date `days` after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
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
