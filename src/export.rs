//! Writers from events to the formats people and tools read: JSON, JSON Lines, CSV (with
//! Excel and long variants), and later TimelineJS, vis-timeline, PLOVER, GDELT, HTML.
//! Each writer streams: one event in, bytes out, on any `io::Write`. OWNER: export helper.

use crate::error::Result;
use crate::model::Event;
use std::io::Write;

/// Output formats of `annals export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
}

/// Format-specific switches.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// CSV: UTF-8 BOM + CRLF for Excel.
    pub excel: bool,
    /// CSV: one row per event-actor pair.
    pub long: bool,
}

/// A streaming writer: `write` each event in order, then `finish`.
pub trait EventWriter {
    fn write(&mut self, event: &Event) -> Result<()>;
    fn finish(&mut self) -> Result<()>;
}

/// The writer for `format` over `out`.
pub fn writer<'a>(
    format: Format,
    out: Box<dyn Write + 'a>,
    opts: &ExportOptions,
) -> Box<dyn EventWriter + 'a> {
    let _ = (format, out, opts);
    todo!()
}

/// The DESIGN.md JSON object of one event.
pub fn event_json(event: &Event) -> serde_json::Value {
    let _ = event;
    todo!()
}
