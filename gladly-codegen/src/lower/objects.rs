//! Objects: a struct per schema with properties, its `allOf` parts merged into it in
//! order, in one walk that also records the `required` lists for `validate`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::convert::{doc_of, SchemaLowerer};
use super::resolve::MAX_REF_CHAIN;
use super::space::{Required, Shape, TypeId};
use crate::ident;
use crate::ir::{Field, TypeRef};
use crate::pointer;

/// What the walk over an object and its `allOf` parts gathers.
struct Gathered {
    fields: Vec<Field<TypeId>>,
    /// Rust names given so far; `additional_properties` is the struct's own.
    names: BTreeSet<String>,
    /// Wire names met so far: the first declaration of a property wins.
    wires: BTreeSet<String>,
    required: Vec<Required>,
    /// Every name a `required` list of the object or its `allOf` parts gives.
    required_names: BTreeSet<String>,
    /// Properties marked `readOnly` or `writeOnly`, which no list makes required.
    one_way: BTreeSet<String>,
}

impl Gathered {
    fn new() -> Self {
        Self {
            fields: Vec::new(),
            names: BTreeSet::from(["additional_properties".to_owned()]),
            wires: BTreeSet::new(),
            required: Vec::new(),
            required_names: BTreeSet::new(),
            one_way: BTreeSet::new(),
        }
    }

    /// Applies the `required` lists of the whole chain: an instance must satisfy every
    /// part of an `allOf`, so a part that only adds `required: [url]` makes the field
    /// another part declares required.
    fn apply_required(&mut self) {
        for field in &mut self.fields {
            if self.required_names.contains(&field.wire) && !self.one_way.contains(&field.wire) {
                field.required = true;
            }
        }
    }
}

impl SchemaLowerer<'_> {
    /// An object; `allOf` parts are merged into it, in order.
    pub(super) fn lower_struct(&mut self, ptr: &str, exclude: Option<&str>) -> TypeRef<TypeId> {
        let id = self.declare(ptr, exclude);
        let mut gathered = Gathered::new();
        self.gather(ptr, exclude, &mut gathered, 0);
        gathered.apply_required();
        self.define(
            id,
            Shape::Struct {
                fields: gathered.fields,
                required: gathered.required,
            },
        )
    }

    /// The struct of a tagged union's variant that declares no properties (`ptr`): the
    /// properties every other variant declares (`envelope`: wire name and the pointer
    /// of one declaration of it), all optional, since the spec does not promise them
    /// for this variant; anything else lands in its additional properties.
    pub(super) fn lower_envelope(
        &mut self,
        ptr: &str,
        tag: &str,
        envelope: &[(String, String)],
    ) -> TypeRef<TypeId> {
        let key = (ptr.to_owned(), Some(tag.to_owned()));
        if let Some(id) = self.space.find(&key) {
            return TypeRef::Named(id);
        }
        let id = self.declare(ptr, Some(tag));
        let mut gathered = Gathered::new();
        for (wire, field_ptr) in envelope {
            let field = self.field(wire, field_ptr, false, &mut gathered);
            gathered.fields.push(field);
        }
        self.define(
            id,
            Shape::Struct {
                fields: gathered.fields,
                required: Vec::new(),
            },
        )
    }

    /// Adds the fields of the schema at `ptr`: its `allOf` parts' first, then its own.
    fn gather(&mut self, ptr: &str, exclude: Option<&str>, out: &mut Gathered, depth: usize) {
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
            self.gather(&part, exclude, out, depth + 1);
        }
        // Every list counts wherever the property is declared (`apply_required`), and
        // names no part declares are reported (`validate`).
        let listed = schema.get("required").and_then(Value::as_array);
        let mut required = BTreeSet::new();
        for (index, name) in listed.into_iter().flatten().enumerate() {
            let Some(name) = name.as_str() else { continue };
            required.insert(name);
            out.required_names.insert(name.to_owned());
            if Some(name) != exclude {
                out.required.push(Required {
                    name: name.to_owned(),
                    pointer: format!("{}/required/{index}", resolved.ptr),
                });
            }
        }
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            return;
        };
        for wire in properties.keys() {
            if Some(wire.as_str()) == exclude || !out.wires.insert(wire.clone()) {
                continue;
            }
            let field_ptr = pointer::child(&format!("{}/properties", resolved.ptr), wire);
            let field = self.field(wire, &field_ptr, required.contains(wire.as_str()), out);
            out.fields.push(field);
        }
    }

    /// One property as a field.
    fn field(
        &mut self,
        wire: &str,
        field_ptr: &str,
        listed_required: bool,
        out: &mut Gathered,
    ) -> Field<TypeId> {
        let ty = self.lower(field_ptr);
        // What the property's schema says, through its `$ref`: already reported when it
        // was lowered just above.
        let property = self.resolver.resolve(field_ptr).ok().map(|r| r.schema);
        let flag = |name: &str| property.is_some_and(|p| p.get(name) == Some(&Value::Bool(true)));
        // A required readOnly property is required in responses only, a writeOnly one in
        // requests only; one type serves both, so neither can be required.
        let one_way = flag("readOnly") || flag("writeOnly");
        if one_way {
            out.one_way.insert(wire.to_owned());
        }
        let mut doc = self
            .resolver
            .node(field_ptr)
            .and_then(Value::as_object)
            .and_then(doc_of)
            .or_else(|| property.and_then(doc_of));
        let one_way_note = if flag("readOnly") {
            Some("Set by the server: read back in responses, left out of request bodies.")
        } else if flag("writeOnly") {
            Some("Sent in requests only: responses do not return it.")
        } else {
            None
        };
        if let Some(line) = one_way_note {
            doc = Some(doc.map_or(line.to_owned(), |d| format!("{d}\n\n{line}")));
        }
        if let Some(default) = property.and_then(|p| p.get("default")) {
            let line = format!("Default: `{default}`.");
            doc = Some(doc.map_or(line.clone(), |d| format!("{d}\n\n{line}")));
        }
        Field {
            name: ident::unique(ident::field_name(wire), &mut out.names),
            wire: wire.to_owned(),
            ty,
            required: listed_required && !one_way,
            nullable: flag("nullable"),
            read_only: flag("readOnly"),
            boxed: false,
            doc,
            origin: field_ptr.to_owned(),
        }
    }
}

/// Whether a schema declares at least one property.
pub(super) fn has_properties(schema: &Map<String, Value>) -> bool {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use crate::ir::{TypeKind, TypeRef};
    use crate::lower::test_support::lower_doc;
    use serde_json::json;

    #[test]
    fn all_of_parts_merge_in_order_and_the_first_declaration_wins() {
        let doc = json!({"components": {"schemas": {
            "Base": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"}, "name": {"type": "string"}}},
            "Derived": {"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"type": "object", "required": ["size"], "properties": {
                    "size": {"type": "integer", "readOnly": true},
                    "name": {"type": "integer", "nullable": true, "description": "Shadowed."}}}
            ]},
            "Nullable": {"allOf": [{"$ref": "#/components/schemas/Base"}], "nullable": true},
            "Holder": {"type": "object", "properties": {
                "base": {"$ref": "#/components/schemas/Nullable"}}}
        }}});
        let (api, _) = lower_doc(&doc);
        let derived = api.types.iter().find(|t| t.name == "Derived").unwrap();
        let TypeKind::Struct { fields } = &derived.kind else {
            panic!("a struct")
        };
        let summary: Vec<(&str, bool, &TypeRef)> = fields
            .iter()
            .map(|f| (f.wire.as_str(), f.required, &f.ty))
            .collect();
        assert_eq!(
            summary,
            [
                ("id", true, &TypeRef::String),
                ("name", false, &TypeRef::String),
                // readOnly: required in responses only, so not required in the one type.
                ("size", false, &TypeRef::I64),
            ]
        );
        // A one-part `allOf` is its part: no type of its own.
        assert_eq!(
            api.schema_types["/components/schemas/Holder/properties/base"],
            TypeRef::Named("Base".into())
        );
        assert!(!api.types.iter().any(|t| t.name == "Nullable"));
    }

    #[test]
    fn a_part_that_only_lists_required_names_makes_the_fields_required() {
        let doc = json!({"components": {"schemas": {
            "Update": {"type": "object", "properties": {
                "url": {"type": "string"}, "events": {"type": "array", "items": {"type": "string"}},
                "id": {"type": "string", "readOnly": true}, "name": {"type": "string"}}},
            "Create": {"allOf": [
                {"$ref": "#/components/schemas/Update"},
                {"type": "object", "required": ["url", "events", "id"]}
            ]}
        }}});
        let (api, _) = lower_doc(&doc);
        let required = |name: &str| -> Vec<(String, bool)> {
            let def = api.types.iter().find(|t| t.name == name).unwrap();
            let TypeKind::Struct { fields } = &def.kind else {
                panic!("a struct")
            };
            fields
                .iter()
                .map(|f| (f.wire.clone(), f.required))
                .collect()
        };
        let expected = |flags: [bool; 4]| -> Vec<(String, bool)> {
            ["url", "events", "id", "name"]
                .iter()
                .zip(flags)
                .map(|(w, r)| ((*w).to_owned(), r))
                .collect()
        };
        // `id` is readOnly: no list makes it required. `Update` itself is unchanged.
        assert_eq!(required("Create"), expected([true, true, false, false]));
        assert_eq!(required("Update"), expected([false; 4]));
    }

    #[test]
    fn colliding_rust_names_stay_distinct_and_keep_their_wire_names() {
        let doc = json!({"components": {"schemas": {
            "Holder": {"type": "object", "required": ["foo_bar"], "properties": {
                "fooBar": {"type": "string"},
                "foo_bar": {"type": "integer"},
                "additional_properties": {"type": "boolean"},
                "type": {"type": "string", "writeOnly": true}}}
        }}});
        let (api, _) = lower_doc(&doc);
        let holder = api.types.iter().find(|t| t.name == "Holder").unwrap();
        let TypeKind::Struct { fields } = &holder.kind else {
            panic!("a struct")
        };
        let names: Vec<(&str, &str, bool)> = fields
            .iter()
            .map(|f| (f.name.as_str(), f.wire.as_str(), f.required))
            .collect();
        assert_eq!(
            names,
            [
                ("foo_bar", "fooBar", false),
                ("foo_bar2", "foo_bar", true),
                // The struct's own map of unknown properties keeps its name.
                ("additional_properties2", "additional_properties", false),
                ("r#type", "type", false),
            ]
        );
    }

    #[test]
    fn property_docs_and_defaults() {
        let doc = json!({"components": {"schemas": {
            "Shared": {"type": "string", "description": "From the target.", "default": "x"},
            "Holder": {"type": "object", "properties": {
                "plain": {"$ref": "#/components/schemas/Shared"},
                "own": {"type": "integer", "title": "Own title", "default": 3}}}
        }}});
        let (api, _) = lower_doc(&doc);
        let holder = api.types.iter().find(|t| t.name == "Holder").unwrap();
        let TypeKind::Struct { fields } = &holder.kind else {
            panic!("a struct")
        };
        assert_eq!(
            fields[0].doc.as_deref(),
            Some("From the target.\n\nDefault: `\"x\"`.")
        );
        assert_eq!(fields[1].doc.as_deref(), Some("Own title\n\nDefault: `3`."));
    }
}
