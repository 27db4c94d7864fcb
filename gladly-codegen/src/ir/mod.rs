//! The intermediate representation: what to generate, with no knowledge of syntax.
//! Every item keeps the JSON pointer of the spec node it came from.
//!
//! The items that refer to generated types are generic over how they refer to them
//! (`N`): lowering builds them with the ids of its type space, whose names are settled
//! in one pass at its end; the IR it hands on (the default, `N = String`) refers to
//! each type by its Rust name.

use std::collections::BTreeMap;

/// The whole API.
#[derive(Debug, Clone, Default)]
pub struct Api {
    /// Title of the API, for the crate docs.
    pub title: String,
    /// Named types, in the order their lowering finished (a type after the types it
    /// contains, unless a cycle leads back to it).
    pub types: Vec<TypeDef>,
    /// Calls a client makes.
    pub operations: Vec<Operation>,
    /// Requests the API server sends to the user's endpoint.
    pub webhooks: Vec<Webhook>,
    /// The Rust type of every schema that was lowered, by JSON pointer (the place the
    /// schema is written, before and after following `$ref`s). Lets tools find the
    /// type an `example` in the spec belongs to.
    pub schema_types: BTreeMap<String, TypeRef>,
    /// Where the API is served and how it authenticates: what the client builder's
    /// setters and `Client::from_env` are generated from.
    pub client: ClientSetup,
    /// The description the spec's top-level `tags` give each tag, by name: the
    /// documentation of that tag's section of client methods.
    pub tag_docs: BTreeMap<String, String>,
}

/// A reference to a Rust type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef<N = String> {
    /// `String`
    String,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f64`
    F64,
    /// `bool`
    Bool,
    /// A point in time (`format: date-time` and Gladly's spellings of it):
    /// `gladly_generated::Timestamp`, which keeps its text.
    Timestamp,
    /// A calendar date (`format: date`): `gladly_generated::Date`, which keeps its text.
    Date,
    /// Any JSON value.
    Json,
    /// A JSON object with no declared fields.
    JsonObject,
    /// `Vec<T>`
    Array(Box<TypeRef<N>>),
    /// `BTreeMap<String, T>`
    Map(Box<TypeRef<N>>),
    /// A generated type, by name (or by id, while lowering).
    Named(N),
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// JSON pointer of the schema it was made from.
    pub origin: String,
    /// Documentation from the spec.
    pub doc: Option<String>,
    /// What kind of type.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with declared properties.
    Struct {
        /// The properties, in spec order.
        fields: Vec<Field>,
    },
    /// A string with a fixed set of values; unknown values are kept.
    Enum {
        /// The known values.
        values: Vec<EnumValue>,
    },
    /// A choice told apart by the value of a string property (`type`).
    Tagged {
        /// The property that carries the tag.
        tag: String,
        /// The known variants.
        variants: Vec<TaggedVariant>,
    },
    /// A choice with no tag: the first variant that parses wins, so variants are ordered
    /// from most to least specific.
    Untagged {
        /// The variants.
        variants: Vec<Variant>,
    },
}

/// A struct field.
#[derive(Debug, Clone)]
pub struct Field<N = String> {
    /// Rust name.
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// Its type, without the `Option` of optional fields.
    pub ty: TypeRef<N>,
    /// Whether the spec lists it as required.
    pub required: bool,
    /// Whether the value may be `null`.
    pub nullable: bool,
    /// Whether the spec marks it `readOnly`: the server sets it, and a request body
    /// leaves it out.
    pub read_only: bool,
    /// Whether the type must be boxed to break a cycle.
    pub boxed: bool,
    /// Documentation from the spec.
    pub doc: Option<String>,
    /// JSON pointer of the property schema.
    pub origin: String,
}

/// A known value of a string enum.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
}

/// One variant of a tagged choice.
#[derive(Debug, Clone)]
pub struct TaggedVariant<N = String> {
    /// Rust variant name.
    pub name: String,
    /// The tag value that selects it.
    pub tag_value: String,
    /// The payload: the variant's other properties.
    pub ty: TypeRef<N>,
    /// Whether the payload must be boxed to break a cycle.
    pub boxed: bool,
    /// Documentation from the spec.
    pub doc: Option<String>,
}

/// One variant of an untagged choice.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// The payload.
    pub ty: TypeRef,
    /// Whether the payload must be boxed to break a cycle.
    pub boxed: bool,
    /// Documentation from the spec.
    pub doc: Option<String>,
}

/// A client call.
#[derive(Debug, Clone)]
pub struct Operation<N = String> {
    /// `operationId` as in the spec (or as derived by normalisation).
    pub operation_id: String,
    /// The client method, snake_case.
    pub method_name: String,
    /// The request builder type, PascalCase.
    pub builder_name: String,
    /// HTTP method, upper case.
    pub http_method: String,
    /// Path template with `{name}` placeholders, e.g. `/api/v1/tasks/{taskId}`.
    pub path: String,
    /// The first tag, used to group operations into modules.
    pub tag: String,
    /// JSON pointer of the operation.
    pub origin: String,
    /// Short summary.
    pub summary: Option<String>,
    /// Long description.
    pub description: Option<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// Parameters, in declaration order (path, query, header).
    pub params: Vec<Param<N>>,
    /// The JSON request body.
    pub body: Option<RequestBody<N>>,
    /// What a successful response carries.
    pub response: ResponseBody<N>,
    /// Every content type the spec declares for the request body, in spec order, whether
    /// the client sends it or not; `None` without a request body written in place (one
    /// given by `$ref` is not read).
    pub request_content_types: Option<Vec<String>>,
    /// Every response the spec declares in place (not by `$ref`), in spec order.
    pub responses: Vec<DeclaredResponse>,
    /// The spec's own example of a successful answer, which the generated test double
    /// gives by default; `None` when the success carries a body the spec has no example of.
    pub example_response: Option<ExampleResponse>,
    /// Where a JSON-lines answer is a choice of files the spec names (a `oneOf` of
    /// arrays titled `agents.jsonl`, `topics.jsonl`, ...): each file with the type of its
    /// lines, and the path parameter that names the file.
    pub line_files: Vec<LineFile<N>>,
}

/// One file of a JSON-lines answer, by the name the spec gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineFile<N = String> {
    /// The file's name (`agents.jsonl`).
    pub name: String,
    /// The wire name of the path parameter that takes it.
    pub param: String,
    /// The type of each line.
    pub ty: TypeRef<N>,
}

/// A successful answer as the spec's example shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleResponse {
    /// Its status: the first 2xx code (`2XX` and `default` read as 200).
    pub status: u16,
    /// The first content type of the response; empty for a response without a body.
    pub content_type: String,
    /// The body: JSON text for a JSON content type (one document per line for JSON
    /// lines), the example's text for others; empty without a body.
    pub body: String,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A `{name}` path segment.
    Path,
    /// A query string pair.
    Query,
    /// A request header.
    Header,
}

/// A request parameter.
#[derive(Debug, Clone)]
pub struct Param<N = String> {
    /// Name on the wire.
    pub wire: String,
    /// Rust name.
    pub name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef<N>,
    /// Whether the caller must give it.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json`
    Json,
    /// `application/x-www-form-urlencoded`
    Form,
    /// `multipart/form-data`, each field a text part.
    Multipart,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct RequestBody<N = String> {
    /// Its type.
    pub ty: TypeRef<N>,
    /// How it is sent.
    pub encoding: BodyEncoding,
    /// Whether it must be given.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
    /// Whether the spec itself says `required: true`: `required` above is also set when
    /// the body's schema requires properties.
    pub required_in_spec: bool,
}

/// The body of a successful response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseBody<N = String> {
    /// No body.
    Empty,
    /// One JSON document.
    Json(TypeRef<N>),
    /// Newline-separated JSON documents, each of this type.
    JsonLines(TypeRef<N>),
    /// Anything else, returned as bytes with its content type.
    Bytes,
    /// No 2xx, but a redirect (`303 See Other`): the answer is the `Location` URL.
    Redirect,
}

/// A request the API sends to the user's server.
#[derive(Debug, Clone)]
pub struct Webhook<N = String> {
    /// `operationId` of the spec entry describing it.
    pub operation_id: String,
    /// The type of the request body.
    pub payload: TypeRef<N>,
    /// JSON pointer of the operation.
    pub origin: String,
    /// Documentation.
    pub doc: Option<String>,
}

/// A response as the spec declares it: its status and what it may carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredResponse {
    /// The status it answers with.
    pub status: ResponseStatus,
    /// Its content types, in spec order.
    pub content_types: Vec<String>,
}

/// The key of a response in the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResponseStatus {
    /// One status code: `200`.
    Code(u16),
    /// A class of codes: `2XX` is `Range(2)`.
    Range(u16),
    /// `default`: every status not listed.
    Default,
}

impl ResponseStatus {
    /// Whether it is a success: a 2xx code or the `2XX` range.
    pub fn is_success(self) -> bool {
        match self {
            ResponseStatus::Code(n) => (200..300).contains(&n),
            ResponseStatus::Range(n) => n == 2,
            ResponseStatus::Default => false,
        }
    }
}

impl std::fmt::Display for ResponseStatus {
    /// As the spec writes it: `200`, `2XX`, `default`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResponseStatus::Code(n) => write!(f, "{n}"),
            ResponseStatus::Range(n) => write!(f, "{n}XX"),
            ResponseStatus::Default => f.write_str("default"),
        }
    }
}

mod client;
mod names;
mod print;

pub use client::{
    ApiKeyLocation, ClientSetup, SecurityKind, SecurityScheme, Server, ServerVariable,
};
pub use print::Spelling;
