//! Matches the operations and webhooks of two versions and compares each pair: method
//! name, parameters, request body, response, content types.

use std::collections::{BTreeMap, BTreeSet};

use super::display::response_type;
use super::model::{ChangeKind, Direction};
use super::shapes::{Found, Types, Walker};
use crate::ir::{Api, Operation, Param, ParamLocation, ResponseBody};

/// A change attributed to an operation, before classification.
#[derive(Debug, Clone)]
pub struct Located {
    /// The operation's tag.
    pub tag: String,
    /// The operation's label.
    pub operation: String,
    /// Which way the data travels.
    pub direction: Direction,
    /// The change.
    pub found: Found,
}

/// Every change between the two versions' operations and webhooks, in no particular
/// order.
pub fn compare(old: &Api, new: &Api) -> Vec<Located> {
    let old_types = Types::new(old);
    let new_types = Types::new(new);
    let mut out = Vec::new();
    for pair in match_operations(&old.operations, &new.operations) {
        let mut cx = OperationDiff {
            old_types: &old_types,
            new_types: &new_types,
            out: &mut out,
        };
        match pair {
            Pair::Removed(op) => cx.push(
                op,
                ChangeKind::OperationRemoved,
                Direction::None,
                plain("", &op.method_name),
            ),
            Pair::Added(op) => cx.push(
                op,
                ChangeKind::OperationAdded,
                Direction::None,
                plain("", &op.method_name),
            ),
            Pair::Both(a, b) => {
                cx.operation(a, b);
                cx.content_types(a, b);
            }
        }
    }
    compare_webhooks(old, new, &old_types, &new_types, &mut out);
    out
}

/// A change at `location` with `detail`; its kind is set by `OperationDiff::push`.
fn plain(location: &str, detail: &str) -> Found {
    Found {
        kind: ChangeKind::OperationAdded,
        location: location.to_owned(),
        detail: detail.to_owned(),
        key: None,
    }
}

/// The label of an operation in reports.
pub fn label(op: &Operation) -> String {
    format!("{} {}", op.http_method, op.path)
}

#[derive(Debug)]
pub(super) enum Pair<'a> {
    Removed(&'a Operation),
    Added(&'a Operation),
    Both(&'a Operation, &'a Operation),
}

/// Pairs by (method, path) first; what is left over is paired by `operationId`, which
/// finds an operation that moved to another path.
pub(super) fn match_operations<'a>(old: &'a [Operation], new: &'a [Operation]) -> Vec<Pair<'a>> {
    let key = |op: &Operation| (op.http_method.clone(), op.path.clone());
    let new_by_key: BTreeMap<_, &Operation> = new.iter().map(|op| (key(op), op)).collect();
    let old_keys: BTreeSet<_> = old.iter().map(key).collect();
    let mut pairs = Vec::new();
    let mut old_left = Vec::new();
    for op in old {
        match new_by_key.get(&key(op)) {
            Some(other) => pairs.push(Pair::Both(op, other)),
            None => old_left.push(op),
        }
    }
    let mut new_left: BTreeMap<&str, &Operation> = new
        .iter()
        .filter(|op| !old_keys.contains(&key(op)))
        .map(|op| (op.operation_id.as_str(), op))
        .collect();
    for op in old_left {
        match new_left.remove(op.operation_id.as_str()) {
            Some(other) => pairs.push(Pair::Both(op, other)),
            None => pairs.push(Pair::Removed(op)),
        }
    }
    pairs.extend(new_left.into_values().map(Pair::Added));
    pairs
}

struct OperationDiff<'a, 'b, 'c> {
    old_types: &'b Types<'a>,
    new_types: &'b Types<'a>,
    out: &'c mut Vec<Located>,
}

impl OperationDiff<'_, '_, '_> {
    fn push(&mut self, op: &Operation, kind: ChangeKind, direction: Direction, found: Found) {
        self.out.push(Located {
            tag: op.tag.clone(),
            operation: label(op),
            direction,
            found: Found { kind, ..found },
        });
    }

    fn operation(&mut self, old: &Operation, new: &Operation) {
        if label(old) != label(new) {
            let detail = format!("{} -> {}", label(old), label(new));
            self.push(
                new,
                ChangeKind::PathChanged,
                Direction::None,
                plain("", &detail),
            );
        }
        if old.method_name != new.method_name {
            let detail = format!("{} -> {}", old.method_name, new.method_name);
            self.push(
                new,
                ChangeKind::MethodRenamed,
                Direction::None,
                plain("", &detail),
            );
        }
        self.params(old, new);
        self.body(old, new);
        self.response(old, new);
    }

    fn params(&mut self, old: &Operation, new: &Operation) {
        let index = |op: &Operation| -> BTreeMap<(u8, String), Param> {
            op.params
                .iter()
                .map(|p| ((location_order(p.location), p.wire.clone()), p.clone()))
                .collect()
        };
        let (old_params, new_params) = (index(old), index(new));
        for (key, param) in &old_params {
            if !new_params.contains_key(key) {
                let found = plain(&param_location(param), &param.ty.to_string());
                self.push(new, ChangeKind::ParameterRemoved, Direction::Request, found);
            }
        }
        for (key, param) in &new_params {
            let location = param_location(param);
            let Some(before) = old_params.get(key) else {
                let kind = if param.required {
                    ChangeKind::RequiredParameterAdded
                } else {
                    ChangeKind::ParameterAdded
                };
                let found = plain(&location, &param.ty.to_string());
                self.push(new, kind, Direction::Request, found);
                continue;
            };
            match (before.required, param.required) {
                (false, true) => self.push(
                    new,
                    ChangeKind::ParameterMadeRequired,
                    Direction::Request,
                    plain(&location, ""),
                ),
                (true, false) => self.push(
                    new,
                    ChangeKind::ParameterMadeOptional,
                    Direction::Request,
                    plain(&location, ""),
                ),
                _ => {}
            }
            self.walk(new, Direction::Request, |w| {
                w.compare_root(&before.ty, &param.ty, &location)
            });
        }
    }

    fn body(&mut self, old: &Operation, new: &Operation) {
        let location = "request body";
        match (&old.body, &new.body) {
            (None, None) => {}
            (Some(body), None) => {
                let found = plain(location, &body.ty.to_string());
                self.push(
                    new,
                    ChangeKind::RequestBodyRemoved,
                    Direction::Request,
                    found,
                );
            }
            (None, Some(body)) => {
                let kind = if body.required {
                    ChangeKind::RequiredRequestBodyAdded
                } else {
                    ChangeKind::RequestBodyAdded
                };
                self.push(
                    new,
                    kind,
                    Direction::Request,
                    plain(location, &body.ty.to_string()),
                );
            }
            (Some(a), Some(b)) => {
                // The generator also treats a body as required when its schema requires
                // a property; that inference is reported as the field change that caused
                // it, so only the spec's own `required` counts here.
                match (a.required_in_spec, b.required_in_spec) {
                    (false, true) => self.push(
                        new,
                        ChangeKind::RequestBodyMadeRequired,
                        Direction::Request,
                        plain(location, ""),
                    ),
                    (true, false) => self.push(
                        new,
                        ChangeKind::RequestBodyMadeOptional,
                        Direction::Request,
                        plain(location, ""),
                    ),
                    _ => {}
                }
                self.walk(new, Direction::Request, |w| {
                    w.compare_root(&a.ty, &b.ty, location)
                });
            }
        }
    }

    fn response(&mut self, old: &Operation, new: &Operation) {
        let location = "response body";
        match (&old.response, &new.response) {
            (ResponseBody::Json(a), ResponseBody::Json(b))
            | (ResponseBody::JsonLines(a), ResponseBody::JsonLines(b)) => {
                self.walk(new, Direction::Response, |w| w.compare_root(a, b, location));
            }
            (a, b) if a == b => {}
            (a, b) => {
                let detail = format!("{} -> {}", response_type(a), response_type(b));
                self.push(
                    new,
                    ChangeKind::ResponseKindChanged,
                    Direction::Response,
                    plain(location, &detail),
                );
            }
        }
    }

    /// Runs a shape walk and attributes what it finds to `op`.
    fn walk(&mut self, op: &Operation, direction: Direction, run: impl FnOnce(&mut Walker)) {
        let mut walker = Walker::new(self.old_types, self.new_types);
        run(&mut walker);
        for found in walker.found {
            let kind = found.kind;
            self.push(op, kind, direction, found);
        }
    }

    /// Content types of a body present in both versions; a body added or removed is
    /// reported as such, not once more as content types.
    fn content_types(&mut self, old: &Operation, new: &Operation) {
        let old_types = media_types(old);
        let new_types = media_types(new);
        for (location, removed) in &old_types {
            let Some(added) = new_types.get(location) else {
                continue;
            };
            let direction = direction_of(location);
            for media in removed.difference(added) {
                let found = plain(location, media);
                self.push(new, ChangeKind::ContentTypeRemoved, direction, found);
            }
            for media in added.difference(removed) {
                let found = plain(location, media);
                self.push(new, ChangeKind::ContentTypeAdded, direction, found);
            }
        }
    }
}

fn direction_of(location: &str) -> Direction {
    if location == "request body" {
        Direction::Request
    } else {
        Direction::Response
    }
}

/// The media types of the request body and of every 2xx response, by where they are.
fn media_types(op: &Operation) -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if let Some(types) = &op.request_content_types {
        found.insert("request body".to_owned(), types.iter().cloned().collect());
    }
    for response in op.responses.iter().filter(|r| r.status.is_success()) {
        found.insert(
            format!("response {}", response.status),
            response.content_types.iter().cloned().collect(),
        );
    }
    found
}

fn location_order(location: ParamLocation) -> u8 {
    match location {
        ParamLocation::Path => 0,
        ParamLocation::Query => 1,
        ParamLocation::Header => 2,
    }
}

fn param_location(param: &Param) -> String {
    let place = match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    };
    format!("{place} parameter {}", param.wire)
}

/// Webhooks are matched by `operationId`; their payload is read by the user's code, so
/// it is compared as a response.
fn compare_webhooks(
    old: &Api,
    new: &Api,
    old_types: &Types,
    new_types: &Types,
    out: &mut Vec<Located>,
) {
    let index = |api: &Api| -> BTreeMap<String, _> {
        api.webhooks
            .iter()
            .map(|w| (w.operation_id.clone(), w.payload.clone()))
            .collect()
    };
    let (old_hooks, new_hooks) = (index(old), index(new));
    let located = |id: &str, found: Found| Located {
        tag: "webhooks".to_owned(),
        operation: format!("webhook {id}"),
        direction: Direction::Response,
        found,
    };
    for (id, payload) in &old_hooks {
        match new_hooks.get(id) {
            None => {
                let found = Found {
                    kind: ChangeKind::WebhookRemoved,
                    ..plain("", &payload.to_string())
                };
                out.push(Located {
                    direction: Direction::None,
                    ..located(id, found)
                });
            }
            Some(new_payload) => {
                let mut walker = Walker::new(old_types, new_types);
                walker.compare_root(payload, new_payload, "payload");
                out.extend(walker.found.into_iter().map(|f| located(id, f)));
            }
        }
    }
    for (id, payload) in &new_hooks {
        if !old_hooks.contains_key(id) {
            let found = Found {
                kind: ChangeKind::WebhookAdded,
                ..plain("", &payload.to_string())
            };
            out.push(Located {
                direction: Direction::None,
                ..located(id, found)
            });
        }
    }
}
