//! The test double: default answers from the spec's examples, answers set per
//! operation, recorded requests, and refusals of requests the spec does not allow.

use serde_json::{json, Value};

use crate::runtime::{Error, RetryPolicy, TestDouble};
use crate::types::{Agent, CreateTask, TaskAssignee};

/// The `detail` of the first entry of an `{"errors": [...]}` body.
fn detail(body: &[u8]) -> String {
    let body: Value = serde_json::from_slice(body).unwrap();
    body["errors"][0]["detail"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn answers_with_the_spec_example_by_default() {
    let double = TestDouble::start().await;
    let agents = double.client().unwrap().get_agents().await.unwrap();
    assert!(agents.is_complete());
    assert!(!agents.items().is_empty());
    assert!(agents.items()[0].id.is_some());
    let seen = double.requests_to("getAgents");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "GET");
    assert_eq!(seen[0].path, "/api/v1/agents");
    assert_eq!(seen[0].status, 200);
    // The client's credentials arrive, from the double's own environment.
    assert!(seen[0].headers.contains_key("authorization"));
}

#[tokio::test]
async fn answers_set_per_operation_by_id_or_method_name() {
    let double = TestDouble::start().await;
    let client = double.client().unwrap();
    let ada = Agent {
        id: Some("agent-ada".into()),
        ..Agent::default()
    };
    double.respond("get_agent", &ada).unwrap();
    let agent = client.get_agent("agent-ada").await.unwrap();
    assert_eq!(agent, ada);
    assert_eq!(
        double.requests_to("getAgent")[0].path,
        "/api/v1/agents/agent-ada"
    );

    double.reset("getAgent").unwrap();
    let example = client.get_agent("agent-ada").await.unwrap();
    assert_ne!(example.id.as_deref(), Some("agent-ada"));

    assert!(matches!(
        double.respond("noSuchOperation", &ada),
        Err(Error::Config(_))
    ));
    assert!(double.requests_to("noSuchOperation").is_empty());
}

#[tokio::test]
async fn errors_set_per_operation_reach_the_caller() {
    let double = TestDouble::start().await;
    let client = double
        .client_builder()
        .unwrap()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    double
        .respond_error(
            "getAgent",
            404,
            &json!({"errors": [{"code": "not found", "detail": "no such agent"}]}),
        )
        .unwrap();
    let error = client.get_agent("ghost").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    let detail = error.api_errors().unwrap().errors[0].detail.clone();
    assert_eq!(detail.as_deref(), Some("no such agent"));
}

#[tokio::test]
async fn raw_answers_are_sent_as_given() {
    let double = TestDouble::start().await;
    double
        .respond_raw("getAgents", 200, "application/json", "{not json")
        .unwrap();
    let error = double.client().unwrap().get_agents().await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

#[tokio::test]
async fn an_unknown_path_is_404_with_the_reason() {
    let double = TestDouble::start().await;
    let answer = reqwest::get(format!("{}/api/v1/nowhere", double.uri()))
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 404);
    let reason = detail(&answer.bytes().await.unwrap());
    assert!(reason.contains("/api/v1/nowhere"), "{reason}");
    let seen = double.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].operation, None);
    assert_eq!(seen[0].status, 404);
}

#[tokio::test]
async fn a_wrong_method_is_405_with_allow() {
    let double = TestDouble::start().await;
    let answer = reqwest::Client::new()
        .delete(format!("{}/api/v1/agents", double.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 405);
    assert_eq!(answer.headers()["allow"], "GET");
    let reason = detail(&answer.bytes().await.unwrap());
    assert!(reason.contains("not DELETE"), "{reason}");
}

#[tokio::test]
async fn a_missing_required_query_parameter_is_400() {
    let double = TestDouble::start().await;
    let answer = reqwest::get(format!("{}/api/v1/events?startAt=1", double.uri()))
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 400);
    let reason = detail(&answer.bytes().await.unwrap());
    assert!(reason.contains("`entities`"), "{reason}");
    assert_eq!(double.requests_to("getEvents")[0].status, 400);
}

#[tokio::test]
async fn bodies_are_checked_against_the_spec() {
    let double = TestDouble::start().await;
    let url = format!("{}/api/v1/customers/c1/tasks", double.uri());
    let post = |body: &str| {
        reqwest::Client::new()
            .post(&url)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
    };
    let cases = [
        ("", "a request body is required"),
        ("{", "not JSON"),
        ("[]", "must be an object"),
        (
            r#"{"assignee": {"inboxId": "i"}, "dueAt": "2030-01-01T00:00:00Z"}"#,
            "`body` is required",
        ),
        (
            r#"{"assignee": {"inboxId": "i"}, "body": 5, "dueAt": "2030-01-01T00:00:00Z"}"#,
            "`body` must be a string, not a number",
        ),
    ];
    for (body, expected) in cases {
        let answer = post(body).await.unwrap();
        assert_eq!(answer.status().as_u16(), 400, "{body}");
        let reason = detail(&answer.bytes().await.unwrap());
        assert!(reason.contains(expected), "{body}: {reason}");
    }
    // What the client sends passes.
    let task = CreateTask::new(
        TaskAssignee::new("inbox-1"),
        "Call back",
        "2030-01-01T00:00:00.000Z",
    );
    double
        .client()
        .unwrap()
        .create_task("c1", task)
        .await
        .unwrap();
    let sent = double.requests_to("createTask");
    assert_eq!(sent.last().map(|r| r.status), Some(201));
    let body: Value = sent.last().unwrap().json().unwrap();
    assert_eq!(body["body"], "Call back");
}

#[tokio::test]
async fn env_configures_a_client_that_allows_loopback_http() {
    let double = TestDouble::start().await;
    let env = double.env();
    let get = |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    assert_eq!(get("GLADLY_BASE_URL"), Some(double.uri()));
    assert!(get("GLADLY_AGENT_EMAIL").is_some());
    assert!(get("GLADLY_API_TOKEN").is_some());
    // Plain http only to loopback.
    let refused = crate::Client::builder()
        .base_url("http://api.example.com")
        .basic_auth("me", "token")
        .allow_loopback_http()
        .build();
    assert!(matches!(refused, Err(Error::Config(_))));
    let refused = crate::Client::builder()
        .base_url(double.uri())
        .basic_auth("me", "token")
        .build();
    assert!(matches!(refused, Err(Error::Config(_))));
}
