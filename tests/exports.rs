//! Every export format written by the real binary on the bundled fixtures and parsed back:
//! the same events (ids, dates) must come out of each, in the shape its consumers expect.
//! Also the interface habits of the output side: `timeline --format/--color`, a closed
//! pipe, shell completions and `--help` examples.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command as StdCommand, Stdio};
use std::sync::OnceLock;

/// One database with the fixture articles, ingested once for the whole file (ingest is the
/// slow part) and only read by the tests.
fn db() -> PathBuf {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        remove_stale(&tmp, "exports-");
        let dir = tmp.join(format!("exports-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("t.db");
        annals(&db)
            .arg("ingest")
            .arg(fixtures().join("articles"))
            .assert()
            .success();
        db
    })
    .clone()
}

/// A static is never dropped, so each run's database outlives it: remove the folders of
/// earlier runs whose process is gone (a run still going keeps its own).
fn remove_stale(tmp: &std::path::Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(pid) = name.strip_prefix(prefix) else {
            continue;
        };
        let alive = std::path::Path::new("/proc").join(pid).exists();
        if !alive && pid.parse::<u32>().is_ok() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// stdout of `annals --db DB ARGS`, which must succeed.
fn run(args: &[&str]) -> Vec<u8> {
    let out = annals(&db()).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "annals {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn run_text(args: &[&str]) -> String {
    String::from_utf8(run(args)).unwrap()
}

/// The reference: ids and (start, end) dates of the JSON export, in order.
fn reference() -> Vec<(i64, String, String)> {
    export_json(&db(), &[])
        .iter()
        .map(|e| {
            (
                e["id"].as_i64().unwrap(),
                e["date_start"].as_str().unwrap().to_string(),
                e["date_end"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn ids() -> BTreeSet<i64> {
    reference().into_iter().map(|r| r.0).collect()
}

#[test]
fn json_export_is_versioned_sorted_and_matches_its_schema_fields() {
    let events = export_json(&db(), &[]);
    assert!(events.len() >= 5, "fixtures give several events");
    let schema: Value = serde_json::from_slice(&run(&["export", "--schema"])).unwrap();
    let props = schema["properties"].as_object().unwrap();
    let required = schema["required"].as_array().unwrap();
    for e in &events {
        assert_eq!(e["schema_version"], 1);
        for key in e.as_object().unwrap().keys() {
            assert!(props.contains_key(key), "{key} is not in the schema");
        }
        for key in required {
            assert!(e.get(key.as_str().unwrap()).is_some(), "{key} missing");
        }
    }
    let starts: Vec<&str> = events
        .iter()
        .map(|e| e["date_start"].as_str().unwrap())
        .collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
    let unique: BTreeSet<i64> = events.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(unique.len(), events.len(), "ids are unique");
}

#[test]
fn jsonl_holds_the_json_objects_one_per_line() {
    let array = export_json(&db(), &[]);
    let text = run_text(&["export", "--format", "jsonl"]);
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines, array);
}

#[test]
fn csv_parses_back_to_one_row_per_event_with_the_same_ids_and_dates() {
    let text = run_text(&["export", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, annals::export::CSV_HEADER.to_vec());
    let rows: Vec<(i64, String, String)> = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[0].parse().unwrap(), rec[1].into(), rec[2].into())
        })
        .collect();
    assert_eq!(rows, reference());
}

#[test]
fn excel_csv_has_bom_crlf_and_the_same_rows() {
    let bytes = run(&["export", "--format", "csv", "--excel"]);
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM first");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "every line ends in CRLF"
    );
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(r.records().count(), reference().len());
}

#[test]
fn long_csv_has_one_row_per_event_actor_pair() {
    let events = export_json(&db(), &[]);
    let expected: usize = events
        .iter()
        .map(|e| e["actors"].as_array().unwrap().len().max(1))
        .sum();
    let text = run_text(&["export", "--format", "csv", "--long"]);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let width = r.headers().unwrap().len();
    assert_eq!(
        width,
        annals::export::CSV_HEADER.len() + annals::export::CSV_LONG_EXTRA.len()
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), expected);
    let row_ids: BTreeSet<i64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(row_ids, ids());
}

#[test]
fn csv_options_are_refused_for_other_formats() {
    annals(&db())
        .args(["export", "--format", "json", "--excel"])
        .assert()
        .failure()
        .code(2);
}

#[test]
fn timelinejs_has_partial_dates_unique_ids_and_groups_by_type_or_actor() {
    let events = export_json(&db(), &[]);
    let doc: Value = serde_json::from_slice(&run(&["export", "--format", "timelinejs"])).unwrap();
    let slides = doc["events"].as_array().unwrap();
    assert_eq!(slides.len(), events.len());
    for (slide, e) in slides.iter().zip(&events) {
        assert_eq!(slide["unique_id"], format!("event-{}", e["id"]));
        assert_eq!(slide["group"], e["type"]);
        let start = &slide["start_date"];
        assert_eq!(
            start["year"].as_i64().unwrap().to_string(),
            e["date_start"].as_str().unwrap()[..4]
        );
        match e["precision"].as_str().unwrap() {
            "month" => {
                assert!(start.get("month").is_some() && start.get("day").is_none())
            }
            "year" => assert!(start.get("month").is_none()),
            _ => assert!(start.get("day").is_some()),
        }
        if e["status"] != "occurred" {
            assert!(
                slide["display_date"].as_str().unwrap().contains("planned")
                    || slide["display_date"].as_str().unwrap().contains("ongoing")
            );
        }
        assert!(slide["text"]["headline"].is_string());
    }
    let by_actor: Value = serde_json::from_slice(&run(&[
        "export",
        "--format",
        "timelinejs",
        "--group",
        "actor",
    ]))
    .unwrap();
    let names: BTreeSet<String> = events
        .iter()
        .flat_map(|e| e["actors"].as_array().unwrap().clone())
        .map(|a| a["name"].as_str().unwrap().to_string())
        .collect();
    for slide in by_actor["events"].as_array().unwrap() {
        let g = slide["group"].as_str().unwrap();
        assert!(names.contains(g), "group {g} is an actor");
    }
}

#[test]
fn vis_items_are_points_or_ranges_in_declared_groups() {
    let doc: Value = serde_json::from_slice(&run(&["export", "--format", "vis"])).unwrap();
    let items = doc["items"].as_array().unwrap();
    let item_ids: BTreeSet<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(item_ids, ids());
    let groups: BTreeSet<&str> = doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    for it in items {
        assert!(groups.contains(it["group"].as_str().unwrap()));
        match it["type"].as_str().unwrap() {
            "point" => assert!(it.get("end").is_none()),
            "range" => assert!(it["end"].as_str().unwrap() > it["start"].as_str().unwrap()),
            other => panic!("vis type {other}"),
        }
        assert!(it["title"].as_str().unwrap().contains("source"));
    }
    let by_actor: Value =
        serde_json::from_slice(&run(&["export", "--format", "vis", "--group", "actor"])).unwrap();
    assert_ne!(by_actor["groups"], doc["groups"]);
}

#[test]
fn plover_records_carry_dates_actors_event_and_citation() {
    let refs = reference();
    let text = run_text(&["export", "--format", "plover"]);
    let recs: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), refs.len());
    for (rec, (id, start, end)) in recs.iter().zip(&refs) {
        assert!(rec["id"].as_str().unwrap().ends_with(&id.to_string()));
        assert_eq!(rec["date"], start.as_str());
        // PLOVER leaves `enddate` out for a single day.
        let enddate = rec
            .get("enddate")
            .map_or(start.as_str(), |v| v.as_str().unwrap());
        assert_eq!(enddate, end.as_str());
        assert!(rec["actor"].is_array() && rec["recipient"].is_array());
        assert!(!rec["event"].is_null());
        assert!(rec["cite_info"]["publication"].is_string());
    }
}

#[test]
fn gdelt_rows_have_61_columns_and_event_dates() {
    let refs = reference();
    let text = run_text(&["export", "--format", "gdelt"]);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), refs.len());
    for (row, (id, start, _)) in rows.iter().zip(&refs) {
        assert_eq!(row.len(), 61);
        assert_eq!(row[0], id.to_string(), "GLOBALEVENTID");
        assert_eq!(row[1], start.replace('-', ""), "SQLDATE");
        assert!(!row[26].is_empty(), "EventCode");
        assert_eq!(row[59].len(), 14, "DATEADDED YYYYMMDDHHMMSS");
    }
}

#[test]
fn html_page_embeds_every_event_and_needs_no_network() {
    let page = run_text(&["export", "--format", "html", "--group", "actor"]);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("default-src 'none'"));
    assert!(!page.contains("<script src") && !page.contains("<link"));
    let start = page.find("id=\"annals-data\">").unwrap() + "id=\"annals-data\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    let data: Value = serde_json::from_str(&page[start..end]).unwrap();
    assert_eq!(data["group"], "actor");
    let page_ids: BTreeSet<i64> = data["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(page_ids, ids());
}

#[test]
fn export_to_a_file_matches_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.csv");
    run(&["export", "--format", "csv", "-o", path.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        run(&["export", "--format", "csv"])
    );
}

#[test]
fn timeline_speaks_csv_json_and_jsonl_like_export() {
    let json: Value = serde_json::from_slice(&run(&["timeline", "--format", "json"])).unwrap();
    assert_eq!(json.as_array().unwrap(), &export_json(&db(), &[]));
    let jsonl = run_text(&["timeline", "--format", "jsonl"]);
    assert_eq!(jsonl.lines().count(), reference().len());
    assert_eq!(
        run(&["timeline", "--format", "csv"]),
        run(&["export", "--format", "csv"])
    );
    let table = run_text(&["timeline", "--type", "consult"]);
    assert!(table.starts_with("ID"));
}

#[test]
fn timeline_colours_only_when_asked_or_on_a_terminal() {
    let piped = run_text(&["timeline"]);
    assert!(!piped.contains('\x1b'), "no colour into a pipe");
    let always = run_text(&["timeline", "--color", "always"]);
    assert!(always.contains("\x1b["));
    let never = annals(&db())
        .args(["timeline", "--color", "auto"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&never.stdout).contains('\x1b'));
    assert!(!run_text(&["timeline", "--color", "never"]).contains('\x1b'));
}

#[test]
fn output_to_a_closed_pipe_is_not_an_error() {
    let bin = assert_cmd::cargo::cargo_bin("annals");
    // The shell way: `annals export | head -c 10`.
    let out = StdCommand::new("bash")
        .arg("-c")
        .arg("set -o pipefail; \"$0\" --db \"$1\" export --format html | head -c 10")
        .arg(&bin)
        .arg(db())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b"<!DOCTYPE ");
    // The certain way: the reader is gone before the first write.
    for args in [
        vec!["export", "--format", "json"],
        vec!["export", "--format", "csv"],
        vec!["timeline"],
        vec!["completions", "bash"],
    ] {
        let mut child = StdCommand::new(&bin)
            .arg("--db")
            .arg(db())
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(status.success(), "{args:?}: {status} {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn show_prints_the_export_object_as_json() {
    let first = export_json(&db(), &[]).remove(0);
    let id = first["id"].to_string();
    let shown: Value = serde_json::from_slice(&run(&["show", &id, "--format", "json"])).unwrap();
    assert_eq!(shown, first);
    let text = run_text(&["show", &id]);
    assert!(text.starts_with(&format!("#{id}")));
}

#[test]
fn completions_cover_the_subcommands_in_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let text = run_text(&["completions", shell]);
        for word in ["annals", "export", "timeline", "--format"] {
            assert!(text.contains(word), "{shell} completions lack {word}");
        }
    }
}

#[test]
fn help_of_output_commands_shows_examples() {
    for cmd in ["export", "timeline", "show", "completions"] {
        let text = run_text(&[cmd, "--help"]);
        assert!(
            text.contains("Example"),
            "`annals {cmd} --help` has no example"
        );
        assert!(text.contains(&format!("annals {cmd}")));
    }
}
