//! Lowers the normalised document to the IR, in passes:
//!
//! 1. lowering (`operations` and `webhooks` through `openapiv3`, schemas by JSON pointer
//!    through `convert`, `objects`, `unions` and `scalars`) builds a type space
//!    (`space`) whose types refer to each other by id and carry the names they would
//!    like;
//! 2. `validate` reports what the spec says that the types cannot express;
//! 3. `merge` makes one type of types that are the same thing written in several places;
//! 4. `cycles` boxes one edge of every containment cycle of the finished graph;
//! 5. `settle` gives every type its name at once, from the candidates `naming`
//!    suggested, keeping clear of the names the generated code needs (`reserved`);
//!    then `usage_names` renames what responses hold after where the user reads it, and
//!    the settings' `type-names` name what no rule finds;
//! 6. the space and the operations become the IR, referring to types by name.

mod convert;
mod cycles;
mod declared;

mod doc_links;
mod merge;
mod naming;
mod objects;
mod operations;
mod reserved;
mod resolve;
mod scalars;
mod servers;
mod settle;
mod space;
mod unions;
mod usage_names;
mod validate;
mod webhooks;

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr, StatusCode};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir::Api;
use crate::pointer;
use crate::settings::Settings;
use convert::{Lowered, SchemaLowerer};
use naming::{Namer, SchemaRules};
use operations::Lowerer;
use space::TypeId;

/// Lowers the whole document.
pub fn lower(doc: &Value, openapi: &OpenAPI, settings: &Settings) -> (Api, Diagnostics) {
    let mut diags = Diagnostics::default();
    let webhook_paths = webhooks::webhook_paths(openapi, settings, &mut diags);
    let webhook_items = webhooks::webhook_items(doc, &mut diags);
    let rules = SchemaRules::new(settings);
    let namer = Namer::new(doc, webhook_paths.iter().cloned().collect(), rules);
    let mut schemas = SchemaLowerer::new(doc, namer);
    claim_response_names(openapi, &webhook_paths, &mut schemas);
    let client = servers::lower_client(openapi, settings, &mut diags);
    let mut lowerer = Lowerer::new(doc, schemas, diags);
    let mut operations = Vec::new();
    let mut webhooks = Vec::new();
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
        let is_webhook = webhook_paths.contains(path);
        if !is_webhook {
            webhooks::warn_of_own_servers(path, item, &mut lowerer.diags);
        }
        for (method, op) in item.iter() {
            let op_ptr = pointer::child(&item_ptr, method);
            if is_webhook {
                webhooks.extend(lowerer.webhook(op, &op_ptr, path));
            } else {
                operations.push(lowerer.operation(path, method, item, op, &op_ptr));
            }
        }
    }
    for (name, item_ptr, item) in &webhook_items {
        for (method, op) in item.iter() {
            let op_ptr = pointer::child(item_ptr, method);
            webhooks.extend(lowerer.webhook(op, &op_ptr, name));
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
    let Lowered {
        mut space,
        claims,
        schema_types,
        diags: schema_diags,
        namer,
    } = schemas.finish();
    for d in schema_diags.into_vec() {
        diags.push(d);
    }
    validate::check(&space, &mut diags);
    let distinct: BTreeSet<String> = settings.distinct_types.keys().cloned().collect();
    let merge_context = merge::MergeContext {
        doc,
        namer: &namer,
        claims: &claims,
        webhook_paths: &webhook_paths,
        distinct: &distinct,
    };
    merge::merge_identical(&mut space, &merge_context);
    cycles::break_cycles(&mut space);
    let mut names = settle::settle(&claims, &space);
    let roots = response_roots(&operations, &webhooks);
    usage_names::rename_by_use(&space, &mut names, &roots, doc, &namer);
    names.rename_all(&space, &settings.type_names);
    let name = |id: TypeId| names.type_name(id).to_owned();
    let mut api = Api {
        title: openapi.info.title.clone(),
        operations: operations.into_iter().map(|o| o.map_names(&name)).collect(),
        webhooks: webhooks.into_iter().map(|w| w.map_names(&name)).collect(),
        schema_types: schema_types
            .into_iter()
            .map(|(ptr, ty)| (ptr, ty.map_names(&name)))
            .collect(),
        types: space.into_types(&names),
        client,
        tag_docs: openapi
            .tags
            .iter()
            .filter_map(|tag| Some((tag.name.clone(), tag.description.clone()?)))
            .collect(),
    };
    doc_links::rewrite(&mut api, settings.reference_url.as_deref());
    (api, diags)
}

/// The types the responses of operations and the payloads of webhooks are.
fn response_roots(
    operations: &[crate::ir::Operation<TypeId>],
    webhooks: &[crate::ir::Webhook<TypeId>],
) -> Vec<TypeId> {
    use crate::ir::{ResponseBody, TypeRef};
    fn named(ty: &TypeRef<TypeId>, out: &mut Vec<TypeId>) {
        match ty {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::Array(inner) | TypeRef::Map(inner) => named(inner, out),
            _ => {}
        }
    }
    let mut roots = Vec::new();
    for op in operations {
        if let ResponseBody::Json(ty) | ResponseBody::JsonLines(ty) = &op.response {
            named(ty, &mut roots);
        }
    }
    for hook in webhooks {
        named(&hook.payload, &mut roots);
    }
    roots
}

/// The bodies of successful responses claim their names first (see [`settle::Claim`]).
fn claim_response_names(
    openapi: &OpenAPI,
    webhook_paths: &BTreeSet<String>,
    schemas: &mut SchemaLowerer,
) {
    for (path, item) in &openapi.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        if webhook_paths.contains(path) {
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
                    schemas.claim_name(&schema);
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use serde_json::Value;

    use crate::diagnostic::Diagnostics;
    use crate::ir::Api;
    use crate::settings::Settings;

    /// Lowers a hand-written tree (the `openapi`, `info` and `paths` an OpenAPI document
    /// needs are added when missing), with `settings`.
    pub fn lower_with(doc: &Value, settings: &Settings) -> (Api, Diagnostics) {
        let mut doc = doc.clone();
        if let Some(map) = doc.as_object_mut() {
            map.entry("openapi").or_insert_with(|| "3.0.3".into());
            map.entry("info")
                .or_insert_with(|| serde_json::json!({"title": "Test", "version": "1"}));
            map.entry("paths").or_insert_with(|| serde_json::json!({}));
        }
        let openapi: openapiv3::OpenAPI = serde_json::from_value(doc.clone()).unwrap();
        super::lower(&doc, &openapi, settings)
    }

    /// [`lower_with`] the default settings.
    pub fn lower_doc(doc: &Value) -> (Api, Diagnostics) {
        lower_with(doc, &Settings::default())
    }
}
