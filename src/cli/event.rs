//! `annals event add|edit|delete|merge|split|unlock`: a person's corrections of events.
//! Each command is one transaction in the store; every change lands in the history
//! (`annals log`), and fields a person set are locked against re-extraction.

use super::timeline::io_err;
use annals::actor::{builtin_actors, Gazetteer};
use annals::error::{Error, Result};
use annals::model::{DateRange, Event, EventActor, EventType, Precision, Role, Status};
use annals::query;
use annals::store::curation::{
    default_cameo, parse_actor_spec, parse_date_spec, resolve_actor, snap_to_precision, Citation,
    EventPatch,
};
use annals::store::Store;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use std::io::Write;

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
annals event add --date 2023-10-18..2023-10-19 --type consult --mode visit \\\n    \
--summary \"Lavrov visits Pyongyang\" --actor \"Sergei Lavrov:source\" --actor \"North Korea:target\" \\\n    \
--url https://example.com/lavrov --publisher Yonhap --published 2023-10-19\n  \
annals event edit 3 --date 2023-10-18 --summary \"Lavrov arrives in Pyongyang\"\n  \
annals event edit 5 --precision month --status occurred\n  \
annals event delete 7\n  \
annals event merge 3 8 11\n  \
annals event split 3 --source 2 --source 3 --date 2023-10-19 --summary \"Lavrov meets Kim\"\n  \
annals event unlock 3")]
pub struct EventArgs {
    #[command(subcommand)]
    pub command: EventCommand,
}

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Add an event by hand (needs --date, --type and --summary)
    #[command(
        after_help = "Example:\n  annals event add --date 2023-10-22 --status planned --type cooperate \\\n    --summary \"First joint air drills\" --actor \"South Korea:participant\" --actor \"Japan:participant\""
    )]
    Add(Box<AddArgs>),
    /// Change fields of an event; the fields you set are locked against re-extraction
    #[command(
        after_help = "Examples:\n  annals event edit 3 --date 2023-10-18..2023-10-19 --summary \"Lavrov visits Pyongyang\"\n  annals event edit 3 --add-actor \"Choe Son Hui:participant\" --drop-actor KCNA\n  annals event edit 3 --drop-source 2 --url https://example.org/lavrov --publisher Yonhap --published 2023-10-19"
    )]
    Edit(Box<EditArgs>),
    /// Delete events; extraction will not bring them back
    #[command(after_help = "Example:\n  annals event delete 7 9")]
    Delete(DeleteArgs),
    /// Merge events into the first id given (all sources and actors kept)
    #[command(after_help = "Example:\n  annals event merge 3 8 11    # 8 and 11 fold into 3")]
    Merge(MergeArgs),
    /// Move chosen sources of an event to a new event (numbers as `annals show` prints them)
    #[command(
        after_help = "Example:\n  annals event split 3 --source 2 --date 2023-10-19 --summary \"Lavrov meets Kim\""
    )]
    Split(Box<SplitArgs>),
    /// Let re-extraction change an event again (drop a person's locks)
    #[command(after_help = "Example:\n  annals event unlock 3")]
    Unlock(UnlockArgs),
}

/// The event fields a person can set.
#[derive(Debug, Clone, Args, Default)]
pub struct FieldArgs {
    /// Date: YYYY-MM-DD, a day range YYYY-MM-DD..YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Www or YYYY
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// day, week, month, quarter or year; a coarser one widens the date to that period
    #[arg(long)]
    pub precision: Option<String>,
    /// occurred, planned or ongoing
    #[arg(long)]
    pub status: Option<String>,
    /// PLOVER type: consult, cooperate, mobilize, threaten, ... or statement
    #[arg(long = "type", value_name = "TYPE")]
    pub event_type: Option<String>,
    /// PLOVER mode (visit, multilateral, phone, troops, weapons, ...)
    #[arg(long)]
    pub mode: Option<String>,
    /// CAMEO code, leading zero kept (042)
    #[arg(long)]
    pub cameo: Option<String>,
    /// One line saying what happened
    #[arg(long)]
    pub summary: Option<String>,
    /// Where it happened
    #[arg(long)]
    pub location: Option<String>,
    /// An actor and its role ("Sergei Lavrov:source", "North Korea (target)"); repeat for
    /// each actor. Replaces the actor list. Roles: source, target, participant, reporter
    #[arg(long = "actor", value_name = "NAME[:ROLE]")]
    pub actors: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(flatten)]
    pub fields: FieldArgs,
    #[command(flatten)]
    pub cite: CiteArgs,
}

/// Where a person read about the event they add.
#[derive(Debug, Clone, Args, Default)]
pub struct CiteArgs {
    /// Cite a stored article by id (`annals show` prints the article ids of sources)
    #[arg(long, value_name = "ID")]
    pub source_article: Option<i64>,
    /// Cite a page by URL
    #[arg(long)]
    pub url: Option<String>,
    /// Publisher of the cited page
    #[arg(long)]
    pub publisher: Option<String>,
    /// Title of the cited page
    #[arg(long)]
    pub title: Option<String>,
    /// Publication date of the cited page (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// The sentence that tells the event
    #[arg(long)]
    pub evidence: Option<String>,
    /// Who the source attributes the event to ("KCNA")
    #[arg(long)]
    pub attributed_to: Option<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Event id (the ID column of `annals timeline`)
    pub id: i64,
    #[command(flatten)]
    pub fields: FieldArgs,
    /// Add an actor ("Choe Son Hui:participant"); repeatable
    #[arg(long, value_name = "NAME[:ROLE]")]
    pub add_actor: Vec<String>,
    /// Remove an actor by name, alias or key; repeatable
    #[arg(long, value_name = "NAME")]
    pub drop_actor: Vec<String>,
    /// Clear the mode
    #[arg(long, conflicts_with = "mode")]
    pub no_mode: bool,
    /// Clear the location
    #[arg(long, conflicts_with = "location")]
    pub no_location: bool,
    /// Drop a source that does not report this event (number as `annals show` prints it);
    /// extraction will not attach that report again. Repeatable, or 2,3
    #[arg(long, value_delimiter = ',', value_name = "N")]
    pub drop_source: Vec<usize>,
    /// Add a source (--url, --publisher, --evidence, ... or --source-article)
    #[command(flatten)]
    pub cite: CiteArgs,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Event ids
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<i64>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Event ids: the first is kept, the others fold into it
    #[arg(required = true, num_args = 2.., value_name = "ID")]
    pub ids: Vec<i64>,
}

#[derive(Debug, Args)]
pub struct SplitArgs {
    /// Event id
    pub id: i64,
    /// Number of a source to move (as `annals show ID` numbers them); repeatable, or 2,3
    #[arg(
        long = "source",
        required = true,
        value_delimiter = ',',
        value_name = "N"
    )]
    pub sources: Vec<usize>,
    /// Fields of the new event (else copied from the old one)
    #[command(flatten)]
    pub fields: FieldArgs,
}

#[derive(Debug, Args)]
pub struct UnlockArgs {
    /// Event id
    pub id: i64,
}

pub fn run(store: &mut Store, args: EventArgs) -> Result<i32> {
    let message = match args.command {
        EventCommand::Add(a) => add(store, *a)?,
        EventCommand::Edit(a) => edit(store, *a)?,
        EventCommand::Delete(a) => delete(store, a)?,
        EventCommand::Merge(a) => {
            let kept = store.merge_events(&a.ids)?;
            let others: Vec<String> = a
                .ids
                .iter()
                .filter(|&&i| i != kept)
                .map(i64::to_string)
                .collect();
            format!("merged event {} into event {kept}", others.join(", "))
        }
        EventCommand::Split(a) => split(store, *a)?,
        EventCommand::Unlock(a) => {
            if store.unlock_event(a.id)? {
                format!(
                    "event {}: unlocked; later reports may change it again",
                    a.id
                )
            } else {
                format!("event {}: was not locked", a.id)
            }
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "{message}").map_err(io_err)?;
    out.flush().map_err(io_err)?;
    Ok(0)
}

fn add(store: &mut Store, a: AddArgs) -> Result<String> {
    let f = &a.fields;
    let date_spec = f.date.as_deref().ok_or_else(|| {
        Error::Usage(
            "event add needs --date (YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD, YYYY-MM, ...)".into(),
        )
    })?;
    let event_type: EventType = f
        .event_type
        .as_deref()
        .ok_or_else(|| Error::Usage("event add needs --type (consult, cooperate, ...)".into()))?
        .parse()
        .map_err(Error::Usage)?;
    let summary = f
        .summary
        .clone()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| Error::Usage("event add needs --summary".into()))?;
    let date = field_date(Some(date_spec), f.precision.as_deref(), None)?
        .ok_or_else(|| Error::Usage("event add needs --date".into()))?;
    let status = match f.status.as_deref() {
        Some(s) => s.parse::<Status>().map_err(Error::Usage)?,
        None if date.start > chrono::Utc::now().date_naive() => Status::Planned,
        None => Status::Occurred,
    };
    let actors = if f.actors.is_empty() {
        Vec::new()
    } else {
        let gaz = gazetteer(store)?;
        resolve_actors(&gaz, &f.actors, &[])?
    };
    let event = Event {
        id: None,
        date,
        status,
        event_type,
        mode: f.mode.clone().filter(|m| !m.trim().is_empty()),
        cameo: match f.cameo.as_deref() {
            Some(c) => check_cameo(c)?,
            None => default_cameo(event_type),
        },
        summary,
        location: f.location.clone().filter(|l| !l.trim().is_empty()),
        actors,
        sources: Vec::new(),
    };
    let citations = citations(&a.cite)?;
    let id = store.add_event(event, &citations)?;
    Ok(format!("added event {id}"))
}

fn edit(store: &mut Store, a: EditArgs) -> Result<String> {
    let Some(current) = store.event(a.id)? else {
        return Err(Error::Usage(format!(
            "no event {}; `annals timeline` lists the ids",
            a.id
        )));
    };
    let mut patch = field_patch(store, &a.fields, Some(&current))?;
    if a.no_mode {
        patch.mode = Some(None);
    }
    if a.no_location {
        patch.location = Some(None);
    }
    if !a.add_actor.is_empty() || !a.drop_actor.is_empty() {
        let gaz = gazetteer(store)?;
        let mut actors = patch
            .actors
            .take()
            .unwrap_or_else(|| current.actors.clone());
        for name in &a.drop_actor {
            let key = gaz
                .lookup(name)
                .map(|x| x.key.clone())
                .unwrap_or_else(|| name.trim().to_string());
            let norm = query::normalize_name(name);
            let before = actors.len();
            actors.retain(|x| x.key != key && query::normalize_name(&x.name) != norm);
            if actors.len() == before {
                return Err(Error::Usage(format!(
                    "event {} has no actor '{}' (`annals show {}` lists them)",
                    a.id,
                    name.trim(),
                    a.id
                )));
            }
        }
        for added in resolve_actors(&gaz, &a.add_actor, &current.actors)? {
            match actors.iter_mut().find(|x| x.key == added.key) {
                Some(x) => x.role = added.role,
                None => actors.push(added),
            }
        }
        patch.actors = Some(actors);
    }
    let citations = citations(&a.cite)?;
    if patch.is_empty() && citations.is_empty() && a.drop_source.is_empty() {
        return Err(Error::Usage(
            "nothing to change: give --date, --summary, --status, --type, --actor, --url, \
             --drop-source, ... (see `annals event edit --help`)"
                .into(),
        ));
    }
    let mut names: Vec<&str> = Vec::new();
    if !patch.is_empty() {
        let changed = store.edit_event(a.id, &patch)?;
        names.extend(changed.iter().map(|f| f.as_str()));
    }
    if !citations.is_empty() || !a.drop_source.is_empty() {
        let now = store.change_sources(a.id, &citations, &a.drop_source)?;
        if now.sources.len() != current.sources.len() || !citations.is_empty() {
            names.push("sources");
        }
    }
    if names.is_empty() {
        return Ok(format!("event {}: nothing changed", a.id));
    }
    Ok(format!(
        "event {}: changed {} (kept when articles are ingested again)",
        a.id,
        names.join(", ")
    ))
}

/// The source the citation flags describe, if any.
fn citations(c: &CiteArgs) -> Result<Vec<Citation>> {
    let published = c
        .published
        .as_deref()
        .map(|s| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                Error::Usage(format!("--published '{s}': expected a date as YYYY-MM-DD"))
            })
        })
        .transpose()?;
    let cites = c.source_article.is_some()
        || c.url.is_some()
        || c.publisher.is_some()
        || c.evidence.is_some();
    if !cites {
        return Ok(Vec::new());
    }
    Ok(vec![Citation {
        article: c.source_article,
        url: c.url.clone(),
        publisher: c.publisher.clone(),
        title: c.title.clone(),
        published,
        evidence: c.evidence.clone(),
        time_expression: None,
        attributed_to: c.attributed_to.clone(),
    }])
}

fn delete(store: &mut Store, a: DeleteArgs) -> Result<String> {
    // Check every id first, so a typo in the third id does not leave two deleted.
    for &id in &a.ids {
        if store.event(id)?.is_none() {
            return Err(Error::Usage(format!(
                "no event {id}; nothing deleted (`annals timeline` lists the ids)"
            )));
        }
    }
    let mut lines = Vec::new();
    let mut done: Vec<i64> = Vec::new();
    for &id in &a.ids {
        if done.contains(&id) {
            continue;
        }
        let gone = store.remove_event(id)?;
        done.push(id);
        lines.push(format!("deleted event {id}: {}", gone.summary));
    }
    Ok(lines.join("\n"))
}

fn split(store: &mut Store, a: SplitArgs) -> Result<String> {
    let Some(current) = store.event(a.id)? else {
        return Err(Error::Usage(format!(
            "no event {}; `annals timeline` lists the ids",
            a.id
        )));
    };
    let patch = field_patch(store, &a.fields, Some(&current))?;
    let new_id = store.split_event(a.id, &a.sources, &patch)?;
    let list: Vec<String> = a.sources.iter().map(usize::to_string).collect();
    Ok(format!(
        "split event {}: source{} {} moved to new event {new_id}",
        a.id,
        if a.sources.len() == 1 { "" } else { "s" },
        list.join(", ")
    ))
}

/// The patch the field flags describe, relative to `current` (for --precision alone).
fn field_patch(store: &Store, f: &FieldArgs, current: Option<&Event>) -> Result<EventPatch> {
    let parse = |s: &Option<String>| s.as_deref().map(str::to_string);
    let mut patch = EventPatch {
        date: field_date(
            f.date.as_deref(),
            f.precision.as_deref(),
            current.map(|e| e.date),
        )?,
        status: f
            .status
            .as_deref()
            .map(|s| s.parse::<Status>().map_err(Error::Usage))
            .transpose()?,
        event_type: f
            .event_type
            .as_deref()
            .map(|s| s.parse::<EventType>().map_err(Error::Usage))
            .transpose()?,
        mode: f.mode.as_ref().map(|m| Some(m.clone())),
        cameo: f.cameo.as_deref().map(check_cameo).transpose()?,
        summary: parse(&f.summary),
        location: f.location.as_ref().map(|l| Some(l.clone())),
        actors: None,
    };
    if !f.actors.is_empty() {
        let gaz = gazetteer(store)?;
        let existing = current.map(|e| e.actors.clone()).unwrap_or_default();
        patch.actors = Some(resolve_actors(&gaz, &f.actors, &existing)?);
    }
    Ok(patch)
}

/// A CAMEO code as CAMEO writes it: 2 to 4 digits, leading zero kept.
fn check_cameo(code: &str) -> Result<String> {
    let c = code.trim();
    if (2..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit()) {
        Ok(c.to_string())
    } else {
        Err(Error::Usage(format!(
            "--cameo '{code}': a CAMEO code is 2 to 4 digits, leading zero kept (042)"
        )))
    }
}

/// --date and --precision as one range; --precision alone re-scopes `current`.
fn field_date(
    date: Option<&str>,
    precision: Option<&str>,
    current: Option<DateRange>,
) -> Result<Option<DateRange>> {
    let range = date
        .map(|d| parse_date_spec(d).map_err(|m| Error::Usage(format!("--date {m}"))))
        .transpose()?;
    let precision = precision
        .map(|p| p.parse::<Precision>().map_err(Error::Usage))
        .transpose()?;
    Ok(match (range, precision) {
        (Some(r), None) => Some(r),
        (Some(r), Some(p)) => Some(snap_to_precision(r, p)),
        (None, Some(p)) => current.map(|c| snap_to_precision(c, p)),
        (None, None) => None,
    })
}

/// Resolve "NAME[:ROLE]" specs; a spec without a role keeps the role the actor already has
/// in the event, else is a participant.
fn resolve_actors(
    gaz: &Gazetteer,
    specs: &[String],
    existing: &[EventActor],
) -> Result<Vec<EventActor>> {
    let mut out: Vec<EventActor> = Vec::new();
    for spec in specs {
        let (name, role) =
            parse_actor_spec(spec).map_err(|m| Error::Usage(format!("--actor {m}")))?;
        let known = existing
            .iter()
            .find(|x| query::normalize_name(&x.name) == query::normalize_name(&name));
        let role = role.or(known.map(|x| x.role)).unwrap_or(Role::Participant);
        let actor = match known {
            Some(x) => EventActor { role, ..x.clone() },
            None => resolve_actor(gaz, &name, role).map_err(Error::Usage)?,
        };
        if !out.iter().any(|x| x.key == actor.key) {
            out.push(actor);
        }
    }
    Ok(out)
}

/// The gazetteer actor names resolve against: the built-in one plus the actors users
/// added to this database.
pub(crate) fn gazetteer(store: &Store) -> Result<Gazetteer> {
    let user = store.user_actors()?;
    if user.is_empty() {
        return Gazetteer::builtin();
    }
    let mut actors = builtin_actors()?;
    actors.extend(user);
    Gazetteer::from_actors(actors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn precision_alone_widens_the_current_date_to_its_period() {
        let current = DateRange::day(d(2023, 10, 18));
        assert_eq!(
            field_date(None, Some("month"), Some(current)).unwrap(),
            DateRange::month(2023, 10)
        );
        assert_eq!(field_date(None, None, Some(current)).unwrap(), None);
    }

    #[test]
    fn a_date_with_a_precision_is_scoped_to_that_period() {
        assert_eq!(
            field_date(Some("2023-10-18"), Some("week"), None).unwrap(),
            Some(DateRange::week_of(d(2023, 10, 18)))
        );
        assert_eq!(
            field_date(Some("2023-10-18..2023-10-19"), None, None).unwrap(),
            Some(DateRange::days(d(2023, 10, 18), d(2023, 10, 19)))
        );
        assert!(matches!(
            field_date(Some("18 Oct"), None, None),
            Err(Error::Usage(m)) if m.starts_with("--date")
        ));
    }

    #[test]
    fn cameo_flags_keep_their_leading_zero_and_refuse_words() {
        assert_eq!(check_cameo("042").unwrap(), "042");
        assert!(check_cameo("visit").is_err());
        assert!(check_cameo("4").is_err());
    }

    #[test]
    fn an_actor_without_a_role_keeps_its_role_in_the_event_or_participates() {
        let gaz = Gazetteer::builtin().unwrap();
        let existing = vec![EventActor {
            key: "PRK".into(),
            name: "North Korea".into(),
            kind: annals::model::ActorKind::State,
            country: Some("PRK".into()),
            role: Role::Target,
        }];
        let specs = vec!["North Korea".to_string(), "Japan".to_string()];
        let actors = resolve_actors(&gaz, &specs, &existing).unwrap();
        assert_eq!(actors[0].role, Role::Target);
        assert_eq!(
            (actors[1].key.as_str(), actors[1].role),
            ("JPN", Role::Participant)
        );
        let aliased = resolve_actors(&gaz, &["Pyongyang:source".to_string()], &[]).unwrap();
        assert_eq!(
            (aliased[0].key.as_str(), aliased[0].role),
            ("PRK", Role::Source)
        );
    }
}
