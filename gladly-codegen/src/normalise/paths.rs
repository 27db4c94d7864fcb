//! Path keys and server URLs: path keys that are not path templates, and a server URL
//! that repeats the prefix every path already has.

use serde_json::{json, Value};

use super::METHODS;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pointer;

/// `/x/{id}?a={a}` -> `/x/{id}` (declaring `a` as a query parameter if it is not yet),
/// and `/x/:id` -> `/x/{id}`. `$ref`s into a renamed path are rewritten to follow it.
pub(super) fn repair_path_keys(doc: &mut Value, diags: &mut Diagnostics) {
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
pub(super) fn strip_server_prefix(doc: &mut Value, diags: &mut Diagnostics) {
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
