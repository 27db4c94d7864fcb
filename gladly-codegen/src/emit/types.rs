//! Named types: structs, string enums, tagged and untagged unions.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, doc_paragraphs};
use crate::ir::{EnumValue, Field, Spelling, TaggedVariant, TypeDef, TypeKind, TypeRef, Variant};

/// The Rust syntax of a type reference, from inside `crate::types` or elsewhere: the
/// IR's one printer of a type ([`TypeRef::to_rust`]), in the spelling of the code.
pub fn type_tokens(ty: &TypeRef) -> TokenStream {
    let text = ty.to_rust(Spelling::Code);
    // Type names are identifiers (see `ident`), so the text lexes; were it ever not to,
    // the generated crate would say so where the type is used, rather than the generator
    // panicking.
    text.parse().unwrap_or_else(|_| {
        let message = format!("gladly-codegen could not write the type `{text}`");
        quote!(::core::compile_error!(#message))
    })
}

/// The payload type of a field or variant: in a `Box` where a cycle needs one.
fn payload_tokens(ty: &TypeRef, boxed: bool) -> TokenStream {
    let ty = type_tokens(ty);
    if boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

/// The type of a struct field. A list or map of generated types is a `List` or `Map`,
/// in which an element that does not decode is kept aside with its error rather than
/// failing the whole object (see `runtime::List`).
fn field_tokens(ty: &TypeRef, boxed: bool) -> TokenStream {
    match ty {
        TypeRef::Array(item) if matches!(**item, TypeRef::Named(_)) && !boxed => {
            let item = type_tokens(item);
            quote!(crate::List<#item>)
        }
        TypeRef::Map(item) if matches!(**item, TypeRef::Named(_)) && !boxed => {
            let item = type_tokens(item);
            quote!(crate::Map<#item>)
        }
        _ => payload_tokens(ty, boxed),
    }
}

/// Which structs derive `Default`: those whose every field may be absent. A struct with
/// a required field has none, so that `..Default::default()` cannot send an empty
/// value the server requires; it has a constructor taking the required fields instead.
fn defaultable_structs(types: &[TypeDef]) -> BTreeSet<String> {
    types
        .iter()
        .filter(|t| match &t.kind {
            TypeKind::Struct { fields } => fields.iter().all(is_optional),
            _ => false,
        })
        .map(|t| t.name.clone())
        .collect()
}

fn is_optional(field: &Field) -> bool {
    !field.required || field.nullable
}

/// What emitting a run of `types.rs` needs to know about every type: computed once, so
/// that runs of types can be emitted apart (on other threads) and joined.
pub struct TypesContext {
    context: Context,
    uses_wire: bool,
}

impl TypesContext {
    /// Indexes the types.
    pub fn new(types: &[TypeDef]) -> Self {
        let context = Context {
            defaultable: defaultable_structs(types),
            declared: types
                .iter()
                .filter_map(|t| match &t.kind {
                    TypeKind::Struct { fields } => Some((
                        t.name.clone(),
                        fields.iter().map(|f| f.wire.clone()).collect(),
                    )),
                    _ => None,
                })
                .collect(),
        };
        // String enums and unions (de)serialise through the runtime's helpers.
        let uses_wire = types.iter().any(|t| {
            matches!(
                t.kind,
                TypeKind::Enum { .. } | TypeKind::Tagged { .. } | TypeKind::Untagged { .. }
            )
        });
        Self { context, uses_wire }
    }
}

/// The items `types.rs` has before its types: the import of the runtime's (de)serialising
/// helpers, when a type uses them.
pub fn emit_helpers(context: &TypesContext) -> TokenStream {
    let wire = context.uses_wire.then(|| {
        quote!(
            use crate::runtime::wire;
        )
    });
    quote! { #wire }
}

/// A run of named types, in IR order.
pub fn emit_types(types: &[TypeDef], context: &TypesContext) -> TokenStream {
    let items = types.iter().map(|t| emit_type(t, &context.context));
    quote! { #(#items)* }
}

/// What emitting one type needs to know about the others.
struct Context {
    defaultable: BTreeSet<String>,
    /// The wire names of each struct's declared fields.
    declared: BTreeMap<String, Vec<String>>,
}

fn emit_type(def: &TypeDef, context: &Context) -> TokenStream {
    let defaultable = &context.defaultable;
    let origin = format!("Schema: `#{}`", def.origin);
    let docs = doc_paragraphs([def.doc.as_deref().unwrap_or(""), &origin]);
    match &def.kind {
        TypeKind::Struct { fields } => {
            emit_struct(&def.name, docs, fields, defaultable.contains(&def.name))
        }
        TypeKind::Enum { values } => emit_enum(&def.name, docs, values),
        TypeKind::Tagged { tag, variants } => emit_tagged(&def.name, docs, tag, variants),
        TypeKind::Untagged { variants } => emit_untagged(&def.name, docs, variants, context),
    }
}

fn emit_struct(name: &str, docs: TokenStream, fields: &[Field], default: bool) -> TokenStream {
    let ident = format_ident!("{}", name);
    let derive_default = default.then(|| quote!(Default,));
    let constructor = (!default).then(|| emit_constructor(name, fields));
    let reader = emit_open_object(name, fields);
    let fields = fields.iter().map(|field| {
        let docs = field_docs(field);
        let field = emit_field(field);
        quote!(#docs #field)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_default serde::Serialize)]
        pub struct #ident {
            #(#fields)*
            /// Properties the spec does not declare, kept as they came so that nothing a
            /// newer server sends is lost.
            #[serde(flatten)]
            pub additional_properties: serde_json::Map<String, serde_json::Value>,
        }
        #constructor
        #reader
    }
}

/// A struct's `Deserialize`: the runtime's `open_object::read`, which streams the
/// declared fields to the derived reader of a private shadow of the struct (serde's
/// `remote`) and keeps the others, where `#[serde(flatten)]` would buffer the object.
fn emit_open_object(name: &str, fields: &[Field]) -> TokenStream {
    let ident = format_ident!("{}", name);
    let remote = format!("crate::types::{name}");
    let declared = fields.iter().map(|f| f.wire.as_str());
    // A struct without fields declares nothing (`matches!` needs a pattern).
    let declares = if fields.is_empty() {
        quote!(
            let _ = name;
            false
        )
    } else {
        quote!(matches!(name, #(#declared)|*))
    };
    let shadow_fields = fields.iter().map(emit_shadow_field);
    quote! {
        impl crate::runtime::open_object::OpenObject for #ident {
            const NAME: &'static str = #name;
            fn declares(name: &str) -> bool {
                #declares
            }
            fn read_declared<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                #[derive(serde::Deserialize)]
                #[serde(remote = #remote)]
                struct Shadow {
                    #(#shadow_fields)*
                    #[serde(skip)]
                    additional_properties: serde_json::Map<String, serde_json::Value>,
                }
                Shadow::deserialize(deserializer)
            }
            fn additional_properties(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
                &mut self.additional_properties
            }
        }
        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::open_object::read(deserializer)
            }
        }
    }
}

/// `new`, taking the required fields in the spec's order; the optional ones start
/// unset, and struct update syntax sets them (`T { a: Some(..), ..T::new(..) }`).
fn emit_constructor(name: &str, fields: &[Field]) -> TokenStream {
    let ident = format_ident!("{}", name);
    let required: Vec<&Field> = fields.iter().filter(|f| !is_optional(f)).collect();
    let params = required.iter().map(|f| {
        let name = field_ident(f);
        let ty = field_tokens(&f.ty, f.boxed);
        quote!(#name: impl Into<#ty>)
    });
    let inits = fields.iter().map(|f| {
        let name = field_ident(f);
        if is_optional(f) {
            quote!(#name: None)
        } else {
            quote!(#name: #name.into())
        }
    });
    let names: Vec<String> = required
        .iter()
        .map(|f| format!("`{}`", f.name.trim_start_matches("r#")))
        .collect();
    let doc = format!(
        " A `{name}` with its required fields ({}); the optional ones are unset. Set those \
         with struct update syntax: `{name} {{ field: Some(value), ..{name}::new(..) }}`.",
        names.join(", ")
    );
    // Clippy's limit is seven; a schema decides how many fields are required.
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #ident {
            #[doc = #doc]
            #many
            pub fn new(#(#params),*) -> Self {
                Self {
                    #(#inits,)*
                    additional_properties: serde_json::Map::new(),
                }
            }
        }
    }
}

/// A field's Rust name as an identifier (names come from `ident`, so it parses).
fn field_ident(field: &Field) -> syn::Ident {
    syn::parse_str(&field.name).unwrap_or_else(|_| format_ident!("field"))
}

/// A field's docs: the spec's description, or its wire name.
fn field_docs(field: &Field) -> TokenStream {
    field.doc.as_deref().map(doc_attrs).unwrap_or_else(|| {
        let text = format!(" `{}`", field.wire);
        quote!(#[doc = #text])
    })
}

/// A field of a struct as users see it and as it is written: its wire name and when it
/// is left out. Reading is the shadow's ([`emit_shadow_field`]): the public struct
/// derives only `Serialize`, so reading attributes on it would do nothing.
fn emit_field(field: &Field) -> TokenStream {
    let mut attrs = Vec::new();
    if !field.required {
        // A read-only field is kept when a value holds one and left out of a request.
        let skip = if field.read_only {
            "crate::runtime::read_only::read_only_unsent"
        } else {
            "Option::is_none"
        };
        attrs.push(quote!(skip_serializing_if = #skip));
    }
    declare_field(field, quote!(pub), attrs)
}

/// A field of a struct's shadow: what reading it needs (its wire name, whether it may be
/// absent, how it is read), in one attribute.
fn emit_shadow_field(field: &Field) -> TokenStream {
    let mut attrs = Vec::new();
    let lenient = reads_leniently(&field.ty);
    // A missing optional field is `None`; serde knows that of an `Option` by itself
    // unless a `deserialize_with` reads it.
    if !field.required || (lenient && field.nullable) {
        attrs.push(quote!(default));
    }
    if lenient {
        attrs.push(quote!(deserialize_with = "crate::runtime::wire::lenient"));
    }
    declare_field(field, TokenStream::new(), attrs)
}

/// `#[serde(rename = .., attrs..)] vis name: Type,` for a field of the struct or of its
/// shadow: the wire name when it is not the Rust name, and `Option` when the field may be
/// absent or null.
fn declare_field(field: &Field, vis: TokenStream, attrs: Vec<TokenStream>) -> TokenStream {
    let ident = field_ident(field);
    let ty = field_tokens(&field.ty, field.boxed);
    let ty = if is_optional(field) {
        quote!(Option<#ty>)
    } else {
        ty
    };
    let wire = &field.wire;
    let rename = (field.name.trim_start_matches("r#") != wire).then(|| quote!(rename = #wire));
    let attrs: Vec<TokenStream> = rename.into_iter().chain(attrs).collect();
    let attrs = (!attrs.is_empty()).then(|| quote!(#[serde(#(#attrs),*)]));
    quote! {
        #attrs
        #vis #ident: #ty,
    }
}

/// Whether a field's type holds integers, numbers or booleans (alone, or in a list or
/// map of them): responses may write those as text (`"100"`, `"true"`), which the
/// runtime's `wire::lenient` reads.
fn reads_leniently(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::Bool => true,
        TypeRef::Array(item) | TypeRef::Map(item) => reads_leniently(item),
        TypeRef::String
        | TypeRef::Timestamp
        | TypeRef::Date
        | TypeRef::Json
        | TypeRef::JsonObject
        | TypeRef::Named(_) => false,
    }
}

fn emit_enum(name: &str, docs: TokenStream, values: &[EnumValue]) -> TokenStream {
    let ident = format_ident!("{}", name);
    let variants: Vec<_> = values.iter().map(|v| format_ident!("{}", v.name)).collect();
    let wires: Vec<_> = values.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| format!(" `{w}`"));
    quote! {
        #docs
        ///
        /// Values this version of the crate does not know are kept in `Unknown` and
        /// serialised back unchanged.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #ident {
            #( #[doc = #variant_docs] #variants, )*
            /// A value not known to this version of the crate.
            Unknown(String),
        }

        impl #ident {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for #ident {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl std::str::FromStr for #ident {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                wire::string_enum(deserializer)
            }
        }
    }
}

fn emit_tagged(
    name: &str,
    docs: TokenStream,
    tag: &str,
    variants: &[TaggedVariant],
) -> TokenStream {
    let ident = format_ident!("{}", name);
    let names: Vec<_> = variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let tags: Vec<_> = variants.iter().map(|v| v.tag_value.as_str()).collect();
    // A boxed payload needs nothing else: `Box<T>` (de)serialises as `T`.
    let types: Vec<_> = variants
        .iter()
        .map(|v| payload_tokens(&v.ty, v.boxed))
        .collect();
    let variant_docs = variants.iter().map(|v| {
        let tag_line = format!("`{tag}: {}`", v.tag_value);
        doc_paragraphs([v.doc.as_deref().unwrap_or(""), &tag_line])
    });
    let unknown_doc = format!(
        " A `{tag}` this version of the crate does not know; the JSON object is kept whole."
    );
    let tag_doc = format!(
        " Told apart by the `{tag}` property. Kinds this version of the crate does not know"
    );
    quote! {
        #docs
        ///
        #[doc = #tag_doc]
        /// land in `Unknown` with their JSON kept, instead of failing.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #ident {
            #( #variant_docs #names(#types), )*
            #[doc = #unknown_doc]
            Unknown(serde_json::Value),
        }

        impl #ident {
            /// The value of the tag property.
            pub fn tag(&self) -> &str {
                match self {
                    #( Self::#names(_) => #tags, )*
                    Self::Unknown(value) => value.get(#tag).and_then(serde_json::Value::as_str).unwrap_or_default(),
                }
            }
        }

        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let writer = wire::TaggedWriter::new(serializer, #tag, self.tag());
                match self {
                    #( Self::#names(inner) => writer.variant(inner), )*
                    Self::Unknown(value) => writer.unknown(value),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                wire::tagged(deserializer)
            }
        }

        impl wire::TaggedUnion for #ident {
            const TAG: &'static str = #tag;

            fn decode<'de, A: serde::de::MapAccess<'de>>(
                tag: &str,
                body: wire::TaggedBody<'_, A>,
            ) -> Result<Self, A::Error> {
                match tag {
                    #( #tags => body.variant(Self::#names), )*
                    _ => body.unknown().map(Self::Unknown),
                }
            }
        }
    }
}

fn emit_untagged(
    name: &str,
    docs: TokenStream,
    variants: &[Variant],
    context: &Context,
) -> TokenStream {
    let ident = format_ident!("{}", name);
    let items = variants.iter().map(|v| {
        let name = format_ident!("{}", v.name);
        let ty = payload_tokens(&v.ty, v.boxed);
        let docs = v.doc.as_deref().map(doc_attrs).unwrap_or_else(|| {
            let text = format!(" A `{}`.", v.name);
            quote!(#[doc = #text])
        });
        quote!(#docs #name(#ty),)
    });
    let declared = variants.iter().map(|v| {
        let keys: Vec<&str> = match &v.ty {
            TypeRef::Named(n) => context
                .declared
                .get(n)
                .map(|k| k.iter().map(String::as_str).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        quote!(&[#(#keys),*])
    });
    let attempts = variants.iter().enumerate().map(|(index, v)| {
        let variant = format_ident!("{}", v.name);
        let label = &v.name;
        // The last arm catches every index: the variants are exhaustive.
        let pattern = if index + 1 == variants.len() {
            quote!(_)
        } else {
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            quote!(#index)
        };
        quote! {
            #pattern => trial.attempt(#label, Self::#variant),
        }
    });
    quote! {
        #docs
        ///
        /// The spec gives no tag. Decoding keeps the variant that declares most of the
        /// input's fields (the earlier one on a tie) of those that decode, so a loose
        /// variant never silently wins over a closer one.
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #ident {
            #(#items)*
        }

        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let mut trial = wire::Untagged::new(deserializer, &[#(#declared),*])?;
                while let Some(variant) = trial.next_variant() {
                    match variant {
                        #(#attempts)*
                    }
                }
                trial.finish(#name)
            }
        }
    }
}
