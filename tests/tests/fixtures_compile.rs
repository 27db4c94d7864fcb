//! The code generated for every fixture spec compiles, warning-free and clippy-clean,
//! against the real runtime: each fixture becomes a copy of the `gladly-generated` crate
//! with its own `src/generated/`, in a scratch workspace under `target/`.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The body of a `[section]` of a TOML file: from its header to the next header.
fn section(toml: &str, header: &str) -> String {
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

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for entry in fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copy");
        }
    }
}

/// The client crate's manifest, renamed, without lints and test-only dependencies.
fn member_manifest(name: &str) -> String {
    let manifest =
        fs::read_to_string(support::root().join("gladly-generated/Cargo.toml")).expect("manifest");
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

#[test]
fn every_fixture_compiles_without_warnings() {
    let root = support::root();
    let scratch: PathBuf = root.join("target/fixture-check");
    let _ = fs::remove_dir_all(scratch.join("crates"));
    let mut fixtures: Vec<PathBuf> = fs::read_dir(root.join("tests/fixtures"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    let mut members = Vec::new();
    for fixture in &fixtures {
        let stem = fixture
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .replace('-', "_");
        let name = format!("fixture_{stem}");
        let output = support::generate_file(fixture)
            .unwrap_or_else(|f| panic!("{name}: {:?}", f.diagnostics));
        let dir = scratch.join("crates").join(&name);
        copy_dir(
            &root.join("gladly-generated/src/runtime"),
            &dir.join("src/runtime"),
        );
        fs::copy(
            root.join("gladly-generated/src/lib.rs"),
            dir.join("src/lib.rs"),
        )
        .expect("lib.rs");
        for (file, contents) in &output.files {
            let path = dir.join("src/generated").join(file);
            fs::create_dir_all(path.parent().expect("parent")).expect("dir");
            fs::write(&path, contents).expect("write");
        }
        fs::write(dir.join("Cargo.toml"), member_manifest(&name)).expect("manifest");
        members.push(format!("\"crates/{name}\""));
    }
    let workspace = fs::read_to_string(root.join("Cargo.toml")).expect("workspace manifest");
    fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n{}\n{}",
            members.join(", "),
            section(&workspace, "[workspace.package]"),
            section(&workspace, "[workspace.dependencies]")
        ),
    )
    .expect("scratch manifest");
    // The same dependency versions as the project, and no network.
    fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("lock file");

    let result = Command::new(env!("CARGO"))
        .current_dir(&scratch)
        .args([
            "clippy",
            "--workspace",
            "--offline",
            "--quiet",
            "--message-format",
            "short",
            "--features",
            "type-registry",
            "--",
            "-D",
            "warnings",
        ])
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "generated fixture code does not compile cleanly:\n{stderr}"
    );
    support::say(&format!(
        "{} fixtures compile without warnings: {}",
        fixtures.len(),
        members.join(", ")
    ));
}
