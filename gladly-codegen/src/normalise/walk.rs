//! Visits the objects of the document by what they are (a schema, a parameter, ...),
//! following the structure of OpenAPI 3.0, so a repair knows what `required` means where
//! it finds it. Objects given by `$ref` are visited where they are defined, not where
//! they are used.

use serde_json::{Map, Value};

use super::METHODS;
use crate::pointer;

/// What an object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Schema,
    Parameter,
    Header,
    RequestBody,
    Operation,
}

/// Called with each object, its kind and its pointer; before the objects inside it, so
/// a repair of a schema is seen by the visits of its properties.
pub(super) type Visit<'a> = &'a mut dyn FnMut(Kind, &mut Map<String, Value>, &str);

/// Visits one object and what is inside it.
type VisitOne = fn(&mut Value, &str, Visit);

/// Visits every schema, parameter, header, request body and operation of the document.
pub(super) fn walk(doc: &mut Value, visit: Visit) {
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (key, item) in paths.iter_mut() {
            path_item(item, &pointer::child("/paths", key), visit);
        }
    }
    let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) else {
        return;
    };
    let kinds: [(&str, VisitOne); 6] = [
        ("schemas", schema),
        ("parameters", parameter),
        ("headers", header),
        ("requestBodies", request_body),
        ("responses", response),
        ("callbacks", callback),
    ];
    for (section, visit_one) in kinds {
        let Some(map) = components.get_mut(section).and_then(Value::as_object_mut) else {
            continue;
        };
        let base = format!("/components/{section}");
        for (name, value) in map.iter_mut() {
            visit_one(value, &pointer::child(&base, name), visit);
        }
    }
}

/// The object at `value` unless it is a `$ref`.
fn own(value: &mut Value) -> Option<&mut Map<String, Value>> {
    value
        .as_object_mut()
        .filter(|map| !map.contains_key("$ref"))
}

fn each_in_map(value: Option<&mut Value>, base: &str, visit: Visit, f: VisitOne) {
    if let Some(map) = value.and_then(Value::as_object_mut) {
        for (key, child) in map.iter_mut() {
            f(child, &pointer::child(base, key), visit);
        }
    }
}

fn each_in_list(value: Option<&mut Value>, base: &str, visit: Visit, f: VisitOne) {
    if let Some(list) = value.and_then(Value::as_array_mut) {
        for (index, child) in list.iter_mut().enumerate() {
            f(child, &format!("{base}/{index}"), visit);
        }
    }
}

fn path_item(value: &mut Value, ptr: &str, visit: Visit) {
    let Some(item) = own(value) else {
        return;
    };
    each_in_list(
        item.get_mut("parameters"),
        &format!("{ptr}/parameters"),
        visit,
        parameter,
    );
    for method in METHODS {
        if let Some(op) = item.get_mut(method) {
            operation(op, &pointer::child(ptr, method), visit);
        }
    }
}

fn operation(value: &mut Value, ptr: &str, visit: Visit) {
    let Some(op) = value.as_object_mut() else {
        return;
    };
    visit(Kind::Operation, op, ptr);
    each_in_list(
        op.get_mut("parameters"),
        &format!("{ptr}/parameters"),
        visit,
        parameter,
    );
    if let Some(body) = op.get_mut("requestBody") {
        request_body(body, &format!("{ptr}/requestBody"), visit);
    }
    each_in_map(
        op.get_mut("responses"),
        &format!("{ptr}/responses"),
        visit,
        response,
    );
    each_in_map(
        op.get_mut("callbacks"),
        &format!("{ptr}/callbacks"),
        visit,
        callback,
    );
}

fn callback(value: &mut Value, ptr: &str, visit: Visit) {
    if let Some(callback) = own(value) {
        for (expression, item) in callback.iter_mut() {
            path_item(item, &pointer::child(ptr, expression), visit);
        }
    }
}

fn parameter(value: &mut Value, ptr: &str, visit: Visit) {
    parameter_like(Kind::Parameter, value, ptr, visit);
}

fn header(value: &mut Value, ptr: &str, visit: Visit) {
    parameter_like(Kind::Header, value, ptr, visit);
}

fn parameter_like(kind: Kind, value: &mut Value, ptr: &str, visit: Visit) {
    let Some(map) = own(value) else {
        return;
    };
    visit(kind, map, ptr);
    if let Some(value) = map.get_mut("schema") {
        schema(value, &format!("{ptr}/schema"), visit);
    }
    each_in_map(
        map.get_mut("content"),
        &format!("{ptr}/content"),
        visit,
        media_type,
    );
}

fn request_body(value: &mut Value, ptr: &str, visit: Visit) {
    let Some(map) = own(value) else {
        return;
    };
    visit(Kind::RequestBody, map, ptr);
    each_in_map(
        map.get_mut("content"),
        &format!("{ptr}/content"),
        visit,
        media_type,
    );
}

fn response(value: &mut Value, ptr: &str, visit: Visit) {
    let Some(map) = own(value) else {
        return;
    };
    each_in_map(
        map.get_mut("headers"),
        &format!("{ptr}/headers"),
        visit,
        header,
    );
    each_in_map(
        map.get_mut("content"),
        &format!("{ptr}/content"),
        visit,
        media_type,
    );
}

fn media_type(value: &mut Value, ptr: &str, visit: Visit) {
    if let Some(value) = value.as_object_mut().and_then(|m| m.get_mut("schema")) {
        schema(value, &format!("{ptr}/schema"), visit);
    }
}

/// A schema, then the schemas inside it.
pub(super) fn schema(value: &mut Value, ptr: &str, visit: Visit) {
    let Some(map) = own(value) else {
        return;
    };
    visit(Kind::Schema, map, ptr);
    each_in_map(
        map.get_mut("properties"),
        &format!("{ptr}/properties"),
        visit,
        schema,
    );
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = map.get_mut(key) {
            schema(child, &format!("{ptr}/{key}"), visit);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        each_in_list(map.get_mut(key), &format!("{ptr}/{key}"), visit, schema);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn visits_objects_by_kind_where_they_are_defined() {
        let mut doc = json!({
            "paths": {"/a": {
                "parameters": [{"name": "p", "in": "query", "schema": {"type": "string"}}],
                "get": {
                    "requestBody": {"content": {"application/json": {"schema": {
                        "properties": {"x": {"items": {"type": "string"}}, "y": {"$ref": "#/z"}}
                    }}}},
                    "responses": {"200": {"headers": {"H": {"schema": {}}}}},
                    "callbacks": {"c": {"{$url}": {"post": {}}}}
                }
            }},
            "components": {"schemas": {"S": {"allOf": [{}], "additionalProperties": true}}}
        });
        let mut seen = Vec::new();
        walk(&mut doc, &mut |kind, _, ptr| {
            seen.push(format!("{kind:?} {ptr}"))
        });
        let body = "/paths/~1a/get/requestBody";
        let schema = format!("{body}/content/application~1json/schema");
        assert_eq!(
            seen,
            [
                "Parameter /paths/~1a/parameters/0".to_owned(),
                "Schema /paths/~1a/parameters/0/schema".to_owned(),
                "Operation /paths/~1a/get".to_owned(),
                format!("RequestBody {body}"),
                format!("Schema {schema}"),
                format!("Schema {schema}/properties/x"),
                format!("Schema {schema}/properties/x/items"),
                "Header /paths/~1a/get/responses/200/headers/H".to_owned(),
                "Schema /paths/~1a/get/responses/200/headers/H/schema".to_owned(),
                "Operation /paths/~1a/get/callbacks/c/{$url}/post".to_owned(),
                "Schema /components/schemas/S".to_owned(),
                "Schema /components/schemas/S/allOf/0".to_owned(),
            ]
        );
    }
}
