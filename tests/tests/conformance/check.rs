//! What one call through the client observed, how it is judged, and the suite's report.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use gladly_generated::{ByteStream, Error, JsonLines, Response};
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
                path,
                message,
                body,
            } => Self {
                status: None,
                request_violations: Vec::new(),
                response_violations: Vec::new(),
                body: Err(format!(
                    "the 2xx body does not decode at `{path}`: {message}; body: {}",
                    snippet(&body)
                )),
            },
            other => Self {
                status: other.status().map(|s| s.as_u16()),
                request_violations: Vec::new(),
                response_violations: Vec::new(),
                body: Err(format!("the call failed: {other}")),
            },
        }
    }
}

/// A JSON body: decoded into the generated type by the client.
pub async fn json<T>(result: Result<Response<T>, Error>) -> Observed {
    match result {
        Ok(response) => {
            let mut observed = Observed::new(
                response.status().as_u16(),
                violation_values!(response.headers()),
            );
            observed.body = Ok(std::any::type_name::<T>().replace("gladly_generated::", ""));
            observed
        }
        Err(error) => Observed::from_error(error),
    }
}

/// A binary body: read to the end.
pub async fn bytes(result: Result<Response<ByteStream>, Error>) -> Observed {
    match result {
        Ok(response) => {
            let mut observed = Observed::new(
                response.status().as_u16(),
                violation_values!(response.headers()),
            );
            observed.body = match response.into_body().bytes().await {
                Ok(bytes) => Ok(format!("{} bytes", bytes.len())),
                Err(error) => Err(format!("reading the body failed: {error}")),
            };
            observed
        }
        Err(error) => Observed::from_error(error),
    }
}

/// A JSON-lines body: the stream is opened; its lines are decoded in the runtime tests.
pub async fn lines<T>(result: Result<Response<JsonLines<T>>, Error>) -> Observed {
    match result {
        Ok(response) => {
            let mut observed = Observed::new(
                response.status().as_u16(),
                violation_values!(response.headers()),
            );
            observed.body = Ok("a JSON-lines stream (lines not read here)".to_owned());
            observed
        }
        Err(error) => Observed::from_error(error),
    }
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

/// What a call must show to pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// No request violations, a 2xx status and a body that decodes into the generated
    /// type. The rule for every operation that is not an exception.
    Decodes,
    /// Prism cannot produce a 2xx body for this operation: the request itself must be
    /// accepted (no request violations, no 4xx); the body is not judged.
    RequestAccepted,
    /// The spec's own example for the 2xx response breaks the spec's schema: the request
    /// must be accepted, Prism must log this violation of its answer, and the client must
    /// refuse the body. When the body decodes, the exception is stale and fails the suite.
    ExampleBreaksSchema(&'static str),
    /// The request the generated client sends breaks the spec: Prism must report this
    /// request violation. When it stops doing so, the exception is stale and fails the
    /// suite, so that it is removed.
    RequestBreaksSpec(&'static str),
}

impl Expect {
    fn label(self) -> &'static str {
        match self {
            Self::Decodes => "decodes",
            Self::RequestAccepted => "request accepted, body not judged",
            Self::ExampleBreaksSchema(_) => "spec example breaks its schema",
            Self::RequestBreaksSpec(_) => "request breaks the spec",
        }
    }
}

/// An operation that is judged by something other than [`Expect::Decodes`].
pub struct Exception {
    /// The client method.
    pub operation: &'static str,
    /// What it must show instead.
    pub expect: Expect,
    /// Why.
    pub reason: &'static str,
}

/// The calls made and their verdicts.
pub struct Report {
    exceptions: BTreeMap<&'static str, &'static Exception>,
    calls: Vec<(String, Expect, Observed)>,
}

impl Report {
    /// An empty report with these exceptions.
    pub fn new(exceptions: &'static [Exception]) -> Self {
        Self {
            exceptions: exceptions.iter().map(|e| (e.operation, e)).collect(),
            calls: Vec::new(),
        }
    }

    /// Records and judges one call.
    pub fn record(&mut self, operation: &str, observed: Observed) {
        let expect = self
            .exceptions
            .get(operation)
            .map_or(Expect::Decodes, |e| e.expect);
        self.calls.push((operation.to_owned(), expect, observed));
    }

    /// Compares the calls with the operations the spec defines, prints the report and
    /// the coverage line, and fails with the whole report if anything is wrong.
    /// `prism_log` is what Prism logged during the calls.
    pub fn finish(self, spec_operations: &BTreeSet<String>, prism_log: &str) -> (String, bool) {
        let mut out = String::new();
        let mut failed = false;
        let called: BTreeMap<&str, usize> =
            self.calls
                .iter()
                .fold(BTreeMap::new(), |mut counts, (operation, ..)| {
                    *counts.entry(operation.as_str()).or_default() += 1;
                    counts
                });
        for (operation, expect, observed) in &self.calls {
            let verdict = judge(*expect, observed, prism_log);
            let status = observed
                .status
                .map_or_else(|| "---".to_owned(), |s| s.to_string());
            let mark = match (&verdict, expect) {
                (Err(_), _) => "FAIL",
                (Ok(()), Expect::Decodes) => "ok",
                (Ok(()), _) => "ok*",
            };
            let _ = writeln!(out, "{mark:<5}{status:<5}{operation}");
            if let Err(why) = &verdict {
                failed = true;
                let _ = writeln!(out, "       {why}");
            }
            // Prism's answer (the spec's example) breaking the spec's schema is a defect
            // of the spec, shown but not judged: what counts is whether the client decodes.
            for v in observed.response_violations.iter().take(3) {
                let _ = writeln!(out, "       note: Prism's answer breaks the schema: {v}");
            }
            if observed.response_violations.len() > 3 {
                let _ = writeln!(
                    out,
                    "       note: ... and {} more",
                    observed.response_violations.len() - 3
                );
            }
        }
        for (operation, count) in &called {
            if *count > 1 {
                failed = true;
                let _ = writeln!(out, "FAIL      {operation}: called {count} times");
            }
            if !spec_operations.contains(*operation) {
                failed = true;
                let _ = writeln!(
                    out,
                    "FAIL      {operation}: called, but the spec has no such operation"
                );
            }
        }
        let missing: Vec<&String> = spec_operations
            .iter()
            .filter(|o| !called.contains_key(o.as_str()))
            .collect();
        for operation in &missing {
            failed = true;
            let _ = writeln!(
                out,
                "FAIL      {operation}: in the spec, but the conformance suite does not call it"
            );
        }
        for operation in self.exceptions.keys() {
            if !called.contains_key(operation) {
                failed = true;
                let _ = writeln!(
                    out,
                    "FAIL      {operation}: listed as an exception but not called"
                );
            }
        }
        let _ = writeln!(out, "\nexceptions:");
        for exception in self.exceptions.values() {
            let _ = writeln!(
                out,
                "  {} [{}]: {}",
                exception.operation,
                exception.expect.label(),
                exception.reason
            );
        }
        let exercised = spec_operations
            .iter()
            .filter(|o| called.contains_key(o.as_str()))
            .count();
        let _ = writeln!(
            out,
            "\nconformance: {exercised} of {} operations exercised, {} exceptions",
            spec_operations.len(),
            self.exceptions.len()
        );
        (out, failed)
    }
}

fn judge(expect: Expect, observed: &Observed, prism_log: &str) -> Result<(), String> {
    let body_error = || observed.body.as_ref().err().map_or("", String::as_str);
    let no_request_violations = || {
        if observed.request_violations.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "Prism found the request breaks the spec: {}",
                observed.request_violations.join("; ")
            ))
        }
    };
    match expect {
        Expect::Decodes => {
            no_request_violations()?;
            if let Err(why) = &observed.body {
                return Err(why.clone());
            }
            // A 3xx only decodes for an operation whose answer is a redirect (the
            // client returns its Location); any other 3xx is an error of the client.
            match observed.status {
                Some(200..=399) => Ok(()),
                other => Err(format!("expected a 2xx status, got {other:?}")),
            }
        }
        Expect::RequestAccepted => {
            no_request_violations()?;
            match observed.status {
                Some(400..=499) => Err(format!("Prism refused the request: {}", body_error())),
                None => Err(format!("no answer: {}", body_error())),
                Some(_) => Ok(()),
            }
        }
        Expect::ExampleBreaksSchema(violation) => {
            no_request_violations()?;
            if observed.body.is_ok() {
                return Err("the body now decodes: the exception is stale; remove it".to_owned());
            }
            if !body_error().contains("does not decode") {
                return Err(format!(
                    "expected a body that does not decode, got: {}",
                    body_error()
                ));
            }
            if prism_log.contains(violation) {
                Ok(())
            } else {
                Err(format!(
                    "the body does not decode ({}), but Prism did not log `{violation}`: \
                     the client rejects a body the spec allows",
                    body_error()
                ))
            }
        }
        Expect::RequestBreaksSpec(violation) => {
            if observed
                .request_violations
                .iter()
                .any(|v| v.contains(violation))
            {
                Ok(())
            } else if observed.request_violations.is_empty() {
                Err("the request now conforms: the exception is stale; remove it".to_owned())
            } else {
                Err(format!(
                    "Prism found other violations than `{violation}`: {}",
                    observed.request_violations.join("; ")
                ))
            }
        }
    }
}
