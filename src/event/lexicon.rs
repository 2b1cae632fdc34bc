//! The trigger lexicon: which words signal which kind of event, with PLOVER type, mode,
//! CAMEO code, how roles are assigned and the summary verb. The rows live in
//! `triggers.tsv` beside this file so that linguists can extend them without touching code.

use crate::error::{Error, Result};
use crate::model::EventType;
use regex::Regex;

/// How the actors of a sentence take their roles in an event of this trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Actors before the trigger act (source), actors after it are acted upon (target).
    Directed,
    /// Every actor is a side of a joint action (participant).
    Joint,
    /// Only the actors before the trigger take part (source).
    Solo,
    /// The visitor (before) is the source, the host or place (after) the target.
    Visit,
    /// The host (before) is the source, the guests (after) the target.
    Host,
    /// The speaker is the source.
    Speech,
}

/// Whether a trigger makes an event on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    Strong,
    /// Only when a dated time expression sits in the trigger's clause ("said Friday").
    Weak,
}

/// One row of the lexicon.
#[derive(Debug, Clone)]
pub struct Trigger {
    pub name: String,
    pub event_type: EventType,
    pub mode: Option<String>,
    pub cameo: String,
    pub shape: Shape,
    pub strength: Strength,
    pub verb: String,
    pub regex: Regex,
}

/// A trigger found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TriggerMatch {
    /// Index of the row in the lexicon.
    pub row: usize,
    pub start: usize,
    pub end: usize,
}

/// All trigger rows, compiled once.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub triggers: Vec<Trigger>,
}

const TRIGGERS_TSV: &str = include_str!("triggers.tsv");
const FILE: &str = "src/event/triggers.tsv";

impl Lexicon {
    /// The lexicon shipped with annals.
    pub fn builtin() -> Result<Lexicon> {
        Lexicon::parse(TRIGGERS_TSV, FILE)
    }

    /// Parse lexicon rows in the `triggers.tsv` format.
    pub fn parse(text: &str, file: &str) -> Result<Lexicon> {
        let mut triggers = Vec::new();
        let mut header_seen = false;
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if !header_seen {
                header_seen = true;
                continue;
            }
            let bad = |message: String| Error::Data {
                file: file.to_string(),
                line: line_no,
                message,
            };
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 8 {
                return Err(bad(format!("expected 8 columns, found {}", cols.len())));
            }
            let event_type = if cols[1] == "statement" {
                EventType::Statement
            } else {
                cols[1].parse::<EventType>().map_err(bad)?
            };
            let shape = match cols[4] {
                "directed" => Shape::Directed,
                "joint" => Shape::Joint,
                "solo" => Shape::Solo,
                "visit" => Shape::Visit,
                "host" => Shape::Host,
                "speech" => Shape::Speech,
                other => return Err(bad(format!("unknown shape '{other}'"))),
            };
            let strength = match cols[5] {
                "strong" => Strength::Strong,
                "weak" => Strength::Weak,
                other => return Err(bad(format!("unknown strength '{other}'"))),
            };
            let pattern = format!(r"(?i)\b(?:{})\b", cols[7]);
            let regex = Regex::new(&pattern).map_err(|e| bad(format!("bad regex: {e}")))?;
            triggers.push(Trigger {
                name: cols[0].to_string(),
                event_type,
                mode: (cols[2] != "-").then(|| cols[2].to_string()),
                cameo: cols[3].to_string(),
                shape,
                strength,
                verb: cols[6].to_string(),
                regex,
            });
        }
        Ok(Lexicon { triggers })
    }

    /// Every trigger in `sentence`, left to right. Where two rows match overlapping words
    /// the longer match wins, and on equal length the earlier row (rows are ordered from
    /// specific to general).
    pub fn find(&self, sentence: &str) -> Vec<TriggerMatch> {
        let mut all: Vec<TriggerMatch> = Vec::new();
        for (row, t) in self.triggers.iter().enumerate() {
            for m in t.regex.find_iter(sentence) {
                all.push(TriggerMatch {
                    row,
                    start: m.start(),
                    end: m.end(),
                });
            }
        }
        all.sort_by(|a, b| {
            (b.end - b.start)
                .cmp(&(a.end - a.start))
                .then(a.row.cmp(&b.row))
                .then(a.start.cmp(&b.start))
        });
        let mut kept: Vec<TriggerMatch> = Vec::new();
        for m in all {
            if kept.iter().all(|k| m.end <= k.start || k.end <= m.start) {
                kept.push(m);
            }
        }
        kept.sort_by_key(|m| m.start);
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(lex: &Lexicon, s: &str) -> Vec<String> {
        lex.find(s)
            .iter()
            .map(|m| lex.triggers[m.row].name.clone())
            .collect()
    }

    #[test]
    fn builtin_lexicon_parses() {
        let lex = Lexicon::builtin().unwrap();
        assert!(lex.triggers.len() > 15);
    }

    #[test]
    fn joint_drills_beat_plain_drills() {
        let lex = Lexicon::builtin().unwrap();
        assert_eq!(
            names(
                &lex,
                "The first-ever joint air drills by Seoul and Washington"
            ),
            vec!["joint-drill"]
        );
        assert_eq!(
            names(&lex, "The army staged artillery drills"),
            vec!["drill"]
        );
    }

    #[test]
    fn press_conference_is_a_statement_not_a_meeting() {
        let lex = Lexicon::builtin().unwrap();
        assert_eq!(
            names(&lex, "Officials said at a news conference on Friday"),
            vec!["said", "statement"]
        );
    }

    #[test]
    fn missile_launch_phrasings() {
        let lex = Lexicon::builtin().unwrap();
        assert_eq!(
            names(
                &lex,
                "North Korea test-fired a ballistic missile early Saturday"
            ),
            vec!["missile"]
        );
        assert_eq!(
            names(&lex, "the North fired two short-range ballistic missiles"),
            vec!["missile"]
        );
    }

    #[test]
    fn words_inside_other_words_do_not_trigger() {
        let lex = Lexicon::builtin().unwrap();
        assert!(names(&lex, "the metal hostel was unmet").is_empty());
    }
}
