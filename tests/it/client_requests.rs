//! Requests the generated client sends, checked exactly on a local server.

use gladly_generated::types::{CreateTask, TaskAssignee};
use gladly_generated::Client;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const EMAIL: &str = "api-user@acme.com";
const TOKEN: &str = "s3cret-token";

/// `Basic base64(email:token)`, spelled out so the test does not reuse client code.
const AUTHORIZATION: &str = "Basic YXBpLXVzZXJAYWNtZS5jb206czNjcmV0LXRva2Vu";

async fn server_answering(status: u16, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .allow_insecure_http()
        .basic_auth(EMAIL, TOKEN)
        .build()
        .expect("client builds")
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn get_with_path_parameters() {
    let server = server_answering(
        200,
        serde_json::json!({"id": "c1", "comment": "hi", "createdAt": "2024-01-01T00:00:00Z", "initiator": {"id": "a", "type": "AGENT"}}),
    )
    .await;
    let comment = client(&server)
        .get_task_comment("task 1/x", "c1")
        .await
        .expect("decodes");
    assert_eq!(comment.id.as_deref(), Some("c1"));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/api/v1/tasks/task%201%2Fx/comments/c1");
    assert_eq!(request.url.query(), None);
    assert_eq!(header(&request, "authorization"), Some(AUTHORIZATION));
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn get_with_query_parameters() {
    let server = server_answering(200, serde_json::json!([])).await;
    let found = client(&server)
        .find_customers()
        .email("a+b@example.com")
        .external_customer_id("ext-1")
        .await
        .expect("decodes");
    assert!(found.is_empty());
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/api/v1/customer-profiles");
    assert_eq!(
        request.url.query(),
        Some("email=a%2Bb%40example.com&externalCustomerId=ext-1")
    );
    assert_eq!(header(&request, "authorization"), Some(AUTHORIZATION));
}

#[tokio::test]
async fn timestamps_are_sent_as_their_text_and_read_keeping_it() {
    let job = serde_json::json!({"id": "j1", "status": "COMPLETED", "updatedAt": "2024-09-16", "parameters": {"type": "CONVERSATIONS", "startAt": "2024-09-15T00:00:00.000Z", "endAt": "not a date"}});
    let server = server_answering(200, serde_json::json!([job])).await;
    let since = gladly_generated::jiff::Timestamp::from_second(1_726_358_400).expect("in range");
    let jobs = client(&server)
        .find_jobs()
        .start_at(since)
        .end_at("2024-09-16T00:00:00.000+02:00")
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    // A jiff value as RFC 3339 in UTC, text exactly as given.
    assert_eq!(
        request.url.query(),
        Some("startAt=2024-09-15T00%3A00%3A00Z&endAt=2024-09-16T00%3A00%3A00.000%2B02%3A00")
    );
    // Read back: a plain date under a date-time is midnight UTC, and what is no date is
    // kept; encoding writes every text as it came.
    let updated = jobs[0].updated_at.as_ref().expect("updatedAt");
    assert_eq!(updated.as_str(), "2024-09-16");
    assert_eq!(
        updated.as_timestamp(),
        Some(gladly_generated::jiff::Timestamp::from_second(1_726_444_800).expect("in range"))
    );
    assert_eq!(serde_json::to_value(&jobs[0]).expect("encodes"), job);
}

#[tokio::test]
async fn post_with_json_body() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(201).insert_header("location", "/api/v1/tasks/t1"))
        .mount(&server)
        .await;
    let body = CreateTask {
        id: Some("t1".to_owned()),
        assignee: TaskAssignee {
            inbox_id: "inbox-1".to_owned(),
            agent_id: None,
            additional_properties: Default::default(),
        },
        body: "Call the customer back".to_owned(),
        due_at: "2030-01-01T00:00:00.000Z".into(),
        additional_properties: Default::default(),
    };
    let response = client(&server)
        .create_task("cust-9", body)
        .send_with_response()
        .await
        .expect("succeeds");
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.location(), Some("/api/v1/tasks/t1"));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/api/v1/customers/cust-9/tasks");
    assert_eq!(request.url.query(), None);
    assert_eq!(header(&request, "authorization"), Some(AUTHORIZATION));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(
        sent,
        serde_json::json!({
            "id": "t1",
            "assignee": {"inboxId": "inbox-1"},
            "body": "Call the customer back",
            "dueAt": "2030-01-01T00:00:00.000Z"
        })
    );
}

#[test]
fn organization_urls_do_not_double_the_path_prefix() {
    let production = Client::builder()
        .organization("acme")
        .basic_auth(EMAIL, TOKEN)
        .build()
        .expect("builds");
    assert_eq!(production.base_url(), "https://acme.gladly.com");
    let sandbox = Client::builder()
        .organization("acme")
        .sandbox()
        .basic_auth(EMAIL, TOKEN)
        .build()
        .expect("builds");
    assert_eq!(sandbox.base_url(), "https://acme.gladly.qa");
}

#[tokio::test]
async fn non_success_status_is_a_typed_error_with_the_raw_body() {
    let server =
        server_answering(404, serde_json::json!({"errors": [{"code": "not_exist"}]})).await;
    let error = client(&server)
        .get_task("missing")
        .await
        .expect_err("404 is an error");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    let body = match &error {
        gladly_generated::Error::Api { body, .. } => body.clone(),
        other => panic!("expected an API error, got {other:?}"),
    };
    assert_eq!(&body[..], br#"{"errors":[{"code":"not_exist"}]}"#);
}

#[tokio::test]
async fn a_list_with_one_bad_element_gives_the_others_and_keeps_the_bad_one_with_its_error() {
    let item = |id: &str, content: serde_json::Value| serde_json::json!({"id": id, "customerId": "cu1", "timestamp": "2024-01-01T00:00:00Z", "content": content});
    // The second item has a known tag whose payload does not match its variant.
    let bad_note = serde_json::json!({"type": "CONVERSATION_NOTE", "body": 5});
    let body = serde_json::json!([
        item(
            "i1",
            serde_json::json!({"type": "CONVERSATION_NOTE", "body": "hello"})
        ),
        item("i2", bad_note),
        item(
            "i3",
            serde_json::json!({"type": "TOPIC_CHANGE", "addedTopicIds": ["t1"]})
        ),
    ]);
    let server = server_answering(200, body.clone()).await;
    let items = client(&server)
        .get_conversation_items("c1")
        .await
        .expect("one bad element does not fail the list");
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["i1", "i3"]);
    assert_eq!(items.undecoded().len(), 1);
    let (index, bad) = &items.undecoded()[0];
    assert_eq!(*index, 1);
    assert_eq!(bad.value(), &body[1], "kept exactly as it came");
    assert_eq!(bad.path(), "content.body");
    assert!(bad.message().contains("invalid type"), "{}", bad.message());
    assert!(!items.is_complete());
}

#[tokio::test]
async fn numbers_and_booleans_sent_as_text_are_read_and_always_sent_typed() {
    let server = server_answering(
        200,
        serde_json::json!({"agentId": "a1", "recording": "true"}),
    )
    .await;
    let recorder = client(&server)
        .get_agent_call_recording("a1")
        .await
        .expect("`\"true\"` reads as a boolean");
    assert_eq!(recorder.recording, Some(true));

    let server = server_answering(204, serde_json::json!(null)).await;
    client(&server)
        .update_agent_call_recording("a1", recorder)
        .await
        .expect("sent");
    let request = only_request(&server).await;
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(
        sent,
        serde_json::json!({"agentId": "a1", "recording": true})
    );

    let server = server_answering(
        200,
        serde_json::json!([{"id": "i1", "customerId": "cu1", "timestamp": "t", "content": {
            "type": "VOICEMAIL", "recordingDuration": "100", "recordingStatus": "AVAILABLE"
        }}]),
    )
    .await;
    let items = client(&server)
        .get_conversation_items("c1")
        .await
        .expect("decodes");
    assert!(items.is_complete(), "{:?}", items.undecoded());
    let encoded = serde_json::to_value(&items[0]).expect("encodes");
    assert_eq!(
        encoded["content"]["recordingDuration"],
        serde_json::json!(100)
    );
}

#[tokio::test]
async fn a_bad_element_of_a_nested_list_does_not_fail_its_object() {
    let server = server_answering(
        200,
        serde_json::json!({"id": "cu1", "name": "Ana", "emails": [
            {"original": "ana@example.com", "primary": "true"},
            {"primary": true}
        ]}),
    )
    .await;
    let customer = client(&server)
        .get_customer("cu1")
        .await
        .expect("the customer decodes although one email does not");
    assert_eq!(customer.name.as_deref(), Some("Ana"));
    let emails = customer.emails.expect("emails");
    assert_eq!(emails.len(), 1);
    assert_eq!(emails[0].original, "ana@example.com");
    assert_eq!(emails[0].primary, Some(true));
    let (index, bad) = &emails.undecoded()[0];
    assert_eq!(*index, 1);
    assert_eq!(bad.value(), &serde_json::json!({"primary": true}));
    assert!(
        bad.message().contains("missing field `original`"),
        "{}",
        bad.message()
    );
}

/// A webhook read back and sent again: the fields the spec marks `readOnly` (`id`,
/// `createdAt`, ...) stay in the value but are not sent; the others are.
#[tokio::test]
async fn read_only_fields_read_back_are_not_sent_again() {
    let stored = serde_json::json!({
        "id": "wh-1",
        "name": "orders",
        "url": "https://example.com/hook",
        "createdAt": "2024-01-01T00:00:00Z",
        "hasCredentials": true
    });
    let server = server_answering(200, stored.clone()).await;
    let client = client(&server);
    let webhook = client.get_webhook("wh-1").await.expect("decodes");
    assert_eq!(webhook.id.as_deref(), Some("wh-1"));
    // Kept when the value is serialised anywhere else.
    assert_eq!(serde_json::to_value(&webhook).expect("serialises"), stored);
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client
        .update_webhook("wh-1", webhook)
        .await
        .expect("updates");
    let request = only_request(&server).await;
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(
        sent,
        serde_json::json!({"name": "orders", "url": "https://example.com/hook"})
    );
}

/// An export file by its name: `get_file_topics` asks for `topics.jsonl` and reads every
/// line as a `Topic`, where `get_file` guesses each line among all the files' types.
#[tokio::test]
async fn an_export_file_is_read_as_the_type_its_name_says() {
    use futures::StreamExt;
    let server = MockServer::start().await;
    let lines = "{\"id\":\"t1\",\"name\":\"Returns\",\"disabled\":false}\n{\"id\":\"t2\",\"name\":\"Billing\",\"disabled\":true}\n";
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(lines, "application/x-ndjson"))
        .mount(&server)
        .await;
    let topics: Vec<gladly_generated::types::Topic> = client(&server)
        .get_file_topics("job 1")
        .await
        .expect("answers")
        .map(|line| line.expect("a topic"))
        .collect()
        .await;
    let names: Vec<Option<&str>> = topics.iter().map(|t| t.name.as_deref()).collect();
    assert_eq!(names, [Some("Returns"), Some("Billing")]);
    let request = only_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/api/v1/export/jobs/job%201/files/topics.jsonl"
    );
}
