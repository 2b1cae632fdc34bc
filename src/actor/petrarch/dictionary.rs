//! TABARI/PETRARCH actor dictionaries (`Phoenix.Countries.actors.txt` and kin) read into
//! annals actors. A record is a primary phrase with an optional default code
//! (`NORTH_KOREA_ [PRK]`), synonym lines starting with `+`, and indented date restrictions
//! (`\t[USAGOV 090120-170120]`, `\t[RUSELI >120507]`, `\t[USAELI]`). Underscores join the
//! words of a phrase; `#` starts a comment anywhere, and XML comments (`<!-- -->`) may span
//! lines. Dates are YYYYMMDD, or YYMMDD with 00-30 read as 20YY (the KEDS/TABARI rule).
//!
//! Conversion keeps CAMEO's idea of identity: a record coded with a bare country code is
//! that state (its phrases become the state's aliases), anything else is its own actor whose
//! country is the code's first three letters, whose kind is guessed from the code's agent
//! part (`MIL`, `GOV`, `MED`, `REB` ...) and whose dated codes become dated roles.

use crate::actor::{Actor, DatedRole};
use crate::model::ActorKind;
use chrono::NaiveDate;
use std::collections::HashMap;

/// One code with the dates it applies between (both ends inclusive, open when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restriction {
    pub code: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

impl Restriction {
    pub fn holds_on(&self, date: NaiveDate) -> bool {
        self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date <= e)
    }

    fn is_dated(&self) -> bool {
        self.start.is_some() || self.end.is_some()
    }
}

/// One dictionary record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1-based line of the primary phrase.
    pub line: usize,
    /// The primary phrase as written (`BARACK_OBAMA`).
    pub phrase: String,
    /// The `+` synonyms as written.
    pub synonyms: Vec<String>,
    /// Codes in the order given, undated ones included (an undated code is the default).
    pub codes: Vec<Restriction>,
}

impl Entry {
    /// The code that applies on `date`: a dated restriction holding then (the last one
    /// listed wins), else the default, else the restriction that ended last.
    pub fn code_on(&self, date: NaiveDate) -> Option<&str> {
        let usable = |r: &&Restriction| r.code != "---";
        self.codes
            .iter()
            .rfind(|r| usable(r) && r.is_dated() && r.holds_on(date))
            .or_else(|| self.codes.iter().rfind(|r| usable(r) && !r.is_dated()))
            .or_else(|| {
                self.codes
                    .iter()
                    .filter(usable)
                    .max_by_key(|r| r.end.or(r.start))
            })
            .map(|r| r.code.as_str())
    }

    /// A person, by the field's convention: only people carry dated codes.
    pub fn is_person(&self) -> bool {
        self.codes.iter().any(Restriction::is_dated)
    }
}

/// A parsed dictionary with what could not be read.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    pub entries: Vec<Entry>,
    /// "line 12: ..." notes about restrictions or lines that were skipped.
    pub warnings: Vec<String>,
}

/// Read a dictionary. Never fails: unreadable pieces become warnings, so one hand-edited
/// typo does not cost the other twenty thousand records.
pub fn parse_dictionary(text: &str) -> Dictionary {
    let mut dict = Dictionary::default();
    let mut in_xml_comment = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = strip_comments(raw, &mut in_xml_comment);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('<') {
            continue;
        }
        let indented = raw.starts_with(['\t', ' ']);
        if let Some(syn) = trimmed.strip_prefix('+') {
            let (phrase, _) = split_codes(syn);
            match dict.entries.last_mut() {
                Some(e) if !phrase.is_empty() => e.synonyms.push(phrase.to_string()),
                Some(_) => {}
                None => dict
                    .warnings
                    .push(format!("line {line_no}: synonym before any primary phrase")),
            }
            continue;
        }
        if indented && trimmed.starts_with('[') {
            let (_, groups) = split_codes(trimmed);
            let mut codes = Vec::new();
            for g in groups {
                match parse_group(g) {
                    Ok(r) => codes.push(r),
                    Err(m) => dict.warnings.push(format!("line {line_no}: {m}")),
                }
            }
            match dict.entries.last_mut() {
                Some(e) => e.codes.extend(codes),
                None => dict.warnings.push(format!(
                    "line {line_no}: date restriction before any phrase"
                )),
            }
            continue;
        }
        let (phrase, groups) = split_codes(trimmed);
        if phrase.is_empty() {
            dict.warnings
                .push(format!("line {line_no}: codes without a phrase"));
            continue;
        }
        let mut codes = Vec::new();
        for g in groups {
            match parse_group(g) {
                Ok(r) => codes.push(r),
                Err(m) => dict.warnings.push(format!("line {line_no}: {m}")),
            }
        }
        dict.entries.push(Entry {
            line: line_no,
            phrase: phrase.to_string(),
            synonyms: Vec::new(),
            codes,
        });
    }
    dict
}

/// The line without `#` comments and `<!-- -->` comments (which may run over lines).
fn strip_comments(raw: &str, in_xml: &mut bool) -> String {
    let mut out = String::new();
    let mut rest = raw;
    loop {
        if *in_xml {
            match rest.find("-->") {
                Some(p) => {
                    *in_xml = false;
                    rest = rest.get(p + 3..).unwrap_or("");
                }
                None => return out,
            }
        }
        match (rest.find("<!--"), rest.find('#')) {
            (Some(x), h) if h.is_none_or(|h| x < h) => {
                out.push_str(rest.get(..x).unwrap_or(""));
                *in_xml = true;
                rest = rest.get(x + 4..).unwrap_or("");
            }
            (_, Some(h)) => {
                out.push_str(rest.get(..h).unwrap_or(""));
                return out;
            }
            (_, None) => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// Split "PHRASE [A] [B 0101-0202]" into the phrase and the bracket contents.
fn split_codes(s: &str) -> (&str, Vec<&str>) {
    let phrase_end = s.find('[').unwrap_or(s.len());
    let phrase = s.get(..phrase_end).unwrap_or("").trim();
    let mut groups = Vec::new();
    let mut rest = s.get(phrase_end..).unwrap_or("");
    while let Some(open) = rest.find('[') {
        let after = rest.get(open + 1..).unwrap_or("");
        match after.find(']') {
            Some(close) => {
                groups.push(after.get(..close).unwrap_or("").trim());
                rest = after.get(close + 1..).unwrap_or("");
            }
            None => {
                groups.push(after.trim());
                break;
            }
        }
    }
    (phrase, groups)
}

/// "USAGOV 090120-170120", "RUSELI >120507", "IGOUNO <991231", "PRK" → a restriction.
fn parse_group(g: &str) -> Result<Restriction, String> {
    let mut parts = g.split_whitespace();
    let code = parts.next().unwrap_or("").to_string();
    if code.is_empty()
        || !code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(format!("'[{g}]' is not a CAMEO code"));
    }
    let spec: String = parts.collect::<Vec<_>>().join("");
    let bad = || format!("'[{g}]': cannot read the date restriction");
    let (start, end) = if spec.is_empty() {
        (None, None)
    } else if let Some(d) = spec.strip_prefix('>') {
        (Some(parse_date(d).ok_or_else(bad)?), None)
    } else if let Some(d) = spec.strip_prefix('<') {
        (None, Some(parse_date(d).ok_or_else(bad)?))
    } else if let Some((a, b)) = spec.split_once('-') {
        (
            Some(parse_date(a).ok_or_else(bad)?),
            Some(parse_date(b).ok_or_else(bad)?),
        )
    } else {
        return Err(bad());
    };
    Ok(Restriction { code, start, end })
}

/// YYMMDD (00-30 → 20YY, else 19YY) or YYYYMMDD; longer strings use their first 8 digits,
/// as PETRARCH does. Seven digits are ambiguous and refused.
pub fn parse_date(d: &str) -> Option<NaiveDate> {
    let d = d.trim();
    if !d.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let num = |a: usize, b: usize| d.get(a..b).and_then(|s| s.parse::<u32>().ok());
    let (y, m, day) = match d.len() {
        6 => {
            let yy = num(0, 2)?;
            let y = if yy <= 30 { 2000 + yy } else { 1900 + yy };
            (y, num(2, 4)?, num(4, 6)?)
        }
        n if n >= 8 => (num(0, 4)?, num(4, 6)?, num(6, 8)?),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, day)
}

/// Acronyms with vowels that dictionaries write inside longer names ("US_PRESIDENT_").
const ACRONYMS: &[&str] = &[
    "us", "un", "eu", "uk", "usa", "uae", "ussr", "nato", "opec", "iaea", "asean", "plo",
];

/// Vowel-less words that are abbreviations to capitalize, not acronyms ("MR_OBAMA").
const TITLE_ABBREVIATIONS: &[&str] = &["mr", "mrs", "ms", "dr", "st", "jr", "sr", "lt", "sgt"];

/// Words kept lowercase inside a name ("United States of America").
const SMALL_WORDS: &[&str] = &[
    "of", "the", "and", "for", "in", "on", "to", "de", "la", "du",
];

/// A dictionary phrase as a name: underscores to spaces, words capitalized, dotted
/// acronyms ("U.N.") kept. The gazetteer matches a capitalized name in any case but all
/// lowercase, which is how PETRARCH's upper-case phrases were meant to match.
pub fn pretty_phrase(phrase: &str) -> String {
    let words: Vec<&str> = phrase
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let lower = w.to_lowercase();
        // Never the last word: "MOON_CHUNG_IN" is "Moon Chung In", and a person's last
        // word stands alone as a surname.
        if i > 0 && i + 1 < words.len() && SMALL_WORDS.contains(&lower.as_str()) {
            out.push(lower);
            continue;
        }
        // "U.N.", "U.S.": single letters between dots stay capitals.
        let dotted = w.contains('.')
            && w.split('.')
                .filter(|p| !p.is_empty())
                .all(|p| p.chars().count() == 1);
        // "DPRK", "PRC": a word without vowels is an acronym, not a name.
        let acronym = w
            .chars()
            .all(|c| c.is_alphabetic() && !"AEIOUaeiou".contains(c))
            && !TITLE_ABBREVIATIONS.contains(&lower.as_str());
        if dotted || acronym || ACRONYMS.contains(&lower.as_str()) {
            out.push(w.to_uppercase());
            continue;
        }
        out.push(capitalize_parts(&lower));
    }
    out.join(" ")
}

/// "ki-moon" → "Ki-Moon", "(aaia)" → "(Aaia)": a capital after each word start.
fn capitalize_parts(lower: &str) -> String {
    let mut out = String::with_capacity(lower.len());
    let mut at_start = true;
    for c in lower.chars() {
        if at_start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            at_start = false;
        } else {
            out.push(c);
            if c == '-' || c == '(' || c == '/' {
                at_start = true;
            } else if c.is_alphanumeric() {
                at_start = false;
            }
        }
    }
    out
}

/// A key for an actor that has none: lowercase ASCII words joined by hyphens.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The kind a CAMEO code's agent part suggests ("MIL", "GOVMED", "REB", "IGO...").
fn kind_of_agent(agent: &str) -> ActorKind {
    let has = |p: &str| {
        agent
            .as_bytes()
            .chunks(3)
            .any(|c| std::str::from_utf8(c).is_ok_and(|c| c == p))
    };
    if has("MED") {
        ActorKind::Media
    } else if has("MIL") || has("SPY") || has("COP") {
        ActorKind::Military
    } else if has("GOV") || has("LEG") || has("JUD") || has("ELI") {
        ActorKind::Government
    } else if has("REB") || has("OPP") || has("INS") || has("SEP") || has("UAF") || has("IMG") {
        ActorKind::Group
    } else {
        ActorKind::Organization
    }
}

/// Converts dictionary records to actors. `countries` maps CAMEO country codes to the
/// gazetteer's state keys (ISO alpha-3; they differ only where CAMEO differs: "KSV" →
/// "XKX"); `today` picks the current code of people with dated codes.
pub struct Converter<'a> {
    pub countries: &'a HashMap<String, String>,
    pub today: NaiveDate,
}

impl Converter<'_> {
    /// The state key of a code's country part, if the code starts with a known country.
    pub fn country_of(&self, code: &str) -> Option<String> {
        self.countries.get(code.get(..3)?).cloned()
    }

    /// One record as an actor; `None` when it carries no usable code at all.
    pub fn actor(&self, e: &Entry) -> Option<Actor> {
        let code = e.code_on(self.today)?.to_string();
        let name = pretty_phrase(&e.phrase);
        if name.is_empty() {
            return None;
        }
        let mut aliases: Vec<String> = Vec::new();
        for s in &e.synonyms {
            let p = pretty_phrase(s);
            if !p.is_empty()
                && p != name
                && !aliases
                    .iter()
                    .any(|a| crate::actor::normalize(a) == crate::actor::normalize(&p))
            {
                aliases.push(p);
            }
        }
        let country = self.country_of(&code);
        let prefix = code.get(..3).unwrap_or("");
        let agent = code.get(3..).unwrap_or("");
        // A bare country code: the record is the state itself, however it is named, even
        // when its codes are dated (`IRAQ_ [IRQ <20030320] [IRQOCC ...] [IRQ >20060520]`).
        let bare = e
            .codes
            .iter()
            .rev()
            .find(|r| r.code.len() == 3 && self.countries.contains_key(&r.code))
            .map(|r| r.code.clone());
        let state_code = match bare {
            Some(b) => Some(b),
            None if agent.is_empty() && !e.is_person() => Some(code.clone()),
            None => None,
        };
        if let Some(code) = state_code {
            let key = self.country_of(&code).unwrap_or_else(|| code.clone());
            return Some(Actor {
                key: key.clone(),
                name: name.clone(),
                kind: ActorKind::State,
                country: Some(key),
                cameo: Some(code),
                qid: None,
                parent: None,
                aliases: std::iter::once(name).chain(aliases).collect(),
                roles: Vec::new(),
            });
        }
        let kind = if e.is_person() {
            ActorKind::Person
        } else if prefix == "IGO" {
            ActorKind::Igo
        } else {
            kind_of_agent(if country.is_some() { agent } else { &code })
        };
        let roles = e
            .codes
            .iter()
            .filter(|r| r.is_dated() && r.code != "---")
            .map(|r| DatedRole {
                title: r.code.clone(),
                of: self.country_of(&r.code),
                start: r.start,
                end: r.end,
            })
            .collect();
        let key = match slug(&name) {
            s if s.is_empty() => format!("petrarch-{}", e.line),
            s => s,
        };
        let parent = match kind {
            ActorKind::Government | ActorKind::Military | ActorKind::Media => country.clone(),
            _ => None,
        };
        Some(Actor {
            key,
            name,
            kind,
            country,
            cameo: Some(code),
            qid: None,
            parent,
            aliases,
            roles,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# a TABARI dictionary\n\
NORTH_KOREA_  [PRK]\n\
+DPRK_ \n\
+N._KOREA_ # abbreviation\n\
+PYONGYANG_\n\
\n\
BARACK_OBAMA\n\
+PRESIDENT_OBAMA_\n\
+MR._OBAMA_\n\
\t[USAELI 640101-090119]\n\
\t[USAGOV 090120-170120]\n\
\t[USAELI]\n\
<!-- a block\n\
of comment -->\n\
KOREAN_PEOPLE'S_ARMY_ [PRKMIL] # kkl\n\
JAVIER_DE_CUELLAR_\t[IGOUNO 820101-911231] [ELI]# IGOrulers.txt\n\
NOBODY_\n";

    fn converter_countries() -> HashMap<String, String> {
        ["PRK", "USA", "RUS", "KOR", "IRQ"]
            .iter()
            .map(|c| (c.to_string(), c.to_string()))
            .chain(std::iter::once(("KSV".to_string(), "XKX".to_string())))
            .collect()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn records_collect_synonyms_and_indented_restrictions() {
        let d = parse_dictionary(SAMPLE);
        let phrases: Vec<&str> = d.entries.iter().map(|e| e.phrase.as_str()).collect();
        assert_eq!(
            phrases,
            [
                "NORTH_KOREA_",
                "BARACK_OBAMA",
                "KOREAN_PEOPLE'S_ARMY_",
                "JAVIER_DE_CUELLAR_",
                "NOBODY_"
            ]
        );
        assert_eq!(d.entries[0].synonyms, ["DPRK_", "N._KOREA_", "PYONGYANG_"]);
        assert_eq!(d.entries[1].codes.len(), 3);
        assert_eq!(d.entries[3].codes.len(), 2, "inline codes after the phrase");
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn six_digit_dates_pivot_at_thirty() {
        assert_eq!(parse_date("090120"), Some(date(2009, 1, 20)));
        assert_eq!(parse_date("640101"), Some(date(1964, 1, 1)));
        assert_eq!(parse_date("20170120"), Some(date(2017, 1, 20)));
        assert_eq!(parse_date("2004017"), None, "seven digits are ambiguous");
        assert_eq!(parse_date("20100931"), None, "no 31 September");
    }

    #[test]
    fn open_ended_restrictions_read_before_and_after() {
        let r = parse_group("UKRGOV > 20140607").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.start, Some(date(2014, 6, 7)));
        assert_eq!(r.end, None);
        let r = parse_group("IGOUNO <991231").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.end, Some(date(1999, 12, 31)));
        assert!(parse_group("s").is_err(), "lowercase is not a code");
    }

    #[test]
    fn broken_restriction_is_a_warning_not_a_failure() {
        let d =
            parse_dictionary("BAN_KI-MOON\n\t[IGOUNO >20070101]\n\t[KORGOVBUS 2004017-20061201]\n");
        assert_eq!(d.entries.len(), 1);
        assert_eq!(d.entries[0].codes.len(), 1);
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].starts_with("line 3:"), "{:?}", d.warnings);
    }

    #[test]
    fn current_code_is_the_restriction_holding_today_else_the_default() {
        let d = parse_dictionary(SAMPLE);
        let obama = &d.entries[1];
        assert_eq!(obama.code_on(date(2012, 5, 1)), Some("USAGOV"));
        assert_eq!(obama.code_on(date(2023, 5, 1)), Some("USAELI"));
        assert!(obama.is_person());
    }

    #[test]
    fn phrases_become_capitalized_names() {
        assert_eq!(pretty_phrase("BARACK_OBAMA"), "Barack Obama");
        assert_eq!(pretty_phrase("N._KOREA_"), "N. Korea");
        assert_eq!(pretty_phrase("U.N._"), "U.N.");
        assert_eq!(
            pretty_phrase("UNITED_STATES_OF_AMERICA_"),
            "United States of America"
        );
        assert_eq!(pretty_phrase("BAN_KI-MOON"), "Ban Ki-Moon");
        assert_eq!(pretty_phrase("DPRK_"), "DPRK");
        assert_eq!(pretty_phrase("MR_OBAMA_"), "Mr Obama");
        assert_eq!(
            pretty_phrase("US_PRESIDENT_BARACK_OBAMA"),
            "US President Barack Obama"
        );
        assert_eq!(pretty_phrase("MOON_CHUNG_IN"), "Moon Chung In");
        assert_eq!(
            pretty_phrase("KOREAN_PEOPLE'S_ARMY_"),
            "Korean People's Army"
        );
    }

    #[test]
    fn bare_country_code_makes_the_record_that_state() {
        let countries = converter_countries();
        let conv = Converter {
            countries: &countries,
            today: date(2023, 10, 20),
        };
        let d = parse_dictionary(SAMPLE);
        let Some(a) = conv.actor(&d.entries[0]) else {
            panic!("North Korea converts");
        };
        assert_eq!(a.key, "PRK");
        assert_eq!(a.kind, ActorKind::State);
        assert!(a.aliases.contains(&"DPRK".to_string()));
        assert!(a.aliases.contains(&"Pyongyang".to_string()));
        let iraq = parse_dictionary("IRAQ_\n\t[IRQ <20030320]\n\t[IRQOCC 20030320-20060520]\n");
        let i = conv.actor(&iraq.entries[0]).map(|a| (a.key, a.kind));
        assert_eq!(
            i,
            Some(("IRQ".to_string(), ActorKind::State)),
            "dated state codes"
        );
        let kosovo = parse_dictionary("KOSOVO_ [KSV]\n");
        let k = conv.actor(&kosovo.entries[0]).map(|a| a.key);
        assert_eq!(
            k.as_deref(),
            Some("XKX"),
            "CAMEO code mapped to the ISO key"
        );
    }

    #[test]
    fn dated_codes_make_a_person_with_roles_and_current_country() {
        let countries = converter_countries();
        let conv = Converter {
            countries: &countries,
            today: date(2023, 10, 20),
        };
        let d = parse_dictionary(SAMPLE);
        let Some(a) = conv.actor(&d.entries[1]) else {
            panic!("Obama converts");
        };
        assert_eq!(a.key, "barack-obama");
        assert_eq!(a.kind, ActorKind::Person);
        assert_eq!(a.country.as_deref(), Some("USA"));
        assert_eq!(a.cameo.as_deref(), Some("USAELI"));
        assert_eq!(a.roles.len(), 2);
        assert_eq!(a.roles[1].title, "USAGOV");
        assert_eq!(a.roles[1].start, Some(date(2009, 1, 20)));
        assert_eq!(a.aliases, ["President Obama", "Mr. Obama"]);
    }

    #[test]
    fn agent_codes_give_kinds_and_records_without_codes_are_skipped() {
        let countries = converter_countries();
        let conv = Converter {
            countries: &countries,
            today: date(2023, 10, 20),
        };
        let d = parse_dictionary(SAMPLE);
        let kpa = conv.actor(&d.entries[2]).map(|a| (a.kind, a.parent));
        assert_eq!(kpa, Some((ActorKind::Military, Some("PRK".to_string()))));
        let un = conv.actor(&d.entries[3]).map(|a| (a.kind, a.country));
        assert_eq!(un, Some((ActorKind::Person, None)));
        assert!(conv.actor(&d.entries[4]).is_none());
    }
}
