//! vis-timeline data: `{"items": [...], "groups": [...]}` ready for `new vis.Timeline(el,
//! items, groups)`. A single day is a `point`; anything longer (a two-day visit, a week, a
//! month) is a `range` whose `end` is the day after the last day, because vis draws ranges
//! between instants and a closed day range ends at that day's midnight. Groups are event
//! types in order of first use, with an explicit `order` since vis leaves group order
//! undefined otherwise; `Group::Actor` makes the groups acting actors instead. Buffers until
//! `finish`.

use super::{html_escape, json_error, lane_of, output_error, EventWriter, Group};
use crate::display::{actors_brief, human_date};
use crate::error::Result;
use crate::model::Event;
use serde_json::{json, Map, Value};
use std::io::{BufWriter, Write};

pub(crate) struct VisWriter<'a> {
    out: BufWriter<Box<dyn Write + 'a>>,
    items: Vec<Value>,
    groups: Vec<String>,
    group: Group,
    finished: bool,
}

impl<'a> VisWriter<'a> {
    pub(crate) fn new(out: Box<dyn Write + 'a>, group: Group) -> Self {
        VisWriter {
            out: BufWriter::new(out),
            items: Vec::new(),
            groups: Vec::new(),
            group,
            finished: false,
        }
    }
}

pub(crate) fn item(e: &Event, index: usize, group: &str) -> Value {
    let mut m = Map::new();
    let id = match e.id {
        Some(id) => json!(id),
        // Unstored events get string ids that cannot collide with store ids.
        None => json!(format!("new-{}", index + 1)),
    };
    m.insert("id".into(), id);
    m.insert("content".into(), json!(html_escape(&e.summary)));
    m.insert("start".into(), json!(e.date.start.to_string()));
    let single_day = e.date.start == e.date.end;
    if !single_day {
        let end = e.date.end.succ_opt().unwrap_or(e.date.end);
        m.insert("end".into(), json!(end.to_string()));
    }
    m.insert("group".into(), json!(group));
    m.insert(
        "type".into(),
        json!(if single_day { "point" } else { "range" }),
    );
    let mut title = format!("{} — {}", human_date(&e.date, e.status), e.summary);
    let actors = actors_brief(e);
    if !actors.is_empty() {
        title.push_str(&format!(" — {actors}"));
    }
    // The sources themselves, not only their number: a tooltip is where vis users look.
    let cited: Vec<String> = e
        .sources
        .iter()
        .map(|s| {
            let publisher = s.publisher.as_deref().map(str::trim).unwrap_or("source");
            match s.attributed_to.as_deref().filter(|a| !a.trim().is_empty()) {
                Some(a) => format!("{publisher}, {} (according to {})", s.published, a.trim()),
                None => format!("{publisher}, {}", s.published),
            }
        })
        .collect();
    title.push_str(&format!(
        " ({} source{}{}{})",
        e.sources.len(),
        if e.sources.len() == 1 { "" } else { "s" },
        if cited.is_empty() { "" } else { ": " },
        cited.join("; ")
    ));
    m.insert("title".into(), json!(html_escape(&title)));
    // A class per status lets a page dim planned events with one CSS rule.
    m.insert(
        "className".into(),
        json!(format!("annals-{}", e.status.as_str())),
    );
    Value::Object(m)
}

impl EventWriter for VisWriter<'_> {
    fn write(&mut self, event: &Event) -> Result<()> {
        let group = lane_of(event, self.group);
        let index = self.items.len();
        self.items.push(item(event, index, &group));
        if !self.groups.contains(&group) {
            self.groups.push(group);
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        if self.finished {
            return Ok(());
        }
        self.finished = true;
        let groups: Vec<Value> = self
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| json!({"id": g, "content": html_escape(g), "order": i + 1}))
            .collect();
        let doc = json!({"items": std::mem::take(&mut self.items), "groups": groups});
        serde_json::to_writer(&mut self.out, &doc).map_err(json_error)?;
        self.out.write_all(b"\n").map_err(output_error)?;
        self.out.flush().map_err(output_error)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{export, lavrov_visit, planned_drill};
    use super::super::Format;
    use serde_json::{json, Value};

    #[test]
    fn multi_day_event_is_a_range_ending_the_day_after() {
        let d: Value =
            serde_json::from_str(&export(Format::Vis, &[lavrov_visit()])).unwrap_or_default();
        let it = &d["items"][0];
        assert_eq!(it["id"], 3);
        assert_eq!(it["start"], "2023-10-18");
        assert_eq!(it["end"], "2023-10-20");
        assert_eq!(it["type"], "range");
        assert_eq!(it["group"], "consult");
        assert_eq!(it["content"], "Sergei Lavrov visits Pyongyang");
        assert!(it["title"]
            .as_str()
            .unwrap_or_default()
            .starts_with("18–19 Oct 2023 — "));
    }

    #[test]
    fn single_day_is_a_point_and_groups_follow_first_use() {
        let d: Value = serde_json::from_str(&export(
            Format::Vis,
            &[planned_drill(), lavrov_visit(), planned_drill()],
        ))
        .unwrap_or_default();
        let it = &d["items"][0];
        assert_eq!(it["type"], "point");
        assert!(it.get("end").is_none());
        assert_eq!(it["className"], "annals-planned");
        assert!(it["title"].as_str().unwrap_or_default().ends_with(
            "(2 sources: Yonhap, 2023-10-20 (according to a defense ministry official); \
             Yonhap, 2023-10-20)"
        ));
        assert_eq!(
            d["groups"],
            json!([
                {"id": "cooperate", "content": "cooperate", "order": 1},
                {"id": "consult", "content": "consult", "order": 2}
            ])
        );
        assert_eq!(d["items"].as_array().map(Vec::len), Some(3));
    }
}
