//! The type space: while a document is lowered, every generated type is a [`TypeId`]
//! into one arena, and types refer to each other by id. A type is *declared* when its
//! schema is first reached (so that a reference back to it, in a cycle, finds it), with
//! the names it would like; it is *defined* once its contents are lowered. Names are
//! settled after the whole document is lowered (`settle`), cycles are broken on
//! the finished graph (`cycles`), and [`TypeSpace::into_types`] hands the IR on.

use std::collections::BTreeMap;

use super::settle::Names;
use crate::ir::{EnumValue, Field, TaggedVariant, TypeDef, TypeKind, TypeRef, Variant};

/// A generated type, by its place in the arena (the order types were first reached).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// What a type is made from: the schema's pointer, and the tag property left out of it
/// when it is the variant of a tagged union (such a schema may make a second type).
pub type Key = (String, Option<String>);

/// One generated type.
#[derive(Debug, Clone)]
pub struct Entry {
    /// What it is made from.
    pub key: Key,
    /// Documentation from the schema.
    pub doc: Option<String>,
    /// The names it would like, best first (see `naming::Namer::candidates`).
    pub candidates: Vec<String>,
    /// Its contents; `None` while they are being lowered.
    pub shape: Option<Shape>,
}

/// The contents of a type, its references by id.
#[derive(Debug, Clone)]
pub enum Shape {
    /// An object.
    Struct {
        /// The properties, in spec order.
        fields: Vec<Field<TypeId>>,
        /// Every name the object's `required` lists give (but the union tag left out),
        /// for the validation pass.
        required: Vec<Required>,
    },
    /// A string enum.
    Enum {
        /// The known values.
        values: Vec<EnumValue>,
    },
    /// A union told apart by a tag property.
    Tagged {
        /// The tag property.
        tag: String,
        /// The variants, in spec order.
        variants: Vec<TaggedVariant<TypeId>>,
    },
    /// A union without a tag.
    Untagged {
        /// The variants, in spec order (emit tries them most specific first).
        members: Vec<Member>,
    },
}

impl Shape {
    /// Points every reference through `to`.
    fn redirect(&mut self, to: &impl Fn(TypeId) -> TypeId) {
        let each = |ty: &mut TypeRef<TypeId>| *ty = ty.clone().map_names(to);
        match self {
            Shape::Struct { fields, .. } => fields.iter_mut().for_each(|f| each(&mut f.ty)),
            Shape::Enum { .. } => {}
            Shape::Tagged { variants, .. } => variants.iter_mut().for_each(|v| each(&mut v.ty)),
            Shape::Untagged { members } => {
                for member in members {
                    each(&mut member.ty);
                    if let MemberName::OfType(id) = &mut member.name {
                        *id = to(*id);
                    }
                }
            }
        }
    }
}

/// One name in a `required` list, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required {
    /// The property named.
    pub name: String,
    /// The pointer of the list item (`…/required/2`).
    pub pointer: String,
}

/// The variant of an untagged union, before names are settled.
#[derive(Debug, Clone)]
pub struct Member {
    /// Where its name comes from.
    pub name: MemberName,
    /// The payload.
    pub ty: TypeRef<TypeId>,
    /// Whether the payload must be boxed to break a cycle (set by `cycles`).
    pub boxed: bool,
    /// Documentation from the spec.
    pub doc: Option<String>,
    /// (required properties, all properties): a variant with more is tried first.
    pub specificity: (usize, usize),
}

/// Where the name of an untagged union's variant comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberName {
    /// A name of its own: from its title, or from the kind of a plain value (`String`).
    Given(String),
    /// The name of the generated type it holds, once settled.
    OfType(TypeId),
}

/// The arena of generated types.
#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    entries: Vec<Entry>,
    by_key: BTreeMap<Key, TypeId>,
    /// The ids in the order their types were defined: the order of the IR.
    defined: Vec<TypeId>,
    /// The type each type resolves to, where `merge` found it identical to another;
    /// empty until then.
    canonical: Vec<TypeId>,
}

impl TypeSpace {
    /// The type made from `key`, if any.
    pub fn find(&self, key: &Key) -> Option<TypeId> {
        self.by_key.get(key).copied()
    }

    /// Whether any type (with or without a tag left out) is made from `ptr`.
    pub fn has_type_from(&self, ptr: &str) -> bool {
        // Keys sort by pointer first and `None` before any tag: the first key at or
        // after `(ptr, None)` is made from `ptr` if any is.
        self.by_key
            .range((ptr.to_owned(), None)..)
            .next()
            .is_some_and(|((p, _), _)| p == ptr)
    }

    /// Adds a type whose contents are still to be lowered; a later [`Self::find`] of
    /// `key` gives it.
    pub fn declare(&mut self, key: Key, doc: Option<String>, candidates: Vec<String>) -> TypeId {
        let id = TypeId(self.entries.len());
        self.by_key.insert(key.clone(), id);
        self.entries.push(Entry {
            key,
            doc,
            candidates,
            shape: None,
        });
        id
    }

    /// Gives a declared type its contents.
    pub fn define(&mut self, id: TypeId, shape: Shape) {
        if let Some(entry) = self.entries.get_mut(id.0) {
            entry.shape = Some(shape);
            self.defined.push(id);
        }
    }

    /// The type `id` resolves to: itself, unless it was merged into another.
    pub fn canonical(&self, id: TypeId) -> TypeId {
        self.canonical.get(id.0).copied().unwrap_or(id)
    }

    /// Whether `id` was merged into another type (and has no type of its own).
    pub fn is_merged_away(&self, id: TypeId) -> bool {
        self.canonical(id) != id
    }

    /// Makes each type resolve to `canonical[id]`: every reference is redirected to it,
    /// and a type merged away loses its contents (it is no longer in the IR).
    pub fn apply_canonical(&mut self, canonical: Vec<TypeId>) {
        let to = |id: TypeId| canonical.get(id.0).copied().unwrap_or(id);
        for (index, entry) in self.entries.iter_mut().enumerate() {
            if to(TypeId(index)) != TypeId(index) {
                entry.shape = None;
            } else if let Some(shape) = &mut entry.shape {
                shape.redirect(&to);
            }
        }
        self.defined.retain(|id| to(*id) == *id);
        self.canonical = canonical;
    }

    /// Every type, by id.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The type `id`, to change (for `cycles`).
    pub fn entry_mut(&mut self, id: TypeId) -> Option<&mut Entry> {
        self.entries.get_mut(id.0)
    }

    /// The defined types in IR order.
    pub fn in_order(&self) -> impl Iterator<Item = (TypeId, &Entry)> {
        self.defined
            .iter()
            .filter_map(|id| self.entries.get(id.0).map(|e| (*id, e)))
    }

    /// The IR's named types, in the order they were defined, referring to each other by
    /// their settled names.
    pub fn into_types(self, names: &Names) -> Vec<TypeDef> {
        let name = |id: TypeId| names.type_name(id).to_owned();
        let mut entries: Vec<Option<Entry>> = self.entries.into_iter().map(Some).collect();
        let mut types = Vec::with_capacity(self.defined.len());
        for id in self.defined {
            let Some(Entry {
                key: (origin, _),
                doc,
                shape: Some(shape),
                ..
            }) = entries.get_mut(id.0).and_then(Option::take)
            else {
                continue;
            };
            let kind = match shape {
                Shape::Struct { fields, .. } => TypeKind::Struct {
                    fields: fields.into_iter().map(|f| f.map_names(&name)).collect(),
                },
                Shape::Enum { values } => TypeKind::Enum { values },
                Shape::Tagged { tag, variants } => TypeKind::Tagged {
                    tag,
                    variants: variants.into_iter().map(|v| v.map_names(&name)).collect(),
                },
                Shape::Untagged { members } => TypeKind::Untagged {
                    variants: untagged_variants(members, names),
                },
            };
            types.push(TypeDef {
                name: name(id),
                origin,
                doc,
                kind,
            });
        }
        types
    }
}

/// The variants of an untagged union, named, most specific first: a variant whose
/// required fields are a superset must be tried before the looser one that would also
/// accept its input. Ties keep the spec's order.
fn untagged_variants(members: Vec<Member>, names: &Names) -> Vec<Variant> {
    let variant_names = names.member_names(&members);
    let name = |id: TypeId| names.type_name(id).to_owned();
    let mut variants: Vec<((usize, usize), Variant)> = members
        .into_iter()
        .zip(variant_names)
        .map(|(member, variant_name)| {
            (
                member.specificity,
                Variant {
                    name: variant_name,
                    ty: member.ty.map_names(&name),
                    boxed: member.boxed,
                    doc: member.doc,
                },
            )
        })
        .collect();
    variants.sort_by_key(|(specificity, _)| std::cmp::Reverse(*specificity));
    variants.into_iter().map(|(_, v)| v).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::settle::{settle, Claim};

    fn key(ptr: &str) -> Key {
        (ptr.to_owned(), None)
    }

    #[test]
    fn ids_follow_declaration_and_the_ir_follows_definition() {
        let mut space = TypeSpace::default();
        let outer = space.declare(key("/outer"), None, vec!["Outer".into()]);
        let inner = space.declare(key("/inner"), Some("Inside.".into()), vec!["Inner".into()]);
        assert_eq!((outer, inner), (TypeId(0), TypeId(1)));
        assert_eq!(space.find(&key("/inner")), Some(inner));
        assert!(space.has_type_from("/outer"));
        assert!(!space.has_type_from("/elsewhere"));
        space.define(inner, Shape::Enum { values: Vec::new() });
        let field = Field {
            name: "inner".into(),
            wire: "inner".into(),
            ty: TypeRef::Named(inner),
            required: true,
            nullable: false,
            read_only: false,
            boxed: false,
            doc: None,
            origin: "/outer/properties/inner".into(),
        };
        space.define(
            outer,
            Shape::Struct {
                fields: vec![field],
                required: Vec::new(),
            },
        );
        let names = settle(&[] as &[Claim], &space);
        let types = space.into_types(&names);
        let listed: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(listed, ["Inner", "Outer"]);
        assert_eq!(types[0].doc.as_deref(), Some("Inside."));
        let TypeKind::Struct { fields } = &types[1].kind else {
            panic!("a struct")
        };
        assert_eq!(fields[0].ty, TypeRef::Named("Inner".to_owned()));
    }

    #[test]
    fn untagged_variants_are_tried_most_specific_first() {
        let mut space = TypeSpace::default();
        let union = space.declare(key("/u"), None, vec!["U".into()]);
        let loose = space.declare(key("/loose"), None, vec!["Loose".into()]);
        let member = |name: MemberName, ty, specificity| Member {
            name,
            ty,
            boxed: false,
            doc: None,
            specificity,
        };
        space.define(
            union,
            Shape::Untagged {
                members: vec![
                    member(MemberName::OfType(loose), TypeRef::Named(loose), (0, 1)),
                    member(MemberName::Given("String".into()), TypeRef::String, (0, 0)),
                    member(MemberName::Given("Strict".into()), TypeRef::Json, (2, 2)),
                ],
            },
        );
        space.define(loose, Shape::Enum { values: Vec::new() });
        let names = settle(&[] as &[Claim], &space);
        let types = space.into_types(&names);
        let TypeKind::Untagged { variants } = &types[0].kind else {
            panic!("untagged")
        };
        let order: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(order, ["Strict", "Loose", "String"]);
    }
}
