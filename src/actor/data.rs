//! The built-in reference data of the gazetteer: TSV files under `schema/gazetteer/`,
//! compiled into the binary with `include_str!` and parsed here into actors (states,
//! generated state bodies, organizations, people with dated roles) and into the rule tables
//! the matcher uses (body nouns, titles, anaphors, blocking phrases, ambiguous surnames).
//! Parsing errors name the file and line: they are bugs in annals, not user errors.

use super::{Actor, DatedRole};
use crate::error::{Error, Result};
use crate::model::ActorKind;
use chrono::NaiveDate;
use std::collections::HashMap;

pub(crate) const STATES: (&str, &str) = (
    "states.tsv",
    include_str!("../../schema/gazetteer/states.tsv"),
);
pub(crate) const PEOPLE: (&str, &str) = (
    "people.tsv",
    include_str!("../../schema/gazetteer/people.tsv"),
);
pub(crate) const ORGS: (&str, &str) = ("orgs.tsv", include_str!("../../schema/gazetteer/orgs.tsv"));
const BODIES: (&str, &str) = (
    "bodies.tsv",
    include_str!("../../schema/gazetteer/bodies.tsv"),
);
const TITLES: (&str, &str) = (
    "titles.tsv",
    include_str!("../../schema/gazetteer/titles.tsv"),
);
const ANAPHORS: (&str, &str) = (
    "anaphors.tsv",
    include_str!("../../schema/gazetteer/anaphors.tsv"),
);
const BLOCKS: (&str, &str) = (
    "blocks.tsv",
    include_str!("../../schema/gazetteer/blocks.tsv"),
);
const AMBIGUOUS_SURNAMES: (&str, &str) = (
    "ambiguous_surnames.txt",
    include_str!("../../schema/gazetteer/ambiguous_surnames.txt"),
);

/// One data row: its 1-based line number and its tab-separated cells (missing trailing
/// cells read as empty).
pub(crate) struct Row<'a> {
    pub line: usize,
    cells: Vec<&'a str>,
}

impl<'a> Row<'a> {
    pub fn get(&self, i: usize) -> &'a str {
        self.cells.get(i).map(|c| c.trim()).unwrap_or("")
    }

    pub fn opt(&self, i: usize) -> Option<String> {
        let c = self.get(i);
        (!c.is_empty()).then(|| c.to_string())
    }

    /// A `|`-separated list cell.
    pub fn list(&self, i: usize) -> Vec<String> {
        split_list(self.get(i), '|')
    }
}

fn split_list(cell: &str, sep: char) -> Vec<String> {
    cell.split(sep)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Data rows of a TSV file: comments (`#`) and blank lines skipped, and the header row (the
/// first non-comment line) dropped.
pub(crate) fn rows(text: &str) -> Vec<Row<'_>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .skip(1)
        .map(|(i, l)| Row {
            line: i + 1,
            cells: l.split('\t').collect(),
        })
        .collect()
}

fn data_err(file: &str, line: usize, message: impl Into<String>) -> Error {
    Error::Data {
        file: format!("schema/gazetteer/{file}"),
        line,
        message: message.into(),
    }
}

fn parse_kind(file: &str, line: usize, s: &str) -> Result<ActorKind> {
    s.parse().map_err(|e: String| data_err(file, line, e))
}

/// Roles written "title/title@of@start@end;..." (ISO dates, empty = open): one
/// `DatedRole` per title.
pub(crate) fn parse_roles(cell: &str) -> std::result::Result<Vec<DatedRole>, String> {
    let mut roles = Vec::new();
    for spec in split_list(cell, ';') {
        let parts: Vec<&str> = spec.split('@').map(str::trim).collect();
        let [titles, of, start, end] = parts.as_slice() else {
            return Err(format!("role '{spec}' is not title@of@start@end"));
        };
        let date = |d: &str| -> std::result::Result<Option<NaiveDate>, String> {
            if d.is_empty() {
                return Ok(None);
            }
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map(Some)
                .map_err(|e| format!("bad date '{d}' in role '{spec}': {e}"))
        };
        let (start, end) = (date(start)?, date(end)?);
        for title in split_list(titles, '/') {
            roles.push(DatedRole {
                title,
                of: (!of.is_empty()).then(|| of.to_string()),
                start,
                end,
            });
        }
    }
    Ok(roles)
}

/// A state row, kept beside its actor because bodies and titles need its demonym.
pub(crate) struct StateRow {
    pub key: String,
    pub name: String,
    pub demonyms: Vec<String>,
    pub capitals: Vec<String>,
}

pub(crate) fn states() -> Result<(Vec<Actor>, Vec<StateRow>)> {
    let (file, text) = STATES;
    let mut actors = Vec::new();
    let mut extra = Vec::new();
    for row in rows(text) {
        let key = row.get(0).to_string();
        let name = row.get(1).to_string();
        if key.len() != 3 || !key.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(data_err(
                file,
                row.line,
                format!("state key '{key}' is not alpha-3"),
            ));
        }
        if name.is_empty() {
            return Err(data_err(file, row.line, "state without a name"));
        }
        let demonyms = row.list(5);
        let capitals = row.list(6);
        let mut aliases = row.list(4);
        aliases.extend(demonyms.iter().cloned());
        aliases.extend(capitals.iter().cloned());
        actors.push(Actor {
            key: key.clone(),
            name: name.clone(),
            kind: ActorKind::State,
            country: Some(key.clone()),
            cameo: Some(row.opt(2).unwrap_or_else(|| key.clone())),
            qid: row.opt(3),
            parent: None,
            aliases,
            roles: Vec::new(),
        });
        extra.push(StateRow {
            key,
            name,
            demonyms,
            capitals,
        });
    }
    Ok((actors, extra))
}

/// A person row's actor plus the surname used alone in news ("Kim", "Putin").
pub(crate) fn people() -> Result<(Vec<Actor>, HashMap<String, String>)> {
    let (file, text) = PEOPLE;
    let mut actors = Vec::new();
    let mut surnames = HashMap::new();
    for row in rows(text) {
        let key = row.get(0).to_string();
        let name = row.get(1).to_string();
        if key.is_empty() || name.is_empty() {
            return Err(data_err(file, row.line, "person without key or name"));
        }
        let roles = parse_roles(row.get(6)).map_err(|m| data_err(file, row.line, m))?;
        if let Some(s) = row.opt(4) {
            surnames.insert(key.clone(), s);
        }
        actors.push(Actor {
            key,
            name,
            kind: ActorKind::Person,
            country: row.opt(2),
            cameo: None,
            qid: row.opt(3),
            parent: None,
            aliases: row.list(5),
            roles,
        });
    }
    Ok((actors, surnames))
}

pub(crate) fn orgs() -> Result<Vec<Actor>> {
    let (file, text) = ORGS;
    let mut actors = Vec::new();
    for row in rows(text) {
        let key = row.get(0).to_string();
        let name = row.get(1).to_string();
        if key.is_empty() || name.is_empty() {
            return Err(data_err(file, row.line, "organization without key or name"));
        }
        actors.push(Actor {
            key,
            name,
            kind: parse_kind(file, row.line, row.get(2))?,
            country: row.opt(3),
            cameo: row.opt(5),
            qid: row.opt(6),
            parent: row.opt(4),
            aliases: row.list(7),
            roles: Vec::new(),
        });
    }
    Ok(actors)
}

/// A generic body noun: "Foreign Ministry" after a state word names `<STATE>-<suffix>`.
#[derive(Debug, Clone)]
pub(crate) struct BodyDef {
    /// `None` for "=": the phrase names the state itself ("the Russian government").
    pub suffix: Option<String>,
    pub kind: ActorKind,
    pub generate: bool,
    pub label: String,
    pub phrases: Vec<String>,
}

pub(crate) fn bodies() -> Result<Vec<BodyDef>> {
    let (file, text) = BODIES;
    let mut out = Vec::new();
    for row in rows(text) {
        let suffix = row.get(0);
        out.push(BodyDef {
            suffix: (suffix != "=").then(|| suffix.to_string()),
            kind: parse_kind(file, row.line, row.get(1))?,
            generate: row.get(2) == "yes",
            label: row.get(3).to_string(),
            phrases: row.list(4),
        });
    }
    Ok(out)
}

/// What a title says about the person named after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TitleRoles {
    /// Canonical role titles ("foreign minister", "secretary of state").
    Roles(Vec<String>),
    /// A neutral honorific (Mr., Ms.).
    Honorific,
    /// Somebody else's title (spokesperson, deputy, general): blocks surname resolution.
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct TitleDef {
    pub phrase: String,
    pub roles: TitleRoles,
    /// One holder at a time, so the title alone ("Russia's top diplomat") names them.
    pub office: bool,
}

pub(crate) fn titles() -> Result<Vec<TitleDef>> {
    let (file, text) = TITLES;
    let mut out = Vec::new();
    for row in rows(text) {
        let phrase = row.get(0).to_string();
        let roles = match row.get(1) {
            "-" => TitleRoles::Other,
            "*" => TitleRoles::Honorific,
            "" => return Err(data_err(file, row.line, "title without roles")),
            r => TitleRoles::Roles(split_list(r, '|')),
        };
        let office = row.get(2) == "yes";
        out.push(TitleDef {
            phrase,
            roles,
            office,
        });
    }
    Ok(out)
}

#[derive(Debug, Clone)]
pub(crate) enum AnaphorRule {
    /// The actor `key` when any of `seen` (keys or countries) was mentioned before.
    IfSeen { key: String, seen: Vec<String> },
    /// The last mentioned non-person actor whose name or alias holds one of the words.
    LastNamed(Vec<String>),
    /// The last mentioned person whose role at the date holds one of the words.
    LastRole(Vec<String>),
}

#[derive(Debug, Clone)]
pub(crate) struct AnaphorDef {
    pub phrase: String,
    pub rule: AnaphorRule,
}

pub(crate) fn anaphors() -> Result<Vec<AnaphorDef>> {
    let (file, text) = ANAPHORS;
    let mut out = Vec::new();
    for row in rows(text) {
        let arg = row.get(2);
        let rule = match row.get(1) {
            "if-seen" => {
                let (key, seen) = arg.split_once(':').ok_or_else(|| {
                    data_err(file, row.line, "if-seen argument must be KEY:K1|K2")
                })?;
                AnaphorRule::IfSeen {
                    key: key.trim().to_string(),
                    seen: split_list(seen, '|'),
                }
            }
            "last-named" => AnaphorRule::LastNamed(split_list(arg, '|')),
            "last-role" => AnaphorRule::LastRole(split_list(arg, '|')),
            other => {
                return Err(data_err(file, row.line, format!("unknown rule '{other}'")));
            }
        };
        out.push(AnaphorDef {
            phrase: row.get(0).to_string(),
            rule,
        });
    }
    Ok(out)
}

/// Plain one-per-line lists (comments and blank lines skipped, no header).
fn plain_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

pub(crate) fn blocks() -> Vec<String> {
    plain_lines(BLOCKS.1)
}

pub(crate) fn ambiguous_surnames() -> Vec<String> {
    plain_lines(AMBIGUOUS_SURNAMES.1)
}

/// Actors for the per-state bodies marked `generate` in bodies.tsv ("RUS-foreign-ministry",
/// "Russian Foreign Ministry", parent RUS), so every state has them without 193 rows each.
pub(crate) fn generated_bodies(states: &[StateRow], bodies: &[BodyDef]) -> Vec<Actor> {
    let mut out = Vec::new();
    for body in bodies.iter().filter(|b| b.generate) {
        let Some(suffix) = &body.suffix else { continue };
        for st in states {
            let qualifier = st.demonyms.first().unwrap_or(&st.name);
            let agent = if body.kind == ActorKind::Military || suffix.contains("defense") {
                "MIL"
            } else {
                "GOV"
            };
            out.push(Actor {
                key: format!("{}-{suffix}", st.key),
                name: format!("{qualifier} {}", body.label),
                kind: body.kind,
                country: Some(st.key.clone()),
                cameo: Some(format!("{}{agent}", st.key)),
                qid: None,
                parent: Some(st.key.clone()),
                aliases: Vec::new(),
                roles: Vec::new(),
            });
        }
    }
    out
}

/// Actors from a user's table (CSV, or TSV when the header has tabs) with the header
/// `key,name,kind,country,parent,cameo,qid,aliases,roles`; only key, name and kind are
/// required. Aliases are |-separated; roles as in people.tsv. `origin` names the input in
/// errors ("my-actors.csv:7").
pub fn parse_actor_table(text: &str, origin: &str) -> Result<Vec<Actor>> {
    read_table(text, origin, false)?
        .into_iter()
        .map(|row| match row {
            ActorRow::Actor(a) => Ok(a),
            // `read_table` refuses alias rows when they are not allowed.
            ActorRow::Aliases { key, .. } => Err(Error::input(
                origin,
                format!("actor '{key}' has no name and kind"),
            )),
        })
        .collect()
}

/// One row of an actor import: a whole actor, or more aliases for an actor already known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorRow {
    Actor(Actor),
    /// A row with only `key` and `aliases` (name and kind left empty).
    Aliases {
        key: String,
        aliases: Vec<String>,
    },
}

/// The rows of an import table (`annals actors import FILE`): like [`parse_actor_table`],
/// but only `key` is a required column, and a row whose name and kind are empty adds its
/// aliases to an actor that already exists (built-in or user).
pub fn parse_actor_rows(text: &str, origin: &str) -> Result<Vec<ActorRow>> {
    read_table(text, origin, true)
}

fn read_table(text: &str, origin: &str, alias_rows: bool) -> Result<Vec<ActorRow>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains('\t') { b'\t' } else { b',' };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::input(origin, format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (k, n, kd) = (col("key"), col("name"), col("kind"));
    let complete = n.is_some() && kd.is_some();
    if k.is_none() || !(complete || alias_rows) {
        let required = if alias_rows {
            "key (and name, kind for new actors)"
        } else {
            "key, name and kind"
        };
        return Err(Error::input(
            origin,
            format!(
                "the header row must name at least the columns {required} \
                 (also possible: country, parent, cameo, qid, aliases, roles)"
            ),
        ));
    }
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let at = format!("{origin}:{}", i + 2);
        let rec = rec.map_err(|e| Error::input(&at, e.to_string()))?;
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").trim();
        let opt = |c: Option<usize>| Some(get(c)).filter(|v| !v.is_empty()).map(str::to_string);
        let (key, name, kind) = (get(k), get(n), get(kd));
        if key.is_empty() {
            return Err(Error::input(&at, "key must not be empty"));
        }
        let aliases = split_list(get(col("aliases")), '|');
        if alias_rows && name.is_empty() && kind.is_empty() {
            if aliases.is_empty() {
                return Err(Error::input(
                    &at,
                    "a row needs a name and kind (a new actor) or aliases (for a known one)",
                ));
            }
            out.push(ActorRow::Aliases {
                key: key.to_string(),
                aliases,
            });
            continue;
        }
        if name.is_empty() {
            return Err(Error::input(&at, "key and name must not be empty"));
        }
        let kind: ActorKind = kind.parse().map_err(|e: String| Error::input(&at, e))?;
        let roles = parse_roles(get(col("roles"))).map_err(|m| Error::input(&at, m))?;
        out.push(ActorRow::Actor(Actor {
            key: key.to_string(),
            name: name.to_string(),
            kind,
            country: opt(col("country")),
            cameo: opt(col("cameo")),
            qid: opt(col("qid")),
            parent: opt(col("parent")),
            aliases,
            roles,
        }));
    }
    Ok(out)
}
