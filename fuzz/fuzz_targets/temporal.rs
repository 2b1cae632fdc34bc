//! Temporal resolver: an anchor date from the first bytes, the rest tagged sentence by
//! sentence, and the TimeML reader/annotator on the raw input.
//! The body is `annals::fuzz_entry::temporal`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    annals::fuzz_entry::temporal(data);
});
