//! `annals timex`: tag time expressions. Placeholder until built.

use annals::error::{Error, Result};
use clap::Args;

#[derive(Debug, Args)]
pub struct TimexArgs {}

pub fn run(_args: TimexArgs) -> Result<i32> {
    Err(Error::Usage("`annals timex` is not built yet".into()))
}
