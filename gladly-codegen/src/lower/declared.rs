//! What the spec declares about an operation's payloads beyond what the client uses: every
//! content type of the request body and of each response. The client picks one of them;
//! the diff reports changes to all of them.

use openapiv3::{Operation as SpecOperation, ReferenceOr, StatusCode};

use crate::ir::{DeclaredResponse, ResponseStatus};

/// The request body's content types, in spec order; `None` without a request body written
/// in place.
pub fn request_content_types(op: &SpecOperation) -> Option<Vec<String>> {
    match op.request_body.as_ref()? {
        ReferenceOr::Item(body) => Some(body.content.keys().cloned().collect()),
        ReferenceOr::Reference { .. } => None,
    }
}

/// Every response written in place, `default` last, each with its content types.
pub fn responses(op: &SpecOperation) -> Vec<DeclaredResponse> {
    let listed = op.responses.responses.iter().map(|(code, response)| {
        let status = match code {
            StatusCode::Code(n) => ResponseStatus::Code(*n),
            StatusCode::Range(n) => ResponseStatus::Range(*n),
        };
        (status, response)
    });
    let default = op
        .responses
        .default
        .iter()
        .map(|response| (ResponseStatus::Default, response));
    listed
        .chain(default)
        .filter_map(|(status, response)| match response {
            ReferenceOr::Item(response) => Some(DeclaredResponse {
                status,
                content_types: response.content.keys().cloned().collect(),
            }),
            ReferenceOr::Reference { .. } => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(yaml: &str) -> SpecOperation {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn every_content_type_is_kept_in_spec_order() {
        let op = operation(
            "requestBody:\n  content:\n    text/csv: {}\n    application/json: {}\n\
             responses:\n  '200':\n    description: ok\n    content:\n      application/x-ndjson: {}\n      text/plain: {}\n",
        );
        assert_eq!(
            request_content_types(&op),
            Some(vec!["text/csv".to_owned(), "application/json".to_owned()])
        );
        assert_eq!(
            responses(&op),
            vec![DeclaredResponse {
                status: ResponseStatus::Code(200),
                content_types: vec!["application/x-ndjson".to_owned(), "text/plain".to_owned()],
            }]
        );
    }

    #[test]
    fn references_are_not_read_and_default_comes_last() {
        let op = operation(
            "requestBody:\n  $ref: '#/components/requestBodies/Body'\n\
             responses:\n  default:\n    description: error\n  '2XX':\n    description: ok\n  '404':\n    $ref: '#/components/responses/NotFound'\n",
        );
        assert_eq!(request_content_types(&op), None);
        let statuses: Vec<String> = responses(&op)
            .iter()
            .map(|r| r.status.to_string())
            .collect();
        assert_eq!(statuses, ["2XX", "default"]);
        assert!(responses(&op).iter().all(|r| r.content_types.is_empty()));
    }

    #[test]
    fn no_request_body_is_none() {
        let op = operation("responses:\n  '204':\n    description: done\n");
        assert_eq!(request_content_types(&op), None);
        assert_eq!(responses(&op).len(), 1);
    }
}
