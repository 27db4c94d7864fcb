//! Unions: tags found, variants named, envelopes for variants without properties.
use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::lower::test_support::{lower_doc, lower_with};
use crate::settings::Settings;
use serde_json::{json, Value};

fn types(schemas: Value) -> (Vec<TypeDef>, Vec<&'static str>) {
    let (api, diags) = lower_doc(&json!({"components": {"schemas": schemas}}));
    let codes = diags.items().iter().map(|d| d.code).collect();
    (api.types, codes)
}

fn types_with(schemas: Value, settings: &Settings) -> Vec<TypeDef> {
    lower_with(&json!({"components": {"schemas": schemas}}), settings)
        .0
        .types
}

/// Two variants that each fix both `id` and `type` to a value of their own.
fn twice_tagged() -> Value {
    json!({"Shape": {"oneOf": [
        {"type": "object", "properties": {
            "id": {"type": "string", "enum": ["one"]},
            "type": {"type": "string", "enum": ["CIRCLE"]}}},
        {"type": "object", "properties": {
            "id": {"type": "string", "enum": ["two"]},
            "type": {"type": "string", "enum": ["SQUARE"]}}}
    ]}})
}

#[test]
fn without_union_tags_the_first_variants_first_property_is_tried_first() {
    let (types, _) = types(twice_tagged());
    let (tag, variants) = tagged(&types, "Shape");
    assert_eq!(tag, "id");
    assert_eq!(variants[0].0, "One");
    // Untitled variant types are named by position.
    assert_eq!(variants[0].2, TypeRef::Named("ShapeVariant0".into()));
}

#[test]
fn union_tags_are_tried_first() {
    let settings = Settings {
        union_tags: vec!["missing".to_owned(), "type".to_owned()],
        ..Settings::default()
    };
    let types = types_with(twice_tagged(), &settings);
    let (tag, variants) = tagged(&types, "Shape");
    assert_eq!(tag, "type");
    assert_eq!(variants[1].0, "Square");
    assert_eq!(variants[1].2, TypeRef::Named("ShapeSquare".into()));
}

#[test]
fn a_title_is_a_tag_value_only_with_tag_from_title() {
    let schemas = json!({"Event": {"oneOf": [
        {"type": "object", "properties": {"kind": {"type": "string", "enum": ["GONE"]}}},
        {"title": "PING"}
    ]}});
    let (types, _) = types(schemas.clone());
    let event = types.iter().find(|t| t.name == "Event").unwrap();
    assert!(matches!(event.kind, TypeKind::Untagged { .. }));
    let settings = Settings {
        tag_from_title: true,
        ..Settings::default()
    };
    let types = types_with(schemas, &settings);
    let (tag, variants) = tagged(&types, "Event");
    assert_eq!(tag, "kind");
    assert_eq!(variants[1].1, "PING");
}

fn tagged(types: &[TypeDef], name: &str) -> (String, Vec<(String, String, TypeRef)>) {
    let def = types.iter().find(|t| t.name == name).unwrap();
    let TypeKind::Tagged { tag, variants } = &def.kind else {
        panic!("{name} is not tagged: {:?}", def.kind)
    };
    let variants = variants
        .iter()
        .map(|v| (v.name.clone(), v.tag_value.clone(), v.ty.clone()))
        .collect();
    (tag.clone(), variants)
}

#[test]
fn a_property_fixed_to_one_value_per_variant_is_the_tag() {
    let settings = Settings {
        tag_from_title: true,
        ..Settings::default()
    };
    let types = types_with(
        json!({
            "Event": {"oneOf": [
                {"title": "Created", "type": "object", "properties": {
                    "kind": {"type": "string", "enum": ["CREATED"]}, "id": {"type": "string"}}},
                {"type": "object", "properties": {"kind": {"type": "string", "enum": ["GONE"]}}},
                {"title": "PING"}
            ]}
        }),
        &settings,
    );
    let (tag, variants) = tagged(&types, "Event");
    assert_eq!(tag, "kind");
    assert_eq!(
        variants,
        [
            (
                "Created".into(),
                "CREATED".into(),
                TypeRef::Named("Created".into())
            ),
            // A variant with properties gets a struct, even with nothing but the
            // tag; so does one with no properties at all (its envelope, here
            // empty: `id` is not declared by every other variant).
            (
                "Gone".into(),
                "GONE".into(),
                TypeRef::Named("EventVariant1".into())
            ),
            ("Ping".into(), "PING".into(), TypeRef::Named("Ping".into())),
        ]
    );
    // The variant's struct leaves the tag out.
    let created = types.iter().find(|t| t.name == "Created").unwrap();
    let TypeKind::Struct { fields } = &created.kind else {
        panic!("a struct")
    };
    assert_eq!(fields.len(), 1);
}

#[test]
fn a_variant_without_properties_gets_the_properties_every_other_variant_declares() {
    let settings = Settings {
        tag_from_title: true,
        ..Settings::default()
    };
    let types = types_with(
        json!({
            "Event": {"oneOf": [
                {"title": "Created", "type": "object", "required": ["id", "at", "kind"],
                 "properties": {
                    "id": {"type": "string", "description": "The event's id."},
                    "kind": {"type": "string", "enum": ["CREATED"]},
                    "at": {"type": "integer", "format": "int64"},
                    "who": {"type": "string"},
                    "content": {"type": "object", "properties": {"a": {"type": "string"}}}}},
                {"title": "Gone", "type": "object", "properties": {
                    "at": {"type": "integer", "format": "int64", "description": "When."},
                    "content": {"type": "object", "properties": {"b": {"type": "string"}}},
                    "kind": {"type": "string", "enum": ["GONE"]},
                    "id": {"$ref": "#/components/schemas/Event/oneOf/0/properties/id"}}},
                {"title": "PING", "description": "Sent to test the endpoint."}
            ]}
        }),
        &settings,
    );
    let (_, variants) = tagged(&types, "Event");
    assert_eq!(variants[2].2, TypeRef::Named("Ping".into()));
    let ping = types.iter().find(|t| t.name == "Ping").unwrap();
    assert_eq!(ping.doc.as_deref(), Some("Sent to test the endpoint."));
    let TypeKind::Struct { fields } = &ping.kind else {
        panic!("a struct: {:?}", ping.kind)
    };
    // `who` is not declared by `Gone`, `content` differs between them, the tag is
    // left out; in the first variant's order, typed as it declares them (a `$ref`
    // or another description is the same schema), never required.
    let shown: Vec<(&str, &TypeRef, bool)> = fields
        .iter()
        .map(|f| (f.wire.as_str(), &f.ty, f.required))
        .collect();
    assert_eq!(
        shown,
        [
            ("id", &TypeRef::String, false),
            ("at", &TypeRef::I64, false)
        ]
    );
    assert_eq!(fields[0].doc.as_deref(), Some("The event's id."));
}

#[test]
fn a_discriminator_maps_values_to_refs() {
    let (types, codes) = types(json!({
        "Pet": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "petType", "mapping": {"kitty": "Cat"}}
        },
        "Twins": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Cat"}],
            "discriminator": {"propertyName": "petType"}
        },
        "Cat": {"type": "object", "properties": {"petType": {"type": "string"}, "purrs": {"type": "boolean"}}},
        "Dog": {"type": "object", "properties": {"petType": {"type": "string"}}}
    }));
    let (tag, variants) = tagged(&types, "Pet");
    assert_eq!(tag, "petType");
    let values: Vec<&str> = variants.iter().map(|v| v.1.as_str()).collect();
    assert_eq!(values, ["kitty", "Dog"]);
    assert_eq!(codes, ["ambiguous-discriminator"]);
    let twins = types.iter().find(|t| t.name == "Twins").unwrap();
    assert!(matches!(twins.kind, TypeKind::Untagged { .. }));
}

#[test]
fn untagged_variants_are_deduplicated_and_named() {
    let (types, _) = types(json!({
        "Value": {"anyOf": [
            {"type": "string"},
            {"type": "string", "format": "email"},
            {"$ref": "#/components/schemas/Point"},
            {"type": "array", "items": {"type": "integer"}}
        ]},
        "Point": {"type": "object", "required": ["x"], "properties": {"x": {"type": "number"}}}
    }));
    let def = types.iter().find(|t| t.name == "Value").unwrap();
    let TypeKind::Untagged { variants } = &def.kind else {
        panic!("untagged")
    };
    let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
    // The object with a required field is tried first; the second string is gone.
    assert_eq!(names, ["Point", "String", "Array"]);
}
