//! The `--excel` CSV in a real spreadsheet: LibreOffice Calc, headless, converts the export
//! to flat ODS (one XML file, readable without a zip crate) and every cell read back must
//! hold what annals wrote: accents and curly quotes intact, dates as dates (or text), and
//! no formula cells even where an article's text starts with `=` or `+` (OWASP CSV
//! injection). A missing LibreOffice is a failure, not a skip: CI installs it
//! (`apt-get install -y libreoffice-calc`).

mod common;

use common::*;
use regex::Regex;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SOFFICE_TIMEOUT: Duration = Duration::from_secs(60);

/// A report in the header-block format whose text has what spreadsheets get wrong: accents,
/// curly quotes, an em dash, a publisher line that is a formula and a sentence opening
/// with `+`.
const ARTICLE: &str = "Title: Macron and Lula meet in São Paulo — “a new chapter”
Publisher: =HYPERLINK(\"http://evil.example\",\"Le Monde\")
Published: 2024-03-28
URL: https://example.com/macron-lula

French President Emmanuel Macron met Brazilian President Luiz Inácio Lula da Silva in São Paulo on Tuesday, the Élysée said.

The two leaders will hold talks in Brasília on Thursday, according to Itamaraty.

+Brazil and France signed a defence agreement on Wednesday in São Paulo.
";

fn soffice() -> PathBuf {
    for name in ["soffice", "libreoffice"] {
        if let Ok(out) = Command::new("which").arg(name).output() {
            if out.status.success() {
                return PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            }
        }
    }
    panic!(
        "LibreOffice not found: install it (Debian: apt-get install -y libreoffice-calc); .ci/run does"
    );
}

/// `soffice --headless --convert-to fods` of `csv` into `dir`, with the CSV read as
/// comma-separated, double-quoted UTF-8 (filter options 44,34,76) in a private profile.
fn convert_to_fods(csv: &Path, dir: &Path) -> PathBuf {
    let profile = dir.join("lo-profile");
    let mut child = Command::new(soffice())
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "fods",
            "--outdir",
        ])
        .arg(dir)
        .arg(csv)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "soffice failed: {status}");
            break;
        }
        if start.elapsed() > SOFFICE_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("soffice did not convert in {SOFFICE_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = dir.join(csv.with_extension("fods").file_name().unwrap());
    assert!(out.exists(), "soffice wrote no {}", out.display());
    out
}

/// One cell as Calc stored it.
#[derive(Debug, Clone, PartialEq)]
struct Cell {
    /// office:value-type: string, float, date, ... ("" for an empty cell).
    kind: String,
    /// office:value / office:date-value for typed cells.
    value: String,
    /// The shown text.
    text: String,
    /// Whether Calc holds a formula in the cell.
    formula: bool,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text of a cell's `<text:p>` content: spaces and tabs from their elements, other
/// markup (spans, links) dropped.
fn cell_text(inner: &str) -> String {
    let spaces = Regex::new(r#"<text:s(?: text:c="(\d+)")?/>"#).unwrap();
    let s = spaces.replace_all(inner, |c: &regex::Captures| {
        let n = c.get(1).map_or(1, |m| m.as_str().parse().unwrap_or(1));
        " ".repeat(n)
    });
    let s = s.replace("<text:tab/>", "\t");
    let paragraphs = Regex::new(r"(?s)<text:p[^>]*>(.*?)</text:p>").unwrap();
    let tags = Regex::new(r"<[^>]+>").unwrap();
    let parts: Vec<String> = paragraphs
        .captures_iter(&s)
        .map(|c| unescape(&tags.replace_all(&c[1], "")))
        .collect();
    parts.join("\n")
}

/// Rows of the first sheet, trailing empty rows dropped.
fn read_fods(path: &Path) -> Vec<Vec<Cell>> {
    let xml = std::fs::read_to_string(path).unwrap();
    let row_re = Regex::new(r"(?s)<table:table-row[^>]*>(.*?)</table:table-row>").unwrap();
    let cell_re = Regex::new(
        r"(?s)<table:(?:covered-)?table-cell([^>]*?)/>|<table:(?:covered-)?table-cell([^>]*)>(.*?)</table:(?:covered-)?table-cell>",
    )
    .unwrap();
    let attr = |attrs: &str, name: &str| -> Option<String> {
        let re = Regex::new(&format!(r#"{name}="([^"]*)""#)).unwrap();
        re.captures(attrs).map(|c| unescape(&c[1]))
    };
    let mut rows = Vec::new();
    for row in row_re.captures_iter(&xml) {
        let mut cells = Vec::new();
        for c in cell_re.captures_iter(&row[1]) {
            let attrs = c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str());
            let inner = c.get(3).map_or("", |m| m.as_str());
            let cell = Cell {
                kind: attr(attrs, "office:value-type").unwrap_or_default(),
                value: attr(attrs, "office:date-value")
                    .or_else(|| attr(attrs, "office:value"))
                    .unwrap_or_default(),
                text: cell_text(inner),
                formula: attrs.contains("table:formula="),
            };
            let repeat: usize = attr(attrs, "table:number-columns-repeated")
                .and_then(|n| n.parse().ok())
                .unwrap_or(1);
            // Calc pads a sheet with huge runs of empty cells; only real ones matter.
            cells.extend(std::iter::repeat_n(cell, repeat.min(64)));
        }
        while cells
            .last()
            .is_some_and(|c| c.kind.is_empty() && c.text.is_empty())
        {
            cells.pop();
        }
        rows.push(cells);
    }
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    rows
}

#[test]
fn excel_csv_opens_in_calc_with_text_intact_and_no_formulas() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("spreadsheet-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("t.db");
    let article = dir.join("macron-lula.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    annals(&db)
        .arg("ingest")
        .arg(&article)
        .arg(fixtures().join("articles"))
        .assert()
        .success();
    let csv_path = dir.join("events.csv");
    annals(&db)
        .args(["export", "--format", "csv", "--excel", "-o"])
        .arg(&csv_path)
        .assert()
        .success();

    let bytes = std::fs::read(&csv_path).unwrap();
    let text = std::str::from_utf8(&bytes)
        .unwrap()
        .trim_start_matches('\u{feff}');
    let written: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert!(written.len() > 3);
    let header = written[0].clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let text_of = |rows: &[Vec<String>], c: usize| -> String {
        rows.iter()
            .map(|r| r[c].as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    // The export really holds the traps this test is about.
    assert!(text.contains("São Paulo") && text.contains("Inácio"));
    assert!(text_of(&written, col("publishers")).contains("'=HYPERLINK"));

    let sheet = read_fods(&convert_to_fods(&csv_path, &dir));
    assert_eq!(sheet.len(), written.len(), "one sheet row per CSV line");
    let dates = [col("date_start"), col("date_end")];
    let mut date_cells = 0;
    for (r, (row, cells)) in written.iter().zip(&sheet).enumerate() {
        for (c, want) in row.iter().enumerate() {
            let empty = Cell {
                kind: String::new(),
                value: String::new(),
                text: String::new(),
                formula: false,
            };
            let got = cells.get(c).unwrap_or(&empty);
            let at = format!("row {r} column {}", header[c]);
            assert!(!got.formula, "{at}: Calc made a formula of {want:?}");
            match got.kind.as_str() {
                "" => assert!(want.is_empty(), "{at}: {want:?} came back empty"),
                "string" => assert_eq!(&got.text, want, "{at}: text changed"),
                "date" => {
                    assert!(dates.contains(&c), "{at}: {want:?} became a date");
                    assert_eq!(&got.value[..10], want, "{at}: date changed");
                    date_cells += 1;
                }
                // Numbers are the id, the source count and CAMEO codes: Calc, like Excel,
                // reads a CSV "040" as the number 40 (a known limit of CSV; the code is
                // also in `type`/`mode`, and JSON keeps it as a string).
                "float" => {
                    let v: f64 = got.value.parse().unwrap();
                    let w: f64 = want.parse().unwrap_or(f64::NAN);
                    assert_eq!(v, w, "{at}: number changed");
                    assert!(
                        ["id", "source_count", "cameo"].contains(&header[c].as_str()),
                        "{at}: {want:?} became a number"
                    );
                }
                other => panic!("{at}: unexpected cell type {other} for {want:?}"),
            }
        }
    }
    assert!(date_cells > 0 || sheet.iter().skip(1).all(|r| r[dates[0]].kind == "string"));
    let all_text: String = sheet
        .iter()
        .flatten()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(all_text.contains("São Paulo"), "accents intact");
    assert!(all_text.contains("Élysée"), "accents intact");
    assert!(!all_text.contains("Ã"), "no mojibake from a non-UTF-8 read");
    // Kept only when the test fails, for a look at the converted sheet.
    let _ = std::fs::remove_dir_all(&dir);
}
