//! The properties of a request body that its generated type does not declare. Every
//! generated struct keeps such properties in `additional_properties` and sends them
//! again, so a spec example can satisfy Prism with a property the type has no field for:
//! the suite shows them, so that a defect of the spec hidden that way stays visible.

use gladly_codegen::ir::{Api, TypeKind, TypeRef};
use serde_json::Value;

/// The JSON paths (`.content`, `.items.0.note`) of the properties in `value` that the
/// types of `api` do not declare where `ty` is expected. The variants of an untagged
/// union are not guessed at.
pub fn undeclared(api: &Api, ty: &TypeRef, value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    walk(api, ty, value, "", &mut found);
    found
}

fn walk(api: &Api, ty: &TypeRef, value: &Value, path: &str, found: &mut Vec<String>) {
    match (ty, value) {
        (TypeRef::Array(item), Value::Array(items)) => {
            for (index, value) in items.iter().enumerate() {
                walk(api, item, value, &format!("{path}.{index}"), found);
            }
        }
        (TypeRef::Map(item), Value::Object(map)) => {
            for (key, value) in map {
                walk(api, item, value, &format!("{path}.{key}"), found);
            }
        }
        (TypeRef::Named(name), Value::Object(_)) => {
            if let Some(def) = api.types.iter().find(|t| &t.name == name) {
                named(api, &def.kind, value, path, None, found);
            }
        }
        _ => {}
    }
}

/// A value of a named type; `tag` is the property a tagged union already read.
fn named(
    api: &Api,
    kind: &TypeKind,
    value: &Value,
    path: &str,
    tag: Option<&str>,
    found: &mut Vec<String>,
) {
    let Value::Object(object) = value else {
        return;
    };
    match kind {
        TypeKind::Struct { fields } => {
            for (key, value) in object {
                let child = format!("{path}.{key}");
                match fields.iter().find(|f| &f.wire == key) {
                    Some(field) => walk(api, &field.ty, value, &child, found),
                    None if Some(key.as_str()) != tag => found.push(child),
                    None => {}
                }
            }
        }
        TypeKind::Tagged {
            tag: property,
            variants,
        } => {
            let chosen = object.get(property).and_then(Value::as_str);
            let variant = variants
                .iter()
                .find(|v| Some(v.tag_value.as_str()) == chosen);
            if let Some(TypeRef::Named(name)) = variant.map(|v| &v.ty) {
                if let Some(def) = api.types.iter().find(|t| &t.name == name) {
                    named(api, &def.kind, value, path, Some(property), found);
                }
            }
        }
        TypeKind::Enum { .. } | TypeKind::Untagged { .. } => {}
    }
}
