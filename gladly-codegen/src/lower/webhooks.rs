//! Requests the API sends to the user's server, rather than calls the client makes. They
//! are the operations of OpenAPI 3.1's top-level `webhooks` map, and those of the path
//! items the settings name (`webhook-paths`: a 3.0 document has no `webhooks` map, and
//! some, like Gladly's, describe their webhooks under `paths`). Each becomes a payload
//! type and a `webhook::parse_…` function instead of a client method.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, Operation as SpecOperation, PathItem, ReferenceOr};
use serde_json::Value;

use super::operations::Lowerer;
use super::resolve::lookup;
use super::space::TypeId;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir::Webhook;
use crate::normalise::clean_path_key;
use crate::pointer;
use crate::settings::Settings;

/// The path keys (as normalisation left them) whose operations are webhooks: those the
/// settings name, written as in the spec or as repaired. A name that matches no path is
/// reported, since it is most likely a typo that turns a webhook into a client method.
pub fn webhook_paths(
    openapi: &OpenAPI,
    settings: &Settings,
    diags: &mut Diagnostics,
) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for wanted in &settings.webhook_paths {
        let repaired = clean_path_key(wanted).0;
        let key = openapi
            .paths
            .paths
            .keys()
            .find(|key| *key == wanted || **key == repaired);
        match key {
            Some(key) => {
                found.insert(key.clone());
            }
            None => diags.push(
                Diagnostic::warning(
                    "unknown-webhook-path",
                    "/paths",
                    format!("the settings name `{wanted}` as a webhook path, but the spec has no such path"),
                )
                .with_hint("`webhook-paths` lists path keys as the spec writes them"),
            ),
        }
    }
    found
}

/// A path item under `paths` that has servers of its own but is not a webhook: its
/// operations are client methods, sent to the API's main server.
pub fn warn_of_own_servers(path: &str, item: &PathItem, diags: &mut Diagnostics) {
    if item.servers.is_empty() {
        return;
    }
    diags.push(
        Diagnostic::warning(
            "path-servers-ignored",
            pointer::child(&pointer::child("/paths", path), "servers"),
            "this path item has servers of its own; the client sends its requests to the API's main server",
        )
        .with_hint("if the spec describes requests sent *to* your server here, list the path under `webhook-paths` in the settings"),
    );
}

/// The path items of the top-level `webhooks` map (OpenAPI 3.1), read from the tree:
/// (name, pointer, item). One that cannot be read as a path item is reported and left
/// out.
pub fn webhook_items(doc: &Value, diags: &mut Diagnostics) -> Vec<(String, String, PathItem)> {
    let Some(map) = lookup(doc, "/webhooks").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut items = Vec::new();
    for (name, node) in map {
        let item_ptr = pointer::child("/webhooks", name);
        match serde_json::from_value::<ReferenceOr<PathItem>>(node.clone()) {
            Ok(ReferenceOr::Item(item)) => items.push((name.clone(), item_ptr, item)),
            Ok(ReferenceOr::Reference { .. }) => diags.push(Diagnostic::warning(
                "webhook-ref",
                item_ptr,
                "webhooks given by `$ref` are not supported; skipped",
            )),
            Err(error) => diags.push(Diagnostic::warning(
                "invalid-webhook",
                item_ptr,
                format!("not a path item ({error}); skipped"),
            )),
        }
    }
    items
}

impl Lowerer<'_> {
    /// The payload of a request the API sends to the user; `name` is the webhook's name
    /// when the operation has no `operationId`.
    pub fn webhook(
        &mut self,
        op: &SpecOperation,
        op_ptr: &str,
        name: &str,
    ) -> Option<Webhook<TypeId>> {
        let body = self.request_body(op, op_ptr)?;
        Some(Webhook {
            operation_id: op.operation_id.clone().unwrap_or_else(|| name.to_owned()),
            payload: body.ty,
            origin: op_ptr.to_owned(),
            doc: op.description.clone().or(body.doc),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::TypeRef;
    use crate::lower::test_support::{lower_doc, lower_with};
    use crate::settings::Settings;
    use serde_json::{json, Value};

    fn post(schema: Value) -> Value {
        json!({"post": {
            "requestBody": {"content": {"application/json": {"schema": schema}}},
            "responses": {"200": {"description": "ok"}}
        }})
    }

    fn doc() -> Value {
        let mut hook = post(json!({"title": "Event", "type": "object", "properties": {"id": {}}}));
        hook["servers"] = json!([{"url": "https://you.example.com"}]);
        json!({"paths": {"/hook": hook}})
    }

    fn codes(diags: &crate::Diagnostics) -> Vec<&'static str> {
        diags.items().iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_path_with_servers_is_an_operation_unless_the_settings_say_webhook() {
        let (api, diags) = lower_doc(&doc());
        assert_eq!(api.operations.len(), 1);
        assert!(api.webhooks.is_empty());
        assert_eq!(codes(&diags), ["path-servers-ignored"]);
        assert_eq!(diags.items()[0].pointer, "/paths/~1hook/servers");

        let settings = Settings {
            webhook_paths: vec!["/hook".to_owned()],
            ..Settings::default()
        };
        let (api, diags) = lower_with(&doc(), &settings);
        assert!(api.operations.is_empty());
        assert_eq!(api.webhooks.len(), 1);
        assert_eq!(
            api.webhooks[0].payload,
            TypeRef::Named("WebhookEvent".into())
        );
        assert!(diags.items().is_empty(), "{:?}", diags.items());
    }

    #[test]
    fn settings_name_paths_as_written_or_as_repaired() {
        // The spec's key had a query string that normalisation dropped.
        let settings = Settings {
            webhook_paths: vec!["/hook?source=x".to_owned(), "/nowhere".to_owned()],
            ..Settings::default()
        };
        let (api, diags) = lower_with(&doc(), &settings);
        assert_eq!(api.webhooks.len(), 1);
        assert_eq!(codes(&diags), ["unknown-webhook-path"]);
        assert!(diags.items()[0].message.contains("`/nowhere`"));
    }

    #[test]
    fn the_webhooks_map_of_openapi_3_1() {
        let doc = json!({
            "webhooks": {
                "newPet": post(json!({"$ref": "#/components/schemas/Pet"})),
                // Unlike `Pet` (an identical inline schema would be merged into it).
                "petGone": post(json!({"type": "object", "properties": {"id": {}, "at": {"type": "string"}}})),
                "broken": {"post": 3},
                "elsewhere": {"$ref": "#/webhooks/newPet"}
            },
            "components": {"schemas": {"Pet": {"type": "object", "properties": {"id": {}}}}}
        });
        let (api, diags) = lower_doc(&doc);
        let hooks: Vec<(&str, &str, &TypeRef)> = api
            .webhooks
            .iter()
            .map(|w| (w.operation_id.as_str(), w.origin.as_str(), &w.payload))
            .collect();
        assert_eq!(
            hooks,
            [
                (
                    "newPet",
                    "/webhooks/newPet/post",
                    &TypeRef::Named("Pet".into())
                ),
                // Named for the webhook when the schema has no title.
                (
                    "petGone",
                    "/webhooks/petGone/post",
                    &TypeRef::Named("WebhookPetGone".into())
                ),
            ]
        );
        assert_eq!(codes(&diags), ["invalid-webhook", "webhook-ref"]);
    }
}
