//! End-to-end benchmark of annals, run with `cargo bench --bench pipeline` (release build).
//! It owns a generator of synthetic news (sentence templates recombined with varied actors,
//! places and time expressions, not copies of real articles) and measures, in one run:
//!
//! 1. ingest throughput of the `annals` binary on a folder of generated articles
//!    (MB/s and articles/s, one process, peak RSS);
//! 2. for databases of N events built through `Store::ingest`: a timeline query filtered
//!    by actor and one month (median of many), a full-text query, and CSV export of every
//!    row by the binary against the `sqlite3` shell's `.mode csv` of the same columns from
//!    the same file, with the export's peak RSS.
//!
//! Sizes come from the environment so CI can stay small:
//! `ANNALS_BENCH_MB` (ingest corpus, default 50), `ANNALS_BENCH_EVENTS` (comma-separated
//! database sizes, default `10000,100000,1000000`), `ANNALS_BENCH_DIR` (scratch folder,
//! default a temp dir; databases there are reused when their size matches).
//! Output is Markdown, ready for BENCHMARKS.md.

use annals::model::{ActorKind, DateRange, EventType};
use annals::query::Filter;
use annals::store::Store;
use chrono::{Duration, NaiveDate};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Actors the generator writes about: (gazetteer key, name as written, kind, country).
const ACTORS: &[(&str, &str, ActorKind, &str)] = &[
    ("USA", "the United States", ActorKind::State, "USA"),
    ("KOR", "South Korea", ActorKind::State, "KOR"),
    ("PRK", "North Korea", ActorKind::State, "PRK"),
    ("JPN", "Japan", ActorKind::State, "JPN"),
    ("CHN", "China", ActorKind::State, "CHN"),
    ("RUS", "Russia", ActorKind::State, "RUS"),
    ("UKR", "Ukraine", ActorKind::State, "UKR"),
    ("IRN", "Iran", ActorKind::State, "IRN"),
    ("ISR", "Israel", ActorKind::State, "ISR"),
    ("IND", "India", ActorKind::State, "IND"),
    ("PAK", "Pakistan", ActorKind::State, "PAK"),
    ("TUR", "Turkey", ActorKind::State, "TUR"),
    ("FRA", "France", ActorKind::State, "FRA"),
    ("DEU", "Germany", ActorKind::State, "DEU"),
    ("GBR", "Britain", ActorKind::State, "GBR"),
    ("SAU", "Saudi Arabia", ActorKind::State, "SAU"),
    ("EGY", "Egypt", ActorKind::State, "EGY"),
    ("BRA", "Brazil", ActorKind::State, "BRA"),
    ("VNM", "Vietnam", ActorKind::State, "VNM"),
    ("PHL", "the Philippines", ActorKind::State, "PHL"),
];

const CAPITALS: &[&str] = &[
    "Washington",
    "Seoul",
    "Pyongyang",
    "Tokyo",
    "Beijing",
    "Moscow",
    "Kyiv",
    "Tehran",
    "Jerusalem",
    "New Delhi",
    "Islamabad",
    "Ankara",
    "Paris",
    "Berlin",
    "London",
    "Riyadh",
    "Cairo",
    "Brasilia",
    "Hanoi",
    "Manila",
];

/// Event sentences: `{a}`/`{b}` actors, `{p}` a place, `{t}` a time expression.
const EVENT_SENTENCES: &[(&str, EventType, &str)] = &[
    (
        "{A}'s foreign minister arrived in {p} {t} for two days of talks.",
        EventType::Consult,
        "042",
    ),
    (
        "{A} and {b} held joint naval drills {t}, officials said.",
        EventType::Cooperate,
        "062",
    ),
    (
        "{A} fired two ballistic missiles into the sea {t}, {b}'s military said.",
        EventType::Assault,
        "190",
    ),
    (
        "{A} accused {b} of violating the ceasefire {t}.",
        EventType::Accuse,
        "112",
    ),
    (
        "{A} imposed new sanctions on {b} {t}.",
        EventType::Sanction,
        "163",
    ),
    (
        "{A} will send humanitarian aid to {b} {t}, the ministry said.",
        EventType::Aid,
        "073",
    ),
    (
        "{A} rejected {b}'s proposal for talks {t}.",
        EventType::Reject,
        "120",
    ),
    (
        "{A} threatened to retaliate against {b} {t}.",
        EventType::Threaten,
        "130",
    ),
    (
        "Leaders of {a} and {b} signed a trade agreement in {p} {t}.",
        EventType::Agree,
        "057",
    ),
    (
        "{A} deployed additional troops near its border with {b} {t}.",
        EventType::Mobilize,
        "152",
    ),
];

/// Sentences without an event: background, quotes, context.
const FILLER: &[&str] = &[
    "The talks come amid rising tensions in the region.",
    "Analysts said the move was widely expected.",
    "\u{201c}We will continue to work closely with our partners,\u{201d} a spokesperson said.",
    "The ministry did not give further details.",
    "Markets in the region were little changed on the news.",
    "Officials have held several rounds of negotiations since last year.",
    "The statement was carried by state media.",
    "Critics said the decision would deepen divisions.",
    "Diplomats described the meeting as constructive but difficult.",
    "It was not immediately clear how the other side would respond.",
];

const TIMES_PAST: &[&str] = &[
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "last week",
    "earlier this month",
    "on Saturday",
];
const TIMES_FUTURE: &[&str] = &["next week", "next month", "on Sunday", "later this year"];

/// xorshift: the same corpus every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One synthetic article: header block, 20-30 sentences of which about a third report
/// events. Returns the text.
fn synthetic_article(rng: &mut Rng, i: usize, published: NaiveDate) -> String {
    let mut body = String::new();
    let sentences = 20 + rng.below(11);
    for s in 0..sentences {
        if s % 3 == 0 {
            let (tpl, _, _) = rng.pick(EVENT_SENTENCES);
            let a = rng.below(ACTORS.len());
            let b = (a + 1 + rng.below(ACTORS.len() - 1)) % ACTORS.len();
            let t = if tpl.contains("will") {
                rng.pick(TIMES_FUTURE)
            } else {
                rng.pick(TIMES_PAST)
            };
            let text = tpl
                .replace("{A}", &capitalise(ACTORS[a].1))
                .replace("{a}", ACTORS[a].1)
                .replace("{b}", ACTORS[b].1)
                .replace("{p}", rng.word(CAPITALS))
                .replace("{t}", t);
            body.push_str(&text);
        } else {
            body.push_str(rng.word(FILLER));
        }
        body.push(if s % 5 == 4 { '\n' } else { ' ' });
        if s % 5 == 4 {
            body.push('\n');
        }
    }
    format!(
        "Title: Report {i} on regional tensions\nPublisher: Synthetic Wire\nPublished: {published}\nURL: https://news.example/{published}/{i}\n\n{body}\n"
    )
}

/// Write articles into `dir` until `bytes` are written; returns (articles, bytes).
fn write_corpus(dir: &Path, bytes: usize) -> (usize, usize) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).ok();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let start = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default();
    let (mut n, mut total) = (0, 0);
    while total < bytes {
        let published = start + Duration::days((n % 3000) as i64);
        let text = synthetic_article(&mut rng, n, published);
        total += text.len();
        let sub = dir.join(format!("{:03}", n / 1000));
        std::fs::create_dir_all(&sub).ok();
        std::fs::write(sub.join(format!("{n:06}.txt")), text).ok();
        n += 1;
    }
    (n, total)
}

/// Run a command under `/usr/bin/time` when it exists: (seconds, peak RSS in MB).
fn timed(cmd: &mut Command) -> (f64, Option<f64>) {
    let time_bin = Path::new("/usr/bin/time");
    let started = Instant::now();
    if time_bin.exists() {
        let program = cmd.get_program().to_os_string();
        let args: Vec<_> = cmd.get_args().map(|a| a.to_os_string()).collect();
        let out = Command::new(time_bin)
            .arg("-f")
            .arg("@@RSS %M")
            .arg(program)
            .args(args)
            .stdout(std::process::Stdio::null())
            .output();
        let secs = started.elapsed().as_secs_f64();
        let rss = out.ok().and_then(|o| {
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .rev()
                .find_map(|l| {
                    l.strip_prefix("@@RSS ")
                        .and_then(|k| k.trim().parse::<f64>().ok())
                })
        });
        (secs, rss.map(|kb| kb / 1024.0))
    } else {
        let _ = cmd.stdout(std::process::Stdio::null()).status();
        (started.elapsed().as_secs_f64(), None)
    }
}

fn annals_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_annals"))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// A database of `n` events: the schema from `Store::open` (so migrations are the real
/// ones), rows written in bulk with the store's column conventions. Building through
/// `Store::ingest` would measure the merge search instead (see BENCHMARKS.md) and take
/// hours at a million events. Articles hold ten events each; dates spread over twenty
/// years; two actors per event from twenty states; one source per event.
fn build_db(path: &Path, n: usize) -> f64 {
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    let started = Instant::now();
    if let Err(e) = Store::open(path) {
        eprintln!("cannot create {}: {e}", path.display());
        return 0.0;
    }
    match fill_db(path, n) {
        Ok(()) => started.elapsed().as_secs_f64(),
        Err(e) => {
            eprintln!("cannot fill {}: {e}", path.display());
            0.0
        }
    }
}

fn fill_db(path: &Path, n: usize) -> rusqlite::Result<()> {
    let mut conn = rusqlite::Connection::open(path)?;
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;")?;
    let tx = conn.transaction()?;
    {
        let mut art = tx.prepare(
            "INSERT INTO articles (id, hash, origin, title, publisher, url, published, body)
             VALUES (?1, ?2, ?3, ?4, 'Synthetic Wire', ?5, ?6, ?7)",
        )?;
        let mut ev = tx.prepare(
            "INSERT INTO events (id, date_start, date_end, precision, status, type, mode, cameo,
                                 summary, location)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?8, ?9)",
        )?;
        let mut act = tx.prepare(
            "INSERT INTO event_actors (event, position, actor_key, name, name_norm, kind,
                                       country, role)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut src = tx.prepare(
            "INSERT INTO event_sources (event, article, evidence, evidence_start, evidence_end,
                                        time_expression)
             VALUES (?1, ?2, ?3, ?4, ?5, 'on Monday')",
        )?;
        let mut fts =
            tx.prepare("INSERT INTO events_fts (rowid, summary, evidence) VALUES (?1, ?2, ?3)")?;
        let mut rng = Rng(0x2545_f491_4f6c_dd1d ^ n as u64);
        let start = NaiveDate::from_ymd_opt(2004, 1, 1).unwrap_or_default();
        let per_article = 10;
        let mut id = 0i64;
        for a_id in 1..=n.div_ceil(per_article) as i64 {
            let published = start + Duration::days(rng.below(20 * 365) as i64);
            let mut body = String::new();
            let mut rows = Vec::new();
            for _ in 0..per_article {
                if id as usize >= n {
                    break;
                }
                id += 1;
                let (tpl, ty, cameo) = rng.pick(EVENT_SENTENCES);
                let a = rng.below(ACTORS.len());
                let b = (a + 1 + rng.below(ACTORS.len() - 1)) % ACTORS.len();
                let place = rng.word(CAPITALS);
                let sentence = tpl
                    .replace("{A}", &capitalise(ACTORS[a].1))
                    .replace("{a}", ACTORS[a].1)
                    .replace("{b}", ACTORS[b].1)
                    .replace("{p}", place)
                    .replace("{t}", "on Monday");
                let day = published - Duration::days(rng.below(7) as i64);
                // One event in ten is a month, one in ten a week and one in fifty a whole
                // year ("earlier this year"), as in real extraction output: the long spans
                // are what make interval queries hard (0004_precision_ranges.sql).
                let (from, to, precision) = match rng.below(50) {
                    0..=4 => match DateRange::month(
                        chrono::Datelike::year(&day),
                        chrono::Datelike::month(&day),
                    ) {
                        Some(r) => (r.start, r.end, "month"),
                        None => (day, day, "day"),
                    },
                    5..=9 => (day, day + Duration::days(6), "week"),
                    10 => match DateRange::year(chrono::Datelike::year(&day)) {
                        Some(r) => (r.start, r.end, "year"),
                        None => (day, day, "day"),
                    },
                    _ => (day, day, "day"),
                };
                let status = if tpl.contains("will") {
                    "planned"
                } else {
                    "occurred"
                };
                let name = |k: usize| capitalise(ACTORS[k].1.trim_start_matches("the "));
                let summary = format!("{} {} {}", name(a), ty.as_str(), name(b));
                let ev_start = body.len();
                body.push_str(&sentence);
                let ev_end = body.len();
                body.push(' ');
                rows.push((
                    id, from, to, precision, status, *ty, *cameo, summary, place, a, b, sentence,
                    ev_start, ev_end,
                ));
            }
            art.execute(rusqlite::params![
                a_id,
                format!("{a_id:064x}"),
                format!("synthetic:{a_id}"),
                format!("Synthetic report {a_id}"),
                format!("https://news.example/{published}/{a_id}"),
                published.to_string(),
                body
            ])?;
            for (
                id,
                from,
                to,
                precision,
                status,
                ty,
                cameo,
                summary,
                place,
                a,
                b,
                sentence,
                s0,
                s1,
            ) in rows
            {
                ev.execute(rusqlite::params![
                    id,
                    from.to_string(),
                    to.to_string(),
                    precision,
                    status,
                    ty.as_str(),
                    cameo,
                    summary,
                    place
                ])?;
                for (pos, (k, role)) in [(a, "source"), (b, "target")].into_iter().enumerate() {
                    let name = capitalise(ACTORS[k].1.trim_start_matches("the "));
                    act.execute(rusqlite::params![
                        id,
                        pos as i64,
                        ACTORS[k].0,
                        name,
                        annals::query::normalize_name(&name),
                        "state",
                        ACTORS[k].3,
                        role
                    ])?;
                }
                src.execute(rusqlite::params![id, a_id, sentence, s0 as i64, s1 as i64])?;
                fts.execute(rusqlite::params![id, summary, sentence])?;
            }
        }
    }
    tx.commit()?;
    // No ANALYZE: annals never runs it, and with SQLite's STAT4 statistics every bound
    // parameter re-prepares the per-event statements (export 3-4x slower; BENCHMARKS.md).
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(())
}

/// Extraction alone (read + extract, no store), in this process, over the corpus files:
/// (seconds, events).
fn extract_only(corpus: &Path) -> (f64, usize) {
    let Ok(extractor) = annals::event::Extractor::builtin() else {
        return (f64::NAN, 0);
    };
    let Ok(files) = annals::article::expand_paths(&[corpus.to_path_buf()]) else {
        return (f64::NAN, 0);
    };
    let opts = annals::article::ReadOptions::default();
    let started = Instant::now();
    let mut events = 0;
    for f in files {
        for a in annals::article::read_path(&f, &opts).into_iter().flatten() {
            events += extractor.extract(&a).events.len();
        }
    }
    (started.elapsed().as_secs_f64(), events)
}

/// The columns of `annals export --format csv`, computed by SQL alone, for the shell.
const SHELL_CSV_SQL: &str = "SELECT e.id, e.date_start, e.date_end, e.precision, e.status, e.type, e.mode, e.cameo, e.summary, e.location,
 (SELECT group_concat(name, '; ') FROM event_actors WHERE event = e.id),
 (SELECT group_concat(DISTINCT country) FROM event_actors WHERE event = e.id),
 (SELECT count(*) FROM event_sources WHERE event = e.id),
 (SELECT group_concat(a.publisher, '; ') FROM event_sources s JOIN articles a ON a.id = s.article WHERE s.event = e.id),
 (SELECT group_concat(a.url, '; ') FROM event_sources s JOIN articles a ON a.id = s.article WHERE s.event = e.id),
 (SELECT group_concat(s.evidence, ' | ') FROM event_sources s WHERE s.event = e.id),
 (SELECT group_concat(s.time_expression, ' | ') FROM event_sources s WHERE s.event = e.id)
FROM events e ORDER BY e.date_start, e.date_end, e.id;";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map_or("?".into(), |kb| format!("{:.0} GB", kb / 1024.0 / 1024.0));
    format!("{cpu}, {cores} cores available, {mem} RAM")
}

fn main() {
    // `cargo bench` passes `--bench`; a plain `cargo test --benches` run passes nothing
    // and must not spend minutes here.
    if !std::env::args().any(|a| a == "--bench") {
        println!("pipeline bench: run with `cargo bench --bench pipeline`");
        return;
    }
    let scratch = std::env::var_os("ANNALS_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("annals-bench"));
    std::fs::create_dir_all(&scratch).ok();
    println!("## annals pipeline benchmark\n");
    println!("machine: {}\n", machine());

    // 1. Ingest throughput, end to end through the binary.
    let mb = env_usize("ANNALS_BENCH_MB", 50);
    if mb > 0 {
        let corpus = scratch.join("corpus");
        let (articles, bytes) = write_corpus(&corpus, mb << 20);
        // One core (the figure), then every core: extraction runs on worker
        // threads, one writer stores (`annals ingest --jobs`).
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let mut runs = Vec::new();
        let mut thread_counts = vec![1];
        if cores > 1 {
            thread_counts.push(cores);
        }
        for jobs in thread_counts {
            let db = scratch.join(format!("ingest-{jobs}.db"));
            for ext in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
            }
            let (secs, rss) = timed(
                Command::new(annals_bin())
                    .arg("--db")
                    .arg(&db)
                    .args(["ingest", "--quiet", "--jobs", &jobs.to_string()])
                    .arg(&corpus),
            );
            let events = Store::open(&db).and_then(|s| s.count_events()).unwrap_or(0);
            runs.push((jobs, secs, rss, events));
        }
        let (x_secs, x_events) = extract_only(&corpus);
        println!("### ingest\n");
        println!(
            "| corpus | articles | threads | time | MB/s | articles/s | events stored | peak RSS |"
        );
        println!("|---|---|---|---|---|---|---|---|");
        for (jobs, secs, rss, events) in runs {
            println!(
                "| {:.1} MB | {articles} | {jobs} | {secs:.1} s | {:.2} | {:.0} | {events} | {} |",
                bytes as f64 / 1048576.0,
                bytes as f64 / 1048576.0 / secs,
                articles as f64 / secs,
                rss.map_or("?".into(), |r| format!("{r:.0} MB"))
            );
        }
        println!();
        println!(
            "extraction alone (read + extract, no store, one thread): {x_secs:.1} s, {:.2} MB/s, {:.0} articles/s, {x_events} events\n",
            bytes as f64 / 1048576.0 / x_secs,
            articles as f64 / x_secs
        );
    }

    // 2. Queries and export by database size.
    let sizes: Vec<usize> = std::env::var("ANNALS_BENCH_EVENTS")
        .unwrap_or_else(|_| "10000,100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    if sizes.is_empty() {
        return;
    }
    println!("### queries and export\n");
    println!("| events | build | timeline actor+month (median) | full-text (median) | export CSV | sqlite3 .mode csv | ratio | export peak RSS | CSV size |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let db = scratch.join(format!("events-{n}.db"));
        let reuse = Store::open(&db)
            .and_then(|s| s.count_events())
            .is_ok_and(|c| c >= n * 9 / 10 && c <= n);
        let build = if reuse { 0.0 } else { build_db(&db, n) };
        let Ok(store) = Store::open(&db) else {
            continue;
        };
        let stored = store.count_events().unwrap_or(0);
        // Timeline: one actor, one month, varied over 60 runs.
        let mut rng = Rng(42);
        let mut times = Vec::new();
        for _ in 0..60 {
            let (_, name, _, _) = rng.pick(ACTORS);
            let year = 2004 + rng.below(20) as i32;
            let month = 1 + rng.below(12) as u32;
            let Some(range) = DateRange::month(year, month) else {
                continue;
            };
            let filter = Filter {
                actor: Some(capitalise(name.trim_start_matches("the "))),
                from: Some(range.start),
                to: Some(range.end),
                ..Filter::default()
            };
            let started = Instant::now();
            let mut rows = 0;
            let _ = store.for_each_event(&filter, &mut |_| {
                rows += 1;
                Ok(())
            });
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        let timeline_ms = median(times);
        // Full text: a place name (about 1 in 20 events), first 100 rows as a screen shows.
        let mut times = Vec::new();
        for place in CAPITALS.iter().take(10) {
            let filter = Filter {
                text: Some((*place).to_string()),
                limit: Some(100),
                ..Filter::default()
            };
            let started = Instant::now();
            let _ = store.for_each_event(&filter, &mut |_| Ok(()));
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        let fts_ms = median(times);
        drop(store);
        let out = scratch.join(format!("export-{n}.csv"));
        let (export_s, rss) = timed(
            Command::new(annals_bin())
                .arg("--db")
                .arg(&db)
                .args(["export", "--format", "csv", "--force", "-o"])
                .arg(&out),
        );
        let csv_mb = std::fs::metadata(&out).map_or(0.0, |m| m.len() as f64 / 1048576.0);
        let shell_out = scratch.join(format!("shell-{n}.csv"));
        let (shell_s, _) = timed(Command::new("sh").arg("-c").arg(format!(
            "sqlite3 -readonly -csv '{}' \"{}\" > '{}'",
            db.display(),
            SHELL_CSV_SQL.replace('"', "\\\""),
            shell_out.display()
        )));
        println!(
            "| {stored} | {} | {timeline_ms:.2} ms | {fts_ms:.2} ms | {export_s:.2} s | {shell_s:.2} s | {:.2}x | {} | {csv_mb:.0} MB |",
            if reuse { "reused".to_string() } else { format!("{build:.0} s") },
            export_s / shell_s,
            rss.map_or("?".into(), |r| format!("{r:.0} MB")),
        );
    }
}
