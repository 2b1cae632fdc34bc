//! The `annals` binary: parse the command line, dispatch, print errors, set the exit code.

mod cli;

use clap::Parser;
use std::error::Error as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli::dispatch(cli) {
        Ok(code) => ExitCode::from(code.clamp(0, 255) as u8),
        Err(e) => {
            // Output to a closed pipe (`annals timeline | head`) is not an error.
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            let mut msg = format!("annals: error: {e}");
            let mut src = e.source();
            while let Some(s) = src {
                let s_text = s.to_string();
                if !msg.contains(&s_text) {
                    msg.push_str(": ");
                    msg.push_str(&s_text);
                }
                src = s.source();
            }
            eprintln!("{msg}");
            ExitCode::from(if matches!(e, annals::Error::Usage(_)) {
                2
            } else {
                1
            })
        }
    }
}

fn is_broken_pipe(e: &annals::Error) -> bool {
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = src {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return true;
            }
        }
        src = s.source();
    }
    false
}
