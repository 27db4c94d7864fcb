//! Breaks containment cycles on the finished type graph. A type that holds itself, by
//! value, through a chain of struct fields and union variants has no size (rustc's
//! E0072); one edge of every such cycle gets a `Box`.
//!
//! The graph's edges are the places a type holds another by value: struct fields
//! (whether or not optional: `Option<T>` is as large as `T`) and the payloads of tagged
//! and untagged union variants. `Vec` and `BTreeMap` hold their items on the heap
//! already, so an edge through them needs no box. The edges to box are the back edges of
//! a depth-first search started from each type in the order types were first reached,
//! following edges in declaration order: deterministic, and one box per cycle found.

use super::space::{Shape, TypeId, TypeSpace};
use crate::ir::TypeRef;

/// Where an edge starts: the index of a field or variant in its type.
type Slot = usize;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    /// On the path from the current root: an edge to it closes a cycle.
    Active,
    Done,
}

/// Marks `boxed` on the fields and variants that close a cycle.
pub fn break_cycles(space: &mut TypeSpace) {
    let edges: Vec<Vec<(Slot, TypeId)>> = space
        .entries()
        .iter()
        .map(|entry| entry.shape.as_ref().map(edges_of).unwrap_or_default())
        .collect();
    let mut state = vec![Visit::New; edges.len()];
    let mut to_box: Vec<(TypeId, Slot)> = Vec::new();
    for root in 0..edges.len() {
        if state.get(root) != Some(&Visit::New) {
            continue;
        }
        set(&mut state, root, Visit::Active);
        // Each frame: a type and the index of its next edge to follow.
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some((node, next)) = stack.last_mut() {
            let node = *node;
            let Some(&(slot, child)) = edges.get(node).and_then(|e| e.get(*next)) else {
                set(&mut state, node, Visit::Done);
                stack.pop();
                continue;
            };
            *next += 1;
            match state.get(child.0) {
                Some(Visit::Active) => to_box.push((TypeId(node), slot)),
                Some(Visit::New) => {
                    set(&mut state, child.0, Visit::Active);
                    stack.push((child.0, 0));
                }
                _ => {}
            }
        }
    }
    for (id, slot) in to_box {
        if let Some(shape) = space.entry_mut(id).and_then(|e| e.shape.as_mut()) {
            mark_boxed(shape, slot);
        }
    }
}

fn set(state: &mut [Visit], index: usize, visit: Visit) {
    if let Some(s) = state.get_mut(index) {
        *s = visit;
    }
}

/// The types a shape holds by value, with the slot holding each.
fn edges_of(shape: &Shape) -> Vec<(Slot, TypeId)> {
    let held = |ty: &TypeRef<TypeId>| match ty {
        TypeRef::Named(id) => Some(*id),
        _ => None,
    };
    let slots: Vec<Option<TypeId>> = match shape {
        Shape::Struct { fields, .. } => fields.iter().map(|f| held(&f.ty)).collect(),
        Shape::Tagged { variants, .. } => variants.iter().map(|v| held(&v.ty)).collect(),
        Shape::Untagged { members } => members.iter().map(|m| held(&m.ty)).collect(),
        Shape::Enum { .. } => Vec::new(),
    };
    slots
        .into_iter()
        .enumerate()
        .filter_map(|(slot, id)| Some((slot, id?)))
        .collect()
}

fn mark_boxed(shape: &mut Shape, slot: Slot) {
    let boxed = match shape {
        Shape::Struct { fields, .. } => fields.get_mut(slot).map(|f| &mut f.boxed),
        Shape::Tagged { variants, .. } => variants.get_mut(slot).map(|v| &mut v.boxed),
        Shape::Untagged { members } => members.get_mut(slot).map(|m| &mut m.boxed),
        Shape::Enum { .. } => None,
    };
    if let Some(boxed) = boxed {
        *boxed = true;
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::ir::{TypeKind, TypeRef};
    use crate::lower::test_support::lower_doc;
    use serde_json::json;

    /// `type.slot` of every field and variant that holds a generated type, and whether it
    /// is boxed.
    fn boxes(doc: &serde_json::Value) -> BTreeMap<String, bool> {
        let (api, _) = lower_doc(doc);
        let named = |ty: &TypeRef| matches!(ty, TypeRef::Named(_));
        let mut out = BTreeMap::new();
        for t in &api.types {
            let slots: Vec<(&str, bool)> = match &t.kind {
                TypeKind::Struct { fields } => fields
                    .iter()
                    .filter(|f| named(&f.ty))
                    .map(|f| (f.wire.as_str(), f.boxed))
                    .collect(),
                TypeKind::Tagged { variants, .. } => variants
                    .iter()
                    .filter(|v| named(&v.ty))
                    .map(|v| (v.name.as_str(), v.boxed))
                    .collect(),
                TypeKind::Untagged { variants } => variants
                    .iter()
                    .filter(|v| named(&v.ty))
                    .map(|v| (v.name.as_str(), v.boxed))
                    .collect(),
                TypeKind::Enum { .. } => Vec::new(),
            };
            for (slot, boxed) in slots {
                out.insert(format!("{}.{slot}", t.name), boxed);
            }
        }
        out
    }

    fn boxed(doc: &serde_json::Value) -> Vec<String> {
        boxes(doc)
            .into_iter()
            .filter_map(|(slot, boxed)| boxed.then_some(slot))
            .collect()
    }

    fn schemas(schemas: serde_json::Value) -> serde_json::Value {
        json!({"components": {"schemas": schemas}})
    }

    #[test]
    fn a_union_variant_that_leads_back_is_boxed() {
        // `A { b: B }` with `B = oneOf [A, string]`: the variant closes the cycle.
        let doc = schemas(json!({
            "A": {"type": "object", "required": ["b"], "properties": {
                "b": {"$ref": "#/components/schemas/B"}}},
            "B": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "string"}]}
        }));
        assert_eq!(boxed(&doc), ["B.A"]);
    }

    #[test]
    fn arrays_and_maps_need_no_box_and_options_do() {
        let doc = schemas(json!({
            "Node": {"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                "byName": {"type": "object",
                           "additionalProperties": {"$ref": "#/components/schemas/Node"}},
                "parent": {"$ref": "#/components/schemas/Node"}}}
        }));
        assert_eq!(boxed(&doc), ["Node.parent"]);
        assert_eq!(
            boxes(&doc).len(),
            1,
            "the array and map edges are not edges"
        );
    }

    #[test]
    fn one_box_per_cycle_on_the_edge_that_closes_it() {
        // Reached in the order A, B, C: the search from A boxes C -> A only.
        let doc = schemas(json!({
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"type": "object", "properties": {"c": {"$ref": "#/components/schemas/C"}}},
            "C": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
            "Tagged": {"oneOf": [
                {"title": "Leaf", "type": "object", "properties": {
                    "kind": {"type": "string", "enum": ["leaf"]}}},
                {"title": "Pair", "type": "object", "properties": {
                    "kind": {"type": "string", "enum": ["pair"]},
                    "left": {"$ref": "#/components/schemas/Tagged"}}}
            ]}
        }));
        // `Tagged -> Pair -> Tagged`: the field leading back is boxed, the variant not.
        assert_eq!(boxed(&doc), ["C.a", "Pair.left"]);
        assert_eq!(boxes(&doc).len(), 6, "{:?}", boxes(&doc));
    }
}
