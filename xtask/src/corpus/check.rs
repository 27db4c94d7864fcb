//! Compiles the sample: each sampled document's output becomes a client crate in one
//! scratch workspace (see [`crate::scratch`]), checked by one `cargo check`, whose JSON
//! messages are attributed to the crates by package id.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde_json::Value;

use crate::scratch::{self, Member};

/// The first error the compiler reported for a crate.
#[derive(Debug, Clone, PartialEq)]
pub struct CompileError {
    /// The error code (`E0404`), or `error` for an error without one.
    pub code: String,
    pub message: String,
}

/// What the compiler said about one crate.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CrateResult {
    /// Its errors, in the order reported (the final "aborting due to" left out).
    pub errors: Vec<CompileError>,
    /// Whether cargo reported the crate's library as built.
    pub built: bool,
}

impl CrateResult {
    /// A crate compiles when it has no error and was built.
    pub fn compiled(&self) -> bool {
        self.errors.is_empty() && self.built
    }
}

/// The package name a crate gets for the `index`th sampled document: a prefix keeps
/// names distinct and valid, the rest says which document it is.
pub fn crate_name(index: usize, path: &str) -> String {
    let mut slug = String::new();
    for c in path.trim_end_matches(".json").chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('_') {
            slug.push('_');
        }
    }
    let slug: String = slug.trim_matches('_').chars().take(48).collect();
    format!("c{index:03}_{}", slug.trim_end_matches('_'))
}

/// Writes the crates into `scratch` and runs one `cargo check` over them; the result of
/// every crate, by name.
pub fn run(
    root: &Path,
    scratch: &Path,
    crates: &[(String, BTreeMap<String, String>)],
) -> Result<BTreeMap<String, CrateResult>> {
    let members: Vec<Member> = crates
        .iter()
        .map(|(name, files)| Member {
            name: name.clone(),
            files,
        })
        .collect();
    scratch::write_workspace(root, scratch, &members)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(scratch)
        .args(["check", "--workspace", "--offline", "--keep-going"])
        .args(["--message-format", "json"])
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .context("running cargo check on the sample")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut results = attribute(&stdout);
    let any_error = results.values().any(|r| !r.errors.is_empty());
    if !output.status.success() && !any_error {
        bail!(
            "cargo check failed without a compiler error:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // A crate cargo said nothing about still has a result: not compiled.
    for (name, _) in crates {
        results.entry(name.clone()).or_default();
    }
    results.retain(|name, _| crates.iter().any(|(n, _)| n == name));
    Ok(results)
}

/// Reads cargo's JSON messages (one a line) into results by package name.
pub fn attribute(messages: &str) -> BTreeMap<String, CrateResult> {
    let mut results: BTreeMap<String, CrateResult> = BTreeMap::new();
    for line in messages.lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let Some(name) = message
            .get("package_id")
            .and_then(Value::as_str)
            .and_then(package_name)
        else {
            continue;
        };
        let result = results.entry(name).or_default();
        match message.get("reason").and_then(Value::as_str) {
            Some("compiler-artifact") => {
                let is_lib = message
                    .pointer("/target/kind")
                    .and_then(Value::as_array)
                    .is_some_and(|kinds| kinds.iter().any(|k| k == "lib"));
                result.built |= is_lib;
            }
            Some("compiler-message") => result.errors.extend(compile_error(&message)),
            _ => {}
        }
    }
    results
}

/// The error a `compiler-message` carries, if it is one (and not the closing count).
fn compile_error(message: &Value) -> Option<CompileError> {
    let diagnostic = message.get("message")?;
    if diagnostic.get("level").and_then(Value::as_str) != Some("error") {
        return None;
    }
    let text = diagnostic.get("message").and_then(Value::as_str)?;
    if text.starts_with("aborting due to") {
        return None;
    }
    let code = diagnostic
        .pointer("/code/code")
        .and_then(Value::as_str)
        .unwrap_or("error");
    Some(CompileError {
        code: code.to_owned(),
        message: text.to_owned(),
    })
}

/// The package name in a package id, in cargo's current form
/// (`path+file:///.../name#0.1.0`, `registry+...#name@1.0.0`) or its older one
/// (`name 0.1.0 (path+file:///...)`).
pub fn package_name(id: &str) -> Option<String> {
    if let Some((name, _)) = id.split_once(' ') {
        return Some(name.to_owned());
    }
    let (url, fragment) = id.rsplit_once('#')?;
    let name = match fragment.split_once('@') {
        Some((name, _)) => name,
        // Without `name@`, the package is named like the last segment of its URL.
        None => url.trim_end_matches('/').rsplit('/').next()?,
    };
    (!name.is_empty()).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORDED: &str = include_str!("testdata/cargo-check.jsonl");

    #[test]
    fn messages_are_attributed_to_their_crates() {
        let results = attribute(RECORDED);
        assert_eq!(
            results.keys().collect::<Vec<_>>(),
            ["c000_ok", "c001_bad", "c002_old"]
        );
        let ok = &results["c000_ok"];
        assert!(ok.compiled(), "a warning is not an error: {ok:?}");
        let bad = &results["c001_bad"];
        assert!(!bad.compiled());
        assert_eq!(
            bad.errors,
            [CompileError {
                code: "E0405".into(),
                message: "cannot find trait `Missing` in this scope".into()
            }],
            "the failure note is not an error"
        );
        let old = &results["c002_old"];
        assert_eq!(old.errors.len(), 1, "`aborting due to` is not counted");
        assert_eq!(old.errors[0].code, "error");
    }

    #[test]
    fn a_crate_without_an_artifact_did_not_compile() {
        let artifact_only = RECORDED
            .lines()
            .filter(|l| !l.contains("\"reason\":\"compiler-artifact\""))
            .collect::<Vec<_>>()
            .join("\n");
        let results = attribute(&artifact_only);
        assert!(!results["c000_ok"].compiled());
    }

    #[test]
    fn package_names_in_every_id_form() {
        let cases = [
            ("path+file:///tmp/w/crates/c000_ok#0.1.0", "c000_ok"),
            ("path+file:///tmp/w/crates/dir#other@0.1.0", "other"),
            (
                "registry+https://github.com/rust-lang/crates.io-index#serde@1.0.228",
                "serde",
            ),
            (
                "c002_old 0.1.0 (path+file:///tmp/w/crates/c002_old)",
                "c002_old",
            ),
        ];
        for (id, name) in cases {
            assert_eq!(package_name(id).as_deref(), Some(name), "{id}");
        }
        assert_eq!(package_name("nonsense"), None);
    }

    #[test]
    fn crate_names_are_valid_distinct_and_say_which_document() {
        assert_eq!(
            crate_name(7, "googleapis.com/Cloud Storage (v1).json"),
            "c007_googleapis_com_cloud_storage_v1"
        );
        let long = crate_name(12, &"x".repeat(200));
        assert!(long.len() <= 53 && long.starts_with("c012_"));
    }
}
