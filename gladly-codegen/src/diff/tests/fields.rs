//! Shapes compared field by field, by wire name, through named types.

use super::{api, api_changes, field, kinds, named, op, structure, with_body, with_response};
use crate::diff::{ChangeKind as K, Direction, Severity};
use crate::ir::{Api, EnumValue, TypeDef, TypeKind, TypeRef};

/// `GET /things` answering with a `Thing`, and `POST /things` sending one.
fn thing_api(thing: TypeDef, more: Vec<TypeDef>) -> Api {
    let get = with_response(op("GET", "/things", "getThing"), 200, named(&thing.name));
    let post = with_body(
        op("POST", "/things", "createThing"),
        named(&thing.name),
        true,
        true,
    );
    let mut types = vec![thing];
    types.extend(more);
    api(vec![get, post], types)
}

fn response_only(thing: TypeDef) -> Api {
    let get = with_response(op("GET", "/things", "getThing"), 200, named(&thing.name));
    api(vec![get], vec![thing])
}

#[test]
fn a_new_field_is_optional_or_required() {
    let old = response_only(structure("Thing", vec![field("id", TypeRef::String, true)]));
    let new = response_only(structure(
        "Thing",
        vec![
            field("id", TypeRef::String, true),
            field("color", TypeRef::String, false),
            field("size", TypeRef::I64, true),
        ],
    ));
    let changes = api_changes(&old, &new);
    let found: Vec<_> = changes
        .iter()
        .map(|c| (c.kind, c.location.as_str(), c.detail.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (K::FieldAdded, "response body .color", "String"),
            (K::RequiredFieldAdded, "response body .size", "i64"),
        ]
    );
    assert!(changes.iter().all(|c| c.severity == Severity::Compatible));
}

#[test]
fn the_same_change_is_judged_by_the_way_the_data_travels() {
    let old = thing_api(structure("Thing", vec![]), vec![]);
    let new = thing_api(
        structure("Thing", vec![field("size", TypeRef::I64, true)]),
        vec![],
    );
    let changes = api_changes(&old, &new);
    let found: Vec<_> = changes
        .iter()
        .map(|c| (c.kind, c.direction, c.severity, c.operation.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                K::RequiredFieldAdded,
                Direction::Request,
                Severity::Breaking,
                "POST /things"
            ),
            (
                K::RequiredFieldAdded,
                Direction::Response,
                Severity::Compatible,
                "GET /things"
            ),
        ]
    );
}

#[test]
fn removed_fields_and_changes_of_required_and_type() {
    let old = response_only(structure(
        "Thing",
        vec![
            field("a", TypeRef::String, true),
            field("b", TypeRef::String, false),
            field("c", TypeRef::String, true),
            field("d", TypeRef::String, true),
        ],
    ));
    let new = response_only(structure(
        "Thing",
        vec![
            field("b", TypeRef::String, true),
            field("c", TypeRef::String, false),
            field("d", TypeRef::Array(Box::new(TypeRef::I32)), true),
        ],
    ));
    let found: Vec<_> = api_changes(&old, &new)
        .into_iter()
        .map(|c| (c.kind, c.location, c.detail))
        .collect();
    let expected = [
        (K::FieldRemoved, ".a", "String"),
        (K::FieldMadeRequired, ".b", ""),
        (K::FieldMadeOptional, ".c", ""),
        (K::TypeChanged, ".d", "String -> Vec<i32>"),
    ];
    let expected: Vec<_> = expected
        .into_iter()
        .map(|(k, at, detail)| (k, format!("response body {at}"), detail.to_owned()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn null_matters_only_to_a_required_field() {
    let mut required = field("a", TypeRef::String, true);
    let mut optional = field("b", TypeRef::String, false);
    let old = response_only(structure("Thing", vec![required.clone(), optional.clone()]));
    required.nullable = true;
    optional.nullable = true;
    let new = response_only(structure("Thing", vec![required, optional]));
    let found: Vec<_> = api_changes(&old, &new)
        .into_iter()
        .map(|c| (c.kind, c.location, c.detail))
        .collect();
    assert_eq!(
        found,
        [(
            K::FieldNullableChanged,
            "response body .a".to_owned(),
            "may now be null".to_owned()
        )]
    );
}

#[test]
fn nested_types_are_followed_and_a_renamed_type_is_not_a_wire_change() {
    let old = response_only(structure(
        "Thing",
        vec![field(
            "owner",
            TypeRef::Array(Box::new(named("Person"))),
            false,
        )],
    ));
    let mut old = old;
    old.types.push(structure(
        "Person",
        vec![field("name", TypeRef::String, true)],
    ));
    let mut new = response_only(structure(
        "Thing",
        vec![field(
            "owner",
            TypeRef::Array(Box::new(named("Owner"))),
            false,
        )],
    ));
    new.types
        .push(structure("Owner", vec![field("name", TypeRef::I64, true)]));
    let found: Vec<_> = api_changes(&old, &new)
        .into_iter()
        .map(|c| (c.kind, c.location, c.detail))
        .collect();
    assert_eq!(
        found,
        [(
            K::TypeChanged,
            "response body .owner[].name".to_owned(),
            "String -> i64".to_owned()
        )]
    );
    // The new name is a change of the Rust items, not of the API.
    let rust = crate::diff::diff(&old, &new).rust;
    assert!(rust
        .iter()
        .any(|c| c.item == "types::Person" && c.kind == K::RustItemRemoved));
    assert!(rust
        .iter()
        .any(|c| c.item == "types::Owner" && c.kind == K::RustItemAdded));
}

#[test]
fn a_changed_kind_of_type_is_one_type_change() {
    let old = response_only(structure("Thing", vec![]));
    let new = response_only(TypeDef {
        name: "Thing".to_owned(),
        origin: String::new(),
        doc: None,
        kind: TypeKind::Enum { values: vec![] },
    });
    let found: Vec<_> = api_changes(&old, &new)
        .into_iter()
        .map(|c| (c.kind, c.detail))
        .collect();
    assert_eq!(
        found,
        [(K::TypeChanged, "struct Thing -> enum Thing".to_owned())]
    );
}

#[test]
fn enum_values_are_compared_by_wire_value() {
    let status = |values: &[&str]| TypeDef {
        name: "Status".to_owned(),
        origin: String::new(),
        doc: None,
        kind: TypeKind::Enum {
            values: values
                .iter()
                .map(|v| EnumValue {
                    name: crate::ident::type_name(v),
                    wire: (*v).to_owned(),
                })
                .collect(),
        },
    };
    let old = response_only(status(&["OPEN", "CLOSED"]));
    let new = response_only(status(&["OPEN", "PENDING"]));
    let found: Vec<_> = api_changes(&old, &new)
        .into_iter()
        .map(|c| (c.kind, c.severity, c.detail))
        .collect();
    assert_eq!(
        found,
        [
            (
                K::EnumValueRemoved,
                Severity::Breaking,
                "\"CLOSED\"".to_owned()
            ),
            (
                K::EnumValueAdded,
                Severity::Compatible,
                "\"PENDING\"".to_owned()
            ),
        ]
    );
}

#[test]
fn recursive_types_end_and_report_once() {
    let node = |ty: TypeRef| {
        structure(
            "Node",
            vec![
                field("children", TypeRef::Array(Box::new(named("Node"))), false),
                field("value", ty, true),
            ],
        )
    };
    let old = response_only(node(TypeRef::String));
    let new = response_only(node(TypeRef::I32));
    assert_eq!(kinds(&old, &new), [K::TypeChanged]);
}

#[test]
fn a_shared_type_changed_is_listed_once_with_the_other_operations() {
    let thing = |fields| structure("Thing", fields);
    let both = |thing| {
        let a = with_response(op("GET", "/a", "getA"), 200, named("Thing"));
        let b = with_response(op("GET", "/b", "getB"), 200, named("Thing"));
        api(vec![a, b], vec![thing])
    };
    let old = both(thing(vec![]));
    let new = both(thing(vec![field("x", TypeRef::Bool, false)]));
    let report = crate::diff::diff(&old, &new);
    assert_eq!(report.changes.len(), 1, "{:?}", report.changes);
    let change = &report.changes[0];
    assert_eq!(change.operation, "GET /a");
    assert_eq!(change.also_in, ["GET /b"]);
}
