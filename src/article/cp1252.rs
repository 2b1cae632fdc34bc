//! Windows-1252 / Latin-1 fallback for text that is not UTF-8. Older newsroom exports,
//! Windows editors and mail archives still save cp1252; refusing them loses real articles,
//! but decoding every non-UTF-8 file as cp1252 would turn binary data and other code
//! pages into plausible-looking garbage. So the bytes that are not UTF-8 are decoded one by
//! one, and the result is kept only when every such byte reads as something a news text
//! contains: a typographic sign (curly quotes, dashes, euro, degree, no-break space...) or
//! an accented letter *inside a word that also has a plain ASCII letter* ("Café", "Müller",
//! "São"). Bytes cp1252 leaves undefined, control characters, or accented letters that form
//! words alone ("ÿþ", the UTF-16 mark read as text) make the file implausible, and it is
//! refused as before. Valid UTF-8 runs in the same file are kept as UTF-8, so a UTF-8
//! file with one stray cp1252 quote pasted in is repaired rather than turned to mojibake.

/// Decode `bytes` (which are not valid UTF-8) as UTF-8 runs with cp1252 bytes between
/// them; `None` when the non-UTF-8 bytes do not read as plausible text.
pub(super) fn decode_mixed(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    // Byte offsets in `out` of the characters decoded from cp1252, to judge afterwards
    // in their context.
    let mut decoded_at = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                break;
            }
            Err(e) => {
                let (valid, tail) = rest.split_at(e.valid_up_to());
                // `valid` is valid UTF-8 by construction; the lossy call never replaces.
                out.push_str(&String::from_utf8_lossy(valid));
                let bad_len = e.error_len().unwrap_or(tail.len()).min(tail.len());
                let (bad, after) = tail.split_at(bad_len);
                for &b in bad {
                    decoded_at.push(out.len());
                    out.push(cp1252_char(b));
                }
                rest = after;
            }
        }
    }
    let plausible = decoded_at.iter().all(|&at| plausible_at(&out, at));
    // A text with a high share of non-UTF-8 bytes is more likely another code page
    // (Cyrillic, Greek) or compressed data than Western European news.
    let share_ok = decoded_at.len() * 5 <= bytes.len();
    (plausible && share_ok).then_some(out)
}

/// One byte in Windows-1252 (which WHATWG also uses for "Latin-1" labelled text).
fn cp1252_char(b: u8) -> char {
    let one = [b];
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&one);
    text.chars().next().unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Whether the character decoded at byte `at` of `text` reads as news text there.
fn plausible_at(text: &str, at: usize) -> bool {
    let Some(c) = text.get(at..).and_then(|s| s.chars().next()) else {
        return false;
    };
    if c.is_control() || c == char::REPLACEMENT_CHARACTER {
        return false;
    }
    if !c.is_alphabetic() {
        // Quotes, dashes, currency, degree, no-break space: plausible anywhere.
        return true;
    }
    // The word around it: the run of letters (and apostrophes) on both sides.
    let is_word = |ch: char| ch.is_alphabetic() || ch == '\'' || ch == '\u{2019}';
    let before = text
        .get(..at)
        .unwrap_or("")
        .chars()
        .rev()
        .take_while(|&ch| is_word(ch));
    let after = text
        .get(at..)
        .unwrap_or("")
        .chars()
        .take_while(|&ch| is_word(ch));
    let word: Vec<char> = before.chain(after).collect();
    // A lone accented letter is a word in French or Spanish ("à", "é"); two or more
    // accented letters with no ASCII letter among them are not a word of a Western text.
    word.len() == 1 || word.iter().any(|ch| ch.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_accents_inside_words_decode() {
        assert_eq!(
            decode_mixed(b"Caf\xE9 talks in Z\xFCrich and S\xE3o Paulo").as_deref(),
            Some("Café talks in Zürich and São Paulo")
        );
    }

    #[test]
    fn cp1252_typographic_signs_decode() {
        assert_eq!(
            decode_mixed(b"\x93We will respond,\x94 he said \x97 in Seoul\x85").as_deref(),
            Some("\u{201c}We will respond,\u{201d} he said \u{2014} in Seoul\u{2026}")
        );
    }

    #[test]
    fn utf8_runs_stay_utf8_around_a_stray_cp1252_byte() {
        let mut bytes = "Kim’s visit — ".as_bytes().to_vec();
        bytes.extend_from_slice(b"Lavrov\x92s talks");
        assert_eq!(
            decode_mixed(&bytes).as_deref(),
            Some("Kim’s visit — Lavrov’s talks")
        );
    }

    #[test]
    fn accented_letters_forming_words_alone_are_refused() {
        assert_eq!(decode_mixed(b"Hello \xFF\xFE world."), None);
    }

    #[test]
    fn undefined_cp1252_bytes_are_refused() {
        assert_eq!(decode_mixed(b"Some text \x81 here"), None);
    }

    #[test]
    fn mostly_high_bytes_are_refused() {
        assert_eq!(decode_mixed(b"a\xE9b\xE9c\xE9d\xE9"), None);
    }
}
