//! The command line: argument parsing (French help), commands, exit codes.
//!
//! Exit codes: 0 success (table valid), 1 table rejected, 2 usage or system failure.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::{self, Format, Sink};
use crate::layout::{self, fonts::Fonts};
use crate::output::{self, BuildOptions};
use crate::schema;
use crate::validate::{self, ValidateOptions};

const HELP_TEMPLATE: &str = "{about}\n\nUtilisation : {usage}\n\n{all-args}{after-help}";

/// comparatif : le tableau comparatif des solutions de webconférence, d'une seule source CSV.
#[derive(Debug, Parser)]
#[command(
    name = "comparatif",
    version,
    help_template = HELP_TEMPLATE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Commandes",
    subcommand_value_name = "COMMANDE",
    override_usage = "comparatif [COMMANDE] [OPTIONS]",
    next_help_heading = "Options",
    after_help = "Sans commande, comparatif vérifie table.csv (comme « comparatif check »).\n\
                  Codes de sortie : 0 tableau valide, 1 tableau refusé, 2 erreur d'utilisation ou du système."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Affiche l'aide
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,
    /// Affiche la version
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Vérifie le tableau avec son schéma et signale tous les problèmes, cellule par cellule
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Options", override_usage = "comparatif check [TABLEAU] [OPTIONS]")]
    Check(CheckArgs),
    /// Vérifie le tableau puis produit les fichiers publiés (PDF…) dans le dossier de sortie
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Options", override_usage = "comparatif build [TABLEAU] [OPTIONS]")]
    Build(BuildArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub check: CheckArgs,
    /// Dossier où écrire les fichiers (par défaut : out)
    #[arg(long, value_name = "DOSSIER", default_value = "out", hide_default_value = true)]
    pub out: PathBuf,
    /// Dossier d'une famille de polices (…-Regular et …-Bold, .ttf ou .otf), par exemple Marianne ; par défaut : Noto Sans, intégrée
    #[arg(long, value_name = "DOSSIER")]
    pub fonts: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Le tableau CSV à vérifier (par défaut : table.csv)
    #[arg(
        value_name = "TABLEAU",
        default_value = "table.csv",
        hide_default_value = true,
        help_heading = "Arguments"
    )]
    pub table: PathBuf,
    /// Le descripteur Data Package (par défaut : datapackage.json à côté du tableau)
    #[arg(long, value_name = "FICHIER")]
    pub descriptor: Option<PathBuf>,
    /// Format des diagnostics : human (texte en français, par défaut), json (JSON Lines), github (annotations GitHub Actions)
    #[arg(
        long,
        value_enum,
        default_value = "human",
        value_name = "FORMAT",
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub format: FormatArg,
}

impl Default for CheckArgs {
    fn default() -> Self {
        CheckArgs { table: PathBuf::from("table.csv"), descriptor: None, format: FormatArg::Human }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
    Github,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
        }
    }
}

/// Parses the arguments (French messages for usage errors) and runs the command.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err),
    };
    let result = match cli.command {
        Some(Command::Check(args)) => check(&args),
        Some(Command::Build(args)) => build(&args),
        None => check(&CheckArgs::default()),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            let _ = writeln!(io::stderr(), "erreur : {err:#}");
            ExitCode::from(2)
        }
    }
}

/// clap's errors, in French.
fn usage_error(err: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    let context = |kind| err.get(kind).map(|v| v.to_string()).unwrap_or_default();
    let message = match err.kind() {
        ErrorKind::InvalidSubcommand => {
            format!("commande inconnue « {} »", context(ContextKind::InvalidSubcommand))
        }
        ErrorKind::UnknownArgument => {
            format!("option inconnue « {} »", context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue => format!(
            "valeur « {} » invalide pour {} (valeurs possibles : {})",
            context(ContextKind::InvalidValue),
            context(ContextKind::InvalidArg),
            context(ContextKind::ValidValue)
        ),
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            format!("argument en trop ou incompatible « {} »", context(ContextKind::InvalidArg))
        }
        ErrorKind::MissingRequiredArgument => {
            format!("argument obligatoire manquant : {}", context(ContextKind::InvalidArg))
        }
        _ => "arguments invalides".to_owned(),
    };
    let _ = writeln!(io::stderr(), "erreur : {message}\n\nPour l'aide : comparatif --help");
    ExitCode::from(2)
}

/// `comparatif check`: exit 0 when valid, 1 when rejected.
pub fn check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let descriptor_path = descriptor_path(&args.table, args.descriptor.as_deref());
    let descriptor = schema::load(&descriptor_path)?;
    let file = File::open(&args.table)
        .with_context(|| format!("impossible d'ouvrir le tableau {}", args.table.display()))?;
    let shown = args.table.display().to_string();
    let format = Format::from(args.format);
    let outcome;
    let counts;
    if format == Format::Human {
        let stderr = io::stderr().lock();
        let mut wtr = diag::Writer::new(io::BufWriter::new(stderr), format, &shown);
        outcome = validate::validate(file, &descriptor, ValidateOptions::default(), &mut wtr)
            .with_context(|| format!("impossible de lire le tableau {shown}"))?;
        counts = wtr.finish(outcome.rows)?;
    } else {
        let stdout = io::stdout().lock();
        let mut wtr = diag::Writer::new(io::BufWriter::new(stdout), format, &shown);
        outcome = validate::validate(file, &descriptor, ValidateOptions::default(), &mut wtr)
            .with_context(|| format!("impossible de lire le tableau {shown}"))?;
        counts = wtr.finish(outcome.rows)?;
    }
    Ok(if counts.errors == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `comparatif build`: validate, then render every output in memory, then write each file
/// atomically. A rejected table writes nothing.
pub fn build(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let descriptor_path = descriptor_path(&args.check.table, args.check.descriptor.as_deref());
    let descriptor = schema::load(&descriptor_path)?;
    let shown = args.check.table.display().to_string();
    let file = File::open(&args.check.table)
        .with_context(|| format!("impossible d'ouvrir le tableau {shown}"))?;
    let fonts = match &args.fonts {
        Some(dir) => Fonts::from_dir(dir)?,
        None => Fonts::bundled(),
    };
    let stderr = io::stderr().lock();
    let mut wtr =
        diag::Writer::new(io::BufWriter::new(stderr), Format::from(args.check.format), &shown);
    let outcome =
        validate::validate(file, &descriptor, ValidateOptions { keep_rows: true }, &mut wtr)
            .with_context(|| format!("impossible de lire le tableau {shown}"))?;
    let Some(table) = outcome.table else {
        wtr.finish(outcome.rows)?;
        let _ =
            writeln!(io::stderr(), "aucun fichier écrit : {} reste inchangé", args.out.display());
        return Ok(ExitCode::from(1));
    };
    for d in layout::check_glyphs(&table, &fonts) {
        wtr.emit(d);
    }
    let counts = wtr.finish(outcome.rows)?;
    if counts.errors > 0 {
        let _ =
            writeln!(io::stderr(), "aucun fichier écrit : {} reste inchangé", args.out.display());
        return Ok(ExitCode::from(1));
    }
    let rendered = output::render(&table, &fonts, &BuildOptions::default())?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("impossible de créer le dossier {}", args.out.display()))?;
    let mut stdout = io::stdout().lock();
    for out in &rendered.outputs {
        let path = args.out.join(out.name);
        output::write_atomic(&path, &out.bytes)
            .with_context(|| format!("impossible d'écrire {}", path.display()))?;
        writeln!(stdout, "{}  {}", path.display(), human_size(out.bytes.len() as u64))?;
    }
    writeln!(
        stdout,
        "{} : {} ({}), {} en {} ms",
        shown,
        diag::plural(table.rows.len() as u64, "solution", "solutions"),
        diag::plural(rendered.pages as u64, "page", "pages"),
        diag::plural(rendered.outputs.len() as u64, "fichier écrit", "fichiers écrits"),
        started.elapsed().as_millis()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// « 24,3 ko » (1 ko = 1000 octets, with a French decimal comma).
pub fn human_size(bytes: u64) -> String {
    if bytes < 1000 {
        format!("{bytes} o")
    } else if bytes < 1_000_000 {
        format!("{},{} ko", bytes / 1000, (bytes % 1000) / 100)
    } else {
        format!("{},{} Mo", bytes / 1_000_000, (bytes % 1_000_000) / 100_000)
    }
}

/// The descriptor given, else `datapackage.json` beside the table.
fn descriptor_path(table: &Path, given: Option<&Path>) -> PathBuf {
    match given {
        Some(path) => path.to_owned(),
        None => table.parent().unwrap_or(Path::new("")).join("datapackage.json"),
    }
}
