//! JSON and JSON Lines: DESIGN.md's event object, streamed. `json` is one array written as
//! `[` + objects joined by `,\n` + `]` so a million events never sit in memory and the
//! output is still one valid document; `jsonl` is the same objects one per line. Every object
//! carries `schema_version`; `event.schema.json` documents the fields.

use super::{json_error, mode_of, output_error, EventWriter, SCHEMA_VERSION};
use crate::display::human_date;
use crate::error::Result;
use crate::model::{ActorKind, Event, EventType, Precision, Role, Status};
use chrono::NaiveDate;
use serde::Serialize;
use std::io::{BufWriter, Write};

/// One event as DESIGN.md fixes it; field order here is the order in the output.
#[derive(Serialize)]
pub(crate) struct JsonEvent<'a> {
    /// `SCHEMA_VERSION`, on every object so a single JSON Lines record is self-describing.
    schema_version: u32,
    id: Option<i64>,
    date_start: NaiveDate,
    date_end: NaiveDate,
    precision: Precision,
    date_display: String,
    status: Status,
    #[serde(rename = "type")]
    event_type: EventType,
    mode: Option<&'a str>,
    cameo: &'a str,
    summary: &'a str,
    location: Option<&'a str>,
    actors: Vec<JsonActor<'a>>,
    source_count: usize,
    sources: Vec<JsonSource<'a>>,
}

#[derive(Serialize)]
struct JsonActor<'a> {
    name: &'a str,
    kind: ActorKind,
    country: Option<&'a str>,
    role: Role,
    key: &'a str,
}

#[derive(Serialize)]
struct JsonSource<'a> {
    article_id: Option<i64>,
    publisher: Option<&'a str>,
    url: Option<&'a str>,
    title: Option<&'a str>,
    published: NaiveDate,
    evidence: &'a str,
    evidence_start: usize,
    evidence_end: usize,
    time_expression: Option<&'a str>,
    attributed_to: Option<&'a str>,
}

impl<'a> JsonEvent<'a> {
    pub(crate) fn new(e: &'a Event) -> Self {
        JsonEvent {
            schema_version: SCHEMA_VERSION,
            id: e.id,
            date_start: e.date.start,
            date_end: e.date.end,
            precision: e.date.precision,
            date_display: human_date(&e.date, e.status),
            status: e.status,
            event_type: e.event_type,
            mode: mode_of(e),
            cameo: &e.cameo,
            summary: &e.summary,
            location: e.location.as_deref(),
            actors: e
                .actors
                .iter()
                .map(|a| JsonActor {
                    name: &a.name,
                    kind: a.kind,
                    country: a.country.as_deref(),
                    role: a.role,
                    key: &a.key,
                })
                .collect(),
            source_count: e.sources.len(),
            sources: e
                .sources
                .iter()
                .map(|s| JsonSource {
                    article_id: s.article_id,
                    publisher: s.publisher.as_deref(),
                    url: s.url.as_deref(),
                    title: s.title.as_deref(),
                    published: s.published,
                    evidence: &s.evidence,
                    evidence_start: s.evidence_start,
                    evidence_end: s.evidence_end,
                    time_expression: s.time_expression.as_deref(),
                    attributed_to: s.attributed_to.as_deref(),
                })
                .collect(),
        }
    }
}

/// `json` (one array) or `jsonl` (one object per line).
pub(crate) struct JsonWriter<'a> {
    out: BufWriter<Box<dyn Write + 'a>>,
    lines: bool,
    written: usize,
    finished: bool,
}

impl<'a> JsonWriter<'a> {
    pub(crate) fn new(out: Box<dyn Write + 'a>, lines: bool) -> Self {
        JsonWriter {
            out: BufWriter::new(out),
            lines,
            written: 0,
            finished: false,
        }
    }
}

impl EventWriter for JsonWriter<'_> {
    fn write(&mut self, event: &Event) -> Result<()> {
        if !self.lines {
            let sep: &[u8] = if self.written == 0 { b"[" } else { b",\n" };
            self.out.write_all(sep).map_err(output_error)?;
        }
        serde_json::to_writer(&mut self.out, &JsonEvent::new(event)).map_err(json_error)?;
        if self.lines {
            self.out.write_all(b"\n").map_err(output_error)?;
        }
        self.written += 1;
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        if self.finished {
            return Ok(());
        }
        self.finished = true;
        if !self.lines {
            // A trailing newline keeps shells and `diff` happy; parsers ignore it.
            let close: &[u8] = if self.written == 0 { b"[]\n" } else { b"]\n" };
            self.out.write_all(close).map_err(output_error)?;
        }
        self.out.flush().map_err(output_error)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::export;
    use super::super::fixtures::{lavrov_visit, planned_drill};
    use super::super::Format;
    use serde_json::Value;

    #[test]
    fn empty_json_export_is_an_empty_array() {
        assert_eq!(export(Format::Json, &[]), "[]\n");
        assert_eq!(export(Format::Jsonl, &[]), "");
    }

    #[test]
    fn json_export_is_one_array_in_the_given_order() {
        let text = export(Format::Json, &[planned_drill(), lavrov_visit()]);
        let v: Value = serde_json::from_str(&text).unwrap_or_default();
        let items = v.as_array().cloned().unwrap_or_default();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["id"], 4);
        assert_eq!(items[1]["id"], 3);
        assert!(text.contains("},\n{"), "objects separated by ,\\n: {text}");
    }

    #[test]
    fn json_object_snapshot_for_the_design_example() {
        let text = export(Format::Json, &[lavrov_visit()]);
        let expected = concat!(
            r#"[{"schema_version":1,"id":3,"date_start":"2023-10-18","date_end":"2023-10-19","precision":"day","#,
            r#""date_display":"18–19 Oct 2023","status":"occurred","type":"consult","mode":"visit","#,
            r#""cameo":"042","summary":"Sergei Lavrov visits Pyongyang","location":"Pyongyang","#,
            r#""actors":[{"name":"Sergei Lavrov","kind":"person","country":"RUS","role":"source","key":"sergei-lavrov"},"#,
            r#"{"name":"North Korea","kind":"state","country":"PRK","role":"target","key":"PRK"}],"#,
            r#""source_count":1,"sources":[{"article_id":1,"publisher":"The Korea Herald","url":null,"#,
            r#""title":"Kim meets Lavrov","published":"2023-10-20","evidence":"The two-day trip from Wednesday ...","#,
            r#""evidence_start":120,"evidence_end":155,"time_expression":"from Wednesday","attributed_to":null}]}]"#,
            "\n"
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn every_object_names_its_schema_version_and_the_schema_lists_every_field() {
        let text = export(Format::Jsonl, &[lavrov_visit()]);
        let v: Value = serde_json::from_str(text.trim()).unwrap_or_default();
        assert_eq!(v["schema_version"], super::SCHEMA_VERSION);
        let schema: Value = serde_json::from_str(super::super::EVENT_SCHEMA).unwrap_or_default();
        assert_eq!(
            schema["properties"]["schema_version"]["const"],
            super::SCHEMA_VERSION
        );
        let keys = |v: &Value| -> Vec<String> {
            let mut k: Vec<String> = v
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            k.sort();
            k
        };
        assert_eq!(keys(&v), keys(&schema["properties"]));
        assert_eq!(
            keys(&v["actors"][0]),
            keys(&schema["$defs"]["actor"]["properties"])
        );
        assert_eq!(
            keys(&v["sources"][0]),
            keys(&schema["$defs"]["source"]["properties"])
        );
    }

    #[test]
    fn jsonl_has_one_parseable_object_per_line_with_text_intact() {
        let text = export(Format::Jsonl, &[lavrov_visit(), planned_drill()]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        let second: Value = serde_json::from_str(lines[1]).unwrap_or_default();
        assert_eq!(second["status"], "planned");
        assert_eq!(second["mode"], Value::Null);
        assert_eq!(second["date_display"], "22 Oct 2023 (planned)");
        assert_eq!(second["source_count"], 2);
        assert_eq!(
            second["sources"][0]["evidence"],
            "The drills will\nlikely take place on Sunday, an official said."
        );
        assert!(second["summary"]
            .as_str()
            .unwrap_or_default()
            .contains("“first”"));
    }
}
