//! The 3.1 rewrites inside one schema (JSON Schema 2020-12 -> the OpenAPI 3.0 subset),
//! then recursively inside every schema it holds.

use serde_json::{Map, Value};

use super::rewrites::{
    BOOLEAN_SCHEMA, CONST, CONTENT_ENCODING, EXCLUSIVE_BOUND, JSON_SCHEMA_KEYWORD, NULL_VARIANT,
    REF_SIBLINGS, SCHEMA_EXAMPLES, TYPE_LIST, TYPE_NULL,
};
use super::Tally;
use crate::pointer;

/// Keywords holding a map of schemas.
const SCHEMA_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Keywords holding one schema.
const SCHEMA_SLOTS: [&str; 10] = [
    "items",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
];

/// Keywords holding a list of schemas.
const SCHEMA_LISTS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];

/// Keywords beside a `$ref` that only document it: 3.0 readers may keep them beside the
/// `$ref` (the generator reads a field's description there), so they need no rewrite.
const DOC_ONLY: [&str; 6] = [
    "description",
    "title",
    "summary",
    "example",
    "deprecated",
    "externalDocs",
];

/// Which keywords belong to which type, for splitting a schema of several types into a
/// `oneOf` of one schema per type.
const TYPE_KEYWORDS: [(&str, &[&str]); 4] = [
    ("string", &["pattern", "minLength", "maxLength"]),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "patternProperties",
            "propertyNames",
        ],
    ),
    (
        "array",
        &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
        ],
    ),
];

/// Rewrites the schema at `path` and every schema inside it. Schemas holding `$defs` are
/// recorded in `defs_sites` for the caller to move.
pub(super) fn rewrite(
    value: &mut Value,
    path: &str,
    tally: &mut Tally,
    defs_sites: &mut Vec<String>,
) {
    if let Value::Bool(allowed) = value {
        *value = boolean_schema(*allowed);
        tally.note(
            BOOLEAN_SCHEMA,
            "boolean schema (`true`/`false`, 3.1 only) read as `{}` / `{not: {}}`",
            path,
        );
        return;
    }
    let Value::Object(map) = value else {
        return;
    };
    rewrite_object(map, path, tally);
    if map.contains_key("$defs") || map.contains_key("definitions") {
        defs_sites.push(path.to_owned());
    }
    for (key, child) in map.iter_mut() {
        let at = pointer::child(path, key);
        if SCHEMA_MAPS.contains(&key.as_str()) {
            if let Some(entries) = child.as_object_mut() {
                for (name, schema) in entries.iter_mut() {
                    rewrite(schema, &pointer::child(&at, name), tally, defs_sites);
                }
            }
        } else if SCHEMA_LISTS.contains(&key.as_str()) {
            if let Some(items) = child.as_array_mut() {
                for (index, schema) in items.iter_mut().enumerate() {
                    rewrite(schema, &format!("{at}/{index}"), tally, defs_sites);
                }
            }
        } else if SCHEMA_SLOTS.contains(&key.as_str()) {
            // `additionalProperties: false` (and `true`) is 3.0 already.
            if key == "additionalProperties" && child.is_boolean() {
                continue;
            }
            rewrite(child, &at, tally, defs_sites);
        }
    }
}

fn boolean_schema(allowed: bool) -> Value {
    let mut map = Map::new();
    if !allowed {
        map.insert("not".into(), Value::Object(Map::new()));
    }
    Value::Object(map)
}

/// The rewrites of one schema object, in an order where each sees the work of the ones
/// before (`const` is an `enum` before a list of types is split by type).
fn rewrite_object(map: &mut Map<String, Value>, path: &str, tally: &mut Tally) {
    for key in ["$schema", "$id", "$comment"] {
        if map.shift_remove(key).is_some() {
            tally.note(
                JSON_SCHEMA_KEYWORD,
                "JSON Schema keywords 3.0 does not have (`jsonSchemaDialect`, `$schema`, `$id`, `$comment`) removed",
                &pointer::child(path, key),
            );
        }
    }
    const_to_enum(map, path, tally);
    examples_to_example(map, path, tally);
    exclusive_bounds(map, path, tally);
    content_keywords(map, path, tally);
    type_list(map, path, tally);
    null_variants(map, path, tally);
    ref_siblings(map, path, tally);
}

fn const_to_enum(map: &mut Map<String, Value>, path: &str, tally: &mut Tally) {
    let Some(value) = map.shift_remove("const") else {
        return;
    };
    if !map.contains_key("enum") {
        map.insert("enum".into(), Value::Array(vec![value]));
    }
    tally.note(CONST, "`const: v` read as `enum: [v]`", path);
}

fn examples_to_example(map: &mut Map<String, Value>, path: &str, tally: &mut Tally) {
    if !map.get("examples").is_some_and(Value::is_array) {
        return;
    }
    if let Some(Value::Array(examples)) = map.shift_remove("examples") {
        if let (false, Some(first)) = (map.contains_key("example"), examples.into_iter().next()) {
            map.insert("example".into(), first);
        }
    }
    tally.note(
        SCHEMA_EXAMPLES,
        "a schema's `examples: [..]` read as `example` (the first)",
        path,
    );
}

/// `exclusiveMinimum: 5` (a number in 3.1) -> `minimum: 5, exclusiveMinimum: true`,
/// unless an inclusive `minimum` is already the stricter bound; the same for maximum.
fn exclusive_bounds(map: &mut Map<String, Value>, path: &str, tally: &mut Tally) {
    for (exclusive, bound, lower) in [
        ("exclusiveMinimum", "minimum", true),
        ("exclusiveMaximum", "maximum", false),
    ] {
        let Some(Value::Number(limit)) = map.get(exclusive).cloned() else {
            continue;
        };
        let limit_f = limit.as_f64().unwrap_or_default();
        let inclusive = map.get(bound).and_then(Value::as_f64);
        let inclusive_is_stricter =
            inclusive.is_some_and(|b| if lower { b > limit_f } else { b < limit_f });
        if inclusive_is_stricter {
            map.shift_remove(exclusive);
        } else {
            map.insert(bound.into(), Value::Number(limit));
            map.insert(exclusive.into(), Value::Bool(true));
        }
        tally.note(
            EXCLUSIVE_BOUND,
            "`exclusiveMinimum`/`exclusiveMaximum` given as numbers (3.1) read in their 3.0 form (`minimum` + `exclusiveMinimum: true`)",
            &pointer::child(path, exclusive),
        );
    }
}

/// `contentEncoding: base64` -> `format: byte`; `contentMediaType` of a binary type (an
/// image, `application/octet-stream`) -> `format: binary`; text and JSON media types say
/// nothing 3.0 can, and are dropped.
fn content_keywords(map: &mut Map<String, Value>, path: &str, tally: &mut Tally) {
    let encoding = map.shift_remove("contentEncoding");
    let media = map.shift_remove("contentMediaType");
    let content_schema = map.shift_remove("contentSchema");
    if encoding.is_none() && media.is_none() && content_schema.is_none() {
        return;
    }
    let encoding = encoding.as_ref().and_then(Value::as_str);
    let media = media.as_ref().and_then(Value::as_str);
    let format = match (encoding, media) {
        (Some("base64" | "base64url"), _) => Some("byte"),
        (None | Some("binary"), Some(media)) if !is_text_media(media) => Some("binary"),
        _ => None,
    };
    if let (Some(format), false) = (format, map.contains_key("format")) {
        map.insert("format".into(), Value::String(format.into()));
        map.entry("type")
            .or_insert_with(|| Value::String("string".into()));
    }
    tally.note(
        CONTENT_ENCODING,
        "`contentEncoding`/`contentMediaType` read as `format: byte` (base64) or `format: binary` (a binary media type); otherwise dropped",
        path,
    );
}

fn is_text_media(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence.starts_with("text/")
        || essence.ends_with("/json")
        || essence.ends_with("+json")
        || essence.ends_with("/xml")
        || essence.ends_with("+xml")
        || essence == "application/x-www-form-urlencoded"
}

/// `type: [T, "null"]` -> `type: T, nullable: true`; `type: "null"` -> `nullable: true`;
/// several types -> a `oneOf` of one schema per type, each taking the keywords of its
/// type (a union lowers to a Rust enum that keeps the value's type, where dropping
/// `type` would give an untyped JSON value). `[integer, number]` is `number`.
fn type_list(map: &mut Map<String, Value>, path: &str, tally: &mut Tally) {
    let types: Vec<String> = match map.get("type") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(one)) if one == "null" => vec![one.clone()],
        _ => return,
    };
    let nullable = types.iter().any(|t| t == "null");
    let mut kinds: Vec<String> = Vec::new();
    for t in types.into_iter().filter(|t| t != "null") {
        if !kinds.contains(&t) {
            kinds.push(t);
        }
    }
    if kinds.len() == 2 && kinds.contains(&"integer".into()) && kinds.contains(&"number".into()) {
        kinds = vec!["number".into()];
    }
    map.shift_remove("type");
    if nullable {
        map.insert("nullable".into(), Value::Bool(true));
        if let Some(Value::Array(values)) = map.get_mut("enum") {
            values.retain(|v| !v.is_null());
        }
    }
    let type_at = pointer::child(path, "type");
    match kinds.as_slice() {
        [] => {}
        [one] => {
            map.insert("type".into(), Value::String(one.clone()));
        }
        _ => split_by_type(map, &kinds),
    }
    if kinds.len() > 1 || !nullable {
        tally.note(
            TYPE_LIST,
            "`type` given as a list (3.1) read in its 3.0 form: one type, or a `oneOf` of one schema per type",
            &type_at,
        );
    }
    if nullable {
        tally.note(
            TYPE_NULL,
            "`type: [T, \"null\"]` read as `type: T` with `nullable: true`",
            &type_at,
        );
    }
}

/// Replaces the types by `oneOf` branches; a schema that is already a union or an
/// intersection keeps its keywords and loses only `type` (any of the types is allowed).
fn split_by_type(map: &mut Map<String, Value>, kinds: &[String]) {
    if ["oneOf", "anyOf", "allOf"]
        .iter()
        .any(|k| map.contains_key(*k))
    {
        return;
    }
    let mut branches: Vec<Map<String, Value>> = kinds
        .iter()
        .map(|kind| {
            let mut branch = Map::new();
            branch.insert("type".into(), Value::String(kind.clone()));
            branch
        })
        .collect();
    for (branch, kind) in branches.iter_mut().zip(kinds) {
        let keywords = TYPE_KEYWORDS
            .iter()
            .find(|(k, _)| *k == family(kind))
            .map(|(_, words)| *words)
            .unwrap_or_default();
        for word in keywords {
            if let Some(value) = map.shift_remove(*word) {
                branch.insert((*word).into(), value);
            }
        }
    }
    if let Some(format) = map.shift_remove("format") {
        let numeric = matches!(
            format.as_str(),
            Some("int32" | "int64" | "float" | "double")
        );
        let wanted =
            |kind: &str| (family(kind) == "number") == numeric && (numeric || kind == "string");
        match branches.iter_mut().zip(kinds).find(|(_, k)| wanted(k)) {
            Some((branch, _)) => {
                branch.insert("format".into(), format);
            }
            None => {
                map.insert("format".into(), format);
            }
        }
    }
    if let Some(Value::Array(values)) = map.shift_remove("enum") {
        for (branch, kind) in branches.iter_mut().zip(kinds) {
            let fits: Vec<Value> = values
                .iter()
                .filter(|v| value_has_type(v, kind))
                .cloned()
                .collect();
            if !fits.is_empty() {
                branch.insert("enum".into(), Value::Array(fits));
            }
        }
    }
    let one_of = branches.into_iter().map(Value::Object).collect();
    map.insert("oneOf".into(), Value::Array(one_of));
}

/// Integers take the keywords of numbers.
fn family(kind: &str) -> &str {
    if kind == "integer" {
        "number"
    } else {
        kind
    }
}

fn value_has_type(value: &Value, kind: &str) -> bool {
    match kind {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        _ => false,
    }
}

/// `oneOf`/`anyOf` with a `{type: "null"}` member: the member goes and the schema becomes
/// `nullable`. One member left becomes a one-part `allOf` (how 3.0 writes a nullable
/// `$ref`), so it is read as that schema rather than as a union of one.
fn null_variants(map: &mut Map<String, Value>, path: &str, tally: &mut Tally) {
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = map.get_mut(keyword) else {
            continue;
        };
        let before = members.len();
        members.retain(|m| !is_null_schema(m));
        if members.len() == before {
            continue;
        }
        tally.note(
            NULL_VARIANT,
            "`oneOf`/`anyOf` with a `type: \"null\"` member read as the other members with `nullable: true`",
            &pointer::child(path, keyword),
        );
        map.insert("nullable".into(), Value::Bool(true));
        let left = match map.get(keyword) {
            Some(Value::Array(members)) => members.len(),
            _ => 0,
        };
        if left > 1 {
            continue;
        }
        let Some(Value::Array(rest)) = map.shift_remove(keyword) else {
            continue;
        };
        if let Some(only) = rest.into_iter().next() {
            match map.get_mut("allOf") {
                Some(Value::Array(parts)) => parts.push(only),
                _ => {
                    map.insert("allOf".into(), Value::Array(vec![only]));
                }
            }
        }
    }
}

fn is_null_schema(schema: &Value) -> bool {
    let null_type = match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(list)) => !list.is_empty() && list.iter().all(|t| t == "null"),
        _ => false,
    };
    let only_null = |key: &str| match schema.get(key) {
        Some(Value::Array(values)) => values.len() == 1 && values.iter().all(Value::is_null),
        _ => false,
    };
    null_type || schema.get("const") == Some(&Value::Null) || only_null("enum")
}

/// `$ref` beside keywords that change its meaning (3.1 applies both; 3.0 ignores what
/// is beside a `$ref`): the `$ref` moves into a one-part `allOf` and the keywords stay
/// (`nullable`, `readOnly`, `default`, `properties`, ...). A `$ref` beside documentation
/// only is left as it is.
fn ref_siblings(map: &mut Map<String, Value>, path: &str, tally: &mut Tally) {
    if !map.get("$ref").is_some_and(Value::is_string) {
        return;
    }
    let meaningful = map
        .keys()
        .any(|k| k != "$ref" && !k.starts_with("x-") && !DOC_ONLY.contains(&k.as_str()));
    if !meaningful {
        return;
    }
    let Some(reference) = map.shift_remove("$ref") else {
        return;
    };
    let mut target = Map::new();
    target.insert("$ref".into(), reference);
    match map.get_mut("allOf") {
        Some(Value::Array(parts)) => parts.insert(0, Value::Object(target)),
        _ => {
            map.insert("allOf".into(), Value::Array(vec![Value::Object(target)]));
        }
    }
    tally.note(
        REF_SIBLINGS,
        "`$ref` beside other keywords (3.1 applies both) read as `allOf: [{$ref}]` with those keywords",
        path,
    );
}
