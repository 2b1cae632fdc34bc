//! Replays the fuzzers' kept inputs on the stable toolchain: every file of
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` through the same function the
//! cargo-fuzz target calls (`annals::fuzz_entry`). A regression file is an input that once
//! panicked or hung; this keeps it from coming back without needing nightly or libFuzzer.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The kept inputs of one target, corpus and regressions, sorted for a stable order.
fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for kind in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(kind).join(target)) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Run every kept input of `target` through `run`; a panic fails the test and names the
/// file. Returns how many inputs ran and the sum of what `run` counted.
fn replay(target: &str, run: fn(&[u8]) -> usize) -> (usize, usize) {
    let files = inputs(target);
    assert!(
        !files.is_empty(),
        "no inputs under fuzz/corpus/{target} or fuzz/regressions/{target}"
    );
    let mut total = 0;
    for path in &files {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| run(&data));
        let counted = result.unwrap_or_else(|_| panic!("{target} panicked on {}", path.display()));
        // A regression input that once hung must now finish quickly; the bound is loose so
        // that an unoptimized build on a busy machine does not fail it.
        let took = start.elapsed();
        assert!(
            took < Duration::from_secs(30),
            "{target} took {took:?} on {}",
            path.display()
        );
        total += counted;
    }
    (files.len(), total)
}

#[test]
fn article_reader_inputs_read_and_extract_without_panic() {
    let (files, sentences) = replay("article_reader", annals::fuzz_entry::article_reader);
    assert!(files > 0);
    // The seed articles (fixtures/articles) are in the corpus: real sentences were split.
    assert!(sentences > 0, "no sentence read from {files} inputs");
}

#[test]
fn temporal_inputs_tag_without_panic() {
    let (files, found) = replay("temporal", annals::fuzz_entry::temporal);
    assert!(files > 0);
    assert!(found > 0, "no time expression found in {files} inputs");
}

#[test]
fn csv_import_inputs_plan_without_panic() {
    let (files, rows) = replay("csv_import", annals::fuzz_entry::csv_import);
    assert!(files > 0);
    // The exported CSV of the fixture events is in the corpus and plans cleanly.
    assert!(rows > 0, "no row planned from {files} inputs");
}
