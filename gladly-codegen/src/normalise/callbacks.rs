//! Callbacks given by `$ref`, which the OpenAPI reader cannot take (it reads a Callback
//! Object as a map of path items, where `$ref` is not one): the target is copied in.
//! The generator does not use callbacks; this keeps the rest of the document readable.

use serde_json::Value;

use super::repairs::CALLBACK_REF;
use super::METHODS;
use crate::diagnostic::Diagnostics;
use crate::pointer;

/// Replaces each `callbacks: {name: {$ref}}` of an operation by its target, or removes
/// it when the target is not a callback of this document.
pub(super) fn inline_callback_refs(doc: &mut Value, diags: &mut Diagnostics) {
    let mut found = Vec::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for method in METHODS {
            let callbacks = item
                .get(method)
                .and_then(|op| op.get("callbacks"))
                .and_then(Value::as_object);
            for (name, callback) in callbacks.into_iter().flatten() {
                if let Some(reference) = callback.get("$ref").and_then(Value::as_str) {
                    let ptr = pointer::child(&pointer::child("/paths", path), method);
                    let target = pointer::from_ref(reference)
                        .and_then(|target| pointer::get(doc, &target))
                        .filter(|t| t.is_object() && t.get("$ref").is_none())
                        .cloned();
                    found.push((ptr, name.clone(), reference.to_owned(), target));
                }
            }
        }
    }
    for (op_ptr, name, reference, target) in found {
        let Some(callbacks) = doc
            .pointer_mut(&format!("{op_ptr}/callbacks"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let at = pointer::child(&format!("{op_ptr}/callbacks"), &name);
        let message = match target {
            Some(target) => {
                callbacks.insert(name, target);
                format!("callback given by `$ref` (`{reference}`); its target is copied in")
            }
            None => {
                callbacks.shift_remove(&name);
                format!("callback given by `$ref` to `{reference}`, which is not a callback of this document; removed")
            }
        };
        diags.push(CALLBACK_REF.warning(at, message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn callback_refs_are_copied_in_or_removed() {
        let target = json!({"{$request.body#/url}": {"post": {"responses": {"200": {"description": "ok"}}}}});
        let mut doc = json!({
            "paths": {"/a": {"get": {"callbacks": {
                "found": {"$ref": "#/components/callbacks/found"},
                "lost": {"$ref": "#/components/callbacks/lost"}
            }}}},
            "components": {"callbacks": {"found": target.clone()}}
        });
        let mut diags = Diagnostics::default();
        inline_callback_refs(&mut doc, &mut diags);
        assert_eq!(
            doc["paths"]["/a"]["get"]["callbacks"],
            json!({"found": target})
        );
        let diags = diags.into_vec();
        assert_eq!(diags.len(), 2);
        assert!(diags.iter().all(|d| d.code == "callback-ref"));
        assert_eq!(diags[1].pointer, "/paths/~1a/get/callbacks/lost");
        assert!(
            diags[1].message.ends_with("removed"),
            "{}",
            diags[1].message
        );
    }
}
