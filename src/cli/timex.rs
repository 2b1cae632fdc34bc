//! `annals timex`: the temporal tagger on its own. TimeML files in, the same files with
//! annals' TIMEX3 tags out (`--out-dir`), or a plain text (`--text`, else stdin) tagged
//! against `--anchor` and printed as a table or JSON Lines, for people who want to see what
//! the tagger does.

use annals::error::{Error, Result};
use annals::temporal::timeml;
use chrono::NaiveDate;
use clap::Args;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  annals timex --out-dir tagged ../shared/tempeval3/train/TimeBank/*.tml\n  annals timex --text \"Lavrov arrived on Wednesday for a two-day visit.\" --anchor 2023-10-20\n  echo \"He left last week.\" | annals timex --anchor 2023-10-20"
)]
pub struct TimexArgs {
    /// TimeML (.tml) files or folders to tag; needs --out-dir
    #[arg(value_name = "FILE.tml", requires = "out_dir")]
    pub files: Vec<PathBuf>,
    /// Folder the tagged TimeML files are written to, under their own file names
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Plain text to tag (without FILEs and without --text, stdin is read)
    #[arg(long, conflicts_with = "files")]
    pub text: Option<String>,
    /// Creation date the text's relative expressions resolve against [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "files")]
    pub anchor: Option<String>,
    /// Print JSON Lines (one object per expression) instead of a table
    #[arg(long, conflicts_with = "files")]
    pub json: bool,
}

pub fn run(args: TimexArgs) -> Result<i32> {
    match (&args.out_dir, args.files.is_empty()) {
        (Some(dir), false) => tag_files(&args.files, dir),
        (Some(_), true) => Err(Error::Usage(
            "--out-dir needs TimeML files or folders to tag: annals timex --out-dir DIR FILE.tml..."
                .into(),
        )),
        (None, _) => tag_text(&args),
    }
}

/// Every .tml file named or under a named folder, in the order given.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            out.extend(timeml::tml_files(p).map_err(Error::Usage)?);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn tag_files(paths: &[PathBuf], out_dir: &Path) -> Result<i32> {
    std::fs::create_dir_all(out_dir).map_err(|e| Error::Io {
        path: out_dir.to_path_buf(),
        source: e,
    })?;
    let files = expand(paths)?;
    let mut tagged = 0usize;
    let mut failed = 0usize;
    for file in &files {
        // One unreadable document should not cost the rest of a corpus: say which, go on.
        match tag_file(file, out_dir) {
            Ok(()) => tagged += 1,
            Err(e) => {
                eprintln!("annals: skipped: {e}");
                failed += 1;
            }
        }
    }
    let skipped = if failed > 0 {
        format!(", {failed} skipped")
    } else {
        String::new()
    };
    eprintln!(
        "tagged {tagged} file(s) into {}{skipped}",
        out_dir.display()
    );
    Ok(if failed > 0 { 1 } else { 0 })
}

fn tag_file(file: &Path, out_dir: &Path) -> Result<()> {
    let doc = std::fs::read_to_string(file).map_err(|e| Error::Io {
        path: file.to_path_buf(),
        source: e,
    })?;
    let out = timeml::annotate(&doc).map_err(|m| Error::input(file.display().to_string(), m))?;
    let name = file
        .file_name()
        .ok_or_else(|| Error::input(file.display().to_string(), "not a file name".to_string()))?;
    let target = out_dir.join(name);
    std::fs::write(&target, out).map_err(|e| Error::Io {
        path: target.clone(),
        source: e,
    })
}

fn parse_anchor(s: Option<&str>) -> Result<NaiveDate> {
    match s {
        None => Ok(chrono::Local::now().date_naive()),
        Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
            Error::Usage(format!(
                "--anchor {s:?} is not a date: write it YYYY-MM-DD, e.g. --anchor 2023-10-20"
            ))
        }),
    }
}

fn tag_text(args: &TimexArgs) -> Result<i32> {
    let anchor = parse_anchor(args.anchor.as_deref())?;
    let text = match &args.text {
        Some(t) => t.clone(),
        None => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| Error::Io {
                    path: PathBuf::from("-"),
                    source: e,
                })?;
            s
        }
    };
    let exprs = timeml::tag_plain(&text, anchor);
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        write_json(&mut out, &text, &exprs)
    } else {
        write_table(&mut out, &text, &exprs)
    };
    match written {
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(Error::Io {
            path: PathBuf::from("-"),
            source: e,
        }),
        Ok(()) => Ok(0),
    }
}

/// Character offset of byte offset `b` (spans are shown in characters, as TimeML counts).
fn char_at(text: &str, b: usize) -> usize {
    text.get(..b).map_or(0, |t| t.chars().count())
}

fn range_cell(t: &annals::temporal::TimeExpr) -> String {
    match t.range {
        Some(r) if r.start == r.end => r.start.to_string(),
        Some(r) => format!("{}..{}", r.start, r.end),
        None => "-".to_string(),
    }
}

fn write_table(
    out: &mut impl Write,
    text: &str,
    exprs: &[annals::temporal::TimeExpr],
) -> std::io::Result<()> {
    writeln!(
        out,
        "{:>5} {:>5}  {:<8} {:<18} {:<23} text",
        "start", "end", "type", "value", "range"
    )?;
    for t in exprs {
        writeln!(
            out,
            "{:>5} {:>5}  {:<8} {:<18} {:<23} {}",
            char_at(text, t.start),
            char_at(text, t.end),
            timeml::type_name(t.timex_type),
            t.value,
            range_cell(t),
            t.text.replace('\n', " ")
        )?;
    }
    Ok(())
}

fn write_json(
    out: &mut impl Write,
    text: &str,
    exprs: &[annals::temporal::TimeExpr],
) -> std::io::Result<()> {
    for t in exprs {
        let v = serde_json::json!({
            "start": char_at(text, t.start),
            "end": char_at(text, t.end),
            "text": t.text,
            "type": timeml::type_name(t.timex_type),
            "value": t.value,
            "date_start": t.range.map(|r| r.start.to_string()),
            "date_end": t.range.map(|r| r.end.to_string()),
            "precision": t.range.map(|r| r.precision.to_string()),
        });
        writeln!(out, "{v}")?;
    }
    Ok(())
}
