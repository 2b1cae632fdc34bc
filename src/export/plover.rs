//! PLOVER event records as JSON Lines (the exchange format of the PLOVER manual, v0.8):
//! `id`, `date` / `enddate`, `actor[]` (who acts; every side of a joint action, since PLOVER
//! keeps compound actors as one list rather than N dyads), `recipient[]` (who is acted
//! upon), `event` and `mode` lists with PLOVER's spelling (upper-case types), `quad_code`,
//! `context` where the CAMEO code names one, `event_loc` and `cite_info` from the first
//! report. Planned events carry PLOVER's auxiliary mode `future`, so an announcement never
//! reads as a past act.

use super::{
    acting_actors, json_error, mode_of, output_error, plover_type, target_actors, EventWriter,
};
use crate::error::Result;
use crate::model::{ActorKind, Event, EventActor, EventType, Status};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::sync::OnceLock;

pub(crate) struct PloverWriter<'a> {
    out: BufWriter<Box<dyn Write + 'a>>,
}

impl<'a> PloverWriter<'a> {
    pub(crate) fn new(out: Box<dyn Write + 'a>) -> Self {
        PloverWriter {
            out: BufWriter::new(out),
        }
    }
}

fn quad_codes() -> &'static HashMap<&'static str, u8> {
    static T: OnceLock<HashMap<&'static str, u8>> = OnceLock::new();
    T.get_or_init(|| {
        include_str!("plover_quad.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .filter_map(|(k, v)| Some((k.trim(), v.trim().parse().ok()?)))
            .collect()
    })
}

/// PLOVER quad code (1..=4) of an event type, per the manual's quad table.
pub fn plover_quad(t: EventType) -> Option<u8> {
    quad_codes().get(t.as_str()).copied()
}

/// `prefix -> context` rows of the bundled table, longest prefix first.
fn context_rules() -> &'static [(&'static str, &'static str)] {
    static T: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    T.get_or_init(|| {
        let mut rules: Vec<(&str, &str)> = include_str!("plover_context.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(k, v)| (k.trim(), v.trim()))
            .filter(|(k, v)| !k.is_empty() && !v.is_empty())
            .collect();
        rules.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        rules
    })
}

/// PLOVER context of a CAMEO code ("062" -> "military"), if its meaning names one.
pub fn plover_context(cameo: &str) -> Option<&'static str> {
    let code = cameo.trim();
    if code.is_empty() {
        return None;
    }
    context_rules()
        .iter()
        .find(|(prefix, _)| code.starts_with(prefix))
        .map(|(_, ctx)| *ctx)
}

/// PLOVER sector code for the kinds that have one.
fn sector(kind: ActorKind) -> Option<&'static str> {
    match kind {
        ActorKind::Government => Some("GOV"),
        ActorKind::Military => Some("MIL"),
        ActorKind::Media => Some("MED"),
        _ => None,
    }
}

fn entity(a: &EventActor) -> Value {
    let mut m = Map::new();
    let code = match (a.country.as_deref(), a.kind) {
        (Some(c), _) => Some(c),
        // PLOVER's non-state "country" for international organisations.
        (None, ActorKind::Igo) => Some("IGO"),
        (None, _) => None,
    };
    if let Some(code) = code {
        m.insert("code".into(), json!(code));
    }
    if let Some(s) = sector(a.kind) {
        m.insert("sector".into(), json!(s));
    }
    m.insert("entity_text".into(), json!(a.name));
    m.insert("identifier_text".into(), json!(a.key));
    Value::Object(m)
}

pub(crate) fn record(e: &Event, index: usize) -> Value {
    let mut m = Map::new();
    let id = match e.id {
        Some(id) => format!("annals-{id}"),
        None => format!("annals-new-{}", index + 1),
    };
    m.insert("id".into(), json!(id));
    m.insert("date".into(), json!(e.date.start.to_string()));
    if e.date.end != e.date.start {
        m.insert("enddate".into(), json!(e.date.end.to_string()));
    }
    m.insert(
        "actor".into(),
        Value::Array(acting_actors(e).map(entity).collect()),
    );
    m.insert(
        "recipient".into(),
        Value::Array(target_actors(e).map(entity).collect()),
    );
    m.insert("event".into(), json!([plover_type(e.event_type)]));
    let mut modes: Vec<String> = mode_of(e).map(|s| s.to_string()).into_iter().collect();
    if e.status == Status::Planned {
        modes.push("future".into());
    }
    m.insert("mode".into(), json!(modes));
    let context: Vec<&str> = plover_context(&e.cameo).into_iter().collect();
    m.insert("context".into(), json!(context));
    if let Some(q) = plover_quad(e.event_type) {
        m.insert("quad_code".into(), json!(q));
    }
    if let Some(loc) = e.location.as_deref() {
        m.insert("event_loc".into(), json!({"extracted_place": loc}));
    }
    if let Some(s) = e.sources.first() {
        let mut cite = Map::new();
        if let Some(url) = s.url.as_deref() {
            cite.insert("url".into(), json!(url));
        }
        if let Some(p) = s.publisher.as_deref() {
            cite.insert("publication".into(), json!(p));
        }
        if let Some(t) = s.title.as_deref() {
            cite.insert("title".into(), json!(t));
        }
        cite.insert("published".into(), json!(s.published.to_string()));
        m.insert("cite_info".into(), Value::Object(cite));
    }
    m.insert("comment".into(), json!(e.summary));
    m.insert("coder".into(), json!("annals"));
    Value::Object(m)
}

impl EventWriter for PloverWriter<'_> {
    fn write(&mut self, event: &Event) -> Result<()> {
        // PLOVER ids are strings; the index only matters for unstored events.
        serde_json::to_writer(&mut self.out, &record(event, 0)).map_err(json_error)?;
        self.out.write_all(b"\n").map_err(output_error)
    }

    fn finish(&mut self) -> Result<()> {
        self.out.flush().map_err(output_error)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{export, lavrov_visit, planned_drill};
    use super::super::Format;
    use super::*;

    fn records(events: &[Event]) -> Vec<Value> {
        export(Format::Plover, events)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_default())
            .collect()
    }

    #[test]
    fn every_event_type_has_a_quad_code() {
        for t in EventType::ALL {
            assert!(plover_quad(t).is_some(), "{t}");
        }
        assert_eq!(plover_quad(EventType::Consult), Some(1));
        assert_eq!(plover_quad(EventType::Mobilize), Some(4));
    }

    #[test]
    fn context_comes_from_the_longest_cameo_prefix() {
        assert_eq!(plover_context("0312"), Some("military"));
        assert_eq!(plover_context("031"), None);
        assert_eq!(plover_context("154"), Some("military"));
        assert_eq!(plover_context("042"), Some("diplomatic"));
        assert_eq!(plover_context("1384"), Some("military"));
        assert_eq!(plover_context("173"), None);
        assert_eq!(plover_context(""), None);
    }

    #[test]
    fn visit_has_visitor_as_actor_and_host_as_recipient() {
        let r = &records(&[lavrov_visit()])[0];
        assert_eq!(r["id"], "annals-3");
        assert_eq!(r["date"], "2023-10-18");
        assert_eq!(r["enddate"], "2023-10-19");
        assert_eq!(r["event"], json!(["CONSULT"]));
        assert_eq!(r["mode"], json!(["visit"]));
        assert_eq!(r["quad_code"], 1);
        assert_eq!(r["context"], json!(["diplomatic"]));
        assert_eq!(r["actor"][0]["code"], "RUS");
        assert_eq!(r["actor"][0]["entity_text"], "Sergei Lavrov");
        assert_eq!(r["recipient"][0]["code"], "PRK");
        assert_eq!(r["cite_info"]["publication"], "The Korea Herald");
        assert_eq!(r["event_loc"]["extracted_place"], "Pyongyang");
    }

    #[test]
    fn joint_planned_action_lists_all_sides_and_marks_future() {
        let r = &records(&[planned_drill()])[0];
        assert_eq!(r["actor"].as_array().map(Vec::len), Some(3));
        assert_eq!(r["recipient"], json!([]));
        assert_eq!(r["event"], json!(["COOPERATE"]));
        assert_eq!(r["mode"], json!(["future"]));
        assert!(r.get("enddate").is_none());
        assert_eq!(r["context"], json!(["military"]));
        assert_eq!(r["cite_info"]["url"], "https://example.com/a?x=1&y=2");
    }
}
