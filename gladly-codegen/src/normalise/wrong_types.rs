//! Values of the wrong JSON type whose intent is clear: `nullable: "true"`,
//! `minimum: "1"`, `required: "name"`, `required: true` on a property (Swagger 2 style),
//! `discriminator: "kind"`, `items: [schema]`. Each is repaired, or removed when no
//! reading is clear, with a warning; tools that people trust read them the same way.
//! The `type` keyword and `enum` values are in [`super::schema_types`].

use serde_json::{Map, Number, Value};

use super::repairs::{
    Repair, DISCRIMINATOR, EXCLUSIVE_BOUND, FLAG, NUMBER, PROPERTY_REQUIRED_FLAG, REQUIRED_LIST,
    SCHEMA_SHAPE, TEXT,
};
use super::schema_types;
use super::walk::{self, Kind};
use crate::diagnostic::Diagnostics;
use crate::pointer;

/// Boolean keywords of a schema.
const SCHEMA_FLAGS: [&str; 7] = [
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "uniqueItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
];

/// Boolean keywords of a parameter or a header.
const PARAMETER_FLAGS: [&str; 5] = [
    "required",
    "deprecated",
    "allowEmptyValue",
    "explode",
    "allowReserved",
];

/// Number keywords of a schema.
const NUMBERS: [&str; 3] = ["multipleOf", "minimum", "maximum"];

/// Keywords of a schema that count, so are whole numbers of at least 0.
const COUNTS: [&str; 6] = [
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// Text keywords of a schema.
const TEXTS: [&str; 4] = ["title", "description", "format", "pattern"];

/// Repairs every value of the wrong type, object by object.
pub(super) fn repair_wrong_types(doc: &mut Value, diags: &mut Diagnostics) {
    walk::walk(doc, &mut |kind, map, ptr| match kind {
        Kind::Schema => repair_schema(map, ptr, diags),
        Kind::Parameter | Kind::Header => repair_flags(map, ptr, &PARAMETER_FLAGS, diags),
        Kind::RequestBody => repair_flags(map, ptr, &["required"], diags),
        Kind::Operation => repair_flags(map, ptr, &["deprecated"], diags),
    });
}

fn repair_schema(map: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    schema_types::repair_type(map, ptr, diags);
    repair_structure(map, ptr, diags);
    repair_exclusive_bounds(map, ptr, diags);
    repair_flags(map, ptr, &SCHEMA_FLAGS, diags);
    repair_numbers(map, ptr, diags);
    repair_texts(map, ptr, diags);
    repair_required(map, ptr, diags);
    lift_property_required(map, ptr, diags);
    repair_discriminator(map, ptr, diags);
    schema_types::repair_enum(map, ptr, diags);
}

/// What a JSON value is, for messages.
pub(super) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the string `{s:?}`"),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

fn warn(diags: &mut Diagnostics, repair: Repair, ptr: &str, key: &str, message: String) {
    diags.push(repair.warning(pointer::child(ptr, key), message));
}

/// `true`/`false` in any case, as text.
pub(super) fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// A number written as text (`"1"`, `" 2.5 "`); integers stay integers.
pub(super) fn parse_number(text: &str) -> Option<Number> {
    let text = text.trim();
    if let Ok(i) = text.parse::<i64>() {
        return Some(i.into());
    }
    text.parse::<f64>().ok().and_then(Number::from_f64)
}

fn repair_flags(map: &mut Map<String, Value>, ptr: &str, keys: &[&str], diags: &mut Diagnostics) {
    for &key in keys {
        let Some(value) = map.get(key).filter(|v| !v.is_boolean()) else {
            continue;
        };
        let read = match value {
            Value::String(s) => parse_bool(s),
            Value::Number(n) if n.as_u64() == Some(0) => Some(false),
            Value::Number(n) if n.as_u64() == Some(1) => Some(true),
            _ => None,
        };
        let what = describe(value);
        match read {
            Some(flag) => {
                warn(
                    diags,
                    FLAG,
                    ptr,
                    key,
                    format!("`{key}` is {what}, not a boolean; read as `{flag}`"),
                );
                map.insert(key.into(), Value::Bool(flag));
            }
            None => {
                warn(
                    diags,
                    FLAG,
                    ptr,
                    key,
                    format!("`{key}` is {what}, not a boolean; removed"),
                );
                map.shift_remove(key);
            }
        }
    }
}

/// `exclusiveMinimum: 5` (JSON Schema since draft 6, and OpenAPI 3.1) is
/// `minimum: 5, exclusiveMinimum: true` in OpenAPI 3.0.
fn repair_exclusive_bounds(map: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        let Some(Value::Number(n)) = map.get(exclusive).cloned() else {
            continue;
        };
        if map.contains_key(bound) {
            continue;
        }
        warn(
            diags,
            EXCLUSIVE_BOUND,
            ptr,
            exclusive,
            format!("`{exclusive}: {n}` is the JSON Schema spelling of a bound; read as `{bound}: {n}` with `{exclusive}: true`"),
        );
        map.insert(bound.into(), Value::Number(n));
        map.insert(exclusive.into(), Value::Bool(true));
    }
}

fn repair_numbers(map: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    for key in NUMBERS {
        let Some(value) = map.get(key).filter(|v| !v.is_number()) else {
            continue;
        };
        let what = describe(value);
        match value.as_str().and_then(parse_number) {
            Some(n) => {
                warn(
                    diags,
                    NUMBER,
                    ptr,
                    key,
                    format!("`{key}` is {what}, not a number; read as `{n}`"),
                );
                map.insert(key.into(), Value::Number(n));
            }
            None => {
                warn(
                    diags,
                    NUMBER,
                    ptr,
                    key,
                    format!("`{key}` is {what}, not a number; removed"),
                );
                map.shift_remove(key);
            }
        }
    }
    for key in COUNTS {
        let Some(value) = map.get(key).filter(|v| !v.is_u64()) else {
            continue;
        };
        let what = describe(value);
        let count = match value {
            Value::String(s) => s.trim().parse::<u64>().ok(),
            // `10.0` is a whole number written as a float.
            Value::Number(n) => n
                .as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u32::MAX as f64)
                .map(|f| f as u64),
            _ => None,
        };
        match count {
            Some(count) => {
                warn(
                    diags,
                    NUMBER,
                    ptr,
                    key,
                    format!("`{key}` is {what}, not a whole number; read as `{count}`"),
                );
                map.insert(key.into(), Value::Number(count.into()));
            }
            None => {
                warn(
                    diags,
                    NUMBER,
                    ptr,
                    key,
                    format!("`{key}` is {what}, not a whole number of at least 0; removed"),
                );
                map.shift_remove(key);
            }
        }
    }
}

fn repair_texts(map: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    for key in TEXTS {
        let Some(value) = map.get(key).filter(|v| !v.is_string()) else {
            continue;
        };
        let what = describe(value);
        match value {
            Value::Number(_) | Value::Bool(_) => {
                let text = value.to_string();
                warn(
                    diags,
                    TEXT,
                    ptr,
                    key,
                    format!("`{key}` is {what}, not a string; read as the string `{text}`"),
                );
                map.insert(key.into(), Value::String(text));
            }
            _ => {
                warn(
                    diags,
                    TEXT,
                    ptr,
                    key,
                    format!("`{key}` is {what}, not a string; removed"),
                );
                map.shift_remove(key);
            }
        }
    }
}

/// `required` lists property names: one name is a list of one; anything else in the list
/// is removed. (`required: true` under a property was taken by its parent before.)
fn repair_required(map: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    let Some(value) = map.get_mut("required") else {
        return;
    };
    match value {
        Value::Array(names) => {
            let before = names.len();
            names.retain(Value::is_string);
            if names.len() != before {
                warn(
                    diags,
                    REQUIRED_LIST,
                    ptr,
                    "required",
                    "`required` lists values that are not property names; they are removed"
                        .to_owned(),
                );
            }
        }
        Value::String(name) => {
            let name = name.clone();
            warn(
                diags,
                REQUIRED_LIST,
                ptr,
                "required",
                format!(
                    "`required` is the string `{name:?}`, not a list of names; read as `[{name}]`"
                ),
            );
            *value = Value::Array(vec![Value::String(name)]);
        }
        other => {
            let what = describe(other);
            let why = if other.is_boolean() {
                "a flag only means something on a property (Swagger 2 style)"
            } else {
                "not a list of property names"
            };
            warn(
                diags,
                REQUIRED_LIST,
                ptr,
                "required",
                format!("`required` is {what}: {why}; removed"),
            );
            map.shift_remove("required");
        }
    }
}

/// `properties: {name: {type: string, required: true}}` (Swagger 2 style): the flag is
/// removed from the property, and a `true` adds its name to this schema's `required`.
fn lift_property_required(map: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    let Some(properties) = map.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    let mut lifted = Vec::new();
    for (name, property) in properties.iter_mut() {
        let Some(property) = property.as_object_mut() else {
            continue;
        };
        let Some(flag) = property.get("required").and_then(|v| match v {
            Value::Bool(b) => Some(*b),
            Value::String(s) => parse_bool(s),
            _ => None,
        }) else {
            continue;
        };
        property.shift_remove("required");
        let property_ptr = pointer::child(&format!("{ptr}/properties"), name);
        let done = if flag {
            lifted.push(name.clone());
            format!("`{name}` added to the parent schema's `required` list")
        } else {
            "removed".to_owned()
        };
        diags.push(PROPERTY_REQUIRED_FLAG.warning(
            format!("{property_ptr}/required"),
            format!("`required: {flag}` on a property is Swagger 2 style; OpenAPI 3 lists required properties on the parent schema; {done}"),
        ));
    }
    if lifted.is_empty() {
        return;
    }
    let required = map
        .entry("required")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Some(list) = required.as_array_mut() {
        for name in lifted {
            if !list.iter().any(|v| v.as_str() == Some(name.as_str())) {
                list.push(Value::String(name));
            }
        }
    }
}

/// `discriminator: kind` (Swagger 2 spells it as the property name) is
/// `discriminator: {propertyName: kind}`.
fn repair_discriminator(map: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    let Some(value) = map.get("discriminator").filter(|v| !v.is_object()) else {
        return;
    };
    let what = describe(value);
    match value.as_str().map(str::to_owned) {
        Some(name) => {
            warn(diags, DISCRIMINATOR, ptr, "discriminator", format!("`discriminator` is {what} (Swagger 2 style), not an object; read as `{{propertyName: {name}}}`"));
            let mut object = Map::new();
            object.insert("propertyName".into(), Value::String(name));
            map.insert("discriminator".into(), Value::Object(object));
        }
        None => {
            warn(
                diags,
                DISCRIMINATOR,
                ptr,
                "discriminator",
                format!("`discriminator` is {what}, not an object; removed"),
            );
            map.shift_remove("discriminator");
        }
    }
}

/// Keywords that hold schemas, given the wrong shape: `items` as a list (a tuple, which
/// OpenAPI 3.0 cannot say; one schema is that schema), `properties` that is not a map,
/// `allOf`/`oneOf`/`anyOf` that are one schema instead of a list of them,
/// `additionalProperties: "false"`.
fn repair_structure(map: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    if let Some(Value::Array(items)) = map.get_mut("items") {
        if let [single] = items.as_mut_slice() {
            let single = single.take();
            warn(
                diags,
                SCHEMA_SHAPE,
                ptr,
                "items",
                "`items` is a list of one schema; read as that schema".to_owned(),
            );
            map.insert("items".into(), single);
        } else {
            warn(diags, SCHEMA_SHAPE, ptr, "items", "`items` is a list of schemas (a tuple), which OpenAPI 3.0 cannot describe; removed, so the items are any value".to_owned());
            map.shift_remove("items");
        }
    }
    for key in ["properties", "items", "not"] {
        if let Some(value) = map.get(key).filter(|v| !v.is_object()) {
            let what = describe(value);
            warn(
                diags,
                SCHEMA_SHAPE,
                ptr,
                key,
                format!("`{key}` is {what}, not an object; removed"),
            );
            map.shift_remove(key);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        match map.get(key) {
            Some(Value::Object(_)) => {
                warn(
                    diags,
                    SCHEMA_SHAPE,
                    ptr,
                    key,
                    format!("`{key}` is one schema, not a list; read as a list of it"),
                );
                if let Some(value) = map.get_mut(key) {
                    *value = Value::Array(vec![value.take()]);
                }
            }
            Some(Value::Array(_)) | None => {}
            Some(other) => {
                let what = describe(other);
                warn(
                    diags,
                    SCHEMA_SHAPE,
                    ptr,
                    key,
                    format!("`{key}` is {what}, not a list of schemas; removed"),
                );
                map.shift_remove(key);
            }
        }
    }
    if let Some(value) = map
        .get("additionalProperties")
        .filter(|v| !v.is_object() && !v.is_boolean())
    {
        let what = describe(value);
        match value.as_str().and_then(parse_bool) {
            Some(flag) => {
                warn(
                    diags,
                    SCHEMA_SHAPE,
                    ptr,
                    "additionalProperties",
                    format!("`additionalProperties` is {what}; read as `{flag}`"),
                );
                map.insert("additionalProperties".into(), Value::Bool(flag));
            }
            None => {
                warn(
                    diags,
                    SCHEMA_SHAPE,
                    ptr,
                    "additionalProperties",
                    format!(
                        "`additionalProperties` is {what}, neither a boolean nor a schema; removed"
                    ),
                );
                map.shift_remove("additionalProperties");
            }
        }
    }
}

#[cfg(test)]
#[path = "wrong_types_tests.rs"]
pub(super) mod tests;
