//! PETRARCH's gold validation records (`PETR2_GSR_validation.xml`): sentences paired with
//! the CAMEO codings PETRARCH-2 must produce, read and scored against annals' extraction.
//!
//! The file is XML in name only (`#` comment blocks, `<Sentence .../>` closed early), so it
//! is read as a sequence of tags: each `<Sentence>` opens a record, the `<EventCoding>` and
//! `<Text>` that follow belong to it. Scoring is at the level the two systems share: the
//! CAMEO root code (first two digits) and the country of each side (the first three
//! letters of a CAMEO actor code; `---` means the coders did not know, and is not scored).

use crate::actor::Gazetteer;
use crate::article::Article;
use crate::event::Extractor;
use crate::model::{Event, Role};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::OnceLock;

/// One gold coding: an event with its source and target actor codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coding {
    pub event: String,
    pub source: String,
    pub target: String,
}

/// One validation sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub category: String,
    /// The record's date, if it reads as one (YYYYMMDD or YYMMDD).
    pub date: Option<NaiveDate>,
    pub text: String,
    pub codings: Vec<Coding>,
    /// The coders say the sentence holds no event.
    pub no_events: bool,
}

fn tag_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?s)<(Sentence|EventCoding|Text|Parse)\b([^>]*)>")
            .unwrap_or_else(|e| unreachable!("static regex: {e}"))
    })
}

fn attr_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(\w+)\s*=\s*"([^"]*)""#).unwrap_or_else(|e| unreachable!("static regex: {e}"))
    })
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    attr_regex()
        .captures_iter(attrs)
        .find(|c| {
            c.get(1)
                .is_some_and(|m| m.as_str().eq_ignore_ascii_case(name))
        })
        .and_then(|c| c.get(2))
        .map(|m| m.as_str().trim().to_string())
}

/// Read every record. Sentences with `evaluate="false"` are kept out, as PETRARCH does.
pub fn parse_validation(text: &str) -> Vec<Record> {
    // Whole-line `#` comments may mention tags ("<EventCoding...> records"): blank them,
    // keeping the line structure.
    let text: String = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with('#') {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let text = text.as_str();
    let mut out: Vec<Record> = Vec::new();
    let mut skip = false;
    for cap in tag_regex().captures_iter(text) {
        let (Some(whole), Some(name), Some(attrs)) = (cap.get(0), cap.get(1), cap.get(2)) else {
            continue;
        };
        let attrs = attrs.as_str();
        match name.as_str() {
            "Sentence" => {
                skip = attr(attrs, "evaluate").is_some_and(|v| v.eq_ignore_ascii_case("false"));
                if skip {
                    continue;
                }
                out.push(Record {
                    id: attr(attrs, "id").unwrap_or_default(),
                    category: attr(attrs, "category").unwrap_or_default(),
                    date: attr(attrs, "date").and_then(|d| super::dictionary::parse_date(&d)),
                    text: String::new(),
                    codings: Vec::new(),
                    no_events: false,
                });
            }
            "EventCoding" if !skip => {
                let Some(rec) = out.last_mut() else { continue };
                if attr(attrs, "noevents").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
                    rec.no_events = true;
                } else if let Some(event) = attr(attrs, "eventcode") {
                    rec.codings.push(Coding {
                        event,
                        source: attr(attrs, "sourcecode").unwrap_or_default(),
                        target: attr(attrs, "targetcode").unwrap_or_default(),
                    });
                }
            }
            "Text" if !skip => {
                let Some(rec) = out.last_mut() else { continue };
                let rest = text.get(whole.end()..).unwrap_or("");
                let body = rest
                    .find("</Text>")
                    .and_then(|p| rest.get(..p))
                    .unwrap_or("");
                rec.text = body.split_whitespace().collect::<Vec<_>>().join(" ");
            }
            // A record with an empty <Text> still has its words in the parse.
            "Parse" if !skip => {
                let Some(rec) = out.last_mut() else { continue };
                if rec.text.is_empty() {
                    let rest = text.get(whole.end()..).unwrap_or("");
                    let body = rest
                        .find("</Parse>")
                        .and_then(|p| rest.get(..p))
                        .unwrap_or("");
                    rec.text = text_from_conll(body);
                }
            }
            _ => {}
        }
    }
    out
}

/// The sentence of a CoNLL-U parse: the word forms (column 2), spaced unless the last
/// column says `SpaceAfter=No`.
fn text_from_conll(parse: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    for line in parse.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let Some(form) = cols.get(1) else { continue };
        if space {
            out.push(' ');
        }
        out.push_str(form);
        space = !cols.last().is_some_and(|m| m.contains("SpaceAfter=No"));
    }
    out
}

/// The CAMEO root of an event code: "0352" → "03".
pub fn root(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// Counts over a validation run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    pub sentences: usize,
    /// Gold codings with an event code.
    pub codings: usize,
    /// Codings for which some annals event of the sentence has the same CAMEO root.
    pub root_hits: usize,
    /// ... and the same full code.
    pub code_hits: usize,
    /// Coding sides with a known country, and those annals matched (on the event chosen
    /// for the coding: same root if any, else the first event).
    pub sides: usize,
    pub side_hits: usize,
    /// Codings with at least one side known whose every known side matched.
    pub actor_codings: usize,
    pub actor_hits: usize,
    /// Sentences the coders mark as holding no event, and those annals left empty.
    pub no_event_sentences: usize,
    pub no_event_hits: usize,
    /// Events annals produced, and those whose root some gold coding of the sentence has.
    pub events: usize,
    pub events_right_root: usize,
    /// Trigger mentions that had no date and were dated for scoring.
    pub undated_dated: usize,
}

impl Score {
    fn ratio(a: usize, b: usize) -> f64 {
        if b == 0 {
            0.0
        } else {
            a as f64 / b as f64
        }
    }
    pub fn root_accuracy(&self) -> f64 {
        Self::ratio(self.root_hits, self.codings)
    }
    pub fn code_accuracy(&self) -> f64 {
        Self::ratio(self.code_hits, self.codings)
    }
    pub fn side_accuracy(&self) -> f64 {
        Self::ratio(self.side_hits, self.sides)
    }
    pub fn actor_accuracy(&self) -> f64 {
        Self::ratio(self.actor_hits, self.actor_codings)
    }
    pub fn root_precision(&self) -> f64 {
        Self::ratio(self.events_right_root, self.events)
    }
}

/// What annals made of one record, for the per-sentence listing.
#[derive(Debug, Clone)]
pub struct RecordResult {
    pub id: String,
    /// "042 USA>CHN" per gold coding.
    pub gold: Vec<String>,
    /// "042 USA>CHN" per annals event.
    pub system: Vec<String>,
    /// Gold codings whose root annals found.
    pub root_hits: usize,
}

/// The CAMEO country of an event actor: its state's CAMEO code, else the first three
/// letters of its own CAMEO code ("IGO" for the UN), else nothing.
fn cameo_country(g: &Gazetteer, key: &str, country: Option<&str>) -> Option<String> {
    if let Some(c) = country {
        let code = g
            .get(c)
            .and_then(|s| s.cameo.clone())
            .unwrap_or_else(|| c.to_string());
        return Some(code);
    }
    let a = g.get(key)?;
    match a.cameo.as_deref().and_then(|c| c.get(..3)) {
        Some(c) => Some(c.to_string()),
        // Every intergovernmental body is "IGO" at the country level of CAMEO codes.
        None => (a.kind == crate::model::ActorKind::Igo).then(|| "IGO".to_string()),
    }
}

fn side_countries(g: &Gazetteer, e: &Event, roles: &[Role]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in e.actors.iter().filter(|a| roles.contains(&a.role)) {
        if let Some(c) = cameo_country(g, &a.key, a.country.as_deref()) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// "USA" from "USAGOV", `None` for an unknown side ("---", "---REB") or an empty code.
fn gold_country(code: &str) -> Option<&str> {
    code.get(..3).filter(|c| *c != "---" && !c.is_empty())
}

fn describe(e: &Event, g: &Gazetteer) -> String {
    let src = side_countries(g, e, &[Role::Source, Role::Participant]).join("+");
    let tgt = side_countries(g, e, &[Role::Target, Role::Participant]).join("+");
    format!("{} {}>{}", e.cameo, or_dash(&src), or_dash(&tgt))
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() {
        "-"
    } else {
        s
    }
}

/// Extraction as scoring needs it. The timeline leaves out mentions it cannot date, and
/// most validation sentences carry no date at all, so a trigger that extraction reported
/// as undated is dated by the record: " today" is written right after it and the sentence
/// extracted again. Nothing else changes (word order, negation, modality, actors), so types
/// and actors are scored as annals would find them in a dated sentence. Returns the events
/// and how many triggers were dated this way.
pub fn extract_for_scoring(extractor: &Extractor, article: &Article) -> (Vec<Event>, usize) {
    let first = extractor.extract(article);
    if first.undated.is_empty() {
        return (first.events, 0);
    }
    let names: Vec<&str> = first
        .undated
        .iter()
        .filter_map(|l| l.split_once(':').map(|(n, _)| n.trim()))
        .collect();
    let lex = &extractor.lexicon;
    let ends: Vec<usize> = lex
        .find(&article.body)
        .iter()
        .filter(|m| {
            lex.triggers
                .get(m.row)
                .is_some_and(|t| names.contains(&t.name.as_str()))
        })
        .map(|m| m.end)
        .collect();
    if ends.is_empty() {
        return (first.events, 0);
    }
    let mut body = String::with_capacity(article.body.len() + 6 * ends.len());
    let mut from = 0;
    for &end in &ends {
        let (Some(piece), true) = (article.body.get(from..end), end >= from) else {
            return (first.events, 0);
        };
        body.push_str(piece);
        body.push_str(" today");
        from = end;
    }
    body.push_str(article.body.get(from..).unwrap_or(""));
    let dated = Article {
        body,
        ..article.clone()
    };
    (extractor.extract(&dated).events, ends.len())
}

/// Run `extractor` over each record's sentence (dated by the record, else by `fallback`)
/// and score it. Participants of a joint act count on either side, since PETRARCH codes a
/// meeting both ways.
pub fn evaluate(
    records: &[Record],
    extractor: &Extractor,
    fallback: NaiveDate,
) -> (Score, Vec<RecordResult>) {
    let g = &extractor.gazetteer;
    let mut score = Score::default();
    let mut results = Vec::new();
    for rec in records {
        score.sentences += 1;
        let article = Article {
            origin: rec.id.clone(),
            title: None,
            publisher: None,
            author: None,
            url: None,
            published: rec.date.unwrap_or(fallback),
            published_time: None,
            extra: Vec::new(),
            body: rec.text.clone(),
        };
        let (events, dated_here) = extract_for_scoring(extractor, &article);
        score.undated_dated += dated_here;
        let mut result = RecordResult {
            id: rec.id.clone(),
            gold: rec
                .codings
                .iter()
                .map(|c| format!("{} {}>{}", c.event, c.source, c.target))
                .collect(),
            system: events.iter().map(|e| describe(e, g)).collect(),
            root_hits: 0,
        };
        if rec.no_events && rec.codings.is_empty() {
            score.no_event_sentences += 1;
            if events.is_empty() {
                score.no_event_hits += 1;
            }
        }
        score.events += events.len();
        score.events_right_root += events
            .iter()
            .filter(|e| rec.codings.iter().any(|c| root(&c.event) == root(&e.cameo)))
            .count();
        for c in &rec.codings {
            score.codings += 1;
            let same_root = events.iter().find(|e| root(&e.cameo) == root(&c.event));
            if same_root.is_some() {
                score.root_hits += 1;
                result.root_hits += 1;
            }
            if events.iter().any(|e| e.cameo == c.event) {
                score.code_hits += 1;
            }
            let chosen = same_root.or(events.first());
            let sides = [
                (gold_country(&c.source), [Role::Source, Role::Participant]),
                (gold_country(&c.target), [Role::Target, Role::Participant]),
            ];
            let mut known = 0;
            let mut hit = 0;
            for (gold, roles) in sides {
                let Some(gold) = gold else { continue };
                known += 1;
                let ok =
                    chosen.is_some_and(|e| side_countries(g, e, &roles).iter().any(|c| c == gold));
                if ok {
                    hit += 1;
                }
            }
            score.sides += known;
            score.side_hits += hit;
            if known > 0 {
                score.actor_codings += 1;
                if hit == known {
                    score.actor_hits += 1;
                }
            }
        }
        results.push(result);
    }
    (score, results)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version='1.0' encoding='utf-8'?>
<Validation>
#######
#   To run: python validation.py   <Sentence> in a comment is not a record
#######
<Sentences>
<Sentence category="AFP" date="20080804" id="A_1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="USA" targetcode="CHN" />
<Text>
The US leader visited
China.
</Text>
<Parse>
1	The	the	DET
</Parse>
</Sentence>
<Sentence category="OTHER" date="20150101" id="A_4" evaluate="true"/>
<EventCoding eventcode="190" sourcecode="NGAREB" targetcode="NGAMUS" />
<Text>
</Text>
<Parse>
1	Boko	Boko	PROPN	NNP	_	2	name	_	_
2	Haram	Haram	PROPN	NNP	_	4	nsubj	_	SpaceAfter=No
3	,	,	PUNCT	,	_	4	punct	_	_
4	attacked	attack	VERB	VBD	_	0	root	_	SpaceAfter=No
5	.	.	PUNCT	.	_	4	punct	_	_
</Parse>
<Sentence category="TEST" date="121108" id="A_2" evaluate="true">
<EventCoding noevents="True" />
<Text>Nothing happened.</Text>
</Sentence>
<Sentence category="TEST" date="20150609" id="A_3" evaluate="false"/>
<EventCoding eventcode="190" sourcecode="---REB" targetcode="SYR" />
<Text>Skipped.</Text>
</Sentences>
</Validation>
"#;

    #[test]
    fn records_pair_sentences_with_their_codings_and_text() {
        let recs = parse_validation(SAMPLE);
        assert_eq!(recs.len(), 3, "the evaluate=false record is left out");
        assert_eq!(recs[0].id, "A_1");
        assert_eq!(recs[0].text, "The US leader visited China.");
        assert_eq!(
            recs[0].codings,
            [Coding {
                event: "042".into(),
                source: "USA".into(),
                target: "CHN".into()
            }]
        );
        assert_eq!(recs[0].date, NaiveDate::from_ymd_opt(2008, 8, 4));
        assert!(recs[2].no_events && recs[2].codings.is_empty());
        assert_eq!(recs[2].date, NaiveDate::from_ymd_opt(2012, 11, 8));
    }

    #[test]
    fn empty_text_is_rebuilt_from_the_parse() {
        let recs = parse_validation(SAMPLE);
        assert_eq!(recs[1].id, "A_4");
        assert_eq!(recs[1].text, "Boko Haram, attacked.");
    }

    #[test]
    fn cameo_root_is_the_first_two_digits() {
        assert_eq!(root("0352"), "03");
        assert_eq!(root("042"), "04");
        assert_eq!(root("1"), "1");
    }

    #[test]
    fn undated_trigger_is_dated_by_its_record_for_scoring() {
        let ex = Extractor::builtin().unwrap_or_else(|e| panic!("{e}"));
        let article = Article {
            origin: "t".into(),
            title: None,
            publisher: None,
            author: None,
            url: None,
            published: NaiveDate::from_ymd_opt(2015, 6, 9).unwrap_or_default(),
            published_time: None,
            extra: Vec::new(),
            body: "Barack Obama and Vladimir Putin will meet in Zurich.".into(),
        };
        assert!(
            ex.extract(&article).events.is_empty(),
            "undated on the timeline"
        );
        let (events, dated) = extract_for_scoring(&ex, &article);
        assert_eq!(dated, 1);
        let cameos: Vec<&str> = events.iter().map(|e| e.cameo.as_str()).collect();
        assert_eq!(cameos, ["040"]);
        let g = &ex.gazetteer;
        let sides = side_countries(g, &events[0], &[Role::Participant]);
        assert!(sides.contains(&"USA".to_string()) && sides.contains(&"RUS".to_string()));
    }

    /// The rows appended to triggers.tsv for the acts PETRARCH codes that annals had no
    /// rule for, in real-news phrasings.
    #[test]
    fn protests_arrests_killings_withdrawals_and_arms_supplies_are_coded() {
        let ex = Extractor::builtin().unwrap_or_else(|e| panic!("{e}"));
        let cases = [
            (
                "South Korean activists protested outside the US embassy in Seoul on Monday.",
                "14",
            ),
            (
                "A Tunisian court on Tuesday jailed a Nigerian student for two years.",
                "17",
            ),
            (
                "Russian police arrested three Ukrainian citizens on Friday.",
                "17",
            ),
            (
                "Israeli troops opened fire on Palestinian protesters on Sunday.",
                "19",
            ),
            (
                "Four Ukrainian soldiers were killed by Russian shelling on Friday.",
                "19",
            ),
            (
                "Russia withdrew its troops from the border on Wednesday.",
                "08",
            ),
            (
                "The United States will supply weapons to Ukraine next month.",
                "07",
            ),
        ];
        for (text, want) in cases {
            let article = Article {
                origin: "t".into(),
                title: None,
                publisher: None,
                author: None,
                url: None,
                published: NaiveDate::from_ymd_opt(2015, 6, 9).unwrap_or_default(),
                published_time: None,
                extra: Vec::new(),
                body: text.into(),
            };
            let roots: Vec<String> = ex
                .extract(&article)
                .events
                .iter()
                .map(|e| root(&e.cameo).to_string())
                .collect();
            assert!(roots.iter().any(|r| r == want), "{text}: {roots:?}");
        }
    }

    #[test]
    fn unknown_gold_sides_are_not_scored() {
        assert_eq!(gold_country("---REB"), None);
        assert_eq!(gold_country("USAGOV"), Some("USA"));
        assert_eq!(gold_country("IGOUNO"), Some("IGO"));
    }
}
