//! GDELT 2.0 events table rows: 61 tab-separated columns, no header, one row per event, so
//! annals output can be loaded beside real GDELT exports. Filled: the date columns
//! (SQLDATE from `date_start`), Actor1 (who acts) and Actor2 (who is acted upon, or the
//! second side of a joint action) with country and type codes, the CAMEO event code with
//! its base and root, QuadClass and Goldstein scale (from bundled GDELT tables), source
//! counts, ActionGeo full name, DATEADDED (first report's ingest time) and SOURCEURL.
//! Everything GDELT derives from its own pipeline (tone, geocoding, mentions) stays empty.

use super::{acting_actors, output_error, target_actors, EventWriter};
use crate::error::Result;
use crate::model::{ActorKind, Event, EventActor};
use chrono::Datelike;
use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::sync::OnceLock;

/// GDELT 2.0 column names, in order (GDELT's own header file spells them this way).
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Column index by name, so the row builder reads like the codebook.
fn col(name: &str) -> usize {
    GDELT_COLUMNS
        .iter()
        .position(|c| *c == name)
        .unwrap_or(GDELT_COLUMNS.len())
}

/// Parse a bundled `key<TAB>value` table; `#` lines are comments.
fn table(text: &'static str) -> HashMap<&'static str, &'static str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

fn goldstein_table() -> &'static HashMap<&'static str, &'static str> {
    static T: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    T.get_or_init(|| table(include_str!("goldstein.tsv")))
}

fn quad_table() -> &'static HashMap<&'static str, &'static str> {
    static T: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    T.get_or_init(|| table(include_str!("gdelt_quadclass.tsv")))
}

/// A CAMEO event code as GDELT accepts it: 2 to 4 ASCII digits.
fn valid_code(code: &str) -> Option<&str> {
    let code = code.trim();
    ((2..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// Goldstein value text for `code`, falling back to its base (3-digit) and root (2-digit)
/// code: a sub-code missing from the table is closest to its parent's intensity.
fn goldstein_text(code: &str) -> Option<&'static str> {
    let code = valid_code(code)?;
    let t = goldstein_table();
    [
        code,
        code.get(..3).unwrap_or(code),
        code.get(..2).unwrap_or(code),
    ]
    .iter()
    .find_map(|c| t.get(c).copied())
}

/// GDELT's Goldstein scale value (−10..+10) for a CAMEO event code.
pub fn goldstein(code: &str) -> Option<f64> {
    goldstein_text(code).and_then(|v| v.parse().ok())
}

/// GDELT's QuadClass (1..=4) for a CAMEO event code.
pub fn quad_class(code: &str) -> Option<u8> {
    let root = valid_code(code)?.get(..2)?;
    quad_table().get(root).and_then(|v| v.parse().ok())
}

/// A field value without the tabs and line breaks that would break the row.
fn field(s: &str) -> String {
    s.split(['\t', '\r', '\n'])
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_string()
}

/// CAMEO type code GDELT would attach for this kind of actor, if one fits.
fn type_code(kind: ActorKind) -> Option<&'static str> {
    match kind {
        ActorKind::Government => Some("GOV"),
        ActorKind::Military => Some("MIL"),
        ActorKind::Media => Some("MED"),
        ActorKind::Igo => Some("IGO"),
        _ => None,
    }
}

/// Fill the ten Actor<n> columns starting at `first`.
fn fill_actor(row: &mut [String], first: usize, a: &EventActor) {
    let country = a.country.as_deref().map(field).unwrap_or_default();
    let ty = type_code(a.kind);
    let code = match ty {
        // GDELT writes IGOs as IGO + region/body; with no country the bare root is honest.
        Some("IGO") if country.is_empty() => "IGO".to_string(),
        Some(t) => format!("{country}{t}"),
        None => country.clone(),
    };
    let mut set = |offset: usize, v: String| {
        if let Some(cell) = row.get_mut(first + offset) {
            *cell = v;
        }
    };
    set(0, code);
    // GDELT names are upper case ("UNITED STATES", "THE EU").
    set(1, field(&a.name).to_uppercase());
    set(2, country);
    set(7, ty.map(str::to_string).unwrap_or_default());
}

/// The 61 fields of one event.
pub(crate) fn gdelt_row(e: &Event) -> Vec<String> {
    let mut row = vec![String::new(); GDELT_COLUMNS.len()];
    let mut set = |name: &str, v: String| {
        if let Some(cell) = row.get_mut(col(name)) {
            *cell = v;
        }
    };
    let d = e.date.start;
    set(
        "GLOBALEVENTID",
        e.id.map(|i| i.to_string()).unwrap_or_default(),
    );
    set("SQLDATE", d.format("%Y%m%d").to_string());
    set("MonthYear", d.format("%Y%m").to_string());
    set("Year", d.year().to_string());
    // GDELT's real files compute ((month - 1) * 30 + day) / 365 (the codebook's formula
    // omits the "- 1"; 2019-10-24 is 2019.8055 in GDELT's own export).
    let frac = (d.month0() as f64 * 30.0 + d.day() as f64) / 365.0;
    set("FractionDate", format!("{:.4}", d.year() as f64 + frac));
    if let Some(code) = valid_code(&e.cameo) {
        set("EventCode", code.to_string());
        set("EventBaseCode", code.get(..3).unwrap_or(code).to_string());
        set("EventRootCode", code.get(..2).unwrap_or(code).to_string());
        set(
            "QuadClass",
            quad_class(code).map(|q| q.to_string()).unwrap_or_default(),
        );
        set(
            "GoldsteinScale",
            goldstein_text(code).unwrap_or_default().to_string(),
        );
    }
    set("NumMentions", e.sources.len().to_string());
    let mut publishers: Vec<Option<&str>> = Vec::new();
    let mut articles: Vec<Option<i64>> = Vec::new();
    for s in &e.sources {
        if !publishers.contains(&s.publisher.as_deref()) {
            publishers.push(s.publisher.as_deref());
        }
        // Unstored sources have no id: count each as its own article.
        if s.article_id.is_none() || !articles.contains(&s.article_id) {
            articles.push(s.article_id);
        }
    }
    set("NumSources", publishers.len().to_string());
    set("NumArticles", articles.len().to_string());
    set(
        "ActionGeo_FullName",
        e.location.as_deref().map(field).unwrap_or_default(),
    );
    // DATEADDED is when the row entered the database: the first stored report's ingest
    // time; an event never stored falls back to its first report's publication day.
    let added = e
        .sources
        .iter()
        .filter_map(|s| s.ingested_at.as_deref())
        .filter_map(|t| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%SZ").ok())
        .min();
    match added {
        Some(t) => set("DATEADDED", t.format("%Y%m%d%H%M%S").to_string()),
        None => {
            if let Some(first) = e.sources.iter().map(|s| s.published).min() {
                set("DATEADDED", first.format("%Y%m%d000000").to_string());
            }
        }
    }
    set(
        "SOURCEURL",
        e.sources
            .iter()
            .find_map(|s| s.url.as_deref())
            .map(field)
            .unwrap_or_default(),
    );

    // Actor1 acts; Actor2 is acted upon, or the other side of a joint action.
    let acting: Vec<&EventActor> = acting_actors(e).collect();
    let actor1 = acting.first().copied();
    let actor2 = target_actors(e).next().or_else(|| acting.get(1).copied());
    if let Some(a) = actor1 {
        fill_actor(&mut row, col("Actor1Code"), a);
    }
    if let Some(a) = actor2 {
        fill_actor(&mut row, col("Actor2Code"), a);
    }
    row
}

pub(crate) struct GdeltWriter<'a> {
    out: BufWriter<Box<dyn Write + 'a>>,
}

impl<'a> GdeltWriter<'a> {
    pub(crate) fn new(out: Box<dyn Write + 'a>) -> Self {
        GdeltWriter {
            out: BufWriter::new(out),
        }
    }
}

impl EventWriter for GdeltWriter<'_> {
    fn write(&mut self, event: &Event) -> Result<()> {
        let line = gdelt_row(event).join("\t");
        self.out.write_all(line.as_bytes()).map_err(output_error)?;
        self.out.write_all(b"\n").map_err(output_error)
    }

    fn finish(&mut self) -> Result<()> {
        self.out.flush().map_err(output_error)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{export, lavrov_visit, planned_drill};
    use super::super::Format;
    use super::*;

    fn parse(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split('\t').map(str::to_string).collect())
            .collect()
    }

    fn get<'r>(row: &'r [String], name: &str) -> &'r str {
        row.get(col(name))
            .map(String::as_str)
            .unwrap_or("<missing>")
    }

    #[test]
    fn bundled_tables_parse_completely() {
        let lines = include_str!("goldstein.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .count();
        assert_eq!(goldstein_table().len(), lines);
        assert!(goldstein_table().values().all(|v| v.parse::<f64>().is_ok()));
        assert_eq!(quad_table().len(), 20);
    }

    #[test]
    fn goldstein_follows_gdelt_and_falls_back_to_parent_codes() {
        assert_eq!(goldstein("042"), Some(1.9));
        assert_eq!(goldstein("062"), Some(7.4));
        assert_eq!(goldstein("016"), Some(-2.0));
        assert_eq!(goldstein("0319"), goldstein("031"));
        assert_eq!(goldstein("x42"), None);
        assert_eq!(goldstein(""), None);
    }

    #[test]
    fn quad_class_follows_gdelt_roots() {
        assert_eq!(quad_class("042"), Some(1));
        assert_eq!(quad_class("062"), Some(2));
        assert_eq!(quad_class("138"), Some(3));
        assert_eq!(quad_class("154"), Some(4));
        assert_eq!(quad_class("99"), None);
    }

    #[test]
    fn gdelt_row_has_61_columns_and_codebook_fields() {
        let rows = parse(&export(Format::Gdelt, &[lavrov_visit()]));
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(r.len(), 61);
        assert_eq!(get(r, "GLOBALEVENTID"), "3");
        assert_eq!(get(r, "SQLDATE"), "20231018");
        assert_eq!(get(r, "MonthYear"), "202310");
        assert_eq!(get(r, "Year"), "2023");
        assert_eq!(get(r, "FractionDate"), "2023.7890");
        assert_eq!(get(r, "Actor1Code"), "RUS");
        assert_eq!(get(r, "Actor1Name"), "SERGEI LAVROV");
        assert_eq!(get(r, "Actor1CountryCode"), "RUS");
        assert_eq!(get(r, "Actor2CountryCode"), "PRK");
        assert_eq!(get(r, "EventCode"), "042");
        assert_eq!(get(r, "EventBaseCode"), "042");
        assert_eq!(get(r, "EventRootCode"), "04");
        assert_eq!(get(r, "QuadClass"), "1");
        assert_eq!(get(r, "GoldsteinScale"), "1.9");
        assert_eq!(get(r, "NumSources"), "1");
        assert_eq!(get(r, "ActionGeo_FullName"), "Pyongyang");
        assert_eq!(get(r, "DATEADDED"), "20231020000000");

        assert_eq!(get(r, "SOURCEURL"), "");
        assert_eq!(get(r, "AvgTone"), "");
    }

    #[test]
    fn joint_action_puts_second_participant_as_actor2_and_skips_reporters() {
        let rows = parse(&export(Format::Gdelt, &[planned_drill()]));
        let r = &rows[0];
        assert_eq!(r.len(), 61);
        assert_eq!(get(r, "Actor1CountryCode"), "KOR");
        assert_eq!(get(r, "Actor2CountryCode"), "USA");
        assert_eq!(get(r, "NumMentions"), "2");
        assert_eq!(get(r, "NumSources"), "1");
        assert_eq!(get(r, "NumArticles"), "1");
        assert_eq!(get(r, "SOURCEURL"), "https://example.com/a?x=1&y=2");
    }

    #[test]
    fn government_actor_gets_cameo_type_code_and_tabs_never_leak() {
        let mut e = lavrov_visit();
        if let Some(a) = e.actors.get_mut(1) {
            a.kind = ActorKind::Government;
            a.name = "Foreign\tMinistry".into();
        }
        e.location = Some("Pyong\nyang".into());
        let rows = parse(&export(Format::Gdelt, &[e]));
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(r.len(), 61);
        assert_eq!(get(r, "Actor2Code"), "PRKGOV");
        assert_eq!(get(r, "Actor2Type1Code"), "GOV");
        assert_eq!(get(r, "Actor2Name"), "FOREIGN MINISTRY");
    }

    #[test]
    fn dateadded_is_the_ingest_time_of_the_first_stored_report() {
        let mut e = lavrov_visit();
        e.sources[0].ingested_at = Some("2026-11-27T02:58:01Z".into());
        let text = export(Format::Gdelt, &[e]);
        let line = text.lines().next().unwrap_or_default();
        let cols: Vec<&str> = line.split('\t').collect();
        let i = GDELT_COLUMNS
            .iter()
            .position(|c| *c == "DATEADDED")
            .unwrap();
        assert_eq!(cols[i], "20261127025801");
    }
}
