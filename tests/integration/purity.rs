//! The library is pure: files, environment, process, threads and clock only on the binary's
//! side (`src/main.rs`, `src/cli/`). That is what lets the same core run in the browser.

use crate::root;

/// What the library may not call (outside its unit tests).
const FORBIDDEN: [&str; 7] =
    ["std::fs", "std::env", "std::process", "std::thread", "Instant", "SystemTime", "env::var"];

#[test]
fn the_library_touches_no_file_clock_or_environment() {
    let mut found = Vec::new();
    let mut files = 0;
    let mut dirs = vec![root().join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src reads") {
            let path = entry.expect("entry").path();
            let relative = path.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
            if relative == "src/cli" || relative == "src/main.rs" {
                continue;
            }
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || relative.ends_with("/tests.rs") {
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(&path).expect("source reads");
            // Unit tests come last in a file; they may read fixtures.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (idx, line) in code.lines().enumerate() {
                for word in FORBIDDEN.iter().filter(|w| line.contains(*w)) {
                    found.push(format!("{relative}:{}: {word}", idx + 1));
                }
            }
        }
    }
    assert!(files > 20, "only {files} source files seen");
    assert!(found.is_empty(), "the library touches the world:\n{}", found.join("\n"));
}
