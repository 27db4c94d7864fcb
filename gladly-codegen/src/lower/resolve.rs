//! Following `$ref`s. The resolver looks a schema up and returns it, or says why it
//! could not; it reports nothing. Each caller decides whether a failure is its to
//! report: the code that lowers a schema reports it, a look-ahead (at a title, a tag, a
//! description) does not, since the schema it looks at is reported when it is lowered.

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostic;
use crate::pointer;

/// How many `$ref`s in a row are followed before the chain is called a cycle.
pub const MAX_REF_CHAIN: usize = 32;

/// The node at `ptr`. Every lookup made while lowering goes through this one function, so
/// that following the `$ref`s met *along* a pointer is a change of this line only.
pub fn lookup<'a>(doc: &'a Value, ptr: &str) -> Option<&'a Value> {
    // Normalisation rewrote every `$ref` to a canonical target, and lowering builds
    // pointers from resolved ones, so a `$ref` along the way is rare; it is followed.
    pointer::resolve_node(doc, ptr)
}

/// A schema with `$ref`s followed: where it is and its JSON.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    /// The pointer of the schema itself (the last `$ref`'s target).
    pub ptr: String,
    /// The schema.
    pub schema: &'a Map<String, Value>,
}

/// Why a pointer does not lead to a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// Nothing is at `target`. `referrer` is the schema whose `$ref` pointed there, if
    /// the lookup followed one.
    Missing {
        /// Where nothing is.
        target: String,
        /// The schema holding the `$ref`.
        referrer: Option<String>,
    },
    /// The node at `at` is not a JSON object.
    NotObject {
        /// The node.
        at: String,
    },
    /// The `$ref` of the schema at `at` points into another document.
    External {
        /// The schema holding the `$ref`.
        at: String,
        /// The `$ref` as written.
        reference: String,
    },
    /// The `$ref`s followed through `chain` lead back to `target`, one of them, or go on
    /// for longer than [`MAX_REF_CHAIN`].
    Cycle {
        /// The schemas whose `$ref`s were followed, in order.
        chain: Vec<String>,
        /// Where the last `$ref` pointed.
        target: String,
    },
}

impl RefError {
    /// The diagnostic for this failure, located at the `$ref` that caused it. Missing
    /// targets and cycles are errors; the rest are read as any JSON value.
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            RefError::Missing { target, referrer } => {
                let (at, message) = match referrer {
                    Some(referrer) => (
                        format!("{referrer}/$ref"),
                        format!(
                            "`$ref` to `{}`, which does not exist",
                            pointer::to_ref(target)
                        ),
                    ),
                    None => (target.clone(), "nothing at this location".to_owned()),
                };
                Diagnostic::error("dangling-ref", at, message).with_hint(
                    "point the `$ref` at an existing schema; `~1` stands for `/` in a pointer",
                )
            }
            RefError::NotObject { at } => Diagnostic::warning(
                "schema-not-object",
                at,
                "a schema must be an object; read as any JSON value",
            ),
            RefError::External { at, reference } => Diagnostic::warning(
                "external-ref",
                format!("{at}/$ref"),
                format!("`{reference}` points outside this document; read as any JSON value"),
            ),
            RefError::Cycle { chain, target } => cycle_diagnostic(chain, target),
        }
    }
}

/// The loop of `$ref`s that `chain` ran into, described the same way whichever member it
/// was entered from, so that it is reported once.
fn cycle_diagnostic(chain: &[String], target: &str) -> Diagnostic {
    let start = chain.iter().position(|p| p == target).unwrap_or(0);
    let mut members: Vec<&String> = chain.iter().skip(start).collect();
    if let Some(first) = (0..members.len()).min_by_key(|&i| members.get(i).map(|p| p.as_str())) {
        members.rotate_left(first);
    }
    let head = members.first().map(|p| p.to_string()).unwrap_or_default();
    let mut path: Vec<String> = members.iter().map(|p| pointer::to_ref(p)).collect();
    path.push(pointer::to_ref(&head));
    Diagnostic::error(
        "ref-cycle",
        format!("{head}/$ref"),
        format!(
            "`$ref`s lead back to where they started and never reach a schema: {}",
            path.join(" -> ")
        ),
    )
    .with_hint("one `$ref` in the loop must point at a schema written out")
}

/// Resolves pointers in one document.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'a> {
    doc: &'a Value,
}

impl<'a> Resolver<'a> {
    /// A resolver for `doc`.
    pub fn new(doc: &'a Value) -> Self {
        Self { doc }
    }

    /// The document.
    pub fn doc(&self) -> &'a Value {
        self.doc
    }

    /// The node at `ptr`, `$ref`s not followed.
    pub fn node(&self, ptr: &str) -> Option<&'a Value> {
        lookup(self.doc, ptr)
    }

    /// Follows `$ref`s from `ptr` to a schema object.
    pub fn resolve(&self, ptr: &str) -> Result<Resolved<'a>, RefError> {
        let mut current = ptr.to_owned();
        let mut chain: Vec<String> = Vec::new();
        loop {
            let Some(node) = self.node(&current) else {
                return Err(RefError::Missing {
                    target: current,
                    referrer: chain.pop(),
                });
            };
            let Some(map) = node.as_object() else {
                return Err(RefError::NotObject { at: current });
            };
            let Some(Value::String(reference)) = map.get("$ref") else {
                return Ok(Resolved {
                    ptr: current,
                    schema: map,
                });
            };
            let Some(target) = pointer::from_ref(reference) else {
                return Err(RefError::External {
                    at: current,
                    reference: reference.clone(),
                });
            };
            chain.push(current);
            if chain.contains(&target) || chain.len() > MAX_REF_CHAIN {
                return Err(RefError::Cycle { chain, target });
            }
            current = target;
        }
    }

    /// Where the schema at `ptr` really is: past `$ref`s and wrappers (see
    /// [`wrapped_part`]), which make no type of their own.
    pub fn canonical(&self, ptr: &str) -> Result<Resolved<'a>, RefError> {
        let mut resolved = self.resolve(ptr)?;
        for _ in 0..MAX_REF_CHAIN {
            match wrapped_part(&resolved) {
                Some(part) => resolved = self.resolve(&part)?,
                None => break,
            }
        }
        Ok(resolved)
    }
}

/// The pointer of the one part of a wrapper (see [`is_wrapper`]), which stands for its
/// part: it makes no type, and its part is lowered (and named) in its place.
pub fn wrapped_part(resolved: &Resolved) -> Option<String> {
    is_wrapper(resolved.schema).then(|| format!("{}/allOf/0", resolved.ptr))
}

/// Whether a schema is a wrapper: an `allOf` of a single schema with no properties (and
/// no `oneOf`/`anyOf`) of its own, written to add a title, a description or `nullable` to
/// a `$ref`. The one definition of "a one-part `allOf` is transparent".
pub fn is_wrapper(schema: &Map<String, Value>) -> bool {
    let single = schema
        .get("allOf")
        .and_then(Value::as_array)
        .is_some_and(|parts| parts.len() == 1);
    let own_shape = ["properties", "oneOf", "anyOf"]
        .iter()
        .any(|key| schema.contains_key(*key));
    single && !own_shape
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "components": {"schemas": {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"type": "string"},
                "Loop1": {"$ref": "#/components/schemas/Loop2"},
                "Loop2": {"$ref": "#/components/schemas/Loop1"},
                "Gone": {"$ref": "#/components/schemas/Nothing"},
                "Far": {"$ref": "other.yaml#/X"},
                "Text": "not a schema",
                "Wrapper": {"allOf": [{"$ref": "#/components/schemas/B"}], "nullable": true},
                "Extended": {"allOf": [{"$ref": "#/components/schemas/B"}], "properties": {"x": {}}}
            }}
        })
    }

    #[test]
    fn follows_refs_to_the_schema() {
        let doc = doc();
        let r = Resolver::new(&doc)
            .resolve("/components/schemas/A")
            .unwrap();
        assert_eq!(r.ptr, "/components/schemas/B");
        assert_eq!(r.schema.get("type"), Some(&json!("string")));
    }

    #[test]
    fn says_why_a_ref_leads_nowhere() {
        let doc = doc();
        let resolver = Resolver::new(&doc);
        let missing = resolver.resolve("/components/schemas/Gone").unwrap_err();
        assert_eq!(
            missing,
            RefError::Missing {
                target: "/components/schemas/Nothing".into(),
                referrer: Some("/components/schemas/Gone".into())
            }
        );
        assert_eq!(
            missing.diagnostic().pointer,
            "/components/schemas/Gone/$ref"
        );
        let cycle = resolver.resolve("/components/schemas/Loop2").unwrap_err();
        let d = cycle.diagnostic();
        assert_eq!(d.code, "ref-cycle");
        // Reported from the first member whichever it was entered from.
        assert_eq!(d.pointer, "/components/schemas/Loop1/$ref");
        assert_eq!(
            resolver
                .resolve("/components/schemas/Loop1")
                .unwrap_err()
                .diagnostic(),
            d
        );
        let far = resolver.resolve("/components/schemas/Far").unwrap_err();
        assert_eq!(far.diagnostic().code, "external-ref");
        let text = resolver.resolve("/components/schemas/Text").unwrap_err();
        assert_eq!(text.diagnostic().code, "schema-not-object");
        let nothing = resolver.resolve("/nowhere").unwrap_err();
        assert_eq!(nothing.diagnostic().message, "nothing at this location");
    }

    #[test]
    fn a_chain_longer_than_the_limit_is_reported_as_a_cycle() {
        // A0 -> A1 -> ... -> A{n}: no loop, but longer than any document needs.
        let n = MAX_REF_CHAIN + 2;
        let mut schemas = Map::new();
        for i in 0..n {
            schemas.insert(
                format!("A{i}"),
                json!({"$ref": format!("#/components/schemas/A{}", i + 1)}),
            );
        }
        schemas.insert(format!("A{n}"), json!({"type": "string"}));
        let doc = json!({"components": {"schemas": schemas}});
        let resolver = Resolver::new(&doc);
        let err = resolver.resolve("/components/schemas/A0").unwrap_err();
        assert!(
            matches!(err, RefError::Cycle { ref chain, .. } if chain.len() == MAX_REF_CHAIN + 1)
        );
        // Entered near the end, the same chain is short enough.
        let near = format!("/components/schemas/A{}", n - 3);
        assert_eq!(
            resolver.resolve(&near).unwrap().ptr,
            format!("/components/schemas/A{n}")
        );
    }

    #[test]
    fn pointers_with_escaped_tokens_resolve() {
        let doc = json!({"paths": {"/a/{id}": {"get": {"responses": {"200": {"content": {
            "application/json": {"schema": {"type": "integer"}}}}}}}},
            "components": {"schemas": {"R": {"$ref":
                "#/paths/~1a~1%7Bid%7D/get/responses/200/content/application~1json/schema"}}}});
        let r = Resolver::new(&doc)
            .resolve("/components/schemas/R")
            .unwrap();
        assert_eq!(r.schema.get("type"), Some(&json!("integer")));
        assert_eq!(
            r.ptr,
            "/paths/~1a~1{id}/get/responses/200/content/application~1json/schema"
        );
    }

    #[test]
    fn canonical_sees_through_wrappers_only() {
        let doc = doc();
        let resolver = Resolver::new(&doc);
        let wrapped = resolver.canonical("/components/schemas/Wrapper").unwrap();
        assert_eq!(wrapped.ptr, "/components/schemas/B");
        // An `allOf` with properties of its own is a type, not a wrapper.
        let extended = resolver.canonical("/components/schemas/Extended").unwrap();
        assert_eq!(extended.ptr, "/components/schemas/Extended");
    }
}
