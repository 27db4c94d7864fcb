//! Links in the spec's descriptions that point into the vendor's one-page reference
//! (`[Find Customers](#operation/findCustomers)`, `[rich content](#tag/Rich-Content)`):
//! in rustdoc such a fragment names no anchor, so the link is dead. A link to an
//! operation of the spec becomes an intra-doc link to its client method; any other
//! fragment becomes an absolute link into the reference the settings name
//! (`reference-url`), and stays as written when there is none.

use std::collections::BTreeMap;

use crate::ir::{Api, TypeKind};

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
}
