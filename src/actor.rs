//! Actors: the default gazetteer (states, leaders with dated roles, IGOs, ministries,
//! militaries, state media) loaded from data files, and mention finding that maps aliases,
//! titles, demonyms, capitals as metonyms and simple coreference to one canonical actor.
//! OWNER: actor helper (stub until filled).

use crate::error::Result;
use crate::model::ActorKind;
use chrono::NaiveDate;

/// A role a person holds between two dates ("foreign minister of RUS since 2004").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedRole {
    pub title: String,
    /// Key of the state or body the role belongs to.
    pub of: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
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
#[derive(Debug, Clone, Default)]
pub struct MentionContext {}

/// All known actors and the matcher over their aliases.
#[derive(Debug, Clone)]
pub struct Gazetteer {}

impl Gazetteer {
    /// The gazetteer shipped with annals (data files built into the binary).
    pub fn builtin() -> Result<Gazetteer> {
        todo!()
    }

    /// A gazetteer from explicit actors (the built-in ones plus user additions).
    pub fn from_actors(actors: Vec<Actor>) -> Result<Gazetteer> {
        let _ = actors;
        todo!()
    }

    pub fn actors(&self) -> &[Actor] {
        todo!()
    }

    pub fn get(&self, key: &str) -> Option<&Actor> {
        let _ = key;
        todo!()
    }

    /// The actor a whole name or alias denotes ("Pyongyang", "DPRK", "kim jong-un").
    pub fn lookup(&self, name: &str) -> Option<&Actor> {
        let _ = name;
        todo!()
    }

    /// Mentions in one sentence, left to right, non-overlapping (longest match wins);
    /// `ctx` carries what earlier sentences mentioned. `date` is the event date for roles.
    pub fn find_mentions(
        &self,
        sentence: &str,
        date: NaiveDate,
        ctx: &mut MentionContext,
    ) -> Vec<Mention> {
        let _ = (sentence, date, ctx);
        todo!()
    }
}
