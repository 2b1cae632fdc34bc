//! Word lists the temporal grammar is built from: month and weekday names, number words,
//! units, seasons, and the tense marker lists (kept in data files beside this module so
//! they can be extended without touching the rules).

use std::collections::HashMap;
use std::sync::OnceLock;

const NUMBERS: &str = include_str!("numbers.tsv");
const PAST_VERBS: &str = include_str!("past_verbs.txt");
const FUTURE_MARKERS: &str = include_str!("future_markers.txt");
const PRESENT_VERBS: &str = include_str!("present_verbs.txt");

/// Lines of a data file without comments and blanks.
fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Number words ("two" → 2; "several" → 0, an unknown quantity).
pub fn number_words() -> &'static HashMap<&'static str, u32> {
    static MAP: OnceLock<HashMap<&'static str, u32>> = OnceLock::new();
    MAP.get_or_init(|| {
        data_lines(NUMBERS)
            .filter_map(|l| {
                let (w, v) = l.split_once('\t')?;
                Some((w.trim(), v.trim().parse().ok()?))
            })
            .collect()
    })
}

/// Irregular past forms ("said", "met", "held").
pub fn past_verbs() -> &'static std::collections::HashSet<&'static str> {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| data_lines(PAST_VERBS).collect())
}

/// Present-tense news verbs ("meets", "heads").
pub fn present_verbs() -> &'static std::collections::HashSet<&'static str> {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| data_lines(PRESENT_VERBS).collect())
}

/// Future phrases split into words, longest first so "is expected to" wins over
/// "expected to".
pub fn future_markers() -> &'static [Vec<&'static str>] {
    static LIST: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut v: Vec<Vec<&'static str>> = data_lines(FUTURE_MARKERS)
            .map(|l| l.split_whitespace().collect())
            .collect();
        v.sort_by_key(|p| std::cmp::Reverse(p.len()));
        v
    })
}

/// Regex alternation of every number word but the articles, longest first.
pub fn number_alternation() -> String {
    let mut words: Vec<&str> = number_words()
        .keys()
        .copied()
        .filter(|w| *w != "a" && *w != "an")
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.join("|")
}

/// Value of a written quantity: "3", "two", "twenty-four", "a couple of", "several" (0).
pub fn parse_number(text: &str) -> Option<u32> {
    let t = text.trim().to_ascii_lowercase();
    if let Ok(n) = t.parse::<u32>() {
        return Some(n);
    }
    let words: Vec<&str> = t
        .split(|c: char| c == '-' || c.is_whitespace())
        .filter(|w| !w.is_empty() && *w != "of" && *w != "and")
        .collect();
    // "a couple of", "a dozen": the article only counts when it stands alone ("a day").
    let counted: Vec<&str> = if words.len() > 1 {
        words
            .into_iter()
            .filter(|w| *w != "a" && *w != "an")
            .collect()
    } else {
        words
    };
    let mut total = 0u32;
    for w in &counted {
        let v = *number_words().get(w)?;
        if v == 0 {
            return Some(0);
        }
        if v == 100 {
            total = total.max(1).saturating_mul(100);
        } else {
            total = total.saturating_add(v);
        }
    }
    (!counted.is_empty()).then_some(total)
}

/// A year written in words, as broadcast transcripts write them: "nineteen ninety-six",
/// "nineteen oh five", "nineteen hundred", "two thousand", "two thousand and one".
pub const SPELLED_YEAR_RE: &str = r"(?i:(?:eighteen|nineteen)[\s-]+(?:hundred|oh[\s-]+(?:one|two|three|four|five|six|seven|eight|nine)|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?)|two[\s-]+thousand(?:(?:\s+and)?[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?))?)";

/// Value of a year written in words ("nineteen ninety-six" = 1996, "two thousand and
/// one" = 2001); `None` for anything else.
pub fn spelled_year(text: &str) -> Option<i32> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && *w != "and")
        .collect();
    let tail = |rest: &[&str]| -> Option<i32> {
        let n = parse_number(&rest.join(" "))?;
        (n < 100).then_some(n as i32)
    };
    match words.as_slice() {
        ["two", "thousand"] => Some(2000),
        ["two", "thousand", rest @ ..] => Some(2000 + tail(rest)?),
        [c, rest @ ..] if !rest.is_empty() => {
            let century = match *c {
                "eighteen" => 18,
                "nineteen" => 19,
                _ => return None,
            };
            let t = match rest {
                ["hundred"] => 0,
                ["oh", d] => tail(&[d])?,
                _ => tail(rest)?,
            };
            Some(century * 100 + t)
        }
        _ => None,
    }
}

/// Month number of a month name or abbreviation ("Sept.", "October").
pub fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    let key = n.get(..3)?;
    let m = match key {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// Weekday of a weekday name ("Thursday", "Thurs.").
pub fn weekday(name: &str) -> Option<chrono::Weekday> {
    use chrono::Weekday::*;
    let n = name.to_ascii_lowercase();
    let key = n.get(..3)?;
    Some(match key {
        "mon" => Mon,
        "tue" => Tue,
        "wed" => Wed,
        "thu" => Thu,
        "fri" => Fri,
        "sat" => Sat,
        "sun" => Sun,
        _ => return None,
    })
}

/// Regex for month names as written in news (capitalised: lower-case "may" and "march" are
/// verbs). Abbreviations need their period except "Sept".
pub const MONTH_RE: &str = r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December|JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|Sept|SEPT)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|JAN|FEB|MAR|APR|AUG|SEPT?|OCT|NOV|DEC)\.)";

/// Month names before a day number, where the digits make even a bare abbreviation safe
/// ("Oct 20", "Sept 3").
pub const MONTH_DAY_RE: &str = r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December|JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|JAN|FEB|MAR|APR|AUG|SEPT?|OCT|NOV|DEC)(?:\.|\b))";

/// Regex for weekday names (capitalised, full or common abbreviations with a period).
pub const WEEKDAY_RE: &str = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.)";

/// Calendar units a duration or relative expression can count in.
pub const UNIT_RE: &str = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?|decades?|centur(?:y|ies))";

/// Time units, normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    pub fn parse(word: &str) -> Option<Unit> {
        let w = word.to_ascii_lowercase();
        let w = w.trim_end_matches('s');
        Some(match w {
            "second" => Unit::Second,
            "minute" => Unit::Minute,
            "hour" => Unit::Hour,
            "day" | "night" => Unit::Day,
            "week" => Unit::Week,
            "weekend" => Unit::Weekend,
            "fortnight" => Unit::Week,
            "month" => Unit::Month,
            "quarter" => Unit::Quarter,
            "year" => Unit::Year,
            "decade" => Unit::Decade,
            "century" | "centurie" => Unit::Century,
            _ => return None,
        })
    }

    /// Duration of `n` and a half units ("2 1/2 years" = P2Y6M, "a minute and a half" =
    /// PT1M30S): the half in the next smaller unit where TimeML writes it so, else a
    /// decimal fraction.
    pub fn half_duration(self, n: u32) -> String {
        match self {
            Unit::Second => format!("PT{n}.5S"),
            Unit::Minute => format!("PT{n}M30S"),
            Unit::Hour => format!("PT{n}H30M"),
            Unit::Day => format!("P{n}DT12H"),
            Unit::Week | Unit::Weekend => format!("P{n}.5W"),
            Unit::Month => format!("P{n}.5M"),
            Unit::Quarter => format!("P{n}.5Q"),
            Unit::Year => format!("P{n}Y6M"),
            Unit::Decade => format!("P{}Y", u64::from(n) * 10 + 5),
            Unit::Century => format!("P{}Y", u64::from(n) * 100 + 50),
        }
    }

    /// ISO 8601 duration designator, with the `T` for time units.
    pub fn duration(self, n: Option<u32>) -> String {
        let q = match n {
            Some(n) if n > 0 => n.to_string(),
            _ => "X".to_string(),
        };
        match self {
            Unit::Second => format!("PT{q}S"),
            Unit::Minute => format!("PT{q}M"),
            Unit::Hour => format!("PT{q}H"),
            Unit::Day => format!("P{q}D"),
            Unit::Week => format!("P{q}W"),
            Unit::Weekend => format!("P{q}WE"),
            Unit::Month => format!("P{q}M"),
            Unit::Quarter => format!("P{q}Q"),
            Unit::Year => format!("P{q}Y"),
            // TimeML writes decades and centuries in years ("two decades" = P20Y).
            Unit::Decade => match n {
                Some(n) if n > 0 => format!("P{}Y", n.saturating_mul(10)),
                _ => "PXDE".to_string(),
            },
            Unit::Century => match n {
                Some(n) if n > 0 => format!("P{}Y", n.saturating_mul(100)),
                _ => "PXCE".to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words_cover_compounds_and_vague_quantities() {
        assert_eq!(parse_number("two"), Some(2));
        assert_eq!(parse_number("twenty-four"), Some(24));
        assert_eq!(parse_number("twenty four"), Some(24));
        assert_eq!(parse_number("11"), Some(11));
        assert_eq!(parse_number("several"), Some(0));
        assert_eq!(parse_number("a couple of"), Some(2));
        assert_eq!(parse_number("fighters"), None);
        // Absurd quantities saturate instead of overflowing.
        assert_eq!(
            parse_number("hundred hundred hundred hundred hundred"),
            Some(u32::MAX)
        );
    }

    #[test]
    fn spelled_years_read_as_broadcast_transcripts_write_them() {
        assert_eq!(spelled_year("nineteen ninety-six"), Some(1996));
        assert_eq!(spelled_year("Nineteen ninety seven"), Some(1997));
        assert_eq!(spelled_year("nineteen oh five"), Some(1905));
        assert_eq!(spelled_year("nineteen hundred"), Some(1900));
        assert_eq!(spelled_year("two thousand"), Some(2000));
        assert_eq!(spelled_year("two thousand and one"), Some(2001));
        assert_eq!(spelled_year("two thousand twenty-three"), Some(2023));
        assert_eq!(spelled_year("ninety-six"), None);
    }

    #[test]
    fn half_durations_carry_the_half_in_a_smaller_unit() {
        assert_eq!(Unit::Year.half_duration(2), "P2Y6M");
        assert_eq!(Unit::Hour.half_duration(5), "PT5H30M");
        assert_eq!(Unit::Minute.half_duration(1), "PT1M30S");
    }

    #[test]
    fn month_abbreviations_resolve_with_or_without_period() {
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("Oct."), Some(10));
        assert_eq!(month_number("August"), Some(8));
        assert_eq!(month_number("X"), None);
    }

    #[test]
    fn duration_values_use_iso_designators() {
        assert_eq!(Unit::Day.duration(Some(2)), "P2D");
        assert_eq!(Unit::Hour.duration(Some(5)), "PT5H");
        assert_eq!(Unit::Year.duration(None), "PXY");
    }
}
