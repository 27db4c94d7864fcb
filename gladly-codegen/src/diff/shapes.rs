//! Compares two shapes of the same data, field by field (by wire name), following named
//! types in both versions side by side. Names of types are not compared here (they
//! may change without the wire format changing); the Rust-level comparison is in
//! `rust_api`.

use std::collections::{BTreeMap, BTreeSet};

use super::display::kind_word;
use super::model::ChangeKind;
use crate::ir::{Api, Field, TypeDef, TypeKind, TypeRef};

/// The named types of one version, by name.
pub struct Types<'a>(BTreeMap<&'a str, &'a TypeDef>);

impl<'a> Types<'a> {
    /// Indexes the types of an API.
    pub fn new(api: &'a Api) -> Self {
        Types(api.types.iter().map(|t| (t.name.as_str(), t)).collect())
    }

    fn get(&self, ty: &TypeRef) -> Option<&'a TypeDef> {
        match ty {
            TypeRef::Named(name) => self.0.get(name.as_str()).copied(),
            _ => None,
        }
    }
}

/// A change found in a shape, before it is classified and attributed to an operation.
#[derive(Debug, Clone)]
pub struct Found {
    /// What changed.
    pub kind: ChangeKind,
    /// Where, from the start of the walk (`request body .customer.name`).
    pub location: String,
    /// What it was and is.
    pub detail: String,
    /// The nearest enclosing named types (old, new) and the path inside them: the same
    /// change reached from another operation has the same key.
    pub key: Option<(String, String, String)>,
}

/// Where the walk is.
#[derive(Clone)]
struct At {
    /// Where the walk started: `request body`, `query parameter limit`.
    root: String,
    /// The steps since: `.customer.emails[]`.
    path: String,
    owner: Option<(String, String)>,
    relative: String,
}

impl At {
    fn push(&self, segment: &str) -> At {
        At {
            root: self.root.clone(),
            path: format!("{}{segment}", self.path),
            owner: self.owner.clone(),
            relative: format!("{}{segment}", self.relative),
        }
    }

    fn enter(&self, old: &str, new: &str) -> At {
        At {
            owner: Some((old.to_owned(), new.to_owned())),
            relative: String::new(),
            ..self.clone()
        }
    }

    fn location(&self) -> String {
        if self.path.is_empty() {
            self.root.clone()
        } else {
            format!("{} {}", self.root, self.path)
        }
    }
}

/// One walk over the shapes reached from one place (a parameter, a body), in one
/// direction.
pub struct Walker<'a, 'b> {
    old: &'b Types<'a>,
    new: &'b Types<'a>,
    /// Pairs of named types already compared: shapes are recursive.
    visited: BTreeSet<(String, String)>,
    /// What was found.
    pub found: Vec<Found>,
}

impl<'a, 'b> Walker<'a, 'b> {
    /// A walker with nothing visited yet.
    pub fn new(old: &'b Types<'a>, new: &'b Types<'a>) -> Self {
        Walker {
            old,
            new,
            visited: BTreeSet::new(),
            found: Vec::new(),
        }
    }

    /// Compares the shapes of `old` and `new`, reporting under `location`.
    pub fn compare_root(&mut self, old: &TypeRef, new: &TypeRef, location: &str) {
        let at = At {
            root: location.to_owned(),
            path: String::new(),
            owner: None,
            relative: String::new(),
        };
        self.compare(old, new, &at);
    }

    fn record(&mut self, kind: ChangeKind, at: &At, detail: String) {
        let key = at
            .owner
            .as_ref()
            .map(|(old, new)| (old.clone(), new.clone(), at.relative.clone()));
        self.found.push(Found {
            kind,
            location: at.location(),
            detail,
            key,
        });
    }

    fn compare(&mut self, old: &TypeRef, new: &TypeRef, at: &At) {
        match (old, new) {
            (TypeRef::Named(a), TypeRef::Named(b)) => self.compare_named(a, b, old, new, at),
            (TypeRef::Array(a), TypeRef::Array(b)) => self.compare(a, b, &at.push("[]")),
            (TypeRef::Map(a), TypeRef::Map(b)) => self.compare(a, b, &at.push("{}")),
            (a, b) if a == b => {}
            (a, b) => {
                let detail = format!("{} -> {}", self.describe(a, true), self.describe(b, false));
                self.record(ChangeKind::TypeChanged, at, detail);
            }
        }
    }

    fn describe(&self, ty: &TypeRef, old: bool) -> String {
        let types = if old { self.old } else { self.new };
        match types.get(ty) {
            Some(def) => format!("{} {}", kind_word(&def.kind), def.name),
            None => ty.to_string(),
        }
    }

    fn compare_named(&mut self, a: &str, b: &str, old: &TypeRef, new: &TypeRef, at: &At) {
        if !self.visited.insert((a.to_owned(), b.to_owned())) {
            return;
        }
        let (Some(old_def), Some(new_def)) = (self.old.get(old), self.new.get(new)) else {
            return;
        };
        let inside = at.enter(a, b);
        match (&old_def.kind, &new_def.kind) {
            (TypeKind::Struct { fields: o }, TypeKind::Struct { fields: n }) => {
                self.compare_fields(o, n, &inside)
            }
            (TypeKind::Enum { values: o }, TypeKind::Enum { values: n }) => {
                let old_values = o.iter().map(|v| v.wire.clone()).collect();
                let new_values = n.iter().map(|v| v.wire.clone()).collect();
                self.compare_sets(
                    &old_values,
                    &new_values,
                    &inside,
                    [ChangeKind::EnumValueRemoved, ChangeKind::EnumValueAdded],
                );
            }
            (
                TypeKind::Tagged {
                    tag: ot,
                    variants: o,
                },
                TypeKind::Tagged {
                    tag: nt,
                    variants: n,
                },
            ) if ot == nt => {
                let old_variants = o.iter().map(|v| (v.tag_value.clone(), &v.ty)).collect();
                let new_variants = n.iter().map(|v| (v.tag_value.clone(), &v.ty)).collect();
                self.compare_variants(&old_variants, &new_variants, &inside, &format!("{ot}="));
            }
            (TypeKind::Untagged { variants: o }, TypeKind::Untagged { variants: n }) => {
                let old_variants = o.iter().map(|v| (v.name.clone(), &v.ty)).collect();
                let new_variants = n.iter().map(|v| (v.name.clone(), &v.ty)).collect();
                self.compare_variants(&old_variants, &new_variants, &inside, "");
            }
            (o, n) => {
                let detail = format!(
                    "{} {} -> {} {}",
                    kind_word(o),
                    old_def.name,
                    kind_word(n),
                    new_def.name
                );
                self.record(ChangeKind::TypeChanged, at, detail);
            }
        }
    }

    fn compare_fields(&mut self, old: &[Field], new: &[Field], at: &At) {
        let old: BTreeMap<&str, &Field> = old.iter().map(|f| (f.wire.as_str(), f)).collect();
        let new: BTreeMap<&str, &Field> = new.iter().map(|f| (f.wire.as_str(), f)).collect();
        for (wire, field) in &old {
            if !new.contains_key(wire) {
                let here = at.push(&format!(".{wire}"));
                self.record(ChangeKind::FieldRemoved, &here, field.ty.to_string());
            }
        }
        for (wire, field) in &new {
            let here = at.push(&format!(".{wire}"));
            match old.get(wire) {
                None if field.required => {
                    self.record(ChangeKind::RequiredFieldAdded, &here, field.ty.to_string())
                }
                None => self.record(ChangeKind::FieldAdded, &here, field.ty.to_string()),
                Some(before) => self.compare_field(before, field, &here),
            }
        }
    }

    fn compare_field(&mut self, old: &Field, new: &Field, at: &At) {
        match (old.required, new.required) {
            (false, true) => self.record(ChangeKind::FieldMadeRequired, at, String::new()),
            (true, false) => self.record(ChangeKind::FieldMadeOptional, at, String::new()),
            // `null` only matters to a required field: an optional one is an `Option`
            // already.
            (true, true) if old.nullable != new.nullable => {
                let detail = if new.nullable {
                    "may now be null"
                } else {
                    "may no longer be null"
                };
                self.record(ChangeKind::FieldNullableChanged, at, detail.to_owned());
            }
            _ => {}
        }
        self.compare(&old.ty, &new.ty, at);
    }

    fn compare_sets(
        &mut self,
        old: &BTreeSet<String>,
        new: &BTreeSet<String>,
        at: &At,
        [removed, added]: [ChangeKind; 2],
    ) {
        for value in old.difference(new) {
            self.record(removed, at, format!("\"{value}\""));
        }
        for value in new.difference(old) {
            self.record(added, at, format!("\"{value}\""));
        }
    }

    fn compare_variants(
        &mut self,
        old: &BTreeMap<String, &TypeRef>,
        new: &BTreeMap<String, &TypeRef>,
        at: &At,
        label: &str,
    ) {
        let old_keys = old.keys().cloned().collect();
        let new_keys = new.keys().cloned().collect();
        self.compare_sets(
            &old_keys,
            &new_keys,
            at,
            [ChangeKind::VariantRemoved, ChangeKind::VariantAdded],
        );
        for (key, old_ty) in old {
            if let Some(new_ty) = new.get(key) {
                self.compare(old_ty, new_ty, &at.push(&format!("<{label}{key}>")));
            }
        }
    }
}
