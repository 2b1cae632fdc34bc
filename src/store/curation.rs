//! A person's corrections to the machine's events: adding, editing, deleting, merging and
//! splitting events by hand, the history table behind `annals log`, and the hooks that make
//! `Store::ingest` respect what a person decided.
//!
//! Three records carry a correction across later ingests (schema `0002_curation.sql`):
//! - `history`: every change to an event, who made it (`user` or `ingest`), and the changed
//!   fields before and after, as JSON objects;
//! - `event_locks`: the events a person touched and the fields they set. Ingest may still
//!   add a source to such an event when the same happening is reported again, but it
//!   restores the locked fields after merging and never folds the event into another one;
//! - `tombstones`: reports (sources) whose fate a person decided, keyed by article and
//!   evidence offsets and by the normalised evidence sentence. A report of a deleted event
//!   (or dropped from an event) is dropped when extraction finds it again; a report of an
//!   event a person edited, split or merged goes back to that event instead of wherever the
//!   merge rule would put it (the person may have moved its date or type out of its reach).
//!
//! CSV import (`annals import csv`) lives in the `import` child module; it plans every row
//! first and applies the file in one transaction, so a bad row leaves the database as it was.

mod import;
#[cfg(test)]
mod tests;

pub use import::{ImportChange, ImportReport};

use super::{
    delete_event, find_article, insert_article, insert_event, iso, load_event, store_error, to_i64,
    update_event, Store,
};
use crate::article::Article;
use crate::error::{Error, Result};
use crate::merge;
use crate::model::{DateRange, Event, EventActor, EventType, Precision, Role, Source, Status};
use crate::query;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde_json::{json, Map, Value};
use std::fmt;
use std::str::FromStr;

/// An event field a person can set; a set field is locked against re-extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Dates and precision together: they only make sense as one range.
    Date,
    Status,
    Type,
    Mode,
    Cameo,
    Summary,
    Location,
    Actors,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Date,
        Field::Status,
        Field::Type,
        Field::Mode,
        Field::Cameo,
        Field::Summary,
        Field::Location,
        Field::Actors,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Status => "status",
            Field::Type => "type",
            Field::Mode => "mode",
            Field::Cameo => "cameo",
            Field::Summary => "summary",
            Field::Location => "location",
            Field::Actors => "actors",
        }
    }

    /// Copy this field's value from `from` into `into`.
    fn copy(self, from: &Event, into: &mut Event) {
        match self {
            Field::Date => into.date = from.date,
            Field::Status => into.status = from.status,
            Field::Type => into.event_type = from.event_type,
            Field::Mode => into.mode.clone_from(&from.mode),
            Field::Cameo => into.cameo.clone_from(&from.cameo),
            Field::Summary => into.summary.clone_from(&from.summary),
            Field::Location => into.location.clone_from(&from.location),
            Field::Actors => into.actors.clone_from(&from.actors),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Field {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let l = s.trim().to_ascii_lowercase();
        Field::ALL
            .iter()
            .copied()
            .find(|f| f.as_str() == l)
            .ok_or_else(|| format!("unknown field '{s}'"))
    }
}

/// Who made a change recorded in the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    User,
    Ingest,
}

impl Who {
    pub fn as_str(self) -> &'static str {
        match self {
            Who::User => "user",
            Who::Ingest => "ingest",
        }
    }
}

/// Values a person sets on an event; `None` leaves a field as it is. `mode` and `location`
/// are `Some(None)` to clear them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventPatch {
    pub date: Option<DateRange>,
    pub status: Option<Status>,
    pub event_type: Option<EventType>,
    pub mode: Option<Option<String>>,
    pub cameo: Option<String>,
    pub summary: Option<String>,
    pub location: Option<Option<String>>,
    pub actors: Option<Vec<EventActor>>,
}

impl EventPatch {
    pub fn is_empty(&self) -> bool {
        *self == EventPatch::default()
    }

    /// Set the patch's values on `e`; returns the fields whose value actually changed.
    pub fn apply(&self, e: &mut Event) -> Vec<Field> {
        let mut changed = Vec::new();
        fn set<T: PartialEq + Clone>(
            slot: &mut T,
            value: &Option<T>,
            field: Field,
            changed: &mut Vec<Field>,
        ) {
            if let Some(v) = value {
                if slot != v {
                    *slot = v.clone();
                    changed.push(field);
                }
            }
        }
        set(&mut e.date, &self.date, Field::Date, &mut changed);
        set(&mut e.status, &self.status, Field::Status, &mut changed);
        set(
            &mut e.event_type,
            &self.event_type,
            Field::Type,
            &mut changed,
        );
        let blank_none = |v: &Option<Option<String>>| {
            v.as_ref().map(|inner| {
                inner
                    .as_deref()
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
            })
        };
        set(
            &mut e.mode,
            &blank_none(&self.mode),
            Field::Mode,
            &mut changed,
        );
        let cameo = self.cameo.as_ref().map(|c| c.trim().to_string());
        set(&mut e.cameo, &cameo, Field::Cameo, &mut changed);
        let summary = self.summary.as_ref().map(|s| s.trim().to_string());
        set(&mut e.summary, &summary, Field::Summary, &mut changed);
        set(
            &mut e.location,
            &blank_none(&self.location),
            Field::Location,
            &mut changed,
        );
        set(&mut e.actors, &self.actors, Field::Actors, &mut changed);
        changed
    }
}

/// A source a person cites for an event: a stored article (`article`), or a page given by
/// URL / publisher, for which a small article record is created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Citation {
    pub article: Option<i64>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub title: Option<String>,
    /// Publication date of the cited page; today when not given.
    pub published: Option<NaiveDate>,
    /// The sentence that tells the event.
    pub evidence: Option<String>,
    pub time_expression: Option<String>,
    pub attributed_to: Option<String>,
}

/// One row of the history table.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub id: i64,
    /// UTC timestamp `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
    /// "user" or "ingest".
    pub who: String,
    /// add, edit, delete, merge, split, import, unlock (user); add, merge, fold (ingest).
    pub action: String,
    pub event: Option<i64>,
    /// The changed fields before the change (the whole event for a delete).
    pub before: Option<Value>,
    /// The changed fields after the change (the whole event for an add).
    pub after: Option<Value>,
    pub note: Option<String>,
}

impl HistoryEntry {
    /// The entry as one JSON object (for `annals log --json`).
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id, "at": self.at, "who": self.who, "action": self.action,
            "event": self.event, "before": self.before, "after": self.after, "note": self.note,
        })
    }
}

impl Store {
    /// Add an event a person wrote, with the sources they cite. Every field is locked: the
    /// event is theirs. Returns the new id.
    pub fn add_event(&mut self, event: Event, citations: &[Citation]) -> Result<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql("starting to add an event"))?;
        let id = add_user_event(&tx, &self.name, event, citations, "add", None)?;
        tx.commit()
            .map_err(Error::sql("committing the new event"))?;
        Ok(id)
    }

    /// Set fields of event `id` by hand; the fields that changed are locked and logged.
    /// Returns them (empty when the patch changed nothing).
    pub fn edit_event(&mut self, id: i64, patch: &EventPatch) -> Result<Vec<Field>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql(format!("starting to edit event {id}")))?;
        let changed = edit_user_event(&tx, &self.name, id, patch, "edit", None)?;
        tx.commit()
            .map_err(Error::sql(format!("committing the edit of event {id}")))?;
        Ok(changed)
    }

    /// Delete event `id` by hand. Its reports are tombstoned, so extraction never brings the
    /// event back. Returns the event as it was.
    pub fn remove_event(&mut self, id: i64) -> Result<Event> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql(format!("starting to delete event {id}")))?;
        let event = require_event(&tx, &self.name, id)?;
        for s in &event.sources {
            tombstone(&tx, "deleted", None, event.event_type, s)?;
        }
        // Reports a person had placed in this event now share its fate.
        tx.execute(
            "UPDATE tombstones SET kind = 'deleted', event = NULL WHERE event = ?1",
            [id],
        )
        .map_err(Error::sql(format!("tombstoning the reports of event {id}")))?;
        delete_event(&tx, id)?;
        log(
            &tx,
            Who::User,
            "delete",
            Some(id),
            Some(&Value::Object(snapshot(&event))),
            None,
            None,
        )?;
        tx.commit()
            .map_err(Error::sql(format!("committing the deletion of event {id}")))?;
        Ok(event)
    }

    /// Merge events by hand: the first id absorbs the others (all their sources and actors,
    /// the finer date, occurred over planned) and keeps its own type, mode, CAMEO code,
    /// summary and location. The others are deleted; every source is placed in the result,
    /// so re-extraction files later copies of those reports there. Returns the kept id.
    pub fn merge_events(&mut self, ids: &[i64]) -> Result<i64> {
        let mut distinct: Vec<i64> = Vec::new();
        for &id in ids {
            if !distinct.contains(&id) {
                distinct.push(id);
            }
        }
        let (Some(&target_id), true) = (distinct.first(), distinct.len() >= 2) else {
            return Err(Error::Usage(
                "merge needs two or more different event ids (the first one is kept)".into(),
            ));
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql("starting a merge"))?;
        let before = require_event(&tx, &self.name, target_id)?;
        let mut merged = before.clone();
        let mut others = Vec::new();
        for &id in distinct.iter().skip(1) {
            others.push(require_event(&tx, &self.name, id)?);
        }
        let target_locks = locked_fields(&tx, target_id)?.unwrap_or_default();
        let mut locked = target_locks.clone();
        for other in &others {
            merge::absorb(&mut merged, other.clone());
            if let Some(id) = other.id {
                for f in locked_fields(&tx, id)?.unwrap_or_default() {
                    if !locked.contains(&f) {
                        locked.push(f);
                    }
                }
            }
        }
        // The person chose which event to keep: what it says stays.
        for f in [
            Field::Type,
            Field::Mode,
            Field::Cameo,
            Field::Summary,
            Field::Location,
        ] {
            f.copy(&before, &mut merged);
        }
        for f in target_locks {
            f.copy(&before, &mut merged);
        }
        let other_ids: Vec<i64> = others.iter().filter_map(|o| o.id).collect();
        for other in &others {
            let Some(oid) = other.id else { continue };
            tx.execute(
                "UPDATE tombstones SET event = ?1 WHERE event = ?2 AND kind = 'placed'",
                [target_id, oid],
            )
            .map_err(Error::sql(format!(
                "moving the placed reports of event {oid}"
            )))?;
            // Extraction tells these reports with the other event's type: they come here too.
            for s in &other.sources {
                tombstone(&tx, "placed", Some(target_id), other.event_type, s)?;
            }
            delete_event(&tx, oid)?;
            log(
                &tx,
                Who::User,
                "merge",
                Some(oid),
                Some(&Value::Object(snapshot(other))),
                Some(&json!({ "merged_into": target_id })),
                Some(&format!("merged into event {target_id}")),
            )?;
        }
        update_event(&tx, &self.name, &merged)?;
        for s in &merged.sources {
            tombstone(&tx, "placed", Some(target_id), merged.event_type, s)?;
        }
        lock(&tx, target_id, &locked)?;
        let (b, a) = diff(&before, &merged);
        let list: Vec<String> = other_ids.iter().map(|i| i.to_string()).collect();
        log(
            &tx,
            Who::User,
            "merge",
            Some(target_id),
            Some(&b),
            Some(&a),
            Some(&format!("absorbed event {}", list.join(", "))),
        )?;
        tx.commit().map_err(Error::sql("committing the merge"))?;
        Ok(target_id)
    }

    /// Split event `id` by hand: the sources at the 1-based `positions` (as `annals show`
    /// numbers them) move to a new event, a copy of the old one with `patch` applied. Both
    /// events are locked and their reports placed, so re-extraction keeps them apart.
    /// Returns the new event's id.
    pub fn split_event(&mut self, id: i64, positions: &[usize], patch: &EventPatch) -> Result<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql(format!("starting to split event {id}")))?;
        let before = require_event(&tx, &self.name, id)?;
        let n = before.sources.len();
        if positions.is_empty() {
            return Err(Error::Usage(
                "split needs the sources to move: --source N (numbers as `annals show` prints them)"
                    .into(),
            ));
        }
        if let Some(bad) = positions.iter().find(|&&p| p == 0 || p > n) {
            return Err(Error::Usage(format!(
                "event {id} has {n} source{}; there is no source {bad} (see `annals show {id}`)",
                if n == 1 { "" } else { "s" }
            )));
        }
        let mut moved: Vec<Source> = Vec::new();
        let mut kept: Vec<Source> = Vec::new();
        for (i, s) in before.sources.iter().enumerate() {
            if positions.contains(&(i + 1)) {
                moved.push(s.clone());
            } else {
                kept.push(s.clone());
            }
        }
        if kept.is_empty() {
            return Err(Error::Usage(format!(
                "that would move every source of event {id}; leave at least one \
                 (to change the event itself use `annals event edit {id}`)"
            )));
        }
        let mut rest = before.clone();
        rest.sources = kept;
        let mut split = before.clone();
        split.id = None;
        split.sources = moved;
        let set = patch.apply(&mut split);
        update_event(&tx, &self.name, &rest)?;
        let new_id = insert_event(&tx, &self.name, &split)?;
        split.id = Some(new_id);
        for s in &rest.sources {
            tombstone(&tx, "placed", Some(id), rest.event_type, s)?;
        }
        for s in &split.sources {
            tombstone(&tx, "placed", Some(new_id), split.event_type, s)?;
            if split.event_type != before.event_type {
                tombstone(&tx, "placed", Some(new_id), before.event_type, s)?;
            }
        }
        let mut old_locks = locked_fields(&tx, id)?.unwrap_or_default();
        lock(&tx, id, &old_locks)?;
        for f in set {
            if !old_locks.contains(&f) {
                old_locks.push(f);
            }
        }
        lock(&tx, new_id, &old_locks)?;
        let (b, a) = diff(&before, &rest);
        log(
            &tx,
            Who::User,
            "split",
            Some(id),
            Some(&b),
            Some(&a),
            Some(&format!("sources moved to new event {new_id}")),
        )?;
        log(
            &tx,
            Who::User,
            "split",
            Some(new_id),
            None,
            Some(&Value::Object(snapshot(&split))),
            Some(&format!("split from event {id}")),
        )?;
        tx.commit()
            .map_err(Error::sql(format!("committing the split of event {id}")))?;
        Ok(new_id)
    }

    /// Add cited sources to event `id` and drop the sources at the 1-based `drop` positions
    /// (as `annals show` numbers them). A dropped report is tombstoned for this event's
    /// type, so extraction does not attach it again; the event is locked against being
    /// folded away. Returns the event as it is now.
    pub fn change_sources(&mut self, id: i64, add: &[Citation], drop: &[usize]) -> Result<Event> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql(format!(
                "starting to change the sources of event {id}"
            )))?;
        let before = require_event(&tx, &self.name, id)?;
        let n = before.sources.len();
        if let Some(bad) = drop.iter().find(|&&p| p == 0 || p > n) {
            return Err(Error::Usage(format!(
                "event {id} has {n} source{}; there is no source {bad} (see `annals show {id}`)",
                if n == 1 { "" } else { "s" }
            )));
        }
        let mut after = before.clone();
        after.sources.clear();
        for (i, s) in before.sources.iter().enumerate() {
            if drop.contains(&(i + 1)) {
                tombstone(&tx, "deleted", None, before.event_type, s)?;
            } else {
                after.sources.push(s.clone());
            }
        }
        for c in add {
            let s = cited_source(&tx, &self.name, c)?;
            tombstone(&tx, "placed", Some(id), after.event_type, &s)?;
            after.sources.push(s);
        }
        if after.sources == before.sources {
            return Ok(before);
        }
        update_event(&tx, &self.name, &after)?;
        let locks = locked_fields(&tx, id)?.unwrap_or_default();
        lock(&tx, id, &locks)?;
        let (b, a) = diff(&before, &after);
        log(
            &tx,
            Who::User,
            "sources",
            Some(id),
            Some(&b),
            Some(&a),
            None,
        )?;
        tx.commit()
            .map_err(Error::sql(format!("committing the sources of event {id}")))?;
        Ok(after)
    }

    /// Release a person's locks on event `id`: later reports may change it again.
    /// Returns whether it was locked.
    pub fn unlock_event(&mut self, id: i64) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql(format!("starting to unlock event {id}")))?;
        require_event(&tx, &self.name, id)?;
        let was = locked_fields(&tx, id)?;
        if let Some(fields) = &was {
            tx.execute("DELETE FROM event_locks WHERE event = ?1", [id])
                .map_err(Error::sql(format!("unlocking event {id}")))?;
            let names: Vec<&str> = fields.iter().map(|f| f.as_str()).collect();
            log(
                &tx,
                Who::User,
                "unlock",
                Some(id),
                Some(&json!({ "locked": names })),
                Some(&json!({ "locked": [] })),
                None,
            )?;
        }
        tx.commit()
            .map_err(Error::sql(format!("committing the unlock of event {id}")))?;
        Ok(was.is_some())
    }

    /// The fields of event `id` a person set (`None`: the event is not locked).
    pub fn event_locks(&self, id: i64) -> Result<Option<Vec<Field>>> {
        locked_fields(&self.conn, id)
    }

    /// History entries, newest first: all of them or those of one event, at most `limit`,
    /// optionally only one `who` ("user" / "ingest").
    pub fn history(
        &self,
        event: Option<i64>,
        who: Option<Who>,
        limit: Option<usize>,
    ) -> Result<Vec<HistoryEntry>> {
        let limit = limit.map(to_i64).unwrap_or(-1);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, at, who, action, event, before, after, note FROM history
                 WHERE (?1 IS NULL OR event = ?1) AND (?2 IS NULL OR who = ?2)
                 ORDER BY id DESC LIMIT ?3",
            )
            .map_err(Error::sql("reading the history"))?;
        let rows = stmt
            .query_map(params![event, who.map(Who::as_str), limit], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                ))
            })
            .map_err(Error::sql("reading the history"))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, at, who, action, event, before, after, note) =
                row.map_err(Error::sql("reading the history"))?;
            let parse = |t: Option<String>| t.and_then(|t| serde_json::from_str(&t).ok());
            out.push(HistoryEntry {
                id,
                at,
                who,
                action,
                event,
                before: parse(before),
                after: parse(after),
                note,
            });
        }
        Ok(out)
    }
}

// ---------------------------------------------------------------------------------------
// Operations shared by the CLI commands and the CSV import, inside a caller's transaction.

fn require_event(conn: &Connection, name: &str, id: i64) -> Result<Event> {
    load_event(conn, name, id)?.ok_or_else(|| {
        Error::Usage(format!(
            "no event {id}; `annals timeline` lists the ids (was it merged or deleted? `annals log --event {id}`)"
        ))
    })
}

/// Insert a person's event with its citations, lock every field, log it.
fn add_user_event(
    conn: &Connection,
    name: &str,
    mut event: Event,
    citations: &[Citation],
    action: &str,
    note: Option<&str>,
) -> Result<i64> {
    if event.summary.trim().is_empty() {
        return Err(Error::Usage("an event needs a summary".into()));
    }
    event.id = None;
    if event.sources.iter().any(|s| s.article_id.is_none()) {
        return Err(Error::Usage(
            "a source of a new event must name a stored article; cite pages with a Citation".into(),
        ));
    }
    for c in citations {
        let s = cited_source(conn, name, c)?;
        event.sources.push(s);
    }
    let id = insert_event(conn, name, &event)?;
    event.id = Some(id);
    for s in &event.sources {
        tombstone(conn, "placed", Some(id), event.event_type, s)?;
    }
    lock(conn, id, &Field::ALL)?;
    log(
        conn,
        Who::User,
        action,
        Some(id),
        None,
        Some(&Value::Object(snapshot(&event))),
        note,
    )?;
    Ok(id)
}

/// Apply a person's patch to event `id`, lock and log the changed fields.
fn edit_user_event(
    conn: &Connection,
    name: &str,
    id: i64,
    patch: &EventPatch,
    action: &str,
    note: Option<&str>,
) -> Result<Vec<Field>> {
    let before = require_event(conn, name, id)?;
    let mut after = before.clone();
    let changed = patch.apply(&mut after);
    if changed.is_empty() {
        return Ok(changed);
    }
    if after.summary.trim().is_empty() {
        return Err(Error::Usage(format!(
            "event {id}: the summary cannot be empty"
        )));
    }
    update_event(conn, name, &after)?;
    // Its reports now belong to a person's event: a copy of them extracted again (with the
    // type and date extraction gave, which the merge rule may no longer match) comes here
    // instead of growing a second, uncorrected event.
    for s in &before.sources {
        tombstone(conn, "placed", Some(id), before.event_type, s)?;
        if after.event_type != before.event_type {
            tombstone(conn, "placed", Some(id), after.event_type, s)?;
        }
    }
    let mut locks = locked_fields(conn, id)?.unwrap_or_default();
    for f in &changed {
        if !locks.contains(f) {
            locks.push(*f);
        }
    }
    lock(conn, id, &locks)?;
    let (b, a) = diff(&before, &after);
    log(conn, Who::User, action, Some(id), Some(&b), Some(&a), note)?;
    Ok(changed)
}

/// The `Source` for a citation: a stored article, or a small article record made for it.
fn cited_source(conn: &Connection, name: &str, c: &Citation) -> Result<Source> {
    let evidence = c.evidence.as_deref().map(str::trim).unwrap_or_default();
    if let Some(article) = c.article {
        type ArticleRow = (
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            String,
        );
        let row: Option<ArticleRow> = conn
            .query_row(
                "SELECT publisher, url, title, published, body FROM articles WHERE id = ?1",
                [article],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()
            .map_err(Error::sql(format!("reading article {article}")))?;
        let Some((publisher, url, title, published, body)) = row else {
            return Err(Error::Usage(format!(
                "no article {article}; `annals show ID` prints the article ids of an event's sources"
            )));
        };
        let published = NaiveDate::parse_from_str(&published, "%Y-%m-%d")
            .map_err(|_| store_error(name, format!("article {article}: bad published date")))?;
        // Offsets only when the sentence is really in the article; otherwise it is the
        // person's paraphrase and points nowhere.
        let (start, end, evidence) = match (!evidence.is_empty())
            .then(|| body.find(evidence))
            .flatten()
        {
            Some(at) => (at, at + evidence.len(), evidence.to_string()),
            None if evidence.is_empty() => (0, 0, title.clone().unwrap_or_default()),
            None => (0, 0, evidence.to_string()),
        };
        return Ok(Source {
            article_id: Some(article),
            publisher,
            url,
            title,
            published,
            evidence,
            evidence_start: start,
            evidence_end: end,
            time_expression: c.time_expression.clone(),
            attributed_to: c.attributed_to.clone(),
            ingested_at: None,
        });
    }
    let published = c
        .published
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let body = if evidence.is_empty() {
        c.url.clone().or(c.title.clone()).unwrap_or_default()
    } else {
        evidence.to_string()
    };
    let article = Article {
        origin: "annals event (cited by a person)".into(),
        title: c.title.clone(),
        publisher: c.publisher.clone(),
        author: None,
        url: c.url.clone(),
        published,
        published_time: None,
        extra: vec![("Added-By".into(), "user".into())],
        body: body.clone(),
    };
    // Prefixed so a cited page never passes for an ingested article with the same text.
    let hash = format!("user:{}", article.content_hash());
    let article_id = match find_article(conn, &hash)? {
        Some(id) => id,
        None => insert_article(conn, &article, &hash)?,
    };
    Ok(Source {
        article_id: Some(article_id),
        publisher: c.publisher.clone(),
        url: c.url.clone(),
        title: c.title.clone(),
        published,
        evidence: body.clone(),
        evidence_start: 0,
        evidence_end: body.len(),
        time_expression: c.time_expression.clone(),
        attributed_to: c.attributed_to.clone(),
        ingested_at: None,
    })
}

// ---------------------------------------------------------------------------------------
// Locks, tombstones and history rows.

fn locked_fields(conn: &Connection, id: i64) -> Result<Option<Vec<Field>>> {
    let fields: Option<String> = conn
        .prepare_cached("SELECT fields FROM event_locks WHERE event = ?1")
        .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
        .map_err(Error::sql(format!("reading the locks of event {id}")))?;
    Ok(fields.map(|f| {
        f.split(',')
            .filter_map(|name| name.parse::<Field>().ok())
            .collect()
    }))
}

/// Lock event `id` with exactly `fields` (a row with no fields still protects the event
/// from being folded into another).
fn lock(conn: &Connection, id: i64, fields: &[Field]) -> Result<()> {
    let mut sorted = fields.to_vec();
    sorted.sort();
    sorted.dedup();
    let list: Vec<&str> = sorted.iter().map(|f| f.as_str()).collect();
    conn.prepare_cached(
        "INSERT INTO event_locks (event, fields) VALUES (?1, ?2)
         ON CONFLICT (event) DO UPDATE SET fields = excluded.fields",
    )
    .and_then(|mut s| s.execute(params![id, list.join(",")]))
    .map_err(Error::sql(format!("locking event {id}")))?;
    Ok(())
}

/// The key that recognises one sentence in another copy of the article.
fn evidence_norm(evidence: &str) -> String {
    query::normalize_name(evidence)
}

fn tombstone(
    conn: &Connection,
    kind: &str,
    event: Option<i64>,
    event_type: EventType,
    s: &Source,
) -> Result<()> {
    let Some(article) = s.article_id else {
        return Ok(());
    };
    conn.prepare_cached(
        "INSERT INTO tombstones (kind, event, type, article, evidence_start, evidence_end,
                                 evidence_norm)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (article, evidence_start, evidence_end, type, evidence_norm)
         DO UPDATE SET kind = excluded.kind, event = excluded.event, at = excluded.at",
    )
    .and_then(|mut st| {
        st.execute(params![
            kind,
            event,
            event_type.as_str(),
            article,
            to_i64(s.evidence_start),
            to_i64(s.evidence_end),
            evidence_norm(&s.evidence)
        ])
    })
    .map_err(Error::sql("recording a person's decision about a report"))?;
    Ok(())
}

/// What a person decided about a report, if anything.
enum Fate {
    Deleted,
    Placed(i64),
}

fn fate_of(conn: &Connection, s: &Source, event_type: EventType) -> Result<Option<Fate>> {
    let norm = evidence_norm(&s.evidence);
    let row: Option<(String, Option<i64>)> = conn
        .prepare_cached(
            "SELECT kind, event FROM tombstones
             WHERE type = ?1
               AND ((article = ?2 AND evidence_start = ?3 AND evidence_end = ?4)
                    OR (?5 <> '' AND evidence_norm = ?5))
             -- The very report first, then the latest decision about its sentence.
             ORDER BY (article = ?2 AND evidence_start = ?3 AND evidence_end = ?4) DESC,
                      at DESC, id DESC
             LIMIT 1",
        )
        .and_then(|mut st| {
            st.query_row(
                params![
                    event_type.as_str(),
                    s.article_id,
                    to_i64(s.evidence_start),
                    to_i64(s.evidence_end),
                    norm
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
        })
        .map_err(Error::sql("looking up a person's decisions about a report"))?;
    Ok(match row {
        Some((kind, _)) if kind == "deleted" => Some(Fate::Deleted),
        Some((_, Some(id))) => Some(Fate::Placed(id)),
        _ => None,
    })
}

/// Append one history row.
fn log(
    conn: &Connection,
    who: Who,
    action: &str,
    event: Option<i64>,
    before: Option<&Value>,
    after: Option<&Value>,
    note: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO history (who, action, event, before, after, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .and_then(|mut s| {
        s.execute(params![
            who.as_str(),
            action,
            event,
            before.map(Value::to_string),
            after.map(Value::to_string),
            note
        ])
    })
    .map_err(Error::sql("writing the history"))?;
    Ok(())
}

/// The event as history keeps it: its fields, actors as `{key, name, role}` and sources as
/// `article:start-end` keys (the evidence itself is in the article).
pub fn snapshot(e: &Event) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("date_start".into(), json!(iso(e.date.start)));
    m.insert("date_end".into(), json!(iso(e.date.end)));
    m.insert("precision".into(), json!(e.date.precision.as_str()));
    m.insert("status".into(), json!(e.status.as_str()));
    m.insert("type".into(), json!(e.event_type.as_str()));
    m.insert("mode".into(), json!(e.mode));
    m.insert("cameo".into(), json!(e.cameo));
    m.insert("summary".into(), json!(e.summary));
    m.insert("location".into(), json!(e.location));
    let actors: Vec<Value> = e
        .actors
        .iter()
        .map(|a| json!({"key": a.key, "name": a.name, "role": a.role.as_str()}))
        .collect();
    m.insert("actors".into(), Value::Array(actors));
    let sources: Vec<Value> = e
        .sources
        .iter()
        .map(|s| {
            json!(format!(
                "{}:{}-{}",
                s.article_id.unwrap_or(0),
                s.evidence_start,
                s.evidence_end
            ))
        })
        .collect();
    m.insert("sources".into(), Value::Array(sources));
    m
}

/// The fields that differ between two versions of an event, as (before, after) objects.
pub fn diff(before: &Event, after: &Event) -> (Value, Value) {
    let b = snapshot(before);
    let a = snapshot(after);
    let mut ob = Map::new();
    let mut oa = Map::new();
    for (k, va) in &a {
        let vb = b.get(k).cloned().unwrap_or(Value::Null);
        if &vb != va {
            ob.insert(k.clone(), vb);
            oa.insert(k.clone(), va.clone());
        }
    }
    (Value::Object(ob), Value::Object(oa))
}

// ---------------------------------------------------------------------------------------
// Hooks `Store::ingest` calls inside its transaction.

/// Drop the reports of `event` a person deleted; if one of its reports was placed in an
/// event by a person, that stored event is where it goes. `None`: nothing is left.
pub(super) fn screen(
    conn: &Connection,
    name: &str,
    mut event: Event,
) -> Result<Option<(Event, Option<Event>)>> {
    if !has_tombstones(conn)? {
        return Ok(Some((event, None)));
    }
    let had_sources = !event.sources.is_empty();
    let mut placed: Option<i64> = None;
    let mut kept = Vec::with_capacity(event.sources.len());
    for s in std::mem::take(&mut event.sources) {
        match fate_of(conn, &s, event.event_type)? {
            Some(Fate::Deleted) => {}
            Some(Fate::Placed(id)) => {
                placed.get_or_insert(id);
                kept.push(s);
            }
            None => kept.push(s),
        }
    }
    if had_sources && kept.is_empty() {
        return Ok(None);
    }
    event.sources = kept;
    let target = match placed {
        Some(id) => load_event(conn, name, id)?,
        None => None,
    };
    Ok(Some((event, target)))
}

fn has_tombstones(conn: &Connection) -> Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM tombstones)")
        .and_then(|mut s| s.query_row([], |r| r.get(0)))
        .map_err(Error::sql("checking for tombstones"))
}

/// Whether a person touched event `id` (ingest must not fold it away).
pub(super) fn is_locked(conn: &Connection, id: i64) -> Result<bool> {
    Ok(locked_fields(conn, id)?.is_some())
}

/// After ingest merged reports into `stored`, put back the fields a person set.
pub(super) fn keep_locked_fields(
    conn: &Connection,
    before: &Event,
    stored: &mut Event,
) -> Result<()> {
    let Some(id) = before.id else {
        return Ok(());
    };
    if let Some(fields) = locked_fields(conn, id)? {
        for f in fields {
            f.copy(before, stored);
        }
    }
    Ok(())
}

pub(super) fn log_ingest_add(conn: &Connection, id: i64, event: &Event) -> Result<()> {
    let mut e = event.clone();
    e.id = Some(id);
    log(
        conn,
        Who::Ingest,
        "add",
        Some(id),
        None,
        Some(&Value::Object(snapshot(&e))),
        None,
    )
}

pub(super) fn log_ingest_merge(conn: &Connection, before: &Event, after: &Event) -> Result<()> {
    let (b, a) = diff(before, after);
    if a.as_object().is_some_and(Map::is_empty) {
        return Ok(());
    }
    log(
        conn,
        Who::Ingest,
        "merge",
        after.id,
        Some(&b),
        Some(&a),
        None,
    )
}

/// Ingest folded stored event `gone` into `into` (a new report showed they are one).
pub(super) fn log_fold(conn: &Connection, gone: &Event, into: &Event) -> Result<()> {
    let target = into.id.map(|i| format!("folded into event {i}"));
    log(
        conn,
        Who::Ingest,
        "fold",
        gone.id,
        Some(&Value::Object(snapshot(gone))),
        Some(&json!({ "merged_into": into.id })),
        target.as_deref(),
    )
}

// ---------------------------------------------------------------------------------------
// Pure helpers for the command line and the CSV import.

/// Parse a date as a person types it: `2023-10-18`, a day range `2023-10-18..2023-10-19`,
/// a month `2023-10`, a quarter `2023-Q4`, an ISO week `2023-W42`, a year `2023`; a range
/// of months or years (`2023-08..2023-09`) keeps the coarser unit.
pub fn parse_date_spec(s: &str) -> std::result::Result<DateRange, String> {
    let t = s.trim();
    if let Some((a, b)) = t.split_once("..") {
        let a = parse_date_spec(a)?;
        let b = parse_date_spec(b)?;
        if b.end < a.start {
            return Err(format!("'{t}': the range ends before it starts"));
        }
        return Ok(DateRange {
            start: a.start,
            end: b.end,
            precision: a.precision.max(b.precision),
        });
    }
    let bad = || {
        format!(
            "'{t}' is not a date: use YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD, YYYY-MM, YYYY-Qn, \
             YYYY-Www or YYYY"
        )
    };
    let digits = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let parts: Vec<&str> = t.split('-').collect();
    let range = match parts.as_slice() {
        [y] => digits(y, 4).and_then(|y| DateRange::year(y as i32)),
        [y, p] => {
            let year = digits(y, 4).map(|y| y as i32);
            let upper = p.to_ascii_uppercase();
            if let Some(q) = upper.strip_prefix('Q') {
                year.zip(digits(q, 1))
                    .and_then(|(y, q)| DateRange::quarter(y, q))
            } else if let Some(w) = upper.strip_prefix('W') {
                year.zip(digits(w, 2))
                    .and_then(|(y, w)| NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon))
                    .map(DateRange::week_of)
            } else {
                year.zip(digits(p, 2))
                    .and_then(|(y, m)| DateRange::month(y, m))
            }
        }
        [y, m, d] => match (digits(y, 4), digits(m, 2), digits(d, 2)) {
            (Some(y), Some(m), Some(d)) => {
                NaiveDate::from_ymd_opt(y as i32, m, d).map(DateRange::day)
            }
            _ => None,
        },
        _ => None,
    };
    range.ok_or_else(bad)
}

/// The period of `precision` that holds `start` (a day-precision range is kept as given:
/// days are exact, several of them are a multi-day event).
pub fn snap_to_precision(range: DateRange, precision: Precision) -> DateRange {
    let d = range.start;
    let snapped = match precision {
        Precision::Day => Some(DateRange {
            precision: Precision::Day,
            ..range
        }),
        Precision::Week => Some(DateRange::week_of(d)),
        Precision::Month => DateRange::month(d.year(), d.month()),
        Precision::Quarter => DateRange::quarter(d.year(), (d.month() - 1) / 3 + 1),
        Precision::Year => DateRange::year(d.year()),
    };
    snapped.unwrap_or(range)
}

/// Split "Sergei Lavrov (source)" or "Sergei Lavrov:source" into the name and the role;
/// a bare name has no role.
pub fn parse_actor_spec(spec: &str) -> std::result::Result<(String, Option<Role>), String> {
    let t = spec.trim();
    if let Some(open) = t
        .strip_suffix(')')
        .and_then(|s| s.rfind('(').map(|i| (s, i)))
    {
        let (body, i) = open;
        let name = body.get(..i).unwrap_or_default().trim();
        let role = body.get(i + 1..).unwrap_or_default();
        if let Ok(role) = role.parse::<Role>() {
            if name.is_empty() {
                return Err(format!("'{t}': no actor name before the role"));
            }
            return Ok((name.to_string(), Some(role)));
        }
    }
    if let Some((name, role)) = t.rsplit_once(':') {
        if let Ok(role) = role.parse::<Role>() {
            let name = name.trim();
            if name.is_empty() {
                return Err(format!("'{t}': no actor name before the role"));
            }
            return Ok((name.to_string(), Some(role)));
        }
    }
    if t.is_empty() {
        return Err("an empty actor name".into());
    }
    Ok((t.to_string(), None))
}

/// The event actor a name denotes in the gazetteer (any alias, or a key), with `role`.
pub fn resolve_actor(
    gazetteer: &crate::actor::Gazetteer,
    name: &str,
    role: Role,
) -> std::result::Result<EventActor, String> {
    let actor = gazetteer
        .lookup(name)
        .or_else(|| gazetteer.get(name.trim()))
        .ok_or_else(|| {
            format!(
                "unknown actor '{}': use a name or alias the gazetteer knows, or add the \
                 actor with `annals actors add`",
                name.trim()
            )
        })?;
    Ok(EventActor {
        key: actor.key.clone(),
        name: actor.name.clone(),
        kind: actor.kind,
        country: actor.country.clone(),
        role,
    })
}

/// The CAMEO root code (as CAMEO writes it, two digits) that stands for a PLOVER type when
/// a person adds an event without a code. Kept as data beside this file.
pub fn default_cameo(t: EventType) -> String {
    include_str!("curation/type_cameo.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .find(|(ty, _)| ty.trim() == t.as_str())
        .map(|(_, c)| c.trim().to_string())
        .unwrap_or_default()
}

/// A CAMEO code a spreadsheet may have read as a number ("042" → 42): CAMEO roots run
/// 01–20, so a code whose first two digits exceed 20, or a single digit, lost its zero.
pub fn repair_cameo(code: &str) -> String {
    let c = code.trim();
    if c.is_empty() || !c.bytes().all(|b| b.is_ascii_digit()) {
        return c.to_string();
    }
    let root: u32 = c.get(..2).and_then(|r| r.parse().ok()).unwrap_or(0);
    if c.len() == 1 || (c.len() >= 2 && root > 20) {
        format!("0{c}")
    } else {
        c.to_string()
    }
}
