//! The PNG thumbnail: it depicts page 1 of the PDF (compared with poppler's `pdftoppm`
//! rendering of the same document), its size in pixels and bytes, byte-reproducibility, and
//! the goldens `tests/cases/render/<case>/expected.png` (300 px wide). Without `pdftoppm` the
//! comparison says it is skipped, except when `CI` is set (CI installs poppler-utils).

use std::path::Path;
use std::process::Command;

use comparatif::export::pdf::{PdfOptions, pdf};
use comparatif::export::png::{Png, PngOptions, png};
use comparatif::layout::fonts::Fonts;
use comparatif::layout::{self, Document, LayoutOptions};
use comparatif::model::{Cell, Value};
use image::GrayImage;
use image::imageops::{self, FilterType};

use crate::html::table as load_table;
use crate::root;

/// Width of the golden thumbnails, in pixels.
const GOLDEN_WIDTH_PX: u32 = 300;

/// The laid-out `table.csv` of the repository or of a render case.
fn document(csv: &Path) -> Document {
    layout::layout(&load_table(csv), &Fonts::bundled(), &LayoutOptions::default())
}

fn canonical() -> Document {
    document(&root().join("table.csv"))
}

fn thumbnail(doc: &Document, width_px: u32) -> Png {
    thumbnail_with(doc, &Fonts::bundled(), width_px)
}

fn thumbnail_with(doc: &Document, fonts: &Fonts, width_px: u32) -> Png {
    png(&doc.info, doc.pages.first(), fonts, &PngOptions { width_px })
        .expect("the thumbnail is painted")
}

fn grey(bytes: &[u8]) -> GrayImage {
    image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
        .expect("a readable PNG")
        .to_luma8()
}

/// Page `page` (from 1) of `doc`'s PDF as poppler draws it, `width_px` × `height_px` (`None`:
/// pdftoppm is missing outside CI).
fn poppler(doc: &Document, page: u32, width_px: u32, height_px: u32) -> Option<GrayImage> {
    poppler_with(doc, &Fonts::bundled(), page, width_px, height_px)
}

/// [`poppler`] for a document laid out with `fonts`.
fn poppler_with(
    doc: &Document,
    fonts: &Fonts,
    page: u32,
    width_px: u32,
    height_px: u32,
) -> Option<GrayImage> {
    let bytes =
        pdf(&doc.info, &doc.pages, fonts, &PdfOptions::default()).expect("the PDF is written");
    // One folder per call: tests run in parallel.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir =
        std::env::temp_dir().join(format!("comparatif-png-{}-{page}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    std::fs::write(dir.join("tableau.pdf"), bytes).expect("temporary PDF");
    // An exact size rather than `-r`: at 72 × 1600 / 841.89 dpi, pdftoppm makes 1601 px, and
    // the stretch of one pixel across the page is enough to lose 4 points of correlation.
    let (page, width_px, height_px) =
        (page.to_string(), width_px.to_string(), height_px.to_string());
    let out = Command::new("pdftoppm")
        .args(["-png", "-f", &page, "-l", &page, "-singlefile"])
        .args(["-scale-to-x", &width_px, "-scale-to-y", &height_px, "tableau.pdf", "page"])
        .current_dir(&dir)
        .output();
    let out = match out {
        Ok(out) => out,
        Err(_) => {
            crate::skip("pdftoppm", "apt-get install poppler-utils");
            return None;
        }
    };
    assert!(out.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&out.stderr));
    let image = grey(&std::fs::read(dir.join("page.png")).expect("pdftoppm wrote page.png"));
    let _ = std::fs::remove_dir_all(&dir);
    Some(image)
}

/// Pearson correlation of the grey levels of `a` and `b`, both resized to `a`'s size.
fn correlation(a: &GrayImage, b: &GrayImage) -> f64 {
    let b = imageops::resize(b, a.width(), a.height(), FilterType::Triangle);
    let n = f64::from(a.width() * a.height());
    let (mut sum_a, mut sum_b, mut sum_aa, mut sum_bb, mut sum_ab) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (p, q) in a.pixels().zip(b.pixels()) {
        let (x, y) = (f64::from(p[0]), f64::from(q[0]));
        sum_a += x;
        sum_b += y;
        sum_aa += x * x;
        sum_bb += y * y;
        sum_ab += x * y;
    }
    (n * sum_ab - sum_a * sum_b)
        / ((n * sum_aa - sum_a * sum_a) * (n * sum_bb - sum_b * sum_b)).sqrt()
}

/// The thumbnail and poppler's rendering of page 1 of the PDF (at twice the thumbnail's size,
/// then resized to it, so that both are antialiased alike) agree pixel by pixel; poppler's
/// page 2 does not (the canonical table's PDF has one page: its rows three times over have
/// two).
#[test]
fn the_thumbnail_depicts_the_pdf() {
    let doc = canonical();
    let thumb = thumbnail(&doc, 800);
    let (width_px, height_px) = (thumb.width_px * 2, thumb.height_px * 2);
    let thumb = grey(&thumb.bytes);
    let Some(page) = poppler(&doc, 1, width_px, height_px) else { return };
    let r = correlation(&thumb, &page);
    println!("grey-level correlation with pdftoppm's page 1 at 800 px: {r:.4}");
    assert!(r >= 0.9, "correlation {r:.4} < 0.9");

    let mut table = load_table(&root().join("table.csv"));
    let rows = table.rows.clone();
    for copy in 2..=3 {
        for row in &rows {
            let mut row = row.clone();
            if let Cell::Value(Value::Text(name)) = &mut row.cells[table.row_header] {
                name.push_str(&format!(" ({copy})"));
            }
            table.rows.push(row);
        }
    }
    let longer = layout::layout(&table, &Fonts::bundled(), &LayoutOptions::default());
    assert!(longer.pages.len() >= 2, "21 rows take two pages");
    let thumb = grey(&thumbnail(&longer, 800).bytes);
    let Some(page) = poppler(&longer, 1, width_px, height_px) else { return };
    assert!(correlation(&thumb, &page) >= 0.9, "page 1 of the longer table");
    let Some(other) = poppler(&longer, 2, width_px, height_px) else { return };
    let unrelated = correlation(&thumb, &other);
    println!("…and with page 2 of a longer table: {unrelated:.4}");
    assert!(unrelated < 0.9, "the comparison cannot tell pages apart ({unrelated:.4})");
}

/// The same with the other font families (`--fonts`): TrueType and CFF outlines alike are
/// painted where the PDF puts them.
#[test]
fn the_thumbnail_depicts_the_pdf_in_other_font_families() {
    for (family, dir) in crate::other_font_families() {
        let fonts = crate::family_fonts(&dir);
        let table = load_table(&root().join("table.csv"));
        let doc = layout::layout(&table, &fonts, &LayoutOptions::default());
        let thumb = thumbnail_with(&doc, &fonts, 800);
        let (width_px, height_px) = (thumb.width_px * 2, thumb.height_px * 2);
        assert!(thumb.bytes != thumbnail(&canonical(), 800).bytes, "{family}: not Noto Sans");
        let thumb = grey(&thumb.bytes);
        let Some(page) = poppler_with(&doc, &fonts, 1, width_px, height_px) else { return };
        let r = correlation(&thumb, &page);
        println!("{family}: grey-level correlation with pdftoppm's page 1 at 800 px: {r:.4}");
        assert!(r >= 0.9, "{family}: correlation {r:.4} < 0.9");
    }
}

#[test]
fn two_renders_give_the_same_bytes() {
    let doc = canonical();
    assert_eq!(thumbnail(&doc, 800).bytes, thumbnail(&doc, 800).bytes);
}

/// 800 px by default, the height from the page's aspect ratio, another width on request;
/// the file says the same as [`Png`].
#[test]
fn width_by_default_and_on_request() {
    assert_eq!(PngOptions::default().width_px, 800);
    let doc = canonical();
    for width_px in [800, 400, 123] {
        let thumb = thumbnail(&doc, width_px);
        let height_px =
            (f64::from(width_px) * f64::from(doc.info.height.0 / doc.info.width.0)).round();
        assert_eq!((thumb.width_px, thumb.height_px), (width_px, height_px as u32));
        let decoded = grey(&thumb.bytes);
        assert_eq!((decoded.width(), decoded.height()), (width_px, thumb.height_px));
    }
    assert_eq!(thumbnail(&doc, 800).height_px, 566);
}

#[test]
fn canonical_thumbnail_is_at_most_60_ko() {
    let bytes = thumbnail(&canonical(), 800).bytes;
    assert!(bytes.len() <= 60 * 1024, "{} bytes", bytes.len());
}

/// Every render case is painted and matches its golden thumbnail byte for byte. A mismatch
/// leaves the actual thumbnail and a map of the differing pixels (red) in `tests/diffs/`.
#[test]
fn render_cases_match_their_golden_thumbnails() {
    for entry in std::fs::read_dir(root().join("tests/cases/render")).expect("render cases") {
        let dir = entry.expect("render case folder").path();
        if !dir.join("table.csv").exists() {
            continue;
        }
        let case = dir.file_name().and_then(|n| n.to_str()).expect("UTF-8 name").to_owned();
        let actual = thumbnail(&document(&dir.join("table.csv")), GOLDEN_WIDTH_PX).bytes;
        let path = dir.join("expected.png");
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &actual).expect("golden thumbnail written");
            continue;
        }
        let expected = std::fs::read(&path).unwrap_or_else(|_| {
            panic!("{} is missing: run UPDATE_GOLDEN=1 cargo test", path.display())
        });
        if expected != actual {
            let diffs = root().join("tests/diffs");
            let _ = std::fs::create_dir_all(&diffs);
            let _ = std::fs::write(diffs.join(format!("{case}.png")), &actual);
            let (a, b) = (grey(&expected), grey(&actual));
            if a.dimensions() == b.dimensions() {
                let map = image::RgbImage::from_fn(a.width(), a.height(), |x, y| {
                    let (p, q) = (a.get_pixel(x, y)[0], b.get_pixel(x, y)[0]);
                    if p == q { image::Rgb([p, p, p]) } else { image::Rgb([255, 0, 0]) }
                });
                let _ = map.save(diffs.join(format!("{case}.diff.png")));
            }
            panic!(
                "{} differs from the thumbnail (see tests/diffs/{case}.png and {case}.diff.png)",
                path.display()
            );
        }
    }
}
