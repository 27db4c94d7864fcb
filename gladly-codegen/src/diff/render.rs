//! The report as Markdown (a pull-request comment) and as JSON (for machines).

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::model::{Change, Report, RustChange, Severity};

/// Counts for the header line and the JSON summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Breaking API changes.
    pub breaking: usize,
    /// Compatible API changes.
    pub compatible: usize,
    /// Breaking changes of public Rust items.
    pub rust_breaking: usize,
    /// Compatible changes of public Rust items.
    pub rust_compatible: usize,
}

impl Counts {
    /// Counts the changes of a report.
    pub fn of(report: &Report) -> Counts {
        let api = |s| report.changes.iter().filter(|c| c.severity == s).count();
        let rust = |s| report.rust.iter().filter(|c| c.severity == s).count();
        Counts {
            breaking: api(Severity::Breaking),
            compatible: api(Severity::Compatible),
            rust_breaking: rust(Severity::Breaking),
            rust_compatible: rust(Severity::Compatible),
        }
    }
}

/// The JSON report: counts, then every change.
pub fn json(report: &Report) -> String {
    #[derive(Serialize)]
    struct Document<'a> {
        summary: Counts,
        changes: &'a [Change],
        rust: &'a [RustChange],
    }
    let document = Document {
        summary: Counts::of(report),
        changes: &report.changes,
        rust: &report.rust,
    };
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}

/// The Markdown report: a one-line header with counts, the API changes grouped by tag,
/// breaking first, then the Rust items in a collapsed block.
pub fn markdown(report: &Report) -> String {
    let counts = Counts::of(report);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "**API diff: {} breaking, {} compatible** (public Rust items: {} breaking, {} compatible)",
        counts.breaking, counts.compatible, counts.rust_breaking, counts.rust_compatible
    );
    if report.is_empty() {
        let _ = writeln!(out, "\nNo changes.");
        return out;
    }
    for (severity, title) in [
        (Severity::Breaking, "Breaking"),
        (Severity::Compatible, "Compatible"),
    ] {
        api_section(&mut out, report, severity, title);
    }
    rust_section(&mut out, report);
    out
}

fn api_section(out: &mut String, report: &Report, severity: Severity, title: &str) {
    let mut by_tag: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for change in report.changes.iter().filter(|c| c.severity == severity) {
        by_tag.entry(change.tag.as_str()).or_default().push(change);
    }
    if by_tag.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### {title}");
    for (tag, changes) in by_tag {
        let _ = writeln!(out, "\n#### {tag}\n");
        for change in changes {
            let _ = writeln!(out, "- {}", change_line(change));
        }
    }
}

fn change_line(change: &Change) -> String {
    let mut line = format!("`{}` `{}`", change.kind.as_str(), change.operation);
    if !change.location.is_empty() {
        let _ = write!(line, " {}", code_span(&change.location));
    }
    if !change.detail.is_empty() {
        let _ = write!(line, ": {}", code_span(&change.detail));
    }
    if !change.also_in.is_empty() {
        let _ = write!(line, " (also in {})", change.also_in.join(", "));
    }
    line
}

fn rust_section(out: &mut String, report: &Report) {
    if report.rust.is_empty() {
        return;
    }
    let counts = Counts::of(report);
    let _ = writeln!(
        out,
        "\n<details><summary>Public Rust items: {} breaking, {} compatible</summary>\n",
        counts.rust_breaking, counts.rust_compatible
    );
    for change in &report.rust {
        let severity = match change.severity {
            Severity::Breaking => "breaking",
            Severity::Compatible => "compatible",
        };
        let _ = writeln!(
            out,
            "- {severity} `{}` `{}`: {}",
            change.kind.as_str(),
            change.item,
            code_span(&change.detail)
        );
    }
    let _ = writeln!(out, "\n</details>");
}

/// Text as an inline code span; a backtick inside gets a longer fence.
fn code_span(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}
