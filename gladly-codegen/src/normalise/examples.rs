//! Examples written in the wrong place or shape.

use serde_json::{Map, Value};

use super::repairs::{EXAMPLE_OBJECT_AS_EXAMPLE, MISPLACED_EXAMPLE, NULL_EXAMPLES};
use crate::diagnostic::Diagnostics;

/// Keys that only a schema object has; an object under `properties` with none of them
/// is not a schema but a misplaced value.
const SCHEMA_KEYS: [&str; 16] = [
    "$ref",
    "type",
    "properties",
    "items",
    "oneOf",
    "allOf",
    "anyOf",
    "not",
    "enum",
    "format",
    "description",
    "nullable",
    "additionalProperties",
    "title",
    "example",
    "default",
];

/// `examples: null` is not a map of examples: removed.
pub(super) fn remove_null_examples(
    map: &mut Map<String, Value>,
    path: &str,
    diags: &mut Diagnostics,
) {
    if map.get("examples").is_some_and(Value::is_null) {
        map.shift_remove("examples");
        diags.push(NULL_EXAMPLES.warning(
            format!("{path}/examples"),
            "`examples: null` is not a map of examples; removed",
        ));
    }
}

/// `properties: {example: {email: ..}}`: an example indented one level too deep reads as
/// a property named `example`. It is moved back to the schema's `example`.
pub(super) fn repair_misplaced_example(
    map: &mut Map<String, Value>,
    path: &str,
    diags: &mut Diagnostics,
) {
    let Some(properties) = map.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    // In a map of properties every value is a schema (an object). Beside a string or a
    // number, `properties` is not that map but a property named `properties`, and its
    // `example` is its own.
    let is_property_map = properties
        .iter()
        .all(|(key, value)| key == "example" || value.is_object());
    let misplaced = is_property_map
        && properties.get("example").is_some_and(|v| match v {
            Value::Object(inner) => !inner.keys().any(|k| SCHEMA_KEYS.contains(&k.as_str())),
            _ => true,
        });
    if !misplaced {
        return;
    }
    let Some(example) = properties.shift_remove("example") else {
        return;
    };
    diags.push(MISPLACED_EXAMPLE.warning(
        format!("{path}/properties/example"),
        "`example` under `properties` is not a schema but an example value; moved to the schema's `example`",
    ));
    map.entry("example").or_insert(example);
}

/// A media type's `example` written as an Example Object (`{summary, value}`), which
/// belongs under `examples`: the value itself is taken as the example. Only where the
/// schema written beside it could not be an object with a `value` property.
pub(super) fn repair_example_object_under_example(
    map: &mut Map<String, Value>,
    path: &str,
    diags: &mut Diagnostics,
) {
    let Some(Value::Object(example)) = map.get("example") else {
        return;
    };
    let example_keys = ["summary", "description", "value"];
    let looks_like_example_object =
        example.contains_key("value") && example.keys().all(|k| example_keys.contains(&k.as_str()));
    let schema_type = map
        .get("schema")
        .and_then(|s| s.get("type"))
        .and_then(Value::as_str);
    let schema_is_not_object = matches!(
        schema_type,
        Some("array" | "string" | "integer" | "number" | "boolean")
    );
    if !looks_like_example_object || !schema_is_not_object {
        return;
    }
    let value = example.get("value").cloned().unwrap_or(Value::Null);
    map.insert("example".into(), value);
    diags.push(EXAMPLE_OBJECT_AS_EXAMPLE.warning(
        format!("{path}/example"),
        "an Example Object (`summary`, `value`) written under `example`, which takes the value itself; its `value` is taken",
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn repaired(mut map: Value) -> (Value, usize) {
        let mut diags = Diagnostics::default();
        if let Some(map) = map.as_object_mut() {
            repair_misplaced_example(map, "/s", &mut diags);
        }
        (map, diags.into_vec().len())
    }

    #[test]
    fn an_example_under_properties_moves_to_the_schema() {
        let (schema, warnings) = repaired(json!({
            "properties": {"a": {"type": "string"}, "example": {"a": "x"}}
        }));
        assert_eq!(
            schema,
            json!({"properties": {"a": {"type": "string"}}, "example": {"a": "x"}})
        );
        assert_eq!(warnings, 1);
    }

    #[test]
    fn a_property_named_properties_keeps_its_example() {
        // The map of properties holds a property named `properties`: its `example` is
        // its own, beside its `type`.
        let properties = json!({
            "id": {"type": "string"},
            "properties": {"type": "object", "example": "de.example"}
        });
        let (map, warnings) = repaired(properties.clone());
        assert_eq!(map, properties);
        assert_eq!(warnings, 0);
    }
}
