//! A test that checks nothing for want of a tool says so in plain `cargo test` output.

#[test]
fn issue_17_a_skipped_test_says_so_in_plain_cargo_test_output() {
    // This very test binary, running one test that needs pdftotext, with no tool to be found
    // (empty PATH), outside CI and with the harness capturing output, as plain `cargo test`.
    let this = std::env::current_exe().expect("the test binary knows its path");
    let out = std::process::Command::new(this)
        .args(["pdf::every_cell_text_is_extractable", "--exact", "--test-threads", "1"])
        .env("PATH", "")
        .env_remove("CI")
        .env_remove("RUST_TEST_NOCAPTURE")
        .output()
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("1 passed"), "{stdout}");
    assert!(
        stderr.contains("SKIPPED pdf::every_cell_text_is_extractable: pdftotext is missing"),
        "the skip is not shown:\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
}
