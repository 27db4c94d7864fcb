//! What the conformance tests share: the normalised spec on disk, the rule for a missing
//! external tool, and output that `cargo test` shows without `--nocapture`.

use std::path::{Path, PathBuf};
use std::process::Command;

pub use crate::support::{root, say};

/// The vendored spec.
pub fn raw_spec_path() -> PathBuf {
    root().join("spec/gladly-openapi.yaml")
}

/// A scratch directory of this test binary, inside cargo's target directory.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory can be created");
    dir
}

/// Writes the vendored spec as the generator normalised it, exactly as
/// `cargo xtask spec normalized` writes it, and returns the file's path.
pub fn write_normalised_spec(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(raw_spec_path()).expect("vendored spec is readable");
    let normalised = match gladly_codegen::normalise_spec(&text) {
        Ok(normalised) => normalised,
        Err(failure) => panic!(
            "the vendored spec does not normalise: {:#?}",
            failure.diagnostics
        ),
    };
    write_spec_tree(dir, &normalised.tree)
}

/// Writes a normalised document as `cargo xtask spec normalized` writes it, and returns
/// the file's path.
pub fn write_spec_tree(dir: &Path, tree: &serde_json::Value) -> PathBuf {
    let path = dir.join("gladly-openapi.normalized.json");
    std::fs::write(&path, format!("{tree:#}\n")).expect("normalised spec can be written");
    path
}

/// Whether this run is in CI, where a missing tool is a failure rather than a skip.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// A tool the suite needs is missing: fails in CI, skips loudly elsewhere. Returns only
/// when the caller should skip.
pub fn tool_missing(suite: &str, what: &str, install: &str) {
    let bar = "!".repeat(78);
    assert!(
        !in_ci(),
        "\n{bar}\n{suite}: FAILED, {what}\n  install it with: {install}\n  (CI=true: the suite must run, not be skipped)\n{bar}\n"
    );
    say(&format!(
        "\n{bar}\n{suite}: SKIPPED, {what}\n  install it with: {install}\n  (in CI, with CI=true, this is a failure)\n{bar}\n"
    ));
}

/// Whether `program --version` runs.
pub fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}
