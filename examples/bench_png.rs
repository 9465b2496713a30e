//! Times `export::png::png` (no timed assertion: figures for the README).
//!
//!     cargo run --release --example bench_png -- [--width PX] [--out FILE.png] [TABLE.csv ...]
//!
//! In: tables valid for `datapackage.json` (default: the repository's `table.csv`), laid out
//! with the default options and the bundled fonts; `--width` is the thumbnail's width in
//! pixels (default 800). Out: per table, the thumbnail's size in pixels and bytes, and the
//! fastest and median time of one call (painting and encoding; the layout is done once,
//! before timing) over several runs. `--out` also writes the last table's thumbnail.

use std::error::Error;
use std::path::Path;
use std::time::{Duration, Instant};

use comparatif::export::png::{self, PngOptions};
use comparatif::layout::fonts::Fonts;
use comparatif::layout::{self, LayoutOptions};
use comparatif::validate::{ValidateOptions, validate};

fn main() -> Result<(), Box<dyn Error>> {
    let descriptor = comparatif::schema::load(Path::new("datapackage.json"))?;
    let mut options = PngOptions::default();
    let mut out = None;
    let mut paths: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--width" => options.width_px = args.next().ok_or("--width PX")?.parse()?,
            "--out" => out = Some(args.next().ok_or("--out FILE.png")?),
            _ => paths.push(arg),
        }
    }
    if paths.is_empty() {
        paths.push("table.csv".into());
    }
    let fonts = Fonts::bundled();
    for path in paths {
        let file = std::fs::File::open(&path)?;
        let outcome =
            validate(file, &descriptor, ValidateOptions { keep_rows: true }, &mut Vec::new())?;
        let table = outcome.table.ok_or_else(|| format!("{path} n'est pas valide"))?;
        let doc = layout::layout(&table, &fonts, &LayoutOptions::default());
        let first = png::png(&doc.info, doc.pages.first(), &fonts, &options)?;
        // About two seconds of work per table, between 5 and 1000 runs.
        let once = time(|| {
            png::png(&doc.info, doc.pages.first(), &fonts, &options).map_or(0, |p| p.bytes.len())
        });
        let runs = (Duration::from_secs(2).as_nanos() / once.as_nanos().max(1)).clamp(5, 1000);
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                time(|| {
                    png::png(&doc.info, doc.pages.first(), &fonts, &options)
                        .map_or(0, |p| p.bytes.len())
                })
            })
            .collect();
        times.sort();
        println!(
            "{path}: {} × {} px, {} bytes of PNG, {runs} runs: fastest {:.3} ms, median {:.3} ms",
            first.width_px,
            first.height_px,
            first.bytes.len(),
            times[0].as_secs_f64() * 1e3,
            times[times.len() / 2].as_secs_f64() * 1e3,
        );
        if let Some(out) = &out {
            std::fs::write(out, &first.bytes)?;
        }
    }
    Ok(())
}

fn time(work: impl Fn() -> usize) -> Duration {
    let start = Instant::now();
    std::hint::black_box(work());
    start.elapsed()
}
