//! JSON pointers (RFC 6901), as they appear in `$ref` URI fragments.

use std::fmt::Write as _;

use serde_json::Value;

/// Escapes one reference token: `~` -> `~0`, `/` -> `~1`.
pub fn escape_token(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_escaped(&mut out, token);
    out
}

/// Appends `token`, escaped, to `out`. (Pointers are built by the hundred thousand in a
/// large spec, and most tokens have nothing to escape: they are copied as they are.)
fn push_escaped(out: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            _ => out.push(c),
        }
    }
}

/// Appends a token to a pointer.
pub fn child(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    push_escaped(&mut out, token);
    out
}

/// Runs `f` with `path` extended by the token `key`, then restores `path`: how the walks
/// over a whole tree keep the pointer of the node they are at without a string per node.
pub(crate) fn in_key<R>(path: &mut String, key: &str, f: impl FnOnce(&mut String) -> R) -> R {
    let len = path.len();
    path.push('/');
    push_escaped(path, key);
    let out = f(path);
    path.truncate(len);
    out
}

/// [`in_key`] for an array index.
pub(crate) fn in_index<R>(path: &mut String, index: usize, f: impl FnOnce(&mut String) -> R) -> R {
    let len = path.len();
    path.push('/');
    // Written in place: a walk passes every element of every array.
    let _ = write!(path, "{index}");
    let out = f(path);
    path.truncate(len);
    out
}

/// Splits a pointer into its unescaped tokens.
pub fn tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|raw| unescape_token(raw).into_owned())
        .collect()
}

/// Turns a local `$ref` (`#/paths/~1api~1v1~1tasks~1%7BtaskId%7D/get`) into a plain
/// pointer (`/paths/~1api~1v1~1tasks~1{taskId}/get`): the fragment is percent-encoded
/// as URI fragments are. Returns `None` for references to other documents.
pub fn from_ref(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    Some(percent_decode(fragment))
}

/// Turns a plain pointer back into a local `$ref`.
pub fn to_ref(pointer: &str) -> String {
    let mut out = String::from("#");
    for c in pointer.chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            _ => out.push(c),
        }
    }
    out
}

pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or_default();
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(decoded) = hex {
                out.push(decoded);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One reference token unescaped (`~1` -> `/`, `~0` -> `~`), copied only when it has a
/// `~`: pointers are looked up by the hundred thousand in a large spec.
fn unescape_token(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('~') {
        std::borrow::Cow::Owned(raw.replace("~1", "/").replace("~0", "~"))
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
}

/// Looks a pointer up in a document. (The lowering looks up pointers by the hundred
/// thousand in a large spec: a token is unescaped only when it has a `~`.)
pub fn get<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut current = root;
    for raw in pointer.trim_start_matches('/').split('/') {
        let token = unescape_token(raw);
        current = match current {
            Value::Object(map) => map.get(token.as_ref())?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// How many `$ref`s met along one pointer are followed before the walk is called a loop.
const MAX_REFS_ALONG: usize = 64;

/// Why a pointer could not be followed to a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// Nothing is at `pointer` (the place reached, with the tokens left to walk).
    NotFound {
        /// The pointer, with the `$ref`s met before the missing step followed.
        pointer: String,
    },
    /// A `$ref` met on the way points into another document.
    External {
        /// The pointer of the object holding that `$ref`.
        at: String,
        /// The reference as written.
        reference: String,
    },
    /// The `$ref`s met on the way lead back to one already followed (or too many of them
    /// were met to be anything but a loop).
    Loop {
        /// The pointers of the objects whose `$ref`s were followed, in order.
        through: Vec<String>,
    },
}

/// Looks a pointer up in a document the way `$ref`-resolving tools read it (as
/// json-schema-ref-parser does): whenever a step of the pointer reaches an object that is
/// itself a `$ref` (and does not hold the next token beside it), the `$ref` is followed
/// and the rest of the pointer is walked from its target. Returns the canonical pointer
/// of the node reached and the node; a `$ref` *at* the node itself is not followed.
///
/// A loop of `$ref`s on the way is an error, never a hang.
pub fn resolve<'a>(root: &'a Value, pointer: &str) -> Result<(String, &'a Value), ResolveError> {
    let mut pending: std::collections::VecDeque<String> = tokens(pointer).into();
    let mut canonical = String::new();
    let mut current = root;
    // (the `$ref` followed, how many tokens were left): meeting one twice is a loop.
    let mut followed: Vec<(String, usize)> = Vec::new();
    while let Some(token) = pending.front() {
        if let Some(reference) = ref_to_follow(current, token) {
            let Some(target) = from_ref(reference) else {
                return Err(ResolveError::External {
                    at: canonical,
                    reference: reference.to_owned(),
                });
            };
            let step = (canonical.clone(), pending.len());
            let seen = followed.contains(&step);
            followed.push(step);
            if seen || followed.len() > MAX_REFS_ALONG {
                return Err(ResolveError::Loop {
                    through: followed.into_iter().map(|(at, _)| at).collect(),
                });
            }
            let mut restarted: std::collections::VecDeque<String> = tokens(&target).into();
            restarted.extend(pending);
            pending = restarted;
            canonical.clear();
            current = root;
            continue;
        }
        let next = match current {
            Value::Object(map) => map.get(token.as_str()),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        let Some(next) = next else {
            let rest: String = pending
                .iter()
                .map(|t| format!("/{}", escape_token(t)))
                .collect();
            return Err(ResolveError::NotFound {
                pointer: format!("{canonical}{rest}"),
            });
        };
        canonical.push('/');
        push_escaped(&mut canonical, token);
        current = next;
        pending.pop_front();
    }
    Ok((canonical, current))
}

/// The node [`resolve`] reaches, without its canonical pointer; `None` when the walk
/// fails. (Lowering looks nodes up by the hundred thousand in a large spec, nearly all
/// along pointers that meet no `$ref`: those are walked in place, with no token copied;
/// a pointer that meets one is handed to [`resolve`].)
pub fn resolve_node<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut current = root;
    for raw in pointer.trim_start_matches('/').split('/') {
        let token = unescape_token(raw);
        let next = match current {
            Value::Object(map) => map.get(token.as_ref()),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        current = match next {
            Some(next) => next,
            // A key written beside a `$ref` wins over the `$ref`'s target, so a `$ref`
            // matters only where the walk finds nothing: look for one only then.
            None if ref_to_follow(current, &token).is_some() => {
                return resolve(root, pointer).ok().map(|(_, node)| node);
            }
            None => return None,
        };
    }
    Some(current)
}

/// As [`resolve`], replacing `pointer` by the canonical pointer of what it reaches;
/// `None` when it reaches nothing.
pub fn lookup<'a>(root: &'a Value, pointer: &mut String) -> Option<&'a Value> {
    let (canonical, node) = resolve(root, pointer).ok()?;
    *pointer = canonical;
    Some(node)
}

/// The `$ref` of `node` when the walk must follow it to find `next`: the node is a
/// reference object and `next` is not written beside the `$ref`.
fn ref_to_follow<'a>(node: &'a Value, next: &str) -> Option<&'a str> {
    let map = node.as_object()?;
    let reference = map.get("$ref")?.as_str()?;
    (!map.contains_key(next)).then_some(reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_encoded_refs() {
        assert_eq!(
            from_ref("#/paths/~1api~1v1~1tasks~1%7BtaskId%7D/get").as_deref(),
            Some("/paths/~1api~1v1~1tasks~1{taskId}/get")
        );
        assert_eq!(tokens("/paths/~1a~1b/x~0y"), vec!["paths", "/a/b", "x~y"]);
        assert_eq!(from_ref("other.yaml#/x"), None);
    }

    #[test]
    fn gets_by_pointer() {
        let doc = serde_json::json!({"a/b": {"c~d": [1, {"e": 2}]}, "": 3});
        assert_eq!(get(&doc, "/a~1b/c~0d/1/e"), Some(&serde_json::json!(2)));
        assert_eq!(get(&doc, ""), Some(&doc));
        assert_eq!(get(&doc, "/"), Some(&serde_json::json!(3)));
        assert_eq!(get(&doc, "/a~1b/c~0d/9"), None);
    }

    #[test]
    fn ref_round_trips() {
        let pointer = "/paths/~1api~1v1~1tasks~1{taskId}/get/examples/Sample Answer";
        assert_eq!(from_ref(&to_ref(pointer)).as_deref(), Some(pointer));
    }

    fn doc() -> Value {
        serde_json::json!({
            "paths": {"/a": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Wrapper"}
            }}}}}},
            "components": {"schemas": {
                "Wrapper": {"$ref": "#/components/schemas/Thing"},
                "Thing": {"type": "object", "properties": {"x": {"type": "string"}}},
                "Loop1": {"$ref": "#/components/schemas/Loop2/properties/y"},
                "Loop2": {"$ref": "#/components/schemas/Loop1/properties/y"},
                "Remote": {"$ref": "other.yaml#/Thing"},
                "Sibling": {"$ref": "#/components/schemas/Thing", "description": "kept"}
            }}
        })
    }

    #[test]
    fn follows_refs_met_on_the_way() {
        let doc = doc();
        let ptr = "/paths/~1a/post/requestBody/content/application~1json/schema/properties/x";
        let (canonical, node) = resolve(&doc, ptr).unwrap();
        assert_eq!(canonical, "/components/schemas/Thing/properties/x");
        assert_eq!(node, &serde_json::json!({"type": "string"}));
        // A `$ref` at the end of the pointer is the caller's to follow.
        let (canonical, node) = resolve(&doc, "/components/schemas/Wrapper").unwrap();
        assert_eq!(canonical, "/components/schemas/Wrapper");
        assert!(node.get("$ref").is_some());
        let mut ptr = "/components/schemas/Wrapper/type".to_owned();
        assert_eq!(lookup(&doc, &mut ptr), Some(&Value::from("object")));
        assert_eq!(ptr, "/components/schemas/Thing/type");
    }

    #[test]
    fn a_key_beside_a_ref_is_read_where_it_is_written() {
        let doc = doc();
        let (canonical, node) = resolve(&doc, "/components/schemas/Sibling/description").unwrap();
        assert_eq!(canonical, "/components/schemas/Sibling/description");
        assert_eq!(node, &Value::from("kept"));
    }

    #[test]
    fn loops_missing_targets_and_other_documents_are_errors() {
        let doc = doc();
        match resolve(&doc, "/components/schemas/Loop1/properties/y/type") {
            Err(ResolveError::Loop { through }) => {
                assert!(
                    through.contains(&"/components/schemas/Loop1".to_owned()),
                    "{through:?}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            resolve(&doc, "/components/schemas/Wrapper/properties/nope"),
            Err(ResolveError::NotFound {
                pointer: "/components/schemas/Thing/properties/nope".into()
            })
        );
        assert_eq!(
            resolve(&doc, "/components/schemas/Remote/type"),
            Err(ResolveError::External {
                at: "/components/schemas/Remote".into(),
                reference: "other.yaml#/Thing".into()
            })
        );
    }
}
