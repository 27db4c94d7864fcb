//! Spec descriptions (CommonMark written for a web page) made safe for rustdoc.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line of `text`.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = rustdoc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// Several paragraphs, separated by blank doc lines.
pub fn doc_paragraphs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let text = paragraphs
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    doc_attrs(&text)
}

/// Rewrites text so rustdoc neither compiles it nor warns on it: untyped code fences
/// become `text` (they would be doctests), indentation outside fences is dropped (an
/// indented block is a code block too), bare URLs get angle brackets and square brackets
/// that are not links are escaped (they would be intra-doc links).
fn rustdoc_lines(text: &str) -> Vec<String> {
    // A carriage return inside a doc comment is a compile error ("bare CR"); specs
    // written on Windows, or by hand in a JSON string, carry them.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.trim().lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            let line = if !in_fence && trimmed == "```" {
                "```text".to_owned()
            } else if !in_fence {
                let lang = trimmed.trim_start_matches('`').trim();
                // Only a fence explicitly marked rust would be run as a test.
                if lang == "rust" {
                    "```rust,ignore".to_owned()
                } else {
                    trimmed.to_owned()
                }
            } else {
                "```".to_owned()
            };
            in_fence = !in_fence;
            out.push(format!(" {line}"));
            continue;
        }
        if in_fence {
            out.push(format!(" {line}"));
        } else {
            out.push(format!(" {}", escape_markdown(trimmed)));
        }
    }
    if in_fence {
        out.push(" ```".to_owned());
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out
}

fn escape_markdown(line: &str) -> String {
    let mut escaped = if line.contains("](") {
        line.to_owned()
    } else {
        line.replace('[', "\\[").replace(']', "\\]")
    };
    if escaped.contains("http://") || escaped.contains("https://") {
        escaped = escaped
            .split(' ')
            .map(|word| {
                let bare = (word.starts_with("http://") || word.starts_with("https://"))
                    && !word.contains("](");
                if bare {
                    let url = word.trim_end_matches(['.', ',', ';', ':', ')']);
                    format!("<{url}>{}", word.get(url.len()..).unwrap_or_default())
                } else {
                    word.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carriage_returns_become_line_breaks() {
        let lines = rustdoc_lines("first\r\nsecond\rthird");
        assert_eq!(lines, [" first", " second", " third"]);
    }

    #[test]
    fn code_and_links_are_made_safe() {
        let lines =
            rustdoc_lines("See https://x.io.\n```\ncurl -u a:b\n```\n    indented\n[not a link]");
        assert_eq!(
            lines,
            vec![
                " See <https://x.io>.",
                " ```text",
                " curl -u a:b",
                " ```",
                " indented",
                " \\[not a link\\]"
            ]
        );
    }
}
