//! Names by use: a type that the API sends back but whose schema was first written in a
//! request (Gladly writes a customer's email object under `updateCustomer`'s body, and
//! `getCustomer` `$ref`s it) is named for where the user reads it: its holder's name
//! and the field or variant that holds it (`CustomerEmail`, not
//! `UpdateCustomerRequestEmail`).
//!
//! The walk starts from what responses and webhook payloads hold, breadth first, so a
//! holder is renamed before what it holds (`CustomerPhone`, then `CustomerPhoneType`).
//! A name another type has is never taken; such a type keeps the name it had.

use std::collections::{BTreeSet, VecDeque};

use heck::ToPascalCase;
use serde_json::Value;

use super::naming::{self, Namer};
use super::settle::Names;
use super::space::{MemberName, Shape, TypeId, TypeSpace};
use crate::ir::TypeRef;

/// Renames the types responses hold that are named after a request.
pub fn rename_by_use(
    space: &TypeSpace,
    names: &mut Names,
    roots: &[TypeId],
    doc: &Value,
    namer: &Namer,
) {
    let before = names.clone();
    let mut seen: BTreeSet<TypeId> = BTreeSet::new();
    let mut queue: VecDeque<TypeId> = roots.iter().map(|id| space.canonical(*id)).collect();
    while let Some(holder) = queue.pop_front() {
        if !seen.insert(holder) {
            continue;
        }
        let Some(shape) = space.entries().get(holder.0).and_then(|e| e.shape.as_ref()) else {
            continue;
        };
        let old_holder = before.type_name(holder);
        for (role, ty) in held(shape, &before, old_holder) {
            let Some((id, listed)) = named_in(ty) else {
                continue;
            };
            let id = space.canonical(id);
            if seen.contains(&id) {
                continue;
            }
            queue.push_back(id);
            let Some(entry) = space.entries().get(id.0) else {
                continue;
            };
            let ptr = &entry.key.0;
            // A type its title names keeps that name.
            let title_named =
                namer.is_titled(doc, ptr) && names.type_name(id) == namer.base_name(doc, ptr);
            if !namer.is_in_request(ptr) || title_named {
                continue;
            }
            // An item is named in the singular (`emails` -> `CustomerEmail`), unless
            // another type has that name (`WebhookEvent`).
            let word = role.to_pascal_case();
            let holder_name = names.type_name(holder).to_owned();
            let mut wanted = vec![format!("{holder_name}{word}")];
            if listed {
                wanted.insert(
                    0,
                    format!(
                        "{holder_name}{}",
                        naming::singular_stem(&word).unwrap_or(&word)
                    ),
                );
            }
            for name in wanted {
                if names.rename_if_free(space, id, &name) {
                    break;
                }
            }
        }
    }
}

/// The roles in a shape (a field's wire name, a variant's name) and the types they hold.
/// A variant named after its type has the role its type's name gave it below the
/// holder's (`Task` in `CreateItemRequestContentTask`).
fn held<'s>(
    shape: &'s Shape,
    before: &'s Names,
    old_holder: &str,
) -> Vec<(&'s str, &'s TypeRef<TypeId>)> {
    match shape {
        Shape::Struct { fields, .. } => fields.iter().map(|f| (f.wire.as_str(), &f.ty)).collect(),
        Shape::Enum { .. } => Vec::new(),
        Shape::Tagged { variants, .. } => {
            variants.iter().map(|v| (v.name.as_str(), &v.ty)).collect()
        }
        Shape::Untagged { members } => members
            .iter()
            .filter_map(|m| match &m.name {
                MemberName::Given(name) => Some((name.as_str(), &m.ty)),
                MemberName::OfType(id) => {
                    let rest = before.type_name(*id).strip_prefix(old_holder)?;
                    (!rest.is_empty()).then_some((rest, &m.ty))
                }
            })
            .collect(),
    }
}

/// The generated type a reference names, and whether it is the item of a list or map.
fn named_in(ty: &TypeRef<TypeId>) -> Option<(TypeId, bool)> {
    match ty {
        TypeRef::Named(id) => Some((*id, false)),
        TypeRef::Array(inner) | TypeRef::Map(inner) => named_in(inner).map(|(id, _)| (id, true)),
        _ => None,
    }
}
