//! How return types and kinds of types are written in reports. A type itself is written
//! by [`TypeRef`](crate::ir::TypeRef)'s `Display` (the report spelling: as the generated
//! crate spells it, without the `crate::types::` prefix).

use crate::ir::{ResponseBody, TypeKind};

/// What a successful call returns, as Rust source.
pub fn response_type(response: &ResponseBody) -> String {
    match response {
        ResponseBody::Empty => "()".to_owned(),
        ResponseBody::Json(ty) => ty.to_string(),
        ResponseBody::JsonLines(ty) => format!("JsonLines<{ty}>"),
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
