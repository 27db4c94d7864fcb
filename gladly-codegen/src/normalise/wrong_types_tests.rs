//! One test per repair of [`super`]: the value as read, and the warning.

use serde_json::{json, Value};

use super::repair_wrong_types;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// Repairs `schema` as `#/components/schemas/S`.
pub(in crate::normalise) fn repaired(schema: Value) -> (Value, Vec<Diagnostic>) {
    let mut doc = json!({"components": {"schemas": {"S": schema}}});
    let mut diags = Diagnostics::default();
    repair_wrong_types(&mut doc, &mut diags);
    (doc["components"]["schemas"]["S"].take(), diags.into_vec())
}

fn codes(diags: &[Diagnostic]) -> Vec<(&str, &str)> {
    diags.iter().map(|d| (d.code, d.pointer.as_str())).collect()
}

#[test]
fn flags_written_as_text_are_booleans() {
    let (schema, diags) = repaired(json!({
        "type": "string", "nullable": "true", "readOnly": "False", "deprecated": 1,
        "writeOnly": ["x"]
    }));
    assert_eq!(
        schema,
        json!({"type": "string", "nullable": true, "readOnly": false, "deprecated": true})
    );
    assert_eq!(diags.len(), 4);
    assert!(diags.iter().all(|d| d.code == "wrong-type"));
    assert_eq!(diags[0].pointer, "/components/schemas/S/nullable");
    let write_only = &diags[2];
    assert_eq!(write_only.pointer, "/components/schemas/S/writeOnly");
    assert!(
        write_only.message.ends_with("removed"),
        "{}",
        write_only.message
    );
}

#[test]
fn numbers_written_as_text_are_numbers() {
    let (schema, diags) = repaired(json!({
        "type": "integer", "minimum": "1", "maximum": " 2.5 ", "multipleOf": "x",
        "maxLength": "10", "minItems": 2.0, "maxItems": -1
    }));
    assert_eq!(
        schema,
        json!({"type": "integer", "minimum": 1, "maximum": 2.5, "maxLength": 10, "minItems": 2})
    );
    assert_eq!(diags.len(), 6);
}

#[test]
fn a_numeric_exclusive_bound_is_a_bound() {
    let (schema, diags) = repaired(json!({"type": "number", "exclusiveMinimum": 0}));
    assert_eq!(
        schema,
        json!({"type": "number", "exclusiveMinimum": true, "minimum": 0})
    );
    assert_eq!(
        codes(&diags),
        [("wrong-type", "/components/schemas/S/exclusiveMinimum")]
    );
}

#[test]
fn texts_given_as_numbers_are_text() {
    let (schema, diags) = repaired(json!({"type": "string", "pattern": 0, "title": ["a"]}));
    assert_eq!(schema, json!({"type": "string", "pattern": "0"}));
    assert_eq!(diags.len(), 2);
}

#[test]
fn required_as_one_name_is_a_list() {
    let (schema, diags) = repaired(json!({"required": "id", "properties": {"id": {}}}));
    assert_eq!(schema["required"], json!(["id"]));
    assert_eq!(
        codes(&diags),
        [("wrong-type", "/components/schemas/S/required")]
    );
    let (schema, _) = repaired(json!({"required": ["id", 3, null]}));
    assert_eq!(schema["required"], json!(["id"]));
}

#[test]
fn required_flags_on_properties_go_to_the_parent() {
    let (schema, diags) = repaired(json!({
        "type": "object",
        "required": ["a"],
        "properties": {
            "a": {"type": "string", "required": true},
            "b": {"$ref": "#/components/schemas/B", "required": "true"},
            "c": {"type": "string", "required": false}
        }
    }));
    assert_eq!(schema["required"], json!(["a", "b"]));
    assert_eq!(schema["properties"]["a"], json!({"type": "string"}));
    assert_eq!(
        schema["properties"]["b"],
        json!({"$ref": "#/components/schemas/B"})
    );
    assert_eq!(schema["properties"]["c"], json!({"type": "string"}));
    assert_eq!(
        codes(&diags),
        [
            (
                "property-required-flag",
                "/components/schemas/S/properties/a/required"
            ),
            (
                "property-required-flag",
                "/components/schemas/S/properties/b/required"
            ),
            (
                "property-required-flag",
                "/components/schemas/S/properties/c/required"
            ),
        ]
    );
    // Without a list of its own, the parent gets one.
    let (schema, _) = repaired(json!({"properties": {"x": {"required": true}}}));
    assert_eq!(schema["required"], json!(["x"]));
}

#[test]
fn a_required_flag_outside_properties_is_removed() {
    let (schema, diags) = repaired(json!({"type": "string", "required": true}));
    assert_eq!(schema, json!({"type": "string"}));
    assert!(
        diags[0].message.contains("Swagger 2 style"),
        "{}",
        diags[0].message
    );
}

#[test]
fn a_discriminator_named_by_a_string_is_an_object() {
    let (schema, diags) = repaired(json!({"discriminator": "kind"}));
    assert_eq!(schema, json!({"discriminator": {"propertyName": "kind"}}));
    assert_eq!(diags.len(), 1);
}

#[test]
fn schemas_in_the_wrong_shape() {
    let (schema, diags) = repaired(json!({
        "type": "array", "items": [{"type": "string"}],
        "properties": "none", "oneOf": {"type": "string"}, "additionalProperties": "false"
    }));
    assert_eq!(
        schema,
        json!({"type": "array", "items": {"type": "string"}, "oneOf": [{"type": "string"}], "additionalProperties": false})
    );
    assert_eq!(diags.len(), 4);
    let (schema, _) = repaired(json!({"type": "array", "items": [{}, {}]}));
    assert_eq!(schema, json!({"type": "array"}));
}

#[test]
fn nested_schemas_are_repaired_too() {
    let (schema, diags) = repaired(json!({
        "properties": {"a": {"items": {"nullable": "true"}}},
        "allOf": [{"minimum": "3"}]
    }));
    assert_eq!(schema["properties"]["a"]["items"]["nullable"], json!(true));
    assert_eq!(schema["allOf"][0]["minimum"], json!(3));
    assert_eq!(
        codes(&diags),
        [
            (
                "wrong-type",
                "/components/schemas/S/properties/a/items/nullable"
            ),
            ("wrong-type", "/components/schemas/S/allOf/0/minimum"),
        ]
    );
}

#[test]
fn flags_of_parameters_request_bodies_and_operations() {
    let mut doc = json!({"paths": {"/a": {"post": {
        "deprecated": "false",
        "parameters": [{"name": "q", "in": "query", "required": "true", "explode": "no"}],
        "requestBody": {"required": "TRUE", "content": {}},
        "responses": {"200": {"description": "ok", "headers": {"H": {"required": 0}}}}
    }}}});
    let mut diags = Diagnostics::default();
    repair_wrong_types(&mut doc, &mut diags);
    let op = &doc["paths"]["/a"]["post"];
    assert_eq!(op["deprecated"], json!(false));
    assert_eq!(op["parameters"][0]["required"], json!(true));
    assert!(op["parameters"][0].get("explode").is_none());
    assert_eq!(op["requestBody"]["required"], json!(true));
    assert_eq!(
        op["responses"]["200"]["headers"]["H"]["required"],
        json!(false)
    );
    assert_eq!(diags.into_vec().len(), 5);
}

#[test]
fn well_typed_documents_are_left_alone() {
    let schema = json!({
        "type": "object", "required": ["a"], "nullable": true, "minimum": 1,
        "properties": {"a": {"type": "string", "enum": ["x", null], "maxLength": 3}},
        "discriminator": {"propertyName": "a"}, "additionalProperties": {"type": "string"}
    });
    let (repaired_schema, diags) = repaired(schema.clone());
    assert_eq!(repaired_schema, schema);
    assert!(diags.is_empty(), "{diags:?}");
}
