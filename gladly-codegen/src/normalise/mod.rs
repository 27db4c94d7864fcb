//! Repairs the known defects of real-world specs on the generic tree, before the
//! document is read as OpenAPI. Every repair is reported as a warning with the JSON
//! pointer of what it changed, so a reviewer sees exactly how the input was read.
//!
//! One module per family of repair: [`paths`] (path keys, server URLs),
//! [`operation_ids`], [`security`]; the repairs that can occur anywhere in the tree,
//! applied node by node: [`responses`], [`examples`], [`schemas`]; then [`callbacks`]
//! given by `$ref`, and values of the wrong JSON type ([`wrong_types`],
//! [`schema_types`]), found by what each object is ([`walk`]); last, `required` lists
//! that name undeclared properties ([`required_names`]) or properties the spec's own
//! examples omit ([`required_examples`]).
//!
//! Each kind of repair is a row of [`repairs::REPAIRS`], and is reported through it.

mod callbacks;
mod examples;
mod operation_ids;
mod paths;
pub mod repairs;
mod required_examples;
mod required_names;
mod responses;
mod schema_types;
mod schemas;
mod security;
mod walk;
mod wrong_types;

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostics;
use crate::pointer;

pub(crate) use paths::clean_path_key;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Applies every repair in place.
pub fn normalise(doc: &mut Value, diags: &mut Diagnostics) {
    paths::repair_path_keys(doc, diags);
    paths::strip_server_prefix(doc, diags);
    operation_ids::assign_operation_ids(doc, diags);
    security::dedupe_security_schemes(doc, diags);
    let mut path = String::new();
    repair_tree(doc, &mut path, diags);
    callbacks::inline_callback_refs(doc, diags);
    wrong_types::repair_wrong_types(doc, diags);
    // After `required` is a list everywhere; names first, so the examples are compared
    // with the properties the schema really has.
    required_names::repair_undeclared_required(doc, diags);
    required_examples::repair_required_absent_from_examples(doc, diags);
}

/// Repairs that can occur anywhere in the tree.
fn repair_tree(value: &mut Value, path: &mut String, diags: &mut Diagnostics) {
    match value {
        Value::Object(map) => {
            repair_object(map, path, diags);
            for (key, child) in map.iter_mut() {
                pointer::in_key(path, key, |path| repair_tree(child, path, diags));
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                pointer::in_index(path, index, |path| repair_tree(child, path, diags));
            }
        }
        _ => {}
    }
}

fn repair_object(map: &mut Map<String, Value>, path: &str, diags: &mut Diagnostics) {
    examples::remove_null_examples(map, path, diags);
    responses::repair_missing_description(map, path, diags);
    responses::repair_swagger2_header(map, path, diags);
    examples::repair_misplaced_example(map, path, diags);
    schemas::repair_untyped_binary(map, path, diags);
    examples::repair_example_object_under_example(map, path, diags);
}
