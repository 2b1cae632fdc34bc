//! Actor administration in the store: listing, showing, adding, aliasing and merging
//! actors (the `annals actors` commands). Placeholder until filled.
