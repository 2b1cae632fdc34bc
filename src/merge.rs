//! Merging reports: the same happening told twice (two sentences, two articles) becomes
//! one event with several sources. Pure functions; the store calls them inside its
//! transaction. OWNER: store helper.

use crate::model::Event;

/// Whether `a` and `b` describe one happening: same type, date ranges overlapping at the
/// coarser precision, overlapping actor sets.
pub fn same_happening(a: &Event, b: &Event) -> bool {
    let _ = (a, b);
    todo!()
}

/// Fold `other` into `into`: keep the finer date, planned + occurred = occurred, union of
/// actors, every source kept once.
pub fn absorb(into: &mut Event, other: Event) {
    let _ = (into, other);
    todo!()
}

/// Merge the events of one article among themselves, keeping first-seen order.
pub fn merge_all(events: Vec<Event>) -> Vec<Event> {
    let _ = events;
    todo!()
}
