//! Merges types that are the same thing written in several places: a vendor spec writes
//! the same status enum or the same object inline under each operation that uses it,
//! and a user should meet one type, not one per place.
//!
//! Two types are *the same* when they have the same shape: the same enum values (in any
//! order); the same fields (wire name, Rust name, requiredness, nullability, type); the
//! same variants. Types they refer to must be the same in turn, so the classes are found
//! as a finite automaton is minimised: start from the shapes with references left out,
//! then split classes by the classes of what their members refer to, until no class
//! splits. That handles cycles as well as trees.
//!
//! Types merge only within a part of the API (see [`scope`]). In a class, one type is kept and the others resolve to it ([`TypeSpace::canonical`]).
//! Some types are never merged away, because their name or their role is the spec's own:
//! a schema with a `title`, a component schema, a request body (its type has a
//! constructor named for the operation), a union variant without its tag (named for the
//! variant), and any type the settings' `distinct-types` list. Of the others, the one
//! kept is the best named: see [`Site`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::naming::Namer;
use super::resolve::lookup;
use super::settle::Claim;
use super::space::{Entry, MemberName, Shape, TypeId, TypeSpace};
use crate::ir::TypeRef;
use crate::pointer;

/// Where a type was written, best name first: the order in which a class chooses the
/// type whose name it keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Site {
    /// A schema named by its `title`: the spec named it.
    Titled,
    /// A schema under `components/schemas`: the spec named it.
    Component,
    /// The body of a successful response: the resource itself (`getTask` -> `Task`).
    Claimed,
    /// Inside a response, or a payload the API sends (a webhook).
    Response,
    /// Anywhere else.
    Other,
    /// Inside a request body or a parameter: named after an operation's input.
    Request,
}

/// What the merge pass needs to know beyond the type space.
pub struct MergeContext<'a> {
    /// The normalised document, to read titles.
    pub doc: &'a Value,
    /// Knows which titles name types.
    pub namer: &'a Namer,
    /// The names set aside for response bodies.
    pub claims: &'a [Claim],
    /// Path keys whose operations are webhooks.
    pub webhook_paths: &'a BTreeSet<String>,
    /// Names the settings keep apart (`distinct-types`).
    pub distinct: &'a BTreeSet<String>,
}

/// Merges every class of identical types into one, recording in the space which type
/// each resolves to and redirecting every reference to the type kept.
pub fn merge_identical(space: &mut TypeSpace, cx: &MergeContext<'_>) {
    let entries = space.entries();
    let claimed: BTreeSet<&str> = cx.claims.iter().map(|c| c.ptr.as_str()).collect();
    let sites: Vec<Site> = entries.iter().map(|e| site(e, cx, &claimed)).collect();
    let fixed: Vec<bool> = entries
        .iter()
        .zip(&sites)
        .map(|(e, site)| is_fixed(e, *site, cx))
        .collect();
    let classes = classes(entries);
    let mut members: BTreeMap<(String, usize), Vec<TypeId>> = BTreeMap::new();
    for (index, class) in classes.iter().enumerate() {
        let scope = entries
            .get(index)
            .map(|e| scope(cx, &e.key.0))
            .unwrap_or_default();
        members
            .entry((scope, *class))
            .or_default()
            .push(TypeId(index));
    }
    let mut canonical: Vec<TypeId> = (0..entries.len()).map(TypeId).collect();
    let mut renames: Vec<(TypeId, String)> = Vec::new();
    let name_of = |id: TypeId| {
        entries
            .get(id.0)
            .and_then(|e| e.candidates.first())
            .map(String::as_str)
    };
    let site_of = |id: TypeId| sites.get(id.0).copied().unwrap_or(Site::Other);
    let is_fixed = |id: TypeId| fixed.get(id.0).copied().unwrap_or(true);
    for ids in members.values().filter(|ids| ids.len() > 1) {
        let Some(keep) = ids
            .iter()
            .copied()
            .min_by_key(|id| (site_of(*id), name_of(*id).map_or(0, str::len), *id))
        else {
            continue;
        };
        let merged: Vec<TypeId> = ids
            .iter()
            .copied()
            .filter(|id| *id != keep && !is_fixed(*id))
            .collect();
        for id in &merged {
            if let Some(slot) = canonical.get_mut(id.0) {
                *slot = keep;
            }
        }
        // A type kept for its place alone is named for what the merged types share.
        if !merged.is_empty() && site_of(keep) >= Site::Response {
            let names: Vec<&str> = std::iter::once(keep)
                .chain(merged)
                .filter_map(name_of)
                .collect();
            if let Some(shared) = shared_name(&names) {
                renames.push((keep, shared));
            }
        }
    }
    for (id, name) in renames {
        if let Some(entry) = space.entry_mut(id) {
            entry.candidates.insert(0, name);
        }
    }
    space.apply_canonical(canonical);
}

/// The words the names share at their start and at their end
/// (`TaskClosedContent`, `TaskCreatedContent` -> `TaskContent`), if that is two words
/// or more: one word alone (`Status`) says too little.
fn shared_name(names: &[&str]) -> Option<String> {
    let words: Vec<Vec<&str>> = names.iter().map(|n| pascal_words(n)).collect();
    let first = words.first()?;
    let prefix = (0..first.len())
        .take_while(|i| words.iter().all(|w| w.get(*i) == first.get(*i)))
        .count();
    let suffix = (0..first.len() - prefix)
        .take_while(|i| {
            words.iter().all(|w| {
                w.len() > prefix + i && w.get(w.len() - 1 - i) == first.get(first.len() - 1 - i)
            })
        })
        .count();
    if prefix + suffix < 2 || prefix + suffix >= first.len() {
        return None;
    }
    let start = first.iter().take(prefix);
    let end = first.iter().skip(first.len() - suffix);
    Some(start.chain(end).copied().collect())
}

/// `TaskClosedContent` -> `Task`, `Closed`, `Content`.
fn pascal_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (index, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.extend(name.get(start..index));
            start = index;
        }
    }
    words.extend(name.get(start..));
    words
}

/// The part of the API a schema belongs to: its operation's first tag, the webhooks, or
/// the top-level section (`components`). Types merge only within a scope: the same
/// `{id, name}` object or `OPEN`/`CLOSED` enum in two parts of an API is two things that
/// happen to look alike, and the type kept would carry the other part's name.
fn scope(cx: &MergeContext<'_>, ptr: &str) -> String {
    let tokens = pointer::tokens(ptr);
    match tokens.as_slice() {
        [root, path, ..] if root == "paths" && cx.webhook_paths.contains(path) => {
            "webhooks".to_owned()
        }
        [root, path, method, ..] if root == "paths" => {
            let operation = pointer::child(&pointer::child("/paths", path), method);
            let tag = lookup(cx.doc, &format!("{operation}/tags/0")).and_then(Value::as_str);
            // Operations without tags are one part.
            tag.map_or_else(String::new, |tag| format!("tag {tag}"))
        }
        [root, ..] if root == "webhooks" => "webhooks".to_owned(),
        [root, ..] => root.clone(),
        [] => String::new(),
    }
}

/// Where the type of `entry` was written.
fn site(entry: &Entry, cx: &MergeContext<'_>, claimed: &BTreeSet<&str>) -> Site {
    let (ptr, _) = &entry.key;
    let titled = cx.namer.is_titled(cx.doc, ptr);
    let tokens = pointer::tokens(ptr);
    let under = |name: &str| tokens.iter().any(|t| t == name);
    let webhook = match tokens.as_slice() {
        [root, ..] if root == "webhooks" => true,
        [root, path, ..] if root == "paths" => cx.webhook_paths.contains(path),
        _ => false,
    };
    if titled {
        Site::Titled
    } else if matches!(tokens.as_slice(), [c, s, _] if c == "components" && s == "schemas") {
        Site::Component
    } else if claimed.contains(ptr.as_str()) {
        Site::Claimed
    } else if under("responses") || webhook {
        Site::Response
    } else if under("requestBody") || under("parameters") {
        Site::Request
    } else {
        Site::Other
    }
}

/// Whether `entry` keeps its own type whatever it is identical to.
fn is_fixed(entry: &Entry, site: Site, cx: &MergeContext<'_>) -> bool {
    let (ptr, exclude) = &entry.key;
    let listed = entry
        .candidates
        .first()
        .is_some_and(|name| cx.distinct.contains(name));
    matches!(site, Site::Titled | Site::Component)
        || exclude.is_some()
        || is_request_body(ptr, cx.webhook_paths)
        || listed
        || entry.shape.is_none()
}

/// `/paths/{path}/{method}/requestBody/content/{media}/schema` of an operation the
/// client calls.
fn is_request_body(ptr: &str, webhook_paths: &BTreeSet<String>) -> bool {
    let tokens = pointer::tokens(ptr);
    match tokens.as_slice() {
        [root, path, _, body, content, _, schema] => {
            root == "paths"
                && body == "requestBody"
                && content == "content"
                && schema == "schema"
                && !webhook_paths.contains(path)
        }
        _ => false,
    }
}

/// The class of every type: equal classes, identical types. A fixed type joins the class
/// of its shape like any other, so that the others may merge into it.
fn classes(entries: &[Entry]) -> Vec<usize> {
    let mut class: Vec<usize> = vec![0; entries.len()];
    let mut count = 0;
    loop {
        let mut by_signature: HashMap<Signature<'_>, usize> = HashMap::new();
        let next: Vec<usize> = entries
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                let signature = match &entry.shape {
                    Some(shape) => signature(shape, &class),
                    // Never the same as anything.
                    None => Signature::Undefined(index),
                };
                let fresh = by_signature.len();
                *by_signature.entry(signature).or_insert(fresh)
            })
            .collect();
        let new_count = by_signature.len();
        class = next;
        if new_count == count {
            return class;
        }
        count = new_count;
    }
}

/// The shape of a type with each reference written as the class of its target: two
/// types are identical when their signatures are equal. (A value, not text: the pass
/// computes one per type per round, and formatting them was most of its time.)
#[derive(PartialEq, Eq, Hash)]
enum Signature<'a> {
    /// The wire values, as a set.
    Enum(Vec<&'a str>),
    /// The fields, sorted: the order of the properties does not matter.
    Struct(Vec<FieldSignature<'a>>),
    /// The tag, and (name, tag value, payload) of each variant in order.
    Tagged(&'a str, Vec<(&'a str, &'a str, TypeRef<usize>)>),
    /// (name, payload, specificity) of each member in order.
    Untagged(Vec<(SignatureName<'a>, TypeRef<usize>, (usize, usize))>),
    /// A type whose contents were never lowered: like nothing else.
    Undefined(usize),
}

/// What of a field makes two structs the same or not.
#[derive(PartialEq, Eq, Hash, PartialOrd, Ord)]
struct FieldSignature<'a> {
    wire: &'a str,
    name: &'a str,
    required: bool,
    nullable: bool,
    read_only: bool,
    ty: TypeRef<usize>,
}

/// The name of an untagged member in a [`Signature`].
#[derive(PartialEq, Eq, Hash)]
enum SignatureName<'a> {
    Given(&'a str),
    /// The class of the type whose name it takes.
    OfClass(usize),
}

fn signature<'a>(shape: &'a Shape, class: &[usize]) -> Signature<'a> {
    let class_of = |id: TypeId| class.get(id.0).copied().unwrap_or(usize::MAX);
    let of = |ty: &TypeRef<TypeId>| ty.clone().map_names(&class_of);
    match shape {
        Shape::Enum { values } => {
            let mut wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
            wires.sort_unstable();
            wires.dedup();
            Signature::Enum(wires)
        }
        Shape::Struct { fields, .. } => {
            let mut parts: Vec<_> = fields
                .iter()
                .map(|f| FieldSignature {
                    wire: &f.wire,
                    name: &f.name,
                    required: f.required,
                    nullable: f.nullable,
                    read_only: f.read_only,
                    ty: of(&f.ty),
                })
                .collect();
            parts.sort_unstable();
            Signature::Struct(parts)
        }
        Shape::Tagged { tag, variants } => Signature::Tagged(
            tag,
            variants
                .iter()
                .map(|v| (v.name.as_str(), v.tag_value.as_str(), of(&v.ty)))
                .collect(),
        ),
        Shape::Untagged { members } => Signature::Untagged(
            members
                .iter()
                .map(|m| {
                    let name = match &m.name {
                        MemberName::Given(name) => SignatureName::Given(name),
                        MemberName::OfType(id) => SignatureName::OfClass(class_of(*id)),
                    };
                    (name, of(&m.ty), m.specificity)
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::{TypeKind, TypeRef};
    use crate::lower::test_support::{lower_doc, lower_with};
    use crate::settings::Settings;

    fn body(schema: serde_json::Value) -> serde_json::Value {
        json!({"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}})
    }

    fn status() -> serde_json::Value {
        json!({"type": "string", "enum": ["OPEN", "CLOSED"]})
    }

    #[test]
    fn inline_enums_with_the_same_values_become_one_type() {
        let doc = json!({"paths": {
            "/tasks": {"get": {"operationId": "getTasks", "parameters": [
                {"name": "status", "in": "query", "schema": status()}],
                "responses": body(json!({"type": "array", "items": {"type": "object",
                    "properties": {"status": {"type": "string", "enum": ["CLOSED", "OPEN"]}}}}))}},
            "/tasks/{id}": {"get": {"operationId": "getTask",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": body(json!({"type": "object", "properties": {"status": status()}}))}}
        }});
        let (api, _) = lower_doc(&doc);
        let enums: Vec<&str> = api
            .types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::Enum { .. }))
            .map(|t| t.name.as_str())
            .collect();
        // The response's is kept, not the parameter's (`GetTasksStatus`).
        assert_eq!(enums, ["TaskStatus"]);
        // Both structs hold it; they are the same object too, so one struct is left.
        let structs: Vec<&str> = api
            .types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::Struct { .. }))
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(structs, ["Task"]);
        let param = &api.operations[0].params[0];
        assert_eq!(param.ty, TypeRef::Named("TaskStatus".to_owned()));
    }

    #[test]
    fn titled_component_and_listed_types_stay_apart() {
        let doc = json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {"s": status()}},
            "B": {"type": "object", "properties": {"s": status()}},
            "C": {"type": "object", "properties": {"x": {"type": "object", "properties": {"n": {"type": "integer"}}}}},
            "D": {"type": "object", "properties": {"y": {"type": "object", "title": "Counted",
                "properties": {"n": {"type": "integer"}}}}}
        }}});
        let (api, _) = lower_doc(&doc);
        let names: BTreeSet<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        // Components and titled types keep their names; the two status enums are one.
        assert_eq!(names, BTreeSet::from(["A", "AS", "B", "C", "Counted", "D"]));
        let settings = Settings {
            distinct_types: [("BS".to_owned(), "a status of its own".to_owned())].into(),
            ..Settings::default()
        };
        let (api, _) = lower_with(&doc, &settings);
        let names: BTreeSet<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        assert!(names.contains("BS") && names.contains("AS"), "{names:?}");
    }

    #[test]
    fn a_type_kept_for_its_place_is_named_for_what_the_merged_share() {
        use super::shared_name;
        let names = [
            "TaskClosedContent",
            "TaskCreatedContent",
            "TaskReopenedContent",
        ];
        assert_eq!(shared_name(&names).as_deref(), Some("TaskContent"));
        let names = ["ContactContextAssignee", "ConversationContextAssignee"];
        assert_eq!(shared_name(&names).as_deref(), Some("ContextAssignee"));
        // One shared word is too little; the same name is no new one.
        assert_eq!(
            shared_name(&["GetTasksStatus", "UpdateTaskRequestStatus"]),
            None
        );
        assert_eq!(shared_name(&["TaskStatus", "TaskStatus"]), None);
    }

    #[test]
    fn identical_cycles_merge_and_differing_ones_do_not() {
        let node = |leaf: &str| {
            json!({"type": "object", "properties": {
                "next": {"type": "object", "properties": {
                    "value": {"type": leaf},
                    "again": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/one/properties/next"}
                }}
            }})
        };
        let doc = json!({"paths": {"/a": {"get": {"operationId": "getA", "responses": body(json!(
            {"type": "object", "properties": {"one": node("string"), "two": node("string"), "three": node("integer")}}
        ))}}}});
        let (api, _) = lower_doc(&doc);
        let TypeKind::Struct { fields } = &api.types.last().expect("types").kind else {
            panic!("a struct")
        };
        let ty = |i: usize| fields[i].ty.clone();
        assert_eq!(ty(0), ty(1), "`one` and `two` are the same shape");
        assert_ne!(ty(0), ty(2), "`three` holds an integer");
    }

    use std::collections::BTreeSet;
}
