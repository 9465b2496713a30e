//! comparatif in the browser: translates between the page's JavaScript and the library. The
//! page's files (descriptor, table, name) → [`pipeline::page::build`]'s verdict as one buffer:
//! a JSON report, then the bytes of every file offered and of their `.zip`.
//!
//! The page and this module talk through exported functions and the module's memory, with no
//! generated glue (a dozen lines of JavaScript in `web/page/app.js` load it):
//!
//! - `comparatif_input(slot, len) -> ptr`: makes room for `len` bytes of input `slot`
//!   (0 the descriptor's text, 1 the table's bytes, 2 its file name, 3 today's date
//!   `AAAA-MM-JJ` or the update's, 4 the note to readers, 5 the carried table's bytes, 6 its
//!   workbook's), which the page then writes at `ptr`;
//! - `comparatif_settings() -> len`: the page's limits and texts ([`page::settings`]), as JSON;
//! - `comparatif_admit(size) -> len`: whether the page reads the file named in slot 2 of `size`
//!   bytes, and what it says first ([`page::admit`]), as JSON;
//! - `comparatif_carried() -> len`: the table the page carries (slots 0, 5 and 6), with its
//!   workbook ([`page::carried_report`]), in the same form as a build;
//! - `comparatif_edit(has_note) -> len`: the table chosen (slots 1 and 2) as an edit of the
//!   carried one: what changed, and its build with the update of slot 3's date and slot 4's
//!   note (the note proposed from the change when `has_note` is 0) recorded
//!   ([`page::edit_report`]), in the same form as a build;
//! - `comparatif_build() -> len`: runs [`report`] on the inputs;
//! - `comparatif_init() -> len`: « Nouveau tableau »: the descriptor inferred from the table,
//!   then its build ([`page::new_table_report`]), in the same form as a build;
//! - `comparatif_result() -> ptr`: where the last result's `len` bytes are, until the next call.
//!
//! A build's result is a little-endian `u32`, the length of the JSON report, the report (UTF-8),
//! then the files one after the other; the report gives each file's range in the bytes that
//! follow it (see [`page::Report`]). Every rule, limit and French text comes from the library.

use std::cell::RefCell;

use comparatif::pipeline::page;
use comparatif::schema::Descriptor;
use serde::Serialize;

/// What the page asked for and what it gets back.
#[derive(Default)]
struct State {
    inputs: [Vec<u8>; 7],
    result: Vec<u8>,
    /// The last descriptor parsed, with its bytes: a page builds several tables with the same
    /// descriptor, and parsing compiles its patterns.
    parsed: Option<(Vec<u8>, Descriptor)>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Room for `len` bytes of input `slot`; returns where the page writes them, or
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

/// The page's settings as JSON; returns the result's length in bytes.
#[allow(unsafe_code)] // `no_mangle` exports the symbol by name: the page's loader calls it.
#[unsafe(no_mangle)]
pub extern "C" fn comparatif_settings() -> u32 {
    answer(|_| json(&page::settings()))
}

/// Whether the page reads the file named in slot 2, of `size` bytes (a JavaScript number), as
/// JSON; returns the result's length in bytes.
#[allow(unsafe_code)] // `no_mangle` exports the symbol by name: the page's loader calls it.
#[unsafe(no_mangle)]
pub extern "C" fn comparatif_admit(size: f64) -> u32 {
    // A file's size in JavaScript is a whole number below 2^53: it converts exactly.
    answer(|state| json(&page::admit(&String::from_utf8_lossy(&state.inputs[2]), size as u64)))
}

/// Runs the build on the inputs written; returns the result's length in bytes.
#[allow(unsafe_code)] // `no_mangle` exports the symbol by name: the page's loader calls it.
#[unsafe(no_mangle)]
pub extern "C" fn comparatif_build() -> u32 {
    answer(|state| {
        let [descriptor, table, name, ..] = &state.inputs;
        let cached = state.parsed.take().filter(|(bytes, _)| bytes == descriptor);
        let parsed = cached
            .map_or_else(|| page::descriptor(descriptor).map(|d| (descriptor.clone(), d)), Ok);
        let parsed_ref = parsed.as_ref().map(|(_, d)| d).map_err(Clone::clone);
        let result = report_with(parsed_ref, descriptor, table, &String::from_utf8_lossy(name));
        state.parsed = parsed.ok();
        result
    })
}

/// Infers the descriptor of the table written (« Nouveau tableau ») and builds with it;
/// returns the result's length in bytes.
#[allow(unsafe_code)] // `no_mangle` exports the symbol by name: the page's loader calls it.
#[unsafe(no_mangle)]
pub extern "C" fn comparatif_init() -> u32 {
    answer(|state| {
        let [_, table, name, today, ..] = &state.inputs;
        let (name, today) = (String::from_utf8_lossy(name), String::from_utf8_lossy(today));
        let (report, blobs) = page::new_table_report(table, &name, &today);
        pack(&report, &blobs)
    })
}

/// The table the page carries, with its workbook; returns the result's length in bytes.
#[allow(unsafe_code)] // `no_mangle` exports the symbol by name: the page's loader calls it.
#[unsafe(no_mangle)]
pub extern "C" fn comparatif_carried() -> u32 {
    answer(|state| {
        let [descriptor, _, _, _, _, carried, workbook] = &state.inputs;
        let (report, blobs) = page::carried_report(descriptor, carried, workbook);
        pack(&report, &blobs)
    })
}

/// The table written as an edit of the carried one, with the update's date and note (the
/// proposed note when `has_note` is 0); returns the result's length in bytes.
#[allow(unsafe_code)] // `no_mangle` exports the symbol by name: the page's loader calls it.
#[unsafe(no_mangle)]
pub extern "C" fn comparatif_edit(has_note: u32) -> u32 {
    answer(|state| {
        let [descriptor, table, name, date, note, carried, _] = &state.inputs;
        let (name, date) = (String::from_utf8_lossy(name), String::from_utf8_lossy(date));
        let note = String::from_utf8_lossy(note);
        let edit = page::Edit {
            descriptor,
            table,
            name: &name,
            carried,
            date: &date,
            note: (has_note != 0).then_some(&*note),
        };
        let (report, blobs) = page::edit_report(&edit);
        pack(&report, &blobs)
    })
}

/// Where the result of the last call is.
#[allow(unsafe_code)] // `no_mangle` exports the symbol by name: the page's loader calls it.
#[unsafe(no_mangle)]
pub extern "C" fn comparatif_result() -> *const u8 {
    STATE.with_borrow(|state| state.result.as_ptr())
}

/// Keeps what `make` gives as the result; its length.
fn answer(make: impl FnOnce(&mut State) -> Vec<u8>) -> u32 {
    STATE.with_borrow_mut(|state| {
        state.result = make(state);
        u32::try_from(state.result.len()).unwrap_or(u32::MAX)
    })
}

fn json(value: &impl Serialize) -> Vec<u8> {
    // Plain structs of strings and numbers always serialise.
    serde_json::to_vec(value).expect("the value serialises to JSON")
}

/// The whole result for these inputs: the report's length, the report, the files' bytes.
pub fn report(descriptor: &[u8], table: &[u8], file: &str) -> Vec<u8> {
    let parsed = page::descriptor(descriptor);
    report_with(parsed.as_ref().map_err(Clone::clone), descriptor, table, file)
}

/// [`report`] with the descriptor already parsed from `bytes` (or the French reason it could
/// not be).
fn report_with(
    descriptor: Result<&Descriptor, String>,
    bytes: &[u8],
    table: &[u8],
    file: &str,
) -> Vec<u8> {
    let (report, blobs) = page::report(descriptor, bytes, table, file);
    pack(&report, &blobs)
}

/// A report and its files as one result: the report's length, the report, the files' bytes.
fn pack(report: &page::Report, blobs: &[u8]) -> Vec<u8> {
    let json = json(report);
    let mut out = Vec::with_capacity(4 + json.len() + blobs.len());
    out.extend_from_slice(&u32::try_from(json.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(blobs);
    out
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    const DESCRIPTOR: &[u8] = include_bytes!("../../datapackage.json");
    const TABLE: &[u8] = include_bytes!("../../table.csv");

    /// The report and the bytes after it.
    fn split(result: &[u8]) -> (serde_json::Value, &[u8]) {
        let len = u32::from_le_bytes(result[..4].try_into().unwrap()) as usize;
        (serde_json::from_slice(&result[4..4 + len]).unwrap(), &result[4 + len..])
    }

    #[test]
    fn a_new_table_gives_its_descriptor_its_csv_and_its_files() {
        // A bare table, with no descriptor: what « Nouveau tableau » does in the page.
        let bare = "Outil,Hébergé en France,Participants\nVisio A,Oui,50\nVisio B,Non,NC\nVisio C,Oui,NC\n";
        STATE.with_borrow_mut(|state| {
            state.inputs[1] = bare.as_bytes().to_vec();
            state.inputs[2] = b"outils.csv".to_vec();
            state.inputs[3] = b"2026-12-07".to_vec();
        });
        let len = comparatif_init() as usize;
        let result = STATE.with_borrow(|state| state.result.clone());
        assert_eq!(result.len(), len);
        let (json, blobs) = split(&result);
        assert_eq!(json["status"], "publie", "{json}");
        let outputs = json["outputs"].as_array().unwrap();
        let names: Vec<&str> = outputs.iter().map(|o| o["name"].as_str().unwrap()).collect();
        assert!(names.starts_with(&["outils.pdf", "outils.png"]), "{names:?}");
        assert_eq!(names[names.len() - 2..], ["table.csv", "datapackage.json"]);
        let range = |o: &serde_json::Value| {
            &blobs[o["start"].as_u64().unwrap() as usize..o["end"].as_u64().unwrap() as usize]
        };
        let descriptor = std::str::from_utf8(range(&outputs[names.len() - 1])).unwrap();
        let parsed = comparatif::schema::parse(descriptor).expect("the inferred descriptor parses");
        assert_eq!(parsed.publication.updated.to_string(), "2026-12-07");
        assert_eq!(parsed.publication.file_name, "outils");
        assert_eq!(json["zip"]["name"], "tableau-a-publier.zip");
        // A table init cannot describe (a header label twice) is refused with its message.
        STATE.with_borrow_mut(|state| state.inputs[1] = b"a,a\n1,2\n".to_vec());
        comparatif_init();
        let result = STATE.with_borrow(|state| state.result.clone());
        let (json, _) = split(&result);
        assert_eq!(json["status"], "refuse", "{json}");
        assert_eq!(json["diagnostics"][0]["code"], "en-tete-duplique", "{json}");
    }

    #[test]
    fn the_carried_table_then_an_edit_of_it() {
        STATE.with_borrow_mut(|state| {
            state.inputs[0] = DESCRIPTOR.to_vec();
            state.inputs[5] = TABLE.to_vec();
            state.inputs[6] = b"PK classeur".to_vec();
        });
        comparatif_carried();
        let result = STATE.with_borrow(|state| state.result.clone());
        let (json, blobs) = split(&result);
        assert_eq!(json["status"], "publie", "{json}");
        let workbook = &json["workbook"];
        assert_eq!(workbook["name"], "tableau.xlsx");
        let (start, end) = (workbook["start"].as_u64().unwrap(), workbook["end"].as_u64().unwrap());
        assert_eq!(&blobs[start as usize..end as usize], b"PK classeur");
        // The editor drops the table with one solution fewer, and writes a note.
        let text = std::str::from_utf8(TABLE).unwrap();
        let last = text.lines().last().unwrap();
        let key = last.split(',').next().unwrap().to_owned();
        let fewer = text.replacen(&format!("{last}\n"), "", 1);
        STATE.with_borrow_mut(|state| {
            state.inputs[1] = fewer.into_bytes();
            state.inputs[2] = b"tableau.csv".to_vec();
            state.inputs[3] = b"2026-12-07".to_vec();
            state.inputs[4] = b"Une note".to_vec();
        });
        comparatif_edit(0);
        let (json, _) = split(&STATE.with_borrow(|state| state.result.clone()));
        assert_eq!(json["status"], "publie", "{json}");
        let proposed = format!("Retrait de la solution « {key} »");
        assert_eq!(json["change"]["note"], proposed.as_str());
        assert_eq!(json["change"]["lines"][0], format!("Solution retirée : « {key} »"));
        assert_eq!(json["update"]["note"], proposed.as_str());
        assert_eq!(json["update"]["date_text"], "7 décembre 2026");
        comparatif_edit(1);
        let (json, _) = split(&STATE.with_borrow(|state| state.result.clone()));
        assert_eq!(json["update"]["note"], "Une note");
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
        // Laid out like the repository: out/'s files, table.csv and datapackage.json.
        assert_eq!(archive.len(), 8);
        let mut pdf = Vec::new();
        std::io::Read::read_to_end(&mut archive.by_name("out/tableau.pdf").unwrap(), &mut pdf)
            .unwrap();
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
            // The zip holds the published files, the table and the descriptor only.
            let zip = &json["zip"];
            let zipped = &blobs
                [zip["start"].as_u64().unwrap() as usize..zip["end"].as_u64().unwrap() as usize];
            assert_eq!(zip::ZipArchive::new(Cursor::new(zipped)).unwrap().len(), 8);
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
        let last = &outputs[outputs.len() - 2];
        assert_eq!(last["name"], "table.csv");
        assert_eq!(outputs.last().unwrap()["path"], "datapackage.json");
        let bytes = &blobs
            [last["start"].as_u64().unwrap() as usize..last["end"].as_u64().unwrap() as usize];
        assert!(bytes == TABLE, "the workbook's table.csv is the repository's");
        // A CSV gives its canonical table.csv too: the repository's files, all of them.
        let (json, _) = split(&report(DESCRIPTOR, TABLE, "table.csv"));
        let paths: Vec<&str> = json["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths[0], "out/tableau.pdf");
        assert_eq!(paths[6..], ["table.csv", "datapackage.json"]);
    }

    #[test]
    fn a_misnamed_file_is_said_as_the_cli_says_it() {
        let (json, _) = split(&report(DESCRIPTOR, TABLE, "tableau.xlsx"));
        assert_eq!(json["status"], "publie");
        let first = &json["diagnostics"][0];
        assert_eq!(first["code"], "extension-trompeuse");
        let text = first["text"].as_str().unwrap();
        assert!(text.starts_with("tableau.xlsx: avertissement[extension-trompeuse] : "), "{text}");
        assert_eq!(json["warnings"], 1);
    }

    #[test]
    fn a_broken_descriptor_is_said_in_french() {
        let (json, _) = split(&report(b"{ pas du json", TABLE, "table.csv"));
        assert_eq!(json["status"], "descripteur-refuse");
        assert!(json["descriptor_error"].as_str().unwrap().contains("n'est pas un JSON valide"));
    }
}
