//! The command line: arguments (French help) → a command run with the library, its report
//! on stdout and stderr, and an exit code.
//!
//! Exit codes: 0 success (table valid), 1 table rejected, 2 usage or system failure. The files,
//! the terminal and the clock are here and in [`files`]; the library takes bytes.

mod files;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};

use comparatif::diag::{self, Counts, Diagnostic, Format, Sink, Stale};
use comparatif::layout::fonts::Fonts;
use comparatif::load;
use comparatif::pipeline::{self, BuildOptions, Input, Verdict};
use files::descriptor_path;

const HELP_TEMPLATE: &str = "{about}\n\nUtilisation : {usage}\n\n{all-args}{after-help}\n";

// Help headings end with a space: clap writes « heading: », French wants « Options : ».
const COMMANDS: &str = "Commandes ";
const ARGUMENTS: &str = "Arguments ";
const OPTIONS: &str = "Options ";
/// Display order of `-h, --help`: after every option of every command.
const HELP_LAST: usize = 1000;
/// Widths of the thumbnail accepted by `--png-width`, in pixels.
const PNG_WIDTHS_PX: std::ops::RangeInclusive<u32> = 16..=4096;

/// comparatif : le tableau comparatif des solutions de webconférence, d'une seule source CSV.
#[derive(Debug, Parser)]
#[command(
    name = "comparatif",
    version,
    help_template = HELP_TEMPLATE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = COMMANDS,
    subcommand_value_name = "COMMANDE",
    override_usage = "comparatif [COMMANDE] [OPTIONS]",
    next_help_heading = OPTIONS,
    after_help = "Sans commande, comparatif vérifie table.csv et régénère out/ (comme « comparatif build »).\n\
                  Codes de sortie : 0 tableau valide, 1 tableau refusé, 2 erreur d'utilisation ou du système."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Affiche l'aide
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true, display_order = HELP_LAST)]
    help: Option<bool>,
    /// Affiche la version
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Vérifie le tableau avec son schéma et signale tous les problèmes, cellule par cellule
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS, override_usage = "comparatif check [TABLEAU] [OPTIONS]")]
    Check(CheckArgs),
    /// Vérifie le tableau puis produit les fichiers publiés (PDF…) dans le dossier de sortie
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS, override_usage = "comparatif build [TABLEAU] [OPTIONS]")]
    Build(BuildArgs),
    /// Compare deux versions du tableau : solutions ajoutées ou retirées, critères, cellules modifiées
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS, override_usage = "comparatif diff ANCIEN NOUVEAU [OPTIONS]")]
    Diff(DiffArgs),
    /// Écrit le tableau dans un classeur .xlsx fait pour le modifier (listes déroulantes, contrôles de saisie, aide de chaque colonne)
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS, override_usage = "comparatif export [TABLEAU] [-o CLASSEUR] [OPTIONS]")]
    Export(ExportArgs),
    /// Vérifie un classeur (.xlsx, .ods) et, s'il est valide, en écrit le table.csv du dépôt ; n'écrit rien s'il est refusé
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS, override_usage = "comparatif import CLASSEUR [-o TABLE.CSV] [OPTIONS]")]
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub check: CheckArgs,
    /// Le classeur à écrire (par défaut : tableau.xlsx)
    #[arg(
        short = 'o',
        long = "output",
        value_name = "CLASSEUR",
        default_value = "tableau.xlsx",
        hide_default_value = true
    )]
    pub output: PathBuf,
    /// Remplace le classeur s'il existe déjà (sans cette option, un classeur existant, peut-être modifié, n'est jamais écrasé)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Le classeur modifié (.xlsx ou .ods ; un .csv est aussi accepté)
    #[arg(value_name = "CLASSEUR", help_heading = ARGUMENTS)]
    pub table: PathBuf,
    /// Le fichier CSV à écrire (par défaut : le chemin de la ressource du descripteur, table.csv à côté de datapackage.json)
    #[arg(short = 'o', long = "output", value_name = "TABLE.CSV")]
    pub output: Option<PathBuf>,
    /// Le descripteur Data Package (par défaut : datapackage.json à côté du classeur)
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

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// L'ancienne version du tableau
    #[arg(value_name = "ANCIEN", help_heading = ARGUMENTS, display_order = 0)]
    pub old: PathBuf,
    /// La nouvelle version du tableau
    #[arg(value_name = "NOUVEAU", help_heading = ARGUMENTS, display_order = 1)]
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
    /// Largeur de la vignette PNG en pixels, de 16 à 4096 (par défaut : 800)
    #[arg(long, value_name = "PIXELS", default_value_t = 800, hide_default_value = true, value_parser = png_width)]
    pub png_width: u32,
    /// Début des adresses du PDF, de la vignette et du filtre (tableau.js) dans lien.html, par exemple /uploads/, à la place de publication.urlPrefix du descripteur (qui décide sans cette option ; --check compare alors avec cette valeur)
    #[arg(long, value_name = "PREFIXE", value_parser = url_prefix)]
    pub url_prefix: Option<String>,
    /// Dossier d'une famille de polices (…-Regular et …-Bold, .ttf ou .otf), par exemple Marianne ; par défaut : Noto Sans, intégrée
    #[arg(long, value_name = "DOSSIER")]
    pub fonts: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Le tableau à lire : .csv, .xlsx ou .ods (par défaut : table.csv)
    #[arg(
        value_name = "TABLEAU",
        default_value = "table.csv",
        hide_default_value = true,
        help_heading = ARGUMENTS
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
            url_prefix: None,
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
        Some(Command::Export(args)) => export(&args),
        Some(Command::Import(args)) => import(&args),
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
        // File names and descriptor texts may come from a hostile file: no control character
        // reaches the terminal, but for the line breaks that start our own hints.
        let text = text
            .split("\n  aide : ")
            .map(|t| diag::escape(t).into_owned())
            .collect::<Vec<_>>()
            .join("\n  aide : ");
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
        // A value our own parsers refuse (`--png-width`…): their French reason says what is
        // accepted.
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(err).map(|e| e.to_string()).unwrap_or_default();
            format!(
                "valeur « {} » invalide pour {} : {reason}",
                context(ContextKind::InvalidValue),
                context(ContextKind::InvalidArg)
            )
        }
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

/// `--png-width`: a whole number of pixels in [`PNG_WIDTHS_PX`]; the error is French.
fn png_width(text: &str) -> Result<u32, String> {
    let expected = || {
        format!(
            "un nombre entier de {} à {} est attendu (largeur en pixels)",
            PNG_WIDTHS_PX.start(),
            PNG_WIDTHS_PX.end()
        )
    };
    match text.parse::<u32>() {
        Ok(width) if PNG_WIDTHS_PX.contains(&width) => Ok(width),
        _ => Err(expected()),
    }
}

/// `--url-prefix`: the same rules as the descriptor's `publication.urlPrefix`.
fn url_prefix(text: &str) -> Result<String, String> {
    match comparatif::schema::url_prefix_problem(text) {
        Some(problem) => Err(problem.to_owned()),
        None => Ok(text.to_owned()),
    }
}

/// `comparatif check`: exit 0 when valid, 1 when rejected.
pub fn check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let (_, descriptor) = files::descriptor_for(&args.table, args.descriptor.as_deref())?;
    let (file, _) = files::open(&args.table)
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
    let mut input = io::BufReader::new(file);
    let head = io::BufRead::fill_buf(&mut input)
        .with_context(|| format!("impossible de lire le tableau {shown}"))?;
    // A spreadsheet (zip or OLE2) is read whole anyway; a CSV is streamed, its name checked
    // on its first bytes.
    let checked = if head.starts_with(b"PK") || head.starts_with(b"\xD0\xCF\x11\xE0") {
        drop(input);
        let bytes = files::table(&args.table)?;
        let misnamed = with_warning(&mut wtr, load::misnamed(&shown, &bytes), Counts::default());
        pipeline::check(&descriptor, &bytes[..], &mut wtr).map(|c| (c, misnamed))
    } else {
        let misnamed = with_warning(&mut wtr, load::misnamed(&shown, head), Counts::default());
        pipeline::check(&descriptor, input, &mut wtr).map(|c| (c, misnamed))
    }
    .with_context(|| format!("impossible de lire le tableau {shown}"))?;
    // The counts of every diagnostic, those past the limit included (the writer saw only the
    // first ones and the notice of the others).
    let (checked, misnamed) = checked;
    let counts = Counts {
        errors: checked.counts.errors + misnamed.errors,
        warnings: checked.counts.warnings + misnamed.warnings,
    };
    let counts = wtr.finish_with(checked.rows, counts)?;
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
    let (_, descriptor) =
        files::descriptor_for(&args.check.table, args.check.descriptor.as_deref())?;
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
    let format = Format::from(args.check.format);
    // In French, diagnostics go to stderr and the files to stdout. A machine format is the
    // command's whole output (stdout, as for `check`): the lines for people go to stderr.
    let machine = format != Format::Human;
    let diagnostics: Box<dyn Write> =
        if machine { Box::new(io::stdout().lock()) } else { Box::new(io::stderr().lock()) };
    let mut report: Box<dyn Write> =
        if machine { Box::new(io::stderr().lock()) } else { Box::new(io::stdout().lock()) };
    let mut wtr = diag::Writer::new(io::BufWriter::new(diagnostics), format, &shown);
    let misnamed = load::misnamed(&shown, &table);
    let (published, counts) = match verdict {
        Verdict::Rejected(rejected) => {
            let counts = with_warning(&mut wtr, misnamed, rejected.counts);
            for d in rejected.diagnostics {
                wtr.emit(d);
            }
            wtr.finish_with(rejected.rows, counts)?;
            let verb =
                if args.check_outputs { "rien n'a été comparé" } else { "aucun fichier écrit" };
            let _ = writeln!(io::stderr(), "{verb} : {} reste inchangé", out_dir.display());
            return Ok(ExitCode::from(1));
        }
        Verdict::Published(published) => {
            let counts = with_warning(&mut wtr, misnamed, published.counts);
            for d in published.warnings.iter().cloned() {
                wtr.emit(d);
            }
            (published, counts)
        }
    };
    if args.check_outputs {
        let stale: Vec<Stale> = files::stale(out_dir, &published.outputs)
            .into_iter()
            .map(|(name, state)| Stale { file: out_dir.join(name).display().to_string(), state })
            .collect();
        let regenerate = regenerate_command(args);
        if machine {
            wtr.stale(&stale, &regenerate);
        }
        wtr.finish_with(published.rows, counts)?;
        if !machine {
            for s in &stale {
                writeln!(report, "{}", s.message(&shown))?;
            }
        }
        if stale.is_empty() {
            writeln!(
                report,
                "{} est à jour ({} vérifiés)",
                out_dir.display(),
                diag::plural(published.outputs.len() as u64, "fichier", "fichiers")
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        writeln!(
            report,
            "{} : {} à régénérer avec « {regenerate} »",
            out_dir.display(),
            diag::plural(stale.len() as u64, "fichier", "fichiers")
        )?;
        return Ok(ExitCode::from(1));
    }
    wtr.finish_with(published.rows, counts)?;
    files::publish(out_dir, &published.outputs)?;
    for out in &published.outputs {
        let path = out_dir.join(out.name);
        writeln!(
            report,
            "{}  {}",
            path.display(),
            comparatif::export::html::file_size_text(out.bytes.len() as u64)
        )?;
    }
    writeln!(
        report,
        "{} : {} ({}), {} en {} ms",
        shown,
        diag::plural(published.rows, "solution", "solutions"),
        diag::plural(published.pages as u64, "page", "pages"),
        diag::plural(published.outputs.len() as u64, "fichier écrit", "fichiers écrits"),
        started.elapsed().as_millis()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The `comparatif build` command that writes what `args` computed: the same table, descriptor,
/// folder and options (what `build --check` tells to run).
fn regenerate_command(args: &BuildArgs) -> String {
    let defaults = BuildArgs::default();
    let path = |p: &Path| shell_word(&p.display().to_string());
    let mut parts = vec!["comparatif build".to_owned()];
    if args.check.table != defaults.check.table {
        parts.push(path(&args.check.table));
    }
    if let Some(descriptor) = &args.check.descriptor {
        parts.push(format!("--descriptor {}", path(descriptor)));
    }
    if args.out != defaults.out {
        parts.push(format!("--out {}", path(&args.out)));
    }
    if args.png_width != defaults.png_width {
        parts.push(format!("--png-width {}", args.png_width));
    }
    if let Some(prefix) = &args.url_prefix {
        parts.push(format!("--url-prefix {}", shell_word(prefix)));
    }
    if let Some(fonts) = &args.fonts {
        parts.push(format!("--fonts {}", path(fonts)));
    }
    parts.join(" ")
}

/// `text` as one word of a shell command line: as it is when it has only safe characters, else
/// between single quotes.
fn shell_word(text: &str) -> String {
    let safe = |c: char| c.is_alphanumeric() || "/._-:+=,@%".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// Emits `warning` first, if any, and gives `counts` with it.
fn with_warning(wtr: &mut dyn Sink, warning: Option<Diagnostic>, mut counts: Counts) -> Counts {
    if let Some(d) = warning {
        counts.add(&d);
        wtr.emit(d);
    }
    counts
}

/// `comparatif diff`: exit 0 whether or not something changed (it is a report), 2 when a
/// file cannot be read.
pub fn diff(args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let (descriptor_file, descriptor) =
        files::descriptor_for(&args.new, args.descriptor.as_deref())?;
    let (old_name, new_name) = (args.old.display().to_string(), args.new.display().to_string());
    let change = comparatif::diff::diff(
        &files::table(&args.old)?,
        &old_name,
        &files::table(&args.new)?,
        &new_name,
        &descriptor,
    )?;
    // The command that shows a table's errors, with this descriptor when it is not the one
    // `check` would take by itself.
    let check_command = |table: &Path| {
        let shown = shell_word(&table.display().to_string());
        if descriptor_path(table, None) == descriptor_file {
            format!("comparatif check {shown}")
        } else {
            let descriptor = shell_word(&descriptor_file.display().to_string());
            format!("comparatif check {shown} --descriptor {descriptor}")
        }
    };
    let (old_check, new_check) = (check_command(&args.old), check_command(&args.new));
    for warning in change.warnings((&old_name, &old_check), (&new_name, &new_check)) {
        let _ = writeln!(io::stderr(), "attention : {}", diag::escape(&warning));
    }
    let mut stdout = io::stdout().lock();
    match args.format {
        DiffFormat::Human => write!(stdout, "{}", change.french())?,
        DiffFormat::Json => {
            writeln!(stdout, "{}", diag::json_safe(&serde_json::to_string(&change)?))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `comparatif export`: validate the table, then write the `.xlsx` for editing atomically;
/// never over an existing file without `--force`. Exit 1 (nothing written) when the table is
/// refused.
#[cfg(feature = "xlsx")]
pub fn export(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let shown = args.check.table.display().to_string();
    let (_, descriptor) =
        files::descriptor_for(&args.check.table, args.check.descriptor.as_deref())?;
    let table = files::table(&args.check.table)?;
    if args.output.exists() && !args.force {
        anyhow::bail!(
            "{} existe déjà et n'a pas été remplacé (il contient peut-être des modifications) : importez-le d'abord avec « comparatif import {} », ou ajoutez --force pour le remplacer",
            args.output.display(),
            args.output.display()
        );
    }
    let mut wtr = diag::Writer::new(
        io::BufWriter::new(io::stderr().lock()),
        Format::from(args.check.format),
        &shown,
    );
    let misnamed = load::misnamed(&shown, &table);
    let converted = match pipeline::export(&descriptor, &table)? {
        Err(rejected) => {
            let counts = with_warning(&mut wtr, misnamed, rejected.counts);
            for d in rejected.diagnostics {
                wtr.emit(d);
            }
            wtr.finish_with(rejected.rows, counts)?;
            let _ = writeln!(
                io::stderr(),
                "aucun fichier écrit : {} n'est pas créé",
                args.output.display()
            );
            return Ok(ExitCode::from(1));
        }
        Ok(converted) => converted,
    };
    let counts = with_warning(&mut wtr, misnamed, converted.counts);
    for d in converted.warnings {
        wtr.emit(d);
    }
    wtr.finish_with(converted.rows, counts)?;
    files::write_atomic(&args.output, &converted.bytes)
        .with_context(|| format!("impossible d'écrire {}", args.output.display()))?;
    writeln!(
        io::stdout().lock(),
        "{}  {} : {} à modifier dans LibreOffice Calc ou Excel, puis « comparatif import {} »",
        args.output.display(),
        comparatif::export::html::file_size_text(converted.bytes.len() as u64),
        diag::plural(converted.rows, "solution", "solutions"),
        args.output.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Without the `xlsx` feature, `comparatif export` says it is not built in.
#[cfg(not(feature = "xlsx"))]
pub fn export(_args: &ExportArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("ce comparatif a été compilé sans l'export .xlsx (option « xlsx » de Cargo)")
}

/// `comparatif import`: validate the spreadsheet, then write the canonical CSV atomically.
/// Exit 1 (nothing written) when the table is refused.
pub fn import(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let shown = args.table.display().to_string();
    let (descriptor_path, descriptor) =
        files::descriptor_for(&args.table, args.descriptor.as_deref())?;
    let output = match &args.output {
        Some(path) => path.clone(),
        None => {
            // The descriptor's path is relative and without « .. » (schema::parse); a folder
            // on the way may still be a symbolic link that leads elsewhere.
            let folder = descriptor_path.parent().unwrap_or(Path::new(""));
            let output = folder.join(&descriptor.table_path);
            files::check_inside(folder, &output)?;
            output
        }
    };
    let table = files::table(&args.table)?;
    let mut wtr = diag::Writer::new(
        io::BufWriter::new(io::stderr().lock()),
        Format::from(args.format),
        &shown,
    );
    let misnamed = load::misnamed(&shown, &table);
    let converted = match pipeline::import(&descriptor, &table) {
        Err(rejected) => {
            let counts = with_warning(&mut wtr, misnamed, rejected.counts);
            for d in rejected.diagnostics {
                wtr.emit(d);
            }
            wtr.finish_with(rejected.rows, counts)?;
            let _ =
                writeln!(io::stderr(), "aucun fichier écrit : {} reste inchangé", output.display());
            return Ok(ExitCode::from(1));
        }
        Ok(converted) => converted,
    };
    let counts = with_warning(&mut wtr, misnamed, converted.counts);
    for d in converted.warnings {
        wtr.emit(d);
    }
    wtr.finish_with(converted.rows, counts)?;
    let unchanged = files::same_bytes(&output, &converted.bytes).unwrap_or(false);
    let mut stdout = io::stdout().lock();
    if unchanged {
        writeln!(
            stdout,
            "{} est déjà à jour ({})",
            output.display(),
            diag::plural(converted.rows, "solution", "solutions")
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    files::write_atomic(&output, &converted.bytes)
        .with_context(|| format!("impossible d'écrire {}", output.display()))?;
    writeln!(
        stdout,
        "{}  {} : {} écrites depuis {shown} ; « comparatif diff » montre ce qui a changé",
        output.display(),
        comparatif::export::html::file_size_text(converted.bytes.len() as u64),
        diag::plural(converted.rows, "solution", "solutions")
    )?;
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
