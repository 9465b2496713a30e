//! The command line: arguments (French help) → a command run with the library, its report
//! on stdout and stderr, and an exit code.
//!
//! Exit codes: 0 success (table valid), 1 table rejected, 2 usage or system failure. The files,
//! the terminal and the clock are here and in [`files`]; the library takes bytes.

mod files;

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};

use comparatif::diag::{self, Format, Sink};
use comparatif::layout::fonts::Fonts;
use comparatif::pipeline::{self, BuildOptions, Input, Verdict};
use files::descriptor_path;

const HELP_TEMPLATE: &str = "{about}\n\nUtilisation : {usage}\n\n{all-args}{after-help}\n";

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
    after_help = "Sans commande, comparatif vérifie table.csv et régénère out/ (comme « comparatif build »).\n\
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
    /// Compare deux versions du tableau : solutions ajoutées ou retirées, critères, cellules modifiées
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Options", override_usage = "comparatif diff ANCIEN NOUVEAU [OPTIONS]")]
    Diff(DiffArgs),
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// L'ancienne version du tableau
    #[arg(value_name = "ANCIEN", help_heading = "Arguments")]
    pub old: PathBuf,
    /// La nouvelle version du tableau
    #[arg(value_name = "NOUVEAU", help_heading = "Arguments")]
    pub new: PathBuf,
    /// Le descripteur (clé primaire, titres des colonnes ; par défaut : datapackage.json à côté du nouveau tableau)
    #[arg(long, value_name = "FICHIER")]
    pub descriptor: Option<PathBuf>,
    /// Format du rapport : human (texte en français, par défaut) ou json
    #[arg(
        long,
        value_enum,
        default_value = "human",
        value_name = "FORMAT",
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub check: CheckArgs,
    /// Dossier où écrire les fichiers (par défaut : out)
    #[arg(long, value_name = "DOSSIER", default_value = "out", hide_default_value = true)]
    pub out: PathBuf,
    /// N'écrit rien : vérifie que le dossier de sortie contient exactement ce que le tableau produit (code 1 sinon)
    #[arg(long = "check")]
    pub check_outputs: bool,
    /// Largeur de la vignette PNG en pixels (par défaut : 800)
    #[arg(long, value_name = "PIXELS", default_value_t = 800, hide_default_value = true, value_parser = clap::value_parser!(u32).range(16..=4096))]
    pub png_width: u32,
    /// Début des adresses du PDF, de la vignette et du filtre (tableau.js) dans lien.html, par exemple /uploads/ (par défaut : adresses relatives)
    #[arg(long, value_name = "PREFIXE", default_value = "", hide_default_value = true)]
    pub url_prefix: String,
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

impl Default for BuildArgs {
    /// What `comparatif` with no argument does: `build table.csv --out out`.
    fn default() -> Self {
        BuildArgs {
            check: CheckArgs::default(),
            out: PathBuf::from("out"),
            check_outputs: false,
            fonts: None,
            png_width: 800,
            url_prefix: String::new(),
        }
    }
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
        Some(Command::Diff(args)) => diff(&args),
        None => build(&BuildArgs::default()),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            let _ = writeln!(io::stderr(), "erreur : {}", french_chain(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, joined with « : », system errors in French and each cause once.
fn french_chain(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = match cause.downcast_ref::<io::Error>() {
            Some(io_err) => french_io(io_err),
            None => cause.to_string(),
        };
        // Library errors already quote their cause; do not say it twice.
        if !parts.last().is_some_and(|last| last.ends_with(&text)) {
            parts.push(text);
        }
    }
    parts.join(" : ")
}

/// A system error in French (the operating system's text is English).
pub fn french_io(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "fichier ou dossier introuvable".to_owned(),
        io::ErrorKind::PermissionDenied => "permission refusée".to_owned(),
        io::ErrorKind::AlreadyExists => "le fichier existe déjà".to_owned(),
        io::ErrorKind::IsADirectory => "c'est un dossier".to_owned(),
        io::ErrorKind::NotADirectory => "ce n'est pas un dossier".to_owned(),
        io::ErrorKind::StorageFull => "disque plein".to_owned(),
        io::ErrorKind::ReadOnlyFilesystem => "système de fichiers en lecture seule".to_owned(),
        io::ErrorKind::InvalidData => {
            "données illisibles (le fichier n'est peut-être pas du texte UTF-8)".to_owned()
        }
        _ => format!("erreur du système ({err})"),
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
    let descriptor = files::descriptor(&descriptor_path(&args.table, args.descriptor.as_deref()))?;
    let file = File::open(&args.table)
        .with_context(|| format!("impossible d'ouvrir le tableau {}", args.table.display()))?;
    let shown = args.table.display().to_string();
    let format = Format::from(args.format);
    // People read diagnostics on stderr; machine formats are the command's output (stdout).
    let out: Box<dyn Write> = if format == Format::Human {
        Box::new(io::stderr().lock())
    } else {
        Box::new(io::stdout().lock())
    };
    let mut wtr = diag::Writer::new(io::BufWriter::new(out), format, &shown);
    let checked = pipeline::check(&descriptor, io::BufReader::new(file), &mut wtr)
        .with_context(|| format!("impossible de lire le tableau {shown}"))?;
    let counts = wtr.finish(checked.rows)?;
    Ok(if counts.errors == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `comparatif build`: validate, then render every output in memory, then write each file
/// atomically (or, with `--check`, compare them with the folder). A rejected table writes
/// nothing.
pub fn build(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let out_dir = &args.out;
    let shown = args.check.table.display().to_string();
    let mut progress = Progress::new();
    let descriptor_path = descriptor_path(&args.check.table, args.check.descriptor.as_deref());
    let descriptor = files::descriptor(&descriptor_path)?;
    let table = files::table(&args.check.table)?;
    let fonts = match &args.fonts {
        Some(dir) => files::fonts(dir)?,
        None => Fonts::bundled(),
    };
    progress.stage("vérification, mise en page, PDF, vignette et HTML");
    let options = BuildOptions {
        png_width_px: args.png_width,
        url_prefix: args.url_prefix.clone(),
        ..BuildOptions::default()
    };
    let input = Input { descriptor: &descriptor, table: &table, fonts: &fonts };
    let verdict = pipeline::build(&input, &options)?;
    progress.done();
    let stderr = io::stderr().lock();
    let mut wtr =
        diag::Writer::new(io::BufWriter::new(stderr), Format::from(args.check.format), &shown);
    let published = match verdict {
        Verdict::Rejected(rejected) => {
            for d in rejected.diagnostics {
                wtr.emit(d);
            }
            wtr.finish_with(rejected.rows, rejected.counts)?;
            let verb =
                if args.check_outputs { "rien n'a été comparé" } else { "aucun fichier écrit" };
            let _ = writeln!(io::stderr(), "{verb} : {} reste inchangé", out_dir.display());
            return Ok(ExitCode::from(1));
        }
        Verdict::Published(published) => {
            for d in published.warnings.iter().cloned() {
                wtr.emit(d);
            }
            wtr.finish_with(published.rows, published.counts)?;
            published
        }
    };
    let mut stdout = io::stdout().lock();
    if args.check_outputs {
        let stale = files::stale(out_dir, &published.outputs);
        for name in &stale {
            writeln!(stdout, "{} n'est pas à jour", out_dir.join(name).display())?;
        }
        if stale.is_empty() {
            writeln!(
                stdout,
                "{} est à jour ({} vérifiés)",
                out_dir.display(),
                diag::plural(published.outputs.len() as u64, "fichier", "fichiers")
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        writeln!(
            stdout,
            "{} : {} à régénérer avec « comparatif build »",
            out_dir.display(),
            diag::plural(stale.len() as u64, "fichier", "fichiers")
        )?;
        return Ok(ExitCode::from(1));
    }
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("impossible de créer le dossier {}", out_dir.display()))?;
    files::remove_leftovers(out_dir);
    for out in &published.outputs {
        let path = out_dir.join(out.name);
        files::write_atomic(&path, &out.bytes)
            .with_context(|| format!("impossible d'écrire {}", path.display()))?;
        writeln!(
            stdout,
            "{}  {}",
            path.display(),
            comparatif::export::html::file_size_text(out.bytes.len() as u64)
        )?;
    }
    writeln!(
        stdout,
        "{} : {} ({}), {} en {} ms",
        shown,
        diag::plural(published.rows, "solution", "solutions"),
        diag::plural(published.pages as u64, "page", "pages"),
        diag::plural(published.outputs.len() as u64, "fichier écrit", "fichiers écrits"),
        started.elapsed().as_millis()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `comparatif diff`: exit 0 whether or not something changed (it is a report), 2 when a
/// file cannot be read.
pub fn diff(args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let descriptor = files::descriptor(&descriptor_path(&args.new, args.descriptor.as_deref()))?;
    let open = |path: &Path| {
        File::open(path)
            .with_context(|| format!("impossible d'ouvrir le tableau {}", path.display()))
    };
    let change = comparatif::diff::diff(
        open(&args.old)?,
        &args.old.display().to_string(),
        open(&args.new)?,
        &args.new.display().to_string(),
        &descriptor,
    )?;
    let mut stdout = io::stdout().lock();
    match args.format {
        DiffFormat::Human => write!(stdout, "{}", change.french())?,
        DiffFormat::Json => writeln!(stdout, "{}", serde_json::to_string(&change)?)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Stage lines on stderr while a build runs, only when stderr is a terminal (quiet in CI and
/// in pipes).
struct Progress {
    enabled: bool,
    started: std::time::Instant,
}

impl Progress {
    fn new() -> Self {
        use std::io::IsTerminal as _;
        Progress { enabled: io::stderr().is_terminal(), started: std::time::Instant::now() }
    }

    fn stage(&mut self, what: &str) {
        if self.enabled {
            let _ = write!(
                io::stderr(),
                "\r\x1b[2K{what}… ({} ms)",
                self.started.elapsed().as_millis()
            );
        }
    }

    fn done(&mut self) {
        if self.enabled {
            let _ = write!(io::stderr(), "\r\x1b[2K");
        }
    }
}
