//! Publication dates as news pages print them: header values ("2024-09-05T10:00:00Z",
//! "Sept. 5, 2024", "5 September 2024"), page date lines ("Published : Oct. 20, 2023 -
//! 16:12"), body datelines ("SEOUL, Oct. 19 (Yonhap) --") and the dates hidden in URLs and
//! copyright lines that give a yearless dateline its year. Nothing here reads the clock: a
//! date is found in the text or not at all.

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

/// Month names and their abbreviations, as one alternation (case-insensitive by the caller).
const MONTH: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = lower.get(..3)?;
    months
        .iter()
        .position(|m| *m == prefix)
        .and_then(|i| u32::try_from(i + 1).ok())
}

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:T|\b)").expect("valid ISO date regex")
});
static MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(\d{{4}})\b"
    ))
    .expect("valid month-day-year regex")
});
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\.?,?\s+(\d{{4}})\b"
    ))
    .expect("valid day-month-year regex")
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b").expect("valid numeric date regex")
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(\d{1,2}):(\d{2})(?::\d{2})?(?:\.\d+)?",
        r"(?:\s?[AaPp]\.?\s?[Mm]\b\.?)?",
        r"(\s*\(?(?:Z\b|[+-]\d{2}:?\d{2}\b|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?|[A-Z]{1,4}T\b)\)?)?"
    ))
    .expect("valid time regex")
});

/// A full date found in a string, with the byte span of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    pub start: usize,
    pub end: usize,
}

fn ymd(y: &str, m: u32, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m, d.parse().ok()?)
}

/// Every full (day, month, year) date in `text`, in order. Numeric dates such as
/// "05/09/2024" whose day and month could be swapped are skipped rather than guessed.
pub fn all_dates(text: &str) -> Vec<FoundDate> {
    let mut found = Vec::new();
    let mut push = |m: regex::Match<'_>, date: Option<NaiveDate>| {
        if let Some(date) = date {
            found.push(FoundDate {
                date,
                start: m.start(),
                end: m.end(),
            });
        }
    };
    for c in ISO.captures_iter(text) {
        let (Some(all), Some(y), Some(mo), Some(d)) = (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        let date = mo
            .as_str()
            .parse()
            .ok()
            .and_then(|m| ymd(y.as_str(), m, d.as_str()));
        push(all, date);
    }
    for c in MDY.captures_iter(text) {
        let (Some(all), Some(mo), Some(d), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        let date = month_number(mo.as_str()).and_then(|m| ymd(y.as_str(), m, d.as_str()));
        push(all, date);
    }
    for c in DMY.captures_iter(text) {
        let (Some(all), Some(d), Some(mo), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        let date = month_number(mo.as_str()).and_then(|m| ymd(y.as_str(), m, d.as_str()));
        push(all, date);
    }
    for c in NUMERIC.captures_iter(text) {
        let (Some(all), Some(a), Some(b), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        let (Ok(a), Ok(b)) = (a.as_str().parse::<u32>(), b.as_str().parse::<u32>()) else {
            continue;
        };
        // Read a numeric date only when one order is impossible (no month above 12);
        // equal numbers read the same either way. Otherwise guessing would be a coin toss.
        let (month, day) = if a == b || (a <= 12 && b > 12) {
            (a, b)
        } else if b <= 12 && a > 12 {
            (b, a)
        } else {
            continue;
        };
        push(all, ymd(y.as_str(), month, &day.to_string()));
    }
    // An ISO match inside a longer one (or overlapping patterns) keeps the earliest, longest.
    found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut out: Vec<FoundDate> = Vec::new();
    for f in found {
        if out.last().is_none_or(|last| f.start >= last.end) {
            out.push(f);
        }
    }
    out
}

/// The first full date in `text`.
pub fn find_date(text: &str) -> Option<FoundDate> {
    all_dates(text).into_iter().next()
}

/// A time of day as printed ("16:12", "4:12 p.m. EDT", "10:00:00Z") and its byte span.
pub fn find_time(text: &str, skip: Option<(usize, usize)>) -> Option<(String, usize, usize)> {
    TIME.captures_iter(text).find_map(|c| {
        let all = c.get(0)?;
        if skip.is_some_and(|(s, e)| all.start() < e && all.end() > s) {
            return None;
        }
        // "2023-10-20 116:12" is no time; neither is a part of a longer number.
        let before = text.get(..all.start())?.chars().last();
        if before.is_some_and(|ch| ch.is_ascii_digit() || ch == ':') {
            return None;
        }
        let hour: u32 = c.get(1)?.as_str().parse().ok()?;
        let minute: u32 = c.get(2)?.as_str().parse().ok()?;
        if hour > 24 || minute > 59 {
            return None;
        }
        let zone_raw = c.get(3).map_or("", |z| z.as_str());
        let zone = zone_raw
            .trim()
            .trim_start_matches('(')
            .trim_end_matches(')');
        let clock_end = all.end() - zone_raw.len();
        let clock = text.get(all.start()..clock_end)?.trim();
        let printed = if zone.is_empty() {
            clock.to_string()
        } else if zone_raw.starts_with(char::is_whitespace) || zone_raw.starts_with('(') {
            format!("{clock} {zone}")
        } else {
            format!("{clock}{zone}")
        };
        Some((printed, all.start(), all.end()))
    })
}

/// Parse a metadata value that should be a date ("Published:" header, JSON `published`):
/// the date and the time of day if one is printed. The error names the value.
pub fn parse_date_value(value: &str) -> Result<(NaiveDate, Option<String>), String> {
    let value = value.trim();
    match find_date(value) {
        Some(found) => {
            let time = find_time(value, Some((found.start, found.end))).map(|t| t.0);
            Ok((found.date, time))
        }
        None if NUMERIC.is_match(value) => Err(format!(
            "ambiguous date '{value}' (day and month could be swapped); write it as YYYY-MM-DD"
        )),
        None => Err(format!(
            "cannot read date '{value}'; use a date like 2024-09-05 or 'Sept. 5, 2024'"
        )),
    }
}

/// Which page date a line states: publication beats update as the article's anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateLineKind {
    Published,
    Updated,
}

/// A page's date line ("Published : Oct. 20, 2023 - 16:12", "Oct. 20, 2023 16:12 KST").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateLine {
    pub kind: DateLineKind,
    /// `None` for a keyword line without a readable date ("Updated 3 hours ago").
    pub date: Option<NaiveDate>,
    pub time: Option<String>,
}

static DATE_KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(first\s+published|last\s+updated|last\s+modified|published|posted|updated|",
        r"modified|created|released|issued|date)\b\s*(?:on|at)?\s*[:：|-]?\s*"
    ))
    .expect("valid date keyword regex")
});

/// Words that may stand beside a date on a line that is only a date ("Friday, Oct. 20,
/// 2023, 4:12 p.m. ET").
#[rustfmt::skip]
const DATE_LINE_WORDS: &[&str] = &[
    "at", "on", "am", "pm", "a", "m", "p", "local", "time", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur",
    "thurs", "fri", "sat", "sun", "updated", "published", "posted", "ago", "hour", "hours",
    "minute", "minutes", "min", "mins", "day", "days",
];

/// Copying some pages glues the year to the time that follows it ("October 19, 20233:12 AM").
static GLUED_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:19|20)\d{2})(\d{1,2}:\d{2})").expect("valid glued time regex")
});

/// Recognise a page date line. Lines longer than a date line can be are not looked at.
pub fn date_line(line: &str) -> Option<DateLine> {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > 120 {
        return None;
    }
    let unglued = GLUED_TIME.replace_all(line, "$1 $2");
    let line = unglued.as_ref();
    if let Some(keyword) = DATE_KEYWORD.captures(line) {
        let word = keyword.get(1)?.as_str().to_ascii_lowercase();
        let kind = if word.contains("updated") || word.contains("modified") {
            DateLineKind::Updated
        } else {
            DateLineKind::Published
        };
        let rest = line.get(keyword.get(0)?.end()..)?;
        // "Date" alone is too common a word to call a line metadata without a date.
        let found = find_date(rest);
        if found.is_none() && word == "date" {
            return None;
        }
        let time = find_time(rest, found.map(|f| (f.start, f.end))).map(|t| t.0);
        return Some(DateLine {
            kind,
            date: found.map(|f| f.date),
            time,
        });
    }
    let found = find_date(line)?;
    let time = find_time(line, Some((found.start, found.end)));
    let mut leftover = String::with_capacity(line.len());
    for (i, ch) in line.char_indices() {
        let in_date = i >= found.start && i < found.end;
        let in_time = time.as_ref().is_some_and(|t| i >= t.1 && i < t.2);
        leftover.push(if in_date || in_time { ' ' } else { ch });
    }
    let only_date = leftover
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            DATE_LINE_WORDS.contains(&w.to_lowercase().as_str())
                // Time zones ("KST", "GMT"), and small counts ("2 hours ago", "GMT+9").
                || (w.len() <= 5 && w.chars().all(|c| c.is_ascii_uppercase()))
                || (w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit()))
        });
    only_date.then(|| DateLine {
        kind: DateLineKind::Published,
        date: Some(found.date),
        time: time.map(|t| t.0),
    })
}

/// A dateline opening a body paragraph ("SEOUL, Oct. 19 (Yonhap) --").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The dateline as printed, for messages.
    pub text: String,
    pub month: u32,
    pub day: u32,
    pub year: Option<i32>,
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        concat!(
            r"^\s*(\p{{Lu}}[\p{{L}}.'’/ -]{{1,40}}?(?:,\s*\p{{Lu}}[\p{{L}}.' -]{{1,30}}?)?)\s*,\s*",
            r"(?i:(?:{m}\.?\s+(\d{{1,2}})|(\d{{1,2}})\s+{m2}\.?)(?:st|nd|rd|th)?(?:,?\s*(\d{{4}}))?)",
            r"\s*(?:\([^)]{{1,40}}\)\s*(?:--|—|–|-|:)?|--|—|–|-|:)"
        ),
        m = MONTH,
        m2 = MONTH
    ))
    .expect("valid dateline regex")
});

/// Recognise a dateline at the start of a line.
pub fn dateline(line: &str) -> Option<Dateline> {
    let c = DATELINE.captures(line)?;
    let (month_name, day) = match (c.get(2), c.get(3), c.get(4), c.get(5)) {
        (Some(m), Some(d), _, _) => (m.as_str(), d.as_str()),
        (_, _, Some(d), Some(m)) => (m.as_str(), d.as_str()),
        _ => return None,
    };
    let month = month_number(month_name)?;
    let day: u32 = day.parse().ok()?;
    if !(1..=31).contains(&day) {
        return None;
    }
    let year = c.get(6).and_then(|y| y.as_str().parse().ok());
    Some(Dateline {
        text: c.get(0)?.as_str().trim().to_string(),
        month,
        day,
        year,
    })
}

/// "/2023/10/19/", "2023-10-19": separated parts, each a whole number.
static URL_YMD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:[^\d]|$)")
        .expect("valid URL date regex")
});
/// "20231019", also as the head of an article number ("AEN20231019000351315").
static URL_COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])((?:19|20)\d{2})(\d{2})(\d{2})").expect("valid URL date regex")
});
static URL_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/((?:19|20)\d{2})/").expect("valid URL year regex"));
static URL_IN_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"https?://\S+").expect("valid URL regex"));
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d{2}\s*[-–]\s*)?((?:19|20)\d{2})\b")
        .expect("valid copyright regex")
});

/// A full date in a URL ("/2023/10/19/", "20231019", "2023-10-19").
pub fn url_date(url: &str) -> Option<NaiveDate> {
    let separated = URL_YMD.captures_iter(url);
    separated
        .chain(URL_COMPACT.captures_iter(url))
        .find_map(|c| {
            let m: u32 = c.get(2)?.as_str().parse().ok()?;
            ymd(c.get(1)?.as_str(), m, c.get(3)?.as_str())
        })
}

/// A year standing alone as a URL path segment ("/2023/").
pub fn url_year(url: &str) -> Option<i32> {
    URL_YEAR
        .captures(url)
        .and_then(|c| c.get(1)?.as_str().parse().ok())
}

/// URLs printed in a text (links, "Source:" lines).
pub fn urls_in(text: &str) -> impl Iterator<Item = &str> {
    URL_IN_TEXT.find_iter(text).map(|m| m.as_str())
}

/// The year of a copyright line ("© 2023 The Korea Herald", "Copyright 2010-2023").
pub fn copyright_year(text: &str) -> Option<i32> {
    COPYRIGHT
        .captures(text)
        .and_then(|c| c.get(1)?.as_str().parse().ok())
}

/// Give a yearless month/day the year that puts it closest to one of `references` (full
/// dates the text itself states). A "Dec. 30" dateline in a text that mentions
/// "Jan. 5, 2025" lands in 2024, not 2025.
pub fn closest_year(month: u32, day: u32, references: &[NaiveDate]) -> Option<NaiveDate> {
    references
        .iter()
        .flat_map(|r| {
            (r.year() - 1..=r.year() + 1).filter_map(move |y| {
                let candidate = NaiveDate::from_ymd_opt(y, month, day)?;
                Some(((candidate - *r).num_days().abs(), candidate))
            })
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, date)| date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn header_values_in_common_formats_parse() {
        let cases = [
            ("2024-09-05", d(2024, 9, 5), None),
            ("2024-09-05T10:00:00Z", d(2024, 9, 5), Some("10:00:00Z")),
            ("Sept. 5, 2024", d(2024, 9, 5), None),
            ("5 September 2024", d(2024, 9, 5), None),
            (
                "September 5, 2024 10:00 KST",
                d(2024, 9, 5),
                Some("10:00 KST"),
            ),
            ("Thursday, 5th of Sept 2024", d(2024, 9, 5), None),
            (
                "Fri, 20 Oct 2023 16:12:00 +0900",
                d(2023, 10, 20),
                Some("16:12:00 +0900"),
            ),
            ("2023.10.20 16:12", d(2023, 10, 20), Some("16:12")),
            ("10/20/2023", d(2023, 10, 20), None),
            (
                "Oct 20, 2023, 4:12 PM EDT",
                d(2023, 10, 20),
                Some("4:12 PM EDT"),
            ),
        ];
        for (value, date, time) in cases {
            let got = parse_date_value(value);
            assert_eq!(got, Ok((date, time.map(String::from))), "{value}");
        }
    }

    #[test]
    fn unreadable_or_ambiguous_header_dates_are_errors_naming_the_value() {
        let err = parse_date_value("last Tuesday").unwrap_err();
        assert!(err.contains("'last Tuesday'"), "{err}");
        let err = parse_date_value("05/09/2024").unwrap_err();
        assert!(err.contains("ambiguous"), "{err}");
        assert!(parse_date_value("2023-02-30").is_err());
    }

    #[test]
    fn page_date_lines_are_recognised_with_their_time() {
        let line = date_line("Published : Oct. 20, 2023 - 16:12");
        assert_eq!(
            line,
            Some(DateLine {
                kind: DateLineKind::Published,
                date: Some(d(2023, 10, 20)),
                time: Some("16:12".into())
            })
        );
        let updated = date_line("Updated : Oct. 20, 2023 - 17:31");
        assert_eq!(updated.map(|l| l.kind), Some(DateLineKind::Updated));
        let on = date_line("Published on October 20, 2023");
        assert_eq!(on.and_then(|l| l.date), Some(d(2023, 10, 20)));
        let bare = date_line("Oct. 20, 2023 16:12 KST");
        assert_eq!(bare.and_then(|l| l.time), Some("16:12 KST".into()));
        let weekday = date_line("Friday, October 20, 2023 at 4:12 p.m. ET");
        assert_eq!(weekday.and_then(|l| l.date), Some(d(2023, 10, 20)));
        let glued = date_line("October 19, 20233:12 AM GMT+9Updated 2 hours ago");
        assert_eq!(glued.as_ref().and_then(|l| l.date), Some(d(2023, 10, 19)));
        assert_eq!(glued.and_then(|l| l.time), Some("3:12 AM GMT+9".into()));
        let ap = date_line("Updated 3:12 AM EDT, Thu October 19, 2023");
        assert_eq!(ap.and_then(|l| l.date), Some(d(2023, 10, 19)));
        let posted = date_line("Posted : 2023-10-20 16:12");
        assert_eq!(posted.and_then(|l| l.date), Some(d(2023, 10, 20)));
    }

    #[test]
    fn sentences_mentioning_a_date_are_not_date_lines() {
        assert_eq!(
            date_line("Missiles were on display on October 10, 2015."),
            None
        );
        assert_eq!(date_line("Date of the summit remains unclear"), None);
    }

    #[test]
    fn datelines_with_and_without_year_are_read() {
        let yonhap = dateline("SEOUL, Oct. 19 (Yonhap) -- North Korea fired");
        assert_eq!(
            yonhap.as_ref().map(|l| (l.month, l.day, l.year)),
            Some((10, 19, None))
        );
        let kcna = dateline("Pyongyang, September 5 (KCNA) -- The chief");
        assert_eq!(kcna.map(|l| (l.month, l.day)), Some((9, 5)));
        let dod = dateline("WASHINGTON, Jan. 19, 2018 \u{2014} Deputy Defense Secretary");
        assert_eq!(dod.map(|l| l.year), Some(Some(2018)));
        let two_cities = dateline("SEOUL/WASHINGTON, Oct 19 (Reuters) - The allies");
        assert_eq!(two_cities.map(|l| (l.month, l.day)), Some((10, 19)));
        let reuters = dateline("TOKYO, 19 October (Reuters) - Japan said");
        assert_eq!(reuters.map(|l| (l.month, l.day)), Some((10, 19)));
        assert_eq!(dateline("North Korea said on Oct. 19 -- nothing"), None);
        assert_eq!(dateline("The White House said Friday that"), None);
    }

    #[test]
    fn urls_and_copyright_lines_give_years() {
        assert_eq!(
            url_date("https://www3.nhk.or.jp/nhkworld/en/news/20230914_09/"),
            Some(d(2023, 9, 14))
        );
        assert_eq!(
            url_date("https://example.com/world/2023/10/19/kim-lavrov/"),
            Some(d(2023, 10, 19))
        );
        assert_eq!(url_date("https://www.voanews.com/a/3830381.html"), None);
        assert_eq!(url_year("https://example.com/2023/kim"), Some(2023));
        assert_eq!(copyright_year("\u{a9} 2023 The Korea Herald"), Some(2023));
        assert_eq!(copyright_year("Copyright 2010-2024 Yonhap"), Some(2024));
    }

    #[test]
    fn yearless_date_takes_year_nearest_a_stated_date() {
        assert_eq!(
            closest_year(12, 30, &[d(2025, 1, 5)]),
            Some(d(2024, 12, 30))
        );
        assert_eq!(
            closest_year(10, 19, &[d(2023, 8, 1)]),
            Some(d(2023, 10, 19))
        );
        assert_eq!(closest_year(10, 19, &[]), None);
    }
}
