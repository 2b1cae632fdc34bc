//! Timeline filters: what a person asks for (`--actor`, `--from 2023-08`, `--type`...),
//! parsed and validated into a `Filter` the store turns into SQL. OWNER: store helper.
//!
//! Besides the `Filter` value this module owns the small text transforms that make user
//! input safe to hand to SQLite as *values*: partial dates, FTS5 queries built from quoted
//! terms (so "U.S.-Japan" or an apostrophe never raises an FTS syntax error), LIKE patterns
//! with their wildcards escaped, and the name normalisation the alias table is keyed on.

use crate::error::{Error, Result};
use crate::model::{DateRange, EventType, Status};
use chrono::NaiveDate;

/// Which events to return. Every field narrows; `Default` returns all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Any alias of an actor ("Pyongyang", "the North" resolves through the alias table).
    pub actor: Option<String>,
    /// Events whose range ends on or after this day.
    pub from: Option<NaiveDate>,
    /// Events whose range starts on or before this day.
    pub to: Option<NaiveDate>,
    pub event_type: Option<EventType>,
    pub status: Option<Status>,
    /// Full-text query over summaries and evidence (FTS5 syntax).
    pub text: Option<String>,
    /// Publisher or URL substring of any source.
    pub source: Option<String>,
    pub limit: Option<usize>,
}

/// Parse "2023", "2023-08" or "2023-08-18" as the first (`end = false`) or last day of
/// the period it names.
pub fn parse_partial_date(s: &str, end: bool) -> Result<NaiveDate> {
    let t = s.trim();
    let bad = || {
        Error::Usage(format!(
            "invalid date '{s}': expected YYYY, YYYY-MM or YYYY-MM-DD"
        ))
    };
    let parts: Vec<&str> = t.split('-').collect();
    let num = |p: &str, len: usize| -> Option<u32> {
        if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().ok()
        } else {
            None
        }
    };
    let range = match parts.as_slice() {
        [y] => num(y, 4).and_then(|y| DateRange::year(y as i32)),
        [y, m] => match (num(y, 4), num(m, 2)) {
            (Some(y), Some(m)) => DateRange::month(y as i32, m),
            _ => None,
        },
        [y, m, d] => match (num(y, 4), num(m, 2), num(d, 2)) {
            (Some(y), Some(m), Some(d)) => {
                NaiveDate::from_ymd_opt(y as i32, m, d).map(DateRange::day)
            }
            _ => None,
        },
        _ => None,
    }
    .ok_or_else(bad)?;
    Ok(if end { range.end } else { range.start })
}

/// The key the alias table and actor-name matching use: lower case, curly quotes made
/// straight, dots dropped ("U.S." = "US"), hyphens and dashes as spaces ("Kim Jong-un" =
/// "Kim Jong Un"), whitespace collapsed.
pub fn normalize_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' => '\'',
            '.' => continue,
            '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Turn free user text into an FTS5 query that cannot be a syntax error: each word becomes
/// a double-quoted string (inner quotes doubled), so punctuation and FTS operators are just
/// text; the terms are ANDed. A trailing `*` on a word keeps its prefix meaning
/// ("Lavr*"). Words with no letter or digit are dropped because the tokenizer would drop
/// them anyway. `None` when nothing searchable is left.
pub fn fts_query(text: &str) -> Option<String> {
    let mut terms = Vec::new();
    for word in text.split_whitespace() {
        let (body, prefix) = match word.strip_suffix('*') {
            Some(b) => (b, true),
            None => (word, false),
        };
        if !body.chars().any(char::is_alphanumeric) {
            continue;
        }
        let mut term = String::with_capacity(body.len() + 3);
        term.push('"');
        term.push_str(&body.replace('"', "\"\""));
        term.push('"');
        if prefix {
            term.push('*');
        }
        terms.push(term);
    }
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

/// A LIKE pattern matching `needle` anywhere, with `%`, `_` and the escape character itself
/// escaped by `\` (use with `ESCAPE '\'`).
pub fn like_contains(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len() + 2);
    out.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn year_names_its_first_and_last_day() {
        assert_eq!(parse_partial_date("2023", false).unwrap(), d(2023, 1, 1));
        assert_eq!(parse_partial_date("2023", true).unwrap(), d(2023, 12, 31));
    }

    #[test]
    fn month_names_its_first_and_last_day_including_leap_february() {
        assert_eq!(parse_partial_date("2023-08", false).unwrap(), d(2023, 8, 1));
        assert_eq!(parse_partial_date("2023-08", true).unwrap(), d(2023, 8, 31));
        assert_eq!(parse_partial_date("2024-02", true).unwrap(), d(2024, 2, 29));
        assert_eq!(
            parse_partial_date("2023-12", true).unwrap(),
            d(2023, 12, 31)
        );
    }

    #[test]
    fn full_date_is_the_same_day_at_either_end() {
        assert_eq!(
            parse_partial_date("2023-08-18", false).unwrap(),
            d(2023, 8, 18)
        );
        assert_eq!(
            parse_partial_date(" 2023-08-18 ", true).unwrap(),
            d(2023, 8, 18)
        );
    }

    #[test]
    fn malformed_dates_are_usage_errors_with_the_expected_forms() {
        for bad in [
            "",
            "23",
            "2023-8",
            "2023-13",
            "2023-02-30",
            "2023/08/18",
            "Aug 2023",
            "2023-08-18-1",
            "２０２３",
        ] {
            match parse_partial_date(bad, false) {
                Err(Error::Usage(m)) => assert_eq!(
                    m,
                    format!("invalid date '{bad}': expected YYYY, YYYY-MM or YYYY-MM-DD")
                ),
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn names_normalise_across_case_hyphens_dots_and_curly_quotes() {
        assert_eq!(normalize_name("Kim Jong-un"), normalize_name("kim jong un"));
        assert_eq!(normalize_name("U.S."), "us");
        assert_eq!(normalize_name("  The   North "), "the north");
        assert_eq!(normalize_name("Côte d’Ivoire"), "côte d'ivoire");
    }

    #[test]
    fn fts_query_quotes_every_word_so_punctuation_is_harmless() {
        assert_eq!(
            fts_query("U.S.-Japan \"drills\" AND (NOT)").as_deref(),
            Some("\"U.S.-Japan\" \"\"\"drills\"\"\" \"AND\" \"(NOT)\"")
        );
        assert_eq!(fts_query("Lavr*").as_deref(), Some("\"Lavr\"*"));
        assert_eq!(fts_query(" — ' * ").as_deref(), None);
    }

    #[test]
    fn like_pattern_escapes_wildcards() {
        assert_eq!(like_contains("100%_x\\"), "%100\\%\\_x\\\\%");
        assert_eq!(like_contains("koreaherald"), "%koreaherald%");
    }
}
