//! CSV for spreadsheets: RFC 4180 quoting by the csv crate, a fixed header, one row per event
//! (actors, sources and evidence joined into one cell each) or, with `long`, one row per
//! event-actor pair for pivot tables. `excel` adds the UTF-8 BOM and CRLF line ends Excel
//! needs to read accents and curly quotes correctly. Text cells a spreadsheet would run as
//! a formula are neutralised with a leading `'` (OWASP CSV injection), because summaries
//! and evidence are copied from untrusted news pages. The human date column names a bare
//! month or year's precision so spreadsheets do not turn it into a day (checked in
//! LibreOffice by tests/spreadsheet.rs).

use super::{distinct, mode_of, output_error, EventWriter, ExportOptions};
use crate::display::human_date;
use crate::error::{Error, Result};
use crate::model::{Event, EventActor, Precision};
use std::io::{self, Write};

/// The header of `annals export --format csv`, in order.
pub const CSV_HEADER: [&str; 18] = [
    "id",
    "date_start",
    "date_end",
    "precision",
    "date_display",
    "status",
    "type",
    "mode",
    "cameo",
    "summary",
    "location",
    "actors",
    "countries",
    "source_count",
    "publishers",
    "urls",
    "evidence",
    "time_expressions",
];

/// Columns `--long` appends to `CSV_HEADER`, one actor per row.
pub const CSV_LONG_EXTRA: [&str; 4] = ["actor_name", "actor_kind", "actor_country", "actor_role"];

/// Joins several sources' sentences in one cell; a pipe rarely appears in news prose.
const SOURCE_SEP: &str = " | ";
/// Joins list items (actors, countries, publishers) in one cell.
const LIST_SEP: &str = "; ";

pub(crate) struct CsvWriter<'a> {
    /// The raw output until the first row: the BOM must precede everything.
    pending: Option<Box<dyn Write + 'a>>,
    csv: Option<csv::Writer<Box<dyn Write + 'a>>>,
    excel: bool,
    long: bool,
    finished: bool,
}

impl<'a> CsvWriter<'a> {
    pub(crate) fn new(out: Box<dyn Write + 'a>, opts: &ExportOptions) -> Self {
        CsvWriter {
            pending: Some(out),
            csv: None,
            excel: opts.excel,
            long: opts.long,
            finished: false,
        }
    }

    /// Write the BOM (Excel) and the header once, then hand out the csv writer.
    fn started(&mut self) -> Result<&mut csv::Writer<Box<dyn Write + 'a>>> {
        if self.csv.is_none() {
            let mut raw = match self.pending.take() {
                Some(raw) => raw,
                None => {
                    return Err(output_error(io::Error::other(
                        "CSV writer used after a failed start",
                    )))
                }
            };
            if self.excel {
                raw.write_all("\u{feff}".as_bytes()).map_err(output_error)?;
            }
            let mut builder = csv::WriterBuilder::new();
            if self.excel {
                builder.terminator(csv::Terminator::CRLF);
            }
            let mut w = builder.from_writer(raw);
            let mut header: Vec<&str> = CSV_HEADER.to_vec();
            if self.long {
                header.extend_from_slice(&CSV_LONG_EXTRA);
            }
            w.write_record(&header).map_err(csv_error)?;
            self.csv = Some(w);
        }
        match self.csv.as_mut() {
            Some(w) => Ok(w),
            None => Err(output_error(io::Error::other("CSV writer not started"))),
        }
    }
}

impl EventWriter for CsvWriter<'_> {
    fn write(&mut self, event: &Event) -> Result<()> {
        let long = self.long;
        let row = event_cells(event);
        let w = self.started()?;
        if !long {
            return w.write_record(&row).map_err(csv_error);
        }
        if event.actors.is_empty() {
            // An event without actors still gets its row: the export must not lose events.
            let mut r = row.clone();
            r.extend(std::iter::repeat_n(String::new(), CSV_LONG_EXTRA.len()));
            return w.write_record(&r).map_err(csv_error);
        }
        for a in &event.actors {
            let mut r = row.clone();
            r.extend(actor_cells(a));
            w.write_record(&r).map_err(csv_error)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        if self.finished {
            return Ok(());
        }
        self.finished = true;
        self.started()?.flush().map_err(output_error)
    }
}

/// The csv crate wraps I/O failures; unwrap them so the `io::ErrorKind` stays visible.
fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => output_error(io),
        other => output_error(io::Error::other(format!("CSV: {other:?}"))),
    }
}

/// The 18 cells of `CSV_HEADER` for one event.
fn event_cells(e: &Event) -> Vec<String> {
    let actors: Vec<String> = e
        .actors
        .iter()
        .map(|a| format!("{} ({})", a.name, a.role))
        .collect();
    let countries = distinct(e.actors.iter().filter_map(|a| a.country.as_deref()));
    let publishers = distinct(e.sources.iter().filter_map(|s| s.publisher.as_deref()));
    let urls = distinct(e.sources.iter().filter_map(|s| s.url.as_deref()));
    let evidence = distinct(e.sources.iter().map(|s| s.evidence.as_str()));
    let times = distinct(
        e.sources
            .iter()
            .filter_map(|s| s.time_expression.as_deref()),
    );
    vec![
        e.id.map(|i| i.to_string()).unwrap_or_default(),
        e.date.start.to_string(),
        e.date.end.to_string(),
        e.date.precision.to_string(),
        text_cell(&spreadsheet_date_display(e)),
        e.status.to_string(),
        e.event_type.to_string(),
        text_cell(mode_of(e).unwrap_or_default()),
        text_cell(&e.cameo),
        text_cell(&e.summary),
        text_cell(e.location.as_deref().unwrap_or_default()),
        text_cell(&actors.join(LIST_SEP)),
        text_cell(&countries.join(LIST_SEP)),
        e.sources.len().to_string(),
        text_cell(&publishers.join(LIST_SEP)),
        text_cell(&urls.join(SOURCE_SEP)),
        text_cell(&evidence.join(SOURCE_SEP)),
        text_cell(&times.join(SOURCE_SEP)),
    ]
}

/// The human date, in a form spreadsheets keep as text. LibreOffice and Excel read a bare
/// "Aug 2023" as the date 1 Aug 2023 (shown "08/01/23", a day the event does not have) and
/// "2023" as a number; naming the precision, as "week of ..." already does, keeps the cell
/// the words annals wrote. Other displays (day ranges, "(planned)") already stay text.
fn spreadsheet_date_display(e: &Event) -> String {
    let text = human_date(&e.date, e.status);
    let single = !text.contains(['–', '(']);
    match e.date.precision {
        Precision::Month if single => format!("{text} (month)"),
        Precision::Year if single => format!("{text} (year)"),
        _ => text,
    }
}

fn actor_cells(a: &EventActor) -> [String; 4] {
    [
        text_cell(&a.name),
        a.kind.to_string(),
        text_cell(a.country.as_deref().unwrap_or_default()),
        a.role.to_string(),
    ]
}

/// A text cell safe for one spreadsheet line: line breaks and tabs (evidence sentences can
/// span lines of the source page) become single spaces, and a cell that would start a
/// formula gets a leading `'`, which Excel and LibreOffice show as plain text.
pub(crate) fn text_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    let mut last_space = false;
    for c in s.trim().chars() {
        if matches!(c, '\r' | '\n' | '\t') {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = c == ' ';
        }
    }
    if out.starts_with(['=', '+', '-', '@']) {
        out.insert(0, '\'');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{export, export_bytes, lavrov_visit, planned_drill};
    use super::super::{ExportOptions, Format};
    use super::*;

    fn parse(text: &str) -> Vec<csv::StringRecord> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        r.records().filter_map(|r| r.ok()).collect()
    }

    #[test]
    fn csv_header_snapshot() {
        let text = export(Format::Csv, &[]);
        assert_eq!(
            text,
            "id,date_start,date_end,precision,date_display,status,type,mode,cameo,summary,\
             location,actors,countries,source_count,publishers,urls,evidence,time_expressions\n"
        );
    }

    #[test]
    fn csv_row_for_the_design_example_parses_back() {
        let rows = parse(&export(Format::Csv, &[lavrov_visit()]));
        assert_eq!(rows.len(), 2);
        let row: Vec<&str> = rows[1].iter().collect();
        assert_eq!(
            row,
            vec![
                "3",
                "2023-10-18",
                "2023-10-19",
                "day",
                "18–19 Oct 2023",
                "occurred",
                "consult",
                "visit",
                "042",
                "Sergei Lavrov visits Pyongyang",
                "Pyongyang",
                "Sergei Lavrov (source); North Korea (target)",
                "RUS; PRK",
                "1",
                "The Korea Herald",
                "",
                "The two-day trip from Wednesday ...",
                "from Wednesday",
            ]
        );
    }

    #[test]
    fn csv_joins_sources_and_neutralises_formulas() {
        let rows = parse(&export(Format::Csv, &[planned_drill()]));
        let row = &rows[1];
        assert_eq!(row.len(), CSV_HEADER.len());
        assert_eq!(&row[4], "22 Oct 2023 (planned)");
        assert!(row[9].starts_with("'=HYPERLINK"), "{}", &row[9]);
        assert!(row[9].contains("“first”"));
        assert_eq!(&row[13], "2");
        assert_eq!(&row[14], "Yonhap");
        assert_eq!(
            &row[15],
            "https://example.com/a?x=1&y=2 | https://example.com/b"
        );
        assert_eq!(
            &row[16],
            "The drills will likely take place on Sunday, an official said. | -The allies plan their first joint air drills."
        );
        assert_eq!(&row[17], "likely on Sunday");
    }

    #[test]
    fn month_and_year_displays_name_their_precision_so_spreadsheets_keep_text() {
        let mut month = lavrov_visit();
        month.date = crate::model::DateRange::month(2023, 8).unwrap_or(month.date);
        let mut year = lavrov_visit();
        year.date = crate::model::DateRange {
            start: super::super::fixtures::ymd(2023, 1, 1),
            end: super::super::fixtures::ymd(2023, 12, 31),
            precision: Precision::Year,
        };
        let mut planned = month.clone();
        planned.status = crate::model::Status::Planned;
        let rows = parse(&export(
            Format::Csv,
            &[month, year, planned, lavrov_visit()],
        ));
        assert_eq!(&rows[1][4], "Aug 2023 (month)");
        assert_eq!(&rows[2][4], "2023 (year)");
        assert_eq!(&rows[3][4], "Aug 2023 (planned)");
        assert_eq!(&rows[4][4], "18–19 Oct 2023");
    }

    #[test]
    fn formula_prefixes_are_neutralised_but_dates_and_text_are_not() {
        assert_eq!(text_cell("=1+2"), "'=1+2");
        assert_eq!(text_cell("+7 more"), "'+7 more");
        assert_eq!(text_cell("-5 degrees"), "'-5 degrees");
        assert_eq!(text_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text_cell("\t=cmd"), "'=cmd");
        assert_eq!(text_cell("2023-10-18"), "2023-10-18");
        assert_eq!(text_cell("Kim–Putin summit"), "Kim–Putin summit");
    }

    #[test]
    fn excel_variant_starts_with_bom_and_ends_lines_with_crlf() {
        let opts = ExportOptions {
            excel: true,
            ..ExportOptions::default()
        };
        let bytes = export_bytes(Format::Csv, &[lavrov_visit()], &opts);
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = String::from_utf8(bytes).unwrap_or_default();
        assert_eq!(text.matches("\r\n").count(), 2);
        assert_eq!(text.matches('\n').count(), 2);
        let rows = parse(text.trim_start_matches('\u{feff}'));
        assert_eq!(&rows[0][0], "id");
        assert_eq!(&rows[1][9], "Sergei Lavrov visits Pyongyang");
    }

    #[test]
    fn long_variant_has_one_row_per_event_actor_pair() {
        let opts = ExportOptions {
            long: true,
            ..ExportOptions::default()
        };
        let bytes = export_bytes(Format::Csv, &[lavrov_visit(), planned_drill()], &opts);
        let rows = parse(&String::from_utf8(bytes).unwrap_or_default());
        assert_eq!(rows.len(), 1 + 2 + 4);
        assert_eq!(rows[0].len(), CSV_HEADER.len() + CSV_LONG_EXTRA.len());
        assert_eq!(&rows[0][18], "actor_name");
        let lavrov: Vec<&str> = rows[1].iter().skip(18).collect();
        assert_eq!(lavrov, vec!["Sergei Lavrov", "person", "RUS", "source"]);
        assert_eq!(&rows[2][0], "3");
        assert_eq!(&rows[2][18], "North Korea");
        assert_eq!(&rows[6][18], "KCNA");
        assert_eq!(&rows[6][21], "reporter");
    }

    #[test]
    fn long_variant_keeps_an_event_without_actors() {
        let mut e = lavrov_visit();
        e.actors.clear();
        let opts = ExportOptions {
            long: true,
            ..ExportOptions::default()
        };
        let bytes = export_bytes(Format::Csv, &[e], &opts);
        let rows = parse(&String::from_utf8(bytes).unwrap_or_default());
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[1][18], "");
    }
}
