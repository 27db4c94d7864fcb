//! Responses: a missing `description`, and headers written in Swagger 2 style.

use serde_json::{Map, Value};

use super::repairs::{MISSING_DESCRIPTION, SWAGGER2_HEADER};
use super::METHODS;
use crate::diagnostic::Diagnostics;
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
    diags.push(MISSING_DESCRIPTION.warning(
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
    diags.push(SWAGGER2_HEADER.warning(
        path,
        "header written in Swagger 2 style (`type` beside `schema: null`); its type moved into `schema`",
    ));
}

fn is_response_without_description(map: &Map<String, Value>, path: &str) -> bool {
    // `/paths/{path}/{method}/responses/{status}`, or the same in a callback
    // (`.../{method}/callbacks/{name}/{expression}/...`): a property named `responses` in
    // a schema is not one.
    let tokens = pointer::tokens(path);
    let n = tokens.len();
    let token = |i: usize| tokens.get(i).map(String::as_str).unwrap_or_default();
    let in_callback = n == 9 && token(3) == "callbacks";
    (n == 5 || in_callback)
        && token(0) == "paths"
        && token(n - 2) == "responses"
        && METHODS.contains(&token(n - 3))
        && is_status(token(n - 1))
        && !map.contains_key("$ref")
        && !map.get("description").is_some_and(Value::is_string)
}

/// `200`, `2XX` or `default`: a key of a Responses Object.
fn is_status(key: &str) -> bool {
    key == "default"
        || (key.len() == 3
            && key.starts_with(['1', '2', '3', '4', '5'])
            && key
                .chars()
                .skip(1)
                .all(|c| c.is_ascii_digit() || c == 'X' || c == 'x'))
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
        && tokens.get(n - 3).is_some_and(|s| is_status(s))
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn described(path: &str) -> Option<Value> {
        let mut map = json!({"content": {}});
        let mut diags = Diagnostics::default();
        if let Some(map) = map.as_object_mut() {
            repair_missing_description(map, path, &mut diags);
        }
        map.get("description").cloned()
    }

    #[test]
    fn only_responses_get_a_description() {
        assert_eq!(
            described("/paths/~1a/get/responses/404"),
            Some(json!("Not Found"))
        );
        assert_eq!(
            described("/paths/~1a/get/responses/5XX"),
            Some(json!("Response"))
        );
        // A schema describing an OpenAPI document has properties named `responses`.
        let schema = "/paths/~1a/post/requestBody/content/application~1json/schema";
        assert_eq!(
            described(&format!("{schema}/properties/responses/properties")),
            None
        );
        assert_eq!(
            described(&format!("{schema}/properties/get/responses/200")),
            None
        );
    }
}
