//! The one error type of the library. Each variant carries what a person needs to find the
//! problem: the file (and line), the article, or the SQL that failed.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading a file or stream failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// An input (article file, JSONL line, CSV row) could not be used. `origin` names the
    /// file and, where it helps, the line: "news.jsonl:14".
    #[error("{origin}: {message}")]
    Input { origin: String, message: String },

    /// The database refused or failed an operation.
    #[error("database {path}: {message}")]
    Store { path: String, message: String },

    /// An SQLite error, with what we were doing.
    #[error("database: {context}: {source}")]
    Sql {
        context: String,
        #[source]
        source: rusqlite::Error,
    },

    /// A user argument (filter, date, format) that does not parse.
    #[error("{0}")]
    Usage(String),

    /// Bundled reference data (gazetteer, lexicon) is malformed: a bug in annals itself.
    #[error("reference data {file}:{line}: {message}")]
    Data {
        file: String,
        line: usize,
        message: String,
    },
}

impl Error {
    pub fn input(origin: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Input {
            origin: origin.into(),
            message: message.into(),
        }
    }

    pub fn sql(context: impl Into<String>) -> impl FnOnce(rusqlite::Error) -> Error {
        let context = context.into();
        move |source| Error::Sql { context, source }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
