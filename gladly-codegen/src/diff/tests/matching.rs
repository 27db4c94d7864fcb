//! Pairing the operations of two versions: by method and path, then by `operationId`.

use super::{api, api_changes, kinds, op, Seen};
use crate::diff::operations::{match_operations, Pair};
use crate::diff::{ChangeKind, Direction, Severity};

/// The pairs as `(old id, new id)`, `None` on the missing side, sorted.
fn pairs(old: &[crate::ir::Operation], new: &[crate::ir::Operation]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = match_operations(old, new)
        .into_iter()
        .map(|pair| match pair {
            Pair::Both(a, b) => (a.operation_id.clone(), b.operation_id.clone()),
            Pair::Removed(a) => (a.operation_id.clone(), "-".to_owned()),
            Pair::Added(b) => ("-".to_owned(), b.operation_id.clone()),
        })
        .collect();
    out.sort();
    out
}

#[test]
fn same_method_and_path_with_a_new_operation_id_is_a_renamed_method() {
    let old = [op("GET", "/things", "listThings")];
    let new = [op("GET", "/things", "getThings")];
    assert_eq!(
        pairs(&old, &new),
        [("listThings".into(), "getThings".into())]
    );
    let changes = api_changes(&api(old.to_vec(), vec![]), &api(new.to_vec(), vec![]));
    assert_eq!(
        changes,
        [Seen {
            kind: ChangeKind::MethodRenamed,
            direction: Direction::None,
            severity: Severity::Breaking,
            operation: "GET /things".into(),
            location: String::new(),
            detail: "list_things -> get_things".into(),
        }]
    );
}

#[test]
fn same_operation_id_on_another_path_is_a_moved_operation() {
    let old = [op("GET", "/v1/things", "listThings")];
    let new = [op("GET", "/v2/things", "listThings")];
    assert_eq!(
        pairs(&old, &new),
        [("listThings".into(), "listThings".into())]
    );
    let changes = api_changes(&api(old.to_vec(), vec![]), &api(new.to_vec(), vec![]));
    assert_eq!(
        changes,
        [Seen {
            kind: ChangeKind::PathChanged,
            direction: Direction::None,
            severity: Severity::Compatible,
            operation: "GET /v2/things".into(),
            location: String::new(),
            detail: "GET /v1/things -> GET /v2/things".into(),
        }]
    );
}

#[test]
fn a_new_method_on_the_same_path_moves_too() {
    let old = [op("PUT", "/things/{id}", "updateThing")];
    let new = [op("PATCH", "/things/{id}", "updateThing")];
    assert_eq!(
        kinds(&api(old.to_vec(), vec![]), &api(new.to_vec(), vec![])),
        [ChangeKind::PathChanged]
    );
}

#[test]
fn another_path_and_another_id_is_one_removed_and_one_added() {
    let old = [op("GET", "/things", "listThings")];
    let new = [op("GET", "/items", "listItems")];
    assert_eq!(
        pairs(&old, &new),
        [
            ("-".into(), "listItems".into()),
            ("listThings".into(), "-".into())
        ]
    );
    assert_eq!(
        kinds(&api(old.to_vec(), vec![]), &api(new.to_vec(), vec![])),
        [ChangeKind::OperationRemoved, ChangeKind::OperationAdded]
    );
}

#[test]
fn method_and_path_win_over_operation_id() {
    // `getThing` moved to `/v2`, and another operation took its old place: the old place
    // pairs by method and path (a renamed method), so `getThing` at `/v2` is new.
    let old = [op("GET", "/things/{id}", "getThing")];
    let new = [
        op("GET", "/things/{id}", "fetchThing"),
        op("GET", "/v2/things/{id}", "getThing"),
    ];
    assert_eq!(
        pairs(&old, &new),
        [
            ("-".into(), "getThing".into()),
            ("getThing".into(), "fetchThing".into())
        ]
    );
}

#[test]
fn an_operation_id_pairs_only_operations_left_over() {
    // `GET /a` pairs by method and path although its id is now `y`; `y`'s old place
    // `GET /b` is gone and `x` at `GET /c` is new: the id `x` is already taken by the pair.
    let old = [op("GET", "/a", "x"), op("GET", "/b", "y")];
    let new = [op("GET", "/a", "y"), op("GET", "/c", "x")];
    assert_eq!(
        pairs(&old, &new),
        [
            ("-".into(), "x".into()),
            ("x".into(), "y".into()),
            ("y".into(), "-".into())
        ]
    );
}
