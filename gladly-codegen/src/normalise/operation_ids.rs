//! Operation ids: every operation gets one, and no two share one.

use heck::ToLowerCamelCase;
use serde_json::Value;

use super::METHODS;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pointer;

/// Operations without an `operationId` get one derived from method and path, so every
/// later stage (and the normalised document) can name them.
pub(super) fn name_anonymous_operations(doc: &mut Value, diags: &mut Diagnostics) {
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
