//! `readOnly` properties are the server's to set: one type serves a resource both as a
//! response and as a request body (`get_webhook` and `update_webhook` share `Webhook`),
//! so a value read back may be sent again, and its `readOnly` fields must not go with it.
//! The client writes request bodies through [`as_request`]; the generated
//! `skip_serializing_if` of a `readOnly` field asks [`read_only_unsent`]. Serialising a
//! value anywhere else (to store it, to log it) keeps every field.

use std::cell::Cell;

thread_local! {
    /// Whether a request body is being written on this thread.
    static WRITING_REQUEST: Cell<bool> = const { Cell::new(false) };
}

/// Runs `write` (which serialises a request body) with `readOnly` fields left out.
pub(crate) fn as_request<R>(write: impl FnOnce() -> R) -> R {
    /// Restores the flag however `write` ends, so a nested or failed write cannot leave
    /// it set for the next one.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            WRITING_REQUEST.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(WRITING_REQUEST.with(|flag| flag.replace(true)));
    write()
}

/// The `skip_serializing_if` of a `readOnly` field: left out when unset, or when the
/// value is being sent to the server.
// A spec without `readOnly` properties generates no call to it.
#[allow(dead_code)]
pub(crate) fn read_only_unsent<T>(value: &Option<T>) -> bool {
    value.is_none() || WRITING_REQUEST.with(Cell::get)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Resource {
        name: &'static str,
        #[serde(skip_serializing_if = "read_only_unsent")]
        id: Option<&'static str>,
    }

    #[test]
    fn read_only_fields_are_kept_except_in_a_request() {
        let value = Resource {
            name: "n",
            id: Some("server-set"),
        };
        let stored = serde_json::to_string(&value).expect("serialises");
        assert_eq!(stored, r#"{"name":"n","id":"server-set"}"#);
        let sent = as_request(|| serde_json::to_string(&value)).expect("serialises");
        assert_eq!(sent, r#"{"name":"n"}"#);
        // The flag does not outlive the request.
        assert_eq!(serde_json::to_string(&value).expect("serialises"), stored);
    }
}
