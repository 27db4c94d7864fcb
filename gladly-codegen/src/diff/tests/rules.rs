//! The classification table: verdicts by kind and direction, and its shape.

use crate::diff::model::{ChangeKind as K, Direction, Severity};
use crate::diff::rules::{classify, covers_every_kind, rules_markdown, RULES};

#[test]
fn a_required_field_breaks_requests_but_not_responses() {
    assert_eq!(
        classify(K::RequiredFieldAdded, Direction::Request),
        Severity::Breaking
    );
    assert_eq!(
        classify(K::RequiredFieldAdded, Direction::Response),
        Severity::Compatible
    );
}

#[test]
fn new_values_are_compatible_both_ways_and_removed_ones_break_both_ways() {
    for direction in [Direction::Request, Direction::Response] {
        for kind in [K::EnumValueAdded, K::VariantAdded, K::FieldAdded] {
            assert_eq!(classify(kind, direction), Severity::Compatible, "{kind:?}");
        }
        for kind in [K::EnumValueRemoved, K::VariantRemoved, K::FieldRemoved] {
            assert_eq!(classify(kind, direction), Severity::Breaking, "{kind:?}");
        }
    }
}

#[test]
fn changes_of_the_operation_itself() {
    let none = Direction::None;
    assert_eq!(classify(K::OperationAdded, none), Severity::Compatible);
    assert_eq!(classify(K::OperationRemoved, none), Severity::Breaking);
    assert_eq!(classify(K::MethodRenamed, none), Severity::Breaking);
    assert_eq!(classify(K::PathChanged, none), Severity::Compatible);
    assert_eq!(classify(K::RustItemAdded, none), Severity::Compatible);
    assert_eq!(classify(K::RustItemChanged, none), Severity::Breaking);
}

#[test]
fn a_kind_without_a_rule_for_its_direction_is_breaking() {
    // `RequiredFieldAdded` has rules for requests and responses only: a change reported
    // with no direction falls to the safe side.
    assert_eq!(
        classify(K::RequiredFieldAdded, Direction::None),
        Severity::Breaking
    );
}

#[test]
fn every_kind_is_covered_and_no_rule_is_shadowed() {
    assert!(covers_every_kind());
    // First match wins: a catch-all listed before a rule for the same kind would make
    // that rule dead.
    for (index, rule) in RULES.iter().enumerate() {
        let earlier_catch_all = RULES.iter().take(index).any(|r| {
            r.kind == rule.kind && (r.direction.is_none() || r.direction == rule.direction)
        });
        assert!(
            !earlier_catch_all,
            "rule {index} ({:?}) can never match",
            rule.kind
        );
    }
}

#[test]
fn the_markdown_table_has_a_row_per_rule() {
    let table = rules_markdown();
    assert_eq!(table.lines().count(), RULES.len() + 2);
    assert!(table.contains(
        "| `required_field_added` | request | breaking | requests without it are rejected"
    ));
}
