//! `annals import csv FILE`: events edited in a spreadsheet, read back. The store plans
//! every row, then applies the whole file in one transaction (or nothing, on a bad row).

use super::event::gazetteer;
use super::timeline::io_err;
use annals::error::{Error, Result};
use annals::store::Store;
use clap::{Args, Subcommand};
use std::io::{Read, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
annals export --format csv --excel -o events.csv   # edit it in a spreadsheet, then:\n  \
annals import csv events.csv --dry-run\n  \
annals import csv events.csv\n  \
annals log --who user")]
pub struct ImportArgs {
    #[command(subcommand)]
    pub command: ImportCommand,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// The CSV of `annals export --format csv`, edited: rows with an id update that event
    /// (only the changed fields, each logged and locked), rows without an id add events; a
    /// row that does not parse is reported with its line number and nothing is applied
    #[command(
        after_help = "Examples:\n  annals import csv events.csv\n  annals import csv events.csv --dry-run\n\n\
Editable columns: date_start, date_end, precision, status, type, mode, cameo, summary,\n\
location, actors (\"Name (role); Name (role)\"). The other columns follow from the sources\n\
and are not imported. A row removed from the file deletes nothing (`annals event delete`\n\
does). Excel's BOM and CRLF, semicolon separators and the ' before formula-like cells are\n\
fine."
    )]
    Csv(CsvArgs),
}

#[derive(Debug, Args)]
pub struct CsvArgs {
    /// The CSV file (- for stdin)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Check the file and say what would change, without writing anything
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(store: &mut Store, args: ImportArgs) -> Result<i32> {
    let ImportCommand::Csv(a) = args.command;
    let (data, origin) = if a.file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Error::Io {
                path: "<stdin>".into(),
                source: e,
            })?;
        (buf, "<stdin>".to_string())
    } else {
        let data = std::fs::read(&a.file).map_err(|e| Error::Io {
            path: a.file.clone(),
            source: e,
        })?;
        (data, a.file.display().to_string())
    };
    let gaz = gazetteer(store)?;
    let report = store.import_csv(&data, &origin, &gaz, !a.dry_run)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for c in &report.changes {
        let line = if c.added {
            format!("{origin}:{}: added event {}", c.line, c.event)
        } else {
            let names: Vec<&str> = c.fields.iter().map(|f| f.as_str()).collect();
            format!(
                "{origin}:{}: event {}: changed {}",
                c.line,
                c.event,
                names.join(", ")
            )
        };
        writeln!(out, "{line}").map_err(io_err)?;
    }
    out.flush().map_err(io_err)?;
    for n in &report.notes {
        eprintln!("note: {n}");
    }
    eprintln!("{}", report.summary());
    Ok(0)
}
