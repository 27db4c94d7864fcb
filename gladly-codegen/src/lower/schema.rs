//! Lowers JSON schemas to Rust types. Schemas are read from the normalised tree by JSON
//! pointer, so a `$ref` anywhere in the document (including into `paths`) resolves to the
//! one type made for its target.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::naming::{title_name, Namer};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ident;
use crate::ir::{EnumValue, Field, TaggedVariant, TypeDef, TypeKind, TypeRef, Variant};
use crate::pointer;

/// How many `$ref`s in a row are followed before the chain is called a cycle.
const MAX_REF_CHAIN: usize = 32;

/// Names a generated type must not take: they would shadow the prelude and the std
/// types the generated code names unqualified.
const RESERVED_TYPE_NAMES: [&str; 12] = [
    "Option", "Result", "Vec", "String", "Box", "Some", "None", "Ok", "Err", "Default", "From",
    "Into",
];

/// Builds the named types of a document.
pub struct SchemaLowerer<'a> {
    doc: &'a Value,
    namer: Namer,
    /// (pointer, excluded tag property) -> type name.
    named: BTreeMap<(String, Option<String>), String>,
    taken: BTreeSet<String>,
    /// Types whose fields are being lowered: a field back to one of them is boxed.
    in_progress: BTreeSet<String>,
    types: Vec<TypeDef>,
    /// Names set aside for schemas before lowering reaches them (see [`Self::claim_name`]).
    claimed: BTreeMap<String, String>,
    /// Every pointer lowered without an excluded tag, with its type.
    schema_types: BTreeMap<String, TypeRef>,
    pub(crate) diags: Diagnostics,
}

/// A schema with `$ref`s followed: its pointer and its JSON.
struct Resolved<'a> {
    ptr: String,
    schema: &'a Map<String, Value>,
}

impl<'a> SchemaLowerer<'a> {
    /// Starts with no types.
    pub fn new(doc: &'a Value, namer: Namer) -> Self {
        Self {
            doc,
            namer,
            named: BTreeMap::new(),
            taken: RESERVED_TYPE_NAMES
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            in_progress: BTreeSet::new(),
            types: Vec::new(),
            schema_types: BTreeMap::new(),
            claimed: BTreeMap::new(),
            diags: Diagnostics::default(),
        }
    }

    /// The named types made so far, in the order they were reached; the type of every
    /// schema pointer lowered; the diagnostics.
    pub fn finish(self) -> (Vec<TypeDef>, BTreeMap<String, TypeRef>, Diagnostics) {
        (self.types, self.schema_types, self.diags)
    }

    /// Follows `$ref`s from `ptr` to a schema object. A `$ref` to nothing, or a chain of
    /// `$ref`s that comes back on itself, is an error located at the `$ref`.
    fn resolve(&mut self, ptr: &str) -> Option<Resolved<'a>> {
        let doc = self.doc;
        let mut current = ptr.to_owned();
        let mut chain: Vec<String> = Vec::new();
        loop {
            let Some(node) = pointer::lookup(doc, &mut current) else {
                let (at, message) = match chain.last() {
                    Some(referrer) => (
                        format!("{referrer}/$ref"),
                        format!(
                            "`$ref` to `{}`, which does not exist",
                            pointer::to_ref(&current)
                        ),
                    ),
                    None => (current.clone(), "nothing at this location".to_owned()),
                };
                self.diags
                    .push(Diagnostic::error("dangling-ref", at, message).with_hint(
                        "point the `$ref` at an existing schema; `~1` stands for `/` in a pointer",
                    ));
                return None;
            };
            let Some(map) = node.as_object() else {
                self.diags.push(Diagnostic::warning(
                    "schema-not-object",
                    &current,
                    "a schema must be an object; read as any JSON value",
                ));
                return None;
            };
            let Some(Value::String(reference)) = map.get("$ref") else {
                return Some(Resolved {
                    ptr: current,
                    schema: map,
                });
            };
            let Some(target) = pointer::from_ref(reference) else {
                self.diags.push(Diagnostic::warning(
                    "external-ref",
                    format!("{current}/$ref"),
                    format!("`{reference}` points outside this document; read as any JSON value"),
                ));
                return None;
            };
            chain.push(current);
            if chain.contains(&target) || chain.len() > MAX_REF_CHAIN {
                self.report_ref_cycle(&chain, &target);
                return None;
            }
            current = target;
        }
    }

    /// Reports the loop of `$ref`s that `chain` ran into, the same way whichever member
    /// it was entered from, so that it is reported once.
    fn report_ref_cycle(&mut self, chain: &[String], target: &str) {
        let start = chain.iter().position(|p| p == target).unwrap_or(0);
        let mut members: Vec<&String> = chain.iter().skip(start).collect();
        if let Some(first) = (0..members.len()).min_by_key(|&i| members.get(i).map(|p| p.as_str()))
        {
            members.rotate_left(first);
        }
        let Some(head) = members.first().map(|p| p.to_string()) else {
            return;
        };
        let mut path: Vec<String> = members.iter().map(|p| pointer::to_ref(p)).collect();
        path.push(pointer::to_ref(&head));
        self.diags.push(
            Diagnostic::error(
                "ref-cycle",
                format!("{head}/$ref"),
                format!(
                    "`$ref`s lead back to where they started and never reach a schema: {}",
                    path.join(" -> ")
                ),
            )
            .with_hint("one `$ref` in the loop must point at a schema written out"),
        );
    }

    /// The Rust type for the schema at `ptr`.
    pub fn lower(&mut self, ptr: &str) -> TypeRef {
        let ty = self.lower_excluding(ptr, None);
        self.schema_types.insert(ptr.to_owned(), ty.clone());
        if let Some(target) = self.resolve_quietly(ptr) {
            self.schema_types
                .entry(target)
                .or_insert_with(|| ty.clone());
        }
        ty
    }

    /// Lowers the schema at `ptr` unless a type was already made for it (possibly as a
    /// union variant without its tag property, which then stays its only type).
    pub fn lower_if_unnamed(&mut self, ptr: &str) {
        let target = self.canonical(ptr);
        if !self.named.keys().any(|(named, _)| *named == target) {
            self.lower(ptr);
        }
    }

    /// Where the schema at `ptr` really is: past `$ref`s and one-part `allOf`s, which
    /// make no type of their own.
    fn canonical(&mut self, ptr: &str) -> String {
        let mut current = ptr.to_owned();
        for _ in 0..MAX_REF_CHAIN {
            let Some(resolved) = self.resolve(&current) else {
                return current;
            };
            let single = resolved
                .schema
                .get("allOf")
                .and_then(Value::as_array)
                .is_some_and(|parts| parts.len() == 1);
            if !single || resolved.schema.contains_key("properties") {
                return resolved.ptr;
            }
            current = format!("{}/allOf/0", resolved.ptr);
        }
        current
    }

    /// Runs `look` without keeping the diagnostics it records: for looking ahead at a
    /// schema whose problems are reported when it is lowered.
    fn quietly<T>(&mut self, look: impl FnOnce(&mut Self) -> T) -> T {
        let before = self.diags.items().len();
        let result = look(self);
        self.diags.truncate(before);
        result
    }

    /// The pointer `ptr` resolves to, without reporting problems (they were reported
    /// when it was lowered).
    fn resolve_quietly(&mut self, ptr: &str) -> Option<String> {
        self.quietly(|this| this.resolve(ptr).map(|r| r.ptr))
    }

    /// As [`Self::lower`], leaving out the property `exclude` (the tag of a union the
    /// schema is a variant of).
    fn lower_excluding(&mut self, ptr: &str, exclude: Option<&str>) -> TypeRef {
        let Some(resolved) = self.resolve(ptr) else {
            return TypeRef::Json;
        };
        let schema = resolved.schema;
        let key = (resolved.ptr.clone(), exclude.map(str::to_owned));
        if let Some(name) = self.named.get(&key) {
            return TypeRef::Named(name.clone());
        }
        if let Some(one_of) = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)
        {
            let keyword = if schema.contains_key("oneOf") {
                "oneOf"
            } else {
                "anyOf"
            };
            return self.lower_union(&resolved.ptr, keyword, one_of.len(), exclude);
        }
        if let Some(all_of) = schema.get("allOf").and_then(Value::as_array) {
            if all_of.len() == 1 && !schema.contains_key("properties") {
                return self.lower_excluding(&format!("{}/allOf/0", resolved.ptr), exclude);
            }
            return self.lower_struct(&resolved.ptr, exclude);
        }
        if schema.contains_key("enum") && is_string_schema(schema) {
            return self.lower_enum(&resolved.ptr, schema);
        }
        if schema.contains_key("not") && schema_type(schema).is_none() {
            self.diags.push(Diagnostic::warning(
                "unsupported-not",
                &resolved.ptr,
                "`not` cannot be expressed as a Rust type; read as any JSON value",
            ));
        }
        match schema_type(schema) {
            Some("string") => TypeRef::String,
            Some("integer") => match schema.get("format").and_then(Value::as_str) {
                Some("int32") => TypeRef::I32,
                _ => TypeRef::I64,
            },
            Some("number") => TypeRef::F64,
            Some("boolean") => TypeRef::Bool,
            Some("array") => match schema.get("items") {
                Some(_) => TypeRef::Array(Box::new(self.lower(&format!("{}/items", resolved.ptr)))),
                None => TypeRef::Array(Box::new(TypeRef::Json)),
            },
            Some("object") | None if has_properties(schema) => {
                self.lower_struct(&resolved.ptr, exclude)
            }
            Some("object") => match schema.get("additionalProperties") {
                Some(Value::Object(_)) => {
                    let value = self.lower(&format!("{}/additionalProperties", resolved.ptr));
                    TypeRef::Map(Box::new(value))
                }
                _ => TypeRef::JsonObject,
            },
            None => TypeRef::Json,
            Some(other) => {
                self.diags.push(Diagnostic::warning(
                    "unknown-type",
                    &resolved.ptr,
                    format!("unknown schema type `{other}`; read as any JSON value"),
                ));
                TypeRef::Json
            }
        }
    }

    /// The type of one line of a JSON-lines body. The spec describes such a body as an
    /// array (or a choice of arrays) of what each line holds, so the line type is the item
    /// type (or the choice of item types).
    pub fn lower_line(&mut self, ptr: &str) -> TypeRef {
        let Some(resolved) = self.resolve(ptr) else {
            return TypeRef::Json;
        };
        let choices = resolved
            .schema
            .get("oneOf")
            .or_else(|| resolved.schema.get("anyOf"));
        if let Some(choices) = choices.and_then(Value::as_array) {
            let keyword = if resolved.schema.contains_key("oneOf") {
                "oneOf"
            } else {
                "anyOf"
            };
            let items: Option<Vec<String>> = (0..choices.len())
                .map(|i| self.items_pointer(&format!("{}/{keyword}/{i}", resolved.ptr)))
                .collect();
            if let Some(items) = items {
                let name = self.reserve(&resolved.ptr, None);
                let variants = self.untagged_variants(&items, None);
                self.push_type(name.clone(), &resolved.ptr, TypeKind::Untagged { variants });
                return TypeRef::Named(name);
            }
        }
        match self.lower(ptr) {
            TypeRef::Array(item) => *item,
            other => other,
        }
    }

    /// The pointer of the `items` of an array schema, seen through `$ref`s and one-part
    /// `allOf`s.
    fn items_pointer(&mut self, ptr: &str) -> Option<String> {
        let resolved = self.resolve(ptr)?;
        if resolved.schema.contains_key("items") {
            return Some(format!("{}/items", resolved.ptr));
        }
        match resolved.schema.get("allOf").and_then(Value::as_array) {
            Some(parts) if parts.len() == 1 => {
                self.items_pointer(&format!("{}/allOf/0", resolved.ptr))
            }
            _ => None,
        }
    }

    /// Sets a name aside for the type the schema at `ptr` will become, before anything
    /// else is lowered: the resources an API returns (`getTask` -> `Task`) deserve the
    /// plain names more than the schemas nested in them, whatever the order they are met.
    pub fn claim_name(&mut self, ptr: &str) {
        let target = self.quietly(|this| this.canonical(ptr));
        let becomes_type = pointer::get(self.doc, &target)
            .and_then(Value::as_object)
            .is_some_and(|s| {
                has_properties(s)
                    || s.contains_key("oneOf")
                    || s.contains_key("anyOf")
                    || s.contains_key("allOf")
            });
        if !becomes_type
            || self.claimed.contains_key(&target)
            || self.named.keys().any(|(p, _)| *p == target)
        {
            return;
        }
        let Some(name) = self
            .namer
            .candidates(self.doc, &target)
            .into_iter()
            .find(|c| !RESERVED_TYPE_NAMES.contains(&c.as_str()) && !self.taken.contains(c))
        else {
            return;
        };
        self.taken.insert(name.clone());
        self.claimed.insert(target, name);
    }

    /// Whether the schema at `ptr` lists required properties.
    pub fn requires_properties(&mut self, ptr: &str) -> bool {
        self.resolve(ptr).is_some_and(|r| {
            r.schema
                .get("required")
                .and_then(Value::as_array)
                .is_some_and(|list| !list.is_empty())
        })
    }

    /// Reserves a unique name for the schema at `ptr` before its contents are lowered, so
    /// that references back to it (cycles) find it.
    fn reserve(&mut self, ptr: &str, exclude: Option<&str>) -> String {
        if exclude.is_none() {
            if let Some(name) = self.claimed.remove(ptr) {
                self.named.insert((ptr.to_owned(), None), name.clone());
                return name;
            }
        }
        let candidates: Vec<String> = self
            .namer
            .candidates(self.doc, ptr)
            .into_iter()
            .map(|mut name| {
                if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
                    name.push_str("Value");
                }
                name
            })
            .collect();
        let free = candidates
            .iter()
            .find(|c| !self.taken.contains(*c))
            .cloned();
        let name = match free {
            Some(name) => {
                self.taken.insert(name.clone());
                name
            }
            None => ident::unique(
                candidates.first().cloned().unwrap_or_default(),
                &mut self.taken,
            ),
        };
        self.named
            .insert((ptr.to_owned(), exclude.map(str::to_owned)), name.clone());
        name
    }

    fn push_type(&mut self, name: String, ptr: &str, kind: TypeKind) {
        let doc = pointer::get(self.doc, ptr).and_then(doc_of);
        self.types.push(TypeDef {
            name,
            origin: ptr.to_owned(),
            doc,
            kind,
        });
    }

    fn lower_enum(&mut self, ptr: &str, schema: &Map<String, Value>) -> TypeRef {
        let name = self.reserve(ptr, None);
        let mut taken = BTreeSet::from(["Unknown".to_owned()]);
        let values = schema
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|wire| EnumValue {
                name: ident::unique(ident::type_name(&wire.to_lowercase()), &mut taken),
                wire: wire.to_owned(),
            })
            .collect();
        self.push_type(name.clone(), ptr, TypeKind::Enum { values });
        TypeRef::Named(name)
    }

    /// An object; `allOf` parts are merged into it, in order.
    fn lower_struct(&mut self, ptr: &str, exclude: Option<&str>) -> TypeRef {
        let name = self.reserve(ptr, exclude);
        self.in_progress.insert(name.clone());
        let mut fields = Vec::new();
        let mut field_names = BTreeSet::from(["additional_properties".to_owned()]);
        let mut seen_wire = BTreeSet::new();
        self.collect_fields(
            ptr,
            exclude,
            &mut fields,
            &mut field_names,
            &mut seen_wire,
            0,
        );
        self.report_undeclared_required(ptr, &seen_wire, exclude, 0);
        self.in_progress.remove(&name);
        self.push_type(name.clone(), ptr, TypeKind::Struct { fields });
        TypeRef::Named(name)
    }

    fn collect_fields(
        &mut self,
        ptr: &str,
        exclude: Option<&str>,
        fields: &mut Vec<Field>,
        names: &mut BTreeSet<String>,
        seen_wire: &mut BTreeSet<String>,
        depth: usize,
    ) {
        let Some(resolved) = self.resolve(ptr) else {
            return;
        };
        if depth > MAX_REF_CHAIN {
            return;
        }
        let schema = resolved.schema;
        let parts = schema
            .get("allOf")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        for index in 0..parts {
            let part = format!("{}/allOf/{index}", resolved.ptr);
            self.collect_fields(&part, exclude, fields, names, seen_wire, depth + 1);
        }
        let required: BTreeSet<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            return;
        };
        for wire in properties.keys() {
            if Some(wire.as_str()) == exclude || !seen_wire.insert(wire.clone()) {
                continue;
            }
            let field_ptr = pointer::child(&format!("{}/properties", resolved.ptr), wire);
            let ty = self.lower(&field_ptr);
            let property = self.resolve(&field_ptr);
            let flag = |name: &str| {
                property
                    .as_ref()
                    .is_some_and(|p| p.schema.get(name) == Some(&Value::Bool(true)))
            };
            let nullable = flag("nullable");
            // A required readOnly property is required in responses only, a writeOnly one
            // in requests only; one type serves both, so neither can be required.
            let one_way = flag("readOnly") || flag("writeOnly");
            let mut doc = pointer::get(self.doc, &field_ptr)
                .and_then(doc_of)
                .or_else(|| {
                    property
                        .as_ref()
                        .and_then(|p| doc_of(&Value::Object(p.schema.clone())))
                });
            if let Some(default) = property.as_ref().and_then(|p| p.schema.get("default")) {
                let line = format!("Default: `{default}`.");
                doc = Some(doc.map_or(line.clone(), |d| format!("{d}\n\n{line}")));
            }
            let boxed = matches!(&ty, TypeRef::Named(n) if self.in_progress.contains(n));
            fields.push(Field {
                name: ident::unique(ident::field_name(wire), names),
                wire: wire.clone(),
                ty,
                required: required.contains(wire.as_str()) && !one_way,
                nullable,
                boxed,
                doc,
                origin: field_ptr,
            });
        }
    }

    /// `required` naming a property the object does not declare is a spec error the type
    /// cannot express (often a misspelling: `topicIDs` beside `topicIds`); it is reported
    /// so that a server rejecting the request is not a surprise.
    fn report_undeclared_required(
        &mut self,
        ptr: &str,
        declared: &BTreeSet<String>,
        exclude: Option<&str>,
        depth: usize,
    ) {
        let Some(resolved) = self.resolve(ptr) else {
            return;
        };
        if depth > MAX_REF_CHAIN {
            return;
        }
        let parts = resolved
            .schema
            .get("allOf")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        for index in 0..parts {
            self.report_undeclared_required(
                &format!("{}/allOf/{index}", resolved.ptr),
                declared,
                exclude,
                depth + 1,
            );
        }
        let required = resolved.schema.get("required").and_then(Value::as_array);
        for (index, name) in required.into_iter().flatten().enumerate() {
            let Some(name) = name.as_str() else { continue };
            if declared.contains(name) || Some(name) == exclude {
                continue;
            }
            let similar = declared.iter().find(|d| d.eq_ignore_ascii_case(name));
            let mut diagnostic = Diagnostic::warning(
                "undeclared-required",
                format!("{}/required/{index}", resolved.ptr),
                format!("`required` lists `{name}`, which is not a declared property; the type cannot require it"),
            );
            if let Some(similar) = similar {
                diagnostic = diagnostic.with_hint(format!("did you mean `{similar}`?"));
            }
            self.diags.push(diagnostic);
        }
    }

    /// A `oneOf`/`anyOf`. When every variant carries a distinct one-value `enum` in the
    /// same string property, it is a tagged union; otherwise untagged.
    fn lower_union(
        &mut self,
        ptr: &str,
        keyword: &str,
        count: usize,
        exclude: Option<&str>,
    ) -> TypeRef {
        let variant_ptrs: Vec<String> =
            (0..count).map(|i| format!("{ptr}/{keyword}/{i}")).collect();
        let name = self.reserve(ptr, exclude);
        self.in_progress.insert(name.clone());
        let tag_property = if exclude.is_some() {
            None
        } else {
            self.discriminator(ptr, &variant_ptrs)
                .or_else(|| self.find_tag(&variant_ptrs))
        };
        let kind = match tag_property {
            Some((tag, tags)) => {
                let mut taken = BTreeSet::from(["Unknown".to_owned()]);
                let mut variants = Vec::new();
                for (variant_ptr, tag_value) in variant_ptrs.iter().zip(tags) {
                    let resolved = self.resolve(variant_ptr);
                    let title = resolved
                        .as_ref()
                        .and_then(|r| r.schema.get("title"))
                        .and_then(Value::as_str);
                    let variant_name = match title {
                        Some(t) => title_name(t),
                        None => ident::type_name(&tag_value.to_lowercase()),
                    };
                    let has_fields = resolved.as_ref().is_some_and(|r| {
                        has_properties(r.schema)
                            || r.schema.contains_key("oneOf")
                            || r.schema.contains_key("allOf")
                    });
                    let ty = if has_fields {
                        self.lower_excluding(variant_ptr, Some(&tag))
                    } else {
                        TypeRef::JsonObject
                    };
                    let doc = resolved.and_then(|r| doc_of(&Value::Object(r.schema.clone())));
                    variants.push(TaggedVariant {
                        name: ident::unique(variant_name, &mut taken),
                        tag_value,
                        ty,
                        doc,
                    });
                }
                TypeKind::Tagged { tag, variants }
            }
            None => TypeKind::Untagged {
                variants: self.untagged_variants(&variant_ptrs, exclude),
            },
        };
        self.in_progress.remove(&name);
        self.push_type(name.clone(), ptr, kind);
        TypeRef::Named(name)
    }

    fn untagged_variants(
        &mut self,
        variant_ptrs: &[String],
        exclude: Option<&str>,
    ) -> Vec<Variant> {
        let mut taken = BTreeSet::new();
        let mut scored = Vec::new();
        let mut seen_types = BTreeSet::new();
        for (index, variant_ptr) in variant_ptrs.iter().enumerate() {
            let resolved = self.resolve(variant_ptr);
            let title = resolved
                .as_ref()
                .and_then(|r| r.schema.get("title"))
                .and_then(Value::as_str);
            let specificity = resolved.as_ref().map_or((0, 0), |r| specificity(r.schema));
            let doc = resolved.and_then(|r| doc_of(&Value::Object(r.schema.clone())));
            let ty = self.lower_excluding(variant_ptr, exclude);
            if !seen_types.insert(ty.clone()) {
                continue;
            }
            let name = match (title, &ty) {
                (Some(t), _) => title_name(t),
                (None, TypeRef::Named(n)) => n.clone(),
                (None, other) => primitive_variant_name(other, index),
            };
            scored.push((
                specificity,
                index,
                Variant {
                    name: ident::unique(name, &mut taken),
                    ty,
                    doc,
                },
            ));
        }
        // Most specific first: a variant whose required fields are a superset must be
        // tried before the looser one that would also accept its input.
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, _, v)| v).collect()
    }

    /// The tag of a union with an explicit `discriminator`: each variant's value comes
    /// from the `mapping` (value -> `$ref`), else, for a `$ref`'d variant, from the name
    /// of the schema it points to, else from a one-value `enum` in the variant.
    fn discriminator(
        &mut self,
        ptr: &str,
        variant_ptrs: &[String],
    ) -> Option<(String, Vec<String>)> {
        let owner = pointer::get(self.doc, ptr)?;
        let discriminator = owner.get("discriminator")?;
        let tag = discriminator
            .get("propertyName")
            .and_then(Value::as_str)?
            .to_owned();
        let mapping: Vec<(String, String)> = discriminator
            .get("mapping")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(value, target)| {
                        Some((value.clone(), target.as_str()?.to_owned()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut values = Vec::new();
        for variant_ptr in variant_ptrs {
            let reference = pointer::get(self.doc, variant_ptr)
                .and_then(|v| v.get("$ref"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            let value = match &reference {
                Some(reference) => {
                    // A mapping target is a `$ref` or, as a shorthand, a schema name.
                    let name = reference.rsplit('/').next().unwrap_or_default().to_owned();
                    mapping
                        .iter()
                        .find(|(_, target)| *target == *reference || *target == name)
                        .map(|(value, _)| value.clone())
                        .unwrap_or(name)
                }
                None => self.tag_value(variant_ptr, &tag, 0)?,
            };
            values.push(value);
        }
        let distinct: BTreeSet<&String> = values.iter().collect();
        if distinct.len() != values.len() {
            self.diags.push(Diagnostic::warning(
                "ambiguous-discriminator",
                format!("{ptr}/discriminator"),
                "two variants map to the same discriminator value; read as an untagged union",
            ));
            return None;
        }
        Some((tag, values))
    }

    /// Finds the property that tags every variant, with each variant's tag value: `type`
    /// first, then any other property of the first variant.
    fn find_tag(&mut self, variant_ptrs: &[String]) -> Option<(String, Vec<String>)> {
        if variant_ptrs.len() < 2 {
            return None;
        }
        let first = variant_ptrs.first()?;
        let mut candidates = vec!["type".to_owned()];
        if let Some(resolved) = self.resolve(first) {
            let names = resolved.schema.get("properties").and_then(Value::as_object);
            candidates.extend(
                names
                    .into_iter()
                    .flat_map(|p| p.keys())
                    .filter(|k| *k != "type")
                    .cloned(),
            );
        }
        'candidates: for tag in candidates {
            let mut values = Vec::new();
            for variant_ptr in variant_ptrs {
                match self.tag_value(variant_ptr, &tag, 0) {
                    Some(value) => values.push(value),
                    None => continue 'candidates,
                }
            }
            let distinct: BTreeSet<&String> = values.iter().collect();
            if distinct.len() == values.len() {
                return Some((tag, values));
            }
        }
        None
    }

    /// The one value a variant allows for `tag`: from a one-value `enum`, from the shared
    /// tag of all the variants of a nested `oneOf`, or, for a variant that declares no
    /// properties at all, from a title written like a tag value (`PING`).
    fn tag_value(&mut self, ptr: &str, tag: &str, depth: usize) -> Option<String> {
        let resolved = self.resolve(ptr)?;
        let schema = resolved.schema;
        if let Some(nested) = schema.get("oneOf").and_then(Value::as_array) {
            if depth > 4 {
                return None;
            }
            let mut shared: Option<String> = None;
            for index in 0..nested.len() {
                let value =
                    self.tag_value(&format!("{}/oneOf/{index}", resolved.ptr), tag, depth + 1)?;
                match &shared {
                    Some(existing) if *existing != value => return None,
                    _ => shared = Some(value),
                }
            }
            return shared;
        }
        let property_ptr = pointer::child(&format!("{}/properties", resolved.ptr), tag);
        if pointer::get(self.doc, &property_ptr).is_some() {
            let property = self.resolve(&property_ptr)?;
            let values = property.schema.get("enum").and_then(Value::as_array)?;
            return match values.as_slice() {
                [Value::String(one)] => Some(one.clone()),
                _ => None,
            };
        }
        let title = schema.get("title").and_then(Value::as_str)?;
        let looks_like_tag = !has_properties(schema)
            && !title.is_empty()
            && title
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '/');
        looks_like_tag.then(|| title.to_owned())
    }
}

fn primitive_variant_name(ty: &TypeRef, index: usize) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::F64 => "Number".into(),
        TypeRef::Bool => "Boolean".into(),
        TypeRef::Array(_) => "Array".into(),
        TypeRef::Map(_) | TypeRef::JsonObject => "Object".into(),
        _ => format!("Variant{index}"),
    }
}

/// (required properties, all properties): a larger pair is more specific.
fn specificity(schema: &Map<String, Value>) -> (usize, usize) {
    let required = schema
        .get("required")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .map_or(0, Map::len);
    (required, properties)
}

fn schema_type(schema: &Map<String, Value>) -> Option<&str> {
    schema.get("type").and_then(Value::as_str)
}

fn is_string_schema(schema: &Map<String, Value>) -> bool {
    match schema_type(schema) {
        Some("string") => true,
        None => schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().all(|v| v.is_string() || v.is_null())),
        _ => false,
    }
}

fn has_properties(schema: &Map<String, Value>) -> bool {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
}

/// The documentation of a schema: its description, else its title.
pub fn doc_of(schema: &Value) -> Option<String> {
    let text = schema
        .get("description")
        .and_then(Value::as_str)
        .or_else(|| schema.get("title").and_then(Value::as_str))?;
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}
