//! The command line: clap definitions shared by every subcommand, the database location
//! rule, and dispatch. One file per subcommand, each with its args type and one `run`.

pub mod actors;
pub mod completions;
pub mod eval;
pub mod event;
pub mod export;
pub mod import;
pub mod ingest;
pub mod log;
pub mod show;
pub mod timeline;
pub mod timex;

use annals::error::{Error, Result};
use annals::model::{EventType, Status};
use annals::query::{self, Filter};
use annals::store::Store;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// The database used when neither --db nor $ANNALS_DB says otherwise.
pub const DEFAULT_DB: &str = "annals.db";

#[derive(Debug, Parser)]
#[command(
    name = "annals",
    version,
    about = "A geopolitical event timeline database: news articles in, dated events out",
    after_help = "Examples:\n  annals ingest fixtures/articles\n  annals timeline --actor \"North Korea\" --from 2023-08\n  annals export --format csv > events.csv"
)]
pub struct Cli {
    /// SQLite database file [default: $ANNALS_DB, else ./annals.db]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles (files, folders, - for stdin) and store their events
    Ingest(ingest::IngestArgs),
    /// Show events in time order, filtered
    Timeline(timeline::TimelineArgs),
    /// Show one event with every source, sentence and time expression
    Show(show::ShowArgs),
    /// Write events as JSON, JSON Lines, CSV, TimelineJS, vis-timeline, PLOVER, GDELT or HTML
    Export(export::ExportArgs),
    /// Measure extraction against gold files
    Eval(eval::EvalArgs),
    /// Tag time expressions: TimeML files in and out, or a text on the command line
    Timex(timex::TimexArgs),
    /// List, show, add, alias, merge and import actors
    Actors(actors::ActorsArgs),
    /// Correct events by hand: add, edit, delete, merge, split
    Event(event::EventArgs),
    /// Show the history of changes to events
    Log(log::LogArgs),
    /// Import events edited in a spreadsheet (the CSV of `export --format csv`)
    Import(import::ImportArgs),
    /// Print shell completions
    Completions(completions::CompletionsArgs),
}

/// Filters shared by `timeline` and `export`.
#[derive(Debug, Clone, Args, Default)]
pub struct FilterArgs {
    /// Events with this actor (any alias: "Pyongyang", "DPRK", "Kim Jong-un")
    #[arg(long)]
    pub actor: Option<String>,
    /// Events ending on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long)]
    pub from: Option<String>,
    /// Events starting on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long)]
    pub to: Option<String>,
    /// PLOVER event type (consult, cooperate, mobilize, threaten, ... or statement)
    #[arg(long = "type", value_name = "TYPE")]
    pub event_type: Option<String>,
    /// occurred, planned or ongoing
    #[arg(long)]
    pub status: Option<String>,
    /// Full-text search in summaries and evidence sentences
    #[arg(long)]
    pub text: Option<String>,
    /// Publisher or URL of any source contains this
    #[arg(long)]
    pub source: Option<String>,
    /// At most this many events
    #[arg(long)]
    pub limit: Option<usize>,
}

impl FilterArgs {
    pub fn to_filter(&self) -> Result<Filter> {
        Ok(Filter {
            actor: self.actor.clone(),
            from: self
                .from
                .as_deref()
                .map(|s| query::parse_partial_date(s, false))
                .transpose()?,
            to: self
                .to
                .as_deref()
                .map(|s| query::parse_partial_date(s, true))
                .transpose()?,
            event_type: self
                .event_type
                .as_deref()
                .map(|s| s.parse::<EventType>().map_err(Error::Usage))
                .transpose()?,
            status: self
                .status
                .as_deref()
                .map(|s| s.parse::<Status>().map_err(Error::Usage))
                .transpose()?,
            text: self.text.clone(),
            source: self.source.clone(),
            limit: self.limit,
        })
    }
}

/// --db, else $ANNALS_DB, else ./annals.db.
pub fn db_path(cli_db: Option<PathBuf>) -> PathBuf {
    cli_db
        .or_else(|| {
            std::env::var_os("ANNALS_DB")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DB))
}

/// Open the database once, for the subcommands that use one, and hand it over.
/// Evaluation, tagging and completions need none (eval works in scratch databases).
pub fn dispatch(cli: Cli) -> Result<i32> {
    let db = db_path(cli.db);
    let open = || Store::open(&db);
    match cli.command {
        Command::Ingest(args) => ingest::run(&mut open()?, args),
        Command::Timeline(args) => timeline::run(&open()?, args),
        Command::Show(args) => show::run(&open()?, args),
        Command::Export(args) => export::run(&open()?, args),
        Command::Actors(args) => actors::run(&mut open()?, args),
        Command::Event(args) => event::run(&mut open()?, args),
        Command::Log(args) => log::run(&open()?, args),
        Command::Import(args) => import::run(&mut open()?, args),
        Command::Eval(args) => eval::run(args),
        Command::Timex(args) => timex::run(args),
        Command::Completions(args) => completions::run(args),
    }
}
