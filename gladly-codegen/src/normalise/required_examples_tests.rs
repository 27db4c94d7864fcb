//! The example walk: which variant an example fits, and what it makes optional.
use super::*;
use serde_json::json;

fn repaired(mut doc: Value) -> (Value, Vec<String>) {
    let mut diags = Diagnostics::default();
    repair_required_absent_from_examples(&mut doc, &mut diags);
    let warnings = diags
        .into_vec()
        .into_iter()
        .map(|d| format!("{} {}", d.pointer, d.message))
        .collect();
    (doc, warnings)
}

fn chat(message_type: &str, extra: &[&str]) -> Value {
    let mut required = vec!["type", "content", "messageType"];
    required.extend_from_slice(extra);
    json!({
        "type": "object",
        "required": required,
        "properties": {
            "type": {"type": "string", "enum": ["CHAT_MESSAGE"]},
            "messageType": {"type": "string", "enum": [message_type]},
            "content": {"type": "string"},
            "messageData": {"type": "object"}
        }
    })
}

#[test]
fn the_best_fitting_variant_loses_the_omitted_requirement() {
    let (doc, warnings) = repaired(json!({
        "paths": {"/items": {"get": {"responses": {"200": {"content": {"application/json": {
            "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
            "examples": {"Items": {"value": [
                {"content": {"type": "CHAT_MESSAGE", "content": "hi"}},
                {"content": {"type": "NOTE", "body": "x"}}
            ]}}
        }}}}}}},
        "components": {"schemas": {
            "Item": {"properties": {"content": {"oneOf": [
                {"oneOf": [chat("TEXT", &[]), chat("QUICK_REPLY", &["messageData"])]},
                {"type": "object", "required": ["type", "body"], "properties": {
                    "type": {"type": "string", "enum": ["NOTE"]}, "body": {"type": "string"}
                }}
            ]}}}
        }}
    }));
    let variants = "/components/schemas/Item/properties/content/oneOf";
    let text = doc
        .pointer(&format!("{variants}/0/oneOf/0/required"))
        .cloned();
    let quick = doc
        .pointer(&format!("{variants}/0/oneOf/1/required"))
        .cloned();
    assert_eq!(text, Some(json!(["type", "content"])));
    assert_eq!(
        quick,
        Some(json!(["type", "content", "messageType", "messageData"]))
    );
    let media = "/paths/~1items/get/responses/200/content/application~1json";
    assert_eq!(
        warnings,
        [format!(
            "{media}/examples/Items/value/0/content the schema at `{variants}/0/oneOf/0` \
             requires `messageType`, which this example omits; made optional"
        )]
    );
}

#[test]
fn examples_that_give_every_required_property_change_nothing() {
    let doc = json!({"components": {"schemas": {"A": {
        "type": "object",
        "required": ["a"],
        "properties": {"a": {"type": "integer"}},
        "example": {"a": "7"}
    }}}});
    let (repaired_doc, warnings) = repaired(doc.clone());
    assert_eq!(repaired_doc, doc);
    assert!(warnings.is_empty());
}

#[test]
fn a_shared_example_object_and_a_property_named_example() {
    let (doc, warnings) = repaired(json!({
        "paths": {"/a": {"post": {"requestBody": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/A"},
            "examples": {"one": {"$ref": "#/components/examples/One"}}
        }}}}}},
        "components": {
            "examples": {"One": {"value": {"example": "x"}}},
            "schemas": {"A": {
                "type": "object",
                "required": ["example", "b"],
                "properties": {"example": {"type": "string"}, "b": {"type": "string"}}
            }}
        }
    }));
    assert_eq!(
        doc.pointer("/components/schemas/A/required"),
        Some(&json!(["example"]))
    );
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].starts_with("/components/examples/One/value "),
        "{warnings:?}"
    );
}

#[test]
fn a_union_that_contains_itself_ends() {
    let (doc, warnings) = repaired(json!({"components": {"schemas": {"U": {
        "oneOf": [
            {"$ref": "#/components/schemas/U"},
            {"allOf": [{"$ref": "#/components/schemas/U"}]},
            {"type": "object", "required": ["a", "b"], "properties": {"a": {}, "b": {}}}
        ],
        "example": {"a": 1}
    }}}}));
    assert_eq!(
        doc.pointer("/components/schemas/U/oneOf/2/required"),
        Some(&json!(["a"]))
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
}

#[test]
fn a_recursive_schema_ends() {
    let (_, warnings) = repaired(json!({"components": {"schemas": {"Node": {
        "type": "object",
        "required": ["next"],
        "properties": {"next": {"$ref": "#/components/schemas/Node"}},
        "example": {"next": {"next": {"next": {}}}}
    }}}}));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
}
