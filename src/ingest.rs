//! The ingest job: paths in, articles read, events extracted (on worker threads when asked)
//! and stored in batches of articles (one transaction, a savepoint per article), with a
//! report of what happened to each input. A bad input is reported and skipped; the others
//! of the same run still go through.

use crate::article::{self, Article, ReadOptions};
use crate::error::{Error, Result};
use crate::event::Extractor;
use crate::model::Event;
use crate::store::{HashReader, IngestOutcome, Store};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Mutex};

/// Switches of one ingest run.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    pub read: ReadOptions,
    /// Worker threads reading and extracting articles while one writer stores them (0 or
    /// 1: all on the calling thread). The stored result does not depend on it.
    pub jobs: usize,
    /// Report undated event mentions that were left out of the timeline.
    pub verbose: bool,
}

/// What one run did, for the final summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub articles_added: usize,
    pub articles_unchanged: usize,
    pub articles_failed: usize,
    pub events_added: usize,
    pub events_merged: usize,
}

impl Report {
    /// "2 articles added, 1 unchanged, 0 failed; 9 events added, 3 merged"
    pub fn summary(&self) -> String {
        format!(
            "{} article{} added, {} unchanged, {} failed; {} event{} added, {} merged",
            self.articles_added,
            if self.articles_added == 1 { "" } else { "s" },
            self.articles_unchanged,
            self.articles_failed,
            self.events_added,
            if self.events_added == 1 { "" } else { "s" },
            self.events_merged
        )
    }
}

/// Something worth telling the person running the ingest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// An input was refused: one line naming the file (and line) and the problem.
    Failed(String),
    /// An article was already stored with the same content.
    Unchanged(String),
    /// An event mention with no date that was left off the timeline (`--verbose`).
    Undated { origin: String, what: String },
    /// An input was fully handled (for progress).
    Done,
}

/// Ingest every article under `paths` into `store`. `notify` hears about each refusal and,
/// for progress bars, each finished input. Errors of single inputs are notices; only a
/// failure of the store itself ends the run early.
pub fn run(
    store: &mut Store,
    extractor: &Extractor,
    paths: &[PathBuf],
    opts: &IngestOptions,
    notify: &mut dyn FnMut(Notice),
) -> Result<Report> {
    let mut report = Report::default();
    let mut files = Vec::new();
    for p in paths {
        match article::expand_paths(std::slice::from_ref(p)) {
            Ok(found) => files.extend(found),
            Err(e) => {
                report.articles_failed += 1;
                notify(Notice::Failed(e.to_string()));
            }
        }
    }
    let mut batch = Batch::default();
    let jobs = opts.jobs.min(files.len());
    // Workers ask their own read-only connection what is stored; an in-memory store has
    // none to give, so it extracts on this thread.
    let db = store.path().to_string();
    if jobs > 1 && HashReader::open(&db).is_some() {
        extract_in_parallel(&files, jobs, &db, extractor, opts, &mut |items| {
            take_file(store, items, &mut batch, &mut report, notify)
        })?;
    } else {
        for file in &files {
            let known = |h: &str| store.article_by_hash(h).ok().flatten().is_some();
            let items = read_and_extract(file, extractor, opts, &known);
            take_file(store, items, &mut batch, &mut report, notify)?;
        }
    }
    batch.flush(store, &mut report, notify)?;
    Ok(report)
}

/// What reading and extracting one input file gave, in input order.
enum Item {
    Ready(Box<Ready>),
    Failed(String),
    Unchanged(String),
    Undated { origin: String, what: String },
}

/// Read one file and extract its articles' events; `known` says whether a content hash is
/// stored already (its article is not extracted again). Pure apart from `known`, so it can
/// run on any thread.
fn read_and_extract(
    file: &Path,
    extractor: &Extractor,
    opts: &IngestOptions,
    known: &dyn Fn(&str) -> bool,
) -> Vec<Item> {
    let mut items = Vec::new();
    for read in article::read_path(file, &opts.read) {
        let a = match read {
            Ok(a) => a,
            Err(e) => {
                items.push(Item::Failed(e.to_string()));
                continue;
            }
        };
        let hash = a.content_hash();
        if known(&hash) {
            items.push(Item::Unchanged(a.origin));
            continue;
        }
        // A panic in extraction is a bug in annals, but it must not take the other
        // articles of the run down with it: the article is reported and skipped.
        let Ok(extraction) =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extractor.extract(&a)))
        else {
            items.push(Item::Failed(format!(
                "{}: extraction failed on an internal error (a bug in annals, please report it); \
                 the article was not stored",
                a.origin
            )));
            continue;
        };
        if opts.verbose {
            for what in extraction.undated {
                items.push(Item::Undated {
                    origin: a.origin.clone(),
                    what,
                });
            }
        }
        items.push(Item::Ready(Box::new(Ready {
            article: a,
            hash,
            events: extraction.events,
        })));
    }
    items
}

/// The store's side of one file's items, in order: notices, and articles into the batch.
fn take_file(
    store: &mut Store,
    items: Vec<Item>,
    batch: &mut Batch,
    report: &mut Report,
    notify: &mut dyn FnMut(Notice),
) -> Result<()> {
    for item in items {
        match item {
            Item::Ready(ready) => {
                batch.push(*ready);
                if batch.is_full() {
                    batch.flush(store, report, notify)?;
                }
            }
            Item::Failed(message) => {
                report.articles_failed += 1;
                notify(Notice::Failed(message));
            }
            Item::Unchanged(origin) => {
                report.articles_unchanged += 1;
                notify(Notice::Unchanged(origin));
            }
            Item::Undated { origin, what } => notify(Notice::Undated { origin, what }),
        }
    }
    notify(Notice::Done);
    Ok(())
}

/// Read and extract on `jobs` worker threads while the calling thread stores. Articles are
/// independent, so extraction (most of the work) scales with cores; the store stays one
/// writer and takes the files strictly in input order, so the database ends exactly as a
/// sequential run leaves it. At most `2 * jobs` files are in flight, which bounds memory.
/// Each worker asks its own read-only connection which articles are stored already.
fn extract_in_parallel(
    files: &[PathBuf],
    jobs: usize,
    db: &str,
    extractor: &Extractor,
    opts: &IngestOptions,
    take: &mut dyn FnMut(Vec<Item>) -> Result<()>,
) -> Result<()> {
    type Job<'a> = (&'a Path, mpsc::SyncSender<Vec<Item>>);
    let (job_tx, job_rx) = mpsc::channel::<Job<'_>>();
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let job_rx = &job_rx;
            scope.spawn(move || {
                let reader = HashReader::open(db);
                let known = |h: &str| reader.as_ref().is_some_and(|r| r.contains(h));
                loop {
                    // The lock is held only to take the next job, never while working.
                    let next = job_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((file, out))) = next else {
                        return;
                    };
                    // A send fails only when the store side has stopped: nothing to do.
                    let _ = out.send(read_and_extract(file, extractor, opts, &known));
                }
            });
        }
        let mut pending: VecDeque<(&Path, mpsc::Receiver<Vec<Item>>)> = VecDeque::new();
        let mut next_file = files.iter();
        let result = loop {
            while pending.len() < 2 * jobs {
                let Some(file) = next_file.next() else {
                    break;
                };
                let (tx, rx) = mpsc::sync_channel(1);
                if job_tx.send((file.as_path(), tx)).is_err() {
                    break;
                }
                pending.push_back((file.as_path(), rx));
            }
            let Some((file, front)) = pending.pop_front() else {
                break Ok(());
            };
            // A worker that died drops its sender: say so instead of waiting forever.
            let Ok(items) = front.recv() else {
                break Err(Error::input(
                    file.display().to_string(),
                    "the extraction worker stopped unexpectedly (a bug in annals); the files \
                     before this one are stored",
                ));
            };
            if let Err(e) = take(items) {
                break Err(e);
            }
        };
        // Closing the job queue ends the workers; the scope joins them.
        drop(job_tx);
        result
    })
}

/// How many inputs `run` will visit, for sizing a progress bar.
pub fn count_inputs(paths: &[PathBuf]) -> usize {
    paths
        .iter()
        .map(|p| {
            article::expand_paths(std::slice::from_ref(p))
                .map(|v| v.len())
                .unwrap_or(0)
        })
        .sum()
}

/// An article with its hash and extracted events, waiting for the store.
struct Ready {
    article: Article,
    hash: String,
    events: Vec<Event>,
}

/// Articles stored together in one transaction (`Store::ingest_batch`): bounded by count
/// and by text size, so a crash loses at most one batch of uncommitted work (resuming
/// redoes it) and a concurrent writer waits for the lock no longer than one batch takes.
#[derive(Default)]
struct Batch {
    items: Vec<Ready>,
    bytes: usize,
}

impl Batch {
    const MAX_ARTICLES: usize = 64;
    const MAX_BYTES: usize = 4 << 20;

    fn push(&mut self, r: Ready) {
        self.bytes += r.article.body.len();
        self.items.push(r);
    }

    fn is_full(&self) -> bool {
        self.items.len() >= Self::MAX_ARTICLES || self.bytes >= Self::MAX_BYTES
    }

    fn flush(
        &mut self,
        store: &mut Store,
        report: &mut Report,
        notify: &mut dyn FnMut(Notice),
    ) -> Result<()> {
        let mut items = std::mem::take(&mut self.items);
        self.bytes = 0;
        let origins: Vec<String> = items.iter().map(|r| r.article.origin.clone()).collect();
        let outcomes = store.ingest_batch(
            items
                .iter_mut()
                .map(|r| {
                    (
                        &r.article,
                        std::mem::take(&mut r.hash),
                        std::mem::take(&mut r.events),
                    )
                })
                .collect(),
        )?;
        for (origin, outcome) in origins.into_iter().zip(outcomes) {
            match outcome {
                Ok(IngestOutcome::Added {
                    events_added,
                    events_merged,
                    ..
                }) => {
                    report.articles_added += 1;
                    report.events_added += events_added;
                    report.events_merged += events_merged;
                }
                Ok(IngestOutcome::Unchanged { .. }) => {
                    report.articles_unchanged += 1;
                    notify(Notice::Unchanged(origin));
                }
                Err(e) => {
                    // The store rolled this article back; say which one. The rest of the
                    // batch is stored.
                    report.articles_failed += 1;
                    notify(Notice::Failed(format!("{origin}: {e}")));
                }
            }
        }
        Ok(())
    }
}
