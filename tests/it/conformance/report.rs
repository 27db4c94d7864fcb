//! How each call is judged ([`Expect`], [`Exception`]) and the suite's report.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::check::Observed;

/// What a call must show to pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// No request violations, a 2xx status and a body that decodes into the generated
    /// type. The rule for every operation that is not an exception.
    Decodes,
    /// Prism cannot produce a 2xx body for this operation: the request itself must be
    /// accepted (no request violations, no 4xx); the body is not judged.
    RequestAccepted,
}

impl Expect {
    fn label(self) -> &'static str {
        match self {
            Self::Decodes => "decodes",
            Self::RequestAccepted => "request accepted, body not judged",
        }
    }
}

/// An operation that is judged by something other than [`Expect::Decodes`].
pub struct Exception {
    /// The client method.
    pub operation: &'static str,
    /// What it must show instead.
    pub expect: Expect,
    /// Why.
    pub reason: &'static str,
}

/// The calls made and their verdicts.
pub struct Report {
    exceptions: BTreeMap<&'static str, &'static Exception>,
    calls: Vec<Call>,
}

/// One call made.
struct Call {
    operation: String,
    /// The arguments, as JSON.
    sent: String,
    notes: Vec<String>,
    expect: Expect,
    observed: Observed,
}

impl Report {
    /// An empty report with these exceptions.
    pub fn new(exceptions: &'static [Exception]) -> Self {
        Self {
            exceptions: exceptions.iter().map(|e| (e.operation, e)).collect(),
            calls: Vec::new(),
        }
    }

    /// Records one call: the client method, the arguments sent (shown when the call
    /// fails), notes shown whatever the verdict, and what it observed. It is judged in
    /// [`Report::finish`].
    pub fn record(
        &mut self,
        operation: &str,
        sent: String,
        notes: Vec<String>,
        observed: Observed,
    ) {
        let expect = self
            .exceptions
            .get(operation)
            .map_or(Expect::Decodes, |e| e.expect);
        self.calls.push(Call {
            operation: operation.to_owned(),
            sent,
            notes,
            expect,
            observed,
        });
    }

    /// Compares the calls with the operations the spec defines, prints the report and
    /// the coverage line, and fails with the whole report if anything is wrong.
    pub fn finish(self, spec_operations: &BTreeSet<String>) -> (String, bool) {
        let mut out = String::new();
        let mut failed = false;
        let called: BTreeMap<&str, usize> =
            self.calls.iter().fold(BTreeMap::new(), |mut counts, call| {
                *counts.entry(call.operation.as_str()).or_default() += 1;
                counts
            });
        for Call {
            operation,
            sent,
            notes,
            expect,
            observed,
        } in &self.calls
        {
            let verdict = judge(*expect, observed);
            let status = observed
                .status
                .map_or_else(|| "---".to_owned(), |s| s.to_string());
            let mark = match (&verdict, expect) {
                (Err(_), _) => "FAIL",
                (Ok(()), Expect::Decodes) => "ok",
                (Ok(()), _) => "ok*",
            };
            let _ = writeln!(out, "{mark:<5}{status:<5}{operation}");
            if let Err(why) = &verdict {
                failed = true;
                let _ = writeln!(out, "       {why}");
                let shown: String = sent.chars().take(800).collect();
                let cut = if shown.len() < sent.len() { "..." } else { "" };
                let _ = writeln!(out, "       sent: {shown}{cut}");
            }
            for note in notes {
                let _ = writeln!(out, "       note: {note}");
            }
            // Prism's answer (the spec's example) breaking the spec's schema is a defect
            // of the spec, shown but not judged: what counts is whether the client decodes.
            for v in observed.response_violations.iter().take(3) {
                let _ = writeln!(out, "       note: Prism's answer breaks the schema: {v}");
            }
            if observed.response_violations.len() > 3 {
                let _ = writeln!(
                    out,
                    "       note: ... and {} more",
                    observed.response_violations.len() - 3
                );
            }
        }
        for (operation, count) in &called {
            if *count > 1 {
                failed = true;
                let _ = writeln!(out, "FAIL      {operation}: called {count} times");
            }
            if !spec_operations.contains(*operation) {
                failed = true;
                let _ = writeln!(
                    out,
                    "FAIL      {operation}: called, but the spec has no such operation"
                );
            }
        }
        let missing: Vec<&String> = spec_operations
            .iter()
            .filter(|o| !called.contains_key(o.as_str()))
            .collect();
        for operation in &missing {
            failed = true;
            let _ = writeln!(
                out,
                "FAIL      {operation}: in the spec, but the conformance suite does not call it"
            );
        }
        for operation in self.exceptions.keys() {
            if !called.contains_key(operation) {
                failed = true;
                let _ = writeln!(
                    out,
                    "FAIL      {operation}: listed as an exception but not called"
                );
            }
        }
        let _ = writeln!(out, "\nexceptions:");
        for exception in self.exceptions.values() {
            let _ = writeln!(
                out,
                "  {} [{}]: {}",
                exception.operation,
                exception.expect.label(),
                exception.reason
            );
        }
        let exercised = spec_operations
            .iter()
            .filter(|o| called.contains_key(o.as_str()))
            .count();
        let _ = writeln!(
            out,
            "\nconformance: {exercised} of {} operations exercised, {} exceptions",
            spec_operations.len(),
            self.exceptions.len()
        );
        (out, failed)
    }
}

fn judge(expect: Expect, observed: &Observed) -> Result<(), String> {
    let body_error = || observed.body.as_ref().err().map_or("", String::as_str);
    let no_request_violations = || {
        if observed.request_violations.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "Prism found the request breaks the spec: {}",
                observed.request_violations.join("; ")
            ))
        }
    };
    match expect {
        Expect::Decodes => {
            no_request_violations()?;
            if let Err(why) = &observed.body {
                return Err(why.clone());
            }
            // A 3xx only decodes for an operation whose answer is a redirect (the
            // client returns its Location); any other 3xx is an error of the client.
            match observed.status {
                Some(200..=399) => Ok(()),
                other => Err(format!("expected a 2xx status, got {other:?}")),
            }
        }
        Expect::RequestAccepted => {
            no_request_violations()?;
            match observed.status {
                Some(400..=499) => Err(format!("Prism refused the request: {}", body_error())),
                None => Err(format!("no answer: {}", body_error())),
                Some(_) => Ok(()),
            }
        }
    }
}
