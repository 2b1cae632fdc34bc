//! `annals timex` and `annals eval timex` as people run them: TimeML files tagged into a
//! folder (same text, everything outside TEXT untouched), the TempEval-3 table parsed back,
//! and a plain text tagged from the command line and from stdin.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn annals() -> Command {
    let mut c = Command::cargo_bin("annals").unwrap();
    // The tagger must not need a database.
    c.env("ANNALS_DB", "/nonexistent/dir/annals.db");
    c
}

/// A small TempEval-3 style document: gold TIMEX3 and EVENT tags inside TEXT.
const DOC_A: &str = r#"<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">
<DOCID>wsj_test_a</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1989-10-27" temporalFunction="false" functionInDocument="CREATION_TIME">10/27/89</TIMEX3></DCT>
<TITLE>Profits rise</TITLE>
<TEXT>
The company <EVENT eid="e1" class="OCCURRENCE">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="1989-10-26">yesterday</TIMEX3> that net income rose in <TIMEX3 tid="t2" type="DATE" value="1989-Q3">the third quarter</TIMEX3>. Sales have grown for <TIMEX3 tid="t3" type="DURATION" value="P2Y">two years</TIMEX3>, and the dividend is payable <TIMEX3 tid="t4" type="DATE" value="1989-12-07">Dec. 7</TIMEX3>.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
</TimeML>
"#;

const DOC_B: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DOCID>apw_test_b</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-20" temporalFunction="false" functionInDocument="CREATION_TIME">1998-02-20</TIMEX3></DCT>
<TEXT>
Inspectors <EVENT eid="e1" class="OCCURRENCE">arrived</EVENT> in Baghdad on <TIMEX3 tid="t1" type="DATE" value="1998-02-18">Wednesday</TIMEX3> and will leave <TIMEX3 tid="t2" type="DATE" value="1998-03">next month</TIMEX3>. Talks in <TIMEX3 tid="t3" type="DATE" value="1997">1997</TIMEX3> failed.
</TEXT>
</TimeML>
"#;

fn write_docs(dir: &Path) -> Vec<PathBuf> {
    let gold = dir.join("gold");
    std::fs::create_dir_all(&gold).unwrap();
    let a = gold.join("wsj_test_a.tml");
    let b = gold.join("apw_test_b.tml");
    std::fs::write(&a, DOC_A).unwrap();
    std::fs::write(&b, DOC_B).unwrap();
    vec![a, b]
}

/// TEXT with every tag removed.
fn plain_text(doc: &str) -> String {
    let open = doc.find("<TEXT>").unwrap() + "<TEXT>".len();
    let close = doc.find("</TEXT>").unwrap();
    let mut out = String::new();
    let mut in_tag = false;
    for c in doc[open..close].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The figure after `label` in the scorer's table: the row below the label row.
fn figures(table: &str, label: &str) -> Vec<f64> {
    let mut lines = table.lines();
    while let Some(l) = lines.next() {
        if l.starts_with(label) {
            let row = lines.next().unwrap_or("");
            return row
                .split_whitespace()
                .map(|x| x.parse::<f64>().unwrap())
                .collect();
        }
    }
    panic!("no {label} in\n{table}");
}

#[test]
fn timex_out_dir_writes_valid_timeml_with_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_docs(dir.path());
    let out = dir.path().join("sys");
    annals()
        .arg("timex")
        .arg("--out-dir")
        .arg(&out)
        .args(&files)
        .assert()
        .success();
    for (f, doc) in files.iter().zip([DOC_A, DOC_B]) {
        let tagged = std::fs::read_to_string(out.join(f.file_name().unwrap())).unwrap();
        // Same text, and everything outside TEXT byte for byte.
        assert_eq!(plain_text(&tagged), plain_text(doc));
        let open = doc.find("<TEXT>").unwrap();
        let close = doc.find("</TEXT>").unwrap();
        assert_eq!(&tagged[..open], &doc[..open]);
        assert!(tagged.ends_with(&doc[close..]));
        // Gold EVENT tags are gone; our TIMEX3 tags are balanced, numbered and typed.
        let body = &tagged[open..tagged.find("</TEXT>").unwrap()];
        assert!(!body.contains("<EVENT"));
        let opens = body.matches("<TIMEX3 ").count();
        assert!(opens >= 2, "{body}");
        assert_eq!(opens, body.matches("</TIMEX3>").count());
        assert!(body.contains(r#"tid="t1""#));
        for ty in body.split(r#"type=""#).skip(1) {
            let ty = &ty[..ty.find('"').unwrap()];
            assert!(["DATE", "TIME", "DURATION", "SET"].contains(&ty), "{ty}");
        }
    }
    let a = std::fs::read_to_string(out.join("wsj_test_a.tml")).unwrap();
    assert!(
        a.contains(r#"value="1989-10-26">yesterday</TIMEX3>"#),
        "{a}"
    );
    assert!(a.contains(r#"value="1989-12-07">Dec. 7</TIMEX3>"#), "{a}");
}

#[test]
fn eval_timex_prints_the_tempeval_table_for_a_system_folder() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_docs(dir.path());
    let out = dir.path().join("sys");
    annals()
        .arg("timex")
        .arg("--out-dir")
        .arg(&out)
        .args(&files)
        .assert()
        .success();
    let run = annals()
        .args(["eval", "timex", "--gold"])
        .arg(dir.path().join("gold"))
        .arg("--system")
        .arg(&out)
        .assert()
        .success();
    let table = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    let strict = figures(&table, "Strict Match");
    let relaxed = figures(&table, "Relaxed Match");
    let attr = figures(&table, "Attribute F1");
    assert_eq!((strict.len(), relaxed.len(), attr.len()), (3, 3, 2));
    for x in strict.iter().chain(&relaxed).chain(&attr) {
        assert!((0.0..=100.0).contains(x), "{table}");
    }
    // Strict matches are relaxed matches; value F1 cannot exceed relaxed F1.
    assert!(strict[0] <= relaxed[0] && attr[0] <= relaxed[0], "{table}");
    assert!(relaxed[0] >= 80.0, "{table}");
    // Without --system, annals tags the gold files itself: the same figures.
    let again = annals()
        .args(["eval", "timex", "--gold"])
        .arg(dir.path().join("gold"))
        .assert()
        .success();
    assert_eq!(String::from_utf8_lossy(&again.get_output().stdout), table);
}

#[test]
fn eval_timex_counts_a_missing_system_file_as_missed_expressions() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_docs(dir.path());
    let out = dir.path().join("sys");
    annals()
        .arg("timex")
        .arg("--out-dir")
        .arg(&out)
        .arg(&files[0])
        .assert()
        .success();
    let run = annals()
        .args(["eval", "timex", "--gold"])
        .arg(dir.path().join("gold"))
        .arg("--system")
        .arg(&out)
        .assert()
        .success();
    let table = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(table.contains("skipped 1"), "{table}");
    assert!(table.contains("gold 7,"), "{table}");
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(stderr.contains("apw_test_b.tml"), "{stderr}");
}

#[test]
fn timex_text_prints_expressions_values_and_spans() {
    let run = annals()
        .args([
            "timex",
            "--text",
            "Lavrov arrived on Wednesday for a two-day visit, KCNA said Friday.",
            "--anchor",
            "2023-10-20",
        ])
        .assert()
        .success();
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    let row = out.lines().find(|l| l.ends_with("Wednesday")).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    // start, end (characters), type, value, range, text.
    assert_eq!(&cells[..4], &["18", "27", "DATE", "2023-10-18"], "{out}");
    assert!(out.contains("P2D"), "{out}");
    assert!(out
        .lines()
        .any(|l| l.contains("2023-10-20") && l.ends_with("Friday")));
}

#[test]
fn timex_reads_stdin_and_writes_json_lines() {
    let run = annals()
        .args(["timex", "--anchor", "2023-10-20", "--json"])
        .write_stdin("The bomber landed last week. It will leave tomorrow.")
        .assert()
        .success();
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "{out}");
    assert_eq!(rows[0]["value"], "2023-W41");
    assert_eq!(rows[0]["date_start"], "2023-10-09");
    assert_eq!(rows[1]["value"], "2023-10-21");
    assert_eq!(rows[1]["text"], "tomorrow");
}

#[test]
fn timex_rejects_a_bad_anchor_with_the_expected_format() {
    annals()
        .args(["timex", "--text", "on Friday", "--anchor", "20/10/2023"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("YYYY-MM-DD"));
}

#[test]
fn timex_skips_a_document_without_dct_and_tags_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_docs(dir.path());
    let broken = dir.path().join("gold").join("no_dct.tml");
    std::fs::write(
        &broken,
        "<TimeML><TEXT>It rained on Friday.</TEXT></TimeML>",
    )
    .unwrap();
    let out = dir.path().join("sys");
    annals()
        .arg("timex")
        .arg("--out-dir")
        .arg(&out)
        .arg(&broken)
        .args(&files)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("no_dct.tml"))
        .stderr(predicates::str::contains("DCT"));
    assert!(out.join("wsj_test_a.tml").exists());
    assert!(out.join("apw_test_b.tml").exists());
    assert!(!out.join("no_dct.tml").exists());
}
