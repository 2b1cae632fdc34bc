//! Curation on in-memory stores: edits survive ingest, deletions and splits are not undone
//! by re-extraction, history rows, CSV import planning, and the pure parsers.

use super::*;
use crate::actor::Gazetteer;
use crate::model::ActorKind;
use crate::store::IngestOutcome;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn article(name: &str, published: NaiveDate, body: &str) -> Article {
    Article {
        origin: name.into(),
        title: Some(format!("{name} title")),
        publisher: Some("Test Wire".into()),
        author: None,
        url: Some(format!("https://example.org/{name}")),
        published,
        published_time: None,
        extra: Vec::new(),
        body: body.into(),
    }
}

fn actor(key: &str, name: &str, kind: ActorKind, country: &str, role: Role) -> EventActor {
    EventActor {
        key: key.into(),
        name: name.into(),
        kind,
        country: Some(country.into()),
        role,
    }
}

fn source(evidence: &str, start: usize) -> Source {
    Source {
        article_id: None,
        publisher: None,
        url: None,
        title: None,
        published: d(2000, 1, 1),
        evidence: evidence.into(),
        evidence_start: start,
        evidence_end: start + evidence.len(),
        time_expression: None,
        attributed_to: None,
        ingested_at: None,
    }
}

/// Lavrov visits North Korea on `date`, told by `evidence`.
fn visit(date: DateRange, summary: &str, evidence: &str) -> Event {
    Event {
        id: None,
        date,
        status: Status::Occurred,
        event_type: EventType::Consult,
        mode: Some("visit".into()),
        cameo: "042".into(),
        summary: summary.into(),
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
        sources: vec![source(evidence, 0)],
    }
}

const ARRIVAL: &str = "Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Wednesday.";
const TALKS: &str = "Lavrov held talks with Kim Jong Un on Thursday.";

/// A store holding one visit event (18-19 Oct 2023) with two reports; returns its id.
fn store_with_visit() -> (Store, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let a = article("a1", d(2023, 10, 19), ARRIVAL);
    store
        .ingest(
            &a,
            vec![visit(
                DateRange::days(d(2023, 10, 18), d(2023, 10, 19)),
                "Lavrov visits North Korea",
                ARRIVAL,
            )],
        )
        .unwrap();
    let b = article("a2", d(2023, 10, 20), TALKS);
    store
        .ingest(
            &b,
            vec![visit(
                DateRange::day(d(2023, 10, 19)),
                "Lavrov visits North Korea",
                TALKS,
            )],
        )
        .unwrap();
    assert_eq!(store.count_events().unwrap(), 1);
    let id = only_id(&store);
    (store, id)
}

fn ids(store: &Store) -> Vec<i64> {
    let mut out = Vec::new();
    store
        .for_each_event(&crate::query::Filter::default(), &mut |e| {
            out.extend(e.id);
            Ok(())
        })
        .unwrap();
    out
}

fn only_id(store: &Store) -> i64 {
    let all = ids(store);
    assert_eq!(all.len(), 1, "{all:?}");
    all[0]
}

#[test]
fn an_edited_summary_and_date_survive_a_later_report_of_the_same_visit() {
    let (mut store, id) = store_with_visit();
    let patch = EventPatch {
        summary: Some("Lavrov's two-day visit to Pyongyang".into()),
        date: Some(DateRange::days(d(2023, 10, 18), d(2023, 10, 20))),
        ..EventPatch::default()
    };
    let changed = store.edit_event(id, &patch).unwrap();
    assert_eq!(changed, vec![Field::Date, Field::Summary]);
    // A third report, finer and "better": without the lock it would replace both.
    let c = article(
        "a3",
        d(2023, 10, 21),
        "Lavrov left Pyongyang on Thursday after talks.",
    );
    store
        .ingest(
            &c,
            vec![visit(
                DateRange::day(d(2023, 10, 19)),
                "Sergei Lavrov ends a visit to North Korea with talks",
                "Lavrov left Pyongyang on Thursday after talks.",
            )],
        )
        .unwrap();
    let e = store.event(only_id(&store)).unwrap().unwrap();
    assert_eq!(e.summary, "Lavrov's two-day visit to Pyongyang");
    assert_eq!(e.date.end, d(2023, 10, 20));
    assert_eq!(e.sources.len(), 3, "the new report is still added");
}

#[test]
fn a_deleted_event_is_not_recreated_by_a_corrected_copy_of_its_article() {
    let (mut store, id) = store_with_visit();
    store.remove_event(id).unwrap();
    assert_eq!(store.count_events().unwrap(), 0);
    // The publisher corrected the article: new content hash, the same sentence.
    let copy = article(
        "a1-corrected",
        d(2023, 10, 19),
        &format!("{ARRIVAL} (corrected)"),
    );
    let out = store
        .ingest(
            &copy,
            vec![visit(
                DateRange::days(d(2023, 10, 18), d(2023, 10, 19)),
                "Lavrov visits North Korea",
                ARRIVAL,
            )],
        )
        .unwrap();
    assert!(matches!(
        out,
        IngestOutcome::Added {
            events_added: 0,
            ..
        }
    ));
    assert_eq!(store.count_events().unwrap(), 0);
}

#[test]
fn a_deletion_keeps_other_event_types_told_by_the_same_sentence() {
    let (mut store, id) = store_with_visit();
    store.remove_event(id).unwrap();
    let mut statement = visit(DateRange::day(d(2023, 10, 19)), "KCNA reports", ARRIVAL);
    statement.event_type = EventType::Statement;
    statement.mode = None;
    let copy = article("a1-copy", d(2023, 10, 19), &format!("{ARRIVAL} More."));
    store.ingest(&copy, vec![statement]).unwrap();
    assert_eq!(store.count_events().unwrap(), 1);
}

#[test]
fn split_events_stay_apart_when_a_copy_of_the_moved_report_arrives() {
    let (mut store, id) = store_with_visit();
    let new_id = store
        .split_event(
            id,
            &[2],
            &EventPatch {
                summary: Some("Lavrov and Kim hold talks".into()),
                date: Some(DateRange::day(d(2023, 10, 19))),
                ..EventPatch::default()
            },
        )
        .unwrap();
    assert_ne!(new_id, id);
    let a = store.event(id).unwrap().unwrap();
    let b = store.event(new_id).unwrap().unwrap();
    assert_eq!(a.sources.len(), 1);
    assert_eq!(b.sources.len(), 1);
    assert_eq!(b.sources[0].evidence, TALKS);
    // Another outlet runs the talks sentence: it joins the split-off event, and the two
    // halves are not folded together again.
    let copy = article(
        "a2-copy",
        d(2023, 10, 20),
        &format!("{TALKS} Other outlet."),
    );
    store
        .ingest(
            &copy,
            vec![visit(
                DateRange::days(d(2023, 10, 18), d(2023, 10, 19)),
                "Lavrov visits",
                TALKS,
            )],
        )
        .unwrap();
    assert_eq!(ids(&store).len(), 2);
    let a2 = store.event(id).unwrap().unwrap();
    let b2 = store.event(new_id).unwrap().unwrap();
    assert_eq!(a2.sources.len(), 1);
    assert_eq!(b2.summary, "Lavrov and Kim hold talks");
}

#[test]
fn split_refuses_to_move_every_source_or_a_missing_one() {
    let (mut store, id) = store_with_visit();
    let all = store.split_event(id, &[1, 2], &EventPatch::default());
    assert!(matches!(all, Err(Error::Usage(m)) if m.contains("leave at least one")));
    let missing = store.split_event(id, &[5], &EventPatch::default());
    assert!(matches!(missing, Err(Error::Usage(m)) if m.contains("no source 5")));
    assert_eq!(store.event(id).unwrap().unwrap().sources.len(), 2);
}

#[test]
fn merge_keeps_the_first_event_and_every_source() {
    let (mut store, id) = store_with_visit();
    let new_id = store.split_event(id, &[2], &EventPatch::default()).unwrap();
    let kept = store.merge_events(&[id, new_id]).unwrap();
    assert_eq!(kept, id);
    assert_eq!(ids(&store), vec![id]);
    let e = store.event(id).unwrap().unwrap();
    assert_eq!(e.sources.len(), 2);
    assert_eq!(e.summary, "Lavrov visits North Korea");
    assert!(store.event(new_id).unwrap().is_none());
    let log = store.history(Some(new_id), None, None).unwrap();
    assert_eq!(log[0].action, "merge");
    assert_eq!(log[0].after, Some(json!({ "merged_into": id })));
}

#[test]
fn merge_needs_two_existing_events() {
    let (mut store, id) = store_with_visit();
    assert!(matches!(
        store.merge_events(&[id, id]),
        Err(Error::Usage(_))
    ));
    assert!(matches!(store.merge_events(&[id, 999]), Err(Error::Usage(m)) if m.contains("999")));
}

#[test]
fn event_ids_are_never_reused_after_a_deletion() {
    let (mut store, id) = store_with_visit();
    store.remove_event(id).unwrap();
    let mut e = visit(DateRange::day(d(2023, 11, 1)), "Another visit", "x");
    assert!(matches!(
        store.add_event(e.clone(), &[]),
        Err(Error::Usage(_))
    ));
    e.sources.clear();
    let new_id = store.add_event(e, &[]).unwrap();
    assert!(new_id > id, "{new_id} should be above the deleted {id}");
}

#[test]
fn history_records_who_changed_what_before_and_after() {
    let (mut store, id) = store_with_visit();
    store
        .edit_event(
            id,
            &EventPatch {
                status: Some(Status::Planned),
                ..EventPatch::default()
            },
        )
        .unwrap();
    let log = store.history(Some(id), None, None).unwrap();
    let newest = &log[0];
    assert_eq!(
        (newest.who.as_str(), newest.action.as_str()),
        ("user", "edit")
    );
    assert_eq!(newest.before, Some(json!({"status": "occurred"})));
    assert_eq!(newest.after, Some(json!({"status": "planned"})));
    // The ingest's add and merge come before it.
    let actions: Vec<(&str, &str)> = log
        .iter()
        .map(|h| (h.who.as_str(), h.action.as_str()))
        .collect();
    assert_eq!(
        actions,
        vec![("user", "edit"), ("ingest", "merge"), ("ingest", "add")]
    );
    let users = store.history(None, Some(Who::User), Some(10)).unwrap();
    assert_eq!(users.len(), 1);
}

#[test]
fn an_edit_that_changes_nothing_is_not_logged_or_locked() {
    let (mut store, id) = store_with_visit();
    let e = store.event(id).unwrap().unwrap();
    let same = EventPatch {
        summary: Some(e.summary.clone()),
        ..EventPatch::default()
    };
    assert!(store.edit_event(id, &same).unwrap().is_empty());
    assert_eq!(store.event_locks(id).unwrap(), None);
    assert!(store
        .history(None, Some(Who::User), None)
        .unwrap()
        .is_empty());
}

#[test]
fn unlock_lets_later_reports_change_the_event_again() {
    let (mut store, id) = store_with_visit();
    store
        .edit_event(
            id,
            &EventPatch {
                summary: Some("x".into()),
                ..EventPatch::default()
            },
        )
        .unwrap();
    assert_eq!(store.event_locks(id).unwrap(), Some(vec![Field::Summary]));
    assert!(store.unlock_event(id).unwrap());
    assert_eq!(store.event_locks(id).unwrap(), None);
    assert!(!store.unlock_event(id).unwrap());
}

#[test]
fn a_cited_url_becomes_a_source_with_its_own_article() {
    let mut store = Store::open_in_memory().unwrap();
    let mut e = visit(
        DateRange::day(d(2024, 6, 19)),
        "Putin visits Pyongyang",
        "x",
    );
    e.sources.clear();
    let id = store
        .add_event(
            e,
            &[Citation {
                url: Some("https://example.org/putin".into()),
                publisher: Some("Example News".into()),
                published: Some(d(2024, 6, 19)),
                evidence: Some("Putin arrived in Pyongyang early on Wednesday.".into()),
                ..Citation::default()
            }],
        )
        .unwrap();
    let e = store.event(id).unwrap().unwrap();
    assert_eq!(e.sources.len(), 1);
    assert_eq!(e.sources[0].publisher.as_deref(), Some("Example News"));
    assert_eq!(e.sources[0].published, d(2024, 6, 19));
    assert_eq!(store.event_locks(id).unwrap(), Some(Field::ALL.to_vec()));
}

#[test]
fn schema_2_keeps_the_events_of_a_schema_1_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        super::super::apply_migrations(&mut conn, "v1", &super::super::MIGRATIONS[..1]).unwrap();
        let a = article("a1", d(2023, 10, 19), ARRIVAL);
        let aid = insert_article(&conn, &a, "h1").unwrap();
        let mut e = visit(DateRange::day(d(2023, 10, 18)), "Lavrov visits", ARRIVAL);
        e.sources[0].article_id = Some(aid);
        insert_event(&conn, "v1", &e).unwrap();
    }
    let store = Store::open(&path).unwrap();
    let id = only_id(&store);
    let e = store.event(id).unwrap().unwrap();
    assert_eq!(e.actors.len(), 2);
    assert_eq!(e.sources.len(), 1);
    let problems: i64 = store
        .conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(problems, 0);
}

// --- CSV import -------------------------------------------------------------------------

fn exported(store: &Store) -> String {
    let mut buf: Vec<u8> = Vec::new();
    {
        let mut w = crate::export::writer(
            crate::export::Format::Csv,
            Box::new(&mut buf),
            &crate::export::ExportOptions::default(),
        );
        store
            .for_each_event(&crate::query::Filter::default(), &mut |e| w.write(&e))
            .unwrap();
        w.finish().unwrap();
    }
    String::from_utf8(buf).unwrap()
}

fn gaz() -> Gazetteer {
    Gazetteer::builtin().unwrap()
}

#[test]
fn importing_an_unchanged_export_changes_nothing() {
    let (mut store, _) = store_with_visit();
    let csv = exported(&store);
    let r = store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), true)
        .unwrap();
    assert_eq!((r.updated, r.added, r.unchanged), (0, 0, 1));
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    assert!(store
        .history(None, Some(Who::User), None)
        .unwrap()
        .is_empty());
}

#[test]
fn an_edited_date_and_summary_update_only_those_fields() {
    let (mut store, id) = store_with_visit();
    let csv = exported(&store)
        .replace("2023-10-18,2023-10-19", "2023-10-17,2023-10-19")
        .replace("Lavrov visits North Korea", "Lavrov in Pyongyang");
    let r = store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), true)
        .unwrap();
    assert_eq!(r.updated, 1);
    assert_eq!(r.changes[0].fields, vec![Field::Date, Field::Summary]);
    let e = store.event(id).unwrap().unwrap();
    assert_eq!(e.date.start, d(2023, 10, 17));
    assert_eq!(e.summary, "Lavrov in Pyongyang");
    let log = store.history(Some(id), Some(Who::User), None).unwrap();
    assert_eq!(log[0].action, "import");
    assert_eq!(log[0].note.as_deref(), Some("e.csv:2"));
}

#[test]
fn excel_bom_crlf_and_spreadsheet_dates_and_codes_read_as_unchanged() {
    let (mut store, _) = store_with_visit();
    let csv = exported(&store)
        .replace('\n', "\r\n")
        .replace("2023-10-18,2023-10-19", "2023/10/18,2023-10-19 00:00:00")
        .replace(",042,", ",42,");
    let data = format!("\u{feff}{csv}");
    let r = store
        .import_csv(data.as_bytes(), "e.csv", &gaz(), true)
        .unwrap();
    assert_eq!((r.updated, r.unchanged), (0, 1), "{:?}", r.changes);
}

#[test]
fn a_bad_row_names_its_line_and_nothing_is_applied() {
    let (mut store, id) = store_with_visit();
    let mut csv = exported(&store).replace("Lavrov visits North Korea", "Changed");
    csv.push_str(",2023-13-45,,day,,occurred,consult,,,A new event,,,,,,,,\n");
    let err = store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), true)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("e.csv:3: date_start '2023-13-45'"), "{err}");
    assert!(err.contains("nothing from e.csv was imported"), "{err}");
    assert_eq!(
        store.event(id).unwrap().unwrap().summary,
        "Lavrov visits North Korea"
    );
    assert_eq!(store.count_events().unwrap(), 1);
}

#[test]
fn a_row_without_id_adds_an_event_with_resolved_actors() {
    let (mut store, _) = store_with_visit();
    let mut csv = exported(&store);
    csv.push_str(
        ",2023-10-22,,,,planned,cooperate,,,Joint air drills,,South Korea (participant); Japan (participant),,,Yonhap,https://example.org/drills,The drills will likely take place on Sunday.,\n",
    );
    let r = store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), true)
        .unwrap();
    assert_eq!((r.added, r.unchanged), (1, 1));
    let new_id = r.changes[0].event;
    let e = store.event(new_id).unwrap().unwrap();
    assert_eq!(e.event_type, EventType::Cooperate);
    assert_eq!(e.cameo, "06");
    assert_eq!(e.status, Status::Planned);
    let keys: Vec<&str> = e.actor_keys().collect();
    assert_eq!(keys, vec!["KOR", "JPN"]);
    assert_eq!(e.sources.len(), 1);
    assert_eq!(
        e.sources[0].url.as_deref(),
        Some("https://example.org/drills")
    );
}

#[test]
fn an_unknown_actor_or_id_is_a_row_error() {
    let (mut store, _) = store_with_visit();
    let csv = exported(&store).replace("North Korea (target)", "Atlantis (target)");
    let err = store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("e.csv:2: unknown actor 'Atlantis'"), "{err}");
    let mut csv = exported(&store);
    csv.push_str("999,2023-10-18,2023-10-18,day,,occurred,consult,,,x,,,,,,,,\n");
    let err = store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("e.csv:3: no event 999"), "{err}");
}

#[test]
fn a_changed_role_in_the_actors_cell_is_imported() {
    let (mut store, id) = store_with_visit();
    let csv = exported(&store).replace("North Korea (target)", "North Korea (participant)");
    let r = store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), true)
        .unwrap();
    assert_eq!(r.changes[0].fields, vec![Field::Actors]);
    let e = store.event(id).unwrap().unwrap();
    assert_eq!(e.actors[1].role, Role::Participant);
    assert_eq!(e.actors[1].key, "PRK");
}

#[test]
fn a_dry_run_reports_changes_without_writing_them() {
    let (mut store, id) = store_with_visit();
    let csv = exported(&store).replace("Lavrov visits North Korea", "Changed");
    let r = store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), false)
        .unwrap();
    assert_eq!(r.updated, 1);
    assert!(!r.applied);
    assert_eq!(
        store.event(id).unwrap().unwrap().summary,
        "Lavrov visits North Korea"
    );
}

#[test]
fn a_changed_evidence_cell_is_noted_not_imported() {
    let (mut store, _) = store_with_visit();
    let csv = exported(&store).replace(ARRIVAL, "Something else entirely.");
    let r = store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), true)
        .unwrap();
    assert_eq!(r.unchanged, 1);
    assert_eq!(r.notes.len(), 1);
    assert!(
        r.notes[0].contains("evidence not imported"),
        "{:?}",
        r.notes
    );
}

// --- pure helpers -----------------------------------------------------------------------

#[test]
fn date_specs_cover_days_ranges_and_coarse_periods() {
    assert_eq!(
        parse_date_spec("2023-10-18..2023-10-19").unwrap(),
        DateRange::days(d(2023, 10, 18), d(2023, 10, 19))
    );
    assert_eq!(
        parse_date_spec("2023-08").unwrap(),
        DateRange::month(2023, 8).unwrap()
    );
    assert_eq!(
        parse_date_spec("2023-Q4").unwrap(),
        DateRange::quarter(2023, 4).unwrap()
    );
    assert_eq!(
        parse_date_spec("2023-W42").unwrap(),
        DateRange::week_of(d(2023, 10, 16))
    );
    assert_eq!(
        parse_date_spec("2023").unwrap(),
        DateRange::year(2023).unwrap()
    );
    assert!(parse_date_spec("18/10/2023").is_err());
    assert!(parse_date_spec("2023-10-19..2023-10-18").is_err());
}

#[test]
fn a_coarser_precision_widens_the_date_to_its_period() {
    let day = DateRange::day(d(2023, 10, 18));
    assert_eq!(
        snap_to_precision(day, Precision::Month),
        DateRange::month(2023, 10).unwrap()
    );
    assert_eq!(
        snap_to_precision(day, Precision::Week),
        DateRange::week_of(d(2023, 10, 18))
    );
    let two_days = DateRange::days(d(2023, 10, 18), d(2023, 10, 19));
    assert_eq!(snap_to_precision(two_days, Precision::Day), two_days);
}

#[test]
fn actor_specs_take_a_role_in_parentheses_or_after_a_colon() {
    assert_eq!(
        parse_actor_spec("Sergei Lavrov (source)").unwrap(),
        ("Sergei Lavrov".into(), Some(Role::Source))
    );
    assert_eq!(
        parse_actor_spec("North Korea:target").unwrap(),
        ("North Korea".into(), Some(Role::Target))
    );
    assert_eq!(
        parse_actor_spec("Democratic People’s Republic of Korea (DPRK)").unwrap(),
        ("Democratic People’s Republic of Korea (DPRK)".into(), None)
    );
    assert!(parse_actor_spec(" (source)").is_err());
}

#[test]
fn cameo_codes_that_lost_their_leading_zero_are_repaired() {
    assert_eq!(repair_cameo("42"), "042");
    assert_eq!(repair_cameo("4"), "04");
    assert_eq!(repair_cameo("431"), "0431");
    assert_eq!(repair_cameo("042"), "042");
    assert_eq!(repair_cameo("190"), "190");
    assert_eq!(repair_cameo("20"), "20");
}

#[test]
fn every_event_type_has_a_default_cameo_root() {
    for t in EventType::ALL {
        assert_eq!(default_cameo(t).len(), 2, "{t}");
    }
    assert_eq!(default_cameo(EventType::Consult), "04");
}

#[test]
fn a_cell_a_later_ingest_changed_since_the_export_is_stale_not_an_edit() {
    let (mut store, id) = store_with_visit();
    let old_csv = exported(&store);
    let c = article(
        "a3",
        d(2023, 10, 21),
        "Lavrov left Pyongyang on Thursday after talks.",
    );
    store
        .ingest(
            &c,
            vec![visit(
                DateRange::day(d(2023, 10, 19)),
                "Sergei Lavrov ends a visit to North Korea with talks",
                "Lavrov left Pyongyang on Thursday after talks.",
            )],
        )
        .unwrap();
    let newer = store.event(id).unwrap().unwrap();
    assert_ne!(
        newer.summary, "Lavrov visits North Korea",
        "ingest changed it"
    );
    // The person edits the location in the old file; its summary cell is stale.
    let csv = old_csv.replace(",Pyongyang,", ",\"Pyongyang, Wonsan\",");
    let r = store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), true)
        .unwrap();
    assert_eq!(r.changes.len(), 1);
    assert_eq!(r.changes[0].fields, vec![Field::Location]);
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("changed by a later ingest")),
        "{:?}",
        r.notes
    );
    let e = store.event(id).unwrap().unwrap();
    assert_eq!(e.summary, newer.summary);
    assert_eq!(e.location.as_deref(), Some("Pyongyang, Wonsan"));
}

#[test]
fn a_semicolon_separated_file_from_a_comma_decimal_locale_is_read() {
    let (mut store, id) = store_with_visit();
    let data = format!("id;summary\r\n{id};Lavrov in Pyongyang\r\n");
    let r = store
        .import_csv(data.as_bytes(), "e.csv", &gaz(), true)
        .unwrap();
    assert_eq!(r.changes[0].fields, vec![Field::Summary]);
    assert_eq!(
        store.event(id).unwrap().unwrap().summary,
        "Lavrov in Pyongyang"
    );
}

#[test]
fn a_retyped_and_redated_event_is_not_recreated_from_a_copy_of_its_report() {
    let (mut store, id) = store_with_visit();
    store
        .edit_event(
            id,
            &EventPatch {
                event_type: Some(EventType::Cooperate),
                date: Some(DateRange::day(d(2022, 10, 18))),
                ..EventPatch::default()
            },
        )
        .unwrap();
    let copy = article("a1-copy", d(2023, 10, 19), &format!("{ARRIVAL} Copy."));
    store
        .ingest(
            &copy,
            vec![visit(
                DateRange::days(d(2023, 10, 18), d(2023, 10, 19)),
                "Lavrov visits North Korea",
                ARRIVAL,
            )],
        )
        .unwrap();
    assert_eq!(ids(&store), vec![id]);
    let e = store.event(id).unwrap().unwrap();
    assert_eq!(e.event_type, EventType::Cooperate);
    assert_eq!(e.date, DateRange::day(d(2022, 10, 18)));
}

#[test]
fn a_file_saved_back_with_the_wrong_character_set_is_repaired() {
    let (mut store, id) = store_with_visit();
    let good = format!("\u{feff}id,summary\n{id},Lavrov’s visit — day one\n");
    // What a spreadsheet that read the bytes as Windows-1252 writes back as UTF-8.
    let garbled: String = good
        .bytes()
        .map(|b| match b {
            0x80 => '€',
            0x94 => '\u{201D}',
            0x99 => '™',
            other => char::from(other),
        })
        .collect();
    assert!(garbled.starts_with("ï»¿id"));
    let r = store
        .import_csv(garbled.as_bytes(), "e.csv", &gaz(), true)
        .unwrap();
    assert_eq!(r.updated, 1);
    assert_eq!(
        store.event(id).unwrap().unwrap().summary,
        "Lavrov’s visit — day one"
    );
}

#[test]
fn a_dropped_source_is_not_attached_again_by_a_copy_of_its_report() {
    let (mut store, id) = store_with_visit();
    let e = store.change_sources(id, &[], &[2]).unwrap();
    assert_eq!(e.sources.len(), 1);
    assert_eq!(e.sources[0].evidence, ARRIVAL);
    let copy = article("a2-copy", d(2023, 10, 20), &format!("{TALKS} Copy."));
    store
        .ingest(
            &copy,
            vec![visit(
                DateRange::day(d(2023, 10, 19)),
                "Lavrov visits North Korea",
                TALKS,
            )],
        )
        .unwrap();
    assert_eq!(ids(&store), vec![id]);
    assert_eq!(store.event(id).unwrap().unwrap().sources.len(), 1);
    let log = store.history(Some(id), Some(Who::User), None).unwrap();
    assert_eq!(log[0].action, "sources");
}

#[test]
fn a_cited_stored_article_gives_the_offsets_of_its_sentence() {
    let (mut store, id) = store_with_visit();
    let e = store
        .change_sources(
            id,
            &[Citation {
                article: Some(1),
                evidence: Some("arrived in Pyongyang".into()),
                ..Citation::default()
            }],
            &[],
        )
        .unwrap();
    let cited = e
        .sources
        .iter()
        .find(|s| s.evidence == "arrived in Pyongyang")
        .unwrap();
    assert_eq!(cited.evidence_start, ARRIVAL.find("arrived").unwrap());
    assert_eq!(cited.publisher.as_deref(), Some("Test Wire"));
}

#[test]
fn a_month_typed_into_date_start_makes_a_month_event() {
    let (mut store, id) = store_with_visit();
    let csv = exported(&store).replace("2023-10-18,2023-10-19,day", "2023-09,2023-10-19,day");
    let r = store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), true)
        .unwrap();
    assert_eq!(r.changes[0].fields, vec![Field::Date]);
    assert_eq!(
        store.event(id).unwrap().unwrap().date,
        DateRange::month(2023, 9).unwrap()
    );
}

#[test]
fn a_one_day_event_moved_to_another_day_moves_its_end_too() {
    let (mut store, id) = store_with_visit();
    store
        .edit_event(
            id,
            &EventPatch {
                date: Some(DateRange::day(d(2023, 10, 19))),
                ..EventPatch::default()
            },
        )
        .unwrap();
    let csv = exported(&store).replace("2023-10-19,2023-10-19", "2023-10-21,2023-10-19");
    store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), true)
        .unwrap();
    assert_eq!(
        store.event(id).unwrap().unwrap().date,
        DateRange::day(d(2023, 10, 21))
    );
}

#[test]
fn a_start_after_the_end_of_a_multi_day_event_is_a_row_error() {
    let (mut store, _) = store_with_visit();
    let csv = exported(&store).replace("2023-10-18,2023-10-19", "2023-10-25,2023-10-19");
    let err = store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), true)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("e.csv:2: date_start 2023-10-25 is after date_end 2023-10-19"),
        "{err}"
    );
}

/// The store with its visit turned into a month-precision event (October 2023).
fn store_with_month_event() -> (Store, i64) {
    let (mut store, id) = store_with_visit();
    store
        .edit_event(
            id,
            &EventPatch {
                date: Some(DateRange::month(2023, 10).unwrap()),
                ..EventPatch::default()
            },
        )
        .unwrap();
    (store, id)
}

#[test]
fn a_day_typed_over_a_month_event_dates_it_to_that_day() {
    let (mut store, id) = store_with_month_event();
    let csv =
        exported(&store).replace("2023-10-01,2023-10-31,month", "2023-10-18,2023-10-31,month");
    store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), true)
        .unwrap();
    assert_eq!(
        store.event(id).unwrap().unwrap().date,
        DateRange::day(d(2023, 10, 18))
    );
}

#[test]
fn another_whole_month_typed_over_a_month_event_stays_a_month() {
    let (mut store, id) = store_with_month_event();
    let csv =
        exported(&store).replace("2023-10-01,2023-10-31,month", "2023-09-01,2023-09-30,month");
    store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), true)
        .unwrap();
    assert_eq!(
        store.event(id).unwrap().unwrap().date,
        DateRange::month(2023, 9).unwrap()
    );
}

#[test]
fn a_changed_precision_cell_alone_rescopes_the_date() {
    let (mut store, id) = store_with_visit();
    let csv = exported(&store).replace("2023-10-18,2023-10-19,day", "2023-10-18,2023-10-19,week");
    store
        .import_csv(csv.as_bytes(), "e.csv", &gaz(), true)
        .unwrap();
    assert_eq!(
        store.event(id).unwrap().unwrap().date,
        DateRange::week_of(d(2023, 10, 18))
    );
}
