//! Sentence splitting with byte offsets into the article body, so every event can point at
//! its evidence. OWNER: article helper (stub until filled).

/// One sentence: its text and where it sits in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    pub text: &'a str,
    /// Byte offsets in the body: `&body[start..end] == text`.
    pub start: usize,
    pub end: usize,
}

/// Split a body into sentences (trimmed, non-empty).
pub fn split(body: &str) -> Vec<Sentence<'_>> {
    let _ = body;
    todo!()
}
