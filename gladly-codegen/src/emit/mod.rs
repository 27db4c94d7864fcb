//! IR -> token streams, one function per kind of item; then the file layout.

mod client;
mod docs;
mod operations;
mod registry;
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

pub use types::TypesContext;

/// The path of the file of the named types, which [`emit_types_head`] and
/// [`emit_types`] emit in parts; [`emit_other_files`] emits every other file.
pub const TYPES_FILE: &str = "types.rs";

/// The start of `types.rs`: its docs and the helpers its types call.
pub fn emit_types_head(context: &TypesContext) -> TokenStream {
    let helpers = types::emit_helpers(context);
    quote! {
        //! Request and response bodies of the API. Each type names the schema it was made from.
        #helpers
    }
}

/// A run of the named types of `types.rs`, which follow its head in IR order.
pub fn emit_types(types: &[crate::ir::TypeDef], context: &TypesContext) -> TokenStream {
    types::emit_types(types, context)
}

/// The generated files other than [`TYPES_FILE`], by path relative to the output
/// directory, as token streams.
pub fn emit_other_files(api: &Api) -> BTreeMap<String, TokenStream> {
    let mut files = BTreeMap::new();
    files.insert("mod.rs".to_owned(), emit_root());
    files.insert("client.rs".to_owned(), client::emit_client(&api.client));
    let structured: operations::StructuredTypes = api
        .types
        .iter()
        .filter(|t| !matches!(t.kind, TypeKind::Enum { .. }))
        .map(|t| t.name.clone())
        .collect();
    let mut by_tag: BTreeMap<String, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        by_tag.entry(module_name(&op.tag)).or_default().push(op);
    }
    let mut modules = Vec::new();
    for (module, ops) in &by_tag {
        let tag = ops.first().map(|o| o.tag.as_str()).unwrap_or_default();
        files.insert(
            format!("operations/{module}.rs"),
            operations::emit_tag_module(tag, ops, &structured),
        );
        let ident = format_ident!("{}", module);
        let builders = ops.iter().map(|o| format_ident!("{}", o.builder_name));
        modules.push(quote! {
            mod #ident;
            pub use #ident::{#(#builders),*};
        });
    }
    files.insert(
        "operations/mod.rs".to_owned(),
        quote! {
            //! Request builders, one per operation. Create them with the methods of
            //! [`Client`](crate::Client), then `.await` them.
            #(#modules)*
        },
    );
    files.insert("webhook.rs".to_owned(), emit_webhooks(api));
    files.insert("registry.rs".to_owned(), registry::emit_registry(api));
    files
}

fn emit_root() -> TokenStream {
    quote! {
        //! Code generated from the OpenAPI spec. Do not edit: run `cargo xtask codegen`.
        mod client;
        pub mod operations;
        #[cfg(feature = "type-registry")]
        #[doc(hidden)]
        pub mod registry;
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
        quote! {
            #reexport

            #[doc = " Parses the body of a request Gladly sent to your webhook endpoint."]
            #(#docs)*
            pub fn #ident(body: &[u8]) -> Result<#ty, serde_json::Error> {
                serde_json::from_slice(body)
            }
        }
    });
    quote! {
        //! Requests the API sends to *your* server: parse their bodies with the functions
        //! here.
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
