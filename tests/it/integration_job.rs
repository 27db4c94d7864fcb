//! A test as a user of the client writes one: a job of their own (close conversations
//! with topics given by name) tested end to end against the test double, through the
//! public API only.

use gladly_generated::types::{
    AddTopicToConversationRequest, ConversationStatusChangeStatus, ConversationUpdate,
    ConversationUpdateStatus, Topic,
};
use gladly_generated::{Client, Error, RetryPolicy, TestDouble};
use serde_json::{json, Value};

/// The job under test: what a user's code would hold. Returns the topics added.
async fn close_with_topics(
    client: &Client,
    conversation_id: &str,
    topic_names: &[&str],
) -> Result<Vec<Topic>, Error> {
    let topics: Vec<Topic> = client
        .get_topics()
        .await?
        .into_vec()
        .into_iter()
        .filter(|t| topic_names.iter().any(|n| t.name.as_deref() == Some(*n)))
        .collect();
    let ids: Vec<String> = topics.iter().filter_map(|t| t.id.clone()).collect();
    client
        .add_topic_to_conversation(conversation_id, AddTopicToConversationRequest::new(ids))
        .await?;
    let close = ConversationUpdate {
        status: Some(ConversationUpdateStatus::new(
            ConversationStatusChangeStatus::Closed,
        )),
        ..ConversationUpdate::default()
    };
    client.patch_conversation(conversation_id, close).await?;
    Ok(topics)
}

#[tokio::test]
async fn the_job_sends_what_it_should_and_returns_typed_topics() {
    let double = TestDouble::start().await;
    let billing = Topic {
        id: Some("t-billing".into()),
        name: Some("Billing".into()),
        ..Topic::default()
    };
    let other = Topic {
        id: Some("t-other".into()),
        name: Some("Other".into()),
        ..Topic::default()
    };
    double
        .respond("getTopics", &vec![billing.clone(), other])
        .unwrap();

    let topics = close_with_topics(&double.client().unwrap(), "conv-9", &["Billing"])
        .await
        .unwrap();
    assert_eq!(topics, vec![billing]);

    let seen: Vec<(Option<&str>, String, String)> = double
        .requests()
        .into_iter()
        .map(|r| (r.operation, r.method, r.path))
        .collect();
    assert_eq!(
        seen,
        vec![
            (Some("getTopics"), "GET".into(), "/api/v1/topics".into()),
            (
                Some("addTopicToConversation"),
                "POST".into(),
                "/api/v1/conversations/conv-9/topics".into()
            ),
            (
                Some("patchConversation"),
                "PATCH".into(),
                "/api/v1/conversations/conv-9".into()
            ),
        ]
    );
    let added: Value = double.requests_to("addTopicToConversation")[0]
        .json()
        .unwrap();
    assert_eq!(added, json!({"topicIds": ["t-billing"]}));
    let closed: Value = double.requests_to("patch_conversation")[0].json().unwrap();
    assert_eq!(closed, json!({"status": {"value": "CLOSED"}}));
}

#[tokio::test]
async fn the_job_reports_the_api_error() {
    let double = TestDouble::start().await;
    double
        .respond_error(
            "patchConversation",
            409,
            &json!({"errors": [{"attr": "status", "code": "open tasks", "detail": "the conversation has open tasks"}]}),
        )
        .unwrap();
    let client = double
        .client_builder()
        .unwrap()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();

    let error = close_with_topics(&client, "conv-9", &[]).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(409));
    let detail = &error.api_errors().unwrap().errors[0];
    assert_eq!(detail.attr.as_deref(), Some("status"));
    assert_eq!(
        detail.detail.as_deref(),
        Some("the conversation has open tasks")
    );
    // It was tried once, after the topics were added.
    assert_eq!(double.requests_to("patchConversation").len(), 1);
    assert_eq!(double.requests_to("addTopicToConversation").len(), 1);
}
