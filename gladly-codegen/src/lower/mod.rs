//! Lowers the normalised document to the IR: operations through `openapiv3`, schemas
//! through [`schema::SchemaLowerer`].

mod declared;
mod naming;
mod schema;
mod servers;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    OpenAPI, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem,
    ReferenceOr, StatusCode,
};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ident;
use crate::ir::{
    Api, BodyEncoding, Operation, Param, ParamLocation, RequestBody, ResponseBody, TypeRef, Webhook,
};
use crate::pointer;
use crate::settings::Settings;
use naming::Namer;
use schema::SchemaLowerer;

/// Fields and methods every request builder has: a parameter may not take their names.
const BUILDER_MEMBERS: [&str; 7] = [
    "client",
    "options",
    "body",
    "with_options",
    "send",
    "send_with_response",
    "into_future",
];

/// Lowers the whole document.
pub fn lower(doc: &Value, openapi: &OpenAPI, settings: &Settings) -> (Api, Diagnostics) {
    let webhook_paths: Vec<String> = openapi
        .paths
        .paths
        .iter()
        .filter_map(|(path, item)| match item {
            ReferenceOr::Item(item) if is_webhook(item) => Some(path.clone()),
            _ => None,
        })
        .collect();
    let mut lowerer = Lowerer {
        doc,
        schemas: SchemaLowerer::new(doc, Namer::new(doc, webhook_paths)),
        diags: Diagnostics::default(),
        method_names: BTreeSet::new(),
        builder_names: BTreeSet::new(),
    };
    let mut api = Api {
        title: openapi.info.title.clone(),
        ..Api::default()
    };
    api.client = servers::lower_client(openapi, settings, &mut lowerer.diags);
    check_operation_ids(openapi, &mut lowerer.diags);
    // The bodies of successful responses claim their names first.
    for (path, item) in &openapi.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        if is_webhook(item) {
            continue;
        }
        for (method, op) in item.iter() {
            let op_ptr = pointer::child(&pointer::child("/paths", path), method);
            for (code, response) in &op.responses.responses {
                let success = matches!(code, StatusCode::Code(200..=299) | StatusCode::Range(2));
                let ReferenceOr::Item(response) = response else {
                    continue;
                };
                for media in response.content.keys().filter(|_| success) {
                    let responses =
                        pointer::child(&format!("{op_ptr}/responses"), &code.to_string());
                    let schema = pointer::child(&format!("{responses}/content"), media) + "/schema";
                    lowerer.schemas.claim_name(&schema);
                }
            }
        }
    }
    for (path, item) in &openapi.paths.paths {
        let item_ptr = pointer::child("/paths", path);
        let ReferenceOr::Item(item) = item else {
            lowerer.diags.push(Diagnostic::warning(
                "path-item-ref",
                &item_ptr,
                "path items given by `$ref` are not supported; skipped",
            ));
            continue;
        };
        for (method, op) in item.iter() {
            let op_ptr = pointer::child(&item_ptr, method);
            if is_webhook(item) {
                if let Some(webhook) = lowerer.webhook(op, &op_ptr) {
                    api.webhooks.push(webhook);
                }
            } else {
                api.operations
                    .push(lowerer.operation(path, method, item, op, &op_ptr));
            }
        }
    }
    // Schemas under `components` get types even when no operation uses them: they are
    // the spec's named vocabulary, and callers may want them.
    let component_names: Vec<String> = openapi
        .components
        .as_ref()
        .map(|c| c.schemas.keys().cloned().collect())
        .unwrap_or_default();
    for name in component_names {
        lowerer
            .schemas
            .lower_if_unnamed(&pointer::child("/components/schemas", &name));
    }
    let Lowerer {
        schemas, mut diags, ..
    } = lowerer;
    let (types, schema_types, schema_diags) = schemas.finish();
    api.types = types;
    api.schema_types = schema_types;
    for d in schema_diags.into_vec() {
        diags.push(d);
    }
    (api, diags)
}

/// Two operations with one `operationId` would be one method: an error, since which of
/// them a user meant cannot be guessed.
fn check_operation_ids(openapi: &OpenAPI, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    for (path, item) in &openapi.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            let Some(id) = op.operation_id.as_deref() else {
                continue;
            };
            let here = pointer::child(&pointer::child("/paths", path), method);
            match seen.get(id) {
                Some(first) => diags.push(
                    Diagnostic::error(
                        "duplicate-operation-id",
                        format!("{here}/operationId"),
                        format!("operationId `{id}` is also used by `#{first}`"),
                    )
                    .with_hint("every operationId must be unique; it names the client method"),
                ),
                None => {
                    seen.insert(id, here);
                }
            }
        }
    }
}

/// A path item with servers of its own describes requests sent *to* the user (a webhook),
/// not calls the client makes.
fn is_webhook(item: &PathItem) -> bool {
    !item.servers.is_empty()
}

struct Lowerer<'a> {
    doc: &'a Value,
    schemas: SchemaLowerer<'a>,
    diags: Diagnostics,
    method_names: BTreeSet<String>,
    builder_names: BTreeSet<String>,
}

impl Lowerer<'_> {
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &PathItem,
        op: &SpecOperation,
        op_ptr: &str,
    ) -> Operation {
        let operation_id = op
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{method} {path}"));
        let params = self.params(path, item, op, op_ptr);
        let body = self.request_body(op, op_ptr);
        let response = self.response(op, op_ptr);
        Operation {
            method_name: ident::unique(ident::field_name(&operation_id), &mut self.method_names),
            builder_name: ident::unique(ident::type_name(&operation_id), &mut self.builder_names),
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
            request_content_types: declared::request_content_types(op),
            responses: declared::responses(op),
        }
    }

    fn webhook(&mut self, op: &SpecOperation, op_ptr: &str) -> Option<Webhook> {
        let body = self.request_body(op, op_ptr)?;
        Some(Webhook {
            operation_id: op.operation_id.clone().unwrap_or_default(),
            payload: body.ty,
            origin: op_ptr.to_owned(),
            doc: op.description.clone().or(body.doc),
        })
    }

    /// Path-level parameters, overridden by operation-level ones of the same name and
    /// location; then every `{placeholder}` of the path is checked to have one.
    fn params(
        &mut self,
        path: &str,
        item: &PathItem,
        op: &SpecOperation,
        op_ptr: &str,
    ) -> Vec<Param> {
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
        let mut names: BTreeSet<String> = BUILDER_MEMBERS.iter().map(|m| (*m).to_owned()).collect();
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
            if location == ParamLocation::Path && !placeholders.contains(&data.name) {
                self.diags.push(Diagnostic::error(
                    "unused-path-parameter",
                    ptr,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`",
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
                    name: ident::unique(ident::field_name(&placeholder), &mut names),
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
                    .and_then(|target| pointer::resolve(self.doc, &target).ok())
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

    fn request_body(&mut self, op: &SpecOperation, op_ptr: &str) -> Option<RequestBody> {
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
    fn response(&mut self, op: &SpecOperation, op_ptr: &str) -> ResponseBody {
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
            return if redirect {
                ResponseBody::Redirect
            } else {
                ResponseBody::Empty
            };
        };
        let response_ptr = pointer::child(&format!("{op_ptr}/responses"), &code_token);
        let ReferenceOr::Item(response) = response else {
            self.diags.push(Diagnostic::warning(
                "response-ref",
                &response_ptr,
                "responses given by `$ref` are not supported yet; the body is returned as bytes",
            ));
            return ResponseBody::Bytes;
        };
        let Some((media, content)) = response.content.first() else {
            return ResponseBody::Empty;
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
            ResponseBody::Json(lowered(self))
        } else if is_json_lines(media) {
            ResponseBody::JsonLines(self.schemas.lower_line(&schema_ptr))
        } else {
            ResponseBody::Bytes
        }
    }
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

/// Parameters travel as text: a value the schema leaves untyped (an array without
/// `items`, say) is taken as a string rather than as JSON, which would be sent quoted.
fn parameter_type(ty: TypeRef) -> TypeRef {
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

fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

fn is_json_lines(media: &str) -> bool {
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
