//! Times one stage of the pipeline on one table, for `bench/run.sh` (no timed assertion).
//!
//!     cargo run --release --example bench_stage -- STAGE TABLE.csv
//!
//! STAGE is `check` (streaming validation, rows not kept), `layout`, `pdf` (layout + PDF), `png`
//! (layout + thumbnail), `thumbnail` (the thumbnail alone, page 1 laid out before timing, as
//! `build` has it from the PDF), `html` (the column widths for the screen and the three HTML outputs) or `build` (everything
//! `build` renders, in memory). The table is accepted first (`pipeline::accept`: validated,
//! within limits, every character drawable) except for `check`; only the stage itself is
//! timed. Prints `STAGE ROWS MILLISECONDS BYTES` on stdout; run it under `/usr/bin/time -f %M`
//! for the peak memory of the whole process.

use std::error::Error;
use std::time::Instant;

use comparatif::export::html::{self, LinkInfo};
use comparatif::export::png::{self, PngOptions};
use comparatif::layout::fonts::Fonts;
use comparatif::pipeline::{self, BuildOptions, Input};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let stage = args.next().ok_or("usage: bench_stage STAGE TABLE.csv")?;
    let path = args.next().ok_or("usage: bench_stage STAGE TABLE.csv")?;
    let descriptor = comparatif::schema::parse(&std::fs::read_to_string("datapackage.json")?)?;
    let fonts = Fonts::bundled();
    if stage == "check" {
        let file = std::io::BufReader::new(std::fs::File::open(&path)?);
        let started = Instant::now();
        let checked = pipeline::check(&descriptor, file, "", &mut Vec::new())?;
        println!("check {} {:.1} 0", checked.rows, started.elapsed().as_secs_f64() * 1000.0);
        return Ok(());
    }
    let bytes = std::fs::read(&path)?;
    let input = Input { descriptor: &descriptor, table: &bytes, name: "", fonts: &fonts };
    let table = pipeline::accept(&input).map_err(|_| "the table must be valid")?.table;
    let options = BuildOptions::default();
    // `thumbnail`: page 1 laid out before the clock starts, as `build` has it from the PDF.
    let page_one =
        (stage == "thumbnail").then(|| pipeline::stages::first_page(&table, &fonts, &options));
    let started = Instant::now();
    let bytes = match stage.as_str() {
        // Laid out page by page, as `build` does: pages are dropped once counted.
        "layout" => pipeline::stages::lay_out(&table, &fonts, &options),
        // As `build` does: each page painted as soon as it is laid out.
        "pdf" => pipeline::stages::pdf(&table, &fonts, &options)?.len(),
        // The whole table is measured and paginated (« Page 1 / N »), only page 1 laid out.
        "png" => pipeline::stages::thumbnail(&table, &fonts, &options)?.bytes.len(),
        "thumbnail" => {
            let first = page_one.as_ref().ok_or("page 1 is laid out for thumbnail")?;
            png::png(&first.info, first.page.as_ref(), &fonts, &PngOptions::default())?.bytes.len()
        }
        "html" => {
            let link = LinkInfo {
                pdf_href: "tableau.pdf".into(),
                pdf_bytes: 1,
                png_href: "tableau.png".into(),
                png_width_px: 800,
                png_height_px: 566,
                script_href: "tableau.js".into(),
            };
            // The columns balanced for the screen, as `build` does from its layout.
            let screen = comparatif::layout::screen_columns(&table, &fonts, &options.screen);
            let fragment = html::fragment(&table, &screen);
            fragment.len()
                + html::preview(&table, &fragment, &link).len()
                + html::link(&table, &link).len()
        }
        "build" => {
            pipeline::render(&table, &fonts, &options)?.outputs.iter().map(|o| o.bytes.len()).sum()
        }
        other => return Err(format!("unknown stage {other}").into()),
    };
    println!(
        "{stage} {} {:.1} {bytes}",
        table.rows.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}
