//! Helpers shared by the test files. Each test binary uses only some of them.
#![allow(dead_code)]

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// The vendored Gladly spec's text.
pub fn gladly_spec() -> String {
    std::fs::read_to_string(root().join("spec/gladly-openapi.yaml"))
        .expect("vendored spec is readable")
}

/// Prints a summary line that shows in `cargo test` output even when the test passes
/// (libtest captures `eprintln!`, not direct writes to stderr).
pub fn say(text: &str) {
    use std::io::Write;
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{text}");
    let _ = stderr.flush();
}
