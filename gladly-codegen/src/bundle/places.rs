//! Where a part copied from another file goes in the main document, and under what name.

use crate::pointer;

/// The kinds of `components` entries.
const COMPONENT_KINDS: [&str; 10] = [
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
];

/// How many leading tokens of a fragment make the part copied, and the kind of component
/// it becomes: a named component or definition is copied whole (other `$ref`s into it
/// share the copy); anything else is copied as it is named, as the kind of thing the
/// `$ref`'s place holds.
pub(super) fn unit_of<'a>(tokens: &'a [String], referrer: &str) -> (usize, &'a str) {
    match tokens {
        [c, kind, _, ..] if c == "components" && COMPONENT_KINDS.contains(&kind.as_str()) => {
            (3, kind.as_str())
        }
        [d, _, ..] if d == "definitions" || d == "$defs" => (2, "schemas"),
        _ => (tokens.len(), kind_at(referrer)),
    }
}

/// The kind of object a `$ref` held at `referrer` stands for, from where it is.
fn kind_at(referrer: &str) -> &'static str {
    let tokens = pointer::tokens(referrer);
    let n = tokens.len();
    let last = |k: usize| tokens.get(n.wrapping_sub(k)).map(String::as_str);
    if let Some(slot) = component_slot(referrer) {
        return slot;
    }
    match (last(2), last(1)) {
        (Some("properties" | "patternProperties" | "$defs" | "definitions"), _) => "schemas",
        (_, Some("schema")) => "schemas",
        (Some("parameters"), _) => "parameters",
        (Some("responses"), _) => "responses",
        (_, Some("requestBody")) => "requestBodies",
        (Some("headers"), _) => "headers",
        (Some("examples"), _) => "examples",
        (Some("links"), _) => "links",
        (Some("callbacks"), _) => "callbacks",
        _ => "schemas",
    }
}

/// The kind of component whose entry `at` is (`/components/schemas/Pet` -> `schemas`).
pub(super) fn component_slot(at: &str) -> Option<&'static str> {
    match pointer::tokens(at).as_slice() {
        [c, kind, _] if c == "components" => COMPONENT_KINDS
            .iter()
            .copied()
            .find(|k| *k == kind.as_str()),
        _ => None,
    }
}

/// Whether the object at `at` is replaced by what its `$ref` names: a path item of
/// `paths` or `webhooks`, or a whole component.
pub(super) fn is_slot(at: &str) -> bool {
    let tokens = pointer::tokens(at);
    let path_item = matches!(tokens.as_slice(), [s, _] if s == "paths" || s == "webhooks");
    path_item || component_slot(at).is_some()
}

/// The component name of a copied part: the last token of the pointer, or the file's
/// name without its extension; only the characters 3.0 allows in a component name.
pub(super) fn unit_name(tokens: &[String], unit_len: usize, file: &str) -> String {
    let raw = match unit_len.checked_sub(1).and_then(|i| tokens.get(i)) {
        Some(last) => last.clone(),
        None => {
            let name = file.rsplit('/').next().unwrap_or(file);
            name.split('.').next().unwrap_or(name).to_owned()
        }
    };
    let clean: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean.is_empty() {
        "external".to_owned()
    } else {
        clean
    }
}
