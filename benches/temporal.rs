//! Throughput of the temporal tagger on one core: tags the whole TempEval-3 training corpus
//! (TimeBank + AQUAINT, read from `../shared/tempeval3/train`, or `$TEMPEVAL_TRAIN`) several
//! times and prints MB/s. Two figures: `tag` times the tagger on each document's TEXT (what
//! `ingest` pays), `annotate` times the whole TimeML round trip (parse, tag, write).
//!
//! Run: `cargo bench --bench temporal`. A benchmark, not a timed test: it prints figures and
//! asserts nothing about them.

use annals::temporal::timeml;
use chrono::NaiveDate;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Where the corpus may be, relative to the crate (main checkout or a worktree beside it).
fn corpus_dir() -> Option<PathBuf> {
    let env = std::env::var_os("TEMPEVAL_TRAIN").map(PathBuf::from);
    env.into_iter()
        .chain(
            [
                "../shared/tempeval3/train",
                "../../shared/tempeval3/train",
                "/work/shared/tempeval3/train",
            ]
            .map(PathBuf::from),
        )
        .find(|p| p.is_dir())
}

/// Run `f` over the corpus until at least `min` has passed (at least three rounds); the
/// fastest round is the figure (the least disturbed by other processes on a shared machine).
fn rounds(min: Duration, mut f: impl FnMut() -> usize) -> (Duration, usize, usize) {
    let started = Instant::now();
    let mut best = Duration::MAX;
    let mut n = 0;
    let mut found = 0;
    while n < 3 || started.elapsed() < min {
        let t = Instant::now();
        found = std::hint::black_box(f());
        best = best.min(t.elapsed());
        n += 1;
    }
    (best, n, found)
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64().max(1e-9)
}

fn main() {
    let Some(dir) = corpus_dir() else {
        eprintln!(
            "temporal bench: no TempEval-3 corpus at ../shared/tempeval3/train; set TEMPEVAL_TRAIN"
        );
        return;
    };
    let files = match timeml::tml_files(&dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("temporal bench: {e}");
            return;
        }
    };
    let docs: Vec<String> = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect();
    let texts: Vec<(String, NaiveDate)> = docs
        .iter()
        .filter_map(|d| {
            let p = timeml::parse(d).ok()?;
            Some((p.text, p.dct?))
        })
        .collect();
    let doc_bytes: usize = docs.iter().map(String::len).sum();
    let text_bytes: usize = texts.iter().map(|(t, _)| t.len()).sum();
    println!(
        "corpus {}: {} documents, {:.2} MB of TimeML, {:.2} MB of TEXT",
        dir.display(),
        docs.len(),
        doc_bytes as f64 / 1e6,
        text_bytes as f64 / 1e6
    );

    // The first call compiles the regexes; keep it out of the figures.
    let _ = timeml::tag_plain("warm up on Friday", NaiveDate::MIN);

    let (best, n, found) = rounds(Duration::from_secs(3), || {
        texts
            .iter()
            .map(|(t, dct)| timeml::tag_plain(t, *dct).len())
            .sum()
    });
    println!(
        "tag       {:>7.2} MB/s  ({} expressions in {:.1} ms, best of {n} rounds, one core)",
        mb_per_s(text_bytes, best),
        found,
        best.as_secs_f64() * 1e3
    );

    let (best, n, _) = rounds(Duration::from_secs(3), || {
        docs.iter()
            .map(|d| timeml::annotate(d).map_or(0, |s| s.len()))
            .sum()
    });
    // Counted in TEXT bytes like `tag` (the tags around it would flatter the figure).
    println!(
        "annotate  {:>7.2} MB/s  (whole TimeML files in {:.1} ms, {:.1} MB/s of file bytes, best of {n} rounds, one core)",
        mb_per_s(text_bytes, best),
        best.as_secs_f64() * 1e3,
        mb_per_s(doc_bytes, best)
    );
}
