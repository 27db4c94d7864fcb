//! Every `example` and `examples` entry of the Gladly spec, decoded as the type generated
//! for its schema and encoded again: Gladly's own examples are the ground truth the types
//! must accept, and every one must: where an example contradicts its schema, the
//! generator repairs the schema (a required property the example omits becomes optional)
//! or the client reads the example leniently (numbers and booleans written as text).

use crate::support;

use std::collections::BTreeMap;

use gladly_codegen::ir::TypeRef;
use serde_json::Value;

/// One example found in the document.
struct Example {
    /// Where the example is written.
    pointer: String,
    /// The schema it illustrates.
    schema: String,
    value: Value,
}

fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}

/// Walks the document for examples. Example values themselves are not searched (they
/// are data), and under `properties` every entry is a schema whatever its name.
fn collect(doc: &Value, node: &Value, pointer: &str, out: &mut Vec<Example>) {
    match node {
        Value::Object(map) => {
            // A media type, parameter or header illustrates its `schema`; a schema itself.
            let schema = if map.contains_key("schema") {
                child(pointer, "schema")
            } else {
                pointer.to_owned()
            };
            if let Some(value) = map.get("example") {
                out.push(Example {
                    pointer: child(pointer, "example"),
                    schema: schema.clone(),
                    value: value.clone(),
                });
            }
            if let Some(Value::Object(examples)) = map.get("examples") {
                for (name, entry) in examples {
                    let entry = match entry.get("$ref").and_then(Value::as_str) {
                        Some(reference) => resolve(doc, reference).unwrap_or(&Value::Null),
                        None => entry,
                    };
                    out.push(Example {
                        pointer: child(&child(pointer, "examples"), name),
                        schema: schema.clone(),
                        value: entry.get("value").cloned().unwrap_or(Value::Null),
                    });
                }
            }
            for (key, value) in map {
                if key == "example" || key == "examples" {
                    continue;
                }
                collect(doc, value, &child(pointer, key), out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect(doc, item, &format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
}

fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let decoded = reference
        .strip_prefix('#')?
        .replace("%7B", "{")
        .replace("%7D", "}")
        .replace("%20", " ");
    doc.pointer(&decoded)
}

/// Decodes and re-encodes `value` as `ty`.
fn round_trip(ty: &TypeRef, value: &Value) -> Result<Value, String> {
    let mismatch = || {
        Err(format!(
            "expected {}, found {value}",
            gladly_codegen::inventory::type_name(ty)
        ))
    };
    match ty {
        TypeRef::Named(name) => match gladly_generated::registry::round_trip(name, value.clone()) {
            Some(result) => result.map_err(|e| format!("{name}: {e}")),
            None => Err(format!("no generated type named {name}")),
        },
        TypeRef::Array(item) => match value {
            Value::Array(items) => items
                .iter()
                .map(|v| round_trip(item, v))
                .collect::<Result<_, _>>()
                .map(Value::Array),
            _ => mismatch(),
        },
        TypeRef::Map(item) => match value {
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| round_trip(item, v).map(|v| (k.clone(), v)))
                .collect::<Result<_, _>>()
                .map(Value::Object),
            _ => mismatch(),
        },
        TypeRef::String if value.is_string() => Ok(value.clone()),
        // Kept as the text they came as, whether or not it parses as a date.
        TypeRef::Timestamp | TypeRef::Date if value.is_string() => Ok(value.clone()),
        TypeRef::I32 | TypeRef::I64 if value.is_i64() || value.is_u64() => Ok(value.clone()),
        TypeRef::F64 if value.is_number() => Ok(value.clone()),
        TypeRef::Bool if value.is_boolean() => Ok(value.clone()),
        // A generated field of these types reads their text too (`runtime::wire::lenient`)
        // and writes the spec's type.
        TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::Bool => match value {
            Value::String(text) => from_text(ty, text).ok_or(()).or_else(|()| mismatch()),
            _ => mismatch(),
        },
        TypeRef::JsonObject if value.is_object() => Ok(value.clone()),
        TypeRef::Json => Ok(value.clone()),
        _ => mismatch(),
    }
}

/// The value a scalar's text stands for, as the client reads it.
fn from_text(ty: &TypeRef, text: &str) -> Option<Value> {
    let text = text.trim();
    match ty {
        TypeRef::I32 | TypeRef::I64 => text.parse::<i64>().ok().map(Value::from),
        TypeRef::F64 => text.parse::<f64>().ok().map(Value::from),
        TypeRef::Bool if text.eq_ignore_ascii_case("true") => Some(Value::Bool(true)),
        TypeRef::Bool if text.eq_ignore_ascii_case("false") => Some(Value::Bool(false)),
        _ => None,
    }
}

/// Whether `encoded` is the example `original` as the client writes it back: equal as
/// JSON, where a `null` and an absent key are the same (optional fields are omitted when
/// empty), numbers compare by value (`5` and `5.0`), and a number or boolean the example
/// wrote as text (`"100"`) comes back in its own type (`100`), never the other way round.
fn same(original: &Value, encoded: &Value) -> bool {
    let (a, b) = (original, encoded);
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().all(|k| {
                same(
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                )
            })
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::String(text), Value::Number(y)) => text.trim().parse::<f64>().ok() == y.as_f64(),
        (Value::String(text), Value::Bool(y)) => text.trim().eq_ignore_ascii_case(&y.to_string()),
        _ => a == b,
    }
}

/// How an example is checked.
enum Check<'a> {
    /// Decoded and re-encoded as the type generated for its schema.
    Typed(&'a TypeRef),
    /// A non-2xx body in Gladly's error shape: decoded as the runtime's `ApiErrors`, which
    /// `Error::Api` carries.
    ApiErrors,
    /// The tag property of a tagged-union variant: left out of the variant's struct and
    /// put back on encoding, so the example must be the one value the union dispatches on.
    Tag(String),
    /// Not decoded by the client; the reason.
    Untyped(&'static str),
}

fn classify<'a>(example: &Example, doc: &Value, types: &'a BTreeMap<String, TypeRef>) -> Check<'a> {
    if let Some(ty) = types.get(&example.schema) {
        return Check::Typed(ty);
    }
    let tokens: Vec<&str> = example.pointer.split('/').collect();
    let status = tokens
        .iter()
        .position(|t| *t == "responses")
        .and_then(|i| tokens.get(i + 1));
    if tokens.contains(&"headers") {
        return Check::Untyped("response header (read as text through Response::headers)");
    }
    let error_shaped = example.value.get("errors").is_some_and(Value::is_array);
    if error_shaped
        && (status.is_some_and(|s| s.starts_with(['4', '5']))
            || example.pointer.starts_with("/components/schemas/"))
    {
        return Check::ApiErrors;
    }
    if status.is_some_and(|s| !s.starts_with('2')) {
        return Check::Untyped(
            "non-2xx response body not in the error shape (returned raw in Error::Api)",
        );
    }
    let one_value = doc
        .pointer(&format!("{}/enum", example.schema))
        .and_then(Value::as_array)
        .filter(|values| values.len() == 1)
        .and_then(|values| values.first())
        .and_then(Value::as_str);
    if let Some(tag) = one_value {
        return Check::Tag(tag.to_owned());
    }
    if tokens.iter().rev().nth(2) == Some(&"allOf") {
        return Check::Untyped(
            "part of an allOf (checked as the merged type where the whole has an example)",
        );
    }
    Check::Untyped("schema used by no request or 2xx response")
}

#[test]
fn every_example_round_trips() {
    let spec = support::gladly_spec();
    let normalised = gladly_codegen::normalise_spec(&spec).expect("normalises");
    let output = support::generate_gladly(&spec);
    let mut examples = Vec::new();
    collect(&normalised.tree, &normalised.tree, "", &mut examples);

    let mut untyped: BTreeMap<&str, usize> = BTreeMap::new();
    let mut passed = 0;
    let mut failures = Vec::new();
    for example in &examples {
        let outcome = match classify(example, &normalised.tree, &output.api.schema_types) {
            Check::Untyped(reason) => {
                *untyped.entry(reason).or_default() += 1;
                continue;
            }
            Check::ApiErrors => {
                serde_json::from_value::<gladly_generated::ApiErrors>(example.value.clone())
                    .and_then(serde_json::to_value)
                    .map_err(|e| e.to_string())
                    .and_then(|encoded| {
                        if same(&example.value, &encoded) {
                            Ok(())
                        } else {
                            Err(format!("re-encoded differently: {encoded}"))
                        }
                    })
            }
            Check::Tag(tag) if example.value == Value::String(tag.clone()) => Ok(()),
            Check::Tag(tag) => Err(format!("tag example is not the tag value `{tag}`")),
            Check::Typed(ty) => round_trip(ty, &example.value).and_then(|encoded| {
                if same(&example.value, &encoded) {
                    Ok(())
                } else {
                    Err(format!("re-encoded differently: {encoded}"))
                }
            }),
        };
        match outcome {
            Ok(()) => passed += 1,
            Err(e) => failures.push(format!("{}\t{e}", example.pointer)),
        }
    }
    let skipped: usize = untyped.values().sum();
    let checked = examples.len() - skipped;
    support::say(&format!("{passed} of {checked} examples round-trip"));
    support::say(&format!(
        "{skipped} of {} examples are of values the client does not decode:",
        examples.len()
    ));
    for (reason, count) in &untyped {
        support::say(&format!("  {count:>4}  {reason}"));
    }
    assert!(
        failures.is_empty(),
        "{} examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(passed, checked);
    assert!(
        checked > 600,
        "the walk found only {checked} checked examples"
    );
}
