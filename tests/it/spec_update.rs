//! `cargo xtask spec update` end to end, in a temporary copy of the repository layout:
//! from a local file, from a loopback HTTP server, and the failures that must leave every
//! file as it was.

use crate::support;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use xtask::spec_update::{self, Outcome, Update};

fn fixture(name: &str) -> PathBuf {
    support::root().join("tests/fixtures/diff").join(name)
}

/// A repository layout with the old `responses` fixture vendored, the real provenance
/// file and a generated directory holding a stale file.
fn layout() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    let root = dir.path();
    std::fs::create_dir_all(root.join("spec")).expect("spec/");
    std::fs::create_dir_all(root.join("gladly-generated/src/generated")).expect("generated/");
    std::fs::copy(
        fixture("responses/old.yaml"),
        root.join("spec/gladly-openapi.yaml"),
    )
    .expect("copy spec");
    std::fs::copy(
        support::root().join("spec/PROVENANCE.md"),
        root.join("spec/PROVENANCE.md"),
    )
    .expect("copy provenance");
    std::fs::write(
        root.join("gladly-generated/src/generated/stale.rs"),
        "// old\n",
    )
    .expect("stale file");
    dir
}

/// Every file below `root`, by relative path.
fn files(root: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("listable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(root).expect("below root");
                let text = std::fs::read_to_string(&path).expect("readable");
                found.insert(relative.to_string_lossy().replace('\\', "/"), text);
            }
        }
    }
    found
}

fn update(root: &Path, from: &str) -> Update {
    Update {
        root: root.to_path_buf(),
        from: from.to_owned(),
        date: "2030-01-02".to_owned(),
    }
}

/// Checks that an update to `new_text` from `from` wrote everything it should.
fn assert_updated(root: &Path, outcome: Outcome, from: &str, new_text: &str) {
    let Outcome::Updated {
        report,
        sha256,
        files: written,
    } = outcome
    else {
        panic!("expected an update, got {outcome:?}");
    };
    let old_text = std::fs::read_to_string(fixture("responses/old.yaml")).expect("old");
    let expected_report = gladly_codegen::diff::diff_specs(&old_text, new_text).expect("diff");
    assert_eq!(report, Some(expected_report));
    assert_eq!(sha256, spec_update::sha256_hex(new_text.as_bytes()));

    let after = files(root);
    assert_eq!(after["spec/gladly-openapi.yaml"], new_text);

    let provenance = &after["spec/PROVENANCE.md"];
    let original =
        std::fs::read_to_string(support::root().join("spec/PROVENANCE.md")).expect("provenance");
    let expected = spec_update::updated_provenance(&original, from, &sha256, "2030-01-02");
    assert_eq!(provenance, &expected);
    assert!(provenance.contains(&format!("| source | {from} |\n")));
    assert!(provenance.contains(&format!("| sha256 | `{sha256}` |\n")));
    assert!(provenance.contains("| date   | 2030-01-02 |\n"));
    // Everything but the three values is kept: same lines, same table.
    assert_eq!(provenance.lines().count(), original.lines().count());
    assert!(provenance.starts_with(
        "# Provenance of `gladly-openapi.yaml`\n\n| field  | value |\n| ------ | ----- |\n"
    ));

    let generated = gladly_codegen::generate(new_text).expect("generates").files;
    assert_eq!(written, generated.len());
    let on_disk: BTreeMap<String, String> = after
        .into_iter()
        .filter_map(|(path, text)| {
            path.strip_prefix("gladly-generated/src/generated/")
                .map(|p| (p.to_owned(), text))
        })
        .collect();
    assert_eq!(
        on_disk, generated,
        "the stale file is gone, the rest regenerated"
    );
}

#[test]
fn update_from_a_local_file_vendors_records_and_regenerates() {
    let dir = layout();
    let from = fixture("responses/new.yaml");
    let from = from.to_str().expect("UTF-8 path");
    let outcome = spec_update::apply(&update(dir.path(), from)).expect("update runs");
    let new_text = std::fs::read_to_string(from).expect("new");
    assert_updated(dir.path(), outcome, from, &new_text);
}

#[test]
fn a_spec_the_generator_cannot_read_changes_nothing() {
    let dir = layout();
    let before = files(dir.path());
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "openapi: 3.0.0\ninfo: [not, an, object]\npaths: {}\n").expect("bad");
    let outcome = spec_update::apply(&update(dir.path(), bad.to_str().expect("UTF-8")))
        .expect("runs, and rejects");
    let Outcome::Rejected(diagnostics) = outcome else {
        panic!("expected a rejection, got {outcome:?}");
    };
    assert!(!diagnostics.is_empty());
    let mut after = files(dir.path());
    after.remove("bad.yaml");
    assert_eq!(after, before);
}

#[test]
fn a_missing_file_changes_nothing() {
    let dir = layout();
    let before = files(dir.path());
    let missing = dir.path().join("missing.yaml");
    let error = spec_update::apply(&update(dir.path(), missing.to_str().expect("UTF-8")))
        .expect_err("nothing to read");
    assert!(format!("{error:#}").contains("missing.yaml"), "{error:#}");
    assert_eq!(files(dir.path()), before);
}

#[test]
fn the_vendored_spec_again_writes_nothing() {
    let dir = layout();
    let before = files(dir.path());
    let same = fixture("responses/old.yaml");
    let outcome = spec_update::apply(&update(dir.path(), same.to_str().expect("UTF-8")))
        .expect("update runs");
    assert!(matches!(outcome, Outcome::Unchanged), "{outcome:?}");
    assert_eq!(files(dir.path()), before);
}

/// Serves one HTTP request on loopback with the given status and body; returns the URL.
fn serve_once(status: &'static str, body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let address = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let response = format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/yaml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    format!("http://{address}/rest/gladly-openapi.yaml")
}

#[test]
fn update_from_a_url_downloads_the_spec() {
    let dir = layout();
    let new_text = std::fs::read_to_string(fixture("responses/new.yaml")).expect("new");
    let url = serve_once("200 OK", new_text.clone());
    let outcome = spec_update::apply(&update(dir.path(), &url)).expect("update runs");
    assert_updated(dir.path(), outcome, &url, &new_text);
}

#[test]
fn a_failed_download_changes_nothing() {
    let dir = layout();
    let before = files(dir.path());
    let url = serve_once("404 Not Found", "no such file".to_owned());
    let error = spec_update::apply(&update(dir.path(), &url)).expect_err("404");
    assert!(format!("{error:#}").contains("downloading"), "{error:#}");
    assert_eq!(files(dir.path()), before);
}

#[test]
fn dates_are_utc_calendar_days() {
    assert_eq!(spec_update::civil_date(0), "1970-01-01");
    assert_eq!(spec_update::civil_date(11_017), "2000-03-01");
    assert_eq!(spec_update::civil_date(19_782), "2024-02-29");
    let today = spec_update::today_utc();
    assert_eq!(today.len(), 10, "{today}");
}

#[test]
fn a_provenance_file_without_the_table_is_written_anew() {
    let text = spec_update::updated_provenance("just text\n", "src", "abc", "2030-01-02");
    assert!(text.contains("| source | src |\n| sha256 | `abc` |\n| date   | 2030-01-02 |\n"));
}

#[test]
fn an_update_runs_the_pipeline_once_per_version_and_renders_once() {
    let dir = layout();
    let from = fixture("responses/new.yaml");
    let from = from.to_str().expect("UTF-8 path");
    let (runs, renders) = (
        gladly_codegen::pipeline_runs(),
        gladly_codegen::render_runs(),
    );
    let outcome = spec_update::apply(&update(dir.path(), from)).expect("update runs");
    assert!(
        matches!(
            outcome,
            Outcome::Updated {
                report: Some(_),
                ..
            }
        ),
        "{outcome:?}"
    );
    // The new version and the vendored one, each once; only the new one is written.
    assert_eq!(gladly_codegen::pipeline_runs() - runs, 2);
    assert_eq!(gladly_codegen::render_runs() - renders, 1);
}
