//! annals: news articles in, dated geopolitical events out, kept in one SQLite file and
//! served as a timeline. The library holds every stage; the `annals` binary is the CLI
//! definition plus glue.
//!
//! Data flow: `article` (readers) → `sentence` (split with offsets) → `temporal` (time
//! expressions resolved against the publication date) → `actor` (gazetteer mentions) →
//! `event` (typed, dated events with sources) → `merge` → `store` (SQLite) → `query` →
//! `export` / `display`.

pub mod actor;
pub mod article;
pub mod display;
pub mod error;
pub mod eval;
pub mod event;
pub mod export;
#[doc(hidden)]
pub mod fuzz_entry;
pub mod ingest;
pub mod merge;
pub mod model;
pub mod query;
pub mod sentence;
pub mod store;
pub mod temporal;

pub use error::{Error, Result};
