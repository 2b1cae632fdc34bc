//! `annals import`: CSV import. Placeholder until built.

use annals::error::{Error, Result};
use annals::store::Store;
use clap::Args;

#[derive(Debug, Args)]
pub struct ImportArgs {}

pub fn run(_store: &mut Store, _args: ImportArgs) -> Result<i32> {
    Err(Error::Usage("`annals import` is not built yet".into()))
}
