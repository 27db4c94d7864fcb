//! Links in the spec's descriptions that point into the vendor's one-page reference
//! (`[Find Customers](#operation/findCustomers)`, `[rich content](#tag/Rich-Content)`):
//! in rustdoc such a fragment names no anchor, so the link is dead. A link to an
//! operation of the spec becomes an intra-doc link to its client method; any other
//! fragment becomes an absolute link into the reference the settings name
//! (`reference-url`), and stays as written when there is none.
//!
//! Parameter descriptions that tell the caller to URL-escape the value themselves
//! (`+` becomes `%2B`) are wrong for the generated client, which encodes every value:
//! following them sends `%252B`. That advice is replaced by what the client does.

use std::collections::BTreeMap;

use crate::ir::{Api, ParamLocation, TypeKind};

/// What a parameter's description says instead of advice to escape the value.
const CLIENT_ENCODES: &str =
    "The client percent-encodes the value: pass it as it is (`+1415...`, not `%2B1415...`).";

/// Rewrites the fragment links of every description of the API.
pub(super) fn rewrite(api: &mut Api, reference: Option<&str>) {
    let methods: BTreeMap<String, String> = api
        .operations
        .iter()
        .map(|op| (op.operation_id.clone(), op.method_name.clone()))
        .collect();
    let rewrite = |text: &mut String| {
        if text.contains("](#") {
            *text = rewrite_text(text, &methods, reference);
        }
    };
    for_each_doc(api, rewrite);
    for op in &mut api.operations {
        for param in &mut op.params {
            let encoded = matches!(param.location, ParamLocation::Query | ParamLocation::Path);
            if let (true, Some(doc)) = (encoded, &mut param.doc) {
                if let Some(replaced) = without_escape_advice(doc) {
                    *doc = replaced;
                }
            }
        }
    }
}

/// `doc` with each sentence that asks the caller to URL-escape the value replaced by
/// [`CLIENT_ENCODES`]; `None` when it has none.
fn without_escape_advice(doc: &str) -> Option<String> {
    let advice = |sentence: &str| {
        let lower = sentence.to_lowercase();
        let escape = [
            "url escape",
            "url-escape",
            "url encode",
            "url-encode",
            "percent-encode",
            "percent encode",
        ]
        .iter()
        .any(|w| lower.contains(w));
        escape && (lower.contains('%') || lower.contains("should") || lower.contains("must"))
    };
    let sentences: Vec<&str> = doc.split_inclusive(". ").collect();
    if !sentences.iter().any(|s| advice(s)) {
        return None;
    }
    let kept: String = sentences.into_iter().filter(|s| !advice(s)).collect();
    let kept = kept.trim_end();
    Some(if kept.is_empty() {
        CLIENT_ENCODES.to_owned()
    } else {
        format!("{kept} {CLIENT_ENCODES}")
    })
}

/// Calls `f` with every description the generated code shows.
fn for_each_doc(api: &mut Api, mut f: impl FnMut(&mut String)) {
    let mut each = |doc: &mut Option<String>| {
        if let Some(text) = doc {
            f(text);
        }
    };
    for def in &mut api.types {
        each(&mut def.doc);
        match &mut def.kind {
            TypeKind::Struct { fields } => fields.iter_mut().for_each(|x| each(&mut x.doc)),
            TypeKind::Tagged { variants, .. } => variants.iter_mut().for_each(|x| each(&mut x.doc)),
            TypeKind::Untagged { variants } => variants.iter_mut().for_each(|x| each(&mut x.doc)),
            TypeKind::Enum { .. } => {}
        }
    }
    for op in &mut api.operations {
        each(&mut op.summary);
        each(&mut op.description);
        op.params.iter_mut().for_each(|p| each(&mut p.doc));
        if let Some(body) = &mut op.body {
            each(&mut body.doc);
        }
    }
    api.webhooks.iter_mut().for_each(|w| each(&mut w.doc));
    for server in &mut api.client.servers {
        each(&mut server.description);
        server
            .variables
            .iter_mut()
            .for_each(|v| each(&mut v.description));
    }
    api.client
        .security_schemes
        .iter_mut()
        .for_each(|s| each(&mut s.description));
    for text in api.tag_docs.values_mut() {
        let mut doc = Some(std::mem::take(text));
        each(&mut doc);
        *text = doc.unwrap_or_default();
    }
}

/// `text` with each `](#fragment)` rewritten.
fn rewrite_text(text: &str, methods: &BTreeMap<String, String>, reference: Option<&str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, after)) = rest.split_once("](#") {
        out.push_str(before);
        let Some((fragment, tail)) = after.split_once(')') else {
            out.push_str("](#");
            out.push_str(after);
            return out;
        };
        let target = match fragment
            .strip_prefix("operation/")
            .and_then(|id| methods.get(id))
        {
            Some(method) => format!("crate::Client::{method}"),
            None => match reference {
                Some(base) => format!("{}#{fragment}", base.trim_end_matches('#')),
                None => format!("#{fragment}"),
            },
        };
        out.push_str("](");
        out.push_str(&target);
        out.push(')');
        rest = tail;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_links_go_to_methods_and_the_rest_to_the_reference() {
        let methods = BTreeMap::from([("findCustomers".to_owned(), "find_customers".to_owned())]);
        let text = "See [Find](#operation/findCustomers), [rich content](#tag/Rich-Content), \
                    [gone](#operation/removed) and [site](https://example.com/#a).";
        assert_eq!(
            rewrite_text(text, &methods, Some("https://developer.example.com/rest/")),
            "See [Find](crate::Client::find_customers), \
             [rich content](https://developer.example.com/rest/#tag/Rich-Content), \
             [gone](https://developer.example.com/rest/#operation/removed) and \
             [site](https://example.com/#a)."
        );
        // Without a reference, only what can be linked in the crate changes.
        assert_eq!(
            rewrite_text(text, &methods, None),
            "See [Find](crate::Client::find_customers), [rich content](#tag/Rich-Content), \
             [gone](#operation/removed) and [site](https://example.com/#a)."
        );
        assert_eq!(
            rewrite_text("[open](#tag/x", &methods, None),
            "[open](#tag/x"
        );
    }

    #[test]
    fn advice_to_escape_a_value_is_replaced_by_what_the_client_does() {
        let doc = "Phone number in E.164 format. The value should be URL escaped where `+` becomes `%2B`.";
        assert_eq!(
            without_escape_advice(doc).as_deref(),
            Some(format!("Phone number in E.164 format. {CLIENT_ENCODES}").as_str())
        );
        assert_eq!(without_escape_advice("An email address."), None);
    }
}
