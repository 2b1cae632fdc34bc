//! The binary as people use it: filters, exports, bad input, database refusals.

mod common;

use common::*;
use predicates::prelude::*;

fn seeded() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    annals(&db).arg("ingest").arg(seed()).assert().success();
    (dir, db)
}

#[test]
fn timeline_filters_by_actor_alias_and_partial_dates() {
    let (_d, db) = seeded();
    // "Pyongyang" is an alias (capital as metonym) of North Korea.
    let by_alias = export_json(&db, &["--actor", "Pyongyang"]);
    let by_name = export_json(&db, &["--actor", "North Korea"]);
    assert!(!by_alias.is_empty());
    assert_eq!(by_alias, by_name);
    let august = export_json(&db, &["--from", "2023-08", "--to", "2023-08"]);
    assert!(!august.is_empty());
    for e in &august {
        assert!(e["date_start"].as_str().unwrap() <= "2023-08-31");
        assert!(e["date_end"].as_str().unwrap() >= "2023-08-01");
    }
    let planned = export_json(&db, &["--status", "planned"]);
    assert!(planned.iter().all(|e| e["status"] == "planned"));
    assert!(!planned.is_empty());
    annals(&db)
        .args(["timeline", "--actor", "Lavrov"])
        .assert()
        .success()
        .stdout(predicate::str::contains("18–19 Oct 2023"));
}

#[test]
fn timeline_shows_fuzzy_dates_honestly() {
    let (_d, db) = seeded();
    annals(&db)
        .arg("timeline")
        .assert()
        .success()
        .stdout(predicate::str::contains("Aug 2023"))
        .stdout(predicate::str::contains("22 Oct 2023 (planned)"))
        .stdout(predicate::str::contains("week of 16 Oct 2023"));
}

#[test]
fn json_export_is_sorted_and_carries_the_design_fields() {
    let (_d, db) = seeded();
    let events = export_json(&db, &[]);
    let starts: Vec<&str> = events
        .iter()
        .map(|e| e["date_start"].as_str().unwrap())
        .collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
    for e in &events {
        for field in [
            "id",
            "date_start",
            "date_end",
            "precision",
            "status",
            "type",
            "mode",
            "cameo",
            "summary",
            "location",
            "actors",
            "sources",
        ] {
            assert!(e.get(field).is_some(), "missing {field} in {e}");
        }
        assert!(e["cameo"].is_string());
        let src = &e["sources"][0];
        for field in [
            "article_id",
            "publisher",
            "url",
            "published",
            "evidence",
            "time_expression",
            "attributed_to",
        ] {
            assert!(src.get(field).is_some(), "missing sources.{field} in {e}");
        }
        assert_eq!(src["published"], "2023-10-20");
    }
}

#[test]
fn csv_export_has_a_header_and_one_row_per_event() {
    let (_d, db) = seeded();
    let n = export_json(&db, &[]).len();
    let out = annals(&db)
        .args(["export", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    assert!(headers.iter().any(|h| h == "date_start"));
    let rows: Vec<_> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), n);
    for r in &rows {
        let start = &r[headers.iter().position(|h| h == "date_start").unwrap()];
        assert!(
            chrono::NaiveDate::parse_from_str(start, "%Y-%m-%d").is_ok(),
            "{start}"
        );
    }
}

#[test]
fn show_prints_every_source_of_an_event() {
    let (_d, db) = seeded();
    let events = export_json(&db, &["--actor", "Lavrov"]);
    let id = events[0]["id"].as_i64().unwrap();
    annals(&db)
        .args(["show", &id.to_string()])
        .assert()
        .success()
        .stdout(predicate::str::contains("The Korea Herald"));
    annals(&db)
        .args(["show", "999999"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no event 999999"));
}

#[test]
fn each_bad_input_gets_one_line_naming_the_file_and_good_ones_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let bad = fixtures().join("bad");
    let out = annals(&db)
        .arg("ingest")
        .arg(&bad)
        .arg(seed())
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "bad inputs must give a non-zero exit"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("annals: error:"))
        .collect();
    for name in [
        "empty.txt",
        "binary.txt",
        "invalid-utf8.txt",
        "no-date.txt",
        "bad-header-date.txt",
        "mixed.jsonl:2",
    ] {
        let hits: Vec<&&str> = errors.iter().filter(|l| l.contains(name)).collect();
        assert_eq!(
            hits.len(),
            1,
            "expected one error line for {name}:\n{stderr}"
        );
    }
    assert_eq!(errors.len(), 6, "{stderr}");
    // The seed and the two good JSONL lines went in.
    assert!(stderr.contains("3 articles added"), "{stderr}");
    let events = export_json(&db, &[]);
    assert!(events
        .iter()
        .any(|e| e["sources"][0]["published"] == "2017-04-28"));
    assert!(events
        .iter()
        .any(|e| e["sources"][0]["published"] == "2023-10-20"));
}

#[test]
fn published_flag_overrides_the_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    annals(&db)
        .args(["ingest", "--published", "2023-10-27"])
        .arg(fixtures().join("bad/no-date.txt"))
        .assert()
        .success();
    let events = export_json(&db, &[]);
    assert!(!events.is_empty());
    // "on Thursday", past tense, before Friday 27 Oct 2023 = 26 Oct.
    assert!(
        events.iter().any(|e| e["date_start"] == "2023-10-26"),
        "{events:#?}"
    );
}

#[test]
fn stdin_is_read_with_a_dash() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    annals(&db)
        .args(["ingest", "-"])
        .write_stdin(std::fs::read(seed()).unwrap())
        .assert()
        .success();
    assert!(!export_json(&db, &[]).is_empty());
}

#[test]
fn a_database_from_a_newer_annals_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    annals(&db).args(["timeline"]).assert().success();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", 9999).unwrap();
    }
    annals(&db)
        .arg("timeline")
        .assert()
        .failure()
        .stderr(predicate::str::contains("newer"));
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.db");
    std::fs::write(&db, "these are my notes, not a database\n".repeat(100)).unwrap();
    annals(&db)
        .arg("timeline")
        .assert()
        .failure()
        .stderr(predicate::str::contains("notes.db"));
}

#[test]
fn export_refuses_to_overwrite_without_force() {
    let (d, db) = seeded();
    let out = d.path().join("out.csv");
    std::fs::write(&out, "keep me").unwrap();
    annals(&db)
        .args(["export", "--format", "csv", "-o"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    annals(&db)
        .args(["export", "--format", "csv", "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("id,"));
}

#[test]
fn eval_events_scores_the_seed_against_its_gold_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = annals(&dir.path().join("unused.db"))
        .args(["eval", "events", "--gold"])
        .arg(fixtures().join("gold"))
        .arg(seed())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let all = stdout
        .lines()
        .find(|l| l.starts_with("all:"))
        .unwrap_or_else(|| panic!("no summary line in:\n{stdout}"));
    // Every gold event of the seed is found (recall 1), whatever else is extracted.
    assert!(all.contains("recall 1.000"), "{all}");
    assert!(all.contains("type agreement 1.000"), "{all}");
    // eval works in scratch databases: it never creates the --db file.
    assert!(!dir.path().join("unused.db").exists());
}

#[test]
fn actors_people_add_take_part_in_extraction() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    annals(&db)
        .args([
            "actors",
            "add",
            "--key",
            "kim-in-ae",
            "--name",
            "Kim In-ae",
            "--kind",
            "person",
            "--country",
            "KOR",
            "--alias",
            "Kim In-ae",
        ])
        .assert()
        .success();
    let article = dir.path().join("a.txt");
    std::fs::write(
        &article,
        "Title: t\nPublished: 2023-10-20\n\nKim In-ae visited Tokyo on Thursday.\n",
    )
    .unwrap();
    annals(&db).arg("ingest").arg(&article).assert().success();
    let events = export_json(&db, &["--actor", "Kim In-ae"]);
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0]["date_start"], "2023-10-19");
    assert!(actor_keys(&events[0]).contains(&"kim-in-ae".to_string()));
}
