//! Unit tests of the diff on IRs written by hand: each test states two versions of the
//! API as plain values and the changes the diff must find, nothing more.

mod fields;
mod matching;
mod operations;
mod rules;

use crate::diff::{diff, ChangeKind, Direction, Severity};
use crate::ident;
use crate::ir::{
    Api, DeclaredResponse, Field, Operation, RequestBody, ResponseBody, ResponseStatus, TypeDef,
    TypeKind, TypeRef,
};

/// An operation with no parameters, body or response.
fn op(method: &str, path: &str, id: &str) -> Operation {
    Operation {
        operation_id: id.to_owned(),
        method_name: ident::field_name(id),
        builder_name: ident::type_name(id),
        http_method: method.to_owned(),
        path: path.to_owned(),
        tag: "Things".to_owned(),
        origin: String::new(),
        summary: None,
        description: None,
        deprecated: false,
        params: Vec::new(),
        body: None,
        response: ResponseBody::Empty,
        request_content_types: None,
        responses: Vec::new(),
        example_response: None,
        line_files: Vec::new(),
    }
}

/// A JSON request body of type `ty`, declared with `content_types`.
fn with_body(mut op: Operation, ty: TypeRef, required: bool, in_spec: bool) -> Operation {
    op.body = Some(RequestBody {
        ty,
        encoding: crate::ir::BodyEncoding::Json,
        required,
        doc: None,
        required_in_spec: in_spec,
    });
    op.request_content_types = Some(vec!["application/json".to_owned()]);
    op
}

/// A JSON response of type `ty` for `status`.
fn with_response(mut op: Operation, status: u16, ty: TypeRef) -> Operation {
    op.response = ResponseBody::Json(ty);
    op.responses.push(DeclaredResponse {
        status: ResponseStatus::Code(status),
        content_types: vec!["application/json".to_owned()],
    });
    op
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.to_owned())
}

fn field(wire: &str, ty: TypeRef, required: bool) -> Field {
    Field {
        name: ident::field_name(wire),
        wire: wire.to_owned(),
        ty,
        required,
        nullable: false,
        read_only: false,
        boxed: false,
        doc: None,
        origin: String::new(),
    }
}

fn structure(name: &str, fields: Vec<Field>) -> TypeDef {
    TypeDef {
        name: name.to_owned(),
        origin: String::new(),
        doc: None,
        kind: TypeKind::Struct { fields },
    }
}

fn api(operations: Vec<Operation>, types: Vec<TypeDef>) -> Api {
    Api {
        title: "Test".to_owned(),
        types,
        operations,
        ..Api::default()
    }
}

/// One API change as the tests compare it.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    kind: ChangeKind,
    direction: Direction,
    severity: Severity,
    operation: String,
    location: String,
    detail: String,
}

/// The API changes between two versions (the Rust item changes are left out).
fn api_changes(old: &Api, new: &Api) -> Vec<Seen> {
    diff(old, new)
        .changes
        .into_iter()
        .map(|c| Seen {
            kind: c.kind,
            direction: c.direction,
            severity: c.severity,
            operation: c.operation,
            location: c.location,
            detail: c.detail,
        })
        .collect()
}

/// The kinds of the API changes, in report order.
fn kinds(old: &Api, new: &Api) -> Vec<ChangeKind> {
    api_changes(old, new).into_iter().map(|c| c.kind).collect()
}
