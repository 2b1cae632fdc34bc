//! Benchmark placeholder until built.

fn main() {}
