//! The command line's arguments: the words after `comparatif` → the clap structs each command
//! reads, with French help, French usage errors ([`usage_error`]) and the parsers of
//! `--png-width` and `--url-prefix`.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use comparatif::diag::Format;
use comparatif::limits::PNG_WIDTHS_PX;

const HELP_TEMPLATE: &str = "{about}\n\nUtilisation : {usage}\n\n{all-args}{after-help}\n";

// Help headings end with a space: clap writes « heading: », French wants « Options : ».
const COMMANDS: &str = "Commandes ";
const ARGUMENTS: &str = "Arguments ";
const OPTIONS: &str = "Options ";
/// Display order of `-h, --help`: after every option of every command.
const HELP_LAST: usize = 1000;

/// comparatif : un tableau comparatif de l'État publié en PDF, PNG et HTML, d'une seule source CSV.
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
    after_help = "Sans commande, comparatif vérifie le tableau du descripteur (datapackage.json, son « path ») et régénère out/ (comme « comparatif build »).\n\
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
    /// N'écrit aucune ligne de compte rendu quand tout va bien (les diagnostics restent affichés)
    #[arg(short = 'q', long, global = true, display_order = HELP_LAST - 1)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Vérifie le tableau avec son schéma et signale tous les problèmes, cellule par cellule
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS, override_usage = "comparatif check [TABLEAU] [OPTIONS]")]
    Check(CheckArgs),
    /// Vérifie le tableau puis produit les fichiers publiés (PDF…) dans le dossier de sortie
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS, override_usage = "comparatif build [TABLEAU] [OPTIONS]")]
    Build(BuildArgs),
    /// Compare deux versions du tableau : lignes ajoutées ou retirées, critères, cellules modifiées
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS, override_usage = "comparatif diff ANCIEN NOUVEAU [OPTIONS]")]
    Diff(DiffArgs),
    /// Écrit le tableau dans un classeur .xlsx fait pour le modifier (listes déroulantes, contrôles de saisie, aide de chaque colonne)
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS, override_usage = "comparatif export [TABLEAU] [-o CLASSEUR] [OPTIONS]")]
    Export(ExportArgs),
    /// Vérifie un classeur (.xlsx, .ods) et, s'il est valide, en écrit le table.csv du dépôt ; n'écrit rien s'il est refusé
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS, override_usage = "comparatif import CLASSEUR [-o TABLE.CSV] [OPTIONS]")]
    Import(ImportArgs),
    /// Écrit le datapackage.json d'un nouveau tableau (.csv, .xlsx, .ods) et son table.csv : types, listes, clé et textes à compléter déduits du tableau
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS, override_usage = "comparatif init TABLEAU [--force]")]
    Init(InitArgs),
    /// Affiche l'aide d'une commande (comme « comparatif COMMANDE --help »)
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS, override_usage = "comparatif help [COMMANDE]")]
    Help(HelpArgs),
    /// Écrit le script de complétion d'un shell (bash, zsh, fish, powershell) sur la sortie standard
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS, override_usage = "comparatif completions SHELL")]
    Completions(CompletionsArgs),
    /// Écrit la page de manuel, en français, sur la sortie standard (à lire avec « comparatif man | man -l - »)
    #[command(help_template = HELP_TEMPLATE, next_help_heading = OPTIONS, override_usage = "comparatif man")]
    Man,
}

#[derive(Debug, Args)]
pub struct HelpArgs {
    /// La commande dont afficher l'aide (sans elle : l'aide générale)
    #[arg(value_name = "COMMANDE", help_heading = ARGUMENTS)]
    pub command: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Le shell : bash, zsh, fish ou powershell
    #[arg(value_enum, value_name = "SHELL", help_heading = ARGUMENTS, hide_possible_values = true)]
    pub shell: ShellArg,
}

/// The shells `comparatif completions` writes a script for.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
    Powershell,
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
pub struct InitArgs {
    /// Le tableau de départ (.csv, .xlsx ou .ods), sans descripteur
    #[arg(value_name = "TABLEAU", help_heading = ARGUMENTS)]
    pub table: PathBuf,
    /// Remplace datapackage.json et table.csv s'ils existent déjà (sans cette option, ils ne sont jamais écrasés)
    #[arg(long)]
    pub force: bool,
    /// Date de mise à jour du tableau, AAAA-MM-JJ, écrite dans publication.updated (« Mis à jour le … ») ; par défaut la date du jour (UTC)
    #[arg(long, value_name = "AAAA-MM-JJ", value_parser = iso_date)]
    pub date: Option<comparatif::model::Date>,
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
    /// Remplace table.csv même s'il a été modifié depuis l'export du classeur (sans cette option, import refuse et montre ce qu'il effacerait)
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub update: UpdateArgs,
}

/// `--note` and `--date`: an update recorded in the descriptor (`pipeline::record_update`).
#[derive(Debug, Clone, Default, Args)]
pub struct UpdateArgs {
    /// Note aux lecteurs sur cette mise à jour, ajoutée en tête de l'historique du descripteur (publication.history, section « Mises à jour » de la page) avec la date du jour ou --date
    #[arg(long, value_name = "TEXTE")]
    pub note: Option<String>,
    /// Date de la mise à jour, AAAA-MM-JJ, écrite dans publication.updated du descripteur (« Mis à jour le … ») ; avec --note seule, la date du jour (UTC)
    #[arg(long, value_name = "AAAA-MM-JJ", value_parser = iso_date)]
    pub date: Option<comparatif::model::Date>,
}

impl UpdateArgs {
    /// Whether an update is asked for.
    pub fn any(&self) -> bool {
        self.note.is_some() || self.date.is_some()
    }
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
    /// Avec un classeur : remplace table.csv même s'il a été modifié depuis l'export du classeur (sans cette option, build refuse et montre ce qu'il effacerait)
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub update: UpdateArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Le tableau à lire : .csv, .xlsx ou .ods (par défaut : le fichier de la ressource du descripteur, « path », table.csv pour le dépôt)
    #[arg(value_name = "TABLEAU", help_heading = ARGUMENTS)]
    pub table: Option<PathBuf>,
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
    /// What `comparatif` with no argument does: `build --out out`, the table being the
    /// resource of `datapackage.json` (`table.csv`).
    fn default() -> Self {
        BuildArgs {
            check: CheckArgs::default(),
            out: PathBuf::from("out"),
            check_outputs: false,
            fonts: None,
            png_width: 800,
            url_prefix: None,
            force: false,
            update: UpdateArgs::default(),
        }
    }
}

impl Default for CheckArgs {
    fn default() -> Self {
        CheckArgs { table: None, descriptor: None, format: FormatArg::Human }
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

/// clap's errors, in French.
pub fn usage_error(err: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
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
        // `help biuld` is `biuld --help`: the same message and suggestion as `comparatif biuld`.
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
    // clap's `suggestions` feature: the closest command, option or value to a mistyped one.
    let suggestion =
        [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg, ContextKind::SuggestedValue]
            .into_iter()
            .find_map(|kind| match err.get(kind) {
                Some(ContextValue::String(word)) => Some(word.clone()),
                Some(ContextValue::Strings(words)) => words.first().cloned(),
                _ => None,
            })
            .map(|word| format!("\n  aide : voulez-vous dire « {word} » ?"))
            .unwrap_or_default();
    let _ =
        writeln!(io::stderr(), "erreur : {message}{suggestion}\n\nPour l'aide : comparatif --help");
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

/// `--date`: a date written `AAAA-MM-JJ` that exists; the error is French (« le 31 juin 2024
/// n'existe pas »).
fn iso_date(text: &str) -> Result<comparatif::model::Date, String> {
    use comparatif::model::{impossible_iso_date, parse_iso_date};
    if let Some(date) = parse_iso_date(text).filter(|_| text.len() == 10) {
        return Ok(date);
    }
    Err(impossible_iso_date(text)
        .unwrap_or_else(|| "une date AAAA-MM-JJ est attendue (par exemple 2026-12-07)".to_owned()))
}

/// `--url-prefix`: the same rules as the descriptor's `publication.urlPrefix`.
fn url_prefix(text: &str) -> Result<String, String> {
    match comparatif::schema::url_prefix_problem(text) {
        Some(problem) => Err(problem.to_owned()),
        None => Ok(text.to_owned()),
    }
}
