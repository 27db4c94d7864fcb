//! The description of one API call that a generated operation hands to the [`Client`].
//!
//! [`Client`]: super::Client

use std::borrow::Cow;
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;

use super::{read_only, Error, RetryPolicy};

/// Options that apply to a single request, set on an operation builder with
/// `.with_options(...)`. Anything left unset falls back to the client's setting.
///
/// ```
/// use std::time::Duration;
/// use gladly_generated::{RequestOptions, RetryPolicy};
///
/// // A bulk import call that is safe to repeat, with more patience than usual.
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(120))
///     .retry(RetryPolicy::default().max_attempts(8).retry_non_idempotent(true));
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    /// Replaces the client's whole-request timeout for this request.
    pub timeout: Option<Duration>,
    /// Replaces the client's retry policy for this request.
    pub retry: Option<RetryPolicy>,
}

impl RequestOptions {
    /// Options that change nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a timeout for the whole request (connect, send and read the body). For
    /// streamed bodies it bounds the whole stream, so leave it unset for long exports.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries this request according to `policy` instead of the client's policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }
}

/// One API call: method, path template, parameters and body. Cheap to clone, so that a
/// retry can send it again.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) method: Method,
    /// The path as the spec names it, e.g. `/api/v1/tasks/{taskId}`.
    pub(crate) path_template: &'static str,
    pub(crate) path_params: Vec<(&'static str, String)>,
    /// Query pairs; a name is owned when it comes from an exploded object's property.
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    /// Request headers from header parameters.
    pub(crate) headers: Vec<(&'static str, String)>,
    /// A serialised body (JSON or form-encoded), with its content type.
    pub(crate) body: Option<Bytes>,
    pub(crate) content_type: &'static str,
    /// The fields of a `multipart/form-data` body, as text parts.
    pub(crate) multipart: Option<Vec<(String, String)>>,
    /// Whether a 3xx answer is the result (its `Location`) rather than an error.
    pub(crate) redirect_is_answer: bool,
    pub(crate) options: RequestOptions,
}

#[allow(dead_code)] // Which builders are used depends on the generated operations.
impl Request {
    pub(crate) fn new(method: Method, path_template: &'static str) -> Self {
        Self {
            method,
            path_template,
            path_params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            content_type: "application/json",
            multipart: None,
            redirect_is_answer: false,
            options: RequestOptions::default(),
        }
    }

    pub(crate) fn path_param(mut self, name: &'static str, value: impl ToString) -> Self {
        self.path_params.push((name, value.to_string()));
        self
    }

    pub(crate) fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((Cow::Borrowed(name), value.to_string()));
        self
    }

    /// A query parameter whose value is structured (an object, a map, a list of
    /// objects), sent in OpenAPI's default `form` style with `explode`: each property of
    /// an object is a pair of its own, a list repeats the name, and a nested value is sent
    /// as JSON text. `null`s are left out.
    pub(crate) fn query_value<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
    ) -> Result<Self, Error> {
        let value = serde_json::to_value(value).map_err(Error::Serialize)?;
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    self.push_exploded(Cow::Owned(key), &value);
                }
            }
            other => self.push_exploded(Cow::Borrowed(name), &other),
        }
        Ok(self)
    }

    fn push_exploded(&mut self, name: Cow<'static, str>, value: &serde_json::Value) {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Array(items) => {
                for item in items {
                    self.query.push((name.clone(), text_of(item)));
                }
            }
            other => self.query.push((name, text_of(other))),
        }
    }

    /// A path parameter whose value is structured, in OpenAPI's default `simple` style:
    /// the items of a list, or the names and values of an object, joined by commas.
    pub(crate) fn path_value<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Self, Error> {
        let text = simple_style(value)?;
        Ok(self.path_param(name, text))
    }

    /// A header whose value is structured, in the `simple` style (see
    /// [`Self::path_value`]).
    pub(crate) fn header_value<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Self, Error> {
        let text = simple_style(value)?;
        Ok(self.header(name, text))
    }

    pub(crate) fn json_body<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, Error> {
        let bytes = read_only::as_request(|| serde_json::to_vec(body)).map_err(Error::Serialize)?;
        self.body = Some(Bytes::from(bytes));
        Ok(self)
    }

    pub(crate) fn header(mut self, name: &'static str, value: impl ToString) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }

    /// An `application/x-www-form-urlencoded` body: each field a pair; arrays repeat the
    /// name, nested objects are sent as JSON text.
    pub(crate) fn form_body<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, Error> {
        let mut encoder = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in form_fields(body)? {
            encoder.append_pair(&name, &value);
        }
        self.body = Some(Bytes::from(encoder.finish()));
        self.content_type = "application/x-www-form-urlencoded";
        Ok(self)
    }

    /// A `multipart/form-data` body: each field a text part (see [`Self::form_body`]).
    pub(crate) fn multipart_body<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, Error> {
        self.multipart = Some(form_fields(body)?);
        Ok(self)
    }

    pub(crate) fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }
}

/// The top-level fields of a body as (name, text) pairs, in order. `null`s are left out.
fn form_fields<B: Serialize + ?Sized>(body: &B) -> Result<Vec<(String, String)>, Error> {
    let value = read_only::as_request(|| serde_json::to_value(body)).map_err(Error::Serialize)?;
    let serde_json::Value::Object(map) = value else {
        return Ok(vec![("value".to_owned(), text_of(&value))]);
    };
    let mut fields = Vec::new();
    for (name, value) in map {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Array(items) => {
                fields.extend(items.iter().map(|item| (name.clone(), text_of(item))));
            }
            other => fields.push((name, text_of(&other))),
        }
    }
    Ok(fields)
}

/// `simple` style: `a,b,c` for a list, `k1,v1,k2,v2` for an object, the text of a scalar.
fn simple_style<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let value = serde_json::to_value(value).map_err(Error::Serialize)?;
    Ok(match &value {
        serde_json::Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(","),
        serde_json::Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .flat_map(|(k, v)| [k.clone(), text_of(v)])
            .collect::<Vec<_>>()
            .join(","),
        other => text_of(other),
    })
}

fn text_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_flatten_arrays_and_encode_nested_values_as_json() {
        let body = serde_json::json!({
            "user": "a b&c",
            "tags": ["x", "y"],
            "age": 3,
            "skip": null,
            "nested": {"k": 1}
        });
        let request = Request::new(Method::POST, "/login")
            .form_body(&body)
            .expect("encodes");
        assert_eq!(request.content_type, "application/x-www-form-urlencoded");
        let sent = request.body.expect("a body");
        assert_eq!(
            std::str::from_utf8(&sent).expect("utf-8"),
            "user=a+b%26c&tags=x&tags=y&age=3&nested=%7B%22k%22%3A1%7D"
        );
    }

    #[test]
    fn structured_query_values_are_exploded_in_form_style() {
        let filter = serde_json::json!({"role": "admin", "age": 3, "gone": null, "tags": ["a", "b"], "inner": {"k": 1}});
        let request = Request::new(Method::GET, "/users")
            .query_value("filter", &filter)
            .expect("encodes")
            .query_value("ids", &[1, 2])
            .expect("encodes");
        let pairs: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("role", "admin"),
                ("age", "3"),
                ("tags", "a"),
                ("tags", "b"),
                ("inner", "{\"k\":1}"),
                ("ids", "1"),
                ("ids", "2"),
            ]
        );
    }

    #[test]
    fn structured_path_and_header_values_use_simple_style() {
        let request = Request::new(Method::GET, "/points/{p}")
            .path_value("p", &serde_json::json!({"x": 1, "y": "two"}))
            .expect("encodes")
            .header_value("X-Ids", &["a", "b"])
            .expect("encodes");
        assert_eq!(request.path_params, vec![("p", "x,1,y,two".to_owned())]);
        assert_eq!(request.headers, vec![("X-Ids", "a,b".to_owned())]);
    }

    #[test]
    fn multipart_fields_and_headers_are_kept_in_order() {
        let body = serde_json::json!({"note": "hi", "tags": ["a", "b"]});
        let request = Request::new(Method::POST, "/uploads")
            .header("X-Trace", 7)
            .multipart_body(&body)
            .expect("encodes");
        assert_eq!(request.headers, vec![("X-Trace", "7".to_owned())]);
        let fields = request.multipart.expect("multipart fields");
        let expected = [("note", "hi"), ("tags", "a"), ("tags", "b")];
        assert_eq!(
            fields,
            expected.map(|(k, v)| (k.to_owned(), v.to_owned())).to_vec()
        );
    }
}
