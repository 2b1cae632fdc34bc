//! `annals actors`: list, show, add, alias, merge and import actors, and score annals on
//! PETRARCH's validation records with the user's actors. Every command first brings the
//! database's copy of the built-in gazetteer up to date (cheap when unchanged), so a fresh
//! database lists the default actors too.

use super::timeline::io_err;
use annals::actor::petrarch::{self, dictionary::Converter, validation};
use annals::actor::{parse_actor_rows, parse_roles, Actor, ActorRow, Gazetteer};
use annals::error::{Error, Result};
use annals::event::lexicon::Lexicon;
use annals::event::Extractor;
use annals::model::ActorKind;
use annals::store::{Store, StoredActor};
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  annals actors list --kind person --country PRK\n  annals actors show DPRK\n  annals actors add --key kim-in-ae --name \"Kim In-ae\" --kind person --country KOR --alias \"Kim In Ae\"\n  annals actors alias PRK \"the Hermit Kingdom\"\n  annals actors merge kim-in-ae-2 kim-in-ae\n  annals actors import my-actors.csv\n  annals actors import --format petrarch Phoenix.Countries.actors.txt\n  annals actors validate-petrarch PETR2_GSR_validation.xml"
)]
pub struct ActorsArgs {
    #[command(subcommand)]
    pub command: ActorsCommand,
}

#[derive(Debug, Subcommand)]
pub enum ActorsCommand {
    /// List actors (built-in and added), optionally of one kind and country
    List(ListArgs),
    /// Show one actor, found by key or any alias, with its aliases and roles
    Show(ShowArgs),
    /// Add an actor, or replace one you added before
    Add(AddArgs),
    /// Add aliases to an actor (built-in or added)
    Alias(AliasArgs),
    /// Merge actor FROM into INTO: aliases, roles and stored events move to INTO
    Merge(MergeArgs),
    /// Import actors and aliases from a CSV file or a PETRARCH/TABARI actor dictionary
    Import(ImportArgs),
    /// Score annals on PETRARCH's validation records (CAMEO root codes, actor countries)
    ValidatePetrarch(ValidateArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// state, person, organization, igo, government, military, media or group
    #[arg(long)]
    pub kind: Option<String>,
    /// ISO 3166 alpha-3 country code (PRK, KOR, USA ...)
    #[arg(long)]
    pub country: Option<String>,
    /// Only actors you added or changed
    #[arg(long)]
    pub user: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// An actor key ("PRK", "kim-jong-un") or any alias ("DPRK", "Pyongyang")
    pub key_or_alias: String,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Stable key: ISO alpha-3 for states, a slug for others ("kim-in-ae")
    #[arg(long)]
    pub key: String,
    /// The canonical name
    #[arg(long)]
    pub name: String,
    /// state, person, organization, igo, government, military, media or group
    #[arg(long)]
    pub kind: String,
    /// ISO 3166 alpha-3 code of the actor's country
    #[arg(long)]
    pub country: Option<String>,
    /// CAMEO actor code ("PRKGOV")
    #[arg(long)]
    pub cameo: Option<String>,
    /// Wikidata QID ("Q56226")
    #[arg(long)]
    pub qid: Option<String>,
    /// Key of the actor this one is part of (a ministry's state)
    #[arg(long)]
    pub parent: Option<String>,
    /// Another name for the actor (repeatable)
    #[arg(long = "alias", value_name = "ALIAS")]
    pub aliases: Vec<String>,
    /// A dated role, title@of@start@end ("foreign minister@PRK@2024-01-16@"; repeatable)
    #[arg(long = "role", value_name = "ROLE")]
    pub roles: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AliasArgs {
    /// The actor's key (or an alias that names only it)
    pub key: String,
    /// The aliases to add
    #[arg(required = true)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The actor that goes away
    pub from: String,
    /// The actor that stays
    pub into: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// CSV (or TSV) with a header row
    Csv,
    /// A TABARI/PETRARCH .actors dictionary
    Petrarch,
}

#[derive(Debug, Args)]
#[command(
    after_help = "CSV columns (header row required; comma- or tab-separated):\n  \
key      required; ISO alpha-3 for states, a slug for others\n  \
name     the canonical name      (required for a new actor)\n  \
kind     state, person, organization, igo, government, military, media, group\n           \
(required for a new actor)\n  \
country  ISO 3166 alpha-3\n  \
parent   key of the actor it is part of\n  \
cameo    CAMEO actor code\n  \
qid      Wikidata QID\n  \
aliases  |-separated other names\n  \
roles    ;-separated dated roles, title@of@start@end (ISO dates, empty = open)\n\
A row with only key and aliases adds those aliases to a known actor.\n\n\
PETRARCH dictionaries: records coded with a bare country code ([PRK]) add their\n\
phrases to that state; other records become actors whose country, kind and dated roles\n\
come from their codes; records naming a known actor add their synonyms to it."
)]
pub struct ImportArgs {
    /// The file to read
    pub file: PathBuf,
    /// csv (the default) or petrarch
    #[arg(long, value_enum, default_value_t = ImportFormat::Csv)]
    pub format: ImportFormat,
    /// With --format petrarch: the date that picks a person's current code
    /// [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Each record's sentence is extracted with the actors of this database \
(built-in plus added), anchored on the record's date. A trigger that extraction could not date \
(most records carry no date) is dated by its record for scoring, since dating is not what \
PETRARCH's codings test.\n\n\
Scores, over the gold codings:\n  \
CAMEO root accuracy  some annals event of the sentence has the coding's root (first two digits)\n  \
actor accuracy       on that event, every known side's country matches (CAMEO country codes;\n                       \
---, unknown to the coders, is not scored; any IGO is IGO); participants of a\n                       \
joint act count on either side\n\n\
Example:\n  annals --db scratch.db actors import --format petrarch Phoenix.Countries.actors.txt\n  \
annals --db scratch.db actors validate-petrarch PETR2_GSR_validation.xml -v"
)]
pub struct ValidateArgs {
    /// PETRARCH validation records (PETR2_GSR_validation.xml)
    pub file: PathBuf,
    /// Anchor date for records without one [default: 2015-06-09]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Extra trigger rows (triggers.tsv format, header row first) to try beside the
    /// built-in lexicon
    #[arg(long, value_name = "FILE")]
    pub triggers: Option<PathBuf>,
    /// Print gold and annals codings for every sentence
    #[arg(long, short)]
    pub verbose: bool,
}

pub fn run(store: &mut Store, args: ActorsArgs) -> Result<i32> {
    let builtin = Gazetteer::builtin()?;
    store.sync_actors(&builtin)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.command {
        ActorsCommand::List(a) => list(store, a, &mut out)?,
        ActorsCommand::Show(a) => show(store, &builtin, a, &mut out)?,
        ActorsCommand::Add(a) => add(store, a, &mut out)?,
        ActorsCommand::Alias(a) => {
            let key = resolve_one(store, &builtin, &a.key)?;
            let n = store.add_aliases(&key, &a.aliases)?;
            writeln!(out, "{key}: {n} alias{} added", plural_es(n)).map_err(io_err)?;
        }
        ActorsCommand::Merge(a) => {
            let (from, into) = (
                resolve_one(store, &builtin, &a.from)?,
                resolve_one(store, &builtin, &a.into)?,
            );
            let r = store.merge_actors(&from, &into)?;
            writeln!(
                out,
                "merged {from} into {into}: {} alias{} added, {} event actor{} renamed",
                r.aliases,
                plural_es(r.aliases),
                r.event_rows,
                if r.event_rows == 1 { "" } else { "s" }
            )
            .map_err(io_err)?;
        }
        ActorsCommand::Import(a) => import(store, &builtin, a, &mut out)?,
        ActorsCommand::ValidatePetrarch(a) => validate(store, &builtin, a, &mut out)?,
    }
    out.flush().map_err(io_err)?;
    Ok(0)
}

fn plural_es(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "es"
    }
}

fn parse_date(s: &str, what: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::Usage(format!("{what} '{s}': expected a date as YYYY-MM-DD")))
}

/// The actors a key or alias names: the store's keys and aliases first, else what the
/// built-in gazetteer makes of the name ("Obama", "Russia's Foreign Ministry").
fn find(store: &Store, builtin: &Gazetteer, key_or_alias: &str) -> Result<Vec<StoredActor>> {
    let found = store.find_actors(key_or_alias)?;
    if !found.is_empty() {
        return Ok(found);
    }
    let mut out = Vec::new();
    for a in builtin.actors_named(key_or_alias) {
        out.extend(store.find_actors(&a.key)?);
    }
    Ok(out)
}

/// The one actor a key or alias names; an ambiguous alias lists the candidates' keys.
fn resolve_one(store: &Store, builtin: &Gazetteer, key_or_alias: &str) -> Result<String> {
    let found = find(store, builtin, key_or_alias)?;
    match found.as_slice() {
        [one] => Ok(one.actor.key.clone()),
        [] => Err(Error::Usage(format!(
            "no actor '{key_or_alias}'; see `annals actors list`, or add it with `annals actors add`"
        ))),
        many => Err(Error::Usage(format!(
            "'{key_or_alias}' names {} actors ({}); give the key",
            many.len(),
            many.iter()
                .map(|a| a.actor.key.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn list(store: &Store, a: ListArgs, out: &mut impl Write) -> Result<()> {
    let kind = a
        .kind
        .as_deref()
        .map(|k| k.parse::<ActorKind>().map_err(Error::Usage))
        .transpose()?;
    let actors = store.list_actors(kind, a.country.as_deref())?;
    let shown: Vec<&StoredActor> = actors
        .iter()
        .filter(|s| !a.user || s.user || !s.user_aliases.is_empty())
        .collect();
    if shown.is_empty() {
        writeln!(out, "no actors match").map_err(io_err)?;
        return Ok(());
    }
    let width = shown
        .iter()
        .map(|s| s.actor.key.chars().count())
        .max()
        .unwrap_or(3)
        .clamp(3, 40);
    writeln!(
        out,
        "{:<width$}  {:<12}  {:<7}  {:<6}  NAME",
        "KEY", "KIND", "COUNTRY", "ORIGIN"
    )
    .map_err(io_err)?;
    for s in shown {
        let a = &s.actor;
        writeln!(
            out,
            "{:<width$}  {:<12}  {:<7}  {:<6}  {}",
            a.key,
            a.kind.as_str(),
            a.country.as_deref().unwrap_or("-"),
            origin_label(s),
            a.name
        )
        .map_err(io_err)?;
    }
    Ok(())
}

fn origin_label(s: &StoredActor) -> &'static str {
    if s.user {
        "user"
    } else if s.user_aliases.is_empty() {
        "built"
    } else {
        "built+"
    }
}

fn show(store: &Store, builtin: &Gazetteer, a: ShowArgs, out: &mut impl Write) -> Result<()> {
    let found = find(store, builtin, &a.key_or_alias)?;
    if found.is_empty() {
        return Err(Error::Usage(format!(
            "no actor '{}'; see `annals actors list`",
            a.key_or_alias
        )));
    }
    if found.len() > 1 {
        writeln!(out, "'{}' names {} actors:\n", a.key_or_alias, found.len()).map_err(io_err)?;
    }
    for (i, s) in found.iter().enumerate() {
        if i > 0 {
            writeln!(out).map_err(io_err)?;
        }
        let a = &s.actor;
        let field = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        writeln!(out, "{} ({})", a.name, a.key).map_err(io_err)?;
        writeln!(out, "  kind:    {}", a.kind.as_str()).map_err(io_err)?;
        writeln!(out, "  country: {}", field(&a.country)).map_err(io_err)?;
        writeln!(out, "  cameo:   {}", field(&a.cameo)).map_err(io_err)?;
        writeln!(out, "  qid:     {}", field(&a.qid)).map_err(io_err)?;
        writeln!(out, "  parent:  {}", field(&a.parent)).map_err(io_err)?;
        writeln!(
            out,
            "  origin:  {}",
            if s.user { "user" } else { "built-in" }
        )
        .map_err(io_err)?;
        let aliases: Vec<String> = a
            .aliases
            .iter()
            .map(|al| {
                if s.user_aliases.contains(al) && !s.user {
                    format!("{al} (user)")
                } else {
                    al.clone()
                }
            })
            .collect();
        writeln!(out, "  aliases: {}", list_or_dash(&aliases.join(", "))).map_err(io_err)?;
        // Built-in roles come from the gazetteer, added ones from the store.
        let mut roles = builtin
            .get(&a.key)
            .map(|b| b.roles.clone())
            .unwrap_or_default();
        roles.extend(a.roles.iter().cloned());
        if roles.is_empty() {
            writeln!(out, "  roles:   -").map_err(io_err)?;
        } else {
            writeln!(out, "  roles:").map_err(io_err)?;
            for r in roles {
                let d = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                writeln!(
                    out,
                    "    {}{} {}..{}",
                    r.title,
                    r.of.map(|o| format!(" of {o}")).unwrap_or_default(),
                    d(r.start),
                    d(r.end)
                )
                .map_err(io_err)?;
            }
        }
    }
    Ok(())
}

fn list_or_dash(s: &str) -> &str {
    if s.is_empty() {
        "-"
    } else {
        s
    }
}

fn add(store: &mut Store, a: AddArgs, out: &mut impl Write) -> Result<()> {
    let kind: ActorKind = a.kind.parse().map_err(Error::Usage)?;
    let key = a.key.trim().to_string();
    if key.is_empty() || a.name.trim().is_empty() {
        return Err(Error::Usage("--key and --name must not be empty".into()));
    }
    let mut roles = Vec::new();
    for r in &a.roles {
        roles.extend(parse_roles(r).map_err(|m| Error::Usage(format!("--role: {m}")))?);
    }
    let upper = |v: Option<String>| v.map(|c| c.trim().to_ascii_uppercase());
    let actor = Actor {
        key: key.clone(),
        name: a.name.trim().to_string(),
        kind,
        country: upper(a.country),
        cameo: upper(a.cameo),
        qid: a.qid,
        parent: a.parent,
        aliases: a.aliases,
        roles,
    };
    let existed = store.stored_actor(&key)?.is_some();
    store.add_actor(&actor)?;
    writeln!(
        out,
        "{} {key} ({})",
        if existed { "updated" } else { "added" },
        actor.name
    )
    .map_err(io_err)?;
    Ok(())
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn import(
    store: &mut Store,
    builtin: &Gazetteer,
    a: ImportArgs,
    out: &mut impl Write,
) -> Result<()> {
    let text = read(&a.file)?;
    let origin = a.file.display().to_string();
    match a.format {
        ImportFormat::Csv => {
            let rows = parse_actor_rows(&text, &origin)?;
            let mut actors = Vec::new();
            let mut aliases = Vec::new();
            for row in rows {
                match row {
                    ActorRow::Actor(actor) => actors.push(actor),
                    ActorRow::Aliases { key, aliases: al } => aliases.push((key, al)),
                }
            }
            let mut existing = 0;
            for a in &actors {
                if store.stored_actor(&a.key)?.is_some() {
                    existing += 1;
                }
            }
            let new_aliases: usize = actors.iter().map(|a| a.aliases.len()).sum();
            store.add_actors(&actors)?;
            let n = store.import_aliases(&aliases)?;
            writeln!(
                out,
                "{origin}: {} actors added, {} updated; {} aliases",
                actors.len() - existing,
                existing,
                new_aliases + n
            )
            .map_err(io_err)?;
        }
        ImportFormat::Petrarch => {
            let today = match &a.as_of {
                Some(d) => parse_date(d, "--as-of")?,
                None => chrono::Utc::now().date_naive(),
            };
            let dict = petrarch::parse_dictionary(&text);
            let countries = cameo_countries(builtin);
            let conv = Converter {
                countries: &countries,
                today,
            };
            let actors: Vec<Actor> = dict.entries.iter().filter_map(|e| conv.actor(e)).collect();
            let skipped = dict.entries.len() - actors.len();
            let known = store.gazetteer_with_user(builtin)?;
            let r = store.import_actors_with(&actors, &known)?;
            for w in dict.warnings.iter().take(20) {
                eprintln!("{origin}: {w}");
            }
            if dict.warnings.len() > 20 {
                eprintln!("{origin}: ... {} more warnings", dict.warnings.len() - 20);
            }
            writeln!(
                out,
                "{origin}: {} records; {} actors added, {} updated; {} aliases ({} already known left out); {} without a code skipped; {} warnings",
                dict.entries.len(),
                r.added,
                r.updated,
                r.aliases,
                r.skipped_aliases,
                skipped,
                dict.warnings.len()
            )
            .map_err(io_err)?;
        }
    }
    Ok(())
}

/// CAMEO country code → state key, from the gazetteer's states (they differ only where
/// CAMEO does: Kosovo is KSV in CAMEO, XKX here).
fn cameo_countries(g: &Gazetteer) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for a in g.actors().iter().filter(|a| a.kind == ActorKind::State) {
        map.insert(a.key.clone(), a.key.clone());
        if let Some(c) = &a.cameo {
            map.insert(c.clone(), a.key.clone());
        }
    }
    map
}

fn validate(
    store: &Store,
    builtin: &Gazetteer,
    a: ValidateArgs,
    out: &mut impl Write,
) -> Result<()> {
    let fallback = match &a.date {
        Some(d) => parse_date(d, "--date")?,
        None => NaiveDate::from_ymd_opt(2015, 6, 9).unwrap_or_default(),
    };
    let text = read(&a.file)?;
    let records = petrarch::parse_validation(&text);
    if records.is_empty() {
        return Err(Error::input(
            a.file.display().to_string(),
            "no <Sentence> records found; is this a PETRARCH validation file?",
        ));
    }
    let mut extractor = Extractor::builtin()?;
    extractor.gazetteer = store.gazetteer_with_user(builtin)?;
    if let Some(path) = &a.triggers {
        let extra = Lexicon::parse(&read(path)?, &path.display().to_string())?;
        extractor.lexicon.triggers.extend(extra.triggers);
    }
    let (s, results) = validation::evaluate(&records, &extractor, fallback);
    if a.verbose {
        for r in &results {
            writeln!(
                out,
                "{:<22} gold: {:<40} annals: {}",
                r.id,
                list_or_dash(&r.gold.join(", ")),
                list_or_dash(&r.system.join(", "))
            )
            .map_err(io_err)?;
        }
        writeln!(out).map_err(io_err)?;
    }
    let pct = |x: f64| x * 100.0;
    writeln!(out, "PETRARCH validation: {}", a.file.display()).map_err(io_err)?;
    writeln!(
        out,
        "sentences {}  gold codings {}  annals events {}",
        s.sentences, s.codings, s.events
    )
    .map_err(io_err)?;
    writeln!(
        out,
        "CAMEO root accuracy   {:5.1}%  ({} of {} codings)",
        pct(s.root_accuracy()),
        s.root_hits,
        s.codings
    )
    .map_err(io_err)?;
    writeln!(
        out,
        "CAMEO code accuracy   {:5.1}%  ({} of {})",
        pct(s.code_accuracy()),
        s.code_hits,
        s.codings
    )
    .map_err(io_err)?;
    writeln!(
        out,
        "actor accuracy        {:5.1}%  ({} of {} codings, both known sides' countries)",
        pct(s.actor_accuracy()),
        s.actor_hits,
        s.actor_codings
    )
    .map_err(io_err)?;
    writeln!(
        out,
        "actor side accuracy   {:5.1}%  ({} of {} sides)",
        pct(s.side_accuracy()),
        s.side_hits,
        s.sides
    )
    .map_err(io_err)?;
    writeln!(
        out,
        "root precision        {:5.1}%  ({} of {} annals events)",
        pct(s.root_precision()),
        s.events_right_root,
        s.events
    )
    .map_err(io_err)?;
    writeln!(
        out,
        "no-event sentences    {} of {} left empty",
        s.no_event_hits, s.no_event_sentences
    )
    .map_err(io_err)?;
    writeln!(
        out,
        "({} trigger mentions without a date were dated by their record for scoring)",
        s.undated_dated
    )
    .map_err(io_err)?;
    Ok(())
}
