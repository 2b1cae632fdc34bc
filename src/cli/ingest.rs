//! `annals ingest PATH...`: read articles, extract events, store them, print a summary.

use annals::error::{Error, Result};
use annals::event::Extractor;
use annals::ingest::{self, IngestOptions, Notice};
use annals::store::Store;
use chrono::NaiveDate;
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  annals ingest fixtures/articles\n  annals ingest news.jsonl --published 2023-10-20\n  cat article.txt | annals ingest -"
)]
pub struct IngestArgs {
    /// Article files, folders (read recursively) or - for stdin
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Use this publication date (YYYY-MM-DD) for every article, whatever the text says
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Also report event mentions left off the timeline because they have no date
    #[arg(long, short)]
    pub verbose: bool,
    /// Print nothing but errors and the summary line
    #[arg(long, short)]
    pub quiet: bool,
    /// Threads that read and extract articles while one writer stores them (default: the
    /// machine's cores; 1 = all in one thread). The stored result is the same either way
    #[arg(long, short, value_name = "N", env = "ANNALS_JOBS")]
    pub jobs: Option<usize>,
}

pub fn run(store: &mut Store, args: IngestArgs) -> Result<i32> {
    let published = args
        .published
        .as_deref()
        .map(|s| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                Error::Usage(format!("--published '{s}': expected a date as YYYY-MM-DD"))
            })
        })
        .transpose()?;
    let mut extractor = Extractor::builtin()?;
    store.sync_actors(&extractor.gazetteer)?;
    // Actors and aliases people added (`annals actors add|alias|import`) take part in
    // extraction like the built-in ones.
    extractor.gazetteer = store.gazetteer_with_user(&extractor.gazetteer)?;
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let mut opts = IngestOptions {
        verbose: args.verbose,
        jobs,
        ..IngestOptions::default()
    };
    opts.read.published = published;

    // A progress bar only where a person watches, and only when there is a lot to do.
    // Counting walks the folders once more, so only when someone watches the terminal.
    let total = if std::io::stderr().is_terminal() {
        ingest::count_inputs(&args.paths)
    } else {
        0
    };
    let bar = (total > 20).then(|| {
        let b = indicatif::ProgressBar::new(total as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let quiet = args.quiet;
    let mut notify = |n: Notice| {
        let line = match n {
            Notice::Failed(msg) => Some(format!("annals: error: {msg}")),
            Notice::Unchanged(origin) if !quiet => {
                Some(format!("{origin}: already stored, unchanged"))
            }
            Notice::Undated { origin, what } => {
                Some(format!("{origin}: undated, not on the timeline: {what}"))
            }
            Notice::Done => {
                if let Some(b) = &bar {
                    b.inc(1);
                }
                None
            }
            _ => None,
        };
        if let Some(line) = line {
            match &bar {
                Some(b) => b.suspend(|| eprintln!("{line}")),
                None => eprintln!("{line}"),
            }
        }
    };
    let report = ingest::run(store, &extractor, &args.paths, &opts, &mut notify)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    eprintln!("{}", report.summary());
    Ok(if report.articles_failed > 0 { 1 } else { 0 })
}
