//! Times `export::html::fragment` (no timed assertion: figures for the README).
//!
//!     cargo run --release --example bench_html -- [TABLE.csv ...]
//!
//! In: tables valid for `datapackage.json` (default: the repository's `table.csv`; for 10 000
//! rows, `python3 bench/generate.py 10000 /tmp/t10k.csv`). Out: per table, rows, the
//! fragment's size, and the fastest and median time of one call over several runs.

use std::error::Error;
use std::path::Path;
use std::time::{Duration, Instant};

use comparatif::export::html;
use comparatif::validate::{ValidateOptions, validate};

fn main() -> Result<(), Box<dyn Error>> {
    let descriptor = comparatif::schema::load(Path::new("datapackage.json"))?;
    let mut paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        paths.push("table.csv".into());
    }
    for path in paths {
        let file = std::fs::File::open(&path)?;
        let outcome =
            validate(file, &descriptor, ValidateOptions { keep_rows: true }, &mut Vec::new())?;
        let table = outcome.table.ok_or_else(|| format!("{path} n'est pas valide"))?;
        let first = html::fragment(&table);
        // About two seconds of work per table, between 5 and 1000 runs.
        let once = time(|| html::fragment(&table).len());
        let runs = (Duration::from_secs(2).as_nanos() / once.as_nanos().max(1)).clamp(5, 1000);
        let mut times: Vec<Duration> =
            (0..runs).map(|_| time(|| html::fragment(&table).len())).collect();
        times.sort();
        println!(
            "{path}: {} rows, {} bytes of HTML, {runs} runs: fastest {:.3} ms, median {:.3} ms",
            table.rows.len(),
            first.len(),
            times[0].as_secs_f64() * 1e3,
            times[times.len() / 2].as_secs_f64() * 1e3,
        );
    }
    Ok(())
}

fn time(work: impl Fn() -> usize) -> Duration {
    let start = Instant::now();
    std::hint::black_box(work());
    start.elapsed()
}
