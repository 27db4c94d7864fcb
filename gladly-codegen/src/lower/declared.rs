//! What the spec declares about an operation's payloads beyond what the client uses: every
//! content type of the request body and of each response. The client picks one of them;
//! the diff reports changes to all of them.

use openapiv3::{Operation as SpecOperation, ReferenceOr, StatusCode};

use serde_json::Value;

use super::operations::{is_json, is_json_lines};
use crate::ir::{DeclaredResponse, ExampleResponse, ResponseStatus};
use crate::pointer;

/// The request body's content types, in spec order; `None` without a request body written
/// in place.
pub fn request_content_types(op: &SpecOperation) -> Option<Vec<String>> {
    match op.request_body.as_ref()? {
        ReferenceOr::Item(body) => Some(body.content.keys().cloned().collect()),
        ReferenceOr::Reference { .. } => None,
    }
}

/// Every response written in place, `default` last, each with its content types.
pub fn responses(op: &SpecOperation) -> Vec<DeclaredResponse> {
    let listed = op.responses.responses.iter().map(|(code, response)| {
        let status = match code {
            StatusCode::Code(n) => ResponseStatus::Code(*n),
            StatusCode::Range(n) => ResponseStatus::Range(*n),
        };
        (status, response)
    });
    let default = op
        .responses
        .default
        .iter()
        .map(|response| (ResponseStatus::Default, response));
    listed
        .chain(default)
        .filter_map(|(status, response)| match response {
            ReferenceOr::Item(response) => Some(DeclaredResponse {
                status,
                content_types: response.content.keys().cloned().collect(),
            }),
            ReferenceOr::Reference { .. } => None,
        })
        .collect()
}

/// The spec's example of the operation at `op_ptr` answering with success: the first 2xx
/// response (else `default`), its first content type, and the example of that content
/// (`example`, else the first of `examples`, else the schema's `example`). `None` when
/// that response has a body and no example of it.
pub fn example_response(doc: &Value, op_ptr: &str) -> Option<ExampleResponse> {
    let responses = pointer::resolve_node(doc, &format!("{op_ptr}/responses"))?.as_object()?;
    let success = |key: &str| match key.parse::<u16>() {
        Ok(code) => (200..300).contains(&code).then_some(code),
        Err(_) => key.eq_ignore_ascii_case("2XX").then_some(200),
    };
    let (key, status) = responses
        .keys()
        .find_map(|key| success(key).map(|status| (key.as_str(), status)))
        .or_else(|| {
            responses
                .contains_key("default")
                .then_some(("default", 200))
        })?;
    let response_ptr = pointer::child(&format!("{op_ptr}/responses"), key);
    let response = node(doc, &response_ptr)?;
    let Some((media, content)) = response
        .get("content")
        .and_then(Value::as_object)
        .and_then(|content| content.iter().next())
    else {
        return Some(ExampleResponse {
            status,
            content_type: String::new(),
            body: String::new(),
        });
    };
    let media_ptr = pointer::child(&format!("{response_ptr}/content"), media);
    let from_examples = || {
        let (name, _) = content.get("examples")?.as_object()?.iter().next()?;
        let example_ptr = pointer::child(&format!("{media_ptr}/examples"), name);
        node(doc, &example_ptr)?.get("value")
    };
    let from_schema = || node(doc, &format!("{media_ptr}/schema"))?.get("example");
    let assembled;
    let example = match content
        .get("example")
        .or_else(from_examples)
        .or_else(from_schema)
    {
        Some(example) => example,
        None => {
            assembled = assemble(doc, content.get("schema")?)?;
            &assembled
        }
    };
    let body = if is_json_lines(media) {
        match example {
            Value::Array(items) => items.iter().map(|item| format!("{item}\n")).collect(),
            Value::String(text) => text.clone(),
            other => format!("{other}\n"),
        }
    } else if is_json(media) {
        example.to_string()
    } else {
        match example {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    };
    Some(ExampleResponse {
        status,
        content_type: media.clone(),
        body,
    })
}

/// An example of `schema` put together from the examples of its parts: an array of an
/// example of its items, an object of its properties' examples (a required property
/// without one gets a placeholder of its type; an optional one is left out), the first
/// variant of a `oneOf`/`anyOf`, the parts of an `allOf` merged. `None` when nothing in
/// it has an example. At most [`ASSEMBLE_BUDGET`] schemas are visited: a wide schema
/// that refers to itself would otherwise take exponential time.
fn assemble(doc: &Value, schema: &Value) -> Option<Value> {
    let mut budget = ASSEMBLE_BUDGET;
    let (example, found) = assemble_part(doc, schema, 0, &mut budget, &mut Vec::new());
    found.then_some(example)
}

/// How many schemas one assembled example may visit.
const ASSEMBLE_BUDGET: usize = 2_000;

/// The example, and whether any of it came from the spec rather than placeholders.
fn assemble_part(
    doc: &Value,
    schema: &Value,
    depth: usize,
    budget: &mut usize,
    path: &mut Vec<String>,
) -> (Value, bool) {
    if *budget == 0 {
        return (Value::Null, false);
    }
    *budget -= 1;
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        // A schema met again inside itself adds nothing but depth.
        if path.iter().any(|seen| seen == target) {
            return (Value::Null, false);
        }
        let Some(resolved) =
            pointer::from_ref(target).and_then(|ptr| pointer::resolve_node(doc, &ptr))
        else {
            return (Value::Null, false);
        };
        path.push(target.to_owned());
        let assembled = assemble_part(doc, resolved, depth + 1, budget, path);
        path.pop();
        return assembled;
    }
    if let Some(example) = schema.get("example") {
        return (example.clone(), true);
    }
    if depth > 16 {
        return (Value::Null, false);
    }
    if let Some(first) = ["oneOf", "anyOf"]
        .iter()
        .find_map(|key| schema.get(*key)?.as_array()?.first())
    {
        return assemble_part(doc, first, depth + 1, budget, path);
    }
    let placeholder = || {
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|v| v.first())
        {
            return first.clone();
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => Value::String("string".to_owned()),
            Some("integer" | "number") => Value::from(0),
            Some("boolean") => Value::Bool(false),
            Some("array") => Value::Array(Vec::new()),
            Some("object") => Value::Object(serde_json::Map::new()),
            _ => Value::Null,
        }
    };
    if let Some(items) = schema.get("items") {
        let (item, found) = assemble_part(doc, items, depth + 1, budget, path);
        return match found {
            true => (Value::Array(vec![item]), true),
            false => (Value::Array(Vec::new()), false),
        };
    }
    let mut object = serde_json::Map::new();
    let mut found = false;
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        for part in parts {
            if let (Value::Object(fields), part_found) =
                assemble_part(doc, part, depth + 1, budget, path)
            {
                object.extend(fields);
                found |= part_found;
            }
        }
    }
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let (value, property_found) = assemble_part(doc, property, depth + 1, budget, path);
            if property_found || required.contains(&name.as_str()) {
                object.insert(name.clone(), value);
            }
            found |= property_found;
        }
    }
    if object.is_empty() && schema.get("properties").is_none() && schema.get("allOf").is_none() {
        return (placeholder(), false);
    }
    (Value::Object(object), found)
}

/// The node at `ptr`, following `$ref`s on the way and the node's own (a few deep).
fn node<'a>(doc: &'a Value, ptr: &str) -> Option<&'a Value> {
    let mut node = pointer::resolve_node(doc, ptr)?;
    for _ in 0..8 {
        let Some(target) = node.get("$ref").and_then(Value::as_str) else {
            return Some(node);
        };
        node = pointer::resolve_node(doc, &pointer::from_ref(target)?)?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(yaml: &str) -> SpecOperation {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn every_content_type_is_kept_in_spec_order() {
        let op = operation(
            "requestBody:\n  content:\n    text/csv: {}\n    application/json: {}\n\
             responses:\n  '200':\n    description: ok\n    content:\n      application/x-ndjson: {}\n      text/plain: {}\n",
        );
        assert_eq!(
            request_content_types(&op),
            Some(vec!["text/csv".to_owned(), "application/json".to_owned()])
        );
        assert_eq!(
            responses(&op),
            vec![DeclaredResponse {
                status: ResponseStatus::Code(200),
                content_types: vec!["application/x-ndjson".to_owned(), "text/plain".to_owned()],
            }]
        );
    }

    #[test]
    fn references_are_not_read_and_default_comes_last() {
        let op = operation(
            "requestBody:\n  $ref: '#/components/requestBodies/Body'\n\
             responses:\n  default:\n    description: error\n  '2XX':\n    description: ok\n  '404':\n    $ref: '#/components/responses/NotFound'\n",
        );
        assert_eq!(request_content_types(&op), None);
        let statuses: Vec<String> = responses(&op)
            .iter()
            .map(|r| r.status.to_string())
            .collect();
        assert_eq!(statuses, ["2XX", "default"]);
        assert!(responses(&op).iter().all(|r| r.content_types.is_empty()));
    }

    #[test]
    fn no_request_body_is_none() {
        let op = operation("responses:\n  '204':\n    description: done\n");
        assert_eq!(request_content_types(&op), None);
        assert_eq!(responses(&op).len(), 1);
    }

    #[test]
    fn the_example_answer_is_the_first_success_with_its_example() {
        let doc = serde_json::json!({
            "paths": {"/a": {"get": {"responses": {
                "404": {"description": "no"},
                "201": {"$ref": "#/components/responses/Made"},
            }}, "put": {"responses": {"204": {"description": "done"}}},
            "post": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"type": "object"}}}}}}}},
            "components": {
                "responses": {"Made": {"description": "made", "content": {
                    "application/json": {"examples": {"one": {"$ref": "#/components/examples/One"}}}}}},
                "examples": {"One": {"value": {"id": "1"}}},
            },
        });
        assert_eq!(
            example_response(&doc, "/paths/~1a/get"),
            Some(ExampleResponse {
                status: 201,
                content_type: "application/json".to_owned(),
                body: r#"{"id":"1"}"#.to_owned(),
            })
        );
        let empty = example_response(&doc, "/paths/~1a/put");
        assert_eq!(
            empty.map(|e| (e.status, e.body)),
            Some((204, String::new()))
        );
        assert_eq!(example_response(&doc, "/paths/~1a/post"), None);
    }

    #[test]
    fn an_assembled_example_of_a_wide_self_referring_schema_stops() {
        let properties: serde_json::Map<String, Value> = (0..12)
            .map(|i| {
                (
                    format!("p{i}"),
                    serde_json::json!({"$ref": "#/components/schemas/Wide"}),
                )
            })
            .chain([(
                "name".to_owned(),
                serde_json::json!({"type": "string", "example": "x"}),
            )])
            .collect();
        let doc = serde_json::json!({"components": {"schemas": {"Wide": {"type": "object", "properties": properties}}}});
        let example = assemble(
            &doc,
            &serde_json::json!({"$ref": "#/components/schemas/Wide"}),
        );
        assert_eq!(
            example.as_ref().and_then(|e| e.get("name")),
            Some(&Value::from("x"))
        );
    }
}
