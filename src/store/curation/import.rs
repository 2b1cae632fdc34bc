//! `annals import csv`: the CSV of `export --format csv`, edited in a spreadsheet, read
//! back. Columns are found by their header names (a person may reorder or drop columns).
//! A row with an id updates that event, field by field, and only the fields whose cell
//! differs from what the stored event holds (compared as values: a date a spreadsheet
//! rewrote as `2023/10/18`, or a CAMEO code that lost its leading zero, is unchanged); a row
//! without an id adds an event. Every row is planned before anything is written, and the
//! whole file is applied in one transaction: one bad row, reported with its line number,
//! and nothing from the file is applied.
//!
//! Spreadsheet habits handled: the UTF-8 BOM and CRLF of `--excel`, a file opened with the
//! wrong character set and saved again (BOM read as "ï»¿": repaired), semicolon-separated
//! files (Excel in comma-decimal locales), the `'` that export puts before cells a
//! spreadsheet would run as a formula, blank trailing rows, ids written as `12.0`. Derived
//! cells (date_display, countries, source_count, publishers, urls, evidence,
//! time_expressions) are not imported; a changed one is reported as a note. A cell holding
//! a value that extraction gave the event before a later ingest changed it is stale (the
//! file predates that ingest), not an edit: the newer value is kept and a note says so.

use super::{
    add_user_event, default_cameo, edit_user_event, parse_actor_spec, parse_date_spec,
    repair_cameo, resolve_actor, snap_to_precision, snapshot, Citation, EventPatch, Field,
};
use crate::actor::Gazetteer;
use crate::error::{Error, Result};
use crate::export::{self, ExportOptions, Format};
use crate::model::{DateRange, Event, EventActor, EventType, Precision, Role, Status};
use crate::query;
use crate::store::{load_event, Store};
use rusqlite::{Connection, TransactionBehavior};
use serde_json::Value;
use std::collections::HashMap;

/// What importing one row did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportChange {
    /// Line of the row in the file (1 = header).
    pub line: u64,
    pub event: i64,
    /// The row added a new event (else it updated `fields` of an existing one).
    pub added: bool,
    pub fields: Vec<Field>,
}

/// What an import did (or, with `apply = false`, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Data rows read (blank rows aside).
    pub rows: usize,
    pub updated: usize,
    pub added: usize,
    pub unchanged: usize,
    pub changes: Vec<ImportChange>,
    /// Things the person should know that did not stop the import.
    pub notes: Vec<String>,
    /// Whether the changes were written.
    pub applied: bool,
}

impl ImportReport {
    /// "1 event updated, 0 added, 12 unchanged"
    pub fn summary(&self) -> String {
        format!(
            "{} event{} updated, {} added, {} unchanged{}",
            self.updated,
            if self.updated == 1 { "" } else { "s" },
            self.added,
            self.unchanged,
            if self.applied {
                ""
            } else {
                " (dry run: nothing written)"
            }
        )
    }
}

/// Stop collecting row errors after this many: the person fixes the file anyway.
const MAX_ERRORS: usize = 20;

/// Columns export derives from the sources and actors; they are never imported.
/// (date_display is left out: spreadsheets rewrite "Aug 2023" as a date of their own.)
const DERIVED: [&str; 6] = [
    "countries",
    "source_count",
    "publishers",
    "urls",
    "evidence",
    "time_expressions",
];

enum Plan {
    Update {
        id: i64,
        patch: EventPatch,
    },
    Add {
        event: Box<Event>,
        citation: Option<Citation>,
    },
    Unchanged,
}

impl Store {
    /// Import the CSV `data` (named `origin` in messages). `gazetteer` resolves actor names
    /// in the actors cells. With `apply = false` nothing is written (a dry run).
    pub fn import_csv(
        &mut self,
        data: &[u8],
        origin: &str,
        gazetteer: &Gazetteer,
        apply: bool,
    ) -> Result<ImportReport> {
        let repaired = undo_mojibake(data, origin)?;
        let data = repaired.as_deref().unwrap_or(data);
        let data = data.strip_prefix("\u{feff}".as_bytes()).unwrap_or(data);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .delimiter(sniff_delimiter(data))
            .from_reader(data);
        let headers = reader
            .headers()
            .map_err(|e| Error::input(format!("{origin}:1"), csv_message(&e)))?
            .clone();
        let mut columns: HashMap<String, usize> = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let name = h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
            if name.is_empty() {
                continue;
            }
            if columns.insert(name.clone(), i).is_some() {
                return Err(Error::input(
                    format!("{origin}:1"),
                    format!("the column '{name}' appears twice"),
                ));
            }
        }
        if !columns.contains_key("id") {
            return Err(Error::input(
                format!("{origin}:1"),
                "no 'id' column: import the CSV that `annals export --format csv` writes \
                 (header id,date_start,date_end,...)",
            ));
        }

        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::sql(format!("starting to import {origin}")))?;
        let mut report = ImportReport::default();
        let mut plans: Vec<(u64, Plan)> = Vec::new();
        let mut errors: Vec<(u64, String)> = Vec::new();
        let mut seen: HashMap<i64, u64> = HashMap::new();
        for record in reader.records() {
            if errors.len() >= MAX_ERRORS {
                break;
            }
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    errors.push((line, csv_message(&e)));
                    continue;
                }
            };
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            if record.iter().all(|c| clean(c).is_empty()) {
                continue;
            }
            report.rows += 1;
            let row = Row {
                record: &record,
                columns: &columns,
            };
            match plan_row(&tx, &self.name, &row, gazetteer, &mut seen, line) {
                Ok((plan, notes)) => {
                    report
                        .notes
                        .extend(notes.into_iter().map(|n| format!("{origin}:{line}: {n}")));
                    plans.push((line, plan));
                }
                Err(message) => errors.push((line, message)),
            }
        }
        if let Some((line, first)) = errors.first() {
            let mut message = first.clone();
            for (l, m) in errors.iter().skip(1) {
                message.push_str(&format!("\n  {origin}:{l}: {m}"));
            }
            if errors.len() >= MAX_ERRORS {
                message.push_str("\n  (more rows not checked)");
            }
            message.push_str(&format!(
                "\nnothing from {origin} was imported; fix the row{} and import again",
                if errors.len() == 1 { "" } else { "s" }
            ));
            return Err(Error::input(format!("{origin}:{line}"), message));
        }
        for (line, plan) in plans {
            let note = format!("{origin}:{line}");
            match plan {
                Plan::Unchanged => report.unchanged += 1,
                Plan::Update { id, patch } => {
                    let fields =
                        edit_user_event(&tx, &self.name, id, &patch, "import", Some(&note))?;
                    if fields.is_empty() {
                        report.unchanged += 1;
                    } else {
                        report.updated += 1;
                        report.changes.push(ImportChange {
                            line,
                            event: id,
                            added: false,
                            fields,
                        });
                    }
                }
                Plan::Add { event, citation } => {
                    let citations: Vec<Citation> = citation.into_iter().collect();
                    let id =
                        add_user_event(&tx, &self.name, *event, &citations, "import", Some(&note))?;
                    report.added += 1;
                    report.changes.push(ImportChange {
                        line,
                        event: id,
                        added: true,
                        fields: Field::ALL.to_vec(),
                    });
                }
            }
        }
        if apply {
            tx.commit()
                .map_err(Error::sql(format!("committing the import of {origin}")))?;
            report.applied = true;
        }
        // Without `apply`, dropping the transaction rolls every change back.
        Ok(report)
    }
}

/// The UTF-8 BOM read as Windows-1252 / Latin-1 and saved again as UTF-8 ("ï»¿").
const MOJIBAKE_BOM: &[u8] = "\u{ef}\u{bb}\u{bf}".as_bytes();

/// A file a spreadsheet opened with the wrong character set and saved again: the BOM
/// became "ï»¿" and every accent two or three odd letters. Map each character back to the
/// byte it was read from and decode again. `None`: the file is fine as it is.
fn undo_mojibake(data: &[u8], origin: &str) -> Result<Option<Vec<u8>>> {
    if !data.starts_with(MOJIBAKE_BOM) {
        return Ok(None);
    }
    let fail = || {
        Error::input(
            origin,
            "the file was saved with the wrong character set (its first cell begins \
             with \"ï»¿\"); open the export in the spreadsheet as UTF-8 text and save it again",
        )
    };
    let text = std::str::from_utf8(data).map_err(|_| fail())?;
    let mut bytes = Vec::with_capacity(text.len());
    for c in text.chars() {
        let b = match u32::from(c) {
            n @ 0..=0xFF => n as u8,
            // LibreOffice shows the bytes Windows-1252 leaves undefined as U+F1xx.
            n @ 0xF180..=0xF1FF => (n - 0xF100) as u8,
            _ => cp1252_byte(c).ok_or_else(fail)?,
        };
        bytes.push(b);
    }
    std::str::from_utf8(&bytes).map_err(|_| fail())?;
    Ok(Some(bytes))
}

/// The Windows-1252 byte (0x80..0x9F) that shows as `c`.
fn cp1252_byte(c: char) -> Option<u8> {
    const HIGH: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('\u{2018}', 0x91),
        ('\u{2019}', 0x92),
        ('\u{201C}', 0x93),
        ('\u{201D}', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    HIGH.iter().find(|(ch, _)| *ch == c).map(|(_, b)| *b)
}

/// The cell separator: a comma, unless the header has none and has semicolons (what Excel
/// writes in locales whose decimal mark is a comma) or tabs.
fn sniff_delimiter(data: &[u8]) -> u8 {
    let header = data.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |c: u8| header.iter().filter(|&&b| b == c).count();
    if count(b',') > 0 {
        b','
    } else if count(b';') > 0 {
        b';'
    } else if count(b'\t') > 0 {
        b'\t'
    } else {
        b','
    }
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "the file is not UTF-8 text; save it from the spreadsheet as \"CSV UTF-8\"".into()
        }
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("the row has {len} cells, the header has {expected_len}"),
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => format!("not CSV: {e}"),
    }
}

/// One data row, its cells found by header name.
struct Row<'a> {
    record: &'a csv::StringRecord,
    columns: &'a HashMap<String, usize>,
}

impl Row<'_> {
    /// The cleaned cell of `column`, `None` when the file has no such column.
    fn get(&self, column: &str) -> Option<String> {
        self.columns
            .get(column)
            .map(|&i| clean(self.record.get(i).unwrap_or_default()))
    }

    /// The cell, `None` when the column is missing or the cell is blank.
    fn value(&self, column: &str) -> Option<String> {
        self.get(column).filter(|v| !v.is_empty())
    }
}

/// A cell as the person meant it: trimmed, line breaks and runs of spaces as one space,
/// without the `'` export puts before text a spreadsheet would run as a formula.
fn clean(cell: &str) -> String {
    let collapsed = cell.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => collapsed,
    }
}

/// Text as it compares: whitespace collapsed.
fn same_text(a: &str, b: &str) -> bool {
    clean(a) == clean(b)
}

fn plan_row(
    conn: &Connection,
    name: &str,
    row: &Row<'_>,
    gazetteer: &Gazetteer,
    seen: &mut HashMap<i64, u64>,
    line: u64,
) -> std::result::Result<(Plan, Vec<String>), String> {
    let Some(id_cell) = row.value("id") else {
        return plan_add(row, gazetteer).map(|p| (p, Vec::new()));
    };
    let id = parse_id(&id_cell)?;
    if let Some(first) = seen.insert(id, line) {
        return Err(format!(
            "event {id} appears again (first on line {first}); a --long export has one row \
             per actor: import the plain CSV"
        ));
    }
    let stored = load_event(conn, name, id)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            format!(
                "no event {id} in the database (merged or deleted? see `annals log --event {id}`); \
                 clear the id cell to add the row as a new event"
            )
        })?;
    let mut patch = plan_update(row, &stored, gazetteer)?;
    let mut notes = derived_notes(row, &stored);
    let stale = drop_stale(conn, &stored, &mut patch).map_err(|e| e.to_string())?;
    if !stale.is_empty() {
        let names: Vec<&str> = stale.iter().map(|f| f.as_str()).collect();
        notes.push(format!(
            "event {id}: {} changed by a later ingest since this file was exported; the              newer value is kept (`annals event edit {id}` sets it by hand)",
            names.join(", ")
        ));
    }
    if patch.is_empty() {
        return Ok((Plan::Unchanged, notes));
    }
    Ok((Plan::Update { id, patch }, notes))
}

/// Snapshot keys of each field a row can change.
fn keys_of(field: Field) -> &'static [&'static str] {
    match field {
        Field::Date => &["date_start", "date_end", "precision"],
        Field::Status => &["status"],
        Field::Type => &["type"],
        Field::Mode => &["mode"],
        Field::Cameo => &["cameo"],
        Field::Summary => &["summary"],
        Field::Location => &["location"],
        Field::Actors => &["actors"],
    }
}

/// Take out of `patch` the fields whose "new" value is one extraction gave the event before
/// a later ingest changed it: the file was exported before that ingest, and the cell is
/// stale, not a person's edit. Returns the fields taken out.
fn drop_stale(conn: &Connection, stored: &Event, patch: &mut EventPatch) -> Result<Vec<Field>> {
    let Some(id) = stored.id else {
        return Ok(Vec::new());
    };
    let mut stmt = conn
        .prepare_cached(
            "SELECT before FROM history WHERE event = ?1 AND who = 'ingest' AND before IS NOT NULL",
        )
        .map_err(Error::sql("reading the history of an event"))?;
    let past: Vec<Value> = stmt
        .query_map([id], |r| r.get::<_, String>(0))
        .map_err(Error::sql("reading the history of an event"))?
        .filter_map(|t| t.ok().and_then(|t| serde_json::from_str(&t).ok()))
        .collect();
    if past.is_empty() {
        return Ok(Vec::new());
    }
    let mut proposed = stored.clone();
    let changed = patch.apply(&mut proposed);
    let now = snapshot(stored);
    let new = snapshot(&proposed);
    let seen = |key: &str, value: &Value| {
        past.iter()
            .filter_map(|b| b.get(key))
            .any(|old| match (old, value) {
                (Value::String(a), Value::String(b)) => same_text(a, b),
                (a, b) => a == b,
            })
    };
    let mut stale = Vec::new();
    for field in changed {
        let keys: Vec<&str> = keys_of(field)
            .iter()
            .copied()
            .filter(|k| now.get(*k) != new.get(*k))
            .collect();
        let all_seen =
            !keys.is_empty() && keys.iter().all(|k| new.get(*k).is_some_and(|v| seen(k, v)));
        if all_seen {
            stale.push(field);
            match field {
                Field::Date => patch.date = None,
                Field::Status => patch.status = None,
                Field::Type => patch.event_type = None,
                Field::Mode => patch.mode = None,
                Field::Cameo => patch.cameo = None,
                Field::Summary => patch.summary = None,
                Field::Location => patch.location = None,
                Field::Actors => patch.actors = None,
            }
        }
    }
    Ok(stale)
}

fn parse_id(cell: &str) -> std::result::Result<i64, String> {
    // Spreadsheets may write a number column as "12.0".
    let t = cell.strip_suffix(".0").unwrap_or(cell);
    t.parse::<i64>()
        .ok()
        .filter(|&i| i > 0)
        .ok_or_else(|| format!("id '{cell}' is not an event id (leave it empty to add an event)"))
}

/// A date cell: the forms `parse_date_spec` reads, plus what spreadsheets write for a
/// date (`2023/10/18`, `2023-10-18 00:00:00`, `2023-10-18T00:00:00`).
fn parse_cell_date(column: &str, cell: &str) -> std::result::Result<DateRange, String> {
    let mut t = cell.trim().to_string();
    if matches!(t.get(10..11), Some(" ") | Some("T")) {
        t = t.get(..10).unwrap_or_default().to_string();
    }
    if t.len() >= 7 && t.get(4..5) == Some("/") {
        t = t.replace('/', "-");
    }
    parse_date_spec(&t).map_err(|_| {
        format!(
            "{column} '{cell}' is not a date: write YYYY-MM-DD (a spreadsheet may need the \
             column formatted as text)"
        )
    })
}

fn plan_update(
    row: &Row<'_>,
    stored: &Event,
    gazetteer: &Gazetteer,
) -> std::result::Result<EventPatch, String> {
    let mut patch = EventPatch {
        date: plan_date(row, stored)?,
        ..EventPatch::default()
    };
    if let Some(cell) = row.get("status") {
        let status: Status = cell.parse()?;
        if status != stored.status {
            patch.status = Some(status);
        }
    }
    if let Some(cell) = row.get("type") {
        let t: EventType = cell.parse()?;
        if t != stored.event_type {
            patch.event_type = Some(t);
        }
    }
    if let Some(cell) = row.get("mode") {
        if !same_text(&cell, stored.mode.as_deref().unwrap_or_default()) {
            patch.mode = Some((!cell.is_empty()).then_some(cell));
        }
    }
    if let Some(cell) = row.get("cameo") {
        let unpadded = |c: &str| c.trim().trim_start_matches('0').to_string();
        if unpadded(&cell) != unpadded(&stored.cameo) {
            patch.cameo = Some(check_cameo(&cell)?);
        }
    }
    if let Some(cell) = row.get("summary") {
        if !same_text(&cell, &stored.summary) {
            if cell.is_empty() {
                return Err("the summary is empty".into());
            }
            patch.summary = Some(cell);
        }
    }
    if let Some(cell) = row.get("location") {
        if !same_text(&cell, stored.location.as_deref().unwrap_or_default()) {
            patch.location = Some((!cell.is_empty()).then_some(cell));
        }
    }
    if let Some(cell) = row.get("actors") {
        let wanted = parse_actor_list(&cell)?;
        let now: Vec<(String, Role)> = stored
            .actors
            .iter()
            .map(|a| (query::normalize_name(&a.name), a.role))
            .collect();
        let resolved_roles: Vec<(String, Role)> = wanted
            .iter()
            .map(|(n, r)| {
                let norm = query::normalize_name(n);
                let role = r
                    .or_else(|| now.iter().find(|(x, _)| *x == norm).map(|(_, r)| *r))
                    .unwrap_or(Role::Participant);
                (norm, role)
            })
            .collect();
        let mut a = resolved_roles.clone();
        let mut b = now.clone();
        a.sort();
        b.sort();
        if a != b {
            let mut actors = Vec::new();
            for ((n, _), (norm, role)) in wanted.iter().zip(resolved_roles) {
                let actor = match stored
                    .actors
                    .iter()
                    .find(|x| query::normalize_name(&x.name) == norm)
                {
                    Some(x) => EventActor { role, ..x.clone() },
                    None => resolve_actor(gazetteer, n, role)?,
                };
                if !actors.iter().any(|x: &EventActor| x.key == actor.key) {
                    actors.push(actor);
                }
            }
            patch.actors = Some(actors);
        }
    }
    Ok(patch)
}

/// The new date range of a row, `None` when its date cells say what the event holds.
fn plan_date(row: &Row<'_>, stored: &Event) -> std::result::Result<Option<DateRange>, String> {
    let start_cell = row.get("date_start");
    let end_cell = row.get("date_end");
    let start = match &start_cell {
        Some(c) if c.is_empty() => return Err("date_start is empty".into()),
        Some(c) => Some(parse_cell_date("date_start", c)?),
        None => None,
    };
    let end = match &end_cell {
        Some(c) if !c.is_empty() => Some(parse_cell_date("date_end", c)?),
        // A cleared end cell: the event is the start's day (or period).
        Some(_) => start,
        None => None,
    };
    let precision = match row.value("precision") {
        Some(p) => Some(p.parse::<Precision>()?),
        None => None,
    };
    let old = stored.date;
    let new_start = start.map(|r| r.start).unwrap_or(old.start);
    let mut new_end = end.map(|r| r.end).unwrap_or(old.end);
    let start_changed = new_start != old.start;
    let end_changed = new_end != old.end;
    let precision_changed = precision.is_some_and(|p| p != old.precision);
    if !start_changed && !end_changed && !precision_changed {
        return Ok(None);
    }
    // A one-day event moved to another day: its end moves with it.
    let moved_day = start_changed && !end_changed && old.start == old.end;
    let range = match (precision.filter(|_| precision_changed), start) {
        // A changed precision cell says it; a coarse one names the period of the start.
        (Some(p), _) => {
            if moved_day {
                new_end = new_start;
            }
            let r = DateRange {
                start: new_start,
                end: new_end,
                precision: p,
            };
            if p != Precision::Day && !end_changed {
                snap_to_precision(r, p)
            } else {
                r
            }
        }
        // A partial date typed into date_start ("2023-09") says its precision itself.
        (None, Some(typed)) if start_changed && typed.precision != Precision::Day => {
            if end_changed {
                DateRange {
                    start: new_start,
                    end: new_end,
                    precision: typed.precision,
                }
            } else {
                typed
            }
        }
        _ if old.precision == Precision::Day => {
            if moved_day {
                new_end = start.map(|r| r.end).unwrap_or(new_start);
            }
            DateRange {
                start: new_start,
                end: new_end,
                precision: Precision::Day,
            }
        }
        // Days typed over a coarse date (precision cell left as it was): still a whole
        // period of that precision (another month), else the days the person gave, and a
        // start alone means the day it happened.
        _ => {
            let r = DateRange {
                start: new_start,
                end: new_end,
                precision: old.precision,
            };
            if snap_to_precision(r, old.precision) == r {
                r
            } else if end_changed {
                DateRange::days(new_start, new_end)
            } else {
                DateRange::day(new_start)
            }
        }
    };
    if range.start > range.end {
        return Err(format!(
            "date_start {} is after date_end {}",
            range.start, range.end
        ));
    }
    Ok((range != old).then_some(range))
}

fn check_cameo(cell: &str) -> std::result::Result<String, String> {
    let code = repair_cameo(cell);
    if code.is_empty()
        || (code.len() >= 2 && code.len() <= 4 && code.bytes().all(|b| b.is_ascii_digit()))
    {
        Ok(code)
    } else {
        Err(format!(
            "cameo '{cell}' is not a CAMEO code (2 to 4 digits, such as 042)"
        ))
    }
}

/// "Sergei Lavrov (source); North Korea (target)" as (name, role) pairs.
fn parse_actor_list(cell: &str) -> std::result::Result<Vec<(String, Option<Role>)>, String> {
    cell.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(parse_actor_spec)
        .collect()
}

fn plan_add(row: &Row<'_>, gazetteer: &Gazetteer) -> std::result::Result<Plan, String> {
    let start = row
        .value("date_start")
        .ok_or("a new event (no id) needs date_start")?;
    let start = parse_cell_date("date_start", &start)?;
    let end = match row.value("date_end") {
        Some(c) => parse_cell_date("date_end", &c)?,
        None => start,
    };
    let precision = match row.value("precision") {
        Some(p) => p.parse::<Precision>()?,
        None => start.precision.max(end.precision),
    };
    let mut date = DateRange {
        start: start.start,
        end: end.end,
        precision,
    };
    if precision != Precision::Day && row.value("date_end").is_none() {
        date = snap_to_precision(date, precision);
    }
    if date.start > date.end {
        return Err(format!(
            "date_start {} is after date_end {}",
            date.start, date.end
        ));
    }
    let event_type: EventType = row
        .value("type")
        .ok_or("a new event (no id) needs a type (consult, cooperate, mobilize, ...)")?
        .parse()?;
    let status = match row.value("status") {
        Some(s) => s.parse::<Status>()?,
        None if date.start > chrono::Utc::now().date_naive() => Status::Planned,
        None => Status::Occurred,
    };
    let summary = row
        .value("summary")
        .ok_or("a new event (no id) needs a summary")?;
    let cameo = match row.value("cameo") {
        Some(c) => check_cameo(&c)?,
        None => default_cameo(event_type),
    };
    let mut actors: Vec<EventActor> = Vec::new();
    for (n, role) in parse_actor_list(&row.value("actors").unwrap_or_default())? {
        let a = resolve_actor(gazetteer, &n, role.unwrap_or(Role::Participant))?;
        if !actors.iter().any(|x| x.key == a.key) {
            actors.push(a);
        }
    }
    let first = |col: &str, sep: &str| {
        row.value(col).and_then(|v| {
            v.split(sep)
                .map(str::trim)
                .find(|s| !s.is_empty())
                .map(str::to_string)
        })
    };
    let url = first("urls", " | ");
    let publisher = first("publishers", ";");
    let evidence = row.value("evidence");
    let citation = (url.is_some() || publisher.is_some() || evidence.is_some()).then(|| Citation {
        url,
        publisher,
        evidence,
        time_expression: row.value("time_expressions"),
        ..Citation::default()
    });
    let event = Event {
        id: None,
        date,
        status,
        event_type,
        mode: row.value("mode"),
        cameo,
        summary,
        location: row.value("location"),
        actors,
        sources: Vec::new(),
    };
    Ok(Plan::Add {
        event: Box::new(event),
        citation,
    })
}

/// Notes for derived cells the person changed: they are not imported, and they should know.
fn derived_notes(row: &Row<'_>, stored: &Event) -> Vec<String> {
    let present: Vec<&str> = DERIVED
        .iter()
        .copied()
        .filter(|c| row.columns.contains_key(*c))
        .collect();
    if present.is_empty() {
        return Vec::new();
    }
    let Some(expected) = export_cells(stored) else {
        return Vec::new();
    };
    let changed: Vec<&str> = present
        .into_iter()
        .filter(|c| {
            let now = row.get(c).unwrap_or_default();
            let was = expected.get(*c).map(String::as_str).unwrap_or_default();
            !same_text(&now, was)
        })
        .collect();
    if changed.is_empty() {
        return Vec::new();
    }
    let id = stored.id.unwrap_or(0);
    vec![format!(
        "event {id}: {} not imported (derived from the stored reports; dates are set in \
         date_start/date_end/precision, sources with `annals event split|merge`)",
        changed.join(", ")
    )]
}

/// The cells `export --format csv` writes for `event`, by column name.
fn export_cells(event: &Event) -> Option<HashMap<String, String>> {
    let mut buf: Vec<u8> = Vec::new();
    {
        let mut w = export::writer(Format::Csv, Box::new(&mut buf), &ExportOptions::default());
        w.write(event).ok()?;
        w.finish().ok()?;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(buf.as_slice());
    let headers = reader.headers().ok()?.clone();
    let record = reader.records().next()?.ok()?;
    Some(
        headers
            .iter()
            .zip(record.iter())
            .map(|(h, c)| (h.to_string(), c.to_string()))
            .collect(),
    )
}
