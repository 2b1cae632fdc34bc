//! `annals event`: hand corrections of events. Placeholder until built.

use annals::error::{Error, Result};
use annals::store::Store;
use clap::Args;

#[derive(Debug, Args)]
pub struct EventArgs {}

pub fn run(_store: &mut Store, _args: EventArgs) -> Result<i32> {
    Err(Error::Usage("`annals event` is not built yet".into()))
}
