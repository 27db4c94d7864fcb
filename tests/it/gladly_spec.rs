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

/// Every named type a response or a webhook payload holds, directly or through fields
/// and variants: what a user reads back from the API.
fn types_read_back(api: &gladly_codegen::ir::Api) -> std::collections::BTreeSet<String> {
    use gladly_codegen::ir::{ResponseBody, TypeKind, TypeRef};
    fn named(ty: &TypeRef, out: &mut Vec<String>) {
        match ty {
            TypeRef::Named(name) => out.push(name.clone()),
            TypeRef::Array(inner) | TypeRef::Map(inner) => named(inner, out),
            _ => {}
        }
    }
    let by_name: std::collections::BTreeMap<&str, &TypeKind> = api
        .types
        .iter()
        .map(|t| (t.name.as_str(), &t.kind))
        .collect();
    let mut queue = Vec::new();
    for op in &api.operations {
        if let ResponseBody::Json(ty) | ResponseBody::JsonLines(ty) = &op.response {
            named(ty, &mut queue);
        }
    }
    for hook in &api.webhooks {
        named(&hook.payload, &mut queue);
    }
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = queue.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        match by_name.get(name.as_str()) {
            Some(TypeKind::Struct { fields }) => {
                fields.iter().for_each(|f| named(&f.ty, &mut queue))
            }
            Some(TypeKind::Tagged { variants, .. }) => {
                variants.iter().for_each(|v| named(&v.ty, &mut queue))
            }
            Some(TypeKind::Untagged { variants }) => {
                variants.iter().for_each(|v| named(&v.ty, &mut queue))
            }
            _ => {}
        }
    }
    seen
}

/// A type the API sends back is named for what it is, not after the request that first
/// wrote its schema (`UpdateWebhookRequest`) or a part of an `allOf` (`...Part0...`). A
/// name the spec gives itself (a title with "Request" in it) is the spec's choice.
#[test]
fn no_response_type_is_named_after_a_request_or_a_part() {
    let spec = support::gladly_spec();
    let doc: Value = serde_yaml::from_str(&spec).expect("spec parses as YAML");
    let mut titles = Vec::new();
    collect_titles(&doc, &mut titles);
    // "Request" is the domain's word where a title uses it (`Payment Request`,
    // `Quick Reply Request`): the word before it and "Request", from every title.
    let request_terms: std::collections::BTreeSet<String> = titles
        .iter()
        .flat_map(|title| {
            let words = pascal_words(title);
            (1..words.len())
                .filter(|i| words[*i] == "Request")
                .map(|i| format!("{}Request", words[i - 1]))
                .collect::<Vec<_>>()
        })
        .collect();
    let output = support::generate_gladly(&spec);
    let read_back = types_read_back(&output.api);
    let offenders: Vec<&String> = read_back
        .iter()
        .filter(|name| {
            let part = name
                .split("Part")
                .skip(1)
                .any(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
            let words = pascal_words(name);
            let request = words.iter().enumerate().any(|(i, word)| {
                *word == "Request"
                    && !(i > 0 && request_terms.contains(&format!("{}Request", words[i - 1])))
            });
            part || request
        })
        .collect();
    support::say(&format!(
        "{} types are read back from responses and webhooks",
        read_back.len()
    ));
    assert!(read_back.len() > 50, "the walk found too few types");
    assert!(
        offenders.is_empty(),
        "named after a request or a part: {offenders:?}"
    );
}

/// `PaymentRequestContent` -> `Payment`, `Request`, `Content`.
fn pascal_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (index, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&name[start..index]);
            start = index;
        }
    }
    words.push(&name[start..]);
    words
}

/// Every `title` in the spec, written as a type name would be (`Quick Reply Request` ->
/// `QuickReplyRequest`).
fn collect_titles(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(title)) = map.get("title") {
                out.push(
                    title
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .map(|w| {
                            let mut chars = w.chars();
                            chars.next().map_or_else(String::new, |first| {
                                first.to_ascii_uppercase().to_string() + chars.as_str()
                            })
                        })
                        .collect(),
                );
            }
            map.values().for_each(|v| collect_titles(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_titles(v, out)),
        _ => {}
    }
}

/// Types of the same shape are one type, unless `spec/codegen.toml` lists all but one of
/// them under `distinct-types` with a reason. The classes are found here on the IR,
/// apart from the generator's own pass: same enum values; same fields (wire name,
/// requiredness, nullability, type) or variants, where the types referred to are in the
/// same class in turn.
#[test]
fn no_two_types_are_structurally_identical_unless_the_settings_say_why() {
    use gladly_codegen::ir::{TypeKind, TypeRef};
    use std::collections::{BTreeMap, BTreeSet};
    let output = support::generate_gladly(&support::gladly_spec());
    let types = &output.api.types;
    let index: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut class = vec![0usize; types.len()];
    let mut count = 0;
    loop {
        let of = |ty: &TypeRef| {
            ty.clone().map_names(&|name: String| {
                index.get(name.as_str()).map_or(usize::MAX, |i| class[*i])
            })
        };
        let signatures: Vec<String> = types
            .iter()
            .map(|t| match &t.kind {
                TypeKind::Enum { values } => {
                    let wires: BTreeSet<&str> = values.iter().map(|v| v.wire.as_str()).collect();
                    format!("enum {wires:?}")
                }
                TypeKind::Struct { fields } => {
                    let fields: BTreeSet<String> = fields
                        .iter()
                        .map(|f| {
                            format!("{} {} {} {:?}", f.wire, f.required, f.nullable, of(&f.ty))
                        })
                        .collect();
                    format!("struct {fields:?}")
                }
                TypeKind::Tagged { tag, variants } => {
                    let variants: Vec<String> = variants
                        .iter()
                        .map(|v| format!("{} {:?}", v.tag_value, of(&v.ty)))
                        .collect();
                    format!("tagged {tag} {variants:?}")
                }
                TypeKind::Untagged { variants } => {
                    let variants: Vec<String> = variants
                        .iter()
                        .map(|v| format!("{:?}", of(&v.ty)))
                        .collect();
                    format!("untagged {variants:?}")
                }
            })
            .collect();
        let mut ids: BTreeMap<&String, usize> = BTreeMap::new();
        for s in &signatures {
            let next = ids.len();
            ids.entry(s).or_insert(next);
        }
        class = signatures.iter().map(|s| ids[s]).collect();
        if ids.len() == count {
            break;
        }
        count = ids.len();
    }
    let mut sets: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (i, t) in types.iter().enumerate() {
        sets.entry(class[i]).or_default().push(&t.name);
    }
    let settings = support::gladly_settings();
    let identical: Vec<&Vec<&str>> = sets.values().filter(|s| s.len() > 1).collect();
    let unexplained: Vec<&&Vec<&str>> = identical
        .iter()
        .filter(|set| {
            let listed = set
                .iter()
                .filter(|n| settings.distinct_types.contains_key(**n))
                .count();
            listed + 1 < set.len()
        })
        .collect();
    let stale: Vec<&String> = settings
        .distinct_types
        .keys()
        .filter(|name| !identical.iter().any(|set| set.contains(&name.as_str())))
        .collect();
    support::say(&format!(
        "{} types; {} sets of identical types, {} types kept apart by the settings",
        types.len(),
        identical.len(),
        settings.distinct_types.len()
    ));
    assert!(
        unexplained.is_empty(),
        "identical, and not explained: {unexplained:?}"
    );
    assert!(
        stale.is_empty(),
        "listed under distinct-types but identical to nothing: {stale:?}"
    );
}
