//! Workloads for the benchmarks run by `cargo xtask bench`: the Gladly spec and copies of
//! it scaled up, decoding inputs built from the spec's own examples, and a loopback HTTP
//! server that streams JSON lines.
//!
//! Everything is built from `spec/gladly-openapi.yaml`, so the benchmarks run on a fresh
//! clone without any other file.

// Tests assert with unwrap; the workspace's lints against it guard code that reads input.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod data;
pub mod loopback;
pub mod scaled;

use std::path::PathBuf;

use anyhow::{anyhow, Context, Result};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// The path of the Gladly spec.
pub fn spec_path() -> PathBuf {
    workspace_root().join("spec/gladly-openapi.yaml")
}

/// The text of the Gladly spec.
pub fn spec_text() -> Result<String> {
    let path = spec_path();
    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
}

/// The settings the project generates Gladly's client with (`spec/codegen.toml`).
pub fn settings() -> Result<gladly_codegen::Settings> {
    let path = workspace_root().join("spec/codegen.toml");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    gladly_codegen::Settings::from_toml(&text, "codegen.toml").map_err(|d| anyhow!("{d}"))
}

/// The spec as a generic JSON tree, loaded the way the generator loads it.
pub fn spec_tree() -> Result<serde_json::Value> {
    gladly_codegen::stages::load(&spec_text()?).map_err(failure)
}

/// A generator failure as an error naming its diagnostics.
pub fn failure(failure: gladly_codegen::Failure) -> anyhow::Error {
    let messages: Vec<String> = failure
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.pointer, d.message))
        .collect();
    anyhow!("the generator failed: {}", messages.join("; "))
}

/// The peak resident memory of this process so far, in KiB (Linux's `VmHWM`), when the
/// system reports it.
pub fn own_peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
