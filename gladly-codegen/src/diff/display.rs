//! How types are written in reports: as the generated crate spells them, without the
//! `crate::types::` prefix, so a Rust reader recognises them.

use crate::ir::{ResponseBody, TypeKind, TypeRef};

/// A type reference as Rust source.
pub fn rust_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", rust_type(item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", rust_type(value)),
        TypeRef::Named(name) => name.clone(),
    }
}

/// What a successful call returns, as Rust source.
pub fn response_type(response: &ResponseBody) -> String {
    match response {
        ResponseBody::Empty => "()".to_owned(),
        ResponseBody::Json(ty) => rust_type(ty),
        ResponseBody::JsonLines(ty) => format!("JsonLines<{}>", rust_type(ty)),
        ResponseBody::Bytes => "ByteStream".to_owned(),
        ResponseBody::Redirect => "String (the Location of a redirect)".to_owned(),
    }
}

/// The kind of a named type, in words.
pub fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct { .. } => "struct",
        TypeKind::Enum { .. } => "enum",
        TypeKind::Tagged { .. } => "tagged union",
        TypeKind::Untagged { .. } => "untagged union",
    }
}
