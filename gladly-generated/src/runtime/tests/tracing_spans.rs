use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use reqwest::Method;
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{client_for, EMAIL, TOKEN};
use crate::runtime::Request;

/// Every field value recorded on spans and events, as `(span or event name, field, value)`.
#[derive(Clone, Default)]
struct Capture {
    records: Arc<Mutex<Vec<(String, String, String)>>>,
    names: Arc<Mutex<Vec<(u64, String)>>>,
    next_id: Arc<AtomicU64>,
}

struct Visitor<'a> {
    owner: String,
    records: &'a Mutex<Vec<(String, String, String)>>,
}

impl Visit for Visitor<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.records.lock().unwrap().push((
            self.owner.clone(),
            field.name().to_owned(),
            format!("{value:?}"),
        ));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst) + 1;
        let name = span.metadata().name().to_owned();
        self.names.lock().unwrap().push((id, name.clone()));
        span.record(&mut Visitor {
            owner: name,
            records: &self.records,
        });
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let owner = self
            .names
            .lock()
            .unwrap()
            .iter()
            .find(|(id, _)| *id == span.into_u64())
            .map(|(_, name)| name.clone())
            .unwrap_or_default();
        values.record(&mut Visitor {
            owner,
            records: &self.records,
        });
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        event.record(&mut Visitor {
            owner: format!("event:{}", event.metadata().target()),
            records: &self.records,
        });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn one_span_per_request_with_method_template_status_and_attempt_but_no_secrets() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());

    let server = MockServer::start().await;
    Mock::given(path("/api/v1/customer-profiles/cust-42"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/v1/customer-profiles/cust-42"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "Private Person"})))
        .mount(&server)
        .await;
    let request = Request::new(Method::PUT, "/api/v1/customer-profiles/{customerId}")
        .path_param("customerId", "cust-42")
        .json_body(&json!({"name": "Private Person"}))
        .unwrap();
    client_for(&server)
        .send_json::<serde_json::Value>(request)
        .await
        .unwrap();

    let records = capture.records.lock().unwrap().clone();
    let span_value = |field: &str| {
        records
            .iter()
            .rev()
            .find(|(owner, name, _)| owner == "api.request" && name == field)
            .map(|(_, _, value)| value.clone())
    };
    assert_eq!(span_value("method").as_deref(), Some("PUT"));
    assert_eq!(
        span_value("path").as_deref(),
        Some("\"/api/v1/customer-profiles/{customerId}\"")
    );
    assert_eq!(span_value("status").as_deref(), Some("200"));
    assert_eq!(span_value("attempt").as_deref(), Some("2"));
    assert!(records.iter().any(
        |(owner, name, value)| owner.starts_with("event:gladly_generated")
            && name == "reason"
            && value.contains("service unavailable")
    ));

    for (owner, name, value) in &records {
        for secret in [TOKEN, EMAIL, "cust-42", "Private Person"] {
            assert!(
                !value.contains(secret),
                "{owner}.{name} = {value} reveals {secret:?}"
            );
        }
    }
}
