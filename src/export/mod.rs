//! Writers from events to the formats people and tools read: JSON, JSON Lines, CSV (with
//! Excel and long variants), TimelineJS3, vis-timeline, PLOVER JSONL, GDELT 2.0 TSV and a
//! self-contained HTML page.
//! Each writer takes events in the order the store gives them and writes bytes to any
//! `io::Write`; the record formats stream (one event in, one record out), the two
//! visualisation formats buffer because their document wraps every event. Writers never
//! panic on odd text; every I/O failure becomes `Error::Io` with path `<output>` and the
//! original `io::Error` as source, so the CLI can tell a closed pipe from a full disk.

mod csv_rows;
mod gdelt;
mod html;
mod json;
mod plover;
mod timelinejs;
mod vis;

use crate::error::{Error, Result};
use crate::model::{Event, EventType, Role};
use std::io::{self, Write};
use std::path::PathBuf;

pub use csv_rows::{CSV_HEADER, CSV_LONG_EXTRA};
pub use gdelt::{goldstein, quad_class, GDELT_COLUMNS};
pub use plover::{plover_context, plover_quad};

/// Output formats of `annals export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON array, one object per event.
    Json,
    /// The same objects as `json`, one per line.
    Jsonl,
    /// One row per event (or per event-actor pair with `--long`).
    Csv,
    /// Knight Lab TimelineJS3 JSON document.
    Timelinejs,
    /// vis-timeline `{items, groups}` document.
    Vis,
    /// PLOVER event records, one JSON object per line.
    Plover,
    /// GDELT 2.0 events table: 61 tab-separated columns, no header.
    Gdelt,
    /// A self-contained HTML page: the timeline with sources and evidence.
    Html,
}

/// Format-specific switches.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// CSV: UTF-8 BOM + CRLF for Excel.
    pub excel: bool,
    /// CSV: one row per event-actor pair.
    pub long: bool,
}

/// What the lanes of the visual formats (TimelineJS `group`, vis groups, HTML lanes) are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Group {
    /// One lane per PLOVER event type.
    #[default]
    Type,
    /// One lane per actor: the actor who acts (or the first side of a joint act).
    Actor,
}

/// Version of the event object written by `json`, `jsonl` (field `schema_version`) and
/// described by `EVENT_SCHEMA`. Bumped when a field is removed or changes meaning; adding a
/// field does not bump it.
pub const SCHEMA_VERSION: u32 = 1;

/// JSON Schema (draft 2020-12) of one exported event object; `annals export --schema`.
pub const EVENT_SCHEMA: &str = include_str!("event.schema.json");

/// Lane label of an event when lanes are actors: who acts, else who is acted upon, else
/// who reported it, so every event lands in exactly one lane.
pub fn lane_actor(event: &Event) -> String {
    acting_actors(event)
        .chain(target_actors(event))
        .chain(event.actors.iter())
        .map(|a| a.name.trim())
        .find(|n| !n.is_empty())
        .unwrap_or("(no actor)")
        .to_string()
}

/// The lane of `event` under `group`.
pub fn lane_of(event: &Event, group: Group) -> String {
    match group {
        Group::Type => event.event_type.as_str().to_string(),
        Group::Actor => lane_actor(event),
    }
}

/// Title of the TimelineJS title slide and of the HTML page unless the caller names one.
pub const DEFAULT_TITLE: &str = "annals timeline";

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
    writer_with_title(format, out, opts, DEFAULT_TITLE)
}

/// As `writer_with_title`, with the lanes the visual formats (TimelineJS, vis, HTML) use.
pub fn writer_grouped<'a>(
    format: Format,
    out: Box<dyn Write + 'a>,
    opts: &ExportOptions,
    title: &str,
    group: Group,
) -> Box<dyn EventWriter + 'a> {
    match format {
        Format::Timelinejs => Box::new(timelinejs::TimelineJsWriter::new(out, title, group)),
        Format::Vis => Box::new(vis::VisWriter::new(out, group)),
        Format::Html => Box::new(html::HtmlWriter::new(out, title, group)),
        other => writer_with_title(other, out, opts, title),
    }
}

/// As `writer`, with the title the document formats (TimelineJS, HTML) show; the others
/// ignore it. A separate function rather than an `ExportOptions` field so that callers
/// building the options with a struct literal keep compiling.
pub fn writer_with_title<'a>(
    format: Format,
    out: Box<dyn Write + 'a>,
    opts: &ExportOptions,
    title: &str,
) -> Box<dyn EventWriter + 'a> {
    match format {
        Format::Json => Box::new(json::JsonWriter::new(out, false)),
        Format::Jsonl => Box::new(json::JsonWriter::new(out, true)),
        Format::Csv => Box::new(csv_rows::CsvWriter::new(out, opts)),
        Format::Timelinejs => Box::new(timelinejs::TimelineJsWriter::new(out, title, Group::Type)),
        Format::Vis => Box::new(vis::VisWriter::new(out, Group::Type)),
        Format::Plover => Box::new(plover::PloverWriter::new(out)),
        Format::Gdelt => Box::new(gdelt::GdeltWriter::new(out)),
        Format::Html => Box::new(html::HtmlWriter::new(out, title, Group::Type)),
    }
}

/// The DESIGN.md JSON object of one event (plus `date_display`, `source_count`, actor `key`
/// and source `title` / evidence offsets). The `json` and `jsonl` writers stream the same
/// object with its fields in DESIGN.md's order; a `Value` sorts its keys.
pub fn event_json(event: &Event) -> serde_json::Value {
    serde_json::to_value(json::JsonEvent::new(event)).unwrap_or_default()
}

/// Every writer reports write failures the same way: the output has no path of its own, and
/// the `io::Error` stays the source so `ErrorKind::BrokenPipe` remains visible.
pub(crate) fn output_error(source: io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("<output>"),
        source,
    }
}

/// serde_json hands back the underlying `io::Error` (kind intact) for I/O failures.
pub(crate) fn json_error(e: serde_json::Error) -> Error {
    output_error(io::Error::from(e))
}

/// Escape text for HTML element content and attribute values (TimelineJS and vis render
/// their strings as HTML; headlines from news text contain `&` and `<` often enough).
pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Only http(s) URLs become links: a `javascript:` URL in a feed must not become clickable.
pub(crate) fn is_web_link(url: &str) -> bool {
    let u = url.trim_start().to_ascii_lowercase();
    u.starts_with("http://") || u.starts_with("https://")
}

/// The event's non-empty mode, if any (an empty string from a store is no mode).
pub(crate) fn mode_of(event: &Event) -> Option<&str> {
    event
        .mode
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
}

/// Actors that do the action: the source(s), or the sides of a joint action. Reporters are
/// who said it, not who did it.
pub(crate) fn acting_actors(event: &Event) -> impl Iterator<Item = &crate::model::EventActor> {
    event
        .actors
        .iter()
        .filter(|a| matches!(a.role, Role::Source | Role::Participant))
}

/// Actors acted upon (hosts, the threatened).
pub(crate) fn target_actors(event: &Event) -> impl Iterator<Item = &crate::model::EventActor> {
    event.actors.iter().filter(|a| a.role == Role::Target)
}

/// Distinct values in first-seen order: sources often repeat a publisher or a URL.
pub(crate) fn distinct<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for item in items {
        if !item.is_empty() && !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

/// PLOVER's type name as PLOVER documents write it ("CONSULT").
pub(crate) fn plover_type(t: EventType) -> String {
    t.as_str().to_ascii_uppercase()
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Fixed events shared by the format tests: the Lavrov visit of DESIGN.md and a planned
    //! joint drill with awkward text.
    use super::{writer, ExportOptions, Format};
    use crate::model::*;
    use chrono::NaiveDate;
    use std::cell::RefCell;
    use std::io::{self, Write};
    use std::rc::Rc;

    /// A `Write` the test can read back after the writer (which owns a box of it) is done.
    #[derive(Clone, Default)]
    pub struct Shared(Rc<RefCell<Vec<u8>>>);
    impl Shared {
        /// What has been written so far, as text.
        pub fn text(&self) -> String {
            String::from_utf8(self.0.borrow().clone()).unwrap_or_default()
        }
    }
    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Everything `format` writes for `events`, as bytes.
    pub fn export_bytes(format: Format, events: &[Event], opts: &ExportOptions) -> Vec<u8> {
        let sink = Shared::default();
        let mut w = writer(format, Box::new(sink.clone()), opts);
        for e in events {
            assert!(w.write(e).is_ok());
        }
        assert!(w.finish().is_ok());
        let bytes = sink.0.borrow().clone();
        bytes
    }

    /// Everything `format` writes for `events` with default options, as text.
    pub fn export(format: Format, events: &[Event]) -> String {
        let bytes = export_bytes(format, events, &ExportOptions::default());
        String::from_utf8(bytes).unwrap_or_default()
    }

    pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    pub fn actor(key: &str, name: &str, kind: ActorKind, country: &str, role: Role) -> EventActor {
        EventActor {
            key: key.to_string(),
            name: name.to_string(),
            kind,
            country: if country.is_empty() {
                None
            } else {
                Some(country.to_string())
            },
            role,
        }
    }

    /// DESIGN.md's example event, id 3.
    pub fn lavrov_visit() -> Event {
        Event {
            id: Some(3),
            date: DateRange::days(ymd(2023, 10, 18), ymd(2023, 10, 19)),
            status: Status::Occurred,
            event_type: EventType::Consult,
            mode: Some("visit".into()),
            cameo: "042".into(),
            summary: "Sergei Lavrov visits Pyongyang".into(),
            location: Some("Pyongyang".into()),
            actors: vec![
                actor(
                    "sergei-lavrov",
                    "Sergei Lavrov",
                    ActorKind::Person,
                    "RUS",
                    Role::Source,
                ),
                actor("PRK", "North Korea", ActorKind::State, "PRK", Role::Target),
            ],
            sources: vec![Source {
                article_id: Some(1),
                publisher: Some("The Korea Herald".into()),
                url: None,
                title: Some("Kim meets Lavrov".into()),
                published: ymd(2023, 10, 20),
                evidence: "The two-day trip from Wednesday ...".into(),
                evidence_start: 120,
                evidence_end: 155,
                time_expression: Some("from Wednesday".into()),
                attributed_to: None,
                ingested_at: None,
            }],
        }
    }

    /// A planned joint drill whose text tries every trap: quotes, commas, newlines, a
    /// leading `=`, curly quotes and an em dash, two sources from one publisher.
    pub fn planned_drill() -> Event {
        let source = |url: &str, evidence: &str, attributed: Option<&str>| Source {
            article_id: Some(2),
            publisher: Some("Yonhap".into()),
            url: Some(url.into()),
            title: Some("Allies to stage \"first\" air drills".into()),
            published: ymd(2023, 10, 20),
            evidence: evidence.into(),
            evidence_start: 0,
            evidence_end: evidence.len(),
            time_expression: Some("likely on Sunday".into()),
            attributed_to: attributed.map(str::to_string),
            ingested_at: None,
        };
        Event {
            id: Some(4),
            date: DateRange::day(ymd(2023, 10, 22)),
            status: Status::Planned,
            event_type: EventType::Cooperate,
            mode: None,
            cameo: "062".into(),
            summary: "=HYPERLINK(\"x\") South Korea, US, Japan — “first” joint air drills".into(),
            location: None,
            actors: vec![
                actor(
                    "KOR",
                    "South Korea",
                    ActorKind::State,
                    "KOR",
                    Role::Participant,
                ),
                actor(
                    "USA",
                    "United States",
                    ActorKind::State,
                    "USA",
                    Role::Participant,
                ),
                actor("JPN", "Japan", ActorKind::State, "JPN", Role::Participant),
                actor("kcna", "KCNA", ActorKind::Media, "PRK", Role::Reporter),
            ],
            sources: vec![
                source(
                    "https://example.com/a?x=1&y=2",
                    "The drills will\nlikely take place on Sunday, an official said.",
                    Some("a defense ministry official"),
                ),
                source(
                    "https://example.com/b",
                    "-The allies plan their first joint air drills.",
                    None,
                ),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink that refuses every write with a chosen kind, as a closed stdout pipe does.
    struct Refusing(io::ErrorKind);
    impl Write for Refusing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::new(self.0, "refused"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::new(self.0, "refused"))
        }
    }

    #[test]
    fn broken_pipe_stays_visible_in_every_format() {
        for format in [
            Format::Json,
            Format::Jsonl,
            Format::Csv,
            Format::Timelinejs,
            Format::Vis,
            Format::Plover,
            Format::Gdelt,
            Format::Html,
        ] {
            let mut w = writer(
                format,
                Box::new(Refusing(io::ErrorKind::BrokenPipe)),
                &ExportOptions::default(),
            );
            let mut result = w.write(&fixtures::lavrov_visit());
            if result.is_ok() {
                result = w.finish();
            }
            match result {
                Err(Error::Io { path, source }) => {
                    assert_eq!(path, PathBuf::from("<output>"), "{format:?}");
                    assert_eq!(source.kind(), io::ErrorKind::BrokenPipe, "{format:?}");
                }
                other => panic!("{format:?}: expected Io error, got {other:?}"),
            }
        }
    }

    #[test]
    fn event_json_has_design_fields_with_iso_dates_and_string_cameo() {
        let v = event_json(&fixtures::lavrov_visit());
        assert_eq!(v["id"], 3);
        assert_eq!(v["date_start"], "2023-10-18");
        assert_eq!(v["date_end"], "2023-10-19");
        assert_eq!(v["precision"], "day");
        assert_eq!(v["status"], "occurred");
        assert_eq!(v["type"], "consult");
        assert_eq!(v["mode"], "visit");
        assert_eq!(v["cameo"], "042");
        assert_eq!(v["date_display"], "18–19 Oct 2023");
        assert_eq!(v["source_count"], 1);
        assert_eq!(v["actors"][1]["country"], "PRK");
        assert_eq!(v["sources"][0]["url"], serde_json::Value::Null);
    }

    #[test]
    fn html_escape_neutralises_markup_in_headlines() {
        assert_eq!(
            html_escape("AT&T <b>\"x\"</b>"),
            "AT&amp;T &lt;b&gt;&quot;x&quot;&lt;/b&gt;"
        );
    }
}
