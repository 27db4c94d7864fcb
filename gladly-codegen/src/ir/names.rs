//! From types referred to by id to types referred to by name.

use super::{
    Field, LineFile, Operation, Param, RequestBody, ResponseBody, TaggedVariant, TypeRef, Webhook,
};

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
            TypeRef::Timestamp => TypeRef::Timestamp,
            TypeRef::Date => TypeRef::Date,
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
            read_only: self.read_only,
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
            example_response: self.example_response,
            line_files: self
                .line_files
                .into_iter()
                .map(|f| LineFile {
                    name: f.name,
                    param: f.param,
                    ty: f.ty.map_names(name),
                })
                .collect(),
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
