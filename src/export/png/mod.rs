//! The PNG painter: page 1 of the layout → the thumbnail's bytes, painted with tiny-skia.
//!
//! In: the layout (the same positioned, shaped items the PDF painter paints) and the fonts,
//! whose glyph outlines skrifa reads. Out: an antialiased, palette PNG of page 1 on a white
//! page, `width_px` wide, its height following the page's aspect ratio. Pixels exist only in
//! this folder: every name that counts them ends in `_px`.
//!
//! The page is painted at twice the target size, then averaged down: text of 7 pt is under
//! 7 px high at 800 px, and the finer coverage keeps its stems even. It is painted 64 rows
//! (`STRIP_PX`) at a time into one small pixmap, with the pixels the whole page would have.
//! Fills and rules are tiny-skia's; each glyph is rasterised once per size and sub-pixel
//! position, then blended wherever it recurs. The colours are reduced to a palette
//! (`quantise`) whose exact entries are the document's own colours, and the indices are
//! deflated. No clock, no threads, no text chunks: the bytes depend only on the document, the
//! fonts and the options.
//!
//! One file each: this one checks the size, prepares the painter (reading the fonts, the
//! only step of painting that can fail) and hands the pixels to the encoder; `strips.rs` paints
//! the page strip by strip and averages it down; `paint.rs` has one handler per [`Item`];
//! `glyphs.rs` turns glyph outlines into sprites and blends them; `encode.rs` reduces the
//! colours (`quantise.rs`) and writes the PNG, the other step that can fail.

mod encode;
mod glyphs;
mod paint;
mod quantise;
mod strips;

use crate::layout::fonts::Fonts;
use crate::layout::{DocumentInfo, Item, Page};
use crate::limits::MAX_PNG_SIDE_PX;
use paint::Painter;
use strips::SUPERSAMPLE;

/// Settings of [`png()`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PngOptions {
    /// Width of the thumbnail in pixels, from 1 to [`MAX_PNG_SIDE_PX`]; default 800 (crisp at
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
    /// The image's width in pixels: [`PngOptions::width_px`].
    pub width_px: u32,
    /// The page's height at the thumbnail's scale, rounded to the nearest pixel (at least 1).
    pub height_px: u32,
}

/// The thumbnail could not be made (never because of the table's content, which validation and
/// layout checked).
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// A side of the image would be 0 or more than [`MAX_PNG_SIDE_PX`] pixels.
    #[error(
        "la vignette PNG ne peut pas mesurer {width_px} × {height_px} pixels : chaque côté doit aller de 1 à {MAX_PNG_SIDE_PX} pixels"
    )]
    Size {
        /// The width asked for, in pixels.
        width_px: u32,
        /// The height that width gives the page, in pixels.
        height_px: u32,
    },
    /// skrifa cannot read this font file (named by [`FontData::name`](crate::layout::fonts::FontData::name)).
    #[error("la police {0} ne peut pas être lue pour dessiner la vignette PNG")]
    Font(String),
    /// The PNG encoder failed; the text is its own (English) error.
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
    if !(1..=MAX_PNG_SIDE_PX).contains(&width_px) || !(1..=MAX_PNG_SIDE_PX).contains(&height_px) {
        return Err(PngError::Size { width_px, height_px });
    }
    // The page is painted a strip at a time into one small pixmap, each strip averaged down
    // as soon as it is painted.
    let mut strip =
        strips::pixmap(width_px, height_px).ok_or(PngError::Size { width_px, height_px })?;
    // One scale for both axes, so that glyphs keep their shape; the last row of pixels may
    // show a fraction of a point more or less of the bottom margin.
    let px_per_pt = (width_px * SUPERSAMPLE) as f32 / info.width.0;
    let painter = match first_page {
        Some(page) => Some((Painter::new(fonts, px_per_pt)?, page)),
        None => None,
    };
    // From here on nothing can fail but the encoder.
    let rgb = strips::paint(&mut strip, width_px, height_px, painter);
    let keep = document_colors(first_page);
    let bytes = encode::encode(width_px, height_px, &rgb, &keep)?;
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

#[cfg(test)]
mod tests {
    use skrifa::{FontRef, MetadataProvider};

    use super::*;
    use crate::layout::fonts::FontId;
    use crate::layout::text::{Glyph, Line, LineStore};
    use crate::layout::theme::Color;
    use crate::layout::{Document, Origin, Pt, Rect, TextRun};

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
        for width_px in [0, MAX_PNG_SIDE_PX + 1] {
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
