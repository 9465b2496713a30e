//! The diagnostic codes: one enum of stable French kebab-case names (`valeur-interdite`…), the
//! list a new kind of problem is added to. In: nothing. Out: [`Code`] and its printed text.

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $text:literal,)*) => {
        /// Stable diagnostic codes. French kebab-case; never reused for another meaning.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code { $($(#[$doc])* $variant,)* }

        impl Code {
            /// Every code, in declaration order (used by the documentation test).
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as printed, e.g. `valeur-interdite`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }
        }
    };
}

codes! {
    /// The file is not valid UTF-8.
    Encodage => "encodage",
    /// The file is separated by another character than the dialect's delimiter (and, when it is
    /// not UTF-8 either, the same message says so: one way to save it again fixes both).
    Separateur => "separateur",
    /// The table's bytes cannot be read as a table at all (a damaged file).
    FichierIllisible => "fichier-illisible",
    /// The file has no byte at all (or only a byte-order mark and blank lines).
    FichierVide => "fichier-vide",
    /// The file has a header and no data row.
    AucuneLigne => "aucune-ligne",
    /// A quoted cell is never closed.
    GuillemetNonFerme => "guillemet-non-ferme",
    /// A header cell is empty.
    EnTeteVide => "en-tete-vide",
    /// A header label appears twice.
    EnTeteDuplique => "en-tete-duplique",
    /// A title line above the header (a spreadsheet's merged title): one message instead of
    /// one per column.
    LigneDeTitre => "ligne-de-titre",
    /// A schema field has no column.
    ColonneManquante => "colonne-manquante",
    /// A column is not in the schema (with `field` set when it is a schema field misspelt or
    /// renamed: the hint says to rename it).
    ColonneInconnue => "colonne-inconnue",
    /// The columns are all there but not in the schema's order.
    OrdreColonnes => "ordre-colonnes",
    /// A line has no cell at all, or only empty cells (the run of such lines that ends the
    /// file is one diagnostic).
    LigneVide => "ligne-vide",
    /// A line has fewer cells than the header.
    CellulesManquantes => "cellules-manquantes",
    /// A line has more cells than the header.
    CellulesEnTrop => "cellules-en-trop",
    /// An empty cell where a value is expected.
    CelluleVide => "cellule-vide",
    /// A missing value (« Non communiqué ») in a required column.
    ValeurObligatoire => "valeur-obligatoire",
    /// A value of the wrong type (integer, boolean, date…).
    TypeInvalide => "type-invalide",
    /// A value outside the field's `enum`.
    ValeurInterdite => "valeur-interdite",
    /// A value that does not match the field's `pattern`.
    FormatInvalide => "format-invalide",
    /// A value below `minimum`.
    TropPetit => "trop-petit",
    /// A value above `maximum`.
    TropGrand => "trop-grand",
    /// A text shorter than `minLength`.
    TropCourt => "trop-court",
    /// A text longer than `maxLength`.
    TropLong => "trop-long",
    /// A value that must be unique appears twice (`unique`).
    Doublon => "doublon",
    /// Two rows share a primary key.
    CleEnDouble => "cle-en-double",
    /// A text that is not an http(s) address in a `uri` field.
    AdresseInvalide => "adresse-invalide",
    /// A text that is not an e-mail address in an `email` field.
    CourrielInvalide => "courriel-invalide",
    /// A cell that a spreadsheet would run as a formula.
    InjectionFormule => "injection-formule",
    /// A control or invisible direction character in a cell.
    CaractereInterdit => "caractere-interdit",
    /// Spaces around a value, removed (warning).
    Espaces => "espaces",
    /// A character the chosen font cannot draw.
    CaractereIntracable => "caractere-intracable",
    /// The table is larger than comparatif accepts (see `limits`).
    LimiteDepassee => "limite-depassee",
    /// A spreadsheet cell holds a formula (even with a computed value).
    Formule => "formule",
    /// A spreadsheet cell holds a date or a time where the column expects something else.
    CelluleDate => "cellule-date",
    /// A spreadsheet cell holds a logical value (TRUE/FALSE) where other values are expected.
    CelluleLogique => "cellule-logique",
    /// Merged spreadsheet cells.
    CellulesFusionnees => "cellules-fusionnees",
    /// A workbook writes one cell (or one row) twice: spreadsheets show the last value, so the
    /// file is not read.
    CelluleEnDouble => "cellule-en-double",
    /// A spreadsheet number cell holds an integer of more significant digits than a spreadsheet
    /// keeps (15): the file holds one number, the spreadsheet shows another.
    NombreTropLong => "nombre-trop-long",
    /// The workbook is protected by a password (encrypted).
    FichierProtege => "fichier-protege",
    /// A file comparatif does not read (an old `.xls`, a `.xlsb`, a text document…).
    FormatNonPrisEnCharge => "format-non-pris-en-charge",
    /// The workbook has other sheets than the one read (warning).
    AutresFeuilles => "autres-feuilles",
    /// The file's name says one format and its content another (warning).
    ExtensionTrompeuse => "extension-trompeuse",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{s}");
            assert!(seen.insert(s), "code {s} used twice");
        }
    }
}
