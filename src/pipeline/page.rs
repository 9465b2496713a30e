//! The browser page's build: a descriptor, a chosen file's bytes and name → what the page
//! offers and says, within what its memory holds.
//!
//! The page (`web/`) is a host like the command line: it turns JavaScript values into an
//! [`Input`] and the result into the DOM. What it needs beyond [`build`](super::build) is here,
//! so that no rule, limit or French wording lives in the page: its limits ([`settings`]), the
//! check of a chosen file before it is read ([`admit`]), the list of files offered (out/'s,
//! then the canonical `table.csv` of a spreadsheet) with their sizes and media types, their
//! `.zip`, the previews and the counted nouns it shows ([`build`]), and all of it as the
//! report the page reads ([`report`]): the table the page carries, with its workbook
//! ([`carried_report`]), an edit of it, with what changed and the update recorded
//! ([`edit_report`]), a new table ([`new_table_report`]). Every file offered has its place in
//! the repository (`table.csv`, `datapackage.json`, `out/…`): the `.zip` is laid out so, to be
//! unpacked at the repository's root. Messages are given in an editor's words too
//! ([`plain_message`]).

use std::io::{Cursor, Write as _};

use super::{BuildOptions, Input, Output, RenderError, Summary, Verdict};
use crate::diag::{self, Counts, Diagnostic};
use crate::french::{self, file_size as file_size_text, plural};
use crate::layout::fonts::Fonts;
use crate::limits::{MAX_DESCRIPTOR_BYTES, MAX_PAGE_CELLS, MAX_PAGE_FILE_BYTES};
use crate::load::TABLE_EXTENSIONS;
use crate::schema::{self, Descriptor};

/// Name of the archive of every file offered (« Tout télécharger »).
pub const ZIP_NAME: &str = "tableau-a-publier.zip";

/// The folder `comparatif build` writes the published files in, at the repository's root
/// (its `--out` by default): where they are in the `.zip`.
pub const OUT_DIR: &str = "out";

/// The descriptor's name at the repository's root, where `check` and `build` read it.
pub const DESCRIPTOR_FILE: &str = "datapackage.json";

/// The workbook's name, as `comparatif export` writes it by default.
pub const WORKBOOK_NAME: &str = "tableau.xlsx";

/// What the page needs before any file is chosen.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Settings {
    /// Largest table file the page reads, in bytes ([`MAX_PAGE_FILE_BYTES`]).
    pub max_table_bytes: u64,
    /// Largest descriptor accepted, in bytes: the page reads one byte more, and the parser
    /// says the limit is passed ([`MAX_DESCRIPTOR_BYTES`]).
    pub max_descriptor_bytes: u64,
    /// The file input's `accept` attribute: the table extensions, `.json`, and their media
    /// types.
    pub accept: String,
    /// What the page says when no table is among the files chosen.
    pub no_table: String,
}

/// The page's [`Settings`].
pub fn settings() -> Settings {
    let mut accept: Vec<String> = TABLE_EXTENSIONS.iter().map(|ext| format!(".{ext}")).collect();
    accept.extend(
        [
            ".json",
            "text/csv",
            "application/json",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.oasis.opendocument.spreadsheet",
        ]
        .map(str::to_owned),
    );
    Settings {
        max_table_bytes: MAX_PAGE_FILE_BYTES,
        max_descriptor_bytes: MAX_DESCRIPTOR_BYTES,
        accept: accept.join(","),
        no_table: "Choisissez un tableau (.csv, .xlsx ou .ods).".to_owned(),
    }
}

/// What the page says of a table file before reading it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Admission {
    /// Why the file is not read (larger than [`MAX_PAGE_FILE_BYTES`]), in French.
    pub refused: Option<String>,
    /// What the page announces while it reads the file anyway (a name without a table's
    /// extension: the bytes decide), in French.
    pub notice: Option<String>,
}

/// Whether the page reads the file `name` of `size` bytes, and what it says first.
pub fn admit(name: &str, size: u64) -> Admission {
    let known = name
        .rsplit_once('.')
        .is_some_and(|(_, ext)| TABLE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()));
    let notice = (!known).then(|| {
        format!("{name} n'a pas l'extension d'un tableau ; comparatif le lit quand même.")
    });
    let refused = (size > MAX_PAGE_FILE_BYTES).then(|| {
        format!(
            "{name} fait {} : cette page lit les tableaux jusqu'à {}. Un tableau comparatif tient en quelques kilo-octets : vérifiez que c'est le bon fichier ; un fichier plus grand se publie avec l'outil en ligne de commande (« comparatif build »).",
            file_size_text(size),
            file_size_text(MAX_PAGE_FILE_BYTES)
        )
    });
    Admission { refused, notice }
}

/// The descriptor's bytes parsed, or the French reason it cannot be used.
pub fn descriptor(bytes: &[u8]) -> Result<Descriptor, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "le descripteur n'est pas encodé en UTF-8".to_owned())?;
    schema::parse(text).map_err(|err| err.to_string())
}

/// One file the page offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// Its name when downloaded.
    pub name: String,
    /// Where it goes in the repository, from its root (`out/tableau.pdf`, `table.csv`): its
    /// path in the `.zip`.
    pub path: String,
    /// Its bytes, those `comparatif build` writes.
    pub bytes: Vec<u8>,
    /// Its size as `comparatif build` and the download card write it (« 24,08 ko »).
    pub size: String,
    /// Its media type, for the browser.
    pub media_type: &'static str,
}

impl File {
    /// The file `name` of `bytes`, with its size and media type (told by its extension).
    pub fn new(name: &str, bytes: Vec<u8>) -> Self {
        let media_type = match name.rsplit_once('.').map_or("", |(_, ext)| ext) {
            "pdf" => "application/pdf",
            "png" => "image/png",
            "html" => "text/html",
            "js" => "text/javascript",
            "csv" => "text/csv",
            "json" => "application/json",
            "zip" => "application/zip",
            _ => "application/octet-stream",
        };
        let size = file_size_text(bytes.len() as u64);
        File { name: name.to_owned(), path: name.to_owned(), bytes, size, media_type }
    }

    /// The file at `path` in the repository (`out/tableau.pdf`), named by its last part.
    pub fn at(path: &str, bytes: Vec<u8>) -> Self {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        File { path: path.to_owned(), ..File::new(name, bytes) }
    }
}

/// What the page offers for an accepted table.
#[derive(Debug)]
pub struct Files {
    /// out/'s files in their order (at `out/…`), then the canonical table at the descriptor's
    /// `path` (`table.csv`, what the repository keeps) and the descriptor (`datapackage.json`).
    pub files: Vec<File>,
    /// Every file of `files` in one archive ([`ZIP_NAME`]).
    pub zip: File,
    /// What the page's preview frames show, in neither `files` nor the `.zip`
    /// ([`Previews`](super::Previews)): `apercu.html` with the thumbnail and the filter script written in…
    pub preview: File,
    /// … and the card of `lien.html` with the thumbnail written in, without its script.
    pub card: File,
    /// Where the PDF and the thumbnail are in `files` (from 0), for the page's viewers.
    pub pdf_idx: usize,
    /// Where the thumbnail is in `files` (from 0).
    pub thumbnail_idx: usize,
    /// Pages of the PDF.
    pub pages: usize,
    /// « 2 pages ».
    pub pages_text: String,
    /// « 7 fichiers ».
    pub files_text: String,
}

/// [`build`](super::build) within what the page's memory holds ([`MAX_PAGE_CELLS`]), with
/// the previews, the canonical `table.csv`, the descriptor's bytes `descriptor` (as they go in
/// the repository) and the `.zip` laid out like the repository.
pub fn build(input: &Input<'_>, descriptor: &[u8]) -> Result<Verdict<Files>, RenderError> {
    build_with(input, descriptor, None)
}

/// [`build`]; `canonical` is the table's canonical CSV when it is already made (a new table's),
/// else `import` writes it.
fn build_with(
    input: &Input<'_>,
    descriptor: &[u8],
    canonical: Option<Vec<u8>>,
) -> Result<Verdict<Files>, RenderError> {
    let options =
        BuildOptions { max_cells: Some(MAX_PAGE_CELLS), previews: true, ..BuildOptions::default() };
    let verdict = super::build(input, &options)?;
    let Some(published) = verdict.made else {
        return Ok(Verdict { summary: verdict.summary, made: None });
    };
    let mut files: Vec<File> = published
        .outputs
        .into_iter()
        .map(|Output { name, bytes }| File::at(&format!("{OUT_DIR}/{name}"), bytes))
        .collect();
    let canonical = match canonical {
        Some(bytes) => Some(bytes),
        None => super::import(input)?.made,
    };
    // `import` accepts what `build` accepted.
    if let Some(canonical) = canonical {
        files.push(File::at(&input.descriptor.table_path, canonical));
    }
    files.push(File::at(DESCRIPTOR_FILE, descriptor.to_vec()));
    let zip = File::new(ZIP_NAME, zip(&files));
    let previews = published.previews.expect("BuildOptions::previews asks for them");
    let [.., preview_name, card_name] = super::file_names(&input.descriptor.publication.file_name);
    let preview = File::new(&preview_name, previews.preview.into_bytes());
    let card = File::new(&card_name, previews.link.into_bytes());
    let files_text = plural(files.len() as u64, "fichier", "fichiers");
    let pages_text = plural(published.pages as u64, "page", "pages");
    let (pdf_idx, thumbnail_idx) = (0, 1); // The order of `file_names`.
    let pages = published.pages;
    let made =
        Files { files, zip, preview, card, pdf_idx, thumbnail_idx, pages, pages_text, files_text };
    Ok(Verdict { summary: verdict.summary, made: Some(made) })
}

/// « 2 erreurs »: what the page announces of a refused table.
pub fn errors_text(summary: &Summary) -> String {
    let Counts { errors, .. } = summary.counts;
    plural(errors, "erreur", "erreurs")
}

/// A diagnostic of the file `name` as the page gets it: the fields of `--format json`'s
/// `data`, plus `text`, the lines `comparatif check` prints for it, and `plain` and `fix`, the
/// same in an editor's words ([`plain_message`]).
pub fn diagnostic_json(name: &str, d: &Diagnostic) -> serde_json::Value {
    let mut data = diag::json_data(name, d);
    if let Some(object) = data.as_object_mut() {
        object.insert("text".into(), diag::render_human(name, d).into());
        let (plain, fix) = plain_message(d);
        object.insert("plain".into(), plain.into());
        object.insert("fix".into(), fix.into());
    }
    data
}

/// A diagnostic in an editor's words: where it is as the table shows it, then what is wrong
/// (« Ligne 9, colonne G (Audio et vidéo) : … », « Feuille « Tableau », cellule G9 (Audio et
/// vidéo) : … », « Ligne 1 : … », « Le fichier : … »), and its fix, a sentence of its own
/// (« Écrivez « Oui » »). Every text is [`french::escape`]d.
pub fn plain_message(d: &Diagnostic) -> (String, Option<String>) {
    let d = d.clone().escaped();
    let mut place = match (d.sheet_place(), d.line, d.column_letter()) {
        (Some(place), ..) => french::capitalize(&place),
        (None, Some(line), Some(letter)) => format!("Ligne {line}, colonne {letter}"),
        (None, Some(line), None) => format!("Ligne {line}"),
        (None, None, _) => "Le fichier".to_owned(),
    };
    let mut message = d.message.clone();
    if let (Some(title), Some(letter)) = (&d.title, d.column_letter()) {
        place.push_str(&format!(" ({title})"));
        // Said once: « … dans « Site » (O) » at the end of the message is the place again, and
        // « Site » (O) elsewhere in it is « cette colonne ».
        let named = format!("« {title} » ({letter})");
        if let Some(rest) = message.strip_suffix(&format!(" dans {named}")) {
            message = rest.to_owned();
        }
        message = message.replace(&named, "cette colonne");
    }
    // French spacing, as the published texts have it: no line of the page starts with « » »
    // or « : », nor ends with « « ».
    let fix = d.hint.as_deref().map(|hint| french::spacing(&french::capitalize(hint)).into_owned());
    (french::spacing(&format!("{place} : {message}")).into_owned(), fix)
}

/// What the page says when the files could not be made (never because of the table).
pub fn failure_text(name: &str, err: &RenderError) -> String {
    format!("{name} : les fichiers n'ont pas pu être produits ({err})")
}

/// Version of the [`Report`]'s JSON; bumped when a field is renamed or removed.
pub const REPORT_VERSION: u32 = 2;

/// The report of a build of the table `table`, named `file`, against `descriptor` (parsed from
/// `descriptor_bytes`, or the French reason it could not be), and the files' bytes it points
/// into.
pub fn report(
    descriptor: Result<&Descriptor, String>,
    descriptor_bytes: &[u8],
    table: &[u8],
    file: &str,
) -> (Report, Vec<u8>) {
    let mut report = Report { version: REPORT_VERSION, file: file.to_owned(), ..Report::default() };
    let mut blobs = Vec::new();
    match descriptor {
        Err(message) => {
            report.status = "descripteur-refuse";
            report.summary = format!("descripteur refusé : {message}");
            report.descriptor_error = Some(message);
        }
        Ok(descriptor) => {
            let fonts = Fonts::bundled();
            let input = Input { descriptor, table, name: file, fonts: &fonts };
            fill(&mut report, &mut blobs, &input, descriptor_bytes, None);
        }
    }
    (report, blobs)
}

/// The report of a new table (« Nouveau tableau »): the descriptor [`init`](super::init)
/// infers from `table` (named `file`, `today` the page's date, `AAAA-MM-JJ`), then the build of
/// its canonical `table.csv` with it; `datapackage.json` and `table.csv` are offered after the
/// published files and put in the `.zip`. A table `init` cannot describe is refused with its
/// diagnostics, as a build would be.
pub fn new_table_report(table: &[u8], file: &str, today: &str) -> (Report, Vec<u8>) {
    let mut report = Report { version: REPORT_VERSION, file: file.to_owned(), ..Report::default() };
    let mut blobs = Vec::new();
    let verdict = match super::init(table, &super::InitOptions { name: file, today }) {
        Ok(verdict) => verdict,
        Err(err) => {
            report.status = "refuse";
            report.summary = failure_text(file, &err);
            return (report, blobs);
        }
    };
    let Some(made) = verdict.made else {
        let summary = verdict.summary;
        report.status = "refuse";
        report.errors_text = Some(errors_text(&summary));
        report.diagnostics = summary.diagnostics.iter().map(|d| diagnostic_json(file, d)).collect();
        (report.errors, report.warnings) = (summary.counts.errors, summary.counts.warnings);
        report.rows = summary.rows;
        report.summary =
            diag::human_summary(file, summary.counts, summary.rows, &french::Noun::default());
        return (report, blobs);
    };
    let descriptor = match schema::parse(&made.descriptor) {
        Ok(descriptor) => descriptor,
        // `init` checks that what it writes parses and builds.
        Err(err) => {
            report.status = "descripteur-refuse";
            report.summary = format!("descripteur refusé : {err}");
            report.descriptor_error = Some(err.to_string());
            return (report, blobs);
        }
    };
    let fonts = Fonts::bundled();
    let name = super::TABLE_CSV;
    let input = Input { descriptor: &descriptor, table: &made.table, name, fonts: &fonts };
    report.file = name.to_owned();
    let canonical = Some(made.table.clone());
    fill(&mut report, &mut blobs, &input, made.descriptor.as_bytes(), canonical);
    (report, blobs)
}

/// The name the carried table has in the page's messages.
pub const CARRIED_NAME: &str = "le tableau publié";

/// The report of the table the page carries (`table`, the repository's `table.csv`, with its
/// descriptor's bytes `descriptor`): its build, and `workbook`, the bytes `comparatif export`
/// wrote for it when the page was built, offered to edit it.
pub fn carried_report(descriptor: &[u8], table: &[u8], workbook: &[u8]) -> (Report, Vec<u8>) {
    let parsed = self::descriptor(descriptor);
    let name = parsed.as_ref().map_or(super::TABLE_CSV, |d| d.table_path.as_str());
    let (mut report, mut blobs) =
        report(parsed.as_ref().map_err(Clone::clone), descriptor, table, name);
    if report.status == "publie" && !workbook.is_empty() {
        report.workbook = Some(append(&mut blobs, &File::new(WORKBOOK_NAME, workbook.to_vec())));
    }
    (report, blobs)
}

/// An edit of the carried table, as the page gives it.
#[derive(Clone, Copy, Debug)]
pub struct Edit<'a> {
    /// The descriptor's bytes: the carried one, or one the editor gave.
    pub descriptor: &'a [u8],
    /// The edited table's bytes (a workbook or a CSV).
    pub table: &'a [u8],
    /// Its file name.
    pub name: &'a str,
    /// The carried table's bytes, to compare with.
    pub carried: &'a [u8],
    /// The update's date, `AAAA-MM-JJ` (the page proposes today).
    pub date: &'a str,
    /// The note to readers; `None`: the one proposed from the change.
    pub note: Option<&'a str>,
}

/// The report of an edit: what changed against the carried table (`comparatif diff`), the
/// note proposed from it, and the build with the update (`date`, the note) recorded in the
/// publication when the table changed or a note was written; the `.zip` then holds the
/// descriptor that records it.
pub fn edit_report(edit: &Edit<'_>) -> (Report, Vec<u8>) {
    let mut report =
        Report { version: REPORT_VERSION, file: edit.name.to_owned(), ..Report::default() };
    let mut blobs = Vec::new();
    let parsed = match descriptor(edit.descriptor) {
        Ok(parsed) => parsed,
        Err(message) => {
            report.status = "descripteur-refuse";
            report.summary = format!("descripteur refusé : {message}");
            report.descriptor_error = Some(message);
            return (report, blobs);
        }
    };
    let change = crate::diff::diff(edit.carried, CARRIED_NAME, edit.table, edit.name, &parsed);
    let view = match &change {
        Ok(change) if change.is_empty() => ChangeView {
            empty: true,
            lines: vec![
                "Aucun changement : ce tableau dit la même chose que le tableau publié.".to_owned(),
            ],
            ..ChangeView::default()
        },
        Ok(change) => ChangeView {
            empty: false,
            lines: change.french().lines().map(str::to_owned).collect(),
            note: change.note(),
            error: None,
        },
        Err(err) => ChangeView {
            error: Some(format!(
                "La page ne peut pas comparer ce tableau au tableau publié : {err}."
            )),
            ..ChangeView::default()
        },
    };
    let note = edit.note.map_or_else(|| view.note.clone(), str::to_owned);
    let recorded = !view.empty || !note.trim().is_empty();
    report.change = Some(view);
    let date_text =
        crate::model::parse_iso_date(edit.date).map(|d| french::date(d.year, d.month, d.day));
    let mut update =
        UpdateView { recorded, date: edit.date.to_owned(), date_text, note, error: None };
    let bytes = if recorded {
        match record(edit.descriptor, edit.date, &update.note) {
            Ok(bytes) => bytes,
            Err(message) => {
                report.status = "mise-a-jour-refusee";
                report.summary = message.clone();
                update.error = Some(message);
                report.update = Some(update);
                return (report, blobs);
            }
        }
    } else {
        edit.descriptor.to_vec()
    };
    report.update = Some(update);
    let descriptor = match descriptor(&bytes) {
        Ok(descriptor) => descriptor,
        Err(message) => {
            report.status = "descripteur-refuse";
            report.summary = format!("descripteur refusé : {message}");
            report.descriptor_error = Some(message);
            return (report, blobs);
        }
    };
    let fonts = Fonts::bundled();
    let input =
        Input { descriptor: &descriptor, table: edit.table, name: edit.name, fonts: &fonts };
    fill(&mut report, &mut blobs, &input, &bytes, None);
    (report, blobs)
}

/// The descriptor's bytes with the update of `date` (`AAAA-MM-JJ`, from the page's field) and
/// `note` recorded in its publication ([`record_update`](super::record_update)), or why it
/// cannot be, in French.
fn record(descriptor: &[u8], date: &str, note: &str) -> Result<Vec<u8>, String> {
    let text = std::str::from_utf8(descriptor)
        .map_err(|_| "le descripteur n'est pas encodé en UTF-8".to_owned())?;
    let Some(day) = crate::model::parse_iso_date(date) else {
        return Err(match crate::model::impossible_iso_date(date) {
            Some(why) => format!("la date de mise à jour est impossible : {why}"),
            None if date.trim().is_empty() => {
                "indiquez la date de la mise à jour (AAAA-MM-JJ)".to_owned()
            }
            None => format!("« {} » n'est pas une date (AAAA-MM-JJ)", french::escape(date)),
        });
    };
    super::record_update(text, day, Some(note)).map(String::into_bytes).map_err(|e| e.to_string())
}

/// What to do with the `.zip` of the files of `descriptor`, in an editor's words.
fn zip_help(descriptor: &Descriptor) -> String {
    format!(
        "Ce fichier contient tout ce qui change dans le dépôt : le tableau ({}), sa description ({DESCRIPTOR_FILE}) et les fichiers publiés (dossier {OUT_DIR}). \
         Décompressez-le, puis déposez son contenu à la racine du dépôt, à la place des fichiers du même nom (sur GitHub : « Add file », puis « Upload files »). \
         La vérification automatique du dépôt l'acceptera tel quel ; ne modifiez pas à la main les fichiers du dossier {OUT_DIR}.",
        descriptor.table_path
    )
}

/// What the page shows of a build: the verdict, the messages, and where each file offered is
/// in the bytes that go with it ([`report`]). The page reads it as JSON.
#[derive(Debug, Default, serde::Serialize)]
pub struct Report {
    /// The report's format version ([`REPORT_VERSION`]).
    pub version: u32,
    /// The table's file name, as in the messages.
    pub file: String,
    /// `publie` (accepted: files follow), `refuse` (diagnostics, no file) or
    /// `descripteur-refuse` (the descriptor could not be used: `descriptor_error` says why).
    pub status: &'static str,
    /// Why the descriptor was refused, in French.
    pub descriptor_error: Option<String>,
    /// Every diagnostic: `--format json`'s `data` plus `text` ([`diagnostic_json`]).
    pub diagnostics: Vec<serde_json::Value>,
    /// The summary line `comparatif check` prints last.
    pub summary: String,
    /// The summary's counts and data rows.
    pub errors: u64,
    /// Warnings found.
    pub warnings: u64,
    /// Data rows read (blank lines excluded).
    pub rows: u64,
    /// « 2 erreurs », when refused.
    pub errors_text: Option<String>,
    /// Pages of the PDF and « 2 pages », when accepted.
    pub pages: Option<usize>,
    /// « 2 pages », when accepted.
    pub pages_text: Option<String>,
    /// Each file offered, in [`Files::files`]' order, and « 7 fichiers ».
    pub outputs: Vec<Range>,
    /// « 7 fichiers », when accepted.
    pub outputs_text: Option<String>,
    /// The `.zip` of every file offered, the PDF and the thumbnail, when accepted.
    pub zip: Option<Range>,
    /// The PDF, when accepted.
    pub pdf: Option<Range>,
    /// The thumbnail, when accepted.
    pub thumbnail: Option<Range>,
    /// What the page's preview frames show ([`Previews`](super::Previews)); in neither `outputs` nor
    /// the `.zip`.
    pub previews: Option<PreviewRanges>,
    /// The table as read, to draw with its faulty cells marked, when refused.
    pub grid: Option<super::Grid>,
    /// The rows counted with the descriptor's noun (« 7 solutions »).
    pub rows_text: Option<String>,
    /// The publication's « Mis à jour le » as readers see it (« 9 avril 2020 »), when
    /// accepted.
    pub updated_text: Option<String>,
    /// The workbook to edit the carried table in, the bytes `comparatif export` writes
    /// ([`carried_report`]); in neither `outputs` nor the `.zip`.
    pub workbook: Option<Range>,
    /// What changed against the carried table ([`edit_report`]).
    pub change: Option<ChangeView>,
    /// The update recorded in the publication ([`edit_report`]).
    pub update: Option<UpdateView>,
    /// What to do with the `.zip`, in an editor's words, when accepted.
    pub zip_help: Option<String>,
}

/// What changed against the carried table, as `comparatif diff` says it.
#[derive(Debug, Default, serde::Serialize)]
pub struct ChangeView {
    /// Whether the two tables say the same thing.
    pub empty: bool,
    /// The lines of `comparatif diff`'s report (« Solution ajoutée : « X » », …), or the one
    /// line saying that nothing changed.
    pub lines: Vec<String>,
    /// The note to readers proposed from the change ([`crate::diff::Change::note`]); empty when nothing
    /// changed.
    pub note: String,
    /// Why the tables could not be compared, in French, as the page says it (the change is
    /// then not shown).
    pub error: Option<String>,
}

/// The update as recorded in the publication: what the page reflects beside the `.zip`.
#[derive(Debug, Default, serde::Serialize)]
pub struct UpdateView {
    /// Whether the descriptor records it (the table changed, or a note was written).
    pub recorded: bool,
    /// The date, `AAAA-MM-JJ`, as entered.
    pub date: String,
    /// The date as readers see it (« 7 décembre 2026 »), when it exists.
    pub date_text: Option<String>,
    /// The note to readers, as entered (or proposed).
    pub note: String,
    /// Why the update cannot be recorded (an impossible date…), in French: nothing is offered.
    pub error: Option<String>,
}

/// The previews in the bytes after the report ([`Files::preview`] and `card`).
#[derive(Debug, serde::Serialize)]
pub struct PreviewRanges {
    /// The preview page, self-contained.
    pub table: Range,
    /// The download card, self-contained.
    pub card: Range,
}

/// A file in the bytes after the report: `start..end`, its size as the library writes it
/// (« 24,08 ko ») and its media type.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Range {
    /// The file's name when downloaded.
    pub name: String,
    /// Where it goes in the repository (`out/tableau.pdf`), its path in the `.zip`.
    pub path: String,
    /// Its first byte in the bytes after the report (from 0).
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Its size in French (« 24,08 ko »).
    pub size: String,
    /// Its media type (`application/pdf`…).
    pub media_type: &'static str,
}

/// The verdict in the report, the files appended to `blobs`.
fn fill(
    report: &mut Report,
    blobs: &mut Vec<u8>,
    input: &Input<'_>,
    descriptor: &[u8],
    canonical: Option<Vec<u8>>,
) {
    let verdict = match build_with(input, descriptor, canonical) {
        Ok(verdict) => verdict,
        Err(err) => {
            report.status = "refuse";
            report.summary = failure_text(input.name, &err);
            return;
        }
    };
    let summary = verdict.summary;
    match verdict.made {
        Some(made) => {
            report.status = "publie";
            (report.pages, report.pages_text) = (Some(made.pages), Some(made.pages_text));
            report.outputs = made.files.iter().map(|f| append(blobs, f)).collect();
            report.outputs_text = Some(made.files_text);
            report.zip = Some(append(blobs, &made.zip));
            report.pdf = report.outputs.get(made.pdf_idx).cloned();
            report.thumbnail = report.outputs.get(made.thumbnail_idx).cloned();
            let (table, card) = (append(blobs, &made.preview), append(blobs, &made.card));
            report.previews = Some(PreviewRanges { table, card });
            report.zip_help = Some(zip_help(input.descriptor));
            let updated = input.descriptor.publication.updated;
            report.updated_text = Some(french::date(updated.year, updated.month, updated.day));
        }
        None => {
            report.status = "refuse";
            report.errors_text = Some(errors_text(&summary));
            report.grid = Some(super::grid(input.descriptor, input.table));
        }
    }
    let json = |d| diagnostic_json(input.name, d);
    report.diagnostics = summary.diagnostics.iter().map(json).collect();
    (report.errors, report.warnings) = (summary.counts.errors, summary.counts.warnings);
    report.rows = summary.rows;
    report.rows_text = Some(input.descriptor.publication.row_noun.count(summary.rows));
    report.summary = diag::human_summary(
        input.name,
        summary.counts,
        summary.rows,
        &input.descriptor.publication.row_noun,
    );
}

/// Appends `file`'s bytes to `blobs`: its range.
fn append(blobs: &mut Vec<u8>, file: &File) -> Range {
    let start = blobs.len();
    blobs.extend_from_slice(&file.bytes);
    let (name, path) = (file.name.clone(), file.path.clone());
    let (size, media_type) = (file.size.clone(), file.media_type);
    Range { name, path, start, end: blobs.len(), size, media_type }
}

/// The files in one `.zip`, stored (the PDF and the PNG are already compressed) and dated
/// 1980-01-01 (the zip format's first date: no clock, the same archive for the same files).
fn zip(files: &[File]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    for file in files {
        // Writing to memory cannot fail; a failure would only leave the entry out.
        if zip.start_file(file.path.as_str(), options).is_ok() {
            let _ = zip.write_all(&file.bytes);
        }
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESCRIPTOR: &[u8] = include_bytes!("../../datapackage.json");
    const TABLE: &[u8] = include_bytes!("../../table.csv");

    #[test]
    fn a_file_too_big_is_refused_with_the_core_s_sizes() {
        let admission = admit("tableau.csv", 600_000_000);
        let refused = admission.refused.unwrap();
        assert!(
            refused.starts_with(
                "tableau.csv fait 600 Mo : cette page lit les tableaux jusqu'à 33,55 Mo. "
            ),
            "{refused}"
        );
        assert_eq!(admission.notice, None);
        assert_eq!(admit("tableau.CSV", MAX_PAGE_FILE_BYTES), Admission::default());
        let notice = admit("notes.dat", 10).notice.unwrap();
        assert_eq!(
            notice,
            "notes.dat n'a pas l'extension d'un tableau ; comparatif le lit quand même."
        );
        assert!(settings().accept.starts_with(".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods,.json,"));
    }

    #[test]
    fn a_table_too_big_for_the_page_is_refused_with_the_command_to_use() {
        let descriptor = descriptor(DESCRIPTOR).unwrap();
        let fonts = Fonts::bundled();
        let rows = MAX_PAGE_CELLS / 15 + 1;
        let mut table = TABLE.split(|&b| b == b'\n').next().unwrap().to_vec();
        for i in 0..rows {
            table.extend_from_slice(
                format!("\nS{i},É,France,P,20,Q,Oui,Oui,Oui,Oui,Oui,Oui,T,U,https://a.fr")
                    .as_bytes(),
            );
        }
        table.push(b'\n');
        let input =
            Input { descriptor: &descriptor, table: &table, name: "grand.csv", fonts: &fonts };
        let verdict = build(&input, DESCRIPTOR).unwrap();
        assert!(verdict.made.is_none());
        let last = verdict.summary.diagnostics.last().unwrap();
        assert_eq!(last.code, crate::diag::Code::LimiteDepassee);
        let n = crate::french::number;
        let expected = format!(
            "le tableau a {} cellules ({} lignes de 15 colonnes) ; cette page en publie au plus {}",
            n(450_015),
            n(30_001),
            n(450_000)
        );
        assert_eq!(last.message, expected);
        assert_eq!(verdict.summary.counts.errors, 1);
        assert_eq!(errors_text(&verdict.summary), "1 erreur");
        // Up to the limit, the table is published.
        assert!(super::super::budget(Some(MAX_PAGE_CELLS), MAX_PAGE_CELLS / 15, 15).is_none());
        assert!(super::super::budget(Some(MAX_PAGE_CELLS), MAX_PAGE_CELLS + 1, 1).is_some());
    }

    #[test]
    fn a_spreadsheet_also_gives_the_canonical_table_csv_and_the_zip_is_laid_out_like_the_repository()
     {
        let descriptor = descriptor(DESCRIPTOR).unwrap();
        let fonts = Fonts::bundled();
        let sheet = include_bytes!("../../tests/cases/sheets/table.xlsx");
        let input =
            Input { descriptor: &descriptor, table: sheet, name: "table.xlsx", fonts: &fonts };
        let files = build(&input, DESCRIPTOR).unwrap().made.unwrap();
        let names: Vec<&str> = files.files.iter().map(|f| f.name.as_str()).collect();
        let expected = super::super::file_names("tableau");
        let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
        assert_eq!(names, [&expected[..], &["table.csv", "datapackage.json"]].concat());
        assert!(files.files[6].bytes == TABLE && files.files[6].media_type == "text/csv");
        assert!(files.files[7].bytes == DESCRIPTOR);
        assert_eq!(files.files_text, "8 fichiers");
        assert_eq!(files.files[files.pdf_idx].name, "tableau.pdf");
        assert_eq!(files.files[files.thumbnail_idx].name, "tableau.png");
        // Issue 25: the .zip was flat; unpacked at the repository's root it must put the table
        // and the descriptor there, and the published files in out/.
        let archive = zip::ZipArchive::new(Cursor::new(&files.zip.bytes)).unwrap();
        let mut paths: Vec<String> =
            archive.file_names().map(|n| n.unwrap().into_owned()).collect();
        paths.sort_unstable();
        let mut wanted: Vec<String> = expected.iter().map(|n| format!("out/{n}")).collect();
        wanted.extend(["table.csv".to_owned(), "datapackage.json".to_owned()]);
        wanted.sort_unstable();
        assert_eq!(paths, wanted);
    }

    #[test]
    fn messages_are_said_where_the_editor_sees_them_with_their_fix() {
        use crate::diag::Code;
        let d = Diagnostic::error(Code::ValeurInterdite)
            .line(9)
            .column(7)
            .field("audio_video", "Audio et vidéo")
            .message("« oui » n'est pas une valeur possible")
            .hint("écrivez « Oui » ou « Non »");
        let (plain, fix) = plain_message(&d);
        // With French spacing, as the published texts: no line starts with « : » or « » ».
        assert_eq!(
            plain,
            "Ligne 9, colonne G (Audio et vidéo)\u{A0}: «\u{A0}oui\u{A0}» n'est pas une valeur possible"
        );
        assert_eq!(fix.as_deref(), Some("Écrivez «\u{A0}Oui\u{A0}» ou «\u{A0}Non\u{A0}»"));
        let fr = |text: &str| french::spacing(text).into_owned();
        let site = Diagnostic::error(Code::AdresseInvalide)
            .line(2)
            .column(15)
            .field("lien", "Site")
            .message("« ftp://a.fr » n'est pas une adresse web en http(s) dans « Site » (O)");
        assert_eq!(
            plain_message(&site).0,
            fr("Ligne 2, colonne O (Site) : « ftp://a.fr » n'est pas une adresse web en http(s)")
        );
        // Inside the message, the column already named by the place is « cette colonne ».
        let long = Diagnostic::error(Code::TropLong)
            .line(3)
            .column(14)
            .field("usage", "Usage recommandé")
            .message(
                "le texte fait 130 caractères ; « Usage recommandé » (N) en permet au plus 120",
            );
        assert_eq!(
            plain_message(&long).0,
            fr(
                "Ligne 3, colonne N (Usage recommandé) : le texte fait 130 caractères ; cette colonne en permet au plus 120"
            )
        );
        let (plain, _) = plain_message(&d.clone().sheet("Tableau"));
        assert!(
            plain.starts_with(&fr("Feuille « Tableau », cellule G9 (Audio et vidéo) : ")),
            "{plain}"
        );
        let line = Diagnostic::error(Code::Separateur).line(1).message("séparées par « ; »");
        assert_eq!(plain_message(&line), (fr("Ligne 1 : séparées par « ; »"), None));
        let file = Diagnostic::error(Code::FichierVide).message("le fichier est vide");
        assert_eq!(plain_message(&file).0, fr("Le fichier : le fichier est vide"));
        let json = diagnostic_json("t.csv", &d);
        assert!(json["text"].as_str().unwrap().starts_with("t.csv:9:7: erreur[valeur-interdite]"));
        assert_eq!(json["plain"], plain_message(&d).0);
    }

    #[test]
    fn the_carried_table_comes_with_its_workbook_and_an_edit_says_what_changed() {
        let (report, blobs) = carried_report(DESCRIPTOR, TABLE, b"PK workbook");
        assert_eq!(report.status, "publie");
        let workbook = report.workbook.as_ref().unwrap();
        assert_eq!(
            (workbook.name.as_str(), &blobs[workbook.start..workbook.end]),
            ("tableau.xlsx", &b"PK workbook"[..])
        );
        assert!(report.zip_help.unwrap().contains("à la racine du dépôt"));
        // The same table: nothing changed, nothing recorded.
        let edit = Edit {
            descriptor: DESCRIPTOR,
            table: TABLE,
            name: "tableau.xlsx",
            carried: TABLE,
            date: "2026-12-07",
            note: None,
        };
        let (report, _) = edit_report(&edit);
        let change = report.change.unwrap();
        assert!(change.empty && change.note.is_empty() && change.error.is_none());
        assert_eq!(
            change.lines,
            ["Aucun changement : ce tableau dit la même chose que le tableau publié."]
        );
        assert!(!report.update.unwrap().recorded);
        // One cell changed: diff's report, and a note proposed from it.
        let text = std::str::from_utf8(TABLE).unwrap();
        let (header, rest) = text.split_once('\n').unwrap();
        let first = rest.lines().next().unwrap();
        let key = first.split(',').next().unwrap();
        let changed = text.replacen(first, &first.replacen(key, &format!("{key} 2"), 1), 1);
        let edit = Edit { table: changed.as_bytes(), name: "table.csv", ..edit };
        let (report, _) = edit_report(&edit);
        assert_eq!(report.status, "publie", "{:?}", report.diagnostics);
        let change = report.change.unwrap();
        assert!(!change.empty);
        assert_eq!(
            change.note,
            format!("Ajout de la solution « {key} 2 » ; retrait de la solution « {key} »")
        );
        let update = report.update.unwrap();
        assert!(update.recorded);
        assert_eq!(
            (update.date_text.as_deref(), update.note.as_str()),
            (Some("7 décembre 2026"), change.note.as_str())
        );
        // The editor's own note is kept, and recorded in the descriptor the .zip holds.
        let (report, blobs) = edit_report(&Edit { note: Some("Nouvelle solution"), ..edit });
        assert_eq!(report.update.unwrap().note, "Nouvelle solution");
        let recorded = report.outputs.iter().find(|o| o.path == "datapackage.json").unwrap();
        let recorded = std::str::from_utf8(&blobs[recorded.start..recorded.end]).unwrap();
        let recorded = schema::parse(recorded).unwrap();
        assert_eq!(recorded.publication.updated.to_string(), "2026-12-07");
        assert_eq!(recorded.publication.history[0].note, "Nouvelle solution");
        // An impossible date is said, and nothing is offered.
        let (report, _) = edit_report(&Edit { date: "2026-06-31", ..edit });
        assert_eq!(report.status, "mise-a-jour-refusee");
        assert!(report.outputs.is_empty());
        let error = report.update.unwrap().error.unwrap();
        assert!(
            error.starts_with(
                "la date de mise à jour est impossible : le 31 juin 2026 n'existe pas"
            ),
            "{error}"
        );
        assert!(header.starts_with("solution"));
    }
}
