//! Tense of the clause around a position: the direction in which "on Thursday" or
//! "in March" resolves, and the planned/occurred status the event module gives a sentence.
//! Markers come from data files (future phrases, irregular past forms) plus the regular
//! "-ed" rule; the clause (between punctuation and conjunctions) is read first, then the
//! whole sentence.

use super::lexicon;
use super::Tense;

/// One lower-cased word and where it sits in the sentence.
struct Word<'a> {
    text: String,
    raw: &'a str,
    start: usize,
    /// A clause boundary (punctuation or conjunction) rather than a word.
    boundary: bool,
}

/// Words that open a new clause: a marker beyond them governs another verb.
const BOUNDARY_WORDS: &[&str] = &[
    "that", "and", "but", "while", "when", "because", "which", "who", "whereas", "although",
    "though", "whom", "whose", "where", "before", "after", "until", "if", "since",
];

/// "-ed" words that are not past verbs.
const NOT_PAST_ED: &[&str] = &[
    "hundred", "hatred", "sacred", "naked", "wicked", "kindred", "rugged", "ragged", "beloved",
    "embed", "shed", "wed", "bed", "red", "fed", "led", "bred",
];

fn words<'a>(sentence: &'a str) -> Vec<Word<'a>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let flush = |out: &mut Vec<Word<'a>>, s: usize, e: usize| {
        let raw = sentence.get(s..e).unwrap_or("");
        let text = raw.replace('’', "'").to_lowercase();
        let boundary = BOUNDARY_WORDS.contains(&text.as_str());
        out.push(Word {
            text,
            raw,
            start: s,
            boundary,
        });
    };
    for (i, c) in sentence.char_indices() {
        let in_word = c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                flush(&mut out, s, i);
                start = None;
            }
            _ => {}
        }
        if !in_word && matches!(c, ',' | ';' | ':' | '—' | '–' | '(' | ')' | '"' | '“' | '”')
        {
            out.push(Word {
                text: c.to_string(),
                raw: "",
                start: i,
                boundary: true,
            });
        }
    }
    if let Some(s) = start {
        flush(&mut out, s, sentence.len());
    }
    out
}

fn is_past_word(w: &Word<'_>) -> bool {
    let t = w.text.as_str();
    if lexicon::past_verbs().contains(t) {
        return true;
    }
    // Regular past: lower-case ("United" is a name), not hyphenated ("US-led" is an
    // adjective), and not one of the "-ed" nouns.
    t.len() > 4
        && t.ends_with("ed")
        && !t.ends_with("eed")
        && !t.contains('-')
        && w.raw.chars().next().is_some_and(|c| c.is_lowercase())
        && !NOT_PAST_ED.contains(&t)
}

/// "a still unspecified date", "the reduced dividend", "its planned merger": an "-ed" word
/// after a determiner (and any adverbs) is an adjective, not the clause's verb.
fn after_determiner(ws: &[Word<'_>], i: usize) -> bool {
    let mut j = i;
    while j > 0 {
        j -= 1;
        let Some(w) = ws.get(j) else {
            return false;
        };
        let t = w.text.as_str();
        if matches!(
            t,
            "a" | "an"
                | "the"
                | "its"
                | "their"
                | "his"
                | "her"
                | "our"
                | "this"
                | "these"
                | "those"
                | "every"
                | "each"
                | "no"
        ) {
            return true;
        }
        // Adverbs between determiner and adjective ("a still unspecified", "the newly
        // elected").
        if !(t.ends_with("ly") || matches!(t, "still" | "yet" | "so" | "very" | "much"))
            || w.boundary
        {
            return false;
        }
    }
    false
}

/// "the case is heard in May", "shares are expected": a participle after a present form of
/// "be" is a present passive; the "is" already counts as present.
fn after_present_be(ws: &[Word<'_>], i: usize) -> bool {
    let mut j = i;
    while j > 0 {
        j -= 1;
        let Some(w) = ws.get(j) else {
            return false;
        };
        let t = w.text.as_str();
        if matches!(t, "is" | "are" | "am" | "isn't" | "aren't" | "'s" | "'re") {
            return true;
        }
        if w.boundary || !(t.ends_with("ly") || matches!(t, "not" | "still" | "being")) {
            return false;
        }
    }
    false
}

/// A headline-style present verb not governed by an auxiliary ("Kim meets", but not "to
/// meet" or "will meet").
fn is_present_verb(ws: &[Word<'_>], i: usize) -> bool {
    let Some(w) = ws.get(i) else {
        return false;
    };
    let governed = i > 0
        && ws.get(i - 1).is_some_and(|p| {
            matches!(
                p.text.as_str(),
                "to" | "did"
                    | "didn't"
                    | "not"
                    | "can"
                    | "could"
                    | "may"
                    | "might"
                    | "must"
                    | "should"
                    | "would"
                    | "will"
                    | "the"
                    | "a"
                    | "its"
                    | "their"
            )
        });
    // "1.8353 marks", "two heads": after a number the word is a noun.
    let counted = i > 0
        && ws.get(i - 1).is_some_and(|p| {
            p.text.chars().all(|c| c.is_ascii_digit()) || lexicon::parse_number(&p.text).is_some()
        });
    lexicon::present_verbs().contains(w.text.as_str())
        && w.raw.chars().next().is_some_and(char::is_lowercase)
        && !governed
        && !counted
}

/// "agreed to the deal", "pledged to its allies": a marker ending in "to" is an infinitive
/// ("agreed to buy", a planned act) only when no noun phrase follows the "to".
fn to_is_a_preposition(parts: &[&str], next: Option<&Word<'_>>) -> bool {
    const NOUN_PHRASE_START: &[&str] = &[
        "the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our",
        "my", "your", "it", "them", "him", "us", "me", "some", "all", "any", "each", "every",
    ];
    parts.last().is_some_and(|p| *p == "to")
        && next.is_some_and(|w| {
            NOUN_PHRASE_START.contains(&w.text.as_str())
                || w.text.starts_with(|c: char| c.is_ascii_digit())
                || w.raw.starts_with(char::is_uppercase)
        })
}

/// Modals of ability and possibility.
fn is_modal(t: &str) -> bool {
    matches!(
        t,
        "can" | "can't" | "cannot" | "may" | "might" | "must" | "should"
    )
}

/// Verbs whose past is their base form ("set", "cut"). After a singular subject the
/// present would end in "-s", so "Albright set aside her vacation" is past.
const INVARIANT_VERBS: &[&str] = &[
    "set", "put", "cut", "hit", "let", "shut", "cast", "spread", "upset", "hurt", "cost", "split",
    "bid", "bet",
];

/// An invariant verb right after "he", "she", "it" or a name inside the sentence.
fn invariant_past(ws: &[Word<'_>], i: usize) -> bool {
    let Some(w) = ws.get(i) else {
        return false;
    };
    if !INVARIANT_VERBS.contains(&w.text.as_str()) || i == 0 {
        return false;
    }
    ws.get(i - 1).is_some_and(|p| {
        !p.boundary
            && (matches!(p.text.as_str(), "he" | "she" | "it")
                || i >= 2 && p.raw.starts_with(char::is_uppercase))
    })
}

/// Tense markers as (word index, tense), future phrases consuming their words first.
fn markers(ws: &[Word<'_>]) -> Vec<(usize, Tense)> {
    let mut out = Vec::new();
    let mut i = 0;
    'outer: while i < ws.len() {
        if ws[i].boundary && !ws[i].text.chars().all(char::is_alphabetic) {
            i += 1;
            continue;
        }
        for parts in lexicon::future_markers() {
            let matches = parts.len() <= ws.len() - i
                && parts
                    .iter()
                    .zip(&ws[i..])
                    .all(|(p, w)| w.text == *p || (p.starts_with('\'') && w.text.ends_with(p)));
            if matches && !to_is_a_preposition(parts, ws.get(i + parts.len())) {
                out.push((i, Tense::Future));
                i += parts.len();
                // The verb group the marker governs ("will be held", "is expected to have
                // finished") is future as a whole: skip its auxiliaries and participles.
                while let Some(w) = ws.get(i) {
                    let t = w.text.as_str();
                    let aux = matches!(
                        t,
                        "be" | "been" | "have" | "not" | "being" | "also" | "then"
                    ) || t.ends_with("ly") && !w.boundary
                        || is_past_word(w);
                    if !aux || w.boundary {
                        break;
                    }
                    i += 1;
                }
                continue 'outer;
            }
        }
        let t = ws[i].text.as_str();
        let next_is = |k: usize, f: &dyn Fn(&Word<'_>) -> bool| {
            ws.get(i + 1..(i + 1 + k).min(ws.len()))
                .is_some_and(|s| s.iter().any(f))
        };
        match t {
            "has" | "have" | "had" | "hasn't" | "haven't" | "hadn't"
                if next_is(3, &|w| is_past_word(w)) =>
            {
                out.push((i, Tense::Past));
                i += 1;
                continue;
            }
            // A lone "'s" follows a name ending in a full stop ("Corp.'s"): a possessive.
            "is" | "are" | "am" | "isn't" | "aren't" | "'re" => {
                out.push((i, Tense::Present));
                i += 1;
                continue;
            }
            // Modals of ability and possibility ("can participate in the summit in April")
            // point neither back nor far ahead: the nearer occurrence, as for the present.
            _ if is_modal(t) => {
                out.push((i, Tense::Present));
                i += 1;
                continue;
            }
            _ => {}
        }
        if is_past_word(&ws[i]) && !after_determiner(ws, i) && !after_present_be(ws, i)
            || invariant_past(ws, i)
        {
            out.push((i, Tense::Past));
        } else if is_present_verb(ws, i)
            || t.ends_with("'s") && next_is(1, &|w| w.text.ends_with("ing"))
        {
            out.push((i, Tense::Present));
        }
        i += 1;
    }
    out
}

/// Tense of the clause around byte offset `at`; see [`super::tense_at`].
pub fn tense_at(sentence: &str, at: usize) -> Tense {
    let ws = words(sentence);
    // Index of the first word at or after the position.
    let pos = ws.iter().position(|w| w.start >= at).unwrap_or(ws.len());
    let ms = markers(&ws);
    if ms.is_empty() {
        return Tense::Past;
    }
    // "agreed to hold talks": the talks are ahead, but the agreeing, the verb that opens
    // the marker, is done.
    let opens_marker = ms.iter().any(|m| m.0 == pos && m.1 == Tense::Future);
    if opens_marker
        && ws.get(pos).is_some_and(|w| w.text.ends_with("ed"))
        && ws.get(pos + 1).is_some_and(|w| w.text == "to")
    {
        return Tense::Past;
    }
    // Clause bounds: the nearest boundaries on each side of the position.
    let lo = ws
        .get(..pos)
        .and_then(|s| s.iter().rposition(|w| w.boundary))
        .map_or(0, |b| b + 1);
    let hi = ws
        .get(pos..)
        .and_then(|s| s.iter().position(|w| w.boundary))
        .map_or(ws.len(), |b| pos + b);
    let in_clause = |&&(i, _): &&(usize, Tense)| i >= lo && i < hi;
    // A future marker before the position governs the rest of its clause ("would be paid
    // on a still unspecified date in January"): a participle after it is no new verb.
    if ms
        .iter()
        .filter(in_clause)
        .any(|m| m.0 < pos && m.1 == Tense::Future)
    {
        return Tense::Future;
    }
    // A marker before the position governs it ("will ... on Sunday"); failing that, the
    // verb after it ("On Friday the ministry said").
    if let Some(&(_, t)) = ms.iter().filter(in_clause).rfind(|m| m.0 < pos) {
        return t;
    }
    if let Some(&(_, t)) = ms.iter().find(|m| in_clause(m) && m.0 >= pos) {
        return t;
    }
    // No marker in the clause: the sentence's verb before the position (the clause is
    // usually its adjunct), else the first one after it. A modal governs only its own
    // clause: in "Kim said they should deliver ..., at a meeting on Thursday" the
    // meeting hangs on "said".
    let main = |m: &&(usize, Tense)| ws.get(m.0).is_none_or(|w| !is_modal(&w.text));
    ms.iter()
        .filter(main)
        .rfind(|m| m.0 < pos)
        .or_else(|| ms.iter().filter(main).find(|m| m.0 >= pos))
        .map_or(Tense::Past, |&(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str, needle: &str) -> Tense {
        tense_at(s, s.find(needle).unwrap_or(0))
    }

    #[test]
    fn an_invariant_verb_after_a_name_is_past() {
        let s = "On Friday, when Albright set aside her vacation plans, aides were surprised.";
        assert_eq!(at(s, "Friday"), Tense::Past);
        let s = "On Monday, the ministry set new quotas for imports.";
        // No singular subject to tell: the later past verb is not in this sentence, so
        // the default holds.
        assert_eq!(at(s, "Monday"), Tense::Past);
    }

    #[test]
    fn modals_of_ability_read_as_present() {
        let s = "With the treaty ratified, the new members can take part in the summit in April.";
        assert_eq!(at(s, "April"), Tense::Present);
        // Outside its clause a modal does not govern: the meeting was reported.
        let s =
            "Kim said the two should deliver on their deal, at a meeting in Pyongyang on Thursday.";
        assert_eq!(at(s, "Thursday"), Tense::Past);
    }

    #[test]
    fn will_before_a_weekday_is_future() {
        let s = "The two countries will hold joint drills on Sunday, the ministry said.";
        assert_eq!(at(s, "Sunday"), Tense::Future);
    }

    #[test]
    fn likely_makes_the_clause_future() {
        let s = "The first-ever joint air drills by Seoul, Washington and Japan are likely on Sunday when the event ends.";
        assert_eq!(at(s, "Sunday"), Tense::Future);
    }

    #[test]
    fn said_with_a_weekday_is_past() {
        let s = "the state-run Korean Central News Agency said Friday.";
        assert_eq!(at(s, "Friday"), Tense::Past);
    }

    #[test]
    fn fronted_weekday_takes_the_tense_of_the_main_verb() {
        let s = "On Friday, the Unification Ministry in Seoul, which handles inter-Korean affairs, said South Korea still supports talks.";
        assert_eq!(at(s, "Friday"), Tense::Past);
    }

    #[test]
    fn agreed_to_with_a_verb_is_a_plan_but_agreed_to_a_deal_is_past() {
        let s = "The firm agreed to buy the chip line for $22 million in February.";
        assert_eq!(at(s, "February"), Tense::Future);
        let s = "Iran agreed to the inspections on Friday.";
        assert_eq!(at(s, "Friday"), Tense::Past);
        // The agreement itself is done.
        let s = "North Korea agreed to hold talks with Seoul in February.";
        assert_eq!(at(s, "agreed"), Tense::Past);
        assert_eq!(at(s, "talks"), Tense::Future);
    }

    #[test]
    fn reported_future_after_said_is_future() {
        let s = "The ministry said Friday that the drills would take place on Monday.";
        assert_eq!(at(s, "Monday"), Tense::Future);
        assert_eq!(at(s, "Friday"), Tense::Past);
    }

    #[test]
    fn planning_phrases_are_future() {
        for s in [
            "Putin is expected to visit Pyongyang in March.",
            "The summit is scheduled for March.",
            "Biden plans to travel to Seoul in March.",
            "The talks, slated for March, were postponed.",
            "Elections are due to be held in March.",
        ] {
            assert_eq!(at(s, "March"), Tense::Future, "{s}");
        }
    }

    #[test]
    fn perfect_and_regular_past_are_past() {
        let s = "Pyongyang has also demanded sanctions relief since August.";
        assert_eq!(at(s, "August"), Tense::Past);
        let s = "The US in August hosted the South Korean and Japanese leaders.";
        assert_eq!(at(s, "August"), Tense::Past);
    }

    #[test]
    fn progressive_is_present() {
        let s = "Troops are gathering near the border this week.";
        assert_eq!(at(s, "this week"), Tense::Present);
    }

    #[test]
    fn passive_future_is_future_not_past() {
        assert_eq!(
            at("Elections will be held in March.", "March"),
            Tense::Future
        );
        assert_eq!(
            at("A vote is planned for Thursday.", "Thursday"),
            Tense::Future
        );
        assert_eq!(
            at("The summit will have ended by Friday.", "Friday"),
            Tense::Future
        );
    }

    #[test]
    fn headline_present_verbs_are_present() {
        assert_eq!(at("Kim meets Putin on Tuesday.", "Tuesday"), Tense::Present);
        assert_eq!(
            at("Talks resume Monday in Geneva.", "Monday"),
            Tense::Present
        );
        assert_eq!(
            at("Biden heads to Seoul on Saturday.", "Saturday"),
            Tense::Present
        );
    }

    #[test]
    fn relative_clause_keeps_its_own_tense() {
        let s = "The exercise, which began on Monday, will run until Friday.";
        assert_eq!(at(s, "Monday"), Tense::Past);
        assert_eq!(at(s, "Friday"), Tense::Future);
    }

    #[test]
    fn participle_after_a_modal_keeps_the_clause_future() {
        let s = "The stock split would be paid on a still unspecified date in January to holders of record.";
        assert_eq!(at(s, "January"), Tense::Future);
        let s = "Officials will inspect the damaged reactor on Monday.";
        assert_eq!(at(s, "Monday"), Tense::Future);
    }

    #[test]
    fn ed_adjective_after_a_determiner_is_not_a_past_verb() {
        assert_eq!(
            at("The reduced dividend is payable Jan. 2.", "Jan. 2"),
            Tense::Present
        );
        assert_eq!(
            at("Its planned merger is in March.", "March"),
            Tense::Present
        );
    }

    #[test]
    fn counted_nouns_and_possessives_are_not_present_verbs() {
        let s = "The dollar was at 142.10 yen compared with 1.8353 marks and 141.52 yen Wednesday.";
        assert_eq!(at(s, "Wednesday"), Tense::Past);
        let s = "Unisys Corp.'s announcement Friday of a loss showed that the industry is weak.";
        assert_eq!(at(s, "Friday"), Tense::Past);
    }

    #[test]
    fn hyphenated_and_capitalised_ed_words_are_not_past() {
        let s = "The US-led coalition will meet the United Nations on Monday.";
        assert_eq!(at(s, "Monday"), Tense::Future);
    }
}
