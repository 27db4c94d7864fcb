//! Whole-document work on `$ref`s: visiting them, moving their targets, and rewriting a
//! `$ref` whose pointer passes through another `$ref` to the place it really leads.

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::normalise::repairs::REF_THROUGH_REF;
use crate::pointer::{self, ResolveError};

/// Calls `f` with the pointer of every object holding a string `$ref`, and the reference.
/// Example values are data, not references: they are skipped (see [`is_example_data`]).
pub(crate) fn visit_mut(value: &mut Value, f: &mut dyn FnMut(&str, &mut String)) {
    let mut path = String::new();
    visit_at(value, &mut path, f);
}

fn visit_at(value: &mut Value, path: &mut String, f: &mut dyn FnMut(&str, &mut String)) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                f(path, reference);
            }
            for (key, child) in map.iter_mut() {
                if is_example_data(path, key, child) {
                    continue;
                }
                pointer::in_key(path, key, |path| visit_at(child, path, f));
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                pointer::in_index(path, index, |path| visit_at(child, path, f));
            }
        }
        _ => {}
    }
}

/// Rewrites every local `$ref` into a moved subtree: `(from, to)` pointer prefixes.
pub(crate) fn retarget(doc: &mut Value, moves: &[(String, String)]) {
    if moves.is_empty() {
        return;
    }
    visit_mut(doc, &mut |_, reference| {
        let Some(target) = pointer::from_ref(reference) else {
            return;
        };
        for (from, to) in moves {
            let rest = target.strip_prefix(from.as_str());
            if let Some(rest) = rest.filter(|r| r.is_empty() || r.starts_with('/')) {
                *reference = pointer::to_ref(&format!("{to}{rest}"));
                return;
            }
        }
    });
}

/// A `$ref` whose pointer passes through another `$ref` (`#/paths/~1a/post/.../schema/
/// properties/x` where `.../schema` is itself a `$ref`) is rewritten to the canonical
/// pointer of what it reaches, so that every later reader can look targets up plainly;
/// each is a warning. A loop of `$ref`s on the way is an error located at the `$ref`.
/// Targets that are missing or in other documents are left for lowering to report.
pub fn canonicalise(doc: &mut Value, diags: &mut Diagnostics) {
    let mut rewrites: Vec<(String, String, String)> = Vec::new();
    let snapshot: &Value = doc;
    for (at, reference) in collect(snapshot) {
        let Some(target) = pointer::from_ref(&reference) else {
            continue;
        };
        match pointer::resolve(snapshot, &target) {
            Ok((canonical, _)) if pointer::tokens(&canonical) != pointer::tokens(&target) => {
                rewrites.push((at, reference, canonical));
            }
            Err(ResolveError::Loop { through }) => {
                let through: Vec<String> = through
                    .iter()
                    .take(4)
                    .map(|p| format!("`{}`", pointer::to_ref(p)))
                    .collect();
                diags.push(
                    Diagnostic::error(
                        "ref-cycle",
                        format!("{at}/$ref"),
                        format!(
                            "`$ref` to `{reference}` never arrives: the `$ref`s on its way lead back on themselves (through {})",
                            through.join(", ")
                        ),
                    )
                    .with_hint("one `$ref` on the way must point at an object written out"),
                );
            }
            _ => {}
        }
    }
    for (at, reference, canonical) in rewrites {
        let new_ref = pointer::to_ref(&canonical);
        if let Some(Value::String(slot)) = doc.pointer_mut(&format!("{at}/$ref")) {
            *slot = new_ref.clone();
        }
        diags.push(REF_THROUGH_REF.warning(
            format!("{at}/$ref"),
            format!("`$ref` to `{reference}` passes through another `$ref`; rewritten to `{new_ref}`, where it leads"),
        ));
    }
}

/// Whether `key` of the object at `path` holds example data, where a `$ref` is a value
/// and not a reference: an `example` (unless it is a property of that name), the `value`
/// of an Example Object, and a schema's list of `examples`. (An Example Object given by
/// `$ref` is a reference, and is visited.)
pub(crate) fn is_example_data(path: &str, key: &str, value: &Value) -> bool {
    // Asked for every key of every object: the last two tokens are read in place, and
    // unescaped as they are, since the names compared with contain no `~`.
    let mut tokens = path.rsplit('/');
    let last = tokens.next();
    let second_last = tokens.next();
    match key {
        "example" => last != Some("properties"),
        "examples" => value.is_array(),
        "value" => second_last == Some("examples") && last != Some("properties"),
        _ => false,
    }
}

/// Every string `$ref` with the pointer of the object holding it, in document order,
/// example data left out.
pub(crate) fn collect(value: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect_at(value, &mut String::new(), &mut out);
    out
}

fn collect_at(value: &Value, path: &mut String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push((path.clone(), reference.clone()));
            }
            for (key, child) in map {
                if is_example_data(path, key, child) {
                    continue;
                }
                pointer::in_key(path, key, |path| collect_at(child, path, out));
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointer::in_index(path, index, |path| collect_at(child, path, out));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refs_through_refs_are_rewritten_to_where_they_lead() {
        let mut doc = json!({
            "paths": {"/a": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Thing"}
            }}}}}},
            "components": {"schemas": {
                "Thing": {"properties": {"owner": {"$ref": "#/components/schemas/Owner"}}},
                "Owner": {"properties": {"name": {"type": "string"}}},
                "Uses": {"$ref": "#/paths/~1a/post/requestBody/content/application~1json/schema/properties/owner/properties/name"},
                "Plain": {"$ref": "#/components/schemas/Thing"}
            }}
        });
        let mut diags = Diagnostics::default();
        canonicalise(&mut doc, &mut diags);
        assert_eq!(
            doc.pointer("/components/schemas/Uses/$ref"),
            Some(&json!("#/components/schemas/Owner/properties/name"))
        );
        assert_eq!(
            doc.pointer("/components/schemas/Plain/$ref"),
            Some(&json!("#/components/schemas/Thing"))
        );
        let codes: Vec<_> = diags.items().iter().map(|d| d.code).collect();
        assert_eq!(codes, ["ref-through-ref"]);
    }

    #[test]
    fn example_values_are_data_not_references() {
        let doc = json!({
            "content": {"application/json": {
                "example": {"$ref": "schema.json"},
                "examples": {
                    "one": {"value": {"$ref": "other.json"}},
                    "two": {"$ref": "examples/two.yaml"}
                },
                "schema": {
                    "examples": [{"$ref": "three.json"}],
                    "properties": {
                        "example": {"$ref": "#/components/schemas/A"},
                        "value": {"$ref": "#/components/schemas/B"}
                    }
                }
            }}
        });
        let found: Vec<String> = collect(&doc).into_iter().map(|(at, _)| at).collect();
        assert_eq!(
            found,
            [
                "/content/application~1json/examples/two",
                "/content/application~1json/schema/properties/example",
                "/content/application~1json/schema/properties/value"
            ]
        );
    }

    #[test]
    fn a_loop_on_the_way_is_an_error() {
        let mut doc = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B/properties/x"},
            "B": {"$ref": "#/components/schemas/A/properties/x"},
            "C": {"$ref": "#/components/schemas/A/properties/x"}
        }}});
        let mut diags = Diagnostics::default();
        canonicalise(&mut doc, &mut diags);
        assert!(diags.has_errors());
        assert!(diags.items().iter().all(|d| d.code == "ref-cycle"));
    }

    #[test]
    fn retarget_moves_refs_by_prefix() {
        let mut doc = json!({"a": {"$ref": "#/components/schemas/X/$defs/Y/properties/z"},
                             "b": {"$ref": "#/components/schemas/X/$defsY"}});
        retarget(
            &mut doc,
            &[(
                "/components/schemas/X/$defs/Y".into(),
                "/components/schemas/Y".into(),
            )],
        );
        assert_eq!(
            doc.pointer("/a/$ref"),
            Some(&json!("#/components/schemas/Y/properties/z"))
        );
        assert_eq!(
            doc.pointer("/b/$ref"),
            Some(&json!("#/components/schemas/X/$defsY"))
        );
    }
}
