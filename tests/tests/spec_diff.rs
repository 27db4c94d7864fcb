//! `gladly_codegen::diff` on fixture pairs (`tests/fixtures/diff/<case>/{old,new}.yaml`),
//! each covering a family of changes, with the Markdown and JSON reports as snapshots.

mod support;

use gladly_codegen::diff::{self, render, rules};

fn fixture(case: &str, side: &str) -> String {
    let path = support::root()
        .join("tests/fixtures/diff")
        .join(case)
        .join(format!("{side}.yaml"));
    std::fs::read_to_string(&path).expect("fixture is readable")
}

fn report(case: &str) -> diff::Report {
    diff::diff_specs(&fixture(case, "old"), &fixture(case, "new")).expect("both sides load")
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
        let report = diff::diff_specs(&text, &text).expect("loads");
        assert!(report.is_empty(), "{case}: {report:?}");
    }
    let gladly = support::gladly_spec();
    let report = diff::diff_specs(&gladly, &gladly).expect("the Gladly spec loads");
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
