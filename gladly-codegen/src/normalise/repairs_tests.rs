//! The repairs table: ARCHITECTURE.md prints it, it is the only way to report a repair,
//! and every warning normalisation gives on the project's specs has its row.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{repairs_markdown, REPAIRS};
use crate::diagnostic::Severity;
use crate::downgrade31::rewrites::REWRITES;
use crate::Options;

fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// The Markdown table under `heading` in ARCHITECTURE.md: its lines up to the first that
/// is not a table row.
fn architecture_table(heading: &str) -> String {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let section = text
        .split_once(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("ARCHITECTURE.md has no `{heading}`"))
        .1;
    let rows: Vec<&str> = section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .collect();
    rows.iter().map(|l| format!("{l}\n")).collect()
}

#[test]
fn architecture_md_prints_the_table() {
    assert_eq!(
        architecture_table("### Repairs made by normalisation"),
        repairs_markdown(),
        "ARCHITECTURE.md's repairs table differs from normalise::repairs::repairs_markdown()"
    );
}

#[test]
fn the_table_has_a_row_per_repair_and_no_row_twice() {
    let table = repairs_markdown();
    assert_eq!(table.lines().count(), REPAIRS.len() + 2);
    assert!(table.contains("| `examples: null` | removed | `null-examples` |"));
    let rows: BTreeSet<_> = REPAIRS.iter().map(|r| (r.defect, r.repair)).collect();
    assert_eq!(rows.len(), REPAIRS.len());
    for r in REPAIRS {
        assert!(
            !r.code.is_empty() && !r.defect.contains('|') && !r.repair.contains('|'),
            "{r:?} cannot be a table row"
        );
    }
}

/// The files of the normalise stage; a warning written there without its table entry is
/// a repair the table does not show.
#[test]
fn repairs_are_reported_only_through_the_table() {
    let sources = [
        ("callbacks.rs", include_str!("callbacks.rs")),
        ("examples.rs", include_str!("examples.rs")),
        ("mod.rs", include_str!("mod.rs")),
        ("operation_ids.rs", include_str!("operation_ids.rs")),
        ("paths.rs", include_str!("paths.rs")),
        ("required_examples.rs", include_str!("required_examples.rs")),
        ("required_names.rs", include_str!("required_names.rs")),
        ("responses.rs", include_str!("responses.rs")),
        ("schema_types.rs", include_str!("schema_types.rs")),
        ("schemas.rs", include_str!("schemas.rs")),
        ("security.rs", include_str!("security.rs")),
        ("walk.rs", include_str!("walk.rs")),
        ("wrong_types.rs", include_str!("wrong_types.rs")),
        ("../refs.rs", include_str!("../refs.rs")),
    ];
    let listed: BTreeSet<String> = std::fs::read_dir(root().join("gladly-codegen/src/normalise"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("repairs") && !n.ends_with("_tests.rs"))
        .collect();
    let checked: BTreeSet<String> = sources
        .iter()
        .filter(|(n, _)| !n.starts_with(".."))
        .map(|(n, _)| (*n).to_owned())
        .collect();
    assert_eq!(listed, checked, "a file of normalise/ is not checked");
    for (name, text) in sources {
        assert!(
            !text.contains("Diagnostic::warning("),
            "normalise/{name} writes a warning without a `Repair` of normalise::repairs"
        );
    }
}

/// Every warning of the normalise stage (3.1 rewrites, repairs) met on the fixtures and the
/// Gladly spec.
fn warning_codes() -> BTreeSet<&'static str> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() > 10, "fixtures not found: {specs:?}");
    specs.push(root().join("spec/gladly-openapi.yaml"));
    let mut codes = BTreeSet::new();
    for spec in specs {
        let text = std::fs::read_to_string(&spec).unwrap();
        let dir = spec.parent().map(Path::to_path_buf).unwrap_or_default();
        let read =
            |relative: &str| std::fs::read_to_string(dir.join(relative)).map_err(|e| e.to_string());
        let options = Options {
            read_file: Some(&read),
            ..Default::default()
        };
        let normalised = crate::normalise_spec_with(&text, &options)
            .unwrap_or_else(|f| panic!("{}: {:?}", spec.display(), f.diagnostics));
        codes.extend(
            normalised
                .diagnostics
                .items()
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .map(|d| d.code),
        );
    }
    codes
}

#[test]
fn every_warning_on_the_fixtures_and_the_gladly_spec_is_in_a_table() {
    let codes = warning_codes();
    let tabled: BTreeSet<&str> = REPAIRS
        .iter()
        .map(|r| r.code)
        .chain(REWRITES.iter().map(|r| r.code))
        .collect();
    let missing: Vec<_> = codes.difference(&tabled).collect();
    assert!(missing.is_empty(), "warnings without a row: {missing:?}");
    // The fixtures exercise the repairs, not only the absence of warnings.
    for code in [
        "path-key-repaired",
        "wrong-type",
        "ref-through-ref",
        "type-null",
    ] {
        assert!(codes.contains(code), "no fixture gives `{code}`: {codes:?}");
    }
}

#[test]
fn architecture_md_prints_the_31_rewrites_table() {
    assert_eq!(
        architecture_table("### Reading OpenAPI 3.1"),
        crate::downgrade31::rewrites::rewrites_markdown(),
        "ARCHITECTURE.md's 3.1 table differs from downgrade31::rewrites::rewrites_markdown()"
    );
}
