//! The code generated for every fixture spec compiles, warning-free and clippy-clean,
//! against the real runtime: each fixture becomes a copy of the `gladly-generated` crate
//! with its own `src/generated/`, in a scratch workspace under `target/`. Both features
//! are on: the type registry and the test double (`test-util`) are generated for every spec.

use crate::support;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use xtask::scratch;

#[test]
fn every_fixture_compiles_without_warnings() {
    let root = support::root();
    let workspace: PathBuf = root.join("target/fixture-check");
    let mut fixtures: Vec<PathBuf> = fs::read_dir(root.join("tests/fixtures"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    let mut outputs = Vec::new();
    for fixture in &fixtures {
        let stem = fixture
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .replace('-', "_");
        let name = format!("fixture_{stem}");
        let output = support::generate_file(fixture)
            .unwrap_or_else(|f| panic!("{name}: {:?}", f.diagnostics));
        outputs.push((name, output.files));
    }
    let members: Vec<scratch::Member> = outputs
        .iter()
        .map(|(name, files)| scratch::Member {
            name: name.clone(),
            files,
        })
        .collect();
    // The same dependency versions as the project (its Cargo.lock), and no network.
    scratch::write_workspace(&root, &workspace, &members).expect("scratch workspace");
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();

    let result = Command::new(env!("CARGO"))
        .current_dir(&workspace)
        .args([
            "clippy",
            "--workspace",
            "--offline",
            "--quiet",
            "--message-format",
            "short",
            "--features",
            "type-registry,test-util",
            "--",
            "-D",
            "warnings",
        ])
        .env("CARGO_TARGET_DIR", workspace.join("target"))
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
        names.join(", ")
    ));
}
