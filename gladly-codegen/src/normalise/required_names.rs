//! `required` entries that name no property of their schema (`topicIDs` beside the
//! declared `topicIds`). Validators demand the undeclared name, so a mock server rejects
//! correct requests and flags the spec's own examples; the generated type cannot hold it.
//!
//! A name counts as declared when the schema, the other parts of an `allOf` it belongs to
//! (written beside it or reaching it by `$ref`), or the schema holding the `oneOf`/`anyOf`
//! it is a variant of declares it: `required` may legitimately name a property written
//! elsewhere in the same composition.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::repairs::REQUIRED_UNDECLARED;
use super::walk::{self, Kind};
use crate::diagnostic::Diagnostics;
use crate::{pointer, refs};

/// How deep `allOf` parts are followed when gathering declared names.
const MAX_DEPTH: usize = 16;

/// Renames each `required` entry that differs from one declared property only in case;
/// removes any other that names no property.
pub(super) fn repair_undeclared_required(doc: &mut Value, diags: &mut Diagnostics) {
    let mut candidates: Vec<String> = Vec::new();
    walk::walk(doc, &mut |kind, map, ptr| {
        if kind == Kind::Schema && !undeclared(map, &BTreeSet::new()).is_empty() {
            candidates.push(ptr.to_owned());
        }
    });
    if candidates.is_empty() {
        return;
    }
    let composed_with = allof_users(doc);
    for ptr in candidates {
        let context = context_names(doc, &ptr, &composed_with);
        if let Some(schema) = doc.pointer_mut(&ptr).and_then(Value::as_object_mut) {
            repair_schema(schema, &ptr, &context, diags);
        }
    }
}

/// The `required` names of `schema` that neither its own properties nor `context`
/// declare, with their index. Empty where `required` cannot be judged: the schema
/// declares no properties, or admits additional ones, which a required name may be.
fn undeclared(schema: &Map<String, Value>, context: &BTreeSet<String>) -> Vec<(usize, String)> {
    let Some(Value::Object(properties)) = schema.get("properties") else {
        return Vec::new();
    };
    let closed = matches!(
        schema.get("additionalProperties"),
        None | Some(Value::Bool(false))
    );
    let Some(Value::Array(required)) = schema.get("required") else {
        return Vec::new();
    };
    if properties.is_empty() || !closed {
        return Vec::new();
    }
    required
        .iter()
        .enumerate()
        .filter_map(|(i, name)| Some((i, name.as_str()?)))
        .filter(|(_, name)| !properties.contains_key(*name) && !context.contains(*name))
        .map(|(i, name)| (i, name.to_owned()))
        .collect()
}

fn repair_schema(
    schema: &mut Map<String, Value>,
    ptr: &str,
    context: &BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    let unknown = undeclared(schema, context);
    if unknown.is_empty() {
        return;
    }
    let mut declared: BTreeSet<String> = context.clone();
    if let Some(Value::Object(properties)) = schema.get("properties") {
        declared.extend(properties.keys().cloned());
    }
    let mut renames: BTreeMap<usize, String> = BTreeMap::new();
    for (index, name) in &unknown {
        let lower = name.to_lowercase();
        let mut matches = declared.iter().filter(|d| d.to_lowercase() == lower);
        // The list itself: removals renumber its entries.
        let at = format!("{ptr}/required");
        match (matches.next(), matches.next()) {
            (Some(property), None) => {
                diags.push(REQUIRED_UNDECLARED.warning(
                    at,
                    format!("`required` names `{name}`, which is not declared; read as the declared `{property}`"),
                ));
                renames.insert(*index, property.clone());
            }
            _ => diags.push(REQUIRED_UNDECLARED.warning(
                at,
                format!(
                    "`required` names `{name}`, which no property of the schema declares; removed"
                ),
            )),
        }
    }
    let Some(Value::Array(required)) = schema.get_mut("required") else {
        return;
    };
    let mut kept: Vec<Value> = Vec::with_capacity(required.len());
    for (index, entry) in required.drain(..).enumerate() {
        let entry = match renames.remove(&index) {
            Some(renamed) => Value::String(renamed),
            None if unknown.iter().any(|(i, _)| *i == index) => continue,
            None => entry,
        };
        if !kept.contains(&entry) {
            kept.push(entry);
        }
    }
    if kept.is_empty() {
        schema.shift_remove("required");
    } else {
        schema.insert("required".into(), Value::Array(kept));
    }
}

/// For each schema that an `allOf` reaches by `$ref`, the pointers of those `allOf`
/// lists: their other parts are the schema's context wherever it is defined.
fn allof_users(doc: &Value) -> BTreeMap<String, Vec<String>> {
    let mut users: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (at, reference) in refs::collect(doc) {
        let Some((list, index)) = at.rsplit_once('/') else {
            continue;
        };
        if !list.ends_with("/allOf") || index.parse::<usize>().is_err() {
            continue;
        }
        if let Some((target, _)) =
            pointer::from_ref(&reference).and_then(|p| pointer::resolve(doc, &p).ok())
        {
            users.entry(target).or_default().push(list.to_owned());
        }
    }
    users
}

/// Names declared around the schema at `ptr`: by its own `allOf` parts, by the other
/// parts of an `allOf` holding it (in place or by `$ref`), and by the schema whose
/// `oneOf`/`anyOf` lists it.
fn context_names(
    doc: &Value,
    ptr: &str,
    composed_with: &BTreeMap<String, Vec<String>>,
) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    if let Some(schema) = doc.pointer(ptr) {
        for part in list(schema, "allOf") {
            declared_names(doc, part, 0, &mut names);
        }
    }
    let mut lists: Vec<String> = composed_with.get(ptr).cloned().unwrap_or_default();
    if let Some((list_ptr, _)) = ptr.rsplit_once('/') {
        lists.push(list_ptr.to_owned());
    }
    for list_ptr in lists {
        let Some((owner_ptr, keyword)) = list_ptr.rsplit_once('/') else {
            continue;
        };
        if !matches!(keyword, "allOf" | "oneOf" | "anyOf") {
            continue;
        }
        let Some(owner) = doc.pointer(owner_ptr) else {
            continue;
        };
        // The owner's own properties and `allOf` parts hold for every variant and part.
        if let Some(Value::Object(properties)) = owner.get("properties") {
            names.extend(properties.keys().cloned());
        }
        for part in list(owner, "allOf") {
            declared_names(doc, part, 0, &mut names);
        }
    }
    names
}

/// The properties `schema` declares, through `$ref`s and its `allOf` parts.
fn declared_names(doc: &Value, schema: &Value, depth: usize, names: &mut BTreeSet<String>) {
    if depth > MAX_DEPTH {
        return;
    }
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            match pointer::from_ref(reference).and_then(|p| pointer::resolve_node(doc, &p)) {
                Some(target) => return declared_names(doc, target, depth + 1, names),
                None => return,
            }
        }
        None => schema,
    };
    if let Some(Value::Object(properties)) = schema.get("properties") {
        names.extend(properties.keys().cloned());
    }
    for part in list(schema, "allOf") {
        declared_names(doc, part, depth + 1, names);
    }
}

fn list<'a>(schema: &'a Value, keyword: &str) -> impl Iterator<Item = &'a Value> {
    schema
        .get(keyword)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn repaired(mut doc: Value) -> (Value, Vec<String>) {
        let mut diags = Diagnostics::default();
        repair_undeclared_required(&mut doc, &mut diags);
        let warnings = diags
            .into_vec()
            .into_iter()
            .map(|d| format!("{} {}", d.pointer, d.message))
            .collect();
        (doc, warnings)
    }

    fn schema(doc: &Value, name: &str) -> Value {
        doc.pointer(&format!("/components/schemas/{name}"))
            .cloned()
            .unwrap_or(Value::Null)
    }

    #[test]
    fn a_name_differing_in_case_is_renamed_and_an_unknown_one_removed() {
        let (doc, warnings) = repaired(json!({"components": {"schemas": {"T": {
            "properties": {"topicIds": {}, "body": {}},
            "required": ["topicIDs", "content", "body"]
        }}}}));
        assert_eq!(schema(&doc, "T")["required"], json!(["topicIds", "body"]));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with("/components/schemas/T/required "));
        assert!(warnings[0]
            .contains("`topicIDs`, which is not declared; read as the declared `topicIds`"));
        assert!(
            warnings[1].contains("`content`, which no property of the schema declares; removed")
        );
    }

    #[test]
    fn a_renamed_name_already_required_is_not_listed_twice() {
        let (doc, _) = repaired(json!({"components": {"schemas": {"T": {
            "properties": {"id": {}}, "required": ["id", "ID"]
        }}}}));
        assert_eq!(schema(&doc, "T")["required"], json!(["id"]));
    }

    #[test]
    fn names_declared_elsewhere_in_the_composition_are_kept() {
        let doc = json!({"components": {"schemas": {
            "Base": {"properties": {"a": {}}, "required": ["a", "b"]},
            "Whole": {"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"properties": {"b": {}}, "required": ["a"]}
            ]},
            "Union": {
                "properties": {"kind": {}},
                "oneOf": [{"properties": {"x": {}}, "required": ["kind", "x"]}]
            }
        }}});
        let (repaired_doc, warnings) = repaired(doc.clone());
        assert_eq!(repaired_doc, doc);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn schemas_that_cannot_be_judged_are_left_alone() {
        // No properties (a part adding `required` only), or additional properties allowed.
        let doc = json!({"components": {"schemas": {
            "OnlyRequired": {"required": ["url"]},
            "Open": {"properties": {"a": {}}, "additionalProperties": {}, "required": ["b"]}
        }}});
        let (repaired_doc, warnings) = repaired(doc.clone());
        assert_eq!(repaired_doc, doc);
        assert!(warnings.is_empty());
    }

    #[test]
    fn an_empty_required_list_is_removed() {
        let (doc, warnings) = repaired(json!({"components": {"schemas": {"T": {
            "properties": {"a": {}}, "required": ["message"]
        }}}}));
        assert_eq!(schema(&doc, "T"), json!({"properties": {"a": {}}}));
        assert_eq!(warnings.len(), 1);
    }
}
