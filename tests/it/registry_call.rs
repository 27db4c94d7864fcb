//! `registry::call`: an operation called by its `operationId` with JSON arguments, checked
//! on a local server. Arguments are decoded as their generated types before anything is
//! sent; the answer comes back decoded and encoded again.

use gladly_generated::registry::{self, CallBody, CallError};
use gladly_generated::{Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .allow_insecure_http()
        .basic_auth("api-user@acme.com", "token")
        .build()
        .expect("client builds")
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn task(id: &str) -> Value {
    json!({"id": id, "customerId": "c1", "timestamp": "2024-01-01T00:00:00Z", "status": "OPEN"})
}

#[tokio::test]
async fn parameters_by_location_and_wire_name_and_the_answer_as_json() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!([task("t1")]))).await;
    let args = json!({"path": {"customerId": "c 1"}, "query": {"status": "CLOSED"}});
    let response = registry::call(&client(&server), "getTasks", &args)
        .await
        .expect("the call succeeds");
    assert_eq!(response.status().as_u16(), 200);
    match response.into_body() {
        CallBody::Json(value) => assert_eq!(value, json!([task("t1")])),
        other => panic!("expected JSON, got {other:?}"),
    }
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method.as_str(), "GET");
    assert_eq!(sent[0].url.path(), "/api/v1/customers/c%201/tasks");
    assert_eq!(sent[0].url.query(), Some("status=CLOSED"));
}

#[tokio::test]
async fn the_body_is_sent_as_its_generated_type_encodes_it() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let body = json!({
        "assignee": {"inboxId": "i1"},
        "body": "Call back",
        "dueAt": "2030-01-01T00:00:00Z",
        // Undeclared: kept by the type and sent again.
        "extra": 1,
    });
    let args = json!({"path": {"customerId": "c1"}, "body": body});
    let response = registry::call(&client(&server), "createTask", &args)
        .await
        .expect("the call succeeds");
    assert!(matches!(response.into_body(), CallBody::Empty));
    let sent = requests(&server).await;
    assert_eq!(sent[0].method.as_str(), "POST");
    assert_eq!(sent[0].url.path(), "/api/v1/customers/c1/tasks");
    let received: Value = serde_json::from_slice(&sent[0].body).expect("a JSON body");
    assert_eq!(received, body);
}

#[tokio::test]
async fn an_optional_body_may_be_left_out() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let args = json!({"path": {"taskId": "t1"}});
    registry::call(&client(&server), "updateTask", &args)
        .await
        .expect("the call succeeds");
    assert!(requests(&server).await[0].body.is_empty());
}

#[tokio::test]
async fn arguments_the_types_refuse_are_never_sent() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = client(&server);
    let refused = [
        (
            "createTask",
            json!({"path": {"customerId": "c1"}, "body": {"assignee": "i1", "body": "b", "dueAt": "d"}}),
            "body does not decode",
        ),
        (
            "getTasks",
            json!({"path": {"customerId": "c1"}, "query": {"status": 3}}),
            "query parameter `status` does not decode",
        ),
        ("getTasks", json!({}), "missing path parameter `customerId`"),
        (
            "getTasks",
            json!({"path": {"customerId": "c1"}, "query": {"state": "OPEN"}}),
            "takes no query parameter `state`",
        ),
        (
            "getAgents",
            json!({"body": {}}),
            "the operation takes no body",
        ),
        ("getAgents", json!({"cookie": {}}), "unknown key `cookie`"),
        ("getAgents", json!([]), "not an object"),
        ("noSuchOperation", json!({}), "no operation has the id"),
    ];
    for (operation, args, message) in refused {
        let error = registry::call(&client, operation, &args)
            .await
            .expect_err("refused");
        assert!(
            !matches!(error, CallError::Client(_)),
            "{operation} {args}: {error}"
        );
        assert!(
            error.to_string().contains(message),
            "{operation} {args}: `{error}` does not say `{message}`"
        );
    }
    assert!(requests(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn an_answer_the_types_refuse_is_the_clients_error() {
    let server = server_answering(
        ResponseTemplate::new(200).set_body_json(json!([{"id": "t1", "status": "OPEN"}])),
    )
    .await;
    let args = json!({"path": {"customerId": "c1"}});
    let error = registry::call(&client(&server), "getTasks", &args)
        .await
        .expect_err("the answer lacks required fields");
    assert!(
        matches!(error, CallError::Client(Error::Decode { .. })),
        "{error:?}"
    );
}

#[tokio::test]
async fn bytes_and_redirects_come_back_as_such() {
    let server = server_answering(
        ResponseTemplate::new(200)
            .insert_header("content-type", "audio/mpeg")
            .set_body_bytes(b"ID3".to_vec()),
    )
    .await;
    let args = json!({"path": {"itemId": "i1"}});
    let response = registry::call(&client(&server), "getMedia", &args)
        .await
        .expect("the call succeeds");
    match response.into_body() {
        CallBody::Bytes(stream) => {
            assert_eq!(&stream.bytes().await.expect("readable")[..], b"ID3");
        }
        other => panic!("expected bytes, got {other:?}"),
    }

    let server = server_answering(
        ResponseTemplate::new(303).insert_header("location", "https://files.example/a"),
    )
    .await;
    let args = json!({"path": {"itemId": "i1", "attachmentId": "a1"}});
    let response = registry::call(&client(&server), "getAttachment", &args)
        .await
        .expect("the call succeeds");
    match response.into_body() {
        CallBody::Redirect(location) => assert_eq!(location, "https://files.example/a"),
        other => panic!("expected a redirect, got {other:?}"),
    }
}

/// Every operation the test double can be called on without arguments of the user's
/// (no required query parameter or body) answers with the spec's example, and the
/// example decodes strictly as the operation's generated type; the operations whose
/// spec has no example answer 501.
#[tokio::test]
async fn the_test_double_answers_every_operation_with_an_example_its_type_decodes() {
    use gladly_codegen::ir::{ParamLocation, ResponseBody};
    use gladly_codegen::{Options, Pipeline};
    use gladly_generated::TestDouble;

    let settings = crate::support::gladly_settings();
    let options = Options {
        settings: Some(&settings),
        ..Options::default()
    };
    let pipeline = Pipeline::run(&crate::support::gladly_spec(), &options).expect("lowers");
    let double = TestDouble::start().await;
    let client = double.client().expect("client");
    let mut called = 0;
    let mut failures = Vec::new();
    for op in &pipeline.api.operations {
        let needs_input = op.body.as_ref().is_some_and(|b| b.required)
            || op
                .params
                .iter()
                .any(|p| p.required && p.location != ParamLocation::Path);
        if needs_input || op.response == ResponseBody::Redirect {
            continue;
        }
        let path: serde_json::Map<String, Value> = op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
            .map(|p| (p.wire.clone(), json!("x1")))
            .collect();
        let result = registry::call(&client, &op.operation_id, &json!({"path": path})).await;
        called += 1;
        match (&op.example_response, result) {
            (Some(_), Ok(_)) => {}
            (None, Err(CallError::Client(error)))
                if error.status().map(|s| s.as_u16()) == Some(501) => {}
            (example, result) => failures.push(format!(
                "{}: example {}, answer {result:?}",
                op.operation_id,
                if example.is_some() {
                    "present"
                } else {
                    "absent"
                }
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(called > 40, "only {called} operations called");
}
