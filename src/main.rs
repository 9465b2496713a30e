//! The `comparatif` binary: the command line around the library (see [`cli`]). Files, the
//! terminal, the clock and the process live here; `comparatif::pipeline` does the work.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
