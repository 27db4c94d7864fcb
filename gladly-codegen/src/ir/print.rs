//! The one printer of a type reference.

use super::TypeRef;

/// How a printed type names the things written differently in different places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// As the generated code writes it: `crate::types::Task`,
    /// `std::collections::BTreeMap<String, serde_json::Value>`.
    Code,
    /// As a user of the generated crate reads it (reports): `Task`,
    /// `BTreeMap<String, serde_json::Value>`.
    Report,
    /// As short as it gets (the inventory): `Task`, `BTreeMap<String, Value>`, `Map`.
    Short,
}

impl TypeRef {
    /// The type as Rust source, spelt for `spelling`: the one printer of a type, used by
    /// the emitter, the diff's reports and the inventory.
    pub fn to_rust(&self, spelling: Spelling) -> String {
        let mut out = String::new();
        self.write_rust(spelling, &mut out);
        out
    }

    fn write_rust(&self, spelling: Spelling, out: &mut String) {
        let (json, json_object, map, types, runtime) = match spelling {
            Spelling::Code => (
                "serde_json::Value",
                "serde_json::Map<String, serde_json::Value>",
                "std::collections::BTreeMap",
                "crate::types::",
                "crate::",
            ),
            Spelling::Report => (
                "serde_json::Value",
                "serde_json::Map<String, serde_json::Value>",
                "BTreeMap",
                "",
                "",
            ),
            Spelling::Short => ("Value", "Map", "BTreeMap", "", ""),
        };
        match self {
            TypeRef::String => out.push_str("String"),
            TypeRef::I32 => out.push_str("i32"),
            TypeRef::I64 => out.push_str("i64"),
            TypeRef::F64 => out.push_str("f64"),
            TypeRef::Bool => out.push_str("bool"),
            TypeRef::Timestamp => {
                out.push_str(runtime);
                out.push_str("Timestamp");
            }
            TypeRef::Date => {
                out.push_str(runtime);
                out.push_str("Date");
            }
            TypeRef::Json => out.push_str(json),
            TypeRef::JsonObject => out.push_str(json_object),
            TypeRef::Array(item) => {
                out.push_str("Vec<");
                item.write_rust(spelling, out);
                out.push('>');
            }
            TypeRef::Map(value) => {
                out.push_str(map);
                out.push_str("<String, ");
                value.write_rust(spelling, out);
                out.push('>');
            }
            TypeRef::Named(name) => {
                out.push_str(types);
                out.push_str(name);
            }
        }
    }
}

/// A type reference as a user of the generated crate reads it ([`Spelling::Report`]).
impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_rust(Spelling::Report))
    }
}

#[cfg(test)]
mod tests {
    use super::{Spelling, TypeRef};

    #[test]
    fn one_printer_three_spellings() {
        let ty = TypeRef::Map(Box::new(TypeRef::Array(Box::new(TypeRef::Named(
            "Task".to_owned(),
        )))));
        assert_eq!(
            ty.to_rust(Spelling::Code),
            "std::collections::BTreeMap<String, Vec<crate::types::Task>>"
        );
        assert_eq!(ty.to_rust(Spelling::Report), "BTreeMap<String, Vec<Task>>");
        assert_eq!(ty.to_string(), ty.to_rust(Spelling::Report));
        assert_eq!(ty.to_rust(Spelling::Short), "BTreeMap<String, Vec<Task>>");
        let json = TypeRef::Array(Box::new(TypeRef::JsonObject));
        assert_eq!(
            json.to_rust(Spelling::Report),
            "Vec<serde_json::Map<String, serde_json::Value>>"
        );
        assert_eq!(json.to_rust(Spelling::Short), "Vec<Map>");
        assert_eq!(TypeRef::Json.to_rust(Spelling::Short), "Value");
        let times = TypeRef::Map(Box::new(TypeRef::Timestamp));
        assert_eq!(
            times.to_rust(Spelling::Code),
            "std::collections::BTreeMap<String, crate::Timestamp>"
        );
        assert_eq!(
            times.to_rust(Spelling::Report),
            "BTreeMap<String, Timestamp>"
        );
        assert_eq!(TypeRef::Date.to_rust(Spelling::Code), "crate::Date");
        assert_eq!(TypeRef::Date.to_rust(Spelling::Short), "Date");
    }
}
