//! HTML export: the table for the web page, a standalone preview and the download link.
//!
//! In: a validated [`Table`], its columns' widths on a screen ([`ScreenColumns`], from the
//! layout's measuring), and for the link [`LinkInfo`] about the generated PDF and PNG. Out: the
//! HTML text of `out/tableau.html` ([`fragment`]), `out/apercu.html` ([`preview`]) and
//! `out/lien.html` ([`link`]), and the filter script `out/tableau.js` ([`SCRIPT`]). The HTML
//! renders the model, not the PDF's geometry: the browser lays it out, with each column's
//! share of the width from [`ScreenColumns`] (a `<colgroup>`, fixed table layout). Pure
//! functions: no I/O, and the same table gives the same bytes.
//!
//! The filter (`html/filter.rs`, `html/tableau.js`) is a progressive enhancement: the fragment
//! holds its form, hidden; the script, when the page loads it, shows the form and hides the
//! rows that do not match. Without the script, every row shows and no control does.
//!
//! The markup follows the DSFR 1.12+ table (`fr-table` › `__wrapper` › `__container` ›
//! `__content` › `table`) and download card, and RGAA 4.1 themes 5 (tables) and 6 (links) (the
//! project's standards notes live outside the repository, in the team's shared reference). Every text goes through [`french::spacing`], so the site's
//! Jekyll filter that rewrites « ; » after a plain space has nothing to change, even inside
//! attribute values. maud escapes every text and attribute, and `{` is written `&#123;` for
//! Liquid: cell text is shown, never run. Elements are separated by a newline, never indented
//! (4 spaces would start a Markdown code block if the fragment is pasted into the page), so
//! goldens diff line by line. `tests/browser/` checks the pages in Chromium (axe-core, the Nu
//! Html Checker, widths from 320 to 1,920 px, the filter).

mod filter;
mod text;

use std::borrow::Cow;

use maud::{DOCTYPE, Markup, PreEscaped, Render, html};

use crate::layout::ScreenColumns;
use crate::model::{Abbreviation, Cell, Column, Publication, Table};
use crate::model::{Kind, Value};

use crate::french;
use text::{CellProse, Prose, Room};

/// What the download link needs to know about the files `build` wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkInfo {
    /// Address of the PDF as the page links to it (relative or absolute), e.g. `tableau.pdf`.
    /// Written as is, except for the few ASCII characters a URL may not hold, which are
    /// percent-encoded (a space becomes `%20`).
    pub pdf_href: String,
    /// Size of the PDF in bytes, shown as DSFR shows it: « PDF – 37,52 ko » (powers of 1000).
    pub pdf_bytes: u64,
    /// Address of the PNG thumbnail, e.g. `tableau.png`. Same rules as `pdf_href`.
    pub png_href: String,
    /// Width of the PNG in pixels, written on `<img>` so the page does not jump when it loads.
    pub png_width_px: u32,
    /// Height of the PNG in pixels.
    pub png_height_px: u32,
    /// Address of the filter script, e.g. `tableau.js`, loaded by the link snippet and the
    /// preview. Same rules as `pdf_href`.
    pub script_href: String,
}

/// `id` of the table's caption, which also names the scrolling region.
const CAPTION_ID: &str = "comparatif-titre";

/// Stylesheet of [`preview`]: the few DSFR rules the fragment relies on, so the preview works
/// offline without DSFR.
const PREVIEW_CSS: &str = include_str!("apercu.css");

/// `out/tableau.js`: the filter of the table (see the module's comment), a small script with no
/// dependency, which the link snippet's last line and the preview load by its address (a
/// strict Content-Security-Policy allows it by file: the pages hold no inline script).
pub const SCRIPT: &str = include_str!("tableau.js");

/// `out/tableau.html`: the table, its source line, update date and notes, as a fragment for the
/// page (no `html`, `head` or `body`; a Jekyll include or a raw HTML block). Ends with a newline.
///
/// DSFR 1.12+ table markup: `<caption>`, one header row of `<th scope="col">`, each row named
/// by a `<th scope="row">` (the model's `row_header` column). Each column's share of the width
/// is `screen`'s, in a `<colgroup>` with a fixed table layout, and the table is no narrower
/// than `screen`'s minimum: below, it scrolls in its container, the row headers staying in
/// view (`fr-cell--fixed`). The scrolling container is focusable and named by the caption, and
/// positioned so that visually hidden text inside never widens the page. Links are external
/// and say so to assistive technology. Above the table, the filter's form, hidden until
/// [`SCRIPT`] shows it.
pub fn fragment(table: &Table, screen: &ScreenColumns) -> String {
    let mut out = fragment_markup(table, screen).into_string();
    out.push('\n');
    out
}

/// `out/apercu.html`: a standalone French page with the title, `fragment` (what [`fragment`]
/// returned for `table`, rendered once for both files) and the download [`link`], styled by a
/// small inline stylesheet, and loading the filter script from `link.script_href`
/// (`tableau.js` beside it; `defer`, no inline script). No outside resource except the PDF,
/// the PNG and the script: it works offline.
pub fn preview(table: &Table, fragment: &str, link: &LinkInfo) -> String {
    preview_page(table, fragment, link, script_tag(link))
}

/// [`preview`] as one file that needs no other, for a page that shows it where no file lies
/// beside it (the browser page's preview frame): the thumbnail written into its `src` (a
/// `data:` address of `png`, the thumbnail's bytes) and [`SCRIPT`] written into the page,
/// whatever addresses `link` gives (`/uploads/…`, `https://…`). The PDF keeps its address.
pub fn preview_alone(table: &Table, fragment: &str, link: &LinkInfo, png: &[u8]) -> String {
    let link = LinkInfo { png_href: data_address("image/png", png), ..link.clone() };
    // Exactly the script's text: a page's Content-Security-Policy allows it by its hash.
    let script = html! { script { (PreEscaped(SCRIPT)) } };
    preview_page(table, fragment, &link, script)
}

/// [`link`]'s card alone, with the thumbnail written into it as in [`preview_alone`] and no
/// script, for the same page. Ends with a newline.
pub fn link_alone(table: &Table, link: &LinkInfo, png: &[u8]) -> String {
    let link = LinkInfo { png_href: data_address("image/png", png), ..link.clone() };
    let mut out = link_markup(table, &link).into_string();
    out.push('\n');
    out
}

/// `data:<media_type>;base64,…` (RFC 2397) of `bytes`.
fn data_address(media_type: &str, bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = format!("data:{media_type};base64,");
    out.reserve(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The page of [`preview`], with `script` in its head.
fn preview_page(table: &Table, fragment: &str, link: &LinkInfo, script: Markup) -> String {
    let publication = &table.publication;
    let lang = if publication.lang.is_empty() { "fr" } else { publication.lang.as_str() };
    let page = html! {
        (DOCTYPE) "\n"
        html lang=(lang) {
            "\n"
            head {
                "\n"
                meta charset="utf-8";
                "\n"
                meta name="viewport" content="width=device-width, initial-scale=1";
                "\n"
                title { (french::spacing(&publication.title)) }
                "\n"
                style { "\n" (PreEscaped(PREVIEW_CSS)) }
                "\n"
                (script)
                "\n"
            }
            "\n"
            body {
                "\n"
                main {
                    "\n"
                    h1 { (Prose(&publication.title, &publication.abbreviations)) }
                    "\n"
                    (PreEscaped(fragment.strip_suffix('\n').unwrap_or(fragment)))
                    "\n"
                    h2 { "Version PDF" }
                    "\n"
                    (link_markup(table, link))
                    "\n"
                }
                "\n"
            }
            "\n"
        }
        "\n"
    };
    page.into_string()
}

/// `out/lien.html`: ONE link to the PDF on the DSFR download card pattern (`fr-card--download`,
/// whole card clickable with `fr-enlarge-link`): the thumbnail, the publication's download text
/// as a level-3 heading (the page puts it under a section heading), and the detail
/// « PDF – 37,52 ko ». The thumbnail's alt text is the publication's, which describes what the
/// link gives; there is no second, duplicate link. Then, on its own line, the filter script
/// (`link.script_href`, `defer`): the page that includes the card next to the table gets the
/// filter, from the same folder as the PDF. Ends with a newline.
pub fn link(table: &Table, link: &LinkInfo) -> String {
    let mut out = link_markup(table, link).into_string();
    out.push('\n');
    out.push_str(&script_tag(link).into_string());
    out.push('\n');
    out
}

/// The filter script, loaded by its address (a strict Content-Security-Policy allows it by
/// file) once the page is read.
fn script_tag(link: &LinkInfo) -> Markup {
    html! { script src=(href(&link.script_href)) defer {} }
}

fn fragment_markup(table: &Table, screen: &ScreenColumns) -> Markup {
    let publication = &table.publication;
    let cells = CellStyle::of(screen);
    liquid_safe(html! {
        div.comparatif {
            "\n"
            (filter::form(table))
            "\n"
            div.fr-table."fr-table--multiline" {
                "\n"
                div.fr-table__wrapper {
                    "\n"
                    // `position:relative` makes the scroller the containing block of the
                    // visually hidden (absolutely positioned) texts of its cells: otherwise
                    // they sit where the cell would be, far right, and widen the page.
                    // `overflow-x:auto` repeats DSFR's rule so that the table, not the page,
                    // scrolls on a page without DSFR's stylesheet.
                    // `container-type` makes the container's width the unit of the
                    // caption's `cqw` below.
                    div.fr-table__container tabindex="0" role="region"
                        aria-labelledby=(CAPTION_ID)
                        style="position:relative;overflow-x:auto;container-type:inline-size" {
                        "\n"
                        div.fr-table__content {
                            "\n"
                            // Fixed layout: the columns take the widths of the colgroup, not
                            // what their longest words ask; a word longer than its column
                            // breaks at its soft hyphens (`hyphens:manual`, the same places
                            // in every browser, see `text::Prose`).
                            table style=(table_style(screen)) {
                                "\n"
                                // Left as in DSFR: centred (the default), the caption of a
                                // table wider than the screen starts out of view. Sticky and
                                // as wide as the container (not the page: `100vw` would count
                                // a scroll bar), it stays whole in view while the table
                                // scrolls.
                                caption id=(CAPTION_ID)
                                    style="text-align:left;position:sticky;left:0;max-width:100cqw" {
                                    (Prose(&publication.caption, &publication.abbreviations))
                                }
                                "\n"
                                (colgroup(screen))
                                "\n"
                                (head(table, &cells, screen))
                                "\n"
                                (body(table, &cells, screen))
                                "\n"
                            }
                            "\n"
                        }
                        "\n"
                    }
                    "\n"
                }
                "\n"
            }
            "\n"
            div.comparatif__notes {
                "\n"
                @if !publication.source.is_empty() {
                    p."fr-text--sm".comparatif__source { (Prose(&publication.source, &publication.abbreviations)) }
                    "\n"
                }
                p."fr-text--sm".comparatif__updated {
                    "Mis à jour le "
                    time datetime=(publication.updated.to_string()) {
                        (french::date(publication.updated.year, publication.updated.month, publication.updated.day))
                    }
                }
                "\n"
                @if !publication.notes.is_empty() {
                    ul."fr-text--sm" {
                        "\n"
                        @for note in &publication.notes {
                            li { (Prose(note, &publication.abbreviations)) }
                            "\n"
                        }
                    }
                    "\n"
                }
            }
            "\n"
            @if !publication.history.is_empty() {
                (history(publication))
                "\n"
            }
        }
    })
}

/// « Mises à jour »: the publication's history, latest first, each date written in French
/// (`<time>`) then its note. A level-2 heading, as the preview's « Version PDF » (the fragment
/// sits under the page's title), set small (`fr-h6`): it is an annex of the table, not a part
/// of the page; a list, so that screen readers announce how many updates there are.
fn history(publication: &Publication) -> Markup {
    html! {
        div.comparatif__history {
            "\n"
            h2."fr-h6" { "Mises à jour" }
            "\n"
            ul."fr-text--sm" {
                "\n"
                @for update in &publication.history {
                    li {
                        time datetime=(update.date.to_string()) {
                            (french::date(update.date.year, update.date.month, update.date.day))
                        }
                        "\u{a0}: "
                        (Prose(&update.note, &publication.abbreviations))
                    }
                    "\n"
                }
            }
            "\n"
        }
    }
}

/// Markup with every `{` written `&#123;`: the page is a Liquid template (a Jekyll include or
/// the page's body), where `{{` or `{%` in a cell would be run. Our own markup has no brace,
/// so only text changes, and it reads the same.
fn liquid_safe(markup: Markup) -> Markup {
    PreEscaped(markup.into_string().replace('{', "&#123;"))
}

/// The table's own style: fixed layout over the container's width, never narrower than
/// `screen`'s minimum; words break at the soft hyphens written in them (`hyphens:manual`),
/// between two letters only when a syllable is wider than its column (`break-word`, not
/// `anywhere`, which would break any word anywhere).
fn table_style(screen: &ScreenColumns) -> String {
    format!(
        "table-layout:fixed;width:100%;min-width:{};overflow-wrap:break-word;hyphens:manual",
        centi_rem(screen.min_width_centi_rem),
    )
}

/// A length in hundredths of a rem, as CSS: `68.5rem`.
fn centi_rem(centi: u32) -> String {
    let (whole, rest) = (centi / 100, centi % 100);
    match rest {
        0 => format!("{whole}rem"),
        _ if rest % 10 == 0 => format!("{whole}.{}rem", rest / 10),
        _ => format!("{whole}.{rest:02}rem"),
    }
}

/// One `<col>` per column with its share of the table's width.
fn colgroup(screen: &ScreenColumns) -> Markup {
    html! {
        colgroup {
            "\n"
            @for share in &screen.basis_points {
                col style=(format!("width:{}.{:02}%", share / 100, share % 100));
                "\n"
            }
        }
    }
}

/// The style of every cell: the text size, line height and padding the columns were balanced
/// for, and text at the top left of the cell, as in the PDF. On each cell because DSFR sets
/// them on the cells (an inherited size would not win), and so that a page without DSFR
/// shows the same.
struct CellStyle(String);

impl CellStyle {
    fn of(screen: &ScreenColumns) -> CellStyle {
        let options = &screen.options;
        // 0.25 rem above and below the text, as DSFR's dense tables (`fr-table--sm`).
        let padding = if options.padding_rem == 0.25 {
            "0.25rem".to_owned()
        } else {
            format!("0.25rem {}rem", options.padding_rem)
        };
        CellStyle(format!(
            "padding:{padding};font-size:{}rem;line-height:{}rem;text-align:left;vertical-align:top",
            options.text_rem,
            // DSFR's pairs: 0.75 rem text on 1.25 rem lines, 0.875 on 1.5.
            (options.text_rem * 5.0 / 3.0 * 100.0).round() / 100.0,
        ))
    }
}

fn head(table: &Table, cells: &CellStyle, screen: &ScreenColumns) -> Markup {
    html! {
        thead {
            "\n"
            tr {
                "\n"
                @for (col_idx, column) in table.columns.iter().enumerate() {
                    // The row-header column stays in view when the table scrolls.
                    th scope="col" class=[(col_idx == table.row_header).then_some("fr-cell--fixed")]
                        style=(cells.0) {
                        (CellProse(&column.title, &table.publication.abbreviations, Room { screen, col_idx, bold: true }))
                    }
                    "\n"
                }
            }
            "\n"
        }
    }
}

fn body(table: &Table, cells: &CellStyle, screen: &ScreenColumns) -> Markup {
    let filtered: Vec<bool> = table.columns.iter().map(|c| c.choices.is_some()).collect();
    html! {
        tbody {
            "\n"
            @for (row_idx, row) in table.rows.iter().enumerate() {
                tr {
                    "\n"
                    @for (col_idx, (column, cell)) in table.columns.iter().zip(&row.cells).enumerate() {
                        @let room = Room { screen, col_idx, bold: col_idx == table.row_header };
                        @let shown = CellContent { column, cell, text: table.display(row_idx, col_idx), glossary: &table.publication.abbreviations, room };
                        // What the filter compares (a closed list's value; none when missing).
                        @let value = (filtered[col_idx] && matches!(cell, Cell::Value(_))).then(|| french::spacing(&shown.text).into_owned());
                        @if col_idx == table.row_header {
                            th scope="row" class="fr-cell--fixed" style=(cells.0) { (shown) }
                        } @else {
                            td class=[shown.class()] style=(shown.style(cells)) data-valeur=[value] { (shown) }
                        }
                        "\n"
                    }
                }
                "\n"
            }
        }
    }
}

/// What a cell shows: its displayed text ([`Table::display`]), with its meaning in markup.
struct CellContent<'a> {
    column: &'a Column,
    cell: &'a Cell,
    text: Cow<'a, str>,
    /// The publication's abbreviations, expanded in the text.
    glossary: &'a [Abbreviation],
    /// The column the text is set in (which words get soft hyphens).
    room: Room<'a>,
}

impl CellContent<'_> {
    /// A class for the page's stylesheet to tell the favourable answer (`comparatif__yes`,
    /// green), the other one (`comparatif__no`, red) and missing values apart (colour is only a
    /// redundant cue: the text is always there). « Oui » is favourable unless the column's
    /// `favourable` says otherwise.
    fn class(&self) -> Option<&'static str> {
        match (self.cell, self.column.favourable_answer(self.cell)) {
            (Cell::Missing(_), _) => Some("comparatif__missing"),
            (_, Some(true)) => Some("comparatif__yes"),
            (_, Some(false)) => Some("comparatif__no"),
            (Cell::Value(_), None) => None,
        }
    }
}

impl CellContent<'_> {
    /// The cell's style: `cells`', and the colour of its [`CellContent::class`] in the cell
    /// itself, so that the site (which has DSFR's stylesheet, not the preview's) shows it
    /// too: DSFR's own colour variables (which follow its dark theme), and where they are
    /// missing the preview's colours, all at least 4.5:1 on white (RGAA 3.2).
    fn style(&self, cells: &CellStyle) -> String {
        let colour = match self.class() {
            Some("comparatif__yes") => "color:var(--text-default-success,#18753c)",
            Some("comparatif__no") => "color:var(--text-default-error,#ce0500)",
            Some(_) => "color:var(--text-mention-grey,#666)",
            None => return cells.0.clone(),
        };
        format!("{};{colour}", cells.0)
    }
}

impl Render for CellContent<'_> {
    fn render_to(&self, buffer: &mut String) {
        let text = &self.text;
        let markup = match (self.cell, &self.column.kind) {
            (Cell::Value(Value::Boolean(_)), _) => {
                // Decorative: the text says Oui or Non; the mark only helps scanning. ✓ marks
                // the favourable answer, whichever it is.
                let good = self.column.favourable_answer(self.cell) == Some(true);
                let mark = if good { "✓\u{A0}" } else { "✗\u{A0}" };
                html! { span.comparatif__mark aria-hidden="true" { (mark) } (CellProse(text, self.glossary, self.room)) }
            }
            (Cell::Value(Value::Text(url)), Kind::String { uri: true }) => html! {
                a href=(href(url)) rel="external" {
                    (text::Address(text))
                    span.fr-sr-only { " (site externe)" }
                }
            },
            (Cell::Value(Value::Date(date)), _) => {
                html! { time datetime=(date.to_string()) { (CellProse(text, self.glossary, self.room)) } }
            }
            _ => html! { (CellProse(text, self.glossary, self.room)) },
        };
        markup.render_to(buffer);
    }
}

/// An address as written in `href`/`src`: every ASCII character that may not appear in a URL
/// (space, `"`, `<`, `>`, `` ` ``, `{`, `}`, `|`, `\`, `^`, controls, and `%` not followed by
/// two hex digits) is percent-encoded, as a browser does when it follows the link. So the
/// attribute is a valid URL for the Nu Html Checker, and the site's typography filter never
/// sees « ; » after a plain space in it. Other characters, non-ASCII included, stay as written.
fn href(address: &str) -> String {
    let bytes = address.as_bytes();
    let mut out = String::with_capacity(address.len());
    for (pos, ch) in address.char_indices() {
        let allowed = match ch {
            '%' => {
                bytes.get(pos + 1..pos + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            }
            ' ' | '"' | '<' | '>' | '`' | '{' | '}' | '|' | '\\' | '^' => false,
            _ => !ch.is_ascii_control(),
        };
        if allowed {
            out.push(ch);
        } else {
            // Only ASCII characters are refused: one byte each.
            out.push_str(&format!("%{:02X}", u32::from(ch)));
        }
    }
    out
}

fn link_markup(table: &Table, link: &LinkInfo) -> Markup {
    let publication = &table.publication;
    liquid_safe(html! {
        div.fr-card.fr-enlarge-link."fr-card--download" {
            "\n"
            div.fr-card__body {
                "\n"
                div.fr-card__content {
                    "\n"
                    h3.fr-card__title {
                        a href=(href(&link.pdf_href)) download type="application/pdf" {
                            (Prose(&publication.download_text, &publication.abbreviations))
                        }
                    }
                    "\n"
                    div.fr-card__end {
                        // One span: DSFR lays the detail out as a flex box, which would make
                        // each text run an item and drop the spaces at their ends
                        // (« PDF– 23,55 ko »).
                        p.fr-card__detail { span { (Prose("PDF", &publication.abbreviations)) " – " (file_size(link.pdf_bytes)) } }
                    }
                    "\n"
                }
                "\n"
            }
            "\n"
            div.fr-card__header {
                div.fr-card__img {
                    // The inline style agrees with DSFR's `fr-responsive-img` and keeps the
                    // thumbnail within a narrow screen on a page without DSFR.
                    img.fr-responsive-img src=(href(&link.png_href)) width=(link.png_width_px)
                        height=(link.png_height_px) style="max-width:100%;height:auto"
                        alt=(french::spacing(&publication.thumbnail_alt));
                }
            }
            "\n"
        }
    })
}

/// A file size as DSFR's own script shows it ([`french::file_size_parts`]), with a no-break
/// space before the unit and the unit in `<abbr>`. We write it statically (no script, same
/// bytes everywhere).
fn file_size(bytes: u64) -> Markup {
    let (number, unit) = french::file_size_parts(bytes);
    match unit {
        Some((short, long)) => html! { (number) "\u{A0}" abbr title=(long) { (short) } },
        None => html! { (number) "\u{A0}octets" },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Row;
    use crate::model::{Date, Update};

    /// A one-row table whose publication texts are hostile too.
    fn small_table() -> Table {
        let text = |t: &str| Cell::Value(Value::Text(t.into()));
        let column = |name: &str, title: &str, kind| Column {
            name: name.into(),
            title: title.into(),
            description: None,
            favourable: true,
            choices: matches!(kind, Kind::Boolean { .. })
                .then(|| vec![Value::Boolean(true), Value::Boolean(false)]),
            kind,
        };
        Table {
            publication: Publication {
                title: "Quels outils ?".into(),
                caption: "<b>Légende</b> {{ site.title }}".into(),
                source: "Source : « moi »".into(),
                updated: Date::new(2020, 4, 1).expect("a real date"),
                notes: vec!["Note ; <i>penchée</i>".into()],
                download_text: "Télécharger le tableau".into(),
                thumbnail_alt: "Aperçu \" onerror=\"alert(1) ; x".into(),
                lang: "fr".into(),
                url_prefix: String::new(),
                abbreviations: vec![Abbreviation {
                    short: "PDF".into(),
                    long: "Portable Document Format".into(),
                    lang: Some("en".into()),
                }],
                file_name: "tableau".into(),
                ..Publication::default()
            },
            columns: vec![
                column("nom", "Nom", Kind::String { uri: false }),
                column(
                    "ok",
                    "Validé ?",
                    Kind::Boolean {
                        true_values: vec!["Oui".into()],
                        false_values: vec!["Non".into()],
                    },
                ),
                column("lien", "Site", Kind::String { uri: true }),
            ],
            rows: vec![Row {
                line: 2,
                cells: vec![
                    text("Outil <A>"),
                    Cell::Value(Value::Boolean(false)),
                    text("https://a.fr/{{x}}"),
                ],
            }],
            row_header: 0,
        }
    }

    #[test]
    fn previews_alone_carry_the_thumbnail_and_the_script_whatever_the_prefix() {
        assert_eq!(data_address("image/png", b"Man"), "data:image/png;base64,TWFu");
        assert_eq!(data_address("image/png", b"Ma"), "data:image/png;base64,TWE=");
        assert_eq!(data_address("image/png", b"M"), "data:image/png;base64,TQ==");
        assert_eq!(data_address("image/png", b""), "data:image/png;base64,");
        let table = small_table();
        for prefix in ["", "/uploads/", "https://www.numerique.gouv.fr/uploads/"] {
            let link = LinkInfo {
                pdf_href: format!("{prefix}tableau.pdf"),
                pdf_bytes: 999,
                png_href: format!("{prefix}tableau.png"),
                png_width_px: 10,
                png_height_px: 5,
                script_href: format!("{prefix}tableau.js"),
            };
            let page = preview_alone(&table, "<table></table>\n", &link, b"\x89PNG");
            let card = link_alone(&table, &link, b"\x89PNG");
            for html in [&page, &card] {
                assert!(
                    html.contains(r#"src="data:image/png;base64,iVBORw==""#),
                    "{prefix}: {html}"
                );
                assert!(
                    !html.contains("tableau.png\"") && !html.contains("tableau.js\""),
                    "{html}"
                );
                assert!(html.contains(&format!(r#"href="{prefix}tableau.pdf""#)), "{html}");
            }
            assert!(page.contains(&format!("<script>{SCRIPT}</script>")), "{prefix}");
            assert!(!card.contains("<script"), "{card}");
        }
    }

    /// The style of every cell at the default screen.
    const CELL: &str =
        "padding:0.25rem;font-size:0.75rem;line-height:1.25rem;text-align:left;vertical-align:top";

    #[test]
    fn publication_texts_are_escaped_and_spaced() {
        let table = small_table();
        let link = LinkInfo {
            pdf_href: "tableau.pdf".into(),
            pdf_bytes: 999,
            png_href: "tableau.png".into(),
            png_width_px: 10,
            png_height_px: 5,
            script_href: "tableau.js".into(),
        };
        let screen = crate::layout::screen_columns(
            &table,
            &crate::layout::fonts::Fonts::bundled(),
            &crate::layout::ScreenOptions::default(),
        );
        let preview = preview(&table, &fragment(&table, &screen), &link);
        for expected in [
            "<html lang=\"fr\">",
            "<title>Quels outils\u{202F}?</title>",
            "<h1>Quels outils\u{202F}?</h1>",
            ">&lt;b&gt;Légende&lt;/b&gt; &#123;&#123; site.title }}</caption>",
            &format!("<th scope=\"col\" style=\"{CELL}\">Validé\u{202F}?</th>"),
            &format!(
                "<th scope=\"row\" class=\"fr-cell--fixed\" style=\"{CELL}\">Outil &lt;A&gt;</th>"
            ),
            &format!(
                "<td class=\"comparatif__no\" style=\"{CELL};color:var(--text-default-error,#ce0500)\" data-valeur=\"Non\"><span class=\"comparatif__mark\" aria-hidden=\"true\">✗\u{A0}</span>Non</td>"
            ),
            "<label class=\"fr-label\" for=\"comparatif-filtre-1\">Validé\u{202F}?</label>",
            "<option value=\"\" selected>Indifférent</option><option value=\"Oui\">Oui</option><option value=\"Non\">Non</option>",
            "<script src=\"tableau.js\" defer></script>",
            "<a href=\"https://a.fr/%7B%7Bx%7D%7D\" rel=\"external\">https://<wbr>a<wbr>.fr<wbr>/&#123;&#123;x}}<span class=\"fr-sr-only\"> (site externe)</span></a>",
            "Source\u{A0}: «\u{A0}moi\u{A0}»",
            "Mis à jour le <time datetime=\"2020-04-01\">1er avril 2020</time>",
            "<li>Note\u{202F}; &lt;i&gt;penchée&lt;/i&gt;</li>",
            "alt=\"Aperçu &quot; onerror=&quot;alert(1)\u{202F}; x\"",
            "PDF</abbr> – 999\u{A0}octets",
        ] {
            assert!(preview.contains(expected), "{expected:?} missing from\n{preview}");
        }
        assert!(!preview.contains("<b>") && !preview.contains("<i>") && !preview.contains("<A>"));
    }

    #[test]
    fn issue_25_the_history_follows_the_notes_latest_first() {
        let mut table = small_table();
        let screen = crate::layout::screen_columns(
            &table,
            &crate::layout::fonts::Fonts::bundled(),
            &crate::layout::ScreenOptions::default(),
        );
        assert!(!fragment(&table, &screen).contains("Mises à jour"), "no history, no section");
        table.publication.history = vec![
            Update {
                date: Date::new(2020, 4, 1).expect("a real date"),
                note: "Ajout de <b>X</b> ; PDF {{ x }}".into(),
            },
            Update { date: Date::new(2020, 3, 9).expect("a real date"), note: "Première".into() },
        ];
        let html = fragment(&table, &screen);
        let section = "<div class=\"comparatif__history\">\n<h2 class=\"fr-h6\">Mises à jour</h2>\n<ul class=\"fr-text--sm\">\n\
            <li><time datetime=\"2020-04-01\">1er avril 2020</time>\u{a0}: Ajout de &lt;b&gt;X&lt;/b&gt;\u{202f}; <abbr title=\"Portable Document Format\" lang=\"en\">PDF</abbr> &#123;&#123; x }}</li>\n\
            <li><time datetime=\"2020-03-09\">9 mars 2020</time>\u{a0}: Première</li>\n</ul>\n</div>\n</div>\n";
        assert!(html.ends_with(section), "{html}");
        let notes = html.find("comparatif__notes").expect("notes");
        assert!(notes < html.find("comparatif__history").expect("history"));
    }

    #[test]
    fn file_sizes_are_shown_as_dsfr_shows_them() {
        for (bytes, shown) in [
            (0, "0\u{A0}octets"),
            (999, "999\u{A0}octets"),
            (1000, "1\u{A0}<abbr title=\"kilooctets\">ko</abbr>"),
            (37_520, "37,52\u{A0}<abbr title=\"kilooctets\">ko</abbr>"),
            (37_500, "37,5\u{A0}<abbr title=\"kilooctets\">ko</abbr>"),
            (38_004, "38\u{A0}<abbr title=\"kilooctets\">ko</abbr>"),
            // DSFR's documentation example « PDF – 1,81 Mo ».
            (1_810_000, "1,81\u{A0}<abbr title=\"mégaoctets\">Mo</abbr>"),
            (999_999, "1000\u{A0}<abbr title=\"kilooctets\">ko</abbr>"),
            (61_880, "61,88\u{A0}<abbr title=\"kilooctets\">ko</abbr>"),
            (u64::MAX, "18446744,07\u{A0}<abbr title=\"téraoctets\">To</abbr>"),
        ] {
            assert_eq!(file_size(bytes).into_string(), shown, "{bytes} bytes");
        }
    }

    #[test]
    fn addresses_keep_no_plain_space() {
        for (address, written) in [
            ("https://a.fr/x ;y", "https://a.fr/x%20;y"),
            ("tableau.pdf", "tableau.pdf"),
            ("https://a.fr/?q=\"><b>{x}|`^\\", "https://a.fr/?q=%22%3E%3Cb%3E%7Bx%7D%7C%60%5E%5C"),
            ("https://a.fr/100%25/%zz/%", "https://a.fr/100%25/%25zz/%25"),
            ("https://exemple.gouv.fr/été#x", "https://exemple.gouv.fr/été#x"),
        ] {
            assert_eq!(href(address), written, "{address}");
        }
    }
}
