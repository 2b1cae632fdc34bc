//! A self-contained HTML page of the timeline: one list item per event with its date in
//! words, type, actors and every source (publisher linked, date, attribution, time
//! expression, evidence sentence), readable offline and printable, with no script. Planned
//! and ongoing events are styled apart so an announcement never looks like a past act.
//! Streams: the page head goes out with the first event, the foot at `finish`. All text
//! from articles is escaped, and only http(s) URLs become links.

use super::{html_escape, is_web_link, mode_of, output_error, EventWriter};
use crate::display::human_date;
use crate::error::Result;
use crate::model::Event;
use std::io::{BufWriter, Write};

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:56rem;margin:2rem auto;\
padding:0 1rem;color:#222}ol.timeline{list-style:none;padding:0}\
li.event{display:flex;gap:1rem;border-left:3px solid #467;padding:.5rem 1rem;margin:.75rem 0}\
li.planned{border-left-style:dashed;opacity:.75}li.ongoing{border-left-color:#c80}\
.date{flex:0 0 11rem;font-weight:600}.body h2{font-size:1.05rem;margin:0 0 .25rem}\
.meta,.actors{margin:.15rem 0;color:#555;font-size:.9rem}.status{font-weight:600}\
blockquote{margin:.25rem 0 .5rem 1rem;color:#333}.sources{font-size:.9rem}\
footer{color:#777;font-size:.85rem}";

pub(crate) struct HtmlWriter<'a> {
    out: BufWriter<Box<dyn Write + 'a>>,
    title: String,
    written: usize,
    finished: bool,
}

impl<'a> HtmlWriter<'a> {
    pub(crate) fn new(out: Box<dyn Write + 'a>, title: &str) -> Self {
        HtmlWriter {
            out: BufWriter::new(out),
            title: title.to_string(),
            written: 0,
            finished: false,
        }
    }

    fn head(&self) -> String {
        let t = html_escape(&self.title);
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{t}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{t}</h1>\n\
             <ol class=\"timeline\">\n"
        )
    }
}

/// One `<li>` for one event.
pub(crate) fn event_item(e: &Event) -> String {
    let mut h = String::new();
    let anchor =
        e.id.map(|i| format!(" id=\"event-{i}\""))
            .unwrap_or_default();
    h.push_str(&format!(
        "<li class=\"event {}\"{anchor}>\n",
        e.status.as_str()
    ));
    h.push_str(&format!(
        "<div class=\"date\">{}</div>\n<div class=\"body\">\n<h2>{}</h2>\n",
        html_escape(&human_date(&e.date, e.status)),
        html_escape(e.summary.trim())
    ));
    let mut meta = vec![format!("<span class=\"status\">{}</span>", e.status)];
    let kind = match mode_of(e) {
        Some(m) => format!("{}/{}", e.event_type, m),
        None => e.event_type.to_string(),
    };
    meta.push(html_escape(&kind));
    if !e.cameo.trim().is_empty() {
        meta.push(format!("CAMEO {}", html_escape(e.cameo.trim())));
    }
    if let Some(loc) = e.location.as_deref().filter(|l| !l.trim().is_empty()) {
        meta.push(html_escape(loc.trim()));
    }
    h.push_str(&format!("<p class=\"meta\">{}</p>\n", meta.join(" · ")));
    if !e.actors.is_empty() {
        let actors: Vec<String> = e
            .actors
            .iter()
            .map(|a| {
                let country = a
                    .country
                    .as_deref()
                    .map(|c| format!(", {}", html_escape(c)))
                    .unwrap_or_default();
                format!(
                    "{} <small>({}{country})</small>",
                    html_escape(&a.name),
                    a.role
                )
            })
            .collect();
        h.push_str(&format!("<p class=\"actors\">{}</p>\n", actors.join(" · ")));
    }
    if !e.sources.is_empty() {
        h.push_str("<ul class=\"sources\">\n");
        for s in &e.sources {
            let publisher = html_escape(s.publisher.as_deref().unwrap_or("source"));
            let name = match s.url.as_deref().filter(|u| is_web_link(u)) {
                Some(url) => format!("<a href=\"{}\">{publisher}</a>", html_escape(url.trim())),
                None => publisher,
            };
            let mut line = format!("<li>{name}, {}", s.published);
            if let Some(t) = s.title.as_deref().filter(|t| !t.trim().is_empty()) {
                line.push_str(&format!(": <cite>{}</cite>", html_escape(t.trim())));
            }
            if let Some(a) = s.attributed_to.as_deref().filter(|a| !a.trim().is_empty()) {
                line.push_str(&format!(" — according to {}", html_escape(a.trim())));
            }
            if let Some(t) = s
                .time_expression
                .as_deref()
                .filter(|t| !t.trim().is_empty())
            {
                line.push_str(&format!(" — dated by “{}”", html_escape(t.trim())));
            }
            line.push_str(&format!(
                "<blockquote>{}</blockquote></li>\n",
                html_escape(s.evidence.trim())
            ));
            h.push_str(&line);
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</div>\n</li>\n");
    h
}

impl EventWriter for HtmlWriter<'_> {
    fn write(&mut self, event: &Event) -> Result<()> {
        if self.written == 0 {
            let head = self.head();
            self.out.write_all(head.as_bytes()).map_err(output_error)?;
        }
        self.out
            .write_all(event_item(event).as_bytes())
            .map_err(output_error)?;
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
        let n = self.written;
        let foot = format!(
            "</ol>\n<footer>{n} event{} · exported by annals</footer>\n</body>\n</html>\n",
            if n == 1 { "" } else { "s" }
        );
        self.out.write_all(foot.as_bytes()).map_err(output_error)?;
        self.out.flush().map_err(output_error)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{export, lavrov_visit, planned_drill};
    use super::super::Format;

    #[test]
    fn page_is_complete_even_when_empty() {
        let page = export(Format::Html, &[]);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("<ol class=\"timeline\">\n</ol>"));
        assert!(page.trim_end().ends_with("</html>"));
        assert!(page.contains("0 events"));
    }

    #[test]
    fn events_keep_order_status_class_and_escaped_text() {
        let page = export(Format::Html, &[lavrov_visit(), planned_drill()]);
        let lavrov = page.find("id=\"event-3\"").unwrap_or(usize::MAX);
        let drill = page.find("id=\"event-4\"").unwrap_or(0);
        assert!(lavrov < drill);
        assert!(page.contains("<li class=\"event planned\" id=\"event-4\">"));
        assert!(page.contains("<div class=\"date\">18–19 Oct 2023</div>"));
        assert!(page.contains("22 Oct 2023 (planned)"));
        assert!(page.contains("=HYPERLINK(&quot;x&quot;)"));
        assert!(page.contains("<a href=\"https://example.com/a?x=1&amp;y=2\">Yonhap</a>"));
        assert!(page.contains("according to a defense ministry official"));
        assert!(page.contains("dated by “from Wednesday”"));
        assert!(page.contains("Sergei Lavrov <small>(source, RUS)</small>"));
        assert!(page.contains("2 events"));
    }

    #[test]
    fn caller_title_is_escaped_into_head_and_heading() {
        let sink = super::super::fixtures::Shared::default();
        let mut w = super::super::writer_with_title(
            Format::Html,
            Box::new(sink.clone()),
            &super::super::ExportOptions::default(),
            "Korea <2023>",
        );
        assert!(w.finish().is_ok());
        let page = sink.text();
        assert!(page.contains("<title>Korea &lt;2023&gt;</title>"));
        assert!(page.contains("<h1>Korea &lt;2023&gt;</h1>"));
    }

    #[test]
    fn script_urls_never_become_links() {
        let mut e = lavrov_visit();
        if let Some(s) = e.sources.get_mut(0) {
            s.url = Some("javascript:alert(1)".into());
        }
        let page = export(Format::Html, &[e]);
        assert!(!page.contains("javascript:"));
    }
}
