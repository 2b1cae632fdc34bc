//! Store tests on temporary database files: migrations and refusals, ingest and re-ingest,
//! merging across articles, every filter, and rollback.

use super::*;
use crate::actor::DatedRole;
use crate::model::{ActorKind, EventType, Precision, Role, Status};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn article(origin: &str, publisher: &str, url: Option<&str>, published: NaiveDate) -> Article {
    Article {
        origin: origin.to_string(),
        title: Some(format!("{publisher} report")),
        publisher: Some(publisher.to_string()),
        author: None,
        url: url.map(str::to_string),
        published,
        published_time: Some("16:12 KST".into()),
        extra: vec![("Section".into(), "North Korea".into())],
        body: format!("Body of {origin}."),
    }
}

fn ea(key: &str, name: &str, kind: ActorKind, country: &str, role: Role) -> EventActor {
    EventActor {
        key: key.into(),
        name: name.into(),
        kind,
        country: Some(country.into()),
        role,
    }
}

fn src(evidence: &str, start: usize, texpr: Option<&str>) -> Source {
    Source {
        article_id: None,
        publisher: None,
        url: None,
        title: None,
        published: d(2000, 1, 1),
        evidence: evidence.into(),
        evidence_start: start,
        evidence_end: start + evidence.len(),
        time_expression: texpr.map(str::to_string),
        attributed_to: None,
        ingested_at: None,
    }
}

fn lavrov_visit(date: DateRange, status: Status, summary: &str, evidence: &str) -> Event {
    Event {
        id: None,
        date,
        status,
        event_type: EventType::Consult,
        mode: Some("visit".into()),
        cameo: "042".into(),
        summary: summary.into(),
        location: Some("Pyongyang".into()),
        actors: vec![
            ea(
                "sergei-lavrov",
                "Sergei Lavrov",
                ActorKind::Person,
                "RUS",
                Role::Source,
            ),
            ea("PRK", "North Korea", ActorKind::State, "PRK", Role::Target),
        ],
        sources: vec![src(evidence, 0, Some("from Wednesday"))],
    }
}

fn air_drills() -> Event {
    Event {
        id: None,
        date: DateRange::day(d(2023, 10, 22)),
        status: Status::Planned,
        event_type: EventType::Cooperate,
        mode: None,
        cameo: "062".into(),
        summary: "First joint air drills of South Korea, the U.S. and Japan".into(),
        location: None,
        actors: vec![
            ea("KOR", "South Korea", ActorKind::State, "KOR", Role::Participant),
            ea("USA", "United States", ActorKind::State, "USA", Role::Participant),
            ea("JPN", "Japan", ActorKind::State, "JPN", Role::Participant),
        ],
        sources: vec![src(
            "Seoul, Washington and Tokyo will stage their first joint air drills, likely on Sunday.",
            300,
            Some("likely on Sunday"),
        )],
    }
}

fn summit_august() -> Event {
    Event {
        id: None,
        date: DateRange::month(2023, 8).unwrap(),
        status: Status::Occurred,
        event_type: EventType::Consult,
        mode: Some("multilateral".into()),
        cameo: "043".into(),
        summary: "US hosts trilateral summit with South Korea and Japan".into(),
        location: Some("Camp David".into()),
        actors: vec![
            ea(
                "USA",
                "United States",
                ActorKind::State,
                "USA",
                Role::Source,
            ),
            ea(
                "KOR",
                "South Korea",
                ActorKind::State,
                "KOR",
                Role::Participant,
            ),
            ea("JPN", "Japan", ActorKind::State, "JPN", Role::Participant),
        ],
        sources: vec![src(
            "The US hosted a trilateral summit with South Korea and Japan in August.",
            120,
            Some("in August"),
        )],
    }
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("annals.db")).unwrap();
    (dir, store)
}

fn all(store: &Store, filter: &Filter) -> Vec<Event> {
    let mut out = Vec::new();
    let n = store
        .for_each_event(filter, &mut |e| {
            out.push(e);
            Ok(())
        })
        .unwrap();
    assert_eq!(n, out.len());
    out
}

fn summaries(store: &Store, filter: &Filter) -> Vec<String> {
    all(store, filter).into_iter().map(|e| e.summary).collect()
}

/// The seed article's events, stored through ingest.
fn seeded() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = temp_store();
    let herald = article(
        "seed.txt",
        "The Korea Herald",
        Some("https://www.koreaherald.com/view.php?ud=20231020000627"),
        d(2023, 10, 20),
    );
    let visit = lavrov_visit(
        DateRange::days(d(2023, 10, 18), d(2023, 10, 19)),
        Status::Occurred,
        "Sergei Lavrov visits Pyongyang",
        "The two-day trip from Wednesday included talks with Kim on Thursday.",
    );
    store
        .ingest_with_hash(
            &herald,
            "h-seed",
            vec![summit_august(), visit, air_drills()],
        )
        .unwrap();
    let yonhap = article("y.txt", "Yonhap 100%_News", None, d(2023, 9, 1));
    let mut kim_putin = summit_august();
    kim_putin.summary = "Kim-Putin summit planned".into();
    kim_putin.date = DateRange::month(2023, 9).unwrap();
    kim_putin.status = Status::Planned;
    kim_putin.actors = vec![
        ea(
            "kim-jong-un",
            "Kim Jong Un",
            ActorKind::Person,
            "PRK",
            Role::Source,
        ),
        ea(
            "vladimir-putin",
            "Vladimir Putin",
            ActorKind::Person,
            "RUS",
            Role::Target,
        ),
    ];
    kim_putin.sources = vec![src("Kim is expected to meet Putin in September.", 0, None)];
    store
        .ingest_with_hash(&yonhap, "h-yonhap", vec![kim_putin])
        .unwrap();
    (dir, store)
}

#[test]
fn open_applies_migrations_and_sets_user_version() {
    let (dir, store) = temp_store();
    let v: i64 = store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, schema_version());
    let mode: String = store
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = store
        .conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    for table in [
        "articles",
        "actors",
        "actor_aliases",
        "events",
        "event_actors",
        "event_sources",
        "events_fts",
    ] {
        let n: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "table {table}");
    }
    drop(store);
    // Reopening an up-to-date database is a no-op.
    let again = Store::open(&dir.path().join("annals.db")).unwrap();
    assert_eq!(again.count_events().unwrap(), 0);
}

#[test]
fn open_creates_missing_parent_directories() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data/annals/annals.db");
    Store::open(&path).unwrap();
    assert!(path.exists());
}

#[test]
fn database_from_a_newer_annals_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    {
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let err = Store::open(&path).err().unwrap().to_string();
    assert_eq!(
        err,
        format!(
            "database {}: was written by a newer annals (schema 99, this build knows {}); upgrade annals",
            path.display(),
            schema_version()
        )
    );
}

#[test]
fn file_that_is_not_sqlite_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "Title: Lavrov in Pyongyang\n\nRussian Foreign Minister Sergei Lavrov wrapped up a two-day visit to North Korea on Thursday.\n",
    )
    .unwrap();
    let err = Store::open(&path).err().unwrap().to_string();
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains("is not an SQLite database"), "{err}");
    // And the file is left as it was.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("Title: Lavrov"));
}

#[test]
fn sqlite_file_of_another_program_is_not_written_into() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE bookmarks (url TEXT)")
            .unwrap();
    }
    let err = Store::open(&path).err().unwrap().to_string();
    assert!(err.contains("not an annals one"), "{err}");
    let c = Connection::open(&path).unwrap();
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'events'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
    // Not even the journal mode was switched to WAL.
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
}

#[test]
fn failing_migration_leaves_the_database_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("half.db");
    let mut conn = Connection::open(&path).unwrap();
    let migrations = [
        ("0001_ok.sql", "CREATE TABLE a (x INTEGER);"),
        (
            "0002_broken.sql",
            "CREATE TABLE b (x INTEGER); CREATE TABLE a (y);",
        ),
    ];
    let err = apply_migrations(&mut conn, "half.db", &migrations);
    assert!(err.is_err());
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 0);
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 0);
    // The good prefix alone applies and bumps the version.
    apply_migrations(&mut conn, "half.db", &migrations[..1]).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
}

#[test]
fn directory_as_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).err().unwrap().to_string();
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn ingest_stores_article_events_and_provenance() {
    let (_dir, store) = seeded();
    assert_eq!(store.count_articles().unwrap(), 2);
    assert_eq!(store.count_events().unwrap(), 4);
    let visit = all(&store, &Filter::default())
        .into_iter()
        .find(|e| e.summary.contains("Lavrov"))
        .unwrap();
    let again = store.event(visit.id.unwrap()).unwrap().unwrap();
    assert_eq!(again, visit);
    assert_eq!(
        visit.date,
        DateRange::days(d(2023, 10, 18), d(2023, 10, 19))
    );
    assert_eq!(visit.cameo, "042");
    assert_eq!(visit.mode.as_deref(), Some("visit"));
    assert_eq!(visit.actors.len(), 2);
    assert_eq!(visit.actors.first().map(|a| a.role), Some(Role::Source));
    let s = visit.sources.first().unwrap();
    assert_eq!(s.publisher.as_deref(), Some("The Korea Herald"));
    assert_eq!(s.published, d(2023, 10, 20));
    assert_eq!(s.time_expression.as_deref(), Some("from Wednesday"));
    assert_eq!(s.article_id, store.article_by_hash("h-seed").unwrap());
    assert_eq!(store.event(9999).unwrap(), None);
}

#[test]
fn reingesting_the_same_content_changes_nothing() {
    let (_dir, mut store) = seeded();
    let before = all(&store, &Filter::default());
    let herald = article(
        "copy-of-seed.txt",
        "The Korea Herald",
        None,
        d(2023, 10, 20),
    );
    let out = store
        .ingest_with_hash(&herald, "h-seed", vec![air_drills()])
        .unwrap();
    let id = store.article_by_hash("h-seed").unwrap().unwrap();
    assert_eq!(out, IngestOutcome::Unchanged { article_id: id });
    assert_eq!(store.count_articles().unwrap(), 2);
    assert_eq!(all(&store, &Filter::default()), before);
}

fn announcement() -> (Article, Event) {
    let a = article(
        "tass-2023-10-16.txt",
        "TASS",
        Some("https://tass.com/politics/1"),
        d(2023, 10, 16),
    );
    let e = lavrov_visit(
        DateRange::days(d(2023, 10, 18), d(2023, 10, 19)),
        Status::Planned,
        "Lavrov to visit North Korea",
        "Lavrov will pay an official visit to the DPRK on October 18-19.",
    );
    (a, e)
}

fn report() -> (Article, Event) {
    let a = article(
        "herald-2023-10-20.txt",
        "The Korea Herald",
        None,
        d(2023, 10, 20),
    );
    let e = lavrov_visit(
        DateRange::days(d(2023, 10, 18), d(2023, 10, 19)),
        Status::Occurred,
        "Sergei Lavrov visits Pyongyang",
        "Lavrov wrapped up a two-day trip to Pyongyang from Wednesday.",
    );
    (a, e)
}

fn assert_one_occurred_visit_with_two_sources(store: &Store) {
    let events = all(store, &Filter::default());
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = events.first().unwrap();
    assert_eq!(e.status, Status::Occurred);
    assert_eq!(e.date, DateRange::days(d(2023, 10, 18), d(2023, 10, 19)));
    assert_eq!(e.summary, "Sergei Lavrov visits Pyongyang");
    assert_eq!(e.sources.len(), 2);
    let published: Vec<NaiveDate> = e.sources.iter().map(|s| s.published).collect();
    assert_eq!(published, [d(2023, 10, 16), d(2023, 10, 20)]);
}

#[test]
fn planned_visit_then_occurred_report_merge_into_one_occurred_event() {
    let (_dir, mut store) = temp_store();
    let (a1, e1) = announcement();
    let (a2, e2) = report();
    store.ingest_with_hash(&a1, "h1", vec![e1]).unwrap();
    let out = store.ingest_with_hash(&a2, "h2", vec![e2]).unwrap();
    assert!(matches!(
        out,
        IngestOutcome::Added {
            events_added: 0,
            events_merged: 1,
            ..
        }
    ));
    assert_one_occurred_visit_with_two_sources(&store);
}

#[test]
fn occurred_report_then_older_announcement_merge_the_same_way() {
    let (_dir, mut store) = temp_store();
    let (a1, e1) = announcement();
    let (a2, e2) = report();
    store.ingest_with_hash(&a2, "h2", vec![e2]).unwrap();
    store.ingest_with_hash(&a1, "h1", vec![e1]).unwrap();
    assert_one_occurred_visit_with_two_sources(&store);
}

#[test]
fn merged_event_is_found_by_text_of_either_report() {
    let (_dir, mut store) = temp_store();
    let (a1, e1) = announcement();
    let (a2, e2) = report();
    store.ingest_with_hash(&a1, "h1", vec![e1]).unwrap();
    store.ingest_with_hash(&a2, "h2", vec![e2]).unwrap();
    for text in ["official visit", "wrapped"] {
        let f = Filter {
            text: Some(text.into()),
            ..Filter::default()
        };
        assert_eq!(all(&store, &f).len(), 1, "{text}");
    }
}

#[test]
fn events_of_one_article_are_merged_before_storing() {
    let (_dir, mut store) = temp_store();
    let (a, e) = report();
    let mut second = e.clone();
    second.date = DateRange::day(d(2023, 10, 19));
    second.sources = vec![src(
        "Lavrov held talks with Kim on Thursday.",
        400,
        Some("on Thursday"),
    )];
    let out = store.ingest_with_hash(&a, "h", vec![e, second]).unwrap();
    assert!(matches!(
        out,
        IngestOutcome::Added {
            events_added: 1,
            events_merged: 0,
            ..
        }
    ));
    let events = all(&store, &Filter::default());
    assert_eq!(events.first().map(|e| e.sources.len()), Some(2));
}

#[test]
fn error_mid_ingest_rolls_back_the_whole_article() {
    let (_dir, mut store) = temp_store();
    let (a, good) = report();
    let mut broken = air_drills();
    // An inverted range violates the events CHECK constraint after `good` was written.
    broken.date = DateRange {
        start: d(2023, 10, 23),
        end: d(2023, 10, 22),
        precision: Precision::Day,
    };
    let err = store.ingest_with_hash(&a, "h", vec![good, broken]);
    assert!(err.is_err());
    assert_eq!(store.count_articles().unwrap(), 0);
    assert_eq!(store.count_events().unwrap(), 0);
    let fts: i64 = store
        .conn
        .query_row("SELECT count(*) FROM events_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fts, 0);
    assert_eq!(store.article_by_hash("h").unwrap(), None);
}

#[test]
fn filters_are_ordered_by_date_start_then_end_then_id() {
    let (_dir, store) = seeded();
    assert_eq!(
        summaries(&store, &Filter::default()),
        [
            "US hosts trilateral summit with South Korea and Japan",
            "Kim-Putin summit planned",
            "Sergei Lavrov visits Pyongyang",
            "First joint air drills of South Korea, the U.S. and Japan",
        ]
    );
}

#[test]
fn date_filter_keeps_ranges_overlapping_the_window() {
    let (_dir, store) = seeded();
    let f = Filter {
        from: Some(query::parse_partial_date("2023-10-19", false).unwrap()),
        to: Some(query::parse_partial_date("2023-10", true).unwrap()),
        ..Filter::default()
    };
    // The 18–19 Oct visit overlaps on its last day; August and September are out.
    assert_eq!(
        summaries(&store, &f),
        [
            "Sergei Lavrov visits Pyongyang",
            "First joint air drills of South Korea, the U.S. and Japan"
        ]
    );
    let to_only = Filter {
        to: Some(d(2023, 8, 15)),
        ..Filter::default()
    };
    // A month-precision August event starts before mid-August.
    assert_eq!(summaries(&store, &to_only).len(), 1);
}

#[test]
fn type_and_status_filters_narrow() {
    let (_dir, store) = seeded();
    let f = Filter {
        event_type: Some(EventType::Cooperate),
        ..Filter::default()
    };
    assert_eq!(summaries(&store, &f).len(), 1);
    let f = Filter {
        status: Some(Status::Planned),
        ..Filter::default()
    };
    assert_eq!(
        summaries(&store, &f),
        [
            "Kim-Putin summit planned",
            "First joint air drills of South Korea, the U.S. and Japan"
        ]
    );
}

fn builtin_actor(key: &str, name: &str, kind: ActorKind, aliases: &[&str]) -> Actor {
    Actor {
        key: key.into(),
        name: name.into(),
        kind,
        country: Some(key.chars().take(3).collect()),
        cameo: None,
        qid: None,
        parent: None,
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        roles: vec![DatedRole {
            title: "leader".into(),
            of: None,
            start: None,
            end: None,
        }],
    }
}

#[test]
fn actor_filter_matches_any_alias_key_or_name_case_insensitively() {
    let (_dir, mut store) = seeded();
    store
        .sync_builtin_actors(&[
            builtin_actor(
                "PRK",
                "North Korea",
                ActorKind::State,
                &["DPRK", "Pyongyang", "the North"],
            ),
            builtin_actor(
                "kim-jong-un",
                "Kim Jong Un",
                ActorKind::Person,
                &["Kim Jong-un"],
            ),
        ])
        .unwrap();
    for who in ["pyongyang", "The North", "DPRK", "prk", "north korea"] {
        let f = Filter {
            actor: Some(who.into()),
            ..Filter::default()
        };
        assert_eq!(
            summaries(&store, &f),
            ["Sergei Lavrov visits Pyongyang"],
            "{who}"
        );
    }
    // Alias with a hyphen; name of an actor the gazetteer does not hold.
    for (who, want) in [
        ("KIM JONG-UN", "Kim-Putin summit planned"),
        ("Sergei Lavrov", "Sergei Lavrov visits Pyongyang"),
    ] {
        let f = Filter {
            actor: Some(who.into()),
            ..Filter::default()
        };
        assert_eq!(summaries(&store, &f), [want], "{who}");
    }
    let nobody = Filter {
        actor: Some("Atlantis".into()),
        ..Filter::default()
    };
    assert!(summaries(&store, &nobody).is_empty());
}

#[test]
fn text_filter_searches_summaries_and_evidence() {
    let (_dir, store) = seeded();
    let f = Filter {
        text: Some("Thursday".into()),
        ..Filter::default()
    };
    assert_eq!(summaries(&store, &f), ["Sergei Lavrov visits Pyongyang"]);
    let f = Filter {
        text: Some("trilateral summit".into()),
        ..Filter::default()
    };
    assert_eq!(summaries(&store, &f).len(), 1);
    let f = Filter {
        text: Some("Lavr*".into()),
        ..Filter::default()
    };
    assert_eq!(summaries(&store, &f).len(), 1);
}

#[test]
fn text_filter_with_punctuation_is_not_an_fts_syntax_error() {
    let (_dir, store) = seeded();
    for text in [
        "U.S.-Japan",
        "\"air drills",
        "Seoul, Washington (and) Tokyo",
        "Kim's AND OR NOT",
        "drills*)",
        "NEAR(x y)",
        "col:umn ^start",
    ] {
        let f = Filter {
            text: Some(text.into()),
            ..Filter::default()
        };
        store
            .for_each_event(&f, &mut |_| Ok(()))
            .unwrap_or_else(|e| panic!("{text}: {e}"));
    }
    let f = Filter {
        text: Some("U.S. drills".into()),
        ..Filter::default()
    };
    assert_eq!(summaries(&store, &f).len(), 1);
    let f = Filter {
        text: Some("—".into()),
        ..Filter::default()
    };
    assert!(matches!(
        store.for_each_event(&f, &mut |_| Ok(())),
        Err(Error::Usage(_))
    ));
}

#[test]
fn source_filter_matches_publisher_or_url_substring_with_wildcards_escaped() {
    let (_dir, store) = seeded();
    for (needle, n) in [
        ("korea herald", 3),
        ("koreaherald.com/view", 3),
        ("100%_news", 1),
        ("100%", 1),
        ("%", 1),
        ("_", 1),
        ("Reuters", 0),
    ] {
        let f = Filter {
            source: Some(needle.into()),
            ..Filter::default()
        };
        assert_eq!(summaries(&store, &f).len(), n, "{needle}");
    }
}

#[test]
fn filters_combine_and_limit_caps_the_count() {
    let (_dir, store) = seeded();
    let f = Filter {
        source: Some("herald".into()),
        event_type: Some(EventType::Consult),
        from: Some(d(2023, 10, 1)),
        ..Filter::default()
    };
    assert_eq!(summaries(&store, &f), ["Sergei Lavrov visits Pyongyang"]);
    let f = Filter {
        limit: Some(2),
        ..Filter::default()
    };
    assert_eq!(summaries(&store, &f).len(), 2);
    // An actor inside a date window (the actor test then runs within each precision's
    // index range): the same answer as the actor alone, cut to the window.
    for (who, from, to, want) in [
        ("Sergei Lavrov", d(2023, 10, 1), d(2023, 10, 31), 1),
        ("Lavrov", d(2023, 8, 1), d(2023, 8, 31), 0),
        ("lavrov", d(2023, 10, 19), d(2023, 10, 19), 1),
    ] {
        let both = Filter {
            actor: Some(who.into()),
            from: Some(from),
            to: Some(to),
            ..Filter::default()
        };
        let actor_only = Filter {
            actor: Some(who.into()),
            ..Filter::default()
        };
        let window_only = Filter {
            from: Some(from),
            to: Some(to),
            ..Filter::default()
        };
        let got = summaries(&store, &both);
        assert_eq!(got.len(), want, "{who} {from}..{to}: {got:?}");
        let a = summaries(&store, &actor_only);
        let w = summaries(&store, &window_only);
        assert!(got.iter().all(|s| a.contains(s) && w.contains(s)));
    }
}

#[test]
fn callback_error_stops_the_stream_and_is_returned() {
    let (_dir, store) = seeded();
    let mut seen = 0;
    let r = store.for_each_event(&Filter::default(), &mut |_| {
        seen += 1;
        Err(Error::Usage("stop".into()))
    });
    assert!(matches!(r, Err(Error::Usage(m)) if m == "stop"));
    assert_eq!(seen, 1);
}

#[test]
fn actor_sync_upserts_builtins_and_never_touches_user_rows() {
    let (_dir, mut store) = temp_store();
    let mut user_kim = builtin_actor(
        "kim-jong-un",
        "Kim Jong-un (user)",
        ActorKind::Person,
        &["Marshal Kim"],
    );
    user_kim.country = Some("PRK".into());
    store.add_user_actor(&user_kim).unwrap();
    let v1 = [
        builtin_actor(
            "PRK",
            "North Korea",
            ActorKind::State,
            &["DPRK", "the North"],
        ),
        builtin_actor(
            "kim-jong-un",
            "Kim Jong Un",
            ActorKind::Person,
            &["Kim Jong-un"],
        ),
    ];
    store.sync_builtin_actors(&v1).unwrap();
    let name: String = store
        .conn
        .query_row(
            "SELECT name FROM actors WHERE key = 'kim-jong-un'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, "Kim Jong-un (user)");
    // A changed gazetteer drops a removed built-in alias and renames the built-in actor.
    let v2 = [
        builtin_actor("PRK", "DPRK", ActorKind::State, &["North Korea"]),
        builtin_actor("kim-jong-un", "Kim Jong Un", ActorKind::Person, &[]),
    ];
    store.sync_builtin_actors(&v2).unwrap();
    let aliases: Vec<String> = store
        .conn
        .prepare("SELECT norm FROM actor_aliases WHERE actor = 'PRK' ORDER BY norm")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(aliases, ["dprk", "north korea"]);
    let users = store.user_actors().unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(
        users.first().map(|a| a.aliases.clone()),
        Some(vec!["Marshal Kim".to_string()])
    );
}

#[test]
fn actor_sync_with_an_unchanged_gazetteer_writes_nothing() {
    let (_dir, mut store) = temp_store();
    let v = [builtin_actor(
        "PRK",
        "North Korea",
        ActorKind::State,
        &["DPRK"],
    )];
    store.sync_builtin_actors(&v).unwrap();
    let before = store.conn.total_changes();
    store.sync_builtin_actors(&v).unwrap();
    assert_eq!(store.conn.total_changes(), before);
}

#[test]
fn actor_sync_of_thousands_of_actors_is_fast() {
    let (_dir, mut store) = temp_store();
    let actors: Vec<Actor> = (0..3000)
        .map(|i| {
            builtin_actor(
                &format!("actor-{i}"),
                &format!("Actor {i}"),
                ActorKind::Organization,
                &[&format!("A{i}"), &format!("The {i} Group")],
            )
        })
        .collect();
    let t = std::time::Instant::now();
    store.sync_builtin_actors(&actors).unwrap();
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    let n: i64 = store
        .conn
        .query_row("SELECT count(*) FROM actor_aliases", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 9000);
}

#[test]
fn in_memory_store_works_like_a_file() {
    let mut store = Store::open_in_memory().unwrap();
    let (a, e) = report();
    store.ingest_with_hash(&a, "h", vec![e]).unwrap();
    assert_eq!(store.count_events().unwrap(), 1);
    assert_eq!(store.path(), ":memory:");
}

#[test]
fn report_naming_both_sides_joins_two_stored_halves_into_one_event() {
    let (_dir, mut store) = temp_store();
    let day = DateRange::day(d(2023, 10, 19));
    let mut arrives = lavrov_visit(
        day,
        Status::Occurred,
        "Lavrov arrives",
        "Lavrov arrived in Pyongyang.",
    );
    arrives.actors.retain(|a| a.key == "sergei-lavrov");
    let mut hosts = lavrov_visit(
        day,
        Status::Occurred,
        "Kim hosts a Russian guest",
        "Kim received a Russian guest.",
    );
    hosts.actors = vec![ea(
        "kim-jong-un",
        "Kim Jong Un",
        ActorKind::Person,
        "PRK",
        Role::Target,
    )];
    let mut both = lavrov_visit(
        day,
        Status::Occurred,
        "Lavrov meets Kim",
        "Lavrov met Kim Jong Un on Thursday.",
    );
    both.actors.push(ea(
        "kim-jong-un",
        "Kim Jong Un",
        ActorKind::Person,
        "PRK",
        Role::Target,
    ));
    let a = |n: &str| article(n, n, None, d(2023, 10, 20));
    store
        .ingest_with_hash(&a("one"), "1", vec![arrives])
        .unwrap();
    store.ingest_with_hash(&a("two"), "2", vec![hosts]).unwrap();
    assert_eq!(store.count_events().unwrap(), 2);
    store
        .ingest_with_hash(&a("three"), "3", vec![both])
        .unwrap();
    let events = all(&store, &Filter::default());
    assert_eq!(events.len(), 1);
    let e = events.first().unwrap();
    assert_eq!(e.sources.len(), 3);
    assert_eq!(e.actors.len(), 3);
    let fts: i64 = store
        .conn
        .query_row("SELECT count(*) FROM events_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fts, 1, "the folded event left the text index too");
}

#[test]
fn stored_event_sharing_more_actors_is_preferred_for_merging() {
    let a = |n: &str| article(n, n, None, d(2023, 10, 20));
    let (_dir, mut store) = temp_store();
    let mut korea = air_drills();
    korea.actors.retain(|x| x.key == "KOR");
    korea.summary = "South Korea joins drills".into();
    korea.sources = vec![src("South Korea will join the drills.", 0, None)];
    let mut us_japan = air_drills();
    us_japan.actors.retain(|x| x.key != "KOR");
    us_japan.summary = "US and Japan drills".into();
    us_japan.sources = vec![src("US and Japanese jets will fly together.", 0, None)];
    store.ingest_with_hash(&a("one"), "1", vec![korea]).unwrap();
    store
        .ingest_with_hash(&a("two"), "2", vec![us_japan])
        .unwrap();
    let ids: Vec<Option<i64>> = all(&store, &Filter::default())
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids.len(), 2);
    // The trilateral report shares two actors with the second event and one with the
    // first: it lands in the second, which then takes in the first.
    store
        .ingest_with_hash(&a("three"), "3", vec![air_drills()])
        .unwrap();
    let events = all(&store, &Filter::default());
    assert_eq!(events.iter().map(|e| e.id).collect::<Vec<_>>(), [ids[1]]);
    assert_eq!(events.first().map(|e| e.sources.len()), Some(3));
}

#[test]
#[ignore = "timing: run with --ignored --nocapture"]
fn bench_ingest_many_articles() {
    let (_dir, mut store) = temp_store();
    let keys: Vec<String> = (0..40).map(|i| format!("K{i}")).collect();
    let types = [
        EventType::Consult,
        EventType::Cooperate,
        EventType::Threaten,
        EventType::Accuse,
    ];
    let t = std::time::Instant::now();
    let mut seed: u64 = 7;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for i in 0..1500 {
        let day = d(2022, 1, 1) + chrono::Duration::days((next() % 1000) as i64);
        let a = article(&format!("a{i}"), "P", None, day);
        let events: Vec<Event> = (0..6)
            .map(|j| {
                let mut e = air_drills();
                e.event_type = types[next() % types.len()];
                e.mode = None;
                e.date = DateRange::day(day - chrono::Duration::days((next() % 20) as i64));
                e.actors = vec![
                    ea(
                        &keys[next() % keys.len()],
                        "x",
                        ActorKind::State,
                        "XXX",
                        Role::Source,
                    ),
                    ea(
                        &keys[next() % keys.len()],
                        "y",
                        ActorKind::State,
                        "XXX",
                        Role::Target,
                    ),
                ];
                e.sources = vec![src(&format!("Sentence {i} {j}."), j * 100, None)];
                e
            })
            .collect();
        store
            .ingest_with_hash(&a, &format!("h{i}"), events)
            .unwrap();
    }
    let ingest = t.elapsed();
    let t = std::time::Instant::now();
    let n = store
        .for_each_event(&Filter::default(), &mut |_| Ok(()))
        .unwrap();
    eprintln!(
        "ingest 1500 articles x 6 events: {ingest:?}; {} events stored; full scan of {n}: {:?}",
        store.count_events().unwrap(),
        t.elapsed()
    );
}

#[test]
fn announcement_and_deed_of_one_article_stay_apart_in_the_store() {
    // "Kim visited the rocket plant on Wednesday" and "he is expected to visit Komsomolsk":
    // merge_all keeps them apart, and storing the first must not make it a candidate for
    // the second.
    let (_dir, mut store) = temp_store();
    let done = lavrov_visit(
        DateRange::day(d(2023, 9, 13)),
        Status::Occurred,
        "Kim visits a rocket plant",
        "Kim and Putin visited an assembly plant for Angara rockets.",
    );
    let next = lavrov_visit(
        DateRange::month(2023, 9).unwrap(),
        Status::Planned,
        "Kim expected to visit Komsomolsk-on-Amur",
        "He is expected to visit Komsomolsk-on-Amur.",
    );
    let a = article("nhk.txt", "NHK", None, d(2023, 9, 14));
    let out = store.ingest_with_hash(&a, "h", vec![done, next]).unwrap();
    assert!(matches!(
        out,
        IngestOutcome::Added {
            events_added: 2,
            events_merged: 0,
            ..
        }
    ));
    assert_eq!(store.count_events().unwrap(), 2);
}

#[test]
fn inverted_date_window_is_a_usage_error() {
    let (_dir, store) = seeded();
    let f = Filter {
        from: Some(d(2023, 10, 1)),
        to: Some(d(2023, 8, 31)),
        ..Filter::default()
    };
    match store.for_each_event(&f, &mut |_| Ok(())) {
        Err(Error::Usage(m)) => {
            assert_eq!(
                m,
                "the date range is empty: from 2023-10-01 is after to 2023-08-31"
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_failing_article_in_a_batch_is_rolled_back_alone() {
    let (_dir, mut store) = temp_store();
    // An article whose event the database refuses, between two good ones.
    store
        .conn
        .execute_batch(
            "CREATE TEMP TRIGGER refuse BEFORE INSERT ON events WHEN NEW.summary = 'refused'
             BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END;",
        )
        .unwrap();
    let a = article("a.txt", "Yonhap", None, d(2023, 10, 20));
    let b = article("b.txt", "Yonhap", None, d(2023, 10, 21));
    let c = article("c.txt", "Yonhap", None, d(2023, 10, 22));
    let mut bad = air_drills();
    bad.summary = "refused".into();
    let outcomes = store
        .ingest_batch(vec![
            (&a, a.content_hash(), vec![summit_august()]),
            (
                &b,
                b.content_hash(),
                vec![
                    lavrov_visit(
                        DateRange::day(d(2023, 10, 18)),
                        Status::Occurred,
                        "Lavrov visits Pyongyang",
                        "Lavrov arrived in Pyongyang on Wednesday.",
                    ),
                    bad,
                ],
            ),
            (&c, c.content_hash(), vec![air_drills()]),
        ])
        .unwrap();
    assert!(matches!(outcomes[0], Ok(IngestOutcome::Added { .. })));
    let err = outcomes[1].as_ref().unwrap_err().to_string();
    assert!(err.contains("refused by a test trigger"), "{err}");
    assert!(matches!(outcomes[2], Ok(IngestOutcome::Added { .. })));
    // b is absent, article and events alike; a and c are whole.
    assert_eq!(store.count_articles().unwrap(), 2);
    assert!(store.article_by_hash(&b.content_hash()).unwrap().is_none());
    let mut got = summaries(&store, &Filter::default());
    got.sort();
    let mut want = vec![summit_august().summary, air_drills().summary];
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn a_batch_sees_its_own_earlier_articles() {
    // The same content twice in one batch: stored once, the second is unchanged.
    let (_dir, mut store) = temp_store();
    let a = article("a.txt", "Yonhap", None, d(2023, 10, 20));
    let outcomes = store
        .ingest_batch(vec![
            (&a, a.content_hash(), vec![air_drills()]),
            (&a, a.content_hash(), vec![air_drills()]),
        ])
        .unwrap();
    assert!(matches!(outcomes[0], Ok(IngestOutcome::Added { .. })));
    assert!(matches!(outcomes[1], Ok(IngestOutcome::Unchanged { .. })));
    assert_eq!(store.count_events().unwrap(), 1);
}
