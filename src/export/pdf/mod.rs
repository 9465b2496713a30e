//! The PDF painter: the pages of a [`crate::layout::Document`] → tagged PDF/UA-1 bytes.
//!
//! Written with krilla. In: the layout (pages of positioned, shaped items) and the fonts.
//! Out: the file's bytes. Structure: H1 (title), P (source, date), Table › Caption, THead › TR ›
//! TH (Scope Column), TBody › TR › TH (Scope Row, the solution's name) and TD; links as Link ›
//! (annotation, text); H2 and P for the notes, after the table (in two columns or not).
//! Header rows repeated on later pages, « Notes (suite) », backgrounds, rules, the separator
//! between source and date, and page numbers are artifacts. No clock: the bytes depend only on the
//! document and the fonts.
//!
//! As in typst-pdf, the page loop here hands each [`Item`] to the handler of its kind: `text`
//! (marked content and glyphs), `shape` (fills and rules) and `link` (annotations). `tags`
//! builds the structure tree and the outline from what they marked; `pack` rewrites krilla's
//! file into object streams.

mod link;
mod pack;
mod shape;
mod tags;
mod text;

use std::borrow::Borrow;
use std::iter::Peekable;
use std::slice;

use krilla::color::rgb;
use krilla::configure::ConfigurationBuilder;
use krilla::configure::validate::Accessibility;
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::text::{Font, KrillaGlyph};
use krilla::{Document as KDocument, SerializeSettings};

use crate::layout::fonts::{FontId, Fonts};
use crate::layout::theme::Color;
use crate::layout::{DocumentInfo, Item, Origin, Page};

use self::link::PendingLink;
use self::tags::Marked;

/// The PDF could not be written (never because of the table's content, which validation and
/// layout checked).
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A font cannot be read or embedded; the text names the font (file name or krilla's
    /// words).
    #[error("la police {0} ne peut pas être intégrée au PDF")]
    Font(String),
    /// krilla's PDF/UA-1 validator refused the document; the text lists its findings (in
    /// English, as krilla names them), joined with « ; ». A bug, not a content problem.
    #[error("le PDF ne respecte pas PDF/UA-1 : {0}")]
    Validation(String),
    /// Any other failure of krilla while writing, as its debug text.
    #[error("le PDF n'a pas pu être écrit : {0}")]
    Other(String),
}

/// Settings of [`pdf`].
#[derive(Clone, Debug)]
pub struct PdfOptions {
    /// Producer recorded in the metadata; default `comparatif <version>`.
    pub producer: String,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions { producer: format!("comparatif {}", env!("CARGO_PKG_VERSION")) }
    }
}

/// What the handlers share over the whole document.
struct Context {
    regular: Font,
    bold: Font,
    /// Marked content of each part of the document, in reading order within each part.
    content: Marked,
    /// Glyphs and text of the lines being drawn (one buffer each for the whole document).
    glyphs: Vec<KrillaGlyph>,
    text: String,
}

/// The page being painted: its content stream, and its links, annotated once the content
/// stream is finished (the surface borrows the page until then).
struct PageContext<'s, 'p> {
    surface: Surface<'s>,
    /// The origin of the marked content sequence being written, if one is open.
    open: Option<Origin>,
    links: Vec<PendingLink<'p>>,
}

/// A page's items still to paint; the text handler takes the lines that continue its run.
type Items<'p> = Peekable<slice::Iter<'p, Item>>;

/// Paints the document described by `info`, whose pages come from `pages` in order (a
/// [`crate::layout::Document`]'s pages, or a [`crate::layout::Layout`] laying them out one at
/// a time), into a tagged PDF/UA-1 file.
pub fn pdf<P: Borrow<Page>>(
    info: &DocumentInfo,
    pages: impl IntoIterator<Item = P>,
    fonts: &Fonts,
    options: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let mut kdoc = KDocument::new_with(settings()?);
    let mut ctx = Context::new(info, fonts)?;
    // Where the outline points: the table on page 1, the notes (page from 0, top).
    let mut table_top = None;
    let mut notes_top = None;
    for (page_idx, page) in pages.into_iter().enumerate() {
        let page = page.borrow();
        table_top = table_top.or(Some(page.table_top));
        if let (None, Some(top)) = (notes_top, page.notes_top) {
            notes_top = Some((page_idx, top));
        }
        paint_page(&mut kdoc, &mut ctx, info, page)?;
    }

    kdoc.set_tag_tree(tags::tag_tree(info, ctx.content));
    kdoc.set_outline(tags::outline(info, table_top, notes_top));
    kdoc.set_metadata(
        Metadata::new()
            .title(info.title.clone())
            .language(info.lang.clone())
            .creator(options.producer.clone())
            .producer(options.producer.clone()),
    );
    // krilla's own words are English: the font is named by its file instead.
    let font_name = |font: &Font| {
        let id = if *font == ctx.bold { FontId::Bold } else { FontId::Regular };
        fonts.get(id).name.clone()
    };
    let bytes = kdoc.finish().map_err(|err| match err {
        krilla::error::KrillaError::Font(font, _) => PdfError::Font(font_name(&font)),
        krilla::error::KrillaError::Validation(errors) => PdfError::Validation(
            errors.iter().map(|(e, _)| format!("{e:?}")).collect::<Vec<_>>().join(" ; "),
        ),
        other => PdfError::Other(format!("{other:?}")),
    })?;
    // Object streams make the file about 40 % smaller; krilla's own bytes are kept if the
    // packing step does not recognise them.
    Ok(pack::pack(&bytes).unwrap_or(bytes))
}

/// krilla's settings: tagged, PDF/UA-1 validated, with XMP metadata.
fn settings() -> Result<SerializeSettings, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| PdfError::Other(format!("{e:?}")))?;
    Ok(SerializeSettings {
        configuration,
        enable_tagging: true,
        xmp_metadata: true,
        ..SerializeSettings::default()
    })
}

impl Context {
    fn new(info: &DocumentInfo, fonts: &Fonts) -> Result<Context, PdfError> {
        let font = |id: FontId| {
            let data = fonts.get(id);
            Font::new(data.bytes.clone().into(), 0).ok_or_else(|| PdfError::Font(data.name.clone()))
        };
        Ok(Context {
            regular: font(FontId::Regular)?,
            bold: font(FontId::Bold)?,
            content: Marked::new(info),
            glyphs: Vec::new(),
            text: String::new(),
        })
    }
}

/// Paints `page` on a new page of `kdoc`, then annotates its links.
fn paint_page(
    kdoc: &mut KDocument,
    ctx: &mut Context,
    info: &DocumentInfo,
    page: &Page,
) -> Result<(), PdfError> {
    let mut kpage = kdoc.start_page_with(
        PageSettings::from_wh(info.width.0, info.height.0)
            .ok_or_else(|| PdfError::Other("taille de page invalide".into()))?,
    );
    let links = paint_items(kpage.surface(), ctx, page);
    link::annotate(&mut kpage, &mut ctx.content, links);
    kpage.finish();
    Ok(())
}

/// Hands each of `page`'s items, in order, to its handler, which paints it on `surface`.
/// Returns the page's links, to annotate once the surface is finished.
fn paint_items<'p>(
    surface: Surface<'_>,
    ctx: &mut Context,
    page: &'p Page,
) -> Vec<PendingLink<'p>> {
    let mut pc = PageContext { surface, open: None, links: Vec::new() };
    let mut items = page.items.iter().peekable();
    while let Some(item) = items.next() {
        match item {
            Item::Text(run) => text::handle_text(&mut pc, ctx, page, run, &mut items),
            Item::Fill { rect, color } => shape::handle_fill(&mut pc, rect, *color),
            Item::Rule { x1, y1, x2, y2, width, color } => {
                shape::handle_rule(&mut pc, (*x1, *y1), (*x2, *y2), *width, *color)
            }
            Item::Link { origin, rect, url, description } => {
                link::handle_link(&mut pc, *origin, rect, url, description)
            }
        }
    }
    pc.close_marked();
    pc.surface.finish();
    pc.links
}

impl PageContext<'_, '_> {
    /// Ends the marked content sequence left open, if there is one.
    fn close_marked(&mut self) {
        if self.open.take().is_some() {
            self.surface.end_tagged();
        }
    }
}

fn paint(color: Color) -> krilla::paint::Paint {
    rgb::Color::new(color.r, color.g, color.b).into()
}

/// An opaque fill of `color` (text and backgrounds).
fn solid(color: Color) -> Fill {
    Fill { paint: paint(color), opacity: NormalizedF32::ONE, rule: FillRule::NonZero }
}
