//! The domain values every stage passes along: date ranges with their precision, event
//! status, PLOVER event types, actor kinds and roles, and the `Event` / `Source` records
//! that extraction produces and the store keeps. Pure data: no I/O, no SQL.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How finely a date is known. Every date is a closed range plus one of these, so sorting,
/// overlap and merging work on ranges while the display stays honest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Precision {
    /// Finest first.
    pub const ALL: [Precision; 5] = [
        Precision::Day,
        Precision::Week,
        Precision::Month,
        Precision::Quarter,
        Precision::Year,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Quarter => "quarter",
            Precision::Year => "year",
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Precision {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day" => Ok(Precision::Day),
            "week" => Ok(Precision::Week),
            "month" => Ok(Precision::Month),
            "quarter" => Ok(Precision::Quarter),
            "year" => Ok(Precision::Year),
            other => Err(format!(
                "unknown precision '{other}' (expected day, week, month, quarter or year)"
            )),
        }
    }
}

/// A closed range of calendar days `start..=end` and how precisely it is known.
/// Month precision for August 2023 is 2023-08-01..=2023-08-31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateRange {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub precision: Precision,
}

impl DateRange {
    pub fn day(d: NaiveDate) -> Self {
        DateRange {
            start: d,
            end: d,
            precision: Precision::Day,
        }
    }

    /// A range of days; `start > end` is normalised by swapping.
    pub fn days(start: NaiveDate, end: NaiveDate) -> Self {
        let (start, end) = if start <= end {
            (start, end)
        } else {
            (end, start)
        };
        DateRange {
            start,
            end,
            precision: Precision::Day,
        }
    }

    /// The whole calendar month; `None` for an impossible month.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        Some(DateRange {
            start,
            end: next.pred_opt()?,
            precision: Precision::Month,
        })
    }

    /// The whole calendar year.
    pub fn year(year: i32) -> Option<Self> {
        Some(DateRange {
            start: NaiveDate::from_ymd_opt(year, 1, 1)?,
            end: NaiveDate::from_ymd_opt(year, 12, 31)?,
            precision: Precision::Year,
        })
    }

    /// Quarter `q` (1..=4) of `year`.
    pub fn quarter(year: i32, q: u32) -> Option<Self> {
        if !(1..=4).contains(&q) {
            return None;
        }
        let first = DateRange::month(year, (q - 1) * 3 + 1)?;
        let last = DateRange::month(year, (q - 1) * 3 + 3)?;
        Some(DateRange {
            start: first.start,
            end: last.end,
            precision: Precision::Quarter,
        })
    }

    /// The ISO week (Monday..Sunday) that contains `d`.
    pub fn week_of(d: NaiveDate) -> Self {
        use chrono::Datelike;
        let back = d.weekday().num_days_from_monday() as i64;
        let start = d - chrono::Duration::days(back);
        DateRange {
            start,
            end: start + chrono::Duration::days(6),
            precision: Precision::Week,
        }
    }

    pub fn overlaps(&self, other: &DateRange) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    pub fn contains(&self, other: &DateRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Number of days in the range (at least 1).
    pub fn len_days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }
}

/// Whether an event has happened, is announced for later, or is under way at publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Occurred,
    Planned,
    Ongoing,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Occurred => "occurred",
            Status::Planned => "planned",
            Status::Ongoing => "ongoing",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "occurred" => Ok(Status::Occurred),
            "planned" => Ok(Status::Planned),
            "ongoing" => Ok(Status::Ongoing),
            other => Err(format!(
                "unknown status '{other}' (expected occurred, planned or ongoing)"
            )),
        }
    }
}

/// PLOVER's sixteen event types, plus `Statement` for CAMEO 01x ("make public statement"),
/// which PLOVER leaves out but a timeline of official statements needs. The CAMEO code
/// travels beside it as a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
    Statement,
}

impl EventType {
    pub const ALL: [EventType; 17] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
        EventType::Statement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Agree => "agree",
            EventType::Consult => "consult",
            EventType::Support => "support",
            EventType::Concede => "concede",
            EventType::Cooperate => "cooperate",
            EventType::Aid => "aid",
            EventType::Retreat => "retreat",
            EventType::Request => "request",
            EventType::Accuse => "accuse",
            EventType::Reject => "reject",
            EventType::Threaten => "threaten",
            EventType::Protest => "protest",
            EventType::Sanction => "sanction",
            EventType::Mobilize => "mobilize",
            EventType::Coerce => "coerce",
            EventType::Assault => "assault",
            EventType::Statement => "statement",
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let l = s.trim().to_ascii_lowercase();
        EventType::ALL
            .iter()
            .copied()
            .find(|t| t.as_str() == l)
            .ok_or_else(|| format!("unknown event type '{s}' (expected a PLOVER type such as consult, cooperate, mobilize)"))
    }
}

/// What sort of thing an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    State,
    Person,
    Organization,
    Igo,
    Government,
    Military,
    Media,
    Group,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Person => "person",
            ActorKind::Organization => "organization",
            ActorKind::Igo => "igo",
            ActorKind::Government => "government",
            ActorKind::Military => "military",
            ActorKind::Media => "media",
            ActorKind::Group => "group",
        }
    }
}

impl fmt::Display for ActorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ActorKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "state" | "country" => Ok(ActorKind::State),
            "person" => Ok(ActorKind::Person),
            "organization" | "organisation" | "org" => Ok(ActorKind::Organization),
            "igo" => Ok(ActorKind::Igo),
            "government" | "ministry" | "agency" => Ok(ActorKind::Government),
            "military" => Ok(ActorKind::Military),
            "media" => Ok(ActorKind::Media),
            "group" => Ok(ActorKind::Group),
            other => Err(format!("unknown actor kind '{other}'")),
        }
    }
}

/// An actor's part in one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Who acts (the visitor, the one who launches, threatens, says).
    Source,
    /// Who is acted upon (the host, the one threatened).
    Target,
    /// A side of a joint action (both sides of a meeting, every country in a joint drill).
    Participant,
    /// Who reported or said it (KCNA, a ministry spokesperson).
    Reporter,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Source => "source",
            Role::Target => "target",
            Role::Participant => "participant",
            Role::Reporter => "reporter",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "source" => Ok(Role::Source),
            "target" => Ok(Role::Target),
            "participant" => Ok(Role::Participant),
            "reporter" => Ok(Role::Reporter),
            other => Err(format!("unknown role '{other}'")),
        }
    }
}

/// One actor as it takes part in one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventActor {
    /// Stable gazetteer key ("PRK", "kim-jong-un"); the store's join key.
    pub key: String,
    pub name: String,
    pub kind: ActorKind,
    /// ISO 3166 alpha-3 of the actor's country, if any.
    pub country: Option<String>,
    pub role: Role,
}

/// One report of an event: which article, which sentence, which words dated it, and who
/// it is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Store id of the article; `None` until stored.
    pub article_id: Option<i64>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// The article's publication date (its DCT), not the event's date.
    pub published: NaiveDate,
    /// The sentence the event was read from.
    pub evidence: String,
    /// Byte offsets of `evidence` in the article body.
    pub evidence_start: usize,
    pub evidence_end: usize,
    /// The words that dated the event ("from Wednesday"), if any.
    pub time_expression: Option<String>,
    /// Who the sentence attributes the event to ("KCNA", "the Unification Ministry").
    pub attributed_to: Option<String>,
    /// When the article was stored (UTC, ISO 8601), as the store read it back; `None`
    /// before storing. GDELT's DATEADDED comes from here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingested_at: Option<String>,
}

/// A dated happening with its actors and every report of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Store id; `None` until stored.
    pub id: Option<i64>,
    pub date: DateRange,
    pub status: Status,
    pub event_type: EventType,
    /// PLOVER mode ("visit", "multilateral", "weapons"...), if any.
    pub mode: Option<String>,
    /// CAMEO code as a string, leading zero kept ("042").
    pub cameo: String,
    pub summary: String,
    pub location: Option<String>,
    pub actors: Vec<EventActor>,
    pub sources: Vec<Source>,
}

impl Event {
    /// Actor keys, for overlap tests.
    pub fn actor_keys(&self) -> impl Iterator<Item = &str> {
        self.actors.iter().map(|a| a.key.as_str())
    }
}
