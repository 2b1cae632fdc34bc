//! The surface grammar of time expressions: regexes (compiled once) that find candidate
//! spans in a sentence and parse them into a `Kind`, plus the guards that keep "May" the
//! modal, "Sunday" in a name and "Boeing 747" out. Resolution to dates lives in `resolve`.

use super::lexicon::{self, Unit, MONTH_DAY_RE, MONTH_RE, SPELLED_YEAR_RE, UNIT_RE, WEEKDAY_RE};
use chrono::Weekday;
use regex::{Captures, Regex};
use std::sync::OnceLock;

/// Part of a day, as TIMEX3 writes it after the date ("TMO").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl Part {
    fn parse(w: &str) -> Option<Part> {
        match w.to_ascii_lowercase().as_str() {
            "morning" => Some(Part::Morning),
            "afternoon" => Some(Part::Afternoon),
            "evening" => Some(Part::Evening),
            "night" | "tonight" | "overnight" => Some(Part::Night),
            _ => None,
        }
    }

    pub fn suffix(self) -> &'static str {
        match self {
            Part::Morning => "TMO",
            Part::Afternoon => "TAF",
            Part::Evening => "TEV",
            Part::Night => "TNI",
        }
    }
}

/// Which part of a calendar unit a modifier picks: "earlier this week" is Monday to the
/// anchor, "later this month" the anchor to the month's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sub {
    Whole,
    ToAnchor,
    FromAnchor,
}

/// Direction words before a weekday, month or season.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shift {
    None,
    Last,
    Next,
    This,
    /// "June last year": a year offset from the anchor's.
    YearOffset(i32),
    /// "the previous Friday": strictly before the last date the text set.
    Previous,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holiday {
    Christmas,
    ChristmasEve,
    NewYear,
    NewYearsEve,
    /// US Thanksgiving, the fourth Thursday of November.
    Thanksgiving,
    /// US Independence Day.
    July4,
    /// US Election Day, the Tuesday after the first Monday of November.
    ElectionDay,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

/// A parsed, not yet resolved, time expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A calendar day, optionally with a second day ending a range ("Oct. 18-19").
    Date {
        y: Option<i32>,
        m: u32,
        d: u32,
        until: Option<(u32, u32)>,
        part: Option<Part>,
    },
    /// "between May and July".
    MonthRange {
        m1: u32,
        m2: u32,
        y: Option<i32>,
    },
    Month {
        m: u32,
        y: Option<i32>,
        shift: Shift,
    },
    Year(i32),
    /// "the 1950-53 Korean War", "2018–2019": the first year to the last.
    YearRange(i32, i32),
    /// Decade written "the 1990s": the first three digits.
    Decade(i32),
    /// Century by its first two digits ("the 20th century" = 19).
    Century(i32),
    Weekday {
        wd: Weekday,
        shift: Shift,
        part: Option<Part>,
    },
    /// Anchored relative unit: "yesterday" (Day, -1), "this week", "last year".
    Relative {
        unit: Unit,
        offset: i32,
        sub: Sub,
        part: Option<Part>,
    },
    /// Relative to the last resolved date: "the next day", "that week", "a day later".
    /// `counted` ("a year earlier") keeps the grain of that date when it is finer.
    Anaphoric {
        unit: Unit,
        offset: i32,
        part: Option<Part>,
        counted: bool,
    },
    /// "two years ago" (negative) / "two weeks from now": counted from the anchor.
    Ago {
        offset: i32,
        unit: Unit,
    },
    /// "the quarter": the quarter the text is about, else the last complete one; with a
    /// year ("the 1988 quarter", "last year's period") that quarter in that year.
    TheQuarter {
        y: Option<i32>,
        offset: Option<i32>,
        /// Written "period", not "quarter": after "the nine months" it is that stretch.
        period: bool,
    },
    /// "year-ago", "year-earlier" as adjectives ("the year-ago quarter", "year-earlier
    /// profit"): the report's own period one year back. `period` when a noun "quarter" or
    /// "period" follows.
    YearAgo {
        period: bool,
    },
    /// "the week of March 6": the week holding that day.
    WeekOf {
        y: Option<i32>,
        m: u32,
        d: u32,
    },
    /// A fixed-date or rule-based holiday, resolved to a day by the tense.
    Holiday(Holiday),
    /// "the past two months" (future: "the next two weeks"): a duration anchored to the DCT.
    Span {
        n: u32,
        unit: Unit,
        future: bool,
    },
    Duration {
        n: Option<u32>,
        unit: Unit,
    },
    /// "2 1/2 years", "a minute and a half".
    HalfDuration {
        n: u32,
        unit: Unit,
    },
    Quarter {
        q: u32,
        y: Option<i32>,
        offset: Option<i32>,
    },
    Half {
        h: u32,
        y: Option<i32>,
    },
    Season {
        s: Season,
        y: Option<i32>,
        shift: Shift,
    },
    /// PRESENT_REF, PAST_REF, FUTURE_REF.
    Ref(&'static str),
    /// A clock time, on a weekday or a month day when one follows ("noon Thursday",
    /// "5 p.m. EST, Nov. 6").
    Clock {
        h: u32,
        min: u32,
        wd: Option<Weekday>,
        date: Option<(u32, u32)>,
    },
    Set(String),
    /// "the weekend": the nearest weekend in the direction of the tense.
    Weekend,
    /// "Russia attacked Kyiv overnight": the night before the anchor in a past clause,
    /// the coming one otherwise.
    Overnight,
}

/// A candidate span with its parse. `prep` marks a leading "from"/"through"/"until".
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub prep: Option<Prep>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prep {
    From,
    Through,
}

type Handler = fn(&Captures<'_>, &str) -> Option<Candidate>;

struct Rule {
    re: Regex,
    handler: Handler,
}

/// Time zones written after a clock time.
const ZONES: &str = "KST|JST|GMT|UTC|EST|EDT|CST|CDT|PST|PDT|BST|CET|CEST|MSK|IST|ET";

/// One of [`ZONES`], as written ("GMT", "KST").
pub fn is_zone(word: &str) -> bool {
    ZONES.split('|').any(|z| z == word)
}

/// A weekday or a month day after a clock time: "noon Thursday", "9 a.m. on Tuesday",
/// "5 p.m. EST, Nov. 6".
fn clock_day() -> String {
    format!(
        r"(?:\s*,?\s+(?:(?i:on)\s+)?(?:(?P<wd>(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)|(?P<cmon>{MONTH_DAY_RE})\s*(?P<cd>\d{{1,2}})\b))?"
    )
}

/// Approximators TimeML keeps inside a duration's span ("nearly two years").
const APPROX: &str = r"(?:\b(?i:nearly|almost|about|around|roughly|approximately|more\s+than|less\s+than|fewer\s+than|up\s+to|no\s+more\s+than|at\s+least|over|just|only|barely)\s+)?";

/// "the second half of August": within a month; a year's halves are `Kind::Half`.
const MONTH_HALF: &str = r"(?:\b(?i:the\s+(?:first|second|latter)\s+half\s+of)\s+)?";
const MODS: &str = r"(?:(?P<mod>(?i:(?:early|late|earlier|later)\s+in(?:\s+the)?|early|mid|late|earlier|later|the\s+end\s+of|end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+rest\s+of))(?:\s+|-))?";

fn num_re() -> String {
    // "a" counts alone ("a day") or before a vague quantity ("a few"), never as the head of
    // a compound ("a two-year" is "two-year").
    format!(
        r"(?:\d+(?:\.\d+)?|(?i:an?\s+(?:few|couple(?:\s+of)?|dozen)|(?:{w})(?:[- ](?:{w}))*(?:\s+of)?|an?))",
        w = lexicon::number_alternation()
    )
}

fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mon = MONTH_RE;
        let mond = MONTH_DAY_RE;
        let wd = WEEKDAY_RE;
        let unit = UNIT_RE;
        let num = num_re();
        let clock_day = clock_day();
        let sy = SPELLED_YEAR_RE;
        let specs: Vec<(String, Handler)> = vec![
            (r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b".into(), h_iso),
            (format!(r"\b(?i:the\s+week\s+of)\s+(?P<mon>{mond})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*(?P<y>\d{{4}})\b)?"), h_week_of),
            (r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b".into(), h_slash),
            (format!(r"(?:\b(?P<prep>(?i:from|through|until|till))\s+)?(?:\b(?P<wd>{wd})(?:\s*,\s*|\s*\(\s*|\s+))?\b(?P<mon>{mond})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*(?:-|–|to|through|and|until)\s*(?:(?P<mon2>{mond})\s*)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b)?(?:\s*,?\s*(?P<y>\d{{4}})\b)?(?P<close>\s*\))?(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?"), h_mdy),
            (format!(r"(?:\b(?P<prep>(?i:from|through|until|till))\s+)?(?:\b(?P<wd>{wd})\s*,?\s+)?\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?\s+(?:of\s+)?(?P<mon>{mond})(?:\s*,?\s*(?P<y>\d{{4}})\b)?"), h_dmy),
            (format!(r"\b(?i:between|from)\s+(?P<mon>{mon})\s+(?:and|to|through|until|-|–)\s+(?P<mon2>{mon})(?:\s*,?\s+(?P<y>\d{{4}})\b)?"), h_month_range),
            (format!(r"{MODS}{MONTH_HALF}(?:\b(?P<shift>(?i:last|next|this|past|coming))\s+)?\b(?P<mon>{mon})(?:\s*,?\s*(?:of\s+)?(?P<y>\d{{4}})\b|\s*,?\s+(?P<sy>{sy})\b|\s+(?P<yrel>(?i:this|last|next))\s+(?i:year)\b)?"), h_month),
            (format!(r"{MODS}(?:\b(?i:fiscal|calendar)\s+(?i:year\s+)?)?\b(?P<y>1\d{{3}}|20\d{{2}}|21\d{{2}})\b"), h_year),
            (r"\b(?P<y1>1[5-9]\d{2}|20\d{2})[-–](?P<y2>\d{2}|1[5-9]\d{2}|20\d{2})\b".into(), h_year_range),
            (format!(r"(?:\b(?i:the)\s+)?{MODS}(?:\b(?i:the)\s+)?(?:\b(?P<cent>1\d|20)(?P<dec>\d)0'?s|'(?P<short>\d)0s)\b"), h_decade),
            (format!(r"(?:\b(?P<shift>(?i:last|next|this|coming|past|early|late|from|since|until|through|the\s+previous|the\s+preceding))\s+)?\b(?P<wd>{wd})(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?"), h_weekday),
            (r"(?:\b(?P<mod>(?i:earlier|later|early|late))\s+)?\b(?P<w>(?i:today|tonight|yesterday|tomorrow))\b(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?".into(), h_deictic),
            (r"\b(?i:overnight)\b".into(), h_overnight),
            (r"\b(?P<w>(?i:this|last|tomorrow|yesterday))\s+(?P<part>(?i:morning|afternoon|evening|night))\b".into(), h_deictic),
            (r"\b(?i:mid[- ]?)(?P<part>(?i:morning|afternoon))\b(?:\s+(?P<w>(?i:today|yesterday|tomorrow))\b)?".into(), h_mid_part),
            (format!(r"{MODS}\b(?P<w>(?i:this\s+past|this\s+coming|this|last|next|coming|current|the\s+current|the\s+full|the\s+coming|the\s+latest))\s+(?P<u>(?i:week|weekend|month|year|quarter|decade|century|fiscal\s+year))\b"), h_relative),
            (r"\b(?i:the\s+(?P<w>same|next|following|previous|preceding|prior)\s+(?P<u>day|morning|afternoon|evening|night|week|weekend|month|year))\b".into(), h_anaphoric),
            (r"\b(?i:that\s+(?:same\s+)?(?P<u>day|morning|afternoon|evening|night|week|month|year))\b".into(), h_anaphoric),
            (r"\b(?i:the\s+(?P<u>day|night)\s+(?P<w>before|after))\b".into(), h_anaphoric),
            (format!(r"{APPROX}\b(?P<n>{num})\s*(?:-\s*)?(?P<u>(?i:{unit}))(?:\s+(?i:or\s+so))?\s+(?P<w>(?i:ago|earlier|later|from\s+now|hence))\b"), h_ago),
            (r"\b(?:(?P<the>(?i:the))\s+)?(?P<u>(?i:year|month|quarter|week))[- ](?P<w>(?i:earlier|ago))(?P<noun>\s+(?:(?P<q>(?i:first|second|third|fourth))[- ])?(?i:quarter|period))?\b".into(), h_year_earlier),
            (format!(r"\b(?i:the\s+(?P<w>past|last|previous|next|coming|first|latest|final|preceding|following))\s+(?:(?P<n>{num})\s+)?(?P<u>(?i:{unit}))\b(?:\s+(?i:or\s+so)\b)?"), h_span),
            (format!(r"{APPROX}(?:\b(?P<the>(?i:the))\s+)?\b(?P<n>{num})(?P<half>\s+1/2|\s+(?i:and\s+(?:a|one)[\s-]half))?(?:\s+|-)(?:(?i:more|additional|extra|further)\s+)?(?:(?i:trading|business|working)\s+)?(?P<u>(?i:{unit}))(?P<suffix>-(?i:long|old))?(?P<half2>\s+(?i:and\s+a\s+half))?\b"), h_duration),
            (r"\b(?i:for|over|within|in|after|take|takes|took)\s+(?P<u>(?i:years|months|weeks|days|decades|hours|minutes))\b".into(), h_bare_units),
            (r"\b(?P<w>(?i:recent|coming|future|past))\s+(?P<u>(?i:years|months|weeks|days|decades|quarters))\b".into(), h_recent_units),
            (r"\b(?i:the\s+end\s+of\s+the\s+(?P<u>year|month|week|quarter)|(?P<ye>year[- ]end|year's\s+end))\b".into(), h_period_end),
            (r"\b(?:(?i:the)\s+)?(?P<c>\d{1,2})(?:st|nd|rd|th)[- ](?i:century)\b".into(), h_century),
            (r"(?:\b(?i:the)\s+)?(?:\b(?i:fiscal)\s+)?\b(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[- ](?i:quarter|qtr\.?)(?:\s+(?i:of)\s+(?:(?P<y>\d{4})|(?P<rel>(?i:this|last|next))\s+(?i:year)))?\b".into(), h_quarter),
            (r"\b(?:Q|(?i:the\s+)?(?P<w>(?i:first|second|last))[- ](?i:half)(?:\s+(?i:of)\s+(?P<y2>\d{4}))?)(?P<q>[1-4])?(?:\s+(?P<y>\d{4}))?\b".into(), h_q_or_half),
            (format!(r"(?:\b(?P<the>(?i:the))\s+)?{MODS}(?:\b(?P<shift>(?i:this|last|next|the|coming|past))\s+)?\b(?P<s>(?i:summer|winter|spring|fall|autumn))\b(?:\s+(?:of\s+)?(?:(?P<y>\d{{4}})|(?P<sy>{sy})\b))?"), h_season),
            (r"(?:\b(?i:over|during|on|at|for|this|next|last|the)\s+)?\b(?i:the\s+)?(?P<w>(?i:weekend))\b".into(), h_weekend),
            (r"\b(?P<w>(?i:now|currently|recently|lately|nowadays|presently|at\s+present|these\s+days|the\s+past|the\s+(?:near\s+|distant\s+)?future|the\s+present|the\s+(?:near|short)\s+term|current))\b".into(), h_ref),
            (format!(r"\b(?P<h>\d{{1,2}}):(?P<min>\d{{2}})(?:\s*(?P<ap>(?i:a\.m\.|p\.m\.|am\b|pm\b)))?(?:\s+(?P<z>{ZONES})\b)?{clock_day}"), h_clock),
            (format!(r"\b(?P<h>\d{{1,2}})\s*(?P<ap>(?i:a\.m\.|p\.m\.|am\b|pm\b))(?:\s+(?P<z>{ZONES})\b)?{clock_day}"), h_clock),
            (format!(r"\b(?P<w>(?i:noon|midnight|midday))\b{clock_day}"), h_clock),
            (format!(r"\b(?P<h>\d{{1,2}})(?::(?P<min>\d{{2}}))?\s+(?P<pod>(?i:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)){clock_day}"), h_clock),
            (r"\b(?i:(?:the|that)\s+(?:current\s+|same\s+)?quarter|the\s+latest\s+period)\b".into(), h_the_quarter),
            (r"\b(?i:the\s+(?:same\s+|comparable\s+|corresponding\s+|year-(?:earlier|ago)\s+)?(?:quarter|period)\s+(?:a\s+year\s+(?:ago|earlier)|(?:of\s+)?(?:last|the\s+previous|the\s+prior)\s+year))\b".into(), h_period_a_year_back),
            (format!(r"(?:\b(?P<the>(?i:the\s+year))\s+)?\b(?P<sy>{sy})\b"), h_spelled_year),
            (r"\b(?P<u>(?i:hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies)))-long\b".into(), h_long),
            (r"\b(?i:the\s+(?:(?P<mod>early|mid|late)[\s-])?(?P<d>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b".into(), h_decade_word),
            (r"\b(?P<w>(?i:a\s+later\s+date|as\s+soon\s+as\s+possible))\b".into(), h_ref),
            (r"(?:\b(?P<mod>(?i:earlier|later|early|late))\s+(?i:in)\s+|\b(?P<lead>(?i:for|in|during|throughout|over))\s+)?\b(?P<y>(?i:the\s+(?:fiscal\s+|calendar\s+)?year))\b".into(), h_the_year),
            (r"(?:\b(?i:the)\s+)?(?:\b(?P<y>(?:19|20)\d\d)|\b(?P<rel>(?i:this|last|next))\s+(?i:year)(?:'s|’s))\s+(?:(?P<q>(?i:first|second|third|fourth))[- ])?(?:(?i:fiscal)\s+)?(?P<noun>(?i:quarter|period))\b".into(), h_year_quarter),
            (r"\b(?P<w>Christmas\s+Eve|Christmas(?:\s+Day)?|New\s+Year(?:'s|’s)\s+(?:Day|Eve)|Thanksgiving(?:\s+Day)?|Election\s+Day|Independence\s+Day|July\s+Fourth|Fourth\s+of\s+July)\b".into(), h_holiday),
            (format!(r"\b(?i:every|each)\s+(?:(?P<n>{num})\s+)?(?P<u>(?i:{unit})|{wd}|{mon})"), h_set),
            (r"\b(?:(?P<wds>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days)|(?P<wd>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\s+(?P<part>(?i:mornings|afternoons|evenings|nights)))\b".into(), h_weekday_set),
            (r"\b(?P<w>(?i:annually|yearly|weekly|daily|monthly|hourly|nightly))\b".into(), h_set),
        ];
        specs
            .into_iter()
            // ASCII word boundaries: the DFA engines handle them on any text, where Unicode
            // ones force the slow engine on non-ASCII sentences; every boundary here sits
            // next to an ASCII letter or digit anyway.
            .map(|(src, handler)| (src.replace(r"\b", r"(?-u:\b)"), handler))
            .filter_map(|(src, handler)| match Regex::new(&src) {
                Ok(re) => Some(Rule { re, handler }),
                // A bad pattern is a programming error caught by the unit tests; skip it
                // rather than panic on a user's text.
                Err(e) => {
                    debug_assert!(false, "bad temporal regex {src}: {e}");
                    None
                }
            })
            .collect()
    })
}

/// Every candidate of every rule, overlapping ones included.
pub fn candidates(sentence: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    for rule in rules() {
        for caps in rule.re.captures_iter(sentence) {
            if let Some(c) = (rule.handler)(&caps, sentence) {
                // "2 1/2 years ago": a match starting inside a fraction is not a count.
                let in_fraction = sentence.get(..c.start).is_some_and(|b| b.ends_with('/'));
                if c.start < c.end && !in_fraction {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// Longest candidates first, earlier rules winning ties; no two chosen spans overlap.
pub fn select(mut cands: Vec<Candidate>) -> Vec<Candidate> {
    // Stable sort keeps rule order among equal spans.
    cands.sort_by_key(|c| std::cmp::Reverse(c.end - c.start));
    let mut chosen: Vec<Candidate> = Vec::new();
    for c in cands {
        if chosen.iter().all(|k| c.end <= k.start || k.end <= c.start) {
            chosen.push(c);
        }
    }
    chosen.sort_by_key(|c| c.start);
    chosen
}

// ---------------------------------------------------------------------------------------
// Helpers

fn int<T: std::str::FromStr>(caps: &Captures<'_>, name: &str) -> Option<T> {
    caps.name(name).and_then(|m| m.as_str().parse().ok())
}

fn word<'a>(caps: &Captures<'a>, name: &str) -> Option<String> {
    caps.name(name).map(|m| m.as_str().to_ascii_lowercase())
}

fn whole(caps: &Captures<'_>) -> (usize, usize) {
    caps.get(0).map_or((0, 0), |m| (m.start(), m.end()))
}

fn cand(caps: &Captures<'_>, kind: Kind) -> Option<Candidate> {
    let (start, end) = whole(caps);
    Some(Candidate {
        start,
        end,
        kind,
        prep: None,
    })
}

fn prep_of(caps: &Captures<'_>) -> Option<Prep> {
    match word(caps, "prep")?.as_str() {
        "from" => Some(Prep::From),
        _ => Some(Prep::Through),
    }
}

/// The word just before byte `at`, if any.
fn prev_word(s: &str, at: usize) -> Option<&str> {
    let before = s.get(..at)?.trim_end();
    if before.ends_with(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'') {
        return None;
    }
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '.' || c == '\'' || c == '-'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    before.get(start..).filter(|w| !w.is_empty())
}

/// The word just after byte `at`, if any (punctuation stops it).
/// "three quarters of the vote", "two quarters of a point": a share, not a stretch of
/// time. "Several quarters of losses" names quarters; the word after "of" tells.
fn quarter_is_a_fraction(s: &str, end: usize) -> bool {
    let rest = s.get(end..).unwrap_or("").trim_start();
    let Some(after_of) = rest
        .strip_prefix("of ")
        .or_else(|| rest.strip_prefix("Of "))
    else {
        return false;
    };
    let next = after_of
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        next.as_str(),
        "the"
            | "a"
            | "an"
            | "its"
            | "their"
            | "his"
            | "her"
            | "our"
            | "all"
            | "this"
            | "these"
            | "those"
            | "that"
            | "them"
            | "it"
            | "us"
            | "one"
            | "each"
    ) || next.starts_with(|c: char| c.is_ascii_digit())
}

fn next_word(s: &str, at: usize) -> Option<&str> {
    let after = s.get(at..)?;
    let trimmed = after.trim_start();
    if trimmed.len() == after.len() && !after.is_empty() {
        // No space: glued punctuation or the end.
        return None;
    }
    let end = trimmed
        .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .unwrap_or(trimmed.len());
    trimmed.get(..end).filter(|w| !w.is_empty())
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Words that may precede a month or weekday without making it part of a name.
const DATE_LEAD: &[&str] = &[
    "in",
    "on",
    "by",
    "since",
    "until",
    "till",
    "last",
    "next",
    "this",
    "early",
    "late",
    "mid",
    "through",
    "from",
    "before",
    "after",
    "during",
    "of",
    "and",
    "or",
    "between",
    "to",
    "end",
    "that",
    "since",
    "as",
    "about",
    "around",
    "for",
    "at",
    "each",
    "every",
    "past",
    "coming",
    "starting",
    "beginning",
    "until",
    "but",
    "then",
    "also",
    "through",
    "throughout",
    "only",
    "again",
    "earlier",
    "later",
    "later",
    "mid-",
    "said",
    "says",
    "say",
    "the",
    "a",
];

fn is_date_lead(w: &str) -> bool {
    let l = w.to_ascii_lowercase();
    DATE_LEAD.contains(&l.trim_end_matches(['.', ',']))
}

/// A capitalised word right before (not a preposition) marks a name: "Theresa May",
/// "Bloody Sunday".
fn name_before(s: &str, at: usize) -> bool {
    prev_word(s, at).is_some_and(|w| capitalised(w) && !is_date_lead(w) && !is_month_or_day(w))
}

fn is_month_or_day(w: &str) -> bool {
    lexicon::month_number(w).is_some() && w.len() >= 3 && capitalised(w)
        || lexicon::weekday(w).is_some() && capitalised(w)
}

fn part_of(caps: &Captures<'_>) -> Option<Part> {
    caps.name("part").and_then(|m| Part::parse(m.as_str()))
}

fn two_digit_year(y: i32) -> i32 {
    if y < 100 {
        if y < 50 {
            2000 + y
        } else {
            1900 + y
        }
    } else {
        y
    }
}

// ---------------------------------------------------------------------------------------
// Handlers

fn h_iso(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let (y, m, d) = (int(caps, "y")?, int(caps, "m")?, int(caps, "d")?);
    chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    cand(
        caps,
        Kind::Date {
            y: Some(y),
            m,
            d,
            until: None,
            part: None,
        },
    )
}

fn h_slash(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let y = two_digit_year(int(caps, "y")?);
    let (m, d): (u32, u32) = (int(caps, "m")?, int(caps, "d")?);
    chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    cand(
        caps,
        Kind::Date {
            y: Some(y),
            m,
            d,
            until: None,
            part: None,
        },
    )
}

fn h_mdy(caps: &Captures<'_>, s: &str) -> Option<Candidate> {
    let m = lexicon::month_number(caps.name("mon")?.as_str())?;
    let d: u32 = int(caps, "d")?;
    if !(1..=31).contains(&d) {
        return None;
    }
    let (mut start, mut end) = whole(caps);
    let y: Option<i32> = int(caps, "y");
    // Bare "May 5" with a name before is still a date; but "No. 2" style never reaches here.
    let mut until = None;
    if let Some(d2) = int::<u32>(caps, "d2") {
        let m2 = caps
            .name("mon2")
            .and_then(|x| lexicon::month_number(x.as_str()))
            .unwrap_or(m);
        if (1..=31).contains(&d2) && (m2 != m || d2 > d) {
            until = Some((m2, d2));
        } else if y.is_none() {
            // "March 5 and 2,000 people": the number is not a day; stop after the first day.
            end = caps.name("d").map_or(end, |x| x.end());
        }
    }
    if let Some(close) = caps.name("close") {
        let opened = s.get(start..close.start()).is_some_and(|t| t.contains('('));
        if !opened {
            end = close.start();
        }
    }
    let prep = prep_of(caps);
    if caps.name("wd").is_none() && prep.is_none() {
        start = caps.name("mon").map_or(start, |x| x.start());
    }
    Some(Candidate {
        start,
        end,
        kind: Kind::Date {
            y,
            m,
            d,
            until,
            part: part_of(caps),
        },
        prep,
    })
}

/// "the week of March 6": TimeML values the whole phrase as the week holding the day.
fn h_week_of(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let m = lexicon::month_number(caps.name("mon")?.as_str())?;
    let d: u32 = int(caps, "d")?;
    if !(1..=31).contains(&d) {
        return None;
    }
    cand(
        caps,
        Kind::WeekOf {
            y: int(caps, "y"),
            m,
            d,
        },
    )
}

fn h_dmy(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let m = lexicon::month_number(caps.name("mon")?.as_str())?;
    let d: u32 = int(caps, "d")?;
    if !(1..=31).contains(&d) {
        return None;
    }
    let until = int::<u32>(caps, "d2")
        .filter(|d2| *d2 > d && *d2 <= 31)
        .map(|d2| (m, d2));
    let (start, end) = whole(caps);
    Some(Candidate {
        start,
        end,
        kind: Kind::Date {
            y: int(caps, "y"),
            m,
            d,
            until,
            part: None,
        },
        prep: prep_of(caps),
    })
}

fn h_month_range(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let m1 = lexicon::month_number(caps.name("mon")?.as_str())?;
    let m2 = lexicon::month_number(caps.name("mon2")?.as_str())?;
    cand(
        caps,
        Kind::MonthRange {
            m1,
            m2,
            y: int(caps, "y"),
        },
    )
}

fn shift_of(caps: &Captures<'_>) -> Shift {
    match word(caps, "shift").as_deref() {
        Some("last") | Some("past") => Shift::Last,
        Some("next") | Some("coming") => Shift::Next,
        Some("this") => Shift::This,
        _ => Shift::None,
    }
}

/// A day of the month right after a month name: "Oct. 23", not "October 1999" or "May 2,000".
fn day_follows(s: &str, at: usize) -> bool {
    let rest = s.get(at..).unwrap_or("").trim_start();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let after = rest.get(digits..).unwrap_or("");
    // "May 2,000 people" and "May 2.5 percent" are counts.
    let count = after.starts_with([',', '.'])
        && after
            .get(1..)
            .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()));
    (1..=2).contains(&digits) && !count
}

fn h_month(caps: &Captures<'_>, s: &str) -> Option<Candidate> {
    let mon = caps.name("mon")?;
    let m = lexicon::month_number(mon.as_str())?;
    let y: Option<i32> = int(caps, "y").or_else(|| {
        caps.name("sy")
            .and_then(|m| lexicon::spelled_year(m.as_str()))
    });
    // "June last year": the month in the year named after it.
    let year_rel = match word(caps, "yrel").as_deref() {
        Some("this") => Some(0),
        Some("last") => Some(-1),
        Some("next") => Some(1),
        _ => None,
    };
    if let Some(o) = year_rel {
        return cand(
            caps,
            Kind::Month {
                m,
                y: None,
                shift: Shift::YearOffset(o),
            },
        );
    }
    // "last Oct. 23": the day date, not "last October" followed by a number.
    if caps.name("shift").is_some() && y.is_none() && day_follows(s, caps.get(0)?.end()) {
        return None;
    }
    let lead = caps.name("mod").is_some() || caps.name("shift").is_some();
    if y.is_none() && !lead {
        let prev = prev_word(s, mon.start());
        let next = next_word(s, mon.end());
        // Names: "Theresa May", "April Ryan", "May Day".
        if name_before(s, mon.start()) {
            return None;
        }
        if next.is_some_and(|w| capitalised(w) && !is_month_or_day(w)) {
            return None;
        }
        // "the March for Life", "the March of the Mothers": a named event.
        if next.is_some_and(|w| matches!(w, "for" | "of" | "on")) {
            let after_next = s
                .get(mon.end()..)
                .and_then(|t| t.trim_start().split_once(char::is_whitespace))
                .map(|(_, rest)| rest.trim_start())
                .unwrap_or("");
            let third = after_next.split_whitespace().next().unwrap_or("");
            let third = if third == "the" {
                after_next.split_whitespace().nth(1).unwrap_or("")
            } else {
                third
            };
            if capitalised(third) && !is_month_or_day(third) {
                return None;
            }
        }
        // The modal and the verb: "May" / "March" opening a sentence before a verb.
        let word = mon.as_str();
        if (word == "May" || word == "March") && prev.is_none() {
            let verbish = next.is_some_and(|w| {
                w.chars().next().is_some_and(char::is_lowercase)
                    && !matches!(w, "and" | "to" | "through" | "until" | "or" | "of")
            });
            if verbish {
                return None;
            }
        }
        if word == "May" && next.is_some_and(|w| w == "be" || w == "have" || w == "not") {
            return None;
        }
    }
    cand(
        caps,
        Kind::Month {
            m,
            y,
            shift: shift_of(caps),
        },
    )
}

/// Units after a number that make it a count, not a year: "2000 troops".
const COUNT_NOUNS: &[&str] = &[
    "percent",
    "%",
    "people",
    "troops",
    "soldiers",
    "employees",
    "workers",
    "tons",
    "tonnes",
    "miles",
    "kilometers",
    "kilometres",
    "km",
    "meters",
    "metres",
    "feet",
    "dollars",
    "yen",
    "won",
    "euros",
    "units",
    "cars",
    "vehicles",
    "deaths",
    "cases",
    "votes",
    "shares",
    "men",
    "women",
    "children",
    "points",
    "pounds",
    "barrels",
    "rounds",
    "missiles",
    "jobs",
    "members",
    "residents",
    "prisoners",
    "hours",
    "days",
    "years",
    "times",
    "calories",
    "pages",
    "words",
];

/// "1950-53", "2018–2019". A second part of two digits up to 12 would be a month ("2011-12"
/// may be December), and a third part makes an ISO date: neither is a range of years.
fn h_year_range(caps: &Captures<'_>, s: &str) -> Option<Candidate> {
    let y1: i32 = int(caps, "y1")?;
    let y2m = caps.name("y2")?;
    let short: i32 = y2m.as_str().parse().ok()?;
    let y2 = if y2m.as_str().len() == 2 {
        if short <= 12 {
            return None;
        }
        y1 - y1 % 100 + short
    } else {
        short
    };
    let (start, end) = whole(caps);
    let before = s.get(..start).unwrap_or("");
    let after = s.get(end..).unwrap_or("");
    if before.ends_with(['$', '#', '-', '/', '.', ','])
        || after.starts_with(['-', '/', '.'])
            && after.chars().nth(1).is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    if y2 <= y1 || y2 - y1 > 100 {
        return None;
    }
    cand(caps, Kind::YearRange(y1, y2))
}

fn h_year(caps: &Captures<'_>, s: &str) -> Option<Candidate> {
    let ym = caps.name("y")?;
    let y: i32 = ym.as_str().parse().ok()?;
    let before = s.get(..ym.start()).unwrap_or("");
    // Parts of numbers, models and codes: "$1999", "No. 2023", "F-2000", "1,2000", "3.2000".
    // "mid-1996" keeps its hyphen.
    let hyphen_ok = caps.name("mod").is_some() && before.ends_with('-');
    if before.ends_with(['$', '#', '-', ',', '.', '/', '£', '€']) && !hyphen_ok {
        return None;
    }
    if before.trim_end().ends_with("No.") {
        return None;
    }
    let after = s.get(ym.end()..).unwrap_or("");
    if after.starts_with(['-', '/', '%']) && !after.starts_with("-year") || after.starts_with(",0")
    {
        return None;
    }
    if after.starts_with('.') && after.chars().nth(1).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(w) = next_word(s, ym.end()) {
        if COUNT_NOUNS.contains(&w.to_ascii_lowercase().as_str()) {
            return None;
        }
        // "(1342 GMT)", "0600 KST": a clock time of another zone.
        if is_zone(w) {
            return None;
        }
    }
    cand(caps, Kind::Year(y))
}

fn h_decade(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let d = if let Some(short) = int::<i32>(caps, "short") {
        190 + short
    } else {
        int::<i32>(caps, "cent")? * 10 + int::<i32>(caps, "dec")?
    };
    cand(caps, Kind::Decade(d))
}

const WEEKDAY_NAMES: &str = include_str!("weekday_names.txt");

/// Is `w` a word that makes a weekday part of a name on side `side` ("before"/"after")?
fn weekday_name_word(side: &str, w: &str) -> bool {
    WEEKDAY_NAMES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .any(|(s, name)| s == side && name.trim() == w)
}

fn h_weekday(caps: &Captures<'_>, s: &str) -> Option<Candidate> {
    let wdm = caps.name("wd")?;
    let wd = lexicon::weekday(wdm.as_str())?;
    let shift_word = word(caps, "shift");
    let has_lead = shift_word.is_some();
    // News puts weekdays right after names ("The World Court Friday rejected"), so only
    // the known weekday names ("Bloody Sunday", "Sunday Times") are refused.
    let after = caps.get(0).map_or(wdm.end(), |m| m.end());
    if !has_lead && prev_word(s, wdm.start()).is_some_and(|w| weekday_name_word("before", w)) {
        return None;
    }
    if caps.name("part").is_none()
        && next_word(s, after).is_some_and(|w| weekday_name_word("after", w))
    {
        return None;
    }
    let (shift, prep, keep_lead) = match shift_word.as_deref() {
        Some("last") | Some("past") => (Shift::Last, None, true),
        Some(w) if w.ends_with("previous") || w.ends_with("preceding") => {
            (Shift::Previous, None, true)
        }
        Some("next") | Some("coming") => (Shift::Next, None, true),
        Some("this") => (Shift::This, None, true),
        Some("early") | Some("late") => (Shift::None, None, true),
        Some("from") => (Shift::None, Some(Prep::From), true),
        Some("until") | Some("through") => (Shift::None, Some(Prep::Through), true),
        _ => (Shift::None, None, false),
    };
    let (mut start, end) = whole(caps);
    if !keep_lead {
        start = wdm.start();
    }
    Some(Candidate {
        start,
        end,
        kind: Kind::Weekday {
            wd,
            shift,
            part: part_of(caps),
        },
        prep,
    })
}

fn h_deictic(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let w = word(caps, "w")?;
    let mut part = part_of(caps);
    let offset = match w.as_str() {
        "today" | "this" => 0,
        "tonight" => {
            part = Some(Part::Night);
            0
        }
        "yesterday" => -1,
        "tomorrow" => 1,
        // "last night" is the night before the anchor.
        "last" => -1,
        _ => return None,
    };
    cand(
        caps,
        Kind::Relative {
            unit: Unit::Day,
            offset,
            sub: Sub::Whole,
            part,
        },
    )
}

/// "overnight", but not the adjective of "an overnight flight" (a kind of flight, no date).
fn h_overnight(caps: &Captures<'_>, s: &str) -> Option<Candidate> {
    let (start, _) = whole(caps);
    if prev_word(s, start).is_some_and(|w| matches!(w.to_ascii_lowercase().as_str(), "a" | "an")) {
        return None;
    }
    cand(caps, Kind::Overnight)
}

/// "mid-afternoon", "mid-morning yesterday": a part of the day, today unless a day is
/// named after it.
fn h_mid_part(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let offset = match word(caps, "w").as_deref() {
        Some("yesterday") => -1,
        Some("tomorrow") => 1,
        _ => 0,
    };
    cand(
        caps,
        Kind::Relative {
            unit: Unit::Day,
            offset,
            sub: Sub::Whole,
            part: part_of(caps),
        },
    )
}

fn sub_of(caps: &Captures<'_>) -> Sub {
    let m = word(caps, "mod").unwrap_or_default();
    if m.starts_with("earlier") {
        Sub::ToAnchor
    } else if m.starts_with("later") || m.starts_with("the rest") {
        Sub::FromAnchor
    } else {
        Sub::Whole
    }
}

fn h_relative(caps: &Captures<'_>, s: &str) -> Option<Candidate> {
    // ABC's "This Week", a quoted title, is a programme.
    let (start, _) = whole(caps);
    let title = caps.name("w").is_some_and(|m| capitalised(m.as_str()))
        && caps.name("u").is_some_and(|m| capitalised(m.as_str()));
    let before = s.get(..start).unwrap_or("").trim_end();
    if title
        && (before.ends_with(['"', '“', '\'']) || before.ends_with("'s") || before.ends_with("’s"))
    {
        return None;
    }
    let w = word(caps, "w")?;
    let w = w.split_whitespace().last().unwrap_or("");
    let u = word(caps, "u")?;
    let unit = Unit::parse(u.split_whitespace().last().unwrap_or(""))?;
    let offset = match w {
        "this" | "current" | "full" => 0,
        "next" | "coming" => 1,
        "last" | "latest" | "past" | "previous" => -1,
        _ => return None,
    };
    cand(
        caps,
        Kind::Relative {
            unit,
            offset,
            sub: sub_of(caps),
            part: None,
        },
    )
}

fn h_anaphoric(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let u = word(caps, "u")?;
    let part = Part::parse(&u);
    let unit = if part.is_some() {
        Unit::Day
    } else {
        Unit::parse(&u)?
    };
    let offset = match word(caps, "w").as_deref() {
        None | Some("same") => 0,
        Some("next") | Some("following") | Some("after") => 1,
        Some(_) => -1,
    };
    cand(
        caps,
        Kind::Anaphoric {
            unit,
            offset,
            part,
            counted: false,
        },
    )
}

fn h_ago(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let n = lexicon::parse_number(caps.name("n")?.as_str())?;
    let unit = Unit::parse(caps.name("u")?.as_str())?;
    let w = word(caps, "w")?;
    let n_signed = i32::try_from(n).ok()?;
    let kind = match w.as_str() {
        "ago" => Kind::Ago {
            offset: -n_signed,
            unit,
        },
        "earlier" => Kind::Anaphoric {
            unit,
            offset: -n_signed,
            part: None,
            counted: true,
        },
        "later" => Kind::Anaphoric {
            unit,
            offset: n_signed,
            part: None,
            counted: true,
        },
        // "from now", "hence".
        _ => Kind::Ago {
            offset: n_signed,
            unit,
        },
    };
    if n == 0 {
        let r = if w == "ago" || w == "earlier" {
            "PAST_REF"
        } else {
            "FUTURE_REF"
        };
        return cand(caps, Kind::Ref(r));
    }
    cand(caps, kind)
}

fn quarter_number(w: &str) -> Option<u32> {
    match w {
        "first" => Some(1),
        "second" => Some(2),
        "third" => Some(3),
        "fourth" => Some(4),
        _ => None,
    }
}

fn h_year_earlier(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let unit = Unit::parse(caps.name("u")?.as_str())?;
    let q = word(caps, "q").and_then(|w| quarter_number(&w));
    let kind = if let (Unit::Year, Some(q)) = (unit, q) {
        // "the year-earlier third quarter": that quarter of last year.
        Kind::Quarter {
            q,
            y: None,
            offset: Some(-1),
        }
    } else if unit == Unit::Year {
        Kind::YearAgo {
            period: caps.name("noun").is_some(),
        }
    } else {
        Kind::Anaphoric {
            unit,
            offset: -1,
            part: None,
            counted: true,
        }
    };
    // "the year-earlier quarter" is one expression; in "the year-ago results" the article
    // belongs to "results".
    if caps.name("the").is_some() && caps.name("noun").is_none() {
        let (_, end) = whole(caps);
        return Some(Candidate {
            start: caps.name("u").map_or(0, |m| m.start()),
            end,
            kind,
            prep: None,
        });
    }
    cand(caps, kind)
}

fn h_span(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let w = word(caps, "w")?;
    let u = caps.name("u")?.as_str();
    let unit = Unit::parse(u)?;
    let n = match caps.name("n") {
        Some(x) => Some(lexicon::parse_number(x.as_str())?),
        None => None,
    };
    let plural = u.ends_with('s');
    if n.is_none() && !plural {
        // "the next day", "the previous week" are anaphoric; "the past week" a span.
        if matches!(
            w.as_str(),
            "next" | "following" | "previous" | "preceding" | "first" | "final"
        ) {
            return None;
        }
        if unit == Unit::Quarter && matches!(w.as_str(), "last" | "latest" | "past") {
            // "the last quarter" is the previous calendar quarter, not a span.
            return cand(
                caps,
                Kind::Relative {
                    unit,
                    offset: -1,
                    sub: Sub::Whole,
                    part: None,
                },
            );
        }
    }
    let n = n.unwrap_or(if plural { 0 } else { 1 });
    if n == 0 && w != "first" && w != "final" {
        // "the past several quarters" is the past at large; "the next few days" a vague
        // duration (TimeML's readings).
        if matches!(w.as_str(), "next" | "coming" | "following") {
            return cand(caps, Kind::Duration { n: None, unit });
        }
        return cand(caps, Kind::Ref("PAST_REF"));
    }
    let kind = match w.as_str() {
        "first" | "final" => Kind::Duration {
            n: Some(n).filter(|n| *n > 0),
            unit,
        },
        "next" | "coming" | "following" => Kind::Span {
            n,
            unit,
            future: true,
        },
        _ => Kind::Span {
            n,
            unit,
            future: false,
        },
    };
    cand(caps, kind)
}

fn h_duration(caps: &Captures<'_>, s: &str) -> Option<Candidate> {
    let ntext = caps.name("n")?.as_str();
    let n = lexicon::parse_number(ntext)?;
    // "the 1988 quarter" is a year, not 1988 quarters ("2000 years" is a duration).
    let singular = caps.name("u").is_some_and(|u| !u.as_str().ends_with('s'));
    if ntext.len() == 4 && n >= 1000 && singular {
        return None;
    }
    let u = caps.name("u")?;
    let unit = Unit::parse(u.as_str())?;
    let half = caps.name("half").is_some() || caps.name("half2").is_some();
    // Ages ("a 6-year-old boy", "52 years old") are not time expressions in TimeML.
    let (mut start, end) = whole(caps);
    if word(caps, "suffix").as_deref() == Some("-old")
        || next_word(s, end).is_some_and(|w| w == "old")
        || unit == Unit::Quarter && quarter_is_a_fraction(s, end)
    {
        return None;
    }
    // "60 Minutes" is a programme; "a second time" an ordinal.
    if u.as_str().chars().next().is_some_and(char::is_uppercase) && u.start() > 0 {
        return None;
    }
    if unit == Unit::Second
        && matches!(ntext.to_ascii_lowercase().as_str(), "a" | "an")
        && next_word(s, end).is_some()
    {
        return None;
    }
    // Fractions: "three-quarters", "a quarter of".
    if unit == Unit::Quarter && u.as_str().ends_with('s') && ntext.contains('-') {
        return None;
    }
    // Rates: "twice a week", "$50,000 a year" are frequencies, not stretches of time.
    let article = matches!(ntext.to_ascii_lowercase().as_str(), "a" | "an");
    if article {
        let n_start = caps.name("n").map_or(start, |m| m.start());
        let before = s.get(..n_start).unwrap_or("").trim_end();
        let prev = prev_word(s, n_start).map(str::to_ascii_lowercase);
        let rate_word = |p: &str| {
            matches!(
                p,
                "once"
                    | "twice"
                    | "times"
                    | "thrice"
                    | "per"
                    | "million"
                    | "billion"
                    | "trillion"
                    | "thousand"
                    | "hundred"
            ) || p.len() > 3
                && p.ends_with('s')
                && !p.ends_with("ss")
                && !p.ends_with("'s")
                && !matches!(
                    p,
                    "across" | "towards" | "takes" | "lasts" | "was" | "has" | "is"
                )
        };
        if before.ends_with(|c: char| c.is_ascii_digit() || c == '%')
            || prev.is_some_and(|p| rate_word(p.as_str()))
        {
            return None;
        }
    }
    // "a day-long strike": the article belongs to the noun.
    if article && word(caps, "suffix").as_deref() == Some("-long") {
        start = u.start();
    }
    // "the nine months" keeps its article; "the two-day trip" does not.
    let plural_noun = u.as_str().ends_with('s') && !ntext.contains('-');
    if caps.name("the").is_some() && !plural_noun {
        start = caps.name("n").map_or(start, |m| m.start());
    }
    let kind = if half && n > 0 {
        Kind::HalfDuration { n, unit }
    } else {
        Kind::Duration {
            n: Some(n).filter(|n| *n > 0),
            unit,
        }
    };
    Some(Candidate {
        start,
        end,
        kind,
        prep: None,
    })
}

/// "nineteen ninety-six", "the year two thousand". A bare "two thousand" or "nineteen
/// hundred" is a count unless nothing noun-like follows it ("by two thousand." but not
/// "two thousand troops").
fn h_spelled_year(caps: &Captures<'_>, s: &str) -> Option<Candidate> {
    let sy = caps.name("sy")?;
    let y = lexicon::spelled_year(sy.as_str())?;
    if caps.name("the").is_none() {
        let (_, end) = whole(caps);
        let next = next_word(s, end).map(str::to_ascii_lowercase);
        let countish = next.as_deref().is_some_and(|w| {
            COUNT_NOUNS.contains(&w)
                || !matches!(
                    w,
                    "and"
                        | "or"
                        | "but"
                        | "when"
                        | "as"
                        | "to"
                        | "the"
                        | "in"
                        | "on"
                        | "at"
                        | "after"
                        | "before"
                        | "until"
                        | "was"
                        | "were"
                        | "is"
                        | "will"
                )
        });
        let lower = sy.as_str().to_ascii_lowercase();
        let ambiguous = lower.starts_with("two") || lower.ends_with("hundred");
        if countish && (ambiguous || next.as_deref().is_some_and(|w| COUNT_NOUNS.contains(&w))) {
            return None;
        }
    }
    cand(caps, Kind::Year(y))
}

/// "for the year", "earlier in the year": the year under way; "the year ended Sept. 30":
/// a year-long stretch (TimeML's reading of a fiscal year). A bare "the year" as a subject
/// is left alone.
fn h_the_year(caps: &Captures<'_>, s: &str) -> Option<Candidate> {
    let y = caps.name("y")?;
    let after = s.get(y.end()..).unwrap_or("");
    if after.starts_with(['-', '\'', '’']) {
        return None;
    }
    let next = next_word(s, y.end()).map(str::to_ascii_lowercase);
    match next.as_deref() {
        Some("ended" | "ending") => {
            return Some(Candidate {
                start: y.start(),
                end: y.end(),
                kind: Kind::Duration {
                    n: Some(1),
                    unit: Unit::Year,
                },
                prep: None,
            })
        }
        Some("before" | "after" | "earlier" | "later" | "ago" | "when" | "in" | "that") => {
            return None
        }
        _ => {}
    }
    if next_word(s, y.end()).is_some_and(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit())) {
        return None;
    }
    let start = if caps.name("mod").is_some() {
        whole(caps).0
    } else if caps.name("lead").is_some() {
        y.start()
    } else {
        return None;
    };
    Some(Candidate {
        start,
        end: y.end(),
        kind: Kind::Relative {
            unit: Unit::Year,
            offset: 0,
            sub: sub_of(caps),
            part: None,
        },
        prep: None,
    })
}

/// "a day-long strike", "decades-long conflict": a duration adjective without a number.
fn h_long(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let u = caps.name("u")?.as_str();
    let unit = Unit::parse(u)?;
    let n = if u.ends_with('s') { None } else { Some(1) };
    cand(caps, Kind::Duration { n, unit })
}

/// "the nineties", "the late eighties": decades in words (TIMEX3 "199").
fn h_decade_word(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let d = match word(caps, "d")?.as_str() {
        "twenties" => 2,
        "thirties" => 3,
        "forties" => 4,
        "fifties" => 5,
        "sixties" => 6,
        "seventies" => 7,
        "eighties" => 8,
        _ => 9,
    };
    cand(caps, Kind::Decade(190 + d))
}

fn h_bare_units(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let u = caps.name("u")?;
    let unit = Unit::parse(u.as_str())?;
    Some(Candidate {
        start: u.start(),
        end: u.end(),
        kind: Kind::Duration { n: None, unit },
        prep: None,
    })
}

fn h_recent_units(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let unit = Unit::parse(caps.name("u")?.as_str())?;
    if matches!(word(caps, "w").as_deref(), Some("coming") | Some("future")) {
        // "in the coming weeks": an unmeasured stretch ahead; the article stays outside.
        return cand(caps, Kind::Duration { n: None, unit });
    }
    // TimeML reads "recent years" as the past at large, shorter units as a vague duration.
    if unit == Unit::Year {
        return cand(caps, Kind::Ref("PAST_REF"));
    }
    cand(caps, Kind::Duration { n: None, unit })
}

fn h_quarter(caps: &Captures<'_>, s: &str) -> Option<Candidate> {
    let q = match word(caps, "q")?.as_str() {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        _ => return None,
    };
    let offset = match word(caps, "rel").as_deref() {
        Some("this") => Some(0),
        Some("last") => Some(-1),
        Some("next") => Some(1),
        _ => None,
    };
    let (mut start, end) = whole(caps);
    // "the third-quarter loss": the article belongs to the noun, not the adjective.
    let text = s.get(start..end).unwrap_or("");
    if text.contains("-quarter") || text.contains("-Quarter") {
        start = caps.name("q").map_or(start, |m| m.start());
    }
    Some(Candidate {
        start,
        end,
        kind: Kind::Quarter {
            q,
            y: int(caps, "y"),
            offset,
        },
        prep: None,
    })
}

fn h_q_or_half(caps: &Captures<'_>, s: &str) -> Option<Candidate> {
    if let Some(w) = word(caps, "w") {
        let h = if w == "first" { 1 } else { 2 };
        let y = int(caps, "y2");
        // "the first half of next month" halves a month, not the year.
        let rest = s.get(whole(caps).1..).unwrap_or("").to_ascii_lowercase();
        let of_month = rest.trim_start().strip_prefix("of ").is_some_and(|r| {
            let mut words = r.split_whitespace();
            matches!(
                words.next(),
                Some("next" | "last" | "this" | "the" | "that")
            ) && words.next().is_some_and(|u| u.starts_with("month"))
        });
        if of_month {
            return None;
        }
        // "the last half of the '80s" is no half-year; "the last half of 1989" is.
        if w == "last" && y.is_none() {
            return None;
        }
        let (start, _) = whole(caps);
        let end = caps
            .name("y2")
            .map(|m| m.end())
            .or_else(|| caps.name("w").map(|_| whole(caps).0))
            .unwrap_or(start);
        // Recompute the end: the half phrase without any trailing capture.
        let text = caps.get(0).map_or("", |m| m.as_str());
        let half_end = text
            .to_ascii_lowercase()
            .find("half")
            .map(|i| start + i + 4)
            .unwrap_or(end);
        return Some(Candidate {
            start,
            end: end.max(half_end),
            kind: Kind::Half { h, y },
            prep: None,
        });
    }
    let q: u32 = int(caps, "q")?;
    cand(
        caps,
        Kind::Quarter {
            q,
            y: int(caps, "y"),
            offset: None,
        },
    )
}

fn h_season(caps: &Captures<'_>, s: &str) -> Option<Candidate> {
    let season = match word(caps, "s")?.as_str() {
        "summer" => Season::Summer,
        "winter" => Season::Winter,
        "spring" => Season::Spring,
        _ => Season::Fall,
    };
    let y: Option<i32> = int(caps, "y").or_else(|| {
        caps.name("sy")
            .and_then(|m| lexicon::spelled_year(m.as_str()))
    });
    // "the early summer": the determiner sits before the modifier.
    let shift_word = word(caps, "shift").or_else(|| word(caps, "the"));
    // "the fall of Kabul", "Arab Spring": only with a determiner and not "of" after, or a year.
    if y.is_none() {
        match shift_word.as_deref() {
            None => return None,
            Some("the") => {
                let end = caps.get(0).map_or(0, |m| m.end());
                if next_word(s, end).is_some_and(|w| w == "of") {
                    return None;
                }
            }
            _ => {}
        }
    }
    cand(
        caps,
        Kind::Season {
            s: season,
            y,
            shift: shift_of(caps),
        },
    )
}

fn h_weekend(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let w = caps.name("w")?;
    let text = caps.get(0).map_or("", |m| m.as_str()).to_ascii_lowercase();
    let start = caps.get(0).map_or(0, |m| m.start());
    // Keep "this/next/last weekend" for h_relative; here the bare "the weekend".
    let offset = text.find("the ").map(|i| start + i).unwrap_or(w.start());
    Some(Candidate {
        start: offset,
        end: w.end(),
        kind: Kind::Weekend,
        prep: None,
    })
}

fn h_ref(caps: &Captures<'_>, s: &str) -> Option<Candidate> {
    let w = word(caps, "w")?;
    let (start, end) = whole(caps);
    let value = match w.as_str() {
        "now" | "currently" | "nowadays" | "presently" | "at present" | "these days"
        | "the present" | "current" => "PRESENT_REF",
        w if w.contains("future")
            || w.contains("term")
            || w.contains("later")
            || w.contains("soon") =>
        {
            "FUTURE_REF"
        }
        _ => "PAST_REF",
    };
    // "current" is an adjective: a time reference only before its noun.
    if w == "current" && next_word(s, end).is_none() {
        return None;
    }
    Some(Candidate {
        start,
        end,
        kind: Kind::Ref(value),
        prep: None,
    })
}

/// "the end of the year", "year-end": the unit containing the anchor.
fn h_period_end(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let unit = match caps.name("u") {
        Some(u) => Unit::parse(u.as_str())?,
        None => Unit::Year,
    };
    cand(
        caps,
        Kind::Relative {
            unit,
            offset: 0,
            sub: Sub::Whole,
            part: None,
        },
    )
}

/// "the 20th century" (TIMEX3 "19").
fn h_century(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let c: i32 = int(caps, "c")?;
    if !(1..=22).contains(&c) {
        return None;
    }
    cand(caps, Kind::Century(c - 1))
}

fn h_the_quarter(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    cand(
        caps,
        Kind::TheQuarter {
            y: None,
            offset: None,
            period: false,
        },
    )
}

/// "the quarter a year ago", "the same period last year": the reported period, a year back.
fn h_period_a_year_back(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    cand(
        caps,
        Kind::TheQuarter {
            y: None,
            offset: Some(-1),
            period: true,
        },
    )
}

/// "the 1988 third quarter", "this year's third quarter", "the 1989 period".
fn h_year_quarter(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let y: Option<i32> = int(caps, "y");
    let offset = match word(caps, "rel").as_deref() {
        Some("this") => Some(0),
        Some("last") => Some(-1),
        Some("next") => Some(1),
        _ => None,
    };
    let q = match word(caps, "q").as_deref() {
        Some("first") => Some(1),
        Some("second") => Some(2),
        Some("third") => Some(3),
        Some("fourth") => Some(4),
        _ => None,
    };
    match q {
        Some(q) => cand(caps, Kind::Quarter { q, y, offset }),
        None => cand(
            caps,
            Kind::TheQuarter {
                y,
                offset,
                period: word(caps, "noun").as_deref() == Some("period"),
            },
        ),
    }
}

fn h_holiday(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let w = word(caps, "w")?;
    let h = if w.contains("eve") && w.starts_with("christmas") {
        Holiday::ChristmasEve
    } else if w.starts_with("christmas") {
        Holiday::Christmas
    } else if w.contains("eve") {
        Holiday::NewYearsEve
    } else if w.starts_with("new") {
        Holiday::NewYear
    } else if w.starts_with("thanksgiving") {
        Holiday::Thanksgiving
    } else if w.starts_with("election") {
        Holiday::ElectionDay
    } else {
        Holiday::July4
    };
    cand(caps, Kind::Holiday(h))
}

fn h_clock(caps: &Captures<'_>, s: &str) -> Option<Candidate> {
    let wd = caps.name("wd").and_then(|m| lexicon::weekday(m.as_str()));
    let date = match (caps.name("cmon"), int::<u32>(caps, "cd")) {
        (Some(m), Some(d)) if (1..=31).contains(&d) => {
            Some((lexicon::month_number(m.as_str())?, d))
        }
        _ => None,
    };
    if let Some(w) = word(caps, "w") {
        // "High Noon" is a film.
        if name_before(s, whole(caps).0) {
            return None;
        }
        let h = if w == "midnight" { 0 } else { 12 };
        return cand(
            caps,
            Kind::Clock {
                h,
                min: 0,
                wd,
                date,
            },
        );
    }
    let mut h: u32 = int(caps, "h")?;
    let min: u32 = int(caps, "min").unwrap_or(0);
    if h > 24 || min > 59 {
        return None;
    }
    match word(caps, "ap").as_deref().map(|a| a.replace('.', "")) {
        Some(a) if a == "pm" && h < 12 => h += 12,
        Some(a) if a == "am" && h == 12 => h = 0,
        _ => {}
    }
    // "4 in the morning", "9 in the evening", "11 at night".
    match word(caps, "pod").as_deref() {
        Some(p) if p.ends_with("morning") => {
            if h > 12 {
                return None;
            }
            h %= 12;
        }
        Some(_) if (1..12).contains(&h) => h += 12,
        Some(_) if h > 12 => return None,
        _ => {}
    }
    cand(caps, Kind::Clock { h, min, wd, date })
}

fn h_set(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    if let Some(w) = word(caps, "w") {
        let v = match w.as_str() {
            "annually" | "yearly" => "P1Y",
            "weekly" => "P1W",
            "daily" | "nightly" => "P1D",
            "monthly" => "P1M",
            "quarterly" => "P1Q",
            _ => "PT1H",
        };
        return cand(caps, Kind::Set(v.to_string()));
    }
    let u = caps.name("u")?.as_str();
    if let Some(wd) = lexicon::weekday(u).filter(|_| capitalised(u)) {
        let n = wd.number_from_monday();
        return cand(caps, Kind::Set(format!("XXXX-WXX-{n}")));
    }
    // "each July": that month of every year.
    if let Some(m) = lexicon::month_number(u).filter(|_| capitalised(u) && u.len() >= 3) {
        return cand(caps, Kind::Set(format!("XXXX-{m:02}")));
    }
    let unit = Unit::parse(u)?;
    let n = match caps.name("n") {
        Some(x) => lexicon::parse_number(x.as_str()),
        None => Some(1),
    };
    cand(caps, Kind::Set(unit.duration(n)))
}

/// "on Sundays", "Tuesday nights": a weekday in the plural recurs every week.
fn h_weekday_set(caps: &Captures<'_>, _: &str) -> Option<Candidate> {
    let name = caps.name("wds").or_else(|| caps.name("wd"))?.as_str();
    let n = lexicon::weekday(name)?.number_from_monday();
    let part = caps
        .name("part")
        .and_then(|p| Part::parse(p.as_str().trim_end_matches('s')))
        .map_or("", Part::suffix);
    cand(caps, Kind::Set(format!("XXXX-WXX-{n}{part}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(String, Kind)> {
        select(candidates(s))
            .into_iter()
            .map(|c| (s[c.start..c.end].to_string(), c.kind))
            .collect()
    }

    #[test]
    fn every_rule_compiles() {
        assert_eq!(rules().len(), 48);
    }

    #[test]
    fn modal_may_is_not_a_month() {
        assert!(kinds("May the talks resume soon?")
            .iter()
            .all(|(_, k)| !matches!(k, Kind::Month { .. })));
        assert!(kinds("The North may test a missile.").is_empty());
        assert!(kinds("Prime Minister Theresa May said so.").is_empty());
    }

    #[test]
    fn month_names_after_prepositions_are_months() {
        let k = kinds("The US in August hosted the leaders.");
        assert_eq!(k.len(), 1);
        assert!(matches!(k[0].1, Kind::Month { m: 8, y: None, .. }));
    }

    #[test]
    fn numbers_that_are_not_years_are_not_tagged() {
        for s in [
            "It deployed its B-52H and F-22 Raptor.",
            "a Boeing 747 landed",
            "No. 2 official",
            "about 2000 troops crossed",
            "It sent 200 fighters.",
        ] {
            assert!(
                kinds(s)
                    .iter()
                    .all(|(_, k)| !matches!(k, Kind::Year(_) | Kind::Date { .. })),
                "{s}: {:?}",
                kinds(s)
            );
        }
    }

    #[test]
    fn the_denominator_of_a_fraction_is_no_count() {
        let k = kinds("He left 2 1/2 years ago.");
        assert!(k.iter().all(|(t, _)| !t.starts_with("2 years")), "{k:?}");
        assert!(k.iter().any(|(t, _)| t.starts_with("2 1/2 years")), "{k:?}");
    }

    #[test]
    fn weekday_in_a_name_is_not_a_date() {
        assert!(kinds("He read the Sunday Times.").is_empty());
        assert!(kinds("They marked Bloody Sunday.").is_empty());
    }

    #[test]
    fn explicit_date_styles_parse() {
        for (s, m, d) in [
            ("Oct. 20, 2023", 10, 20),
            ("20 October 2023", 10, 20),
            ("2023-10-20", 10, 20),
            ("10/20/2023", 10, 20),
            ("on Sept. 3", 9, 3),
            ("April 28, 2017", 4, 28),
        ] {
            let k = kinds(s);
            assert_eq!(k.len(), 1, "{s}");
            assert!(
                matches!(k[0].1, Kind::Date { m: mm, d: dd, .. } if mm == m && dd == d),
                "{s}: {:?}",
                k
            );
        }
    }

    #[test]
    fn weekday_with_parenthesised_date_is_one_expression() {
        let k = kinds("The summit took place Tuesday (June 12) in Singapore.");
        assert_eq!(k.len(), 1);
        assert_eq!(k[0].0, "Tuesday (June 12)");
    }
}
