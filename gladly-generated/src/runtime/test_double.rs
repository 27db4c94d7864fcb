//! A local server that stands in for the API in tests, behind the `test-util` feature:
//! it answers every operation with the spec's example, answers you set per operation,
//! records what it received, and refuses requests the spec would not accept.
//!
//! What it knows about the operations is generated (`src/generated/test_double.rs`, one
//! [`TestOperation`] each); serving, matching and checking are here.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use super::description::{ApiDescription, SchemeKind};
use super::env::builder_from;
use super::{Client, Error};

/// One operation as the generated table describes it.
#[derive(Debug)]
pub(crate) struct TestOperation {
    /// The spec's `operationId`.
    pub(crate) id: &'static str,
    /// The client method that calls it.
    pub(crate) method_name: &'static str,
    /// HTTP method, upper case.
    pub(crate) method: &'static str,
    /// Path template, `{name}` for a parameter.
    pub(crate) path: &'static str,
    /// The query parameters a request must carry.
    pub(crate) query: &'static [&'static str],
    /// The request body, if the operation takes one.
    pub(crate) body: Option<TestBody>,
    /// The spec's example of a successful answer.
    pub(crate) example: Option<TestExample>,
}

/// What a request body must be.
#[derive(Debug)]
pub(crate) struct TestBody {
    /// Whether a request must carry one.
    pub(crate) required: bool,
    /// Whether it is JSON (only JSON bodies are checked).
    pub(crate) json: bool,
    /// Its JSON type.
    pub(crate) kind: JsonKind,
    /// Its declared fields, when it is an object with declared fields.
    pub(crate) fields: &'static [TestField],
}

/// A declared field of a request body.
#[derive(Debug)]
pub(crate) struct TestField {
    /// Name on the wire.
    pub(crate) name: &'static str,
    /// Its JSON type.
    pub(crate) kind: JsonKind,
    /// Whether a body must have it.
    pub(crate) required: bool,
    /// Whether it may be `null`.
    pub(crate) nullable: bool,
}

// The generated table names its fields with these, one short line each.
#[allow(dead_code)] // Which of them a spec uses depends on the spec.
impl TestField {
    /// A field a body must have, not `null`.
    pub(crate) const fn required(name: &'static str, kind: JsonKind) -> Self {
        Self {
            name,
            kind,
            required: true,
            nullable: false,
        }
    }

    /// A field a body may leave out, not `null`.
    pub(crate) const fn optional(name: &'static str, kind: JsonKind) -> Self {
        Self {
            name,
            kind,
            required: false,
            nullable: false,
        }
    }

    /// The same field, which may also be `null`.
    pub(crate) const fn nullable(self) -> Self {
        Self {
            nullable: true,
            ..self
        }
    }
}

/// The spec's example answer.
#[derive(Debug)]
pub(crate) struct TestExample {
    /// Its status.
    pub(crate) status: u16,
    /// Its content type; empty without a body.
    pub(crate) content_type: &'static str,
    /// Its body.
    pub(crate) body: &'static str,
}

/// The JSON type a value must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // Which kinds a spec uses depends on the spec.
pub(crate) enum JsonKind {
    /// Anything.
    Any,
    /// A string.
    String,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonKind {
    fn accepts(self, value: &Value) -> bool {
        match self {
            JsonKind::Any => true,
            JsonKind::String => value.is_string(),
            JsonKind::Integer => value.is_i64() || value.is_u64(),
            JsonKind::Number => value.is_number(),
            JsonKind::Boolean => value.is_boolean(),
            JsonKind::Array => value.is_array(),
            JsonKind::Object => value.is_object(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            JsonKind::Any => "any value",
            JsonKind::String => "a string",
            JsonKind::Integer => "an integer",
            JsonKind::Number => "a number",
            JsonKind::Boolean => "a boolean",
            JsonKind::Array => "an array",
            JsonKind::Object => "an object",
        }
    }
}

/// A request the [`TestDouble`] received.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The `operationId` of the operation it matched; `None` when no operation has its
    /// path and method.
    pub operation: Option<&'static str>,
    /// HTTP method, upper case.
    pub method: String,
    /// The path, as sent (percent-encoded).
    pub path: String,
    /// The query pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Vec<u8>,
    /// The status the double answered with.
    pub status: u16,
}

impl RecordedRequest {
    /// The first value of the query parameter `name`.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The body decoded as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

/// An answer set for an operation.
#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    content_type: String,
    body: Vec<u8>,
}

struct State {
    operations: &'static [TestOperation],
    answers: Mutex<HashMap<&'static str, Answer>>,
    requests: Mutex<Vec<RecordedRequest>>,
}

/// A lock that still works after a panic elsewhere: the data is plain values.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A local HTTP server that stands in for the API in tests (feature `test-util`).
///
/// It answers every operation with the spec's own example unless told otherwise
/// ([`respond`](Self::respond), [`respond_error`](Self::respond_error),
/// [`respond_raw`](Self::respond_raw)), records every request
/// ([`requests`](Self::requests), [`requests_to`](Self::requests_to)), and refuses
/// requests the spec does not allow, naming the problem in an `{"errors": [...]}` body:
///
/// - `404` for a path no operation has;
/// - `405` for a method the path does not take (with an `Allow` header);
/// - `400` for a missing required query parameter, a missing or non-JSON body, a body
///   of the wrong JSON type, a missing required field or a field of the wrong JSON type.
///
/// Operations are named by their `operationId` (`"getAgent"`) or by their client
/// method (`"get_agent"`). An operation whose successful answer has a body the spec
/// gives no example of answers `501` until an answer is set.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use gladly_generated::runtime::TestDouble;
/// use gladly_generated::types::Agent;
///
/// let double = TestDouble::start().await;
/// let client = double.client()?;
///
/// // By default, the spec's example.
/// let agents = client.get_agents().await?;
/// assert!(!agents.is_empty());
///
/// // An answer of your own, typed.
/// let ada = Agent { id: Some("agent-1".into()), ..Agent::default() };
/// double.respond("getAgents", &vec![ada])?;
/// let agents = client.get_agents().await?;
/// assert_eq!(agents.items()[0].id.as_deref(), Some("agent-1"));
///
/// // An error.
/// double.respond_error("getAgents", 503, &serde_json::json!({"errors": [{"code": "down"}]}))?;
/// let client = double.client_builder()?.retry(gladly_generated::RetryPolicy::none()).build()?;
/// assert!(client.get_agents().await.is_err());
///
/// assert_eq!(double.requests_to("getAgents").len(), 3);
/// # Ok(())
/// # }
/// ```
pub struct TestDouble {
    server: MockServer,
    state: Arc<State>,
}

impl fmt::Debug for TestDouble {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestDouble")
            .field("uri", &self.server.uri())
            .finish_non_exhaustive()
    }
}

/// The user name and token [`TestDouble::env`] and [`TestDouble::client`] use.
const TEST_USER: &str = "test-user@example.com";
const TEST_TOKEN: &str = "test-token";

impl TestDouble {
    /// Starts a server on a free port of `127.0.0.1`. It stops when dropped.
    pub async fn start() -> Self {
        Self::with_operations(crate::generated::test_double::OPERATIONS).await
    }

    async fn with_operations(operations: &'static [TestOperation]) -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(State {
            operations,
            answers: Mutex::new(HashMap::new()),
            requests: Mutex::new(Vec::new()),
        });
        Mock::given(wiremock::matchers::any())
            .respond_with(Dispatch(Arc::clone(&state)))
            .mount(&server)
            .await;
        TestDouble { server, state }
    }

    /// The server's address, `http://127.0.0.1:<port>`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// Environment variables that configure [`Client::from_env`]'s variables for this
    /// server: the base URL and test credentials. A program reading them must allow
    /// plain `http` to loopback:
    /// `Client::builder_from_env()?.allow_loopback_http().build()`.
    pub fn env(&self) -> Vec<(String, String)> {
        let api = api();
        let mut pairs = vec![(api.base_url_env.to_owned(), self.uri())];
        if let Some(scheme) = api.schemes.first() {
            let values: &[&str] = match scheme.kind {
                SchemeKind::Basic => &[TEST_USER, TEST_TOKEN],
                SchemeKind::Bearer | SchemeKind::ApiKey(..) => &[TEST_TOKEN],
            };
            pairs.extend(
                scheme
                    .env
                    .iter()
                    .zip(values)
                    .map(|(name, value)| ((*name).to_owned(), (*value).to_owned())),
            );
        }
        pairs
    }

    /// A builder configured from [`env`](Self::env), with plain `http` to loopback
    /// allowed: to change retries or timeouts before building.
    pub fn client_builder(&self) -> Result<crate::ClientBuilder, Error> {
        let pairs = self.env();
        let lookup = |name: &str| -> Result<Option<String>, Error> {
            Ok(pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone()))
        };
        Ok(builder_from(api(), lookup)?.allow_loopback_http())
    }

    /// A client that sends its requests here.
    pub fn client(&self) -> Result<Client, Error> {
        self.client_builder()?.build()
    }

    /// Answers `operation` with `body` as JSON, with the status of the spec's example
    /// (200 if it has none, or if the example has no body).
    ///
    /// Fails with [`Error::Config`] for an unknown operation and [`Error::Serialize`] for
    /// a value serde_json cannot write.
    pub fn respond(&self, operation: &str, body: &impl Serialize) -> Result<(), Error> {
        let op = self.operation(operation)?;
        let value = serde_json::to_value(body).map_err(Error::Serialize)?;
        let example = op.example.as_ref();
        let status = example
            .filter(|e| !e.content_type.is_empty())
            .map_or(200, |e| e.status);
        let json_lines = example.is_some_and(|e| is_json_lines(e.content_type));
        let (content_type, body) = match value {
            Value::Array(items) if json_lines => {
                let mut body = Vec::new();
                for item in items {
                    body.extend(item.to_string().into_bytes());
                    body.push(b'\n');
                }
                (example.map_or("", |e| e.content_type), body)
            }
            value => ("application/json", value.to_string().into_bytes()),
        };
        self.set(op, status, content_type, body);
        Ok(())
    }

    /// Answers `operation` with `status` and `body` as JSON, e.g. an `{"errors": [...]}`
    /// body with a 4xx status.
    pub fn respond_error(
        &self,
        operation: &str,
        status: u16,
        body: &impl Serialize,
    ) -> Result<(), Error> {
        let op = self.operation(operation)?;
        let body = serde_json::to_vec(body).map_err(Error::Serialize)?;
        self.set(op, status, "application/json", body);
        Ok(())
    }

    /// Answers `operation` with exactly this status, content type (empty for none) and
    /// body: a CSV report, a malformed answer.
    pub fn respond_raw(
        &self,
        operation: &str,
        status: u16,
        content_type: &str,
        body: impl Into<Vec<u8>>,
    ) -> Result<(), Error> {
        let op = self.operation(operation)?;
        self.set(op, status, content_type, body.into());
        Ok(())
    }

    /// Answers `operation` with the spec's example again.
    pub fn reset(&self, operation: &str) -> Result<(), Error> {
        let op = self.operation(operation)?;
        lock(&self.state.answers).remove(op.id);
        Ok(())
    }

    /// Every request received so far, in order, refused ones included.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state.requests).clone()
    }

    /// The requests received so far that matched `operation` (by `operationId` or client
    /// method name), in order; none for an unknown operation.
    pub fn requests_to(&self, operation: &str) -> Vec<RecordedRequest> {
        let Ok(op) = self.operation(operation) else {
            return Vec::new();
        };
        lock(&self.state.requests)
            .iter()
            .filter(|r| r.operation == Some(op.id))
            .cloned()
            .collect()
    }

    fn operation(&self, name: &str) -> Result<&'static TestOperation, Error> {
        self.state
            .operations
            .iter()
            .find(|op| op.id == name || op.method_name == name)
            .ok_or_else(|| Error::Config(format!("the API has no operation `{name}`")))
    }

    fn set(&self, op: &'static TestOperation, status: u16, content_type: &str, body: Vec<u8>) {
        lock(&self.state.answers).insert(
            op.id,
            Answer {
                status,
                content_type: content_type.to_owned(),
                body,
            },
        );
    }
}

/// The API's description: where `from_env` reads its variables.
fn api() -> &'static ApiDescription {
    crate::Client::builder().api()
}

fn is_json_lines(content_type: &str) -> bool {
    matches!(
        content_type.split(';').next().unwrap_or_default().trim(),
        "application/x-jsonlines"
            | "application/x-ndjson"
            | "application/jsonl"
            | "application/jsonlines"
    )
}

/// The one mock the server has: it finds the operation and answers for it.
struct Dispatch(Arc<State>);

impl Respond for Dispatch {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let (operation, outcome) = answer(&self.0, request);
        let (status, template) = match outcome {
            Ok(answer) => {
                let mut template = ResponseTemplate::new(answer.status);
                if answer.content_type.is_empty() {
                    template = template.set_body_bytes(answer.body);
                } else {
                    template = template.set_body_raw(answer.body, &answer.content_type);
                }
                (answer.status, template)
            }
            Err(refusal) => (refusal.status, refusal.template()),
        };
        lock(&self.0.requests).push(RecordedRequest {
            operation: operation.map(|op| op.id),
            method: request.method.as_str().to_owned(),
            path: request.url.path().to_owned(),
            query: request
                .url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            headers: request.headers.clone(),
            body: request.body.clone(),
            status,
        });
        template
    }
}

/// Why a request was refused.
struct Refusal {
    status: u16,
    code: &'static str,
    attr: Option<String>,
    detail: String,
    allow: Option<String>,
}

impl Refusal {
    fn bad(code: &'static str, attr: Option<&str>, detail: String) -> Self {
        Refusal {
            status: 400,
            code,
            attr: attr.map(str::to_owned),
            detail,
            allow: None,
        }
    }

    fn template(self) -> ResponseTemplate {
        let mut error = json!({"code": self.code, "detail": self.detail});
        if let (Some(attr), Some(map)) = (self.attr, error.as_object_mut()) {
            map.insert("attr".to_owned(), Value::String(attr));
        }
        let mut template = ResponseTemplate::new(self.status)
            .set_body_raw(json!({"errors": [error]}).to_string(), "application/json");
        if let Some(allow) = self.allow {
            template = template.insert_header("Allow", allow.as_str());
        }
        template
    }
}

/// The operation a request matched, and the answer to it or the reason it is refused.
fn answer(
    state: &State,
    request: &wiremock::Request,
) -> (Option<&'static TestOperation>, Result<Answer, Refusal>) {
    let path = request.url.path();
    let method = request.method.as_str();
    // The templates the path fits, the most literal ones first (`/a/search` before
    // `/a/{id}`).
    let mut best: Option<usize> = None;
    let mut fitting: Vec<&'static TestOperation> = Vec::new();
    for op in state.operations {
        let Some(literal) = path_match(op.path, path) else {
            continue;
        };
        match best {
            Some(b) if literal < b => continue,
            Some(b) if literal == b => fitting.push(op),
            _ => {
                best = Some(literal);
                fitting = vec![op];
            }
        }
    }
    if fitting.is_empty() {
        let refusal = Refusal {
            status: 404,
            code: "not found",
            attr: None,
            detail: format!("no operation of the API has the path `{path}`"),
            allow: None,
        };
        return (None, Err(refusal));
    }
    let Some(op) = fitting.iter().find(|op| op.method == method).copied() else {
        let allowed: Vec<&str> = fitting.iter().map(|op| op.method).collect();
        let refusal = Refusal {
            status: 405,
            code: "method not allowed",
            attr: None,
            detail: format!("`{path}` takes {}, not {method}", allowed.join(", ")),
            allow: Some(allowed.join(", ")),
        };
        return (None, Err(refusal));
    };
    (Some(op), check(op, request).map(|()| respond(state, op)))
}

/// The answer set for `op`, else the spec's example, else a 501.
fn respond(state: &State, op: &TestOperation) -> Answer {
    if let Some(answer) = lock(&state.answers).get(op.id) {
        return answer.clone();
    }
    match &op.example {
        Some(example) => Answer {
            status: example.status,
            content_type: example.content_type.to_owned(),
            body: example.body.as_bytes().to_vec(),
        },
        None => Answer {
            status: 501,
            content_type: "application/json".to_owned(),
            body: json!({"errors": [{
                "code": "no example",
                "detail": format!(
                    "the spec has no example answer for `{}`: set one with TestDouble::respond",
                    op.id
                ),
            }]})
            .to_string()
            .into_bytes(),
        },
    }
}

/// Checks a request against what the spec says `op` takes.
fn check(op: &TestOperation, request: &wiremock::Request) -> Result<(), Refusal> {
    for name in op.query {
        if !request.url.query_pairs().any(|(key, _)| key == *name) {
            return Err(Refusal::bad(
                "missing",
                Some(name),
                format!("the query parameter `{name}` is required"),
            ));
        }
    }
    let Some(spec) = &op.body else {
        return Ok(());
    };
    if request.body.is_empty() {
        if spec.required {
            return Err(Refusal::bad(
                "missing",
                None,
                "a request body is required".to_owned(),
            ));
        }
        return Ok(());
    }
    if !spec.json {
        return Ok(());
    }
    let body: Value = serde_json::from_slice(&request.body)
        .map_err(|e| Refusal::bad("invalid", None, format!("the body is not JSON: {e}")))?;
    if !spec.kind.accepts(&body) {
        return Err(Refusal::bad(
            "invalid",
            None,
            format!("the body must be {}", spec.kind.name()),
        ));
    }
    let Some(object) = body.as_object() else {
        return Ok(());
    };
    for field in spec.fields {
        match object.get(field.name) {
            None if field.required => {
                return Err(Refusal::bad(
                    "blank",
                    Some(field.name),
                    format!("the field `{}` is required", field.name),
                ))
            }
            None => {}
            Some(Value::Null) if field.nullable || !field.required => {}
            Some(value) if field.kind.accepts(value) => {}
            Some(value) => {
                return Err(Refusal::bad(
                    "invalid",
                    Some(field.name),
                    format!(
                        "the field `{}` must be {}, not {}",
                        field.name,
                        field.kind.name(),
                        kind_of(value)
                    ),
                ))
            }
        }
    }
    Ok(())
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Whether `path` fits `template`: the number of its literal segments if so.
/// A template segment may mix text and `{name}`s (`{id}.csv`); a `{name}` takes at
/// least one character and never a `/`.
fn path_match(template: &str, path: &str) -> Option<usize> {
    let template: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let path: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if template.len() != path.len() {
        return None;
    }
    let mut literal = 0;
    for (pattern, segment) in template.iter().zip(&path) {
        if !pattern.contains('{') {
            if pattern != segment {
                return None;
            }
            literal += 1;
        } else if !segment_match(pattern, segment) {
            return None;
        }
    }
    Some(literal)
}

/// Whether `segment` fits `pattern`, a segment with `{name}` placeholders.
fn segment_match(pattern: &str, segment: &str) -> bool {
    // Literal pieces between placeholders: the first must start the segment, the last
    // end it, the others appear in order, each placeholder taking at least a character.
    let mut pieces: Vec<&str> = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        pieces.push(&rest[..open]);
        rest = match rest[open..].find('}') {
            Some(close) => &rest[open + close + 1..],
            None => "",
        };
    }
    pieces.push(rest);
    let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
        return false;
    };
    let Some(mut remaining) = segment.strip_prefix(first) else {
        return false;
    };
    let Some(middle_len) = remaining.len().checked_sub(last.len()) else {
        return false;
    };
    if !remaining.ends_with(last) {
        return false;
    }
    remaining = &remaining[..middle_len];
    for piece in &pieces[1..pieces.len() - 1] {
        // At least one character for the placeholder before it.
        let Some(found) = remaining.get(1..).and_then(|r| r.find(piece)) else {
            return false;
        };
        remaining = &remaining[1 + found + piece.len()..];
    }
    !remaining.is_empty()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn paths_fit_templates() {
        // The empty segment before the first `/` counts too.
        assert_eq!(
            path_match("/api/v1/agents/{id}", "/api/v1/agents/a1"),
            Some(4)
        );
        assert_eq!(path_match("/api/v1/agents", "/api/v1/agents"), Some(4));
        assert_eq!(path_match("/api/v1/agents/{id}", "/api/v1/agents/"), None);
        assert_eq!(
            path_match("/api/v1/agents/{id}", "/api/v1/agents/a/b"),
            None
        );
        assert_eq!(path_match("/f/{name}.csv", "/f/report.csv"), Some(2));
        assert_eq!(path_match("/f/{name}.csv", "/f/.csv"), None);
        assert_eq!(path_match("/f/{a}-{b}", "/f/x-y"), Some(2));
        assert_eq!(path_match("/f/{a}-{b}", "/f/x-"), None);
    }
}
