//! Names the generated code needs for itself, so that no name from the spec may take
//! them. The generated code refers to its own items by `crate::` paths, but some names
//! it writes unqualified, and a generated item of that name in the same module would
//! shadow them.

/// Type names a generated type (in `types.rs`, re-exported into `webhook.rs`) or request
/// builder (in `operations/*.rs`) must not have. They are:
///
/// - what the Rust 2021 prelude brings into every module (`std::prelude::rust_2021`):
///   its traits, types and enum variants, and the derive macros named like traits;
/// - what `emit/` writes unqualified in generated code: `Option`, `Some`, `None`,
///   `Result`, `Ok`, `Err`, `String`, `Vec`, `Box`, `Send`, `Into`, `From`, `Default`,
///   `Self`, and the derives `Debug`, `Clone`, `PartialEq`, `Eq`, `Hash`, `PartialOrd`,
///   `Ord` (found by listing the capitalised words not preceded by `::` in the output);
/// - `Serialize` and `Deserialize`, which `serde` derives name and a reader would take
///   for serde's.
///
/// A name on the list gets a suffix instead (`Send` -> `SendValue`).
pub const RESERVED_TYPE_NAMES: [&str; 43] = [
    // The prelude's traits.
    "AsMut",
    "AsRef",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Send",
    "Sized",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    // The prelude's types and variants.
    "Box",
    "Err",
    "None",
    "Ok",
    "Option",
    "Result",
    "Some",
    "String",
    "Vec",
    // Derive macros named like no prelude trait.
    "Debug",
    "Hash",
    // A keyword, and serde's derives.
    "Self",
    "Serialize",
    "Deserialize",
];

/// Names a request builder uses for its own fields (`client`, `options`, `body`) and
/// methods (`send`, `send_with_response`, `with_options`, `into_future`; `body` is also
/// the setter of an optional body): a parameter may take none of them, since each
/// parameter becomes a field and, when optional, a setter. From
/// `emit/operations.rs::emit_builder`.
pub const BUILDER_MEMBERS: [&str; 7] = [
    "body",
    "client",
    "into_future",
    "options",
    "send",
    "send_with_response",
    "with_options",
];

/// Methods `Client` has of its own, which no operation's method may be named like: the
/// inherent methods of `gladly-generated/src/runtime/client.rs` (a test keeps this list
/// complete), and those of the traits it implements (`Clone`, `Debug`), which an
/// inherent method of the same name would hide.
pub const CLIENT_METHODS: [&str; 16] = [
    "attempt",
    "base_url",
    "builder",
    "builder_from_env",
    "clone",
    "clone_from",
    "execute",
    "fmt",
    "from_env",
    "retry_policy",
    "send_bytes",
    "send_empty",
    "send_json",
    "send_json_lines",
    "send_redirect",
    "url_for",
];

/// `name`, or `name` with `suffix` when it is reserved.
pub fn safe_type_name(name: &str, suffix: &str) -> String {
    if RESERVED_TYPE_NAMES.contains(&name) {
        format!("{name}{suffix}")
    } else {
        name.to_owned()
    }
}

/// The names in `list`, as a set to take further names from.
pub fn name_set(list: &[&str]) -> std::collections::BTreeSet<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_names_get_a_suffix() {
        assert_eq!(safe_type_name("Send", "Value"), "SendValue");
        assert_eq!(safe_type_name("Sender", "Value"), "Sender");
        // `Value` and `Unknown` are safe: the code names `serde_json::Value` by path and
        // `Unknown` only as a variant.
        assert_eq!(safe_type_name("Value", "Value"), "Value");
        assert_eq!(safe_type_name("Unknown", "Value"), "Unknown");
    }

    #[test]
    fn the_lists_are_sorted_and_without_repeats() {
        for list in [&BUILDER_MEMBERS[..], &CLIENT_METHODS[..]] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
        let all = name_set(&RESERVED_TYPE_NAMES);
        assert_eq!(all.len(), RESERVED_TYPE_NAMES.len());
    }

    /// Every method of `impl Client` in the runtime is on the list.
    #[test]
    fn client_methods_cover_the_runtime() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../gladly-generated/src/runtime/client.rs"
        );
        let source = std::fs::read_to_string(path).expect("the runtime's client.rs");
        let start = source.find("\nimpl Client {").expect("impl Client");
        let body = &source[start..];
        let end = body.find("\n}\n").expect("end of impl Client");
        let methods: Vec<&str> = body[..end]
            .split("fn ")
            .skip(1)
            .filter_map(|rest| rest.split(['(', '<']).next())
            .collect();
        assert!(methods.len() >= 10, "{methods:?}");
        for method in methods {
            assert!(CLIENT_METHODS.contains(&method), "`{method}` is not listed");
        }
    }
}
