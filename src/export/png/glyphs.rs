//! Glyph sprites: a font's outline of a glyph → its coverage at one size and sub-pixel position
//! (a [`Sprite`], made once and reused wherever the glyph recurs) → blended into a strip.

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlineGlyphCollection, OutlinePen};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, GlyphId, MetadataProvider};
use tiny_skia::{FillRule, PathBuilder, Pixmap, Transform};

use super::PngError;
use crate::layout::fonts::{FontData, FontId};

/// Font, glyph id, scale (the bits of the pixels per font unit) and the position's fraction
/// of a pixel in x and y, in 1/[`PHASES`].
pub(super) type SpriteKey = (FontId, u16, u32, u8, u8);

/// Sub-pixel positions of a glyph, per axis, in the supersampled page: a glyph lands within
/// 1/16 of a thumbnail pixel of its place, its sprite reused wherever the same fraction recurs.
pub(super) const PHASES: f32 = 4.0;

/// A glyph's coverage (0 to 255), rows of `width_px` from top to bottom, with its top-left
/// corner relative to the pixel the glyph's origin falls in.
pub(super) struct Sprite {
    pub(super) left_px: i32,
    pub(super) top_px: i32,
    pub(super) width_px: usize,
    coverage: Vec<u8>,
}

/// One font's outlines.
pub(super) struct Face<'a> {
    pub(super) outlines: OutlineGlyphCollection<'a>,
    pub(super) units_per_em: f32,
    /// Highest and lowest point of all the font's glyphs, in em, y up (the `head` table's
    /// bounding box): no glyph paints outside them.
    pub(super) y_max_em: f32,
    pub(super) y_min_em: f32,
}

impl<'a> Face<'a> {
    pub(super) fn new(font: &'a FontData) -> Result<Face<'a>, PngError> {
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

/// A position in pixels → the pixel it falls in and its fraction of a pixel in 1/[`PHASES`]
/// (rounded; a fraction that rounds up to a whole pixel moves to the next one).
pub(super) fn split_px(v: f32) -> (i32, u8) {
    let steps = (v * PHASES).round();
    let whole = (steps / PHASES).floor();
    // Within 0..PHASES by construction; `as` saturates positions far off the page, which are
    // then clipped away.
    (whole as i32, (steps - whole * PHASES) as u8)
}

/// The coverage of `outline` (font units, y up) scaled by `px_per_unit`, its origin at
/// (`dx`, `dy`) within a pixel; `None` when it covers no pixel.
pub(super) fn rasterise(
    outline: &tiny_skia::Path,
    px_per_unit: f32,
    dx: f32,
    dy: f32,
) -> Option<Sprite> {
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
pub(super) fn blend(
    pixmap: &mut Pixmap,
    sprite: &Sprite,
    left_px: i32,
    top_px: i32,
    color: [u8; 3],
) {
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
pub(super) fn outline(outlines: &OutlineGlyphCollection<'_>, id: u16) -> Option<tiny_skia::Path> {
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
