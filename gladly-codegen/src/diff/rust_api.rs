//! Compares the public Rust items the two versions generate: types with their fields and
//! variants, client methods with their signatures, builder setters and return types.
//! Items are matched by their Rust names, as user code names them.

use std::collections::BTreeMap;

use super::display::{kind_word, response_type};
use super::model::ChangeKind;
use crate::ir::{Api, Field, Operation, TypeDef, TypeKind};

/// A change of a Rust item, before classification.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ItemChange {
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The item's path.
    pub item: String,
    /// The item's type or signature; `old -> new` when changed.
    pub detail: String,
}

/// Every Rust-level change, in no particular order.
pub fn compare(old: &Api, new: &Api) -> Vec<ItemChange> {
    let mut out = Vec::new();
    let items = |api: &Api| -> BTreeMap<String, String> {
        let mut items = BTreeMap::new();
        for def in &api.types {
            type_items(def, &mut items);
        }
        for op in &api.operations {
            operation_items(op, &mut items);
        }
        for hook in &api.webhooks {
            items.insert(
                format!("webhook {}", hook.operation_id),
                format!("payload {}", hook.payload),
            );
        }
        items
    };
    let (old_items, new_items) = (items(old), items(new));
    for (item, before) in &old_items {
        match new_items.get(item) {
            None => out.push(change(ChangeKind::RustItemRemoved, item, before.clone())),
            Some(after) if after != before => out.push(change(
                ChangeKind::RustItemChanged,
                item,
                format!("{before} -> {after}"),
            )),
            Some(_) => {}
        }
    }
    for (item, after) in &new_items {
        if !old_items.contains_key(item) {
            out.push(change(ChangeKind::RustItemAdded, item, after.clone()));
        }
    }
    drop_members_of_whole_items(out)
}

fn change(kind: ChangeKind, item: &str, detail: String) -> ItemChange {
    ItemChange {
        kind,
        item: item.to_owned(),
        detail,
    }
}

/// When a type or builder is added or removed, its fields, variants and setters go with
/// it: listing them too would only repeat it.
fn drop_members_of_whole_items(changes: Vec<ItemChange>) -> Vec<ItemChange> {
    let whole: Vec<(ChangeKind, String)> = changes
        .iter()
        .filter(|c| c.kind != ChangeKind::RustItemChanged)
        .map(|c| (c.kind, format!("{}::", c.item)))
        .collect();
    changes
        .into_iter()
        .filter(|c| {
            !whole
                .iter()
                .any(|(kind, prefix)| *kind == c.kind && c.item.starts_with(prefix.as_str()))
        })
        .collect()
}

/// A type and its members, each with a description that changes when the item's Rust
/// shape changes.
fn type_items(def: &TypeDef, items: &mut BTreeMap<String, String>) {
    let path = format!("types::{}", def.name);
    items.insert(path.clone(), kind_word(&def.kind).to_owned());
    match &def.kind {
        TypeKind::Struct { fields } => {
            for field in fields {
                items.insert(format!("{path}::{}", field.name), field_type(field));
            }
        }
        TypeKind::Enum { values } => {
            for value in values {
                items.insert(
                    format!("{path}::{}", value.name),
                    format!("\"{}\"", value.wire),
                );
            }
        }
        TypeKind::Tagged { variants, .. } => {
            for variant in variants {
                let ty = boxed_if(variant.ty.to_string(), variant.boxed);
                items.insert(format!("{path}::{}", variant.name), ty);
            }
        }
        TypeKind::Untagged { variants } => {
            for variant in variants {
                let ty = boxed_if(variant.ty.to_string(), variant.boxed);
                items.insert(format!("{path}::{}", variant.name), ty);
            }
        }
    }
}

/// `Box<ty>` when a cycle put the type in a box.
fn boxed_if(ty: String, boxed: bool) -> String {
    if boxed {
        format!("Box<{ty}>")
    } else {
        ty
    }
}

/// The field's type as the struct declares it.
fn field_type(field: &Field) -> String {
    let mut ty = boxed_if(field.ty.to_string(), field.boxed);
    if !field.required || field.nullable {
        ty = format!("Option<{ty}>");
    }
    ty
}

/// The client method (its signature), its builder's setters and what it returns.
fn operation_items(op: &Operation, items: &mut BTreeMap<String, String>) {
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| format!("{}: {}", p.name, p.ty))
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        args.push(format!("body: {}", body.ty));
    }
    items.insert(
        format!("Client::{}", op.method_name),
        format!("fn({}) -> {}", args.join(", "), op.builder_name),
    );
    let builder = format!("operations::{}", op.builder_name);
    items.insert(
        builder.clone(),
        format!("builder, output {}", response_type(&op.response)),
    );
    for param in op.params.iter().filter(|p| !p.required) {
        items.insert(
            format!("{builder}::{}", param.name),
            format!("setter({})", param.ty),
        );
    }
    if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
        items.insert(format!("{builder}::body"), format!("setter({})", body.ty));
    }
}
