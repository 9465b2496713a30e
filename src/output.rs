//! Output files: every output rendered in memory first, then each written atomically.
//!
//! In: the validated table, the fonts and [`BuildOptions`]. Out: the files of `out/`, each
//! either the old complete file or the new complete file, whatever happens during the write
//! (temporary file in the same folder, flushed, then renamed over the old one).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::export::pdf::{self, PdfOptions};
use crate::layout::fonts::Fonts;
use crate::layout::{self, LayoutOptions};
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
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    pub layout: LayoutOptions,
    pub pdf: PdfOptions,
}

/// The build could not render an output (never because of the table: it was validated).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
}

/// Renders every output of `table` in memory, in a fixed order.
pub fn render(
    table: &Table,
    fonts: &Fonts,
    options: &BuildOptions,
) -> Result<Rendered, RenderError> {
    let document = layout::layout(table, fonts, &options.layout);
    let pdf_bytes = pdf::pdf(&document, fonts, &options.pdf)?;
    Ok(Rendered {
        outputs: vec![Output { name: "tableau.pdf", bytes: pdf_bytes }],
        pages: document.pages.len(),
    })
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
