//! Strings, numbers, booleans and string enums.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::convert::{schema_type, SchemaLowerer, Ty};
use super::resolve::Resolved;
use super::space::Shape;
use crate::diagnostic::Diagnostic;
use crate::ident;
use crate::ir::{EnumValue, TypeRef};

impl SchemaLowerer<'_> {
    /// The type of a schema that holds one plain value (a string enum is a type of its
    /// own); `None` for any other schema.
    pub(super) fn lower_scalar(&mut self, resolved: &Resolved) -> Option<Ty> {
        let schema = resolved.schema;
        if schema.contains_key("enum") && is_string_schema(schema) {
            return Some(self.lower_enum(&resolved.ptr, schema));
        }
        if schema.contains_key("not") && schema_type(schema).is_none() {
            self.diags.push(Diagnostic::warning(
                "unsupported-not",
                &resolved.ptr,
                "`not` cannot be expressed as a Rust type; read as any JSON value",
            ));
        }
        match schema_type(schema)? {
            "string" => Some(string_type(schema)),
            "integer" => match schema.get("format").and_then(Value::as_str) {
                Some("int32") => Some(TypeRef::I32),
                _ => Some(TypeRef::I64),
            },
            "number" => Some(TypeRef::F64),
            "boolean" => Some(TypeRef::Bool),
            _ => None,
        }
    }

    /// A string enum: one variant per value, plus `Unknown` for values the spec does not
    /// list. A union's tag is never left out of it, so it has one type whatever the union.
    fn lower_enum(&mut self, ptr: &str, schema: &Map<String, Value>) -> Ty {
        if let Some(id) = self.space.find(&(ptr.to_owned(), None)) {
            return TypeRef::Named(id);
        }
        let id = self.declare(ptr, None);
        let mut taken = BTreeSet::from(["Unknown".to_owned()]);
        let values = schema
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|wire| EnumValue {
                name: ident::unique(ident::type_name(wire), &mut taken),
                wire: wire.to_owned(),
            })
            .collect();
        self.define(id, Shape::Enum { values })
    }
}

/// A string schema's type by its `format`: a point in time for `date-time` and the
/// spellings Gladly's spec uses for it (`RFC3339`, `RFC3339 with millis`, `ISO 8601`),
/// a date for `date`, else text. Case and spaces do not matter (`date time`).
fn string_type(schema: &Map<String, Value>) -> Ty {
    let Some(format) = schema.get("format").and_then(Value::as_str) else {
        return TypeRef::String;
    };
    let format: String = format
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match format.as_str() {
        "datetime" | "rfc3339" | "rfc3339withmillis" | "iso8601" => TypeRef::Timestamp,
        "date" => TypeRef::Date,
        _ => TypeRef::String,
    }
}

/// Whether a schema holds strings: `type: string`, or no type and only string (or null)
/// `enum` values.
fn is_string_schema(schema: &Map<String, Value>) -> bool {
    match schema_type(schema) {
        Some("string") => true,
        None => schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().all(|v| v.is_string() || v.is_null())),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::test_support::lower_doc;
    use serde_json::json;

    #[test]
    fn dates_and_times_by_their_format_in_any_spelling() {
        let doc = json!({"components": {"schemas": {
            "At": {"type": "string", "format": "date-time"},
            "Rfc": {"type": "string", "format": "RFC3339"},
            "Millis": {"type": "string", "format": "RFC3339 with millis"},
            "Iso": {"type": "string", "format": "ISO 8601"},
            "Shout": {"type": "string", "format": "DATE-TIME"},
            "Day": {"type": "string", "format": "date"},
            "Phone": {"type": "string", "format": "E.164"},
            "Blob": {"type": "string", "format": "binary"},
            "Times": {"type": "array", "items": {"type": "string", "format": "date-time"}}
        }}});
        let (api, _) = lower_doc(&doc);
        let ty = |name: &str| api.schema_types[&format!("/components/schemas/{name}")].clone();
        for name in ["At", "Rfc", "Millis", "Iso", "Shout"] {
            assert_eq!(ty(name), TypeRef::Timestamp, "{name}");
        }
        assert_eq!(ty("Day"), TypeRef::Date);
        assert_eq!(ty("Phone"), TypeRef::String);
        assert_eq!(ty("Blob"), TypeRef::String);
        assert_eq!(ty("Times"), TypeRef::Array(Box::new(TypeRef::Timestamp)));
    }

    #[test]
    fn plain_values_and_enums() {
        let doc = json!({"components": {"schemas": {
            "Count": {"type": "integer", "format": "int32"},
            "Big": {"type": "integer"},
            "Ratio": {"type": "number", "format": "float"},
            "Flag": {"type": "boolean"},
            "Colour": {"enum": ["red", "RED", null]},
            "Anything": {"not": {"type": "string"}}
        }}});
        let (api, diags) = lower_doc(&doc);
        let ty = |name: &str| api.schema_types[&format!("/components/schemas/{name}")].clone();
        assert_eq!(ty("Count"), TypeRef::I32);
        assert_eq!(ty("Big"), TypeRef::I64);
        assert_eq!(ty("Ratio"), TypeRef::F64);
        assert_eq!(ty("Flag"), TypeRef::Bool);
        assert_eq!(ty("Anything"), TypeRef::Json);
        assert_eq!(ty("Colour"), TypeRef::Named("Colour".into()));
        let colour = api.types.iter().find(|t| t.name == "Colour").unwrap();
        let crate::ir::TypeKind::Enum { values } = &colour.kind else {
            panic!("an enum")
        };
        // Values differing only in case get distinct variants; `Unknown` is never taken.
        let names: Vec<&str> = values.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Red", "Red2"]);
        assert_eq!(diags.items()[0].code, "unsupported-not");
    }

    #[test]
    fn enum_variants_keep_the_word_breaks_of_their_wire_values() {
        let doc = json!({"components": {"schemas": {"Kind": {"type": "string", "enum": [
            "AgentTimestampsReport", "contactExportReportV3", "CHAT_MESSAGE", "in-progress",
            "SMS", "sms"
        ]}}}});
        let (api, _) = lower_doc(&doc);
        let names: Vec<&str> = api
            .types
            .iter()
            .find_map(|t| match &t.kind {
                crate::ir::TypeKind::Enum { values } => {
                    Some(values.iter().map(|v| v.name.as_str()).collect())
                }
                _ => None,
            })
            .unwrap_or_default();
        assert_eq!(
            names,
            [
                "AgentTimestampsReport",
                "ContactExportReportV3",
                "ChatMessage",
                "InProgress",
                "Sms",
                "Sms2"
            ]
        );
    }
}
