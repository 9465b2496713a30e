//! Times one stage of the pipeline on one table, for `bench/run.sh` (no timed assertion).
//!
//!     cargo run --release --example bench_stage -- STAGE TABLE.csv
//!
//! STAGE is `check` (streaming validation, rows not kept), `layout`, `pdf` (layout + PDF), `png`
//! (layout + thumbnail), `thumbnail` (the thumbnail alone, page 1 laid out before timing, as
//! `build` has it from the PDF), `html` (the three HTML outputs) or `build` (everything
//! `build` renders, in memory). The table is validated first (rows kept) except for `check`; only the
//! stage itself is timed. Prints `STAGE ROWS MILLISECONDS BYTES` on stdout; run it under
//! `/usr/bin/time -f %M` for the peak memory of the whole process.

use std::error::Error;
use std::path::Path;
use std::time::Instant;

use comparatif::export::html::{self, LinkInfo};
use comparatif::export::pdf::{self, PdfOptions};
use comparatif::export::png::{self, PngOptions};
use comparatif::layout::fonts::Fonts;
use comparatif::layout::{Layout, LayoutOptions};
use comparatif::output::{self, BuildOptions};
use comparatif::validate::{ValidateOptions, validate};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let stage = args.next().ok_or("usage: bench_stage STAGE TABLE.csv")?;
    let path = args.next().ok_or("usage: bench_stage STAGE TABLE.csv")?;
    let descriptor = comparatif::schema::load(Path::new("datapackage.json"))?;
    let fonts = Fonts::bundled();
    if stage == "check" {
        let started = Instant::now();
        let outcome = validate(
            std::fs::File::open(&path)?,
            &descriptor,
            ValidateOptions::default(),
            &mut Vec::new(),
        )?;
        println!("check {} {:.1} 0", outcome.rows, started.elapsed().as_secs_f64() * 1000.0);
        return Ok(());
    }
    let outcome = validate(
        std::fs::File::open(&path)?,
        &descriptor,
        ValidateOptions { keep_rows: true },
        &mut Vec::new(),
    )?;
    let table = outcome.table.ok_or("the table must be valid")?;
    let options = LayoutOptions::default();
    // `thumbnail`: page 1 laid out before the clock starts, as `build` has it from the PDF.
    let page_one = (stage == "thumbnail").then(|| {
        let mut layout = Layout::new(&table, &fonts, &options);
        (layout.info().clone(), layout.next())
    });
    let started = Instant::now();
    let bytes = match stage.as_str() {
        // Laid out page by page, as `build` does: pages are dropped once counted.
        "layout" => Layout::new(&table, &fonts, &options).count(),
        // As `build` does: each page painted as soon as it is laid out.
        "pdf" => {
            let layout = Layout::new(&table, &fonts, &options);
            let info = layout.info().clone();
            pdf::pdf(&info, layout, &fonts, &PdfOptions::default())?.len()
        }
        // The whole table is measured and paginated (« Page 1 / N »), only page 1 laid out.
        "png" => {
            let mut layout = Layout::new(&table, &fonts, &options);
            let first = layout.next();
            png::png(layout.info(), first.as_ref(), &fonts, &PngOptions::default())?.bytes.len()
        }
        "thumbnail" => {
            let (info, first) = page_one.as_ref().ok_or("page 1 is laid out for thumbnail")?;
            png::png(info, first.as_ref(), &fonts, &PngOptions::default())?.bytes.len()
        }
        "html" => {
            let link = LinkInfo {
                pdf_href: "tableau.pdf".into(),
                pdf_bytes: 1,
                png_href: "tableau.png".into(),
                png_width_px: 800,
                png_height_px: 566,
            };
            let fragment = html::fragment(&table);
            fragment.len()
                + html::preview(&table, &fragment, &link).len()
                + html::link(&table, &link).len()
        }
        "build" => output::render(&table, &fonts, &BuildOptions::default())?
            .outputs
            .iter()
            .map(|o| o.bytes.len())
            .sum(),
        other => return Err(format!("unknown stage {other}").into()),
    };
    println!(
        "{stage} {} {:.1} {bytes}",
        table.rows.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}
