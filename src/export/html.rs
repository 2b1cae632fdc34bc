//! A self-contained HTML page of the timeline: one file, no network (a Content-Security-
//! Policy forbids every fetch), an interactive timeline with lanes by event type or actor,
//! zoom (wheel, buttons, keys) and pan (drag), fuzzy dates (week, month, quarter, year)
//! drawn as faded ranges over their whole span, planned events dashed and ongoing ones
//! marked, filters by actor / type / status / text, and a click showing every source
//! sentence. Each drawn event carries `data-event-id`.
//! The events stream into a JSON block (`<script type="application/json">`) as they come,
//! so memory stays flat; the page's script draws only the events in view and reuses their
//! elements, which keeps zooming and panning smooth with 10,000 events. Text from articles
//! is JSON-escaped so it can never close the script block, and the script puts it on the
//! page through `textContent` only; only http(s) URLs become links.

use super::{is_web_link, mode_of, output_error, EventWriter, Group};
use crate::display::human_date;
use crate::error::Result;
use crate::model::Event;
use serde::Serialize;
use std::io::{BufWriter, Write};

const STYLE: &str = include_str!("html_page.css");
const SCRIPT: &str = include_str!("html_page.js");

/// No fetch of any kind: the page must work offline and must not leak that it was opened.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
img-src data:; base-uri 'none'; form-action 'none'";

pub(crate) struct HtmlWriter<'a> {
    out: BufWriter<Box<dyn Write + 'a>>,
    title: String,
    group: Group,
    written: usize,
    finished: bool,
}

/// The event as the page's script reads it: DESIGN.md's fields with the date in words.
#[derive(Serialize)]
struct PageEvent<'a> {
    id: Option<i64>,
    start: String,
    end: String,
    precision: &'static str,
    date: String,
    status: &'static str,
    #[serde(rename = "type")]
    event_type: &'static str,
    mode: Option<&'a str>,
    cameo: &'a str,
    summary: &'a str,
    location: Option<&'a str>,
    actors: Vec<PageActor<'a>>,
    sources: Vec<PageSource<'a>>,
}

#[derive(Serialize)]
struct PageActor<'a> {
    name: &'a str,
    role: &'static str,
    country: Option<&'a str>,
}

#[derive(Serialize)]
struct PageSource<'a> {
    publisher: Option<&'a str>,
    url: Option<&'a str>,
    title: Option<&'a str>,
    published: String,
    evidence: &'a str,
    time_expression: Option<&'a str>,
    attributed_to: Option<&'a str>,
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

impl<'a> PageEvent<'a> {
    fn new(e: &'a Event) -> Self {
        PageEvent {
            id: e.id,
            start: e.date.start.to_string(),
            end: e.date.end.to_string(),
            precision: e.date.precision.as_str(),
            date: human_date(&e.date, e.status),
            status: e.status.as_str(),
            event_type: e.event_type.as_str(),
            mode: mode_of(e),
            cameo: e.cameo.trim(),
            summary: e.summary.trim(),
            location: non_empty(e.location.as_deref()),
            actors: e
                .actors
                .iter()
                .map(|a| PageActor {
                    name: a.name.trim(),
                    role: a.role.as_str(),
                    country: non_empty(a.country.as_deref()),
                })
                .collect(),
            sources: e
                .sources
                .iter()
                .map(|s| PageSource {
                    publisher: non_empty(s.publisher.as_deref()),
                    url: non_empty(s.url.as_deref()).filter(|u| is_web_link(u)),
                    title: non_empty(s.title.as_deref()),
                    published: s.published.to_string(),
                    evidence: s.evidence.trim(),
                    time_expression: non_empty(s.time_expression.as_deref()),
                    attributed_to: non_empty(s.attributed_to.as_deref()),
                })
                .collect(),
        }
    }
}

/// JSON safe inside `<script>`: `<`, `>` and `&` only occur inside JSON strings, where their
/// `\u` escapes mean the same, so `</script>` or `<!--` in an article cannot end the block.
fn script_safe_json<T: Serialize>(value: &T) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            other => out.push(other),
        }
    }
    out
}

impl<'a> HtmlWriter<'a> {
    pub(crate) fn new(out: Box<dyn Write + 'a>, title: &str, group: Group) -> Self {
        HtmlWriter {
            out: BufWriter::new(out),
            title: title.to_string(),
            group,
            written: 0,
            finished: false,
        }
    }

    /// Everything before the first event: head, controls, the empty timeline frame and the
    /// opening of the data block.
    fn head(&self) -> String {
        let t = super::html_escape(&self.title);
        let group = match self.group {
            Group::Type => "type",
            Group::Actor => "actor",
        };
        let (type_sel, actor_sel) = match self.group {
            Group::Type => (" selected", ""),
            Group::Actor => ("", " selected"),
        };
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"annals\">\n\
<title>{t}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
<header>\n<h1>{t}</h1>\n\
<form id=\"filters\" onsubmit=\"return false\" role=\"search\">\n\
<label>Actor <input id=\"f-actor\" type=\"search\" list=\"actor-list\" placeholder=\"any actor\"></label>\n\
<datalist id=\"actor-list\"></datalist>\n\
<label>Type <select id=\"f-type\"><option value=\"\">all types</option></select></label>\n\
<label>Status <select id=\"f-status\"><option value=\"\">any status</option>\
<option value=\"occurred\">occurred</option><option value=\"planned\">planned</option>\
<option value=\"ongoing\">ongoing</option></select></label>\n\
<label>Text <input id=\"f-text\" type=\"search\" placeholder=\"words in summary or sources\"></label>\n\
<label>Lanes <select id=\"f-group\"><option value=\"type\"{type_sel}>by type</option>\
<option value=\"actor\"{actor_sel}>by actor</option></select></label>\n\
<button type=\"button\" id=\"f-reset\">Reset</button>\n\
<span><button type=\"button\" id=\"zoom-in\" title=\"Zoom in (+)\">+</button>\
<button type=\"button\" id=\"zoom-out\" title=\"Zoom out (-)\">−</button>\
<button type=\"button\" id=\"zoom-fit\" title=\"Show everything (0)\">Fit</button></span>\n\
<span id=\"count\"></span>\n</form>\n\
<div class=\"legend\"><span><span class=\"ev occurred\"></span> occurred</span>\
<span><span class=\"ev planned\"></span> planned</span>\
<span><span class=\"ev ongoing\"></span> ongoing</span>\
<span><span class=\"ev occurred fuzzy\"></span> week / month / year: the whole span</span>\
<span><span class=\"ev cluster\">3</span> events too close to tell apart: click to zoom</span>\
<span>Wheel zooms, drag pans, click shows the sources.</span></div>\n\
</header>\n<main>\n<div id=\"tl\">\n\
<div id=\"axis-row\"><div class=\"corner\"></div><div id=\"axis\"></div></div>\n\
<div id=\"body\"><div id=\"labels\"></div>\
<div id=\"plot\" aria-label=\"timeline\"><div id=\"lanes-bg\"></div><div id=\"grid\"></div>\
<div id=\"items\"></div></div></div>\n\
<p id=\"empty\" hidden>No event matches these filters.</p>\n</div>\n\
<aside id=\"detail\" aria-live=\"polite\"><p class=\"hint\">Click an event to see every \
source sentence.</p></aside>\n</main>\n\
<noscript><p>This page draws the timeline with JavaScript. The same events are in \
<code>annals export --format json</code>.</p></noscript>\n\
<script type=\"application/json\" id=\"annals-data\">{{\"group\":\"{group}\",\"events\":[\n"
        )
    }
}

impl EventWriter for HtmlWriter<'_> {
    fn write(&mut self, event: &Event) -> Result<()> {
        if self.written == 0 {
            let head = self.head();
            self.out.write_all(head.as_bytes()).map_err(output_error)?;
        } else {
            self.out.write_all(b",\n").map_err(output_error)?;
        }
        let json = script_safe_json(&PageEvent::new(event));
        self.out.write_all(json.as_bytes()).map_err(output_error)?;
        self.written += 1;
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        if self.finished {
            return Ok(());
        }
        self.finished = true;
        if self.written == 0 {
            let head = self.head();
            self.out.write_all(head.as_bytes()).map_err(output_error)?;
        }
        let foot = format!("\n]}}</script>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n");
        self.out.write_all(foot.as_bytes()).map_err(output_error)?;
        self.out.flush().map_err(output_error)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{export, lavrov_visit, planned_drill};
    use super::super::Format;
    use serde_json::Value;

    /// The JSON block of a page, parsed.
    fn data(page: &str) -> Value {
        let start = page
            .find("id=\"annals-data\">")
            .map(|i| i + "id=\"annals-data\">".len())
            .unwrap_or(0);
        let end = page[start..].find("</script>").map_or(start, |i| start + i);
        serde_json::from_str(page.get(start..end).unwrap_or_default()).unwrap_or_default()
    }

    #[test]
    fn page_is_complete_and_valid_even_when_empty() {
        let page = export(Format::Html, &[]);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.trim_end().ends_with("</html>"));
        assert_eq!(data(&page)["events"], serde_json::json!([]));
    }

    #[test]
    fn page_fetches_nothing_from_the_network() {
        let page = export(Format::Html, &[lavrov_visit(), planned_drill()]);
        assert!(page.contains("default-src 'none'"));
        for needle in [
            "<script src",
            "<link",
            "@import",
            "url(http",
            "fetch(",
            "XMLHttpRequest",
        ] {
            assert!(!page.contains(needle), "page contains {needle}");
        }
    }

    #[test]
    fn events_stream_in_order_with_dates_status_and_every_source() {
        let page = export(Format::Html, &[lavrov_visit(), planned_drill()]);
        let d = data(&page);
        let evs = d["events"].as_array().cloned().unwrap_or_default();
        assert_eq!(evs.len(), 2);
        assert_eq!(evs[0]["id"], 3);
        assert_eq!(evs[0]["start"], "2023-10-18");
        assert_eq!(evs[0]["end"], "2023-10-19");
        assert_eq!(evs[0]["date"], "18–19 Oct 2023");
        assert_eq!(evs[1]["status"], "planned");
        assert_eq!(evs[1]["sources"].as_array().map(Vec::len), Some(2));
        assert_eq!(
            evs[1]["sources"][0]["attributed_to"],
            "a defense ministry official"
        );
        assert_eq!(d["group"], "type");
    }

    #[test]
    fn article_text_cannot_close_the_script_block() {
        let mut e = lavrov_visit();
        e.summary = "</script><script>alert(1)</script> <!-- & “quotes”".into();
        let page = export(Format::Html, &[e]);
        assert_eq!(page.matches("</script>").count(), 2);
        assert!(!page.contains("<script>alert"));
        let d = data(&page);
        assert_eq!(
            d["events"][0]["summary"],
            "</script><script>alert(1)</script> <!-- & “quotes”"
        );
    }

    #[test]
    fn caller_title_is_escaped_and_actor_lanes_are_preselected() {
        let sink = super::super::fixtures::Shared::default();
        let mut w = super::super::writer_grouped(
            Format::Html,
            Box::new(sink.clone()),
            &super::super::ExportOptions::default(),
            "Korea <2023>",
            super::super::Group::Actor,
        );
        assert!(w.finish().is_ok());
        let page = sink.text();
        assert!(page.contains("<title>Korea &lt;2023&gt;</title>"));
        assert!(page.contains("<h1>Korea &lt;2023&gt;</h1>"));
        assert!(page.contains("<option value=\"actor\" selected>"));
        assert_eq!(data(&page)["group"], "actor");
    }

    #[test]
    fn script_urls_never_reach_the_page() {
        let mut e = lavrov_visit();
        if let Some(s) = e.sources.get_mut(0) {
            s.url = Some("javascript:alert(1)".into());
        }
        let page = export(Format::Html, &[e]);
        assert!(!page.contains("javascript:"));
    }
}
