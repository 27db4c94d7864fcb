//! `gladly_codegen::diff` on fixture pairs (`tests/fixtures/diff/<case>/{old,new}.yaml`),
//! each covering a family of changes, with the Markdown and JSON reports as snapshots.

use crate::support;

use gladly_codegen::diff::{self, render, rules};

fn fixture_path(case: &str, side: &str) -> std::path::PathBuf {
    support::root()
        .join("tests/fixtures/diff")
        .join(case)
        .join(format!("{side}.yaml"))
}

fn fixture(case: &str, side: &str) -> String {
    std::fs::read_to_string(fixture_path(case, side)).expect("fixture is readable")
}

/// Compares two texts of a case with the settings in its folder (`codegen.toml`), as
/// `cargo xtask spec diff` does.
fn compare(case: &str, old: &str, new: &str) -> diff::Report {
    let settings = xtask::settings_beside(&fixture_path(case, "new")).expect("settings");
    let options = gladly_codegen::Options {
        settings: settings.as_ref(),
        ..Default::default()
    };
    diff::diff_specs_with((old, &options), (new, &options)).expect("both sides load")
}

fn report(case: &str) -> diff::Report {
    compare(case, &fixture(case, "old"), &fixture(case, "new"))
}

#[test]
fn operations_markdown() {
    insta::assert_snapshot!(render::markdown(&report("operations")));
}

#[test]
fn operations_json() {
    insta::assert_snapshot!(render::json(&report("operations")));
}

#[test]
fn requests_markdown() {
    insta::assert_snapshot!(render::markdown(&report("requests")));
}

#[test]
fn requests_json() {
    insta::assert_snapshot!(render::json(&report("requests")));
}

#[test]
fn responses_markdown() {
    insta::assert_snapshot!(render::markdown(&report("responses")));
}

#[test]
fn responses_json() {
    insta::assert_snapshot!(render::json(&report("responses")));
}

#[test]
fn a_spec_compared_with_itself_has_no_changes() {
    for case in ["operations", "requests", "responses"] {
        let text = fixture(case, "new");
        let report = compare(case, &text, &text);
        assert!(report.is_empty(), "{case}: {report:?}");
    }
    let gladly = support::gladly_spec();
    let report = support::diff_gladly(&gladly, &gladly).expect("the Gladly spec loads");
    assert!(report.is_empty(), "{report:?}");
    assert_eq!(
        render::markdown(&report),
        "**API diff: 0 breaking, 0 compatible** (public Rust items: 0 breaking, 0 compatible)\n\nNo changes.\n"
    );
}

#[test]
fn an_unreadable_side_is_named() {
    let good = fixture("operations", "old");
    let error = diff::diff_specs("openapi: 2.0\n", &good).expect_err("old side is not 3.0");
    assert!(matches!(error, diff::DiffError::Old(_)), "{error}");
    let error = diff::diff_specs(&good, "not: [openapi").expect_err("new side is not YAML");
    assert!(matches!(error, diff::DiffError::New(_)), "{error}");
}

#[test]
fn every_kind_of_change_has_a_rule() {
    assert!(rules::covers_every_kind());
}

#[test]
fn the_readme_states_the_rules_of_the_code() {
    let readme = std::fs::read_to_string(support::root().join("README.md")).expect("README");
    assert!(
        readme.contains(&rules::rules_markdown()),
        "README.md's rules table differs from gladly_codegen::diff::rules::rules_markdown():\n{}",
        rules::rules_markdown()
    );
}
