//! The SQLite store: the only module that speaks SQL. Migrations from `schema/*.sql` built
//! into the binary, pragmas (WAL, foreign keys, busy timeout), one transaction per article,
//! merging with stored events, and the queries behind timeline, show and export.
//! OWNER: store helper (stub until filled).

use crate::actor::Gazetteer;
use crate::article::Article;
use crate::error::Result;
use crate::model::Event;
use crate::query::Filter;
use std::path::Path;

/// What storing one article did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestOutcome {
    Added {
        article_id: i64,
        events_added: usize,
        events_merged: usize,
    },
    /// The same content was stored before; nothing changed.
    Unchanged { article_id: i64 },
}

pub struct Store {}

impl Store {
    pub fn open(path: &Path) -> Result<Store> {
        let _ = path;
        todo!()
    }

    pub fn open_in_memory() -> Result<Store> {
        todo!()
    }

    /// Make the actors and aliases tables hold the gazetteer (user-added rows are kept).
    pub fn sync_actors(&mut self, gazetteer: &Gazetteer) -> Result<()> {
        let _ = gazetteer;
        todo!()
    }

    /// Whether an article with this content hash is stored.
    pub fn article_by_hash(&self, hash: &str) -> Result<Option<i64>> {
        let _ = hash;
        todo!()
    }

    /// Store one article and its extracted events in one transaction, merging each event
    /// with a stored one that reports the same happening.
    pub fn ingest(&mut self, article: &Article, events: Vec<Event>) -> Result<IngestOutcome> {
        let _ = (article, events);
        todo!()
    }

    pub fn event(&self, id: i64) -> Result<Option<Event>> {
        let _ = id;
        todo!()
    }

    /// Stream matching events in (date_start, date_end, id) order to `f`; returns how many.
    pub fn for_each_event(
        &self,
        filter: &Filter,
        f: &mut dyn FnMut(Event) -> Result<()>,
    ) -> Result<usize> {
        let _ = (filter, f);
        todo!()
    }

    pub fn count_events(&self) -> Result<usize> {
        todo!()
    }

    pub fn count_articles(&self) -> Result<usize> {
        todo!()
    }
}
