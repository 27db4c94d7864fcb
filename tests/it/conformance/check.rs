//! What one call through the client observed: its status, Prism's violations and
//! whether the answer decoded.

use gladly_generated::registry::{CallBody, CallError};
use gladly_generated::{Error, Response};
use serde_json::Value;

/// Prism's header listing what in the request (or in its own answer) breaks the spec.
const VIOLATIONS_HEADER: &str = "sl-violations";

/// The values of every `sl-violations` header in a header map (the client's header map
/// type is used by its methods only, so this crate needs no HTTP library of its own).
macro_rules! violation_values {
    ($headers:expr) => {
        $headers
            .get_all(VIOLATIONS_HEADER)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect::<Vec<_>>()
            .into_iter()
    };
}

/// What one call observed.
#[derive(Debug)]
pub struct Observed {
    /// The HTTP status, when the client reports one.
    pub status: Option<u16>,
    /// Prism's `sl-violations` about the request.
    pub request_violations: Vec<String>,
    /// Prism's `sl-violations` about its own response (the spec's example against the
    /// spec's schema): defects of the spec, not of the client.
    pub response_violations: Vec<String>,
    /// `Ok(what was decoded)` or `Err(why the body was not decoded)`.
    pub body: Result<String, String>,
}

impl Observed {
    /// `values`: every `sl-violations` header value.
    fn new(status: u16, values: impl Iterator<Item = String>) -> Self {
        let (mut request_violations, mut response_violations) = (Vec::new(), Vec::new());
        for value in values {
            let (request, response) = parse_violations(&value);
            request_violations.extend(request);
            response_violations.extend(response);
        }
        Self {
            status: Some(status),
            request_violations,
            response_violations,
            body: Err("not read".to_owned()),
        }
    }

    /// A call that was never sent: its arguments could not be built, or the generated
    /// types refused them.
    pub fn unsent(why: String) -> Self {
        Self {
            status: None,
            request_violations: Vec::new(),
            response_violations: Vec::new(),
            body: Err(format!("not sent: {why}")),
        }
    }

    fn from_error(error: Error) -> Self {
        match error {
            Error::Api {
                status,
                headers,
                body,
                ..
            } => {
                let mut observed = Self::new(status.as_u16(), violation_values!(headers));
                observed.body = Err(format!("Prism answered {status}: {}", snippet(&body)));
                observed
            }
            Error::Decode {
                status,
                headers,
                path,
                message,
                body,
                ..
            } => {
                // Prism's verdict on the exchange travels in the headers of the response
                // that did not decode.
                let mut observed = Self::new(status.as_u16(), violation_values!(headers));
                observed.body = Err(format!(
                    "the 2xx body does not decode at `{path}`: {message}; body: {}",
                    snippet(&body)
                ));
                observed
            }
            other => Self {
                status: other.status().map(|s| s.as_u16()),
                request_violations: Vec::new(),
                response_violations: Vec::new(),
                body: Err(format!("the call failed: {other}")),
            },
        }
    }
}

/// What `registry::call` observed. A JSON answer was decoded as the generated type by
/// the client; a binary one is read to the end; a JSON-lines stream is only opened (its
/// lines are decoded in the runtime tests). Arguments the generated types refuse are
/// never sent.
pub async fn observe(result: Result<Response<CallBody>, CallError>) -> Observed {
    let response = match result {
        Ok(response) => response,
        Err(CallError::Client(error)) => return Observed::from_error(error),
        Err(refused) => return Observed::unsent(refused.to_string()),
    };
    let mut observed = Observed::new(
        response.status().as_u16(),
        violation_values!(response.headers()),
    );
    observed.body = match response.into_body() {
        CallBody::Json(_) => Ok("JSON decoded as the generated type".to_owned()),
        CallBody::Bytes(stream) => match stream.bytes().await {
            Ok(bytes) => Ok(format!("{} bytes", bytes.len())),
            Err(error) => Err(format!("reading the body failed: {error}")),
        },
        CallBody::Lines(_) => Ok("a JSON-lines stream (lines not read here)".to_owned()),
        CallBody::Empty => Ok("no body".to_owned()),
        CallBody::Redirect(location) => Ok(format!("redirected to {location}")),
        other => Err(format!("an answer the suite does not know: {other:?}")),
    };
    observed
}

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut short: String = text.chars().take(600).collect();
    if short.len() < text.len() {
        short.push_str("...");
    }
    short
}

/// Parses one `sl-violations` value: a JSON array, possibly after a `Too many
/// violations!` prefix, of objects with `location` (`["request", ...]` or
/// `["response", ...]`) and `message`.
pub fn parse_violations(value: &str) -> (Vec<String>, Vec<String>) {
    let mut request = Vec::new();
    let mut response = Vec::new();
    let json = value.find('[').map_or("", |start| &value[start..]);
    match serde_json::from_str::<Vec<Value>>(json) {
        Ok(items) => {
            for item in items {
                let location: Vec<&str> = item
                    .get("location")
                    .and_then(Value::as_array)
                    .map(|l| l.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let message = item
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("(no message)");
                let text = format!("{}: {message}", location.join("."));
                if location.first() == Some(&"response") {
                    response.push(text);
                } else {
                    request.push(text);
                }
            }
        }
        // Prism cuts long lists (`Too many violations! [...`): read each entry's location.
        Err(_) => {
            let entries: Vec<&str> = value.split("\"location\":[").skip(1).collect();
            if entries.is_empty() {
                request.push(format!("unreadable {VIOLATIONS_HEADER}: {value}"));
            }
            for entry in entries {
                let location: String = entry
                    .split(']')
                    .next()
                    .unwrap_or_default()
                    .replace('"', "")
                    .replace(',', ".");
                let message = entry
                    .split("\"message\":\"")
                    .nth(1)
                    .and_then(|m| m.split('"').next())
                    .unwrap_or("(cut off)");
                let text = format!("{location}: {message}");
                if entry.starts_with("\"response\"") {
                    response.push(text);
                } else {
                    request.push(text);
                }
            }
        }
    }
    (request, response)
}
