//! The publication: comparatif's own `publication` JSON object → [`Publication`] (the texts
//! around the table, the update date, the notes, the download addresses' prefix, the files'
//! name, the rows' noun, the abbreviations, the history of updates), every key known and every text non-empty, the
//! language French; and what is wrong with a `urlPrefix` or a `fileName`.

use serde_json::{Map, Value as Json};

use super::json::{object, string, strings};
use super::{SchemaError, invalid};
use crate::french::number as french_number;
use crate::french::{Gender, Noun};
use crate::limits::{MAX_ABBREVIATIONS, MAX_NOUN_CHARS};
use crate::limits::{
    MAX_ALT_TEXT_CHARS, MAX_CAPTION_CHARS, MAX_FILE_NAME_CHARS, MAX_HISTORY,
    MAX_HISTORY_NOTE_CHARS, MAX_LINK_TEXT_CHARS, MAX_NOTE_CHARS, MAX_NOTES, MAX_SOURCE_CHARS,
    MAX_TITLE_CHARS,
};
use crate::model::{Abbreviation, Date, Publication, Update, impossible_iso_date, parse_iso_date};

pub(super) fn parse_publication(value: &Json) -> Result<Publication, SchemaError> {
    const PATH: &str = "publication";
    const KEYS: [&str; 13] = [
        "title",
        "caption",
        "source",
        "updated",
        "history",
        "notes",
        "downloadText",
        "thumbnailAlt",
        "lang",
        "urlPrefix",
        "fileName",
        "rowNoun",
        "abbreviations",
    ];
    let map = object(value, PATH)?;
    // comparatif's own object: an unknown key is a typo (or a property of another tool).
    known_keys(map, PATH, &KEYS)?;
    let text = |key: &str| -> Result<String, SchemaError> {
        match map.get(key) {
            Some(v) => {
                let s = string(v, &format!("{PATH}.{key}"))?;
                if s.trim().is_empty() {
                    return Err(invalid(
                        &format!("{PATH}.{key}"),
                        "le texte ne peut pas être vide",
                    ));
                }
                Ok(s.to_owned())
            }
            None => Err(invalid(PATH, format!("la propriété « {key} » est obligatoire"))),
        }
    };
    // A publication text with its limit (`limits`), refused past it.
    let limited = |key: &str, max: usize| -> Result<String, SchemaError> {
        let s = text(key)?;
        within_limit(&s, max, &format!("{PATH}.{key}"))?;
        Ok(s)
    };
    let updated = iso_date(&text("updated")?, "publication.updated")?;
    let history = match map.get("history") {
        Some(v) => parse_history(v, updated)?,
        None => Vec::new(),
    };
    let notes = match map.get("notes") {
        Some(v) => strings(v, "publication.notes")?,
        None => Vec::new(),
    };
    if notes.len() > MAX_NOTES {
        return Err(invalid(
            "publication.notes",
            format!("{} notes : le maximum est {MAX_NOTES}", notes.len()),
        ));
    }
    for (idx, note) in notes.iter().enumerate() {
        within_limit(note, MAX_NOTE_CHARS, &format!("publication.notes[{idx}]"))?;
    }
    let url_prefix = match map.get("urlPrefix") {
        Some(v) => string(v, "publication.urlPrefix")?.to_owned(),
        None => String::new(),
    };
    if let Some(problem) = url_prefix_problem(&url_prefix) {
        return Err(invalid("publication.urlPrefix", format!("« {url_prefix} » {problem}")));
    }
    let file_name = match map.get("fileName") {
        Some(v) => string(v, "publication.fileName")?.to_owned(),
        None => crate::pipeline::DEFAULT_FILE_NAME.to_owned(),
    };
    if let Some(problem) = file_name_problem(&file_name) {
        return Err(invalid("publication.fileName", problem));
    }
    Ok(Publication {
        title: limited("title", MAX_TITLE_CHARS)?,
        caption: limited("caption", MAX_CAPTION_CHARS)?,
        source: limited("source", MAX_SOURCE_CHARS)?,
        updated,
        notes,
        history,
        download_text: limited("downloadText", MAX_LINK_TEXT_CHARS)?,
        thumbnail_alt: limited("thumbnailAlt", MAX_ALT_TEXT_CHARS)?,
        lang: french_lang(text("lang")?)?,
        url_prefix,
        row_noun: map.get("rowNoun").map(parse_row_noun).transpose()?.unwrap_or_default(),
        abbreviations: match map.get("abbreviations") {
            Some(v) => parse_abbreviations(v)?,
            None => Vec::new(),
        },
        file_name,
    })
}

/// Refuses a key of `map` (the object at `path`) outside `keys`, naming the one meant when it
/// differs only by case, `_` or `-` (« url_prefix » : écrivez « urlPrefix »), else listing them.
fn known_keys(map: &Map<String, Json>, path: &str, keys: &[&str]) -> Result<(), SchemaError> {
    // comparatif's own object: an unknown key is a typo (or a property of another tool).
    let Some(key) = map.keys().find(|key| !keys.contains(&key.as_str())) else {
        return Ok(());
    };
    let plain = |k: &str| k.replace(['_', '-'], "").to_lowercase();
    let detail = match keys.iter().find(|k| plain(k) == plain(key)) {
        Some(meant) => format!(" : écrivez « {meant} »"),
        None => format!(" (propriétés possibles : {})", keys.join(", ")),
    };
    Err(invalid(path, format!("la propriété « {key} » n'existe pas{detail}")))
}

/// A date written `AAAA-MM-JJ` (the descriptor's property at `path`); an impossible one is
/// called so (« le 31 juin 2024 n'existe pas »).
fn iso_date(text: &str, path: &str) -> Result<Date, SchemaError> {
    if let Some(date) = parse_iso_date(text).filter(|_| text.len() == 10) {
        return Ok(date);
    }
    Err(invalid(
        path,
        match impossible_iso_date(text) {
            Some(why) => format!("« {text} » : {why}"),
            None => {
                format!("« {text} » n'est pas une date AAAA-MM-JJ (par exemple « 2020-04-09 »)")
            }
        },
    ))
}

/// `publication.history`: a list of `{"date": "AAAA-MM-JJ", "note": "…"}`, latest first
/// (dates never increasing), none after `updated`, each note a non-empty text within
/// [`MAX_HISTORY_NOTE_CHARS`], at most [`MAX_HISTORY`] of them.
fn parse_history(value: &Json, updated: Date) -> Result<Vec<Update>, SchemaError> {
    const PATH: &str = "publication.history";
    let items = value.as_array().ok_or_else(|| {
        invalid(PATH, "une liste est attendue : [{ \"date\": \"AAAA-MM-JJ\", \"note\": \"…\" }]")
    })?;
    if items.len() > MAX_HISTORY {
        return Err(invalid(
            PATH,
            format!(
                "{} mises à jour : le maximum est {}",
                french_number(items.len() as u64),
                french_number(MAX_HISTORY as u64)
            ),
        ));
    }
    let mut history: Vec<Update> = Vec::with_capacity(items.len());
    for (idx, item) in items.iter().enumerate() {
        let path = format!("{PATH}[{idx}]");
        let entry = object(item, &path)?;
        known_keys(entry, &path, &["date", "note"])?;
        let field = |key: &str| match entry.get(key) {
            Some(v) => string(v, &format!("{path}.{key}")),
            None => Err(invalid(&path, format!("la propriété « {key} » est obligatoire"))),
        };
        let date = iso_date(field("date")?, &format!("{path}.date"))?;
        let note = field("note")?;
        if note.trim().is_empty() {
            return Err(invalid(&format!("{path}.note"), "le texte ne peut pas être vide"));
        }
        within_limit(note, MAX_HISTORY_NOTE_CHARS, &format!("{path}.note"))?;
        if date > updated {
            return Err(invalid(
                &format!("{path}.date"),
                format!(
                    "la mise à jour du {} est postérieure à « updated » ({}) : écrivez la date de la dernière mise à jour dans « updated »",
                    french_date(date),
                    french_date(updated)
                ),
            ));
        }
        if let Some(before) = history.last().filter(|before| date > before.date) {
            return Err(invalid(
                &format!("{path}.date"),
                format!(
                    "la mise à jour du {} suit celle du {} : écrivez l'historique de la plus récente à la plus ancienne",
                    french_date(date),
                    french_date(before.date)
                ),
            ));
        }
        history.push(Update { date, note: note.to_owned() });
    }
    Ok(history)
}

fn french_date(date: Date) -> String {
    crate::french::date(date.year, date.month, date.day)
}

/// What is wrong with `publication.fileName`, in French, or `None`: a name that every file
/// system and address keeps as it is (ASCII letters, digits, `-`, `_`; a letter or a digit
/// first: no `/`, no `..`, no hidden file), and that gives no other table's file name
/// ([`file_names`](crate::pipeline::file_names): `apercu`, `lien` and `…-apercu`, `…-lien`
/// would).
fn file_name_problem(name: &str) -> Option<String> {
    let chars = name.chars().count();
    if chars > MAX_FILE_NAME_CHARS {
        let (chars, max) = (french_number(chars as u64), french_number(MAX_FILE_NAME_CHARS as u64));
        return Some(format!("le nom fait {chars} caractères, plus que le maximum de {max}"));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) || !name.chars().all(allowed) {
        return Some(format!(
            "« {name} » n'est pas un nom de fichier possible : une lettre sans accent ou un chiffre, puis des lettres sans accent, des chiffres, « - » et « _ » (par exemple « outils-webconference »)"
        ));
    }
    // `x-apercu.html` is the preview of the table `x` (`apercu.html` that of `tableau`).
    let lower = name.to_ascii_lowercase();
    [("apercu", "l'aperçu"), ("lien", "la carte de téléchargement")].into_iter().find_map(|(word, what)| {
        let owner = if lower == word {
            crate::pipeline::DEFAULT_FILE_NAME
        } else {
            lower.strip_suffix(word)?.strip_suffix('-')?;
            &name[..name.len() - word.len() - 1]
        };
        Some(format!(
            "« {name} » donnerait « {name}.html », le nom de {what} du tableau « {owner} » : choisissez un autre nom"
        ))
    })
}

/// `lang` as written, when it is French (`fr`, `fr-FR`, `fr-BE`…): every text comparatif
/// writes around the table (« Télécharger », « Filtrer », the PDF's descriptions) is French,
/// so another language would be announced wrongly to screen readers and search engines.
fn french_lang(lang: String) -> Result<String, SchemaError> {
    let primary = lang.split('-').next().unwrap_or_default();
    if primary.eq_ignore_ascii_case("fr") {
        return Ok(lang);
    }
    Err(invalid(
        "publication.lang",
        format!(
            "« {} » n'est pas du français : comparatif écrit ses textes en français (« Télécharger », « Filtrer », les descriptions du PDF), la langue du document doit donc être le français ; écrivez « fr » ou « fr-FR »",
            crate::french::escape(&lang)
        ),
    ))
}

/// `rowNoun`: `{"singular": "solution", "plural": "solutions", "gender": "f"}`, each form
/// one line of at most [`MAX_NOUN_CHARS`] characters, `gender` `f` or `m`.
fn parse_row_noun(value: &Json) -> Result<Noun, SchemaError> {
    const PATH: &str = "publication.rowNoun";
    let map = object(value, PATH)?;
    if let Some(key) = map.keys().find(|k| !["singular", "plural", "gender"].contains(&k.as_str()))
    {
        return Err(invalid(
            PATH,
            format!(
                "la propriété « {} » n'existe pas (propriétés possibles : singular, plural, gender)",
                crate::french::escape(key)
            ),
        ));
    }
    let form = |key: &str| -> Result<String, SchemaError> {
        let path = format!("{PATH}.{key}");
        let Some(v) = map.get(key) else {
            return Err(invalid(PATH, format!("la propriété « {key} » est obligatoire")));
        };
        let s = string(v, &path)?;
        if s.trim().is_empty() || s.trim() != s || s.chars().any(crate::french::is_forbidden) {
            return Err(invalid(
                &path,
                "écrivez le nom seul, sans espace autour ni retour à la ligne (« solution »)",
            ));
        }
        within_limit(s, MAX_NOUN_CHARS, &path)?;
        Ok(s.to_owned())
    };
    let (singular, plural) = (form("singular")?, form("plural")?);
    let gender = match map.get("gender").map(|v| string(v, &format!("{PATH}.gender"))) {
        Some(Ok("f")) => Gender::Feminine,
        Some(Ok("m")) => Gender::Masculine,
        Some(Ok(other)) => {
            return Err(invalid(
                &format!("{PATH}.gender"),
                format!(
                    "« {} » n'est pas un genre : écrivez « f » (une solution ajoutée) ou « m » (un outil ajouté)",
                    crate::french::escape(other)
                ),
            ));
        }
        Some(Err(e)) => return Err(e),
        None => return Err(invalid(PATH, "la propriété « gender » est obligatoire")),
    };
    Ok(Noun { singular, plural, gender })
}

/// `abbreviations`: `{"RIE": "réseau interministériel de l'État", "TLS": {"title": "Transport
/// Layer Security", "lang": "en"}}`, sorted by abbreviation. An abbreviation is one word of
/// letters and digits (the HTML looks for whole words: « RIE » in « l'RIE », not in
/// « RIEN »); an expansion is a non-empty text, or an object with `title` and the `lang` of a
/// foreign expansion.
fn parse_abbreviations(value: &Json) -> Result<Vec<Abbreviation>, SchemaError> {
    const PATH: &str = "publication.abbreviations";
    let map = object(value, PATH)?;
    if map.len() > MAX_ABBREVIATIONS {
        return Err(invalid(
            PATH,
            format!("{} abréviations : le maximum est {MAX_ABBREVIATIONS}", map.len()),
        ));
    }
    let mut found = Vec::with_capacity(map.len());
    for (short, value) in map {
        let shown = crate::french::escape(short);
        if short.is_empty() || !short.chars().all(char::is_alphanumeric) {
            return Err(invalid(
                PATH,
                format!(
                    "« {shown} » n'est pas un mot : une abréviation s'écrit en lettres et chiffres, sans espace, trait d'union ni point (« RIE », « SecNumCloud »)"
                ),
            ));
        }
        let path = format!("{PATH}.{short}");
        let (long, lang) = match value {
            Json::Object(entry) => expansion_object(entry, &path)?,
            other => (string(other, &path)?.to_owned(), None),
        };
        if long.trim().is_empty() || long.chars().any(crate::french::is_forbidden) {
            return Err(invalid(
                &path,
                "écrivez ce que l'abréviation veut dire, sur une ligne (« réseau interministériel de l'État »)",
            ));
        }
        within_limit(&long, MAX_TITLE_CHARS, &path)?;
        found.push(Abbreviation { short: short.clone(), long, lang });
    }
    found.sort_by(|a, b| a.short.cmp(&b.short));
    Ok(found)
}

/// `{"title": "Transport Layer Security", "lang": "en"}`: an expansion in another language.
fn expansion_object(
    entry: &Map<String, Json>,
    path: &str,
) -> Result<(String, Option<String>), SchemaError> {
    if let Some(key) = entry.keys().find(|k| !["title", "lang"].contains(&k.as_str())) {
        return Err(invalid(
            path,
            format!(
                "la propriété « {} » n'existe pas (propriétés possibles : title, lang)",
                crate::french::escape(key)
            ),
        ));
    }
    let long = match entry.get("title") {
        Some(v) => string(v, &format!("{path}.title"))?.to_owned(),
        None => return Err(invalid(path, "la propriété « title » est obligatoire")),
    };
    let lang = match entry.get("lang") {
        Some(v) => {
            let lang = string(v, &format!("{path}.lang"))?;
            let tag = |part: &str| {
                (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
            };
            if !lang.split('-').all(tag) {
                return Err(invalid(
                    &format!("{path}.lang"),
                    format!(
                        "« {} » n'est pas une langue BCP 47 (« en », « de »)",
                        crate::french::escape(lang)
                    ),
                ));
            }
            Some(lang.to_owned())
        }
        None => None,
    };
    Ok((long, lang))
}

/// What is wrong with a prefix of the download card's addresses (`publication.urlPrefix`, or
/// `--url-prefix`), in French, or `None` when it is usable: empty, or a path or an http(s)
/// address that ends with `/`, without spaces, quotes or control characters.
pub fn url_prefix_problem(prefix: &str) -> Option<&'static str> {
    if prefix.is_empty() {
        return None;
    }
    if prefix
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\'))
    {
        return Some(
            "ne doit contenir ni espace, ni guillemet, ni chevron, ni barre oblique inverse",
        );
    }
    if prefix.starts_with("//") {
        return Some(
            "est une adresse sans protocole (« //hôte/… ») qui chargerait les fichiers depuis un autre site : écrivez un chemin (« /uploads/ ») ou une adresse en https (« https://www.numerique.gouv.fr/uploads/ »)",
        );
    }
    let before_path = prefix.split('/').next().unwrap_or_default();
    let web = prefix.starts_with("https://") || prefix.starts_with("http://");
    if before_path.contains(':') && !web {
        return Some(
            "doit être un chemin (« /uploads/ ») ou une adresse en http(s) (« https://www.numerique.gouv.fr/uploads/ »)",
        );
    }
    if !prefix.ends_with('/') {
        return Some("doit finir par « / », comme un dossier (par exemple « /uploads/ »)");
    }
    None
}

/// Refuses `text`, the descriptor's property at `path`, when it has more than `max` characters.
fn within_limit(text: &str, max: usize, path: &str) -> Result<(), SchemaError> {
    let chars = text.chars().count();
    if chars <= max {
        return Ok(());
    }
    Err(invalid(
        path,
        format!(
            "le texte fait {} caractères, plus que le maximum de {}",
            french_number(chars as u64),
            french_number(max as u64)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{PUBLICATION, package};
    use super::*;
    use crate::schema::parse;

    #[test]
    fn issue_21_publication_texts_have_a_length_limit() {
        let ok = r#"{"path": "t.csv", "schema": {"fields": [{"name": "a"}]}}"#;
        let with = |key: &str, value: Json| {
            let mut package: Json = serde_json::from_str(&package(ok)).unwrap();
            package["publication"][key] = value;
            parse(&package.to_string())
        };
        // At its limit a text is kept; one character more (é: counted as one) is refused.
        for (key, max) in [
            ("title", MAX_TITLE_CHARS),
            ("caption", MAX_CAPTION_CHARS),
            ("source", MAX_SOURCE_CHARS),
            ("downloadText", MAX_LINK_TEXT_CHARS),
            ("thumbnailAlt", MAX_ALT_TEXT_CHARS),
        ] {
            assert!(with(key, Json::from("é".repeat(max))).is_ok(), "{key}");
            let err = with(key, Json::from("é".repeat(max + 1))).unwrap_err().to_string();
            let (more, limit) = (french_number(max as u64 + 1), french_number(max as u64));
            assert_eq!(
                err,
                format!(
                    "publication.{key} : le texte fait {more} caractères, plus que le maximum de {limit}"
                )
            );
        }
        let notes = |n: usize, chars: usize| Json::from(vec!["x".repeat(chars); n]);
        assert!(with("notes", notes(MAX_NOTES, MAX_NOTE_CHARS)).is_ok());
        let err = with("notes", notes(2, MAX_NOTE_CHARS + 1)).unwrap_err().to_string();
        assert_eq!(
            err,
            "publication.notes[0] : le texte fait 2\u{202f}001 caractères, plus que le maximum de 2\u{202f}000"
        );
        let err = with("notes", notes(MAX_NOTES + 1, 1)).unwrap_err().to_string();
        assert_eq!(err, "publication.notes : 101 notes : le maximum est 100");
    }

    #[test]
    fn issue_23_file_name_is_a_safe_name_that_no_other_table_s_file_takes() {
        let with = |name: Json| {
            let ok = r#"{"path": "t.csv", "schema": {"fields": [{"name": "a"}]}}"#;
            let mut package: Json = serde_json::from_str(&package(ok)).unwrap();
            package["publication"]["fileName"] = name;
            parse(&package.to_string())
        };
        let ok = r#"{"path": "t.csv", "schema": {"fields": [{"name": "a"}]}}"#;
        assert_eq!(parse(&package(ok)).unwrap().publication.file_name, "tableau", "by default");
        for name in ["outils-webconference", "Tableau_2", "2024", "a", "apercus", "lien-utile"] {
            let d = with(Json::from(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(d.publication.file_name, name);
        }
        let max = "a".repeat(MAX_FILE_NAME_CHARS);
        assert!(with(Json::from(max.as_str())).is_ok());
        let refused = [
            (
                "../tableau",
                "« ../tableau » n'est pas un nom de fichier possible : une lettre sans accent ou un chiffre, puis des lettres sans accent, des chiffres, « - » et « _ » (par exemple « outils-webconference »)",
            ),
            ("out/tableau", "« out/tableau » n'est pas un nom de fichier possible"),
            (".cache", "« .cache » n'est pas"),
            ("-rf", "« -rf » n'est pas"),
            ("", "«  » n'est pas"),
            ("tableau.pdf", "« tableau.pdf » n'est pas"),
            ("données", "« données » n'est pas"),
            ("a b", "« a b » n'est pas"),
            (
                "apercu",
                "« apercu » donnerait « apercu.html », le nom de l'aperçu du tableau « tableau » : choisissez un autre nom",
            ),
            (
                "Lien",
                "« Lien » donnerait « Lien.html », le nom de la carte de téléchargement du tableau « tableau »",
            ),
            ("outils-apercu", "le nom de l'aperçu du tableau « outils »"),
            ("outils-lien", "le nom de la carte de téléchargement du tableau « outils »"),
        ];
        for (name, said) in refused {
            let err = with(Json::from(name)).unwrap_err().to_string();
            assert!(err.starts_with("publication.fileName : « "), "{name}: {err}");
            assert!(err.contains(said), "{name}: {err}");
        }
        let err = with(Json::from(format!("{max}a"))).unwrap_err().to_string();
        assert_eq!(
            err,
            "publication.fileName : le nom fait 101 caractères, plus que le maximum de 100"
        );
        let err = with(Json::from(3)).unwrap_err().to_string();
        assert!(err.starts_with("publication.fileName : "), "{err}");
    }

    #[test]
    fn issue_17_publication_url_prefix_is_read_and_checked() {
        let with = |prefix: &str| {
            let publication = PUBLICATION.replace(
                r#""lang": "fr-FR""#,
                &format!(r#""lang": "fr-FR", "urlPrefix": {}"#, serde_json::json!(prefix)),
            );
            let ok = r#"{"path": "t.csv", "schema": {"fields": [{"name": "a"}]}}"#;
            parse(&format!(r#"{{"resources": [{ok}], {publication}}}"#))
        };
        for prefix in ["/uploads/", "", "https://www.numerique.gouv.fr/uploads/", "uploads/"] {
            let d = with(prefix).unwrap_or_else(|e| panic!("{prefix}: {e}"));
            assert_eq!(d.publication.url_prefix, prefix);
        }
        let d = parse(&package(r#"{"path": "t.csv", "schema": {"fields": [{"name": "a"}]}}"#));
        assert_eq!(d.unwrap().publication.url_prefix, "", "relative addresses by default");
        // A misspelt name is named, with the right spelling.
        let typo = package(r#"{"path": "t.csv", "schema": {"fields": [{"name": "a"}]}}"#)
            .replace(r#""lang": "fr-FR""#, r#""lang": "fr-FR", "url_prefix": "/uploads/""#);
        let err = parse(&typo).unwrap_err().to_string();
        assert_eq!(
            err,
            "publication : la propriété « url_prefix » n'existe pas : écrivez « urlPrefix »"
        );
        for (prefix, said) in [
            ("/uploads", "doit finir par « / »"),
            ("/mes fichiers/", "ni espace"),
            ("javascript:alert(1)//", "http(s)"),
            ("ftp://exemple.fr/", "http(s)"),
        ] {
            let err = with(prefix).unwrap_err().to_string();
            assert!(err.starts_with("publication.urlPrefix : "), "{prefix}: {err}");
            assert!(err.contains(said), "{prefix}: {err}");
        }
    }

    /// The test package with `publication.<key>` set to `value`.
    fn with(key: &str, value: Json) -> Result<crate::schema::Descriptor, SchemaError> {
        let ok = r#"{"path": "t.csv", "schema": {"fields": [{"name": "a"}]}}"#;
        let mut package: Json = serde_json::from_str(&package(ok)).unwrap();
        package["publication"][key] = value;
        parse(&package.to_string())
    }

    #[test]
    fn issue_23_row_noun_is_read_and_checked() {
        let d = with(
            "rowNoun",
            serde_json::json!({"singular": "outil", "plural": "outils", "gender": "m"}),
        );
        assert_eq!(
            d.unwrap().publication.row_noun,
            Noun::new("outil", "outils", Gender::Masculine)
        );
        let d = with("lang", Json::from("fr")).unwrap();
        assert_eq!(d.publication.row_noun, Noun::default(), "« ligne » without rowNoun");
        for (value, said) in [
            (
                serde_json::json!({"singular": "outil", "plural": "outils", "gender": "n"}),
                "publication.rowNoun.gender : « n » n'est pas un genre : écrivez « f » (une solution ajoutée) ou « m » (un outil ajouté)",
            ),
            (
                serde_json::json!({"singular": "outil", "plural": "outils"}),
                "publication.rowNoun : la propriété « gender » est obligatoire",
            ),
            (
                serde_json::json!({"singular": " outil", "plural": "outils", "gender": "m"}),
                "publication.rowNoun.singular : écrivez le nom seul, sans espace autour ni retour à la ligne (« solution »)",
            ),
            (
                serde_json::json!({"singular": "outil", "plural": "", "gender": "m"}),
                "publication.rowNoun.plural : écrivez le nom seul, sans espace autour ni retour à la ligne (« solution »)",
            ),
            (
                serde_json::json!({"singular": "outil", "plurals": "outils", "gender": "m"}),
                "publication.rowNoun : la propriété « plurals » n'existe pas (propriétés possibles : singular, plural, gender)",
            ),
            (serde_json::json!("outil"), "publication.rowNoun : "),
        ] {
            let err = with("rowNoun", value.clone()).unwrap_err().to_string();
            assert!(err.starts_with(said), "{value}: {err}");
        }
    }

    #[test]
    fn issue_23_abbreviations_are_read_sorted_and_checked() {
        let d = with(
            "abbreviations",
            serde_json::json!({"TLS": {"title": "Transport Layer Security", "lang": "en"}, "DGFiP": "direction générale des finances publiques"}),
        )
        .unwrap();
        let shorts: Vec<&str> =
            d.publication.abbreviations.iter().map(|a| a.short.as_str()).collect();
        assert_eq!(shorts, ["DGFiP", "TLS"]);
        assert_eq!(d.publication.abbreviations[1].lang.as_deref(), Some("en"));
        assert_eq!(d.publication.abbreviations[0].lang, None);
        for (value, said) in [
            (
                serde_json::json!({"Sec Num": "x"}),
                "publication.abbreviations : « Sec Num » n'est pas un mot",
            ),
            (serde_json::json!({"": "x"}), "publication.abbreviations : «  » n'est pas un mot"),
            (
                serde_json::json!({"R.I.E": "x"}),
                "publication.abbreviations : « R.I.E » n'est pas un mot",
            ),
            (
                serde_json::json!({"RIE": " "}),
                "publication.abbreviations.RIE : écrivez ce que l'abréviation veut dire",
            ),
            (serde_json::json!({"RIE": 3}), "publication.abbreviations.RIE : un texte est attendu"),
            (
                serde_json::json!({"TLS": {"title": "T", "lang": "en us"}}),
                "publication.abbreviations.TLS.lang : « en us » n'est pas une langue BCP 47",
            ),
            (
                serde_json::json!({"TLS": {"lang": "en"}}),
                "publication.abbreviations.TLS : la propriété « title » est obligatoire",
            ),
            (
                serde_json::json!({"TLS": {"title": "T", "langue": "en"}}),
                "publication.abbreviations.TLS : la propriété « langue » n'existe pas",
            ),
            (serde_json::json!(["RIE"]), "publication.abbreviations : "),
        ] {
            let err = with("abbreviations", value.clone()).unwrap_err().to_string();
            assert!(err.starts_with(said), "{value}: {err}");
        }
    }

    #[test]
    fn issue_25_history_is_read_and_checked() {
        let d = with(
            "history",
            serde_json::json!([
                {"date": "2020-04-09", "note": "Ajout de Tixeo"},
                {"date": "2020-04-09", "note": "Même jour"},
                {"date": "2020-03-01", "note": "Première version"}
            ]),
        )
        .unwrap();
        let history = &d.publication.history;
        assert_eq!(history.len(), 3);
        assert_eq!(
            (history[2].date.to_string().as_str(), history[2].note.as_str()),
            ("2020-03-01", "Première version")
        );
        assert!(with("lang", Json::from("fr")).unwrap().publication.history.is_empty());
        let note =
            |chars: usize| serde_json::json!([{"date": "2020-04-09", "note": "é".repeat(chars)}]);
        assert!(with("history", note(MAX_HISTORY_NOTE_CHARS)).is_ok());
        let many = Json::from(vec![
            serde_json::json!({"date": "2020-04-09", "note": "x"});
            MAX_HISTORY + 1
        ]);
        for (value, said) in [
            (
                serde_json::json!([{"date": "2020-04-10", "note": "x"}]),
                "publication.history[0].date : la mise à jour du 10 avril 2020 est postérieure à « updated » (9 avril 2020) : écrivez la date de la dernière mise à jour dans « updated »",
            ),
            (
                serde_json::json!([{"date": "2020-01-01", "note": "x"}, {"date": "2020-02-01", "note": "y"}]),
                "publication.history[1].date : la mise à jour du 1er février 2020 suit celle du 1er janvier 2020 : écrivez l'historique de la plus récente à la plus ancienne",
            ),
            (
                serde_json::json!([{"date": "2020-02-30", "note": "x"}]),
                "publication.history[0].date : « 2020-02-30 » : le 30 février 2020 n'existe pas (février a 29 jours)",
            ),
            (
                serde_json::json!([{"date": "9 avril 2020", "note": "x"}]),
                "publication.history[0].date : « 9 avril 2020 » n'est pas une date AAAA-MM-JJ (par exemple « 2020-04-09 »)",
            ),
            (
                serde_json::json!([{"date": "2020-04-09", "note": " "}]),
                "publication.history[0].note : le texte ne peut pas être vide",
            ),
            (
                serde_json::json!([{"date": "2020-04-09"}]),
                "publication.history[0] : la propriété « note » est obligatoire",
            ),
            (
                serde_json::json!([{"Date": "2020-04-09", "note": "x"}]),
                "publication.history[0] : la propriété « Date » n'existe pas : écrivez « date »",
            ),
            (
                serde_json::json!([{"date": "2020-04-09", "note": "x", "auteur": "y"}]),
                "publication.history[0] : la propriété « auteur » n'existe pas (propriétés possibles : date, note)",
            ),
            (
                serde_json::json!([{"date": "2020-04-09", "note": 3}]),
                "publication.history[0].note : un texte est attendu",
            ),
            (
                serde_json::json!(["2020-04-09"]),
                "publication.history[0] : un objet JSON est attendu",
            ),
            (
                serde_json::json!({"date": "2020-04-09"}),
                "publication.history : une liste est attendue",
            ),
            (
                note(MAX_HISTORY_NOTE_CHARS + 1),
                "publication.history[0].note : le texte fait 1\u{202f}001 caractères, plus que le maximum de 1\u{202f}000",
            ),
            (many, "publication.history : 1\u{202f}001 mises à jour : le maximum est 1\u{202f}000"),
        ] {
            let err = with("history", value.clone()).unwrap_err().to_string();
            assert!(err.starts_with(said), "{value}: {err}");
        }
    }

    #[test]
    fn issue_25_an_impossible_update_date_is_called_impossible() {
        for (date, said) in [
            ("2024-06-31", "« 2024-06-31 » : le 31 juin 2024 n'existe pas (juin a 30 jours)"),
            (
                "2023-02-29",
                "« 2023-02-29 » : le 29 février 2023 n'existe pas (2023 n'est pas bissextile)",
            ),
            ("2024-13-01", "« 2024-13-01 » : le mois 13 n'existe pas (de 01 à 12)"),
            ("2024-01-00", "« 2024-01-00 » : le jour 00 n'existe pas (de 01 à 31)"),
            (
                "2024-6-30",
                "« 2024-6-30 » n'est pas une date AAAA-MM-JJ (par exemple « 2020-04-09 »)",
            ),
        ] {
            let err = with("updated", Json::from(date)).unwrap_err().to_string();
            assert_eq!(err, format!("publication.updated : {said}"));
        }
        assert!(with("updated", Json::from("2024-02-29")).is_ok());
    }

    #[test]
    fn issue_23_lang_must_be_french() {
        for lang in ["fr", "fr-FR", "fr-BE", "FR"] {
            assert_eq!(with("lang", Json::from(lang)).unwrap().publication.lang, lang);
        }
        for lang in ["en", "en-GB", "de", "french", "f"] {
            let err = with("lang", Json::from(lang)).unwrap_err().to_string();
            assert!(
                err.starts_with(&format!("publication.lang : « {lang} » n'est pas du français : comparatif écrit ses textes en français")),
                "{lang}: {err}"
            );
            assert!(err.ends_with("écrivez « fr » ou « fr-FR »"), "{err}");
        }
    }
}
