//! The SQLite store: the only module that speaks SQL. Migrations from `schema/*.sql` built
//! into the binary, pragmas (WAL, foreign keys, busy timeout), one transaction per article,
//! merging with stored events, and the queries behind timeline, show and export.
//! OWNER: store helper.
//!
//! Every value reaches SQLite as a bound parameter; only the *shape* of a WHERE clause is
//! assembled in Rust. The FTS5 index over summaries and evidence is rewritten by the store
//! whenever an event or its sources change, inside the same transaction, so it cannot drift.

use crate::actor::{Actor, Gazetteer};
use crate::article::Article;
use crate::error::{Error, Result};
use crate::merge;
use crate::model::{DateRange, Event, EventActor, Precision, Source};
use crate::query::{self, Filter};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{
    params, params_from_iter, Connection, ErrorCode, OptionalExtension, Row, TransactionBehavior,
};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::Duration;

/// The migrations, in order; migration `i` (0-based) brings the schema to version `i + 1`.
/// Never edit a landed file: append a new one.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init.sql", include_str!("../schema/0001_init.sql")),
    (
        "0002_curation.sql",
        include_str!("../schema/0002_curation.sql"),
    ),
    ("0003_perf.sql", include_str!("../schema/0003_perf.sql")),
    (
        "0004_precision_ranges.sql",
        include_str!("../schema/0004_precision_ranges.sql"),
    ),
];

/// The schema version this build writes and understands.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

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

/// A read-only connection of its own that answers "is this article stored?", for threads
/// that extract while the store's own connection writes (WAL lets both run at once).
pub struct HashReader {
    conn: Connection,
}

impl HashReader {
    /// `None` for an in-memory store or a file that cannot be opened: callers then ask the
    /// store itself.
    pub fn open(path: &str) -> Option<HashReader> {
        if path == ":memory:" {
            return None;
        }
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).ok()?;
        conn.busy_timeout(Duration::from_secs(60)).ok()?;
        Some(HashReader { conn })
    }

    /// Whether an article with this content hash is stored (committed). An error counts
    /// as "no": the article is then extracted, and the store still sees it is unchanged.
    pub fn contains(&self, hash: &str) -> bool {
        find_article(&self.conn, hash).ok().flatten().is_some()
    }
}

pub struct Store {
    conn: Connection,
    /// How errors name this database (the file path, or ":memory:").
    name: String,
}

/// The timestamp format of `created_at` / `updated_at`, computed by SQLite so every row of
/// one transaction agrees with the schema defaults.
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

impl Store {
    pub fn open(path: &Path) -> Result<Store> {
        let name = path.display().to_string();
        // The default database lives in a data directory that may not exist yet.
        if let Some(parent) = path.parent() {
            if !parent.as_os_str().is_empty() && !parent.exists() {
                std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
        }
        if path.is_dir() {
            return Err(store_error(
                &name,
                "is a directory; give --db the path of a database file",
            ));
        }
        let conn =
            Connection::open(path).map_err(|e| store_error(&name, format!("cannot open: {e}")))?;
        Store::init(conn, name)
    }

    pub fn open_in_memory() -> Result<Store> {
        let conn =
            Connection::open_in_memory().map_err(Error::sql("opening in-memory database"))?;
        Store::init(conn, ":memory:".to_string())
    }

    /// Pragmas, then every pending migration. The first read of the file is where SQLite
    /// notices that it is not a database at all, so that error is translated there.
    fn init(mut conn: Connection, name: String) -> Result<Store> {
        // Writers queue on the write lock (BEGIN IMMEDIATE). Five seconds was less than
        // a first open's migration + gazetteer sync takes on a slow machine with other
        // ingests queued behind it, and "database is locked" must not reach the user; a
        // minute is a wait a person notices rather than a failure.
        conn.busy_timeout(Duration::from_secs(60))
            .map_err(|e| classify_open_error(&name, e))?;
        // Version and table count in ONE statement, so one snapshot: read apart, another
        // process's first migration could commit in between and make a fresh annals
        // database look like a foreign one (version 0, tables present).
        let (version, tables): (i64, i64) = retry_busy(|| {
            conn.query_row(
                "SELECT (SELECT user_version FROM pragma_user_version),
                        (SELECT count(*) FROM sqlite_master
                          WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
        })
        .map_err(|e| classify_open_error(&name, e))?;
        // Refuse before any pragma that writes (journal_mode persists in the file): a
        // database we will not use must be left exactly as it was.
        check_counts(&name, version, tables)?;
        // journal_mode answers with the mode it ended up in ("memory" for in-memory
        // databases); anything is acceptable, WAL is what we ask for.
        let _mode: String =
            retry_busy(|| conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)))
                .map_err(|e| classify_open_error(&name, e))?;
        retry_busy(|| conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"))
            .map_err(|e| classify_open_error(&name, e))?;
        migrate(&mut conn, &name)?;
        Ok(Store { conn, name })
    }

    /// The file this store was opened from (":memory:" for an in-memory one).
    pub fn path(&self) -> &str {
        &self.name
    }

    /// Make the actors and aliases tables hold the gazetteer (user-added rows are kept).
    pub fn sync_actors(&mut self, gazetteer: &Gazetteer) -> Result<()> {
        self.sync_builtin_actors(gazetteer.actors())
    }

    /// `sync_actors` over a plain list. A fingerprint of the list is kept in `meta`, so
    /// opening the database with an unchanged gazetteer writes nothing.
    fn sync_builtin_actors(&mut self, actors: &[Actor]) -> Result<()> {
        let fingerprint = actors_fingerprint(actors);
        let stored: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'gazetteer'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(Error::sql("reading the gazetteer fingerprint"))?;
        if stored.as_deref() == Some(fingerprint.as_str()) {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql("starting the actor sync"))?;
        // Built-in aliases are rebuilt from the list so that removed ones disappear; user
        // aliases are never touched.
        tx.execute("DELETE FROM actor_aliases WHERE origin = 'builtin'", [])
            .map_err(Error::sql("clearing built-in aliases"))?;
        write_actors(&tx, actors, Origin::Builtin)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('gazetteer', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [&fingerprint],
        )
        .map_err(Error::sql("storing the gazetteer fingerprint"))?;
        tx.commit().map_err(Error::sql("committing the actor sync"))
    }

    /// Add or replace an actor the user defines (`origin = 'user'`): a later gazetteer sync
    /// never overwrites it, and its aliases work in `--actor` filters.
    pub fn add_user_actor(&mut self, actor: &Actor) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql("starting to add an actor"))?;
        write_actors(&tx, std::slice::from_ref(actor), Origin::User)?;
        tx.commit().map_err(Error::sql("committing the actor"))
    }

    /// The actors users added, with their aliases (dated roles are not stored), so the CLI
    /// can build a gazetteer of built-in plus user actors.
    pub fn user_actors(&self) -> Result<Vec<Actor>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT key, name, kind, country, cameo, qid, parent FROM actors
                 WHERE origin = 'user' ORDER BY key",
            )
            .map_err(Error::sql("reading user actors"))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })
            .map_err(Error::sql("reading user actors"))?;
        let mut aliases = self
            .conn
            .prepare_cached(
                "SELECT alias FROM actor_aliases WHERE actor = ?1 AND origin = 'user' ORDER BY id",
            )
            .map_err(Error::sql("reading user aliases"))?;
        let mut out = Vec::new();
        for row in rows {
            let (key, name, kind, country, cameo, qid, parent) =
                row.map_err(Error::sql("reading user actors"))?;
            let kind = kind
                .parse()
                .map_err(|m: String| store_error(&self.name, format!("actor '{key}': {m}")))?;
            let alias_list = aliases
                .query_map([&key], |r| r.get::<_, String>(0))
                .map_err(Error::sql("reading user aliases"))?
                .collect::<rusqlite::Result<Vec<String>>>()
                .map_err(Error::sql("reading user aliases"))?
                .into_iter()
                .filter(|a| *a != name)
                .collect();
            out.push(Actor {
                key,
                name,
                kind,
                country,
                cameo,
                qid,
                parent,
                aliases: alias_list,
                roles: Vec::new(),
            });
        }
        Ok(out)
    }

    /// Whether an article with this content hash is stored.
    pub fn article_by_hash(&self, hash: &str) -> Result<Option<i64>> {
        find_article(&self.conn, hash)
    }

    /// Store one article and its extracted events in one transaction, merging each event
    /// with a stored one that reports the same happening.
    pub fn ingest(&mut self, article: &Article, events: Vec<Event>) -> Result<IngestOutcome> {
        let hash = article.content_hash();
        self.ingest_with_hash(article, &hash, events)
    }

    /// `ingest` with the content hash already computed (callers that hashed the article to
    /// skip extraction of known content need not hash it twice).
    pub fn ingest_with_hash(
        &mut self,
        article: &Article,
        hash: &str,
        events: Vec<Event>,
    ) -> Result<IngestOutcome> {
        let outcome = self
            .ingest_batch(vec![(article, hash.to_string(), events)])?
            .pop();
        outcome.unwrap_or_else(|| {
            Err(store_error(
                &self.name,
                format!(
                    "{}: no outcome was recorded (a bug in annals)",
                    article.origin
                ),
            ))
        })
    }

    /// Store several articles in one transaction, each under its own savepoint: an article
    /// that fails is rolled back alone (its error is in its slot of the result) and the
    /// others are kept. Committing once per batch instead of once per article is what
    /// makes bulk ingest fast: every commit writes the touched pages to the WAL and flushes
    /// the full-text index's pending terms into a new segment (BENCHMARKS.md). The batch is
    /// still atomic, so after a crash each article is complete or absent. `Err` means the
    /// batch itself could not be begun or committed: none of it is stored.
    pub fn ingest_batch(
        &mut self,
        items: Vec<(&Article, String, Vec<Event>)>,
    ) -> Result<Vec<Result<IngestOutcome>>> {
        let Some(first) = items.first() else {
            return Ok(Vec::new());
        };
        let what = if items.len() == 1 {
            first.0.origin.clone()
        } else {
            format!("{} and {} more articles", first.0.origin, items.len() - 1)
        };
        // IMMEDIATE: take the write lock now, so a concurrent ingest waits (busy_timeout)
        // instead of failing half-way when both try to upgrade a read lock.
        let mut tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql(format!("starting to store {what}")))?;
        let mut outcomes = Vec::with_capacity(items.len());
        for (article, hash, events) in items {
            let sp = tx
                .savepoint()
                .map_err(Error::sql(format!("starting to store {}", article.origin)))?;
            let outcome = store_article(&sp, &self.name, article, &hash, events);
            if outcome.is_ok() {
                sp.commit()
                    .map_err(Error::sql(format!("storing {}", article.origin)))?;
            }
            // A failed article's savepoint is rolled back when dropped.
            outcomes.push(outcome);
        }
        tx.commit()
            .map_err(Error::sql(format!("committing {what}")))?;
        Ok(outcomes)
    }

    pub fn event(&self, id: i64) -> Result<Option<Event>> {
        load_event(&self.conn, &self.name, id)
    }

    /// Stream matching events in (date_start, date_end, id) order to `f`; returns how many.
    pub fn for_each_event(
        &self,
        filter: &Filter,
        f: &mut dyn FnMut(Event) -> Result<()>,
    ) -> Result<usize> {
        let (sql, values) = filter_sql(filter)?;
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(Error::sql("preparing the event query"))?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(values))
            .map_err(Error::sql("querying events"))?;
        let mut count = 0;
        // Row by row: each event is completed (actors, sources) and handed on before the
        // next is read, so memory stays flat however large the timeline.
        while let Some(row) = rows.next().map_err(Error::sql("reading events"))? {
            let raw = RawEvent::from_row(row).map_err(Error::sql("reading an event row"))?;
            let event = complete_event(&self.conn, &self.name, raw)?;
            f(event)?;
            count += 1;
        }
        Ok(count)
    }

    pub fn count_events(&self) -> Result<usize> {
        count(&self.conn, "SELECT count(*) FROM events")
    }

    pub fn count_articles(&self) -> Result<usize> {
        count(&self.conn, "SELECT count(*) FROM articles")
    }
}

fn store_error(name: &str, message: impl Into<String>) -> Error {
    Error::Store {
        path: name.to_string(),
        message: message.into(),
    }
}

/// Name the two open failures people actually hit: a file that is not SQLite, and a file
/// that cannot be opened.
fn classify_open_error(name: &str, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => store_error(
            name,
            "is not an SQLite database (is this the right file?); \
             give --db the path of an annals database or of a new file",
        ),
        Some(ErrorCode::CannotOpen) | Some(ErrorCode::PermissionDenied) => {
            store_error(name, format!("cannot open: {e}"))
        }
        _ => store_error(name, e.to_string()),
    }
}

fn check_version(name: &str, version: i64) -> Result<()> {
    if version > schema_version() {
        return Err(store_error(
            name,
            format!(
                "was written by a newer annals (schema {version}, this build knows {}); \
                 upgrade annals",
                schema_version()
            ),
        ));
    }
    if version < 0 {
        return Err(store_error(
            name,
            format!(
                "has schema version {version}, which no annals writes; is this the right file?"
            ),
        ));
    }
    Ok(())
}

/// Run an open-time statement again while SQLite answers "database is locked" without
/// waiting. The busy timeout covers waits for a lock, but not every case: switching a new
/// file to WAL needs the file to itself, and several `annals ingest` processes started
/// together on a new database meet exactly there (`tests/crash.rs`). A minute, as for
/// the busy timeout.
fn retry_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let mut pause = Duration::from_millis(10);
    loop {
        match f() {
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                ) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(200));
            }
            other => return other,
        }
    }
}

/// Whether the database at `version` is one this build may use: not from a newer annals,
/// and not some other program's database (version 0 with tables in it).
fn check_ours(conn: &Connection, name: &str, version: i64) -> Result<()> {
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
            [],
            |r| r.get(0),
        )
        .map_err(|e| classify_open_error(name, e))?;
    check_counts(name, version, tables)
}

/// `check_ours` on figures already read (in one snapshot).
fn check_counts(name: &str, version: i64, tables: i64) -> Result<()> {
    check_version(name, version)?;
    if version == 0 && tables > 0 {
        return Err(store_error(
            name,
            "is an SQLite database but not an annals one (it has tables and no annals \
             schema version); give --db another path",
        ));
    }
    Ok(())
}

/// Apply every pending migration and the `user_version` bump in one transaction: a
/// failure leaves the database as it was.
fn migrate(conn: &mut Connection, name: &str) -> Result<()> {
    apply_migrations(conn, name, MIGRATIONS)
}

/// `migrate` over an explicit list, so a failing migration can be tested.
fn apply_migrations(conn: &mut Connection, name: &str, migrations: &[(&str, &str)]) -> Result<()> {
    let target = migrations.len() as i64;
    let version: i64 = retry_busy(|| conn.query_row("PRAGMA user_version", [], |r| r.get(0)))
        .map_err(|e| classify_open_error(name, e))?;
    if version >= target {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| classify_open_error(name, e))?;
    // Re-read under the write lock: another process may have migrated meanwhile.
    let version: i64 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| classify_open_error(name, e))?;
    check_ours(&tx, name, version)?;
    let start = usize::try_from(version).unwrap_or(0);
    for (file, sql) in migrations.iter().skip(start) {
        tx.execute_batch(sql)
            .map_err(Error::sql(format!("applying migration {file} to {name}")))?;
    }
    tx.pragma_update(None, "user_version", target)
        .map_err(Error::sql("setting the schema version"))?;
    tx.commit()
        .map_err(Error::sql(format!("committing migrations to {name}")))
}

/// Who put an actor or alias row there: a gazetteer sync never overwrites `User` rows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    Builtin,
    User,
}

/// Upsert actors and their aliases (the canonical name counts as an alias, so
/// `--actor "North Korea"` works whatever the alias list holds) with prepared statements.
/// Built-in rows never replace user rows; user rows replace anything.
fn write_actors(conn: &Connection, actors: &[Actor], origin: Origin) -> Result<()> {
    let (actor_sql, alias_sql) = match origin {
        Origin::Builtin => (
            "INSERT INTO actors (key, name, kind, country, cameo, qid, parent, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'builtin')
             ON CONFLICT (key) DO UPDATE SET
                 name = excluded.name, kind = excluded.kind, country = excluded.country,
                 cameo = excluded.cameo, qid = excluded.qid, parent = excluded.parent
             WHERE actors.origin = 'builtin'",
            "INSERT INTO actor_aliases (alias, norm, actor, origin)
             VALUES (?1, ?2, ?3, 'builtin')
             ON CONFLICT (norm, actor) DO NOTHING",
        ),
        Origin::User => (
            "INSERT INTO actors (key, name, kind, country, cameo, qid, parent, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'user')
             ON CONFLICT (key) DO UPDATE SET
                 name = excluded.name, kind = excluded.kind, country = excluded.country,
                 cameo = excluded.cameo, qid = excluded.qid, parent = excluded.parent,
                 origin = 'user'",
            "INSERT INTO actor_aliases (alias, norm, actor, origin)
             VALUES (?1, ?2, ?3, 'user')
             ON CONFLICT (norm, actor) DO UPDATE SET alias = excluded.alias, origin = 'user'",
        ),
    };
    let mut upsert = conn
        .prepare_cached(actor_sql)
        .map_err(Error::sql("preparing the actor upsert"))?;
    let mut alias = conn
        .prepare_cached(alias_sql)
        .map_err(Error::sql("preparing the alias insert"))?;
    for a in actors {
        upsert
            .execute(params![
                a.key,
                a.name,
                a.kind.as_str(),
                a.country,
                a.cameo,
                a.qid,
                a.parent
            ])
            .map_err(Error::sql(format!("storing actor '{}'", a.key)))?;
        for name in std::iter::once(&a.name).chain(a.aliases.iter()) {
            let norm = query::normalize_name(name);
            if norm.is_empty() {
                continue;
            }
            alias
                .execute(params![name.trim(), norm, a.key])
                .map_err(Error::sql(format!("storing alias '{name}' of '{}'", a.key)))?;
        }
    }
    Ok(())
}

/// Hex SHA-256 of the actor list as the store keeps it.
fn actors_fingerprint(actors: &[Actor]) -> String {
    let mut h = Sha256::new();
    for a in actors {
        for field in [
            Some(a.key.as_str()),
            Some(a.name.as_str()),
            Some(a.kind.as_str()),
            a.country.as_deref(),
            a.cameo.as_deref(),
            a.qid.as_deref(),
            a.parent.as_deref(),
        ] {
            h.update(field.unwrap_or("\u{0}").as_bytes());
            h.update([0x1f]);
        }
        for alias in &a.aliases {
            h.update(alias.as_bytes());
            h.update([0x1f]);
        }
        h.update([0x1e]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn count(conn: &Connection, sql: &str) -> Result<usize> {
    let n: i64 = conn
        .query_row(sql, [], |r| r.get(0))
        .map_err(Error::sql(format!("counting ({sql})")))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

fn find_article(conn: &Connection, hash: &str) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM articles WHERE hash = ?1")
        .and_then(|mut s| s.query_row([hash], |r| r.get(0)).optional())
        .map_err(Error::sql("looking up an article by content hash"))
}

fn insert_article(conn: &Connection, a: &Article, hash: &str) -> Result<i64> {
    let mut extra = serde_json::Map::new();
    for (k, v) in &a.extra {
        // Keys repeat rarely; the first value is the one a reader saw first.
        extra
            .entry(k.clone())
            .or_insert_with(|| serde_json::Value::String(v.clone()));
    }
    let extra = serde_json::Value::Object(extra).to_string();
    conn.prepare_cached(
        "INSERT INTO articles (hash, origin, title, publisher, author, url, published,
                               published_time, extra, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .and_then(|mut s| {
        s.execute(params![
            hash,
            a.origin,
            a.title,
            a.publisher,
            a.author,
            a.url,
            iso(a.published),
            a.published_time,
            extra,
            a.body
        ])
    })
    .map_err(Error::sql(format!("storing article {}", a.origin)))?;
    Ok(conn.last_insert_rowid())
}

/// Push a parameter and return its 1-based number for `?N`.
fn bind(values: &mut Vec<Value>, v: Value) -> usize {
    values.push(v);
    values.len()
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// One article and its events, written through `tx` (a transaction or savepoint the caller
/// commits), each event merged with a stored report of the same happening.
fn store_article(
    tx: &Connection,
    name: &str,
    article: &Article,
    hash: &str,
    events: Vec<Event>,
) -> Result<IngestOutcome> {
    if let Some(article_id) = find_article(tx, hash)? {
        return Ok(IngestOutcome::Unchanged { article_id });
    }
    let article_id = insert_article(tx, article, hash)?;
    let mut events_added = 0;
    let mut events_merged = 0;
    // Events this article added are no candidates for its later events: `merge_all`
    // already joined what belongs together and deliberately kept the rest apart.
    let mut fresh: Vec<i64> = Vec::new();
    for mut event in merge::merge_all(events) {
        event.id = None;
        for s in &mut event.sources {
            // A source's provenance is the article's, whatever extraction filled in.
            s.article_id = Some(article_id);
            s.publisher.clone_from(&article.publisher);
            s.url.clone_from(&article.url);
            s.title.clone_from(&article.title);
            s.published = article.published;
        }
        // A person's deletions and splits outlive re-extraction (see `curation`).
        let Some((event, placed)) = curation::screen(tx, name, event)? else {
            continue;
        };
        let found = match placed {
            Some(stored) => Some(stored),
            None => find_same_happening(tx, name, &event, &fresh)?,
        };
        match found {
            Some(mut stored) => {
                let before = stored.clone();
                merge::absorb(&mut stored, event);
                // Grown by the new report (more actors, a finer date), the stored event
                // may now be the same happening as another stored one: fold that in too.
                let mut skip = fresh.clone();
                skip.extend(stored.id);
                while let Some(other) = find_same_happening(tx, name, &stored, &skip)? {
                    if let Some(other_id) = other.id {
                        // An event a person touched is never folded away.
                        if curation::is_locked(tx, other_id)? {
                            skip.push(other_id);
                            continue;
                        }
                        delete_event(tx, other_id)?;
                        curation::log_fold(tx, &other, &stored)?;
                    }
                    merge::absorb(&mut stored, other);
                }
                curation::keep_locked_fields(tx, &before, &mut stored)?;
                update_event(tx, name, &stored)?;
                curation::log_ingest_merge(tx, &before, &stored)?;
                events_merged += 1;
            }
            None => {
                let id = insert_event(tx, name, &event)?;
                curation::log_ingest_add(tx, id, &event)?;
                fresh.push(id);
                events_added += 1;
            }
        }
    }
    Ok(IngestOutcome::Added {
        article_id,
        events_added,
        events_merged,
    })
}

/// The merge search's statement, the same for every event, so built once: ?1 type, ?2 the
/// actor keys (JSON array), ?3 mode, then a (from, to) pair per precision of
/// `Precision::ALL`, in order, from ?4 on.
fn merge_search_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let ranges: Vec<String> = Precision::ALL
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                format!(
                    "SELECT e.id, e.date_start, e.date_end, e.precision FROM events e
                     WHERE e.type = ?1 AND {}
                       AND (?3 IS NULL OR e.mode IS NULL OR e.mode = ?3 COLLATE NOCASE)
                       AND EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event = e.id
                           AND ea.role <> 'reporter'
                           AND ea.actor_key IN (SELECT value FROM json_each(?2)))",
                    precision_overlap(p, 4 + 2 * i, 5 + 2 * i)
                )
            })
            .collect();
        format!("{} ORDER BY 2, 3, 1", ranges.join("\n UNION ALL "))
    })
}

/// The stored event that best matches `event` as the same happening (most shared
/// actors, then earliest in timeline order), the `exclude`d ids aside. SQL narrows by type,
/// actors and the window of each stored precision; `merge::same_happening` decides.
fn find_same_happening(
    conn: &Connection,
    name: &str,
    event: &Event,
    exclude: &[i64],
) -> Result<Option<Event>> {
    let keys: Vec<&str> = event
        .actors
        .iter()
        .filter(|a| a.role != crate::model::Role::Reporter)
        .map(|a| a.key.as_str())
        .collect();
    if keys.is_empty() {
        return Ok(None);
    }
    // One index range per stored precision, each in its own exact window
    // (`merge::search_window`) and bounded below by that precision's longest span
    // (0004_precision_ranges.sql): a day event is looked for among the events of its own
    // days, not of its whole year, so the search stays short however large the store
    // grows (BENCHMARKS.md). The actor test then runs per candidate; the keys travel as one
    // JSON array parameter, so the statement text never changes.
    let keys = serde_json::to_string(&keys).map_err(|e| store_error(name, e.to_string()))?;
    // A visit and a call are two happenings (`merge::same_happening`): different modes
    // are filtered out before any actor is looked at.
    let mut values: Vec<Value> = vec![
        Value::Text(event.event_type.as_str().to_string()),
        Value::Text(keys),
        event.mode.clone().map_or(Value::Null, Value::Text),
    ];
    for &p in &Precision::ALL {
        let (from, to) = merge::search_window(&event.date, p);
        values.push(Value::Text(iso(from)));
        values.push(Value::Text(iso(to)));
    }
    let sql = merge_search_sql();
    let rows: Vec<(i64, String, String, String)> = conn
        .prepare_cached(sql)
        .and_then(|mut s| {
            s.query_map(params_from_iter(values.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect()
        })
        .map_err(Error::sql(
            "looking for stored reports of the same happening",
        ))?;
    let mut best: Option<(usize, i64)> = None;
    for (id, start, end, precision) in rows {
        if exclude.contains(&id) {
            continue;
        }
        // The date test is cheap on the row alone; only survivors are loaded whole.
        let what = format!("event {id}");
        let range = DateRange {
            start: parse_date(name, &what, &start)?,
            end: parse_date(name, &what, &end)?,
            precision: precision.parse().map_err(bad_field(name, id))?,
        };
        if !merge::dates_overlap_at_coarser(&range, &event.date) {
            continue;
        }
        // Actors decide; the sources (many, for a much-reported event) are read only for
        // the one kept.
        let Some(stored) = load_event_with(conn, name, id, false)? else {
            continue;
        };
        if !merge::same_happening(&stored, event) {
            continue;
        }
        let shared = merge::shared_actors(&stored, event);
        if best.as_ref().is_none_or(|(n, _)| shared > *n) {
            best = Some((shared, id));
        }
    }
    match best {
        Some((_, id)) => load_event(conn, name, id),
        None => Ok(None),
    }
}

/// Remove an event with its actors and sources (cascade) and its text-index row.
fn delete_event(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM events_fts WHERE rowid = ?1")
        .and_then(|mut s| s.execute([id]))
        .map_err(Error::sql(format!(
            "removing event {id} from the text index"
        )))?;
    conn.prepare_cached("DELETE FROM events WHERE id = ?1")
        .and_then(|mut s| s.execute([id]))
        .map_err(Error::sql(format!("removing merged event {id}")))?;
    Ok(())
}

fn insert_event(conn: &Connection, name: &str, e: &Event) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO events (date_start, date_end, precision, status, type, mode, cameo,
                             summary, location)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .and_then(|mut s| {
        s.execute(params![
            iso(e.date.start),
            iso(e.date.end),
            e.date.precision.as_str(),
            e.status.as_str(),
            e.event_type.as_str(),
            e.mode,
            e.cameo,
            e.summary,
            e.location
        ])
    })
    .map_err(Error::sql(format!("storing event '{}'", e.summary)))?;
    let id = conn.last_insert_rowid();
    write_children(conn, name, id, e, true)?;
    Ok(id)
}

fn update_event(conn: &Connection, name: &str, e: &Event) -> Result<()> {
    let Some(id) = e.id else {
        return insert_event(conn, name, e).map(|_| ());
    };
    let sql = format!(
        "UPDATE events SET date_start = ?1, date_end = ?2, precision = ?3, status = ?4,
                           type = ?5, mode = ?6, cameo = ?7, summary = ?8, location = ?9,
                           updated_at = {NOW}
         WHERE id = ?10"
    );
    conn.prepare_cached(&sql)
        .and_then(|mut s| {
            s.execute(params![
                iso(e.date.start),
                iso(e.date.end),
                e.date.precision.as_str(),
                e.status.as_str(),
                e.event_type.as_str(),
                e.mode,
                e.cameo,
                e.summary,
                e.location,
                id
            ])
        })
        .map_err(Error::sql(format!("updating event {id}")))?;
    conn.prepare_cached("DELETE FROM event_actors WHERE event = ?1")
        .and_then(|mut s| s.execute([id]))
        .map_err(Error::sql(format!("updating the actors of event {id}")))?;
    conn.prepare_cached("DELETE FROM event_sources WHERE event = ?1")
        .and_then(|mut s| s.execute([id]))
        .map_err(Error::sql(format!("updating the sources of event {id}")))?;
    write_children(conn, name, id, e, false)
}

/// Actors, sources and the FTS row of event `id`, from `e`; `fresh`: the id was just
/// inserted, so it has no text-index row to replace.
fn write_children(conn: &Connection, name: &str, id: i64, e: &Event, fresh: bool) -> Result<()> {
    {
        let mut ins = conn
            .prepare_cached(
                "INSERT INTO event_actors (event, position, actor_key, name, name_norm, kind,
                                           country, role)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .map_err(Error::sql("preparing the event actor insert"))?;
        for (pos, a) in e.actors.iter().enumerate() {
            ins.execute(params![
                id,
                to_i64(pos),
                a.key,
                a.name,
                query::normalize_name(&a.name),
                a.kind.as_str(),
                a.country,
                a.role.as_str()
            ])
            .map_err(Error::sql(format!(
                "storing actor '{}' of event {id}",
                a.key
            )))?;
        }
    }
    {
        let mut ins = conn
            .prepare_cached(
                "INSERT INTO event_sources (event, article, evidence, evidence_start,
                                            evidence_end, time_expression, attributed_to)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .map_err(Error::sql("preparing the event source insert"))?;
        for s in &e.sources {
            let Some(article) = s.article_id else {
                return Err(store_error(
                    name,
                    format!("event {id}: a source has no stored article (a bug in annals)"),
                ));
            };
            ins.execute(params![
                id,
                article,
                s.evidence,
                to_i64(s.evidence_start),
                to_i64(s.evidence_end),
                s.time_expression,
                s.attributed_to
            ])
            .map_err(Error::sql(format!("storing a source of event {id}")))?;
        }
    }
    if !fresh {
        conn.prepare_cached("DELETE FROM events_fts WHERE rowid = ?1")
            .and_then(|mut s| s.execute([id]))
            .map_err(Error::sql(format!("updating the text index of event {id}")))?;
    }
    // One row of plain values: an INSERT ... SELECT would make SQLite open a statement
    // savepoint, and FTS5 flushes its pending terms at every savepoint (a third of the
    // index's cost at ingest, measured with perf).
    let evidence: Vec<&str> = e.sources.iter().map(|s| s.evidence.as_str()).collect();
    conn.prepare_cached("INSERT INTO events_fts (rowid, summary, evidence) VALUES (?1, ?2, ?3)")
        .and_then(|mut s| s.execute(params![id, e.summary, evidence.join("\n")]))
        .map_err(Error::sql(format!("updating the text index of event {id}")))?;
    Ok(())
}

const EVENT_COLUMNS: &str =
    "e.id, e.date_start, e.date_end, e.precision, e.status, e.type, e.mode, e.cameo, e.summary, e.location";

/// An `events` row as SQLite holds it, before its text fields are checked.
struct RawEvent {
    id: i64,
    date_start: String,
    date_end: String,
    precision: String,
    status: String,
    event_type: String,
    mode: Option<String>,
    cameo: String,
    summary: String,
    location: Option<String>,
}

impl RawEvent {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<RawEvent> {
        Ok(RawEvent {
            id: r.get(0)?,
            date_start: r.get(1)?,
            date_end: r.get(2)?,
            precision: r.get(3)?,
            status: r.get(4)?,
            event_type: r.get(5)?,
            mode: r.get(6)?,
            cameo: r.get(7)?,
            summary: r.get(8)?,
            location: r.get(9)?,
        })
    }
}

fn parse_date(name: &str, what: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| store_error(name, format!("{what}: '{s}' is not a YYYY-MM-DD date")))
}

fn bad_field(name: &str, id: i64) -> impl Fn(String) -> Error + '_ {
    move |m| store_error(name, format!("event {id}: {m}"))
}

fn load_event(conn: &Connection, name: &str, id: i64) -> Result<Option<Event>> {
    load_event_with(conn, name, id, true)
}

fn load_event_with(
    conn: &Connection,
    name: &str,
    id: i64,
    with_sources: bool,
) -> Result<Option<Event>> {
    let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ?1");
    let raw = conn
        .prepare_cached(&sql)
        .and_then(|mut s| s.query_row([id], RawEvent::from_row).optional())
        .map_err(Error::sql(format!("reading event {id}")))?;
    match raw {
        Some(raw) => complete_event_with(conn, name, raw, with_sources).map(Some),
        None => Ok(None),
    }
}

/// Check an event row's fields and attach its actors and sources.
fn complete_event(conn: &Connection, name: &str, raw: RawEvent) -> Result<Event> {
    complete_event_with(conn, name, raw, true)
}

/// `complete_event`, with the sources only if `with_sources`: deciding whether two
/// reports are one happening needs the actors, not the (many) sources.
fn complete_event_with(
    conn: &Connection,
    name: &str,
    raw: RawEvent,
    with_sources: bool,
) -> Result<Event> {
    let id = raw.id;
    let bad = bad_field(name, id);
    let what = format!("event {id}");
    let date = DateRange {
        start: parse_date(name, &what, &raw.date_start)?,
        end: parse_date(name, &what, &raw.date_end)?,
        precision: raw.precision.parse().map_err(&bad)?,
    };
    let mut actors = Vec::new();
    {
        let mut stmt = conn
            .prepare_cached(
                "SELECT actor_key, name, kind, country, role FROM event_actors
                 WHERE event = ?1 ORDER BY position",
            )
            .map_err(Error::sql("preparing the event actor query"))?;
        let rows = stmt
            .query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .map_err(Error::sql(format!("reading the actors of event {id}")))?;
        for row in rows {
            let (key, aname, kind, country, role) =
                row.map_err(Error::sql(format!("reading the actors of event {id}")))?;
            actors.push(EventActor {
                key,
                name: aname,
                kind: kind.parse().map_err(&bad)?,
                country,
                role: role.parse().map_err(&bad)?,
            });
        }
    }
    let mut sources = Vec::new();
    if with_sources {
        let mut stmt = conn
            .prepare_cached(
                "SELECT s.article, a.publisher, a.url, a.title, a.published, s.evidence,
                        s.evidence_start, s.evidence_end, s.time_expression, s.attributed_to,
                        a.ingested_at
                 FROM event_sources s JOIN articles a ON a.id = s.article
                 WHERE s.event = ?1 ORDER BY a.published, s.article, s.evidence_start, s.id",
            )
            .map_err(Error::sql("preparing the event source query"))?;
        let rows = stmt
            .query_map([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, Option<String>>(10)?,
                ))
            })
            .map_err(Error::sql(format!("reading the sources of event {id}")))?;
        for row in rows {
            let (
                article,
                publisher,
                url,
                title,
                published,
                evidence,
                start,
                end,
                texpr,
                attr,
                added,
            ) = row.map_err(Error::sql(format!("reading the sources of event {id}")))?;
            sources.push(Source {
                article_id: Some(article),
                publisher,
                url,
                title,
                published: parse_date(name, &format!("article {article}"), &published)?,
                evidence,
                evidence_start: usize::try_from(start).unwrap_or(0),
                evidence_end: usize::try_from(end).unwrap_or(0),
                time_expression: texpr,
                attributed_to: attr,
                ingested_at: added,
            });
        }
    }
    Ok(Event {
        id: Some(id),
        date,
        status: raw.status.parse().map_err(&bad)?,
        event_type: raw.event_type.parse().map_err(&bad)?,
        mode: raw.mode,
        cameo: raw.cameo,
        summary: raw.summary,
        location: raw.location,
        actors,
        sources,
    })
}

/// SQL for "events `e` of precision `p` overlapping [?from, ?to]" (parameter numbers
/// `from`, `to`): a range of the (precision, date_start) index, bounded below by the longest
/// span stored at that precision, one probe of `events_prec_span`. The precision is a
/// fixed keyword, never user text.
fn precision_overlap(p: Precision, from: usize, to: usize) -> String {
    let p = p.as_str();
    format!(
        "e.precision = '{p}' AND e.date_start <= ?{to} AND e.date_end >= ?{from}
         AND e.date_start >= date(?{from}, '-' || (SELECT coalesce(CAST(max(julianday(date_end)
             - julianday(date_start)) AS INTEGER), 0) FROM events WHERE precision = '{p}') || ' days')"
    )
}

/// A filter as one SELECT: the clause shape is assembled here, every value is a bound
/// parameter.
fn filter_sql(filter: &Filter) -> Result<(String, Vec<Value>)> {
    let mut sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE 1 = 1");
    let mut values: Vec<Value> = Vec::new();
    let nonblank = |s: &Option<String>| -> Option<String> {
        s.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };

    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        if from > to {
            return Err(Error::Usage(format!(
                "the date range is empty: from {from} is after to {to}"
            )));
        }
    }
    // The actor test, built first so that a date window can run it inside its index
    // ranges (below): a month holds thousands of events and the actor a tenth of them.
    let actor_clause = match nonblank(&filter.actor) {
        Some(actor) => {
            let k = bind(&mut values, Value::Text(actor.clone()));
            let n = bind(&mut values, Value::Text(query::normalize_name(&actor)));
            Some(format!(
                "EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event = e.id AND (
                 ea.actor_key = ?{k} COLLATE NOCASE
                 OR ea.name_norm = ?{n}
                 OR ea.actor_key IN (SELECT al.actor FROM actor_aliases al WHERE al.norm = ?{n})
                 OR (ea.kind = 'person' AND ?{n} NOT LIKE '% %' AND ea.name_norm LIKE '% ' || ?{n})))"
            ))
        }
        None => None,
    };
    let mut actor_pending = actor_clause.is_some();
    match (filter.from, filter.to) {
        (Some(from), to) => {
            // Overlap with [from, to], searched per precision so that the date index is
            // bounded on both sides (0004_precision_ranges.sql); date_end alone cannot
            // bound it. An open end is the largest date the store writes.
            let f = bind(&mut values, Value::Text(iso(from)));
            let t = bind(
                &mut values,
                Value::Text(to.map_or_else(|| "9999-12-31".to_string(), iso)),
            );
            // Inside each range the actor test reads only the index and event_actors; the
            // events rows are read for the matches alone (a month at a million events:
            // 4,400 candidates, 500 matches).
            let actor = actor_clause
                .as_deref()
                .map_or_else(String::new, |c| format!(" AND {c}"));
            actor_pending = false;
            let ranges: Vec<String> = Precision::ALL
                .iter()
                .map(|&p| {
                    format!(
                        "SELECT e.id FROM events e WHERE {}{actor}",
                        precision_overlap(p, f, t)
                    )
                })
                .collect();
            sql.push_str(&format!(" AND e.id IN ({})", ranges.join(" UNION ALL ")));
        }
        (None, Some(to)) => {
            let i = bind(&mut values, Value::Text(iso(to)));
            sql.push_str(&format!(" AND e.date_start <= ?{i}"));
        }
        (None, None) => {}
    }
    if let Some(t) = filter.event_type {
        let i = bind(&mut values, Value::Text(t.as_str().to_string()));
        sql.push_str(&format!(" AND e.type = ?{i}"));
    }
    if let Some(s) = filter.status {
        let i = bind(&mut values, Value::Text(s.as_str().to_string()));
        sql.push_str(&format!(" AND e.status = ?{i}"));
    }
    if let (true, Some(c)) = (actor_pending, &actor_clause) {
        sql.push_str(&format!(" AND {c}"));
    }
    if let Some(text) = nonblank(&filter.text) {
        let Some(fts) = query::fts_query(&text) else {
            return Err(Error::Usage(format!(
                "text filter '{text}' has no words to search for"
            )));
        };
        let i = bind(&mut values, Value::Text(fts));
        sql.push_str(&format!(
            " AND e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?{i})"
        ));
    }
    if let Some(source) = nonblank(&filter.source) {
        let i = bind(&mut values, Value::Text(query::like_contains(&source)));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM event_sources s JOIN articles a ON a.id = s.article
                 WHERE s.event = e.id
                   AND (a.publisher LIKE ?{i} ESCAPE '\\' OR a.url LIKE ?{i} ESCAPE '\\'))"
        ));
    }
    sql.push_str(" ORDER BY e.date_start, e.date_end, e.id");
    if let Some(limit) = filter.limit {
        let i = bind(&mut values, Value::Integer(to_i64(limit)));
        sql.push_str(&format!(" LIMIT ?{i}"));
    }
    Ok((sql, values))
}

mod actors;
pub use actors::{ImportReport, MergeReport, StoredActor};
pub mod curation;

#[cfg(test)]
mod tests;
