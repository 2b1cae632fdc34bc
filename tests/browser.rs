//! The HTML export in a real browser: Debian `chromium`, headless, opens the page exported
//! from the fixtures and the DOM it builds must show every exported event (an element with
//! `data-event-id` in the timeline), the detail panel must show every source sentence of an
//! event, a 10,000-event page must load and redraw quickly, and a screenshot is kept at
//! `target/html-export.png` for CI to archive. A missing browser is a failure, not a skip:
//! CI installs it (`apt-get install -y chromium`).

mod common;

use annals::model::{
    ActorKind, DateRange, Event, EventActor, EventType, Precision, Role, Source, Status,
};
use chrono::{Days, NaiveDate};
use common::*;
use regex::Regex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Per browser run; the page is local and small, so this only catches a hung browser.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(50);

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("browser-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser"] {
        if let Ok(out) = Command::new("which").arg(name).output() {
            if out.status.success() {
                return PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            }
        }
    }
    panic!("chromium not found: install it (Debian: apt-get install -y chromium); .ci/run does");
}

/// Run headless chromium on `url` with `extra` flags (--dump-dom, --screenshot=...) in a
/// fresh profile; stdout of the browser.
fn browse(profile: &Path, url: &str, extra: &[&str]) -> String {
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1400,1000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut s);
        s
    });
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed on {url}: {status}");
            break;
        }
        if start.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish {url} in {BROWSER_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

/// Event ids drawn in the timeline (not the detail panel): each event element's
/// `data-event-id`, or every id of a cluster element's `data-event-ids`.
fn drawn_ids(dom: &str) -> Vec<String> {
    let start = dom
        .find("id=\"items\"")
        .expect("timeline items container in the DOM");
    let end = dom[start..]
        .find("id=\"empty\"")
        .map_or(dom.len(), |i| start + i);
    let tag = Regex::new(r"<div [^>]*>").unwrap();
    let id = Regex::new(r#"data-event-id="([^"]+)""#).unwrap();
    let ids = Regex::new(r#"data-event-ids="([^"]+)""#).unwrap();
    let mut out = Vec::new();
    for t in tag.find_iter(&dom[start..end]).map(|m| m.as_str()) {
        if !t.contains("class=\"ev ") {
            continue;
        }
        if let Some(c) = ids.captures(t) {
            out.extend(c[1].split(' ').map(String::from));
        } else if let Some(c) = id.captures(t) {
            out.push(c[1].to_string());
        }
    }
    out
}

/// Text as the DOM serialiser writes it inside an element.
fn dom_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.canonicalize().unwrap().display())
}

#[test]
fn every_exported_event_is_drawn_and_a_screenshot_is_kept() {
    let dir = scratch("fixtures");
    let db = dir.join("t.db");
    annals(&db)
        .arg("ingest")
        .arg(fixtures().join("articles"))
        .assert()
        .success();
    let events = export_json(&db, &[]);
    assert!(!events.is_empty());
    let ids: BTreeSet<String> = events.iter().map(|e| e["id"].to_string()).collect();

    for group in ["type", "actor"] {
        let page = dir.join(format!("timeline-{group}.html"));
        annals(&db)
            .args(["export", "--format", "html", "--group", group, "-o"])
            .arg(&page)
            .assert()
            .success();
        let dom = browse(
            &dir.join(format!("profile-{group}")),
            &file_url(&page),
            &["--dump-dom"],
        );
        let drawn: BTreeSet<String> = drawn_ids(&dom).into_iter().collect();
        assert_eq!(
            drawn, ids,
            "lanes by {group}: every exported event is drawn"
        );
        assert!(dom.contains(&format!("{} of {} events", ids.len(), ids.len())));
    }

    // Filters (set through the page address, as a bookmark would) leave exactly the
    // matching events drawn.
    let typed = events[0]["type"].as_str().unwrap().to_string();
    let actor = events[0]["actors"][0]["name"].as_str().unwrap().to_string();
    let want = |pred: &dyn Fn(&serde_json::Value) -> bool| -> BTreeSet<String> {
        events
            .iter()
            .filter(|e| pred(e))
            .map(|e| e["id"].to_string())
            .collect()
    };
    let by_type = want(&|e| e["type"] == typed.as_str());
    let by_actor = want(&|e| {
        e["actors"].as_array().unwrap().iter().any(|a| {
            a["name"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains(&actor.to_lowercase())
        })
    });
    let page = dir.join("timeline-type.html");
    for (hash, expected) in [
        (format!("type={typed}"), by_type),
        (format!("actor={}", actor.replace(' ', "%20")), by_actor),
    ] {
        let url = format!("{}#{hash}", file_url(&page));
        let dom = browse(&dir.join("profile-filter"), &url, &["--dump-dom"]);
        let drawn: BTreeSet<String> = drawn_ids(&dom).into_iter().collect();
        assert_eq!(drawn, expected, "filter #{hash}");
    }

    // The detail panel of the event with the most sources shows every source sentence.
    let richest = events
        .iter()
        .max_by_key(|e| e["sources"].as_array().map_or(0, Vec::len))
        .unwrap();
    let page = dir.join("timeline-type.html");
    let url = format!("{}#event-{}", file_url(&page), richest["id"]);
    let dom = browse(&dir.join("profile-detail"), &url, &["--dump-dom"]);
    let aside = dom
        .find("<aside id=\"detail\"")
        .map(|i| &dom[i..])
        .unwrap_or("");
    let aside = &aside[..aside.find("</aside>").unwrap_or(aside.len())];
    assert!(aside.contains(&format!("data-event-id=\"{}\"", richest["id"])));
    for s in richest["sources"].as_array().unwrap() {
        let evidence = s["evidence"].as_str().unwrap().trim();
        assert!(
            aside.contains(&dom_text(evidence)),
            "detail panel lacks the sentence {evidence:?}"
        );
    }

    // The screenshot CI keeps as an artifact.
    let shot = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/html-export.png");
    // `target/` is not there when CARGO_TARGET_DIR puts the build elsewhere, and the
    // browser does not create folders.
    std::fs::create_dir_all(shot.parent().unwrap()).expect("screenshot folder");
    let _ = std::fs::remove_file(&shot);
    browse(
        &dir.join("profile-shot"),
        &file_url(&dir.join("timeline-actor.html")),
        &[&format!("--screenshot={}", shot.display())],
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG"), "screenshot is a PNG");
    assert!(png.len() > 10_000, "screenshot is not blank");
    // Kept only when the test fails, for a look at what the browser had.
    let _ = std::fs::remove_dir_all(&dir);
}

/// 10,000 synthetic events over ten years: varied types, precisions, statuses and actors.
fn many_events(n: usize) -> Vec<Event> {
    let types = [
        EventType::Consult,
        EventType::Cooperate,
        EventType::Mobilize,
        EventType::Threaten,
        EventType::Accuse,
        EventType::Agree,
        EventType::Statement,
    ];
    let states = [
        ("KOR", "South Korea"),
        ("PRK", "North Korea"),
        ("USA", "United States"),
        ("JPN", "Japan"),
        ("RUS", "Russia"),
        ("CHN", "China"),
        ("UKR", "Ukraine"),
        ("FRA", "France"),
        ("DEU", "Germany"),
        ("IND", "India"),
        ("BRA", "Brazil"),
        ("ZAF", "South Africa"),
    ];
    let base = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    (0..n)
        .map(|i| {
            let day = base + Days::new(((i * 7919) % 3650) as u64);
            let date = match i % 10 {
                0 => DateRange::week_of(day),
                1 => DateRange {
                    start: day.with_day0(0).unwrap(),
                    end: (day.with_day0(0).unwrap() + Days::new(27)),
                    precision: Precision::Month,
                },
                2 => DateRange::days(day, day + Days::new(2)),
                _ => DateRange::day(day),
            };
            let (ka, a) = states[i % states.len()];
            let (kb, b) = states[(i * 5 + 3) % states.len()];
            let actor = |key: &str, name: &str, role| EventActor {
                key: key.into(),
                name: name.into(),
                kind: ActorKind::State,
                country: Some(key.into()),
                role,
            };
            // Hundreds of people make hundreds of actor lanes.
            let person = format!("Official {}", i % 400);
            let mut actors = vec![actor(ka, a, Role::Source), actor(kb, b, Role::Target)];
            actors.push(EventActor {
                key: person.to_lowercase().replace(' ', "-"),
                name: person,
                kind: ActorKind::Person,
                country: Some(ka.into()),
                role: Role::Participant,
            });
            Event {
                id: Some(i as i64 + 1),
                date,
                status: match i % 9 {
                    0 => Status::Planned,
                    1 => Status::Ongoing,
                    _ => Status::Occurred,
                },
                event_type: types[i % types.len()],
                mode: None,
                cameo: "040".into(),
                summary: format!("{a} and {b} — event {i} “quoted” é"),
                location: None,
                actors,
                sources: vec![Source {
                    article_id: Some(i as i64),
                    publisher: Some("Wire".into()),
                    url: Some(format!("https://example.com/{i}")),
                    title: Some("Headline".into()),
                    published: day,
                    evidence: format!("Officials said {a} met {b} on the day, sentence {i}."),
                    evidence_start: 0,
                    evidence_end: 10,
                    time_expression: Some("on Monday".into()),
                    attributed_to: None,
                    ingested_at: None,
                }],
            }
        })
        .collect()
}

use chrono::Datelike as _;

#[test]
fn ten_thousand_events_load_and_redraw_quickly() {
    let dir = scratch("large");
    let page = dir.join("large.html");
    let events = many_events(10_000);
    {
        let file = std::fs::File::create(&page).unwrap();
        let mut w = annals::export::writer_grouped(
            annals::export::Format::Html,
            Box::new(std::io::BufWriter::new(file)),
            &annals::export::ExportOptions::default(),
            "10,000 events",
            annals::export::Group::Type,
        );
        for e in &events {
            w.write(e).unwrap();
        }
        w.finish().unwrap();
    }
    // Time, inside the page, the first draw and 20 zoom steps plus 20 pans each forced
    // through style and layout, and write the figures into the DOM for --dump-dom.
    let probe = r##"<script>
(function () {
  var t = window.annalsTimeline, plot = document.getElementById("plot");
  var load = performance.now();
  var t0 = performance.now();
  for (var i = 0; i < 20; i++) { t.zoom(0.8, 0.3); t.render(); void plot.offsetHeight; }
  var zoom = (performance.now() - t0) / 20;
  t0 = performance.now();
  for (var j = 0; j < 20; j++) { t.pan(120); t.render(); void plot.offsetHeight; }
  var pan = (performance.now() - t0) / 20;
  t.fit();
  t0 = performance.now();
  var shown = t.filter({ text: "japan" });
  var filter = performance.now() - t0;
  t.filter({ group: "actor" });
  var actorElements = document.querySelectorAll("#items .ev[data-event-id]").length;
  t0 = performance.now();
  for (var k = 0; k < 10; k++) { t.zoom(0.8, 0.5); t.render(); void plot.offsetHeight; }
  var actorZoom = (performance.now() - t0) / 10;
  t.filter({ group: "type" });
  t.fit();
  var seen = new Set();
  document.querySelectorAll("#items .ev[data-event-id]").forEach(function (el) {
    (el.getAttribute("data-event-ids") || el.getAttribute("data-event-id")).split(" ")
      .forEach(function (id) { seen.add(id); });
  });
  var drawn = seen.size;
  var elements = document.querySelectorAll("#items .ev[data-event-id]").length;
  document.body.setAttribute("data-perf", JSON.stringify(
    { load: load, zoom: zoom, pan: pan, filter: filter, shown: shown, drawn: drawn, elements: elements,
      actorElements: actorElements, actorZoom: actorZoom, events: t.events }));
})();
</script>"##;
    let mut html = std::fs::read_to_string(&page).unwrap();
    let at = html.rfind("</body>").unwrap();
    html.insert_str(at, probe);
    std::fs::write(&page, html).unwrap();

    let dom = browse(&dir.join("profile"), &file_url(&page), &["--dump-dom"]);
    let re = Regex::new(r#"data-perf="([^"]*)""#).unwrap();
    let raw = re
        .captures(&dom)
        .map(|c| c[1].replace("&quot;", "\""))
        .expect("the probe ran");
    let perf: serde_json::Value = serde_json::from_str(&raw).unwrap();
    eprintln!("10,000 events: {perf}");
    assert_eq!(perf["events"], 10_000);
    assert_eq!(
        perf["drawn"], 10_000,
        "fitted view draws every event, alone or in a cluster"
    );
    assert!(
        perf["elements"].as_u64().unwrap() < 3_000,
        "clusters keep the DOM small: {perf}"
    );
    assert!(perf["shown"].as_u64().unwrap() > 0);
    assert!(
        perf["actorElements"].as_u64().unwrap() < 3_000,
        "400 actor lanes: only lanes in the window get elements: {perf}"
    );
    // The element count above is the deterministic guard; these time bounds are generous
    // for a shared, loaded machine (2 cores, several builds) and catch only a page that has
    // gone quadratic or lays out every event again (that measured over a second a step).
    assert!(perf["load"].as_f64().unwrap() < 15_000.0, "{perf}");
    assert!(perf["zoom"].as_f64().unwrap() < 800.0, "{perf}");
    assert!(perf["pan"].as_f64().unwrap() < 800.0, "{perf}");
    assert!(perf["actorZoom"].as_f64().unwrap() < 800.0, "{perf}");
    let _ = std::fs::remove_dir_all(&dir);
}
