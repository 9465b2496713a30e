//! A descriptor that is not JSON: its text → what is wrong, where it really is and how to fix
//! it, in French (« virgule en trop après le dernier élément, ligne 47, colonne 30 »).
//!
//! serde_json says where it stopped (for a trailing comma, the line after it) and little
//! more; `jsonc-parser`, run strictly on the same text, names the cause (trailing comma,
//! missing comma, comment, single quotes, unclosed text…) and its span, from which the place
//! is the comma itself, or the end of the value a comma should follow.

use jsonc_parser::errors::ParseErrorKind as Kind;
use jsonc_parser::{
    CollectOptions, ParseOptions, ParseStringErrorKind as StringKind, parse_to_ast,
};

/// The French description of the JSON syntax error in `text` (`serde`, serde_json's), with its
/// line and column (from 1, columns in characters) and the fix; `fallback` (serde_json's, in
/// French) when the strict parser finds no error or none it can name.
pub(super) fn describe(text: &str, serde: &serde_json::Error, fallback: String) -> String {
    if serde.to_string().starts_with("control character") {
        return control(text, serde).unwrap_or(fallback);
    }
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let Err(err) = parse_to_ast(text, &CollectOptions::default(), &strict) else {
        return fallback;
    };
    let start = err.range().start.min(text.len());
    let at = |pos: usize| place(text, pos);
    // Typographic quotes typed by a word processor, where JSON wants straight ones.
    if let Some(quote) = text[start..].chars().next().filter(|c| "“”«»‘’".contains(*c)) {
        return format!(
            "guillemet typographique « {quote} » {} : JSON n'accepte que les guillemets droits (\") autour des noms et des textes",
            at(start)
        );
    }
    let (what, pos, fix) = match err.kind() {
        Kind::TrailingCommasNotAllowed => (
            "virgule en trop après le dernier élément",
            start,
            "supprimez-la : JSON n'accepte pas de virgule avant « } » ou « ] »",
        ),
        Kind::ExpectedComma => (
            "virgule manquante",
            end_of_previous_value(text, start),
            "ajoutez une virgule après cette valeur : deux propriétés ou deux éléments se séparent par une virgule",
        ),
        Kind::CommentsNotAllowed => (
            "commentaire",
            start,
            "supprimez-le : JSON n'accepte pas de commentaire (// ou /* */) ; un texte pour les personnes va dans une propriété « description »",
        ),
        Kind::UnterminatedCommentBlock => (
            "commentaire non fermé",
            start,
            "supprimez-le : JSON n'accepte pas de commentaire (// ou /* */)",
        ),
        Kind::SingleQuotedStringsNotAllowed => (
            "texte entre guillemets simples",
            start,
            "écrivez-le entre guillemets droits doubles (\"…\") : JSON n'accepte pas les guillemets simples",
        ),
        Kind::String(StringKind::UnterminatedStringLiteral) => (
            "texte non fermé",
            start,
            "ajoutez le guillemet \" qui le termine, sur la même ligne (un retour à la ligne s'écrit \\n dans un texte)",
        ),
        Kind::String(_) => (
            "barre oblique inverse (\\) mal employée dans un texte",
            start,
            "doublez-la (\\\\) pour l'écrire, ou écrivez une séquence de JSON : \\\" \\n \\t \\uXXXX",
        ),
        Kind::ExpectedColonAfterObjectKey => (
            "deux-points manquant après le nom de la propriété",
            start,
            "écrivez « \"nom\": valeur »",
        ),
        Kind::ExpectedStringObjectProperty | Kind::UnexpectedWord => (
            "mot inattendu",
            start,
            "écrivez les noms et les textes entre guillemets droits doubles (\"…\"), et true, false, null en minuscules",
        ),
        Kind::UnterminatedObject => (
            "objet non fermé",
            start,
            "ajoutez l'accolade « } » qui le ferme (à chaque « { » répond une « } »)",
        ),
        Kind::UnterminatedArray => (
            "liste non fermée",
            start,
            "ajoutez le crochet « ] » qui la ferme (à chaque « [ » répond un « ] »)",
        ),
        Kind::UnexpectedCloseBrace
        | Kind::UnexpectedCloseBracket
        | Kind::UnexpectedToken
        | Kind::UnexpectedTokenInObject
            if text[start..].starts_with(['}', ']']) =>
        {
            // « } » inside a list, « ] » inside an object: the list or object opened before
            // was never closed.
            let closing = text[start..].chars().next().unwrap_or('}');
            return match innermost_open(text, start) {
                Some(('[', open)) if closing == '}' => format!(
                    "liste non fermée {} : ajoutez le crochet « ] » qui la ferme, avant la « }} » {}",
                    at(open),
                    at(start)
                ),
                Some(('{', open)) if closing == ']' => format!(
                    "objet non fermé {} : ajoutez l'accolade « }} » qui le ferme, avant le « ] » {}",
                    at(open),
                    at(start)
                ),
                _ => format!(
                    "« {closing} » en trop {} : supprimez-la, ou ajoutez l'ouverture qui lui manque (à chaque « {{ » répond une « }} », à chaque « [ » un « ] »)",
                    at(start)
                ),
            };
        }
        Kind::MultipleRootJsonValues => (
            "texte en trop après la fin du descripteur",
            start,
            "supprimez ce qui suit la dernière accolade « } »",
        ),
        Kind::HexadecimalNumbersNotAllowed
        | Kind::UnaryPlusNumbersNotAllowed
        | Kind::BareDecimalPointNumbersNotAllowed
        | Kind::NonFiniteNumbersNotAllowed
        | Kind::ExpectedDigit
        | Kind::ExpectedDigitFollowingNegativeSign
        | Kind::ExpectedPlusMinusOrDigitInNumberLiteral => (
            "nombre mal écrit",
            start,
            "écrivez-le en chiffres avec un point décimal (0.5, 12, -3), ou entre guillemets si c'est un texte",
        ),
        Kind::UnexpectedComma => (
            "virgule en trop",
            start,
            "supprimez-la : une virgule sépare deux éléments, ni avant le premier ni deux de suite",
        ),
        Kind::UnexpectedColon => (
            "deux-points en trop",
            start,
            "un seul « : » sépare le nom d'une propriété de sa valeur ; un texte s'écrit entre guillemets droits doubles",
        ),
        _ => {
            return match text[start..].chars().next() {
                Some(ch) if !ch.is_whitespace() => format!(
                    "caractère inattendu « {} » {} : vérifiez ce qui précède (guillemets, virgules, accolades)",
                    crate::french::escape(&ch.to_string()),
                    at(start)
                ),
                _ => fallback,
            };
        }
    };
    format!("{what} {} : {fix}", at(pos))
}

/// A control character inside a text, where serde_json stopped (`serde`'s line, and its
/// column in bytes, 0 for the line break that ends the line before): a line break means the
/// text was not closed on its line, said at its opening quote.
fn control(text: &str, serde: &serde_json::Error) -> Option<String> {
    let line_start = match serde.line() {
        1 => 0,
        n => text.match_indices('\n').nth(n - 2)?.0 + 1,
    };
    let pos = (line_start + serde.column()).checked_sub(1)?;
    let ch = text.get(pos..)?.chars().next()?;
    if ch == '\n' || ch == '\r' {
        let line = &text[..pos];
        let opening = line.rfind('"')?;
        return Some(format!(
            "texte non fermé {} : ajoutez le guillemet \" qui le termine, sur la même ligne (un retour à la ligne s'écrit \\n dans un texte)",
            place(text, opening)
        ));
    }
    Some(format!(
        "caractère de contrôle {} dans un texte {} : écrivez une tabulation \\t, un retour à la ligne \\n, ou supprimez-le",
        crate::french::code_point(ch),
        place(text, pos)
    ))
}

/// The innermost `{` or `[` still open at byte `pos` of `text`, and its byte; texts skipped.
fn innermost_open(text: &str, pos: usize) -> Option<(char, usize)> {
    let mut open = Vec::new();
    let (mut in_text, mut escaped) = (false, false);
    for (idx, ch) in text[..pos].char_indices() {
        match (in_text, ch) {
            (true, _) if escaped => escaped = false,
            (true, '\\') => escaped = true,
            (true, '"') | (false, '"') => in_text = !in_text,
            (false, '{' | '[') => open.push((ch, idx)),
            (false, '}' | ']') => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

/// « à la ligne 47, colonne 30 » for byte `pos` of `text` (both from 1, columns in characters).
fn place(text: &str, pos: usize) -> String {
    let before = &text[..pos];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |idx| idx + 1);
    let column = before[line_start..].chars().count() + 1;
    format!("à la ligne {line}, colonne {column}")
}

/// The byte just after the last non-blank character before `pos`: where a missing comma goes
/// (the end of the previous value, often on the line before the one the parser stopped at).
fn end_of_previous_value(text: &str, pos: usize) -> usize {
    text[..pos].trim_end().len()
}

#[cfg(test)]
mod tests {
    use crate::schema::parse;

    /// The message of the descriptor `text`.
    fn said(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn issue_25_json_errors_point_at_their_cause() {
        let repository = include_str!("../../datapackage.json");
        // The repository's last note, then a comma before « ] »: the comma's own line.
        let trailing =
            repository.replace("peuvent évoluer.\"\n    ],", "peuvent évoluer.\",\n    ],");
        assert_ne!(trailing, repository);
        let line =
            trailing[..trailing.find("peuvent évoluer.\",").unwrap()].matches('\n').count() + 1;
        let column = trailing.lines().nth(line - 1).unwrap().chars().count();
        assert_eq!(
            said(&trailing),
            format!(
                "le descripteur n'est pas un JSON valide : virgule en trop après le dernier élément à la ligne {line}, colonne {column} : supprimez-la : JSON n'accepte pas de virgule avant « }} » ou « ] »"
            )
        );
        for (text, expected) in [
            (
                "{\n  \"a\": 1,\n  \"b\": 2,\n}",
                "virgule en trop après le dernier élément à la ligne 3, colonne 9 : supprimez-la",
            ),
            (
                "{\n  \"a\": \"x\"\n  \"b\": 2\n}",
                "virgule manquante à la ligne 2, colonne 11 : ajoutez une virgule après cette valeur",
            ),
            (
                "{\n  // le titre\n  \"a\": 1\n}",
                "commentaire à la ligne 2, colonne 3 : supprimez-le : JSON n'accepte pas de commentaire",
            ),
            (
                "{\n  'a': 1\n}",
                "texte entre guillemets simples à la ligne 2, colonne 3 : écrivez-le entre guillemets droits doubles",
            ),
            (
                "{\n  \"a\": \"pas fermé,\n  \"b\": 2\n}",
                "texte non fermé à la ligne 2, colonne 8 : ajoutez le guillemet \" qui le termine",
            ),
            (
                "{\n  \"a\": “x”\n}",
                "guillemet typographique « “ » à la ligne 2, colonne 8 : JSON n'accepte que les guillemets droits",
            ),
            ("{\n  \"a\" 1\n}", "deux-points manquant après le nom de la propriété à la ligne 2"),
            ("{\n  a: 1\n}", "mot inattendu à la ligne 2, colonne 3"),
            ("{\n  \"a\": True\n}", "mot inattendu à la ligne 2, colonne 8"),
            (
                "{\n  \"a\": [1, 2\n}",
                "liste non fermée à la ligne 2, colonne 8 : ajoutez le crochet « ] » qui la ferme, avant la « } » à la ligne 3, colonne 1",
            ),
            ("[1, {\"a\": 2]", "objet non fermé à la ligne 1, colonne 5"),
            ("{\"a\": 1}\n}", "texte en trop après la fin du descripteur"),
            ("{\n  \"a\": 1", "objet non fermé à la ligne 1, colonne 1"),
            (
                "{\n  \"a\": 1\n}}",
                "texte en trop après la fin du descripteur à la ligne 3, colonne 2",
            ),
            ("{\n  \"a\": .5\n}", "nombre mal écrit à la ligne 2, colonne 8"),
            ("[1,, 2]", "virgule en trop à la ligne 1, colonne 4"),
            ("{\"a\": 1 ; \"b\": 2}", "caractère inattendu « ; » à la ligne 1, colonne 9"),
            (
                "{\n  \"a\": \"c:\\dossier\"\n}",
                "barre oblique inverse (\\) mal employée dans un texte à la ligne 2",
            ),
        ] {
            let err = said(text);
            let err = err.strip_prefix("le descripteur n'est pas un JSON valide : ").unwrap();
            assert!(err.starts_with(expected), "{text:?}\n→ {err}");
        }
    }
}
