//! Painting the page a strip at a time: the painter and page 1 → the thumbnail's RGB pixels,
//! each strip painted at [`SUPERSAMPLE`] times the size into one small pixmap, then averaged
//! down. Cannot fail: the pixmap is made beforehand ([`pixmap`]).

use tiny_skia::Pixmap;

use super::paint::Painter;
use crate::layout::Page;

/// The page is painted this many times wider and taller than the thumbnail, then averaged down.
pub(super) const SUPERSAMPLE: u32 = 2;

/// Rows of the thumbnail painted at a time. The supersampled strip (1 600 × 128 px, 800 KB, at
/// the default width) stays in the processor's cache and is reused, where the whole
/// supersampled page (7 MB) would be fresh memory for the system to map.
const STRIP_PX: u32 = 64;

/// The pixmap every strip is painted into: a supersampled strip of [`STRIP_PX`] rows (fewer
/// for a shorter thumbnail) `width_px` wide; `None` when tiny-skia cannot make it.
pub(super) fn pixmap(width_px: u32, height_px: u32) -> Option<Pixmap> {
    let strip_rows_px = STRIP_PX.min(height_px);
    Pixmap::new(width_px * SUPERSAMPLE, strip_rows_px * SUPERSAMPLE)
}

/// Paints `page` with `painter` (a white page when there is none) strip by strip into
/// `strip` (from [`pixmap`]), and returns the thumbnail's `width_px` × `height_px` RGB pixels,
/// row by row.
pub(super) fn paint(
    strip: &mut Pixmap,
    width_px: u32,
    height_px: u32,
    mut painter: Option<(Painter<'_>, &Page)>,
) -> Vec<[u8; 3]> {
    let mut rgb = Vec::with_capacity(width_px as usize * height_px as usize);
    for top_px in (0..height_px).step_by(STRIP_PX as usize) {
        strip.fill(tiny_skia::Color::WHITE);
        if let Some((painter, page)) = &mut painter {
            painter.paint(strip, page, (top_px * SUPERSAMPLE) as f32);
        }
        downsample(strip, (height_px - top_px).min(STRIP_PX), &mut rgb);
    }
    rgb
}

/// The rows of the page a strip holds, in pixels of the supersampled page.
pub(super) struct Strip {
    pub(super) px_per_pt: f32,
    pub(super) top_px: f32,
    pub(super) bottom_px: f32,
}

impl Strip {
    /// Whether a shape from `top_pt` to `bottom_pt` is wholly above or below the strip (one
    /// spare pixel for antialiasing): it is then skipped.
    pub(super) fn outside(&self, top_pt: f32, bottom_pt: f32) -> bool {
        let s = self.px_per_pt;
        bottom_pt * s + 1.0 < self.top_px || top_pt * s - 1.0 > self.bottom_px
    }
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
