//! Knight Lab TimelineJS3 JSON: a title slide and one slide per event. TimelineJS dates are
//! partial by design, so each event carries only the parts its precision knows (a month
//! event has no day); fuzzy dates (week, quarter) and planned or ongoing events carry a
//! `display_date` in words, since TimelineJS has no status field. Slides are grouped by
//! event type (or, chosen by flag, by acting actor) and keep a stable `unique_id` ("event-<id>") for links. The document wraps
//! every event, so this writer buffers until `finish`.

use super::{html_escape, is_web_link, json_error, lane_of, output_error, EventWriter, Group};
use crate::display::{actors_brief, human_date};
use crate::error::Result;
use crate::model::{Event, Precision, Status};
use chrono::{Datelike, NaiveDate};
use serde_json::{json, Map, Value};
use std::io::{BufWriter, Write};

pub(crate) struct TimelineJsWriter<'a> {
    out: BufWriter<Box<dyn Write + 'a>>,
    title: String,
    group: Group,
    slides: Vec<Value>,
    finished: bool,
}

impl<'a> TimelineJsWriter<'a> {
    pub(crate) fn new(out: Box<dyn Write + 'a>, title: &str, group: Group) -> Self {
        TimelineJsWriter {
            out: BufWriter::new(out),
            title: title.to_string(),
            group,
            slides: Vec::new(),
            finished: false,
        }
    }
}

/// Which parts of a date TimelineJS should show.
#[derive(Clone, Copy)]
enum Parts {
    Year,
    Month,
    Day,
}

fn tl_date(d: NaiveDate, parts: Parts) -> Value {
    let mut m = Map::new();
    m.insert("year".into(), json!(d.year()));
    if matches!(parts, Parts::Month | Parts::Day) {
        m.insert("month".into(), json!(d.month()));
    }
    if matches!(parts, Parts::Day) {
        m.insert("day".into(), json!(d.day()));
    }
    Value::Object(m)
}

/// Start and (only when the event spans more than its own unit) end dates.
fn dates(e: &Event) -> (Value, Option<Value>) {
    let (s, t) = (e.date.start, e.date.end);
    let same_month = s.year() == t.year() && s.month() == t.month();
    match e.date.precision {
        Precision::Day | Precision::Week => (
            tl_date(s, Parts::Day),
            (s != t).then(|| tl_date(t, Parts::Day)),
        ),
        Precision::Month => (
            tl_date(s, Parts::Month),
            (!same_month).then(|| tl_date(t, Parts::Month)),
        ),
        // A quarter is three months: shown as a month span, labelled "Q3 2023".
        Precision::Quarter => (tl_date(s, Parts::Month), Some(tl_date(t, Parts::Month))),
        Precision::Year => (
            tl_date(s, Parts::Year),
            (s.year() != t.year()).then(|| tl_date(t, Parts::Year)),
        ),
    }
}

/// The slide body: who, then each source as a link with its sentence.
fn slide_text(e: &Event) -> String {
    let mut html = String::new();
    let actors = actors_brief(e);
    if !actors.is_empty() {
        html.push_str(&format!("<p>{}</p>", html_escape(&actors)));
    }
    if e.sources.is_empty() {
        return html;
    }
    html.push_str("<ul>");
    for s in &e.sources {
        let publisher = html_escape(s.publisher.as_deref().unwrap_or("source"));
        let name = match s.url.as_deref().filter(|u| is_web_link(u)) {
            Some(url) => format!("<a href=\"{}\">{publisher}</a>", html_escape(url)),
            None => publisher,
        };
        html.push_str(&format!(
            "<li>{name}, {}: “{}”</li>",
            s.published,
            html_escape(s.evidence.trim())
        ));
    }
    html.push_str("</ul>");
    html
}

pub(crate) fn slide(e: &Event, index: usize, group: Group) -> Value {
    let (start, end) = dates(e);
    let mut m = Map::new();
    m.insert("start_date".into(), start);
    if let Some(end) = end {
        m.insert("end_date".into(), end);
    }
    let fuzzy = matches!(e.date.precision, Precision::Week | Precision::Quarter);
    if fuzzy || e.status != Status::Occurred {
        m.insert("display_date".into(), json!(human_date(&e.date, e.status)));
    }
    m.insert(
        "text".into(),
        json!({"headline": html_escape(&e.summary), "text": slide_text(e)}),
    );
    m.insert("group".into(), json!(lane_of(e, group)));
    let id = match e.id {
        Some(id) => format!("event-{id}"),
        // Unstored events still need distinct ids for TimelineJS bookmarks.
        None => format!("event-new-{}", index + 1),
    };
    m.insert("unique_id".into(), json!(id));
    Value::Object(m)
}

impl EventWriter for TimelineJsWriter<'_> {
    fn write(&mut self, event: &Event) -> Result<()> {
        let index = self.slides.len();
        self.slides.push(slide(event, index, self.group));
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        if self.finished {
            return Ok(());
        }
        self.finished = true;
        let n = self.slides.len();
        let doc = json!({
            "title": {"text": {
                "headline": html_escape(&self.title),
                "text": format!("{n} event{}", if n == 1 { "" } else { "s" }),
            }},
            "events": std::mem::take(&mut self.slides),
        });
        serde_json::to_writer(&mut self.out, &doc).map_err(json_error)?;
        self.out.write_all(b"\n").map_err(output_error)?;
        self.out.flush().map_err(output_error)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{export, lavrov_visit, planned_drill, ymd};
    use super::super::Format;
    use crate::model::{DateRange, Precision};
    use serde_json::{json, Value};

    fn doc(events: &[crate::model::Event]) -> Value {
        serde_json::from_str(&export(Format::Timelinejs, events)).unwrap_or_default()
    }

    #[test]
    fn day_range_has_full_start_and_end_dates_and_unique_id() {
        let d = doc(&[lavrov_visit()]);
        let ev = &d["events"][0];
        assert_eq!(
            ev["start_date"],
            json!({"year": 2023, "month": 10, "day": 18})
        );
        assert_eq!(
            ev["end_date"],
            json!({"year": 2023, "month": 10, "day": 19})
        );
        assert_eq!(ev["unique_id"], "event-3");
        assert_eq!(ev["group"], "consult");
        assert_eq!(ev["text"]["headline"], "Sergei Lavrov visits Pyongyang");
        assert!(ev.get("display_date").is_none());
        assert!(d["title"]["text"]["headline"].is_string());
    }

    #[test]
    fn month_precision_has_no_day_and_no_end_for_a_single_month() {
        let mut e = lavrov_visit();
        e.date = DateRange::month(2023, 8).unwrap_or(e.date);
        let ev = doc(&[e])["events"][0].clone();
        assert_eq!(ev["start_date"], json!({"year": 2023, "month": 8}));
        assert!(ev.get("end_date").is_none());
    }

    #[test]
    fn week_and_quarter_get_display_dates() {
        let mut week = lavrov_visit();
        week.date = DateRange::week_of(ymd(2023, 10, 20));
        let mut quarter = lavrov_visit();
        quarter.date = DateRange {
            start: ymd(2023, 7, 1),
            end: ymd(2023, 9, 30),
            precision: Precision::Quarter,
        };
        let d = doc(&[week, quarter]);
        assert_eq!(d["events"][0]["display_date"], "week of 16 Oct 2023");
        assert_eq!(d["events"][0]["end_date"]["day"], 22);
        assert_eq!(d["events"][1]["display_date"], "Q3 2023");
        assert_eq!(
            d["events"][1]["end_date"],
            json!({"year": 2023, "month": 9})
        );
    }

    #[test]
    fn planned_event_says_so_and_sources_become_escaped_links() {
        let d = doc(&[planned_drill()]);
        let ev = &d["events"][0];
        assert_eq!(ev["display_date"], "22 Oct 2023 (planned)");
        let text = ev["text"]["text"].as_str().unwrap_or_default();
        assert!(text.contains("<a href=\"https://example.com/a?x=1&amp;y=2\">Yonhap</a>"));
        assert!(text.contains("South Korea, United States, Japan"));
        assert!(ev["text"]["headline"]
            .as_str()
            .unwrap_or_default()
            .contains("&quot;x&quot;"));
    }

    #[test]
    fn empty_timeline_is_still_a_valid_document() {
        let d = doc(&[]);
        assert_eq!(d["events"], json!([]));
    }
}
