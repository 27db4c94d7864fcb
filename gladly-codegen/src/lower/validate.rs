//! Checks on the finished type space, in a pass of their own: lowering builds the model,
//! this reads it and reports what the spec says that the types cannot express.

use std::collections::BTreeSet;

use super::space::{Required, Shape, TypeId, TypeSpace};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir::Field;

/// Runs every check over the types, in IR order.
pub fn check(space: &TypeSpace, diags: &mut Diagnostics) {
    for (_, entry) in space.in_order() {
        if let Some(Shape::Struct { fields, required }) = &entry.shape {
            undeclared_required(fields, required, diags);
        }
    }
}

/// `required` naming a property the object does not declare is a spec error the type
/// cannot express (often a misspelling: `topicIDs` beside `topicIds`); it is reported so
/// that a server rejecting the request is not a surprise.
fn undeclared_required(fields: &[Field<TypeId>], required: &[Required], diags: &mut Diagnostics) {
    let declared: BTreeSet<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    for Required { name, pointer } in required {
        if declared.contains(name.as_str()) {
            continue;
        }
        let similar = declared.iter().find(|d| d.eq_ignore_ascii_case(name));
        let mut diagnostic = Diagnostic::warning(
            "undeclared-required",
            pointer,
            format!("`required` lists `{name}`, which is not a declared property; the type cannot require it"),
        );
        if let Some(similar) = similar {
            diagnostic = diagnostic.with_hint(format!("did you mean `{similar}`?"));
        }
        diags.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::test_support::lower_doc;
    use serde_json::json;

    #[test]
    fn required_names_must_be_declared_somewhere_in_the_chain() {
        let doc = json!({"components": {"schemas": {
            "Base": {"type": "object", "required": ["extra"], "properties": {"topicIds": {}}},
            "Derived": {"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"type": "object", "required": ["topicIDs", "extra", "kind"],
                 "properties": {"extra": {}}}
            ]}
        }}});
        let (_, diags) = lower_doc(&doc);
        let found: Vec<(&str, Option<&str>)> = diags
            .items()
            .iter()
            .map(|d| (d.pointer.as_str(), d.hint.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                // `Base` alone does not declare `extra`; `Derived` does, through its part.
                ("/components/schemas/Base/required/0", None),
                (
                    "/components/schemas/Derived/allOf/1/required/0",
                    Some("did you mean `topicIds`?")
                ),
                ("/components/schemas/Derived/allOf/1/required/2", None),
            ]
        );
    }
}
