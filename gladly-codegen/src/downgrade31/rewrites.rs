//! Every kind of rewrite from OpenAPI 3.1 to 3.0, in one table: the code of its warning,
//! the 3.1 construct and how it is read. A rewrite is reported only through its entry
//! ([`Rewrite::warning`], `Tally::note`), so its code comes from the table;
//! ARCHITECTURE.md's "Reading OpenAPI 3.1" prints the same table ([`rewrites_markdown`]),
//! and a test keeps the two equal.

use crate::diagnostic::Diagnostic;

/// One kind of rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rewrite {
    /// The code of the warning that reports it.
    pub code: &'static str,
    /// The 3.1 construct, for ARCHITECTURE.md.
    pub construct: &'static str,
    /// How it is read in 3.0, for ARCHITECTURE.md.
    pub read_as: &'static str,
}

impl Rewrite {
    /// The warning reporting this rewrite, at the first of its places.
    pub fn warning(&self, pointer: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.code, pointer, message)
    }
}

/// Declares each rewrite as a constant, and [`REWRITES`] as the list of all of them in the
/// order written, so that no rewrite can be left out of the table.
macro_rules! rewrites {
    ($($name:ident: $code:literal, $construct:literal, $read_as:literal;)*) => {
        $(
            #[doc = concat!("`", $code, "`: ", $construct, ".")]
            pub(crate) const $name: Rewrite = Rewrite {
                code: $code,
                construct: $construct,
                read_as: $read_as,
            };
        )*
        /// Every rewrite, in the order of ARCHITECTURE.md's table.
        pub const REWRITES: &[Rewrite] = &[$($name),*];
    };
}

rewrites! {
    OPENAPI_31: "openapi-31",
        "`openapi: 3.1.x`",
        "`3.0.3`";
    TYPE_NULL: "type-null",
        "`type: [T, \"null\"]`; `type: \"null\"`",
        "`type: T, nullable: true`; `nullable: true`";
    TYPE_LIST: "type-list",
        "`type: [A, B]`",
        "`oneOf: [{type: A, ..}, {type: B, ..}]`, each type taking its own keywords (`minLength` to the string, `items` to the array, `enum` values by type); `[integer, number]` is `number`. A union keeps the value's type in Rust, where dropping `type` would give an untyped `serde_json::Value`";
    NULL_VARIANT: "null-variant",
        "`oneOf`/`anyOf` with a `{type: \"null\"}` member",
        "the other members + `nullable: true`; one member left becomes a one-part `allOf` (a nullable `$ref`, `Option<T>`)";
    CONST: "const",
        "`const: v`",
        "`enum: [v]`";
    SCHEMA_EXAMPLES: "schema-examples",
        "a schema's `examples: [..]`",
        "`example`: the first";
    EXCLUSIVE_BOUND: "exclusive-bound",
        "`exclusiveMinimum: n` (a number)",
        "`minimum: n, exclusiveMinimum: true`, unless an inclusive `minimum` is stricter; the same for maximum";
    CONTENT_ENCODING: "content-encoding",
        "`contentEncoding: base64`; `contentMediaType` of a binary type",
        "`format: byte`; `format: binary` (text and JSON media types are dropped)";
    REF_SIBLINGS: "ref-siblings",
        "`$ref` beside keywords that change its meaning (`nullable`, `readOnly`, `default`, ...)",
        "`allOf: [{$ref}]` + those keywords; beside documentation only (`description`, `title`, ...) it is left as it is, and the description documents the field";
    DEFS_MOVED: "defs-moved",
        "`$defs` (and `definitions`) inside schemas",
        "moved to `components/schemas/{Name}` (`{Owner}_{Name}` if taken), `$ref`s following";
    BOOLEAN_SCHEMA: "boolean-schema",
        "boolean schemas `true` / `false` (not `additionalProperties: false`, which is 3.0)",
        "`{}` / `{not: {}}`";
    JSON_SCHEMA_KEYWORD: "json-schema-keyword",
        "`jsonSchemaDialect`, `$schema`, `$id`, `$comment`",
        "removed";
    INFO_FIELDS: "info-fields",
        "`info.summary`, `license.identifier`",
        "`description`, the SPDX URL as `url`, where those are empty; else removed";
    PATH_ITEM_COMPONENT: "path-item-component",
        "`components/pathItems` referenced from `paths`/`webhooks`",
        "copied in place; the originals moved to `components/x-pathItems`";
    MUTUAL_TLS: "mutual-tls",
        "`mutualTLS` security scheme",
        "removed";
    MISSING_PATHS: "missing-paths",
        "no `paths` (a document with only webhooks)",
        "`paths: {}`";
}

/// The rewrites as a Markdown table, for ARCHITECTURE.md.
pub fn rewrites_markdown() -> String {
    let mut out = String::from("| 3.1 | read as | code |\n| --- | --- | --- |\n");
    for r in REWRITES {
        out.push_str(&format!(
            "| {} | {} | `{}` |\n",
            r.construct, r.read_as, r.code
        ));
    }
    out
}
