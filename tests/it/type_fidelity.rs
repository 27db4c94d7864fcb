//! What a client newer or older than the server must survive: unknown tags, unknown enum
//! values and undeclared fields are kept, and every tagged union sends each of the
//! spec's examples to the variant it describes.

use crate::support;

use gladly_codegen::ir::{TypeKind, TypeRef};
use gladly_generated::types::{EventResponseSchemas, ItemContent, WebhookEvent};
use serde_json::{json, Map, Value};

#[test]
fn an_unknown_event_type_is_kept_whole() {
    let raw = json!({"type": "SPACESHIP/LANDED", "id": "e1", "content": {"pad": 39}});
    let event: WebhookEvent = serde_json::from_value(raw.clone()).expect("unknown kinds decode");
    match &event {
        WebhookEvent::Unknown(kept) => assert_eq!(kept, &raw),
        other => panic!("expected Unknown, got {other:?}"),
    }
    assert_eq!(event.tag(), "SPACESHIP/LANDED");
    assert_eq!(serde_json::to_value(&event).expect("encodes"), raw);
}

#[test]
fn an_unknown_enum_value_is_kept_and_written_back() {
    // The spec's own task, with a status this crate has never heard of.
    let spec = support::gladly_spec();
    let normalised = gladly_codegen::normalise_spec(&spec).expect("normalises");
    let doc = &normalised.tree;
    let schema = doc
        .pointer(
            "/paths/~1api~1v1~1tasks~1{taskId}/get/responses/200/content/application~1json/schema",
        )
        .expect("the task schema");
    let mut raw = example_of(doc, schema, 0).expect("the spec has examples for a task");
    raw["status"] = json!("SNOOZED");
    let task: gladly_generated::types::Task = serde_json::from_value(raw.clone()).expect("decodes");
    let status = task.status.as_ref().expect("status present");
    assert!(
        matches!(status, gladly_generated::types::TaskStatus::Unknown(v) if v == "SNOOZED"),
        "{status:?}"
    );
    assert_eq!(status.as_str(), "SNOOZED");
    assert_eq!(serde_json::to_value(&task).expect("encodes"), raw);
}

#[test]
fn undeclared_fields_are_kept() {
    let raw = json!({"id": "t1", "name": "Returns", "disabled": false, "colour": "teal", "nested": {"a": [1, 2]}});
    let topic: gladly_generated::types::Topic =
        serde_json::from_value(raw.clone()).expect("decodes");
    assert_eq!(
        topic.additional_properties.get("colour"),
        Some(&json!("teal"))
    );
    assert_eq!(
        topic.additional_properties.get("nested"),
        Some(&json!({"a": [1, 2]}))
    );
    assert_eq!(serde_json::to_value(&topic).expect("encodes"), raw);
}

#[test]
fn a_known_tag_decodes_as_its_variant_or_fails() {
    let ping: WebhookEvent =
        serde_json::from_value(json!({"type": "PING", "id": "p"})).expect("decodes");
    assert!(matches!(ping, WebhookEvent::Ping(_)), "{ping:?}");
    // A known tag with a payload that does not fit is an error, never a silent Unknown.
    let broken = serde_json::from_value::<ItemContent>(json!({"type": "SMS"}));
    assert!(broken.is_err(), "{broken:?}");
    let broken =
        serde_json::from_value::<EventResponseSchemas>(json!({"type": "AGENT_STATUS/LOGGED_IN"}));
    assert!(broken.is_err(), "{broken:?}");
}

fn resolve<'a>(doc: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let pointer = reference
                    .trim_start_matches('#')
                    .replace("%7B", "{")
                    .replace("%7D", "}");
                match doc.pointer(&pointer) {
                    Some(target) => node = target,
                    None => return node,
                }
            }
            None => return node,
        }
    }
    node
}

/// The spec's example of a schema: its own `example`, else an object assembled from the
/// examples of its properties (every required one must have one).
fn example_of(doc: &Value, schema: &Value, depth: usize) -> Option<Value> {
    let schema = resolve(doc, schema);
    if let Some(example) = schema.get("example") {
        return Some(example.clone());
    }
    if let Some(first) = schema.pointer("/enum/0") {
        return Some(first.clone());
    }
    if depth > 6 {
        return None;
    }
    if let Some(first) = schema.pointer("/oneOf/0") {
        return example_of(doc, first, depth + 1);
    }
    let properties = schema.get("properties").and_then(Value::as_object)?;
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut object = Map::new();
    for (name, property) in properties {
        match example_of(doc, property, depth + 1) {
            Some(value) => {
                object.insert(name.clone(), value);
            }
            None if required.contains(&name.as_str()) => return None,
            None => {}
        }
    }
    Some(Value::Object(object))
}

#[test]
fn every_tagged_union_sends_a_later_variants_example_to_that_variant() {
    let spec = support::gladly_spec();
    let normalised = gladly_codegen::normalise_spec(&spec).expect("normalises");
    let doc = &normalised.tree;
    let output = support::generate_gladly(&spec);
    let mut checked = Vec::new();
    for def in &output.api.types {
        let TypeKind::Tagged { variants, .. } = &def.kind else {
            continue;
        };
        let owner = doc.pointer(&def.origin).expect("origin exists");
        let owner = resolve(doc, owner);
        let choices = owner
            .get("oneOf")
            .or_else(|| owner.get("anyOf"))
            .and_then(Value::as_array)
            .expect("a union");
        // The first variant is what a naive first-match would pick; prove a later one.
        let later = variants
            .iter()
            .zip(choices)
            .skip(1)
            .find_map(|(variant, schema)| {
                let example = example_of(doc, schema, 0)?;
                let tagged =
                    example.get("type").and_then(Value::as_str) == Some(variant.tag_value.as_str());
                tagged.then_some((variant, example))
            });
        let (variant, example) =
            later.unwrap_or_else(|| panic!("{}: no later variant has an example", def.name));
        let shown = gladly_generated::registry::decode_debug(&def.name, example.clone())
            .expect("registered")
            .unwrap_or_else(|e| {
                panic!(
                    "{}::{} example does not decode: {e}\n{example}",
                    def.name, variant.name
                )
            });
        assert!(
            shown.starts_with(&format!("{}(", variant.name)),
            "{}: the example of {} decoded as {shown}",
            def.name,
            variant.name
        );
        checked.push(format!("{}::{}", def.name, variant.name));
        assert!(matches!(
            variant.ty,
            TypeRef::Named(_) | TypeRef::JsonObject
        ));
    }
    support::say(&format!("tagged unions checked: {}", checked.join(", ")));
    assert!(
        checked.len() >= 6,
        "expected the six tagged unions of the spec, checked {checked:?}"
    );
}

#[test]
fn every_webhook_event_kind_parses_from_a_request_body() {
    let spec = support::gladly_spec();
    let normalised = gladly_codegen::normalise_spec(&spec).expect("normalises");
    let doc = &normalised.tree;
    let kinds = doc
        .pointer("/paths/~1gladly~1webhook/post/requestBody/content/application~1json/schema/oneOf")
        .and_then(Value::as_array)
        .expect("the webhook payload is a oneOf");
    let mut parsed = 0;
    let mut skipped = Vec::new();
    for kind in kinds {
        let title = kind.get("title").and_then(Value::as_str).unwrap_or("?");
        let Some(example) = example_of(doc, kind, 0) else {
            skipped.push(title);
            continue;
        };
        let Some(tag) = example
            .get("type")
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            continue;
        };
        let body = serde_json::to_vec(&example).expect("encodes");
        let event = gladly_generated::webhook::parse_webhook_event(&body)
            .unwrap_or_else(|e| panic!("{tag}: {e}\n{example}"));
        assert!(
            !matches!(event, WebhookEvent::Unknown(_)),
            "{tag} is a known kind"
        );
        assert_eq!(event.tag(), tag);
        parsed += 1;
    }
    support::say(&format!("{parsed} of {} webhook event kinds parsed from the spec's examples; no example: {skipped:?}", kinds.len()));
    // PING declares no properties, and the payment events' `context` fields have no
    // examples in the spec, so no example can be assembled for those four.
    assert_eq!(parsed + skipped.len(), kinds.len());
    assert!(skipped.len() <= 4, "{skipped:?}");
    let output = support::generate_gladly(&spec);
    let variants = output
        .api
        .types
        .iter()
        .find_map(|t| match &t.kind {
            TypeKind::Tagged { variants, .. } if t.name == "WebhookEvent" => Some(variants.len()),
            _ => None,
        })
        .expect("WebhookEvent is a tagged union");
    assert_eq!(variants, kinds.len(), "one variant per webhook event kind");
}
