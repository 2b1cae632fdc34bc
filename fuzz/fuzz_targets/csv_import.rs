//! CSV importer: any bytes planned as `annals import csv --dry-run` against a store holding
//! the fixture events.
//! The body is `annals::fuzz_entry::csv_import`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    annals::fuzz_entry::csv_import(data);
});
