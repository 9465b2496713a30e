//! The README is for the people who edit and publish the table: how to install the command,
//! how to use it; the detailed figures are in `docs/performance.md`.

use crate::root;

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn issue_17_the_readme_installs_the_command_and_leaves_benchmarks_to_docs_performance() {
    let readme = read("README.md");
    let install = readme.find("cargo install --locked --path .").expect("an install step");
    let first_use = readme.find("comparatif build").expect("the command is used");
    assert!(install < first_use, "the command is installed before it is used");
    assert!(
        readme.lines().any(|line| line.trim_start().starts_with("cargo test ")),
        "the tests run with plain `cargo test`"
    );
    assert!(readme.contains("`docs/performance.md`"), "the README links the figures");
    // A table row with a measured time (limits in Mio, such as a workbook's size, are rules).
    let figures: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with('|') && [" ms |", " s |"].iter().any(|u| l.contains(u)))
        .collect();
    assert!(figures.is_empty(), "benchmark tables left in the README:\n{}", figures.join("\n"));
    let performance = read("docs/performance.md");
    for heading in
        ["## Objectifs", "## Vérification : `comparatif check`", "## Construction complète"]
    {
        assert!(performance.contains(heading), "docs/performance.md has {heading}");
    }
}
