//! Article reader: any bytes read as an ingested file, then split into sentences and run
//! through event extraction.
//! The body is `annals::fuzz_entry::article_reader`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    annals::fuzz_entry::article_reader(data);
});
