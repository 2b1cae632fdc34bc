//! `annals show ID`: one event with every source, sentence and time expression.

use super::timeline::io_err;
use annals::display;
use annals::error::{Error, Result};
use annals::store::Store;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
#[command(after_help = "Example:\n  annals show 3")]
pub struct ShowArgs {
    /// Event id (the ID column of `annals timeline`)
    pub id: i64,
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
    display::write_detail(&mut out, &event)?;
    out.flush().map_err(io_err)?;
    Ok(0)
}
