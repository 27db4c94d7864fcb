//! Responses: a missing `description`, and headers written in Swagger 2 style.

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pointer;

/// A response without its required `description` gets the status's reason phrase.
pub(super) fn repair_missing_description(
    map: &mut Map<String, Value>,
    path: &str,
    diags: &mut Diagnostics,
) {
    if !is_response_without_description(map, path) {
        return;
    }
    let status = pointer::tokens(path).last().cloned().unwrap_or_default();
    let description = reason_phrase(&status);
    diags.push(Diagnostic::warning(
        "missing-description",
        path,
        format!("response has no `description` (required); set to `{description}`"),
    ));
    map.insert("description".into(), Value::String(description.to_owned()));
}

/// A response header written in Swagger 2 style: its type moved into `schema`.
pub(super) fn repair_swagger2_header(
    map: &mut Map<String, Value>,
    path: &str,
    diags: &mut Diagnostics,
) {
    if !is_swagger2_header(map, path) {
        return;
    }
    move_into_schema(map);
    diags.push(Diagnostic::warning(
        "swagger2-header",
        path,
        "header written in Swagger 2 style (`type` beside `schema: null`); its type moved into `schema`",
    ));
}

fn is_response_without_description(map: &Map<String, Value>, path: &str) -> bool {
    let tokens = pointer::tokens(path);
    let n = tokens.len();
    n >= 5
        && tokens.first().map(String::as_str) == Some("paths")
        && tokens.get(n - 2).map(String::as_str) == Some("responses")
        && !map.contains_key("$ref")
        && !map.get("description").is_some_and(Value::is_string)
}

fn reason_phrase(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "204" => "No Content",
        "301" => "Moved Permanently",
        "303" => "See Other",
        "400" => "Bad Request",
        "401" => "Unauthorized",
        "403" => "Forbidden",
        "404" => "Not Found",
        "409" => "Conflict",
        "429" => "Too Many Requests",
        "default" => "Default response",
        _ => "Response",
    }
}

fn is_swagger2_header(map: &Map<String, Value>, path: &str) -> bool {
    // `.../responses/{status}/headers/{name}`; a *property* named `headers` is not one.
    let tokens = pointer::tokens(path);
    let n = tokens.len();
    let in_headers = n >= 4
        && tokens.get(n - 2).map(String::as_str) == Some("headers")
        && tokens.get(n - 4).map(String::as_str) == Some("responses");
    in_headers && map.get("schema").is_none_or(Value::is_null) && map.contains_key("type")
}

fn move_into_schema(map: &mut Map<String, Value>) {
    let mut schema = Map::new();
    for key in ["type", "format", "enum", "items", "default", "pattern"] {
        if let Some(value) = map.shift_remove(key) {
            schema.insert(key.into(), value);
        }
    }
    map.insert("schema".into(), Value::Object(schema));
}
