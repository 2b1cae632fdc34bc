//! The human view: dates as people say them ("Aug 2023", "week of 16 Oct 2023",
//! "18–19 Oct 2023", "22 Oct 2023 (planned)"), the aligned timeline table and the
//! one-event detail of `annals show`. OWNER: export helper (stub until filled).

use crate::error::Result;
use crate::model::{DateRange, Event, Status};
use std::io::Write;

/// A date range as a person would write it, with "(planned)" / "(ongoing)" when not done.
pub fn human_date(range: &DateRange, status: Status) -> String {
    let _ = (range, status);
    todo!()
}

/// The timeline as an aligned table: id, date, type, actors, summary, sources.
pub fn write_table(out: &mut dyn Write, events: &[Event], color: bool) -> Result<()> {
    let _ = (out, events, color);
    todo!()
}

/// Everything about one event: fields, actors with roles, every source with its sentence
/// and time expression.
pub fn write_detail(out: &mut dyn Write, event: &Event) -> Result<()> {
    let _ = (out, event);
    todo!()
}
