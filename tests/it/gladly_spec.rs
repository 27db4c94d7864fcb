//! The generator on the real Gladly spec: operation count read from the spec itself,
//! the inventory and warnings as snapshots, and determinism.

use crate::support;

use serde_json::Value;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// (client operations, webhook operations) counted straight from the YAML: an operation
/// under a path the settings list in `webhook-paths` is a webhook description.
fn count_operations(spec: &str, webhook_paths: &[String]) -> (Vec<(String, String)>, usize) {
    let doc: Value = serde_yaml::from_str(spec).expect("spec parses as YAML");
    let mut client = Vec::new();
    let mut webhooks = 0;
    for (path, item) in doc["paths"].as_object().expect("paths is a map") {
        for method in METHODS {
            if item.get(method).is_some() {
                if webhook_paths.contains(path) {
                    webhooks += 1;
                } else {
                    client.push((method.to_uppercase(), path.clone()));
                }
            }
        }
    }
    (client, webhooks)
}

#[test]
fn every_operation_is_accounted_for() {
    let spec = support::gladly_spec();
    let (client, webhooks) = count_operations(&spec, &support::gladly_settings().webhook_paths);
    let output = support::generate_gladly(&spec);
    assert_eq!(
        output.api.operations.len(),
        client.len(),
        "one client method per operation"
    );
    assert_eq!(
        output.api.webhooks.len(),
        webhooks,
        "one payload type per webhook"
    );
    // The vendored file's README measures 81 operations, one of them the webhook.
    assert_eq!((client.len(), webhooks), (80, 1));
    for (method, raw_path) in &client {
        // Normalisation strips embedded query strings and turns `:name` into `{name}`.
        let path: String = raw_path
            .split('?')
            .next()
            .unwrap_or_default()
            .split('/')
            .map(|s| {
                s.strip_prefix(':')
                    .map(|n| format!("{{{n}}}"))
                    .unwrap_or_else(|| s.to_owned())
            })
            .collect::<Vec<_>>()
            .join("/");
        assert!(
            output
                .api
                .operations
                .iter()
                .any(|op| op.http_method == *method && op.path == path),
            "no client method for {method} {raw_path}"
        );
    }
    let names: std::collections::BTreeSet<_> = output
        .api
        .operations
        .iter()
        .map(|o| &o.method_name)
        .collect();
    assert_eq!(names.len(), client.len(), "method names are distinct");
}

#[test]
fn inventory_snapshot() {
    let output = support::generate_gladly(&support::gladly_spec());
    insta::assert_snapshot!(
        "gladly_inventory",
        gladly_codegen::inventory::inventory(&output.api)
    );
}

#[test]
fn warnings_snapshot() {
    let output = support::generate_gladly(&support::gladly_spec());
    let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("gladly_warnings", warnings.join("\n\n"));
}

#[test]
fn output_is_deterministic() {
    let spec = support::gladly_spec();
    let first = support::generate_gladly(&spec).files;
    let second = support::generate_gladly(&spec).files;
    assert_eq!(first, second);
}

#[test]
fn every_documented_defect_is_repaired_with_a_located_warning() {
    let output = support::generate_gladly(&support::gladly_spec());
    let codes: Vec<&str> = output.warnings.iter().map(|w| w.code).collect();
    for (code, at_least) in [
        ("missing-description", 1),
        ("path-key-repaired", 4),
        ("swagger2-header", 1),
        ("null-examples", 1),
        ("misplaced-example", 1),
        ("duplicate-security-scheme", 1),
        ("server-prefix-doubled", 2),
        ("missing-operation-id", 4),
    ] {
        let found = codes.iter().filter(|c| **c == code).count();
        assert!(
            found >= at_least,
            "expected {at_least} `{code}` warnings, found {found}"
        );
    }
    assert!(
        output.warnings.iter().all(|w| w.pointer.starts_with('/')),
        "every warning is located"
    );
}

/// The generated code itself: a struct deriving `Default` may have only optional
/// fields, so `..Default::default()` can never send an empty value the server requires;
/// every other struct has a constructor taking its required fields.
#[test]
fn no_struct_with_a_required_field_derives_default() {
    let path = support::root().join("gladly-generated/src/generated/types.rs");
    let text = std::fs::read_to_string(path).expect("types.rs is readable");
    let lines: Vec<&str> = text.lines().collect();
    let (mut with_default, mut with_constructor, mut offenders) = (0, 0, Vec::new());
    for (index, line) in lines.iter().enumerate() {
        let Some(name) = line
            .strip_prefix("pub struct ")
            .and_then(|rest| rest.strip_suffix(" {"))
        else {
            continue;
        };
        let derives_default = index > 0 && lines[index - 1].contains(" Default,");
        let body = lines[index + 1..].iter().take_while(|l| **l != "}");
        let required: Vec<&str> = body
            .filter_map(|l| l.trim().strip_prefix("pub "))
            .filter(|field| !field.starts_with("additional_properties:"))
            .filter(|field| {
                let ty = field.split_once(": ").map_or("", |(_, ty)| ty);
                !ty.starts_with("Option<")
            })
            .collect();
        let constructor = text.contains(&format!(
            "impl {name} {{\n    /// A `{name}` with its required fields"
        ));
        if derives_default {
            with_default += 1;
            if !required.is_empty() {
                offenders.push(format!("{name} derives Default but requires {required:?}"));
            }
        } else if constructor {
            with_constructor += 1;
        }
        if !required.is_empty() && !constructor {
            offenders.push(format!(
                "{name} requires {required:?} but has no constructor"
            ));
        }
    }
    support::say(&format!(
        "{with_default} structs derive Default (every field optional), {with_constructor} have a constructor of their required fields"
    ));
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
    assert!(
        with_default > 10 && with_constructor > 10,
        "the scan found too few structs"
    );
}
