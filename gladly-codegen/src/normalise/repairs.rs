//! Every repair normalisation makes, in one table: the code of its warning, the defect it
//! finds and what it does. A repair is reported only through its entry
//! ([`Repair::warning`]), so its code comes from the table; ARCHITECTURE.md's "Repairs made
//! by normalisation" prints the same table ([`repairs_markdown`]), and a test keeps the two
//! equal.

use crate::diagnostic::Diagnostic;

/// One kind of repair. Several kinds may share a code (`wrong-type`): the code names what
/// a spec author looks for, the row says what was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repair {
    /// The code of the warning that reports it.
    pub code: &'static str,
    /// What is wrong in the spec, for ARCHITECTURE.md.
    pub defect: &'static str,
    /// What normalisation does about it, for ARCHITECTURE.md.
    pub repair: &'static str,
}

impl Repair {
    /// The warning reporting this repair of the node at `pointer`.
    pub fn warning(&self, pointer: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.code, pointer, message)
    }
}

/// Declares each repair as a constant, and [`REPAIRS`] as the list of all of them in the
/// order written, so that no repair can be left out of the table.
macro_rules! repairs {
    ($($name:ident: $code:literal, $defect:literal, $repair:literal;)*) => {
        $(
            #[doc = concat!("`", $code, "`: ", $defect, ".")]
            pub(crate) const $name: Repair = Repair {
                code: $code,
                defect: $defect,
                repair: $repair,
            };
        )*
        /// Every repair, in the order of ARCHITECTURE.md's table.
        pub const REPAIRS: &[Repair] = &[$($name),*];
    };
}

repairs! {
    PATH_KEY: "path-key-repaired",
        "path key that is not a path template: a query string (`/answers?lng={lng}`), a `:name` segment",
        "query string dropped, `:name` read as `{name}`; `$ref`s into the renamed path rewritten to the new key";
    QUERY_PARAMETER: "query-parameter-declared",
        "a name in a path key's query string that the operation does not declare",
        "declared as an optional string query parameter";
    DUPLICATE_PATH: "duplicate-path",
        "two path keys that are the same once repaired (`/a?view=x` beside `/a`)",
        "their operations merged, each with the path-level parameters it inherited; one whose method the first already has is dropped (kept under `x-dropped-operations` for `$ref`s into it)";
    SERVER_PREFIX: "server-prefix-doubled",
        "server URL ending in the prefix every path has (`.../api/v1`)",
        "prefix removed from the server URL";
    MISSING_OPERATION_ID: "missing-operation-id",
        "operation without `operationId`",
        "one derived from method and path (prefix shared by all paths dropped); if another operation has that id, the path parameters are named too (`getThingsById`), then a number";
    OPERATION_ID_NOT_A_STRING: "operation-id-not-a-string",
        "`operationId` written as a number or a boolean",
        "the same text as a string";
    DUPLICATE_OPERATION_ID: "duplicate-operation-id",
        "`operationId` already used by an earlier operation, or giving the same method name (`getUser`, `GetUser`)",
        "the first holder keeps it; later ones are named from their method and path as above, which does not change when operations elsewhere are added or removed";
    DUPLICATE_SECURITY_SCHEME: "duplicate-security-scheme",
        "two security schemes differing only in case",
        "the one no requirement names is removed";
    MISSING_DESCRIPTION: "missing-description",
        "response without `description`",
        "the status's reason phrase";
    SWAGGER2_HEADER: "swagger2-header",
        "Swagger 2 header (`schema: null`, `type: string`)",
        "`type` etc. moved into `schema`";
    NULL_EXAMPLES: "null-examples",
        "`examples: null`",
        "removed";
    MISPLACED_EXAMPLE: "misplaced-example",
        "`example` indented under `properties` (a \"property\" with no schema keyword)",
        "moved to the schema's `example`";
    BINARY_WITHOUT_TYPE: "binary-without-type",
        "`format: binary` without `type`",
        "`type: string`";
    EXAMPLE_OBJECT_AS_EXAMPLE: "example-object-as-example",
        "an Example Object (`summary`, `value`) under a media type's `example`, beside a non-object schema",
        "its `value`";
    REF_THROUGH_REF: "ref-through-ref",
        "`$ref` whose pointer passes through another `$ref` (`#/paths/~1a/post/.../schema/properties/x`, `.../schema` being a `$ref`)",
        "rewritten to the canonical pointer of what it reaches (`refs::canonicalise`, with `pointer::resolve`, which follows each `$ref` met on the way as json-schema-ref-parser does); a loop of `$ref`s on the way is an error";
    CALLBACK_REF: "callback-ref",
        "callback given by `$ref` (the OpenAPI reader cannot take one)",
        "its target copied in; removed if the target is not a callback of this document";
    FLAG: "wrong-type",
        "a flag (`nullable`, `readOnly`, a parameter's `required`, ...) written as `\"true\"`, `1`",
        "the boolean; removed if the text is not `true`/`false`";
    NUMBER: "wrong-type",
        "a number or count written as text (`minimum: \"1\"`, `maxLength: \"10\"`)",
        "the number; removed if the text is not one (a count: a whole number of at least 0)";
    EXCLUSIVE_BOUND: "wrong-type",
        "`exclusiveMinimum: 5` (JSON Schema's spelling) without a `minimum`; the same for maximum",
        "`minimum: 5, exclusiveMinimum: true`";
    TEXT: "wrong-type",
        "`title`, `description`, `format` or `pattern` written as a number or a boolean",
        "the same text as a string; removed if it is a list, an object or null";
    REQUIRED_LIST: "wrong-type",
        "a schema's `required` written as one name (`required: name`), or listing values that are not names",
        "`[name]`; the other values removed";
    PROPERTY_REQUIRED_FLAG: "property-required-flag",
        "`required: true` on a property (Swagger 2)",
        "the property added to the parent's `required`; the flag removed";
    UNKNOWN_TYPE: "unknown-type",
        "`type` spelled another way (`String`, `int`, `file`), or a list (`[string, \"null\"]`)",
        "the OpenAPI type (`nullable: true`); removed if unknown, so any value is accepted";
    ENUM_NOT_A_LIST: "wrong-type",
        "`enum` as one value",
        "a list of it; removed if it is null or an object";
    ENUM_VALUE_TYPE: "enum-value-type",
        "`enum` values of another type than the schema's (`\"1\"` in an integer schema)",
        "each value converted where its text says one value of the type, else removed";
    DISCRIMINATOR: "wrong-type",
        "`discriminator: kind` (Swagger 2)",
        "`{propertyName: kind}`; removed if it is not a name";
    SCHEMA_SHAPE: "wrong-type",
        "`items: [schema]`, `allOf: {schema}` (or `oneOf`, `anyOf`), `additionalProperties: \"false\"`; `properties`, `items` or `not` that is not an object",
        "the schema, a list of it, the boolean; removed where no reading is clear (`items` listing several schemas)";
    REQUIRED_UNDECLARED: "required-undeclared",
        "`required` naming a property the schema does not declare (`topicIDs` beside `topicIds`), where the schema lists its properties and admits no others, and no other part of its `allOf` or the schema holding its `oneOf` declares the name",
        "renamed to the one declared property whose name differs only in case; otherwise removed";
    REQUIRED_ABSENT_FROM_EXAMPLE: "required-absent-from-example",
        "a required property that one of the spec's own examples omits (the example walked with its schema: `$ref`s, `allOf` parts, the best-fitting `oneOf`/`anyOf` variant, properties, items)",
        "made optional (removed from `required`); the warning points at the example";
}

/// The repairs as a Markdown table, for ARCHITECTURE.md.
pub fn repairs_markdown() -> String {
    let mut out = String::from("| defect | repair | code |\n| --- | --- | --- |\n");
    for r in REPAIRS {
        out.push_str(&format!("| {} | {} | `{}` |\n", r.defect, r.repair, r.code));
    }
    out
}

#[cfg(test)]
#[path = "repairs_tests.rs"]
mod tests;
