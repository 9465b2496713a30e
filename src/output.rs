//! Output files: every output rendered in memory first, then each written atomically.
//!
//! In: the validated table, the fonts and [`BuildOptions`]. Out: the files of `out/`, each
//! either the old complete file or the new complete file, whatever happens during the write
//! (temporary file in the same folder, flushed, then renamed over the old one).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::export::html::{self, LinkInfo};
use crate::export::pdf::{self, PdfOptions};
use crate::export::png::{self, PngOptions};
use crate::layout::fonts::Fonts;
use crate::layout::{Layout, LayoutOptions};
use crate::model::Table;

/// One rendered file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// File name inside the output folder.
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

/// What the build produced besides bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub outputs: Vec<Output>,
    /// Pages of the PDF.
    pub pages: usize,
}

/// Settings of [`render`].
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub layout: LayoutOptions,
    pub pdf: PdfOptions,
    /// Width of the thumbnail in pixels; default 800 (crisp at 400 CSS pixels on 2× screens).
    pub png_width_px: u32,
    /// Prefix of the PDF and PNG addresses in the link snippet, e.g. `/uploads/`; default
    /// empty (addresses relative to the page, `tableau.pdf`).
    pub url_prefix: String,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            layout: LayoutOptions::default(),
            pdf: PdfOptions::default(),
            png_width_px: 800,
            url_prefix: String::new(),
        }
    }
}

/// Names of the files of the output folder, in the order they are written.
pub const FILES: [&str; 5] =
    ["tableau.pdf", "tableau.png", "tableau.html", "apercu.html", "lien.html"];

/// The build could not render an output (never because of the table: it was validated).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    #[error(transparent)]
    Png(#[from] png::PngError),
}

/// Renders every output of `table` in memory, in a fixed order. Each page is painted into the
/// PDF as soon as it is laid out, and only page 1 is kept (for the PNG), so that the pages of a
/// large table never are in memory all at once.
pub fn render(
    table: &Table,
    fonts: &Fonts,
    options: &BuildOptions,
) -> Result<Rendered, RenderError> {
    let layout = Layout::new(table, fonts, &options.layout);
    let info = layout.info().clone();
    let mut first_page = None;
    let pages = layout.inspect(|page| {
        if first_page.is_none() {
            first_page = Some(page.clone());
        }
    });
    let pdf_bytes = pdf::pdf(&info, pages, fonts, &options.pdf)?;
    let fragment = html::fragment(table);
    let png_options = PngOptions { width_px: options.png_width_px };
    let thumbnail = png::png(&info, first_page.as_ref(), fonts, &png_options)?;
    let link = LinkInfo {
        pdf_href: format!("{}tableau.pdf", options.url_prefix),
        pdf_bytes: pdf_bytes.len() as u64,
        png_href: format!("{}tableau.png", options.url_prefix),
        png_width_px: thumbnail.width_px,
        png_height_px: thumbnail.height_px,
    };
    let preview = html::preview(table, &fragment, &link);
    let outputs = vec![
        Output { name: FILES[0], bytes: pdf_bytes },
        Output { name: FILES[1], bytes: thumbnail.bytes },
        Output { name: FILES[2], bytes: fragment.into_bytes() },
        Output { name: FILES[3], bytes: preview.into_bytes() },
        Output { name: FILES[4], bytes: html::link(table, &link).into_bytes() },
    ];
    Ok(Rendered { outputs, pages: info.page_count })
}

/// Removes the temporary files a killed build may have left in `dir` (`.tableau.pdf.<pid>.tmp`).
pub fn remove_leftovers(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours =
            FILES.iter().any(|f| name.starts_with(&format!(".{f}.")) && name.ends_with(".tmp"));
        if ours {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Names of the outputs that `dir` lacks or holds with other bytes (`build --check`).
pub fn stale(dir: &Path, outputs: &[Output]) -> Vec<&'static str> {
    outputs
        .iter()
        .filter(|out| fs::read(dir.join(out.name)).map_or(true, |bytes| bytes != out.bytes))
        .map(|out| out.name)
        .collect()
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, flushed to disk, then
/// renamed over `path`. On any error the temporary file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
