//! A scratch Cargo workspace of client crates: each member is a copy of `gladly-generated`
//! (its hand-written runtime and `lib.rs`) with another generator output as its
//! `src/generated/`. The fixture compile test and `cargo xtask corpus` build one to
//! compile generated code against the real runtime.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

/// One member crate: its package name (also its directory under `crates/`) and the
/// generator's files, by path relative to `src/generated/`.
pub struct Member<'a> {
    /// The package name, a valid Rust identifier.
    pub name: String,
    /// The generated files.
    pub files: &'a BTreeMap<String, String>,
}

/// Writes the workspace at `scratch` with `members`, replacing any crates a previous run
/// left there (its `target/` is kept, so dependencies are not rebuilt). The project's
/// `Cargo.lock` is copied so that the workspace builds `--offline` with the project's
/// dependency versions.
pub fn write_workspace(root: &Path, scratch: &Path, members: &[Member]) -> Result<()> {
    let crates = scratch.join("crates");
    if crates.exists() {
        fs::remove_dir_all(&crates).with_context(|| format!("removing {}", crates.display()))?;
    }
    let manifest = read(&root.join("gladly-generated/Cargo.toml"))?;
    for member in members {
        write_member(root, &crates.join(&member.name), &manifest, member)?;
    }
    let workspace = read(&root.join("Cargo.toml"))?;
    let names: Vec<String> = members
        .iter()
        .map(|m| format!("\"crates/{}\"", m.name))
        .collect();
    write(
        &scratch.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n{}\n{}",
            names.join(", "),
            section(&workspace, "[workspace.package]"),
            section(&workspace, "[workspace.dependencies]")
        ),
    )?;
    fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).context("copying Cargo.lock")?;
    Ok(())
}

/// One member: the runtime, `lib.rs`, the generated files and a renamed manifest.
fn write_member(root: &Path, dir: &Path, manifest: &str, member: &Member) -> Result<()> {
    copy_dir(
        &root.join("gladly-generated/src/runtime"),
        &dir.join("src/runtime"),
    )?;
    fs::copy(
        root.join("gladly-generated/src/lib.rs"),
        dir.join("src/lib.rs"),
    )
    .context("copying lib.rs")?;
    for (file, contents) in member.files {
        write(&dir.join("src/generated").join(file), contents)?;
    }
    write(
        &dir.join("Cargo.toml"),
        &member_manifest(manifest, &member.name),
    )
}

/// The body of a `[section]` of a TOML file: from its header to the next header.
pub fn section(toml: &str, header: &str) -> String {
    let mut lines = toml.lines().skip_while(|l| l.trim() != header);
    let mut out = String::new();
    if let Some(first) = lines.next() {
        out.push_str(first);
        out.push('\n');
    }
    for line in lines.take_while(|l| !l.starts_with('[')) {
        // Path dependencies point into this repository; the scratch workspace needs none.
        if !line.contains("path =") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The client crate's manifest, renamed, without lints and test-only dependencies.
pub fn member_manifest(manifest: &str, name: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            skipping = line == "[dev-dependencies]" || line == "[lints]";
        }
        if skipping {
            continue;
        }
        if line.starts_with("name = ") {
            out.push_str(&format!("name = \"{name}\"\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in fs::read_dir(from).with_context(|| format!("listing {}", from.display()))? {
        let path = entry?.path();
        let Some(name) = path.file_name() else {
            continue;
        };
        let target = to.join(name);
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            fs::copy(&path, &target).with_context(|| format!("copying {}", path.display()))?;
        }
    }
    Ok(())
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn write(path: &Path, contents: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    fs::write(path, contents).with_context(|| format!("writing {}", path.display()))
}
