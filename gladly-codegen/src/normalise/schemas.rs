//! Schemas whose keywords are missing or of the wrong kind.

use serde_json::{Map, Value};

use super::repairs::BINARY_WITHOUT_TYPE;
use crate::diagnostic::Diagnostics;

/// `format: binary` without `type: string`: OpenAPI 3.0 spells a file as a string with
/// that format, and tools (mock servers among them) read the typeless schema as an object.
pub(super) fn repair_untyped_binary(
    map: &mut Map<String, Value>,
    path: &str,
    diags: &mut Diagnostics,
) {
    let binary = map.get("format").and_then(Value::as_str) == Some("binary");
    if !binary || map.contains_key("type") || map.contains_key("$ref") {
        return;
    }
    map.insert("type".into(), Value::String("string".into()));
    diags.push(BINARY_WITHOUT_TYPE.warning(
        path,
        "`format: binary` without a `type`; read as `type: string`",
    ));
}
