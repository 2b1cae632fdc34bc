//! Saved news pages (HTML) turned into the header-block text the text reader knows. Only
//! what a news page states about itself is taken: the headline (`og:title`, then
//! `<title>`), the publication date (`article:published_time`, `datePublished`, then the
//! first `<time datetime>`), the canonical URL, the site name, and the text of the `<p>`
//! paragraphs, tags stripped and entities decoded. Scripts, styles, navigation and
//! comments never reach the body. A page with no paragraphs yields nothing, and the caller
//! refuses it: guessing an article out of page furniture would store menus as evidence.

use regex::Regex;
use std::sync::LazyLock;

static DROP_BLOCKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<(script|style|noscript|nav|header|footer|aside|form)\b.*?</(script|style|noscript|nav|header|footer|aside|form)\s*>|<!--.*?-->")
        .expect("valid html block regex")
});
static PARAGRAPH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<p\b[^>]*>(.*?)</p\s*>").expect("valid paragraph regex"));
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<\s*/?\s*([A-Za-z0-9]*)[^>]*>").expect("valid tag regex"));

/// Tags inside a run of text: removed without a gap, so "<a>KCNA</a>." stays "KCNA.".
/// Any other tag (`<br>`, `<div>`) separates words.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "cite", "em", "font", "i", "mark", "q", "small", "span", "strong", "sub",
    "sup", "time", "u",
];
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<title\b[^>]*>(.*?)</title\s*>").expect("valid title regex")
});
static META: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<meta\b[^>]*>").expect("valid meta regex"));
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)\b(property|name|itemprop|content|datetime)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)
        .expect("valid attribute regex")
});
static TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<time\b[^>]*>").expect("valid time regex"));
static CANONICAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<link\b[^>]*rel\s*=\s*["']canonical["'][^>]*>"#).expect("valid link regex")
});
static HREF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("valid href regex")
});

/// The attributes of one tag, names lower-cased.
fn attrs(tag: &str) -> Vec<(String, String)> {
    ATTR.captures_iter(tag)
        .filter_map(|c| {
            let name = c.get(1)?.as_str().to_ascii_lowercase();
            let value = c.get(2).or_else(|| c.get(3))?.as_str();
            Some((name, decode_entities(value).trim().to_string()))
        })
        .collect()
}

/// `content` of the first `<meta>` whose property/name/itemprop is one of `keys`.
fn meta(html: &str, keys: &[&str]) -> Option<String> {
    META.find_iter(html).find_map(|m| {
        let a = attrs(m.as_str());
        let named = a.iter().any(|(k, v)| {
            matches!(k.as_str(), "property" | "name" | "itemprop")
                && keys.iter().any(|key| v.eq_ignore_ascii_case(key))
        });
        let content = a
            .iter()
            .find(|(k, _)| k == "content")
            .map(|(_, v)| v.clone());
        content.filter(|c| named && !c.is_empty())
    })
}

/// The common named entities and numeric references; unknown ones stay as written.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at..).unwrap_or("");
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = after.get(1..e)?;
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                "mdash" => '\u{2014}',
                "ndash" => '\u{2013}',
                "lsquo" => '\u{2018}',
                "rsquo" => '\u{2019}',
                "ldquo" => '\u{201c}',
                "rdquo" => '\u{201d}',
                "hellip" => '\u{2026}',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = after.get(len..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// Tags out, entities decoded, whitespace collapsed: the text a reader sees.
fn visible_text(fragment: &str) -> String {
    let text = TAG.replace_all(fragment, |c: &regex::Captures<'_>| {
        let name = c.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
        if INLINE_TAGS.contains(&name.as_str()) {
            ""
        } else {
            " "
        }
    });
    decode_entities(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The page as header-block text, or `None` when it has no paragraph text.
pub(super) fn to_text(html: &str) -> Option<String> {
    let cleaned = DROP_BLOCKS.replace_all(html, " ");
    let paragraphs: Vec<String> = PARAGRAPH
        .captures_iter(&cleaned)
        .filter_map(|c| c.get(1).map(|m| visible_text(m.as_str())))
        .filter(|p| !p.is_empty())
        .collect();
    if paragraphs.is_empty() {
        return None;
    }
    let title = meta(html, &["og:title", "twitter:title", "headline"]).or_else(|| {
        TITLE
            .captures(html)
            .and_then(|c| c.get(1))
            .map(|m| visible_text(m.as_str()))
            .filter(|t| !t.is_empty())
    });
    let published = meta(
        html,
        &[
            "article:published_time",
            "datePublished",
            "pubdate",
            "publishdate",
            "date",
            "dc.date",
        ],
    )
    .or_else(|| {
        TIME.find_iter(&cleaned).find_map(|t| {
            attrs(t.as_str())
                .into_iter()
                .find(|(k, v)| k == "datetime" && !v.is_empty())
                .map(|(_, v)| v)
        })
    });
    let url = meta(html, &["og:url"]).or_else(|| {
        let link = CANONICAL.find(html)?;
        let c = HREF.captures(link.as_str())?;
        c.get(1)
            .or_else(|| c.get(2))
            .map(|m| m.as_str().to_string())
    });
    let publisher = meta(html, &["og:site_name", "publisher"]);
    let mut out = String::new();
    let one_line = |v: String| v.replace(['\n', '\r'], " ");
    for (key, value) in [
        ("Title", title),
        ("Publisher", publisher),
        ("Published", published),
        ("URL", url),
    ] {
        if let Some(v) = value {
            out.push_str(&format!("{key}: {}\n", one_line(v)));
        }
    }
    // A blank first line would hide the header: the body then follows a blank line only
    // when there is a header.
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&paragraphs.join("\n\n"));
    out.push('\n');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html><head>
<title>Kim meets Lavrov | Example News</title>
<meta property="og:title" content="Kim meets Lavrov in Pyongyang">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-10-20T07:12:00Z">
<link rel="canonical" href="https://news.example/2023/10/20/kim-lavrov">
<script>var p = "<p>not text</p>";</script>
</head><body>
<nav><p>Home | World | Asia</p></nav>
<article>
<p>North Korean leader Kim Jong Un met Russian Foreign Minister Sergei Lavrov on Thursday, state media said.</p>
<p>&ldquo;We will strengthen ties,&rdquo; Kim said &mdash; according to <a href="/kcna">KCNA</a>.</p>
</article>
<footer><p>&copy; Example News</p></footer>
</body></html>"#;

    #[test]
    fn news_page_metadata_and_paragraphs_become_header_text() {
        let text = to_text(PAGE).unwrap_or_default();
        assert!(text.starts_with("Title: Kim meets Lavrov in Pyongyang\nPublisher: Example News\nPublished: 2023-10-20T07:12:00Z\nURL: https://news.example/2023/10/20/kim-lavrov\n\n"), "{text}");
        assert!(text.contains("North Korean leader Kim Jong Un met Russian Foreign Minister Sergei Lavrov on Thursday, state media said.\n\n\u{201c}We will strengthen ties,\u{201d} Kim said \u{2014} according to KCNA."), "{text}");
    }

    #[test]
    fn scripts_navigation_and_footers_never_reach_the_body() {
        let text = to_text(PAGE).unwrap_or_default();
        assert!(!text.contains("not text"));
        assert!(!text.contains("Home | World"));
        assert!(!text.contains("Example News\u{a9}") && !text.contains('\u{a9}'));
    }

    #[test]
    fn time_element_dates_a_page_without_meta() {
        let page = "<html><body><time datetime=\"2024-09-05\">Sept. 5</time><p>Talks went on.</p></body></html>";
        let text = to_text(page).unwrap_or_default();
        assert!(text.starts_with("Published: 2024-09-05\n\n"), "{text}");
    }

    #[test]
    fn page_without_paragraphs_yields_nothing() {
        assert_eq!(to_text("<html><body><div>menu</div></body></html>"), None);
    }

    #[test]
    fn broken_entities_stay_as_written() {
        assert_eq!(
            decode_entities("AT&T &bogus; &#xZZ; &#128512; &"),
            "AT&T &bogus; &#xZZ; \u{1F600} &"
        );
    }
}
