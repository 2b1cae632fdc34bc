//! `annals timeline`: the human view of the stored events, filtered, in time order — an
//! aligned table by default, or the export's CSV / JSON / JSON Lines for piping. Colour only
//! when stdout is a terminal and NO_COLOR is unset, unless `--color` says otherwise.

use super::FilterArgs;
use annals::display;
use annals::error::{Error, Result};
use annals::export::{self, ExportOptions, Format};
use annals::store::Store;
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};

/// Output of `annals timeline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum TimelineFormat {
    /// Aligned columns for people
    #[default]
    Table,
    /// The CSV of `annals export --format csv`
    Csv,
    /// One JSON array (the objects of `annals export --format json`)
    Json,
    /// One JSON object per line
    Jsonl,
}

/// When to colour the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// Only on a terminal, and not when NO_COLOR is set
    #[default]
    Auto,
    /// Always (overrides NO_COLOR)
    Always,
    /// Never
    Never,
}

impl ColorChoice {
    /// Whether to colour, given whether stdout is a terminal and the NO_COLOR value.
    /// NO_COLOR counts only when non-empty, as no-color.org defines it.
    pub fn enabled(self, is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && no_color.is_none_or(|v| v.is_empty()),
        }
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  annals timeline\n  annals timeline --actor Pyongyang --from 2023-08 --to 2023-10\n  annals timeline --type consult --status planned\n  annals timeline --text \"air drills\"\n  annals timeline --format csv > timeline.csv\n  annals timeline --color always | less -R"
)]
pub struct TimelineArgs {
    /// Output format
    #[arg(long, short, value_enum, default_value = "table")]
    pub format: TimelineFormat,
    /// Colour the table: auto (terminal only, NO_COLOR respected), always, never
    #[arg(long, value_enum, default_value = "auto", value_name = "WHEN")]
    pub color: ColorChoice,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(store: &Store, args: TimelineArgs) -> Result<i32> {
    let filter = args.filter.to_filter()?;
    let stdout = std::io::stdout();
    let format = match args.format {
        TimelineFormat::Table => None,
        TimelineFormat::Csv => Some(Format::Csv),
        TimelineFormat::Json => Some(Format::Json),
        TimelineFormat::Jsonl => Some(Format::Jsonl),
    };
    if let Some(format) = format {
        // The record formats stream, as `annals export` does.
        let out = Box::new(std::io::BufWriter::new(stdout.lock()));
        let mut w = export::writer(format, out, &ExportOptions::default());
        store.for_each_event(&filter, &mut |e| w.write(&e))?;
        w.finish()?;
        return Ok(0);
    }
    let mut events = Vec::new();
    store.for_each_event(&filter, &mut |e| {
        events.push(e);
        Ok(())
    })?;
    let no_color = std::env::var_os("NO_COLOR");
    let color = args
        .color
        .enabled(stdout.is_terminal(), no_color.as_deref());
    let mut out = stdout.lock();
    if events.is_empty() {
        writeln!(out, "no events match").map_err(io_err)?;
    } else {
        display::write_table(&mut out, &events, color)?;
    }
    out.flush().map_err(io_err)?;
    Ok(0)
}

pub(crate) fn io_err(e: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source: e,
    }
}

#[cfg(test)]
mod tests {
    use super::ColorChoice;
    use std::ffi::OsStr;

    #[test]
    fn auto_colour_only_on_a_terminal_without_no_color() {
        assert!(ColorChoice::Auto.enabled(true, None));
        assert!(!ColorChoice::Auto.enabled(false, None));
        assert!(!ColorChoice::Auto.enabled(true, Some(OsStr::new("1"))));
        // An empty NO_COLOR does not count (no-color.org).
        assert!(ColorChoice::Auto.enabled(true, Some(OsStr::new(""))));
    }

    #[test]
    fn explicit_colour_choice_wins_over_terminal_and_no_color() {
        assert!(ColorChoice::Always.enabled(false, Some(OsStr::new("1"))));
        assert!(!ColorChoice::Never.enabled(true, None));
    }
}
