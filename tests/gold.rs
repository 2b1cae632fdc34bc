//! Gold-record test: the seed article must yield the events DESIGN.md lists, with exact
//! ranges, precision, status, type and actors (fixtures/gold).

mod common;

use annals::actor::Gazetteer;
use annals::eval::GoldEvent;
use common::*;

fn coarse(e: &serde_json::Value) -> String {
    let t = e["type"].as_str().unwrap_or("");
    let mode = e["mode"].as_str().unwrap_or("");
    let cameo = e["cameo"].as_str().unwrap_or("");
    match (t, mode) {
        ("consult", "visit") => "visit",
        ("consult", _) => "meeting",
        ("cooperate", _) if cameo.starts_with("06") => "military_exercise",
        ("mobilize", "weapons") => "missile_test",
        ("mobilize", _) if cameo == "152" => "military_exercise",
        ("mobilize", _) => "deployment",
        ("statement", _) => "statement",
        ("agree", _) => "agreement",
        ("threaten", _) => "threat",
        _ => "other",
    }
    .to_string()
}

#[test]
fn seed_article_yields_the_design_events_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    annals(&db).arg("ingest").arg(seed()).assert().success();
    let events = export_json(&db, &[]);
    let gold: Vec<GoldEvent> = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("gold/korea-herald-2023-10-20-kim-lavrov.json"))
            .unwrap(),
    )
    .unwrap();
    let gaz = Gazetteer::builtin().unwrap();
    let mut failures = Vec::new();
    for g in &gold {
        let keys: Vec<String> = g
            .actors
            .iter()
            .map(|n| {
                gaz.lookup(n)
                    .unwrap_or_else(|| panic!("gazetteer lacks {n}"))
                    .key
                    .clone()
            })
            .collect();
        let found = events.iter().any(|e| {
            e["date_start"] == g.date_start.as_deref().unwrap()
                && e["date_end"] == g.date_end.as_deref().unwrap()
                && e["precision"] == g.precision.as_deref().unwrap()
                && e["status"] == g.status.as_deref().unwrap()
                && coarse(e) == g.event_type.as_deref().unwrap()
                && keys.iter().all(|k| actor_keys(e).contains(k))
        });
        if !found {
            failures.push(g.summary.clone());
        }
    }
    assert!(
        failures.is_empty(),
        "missing: {failures:#?}\nexported: {}",
        serde_json::to_string_pretty(&events).unwrap()
    );
}

#[test]
fn reingesting_the_seed_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    annals(&db).arg("ingest").arg(seed()).assert().success();
    let first = export_json(&db, &[]);
    let out = annals(&db).arg("ingest").arg(seed()).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unchanged"), "{stderr}");
    assert!(stderr.contains("0 articles added"), "{stderr}");
    let second = export_json(&db, &[]);
    assert_eq!(first, second);
}

fn visit_events(db: &std::path::Path) -> Vec<serde_json::Value> {
    export_json(db, &["--type", "consult"])
        .into_iter()
        .filter(|e| e["date_start"] == "2023-10-18" && e["date_end"] == "2023-10-19")
        .collect()
}

#[test]
fn three_reports_of_one_visit_merge_in_any_order() {
    let a = fixtures().join("articles/lavrov-visit-announced.txt");
    let b = fixtures().join("articles/lavrov-visit-arrival.txt");
    let orders = [
        vec![a.clone(), b.clone(), seed()],
        vec![seed(), b.clone(), a.clone()],
        vec![b.clone(), seed(), a.clone()],
    ];
    for order in orders {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        for p in &order {
            annals(&db).arg("ingest").arg(p).assert().success();
        }
        let visits = visit_events(&db);
        assert_eq!(visits.len(), 1, "order {order:?}: {visits:#?}");
        let v = &visits[0];
        assert_eq!(v["status"], "occurred", "order {order:?}");
        let articles: std::collections::BTreeSet<i64> = v["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["article_id"].as_i64().unwrap())
            .collect();
        assert_eq!(articles.len(), 3, "order {order:?}: {v:#}");
    }
}
