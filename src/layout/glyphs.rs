//! Glyph check: the table and the fonts in → a diagnostic per character the fonts cannot draw.

use super::cell_font;
use super::fonts::{FontId, Fonts};
use super::text::Shaper;
use crate::diag::{Code, Diagnostic};
use crate::french;
use crate::model::Table;

/// Finds characters the fonts cannot draw, as diagnostics naming the cell (the build stops
/// on them before writing anything).
pub fn check_glyphs(table: &Table, fonts: &Fonts) -> Vec<Diagnostic> {
    let mut shaper = Shaper::new(fonts);
    let mut found = Vec::new();
    let font_name = |id: FontId| fonts.get(id).name.clone();
    for column in &table.columns {
        if let Some(ch) = shaper.missing_char(FontId::Bold, &column.title) {
            found.push(
                Diagnostic::error(Code::CaractereIntracable)
                    .message(format!(
                        "le titre de colonne « {} » contient « {ch} » ({}), que la police {} ne sait pas dessiner",
                        column.title,
                        french::code_point(ch),
                        font_name(FontId::Bold)
                    ))
                    .hint("changez le titre dans datapackage.json, ou choisissez une police qui a ce caractère (--fonts)"),
            );
        }
    }
    for (row_idx, row) in table.rows.iter().enumerate() {
        for col_idx in 0..table.columns.len() {
            let text = table.display(row_idx, col_idx);
            let font = cell_font(table, col_idx);
            if let Some(ch) = shaper.missing_char(font, &text) {
                let column = &table.columns[col_idx];
                let number = u32::try_from(col_idx + 1).unwrap_or(u32::MAX);
                found.push(
                    Diagnostic::error(Code::CaractereIntracable)
                        .line(row.line)
                        .column(number)
                        .field(&column.name, &column.title)
                        .value(&text)
                        .message(format!(
                            "« {ch} » ({}) dans « {} » ({}) ne peut pas être dessiné avec la police {}",
                            french::code_point(ch),
                            column.title,
                            french::column_letter(number),
                            font_name(font)
                        ))
                        .hint("remplacez ce caractère, ou choisissez une police qui l'a (--fonts)"),
                );
            }
        }
    }
    let publication = &table.publication;
    let meta = [&publication.title, &publication.caption, &publication.source]
        .into_iter()
        .chain(publication.notes.iter());
    for text in meta {
        if let Some(ch) = shaper
            .missing_char(FontId::Regular, text)
            .or_else(|| shaper.missing_char(FontId::Bold, text))
        {
            found.push(
                Diagnostic::error(Code::CaractereIntracable)
                    .value(text)
                    .message(format!(
                        "« {ch} » ({}), dans la publication de datapackage.json, ne peut pas être dessiné avec la police choisie",
                        french::code_point(ch)
                    ))
                    .hint("remplacez ce caractère dans datapackage.json, ou choisissez une police qui l'a (--fonts)"),
            );
        }
    }
    found
}
