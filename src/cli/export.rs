//! `annals export --format F [filters] [-o FILE]`: stream events to a file or stdout, in
//! the record formats (json, jsonl, csv, plover, gdelt) or the visual ones (timelinejs, vis,
//! html) with lanes by type or actor. `--schema` prints the JSON Schema of the event object.

use super::FilterArgs;
use annals::error::{Error, Result};
use annals::export::{self, ExportOptions, Format, Group};
use annals::store::Store;
use clap::Args;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  annals export --format json > events.json\n  annals export --format jsonl --status planned\n  annals export --format csv --excel -o events.csv\n  annals export --format csv --long --actor \"South Korea\" --from 2023 -o pairs.csv\n  annals export --format timelinejs --group actor -o timeline.json\n  annals export --format vis -o vis.json\n  annals export --format plover > plover.jsonl\n  annals export --format gdelt > events.tsv\n  annals export --format html --group actor --title \"Korea 2023\" -o timeline.html\n  annals export --schema > event.schema.json"
)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, short, value_enum, default_value = "json")]
    pub format: Format,
    /// Write here instead of stdout (refuses to replace a file without --force)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists
    #[arg(long)]
    pub force: bool,
    /// CSV: UTF-8 BOM and CRLF line ends, for Excel
    #[arg(long)]
    pub excel: bool,
    /// CSV: one row per event-actor pair, for pivot tables
    #[arg(long)]
    pub long: bool,
    /// timelinejs, vis, html: lanes (groups) by event type or by acting actor
    #[arg(long, value_enum, default_value = "type")]
    pub group: Group,
    /// timelinejs, html: the title shown on the page / title slide
    #[arg(long, default_value = export::DEFAULT_TITLE)]
    pub title: String,
    /// Print the JSON Schema of the json/jsonl event object and exit
    #[arg(long)]
    pub schema: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(store: &Store, args: ExportArgs) -> Result<i32> {
    if args.schema {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        out.write_all(export::EVENT_SCHEMA.as_bytes())
            .and_then(|()| out.flush())
            .map_err(super::timeline::io_err)?;
        return Ok(0);
    }
    let filter = args.filter.to_filter()?;
    if (args.excel || args.long) && args.format != Format::Csv {
        return Err(Error::Usage(
            "--excel and --long apply to --format csv only".into(),
        ));
    }
    let opts = ExportOptions {
        excel: args.excel,
        long: args.long,
    };
    match &args.output {
        None => {
            let stdout = std::io::stdout();
            let out: Box<dyn Write> = Box::new(BufWriter::new(stdout.lock()));
            write_all(store, &filter, &args, out, &opts)?;
        }
        Some(path) => {
            if path.exists() && !args.force {
                return Err(Error::Usage(format!(
                    "{}: exists; pass --force to replace it",
                    path.display()
                )));
            }
            // Write beside the target and rename, so a failed export never leaves half a
            // file where the old one was.
            let tmp = path.with_extension("annals-tmp");
            let file = File::create(&tmp).map_err(|e| Error::Io {
                path: tmp.clone(),
                source: e,
            })?;
            let res = write_all(store, &filter, &args, Box::new(BufWriter::new(file)), &opts);
            if let Err(e) = res {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
            std::fs::rename(&tmp, path).map_err(|e| Error::Io {
                path: path.clone(),
                source: e,
            })?;
        }
    }
    Ok(0)
}

fn write_all(
    store: &Store,
    filter: &annals::query::Filter,
    args: &ExportArgs,
    out: Box<dyn Write + '_>,
    opts: &ExportOptions,
) -> Result<()> {
    let mut w = export::writer_grouped(args.format, out, opts, &args.title, args.group);
    store.for_each_event(filter, &mut |e| w.write(&e))?;
    w.finish()
}
