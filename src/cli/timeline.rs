//! `annals timeline`: the human view of the stored events, filtered, in time order.

use super::FilterArgs;
use annals::display;
use annals::error::{Error, Result};
use annals::store::Store;
use clap::Args;
use std::io::{IsTerminal, Write};

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  annals timeline\n  annals timeline --actor Pyongyang --from 2023-08 --to 2023-10\n  annals timeline --type consult --status planned\n  annals timeline --text \"air drills\""
)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(store: &Store, args: TimelineArgs) -> Result<i32> {
    let filter = args.filter.to_filter()?;
    let mut events = Vec::new();
    store.for_each_event(&filter, &mut |e| {
        events.push(e);
        Ok(())
    })?;
    let stdout = std::io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = stdout.lock();
    if events.is_empty() {
        writeln!(out, "no events match").map_err(io_err)?;
    } else {
        display::write_table(&mut out, &events, color)?;
    }
    out.flush().map_err(io_err)?;
    Ok(0)
}

pub(crate) fn io_err(e: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source: e,
    }
}
