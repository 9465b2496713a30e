//! `comparatif man`: the clap structs → the French man page (roff) on stdout: the general page
//! by clap_mangen, then one section per command with its arguments and options, headings in
//! French.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::CommandFactory as _;
use clap_mangen::Man;

use super::args::Cli;

/// Writes the man page; `comparatif man | man -l -` shows it, `comparatif man >
/// comparatif.1` installs it.
pub fn man() -> anyhow::Result<ExitCode> {
    io::stdout().lock().write_all(page()?.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The whole page: clap_mangen's, with French section names, then each command's options.
fn page() -> io::Result<String> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut roff = Vec::new();
    // The date slot of `.TH` says the version instead: a date would come from the clock and
    // change the page at each build; left empty, clap_mangen drops it and the slots shift.
    Man::new(cmd.clone())
        .date(concat!("version ", env!("CARGO_PKG_VERSION")))
        .source("comparatif")
        .manual("Manuel de comparatif")
        .render(&mut roff)?;
    for sub in cmd.get_subcommands() {
        roff.extend_from_slice(
            format!(".SH COMMANDE {}\n", sub.get_name().to_uppercase()).as_bytes(),
        );
        let man = Man::new(sub.clone());
        man.render_synopsis_section(&mut roff)?;
        man.render_description_section(&mut roff)?;
        man.render_options_section(&mut roff)?;
    }
    let roff = String::from_utf8_lossy(&roff);
    let mut page = String::with_capacity(roff.len());
    let mut in_command = false;
    for line in roff.lines() {
        let line = if let Some(heading) = line.strip_prefix(".SH ") {
            if heading.starts_with("COMMANDE ") {
                in_command = true;
                line.to_owned()
            } else {
                // Inside a command's section, its own sections become subsections.
                let level = if in_command { "SS" } else { "SH" };
                format!(".{level} {}", french_heading(heading))
            }
        } else if in_command && (line.starts_with(".ie ") || line.starts_with(".el ")) {
            // Each rendered part defines the apostrophe string again; once at the top is enough.
            continue;
        } else if let Some(name) = subcommand_page(line) {
            // The commands are sections of this page, not pages of their own.
            format!("\\fBcomparatif {name}\\fR")
        } else {
            line.to_owned()
        };
        page.push_str(&line);
        page.push('\n');
    }
    Ok(page)
}

/// `check` for clap_mangen's reference to a command's own page, `comparatif\-check(1)`.
fn subcommand_page(line: &str) -> Option<&str> {
    line.strip_prefix("comparatif\\-")?.strip_suffix("(1)")
}

/// The French name of a section clap_mangen writes in English (or from our help headings,
/// which end with a space and may be quoted, see `args.rs`).
fn french_heading(heading: &str) -> String {
    let heading = heading.trim().trim_matches('"').trim().to_uppercase();
    match heading.as_str() {
        "NAME" => "NOM".to_owned(),
        "SUBCOMMANDS" => "COMMANDES".to_owned(),
        "EXTRA" => "REMARQUES".to_owned(),
        "AUTHORS" => "AUTEURS".to_owned(),
        // SYNOPSIS, DESCRIPTION, OPTIONS, VERSION: the same words in French man pages.
        _ => heading,
    }
}
