//! `comparatif completions SHELL`: a shell's name → its completion script on stdout, generated
//! by clap_complete from the same clap structs as the help.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::CommandFactory as _;
use clap_complete::Shell;

use super::args::{Cli, ShellArg};

/// Writes the completion script of `shell` for the `comparatif` command.
pub fn completions(shell: ShellArg) -> anyhow::Result<ExitCode> {
    let shell = match shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
        ShellArg::Powershell => Shell::PowerShell,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "comparatif", &mut script);
    io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}
