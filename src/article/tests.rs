//! Reader tests: one family per input shape and per bad input.

use super::*;
use std::fs;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn read_one(origin: &str, text: &str) -> Result<Article> {
    read_one_with(origin, text.as_bytes(), &ReadOptions::default())
}

fn read_one_with(origin: &str, bytes: &[u8], opts: &ReadOptions) -> Result<Article> {
    let mut all = read_bytes(origin, bytes, opts);
    assert_eq!(all.len(), 1, "one article expected from {origin}");
    all.remove(0)
}

fn error_text(result: Result<Article>) -> String {
    match result {
        Ok(a) => panic!("expected an error, got article {:?}", a.title),
        Err(e) => e.to_string(),
    }
}

const HEADER_ARTICLE: &str = "Title: US, S.Korea to hold regular joint military drills from March 13
Publisher: NHK World-Japan
Published: 2023-03-03
URL: https://www3.nhk.or.jp/nhkworld/en/news/20230303_11/

The US and South Korean militaries say they will conduct regular joint exercises from March 13.

Officials from the two militaries said at a news conference on Friday that the drills will run for 11 days.
";

#[test]
fn header_block_fills_metadata_and_body() {
    let a = read_one("nhk.txt", HEADER_ARTICLE).expect("header article reads");
    assert_eq!(a.origin, "nhk.txt");
    assert_eq!(
        a.title.as_deref(),
        Some("US, S.Korea to hold regular joint military drills from March 13")
    );
    assert_eq!(a.publisher.as_deref(), Some("NHK World-Japan"));
    assert_eq!(a.published, d(2023, 3, 3));
    assert_eq!(a.published_time, None);
    assert_eq!(
        a.url.as_deref(),
        Some("https://www3.nhk.or.jp/nhkworld/en/news/20230303_11/")
    );
    assert!(a.body.starts_with("The US and South Korean militaries say"));
    assert!(a.body.ends_with("will run for 11 days."));
    assert!(a.body.contains("March 13.\n\nOfficials"));
}

#[test]
fn header_keys_match_in_any_case_and_order_and_unknown_keys_are_kept() {
    let text = "published: 5 September 2024\nAUTHOR: Kim Tong-hyung\nSection: World\ntitle: North Korea fires missiles\nurl: https://example.com/a\n\nSEOUL -- North Korea fired missiles on Thursday.\n";
    let a = read_one("a.txt", text).expect("reads");
    assert_eq!(a.published, d(2024, 9, 5));
    assert_eq!(a.author.as_deref(), Some("Kim Tong-hyung"));
    assert_eq!(a.title.as_deref(), Some("North Korea fires missiles"));
    assert_eq!(a.extra, vec![("Section".to_string(), "World".to_string())]);
    assert_eq!(a.body, "SEOUL -- North Korea fired missiles on Thursday.");
}

#[test]
fn header_dates_in_news_formats_give_date_and_time() {
    let cases = [
        ("2024-09-05", d(2024, 9, 5), None),
        ("2024-09-05T10:00:00Z", d(2024, 9, 5), Some("10:00:00Z")),
        ("Sept. 5, 2024", d(2024, 9, 5), None),
        ("5 September 2024", d(2024, 9, 5), None),
        (
            "September 5, 2024 10:00 KST",
            d(2024, 9, 5),
            Some("10:00 KST"),
        ),
    ];
    for (value, date, time) in cases {
        let text = format!("Title: T\nPublished: {value}\n\nKim met Putin.\n");
        let a = read_one("a.txt", &text).expect("reads");
        assert_eq!(a.published, date, "{value}");
        assert_eq!(a.published_time.as_deref(), time, "{value}");
    }
}

#[test]
fn unreadable_header_date_is_an_error_naming_the_value() {
    let text = "Title: T\nPublished: sometime last week\n\nKim met Putin.\n";
    let msg = error_text(read_one("news/a.txt", text));
    assert!(msg.starts_with("news/a.txt: "), "{msg}");
    assert!(msg.contains("'sometime last week'"), "{msg}");
}

#[test]
fn published_option_overrides_the_text_and_rescues_bad_dates() {
    let opts = ReadOptions {
        published: Some(d(2020, 1, 2)),
    };
    let a = read_one_with("a.txt", HEADER_ARTICLE.as_bytes(), &opts).expect("reads");
    assert_eq!(a.published, d(2020, 1, 2));
    let bad = "Title: T\nPublished: sometime\n\nKim met Putin.\n";
    let a = read_one_with("a.txt", bad.as_bytes(), &opts).expect("override wins");
    assert_eq!(a.published, d(2020, 1, 2));
    let none = "Kim met Putin on Thursday.\n";
    let a = read_one_with("a.txt", none.as_bytes(), &opts).expect("override gives the date");
    assert_eq!(a.published, d(2020, 1, 2));
}

#[test]
fn header_starting_with_an_unknown_key_is_still_a_header() {
    let text =
        "Category: World\nTitle: Seoul protests\nPublished: 2023-10-20\n\nSeoul protested.\n";
    let a = read_one("a.txt", text).expect("reads");
    assert_eq!(a.title.as_deref(), Some("Seoul protests"));
    assert_eq!(a.extra, vec![("Category".to_string(), "World".to_string())]);
    assert_eq!(a.body, "Seoul protested.");
}

#[test]
fn pasted_page_breadcrumbs_are_not_headlines() {
    let text = "Yonhap News Agency\nHome > North Korea\nN. Korea slams drills\nBy Kim Soo-yeon\nPublished 2023-10-20 16:12\n\nNorth Korea on Friday slammed the drills.\n";
    let a = read_one("y.txt", text).expect("reads");
    assert_eq!(a.publisher.as_deref(), Some("Yonhap News Agency"));
    assert_eq!(a.title.as_deref(), Some("N. Korea slams drills"));
    assert!(a.extra.is_empty(), "{:?}", a.extra);
}

#[test]
fn source_header_holding_a_link_is_the_url() {
    let text = "Title: T\nSource: https://example.com/2023/10/20/kim\nPublished: 2023-10-20\n\nKim left.\n";
    let a = read_one("a.txt", text).expect("reads");
    assert_eq!(a.url.as_deref(), Some("https://example.com/2023/10/20/kim"));
    assert_eq!(a.publisher, None);
}

#[test]
fn front_matter_header_is_read_from_markdown() {
    let text = "---\ntitle: \"Kim meets Lavrov\"\npublished: 2023-10-20\n---\n\nKim met Lavrov on Thursday.\n";
    let a = read_one("a.md", text).expect("reads");
    assert_eq!(a.title.as_deref(), Some("Kim meets Lavrov"));
    assert_eq!(a.published, d(2023, 10, 20));
    assert_eq!(a.body, "Kim met Lavrov on Thursday.");
}

const PASTED_PAGE: &str = "The Korea Herald


North\u{2019}s Kim vows closer ties with Moscow

Bomber deployed this week would be first target, regime says

By Choi Si-young

Published : Oct. 20, 2023 - 16:12

    \u{2022} Link copied

North Korean leader Kim Jong-un during talks in Pyongyang on Thursday. (KCNA-Yonhap)

North Korean leader Kim Jong-un said on Thursday the two countries should deliver on their summit agreement.

Share
Print
";

#[test]
fn pasted_page_head_gives_publisher_title_author_and_date() {
    let a = read_one("kh.txt", PASTED_PAGE).expect("pasted page reads");
    assert_eq!(a.publisher.as_deref(), Some("The Korea Herald"));
    assert_eq!(
        a.title.as_deref(),
        Some("North\u{2019}s Kim vows closer ties with Moscow")
    );
    assert_eq!(a.author.as_deref(), Some("Choi Si-young"));
    assert_eq!(a.published, d(2023, 10, 20));
    assert_eq!(a.published_time.as_deref(), Some("16:12"));
    assert_eq!(
        a.extra,
        vec![(
            "subtitle".to_string(),
            "Bomber deployed this week would be first target, regime says".to_string()
        )]
    );
}

#[test]
fn pasted_page_body_keeps_captions_and_drops_share_buttons() {
    let a = read_one("kh.txt", PASTED_PAGE).expect("pasted page reads");
    assert!(
        a.body.starts_with(
            "Bomber deployed this week would be first target, regime says\n\nNorth Korean leader Kim Jong-un during talks in Pyongyang"
        ),
        "{}",
        a.body
    );
    assert!(a.body.ends_with("deliver on their summit agreement."));
    for junk in ["Link copied", "Share", "Print", "Published", "By Choi"] {
        assert!(!a.body.contains(junk), "{junk} left in body");
    }
}

#[test]
fn pasted_page_date_line_variants_are_read() {
    let lines = [
        ("Published on October 20, 2023", d(2023, 10, 20), None),
        (
            "Oct. 20, 2023 16:12 KST",
            d(2023, 10, 20),
            Some("16:12 KST"),
        ),
        ("Posted : 2023-10-20 16:12", d(2023, 10, 20), Some("16:12")),
    ];
    for (line, date, time) in lines {
        let text = format!(
            "Yonhap News Agency\nN. Korea slams drills\nBy Kim Soo-yeon\n{line}\n\nNorth Korea on Friday slammed the drills.\n"
        );
        let a = read_one("y.txt", &text).expect("reads");
        assert_eq!(a.published, date, "{line}");
        assert_eq!(a.published_time.as_deref(), time, "{line}");
        assert_eq!(a.body, "North Korea on Friday slammed the drills.");
    }
}

#[test]
fn pasted_page_prefers_published_over_updated() {
    let text = "The Korea Herald\nHeadline here\nUpdated : Oct. 21, 2023 - 09:00\nPublished : Oct. 20, 2023 - 16:12\n\nBody text.\n";
    let a = read_one("kh.txt", text).expect("reads");
    assert_eq!(a.published, d(2023, 10, 20));
    assert_eq!(a.published_time.as_deref(), Some("16:12"));
}

#[test]
fn byline_like_sentence_is_not_taken_for_an_author() {
    let text = "By Sunday, the joint drills had ended without incident across the region.\nMore text follows.\n";
    let msg = error_text(read_one("a.txt", text));
    assert!(msg.contains("no publication date found"), "{msg}");
}

#[test]
fn dateline_with_year_dates_the_article() {
    let text = "WASHINGTON, Jan. 19, 2018 \u{2014} Deputy Defense Secretary Patrick M. Shanahan met Suh today.\n";
    let a = read_one("dod.txt", text).expect("reads");
    assert_eq!(a.published, d(2018, 1, 19));
    assert!(a.body.starts_with("WASHINGTON, Jan. 19, 2018"));
}

#[test]
fn yearless_dateline_takes_year_from_url() {
    let text = "Title: N. Korea fires missile\nURL: https://en.yna.co.kr/view/AEN20231019000351315\n\nSEOUL, Oct. 19 (Yonhap) -- North Korea fired a ballistic missile.\n";
    let a = read_one("y.txt", text).expect("reads");
    assert_eq!(a.published, d(2023, 10, 19));
}

#[test]
fn yearless_dateline_takes_year_from_a_full_date_in_the_text() {
    let text =
        "Pyongyang, September 5 (KCNA) -- The drills held from August 19, 2024 were condemned.\n";
    let a = read_one("k.txt", text).expect("reads");
    assert_eq!(a.published, d(2024, 9, 5));
}

#[test]
fn yearless_dateline_takes_year_from_copyright_line() {
    let text = "SEOUL, Oct. 19 (Yonhap) -- North Korea fired a missile.\n\n(END)\n\u{a9} 2023 Yonhap News Agency\n";
    let a = read_one("y.txt", text).expect("reads");
    assert_eq!(a.published, d(2023, 10, 19));
}

#[test]
fn yearless_dateline_without_any_year_is_an_error() {
    let text = "SEOUL, Oct. 19 (Yonhap) -- North Korea fired a missile on Thursday.\n";
    let msg = error_text(read_one("y.txt", text));
    assert!(
        msg.starts_with("y.txt: dateline 'SEOUL, Oct. 19 (Yonhap) --'"),
        "{msg}"
    );
    assert!(msg.contains("--published"), "{msg}");
}

#[test]
fn text_without_any_date_is_an_error_saying_what_to_do() {
    let msg = error_text(read_one("a.txt", "Kim met Putin on Thursday.\n"));
    assert_eq!(
        msg,
        "a.txt: no publication date found; add a 'Published:' header or pass --published YYYY-MM-DD"
    );
}

#[test]
fn date_in_url_dates_an_article_without_other_dates() {
    let text = "Title: Kim, Putin reach agreement\nURL: https://www3.nhk.or.jp/nhkworld/en/news/20230914_09/\n\nNorth Korea says Kim and Putin reached agreement on Wednesday.\n";
    let a = read_one("n.txt", text).expect("reads");
    assert_eq!(a.published, d(2023, 9, 14));
}

#[test]
fn jsonl_lines_become_articles_and_bad_lines_fail_alone() {
    let jsonl = concat!(
        r#"{"title": "A", "source": "Yonhap", "date": "2023-10-19", "text": "Kim met Lavrov.", "lang": "en"}"#,
        "\n\n",
        r#"{"title": "B", "published_at": "Oct. 20, 2023", "body": 42}"#,
        "\n",
        r#"{"title": "C", "published": "2023-10-20", "content": "Seoul protested."#,
        "\n",
        r#"{"title": "D", "publisher": {"id": "kh", "name": "The Korea Herald"}, "published": "2023-10-20T16:12:00+09:00", "body": "Drills\r\nbegan.", "author": ["Choi Si-young", "Kim Arin"]}"#,
        "\n"
    );
    let got = read_bytes("news.jsonl", jsonl.as_bytes(), &ReadOptions::default());
    assert_eq!(got.len(), 4);
    let first = got[0].as_ref().expect("line 1 reads");
    assert_eq!(first.origin, "news.jsonl:1");
    assert_eq!(first.publisher.as_deref(), Some("Yonhap"));
    assert_eq!(first.published, d(2023, 10, 19));
    assert_eq!(first.body, "Kim met Lavrov.");
    assert_eq!(first.extra, vec![("lang".to_string(), "en".to_string())]);
    let wrong_type = got[1].as_ref().map(|_| ()).unwrap_err().to_string();
    assert_eq!(
        wrong_type,
        "news.jsonl:3: field 'body' must be a string, not a number"
    );
    let broken = got[2].as_ref().map(|_| ()).unwrap_err().to_string();
    assert!(
        broken.starts_with("news.jsonl:4: not valid JSON"),
        "{broken}"
    );
    let last = got[3].as_ref().expect("line 5 reads");
    assert_eq!(last.origin, "news.jsonl:5");
    assert_eq!(last.publisher.as_deref(), Some("The Korea Herald"));
    assert_eq!(last.author.as_deref(), Some("Choi Si-young, Kim Arin"));
    assert_eq!(last.published_time.as_deref(), Some("16:12:00+09:00"));
    assert_eq!(last.body, "Drills\nbegan.");
}

#[test]
fn jsonl_line_without_body_or_date_is_an_error() {
    let jsonl = "{\"title\": \"A\", \"published\": \"2023-10-20\"}\n{\"body\": \"Kim met Putin.\"}\n[1, 2]\n";
    let got = read_bytes("x.ndjson", jsonl.as_bytes(), &ReadOptions::default());
    let msgs: Vec<String> = got
        .into_iter()
        .map(|r| r.map(|_| String::new()).unwrap_or_else(|e| e.to_string()))
        .collect();
    assert!(
        msgs[0].starts_with("x.ndjson:1: no article text"),
        "{}",
        msgs[0]
    );
    assert!(
        msgs[1].starts_with("x.ndjson:2: no publication date"),
        "{}",
        msgs[1]
    );
    assert!(
        msgs[2].starts_with("x.ndjson:3: expected a JSON object"),
        "{}",
        msgs[2]
    );
}

#[test]
fn json_content_is_detected_without_jsonl_extension() {
    let one = "{\"title\": \"A\", \"published\": \"2023-10-20\", \"body\": \"Kim met Putin.\"}\n";
    let a = read_one("stdin-article", one).expect("reads");
    assert_eq!(a.title.as_deref(), Some("A"));
    let pretty = "{\n  \"title\": \"A\",\n  \"published\": \"2023-10-20\",\n  \"body\": \"Kim met Putin.\"\n}\n";
    let a = read_one("a.json", pretty).expect("pretty object reads");
    assert_eq!(a.origin, "a.json");
    let array = "[{\"published\": \"2023-10-20\", \"body\": \"A.\"}, {\"published\": \"2023-10-21\", \"body\": \"B.\"}]";
    let got = read_bytes("list.json", array.as_bytes(), &ReadOptions::default());
    let origins: Vec<String> = got
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|a| a.origin.clone()))
        .collect();
    assert_eq!(origins, vec!["list.json#1", "list.json#2"]);
}

#[test]
fn bad_json_date_names_field_and_value() {
    let line = "{\"published\": \"soon\", \"body\": \"Kim met Putin.\"}";
    let msg = error_text(read_one("n.jsonl", line));
    assert!(
        msg.starts_with("n.jsonl:1: field 'published': cannot read date 'soon'"),
        "{msg}"
    );
}

#[test]
fn empty_and_whitespace_files_are_errors() {
    assert_eq!(error_text(read_one("e.txt", "")), "e.txt: empty file");
    assert_eq!(
        error_text(read_one("e.txt", " \n\t\r\n")),
        "e.txt: empty file"
    );
    assert_eq!(
        error_text(read_one_with(
            "e.txt",
            b"\xEF\xBB\xBF  \n",
            &ReadOptions::default()
        )),
        "e.txt: empty file"
    );
}

#[test]
fn binary_data_is_rejected() {
    let bytes = b"PK\x03\x04\x00\x00binary";
    assert_eq!(
        error_text(read_one_with("a.zip", bytes, &ReadOptions::default())),
        "a.zip: binary data, not a text article"
    );
}

#[test]
fn utf16_without_bom_gets_its_own_message() {
    let bytes: Vec<u8> = "Title: T\nPublished: 2023-10-20\n\nKim met Lavrov.\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert_eq!(
        error_text(read_one_with("w.txt", &bytes, &ReadOptions::default())),
        "w.txt: UTF-16 text without a byte-order mark; save the file as UTF-8"
    );
}

#[test]
fn bracketed_headline_is_text_not_json() {
    let text = "[Herald Interview] Envoy sees talks ahead\nPublished : Oct. 20, 2023 - 16:12\n\nThe envoy said talks would resume.\n";
    let a = read_one("kh.txt", text).expect("reads as text");
    assert_eq!(
        a.title.as_deref(),
        Some("[Herald Interview] Envoy sees talks ahead")
    );
    assert_eq!(a.published, d(2023, 10, 20));
}

#[test]
fn invalid_utf8_names_the_byte() {
    // "ÿþ" standing alone: a UTF-16 mark pasted into UTF-8 text, not Latin-1 words.
    let bytes = b"Title: T\nPublished: 2023-10-20\n\nHello \xFF\xFE talks.\n";
    let msg = error_text(read_one_with("l1.txt", bytes, &ReadOptions::default()));
    assert!(
        msg.starts_with("l1.txt: not valid UTF-8 at byte 38"),
        "{msg}"
    );
}

#[test]
fn latin1_accented_words_are_decoded_and_the_encoding_noted() {
    let bytes = b"Title: Caf\xE9 diplomacy\nPublished: 2023-10-20\n\nThe minister met his counterpart in Z\xFCrich on Thursday.\n";
    let a = read_one_with("l1.txt", bytes, &ReadOptions::default()).expect("decoded");
    assert_eq!(a.title.as_deref(), Some("Caf\u{e9} diplomacy"));
    assert!(a.body.contains("Z\u{fc}rich"));
    assert!(a
        .extra
        .contains(&("encoding".to_string(), "windows-1252".to_string())));
}

#[test]
fn windows_1252_quotes_and_dashes_are_decoded() {
    let bytes = b"Title: Talks\nPublished: 2023-10-20\n\n\x93We will respond,\x94 the ministry said \x97 on Friday.\n";
    let a = read_one_with("w.txt", bytes, &ReadOptions::default()).expect("decoded");
    assert_eq!(
        a.body,
        "\u{201c}We will respond,\u{201d} the ministry said \u{2014} on Friday."
    );
}

#[test]
fn publication_dates_outside_the_sane_window_are_refused() {
    let today = d(2026, 11, 27);
    assert!(check_published(d(2023, 10, 20), today).is_ok());
    // A paper in Seoul or Auckland is a day ahead of UTC.
    assert!(check_published(d(2026, 11, 28), today).is_ok());
    let future = check_published(d(9999, 12, 31), today).unwrap_err();
    assert!(future.contains("in the future"), "{future}");
    let ancient = check_published(d(25, 3, 1), today).unwrap_err();
    assert!(ancient.contains("before 1600-01-01"), "{ancient}");
}

#[test]
fn year_0025_header_date_is_refused_naming_the_date() {
    let text = "Title: T\nPublished: 0025-03-01\n\nKim met Lavrov on Thursday.\n";
    let msg = error_text(read_one("y.txt", text));
    assert!(
        msg.starts_with("y.txt: publication date 0025-03-01"),
        "{msg}"
    );
}

#[test]
fn html_pages_are_read_for_their_paragraphs_and_metadata() {
    let page = "<!DOCTYPE html>\n<html><head><title>Kim meets Lavrov</title><meta name=\"pubdate\" content=\"2023-10-20\"></head><body><p>Kim met Lavrov on Thursday.</p></body></html>\n";
    let a = read_one("p.html", page).expect("page reads");
    assert_eq!(a.title.as_deref(), Some("Kim meets Lavrov"));
    assert_eq!(a.published, d(2023, 10, 20));
    assert_eq!(a.body, "Kim met Lavrov on Thursday.");
}

#[test]
fn html_without_paragraphs_is_refused_with_a_hint() {
    let page = "<!DOCTYPE html>\n<html><body><div>Home</div><div>World</div></body></html>\n";
    let msg = error_text(read_one("p.html", page));
    assert!(
        msg.starts_with("p.html: an HTML page without article paragraphs"),
        "{msg}"
    );
    let fragment = "<div class=\"story\">\n<p>Kim met Lavrov on Thursday.</p>\n</div>\n";
    assert!(error_text(read_one("f.txt", fragment)).contains("no publication date"));
}

#[test]
fn text_mentioning_a_tag_is_not_html() {
    let text =
        "Title: T\nPublished: 2023-10-20\n\nThe <p> tag was in the leaked memo, officials said.\n";
    assert!(read_one("t.txt", text).is_ok());
}

#[test]
fn oversized_articles_are_refused_by_size() {
    let mut text = String::from("Title: T\nPublished: 2023-10-20\n\n");
    text.push_str(&"word ".repeat(MAX_ARTICLE_BYTES / 5 + 10));
    let msg = error_text(read_one("big.txt", &text));
    assert!(msg.contains("longer than the 4 MB"), "{msg}");
}

#[test]
fn utf8_bom_is_stripped_silently() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(HEADER_ARTICLE.as_bytes());
    let a = read_one_with("bom.txt", &bytes, &ReadOptions::default()).expect("reads");
    assert_eq!(a.publisher.as_deref(), Some("NHK World-Japan"));
    assert!(!a.title.unwrap_or_default().starts_with('\u{feff}'));
}

#[test]
fn utf16_with_bom_is_decoded() {
    let text = "Title: Kim\u{2019}s visit\r\nPublished: 2023-10-20\r\n\r\nKim met Lavrov.\r\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    for bytes in [le, be] {
        let a = read_one_with("w.txt", &bytes, &ReadOptions::default()).expect("reads");
        assert_eq!(a.title.as_deref(), Some("Kim\u{2019}s visit"));
        assert_eq!(a.body, "Kim met Lavrov.");
    }
}

#[test]
fn unpaired_utf16_surrogate_names_the_byte() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("K\u{1F600}m".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.extend([0x00, 0xD8, b'x', 0x00]);
    assert_eq!(
        error_text(read_one_with("w.txt", &bytes, &ReadOptions::default())),
        "w.txt: not valid UTF-16 at byte 10; save the file as UTF-8"
    );
}

#[test]
fn crlf_and_cr_line_ends_become_lf() {
    let crlf = HEADER_ARTICLE.replace('\n', "\r\n");
    let cr = HEADER_ARTICLE.replace('\n', "\r");
    let lf = read_one("a.txt", HEADER_ARTICLE).expect("reads");
    for text in [crlf, cr] {
        let a = read_one("a.txt", &text).expect("reads");
        assert!(!a.body.contains('\r'));
        assert_eq!(a.body, lf.body);
        assert_eq!(a.content_hash(), lf.content_hash());
    }
}

#[test]
fn content_hash_ignores_layout_and_origin_but_not_content() {
    let a = read_one("a.txt", HEADER_ARTICLE).expect("reads");
    let mut moved = a.clone();
    moved.origin = "elsewhere/b.txt".into();
    moved.body = format!("  {}\n\n", a.body.replace(' ', "  "));
    assert_eq!(a.content_hash(), moved.content_hash());
    assert_eq!(a.content_hash().len(), 64);
    let mut edited = a.clone();
    edited.body.push_str(" More.");
    assert_ne!(a.content_hash(), edited.content_hash());
    let mut redated = a.clone();
    redated.published = d(2023, 3, 4);
    assert_ne!(a.content_hash(), redated.content_hash());
    let mut untitled = a.clone();
    untitled.title = None;
    assert_ne!(a.content_hash(), untitled.content_hash());
}

#[test]
fn expand_paths_walks_folders_sorted_skipping_hidden_and_foreign_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    for name in [
        "b.txt",
        "a.jsonl",
        "notes.pdf",
        ".hidden.txt",
        "sub/c.md",
        ".git/d.txt",
        "sub/e.NDJSON",
    ] {
        let path = root.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(&path, "x").expect("write");
    }
    let got = expand_paths(&[root.to_path_buf()]).expect("expands");
    let names: Vec<String> = got
        .iter()
        .filter_map(|p| p.strip_prefix(root).ok())
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(names, vec!["a.jsonl", "b.txt", "sub/c.md", "sub/e.NDJSON"]);
    let explicit = root.join("notes.pdf");
    let got = expand_paths(&[explicit.clone(), PathBuf::from("-")]).expect("expands");
    assert_eq!(got, vec![explicit, PathBuf::from("-")]);
}

#[test]
fn expand_paths_reports_a_missing_path() {
    let missing = PathBuf::from("/nonexistent/annals/news");
    match expand_paths(std::slice::from_ref(&missing)) {
        Err(Error::Io { path, .. }) => assert_eq!(path, missing),
        other => panic!("expected Io error, got {other:?}"),
    }
}

#[test]
fn read_path_reads_a_file_and_reports_a_missing_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nhk.txt");
    fs::write(&path, HEADER_ARTICLE).expect("write");
    let got = read_path(&path, &ReadOptions::default());
    let a = got
        .into_iter()
        .next()
        .and_then(|r| r.ok())
        .expect("one article");
    assert_eq!(a.origin, path.display().to_string());
    let missing = read_path(&dir.path().join("gone.txt"), &ReadOptions::default());
    assert!(matches!(missing.as_slice(), [Err(Error::Io { .. })]));
}

#[test]
fn bare_text_takes_short_first_line_as_title() {
    let text = "North Korea test-fires ballistic missile\n\nSEOUL, April 29, 2017 (Yonhap) -- North Korea fired a missile.\n";
    let a = read_one("v.txt", text).expect("reads");
    assert_eq!(
        a.title.as_deref(),
        Some("North Korea test-fires ballistic missile")
    );
    assert_eq!(a.published, d(2017, 4, 29));
    assert!(a.body.starts_with("SEOUL, April 29, 2017"));
}

#[test]
fn header_without_body_is_an_error() {
    let msg = error_text(read_one("a.txt", "Title: T\nPublished: 2023-10-20\n\n"));
    assert!(msg.contains("no article text"), "{msg}");
}
#[test]
fn any_prefix_of_any_input_shape_reads_without_panicking() {
    let jsonl = concat!(
        r#"{"published": "2023-10-20", "body": "Kim \u00e9 met"}"#,
        "\n",
        r#"{"x": [1, {"y": null}]}"#
    );
    let dateline =
        "SEOUL, Oct. 19 (Yonhap) -- Kim\u{2019}s envoy \u{2014} \u{201c}met\u{201d}. \u{a9} 2023";
    for sample in [PASTED_PAGE, HEADER_ARTICLE, jsonl, dateline] {
        // Every byte length, so cuts inside multi-byte characters are covered too.
        for len in 0..=sample.len() {
            let bytes = sample.as_bytes().get(..len).unwrap_or_default();
            for origin in ["p.txt", "p.jsonl"] {
                let articles = read_bytes(origin, bytes, &ReadOptions::default());
                for article in articles.into_iter().flatten() {
                    let _ = crate::sentence::split(&article.body);
                }
            }
        }
    }
}

#[test]
fn pasted_wire_page_with_updated_line_and_uppercase_byline_reads() {
    let text = "Associated Press\nNorth Korea fires missile toward sea\nBy KIM TONG-HYUNG\nUpdated 3:12 AM GMT+9, October 19, 2023\nShare\n\nSEOUL, South Korea (AP) \u{2014} North Korea fired a ballistic missile on Thursday.\n";
    let a = read_one("ap.txt", text).expect("reads");
    assert_eq!(a.publisher.as_deref(), Some("Associated Press"));
    assert_eq!(a.author.as_deref(), Some("KIM TONG-HYUNG"));
    assert_eq!(a.published, d(2023, 10, 19));
    assert_eq!(a.published_time.as_deref(), Some("3:12 AM GMT+9"));
    assert!(a.body.starts_with("SEOUL, South Korea (AP)"));
}

#[test]
fn pasted_page_byline_with_several_authors_and_email_is_cleaned() {
    let text = "CNN\n\u{2014}\nNorth Korea fires missile\nBy Yoonjung Seo and Brad Lendon, CNN (news@cnn.com)\nThu October 19, 2023\n\nNorth Korea fired a missile.\n";
    let a = read_one("cnn.txt", text).expect("reads");
    assert_eq!(
        a.author.as_deref(),
        Some("Yoonjung Seo and Brad Lendon, CNN")
    );
    assert_eq!(a.title.as_deref(), Some("North Korea fires missile"));
    assert_eq!(a.published, d(2023, 10, 19));
}

#[test]
fn yearless_dateline_under_a_section_line_finds_year_in_that_line() {
    let text = "(LEAD) N. Korea fires ballistic missile\nAll News 10:47 October 19, 2023\n\nSEOUL, Oct. 19 (Yonhap) -- North Korea fired a ballistic missile.\n";
    let a = read_one("y.txt", text).expect("reads");
    assert_eq!(a.published, d(2023, 10, 19));
}

#[test]
fn control_characters_become_spaces_so_terminals_and_spreadsheets_are_safe() {
    let text = "Title: Kim\u{1b}[31m fires\nPublished: 2023-10-20\n\nNorth Korea\u{8}fired a missile\u{7} on Thursday.\tIt flew east.\n";
    let a = read_one("c.txt", text).expect("reads");
    assert_eq!(a.title.as_deref(), Some("Kim [31m fires"));
    assert_eq!(
        a.body,
        "North Korea fired a missile  on Thursday.\tIt flew east."
    );
}

/// A cheap, deterministic stand-in for fuzzing the reader: thousands of byte-level
/// mutations (flips, cuts, inserted high bytes, NULs, CRs, BOMs) of real article shapes
/// must each give an article or an error naming the origin, never a panic.
#[test]
fn mutated_articles_never_panic_the_reader() {
    let seeds: [&[u8]; 4] = [
        HEADER_ARTICLE.as_bytes(),
        "SEOUL, Oct. 19 (Yonhap) -- North Korea\u{2019}s leader met Russia\u{2019}s foreign minister \u{2014} state media said.\n".as_bytes(),
        br#"{"title": "T", "published": "2023-10-20", "body": "Kim met Lavrov on Thursday."}"#,
        "The Korea Herald\nNorth\u{2019}s Kim reaffirms ties\nBy Choi Si-young\nPublished : Oct. 20, 2023 - 16:12\n\nKim met Lavrov on Thursday.\n".as_bytes(),
    ];
    let inserts: [&[u8]; 8] = [
        b"\xE9",
        b"\x93",
        b"\x00",
        b"\r",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"\xF0\x9F",
        b"\n\n",
    ];
    let mut x: u64 = 0x1234_5678_9abc_def1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for round in 0..2000 {
        let seed = seeds[round % seeds.len()];
        let mut bytes = seed.to_vec();
        for _ in 0..(1 + next() % 4) {
            let at = (next() as usize) % (bytes.len() + 1);
            match next() % 4 {
                0 if at < bytes.len() => bytes[at] ^= 1 << (next() % 8),
                1 => bytes.truncate(at),
                2 => {
                    let ins = inserts[(next() as usize) % inserts.len()];
                    bytes.splice(at..at, ins.iter().copied());
                }
                _ => {
                    let from = (next() as usize) % (bytes.len() + 1);
                    let piece: Vec<u8> = bytes[from.min(at)..from.max(at)].to_vec();
                    bytes.extend_from_slice(&piece);
                }
            }
        }
        let origin = if round % 3 == 0 { "m.jsonl" } else { "m.txt" };
        for item in read_bytes(origin, &bytes, &ReadOptions::default()) {
            if let Err(e) = item {
                assert!(e.to_string().starts_with("m."), "{e}");
            }
        }
    }
}
