//! A person's corrections: adding, editing, deleting, merging and splitting events, the
//! history table behind `annals log`, and CSV import. Placeholder until filled.
