//! Event extraction: one article's sentences, time expressions and actor mentions turned
//! into typed, dated `Event` values with roles, status and provenance. Pure: no I/O.

use crate::actor::Gazetteer;
use crate::article::Article;
use crate::model::Event;

/// What extraction found in one article.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub events: Vec<Event>,
    /// Event mentions that could not be dated to at least a year (kept for `--verbose`).
    pub undated: Vec<String>,
}

/// Extract the events of one article.
pub fn extract(article: &Article, gazetteer: &Gazetteer) -> Extraction {
    let _ = (article, gazetteer);
    todo!()
}
