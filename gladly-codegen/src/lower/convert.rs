//! Lowers JSON schemas into the type space, one function per shape of schema: this file
//! dispatches on the shape and handles what is shared (following `$ref`s, declaring a
//! type, arrays and maps); `objects`, `unions` and `scalars` convert the rest.
//!
//! Schemas are read from the normalised tree by JSON pointer, so a `$ref` anywhere in the
//! document (including into `paths`) resolves to the one type made for its target.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use super::naming::Namer;
use super::objects::has_properties;
use super::resolve::{wrapped_part, Resolved, Resolver};
use super::settle::Claim;
use super::space::{Key, Shape, TypeId, TypeSpace};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir::TypeRef;

/// A type reference while lowering: generated types by id.
pub type Ty = TypeRef<TypeId>;

/// Builds the type space of a document.
pub struct SchemaLowerer<'a> {
    pub(super) resolver: Resolver<'a>,
    pub(super) namer: Namer,
    pub(super) space: TypeSpace,
    claims: Vec<Claim>,
    /// The pointers of `claims`, to ask whether one is claimed without a scan.
    claimed: HashSet<String>,
    /// Every pointer lowered without an excluded tag, with its type.
    schema_types: BTreeMap<String, Ty>,
    pub(super) diags: Diagnostics,
}

/// What lowering the schemas produced, for the passes that follow.
pub struct Lowered {
    /// The types.
    pub space: TypeSpace,
    /// The names set aside before lowering.
    pub claims: Vec<Claim>,
    /// The type of every schema pointer lowered.
    pub schema_types: BTreeMap<String, Ty>,
    /// Problems found on the way.
    pub diags: Diagnostics,
    /// The names suggested, for the passes that judge them.
    pub namer: Namer,
}

impl<'a> SchemaLowerer<'a> {
    /// Starts with no types.
    pub fn new(doc: &'a Value, namer: Namer) -> Self {
        Self {
            resolver: Resolver::new(doc),
            namer,
            space: TypeSpace::default(),
            claims: Vec::new(),
            claimed: HashSet::new(),
            schema_types: BTreeMap::new(),
            diags: Diagnostics::default(),
        }
    }

    /// Everything lowered so far.
    pub fn finish(self) -> Lowered {
        Lowered {
            space: self.space,
            claims: self.claims,
            schema_types: self.schema_types,
            diags: self.diags,
            namer: self.namer,
        }
    }

    /// Follows `$ref`s from `ptr`, reporting why it leads to no schema: for the code that
    /// lowers the schema there.
    pub(super) fn resolve(&mut self, ptr: &str) -> Option<Resolved<'a>> {
        match self.resolver.resolve(ptr) {
            Ok(resolved) => Some(resolved),
            Err(error) => {
                self.diags.push(error.diagnostic());
                None
            }
        }
    }

    /// The Rust type for the schema at `ptr`.
    pub fn lower(&mut self, ptr: &str) -> Ty {
        let ty = self.lower_excluding(ptr, None);
        self.schema_types.insert(ptr.to_owned(), ty.clone());
        // The target too, for tools that start from it; a failure was reported above.
        if let Ok(target) = self.resolver.resolve(ptr) {
            self.schema_types
                .entry(target.ptr)
                .or_insert_with(|| ty.clone());
        }
        ty
    }

    /// Lowers the schema at `ptr` unless a type was already made for it (possibly as a
    /// union variant without its tag property, which then stays its only type).
    pub fn lower_if_unnamed(&mut self, ptr: &str) {
        let made = self
            .resolver
            .canonical(ptr)
            .is_ok_and(|target| self.space.has_type_from(&target.ptr));
        if !made {
            self.lower(ptr);
        }
    }

    /// Sets a name aside for the type the schema at `ptr` will become, before anything
    /// else is lowered (see [`Claim`]).
    pub fn claim_name(&mut self, ptr: &str) {
        let Ok(target) = self.resolver.canonical(ptr) else {
            return;
        };
        let schema = target.schema;
        if schema_type(schema) == Some("array") && schema.contains_key("items") {
            // The items of a list are the resource (`getAgents` -> `Agent`).
            self.claim_name(&format!("{ptr}/items"));
            return;
        }
        let becomes_type = has_properties(schema)
            || ["oneOf", "anyOf", "allOf"]
                .iter()
                .any(|key| schema.contains_key(*key));
        if !becomes_type || self.claimed.contains(&target.ptr) {
            return;
        }
        // A response that reuses a request's schema (`getWebhooks` returning what
        // `updateWebhook` takes) names it for what it returns, not for the request.
        let doc = self.resolver.doc();
        let named_from =
            if self.namer.is_in_request(&target.ptr) && !self.namer.is_titled(doc, &target.ptr) {
                ptr
            } else {
                &target.ptr
            };
        let candidates = self.namer.candidates(doc, named_from);
        self.claimed.insert(target.ptr.clone());
        self.claims.push(Claim {
            ptr: target.ptr,
            candidates,
        });
    }

    /// Whether the schema at `ptr` lists required properties.
    pub fn requires_properties(&self, ptr: &str) -> bool {
        self.resolver.resolve(ptr).is_ok_and(|r| {
            r.schema
                .get("required")
                .and_then(Value::as_array)
                .is_some_and(|list| !list.is_empty())
        })
    }

    /// Adds the type for the schema at `ptr` (leaving out the property `exclude`) before
    /// its contents are lowered, so that references back to it (cycles) find it.
    pub(super) fn declare(&mut self, ptr: &str, exclude: Option<&str>) -> TypeId {
        let doc = self
            .resolver
            .node(ptr)
            .and_then(Value::as_object)
            .and_then(doc_of);
        let candidates = self.namer.candidates(self.resolver.doc(), ptr);
        let key: Key = (ptr.to_owned(), exclude.map(str::to_owned));
        self.space.declare(key, doc, candidates)
    }

    /// Gives a declared type its contents.
    pub(super) fn define(&mut self, id: TypeId, shape: Shape) -> Ty {
        self.space.define(id, shape);
        TypeRef::Named(id)
    }

    /// As [`Self::lower`], leaving out the property `exclude` (the tag of a union the
    /// schema is a variant of).
    pub(super) fn lower_excluding(&mut self, ptr: &str, exclude: Option<&str>) -> Ty {
        let Some(resolved) = self.resolve(ptr) else {
            return TypeRef::Json;
        };
        let key: Key = (resolved.ptr.clone(), exclude.map(str::to_owned));
        if let Some(id) = self.space.find(&key) {
            return TypeRef::Named(id);
        }
        let schema = resolved.schema;
        if let Some((keyword, count)) = union_of(schema) {
            return self.lower_union(&resolved.ptr, keyword, count, exclude);
        }
        if let Some(part) = wrapped_part(&resolved) {
            return self.lower_excluding(&part, exclude);
        }
        if schema.get("allOf").and_then(Value::as_array).is_some() {
            return self.lower_struct(&resolved.ptr, exclude);
        }
        if let Some(ty) = self.lower_scalar(&resolved) {
            return ty;
        }
        match schema_type(schema) {
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
    pub fn lower_line(&mut self, ptr: &str) -> Ty {
        let Some(resolved) = self.resolve(ptr) else {
            return TypeRef::Json;
        };
        if let Some((keyword, count)) = union_of(resolved.schema) {
            let items: Option<Vec<String>> = (0..count)
                .map(|i| self.items_pointer(&format!("{}/{keyword}/{i}", resolved.ptr)))
                .collect();
            if let Some(items) = items {
                let id = self.declare(&resolved.ptr, None);
                let members = self.untagged_members(&items, None);
                return self.define(id, Shape::Untagged { members });
            }
        }
        match self.lower(ptr) {
            TypeRef::Array(item) => *item,
            other => other,
        }
    }

    /// The files a JSON-lines body at `ptr` names: the variants of its `oneOf` titled like
    /// a file (`agents.jsonl`), each with the type of its lines (already lowered by
    /// [`Self::lower_line`]).
    pub fn named_line_files(&mut self, ptr: &str) -> Vec<(String, Ty)> {
        let Ok(resolved) = self.resolver.canonical(ptr) else {
            return Vec::new();
        };
        let Some((keyword, count)) = union_of(resolved.schema) else {
            return Vec::new();
        };
        let mut files = Vec::new();
        for index in 0..count {
            let variant = format!("{}/{keyword}/{index}", resolved.ptr);
            let title = self
                .resolver
                .node(&variant)
                .and_then(|v| v.get("title"))
                .and_then(Value::as_str)
                .filter(|t| is_file_name(t));
            let (Some(title), Some(items)) = (title, self.items_pointer(&variant)) else {
                continue;
            };
            files.push((title.to_owned(), self.lower(&items)));
        }
        files
    }

    /// The pointer of the `items` of an array schema, seen through `$ref`s and wrappers.
    fn items_pointer(&self, ptr: &str) -> Option<String> {
        let resolved = self.resolver.canonical(ptr).ok()?;
        resolved
            .schema
            .contains_key("items")
            .then(|| format!("{}/items", resolved.ptr))
    }
}

/// `agents.jsonl`: a name, a dot and an extension, nothing else.
fn is_file_name(title: &str) -> bool {
    let Some((stem, extension)) = title.rsplit_once('.') else {
        return false;
    };
    let word = |s: &str, extra: &[char]| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
    };
    word(stem, &['_', '-', '.']) && word(extension, &[])
}

/// The keyword and number of variants of a `oneOf` (or else `anyOf`) schema.
pub(super) fn union_of(schema: &Map<String, Value>) -> Option<(&'static str, usize)> {
    ["oneOf", "anyOf"].into_iter().find_map(|keyword| {
        schema
            .get(keyword)
            .and_then(Value::as_array)
            .map(|variants| (keyword, variants.len()))
    })
}

/// The `type` of a schema.
pub(super) fn schema_type(schema: &Map<String, Value>) -> Option<&str> {
    schema.get("type").and_then(Value::as_str)
}

/// The documentation of a schema: its description, else its title.
pub fn doc_of(schema: &Map<String, Value>) -> Option<String> {
    let text = schema
        .get("description")
        .and_then(Value::as_str)
        .or_else(|| schema.get("title").and_then(Value::as_str))?;
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use crate::ir::{ResponseBody, TypeRef};
    use crate::lower::test_support::lower_doc;
    use serde_json::json;

    #[test]
    fn arrays_maps_and_untyped_schemas() {
        let doc = json!({"components": {"schemas": {
            "List": {"type": "array", "items": {"type": "string"}},
            "Bare": {"type": "array"},
            "Dict": {"type": "object", "additionalProperties": {"type": "boolean"}},
            "Open": {"type": "object"},
            "Any": {},
            "Odd": {"type": "file"}
        }}});
        let (api, diags) = lower_doc(&doc);
        let ty = |name: &str| api.schema_types[&format!("/components/schemas/{name}")].clone();
        assert_eq!(ty("List"), TypeRef::Array(Box::new(TypeRef::String)));
        assert_eq!(ty("Bare"), TypeRef::Array(Box::new(TypeRef::Json)));
        assert_eq!(ty("Dict"), TypeRef::Map(Box::new(TypeRef::Bool)));
        assert_eq!(ty("Open"), TypeRef::JsonObject);
        assert_eq!(ty("Any"), TypeRef::Json);
        assert_eq!(ty("Odd"), TypeRef::Json);
        assert_eq!(diags.items()[0].code, "unknown-type");
    }

    #[test]
    fn a_dangling_ref_is_reported_once_where_it_is_lowered() {
        // Tag detection and the untagged union both look at the variant first; only
        // lowering it reports.
        let doc = json!({"components": {"schemas": {
            "Choice": {"oneOf": [
                {"$ref": "#/components/schemas/Missing"},
                {"type": "object", "properties": {"type": {"type": "string", "enum": ["b"]}}}
            ]}
        }}});
        let (_, diags) = lower_doc(&doc);
        let found: Vec<(&str, &str)> = diags
            .items()
            .iter()
            .map(|d| (d.code, d.pointer.as_str()))
            .collect();
        assert_eq!(
            found,
            [("dangling-ref", "/components/schemas/Choice/oneOf/0/$ref")]
        );
    }

    #[test]
    fn files_a_json_lines_answer_names_are_typed_by_name() {
        let doc = json!({"paths": {"/jobs/{job}/files/{name}": {"get": {
            "operationId": "getFile",
            "parameters": [
                {"name": "job", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}
            ],
            "responses": {"200": {"description": "ok", "content": {"application/x-ndjson": {"schema": {"oneOf": [
                {"title": "tags.jsonl", "type": "array", "items": {"type": "string"}},
                {"title": "Numbers", "type": "array", "items": {"type": "integer"}},
                {"title": "people.v2.jsonl", "type": "array", "items": {"type": "object", "properties": {"n": {"type": "string"}}}}
            ]}}}}}
        }}}});
        let (api, _) = lower_doc(&doc);
        let files: Vec<(&str, &str, &TypeRef)> = api.operations[0]
            .line_files
            .iter()
            .map(|f| (f.name.as_str(), f.param.as_str(), &f.ty))
            .collect();
        // A title that is no file name (`Numbers`) names no file; without `title-strip`
        // the extension stays in the type name.
        assert_eq!(
            files,
            [
                ("tags.jsonl", "name", &TypeRef::String),
                (
                    "people.v2.jsonl",
                    "name",
                    &TypeRef::Named("PeopleV2JsonlItem".into())
                )
            ]
        );
    }

    #[test]
    fn json_lines_have_the_item_type() {
        let schema = |s| json!({"200": {"description": "ok", "content": {"application/x-ndjson": {"schema": s}}}});
        let doc = json!({"paths": {
            "/lines": {"get": {"operationId": "getLines", "responses": schema(json!(
                {"type": "array", "items": {"type": "integer"}}))}},
            "/mixed": {"get": {"operationId": "getMixed", "responses": schema(json!({"oneOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "array", "items": {"type": "boolean"}}
            ]}))}}
        }});
        let (api, _) = lower_doc(&doc);
        assert_eq!(
            api.operations[0].response,
            ResponseBody::JsonLines(TypeRef::I64)
        );
        assert_eq!(
            api.operations[1].response,
            ResponseBody::JsonLines(TypeRef::Named("Mixed".into()))
        );
        let mixed = &api.types[0];
        let crate::ir::TypeKind::Untagged { variants } = &mixed.kind else {
            panic!("untagged")
        };
        let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["String", "Boolean"]);
    }
}
