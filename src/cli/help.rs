//! `comparatif help [COMMANDE]`: a command's name → its French help on stdout, exactly what
//! `comparatif COMMANDE --help` prints (an unknown name gets the same French error and
//! suggestion as `comparatif COMMANDE`).

use std::process::ExitCode;

use clap::Parser as _;

use super::args::{Cli, usage_error};

/// `comparatif help`: the general help; `comparatif help build`: the help of `build`.
pub fn help(command: Option<&str>) -> ExitCode {
    let args = ["comparatif"].into_iter().chain(command).chain(["--help"]);
    match Cli::try_parse_from(args) {
        Err(err) => usage_error(&err),
        // `--help` always stops the parse with DisplayHelp; nothing else can come back.
        Ok(_) => ExitCode::from(2),
    }
}
