//! The report's data: plain values, serialisable as the JSON report.

use serde::Serialize;

/// How a change affects code that uses the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Code that compiled and worked against the old crate may stop compiling, or a
    /// request it sends may now be rejected.
    Breaking,
    /// Existing code keeps compiling and working.
    Compatible,
}

/// Which way the data affected by a change travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Written by the caller: parameters and request bodies.
    Request,
    /// Read by the caller: response bodies and webhook payloads.
    Response,
    /// Not about data: operations themselves and the Rust items of the crate.
    None,
}

/// What changed. The same list covers the API (wire level) and the generated crate's
/// public Rust items; `rules::RULES` says how each is classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new operation (method, path).
    OperationAdded,
    /// An operation is gone.
    OperationRemoved,
    /// Same method and path, another `operationId`: the client method has a new name.
    MethodRenamed,
    /// Same `operationId`, another method or path.
    PathChanged,
    /// A new webhook description.
    WebhookAdded,
    /// A webhook description is gone.
    WebhookRemoved,
    /// A new optional parameter.
    ParameterAdded,
    /// A new required parameter.
    RequiredParameterAdded,
    /// A parameter is gone.
    ParameterRemoved,
    /// An optional parameter became required.
    ParameterMadeRequired,
    /// A required parameter became optional.
    ParameterMadeOptional,
    /// An optional request body where there was none.
    RequestBodyAdded,
    /// A required request body where there was none.
    RequiredRequestBodyAdded,
    /// The request body is gone.
    RequestBodyRemoved,
    /// An optional request body became required.
    RequestBodyMadeRequired,
    /// A required request body became optional.
    RequestBodyMadeOptional,
    /// The successful response's kind changed (JSON, JSON lines, bytes, empty).
    ResponseKindChanged,
    /// A new optional object property.
    FieldAdded,
    /// A new required object property.
    RequiredFieldAdded,
    /// An object property is gone.
    FieldRemoved,
    /// An optional property became required.
    FieldMadeRequired,
    /// A required property became optional.
    FieldMadeOptional,
    /// A required property may now be `null`, or may no longer be.
    FieldNullableChanged,
    /// A value's type changed (scalar, array, map, object, enum or union).
    TypeChanged,
    /// A new value of a string enum.
    EnumValueAdded,
    /// A value of a string enum is gone.
    EnumValueRemoved,
    /// A new variant of a union (by tag value for tagged unions).
    VariantAdded,
    /// A variant of a union is gone.
    VariantRemoved,
    /// A content type the operation accepts or answers with is new.
    ContentTypeAdded,
    /// A content type the operation accepted or answered with is gone.
    ContentTypeRemoved,
    /// A new public Rust item (type, field, variant, method, builder setter).
    RustItemAdded,
    /// A public Rust item is gone.
    RustItemRemoved,
    /// A public Rust item's type or signature changed.
    RustItemChanged,
}

impl ChangeKind {
    /// Every kind, in report order.
    pub const ALL: [ChangeKind; 33] = [
        ChangeKind::OperationAdded,
        ChangeKind::OperationRemoved,
        ChangeKind::MethodRenamed,
        ChangeKind::PathChanged,
        ChangeKind::WebhookAdded,
        ChangeKind::WebhookRemoved,
        ChangeKind::ParameterAdded,
        ChangeKind::RequiredParameterAdded,
        ChangeKind::ParameterRemoved,
        ChangeKind::ParameterMadeRequired,
        ChangeKind::ParameterMadeOptional,
        ChangeKind::RequestBodyAdded,
        ChangeKind::RequiredRequestBodyAdded,
        ChangeKind::RequestBodyRemoved,
        ChangeKind::RequestBodyMadeRequired,
        ChangeKind::RequestBodyMadeOptional,
        ChangeKind::ResponseKindChanged,
        ChangeKind::FieldAdded,
        ChangeKind::RequiredFieldAdded,
        ChangeKind::FieldRemoved,
        ChangeKind::FieldMadeRequired,
        ChangeKind::FieldMadeOptional,
        ChangeKind::FieldNullableChanged,
        ChangeKind::TypeChanged,
        ChangeKind::EnumValueAdded,
        ChangeKind::EnumValueRemoved,
        ChangeKind::VariantAdded,
        ChangeKind::VariantRemoved,
        ChangeKind::ContentTypeAdded,
        ChangeKind::ContentTypeRemoved,
        ChangeKind::RustItemAdded,
        ChangeKind::RustItemRemoved,
        ChangeKind::RustItemChanged,
    ];

    /// The kind as written in reports (`field_added`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::OperationAdded => "operation_added",
            ChangeKind::OperationRemoved => "operation_removed",
            ChangeKind::MethodRenamed => "method_renamed",
            ChangeKind::PathChanged => "path_changed",
            ChangeKind::WebhookAdded => "webhook_added",
            ChangeKind::WebhookRemoved => "webhook_removed",
            ChangeKind::ParameterAdded => "parameter_added",
            ChangeKind::RequiredParameterAdded => "required_parameter_added",
            ChangeKind::ParameterRemoved => "parameter_removed",
            ChangeKind::ParameterMadeRequired => "parameter_made_required",
            ChangeKind::ParameterMadeOptional => "parameter_made_optional",
            ChangeKind::RequestBodyAdded => "request_body_added",
            ChangeKind::RequiredRequestBodyAdded => "required_request_body_added",
            ChangeKind::RequestBodyRemoved => "request_body_removed",
            ChangeKind::RequestBodyMadeRequired => "request_body_made_required",
            ChangeKind::RequestBodyMadeOptional => "request_body_made_optional",
            ChangeKind::ResponseKindChanged => "response_kind_changed",
            ChangeKind::FieldAdded => "field_added",
            ChangeKind::RequiredFieldAdded => "required_field_added",
            ChangeKind::FieldRemoved => "field_removed",
            ChangeKind::FieldMadeRequired => "field_made_required",
            ChangeKind::FieldMadeOptional => "field_made_optional",
            ChangeKind::FieldNullableChanged => "field_nullable_changed",
            ChangeKind::TypeChanged => "type_changed",
            ChangeKind::EnumValueAdded => "enum_value_added",
            ChangeKind::EnumValueRemoved => "enum_value_removed",
            ChangeKind::VariantAdded => "variant_added",
            ChangeKind::VariantRemoved => "variant_removed",
            ChangeKind::ContentTypeAdded => "content_type_added",
            ChangeKind::ContentTypeRemoved => "content_type_removed",
            ChangeKind::RustItemAdded => "rust_item_added",
            ChangeKind::RustItemRemoved => "rust_item_removed",
            ChangeKind::RustItemChanged => "rust_item_changed",
        }
    }
}

/// One change in the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Breaking or compatible, from `rules::classify`.
    pub severity: Severity,
    /// What changed.
    pub kind: ChangeKind,
    /// Which way the affected data travels.
    pub direction: Direction,
    /// The operation's tag (its module in the generated crate); `webhooks` for webhooks.
    pub tag: String,
    /// The operation: `GET /api/v1/tasks/{taskId}`, or `webhook <operationId>`.
    pub operation: String,
    /// Where in the operation: `query parameter email`, `request body .customer.name`,
    /// `response body .results[]`. Empty for the operation itself.
    pub location: String,
    /// What it was and is: `string -> integer`, `"CLOSED"`, ...
    pub detail: String,
    /// Other operations reaching the same changed schema (the change is listed once,
    /// under the first operation in report order).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_in: Vec<String>,
}

/// One change to the generated crate's public Rust items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustChange {
    /// Breaking or compatible, from `rules::classify`.
    pub severity: Severity,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The item's path: `types::Task`, `types::Task::status`, `Client::get_task`,
    /// `operations::FindCustomers::email`.
    pub item: String,
    /// What it was and is: a type or a signature.
    pub detail: String,
}

/// The whole report: sorted, breaking first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Changes of the API.
    pub changes: Vec<Change>,
    /// Changes of the generated crate's public items.
    pub rust: Vec<RustChange>,
}

impl Report {
    /// Number of breaking changes, API and Rust items together.
    pub fn breaking(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.severity == Severity::Breaking)
            .count()
            + self
                .rust
                .iter()
                .filter(|c| c.severity == Severity::Breaking)
                .count()
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.rust.is_empty()
    }
}
