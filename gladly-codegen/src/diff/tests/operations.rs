//! Parameters, request bodies, responses and content types of a matched operation.

use super::{api, api_changes, kinds, op, with_body, with_response};
use crate::diff::ChangeKind as K;
use crate::ir::{DeclaredResponse, Param, ParamLocation, ResponseBody, ResponseStatus, TypeRef};

fn param(wire: &str, location: ParamLocation, required: bool) -> Param {
    Param {
        wire: wire.to_owned(),
        name: crate::ident::field_name(wire),
        location,
        ty: TypeRef::String,
        required,
        doc: None,
    }
}

#[test]
fn parameters_are_matched_by_location_and_wire_name() {
    let mut old = op("GET", "/things", "listThings");
    old.params = vec![
        param("limit", ParamLocation::Query, false),
        param("page", ParamLocation::Query, false),
        param("X-Trace", ParamLocation::Header, false),
    ];
    let mut new = op("GET", "/things", "listThings");
    new.params = vec![
        param("limit", ParamLocation::Query, true),
        // The same name in another place is another parameter.
        param("page", ParamLocation::Header, false),
        param("X-Trace", ParamLocation::Header, false),
        param("sort", ParamLocation::Query, false),
    ];
    let found: Vec<_> = api_changes(&api(vec![old], vec![]), &api(vec![new], vec![]))
        .into_iter()
        .map(|c| (c.kind, c.location))
        .collect();
    let expected = [
        (K::ParameterMadeRequired, "query parameter limit"),
        (K::ParameterRemoved, "query parameter page"),
        (K::ParameterAdded, "header parameter page"),
        (K::ParameterAdded, "query parameter sort"),
    ];
    // In report order: breaking first.
    let expected: Vec<_> = expected
        .into_iter()
        .map(|(k, at)| (k, at.to_owned()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn only_the_specs_own_required_flag_makes_a_body_required() {
    let body = |required, in_spec| {
        let op = with_body(
            op("POST", "/things", "createThing"),
            TypeRef::Json,
            required,
            in_spec,
        );
        api(vec![op], vec![])
    };
    // Required by inference in both versions (the schema requires a property), the flag
    // unchanged: nothing to report.
    assert_eq!(kinds(&body(true, false), &body(true, false)), []);
    // The spec now says `required: true` while inference already required it: the
    // flag's change is reported.
    assert_eq!(
        kinds(&body(true, false), &body(true, true)),
        [K::RequestBodyMadeRequired]
    );
    assert_eq!(
        kinds(&body(true, true), &body(false, false)),
        [K::RequestBodyMadeOptional]
    );
}

#[test]
fn a_body_added_or_removed_is_not_a_content_type_change_too() {
    let without = api(vec![op("POST", "/things", "createThing")], vec![]);
    let with = |required| {
        let op = with_body(
            op("POST", "/things", "createThing"),
            TypeRef::Json,
            required,
            required,
        );
        api(vec![op], vec![])
    };
    assert_eq!(kinds(&without, &with(false)), [K::RequestBodyAdded]);
    assert_eq!(kinds(&without, &with(true)), [K::RequiredRequestBodyAdded]);
    assert_eq!(kinds(&with(false), &without), [K::RequestBodyRemoved]);
}

#[test]
fn content_types_of_the_body_and_of_success_responses_are_compared() {
    let version = |request: &[&str], ok: &[&str], not_found: &[&str]| {
        let mut op = op("POST", "/things", "createThing");
        op.request_content_types = Some(request.iter().map(|s| (*s).to_owned()).collect());
        op.responses = vec![
            DeclaredResponse {
                status: ResponseStatus::Range(2),
                content_types: ok.iter().map(|s| (*s).to_owned()).collect(),
            },
            DeclaredResponse {
                status: ResponseStatus::Code(404),
                content_types: not_found.iter().map(|s| (*s).to_owned()).collect(),
            },
        ];
        api(vec![op], vec![])
    };
    let old = version(&["application/json"], &["text/csv"], &["application/json"]);
    let new = version(
        &["application/json", "multipart/form-data"],
        &[],
        &["text/plain"],
    );
    let found: Vec<_> = api_changes(&old, &new)
        .into_iter()
        .map(|c| (c.kind, c.location, c.detail))
        .collect();
    // Errors' content types are not the client's concern.
    assert_eq!(
        found,
        [
            (
                K::ContentTypeRemoved,
                "response 2XX".to_owned(),
                "text/csv".to_owned()
            ),
            (
                K::ContentTypeAdded,
                "request body".to_owned(),
                "multipart/form-data".to_owned()
            ),
        ]
    );
}

#[test]
fn a_new_kind_of_response_is_one_change() {
    let old = api(
        vec![with_response(
            op("GET", "/report", "getReport"),
            200,
            TypeRef::String,
        )],
        vec![],
    );
    let mut lines = op("GET", "/report", "getReport");
    lines.response = ResponseBody::JsonLines(TypeRef::String);
    let found: Vec<_> = api_changes(&old, &api(vec![lines], vec![]))
        .into_iter()
        .map(|c| (c.kind, c.detail))
        .collect();
    assert_eq!(
        found,
        [(
            K::ResponseKindChanged,
            "String -> JsonLines<String>".to_owned()
        )]
    );
}
