//! Crash safety and concurrency of the store, with the real binary: an ingest killed with
//! SIGKILL at many moments leaves a sound database in which every article is complete or
//! absent, and resuming gives exactly the result of one clean run; four writers and two
//! readers on one database never show "database is locked" and end where a sequential
//! ingest ends.
//!
//! The corpus is generated: articles whose events lie far apart in time, so no event of
//! one article merges with another's and the end state does not depend on the order in
//! which concurrent writers commit. Kill moments come from a seeded generator
//! (`ANNALS_CRASH_SEED` replays a run) and are printed.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("annals")
}

/// Sentences with events of several kinds; `{place}` and `{day}` vary per article.
const TEMPLATES: &[&str] = &[
    "Russian Foreign Minister Sergei Lavrov arrived in {place} on {day} for talks, state media reported.",
    "North Korea fired a ballistic missile into the sea on {day}, South Korea's military said.",
    "The United States and Japan will hold joint naval drills next week, officials said.",
    "China's foreign ministry on {day} accused Washington of stoking tensions in the region.",
    "South Korean President Yoon Suk Yeol met Japanese Prime Minister Fumio Kishida in {place} on {day}.",
    "The European Union imposed new sanctions on Russia on {day}.",
];
const PLACES: &[&str] = &[
    "Pyongyang",
    "Seoul",
    "Tokyo",
    "Beijing",
    "Moscow",
    "Washington",
];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

/// `n` articles, one file each, published 60 days apart from 1990 on.
fn write_corpus(dir: &Path, n: usize) {
    fs::create_dir_all(dir).unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
    for i in 0..n {
        let published = start + chrono::Duration::days(60 * i as i64);
        let mut body = String::new();
        for k in 0..4 {
            let t = TEMPLATES[(i + k * 2) % TEMPLATES.len()];
            body.push_str(
                &t.replace("{place}", PLACES[(i + k) % PLACES.len()])
                    .replace("{day}", DAYS[(i * 3 + k) % DAYS.len()]),
            );
            body.push(' ');
        }
        fs::write(
            dir.join(format!("{i:04}.txt")),
            format!("Title: Report {i}\nPublisher: Test Wire\nPublished: {published}\n\n{body}\n"),
        )
        .unwrap();
    }
}

/// What a database holds, independent of row ids and timestamps: each article's hash with
/// its sources, and each event with its actors and the articles reporting it.
#[derive(Debug, PartialEq, Eq)]
struct Contents {
    /// article hash -> sorted (evidence, time expression) of its sources
    articles: BTreeMap<String, Vec<String>>,
    /// one line per event, sorted
    events: Vec<String>,
}

fn contents(db: &Path) -> Contents {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut articles = BTreeMap::new();
    // Killed before its first migration committed, the file holds no schema: empty.
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'articles'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if tables == 0 {
        return Contents {
            articles,
            events: Vec::new(),
        };
    }
    let mut stmt = conn.prepare("SELECT id, hash FROM articles").unwrap();
    let ids: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    for (id, hash) in ids {
        let mut s = conn
            .prepare("SELECT evidence || ' @ ' || coalesce(time_expression, '') FROM event_sources WHERE article = ?1")
            .unwrap();
        let mut sources: Vec<String> = s
            .query_map([id], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        sources.sort();
        articles.insert(hash, sources);
    }
    let mut stmt = conn
        .prepare(
            "SELECT e.date_start, e.date_end, e.precision, e.status, e.type, coalesce(e.mode, ''),
                    e.cameo, e.summary, coalesce(e.location, ''),
                    (SELECT group_concat(k, ',') FROM (SELECT actor_key || ':' || role AS k
                        FROM event_actors WHERE event = e.id ORDER BY k)),
                    (SELECT group_concat(h, ',') FROM (SELECT a.hash AS h FROM event_sources s
                        JOIN articles a ON a.id = s.article WHERE s.event = e.id ORDER BY h))
             FROM events e",
        )
        .unwrap();
    let mut events: Vec<String> = stmt
        .query_map([], |r| {
            let cols: Vec<String> = (0..11)
                .map(|i| r.get::<_, Option<String>>(i).map(|v| v.unwrap_or_default()))
                .collect::<rusqlite::Result<_>>()?;
            Ok(cols.join(" | "))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    events.sort();
    Contents { articles, events }
}

/// The database is sound: SQLite's own check, foreign keys, no event without a source,
/// and the full-text index in step with the events.
fn assert_sound(db: &Path, when: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "{when}");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0, "{when}: foreign key violations");
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM events WHERE id NOT IN (SELECT event FROM event_sources)",
            [],
            |r| r.get(0),
        )
        .unwrap_or(0);
    assert_eq!(orphans, 0, "{when}: events without a source");
    let (events, fts): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM events_fts)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or((0, 0));
    assert_eq!(events, fts, "{when}: full-text index out of step");
}

/// xorshift: kill moments that a seed replays.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn ingest(db: &Path, corpus: &Path) -> std::process::Output {
    Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(["ingest", "--quiet"])
        .arg(corpus)
        .env_remove("ANNALS_DB")
        .output()
        .unwrap()
}

#[test]
fn sigkill_at_random_moments_loses_nothing_and_resume_equals_a_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write_corpus(&corpus, 120);

    // The clean run: the reference, and how long a full ingest takes here.
    let reference = dir.path().join("reference.db");
    let started = Instant::now();
    let out = ingest(&reference, &corpus);
    let full = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = contents(&reference);
    assert_eq!(expected.articles.len(), 120);

    let seed = std::env::var("ANNALS_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_cafe_u64);
    let mut rng = Rng(seed);
    let db = dir.path().join("crashed.db");
    // Startup (opening, gazetteer check) on an existing database: a run with nothing to do.
    let started = Instant::now();
    let out = ingest(&reference, &corpus);
    let startup = started.elapsed().min(full);
    assert!(out.status.success());
    let kills: u64 = 22;
    // The first kills land anywhere in the first run (migration, gazetteer sync, first
    // articles); the rest land after startup, each run living on average a 1/kills share
    // of the ingest proper, so the kills spread over the whole ingest.
    let work_ms = full.saturating_sub(startup).as_millis() as u64;
    let span_ms = (work_ms * 2 / kills).max(20);
    let mut moments = Vec::new();
    let mut stored_after: Vec<usize> = Vec::new();
    // A loaded machine starts slower than the measured startup; a run that stored nothing
    // moves later kills later, so they still reach the ingest proper.
    let mut late_ms = 0;
    let share = expected.articles.len() / (kills as usize - 3);
    for k in 0..kills {
        let wait = if k < 3 {
            Duration::from_millis(rng.below(full.as_millis() as u64 / 4))
        } else {
            startup + Duration::from_millis(late_ms + rng.below(span_ms))
        };
        moments.push(wait.as_millis());
        let mut child = Command::new(bin())
            .arg("--db")
            .arg(&db)
            .args(["ingest", "--quiet"])
            .arg(&corpus)
            .env_remove("ANNALS_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(wait);
        // Child::kill is SIGKILL on Unix: no destructor, no rollback, no flush runs.
        let _ = child.kill();
        let _ = child.wait();
        if !db.exists() {
            continue;
        }
        let when = format!("after kill {k} at {wait:?} (seed {seed})");
        assert_sound(&db, &when);
        // Each stored article is whole: exactly the sources the clean run gave it.
        let now = contents(&db);
        let before = stored_after.last().copied().unwrap_or(0);
        let gained = now.articles.len().saturating_sub(before);
        if k >= 3 && gained == 0 && now.articles.len() < expected.articles.len() {
            late_ms += span_ms / 2;
        } else if gained > 2 * share {
            late_ms = late_ms.saturating_sub(span_ms);
        }
        stored_after.push(now.articles.len());
        for (hash, sources) in &now.articles {
            assert_eq!(
                Some(sources),
                expected.articles.get(hash),
                "{when}: article {hash} stored in part"
            );
        }
    }
    eprintln!(
        "killed at {moments:?} ms (seed {seed}, full run {full:?}); articles stored after each: {stored_after:?}"
    );
    let out = ingest(&db, &corpus);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_sound(&db, "after resuming");
    assert_eq!(
        contents(&db),
        expected,
        "resumed ingest differs from a clean run"
    );
}

#[test]
fn four_writers_and_two_readers_share_one_database_without_lock_errors() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write_corpus(&corpus, 80);
    let sequential = dir.path().join("sequential.db");
    let out = ingest(&sequential, &corpus);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = contents(&sequential);

    // Writers: two take the whole folder, two take halves of it, so the same article is
    // often offered by several processes at once.
    let files: Vec<PathBuf> = {
        let mut v: Vec<PathBuf> = fs::read_dir(&corpus)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v
    };
    let (first, second) = files.split_at(files.len() / 2);
    let db = dir.path().join("shared.db");
    let spawn = |args: Vec<std::ffi::OsString>| {
        Command::new(bin())
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("ANNALS_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let ingest_args = |paths: &[PathBuf]| {
        let mut a: Vec<std::ffi::OsString> = vec!["ingest".into(), "--quiet".into()];
        a.extend(paths.iter().map(|p| p.clone().into_os_string()));
        a
    };
    let writers = vec![
        spawn(ingest_args(std::slice::from_ref(&corpus))),
        spawn(ingest_args(first)),
        spawn(ingest_args(second)),
        spawn(ingest_args(std::slice::from_ref(&corpus))),
    ];
    // Readers query in a loop while the writers run.
    let mut reader_runs = 0;
    let mut problems = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut writers: Vec<_> = writers.into_iter().map(Some).collect();
    let mut writer_outputs = Vec::new();
    while writers.iter().any(Option::is_some) && Instant::now() < deadline {
        let readers = [
            spawn(vec!["timeline".into(), "--actor".into(), "Russia".into()]),
            spawn(vec!["export".into(), "--format".into(), "csv".into()]),
        ];
        for r in readers {
            let out = r.wait_with_output().unwrap();
            reader_runs += 1;
            if !out.status.success() {
                problems.push(String::from_utf8_lossy(&out.stderr).into_owned());
            }
        }
        for slot in writers.iter_mut() {
            let done = matches!(slot.as_mut().map(|c| c.try_wait()), Some(Ok(Some(_))));
            if done {
                if let Some(child) = slot.take() {
                    writer_outputs.push(child.wait_with_output().unwrap());
                }
            }
        }
    }
    for slot in writers.iter_mut() {
        if let Some(child) = slot.take() {
            writer_outputs.push(child.wait_with_output().unwrap());
        }
    }
    assert!(problems.is_empty(), "reader failures: {problems:?}");
    assert!(reader_runs >= 2);
    for out in &writer_outputs {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "writer failed: {stderr}");
        assert!(!stderr.to_lowercase().contains("locked"), "{stderr}");
    }
    assert_sound(&db, "after concurrent ingest");
    assert_eq!(
        contents(&db),
        expected,
        "concurrent ingest differs from sequential"
    );
}

#[test]
fn parallel_extraction_stores_exactly_what_one_thread_stores() {
    // Extraction runs on worker threads, the store takes files in input order: the
    // database must not depend on the number of threads (merges across articles depend
    // on the order reports arrive in).
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write_corpus(&corpus, 150);
    let mut runs = Vec::new();
    for jobs in ["1", "4"] {
        let db = dir.path().join(format!("jobs-{jobs}.db"));
        let out = Command::new(bin())
            .arg("--db")
            .arg(&db)
            .args(["ingest", "--quiet", "--jobs", jobs])
            .arg(&corpus)
            .env_remove("ANNALS_DB")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        runs.push(contents(&db));
    }
    assert_eq!(runs[0].articles.len(), 150);
    assert!(!runs[0].events.is_empty());
    assert_eq!(runs[0], runs[1]);
}
