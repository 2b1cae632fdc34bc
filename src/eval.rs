//! Scoring extracted events against hand-made gold events (the `shared/dev/gold` format:
//! a JSON list of events with date_start/date_end as YYYY-MM-DD or YYYY-MM, precision,
//! status, actor names and a coarse type). A match needs the same date range and one
//! actor in common; matching is one to one. Pure: the caller supplies both sides.

use crate::actor::Gazetteer;
use crate::error::{Error, Result};
use crate::model::{DateRange, Event, EventType, Status};
use chrono::NaiveDate;
use serde::Deserialize;

/// One gold event as annotators write it.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    #[serde(default)]
    pub summary: String,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    #[serde(default)]
    pub precision: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(rename = "type", default)]
    pub event_type: Option<String>,
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub time_expression: Option<String>,
}

/// Parse a gold file's text.
pub fn parse_gold(origin: &str, text: &str) -> Result<Vec<GoldEvent>> {
    serde_json::from_str(text)
        .map_err(|e| Error::input(origin, format!("not a gold event list: {e}")))
}

/// The first and last day a gold date names ("2023-08" = the whole month).
fn gold_bounds(s: &str) -> Option<(NaiveDate, NaiveDate)> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some((d, d));
    }
    let (y, m) = s.split_once('-')?;
    let r = DateRange::month(y.parse().ok()?, m.parse().ok()?)?;
    Some((r.start, r.end))
}

/// The gold file's coarse type of an event: meeting, visit, statement, agreement,
/// military_exercise, deployment, missile_test, sanction, threat, attack or other.
pub fn coarse_type(e: &Event) -> &'static str {
    let mode = e.mode.as_deref().unwrap_or("");
    match e.event_type {
        EventType::Consult if mode == "visit" => "visit",
        EventType::Consult => "meeting",
        EventType::Statement => "statement",
        EventType::Agree => "agreement",
        EventType::Cooperate if e.cameo.starts_with("06") => "military_exercise",
        EventType::Mobilize if mode == "weapons" => "missile_test",
        EventType::Mobilize if e.cameo == "152" => "military_exercise",
        EventType::Mobilize => "deployment",
        EventType::Sanction | EventType::Coerce => "sanction",
        EventType::Threaten => "threat",
        EventType::Assault => "attack",
        _ => "other",
    }
}

/// Figures of one scoring run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    pub gold: usize,
    pub system: usize,
    pub matched: usize,
    pub type_agree: usize,
    pub status_agree: usize,
    /// Human-readable lines for every gold event not found and every extra event.
    pub misses: Vec<String>,
    pub extras: Vec<String>,
}

impl Score {
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.system)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub fn type_agreement(&self) -> f64 {
        ratio(self.type_agree, self.matched)
    }
    pub fn status_agreement(&self) -> f64 {
        ratio(self.status_agree, self.matched)
    }
    pub fn add(&mut self, other: Score) {
        self.gold += other.gold;
        self.system += other.system;
        self.matched += other.matched;
        self.type_agree += other.type_agree;
        self.status_agree += other.status_agree;
        self.misses.extend(other.misses);
        self.extras.extend(other.extras);
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Score `system` events against `gold` ones. Actor names on the gold side are resolved
/// through the gazetteer so "Kim Jong Un" meets the key of "Kim Jong-un".
pub fn score(label: &str, gold: &[GoldEvent], system: &[Event], gaz: &Gazetteer) -> Score {
    let mut used = vec![false; system.len()];
    let mut s = Score {
        gold: gold.len(),
        system: system.len(),
        ..Score::default()
    };
    // Two passes: first pairs that agree on type, then any pair, so a same-day event of
    // another type does not take the place of the right one.
    let mut matched_gold = vec![None::<usize>; gold.len()];
    for pass in 0..2 {
        for (gi, g) in gold.iter().enumerate() {
            if matched_gold[gi].is_some() {
                continue;
            }
            let Some(i) = find_match(g, system, &used, gaz, pass == 0) else {
                continue;
            };
            used[i] = true;
            matched_gold[gi] = Some(i);
        }
    }
    for (gi, g) in gold.iter().enumerate() {
        let gtype = g.event_type.as_deref().unwrap_or("");
        match matched_gold[gi] {
            Some(i) => {
                s.matched += 1;
                if coarse_type(&system[i]) == gtype {
                    s.type_agree += 1;
                }
                let gstatus = g.status.as_deref().and_then(|x| x.parse::<Status>().ok());
                if gstatus == Some(system[i].status) {
                    s.status_agree += 1;
                }
            }
            None => s.misses.push(format!(
                "{label}: missed {} {}..{} [{}] {:?}: {}",
                gtype,
                g.date_start.as_deref().unwrap_or("?"),
                g.date_end.as_deref().unwrap_or("open"),
                g.status.as_deref().unwrap_or("?"),
                g.actors,
                g.summary
            )),
        }
    }
    for (i, e) in system.iter().enumerate() {
        if !used[i] {
            s.extras.push(format!(
                "{label}: extra {} {}..{} [{}]: {}",
                coarse_type(e),
                e.date.start,
                e.date.end,
                e.status,
                e.summary
            ));
        }
    }
    s
}

/// The first unused system event that matches `g` (same range, one actor in common; and
/// the same coarse type when `same_type`).
fn find_match(
    g: &GoldEvent,
    system: &[Event],
    used: &[bool],
    gaz: &Gazetteer,
    same_type: bool,
) -> Option<usize> {
    let (gs, _) = g.date_start.as_deref().and_then(gold_bounds)?;
    let ge = g.date_end.as_deref().and_then(gold_bounds).map(|(_, e)| e);
    let keys: Vec<String> = g
        .actors
        .iter()
        .map(|n| {
            gaz.lookup(n)
                .map(|a| a.key.clone())
                .unwrap_or_else(|| n.to_lowercase())
        })
        .collect();
    let gtype = g.event_type.as_deref().unwrap_or("");
    (0..system.len()).find(|&i| {
        let e = &system[i];
        !used[i]
            && e.date.start == gs
            && ge.is_none_or(|ge| e.date.end == ge)
            && e.actors
                .iter()
                .any(|a| keys.contains(&a.key) || keys.contains(&a.name.to_lowercase()))
            && (!same_type || coarse_type(e) == gtype)
    })
}
