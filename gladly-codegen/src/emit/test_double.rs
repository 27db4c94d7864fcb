//! `test_double.rs` of the generated crate, compiled only with its `test-util` feature:
//! one row per operation (method, path template, required query parameters, the
//! request body's required fields and JSON types, the spec's example answer), which the
//! hand-written `runtime::TestDouble` serves and checks requests against.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, BodyEncoding, Field, Operation, ParamLocation, TypeKind, TypeRef};

/// The kind of each named type, by name (the first of a name, as a search in order finds).
type Kinds<'a> = HashMap<&'a str, &'a TypeKind>;

/// The table of every operation.
pub fn emit_test_double(api: &Api) -> TokenStream {
    let mut kinds = Kinds::with_capacity(api.types.len());
    for t in &api.types {
        kinds.entry(t.name.as_str()).or_insert(&t.kind);
    }
    let rows = api.operations.iter().map(|op| emit_row(&kinds, op));
    // Imported only when used: an unused import would be a warning.
    let bodies = api.operations.iter().filter_map(|op| op.body.as_ref());
    let (mut any_body, mut any_field) = (false, false);
    for body in bodies {
        any_body = true;
        any_field |= struct_fields(&kinds, &body.ty).is_some_and(|f| !f.is_empty());
    }
    let kind_use = any_body.then(|| {
        quote!(
            use crate::runtime::JsonKind;
        )
    });
    let field_use = any_field.then(|| {
        quote!(
            use crate::runtime::TestField;
        )
    });
    quote! {
        //! Every operation as the test double serves it: where it is, what a request must
        //! carry, and the spec's example answer.

        #kind_use
        #field_use

        /// The operations, in spec order.
        pub(crate) static OPERATIONS: &[crate::runtime::TestOperation] = &[
            #(#rows),*
        ];
    }
}

fn emit_row(kinds: &Kinds, op: &Operation) -> TokenStream {
    let id = op.operation_id.as_str();
    let method_name = op.method_name.trim_start_matches("r#");
    let method = op.http_method.as_str();
    let path = op.path.as_str();
    let query = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query && p.required)
        .map(|p| p.wire.as_str());
    let body = match &op.body {
        None => quote!(None),
        Some(body) => {
            let required = body.required;
            let json = body.encoding == BodyEncoding::Json;
            let kind = kind_tokens(kinds, &body.ty);
            // One short line per field: large specs have tens of thousands.
            let fields = struct_fields(kinds, &body.ty)
                .into_iter()
                .flatten()
                .map(|f| {
                    let name = f.wire.as_str();
                    let kind = kind_tokens(kinds, &f.ty);
                    let constructor = if f.required {
                        quote!(required)
                    } else {
                        quote!(optional)
                    };
                    let nullable = f.nullable.then(|| quote!(.nullable()));
                    quote!(TestField::#constructor(#name, #kind) #nullable)
                });
            quote! {
                Some(crate::runtime::TestBody {
                    required: #required,
                    json: #json,
                    kind: #kind,
                    fields: &[#(#fields),*],
                })
            }
        }
    };
    let example = match &op.example_response {
        None => quote!(None),
        Some(example) => {
            let status = proc_macro2::Literal::u16_unsuffixed(example.status);
            let content_type = example.content_type.as_str();
            let body = example.body.as_str();
            quote! {
                Some(crate::runtime::TestExample {
                    status: #status, content_type: #content_type, body: #body,
                })
            }
        }
    };
    quote! {
        crate::runtime::TestOperation {
            id: #id,
            method_name: #method_name,
            method: #method,
            path: #path,
            query: &[#(#query),*],
            body: #body,
            example: #example,
        }
    }
}

/// The fields of a struct body; `None` for any other type.
fn struct_fields<'a>(kinds: &Kinds<'a>, ty: &TypeRef) -> Option<&'a [Field]> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    match kinds.get(name.as_str())? {
        TypeKind::Struct { fields } => Some(fields),
        _ => None,
    }
}

/// The JSON type a value of `ty` has on the wire.
fn kind_tokens(kinds: &Kinds, ty: &TypeRef) -> TokenStream {
    let kind = match ty {
        // Dates and times are text on the wire.
        TypeRef::String | TypeRef::Timestamp | TypeRef::Date => quote!(String),
        TypeRef::I32 | TypeRef::I64 => quote!(Integer),
        TypeRef::F64 => quote!(Number),
        TypeRef::Bool => quote!(Boolean),
        TypeRef::Json => quote!(Any),
        TypeRef::JsonObject | TypeRef::Map(_) => quote!(Object),
        TypeRef::Array(_) => quote!(Array),
        TypeRef::Named(name) => match kinds.get(name.as_str()) {
            Some(TypeKind::Struct { .. } | TypeKind::Tagged { .. }) => quote!(Object),
            Some(TypeKind::Enum { .. }) => quote!(String),
            Some(TypeKind::Untagged { .. }) | None => quote!(Any),
        },
    };
    quote!(JsonKind::#kind)
}
