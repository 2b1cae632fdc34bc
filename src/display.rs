//! The human view: dates as people say them ("Aug 2023", "week of 16 Oct 2023",
//! "18–19 Oct 2023", "22 Oct 2023 (planned)"), the aligned timeline table of `annals
//! timeline` and the one-event detail of `annals show`. Alignment is by terminal display
//! width (accents take one column, CJK two, combining marks none), never by bytes, and every
//! cell is stripped of control characters so text copied from a news page cannot move the
//! cursor or recolour the terminal.

use crate::error::{Error, Result};
use crate::model::{DateRange, Event, Precision, Role, Status};
use chrono::{Datelike, NaiveDate};
use std::io::{self, Write};
use std::path::PathBuf;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The table aims at this many columns; only SUMMARY (and ACTORS) give way.
const TABLE_WIDTH: usize = 160;
/// Narrowest SUMMARY column worth showing, even if the line then runs past `TABLE_WIDTH`.
const MIN_SUMMARY: usize = 48;
/// ACTORS is capped so one crowded event cannot squeeze every summary.
const MAX_ACTORS: usize = 34;
const GAP: &str = "  ";

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const YELLOW: &str = "\x1b[33m";
const RESET: &str = "\x1b[0m";

/// A date range as a person would write it, with "(planned)" / "(ongoing)" when not done.
pub fn human_date(range: &DateRange, status: Status) -> String {
    let text = range_text(range);
    match status {
        Status::Occurred => text,
        Status::Planned => format!("{text} (planned)"),
        Status::Ongoing => format!("{text} (ongoing)"),
    }
}

fn month_name(d: NaiveDate) -> &'static str {
    MONTHS.get(d.month0() as usize).copied().unwrap_or("?")
}

fn day_month_year(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_name(d), d.year())
}

/// "18 Oct 2023", "18–19 Oct 2023", "30 Sep – 2 Oct 2023", "30 Dec 2023 – 2 Jan 2024":
/// repeat only the parts that differ, en dash closed up inside a month, spaced across.
fn day_range_text(s: NaiveDate, e: NaiveDate) -> String {
    if s == e {
        day_month_year(s)
    } else if s.year() == e.year() && s.month() == e.month() {
        format!("{}–{} {} {}", s.day(), e.day(), month_name(s), s.year())
    } else if s.year() == e.year() {
        format!(
            "{} {} – {} {} {}",
            s.day(),
            month_name(s),
            e.day(),
            month_name(e),
            e.year()
        )
    } else {
        format!("{} – {}", day_month_year(s), day_month_year(e))
    }
}

fn range_text(r: &DateRange) -> String {
    let (s, e) = (r.start, r.end);
    match r.precision {
        Precision::Day => day_range_text(s, e),
        Precision::Week if r.len_days() <= 7 => format!("week of {}", day_month_year(s)),
        Precision::Week => format!("weeks of {}", day_range_text(s, e)),
        Precision::Month => {
            if s.year() == e.year() && s.month() == e.month() {
                format!("{} {}", month_name(s), s.year())
            } else if s.year() == e.year() {
                format!("{} – {} {}", month_name(s), month_name(e), e.year())
            } else {
                format!(
                    "{} {} – {} {}",
                    month_name(s),
                    s.year(),
                    month_name(e),
                    e.year()
                )
            }
        }
        Precision::Quarter => {
            let (qs, qe) = (s.month0() / 3 + 1, e.month0() / 3 + 1);
            if s.year() == e.year() && qs == qe {
                format!("Q{qs} {}", s.year())
            } else if s.year() == e.year() {
                format!("Q{qs} – Q{qe} {}", e.year())
            } else {
                format!("Q{qs} {} – Q{qe} {}", s.year(), e.year())
            }
        }
        Precision::Year => {
            if s.year() == e.year() {
                s.year().to_string()
            } else {
                format!("{} – {}", s.year(), e.year())
            }
        }
    }
}

/// Columns a character takes in a terminal: 0 for combining marks and zero-width
/// characters, 2 for East Asian wide and fullwidth forms and emoji, 1 otherwise. A compact
/// table of the ranges news text actually uses, not the full Unicode EastAsianWidth data.
fn char_width(c: char) -> usize {
    let u = c as u32;
    if c.is_control() {
        return 0;
    }
    const ZERO: [(u32, u32); 8] = [
        (0x0300, 0x036F),
        (0x0483, 0x0489),
        (0x0591, 0x05BD),
        (0x1AB0, 0x1AFF),
        (0x1DC0, 0x1DFF),
        (0x200B, 0x200F),
        (0x20D0, 0x20FF),
        (0xFE00, 0xFE0F),
    ];
    const WIDE: [(u32, u32); 17] = [
        (0x1100, 0x115F),
        (0x2E80, 0x303E),
        (0x3041, 0x33FF),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xA000, 0xA4CF),
        (0xA960, 0xA97F),
        (0xAC00, 0xD7A3),
        (0xF900, 0xFAFF),
        (0xFE30, 0xFE4F),
        (0xFF00, 0xFF60),
        (0xFFE0, 0xFFE6),
        (0x1F300, 0x1F64F),
        (0x1F680, 0x1F6FF),
        (0x1F900, 0x1F9FF),
        (0x20000, 0x2FFFD),
        (0x30000, 0x3FFFD),
    ];
    let within = |ranges: &[(u32, u32)]| ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&u));
    if within(&ZERO) || u == 0x2060 || u == 0xFEFF {
        0
    } else if within(&WIDE) {
        2
    } else {
        1
    }
}

/// Terminal columns `s` occupies (see `char_width`).
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// `s` cut to at most `max` columns, ending in "…" when something was cut.
pub fn truncate_width(s: &str, max: usize) -> String {
    if display_width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    let mut cut_at_space = false;
    for c in s.chars() {
        let w = char_width(c);
        if used + w + 1 > max {
            cut_at_space = c.is_whitespace();
            break;
        }
        out.push(c);
        used += w;
    }
    // Prefer ending at a word boundary when one is near (headlines read better as "Lavrov
    // visits…" than "Lavrov visits Pyo…"); scripts without spaces keep the character cut.
    if let Some(space) = out.rfind(' ').filter(|_| !cut_at_space) {
        if space > out.len() / 2 {
            out.truncate(space);
        }
    }
    // Do not leave a dangling space before the ellipsis.
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    if max > 0 {
        out.push('…');
    }
    out
}

/// One line of plain text: control characters (newlines, tabs, ESC of ANSI sequences) from
/// the article become spaces, runs of spaces collapse.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = true;
    for c in s.chars() {
        let c = if c.is_control() || c.is_whitespace() {
            ' '
        } else {
            c
        };
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    let len = out.trim_end().len();
    out.truncate(len);
    out
}

/// `s` padded with spaces to `width` columns (left-aligned).
fn pad(s: &str, width: usize) -> String {
    let fill = width.saturating_sub(display_width(s));
    let mut out = String::with_capacity(s.len() + fill);
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', fill));
    out
}

/// `s` right-aligned in `width` columns.
fn pad_left(s: &str, width: usize) -> String {
    let fill = width.saturating_sub(display_width(s));
    let mut out: String = std::iter::repeat_n(' ', fill).collect();
    out.push_str(s);
    out
}

fn io_error(source: io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("<output>"),
        source,
    }
}

/// "Sergei Lavrov → North Korea" (who acts → who is acted upon), or the sides of a joint
/// action "South Korea, United States, Japan". Reporters are left to the detail view.
pub fn actors_brief(event: &Event) -> String {
    let names = |pred: fn(Role) -> bool| -> Vec<&str> {
        let mut v: Vec<&str> = Vec::new();
        for a in event.actors.iter().filter(|a| pred(a.role)) {
            if !v.contains(&a.name.as_str()) {
                v.push(a.name.as_str());
            }
        }
        v
    };
    let acting = names(|r| matches!(r, Role::Source | Role::Participant));
    let targets = names(|r| r == Role::Target);
    let text = match (acting.is_empty(), targets.is_empty()) {
        (false, false) => format!("{} → {}", acting.join(", "), targets.join(", ")),
        (false, true) => acting.join(", "),
        (true, false) => format!("→ {}", targets.join(", ")),
        (true, true) => names(|r| r == Role::Reporter).join(", "),
    };
    one_line(&text)
}

fn type_text(event: &Event) -> String {
    match event
        .mode
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        Some(mode) => one_line(&format!("{}/{}", event.event_type, mode)),
        None => event.event_type.to_string(),
    }
}

/// The timeline as an aligned table: id, date, (status), type, actors, summary, sources.
/// The DATE column says "(planned)" / "(ongoing)" itself, the way a person reads a date,
/// so there is no separate STATUS column. With no events only the header is written.
pub fn write_table(out: &mut dyn Write, events: &[Event], color: bool) -> Result<()> {
    struct Row {
        id: String,
        date: String,
        status: Status,
        kind: String,
        actors: String,
        summary: String,
        src: String,
    }
    let rows: Vec<Row> = events
        .iter()
        .map(|e| Row {
            id: e.id.map(|i| i.to_string()).unwrap_or_else(|| "-".into()),
            date: human_date(&e.date, e.status),
            status: e.status,
            kind: type_text(e),
            actors: truncate_width(&actors_brief(e), MAX_ACTORS),
            summary: one_line(&e.summary),
            src: e.sources.len().to_string(),
        })
        .collect();

    let width = |head: &str, cell: &dyn Fn(&Row) -> usize| {
        rows.iter()
            .map(cell)
            .max()
            .unwrap_or(0)
            .max(display_width(head))
    };
    let w_id = width("ID", &|r| display_width(&r.id));
    let w_date = width("DATE", &|r| display_width(&r.date));
    let w_type = width("TYPE", &|r| display_width(&r.kind));
    let w_actors = width("ACTORS", &|r| display_width(&r.actors));
    let w_src = width("SRC", &|r| r.src.len());
    let gaps = GAP.len() * 5;
    let fixed = w_id + w_date + w_type + w_actors + w_src + gaps;
    let room = TABLE_WIDTH.saturating_sub(fixed).max(MIN_SUMMARY);
    let summaries: Vec<String> = rows
        .iter()
        .map(|r| truncate_width(&r.summary, room))
        .collect();
    let w_summary = summaries
        .iter()
        .map(|s| display_width(s))
        .max()
        .unwrap_or(0)
        .max(display_width("SUMMARY"));

    let line = |id: &str, date: &str, kind: &str, actors: &str, summary: &str, src: &str| {
        [
            pad_left(id, w_id),
            pad(date, w_date),
            pad(kind, w_type),
            pad(actors, w_actors),
            pad(summary, w_summary),
            pad_left(src, w_src),
        ]
        .join(GAP)
    };

    let header = line("ID", "DATE", "TYPE", "ACTORS", "SUMMARY", "SRC");
    if color {
        writeln!(out, "{BOLD}{header}{RESET}").map_err(io_error)?;
    } else {
        writeln!(out, "{header}").map_err(io_error)?;
    }
    for (r, summary) in rows.iter().zip(&summaries) {
        let text = line(&r.id, &r.date, &r.kind, &r.actors, summary, &r.src);
        // Styling wraps whole padded lines, so escape codes never disturb the alignment.
        let style = match (color, r.status) {
            (false, _) | (true, Status::Occurred) => "",
            (true, Status::Planned) => DIM,
            (true, Status::Ongoing) => YELLOW,
        };
        if style.is_empty() {
            writeln!(out, "{text}").map_err(io_error)?;
        } else {
            writeln!(out, "{style}{text}{RESET}").map_err(io_error)?;
        }
    }
    out.flush().map_err(io_error)
}

/// Everything about one event: fields, actors with roles, every source with its sentence
/// and time expression.
pub fn write_detail(out: &mut dyn Write, event: &Event) -> Result<()> {
    let mut text = String::new();
    let id = event
        .id
        .map(|i| format!("#{i}"))
        .unwrap_or_else(|| "(not stored)".into());
    let r = &event.date;
    text.push_str(&format!("{id}  {}\n", one_line(&event.summary)));
    text.push_str(&format!(
        "  date:      {} ({} .. {}, {} precision)\n",
        human_date(r, Status::Occurred),
        r.start,
        r.end,
        r.precision
    ));
    text.push_str(&format!("  status:    {}\n", event.status));
    let mut kind = format!("  type:      {}", event.event_type);
    if let Some(mode) = event.mode.as_deref().filter(|m| !m.trim().is_empty()) {
        kind.push_str(&format!(", mode {}", one_line(mode)));
    }
    if !event.cameo.is_empty() {
        kind.push_str(&format!(" (CAMEO {})", one_line(&event.cameo)));
    }
    text.push_str(&kind);
    text.push('\n');
    if let Some(loc) = event.location.as_deref() {
        text.push_str(&format!("  location:  {}\n", one_line(loc)));
    }
    if event.actors.is_empty() {
        text.push_str("  actors:    none\n");
    }
    for (i, a) in event.actors.iter().enumerate() {
        let label = if i == 0 {
            "  actors:    "
        } else {
            "             "
        };
        let country = a
            .country
            .as_deref()
            .map(|c| format!(", {}", one_line(c)))
            .unwrap_or_default();
        text.push_str(&format!(
            "{label}{} — {} ({}{country}) [{}]\n",
            one_line(&a.name),
            a.role,
            a.kind,
            one_line(&a.key)
        ));
    }
    text.push_str(&format!("  sources:   {}\n", event.sources.len()));
    for (i, s) in event.sources.iter().enumerate() {
        let publisher = s
            .publisher
            .as_deref()
            .map(one_line)
            .unwrap_or_else(|| "unknown publisher".into());
        let article = s
            .article_id
            .map(|a| format!(" (article {a})"))
            .unwrap_or_default();
        text.push_str(&format!(
            "  [{}] {publisher}, published {}{article}\n",
            i + 1,
            s.published
        ));
        let field = |label: &str, value: Option<&str>| match value {
            Some(v) if !v.trim().is_empty() => format!("      {label:<15}{}\n", one_line(v)),
            _ => String::new(),
        };
        text.push_str(&field("title:", s.title.as_deref()));
        text.push_str(&field("url:", s.url.as_deref()));
        text.push_str(&field("attributed to:", s.attributed_to.as_deref()));
        text.push_str(&field("time:", s.time_expression.as_deref()));
        text.push_str(&format!(
            "      {:<15}“{}” (bytes {}–{})\n",
            "evidence:",
            one_line(&s.evidence),
            s.evidence_start,
            s.evidence_end
        ));
    }
    out.write_all(text.as_bytes()).map_err(io_error)?;
    out.flush().map_err(io_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixtures::{lavrov_visit, planned_drill, ymd};

    fn days(s: (i32, u32, u32), e: (i32, u32, u32)) -> DateRange {
        DateRange::days(ymd(s.0, s.1, s.2), ymd(e.0, e.1, e.2))
    }

    #[test]
    fn single_day_reads_day_month_year() {
        let r = DateRange::day(ymd(2023, 10, 18));
        assert_eq!(human_date(&r, Status::Occurred), "18 Oct 2023");
    }

    #[test]
    fn day_range_in_one_month_closes_up_the_en_dash() {
        let r = days((2023, 10, 18), (2023, 10, 19));
        assert_eq!(human_date(&r, Status::Occurred), "18–19 Oct 2023");
    }

    #[test]
    fn day_range_across_months_and_years_repeats_what_differs() {
        let r = days((2023, 9, 30), (2023, 10, 2));
        assert_eq!(human_date(&r, Status::Occurred), "30 Sep – 2 Oct 2023");
        let r = days((2023, 12, 30), (2024, 1, 2));
        assert_eq!(human_date(&r, Status::Occurred), "30 Dec 2023 – 2 Jan 2024");
    }

    #[test]
    fn week_reads_week_of_its_monday() {
        let r = DateRange::week_of(ymd(2023, 10, 20));
        assert_eq!(human_date(&r, Status::Occurred), "week of 16 Oct 2023");
    }

    #[test]
    fn month_and_month_range() {
        let aug = DateRange::month(2023, 8);
        assert_eq!(
            aug.map(|r| human_date(&r, Status::Occurred)).as_deref(),
            Some("Aug 2023")
        );
        let r = DateRange {
            start: ymd(2024, 7, 1),
            end: ymd(2024, 9, 30),
            precision: Precision::Month,
        };
        assert_eq!(human_date(&r, Status::Occurred), "Jul – Sep 2024");
        let r = DateRange {
            start: ymd(2023, 12, 1),
            end: ymd(2024, 2, 29),
            precision: Precision::Month,
        };
        assert_eq!(human_date(&r, Status::Occurred), "Dec 2023 – Feb 2024");
    }

    #[test]
    fn quarter_and_year_ranges() {
        let q3 = DateRange::quarter(2023, 3);
        assert_eq!(
            q3.map(|r| human_date(&r, Status::Occurred)).as_deref(),
            Some("Q3 2023")
        );
        let y = DateRange::year(2023);
        assert_eq!(
            y.map(|r| human_date(&r, Status::Occurred)).as_deref(),
            Some("2023")
        );
        let r = DateRange {
            start: ymd(2022, 1, 1),
            end: ymd(2023, 12, 31),
            precision: Precision::Year,
        };
        assert_eq!(human_date(&r, Status::Occurred), "2022 – 2023");
    }

    #[test]
    fn planned_and_ongoing_get_a_suffix() {
        let r = DateRange::day(ymd(2023, 10, 22));
        assert_eq!(human_date(&r, Status::Planned), "22 Oct 2023 (planned)");
        let r = DateRange::month(2023, 10);
        assert_eq!(
            r.map(|r| human_date(&r, Status::Ongoing)).as_deref(),
            Some("Oct 2023 (ongoing)")
        );
    }

    #[test]
    fn width_counts_columns_not_bytes() {
        assert_eq!(display_width("Zelenskyy"), 9);
        assert_eq!(display_width("Erdoğan"), 7);
        assert_eq!(display_width("Kim–Putin"), 9);
        assert_eq!(display_width("김정은"), 6);
        assert_eq!(display_width("習近平"), 6);
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("🚀 launch"), 9);
    }

    #[test]
    fn truncation_respects_width_and_char_boundaries() {
        assert_eq!(truncate_width("short", 10), "short");
        assert_eq!(truncate_width("Lavrov visits Pyongyang", 10), "Lavrov…");
        assert_eq!(
            truncate_width("Lavrov visits Pyongyang", 14),
            "Lavrov visits…"
        );
        let t = truncate_width("김정은 위원장이 라브로프 장관을 만났다", 9);
        assert!(display_width(&t) <= 9, "{t}");
        assert!(t.ends_with('…'));
    }

    fn table(events: &[Event], color: bool) -> String {
        let mut buf: Vec<u8> = Vec::new();
        assert!(write_table(&mut buf, events, color).is_ok());
        String::from_utf8(buf).unwrap_or_default()
    }

    #[test]
    fn table_aligns_columns_by_display_width() {
        let mut korean = lavrov_visit();
        korean.id = Some(12);
        korean.summary = "김정은, 라브로프 접견".into();
        let text = table(&[lavrov_visit(), korean], false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("ID"));
        assert!(lines[0].contains("SUMMARY"));
        assert!(
            !lines[0].contains("STATUS"),
            "all occurred: no STATUS column"
        );
        // SRC is the last column: right edges line up in display columns.
        let widths: Vec<usize> = lines.iter().map(|l| display_width(l)).collect();
        assert_eq!(widths[0], widths[1]);
        assert_eq!(widths[1], widths[2]);
        assert!(lines[1].contains("Sergei Lavrov → North Korea"));
        assert!(lines[1].contains("consult/visit"));
    }

    #[test]
    fn table_dates_carry_the_status_and_long_summaries_are_truncated() {
        let mut long = planned_drill();
        long.summary = "word ".repeat(60);
        let text = table(&[lavrov_visit(), long], false);
        let lines: Vec<&str> = text.lines().collect();
        assert!(!lines[0].contains("STATUS"));
        assert!(lines[2].contains("(planned)"));
        assert!(lines[2].contains('…'));
        assert!(lines.iter().all(|l| display_width(l) <= TABLE_WIDTH));
        assert!(!text.contains('\x1b'));
    }

    #[test]
    fn table_color_only_when_asked_and_dims_planned_rows() {
        let text = table(&[lavrov_visit(), planned_drill()], true);
        assert!(text.starts_with(BOLD));
        let planned_line = text.lines().nth(2).unwrap_or_default();
        assert!(planned_line.starts_with(DIM));
    }

    #[test]
    fn table_strips_control_characters_from_news_text() {
        let mut e = lavrov_visit();
        e.summary = "Lavrov\x1b[31m arrives\nin Pyongyang".into();
        let text = table(&[e], false);
        assert!(!text.contains('\x1b'));
        assert_eq!(text.lines().count(), 2);
    }

    #[test]
    fn detail_lists_every_field_actor_and_source() {
        let mut buf: Vec<u8> = Vec::new();
        assert!(write_detail(&mut buf, &planned_drill()).is_ok());
        let text = String::from_utf8(buf).unwrap_or_default();
        for needle in [
            "#4",
            "22 Oct 2023",
            "status:    planned",
            "cooperate",
            "CAMEO 062",
            "South Korea — participant (state, KOR) [KOR]",
            "KCNA — reporter (media, PRK)",
            "sources:   2",
            "[1] Yonhap, published 2023-10-20 (article 2)",
            "https://example.com/a?x=1&y=2",
            "attributed to: a defense ministry official",
            "likely on Sunday",
            "“The drills will likely take place on Sunday, an official said.”",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
    }
}
