//! Encoding diagnosis: the bytes of a record that are not UTF-8 → one message with the line,
//! the column and the character the byte probably stands for in Windows-1252.

use csv::ByteRecord;

use super::count_newlines;
use crate::diag::{Code, Diagnostic, Sink};

/// One message for a file that is not UTF-8, with the line and the probable character.
pub(super) fn report_encoding(err: csv::FromUtf8Error, line: u64, sink: &mut dyn Sink) {
    let field_idx = err.utf8_error().field();
    let valid_up_to = err.utf8_error().valid_up_to();
    let record = err.into_byte_record();
    let mut newlines: u64 = record.iter().take(field_idx).map(count_newlines).sum();
    let field = record.get(field_idx).unwrap_or_default();
    newlines += count_newlines(&field[..valid_up_to.min(field.len())]);
    let bad = field.get(valid_up_to).copied().unwrap_or(0);
    let guess = windows_1252(bad)
        .map(|ch| format!(" (sans doute « {ch} » en Windows-1252)"))
        .unwrap_or_default();
    sink.emit(
        Diagnostic::error(Code::Encodage)
            .line(line + newlines)
            .column(u32::try_from(field_idx + 1).unwrap_or(u32::MAX))
            .message(format!(
                "le fichier n'est pas encodé en UTF-8 : l'octet 0x{bad:02X}{guess} n'est pas de l'UTF-8 ; la lecture s'arrête là"
            ))
            .hint(
                "réenregistrez le fichier en UTF-8 : dans Excel, « Enregistrer sous » › « CSV UTF-8 (délimité par des virgules) » ; \
                 dans LibreOffice, cochez « Éditer les paramètres du filtre » et choisissez le jeu de caractères « Unicode (UTF-8) »",
            ),
    );
}

/// The character a Windows-1252 byte stands for, if the byte is a printable non-ASCII one.
pub(super) fn windows_1252(byte: u8) -> Option<char> {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => Some(HIGH[usize::from(byte - 0x80)]).filter(|&c| c != '\0'),
        0xA1..=0xFF => Some(char::from(byte)),
        _ => None,
    }
}

/// The first byte of the file that is not UTF-8.
pub(super) struct EncodingFault {
    /// Line (from 1) where it is.
    pub(super) line: u64,
    pub(super) byte: u8,
}

/// The fault at `valid_up_to` in the bytes of a record that starts on `line`.
pub(super) fn encoding_fault_in(
    record: &ByteRecord,
    valid_up_to: usize,
    line: u64,
) -> EncodingFault {
    let bytes = record.as_slice();
    let before = &bytes[..valid_up_to.min(bytes.len())];
    EncodingFault {
        line: line + count_newlines(before),
        byte: bytes.get(valid_up_to).copied().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes, run};
    use super::*;

    #[test]
    fn latin1_gives_one_message_with_line_and_character() {
        let (records, diags) = run(b"a,b\n1,2\n3,caf\xE9\n4,\xE9\n");
        assert_eq!(records.len(), 2);
        assert_eq!(codes(&diags), vec![(Code::Encodage, Some(3))]);
        assert!(diags[0].message.contains("« é »"), "{}", diags[0].message);
        assert_eq!(diags[0].column, Some(2));
    }

    #[test]
    fn windows_1252_guesses() {
        assert_eq!(windows_1252(0xE9), Some('é'));
        assert_eq!(windows_1252(0x9C), Some('œ'));
        assert_eq!(windows_1252(0x80), Some('€'));
        assert_eq!(windows_1252(0x81), None);
        assert_eq!(windows_1252(0x41), None);
    }
}
