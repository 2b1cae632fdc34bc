//! A person's corrections through the binary: the CSV round trip of issue 5, a bad row that
//! stops the whole import, merge and split, and re-ingest that keeps a person's edit.

mod common;

use assert_cmd::Command;
use common::*;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn seeded() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    annals(&db).arg("ingest").arg(seed()).assert().success();
    (dir, db)
}

fn article(name: &str) -> PathBuf {
    fixtures().join("articles").join(name)
}

fn export_csv(db: &Path, excel: bool) -> Vec<u8> {
    let mut cmd = annals(db);
    cmd.args(["export", "--format", "csv"]);
    if excel {
        cmd.arg("--excel");
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success());
    out.stdout
}

fn read_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn write_rows(path: &Path, rows: &[Vec<String>], excel: bool) {
    let mut w = csv::WriterBuilder::new();
    if excel {
        w.terminator(csv::Terminator::CRLF);
    }
    let mut buf: Vec<u8> = if excel { "\u{feff}".into() } else { Vec::new() };
    {
        let mut w = w.from_writer(&mut buf);
        for r in rows {
            w.write_record(r).unwrap();
        }
        w.flush().unwrap();
    }
    std::fs::write(path, buf).unwrap();
}

fn col(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|h| h == name).unwrap()
}

/// The exported event with this id.
fn event_by_id(events: &[serde_json::Value], id: i64) -> serde_json::Value {
    events
        .iter()
        .find(|e| e["id"].as_i64() == Some(id))
        .cloned()
        .unwrap_or_else(|| panic!("no event {id}"))
}

/// The id of the Lavrov visit (consult/visit).
fn visit_id(db: &Path) -> i64 {
    let events = export_json(db, &["--type", "consult"]);
    events
        .iter()
        .find(|e| e["mode"] == "visit")
        .and_then(|e| e["id"].as_i64())
        .expect("the seed has a visit")
}

#[test]
fn csv_round_trip_changes_exactly_the_edited_event_and_the_log_shows_it() {
    let (dir, db) = seeded();
    let before = export_json(&db, &[]);
    let id = visit_id(&db);
    let mut rows = read_rows(&export_csv(&db, true));
    let (c_id, c_start, c_sum) = (
        col(&rows, "id"),
        col(&rows, "date_start"),
        col(&rows, "summary"),
    );
    let row = rows.iter_mut().find(|r| r[c_id] == id.to_string()).unwrap();
    row[c_start] = "2023-10-17".into();
    row[c_sum] = "Lavrov lands in Pyongyang — talks with Kim follow".into();
    let edited = dir.path().join("edited.csv");
    write_rows(&edited, &rows, true);

    annals(&db)
        .args(["import", "csv"])
        .arg(&edited)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "event {id}: changed date, summary"
        )))
        .stderr(predicate::str::contains("1 event updated, 0 added"));

    let after = export_json(&db, &[]);
    assert_eq!(before.len(), after.len());
    for b in &before {
        let bid = b["id"].as_i64().unwrap();
        let a = event_by_id(&after, bid);
        if bid != id {
            assert_eq!(&a, b, "event {bid} must not change");
            continue;
        }
        assert_eq!(a["date_start"], "2023-10-17");
        assert_eq!(
            a["summary"],
            "Lavrov lands in Pyongyang — talks with Kim follow"
        );
        let mut a2 = a.clone();
        let mut b2 = b.clone();
        for k in ["date_start", "summary", "date_display"] {
            a2[k] = serde_json::Value::Null;
            b2[k] = serde_json::Value::Null;
        }
        assert_eq!(a2, b2, "only the date and the summary change");
    }

    annals(&db)
        .args(["log", "--who", "user"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "user    import  event {id}"
        )))
        .stdout(predicate::str::contains(
            "date_start: \"2023-10-18\" → \"2023-10-17\"",
        ))
        .stdout(predicate::str::contains(
            "→ \"Lavrov lands in Pyongyang — talks with Kim follow\"",
        ));

    // The same file again: nothing left to change.
    annals(&db)
        .args(["import", "csv"])
        .arg(&edited)
        .assert()
        .success()
        .stderr(predicate::str::contains("0 events updated, 0 added"));
}

#[test]
fn a_bad_row_is_reported_by_line_and_nothing_from_the_file_is_applied() {
    let (dir, db) = seeded();
    let before = export_json(&db, &[]);
    let mut rows = read_rows(&export_csv(&db, false));
    let c_sum = col(&rows, "summary");
    let c_type = col(&rows, "type");
    rows[1][c_sum] = "A change that must not land".into();
    rows[3][c_type] = "negotiate-ish".into();
    let bad = dir.path().join("bad.csv");
    write_rows(&bad, &rows, false);
    annals(&db)
        .args(["import", "csv"])
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "bad.csv:4: unknown event type 'negotiate-ish'",
        ))
        .stderr(predicate::str::contains("nothing from"));
    assert_eq!(export_json(&db, &[]), before);
    annals(&db)
        .args(["log", "--who", "user"])
        .assert()
        .success()
        .stdout("no changes recorded\n");
}

#[test]
fn a_row_without_id_adds_an_event() {
    let (dir, db) = seeded();
    let n = export_json(&db, &[]).len();
    let path = dir.path().join("new.csv");
    std::fs::write(
        &path,
        "id,date_start,date_end,precision,status,type,summary,actors\n\
         ,2023-10,,,occurred,consult,Kim and Putin exchange letters,Kim Jong Un (source); Vladimir Putin (target)\n",
    )
    .unwrap();
    annals(&db)
        .args(["import", "csv"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("new.csv:2: added event"));
    let events = export_json(&db, &["--text", "letters"]);
    assert_eq!(export_json(&db, &[]).len(), n + 1);
    assert_eq!(events[0]["precision"], "month");
    assert_eq!(events[0]["date_end"], "2023-10-31");
}

#[test]
fn merge_and_split_move_sources_between_events() {
    let (_d, db) = seeded();
    annals(&db)
        .arg("ingest")
        .arg(article("lavrov-visit-arrival.txt"))
        .assert()
        .success();
    let id = visit_id(&db);
    let n = event_by_id(&export_json(&db, &[]), id)["sources"]
        .as_array()
        .unwrap()
        .len();
    assert!(n >= 2, "the visit has {n} sources");
    let out = annals(&db)
        .args(["event", "split", &id.to_string(), "--source", "1"])
        .args(["--summary", "Lavrov arrives in Pyongyang"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let new_id: i64 = text
        .trim()
        .rsplit(' ')
        .next()
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("no id in {text:?}"));
    let events = export_json(&db, &[]);
    assert_eq!(
        event_by_id(&events, new_id)["sources"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        event_by_id(&events, id)["sources"]
            .as_array()
            .unwrap()
            .len(),
        n - 1
    );
    assert_eq!(
        event_by_id(&events, new_id)["summary"],
        "Lavrov arrives in Pyongyang"
    );

    annals(&db)
        .args(["event", "merge", &id.to_string(), &new_id.to_string()])
        .assert()
        .success()
        .stdout(format!("merged event {new_id} into event {id}\n"));
    let events = export_json(&db, &[]);
    assert!(events.iter().all(|e| e["id"].as_i64() != Some(new_id)));
    assert_eq!(
        event_by_id(&events, id)["sources"]
            .as_array()
            .unwrap()
            .len(),
        n
    );
    annals(&db)
        .args(["log", "--event", &new_id.to_string()])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("merged into event {id}")));
}

#[test]
fn reingesting_after_an_edit_keeps_the_edit() {
    let (dir, db) = seeded();
    let id = visit_id(&db);
    annals(&db)
        .args(["event", "edit", &id.to_string()])
        .args(["--summary", "Lavrov's visit, as a person wrote it"])
        .args(["--date", "2023-10-18..2023-10-20", "--status", "ongoing"])
        .assert()
        .success()
        .stdout(predicate::str::contains("changed date, status, summary"));
    // The same article again, a corrected copy of it, and new reports of the visit.
    let copy = dir.path().join("seed-corrected.txt");
    let mut text = std::fs::read_to_string(seed()).unwrap();
    text.push_str("\n\nThis article has been corrected.\n");
    std::fs::write(&copy, text).unwrap();
    annals(&db)
        .arg("ingest")
        .arg(seed())
        .arg(&copy)
        .arg(article("lavrov-visit-announced.txt"))
        .arg(article("lavrov-visit-arrival.txt"))
        .assert()
        .success();
    let e = event_by_id(&export_json(&db, &[]), id);
    assert_eq!(e["summary"], "Lavrov's visit, as a person wrote it");
    assert_eq!(e["date_start"], "2023-10-18");
    assert_eq!(e["date_end"], "2023-10-20");
    assert_eq!(e["status"], "ongoing");
    assert!(e["sources"].as_array().unwrap().len() >= 3, "{e}");
    annals(&db)
        .args(["log", "--event", &id.to_string()])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!(
            "event {id} is locked (date, status, summary kept"
        )));
}

#[test]
fn a_deleted_event_stays_deleted_when_a_corrected_copy_is_ingested() {
    let (dir, db) = seeded();
    let planned = export_json(&db, &["--status", "planned"]);
    let id = planned[0]["id"].as_i64().unwrap();
    annals(&db)
        .args(["event", "delete", &id.to_string()])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!("deleted event {id}: ")));
    let copy = dir.path().join("seed-corrected.txt");
    let mut text = std::fs::read_to_string(seed()).unwrap();
    text.push_str("\n\nThis article has been corrected.\n");
    std::fs::write(&copy, text).unwrap();
    annals(&db).arg("ingest").arg(&copy).assert().success();
    assert!(export_json(&db, &["--status", "planned"]).is_empty());
}

#[test]
fn event_add_resolves_aliases_and_cites_a_page() {
    let (_d, db) = seeded();
    let out = annals(&db)
        .args(["event", "add", "--date", "2024-06-19", "--type", "consult"])
        .args(["--mode", "visit", "--summary", "Putin visits Pyongyang"])
        .args(["--actor", "Putin:source", "--actor", "DPRK (target)"])
        .args([
            "--url",
            "https://example.org/putin",
            "--publisher",
            "Example News",
        ])
        .args(["--published", "2024-06-19"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = export_json(&db, &["--from", "2024"]);
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e["cameo"], "04");
    assert_eq!(actor_keys(e), vec!["vladimir-putin", "PRK"]);
    assert_eq!(e["sources"][0]["publisher"], "Example News");
    annals(&db)
        .args(["event", "add", "--date", "2024-06-19", "--type", "consult"])
        .args(["--summary", "x", "--actor", "Atlantis:source"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown actor 'Atlantis'"));
}

#[test]
fn every_curation_command_has_examples_in_its_help() {
    for args in [
        vec!["event", "--help"],
        vec!["event", "split", "--help"],
        vec!["log", "--help"],
        vec!["import", "csv", "--help"],
    ] {
        Command::cargo_bin("annals")
            .unwrap()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
}

/// Convert `file` with headless LibreOffice into `outdir`; `None` when LibreOffice is not
/// installed (Debian `libreoffice-calc`, which `.ci/run` installs) or cannot run.
fn soffice(profile: &Path, args: &[&str], file: &Path, outdir: &Path) -> Option<()> {
    let status = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .arg("--headless")
        .args(args)
        .arg("--outdir")
        .arg(outdir)
        .arg(file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    status.success().then_some(())
}

#[test]
fn an_edit_that_went_through_libreoffice_imports_as_exactly_that_edit() {
    let (dir, db) = seeded();
    let before = export_json(&db, &[]);
    let id = visit_id(&db);
    let mut rows = read_rows(&export_csv(&db, true));
    let (c_id, c_end, c_sum) = (
        col(&rows, "id"),
        col(&rows, "date_end"),
        col(&rows, "summary"),
    );
    let row = rows.iter_mut().find(|r| r[c_id] == id.to_string()).unwrap();
    row[c_end] = "2023-10-20".into();
    row[c_sum] = "Lavrov’s visit to Pyongyang — extended".into();
    let edited = dir.path().join("edited.csv");
    write_rows(&edited, &rows, true);
    // The spreadsheet reads the CSV (dates become dates, 042 becomes 42), saves a workbook,
    // and the person saves it back as CSV.
    let profile = dir.path().join("lo-profile");
    let xlsx_dir = dir.path().join("xlsx");
    let back_dir = dir.path().join("back");
    if soffice(
        &profile,
        &["--infilter=CSV:44,34,76,1", "--convert-to", "xlsx"],
        &edited,
        &xlsx_dir,
    )
    .is_none()
    {
        panic!("LibreOffice (soffice) could not convert the CSV: install libreoffice-calc");
    }
    if soffice(
        &profile,
        &["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76"],
        &xlsx_dir.join("edited.xlsx"),
        &back_dir,
    )
    .is_none()
    {
        panic!("LibreOffice could not save the workbook back as CSV");
    }
    annals(&db)
        .args(["import", "csv"])
        .arg(back_dir.join("edited.csv"))
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "event {id}: changed date, summary"
        )))
        .stderr(predicate::str::contains("1 event updated, 0 added"));
    let after = export_json(&db, &[]);
    for b in &before {
        let bid = b["id"].as_i64().unwrap();
        if bid != id {
            assert_eq!(&event_by_id(&after, bid), b, "event {bid} must not change");
        }
    }
    let e = event_by_id(&after, id);
    assert_eq!(e["date_end"], "2023-10-20");
    assert_eq!(e["summary"], "Lavrov’s visit to Pyongyang — extended");
    // The code survives the spreadsheet reading it as a number.
    assert_eq!(e["cameo"], event_by_id(&before, id)["cameo"]);
}
