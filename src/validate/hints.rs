//! Hint wording shared by the cell rules: a raw cell text → what to write instead (the value it
//! most likely means, the missing value the column accepts, the spaces the quotes hide).
//!
//! Also [`loose_chars`], how people mistype a value, which the header's guessing uses too.

use super::cell::At;
use crate::french;
use crate::schema::Schema;

/// The hint for a cell that a required column (see [`At::required`]) needs.
pub(super) const REQUIRED_HINT: &str = "écrivez la valeur : cette colonne est obligatoire";

/// « , ou « Non communiqué » si l'information n'est pas publique » when the schema has a
/// non-empty missing value and the column accepts it (it is not `required`); else nothing.
pub(super) fn missing_hint(schema: &Schema, required: bool) -> String {
    match schema.missing_values.iter().find(|m| !m.is_empty()) {
        Some(m) if !required => format!(", ou « {m} » si l'information n'est pas publique"),
        _ => String::new(),
    }
}

/// « « Oui  » n'est pas une valeur possible pour « Audio et vidéo » (G) », then what the quotes
/// hide: the spaces around the value (« : il y a une espace en fin de valeur »).
pub(super) fn not_allowed(at: &At<'_>, raw: &str) -> String {
    let spaces = spaces_around(raw).map(|said| format!(" : il y a {said}")).unwrap_or_default();
    format!(
        "{} n'est pas une valeur possible pour {}{spaces}",
        french::quote(raw),
        at.column_name()
    )
}

/// « écrivez « Oui » », with « , sans espace autour » when `raw` has spaces around it.
pub(super) fn suggestion_hint(suggestion: &str, raw: &str) -> String {
    let spaces = if spaces_around(raw).is_some() { ", sans espace autour" } else { "" };
    format!("écrivez « {suggestion} »{spaces}")
}

/// The spaces around `raw` (as `str::trim` sees them), in words: « une espace en fin de
/// valeur », « 2 espaces insécables en début de valeur », « des espaces au début et à la fin
/// de la valeur »; `None` without any.
pub(super) fn spaces_around(raw: &str) -> Option<String> {
    let start = raw.len() - raw.trim_start().len();
    let end = raw.trim_end().len();
    let (leading, trailing) = (&raw[..start], &raw[end.max(start)..]);
    let described = |spaces: &str| {
        let count = spaces.chars().count();
        let no_break = spaces.chars().all(|c| matches!(c, '\u{A0}' | '\u{202F}'));
        match (count, no_break) {
            (1, true) => "une espace insécable".to_owned(),
            (1, false) => "une espace".to_owned(),
            (n, true) => format!("{n} espaces insécables"),
            (n, false) => format!("{n} espaces"),
        }
    };
    match (leading.is_empty(), trailing.is_empty()) {
        (true, true) => None,
        (false, false) => Some("des espaces au début et à la fin de la valeur".to_owned()),
        (false, true) => Some(format!("{} en début de valeur", described(leading))),
        (true, false) => Some(format!("{} en fin de valeur", described(trailing))),
    }
}

/// The allowed value that `raw` means, when it differs only by case, accents or spaces.
pub(super) fn suggest<'a>(raw: &str, allowed: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = loose(raw);
    let mut matches = allowed.filter(|a| loose(a) == wanted);
    let first = matches.next()?;
    matches.next().is_none().then_some(first)
}

/// Lowercase, without accents, spaces, underscores, hyphens or apostrophes: how people
/// mistype a value.
fn loose(text: &str) -> String {
    loose_chars(text).collect()
}

/// The characters of [`loose`]`(text)`, one at a time.
pub(super) fn loose_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '\'' | '’'))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            other => other,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_around_are_counted_in_words() {
        assert_eq!(spaces_around("Oui"), None);
        assert_eq!(spaces_around(" Oui").as_deref(), Some("une espace en début de valeur"));
        let eleven = format!("Oui{}", " ".repeat(11));
        assert_eq!(spaces_around(&eleven).as_deref(), Some("11 espaces en fin de valeur"));
        assert_eq!(
            spaces_around("\u{202F}\u{A0}Oui").as_deref(),
            Some("2 espaces insécables en début de valeur")
        );
        assert_eq!(spaces_around("   ").as_deref(), Some("3 espaces en début de valeur"));
    }
}
