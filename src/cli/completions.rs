//! `annals completions`: shell completions. Placeholder until built.

use annals::error::{Error, Result};
use clap::Args;

#[derive(Debug, Args)]
pub struct CompletionsArgs {}

pub fn run(_args: CompletionsArgs) -> Result<i32> {
    Err(Error::Usage("`annals completions` is not built yet".into()))
}
