//! Deliberately broken specs: each gives located, readable diagnostics and no output.

use crate::support;

fn rendered(name: &str, text: &str) -> String {
    // Files named by `$ref`s are read beside the spec, as `cargo xtask codegen` does.
    let dir = support::root().join("tests/broken");
    let read =
        |relative: &str| std::fs::read_to_string(dir.join(relative)).map_err(|e| e.to_string());
    let options = gladly_codegen::Options {
        read_file: Some(&read),
        ..Default::default()
    };
    let failure =
        gladly_codegen::generate_with(text, &options).expect_err("a broken spec generates nothing");
    assert!(
        failure
            .diagnostics
            .iter()
            .any(|d| d.severity == gladly_codegen::Severity::Error),
        "{name}: at least one error"
    );
    let origin = format!("tests/broken/{name}");
    failure
        .diagnostics
        .iter()
        .map(|d| d.render(text, &origin))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn broken(name: &str) -> String {
    let text = std::fs::read_to_string(support::root().join("tests/broken").join(name))
        .expect("fixture is readable");
    rendered(name, &text)
}

#[test]
fn invalid_yaml() {
    insta::assert_snapshot!(broken("invalid_yaml.yaml"));
}

#[test]
fn wrong_version() {
    insta::assert_snapshot!(broken("wrong_version.yaml"));
}

#[test]
fn unknown_version() {
    insta::assert_snapshot!(broken("unknown_version.yaml"));
}

#[test]
fn ref_loop_on_the_way() {
    insta::assert_snapshot!(broken("ref_loop_on_the_way.yaml"));
}

#[test]
fn missing_external_file() {
    insta::assert_snapshot!(broken("missing_external_file.yaml"));
}

#[test]
fn dangling_ref() {
    insta::assert_snapshot!(broken("dangling_ref.yaml"));
}

#[test]
fn ref_cycle() {
    insta::assert_snapshot!(broken("ref_cycle.yaml"));
}

#[test]
fn empty_file() {
    insta::assert_snapshot!(broken("empty.yaml"));
}

#[test]
fn eighty_megabytes() {
    // Valid YAML, just far too large: it is refused before it is parsed.
    let mut text =
        String::from("openapi: 3.0.3\ninfo: {title: Huge, version: '1'}\npaths: {}\nx-padding:\n");
    while text.len() < 80 * 1024 * 1024 {
        text.push_str(
            "  - aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
        );
    }
    let started = std::time::Instant::now();
    let message = rendered("huge.yaml", &text);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "refused quickly"
    );
    insta::assert_snapshot!(message);
}
