//! HTML export: goldens of the fragment (`tests/cases/render/<case>/expected.html`), every
//! cell's text in the HTML, escaping, French spacing, and the checks in a real browser
//! (`tests/browser/run.mjs`: axe-core in Chromium, the Nu Html Checker, widths from 320 to
//! 1,920 px, the filter).

use std::path::{Path, PathBuf};
use std::process::Command;

use comparatif::export::html::{self, LinkInfo};
use comparatif::french;
use comparatif::layout::fonts::Fonts;
use comparatif::layout::{ScreenOptions, screen_columns};
use comparatif::load::Delimited;
use comparatif::model::Table;
use comparatif::validate::{ValidateOptions, validate};

use crate::{golden, root};

/// The validated model of `csv`, read with the repository's `datapackage.json`.
pub fn table(csv: &Path) -> Table {
    table_with(csv, &root().join("datapackage.json"))
}

/// The validated model of the table at `csv`, with the descriptor at `descriptor` (validation
/// only: the HTML shows characters the PDF's fonts lack, as in the `hostile` case).
pub fn table_with(csv: &Path, descriptor: &Path) -> Table {
    let text = std::fs::read_to_string(descriptor).expect("the descriptor reads");
    let descriptor = comparatif::schema::parse(&text).expect("the descriptor parses");
    let bytes = std::fs::read(csv).unwrap_or_else(|_| panic!("{} reads", csv.display()));
    let mut source = Delimited::new(&bytes[..], descriptor.dialect);
    let options = ValidateOptions { keep_rows: true, ..ValidateOptions::default() };
    let mut diagnostics = Vec::new();
    let outcome = validate(&mut source, &descriptor, options, &mut diagnostics)
        .expect("reading from memory works");
    outcome.table.unwrap_or_else(|| panic!("{} is refused: {diagnostics:?}", csv.display()))
}

/// The fragment of `table`, its columns balanced as `build` balances them.
pub fn fragment(table: &Table) -> String {
    html::fragment(table, &screen_columns(table, &Fonts::bundled(), &ScreenOptions::default()))
}

/// The preview of `table` with [`link_info`] (`tableau.js` beside it).
fn preview(table: &Table) -> String {
    html::preview(table, &fragment(table), &link_info())
}

fn render_case(case: &str) -> PathBuf {
    root().join("tests/cases/render").join(case)
}

/// A link as `build` would make it; the size is the one the golden shows.
pub fn link_info() -> LinkInfo {
    LinkInfo {
        pdf_href: "tableau.pdf".into(),
        pdf_bytes: 37_520,
        png_href: "tableau.png".into(),
        png_width_px: 400,
        png_height_px: 225,
        script_href: "tableau.js".into(),
    }
}

fn check_golden(case: &str) {
    let dir = render_case(case);
    golden(&dir.join("expected.html"), &fragment(&table(&dir.join("table.csv"))));
}

#[test]
fn html_of_the_webconference_table() {
    check_golden("webconference");
}

#[test]
fn html_of_a_hostile_table() {
    check_golden("hostile");
}

/// Every render case has its HTML golden, including cases added for the other outputs.
#[test]
fn every_render_case_has_its_html() {
    for entry in std::fs::read_dir(root().join("tests/cases/render")).expect("render cases") {
        let dir = entry.expect("render case folder").path();
        if dir.join("table.csv").exists() {
            let case = dir.file_name().and_then(|n| n.to_str()).expect("UTF-8 name").to_owned();
            check_golden(&case);
        }
    }
}

/// The repository's table and its render case are the same file.
#[test]
fn the_webconference_case_is_the_repository_table() {
    let case = std::fs::read(render_case("webconference").join("table.csv")).expect("case");
    let repository = std::fs::read(root().join("table.csv")).expect("table.csv");
    assert!(case == repository, "copy table.csv to tests/cases/render/webconference/");
}

/// A piece of HTML as we write it: maud escapes `<`, `>`, `"` and `&` in texts and attribute
/// values, and we write no comment, so splitting on `<` and `>` is exact.
#[derive(Debug)]
enum Piece<'a> {
    Open { name: &'a str, attributes: Vec<(&'a str, String)> },
    Close(&'a str),
    Text(String),
}

fn pieces(html: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(start) = rest.find('<') else {
            out.push(Piece::Text(unescape(rest)));
            break;
        };
        if start > 0 {
            out.push(Piece::Text(unescape(&rest[..start])));
        }
        let end = rest[start..].find('>').expect("tags are closed") + start;
        let tag = &rest[start + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            out.push(Piece::Close(name));
        } else if !tag.starts_with('!') {
            let (name, mut attrs) = tag.split_once(' ').unwrap_or((tag, ""));
            let mut attributes = Vec::new();
            while !attrs.trim().is_empty() {
                attrs = attrs.trim_start();
                let name_end = attrs.find(['=', ' ']).unwrap_or(attrs.len());
                let attr = &attrs[..name_end];
                if attrs[name_end..].starts_with("=\"") {
                    let value_start = name_end + 2;
                    let value_end = attrs[value_start..].find('"').expect("quoted") + value_start;
                    attributes.push((attr, unescape(&attrs[value_start..value_end])));
                    attrs = &attrs[value_end + 1..];
                } else {
                    attributes.push((attr, String::new()));
                    attrs = &attrs[name_end..];
                }
            }
            out.push(Piece::Open { name, attributes });
        }
        rest = &rest[end + 1..];
    }
    out
}

/// HTML text with the entities the renderer writes turned back into characters.
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#123;", "{")
        .replace("&shy;", "\u{AD}")
        .replace("&amp;", "&")
}

/// The text of each body cell, row by row, as assistive technology gets it: elements marked
/// `aria-hidden="true"` and soft hyphens (U+00AD, a place where a word may break) left out.
fn body_cells(fragment: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut in_body = false;
    let mut cell: Option<String> = None;
    let mut hidden = 0;
    for piece in pieces(fragment) {
        match piece {
            Piece::Open { name: "tbody", .. } => in_body = true,
            Piece::Close("tbody") => in_body = false,
            Piece::Open { name: "tr", .. } if in_body => rows.push(Vec::new()),
            Piece::Open { name: "th" | "td", .. } if in_body => cell = Some(String::new()),
            Piece::Close("th" | "td") if in_body => {
                let row: &mut Vec<String> = rows.last_mut().expect("cells are in rows");
                row.push(cell.take().expect("cell opened"));
            }
            Piece::Open { name, attributes }
                if hidden > 0
                    || attributes.iter().any(|(n, v)| *n == "aria-hidden" && v == "true") =>
            {
                // Only `span`s are hidden, and they hold no element.
                assert_eq!(name, "span", "hidden element");
                hidden += 1;
            }
            Piece::Close(_) if hidden > 0 => hidden -= 1,
            Piece::Text(text) if hidden == 0 => {
                if let Some(cell) = &mut cell {
                    cell.extend(text.chars().filter(|&c| c != '\u{AD}'));
                }
            }
            _ => {}
        }
    }
    rows
}

/// The HTML is the PDF's accessible alternative (RGAA 13.3, 13.4): it must show every cell as
/// [`Table::display`] gives it, with French spacing; links add only « (site externe) ».
#[test]
fn every_cell_is_in_the_html() {
    for case in ["webconference", "hostile"] {
        let table = table(&render_case(case).join("table.csv"));
        let fragment = fragment(&table);
        let cells = body_cells(&fragment);
        assert_eq!(cells.len(), table.rows.len(), "{case}: one <tr> per row");
        for (row_idx, row) in cells.iter().enumerate() {
            assert_eq!(row.len(), table.columns.len(), "{case}: one cell per column");
            for (col_idx, shown) in row.iter().enumerate() {
                let expected = french::spacing(&table.display(row_idx, col_idx)).into_owned();
                assert!(
                    *shown == expected || *shown == format!("{expected} (site externe)"),
                    "{case}, line {}, column « {} »: {shown:?} instead of {expected:?}",
                    table.rows[row_idx].line,
                    table.title(col_idx)
                );
            }
        }
        let text: String = pieces(&fragment)
            .into_iter()
            .filter_map(|p| if let Piece::Text(t) = p { Some(t) } else { None })
            .collect::<String>()
            .replace('\u{AD}', "");
        let publication = &table.publication;
        for expected in [&publication.caption, &publication.source]
            .into_iter()
            .chain(&publication.notes)
            .chain(table.columns.iter().map(|c| &c.title))
        {
            assert!(text.contains(&*french::spacing(expected)), "{case}: {expected:?} is missing");
        }
        assert!(text.contains("Mis à jour le 9 avril 2020"), "{case}: update date");
    }
}

/// Elements and attributes the fragment and the link may contain: anything else came from a
/// cell (and would mean the escaping failed).
const ELEMENTS: &[&str] = &[
    "a", "abbr", "button", "caption", "col", "colgroup", "div", "fieldset", "form", "h3", "img",
    "label", "legend", "li", "option", "p", "script", "select", "span", "table", "tbody", "td",
    "th", "thead", "time", "tr", "ul", "wbr",
];
const ATTRIBUTES: &[&str] = &[
    "alt",
    "aria-hidden",
    "aria-labelledby",
    "class",
    "data-aucun",
    "data-colonne",
    "data-pluriel",
    "data-singulier",
    "data-valeur",
    "datetime",
    "defer",
    "download",
    "for",
    "height",
    "hidden",
    "href",
    "id",
    "lang",
    "name",
    "rel",
    "role",
    "scope",
    "selected",
    "src",
    "style",
    "tabindex",
    "title",
    "type",
    "value",
    "width",
];

#[test]
fn cell_text_never_becomes_markup() {
    let table = table(&render_case("hostile").join("table.csv"));
    let fragment = fragment(&table);
    let link = html::link(&table, &link_info());
    for (what, html) in [("fragment", &fragment), ("link", &link)] {
        for piece in pieces(html) {
            if let Piece::Open { name, attributes } = piece {
                assert!(ELEMENTS.contains(&name), "{what}: element <{name}>");
                for (attribute, _) in attributes {
                    assert!(ATTRIBUTES.contains(&attribute), "{what}: attribute {attribute}");
                }
            }
        }
        // Liquid (Jekyll) would run `{{ … }}` and `{% … %}`.
        assert!(!html.contains('{'), "{what}: a brace reaches Liquid");
    }
    assert!(!fragment.contains("<img"), "no image in the table");
    assert!(!fragment.contains("<script"), "no script in the fragment");
    let unhyphenated = fragment.replace("&shy;", "");
    assert!(unhyphenated.contains("&lt;script&gt;alert(&quot;solution&quot;)&lt;/script&gt;"));
    assert!(fragment.contains("href=\"https://example.org/?q=%22%3E%3Cscript%3Ealert(3)"));
}

/// The site's Jekyll layout turns a plain space before « ; ! ? : % » or around « » into
/// markup, even inside attributes: our output must leave it nothing to do.
#[test]
fn no_plain_space_for_the_typography_filter() {
    for case in ["webconference", "hostile"] {
        let table = table(&render_case(case).join("table.csv"));
        for (what, html) in [
            ("fragment", fragment(&table)),
            ("link", html::link(&table, &link_info())),
            ("preview", preview(&table)),
        ] {
            let body = html.split("</style>").last().expect("after the stylesheet");
            for pattern in [" ;", " :", " !", " ?", " %", "« ", " »"] {
                assert!(!body.contains(pattern), "{case} {what}: {pattern:?} in {body}");
            }
        }
    }
}

#[test]
fn the_link_is_one_download_card() {
    let table = table(&root().join("table.csv"));
    // Soft hyphens (where long words may break) left out.
    let link = html::link(&table, &link_info()).replace("&shy;", "");
    assert_eq!(link.matches("<a ").count(), 1, "one link: {link}");
    // The filter comes with the card, from the same folder as the PDF, by its address only.
    assert!(link.ends_with("</div>\n<script src=\"tableau.js\" defer></script>\n"), "{link}");
    assert!(link.contains("<a href=\"tableau.pdf\" download type=\"application/pdf\">Télécharger le tableau comparatif des solutions de webconférence</a>"), "{link}");
    assert!(
        link.contains("PDF</abbr> – 37,52\u{A0}<abbr title=\"kilooctets\">ko</abbr>"),
        "{link}"
    );
    assert!(link.contains("alt=\"Aperçu du tableau comparatif des solutions de webconférence\""));
    assert!(link.contains("width=\"400\" height=\"225\""));
}

#[test]
fn outputs_are_reproducible() {
    let table = table(&root().join("table.csv"));
    assert_eq!(fragment(&table), fragment(&table.clone()));
    assert_eq!(preview(&table), preview(&table));
    let preview = preview(&table);
    assert!(preview.starts_with("<!DOCTYPE html>\n<html lang=\"fr-FR\">"), "{preview}");
    assert!(preview.contains(&fragment(&table)), "the preview holds the fragment");
    // The filter script by its address only: a strict Content-Security-Policy allows it.
    assert_eq!(preview.matches("<script").count(), 1, "one script");
    assert!(preview.contains("<script src=\"tableau.js\" defer></script>"), "{preview}");
    assert!(!fragment(&table).contains("<script"), "the fragment has no script");
}

/// A 1×1 grey PNG, so the thumbnail of the browser pages is a real image.
const PIXEL_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3A, 0x7E, 0x9B,
    0x55, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xE8, 0x00, 0x00, 0x00,
    0xC2, 0x00, 0xC1, 0xF2, 0x6B, 0x2B, 0x6B, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// The checks of `tests/browser/run.mjs` on the preview and on the fragment and link inside
/// pages with and without DSFR's stylesheet and the filter script, for the repository table
/// and the hostile case (with a history: « Mises à jour »). Skipped (with a
/// message) when Chromium, Java or `tests/browser/node_modules` is missing, except under CI.
#[test]
fn pages_pass_in_a_real_browser() {
    let browser = root().join("tests/browser");
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let java = Command::new("java").arg("-version").output().is_ok_and(|o| o.status.success());
    let missing: Vec<String> = [
        (
            browser.join("node_modules/axe-core").exists(),
            "tests/browser/node_modules (npm ci)".into(),
        ),
        (chromium.exists(), format!("Chromium ({})", chromium.display())),
        (java, "java".into()),
    ]
    .into_iter()
    .filter_map(|(ok, what)| (!ok).then_some(what))
    .collect();
    if !missing.is_empty() {
        crate::skip(&missing.join(", "), "see tests/browser/README.md");
        return;
    }

    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-browser");
    let _ = std::fs::remove_dir_all(&out);
    for (case, csv) in [
        ("webconference", root().join("table.csv")),
        ("hostile", render_case("hostile").join("table.csv")),
    ] {
        let mut table = table(&csv);
        if case == "hostile" {
            // Issue 25: the « Mises à jour » section, with hostile notes, checked too.
            let day = |d| comparatif::model::parse_iso_date(d).expect("a date");
            table.publication.history = vec![
                comparatif::model::Update {
                    date: day("2020-04-09"),
                    note: "Ajout de <script>alert(1)</script> ; « RIE » {{ site.title }}".into(),
                },
                comparatif::model::Update {
                    date: day("2020-04-01"),
                    note: "Première version".into(),
                },
            ];
        }
        let dir = out.join(case);
        std::fs::create_dir_all(&dir).expect("output folder");
        let link = link_info();
        for (name, text) in [
            ("tableau.html", fragment(&table)),
            ("apercu.html", html::preview(&table, &fragment(&table), &link)),
            ("lien.html", html::link(&table, &link)),
            ("tableau.js", html::SCRIPT.to_owned()),
        ] {
            std::fs::write(dir.join(name), text).expect("page written");
        }
        std::fs::write(dir.join("tableau.png"), PIXEL_PNG).expect("thumbnail written");
    }

    let output =
        Command::new("node").arg(browser.join("run.mjs")).arg(&out).output().expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "browser checks failed\n{stdout}\n{stderr}");
    println!("{stdout}");
}

/// Issue 25: an update recorded in the repository's descriptor adds exactly the « Mises à
/// jour » section after the notes of the golden fragment, and nothing else.
#[test]
fn issue_25_a_recorded_update_adds_the_history_section_to_the_golden() {
    let text = std::fs::read_to_string(root().join("datapackage.json")).expect("descriptor");
    let date = comparatif::model::parse_iso_date("2026-12-07").expect("a date");
    let updated =
        comparatif::pipeline::record_update(&text, date, Some("Ajout d'une solution ; RIE"))
            .expect("recorded");
    let dir = std::env::temp_dir().join(format!("comparatif-history-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    std::fs::write(dir.join("datapackage.json"), updated).expect("written");
    let html = fragment(&table_with(&root().join("table.csv"), &dir.join("datapackage.json")));
    let _ = std::fs::remove_dir_all(&dir);
    let golden = std::fs::read_to_string(render_case("webconference").join("expected.html"))
        .expect("golden");
    let golden = golden.replace(
        "<time datetime=\"2020-04-09\">9 avril 2020</time>",
        "<time datetime=\"2026-12-07\">7 décembre 2026</time>",
    );
    let section = "<div class=\"comparatif__history\">\n<h2 class=\"fr-h6\">Mises à jour</h2>\n<ul class=\"fr-text--sm\">\n\
        <li><time datetime=\"2026-12-07\">7 décembre 2026</time>\u{a0}: Ajout d'une solution\u{202f}; <abbr title=\"réseau interministériel de l’État\">RIE</abbr></li>\n</ul>\n</div>\n";
    let end = golden.strip_suffix("</div>\n").expect("the fragment's end");
    assert_eq!(html, format!("{end}{section}</div>\n"));
}
