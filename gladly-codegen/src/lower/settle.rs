//! Settles every name at once, after the whole document is lowered: the one place a
//! type's name is decided.

use std::collections::{BTreeMap, BTreeSet};

use super::reserved::{name_set, safe_type_name, RESERVED_TYPE_NAMES};
use super::space::{Member, MemberName, TypeId, TypeSpace};
use crate::ident;

/// A name set aside before lowering for the type the schema at `ptr` will become: the
/// resources an API returns (`getTask` -> `Task`) deserve the plain names more than the
/// schemas nested in them, whatever the order they are met.
#[derive(Debug, Clone)]
pub struct Claim {
    /// The schema, past `$ref`s and wrappers.
    pub ptr: String,
    /// Its names, best first.
    pub candidates: Vec<String>,
}

/// The settled name of every type in a [`TypeSpace`].
#[derive(Debug, Clone)]
pub struct Names {
    types: Vec<String>,
}

impl Names {
    /// The Rust name of type `id`.
    pub fn type_name(&self, id: TypeId) -> &str {
        self.types.get(id.0).map_or("", String::as_str)
    }

    /// Gives type `id` (and every type merged into it) the name `wanted`, unless another
    /// type has it or it is reserved; whether it did.
    pub fn rename_if_free(&mut self, space: &TypeSpace, id: TypeId, wanted: &str) -> bool {
        let wanted = safe_type_name(wanted, "Value");
        let reserved = name_set(&RESERVED_TYPE_NAMES);
        if reserved.contains(&wanted) || self.types.contains(&wanted) {
            return false;
        }
        for (index, name) in self.types.iter_mut().enumerate() {
            if space.canonical(TypeId(index)) == id {
                name.clone_from(&wanted);
            }
        }
        true
    }

    /// Applies the settings' `type-names`: each type named `from` is named `to` where
    /// that name is free.
    pub fn rename_all(&mut self, space: &TypeSpace, renames: &BTreeMap<String, String>) {
        for (from, to) in renames {
            let found = self
                .types
                .iter()
                .position(|name| name == from)
                .map(|index| space.canonical(TypeId(index)));
            if let Some(id) = found {
                self.rename_if_free(space, id, to);
            }
        }
    }

    /// The variant names of an untagged union, distinct, in the members' order.
    pub fn member_names(&self, members: &[Member]) -> Vec<String> {
        let mut taken = BTreeSet::new();
        members
            .iter()
            .map(|member| {
                let name = match &member.name {
                    MemberName::Given(name) => name.clone(),
                    MemberName::OfType(id) => self.type_name(*id).to_owned(),
                };
                ident::unique(name, &mut taken)
            })
            .collect()
    }
}

/// Gives every type its name. Claims go first, in the order they were made; then each
/// type, in the order it was first reached, takes its claim or its first candidate no
/// other type has, a number being the last resort. A reserved name (see
/// [`RESERVED_TYPE_NAMES`]) is never given: it gets `Value` appended.
pub fn settle(claims: &[Claim], space: &TypeSpace) -> Names {
    let mut taken = name_set(&RESERVED_TYPE_NAMES);
    let mut claimed: BTreeMap<&str, String> = BTreeMap::new();
    let merged_away: BTreeSet<&str> = space
        .entries()
        .iter()
        .enumerate()
        .filter(|(index, entry)| entry.key.1.is_none() && space.is_merged_away(TypeId(*index)))
        .map(|(_, entry)| entry.key.0.as_str())
        .collect();
    for claim in claims {
        if claimed.contains_key(claim.ptr.as_str()) || merged_away.contains(claim.ptr.as_str()) {
            continue;
        }
        let free = safe_candidates(&claim.candidates)
            .into_iter()
            .find(|c| !taken.contains(c));
        if let Some(name) = free {
            taken.insert(name.clone());
            claimed.insert(&claim.ptr, name);
        }
    }
    let mut types = Vec::with_capacity(space.entries().len());
    for (index, entry) in space.entries().iter().enumerate() {
        if space.is_merged_away(TypeId(index)) {
            // Named below, after the type it was merged into.
            types.push(String::new());
            continue;
        }
        let (ptr, exclude) = &entry.key;
        let claim = match exclude {
            None => claimed.remove(ptr.as_str()),
            Some(_) => None,
        };
        types.push(match claim {
            Some(name) => name,
            None => free_name(&entry.candidates, &mut taken),
        });
    }
    let types = (0..types.len())
        .map(|index| {
            let kept = space.canonical(TypeId(index));
            types.get(kept.0).cloned().unwrap_or_default()
        })
        .collect();
    Names { types }
}

fn safe_candidates(candidates: &[String]) -> Vec<String> {
    candidates
        .iter()
        .map(|name| safe_type_name(name, "Value"))
        .collect()
}

/// The first candidate no type has taken yet, else the first with a number; recorded as
/// taken.
fn free_name(candidates: &[String], taken: &mut BTreeSet<String>) -> String {
    let candidates = safe_candidates(candidates);
    match candidates.iter().find(|c| !taken.contains(*c)) {
        Some(name) => {
            taken.insert(name.clone());
            name.clone()
        }
        None => ident::unique(
            candidates
                .first()
                .cloned()
                .unwrap_or_else(|| "Type".to_owned()),
            taken,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::space::Shape;

    fn space_of(candidates: &[&[&str]]) -> TypeSpace {
        let mut space = TypeSpace::default();
        for (index, names) in candidates.iter().enumerate() {
            let names = names.iter().map(|n| (*n).to_owned()).collect();
            let id = space.declare((format!("/s/{index}"), None), None, names);
            space.define(id, Shape::Enum { values: Vec::new() });
        }
        space
    }

    #[test]
    fn settled_in_order_of_first_reach_claims_first() {
        let space = space_of(&[&["Task", "TaskItem"], &["Task"], &["Option"], &["Task"]]);
        // Without claims: first come, first served; a reserved name gets `Value`.
        let names = settle(&[], &space);
        let all: Vec<&str> = (0..4).map(|i| names.type_name(TypeId(i))).collect();
        assert_eq!(all, ["Task", "Task2", "OptionValue", "Task3"]);
        // The type at `/s/3` claimed `Task` before lowering: the others make way.
        let claim = Claim {
            ptr: "/s/3".to_owned(),
            candidates: vec!["Task".to_owned()],
        };
        let names = settle(&[claim], &space);
        let all: Vec<&str> = (0..4).map(|i| names.type_name(TypeId(i))).collect();
        assert_eq!(all, ["TaskItem", "Task2", "OptionValue", "Task"]);
    }

    #[test]
    fn untagged_variants_take_the_names_of_their_types() {
        let space = space_of(&[&["Card"], &["Card"]]);
        let names = settle(&[], &space);
        let member = |name| Member {
            name,
            ty: crate::ir::TypeRef::Json,
            boxed: false,
            doc: None,
            specificity: (0, 0),
        };
        let members = [
            member(MemberName::OfType(TypeId(1))),
            member(MemberName::Given("Card2".into())),
            member(MemberName::OfType(TypeId(0))),
        ];
        assert_eq!(names.member_names(&members), ["Card2", "Card2_2", "Card"]);
    }
}
