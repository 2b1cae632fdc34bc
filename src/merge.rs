//! Merging reports: the same happening told twice (two sentences, two articles) becomes
//! one event with several sources. Pure functions; the store calls them inside its
//! transaction. OWNER: store helper.
//!
//! Two reports are one happening when their types (and modes, when both have one) agree,
//! their date ranges overlap once both are widened to whole units of the coarser of the two
//! precisions ("in October" overlaps "on 18 October"; "this week" overlaps "on Thursday"),
//! and they share at least one actor that is not merely the reporter (two KCNA statements
//! about different things are not the same happening just because KCNA said both).
//!
//! Two refinements keep distinct happenings apart where the bare rule would fuse them:
//! - widened ranges must be *nested*, not merely overlapping. Two tellings of one happening
//!   differ in how much they know (18–19 Oct vs "on Thursday" the 19th), so one range holds
//!   the other; a partial overlap (drills from 19 to 29 August vs another drill from 26
//!   August on) is two happenings.
//! - a period several units long at a coarse precision ("for the past two months") is a
//!   series of doings; a finer-dated happening inside it is an episode of it, not the same
//!   thing told again, so they stay apart. A single coarse unit ("in October") still
//!   merges with the day it turns out to have been.
//! - the countries on each side must nest: if each report names a country the other does
//!   not ("Shanahan met South Korea's Suh" vs "the North and the South held talks"), they
//!   tell of different meetings even though both involve South Korea. Actors without a
//!   country (the UN, unknown people) do not count here.
//! - within one article (`merge_all`), an announcement and a report of something done are
//!   two happenings: one text at one date cannot say the same thing both will happen and
//!   has happened ("Kim visited the plant" vs "he is expected to visit Komsomolsk").

use crate::model::{DateRange, Event, EventActor, EventType, Precision, Role, Source, Status};
use chrono::{Datelike, NaiveDate};

/// Whether `a` and `b` describe one happening: same type, date ranges overlapping at the
/// coarser precision, overlapping actor sets.
pub fn same_happening(a: &Event, b: &Event) -> bool {
    if a.event_type != b.event_type {
        return false;
    }
    // A visit and a phone call between the same leaders in the same week are two
    // happenings; a report that gives no mode says nothing against either.
    if let (Some(ma), Some(mb)) = (&a.mode, &b.mode) {
        if !ma.eq_ignore_ascii_case(mb) {
            return false;
        }
    }
    if !dates_overlap_at_coarser(&a.date, &b.date) {
        return false;
    }
    // Two statements on one day about the same parties are still two statements unless
    // the same body made them.
    if a.event_type == EventType::Statement && !speakers_overlap(a, b) {
        return false;
    }
    actors_overlap(a, b) && countries_nest(a, b)
}

fn speakers_overlap(a: &Event, b: &Event) -> bool {
    let speakers = |e: &Event| -> Vec<String> {
        e.actors
            .iter()
            .filter(|x| x.role == Role::Source)
            .map(|x| x.key.clone())
            .collect()
    };
    let sa = speakers(a);
    speakers(b).iter().any(|k| sa.contains(k))
}

/// The date the merged event keeps: the finer precision; at equal precision the range
/// that holds the other, because a multi-day happening ("a two-day trip from Wednesday")
/// is not narrowed by a report of one of its days ("talks on Thursday").
fn merged_date(into: &DateRange, other: &DateRange, other_better: bool) -> DateRange {
    if into.precision != other.precision {
        return if other.precision < into.precision {
            *other
        } else {
            *into
        };
    }
    if into.contains(other) && into != other {
        return *into;
    }
    if other.contains(into) && into != other {
        return *other;
    }
    if other_better {
        *other
    } else {
        *into
    }
}

/// Whether the countries of one event's actors (reporters aside) are all among the other's.
fn countries_nest(a: &Event, b: &Event) -> bool {
    let countries = |e: &Event| -> Vec<String> {
        let mut v: Vec<String> = e
            .actors
            .iter()
            .filter(|x| x.role != Role::Reporter)
            .filter_map(|x| x.country.as_deref())
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let (ca, cb) = (countries(a), countries(b));
    ca.iter().all(|c| cb.contains(c)) || cb.iter().all(|c| ca.contains(c))
}

/// Overlap after widening both ranges to whole units of the coarser precision, with one
/// widened range inside the other (see the module notes).
pub fn dates_overlap_at_coarser(a: &DateRange, b: &DateRange) -> bool {
    let unit = a.precision.max(b.precision);
    let (a0, a1) = widen(a, unit);
    let (b0, b1) = widen(b, unit);
    let overlap = a0 <= b1 && b0 <= a1;
    let nested = (a0 <= b0 && b1 <= a1) || (b0 <= a0 && a1 <= b1);
    if !(overlap && nested) {
        return false;
    }
    // An episode inside a multi-unit period is not the period.
    let (coarse, fine) = match a.precision.cmp(&b.precision) {
        std::cmp::Ordering::Greater => (a, b),
        std::cmp::Ordering::Less => (b, a),
        std::cmp::Ordering::Equal => return true,
    };
    let spans_units =
        unit_start(coarse.start, coarse.precision) != unit_start(coarse.end, coarse.precision);
    !(spans_units && widen(fine, unit) != widen(coarse, unit))
}

/// `range` widened to whole units of `unit` (its first unit's first day to its last unit's
/// last day). Day ranges stay as they are.
fn widen(range: &DateRange, unit: Precision) -> (NaiveDate, NaiveDate) {
    (
        unit_start(range.start, unit).unwrap_or(range.start),
        unit_end(range.end, unit).unwrap_or(range.end),
    )
}

fn unit_start(d: NaiveDate, unit: Precision) -> Option<NaiveDate> {
    match unit {
        Precision::Day => Some(d),
        Precision::Week => Some(DateRange::week_of(d).start),
        Precision::Month => DateRange::month(d.year(), d.month()).map(|r| r.start),
        Precision::Quarter => {
            DateRange::quarter(d.year(), (d.month() - 1) / 3 + 1).map(|r| r.start)
        }
        Precision::Year => DateRange::year(d.year()).map(|r| r.start),
    }
}

fn unit_end(d: NaiveDate, unit: Precision) -> Option<NaiveDate> {
    match unit {
        Precision::Day => Some(d),
        Precision::Week => Some(DateRange::week_of(d).end),
        Precision::Month => DateRange::month(d.year(), d.month()).map(|r| r.end),
        Precision::Quarter => DateRange::quarter(d.year(), (d.month() - 1) / 3 + 1).map(|r| r.end),
        Precision::Year => DateRange::year(d.year()).map(|r| r.end),
    }
}

/// Where a stored event of precision `stored` must lie to be the same happening as one
/// dated `range`: [`dates_overlap_at_coarser`] compares the two widened to the coarser
/// precision, and a window of whole units overlaps a widened event only if it overlaps the
/// event itself, so this is the exact window per stored precision. The store asks SQL for
/// each precision's candidates in its own window (a day event: the days themselves, not
/// the whole year) and decides with [`same_happening`].
pub fn search_window(range: &DateRange, stored: Precision) -> (NaiveDate, NaiveDate) {
    widen(range, range.precision.max(stored))
}

/// How many actor keys two events share, reporters aside.
pub fn shared_actors(a: &Event, b: &Event) -> usize {
    a.actors
        .iter()
        .filter(|x| x.role != Role::Reporter)
        .filter(|x| {
            b.actors
                .iter()
                .any(|y| y.role != Role::Reporter && y.key == x.key)
        })
        .count()
}

fn actors_overlap(a: &Event, b: &Event) -> bool {
    shared_actors(a, b) > 0
}

/// How strongly a report's status speaks: a report that something took place beats one that
/// it is under way, which beats an announcement.
fn status_rank(s: Status) -> u8 {
    match s {
        Status::Planned => 0,
        Status::Ongoing => 1,
        Status::Occurred => 2,
    }
}

fn non_reporter_count(e: &Event) -> usize {
    e.actors.iter().filter(|a| a.role != Role::Reporter).count()
}

/// Whether `other`'s date (and with it its summary and location) should replace `into`'s:
/// finer precision first; at equal precision an `occurred` report beats an announcement
/// (plans shift, the report of what happened is the truth); then the narrower range; then
/// the report naming more actors, then the longer summary. Ties keep what is stored.
fn other_is_better_report(into: &Event, other: &Event) -> bool {
    use std::cmp::Ordering::*;
    // Smaller precision is finer, so compare reversed.
    match other.date.precision.cmp(&into.date.precision) {
        Less => return true,
        Greater => return false,
        Equal => {}
    }
    match status_rank(other.status).cmp(&status_rank(into.status)) {
        Greater => return true,
        Less => return false,
        Equal => {}
    }
    match other.date.len_days().cmp(&into.date.len_days()) {
        Less => return true,
        Greater => return false,
        Equal => {}
    }
    match non_reporter_count(other).cmp(&non_reporter_count(into)) {
        Greater => return true,
        Less => return false,
        Equal => {}
    }
    other.summary.trim().len() > into.summary.trim().len()
}

/// Fold `other` into `into`: keep the finer date, planned + occurred = occurred, union of
/// actors, every source kept once.
pub fn absorb(into: &mut Event, other: Event) {
    let other_better = other_is_better_report(into, &other);
    // The role of an actor both reports name comes from the report that names more actors:
    // it saw more of the happening ("Lavrov met Kim" beats "Lavrov arrived").
    let other_richer = non_reporter_count(&other) > non_reporter_count(into);

    if status_rank(other.status) > status_rank(into.status) {
        into.status = other.status;
    }
    if into.id.is_none() {
        into.id = other.id;
    }

    merge_actors(&mut into.actors, other.actors, other_richer);
    merge_sources(&mut into.sources, other.sources);

    into.date = merged_date(&into.date, &other.date, other_better);
    if other_better {
        if !other.summary.trim().is_empty() {
            into.summary = other.summary;
        }
        if other.location.is_some() {
            into.location = other.location;
        }
        if other.mode.is_some() {
            into.mode = other.mode;
        }
        if !other.cameo.trim().is_empty() {
            into.cameo = other.cameo;
        }
    } else {
        // Fill what the kept report left blank.
        if into.summary.trim().is_empty() {
            into.summary = other.summary;
        }
        if into.location.is_none() {
            into.location = other.location;
        }
        if into.mode.is_none() {
            into.mode = other.mode;
        }
        if into.cameo.trim().is_empty() {
            into.cameo = other.cameo;
        }
    }
}

/// Union by key in first-seen order. For an actor both lists hold, a real role beats
/// `reporter` (the ministry that announced a drill may also take part in it), else the
/// richer report's role wins; a missing country is filled in.
fn merge_actors(into: &mut Vec<EventActor>, other: Vec<EventActor>, other_richer: bool) {
    for a in other {
        match into.iter_mut().find(|x| x.key == a.key) {
            Some(x) => {
                let take_role = if x.role == Role::Reporter || a.role == Role::Reporter {
                    x.role == Role::Reporter && a.role != Role::Reporter
                } else {
                    other_richer
                };
                if take_role {
                    x.role = a.role;
                }
                if x.country.is_none() {
                    x.country = a.country;
                }
            }
            None => into.push(a),
        }
    }
}

/// Two sources are one report when they come from the same article at the same offset, or
/// carry the same evidence sentence (the same wire copy run by two publishers is still one
/// telling, but different wording is a second one).
fn same_source(a: &Source, b: &Source) -> bool {
    let same_article = match (a.article_id, b.article_id) {
        (Some(x), Some(y)) => x == y,
        // Not stored yet: only events of one article are merged before storing, so equal
        // provenance fields mean the same article.
        (None, None) => a.publisher == b.publisher && a.url == b.url && a.published == b.published,
        _ => false,
    };
    if same_article && a.evidence_start == b.evidence_start {
        return true;
    }
    let ea = a.evidence.trim();
    !ea.is_empty() && ea == b.evidence.trim()
}

fn merge_sources(into: &mut Vec<Source>, other: Vec<Source>) {
    for s in other {
        if !into.iter().any(|x| same_source(x, &s)) {
            into.push(s);
        }
    }
}

/// `same_happening` for two events read from one article: a planned event and a done one
/// are two happenings there (see the module notes).
fn same_happening_in_article(a: &Event, b: &Event) -> bool {
    // One writer who names a meeting and a visit on the very same dates means two things
    // ("ahead of the meeting, they visited a rocket plant"); a visit that spans the
    // meeting's day holds it ("a two-day trip", "talks on Thursday").
    let one_unmoded = a.mode.is_some() != b.mode.is_some();
    if one_unmoded && a.date == b.date {
        return false;
    }
    (a.status == Status::Planned) == (b.status == Status::Planned) && same_happening(a, b)
}

/// Merge the events of one article among themselves, keeping first-seen order.
pub fn merge_all(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for e in events {
        match out.iter().position(|x| same_happening_in_article(x, &e)) {
            Some(i) => {
                if let Some(slot) = out.get_mut(i) {
                    absorb(slot, e);
                }
                // The merged event may now bridge to a later one (its actors or date grew).
                settle(&mut out, i);
            }
            None => out.push(e),
        }
    }
    out
}

/// After `out[i]` grew, fold into it any later event it now matches, until none does.
fn settle(out: &mut Vec<Event>, i: usize) {
    loop {
        let Some(head) = out.get(i) else { return };
        let found = out
            .iter()
            .enumerate()
            .skip(i + 1)
            .find(|(_, e)| same_happening_in_article(head, e))
            .map(|(j, _)| j);
        let Some(j) = found else { return };
        let e = out.remove(j);
        if let Some(slot) = out.get_mut(i) {
            absorb(slot, e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorKind, EventType};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn actor(key: &str, role: Role) -> EventActor {
        EventActor {
            key: key.to_string(),
            name: key.to_string(),
            kind: ActorKind::State,
            country: None,
            role,
        }
    }

    fn source(article: Option<i64>, published: NaiveDate, start: usize, evidence: &str) -> Source {
        Source {
            article_id: article,
            publisher: Some("The Korea Herald".into()),
            url: None,
            title: None,
            published,
            evidence: evidence.to_string(),
            evidence_start: start,
            evidence_end: start + evidence.len(),
            time_expression: None,
            attributed_to: None,
            ingested_at: None,
        }
    }

    fn visit(date: DateRange, status: Status, summary: &str, actors: Vec<EventActor>) -> Event {
        Event {
            id: None,
            date,
            status,
            event_type: EventType::Consult,
            mode: Some("visit".into()),
            cameo: "042".into(),
            summary: summary.to_string(),
            location: None,
            actors,
            sources: vec![],
        }
    }

    fn lavrov_kim() -> Vec<EventActor> {
        vec![
            actor("sergei-lavrov", Role::Source),
            actor("PRK", Role::Target),
        ]
    }

    #[test]
    fn day_report_inside_month_report_is_same_happening() {
        let month = DateRange::month(2023, 9).unwrap();
        let a = visit(month, Status::Occurred, "Kim visits Russia", lavrov_kim());
        let b = visit(
            DateRange::day(d(2023, 9, 13)),
            Status::Occurred,
            "Kim meets Putin at Vostochny",
            lavrov_kim(),
        );
        assert!(same_happening(&a, &b));
        assert!(same_happening(&b, &a));
    }

    #[test]
    fn different_types_are_different_happenings() {
        let a = visit(
            DateRange::day(d(2023, 10, 18)),
            Status::Occurred,
            "visit",
            lavrov_kim(),
        );
        let mut b = a.clone();
        b.event_type = EventType::Threaten;
        assert!(!same_happening(&a, &b));
    }

    #[test]
    fn different_modes_are_different_happenings_but_missing_mode_is_not_a_conflict() {
        let a = visit(
            DateRange::day(d(2023, 10, 18)),
            Status::Occurred,
            "visit",
            lavrov_kim(),
        );
        let mut phone = a.clone();
        phone.mode = Some("phone".into());
        assert!(!same_happening(&a, &phone));
        let mut unknown = a.clone();
        unknown.mode = None;
        assert!(same_happening(&a, &unknown));
    }

    #[test]
    fn day_ranges_that_do_not_touch_are_different_happenings() {
        let a = visit(
            DateRange::day(d(2023, 10, 18)),
            Status::Occurred,
            "visit",
            lavrov_kim(),
        );
        let b = visit(
            DateRange::day(d(2023, 10, 25)),
            Status::Occurred,
            "visit",
            lavrov_kim(),
        );
        assert!(!same_happening(&a, &b));
    }

    #[test]
    fn week_precision_widens_a_day_to_its_whole_week() {
        // "this week" (Mon 16 – Sun 22 Oct) against "on Thursday" 19 Oct and against the
        // following Monday.
        let week = DateRange::week_of(d(2023, 10, 19));
        let a = visit(week, Status::Occurred, "B-52 deployed", lavrov_kim());
        let thursday = visit(
            DateRange::day(d(2023, 10, 19)),
            Status::Occurred,
            "x",
            lavrov_kim(),
        );
        let next_monday = visit(
            DateRange::day(d(2023, 10, 23)),
            Status::Occurred,
            "x",
            lavrov_kim(),
        );
        assert!(same_happening(&a, &thursday));
        assert!(!same_happening(&a, &next_monday));
    }

    #[test]
    fn month_precision_widens_a_partial_range_to_whole_months() {
        // A month-precision range that (wrongly) covers only part of August still meets a
        // day at the end of August.
        let partial = DateRange {
            start: d(2023, 8, 1),
            end: d(2023, 8, 10),
            precision: Precision::Month,
        };
        let a = visit(partial, Status::Occurred, "summit", lavrov_kim());
        let b = visit(
            DateRange::day(d(2023, 8, 18)),
            Status::Occurred,
            "summit",
            lavrov_kim(),
        );
        assert!(same_happening(&a, &b));
    }

    #[test]
    fn partially_overlapping_day_ranges_are_different_happenings() {
        // Ulchi Freedom Shield 19–29 August and a landing drill from 26 August on.
        let a = visit(
            DateRange::days(d(2024, 8, 19), d(2024, 8, 29)),
            Status::Occurred,
            "joint exercise",
            lavrov_kim(),
        );
        let b = visit(
            DateRange::days(d(2024, 8, 26), d(2024, 9, 5)),
            Status::Ongoing,
            "landing drill",
            lavrov_kim(),
        );
        assert!(!same_happening(&a, &b));
        // But a range and a day inside it are one happening told twice.
        let c = visit(
            DateRange::day(d(2024, 8, 20)),
            Status::Occurred,
            "x",
            lavrov_kim(),
        );
        assert!(same_happening(&a, &c));
    }

    #[test]
    fn episode_inside_a_multi_month_period_is_not_the_period() {
        // "for the past two months" (July–September) vs drills from 19 to 29 August.
        let period = visit(
            DateRange {
                start: d(2024, 7, 1),
                end: d(2024, 9, 30),
                precision: Precision::Month,
            },
            Status::Occurred,
            "drills for two months",
            lavrov_kim(),
        );
        let episode = visit(
            DateRange::days(d(2024, 8, 19), d(2024, 8, 29)),
            Status::Occurred,
            "Ulchi Freedom Shield",
            lavrov_kim(),
        );
        assert!(!same_happening(&period, &episode));
        // The same period told with exact days is the same happening.
        let exact = visit(
            DateRange::days(d(2024, 7, 1), d(2024, 9, 30)),
            Status::Occurred,
            "drills July to September",
            lavrov_kim(),
        );
        assert!(same_happening(&period, &exact));
    }

    #[test]
    fn weekend_trip_straddling_weeks_still_meets_its_week() {
        // "this week" (16–22 Oct) against a Saturday-to-Monday trip (21–23 Oct): widened to
        // weeks the trip covers 16–29 Oct, which holds the week.
        let week = visit(
            DateRange::week_of(d(2023, 10, 19)),
            Status::Occurred,
            "w",
            lavrov_kim(),
        );
        let trip = visit(
            DateRange::days(d(2023, 10, 21), d(2023, 10, 23)),
            Status::Occurred,
            "t",
            lavrov_kim(),
        );
        assert!(same_happening(&week, &trip));
    }

    #[test]
    fn year_precision_meets_any_day_of_that_year_only() {
        let year = DateRange::year(2018).unwrap();
        let a = visit(year, Status::Occurred, "summit", lavrov_kim());
        let june = visit(
            DateRange::day(d(2018, 6, 12)),
            Status::Occurred,
            "s",
            lavrov_kim(),
        );
        let next = visit(
            DateRange::day(d(2019, 2, 27)),
            Status::Occurred,
            "s",
            lavrov_kim(),
        );
        assert!(same_happening(&a, &june));
        assert!(!same_happening(&a, &next));
    }

    #[test]
    fn quarter_precision_widens_to_whole_quarter() {
        let q = DateRange::quarter(2023, 1).unwrap();
        let a = visit(q, Status::Planned, "Freedom Shield", lavrov_kim());
        let march = visit(
            DateRange::day(d(2023, 3, 13)),
            Status::Occurred,
            "x",
            lavrov_kim(),
        );
        let april = visit(
            DateRange::day(d(2023, 4, 1)),
            Status::Occurred,
            "x",
            lavrov_kim(),
        );
        assert!(same_happening(&a, &march));
        assert!(!same_happening(&a, &april));
    }

    #[test]
    fn disjoint_actor_sets_are_different_happenings() {
        let a = visit(
            DateRange::day(d(2023, 10, 18)),
            Status::Occurred,
            "visit",
            lavrov_kim(),
        );
        let b = visit(
            DateRange::day(d(2023, 10, 18)),
            Status::Occurred,
            "visit",
            vec![actor("USA", Role::Source), actor("KOR", Role::Target)],
        );
        assert!(!same_happening(&a, &b));
    }

    #[test]
    fn reports_naming_different_counterparts_are_different_happenings() {
        // Shanahan (USA) meets Suh (KOR) vs inter-Korean talks (PRK, KOR), same month.
        let mut pentagon = visit(
            DateRange::day(d(2018, 1, 19)),
            Status::Occurred,
            "Shanahan meets Suh",
            vec![
                person("patrick-shanahan", "USA", Role::Source),
                person("KOR", "KOR", Role::Target),
            ],
        );
        pentagon.mode = None;
        let mut talks = visit(
            DateRange::month(2018, 1).unwrap(),
            Status::Ongoing,
            "inter-Korean talks",
            vec![
                person("PRK", "PRK", Role::Participant),
                person("KOR", "KOR", Role::Participant),
            ],
        );
        talks.mode = None;
        assert!(!same_happening(&pentagon, &talks));
        // A report that names one more country than the other still nests.
        let mut wider = pentagon.clone();
        wider.actors.push(person("JPN", "JPN", Role::Participant));
        wider.actors.push(person("UNC", "", Role::Participant));
        assert!(same_happening(&pentagon, &wider));
    }

    fn person(key: &str, country: &str, role: Role) -> EventActor {
        EventActor {
            country: Some(country.to_string()),
            ..actor(key, role)
        }
    }

    #[test]
    fn shared_reporter_alone_does_not_make_one_happening() {
        let date = DateRange::day(d(2023, 10, 20));
        let a = visit(
            date,
            Status::Occurred,
            "KCNA: North warns US",
            vec![actor("KCNA", Role::Reporter), actor("PRK", Role::Source)],
        );
        let b = visit(
            date,
            Status::Occurred,
            "KCNA: Russia praises talks",
            vec![actor("KCNA", Role::Reporter), actor("RUS", Role::Source)],
        );
        assert!(!same_happening(&a, &b));
    }

    #[test]
    fn absorb_keeps_the_finer_date_and_its_summary() {
        let mut month = visit(
            DateRange::month(2023, 9).unwrap(),
            Status::Occurred,
            "Kim–Putin summit",
            lavrov_kim(),
        );
        let day = visit(
            DateRange::day(d(2023, 9, 13)),
            Status::Occurred,
            "Kim and Putin meet at the Vostochny cosmodrome",
            lavrov_kim(),
        );
        absorb(&mut month, day.clone());
        assert_eq!(month.date, day.date);
        assert_eq!(month.summary, day.summary);

        // And the other way round: a coarser report does not blur a finer stored date.
        let mut fine = day.clone();
        absorb(
            &mut fine,
            visit(
                DateRange::month(2023, 9).unwrap(),
                Status::Occurred,
                "summit",
                lavrov_kim(),
            ),
        );
        assert_eq!(fine.date, day.date);
    }

    #[test]
    fn absorb_at_equal_precision_keeps_the_range_that_holds_the_other() {
        let mut wide = visit(
            DateRange::days(d(2023, 10, 18), d(2023, 10, 19)),
            Status::Occurred,
            "Lavrov visits Pyongyang",
            lavrov_kim(),
        );
        let narrow = visit(
            DateRange::day(d(2023, 10, 19)),
            Status::Occurred,
            "Lavrov visits Pyongyang",
            lavrov_kim(),
        );
        let whole = wide.date;
        absorb(&mut wide, narrow.clone());
        assert_eq!(
            wide.date, whole,
            "talks on Thursday do not shorten a two-day visit"
        );
        let mut narrow_first = narrow;
        absorb(&mut narrow_first, wide);
        assert_eq!(narrow_first.date, whole);
    }

    #[test]
    fn planned_plus_occurred_is_occurred_with_the_occurred_date() {
        // Announced on 16 Oct for 18–19 Oct; reported on 20 Oct as having taken place on
        // the 18th and 19th — plus a second telling that only names the 19th as planned.
        let mut planned = visit(
            DateRange::day(d(2023, 10, 19)),
            Status::Planned,
            "Lavrov will visit Pyongyang",
            lavrov_kim(),
        );
        planned.sources = vec![source(Some(1), d(2023, 10, 16), 10, "Lavrov will visit.")];
        let mut occurred = visit(
            DateRange::days(d(2023, 10, 18), d(2023, 10, 19)),
            Status::Occurred,
            "Lavrov visits Pyongyang",
            lavrov_kim(),
        );
        occurred.sources = vec![source(
            Some(2),
            d(2023, 10, 20),
            40,
            "Lavrov wrapped up a visit.",
        )];
        absorb(&mut planned, occurred.clone());
        assert_eq!(planned.status, Status::Occurred);
        assert_eq!(planned.date, occurred.date);
        assert_eq!(planned.summary, "Lavrov visits Pyongyang");
        assert_eq!(
            planned.sources.len(),
            2,
            "the announcement stays as a source"
        );
    }

    #[test]
    fn ongoing_plus_planned_is_ongoing() {
        let mut a = visit(
            DateRange::day(d(2024, 9, 5)),
            Status::Planned,
            "drills",
            lavrov_kim(),
        );
        let b = visit(
            DateRange::day(d(2024, 9, 5)),
            Status::Ongoing,
            "drills",
            lavrov_kim(),
        );
        absorb(&mut a, b);
        assert_eq!(a.status, Status::Ongoing);
    }

    #[test]
    fn absorb_unions_actors_by_key_in_first_seen_order() {
        let mut a = visit(
            DateRange::day(d(2023, 10, 22)),
            Status::Planned,
            "joint air drills",
            vec![
                actor("KOR", Role::Participant),
                actor("USA", Role::Participant),
            ],
        );
        let b = visit(
            DateRange::day(d(2023, 10, 22)),
            Status::Planned,
            "joint air drills",
            vec![
                actor("USA", Role::Participant),
                actor("JPN", Role::Participant),
            ],
        );
        absorb(&mut a, b);
        let keys: Vec<&str> = a.actor_keys().collect();
        assert_eq!(keys, ["KOR", "USA", "JPN"]);
    }

    #[test]
    fn role_comes_from_the_report_naming_more_actors() {
        let mut thin = visit(
            DateRange::day(d(2023, 10, 19)),
            Status::Occurred,
            "Lavrov in Pyongyang",
            vec![actor("sergei-lavrov", Role::Participant)],
        );
        let rich = visit(
            DateRange::day(d(2023, 10, 19)),
            Status::Occurred,
            "Lavrov meets Kim",
            vec![
                actor("sergei-lavrov", Role::Source),
                actor("kim-jong-un", Role::Target),
            ],
        );
        absorb(&mut thin, rich);
        assert_eq!(thin.actors.first().map(|a| a.role), Some(Role::Source));
        assert_eq!(thin.actors.len(), 2);
    }

    #[test]
    fn a_real_role_beats_reporter_for_the_same_actor() {
        let mut a = visit(
            DateRange::day(d(2024, 9, 5)),
            Status::Occurred,
            "drills",
            vec![
                actor("KOR-mnd", Role::Reporter),
                actor("KOR", Role::Participant),
            ],
        );
        let b = visit(
            DateRange::day(d(2024, 9, 5)),
            Status::Occurred,
            "drills",
            vec![actor("KOR-mnd", Role::Source)],
        );
        absorb(&mut a, b);
        assert_eq!(a.actors.first().map(|x| x.role), Some(Role::Source));
    }

    #[test]
    fn sources_are_deduplicated_by_article_and_offset_or_identical_evidence() {
        let day = d(2023, 10, 20);
        let mut a = visit(DateRange::day(day), Status::Occurred, "x", lavrov_kim());
        a.sources = vec![source(Some(1), day, 100, "Lavrov met Kim on Thursday.")];
        let mut b = a.clone();
        b.sources = vec![
            // same article, same sentence offset
            source(Some(1), day, 100, "Lavrov met Kim on Thursday."),
            // another publisher carrying the identical wire sentence
            source(Some(7), day, 5, "Lavrov met Kim on Thursday."),
            // a genuinely different telling
            source(
                Some(2),
                day,
                12,
                "The Russian minister held talks with Kim.",
            ),
        ];
        absorb(&mut a, b);
        assert_eq!(a.sources.len(), 2);
    }

    #[test]
    fn absorb_fills_missing_location_and_keeps_stored_id() {
        let mut a = visit(
            DateRange::day(d(2023, 10, 19)),
            Status::Occurred,
            "visit",
            lavrov_kim(),
        );
        a.id = Some(5);
        let mut b = visit(
            DateRange::days(d(2023, 10, 18), d(2023, 10, 19)),
            Status::Occurred,
            "visit",
            lavrov_kim(),
        );
        b.location = Some("Pyongyang".into());
        b.id = Some(9);
        absorb(&mut a, b);
        assert_eq!(a.id, Some(5));
        assert_eq!(a.location.as_deref(), Some("Pyongyang"));
    }

    #[test]
    fn merge_all_merges_two_sentences_of_one_article_in_first_seen_order() {
        let day = d(2023, 10, 20);
        let mut first = visit(
            DateRange::days(d(2023, 10, 18), d(2023, 10, 19)),
            Status::Occurred,
            "Lavrov visits Pyongyang",
            lavrov_kim(),
        );
        first.sources = vec![source(None, day, 0, "Lavrov wrapped up a two-day trip.")];
        let mut other = visit(
            DateRange::day(d(2023, 10, 22)),
            Status::Planned,
            "joint air drills",
            vec![actor("KOR", Role::Participant)],
        );
        other.event_type = EventType::Cooperate;
        other.mode = None;
        let mut second = first.clone();
        second.date = DateRange::day(d(2023, 10, 19));
        second.summary = "Lavrov meets Kim".into();
        second.sources = vec![source(None, day, 200, "He met Kim on Thursday.")];

        let out = merge_all(vec![first, other, second]);
        assert_eq!(out.len(), 2);
        assert_eq!(out.first().map(|e| e.sources.len()), Some(2));
        assert_eq!(
            out.first().map(|e| e.date),
            Some(DateRange::days(d(2023, 10, 18), d(2023, 10, 19)))
        );
        assert_eq!(out.get(1).map(|e| e.event_type), Some(EventType::Cooperate));
    }

    #[test]
    fn merge_all_folds_events_bridged_by_a_later_report() {
        // A (Lavrov) and B (Kim) share no actor; C names both and so joins all three.
        let date = DateRange::day(d(2023, 10, 19));
        let a = visit(
            date,
            Status::Occurred,
            "Lavrov arrives",
            vec![actor("sergei-lavrov", Role::Source)],
        );
        let b = visit(
            date,
            Status::Occurred,
            "Kim hosts",
            vec![actor("kim-jong-un", Role::Target)],
        );
        let c = visit(
            date,
            Status::Occurred,
            "Lavrov meets Kim",
            vec![
                actor("sergei-lavrov", Role::Source),
                actor("kim-jong-un", Role::Target),
            ],
        );
        let out = merge_all(vec![a, b, c]);
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn merge_all_keeps_an_announcement_apart_from_a_done_deed_of_the_same_article() {
        // "Kim and Putin visited the rocket plant" (13 Sep) and "he is expected to visit
        // Komsomolsk" (September): both visits by Kim, but one article cannot tell the same
        // happening as both past and future.
        let done = visit(
            DateRange::day(d(2023, 9, 13)),
            Status::Occurred,
            "plant",
            lavrov_kim(),
        );
        let next = visit(
            DateRange::month(2023, 9).unwrap(),
            Status::Planned,
            "Komsomolsk",
            lavrov_kim(),
        );
        assert!(
            same_happening(&done, &next),
            "across articles they would merge"
        );
        assert_eq!(merge_all(vec![done, next]).len(), 2);
    }

    #[test]
    fn merge_all_keeps_unrelated_events_apart() {
        let date = DateRange::day(d(2023, 10, 19));
        let a = visit(
            date,
            Status::Occurred,
            "a",
            vec![actor("USA", Role::Source)],
        );
        let b = visit(
            date,
            Status::Occurred,
            "b",
            vec![actor("RUS", Role::Source)],
        );
        let out = merge_all(vec![a.clone(), b.clone()]);
        assert_eq!(out, vec![a, b]);
    }

    #[test]
    fn search_window_is_the_coarser_unit_of_the_two() {
        let day = DateRange::day(d(2023, 10, 19));
        assert_eq!(search_window(&day, Precision::Day), (day.start, day.end));
        assert_eq!(
            search_window(&day, Precision::Week),
            (d(2023, 10, 16), d(2023, 10, 22))
        );
        assert_eq!(
            search_window(&day, Precision::Year),
            (d(2023, 1, 1), d(2023, 12, 31))
        );
        let month = DateRange::month(2023, 8).unwrap();
        assert_eq!(
            search_window(&month, Precision::Day),
            (d(2023, 8, 1), d(2023, 8, 31))
        );
    }

    #[test]
    fn search_windows_hold_every_stored_event_that_can_match() {
        // Whatever the stored precision, a stored event outside its window never passes
        // the date test, so searching only the windows loses nothing.
        let new = DateRange::day(d(2024, 1, 1));
        let stored = [
            DateRange::day(d(2023, 12, 31)),
            DateRange::week_of(d(2023, 12, 31)),
            DateRange::month(2023, 12).unwrap(),
            DateRange::year(2023).unwrap(),
            DateRange::week_of(d(2024, 1, 3)),
            DateRange::year(2024).unwrap(),
        ];
        for s in stored {
            let (w0, w1) = search_window(&new, s.precision);
            let inside = s.start <= w1 && s.end >= w0;
            assert!(
                inside || !dates_overlap_at_coarser(&s, &new),
                "{s:?} matches but lies outside its window"
            );
        }
    }
}
