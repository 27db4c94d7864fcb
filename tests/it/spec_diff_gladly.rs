//! The diff on the real Gladly spec: four edits made on the parsed tree of a copy, and the
//! report must list exactly those four API changes, each classified as the rules say.

use crate::support;

use gladly_codegen::diff::{self, ChangeKind, Direction, Severity};
use serde_json::{json, Value};

/// The node at a path of keys, for editing.
fn node<'a>(tree: &'a mut Value, keys: &[&str]) -> &'a mut Value {
    keys.iter().fold(tree, |node, key| {
        node.get_mut(*key)
            .unwrap_or_else(|| panic!("the spec has no `{key}` on the way to {keys:?}"))
    })
}

const JOB_SCHEMA: [&str; 8] = [
    "paths",
    "/api/v1/export/jobs/{jobId}",
    "get",
    "responses",
    "200",
    "content",
    "application/json",
    "schema",
];

const UPDATE_TASK_SCHEMA: [&str; 6] = [
    "paths",
    "/api/v1/tasks/{taskId}",
    "patch",
    "requestBody",
    "content",
    "application/json",
];

fn edited(original: &Value) -> Value {
    let mut tree = original.clone();
    // 1. Remove an operation.
    node(
        &mut tree,
        &["paths", "/api/v1/business-hours/{businessHoursId}"],
    )
    .as_object_mut()
    .expect("a path item")
    .remove("delete")
    .expect("the operation was there");
    // 2. Add an enum value to a response.
    node(
        &mut tree,
        &[&JOB_SCHEMA[..], &["properties", "status", "enum"]].concat(),
    )
    .as_array_mut()
    .expect("an enum")
    .push(json!("CANCELLED"));
    // 3. Add a required field to a request body.
    let task = node(&mut tree, &[&UPDATE_TASK_SCHEMA[..], &["schema"]].concat());
    task["properties"]["priority"] = json!({ "type": "string" });
    task["required"] = json!(["priority"]);
    // 4. Change a field's type.
    *node(
        &mut tree,
        &[&JOB_SCHEMA[..], &["properties", "scheduleId"]].concat(),
    ) = json!({ "type": "integer", "format": "int64" });
    tree
}

#[test]
fn four_edits_of_the_gladly_spec_are_four_changes() {
    let original: Value =
        serde_yaml::from_str(&support::gladly_spec()).expect("the spec parses as YAML");
    let old = serde_json::to_string(&original).expect("serialises");
    let new = serde_json::to_string(&edited(&original)).expect("serialises");
    let report = support::diff_gladly(&old, &new).expect("both versions load");

    let found: Vec<(Severity, ChangeKind, Direction, &str, &str, &str)> = report
        .changes
        .iter()
        .map(|c| {
            (
                c.severity,
                c.kind,
                c.direction,
                c.operation.as_str(),
                c.location.as_str(),
                c.detail.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                Severity::Breaking,
                ChangeKind::OperationRemoved,
                Direction::None,
                "DELETE /api/v1/business-hours/{businessHoursId}",
                "",
                "delete_business_hours",
            ),
            (
                Severity::Breaking,
                ChangeKind::TypeChanged,
                Direction::Response,
                "GET /api/v1/export/jobs",
                "response body [].scheduleId",
                "String -> i64",
            ),
            (
                Severity::Breaking,
                ChangeKind::RequiredFieldAdded,
                Direction::Request,
                "PATCH /api/v1/tasks/{taskId}",
                "request body .priority",
                "String",
            ),
            (
                Severity::Compatible,
                ChangeKind::EnumValueAdded,
                Direction::Response,
                "GET /api/v1/export/jobs",
                "response body [].status",
                "\"CANCELLED\"",
            ),
        ],
        "{}",
        diff::render::markdown(&report)
    );
    // The job schema is shared: its changes are listed once, naming the other operation.
    for change in report.changes.iter().filter(|c| c.tag == "Export") {
        assert_eq!(change.also_in, ["GET /api/v1/export/jobs/{jobId}"]);
    }
    // The required field also turns the body into an argument of `update_task`.
    assert!(report.rust.iter().any(|c| c.item == "Client::update_task"
        && c.severity == Severity::Breaking
        && c.detail
            .ends_with("fn(task_id: String, body: UpdateTaskRequest) -> UpdateTask")));
}
