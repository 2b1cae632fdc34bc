//! `annals show ID`: one event with every source, sentence and time expression, as text
//! for people or as the JSON object of `annals export --format json` for scripts.

use super::timeline::io_err;
use annals::display;
use annals::error::{Error, Result};
use annals::export;
use annals::store::Store;
use clap::{Args, ValueEnum};
use std::io::Write;

/// Output of `annals show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ShowFormat {
    /// Labelled fields and every source sentence
    #[default]
    Text,
    /// The event object of `annals export --format json`
    Json,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  annals show 3\n  annals show 3 --format json")]
pub struct ShowArgs {
    /// Event id (the ID column of `annals timeline`)
    pub id: i64,
    /// Output format
    #[arg(long, short, value_enum, default_value = "text")]
    pub format: ShowFormat,
}

pub fn run(store: &Store, args: ShowArgs) -> Result<i32> {
    let Some(event) = store.event(args.id)? else {
        return Err(Error::Usage(format!(
            "no event {}; `annals timeline` lists the ids",
            args.id
        )));
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        ShowFormat::Text => display::write_detail(&mut out, &event)?,
        ShowFormat::Json => {
            let text = serde_json::to_string_pretty(&export::event_json(&event))
                .unwrap_or_else(|_| "null".into());
            writeln!(out, "{text}").map_err(io_err)?;
        }
    }
    out.flush().map_err(io_err)?;
    Ok(0)
}
