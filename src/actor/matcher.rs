//! Mention finding: one Aho-Corasick automaton over every alias, blocking phrase, body noun
//! ("Foreign Ministry"), title ("top diplomat") and anaphor ("the North"), built once per
//! gazetteer. A sentence is scanned once for all (overlapping) hits; hits that break a word
//! boundary or the case rules are dropped; the rest are chosen left to right, longest
//! first. Then small composition rules read neighbouring pieces together: a state word
//! plus a body noun is that state's body, a state word plus a title is the person holding
//! the role on the date, a title plus a surname is checked against that person's roles, and
//! anaphors and bare surnames resolve through the article's `MentionContext`.

use super::data::{self, AnaphorDef, AnaphorRule, BodyDef, TitleDef, TitleRoles};
use super::{Actor, Gazetteer, Mention, MentionContext};
use crate::error::{Error, Result};
use crate::model::ActorKind;
use aho_corasick::AhoCorasick;
use chrono::NaiveDate;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// What one pattern text stands for. A text can stand for several things (an alias shared
/// by two actors); `best_piece` picks one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Block,
    Actor(usize),
    Body(usize),
    Title(usize),
    Anaphor(usize),
    Surname(usize),
}

/// How a hit's case must agree with its pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseRule {
    /// Acronyms ("US", "DPRK", "U.N."): exactly as written, so "us" is never the US.
    Exact,
    /// Names with capitals: any case except all lowercase ("china", "the north").
    NotAllLower,
    /// Names of three or more capitalized words: each keeps its capital.
    Title,
    /// Lowercase phrases ("leader", "armed forces"): any case.
    Any,
}

#[derive(Debug, Clone)]
struct Pattern {
    text: String,
    case: CaseRule,
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    ac: AhoCorasick,
    patterns: Vec<Pattern>,
    bodies: Vec<BodyDef>,
    titles: Vec<TitleDef>,
    anaphors: Vec<AnaphorDef>,
    surnames: Vec<String>,
    by_surname: Vec<Vec<usize>>,
    ambiguous_surnames: HashSet<String>,
    /// Surnames that are also common capitalized words ("No", "May"): never alone.
    never_bare: HashSet<String>,
    /// Surnames only inferred from user-added names (no surname column): alone, they
    /// resolve through the article's earlier mentions only.
    context_only: HashSet<String>,
    /// People whose surname comes from people.tsv: only they resolve by surname alone
    /// without an earlier mention ("Putin" stays Vladimir Putin after an import adds
    /// other Putins).
    table_persons: HashSet<usize>,
    persons: Vec<usize>,
    /// Body suffix → actors whose key ends in "-<suffix>".
    by_suffix: HashMap<String, Vec<usize>>,
}

/// A hit kept after filtering and selection.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    piece: Piece,
    /// Index of the pattern that matched.
    pat: usize,
}

/// Calendar words are capitalized but never a name: "leader Kim on Thursday".
const CALENDAR: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
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
];

/// How many mentions back an unqualified body ("the Foreign Ministry") may refer.
const BODY_WINDOW: usize = 6;

/// Words before a title that make it somebody other than the current holder.
const NOT_CURRENT: &[&str] = &[
    "former", "ex", "late", "next", "future", "incoming", "previous", "would-be", "past",
];

/// Spelling variants of a person's name: a hyphenated Korean given name is also written
/// spaced and joined ("Kim Jong-un", "Kim Jong Un", "Kim Jongun").
pub(crate) fn name_variants(name: &str) -> Vec<String> {
    if !name.contains('-') {
        return Vec::new();
    }
    vec![name.replace('-', " "), name.replace('-', "")]
}

/// Words a proper name of three or more words may keep in lowercase.
const NAME_SMALL_WORDS: &[&str] = &["of", "the", "and", "for", "in", "on", "to", "de", "al"];

/// A name of three or more words, each capitalized but for small words ("Armed Islamic
/// Group", "Democratic People's Republic of Korea").
fn is_title_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.len() >= 3
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || NAME_SMALL_WORDS.contains(&w.to_lowercase().as_str())
        })
}

/// Whether a hit keeps the capitals of a title-case name: "an armed Islamic group" is a
/// description, "the Armed Islamic Group" the name (an all-capitals headline counts too).
fn title_case_ok(pattern: &str, hit: &str) -> bool {
    if !hit.chars().any(char::is_lowercase) {
        return true;
    }
    pattern
        .split_whitespace()
        .zip(hit.split_whitespace())
        .all(|(p, h)| {
            !p.chars().next().is_some_and(char::is_uppercase)
                || h.chars().next().is_some_and(char::is_uppercase)
        })
}

fn case_rule(text: &str) -> CaseRule {
    let uppers = text.chars().filter(|c| c.is_uppercase()).count();
    if uppers >= 2 && !text.contains(char::is_whitespace) {
        CaseRule::Exact
    } else if is_title_name(text) {
        CaseRule::Title
    } else if uppers > 0 {
        CaseRule::NotAllLower
    } else {
        CaseRule::Any
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn boundary_ok(s: &str, start: usize, end: usize) -> bool {
    let before = s.get(..start).and_then(|b| b.chars().next_back());
    let after = s.get(end..).and_then(|a| a.chars().next());
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// Scraped text sometimes loses the space before a full name ("ComradeKim Il Sung"): a
/// multi-word name that starts with a capital right after a lowercase letter still counts.
fn camel_joined(s: &str, start: usize, end: usize, p: &Pattern) -> bool {
    let before = s.get(..start).and_then(|b| b.chars().next_back());
    let after = s.get(end..).and_then(|a| a.chars().next());
    p.text.contains(' ')
        && p.pieces.iter().all(|x| matches!(x, Piece::Actor(_)))
        && before.is_some_and(char::is_lowercase)
        && s.get(start..)
            .is_some_and(|t| t.starts_with(char::is_uppercase))
        && !after.is_some_and(is_word_char)
}

/// "North and South Korea": the first word shares the head of the name after "and"/"or".
/// Returns the span of that word and the other state, when "<word> <head>" names one.
fn elided_state(
    g: &Gazetteer,
    s: &str,
    h: Hit,
    prev_end: Option<usize>,
) -> Option<(usize, usize, usize)> {
    let text = s.get(h.start..h.end)?;
    let (_, head) = text.split_once(' ')?;
    let before = s.get(..h.start)?;
    let rest = before
        .strip_suffix(" and ")
        .or_else(|| before.strip_suffix(" or "))?;
    let word_start = rest
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map(|(i, _)| i)?;
    if prev_end.is_some_and(|e| e > word_start) {
        return None;
    }
    let word = rest.get(word_start..)?;
    if !word.starts_with(char::is_uppercase) {
        return None;
    }
    let other = g.lookup_exact(&super::normalize(&format!("{word} {head}")))?;
    if other.kind != ActorKind::State || other.key == text {
        return None;
    }
    let i = g.index_of(&other.key)?;
    Some((word_start, rest.len(), i))
}

/// Between a state word and its body or title: spaces, or a possessive and spaces.
fn is_join_gap(g: &str) -> bool {
    let g = g
        .strip_prefix("'s")
        .or_else(|| g.strip_prefix("\u{2019}s"))
        .unwrap_or(g);
    !g.is_empty() && g.chars().all(char::is_whitespace)
}

/// Between a title and the name it introduces: spaces, or a comma and spaces.
fn is_name_gap(g: &str) -> bool {
    let t = g.trim();
    !g.is_empty() && (t.is_empty() || t == ",")
}

/// "Ministry of National Defence of the DPRK": " of " or " of the ".
fn is_of_gap(g: &str) -> bool {
    let n = super::normalize(g);
    n == "of" || n == "of the"
}

impl Matcher {
    pub(crate) fn build(actors: &[Actor]) -> Result<Matcher> {
        let bodies = data::bodies()?;
        let titles = data::titles()?;
        let anaphors = data::anaphors()?;
        let (_, surname_table) = data::people()?;
        let mut ambiguous_surnames = HashSet::new();
        let mut never_bare = HashSet::new();
        for line in data::ambiguous_surnames() {
            match line.strip_prefix('!') {
                Some(word) => {
                    never_bare.insert(word.to_string());
                    ambiguous_surnames.insert(word.to_string());
                }
                None => {
                    ambiguous_surnames.insert(line);
                }
            }
        }

        let mut patterns: Vec<Pattern> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut add = |text: &str, piece: Piece| {
            let text = text.trim();
            if text.chars().count() < 2 {
                return;
            }
            let mut forms = vec![text.to_string()];
            if text.contains('\'') {
                forms.push(text.replace('\'', "\u{2019}"));
            }
            for form in forms {
                let i = *index.entry(form.clone()).or_insert_with(|| {
                    patterns.push(Pattern {
                        case: case_rule(&form),
                        text: form,
                        pieces: Vec::new(),
                    });
                    patterns.len() - 1
                });
                if let Some(p) = patterns.get_mut(i) {
                    if !p.pieces.contains(&piece) {
                        p.pieces.push(piece);
                    }
                }
            }
        };

        let mut surnames: Vec<String> = Vec::new();
        let mut by_surname: Vec<Vec<usize>> = Vec::new();
        let mut surname_ids: HashMap<String, usize> = HashMap::new();
        let mut persons = Vec::new();
        let mut by_suffix: HashMap<String, Vec<usize>> = HashMap::new();
        let suffixes: Vec<&str> = bodies.iter().filter_map(|b| b.suffix.as_deref()).collect();
        let mut inferred: HashSet<String> = HashSet::new();
        let mut from_table: HashSet<String> = HashSet::new();
        let mut table_persons: HashSet<usize> = HashSet::new();

        for (i, a) in actors.iter().enumerate() {
            add(&a.name, Piece::Actor(i));
            for al in &a.aliases {
                add(al, Piece::Actor(i));
            }
            if a.kind == ActorKind::Person {
                persons.push(i);
                for n in std::iter::once(&a.name).chain(a.aliases.iter()) {
                    for v in name_variants(n) {
                        add(&v, Piece::Actor(i));
                    }
                }
                // People added by users (or imported by the thousand from PETRARCH
                // dictionaries) have no surname column: their last word stands in, but
                // only a capitalized one, and alone it resolves only to a person the
                // article has named ("Kupfer" after "Jeffrey Kupfer"), never on its own.
                let surname = match surname_table.get(&a.key) {
                    Some(sn) => Some(sn.clone()),
                    None => a
                        .name
                        .split_whitespace()
                        .next_back()
                        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                        .map(|w| {
                            inferred.insert(w.to_string());
                            w.to_string()
                        }),
                };
                if let Some(sn) = surname {
                    if surname_table.contains_key(&a.key) {
                        from_table.insert(sn.clone());
                        table_persons.insert(i);
                    }
                    let id = *surname_ids.entry(sn.clone()).or_insert_with(|| {
                        surnames.push(sn.clone());
                        by_surname.push(Vec::new());
                        surnames.len() - 1
                    });
                    if let Some(list) = by_surname.get_mut(id) {
                        list.push(i);
                    }
                }
            }
            for sfx in &suffixes {
                if a.key.ends_with(&format!("-{sfx}")) {
                    by_suffix.entry((*sfx).to_string()).or_default().push(i);
                }
            }
        }
        for (id, sn) in surnames.iter().enumerate() {
            add(sn, Piece::Surname(id));
        }
        let context_only: HashSet<String> = inferred.difference(&from_table).cloned().collect();
        for b in data::blocks() {
            add(&b, Piece::Block);
        }
        for (bi, b) in bodies.iter().enumerate() {
            for ph in &b.phrases {
                add(ph, Piece::Body(bi));
            }
        }
        for (ti, t) in titles.iter().enumerate() {
            add(&t.phrase, Piece::Title(ti));
        }
        for (ai, an) in anaphors.iter().enumerate() {
            add(&an.phrase, Piece::Anaphor(ai));
        }
        // The noncontiguous NFA builds in half the time of the automatic choice and
        // searches sentence-length text as fast: with an imported dictionary there are
        // tens of thousands of patterns, and every ingest builds the automaton.
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(patterns.iter().map(|p| p.text.as_str()))
            .map_err(|e| Error::Data {
                file: "schema/gazetteer".into(),
                line: 0,
                message: format!("alias automaton: {e}"),
            })?;
        Ok(Matcher {
            ac,
            patterns,
            bodies,
            titles,
            anaphors,
            surnames,
            by_surname,
            ambiguous_surnames,
            never_bare,
            context_only,
            table_persons,
            persons,
            by_suffix,
        })
    }

    /// The one thing a pattern stands for here: a block wins, an alias shared by several
    /// actors blocks (ambiguous), then actor, body, title, anaphor, surname.
    fn best_piece(&self, p: &Pattern) -> Option<Piece> {
        if p.pieces.contains(&Piece::Block) {
            return Some(Piece::Block);
        }
        let actors: Vec<Piece> = p
            .pieces
            .iter()
            .copied()
            .filter(|x| matches!(x, Piece::Actor(_)))
            .collect();
        match actors.as_slice() {
            [one] => return Some(*one),
            [_, _, ..] => return Some(Piece::Block),
            [] => {}
        }
        let rank = |x: &Piece| match x {
            Piece::Body(_) => 0,
            Piece::Title(_) => 1,
            Piece::Anaphor(_) => 2,
            Piece::Surname(_) => 3,
            Piece::Block | Piece::Actor(_) => 4,
        };
        p.pieces.iter().copied().min_by_key(rank)
    }

    /// All acceptable hits, then the leftmost-longest non-overlapping selection.
    fn hits(&self, s: &str) -> Vec<Hit> {
        let mut cands: Vec<Hit> = Vec::new();
        for m in self.ac.find_overlapping_iter(s) {
            let (start, end) = (m.start(), m.end());
            let Some(p) = self.patterns.get(m.pattern().as_usize()) else {
                continue;
            };
            let Some(text) = s.get(start..end) else {
                continue;
            };
            if !boundary_ok(s, start, end) && !camel_joined(s, start, end, p) {
                continue;
            }
            let Some(piece) = self.best_piece(p) else {
                continue;
            };
            // Body nouns are common nouns whatever their case: "Russia's foreign ministry".
            let rule = if matches!(piece, Piece::Body(_)) {
                CaseRule::Any
            } else {
                p.case
            };
            // "US$3 billion": an acronym before "$" is a currency, not the state.
            if p.case == CaseRule::Exact && s.get(end..).is_some_and(|a| a.starts_with('$')) {
                continue;
            }
            let case_ok = match rule {
                CaseRule::Exact => text == p.text,
                CaseRule::NotAllLower => text.chars().any(char::is_uppercase),
                CaseRule::Title => title_case_ok(&p.text, text),
                CaseRule::Any => true,
            };
            if !case_ok {
                continue;
            }
            match piece {
                // A surname alone must be written as a name: "Kim", never "KIM" or "kim".
                Piece::Surname(id) if self.surnames.get(id).is_none_or(|sn| sn != text) => continue,
                // "the North Korean", "the South China Sea": the phrase is the start of a
                // longer name, not the anaphor.
                Piece::Anaphor(_)
                    if p.text.ends_with(|c: char| c.is_alphabetic())
                        && p.text
                            .split_whitespace()
                            .next_back()
                            .is_some_and(|w| w.starts_with(char::is_uppercase))
                        && next_word_capitalized(s, end) =>
                {
                    continue
                }
                // "the Ministry of National Defence": the head of a longer name.
                Piece::Anaphor(_) if followed_by_of(s, end) => continue,
                _ => {}
            }
            cands.push(Hit {
                start,
                end,
                piece,
                pat: m.pattern().as_usize(),
            });
        }
        cands.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then((b.end - b.start).cmp(&(a.end - a.start)))
        });
        let mut out: Vec<Hit> = Vec::new();
        let mut last_end = 0;
        for c in cands {
            if c.start >= last_end {
                last_end = c.end;
                out.push(c);
            }
        }
        out
    }

    pub(crate) fn find_mentions(
        &self,
        g: &Gazetteer,
        s: &str,
        date: NaiveDate,
        ctx: &mut MentionContext,
    ) -> Vec<Mention> {
        let hits = self.hits(s);
        let mut out: Vec<Mention> = Vec::new();
        let mut emit = |start: usize, end: usize, actor: usize, ctx: &mut MentionContext| {
            if let (Some(a), Some(text)) = (g.actor_at(actor), s.get(start..end)) {
                ctx.note(a);
                out.push(Mention {
                    start,
                    end,
                    text: text.to_string(),
                    actor_key: a.key.clone(),
                });
            }
        };
        let gap = |a: usize, b: usize| s.get(a..b).unwrap_or("");
        let mut i = 0;
        while let Some(h) = hits.get(i).copied() {
            let next = hits.get(i + 1).copied();
            match h.piece {
                Piece::Block => i += 1,
                Piece::Actor(ai) => {
                    let kind = g.actor_at(ai).map(|a| a.kind);
                    if kind == Some(ActorKind::State) {
                        let prev_end = i.checked_sub(1).and_then(|p| hits.get(p)).map(|p| p.end);
                        if let Some((start, end, other)) = elided_state(g, s, h, prev_end) {
                            emit(start, end, other, ctx);
                        }
                    }
                    let qualifier = matches!(kind, Some(k) if k != ActorKind::Person);
                    if qualifier {
                        if let Some(step) = self.qualified(g, s, date, ctx, &hits, i, &mut emit) {
                            i += step;
                            continue;
                        }
                    }
                    emit(h.start, h.end, ai, ctx);
                    i += 1;
                }
                Piece::Body(bi) => {
                    // "the Ministry of National Defence of the DPRK", "the Foreign
                    // Ministry in Moscow" (a capital locates the body).
                    if let Some(n) = next {
                        if let Piece::Actor(si) = n.piece {
                            let g_between = gap(h.end, n.start);
                            let in_capital = super::normalize(g_between) == "in"
                                && s.get(n.start..n.end)
                                    .and_then(|t| g.capital_of(t))
                                    .is_some();
                            if is_of_gap(g_between) || in_capital {
                                if let Some(target) = self.body_of(g, bi, si) {
                                    emit(h.start, n.end, target, ctx);
                                    i += 2;
                                    continue;
                                }
                            }
                        }
                    }
                    if let Some(target) = self.unqualified_body(g, s, h, bi, ctx) {
                        emit(h.start, h.end, target, ctx);
                    }
                    i += 1;
                }
                Piece::Title(ti) => {
                    // "Foreign Minister Choe": the title checks the surname that follows.
                    if let Some(n) = next {
                        if let Piece::Surname(id) = n.piece {
                            if is_name_gap(gap(h.end, n.start)) {
                                if given_name_follows(s, n.end) {
                                    if let Some(sn) = self.surnames.get(id) {
                                        ctx.note_unknown_person(sn);
                                    }
                                } else if let Some(p) =
                                    self.titled_surname(g, s, date, ctx, ti, None, n, id)
                                {
                                    emit(n.start, n.end, p, ctx);
                                }
                                i += 2;
                                continue;
                            }
                        }
                        // "the foreign minister of Russia": the holder on the date, unless
                        // the title only describes a name just before it ("Choe Son Hui,
                        // foreign minister of the DPRK"), where the state is the mention.
                        if let Piece::Actor(si) = n.piece {
                            let after_name =
                                i.checked_sub(1).and_then(|p| hits.get(p)).is_some_and(|p| {
                                    matches!(p.piece, Piece::Actor(x) if self.is_person(g, x))
                                        && is_name_gap(gap(p.end, h.start))
                                });
                            if is_of_gap(gap(h.end, n.start))
                                && !after_name
                                && !preceded_by_not_current(s, h.start)
                            {
                                if let Some(p) = self.title_of(g, ti, si, date) {
                                    emit(h.start, n.end, p, ctx);
                                    i += 2;
                                    continue;
                                }
                            }
                        }
                    }
                    i += 1;
                }
                Piece::Anaphor(ni) => {
                    if let Some(target) = self.anaphor(g, ni, date, ctx) {
                        emit(h.start, h.end, target, ctx);
                    }
                    i += 1;
                }
                Piece::Surname(id) => {
                    let prev_end = i.checked_sub(1).and_then(|p| hits.get(p)).map(|p| p.end);
                    if let Some((start, p)) = self.initialed_name(g, s, h, id, prev_end) {
                        emit(start, h.end, p, ctx);
                    } else if given_name_follows(s, h.end)
                        || first_name_precedes(s, h.start, prev_end)
                    {
                        if let Some(sn) = self.surnames.get(id) {
                            ctx.note_unknown_person(sn);
                        }
                    } else if let Some(p) = self.bare_surname(s, ctx, h, id, prev_end, g) {
                        emit(h.start, h.end, p, ctx);
                    }
                    i += 1;
                }
            }
        }
        out
    }

    /// A non-person actor followed by a body noun, a body of its own, or a title. Returns
    /// how many hits were consumed, or `None` to emit the actor alone.
    #[allow(clippy::too_many_arguments)]
    fn qualified(
        &self,
        g: &Gazetteer,
        s: &str,
        date: NaiveDate,
        ctx: &mut MentionContext,
        hits: &[Hit],
        i: usize,
        emit: &mut impl FnMut(usize, usize, usize, &mut MentionContext),
    ) -> Option<usize> {
        let h = hits.get(i)?;
        let Piece::Actor(si) = h.piece else {
            return None;
        };
        let n = hits.get(i + 1)?;
        let g_between = s.get(h.end..n.start).unwrap_or("");
        if !is_join_gap(g_between) {
            return None;
        }
        let q = g.actor_at(si)?;
        match n.piece {
            // "Russian Foreign Ministry", "the South Korean government"
            Piece::Body(bi) if q.kind == ActorKind::State => {
                let target = self.body_of(g, bi, si)?;
                emit(h.start, n.end, target, ctx);
                Some(2)
            }
            // "U.S. Defense Department": an actor that belongs to the state.
            Piece::Actor(bi) => {
                let b = g.actor_at(bi)?;
                let belongs = b.kind != ActorKind::State
                    && b.kind != ActorKind::Person
                    && (b.parent.as_deref() == Some(q.key.as_str())
                        || (q.kind == ActorKind::State
                            && b.country.as_deref() == Some(q.key.as_str())));
                if !belongs {
                    return None;
                }
                emit(h.start, n.end, bi, ctx);
                Some(2)
            }
            Piece::Surname(id) if q.kind == ActorKind::State => {
                let pi = self.state_surname(g, s, date, &q.key, *n, id)?;
                emit(h.start, n.end, pi, ctx);
                Some(2)
            }
            Piece::Title(ti) => {
                let roles = match &self.titles.get(ti)?.roles {
                    TitleRoles::Roles(r) => r.clone(),
                    // "North Korean spokesperson Kim": the state, then nothing for the
                    // title and its name.
                    TitleRoles::Other | TitleRoles::Honorific => {
                        emit(h.start, h.end, si, ctx);
                        let skip_name = hits.get(i + 2).is_some_and(|m| {
                            matches!(m.piece, Piece::Surname(_))
                                && is_name_gap(s.get(n.end..m.start).unwrap_or(""))
                        });
                        return Some(if skip_name { 3 } else { 2 });
                    }
                };
                let after = hits.get(i + 2).copied();
                let named = after.filter(|m| is_name_gap(s.get(n.end..m.start).unwrap_or("")));
                match named.map(|m| m.piece) {
                    Some(Piece::Actor(pi)) if self.is_person(g, pi) => {
                        let m = named?;
                        if self.holds(g, pi, &roles, Some(&q.key), date) {
                            emit(h.start, m.end, pi, ctx);
                            return Some(3);
                        }
                        // A named person the data does not know in this role: keep both.
                        emit(h.start, h.end, si, ctx);
                        Some(2)
                    }
                    Some(Piece::Surname(id)) => {
                        let m = named?;
                        match self.titled_surname(g, s, date, ctx, ti, Some(&q.key), m, id) {
                            Some(p) => emit(h.start, m.end, p, ctx),
                            None => emit(h.start, h.end, si, ctx),
                        }
                        Some(3)
                    }
                    _ => {
                        let negated = preceded_by_not_current(s, h.start);
                        let unknown_name = unknown_name_follows(s, n.end, after.map(|a| a.start));
                        let office = self.titles.get(ti).is_some_and(|t| t.office);
                        match self.role_holder(g, &roles, &q.key, date) {
                            Some(p) if office && !negated && !unknown_name => {
                                emit(h.start, n.end, p, ctx)
                            }
                            _ => emit(h.start, h.end, si, ctx),
                        }
                        Some(2)
                    }
                }
            }
            _ => None,
        }
    }

    /// The holder of title `ti` of the non-person actor `si` on `date`.
    fn title_of(&self, g: &Gazetteer, ti: usize, si: usize, date: NaiveDate) -> Option<usize> {
        let title = self.titles.get(ti)?;
        let TitleRoles::Roles(roles) = &title.roles else {
            return None;
        };
        if !title.office {
            return None;
        }
        let q = g.actor_at(si)?;
        if q.kind == ActorKind::Person {
            return None;
        }
        self.role_holder(g, roles, &q.key, date)
    }

    fn is_person(&self, g: &Gazetteer, i: usize) -> bool {
        g.actor_at(i).is_some_and(|a| a.kind == ActorKind::Person)
    }

    /// The body `bi` of actor `si` ("=" is the state itself), if the gazetteer has it.
    fn body_of(&self, g: &Gazetteer, bi: usize, si: usize) -> Option<usize> {
        let q = g.actor_at(si)?;
        if q.kind != ActorKind::State {
            return None;
        }
        match &self.bodies.get(bi)?.suffix {
            None => Some(si),
            Some(sfx) => g.index_of(&format!("{}-{sfx}", q.key)),
        }
    }

    /// "the Foreign Ministry" with no state: the last such body the article named, else the
    /// only one the gazetteer has. Lowercase generic nouns ("the military") stay unresolved.
    fn unqualified_body(
        &self,
        g: &Gazetteer,
        s: &str,
        h: Hit,
        bi: usize,
        ctx: &MentionContext,
    ) -> Option<usize> {
        let sfx = self.bodies.get(bi)?.suffix.as_deref()?;
        // Only proper names ("Foreign Ministry", written capitalized both in the data and
        // in the text) refer back; "the military", "troops", "Forces loyal to" do not.
        let text = s.get(h.start..h.end)?;
        let proper = self
            .patterns
            .get(h.pat)
            .is_some_and(|p| p.text.chars().any(char::is_uppercase));
        if !proper || !text.chars().any(char::is_uppercase) {
            return None;
        }
        // Only a body named a few mentions ago: further back, "the Foreign Ministry" is as
        // likely the reporting country's own.
        let tail = format!("-{sfx}");
        if let Some(k) = ctx.recent().take(BODY_WINDOW).find(|k| k.ends_with(&tail)) {
            return g.index_of(k);
        }
        match self.by_suffix.get(sfx).map(Vec::as_slice) {
            Some([only]) => Some(*only),
            _ => None,
        }
    }

    /// Whether person `pi` holds one of `roles` on `date`, of `of` when given (or of a body
    /// that belongs to it).
    fn holds(
        &self,
        g: &Gazetteer,
        pi: usize,
        roles: &[String],
        of: Option<&str>,
        date: NaiveDate,
    ) -> bool {
        self.matching_role_start(g, pi, roles, of, date).is_some()
    }

    /// The start of the matching role (for choosing the latest appointee), if any.
    fn matching_role_start(
        &self,
        g: &Gazetteer,
        pi: usize,
        roles: &[String],
        of: Option<&str>,
        date: NaiveDate,
    ) -> Option<Option<NaiveDate>> {
        let a = g.actor_at(pi)?;
        a.roles_on(date)
            .find(|r| role_matches(g, r, roles, of))
            .map(|r| r.start)
    }

    /// Whether person `pi` ever held one of `roles` (of `of` when given).
    fn ever_held(&self, g: &Gazetteer, pi: usize, roles: &[String], of: Option<&str>) -> bool {
        g.actor_at(pi)
            .is_some_and(|a| a.roles.iter().any(|r| role_matches(g, r, roles, of)))
    }

    pub(crate) fn role_holder(
        &self,
        g: &Gazetteer,
        roles: &[String],
        of: &str,
        date: NaiveDate,
    ) -> Option<usize> {
        self.persons
            .iter()
            .filter_map(|&pi| {
                self.matching_role_start(g, pi, roles, Some(of), date)
                    .map(|st| (st, pi))
            })
            .max_by_key(|(st, _)| *st)
            .map(|(_, pi)| pi)
    }

    /// A surname right after a title: resolves only to the one person with that surname
    /// who holds the title on `date` ("leader Kim" → Kim Jong Un; "spokesperson Kim" → none).
    #[allow(clippy::too_many_arguments)]
    fn titled_surname(
        &self,
        g: &Gazetteer,
        s: &str,
        date: NaiveDate,
        ctx: &MentionContext,
        ti: usize,
        of: Option<&str>,
        h: Hit,
        id: usize,
    ) -> Option<usize> {
        if given_name_follows(s, h.end) {
            return None;
        }
        match &self.titles.get(ti)?.roles {
            TitleRoles::Other => None,
            TitleRoles::Honorific => self.surname_from_context(g, ctx, id),
            TitleRoles::Roles(roles) => {
                let holders: Vec<usize> = self
                    .by_surname
                    .get(id)?
                    .iter()
                    .copied()
                    .filter(|&pi| self.holds(g, pi, roles, of, date))
                    .collect();
                match holders.as_slice() {
                    [one] => Some(*one),
                    [] => {
                        // "President Trump" in 2023, "President Moon" after his term: the
                        // title still identifies the one person of that surname who held it.
                        let former: Vec<usize> = self
                            .by_surname
                            .get(id)?
                            .iter()
                            .copied()
                            .filter(|&pi| self.ever_held(g, pi, roles, of))
                            .collect();
                        match former.as_slice() {
                            [one] => Some(*one),
                            _ => None,
                        }
                    }
                    _ => None,
                }
            }
        }
    }

    /// "North Korea's Kim", "China's Xi": a surname after a state's possessive is a person
    /// of that state in office on the date; its leader first (the headline convention),
    /// else the only such person.
    fn state_surname(
        &self,
        g: &Gazetteer,
        s: &str,
        date: NaiveDate,
        state: &str,
        h: Hit,
        id: usize,
    ) -> Option<usize> {
        if given_name_follows(s, h.end) {
            return None;
        }
        let in_office: Vec<usize> = self
            .by_surname
            .get(id)?
            .iter()
            .copied()
            .filter(|&pi| {
                g.actor_at(pi).is_some_and(|a| {
                    a.country.as_deref() == Some(state) && a.roles_on(date).next().is_some()
                })
            })
            .collect();
        let leader = ["leader".to_string()];
        if let Some(&l) = in_office
            .iter()
            .find(|&&pi| self.holds(g, pi, &leader, Some(state), date))
        {
            return Some(l);
        }
        match in_office.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// A surname with no title: the last person of that surname the article named, else
    /// the only person of that surname when the surname is distinctive ("Putin", not "Kim").
    fn bare_surname(
        &self,
        s: &str,
        ctx: &MentionContext,
        h: Hit,
        id: usize,
        prev_end: Option<usize>,
        g: &Gazetteer,
    ) -> Option<usize> {
        if given_name_follows(s, h.end) || first_name_precedes(s, h.start, prev_end) {
            return None;
        }
        let sn = self.surnames.get(id)?;
        if self.never_bare.contains(sn) {
            return None;
        }
        if let Some(p) = self.surname_from_context(g, ctx, id) {
            return Some(p);
        }
        if self.ambiguous_surnames.contains(sn) || self.context_only.contains(sn) {
            return None;
        }
        let mut known = self
            .by_surname
            .get(id)?
            .iter()
            .filter(|p| self.table_persons.contains(p));
        match (known.next(), known.next()) {
            (Some(one), None) => Some(*one),
            _ => None,
        }
    }

    /// "Patrick M. Shanahan": a known first-and-last name with a middle initial between.
    fn initialed_name(
        &self,
        g: &Gazetteer,
        s: &str,
        h: Hit,
        id: usize,
        prev_end: Option<usize>,
    ) -> Option<(usize, usize)> {
        static INITIAL: OnceLock<Option<Regex>> = OnceLock::new();
        let re = INITIAL
            .get_or_init(|| Regex::new(r"(\p{Lu}[\p{L}'\-]+) \p{Lu}\. $").ok())
            .as_ref()?;
        let before = s.get(..h.start)?;
        let caps = re.captures(before)?;
        let first = caps.get(1)?;
        if prev_end.is_some_and(|e| e > first.start()) {
            return None;
        }
        let name = format!("{} {}", first.as_str(), s.get(h.start..h.end)?);
        let actor = g.lookup_exact(&super::normalize(&name))?;
        let i = g.index_of(&actor.key)?;
        self.by_surname
            .get(id)?
            .contains(&i)
            .then_some((first.start(), i))
    }

    fn surname_from_context(
        &self,
        g: &Gazetteer,
        ctx: &MentionContext,
        id: usize,
    ) -> Option<usize> {
        let people = self.by_surname.get(id)?;
        let surname = self.surnames.get(id)?;
        for k in ctx.recent_all() {
            // The latest person of this surname is one we do not know: no guess.
            if let Some(unknown) = k.strip_prefix(super::UNKNOWN_MARK) {
                if unknown == surname {
                    return None;
                }
                continue;
            }
            if let Some(i) = g.index_of(k).filter(|i| people.contains(i)) {
                return Some(i);
            }
        }
        None
    }

    fn anaphor(
        &self,
        g: &Gazetteer,
        ni: usize,
        date: NaiveDate,
        ctx: &MentionContext,
    ) -> Option<usize> {
        match &self.anaphors.get(ni)?.rule {
            AnaphorRule::IfSeen { key, seen } => {
                if seen.iter().any(|k| ctx.has_seen(k)) {
                    g.index_of(key)
                } else {
                    None
                }
            }
            AnaphorRule::LastNamed(words) => ctx.recent().find_map(|k| {
                let i = g.index_of(k)?;
                let a = g.actor_at(i)?;
                if a.kind == ActorKind::Person || a.kind == ActorKind::State {
                    return None;
                }
                let hit = std::iter::once(&a.name).chain(a.aliases.iter()).any(|n| {
                    let n = n.to_lowercase();
                    words.iter().any(|w| n.contains(w.as_str()))
                });
                hit.then_some(i)
            }),
            AnaphorRule::LastRole(words) => ctx.recent().find_map(|k| {
                let i = g.index_of(k)?;
                let a = g.actor_at(i)?;
                if a.kind != ActorKind::Person {
                    return None;
                }
                let hit = a.roles_on(date).any(|r| {
                    let t = r.title.to_lowercase();
                    words.iter().any(|w| t.contains(w.as_str()))
                });
                hit.then_some(i)
            }),
        }
    }
}

/// The text at `pos` is one space and a capitalized word ("the North Korean").
fn next_word_capitalized(s: &str, pos: usize) -> bool {
    let rest = s.get(pos..).unwrap_or("");
    rest.strip_prefix(' ')
        .and_then(|r| r.chars().next())
        .is_some_and(char::is_uppercase)
}

/// Whether role `r` is one of `roles` (canonical titles) and belongs to `of` when given
/// (directly, or through a body of `of`: "general secretary" of the WPK is of North Korea).
fn role_matches(g: &Gazetteer, r: &super::DatedRole, roles: &[String], of: Option<&str>) -> bool {
    roles.iter().any(|t| t.eq_ignore_ascii_case(&r.title))
        && match (of, r.of.as_deref()) {
            (None, _) => true,
            (Some(q), Some(ro)) => {
                ro == q
                    || g.get(ro).is_some_and(|b| {
                        b.parent.as_deref() == Some(q) || b.country.as_deref() == Some(q)
                    })
            }
            (Some(_), None) => false,
        }
}

/// The text at `pos` continues with " of ".
fn followed_by_of(s: &str, pos: usize) -> bool {
    let rest = s.get(pos..).unwrap_or("");
    let mut words = rest.split_whitespace();
    rest.starts_with(char::is_whitespace)
        && words.next().is_some_and(|w| w.eq_ignore_ascii_case("of"))
}

/// "Kim Min-seok": a capitalized word right after a surname is a given name we do not know.
fn given_name_follows(s: &str, end: usize) -> bool {
    let rest = s.get(end..).unwrap_or("");
    let Some(r) = rest.strip_prefix(' ') else {
        return false;
    };
    let word: String = r.chars().take_while(|c| c.is_alphabetic()).collect();
    word.starts_with(char::is_uppercase) && !CALENDAR.contains(&word.as_str())
}

/// "Joseph Kim": a capitalized word just before a surname, mid-sentence and not part of an
/// earlier hit, is a first name we do not know.
fn first_name_precedes(s: &str, start: usize, prev_end: Option<usize>) -> bool {
    let before = s.get(..start).unwrap_or("");
    let Some(b) = before.strip_suffix(' ') else {
        return false;
    };
    if prev_end == Some(b.len()) {
        return false;
    }
    let word_start = b
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic() || *c == '.')
        .last()
        .map(|(i, _)| i);
    let Some(ws) = word_start else {
        return false;
    };
    let word = b.get(ws..).unwrap_or("");
    if !word.starts_with(char::is_uppercase) {
        return false;
    }
    // Sentence-initial words are capitalized anyway ("Then Kim said").
    let head = b.get(..ws).unwrap_or("").trim_end();
    !(head.is_empty() || head.ends_with(['.', '"', '\u{201c}', ':', '-', '\u{2014}', '(']))
}

/// "former South Korean President": the title is not the current holder's.
fn preceded_by_not_current(s: &str, start: usize) -> bool {
    let before = s.get(..start).unwrap_or("").trim_end();
    let before = before.trim_end_matches('-');
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic() || *c == '-')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    NOT_CURRENT.contains(&word.to_lowercase().as_str())
}

/// After a title with no known name: "the Russian foreign minister Ivan Unknown" names
/// somebody the gazetteer lacks, so the current holder must not be assumed.
fn unknown_name_follows(s: &str, end: usize, next_hit: Option<usize>) -> bool {
    let rest = s.get(end..).unwrap_or("");
    let trimmed = rest.strip_prefix(", ").or_else(|| rest.strip_prefix(' '));
    let Some(r) = trimmed else {
        return false;
    };
    let word_start = end + (rest.len() - r.len());
    if next_hit == Some(word_start) {
        return false;
    }
    let word: String = r.chars().take_while(|c| c.is_alphabetic()).collect();
    word.starts_with(char::is_uppercase) && !CALENDAR.contains(&word.as_str())
}
