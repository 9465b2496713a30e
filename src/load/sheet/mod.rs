//! Spreadsheets: a workbook's bytes (`.xlsx`, `.ods`) → the records of one of its sheets, each
//! cell with its place as the spreadsheet shows it (sheet, `E4`) and what it held.
//!
//! In: the whole file in memory (a zip needs to be read from its end). Out: a [`Source`] like
//! the CSV one; its records' fields are the cells as a person reads them (`value`), with a
//! [`CellKind`](crate::load::CellKind) each, so that validation can refuse a formula, a date where text is expected or
//! a TRUE/FALSE where « Oui » is. The sheet read is the first one, or the one named after the
//! descriptor's resource when there are several; the others are ignored, and said so.
//!
//! Hostile files (they come as e-mail attachments) are read within bounds, all in `limits`:
//! what the zip inflates is counted as it inflates (`archive`), XML entities are never
//! expanded (`xml`), and a sheet costs what its cells are, not what it declares (`rows`).
//! The format is told by the bytes ([`detect`]), never by the file's name.

mod archive;
mod ods;
mod properties;
mod rows;
mod value;
mod xlsx;
mod xml;

use std::io;

pub use self::properties::custom_property;
pub use self::value::SPREADSHEET_DIGITS;

use self::archive::Archive;
use self::rows::{Rows, Tagged};
use super::{Source, Stats, Visit};
use crate::diag::{Code, Diagnostic, Sink};
use crate::french::{self, Noun};
use crate::limits::{
    MAX_INFLATED_BYTES, MAX_PART_BYTES, MAX_REPEATED_ROWS, MAX_SHARED_STRINGS,
    MAX_SHEET_FILE_BYTES, MAX_ZIP_ENTRIES,
};

/// What a table file is, by its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Anything that is not one of the others: read as CSV.
    Csv,
    /// An Office Open XML workbook (`.xlsx`, `.xlsm`).
    Xlsx,
    /// An OpenDocument spreadsheet (`.ods`).
    Ods,
    /// A zip that starts like a workbook but cannot be opened (truncated, damaged).
    DamagedZip,
    /// A workbook protected by a password (an encrypted OOXML package, or an encrypted `.ods`).
    Protected,
    /// An Excel 97-2003 workbook (`.xls`), which comparatif does not read.
    Xls,
    /// Another kind of file that is not a table; the text says what it is (« un document
    /// Word »).
    Other(&'static str),
}

impl Format {
    /// The extensions a file of this format has, lowercase, for [`misnamed`].
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Csv => &["csv", "txt", "tsv"],
            Format::Xlsx => &["xlsx", "xlsm"],
            Format::Ods => &["ods"],
            Format::Xls | Format::Protected => &["xls", "xlsx", "xlsm", "ods"],
            Format::DamagedZip | Format::Other(_) => &[],
        }
    }

    /// What the format is called, for people.
    fn described(self) -> &'static str {
        match self {
            Format::Csv => "un fichier CSV (texte)",
            Format::Xlsx => "un classeur Excel (.xlsx)",
            Format::Ods => "un classeur OpenDocument (.ods)",
            Format::DamagedZip => "une archive zip endommagée",
            Format::Protected => "un classeur protégé par un mot de passe",
            Format::Xls => "un classeur Excel 97-2003 (.xls)",
            Format::Other(what) => what,
        }
    }
}

/// The first bytes of an OLE2 compound file (an old `.xls`, a password-protected workbook).
const CFB: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// How many first bytes [`may_be_workbook`] looks at.
pub const SNIFF_BYTES: usize = 8;

/// Whether a file that starts with `head` (its first [`SNIFF_BYTES`] bytes) may be something
/// else than CSV — a zip, an OLE2 file, an XML document — which [`detect`] tells only from all
/// its bytes. `false`: a CSV, which can be streamed; `true`: read it whole, then [`detect`].
pub fn may_be_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK")
        || head.starts_with(CFB)
        || head.starts_with(b"<?xml")
        || head.starts_with(b"\xEF\xBB\xBF<?x")
}

/// What the file in `bytes` is, by its content: a zip is a workbook by its parts, an OLE2
/// compound file (`D0 CF 11 E0`) is an old `.xls` or a password-protected workbook (Office
/// encrypts a `.xlsx` into one), everything else is CSV.
pub fn detect(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_format(bytes);
    }
    if bytes.starts_with(CFB) {
        // Stream names are UTF-16 in the compound file's directory.
        let utf16 =
            |name: &str| -> Vec<u8> { name.encode_utf16().flat_map(u16::to_le_bytes).collect() };
        let has = |name: &str| memchr::memmem::find(bytes, &utf16(name)).is_some();
        if has("EncryptedPackage") {
            return Format::Protected;
        }
        if has("Workbook") || has("Book") {
            return Format::Xls;
        }
        return Format::Other("un ancien document Office (Word, PowerPoint…), pas un classeur");
    }
    let head = &bytes[..bytes.len().min(4096)];
    if head.starts_with(b"<?xml") || head.starts_with(b"\xEF\xBB\xBF<?xml") {
        if memchr::memmem::find(head, b"office:document").is_some() {
            return Format::Other("un classeur OpenDocument « à plat » (.fods)");
        }
        if memchr::memmem::find(head, b"urn:schemas-microsoft-com:office:spreadsheet").is_some() {
            return Format::Other("un classeur XML d'Excel 2003");
        }
    }
    Format::Csv
}

fn zip_format(bytes: &[u8]) -> Format {
    let Ok(mut archive) = Archive::open(bytes) else { return Format::DamagedZip };
    if archive.has("mimetype") {
        let mimetype = archive.text("mimetype").ok().flatten().unwrap_or_default();
        return match mimetype.trim() {
            "application/vnd.oasis.opendocument.spreadsheet" => Format::Ods,
            m if m.starts_with("application/vnd.oasis.opendocument.text") => {
                Format::Other("un document texte OpenDocument (.odt), pas un classeur")
            }
            _ => Format::Other("un document OpenDocument qui n'est pas un classeur"),
        };
    }
    if archive.has("content.xml") && archive.has("META-INF/manifest.xml") {
        return Format::Ods;
    }
    if archive.has("xl/workbook.bin") {
        return Format::Other("un classeur Excel binaire (.xlsb)");
    }
    if archive.has("[Content_Types].xml") {
        if archive.has("word/document.xml") {
            return Format::Other("un document Word (.docx), pas un classeur");
        }
        if archive.has("ppt/presentation.xml") {
            return Format::Other("une présentation PowerPoint (.pptx), pas un classeur");
        }
        return Format::Xlsx;
    }
    Format::Other("une archive zip qui n'est pas un classeur")
}

/// The extensions of the table files comparatif knows, lowercase: a file named otherwise is
/// read all the same (its bytes decide), and one whose extension says another format than its
/// bytes gets the [`misnamed`] warning.
pub const TABLE_EXTENSIONS: [&str; 7] = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods"];

/// A warning when the file's name says another format than its content (a CSV renamed
/// `tableau.xlsx`): the content decides, and the person is told. `name` is the file's name as
/// shown; `None` when the extension fits, or is not one comparatif knows.
pub fn misnamed(name: &str, bytes: &[u8]) -> Option<Diagnostic> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    if !TABLE_EXTENSIONS.contains(&ext.as_str()) {
        return None;
    }
    let format = detect(bytes);
    if format.extensions().contains(&ext.as_str())
        || matches!(format, Format::DamagedZip | Format::Other(_))
    {
        return None;
    }
    Some(
        Diagnostic::warning(Code::ExtensionTrompeuse)
            .message(format!(
                "le nom se termine par « .{ext} » mais le fichier est {} : il est lu comme tel",
                format.described()
            ))
            .hint(format!("renommez le fichier avec l'extension « .{} »", format.extensions()[0])),
    )
}

/// A sheet of a workbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetInfo {
    /// The sheet's name as the workbook gives it (the tab's label), not escaped.
    pub name: String,
    /// Whether the workbook hides the sheet: a hidden sheet is not named in the warning about
    /// other sheets.
    pub hidden: bool,
}

/// Why a workbook cannot be read; each becomes one diagnostic.
#[derive(Debug)]
pub enum SheetError {
    /// Truncated, damaged or malformed; the text says what.
    Damaged(String),
    /// Encrypted with a password (an encrypted OLE2 workbook, an encrypted zip part, an `.ods`
    /// whose manifest declares encryption): nothing can be read.
    Protected,
    /// The text says what the file is.
    Unsupported(&'static str),
    /// A document type declaration in this part.
    Entities(String),
    /// This part inflates past [`MAX_PART_BYTES`].
    PartTooBig(String),
    /// This part inflates to more than the archive declares (a zip bomb that lies).
    LyingSize(String),
    /// The parts read inflate past [`MAX_INFLATED_BYTES`].
    InflatedTooMuch,
    /// The archive declares this many files, more than [`MAX_ZIP_ENTRIES`].
    TooManyEntries(usize),
    /// The `.xlsx` shared strings count more than [`MAX_SHARED_STRINGS`] texts, or more than
    /// 32 MiB of text.
    TooManyStrings,
    /// An `.ods` row with content repeated more than [`MAX_REPEATED_ROWS`] times (row from 0).
    RepeatedRow {
        /// Row of the sheet, from 0.
        row_idx: u32,
        /// How many times the file repeats it (`table:number-rows-repeated`).
        times: u32,
    },
    /// A cell (`col_idx` set) or a row the sheet writes twice: spreadsheets show the last
    /// value written at a place, so a reader of the first would import another value than the
    /// one people see (indices from 0).
    Twice {
        /// Row of the sheet, from 0.
        row_idx: u32,
        /// Column of the sheet, from 0; `None` when a whole row is written twice.
        col_idx: Option<u32>,
    },
    /// A cell or a row written after one that comes later in the sheet, or a cell whose
    /// reference names another row than its row's: Excel refuses or repairs such a file.
    /// `detail` says which, in French; indices from 0.
    OutOfOrder {
        /// Row of the sheet, from 0.
        row_idx: u32,
        /// Column of the sheet, from 0; `None` when the problem is the row.
        col_idx: Option<u32>,
        /// What is out of order, in French (ends a message, no final full stop).
        detail: String,
    },
}

impl SheetError {
    fn diagnostic(self, noun: &Noun) -> Diagnostic {
        let reopen = "ouvrez-le dans LibreOffice Calc ou Excel et enregistrez-le de nouveau (.xlsx ou .ods) ; s'il ne s'ouvre pas, repartez de la version précédente";
        let bomb = "un tableau comparatif tient en quelques centaines de kilo-octets : vérifiez que c'est le bon fichier (une pièce jointe de ce genre peut être une « bombe zip »)";
        match self {
            SheetError::Damaged(detail) => Diagnostic::error(Code::FichierIllisible)
                .message(format!("le classeur est endommagé ou incomplet : {detail}"))
                .hint(reopen),
            SheetError::Protected => Diagnostic::error(Code::FichierProtege)
                .message("le classeur est protégé par un mot de passe : son contenu est chiffré")
                .hint("ouvrez-le avec son mot de passe puis enregistrez-le sans (LibreOffice : Fichier › Enregistrer sous, décochez « Enregistrer avec mot de passe » ; Excel : Fichier › Informations › Protéger le classeur › Chiffrer avec mot de passe, videz le champ)"),
            SheetError::Unsupported(what) => Diagnostic::error(Code::FormatNonPrisEnCharge)
                .message(format!("ce fichier est {what} : comparatif lit les tableaux .csv, .xlsx et .ods"))
                .hint("ouvrez-le dans LibreOffice Calc ou Excel et enregistrez-le au format .xlsx ou .ods"),
            SheetError::Entities(part) => Diagnostic::error(Code::FichierIllisible)
                .message(format!("le classeur déclare des entités XML (DOCTYPE) dans {part} : aucun tableur n'en écrit, le fichier est refusé sans être lu"))
                .hint(reopen),
            SheetError::PartTooBig(part) => Diagnostic::error(Code::LimiteDepassee)
                .message(format!(
                    "une fois décompressée, la partie {part} du classeur dépasse {} octets : la lecture s'arrête là",
                    french::number(MAX_PART_BYTES)
                ))
                .hint(bomb),
            SheetError::LyingSize(part) => Diagnostic::error(Code::LimiteDepassee)
                .message(format!(
                    "la partie {part} du classeur se décompresse en plus d'octets que l'archive n'en annonce : la lecture s'arrête là"
                ))
                .hint(bomb),
            SheetError::InflatedTooMuch => Diagnostic::error(Code::LimiteDepassee)
                .message(format!(
                    "une fois décompressé, le classeur dépasse {} octets : la lecture s'arrête là",
                    french::number(MAX_INFLATED_BYTES)
                ))
                .hint(bomb),
            SheetError::TooManyEntries(n) => Diagnostic::error(Code::LimiteDepassee)
                .message(format!(
                    "l'archive du classeur contient {} fichiers, plus que le maximum de {}",
                    french::number(n as u64),
                    french::number(MAX_ZIP_ENTRIES as u64)
                ))
                .hint(bomb),
            SheetError::RepeatedRow { row_idx, times } => Diagnostic::error(Code::LimiteDepassee)
                .line(u64::from(row_idx) + 1)
                .message(format!(
                    "la ligne est répétée {} fois, plus que le maximum de {} : la lecture s'arrête là",
                    french::number(u64::from(times)),
                    french::number(u64::from(MAX_REPEATED_ROWS))
                ))
                .hint(format!("supprimez les lignes répétées : {}", noun.each_line_describes_another())),
            SheetError::Twice { row_idx, col_idx } => {
                let line = u64::from(row_idx) + 1;
                let (what, d) = match col_idx {
                    Some(col) => (
                        format!("la cellule {} est écrite", french::cell_name(col + 1, line)),
                        Diagnostic::error(Code::CelluleEnDouble).line(line).column(col + 1),
                    ),
                    None => (format!("la ligne {line} est écrite"), Diagnostic::error(Code::CelluleEnDouble).line(line)),
                };
                d.message(format!("{what} deux fois dans le fichier : les tableurs montrent la dernière valeur, le classeur n'est pas lu"))
                    .hint("ouvrez le classeur dans LibreOffice Calc ou Excel, vérifiez ce que montre la feuille et enregistrez-le de nouveau (.xlsx ou .ods) : un tableur n'écrit chaque cellule qu'une fois")
            }
            SheetError::OutOfOrder { row_idx, col_idx, detail } => {
                let d = Diagnostic::error(Code::FichierIllisible).line(u64::from(row_idx) + 1);
                let d = match col_idx {
                    Some(col) => d.column(col + 1),
                    None => d,
                };
                d.message(format!("le classeur est endommagé : {detail}"))
                    .hint(reopen)
            }
            SheetError::TooManyStrings => Diagnostic::error(Code::LimiteDepassee)
                .message(format!(
                    "le classeur contient plus de {} textes différents (ou plus de 32 Mio de texte) : la lecture s'arrête là",
                    french::number(MAX_SHARED_STRINGS as u64)
                ))
                .hint(bomb),
        }
    }
}

/// A workbook read as a table: one of its sheets, cell by cell.
pub struct Spreadsheet<'a> {
    bytes: &'a [u8],
    /// The sheet to read when there are several (the descriptor's resource name).
    preferred: Option<&'a str>,
    done: bool,
    /// What a row is called, for the hints ([`Spreadsheet::rows_called`]).
    noun: Noun,
}

impl<'a> Spreadsheet<'a> {
    /// The workbook in `bytes`; `preferred` names the sheet to read when there are several.
    pub fn new(bytes: &'a [u8], preferred: Option<&'a str>) -> Self {
        Spreadsheet { bytes, preferred, done: false, noun: Noun::default() }
    }

    /// The hints call a row `noun`, the descriptor's `rowNoun` (the neutral « ligne » without
    /// this call).
    pub fn rows_called(mut self, noun: &Noun) -> Self {
        self.noun = noun.clone();
        self
    }
}

impl Source for Spreadsheet<'_> {
    /// Reads the workbook once; a second call finds no record. Every problem is a
    /// diagnostic: nothing here is an I/O error, the bytes are in memory.
    fn read(&mut self, sink: &mut dyn Sink, visit: &mut Visit<'_>) -> io::Result<Stats> {
        if std::mem::replace(&mut self.done, true) {
            return Ok(Stats::default());
        }
        let mut stats = Stats::default();
        if self.bytes.len() as u64 > MAX_SHEET_FILE_BYTES {
            sink.emit(
                Diagnostic::error(Code::LimiteDepassee)
                    .message(format!(
                        "le classeur fait {} octets, plus que le maximum de {} (32 Mio)",
                        french::number(self.bytes.len() as u64),
                        french::number(MAX_SHEET_FILE_BYTES)
                    ))
                    .hint("un tableau comparatif tient en quelques centaines de kilo-octets : vérifiez que c'est le bon fichier"),
            );
            stats.stopped = true;
            return Ok(stats);
        }
        let format = detect(self.bytes);
        let outcome = match format {
            Format::Xlsx | Format::Ods => read_workbook(
                self.bytes,
                format,
                self.preferred,
                &self.noun,
                sink,
                visit,
                &mut stats,
            ),
            Format::DamagedZip => Err(Archive::open(self.bytes).err().unwrap_or_else(|| {
                SheetError::Damaged("l'archive zip est incomplète ou endommagée".to_owned())
            })),
            Format::Protected => Err(SheetError::Protected),
            Format::Xls => Err(SheetError::Unsupported("un classeur Excel 97-2003 (.xls)")),
            Format::Other(what) => Err(SheetError::Unsupported(what)),
            Format::Csv => Err(SheetError::Unsupported("un fichier texte")),
        };
        if let Err(err) = outcome {
            let sheet = stats.sheet.clone();
            let mut d = err.diagnostic(&self.noun);
            if let Some(sheet) = sheet {
                d = d.sheet(&sheet);
            }
            sink.emit(d);
            stats.stopped = true;
        }
        Ok(stats)
    }
}

fn read_workbook(
    bytes: &[u8],
    format: Format,
    preferred: Option<&str>,
    noun: &Noun,
    sink: &mut dyn Sink,
    visit: &mut Visit<'_>,
    stats: &mut Stats,
) -> Result<(), SheetError> {
    let mut archive = Archive::open(bytes)?;
    let result = read_archive(&mut archive, format, preferred, noun, sink, visit, stats);
    // A part that passed a cap shows up as an XML or I/O error: the cap is the cause.
    match archive.limit_hit() {
        Some(limit) => Err(limit),
        None => result,
    }
}

fn read_archive(
    archive: &mut Archive<'_>,
    format: Format,
    preferred: Option<&str>,
    noun: &Noun,
    sink: &mut dyn Sink,
    visit: &mut Visit<'_>,
    stats: &mut Stats,
) -> Result<(), SheetError> {
    if format == Format::Ods {
        let manifest = archive.text("META-INF/manifest.xml")?.unwrap_or_default();
        if manifest.contains("encryption-data") {
            return Err(SheetError::Protected);
        }
    }
    let book = match format {
        Format::Xlsx => Some(xlsx::workbook(archive)?),
        _ => None,
    };
    let sheets = match &book {
        Some(book) => book.sheets.clone(),
        None => ods::sheets(archive)?,
    };
    let Some(idx) = choose(&sheets, preferred) else {
        sink.emit(
            Diagnostic::error(Code::FichierVide)
                .message("le classeur n'a aucune feuille de calcul")
                .hint("partez du fichier donné par « comparatif export » : sa feuille contient le tableau"),
        );
        stats.stopped = true;
        return Ok(());
    };
    let name = sheets[idx].name.clone();
    stats.sheet = Some(name.clone());
    let others: Vec<String> = sheets
        .iter()
        .enumerate()
        .filter(|(i, s)| *i != idx && !s.hidden)
        .map(|(_, s)| format!("« {} »", s.name))
        .collect();
    if !others.is_empty() {
        let mut tagged = Tagged { inner: sink, sheet: &name };
        tagged.emit(
            Diagnostic::warning(Code::AutresFeuilles)
                .message(format!(
                    "seule la feuille « {name} » est lue ; {} {} {}",
                    if others.len() == 1 { "la feuille" } else { "les feuilles" },
                    others.join(", "),
                    if others.len() == 1 { "est ignorée" } else { "sont ignorées" }
                ))
                .hint(match preferred {
                    Some(resource) => format!("le tableau doit être dans la première feuille, ou dans une feuille nommée « {resource} »"),
                    None => "le tableau doit être dans la première feuille".to_owned(),
                }),
        );
    }
    let mut rows = Rows::new(visit, &name, noun);
    match book {
        Some(book) => xlsx::read(archive, &book, idx, &mut rows, sink)?,
        None => ods::read(archive, idx, &mut rows, sink)?,
    }
    stats.records = rows.records;
    stats.stopped = rows.stopped;
    if rows.records == 0 {
        sink.emit(
            Diagnostic::error(Code::FichierVide)
                .sheet(&name)
                .message(format!("la feuille « {name} » est vide : elle n'a même pas de ligne d'en-tête"))
                .hint("la première ligne doit contenir les noms des colonnes ; « comparatif export » donne un classeur prêt à remplir"),
        );
    }
    Ok(())
}

/// The sheet read: the one named after the resource, when there are several and one is, else
/// the first one.
fn choose(sheets: &[SheetInfo], preferred: Option<&str>) -> Option<usize> {
    if sheets.is_empty() {
        return None;
    }
    let named = preferred.and_then(|p| sheets.iter().position(|s| s.name == p));
    Some(named.unwrap_or(0))
}
