//! `registry.rs` of the generated crate, compiled only with its `type-registry` feature:
//! the generated types and operations looked up by name at run time, so that the
//! project's tests can check every example of the spec against the type generated for
//! it, and call every operation with arguments taken from the spec.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::operations::ident;
use super::types::type_tokens;
use crate::ir::{Api, Operation, ParamLocation, ResponseBody};

/// One part of `registry.rs`.
pub fn emit_registry(api: &Api, part: RegistryPart) -> TokenStream {
    match part {
        RegistryPart::Types => {
            let types = emit_type_lookup(api);
            quote! {
                //! Generated types and operations looked up by name at run time: decodes a JSON
                //! value as a type named by a string, and calls an operation named by its
                //! `operationId` with JSON arguments.

                #types
            }
        }
        RegistryPart::Call => emit_call(api),
        RegistryPart::Calls(start, end) => {
            let ops = api.operations.get(start..end).unwrap_or_default();
            let per_operation = ops.iter().map(emit_operation_call);
            quote!(#(#per_operation)*)
        }
        RegistryPart::Support => call_support(),
    }
}

/// The parts of `registry.rs`, in the order they are written, each emitted on its own.
#[derive(Debug, Clone, Copy)]
pub enum RegistryPart {
    /// The docs, `with_type`, `round_trip` and `decode_debug`.
    Types,
    /// `call`, which dispatches to a function per operation.
    Call,
    /// The functions of a run of the operations, by index range in `Api::operations`.
    Calls(usize, usize),
    /// What the calls share.
    Support,
}

/// `with_type`, the one table from type names to types, and `round_trip` and
/// `decode_debug` on top of it: a JSON value decoded as the type named at run time.
fn emit_type_lookup(api: &Api) -> TokenStream {
    let names = api.types.iter().map(|t| t.name.as_str());
    let idents = api.types.iter().map(|t| format_ident!("{}", t.name));
    // Without types, a `match` with no arm but `_` would not pass clippy.
    let lookup = if api.types.is_empty() {
        quote! {
            let _ = (type_name, visitor);
            None
        }
    } else {
        quote! {
            Some(match type_name {
                #( #names => visitor.visit::<crate::types::#idents>(), )*
                _ => return None,
            })
        }
    };
    quote! {
        /// What to do with the type a name picks: [`with_type`] calls [`Self::visit`]
        /// with it.
        pub trait TypeVisitor {
            /// What [`Self::visit`] returns.
            type Output;
            /// Called with the type [`with_type`] was asked for.
            fn visit<T>(self) -> Self::Output
            where
                T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug;
        }

        /// Calls `visitor` with the generated type called `type_name`. `None` when no
        /// generated type has that name.
        pub fn with_type<V: TypeVisitor>(type_name: &str, visitor: V) -> Option<V::Output> {
            #lookup
        }

        /// Decodes `value` as the type called `type_name`, then encodes it again.
        /// `None` when no generated type has that name.
        pub fn round_trip(
            type_name: &str,
            value: serde_json::Value,
        ) -> Option<Result<serde_json::Value, serde_json::Error>> {
            struct RoundTrip(serde_json::Value);
            impl TypeVisitor for RoundTrip {
                type Output = Result<serde_json::Value, serde_json::Error>;
                fn visit<T>(self) -> Self::Output
                where
                    T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug,
                {
                    // Strictly: an element a `List` kept aside would round-trip unnoticed.
                    let decoded: T = crate::runtime::strictly(|| serde_json::from_value(self.0))?;
                    serde_json::to_value(decoded)
                }
            }
            with_type(type_name, RoundTrip(value))
        }

        /// Decodes `value` as the type called `type_name` and shows it with `Debug`, which
        /// names the variant a union chose. `None` when no generated type has that name.
        pub fn decode_debug(
            type_name: &str,
            value: serde_json::Value,
        ) -> Option<Result<String, serde_json::Error>> {
            struct DecodeDebug(serde_json::Value);
            impl TypeVisitor for DecodeDebug {
                type Output = Result<String, serde_json::Error>;
                fn visit<T>(self) -> Self::Output
                where
                    T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug,
                {
                    crate::runtime::strictly(|| serde_json::from_value::<T>(self.0))
                        .map(|decoded| format!("{decoded:?}"))
                }
            }
            with_type(type_name, DecodeDebug(value))
        }
    }
}

/// The private function that makes one operation's call: `call_get_task`.
fn call_fn_name(op: &Operation) -> syn::Ident {
    format_ident!("call_{}", op.method_name.trim_start_matches("r#"))
}

/// `call`, which dispatches on the `operationId` to one function per operation
/// ([`RegistryPart::Calls`]).
fn emit_call(api: &Api) -> TokenStream {
    let ids = api.operations.iter().map(|op| op.operation_id.as_str());
    let fns: Vec<syn::Ident> = api.operations.iter().map(call_fn_name).collect();
    // Without operations, a `match` with no arm but `_` and an unused client would not
    // pass clippy; the arguments are still checked.
    let dispatch = if api.operations.is_empty() {
        quote! {
            let _ = (client, Arguments::parse(args)?);
            Err(CallError::UnknownOperation(operation_id.to_owned()))
        }
    } else {
        // Strictly, so that an argument or answer element a `List` would keep aside is
        // an error: the registry exists to check the types.
        quote! {
            let arguments = Arguments::parse(args)?;
            crate::runtime::Strictly::new(async move {
                match operation_id {
                    #( #ids => #fns(client, arguments).await, )*
                    _ => Err(CallError::UnknownOperation(operation_id.to_owned())),
                }
            })
            .await
        }
    };
    quote! {
        /// Calls the operation whose `operationId` is `operation_id` with the arguments in
        /// `args`, a JSON object: `path`, `query` and `header` are objects of parameters by
        /// their names in the spec, `body` is the request body; each may be left out.
        /// Every argument is decoded as its generated type first, so an argument the types
        /// refuse is a [`CallError::InvalidArgument`] and nothing is sent. The answer is
        /// decoded as the operation's generated type, then encoded again as JSON. Lists
        /// are decoded strictly (`runtime::strictly`): an element that does not match is
        /// an error here, not kept aside.
        pub async fn call(
            client: &crate::Client,
            operation_id: &str,
            args: &serde_json::Value,
        ) -> Result<crate::Response<CallBody>, CallError> {
            #dispatch
        }
    }
}

/// Decodes the arguments, calls the client method, sets the optional ones on the
/// builder, sends the request and turns the answer into a [`CallBody`]-carrying response.
fn emit_operation_call(op: &Operation) -> TokenStream {
    let fn_name = call_fn_name(op);
    let method = ident(&op.method_name);
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for param in &op.params {
        let ty = type_tokens(&param.ty);
        let wire = &param.wire;
        let location = match param.location {
            ParamLocation::Path => quote!(In::Path),
            ParamLocation::Query => quote!(In::Query),
            ParamLocation::Header => quote!(In::Header),
        };
        if param.required {
            args.push(quote!(arguments.required::<#ty>(#location, #wire)?));
        } else {
            // The builder's field, not its setter: one statement per parameter instead
            // of an `if let` each, in a file that is a large part of a big spec's output.
            let field = ident(&param.name);
            setters.push(quote! {
                request.#field = arguments.optional::<#ty>(#location, #wire)?;
            });
        }
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(&body.ty);
        if body.required {
            args.push(quote!(arguments.required_body::<#ty>()?));
        } else {
            setters.push(quote! {
                request.body = arguments.optional_body::<#ty>()?;
            });
        }
    }
    let binding = if setters.is_empty() {
        quote!(let request)
    } else {
        quote!(let mut request)
    };
    // An operation without parameters or body only checks that nothing was given.
    let arguments = if args.is_empty() && setters.is_empty() {
        quote!(arguments)
    } else {
        quote!(mut arguments)
    };
    let answer = match &op.response {
        ResponseBody::Empty => quote!(Ok(response.map(|()| CallBody::Empty))),
        ResponseBody::Json(_) => quote!(json_answer(response)),
        ResponseBody::JsonLines(_) => quote!(Ok(lines_answer(response))),
        ResponseBody::Bytes => quote!(Ok(response.map(CallBody::Bytes))),
        ResponseBody::Redirect => quote!(Ok(response.map(CallBody::Redirect))),
    };
    // Calling a deprecated operation is what the registry is for; it is not a warning.
    let deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let doc = format!(" `{}`: `{} {}`.", op.operation_id, op.http_method, op.path);
    quote! {
        #[doc = #doc]
        #deprecated
        async fn #fn_name(
            client: &crate::Client,
            #arguments: Arguments,
        ) -> Result<crate::Response<CallBody>, CallError> {
            #binding = client.#method(#(#args),*);
            #(#setters)*
            arguments.finish()?;
            let response = request.send_with_response().await.map_err(CallError::Client)?;
            #answer
        }
    }
}

/// What `call` returns and the helpers every operation's call shares: the same for every
/// API.
fn call_support() -> TokenStream {
    quote! {
        /// The body of an answer to [`call`], by the kind of answer the operation has.
        #[non_exhaustive]
        pub enum CallBody {
            /// No body.
            Empty,
            /// A JSON body, decoded as the operation's generated type and encoded again.
            Json(serde_json::Value),
            /// A JSON-lines body: each line decoded as the generated line type and encoded
            /// again.
            Lines(futures::stream::BoxStream<'static, Result<serde_json::Value, CallError>>),
            /// Any other body, unread.
            Bytes(crate::ByteStream),
            /// The `Location` of an operation whose answer is a redirect.
            Redirect(String),
        }

        impl std::fmt::Debug for CallBody {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::Empty => f.write_str("Empty"),
                    Self::Json(value) => f.debug_tuple("Json").field(value).finish(),
                    Self::Lines(_) => f.write_str("Lines(..)"),
                    Self::Bytes(bytes) => f.debug_tuple("Bytes").field(bytes).finish(),
                    Self::Redirect(location) => f.debug_tuple("Redirect").field(location).finish(),
                }
            }
        }

        /// Why [`call`] returned no answer.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum CallError {
            /// No operation has this `operationId`.
            UnknownOperation(String),
            /// The arguments are not an object of `path`, `query`, `header` and `body`.
            MalformedArguments(String),
            /// A required parameter or body is missing.
            MissingArgument(String),
            /// An argument the operation does not take.
            UnknownArgument(String),
            /// An argument that does not decode as its generated type.
            InvalidArgument {
                /// Which argument: ``path parameter `taskId` `` or `body`.
                argument: String,
                /// Why it does not decode.
                error: serde_json::Error,
            },
            /// The request failed, or its answer does not decode as the generated type.
            Client(crate::Error),
            /// The decoded answer could not be encoded as JSON again.
            Encode(serde_json::Error),
        }

        impl std::fmt::Display for CallError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::UnknownOperation(id) => write!(f, "no operation has the id `{id}`"),
                    Self::MalformedArguments(why) => write!(f, "malformed arguments: {why}"),
                    Self::MissingArgument(what) => write!(f, "missing {what}"),
                    Self::UnknownArgument(what) => {
                        write!(f, "the operation takes no {what}")
                    }
                    Self::InvalidArgument { argument, error } => {
                        write!(f, "{argument} does not decode as its type: {error}")
                    }
                    Self::Client(error) => write!(f, "{error}"),
                    Self::Encode(error) => {
                        write!(f, "the decoded answer does not encode as JSON: {error}")
                    }
                }
            }
        }

        impl std::error::Error for CallError {}

        /// Where a parameter goes.
        #[derive(Clone, Copy)]
        enum In {
            Path,
            Query,
            Header,
        }

        impl In {
            fn name(self) -> &'static str {
                match self {
                    Self::Path => "path",
                    Self::Query => "query",
                    Self::Header => "header",
                }
            }
        }

        /// The arguments of one call, taken out one by one, so that any left over is an
        /// argument the operation does not take.
        // Not every API has parameters in every location, optional ones, or bodies.
        #[allow(dead_code)]
        struct Arguments {
            path: serde_json::Map<String, serde_json::Value>,
            query: serde_json::Map<String, serde_json::Value>,
            header: serde_json::Map<String, serde_json::Value>,
            body: Option<serde_json::Value>,
        }

        #[allow(dead_code)]
        impl Arguments {
            fn parse(args: &serde_json::Value) -> Result<Self, CallError> {
                let Some(object) = args.as_object() else {
                    return Err(CallError::MalformedArguments(format!("not an object: {args}")));
                };
                let mut arguments = Self {
                    path: serde_json::Map::new(),
                    query: serde_json::Map::new(),
                    header: serde_json::Map::new(),
                    body: None,
                };
                for (key, value) in object {
                    let parameters = match key.as_str() {
                        "body" => {
                            arguments.body = Some(value.clone());
                            continue;
                        }
                        "path" => &mut arguments.path,
                        "query" => &mut arguments.query,
                        "header" => &mut arguments.header,
                        other => {
                            return Err(CallError::MalformedArguments(format!(
                                "unknown key `{other}`"
                            )))
                        }
                    };
                    match value.as_object() {
                        Some(map) => parameters.clone_from(map),
                        None => {
                            return Err(CallError::MalformedArguments(format!(
                                "`{key}` is not an object"
                            )))
                        }
                    }
                }
                Ok(arguments)
            }

            fn optional<T: serde::de::DeserializeOwned>(
                &mut self,
                location: In,
                wire: &str,
            ) -> Result<Option<T>, CallError> {
                let parameters = match location {
                    In::Path => &mut self.path,
                    In::Query => &mut self.query,
                    In::Header => &mut self.header,
                };
                let argument = || format!("{} parameter `{wire}`", location.name());
                parameters
                    .remove(wire)
                    .map(|value| {
                        serde_json::from_value(value).map_err(|error| {
                            CallError::InvalidArgument { argument: argument(), error }
                        })
                    })
                    .transpose()
            }

            fn required<T: serde::de::DeserializeOwned>(
                &mut self,
                location: In,
                wire: &str,
            ) -> Result<T, CallError> {
                self.optional(location, wire)?.ok_or_else(|| {
                    CallError::MissingArgument(format!("{} parameter `{wire}`", location.name()))
                })
            }

            fn optional_body<T: serde::de::DeserializeOwned>(
                &mut self,
            ) -> Result<Option<T>, CallError> {
                self.body
                    .take()
                    .map(|value| {
                        serde_json::from_value(value).map_err(|error| {
                            CallError::InvalidArgument { argument: "body".to_owned(), error }
                        })
                    })
                    .transpose()
            }

            fn required_body<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, CallError> {
                self.optional_body()?
                    .ok_or_else(|| CallError::MissingArgument("body".to_owned()))
            }

            /// Fails on the first argument no parameter took.
            fn finish(self) -> Result<(), CallError> {
                if self.body.is_some() {
                    return Err(CallError::UnknownArgument("body".to_owned()));
                }
                for (location, parameters) in [
                    (In::Path, &self.path),
                    (In::Query, &self.query),
                    (In::Header, &self.header),
                ] {
                    if let Some(wire) = parameters.keys().next() {
                        return Err(CallError::UnknownArgument(format!(
                            "{} parameter `{wire}`",
                            location.name()
                        )));
                    }
                }
                Ok(())
            }
        }

        /// A JSON answer, encoded again.
        #[allow(dead_code)]
        fn json_answer<T: serde::Serialize>(
            response: crate::Response<T>,
        ) -> Result<crate::Response<CallBody>, CallError> {
            let value = serde_json::to_value(response.body()).map_err(CallError::Encode)?;
            Ok(response.map(|_| CallBody::Json(value)))
        }

        /// A JSON-lines answer, each line encoded again as it is read.
        #[allow(dead_code)]
        fn lines_answer<T>(
            response: crate::Response<crate::JsonLines<T>>,
        ) -> crate::Response<CallBody>
        where
            T: serde::de::DeserializeOwned + serde::Serialize + 'static,
        {
            response.map(|lines| {
                CallBody::Lines(Box::pin(futures::StreamExt::map(lines, |line| {
                    line.map_err(CallError::Client)
                        .and_then(|value| serde_json::to_value(value).map_err(CallError::Encode))
                })))
            })
        }
    }
}
