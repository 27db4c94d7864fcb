//! `cargo xtask codegen` as a user runs it: exit codes, what it writes, what it leaves.

// Tests state their expectations with expect().
#![allow(clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// A fresh directory under the target directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("xtask-cli-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("codegen")
        .arg("--quiet")
        .args(args)
        .output()
        .expect("xtask runs")
}

fn listing(dir: &Path) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = fs::read_dir(dir)
        .expect("readable")
        .map(|e| {
            let path = e.expect("entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, fs::read_to_string(&path).unwrap_or_default())
        })
        .collect();
    entries.sort();
    entries
}

#[test]
fn broken_specs_exit_1_and_leave_the_output_untouched() {
    let broken = root().join("tests/broken");
    let mut specs: Vec<PathBuf> = fs::read_dir(&broken)
        .expect("tests/broken exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 6, "found {specs:?}");
    for spec in specs {
        let out = TempDir::new("broken");
        let generated = out.0.join("generated");
        fs::create_dir_all(&generated).expect("dir");
        fs::write(generated.join("types.rs"), "// the previous output\n").expect("write");
        let before = listing(&generated);
        let result = codegen(&[
            "--spec",
            spec.to_str().expect("utf-8"),
            "--out",
            generated.to_str().expect("utf-8"),
        ]);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(
            result.status.code(),
            Some(1),
            "{}: {stderr}",
            spec.display()
        );
        assert!(
            stderr.contains("error["),
            "{}: a diagnostic is printed: {stderr}",
            spec.display()
        );
        assert_eq!(
            listing(&generated),
            before,
            "{}: output untouched",
            spec.display()
        );
        assert_eq!(
            fs::read_dir(&out.0).expect("readable").count(),
            1,
            "no staging directory is left behind"
        );
    }
}

#[test]
fn an_eighty_megabyte_spec_is_refused_without_writing() {
    let out = TempDir::new("huge");
    let spec = out.0.join("huge.yaml");
    let line = "  - aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n";
    let mut text =
        String::from("openapi: 3.0.3\ninfo: {title: Huge, version: '1'}\npaths: {}\nx-padding:\n");
    text.push_str(&line.repeat(80 * 1024 * 1024 / line.len() + 1));
    fs::write(&spec, text).expect("write");
    let generated = out.0.join("generated");
    let result = codegen(&[
        "--spec",
        spec.to_str().expect("utf-8"),
        "--out",
        generated.to_str().expect("utf-8"),
    ]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[spec-too-large]"), "{stderr}");
    assert!(!generated.exists(), "nothing written");
}

#[test]
fn check_names_stale_files_and_passes_when_fresh() {
    let out = TempDir::new("check");
    let generated = out.0.join("generated");
    let spec = root().join("tests/fixtures/minimal.yaml");
    let spec = spec.to_str().expect("utf-8");
    let target = generated.to_str().expect("utf-8");

    let written = codegen(&["--spec", spec, "--out", target]);
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let fresh = codegen(&["--spec", spec, "--out", target, "--check"]);
    assert!(
        fresh.status.success(),
        "{}",
        String::from_utf8_lossy(&fresh.stderr)
    );

    fs::write(generated.join("types.rs"), "// edited by hand\n").expect("write");
    fs::write(generated.join("leftover.rs"), "// not generated\n").expect("write");
    let stale = codegen(&["--spec", spec, "--out", target, "--check"]);
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert_eq!(stale.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("stale: types.rs (differs)"), "{stderr}");
    assert!(
        stderr.contains("stale: leftover.rs (not generated any more)"),
        "{stderr}"
    );

    // Regenerating replaces the whole directory: the stray file is gone.
    assert!(codegen(&["--spec", spec, "--out", target]).status.success());
    assert!(!generated.join("leftover.rs").exists());
}

#[test]
fn warnings_on_a_minified_spec_are_short_and_grouped() {
    // One line of JSON, forty operations without an operationId.
    let paths: Vec<String> = (0..40)
        .map(|i| {
            format!(r#""/things{i}":{{"get":{{"responses":{{"204":{{"description":"none"}}}}}}}}"#)
        })
        .collect();
    let text = format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"Minified","version":"1"}},"paths":{{{}}}}}"#,
        paths.join(",")
    );
    let out = TempDir::new("minified");
    let spec = out.0.join("minified.json");
    fs::write(&spec, &text).expect("write");
    let generated = out.0.join("generated");
    let result = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--spec", spec.to_str().expect("utf-8")])
        .args(["--out", generated.to_str().expect("utf-8")])
        .output()
        .expect("xtask runs");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert_eq!(
        stderr.matches("warning[missing-operation-id]").count(),
        5,
        "{stderr}"
    );
    assert!(
        stderr.contains("\n... and 35 more missing-operation-id warnings\n"),
        "{stderr}"
    );
    assert!(
        stderr.lines().all(|l| l.chars().count() < 200),
        "no line quotes the whole spec: {stderr}"
    );
    assert!(stderr.contains("; 40 warnings"), "{stderr}");
}
