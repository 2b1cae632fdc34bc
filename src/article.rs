//! Input readers: header-block text, text pasted from a news page, and JSON Lines, each
//! turned into an `Article` (metadata + body) with a publication date that is read from the
//! text, never guessed. This module owns the bytes-to-text step (BOMs, UTF-16, line ends,
//! binary and empty files), the choice of reader, and the order in which a publication date
//! is looked for: `--published`, then the metadata (header, JSON field, page date line),
//! then a body dateline ("SEOUL, Oct. 19 (Yonhap) --") whose missing year comes from a URL
//! or a date stated in the text, then a date in the URL. No date means an error, not today.
//!
//! What is refused, and why (each refusal is one error naming the file, or file:line):
//! - Encodings: UTF-8 (BOM dropped) and UTF-16 with a BOM are read. Bytes that are not
//!   UTF-8 are read as Windows-1252/Latin-1 only when they look like Western news text
//!   (accented letters inside words, curly quotes, dashes; see `cp1252`); otherwise the file
//!   is refused as "not valid UTF-8", naming the byte. NUL bytes mean binary data.
//! - Size: an article body over `MAX_ARTICLE_BYTES` (4 MiB, some forty times the longest
//!   news features) is refused: such input is a dump, a log or a book, and extraction time
//!   grows with it. A JSON Lines file may be any size; each of its lines is one article.
//! - HTML: a saved news page is read for its headline, date, URL and `<p>` paragraphs
//!   (`html`); a page without paragraphs is refused with a hint, since page furniture
//!   read as sentences would become evidence. Folders are not searched for .html files
//!   (saved sites are mostly index pages); name a page explicitly to read it.
//! - Publication dates must lie between 1600-01-01 (the first printed newspapers) and two
//!   days after today (a paper east of the date line is a day ahead; an embargoed piece may
//!   carry tomorrow's date). Years like 0025 or 9999 are typos or placeholders, and would
//!   anchor every relative date of the article in the wrong era; `--published` is held
//!   to the same bounds.

mod cp1252;
mod date;
mod html;
mod json;
mod text;

use crate::error::{Error, Result};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// One news article ready for extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Where it came from: "path" or "path:line" for JSONL, "-" for stdin.
    pub origin: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// The anchor for relative dates (DCT).
    pub published: NaiveDate,
    /// Time of day as printed ("16:12"), with zone if given ("16:12 KST").
    pub published_time: Option<String>,
    /// Header keys we do not know, kept as given.
    pub extra: Vec<(String, String)>,
    /// The text extraction reads; evidence offsets are byte offsets into it.
    pub body: String,
}

impl Article {
    /// Hex SHA-256 of what makes the article itself (metadata that matters + body), so
    /// re-ingesting identical content is recognised.
    ///
    /// Each field is reduced to its words separated by single spaces, so the same article
    /// saved with other line ends, indentation or trailing blanks hashes the same. The origin
    /// (file name), author and unknown keys do not take part: moving or renaming a file
    /// does not make a new article.
    pub fn content_hash(&self) -> String {
        let mut hasher = Sha256::new();
        let published = self.published.to_string();
        let fields = [
            ("title", self.title.as_deref()),
            ("publisher", self.publisher.as_deref()),
            ("published", Some(published.as_str())),
            ("url", self.url.as_deref()),
            ("body", Some(self.body.as_str())),
        ];
        for (name, value) in fields {
            hasher.update(name.as_bytes());
            match value {
                Some(v) => {
                    hasher.update(b"=");
                    for (i, word) in v.split_whitespace().enumerate() {
                        if i > 0 {
                            hasher.update(b" ");
                        }
                        hasher.update(word.as_bytes());
                    }
                }
                None => hasher.update(b"\x00"),
            }
            // A separator no field can contain keeps "ab"+"c" apart from "a"+"bc".
            hasher.update(b"\x1e");
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Options every reader honours.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// `--published DATE`: overrides whatever the text says.
    pub published: Option<NaiveDate>,
}

/// Extensions taken from inside folders (an explicit file is taken whatever its name).
const ARTICLE_EXTENSIONS: &[&str] = &["txt", "text", "md", "jsonl", "ndjson", "json"];

/// Expand files and folders (recursively, sorted, hidden files skipped) into file paths.
/// "-" is kept as is and means stdin.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(path.clone());
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            walk_dir(path, &mut out)?;
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk_dir(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let io_err = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(io_err)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(io_err)?;
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        // Symlinked folders are not followed, so a link cycle cannot loop forever.
        let link_meta = std::fs::symlink_metadata(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        if link_meta.is_dir() {
            walk_dir(&path, out)?;
        } else if has_article_extension(&path) && path.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

fn has_article_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The largest article body read (bytes of text); see the module doc.
pub const MAX_ARTICLE_BYTES: usize = 4 << 20;

/// The largest file read at all: everything is read into memory, and a JSON Lines file
/// larger than this is better split than held whole.
pub const MAX_FILE_BYTES: u64 = 2 << 30;

/// Read every article of one file ("-" = stdin). A text file yields one item, a JSONL file
/// one per non-blank line; each item fails or succeeds on its own.
pub fn read_path(path: &Path, opts: &ReadOptions) -> Vec<Result<Article>> {
    if path.as_os_str() != "-" {
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.is_dir() {
                return vec![Err(Error::input(
                    path.display().to_string(),
                    "is a folder; give it to ingest as a path to read its articles",
                ))];
            }
            if meta.len() > MAX_FILE_BYTES {
                return vec![Err(Error::input(
                    path.display().to_string(),
                    format!(
                        "file of {} MB is larger than the {} MB annals reads at once; split it",
                        meta.len() >> 20,
                        MAX_FILE_BYTES >> 20
                    ),
                ))];
            }
        }
    }
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map(|_| buf)
    } else {
        std::fs::read(path)
    };
    match bytes {
        Ok(bytes) => read_bytes(&path.display().to_string(), &bytes, opts),
        Err(source) => vec![Err(Error::Io {
            path: path.to_path_buf(),
            source,
        })],
    }
}

/// Same as `read_path` for bytes already in memory; `origin` names them in errors.
pub fn read_bytes(origin: &str, bytes: &[u8], opts: &ReadOptions) -> Vec<Result<Article>> {
    let (text, encoding) = match decode(bytes) {
        Ok(decoded) => decoded,
        Err(message) => return vec![Err(Error::input(origin, message))],
    };
    if text.trim().is_empty() {
        return vec![Err(Error::input(origin, "empty file"))];
    }
    let lower = origin.to_ascii_lowercase();
    let jsonl_name = lower.ends_with(".jsonl") || lower.ends_with(".ndjson");
    // "[" opens JSON only when an object or nothing follows: headlines such as
    // "[Herald Interview] ..." start with a bracket too.
    let trimmed = text.trim_start();
    let json_array = trimmed
        .strip_prefix('[')
        .is_some_and(|rest| matches!(rest.trim_start().chars().next(), Some('{' | ']')));
    let mut articles = if jsonl_name || trimmed.starts_with('{') || json_array {
        json::read(origin, &text, jsonl_name, opts)
    } else if is_html(trimmed) {
        match html::to_text(trimmed) {
            Some(page) => vec![text::read(&page)
                .and_then(|draft| draft.finish(opts))
                .map(|article| article.with_origin(origin))
                .map_err(|message| Error::input(origin, message))],
            None => vec![Err(Error::input(
                origin,
                "an HTML page without article paragraphs; save the article's text (select \
                 it in the browser and paste it into a .txt file) and ingest that",
            ))],
        }
    } else if text.len() > MAX_ARTICLE_BYTES {
        // Checked before the reader looks at it: header and page parsing scan the text.
        vec![Err(Error::input(origin, too_long(text.len())))]
    } else {
        vec![text::read(&text)
            .and_then(|draft| draft.finish(opts))
            .map(|article| article.with_origin(origin))
            .map_err(|message| Error::input(origin, message))]
    };
    if let Some(encoding) = encoding {
        // Kept with the article so a reader of the database knows the text was converted.
        for a in articles.iter_mut().flatten() {
            a.extra.push(("encoding".into(), encoding.into()));
        }
    }
    articles
}

/// Control characters (NUL, escape sequences, backspaces, C1 codes) become spaces: they
/// carry no meaning in news text, and stored as evidence they would reach terminals
/// (`timeline`, `show`) and spreadsheets. One character for one keeps the text's shape;
/// line breaks and tabs stay.
fn blank_controls(text: &mut String) {
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        *text = text
            .chars()
            .map(|c| {
                if c.is_control() && c != '\n' && c != '\t' {
                    ' '
                } else {
                    c
                }
            })
            .collect();
    }
}

fn too_long(len: usize) -> String {
    format!(
        "article text of {:.1} MB is longer than the {} MB an article may have; \
         is this a news article? split it into articles",
        len as f64 / (1 << 20) as f64,
        MAX_ARTICLE_BYTES >> 20
    )
}

/// An HTML document or fragment: a doctype or `<html>` first, or a tag first and closing
/// tags of page structure further on. A text that merely mentions "<p>" is not one.
fn is_html(trimmed: &str) -> bool {
    let head: String = trimmed
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return true;
    }
    if !head.starts_with('<') {
        return false;
    }
    let sample: String = trimmed
        .chars()
        .take(64 * 1024)
        .collect::<String>()
        .to_ascii_lowercase();
    ["</p>", "</div>", "</body>", "</head>", "</article>"]
        .iter()
        .any(|tag| sample.contains(tag))
}

/// Bytes to text: UTF-8 (BOM dropped), UTF-16 with a BOM, or plausible Windows-1252 (then
/// the second value names it); NUL bytes mean binary data. Line ends become "\n" so
/// offsets and hashes do not depend on the platform that saved it.
fn decode(bytes: &[u8]) -> Result<(String, Option<&'static str>), String> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8(rest, 3)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, u16::from_le_bytes)?, None)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, u16::from_be_bytes)?, None)
    } else {
        utf8(bytes, 0)?
    };
    Ok((normalise_line_ends(&text), encoding))
}

fn utf8(bytes: &[u8], offset: usize) -> Result<(String, Option<&'static str>), String> {
    if bytes.contains(&0) {
        return Err(if looks_like_bomless_utf16(bytes) {
            "UTF-16 text without a byte-order mark; save the file as UTF-8".into()
        } else {
            "binary data, not a text article".into()
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), None)),
        Err(e) => match cp1252::decode_mixed(bytes) {
            Some(text) => Ok((text, Some("windows-1252"))),
            None => Err(format!(
                "not valid UTF-8 at byte {} (nor Windows-1252 text); save the file as UTF-8",
                e.valid_up_to() + offset
            )),
        },
    }
}

/// ASCII-heavy UTF-16 has a NUL in every other byte; binary files do not.
fn looks_like_bomless_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let half = sample.len() / 2;
    half >= 4 && (zeros_at(0) * 10 >= half * 9 || zeros_at(1) * 10 >= half * 9)
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    let chunks = bytes.chunks_exact(2);
    if !chunks.remainder().is_empty() {
        return Err("UTF-16 text with an odd number of bytes; save the file as UTF-8".into());
    }
    let units = chunks.map(|c| unit([c[0], c[1]]));
    let mut out = String::with_capacity(bytes.len() / 2);
    // Byte offset in the file (after the 2-byte BOM), for the error message.
    let mut at = 2;
    for ch in char::decode_utf16(units) {
        match ch {
            Ok('\0') => return Err("binary data, not a text article".into()),
            Ok(ch) => {
                out.push(ch);
                at += 2 * ch.len_utf16();
            }
            Err(_) => {
                return Err(format!(
                    "not valid UTF-16 at byte {at}; save the file as UTF-8"
                ))
            }
        }
    }
    Ok(out)
}

fn normalise_line_ends(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

/// What a reader found before the publication date is settled.
#[derive(Debug, Default)]
struct Draft {
    title: Option<String>,
    publisher: Option<String>,
    author: Option<String>,
    url: Option<String>,
    /// The date the metadata states, or why the stated date could not be read.
    date: Option<std::result::Result<(NaiveDate, Option<String>), String>>,
    extra: Vec<(String, String)>,
    body: String,
}

impl Draft {
    /// Settle the publication date and build the article (origin filled in by the caller).
    fn finish(mut self, opts: &ReadOptions) -> std::result::Result<Article, String> {
        if self.body.trim().is_empty() {
            return Err("no article text (the body is empty)".into());
        }
        if self.body.len() > MAX_ARTICLE_BYTES {
            return Err(too_long(self.body.len()));
        }
        for field in [
            &mut self.title,
            &mut self.publisher,
            &mut self.author,
            &mut self.url,
        ]
        .into_iter()
        .flatten()
        {
            blank_controls(field);
        }
        blank_controls(&mut self.body);
        let (published, published_time) = match (opts.published, &self.date) {
            // The override also rescues a header date that does not parse. The printed time
            // belonged to the printed date, so it goes with it.
            (Some(date), _) => (date, None),
            (None, Some(Ok((date, time)))) => (*date, time.clone()),
            (None, Some(Err(message))) => return Err(message.clone()),
            (None, None) => self.date_from_text()?,
        };
        check_published(published, chrono::Utc::now().date_naive())?;
        Ok(Article {
            origin: String::new(),
            title: self.title,
            publisher: self.publisher,
            author: self.author,
            url: self.url,
            published,
            published_time,
            extra: self.extra,
            body: self.body,
        })
    }

    /// No metadata date: a page date line at the top of the body, a dateline, or the URL.
    fn date_from_text(&self) -> std::result::Result<(NaiveDate, Option<String>), String> {
        let top: Vec<&str> = self
            .body
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(6)
            .collect();
        let page_date = top
            .iter()
            .filter_map(|l| date::date_line(l))
            .filter_map(|l| Some((l.kind, l.date?, l.time)))
            .min_by_key(|l| l.0);
        if let Some((_, d, time)) = page_date {
            return Ok((d, time));
        }
        let urls: Vec<&str> = self
            .url
            .as_deref()
            .into_iter()
            .chain(date::urls_in(&self.body))
            .collect();
        if let Some(line) = top.iter().find_map(|l| date::dateline(l)) {
            return self.dateline_date(&line, &urls).map(|d| (d, None));
        }
        if let Some(d) = urls.iter().find_map(|u| date::url_date(u)) {
            return Ok((d, None));
        }
        Err(
            "no publication date found; add a 'Published:' header or pass --published YYYY-MM-DD"
                .into(),
        )
    }

    /// The full date of a body dateline; a missing year comes from the URL, then from a
    /// full date stated in the text, then from a copyright line.
    fn dateline_date(
        &self,
        line: &date::Dateline,
        urls: &[&str],
    ) -> std::result::Result<NaiveDate, String> {
        let invalid = || format!("dateline '{}' names no real day", line.text);
        if let Some(year) = line.year {
            return NaiveDate::from_ymd_opt(year, line.month, line.day).ok_or_else(invalid);
        }
        let url_dates: Vec<NaiveDate> = urls.iter().filter_map(|u| date::url_date(u)).collect();
        if let Some(d) = date::closest_year(line.month, line.day, &url_dates) {
            return Ok(d);
        }
        if let Some(year) = urls.iter().find_map(|u| date::url_year(u)) {
            return NaiveDate::from_ymd_opt(year, line.month, line.day).ok_or_else(invalid);
        }
        let stated: Vec<NaiveDate> = date::all_dates(&self.body)
            .into_iter()
            .map(|f| f.date)
            .collect();
        if let Some(d) = date::closest_year(line.month, line.day, &stated) {
            return Ok(d);
        }
        if let Some(year) = date::copyright_year(&self.body) {
            return NaiveDate::from_ymd_opt(year, line.month, line.day).ok_or_else(invalid);
        }
        Err(format!(
            "dateline '{}' has no year and the text states none; add a 'Published:' header or pass --published YYYY-MM-DD",
            line.text
        ))
    }
}

/// The earliest publication date accepted: the first printed newspapers date from 1605.
const EARLIEST_PUBLISHED: (i32, u32, u32) = (1600, 1, 1);
/// How far past today a publication date may lie (time zones ahead of UTC, embargoes).
const FUTURE_SLACK_DAYS: i64 = 2;

/// Refuse a publication date no news article can have (see the module doc); `today` is
/// passed in so the rule can be tested on fixed dates.
fn check_published(date: NaiveDate, today: NaiveDate) -> std::result::Result<(), String> {
    let (y, m, d) = EARLIEST_PUBLISHED;
    let earliest = NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
    let latest = today
        .checked_add_signed(chrono::Duration::days(FUTURE_SLACK_DAYS))
        .unwrap_or(NaiveDate::MAX);
    if date < earliest {
        return Err(format!(
            "publication date {date} is before {earliest}, earlier than any newspaper; \
             fix the date or pass --published YYYY-MM-DD"
        ));
    }
    if date > latest {
        return Err(format!(
            "publication date {date} is in the future (today is {today}); \
             fix the date or pass --published YYYY-MM-DD"
        ));
    }
    Ok(())
}

/// The metadata fields readers know, whatever a source calls them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Publisher,
    Author,
    Published,
    Url,
    Body,
}

/// Map a header key or JSON key ("Published", "published_at", "datePublished", "Source")
/// to the field it names, ignoring case and separators.
fn field_of(key: &str) -> Option<Field> {
    let norm: String = key
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    Some(match norm.as_str() {
        "title" | "headline" => Field::Title,
        "publisher" | "source" | "publication" | "outlet" | "site" | "sitename" | "newspaper" => {
            Field::Publisher
        }
        "author" | "authors" | "byline" | "by" | "writer" | "reporter" | "creator" => Field::Author,
        "published" | "date" | "publishedat" | "publisheddate" | "publishdate"
        | "publicationdate" | "pubdate" | "datepublished" | "posted" | "postedat" => {
            Field::Published
        }
        "url" | "link" | "sourceurl" | "canonicalurl" | "permalink" => Field::Url,
        "body" | "text" | "content" | "articlebody" | "articletext" | "maintext" | "fulltext" => {
            Field::Body
        }
        _ => return None,
    })
}

impl Article {
    fn with_origin(mut self, origin: &str) -> Self {
        self.origin = origin.to_string();
        self
    }
}

#[cfg(test)]
mod tests;
