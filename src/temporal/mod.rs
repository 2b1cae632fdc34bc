//! Time expressions: find them in a sentence, resolve them against the publication date
//! (DCT), the tense and the last date the text set, and give both a calendar `DateRange`
//! and a TIMEX3 value.
//!
//! The work is split by concern: `grammar` finds and parses spans (regexes compiled once),
//! `resolve` does the calendar arithmetic, `tense` reads the clause's tense, `lexicon` holds
//! the word lists (data files beside it), and `timeml` reads and writes TimeML documents and
//! scores them TempEval-3 style. Seasons resolve to their three months with quarter
//! precision ("this summer" = June..August).

mod grammar;
mod lexicon;
mod resolve;
mod tense;
pub mod timeml;

use crate::model::{DateRange, Precision};
use chrono::{Duration, NaiveDate};
use grammar::{Kind, Prep};

/// TIMEX3 types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

/// The grammatical time of a clause, which decides the direction of "on Thursday".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tense {
    Past,
    Present,
    Future,
}

/// One time expression in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeExpr {
    /// Byte offsets in the text that was tagged.
    pub start: usize,
    pub end: usize,
    /// The words as written ("from Wednesday").
    pub text: String,
    pub timex_type: TimexType,
    /// TIMEX3 value ("2023-10-18", "2023-08", "2023-W42", "P2D", "PAST_REF"...).
    pub value: String,
    /// Calendar range for dates resolvable to at least a year; for "a two-day trip from
    /// Wednesday" the whole two days. `None` for durations, sets, vague refs.
    pub range: Option<DateRange>,
}

/// Resolves expressions sentence by sentence, remembering the last date it resolved for
/// "the same day", "the next day", "that week".
#[derive(Debug, Clone)]
pub struct Resolver {
    anchor: NaiveDate,
    /// The last date (not duration or vague reference) resolved so far in this text.
    last: Option<DateRange>,
    /// A company's own quarter numbering in force: (calendar quarter, its fiscal label).
    /// After "the fiscal first quarter" (July..September), "the quarter" and "a year
    /// earlier" name the same quarter, and TimeML writes them with the company's label.
    fiscal: Option<(u32, u32)>,
}

impl Resolver {
    pub fn new(anchor: NaiveDate) -> Self {
        Resolver {
            anchor,
            last: None,
            fiscal: None,
        }
    }

    /// The last date resolved so far, the base of "the same day".
    pub fn last_date(&self) -> Option<DateRange> {
        self.last
    }

    pub fn anchor(&self) -> NaiveDate {
        self.anchor
    }

    /// Tag one sentence; offsets are relative to `sentence`.
    pub fn tag_sentence(&mut self, sentence: &str) -> Vec<TimeExpr> {
        // Calendar arithmetic near chrono's limits would overflow; no news is dated there.
        if !(1..=9999).contains(&chrono::Datelike::year(&self.anchor)) {
            return Vec::new();
        }
        let chosen = grammar::select(grammar::candidates(sentence));
        let mut out: Vec<(TimeExpr, Option<Prep>, bool)> = Vec::with_capacity(chosen.len());
        let mut bare_clocks: Vec<usize> = Vec::new();
        for c in &chosen {
            let Some(mut r) = resolve::resolve(c, sentence, self.anchor, self.last) else {
                continue;
            };
            self.follow_fiscal_quarters(c, &mut r);
            // Comparisons back in time ("a year earlier", "two years ago") do not move the
            // story's reference date: the next "year-earlier" compares with the same base.
            let comparison = is_comparison(&c.kind, self.anchor);
            // "at 3 p.m." alone names no day of its own.
            let bare_clock = matches!(
                c.kind,
                Kind::Clock {
                    wd: None,
                    date: None,
                    ..
                }
            );
            let dated = matches!(r.timex_type, TimexType::Date | TimexType::Time)
                && r.range.is_some()
                && !comparison
                && !bare_clock;
            if dated
                && !ends_reported_period(sentence, c.start, self.last, r.range)
                && !keeps_reported_quarter(self.last, r.range, self.anchor)
            {
                self.last = r.range;
            }
            let words = sentence.get(c.start..c.end).unwrap_or("");
            if let Some(focus) = year_to_date_focus(words, &c.kind, self.last, self.anchor) {
                self.last = Some(focus);
            }
            let single_day = matches!(
                c.kind,
                Kind::Date { until: None, .. } | Kind::Weekday { .. }
            );
            if bare_clock {
                bare_clocks.push(out.len());
            }
            out.push((
                TimeExpr {
                    start: c.start,
                    end: c.end,
                    text: sentence.get(c.start..c.end).unwrap_or("").to_string(),
                    timex_type: r.timex_type,
                    value: r.value,
                    range: r.range,
                },
                c.prep,
                single_day,
            ));
        }
        apply_day_counts(sentence, &mut out);
        attach_clocks_to_their_day(sentence, &mut out, &bare_clocks);
        // A stretched range ("from Wednesday" for two days) is the better base for "that week".
        if let Some(last) = out.iter().rev().find_map(|(t, _, _)| {
            (matches!(t.timex_type, TimexType::Date) && t.range.is_some())
                .then_some(t.range)
                .flatten()
        }) {
            if self.last.is_some_and(|l| l.start == last.start) {
                self.last = Some(last);
            }
        }
        out.into_iter().map(|(t, _, _)| t).collect()
    }

    /// A named quarter sets the numbering: its own when it is fiscal or closes on a date
    /// of another calendar quarter ("the fourth quarter ended Aug. 26"), the calendar's
    /// otherwise. Quarters the text refers back to take the label of the one in force.
    fn follow_fiscal_quarters(&mut self, c: &grammar::Candidate, r: &mut resolve::Resolved) {
        let Some((year, q)) = quarter_value(&r.value) else {
            return;
        };
        let calendar = r
            .range
            .filter(|range| resolve::is_calendar_quarter(*range))
            .map(|range| resolve::quarter_of(chrono::Datelike::month(&range.start)));
        match c.kind {
            Kind::Quarter { .. } => {
                self.fiscal = calendar.filter(|cq| *cq != q).map(|cq| (cq, q));
            }
            Kind::TheQuarter { .. }
            | Kind::YearAgo { .. }
            | Kind::Ago { .. }
            | Kind::Anaphoric { counted: true, .. } => {
                if let Some((cq, label)) = self.fiscal {
                    if cq == q {
                        r.value = format!("{year:04}-Q{label}");
                    }
                }
            }
            _ => {}
        }
    }
}

/// "1989-Q3" → (1989, 3).
fn quarter_value(v: &str) -> Option<(i32, u32)> {
    let (y, q) = v.split_once("-Q")?;
    if y.len() != 4 || q.len() != 1 {
        return None;
    }
    Some((y.parse().ok()?, q.parse().ok()?))
}

/// Comparisons back in time ("a year earlier", "two years ago", "year-ago", "the 1988
/// period") name a period only to compare with the one the story is on.
fn is_comparison(kind: &Kind, anchor: NaiveDate) -> bool {
    use chrono::Datelike;
    match kind {
        Kind::Anaphoric {
            counted: true,
            offset,
            ..
        }
        | Kind::Ago { offset, .. } => *offset < 0,
        Kind::YearAgo { .. } => true,
        Kind::TheQuarter { y: Some(y), .. } => *y < anchor.year(),
        Kind::TheQuarter {
            offset: Some(o), ..
        } => *o < 0,
        _ => false,
    }
}

/// "the quarter ended Sept. 30", "the nine months ending June 30": the day closes the
/// period just named, which stays the story's reference for "a year earlier".
fn ends_reported_period(
    sentence: &str,
    at: usize,
    last: Option<DateRange>,
    new: Option<DateRange>,
) -> bool {
    let before = sentence.get(..at).unwrap_or("").trim_end();
    let ended = ["ended", "ending", "that ended"]
        .iter()
        .any(|w| before.ends_with(w));
    match (last, new) {
        (Some(l), Some(n)) => {
            ended
                && matches!(l.precision, Precision::Quarter | Precision::Year)
                && l.start <= n.start
                && n.end <= l.end
        }
        _ => false,
    }
}

/// A report on a completed quarter names others in passing: an earlier one of the same
/// year as a contrast ("after a flat second quarter, profit rose in the third"), one not
/// yet over as an outlook ("the slump will continue into the fourth quarter"). The
/// report stays on its quarter for "the quarter" and "a year ago".
fn keeps_reported_quarter(
    last: Option<DateRange>,
    new: Option<DateRange>,
    anchor: NaiveDate,
) -> bool {
    use chrono::Datelike;
    match (last, new) {
        (Some(l), Some(n)) => {
            let contrast = n.start.year() == l.start.year() && n.start < l.start;
            let outlook = n.end >= anchor;
            resolve::is_calendar_quarter(l)
                && l.end < anchor
                && resolve::is_calendar_quarter(n)
                && (contrast || outlook)
        }
        _ => false,
    }
}

/// Company reports give "the nine months" or "the first half" besides the quarter; a
/// comparison after them ("compared with $2 million a year earlier", "the 1988 period")
/// is over the year to date, which TimeML values as the year. The focus moves from the
/// quarter (or the anchor) to its year. Only the reporting phrase counts ("the nine
/// months", "the first six months"), not a stretch of time ("jailed for six months").
fn year_to_date_focus(
    words: &str,
    kind: &Kind,
    last: Option<DateRange>,
    anchor: NaiveDate,
) -> Option<DateRange> {
    use chrono::Datelike;
    let months = match kind {
        Kind::Duration {
            n: Some(n),
            unit: lexicon::Unit::Month,
        } => *n,
        Kind::Span {
            n,
            unit: lexicon::Unit::Month,
            future: false,
        } => *n,
        _ => return None,
    };
    let lower = words.to_ascii_lowercase();
    let reporting = lower.starts_with("the ") || lower.starts_with("first ");
    if !matches!(months, 6 | 9) || !reporting {
        return None;
    }
    match last {
        None => DateRange::year(anchor.year()),
        Some(l) if resolve::is_calendar_quarter(l) => DateRange::year(l.start.year()),
        _ => None,
    }
}

/// "at 2 p.m. local time (0600 GMT) on Friday": a clock time whose day follows a few words
/// later, past a zone or a parenthesis, is on that day, not on the last date of the text.
fn attach_clocks_to_their_day(
    sentence: &str,
    exprs: &mut [(TimeExpr, Option<Prep>, bool)],
    bare_clocks: &[usize],
) {
    for &i in bare_clocks {
        let Some(clock_end) = exprs.get(i).map(|(t, _, _)| t.end) else {
            continue;
        };
        let day = exprs.iter().skip(i + 1).find_map(|(t, _, _)| {
            let r = t.range?;
            (t.timex_type == TimexType::Date && r.precision == Precision::Day && r.start == r.end)
                .then_some((t.start, r.start))
        });
        let Some((day_start, day)) = day else {
            continue;
        };
        let between = sentence.get(clock_end..day_start).unwrap_or("");
        if !words_between_a_time_and_its_day(between) {
            continue;
        }
        if let Some((t, _, _)) = exprs.get_mut(i) {
            if let Some((_, clock)) = t.value.split_once('T') {
                t.value = format!("{}T{clock}", resolve::day_value(day));
                t.range = Some(DateRange::day(day));
            }
        }
    }
}

/// Only a zone, "local time", a parenthesis and "on" stand between "2 p.m." and its day.
fn words_between_a_time_and_its_day(between: &str) -> bool {
    let mut depth = 0usize;
    let mut outside = String::new();
    for ch in between.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(ch),
            _ => {}
        }
    }
    // "7:15 a.m. (2215 GMT Wednesday)": a day inside the parenthesis is the other zone's.
    if depth > 0 {
        return false;
    }
    outside.split_whitespace().all(|w| {
        grammar::is_zone(w) || matches!(w.to_ascii_lowercase().as_str(), "local" | "time" | "on")
    })
}

/// "Putin arrived in Pyongyang early Wednesday for a two-day visit": a day that an arrival
/// or a beginning falls on starts the stretch the day count gives, as "from" would.
fn opens_the_stretch(sentence: &str, at: usize) -> bool {
    const OPENING: &[&str] = &[
        "arrive", "arrived", "arrives", "arriving", "landed", "began", "begins", "begin",
        "started", "starts", "opened", "opens", "kicked", "kicks",
    ];
    sentence
        .get(..at)
        .unwrap_or("")
        .split(|c: char| !c.is_alphabetic())
        .any(|w| OPENING.iter().any(|o| w.eq_ignore_ascii_case(o)))
}

/// "The two-day trip from Wednesday" → Wednesday..Thursday; "for 11 days through March 23"
/// → March 13..23. The duration keeps its own expression; the date takes the whole span.
fn apply_day_counts(sentence: &str, exprs: &mut [(TimeExpr, Option<Prep>, bool)]) {
    let days = exprs.iter().find_map(|(t, _, _)| {
        if t.timex_type != TimexType::Duration || t.range.is_some() {
            return None;
        }
        let n: i64 = t.value.strip_prefix('P')?.strip_suffix('D')?.parse().ok()?;
        (n >= 2).then_some(n)
    });
    let Some(n) = days else {
        return;
    };
    for (t, prep, single_day) in exprs.iter_mut() {
        let p = prep.or_else(|| opens_the_stretch(sentence, t.start).then_some(Prep::From));
        let (Some(r), Some(p), true) = (t.range, p, *single_day) else {
            continue;
        };
        if r.precision != Precision::Day || r.start != r.end {
            continue;
        }
        let Some(span) = Duration::try_days(n - 1) else {
            continue;
        };
        let stretched = match p {
            Prep::From => r
                .start
                .checked_add_signed(span)
                .map(|e| DateRange::days(r.start, e)),
            Prep::Through => r
                .end
                .checked_sub_signed(span)
                .map(|s| DateRange::days(s, r.end)),
        };
        if let Some(range) = stretched {
            t.range = Some(range);
        }
    }
}

/// Tense of the clause around byte offset `at` of `sentence` ("will ... on Sunday" is
/// future, "said on Thursday" past, "is likely on Sunday" future). The clause (between
/// punctuation and conjunctions) decides first, then the nearest marker in the sentence;
/// a sentence with no marker at all reads as past, the common case in news.
pub fn tense_at(sentence: &str, at: usize) -> Tense {
    tense::tense_at(sentence, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    /// Friday 20 October 2023, the seed article's DCT.
    fn fri() -> Resolver {
        Resolver::new(ymd(2023, 10, 20))
    }

    fn one(r: &mut Resolver, s: &str, text: &str) -> TimeExpr {
        let all = r.tag_sentence(s);
        all.iter()
            .find(|t| t.text == text)
            .cloned()
            .unwrap_or_else(|| panic!("no '{text}' in {all:#?}"))
    }

    fn days(a: NaiveDate, b: NaiveDate) -> Option<DateRange> {
        Some(DateRange::days(a, b))
    }

    #[test]
    fn past_weekday_resolves_to_previous_occurrence() {
        let t = one(
            &mut fri(),
            "Kim met the Russian foreign minister in Pyongyang on Thursday.",
            "Thursday",
        );
        assert_eq!(t.value, "2023-10-19");
        assert_eq!(t.range, Some(DateRange::day(ymd(2023, 10, 19))));
    }

    #[test]
    fn said_friday_in_a_friday_article_is_the_anchor_day() {
        let t = one(
            &mut fri(),
            "the state-run Korean Central News Agency said Friday.",
            "Friday",
        );
        assert_eq!(t.value, "2023-10-20");
    }

    #[test]
    fn likely_on_sunday_is_the_coming_sunday() {
        let s = "The first-ever joint air drills by Seoul, Washington and Japan are likely on Sunday when the event ends.";
        assert_eq!(one(&mut fri(), s, "Sunday").value, "2023-10-22");
    }

    #[test]
    fn two_day_trip_from_wednesday_spans_two_days() {
        let mut r = fri();
        let all = r.tag_sentence("The two-day trip from Wednesday by Foreign Minister Sergei Lavrov came as Kim and Putin seek to fight off isolation.");
        let from = all.iter().find(|t| t.text == "from Wednesday");
        assert_eq!(
            from.and_then(|t| t.range),
            days(ymd(2023, 10, 18), ymd(2023, 10, 19))
        );
        let dur = all.iter().find(|t| t.text == "two-day");
        assert_eq!(dur.map(|t| t.value.as_str()), Some("P2D"));
        assert_eq!(dur.map(|t| t.timex_type), Some(TimexType::Duration));
    }

    #[test]
    fn eleven_days_through_a_date_counts_back() {
        let mut r = Resolver::new(ymd(2023, 3, 3));
        let all = r.tag_sentence("The drills are scheduled to run for 11 days through March 23.");
        let t = all.iter().find(|t| t.text.contains("March 23"));
        assert_eq!(
            t.and_then(|t| t.range),
            days(ymd(2023, 3, 13), ymd(2023, 3, 23))
        );
    }

    #[test]
    fn this_week_is_the_iso_week_of_the_anchor() {
        let t = one(
            &mut fri(),
            "US nuclear-capable bomber, deployed this week, would be first",
            "this week",
        );
        assert_eq!(t.value, "2023-W42");
        let r = t.range.unwrap_or(DateRange::day(ymd(2000, 1, 1)));
        assert_eq!(
            (r.start, r.end, r.precision),
            (ymd(2023, 10, 16), ymd(2023, 10, 22), Precision::Week)
        );
    }

    #[test]
    fn earlier_this_week_runs_from_monday_to_the_anchor() {
        let t = one(
            &mut fri(),
            "The bomber landed earlier this week.",
            "earlier this week",
        );
        let r = t.range.unwrap_or(DateRange::day(ymd(2000, 1, 1)));
        assert_eq!(
            (r.start, r.end, r.precision),
            (ymd(2023, 10, 16), ymd(2023, 10, 20), Precision::Week)
        );
    }

    #[test]
    fn past_month_takes_the_year_that_makes_it_past() {
        let t = one(
            &mut fri(),
            "The US in August hosted the South Korean and Japanese leaders.",
            "August",
        );
        assert_eq!(t.value, "2023-08");
        assert_eq!(t.range, DateRange::month(2023, 8));
        let t = one(
            &mut fri(),
            "Putin is expected to visit Seoul in March.",
            "March",
        );
        assert_eq!(t.value, "2024-03");
        let t = one(&mut fri(), "The summit took place in October.", "October");
        assert_eq!(t.value, "2023-10");
    }

    #[test]
    fn month_ranges_and_day_ranges_keep_their_precision() {
        let t = one(
            &mut fri(),
            "Lavrov visited Pyongyang on Oct. 18-19.",
            "Oct. 18-19",
        );
        assert_eq!(t.value, "2023-10-18");
        assert_eq!(t.range, days(ymd(2023, 10, 18), ymd(2023, 10, 19)));
        let t = one(
            &mut fri(),
            "Tension rose between May and July.",
            "between May and July",
        );
        let r = t.range.unwrap_or(DateRange::day(ymd(2000, 1, 1)));
        assert_eq!(
            (r.start, r.end, r.precision),
            (ymd(2023, 5, 1), ymd(2023, 7, 31), Precision::Month)
        );
        let all = fri().tag_sentence("The drills ran from August 19 to 29.");
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].range, days(ymd(2023, 8, 19), ymd(2023, 8, 29)));
    }

    #[test]
    fn near_future_day_in_a_past_sentence_stays_in_the_anchor_year() {
        // A deadline or record date in a past-tense sentence is not last year's.
        let mut r = Resolver::new(ymd(1989, 10, 27));
        let t = one(
            &mut r,
            "The board said the dividend was payable Dec. 7.",
            "Dec. 7",
        );
        assert_eq!(t.value, "1989-12-07");
        let mut r = Resolver::new(ymd(2000, 1, 10));
        let t = one(&mut r, "The ship sank on Dec. 15.", "Dec. 15");
        assert_eq!(t.value, "1999-12-15");
    }

    #[test]
    fn quarter_phrases_follow_the_reported_quarter() {
        let mut r = Resolver::new(ymd(1989, 11, 2));
        assert_eq!(
            one(
                &mut r,
                "Net rose in the third quarter.",
                "the third quarter"
            )
            .value,
            "1989-Q3"
        );
        assert_eq!(
            one(&mut r, "Sales rose from a year ago.", "a year ago").value,
            "1988-Q3"
        );
        assert_eq!(
            one(&mut r, "Costs fell in the 1988 period.", "the 1988 period").value,
            "1988-Q3"
        );
        let mut r = Resolver::new(ymd(1989, 11, 2));
        let t = one(
            &mut r,
            "Sales for the quarter ended Sept. 30 rose.",
            "the quarter",
        );
        assert_eq!(t.value, "1989-Q3");
    }

    #[test]
    fn year_ago_comparisons_follow_the_reported_period() {
        // The quarter closed by "ended Sept. 30" stays the reference, not the day.
        let mut r = Resolver::new(ymd(1989, 11, 1));
        r.tag_sentence("The bank lost $9 million in the quarter ended Sept. 30.");
        assert_eq!(
            one(
                &mut r,
                "It had earned $4 million in the year-ago quarter.",
                "the year-ago quarter"
            )
            .value,
            "1988-Q3"
        );
        // After the nine months, comparisons are over the year to date.
        let mut r = Resolver::new(ymd(1989, 11, 1));
        r.tag_sentence("Profit rose in the third quarter.");
        let all = r.tag_sentence(
            "For the nine months, net was $50 million, up from $41 million a year earlier.",
        );
        assert_eq!(all.last().map(|t| t.value.as_str()), Some("1988"));
        assert_eq!(
            one(
                &mut r,
                "Costs were lower than in the 1988 period.",
                "the 1988 period"
            )
            .value,
            "1988"
        );
        // A stretch of six months is no reporting period.
        let mut r = fri();
        r.tag_sentence("He was jailed for six months.");
        assert_eq!(
            one(&mut r, "A year earlier, he had fled.", "A year earlier").value,
            "2022-10-20"
        );
        // "Last year" is not the report's period: "year-earlier" still counts from now.
        let mut r = Resolver::new(ymd(1989, 10, 30));
        r.tag_sentence("Last year storm losses came to $5 million.");
        assert_eq!(
            one(
                &mut r,
                "The year-earlier figures were restated.",
                "year-earlier"
            )
            .value,
            "1988"
        );
        // Nor is a later year named as an outlook.
        let mut r = Resolver::new(ymd(1989, 10, 26));
        r.tag_sentence("Analysts expect weak demand through the first half of 1990.");
        assert_eq!(
            one(
                &mut r,
                "In the year-ago period, the mill earned $8 million.",
                "the year-ago period"
            )
            .value,
            "1988-Q3"
        );
    }

    #[test]
    fn a_report_stays_on_its_quarter() {
        let mut r = Resolver::new(ymd(1989, 11, 1));
        r.tag_sentence("The paper maker posted a gain in third-quarter profit.");
        // A contrast with an earlier quarter and an outlook do not move the report.
        r.tag_sentence("After a flat second quarter, consumer sales recovered.");
        r.tag_sentence("Weak prices will persist into the fourth quarter.");
        assert_eq!(
            one(&mut r, "Costs were lower than a year ago.", "a year ago").value,
            "1988-Q3"
        );
        assert_eq!(
            one(
                &mut r,
                "Net compares with $3 million for the same period last year.",
                "the same period last year"
            )
            .value,
            "1988-Q3"
        );
        // A season has quarter precision but is no reporting quarter.
        let mut r = Resolver::new(ymd(1989, 10, 26));
        r.tag_sentence("A strike began last spring.");
        assert_eq!(
            one(&mut r, "Traffic rose during the quarter.", "the quarter").value,
            "1989-Q3"
        );
        // The quarter "ended July 31" is mostly May to July: the second.
        let mut r = Resolver::new(ymd(1989, 10, 30));
        assert_eq!(
            one(
                &mut r,
                "In the quarter ended July 31, the distributor had 5.6 million shares.",
                "the quarter"
            )
            .value,
            "1989-Q2"
        );
    }

    #[test]
    fn parts_of_day_clock_hours_and_seasons_with_modifiers() {
        for (s, text, v) in [
            (
                "By mid-afternoon, officials said the raid was over.",
                "mid-afternoon",
                "2023-10-20TAF",
            ),
            (
                "Shares slid in mid-morning yesterday.",
                "mid-morning yesterday",
                "2023-10-19TMO",
            ),
            (
                "The convoy leaves at 4 in the morning.",
                "4 in the morning",
                "2023-10-20T04:00",
            ),
            (
                "The vote closed at 9 in the evening.",
                "9 in the evening",
                "2023-10-20T21:00",
            ),
            (
                "Orders picked up after the early summer.",
                "the early summer",
                "2023-SU",
            ),
            (
                "Net fell from the year-earlier third quarter.",
                "the year-earlier third quarter",
                "2022-Q3",
            ),
        ] {
            assert_eq!(one(&mut fri(), s, text).value, v, "{s}");
        }
    }

    #[test]
    fn planned_acts_and_effective_dates_look_ahead() {
        let mut r = Resolver::new(ymd(1989, 11, 2));
        for (s, text, v) in [
            (
                "The bank announced an agreement to acquire the lender in January.",
                "January",
                "1990-01",
            ),
            (
                "The board named a new chairman, effective Feb. 1.",
                "Feb. 1",
                "1990-02-01",
            ),
            ("The lender was acquired in January.", "January", "1989-01"),
        ] {
            assert_eq!(one(&mut r, s, text).value, v, "{s}");
        }
    }

    #[test]
    fn week_of_a_day_and_day_after_last_are_one_expression() {
        let mut r = Resolver::new(ymd(2000, 2, 24));
        assert_eq!(
            one(
                &mut r,
                "A hearing is set for the week of March 6.",
                "the week of March 6"
            )
            .value,
            "2000-W10"
        );
        let mut r = Resolver::new(ymd(1999, 4, 19));
        assert_eq!(
            one(
                &mut r,
                "The doctor was shot last Oct. 23 at home.",
                "Oct. 23"
            )
            .value,
            "1998-10-23"
        );
        assert_eq!(
            one(
                &mut r,
                "Then, a week or so ago, the general chose the date.",
                "a week or so ago"
            )
            .value,
            "1999-W15"
        );
        // A count after a month stays outside the date.
        let all = Resolver::new(ymd(1999, 4, 19)).tag_sentence("Last May 2,000 workers struck.");
        assert!(all.iter().all(|t| !t.text.contains("2,000")), "{all:?}");
    }

    #[test]
    fn explicit_dates_resolve_to_themselves() {
        for (s, v) in [
            ("The statement was issued Oct. 20, 2023.", "2023-10-20"),
            ("It was signed on 20 October 2023.", "2023-10-20"),
            ("Filed 2023-10-20.", "2023-10-20"),
            ("Seoul said on Oct 20 it would respond.", "2023-10-20"),
            ("The notice is dated 20 Oct 2023.", "2023-10-20"),
            ("Dated 10/20/2023.", "2023-10-20"),
            ("The missile was fired April 28, 2017.", "2017-04-28"),
            (
                "Trump and Kim met Tuesday (June 12) in Singapore.",
                "2023-06-12",
            ),
        ] {
            let all = fri().tag_sentence(s);
            assert_eq!(all.len(), 1, "{s}: {all:?}");
            assert_eq!(all[0].value, v, "{s}");
            assert_eq!(all[0].range.map(|r| r.precision), Some(Precision::Day));
        }
    }

    #[test]
    fn years_months_quarters_and_seasons() {
        for (s, text, v, p) in [
            ("The war began in 2019.", "2019", "2019", Precision::Year),
            (
                "The armistice came in March 1949.",
                "March 1949",
                "1949-03",
                Precision::Month,
            ),
            (
                "The vote is set for June 2024.",
                "June 2024",
                "2024-06",
                Precision::Month,
            ),
            (
                "Talks stalled in early August.",
                "early August",
                "2023-08",
                Precision::Month,
            ),
            (
                "Drills began early in August.",
                "early in August",
                "2023-08",
                Precision::Month,
            ),
            (
                "Exports fell late last year.",
                "late last year",
                "2022",
                Precision::Year,
            ),
            (
                "Growth slowed in the first quarter.",
                "the first quarter",
                "2023-Q1",
                Precision::Quarter,
            ),
            ("Growth slowed in Q3.", "Q3", "2023-Q3", Precision::Quarter),
            (
                "Drills were held this summer.",
                "this summer",
                "2023-SU",
                Precision::Quarter,
            ),
            (
                "Prices rose last month.",
                "last month",
                "2023-09",
                Precision::Month,
            ),
            (
                "The ban ends next year.",
                "next year",
                "2024",
                Precision::Year,
            ),
            (
                "The plant closed two years ago.",
                "two years ago",
                "2021",
                Precision::Year,
            ),
        ] {
            let t = one(&mut fri(), s, text);
            assert_eq!(t.value, v, "{s}");
            assert_eq!(t.range.map(|r| r.precision), Some(p), "{s}");
        }
    }

    #[test]
    fn deictic_days_and_parts_of_day() {
        for (s, text, v) in [
            ("Seoul said today it would respond.", "today", "2023-10-20"),
            (
                "Pyongyang fired a missile yesterday.",
                "yesterday",
                "2023-10-19",
            ),
            ("The envoy arrives tomorrow.", "tomorrow", "2023-10-21"),
            ("The talks resume tonight.", "tonight", "2023-10-20TNI"),
            (
                "Kim spoke Thursday morning.",
                "Thursday morning",
                "2023-10-19TMO",
            ),
            (
                "The launch came late Tuesday.",
                "late Tuesday",
                "2023-10-17",
            ),
        ] {
            assert_eq!(one(&mut fri(), s, text).value, v, "{s}");
        }
    }

    #[test]
    fn past_durations_anchor_to_the_dct() {
        let mut r = Resolver::new(ymd(2024, 9, 5));
        let t = one(
            &mut r,
            "Tensions have risen for the past two months.",
            "the past two months",
        );
        assert_eq!(t.value, "P2M");
        assert_eq!(t.timex_type, TimexType::Duration);
        let g = t.range.unwrap_or(DateRange::day(ymd(2000, 1, 1)));
        assert_eq!(
            (g.start, g.end, g.precision),
            (ymd(2024, 7, 1), ymd(2024, 9, 30), Precision::Month)
        );
        let t = one(&mut r, "They trained for three weeks.", "three weeks");
        assert_eq!((t.value.as_str(), t.range), ("P3W", None));
    }

    #[test]
    fn local_time_weekday_after_the_anchor_is_the_next_day() {
        let t = one(
            &mut fri(),
            "North Korea fired a ballistic missile early Saturday, local time, the military said.",
            "early Saturday",
        );
        assert_eq!(t.value, "2023-10-21");
    }

    #[test]
    fn same_day_and_next_day_follow_the_last_resolved_date() {
        let mut r = fri();
        r.tag_sentence("Kim met Lavrov on Wednesday.");
        assert_eq!(
            one(
                &mut r,
                "The same day, Moscow issued a statement.",
                "The same day"
            )
            .value,
            "2023-10-18"
        );
        assert_eq!(
            one(&mut r, "The next day, Seoul responded.", "The next day").value,
            "2023-10-19"
        );
        assert_eq!(
            one(&mut r, "A day later, Tokyo followed.", "A day later").value,
            "2023-10-20"
        );
        let mut fresh = fri();
        assert_eq!(
            one(&mut fresh, "That day, markets fell.", "That day").value,
            "2023-10-20"
        );
    }

    #[test]
    fn clock_times_and_zones() {
        let t = one(
            &mut fri(),
            "Published : Oct. 20, 2023 - 16:12 KST",
            "16:12 KST",
        );
        assert_eq!(
            (t.value.as_str(), t.timex_type),
            ("2023-10-20T16:12", TimexType::Time)
        );
        let t = one(
            &mut fri(),
            "The rally starts at 3 p.m. on Friday.",
            "3 p.m. on Friday",
        );
        assert_eq!(t.value, "2023-10-20T15:00");
        let t = one(
            &mut fri(),
            "Talks broke off at noon Thursday.",
            "noon Thursday",
        );
        assert_eq!(t.value, "2023-10-19T12:00");
    }

    #[test]
    fn next_hundred_years_is_a_duration_not_a_date() {
        let all = fri().tag_sentence("a new era for the next 100 years");
        assert!(
            all.iter().all(|t| t.timex_type == TimexType::Duration),
            "{all:?}"
        );
    }

    #[test]
    fn month_with_relative_year_takes_that_year() {
        let t = one(
            &mut fri(),
            "In June last year, the leaders met.",
            "June last year",
        );
        assert_eq!(t.value, "2022-06");
        assert_eq!(t.range, DateRange::month(2022, 6));
    }

    #[test]
    fn named_marches_and_rates_are_not_dates() {
        let all = fri().tag_sentence("Police watched the annual March for Life on Capitol Hill.");
        assert!(all.is_empty(), "{all:?}");
        let all =
            fri().tag_sentence("It will save $500 million a year and add four flights a week.");
        assert!(all.is_empty(), "{all:?}");
    }

    #[test]
    fn vague_references_and_sets() {
        assert_eq!(
            one(&mut fri(), "Prices are now rising.", "now").value,
            "PRESENT_REF"
        );
        assert_eq!(
            one(&mut fri(), "He recently resigned.", "recently").value,
            "PAST_REF"
        );
        let t = one(&mut fri(), "The drills are held every year.", "every year");
        assert_eq!((t.value.as_str(), t.timex_type), ("P1Y", TimexType::Set));
    }

    #[test]
    fn past_week_and_past_year_are_anchored_durations() {
        let t = one(
            &mut fri(),
            "Tension rose over the past week.",
            "the past week",
        );
        assert_eq!(
            (t.value.as_str(), t.timex_type),
            ("P1W", TimexType::Duration)
        );
        let g = t.range.unwrap_or(DateRange::day(ymd(2000, 1, 1)));
        assert_eq!(
            (g.start, g.end, g.precision),
            (ymd(2023, 10, 9), ymd(2023, 10, 22), Precision::Week)
        );
        let t = one(
            &mut fri(),
            "Exports grew over the past year.",
            "the past year",
        );
        assert_eq!(t.value, "P1Y");
        assert_eq!(
            t.range.map(|r| (r.start, r.end)),
            Some((ymd(2022, 1, 1), ymd(2023, 12, 31)))
        );
        let t = one(
            &mut fri(),
            "The city is 2000 years old, built in 2000 years.",
            "2000 years",
        );
        assert_eq!(t.value, "P2000Y");
    }

    #[test]
    fn this_past_weekend_is_the_one_just_gone() {
        // Monday 23 October 2023.
        let mut r = Resolver::new(ymd(2023, 10, 23));
        let t = one(
            &mut r,
            "Protests spread this past weekend.",
            "this past weekend",
        );
        assert_eq!(t.range, days(ymd(2023, 10, 21), ymd(2023, 10, 22)));
    }

    #[test]
    fn absurd_quantities_and_anchors_do_not_panic() {
        let mut r = fri();
        for s in [
            "for the next 99999999999 weeks",
            "the past 4294967295 years",
            "a 4294967295-day trip from Wednesday",
            "2147483647 centuries ago",
            "hundred hundred hundred hundred hundred years later",
        ] {
            let _ = r.tag_sentence(s);
        }
        let mut far = Resolver::new(NaiveDate::MAX);
        assert!(far.tag_sentence("on Friday, last week").is_empty());
    }

    #[test]
    fn every_suffix_of_unicode_text_tags_without_panic() {
        let text = "“Kim and Lavrov agreed,” KCNA said Friday — the two-day trip from Wednesday… \
                    Séoul’s drills (Oct. 18–19) are likely on Sunday; 16:12 KST, 3 p.m. May 5–6, \
                    the past two months, ２０２３年, 1,500 troops, F-22, No. 2, Q3 2023.";
        for (i, _) in text.char_indices() {
            let sub = &text[i..];
            for t in fri().tag_sentence(sub) {
                assert!(sub.is_char_boundary(t.start) && sub.is_char_boundary(t.end));
            }
        }
        for at in 0..=text.len() + 3 {
            let _ = tense_at(text, at);
        }
    }

    #[test]
    fn offsets_are_char_boundaries_in_unicode_text() {
        let s = "“Kim and Lavrov agreed” — the agency said Friday’s talks ended on Thursday.";
        for t in fri().tag_sentence(s) {
            assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
            assert_eq!(&s[t.start..t.end], t.text);
        }
    }

    #[test]
    fn present_tense_month_takes_the_nearer_occurrence() {
        let mut r = Resolver::new(ymd(2000, 3, 29));
        let t = one(
            &mut r,
            "He wants to keep the boy when the case is heard in May in the appeals court.",
            "May",
        );
        assert_eq!(t.value, "2000-05");
        let mut r = Resolver::new(ymd(1989, 11, 2));
        let t = one(
            &mut r,
            "The reduced dividend is payable Jan. 2 to stock of record Dec. 15.",
            "Jan. 2",
        );
        assert_eq!(t.value, "1990-01-02");
    }

    #[test]
    fn deadline_month_in_a_past_clause_may_lie_ahead() {
        let mut r = Resolver::new(ymd(1989, 11, 2));
        let t = one(
            &mut r,
            "Lenders have extended the company $90 million in revolving loans through January.",
            "January",
        );
        assert_eq!(t.value, "1990-01");
        let mut r = Resolver::new(ymd(1989, 11, 2));
        let t = one(&mut r, "The plant closed in January.", "January");
        assert_eq!(t.value, "1989-01");
    }

    fn values(anchor: NaiveDate, s: &str) -> Vec<(String, String)> {
        Resolver::new(anchor)
            .tag_sentence(s)
            .into_iter()
            .map(|t| (t.text, t.value))
            .collect()
    }

    fn pair(text: &str, value: &str) -> (String, String) {
        (text.to_string(), value.to_string())
    }

    #[test]
    fn spelled_out_years_in_broadcast_transcripts_are_years() {
        let a = ymd(1998, 2, 27);
        assert_eq!(
            values(
                a,
                "Atlanta, nineteen ninety-six. A bomb blast shocks the Olympic games."
            ),
            vec![pair("nineteen ninety-six", "1996")]
        );
        assert_eq!(
            values(
                a,
                "He promised to halve unemployment by the year two thousand."
            ),
            vec![pair("the year two thousand", "2000")]
        );
        assert_eq!(
            values(a, "January nineteen ninety-seven. Atlanta again."),
            vec![pair("January nineteen ninety-seven", "1997-01")]
        );
        assert_eq!(
            values(
                a,
                "It was the worst storm since the winter of nineteen ninety-four."
            ),
            vec![pair("the winter of nineteen ninety-four", "1994-WI")]
        );
        // Counts stay counts.
        assert!(values(a, "Some two thousand troops crossed the border.").is_empty());
    }

    #[test]
    fn and_a_half_durations_keep_the_half() {
        let a = ymd(1998, 8, 17);
        assert_eq!(
            values(a, "He spent 2 1/2 years in prison."),
            vec![pair("2 1/2 years", "P2Y6M")]
        );
        assert_eq!(
            values(a, "Albright spent about 5 1/2 hours in Tanzania."),
            vec![pair("about 5 1/2 hours", "PT5H30M")]
        );
        assert_eq!(
            values(a, "The blast came a minute and a half later."),
            vec![pair("a minute and a half", "PT1M30S")]
        );
    }

    #[test]
    fn fiscal_year_phrases_are_a_year_stretch_or_the_year_under_way() {
        let a = ymd(1989, 11, 2);
        assert_eq!(
            values(
                a,
                "It had revenue of $76 million for the year ended Sept. 30."
            ),
            vec![pair("the year", "P1Y"), pair("Sept. 30", "1989-09-30")]
        );
        assert_eq!(
            values(
                a,
                "The harvest was delayed earlier in the year by heavy rains."
            ),
            vec![pair("earlier in the year", "1989")]
        );
        assert_eq!(
            values(a, "Earnings will be lower for the fiscal year."),
            vec![pair("the fiscal year", "1989")]
        );
        // A subject or a compound is no time expression.
        assert!(values(a, "The year-end rally faded.")
            .iter()
            .all(|(t, _)| t != "the year"));
    }

    #[test]
    fn the_latest_period_is_the_reported_quarter() {
        let a = ymd(1989, 11, 2);
        assert_eq!(
            values(a, "Sales in the latest period were $1.76 billion."),
            vec![pair("the latest period", "1989-Q3")]
        );
    }

    #[test]
    fn a_fiscal_quarter_keeps_its_label_and_its_calendar_months() {
        // A retailer whose year starts in July reports in November.
        let mut r = Resolver::new(ymd(2023, 11, 8));
        let q = one(
            &mut r,
            "The retailer swung to a profit in its fiscal first quarter ended Sept. 30.",
            "fiscal first quarter",
        );
        assert_eq!(q.value, "2023-Q1");
        assert_eq!(q.range, DateRange::quarter(2023, 3));
        let earlier = one(
            &mut r,
            "It had lost $4 million a year earlier.",
            "a year earlier",
        );
        assert_eq!(earlier.value, "2022-Q1");
        assert_eq!(earlier.range, DateRange::quarter(2022, 3));
        assert_eq!(
            one(&mut r, "Margins widened in the quarter.", "the quarter").value,
            "2023-Q1"
        );
        // Naming a calendar quarter ends the company's own numbering.
        let _ = r.tag_sentence("A rival reported third-quarter sales on Tuesday.");
        assert_eq!(
            one(&mut r, "Its costs rose in the quarter.", "the quarter").value,
            "2023-Q3"
        );
    }

    #[test]
    fn fiscal_written_before_the_quarter_is_the_quarter_just_reported() {
        let mut r = Resolver::new(ymd(2023, 10, 26));
        let q = one(
            &mut r,
            "The chip maker posted record net income for the fiscal second-quarter.",
            "second-quarter",
        );
        assert_eq!(q.value, "2023-Q2");
        assert_eq!(q.range, DateRange::quarter(2023, 3));
        assert_eq!(
            one(
                &mut r,
                "The latest period includes a tax gain.",
                "The latest period"
            )
            .value,
            "2023-Q2"
        );
    }

    #[test]
    fn last_year_as_the_other_side_of_a_quarterly_comparison_is_that_quarter() {
        let mut r = Resolver::new(ymd(2023, 10, 25));
        let _ = r.tag_sentence("The insurer earned $12 million in the third quarter.");
        assert_eq!(
            one(
                &mut r,
                "Its auto line lost $3 million, compared with a profit of $5 million last year.",
                "last year"
            )
            .value,
            "2022-Q3"
        );
        // Not a comparison: the calendar year.
        assert_eq!(
            one(&mut r, "The unit was sold last year.", "last year").value,
            "2022"
        );
    }

    #[test]
    fn a_weekday_lies_ahead_of_a_past_clause_only_when_something_is_moved_to_it() {
        // Thursday 30 March 2000.
        let a = ymd(2000, 3, 30);
        assert_eq!(
            values(
                a,
                "Officials postponed until Tuesday any decision on the visa."
            ),
            vec![pair("until Tuesday", "2000-04-04")]
        );
        assert_eq!(
            values(a, "Twelve states had filed their reports by Tuesday."),
            vec![pair("Tuesday", "2000-03-28")]
        );
        assert_eq!(
            values(a, "Power was restored to most homes by Tuesday."),
            vec![pair("Tuesday", "2000-03-28")]
        );
        assert_eq!(
            values(a, "The shop stayed closed until Tuesday."),
            vec![pair("until Tuesday", "2000-03-28")]
        );
        assert_eq!(
            values(a, "The judge extended the deadline to Monday."),
            vec![pair("Monday", "2000-04-03")]
        );
    }

    #[test]
    fn that_same_day_after_a_month_is_a_day_of_that_month() {
        let mut r = Resolver::new(ymd(1999, 2, 6));
        let _ = r.tag_sentence("The clinic was attacked last October by an arsonist.");
        let t = one(
            &mut r,
            "Its website was taken down that same day.",
            "that same day",
        );
        assert_eq!(t.value, "1998-10-XX");
        assert_eq!(t.range, DateRange::month(1998, 10));
    }

    #[test]
    fn this_winter_in_a_past_clause_in_march_is_the_winter_just_ended() {
        let t = one(
            &mut Resolver::new(ymd(2013, 3, 22)),
            "Air pollution reached hazardous levels this winter.",
            "this winter",
        );
        assert_eq!(t.value, "2012-WI");
        assert_eq!(
            t.range.map(|r| (r.start, r.end)),
            Some((ymd(2012, 12, 1), ymd(2013, 2, 28)))
        );
        let t = one(
            &mut Resolver::new(ymd(2013, 10, 2)),
            "The line will open this winter.",
            "this winter",
        );
        assert_eq!(t.value, "2013-WI");
    }

    #[test]
    fn a_clock_time_takes_the_day_that_follows_it() {
        let mut r = Resolver::new(ymd(2013, 3, 21));
        let _ = r.tag_sentence("Xi was named president last Thursday.");
        let s = "The bank will announce its decision at 2 p.m. local time (0600 GMT) on Friday.";
        assert_eq!(one(&mut r, s, "2 p.m.").value, "2013-03-22T14:00");
        // The day of the other zone, in a parenthesis, is not the time's own.
        let mut r = Resolver::new(ymd(2023, 10, 18));
        let _ = r.tag_sentence("The North fired a missile early Thursday local time.");
        let s = "The launch came at 7:15 a.m. (2215 GMT Wednesday).";
        assert_eq!(one(&mut r, s, "7:15 a.m.").value, "2023-10-19T07:15");
        // A clause boundary between them: the time keeps the text's last date.
        let mut r = Resolver::new(ymd(2013, 3, 21));
        let _ = r.tag_sentence("Xi was named president last Thursday.");
        let s = "Police arrived at 3 p.m., and the suspect left on Friday.";
        assert_eq!(one(&mut r, s, "3 p.m.").value, "2013-03-14T15:00");
    }

    #[test]
    fn arriving_on_a_day_for_a_two_day_visit_spans_both_days() {
        let mut r = Resolver::new(ymd(2024, 6, 20));
        let all = r.tag_sentence("Putin arrived in Pyongyang early Wednesday for a two-day visit.");
        let t = all.iter().find(|t| t.text == "early Wednesday");
        assert_eq!(
            t.and_then(|t| t.range),
            days(ymd(2024, 6, 19), ymd(2024, 6, 20))
        );
        // No arrival or beginning: the day stays one day.
        let all =
            r.tag_sentence("The minister said on Wednesday that the two-day talks were useful.");
        let t = all
            .iter()
            .find(|t| t.text == "on Wednesday" || t.text == "Wednesday");
        assert_eq!(
            t.and_then(|t| t.range),
            days(ymd(2024, 6, 19), ymd(2024, 6, 19))
        );
    }

    #[test]
    fn half_of_a_month_is_that_month_and_half_of_a_year_a_half_year() {
        let a = ymd(2023, 7, 27);
        assert_eq!(
            values(
                a,
                "The allies will hold drills in the second half of August."
            ),
            vec![pair("the second half of August", "2023-08")]
        );
        assert_eq!(
            values(a, "The talks will end in the first half of next month."),
            vec![pair("next month", "2023-08")]
        );
        assert_eq!(
            values(a, "Sales rose in the first half of 2023."),
            vec![pair("the first half of 2023", "2023-H1")]
        );
    }

    #[test]
    fn hyphenated_years_are_one_range_but_an_iso_month_is_not() {
        let t = one(
            &mut fri(),
            "The 1950-53 Korean War ended in an armistice.",
            "1950-53",
        );
        assert_eq!(t.value, "1950");
        assert_eq!(
            t.range.map(|r| (r.start, r.end, r.precision)),
            Some((ymd(1950, 1, 1), ymd(1953, 12, 31), Precision::Year))
        );
        assert_eq!(
            one(&mut fri(), "The 2018–2019 talks collapsed.", "2018–2019").range,
            Some(DateRange {
                start: ymd(2018, 1, 1),
                end: ymd(2019, 12, 31),
                precision: Precision::Year
            })
        );
        // "2011-12" may be December 2011: not taken as two years.
        assert!(fri()
            .tag_sentence("Sales fell in 2011-12.")
            .iter()
            .all(|t| t.text != "2011-12"));
    }

    #[test]
    fn a_time_on_a_named_day_sets_the_day_for_the_next_bare_time() {
        let mut r = Resolver::new(ymd(2023, 11, 22));
        let all = r.tag_sentence(
            "The North launched a satellite at 10:42 p.m. on Tuesday (1342 GMT), it said.",
        );
        // A four-digit time of another zone is no year.
        assert!(all.iter().all(|t| t.text != "1342"), "{all:?}");
        assert_eq!(
            one(
                &mut r,
                "The rocket passed over Okinawa at 10:55 p.m.",
                "10:55 p.m."
            )
            .value,
            "2023-11-21T22:55"
        );
    }

    #[test]
    fn overnight_is_the_night_before_in_a_past_clause() {
        let a = ymd(2023, 12, 11);
        assert_eq!(
            values(a, "Russia launched dozens of drones at Kyiv overnight."),
            vec![pair("overnight", "2023-12-10TNI")]
        );
        assert_eq!(
            values(a, "Negotiators will keep talking overnight."),
            vec![pair("overnight", "2023-12-11TNI")]
        );
        assert!(values(a, "She took an overnight train to Lviv.").is_empty());
    }

    #[test]
    fn one_day_after_a_modal_is_the_future() {
        let a = ymd(1998, 3, 3);
        assert_eq!(
            values(a, "Analysts say solar power could one day rival coal."),
            vec![pair("one day", "FUTURE_REF")]
        );
        assert_eq!(
            values(a, "The strike lasted one day."),
            vec![pair("one day", "P1D")]
        );
    }

    #[test]
    fn a_newspaper_called_daily_is_no_set() {
        let a = ymd(2000, 1, 28);
        assert!(values(a, "The Communist Party daily Granma printed the letter.").is_empty());
        assert!(values(a, "The Kommersant daily said the talks had stalled.").is_empty());
        assert_eq!(
            values(a, "Qantas will run daily flights to Bombay."),
            vec![pair("daily", "P1D")]
        );
    }

    #[test]
    fn that_quarter_is_the_quarter_last_named() {
        let mut r = Resolver::new(ymd(1989, 10, 27));
        let _ = r.tag_sentence("Profit fell in the second quarter.");
        assert_eq!(
            one(
                &mut r,
                "Results for that quarter included a charge.",
                "that quarter"
            )
            .value,
            "1989-Q2"
        );
    }

    #[test]
    fn quarters_of_something_are_a_share_but_quarters_of_losses_are_time() {
        let a = ymd(1989, 10, 27);
        assert_eq!(
            values(a, "It returned to profit after several quarters of losses."),
            vec![pair("several quarters", "PXQ")]
        );
        assert!(values(a, "He won three quarters of the vote.").is_empty());
    }

    #[test]
    fn the_previous_weekday_counts_back_from_the_last_date() {
        let mut r = Resolver::new(ymd(1989, 10, 30));
        let _ = r.tag_sentence("Shares fell on Friday.");
        let t = one(
            &mut r,
            "The index was down 4.5% from the previous Friday.",
            "the previous Friday",
        );
        assert_eq!(t.value, "1989-10-20");
    }

    #[test]
    fn clock_time_with_a_month_day_is_on_that_day() {
        let a = ymd(1989, 11, 2);
        assert_eq!(
            values(a, "The offer was extended until 5 p.m. EST, Nov. 6."),
            vec![pair("5 p.m. EST, Nov. 6", "1989-11-06T17:00")]
        );
    }

    #[test]
    fn trading_days_are_days() {
        let a = ymd(1989, 10, 30);
        assert_eq!(
            values(
                a,
                "Eight trading days after the plunge, the index was down."
            ),
            vec![pair("Eight trading days", "P8D")]
        );
    }

    #[test]
    fn possessive_weekday_looks_back_even_in_a_future_clause() {
        let a = ymd(2000, 1, 7);
        assert_eq!(
            values(
                a,
                "The relatives said they would look for ways to get around Wednesday's ruling."
            ),
            vec![pair("Wednesday", "2000-01-05")]
        );
    }

    #[test]
    fn more_and_additional_counts_are_durations() {
        let a = ymd(2000, 6, 1);
        assert_eq!(
            values(a, "The boy will stay for two more weeks."),
            vec![pair("two more weeks", "P2W")]
        );
        assert_eq!(
            values(a, "The contract was extended for an additional year."),
            vec![pair("an additional year", "P1Y")]
        );
    }

    #[test]
    fn long_adjectives_decade_words_and_vague_futures() {
        let a = ymd(2000, 4, 3);
        assert_eq!(
            values(a, "They held a day-long strike."),
            vec![pair("day-long", "P1D")]
        );
        assert_eq!(
            values(a, "Prices rose through the nineties."),
            vec![pair("the nineties", "199")]
        );
        assert_eq!(
            values(a, "The vote was put off to a later date."),
            vec![pair("a later date", "FUTURE_REF")]
        );
        assert_eq!(
            values(a, "Troops arrived at midday."),
            vec![pair("midday", "2000-04-03T12:00")]
        );
    }

    #[test]
    fn election_day_is_the_tuesday_after_the_first_monday_of_november() {
        let a = ymd(1998, 10, 26);
        assert_eq!(
            values(a, "Voters will go to the polls on Election Day."),
            vec![pair("Election Day", "1998-11-03")]
        );
    }

    #[test]
    fn programme_and_film_titles_are_not_times() {
        let a = ymd(1990, 8, 13);
        assert!(values(a, "Baker, speaking on ABC News' \"This Week,\" said so.").is_empty());
        assert!(values(a, "The poster showed Gary Cooper in High Noon.").is_empty());
    }

    #[test]
    fn plural_weekdays_and_each_month_are_sets() {
        let a = ymd(1998, 2, 13);
        assert_eq!(
            values(a, "Flights leave Bombay on Tuesday nights and on Sundays."),
            vec![
                pair("Tuesday nights", "XXXX-WXX-2TNI"),
                pair("Sundays", "XXXX-WXX-7")
            ]
        );
        assert_eq!(
            values(a, "The festival is held each July."),
            vec![pair("each July", "XXXX-07")]
        );
    }
}
