//! `annals log`: history of changes. Placeholder until built.

use annals::error::{Error, Result};
use annals::store::Store;
use clap::Args;

#[derive(Debug, Args)]
pub struct LogArgs {}

pub fn run(_store: &Store, _args: LogArgs) -> Result<i32> {
    Err(Error::Usage("`annals log` is not built yet".into()))
}
