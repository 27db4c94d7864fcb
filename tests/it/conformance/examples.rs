//! A value for a schema of the spec, taken from the spec's own examples where it has
//! them: the schema's `example`, else its first `enum` value, else its `default`; else,
//! for an object, its properties' values assembled the same way (every required
//! property, and each optional one the spec gives an example for), for an array one item;
//! else a placeholder of the schema's type.

use serde_json::{Map, Value};

/// How deep schemas are followed: far enough for every request body of the spec, and a
/// stop for a schema that requires itself.
const MAX_DEPTH: usize = 16;

/// A value, and whether anything in it came from the spec rather than a placeholder.
#[derive(Debug, Clone)]
pub struct Example {
    /// The value.
    pub value: Value,
    /// Whether it, or a part of it, is an example, enum value or default of the spec.
    pub from_spec: bool,
}

impl Example {
    fn spec(value: Value) -> Self {
        Self {
            value,
            from_spec: true,
        }
    }

    fn placeholder(value: Value) -> Self {
        Self {
            value,
            from_spec: false,
        }
    }
}

/// Reads schemas in one document, following its local `$ref`s.
#[derive(Clone, Copy)]
pub struct Schemas<'a> {
    doc: &'a Value,
}

impl<'a> Schemas<'a> {
    /// The schemas of `doc`, a whole OpenAPI document.
    pub fn new(doc: &'a Value) -> Self {
        Self { doc }
    }

    /// The node a chain of `$ref`s ends at; `node` itself without one. A reference that
    /// leads nowhere (or round in a circle) resolves to `null`.
    pub fn resolve(&self, node: &'a Value) -> &'a Value {
        let mut node = node;
        for _ in 0..MAX_DEPTH {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                return node;
            };
            node = gladly_codegen::pointer::from_ref(reference)
                .and_then(|pointer| self.doc.pointer(&pointer))
                .unwrap_or(&Value::Null);
        }
        &Value::Null
    }

    /// A value for `schema` (see the module's documentation).
    pub fn example(&self, schema: &'a Value) -> Example {
        self.build(schema, 0)
    }

    fn build(&self, schema: &'a Value, depth: usize) -> Example {
        let schema = self.resolve(schema);
        if let Some(example) = schema.get("example") {
            return Example::spec(example.clone());
        }
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|values| values.first())
        {
            return Example::spec(first.clone());
        }
        if let Some(default) = schema.get("default") {
            return Example::spec(default.clone());
        }
        if depth >= MAX_DEPTH {
            return Example::placeholder(Value::Object(Map::new()));
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            return self.all_of(schema, parts, depth);
        }
        let choice = ["oneOf", "anyOf"]
            .iter()
            .find_map(|key| schema.get(*key).and_then(Value::as_array)?.first());
        if let Some(first) = choice {
            return self.build(first, depth + 1);
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("array") => {
                let item = self.build(schema.get("items").unwrap_or(&Value::Null), depth + 1);
                Example {
                    value: Value::Array(vec![item.value]),
                    from_spec: item.from_spec,
                }
            }
            Some("string") => Example::placeholder(placeholder_string(schema).into()),
            Some("integer" | "number") => Example::placeholder(
                schema
                    .get("minimum")
                    .filter(|m| m.is_number())
                    .cloned()
                    .unwrap_or(1.into()),
            ),
            Some("boolean") => Example::placeholder(true.into()),
            _ => self.object(schema, depth),
        }
    }

    /// Every part's properties, merged in order.
    fn all_of(&self, schema: &'a Value, parts: &'a [Value], depth: usize) -> Example {
        let mut merged = self.object(schema, depth);
        for part in parts {
            let part = self.build(part, depth + 1);
            if let (Value::Object(into), Value::Object(from)) = (&mut merged.value, part.value) {
                into.extend(from);
                merged.from_spec |= part.from_spec;
            }
        }
        merged
    }

    /// An object of the declared properties: every required one, and each optional one
    /// that has a value from the spec. Read-only properties are never sent.
    fn object(&self, schema: &'a Value, depth: usize) -> Example {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut object = Map::new();
        let mut from_spec = false;
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, property) in properties.into_iter().flatten() {
            if self.resolve(property).get("readOnly") == Some(&Value::Bool(true)) {
                continue;
            }
            let value = self.build(property, depth + 1);
            if value.from_spec || required.contains(&name.as_str()) {
                from_spec |= value.from_spec;
                object.insert(name.clone(), value.value);
            }
        }
        Example {
            value: Value::Object(object),
            from_spec,
        }
    }
}

/// A string that passes the schema's `format`, if it names one Prism checks.
fn placeholder_string(schema: &Value) -> &'static str {
    match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => "2024-01-01T00:00:00Z",
        Some("date") => "2024-01-01",
        Some("email") => "user@example.com",
        Some("uri" | "url") => "https://example.com/",
        _ => "placeholder",
    }
}

#[cfg(test)]
mod tests {
    use super::Schemas;
    use serde_json::json;

    #[test]
    fn examples_first_then_properties_then_placeholders() {
        let doc = json!({
            "components": {"schemas": {"Id": {"type": "string", "example": "abc"}}},
            "schema": {
                "type": "object",
                "required": ["id", "count", "kind"],
                "properties": {
                    "id": {"$ref": "#/components/schemas/Id"},
                    "count": {"type": "integer"},
                    "kind": {"type": "string", "enum": ["A", "B"]},
                    "note": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string", "example": "t"}},
                    "created": {"type": "string", "readOnly": true, "example": "x"},
                }
            }
        });
        let schemas = Schemas::new(&doc);
        let example = schemas.example(&doc["schema"]);
        assert!(example.from_spec);
        assert_eq!(
            example.value,
            json!({"id": "abc", "count": 1, "kind": "A", "tags": ["t"]})
        );
    }

    #[test]
    fn a_schema_example_wins_and_a_cycle_stops() {
        let doc = json!({
            "components": {"schemas": {"Node": {
                "type": "object",
                "required": ["next"],
                "properties": {"next": {"$ref": "#/components/schemas/Node"}}
            }}},
            "given": {"type": "object", "example": {"whole": true}},
        });
        let schemas = Schemas::new(&doc);
        assert_eq!(schemas.example(&doc["given"]).value, json!({"whole": true}));
        let node = json!({"$ref": "#/components/schemas/Node"});
        let cyclic = schemas.example(&node);
        assert!(!cyclic.from_spec);
        assert!(cyclic.value.get("next").is_some());
    }
}
