//! The `comparatif` binary: see [`comparatif::cli`].

fn main() -> std::process::ExitCode {
    comparatif::cli::main()
}
