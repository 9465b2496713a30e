//! comparatif in the browser: the page's files (descriptor, table) → the library's verdict as one
//! buffer the page reads: a JSON report, then the bytes of every output and of their `.zip`.
//!
//! The page and this module talk through three exported functions and the module's memory, with
//! no generated glue (a dozen lines of JavaScript in `web/page/app.js` load it):
//!
//! - `comparatif_input(slot, len) -> ptr`: makes room for `len` bytes of input `slot`
//!   ([`Slot`]: 0 the descriptor's text, 1 the table's bytes, 2 the table's file name), which the
//!   page then writes at `ptr`;
//! - `comparatif_build() -> len`: runs [`report`] on the inputs; the result is `len` bytes…
//! - `comparatif_result() -> ptr`: … at `ptr`, until the next call.
//!
//! The result is a little-endian `u32`, the length of the JSON report, the report (UTF-8), then
//! the outputs one after the other; the report gives each output's range in the bytes that
//! follow it (see [`Report`]). Everything the page shows comes from the library: the same
//! verdict, messages and bytes as `comparatif build`.

use std::cell::RefCell;
use std::io::{Cursor, Write as _};

use comparatif::diag::{self, Code, Counts, Diagnostic};
use comparatif::layout::fonts::Fonts;
use comparatif::limits::{MAX_PAGE_CELLS, MAX_ROWS_BUILD, french_number};
use comparatif::pipeline::{self, BuildOptions, Input, Published, Rejected, Verdict};
use serde::Serialize;

/// Version of the report's JSON; bumped when a field is renamed or removed.
pub const REPORT_VERSION: u32 = 1;

/// Name of the archive of every output (« Tout télécharger »).
pub const ZIP_NAME: &str = "comparatif-out.zip";

/// The inputs the page writes before `comparatif_build`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Slot {
    /// `datapackage.json`'s text (UTF-8).
    Descriptor = 0,
    /// The table file's bytes.
    Table = 1,
    /// The table's file name as the person chose it (UTF-8), shown in the messages.
    FileName = 2,
}

/// What the page asked for and what it gets back.
#[derive(Default)]
struct State {
    inputs: [Vec<u8>; 3],
    result: Vec<u8>,
    /// The last descriptor parsed, with its bytes: a page builds several tables with the same
    /// descriptor, and parsing compiles its patterns.
    parsed: Option<(Vec<u8>, comparatif::schema::Descriptor)>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Room for `len` bytes of input `slot` (see [`Slot`]); returns where the page writes them, or
/// 0 for an unknown slot.
#[allow(unsafe_code)] // `no_mangle` exports the symbol by name: the page's loader calls it.
#[unsafe(no_mangle)]
pub extern "C" fn comparatif_input(slot: u32, len: u32) -> *mut u8 {
    STATE.with_borrow_mut(|state| match state.inputs.get_mut(slot as usize) {
        Some(input) => {
            input.clear();
            input.resize(len as usize, 0);
            input.as_mut_ptr()
        }
        None => std::ptr::null_mut(),
    })
}

/// Runs the pipeline on the inputs written; returns the result's length in bytes.
#[allow(unsafe_code)] // `no_mangle` exports the symbol by name: the page's loader calls it.
#[unsafe(no_mangle)]
pub extern "C" fn comparatif_build() -> u32 {
    STATE.with_borrow_mut(|state| {
        let [descriptor, table, name] = &state.inputs;
        let name = String::from_utf8_lossy(name);
        let cached = state.parsed.as_ref().filter(|(bytes, _)| bytes == descriptor);
        state.result = match cached {
            Some((_, parsed)) => report_with(Ok(parsed), table, &name),
            None => {
                let parsed = parse_descriptor(descriptor);
                let result = report_with(parsed.as_ref().map_err(Clone::clone), table, &name);
                state.parsed = parsed.ok().map(|p| (descriptor.clone(), p));
                result
            }
        };
        u32::try_from(state.result.len()).unwrap_or(u32::MAX)
    })
}

/// Where the result of the last `comparatif_build` is.
#[allow(unsafe_code)] // `no_mangle` exports the symbol by name: the page's loader calls it.
#[unsafe(no_mangle)]
pub extern "C" fn comparatif_result() -> *const u8 {
    STATE.with_borrow(|state| state.result.as_ptr())
}

/// The JSON report at the head of the result.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub version: u32,
    /// The table's file name, as in the messages.
    pub file: String,
    /// `publie` (accepted: outputs follow), `refuse` (diagnostics, no output) or
    /// `descripteur-refuse` (the descriptor could not be used: `descriptor_error` says why).
    pub status: &'static str,
    /// Why the descriptor was refused, in French.
    pub descriptor_error: Option<String>,
    /// Every diagnostic: the fields of `--format json`'s `data` plus `text`, the lines
    /// `comparatif check` prints for it.
    pub diagnostics: Vec<serde_json::Value>,
    /// The summary line `comparatif check` prints last.
    pub summary: String,
    pub errors: u64,
    pub warnings: u64,
    /// Data rows read.
    pub rows: u64,
    /// Pages of the PDF, when accepted.
    pub pages: Option<usize>,
    /// Each output in `out/`'s order: its name and its range in the bytes after the report.
    pub outputs: Vec<Range>,
    /// The `.zip` of every output, when accepted.
    pub zip: Option<Range>,
    /// What the page's preview frames show, when accepted: `apercu.html` and the card of
    /// `lien.html` with the thumbnail and the filter script written in, whatever the
    /// publication's `urlPrefix` ([`pipeline::previews`]); in neither `outputs` nor the `.zip`.
    pub previews: Option<PreviewRanges>,
    /// The table as read, to draw with its faulty cells marked.
    pub grid: Option<pipeline::Grid>,
}

/// The previews in the bytes after the report.
#[derive(Debug, Serialize)]
pub struct PreviewRanges {
    /// The table's preview page (`apercu.html`, whole).
    pub table: Range,
    /// The download card (`lien.html`'s card, without its script).
    pub card: Range,
}

/// A file in the bytes after the report: `start..end`.
#[derive(Debug, Serialize)]
pub struct Range {
    pub name: String,
    pub start: usize,
    pub end: usize,
    /// Its size as `comparatif build` and the download card write it (« 24,08 ko »).
    pub size: String,
}

/// The whole result for these inputs: the report's length, the report, the outputs' bytes.
pub fn report(descriptor: &[u8], table: &[u8], file: &str) -> Vec<u8> {
    let parsed = parse_descriptor(descriptor);
    report_with(parsed.as_ref().map_err(Clone::clone), table, file)
}

/// [`report`] with the descriptor already parsed (or the French reason it could not be).
fn report_with(
    descriptor: Result<&comparatif::schema::Descriptor, String>,
    table: &[u8],
    file: &str,
) -> Vec<u8> {
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
            let input = Input { descriptor, table, fonts: &fonts };
            fill(&mut report, &mut blobs, &input);
        }
    }
    // Serialising plain structs of strings and numbers cannot fail.
    let json = serde_json::to_vec(&report).expect("the report serialises to JSON");
    let mut out = Vec::with_capacity(4 + json.len() + blobs.len());
    out.extend_from_slice(&u32::try_from(json.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&blobs);
    out
}

/// The descriptor's text parsed, or the French reason it cannot be used.
fn parse_descriptor(bytes: &[u8]) -> Result<comparatif::schema::Descriptor, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "le descripteur n'est pas encodé en UTF-8".to_owned())?;
    comparatif::schema::parse(text).map_err(|err| err.to_string())
}

/// The verdict of `pipeline::build` in the report, the outputs appended to `blobs`.
fn fill(report: &mut Report, blobs: &mut Vec<u8>, input: &Input<'_>) {
    let file = report.file.clone();
    let (diagnostics, counts, rows) = match build_in_page(input) {
        Ok((Verdict::Published(published), previews)) => {
            report.status = "publie";
            report.pages = Some(published.pages);
            let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
            for output in &published.outputs {
                report.outputs.push(append(blobs, output.name, &output.bytes));
                add_to_zip(&mut zip, output.name, &output.bytes);
            }
            // From a spreadsheet, the canonical table.csv too: what the repository keeps.
            if comparatif::load::detect(input.table) != comparatif::load::Format::Csv
                && let Ok(converted) = pipeline::import(input.descriptor, input.table)
            {
                let name = canonical_name(input.descriptor);
                report.outputs.push(append(blobs, &name, &converted.bytes));
                add_to_zip(&mut zip, &name, &converted.bytes);
            }
            let zip = zip.finish().map(Cursor::into_inner).unwrap_or_default();
            report.zip = Some(append(blobs, ZIP_NAME, &zip));
            report.previews = previews.map(|p| PreviewRanges {
                table: append(blobs, "apercu.html", p.preview.as_bytes()),
                card: append(blobs, "lien.html", p.link.as_bytes()),
            });
            (published.warnings, published.counts, published.rows)
        }
        Ok((Verdict::Rejected(rejected), _)) => {
            report.status = "refuse";
            report.grid = Some(pipeline::grid(input.descriptor, input.table));
            (rejected.diagnostics, rejected.counts, rejected.rows)
        }
        // Never because of the table (it was validated): an output could not be encoded.
        Err(err) => {
            report.status = "refuse";
            report.summary = format!("{file} : les fichiers n'ont pas pu être produits ({err})");
            return;
        }
    };
    report.diagnostics = diagnostics.iter().map(|d| with_text(&file, d)).collect();
    let Counts { errors, warnings } = counts;
    (report.errors, report.warnings, report.rows) = (errors, warnings, rows);
    report.summary =
        diag::human_summary(&file, counts, rows, &input.descriptor.publication.row_noun);
}

/// [`pipeline::build`], within what the page's memory holds ([`MAX_PAGE_CELLS`]), and the
/// previews of what it published.
fn build_in_page(
    input: &Input<'_>,
) -> Result<(Verdict, Option<pipeline::Previews>), pipeline::RenderError> {
    let accepted = match pipeline::accept(input) {
        Ok(accepted) => accepted,
        Err(rejected) => return Ok((Verdict::Rejected(rejected), None)),
    };
    if let Some(too_big) = page_limit(accepted.rows, accepted.table.columns.len()) {
        let mut counts = accepted.counts;
        counts.add(&too_big);
        let mut diagnostics = accepted.warnings;
        diagnostics.push(too_big);
        let rejected = Rejected { diagnostics, counts, rows: accepted.rows };
        return Ok((Verdict::Rejected(rejected), None));
    }
    let rendered = pipeline::render(&accepted.table, input.fonts, &BuildOptions::default())?;
    let previews = pipeline::previews(&accepted.table, &rendered);
    let published = Published {
        outputs: rendered.outputs,
        warnings: accepted.warnings,
        counts: accepted.counts,
        rows: accepted.rows,
        pages: rendered.pages,
    };
    Ok((Verdict::Published(published), Some(previews)))
}

/// The `limite-depassee` error of a table of `rows` × `columns` cells larger than the page
/// publishes ([`MAX_PAGE_CELLS`]).
fn page_limit(rows: u64, columns: usize) -> Option<Diagnostic> {
    let cells = rows.saturating_mul(columns as u64);
    (cells > MAX_PAGE_CELLS).then(|| {
        Diagnostic::error(Code::LimiteDepassee)
            .message(format!(
                "le tableau a {} cellules ({} lignes de {columns} colonnes) ; cette page en publie au plus {}",
                french_number(cells),
                french_number(rows),
                french_number(MAX_PAGE_CELLS)
            ))
            .hint(format!(
                "publiez-le avec la commande « comparatif build », qui va jusqu'à {} lignes",
                french_number(MAX_ROWS_BUILD as u64)
            ))
    })
}

/// The file name of the descriptor's resource (`table.csv`): where the canonical table goes.
fn canonical_name(descriptor: &comparatif::schema::Descriptor) -> String {
    let path = &descriptor.table_path;
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    if name.is_empty() { "table.csv".to_owned() } else { name.to_owned() }
}

/// A diagnostic's JSON data, plus the text `comparatif check` prints for it.
fn with_text(file: &str, d: &Diagnostic) -> serde_json::Value {
    let mut data = diag::json_data(file, d);
    if let Some(object) = data.as_object_mut() {
        object.insert("text".into(), diag::render_human(file, d).into());
    }
    data
}

fn append(blobs: &mut Vec<u8>, name: &str, bytes: &[u8]) -> Range {
    let start = blobs.len();
    blobs.extend_from_slice(bytes);
    let size = comparatif::export::html::file_size_text(bytes.len() as u64);
    Range { name: name.to_owned(), start, end: blobs.len(), size }
}

/// Stores `bytes` as `name` in the archive, dated 1980-01-01 (the zip format's first date:
/// no clock, the same archive for the same files).
fn add_to_zip(zip: &mut zip::ZipWriter<Cursor<Vec<u8>>>, name: &str, bytes: &[u8]) {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    // Writing to memory cannot fail; a failure would only leave the entry out.
    if zip.start_file(name, options).is_ok() {
        let _ = zip.write_all(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESCRIPTOR: &[u8] = include_bytes!("../../datapackage.json");
    const TABLE: &[u8] = include_bytes!("../../table.csv");

    /// The report and the bytes after it.
    fn split(result: &[u8]) -> (serde_json::Value, &[u8]) {
        let len = u32::from_le_bytes(result[..4].try_into().unwrap()) as usize;
        (serde_json::from_slice(&result[4..4 + len]).unwrap(), &result[4 + len..])
    }

    #[test]
    fn the_repository_table_gives_out_s_bytes() {
        let result = report(DESCRIPTOR, TABLE, "table.csv");
        let (json, blobs) = split(&result);
        assert_eq!(json["status"], "publie");
        let committed: [(&str, &[u8]); 6] = [
            ("tableau.pdf", include_bytes!("../../out/tableau.pdf")),
            ("tableau.png", include_bytes!("../../out/tableau.png")),
            ("tableau.html", include_bytes!("../../out/tableau.html")),
            ("tableau.js", include_bytes!("../../out/tableau.js")),
            ("apercu.html", include_bytes!("../../out/apercu.html")),
            ("lien.html", include_bytes!("../../out/lien.html")),
        ];
        for (output, (name, bytes)) in json["outputs"].as_array().unwrap().iter().zip(committed) {
            assert_eq!(output["name"], name);
            let (start, end) = (output["start"].as_u64().unwrap(), output["end"].as_u64().unwrap());
            assert!(&blobs[start as usize..end as usize] == bytes, "{name}");
        }
        let zip = &json["zip"];
        let zipped =
            &blobs[zip["start"].as_u64().unwrap() as usize..zip["end"].as_u64().unwrap() as usize];
        let mut archive = zip::ZipArchive::new(Cursor::new(zipped)).unwrap();
        assert_eq!(archive.len(), 6);
        let mut pdf = Vec::new();
        std::io::Read::read_to_end(&mut archive.by_name("tableau.pdf").unwrap(), &mut pdf).unwrap();
        assert!(pdf == committed[0].1);
    }

    #[test]
    fn the_previews_carry_the_thumbnail_whatever_the_url_prefix() {
        let text = std::str::from_utf8(DESCRIPTOR).unwrap();
        let at = text.find("\"publication\": {").expect("the descriptor has a publication");
        for prefix in ["/uploads/", "https://www.numerique.gouv.fr/uploads/"] {
            let descriptor = format!(
                "{}\"publication\": {{\"urlPrefix\": \"{prefix}\", {}",
                &text[..at],
                &text[at + "\"publication\": {".len()..]
            );
            let result = report(descriptor.as_bytes(), TABLE, "table.csv");
            let (json, blobs) = split(&result);
            assert_eq!(json["status"], "publie", "{json}");
            let range = |r: &serde_json::Value| {
                let (start, end) = (r["start"].as_u64().unwrap(), r["end"].as_u64().unwrap());
                std::str::from_utf8(&blobs[start as usize..end as usize]).unwrap().to_owned()
            };
            let published = range(&json["outputs"][4]);
            assert!(published.contains(&format!("src=\"{prefix}tableau.png\"")), "{published}");
            for name in ["table", "card"] {
                let shown = range(&json["previews"][name]);
                assert!(shown.contains("src=\"data:image/png;base64,iVBOR"), "{name}: {shown}");
                assert!(!shown.contains("tableau.png\""), "{name}: {shown}");
            }
            // The zip holds the published files only.
            let zip = &json["zip"];
            let zipped = &blobs
                [zip["start"].as_u64().unwrap() as usize..zip["end"].as_u64().unwrap() as usize];
            assert_eq!(zip::ZipArchive::new(Cursor::new(zipped)).unwrap().len(), 6);
        }
    }

    #[test]
    fn a_refused_table_gives_the_cli_s_messages_and_its_grid() {
        let table = b"solution,editeur\nA,B\n";
        let result = report(DESCRIPTOR, table, "mon tableau.csv");
        let (json, blobs) = split(&result);
        assert_eq!(json["status"], "refuse");
        assert!(blobs.is_empty());
        assert!(json["outputs"].as_array().unwrap().is_empty());
        let first = &json["diagnostics"][0];
        assert_eq!(first["code"], "colonne-manquante");
        assert!(
            first["text"]
                .as_str()
                .unwrap()
                .starts_with("mon tableau.csv:1: erreur[colonne-manquante] : ")
        );
        assert!(
            json["summary"].as_str().unwrap().starts_with("mon tableau.csv : tableau refusé (")
        );
        assert_eq!(json["grid"]["records"][1]["cells"][0], "A");
    }

    #[test]
    fn a_spreadsheet_also_gives_the_canonical_table_csv() {
        let sheet = include_bytes!("../../tests/cases/sheets/table.xlsx");
        let result = report(DESCRIPTOR, sheet, "table.xlsx");
        let (json, blobs) = split(&result);
        assert_eq!(json["status"], "publie");
        let outputs = json["outputs"].as_array().unwrap();
        let last = outputs.last().unwrap();
        assert_eq!(last["name"], "table.csv");
        let bytes = &blobs
            [last["start"].as_u64().unwrap() as usize..last["end"].as_u64().unwrap() as usize];
        assert!(bytes == TABLE, "the workbook's table.csv is the repository's");
        // A CSV gives only out/'s files.
        let (json, _) = split(&report(DESCRIPTOR, TABLE, "table.csv"));
        assert_eq!(json["outputs"].as_array().unwrap().len(), 6);
    }

    #[test]
    fn the_page_reads_files_within_the_core_s_limits() {
        let page = include_str!("../page/app.js");
        for (name, limit) in [
            ("MAX_PAGE_FILE_BYTES", comparatif::limits::MAX_PAGE_FILE_BYTES),
            ("MAX_DESCRIPTOR_BYTES", comparatif::limits::MAX_DESCRIPTOR_BYTES),
        ] {
            let line = format!("const {name} = {limit};");
            assert!(page.contains(&line), "web/page/app.js must say {line}");
        }
    }

    #[test]
    fn a_table_too_big_for_the_page_is_refused_with_the_command_to_use() {
        let rows = MAX_PAGE_CELLS / 15 + 1;
        let mut table = TABLE.split(|&b| b == b'\n').next().unwrap().to_vec();
        for i in 0..rows {
            table.extend_from_slice(
                format!("\nS{i},É,France,P,20,Q,Oui,Oui,Oui,Oui,Oui,Oui,T,U,https://a.fr")
                    .as_bytes(),
            );
        }
        table.push(b'\n');
        let result = report(DESCRIPTOR, &table, "grand.csv");
        let (json, blobs) = split(&result);
        assert_eq!(json["status"], "refuse");
        assert!(blobs.is_empty());
        let diagnostics = json["diagnostics"].as_array().unwrap();
        let last = diagnostics.last().unwrap();
        assert_eq!(last["code"], "limite-depassee");
        let text = last["text"].as_str().unwrap();
        let n = |n: u64| french_number(n);
        let expected = format!(
            "le tableau a {} cellules ({} lignes de 15 colonnes) ; cette page en publie au plus {}",
            n(450_015),
            n(30_001),
            n(450_000)
        );
        assert!(text.contains(&expected), "{text}");
        let hint = format!("« comparatif build », qui va jusqu'à {} lignes", n(100_000));
        assert!(text.contains(&hint), "{text}");
        assert_eq!(json["errors"], 1);
        // Up to the limit, the table is published.
        assert!(page_limit(MAX_PAGE_CELLS / 15, 15).is_none());
        assert!(
            page_limit(MAX_PAGE_CELLS, 1).is_none() && page_limit(MAX_PAGE_CELLS + 1, 1).is_some()
        );
    }

    #[test]
    fn a_broken_descriptor_is_said_in_french() {
        let (json, _) = split(&report(b"{ pas du json", TABLE, "table.csv"));
        assert_eq!(json["status"], "descripteur-refuse");
        assert!(json["descriptor_error"].as_str().unwrap().contains("n'est pas un JSON valide"));
    }
}
