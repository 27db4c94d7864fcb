//! `cargo xtask spec diff` as a command: reading versions from files and git revisions,
//! the default old version, and `--fail-on`.

use crate::support;

use std::path::Path;
use std::process::{Command, ExitCode};

use xtask::spec_diff::{self, Args, FailOn, Format};

fn fixture(path: &str) -> String {
    std::fs::read_to_string(support::root().join("tests/fixtures/diff").join(path))
        .expect("fixture")
}

fn git(root: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(root)
        .output()
        .expect("git runs");
    assert!(status.status.success(), "git {args:?}: {status:?}");
}

/// A git repository whose HEAD has the old `operations` spec and whose working tree has
/// the new one.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    let root = dir.path();
    std::fs::create_dir_all(root.join("spec")).expect("spec/");
    git(root, &["init", "-q"]);
    std::fs::write(
        root.join("spec/gladly-openapi.yaml"),
        fixture("operations/old.yaml"),
    )
    .expect("old");
    std::fs::write(
        root.join("spec/codegen.toml"),
        fixture("operations/codegen.toml"),
    )
    .expect("settings");
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "old"]);
    std::fs::write(
        root.join("spec/gladly-openapi.yaml"),
        fixture("operations/new.yaml"),
    )
    .expect("new");
    dir
}

fn args(root: &Path, fail_on: Option<FailOn>) -> Args {
    Args {
        old: None,
        new: None,
        format: Format::Json,
        fail_on,
        root: Some(root.to_path_buf()),
    }
}

#[test]
fn versions_are_read_from_files_and_revisions() {
    let dir = repository();
    let root = dir.path();
    let old = fixture("operations/old.yaml");
    let new = fixture("operations/new.yaml");
    assert_eq!(spec_diff::read_version(root, "HEAD").expect("rev"), old);
    assert_eq!(
        spec_diff::read_version(root, "HEAD:spec/gladly-openapi.yaml").expect("rev:path"),
        old
    );
    assert_eq!(
        spec_diff::read_version(root, "spec/gladly-openapi.yaml").expect("file"),
        new
    );
    assert!(spec_diff::read_version(root, "no-such-rev").is_err());
}

#[test]
fn versions_are_read_with_the_settings_beside_the_spec() {
    let dir = repository();
    let root = dir.path();
    let webhook_paths = |source: &str| {
        spec_diff::settings_for(root, source)
            .expect("readable")
            .map(|s| s.webhook_paths)
    };
    let expected = Some(vec!["/gladly/webhook".to_owned()]);
    // A revision is read with the working tree's settings, a file with those beside it.
    assert_eq!(webhook_paths("HEAD"), expected);
    assert_eq!(webhook_paths("HEAD:spec/gladly-openapi.yaml"), expected);
    assert_eq!(webhook_paths("spec/gladly-openapi.yaml"), expected);
    let elsewhere = root.join("other.yaml");
    std::fs::write(&elsewhere, fixture("operations/new.yaml")).expect("write");
    assert_eq!(webhook_paths(&elsewhere.display().to_string()), None);
    std::fs::write(root.join("codegen.toml"), "webhook_path = 1").expect("write");
    assert!(spec_diff::settings_for(root, "other.yaml").is_err());
}

#[test]
fn the_default_compares_head_with_the_working_tree_and_fails_on_breaking() {
    let dir = repository();
    // The fixture pair has breaking changes.
    assert_eq!(
        spec_diff::run(&args(dir.path(), Some(FailOn::Breaking))).expect("runs"),
        ExitCode::FAILURE
    );
    assert_eq!(
        spec_diff::run(&args(dir.path(), None)).expect("runs"),
        ExitCode::SUCCESS
    );
    // No change at all: HEAD against itself.
    let same = Args {
        new: Some("HEAD".to_owned()),
        ..args(dir.path(), Some(FailOn::Any))
    };
    assert_eq!(spec_diff::run(&same).expect("runs"), ExitCode::SUCCESS);
}

#[test]
fn compatible_changes_only_do_not_fail_on_breaking() {
    let report = gladly_codegen::diff::diff_specs(
        &fixture("operations/old.yaml"),
        &fixture("operations/old.yaml").replace(
            "components:",
            "  /api/v1/extra:\n    get:\n      tags: [Widgets]\n      operationId: getExtra\n      responses:\n        \"204\":\n          description: Done\ncomponents:",
        ),
    )
    .expect("loads");
    assert_eq!(report.breaking(), 0, "{report:?}");
    assert!(!report.is_empty());
    assert_eq!(
        spec_diff::exit_code(&report, Some(FailOn::Breaking)),
        ExitCode::SUCCESS
    );
    assert_eq!(
        spec_diff::exit_code(&report, Some(FailOn::Any)),
        ExitCode::FAILURE
    );
}

#[test]
fn the_pipeline_runs_once_per_version_and_renders_no_file() {
    let dir = repository();
    let (runs, renders) = (
        gladly_codegen::pipeline_runs(),
        gladly_codegen::render_runs(),
    );
    // Old from HEAD, new from the working tree.
    spec_diff::run(&args(dir.path(), None)).expect("runs");
    assert_eq!(
        gladly_codegen::pipeline_runs() - runs,
        2,
        "one run per version"
    );
    assert_eq!(
        gladly_codegen::render_runs() - renders,
        0,
        "a diff renders nothing"
    );
}
