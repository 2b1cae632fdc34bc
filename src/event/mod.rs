//! Event extraction: one article's sentences, time expressions and actor mentions turned
//! into typed, dated `Event` values with roles, status and provenance. Pure: no I/O.
//!
//! The rules are general news grammar, not tuned to any one text:
//! - a trigger from the lexicon (`triggers.tsv`) names the kind of event;
//! - its date is the resolved time expression nearest to it in the same clause;
//! - its actors are the gazetteer mentions of that clause, with roles from the trigger's
//!   shape (who comes before the verb acts, who comes after is acted upon, "by X" is the
//!   agent of a passive);
//! - tense and modality decide `planned` / `ongoing` / `occurred`, and negated,
//!   hypothetical or questioned events are not recorded;
//! - speech verbs ("said", "according to") give the attribution.

pub mod lexicon;

use crate::actor::{Gazetteer, Mention, MentionContext};
use crate::article::Article;
use crate::error::Result;
use crate::model::{
    ActorKind, DateRange, Event, EventActor, EventType, Precision, Role, Source, Status,
};
use crate::sentence;
use crate::temporal::{self, Resolver, Tense, TimeExpr};
use lexicon::{Lexicon, Shape, Strength, Trigger, TriggerMatch};
use std::sync::OnceLock;

/// What extraction found in one article.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub events: Vec<Event>,
    /// Event mentions that could not be dated to at least a year, as
    /// "trigger: sentence" lines for `--verbose`.
    pub undated: Vec<String>,
}

/// The reference data extraction needs, loaded once and passed in (no globals).
#[derive(Debug, Clone)]
pub struct Extractor {
    pub gazetteer: Gazetteer,
    pub lexicon: Lexicon,
}

/// An event before its date is known: undated ones may still attach to a dated event of
/// the same article.
struct Candidate {
    event: Event,
    dated: bool,
    /// Undated and not to be folded into a dated event of the article.
    standalone: bool,
    trigger: String,
}

impl Extractor {
    /// The gazetteer and lexicon shipped with annals.
    pub fn builtin() -> Result<Extractor> {
        Ok(Extractor {
            gazetteer: Gazetteer::builtin()?,
            lexicon: Lexicon::builtin()?,
        })
    }

    /// Extract the events of one article.
    pub fn extract(&self, article: &Article) -> Extraction {
        let anchor = article.published;
        let mut resolver = Resolver::new(anchor);
        let mut mctx = MentionContext::default();
        let mut last_speaker: Option<Speaker> = None;
        // Whether the previous sentence named someone the gazetteer does not know: then
        // "he" in the next one has no clear antecedent.
        let mut prev_unknown_name = false;
        let mut candidates: Vec<Candidate> = Vec::new();

        for s in sentence::split(&article.body) {
            let text = s.text;
            let mut times = resolver.tag_sentence(text);
            // "SEOUL, Oct. 19 (Yonhap) --": the dateline dates the report, not an event.
            if let Some(end) = dateline_end(text) {
                times.retain(|t| t.start >= end);
            }
            // A person's title resolves as of the sentence's own date when it has one
            // ("the foreign minister" in a story about 2019 is 2019's minister).
            let role_date = times
                .iter()
                .find_map(|t| t.range.map(|r| r.start))
                .unwrap_or(anchor);
            let antecedent = self.last_person(&mctx).filter(|_| !prev_unknown_name);
            let mut mentions = self.gazetteer.find_mentions(text, role_date, &mut mctx);
            add_pronoun_mentions(text, antecedent.as_deref(), &mut mentions);
            prev_unknown_name = names_unknown_person(text, &mentions);
            let speaker = find_speaker(text, &mentions, &self.gazetteer, last_speaker.as_ref());
            if let Some(sp) = &speaker {
                last_speaker = Some(sp.clone());
            }
            if text.trim_end().ends_with('?') {
                continue;
            }
            let triggers = drop_reacted_objects(text, self.lexicon.find(text), &self.lexicon);
            // Times owned by a speech trigger ("said Friday"): the time of whatever is
            // said, for acts that are words (support, accusation, threat).
            // Reporting verbs ("said", "noted"), whose time must follow them.
            let speech: Vec<bool> = triggers
                .iter()
                .map(|t| {
                    let row = &self.lexicon.triggers[t.row];
                    row.shape == Shape::Speech && row.strength == Strength::Weak
                })
                .collect();
            // Times owned by any statement trigger ("said Friday", "had reports on
            // Thursday"): the date of the words, not of what they are about.
            let speech_times: Vec<&TimeExpr> = triggers
                .iter()
                .enumerate()
                .filter(|(_, t)| self.lexicon.triggers[t.row].shape == Shape::Speech)
                .flat_map(|(i, _)| times_of_trigger(&triggers, &speech, i, &times))
                .collect();
            let mut in_sentence: Vec<Candidate> = Vec::new();
            for (i, &tm) in triggers.iter().enumerate() {
                let trig = &self.lexicon.triggers[tm.row];
                let mut own_times = times_of_trigger(&triggers, &speech, i, &times);
                if own_times.is_empty() {
                    // "an agreement ... in their summit talks on Wednesday": an act nested
                    // in another takes the other's date.
                    own_times = nested_times(text, &triggers, &speech, i, &times);
                }
                if own_times.is_empty() && !is_verbal(trig.event_type) {
                    // "met at the Pentagon today and reaffirmed ...": coordinated verbs
                    // share the clause's time unless a speech verb owns it.
                    own_times = clause_times(text, tm, &times, &speech_times);
                }
                if own_times.is_empty() && is_verbal(trig.event_type) {
                    own_times = speech_times.clone();
                }
                // What follows the next act's trigger is that act's ("deliver on their
                // summit agreement ... at a meeting with the Russian foreign minister").
                let next_act = triggers
                    .iter()
                    .enumerate()
                    .skip(i + 1)
                    .find(|(j, t)| {
                        !speech.get(*j).copied().unwrap_or(false)
                            && gap(tm.start, tm.end, t.start, t.end) > 2
                    })
                    .map(|(_, t)| t.start);
                if let Some(c) = self.candidate(
                    article,
                    &s,
                    trig,
                    tm,
                    next_act,
                    &own_times,
                    &mentions,
                    speaker.as_ref(),
                    anchor,
                ) {
                    let c = self.resolve_anaphora(c, text, tm, &candidates);
                    push_in_sentence(&mut in_sentence, c);
                }
            }
            // An undated mention in a sentence that dates something else is its own
            // happening, not a retelling of one dated elsewhere.
            if times.iter().any(|t| t.range.is_some()) {
                for c in in_sentence.iter_mut().filter(|c| !c.dated) {
                    c.standalone = true;
                }
            }
            candidates.extend(in_sentence);
        }
        attach_undated(candidates)
    }

    /// The person "he" or "she" refers to at the start of a sentence: the last actor the
    /// text named, if that was a known person (an unknown name in between, such as a
    /// spokesperson not in the gazetteer, makes the reference unclear).
    fn last_person(&self, ctx: &MentionContext) -> Option<String> {
        for key in ctx.recent_all() {
            if key.starts_with(crate::actor::UNKNOWN_MARK) {
                return None;
            }
            if let Some(a) = self.gazetteer.get(key) {
                if a.kind == ActorKind::Person {
                    return Some(a.key.clone());
                }
            }
        }
        None
    }

    /// One side's drill row becomes the joint-drill row when the words say "joint" or
    /// two countries take part ("drills by Seoul and Washington").
    fn joint_if_joint(
        &self,
        trig: &Trigger,
        text: &str,
        tm: TriggerMatch,
        mentions: &[Mention],
    ) -> Trigger {
        let is_drill = trig.event_type == EventType::Mobilize && trig.cameo == "152";
        if !is_drill {
            return trig.clone();
        }
        let words = span(text, tm.start, tm.end).to_ascii_lowercase();
        let joint_word = [
            "joint",
            "combined",
            "trilateral",
            "bilateral",
            "allied",
            "multinational",
        ]
        .iter()
        .any(|w| words.contains(w));
        let (lo, hi) = clause_bounds(text, tm.start, tm.end);
        let mut countries: Vec<String> = mentions
            .iter()
            .filter(|m| m.start >= lo && m.end <= hi)
            .filter(|m| m.end <= tm.start || joins_after(text, m, tm))
            .filter(|m| !is_place(text, m))
            .filter_map(|m| self.gazetteer.get(&m.actor_key))
            .filter(|a| a.kind != ActorKind::Media)
            .filter_map(|a| a.country.clone().or_else(|| Some(a.key.clone())))
            .collect();
        countries.sort();
        countries.dedup();
        if joint_word || countries.len() >= 2 {
            if let Some(j) = self
                .lexicon
                .triggers
                .iter()
                .find(|t| t.event_type == EventType::Cooperate && t.cameo == "062")
            {
                return j.clone();
            }
        }
        trig.clone()
    }

    /// "The drills will be held ...", "Ahead of the meeting, ...": a definite mention of an
    /// event refers back to the last one of its type in the article. It takes that event's
    /// actors when it names none, and a date anchored on it ("ahead of the meeting") when it
    /// has none of its own.
    fn resolve_anaphora(
        &self,
        mut c: Candidate,
        text: &str,
        tm: TriggerMatch,
        earlier: &[Candidate],
    ) -> Candidate {
        let parties = |e: &Event| e.actors.iter().any(|a| a.role != Role::Reporter);
        if !parties(&c.event) && names_both_sides(text) {
            // "the two sides set up a follow-up meeting": the sides of the last event
            // that had two or more countries.
            if let Some(prev) = earlier.iter().rev().find(|p| {
                let mut cs: Vec<&str> = p
                    .event
                    .actors
                    .iter()
                    .filter(|a| a.role != Role::Reporter)
                    .filter_map(|a| a.country.as_deref())
                    .collect();
                cs.sort_unstable();
                cs.dedup();
                cs.len() >= 2
            }) {
                for a in prev
                    .event
                    .actors
                    .iter()
                    .filter(|a| a.role != Role::Reporter)
                {
                    if !c.event.actors.iter().any(|x| x.key == a.key) {
                        let mut a = a.clone();
                        a.role = Role::Participant;
                        c.event.actors.push(a);
                    }
                }
                c.event.summary = summarize_names(&c.event);
            }
        }
        if !parties(&c.event) {
            if let Some(prev) = earlier
                .iter()
                .rev()
                .find(|p| same_family(&p.event, &c.event) && parties(&p.event))
            {
                // It is the same kind of happening as its antecedent ("the drills" after
                // "joint drills").
                c.event.event_type = prev.event.event_type;
                c.event.mode = prev.event.mode.clone();
                c.event.cameo = prev.event.cameo.clone();
                if c.event.summary.trim().is_empty() || !parties(&c.event) {
                    c.event.summary = prev.event.summary.clone();
                }
                for a in prev
                    .event
                    .actors
                    .iter()
                    .filter(|a| a.role != Role::Reporter)
                {
                    if !c.event.actors.iter().any(|x| x.key == a.key) {
                        c.event.actors.push(a.clone());
                    }
                }
                extend_to_end(&mut c, prev);
            }
        }
        if !c.dated {
            if let Some(kind) = anchored_on_event(text, tm) {
                if let Some(prev) = earlier
                    .iter()
                    .rev()
                    .filter(|p| p.dated && p.event.date.precision == crate::model::Precision::Day)
                    .find(|p| {
                        p.event.event_type == kind.0
                            && (kind.1.is_none() || p.event.mode.as_deref() == kind.1)
                    })
                {
                    c.event.date = prev.event.date;
                    c.dated = true;
                    c.standalone = false;
                    if let Some(src) = c.event.sources.first_mut() {
                        src.time_expression = kind.2;
                    }
                }
            }
        }
        c
    }

    #[allow(clippy::too_many_arguments)]
    fn candidate(
        &self,
        article: &Article,
        s: &sentence::Sentence<'_>,
        trig: &Trigger,
        tm: TriggerMatch,
        next_act: Option<usize>,
        times: &[&TimeExpr],
        mentions: &[Mention],
        speaker: Option<&Speaker>,
        anchor: chrono::NaiveDate,
    ) -> Option<Candidate> {
        let text = s.text;
        let trig = &self.joint_if_joint(trig, text, tm, mentions);
        let (clause_start, clause_end) = clause_bounds(text, tm.start, tm.end);
        if is_negated_or_hypothetical(
            span(text, clause_start, tm.start),
            span(text, tm.end, clause_end),
        ) {
            return None;
        }
        let time = nearest_time(text, tm, times);
        if trig.strength == Strength::Weak {
            // "said" alone is not an event; "said Friday" or "On Friday, the ministry
            // said" dates a statement.
            match time {
                Some(t)
                    if (t.start >= tm.end && t.start - tm.end <= 20)
                        || span(text, 0, t.start).split_whitespace().count() <= 1 => {}
                _ => return None,
            }
        }
        let is_speech = trig.shape == Shape::Speech;
        let reported = speaker.filter(|sp| !is_speech || sp.mention.is_none());

        // Actors of the trigger's clause (the whole sentence for statements, whose content
        // names who they are about), the reporter set apart.
        let (lo, hi) = if is_speech {
            (0, text.len())
        } else {
            (
                clause_start,
                next_act.map_or(clause_end, |n| n.min(clause_end)),
            )
        };
        let speaker_span = speaker.and_then(|sp| sp.mention.as_ref().map(|m| (m.start, m.end)));
        let from_agent = trig.shape == Shape::Directed && agent_follows_from(text, tm);
        let mut actors: Vec<EventActor> = Vec::new();
        let mut location: Option<String> = None;
        for m in mentions
            .iter()
            .filter(|m| m.start >= lo && m.end <= hi && m.end <= text.len())
        {
            let Some(actor) = self.gazetteer.get(&m.actor_key) else {
                continue;
            };
            let is_speaker = speaker_span == Some((m.start, m.end));
            if is_speaker && !is_speech {
                continue;
            }
            // News agencies report; they are not parties to what they report (and a photo
            // credit "(KCNA-Yonhap)" is not a participant of the pictured talks).
            if actor.kind == ActorKind::Media && !is_speaker {
                continue;
            }
            let agent = from_agent && m.start >= tm.end;
            if actor.kind == ActorKind::State && !agent && is_place(text, m) {
                if location.is_none() && m.start > tm.start.saturating_sub(60) {
                    location = Some(m.text.clone());
                }
                // A place is the host of a visit, not a party to a meeting held there.
                if !matches!(trig.shape, Shape::Visit | Shape::Directed) {
                    continue;
                }
            }
            let role = if is_speaker {
                Some(Role::Source)
            } else if from_agent {
                // "the launch drew condemnation from Seoul": the doer follows "from", and
                // what was done stands before.
                Some(if agent { Role::Source } else { Role::Target })
            } else {
                role_for(trig.shape, text, m, tm)
            };
            if let Some(role) = role {
                push_actor(&mut actors, &self.gazetteer, &m.actor_key, role);
            }
        }
        if is_speech {
            if let Some(sp) = speaker {
                if let Some(m) = &sp.mention {
                    push_actor(&mut actors, &self.gazetteer, &m.actor_key, Role::Source);
                }
            }
        } else if let Some(sp) = reported {
            if let Some(m) = &sp.mention {
                push_actor(&mut actors, &self.gazetteer, &m.actor_key, Role::Reporter);
            }
        }
        if actors.iter().all(|a| a.role == Role::Reporter)
            && !is_anaphoric(text, tm)
            && !names_both_sides(text)
        {
            return None;
        }
        if matches!(trig.shape, Shape::Visit | Shape::Host)
            && !actors.iter().any(|a| a.role == Role::Source)
            && !is_anaphoric(text, tm)
        {
            // "Visits Japan" with no visitor tells nobody anything.
            return None;
        }
        if trig.shape == Shape::Directed && !actors.iter().any(|a| a.role == Role::Source) {
            // Words (threats, accusations, demands) belong to whoever says them; a deed
            // with no doer ("while imposing sanctions") is not an event we can place.
            let verbal = is_verbal(trig.event_type);
            let speaker_key =
                speaker.and_then(|sp| sp.mention.as_ref().map(|m| m.actor_key.clone()));
            match (verbal, speaker_key) {
                (true, Some(k)) => {
                    actors.retain(|a| a.key != k);
                    push_actor(&mut actors, &self.gazetteer, &k, Role::Source);
                    if let Some(a) = actors.iter_mut().find(|a| a.key == k) {
                        a.role = Role::Source;
                    }
                }
                _ => return None,
            }
        }
        // Sides are states and international bodies; a person or ministry is already
        // counted through its state (push_actor adds it).
        let mut sides: Vec<&str> = actors
            .iter()
            .filter(|a| a.role != Role::Reporter)
            .filter(|a| matches!(a.kind, ActorKind::State | ActorKind::Igo))
            .map(|a| a.key.as_str())
            .collect();
        sides.sort_unstable();
        sides.dedup();
        let states = sides.len();
        let mut mode = trig.mode.clone();
        if trig.event_type == EventType::Consult && mode.is_none() && states >= 3 {
            mode = Some("multilateral".to_string());
        }

        let mut range = time.and_then(|t| t.range);
        let mut status = status_of(text, tm, range.as_ref(), anchor);
        // "Last week, the EU agreed to open accession talks": the past date is the
        // agreeing's; the talks are a plan with no date of their own.
        if let (Some(t), Some(r)) = (time, range) {
            if r.end < anchor
                && t.end <= tm.start
                && span(text, t.end, tm.start).contains(" to ")
                && temporal::tense_at(text, tm.start) == Tense::Future
            {
                range = None;
                status = Status::Planned;
            }
        }
        // "have been staging the drill from August 26": begun, not ended; it runs up to
        // the report.
        if let (Some(t), Some(r)) = (time, range.as_mut()) {
            let lead = t.text.to_ascii_lowercase();
            let open = (lead.starts_with("from ") || lead.starts_with("since "))
                && ![" to ", " through ", " until ", " till ", "-", "–"]
                    .iter()
                    .any(|w| lead.contains(w));
            let (lo, hi) = clause_bounds(text, tm.start, tm.end);
            let clause = span(text, lo, hi);
            if open && r.end < anchor && progressive_regex().is_match(clause) {
                r.end = anchor;
                r.precision = crate::model::Precision::Day;
                status = Status::Ongoing;
            }
        }
        let summary = summarize(trig, &actors, location.as_deref());
        let attributed_to = if is_speech {
            None
        } else {
            reported.map(|sp| sp.name.clone())
        };
        let event = Event {
            id: None,
            date: range.unwrap_or(DateRange::day(anchor)),
            status,
            event_type: trig.event_type,
            mode,
            cameo: trig.cameo.clone(),
            summary,
            location,
            actors,
            sources: vec![Source {
                article_id: None,
                publisher: article.publisher.clone(),
                url: article.url.clone(),
                title: article.title.clone(),
                published: anchor,
                evidence: text.to_string(),
                evidence_start: s.start,
                evidence_end: s.end,
                time_expression: time.filter(|t| t.range.is_some()).map(|t| t.text.clone()),
                attributed_to,
                ingested_at: None,
            }],
        };
        Some(Candidate {
            event,
            dated: range.is_some(),
            standalone: false,
            trigger: trig.name.clone(),
        })
    }
}

/// Who a sentence attributes what it says to.
#[derive(Debug, Clone)]
struct Speaker {
    name: String,
    mention: Option<Mention>,
}

/// `text[a..b]`, or "" when the range is inverted or off a character boundary: offsets
/// come from different matchers (a trigger may contain a mention), and no combination of
/// them may panic on user text.
fn span(text: &str, a: usize, b: usize) -> &str {
    text.get(a..b).unwrap_or("")
}

/// A regex compiled once, on first use. The patterns are constants of this module (each
/// covered by tests), so a compile failure is a bug, not bad input.
fn cached(cell: &'static OnceLock<regex::Regex>, pattern: &str) -> &'static regex::Regex {
    cell.get_or_init(|| {
        regex::Regex::new(pattern).unwrap_or_else(|e| unreachable!("static regex {pattern}: {e}"))
    })
}

fn speech_regex() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    cached(
        &RE,
        r"(?i)\b(?:said|says|told|added|noted|stated|reported|quoted|announced|claimed|according to)\b",
    )
}

/// The speaker of a sentence: the mention just before a speech verb ("the ministry said"),
/// just after it ("said the ministry", "according to Yonhap"), or a pronoun ("it added")
/// that refers back to the last speaker.
fn find_speaker(
    text: &str,
    mentions: &[Mention],
    gaz: &Gazetteer,
    last: Option<&Speaker>,
) -> Option<Speaker> {
    for v in speech_regex().find_iter(text) {
        let before = mentions
            .iter()
            .filter(|m| !is_place(text, m))
            .filter(|m| m.end <= v.start() && v.start() - m.end <= 90)
            .filter(|m| !span(text, m.end, v.start()).contains(['"', '“', '”', ';']))
            .max_by_key(|m| m.end);
        let after = mentions
            .iter()
            .filter(|m| !is_place(text, m))
            .filter(|m| m.start >= v.end() && m.start - v.end() <= 12)
            .min_by_key(|m| m.start);
        // "Lavrov arrived on Wednesday, spokesman Park Joon-ho told reporters": a name the
        // gazetteer does not know, right before the verb, is the speaker.
        if let Some(b) = before {
            let gap_text = span(text, b.end, v.start());
            if let Some(unknown) = unknown_name_in(gap_text) {
                return Some(Speaker {
                    name: unknown,
                    mention: None,
                });
            }
        }
        let pick = if v.as_str().eq_ignore_ascii_case("according to") {
            after.or(before)
        } else {
            before.or(after)
        };
        if let Some(m) = pick {
            let name = gaz
                .get(&m.actor_key)
                .map(|a| a.name.clone())
                .unwrap_or_else(|| m.text.trim_start_matches("the ").to_string());
            return Some(Speaker {
                name,
                mention: Some(m.clone()),
            });
        }
        let lead = span(text, 0, v.start()).trim_end().to_ascii_lowercase();
        if ["it", "he", "she", "they"]
            .iter()
            .any(|p| lead.ends_with(&format!(" {p}")) || lead == *p)
        {
            return last.cloned();
        }
    }
    None
}

/// Byte range of the clause around `start..end`: cut at semicolons, dashes, quotes and
/// conjunctions that open a new clause ("as", "while", "when", "which"...).
fn clause_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = cached(
        &RE,
        r"(?i);|\s[–—]\s|\s--\s|\b(?:as|while|whereas|because|although|though|but|after|before|since|until|which|who|where|when)\b|\b(?:said|says|added|noted|according to)\b",
    );
    let mut lo = 0;
    let mut hi = text.len();
    for m in re.find_iter(text) {
        if m.end() <= start {
            lo = m.end();
        } else if m.start() >= end && m.start() < hi {
            hi = m.start();
        }
    }
    (lo, hi)
}

fn is_negated_or_hypothetical(before: &str, after: &str) -> bool {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = cached(
        &RE,
        r"(?i)\b(?:not|never|no|n't|without|could|might|may|possible|possibility|potential|if|whether|unless|stop|halt|suspend|suspension of|cancel(?:led|ed)?|refus\w*|yet to|fail(?:ed)? to|denied|deny|resum\w+|reopen\w*|restart\w*|return to|revive|reviving|seek\w*|sought|ask(?:s|ed|ing)? for|request\w*|want\w*|need\w*|hop(?:e|es|ed|ing))\b|n't\b",
    );
    // Only the few words right before the trigger govern it.
    let window: String = {
        let words: Vec<&str> = before.split_whitespace().collect();
        let from = words.len().saturating_sub(5);
        words[from..].join(" ")
    };
    if re.is_match(&window) {
        return true;
    }
    // "did not pose a threat" puts the negation before; "talks were not held" after.
    let after_words: Vec<&str> = after.split_whitespace().take(3).collect();
    after_words
        .iter()
        .any(|w| w.eq_ignore_ascii_case("not") || w.ends_with("n't"))
}

/// Bytes between two spans (0 when they touch or overlap).
fn gap(a_start: usize, a_end: usize, b_start: usize, b_end: usize) -> usize {
    if b_start >= a_end {
        b_start - a_end
    } else {
        a_start.saturating_sub(b_end)
    }
}

/// The dated time expression that governs a trigger: nearest, with a penalty for every
/// clause boundary between them.
fn nearest_time<'a>(text: &str, tm: TriggerMatch, times: &[&'a TimeExpr]) -> Option<&'a TimeExpr> {
    let (lo, hi) = clause_bounds(text, tm.start, tm.end);
    times
        .iter()
        .copied()
        .filter(|t| t.range.is_some() && t.end <= text.len())
        // "his first visit since March last year" bounds the act; it does not date it.
        .filter(|t| {
            let lead = span(text, 0, t.start).trim_end().to_ascii_lowercase();
            !(lead.ends_with(" since") || lead == "since")
                || progressive_regex().is_match(span(text, lo, hi))
        })
        .min_by_key(|t| {
            let d = gap(tm.start, tm.end, t.start, t.end);
            let outside = t.start < lo || t.end > hi;
            // "for the next 100 years" says how long, not when.
            let span = t.timex_type == temporal::TimexType::Duration;
            d + if outside { 200 } else { 0 } + if span { 100 } else { 0 }
        })
}

/// The time expressions a trigger may take: those nearer to it than to any other trigger
/// of the sentence ("said Friday that the drills will run through March 23" gives Friday
/// to the statement and March 23 to the drills). Triggers side by side ("summit
/// agreement") form one phrase and share their expressions.
fn times_of_trigger<'a>(
    triggers: &[TriggerMatch],
    speech: &[bool],
    i: usize,
    times: &'a [TimeExpr],
) -> Vec<&'a TimeExpr> {
    let Some(me) = triggers.get(i) else {
        return Vec::new();
    };
    times
        .iter()
        .filter(|t| {
            // A speech verb owns the time that follows it ("said Friday") or opens the
            // sentence ("On Friday, the ministry said"), never the one that ends the
            // clause it reports ("... next year, officials said").
            let eligible = |(j, o): &(usize, &TriggerMatch)| {
                !speech.get(*j).copied().unwrap_or(false) || t.start >= o.end || t.start <= 12
            };
            let owner = triggers
                .iter()
                .enumerate()
                .filter(eligible)
                .map(|(_, o)| o)
                .min_by_key(|o| gap(o.start, o.end, t.start, t.end));
            match owner {
                Some(o) => gap(o.start, o.end, me.start, me.end) <= 2 || o == me,
                None => false,
            }
        })
        .collect()
}

/// Whether a sentence names a person the gazetteer does not know ("spokesman Park
/// Joon-ho"): a name run, not at the sentence start, outside every mention.
fn names_unknown_person(text: &str, mentions: &[Mention]) -> bool {
    name_runs(text).any(|m| {
        m.start() > 0
            && !mentions
                .iter()
                .any(|x| x.start < m.end() && m.start() < x.end)
    })
}

/// The last unknown person's name in a stretch of text, if any.
fn unknown_name_in(text: &str) -> Option<String> {
    name_runs(text).last().map(|m| m.as_str().to_string())
}

/// Runs of two or more capitalised words that are not made only of titles, office words,
/// months and weekdays: candidate names of people.
fn name_runs(text: &str) -> impl Iterator<Item = regex::Match<'_>> {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = cached(&RE, r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b");
    const NOT_NAMES: &[&str] = &[
        "Foreign",
        "Defense",
        "Defence",
        "Minister",
        "Ministry",
        "President",
        "Prime",
        "Secretary",
        "General",
        "Deputy",
        "Vice",
        "Chief",
        "Chairman",
        "Supreme",
        "Leader",
        "Army",
        "Navy",
        "Air",
        "Force",
        "Forces",
        "Command",
        "Council",
        "Security",
        "State",
        "National",
        "Assembly",
        "Party",
        "House",
        "White",
        "Department",
        "Office",
        "Agency",
        "News",
        "Central",
        "Korean",
        "Staff",
        "Joint",
        "Chiefs",
        "Of",
        "The",
        "United",
        "Nations",
        "Republic",
        "People",
        "Democratic",
        "Commander",
        "Admiral",
        "Colonel",
        "Captain",
        "Senator",
        "Governor",
        "Ambassador",
        "Envoy",
        "Spokesman",
        "Spokeswoman",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "North",
        "South",
        "East",
        "West",
        "Sea",
        "Peninsula",
        "Unification",
        "Information",
        "Public",
        "Affairs",
        "Trade",
        "Economy",
        "Finance",
        "Interior",
        "Justice",
        "Energy",
    ];
    re.find_iter(text)
        .filter(|m| !m.as_str().split([' ', '-']).all(|w| NOT_NAMES.contains(&w)))
}

/// "He", "she" as mentions of the antecedent person, so that "He met Xi on Friday" and
/// "she said" have their actor. Only subject pronouns; only with a clear antecedent.
fn add_pronoun_mentions(text: &str, antecedent: Option<&str>, mentions: &mut Vec<Mention>) {
    let Some(key) = antecedent else {
        return;
    };
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = cached(&RE, r"\b(?:[Hh]e|[Ss]he)\b");
    // A person named in this very sentence before the pronoun is its likelier antecedent;
    // leave those sentences alone rather than guess.
    let mut added = false;
    for m in re.find_iter(text) {
        if mentions.iter().any(|x| x.start < m.start()) {
            continue;
        }
        if mentions
            .iter()
            .any(|x| x.start < m.end() && m.start() < x.end)
        {
            continue;
        }
        mentions.push(Mention {
            start: m.start(),
            end: m.end(),
            text: m.as_str().to_string(),
            actor_key: key.to_string(),
        });
        added = true;
    }
    if added {
        mentions.sort_by_key(|m| m.start);
    }
}

/// Where a leading dateline ("SEOUL, Oct. 19 (Yonhap) --", "Pyongyang, September 5
/// (KCNA) --", "WASHINGTON, Jan. 19, 2018 —") ends, if the sentence opens with one.
fn dateline_end(text: &str) -> Option<usize> {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = cached(
        &RE,
        r"^[A-Z][A-Za-z .'-]{1,40}(?:,[^\n]{1,40}?)?(?:\([^)]{1,40}\))?\s*(?:--|—|–|-)\s",
    );
    re.find(text).map(|m| m.end())
}

/// Times of a trigger that `trigger i` sits inside: "agreement ... in their summit talks
/// on Wednesday", "treaty concluded at the summit in June".
fn nested_times<'a>(
    text: &str,
    triggers: &[TriggerMatch],
    speech: &[bool],
    i: usize,
    times: &'a [TimeExpr],
) -> Vec<&'a TimeExpr> {
    let Some(me) = triggers.get(i) else {
        return Vec::new();
    };
    for (j, other) in triggers.iter().enumerate().skip(i + 1) {
        let between = span(text, me.end, other.start.max(me.end));
        if between.split_whitespace().count() > 7 || between.contains(';') {
            break;
        }
        let lower = format!(" {} ", between.to_ascii_lowercase());
        if [
            " at ",
            " during ",
            " in ",
            " on the sidelines of ",
            " reached at ",
        ]
        .iter()
        .any(|p| lower.contains(p))
        {
            let t = times_of_trigger(triggers, speech, j, times);
            if !t.is_empty() {
                return t;
            }
        }
    }
    Vec::new()
}

/// "the two sides", "both countries", "the two leaders": a plural anaphor for the sides
/// of the story's main event.
fn names_both_sides(text: &str) -> bool {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = cached(
        &RE,
        r"(?i)\b(?:the two|both) (?:sides|countries|nations|leaders|governments|militaries|allies|foreign ministers|ministers|presidents|delegations)\b",
    );
    re.is_match(text)
}

/// A plain summary for an event whose parties were filled in by reference.
fn summarize_names(e: &Event) -> String {
    let names: Vec<&str> = e
        .actors
        .iter()
        .filter(|a| a.role != Role::Reporter && a.kind != ActorKind::State)
        .map(|a| a.name.as_str())
        .collect();
    let names = if names.is_empty() {
        e.actors
            .iter()
            .filter(|a| a.role != Role::Reporter)
            .map(|a| a.name.as_str())
            .collect()
    } else {
        names
    };
    let verb = match (e.event_type, e.mode.as_deref()) {
        (EventType::Consult, Some("visit")) => "visit",
        (EventType::Consult, _) => "meeting",
        (EventType::Agree, _) => "agreement",
        (EventType::Cooperate, _) => "joint drills",
        _ => e.event_type.as_str(),
    };
    format!("{} {}", names.join(", "), verb)
}

/// Dated expressions of the trigger's clause that no speech verb owns.
fn clause_times<'a>(
    text: &str,
    tm: TriggerMatch,
    times: &'a [TimeExpr],
    speech_times: &[&TimeExpr],
) -> Vec<&'a TimeExpr> {
    let (lo, hi) = clause_bounds(text, tm.start, tm.end);
    times
        .iter()
        .filter(|t| t.start >= lo && t.end <= hi && t.range.is_some())
        .filter(|t| !speech_times.iter().any(|s| std::ptr::eq(*s, *t)))
        .collect()
}

/// "The drills will run until Sunday" after "began the drills on Thursday": an end date
/// for an event whose start the text already gave makes one range, Thursday..Sunday, so
/// both reports merge into one event that is under way if the report falls inside it.
fn extend_to_end(c: &mut Candidate, prev: &Candidate) {
    let Some(texpr) = c
        .event
        .sources
        .first()
        .and_then(|s| s.time_expression.as_deref())
    else {
        return;
    };
    let lead = texpr.to_ascii_lowercase();
    let is_end = ["until ", "till ", "through ", "to "]
        .iter()
        .any(|w| lead.starts_with(w));
    if !is_end || !c.dated || !prev.dated || prev.event.date.precision != Precision::Day {
        return;
    }
    let (start, end) = (prev.event.date.start, c.event.date.end);
    if start > end || c.event.date.precision != Precision::Day {
        return;
    }
    c.event.date = DateRange::days(start, end);
    let anchor = c.event.sources.first().map(|s| s.published);
    if let Some(anchor) = anchor {
        c.event.status = if start > anchor {
            Status::Planned
        } else if end >= anchor {
            Status::Ongoing
        } else {
            Status::Occurred
        };
    }
}

/// Drills are one family whether one side holds them (mobilize) or several (cooperate).
fn same_family(a: &Event, b: &Event) -> bool {
    let exercise = |e: &Event| {
        (e.event_type == EventType::Cooperate && e.cameo == "062")
            || (e.event_type == EventType::Mobilize && e.cameo == "152")
    };
    a.event_type == b.event_type || (exercise(a) && exercise(b))
}

/// "the drills", "these exercises", "Freedom Shield exercises": a mention that refers to an
/// event already introduced rather than a new one.
fn is_anaphoric(text: &str, tm: TriggerMatch) -> bool {
    let before = span(text, 0, tm.start).trim_end();
    let last = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    matches!(
        last.to_ascii_lowercase().as_str(),
        "the" | "these" | "those" | "this" | "that" | "their" | "its"
    ) || last.chars().next().is_some_and(char::is_uppercase)
}

/// "ahead of the meeting", "after the talks", "during the visit": the event type (and
/// mode) the clause dates itself by, with the phrase.
fn anchored_on_event(
    text: &str,
    tm: TriggerMatch,
) -> Option<(EventType, Option<&'static str>, Option<String>)> {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = cached(
        &RE,
        r"(?i)\b(?:ahead of|before|prior to|after|following|during|at|on the sidelines of) (?:the|their|this|that) (?:\w+ ){0,2}?(meeting|summit|talks|dialogue|visit|trip|drills?|exercises?)\b",
    );
    let (lo, _) = clause_bounds(text, tm.start, tm.end);
    let caps = re
        .captures_iter(text)
        .filter(|c| {
            c.get(0).is_some_and(|m| {
                // The phrase may sit past the clause boundary it opens ("met ... before
                // the signing ceremony").
                m.start() >= lo.min(tm.start.saturating_sub(80))
            })
        })
        .find(|c| {
            c.get(0)
                .is_some_and(|m| m.end() <= tm.start || m.start() >= tm.end)
        })?;
    let phrase = caps.get(0)?.as_str().to_string();
    let noun = caps.get(1)?.as_str().to_ascii_lowercase();
    let kind = match noun.as_str() {
        "visit" | "trip" => (EventType::Consult, Some("visit")),
        "meeting" | "summit" | "talks" | "dialogue" => (EventType::Consult, None),
        "signing" | "ceremony" | "agreement" => (EventType::Agree, None),
        _ => (EventType::Cooperate, None),
    };
    Some((kind.0, kind.1, Some(phrase)))
}

/// Acts that consist of words: they happen when they are said.
fn is_verbal(t: EventType) -> bool {
    matches!(
        t,
        EventType::Threaten
            | EventType::Accuse
            | EventType::Request
            | EventType::Reject
            | EventType::Support
            | EventType::Statement
    )
}

/// Add a candidate unless the sentence already has an event of the same type, in which
/// case the two triggers describe one happening ("hosted ... a three-way get-together").
fn push_in_sentence(list: &mut Vec<Candidate>, c: Candidate) {
    // A visit and a meeting named in one sentence ("the dialogue ... the first visit of
    // Kim Il Sung in 1949") are two happenings; a host and a multilateral get-together are
    // one.
    let compatible = |a: Option<&str>, b: Option<&str>| {
        a == b
            || matches!(
                (a, b),
                (Some("visit"), Some("multilateral")) | (Some("multilateral"), Some("visit"))
            )
    };
    let same = list.iter_mut().find(|x| {
        x.event.event_type == c.event.event_type
            && compatible(x.event.mode.as_deref(), c.event.mode.as_deref())
            // "a summit in September ... a meeting on Thursday" are two meetings.
            && (!x.dated || !c.dated || x.event.date.overlaps(&c.event.date))
    });
    match same {
        Some(x) => {
            if !x.dated && c.dated {
                x.dated = true;
                x.event.date = c.event.date;
                x.event.status = c.event.status;
                if let (Some(xs), Some(cs)) = (x.event.sources.first_mut(), c.event.sources.first())
                {
                    xs.time_expression = cs.time_expression.clone();
                }
            }
            for a in c.event.actors {
                if !x.event.actors.iter().any(|y| y.key == a.key) {
                    x.event.actors.push(a);
                }
            }
            // A meeting of three or more states says more than "hosts".
            if c.event.mode.as_deref() == Some("multilateral") {
                x.event.mode = c.event.mode;
                x.event.cameo = c.event.cameo;
                x.event.summary = c.event.summary;
            }
        }
        None => list.push(c),
    }
}

/// Whether a mention names a place ("in Pyongyang", "to Seoul", "at the UN") rather than a
/// party.
fn is_place(text: &str, m: &Mention) -> bool {
    let before = span(text, 0, m.start).trim_end();
    let before = before.strip_suffix("the").unwrap_or(before).trim_end();
    let mut words = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let word = words.next().unwrap_or("").to_ascii_lowercase();
    if word == "of" {
        // "the southern border of the DPRK", "the territory of Ukraine".
        let head = words.next().unwrap_or("").to_ascii_lowercase();
        return matches!(
            head.as_str(),
            "border"
                | "borders"
                | "territory"
                | "coast"
                | "coasts"
                | "waters"
                | "region"
                | "area"
                | "capital"
                | "soil"
                | "outskirts"
                | "shores"
                | "airspace"
                | "side"
        );
    }
    matches!(
        word.as_str(),
        "in" | "to" | "at" | "from" | "near" | "inside" | "into" | "toward" | "towards"
    )
}

/// Whether a mention after a joint act's trigger names one of its sides ("drills by
/// Seoul and Washington", "talks between Kim and Putin", "a meeting with Lavrov") rather
/// than what the act is about or where it is aimed ("drills targeting the DPRK").
fn joins_after(text: &str, m: &Mention, tm: TriggerMatch) -> bool {
    if m.start < tm.end || m.start - tm.end > 160 {
        return false;
    }
    let between = span(text, tm.end, m.start).to_ascii_lowercase();
    let words: Vec<&str> = between
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let linking = [
        "by",
        "of",
        "between",
        "among",
        "with",
        "involving",
        "including",
        "and",
    ];
    let aiming = [
        "around",
        "off",
        "across",
        "along",
        "surrounding",
        "outside",
        "inside",
        "within",
        "beyond",
        "through",
        "against",
        "targeting",
        "on",
        "over",
        "near",
        "in",
        "into",
        "to",
        "from",
        "upon",
        "toward",
        "towards",
        "about",
        "at",
        "for",
    ];
    for w in words.iter().rev() {
        if linking.contains(w) {
            return true;
        }
        if aiming.contains(w) {
            return false;
        }
    }
    // Directly after the trigger with no preposition: an apposition or list.
    words.len() <= 1
}

/// "Taiwan condemned the drills on Thursday", "Seoul welcomed Pyongyang's talks offer": the
/// act named right after a reaction is what the reaction is about, done by others and
/// reported on its own; it is not an act of the reacting side, and the clause's time is
/// the reaction's.
fn drop_reacted_objects(
    text: &str,
    triggers: Vec<TriggerMatch>,
    lexicon: &Lexicon,
) -> Vec<TriggerMatch> {
    let mut out: Vec<TriggerMatch> = Vec::with_capacity(triggers.len());
    for t in triggers {
        let reacted = out.last().is_some_and(|prev| {
            let reaction = lexicon.triggers.get(prev.row).is_some_and(|r| {
                matches!(
                    r.event_type,
                    EventType::Accuse | EventType::Support | EventType::Reject | EventType::Protest
                )
            });
            reaction && only_modifiers(span(text, prev.end, t.start))
        });
        if !reacted {
            out.push(t);
        }
    }
    out
}

/// Words that can stand between a verb and its object noun: determiners, possessives and
/// names ("China's", "the U.S.-led"), and adjectives ("latest", "large-scale", "military").
fn only_modifiers(between: &str) -> bool {
    const WORDS: &[&str] = &[
        "the",
        "a",
        "an",
        "its",
        "their",
        "his",
        "her",
        "our",
        "this",
        "that",
        "these",
        "those",
        "such",
        "latest",
        "recent",
        "new",
        "planned",
        "joint",
        "military",
        "naval",
        "nuclear",
        "ballistic",
        "missile",
        "provocative",
        "reckless",
        "illegal",
        "unilateral",
        "massive",
        "large",
        "major",
        "annual",
        "first",
        "second",
        "third",
        "last",
        "previous",
        "repeated",
        "continued",
        "ongoing",
        "proposed",
        "air",
        "live-fire",
    ];
    if between.contains([',', ';', ':', '(', ')', '"', '“', '”']) {
        return false;
    }
    let words: Vec<&str> = between.split_whitespace().collect();
    words.len() <= 5
        && words.iter().all(|w| {
            let lower = w.to_lowercase();
            WORDS.contains(&lower.as_str())
                || lower.ends_with("'s")
                || lower.ends_with("’s")
                || w.starts_with(char::is_uppercase)
                || w.contains('-')
                || ["al", "ic", "ive"].iter().any(|x| lower.ends_with(x))
        })
}

/// A directed act written as a noun with its doer after "from": "drew condemnation from
/// Seoul and Tokyo", "faced threats from the North", "criticism from Washington".
fn agent_follows_from(text: &str, tm: TriggerMatch) -> bool {
    let word = span(text, tm.start, tm.end)
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let noun = ["tion", "tions", "ism", "isms", "ment", "ments"]
        .iter()
        .any(|suffix| word.ends_with(suffix))
        || matches!(
            word.as_str(),
            "threats" | "warnings" | "accusations" | "protests" | "criticism" | "demands"
        );
    noun && span(text, tm.end, text.len())
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("from ")
}

/// The role of a mention in an event of `shape` triggered at `tm`; `None` when the
/// mention is no party to it (what follows a one-sided act: "drills amid concerns over
/// North Korea").
fn role_for(shape: Shape, text: &str, m: &Mention, tm: TriggerMatch) -> Option<Role> {
    let before = m.end <= tm.start;
    let passive_agent = !before && {
        let between = span(text, tm.end, m.start);
        between.split_whitespace().any(|w| w == "by")
    };
    Some(match shape {
        Shape::Joint => {
            if before || joins_after(text, m, tm) {
                Role::Participant
            } else {
                return None;
            }
        }
        Shape::Speech => Role::Target,
        Shape::Solo => {
            if before || passive_agent {
                Role::Source
            } else {
                return None;
            }
        }
        Shape::Visit => {
            if before || passive_agent {
                Role::Source
            } else if m.start.saturating_sub(tm.end) <= 40
                && !span(text, tm.end, m.start.max(tm.end))
                    .trim_start()
                    .trim_start_matches("to ")
                    .contains(" to ")
            {
                // The place or host right after "visit(ed)"; later names belong to the
                // purpose ("to discuss the North's threats with ...").
                Role::Target
            } else {
                return None;
            }
        }
        Shape::Directed | Shape::Host => {
            if before || passive_agent {
                Role::Source
            } else {
                Role::Target
            }
        }
    })
}

/// Add an actor (and, for a person or a body, the state it belongs to) unless present.
fn push_actor(actors: &mut Vec<EventActor>, gaz: &Gazetteer, key: &str, role: Role) {
    let Some(actor) = gaz.get(key) else {
        return;
    };
    if let Some(existing) = actors.iter_mut().find(|a| a.key == actor.key) {
        // A party beats a mere reporter; the first real role stays.
        if existing.role == Role::Reporter && role != Role::Reporter {
            existing.role = role;
        }
        return;
    }
    actors.push(EventActor {
        key: actor.key.clone(),
        name: actor.name.clone(),
        kind: actor.kind,
        country: actor.country.clone(),
        role,
    });
    // A person or body stands for its state too, unless it serves an international body
    // (the UN Secretary-General does not bring Portugal into a Security Council meeting).
    let serves_igo = actor.roles.iter().any(|r| {
        r.of.as_deref()
            .and_then(|k| gaz.get(k))
            .is_some_and(|o| o.kind == ActorKind::Igo)
    });
    if actor.kind != ActorKind::State && !serves_igo {
        if let Some(state) = actor.country.as_deref().and_then(|c| gaz.get(c)) {
            if state.kind == ActorKind::State && !actors.iter().any(|a| a.key == state.key) {
                actors.push(EventActor {
                    key: state.key.clone(),
                    name: state.name.clone(),
                    kind: state.kind,
                    country: state.country.clone(),
                    role,
                });
            }
        }
    }
}

fn progressive_regex() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    cached(
        &RE,
        r"(?i)\b(?:is|are|am|has been|have been|remains?|continues?|continuing)\s+(?:\w+ly\s+)?\w+ing\b|\b(?:under way|underway|ongoing|continues|continuing)\b",
    )
}

/// planned / ongoing / occurred from the tense around the trigger and the date.
fn status_of(
    text: &str,
    tm: TriggerMatch,
    range: Option<&DateRange>,
    anchor: chrono::NaiveDate,
) -> Status {
    let tense = temporal::tense_at(text, tm.start);
    if let Some(r) = range {
        // A past-tense report of "early Saturday, local time" in a Friday story is a
        // time-zone effect, not a plan.
        let zone_slack = tense == Tense::Past && r.start <= anchor + chrono::Duration::days(1);
        if r.start > anchor && !zone_slack {
            return Status::Planned;
        }
    }
    if tense == Tense::Future {
        // A future clause about a range already begun is under way, not planned.
        return match range {
            Some(r) if r.end < anchor => Status::Occurred,
            _ => Status::Planned,
        };
    }
    let (lo, hi) = clause_bounds(text, tm.start, tm.end);
    let clause = span(text, lo, hi);
    if progressive_regex().is_match(clause) {
        if let Some(r) = range {
            if r.start <= anchor && r.end >= anchor {
                return Status::Ongoing;
            }
        }
    }
    Status::Occurred
}

/// "Sergei Lavrov visits Pyongyang": the sources, the verb, the targets; people stand for
/// their own states.
fn summarize(trig: &Trigger, actors: &[EventActor], location: Option<&str>) -> String {
    let names = |role: Role| -> Vec<String> {
        // People and bodies stand for their own state in a summary.
        let people_countries: Vec<&str> = actors
            .iter()
            .filter(|a| a.role == role && a.kind != ActorKind::State)
            .filter_map(|a| a.country.as_deref())
            .collect();
        actors
            .iter()
            .filter(|a| a.role == role)
            .filter(|a| !(a.kind == ActorKind::State && people_countries.contains(&a.key.as_str())))
            .map(|a| a.name.clone())
            .collect()
    };
    let join = |v: &[String]| -> String {
        match v.len() {
            0 => String::new(),
            1 => v[0].clone(),
            n => format!("{} and {}", v[..n - 1].join(", "), v[n - 1]),
        }
    };
    let sources = names(Role::Source);
    let targets = names(Role::Target);
    let participants = names(Role::Participant);
    let verb = &trig.verb;
    let mut s = match trig.shape {
        Shape::Joint => {
            let mut all = sources.clone();
            all.extend(participants.iter().cloned());
            all.extend(targets.iter().cloned());
            format!("{} {}", join(&all), verb)
        }
        Shape::Speech => {
            let subj = if sources.is_empty() {
                "Statement".to_string()
            } else {
                format!("{} {verb}", join(&sources))
            };
            if targets.is_empty() {
                subj
            } else {
                format!("{subj} about {}", join(&targets))
            }
        }
        _ => {
            let subj = if sources.is_empty() {
                join(&participants)
            } else {
                join(&sources)
            };
            if targets.is_empty() {
                // "expresses support for" with nobody after it reads better without "for".
                let bare = ["for", "on", "to", "with", "about"]
                    .iter()
                    .find_map(|p| verb.strip_suffix(&format!(" {p}")))
                    .unwrap_or(verb);
                format!("{subj} {bare}")
            } else {
                format!("{subj} {verb} {}", join(&targets))
            }
        }
    };
    if trig.shape == Shape::Visit && targets.is_empty() {
        if let Some(loc) = location {
            s = format!("{s} {loc}");
        }
    } else if let Some(loc) = location {
        if trig.shape != Shape::Visit {
            s = format!("{s} in {loc}");
        }
    }
    let s = s.trim().to_string();
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => s,
    }
}

/// Fold undated mentions into a dated event of the same article with the same type and a
/// shared actor (the headline's "deployed this week" dates the body's "the decision to
/// deploy"); the rest are reported as undated.
fn attach_undated(candidates: Vec<Candidate>) -> Extraction {
    let mut dated: Vec<Event> = Vec::new();
    let mut undated: Vec<Candidate> = Vec::new();
    let mut out = Extraction::default();
    for c in candidates {
        if c.dated {
            dated.push(c.event);
        } else if c.standalone {
            out.undated.push(undated_line(&c));
        } else {
            undated.push(c);
        }
    }
    for c in undated {
        // Only the doers count: two statements about the US are not one statement.
        let key = |e: &Event| {
            e.actors
                .iter()
                .filter(|a| matches!(a.role, Role::Source | Role::Participant))
                .map(|a| a.key.clone())
                .collect::<Vec<_>>()
        };
        let mine = key(&c.event);
        let host = dated.iter_mut().find(|d| {
            d.event_type == c.event.event_type && key(d).iter().any(|k| mine.contains(k))
        });
        match host {
            Some(d) => {
                for a in c.event.actors {
                    if !d.actors.iter().any(|x| x.key == a.key) {
                        d.actors.push(a);
                    }
                }
                d.sources.extend(c.event.sources);
            }
            None => out.undated.push(undated_line(&c)),
        }
    }
    out.events = dated;
    out
}

fn undated_line(c: &Candidate) -> String {
    let evidence = c
        .event
        .sources
        .first()
        .map(|s| s.evidence.as_str())
        .unwrap_or_default();
    format!("{}: {}", c.trigger, evidence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn article(published: (i32, u32, u32), body: &str) -> Article {
        Article {
            origin: "test".into(),
            title: None,
            publisher: Some("Test Wire".into()),
            author: None,
            url: None,
            published: NaiveDate::from_ymd_opt(published.0, published.1, published.2).unwrap(),
            published_time: None,
            extra: Vec::new(),
            body: body.into(),
        }
    }

    fn events(published: (i32, u32, u32), body: &str) -> Vec<Event> {
        let ex = Extractor::builtin().unwrap();
        ex.extract(&article(published, body)).events
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn keys(e: &Event, role: Role) -> Vec<&str> {
        e.actors
            .iter()
            .filter(|a| a.role == role)
            .map(|a| a.key.as_str())
            .collect()
    }

    #[test]
    fn future_drills_on_a_weekday_are_planned_on_the_next_one() {
        // Friday 20 Oct 2023.
        let ev = events(
            (2023, 10, 20),
            "South Korea and the United States will hold joint naval drills on Sunday.",
        );
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(ev[0].status, Status::Planned);
        assert_eq!(ev[0].date, DateRange::day(day(2023, 10, 22)));
        assert_eq!(ev[0].event_type, EventType::Cooperate);
        assert_eq!(ev[0].cameo, "062");
    }

    #[test]
    fn condemnation_from_a_state_has_that_state_as_source() {
        let ev = events(
            (2023, 11, 22),
            "North Korea's satellite launch on Tuesday drew condemnation from Japan and South Korea.",
        );
        let c = ev
            .iter()
            .find(|e| e.event_type == EventType::Accuse)
            .expect("a condemnation");
        let mut sources = keys(c, Role::Source);
        sources.sort_unstable();
        assert_eq!(sources, ["JPN", "KOR"], "{c:#?}");
        assert!(keys(c, Role::Target).contains(&"PRK"), "{c:#?}");
        // Not a place: no "in Japan".
        assert_eq!(c.location, None);
        // A verb keeps its subject as the doer.
        let ev = events(
            (2023, 11, 22),
            "Japan condemned North Korea's satellite launch on Tuesday.",
        );
        let c = ev
            .iter()
            .find(|e| e.event_type == EventType::Accuse)
            .expect("a condemnation");
        assert_eq!(keys(c, Role::Source), ["JPN"], "{c:#?}");
    }

    #[test]
    fn missiles_fired_at_a_named_place_are_an_attack_but_into_the_sea_a_launch() {
        let ev = events(
            (2023, 12, 11),
            "Russia fired missiles at Kyiv overnight, Ukrainian officials said on Monday.",
        );
        let a = ev
            .iter()
            .find(|e| e.event_type == EventType::Assault)
            .expect("an attack");
        assert_eq!(keys(a, Role::Source), ["RUS"], "{a:#?}");
        assert!(keys(a, Role::Target).contains(&"UKR"), "{a:#?}");
        assert_eq!(a.date, DateRange::day(day(2023, 12, 10)));
        // A launch into the sea, or at a clock time, is no attack on anyone.
        for s in [
            "North Korea fired a ballistic missile into the sea on Monday.",
            "North Korea fired a ballistic missile at 7:10 a.m. on Monday.",
        ] {
            let ev = events((2023, 12, 11), s);
            assert!(ev.iter().all(|e| e.event_type != EventType::Assault), "{s}");
            assert!(
                ev.iter().any(|e| e.event_type == EventType::Mobilize),
                "{s}"
            );
        }
    }

    #[test]
    fn talks_agreed_last_week_are_a_plan_without_that_date() {
        let ex = Extractor::builtin().unwrap();
        let x = ex.extract(&article(
            (2023, 12, 11),
            "Last week, the European Union agreed to open accession talks with Ukraine.",
        ));
        // The agreeing is dated; the talks it opens are not held last week.
        assert!(x.events.iter().any(|e| e.event_type == EventType::Agree));
        assert!(
            x.events.iter().all(|e| e.event_type != EventType::Consult),
            "{:#?}",
            x.events
        );
        assert_eq!(x.undated.len(), 1, "{:?}", x.undated);
    }

    #[test]
    fn welcoming_a_deal_is_support_but_welcoming_a_guest_is_hosting() {
        let ev = events(
            (2023, 11, 27),
            "Japan on Sunday welcomed the truce deal between Israel and Hamas.",
        );
        assert!(
            ev.iter().any(|e| e.event_type == EventType::Support),
            "{ev:#?}"
        );
        assert!(ev
            .iter()
            .all(|e| e.mode.as_deref() != Some("visit") && e.event_type != EventType::Agree));
        let ev = events(
            (2024, 6, 20),
            "Kim Jong Un welcomed Vladimir Putin at the airport on Wednesday.",
        );
        assert!(
            ev.iter().any(|e| e.mode.as_deref() == Some("visit")),
            "{ev:#?}"
        );
    }

    #[test]
    fn the_act_a_reaction_is_about_is_not_an_act_of_the_reacting_side() {
        let ev = events(
            (2024, 5, 23),
            "Taiwan condemned China's large-scale military drills on Thursday.",
        );
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(ev[0].event_type, EventType::Accuse);
        assert_eq!(ev[0].date, DateRange::day(day(2024, 5, 23)));
        assert!(keys(&ev[0], Role::Source).contains(&"TWN"), "{:#?}", ev[0]);
        // Two acts joined by "and" stay two acts.
        let ev = events(
            (2024, 5, 23),
            "Taiwan condemned Beijing and held naval drills on Thursday.",
        );
        assert!(
            ev.iter()
                .any(|e| e.summary.contains("drills") && e.event_type != EventType::Accuse),
            "{ev:#?}"
        );
    }

    #[test]
    fn cutting_ties_is_a_diplomatic_sanction_on_the_other_side() {
        let ev = events(
            (2023, 3, 10),
            "Saudi Arabia cut diplomatic ties with Iran in 2016.",
        );
        let e = ev
            .iter()
            .find(|e| e.cameo == "161")
            .expect("relations broken off");
        assert_eq!(e.event_type, EventType::Sanction);
        assert_eq!(keys(e, Role::Source), ["SAU"], "{e:#?}");
        assert_eq!(keys(e, Role::Target), ["IRN"], "{e:#?}");
        assert_eq!(e.date.precision, crate::model::Precision::Year);
    }

    #[test]
    fn export_curbs_and_tariffs_imposed_on_a_state_are_sanctions() {
        for s in [
            "Japan imposed export curbs on South Korea in 2019.",
            "Washington slapped new tariffs on South Korea in 2019.",
        ] {
            let ev = events((2023, 3, 16), s);
            let e = ev
                .iter()
                .find(|e| e.event_type == EventType::Sanction)
                .unwrap_or_else(|| panic!("no sanction in {s}: {ev:#?}"));
            assert_eq!(keys(e, Role::Target), ["KOR"], "{e:#?}");
        }
    }

    #[test]
    fn a_visit_has_the_visitor_as_source_and_the_host_as_target() {
        let ev = events(
            (2024, 6, 20),
            "Russian President Vladimir Putin visited North Korea on Wednesday.",
        );
        let v = ev
            .iter()
            .find(|e| e.mode.as_deref() == Some("visit"))
            .expect("a visit");
        assert!(keys(v, Role::Source).contains(&"vladimir-putin"), "{v:#?}");
        assert!(keys(v, Role::Target).contains(&"PRK"), "{v:#?}");
        assert_eq!(v.cameo, "042");
        assert_eq!(v.date, DateRange::day(day(2024, 6, 19)));
        assert_eq!(v.status, Status::Occurred);
    }

    #[test]
    fn negated_and_hypothetical_events_are_not_recorded() {
        assert!(events(
            (2023, 10, 20),
            "Kim Jong Un did not meet Vladimir Putin on Thursday."
        )
        .is_empty());
        assert!(events(
            (2023, 10, 20),
            "Japan could impose sanctions on Russia next month."
        )
        .is_empty());
        assert!(events(
            (2023, 10, 20),
            "Will China hold drills near Taiwan on Sunday?"
        )
        .is_empty());
    }

    #[test]
    fn said_with_a_day_is_a_statement_attributed_to_the_speaker() {
        let ev = events(
            (2023, 10, 20),
            "North Korea fired a ballistic missile into the sea on Thursday, South Korea's Joint Chiefs of Staff said Friday.",
        );
        let launch = ev
            .iter()
            .find(|e| e.mode.as_deref() == Some("weapons"))
            .expect("a launch");
        assert_eq!(launch.date, DateRange::day(day(2023, 10, 19)));
        assert!(keys(launch, Role::Source).contains(&"PRK"));
        assert!(launch.sources[0].attributed_to.is_some(), "{launch:#?}");
        let statement = ev
            .iter()
            .find(|e| e.event_type == EventType::Statement)
            .expect("a statement");
        assert_eq!(statement.date, DateRange::day(day(2023, 10, 20)));
    }

    #[test]
    fn a_dateline_does_not_date_an_event() {
        let ev = events(
            (2023, 10, 19),
            "SEOUL, Oct. 19 (Yonhap) -- Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Wednesday.",
        );
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(ev[0].date, DateRange::day(day(2023, 10, 18)));
        assert_eq!(ev[0].location.as_deref(), Some("Pyongyang"));
    }

    #[test]
    fn month_without_year_takes_the_year_that_makes_the_past_true() {
        let ev = events(
            (2023, 10, 20),
            "The US in August hosted the South Korean and Japanese leaders at a three-way summit.",
        );
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(ev[0].date, DateRange::month(2023, 8).unwrap());
        assert_eq!(ev[0].mode.as_deref(), Some("multilateral"));
    }

    #[test]
    fn an_end_date_for_drills_already_begun_makes_one_ongoing_range() {
        // Monday 24 July 2023.
        let ev = events(
            (2023, 7, 24),
            "Russia and China began joint naval exercises in the Sea of Japan on Thursday.\nThe drills will run until Sunday, the Russian Defense Ministry said.",
        );
        let drills: Vec<&Event> = ev
            .iter()
            .filter(|e| e.event_type == EventType::Cooperate)
            .collect();
        assert!(
            drills.iter().any(
                |e| e.date == DateRange::days(day(2023, 7, 20), day(2023, 7, 30))
                    && e.status == Status::Ongoing
            ),
            "{ev:#?}"
        );
    }

    #[test]
    fn a_trigger_that_contains_a_mention_does_not_panic() {
        // Regression: "expelled two Russian diplomats" is one trigger holding the mention
        // "Russian"; slicing from the trigger's end to the mention's start panicked.
        let ev = events(
            (2024, 4, 15),
            "Germany expelled two Russian diplomats on Monday over espionage allegations.",
        );
        let expel = ev
            .iter()
            .find(|e| e.event_type == EventType::Sanction)
            .expect("an expulsion");
        assert!(keys(expel, Role::Source).contains(&"DEU"), "{expel:#?}");
    }

    #[test]
    fn he_refers_to_the_person_named_last() {
        let ev = events(
            (2023, 10, 20),
            "Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Wednesday.\nHe met North Korean leader Kim Jong Un on Thursday.",
        );
        let talks = ev
            .iter()
            .find(|e| e.date == DateRange::day(day(2023, 10, 19)))
            .expect("Thursday's talks");
        let keys: Vec<&str> = talks.actor_keys().collect();
        assert!(keys.contains(&"sergei-lavrov"), "{talks:#?}");
        assert!(keys.contains(&"kim-jong-un"), "{talks:#?}");
    }

    #[test]
    fn he_after_an_unknown_name_stays_unresolved() {
        let ev = events(
            (2023, 10, 20),
            "Sergei Lavrov arrived on Wednesday, spokesman Park Joon-ho told reporters.\nHe visited Tokyo on Thursday.",
        );
        assert!(
            ev.iter()
                .all(|e| e.date != DateRange::day(day(2023, 10, 19))
                    || !e.actor_keys().any(|k| k == "sergei-lavrov")),
            "{ev:#?}"
        );
        // The spokesman, not Lavrov, is who told reporters.
        let arrival = ev
            .iter()
            .find(|e| e.date == DateRange::day(day(2023, 10, 18)))
            .expect("the arrival");
        assert!(arrival
            .actors
            .iter()
            .any(|a| a.key == "sergei-lavrov" && a.role == Role::Source));
    }

    #[test]
    fn an_undated_event_is_left_off_the_timeline_and_reported() {
        let ex = Extractor::builtin().unwrap();
        let x = ex.extract(&article(
            (2023, 10, 20),
            "North Korea has repeatedly test-fired missiles.",
        ));
        assert!(x.events.is_empty());
        assert_eq!(x.undated.len(), 1);
    }

    #[test]
    fn clause_stops_at_conjunction_as() {
        let t = "The two-day trip from Wednesday by Sergei Lavrov came as Kim and Putin seek help";
        let at = t.find("trip").unwrap();
        let (lo, hi) = clause_bounds(t, at, at + 4);
        assert_eq!(lo, 0);
        assert_eq!(&t[hi..hi + 2], "as");
    }

    #[test]
    fn negation_right_before_the_trigger_blocks_the_event() {
        assert!(is_negated_or_hypothetical(
            "the missile did not pose a ",
            " to North America"
        ));
        assert!(is_negated_or_hypothetical(
            "the two sides could ",
            " next month"
        ));
        assert!(!is_negated_or_hypothetical(
            "The US and South Korea ",
            " joint drills"
        ));
    }

    #[test]
    fn gap_measures_bytes_between_spans() {
        assert_eq!(gap(10, 14, 15, 20), 1);
        assert_eq!(gap(15, 20, 10, 14), 1);
        assert_eq!(gap(10, 20, 12, 14), 0);
    }
}
