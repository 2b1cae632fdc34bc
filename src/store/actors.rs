//! Actor administration in the store: listing, showing, adding, aliasing, merging and
//! importing actors (the `annals actors` commands), and the gazetteer extraction should use
//! (built-in plus what users added).
//!
//! Everything a person adds is written with `origin = 'user'`, which a gazetteer sync never
//! overwrites or deletes, so additions survive upgrades of the default gazetteer. Two things
//! the schema has no column for live in `meta`, keyed by actor: dated roles
//! (`actor-roles:KEY`, the people.tsv cell format) and merges (`actor-merged:FROM` = INTO),
//! since a merged built-in actor comes back with every sync and must stay merged.

use super::{store_error, write_actors, Origin, Store};
use crate::actor::{format_roles, parse_roles, Actor, DatedRole, Gazetteer};
use crate::error::{Error, Result};
use crate::model::ActorKind;
use crate::query;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::collections::{HashMap, HashSet};

const ROLES_PREFIX: &str = "actor-roles:";
const MERGED_PREFIX: &str = "actor-merged:";

/// An actor as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredActor {
    pub actor: Actor,
    /// Added or changed by a person (survives gazetteer upgrades).
    pub user: bool,
    /// The aliases a person added (a subset of `actor.aliases`).
    pub user_aliases: Vec<String>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// New actors.
    pub added: usize,
    /// Known actors that got aliases or roles (or, for user actors, new fields).
    pub updated: usize,
    /// Alias rows written.
    pub aliases: usize,
    /// Aliases left out because the gazetteer already gives them a meaning (another
    /// actor's name would become ambiguous; the same actor's is redundant).
    pub skipped_aliases: usize,
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Aliases the surviving actor gained.
    pub aliases: usize,
    /// Event rows now naming the surviving actor.
    pub event_rows: usize,
}

/// How an import treats one actor.
enum Plan {
    New,
    /// Same actor as a stored one (same key, or same name and country): add its aliases
    /// and roles; replace its fields only when a person owns it.
    Known {
        key: String,
        user: bool,
    },
}

impl Store {
    /// Actors in the store (built-in after a sync, and user ones), by key, optionally only
    /// of one kind and country; merged-away actors are left out.
    pub fn list_actors(
        &self,
        kind: Option<ActorKind>,
        country: Option<&str>,
    ) -> Result<Vec<StoredActor>> {
        let merged = self.merged_actors()?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT key FROM actors
                 WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR country = ?2 COLLATE NOCASE)
                 ORDER BY key",
            )
            .map_err(Error::sql("listing actors"))?;
        let keys = stmt
            .query_map(params![kind.map(|k| k.as_str()), country], |r| {
                r.get::<_, String>(0)
            })
            .map_err(Error::sql("listing actors"))?
            .collect::<rusqlite::Result<Vec<String>>>()
            .map_err(Error::sql("listing actors"))?;
        let mut out = Vec::with_capacity(keys.len());
        for key in keys.iter().filter(|k| !merged.contains_key(*k)) {
            if let Some(a) = self.stored_actor(key)? {
                out.push(a);
            }
        }
        Ok(out)
    }

    /// One actor by key (exact, else any case).
    pub fn stored_actor(&self, key: &str) -> Result<Option<StoredActor>> {
        let row = self
            .conn
            .query_row(
                "SELECT key, name, kind, country, cameo, qid, parent, origin FROM actors
                 WHERE key = ?1 OR key = ?1 COLLATE NOCASE ORDER BY key = ?1 DESC LIMIT 1",
                [key],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, String>(7)?,
                    ))
                },
            )
            .optional()
            .map_err(Error::sql(format!("reading actor '{key}'")))?;
        let Some((key, name, kind, country, cameo, qid, parent, origin)) = row else {
            return Ok(None);
        };
        let kind: ActorKind = kind
            .parse()
            .map_err(|m: String| store_error(&self.name, format!("actor '{key}': {m}")))?;
        let mut aliases = Vec::new();
        let mut user_aliases = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT alias, origin FROM actor_aliases WHERE actor = ?1 ORDER BY id",
                )
                .map_err(Error::sql("reading aliases"))?;
            let rows = stmt
                .query_map([&key], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })
                .map_err(Error::sql("reading aliases"))?;
            for row in rows {
                let (alias, origin) = row.map_err(Error::sql("reading aliases"))?;
                if alias == name {
                    continue;
                }
                if origin == "user" {
                    user_aliases.push(alias.clone());
                }
                aliases.push(alias);
            }
        }
        let roles = self.user_roles(&key)?;
        Ok(Some(StoredActor {
            actor: Actor {
                key,
                name,
                kind,
                country,
                cameo,
                qid,
                parent,
                aliases,
                roles,
            },
            user: origin == "user",
            user_aliases,
        }))
    }

    /// The actors a key or any alias names ("PRK", "DPRK", "Kim Jong-un"): the key first,
    /// else every actor with that alias; a merged-away actor answers with its survivor.
    pub fn find_actors(&self, key_or_alias: &str) -> Result<Vec<StoredActor>> {
        let merged = self.merged_actors()?;
        let follow = |k: String| merged.get(&k).cloned().unwrap_or(k);
        if let Some(a) = self.stored_actor(key_or_alias.trim())? {
            let key = follow(a.actor.key.clone());
            if key == a.actor.key {
                return Ok(vec![a]);
            }
            return Ok(self.stored_actor(&key)?.into_iter().collect());
        }
        let norm = query::normalize_name(key_or_alias);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT actor FROM actor_aliases WHERE norm = ?1 ORDER BY actor",
            )
            .map_err(Error::sql("looking up an alias"))?;
        let keys = stmt
            .query_map([&norm], |r| r.get::<_, String>(0))
            .map_err(Error::sql("looking up an alias"))?
            .collect::<rusqlite::Result<Vec<String>>>()
            .map_err(Error::sql("looking up an alias"))?;
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for k in keys.into_iter().map(follow) {
            if seen.insert(k.clone()) {
                if let Some(a) = self.stored_actor(&k)? {
                    out.push(a);
                }
            }
        }
        Ok(out)
    }

    /// Add or replace a person's actor, roles included (`add_user_actor` keeps no roles).
    pub fn add_actor(&mut self, actor: &Actor) -> Result<()> {
        self.add_actors(std::slice::from_ref(actor))
    }

    /// Add or replace actors by key, in one transaction: what a person states (on the
    /// command line, in a CSV file) wins, even over a built-in actor of the same key,
    /// which then stays as they defined it through gazetteer upgrades. Aliases and roles
    /// are added to those already there.
    pub fn add_actors(&mut self, actors: &[Actor]) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql("starting to add actors"))?;
        write_actors(&tx, actors, Origin::User)?;
        for a in actors {
            add_roles(&tx, &a.key, &a.roles)?;
        }
        tx.commit().map_err(Error::sql("committing the actors"))
    }

    /// Add aliases to a known actor (built-in or user); they survive gazetteer upgrades.
    /// Returns how many were new.
    pub fn add_aliases(&mut self, key: &str, aliases: &[String]) -> Result<usize> {
        let Some(found) = self.stored_actor(key)? else {
            return Err(unknown_actor(key));
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql("starting to add aliases"))?;
        let n = insert_user_aliases(&tx, &found.actor.key, aliases)?;
        tx.commit().map_err(Error::sql("committing aliases"))?;
        Ok(n)
    }

    /// Import actors in one transaction. An actor whose key, or whose name and country,
    /// match a stored one adds its aliases and roles to it (a built-in actor keeps its
    /// fields, so the next gazetteer upgrade still refreshes them); others are added.
    pub fn import_actors(&mut self, actors: &[Actor]) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql("starting the actor import"))?;
        for a in actors {
            match plan(&tx, a)? {
                Plan::New => {
                    write_actors(&tx, std::slice::from_ref(a), Origin::User)?;
                    add_roles(&tx, &a.key, &a.roles)?;
                    report.added += 1;
                    report.aliases += a.aliases.len();
                }
                Plan::Known { key, user } => {
                    if user && key == a.key {
                        write_actors(&tx, std::slice::from_ref(a), Origin::User)?;
                        report.aliases += a.aliases.len();
                    } else {
                        let mut names = vec![a.name.clone()];
                        names.extend(a.aliases.iter().cloned());
                        report.aliases += insert_user_aliases(&tx, &key, &names)?;
                    }
                    add_roles(&tx, &key, &a.roles)?;
                    report.updated += 1;
                }
            }
        }
        tx.commit()
            .map_err(Error::sql("committing the actor import"))?;
        Ok(report)
    }

    /// Import actors from a large third-party list (a PETRARCH dictionary) without
    /// disturbing what `known` (the gazetteer in use) already resolves: an alias it already
    /// gives a meaning is left out, as is one an earlier actor of the same import took, and
    /// an actor whose name `known` resolves to one actor of the same country and kind
    /// family is that actor. A shared alias would make both actors ambiguous and lose
    /// mentions the gazetteer finds today.
    pub fn import_actors_with(
        &mut self,
        actors: &[Actor],
        known: &Gazetteer,
    ) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        let mut taken: HashMap<String, String> = HashMap::new();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql("starting the actor import"))?;
        for a in actors {
            let mut plan = plan(&tx, a)?;
            if matches!(plan, Plan::New) {
                let same: Vec<&Actor> = known
                    .actors_named(&a.name)
                    .into_iter()
                    .filter(|k| {
                        k.country == a.country
                            && (k.kind == ActorKind::Person) == (a.kind == ActorKind::Person)
                    })
                    .collect();
                if let [one] = same.as_slice() {
                    let user = origin_of(&tx, &one.key)?.is_some_and(|o| o == "user");
                    plan = Plan::Known {
                        key: one.key.clone(),
                        user,
                    };
                }
            }
            let target = match &plan {
                Plan::New => a.key.clone(),
                Plan::Known { key, .. } => key.clone(),
            };
            let mut names: Vec<String> = Vec::new();
            if !matches!(plan, Plan::New) {
                names.push(a.name.clone());
            }
            names.extend(a.aliases.iter().cloned());
            let mut kept = Vec::new();
            for n in names {
                let norm = query::normalize_name(&n);
                let clash = taken.get(&norm).is_some_and(|k| *k != target);
                if clash || !known.actors_named(&n).is_empty() {
                    report.skipped_aliases += 1;
                    continue;
                }
                taken.insert(norm, target.clone());
                kept.push(n);
            }
            taken.insert(query::normalize_name(&a.name), target.clone());
            match plan {
                Plan::New => {
                    let actor = Actor {
                        aliases: kept,
                        ..a.clone()
                    };
                    write_actors(&tx, std::slice::from_ref(&actor), Origin::User)?;
                    add_roles(&tx, &a.key, &a.roles)?;
                    report.added += 1;
                    report.aliases += actor.aliases.len();
                }
                Plan::Known { key, .. } => {
                    report.aliases += insert_user_aliases(&tx, &key, &kept)?;
                    add_roles(&tx, &key, &a.roles)?;
                    report.updated += 1;
                }
            }
        }
        tx.commit()
            .map_err(Error::sql("committing the actor import"))?;
        Ok(report)
    }

    /// Add aliases to known actors (the alias-only rows of an import table), in one
    /// transaction; fails on the first unknown key, before anything is written.
    pub fn import_aliases(&mut self, rows: &[(String, Vec<String>)]) -> Result<usize> {
        let mut resolved = Vec::with_capacity(rows.len());
        for (key, aliases) in rows {
            let Some(found) = self.stored_actor(key)? else {
                return Err(unknown_actor(key));
            };
            resolved.push((found.actor.key, aliases));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql("starting the alias import"))?;
        let mut n = 0;
        for (key, aliases) in resolved {
            n += insert_user_aliases(&tx, &key, aliases)?;
        }
        tx.commit()
            .map_err(Error::sql("committing the alias import"))?;
        Ok(n)
    }

    /// Merge actor `from` into `into`: `into` gains `from`'s name, aliases and roles,
    /// stored events name `into` instead, and `from` disappears from listings and from
    /// extraction. A built-in `from` stays in the table (each sync brings it back) but is
    /// kept merged by a redirect in `meta`.
    pub fn merge_actors(&mut self, from: &str, into: &str) -> Result<MergeReport> {
        let (Some(f), Some(t)) = (self.stored_actor(from)?, self.stored_actor(into)?) else {
            let missing = if self.stored_actor(from)?.is_none() {
                from
            } else {
                into
            };
            return Err(unknown_actor(missing));
        };
        let (from, into) = (f.actor.key.clone(), t.actor.key.clone());
        if from == into {
            return Err(Error::Usage(format!(
                "cannot merge actor '{from}' into itself"
            )));
        }
        if self.merged_actors()?.contains_key(&into) {
            return Err(Error::Usage(format!(
                "actor '{into}' was itself merged away; merge into the actor it was merged into \
                 (see `annals actors show {into}`)"
            )));
        }
        let mut report = MergeReport::default();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql("starting the merge"))?;
        let mut names = vec![f.actor.name.clone()];
        names.extend(f.actor.aliases.iter().cloned());
        report.aliases = insert_user_aliases(&tx, &into, &names)?;
        add_roles(&tx, &into, &f.actor.roles)?;
        tx.execute(
            "DELETE FROM meta WHERE key = ?1",
            [format!("{ROLES_PREFIX}{from}")],
        )
        .map_err(Error::sql("moving roles"))?;
        report.event_rows = tx
            .execute(
                "UPDATE event_actors SET actor_key = ?2, name = ?3, name_norm = ?4, kind = ?5,
                     country = ?6
                 WHERE actor_key = ?1",
                params![
                    from,
                    into,
                    t.actor.name,
                    query::normalize_name(&t.actor.name),
                    t.actor.kind.as_str(),
                    t.actor.country
                ],
            )
            .map_err(Error::sql(format!("pointing events at '{into}'")))?;
        // An event that named both now names `into` twice in the same role: keep one.
        tx.execute(
            "DELETE FROM event_actors WHERE actor_key = ?1 AND EXISTS (
                 SELECT 1 FROM event_actors b WHERE b.event = event_actors.event
                   AND b.actor_key = ?1 AND b.role = event_actors.role
                   AND b.position < event_actors.position)",
            [&into],
        )
        .map_err(Error::sql("removing doubled event actors"))?;
        // Earlier merges into `from` now lead to `into`.
        tx.execute(
            "UPDATE meta SET value = ?2 WHERE key LIKE ?3 AND value = ?1",
            params![from, into, format!("{MERGED_PREFIX}%")],
        )
        .map_err(Error::sql("updating earlier merges"))?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![format!("{MERGED_PREFIX}{from}"), into],
        )
        .map_err(Error::sql("recording the merge"))?;
        if f.user {
            tx.execute(
                "DELETE FROM actors WHERE key = ?1 AND origin = 'user'",
                [&from],
            )
            .map_err(Error::sql(format!("removing actor '{from}'")))?;
        }
        tx.commit().map_err(Error::sql("committing the merge"))?;
        Ok(report)
    }

    /// Merged-away actor keys and the actor each was merged into.
    pub fn merged_actors(&self) -> Result<HashMap<String, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, value FROM meta WHERE key LIKE ?1")
            .map_err(Error::sql("reading merges"))?;
        let rows = stmt
            .query_map([format!("{MERGED_PREFIX}%")], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(Error::sql("reading merges"))?;
        let mut out = HashMap::new();
        for row in rows {
            let (k, v) = row.map_err(Error::sql("reading merges"))?;
            if let Some(from) = k.strip_prefix(MERGED_PREFIX) {
                out.insert(from.to_string(), v);
            }
        }
        Ok(out)
    }

    /// Dated roles a person added to an actor.
    pub fn user_roles(&self, key: &str) -> Result<Vec<DatedRole>> {
        read_roles(&self.conn, key)
    }

    /// What extraction should know beyond the built-in gazetteer: user actors (with their
    /// roles), and built-in actors with the aliases and roles people added to them. Pass
    /// them after the built-in actors to `Gazetteer::from_actors`, which lets them refine
    /// the built-in ones.
    pub fn user_gazetteer_actors(&self) -> Result<Vec<Actor>> {
        // Three bulk reads rather than queries per actor: imported dictionaries hold tens
        // of thousands of actors, and every ingest builds this list.
        let mut roles: HashMap<String, Vec<DatedRole>> = HashMap::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT key, value FROM meta WHERE key LIKE ?1 || '%'")
                .map_err(Error::sql("reading user roles"))?;
            let rows = stmt
                .query_map([ROLES_PREFIX], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })
                .map_err(Error::sql("reading user roles"))?;
            for row in rows {
                let (k, cell) = row.map_err(Error::sql("reading user roles"))?;
                let Some(key) = k.strip_prefix(ROLES_PREFIX) else {
                    continue;
                };
                let parsed = parse_roles(&cell)
                    .map_err(|m| store_error(&self.name, format!("roles of actor '{key}': {m}")))?;
                roles.insert(key.to_string(), parsed);
            }
        }
        // A user actor brings all its aliases; a built-in one only those people added.
        let mut aliases: HashMap<String, Vec<String>> = HashMap::new();
        {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT al.actor, al.alias FROM actor_aliases al JOIN actors a ON a.key = al.actor
                     WHERE a.origin = 'user' OR al.origin = 'user' ORDER BY al.id",
                )
                .map_err(Error::sql("reading user aliases"))?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .map_err(Error::sql("reading user aliases"))?;
            for row in rows {
                let (key, alias) = row.map_err(Error::sql("reading user aliases"))?;
                aliases.entry(key).or_default().push(alias);
            }
        }
        let mut stmt = self
            .conn
            .prepare("SELECT key, name, kind, country, cameo, qid, parent FROM actors ORDER BY key")
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
        let user_keys: HashSet<String> = {
            let mut q = self
                .conn
                .prepare("SELECT key FROM actors WHERE origin = 'user'")
                .map_err(Error::sql("reading user actors"))?;
            let keys = q
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(Error::sql("reading user actors"))?
                .collect::<rusqlite::Result<HashSet<String>>>()
                .map_err(Error::sql("reading user actors"))?;
            keys
        };
        let mut out = Vec::new();
        for row in rows {
            let (key, name, kind, country, cameo, qid, parent) =
                row.map_err(Error::sql("reading user actors"))?;
            let user = user_keys.contains(&key);
            if !user && !aliases.contains_key(&key) && !roles.contains_key(&key) {
                continue;
            }
            let kind: ActorKind = kind
                .parse()
                .map_err(|m: String| store_error(&self.name, format!("actor '{key}': {m}")))?;
            let alias_list = aliases
                .remove(&key)
                .unwrap_or_default()
                .into_iter()
                .filter(|a| *a != name)
                .collect();
            out.push(Actor {
                roles: roles.remove(&key).unwrap_or_default(),
                key,
                name,
                kind,
                country,
                cameo,
                qid,
                parent,
                aliases: alias_list,
            });
        }
        Ok(out)
    }

    /// The gazetteer extraction should use: `builtin` plus every user addition, without
    /// merged-away actors. Returns `builtin` itself (no rebuild) when people added nothing.
    pub fn gazetteer_with_user(&self, builtin: &Gazetteer) -> Result<Gazetteer> {
        let user = self.user_gazetteer_actors()?;
        let merged = self.merged_actors()?;
        if user.is_empty() && merged.is_empty() {
            return Ok(builtin.clone());
        }
        let mut actors: Vec<Actor> = builtin
            .actors()
            .iter()
            .filter(|a| !merged.contains_key(&a.key))
            .cloned()
            .collect();
        actors.extend(user.into_iter().filter(|a| !merged.contains_key(&a.key)));
        Gazetteer::from_actors(actors)
    }
}

fn unknown_actor(key: &str) -> Error {
    Error::Usage(format!(
        "no actor '{key}'; see `annals actors list`, or add it with `annals actors add`"
    ))
}

/// Whether `a` is an actor the store already holds: the same key, else one actor with the
/// same name (as an alias) and the same country and kind family.
fn plan(conn: &Connection, a: &Actor) -> Result<Plan> {
    if let Some(origin) = origin_of(conn, &a.key)? {
        return Ok(Plan::Known {
            key: a.key.clone(),
            user: origin == "user",
        });
    }
    let mut stmt = conn
        .prepare_cached(
            "SELECT DISTINCT x.key, x.kind, x.country, x.origin FROM actor_aliases al
             JOIN actors x ON x.key = al.actor WHERE al.norm = ?1",
        )
        .map_err(Error::sql("looking up a name"))?;
    let found = stmt
        .query_map([query::normalize_name(&a.name)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .map_err(Error::sql("looking up a name"))?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(Error::sql("looking up a name"))?;
    let person = |k: &str| k == ActorKind::Person.as_str();
    let same: Vec<_> = found
        .into_iter()
        .filter(|(_, kind, country, _)| {
            person(kind) == (a.kind == ActorKind::Person) && *country == a.country
        })
        .collect();
    match same.as_slice() {
        [(key, _, _, origin)] => Ok(Plan::Known {
            key: key.clone(),
            user: origin == "user",
        }),
        _ => Ok(Plan::New),
    }
}

fn origin_of(conn: &Connection, key: &str) -> Result<Option<String>> {
    conn.query_row("SELECT origin FROM actors WHERE key = ?1", [key], |r| {
        r.get(0)
    })
    .optional()
    .map_err(Error::sql(format!("looking up actor '{key}'")))
}

/// User alias rows for `key`; returns how many were new.
fn insert_user_aliases(conn: &Connection, key: &str, aliases: &[String]) -> Result<usize> {
    let mut stmt = conn
        .prepare_cached(
            "INSERT INTO actor_aliases (alias, norm, actor, origin) VALUES (?1, ?2, ?3, 'user')
             ON CONFLICT (norm, actor) DO NOTHING",
        )
        .map_err(Error::sql("preparing the alias insert"))?;
    let mut n = 0;
    for alias in aliases {
        let norm = query::normalize_name(alias);
        if norm.is_empty() {
            continue;
        }
        n += stmt
            .execute(params![alias.trim(), norm, key])
            .map_err(Error::sql(format!("storing alias '{alias}' of '{key}'")))?;
    }
    Ok(n)
}

fn read_roles(conn: &Connection, key: &str) -> Result<Vec<DatedRole>> {
    let cell: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [format!("{ROLES_PREFIX}{key}")],
            |r| r.get(0),
        )
        .optional()
        .map_err(Error::sql(format!("reading the roles of '{key}'")))?;
    match cell {
        Some(c) => parse_roles(&c).map_err(|m| Error::Store {
            path: "meta".into(),
            message: format!("roles of actor '{key}': {m}"),
        }),
        None => Ok(Vec::new()),
    }
}

/// Add roles to an actor's stored roles (a role already there is not repeated).
fn add_roles(conn: &Connection, key: &str, roles: &[DatedRole]) -> Result<()> {
    if roles.is_empty() {
        return Ok(());
    }
    let mut all = read_roles(conn, key)?;
    for r in roles {
        if !all.contains(r) {
            all.push(r.clone());
        }
    }
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![format!("{ROLES_PREFIX}{key}"), format_roles(&all)],
    )
    .map_err(Error::sql(format!("storing the roles of '{key}'")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn store() -> Store {
        let mut s = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let g = Gazetteer::builtin().unwrap_or_else(|e| panic!("{e}"));
        s.sync_actors(&g).unwrap_or_else(|e| panic!("{e}"));
        s
    }

    fn person(key: &str, name: &str, country: &str) -> Actor {
        Actor {
            key: key.into(),
            name: name.into(),
            kind: ActorKind::Person,
            country: Some(country.into()),
            cameo: None,
            qid: None,
            parent: None,
            aliases: Vec::new(),
            roles: Vec::new(),
        }
    }

    #[test]
    fn alias_added_to_builtin_actor_survives_a_gazetteer_upgrade() {
        let mut s = store();
        let n = s
            .add_aliases("PRK", &["Hermit Kingdom".to_string()])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(n, 1);
        // An upgrade: a changed gazetteer is synced over the same database.
        let mut actors = crate::actor::builtin_actors().unwrap_or_else(|e| panic!("{e}"));
        actors.push(person("new-envoy", "New Envoy", "USA"));
        let g2 = Gazetteer::from_actors(actors).unwrap_or_else(|e| panic!("{e}"));
        s.sync_actors(&g2).unwrap_or_else(|e| panic!("{e}"));
        let found = s
            .find_actors("Hermit Kingdom")
            .unwrap_or_else(|e| panic!("{e}"));
        let keys: Vec<&str> = found.iter().map(|a| a.actor.key.as_str()).collect();
        assert_eq!(keys, ["PRK"]);
    }

    #[test]
    fn user_actors_and_aliases_reach_the_extraction_gazetteer() {
        let mut s = store();
        let mut a = person("kim-in-ae", "Kim In-ae", "KOR");
        a.roles.push(DatedRole {
            title: "deputy spokesperson".into(),
            of: Some("KOR-unification-ministry".into()),
            start: NaiveDate::from_ymd_opt(2023, 1, 1),
            end: None,
        });
        s.add_actor(&a).unwrap_or_else(|e| panic!("{e}"));
        s.add_aliases("PRK", &["Hermit Kingdom".to_string()])
            .unwrap_or_else(|e| panic!("{e}"));
        let builtin = Gazetteer::builtin().unwrap_or_else(|e| panic!("{e}"));
        let g = s
            .gazetteer_with_user(&builtin)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            g.lookup("Kim In-ae").map(|a| a.key.as_str()),
            Some("kim-in-ae")
        );
        assert_eq!(g.get("kim-in-ae").map(|a| a.roles.len()), Some(1));
        assert_eq!(
            g.lookup("Hermit Kingdom").map(|a| a.key.as_str()),
            Some("PRK")
        );
        // The built-in actor keeps its own aliases, once.
        let prk = g.get("PRK").map(|a| a.aliases.clone()).unwrap_or_default();
        assert_eq!(prk.iter().filter(|x| x.as_str() == "DPRK").count(), 1);
    }

    #[test]
    fn nothing_added_means_the_builtin_gazetteer_unchanged() {
        let s = store();
        let builtin = Gazetteer::builtin().unwrap_or_else(|e| panic!("{e}"));
        let g = s
            .gazetteer_with_user(&builtin)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(g.actors().len(), builtin.actors().len());
    }

    #[test]
    fn merged_builtin_actor_stays_merged_after_a_sync() {
        let mut s = store();
        s.add_actor(&person("kim-jong-un-2", "Kim Jong Un Jr", "PRK"))
            .unwrap_or_else(|e| panic!("{e}"));
        let r = s
            .merge_actors("kim-jong-un-2", "kim-jong-un")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.aliases, 1);
        assert!(s.stored_actor("kim-jong-un-2").unwrap_or(None).is_none());
        let found = s
            .find_actors("Kim Jong Un Jr")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].actor.key, "kim-jong-un");
        // Merging a built-in actor away: it comes back with a sync, but stays hidden.
        s.merge_actors("KOR-unification-ministry", "KOR")
            .unwrap_or_else(|e| panic!("{e}"));
        let listed = s
            .list_actors(None, Some("KOR"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(listed
            .iter()
            .all(|a| a.actor.key != "KOR-unification-ministry"));
        let builtin = Gazetteer::builtin().unwrap_or_else(|e| panic!("{e}"));
        let g = s
            .gazetteer_with_user(&builtin)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(g.get("KOR-unification-ministry").is_none());
    }

    #[test]
    fn import_folds_a_known_name_into_the_stored_actor() {
        let mut s = store();
        let mut putin = person("putin-petrarch", "Vladimir Putin", "RUS");
        putin.aliases.push("President Putin".into());
        let r = s.import_actors(&[putin]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.added, r.updated), (0, 1));
        let found = s
            .find_actors("President Putin")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(found.len(), 1);
        assert!(!found[0].user, "the built-in actor keeps its origin");
        assert!(found[0]
            .user_aliases
            .contains(&"President Putin".to_string()));
    }

    #[test]
    fn dictionary_import_leaves_out_aliases_the_gazetteer_already_resolves() {
        let mut s = store();
        let builtin = Gazetteer::builtin().unwrap_or_else(|e| panic!("{e}"));
        // A PETRARCH "Ukraine" record whose synonyms include the demonym, and a second
        // record claiming the same new alias.
        let mut ukraine = person("UKR", "Ukraine", "UKR");
        ukraine.kind = ActorKind::State;
        ukraine.aliases = vec!["Ukrainian".into(), "Ukraina".into()];
        let mut party = person("some-party", "Some Party", "UKR");
        party.kind = ActorKind::Group;
        party.aliases = vec!["Ukraina".into(), "Ukrainian".into()];
        let r = s
            .import_actors_with(&[ukraine, party], &builtin)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.added, r.updated), (1, 1));
        assert_eq!(
            r.skipped_aliases, 4,
            "Ukraine, Ukrainian twice, Ukraina once"
        );
        let g = s
            .gazetteer_with_user(&builtin)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(g.lookup("Ukrainian").map(|a| a.key.as_str()), Some("UKR"));
        assert_eq!(g.lookup("Ukraina").map(|a| a.key.as_str()), Some("UKR"));
    }

    #[test]
    fn dictionary_import_finds_a_known_person_by_name() {
        let mut s = store();
        let builtin = Gazetteer::builtin().unwrap_or_else(|e| panic!("{e}"));
        let mut assad = person("bashar-al-assad-petrarch", "Bashar al-Assad", "SYR");
        assad.aliases = vec!["President Bashar al-Assad".into(), "Dr Bashar".into()];
        let r = s
            .import_actors_with(&[assad], &builtin)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((r.added, r.updated), (0, 1));
        let found = s.find_actors("Dr Bashar").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].actor.key, "bashar-al-assad");
    }

    #[test]
    fn unknown_key_error_says_what_to_run() {
        let mut s = store();
        let msg = s
            .add_aliases("nobody", &["x".to_string()])
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(msg.contains("annals actors list"), "{msg}");
    }
}
