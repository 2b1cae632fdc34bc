//! Bad and odd input, generated at test time in a temp folder: every kind is handled
//! without a panic, refused ones get exactly one error line naming the file (and line),
//! nothing of a refused input reaches the database, and the good inputs of the same run
//! are stored. Odd databases (not SQLite, another program's, newer, truncated) are refused
//! and left byte for byte as they were.

mod common;

use chrono::{Duration, Utc};
use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What must happen to one input (one file, or one line of a JSONL file).
#[derive(Debug, Clone)]
enum Expect {
    /// Stored as an article.
    Stored,
    /// Refused with one error line holding this text.
    Refused(&'static str),
}

/// One generated input: a file name, its bytes, and the fate of each article in it,
/// keyed by origin suffix ("name" for a text file, "name:3" for a JSONL line).
struct Case {
    file: String,
    bytes: Vec<u8>,
    expect: Vec<(String, Expect)>,
}

fn case(file: &str, bytes: impl Into<Vec<u8>>, expect: Expect) -> Case {
    Case {
        file: file.to_string(),
        bytes: bytes.into(),
        expect: vec![(file.to_string(), expect)],
    }
}

fn lines_case(file: &str, bytes: impl Into<Vec<u8>>, expect: &[(usize, Expect)]) -> Case {
    Case {
        file: file.to_string(),
        bytes: bytes.into(),
        expect: expect
            .iter()
            .map(|(line, e)| (format!("{file}:{line}"), e.clone()))
            .collect(),
    }
}

/// A small header article with this body.
fn article(title: &str, published: &str, body: &str) -> String {
    format!("Title: {title}\nPublisher: Test Wire\nPublished: {published}\n\n{body}\n")
}

const BODY: &str =
    "North Korea test-fired a ballistic missile on Thursday, South Korea's military said. \
The United States and Japan will hold joint drills next week.";

/// A deterministic byte stream (no NUL unless asked), for binary-looking files.
fn noise(len: usize, seed: u32, allow_nul: bool) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let b = (x >> 11) as u8;
            if b == 0 && !allow_nul {
                0x9D
            } else {
                b
            }
        })
        .collect()
}

fn utf16(text: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
    }
    for unit in text.encode_utf16() {
        out.extend(if le {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

fn jsonl_article(title: &str, published: &str, body: &str) -> String {
    serde_json::json!({"title": title, "published": published, "body": body}).to_string()
}

/// The corpus: more than thirty kinds of odd input.
fn corpus() -> Vec<Case> {
    use Expect::*;
    let today = Utc::now().date_naive();
    let tomorrow = (today + Duration::days(1)).to_string();
    let next_year = (today + Duration::days(365)).to_string();
    let mut cases = vec![
        case("empty.txt", "", Refused("empty file")),
        case("whitespace.txt", " \n\t\n   \r\n\n", Refused("empty file")),
        case("binary-nul.txt", noise(4096, 1, true), Refused("binary data")),
        case(
            "binary-no-nul.txt",
            noise(4096, 2, false),
            Refused("not valid UTF-8"),
        ),
        case(
            "invalid-utf8.txt",
            b"Title: x\nPublished: 2023-10-20\n\nHello \xff\xfe world.\n".to_vec(),
            Refused("not valid UTF-8 at byte"),
        ),
        case(
            "windows-1252.txt",
            b"Title: Caf\xe9 diplomacy\nPublished: 2023-10-20\n\n\x93We will respond,\x94 North Korea\x92s foreign ministry said on Thursday \x97 a day after the drills.\n".to_vec(),
            Stored,
        ),
        case(
            "latin-1.txt",
            b"Title: M\xfcller in Z\xfcrich\nPublished: 2023-10-20\n\nGerman Chancellor Olaf Scholz met Fran\xe7ois Legault in S\xe3o Paulo on Thursday.\n".to_vec(),
            Stored,
        ),
        case(
            "utf16le-bom.txt",
            utf16(&article("Kim\u{2019}s envoy", "2023-10-20", BODY), true, true),
            Stored,
        ),
        case(
            "utf16be-bom.txt",
            utf16(&article("Lavrov\u{2019}s visit", "2023-10-21", BODY), false, true),
            Stored,
        ),
        case(
            "utf16-no-bom.txt",
            utf16(&article("No mark", "2023-10-20", BODY), true, false),
            Refused("UTF-16 text without a byte-order mark"),
        ),
        case(
            "utf8-bom.txt",
            [
                b"\xEF\xBB\xBF".as_slice(),
                article("BOM", "2023-10-22", BODY).as_bytes(),
            ]
            .concat(),
            Stored,
        ),
        case(
            "crlf.txt",
            article("CRLF", "2023-10-23", BODY).replace('\n', "\r\n"),
            Stored,
        ),
        case(
            "cr-only.txt",
            article("CR", "2023-10-24", BODY).replace('\n', "\r"),
            Stored,
        ),
        case(
            "single-line-50mb.txt",
            "North Korea fired a missile on Thursday ".repeat((50 << 20) / 40),
            Refused("longer than the 4 MB"),
        ),
        case(
            "sentences-20000.txt",
            article(
                "Twenty thousand sentences",
                "2023-10-25",
                &"Talks went on. ".repeat(20_000),
            ),
            Stored,
        ),
        case(
            "page.txt",
            "<!DOCTYPE html>\n<html><head><title>Kim meets Lavrov</title>\n<meta property=\"article:published_time\" content=\"2023-10-19T22:00:00Z\"></head>\n<body><script>var x = '<p>';</script><p>Kim met Lavrov on Thursday.</p></body></html>\n",
            Stored,
        ),
        case(
            "menu-page.txt",
            "<!DOCTYPE html>\n<html><body><ul><li>Home</li><li>World</li></ul></body></html>\n",
            Refused("an HTML page without article paragraphs"),
        ),
        case(
            "odd-case-keys.txt",
            format!("TITLE: Odd case\npUbLiShEd: 2023-10-26\nPUBLISHER: Test Wire\n\n{BODY}\n"),
            Stored,
        ),
        case(
            "odd-order-keys.txt",
            format!("URL: https://example.com/news/1\nSection: World\nPublished: Oct. 27, 2023\nAuthor: A. Writer\nTitle: Odd order\n\n{BODY}\n"),
            Stored,
        ),
        case(
            "feb-30.txt",
            article("Feb 30", "Feb. 30, 2023", BODY),
            Refused("Feb. 30, 2023"),
        ),
        case(
            "year-0025.txt",
            article("Year 25", "0025-03-01", BODY),
            Refused("0025-03-01"),
        ),
        case(
            "year-9999.txt",
            article("Year 9999", "9999-12-31", BODY),
            Refused("9999-12-31"),
        ),
        case(
            "future.txt",
            article("Next year", &next_year, BODY),
            Refused("in the future"),
        ),
        case(
            "tomorrow.txt",
            article(
                "Tomorrow in Seoul",
                &tomorrow,
                "South Korea and Japan held talks on Friday.",
            ),
            Stored,
        ),
        case(
            "odd-dates-in-body.txt",
            article(
                "Odd dates",
                "2023-10-28",
                "The treaty lapses on Feb. 30, officials said. Historians date the fort to the year 0025. \
                 The archive is sealed until 9999-12-31. Talks will resume on Dec. 31, 9999, Russia said. \
                 China held drills on 31/02/2023 and on 2023-13-45.",
            ),
            Stored,
        ),
        case(
            "nested-brackets.txt",
            article(
                "Nested",
                "2023-10-29",
                &format!(
                    "Russia said {}talks{} would resume on Friday. {}\u{201c}\u{2018}{}",
                    "(\u{201c}[".repeat(5000),
                    "]\u{201d})".repeat(5000),
                    "\"'".repeat(5000),
                    "\u{2019}\u{201d}".repeat(5000)
                ),
            ),
            Stored,
        ),
        case(
            "scripts-and-emoji.txt",
            article(
                "Scripts \u{1F30D}",
                "2023-10-30",
                "Japan\u{2019}s envoy met officials in Tehran on Monday \u{1F1EF}\u{1F1F5}\u{200D}\u{1F91D}. \
                 \u{0627}\u{0644}\u{0633}\u{0644}\u{0627}\u{0645} \u{05E9}\u{05DC}\u{05D5}\u{05DD}\u{2028}\
                 Ze\u{0301}lensky\u{00A0}spoke on Tuesday\u{2029} in Kyiv.\u{FEFF}",
            ),
            Stored,
        ),
        case(
            "control-chars.txt",
            article(
                "Controls",
                "2023-10-31",
                "North Korea\u{1}fired\u{7} a missile\u{1b}[0m on Thursday\u{8}.",
            ),
            Stored,
        ),
        case(
            "header-only.txt",
            "Title: Nothing\nPublished: 2023-10-20\n",
            Refused("no article text"),
        ),
        case(
            "no-date.txt",
            "Kim met Lavrov on Thursday in Pyongyang.\n",
            Refused("no publication date"),
        ),
        case(
            "long-word.txt",
            article(
                "One long word",
                "2023-11-01",
                &format!("{} was said on Thursday.", "a".repeat(1 << 18)),
            ),
            Stored,
        ),
        case(
            "many-header-keys.txt",
            format!(
                "Title: Many keys\nPublished: 2023-11-02\n{}\n{BODY}\n",
                (0..2000)
                    .map(|i| format!("X-Key-{i}: {}\n", "v".repeat(200)))
                    .collect::<String>()
            ),
            Stored,
        ),
        case(
            "duplicate-of-crlf.txt",
            article("CRLF", "2023-10-23", BODY),
            Refused("__unchanged__"),
        ),
        lines_case(
            "broken.jsonl",
            [
                jsonl_article("Good line", "2023-03-03", BODY),
                r#"{"title": "broken", "published": "2023-03-04", "body": "unterminated"#
                    .to_string(),
                r#"{"title": 7, "published": 20231020, "body": ["not", "text"]}"#.to_string(),
                r#"["an", "array"]"#.to_string(),
                "42".to_string(),
                format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
                r#"{"title": "surrogate", "published": "2023-03-05", "body": "x \ud800 y"}"#
                    .to_string(),
                r#"{"title": "nul", "published": "2023-03-06", "body": "North Korea\u0000 fired a missile on Friday."}"#
                    .to_string(),
                jsonl_article("Another good line", "2023-03-07", BODY),
            ]
            .join("\n"),
            &[
                (1, Stored),
                (2, Refused("not valid JSON")),
                (3, Refused("must be a string")),
                (4, Refused("expected a JSON object")),
                (5, Refused("expected a JSON object")),
                (6, Refused("not valid JSON")),
                (7, Refused("not valid JSON")),
                (8, Stored),
                (9, Stored),
            ],
        ),
        lines_case(
            "ten-mb-line.jsonl",
            [
                jsonl_article("Before", "2023-04-01", BODY),
                jsonl_article(
                    "Ten MB",
                    "2023-04-02",
                    &"Talks went on for hours. ".repeat((10 << 20) / 25),
                ),
                jsonl_article("After", "2023-04-03", BODY),
            ]
            .join("\n"),
            &[
                (1, Stored),
                (2, Refused("longer than the 4 MB")),
                (3, Stored),
            ],
        ),
        case(
            "pretty.json",
            serde_json::to_string_pretty(&serde_json::json!({
                "headline": "Pretty printed", "datePublished": "2023-05-01T09:00:00Z",
                "articleBody": BODY, "source": {"name": "Test Wire"}
            }))
            .unwrap_or_default(),
            Stored,
        ),
    ];
    // A JSON array file: each element is judged alone, "#n" names it.
    cases.push(Case {
        file: "array.json".into(),
        bytes: serde_json::json!([
            {"title": "First", "published": "2023-06-01", "body": BODY},
            {"title": "Second", "published": "not a date", "body": BODY}
        ])
        .to_string()
        .into_bytes(),
        expect: vec![
            ("array.json#1".into(), Expect::Stored),
            ("array.json#2".into(), Expect::Refused("cannot read date")),
        ],
    });
    cases
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn error_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("annals: error:"))
        .collect()
}

fn origins(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT origin FROM articles").unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(|r| r.unwrap()).collect()
}

fn integrity_ok(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

/// Whether the test runs with privileges that ignore file modes (root in a container):
/// then "unreadable" and "read-only" cannot be staged, and those checks are skipped.
fn modes_are_ignored(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("mode-probe");
    let _ = fs::write(&probe, "x");
    let _ = fs::set_permissions(&probe, fs::Permissions::from_mode(0o000));
    let ignored = fs::read(&probe).is_ok();
    let _ = fs::set_permissions(&probe, fs::Permissions::from_mode(0o600));
    let _ = fs::remove_file(&probe);
    ignored
}

#[test]
fn every_kind_of_bad_input_is_refused_on_one_line_and_the_good_ones_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let cases = corpus();
    let kinds: usize = cases.iter().map(|c| c.expect.len()).sum();
    assert!(kinds >= 30, "the corpus has {kinds} kinds");
    for c in &cases {
        fs::write(input.join(&c.file), &c.bytes).unwrap();
    }
    // KEEP_CORPUS=DIR writes the corpus out for manual runs instead of testing it.
    if let Some(keep) = std::env::var_os("KEEP_CORPUS") {
        let keep = PathBuf::from(keep);
        fs::create_dir_all(&keep).unwrap();
        for c in &cases {
            fs::write(keep.join(&c.file), &c.bytes).unwrap();
        }
        return;
    }
    let db = dir.path().join("t.db");
    let out = annals(&db)
        .arg("ingest")
        .arg(&input)
        .arg(seed())
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "refusals give exit 1\n{stderr}");
    let errors = error_lines(&stderr);
    let stored = origins(&db);
    let mut expected_errors = 0;
    let mut expected_stored = 1; // the seed
    for c in &cases {
        for (suffix, expect) in &c.expect {
            // "…/in/broken.jsonl:2" must not also match "…:21": anchor on what follows.
            let names = |l: &str| {
                l.contains(&format!("{}{suffix}: ", std::path::MAIN_SEPARATOR))
                    || l.contains(&format!("/{suffix}: "))
            };
            let hits: Vec<&&str> = errors.iter().filter(|l| names(l)).collect();
            let in_db = stored.iter().any(|o| o.ends_with(&format!("/{suffix}")));
            match expect {
                Expect::Stored => {
                    expected_stored += 1;
                    assert!(hits.is_empty(), "{suffix} refused: {hits:?}");
                    assert!(in_db, "{suffix} not stored\n{stderr}");
                }
                Expect::Refused("__unchanged__") => {
                    // Same content as another file of the run: a note, not an error.
                    assert!(hits.is_empty(), "{suffix}: {hits:?}");
                    assert!(
                        stderr.contains(&format!("{suffix}: already stored, unchanged")),
                        "{stderr}"
                    );
                }
                Expect::Refused(why) => {
                    expected_errors += 1;
                    assert_eq!(hits.len(), 1, "one error line for {suffix}:\n{stderr}");
                    assert!(hits[0].contains(why), "{suffix}: {} lacks {why:?}", hits[0]);
                    assert!(!in_db, "{suffix} was refused but is in the database");
                    // One line, and short enough to read: no dump of the input.
                    assert!(hits[0].len() < 400, "{suffix}: error too long");
                }
            }
        }
    }
    assert_eq!(errors.len(), expected_errors, "{stderr}");
    assert_eq!(stored.len(), expected_stored, "{stored:?}");
    integrity_ok(&db);
    assert!(
        stderr.contains(&format!("{expected_stored} articles added")),
        "{stderr}"
    );
}

#[test]
fn decoded_windows_1252_text_reads_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.txt");
    fs::write(
        &file,
        b"Title: Caf\xe9 talks \x96 day two\nPublished: 2023-10-20\n\nNorth Korea\x92s envoy met Z\xfcrich officials on Thursday.\n",
    )
    .unwrap();
    let db = dir.path().join("t.db");
    annals(&db).arg("ingest").arg(&file).assert().success();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (title, body, extra): (String, String, String) = conn
        .query_row("SELECT title, body, extra FROM articles", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(title, "Caf\u{e9} talks \u{2013} day two");
    assert!(body.contains("North Korea\u{2019}s envoy met Z\u{fc}rich"));
    assert!(extra.contains("windows-1252"), "{extra}");
}

#[test]
fn missing_paths_and_dangling_links_are_named_and_the_rest_stored() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.txt");
    let link = dir.path().join("dangling.txt");
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), &link).unwrap();
    let db = dir.path().join("t.db");
    let out = annals(&db)
        .arg("ingest")
        .arg(&missing)
        .arg(&link)
        .arg(seed())
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    let errors = error_lines(&stderr);
    assert_eq!(errors.len(), 2, "{stderr}");
    assert!(errors.iter().any(|l| l.contains("nowhere.txt")), "{stderr}");
    assert!(
        errors.iter().any(|l| l.contains("dangling.txt")),
        "{stderr}"
    );
    assert!(stderr.contains("1 article added"), "{stderr}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn empty_stdin_is_refused_naming_the_dash() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let out = annals(&db)
        .args(["ingest", "-"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = stderr_of(&out);
    assert!(stderr.contains("annals: error: -: empty file"), "{stderr}");
}

#[test]
fn an_explicit_html_page_is_read_for_its_article_text() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("story.html");
    fs::write(
        &page,
        "<html>\n<head><meta property=\"article:published_time\" content=\"2023-10-20\"></head>\n<body><nav><p>Home</p></nav><article><p>Kim met Lavrov on Thursday.</p></article></body>\n</html>\n",
    )
    .unwrap();
    let db = dir.path().join("t.db");
    let out = annals(&db).arg("ingest").arg(&page).output().unwrap();
    let stderr = stderr_of(&out);
    assert!(out.status.success(), "{stderr}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let body: String = conn
        .query_row("SELECT body FROM articles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(body, "Kim met Lavrov on Thursday.");
}

#[test]
fn a_folder_of_10000_files_is_walked_and_stored() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many");
    fs::create_dir(&input).unwrap();
    // Every file differs (its own day), so every one is read, extracted and stored; the
    // body is one short sentence to keep the run fast.
    let start = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
    for i in 0..10_000 {
        let day = start + Duration::days(i);
        fs::write(
            input.join(format!("{i:05}.txt")),
            article(&format!("Note {i}"), &day.to_string(), "Talks went on."),
        )
        .unwrap();
    }
    let db = dir.path().join("t.db");
    let out = annals(&db)
        .args(["ingest", "--quiet"])
        .arg(&input)
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("10000 articles added"), "{stderr}");
    assert_eq!(origins(&db).len(), 10_000);
}

#[test]
fn an_unreadable_file_is_named_and_the_rest_stored() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    if modes_are_ignored(dir.path()) {
        eprintln!("skipped: running with privileges that read mode-000 files (root)");
        return;
    }
    let locked = dir.path().join("locked.txt");
    fs::write(&locked, article("Locked", "2023-10-20", BODY)).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let db = dir.path().join("t.db");
    let out = annals(&db)
        .arg("ingest")
        .arg(&locked)
        .arg(seed())
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    let errors = error_lines(&stderr);
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains("locked.txt"), "{stderr}");
    assert!(stderr.contains("1 article added"), "{stderr}");
}

/// Run `ingest` of the seed against a database file that must be refused, and check the
/// file is left exactly as it was.
fn refused_database(db: &PathBuf, needle: &str) {
    let before = fs::read(db).unwrap();
    let out = annals(db).arg("ingest").arg(seed()).output().unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let errors = error_lines(&stderr);
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains(needle), "{stderr}");
    assert!(
        errors[0].contains(&db.file_name().unwrap().to_string_lossy().to_string()),
        "{stderr}"
    );
    assert_eq!(fs::read(db).unwrap(), before, "the database file changed");
}

#[test]
fn a_database_that_is_not_sqlite_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.db");
    fs::write(&db, noise(8192, 7, true)).unwrap();
    refused_database(&db, "not an SQLite database");
}

#[test]
fn another_programs_sqlite_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
            .unwrap();
    }
    refused_database(&db, "not an annals one");
}

#[test]
fn a_database_from_a_newer_annals_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newer.db");
    annals(&db).arg("timeline").assert().success();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", 9999).unwrap();
        // Fold the WAL back so the file alone holds the database.
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    refused_database(&db, "newer annals");
}

#[test]
fn a_truncated_database_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cut.db");
    annals(&db).arg("ingest").arg(seed()).assert().success();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let bytes = fs::read(&db).unwrap();
    fs::write(&db, &bytes[..bytes.len() / 3]).unwrap();
    for cmd in [
        vec!["ingest", "-"],
        vec!["timeline"],
        vec!["export", "--format", "csv"],
    ] {
        let out = annals(&db)
            .args(&cmd)
            .write_stdin(fs::read(seed()).unwrap())
            .output()
            .unwrap();
        let stderr = stderr_of(&out);
        assert!(!stderr.contains("panicked"), "{cmd:?}: {stderr}");
        assert!(
            !out.status.success(),
            "{cmd:?} succeeded on a truncated file"
        );
        assert!(stderr.contains("cut.db"), "{cmd:?}: {stderr}");
    }
}

#[test]
fn a_read_only_database_is_refused_for_writes_but_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    if modes_are_ignored(dir.path()) {
        eprintln!("skipped: running with privileges that write read-only files (root)");
        return;
    }
    let db = dir.path().join("ro.db");
    annals(&db).arg("ingest").arg(seed()).assert().success();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    fs::set_permissions(&db, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&db).unwrap();
    let other = dir.path().join("other.txt");
    fs::write(&other, article("Other", "2023-10-21", BODY)).unwrap();
    let out = annals(&db).arg("ingest").arg(&other).output().unwrap();
    let stderr = stderr_of(&out);
    assert!(!out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("ro.db"), "{stderr}");
    assert_eq!(fs::read(&db).unwrap(), before);
}

#[test]
fn a_folder_given_as_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = annals(dir.path()).arg("timeline").output().unwrap();
    let stderr = stderr_of(&out);
    assert!(!out.status.success());
    assert!(stderr.contains("is a directory"), "{stderr}");
}

#[test]
fn symlink_loops_and_fifos_in_a_folder_neither_hang_nor_repeat() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("a.txt"), article("Once", "2023-10-20", BODY)).unwrap();
    // A link back to the folder itself, and a named pipe no one writes to: following
    // the first would recurse forever, reading the second would block forever.
    std::os::unix::fs::symlink(&input, input.join("loop")).unwrap();
    let fifo = input.join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let db = dir.path().join("t.db");
    let out = annals(&db).arg("ingest").arg(&input).output().unwrap();
    let stderr = stderr_of(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("1 article added"), "{stderr}");
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("note: mkfifo unavailable, the named-pipe half was not exercised");
    }
}
