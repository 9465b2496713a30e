//! The PNG painter: page 1 of the layout → the thumbnail's bytes, painted with tiny-skia.
//!
//! In: the layout (the same positioned, shaped items the PDF painter paints) and the fonts,
//! whose glyph outlines skrifa reads. Out: an antialiased, palette PNG of page 1 on a white
//! page, `width_px` wide, its height following the page's aspect ratio. Pixels exist only in
//! this module: every name that counts them ends in `_px`.
//!
//! The page is painted at twice the target size, then averaged down: text of 7 pt is under
//! 7 px high at 800 px, and the finer coverage keeps its stems even. It is painted 64 rows
//! (`STRIP_PX`) at a time into one small pixmap, with the pixels the whole page would have.
//! Fills and rules are tiny-skia's; each glyph is rasterised once per size and sub-pixel
//! position, then blended wherever it recurs. The colours are reduced to a palette
//! (`quantise`) whose exact entries are the document's own colours, and the indices are
//! deflated. No clock, no threads, no text chunks: the bytes depend only on the document, the
//! fonts and the options.

mod quantise;

use rustc_hash::FxHashMap;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlineGlyphCollection, OutlinePen};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, GlyphId, MetadataProvider};
use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Stroke, Transform};

use crate::layout::fonts::{FontData, FontId, Fonts};
use crate::layout::text::Glyph;
use crate::layout::theme::Color;
use crate::layout::{DocumentInfo, Item, Page, Pt, Rect, TextRun};

/// Largest width or height of a thumbnail, in pixels: beyond it the options are surely a
/// mistake (a thumbnail 4096 px wide is painted on 8192 × 5792 px, 190 MB).
pub const MAX_SIDE_PX: u32 = 4096;

/// The page is painted this many times wider and taller than the thumbnail, then averaged down.
const SUPERSAMPLE: u32 = 2;

/// Rows of the thumbnail painted at a time. The supersampled strip (1 600 × 128 px, 800 KB, at
/// the default width) stays in the processor's cache and is reused, where the whole
/// supersampled page (7 MB) would be fresh memory for the system to map.
const STRIP_PX: u32 = 64;

/// Most colours in the palette: more make the file bigger for no difference one can see at
/// 400 CSS pixels, far fewer grey out a lone red « Non ».
const MAX_COLORS: usize = 128;

/// Settings of [`png()`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PngOptions {
    /// Width of the thumbnail in pixels, from 1 to [`MAX_SIDE_PX`]; default 800 (crisp at
    /// 400 CSS pixels on 2× screens).
    pub width_px: u32,
}

impl Default for PngOptions {
    fn default() -> Self {
        PngOptions { width_px: 800 }
    }
}

/// A painted thumbnail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Png {
    /// The PNG file's bytes.
    pub bytes: Vec<u8>,
    pub width_px: u32,
    /// The page's height at the thumbnail's scale, rounded to the nearest pixel (at least 1).
    pub height_px: u32,
}

/// The thumbnail could not be made (never because of the table's content, which validation and
/// layout checked).
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error(
        "la vignette PNG ne peut pas mesurer {width_px} × {height_px} pixels : chaque côté doit aller de 1 à {MAX_SIDE_PX} pixels"
    )]
    Size { width_px: u32, height_px: u32 },
    #[error("la police {0} ne peut pas être lue pour dessiner la vignette PNG")]
    Font(String),
    #[error("la vignette PNG n'a pas pu être encodée : {0}")]
    Encode(String),
}

/// Paints `first_page`, page 1 of the document `info` describes (a blank page when there is
/// none), into a PNG `options.width_px` wide.
///
/// Fails only when the size is out of range ([`PngError::Size`]), a font cannot be read
/// ([`PngError::Font`]) or the encoder fails ([`PngError::Encode`]).
pub fn png(
    info: &DocumentInfo,
    first_page: Option<&Page>,
    fonts: &Fonts,
    options: &PngOptions,
) -> Result<Png, PngError> {
    let width_px = options.width_px;
    let height_px = height_px(info, width_px);
    if !(1..=MAX_SIDE_PX).contains(&width_px) || !(1..=MAX_SIDE_PX).contains(&height_px) {
        return Err(PngError::Size { width_px, height_px });
    }
    // The page is painted a strip at a time into one small pixmap, each strip averaged down
    // as soon as it is painted.
    let strip_rows_px = STRIP_PX.min(height_px);
    let mut strip = Pixmap::new(width_px * SUPERSAMPLE, strip_rows_px * SUPERSAMPLE)
        .ok_or(PngError::Size { width_px, height_px })?;
    // One scale for both axes, so that glyphs keep their shape; the last row of pixels may
    // show a fraction of a point more or less of the bottom margin.
    let px_per_pt = (width_px * SUPERSAMPLE) as f32 / info.width.0;
    let mut painter = match first_page {
        Some(page) => Some((Painter::new(fonts, px_per_pt)?, page)),
        None => None,
    };
    let mut rgb = Vec::with_capacity(width_px as usize * height_px as usize);
    for top_px in (0..height_px).step_by(STRIP_PX as usize) {
        strip.fill(tiny_skia::Color::WHITE);
        if let Some((painter, page)) = &mut painter {
            painter.paint(&mut strip, page, (top_px * SUPERSAMPLE) as f32);
        }
        downsample(&strip, (height_px - top_px).min(STRIP_PX), &mut rgb);
    }
    let keep = document_colors(first_page);
    let (palette, indices) = quantise::quantise(&rgb, &keep, MAX_COLORS);
    let bytes = encode(width_px, height_px, &palette, &indices)?;
    Ok(Png { bytes, width_px, height_px })
}

/// The thumbnail's height for `width_px`, from the page's aspect ratio (at least 1).
fn height_px(info: &DocumentInfo, width_px: u32) -> u32 {
    let ratio = if info.width.0 > 0.0 { info.height.0 / info.width.0 } else { 1.0 };
    let height = (f64::from(width_px) * f64::from(ratio)).round();
    // `as` saturates: a NaN or huge ratio gives 0 or u32::MAX, both refused by the caller.
    (height as u32).max(1)
}

/// The colours the document paints with, white first: the palette keeps them exactly, so flat
/// areas and rules never shift colour.
fn document_colors(page: Option<&Page>) -> Vec<[u8; 3]> {
    let mut colors = vec![[255, 255, 255]];
    for item in page.map_or(&[][..], |p| &p.items) {
        let color = match item {
            Item::Text(run) => run.color,
            Item::Fill { color, .. } | Item::Rule { color, .. } => *color,
            Item::Link { .. } => continue,
        };
        let rgb = [color.r, color.g, color.b];
        if !colors.contains(&rgb) {
            colors.push(rgb);
        }
    }
    colors
}

/// The rasteriser's state: the fonts' outlines and the glyphs already rasterised.
struct Painter<'a> {
    regular: Face<'a>,
    bold: Face<'a>,
    px_per_pt: f32,
    /// Outlines by font and glyph id, in font units, y up; `None` for empty glyphs (spaces).
    outlines: FxHashMap<(FontId, u16), Option<tiny_skia::Path>>,
    /// Coverage of each glyph drawn so far, by size and sub-pixel position; `None` when it
    /// covers nothing. Glyphs recur, and filling each one's path with tiny-skia costs mostly
    /// per-fill setup.
    sprites: FxHashMap<SpriteKey, Option<Sprite>>,
}

/// Font, glyph id, scale (the bits of the pixels per font unit) and the position's fraction
/// of a pixel in x and y, in 1/[`PHASES`].
type SpriteKey = (FontId, u16, u32, u8, u8);

/// Sub-pixel positions of a glyph, per axis, in the supersampled page: a glyph lands within
/// 1/16 of a thumbnail pixel of its place, its sprite reused wherever the same fraction recurs.
const PHASES: f32 = 4.0;

/// A glyph's coverage (0 to 255), rows of `width_px` from top to bottom, with its top-left
/// corner relative to the pixel the glyph's origin falls in.
struct Sprite {
    left_px: i32,
    top_px: i32,
    width_px: usize,
    coverage: Vec<u8>,
}

/// One font's outlines.
struct Face<'a> {
    outlines: OutlineGlyphCollection<'a>,
    units_per_em: f32,
    /// Highest and lowest point of all the font's glyphs, in em, y up (the `head` table's
    /// bounding box): no glyph paints outside them.
    y_max_em: f32,
    y_min_em: f32,
}

impl<'a> Face<'a> {
    fn new(font: &'a FontData) -> Result<Face<'a>, PngError> {
        // Face 0, as the PDF painter embeds it.
        let font_ref =
            FontRef::from_index(&font.bytes, 0).map_err(|_| PngError::Font(font.name.clone()))?;
        let units_per_em =
            f32::from(font_ref.metrics(Size::unscaled(), LocationRef::default()).units_per_em);
        if units_per_em <= 0.0 {
            return Err(PngError::Font(font.name.clone()));
        }
        let head = font_ref.head().map_err(|_| PngError::Font(font.name.clone()))?;
        Ok(Face {
            outlines: font_ref.outline_glyphs(),
            units_per_em,
            y_max_em: f32::from(head.y_max()) / units_per_em,
            y_min_em: f32::from(head.y_min()) / units_per_em,
        })
    }
}

impl<'a> Painter<'a> {
    fn new(fonts: &'a Fonts, px_per_pt: f32) -> Result<Painter<'a>, PngError> {
        Ok(Painter {
            regular: Face::new(&fonts.regular)?,
            bold: Face::new(&fonts.bold)?,
            px_per_pt,
            outlines: FxHashMap::default(),
            sprites: FxHashMap::default(),
        })
    }

    /// Paints the items over each other in their order, as the PDF does, into `pixmap`, a
    /// strip of the (supersampled) page whose top is `top_px` pixels below the page's top.
    /// Everything is clipped to the strip.
    fn paint(&mut self, pixmap: &mut Pixmap, page: &Page, top_px: f32) {
        // Coordinates are moved up by a whole number of pixels (exactly, in floating point)
        // rather than through a transform, which would take tiny-skia's path filler instead of
        // its rectangle filler: every strip shows the pixels the whole page would.
        let strip =
            Strip { px_per_pt: self.px_per_pt, top_px, bottom_px: top_px + pixmap.height() as f32 };
        for item in &page.items {
            match item {
                Item::Fill { rect, color } => fill(pixmap, &strip, rect, *color),
                Item::Rule { x1, y1, x2, y2, width, color } => {
                    rule(pixmap, &strip, [*x1, *y1, *x2, *y2], *width, *color);
                }
                Item::Text(run) => self.handle_text(pixmap, &strip, run, page.glyphs(run)),
                // Links are areas to click in the PDF: nothing to see.
                Item::Link { .. } => {}
            }
        }
    }

    /// A text run, unless it is wholly outside the strip.
    fn handle_text(&mut self, pixmap: &mut Pixmap, strip: &Strip, run: &TextRun, glyphs: &[Glyph]) {
        let face = match run.font {
            FontId::Regular => &self.regular,
            FontId::Bold => &self.bold,
        };
        let (up, down) = glyphs
            .iter()
            .fold((0.0_f32, 0.0_f32), |(u, d), g| (u.max(g.y_offset), d.min(g.y_offset)));
        let size = run.size.0;
        let top_pt = run.baseline.0 - (face.y_max_em + up) * size;
        let bottom_pt = run.baseline.0 - (face.y_min_em + down) * size;
        if !strip.outside(top_pt, bottom_pt) {
            self.text(pixmap, run, glyphs, strip.top_px as i32);
        }
    }

    /// Glyph `idx` of `run` (whose glyphs are `glyphs`) sits at `x` + the advances of the
    /// glyphs before it + its own offset, on the baseline raised by its vertical offset: the
    /// positions the PDF painter gives krilla. `top_px`: as in [`Painter::paint`], a whole
    /// number of pixels.
    fn text(&mut self, pixmap: &mut Pixmap, run: &TextRun, glyphs: &[Glyph], top_px: i32) {
        let Painter { regular, bold, px_per_pt, outlines, sprites } = self;
        let s = *px_per_pt;
        let size = run.size.0;
        let face = match run.font {
            FontId::Regular => &*regular,
            FontId::Bold => &*bold,
        };
        let px_per_unit = size / face.units_per_em * s;
        let color = [run.color.r, run.color.g, run.color.b];
        let mut pen_x = run.x.0;
        for glyph in glyphs {
            let (x_px, phase_x) = split_px((pen_x + glyph.x_offset * size) * s);
            let (y_px, phase_y) = split_px((run.baseline.0 - glyph.y_offset * size) * s);
            pen_x += glyph.x_advance * size;
            let key = (run.font, glyph.id, px_per_unit.to_bits(), phase_x, phase_y);
            let sprite = sprites.entry(key).or_insert_with(|| {
                let outline = outlines
                    .entry((run.font, glyph.id))
                    .or_insert_with(|| outline(&face.outlines, glyph.id));
                let phase = |p: u8| f32::from(p) / PHASES;
                outline
                    .as_ref()
                    .and_then(|path| rasterise(path, px_per_unit, phase(phase_x), phase(phase_y)))
            });
            if let Some(sprite) = sprite {
                let top = y_px - top_px + sprite.top_px;
                blend(pixmap, sprite, x_px + sprite.left_px, top, color);
            }
        }
    }
}

/// A position in pixels → the pixel it falls in and its fraction of a pixel in 1/[`PHASES`]
/// (rounded; a fraction that rounds up to a whole pixel moves to the next one).
fn split_px(v: f32) -> (i32, u8) {
    let steps = (v * PHASES).round();
    let whole = (steps / PHASES).floor();
    // Within 0..PHASES by construction; `as` saturates positions far off the page, which are
    // then clipped away.
    (whole as i32, (steps - whole * PHASES) as u8)
}

/// The coverage of `outline` (font units, y up) scaled by `px_per_unit`, its origin at
/// (`dx`, `dy`) within a pixel; `None` when it covers no pixel.
fn rasterise(outline: &tiny_skia::Path, px_per_unit: f32, dx: f32, dy: f32) -> Option<Sprite> {
    let glyph = Transform::from_row(px_per_unit, 0.0, 0.0, -px_per_unit, dx, dy);
    let bounds = outline.bounds().transform(glyph)?;
    // One spare pixel on each side for the antialiased edges.
    let left_px = bounds.left().floor() as i32 - 1;
    let top_px = bounds.top().floor() as i32 - 1;
    let width_px = (bounds.right().ceil() as i32 + 1 - left_px).max(1) as u32;
    let height_px = (bounds.bottom().ceil() as i32 + 1 - top_px).max(1) as u32;
    let mut mask = tiny_skia::Mask::new(width_px, height_px)?;
    let at = glyph.post_translate(-left_px as f32, -top_px as f32);
    mask.fill_path(outline, FillRule::Winding, true, at);
    Some(Sprite { left_px, top_px, width_px: width_px as usize, coverage: mask.take() })
}

/// Paints `color` through `sprite`'s coverage with its top-left corner at (`left_px`,
/// `top_px`) of the (opaque) pixmap, clipped to the pixmap.
fn blend(pixmap: &mut Pixmap, sprite: &Sprite, left_px: i32, top_px: i32, color: [u8; 3]) {
    let (page_width_px, page_height_px) = (pixmap.width() as i32, pixmap.height() as i32);
    let data = pixmap.data_mut();
    for (row_idx, row) in sprite.coverage.chunks_exact(sprite.width_px).enumerate() {
        let y_px = top_px + row_idx as i32;
        if !(0..page_height_px).contains(&y_px) {
            continue;
        }
        for (col_idx, &coverage) in row.iter().enumerate() {
            let x_px = left_px + col_idx as i32;
            if coverage == 0 || !(0..page_width_px).contains(&x_px) {
                continue;
            }
            let at = (y_px as usize * page_width_px as usize + x_px as usize) * 4;
            let (cov, rest) = (u32::from(coverage), 255 - u32::from(coverage));
            for (dst, &src) in data[at..at + 3].iter_mut().zip(&color) {
                *dst = ((u32::from(*dst) * rest + u32::from(src) * cov + 127) / 255) as u8;
            }
        }
    }
}

/// The outline of glyph `id` in font units (y up), unhinted like the PDF's; `None` when it
/// draws nothing or cannot be read.
fn outline(outlines: &OutlineGlyphCollection<'_>, id: u16) -> Option<tiny_skia::Path> {
    let glyph = outlines.get(GlyphId::new(u32::from(id)))?;
    let mut pen = Pen(PathBuilder::new());
    glyph.draw(DrawSettings::unhinted(Size::unscaled(), LocationRef::default()), &mut pen).ok()?;
    pen.0.finish()
}

/// Collects skrifa's drawing commands into a tiny-skia path.
struct Pen(PathBuilder);

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }

    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }

    fn close(&mut self) {
        self.0.close();
    }
}

/// The rows of the page a strip holds, in pixels of the supersampled page.
struct Strip {
    px_per_pt: f32,
    top_px: f32,
    bottom_px: f32,
}

impl Strip {
    /// Whether a shape from `top_pt` to `bottom_pt` is wholly above or below the strip (one
    /// spare pixel for antialiasing): it is then skipped.
    fn outside(&self, top_pt: f32, bottom_pt: f32) -> bool {
        let s = self.px_per_pt;
        bottom_pt * s + 1.0 < self.top_px || top_pt * s - 1.0 > self.bottom_px
    }
}

/// A filled rectangle, unless it is wholly outside the strip.
fn fill(pixmap: &mut Pixmap, strip: &Strip, rect: &Rect, color: Color) {
    if strip.outside(rect.y.0, rect.bottom().0) {
        return;
    }
    let s = strip.px_per_pt;
    let Some(r) = tiny_skia::Rect::from_xywh(
        rect.x.0 * s,
        rect.y.0 * s - strip.top_px,
        rect.width.0 * s,
        rect.height.0 * s,
    ) else {
        return;
    };
    pixmap.fill_rect(r, &paint(color), Transform::identity(), None);
}

/// A straight line from (x1, y1) to (x2, y2), unless it is wholly outside the strip.
fn rule(pixmap: &mut Pixmap, strip: &Strip, [x1, y1, x2, y2]: [Pt; 4], width: Pt, color: Color) {
    if strip.outside(y1.0.min(y2.0) - width.0, y1.0.max(y2.0) + width.0) {
        return;
    }
    let (s, top_px) = (strip.px_per_pt, strip.top_px);
    let mut pb = PathBuilder::new();
    pb.move_to(x1.0 * s, y1.0 * s - top_px);
    pb.line_to(x2.0 * s, y2.0 * s - top_px);
    let Some(path) = pb.finish() else { return };
    // Butt caps, as in the PDF.
    let stroke = Stroke { width: width.0 * s, ..Stroke::default() };
    pixmap.stroke_path(&path, &paint(color), &stroke, Transform::identity(), None);
}

fn paint(color: Color) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color_rgba8(color.r, color.g, color.b, 255);
    paint.anti_alias = true;
    paint
}

/// Averages each [`SUPERSAMPLE`] × [`SUPERSAMPLE`] block of the first `rows_px` × SUPERSAMPLE
/// rows of the (opaque) pixmap into one RGB pixel, appended to `out`.
fn downsample(pixmap: &Pixmap, rows_px: u32, out: &mut Vec<[u8; 3]>) {
    const FACTOR: usize = SUPERSAMPLE as usize;
    // A constant divisor: the compiler turns the division into a multiplication.
    const COUNT: u32 = (FACTOR * FACTOR) as u32;
    let width_px = pixmap.width() as usize / FACTOR;
    let mut sums = vec![[0u32; 3]; width_px];
    let row_bytes = pixmap.width() as usize * 4;
    for rows in pixmap.data().chunks_exact(row_bytes * FACTOR).take(rows_px as usize) {
        sums.fill([0; 3]);
        for row in rows.chunks_exact(row_bytes) {
            for (sum, block) in sums.iter_mut().zip(row.chunks_exact(4 * FACTOR)) {
                for pixel in block.chunks_exact(4) {
                    // The page is opaque, so premultiplied and straight colours are the same.
                    sum[0] += u32::from(pixel[0]);
                    sum[1] += u32::from(pixel[1]);
                    sum[2] += u32::from(pixel[2]);
                }
            }
        }
        out.extend(sums.iter().map(|s| s.map(|c| ((c + COUNT / 2) / COUNT) as u8)));
    }
}

/// An 8-bit (or fewer bits when the palette is small) indexed PNG, with no chunk besides
/// IHDR, PLTE, IDAT and IEND.
fn encode(
    width_px: u32,
    height_px: u32,
    palette: &[[u8; 3]],
    indices: &[u8],
) -> Result<Vec<u8>, PngError> {
    let err = |e: png::EncodingError| PngError::Encode(e.to_string());
    let (depth, bits) = match palette.len() {
        0..=2 => (png::BitDepth::One, 1),
        3..=4 => (png::BitDepth::Two, 2),
        5..=16 => (png::BitDepth::Four, 4),
        _ => (png::BitDepth::Eight, 8),
    };
    let packed = pack_indices(indices, width_px as usize, bits);
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width_px, height_px);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(depth);
    encoder.set_palette(palette.concat());
    // zlib level 2: a little larger than the default level 6, much faster; level 1 and
    // fdeflate (`Fast`) compress these indices much worse.
    encoder.set_deflate_compression(png::DeflateCompression::Level(2));
    // Indexed images compress best unfiltered (libpng's advice, which holds for ours).
    encoder.set_filter(png::Filter::NoFilter);
    let mut writer = encoder.write_header().map_err(err)?;
    writer.write_image_data(&packed).map_err(err)?;
    writer.finish().map_err(err)?;
    Ok(bytes)
}

/// Packs one index per byte into `bits`-bit indices, each row starting on a new byte.
fn pack_indices(indices: &[u8], width_px: usize, bits: usize) -> Vec<u8> {
    if bits == 8 {
        return indices.to_vec();
    }
    let per_byte = 8 / bits;
    let mut out = Vec::with_capacity(indices.len() / per_byte + indices.len() / width_px.max(1));
    for row in indices.chunks(width_px.max(1)) {
        for chunk in row.chunks(per_byte) {
            let mut byte = 0u8;
            for (idx, &index) in chunk.iter().enumerate() {
                byte |= index << (8 - bits * (idx + 1));
            }
            out.push(byte);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::{Line, LineStore};
    use crate::layout::{Document, Origin, Pt, Rect};

    const BLACK: Color = Color { r: 0, g: 0, b: 0 };

    /// A page of `width` × `height` pt with `items`; at 1 px per pt when painted `width` px
    /// wide.
    fn doc(width: f32, height: f32, items: Vec<Item>) -> Document {
        doc_with_lines(width, height, items, LineStore::default())
    }

    /// [`doc`] whose text runs are in `lines`.
    fn doc_with_lines(width: f32, height: f32, items: Vec<Item>, lines: LineStore) -> Document {
        Document {
            info: DocumentInfo {
                width: Pt(width),
                height: Pt(height),
                page_count: 1,
                body_size: Pt(7.0),
                title: "Test".into(),
                lang: "fr".into(),
                row_header: 0,
                split_rows: Vec::new(),
                bands: Vec::new(),
                row_count: 0,
                column_count: 0,
            },
            pages: vec![Page { items, lines, ..Page::default() }],
        }
    }

    /// The decoded thumbnail: width, height and RGB rows.
    fn decode(png: &Png) -> (u32, u32, Vec<[u8; 3]>) {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(&png.bytes));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().expect("the encoder writes a valid PNG");
        let mut buf = vec![0; reader.output_buffer_size().expect("a small image")];
        let info = reader.next_frame(&mut buf).expect("one frame");
        assert_eq!(info.color_type, png::ColorType::Rgb);
        let pixels = buf[..info.buffer_size()].chunks_exact(3).map(|p| [p[0], p[1], p[2]]);
        (info.width, info.height, pixels.collect())
    }

    fn paint_doc(doc: &Document, width_px: u32) -> (u32, u32, Vec<[u8; 3]>) {
        let png = png(&doc.info, doc.pages.first(), &Fonts::bundled(), &PngOptions { width_px })
            .expect("painted");
        assert_eq!((png.width_px, png.height_px), (width_px, decode(&png).1));
        decode(&png)
    }

    fn fill(x: f32, y: f32, width: f32, height: f32, color: Color) -> Item {
        Item::Fill {
            rect: Rect { x: Pt(x), y: Pt(y), width: Pt(width), height: Pt(height) },
            color,
        }
    }

    #[test]
    fn a_black_rectangle_covers_exactly_its_pixels() {
        let (width_px, height_px, pixels) =
            paint_doc(&doc(40.0, 20.0, vec![fill(10.0, 5.0, 20.0, 8.0, BLACK)]), 40);
        assert_eq!((width_px, height_px), (40, 20));
        for y_px in 0..20 {
            for x_px in 0..40 {
                let inside = (10..30).contains(&x_px) && (5..13).contains(&y_px);
                let expected = if inside { [0, 0, 0] } else { [255, 255, 255] };
                assert_eq!(pixels[y_px * 40 + x_px], expected, "pixel ({x_px}, {y_px})");
            }
        }
    }

    #[test]
    fn the_scale_follows_the_width_and_half_covered_pixels_are_grey() {
        // 2 px per pt; the rectangle's right edge falls in the middle of pixel 9.
        let blue = Color::hex(0x000091);
        let (width_px, height_px, pixels) =
            paint_doc(&doc(20.0, 10.0, vec![fill(2.0, 2.0, 2.75, 3.0, blue)]), 40);
        assert_eq!((width_px, height_px), (40, 20));
        assert_eq!(pixels[5 * 40 + 5], [0, 0, 0x91]);
        let edge = pixels[5 * 40 + 9];
        assert!(edge[0] > 96 && edge[0] < 160 && edge[2] > 160, "{edge:?}");
        assert_eq!(pixels[5 * 40 + 10], [255, 255, 255]);
    }

    #[test]
    fn rules_are_stroked_between_their_ends() {
        let rule = Item::Rule {
            x1: Pt(5.0),
            y1: Pt(10.0),
            x2: Pt(35.0),
            y2: Pt(10.0),
            width: Pt(2.0),
            color: BLACK,
        };
        let (_, _, pixels) = paint_doc(&doc(40.0, 20.0, vec![rule]), 40);
        assert_eq!(pixels[9 * 40 + 20], [0, 0, 0]);
        assert_eq!(pixels[10 * 40 + 20], [0, 0, 0]);
        // Butt caps: nothing beyond the ends, nothing above or below the width.
        assert_eq!(pixels[9 * 40 + 3], [255, 255, 255]);
        assert_eq!(pixels[9 * 40 + 36], [255, 255, 255]);
        assert_eq!(pixels[7 * 40 + 20], [255, 255, 255]);
        assert_eq!(pixels[12 * 40 + 20], [255, 255, 255]);
    }

    #[test]
    fn items_across_strips_are_painted_whole() {
        // 200 px high at 1 px per pt: four strips of 64 rows. The rectangle and the glyph
        // straddle the strip boundaries at rows 64 and 128.
        let mut lines = LineStore::default();
        let h = h_run(&mut lines, 20.0, 132.0, 0.0, 0.0);
        let items = vec![fill(5.0, 50.5, 10.0, 100.0, BLACK), h];
        let (_, height_px, pixels) = paint_doc(&doc_with_lines(140.0, 200.0, items, lines), 140);
        assert_eq!(height_px, 200);
        let at = |x: usize, y: usize| pixels[y * 140 + x];
        for y in 51..150 {
            assert_eq!(at(10, y), [0, 0, 0], "row {y} inside the rectangle");
        }
        // The antialiased edges (half a pixel covered) are grey.
        assert!((100..=160).contains(&at(10, 50)[0]), "{:?}", at(10, 50));
        assert!((100..=160).contains(&at(10, 150)[0]), "{:?}", at(10, 150));
        assert_eq!(at(10, 151), [255, 255, 255]);
        // The H (caps 71 pt high) on baseline 132 covers both boundaries in one piece.
        let dark_rows: Vec<usize> =
            (0..200).filter(|&y| (20..140).any(|x| at(x, y)[0] < 128)).collect();
        let (first, last) = (dark_rows[0], *dark_rows.last().unwrap());
        assert!(first < 64 && last >= 128, "{first}..{last}");
        assert_eq!(dark_rows.len(), last - first + 1, "no missing row: {dark_rows:?}");
    }

    #[test]
    fn links_and_missing_pages_paint_nothing() {
        let link = Item::Link {
            origin: Origin::Title,
            rect: Rect { x: Pt(1.0), y: Pt(1.0), width: Pt(10.0), height: Pt(5.0) },
            url: "https://example.org".into(),
            description: "Exemple".into(),
        };
        let (_, _, pixels) = paint_doc(&doc(40.0, 20.0, vec![link]), 40);
        assert!(pixels.iter().all(|&p| p == [255, 255, 255]));
        let mut empty = doc(40.0, 20.0, Vec::new());
        empty.pages.clear();
        let (_, _, pixels) = paint_doc(&empty, 40);
        assert!(pixels.iter().all(|&p| p == [255, 255, 255]));
    }

    /// One glyph of Noto Sans Regular, `H`, 100 pt high at (`x`, `baseline`) with offsets in em,
    /// its text and glyph added to `lines`.
    fn h_run(lines: &mut LineStore, x: f32, baseline: f32, x_offset: f32, y_offset: f32) -> Item {
        let fonts = Fonts::bundled();
        let font = FontRef::new(&fonts.regular.bytes).expect("the bundled font reads");
        let id = font.charmap().map('H').expect("Noto Sans has H").to_u32() as u16;
        let glyphs = vec![Glyph { id, x_advance: 0.742, x_offset, y_offset, cluster: 0 }];
        let line = lines.push(&Line { text: "H".into(), glyphs, width: 0.742 });
        Item::Text(TextRun {
            origin: Origin::Title,
            x: Pt(x),
            baseline: Pt(baseline),
            font: FontId::Regular,
            size: Pt(100.0),
            color: BLACK,
            text: line.text,
            glyphs: line.glyphs,
            width: Pt(74.2),
            ascent: Pt(107.0),
            descent: Pt(29.3),
        })
    }

    /// Rows and columns of dark pixels (below 128), as `(first, last)` ranges.
    fn dark_extent(width_px: u32, pixels: &[[u8; 3]]) -> ((usize, usize), (usize, usize)) {
        let dark: Vec<(usize, usize)> = pixels
            .iter()
            .enumerate()
            .filter(|(_, p)| p[0] < 128)
            .map(|(idx, _)| (idx % width_px as usize, idx / width_px as usize))
            .collect();
        let xs = (
            dark.iter().map(|d| d.0).min().unwrap_or(0),
            dark.iter().map(|d| d.0).max().unwrap_or(0),
        );
        let ys = (
            dark.iter().map(|d| d.1).min().unwrap_or(0),
            dark.iter().map(|d| d.1).max().unwrap_or(0),
        );
        (xs, ys)
    }

    #[test]
    fn glyphs_stand_on_the_baseline_upright() {
        // Noto Sans' H: cap height 714 units of 1000, stems from 97 to 190 and 552 to 645.
        let mut lines = LineStore::default();
        let h = h_run(&mut lines, 20.0, 120.0, 0.0, 0.0);
        let (width_px, _, pixels) = paint_doc(&doc_with_lines(200.0, 150.0, vec![h], lines), 200);
        let ((left, right), (top, bottom)) = dark_extent(width_px, &pixels);
        assert!((29..=30).contains(&left) && (83..=84).contains(&right), "columns {left}..{right}");
        assert!((48..=49).contains(&top) && (119..=120).contains(&bottom), "rows {top}..{bottom}");
        let at = |x: usize, y: usize| pixels[y * 200 + x];
        // Both stems are dark, the crossbar is at mid-height and the gap above it is white
        // (a glyph painted upside down or mirrored would not pass both).
        assert_eq!(at(34, 60), [0, 0, 0]);
        assert_eq!(at(79, 60), [0, 0, 0]);
        assert_eq!(at(56, 60), [255, 255, 255]);
        assert_eq!(at(56, 110), [255, 255, 255]);
    }

    #[test]
    fn glyph_offsets_move_right_and_up() {
        let mut lines = LineStore::default();
        let h = h_run(&mut lines, 20.0, 120.0, 0.1, 0.2);
        let (width_px, _, pixels) = paint_doc(&doc_with_lines(200.0, 150.0, vec![h], lines), 200);
        let ((left, _), (top, bottom)) = dark_extent(width_px, &pixels);
        // 0.1 em = 10 pt to the right, 0.2 em = 20 pt up.
        assert!((39..=40).contains(&left), "column {left}");
        assert!((28..=29).contains(&top) && (99..=100).contains(&bottom), "rows {top}..{bottom}");
    }

    #[test]
    fn sizes_out_of_range_are_refused() {
        let page = doc(841.89, 595.28, Vec::new());
        for width_px in [0, MAX_SIDE_PX + 1] {
            let err =
                png(&page.info, None, &Fonts::bundled(), &PngOptions { width_px }).unwrap_err();
            assert!(matches!(err, PngError::Size { .. }), "{err}");
        }
        let tall = doc(10.0, 10_000.0, Vec::new());
        assert!(matches!(
            png(&tall.info, None, &Fonts::bundled(), &PngOptions::default()),
            Err(PngError::Size { .. })
        ));
    }

    #[test]
    fn the_height_follows_the_aspect_ratio() {
        let a4 = doc(841.89, 595.28, Vec::new());
        for (width_px, height_px) in [(800, 566), (400, 283), (1, 1), (2, 1)] {
            assert_eq!(super::height_px(&a4.info, width_px), height_px, "{width_px}");
        }
    }

    #[test]
    fn small_palettes_are_packed() {
        assert_eq!(
            pack_indices(&[1, 0, 1, 1, 0, 0, 0, 0, 1, 1], 5, 1),
            vec![0b1011_0000, 0b0001_1000]
        );
        assert_eq!(pack_indices(&[3, 1, 2], 3, 2), vec![0b1101_1000]);
        assert_eq!(pack_indices(&[15, 1, 2, 3, 4], 5, 4), vec![0xf1, 0x23, 0x40]);
        assert_eq!(pack_indices(&[7, 9], 2, 8), vec![7, 9]);
    }

    #[test]
    fn the_same_page_gives_the_same_bytes() {
        let mut lines = LineStore::default();
        let h = h_run(&mut lines, 20.0, 120.0, 0.0, 0.0);
        let page = doc_with_lines(
            200.0,
            150.0,
            vec![fill(0.0, 0.0, 50.5, 70.3, Color::hex(0xe3e3fd)), h],
            lines,
        );
        let fonts = Fonts::bundled();
        let first = png(&page.info, page.pages.first(), &fonts, &PngOptions { width_px: 123 })
            .expect("painted");
        assert_eq!(
            first,
            png(&page.info, page.pages.first(), &fonts, &PngOptions { width_px: 123 })
                .expect("painted")
        );
    }
}
