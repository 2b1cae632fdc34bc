//! The ingest job: paths in, articles read, events extracted and stored one article per
//! transaction, with a report of what happened to each input.

