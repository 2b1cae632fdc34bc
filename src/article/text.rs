//! Plain-text articles in their three shapes: a header block (`Title:`, `Published:` ...
//! lines, a blank line, the body; also YAML front matter between `---` fences), text pasted
//! from a news page (publisher line, headline, byline, "Published : ..." line and share
//! buttons above the body), and bare text whose only date may be a dateline.

use super::date::{self, DateLine};
use super::{field_of, Draft, Field};
use regex::Regex;
use std::collections::HashSet;
use std::sync::{LazyLock, OnceLock};

/// How many non-blank lines at the top of a pasted page may hold its metadata.
const META_WINDOW: usize = 15;
/// A line longer than this is article text, not a headline or page furniture.
const BODY_LINE_CHARS: usize = 200;

static KEY_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([A-Za-z][A-Za-z0-9 _-]{0,30}?)\s*:\s*(.*?)\s*$").expect("valid key regex")
});
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:by|written by|reported by|words by)\s*:?\s+(.+)$")
        .expect("valid byline regex")
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*\)?").expect("valid email regex")
});

/// Read one plain-text article into a draft (date not yet settled).
pub(super) fn read(text: &str) -> Result<Draft, String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let first = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    let first_line = lines.get(first).copied().unwrap_or("");
    if first_line.trim() == "---" {
        let after = first + 1;
        let close = lines
            .get(after..)
            .and_then(|rest| rest.iter().position(|l| matches!(l.trim(), "---" | "...")));
        if let Some(close) = close {
            let fields = lines.get(after..after + close).unwrap_or(&[]);
            let body = lines.get(after + close + 1..).unwrap_or(&[]);
            return header(fields, body, true);
        }
    }
    // The header runs to the first blank line (or the first line that is not a key); it
    // is a header if one of its keys is one we know ("Category: World" alone is not).
    let rest = lines.get(first..).unwrap_or(&[]);
    let end = rest
        .iter()
        .position(|l| l.trim().is_empty() || !is_header_line(l))
        .unwrap_or(rest.len());
    let fields = rest.get(..end).unwrap_or(&[]);
    let known_key = fields.iter().any(|l| {
        KEY_VALUE
            .captures(l)
            .and_then(|c| field_of(c.get(1)?.as_str()))
            .is_some()
    });
    if known_key && KEY_VALUE.is_match(first_line) {
        let body = rest.get(end..).unwrap_or(&[]);
        return header(fields, body, false);
    }
    Ok(pasted_page(&lines))
}

/// A `Key: value` line, or an indented continuation of the previous value.
fn is_header_line(line: &str) -> bool {
    KEY_VALUE.is_match(line) || line.starts_with([' ', '\t'])
}

fn header(field_lines: &[&str], body: &[&str], front_matter: bool) -> Result<Draft, String> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in field_lines {
        if line.trim().is_empty() || line.trim_start().starts_with('#') && front_matter {
            continue;
        }
        match KEY_VALUE.captures(line) {
            Some(c) if !line.starts_with([' ', '\t']) || fields.is_empty() => {
                let key = c.get(1).map_or("", |m| m.as_str()).trim();
                let mut value = c.get(2).map_or("", |m| m.as_str()).trim();
                if front_matter {
                    value = unquote(value);
                }
                fields.push((key.to_string(), value.to_string()));
            }
            _ => {
                if let Some(last) = fields.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(line.trim());
                }
            }
        }
    }
    let mut draft = Draft::default();
    for (key, value) in fields {
        if value.is_empty() {
            continue;
        }
        let mut field = field_of(&key);
        // "Source: https://..." names where the article is, not who published it.
        if field == Some(Field::Publisher) && value.starts_with("http") && draft.url.is_none() {
            field = Some(Field::Url);
        }
        let slot = match field {
            Some(Field::Title) => &mut draft.title,
            Some(Field::Publisher) => &mut draft.publisher,
            Some(Field::Author) => &mut draft.author,
            Some(Field::Url) => &mut draft.url,
            Some(Field::Published) if draft.date.is_none() => {
                draft.date =
                    Some(date::parse_date_value(&value).map_err(|e| format!("{key}: {e}")));
                continue;
            }
            _ => {
                draft.extra.push((key, value));
                continue;
            }
        };
        if slot.is_none() {
            *slot = Some(value);
        } else {
            draft.extra.push((key, value));
        }
    }
    draft.body = clean_body(body);
    Ok(draft)
}

fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    value
}

/// What a line at the top of a pasted page is.
#[derive(Debug)]
enum TopLine {
    Junk,
    Date(DateLine),
    Byline(String, Option<DateLine>),
    Other,
}

fn classify(line: &str) -> TopLine {
    if is_junk(line) || is_breadcrumb(line) {
        return TopLine::Junk;
    }
    if let Some(author) = byline(line) {
        return author;
    }
    match date::date_line(line) {
        Some(d) => TopLine::Date(d),
        None => TopLine::Other,
    }
}

/// "By Choi Si-young", "By JOHN DOE (jdoe@example.com) | Oct. 20, 2023".
fn byline(line: &str) -> Option<TopLine> {
    let caps = BYLINE.captures(line.trim())?;
    let rest = caps.get(1)?.as_str();
    let (names, tail) = match rest.split_once('|') {
        Some((names, tail)) => (names, Some(tail)),
        None => (rest, None),
    };
    let names = EMAIL.replace_all(names, "");
    let names = names.trim().trim_end_matches([',', ';', '-']).trim();
    let starts_upper = names.chars().next().is_some_and(char::is_uppercase);
    let words = names.split_whitespace().count();
    // "By Sunday, the drills had ended." is a sentence, not a byline.
    let sentence_like = names.ends_with('.')
        && names
            .split_whitespace()
            .last()
            .is_some_and(|w| w.chars().count() > 3);
    if !starts_upper || words > 12 || sentence_like || line.chars().count() > 120 {
        return None;
    }
    let when = tail.and_then(date::date_line);
    Some(TopLine::Byline(names.to_string(), when))
}

/// Site navigation above a headline: "Home > National > North Korea".
fn is_breadcrumb(line: &str) -> bool {
    let parts: Vec<&str> = line
        .split(['>', '›', '»'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    parts.len() >= 2 && parts.iter().all(|p| p.split_whitespace().count() <= 4)
}

/// Share buttons and other page furniture (see `junk.txt`), and lines with no letters or
/// digits at all (bullets, rules).
fn is_junk(line: &str) -> bool {
    static JUNK: OnceLock<HashSet<String>> = OnceLock::new();
    let junk = JUNK.get_or_init(|| {
        include_str!("junk.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect()
    });
    let core = line.trim().trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '•' | '·' | '*' | '|' | '>' | '▶' | '►' | '■' | '●' | '◆')
    });
    if !core.chars().any(char::is_alphanumeric) {
        return !line.trim().is_empty();
    }
    let norm = core
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    junk.contains(&norm)
}

/// A pasted page: the top lines up to the last metadata line (byline, date line, share
/// buttons) are the page head; the first of its other lines is the publisher, the next the
/// headline, any more are subheadlines. Without a byline or date line at the top, the text
/// is taken as a bare article.
fn pasted_page(lines: &[&str]) -> Draft {
    let nonblank: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, _)| i)
        .collect();
    let mut top = Vec::new();
    for &i in nonblank.iter().take(META_WINDOW) {
        let line = lines.get(i).copied().unwrap_or("").trim();
        if line.chars().count() > BODY_LINE_CHARS || date::dateline(line).is_some() {
            break;
        }
        top.push((i, line, classify(line)));
    }
    let has_meta = top
        .iter()
        .any(|(_, _, k)| matches!(k, TopLine::Date(_) | TopLine::Byline(..)));
    if !has_meta {
        return bare_text(lines, &nonblank);
    }
    // The head ends with its last byline or date line and the share buttons right after
    // it; junk further down (a "Share" under the first paragraph) belongs to the body.
    let last_meta = top
        .iter()
        .rposition(|(_, _, k)| matches!(k, TopLine::Date(_) | TopLine::Byline(..)))
        .unwrap_or(0);
    let head_len = last_meta
        + 1
        + top
            .iter()
            .skip(last_meta + 1)
            .take_while(|(_, _, k)| matches!(k, TopLine::Junk))
            .count();
    let head = top.get(..head_len).unwrap_or(&[]);
    let body_from = head.last().map_or(0, |(i, _, _)| i + 1);

    let mut draft = Draft::default();
    let mut dates: Vec<DateLine> = Vec::new();
    let mut others: Vec<&str> = Vec::new();
    for (_, line, kind) in head {
        match kind {
            TopLine::Date(d) => dates.push(d.clone()),
            TopLine::Byline(name, when) => {
                if draft.author.is_none() {
                    draft.author = Some(name.clone());
                }
                dates.extend(when.iter().cloned());
            }
            TopLine::Other => others.push(line),
            TopLine::Junk => {}
        }
    }
    assign_head_lines(&mut draft, &others);
    // Publication beats update; the first of each kind wins.
    if let Some(best) = dates
        .into_iter()
        .filter(|d| d.date.is_some())
        .min_by_key(|d| d.kind)
    {
        if let Some(d) = best.date {
            draft.date = Some(Ok((d, best.time)));
        }
    }
    draft.body = clean_body(lines.get(body_from..).unwrap_or(&[]));
    // A subheadline (standfirst) is the article's own text and often the only place a
    // fact is dated ("bomber, deployed this week, ..."), so extraction must read it too.
    let standfirst: Vec<String> = draft
        .extra
        .iter()
        .filter(|(k, _)| k == "subtitle")
        .map(|(_, v)| v.clone())
        .collect();
    if !standfirst.is_empty() {
        draft.body = format!("{}\n\n{}", standfirst.join("\n\n"), draft.body);
    }
    draft
}

/// Publisher, headline and subheadlines from the head lines that are not metadata.
fn assign_head_lines(draft: &mut Draft, others: &[&str]) {
    let looks_like_publisher =
        |s: &str| s.chars().count() <= 60 && s.split_whitespace().count() <= 8;
    let title_at = match others {
        [] => return,
        [only] => {
            draft.title = Some(only.to_string());
            return;
        }
        [first, _] if !looks_like_publisher(first) => 0,
        [first, ..] => {
            draft.publisher = Some(first.to_string());
            1
        }
    };
    let mut rest = others.iter().skip(title_at);
    draft.title = rest.next().map(|s| s.to_string());
    for sub in rest {
        draft.extra.push(("subtitle".to_string(), sub.to_string()));
    }
}

/// Text with no metadata: a short first line without closing punctuation is the headline.
fn bare_text(lines: &[&str], nonblank: &[usize]) -> Draft {
    let mut draft = Draft::default();
    let mut body_from = 0;
    if let (Some(&first), true) = (nonblank.first(), nonblank.len() > 1) {
        let line = lines.get(first).copied().unwrap_or("").trim();
        let ends_sentence = line.ends_with(['.', '?', '!', ':', '"', '”', ')']);
        if line.chars().count() <= 150 && !ends_sentence && date::dateline(line).is_none() {
            draft.title = Some(line.to_string());
            body_from = first + 1;
        }
    }
    draft.body = clean_body(lines.get(body_from..).unwrap_or(&[]));
    draft
}

/// The body as extraction reads it: page furniture dropped, trailing blanks trimmed, runs
/// of blank lines collapsed, no blank lines at either end.
fn clean_body(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut pending_blank = false;
    for line in lines {
        let line = line.trim_end();
        if line.trim().is_empty() {
            pending_blank = !out.is_empty();
            continue;
        }
        if is_junk(line) {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if pending_blank {
                out.push('\n');
            }
        }
        pending_blank = false;
        out.push_str(line);
    }
    out
}
