//! Timeline filters: what a person asks for (`--actor`, `--from 2023-08`, `--type`...),
//! parsed and validated into a `Filter` the store turns into SQL. OWNER: store helper.

use crate::error::Result;
use crate::model::{EventType, Status};
use chrono::NaiveDate;

/// Which events to return. Every field narrows; `Default` returns all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Any alias of an actor ("Pyongyang", "the North" resolves through the alias table).
    pub actor: Option<String>,
    /// Events whose range ends on or after this day.
    pub from: Option<NaiveDate>,
    /// Events whose range starts on or before this day.
    pub to: Option<NaiveDate>,
    pub event_type: Option<EventType>,
    pub status: Option<Status>,
    /// Full-text query over summaries and evidence (FTS5 syntax).
    pub text: Option<String>,
    /// Publisher or URL substring of any source.
    pub source: Option<String>,
    pub limit: Option<usize>,
}

/// Parse "2023", "2023-08" or "2023-08-18" as the first (`end = false`) or last day of
/// the period it names.
pub fn parse_partial_date(s: &str, end: bool) -> Result<NaiveDate> {
    let _ = (s, end);
    todo!()
}
