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

/// The spec's servers and security schemes, named for the client builder.
#[derive(Debug, Clone, Default)]
pub struct ClientSetup {
    /// The servers, the default first; a server repeating an earlier URL is left out.
    pub servers: Vec<Server>,
    /// The security schemes the client can send, in spec order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Whether every request needs credentials: the top-level `security` has no empty
    /// requirement, and one requirement uses only schemes the client can send.
    pub auth_required: bool,
    /// The prefix of the environment variables, e.g. `PETSTORE`.
    pub env_prefix: String,
    /// The variable holding a base URL that replaces the servers, e.g. `PETSTORE_BASE_URL`.
    pub base_url_env: String,
}

/// A server the API is served from.
#[derive(Debug, Clone)]
pub struct Server {
    /// The URL template, e.g. `https://{region}.example.com/v1`; may be relative.
    pub url: String,
    /// Documentation from the spec.
    pub description: Option<String>,
    /// The builder method that chooses it; `None` for the default server.
    pub method: Option<String>,
    /// The environment variable that chooses it when `1`/`true`; `None` for the default.
    pub env: Option<String>,
    /// Its `{variables}`, in spec order.
    pub variables: Vec<ServerVariable>,
    /// JSON pointer of the server.
    pub origin: String,
}

/// A `{variable}` of a server URL.
#[derive(Debug, Clone)]
pub struct ServerVariable {
    /// Its name in the URL template.
    pub name: String,
    /// The builder method that sets it.
    pub setter: String,
    /// The environment variable that sets it.
    pub env: String,
    /// The spec's `default`.
    pub default: String,
    /// Whether that default only stands for a value the user must give (it is empty or
    /// repeats the variable's name, like Gladly's `organization`), so it is not used.
    pub placeholder: bool,
    /// The values the spec allows (`enum`); empty for any.
    pub values: Vec<String>,
    /// Documentation from the spec.
    pub description: Option<String>,
}

/// A security scheme the client can send.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// Its name under `components/securitySchemes`.
    pub name: String,
    /// What it sends.
    pub kind: SecurityKind,
    /// The builder method that sets it: `basic_auth`, `bearer_auth`, `api_key`, or one
    /// named after the scheme when several of a kind exist.
    pub method: String,
    /// The environment variables holding its parts: user name and password for Basic,
    /// the token or key otherwise.
    pub env: Vec<String>,
    /// Documentation from the spec.
    pub description: Option<String>,
    /// JSON pointer of the scheme.
    pub origin: String,
}

/// What a security scheme sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// HTTP Basic.
    Basic,
    /// `Authorization: Bearer <token>`: HTTP bearer, and OAuth 2 and OpenID Connect,
    /// whose access tokens the user obtains elsewhere.
    Bearer {
        /// What the token is: the spec's `bearerFormat` (`JWT`), or the flow it comes from.
        format: Option<String>,
    },
    /// An API key.
    ApiKey {
        /// Where it travels.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: String,
    },
}

/// Where an API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
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
        let (json, json_object, map, types) = match spelling {
            Spelling::Code => (
                "serde_json::Value",
                "serde_json::Map<String, serde_json::Value>",
                "std::collections::BTreeMap",
                "crate::types::",
            ),
            Spelling::Report => (
                "serde_json::Value",
                "serde_json::Map<String, serde_json::Value>",
                "BTreeMap",
                "",
            ),
            Spelling::Short => ("Value", "Map", "BTreeMap", ""),
        };
        match self {
            TypeRef::String => out.push_str("String"),
            TypeRef::I32 => out.push_str("i32"),
            TypeRef::I64 => out.push_str("i64"),
            TypeRef::F64 => out.push_str("f64"),
            TypeRef::Bool => out.push_str("bool"),
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

// Lowering refers to types by id and names them at its end; these turn what it built
// into the IR by name. `name` gives the reference for an id.

impl<N> TypeRef<N> {
    /// The same reference, with each generated type referred to by `name(id)`.
    pub fn map_names<M>(self, name: &impl Fn(N) -> M) -> TypeRef<M> {
        match self {
            TypeRef::String => TypeRef::String,
            TypeRef::I32 => TypeRef::I32,
            TypeRef::I64 => TypeRef::I64,
            TypeRef::F64 => TypeRef::F64,
            TypeRef::Bool => TypeRef::Bool,
            TypeRef::Json => TypeRef::Json,
            TypeRef::JsonObject => TypeRef::JsonObject,
            TypeRef::Array(item) => TypeRef::Array(Box::new(item.map_names(name))),
            TypeRef::Map(value) => TypeRef::Map(Box::new(value.map_names(name))),
            TypeRef::Named(id) => TypeRef::Named(name(id)),
        }
    }
}

impl<N> Field<N> {
    /// The same field, its type referred to through `name`.
    pub fn map_names<M>(self, name: &impl Fn(N) -> M) -> Field<M> {
        Field {
            name: self.name,
            wire: self.wire,
            ty: self.ty.map_names(name),
            required: self.required,
            nullable: self.nullable,
            boxed: self.boxed,
            doc: self.doc,
            origin: self.origin,
        }
    }
}

impl<N> TaggedVariant<N> {
    /// The same variant, its payload referred to through `name`.
    pub fn map_names<M>(self, name: &impl Fn(N) -> M) -> TaggedVariant<M> {
        TaggedVariant {
            name: self.name,
            tag_value: self.tag_value,
            ty: self.ty.map_names(name),
            boxed: self.boxed,
            doc: self.doc,
        }
    }
}

impl<N> Operation<N> {
    /// The same operation, its types referred to through `name`.
    pub fn map_names<M>(self, name: &impl Fn(N) -> M) -> Operation<M> {
        Operation {
            operation_id: self.operation_id,
            method_name: self.method_name,
            builder_name: self.builder_name,
            http_method: self.http_method,
            path: self.path,
            tag: self.tag,
            origin: self.origin,
            summary: self.summary,
            description: self.description,
            deprecated: self.deprecated,
            params: self.params.into_iter().map(|p| p.map_names(name)).collect(),
            body: self.body.map(|b| b.map_names(name)),
            response: self.response.map_names(name),
            request_content_types: self.request_content_types,
            responses: self.responses,
        }
    }
}

impl<N> Param<N> {
    /// The same parameter, its type referred to through `name`.
    pub fn map_names<M>(self, name: &impl Fn(N) -> M) -> Param<M> {
        Param {
            wire: self.wire,
            name: self.name,
            location: self.location,
            ty: self.ty.map_names(name),
            required: self.required,
            doc: self.doc,
        }
    }
}

impl<N> RequestBody<N> {
    /// The same body, its type referred to through `name`.
    pub fn map_names<M>(self, name: &impl Fn(N) -> M) -> RequestBody<M> {
        RequestBody {
            ty: self.ty.map_names(name),
            encoding: self.encoding,
            required: self.required,
            doc: self.doc,
            required_in_spec: self.required_in_spec,
        }
    }
}

impl<N> ResponseBody<N> {
    /// The same body, its type referred to through `name`.
    pub fn map_names<M>(self, name: &impl Fn(N) -> M) -> ResponseBody<M> {
        match self {
            ResponseBody::Empty => ResponseBody::Empty,
            ResponseBody::Json(ty) => ResponseBody::Json(ty.map_names(name)),
            ResponseBody::JsonLines(ty) => ResponseBody::JsonLines(ty.map_names(name)),
            ResponseBody::Bytes => ResponseBody::Bytes,
            ResponseBody::Redirect => ResponseBody::Redirect,
        }
    }
}

impl<N> Webhook<N> {
    /// The same webhook, its payload referred to through `name`.
    pub fn map_names<M>(self, name: &impl Fn(N) -> M) -> Webhook<M> {
        Webhook {
            operation_id: self.operation_id,
            payload: self.payload.map_names(name),
            origin: self.origin,
            doc: self.doc,
        }
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
    }
}
