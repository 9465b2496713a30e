//! Separator diagnosis: a header that is one cell holding another delimiter (`;` from a French
//! spreadsheet, a tab…) → one message instead of a cascade of header errors, saying the encoding
//! too when the file is not UTF-8 either.

use csv::ByteRecord;

use super::encoding::{EncodingFault, windows_1252};
use crate::diag::{Code, Diagnostic, Sink};
use crate::schema::Dialect;

/// A header written with another delimiter than the dialect's.
pub(super) struct WrongSeparator {
    /// The delimiter the header holds.
    found: u8,
    /// The header's text (as one cell), for the diagnostic's value.
    label: String,
    /// Line (from 1) of the header.
    line: u64,
}

/// Detects a header written with another delimiter (`;` from a French spreadsheet, a tab…),
/// whatever its encoding: one message instead of a cascade of header errors.
pub(super) fn wrong_separator_in(
    header: &ByteRecord,
    dialect: Dialect,
    line: u64,
) -> Option<WrongSeparator> {
    if header.len() != 1 {
        return None;
    }
    let label = header.get(0).unwrap_or_default();
    let (found, _) = DELIMITERS
        .into_iter()
        .filter(|(c, _)| *c != dialect.delimiter)
        .find(|(c, _)| label.contains(c))?;
    Some(WrongSeparator { found, label: String::from_utf8_lossy(label).into_owned(), line })
}

/// Delimiters recognised in a header, with their French names.
const DELIMITERS: [(u8, &str); 4] =
    [(b';', "point-virgule"), (b'\t', "tabulation"), (b',', "virgule"), (b'|', "barre verticale")];

/// Reports the wrong delimiter and, when the file is not UTF-8 either, its encoding too: one
/// message and one way to save the file again that fixes both.
pub(super) fn report_separator(
    separator: &WrongSeparator,
    encoding: Option<EncodingFault>,
    dialect: Dialect,
    sink: &mut dyn Sink,
) {
    let name = |b: u8| DELIMITERS.iter().find(|(c, _)| *c == b).map(|(_, n)| *n);
    let shown = |b: u8| {
        if b == b'\t' { "tabulation".to_owned() } else { format!("« {} »", char::from(b)) }
    };
    let named = |b: u8| match name(b) {
        Some(n) if b != b'\t' => format!("{} ({n})", shown(b)),
        _ => shown(b),
    };
    let expected_name = name(dialect.delimiter)
        .map_or_else(|| format!("« {} »", char::from(dialect.delimiter)), str::to_owned);
    let (found, expected) = (named(separator.found), named(dialect.delimiter));
    let d = Diagnostic::error(Code::Separateur).line(separator.line).value(&separator.label);
    let Some(fault) = encoding else {
        sink.emit(
            d.message(format!(
                "les colonnes sont séparées par {found} alors que le descripteur attend {expected} ; la lecture s'arrête là"
            ))
            .hint(format!(
                "réenregistrez le fichier avec le séparateur {expected_name} : dans LibreOffice, cochez « Éditer les paramètres du filtre » \
                 et choisissez {} comme séparateur de champ ; dans Excel, choisissez « CSV UTF-8 (délimité par des virgules) »",
                shown(dialect.delimiter)
            )),
        );
        return;
    };
    let (line, byte) = (fault.line, fault.byte);
    let encoding = match windows_1252(byte) {
        Some(ch) => format!(
            "le fichier est encodé en Windows-1252 (ligne {line}, l'octet 0x{byte:02X} : sans doute « {ch} »)"
        ),
        None => {
            format!("le fichier n'est pas encodé en UTF-8 (ligne {line}, l'octet 0x{byte:02X})")
        }
    };
    sink.emit(
        d.message(format!(
            "les colonnes sont séparées par {found} et {encoding}, alors que le descripteur attend le séparateur {expected} et l'encodage UTF-8 ; la lecture s'arrête là"
        ))
        .hint(format!(
            "réenregistrez le fichier en CSV UTF-8 séparé par {}, ce qui corrige les deux : dans LibreOffice Calc, « Enregistrer sous », \
             type « Texte CSV », cochez « Éditer les paramètres du filtre », puis choisissez le jeu de caractères « Unicode (UTF-8) » \
             et {} comme séparateur de champ (Excel, même en « CSV UTF-8 (délimité par des virgules) », peut garder le \
             point-virgule selon les réglages régionaux de Windows)",
            if dialect.delimiter == b',' { "des virgules".to_owned() } else { shown(dialect.delimiter) },
            shown(dialect.delimiter)
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes, run};
    use super::*;

    #[test]
    fn semicolons_give_one_message() {
        let (records, diags) = run(b"a;b;c\n1;2;3\n4;5\n");
        assert!(records.is_empty());
        assert_eq!(codes(&diags), vec![(Code::Separateur, Some(1))]);
        assert!(diags[0].message.contains("« ; »"));
    }

    #[test]
    fn issue_17_semicolons_and_windows_1252_give_one_message() {
        let mut far = format!("a;b\n{}", "1;2\n".repeat(150)).into_bytes();
        far.extend_from_slice(b"3;caf\xE9\n");
        let inputs: [&[u8]; 3] = [b"a;b;c\n1;caf\xE9;3\n", b"h\xE9bergement;b\n1;2\n", &far];
        for input in inputs {
            let (records, diags) = run(input);
            assert!(records.is_empty());
            assert_eq!(diags.len(), 1, "{diags:?}");
            let d = &diags[0];
            assert_eq!((d.code, d.line), (Code::Separateur, Some(1)));
            for said in ["« ; » (point-virgule)", "Windows-1252", "« é »"] {
                assert!(d.message.contains(said), "{said}: {}", d.message);
            }
            let hint = d.hint.as_deref().unwrap();
            assert!(hint.contains("« CSV UTF-8 (délimité par des virgules) »"), "{hint}");
            assert!(hint.contains("« Unicode (UTF-8) »") && hint.contains("« , »"), "{hint}");
        }
        // The line of the first byte that is not UTF-8 is named.
        let (_, diags) = run(&far);
        assert!(diags[0].message.contains("ligne 152"), "{}", diags[0].message);
    }
}
