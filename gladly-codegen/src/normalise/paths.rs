//! Path keys and server URLs: path keys that are not path templates, and a server URL
//! that repeats the prefix every path already has.

use serde_json::{json, Value};

use super::repairs::{DUPLICATE_PATH, PATH_KEY, QUERY_PARAMETER, SERVER_PREFIX};
use super::METHODS;
use crate::diagnostic::Diagnostics;
use crate::pointer;

/// `/x/{id}?a={a}` -> `/x/{id}` (declaring `a` as a query parameter if it is not yet),
/// and `/x/:id` -> `/x/{id}`. `$ref`s into a renamed path are rewritten to follow it.
pub(super) fn repair_path_keys(doc: &mut Value, diags: &mut Diagnostics) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let mut renames = Vec::new();
    // Operations dropped because another path key took their place, kept where `$ref`s
    // into them still find them.
    let mut set_aside: Vec<(String, &'static str, Value)> = Vec::new();
    let old = std::mem::take(paths);
    for (key, mut item) in old {
        let (clean, query_names) = clean_path_key(&key);
        let from = pointer::child("/paths", &key);
        let to = pointer::child("/paths", &clean);
        if clean != key {
            diags.push(PATH_KEY.warning(
                &from,
                format!("path key `{key}` is not a path template; read as `{clean}`"),
            ));
            for name in &query_names {
                declare_query_parameter(&mut item, name, &to, diags);
            }
        }
        match paths.get_mut(&clean) {
            Some(existing) => {
                let dropped = merge_path_item(existing, item, &from, &to, &mut renames);
                let dropped: Vec<&str> = dropped
                    .into_iter()
                    .map(|(method, op)| {
                        set_aside.push((key.clone(), method, op));
                        method
                    })
                    .collect();
                let message = if dropped.is_empty() {
                    format!("two path keys normalise to `{clean}`; their operations are merged")
                } else {
                    format!(
                        "two path keys normalise to `{clean}`; their operations are merged, and the later `{}` dropped",
                        dropped.join("`, `")
                    )
                };
                diags.push(DUPLICATE_PATH.warning(&from, message));
            }
            None => {
                if clean != key {
                    renames.push((from, to));
                }
                paths.insert(clean, item);
            }
        }
    }
    if !set_aside.is_empty() {
        if let Some(root) = doc.as_object_mut() {
            let store = root
                .entry(SET_ASIDE)
                .or_insert_with(|| Value::Object(Default::default()));
            for (key, method, op) in set_aside {
                let at = pointer::child(&pointer::child(&format!("/{SET_ASIDE}"), &key), method);
                renames.push((pointer::child(&pointer::child("/paths", &key), method), at));
                if let Some(store) = store.as_object_mut() {
                    let item = store
                        .entry(key)
                        .or_insert_with(|| Value::Object(Default::default()));
                    if let Some(item) = item.as_object_mut() {
                        item.insert(method.to_owned(), op);
                    }
                }
            }
        }
    }
    if !renames.is_empty() {
        rewrite_refs(doc, &renames);
    }
}

/// Where operations dropped by a path-key collision are kept (an extension key, so the
/// document stays valid OpenAPI).
const SET_ASIDE: &str = "x-dropped-operations";

/// Moves the operations of `item` (at `from`) that `existing` (at `to`) lacks into it,
/// each with the path-level parameters it inherited, so that no operation, and no `$ref`
/// into one, is lost when two path keys normalise to one (`/a?view=x` beside `/a`).
/// Returns the operations whose methods `existing` already had: they are dropped.
fn merge_path_item(
    existing: &mut Value,
    item: Value,
    from: &str,
    to: &str,
    renames: &mut Vec<(String, String)>,
) -> Vec<(&'static str, Value)> {
    let mut dropped = Vec::new();
    let (Some(existing), Value::Object(mut item)) = (existing.as_object_mut(), item) else {
        return dropped;
    };
    let inherited = item.remove("parameters");
    for method in METHODS {
        let Some(mut op) = item.remove(method) else {
            continue;
        };
        if existing.contains_key(method) {
            dropped.push((method, op));
            continue;
        }
        if let (Some(Value::Array(shared)), Some(op)) = (&inherited, op.as_object_mut()) {
            let list = op
                .entry("parameters")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Some(list) = list.as_array_mut() {
                for parameter in shared {
                    let name = parameter.get("name").and_then(Value::as_str);
                    let location = parameter.get("in").and_then(Value::as_str);
                    let overridden = match (name, location) {
                        (Some(name), Some(location)) => {
                            has_parameter(Some(&Value::Array(list.clone())), name, location)
                        }
                        _ => list.contains(parameter),
                    };
                    if !overridden {
                        list.push(parameter.clone());
                    }
                }
            }
        }
        renames.push((pointer::child(from, method), pointer::child(to, method)));
        existing.insert(method.to_owned(), op);
    }
    dropped
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
            diags.push(QUERY_PARAMETER.warning(
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
            diags.push(SERVER_PREFIX.warning(
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
