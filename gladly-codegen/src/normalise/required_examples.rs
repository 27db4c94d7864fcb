//! Required properties that the spec's own examples leave out. A vendor's examples are
//! payloads its server sends and accepts, so a property they omit is optional in fact,
//! whatever `required` says; a client that insists on it refuses documented data.
//!
//! Each example is walked together with its schema: through `$ref`s, every `allOf` part,
//! the `oneOf`/`anyOf` variant that fits it best, properties, `additionalProperties` and
//! `items`. A required property missing from an object of the example is removed from
//! that `required` list, and the warning points at the example.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::repairs::REQUIRED_ABSENT_FROM_EXAMPLE;
use crate::diagnostic::Diagnostics;
use crate::memo::Memo;
use crate::{pointer, refs};

/// Deeper than any real payload; bounds the walk on recursive schemas.
const MAX_DEPTH: usize = 48;

/// How many `allOf`/`oneOf`/`anyOf` levels a variant's fit looks through: every level
/// multiplies the work by its number of variants.
const MAX_FIT_DEPTH: usize = 6;

/// One example value and the schema it illustrates.
struct Example<'a> {
    at: String,
    schema: String,
    value: &'a Value,
}

/// Makes optional every required property an example of its schema omits.
pub(super) fn repair_required_absent_from_examples(doc: &mut Value, diags: &mut Diagnostics) {
    // (schema pointer, property) -> the first example omitting it.
    let mut omitted: BTreeMap<(String, String), String> = BTreeMap::new();
    {
        let doc: &Value = doc;
        let mut examples = Vec::new();
        collect_examples(doc, doc, &mut String::new(), &mut examples);
        let resolved = Memo::default();
        for example in examples {
            let mut walker = Walker {
                doc,
                omitted: &mut omitted,
                resolved: &resolved,
            };
            walker.visit(&example.schema, example.value, &example.at, 0);
        }
    }
    for ((schema, property), example) in omitted {
        let Some(Value::Array(required)) = doc.pointer_mut(&format!("{schema}/required")) else {
            continue;
        };
        required.retain(|name| name.as_str() != Some(property.as_str()));
        if required.is_empty() {
            if let Some(Value::Object(map)) = doc.pointer_mut(&schema) {
                map.shift_remove("required");
            }
        }
        diags.push(
            REQUIRED_ABSENT_FROM_EXAMPLE
                .warning(
                    example,
                    format!(
                        "the schema at `{schema}` requires `{property}`, which this example omits; made optional"
                    ),
                )
                .with_hint(format!(
                    "add `{property}` to the example, or remove it from `{schema}/required`"
                )),
        );
    }
}

/// Finds every `example`, `examples` entry (following a `$ref` to a shared Example
/// Object) and the schema each illustrates: a media type's, parameter's or header's
/// `schema`, or the schema the `example` is written in.
fn collect_examples<'a>(
    doc: &'a Value,
    node: &'a Value,
    path: &mut String,
    out: &mut Vec<Example<'a>>,
) {
    match node {
        Value::Object(map) => {
            let schema = || {
                if map.contains_key("schema") {
                    pointer::child(path, "schema")
                } else {
                    path.clone()
                }
            };
            // Under `properties` every key is a property's name; `/components/examples`
            // holds shared Example Objects, reached through the `$ref`s that use them.
            let in_properties = path.ends_with("/properties") || path == "/components";
            if let Some(value) = map.get("example").filter(|_| !in_properties) {
                out.push(Example {
                    at: pointer::child(path, "example"),
                    schema: schema(),
                    value,
                });
            }
            if let Some(Value::Object(examples)) = map.get("examples").filter(|_| !in_properties) {
                let base = pointer::child(path, "examples");
                for (name, entry) in examples {
                    let (at, entry) = match entry.get("$ref").and_then(Value::as_str) {
                        Some(reference) => {
                            match pointer::from_ref(reference)
                                .and_then(|p| pointer::resolve(doc, &p).ok())
                            {
                                Some(found) => found,
                                None => continue,
                            }
                        }
                        None => (pointer::child(&base, name), entry),
                    };
                    if let Some(value) = entry.get("value") {
                        out.push(Example {
                            at: pointer::child(&at, "value"),
                            schema: schema(),
                            value,
                        });
                    }
                }
            }
            for (key, child) in map {
                let example_key = matches!(key.as_str(), "example" | "examples") && !in_properties;
                if example_key || refs::is_example_data(path, key, child) {
                    continue;
                }
                pointer::in_key(path, key, |path| collect_examples(doc, child, path, out));
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointer::in_index(path, index, |path| collect_examples(doc, child, path, out));
            }
        }
        _ => {}
    }
}

/// How well a schema explains an object: `None` when a value contradicts it (another
/// JSON type, a value outside an `enum`), else how many required properties are
/// missing and how many of the object's properties it declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fit {
    missing: usize,
    declared: usize,
}

impl Fit {
    /// The better of two fits: fewer missing properties, then more declared.
    fn better(self, other: Fit) -> bool {
        (self.missing, std::cmp::Reverse(self.declared))
            < (other.missing, std::cmp::Reverse(other.declared))
    }
}

/// A schema with its `$ref`s followed: its canonical pointer and its JSON (`None`:
/// nothing there).
type Resolved<'a> = Option<(String, &'a Map<String, Value>)>;

struct Walker<'a, 'o> {
    doc: &'a Value,
    omitted: &'o mut BTreeMap<(String, String), String>,
    /// Shared by the walks of every example: the examples of an API illustrate the same
    /// schemas over and over.
    resolved: &'o Memo<Resolved<'a>>,
}

impl<'a> Walker<'a, '_> {
    /// The schema at `ptr` with its `$ref`s followed, and its canonical pointer.
    fn schema(&self, ptr: &str) -> Resolved<'a> {
        self.resolved.get_or_make(ptr, || self.resolve_schema(ptr))
    }

    fn resolve_schema(&self, ptr: &str) -> Resolved<'a> {
        let (mut ptr, mut node) = pointer::resolve(self.doc, ptr).ok()?;
        for _ in 0..MAX_DEPTH {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                return Some((ptr, node.as_object()?));
            };
            (ptr, node) = pointer::resolve(self.doc, &pointer::from_ref(reference)?).ok()?;
        }
        None
    }

    fn visit(&mut self, ptr: &str, value: &Value, at: &str, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some((ptr, schema)) = self.schema(ptr) else {
            return;
        };
        for index in 0..list_len(schema, "allOf") {
            self.visit(&format!("{ptr}/allOf/{index}"), value, at, depth + 1);
        }
        for keyword in ["oneOf", "anyOf"] {
            // The union itself is on the stack: a variant that only leads back to it
            // explains nothing.
            let mut stack = vec![ptr.clone()];
            if let Some(variant) = self.best_variant(&ptr, schema, keyword, value, &mut stack) {
                self.visit(&variant, value, at, depth + 1);
            }
        }
        match value {
            Value::Object(object) => self.visit_object(&ptr, schema, object, at, depth),
            Value::Array(items) if schema.contains_key("items") => {
                for (index, item) in items.iter().enumerate() {
                    let item_at = format!("{at}/{index}");
                    self.visit(&format!("{ptr}/items"), item, &item_at, depth + 1);
                }
            }
            _ => {}
        }
    }

    fn visit_object(
        &mut self,
        ptr: &str,
        schema: &Map<String, Value>,
        object: &Map<String, Value>,
        at: &str,
        depth: usize,
    ) {
        for name in required(schema) {
            if !object.contains_key(name) {
                self.omitted
                    .entry((ptr.to_owned(), name.to_owned()))
                    .or_insert_with(|| at.to_owned());
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties").filter(|a| a.is_object());
        for (key, item) in object {
            let item_at = pointer::child(at, key);
            if properties.is_some_and(|p| p.contains_key(key)) {
                let property = pointer::child(&format!("{ptr}/properties"), key);
                self.visit(&property, item, &item_at, depth + 1);
            } else if additional.is_some() {
                self.visit(
                    &format!("{ptr}/additionalProperties"),
                    item,
                    &item_at,
                    depth + 1,
                );
            }
        }
    }

    /// The pointer of the variant under `keyword` that fits `value` best; the first of
    /// equals, so the choice is deterministic.
    fn best_variant(
        &self,
        ptr: &str,
        schema: &Map<String, Value>,
        keyword: &str,
        value: &Value,
        stack: &mut Vec<String>,
    ) -> Option<String> {
        let mut best: Option<(String, Fit)> = None;
        for index in 0..list_len(schema, keyword) {
            let variant = format!("{ptr}/{keyword}/{index}");
            let Some(fit) = self.fit(&variant, value, stack) else {
                continue;
            };
            if best.as_ref().is_none_or(|(_, b)| fit.better(*b)) {
                best = Some((variant, fit));
            }
        }
        best.map(|(variant, _)| variant)
    }

    /// How well the schema at `ptr` explains `value` (see [`Fit`]).
    /// `stack` holds the schemas whose fit is being computed: a schema met again inside
    /// itself (a recursive union) does not fit, since it explains nothing more.
    fn fit(&self, ptr: &str, value: &Value, stack: &mut Vec<String>) -> Option<Fit> {
        let mut fit = Fit {
            missing: 0,
            declared: 0,
        };
        let (ptr, schema) = self.schema(ptr)?;
        if stack.contains(&ptr) {
            return None;
        }
        if stack.len() > MAX_FIT_DEPTH {
            return Some(fit);
        }
        if !type_admits(schema, value) || !enum_admits(schema, value) {
            return None;
        }
        stack.push(ptr.clone());
        let composed = self.fit_parts(&ptr, schema, value, stack);
        stack.pop();
        let parts = composed?;
        fit.missing += parts.missing;
        fit.declared += parts.declared;
        if let Value::Object(object) = value {
            fit.missing += required(schema)
                .filter(|name| !object.contains_key(*name))
                .count();
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                for (key, item) in object {
                    let Some(property) = properties.get(key) else {
                        continue;
                    };
                    fit.declared += 1;
                    // A property's own type and values decide between variants that
                    // differ only in a tag (`type: CHAT_MESSAGE`).
                    let property_ptr = pointer::child(&format!("{ptr}/properties"), key);
                    if property.is_object() && self.scalar_mismatch(&property_ptr, item) {
                        return None;
                    }
                }
            }
        }
        Some(fit)
    }

    /// The fit of a schema's `allOf` parts together with its best `oneOf`/`anyOf`
    /// variants; `None` when one of them contradicts the value.
    fn fit_parts(
        &self,
        ptr: &str,
        schema: &Map<String, Value>,
        value: &Value,
        stack: &mut Vec<String>,
    ) -> Option<Fit> {
        let mut fit = Fit {
            missing: 0,
            declared: 0,
        };
        for index in 0..list_len(schema, "allOf") {
            let part = self.fit(&format!("{ptr}/allOf/{index}"), value, stack)?;
            fit.missing += part.missing;
            fit.declared += part.declared;
        }
        for keyword in ["oneOf", "anyOf"] {
            if list_len(schema, keyword) == 0 {
                continue;
            }
            let variant = self.best_variant(ptr, schema, keyword, value, stack)?;
            let part = self.fit(&variant, value, stack)?;
            fit.missing += part.missing;
            fit.declared += part.declared;
        }
        Some(fit)
    }

    /// Whether a scalar value contradicts its property's type or `enum`.
    fn scalar_mismatch(&self, ptr: &str, value: &Value) -> bool {
        if value.is_object() || value.is_array() {
            return false;
        }
        match self.schema(ptr) {
            Some((_, schema)) => !type_admits(schema, value) || !enum_admits(schema, value),
            None => false,
        }
    }
}

fn required(schema: &Map<String, Value>) -> impl Iterator<Item = &str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

fn list_len(schema: &Map<String, Value>, keyword: &str) -> usize {
    schema
        .get(keyword)
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

/// Whether the schema's `type` admits the value's JSON type. Text stands for any
/// scalar, since examples write numbers and flags as text (`"100"`, `"true"`) and the
/// client reads them so.
fn type_admits(schema: &Map<String, Value>, value: &Value) -> bool {
    let Some(ty) = schema.get("type").and_then(Value::as_str) else {
        return true;
    };
    match value {
        Value::Null => schema.get("nullable") == Some(&Value::Bool(true)),
        Value::Bool(_) => ty == "boolean",
        Value::Number(n) => ty == "number" || (ty == "integer" && (n.is_i64() || n.is_u64())),
        Value::String(_) => matches!(ty, "string" | "integer" | "number" | "boolean"),
        Value::Array(_) => ty == "array",
        Value::Object(_) => ty == "object",
    }
}

fn enum_admits(schema: &Map<String, Value>, value: &Value) -> bool {
    match schema.get("enum").and_then(Value::as_array) {
        Some(values) if !values.is_empty() => values.contains(value) || value.is_null(),
        _ => true,
    }
}

#[cfg(test)]
#[path = "required_examples_tests.rs"]
mod tests;
