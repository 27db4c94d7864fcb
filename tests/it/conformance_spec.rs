//! The normalised spec (what `cargo xtask spec normalized` writes and what the conformance
//! suite gives Prism) is a valid OpenAPI 3.0 document by an independent validator, and
//! differs from the vendored spec only by the repairs the generator reports.
//!
//! The validator is `openapi-spec-validator` (PyPI), pinned in
//! `tests/validator/requirements.txt` and installed into `tests/validator/.venv`; one on
//! `PATH` is used otherwise. Without it the validation test is skipped with a loud
//! message, unless `CI=true`, where it fails.

use crate::conformance::tools;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gladly_codegen::pointer;
use gladly_codegen::Diagnostic;
use serde_json::Value;

fn validator() -> Option<PathBuf> {
    let local = tools::root().join("tests/validator/.venv/bin/openapi-spec-validator");
    if local.is_file() {
        return Some(local);
    }
    let on_path = PathBuf::from("openapi-spec-validator");
    Command::new(&on_path)
        .arg("--help")
        .output()
        .is_ok_and(|o| o.status.success())
        .then_some(on_path)
}

fn validate(validator: &Path, spec: &Path) -> Output {
    Command::new(validator)
        .args(["--validation-errors", "all"])
        .arg(spec)
        .output()
        .expect("the validator runs")
}

/// The validator prints `Validation Error: [n]` per error (with `--validation-errors all`).
fn error_count(output: &Output) -> usize {
    String::from_utf8_lossy(&output.stdout)
        .matches("Validation Error: [")
        .count()
        + String::from_utf8_lossy(&output.stderr)
            .matches("Validation Error: [")
            .count()
}

/// The `On instance[...]` lines: where each error is.
fn error_locations(output: &Output) -> Vec<String> {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    text.lines()
        .filter(|l| l.starts_with("On instance["))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_normalised_spec_is_valid_where_the_raw_one_is_not() {
    let Some(validator) = validator() else {
        tools::tool_missing(
            "conformance (spec validation)",
            "openapi-spec-validator was found neither in tests/validator/.venv nor on PATH",
            "python3 -m venv tests/validator/.venv && \
             tests/validator/.venv/bin/pip install -r tests/validator/requirements.txt",
        );
        return;
    };
    let dir = tools::scratch_dir("conformance-spec");
    let normalised = tools::write_normalised_spec(&dir);

    let raw = validate(&validator, &tools::raw_spec_path());
    let raw_errors = error_count(&raw);
    // The validator must see the vendored spec's defects, or its verdict on the
    // normalised document means nothing.
    assert!(
        !raw.status.success() && raw_errors > 0,
        "the validator finds no error in the raw spec:\n{}",
        String::from_utf8_lossy(&raw.stdout)
    );

    let checked = validate(&validator, &normalised);
    let stdout = String::from_utf8_lossy(&checked.stdout);
    assert!(
        checked.status.success() && stdout.contains(": OK") && error_count(&checked) == 0,
        "the normalised spec is not valid OpenAPI ({} errors):\n{}\n{}",
        error_count(&checked),
        error_locations(&checked).join("\n"),
        String::from_utf8_lossy(&checked.stderr)
    );
    tools::say(&format!(
        "openapi-spec-validator: raw spec {raw_errors} errors, normalised spec OK"
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

/// One place where the raw and the normalised tree differ.
#[derive(Debug)]
struct Difference {
    /// Where, in the raw tree.
    raw: String,
    /// Where, in the normalised tree.
    normalised: String,
    /// What differs.
    what: String,
}

/// `/paths` keys the normaliser renamed, from the `path-key-repaired` warnings.
fn renamed_paths(repairs: &[Diagnostic]) -> Vec<(String, String)> {
    repairs
        .iter()
        .filter(|d| d.code == "path-key-repaired")
        .map(|d| {
            let to = d
                .message
                .rsplit_once("read as `")
                .and_then(|(_, rest)| rest.strip_suffix('`'))
                .unwrap_or_else(|| panic!("unexpected path-key-repaired message: {}", d.message));
            (d.pointer.clone(), pointer::child("/paths", to))
        })
        .collect()
}

/// Walks both trees side by side, matching renamed path keys, and records every
/// difference. A `$ref` that only follows a renamed path is not a difference.
fn compare(
    raw: &Value,
    normalised: &Value,
    at: (&str, &str),
    renames: &[(String, String)],
    out: &mut Vec<Difference>,
) {
    let (raw_at, norm_at) = at;
    match (raw, normalised) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, a_child) in a {
                let raw_child_at = pointer::child(raw_at, key);
                let norm_child_at = if raw_at == "/paths" {
                    renames
                        .iter()
                        .find(|(from, _)| *from == raw_child_at)
                        .map_or_else(|| pointer::child(norm_at, key), |(_, to)| to.clone())
                } else {
                    pointer::child(norm_at, key)
                };
                if norm_child_at != pointer::child(norm_at, key) {
                    out.push(Difference {
                        raw: raw_child_at.clone(),
                        normalised: norm_child_at.clone(),
                        what: "path key renamed".to_owned(),
                    });
                }
                let norm_key = pointer::tokens(&norm_child_at).pop().unwrap_or_default();
                match b.get(&norm_key) {
                    Some(b_child) => compare(
                        a_child,
                        b_child,
                        (&raw_child_at, &norm_child_at),
                        renames,
                        out,
                    ),
                    None => out.push(Difference {
                        raw: raw_child_at,
                        normalised: norm_child_at,
                        what: "removed".to_owned(),
                    }),
                }
            }
            for key in b.keys() {
                let norm_child_at = pointer::child(norm_at, key);
                let from_raw = a.keys().any(|k| {
                    let raw_child_at = pointer::child(raw_at, k);
                    raw_at == "/paths"
                        && renames
                            .iter()
                            .any(|(from, to)| *from == raw_child_at && *to == norm_child_at)
                });
                if !a.contains_key(key) && !from_raw {
                    out.push(Difference {
                        raw: pointer::child(raw_at, key),
                        normalised: norm_child_at,
                        what: "added".to_owned(),
                    });
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (index, (a_item, b_item)) in a.iter().zip(b).enumerate() {
                compare(
                    a_item,
                    b_item,
                    (&format!("{raw_at}/{index}"), &format!("{norm_at}/{index}")),
                    renames,
                    out,
                );
            }
            if a.len() != b.len() {
                out.push(Difference {
                    raw: format!("{raw_at}/{}", a.len().min(b.len())),
                    normalised: format!("{norm_at}/{}", a.len().min(b.len())),
                    what: format!("{} items instead of {}", b.len(), a.len()),
                });
            }
        }
        (Value::String(a), Value::String(b)) if raw_at.ends_with("/$ref") => {
            if a != b && follow_renames(a, renames).as_deref() != Some(b.as_str()) {
                out.push(Difference {
                    raw: raw_at.to_owned(),
                    normalised: norm_at.to_owned(),
                    what: format!("`{a}` became `{b}`"),
                });
            }
        }
        (a, b) => {
            if a != b {
                out.push(Difference {
                    raw: raw_at.to_owned(),
                    normalised: norm_at.to_owned(),
                    what: format!("{a} became {b}"),
                });
            }
        }
    }
}

/// A `$ref` rewritten to follow a renamed path.
fn follow_renames(reference: &str, renames: &[(String, String)]) -> Option<String> {
    let target = pointer::from_ref(reference)?;
    renames.iter().find_map(|(from, to)| {
        let rest = target.strip_prefix(from.as_str())?;
        (rest.is_empty() || rest.starts_with('/')).then(|| pointer::to_ref(&format!("{to}{rest}")))
    })
}

/// Whether `pointer` is `base` or below it.
fn within(pointer: &str, base: &str) -> bool {
    pointer == base || pointer.starts_with(&format!("{base}/"))
}

/// The pointers a repair may change: its own; for an example moved out of `properties`,
/// the schema's `example` it moved to; for a requirement an example omits (the warning
/// points at the example), the `required` list of the schema its message names.
fn reach(repair: &Diagnostic) -> Vec<String> {
    let mut reach = vec![repair.pointer.clone()];
    if repair.code == "misplaced-example" {
        if let Some(schema) = repair.pointer.strip_suffix("/properties/example") {
            reach.push(format!("{schema}/example"));
        }
    }
    if repair.code == "required-absent-from-example" {
        let schema = repair
            .message
            .strip_prefix("the schema at `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(schema, _)| schema);
        if let Some(schema) = schema {
            reach.push(format!("{schema}/required"));
        }
    }
    reach
}

#[test]
fn the_normalised_spec_differs_from_the_raw_one_only_by_the_reported_repairs() {
    let text = std::fs::read_to_string(tools::raw_spec_path()).expect("vendored spec is readable");
    let raw = gladly_codegen::load::load(&text).expect("the vendored spec loads");
    let normalised = gladly_codegen::normalise_spec(&text).expect("the vendored spec normalises");
    let repairs = normalised.diagnostics.items().to_vec();
    let renames = renamed_paths(&repairs);

    let mut differences = Vec::new();
    compare(&raw, &normalised.tree, ("", ""), &renames, &mut differences);

    let unexplained: Vec<String> = differences
        .iter()
        .filter(|d| {
            !repairs
                .iter()
                .flat_map(reach)
                .any(|r| within(&d.raw, &r) || within(&d.normalised, &r))
        })
        .map(|d| format!("#{} (normalised #{}): {}", d.raw, d.normalised, d.what))
        .collect();
    assert!(
        unexplained.is_empty(),
        "the normaliser changed the spec where no repair is reported:\n{}",
        unexplained.join("\n")
    );

    let idle: Vec<String> = repairs
        .iter()
        .filter(|r| {
            !differences.iter().any(|d| {
                reach(r)
                    .iter()
                    .any(|p| within(&d.raw, p) || within(&d.normalised, p))
            })
        })
        .map(|r| format!("{r}"))
        .collect();
    assert!(
        idle.is_empty(),
        "repairs reported without a change in the document:\n{}",
        idle.join("\n\n")
    );
    assert!(!repairs.is_empty(), "the vendored spec needs repairs");
}
