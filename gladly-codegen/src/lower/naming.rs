//! Stable, readable names for generated types, suggested while lowering (settled in one
//! place at its end, by `settle`).
//!
//! A schema's name is its `title` when that title is used by no other schema in the
//! document; otherwise it is built from where the schema sits: the operation and role at
//! the root (`CreateTaskRequest`, `Task` for the response of `getTask`), then one word
//! per step (`CreateTaskRequestAssignee`, `...Item` for array items). The name depends
//! only on the schema's own location, so every `$ref` to it shares one type.

use std::collections::BTreeMap;

use heck::ToPascalCase;
use serde_json::Value;

use super::resolve::{is_wrapper, lookup};
use crate::ident;
use crate::memo::Memo;
use crate::pointer;
use crate::settings::Settings;

/// Where operations are: path items under `paths`, and webhooks under `webhooks`
/// (OpenAPI 3.1), each keyed by its path or its name.
const OPERATION_ROOTS: [&str; 2] = ["paths", "webhooks"];

/// The rules for reading schemas that the settings give (`title-strip`, `union-tags`,
/// `tag-from-title`): what one API's writers meant, which OpenAPI does not say.
#[derive(Debug, Clone, Default)]
pub struct SchemaRules {
    /// Texts removed from titles before they name a type.
    pub title_strip: Vec<String>,
    /// Properties tried first, in order, as the tag of a union.
    pub union_tags: Vec<String>,
    /// Whether a property-less variant's title written like a tag value is its tag value.
    pub tag_from_title: bool,
}

impl SchemaRules {
    /// The rules the settings give.
    pub fn new(settings: &Settings) -> Self {
        Self {
            title_strip: settings.title_strip.clone(),
            union_tags: settings.union_tags.clone(),
            tag_from_title: settings.tag_from_title,
        }
    }

    /// `Twitter Message (decommissioned as of 04/20/23)` -> `TwitterMessage`; the texts
    /// of `title-strip` are removed first.
    pub fn title_name(&self, title: &str) -> String {
        let mut plain = title.to_owned();
        for text in self.title_strip.iter().filter(|t| !t.is_empty()) {
            plain = plain.replace(text.as_str(), " ");
        }
        title_name(&plain)
    }
}

/// Knows every operation's id and which titles are distinctive.
pub struct Namer {
    title_counts: BTreeMap<String, usize>,
    /// (root, path or webhook name, method) -> `operationId`.
    operation_ids: BTreeMap<(String, String, String), String>,
    /// The keys of `paths` whose operations are webhooks.
    webhook_paths: Vec<String>,
    /// What the settings say about titles and tags.
    pub(super) rules: SchemaRules,
    /// [`Self::context_name`] by pointer, the short form: a name is built from the names
    /// of the schemas around it, up to the operation, and every property of an object
    /// asks for its object's name again.
    context_names: Memo<String>,
    /// The same, the long form.
    long_context_names: Memo<String>,
}

impl Namer {
    /// Indexes the document.
    pub fn new(doc: &Value, webhook_paths: Vec<String>, rules: SchemaRules) -> Self {
        let mut title_counts = BTreeMap::new();
        count_titles(doc, &mut title_counts);
        let mut operation_ids = BTreeMap::new();
        for root in OPERATION_ROOTS {
            let items = doc.get(root).and_then(Value::as_object);
            for (key, item) in items.into_iter().flatten() {
                for (method, op) in item.as_object().into_iter().flatten() {
                    if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                        let at = (root.to_owned(), key.clone(), method.clone());
                        operation_ids.insert(at, id.to_owned());
                    }
                }
            }
        }
        Self {
            title_counts,
            operation_ids,
            webhook_paths,
            rules,
            context_names: Memo::default(),
            long_context_names: Memo::default(),
        }
    }

    /// Whether the schema at `ptr` is named by its `title`: one no other schema has, of a
    /// few words.
    pub fn is_titled(&self, doc: &Value, ptr: &str) -> bool {
        lookup(doc, ptr)
            .and_then(|s| s.get("title"))
            .and_then(Value::as_str)
            .is_some_and(|title| {
                self.title_counts.get(title).copied() == Some(1) && is_name_like(title)
            })
    }

    /// Whether `ptr` is inside what an operation the client calls sends: its request body
    /// or a parameter (a webhook's request body is what the API sends the user).
    pub fn is_in_request(&self, ptr: &str) -> bool {
        let tokens = pointer::tokens(ptr);
        match tokens.as_slice() {
            [root, path, method, part, ..] if root == "paths" => {
                method == "parameters"
                    || part == "parameters"
                    || (part == "requestBody" && !self.webhook_paths.contains(path))
            }
            _ => false,
        }
    }

    /// The name a schema at `ptr` would get, before making it unique.
    pub fn base_name(&self, doc: &Value, ptr: &str) -> String {
        let title = lookup(doc, ptr)
            .and_then(|s| s.get("title"))
            .and_then(Value::as_str);
        // Only a `schema` can be a webhook's payload: other pointers are not split.
        let tokens = match ptr.rsplit('/').next() {
            Some("schema") => pointer::tokens(ptr),
            _ => Vec::new(),
        };
        if let Some(webhook) = self.webhook_root(&tokens) {
            // The payload of a webhook is named for what it is to the receiver: its
            // title, else the webhook's name (`webhooks` map) or `Payload`.
            let what = match (title, webhook) {
                (Some(title), _) => self.rules.title_name(title),
                (None, Some(name)) => ident::type_name(name),
                (None, None) => "Payload".to_owned(),
            };
            return format!("Webhook{what}");
        }
        match title {
            Some(title) if self.is_titled(doc, ptr) => self.rules.title_name(title),
            _ => self.context_name(doc, ptr, false),
        }
    }

    /// Names to try in turn for the schema at `ptr`, best first: its base name, then its
    /// place in the document, then that place spelled out from the operation's full name.
    /// A clash takes the next one, so that a number is the last resort.
    pub fn candidates(&self, doc: &Value, ptr: &str) -> Vec<String> {
        let mut out = vec![self.base_name(doc, ptr)];
        for alternative in [
            self.context_name(doc, ptr, false),
            self.context_name(doc, ptr, true),
        ] {
            if !out.contains(&alternative) {
                out.push(alternative);
            }
        }
        out
    }

    /// The name a schema gets from its place: its parent's name and its property name,
    /// `Item`, `Value`, ... The namer is used with the document it was made from, so the
    /// name of a place never changes and is worked out once.
    fn context_name(&self, doc: &Value, ptr: &str, long: bool) -> String {
        let names = if long {
            &self.long_context_names
        } else {
            &self.context_names
        };
        names.get_or_make(ptr, || self.context_name_uncached(doc, ptr, long))
    }

    fn context_name_uncached(&self, doc: &Value, ptr: &str, long: bool) -> String {
        let tokens = pointer::tokens(ptr);
        let n = tokens.len();
        let last = |k: usize| tokens.get(n.wrapping_sub(k)).map(String::as_str);
        let parent_ptr = |k: usize| parent_pointer(&tokens, n - k);
        let parent_name = |k: usize| {
            if long {
                self.context_name(doc, &parent_ptr(k), true)
            } else {
                self.base_name(doc, &parent_ptr(k))
            }
        };
        match (last(2), last(1)) {
            (Some("properties"), Some(name)) if n > 2 => {
                format!("{}{}", parent_name(2), ident::type_name(name))
            }
            (_, Some("items")) if n > 1 => singular(&parent_name(1)),
            (_, Some("additionalProperties")) if n > 1 => format!("{}Value", parent_name(1)),
            (Some("oneOf" | "anyOf"), Some(index)) if n > 2 => {
                let suffix = self.variant_suffix(lookup(doc, ptr), index);
                format!("{}{suffix}", parent_name(2))
            }
            (Some("allOf"), Some(index)) if n > 2 => {
                // A wrapper's part is the schema itself.
                let whole = lookup(doc, &parent_ptr(2)).and_then(Value::as_object);
                if whole.is_some_and(is_wrapper) {
                    parent_name(2)
                } else {
                    format!("{}Part{index}", parent_name(2))
                }
            }
            _ => self.root_name(doc, &tokens, long),
        }
    }

    /// A `oneOf` variant is named by its title, else by the value it fixes for the first
    /// of the settings' `union-tags` it has, else by its position.
    fn variant_suffix(&self, schema: Option<&Value>, index: &str) -> String {
        if let Some(title) = schema.and_then(|s| s.get("title")).and_then(Value::as_str) {
            return self.rules.title_name(title);
        }
        let tag = self.rules.union_tags.iter().find_map(|tag| {
            let enum_ptr = pointer::child("/properties", tag) + "/enum/0";
            schema.and_then(|s| lookup(s, &enum_ptr))?.as_str()
        });
        match tag {
            Some(tag) => ident::type_name(&tag.to_lowercase()),
            None => format!("Variant{index}"),
        }
    }

    /// For the request body schema of a webhook: `Some(Some(name))` under the
    /// `webhooks` map, `Some(None)` under a webhook path.
    fn webhook_root<'t>(&self, tokens: &'t [String]) -> Option<Option<&'t str>> {
        if tokens.last().map(String::as_str) != Some("schema") {
            return None;
        }
        match tokens {
            [w, name, _, rb, ..] if w == "webhooks" && rb == "requestBody" => Some(Some(name)),
            [p, path, _, rb, ..]
                if p == "paths" && rb == "requestBody" && self.webhook_paths.contains(path) =>
            {
                Some(None)
            }
            _ => None,
        }
    }

    fn root_name(&self, doc: &Value, tokens: &[String], long: bool) -> String {
        match tokens {
            [c, s, name] if c == "components" && s == "schemas" => ident::type_name(name),
            [root, key, method, rest @ ..] if OPERATION_ROOTS.contains(&root.as_str()) => {
                let at = (root.clone(), key.clone(), method.clone());
                // A webhook without an `operationId` is known by its name.
                let op = self
                    .operation_ids
                    .get(&at)
                    .map(|id| ident::type_name(id))
                    .or_else(|| (root == "webhooks").then(|| ident::type_name(key)));
                match (op, rest) {
                    (Some(op), [rb, ..]) if rb == "requestBody" => format!("{op}Request"),
                    (Some(op), [r, code, ..]) if r == "responses" => {
                        // `default` is named as a success: it is one only when no 2xx is given.
                        let success = code.starts_with('2') || code == "default";
                        match op.strip_prefix("Get") {
                            Some(noun)
                                if success && method == "get" && !noun.is_empty() && !long =>
                            {
                                noun.to_owned()
                            }
                            _ if success => format!("{op}Response"),
                            _ => format!("{op}Error{code}"),
                        }
                    }
                    (Some(op), [params, index, ..]) if params == "parameters" => {
                        let param = format!(
                            "/{root}/{}/{method}/parameters/{index}/name",
                            pointer::escape_token(key)
                        );
                        let name = lookup(doc, &param)
                            .and_then(Value::as_str)
                            .unwrap_or("Param");
                        format!("{op}{}", ident::type_name(name))
                    }
                    // A path-level parameter: `method` is "parameters".
                    (_, [index, ..]) if method == "parameters" => format!("PathParam{index}"),
                    (Some(op), _) => op,
                    (None, _) => ident::type_name(&format!("{method} {key}")),
                }
            }
            _ => ident::type_name(&tokens.join(" ")),
        }
    }
}

fn parent_pointer(tokens: &[String], len: usize) -> String {
    tokens
        .iter()
        .take(len)
        .fold(String::new(), |acc, t| pointer::child(&acc, t))
}

/// `Twitter Message (decommissioned as of 04/20/23)` -> `TwitterMessage`: what is in
/// brackets is a remark, not part of the name.
fn title_name(title: &str) -> String {
    let mut plain = String::new();
    let mut depth = 0usize;
    for c in title.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let words = plain.to_pascal_case();
    ident::type_name(&words)
}

/// A title of a few words names a thing; a longer one is a sentence describing it.
fn is_name_like(title: &str) -> bool {
    title.split_whitespace().count() <= 4
}

/// `Tasks` -> `Task`, `Address` -> `AddressItem`.
fn singular(name: &str) -> String {
    singular_stem(name).map_or_else(|| format!("{name}Item"), str::to_owned)
}

/// `Tasks` -> `Task`; `None` for a word that does not end in exactly one `s`
/// (`Address`, `Status` are not plurals to strip).
pub(super) fn singular_stem(word: &str) -> Option<&str> {
    word.strip_suffix('s')
        .filter(|stem| !stem.ends_with('s') && !stem.is_empty())
}

/// Counts each `title` string on schema-like objects, so a title shared by several
/// schemas is not used as a name.
fn count_titles(value: &Value, counts: &mut BTreeMap<String, usize>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(title)) = map.get("title") {
                *counts.entry(title.clone()).or_default() += 1;
            }
            for (key, child) in map {
                if key == "example" || key == "examples" {
                    continue;
                }
                if key == "properties" {
                    // Property *names* may be `title`; only their values are schemas.
                    for schema in child.as_object().into_iter().flat_map(|m| m.values()) {
                        count_titles(schema, counts);
                    }
                } else {
                    count_titles(child, counts);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| count_titles(v, counts)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "paths": {"/tasks/{id}": {"get": {"operationId": "getTask", "responses": {"200": {
                "content": {"application/json": {"schema": {"type": "object", "properties": {
                    "assignees": {"type": "array", "items": {"type": "object", "properties": {}}},
                    "Shared": {"title": "Shared", "type": "object"}
                }}}}}}}}},
            "components": {"schemas": {"Other": {"title": "Shared", "type": "object"}}}
        })
    }

    #[test]
    fn candidates_come_from_the_place_of_the_schema() {
        let doc = doc();
        let namer = Namer::new(&doc, Vec::new(), SchemaRules::default());
        let body = "/paths/~1tasks~1{id}/get/responses/200/content/application~1json/schema";
        // `get…` responses are named by their noun, then by the operation.
        assert_eq!(namer.candidates(&doc, body), ["Task", "GetTaskResponse"]);
        assert_eq!(
            namer.candidates(&doc, &format!("{body}/properties/assignees/items")),
            ["TaskAssignee", "GetTaskResponseAssignee"]
        );
        // A title two schemas share names neither.
        assert_eq!(
            namer.candidates(&doc, &format!("{body}/properties/Shared"))[0],
            "TaskShared"
        );
        assert_eq!(
            title_name("Twitter Message (decommissioned)"),
            "TwitterMessage"
        );
    }

    #[test]
    fn title_strip_removes_its_texts_only_when_set() {
        let off = SchemaRules::default();
        assert_eq!(off.title_name("Messages.jsonl"), "MessagesJsonl");
        let on = SchemaRules {
            title_strip: vec![".jsonl".to_owned()],
            ..SchemaRules::default()
        };
        assert_eq!(on.title_name("Messages.jsonl"), "Messages");
        assert_eq!(on.title_name("Export.jsonl file"), "ExportFile");
    }

    #[test]
    fn union_tags_name_untitled_variants_only_when_set() {
        let doc = json!({"components": {"schemas": {"Event": {"oneOf": [
            {"type": "object", "properties": {"kind": {"type": "string", "enum": ["NEW_TASK"]}}}
        ]}}}});
        let variant = "/components/schemas/Event/oneOf/0";
        let off = Namer::new(&doc, Vec::new(), SchemaRules::default());
        assert_eq!(off.base_name(&doc, variant), "EventVariant0");
        let rules = SchemaRules {
            union_tags: vec!["type".to_owned(), "kind".to_owned()],
            ..SchemaRules::default()
        };
        let on = Namer::new(&doc, Vec::new(), rules);
        assert_eq!(on.base_name(&doc, variant), "EventNewTask");
    }
}
