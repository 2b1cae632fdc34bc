//! `annals actors`: actor administration. Placeholder until built.

use annals::error::{Error, Result};
use annals::store::Store;
use clap::Args;

#[derive(Debug, Args)]
pub struct ActorsArgs {}

pub fn run(_store: &mut Store, _args: ActorsArgs) -> Result<i32> {
    Err(Error::Usage("`annals actors` is not built yet".into()))
}
