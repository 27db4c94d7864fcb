//! JSON pointers (RFC 6901), as they appear in `$ref` URI fragments.

use serde_json::Value;

/// Escapes one reference token: `~` -> `~0`, `/` -> `~1`.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends a token to a pointer.
pub fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}

/// Splits a pointer into its unescaped tokens.
pub fn tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Turns a local `$ref` (`#/paths/~1api~1v1~1tasks~1%7BtaskId%7D/get`) into a plain
/// pointer (`/paths/~1api~1v1~1tasks~1{taskId}/get`): the fragment is percent-encoded
/// as URI fragments are. Returns `None` for references to other documents.
pub fn from_ref(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    Some(percent_decode(fragment))
}

/// Turns a plain pointer back into a local `$ref`.
pub fn to_ref(pointer: &str) -> String {
    let mut out = String::from("#");
    for c in pointer.chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            _ => out.push(c),
        }
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or_default();
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(decoded) = hex {
                out.push(decoded);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Looks a pointer up in a document. (The lowering looks up pointers by the hundred
/// thousand in a large spec: a token is unescaped only when it has a `~`.)
pub fn get<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut current = root;
    for raw in pointer.trim_start_matches('/').split('/') {
        let token = if raw.contains('~') {
            std::borrow::Cow::Owned(raw.replace("~1", "/").replace("~0", "~"))
        } else {
            std::borrow::Cow::Borrowed(raw)
        };
        current = match current {
            Value::Object(map) => map.get(token.as_ref())?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_encoded_refs() {
        assert_eq!(
            from_ref("#/paths/~1api~1v1~1tasks~1%7BtaskId%7D/get").as_deref(),
            Some("/paths/~1api~1v1~1tasks~1{taskId}/get")
        );
        assert_eq!(tokens("/paths/~1a~1b/x~0y"), vec!["paths", "/a/b", "x~y"]);
        assert_eq!(from_ref("other.yaml#/x"), None);
    }

    #[test]
    fn gets_by_pointer() {
        let doc = serde_json::json!({"a/b": {"c~d": [1, {"e": 2}]}, "": 3});
        assert_eq!(get(&doc, "/a~1b/c~0d/1/e"), Some(&serde_json::json!(2)));
        assert_eq!(get(&doc, ""), Some(&doc));
        assert_eq!(get(&doc, "/"), Some(&serde_json::json!(3)));
        assert_eq!(get(&doc, "/a~1b/c~0d/9"), None);
    }

    #[test]
    fn ref_round_trips() {
        let pointer = "/paths/~1api~1v1~1tasks~1{taskId}/get/examples/Sample Answer";
        assert_eq!(from_ref(&to_ref(pointer)).as_deref(), Some(pointer));
    }
}
