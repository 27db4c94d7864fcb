use serde_json::{json, Value};

use super::downgrade;
use crate::diagnostic::Diagnostics;

fn run(doc: Value) -> (Value, Diagnostics) {
    let mut doc = doc;
    let mut diags = Diagnostics::default();
    downgrade(&mut doc, &mut diags);
    (doc, diags)
}

fn schema(s: Value) -> (Value, Vec<(&'static str, String)>) {
    let (doc, diags) = run(json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"S": s}}
    }));
    let codes = diags
        .items()
        .iter()
        .filter(|d| d.code != "openapi-31")
        .map(|d| (d.code, d.pointer.clone()))
        .collect();
    (
        doc.pointer("/components/schemas/S").cloned().unwrap(),
        codes,
    )
}

#[test]
fn nullable_type_lists() {
    let (s, codes) = schema(json!({"type": ["string", "null"], "enum": ["a", null]}));
    assert_eq!(
        s,
        json!({"enum": ["a"], "nullable": true, "type": "string"})
    );
    assert_eq!(
        codes,
        [("type-null", "/components/schemas/S/type".to_owned())]
    );
    let (s, _) = schema(json!({"type": "null"}));
    assert_eq!(s, json!({"nullable": true}));
    let (s, _) = schema(json!({"type": ["integer", "number"]}));
    assert_eq!(s, json!({"type": "number"}));
}

#[test]
fn several_types_become_a_one_of_with_their_keywords() {
    let (s, codes) = schema(json!({
        "type": ["string", "integer", "array", "null"],
        "description": "d",
        "minLength": 1,
        "minimum": 0,
        "items": {"type": "string"},
        "format": "int64",
        "enum": ["a", 1, null]
    }));
    assert_eq!(
        s,
        json!({
            "description": "d",
            "nullable": true,
            "oneOf": [
                {"type": "string", "minLength": 1, "enum": ["a"]},
                {"type": "integer", "minimum": 0, "format": "int64", "enum": [1]},
                {"type": "array", "items": {"type": "string"}}
            ]
        })
    );
    let codes: Vec<_> = codes.iter().map(|(c, _)| *c).collect();
    assert_eq!(codes, ["type-list", "type-null"]);
}

#[test]
fn null_members_of_unions() {
    let (s, codes) =
        schema(json!({"oneOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]}));
    assert_eq!(
        s,
        json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
    );
    assert_eq!(codes[0].0, "null-variant");
    let (s, _) =
        schema(json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"const": null}]}));
    assert_eq!(
        s,
        json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
    );
}

#[test]
fn const_examples_bounds_and_content() {
    let (s, _) = schema(json!({
        "type": "object",
        "properties": {
            "kind": {"const": "dog"},
            "age": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 5},
            "photo": {"type": "string", "contentMediaType": "image/png"},
            "blob": {"type": "string", "contentEncoding": "base64"},
            "note": {"type": "string", "contentMediaType": "text/plain"},
            "tags": {"type": "array", "examples": [["a"], ["b"]]}
        }
    }));
    let p = |name: &str| s.pointer(&format!("/properties/{name}")).cloned().unwrap();
    assert_eq!(p("kind"), json!({"enum": ["dog"]}));
    assert_eq!(
        p("age"),
        json!({"type": "integer", "exclusiveMinimum": true, "minimum": 0, "maximum": 5})
    );
    assert_eq!(p("photo"), json!({"type": "string", "format": "binary"}));
    assert_eq!(p("blob"), json!({"type": "string", "format": "byte"}));
    assert_eq!(p("note"), json!({"type": "string"}));
    assert_eq!(p("tags"), json!({"type": "array", "example": ["a"]}));
}

#[test]
fn refs_with_siblings() {
    let (s, codes) = schema(json!({"properties": {
        "a": {"$ref": "#/components/schemas/T", "description": "only docs"},
        "b": {"$ref": "#/components/schemas/T", "type": ["object", "null"], "readOnly": true}
    }}));
    assert_eq!(
        s.pointer("/properties/a"),
        Some(&json!({"$ref": "#/components/schemas/T", "description": "only docs"}))
    );
    assert_eq!(
        s.pointer("/properties/b"),
        Some(
            &json!({"readOnly": true, "type": "object", "nullable": true,
                     "allOf": [{"$ref": "#/components/schemas/T"}]})
        )
    );
    assert!(codes
        .iter()
        .any(|(c, p)| *c == "ref-siblings" && p.ends_with("/b")));
}

#[test]
fn boolean_schemas_and_keywords() {
    let (s, codes) = schema(json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.com/s",
        "properties": {"any": true, "never": false},
        "additionalProperties": false
    }));
    assert_eq!(
        s,
        json!({"properties": {"any": {}, "never": {"not": {}}}, "additionalProperties": false})
    );
    let codes: Vec<_> = codes.iter().map(|(c, _)| *c).collect();
    assert_eq!(codes, ["json-schema-keyword", "boolean-schema"]);
}

#[test]
fn each_kind_is_one_warning_with_a_count() {
    let (_, diags) = run(json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "components": {"schemas": {
            "A": {"type": ["string", "null"]},
            "B": {"type": ["integer", "null"]},
            "C": {"type": ["boolean", "null"]}
        }}
    }));
    let null = diags
        .items()
        .iter()
        .find(|d| d.code == "type-null")
        .unwrap();
    assert_eq!(null.pointer, "/components/schemas/A/type");
    assert!(null.message.contains("3 places"), "{}", null.message);
    assert_eq!(
        diags
            .items()
            .iter()
            .filter(|d| d.code == "type-null")
            .count(),
        1
    );
}

#[test]
fn document_level_fields() {
    let (doc, diags) = run(json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {"title": "t", "version": "1", "summary": "short",
                 "license": {"name": "MIT", "identifier": "MIT"}},
        "webhooks": {"ping": {"$ref": "#/components/pathItems/Ping"}},
        "components": {
            "pathItems": {"Ping": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"type": ["object", "null"]}
            }}}, "responses": {"200": {"description": "ok"}}}}},
            "securitySchemes": {"mtls": {"type": "mutualTLS"}, "key": {"type": "apiKey", "in": "header", "name": "k"}}
        }
    }));
    assert_eq!(doc["openapi"], json!("3.0.3"));
    assert_eq!(doc["paths"], json!({}));
    assert!(doc.get("jsonSchemaDialect").is_none());
    assert_eq!(doc["info"]["description"], json!("short"));
    assert_eq!(
        doc["info"]["license"],
        json!({"name": "MIT", "url": "https://spdx.org/licenses/MIT.html"})
    );
    // Webhooks stay where they are, with their path items copied in and rewritten.
    assert_eq!(
        doc.pointer("/webhooks/ping/post/requestBody/content/application~1json/schema"),
        Some(&json!({"type": "object", "nullable": true}))
    );
    assert!(doc.pointer("/components/pathItems").is_none());
    assert!(doc.pointer("/components/x-pathItems/Ping").is_some());
    assert!(doc.pointer("/components/securitySchemes/mtls").is_none());
    let openapi: openapiv3::OpenAPI = serde_json::from_value(doc).expect("read as 3.0");
    assert_eq!(openapi.openapi, "3.0.3");
    let codes: Vec<_> = diags.items().iter().map(|d| d.code).collect();
    for code in [
        "openapi-31",
        "json-schema-keyword",
        "info-fields",
        "missing-paths",
        "mutual-tls",
        "path-item-component",
        "type-null",
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
}

#[test]
fn defs_move_to_components_and_refs_follow() {
    let (doc, _) = run(json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {
            "Pet": {
                "properties": {"tag": {"$ref": "#/components/schemas/Pet/$defs/Tag"}},
                "$defs": {"Tag": {"type": "string", "$defs": {"Pet": {"type": "integer"}}}}
            }
        }}
    }));
    let schemas = doc.pointer("/components/schemas").unwrap();
    assert_eq!(
        schemas.pointer("/Pet/properties/tag/$ref"),
        Some(&json!("#/components/schemas/Tag"))
    );
    assert_eq!(schemas.get("Tag"), Some(&json!({"type": "string"})));
    // The inner `Pet` clashes with the component `Pet`: it takes its owner's name too.
    assert_eq!(schemas.get("Tag_Pet"), Some(&json!({"type": "integer"})));
    assert!(schemas.pointer("/Pet/$defs").is_none());
}

#[test]
fn headers_named_like_keywords_are_not_schemas() {
    let (doc, _) = run(json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {
            "description": "ok",
            "headers": {"schema": {"schema": {"type": ["string", "null"]}},
                        "x-rate": {"schema": {"const": 1}}},
            "content": {"application/json": {"examples": {"one": {"value": {"type": ["a", "null"]}}}}}
        }}}}}
    }));
    let response = doc.pointer("/paths/~1a/get/responses/200").unwrap();
    assert_eq!(
        response.pointer("/headers/schema/schema"),
        Some(&json!({"type": "string", "nullable": true}))
    );
    assert_eq!(
        response.pointer("/headers/x-rate/schema"),
        Some(&json!({"enum": [1]}))
    );
    // Example values are data: untouched.
    assert_eq!(
        response.pointer("/content/application~1json/examples/one/value/type"),
        Some(&json!(["a", "null"]))
    );
}
