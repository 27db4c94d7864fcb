//! Client methods and their request builders, one module per tag.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, doc_paragraphs};
use super::types::type_tokens;
use crate::ident;
use crate::ir::{BodyEncoding, Operation, Param, ParamLocation, ResponseBody, TypeRef};

/// The named types whose values are not one piece of text (structs, unions): parameters
/// of these types are serialised in their OpenAPI style rather than with `ToString`.
pub type StructuredTypes = BTreeSet<String>;

/// The start of the module of one tag: its docs and the `impl Client` block of its
/// operations, documented with the tag's description, so that rustdoc shows the
/// client's methods in one section per tag. Their builders ([`emit_builders`]) follow.
pub fn emit_tag_head(
    tag: &str,
    description: Option<&str>,
    operations: &[&Operation],
) -> TokenStream {
    let doc = format!(" Operations tagged `{tag}`.");
    // A tag the spec does not describe (or the `Default` of untagged operations) gets no
    // heading of its own.
    let section = description.map(|text| {
        let heading = format!("**{tag}**");
        doc_paragraphs([heading.as_str(), text])
    });
    let methods = operations.iter().map(|op| {
        let method = emit_method(op);
        let files = emit_line_file_methods(op);
        quote!(#method #files)
    });
    quote! {
        #![doc = #doc]

        #section
        impl crate::Client {
            #(#methods)*
        }
    }
}

/// The request builders of a run of operations.
pub fn emit_builders(operations: &[&Operation], structured: &StructuredTypes) -> TokenStream {
    let builders = operations.iter().map(|op| emit_builder(op, structured));
    quote! { #(#builders)* }
}

/// Arguments a method takes: required parameters, then a required body.
fn required_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.required)
}

fn optional_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| !p.required)
}

pub(super) fn ident(name: &str) -> syn::Ident {
    syn::parse_str(name).unwrap_or_else(|_| format_ident!("value"))
}

fn response_type(op: &Operation) -> TokenStream {
    match &op.response {
        ResponseBody::Empty => quote!(()),
        // A list is read element by element: one that does not match its type is kept
        // apart, with its error, rather than failing the others (`runtime::List`).
        ResponseBody::Json(TypeRef::Array(item)) => {
            let item = type_tokens(item);
            quote!(crate::List<#item>)
        }
        ResponseBody::Json(TypeRef::Map(item)) if matches!(**item, TypeRef::Named(_)) => {
            let item = type_tokens(item);
            quote!(crate::Map<#item>)
        }
        ResponseBody::Json(ty) => type_tokens(ty),
        ResponseBody::JsonLines(ty) => {
            let ty = type_tokens(ty);
            quote!(crate::runtime::JsonLines<#ty>)
        }
        ResponseBody::Bytes => quote!(crate::runtime::ByteStream),
        ResponseBody::Redirect => quote!(String),
    }
}

/// A string argument is taken as `impl Into<String>` so `&str` works too; a timestamp
/// or a date as `impl Into<..>`, so that its text or a `jiff` value works.
fn argument_type(ty: &TypeRef) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(.into())),
        TypeRef::Timestamp => (quote!(impl Into<crate::Timestamp>), quote!(.into())),
        TypeRef::Date => (quote!(impl Into<crate::Date>), quote!(.into())),
        other => (type_tokens(other), quote!()),
    }
}

/// The method's arguments, one item each: the required parameters with the spec's
/// description, and the body.
fn arguments_doc(op: &Operation) -> String {
    let mut items: Vec<String> = required_params(op)
        .map(|param| {
            let place = match param.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
            };
            let mut item = format!("- `{}` ({place} `{}`)", param.name, param.wire);
            // One line: a list item's continuation would need indenting.
            let doc = param.doc.as_deref().unwrap_or("");
            let doc = doc.split_whitespace().collect::<Vec<_>>().join(" ");
            if !doc.is_empty() {
                item.push_str(": ");
                item.push_str(&doc);
            }
            item
        })
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        items.push(format!(
            "- `body`: the request body, {}",
            type_link(&body.ty)
        ));
    }
    if items.is_empty() {
        return String::new();
    }
    format!("# Arguments\n\n{}", items.join("\n"))
}

/// `[`Task`](crate::types::Task)` for a generated type, else the type in backticks.
fn type_link(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => format!("[`{name}`](crate::types::{name})"),
        other => format!("`{}`", other.to_rust(crate::ir::Spelling::Report)),
    }
}

/// One method per file a JSON-lines answer names (`get_file_agents` for
/// `get_file(job, "agents.jsonl")`): the file's lines as the type the spec gives them,
/// rather than guessed among every file's types line by line.
fn emit_line_file_methods(op: &Operation) -> TokenStream {
    let method = &op.method_name;
    let call = ident(method);
    let methods = op.line_files.iter().map(|file| {
        let stem = file.name.split('.').next().unwrap_or(&file.name);
        let name = ident(&format!("{method}_{}", ident::field_name(stem)));
        let line = type_tokens(&file.ty);
        let mut args = Vec::new();
        let mut values = Vec::new();
        for param in required_params(op) {
            let param_name = ident(&param.name);
            if param.wire == file.param {
                let file_name = &file.name;
                values.push(quote!(#file_name));
                continue;
            }
            let (ty, _) = argument_type(&param.ty);
            args.push(quote!(#param_name: #ty));
            values.push(quote!(#param_name));
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.required) {
            let ty = type_tokens(&body.ty);
            args.push(quote!(body: #ty));
            values.push(quote!(body));
        }
        let doc = format!(
            "The file `{}`: one {} per line.\n\n[`{method}`](Self::{method}) with `{}` set to \
             `\"{}\"`, each line read as the type the spec gives this file. For optional \
             parameters, call `{method}(..)` and then `lines_as()` on its builder.",
            file.name,
            type_link(&file.ty),
            file.param,
            file.name,
        );
        let docs = doc_attrs(&doc);
        quote! {
            #docs
            pub async fn #name(&self, #(#args),*) -> Result<crate::runtime::JsonLines<#line>, crate::Error> {
                self.#call(#(#values),*)
                    .lines_as()
                    .await
                    .map(crate::Response::into_body)
            }
        }
    });
    quote!(#(#methods)*)
}

fn emit_method(op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let builder = format_ident!("{}", op.builder_name);
    let endpoint = format!("`{} {}`", op.http_method, op.path);
    let has_options =
        optional_params(op).next().is_some() || op.body.as_ref().is_some_and(|b| !b.required);
    let builder_line = format!(
        "Returns a [`{}`](crate::operations::{}) builder: {}`.await` it, or call \
         `send_with_response()` for the status and headers too.",
        op.builder_name,
        op.builder_name,
        if has_options {
            "set optional parameters on it, then "
        } else {
            ""
        }
    );
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let arguments = arguments_doc(op);
    let docs = doc_paragraphs([
        op.summary.as_deref().unwrap_or(""),
        op.description.as_deref().unwrap_or(""),
        &endpoint,
        &arguments,
        &builder_line,
    ]);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for param in required_params(op) {
        let name = ident(&param.name);
        let (ty, conv) = argument_type(&param.ty);
        args.push(quote!(#name: #ty));
        inits.push(if conv.is_empty() {
            quote!(#name)
        } else {
            quote!(#name: #name #conv)
        });
    }
    for param in optional_params(op) {
        let name = ident(&param.name);
        inits.push(quote!(#name: None));
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(&body.ty);
        if body.required {
            args.push(quote!(body: #ty));
            inits.push(quote!(body));
        } else {
            inits.push(quote!(body: None));
        }
    }
    quote! {
        #docs
        #deprecated
        pub fn #method(&self, #(#args),*) -> crate::operations::#builder<'_> {
            crate::operations::#builder {
                client: self,
                #(#inits,)*
                options: crate::runtime::RequestOptions::default(),
            }
        }
    }
}

fn emit_builder(op: &Operation, structured: &StructuredTypes) -> TokenStream {
    let builder = format_ident!("{}", op.builder_name);
    let method = &op.method_name;
    let doc = format!(
        " Request builder for [`Client::{method}`](crate::Client::{method}): `{} {}`.",
        op.http_method, op.path
    );
    let response = response_type(op);
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for param in &op.params {
        let name = ident(&param.name);
        let ty = type_tokens(&param.ty);
        if param.required {
            fields.push(quote!(#name: #ty));
        } else {
            fields.push(quote!(#name: Option<#ty>));
            let docs = param.doc.as_deref().map(doc_attrs).unwrap_or_else(|| {
                let text = format!(" Sets the `{}` parameter.", param.wire);
                quote!(#[doc = #text])
            });
            let (arg, conv) = argument_type(&param.ty);
            setters.push(quote! {
                #docs
                pub fn #name(mut self, value: #arg) -> Self {
                    self.#name = Some(value #conv);
                    self
                }
            });
        }
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(&body.ty);
        if body.required {
            fields.push(quote!(body: #ty));
        } else {
            fields.push(quote!(body: Option<#ty>));
            setters.push(quote! {
                /// Sets the request body.
                pub fn body(mut self, body: #ty) -> Self {
                    self.body = Some(body);
                    self
                }
            });
        }
    }
    let build = build_request(op, structured);
    let send = match &op.response {
        ResponseBody::Empty => quote!(self.client.send_empty(request).await),
        ResponseBody::Json(_) => quote!(self.client.send_json(request).await),
        ResponseBody::JsonLines(_) => quote!(self.client.send_json_lines(request).await),
        ResponseBody::Bytes => quote!(self.client.send_bytes(request).await),
        ResponseBody::Redirect => quote!(self.client.send_redirect(request).await),
    };
    let send_with_response = if op.line_files.is_empty() {
        quote! {
            /// Sends the request and returns the body with the status and headers.
            pub async fn send_with_response(self) -> Result<crate::Response<#response>, crate::Error> {
                #build
                #send
            }
        }
    } else {
        quote! {
            /// Sends the request and returns the body with the status and headers.
            pub async fn send_with_response(self) -> Result<crate::Response<#response>, crate::Error> {
                self.lines_as().await
            }

            /// Sends the request and reads each line as `T`: the type of the file asked
            /// for, where the spec says which file holds what.
            pub async fn lines_as<T: serde::de::DeserializeOwned>(
                self,
            ) -> Result<crate::Response<crate::runtime::JsonLines<T>>, crate::Error> {
                #build
                self.client.send_json_lines(request).await
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #builder<'a> {
            pub(crate) client: &'a crate::Client,
            #(pub(crate) #fields,)*
            pub(crate) options: crate::runtime::RequestOptions,
        }

        impl #builder<'_> {
            #(#setters)*

            /// Options for this request only (timeout, retries).
            pub fn with_options(mut self, options: crate::runtime::RequestOptions) -> Self {
                self.options = options;
                self
            }

            /// Sends the request and returns the decoded body.
            pub async fn send(self) -> Result<#response, crate::Error> {
                self.send_with_response().await.map(crate::Response::into_body)
            }

            #send_with_response
        }

        impl<'a> std::future::IntoFuture for #builder<'a> {
            type Output = Result<#response, crate::Error>;
            type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send + 'a>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    }
}

fn is_copy(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::Bool
    )
}

/// Whether values of `ty` are one piece of text (`ToString`): scalars and string enums.
fn is_text(ty: &TypeRef, structured: &StructuredTypes) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Timestamp
        | TypeRef::Date
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F64
        | TypeRef::Bool => true,
        TypeRef::Named(name) => !structured.contains(name),
        TypeRef::Json | TypeRef::JsonObject | TypeRef::Array(_) | TypeRef::Map(_) => false,
    }
}

/// The statement that adds a structured parameter (see [`StructuredTypes`]).
fn structured_step(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let wire = &param.wire;
    let add = match param.location {
        ParamLocation::Path => quote!(path_value),
        ParamLocation::Query => quote!(query_value),
        ParamLocation::Header => quote!(header_value),
    };
    if param.required {
        quote!(request = request.#add(#wire, &self.#name)?;)
    } else {
        quote!(if let Some(value) = &self.#name { request = request.#add(#wire, value)?; })
    }
}

fn build_request(op: &Operation, structured: &StructuredTypes) -> TokenStream {
    let method = format_ident!("{}", op.http_method);
    let path = &op.path;
    let mut steps = Vec::new();
    for param in &op.params {
        let text_items = match &param.ty {
            TypeRef::Array(item) => {
                param.location == ParamLocation::Query && is_text(item, structured)
            }
            other => is_text(other, structured),
        };
        if !text_items {
            steps.push(structured_step(param));
            continue;
        }
        let name = ident(&param.name);
        let wire = &param.wire;
        // Numbers and booleans are passed by value, everything else by reference.
        let value = if is_copy(&param.ty) {
            quote!(self.#name)
        } else {
            quote!(&self.#name)
        };
        let step = match (param.location, param.required, &param.ty) {
            (ParamLocation::Path, _, _) => {
                quote!(request = request.path_param(#wire, #value);)
            }
            (ParamLocation::Query, true, TypeRef::Array(_)) => quote! {
                for value in &self.#name { request = request.query(#wire, value); }
            },
            (ParamLocation::Query, true, _) => quote!(request = request.query(#wire, #value);),
            (ParamLocation::Query, false, TypeRef::Array(_)) => quote! {
                for value in self.#name.iter().flatten() { request = request.query(#wire, value); }
            },
            (ParamLocation::Query, false, _) => quote! {
                if let Some(value) = &self.#name { request = request.query(#wire, value); }
            },
            (ParamLocation::Header, true, _) => quote!(request = request.header(#wire, #value);),
            (ParamLocation::Header, false, _) => quote! {
                if let Some(value) = &self.#name { request = request.header(#wire, value); }
            },
        };
        steps.push(step);
    }
    if let Some(body) = &op.body {
        let encode = match body.encoding {
            BodyEncoding::Json => quote!(json_body),
            BodyEncoding::Form => quote!(form_body),
            BodyEncoding::Multipart => quote!(multipart_body),
        };
        steps.push(if body.required {
            quote!(request = request.#encode(&self.body)?;)
        } else {
            quote!(if let Some(body) = &self.body {
                request = request.#encode(body)?;
            })
        });
    }
    let new = quote!(crate::runtime::Request::new(reqwest::Method::#method, #path));
    if steps.is_empty() {
        return quote!(let request = #new.options(self.options););
    }
    quote! {
        let mut request = #new;
        #(#steps)*
        let request = request.options(self.options);
    }
}
