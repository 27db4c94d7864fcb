//! Reads an OpenAPI 3.1 document as 3.0: the tree is rewritten to its 3.0.3 form before
//! the 3.0 repairs, so every later stage (and `openapiv3`) sees one model.
//!
//! Each *kind* of rewrite is one warning, at the first place it was made, with the count
//! of places: a large 3.1 document writes `type: [T, "null"]` thousands of times, and a
//! warning per place would bury everything else the generator has to say.

pub mod rewrites;
mod schema;
#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostics;
use crate::{pointer, refs};
use rewrites::{
    Rewrite, DEFS_MOVED, INFO_FIELDS, JSON_SCHEMA_KEYWORD, MISSING_PATHS, MUTUAL_TLS, OPENAPI_31,
    PATH_ITEM_COMPONENT,
};

/// Keys whose value is a map keyed by names the spec author chose (a header may be called
/// `schema`): their entries are never taken for keywords.
const NAME_MAPS: [&str; 16] = [
    "headers",
    "content",
    "responses",
    "parameters",
    "securitySchemes",
    "callbacks",
    "links",
    "requestBodies",
    "pathItems",
    "x-pathItems",
    "webhooks",
    "paths",
    "encoding",
    "variables",
    "mapping",
    "scopes",
];

/// Rewrites a 3.1 document to 3.0.3 in place.
pub fn downgrade(doc: &mut Value, diags: &mut Diagnostics) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let version = root
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let mut tally = Tally::default();
    document_keywords(root, &mut tally);
    info_fields(root, &mut tally);
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Object(Map::new()));
        tally.note(
            MISSING_PATHS,
            "the document has no `paths` (3.1 allows one with only webhooks); read as `paths: {}`",
            "",
        );
    }
    mutual_tls(root, &mut tally);
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    path_items(doc, &mut tally);
    let mut defs_sites = Vec::new();
    let mut path = String::new();
    walk_document(doc, &mut path, false, &mut tally, &mut defs_sites);
    move_defs(doc, &defs_sites, &mut tally);
    diags.push(OPENAPI_31.warning(
        "/openapi",
        format!(
            "OpenAPI `{version}` read as 3.0.3: each kind of 3.1 construct rewritten to its 3.0 form is reported once below, at its first place"
        ),
    ));
    tally.report(diags);
}

/// Kinds of rewrite, each with the first place it was made and how many places.
#[derive(Default)]
pub(crate) struct Tally {
    kinds: Vec<Kind>,
}

struct Kind {
    rewrite: Rewrite,
    message: &'static str,
    first: String,
    count: usize,
}

impl Tally {
    /// Records one rewrite of kind `rewrite` at `at`.
    pub(crate) fn note(&mut self, rewrite: Rewrite, message: &'static str, at: &str) {
        match self.kinds.iter_mut().find(|k| k.rewrite == rewrite) {
            Some(kind) => kind.count += 1,
            None => self.kinds.push(Kind {
                rewrite,
                message,
                first: at.to_owned(),
                count: 1,
            }),
        }
    }

    fn report(self, diags: &mut Diagnostics) {
        for kind in self.kinds {
            let message = if kind.count == 1 {
                kind.message.to_owned()
            } else {
                format!(
                    "{} ({} places; the first is shown)",
                    kind.message, kind.count
                )
            };
            diags.push(kind.rewrite.warning(kind.first, message));
        }
    }
}

/// `jsonSchemaDialect` and a top-level `$schema` name the JSON Schema dialect, which 3.0
/// fixes; they are removed.
fn document_keywords(root: &mut Map<String, Value>, tally: &mut Tally) {
    for key in ["jsonSchemaDialect", "$schema"] {
        if root.shift_remove(key).is_some() {
            tally.note(
                JSON_SCHEMA_KEYWORD,
                "JSON Schema keywords 3.0 does not have (`jsonSchemaDialect`, `$schema`, `$id`, `$comment`) removed",
                &pointer::child("", key),
            );
        }
    }
}

/// `info.summary` becomes the description when there is none; `license.identifier` (an
/// SPDX id) becomes the license's URL when there is none.
fn info_fields(root: &mut Map<String, Value>, tally: &mut Tally) {
    let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) else {
        return;
    };
    let message = "`info.summary` and `license.identifier` (3.1 only) moved to `description` and the license `url` where those are empty, else removed";
    if let Some(summary) = info.shift_remove("summary") {
        tally.note(INFO_FIELDS, message, "/info/summary");
        if !info.contains_key("description") {
            info.insert("description".into(), summary);
        }
    }
    let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) else {
        return;
    };
    if let Some(identifier) = license.shift_remove("identifier") {
        tally.note(INFO_FIELDS, message, "/info/license/identifier");
        if let (false, Some(id)) = (license.contains_key("url"), identifier.as_str()) {
            let url = format!("https://spdx.org/licenses/{id}.html");
            license.insert("url".into(), Value::String(url));
        }
    }
}

/// `mutualTLS` security schemes have no 3.0 form; they are removed (TLS client
/// certificates are the HTTP client's business, not the generated code's).
fn mutual_tls(root: &mut Map<String, Value>, tally: &mut Tally) {
    let Some(schemes) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let names: Vec<String> = schemes
        .iter()
        .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    for name in names {
        tally.note(
            MUTUAL_TLS,
            "`mutualTLS` security scheme (3.1 only) removed: 3.0 cannot express it, and TLS client certificates are the HTTP client's business",
            &pointer::child("/components/securitySchemes", &name),
        );
        schemes.shift_remove(&name);
    }
}

/// 3.1 keeps reusable path items in `components/pathItems`, which 3.0 lacks: a path or
/// webhook given by a `$ref` to one gets a copy of it, and the originals move to
/// `components/x-pathItems` (an extension 3.0 allows) so that other `$ref`s into them
/// still resolve.
fn path_items(doc: &mut Value, tally: &mut Tally) {
    let has_items = doc
        .get("components")
        .and_then(|c| c.get("pathItems"))
        .is_some();
    if !has_items {
        return;
    }
    for section in ["paths", "webhooks"] {
        let keys: Vec<String> = doc
            .get(section)
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for key in keys {
            let at = pointer::child(&pointer::child("", section), &key);
            let Some(item) = doc.pointer(&at).and_then(Value::as_object) else {
                continue;
            };
            let Some(target) = item
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(pointer::from_ref)
                .filter(|t| t.starts_with("/components/pathItems/"))
            else {
                continue;
            };
            let Ok((_, found)) = pointer::resolve(doc, &target) else {
                continue;
            };
            let Value::Object(mut copy) = found.clone() else {
                continue;
            };
            for (k, v) in item.iter().filter(|(k, _)| *k != "$ref") {
                copy.insert(k.clone(), v.clone());
            }
            if let Some(slot) = doc.pointer_mut(&at) {
                *slot = Value::Object(copy);
            }
            tally.note(
                PATH_ITEM_COMPONENT,
                "path item given by a `$ref` into `components/pathItems` (3.1 only) copied in place; the originals moved to `components/x-pathItems`",
                &at,
            );
        }
    }
    if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
        if let Some(items) = components.shift_remove("pathItems") {
            components.insert("x-pathItems".into(), items);
        }
    }
    refs::retarget(
        doc,
        &[(
            "/components/pathItems".to_owned(),
            "/components/x-pathItems".to_owned(),
        )],
    );
}

/// Walks the parts of the document that are not schemas, rewriting every schema found:
/// `components/schemas/*` and every `schema` of a parameter, header or media type
/// (under paths, webhooks, callbacks and components alike). Examples and extensions are
/// data and are not entered.
fn walk_document(
    value: &mut Value,
    path: &mut String,
    in_name_map: bool,
    tally: &mut Tally,
    defs_sites: &mut Vec<String>,
) {
    match value {
        Value::Object(map) => {
            let is_components = path == "/components";
            for (key, child) in map.iter_mut() {
                let data = key == "example"
                    || key == "examples"
                    || key.starts_with("x-") && key != "x-pathItems";
                if data && !in_name_map {
                    continue;
                }
                pointer::in_key(path, key, |path| {
                    if is_components && key == "schemas" {
                        if let Some(schemas) = child.as_object_mut() {
                            for (name, schema) in schemas.iter_mut() {
                                let at = pointer::child(path, name);
                                schema::rewrite(schema, &at, tally, defs_sites);
                            }
                        }
                    } else if !in_name_map && key == "schema" {
                        schema::rewrite(child, path, tally, defs_sites);
                    } else {
                        let names = !in_name_map && NAME_MAPS.contains(&key.as_str());
                        walk_document(child, path, names, tally, defs_sites);
                    }
                });
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                pointer::in_index(path, index, |path| {
                    walk_document(child, path, false, tally, defs_sites)
                });
            }
        }
        _ => {}
    }
}

/// Schemas under `$defs` (or the older `definitions`) move to `components/schemas`, where
/// 3.0 keeps reusable schemas, under their own name when it is free; `$ref`s follow them.
/// The innermost move first, so the pointers of the outer ones still hold.
fn move_defs(doc: &mut Value, sites: &[String], tally: &mut Tally) {
    for site in sites.iter().rev() {
        for keyword in ["$defs", "definitions"] {
            let defs = doc
                .pointer_mut(site)
                .and_then(Value::as_object_mut)
                .and_then(|schema| schema.shift_remove(keyword));
            let Some(Value::Object(defs)) = defs else {
                continue;
            };
            let owner = pointer::tokens(site).pop().unwrap_or_default();
            let mut moves = Vec::new();
            for (name, schema) in defs {
                let from = pointer::child(&pointer::child(site, keyword), &name);
                let Some(key) = free_schema_name(doc, &name, &owner) else {
                    continue;
                };
                let to = pointer::child("/components/schemas", &key);
                insert_schema(doc, &key, schema);
                tally.note(
                    DEFS_MOVED,
                    "schemas under `$defs` moved to `components/schemas`, where 3.0 keeps them; `$ref`s to them follow",
                    &from,
                );
                moves.push((from, to));
            }
            refs::retarget(doc, &moves);
        }
    }
}

/// `name` if no component schema has it, else `{owner}_{name}`, else numbered.
fn free_schema_name(doc: &Value, name: &str, owner: &str) -> Option<String> {
    let taken = |n: &str| {
        doc.pointer(&pointer::child("/components/schemas", n))
            .is_some()
    };
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let name = clean(name);
    let prefixed = format!("{}_{name}", clean(owner));
    [name.clone(), prefixed]
        .into_iter()
        .chain((2..1000).map(|n| format!("{name}_{n}")))
        .find(|candidate| !taken(candidate))
}

fn insert_schema(doc: &mut Value, key: &str, schema: Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else {
        return;
    };
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(schemas) = schemas.as_object_mut() {
        schemas.insert(key.to_owned(), schema);
    }
}
