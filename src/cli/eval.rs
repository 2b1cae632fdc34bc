//! `annals eval events --gold DIR ARTICLE...`: ingest each article into a scratch
//! in-memory database and score its events against `DIR/<article stem>.json`.

use annals::article::{self, ReadOptions};
use annals::error::{Error, Result};
use annals::eval::{self, Score};
use annals::event::Extractor;
use annals::query::Filter;
use annals::store::Store;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    pub what: EvalCommand,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Score extracted events against gold event files
    #[command(
        after_help = "Example:\n  annals eval events --gold ../shared/dev/gold ../shared/dev/articles"
    )]
    Events(EvalEventsArgs),
}

#[derive(Debug, Args)]
pub struct EvalEventsArgs {
    /// Folder of gold files named like the articles, with .json
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,
    /// Article files or folders
    #[arg(required = true, value_name = "ARTICLE")]
    pub articles: Vec<PathBuf>,
    /// Print every missed and every extra event
    #[arg(long, short)]
    pub verbose: bool,
}

pub fn run(args: EvalArgs) -> Result<i32> {
    match args.what {
        EvalCommand::Events(a) => run_events(a),
    }
}

fn run_events(args: EvalEventsArgs) -> Result<i32> {
    let extractor = Extractor::builtin()?;
    let files = article::expand_paths(&args.articles)?;
    let mut total = Score::default();
    println!(
        "{:<60} {:>4} {:>4} {:>4} {:>6} {:>6}",
        "article", "gold", "sys", "hit", "recall", "prec"
    );
    for file in files {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let gold_path = args.gold.join(format!("{stem}.json"));
        let gold_text = std::fs::read_to_string(&gold_path).map_err(|e| Error::Io {
            path: gold_path.clone(),
            source: e,
        })?;
        let gold = eval::parse_gold(&gold_path.display().to_string(), &gold_text)?;
        let mut store = Store::open_in_memory()?;
        store.sync_actors(&extractor.gazetteer)?;
        for a in article::read_path(&file, &ReadOptions::default()) {
            let a = a?;
            let ex = extractor.extract(&a);
            store.ingest(&a, ex.events)?;
        }
        let mut events = Vec::new();
        store.for_each_event(&Filter::default(), &mut |e| {
            events.push(e);
            Ok(())
        })?;
        let s = eval::score(&stem, &gold, &events, &extractor.gazetteer);
        println!(
            "{:<60} {:>4} {:>4} {:>4} {:>6.2} {:>6.2}",
            stem,
            s.gold,
            s.system,
            s.matched,
            s.recall(),
            s.precision()
        );
        total.add(s);
    }
    println!(
        "\nall: gold {} system {} matched {}  recall {:.3}  precision {:.3}  F1 {:.3}  type agreement {:.3}  status agreement {:.3}",
        total.gold,
        total.system,
        total.matched,
        total.recall(),
        total.precision(),
        total.f1(),
        total.type_agreement(),
        total.status_agreement()
    );
    if args.verbose {
        for m in total.misses.iter().chain(total.extras.iter()) {
            println!("{m}");
        }
    } else if !total.misses.is_empty() {
        println!("\nmissed ({}):", total.misses.len());
        for m in &total.misses {
            println!("  {m}");
        }
    }
    Ok(0)
}
