//! The classification rules, in one table: how each kind of change, in each direction,
//! affects code that uses the generated crate. The README's "Reviewing a spec update"
//! section prints the same table ([`rules_markdown`]); a test keeps the two equal.

use super::model::{ChangeKind, Direction, Severity};

/// One rule: a kind of change, the direction it applies to (`None`: any), the verdict and
/// why.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The kind of change.
    pub kind: ChangeKind,
    /// The direction it applies to; `None` for every direction.
    pub direction: Option<Direction>,
    /// The verdict.
    pub severity: Severity,
    /// Why, for the README.
    pub reason: &'static str,
}

const fn rule(
    kind: ChangeKind,
    direction: Option<Direction>,
    severity: Severity,
    reason: &'static str,
) -> Rule {
    Rule {
        kind,
        direction,
        severity,
        reason,
    }
}

use ChangeKind as K;
use Direction::{Request, Response};
use Severity::{Breaking, Compatible};

/// The rules, first match wins. A direction-specific rule comes before the catch-all for
/// its kind.
pub const RULES: &[Rule] = &[
    rule(K::OperationAdded, None, Compatible, "a new client method"),
    rule(K::OperationRemoved, None, Breaking, "the client method is gone"),
    rule(K::MethodRenamed, None, Breaking, "the client method and its builder have new names"),
    rule(K::PathChanged, None, Compatible, "the same method now calls the new path; parameter changes are listed on their own"),
    rule(K::WebhookAdded, None, Compatible, "a new payload type"),
    rule(K::WebhookRemoved, None, Breaking, "the payload type is gone"),
    rule(K::ParameterAdded, None, Compatible, "a new builder setter"),
    rule(K::RequiredParameterAdded, None, Breaking, "a new method argument; calls without it no longer compile"),
    rule(K::ParameterRemoved, None, Breaking, "the argument or setter is gone"),
    rule(K::ParameterMadeRequired, None, Breaking, "a new method argument; calls without it no longer compile"),
    rule(K::ParameterMadeOptional, None, Breaking, "the argument becomes a setter, so the method's signature changes"),
    rule(K::RequestBodyAdded, None, Compatible, "a new `body` setter"),
    rule(K::RequiredRequestBodyAdded, None, Breaking, "a new method argument"),
    rule(K::RequestBodyRemoved, None, Breaking, "the body argument or setter is gone"),
    rule(K::RequestBodyMadeRequired, None, Breaking, "a new method argument"),
    rule(K::RequestBodyMadeOptional, None, Breaking, "the argument becomes a setter, so the method's signature changes"),
    rule(K::ResponseKindChanged, None, Breaking, "the method returns another type"),
    rule(K::FieldAdded, None, Compatible, "a new `Option` field; struct literals ending in `..Default::default()` or `..T::new(..)` keep compiling"),
    rule(K::RequiredFieldAdded, Some(Request), Breaking, "requests without it are rejected, and struct literals must set it"),
    rule(K::RequiredFieldAdded, Some(Response), Compatible, "a new field the server always sends; code reading answers keeps compiling (code building the type, such as a fake answer in a test, gives it to `new`)"),
    rule(K::FieldRemoved, None, Breaking, "code naming the field no longer compiles"),
    rule(K::FieldMadeRequired, Some(Request), Breaking, "requests without it are rejected, and its Rust type loses its `Option`"),
    rule(K::FieldMadeRequired, Some(Response), Breaking, "its Rust type loses its `Option`"),
    rule(K::FieldMadeOptional, None, Breaking, "its Rust type becomes an `Option`"),
    rule(K::FieldNullableChanged, None, Breaking, "the required field's Rust type gains or loses its `Option`"),
    rule(K::TypeChanged, None, Breaking, "the Rust type changes"),
    rule(K::EnumValueAdded, Some(Response), Compatible, "decoding never failed on it (`Unknown(String)` held it); a new variant, so a `match` without a `_` arm must add it"),
    rule(K::EnumValueAdded, Some(Request), Compatible, "a new value the caller may send"),
    rule(K::EnumValueRemoved, Some(Response), Breaking, "decoding still works (the value lands in `Unknown`), but the variant is gone and code naming it no longer compiles"),
    rule(K::EnumValueRemoved, Some(Request), Breaking, "the variant is gone and the server no longer accepts the value"),
    rule(K::VariantAdded, Some(Response), Compatible, "decoding never failed on it (`Unknown(Value)` held it); a new variant, so a `match` without a `_` arm must add it"),
    rule(K::VariantAdded, Some(Request), Compatible, "a new kind of value the caller may send"),
    rule(K::VariantRemoved, None, Breaking, "the variant is gone and code naming it no longer compiles"),
    rule(K::ContentTypeAdded, None, Compatible, "the client keeps sending and reading what it did"),
    rule(K::ContentTypeRemoved, None, Breaking, "the server no longer sends or accepts a format the client may use"),
    rule(K::RustItemAdded, None, Compatible, "new public item"),
    rule(K::RustItemRemoved, None, Breaking, "code naming it no longer compiles"),
    rule(K::RustItemChanged, None, Breaking, "code using it may no longer compile"),
];

/// The verdict for a change. Every kind has a rule for every direction (tested); a kind
/// without one would be reported as breaking, the safe side.
pub fn classify(kind: ChangeKind, direction: Direction) -> Severity {
    find(kind, direction).map_or(Breaking, |r| r.severity)
}

fn find(kind: ChangeKind, direction: Direction) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.kind == kind && r.direction.is_none_or(|d| d == direction))
}

/// Whether every kind has a rule for every direction: a catch-all, or one for requests
/// and one for responses (changes of data are only ever reported with one of those two).
pub fn covers_every_kind() -> bool {
    ChangeKind::ALL.iter().all(|&kind| {
        find(kind, Direction::None).is_some()
            || (find(kind, Request).is_some() && find(kind, Response).is_some())
    })
}

/// The rules as a Markdown table, for the README.
pub fn rules_markdown() -> String {
    let mut out = String::from("| change | in | verdict | why |\n| --- | --- | --- | --- |\n");
    for r in RULES {
        let direction = match r.direction {
            Some(Request) => "request",
            Some(Response) => "response",
            Some(Direction::None) | None => "any",
        };
        let severity = match r.severity {
            Breaking => "breaking",
            Compatible => "compatible",
        };
        out.push_str(&format!(
            "| `{}` | {direction} | {severity} | {} |\n",
            r.kind.as_str(),
            r.reason
        ));
    }
    out
}
