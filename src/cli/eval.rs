//! `annals eval events --gold DIR ARTICLE...`: ingest each article into a scratch
//! in-memory database and score its events against `DIR/<article stem>.json`.
//! `annals eval timex --gold DIR [--system DIR]`: TempEval-3 Task A figures of TimeML
//! files against gold ones of the same name (without --system, annals tags the gold files
//! itself, so one command reproduces the published figures).

use annals::article::{self, ReadOptions};
use annals::error::{Error, Result};
use annals::eval::{self, Score};
use annals::event::Extractor;
use annals::query::Filter;
use annals::store::Store;
use annals::temporal::timeml;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  annals eval events --gold ../shared/dev/gold ../shared/dev/articles\n  annals eval timex --gold ../shared/tempeval3/train"
)]
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
    /// Score TIMEX3 tags TempEval-3 style (Task A: spans, type, value)
    #[command(
        after_help = "Examples:\n  annals eval timex --gold ../shared/tempeval3/train\n  annals timex --out-dir /tmp/sys ../shared/tempeval3/train\n  annals eval timex --gold ../shared/tempeval3/train --system /tmp/sys"
    )]
    Timex(EvalTimexArgs),
}

#[derive(Debug, Args)]
pub struct EvalTimexArgs {
    /// Folder of gold TimeML (.tml) files, searched recursively
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,
    /// Folder of system TimeML files with the gold files' names [default: annals tags the
    /// gold files itself]
    #[arg(long, value_name = "DIR")]
    pub system: Option<PathBuf>,
    /// Print one line of figures per document
    #[arg(long, short)]
    pub verbose: bool,
    /// Print every miss (FN), false alarm (FP) and span or value mismatch (MM), tab-separated
    #[arg(long)]
    pub errors: bool,
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
        EvalCommand::Timex(a) => run_timex(a),
    }
}

fn run_timex(args: EvalTimexArgs) -> Result<i32> {
    let files = timeml::tml_files(&args.gold).map_err(Error::Usage)?;
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "no .tml files under {}: --gold needs a folder of TimeML files",
            args.gold.display()
        )));
    }
    // System files are found by file name wherever they sit under --system.
    let system_files: std::collections::HashMap<std::ffi::OsString, PathBuf> = match &args.system {
        Some(dir) => timeml::tml_files(dir)
            .map_err(Error::Usage)?
            .into_iter()
            .filter_map(|p| Some((p.file_name()?.to_os_string(), p)))
            .collect(),
        None => Default::default(),
    };
    let mut total = timeml::Scores::default();
    let mut missing = Vec::new();
    for file in &files {
        let gold = std::fs::read_to_string(file).map_err(|e| Error::Io {
            path: file.clone(),
            source: e,
        })?;
        let system = match &args.system {
            None => timeml::annotate(&gold).unwrap_or_default(),
            Some(_) => {
                let found = file.file_name().and_then(|n| system_files.get(n));
                match found.map(|p| (p, std::fs::read_to_string(p))) {
                    Some((_, Ok(s))) => s,
                    Some((p, Err(e))) => {
                        return Err(Error::Io {
                            path: p.clone(),
                            source: e,
                        })
                    }
                    None => {
                        missing.push(file.clone());
                        String::new()
                    }
                }
            }
        };
        let mut one = timeml::Scores::default();
        timeml::score_pair(&gold, &system, &mut one);
        if args.errors {
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
            print!(
                "{}",
                timeml::error_report(&name.unwrap_or_default(), &gold, &system)
            );
        }
        if args.verbose {
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
            println!(
                "{:<40} gold {:>3} sys {:>3} relaxed {:>3} strict {:>3} value {:>3}{}",
                name.unwrap_or_default(),
                one.gold,
                one.system,
                one.relaxed_matches,
                one.strict_matches,
                one.value_correct,
                if one.skipped > 0 { "  SKIPPED" } else { "" }
            );
        }
        total.add(&one);
    }
    if args.verbose {
        println!();
    }
    print!("{}", tempeval_table(&total));
    if !missing.is_empty() {
        eprintln!(
            "{} gold file(s) have no system file of the same name (scored as skipped), e.g. {}",
            missing.len(),
            missing
                .first()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        );
    }
    Ok(0)
}

/// The TempEval-3 Task A table: the official scorer's three blocks (figures in percent),
/// then the counts and accuracies they come from.
fn tempeval_table(s: &timeml::Scores) -> String {
    let (rp, rr, rf) = s.relaxed();
    let (sp, sr, sf) = s.strict();
    let pc = |x: f64| x * 100.0;
    format!(
        "=== Timex Performance (TempEval-3 Task A) ===\n\
         Strict Match\tF1\tP\tR\n\t\t{:.2}\t{:.2}\t{:.2}\n\
         Relaxed Match\tF1\tP\tR\n\t\t{:.2}\t{:.2}\t{:.2}\n\
         Attribute F1\tValue\tType\n\t\t{:.2}\t{:.2}\n\n\
         documents {} (skipped {}), gold {}, system {}, relaxed matches {}, strict matches {}\n\
         value accuracy {:.4}, type accuracy {:.4}\n",
        pc(sf),
        pc(sp),
        pc(sr),
        pc(rf),
        pc(rp),
        pc(rr),
        pc(s.value_f1()),
        pc(s.type_f1()),
        s.documents,
        s.skipped,
        s.gold,
        s.system,
        s.relaxed_matches,
        s.strict_matches,
        s.value_accuracy(),
        s.type_accuracy()
    )
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
