//! Helpers shared by the integration tests: a temp database and the built binary.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

pub fn seed() -> PathBuf {
    fixtures()
        .join("articles")
        .join("korea-herald-2023-10-20-kim-lavrov.txt")
}

/// `annals --db <db> ARGS...`
pub fn annals(db: &Path) -> Command {
    let mut c = Command::cargo_bin("annals").unwrap();
    c.arg("--db").arg(db).env_remove("ANNALS_DB");
    c
}

/// Export every event as parsed JSON.
pub fn export_json(db: &Path, extra: &[&str]) -> Vec<serde_json::Value> {
    let out = annals(db)
        .args(["export", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array().unwrap().clone()
}

/// Keys of an exported event's actors.
pub fn actor_keys(e: &serde_json::Value) -> Vec<String> {
    e["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["key"].as_str().unwrap_or("").to_string())
        .collect()
}
