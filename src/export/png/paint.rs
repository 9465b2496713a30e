//! One handler per [`Item`]: the layout's items → pixels of a strip, in their order, as the PDF
//! painter paints them. Fills and rules are tiny-skia's; text goes through the glyph sprites
//! (`glyphs.rs`). Only [`Painter::new`] can fail (a font that cannot be read).

use rustc_hash::FxHashMap;
use tiny_skia::{Paint, PathBuilder, Pixmap, Stroke, Transform};

use super::PngError;
use super::glyphs::{Face, PHASES, Sprite, SpriteKey, blend, outline, rasterise, split_px};
use super::strips::Strip;
use crate::layout::fonts::{FontId, Fonts};
use crate::layout::text::Glyph;
use crate::layout::theme::Color;
use crate::layout::{Item, Page, Pt, Rect, TextRun};

/// The rasteriser's state: the fonts' outlines and the glyphs already rasterised.
pub(super) struct Painter<'a> {
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

impl<'a> Painter<'a> {
    pub(super) fn new(fonts: &'a Fonts, px_per_pt: f32) -> Result<Painter<'a>, PngError> {
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
    pub(super) fn paint(&mut self, pixmap: &mut Pixmap, page: &Page, top_px: f32) {
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
