//! Synthetic specs `n` times the size of Gladly's: its paths and schemas, copied `n - 1`
//! more times under new names, so that the generator meets `n` times the operations and
//! types with the same shapes.
//!
//! Copy `k` (from 2) puts each path under `/copy{k}`, names each schema `{Name}Copy{k}`,
//! each operation `{operationId}Copy{k}` and each `title` `{title} Copy {k}`, and points
//! every `$ref` inside it at the copy's own paths and schemas. Components other than
//! schemas (parameters, responses) stay shared.

use anyhow::{Context, Result};
use serde_json::{Map, Value};

/// The Gladly spec scaled `n` times, as YAML. `n = 1` is the spec itself written out
/// again, so that every scale is serialised alike.
pub fn scaled_spec(n: usize) -> Result<String> {
    let tree = scaled_tree(&crate::spec_tree()?, n)?;
    serde_yaml::to_string(&tree).context("writing the scaled spec as YAML")
}

/// `spec` with its paths and schemas copied so that there are `n` of each.
pub fn scaled_tree(spec: &Value, n: usize) -> Result<Value> {
    let mut tree = spec.clone();
    let paths = object_at(spec, "/paths")?.clone();
    let schemas = object_at(spec, "/components/schemas")?.clone();
    let schema_names: Vec<String> = schemas.keys().cloned().collect();
    for k in 2..=n {
        let copy = Copy {
            k,
            schema_names: &schema_names,
        };
        let out_paths = object_at_mut(&mut tree, "/paths")?;
        for (path, item) in &paths {
            out_paths.insert(copy.path(path), copy.value(item, false));
        }
        let out_schemas = object_at_mut(&mut tree, "/components/schemas")?;
        for (name, schema) in &schemas {
            out_schemas.insert(format!("{name}Copy{k}"), copy.value(schema, false));
        }
    }
    Ok(tree)
}

fn object_at<'a>(tree: &'a Value, pointer: &str) -> Result<&'a Map<String, Value>> {
    tree.pointer(pointer)
        .and_then(Value::as_object)
        .with_context(|| format!("the spec has no object at {pointer}"))
}

fn object_at_mut<'a>(tree: &'a mut Value, pointer: &str) -> Result<&'a mut Map<String, Value>> {
    tree.pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .with_context(|| format!("the spec has no object at {pointer}"))
}

/// One copy's renaming.
struct Copy<'a> {
    k: usize,
    schema_names: &'a [String],
}

impl Copy<'_> {
    fn path(&self, path: &str) -> String {
        format!("/copy{}{path}", self.k)
    }

    /// `value` with its references, operation ids and titles renamed. `names` is true
    /// where the keys of an object are names (of properties, examples, responses), not
    /// keywords, so that a property called `title` is left alone.
    fn value(&self, value: &Value, names: bool) -> Value {
        match value {
            Value::Object(map) => {
                let mut out = Map::with_capacity(map.len());
                for (key, child) in map {
                    let renamed = match (names, key.as_str(), child) {
                        (false, "$ref", Value::String(target)) => {
                            Value::String(self.reference(target))
                        }
                        (false, "operationId", Value::String(id)) => {
                            Value::String(format!("{id}Copy{}", self.k))
                        }
                        (false, "title", Value::String(title)) => {
                            Value::String(format!("{title} Copy {}", self.k))
                        }
                        // Examples are data: copied as they are.
                        (false, "example", _) => child.clone(),
                        (false, "examples", Value::Object(_)) if !is_schema(map) => child.clone(),
                        _ => self.value(child, !names && holds_names(key)),
                    };
                    out.insert(key.clone(), renamed);
                }
                Value::Object(out)
            }
            Value::Array(items) => {
                Value::Array(items.iter().map(|v| self.value(v, false)).collect())
            }
            other => other.clone(),
        }
    }

    fn reference(&self, target: &str) -> String {
        const SCHEMAS: &str = "#/components/schemas/";
        if let Some(rest) = target.strip_prefix(SCHEMAS) {
            let (name, tail) = rest.split_once('/').map_or((rest, ""), |(n, t)| (n, t));
            if self.schema_names.iter().any(|s| s == name) {
                let slash = if tail.is_empty() { "" } else { "/" };
                return format!("{SCHEMAS}{name}Copy{}{slash}{tail}", self.k);
            }
        }
        if let Some(rest) = target.strip_prefix("#/paths/") {
            return format!("#/paths/~1copy{}{rest}", self.k);
        }
        target.to_owned()
    }
}

/// Whether an object is a schema (whose 3.1 `examples` is a list of data).
fn is_schema(map: &Map<String, Value>) -> bool {
    map.contains_key("type") || map.contains_key("properties")
}

/// Keys whose object value is keyed by names rather than keywords.
fn holds_names(key: &str) -> bool {
    matches!(
        key,
        "properties" | "responses" | "content" | "headers" | "callbacks" | "links" | "encoding"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_points_at_its_own_schemas_and_paths() {
        let spec = serde_json::json!({
            "openapi": "3.0.3",
            "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}
            }}}}},
            "components": {"schemas": {
                "A": {"title": "A thing", "properties": {
                    "title": {"type": "string", "title": "Its title"},
                    "b": {"$ref": "#/paths/~1a/get/responses/200"}
                }}
            }}
        });
        let tree = scaled_tree(&spec, 3).unwrap();
        let paths = tree.pointer("/paths").unwrap().as_object().unwrap();
        assert_eq!(
            paths.keys().collect::<Vec<_>>(),
            ["/a", "/copy2/a", "/copy3/a"]
        );
        let op = tree.pointer("/paths/~1copy3~1a/get").unwrap();
        assert_eq!(op["operationId"], "getACopy3");
        assert_eq!(
            op.pointer("/responses/200/content/application~1json/schema/$ref")
                .unwrap(),
            "#/components/schemas/ACopy3"
        );
        let a2 = tree.pointer("/components/schemas/ACopy2").unwrap();
        assert_eq!(a2["title"], "A thing Copy 2");
        // A property named `title` keeps its name; its schema's title is renamed.
        assert_eq!(a2["properties"]["title"]["title"], "Its title Copy 2");
        assert_eq!(
            a2["properties"]["b"]["$ref"],
            "#/paths/~1copy2~1a/get/responses/200"
        );
        // The original is untouched.
        assert_eq!(
            tree.pointer("/components/schemas/A/title").unwrap(),
            "A thing"
        );
    }
}
