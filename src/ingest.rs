//! The ingest job: paths in, articles read, events extracted and stored in batches of
//! articles (one transaction, a savepoint per article), with a report of what happened to each input. A bad input is reported and
//! skipped; the others of the same run still go through.

use crate::article::{self, Article, ReadOptions};
use crate::error::Result;
use crate::event::Extractor;
use crate::model::Event;
use crate::store::{IngestOutcome, Store};
use std::path::PathBuf;

/// Switches of one ingest run.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    pub read: ReadOptions,
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
    for file in &files {
        for item in article::read_path(file, &opts.read) {
            match item {
                Ok(a) => {
                    if let Some(ready) = prepare(store, extractor, a, opts, &mut report, notify)? {
                        batch.push(ready);
                        if batch.is_full() {
                            batch.flush(store, &mut report, notify)?;
                        }
                    }
                }
                Err(e) => {
                    report.articles_failed += 1;
                    notify(Notice::Failed(e.to_string()));
                }
            }
        }
        notify(Notice::Done);
    }
    batch.flush(store, &mut report, notify)?;
    Ok(report)
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

/// Extract one article's events, unless its content is already stored (re-ingest is cheap
/// and changes nothing).
fn prepare(
    store: &Store,
    extractor: &Extractor,
    a: Article,
    opts: &IngestOptions,
    report: &mut Report,
    notify: &mut dyn FnMut(Notice),
) -> Result<Option<Ready>> {
    let hash = a.content_hash();
    if store.article_by_hash(&hash)?.is_some() {
        report.articles_unchanged += 1;
        notify(Notice::Unchanged(a.origin.clone()));
        return Ok(None);
    }
    let extraction = extractor.extract(&a);
    if opts.verbose {
        for what in &extraction.undated {
            notify(Notice::Undated {
                origin: a.origin.clone(),
                what: what.clone(),
            });
        }
    }
    Ok(Some(Ready {
        article: a,
        hash,
        events: extraction.events,
    }))
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
