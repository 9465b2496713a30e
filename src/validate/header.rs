//! The header line: its labels → the schema field of each column, and every problem with them
//! (too many columns, spaces, empty or repeated names, unknown, misspelt, missing, misordered).
//!
//! The guessing lives here too: an unknown label → the missing field it most likely stands
//! for (`guess_field`, within a few typing mistakes counted by `edit_distance`); and a first
//! line that is a title above the header (`looks_like_title`, `names_columns`, `title_row`).

use csv::StringRecord;
use rustc_hash::FxHashMap as HashMap;

use super::blanks::blank_text;
use super::column_number;
use super::hints::loose_chars;
use crate::diag::{Code, Diagnostic, Sink};
use crate::french;
use crate::limits::{MAX_COLUMNS, MAX_GUESSED_CHARS};
use crate::schema::Field;

/// What the header's labels say about the columns.
pub(super) struct Columns {
    /// For each column of the file (from 0), the schema field it holds.
    pub mapping: Vec<Option<usize>>,
    /// For each schema field (from 0), whether a column holds it.
    pub found: Vec<bool>,
    /// Columns (from 0) whose label is no field's name.
    unknown: Vec<usize>,
}

/// Whether a first line with these `labels` (stripped) looks like a title above the header, as
/// spreadsheets are often laid out (a merged title in row 1, the names in row 2): one or two
/// cells written, none of them a field's name, while the schema has more fields than that.
pub(super) fn looks_like_title(fields: &[Field], labels: &[String]) -> bool {
    let written: Vec<&String> = labels.iter().filter(|l| !blank_text(l)).collect();
    !written.is_empty()
        && written.len() <= 2
        && fields.len() > written.len()
        && !written.iter().any(|l| fields.iter().any(|f| f.name == **l))
}

/// Whether `labels` (stripped) name the columns: at least half of the schema's fields, by
/// their exact names.
pub(super) fn names_columns(fields: &[Field], labels: &[String]) -> bool {
    let named = fields.iter().filter(|f| labels.contains(&f.name)).count();
    named > 0 && named * 2 >= fields.len()
}

/// The one error of a title at `line` above the header at `header_line` (lines or rows from
/// 1; blank lines between them go too), instead of one per column of the title's line.
pub(super) fn title_row(line: u64, header_line: u64, sheet: bool) -> Diagnostic {
    let (which, them, number) = match header_line - line {
        1 => (format!("la ligne {line}"), "supprimez-la".to_owned(), "son numéro"),
        _ => {
            let lines = format!("les lignes {line} à {}", header_line - 1);
            (lines.clone(), format!("supprimez {lines}"), "leurs numéros")
        }
    };
    let hint = if sheet {
        format!(
            "dans le tableur, sélectionnez {which} en cliquant sur {number}, puis clic droit › Supprimer des lignes ; le titre du tableau s'écrit dans datapackage.json (publication.title)"
        )
    } else {
        format!(
            "la première ligne du fichier donne les noms des colonnes : supprimez {which} ; le titre du tableau s'écrit dans datapackage.json (publication.title)"
        )
    };
    Diagnostic::error(Code::LigneDeTitre)
        .line(line)
        .message(format!(
            "la ligne {line} n'est pas la ligne des noms de colonnes (ils sont en ligne {header_line}) : {them}"
        ))
        .hint(hint)
}

/// More columns than [`MAX_COLUMNS`]: reading stops.
pub(super) fn too_wide(line: u64, record: &StringRecord) -> Option<Diagnostic> {
    (record.len() > MAX_COLUMNS).then(|| {
        Diagnostic::error(Code::LimiteDepassee)
            .line(line)
            .message(format!(
                "la ligne d'en-tête a {} colonnes, plus que le maximum de {MAX_COLUMNS} : la lecture s'arrête là",
                record.len()
            ))
            .hint("vérifiez le séparateur et que c'est le bon fichier")
    })
}

/// A warning for each label with spaces around it (`labels` are the stripped `record`).
pub(super) fn warn_spaces(line: u64, record: &StringRecord, labels: &[&str], sink: &mut dyn Sink) {
    for (idx, (raw, label)) in record.iter().zip(labels).enumerate() {
        if raw.len() != label.len() && !label.is_empty() {
            sink.emit(
                Diagnostic::warning(Code::Espaces)
                    .line(line)
                    .column(column_number(idx))
                    .value(raw)
                    .message(format!(
                        "espaces retirés autour du nom de colonne {}",
                        french::quote(label)
                    ))
                    .hint("supprimez les espaces au début et à la fin du nom de colonne"),
            );
        }
    }
}

/// Each label matched to the field of that name; empty and repeated labels reported.
pub(super) fn map_labels(
    line: u64,
    fields: &[Field],
    labels: &[&str],
    sink: &mut dyn Sink,
) -> Columns {
    let mut columns = Columns {
        mapping: vec![None; labels.len()],
        found: vec![false; fields.len()],
        unknown: Vec::new(),
    };
    let mut seen: HashMap<&str, usize> = HashMap::default();
    for (idx, label) in labels.iter().enumerate() {
        let column = column_number(idx);
        if blank_text(label) {
            sink.emit(
                Diagnostic::error(Code::EnTeteVide)
                    .line(line)
                    .column(column)
                    .message(format!(
                        "la colonne {} n'a pas de nom dans la ligne d'en-tête",
                        french::column_letter(column)
                    ))
                    .hint(expected_hint(fields, idx)),
            );
            continue;
        }
        if let Some(first) = seen.insert(label, idx) {
            sink.emit(
                Diagnostic::error(Code::EnTeteDuplique)
                    .line(line)
                    .column(column)
                    .value(label)
                    .message(format!(
                        "la colonne {} s'appelle {}, comme la colonne {}",
                        french::column_letter(column),
                        french::quote(label),
                        french::column_letter(column_number(first))
                    ))
                    .hint("supprimez l'une des deux colonnes ou renommez-la"),
            );
            continue;
        }
        match fields.iter().position(|f| f.name == *label) {
            Some(field_idx) => {
                columns.mapping[idx] = Some(field_idx);
                columns.found[field_idx] = true;
            }
            None => columns.unknown.push(idx),
        }
    }
    columns
}

/// Each unknown label: when it is close to a missing field's name or title, that field misspelt
/// (or renamed, when it stands alone where the only missing field belongs) — one message to
/// rename it, its cells checked, and no « colonne absente » for the field; else a column the
/// schema does not have.
pub(super) fn report_unknown(
    line: u64,
    fields: &[Field],
    labels: &[&str],
    columns: &mut Columns,
    sink: &mut dyn Sink,
) {
    let missing_count = columns.found.iter().filter(|&&f| !f).count();
    let alone = columns.unknown.len() == 1 && missing_count == 1;
    let guesses: Vec<(usize, Option<Guess>)> = columns
        .unknown
        .iter()
        .map(|&idx| {
            let guess = guess_field(fields, &columns.found, labels[idx], idx, alone);
            if let Some(guess) = guess {
                columns.found[guess.field_idx] = true;
                columns.mapping[idx] = Some(guess.field_idx);
            }
            (idx, guess)
        })
        .collect();
    let still_missing: Vec<&Field> =
        fields.iter().zip(&columns.found).filter(|(_, f)| !**f).map(|(field, _)| field).collect();
    for (idx, guess) in guesses {
        let label = labels[idx];
        let column = column_number(idx);
        let d = Diagnostic::error(Code::ColonneInconnue).line(line).column(column).value(label);
        let Some(Guess { field_idx, misspelt }) = guess else {
            sink.emit(
                d.message(format!(
                    "la colonne {} {} ne fait pas partie du schéma",
                    french::column_letter(column),
                    french::quote(label)
                ))
                .hint(unknown_column_hint(&still_missing)),
            );
            continue;
        };
        let f = &fields[field_idx];
        let why = if misspelt {
            format!("c'est sans doute « {} » ({}), mal écrit", f.name, f.title)
        } else {
            format!("à cette place, le schéma attend « {} » ({})", f.name, f.title)
        };
        sink.emit(
            d.field(&f.name, &f.title)
                .message(format!(
                    "l'en-tête {} de la colonne {} n'est pas un nom de colonne du schéma : {why}",
                    french::quote(label),
                    french::column_letter(column)
                ))
                .hint(format!("renommez {} en « {} »", french::quote(label), f.name)),
        );
    }
}

/// Each schema field that no column holds.
pub(super) fn report_missing(line: u64, fields: &[Field], found: &[bool], sink: &mut dyn Sink) {
    for (field_idx, f) in fields.iter().enumerate() {
        if !found[field_idx] {
            sink.emit(
                Diagnostic::error(Code::ColonneManquante)
                    .line(line)
                    .field(&f.name, &f.title)
                    .message(format!("la colonne « {} » ({}) est absente", f.name, f.title))
                    .hint(format!(
                        "ajoutez la colonne « {} » en position {} ; l'en-tête attendu est : {}",
                        f.name,
                        french::column_letter(column_number(field_idx)),
                        names(fields)
                    )),
            );
        }
    }
}

/// Columns present but in another order than the schema's: one message, naming the first.
pub(super) fn report_order(
    line: u64,
    fields: &[Field],
    mapping: &[Option<usize>],
    sink: &mut dyn Sink,
) {
    let order: Vec<usize> = mapping.iter().flatten().copied().collect();
    if !order.windows(2).any(|w| w[0] > w[1]) {
        return;
    }
    let first_wrong = mapping.iter().enumerate().find_map(|(idx, f)| {
        f.filter(|&field_idx| field_idx != idx).map(|field_idx| (idx, field_idx))
    });
    let detail = first_wrong
        .map(|(idx, field_idx)| {
            format!(
                " : « {} » est en colonne {} au lieu de {}",
                fields[field_idx].name,
                french::column_letter(column_number(idx)),
                french::column_letter(column_number(field_idx))
            )
        })
        .unwrap_or_default();
    sink.emit(
        Diagnostic::error(Code::OrdreColonnes)
            .line(line)
            .message(format!("les colonnes ne sont pas dans l'ordre du schéma{detail}"))
            .hint(format!("remettez les colonnes dans cet ordre : {}", names(fields))),
    );
}

/// The field an unknown header label stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Guess {
    /// Index (from 0) of the field in the schema.
    field_idx: usize,
    /// Whether the label is the field's name or title misspelt (else: only its place says so).
    misspelt: bool,
}

/// The missing field that the unknown `label`, in column `idx` (from 0), stands for: the one
/// whose name or title is closest to it, within a few typing mistakes (none for names of one or
/// two letters), ties broken by the place; else, when the label is `alone` (the only unknown
/// label, and one field is missing), the field expected at its place.
fn guess_field(
    fields: &[Field],
    found: &[bool],
    label: &str,
    idx: usize,
    alone: bool,
) -> Option<Guess> {
    // Longer texts are not typed by hand; comparing them would cost their lengths' product.
    let wanted: Vec<char> = loose_chars(label).take(MAX_GUESSED_CHARS + 1).collect();
    let comparable = wanted.len() <= MAX_GUESSED_CHARS;
    let close: Vec<(usize, usize)> = fields
        .iter()
        .enumerate()
        .filter(|(field_idx, _)| comparable && !found[*field_idx])
        .filter_map(|(field_idx, f)| {
            [&f.name, &f.title]
                .into_iter()
                .filter_map(|text| {
                    let expected: Vec<char> =
                        loose_chars(text).take(MAX_GUESSED_CHARS + 1).collect();
                    let allowed = typing_mistakes(expected.len());
                    // The distance is at least the difference in length.
                    if expected.len() > MAX_GUESSED_CHARS
                        || wanted.len().abs_diff(expected.len()) > allowed
                    {
                        return None;
                    }
                    let d = edit_distance(&wanted, &expected);
                    (d <= allowed).then_some(d)
                })
                .min()
                .map(|d| (field_idx, d))
        })
        .collect();
    let Some(fewest) = close.iter().map(|&(_, d)| d).min() else {
        return (alone && found.get(idx) == Some(&false))
            .then_some(Guess { field_idx: idx, misspelt: false });
    };
    let closest: Vec<usize> =
        close.iter().filter(|&&(_, d)| d == fewest).map(|&(field_idx, _)| field_idx).collect();
    let field_idx = match closest.as_slice() {
        [only] => *only,
        several => *several.iter().find(|&&field_idx| field_idx == idx)?,
    };
    Some(Guess { field_idx, misspelt: true })
}

/// Typing mistakes tolerated in a name of `len` characters (as [`loose`] writes it).
fn typing_mistakes(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=5 => 1,
        6..=11 => 2,
        _ => 3,
    }
}

/// Edits (insertion, deletion, substitution, swap of two neighbours) from `a` to `b`: the
/// optimal string alignment distance.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut d: Vec<usize> = vec![0; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[(i - 1) * width + j] + 1)
                    .min(d[i * width + j - 1] + 1)
                    .min(d[(i - 1) * width + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * width + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * width + b.len()]
}

/// The hint for a column the schema does not know and that is no missing field: rename it when
/// a field is missing, else add it to the schema (or take it out of the table).
fn unknown_column_hint(missing: &[&Field]) -> String {
    const SCHEMA: &str = "ajoutez le champ au schéma dans datapackage.json";
    match missing {
        [] => format!("{SCHEMA} pour publier cette colonne, ou retirez-la du tableau"),
        [f] => format!(
            "si c'est la colonne « {} » ({}), renommez-la « {} » ; sinon, {SCHEMA}",
            f.name, f.title, f.name
        ),
        several => {
            let names: Vec<String> = several.iter().map(|f| format!("« {} »", f.name)).collect();
            format!(
                "si c'est l'une des colonnes absentes ({}), renommez-la ; sinon, {SCHEMA}",
                names.join(", ")
            )
        }
    }
}

/// « solution, editeur, … »: the header line the schema expects.
fn names(fields: &[Field]) -> String {
    fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(",")
}

fn expected_hint(fields: &[Field], idx: usize) -> String {
    match fields.get(idx) {
        Some(f) => format!("à cette place, le schéma attend « {} » ({})", f.name, f.title),
        None => "supprimez cette colonne vide".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_typing_mistakes() {
        let d = |a: &str, b: &str| {
            edit_distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>())
        };
        assert_eq!(d("hebergemet", "hebergement"), 1);
        assert_eq!(d("lein", "lien"), 1);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("protectiondesdonnees", "protectiondonnees"), 3);
        assert_eq!(d("zone", "zone"), 0);
    }
}
