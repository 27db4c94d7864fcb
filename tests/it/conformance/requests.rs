//! The arguments of one call, in the shape `registry::call` takes (`path`, `query`,
//! `header`, `body`), built from the spec's own examples for the operation.

use gladly_codegen::ir::{BodyEncoding, Operation, ParamLocation};
use serde_json::{Map, Value};

use super::examples::{Example, Schemas};

/// The arguments for `op`, read from `doc`, the normalised document its `origin` points
/// into. Every required parameter is given (its example, else a placeholder of its type),
/// and every optional one the spec gives a value for; the body is the media type's
/// example, else one assembled from its schema. `Err` when the spec has no node the IR
/// says it has.
pub fn arguments(doc: &Value, op: &Operation) -> Result<Value, String> {
    let schemas = Schemas::new(doc);
    let pointer = op.origin.trim_start_matches('#');
    let operation = doc
        .pointer(pointer)
        .ok_or_else(|| format!("the spec has no operation at {}", op.origin))?;
    // A path item's parameters apply to each of its operations, unless overridden.
    let path_item = pointer
        .rsplit_once('/')
        .and_then(|(item, _method)| doc.pointer(item))
        .unwrap_or(&Value::Null);
    let mut args = Map::new();
    for param in &op.params {
        let location = match param.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        };
        let declared = [operation, path_item]
            .into_iter()
            .filter_map(|node| node.get("parameters")?.as_array())
            .flatten()
            .map(|p| schemas.resolve(p))
            .find(|p| {
                p.get("name").and_then(Value::as_str) == Some(param.wire.as_str())
                    && p.get("in").and_then(Value::as_str) == Some(location)
            })
            .ok_or_else(|| format!("the spec declares no {location} parameter `{}`", param.wire))?;
        let value = parameter_value(&schemas, declared);
        if param.required || value.from_spec {
            let entry = args
                .entry(location)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(parameters) = entry {
                parameters.insert(param.wire.clone(), value.value);
            }
        }
    }
    if let Some(body) = &op.body {
        let value = body_value(&schemas, operation, body.encoding)
            .ok_or_else(|| format!("the spec has no request body for {}", op.origin))?;
        if body.required || value.from_spec {
            args.insert("body".to_owned(), value.value);
        }
    }
    Ok(Value::Object(args))
}

/// A parameter's `example`, else the first of its `examples`, else a value for its
/// schema.
fn parameter_value<'a>(schemas: &Schemas<'a>, parameter: &'a Value) -> Example {
    if let Some(value) = given_example(schemas, parameter) {
        return Example {
            value,
            from_spec: true,
        };
    }
    schemas.example(parameter.get("schema").unwrap_or(&Value::Null))
}

/// The request body the client sends: the media type's `example`, else the first of its
/// `examples`, else a value for its schema.
fn body_value<'a>(
    schemas: &Schemas<'a>,
    operation: &'a Value,
    encoding: BodyEncoding,
) -> Option<Example> {
    let content = schemas
        .resolve(operation.get("requestBody")?)
        .get("content")?
        .as_object()?;
    let wanted = |media_type: &str| match encoding {
        BodyEncoding::Json => media_type.contains("json"),
        BodyEncoding::Form => media_type == "application/x-www-form-urlencoded",
        BodyEncoding::Multipart => media_type == "multipart/form-data",
    };
    let media = content
        .iter()
        .find(|(media_type, _)| wanted(media_type))
        .or_else(|| content.iter().next())
        .map(|(_, media)| media)?;
    Some(match given_example(schemas, media) {
        Some(value) => Example {
            value,
            from_spec: true,
        },
        None => schemas.example(media.get("schema").unwrap_or(&Value::Null)),
    })
}

/// The `example` of a parameter or media type, else the `value` of the first of its
/// `examples` that has one.
fn given_example<'a>(schemas: &Schemas<'a>, node: &'a Value) -> Option<Value> {
    if let Some(example) = node.get("example") {
        return Some(example.clone());
    }
    node.get("examples")?
        .as_object()?
        .values()
        .find_map(|entry| schemas.resolve(entry).get("value").cloned())
}
