//! The generator's whole output for small fixture specs, as snapshots.

mod support;

fn generated(fixture: &str) -> String {
    let path = support::root().join("tests/fixtures").join(fixture);
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    let output = gladly_codegen::generate(&text).expect("fixture generates");
    let mut all = String::new();
    for warning in &output.warnings {
        all.push_str(&format!(
            "// {}\n",
            warning.to_string().replace('\n', "\n// ")
        ));
    }
    for (file, contents) in &output.files {
        all.push_str(&format!("\n// ===== {file} =====\n{contents}"));
    }
    all
}

#[test]
fn minimal() {
    insta::assert_snapshot!(generated("minimal.yaml"));
}

#[test]
fn vendor_quirks() {
    insta::assert_snapshot!(generated("vendor_quirks.yaml"));
}
