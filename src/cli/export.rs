//! `annals export --format F [filters] [-o FILE]`: stream events to a file or stdout.

use super::FilterArgs;
use annals::error::{Error, Result};
use annals::export::{self, ExportOptions, Format};
use annals::store::Store;
use clap::Args;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  annals export --format json > events.json\n  annals export --format csv --excel -o events.csv\n  annals export --format csv --actor \"South Korea\" --from 2023"
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
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(store: &Store, args: ExportArgs) -> Result<i32> {
    let filter = args.filter.to_filter()?;
    let opts = ExportOptions {
        excel: args.excel,
        long: args.long,
    };
    match &args.output {
        None => {
            let stdout = std::io::stdout();
            let out: Box<dyn Write> = Box::new(BufWriter::new(stdout.lock()));
            write_all(store, &filter, args.format, out, &opts)?;
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
            let res = write_all(
                store,
                &filter,
                args.format,
                Box::new(BufWriter::new(file)),
                &opts,
            );
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
    format: Format,
    out: Box<dyn Write + '_>,
    opts: &ExportOptions,
) -> Result<()> {
    let mut w = export::writer(format, out, opts);
    store.for_each_event(filter, &mut |e| w.write(&e))?;
    w.finish()
}
