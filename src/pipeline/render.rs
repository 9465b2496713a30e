//! Rendering: an accepted table → the bytes of every output file, in memory.
//!
//! In: the table model, the fonts and [`BuildOptions`]. Out: the files of `out/`, named from
//! the publication's `fileName` ([`file_names`]). One layout feeds the PDF (page by page) and the thumbnail (page 1); the HTML
//! renders the model, with column widths from the layout's measuring ([`Layout::screen_columns`]).
//! Also the stages alone ([`pdf`], [`thumbnail`], [`lay_out`], [`first_page`]), which the
//! benchmarks time (reached through the hidden `pipeline::stages`, not part of the API).

use crate::export::html::{self, LinkInfo};
use crate::export::pdf::{self, PdfOptions};
use crate::export::png::{self, PngOptions};
use crate::layout::fonts::Fonts;
use crate::layout::{DocumentInfo, Layout, LayoutOptions, Page, ScreenOptions};
use crate::model::Table;

/// One rendered file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// File name inside the output folder, from the publication's `fileName`
    /// ([`file_names`]).
    pub name: String,
    /// The file's content, exactly as it is to be written (byte-reproducible).
    pub bytes: Vec<u8>,
}

/// What the build produced besides bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// Every output file, in the order of [`file_names`].
    pub outputs: Vec<Output>,
    /// Pages of the PDF.
    pub pages: usize,
    /// What the link snippet and the preview say of the other files (their addresses, the
    /// PDF's size, the thumbnail's pixels).
    pub link: LinkInfo,
}

/// `apercu.html` and `lien.html` for a page that shows them where no file lies beside them
/// (the browser page's preview frames): see [`previews`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Previews {
    /// `apercu.html`, with the thumbnail and the filter script written in.
    pub preview: String,
    /// The card of `lien.html`, with the thumbnail written in, without the script.
    pub link: String,
}

/// Settings of [`render`].
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// Page size, margins, text sizes and colours of the PDF and the thumbnail.
    pub layout: LayoutOptions,
    /// The screen the HTML table's columns are balanced for.
    pub screen: ScreenOptions,
    /// The PDF's metadata (producer).
    pub pdf: PdfOptions,
    /// Width of the thumbnail in pixels; default 800 (crisp at 400 CSS pixels on 2× screens).
    pub png_width_px: u32,
    /// Prefix of the PDF, PNG and script addresses in the link snippet and the preview, e.g.
    /// `/uploads/`, instead of the descriptor's
    /// ([`Publication::url_prefix`](crate::model::Publication::url_prefix)); default `None`: the
    /// descriptor decides (so that every build of one table gives the same bytes).
    pub url_prefix: Option<String>,
    /// Most cells (data rows × columns) the host publishes in its memory; a larger table is
    /// refused with `limite-depassee` and the command to use. Default `None`: no limit but
    /// [`MAX_ROWS_BUILD`](crate::limits::MAX_ROWS_BUILD) (the browser page sets
    /// [`MAX_PAGE_CELLS`](crate::limits::MAX_PAGE_CELLS)).
    pub max_cells: Option<u64>,
    /// Whether [`build`](super::build) also gives the [`Previews`] (for a page where no output
    /// lies beside them); default `false`.
    pub previews: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            layout: LayoutOptions::default(),
            screen: ScreenOptions::default(),
            pdf: PdfOptions::default(),
            png_width_px: 800,
            url_prefix: None,
            max_cells: None,
            previews: false,
        }
    }
}

/// The `fileName` of a publication that has none: its files are those of the first table,
/// `tableau.pdf` … `lien.html`.
pub const DEFAULT_FILE_NAME: &str = "tableau";

/// Names of the files of the output folder for the publication `fileName` `base` (see
/// [`Publication::file_name`](crate::model::Publication::file_name)), in the order they are
/// written (the script before the preview that loads it): `BASE.pdf`, `BASE.png`, `BASE.html`,
/// `BASE.js`, `BASE-apercu.html`, `BASE-lien.html`. For [`DEFAULT_FILE_NAME`], the preview and
/// the card keep the names they always had: `apercu.html`, `lien.html`. Tables of different
/// `fileName`s share no name, so they share a folder (the schema refuses the names that would
/// give another table's file, such as `apercu` or `x-lien`).
pub fn file_names(base: &str) -> [String; 6] {
    let (preview, link) = if base == DEFAULT_FILE_NAME {
        ("apercu.html".to_owned(), "lien.html".to_owned())
    } else {
        (format!("{base}-apercu.html"), format!("{base}-lien.html"))
    };
    [
        format!("{base}.pdf"),
        format!("{base}.png"),
        format!("{base}.html"),
        format!("{base}.js"),
        preview,
        link,
    ]
}

/// An output could not be encoded (never because of the table: it was validated); what
/// [`build`](super::build), [`import`](super::import) and [`export`](super::export) fail with.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The PDF could not be written.
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    /// The thumbnail could not be painted or encoded (e.g. a width out of range).
    #[error(transparent)]
    Png(#[from] png::PngError),
    /// The workbook could not be written (`export`).
    #[cfg(feature = "xlsx")]
    #[error(transparent)]
    Xlsx(#[from] crate::export::xlsx::XlsxError),
}

/// Renders every output of `table` in memory, in a fixed order. Each page is painted into the
/// PDF as soon as it is laid out, and only page 1 is kept (for the PNG), so that the pages of a
/// large table never are in memory all at once.
pub fn render(
    table: &Table,
    fonts: &Fonts,
    options: &BuildOptions,
) -> Result<Rendered, RenderError> {
    let mut layout = Layout::new(table, fonts, &options.layout);
    let info = layout.info().clone();
    let screen = layout.screen_columns(&options.screen);
    let mut first_page = None;
    let pages = layout.inspect(|page| {
        if first_page.is_none() {
            first_page = Some(page.clone());
        }
    });
    let pdf_bytes = pdf::pdf(&info, pages, fonts, &options.pdf)?;
    let fragment = html::fragment(table, &screen);
    let png_options = PngOptions { width_px: options.png_width_px };
    let thumbnail = png::png(&info, first_page.as_ref(), fonts, &png_options)?;
    let prefix = options.url_prefix.as_deref().unwrap_or(&table.publication.url_prefix);
    let [pdf_name, png_name, html_name, script_name, preview_name, link_name] =
        file_names(&table.publication.file_name);
    let link = LinkInfo {
        pdf_href: format!("{prefix}{pdf_name}"),
        pdf_bytes: pdf_bytes.len() as u64,
        png_href: format!("{prefix}{png_name}"),
        png_width_px: thumbnail.width_px,
        png_height_px: thumbnail.height_px,
        script_href: format!("{prefix}{script_name}"),
    };
    let preview = html::preview(table, &fragment, &link);
    let link_bytes = html::link(table, &link).into_bytes();
    let outputs = vec![
        Output { name: pdf_name, bytes: pdf_bytes },
        Output { name: png_name, bytes: thumbnail.bytes },
        Output { name: html_name, bytes: fragment.into_bytes() },
        Output { name: script_name, bytes: html::SCRIPT.as_bytes().to_vec() },
        Output { name: preview_name, bytes: preview.into_bytes() },
        Output { name: link_name, bytes: link_bytes },
    ];
    Ok(Rendered { outputs, pages: info.page_count, link })
}

/// The previews of `rendered` (what [`render`] made of `table`) that show the thumbnail
/// whatever the addresses' prefix: a page that is not the site (the browser page) has no
/// `/uploads/tableau.png`, so the thumbnail is written into them ([`html::preview_alone`],
/// [`html::link_alone`]). The published files are unchanged.
pub fn previews(table: &Table, rendered: &Rendered) -> Previews {
    // In the order of `file_names`: the PNG second, the HTML table third.
    let file = |idx: usize| rendered.outputs.get(idx).map_or(&[][..], |o| o.bytes.as_slice());
    let fragment = String::from_utf8_lossy(file(2));
    let png = file(1);
    Previews {
        preview: html::preview_alone(table, &fragment, &rendered.link, png),
        link: html::link_alone(table, &rendered.link, png),
    }
}

/// The PDF alone, each page painted as soon as it is laid out (as [`render`] makes it), for
/// benchmarks. Fails as [`render`] does for the PDF.
pub fn pdf(table: &Table, fonts: &Fonts, options: &BuildOptions) -> Result<Vec<u8>, pdf::PdfError> {
    let layout = Layout::new(table, fonts, &options.layout);
    let info = layout.info().clone();
    pdf::pdf(&info, layout, fonts, &options.pdf)
}

/// Page 1 laid out, and what the whole document's plan says (the page count).
pub struct FirstPage {
    /// The whole document's description (page count, bands…), as [`render`] has it.
    pub info: DocumentInfo,
    /// `None` for a document without pages.
    pub page: Option<Page>,
}

/// Measures and plans the whole table, then lays out page 1 only (what the thumbnail shows),
/// for benchmarks. Cannot fail.
pub fn first_page(table: &Table, fonts: &Fonts, options: &BuildOptions) -> FirstPage {
    let mut layout = Layout::new(table, fonts, &options.layout);
    let page = layout.next();
    FirstPage { info: layout.info().clone(), page }
}

/// The thumbnail alone: the table measured and planned, page 1 laid out and painted, for
/// benchmarks. Fails as [`render`] does for the PNG.
pub fn thumbnail(
    table: &Table,
    fonts: &Fonts,
    options: &BuildOptions,
) -> Result<png::Png, png::PngError> {
    let first = first_page(table, fonts, options);
    png::png(
        &first.info,
        first.page.as_ref(),
        fonts,
        &PngOptions { width_px: options.png_width_px },
    )
}

/// Lays out every page and drops each once made; returns the page count (the layout alone,
/// for benchmarks).
pub fn lay_out(table: &Table, fonts: &Fonts, options: &BuildOptions) -> usize {
    Layout::new(table, fonts, &options.layout).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_23_files_are_named_from_the_publication_s_file_name() {
        // The default keeps the names `out/` always had.
        let default = [
            "tableau.pdf",
            "tableau.png",
            "tableau.html",
            "tableau.js",
            "apercu.html",
            "lien.html",
        ];
        assert_eq!(file_names(DEFAULT_FILE_NAME), default);
        let named = [
            "outils-webconference.pdf",
            "outils-webconference.png",
            "outils-webconference.html",
            "outils-webconference.js",
            "outils-webconference-apercu.html",
            "outils-webconference-lien.html",
        ];
        assert_eq!(file_names("outils-webconference"), named);
        // No name of one table is a name of the other: they share a folder.
        assert!(file_names("messagerie").iter().all(|n| !default.contains(&n.as_str())));
    }
}
