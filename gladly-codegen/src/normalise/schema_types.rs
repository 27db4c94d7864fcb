//! A schema's `type` spelled another way (`int`, `String`, `[string, "null"]`), and
//! `enum` values of another type than the schema's (`type: integer` with
//! `enum: ["1", "2"]`).

use serde_json::{Map, Value};

use super::repairs::{ENUM_NOT_A_LIST, ENUM_VALUE_TYPE, UNKNOWN_TYPE};
use super::wrong_types::{describe, parse_bool, parse_number};
use crate::diagnostic::Diagnostics;
use crate::pointer;

/// The six types of OpenAPI 3.0.
const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "object", "array"];

/// Spellings of a type seen in real specs (programming languages' names, Swagger 2's
/// `file`), with the `format` they imply.
fn alias(spelling: &str) -> Option<(&'static str, Option<&'static str>)> {
    Some(match spelling {
        "int" | "long" | "short" | "int32" | "int64" | "uint" => ("integer", None),
        "float" | "double" | "decimal" | "numeric" => ("number", None),
        "bool" => ("boolean", None),
        "str" | "text" => ("string", None),
        "date" => ("string", Some("date")),
        "datetime" | "date-time" => ("string", Some("date-time")),
        "file" | "binary" => ("string", Some("binary")),
        "dict" | "map" | "hash" => ("object", None),
        "list" => ("array", None),
        _ => return None,
    })
}

/// Reads `type` as one of the six types, or removes it (a schema without `type` allows
/// any value, which never rejects what the server sends).
pub(super) fn repair_type(map: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    let Some(value) = map.get("type") else {
        return;
    };
    if value.as_str().is_some_and(|t| TYPES.contains(&t)) {
        return;
    }
    let what = describe(value);
    let at = pointer::child(ptr, "type");
    let mut warn = |message: String| diags.push(UNKNOWN_TYPE.warning(&at, message));
    match value.clone() {
        Value::String(spelling) => {
            let lower = spelling.trim().to_ascii_lowercase();
            let known = TYPES
                .iter()
                .find(|t| **t == lower)
                .map(|t| (*t, None))
                .or_else(|| alias(&lower));
            match known {
                Some((ty, format)) => {
                    warn(format!("`type` is {what}; read as `{ty}`"));
                    map.insert("type".into(), Value::String(ty.to_owned()));
                    if let Some(format) = format.filter(|_| !map.contains_key("format")) {
                        map.insert("format".into(), Value::String(format.to_owned()));
                    }
                }
                None => {
                    warn(format!(
                        "`type` is {what}, not an OpenAPI type; removed, so any value is accepted"
                    ));
                    map.shift_remove("type");
                }
            }
        }
        // `type: [string, "null"]` (JSON Schema, OpenAPI 3.1).
        Value::Array(types) => {
            let nullable = types.iter().any(|t| t.as_str() == Some("null"));
            let others: Vec<&str> = types
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .collect();
            match others.as_slice() {
                [one] if TYPES.contains(one) => {
                    let ty = (*one).to_owned();
                    let null = if nullable {
                        " with `nullable: true`"
                    } else {
                        ""
                    };
                    warn(format!(
                        "`type` is a list (JSON Schema style); read as `{ty}`{null}"
                    ));
                    map.insert("type".into(), Value::String(ty));
                    if nullable {
                        map.insert("nullable".into(), Value::Bool(true));
                    }
                }
                _ => {
                    warn("`type` is a list of several types, which OpenAPI 3.0 cannot say; removed, so any value is accepted".to_owned());
                    map.shift_remove("type");
                }
            }
        }
        _ => {
            warn(format!(
                "`type` is {what}, not a type name; removed, so any value is accepted"
            ));
            map.shift_remove("type");
        }
    }
}

/// `enum` as one value is a list of it; values of another type than the schema's are
/// converted where their text says exactly one value of that type (`"1"` in an
/// `integer` schema, `true` in a `string` one), and removed otherwise. An `enum` left
/// with no value is removed.
pub(super) fn repair_enum(map: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    let at = pointer::child(ptr, "enum");
    let Some(value) = map.get_mut("enum") else {
        return;
    };
    match value {
        Value::Array(_) => {}
        Value::Null | Value::Object(_) => {
            let what = describe(value);
            diags.push(ENUM_NOT_A_LIST.warning(
                &at,
                format!("`enum` is {what}, not a list of values; removed"),
            ));
            map.shift_remove("enum");
            return;
        }
        scalar => {
            let what = describe(scalar);
            diags.push(ENUM_NOT_A_LIST.warning(
                &at,
                format!("`enum` is {what}, not a list; read as a list of that one value"),
            ));
            *scalar = Value::Array(vec![scalar.take()]);
        }
    }
    let ty = map.get("type").and_then(Value::as_str).map(str::to_owned);
    let Some(ty) = ty.filter(|t| matches!(t.as_str(), "string" | "integer" | "number" | "boolean"))
    else {
        return;
    };
    let Some(values) = map.get_mut("enum").and_then(Value::as_array_mut) else {
        return;
    };
    let mut converted = Vec::new();
    let mut dropped = Vec::new();
    let mut kept: Vec<Value> = Vec::with_capacity(values.len());
    for value in values.drain(..) {
        let fitted = if value.is_null() || fits(&value, &ty) {
            Some(value.clone())
        } else {
            convert(&value, &ty)
        };
        match fitted {
            Some(fitted) => {
                if fitted != value {
                    converted.push(value.to_string());
                }
                if !kept.contains(&fitted) {
                    kept.push(fitted);
                }
            }
            None => dropped.push(value.to_string()),
        }
    }
    *values = kept;
    let empty = values.is_empty();
    if converted.is_empty() && dropped.is_empty() {
        return;
    }
    let mut done = Vec::new();
    if !converted.is_empty() {
        done.push(format!("{} converted", listed(&converted)));
    }
    if !dropped.is_empty() {
        done.push(format!("{} removed", listed(&dropped)));
    }
    let mut message = format!(
        "`enum` values are not of the schema's type `{ty}`: {}",
        done.join("; ")
    );
    if empty {
        message.push_str("; no value is left, so `enum` is removed");
        map.shift_remove("enum");
    }
    diags.push(ENUM_VALUE_TYPE.warning(at, message));
}

fn fits(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        _ => true,
    }
}

fn convert(value: &Value, ty: &str) -> Option<Value> {
    match (ty, value) {
        ("string", Value::Number(_) | Value::Bool(_)) => Some(Value::String(value.to_string())),
        ("boolean", Value::String(s)) => parse_bool(s).map(Value::Bool),
        ("number", Value::String(s)) => parse_number(s).map(Value::Number),
        ("integer", Value::String(s)) => parse_number(s)
            .filter(|n| n.is_i64() || n.is_u64())
            .map(Value::Number),
        _ => None,
    }
}

/// The first few values, then how many more.
fn listed(values: &[String]) -> String {
    let shown: Vec<String> = values.iter().take(3).map(|v| format!("`{v}`")).collect();
    match values.len().saturating_sub(3) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::normalise::wrong_types::tests::repaired;

    #[test]
    fn types_spelled_another_way() {
        let (schema, diags) = repaired(json!({"type": "String"}));
        assert_eq!(schema, json!({"type": "string"}));
        assert_eq!(diags[0].code, "unknown-type");
        let (schema, _) = repaired(json!({"type": "int"}));
        assert_eq!(schema, json!({"type": "integer"}));
        let (schema, _) = repaired(json!({"type": "file"}));
        assert_eq!(schema, json!({"type": "string", "format": "binary"}));
        let (schema, _) = repaired(json!({"type": "date", "format": "date-time"}));
        assert_eq!(schema, json!({"type": "string", "format": "date-time"}));
    }

    #[test]
    fn a_list_of_a_type_and_null_is_nullable() {
        let (schema, diags) = repaired(json!({"type": ["string", "null"]}));
        assert_eq!(schema, json!({"type": "string", "nullable": true}));
        assert_eq!(diags.len(), 1);
        let (schema, _) = repaired(json!({"type": ["string", "integer"]}));
        assert_eq!(schema, json!({}));
    }

    #[test]
    fn an_unknown_type_is_removed() {
        let (schema, diags) = repaired(json!({"type": "whatever", "description": "x"}));
        assert_eq!(schema, json!({"description": "x"}));
        assert!(
            diags[0].message.contains("any value"),
            "{}",
            diags[0].message
        );
        let (schema, _) = repaired(json!({"type": 5}));
        assert_eq!(schema, json!({}));
    }

    #[test]
    fn enum_as_one_value_is_a_list() {
        let (schema, diags) = repaired(json!({"type": "string", "enum": "only"}));
        assert_eq!(schema, json!({"type": "string", "enum": ["only"]}));
        assert_eq!(diags[0].code, "wrong-type");
        let (schema, _) = repaired(json!({"type": "string", "enum": {"a": 1}}));
        assert_eq!(schema, json!({"type": "string"}));
    }

    #[test]
    fn enum_values_take_the_schema_type() {
        // Bungie writes its integer enums as strings.
        let (schema, diags) = repaired(json!({"type": "integer", "enum": ["0", "1", "-1", 2]}));
        assert_eq!(schema["enum"], json!([0, 1, -1, 2]));
        assert_eq!(diags[0].code, "enum-value-type");
        assert_eq!(diags[0].pointer, "/components/schemas/S/enum");
        assert!(
            diags[0]
                .message
                .contains("`\"0\"`, `\"1\"`, `\"-1\"` converted"),
            "{}",
            diags[0].message
        );
        // A string schema whose values are written as booleans or numbers.
        let (schema, _) = repaired(json!({"type": "string", "enum": [true, 43, "x", ["y"], null]}));
        assert_eq!(schema["enum"], json!(["true", "43", "x", null]));
        let (schema, _) = repaired(json!({"type": "boolean", "enum": ["false", "true", "0"]}));
        assert_eq!(schema["enum"], json!([false, true]));
        let (schema, _) = repaired(json!({"type": "number", "enum": ["2.5", 3]}));
        assert_eq!(schema["enum"], json!([2.5, 3]));
    }

    #[test]
    fn an_enum_with_no_value_of_the_type_is_removed() {
        let (schema, diags) =
            repaired(json!({"type": "integer", "enum": ["Primary", "Secondary"]}));
        assert_eq!(schema, json!({"type": "integer"}));
        assert!(
            diags[0].message.contains("`enum` is removed"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn untyped_enums_are_left_alone() {
        let (schema, diags) = repaired(json!({"enum": ["a", 1, true]}));
        assert_eq!(schema, json!({"enum": ["a", 1, true]}));
        assert!(diags.is_empty());
    }
}
