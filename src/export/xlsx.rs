//! Spreadsheet export: a validated [`Table`] and its schema → an `.xlsx` made for editing in
//! LibreOffice Calc or Excel.
//!
//! In: the table and the descriptor (constraints, missing values, resource name,
//! publication). Out: the bytes of one sheet named after the resource: row 1 the technical
//! names (bold, frozen with the first column, a filter), each header cell showing the column's
//! title and description when selected (an input message, and a note with the whole text);
//! below, one row per solution, texts in cells formatted as text (so that « 9/4 » typed later
//! stays « 9/4 »), integers, numbers, years and dates as numbers when a spreadsheet shows and
//! keeps them as they are, else as the text of `table.csv` (an integer of more than 15 digits,
//! a decimal of more than 15 significant digits or with trailing zeros — `12.50` —, a number
//! with text around it, a year below 1000, a date before March 1900); a text longer than a cell holds stops the export,
//! naming the cell, rather than be cut. Each column's cells validated as the schema says —
//! drop-down lists for every closed list (« Oui » / « Non », the `enum` values) with the
//! missing value « Non communiqué » in columns that are not required (never in a required
//! one: `check` refuses it there), whole numbers within `minimum` and
//! `maximum`, text lengths — with the rule shown when a cell is selected. Widths follow the
//! content; texts wrap. The same table gives the same bytes: the document's date is the
//! publication's, never the clock's.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Formula, Note, Workbook, Worksheet,
};

use crate::french;
use crate::load::SPREADSHEET_DIGITS;
use crate::model::{Cell, Date, Kind, Table, Value};
use crate::schema::{Descriptor, Field};

/// The export could not be encoded (a limit of the `.xlsx` format).
#[derive(Debug, thiserror::Error)]
#[error("le classeur n'a pas pu être écrit : {0}")]
pub struct XlsxError(String);

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(err: rust_xlsxwriter::XlsxError) -> Self {
        XlsxError(err.to_string())
    }
}

/// Last row (from 0) the column rules cover: the whole sheet, so that a row added at the end
/// is checked too.
const LAST_ROW: u32 = 1_048_575;

/// Integers written as numbers are below this: 10^15, the numbers of 15 digits a spreadsheet
/// keeps ([`SPREADSHEET_DIGITS`]); larger ones are written as text.
const LARGEST_NUMBER: u128 = 10_u128.pow(SPREADSHEET_DIGITS as u32);

/// The first date written as a date: before it, spreadsheets disagree on serial numbers (Excel
/// counts a 29 February 1900 that LibreOffice does not) and Excel has none before 1900; earlier
/// dates are written as text (`1899-12-31`).
const FIRST_SERIAL_DATE: Date = Date { year: 1900, month: 3, day: 1 };

/// Longest text of a cell, in UTF-16 units as Excel counts them: Excel cuts a longer one.
const MAX_TEXT: usize = 32_767;

/// `text` if a cell holds it whole; else the export stops, naming the cell (`row` and `col`
/// from 0), rather than write a workbook that changes it.
fn fits(text: &str, row: u32, col: u16) -> Result<&str, XlsxError> {
    let units = text.encode_utf16().count();
    if units <= MAX_TEXT {
        return Ok(text);
    }
    Err(XlsxError(format!(
        "la cellule {}{} a {} caractères, plus que les {} qu'un tableur garde dans une cellule",
        french::column_letter(u32::from(col) + 1),
        u64::from(row) + 1,
        french::number(units as u64),
        french::number(MAX_TEXT as u64)
    )))
}

/// The sheet's name: the resource's, when a spreadsheet accepts it, else « Tableau ».
pub fn sheet_name(descriptor: &Descriptor) -> String {
    match descriptor.resource_name.as_deref() {
        Some(name)
            if !name.is_empty()
                && name.chars().count() <= 31
                && !name.contains(['[', ']', ':', '*', '?', '/', '\\'])
                && !name.starts_with('\'')
                && !name.ends_with('\'') =>
        {
            name.to_owned()
        }
        _ => "Tableau".to_owned(),
    }
}

/// The `.xlsx` bytes of `table`, for editing; `origin` (the [`fingerprint`] of the table's
/// bytes it was read from) goes into the custom document property
/// [`PROPERTY`](crate::load::origin::PROPERTY), for `import` to compare.
///
/// [`fingerprint`]: crate::load::origin::fingerprint
pub fn xlsx(table: &Table, descriptor: &Descriptor, origin: &str) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let updated = table.publication.updated;
    let date = ExcelDateTime::from_ymd(
        u16::try_from(updated.year).unwrap_or(2000),
        updated.month,
        updated.day,
    )?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&table.publication.title)
            .set_author("comparatif")
            .set_comment(
                "Exporté par « comparatif export » ; « comparatif import » en refait table.csv",
            )
            .set_creation_datetime(&date)
            .set_custom_property(crate::load::origin::PROPERTY, origin),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(descriptor))?;
    write_sheet(sheet, table, descriptor)?;
    Ok(workbook.save_to_buffer()?)
}

fn write_sheet(
    sheet: &mut Worksheet,
    table: &Table,
    descriptor: &Descriptor,
) -> Result<(), XlsxError> {
    let schema = &descriptor.schema;
    let header = Format::new()
        .set_bold()
        .set_background_color("E3E3FD")
        .set_border_bottom(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let text = Format::new().set_num_format("@").set_text_wrap().set_align(FormatAlign::Top);
    let number = Format::new().set_num_format("0").set_align(FormatAlign::Top);
    let date = Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Top);
    // The General format: a decimal shows its digits (the integer format "0" would round it).
    let decimal = Format::new().set_align(FormatAlign::Top);
    let missing: Vec<&str> =
        schema.missing_values.iter().map(String::as_str).filter(|m| !m.is_empty()).collect();
    let last_col = u16::try_from(table.columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    for (col_idx, (column, field)) in table.columns.iter().zip(&schema.fields).enumerate() {
        let col = u16::try_from(col_idx).unwrap_or(u16::MAX);
        let cell_format = match column.kind {
            Kind::Integer { .. } | Kind::Year => &number,
            Kind::Number { .. } => &decimal,
            Kind::Date => &date,
            Kind::String { .. } | Kind::Boolean { .. } => &text,
        };
        sheet.set_column_format(col, cell_format)?;
        sheet.set_column_width(col, width(table, col_idx))?;
        sheet.write_string_with_format(0, col, fits(&column.name, 0, col)?, &header)?;
        let about = column.description.as_deref().unwrap_or_default();
        // Help, not data: shortened to what a note holds (its author's name counts too).
        let note = Note::new(shorten(&format!("{}\n\n{about}", column.title), MAX_TEXT - 54))
            .set_author("comparatif")
            .add_author_prefix(false)
            .set_width(360)
            .set_height(160);
        sheet.insert_note(0, col, &note)?;
        let header_help = DataValidation::new()
            .allow_any_value()
            .set_input_title(shorten(&column.title, 32))?
            .set_input_message(shorten(about, 255))?;
        sheet.add_data_validation(0, col, 0, col, &header_help)?;
        // A required column refuses the missing value (`check` would): never offered there.
        let offered: &[&str] = if schema.is_required(col_idx) { &[] } else { &missing };
        if let Some(rule) = rule(field, &column.kind, offered, col)? {
            sheet.add_data_validation(1, col, LAST_ROW, col, &rule)?;
        }
        for (row_idx, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(row_idx + 1).unwrap_or(LAST_ROW);
            if let Cell::Value(Value::Number(n)) = &row.cells[col_idx]
                && let Some(x) = spreadsheet_number(n)
            {
                sheet.write_number_with_format(r, col, x, &decimal)?;
                continue;
            }
            match &row.cells[col_idx] {
                Cell::Value(Value::Integer(n)) if n.unsigned_abs() < LARGEST_NUMBER => {
                    // Exact: an integer below 10^15 is an `f64` without rounding.
                    sheet.write_number_with_format(r, col, *n as f64, &number)?;
                }
                Cell::Value(Value::Year(y)) if (1000..=9999).contains(y) => {
                    sheet.write_number_with_format(r, col, f64::from(*y), &number)?;
                }
                Cell::Value(Value::Date(d)) if *d >= FIRST_SERIAL_DATE => {
                    let day = ExcelDateTime::from_ymd(
                        u16::try_from(d.year).unwrap_or(1900),
                        d.month,
                        d.day,
                    )?;
                    sheet.write_datetime_with_format(r, col, &day, &date)?;
                }
                // Everything else as the text `table.csv` holds, which a spreadsheet keeps
                // digit for digit: texts, and the values a number cell would change (an
                // integer of more than 15 digits, a year below 1000 — `0033` would show `33` —
                // and a date before 1 March 1900).
                cell => {
                    let written = crate::export::csv::canonical(&column.kind, cell);
                    let written = fits(&written, r, col)?;
                    sheet.write_string_with_format(r, col, written, &text)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 1)?;
    let last_row = u32::try_from(table.rows.len()).unwrap_or(LAST_ROW);
    sheet.autofilter(0, 0, last_row, last_col)?;
    Ok(())
}

/// The `f64` a number cell holds for `n`, when a spreadsheet keeps and gives back exactly the
/// digits of `table.csv`: at most [`SPREADSHEET_DIGITS`] significant digits (LibreOffice
/// writes 15 to an `.xlsx`; every decimal of 15 digits is an `f64` whose shortest writing is
/// itself), no trailing zero in the fraction (a number cell has no scale: `12.50` would come
/// back `12.5`) and no text around it. `None`: the cell is written as text.
fn spreadsheet_number(n: &crate::model::Number) -> Option<f64> {
    let significant = n.plain().bytes().filter(u8::is_ascii_digit).skip_while(|&b| b == b'0');
    let digits: Vec<u8> = significant.collect();
    let len = digits.iter().rposition(|&b| b != b'0').map_or(0, |last| last + 1);
    if !n.is_bare() || len > SPREADSHEET_DIGITS {
        return None;
    }
    let x: f64 = n.plain().parse().ok()?;
    (x.is_finite() && format!("{x}") == n.plain()).then_some(x)
}

/// The rule of a column's cells, with the message shown when one is selected and the one shown
/// when a value breaks it; `None` for a free text. `missing`: the missing values offered
/// besides the column's own (none for a required column).
fn rule(
    field: &Field,
    kind: &Kind,
    missing: &[&str],
    col: u16,
) -> Result<Option<DataValidation>, XlsxError> {
    let c = &field.constraints;
    let or_missing = match missing.first() {
        Some(m) => format!(", ou « {m} » si l'information n'est pas publique"),
        None => String::new(),
    };
    let list = |values: Vec<String>| -> Option<Vec<String>> {
        let mut all = values;
        all.extend(missing.iter().map(|m| (*m).to_owned()));
        // Excel's lists are at most 255 characters, commas included, and a value with a comma
        // cannot be in one.
        let fits = all.iter().all(|v| !v.contains(','))
            && all.iter().map(|v| v.chars().count() + 1).sum::<usize>() <= 256;
        fits.then_some(all)
    };
    let (validation, message) = match kind {
        Kind::Boolean { true_values, false_values } => {
            let values = vec![true_values[0].clone(), false_values[0].clone()];
            let shown = format!("« {} » ou « {} »{or_missing}", values[0], values[1]);
            match list(values) {
                Some(all) => (
                    DataValidation::new().allow_list_strings(&all)?,
                    format!("choisissez dans la liste : {shown}"),
                ),
                None => return Ok(None),
            }
        }
        _ if c.enumeration.is_some() => {
            let values: Vec<String> =
                c.enumeration.iter().flatten().map(|(_, w)| w.clone()).collect();
            let shown: Vec<String> = values.iter().map(|v| format!("« {v} »")).collect();
            let message = format!("choisissez dans la liste : {}{or_missing}", shown.join(", "));
            match list(values) {
                Some(all) => (DataValidation::new().allow_list_strings(&all)?, message),
                None => return Ok(None),
            }
        }
        Kind::Integer { .. } => {
            let cell = french::cell_name(u32::from(col) + 1, 2);
            let mut tests = vec![format!("ISNUMBER({cell})"), format!("{cell}=INT({cell})")];
            let mut bounds = String::new();
            if let Some(Value::Integer(min)) = &c.minimum {
                tests.push(format!("{cell}>={min}"));
                bounds.push_str(&format!(", au moins {min}"));
            }
            if let Some(Value::Integer(max)) = &c.maximum {
                tests.push(format!("{cell}<={max}"));
                bounds.push_str(&format!(", au plus {max}"));
            }
            let mut formula = format!("AND({})", tests.join(","));
            for m in missing {
                formula = format!("OR({formula},{cell}=\"{}\")", m.replace('"', "\"\""));
            }
            (
                DataValidation::new().allow_custom(Formula::new(format!("={formula}"))),
                format!("un nombre entier, en chiffres, sans espace ni unité{bounds}{or_missing}"),
            )
        }
        Kind::String { .. } if c.max_length.is_some() => {
            let max = u32::try_from(c.max_length.unwrap_or(0)).unwrap_or(u32::MAX);
            let min = u32::try_from(c.min_length.unwrap_or(0)).unwrap_or(0);
            let what = if matches!(kind, Kind::String { uri: true }) {
                "l'adresse complète, commençant par « https:// »".to_owned()
            } else {
                "un texte court, sans retour à la ligne".to_owned()
            };
            (
                DataValidation::new().allow_text_length(DataValidationRule::Between(min, max)),
                format!("{what}, {max} caractères au plus{or_missing}"),
            )
        }
        _ => return Ok(None),
    };
    let validation = validation
        .ignore_blank(true)
        .set_input_title(shorten(&field.title, 32))?
        .set_input_message(shorten(&message, 255))?
        .set_error_title("Valeur refusée")?
        .set_error_message(shorten(&message, 255))?
        .set_error_style(DataValidationErrorStyle::Stop);
    Ok(Some(validation))
}

/// A column's width in characters: its longest line of text, between 12 and 50.
fn width(table: &Table, col_idx: usize) -> f64 {
    let column = &table.columns[col_idx];
    let longest = table
        .rows
        .iter()
        .map(|row| crate::export::csv::canonical(&column.kind, &row.cells[col_idx]).chars().count())
        .chain([column.name.chars().count() + 3])
        .max()
        .unwrap_or(0);
    (longest as f64 * 1.1).clamp(12.0, 50.0)
}

/// `text` cut to `max` characters (counted as Excel counts them, in UTF-16 units) at a word,
/// with « … ».
fn shorten(text: &str, max: usize) -> String {
    if text.encode_utf16().count() <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let candidate = if out.is_empty() { word.to_owned() } else { format!("{out} {word}") };
        if candidate.encode_utf16().count() + 1 > max {
            break;
        }
        out = candidate;
    }
    if out.is_empty() {
        let mut units = 0;
        out = text
            .chars()
            .take_while(|c| {
                units += c.len_utf16();
                units < max
            })
            .collect();
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_shortened_at_a_word() {
        assert_eq!(shorten("Hébergement des données", 32), "Hébergement des données");
        assert_eq!(shorten("un deux trois quatre", 12), "un deux…");
        assert!(shorten(&"x".repeat(300), 255).encode_utf16().count() <= 255);
        // Counted in UTF-16 units, as Excel counts: an emoji is two.
        assert!(shorten(&"😀".repeat(300), 255).encode_utf16().count() <= 255);
    }

    #[test]
    fn a_text_longer_than_a_cell_holds_names_its_cell() {
        assert_eq!(fits(&"x".repeat(MAX_TEXT), 0, 0).unwrap().len(), MAX_TEXT);
        let err = fits(&"x".repeat(MAX_TEXT + 1), 4, 27).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "le classeur n'a pas pu être écrit : la cellule AB5 a {} caractères, plus que les {} qu'un tableur garde dans une cellule",
                french::number(32_768),
                french::number(32_767)
            )
        );
    }
}
