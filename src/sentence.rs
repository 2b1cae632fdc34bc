//! Sentence splitting with byte offsets into the article body, so every event can point at
//! its evidence. News paragraphs are lines, so a newline ends a sentence (unless the next
//! line visibly continues it: hard-wrapped text whose next line starts in lower case).
//! Inside a paragraph, `.`, `?`, `!` and ellipses end a sentence when what follows looks
//! like the start of a new one. The knowledge of what does *not* end a sentence
//! (abbreviations, words that open sentences) is data in `sentence/*.tsv|txt`; the splitter
//! itself is one pass over the characters with no regex.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

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
    let lex = lexicon();
    let mut out = Vec::new();
    for (start, end) in paragraphs(body) {
        split_paragraph(body, start, end, lex, &mut out);
    }
    out
}

/// How an abbreviation's period behaves (see `sentence/abbreviations.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbrev {
    /// Precedes a name: never ends a sentence.
    Title,
    /// Precedes a number: no sentence end before a digit, an ordinary word otherwise.
    Number,
    /// Ends a sentence only when the next word clearly opens one.
    Weak,
}

struct Lexicon {
    abbrevs: HashMap<String, Abbrev>,
    starters: HashSet<String>,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let abbrevs = data_lines(include_str!("sentence/abbreviations.tsv"))
            .filter_map(|line| {
                let mut cols = line.split('\t');
                let word = cols.next()?.trim().to_lowercase();
                let kind = match cols.next()?.trim() {
                    "title" => Abbrev::Title,
                    "number" => Abbrev::Number,
                    // Anything else is a typo in the data file; the safest reading of an
                    // unknown kind is the one that splits least wrongly.
                    _ => Abbrev::Weak,
                };
                Some((word, kind))
            })
            .collect();
        let starters = data_lines(include_str!("sentence/starters.txt"))
            .map(|w| w.trim().to_lowercase())
            .collect();
        Lexicon { abbrevs, starters }
    })
}

/// Non-blank, non-comment lines of a bundled data file.
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// Paragraph spans: runs of lines, where a line break is kept inside a paragraph only when
/// the text was evidently hard-wrapped (the line does not end a sentence and the next one
/// starts with a lower-case letter).
fn paragraphs(body: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some(rel) = body[search..].find('\n') {
        let nl = search + rel;
        let before = body[start..nl].trim_end();
        let next_line = body[nl + 1..].split('\n').next().unwrap_or("");
        let continues = match (before.chars().last(), next_line.trim_start().chars().next()) {
            (Some(last), Some(first)) => {
                first.is_lowercase() && !matches!(last, '.' | '?' | '!' | ':' | '…')
            }
            _ => false,
        };
        if !continues {
            out.push((start, nl));
            start = nl + 1;
        }
        search = nl + 1;
    }
    out.push((start, body.len()));
    out
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…')
}

/// Characters that may follow a terminator and still belong to the sentence it ends.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«')
}

/// Byte spans `(open, close)` of balanced double quotes in one paragraph. Terminators inside
/// a quotation do not end the sentence that carries it (`"I'm here for one day. The process
/// ...," he said`), unless the quotation itself closes right after them. A quote left open
/// at the end of the paragraph (multi-paragraph quotations) gives no span.
fn quote_spans(body: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut curly_depth = 0usize;
    let mut curly_open = 0usize;
    let mut straight_open: Option<usize> = None;
    for (i, c) in body[start..end].char_indices() {
        let at = start + i;
        match c {
            '“' => {
                if curly_depth == 0 {
                    curly_open = at;
                }
                curly_depth += 1;
            }
            '”' if curly_depth > 0 => {
                curly_depth -= 1;
                if curly_depth == 0 {
                    spans.push((curly_open, at));
                }
            }
            '"' => match straight_open.take() {
                Some(open) => spans.push((open, at)),
                None => straight_open = Some(at),
            },
            _ => {}
        }
    }
    spans.sort_unstable();
    spans
}

/// Is byte `at` inside a quotation that closes at or after `run_end`?
fn inside_open_quote(spans: &[(usize, usize)], at: usize, run_end: usize) -> bool {
    // Spans rarely overlap (only when straight and curly quotes are mixed), so looking at
    // the last span opened before `at` is enough.
    let idx = spans.partition_point(|&(open, _)| open < at);
    idx.checked_sub(1)
        .and_then(|i| spans.get(i))
        .is_some_and(|&(_, close)| close >= run_end && close > at)
}

fn split_paragraph<'a>(
    body: &'a str,
    start: usize,
    end: usize,
    lex: &Lexicon,
    out: &mut Vec<Sentence<'a>>,
) {
    let para = &body[start..end];
    let spans = quote_spans(body, start, end);
    let mut sentence_start = start;
    let mut chars = para.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_terminator(c) {
            continue;
        }
        let term_at = start + i;
        // Consume the rest of the terminator run ("?!", "...", `."`, `.)`).
        let mut dots = usize::from(c == '.');
        let mut ellipsis = c == '…';
        let mut run_end = term_at + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if is_terminator(d) || is_closer(d) {
                dots += usize::from(d == '.');
                ellipsis |= d == '…';
                run_end = start + j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        // A sentence end is followed by white space: "3.5", "U.S.-led", "e.g.," are not.
        let rest = &body[run_end..end];
        let Some(first_rest) = rest.chars().next() else {
            break;
        };
        if !first_rest.is_whitespace() {
            continue;
        }
        let next = rest.trim_start();
        let Some(next_char) = next.chars().next() else {
            break;
        };
        if inside_open_quote(&spans, term_at, run_end) {
            continue;
        }
        let ends = if c == '.' && dots == 1 && !ellipsis {
            period_ends_sentence(&body[start..term_at], next, next_char, lex)
        } else if ellipsis || dots > 1 {
            opens_sentence(next, lex)
        } else {
            !next_char.is_lowercase()
        };
        if ends {
            let end_at = run_end + credit_len(rest);
            push_trimmed(body, sentence_start, end_at, out);
            sentence_start = end_at;
        }
    }
    push_trimmed(body, sentence_start, end, out);
}

/// Length of a photo or wire credit right after a sentence end ("... on Thursday.
/// (KCNA-Yonhap) North Korean leader ..."), which belongs to the caption it closes rather
/// than opening the next sentence. A short parenthesis without sentence punctuation.
fn credit_len(rest: &str) -> usize {
    let trimmed = rest.trim_start();
    let Some(inner) = trimmed.strip_prefix('(') else {
        return 0;
    };
    let Some(close) = inner.find(')') else {
        return 0;
    };
    let content = &inner[..close];
    let after = &inner[close + 1..];
    let credit_like = !content.trim().is_empty()
        && content.len() <= 40
        && !content.contains(['.', '?', '!', '(', '…'])
        && after.chars().next().is_none_or(char::is_whitespace);
    if credit_like {
        rest.len() - trimmed.len() + 1 + close + 1
    } else {
        0
    }
}

/// Decide whether a single period ends the sentence, from the word it closes (`before` is
/// the paragraph up to the period) and the text after it.
fn period_ends_sentence(before: &str, next: &str, next_char: char, lex: &Lexicon) -> bool {
    if next_char.is_lowercase() {
        return false;
    }
    // A period after a space is a spaced ellipsis (". . .") or a stray dot, not the end of
    // a word: split only before a clear sentence opening.
    if before.ends_with(char::is_whitespace) {
        return opens_sentence(next, lex);
    }
    match abbreviation(before, lex) {
        Some(Abbrev::Title) => false,
        Some(_) if next_char.is_ascii_digit() => false,
        Some(Abbrev::Number) | None => true,
        Some(Abbrev::Weak) => opens_sentence(next, lex),
    }
}

/// Classify the word just before a period: a listed abbreviation, dotted initials
/// ("U.S", "a.m"), or a single-letter initial ("M" in "Patrick M. Shanahan").
fn abbreviation(before: &str, lex: &Lexicon) -> Option<Abbrev> {
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = before[word_start..].trim_start_matches(is_opener);
    if word.is_empty() {
        return None;
    }
    let lower = word.to_lowercase();
    if let Some(&kind) = lex.abbrevs.get(&lower) {
        return Some(kind);
    }
    let mut parts = word.split('.');
    let all_single_letters =
        parts.all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic));
    if all_single_letters {
        return Some(Abbrev::Weak);
    }
    None
}

/// Does `next` (text after a possible sentence end, starting at a non-space) look like the
/// opening of a sentence? Used after weak periods, where a name usually follows instead.
fn opens_sentence(next: &str, lex: &Lexicon) -> bool {
    let Some(first) = next.chars().next() else {
        return true;
    };
    // An opening quote after "the U.S." starts a new sentence; a parenthesis ("N.Y. (AP)")
    // rarely does.
    if matches!(first, '"' | '“' | '‘' | '\'') {
        return true;
    }
    if !first.is_uppercase() {
        return false;
    }
    // "That's", "It's": the word before the apostrophe decides.
    let word_end = next
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(next.len(), |(i, _)| i);
    let word = next[..word_end].to_lowercase();
    lex.starters.contains(&word)
}

fn push_trimmed<'a>(body: &'a str, start: usize, end: usize, out: &mut Vec<Sentence<'a>>) {
    let raw = &body[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let text = raw.trim();
    if text.is_empty() {
        return;
    }
    let s = start + lead;
    out.push(Sentence {
        text,
        start: s,
        end: s + text.len(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<&str> {
        let sentences = split(body);
        for s in &sentences {
            assert_eq!(
                &body[s.start..s.end],
                s.text,
                "offsets must point at the text"
            );
        }
        sentences.iter().map(|s| s.text).collect()
    }

    #[test]
    fn plain_sentences_split_at_periods() {
        assert_eq!(
            texts("Lavrov has yet to elaborate. The Kim regime slammed the US decision."),
            vec![
                "Lavrov has yet to elaborate.",
                "The Kim regime slammed the US decision."
            ]
        );
    }

    #[test]
    fn newline_ends_sentence_even_without_punctuation() {
        assert_eq!(
            texts("U.S. Commitment to Region\nShanahan noted the new strategy."),
            vec![
                "U.S. Commitment to Region",
                "Shanahan noted the new strategy."
            ]
        );
    }

    #[test]
    fn hard_wrapped_line_continues_when_next_line_starts_lower_case() {
        assert_eq!(
            texts("The ministry said the drills\nwill start on Monday.\nKim left."),
            vec![
                "The ministry said the drills\nwill start on Monday.",
                "Kim left."
            ]
        );
    }

    #[test]
    fn month_abbreviations_do_not_end_sentences_before_day_numbers() {
        assert_eq!(
            texts("SEOUL, Oct. 19 (Yonhap) -- Drills began on Sept. 13 and ended Oct. 20. The North protested."),
            vec![
                "SEOUL, Oct. 19 (Yonhap) -- Drills began on Sept. 13 and ended Oct. 20.",
                "The North protested."
            ]
        );
    }

    #[test]
    fn dotted_country_abbreviations_survive_before_names() {
        assert_eq!(
            texts("The U.S. and the U.N. Security Council met. U.S. President Donald Trump spoke."),
            vec![
                "The U.S. and the U.N. Security Council met.",
                "U.S. President Donald Trump spoke."
            ]
        );
    }

    #[test]
    fn dotted_abbreviation_ends_sentence_before_a_sentence_opener() {
        assert_eq!(
            texts("Seoul wants more troops from the U.S. The talks continue."),
            vec![
                "Seoul wants more troops from the U.S.",
                "The talks continue."
            ]
        );
    }

    #[test]
    fn titles_never_end_sentences() {
        let body =
            "Mr. Kim met Mrs. Park and Dr. Lee. Gen. Paul LaCamera, Lt. Gen. Kim, Col. Davis, \
                    Sen. Graham, Rep. Kim and Gov. Newsom attended. St. Petersburg hosted it.";
        assert_eq!(
            texts(body),
            vec![
                "Mr. Kim met Mrs. Park and Dr. Lee.",
                "Gen. Paul LaCamera, Lt. Gen. Kim, Col. Davis, Sen. Graham, Rep. Kim and Gov. Newsom attended.",
                "St. Petersburg hosted it."
            ]
        );
    }

    #[test]
    fn company_suffixes_and_jr_end_sentences_only_before_openers() {
        assert_eq!(
            texts("Hanwha Corp. Chief Executive Kim spoke to Samsung Electronics Co. Ltd. officials. \
                   The deal went to Lockheed Martin Inc. It was signed by Martin Luther King Jr. Avenue staff."),
            vec![
                "Hanwha Corp. Chief Executive Kim spoke to Samsung Electronics Co. Ltd. officials.",
                "The deal went to Lockheed Martin Inc.",
                "It was signed by Martin Luther King Jr. Avenue staff."
            ]
        );
    }

    #[test]
    fn number_abbreviation_keeps_its_number() {
        assert_eq!(
            texts("Choe is the No. 2 official. The answer was no. Talks ended."),
            vec![
                "Choe is the No. 2 official.",
                "The answer was no.",
                "Talks ended."
            ]
        );
    }

    #[test]
    fn clock_abbreviations_end_sentences_only_before_openers() {
        assert_eq!(
            texts("The missile was fired at 7:10 a.m. Monday from Sunan. It flew 600 km by 8 p.m. The launch was condemned."),
            vec![
                "The missile was fired at 7:10 a.m. Monday from Sunan.",
                "It flew 600 km by 8 p.m.",
                "The launch was condemned."
            ]
        );
    }

    #[test]
    fn contraction_after_dotted_abbreviation_opens_sentence() {
        assert_eq!(
            texts(
                "Troops are based in the U.S. That's not the issue. It's Buffalo, N.Y. (AP) here."
            ),
            vec![
                "Troops are based in the U.S.",
                "That's not the issue.",
                "It's Buffalo, N.Y. (AP) here."
            ]
        );
    }

    #[test]
    fn state_abbreviations_do_not_end_sentences_before_names() {
        assert_eq!(
            texts("The rally in Sacramento, Calif. Gov. Gavin Newsom spoke. It ended."),
            vec![
                "The rally in Sacramento, Calif. Gov. Gavin Newsom spoke.",
                "It ended."
            ]
        );
    }

    #[test]
    fn middle_initials_do_not_end_sentences() {
        assert_eq!(
            texts("Deputy Defense Secretary Patrick M. Shanahan met Navy Capt. Jeff A. Davis. Secretary of Defense James N. Mattis agreed."),
            vec![
                "Deputy Defense Secretary Patrick M. Shanahan met Navy Capt. Jeff A. Davis.",
                "Secretary of Defense James N. Mattis agreed."
            ]
        );
    }

    #[test]
    fn decimals_do_not_split() {
        assert_eq!(
            texts("The economy grew 3.5 percent. Exports fell 1.2%."),
            vec!["The economy grew 3.5 percent.", "Exports fell 1.2%."]
        );
    }

    #[test]
    fn ellipsis_splits_only_before_sentence_opener() {
        assert_eq!(
            texts("He said the talks were... difficult. We waited… The meeting ended... Kim Jong Un left."),
            vec![
                "He said the talks were... difficult.",
                "We waited…",
                "The meeting ended... Kim Jong Un left."
            ]
        );
    }

    #[test]
    fn spaced_ellipsis_does_not_split_before_a_name() {
        assert_eq!(
            texts("The talks were . . . Kim Jong Un said so. The end."),
            vec!["The talks were . . . Kim Jong Un said so.", "The end."]
        );
    }

    #[test]
    fn quote_with_comma_and_attribution_is_one_sentence() {
        assert_eq!(
            texts("\u{201c}We reiterate the same position on the issue, again,\u{201d} Kim In-ae said at a regular briefing. \"We reiterate,\" Kim said."),
            vec![
                "\u{201c}We reiterate the same position on the issue, again,\u{201d} Kim In-ae said at a regular briefing.",
                "\"We reiterate,\" Kim said."
            ]
        );
    }

    #[test]
    fn sentence_ending_inside_quotes_ends_after_closing_quote() {
        assert_eq!(
            texts("Such strategic assets will be the first to \u{201c}face annihilation.\u{201d} The KCNA said so. They said \"never again.\" Lavrov left."),
            vec![
                "Such strategic assets will be the first to \u{201c}face annihilation.\u{201d}",
                "The KCNA said so.",
                "They said \"never again.\"",
                "Lavrov left."
            ]
        );
    }

    #[test]
    fn multi_sentence_quotation_stays_with_its_attribution() {
        assert_eq!(
            texts("\"I\u{2019}m here for one day. The process is now going to take place,\" he said, adding more. Then he left."),
            vec![
                "\"I\u{2019}m here for one day. The process is now going to take place,\" he said, adding more.",
                "Then he left."
            ]
        );
    }

    #[test]
    fn quotation_left_open_at_paragraph_end_does_not_swallow_sentences() {
        assert_eq!(
            texts("\u{201c}He reaffirmed his commitment. We are ready.\nNext paragraph."),
            vec![
                "\u{201c}He reaffirmed his commitment.",
                "We are ready.",
                "Next paragraph."
            ]
        );
    }

    #[test]
    fn question_and_exclamation_marks_end_sentences() {
        assert_eq!(
            texts("Will Pyongyang respond? Nobody knows! \"Why now?\" he asked. Bad!"),
            vec![
                "Will Pyongyang respond?",
                "Nobody knows!",
                "\"Why now?\" he asked.",
                "Bad!"
            ]
        );
    }

    #[test]
    fn photo_credit_after_caption_stays_with_the_caption() {
        assert_eq!(
            texts("Kim meets Lavrov in Pyongyang on Thursday. (KCNA-Yonhap) Kim meets Lavrov. (Yonhap)"),
            vec![
                "Kim meets Lavrov in Pyongyang on Thursday. (KCNA-Yonhap)",
                "Kim meets Lavrov. (Yonhap)"
            ]
        );
    }

    #[test]
    fn parenthesised_sentence_after_a_sentence_is_its_own() {
        assert_eq!(
            texts("Kim left Moscow. (He had met Putin.) Talks ended."),
            vec!["Kim left Moscow.", "(He had met Putin.)", "Talks ended."]
        );
    }

    #[test]
    fn whitespace_is_trimmed_and_empty_pieces_dropped() {
        let body = "  \n\n    \u{2022} Link copied  \r\n\n  The North fired.   \n\n";
        assert_eq!(
            texts(body),
            vec!["\u{2022} Link copied", "The North fired."]
        );
        assert!(split("").is_empty());
        assert!(split(" \n \n").is_empty());
    }

    #[test]
    fn multibyte_text_keeps_char_boundaries() {
        let body = "North\u{2019}s Kim \u{2014} calm. Qu\u{e9}bec\u{2026} \u{c11c}\u{c6b8}. \u{201c}Bad!\u{201d}";
        let got = texts(body);
        assert_eq!(
            got.first().copied(),
            Some("North\u{2019}s Kim \u{2014} calm.")
        );
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn trailing_terminators_and_lone_punctuation_do_not_panic() {
        for body in [
            ".",
            "...",
            "?!",
            "\u{201d}.",
            "a.",
            "U.S.",
            ". . .",
            "\u{2026}",
            "\"",
            "\u{201c}",
        ] {
            let _ = texts(body);
        }
    }

    #[test]
    fn colon_introducing_statement_keeps_whole_quote() {
        assert_eq!(
            texts("But Trump tweeted: \"North Korea launched a missile today. Bad!\""),
            vec!["But Trump tweeted: \"North Korea launched a missile today. Bad!\""]
        );
    }
}
