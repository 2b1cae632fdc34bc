//! The `annals` binary: parse the command line, dispatch, print errors, set the exit code.

fn main() {}
