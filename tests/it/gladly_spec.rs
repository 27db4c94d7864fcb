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
