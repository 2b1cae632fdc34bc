//! Input readers: header-block text, text pasted from a news page, and JSON Lines, each
//! turned into an `Article` (metadata + body) with a publication date that is read from the
//! text, never guessed. OWNER: article helper (stub until filled).

use crate::error::Result;
use chrono::NaiveDate;
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
    pub fn content_hash(&self) -> String {
        todo!()
    }
}

/// Options every reader honours.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// `--published DATE`: overrides whatever the text says.
    pub published: Option<NaiveDate>,
}

/// Expand files and folders (recursively, sorted, hidden files skipped) into file paths.
/// "-" is kept as is and means stdin.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let _ = paths;
    todo!()
}

/// Read every article of one file ("-" = stdin). A text file yields one item, a JSONL file
/// one per non-blank line; each item fails or succeeds on its own.
pub fn read_path(path: &Path, opts: &ReadOptions) -> Vec<Result<Article>> {
    let _ = (path, opts);
    todo!()
}

/// Same as `read_path` for bytes already in memory; `origin` names them in errors.
pub fn read_bytes(origin: &str, bytes: &[u8], opts: &ReadOptions) -> Vec<Result<Article>> {
    let _ = (origin, bytes, opts);
    todo!()
}
