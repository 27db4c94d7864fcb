//! Operation ids: every operation gets one, and no two share one.

use std::collections::BTreeMap;

use heck::ToLowerCamelCase;
use serde_json::{Map, Value};

use super::repairs::{DUPLICATE_OPERATION_ID, MISSING_OPERATION_ID, OPERATION_ID_NOT_A_STRING};
use super::METHODS;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ident;
use crate::pointer;

/// Gives every operation an `operationId` no other operation shares, so every later
/// stage (and the normalised document) can name it, and each names its own method.
///
/// Ids count as the same when they give the same method or builder name (`getUser`,
/// `GetUser` and `get_user` are all `get_user`). Every id the spec gives keeps its
/// first holder, in document order. Every later holder, and every operation without an
/// id, is named from its own method and path (`get /things/{id}` -> `getThings`, then
/// `getThingsById`, then a number if even that is taken).
///
/// The new names depend on the operation's own method and path, not on how many other
/// operations share an id or where they are: adding or moving an operation elsewhere in
/// the spec renames nothing unless it takes that very name. (Numbering duplicates in
/// order, `getThing2`, would rename the third holder when the second is removed.)
pub(super) fn assign_operation_ids(doc: &mut Value, diags: &mut Diagnostics) {
    let common = common_prefix(doc);
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let mut taken = Taken::default();
    // Every given id is claimed before any name is made, so a made name never takes an id
    // the spec gives to a later operation.
    let mut claims = Vec::new();
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let op_ptr = pointer::child(&pointer::child("/paths", path), method);
            let claim = match given_id(op, &op_ptr, diags) {
                Some(id) => match taken.holder(&id) {
                    Some(first) => Claim::Duplicate(id, first.clone()),
                    None => {
                        taken.claim(&id, &op_ptr);
                        Claim::Kept
                    }
                },
                None => Claim::Missing,
            };
            claims.push(claim);
        }
    }
    let mut claims = claims.into_iter();
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let claim = claims.next().unwrap_or(Claim::Kept);
            if claim == Claim::Kept {
                continue;
            }
            let op_ptr = pointer::child(&pointer::child("/paths", path), method);
            let relative = path.strip_prefix(common.as_str()).unwrap_or(path);
            let plain = derived_operation_id(method, relative);
            let name = taken.first_free(&plain, &derived_operation_id_by(method, relative));
            taken.claim(&name, &op_ptr);
            diags.push(match claim {
                Claim::Duplicate(id, first) => duplicate_warning(&op_ptr, &id, &first, &name),
                _ => missing_warning(&op_ptr, &name, &plain),
            });
            op.insert("operationId".into(), Value::String(name));
        }
    }
}

#[derive(PartialEq)]
enum Claim {
    /// The operation keeps the id it has.
    Kept,
    /// The operation has no id.
    Missing,
    /// The id, and the id and pointer of the earlier operation that holds it.
    Duplicate(String, (String, String)),
}

/// The operation's `operationId`, if it has a usable one; a number is read as its text.
fn given_id(op: &mut Map<String, Value>, op_ptr: &str, diags: &mut Diagnostics) -> Option<String> {
    match op.get("operationId") {
        Some(Value::String(id)) if !id.trim().is_empty() => Some(id.clone()),
        Some(value @ (Value::Number(_) | Value::Bool(_))) => {
            let id = value.to_string();
            diags.push(OPERATION_ID_NOT_A_STRING.warning(
                format!("{op_ptr}/operationId"),
                format!("operationId `{id}` is not a string; read as the string `{id}`"),
            ));
            op.insert("operationId".into(), Value::String(id.clone()));
            Some(id)
        }
        _ => None,
    }
}

fn duplicate_warning(op_ptr: &str, id: &str, first: &(String, String), name: &str) -> Diagnostic {
    let (first_id, first_ptr) = first;
    let clash = if first_id == id {
        format!("operationId `{id}` is also used by `#{first_ptr}`")
    } else if ident::field_name(id) == ident::field_name(first_id) {
        format!(
            "operationId `{id}` names the same method (`{}`) as `{first_id}` at `#{first_ptr}`",
            ident::field_name(id)
        )
    } else {
        format!(
            "operationId `{id}` names the same builder (`{}`) as `{first_id}` at `#{first_ptr}`",
            ident::type_name(id)
        )
    };
    DUPLICATE_OPERATION_ID
        .warning(
            format!("{op_ptr}/operationId"),
            format!("{clash}; renamed `{name}` from its method and path"),
        )
        .with_hint("every operationId must be unique; it names the client method")
}

fn missing_warning(op_ptr: &str, name: &str, plain: &str) -> Diagnostic {
    let taken = if name == plain {
        String::new()
    } else {
        format!(" (`{plain}` is taken)")
    };
    MISSING_OPERATION_ID.warning(
        op_ptr,
        format!("operation has no operationId; named `{name}` from its method and path{taken}"),
    )
}

/// The ids claimed so far, by the method and builder names they give, each with the id
/// and the pointer of the operation that holds it.
#[derive(Default)]
struct Taken {
    methods: BTreeMap<String, (String, String)>,
    builders: BTreeMap<String, (String, String)>,
}

impl Taken {
    fn holder(&self, id: &str) -> Option<&(String, String)> {
        self.methods
            .get(&ident::field_name(id))
            .or_else(|| self.builders.get(&ident::type_name(id)))
    }

    fn claim(&mut self, id: &str, op_ptr: &str) {
        let holder = (id.to_owned(), op_ptr.to_owned());
        self.methods
            .entry(ident::field_name(id))
            .or_insert_with(|| holder.clone());
        self.builders.entry(ident::type_name(id)).or_insert(holder);
    }

    /// `plain` if it is free, else `by` (which names the path parameters too), else `by`
    /// with the first number that makes it free.
    fn first_free(&self, plain: &str, by: &str) -> String {
        [plain.to_owned(), by.to_owned()]
            .into_iter()
            .chain((2..).map(|n| format!("{by}{n}")))
            .find(|candidate| self.holder(candidate).is_none())
            .unwrap_or_else(|| by.to_owned())
    }
}

/// The longest run of leading literal segments shared by every path the client calls
/// (e.g. `/api/v1`); paths with servers of their own (webhooks) do not count.
fn common_prefix(doc: &Value) -> String {
    let keys: Vec<&String> = doc
        .get("paths")
        .and_then(Value::as_object)
        .map(|p| {
            p.iter()
                .filter(|(_, item)| item.get("servers").is_none())
                .map(|(key, _)| key)
                .collect()
        })
        .unwrap_or_default();
    let Some(first) = keys.first() else {
        return String::new();
    };
    let mut prefix: Vec<&str> = first
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .collect();
    for key in &keys {
        let segments: Vec<&str> = key.split('/').filter(|s| !s.is_empty()).collect();
        let shared = prefix
            .iter()
            .zip(&segments)
            .take_while(|(a, b)| a == b)
            .count();
        prefix.truncate(shared);
    }
    // A prefix that is a whole path would leave that path with no name.
    if keys
        .iter()
        .any(|k| k.split('/').filter(|s| !s.is_empty()).count() <= prefix.len())
    {
        return String::new();
    }
    if prefix.is_empty() {
        String::new()
    } else {
        format!("/{}", prefix.join("/"))
    }
}

/// `post` + `/reports/work-session-events` -> `postReportsWorkSessionEvents`.
fn derived_operation_id(method: &str, path: &str) -> String {
    let words: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .collect();
    format!("{method} {}", words.join(" ")).to_lower_camel_case()
}

/// Like [`derived_operation_id`], but naming the path parameters too:
/// `get` + `/things/{thingId}/parts` -> `getThingsByThingIdParts`.
fn derived_operation_id_by(method: &str, path: &str) -> String {
    let words: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => format!("by {name}"),
                None => s.to_owned(),
            },
        )
        .collect();
    format!("{method} {}", words.join(" ")).to_lower_camel_case()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ids(doc: &Value) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for method in METHODS {
                if let Some(op) = item.get(method) {
                    let id = op["operationId"].as_str().unwrap_or("?").to_owned();
                    out.push((format!("{method} {path}"), id));
                }
            }
        }
        out
    }

    fn assigned(mut doc: Value) -> (Vec<(String, String)>, Vec<Diagnostic>) {
        let mut diags = Diagnostics::default();
        assign_operation_ids(&mut doc, &mut diags);
        (ids(&doc), diags.into_vec())
    }

    #[test]
    fn later_duplicates_are_named_from_method_and_path() {
        let (ids, diags) = assigned(json!({"paths": {
            "/things": {"get": {"operationId": "getThing"}},
            "/other-things": {"get": {"operationId": "getThing"}},
            "/more-things": {"post": {"operationId": "getThing"}},
        }}));
        let names: Vec<&str> = ids.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(names, ["getThing", "getOtherThings", "postMoreThings"]);
        assert_eq!(diags.len(), 2);
        assert!(diags.iter().all(|d| d.code == "duplicate-operation-id"));
        assert_eq!(diags[0].pointer, "/paths/~1other-things/get/operationId");
        assert!(diags[0].message.contains("`#/paths/~1things/get`"));
        assert!(diags[0].message.contains("renamed `getOtherThings`"));
    }

    #[test]
    fn ids_that_give_the_same_method_name_collide() {
        let (ids, diags) = assigned(json!({"paths": {
            "/users": {"get": {"operationId": "getUser"}},
            "/people": {"get": {"operationId": "GetUser"}, "put": {"operationId": "get_user"}},
        }}));
        let names: Vec<&str> = ids.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(names, ["getUser", "getPeople", "putPeople"]);
        assert!(diags[0]
            .message
            .contains("names the same method (`get_user`)"));
        // `get_user_2` and `getUser2` differ as methods but not as builders.
        let (ids, diags) = assigned(json!({"paths": {
            "/a": {"get": {"operationId": "get_user_2"}},
            "/b": {"get": {"operationId": "getUser2"}},
        }}));
        assert_eq!(ids[1].1, "getB");
        assert!(diags[0]
            .message
            .contains("names the same builder (`GetUser2`)"));
    }

    #[test]
    fn derived_ids_avoid_given_ids_and_each_other() {
        // `getThings` is given to a later operation: the anonymous `get /things` may not
        // take it; `get /things/{id}` and `get /things/{id}/` derive the same names.
        let (ids, diags) = assigned(json!({"paths": {
            "/things": {"get": {}},
            "/things/{id}": {"get": {}},
            "/things/{id}/": {"get": {}},
            "/x": {"post": {"operationId": "getThings"}},
        }}));
        let names: Vec<&str> = ids.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(
            names,
            ["getThings2", "getThingsById", "getThingsById2", "getThings"]
        );
        assert!(diags[0].message.contains("(`getThings` is taken)"));
        assert!(diags.iter().all(|d| d.code == "missing-operation-id"));
    }

    #[test]
    fn names_do_not_depend_on_operations_elsewhere() {
        let base = json!({"paths": {
            "/a": {"get": {"operationId": "list"}},
            "/b": {"get": {"operationId": "list"}},
            "/c": {"get": {"operationId": "list"}},
        }});
        let mut fewer = base.clone();
        fewer["paths"].as_object_mut().unwrap().shift_remove("/b");
        let (all, _) = assigned(base);
        let (some, _) = assigned(fewer);
        assert_eq!(all[2], some[1], "`get /c` keeps its name when `/b` goes");
    }

    #[test]
    fn a_number_is_read_as_its_text() {
        let (ids, diags) = assigned(json!({"paths": {"/a": {"get": {"operationId": 7}}}}));
        assert_eq!(ids[0].1, "7");
        assert_eq!(diags[0].code, "operation-id-not-a-string");
    }
}
