//! Unit tests of curation on in-memory stores.
