//! Repairs the known defects of real-world specs on the generic tree, before the
//! document is read as OpenAPI. Every repair is reported as a warning with the JSON
//! pointer of what it changed, so a reviewer sees exactly how the input was read.

use heck::ToLowerCamelCase;
use serde_json::{json, Map, Value};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pointer;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

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

/// Applies every repair in place.
pub fn normalise(doc: &mut Value, diags: &mut Diagnostics) {
    repair_path_keys(doc, diags);
    strip_server_prefix(doc, diags);
    name_anonymous_operations(doc, diags);
    dedupe_security_schemes(doc, diags);
    let mut path = String::new();
    repair_tree(doc, &mut path, diags);
}

/// `/x/{id}?a={a}` -> `/x/{id}` (declaring `a` as a query parameter if it is not yet),
/// and `/x/:id` -> `/x/{id}`. `$ref`s into a renamed path are rewritten to follow it.
fn repair_path_keys(doc: &mut Value, diags: &mut Diagnostics) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let mut renames = Vec::new();
    let old = std::mem::take(paths);
    for (key, mut item) in old {
        let (clean, query_names) = clean_path_key(&key);
        if clean != key {
            let from = pointer::child("/paths", &key);
            let to = pointer::child("/paths", &clean);
            diags.push(Diagnostic::warning(
                "path-key-repaired",
                &from,
                format!("path key `{key}` is not a path template; read as `{clean}`"),
            ));
            for name in &query_names {
                declare_query_parameter(&mut item, name, &to, diags);
            }
            renames.push((from, to));
        }
        if paths.contains_key(&clean) {
            diags.push(Diagnostic::warning(
                "duplicate-path",
                pointer::child("/paths", &clean),
                format!("two path keys normalise to `{clean}`; the later one is dropped"),
            ));
            continue;
        }
        paths.insert(clean, item);
    }
    if !renames.is_empty() {
        rewrite_refs(doc, &renames);
    }
}

/// Splits off an embedded query string and turns `:name` segments into `{name}`.
pub(crate) fn clean_path_key(key: &str) -> (String, Vec<String>) {
    let (path, query) = match key.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (key, None),
    };
    let clean = path
        .split('/')
        .map(|segment| match segment.strip_prefix(':') {
            Some(name) if !name.is_empty() => format!("{{{name}}}"),
            _ => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/");
    let names = query
        .map(|q| {
            q.split('&')
                .filter_map(|pair| pair.split('=').next())
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    (clean, names)
}

/// Makes sure every operation under a repaired path declares `name` as a query parameter.
fn declare_query_parameter(
    item: &mut Value,
    name: &str,
    path_pointer: &str,
    diags: &mut Diagnostics,
) {
    let declared_on_item = has_parameter(item.get("parameters"), name, "query");
    let Some(item) = item.as_object_mut() else {
        return;
    };
    for method in METHODS {
        let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
            continue;
        };
        if declared_on_item || has_parameter(op.get("parameters"), name, "query") {
            continue;
        }
        let parameters = op
            .entry("parameters")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Some(list) = parameters.as_array_mut() {
            list.push(json!({"name": name, "in": "query", "required": false, "schema": {"type": "string"}}));
            diags.push(Diagnostic::warning(
                "query-parameter-declared",
                pointer::child(path_pointer, method),
                format!("query parameter `{name}` appeared only in the path key; declared as an optional string"),
            ));
        }
    }
}

fn has_parameter(parameters: Option<&Value>, name: &str, location: &str) -> bool {
    parameters.and_then(Value::as_array).is_some_and(|list| {
        list.iter().any(|p| {
            p.get("name").and_then(Value::as_str) == Some(name)
                && p.get("in").and_then(Value::as_str) == Some(location)
        })
    })
}

/// Rewrites every `$ref` that points into a renamed path.
fn rewrite_refs(value: &mut Value, renames: &[(String, String)]) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(target) = pointer::from_ref(reference) {
                    for (from, to) in renames {
                        let rest = target.strip_prefix(from.as_str());
                        if let Some(rest) = rest.filter(|r| r.is_empty() || r.starts_with('/')) {
                            *reference = pointer::to_ref(&format!("{to}{rest}"));
                            break;
                        }
                    }
                }
            }
            for child in map.values_mut() {
                rewrite_refs(child, renames);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, renames)),
        _ => {}
    }
}

/// A server URL ending in the prefix every path already starts with
/// (`https://x.gladly.com/api/v1` with paths `/api/v1/...`) would double it; the prefix
/// is removed from the server URL.
fn strip_server_prefix(doc: &mut Value, diags: &mut Diagnostics) {
    // Paths with servers of their own (webhooks) are not under the top-level servers.
    let path_keys: Vec<String> = doc
        .get("paths")
        .and_then(Value::as_object)
        .map(|p| {
            p.iter()
                .filter(|(_, item)| item.get("servers").is_none())
                .map(|(key, _)| key.clone())
                .collect()
        })
        .unwrap_or_default();
    let Some(servers) = doc.get_mut("servers").and_then(Value::as_array_mut) else {
        return;
    };
    for (index, server) in servers.iter_mut().enumerate() {
        let Some(url) = server.get("url").and_then(Value::as_str) else {
            continue;
        };
        let Some(prefix) = url_path(url).filter(|p| !p.is_empty() && *p != "/") else {
            continue;
        };
        let prefix = prefix.trim_end_matches('/').to_owned();
        let all_prefixed = !path_keys.is_empty()
            && path_keys
                .iter()
                .all(|k| k == &prefix || k.starts_with(&format!("{prefix}/")));
        if all_prefixed {
            let origin = url
                .strip_suffix(url_path(url).unwrap_or_default())
                .unwrap_or(url)
                .to_owned();
            diags.push(Diagnostic::warning(
                "server-prefix-doubled",
                format!("/servers/{index}/url"),
                format!("server URL `{url}` repeats the `{prefix}` every path starts with; read as `{origin}`"),
            ));
            if let Some(obj) = server.as_object_mut() {
                obj.insert("url".into(), Value::String(origin));
            }
        }
    }
}

/// The path part of an absolute URL (`https://host/api/v1` -> `/api/v1`).
fn url_path(url: &str) -> Option<&str> {
    let after_scheme = url.split_once("://")?.1;
    let slash = after_scheme.find('/')?;
    after_scheme.get(slash..)
}

/// Operations without an `operationId` get one derived from method and path, so every
/// later stage (and the normalised document) can name them.
fn name_anonymous_operations(doc: &mut Value, diags: &mut Diagnostics) {
    let common = common_prefix(doc);
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            if op
                .get("operationId")
                .and_then(Value::as_str)
                .is_some_and(|s| !s.is_empty())
            {
                continue;
            }
            let name =
                derived_operation_id(method, path.strip_prefix(common.as_str()).unwrap_or(path));
            diags.push(Diagnostic::warning(
                "missing-operation-id",
                pointer::child(&pointer::child("/paths", path), method),
                format!("operation has no operationId; named `{name}` from its method and path"),
            ));
            op.insert("operationId".into(), Value::String(name));
        }
    }
}

/// The longest run of leading literal segments shared by every path the client calls
/// (e.g. `/api/v1`); paths with servers of their own (webhooks) do not count.
fn common_prefix(doc: &Value) -> String {
    let keys: Vec<&String> = doc
        .get("paths")
        .and_then(Value::as_object)
        .map(|p| {
            p.iter()
                .filter(|(_, item)| item.get("servers").is_none())
                .map(|(key, _)| key)
                .collect()
        })
        .unwrap_or_default();
    let Some(first) = keys.first() else {
        return String::new();
    };
    let mut prefix: Vec<&str> = first
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .collect();
    for key in &keys {
        let segments: Vec<&str> = key.split('/').filter(|s| !s.is_empty()).collect();
        let shared = prefix
            .iter()
            .zip(&segments)
            .take_while(|(a, b)| a == b)
            .count();
        prefix.truncate(shared);
    }
    // A prefix that is a whole path would leave that path with no name.
    if keys
        .iter()
        .any(|k| k.split('/').filter(|s| !s.is_empty()).count() <= prefix.len())
    {
        return String::new();
    }
    if prefix.is_empty() {
        String::new()
    } else {
        format!("/{}", prefix.join("/"))
    }
}

/// `post` + `/reports/work-session-events` -> `postReportsWorkSessionEvents`.
fn derived_operation_id(method: &str, path: &str) -> String {
    let words: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .collect();
    format!("{method} {}", words.join(" ")).to_lower_camel_case()
}

/// Two security schemes whose names differ only in case: the one no requirement names
/// is removed.
fn dedupe_security_schemes(doc: &mut Value, diags: &mut Diagnostics) {
    let used = used_security_schemes(doc);
    let Some(schemes) = doc
        .pointer_mut("/components/securitySchemes")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let names: Vec<String> = schemes.keys().cloned().collect();
    let mut removed = Vec::new();
    for (i, a) in names.iter().enumerate() {
        for b in names.iter().skip(i + 1) {
            if a != b && a.eq_ignore_ascii_case(b) {
                let unused = if used.contains(a) && !used.contains(b) {
                    b
                } else if used.contains(b) {
                    a
                } else {
                    b
                };
                if !removed.contains(unused) {
                    removed.push(unused.clone());
                }
            }
        }
    }
    for name in removed {
        schemes.shift_remove(&name);
        diags.push(Diagnostic::warning(
            "duplicate-security-scheme",
            pointer::child("/components/securitySchemes", &name),
            format!("security scheme `{name}` differs from another only in case and no requirement uses it; removed"),
        ));
    }
}

fn used_security_schemes(doc: &Value) -> Vec<String> {
    let mut used = Vec::new();
    let mut collect = |requirements: Option<&Value>| {
        for requirement in requirements.and_then(Value::as_array).into_iter().flatten() {
            if let Some(map) = requirement.as_object() {
                used.extend(map.keys().cloned());
            }
        }
    };
    collect(doc.get("security"));
    for item in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.values())
    {
        for method in METHODS {
            collect(item.get(method).and_then(|op| op.get("security")));
        }
    }
    used
}

/// Repairs that can occur anywhere in the tree.
fn repair_tree(value: &mut Value, path: &mut String, diags: &mut Diagnostics) {
    match value {
        Value::Object(map) => {
            repair_object(map, path, diags);
            for (key, child) in map.iter_mut() {
                let len = path.len();
                path.push('/');
                path.push_str(&pointer::escape_token(key));
                repair_tree(child, path, diags);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                let len = path.len();
                path.push('/');
                path.push_str(&index.to_string());
                repair_tree(child, path, diags);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

fn repair_object(map: &mut Map<String, Value>, path: &str, diags: &mut Diagnostics) {
    if map.get("examples").is_some_and(Value::is_null) {
        map.shift_remove("examples");
        diags.push(Diagnostic::warning(
            "null-examples",
            format!("{path}/examples"),
            "`examples: null` is not a map of examples; removed",
        ));
    }
    if is_response_without_description(map, path) {
        let status = pointer::tokens(path).last().cloned().unwrap_or_default();
        let description = reason_phrase(&status);
        diags.push(Diagnostic::warning(
            "missing-description",
            path,
            format!("response has no `description` (required); set to `{description}`"),
        ));
        map.insert("description".into(), Value::String(description.to_owned()));
    }
    if is_swagger2_header(map, path) {
        repair_swagger2_header(map);
        diags.push(Diagnostic::warning(
            "swagger2-header",
            path,
            "header written in Swagger 2 style (`type` beside `schema: null`); its type moved into `schema`",
        ));
    }
    repair_misplaced_example(map, path, diags);
    repair_untyped_binary(map, path, diags);
    repair_example_object_under_example(map, path, diags);
}

/// `format: binary` without `type: string`: OpenAPI 3.0 spells a file as a string with
/// that format, and tools (mock servers among them) read the typeless schema as an object.
fn repair_untyped_binary(map: &mut Map<String, Value>, path: &str, diags: &mut Diagnostics) {
    let binary = map.get("format").and_then(Value::as_str) == Some("binary");
    if !binary || map.contains_key("type") || map.contains_key("$ref") {
        return;
    }
    map.insert("type".into(), Value::String("string".into()));
    diags.push(Diagnostic::warning(
        "binary-without-type",
        path,
        "`format: binary` without a `type`; read as `type: string`",
    ));
}

/// A media type's `example` written as an Example Object (`{summary, value}`), which
/// belongs under `examples`: the value itself is taken as the example. Only where the
/// schema written beside it could not be an object with a `value` property.
fn repair_example_object_under_example(
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
    diags.push(Diagnostic::warning(
        "example-object-as-example",
        format!("{path}/example"),
        "an Example Object (`summary`, `value`) written under `example`, which takes the value itself; its `value` is taken",
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

fn repair_swagger2_header(map: &mut Map<String, Value>) {
    let mut schema = Map::new();
    for key in ["type", "format", "enum", "items", "default", "pattern"] {
        if let Some(value) = map.shift_remove(key) {
            schema.insert(key.into(), value);
        }
    }
    map.insert("schema".into(), Value::Object(schema));
}

/// `properties: {example: {email: ..}}`: an example indented one level too deep reads as
/// a property named `example`. It is moved back to the schema's `example`.
fn repair_misplaced_example(map: &mut Map<String, Value>, path: &str, diags: &mut Diagnostics) {
    let Some(properties) = map.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    let misplaced = properties.get("example").is_some_and(|v| match v {
        Value::Object(inner) => !inner.keys().any(|k| SCHEMA_KEYS.contains(&k.as_str())),
        _ => true,
    });
    if !misplaced {
        return;
    }
    let Some(example) = properties.shift_remove("example") else {
        return;
    };
    diags.push(Diagnostic::warning(
        "misplaced-example",
        format!("{path}/properties/example"),
        "`example` under `properties` is not a schema but an example value; moved to the schema's `example`",
    ));
    map.entry("example").or_insert(example);
}
