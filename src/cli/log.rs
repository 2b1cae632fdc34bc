//! `annals log`: the history of changes to events, newest first: who (a person or the
//! ingest), what, when, and the changed fields before and after.

use super::timeline::io_err;
use annals::error::Result;
use annals::store::curation::{HistoryEntry, Who};
use annals::store::Store;
use clap::{Args, ValueEnum};
use serde_json::Value;
use std::io::Write;

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  annals log\n  annals log --event 3\n  annals log --who user --limit 10\n  annals log --json > history.jsonl"
)]
pub struct LogArgs {
    /// Only changes to this event
    #[arg(long, value_name = "ID")]
    pub event: Option<i64>,
    /// At most this many entries, newest first (0: all)
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Only changes made by a person (user) or by extraction (ingest)
    #[arg(long, value_enum)]
    pub who: Option<WhoArg>,
    /// One JSON object per line (id, at, who, action, event, before, after, note)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum WhoArg {
    User,
    Ingest,
}

pub fn run(store: &Store, args: LogArgs) -> Result<i32> {
    let who = args.who.map(|w| match w {
        WhoArg::User => Who::User,
        WhoArg::Ingest => Who::Ingest,
    });
    let limit = (args.limit > 0).then_some(args.limit);
    let entries = store.history(args.event, who, limit)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let (Some(id), false) = (args.event, args.json) {
        // Whether the event is a person's now matters as much as how it got there.
        if let Some(fields) = store.event_locks(id)? {
            let names: Vec<&str> = fields.iter().map(|f| f.as_str()).collect();
            let what = if names.is_empty() {
                "its grouping of reports".to_string()
            } else {
                names.join(", ")
            };
            writeln!(
                out,
                "event {id} is locked ({what} kept when articles are ingested); \
                 `annals event unlock {id}` releases it"
            )
            .map_err(io_err)?;
        }
    }
    if entries.is_empty() && !args.json {
        writeln!(out, "no changes recorded").map_err(io_err)?;
    }
    for e in &entries {
        let text = if args.json {
            format!("{}\n", e.to_json())
        } else {
            describe(e)
        };
        out.write_all(text.as_bytes()).map_err(io_err)?;
    }
    out.flush().map_err(io_err)?;
    Ok(0)
}

/// One entry as text: a header line, then one line per changed field.
fn describe(e: &HistoryEntry) -> String {
    let event = e.event.map(|i| format!("event {i}")).unwrap_or_default();
    let note = e
        .note
        .as_deref()
        .map(|n| format!("  ({n})"))
        .unwrap_or_default();
    let mut text = format!(
        "#{}  {}  {:<6}  {:<7} {event}{note}\n",
        e.id, e.at, e.who, e.action
    );
    let empty = serde_json::Map::new();
    let before = e.before.as_ref().and_then(Value::as_object);
    let after = e.after.as_ref().and_then(Value::as_object);
    match (before, after) {
        (None, Some(a)) => text.push_str(&format!("    + {}\n", brief(a))),
        (Some(b), None) => text.push_str(&format!("    - {}\n", brief(b))),
        (Some(b), Some(a)) if a.contains_key("merged_into") => {
            text.push_str(&format!("    - {}\n", brief(b)));
        }
        (b, a) => {
            let b = b.unwrap_or(&empty);
            let a = a.unwrap_or(&empty);
            for (k, va) in a {
                let vb = b.get(k).unwrap_or(&Value::Null);
                let mut line = format!("    {k}: {} → {}", show(k, vb), show(k, va));
                if let (Value::Array(old), Value::Array(new)) = (vb, va) {
                    // Lists that keep their length still change: say how.
                    let added = new.iter().filter(|x| !old.contains(x)).count();
                    let removed = old.iter().filter(|x| !new.contains(x)).count();
                    if added + removed > 0 {
                        line.push_str(&format!(" (+{added} −{removed})"));
                    }
                }
                text.push_str(&line);
                text.push('\n');
            }
        }
    }
    text
}

/// A whole event in one line: dates, type, summary.
fn brief(m: &serde_json::Map<String, Value>) -> String {
    let s = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default();
    let dates = if s("date_start") == s("date_end") {
        s("date_start").to_string()
    } else {
        format!("{}..{}", s("date_start"), s("date_end"))
    };
    format!("{dates} {} {} “{}”", s("status"), s("type"), s("summary"))
}

fn show(key: &str, v: &Value) -> String {
    match (key, v) {
        (_, Value::Null) => "(none)".into(),
        ("sources", Value::Array(a)) => {
            format!("{} source{}", a.len(), if a.len() == 1 { "" } else { "s" })
        }
        ("actors", Value::Array(a)) => {
            let list: Vec<String> = a
                .iter()
                .map(|x| {
                    format!(
                        "{} ({})",
                        x["name"].as_str().unwrap_or_default(),
                        x["role"].as_str().unwrap_or_default()
                    )
                })
                .collect();
            list.join("; ")
        }
        (_, Value::String(s)) => format!("\"{s}\""),
        (_, other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(action: &str, before: Option<Value>, after: Option<Value>) -> HistoryEntry {
        HistoryEntry {
            id: 7,
            at: "2026-11-27T02:40:11Z".into(),
            who: "user".into(),
            action: action.into(),
            event: Some(3),
            before,
            after,
            note: None,
        }
    }

    #[test]
    fn an_edit_lists_each_changed_field_before_and_after() {
        let e = entry(
            "edit",
            Some(json!({"date_start": "2023-10-18", "sources": ["1:0-10"]})),
            Some(json!({"date_start": "2023-10-17", "sources": ["1:0-10", "2:5-9"]})),
        );
        assert_eq!(
            describe(&e),
            "#7  2026-11-27T02:40:11Z  user    edit    event 3\n    \
             date_start: \"2023-10-18\" → \"2023-10-17\"\n    sources: 1 source → 2 sources (+1 −0)\n"
        );
    }

    #[test]
    fn an_added_event_shows_in_one_line() {
        let e = entry(
            "add",
            None,
            Some(json!({"date_start": "2023-10-18", "date_end": "2023-10-19",
                        "status": "occurred", "type": "consult", "summary": "Lavrov visits"})),
        );
        assert!(describe(&e)
            .ends_with("    + 2023-10-18..2023-10-19 occurred consult “Lavrov visits”\n"));
    }

    #[test]
    fn actors_show_as_names_with_roles() {
        let v = json!([{"key": "PRK", "name": "North Korea", "role": "target"}]);
        assert_eq!(show("actors", &v), "North Korea (target)");
        assert_eq!(show("mode", &Value::Null), "(none)");
    }
}
