//! The code paths the cargo-fuzz targets under `fuzz/` exercise, one function per target.
//! They live in the library so that the fuzzer (nightly, `fuzz/fuzz_targets/*.rs`) and the
//! replay of its corpus and crash inputs on the stable toolchain
//! (`tests/fuzz_regressions.rs`) run exactly the same code: a regression input that once
//! panicked keeps testing the path that panicked. Not part of the API.
//!
//! Each function takes arbitrary bytes, must return without panicking whatever they are,
//! and returns a count of what it exercised so a caller can tell it did something.

use crate::actor::Gazetteer;
use crate::article::{self, ReadOptions};
use crate::event::Extractor;
use crate::sentence;
use crate::store::Store;
use crate::temporal::{timeml, Resolver};
use chrono::NaiveDate;
use std::cell::RefCell;
use std::sync::OnceLock;

/// The extractor is the expensive part to build (gazetteer automaton, lexicon); one per
/// process, as `annals ingest` has.
fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| match Extractor::builtin() {
        Ok(x) => x,
        // The builtin data ships inside the binary; failing to load it is a build bug.
        Err(e) => panic!("builtin extractor: {e}"),
    })
}

/// `annals ingest` on one input: read the bytes as a file would be read (both as a text or
/// HTML file and as JSON Lines, since the reader picks by name), then split and extract
/// every article read. Returns the number of sentences seen.
pub fn article_reader(data: &[u8]) -> usize {
    let extractor = extractor();
    let mut sentences = 0;
    for origin in ["fuzz.txt", "fuzz.jsonl"] {
        for item in article::read_bytes(origin, data, &ReadOptions::default()) {
            let Ok(a) = item else { continue };
            a.content_hash();
            for s in sentence::split(&a.body) {
                // The evidence spans of events are these offsets: they must slice the body.
                assert_eq!(a.body.get(s.start..s.end), Some(s.text), "sentence offsets");
                sentences += 1;
            }
            extractor.extract(&a);
        }
    }
    sentences
}

/// An anchor date from the first bytes (year 1600..=2100, any month, a valid day) and the
/// rest as text: every sentence tagged as extraction tags it, then the whole input through
/// the TimeML reader, annotator and scorer. Returns the number of time expressions found.
pub fn temporal(data: &[u8]) -> usize {
    let (anchor, rest) = match data {
        [y0, y1, m, d, rest @ ..] => {
            let year = 1600 + i32::from(u16::from_le_bytes([*y0, *y1]) % 501);
            let month = u32::from(*m % 12) + 1;
            let day = u32::from(*d % 31) + 1;
            // Days past the month's end fall back to its last day.
            let date = (28..=day)
                .rev()
                .chain(1..28)
                .find_map(|d| NaiveDate::from_ymd_opt(year, month, d))
                .unwrap_or_default();
            (date, rest)
        }
        _ => (
            NaiveDate::from_ymd_opt(2023, 10, 20).unwrap_or_default(),
            data,
        ),
    };
    let text = String::from_utf8_lossy(rest);
    let mut found = 0;
    let mut resolver = Resolver::new(anchor);
    for s in sentence::split(&text) {
        for t in resolver.tag_sentence(s.text) {
            // Callers slice the sentence with these offsets.
            assert!(s.text.get(t.start..t.end).is_some(), "time offsets");
            found += 1;
        }
    }
    for t in timeml::tag_plain(&text, anchor) {
        assert!(text.get(t.start..t.end).is_some(), "TimeML offsets");
        found += 1;
    }
    let raw = String::from_utf8_lossy(data);
    let _ = timeml::parse(&raw);
    if let Ok(annotated) = timeml::annotate(&raw) {
        let mut scores = timeml::Scores::default();
        timeml::score_pair(&raw, &annotated, &mut scores);
    }
    found
}

/// The fixture articles ingested before any CSV is imported, so that ids in the CSV name
/// real events (the same files, in the same order, as `annals ingest fixtures/articles`).
const FIXTURE_ARTICLES: &[(&str, &[u8])] = &[
    (
        "korea-herald-2023-10-20-kim-lavrov.txt",
        include_bytes!("../fixtures/articles/korea-herald-2023-10-20-kim-lavrov.txt"),
    ),
    (
        "lavrov-visit-announced.txt",
        include_bytes!("../fixtures/articles/lavrov-visit-announced.txt"),
    ),
    (
        "lavrov-visit-arrival.txt",
        include_bytes!("../fixtures/articles/lavrov-visit-arrival.txt"),
    ),
];

/// An in-memory store holding the fixture events, and the gazetteer `annals import` uses.
struct ImportState {
    store: Store,
    gazetteer: Gazetteer,
}

fn import_state() -> crate::Result<ImportState> {
    let mut store = Store::open_in_memory()?;
    let extractor = extractor();
    for (origin, bytes) in FIXTURE_ARTICLES {
        for a in article::read_bytes(origin, bytes, &ReadOptions::default()) {
            let a = a?;
            store.ingest(&a, extractor.extract(&a).events)?;
        }
    }
    Ok(ImportState {
        store,
        gazetteer: Gazetteer::builtin()?,
    })
}

thread_local! {
    // One store per thread: a dry run rolls back, so every input sees the same events.
    static IMPORT: RefCell<Option<ImportState>> = const { RefCell::new(None) };
}

/// `annals import csv FILE --dry-run` against the fixture events: every row parsed and
/// planned, nothing applied. Returns the number of rows planned (0 when the file is
/// refused, which is the expected outcome for most inputs).
pub fn csv_import(data: &[u8]) -> usize {
    IMPORT.with(|cell| {
        let mut cell = cell.borrow_mut();
        let state = cell.get_or_insert_with(|| match import_state() {
            Ok(s) => s,
            // The fixtures ship inside the binary; failing to store them is a bug.
            Err(e) => panic!("storing the fixture articles: {e}"),
        });
        match state
            .store
            .import_csv(data, "fuzz.csv", &state.gazetteer, false)
        {
            Ok(report) => report.rows,
            Err(_) => 0,
        }
    })
}
