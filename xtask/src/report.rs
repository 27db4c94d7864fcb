//! Printing diagnostics: a spec read loosely can give the same warning hundreds of times
//! (`missing-operation-id` for every operation of a spec that names none); the first few
//! of each code are shown in full, the rest counted.

use gladly_codegen::{Diagnostic, Severity};

/// How many diagnostics of one code and severity are shown in full.
pub const SHOWN_PER_CODE: usize = 5;

/// The diagnostics as `show` writes each one, a blank line after each, in their order,
/// the first [`SHOWN_PER_CODE`] of each code and severity in full; then one line per
/// code with more: `... and 40 more missing-operation-id warnings`.
pub fn grouped(diagnostics: &[Diagnostic], show: impl Fn(&Diagnostic) -> String) -> String {
    let mut counts: Vec<((Severity, &str), usize)> = Vec::new();
    let mut out = String::new();
    for d in diagnostics {
        let key = (d.severity, d.code);
        let seen = match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                counts.push((key, 1));
                1
            }
        };
        if seen <= SHOWN_PER_CODE {
            out.push_str(&show(d));
            out.push_str("\n\n");
        }
    }
    for ((severity, code), n) in counts {
        let more = n.saturating_sub(SHOWN_PER_CODE);
        if more > 0 {
            let kind = match severity {
                Severity::Warning => "warning",
                Severity::Error => "error",
            };
            let plural = if more == 1 { "" } else { "s" };
            out.push_str(&format!("... and {more} more {code} {kind}{plural}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_codes_are_counted_after_the_first_few() {
        let mut diagnostics: Vec<Diagnostic> = (0..12)
            .map(|i| Diagnostic::warning("missing-operation-id", format!("/paths/{i}"), "x"))
            .collect();
        diagnostics.insert(3, Diagnostic::warning("other", "/a", "y"));
        diagnostics.push(Diagnostic::error("missing-operation-id", "/b", "z"));
        let text = grouped(&diagnostics, |d| d.pointer.clone());
        assert_eq!(
            text,
            "/paths/0\n\n/paths/1\n\n/paths/2\n\n/a\n\n/paths/3\n\n/paths/4\n\n/b\n\n\
             ... and 7 more missing-operation-id warnings\n"
        );
        let one_more: Vec<Diagnostic> = (0..6)
            .map(|i| Diagnostic::warning("c", format!("/{i}"), "x"))
            .collect();
        assert!(grouped(&one_more, |d| d.pointer.clone()).ends_with("... and 1 more c warning\n"));
    }
}
