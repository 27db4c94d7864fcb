//! IR -> token streams, one function per kind of item; then the file layout.

mod client;
mod docs;
mod operations;
mod registry;
mod test_double;
mod types;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Api, Operation, TypeKind, TypeRef, Webhook};
use docs::doc_attrs;

/// The module a tag's operations live in: `Public Answer` -> `public_answer`. Keywords
/// and `operations` (a module of that name inside `operations` is clippy's
/// `module_inception`) get a `_`. Other names are safe, crate names included: the
/// generated code names its own items by `crate::` paths, and a module `std` declared in
/// `operations/mod.rs` is what that file's `pub use std::…` means (fixture
/// `prelude_names`).
pub(crate) fn module_name(tag: &str) -> String {
    let name = crate::ident::field_name(tag);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None if name == "operations" => format!("{name}_"),
        None => name,
    }
}

use registry::RegistryPart;
use types::TypesContext;

/// How many named types one piece of `types.rs` holds, how many request builders one
/// piece of an operations module, and how many operations' functions one piece of
/// `registry.rs`. Small: the pieces spread evenly over threads, and the tokens and
/// syntax tree of a small piece stay in the processor's cache and reuse the memory the
/// last piece freed. With runs of 250 types and 100 builders, a large spec took 10-15 %
/// more CPU to render (`amazonaws.com/ec2.json`, Microsoft Graph); below about ten
/// items a piece no further gain was measured.
const TYPES_PER_PIECE: usize = 10;
const BUILDERS_PER_PIECE: usize = 4;
const CALLS_PER_PIECE: usize = 10;

/// A run of top-level items of one generated file, emitted on its own: a file is the
/// items of its pieces in order. (The first piece of a file carries its inner docs.)
#[derive(Debug, Clone, Copy)]
pub enum Piece {
    /// `mod.rs`.
    Root,
    /// `client.rs`.
    Client,
    /// The docs of `types.rs` and the helpers its types call.
    TypesHead,
    /// A run of the named types, by index range in `Api::types`.
    Types(usize, usize),
    /// The docs and `impl Client` block of the module of the tag with this index.
    TagHead(usize),
    /// The builders of a run of the operations of a tag: (tag index, start, end).
    Builders(usize, usize, usize),
    /// `operations/mod.rs`.
    OperationsMod,
    /// `webhook.rs`.
    Webhooks,
    /// A part of `registry.rs`.
    Registry(RegistryPart),
    /// `test_double.rs`.
    TestDouble,
}

/// Every generated file as the pieces it is made of, and what emitting a piece needs to
/// know about the whole API (computed once, shared by the threads that emit pieces).
pub struct Plan<'a> {
    api: &'a Api,
    types: TypesContext,
    structured: operations::StructuredTypes,
    /// The operations of each tag, by module name.
    by_tag: Vec<(String, Vec<&'a Operation>)>,
    /// Each file, by path relative to the output directory, with its pieces in order.
    pub files: Vec<(String, Vec<Piece>)>,
}

impl<'a> Plan<'a> {
    /// Plans the files of `api`, in a stable order.
    pub fn new(api: &'a Api) -> Self {
        let structured: operations::StructuredTypes = api
            .types
            .iter()
            .filter(|t| !matches!(t.kind, TypeKind::Enum { .. }))
            .map(|t| t.name.clone())
            .collect();
        let mut grouped: BTreeMap<String, Vec<&Operation>> = BTreeMap::new();
        for op in &api.operations {
            grouped.entry(module_name(&op.tag)).or_default().push(op);
        }
        let by_tag: Vec<(String, Vec<&Operation>)> = grouped.into_iter().collect();
        let mut files = vec![
            ("mod.rs".to_owned(), vec![Piece::Root]),
            ("client.rs".to_owned(), vec![Piece::Client]),
        ];
        let mut types = vec![Piece::TypesHead];
        types.extend(runs(api.types.len(), TYPES_PER_PIECE).map(|(a, b)| Piece::Types(a, b)));
        files.push((TYPES_FILE.to_owned(), types));
        for (index, (module, ops)) in by_tag.iter().enumerate() {
            let mut pieces = vec![Piece::TagHead(index)];
            pieces.extend(
                runs(ops.len(), BUILDERS_PER_PIECE).map(|(a, b)| Piece::Builders(index, a, b)),
            );
            files.push((format!("operations/{module}.rs"), pieces));
        }
        files.push(("operations/mod.rs".to_owned(), vec![Piece::OperationsMod]));
        files.push(("webhook.rs".to_owned(), vec![Piece::Webhooks]));
        let mut registry = vec![RegistryPart::Types, RegistryPart::Call];
        registry.extend(
            runs(api.operations.len(), CALLS_PER_PIECE).map(|(a, b)| RegistryPart::Calls(a, b)),
        );
        registry.push(RegistryPart::Support);
        files.push((
            "registry.rs".to_owned(),
            registry.into_iter().map(Piece::Registry).collect(),
        ));
        files.push(("test_double.rs".to_owned(), vec![Piece::TestDouble]));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Self {
            api,
            types: TypesContext::new(&api.types),
            structured,
            by_tag,
            files,
        }
    }

    /// The tokens of one piece.
    pub fn emit(&self, piece: Piece) -> TokenStream {
        let api = self.api;
        match piece {
            Piece::Root => emit_root(),
            Piece::Client => client::emit_client(&api.client),
            Piece::TypesHead => {
                let helpers = types::emit_helpers(&self.types);
                quote! {
                    //! Request and response bodies of the API. Each type names the schema it was made from.
                    #helpers
                }
            }
            Piece::Types(start, end) => {
                let run = api.types.get(start..end).unwrap_or_default();
                types::emit_types(run, &self.types)
            }
            Piece::TagHead(index) => match self.by_tag.get(index) {
                Some((_, ops)) => {
                    let tag = ops.first().map(|o| o.tag.as_str()).unwrap_or_default();
                    let description = api.tag_docs.get(tag).map(String::as_str);
                    operations::emit_tag_head(tag, description, ops)
                }
                None => TokenStream::new(),
            },
            Piece::Builders(index, start, end) => {
                let ops = self
                    .by_tag
                    .get(index)
                    .and_then(|(_, ops)| ops.get(start..end))
                    .unwrap_or_default();
                operations::emit_builders(ops, &self.structured)
            }
            Piece::OperationsMod => self.emit_operations_mod(),
            Piece::Webhooks => emit_webhooks(api),
            Piece::Registry(part) => registry::emit_registry(api, part),
            Piece::TestDouble => test_double::emit_test_double(api),
        }
    }

    fn emit_operations_mod(&self) -> TokenStream {
        let modules = self.by_tag.iter().map(|(module, ops)| {
            let ident = format_ident!("{}", module);
            let builders = ops.iter().map(|o| format_ident!("{}", o.builder_name));
            quote! {
                mod #ident;
                pub use #ident::{#(#builders),*};
            }
        });
        quote! {
            //! Request builders, one per operation. Create them with the methods of
            //! [`Client`](crate::Client), then `.await` them.
            #(#modules)*
        }
    }
}

/// The path of the file of the named types.
pub const TYPES_FILE: &str = "types.rs";

/// `0..len` cut into runs of at most `size`: (start, end) of each.
fn runs(len: usize, size: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..len)
        .step_by(size.max(1))
        .map(move |start| (start, (start + size).min(len)))
}

fn emit_root() -> TokenStream {
    quote! {
        //! Code generated from the OpenAPI spec. Do not edit: run `cargo xtask codegen`.
        mod client;
        pub mod operations;
        #[cfg(feature = "type-registry")]
        #[doc(hidden)]
        pub mod registry;
        #[cfg(feature = "test-util")]
        pub(crate) mod test_double;
        pub mod types;
        pub mod webhook;
    }
}

fn emit_webhooks(api: &Api) -> TokenStream {
    let items = webhook_functions(api).into_iter().map(|(fn_name, hooks)| {
        let Some(first) = hooks.first() else {
            return TokenStream::new();
        };
        let ty = types::type_tokens(&first.payload);
        let ident = format_ident!("{}", fn_name);
        let reexport = match &first.payload {
            TypeRef::Named(name) => {
                let name = format_ident!("{}", name);
                Some(quote!(pub use crate::types::#name;))
            }
            _ => None,
        };
        // Several webhooks may carry one payload type: one function parses them all, and
        // its docs describe each.
        let docs = hooks.iter().map(|hook| {
            let docs = hook.doc.as_deref().map(doc_attrs).unwrap_or_default();
            let origin = format!(" Described by `#{}`.", hook.origin);
            quote! {
                #[doc = ""]
                #docs
                #[doc = ""]
                #[doc = #origin]
            }
        });
        // `parse_pet` checks nothing; `receive_pet` checks the request's credentials
        // first. Both named alike, so numbered names stay paired.
        let receive = format_ident!(
            "receive_{}",
            fn_name.strip_prefix("parse_").unwrap_or(&fn_name)
        );
        let receive_link = format!(" [`{receive}`] to check the request's credentials first,");
        let receive_doc = format!(
            " Checks that a request to your webhook endpoint came from the API (see \
             [`WebhookVerifier`](crate::runtime::WebhookVerifier)), then parses its body \
             like [`{fn_name}`]."
        );
        quote! {
            #reexport

            #[doc = " Parses the body of a request the API sent to your webhook endpoint."]
            #(#docs)*
            #[doc = ""]
            #[doc = " This checks nothing about who sent the request: use"]
            #[doc = #receive_link]
            #[doc = " unless the request was verified already."]
            pub fn #ident(body: &[u8]) -> Result<#ty, crate::runtime::WebhookError> {
                crate::runtime::parse_webhook_body(body)
            }

            #[doc = #receive_doc]
            #[doc = ""]
            #[doc = " Refused requests name what was wrong; answer them with"]
            #[doc = " [`WebhookError::status`](crate::runtime::WebhookError::status)."]
            pub fn #receive(
                verifier: &crate::runtime::WebhookVerifier,
                headers: &reqwest::header::HeaderMap,
                body: &[u8],
            ) -> Result<#ty, crate::runtime::WebhookError> {
                verifier.parse(headers, body)
            }
        }
    });
    quote! {
        //! Requests the API sends to *your* server. `receive_…` checks that a request came
        //! from the API (its Basic credentials or configured headers, see
        //! [`WebhookVerifier`](crate::runtime::WebhookVerifier)) and parses its body;
        //! `parse_…` only parses.
        #(#items)*
    }
}

/// The webhooks grouped by the parse function that reads them: named for the payload
/// type when it has a name, else for the operation. Webhooks with one payload type share
/// a function; a name taken by another payload type gets a number.
fn webhook_functions(api: &Api) -> Vec<(String, Vec<&Webhook>)> {
    let mut functions: Vec<(String, Vec<&Webhook>)> = Vec::new();
    for hook in &api.webhooks {
        let base = match &hook.payload {
            TypeRef::Named(name) => name.as_str(),
            _ => hook.operation_id.as_str(),
        };
        let base = format!(
            "parse_{}",
            crate::ident::field_name(base).trim_start_matches("r#")
        );
        let mut name = base.clone();
        let mut n = 1;
        loop {
            match functions.iter_mut().find(|(taken, _)| *taken == name) {
                None => {
                    functions.push((name, vec![hook]));
                    break;
                }
                Some((_, hooks)) if hooks.first().map(|h| &h.payload) == Some(&hook.payload) => {
                    hooks.push(hook);
                    break;
                }
                Some(_) => {
                    n += 1;
                    name = format!("{base}_{n}");
                }
            }
        }
    }
    functions
}
