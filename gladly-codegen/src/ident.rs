//! Turns arbitrary spec names into valid, readable Rust identifiers.

use heck::{ToPascalCase, ToSnakeCase};

/// Words that cannot be identifiers, even as raw identifiers (`r#self` is invalid).
const NOT_RAW: [&str; 5] = ["self", "Self", "super", "crate", "_"];

const KEYWORDS: [&str; 51] = [
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Replaces every character that cannot appear in an identifier by a word break, and
/// spells out a few that carry meaning (`+1` vs `-1`).
fn words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    // A leading minus before a number is a sign, not a separator: `-1` is `minus 1`.
    let mut chars = name.chars();
    if chars.next() == Some('-') && chars.next().is_some_and(|c| c.is_ascii_digit()) {
        out.push_str("minus ");
    }
    for c in name.chars() {
        match c {
            '+' => out.push_str(" plus "),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// A type or variant name: `conversation item` -> `ConversationItem`.
/// Never empty, never starts with a digit.
pub fn type_name(name: &str) -> String {
    let mut pascal = words(name).to_pascal_case();
    pascal.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if pascal.is_empty() {
        return "Empty".to_owned();
    }
    if pascal.starts_with(|c: char| c.is_ascii_digit()) {
        pascal.insert(0, 'V');
    }
    if pascal == "Self" {
        pascal.push_str("Value");
    }
    pascal
}

/// A field, method or parameter name: `createdAt` -> `created_at`, `type` -> `r#type`.
pub fn field_name(name: &str) -> String {
    let mut snake = words(name).to_snake_case();
    snake.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if snake.is_empty() {
        return "value".to_owned();
    }
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake.insert(0, '_');
        snake.insert(0, 'n');
    }
    if NOT_RAW.contains(&snake.as_str()) {
        snake.push('_');
        return snake;
    }
    if KEYWORDS.contains(&snake.as_str()) {
        return format!("r#{snake}");
    }
    snake
}

/// Makes `candidate` distinct from every name in `taken` by appending a number, and
/// records it.
pub fn unique(candidate: String, taken: &mut std::collections::BTreeSet<String>) -> String {
    if taken.insert(candidate.clone()) {
        return candidate;
    }
    let base = candidate
        .strip_prefix("r#")
        .unwrap_or(&candidate)
        .to_owned();
    let separator = if base.ends_with(|c: char| c.is_ascii_digit()) {
        "_"
    } else {
        ""
    };
    let mut n = 2usize;
    loop {
        let next = format!("{base}{separator}{n}");
        if taken.insert(next.clone()) {
            return next;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_valid() {
        assert_eq!(type_name("AGENT_STATUS/LOGGED_IN"), "AgentStatusLoggedIn");
        assert_eq!(type_name("3d view"), "V3dView");
        assert_eq!(type_name(""), "Empty");
        assert_eq!(type_name("Self"), "SelfValue");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("createdAt"), "created_at");
        assert_eq!(field_name("2fa"), "n_2fa");
        assert_eq!(field_name("e.164 number"), "e_164_number");
        assert_eq!(field_name("+1"), "plus_1");
        assert_eq!(field_name("-1"), "minus_1");
        assert_eq!(type_name("-1"), "Minus1");
        assert_eq!(field_name("café"), "caf");
    }

    #[test]
    fn unique_appends_numbers() {
        let mut taken = std::collections::BTreeSet::new();
        assert_eq!(unique("Task".into(), &mut taken), "Task");
        assert_eq!(unique("Task".into(), &mut taken), "Task2");
        assert_eq!(unique("V1".into(), &mut taken), "V1");
        assert_eq!(unique("V1".into(), &mut taken), "V1_2");
    }
}
