//! The generator's whole output for each fixture spec in `tests/fixtures/`, as snapshots
//! named after the fixture. (`fixtures_compile.rs` checks that the same output compiles.)
//! Only the `.yaml` files directly in `tests/fixtures/` are fixtures: the folders beside
//! them hold the files their `$ref`s name (`external/`) and the diff cases (`diff/`).

use crate::support;

fn generated(path: &std::path::Path) -> String {
    let output = support::generate_file(path).expect("fixture generates");
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
fn every_fixture_matches_its_snapshot() {
    let dir = support::root().join("tests/fixtures");
    let mut fixtures: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 7, "{fixtures:?}");
    for fixture in fixtures {
        let name = fixture
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        insta::assert_snapshot!(name, generated(&fixture));
    }
}
