//! Operations: a client method per operation, with its parameters, request body and
//! response.

use std::collections::BTreeSet;

use openapiv3::{
    Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr,
    StatusCode,
};
use serde_json::Value;

use super::convert::{SchemaLowerer, Ty};
use super::reserved::{
    name_set, safe_type_name, BUILDER_MEMBERS, CLIENT_METHODS, RESERVED_TYPE_NAMES,
};
use super::resolve::lookup;
use super::space::TypeId;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ident;
use crate::ir::{
    BodyEncoding, LineFile, Operation, Param, ParamLocation, RequestBody, ResponseBody, TypeRef,
};
use crate::pointer;

/// Lowers operations, and through [`SchemaLowerer`] the schemas they use.
pub struct Lowerer<'a> {
    doc: &'a Value,
    pub schemas: SchemaLowerer<'a>,
    pub diags: Diagnostics,
    method_names: BTreeSet<String>,
    builder_names: BTreeSet<String>,
}

impl<'a> Lowerer<'a> {
    /// Starts with no operations, adding to `diags`.
    pub fn new(doc: &'a Value, schemas: SchemaLowerer<'a>, diags: Diagnostics) -> Self {
        Self {
            doc,
            schemas,
            diags,
            method_names: name_set(&CLIENT_METHODS),
            builder_names: name_set(&RESERVED_TYPE_NAMES),
        }
    }

    /// The client method for one operation.
    pub fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &PathItem,
        op: &SpecOperation,
        op_ptr: &str,
    ) -> Operation<TypeId> {
        let operation_id = op
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{method} {path}"));
        let params = self.params(path, item, op, op_ptr);
        let body = self.request_body(op, op_ptr);
        let (response, files) = self.response(op, op_ptr);
        Operation {
            method_name: ident::unique(ident::field_name(&operation_id), &mut self.method_names),
            builder_name: ident::unique(
                safe_type_name(&ident::type_name(&operation_id), "Request"),
                &mut self.builder_names,
            ),
            operation_id,
            http_method: method.to_uppercase(),
            path: path.to_owned(),
            tag: op
                .tags
                .first()
                .cloned()
                .unwrap_or_else(|| "Default".to_owned()),
            origin: op_ptr.to_owned(),
            summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
            description: op.description.clone().filter(|s| !s.trim().is_empty()),
            deprecated: op.deprecated,
            params,
            body,
            response,
            request_content_types: super::declared::request_content_types(op),
            responses: super::declared::responses(op),
            example_response: super::declared::example_response(self.doc, op_ptr),
            line_files: line_files(path, files),
        }
    }

    /// Path-level parameters, overridden by operation-level ones of the same name and
    /// location; then every `{placeholder}` of the path is checked to have one.
    fn params(
        &mut self,
        path: &str,
        item: &PathItem,
        op: &SpecOperation,
        op_ptr: &str,
    ) -> Vec<Param<TypeId>> {
        let item_ptr = pointer::child("/paths", path);
        let mut declared: Vec<(String, Parameter)> = Vec::new();
        let sources = [
            (&item.parameters, format!("{item_ptr}/parameters")),
            (&op.parameters, format!("{op_ptr}/parameters")),
        ];
        for (list, list_ptr) in sources {
            for (index, param) in list.iter().enumerate() {
                let param_ptr = format!("{list_ptr}/{index}");
                let Some((ptr, param)) = self.resolve_parameter(param, &param_ptr) else {
                    continue;
                };
                let data = param.parameter_data_ref();
                declared.retain(|(_, p)| {
                    let d = p.parameter_data_ref();
                    !(d.name == data.name
                        && std::mem::discriminant(p) == std::mem::discriminant(&param))
                });
                declared.push((ptr, param));
            }
        }
        let placeholders = placeholders(path);
        // Each parameter is a field of the builder, and a setter when optional.
        let mut names = name_set(&BUILDER_MEMBERS);
        let mut params = Vec::new();
        for (ptr, param) in &declared {
            let data = param.parameter_data_ref();
            let location = match param {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => {
                    self.diags.push(Diagnostic::warning(
                        "cookie-parameter",
                        ptr,
                        format!(
                            "cookie parameter `{}` is not supported; left out",
                            data.name
                        ),
                    ));
                    continue;
                }
            };
            // Nothing could be sent for it: tools read such a spec by ignoring it.
            if location == ParamLocation::Path && !placeholders.contains(&data.name) {
                self.diags.push(Diagnostic::warning(
                    "unused-path-parameter",
                    ptr,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`; left out",
                        data.name
                    ),
                ));
                continue;
            }
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(_) => {
                    parameter_type(self.schemas.lower(&format!("{ptr}/schema")))
                }
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            params.push(Param {
                name: ident::unique(param_name(&data.name), &mut names),
                wire: data.name.clone(),
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                doc: data.description.clone().filter(|d| !d.trim().is_empty()),
            });
        }
        for placeholder in placeholders {
            let known = params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire == placeholder);
            if !known {
                self.diags.push(Diagnostic::warning(
                    "undeclared-path-parameter",
                    op_ptr,
                    format!("`{{{placeholder}}}` in the path has no parameter; taken as a required string"),
                ));
                params.push(Param {
                    name: ident::unique(param_name(&placeholder), &mut names),
                    wire: placeholder,
                    location: ParamLocation::Path,
                    ty: TypeRef::String,
                    required: true,
                    doc: None,
                });
            }
        }
        params
    }

    fn resolve_parameter(
        &mut self,
        param: &ReferenceOr<Parameter>,
        ptr: &str,
    ) -> Option<(String, Parameter)> {
        match param {
            ReferenceOr::Item(p) => Some((ptr.to_owned(), p.clone())),
            ReferenceOr::Reference { reference } => {
                let Some(value) = pointer::from_ref(reference)
                    .and_then(|target| lookup(self.doc, &target).map(|v| (target, v)))
                else {
                    self.diags.push(Diagnostic::error(
                        "dangling-ref",
                        format!("{ptr}/$ref"),
                        format!("`$ref` to `{reference}`, which does not exist in this document"),
                    ));
                    return None;
                };
                let (target, value) = value;
                match serde_json::from_value::<Parameter>(value.clone()) {
                    Ok(p) => Some((target, p)),
                    Err(e) => {
                        self.diags.push(Diagnostic::warning(
                            "bad-parameter-ref",
                            ptr,
                            format!("`{reference}` is not a parameter ({e}); left out"),
                        ));
                        None
                    }
                }
            }
        }
    }

    pub(super) fn request_body(
        &mut self,
        op: &SpecOperation,
        op_ptr: &str,
    ) -> Option<RequestBody<TypeId>> {
        let body_ptr = format!("{op_ptr}/requestBody");
        let body = match op.request_body.as_ref()? {
            ReferenceOr::Item(body) => body.clone(),
            ReferenceOr::Reference { .. } => {
                self.diags.push(Diagnostic::warning(
                    "request-body-ref",
                    &body_ptr,
                    "request bodies given by `$ref` are not supported yet; left out",
                ));
                return None;
            }
        };
        let encoding_of = |media: &str| {
            if is_json(media) {
                Some(BodyEncoding::Json)
            } else {
                match essence(media) {
                    "application/x-www-form-urlencoded" => Some(BodyEncoding::Form),
                    "multipart/form-data" => Some(BodyEncoding::Multipart),
                    _ => None,
                }
            }
        };
        // JSON first, then forms: the richest encoding the spec offers.
        let chosen = [
            BodyEncoding::Json,
            BodyEncoding::Form,
            BodyEncoding::Multipart,
        ]
        .into_iter()
        .find_map(|wanted| {
            body.content
                .keys()
                .find(|m| encoding_of(m) == Some(wanted))
                .map(|m| (m.clone(), wanted))
        });
        let Some((media, encoding)) = chosen else {
            self.diags.push(Diagnostic::warning(
                "unsupported-request-content",
                &body_ptr,
                format!(
                    "request body content types {:?} are not supported yet; left out",
                    body.content.keys().collect::<Vec<_>>()
                ),
            ));
            return None;
        };
        let schema_ptr = pointer::child(&format!("{body_ptr}/content"), &media) + "/schema";
        let ty = if body.content.get(&media).is_some_and(|m| m.schema.is_some()) {
            self.schemas.lower(&schema_ptr)
        } else {
            TypeRef::Json
        };
        // A body whose schema requires properties cannot be left out, whatever the
        // (often forgotten) `required` flag of the request body says.
        let has_required_fields = self.schemas.requires_properties(&schema_ptr);
        Some(RequestBody {
            ty,
            encoding,
            required: body.required || has_required_fields,
            doc: body.description.clone().filter(|d| !d.trim().is_empty()),
            required_in_spec: body.required,
        })
    }

    /// The first 2xx response decides what a call returns.
    /// The successful answer, and for a JSON-lines answer the files it names (see
    /// [`Operation::line_files`]).
    fn response(
        &mut self,
        op: &SpecOperation,
        op_ptr: &str,
    ) -> (ResponseBody<TypeId>, Vec<(String, Ty)>) {
        let success = op.responses.responses.iter().find(|(code, _)| match code {
            StatusCode::Code(n) => (200..300).contains(n),
            StatusCode::Range(n) => *n == 2,
        });
        // With no 2xx response, `default` describes the success too.
        let default = op
            .responses
            .default
            .as_ref()
            .map(|r| (r, "default".to_owned()));
        let Some((response, code_token)) = success
            .map(|(code, response)| (response, code.to_string()))
            .or(default)
        else {
            let redirect = op.responses.responses.keys().any(|code| match code {
                StatusCode::Code(n) => (300..400).contains(n),
                StatusCode::Range(n) => *n == 3,
            });
            let body = if redirect {
                ResponseBody::Redirect
            } else {
                ResponseBody::Empty
            };
            return (body, Vec::new());
        };
        let response_ptr = pointer::child(&format!("{op_ptr}/responses"), &code_token);
        let ReferenceOr::Item(response) = response else {
            self.diags.push(Diagnostic::warning(
                "response-ref",
                &response_ptr,
                "responses given by `$ref` are not supported yet; the body is returned as bytes",
            ));
            return (ResponseBody::Bytes, Vec::new());
        };
        let Some((media, content)) = response.content.first() else {
            return (ResponseBody::Empty, Vec::new());
        };
        let schema_ptr = pointer::child(&format!("{response_ptr}/content"), media) + "/schema";
        let lowered = |this: &mut Self| {
            if content.schema.is_some() {
                this.schemas.lower(&schema_ptr)
            } else {
                TypeRef::Json
            }
        };
        if is_json(media) {
            (ResponseBody::Json(lowered(self)), Vec::new())
        } else if is_json_lines(media) {
            let line = self.schemas.lower_line(&schema_ptr);
            (
                ResponseBody::JsonLines(line),
                self.schemas.named_line_files(&schema_ptr),
            )
        } else {
            (ResponseBody::Bytes, Vec::new())
        }
    }
}

/// The files of a JSON-lines answer, named by the last parameter of the path (the one
/// that picks the file: `/export/jobs/{jobId}/files/{filename}`).
fn line_files(path: &str, files: Vec<(String, Ty)>) -> Vec<LineFile<TypeId>> {
    let last_param = path
        .rsplit('{')
        .next()
        .and_then(|rest| rest.split('}').next())
        .filter(|_| path.contains('{'));
    let Some(param) = last_param else {
        return Vec::new();
    };
    files
        .into_iter()
        .map(|(name, ty)| LineFile {
            name,
            param: param.to_owned(),
            ty,
        })
        .collect()
}

/// Parameters travel as text: a value the schema leaves untyped (an array without
/// `items`, say) is taken as a string rather than as JSON, which would be sent quoted.
fn parameter_type(ty: Ty) -> Ty {
    match ty {
        TypeRef::Json | TypeRef::JsonObject => TypeRef::String,
        TypeRef::Array(item) => TypeRef::Array(Box::new(parameter_type(*item))),
        other => other,
    }
}

/// `application/json; charset=utf-8` -> `application/json`.
fn essence(media: &str) -> &str {
    media.split(';').next().unwrap_or_default().trim()
}

pub(super) fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

pub(super) fn is_json_lines(media: &str) -> bool {
    matches!(
        media.split(';').next().unwrap_or_default().trim(),
        "application/x-jsonlines"
            | "application/x-ndjson"
            | "application/jsonl"
            | "application/jsonlines"
    )
}

/// The `{name}`s of a path template.
fn placeholders(path: &str) -> Vec<String> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(str::to_owned)
        .collect()
}

/// A parameter's Rust name: a name the builder itself uses gets `_param` appended, so
/// that it reads as what it is rather than as a numbered copy.
fn param_name(wire: &str) -> String {
    let name = ident::field_name(wire);
    if BUILDER_MEMBERS.contains(&name.as_str()) {
        format!("{name}_param")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{ParamLocation, ResponseBody, TypeRef};
    use crate::lower::test_support::lower_doc;
    use serde_json::json;

    #[test]
    fn parameters_bodies_and_responses() {
        let doc = json!({"paths": {"/items/{itemId}/{part}": {
            "parameters": [
                {"name": "itemId", "in": "path", "required": true, "schema": {"type": "integer"}},
                {"name": "verbose", "in": "query", "schema": {"type": "boolean"}}
            ],
            "post": {
                "operationId": "postItem",
                "parameters": [
                    {"name": "verbose", "in": "query", "schema": {"type": "string"}},
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                    {"name": "tags", "in": "query", "schema": {"type": "array"}}
                ],
                "requestBody": {"content": {"application/json": {"schema": {
                    "type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}}},
                "responses": {"303": {"description": "See other"}}
            }
        }}});
        let (api, diags) = lower_doc(&doc);
        let op = &api.operations[0];
        let params: Vec<(&str, ParamLocation, &TypeRef, bool)> = op
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.location, &p.ty, p.required))
            .collect();
        let strings = TypeRef::Array(Box::new(TypeRef::String));
        assert_eq!(
            params,
            [
                ("item_id", ParamLocation::Path, &TypeRef::I64, true),
                // The operation's own `verbose` replaces the path item's.
                ("verbose", ParamLocation::Query, &TypeRef::String, false),
                // Untyped items travel as text.
                ("tags", ParamLocation::Query, &strings, false),
                ("part", ParamLocation::Path, &TypeRef::String, true),
            ]
        );
        // A body whose schema requires properties is required, whatever the flag says.
        assert!(op.body.as_ref().is_some_and(|b| b.required));
        assert_eq!(op.response, ResponseBody::Redirect);
        let codes: Vec<&str> = diags.items().iter().map(|d| d.code).collect();
        assert_eq!(codes, ["cookie-parameter", "undeclared-path-parameter"]);
    }
}

#[cfg(test)]
mod name_tests {
    use crate::lower::test_support::lower_doc;
    use serde_json::json;

    #[test]
    fn names_the_client_and_its_builders_need_are_kept_free() {
        let op = |id: &str| {
            json!({"operationId": id, "parameters": [
                {"name": "client", "in": "query", "schema": {"type": "string"}},
                {"name": "send", "in": "query", "schema": {"type": "string"}}
            ], "responses": {"204": {"description": "done"}}})
        };
        let doc = json!({"paths": {
            "/a": {"get": op("send")},
            "/b": {"get": op("builder")}
        }});
        let (api, _) = lower_doc(&doc);
        let names: Vec<(&str, &str)> = api
            .operations
            .iter()
            .map(|o| (o.method_name.as_str(), o.builder_name.as_str()))
            .collect();
        // `Send` would hide the trait the builders' futures name; `Client::builder`
        // exists already.
        assert_eq!(names, [("send", "SendRequest"), ("builder2", "Builder")]);
        let params: Vec<&str> = api.operations[0]
            .params
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(params, ["client_param", "send_param"]);
    }
}
