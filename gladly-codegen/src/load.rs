//! Reads a spec file (YAML or JSON) into a generic JSON tree.

use serde_json::{Map, Number, Value};

use crate::diagnostic::{Diagnostic, Location};

/// Parses YAML (JSON is valid YAML) into a JSON tree. Mapping keys that are not strings
/// (`200:` unquoted) become their string form, as OpenAPI means them.
pub fn load(text: &str) -> Result<Value, Diagnostic> {
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error("empty-spec", "", "the spec file is empty")
                .with_hint("point --spec at an OpenAPI 3.0 document"),
        );
    }
    // JSON is YAML, but a JSON parser reads it many times faster; anything it rejects
    // is read again as YAML, which also gives the better error.
    if text.trim_start().starts_with('{') {
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            return Ok(value);
        }
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let mut diagnostic = Diagnostic::error(
            "invalid-yaml",
            "",
            format!("the spec is not valid YAML or JSON: {}", plain_message(&e)),
        );
        diagnostic.location = e.location().map(|l| Location {
            line: l.line(),
            column: l.column(),
            offset: l.index(),
        });
        diagnostic
    })?;
    Ok(to_json(yaml))
}

fn to_json(value: serde_yaml::Value) -> Value {
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => number(&n),
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(to_json).collect())
        }
        serde_yaml::Value::Mapping(mapping) => {
            let mut map = Map::new();
            for (key, value) in mapping {
                map.insert(key_string(key), to_json(value));
            }
            Value::Object(map)
        }
        serde_yaml::Value::Tagged(tagged) => to_json(tagged.value),
    }
}

fn number(n: &serde_yaml::Number) -> Value {
    if let Some(i) = n.as_i64() {
        Value::Number(i.into())
    } else if let Some(u) = n.as_u64() {
        Value::Number(u.into())
    } else {
        n.as_f64()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    }
}

fn key_string(key: serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s,
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Null => "null".to_owned(),
        other => serde_yaml::to_string(&other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

/// serde_yaml's message without the " at line X column Y" it appends: the rendered
/// diagnostic shows the place itself.
fn plain_message(error: &serde_yaml::Error) -> String {
    let text = error.to_string();
    match text.find(" at line ") {
        Some(cut) => text.get(..cut).unwrap_or(&text).to_owned(),
        None => text,
    }
}
