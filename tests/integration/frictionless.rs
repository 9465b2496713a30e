//! Verdict parity with frictionless-py, the Table Schema reference implementation.
//!
//! In: the built `comparatif` binary and `tests/frictionless/compare.py`, which derives a few
//! hundred broken variants of `table.csv` (fixed seed) and validates each one with both tools.
//! Out: a failure listing every disagreement that is not one of the documented divergences.
//!
//! Needs `python3` with `frictionless` 5 installed. Without it the tests are skipped with a
//! visible message, except when `CI` is set: CI installs frictionless, so a missing module
//! there is a broken setup and fails the test.

use std::process::Command;

use super::root;

const SCRIPT: &str = "tests/frictionless/compare.py";
/// Fixture directories compared file by file (`compare.py --fixtures`), when they exist.
const FIXTURE_DIRS: [&str; 2] = ["tests/cases/reject", "tests/cases/accept"];

#[test]
fn verdicts_match_frictionless_on_generated_variants() {
    if !frictionless_available() {
        return;
    }
    run_compare(&[]);
}

#[test]
fn verdicts_match_frictionless_on_fixtures() {
    let dirs: Vec<&str> = FIXTURE_DIRS.into_iter().filter(|d| root().join(d).is_dir()).collect();
    if dirs.is_empty() || !frictionless_available() {
        return;
    }
    for dir in dirs {
        run_compare(&["--fixtures", dir]);
    }
    // The table of numbers, with its own descriptor.
    let numbers = "tests/cases/numbers";
    run_compare(&["--fixtures", numbers, "--descriptor", &format!("{numbers}/datapackage.json")]);
    let reject = format!("{numbers}/reject");
    run_compare(&["--fixtures", &reject, "--descriptor", &format!("{numbers}/datapackage.json")]);
}

/// Runs the comparison script from the package root; panics with its report when it fails.
fn run_compare(args: &[&str]) {
    let output = Command::new("python3")
        .arg(SCRIPT)
        .args(args)
        .current_dir(root())
        .env("COMPARATIF_BIN", env!("CARGO_BIN_EXE_comparatif"))
        .output()
        .expect("python3 ran a moment ago in frictionless_available, so it can be started");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "`python3 {SCRIPT} {}` failed ({}): comparatif and frictionless disagree or the \
         script could not run\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        args.join(" "),
        output.status,
    );
    print!("{stdout}");
}

/// Whether `python3 -c "import frictionless"` works. When it does not: panics if `CI` is set,
/// otherwise says that the test is skipped ([`crate::skip`]) and returns `false`.
fn frictionless_available() -> bool {
    let probe = Command::new("python3").args(["-c", "import frictionless"]).output();
    let reason = match probe {
        Ok(out) if out.status.success() => return true,
        Ok(out) => format!(
            "`python3 -c \"import frictionless\"` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim().lines().last().unwrap_or("no message")
        ),
        Err(err) => format!("python3 could not be started: {err}"),
    };
    crate::skip(
        "python3 with frictionless",
        &format!("{reason}; pip install 'frictionless>=5,<6'"),
    );
    false
}
