//! Actors: the default gazetteer (states, leaders with dated roles, IGOs, ministries,
//! militaries, state media) loaded from data files under `schema/gazetteer/`, and mention
//! finding that maps aliases, titles, demonyms, capitals as metonyms and simple coreference
//! to one canonical actor. Matching is one Aho-Corasick pass over every alias, title, body
//! noun and anaphor; the rules that combine those pieces ("Russia's" + "top diplomat",
//! "Ministry of National Defence" + "of the DPRK", "leader" + "Kim") live in `matcher`.
//! The rules lean conservative: a wrong actor costs more downstream than a missing one.

mod data;
mod matcher;
pub mod petrarch;

pub use data::{parse_actor_rows, parse_actor_table, ActorRow};
#[cfg(test)]
mod tests;

use crate::error::{Error, Result};
use crate::model::ActorKind;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

/// A role a person holds between two dates ("foreign minister of RUS since 2004").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedRole {
    pub title: String,
    /// Key of the state or body the role belongs to.
    pub of: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

impl DatedRole {
    /// Whether the role is held on `date` (open ends hold forever; both ends inclusive).
    pub fn holds_on(&self, date: NaiveDate) -> bool {
        self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date <= e)
    }
}

/// A canonical actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Stable key: ISO alpha-3 for states ("PRK"), a slug for others ("kim-jong-un",
    /// "KOR-unification-ministry").
    pub key: String,
    pub name: String,
    pub kind: ActorKind,
    /// ISO 3166 alpha-3 of the actor's country.
    pub country: Option<String>,
    /// CAMEO actor code ("PRKGOV"), if known.
    pub cameo: Option<String>,
    /// Wikidata QID, if known.
    pub qid: Option<String>,
    /// Key of the actor this one is part of (a ministry's state).
    pub parent: Option<String>,
    pub aliases: Vec<String>,
    pub roles: Vec<DatedRole>,
}

impl Actor {
    /// Roles held on `date`.
    pub fn roles_on(&self, date: NaiveDate) -> impl Iterator<Item = &DatedRole> {
        self.roles.iter().filter(move |r| r.holds_on(date))
    }
}

/// One actor mention in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte offsets in the sentence.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub actor_key: String,
}

/// What the text has mentioned so far, for "the North", "the ministry", "Kim", "he".
/// Create one per article and pass it to every `find_mentions` call, in sentence order.
#[derive(Debug, Clone, Default)]
pub struct MentionContext {
    /// Actor keys in order of mention, most recent last (bounded).
    recent: Vec<String>,
    /// Every key and country mentioned so far.
    seen: HashSet<String>,
}

/// Prefix of the markers for unknown people in `MentionContext::recent` (never a key).
pub(crate) const UNKNOWN_MARK: char = '\u{0}';

/// How many recent mentions the context keeps: an article rarely refers back further.
const RECENT_CAP: usize = 256;

impl MentionContext {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a mention of `actor` (its key and country count as seen).
    pub fn note(&mut self, actor: &Actor) {
        self.recent.push(actor.key.clone());
        if self.recent.len() > RECENT_CAP {
            let excess = self.recent.len() - RECENT_CAP;
            self.recent.drain(..excess);
        }
        self.seen.insert(actor.key.clone());
        if let Some(c) = &actor.country {
            self.seen.insert(c.clone());
        }
    }

    /// Whether an actor with this key, or any actor of this country, was mentioned.
    pub fn has_seen(&self, key_or_country: &str) -> bool {
        self.seen.contains(key_or_country)
    }

    /// Keys mentioned so far, most recent first.
    pub fn recent(&self) -> impl Iterator<Item = &str> {
        self.recent_all().filter(|k| !k.starts_with(UNKNOWN_MARK))
    }

    /// Keys and unknown-person markers, most recent first.
    pub(crate) fn recent_all(&self) -> impl Iterator<Item = &str> {
        self.recent.iter().rev().map(String::as_str)
    }

    /// Records that a person the gazetteer does not know was named with this surname ("Kim
    /// In-ae"), so a later bare "Kim" is not taken for an earlier known Kim.
    pub(crate) fn note_unknown_person(&mut self, surname: &str) {
        self.recent.push(format!("{UNKNOWN_MARK}{surname}"));
        if self.recent.len() > RECENT_CAP {
            let excess = self.recent.len() - RECENT_CAP;
            self.recent.drain(..excess);
        }
    }
}

/// All known actors and the matcher over their aliases. Cloning is cheap: the data and the
/// automaton are shared.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    actors: Vec<Actor>,
    by_key: HashMap<String, usize>,
    /// Normalised whole alias → actors (more than one: deliberately ambiguous).
    by_alias: HashMap<String, Vec<usize>>,
    /// Normalised capital name → state index.
    capitals: HashMap<String, usize>,
    matcher: matcher::Matcher,
}

static BUILTIN: OnceLock<std::result::Result<Gazetteer, String>> = OnceLock::new();

/// The actors shipped with annals: states, generated state bodies (every state's foreign
/// ministry, defence ministry and military), organizations and people with dated roles.
/// Pass them, plus user additions, to [`Gazetteer::from_actors`].
pub fn builtin_actors() -> Result<Vec<Actor>> {
    let (mut actors, state_rows) = data::states()?;
    let bodies = data::bodies()?;
    actors.extend(data::generated_bodies(&state_rows, &bodies));
    actors.extend(data::orgs()?);
    actors.extend(data::people()?.0);
    Ok(merge_same_keys(actors))
}

/// Later actors with a key already present replace its fields and add their aliases and
/// roles: orgs.tsv refines generated bodies, user additions refine built-in actors.
fn merge_same_keys(actors: Vec<Actor>) -> Vec<Actor> {
    let mut out: Vec<Actor> = Vec::with_capacity(actors.len());
    let mut index: HashMap<String, usize> = HashMap::new();
    for a in actors {
        match index.get(&a.key) {
            Some(&i) => {
                if let Some(old) = out.get_mut(i) {
                    let mut aliases = std::mem::take(&mut old.aliases);
                    if old.name != a.name && !aliases.contains(&old.name) {
                        aliases.push(old.name.clone());
                    }
                    for al in &a.aliases {
                        if !aliases.contains(al) {
                            aliases.push(al.clone());
                        }
                    }
                    let mut roles = std::mem::take(&mut old.roles);
                    roles.extend(a.roles.iter().cloned());
                    *old = Actor {
                        aliases,
                        roles,
                        country: a.country.clone().or(old.country.take()),
                        cameo: a.cameo.clone().or(old.cameo.take()),
                        qid: a.qid.clone().or(old.qid.take()),
                        parent: a.parent.clone().or(old.parent.take()),
                        ..a
                    };
                }
            }
            None => {
                index.insert(a.key.clone(), out.len());
                out.push(a);
            }
        }
    }
    out
}

/// Dated roles as one text cell, the people.tsv form: `title@of@start@end` joined by `;`
/// (ISO dates, empty for an open end). Read back with [`parse_roles`].
pub fn format_roles(roles: &[DatedRole]) -> String {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    roles
        .iter()
        .map(|r| {
            format!(
                "{}@{}@{}@{}",
                r.title,
                r.of.as_deref().unwrap_or(""),
                date(r.start),
                date(r.end)
            )
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// Dated roles from a people.tsv roles cell (`title/title@of@start@end;...`).
pub fn parse_roles(cell: &str) -> std::result::Result<Vec<DatedRole>, String> {
    data::parse_roles(cell)
}

/// The lookup form of a name: trimmed, single-spaced, straight apostrophes, lowercase.
pub(crate) fn normalize(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\u{2019}', "'")
        .to_lowercase()
}

impl Gazetteer {
    /// The gazetteer shipped with annals (data files built into the binary). Built once per
    /// process; later calls return a cheap shared clone.
    pub fn builtin() -> Result<Gazetteer> {
        let built = BUILTIN.get_or_init(|| {
            builtin_actors()
                .and_then(Gazetteer::from_actors)
                .map_err(|e| e.to_string())
        });
        built.clone().map_err(|message| Error::Data {
            file: "schema/gazetteer".into(),
            line: 0,
            message,
        })
    }

    /// A gazetteer from explicit actors (the built-in ones plus user additions). An actor
    /// whose key repeats an earlier one refines it (fields replaced, aliases added).
    pub fn from_actors(actors: Vec<Actor>) -> Result<Gazetteer> {
        let actors = merge_same_keys(actors);
        let mut by_key = HashMap::new();
        let mut by_alias: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in actors.iter().enumerate() {
            by_key.insert(a.key.clone(), i);
            let mut names: Vec<String> = vec![a.key.clone(), a.name.clone()];
            names.extend(a.aliases.iter().cloned());
            if a.kind == ActorKind::Person {
                names.extend(a.aliases.iter().flat_map(|n| matcher::name_variants(n)));
                names.extend(matcher::name_variants(&a.name));
            }
            for n in names {
                let entry = by_alias.entry(normalize(&n)).or_default();
                if !entry.contains(&i) {
                    entry.push(i);
                }
            }
        }
        let mut capitals = HashMap::new();
        let (_, state_rows) = data::states()?;
        for st in &state_rows {
            if let Some(&i) = by_key.get(&st.key) {
                for c in &st.capitals {
                    capitals.insert(normalize(c), i);
                }
            }
        }
        let matcher = matcher::Matcher::build(&actors)?;
        Ok(Gazetteer {
            inner: Arc::new(Inner {
                actors,
                by_key,
                by_alias,
                capitals,
                matcher,
            }),
        })
    }

    pub fn actors(&self) -> &[Actor] {
        &self.inner.actors
    }

    pub fn get(&self, key: &str) -> Option<&Actor> {
        self.inner
            .by_key
            .get(key)
            .and_then(|&i| self.inner.actors.get(i))
    }

    /// The actor a whole name or alias denotes ("Pyongyang", "DPRK", "kim jong-un", "the
    /// DPRK"); also keys ("PRK") and composed names ("Russian Foreign Ministry"). `None` when
    /// unknown or deliberately ambiguous.
    pub fn lookup(&self, name: &str) -> Option<&Actor> {
        let n = normalize(name);
        if n.is_empty() {
            return None;
        }
        if let Some(a) = self.lookup_exact(&n) {
            return Some(a);
        }
        if let Some(rest) = n.strip_prefix("the ") {
            if let Some(a) = self.lookup_exact(rest) {
                return Some(a);
            }
        }
        if let Some(a) = self.inner.by_key.iter().find_map(|(k, &i)| {
            k.eq_ignore_ascii_case(name.trim())
                .then(|| self.inner.actors.get(i))
                .flatten()
        }) {
            return Some(a);
        }
        // A composed name ("Russia's Defence Ministry") is one mention covering it all.
        let trimmed = name.trim();
        let today = chrono::Utc::now().date_naive();
        let mut ctx = MentionContext::new();
        let found = self.find_mentions(trimmed, today, &mut ctx);
        match found.as_slice() {
            [m] if m.start == 0 && m.end == trimmed.len() => self.get(&m.actor_key),
            _ => None,
        }
    }

    /// Every actor a name already means, for telling a new alias from one that would
    /// clash: the actors holding it as a whole alias (several when it is ambiguous), else
    /// the actor of one mention covering the whole name ("Ukrainian", "President Putin").
    /// Unlike [`Gazetteer::lookup`] it does not scan keys, so it stays cheap over
    /// thousands of imported names.
    pub fn actors_named(&self, name: &str) -> Vec<&Actor> {
        let n = normalize(name);
        if n.is_empty() {
            return Vec::new();
        }
        let whole = self.inner.by_alias.get(&n).or_else(|| {
            n.strip_prefix("the ")
                .and_then(|r| self.inner.by_alias.get(r))
        });
        if let Some(list) = whole {
            return list
                .iter()
                .filter_map(|&i| self.inner.actors.get(i))
                .collect();
        }
        let trimmed = name.trim();
        let mut ctx = MentionContext::new();
        let today = chrono::Utc::now().date_naive();
        match self.find_mentions(trimmed, today, &mut ctx).as_slice() {
            [m] if m.start == 0 && m.end == trimmed.len() => {
                self.get(&m.actor_key).into_iter().collect()
            }
            _ => Vec::new(),
        }
    }

    fn lookup_exact(&self, normalized: &str) -> Option<&Actor> {
        match self.inner.by_alias.get(normalized).map(Vec::as_slice) {
            Some([i]) => self.inner.actors.get(*i),
            _ => None,
        }
    }

    /// The state whose capital this is ("Pyongyang" → North Korea): lets a caller tell a
    /// capital used as a place from the state itself.
    pub fn capital_of(&self, name: &str) -> Option<&Actor> {
        self.inner
            .capitals
            .get(&normalize(name))
            .and_then(|&i| self.inner.actors.get(i))
    }

    /// The state an actor belongs to: a state itself, else the state of its country
    /// ("RUS-foreign-ministry", "sergei-lavrov" → Russia). `None` for IGOs and unknown keys.
    pub fn state_of(&self, key: &str) -> Option<&Actor> {
        let a = self.get(key)?;
        if a.kind == ActorKind::State {
            return Some(a);
        }
        self.get(a.country.as_deref()?)
            .filter(|s| s.kind == ActorKind::State)
    }

    /// The person holding `title` (a canonical role title: "foreign minister", "leader")
    /// of `of` (a state or body key) on `date`; the latest appointed if data overlap.
    pub fn role_holder(&self, title: &str, of: &str, date: NaiveDate) -> Option<&Actor> {
        self.inner
            .matcher
            .role_holder(self, &[title.to_string()], of, date)
            .and_then(|i| self.inner.actors.get(i))
    }

    /// Mentions in one sentence, left to right, non-overlapping (longest match wins);
    /// `ctx` carries what earlier sentences mentioned. `date` is the event date for roles.
    pub fn find_mentions(
        &self,
        sentence: &str,
        date: NaiveDate,
        ctx: &mut MentionContext,
    ) -> Vec<Mention> {
        self.inner.matcher.find_mentions(self, sentence, date, ctx)
    }

    pub(crate) fn actor_at(&self, i: usize) -> Option<&Actor> {
        self.inner.actors.get(i)
    }

    pub(crate) fn index_of(&self, key: &str) -> Option<usize> {
        self.inner.by_key.get(key).copied()
    }
}
