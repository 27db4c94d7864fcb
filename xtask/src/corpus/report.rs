//! What a corpus run prints and the JSON report it writes.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::check::CrateResult;
use super::generate::{Outcome, Record};

/// The counts of the summary line.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Documents that generated, of `documents`.
    pub generated: usize,
    pub documents: usize,
    /// Sampled crates that compiled, of `sampled`.
    pub compiled: usize,
    pub sampled: usize,
    pub panics: usize,
    /// The slowest document: milliseconds and path.
    pub slowest: Option<(u64, String)>,
    /// `release` or `debug`: how the command was built (timings depend on it).
    pub build: &'static str,
}

impl Summary {
    /// Counts the records and crate results.
    pub fn new(records: &[Record], sample: &BTreeMap<String, CrateResult>) -> Self {
        let slowest = records
            .iter()
            .max_by_key(|r| r.micros)
            .map(|r| (r.ms(), r.path.clone()));
        Summary {
            generated: count(records, |o| *o == Outcome::Generated),
            documents: records.len(),
            compiled: sample.values().filter(|r| r.compiled()).count(),
            sampled: sample.len(),
            panics: count(records, |o| matches!(o, Outcome::Panicked(_))),
            slowest,
            build: if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            },
        }
    }

    /// The one summary line.
    pub fn line(&self) -> String {
        let (ms, name) = self
            .slowest
            .clone()
            .unwrap_or_else(|| (0, "none".to_owned()));
        format!(
            "corpus: generated {} of {}, compiled {} of {} sampled, {} panics, slowest {ms} ms ({name}), {} build",
            self.generated, self.documents, self.compiled, self.sampled, self.panics, self.build
        )
    }
}

fn count(records: &[Record], keep: impl Fn(&Outcome) -> bool) -> usize {
    records.iter().filter(|r| keep(&r.outcome)).count()
}

/// How many documents each refusal code stopped (a document may have several).
pub fn refusal_codes(records: &[Record]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for record in records {
        if let Outcome::Refused(codes) = &record.outcome {
            for code in codes {
                *counts.entry(code.clone()).or_default() += 1;
            }
        }
    }
    counts
}

/// How many sampled crates each compiler error code appears in.
pub fn compile_codes(sample: &BTreeMap<String, CrateResult>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for result in sample.values() {
        let mut codes: Vec<&str> = result.errors.iter().map(|e| e.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        for code in codes {
            *counts.entry(code.to_owned()).or_default() += 1;
        }
    }
    counts
}

/// A table of codes, most frequent first, under a title.
pub fn table(title: &str, counts: &BTreeMap<String, usize>) -> String {
    let mut rows: Vec<(&String, &usize)> = counts.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut out = format!("{title}:\n");
    if rows.is_empty() {
        out.push_str("  (none)\n");
    }
    for (code, n) in rows {
        out.push_str(&format!("  {n:>5}  {code}\n"));
    }
    out
}

/// The `p`th percentile (0-100) of the times in milliseconds, by nearest rank.
pub fn percentile(records: &[Record], p: usize) -> f64 {
    let mut micros: Vec<u64> = records.iter().map(|r| r.micros).collect();
    micros.sort_unstable();
    let rank = (p * micros.len()).div_ceil(100).max(1);
    micros.get(rank - 1).map_or(0.0, |&m| m as f64 / 1000.0)
}

/// The JSON report: the summary, every document, the sample and what failed the run.
pub fn json(
    summary: &Summary,
    records: &[Record],
    sample: &[(String, String)],
    results: &BTreeMap<String, CrateResult>,
    phases: &[(&str, f64)],
    problems: &[String],
) -> Value {
    let documents: Vec<Value> = records.iter().map(document).collect();
    let sampled: Vec<Value> = sample
        .iter()
        .map(|(path, name)| {
            let result = results.get(name).cloned().unwrap_or_default();
            json!({
                "path": path,
                "crate": name,
                "compiled": result.compiled(),
                "first_error": result.errors.first().map(|e| json!({"code": e.code, "message": e.message})),
                "codes": compile_codes(&BTreeMap::from([(name.clone(), result)])).into_keys().collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "summary": {
            "line": summary.line(),
            "documents": summary.documents,
            "generated": summary.generated,
            "sampled": summary.sampled,
            "compiled": summary.compiled,
            "panics": summary.panics,
            "slowest": summary.slowest.as_ref().map(|(ms, path)| json!({"ms": ms, "path": path})),
            "median_ms": percentile(records, 50),
            "p95_ms": percentile(records, 95),
            "build": summary.build,
            "phases_s": phases.iter().map(|(name, s)| (name.to_string(), json!(s))).collect::<serde_json::Map<_, _>>(),
        },
        "refusal_codes": refusal_codes(records),
        "compile_codes": compile_codes(results),
        "problems": problems,
        "documents": documents,
        "sample": sampled,
    })
}

fn document(record: &Record) -> Value {
    let (outcome, codes, panic) = match &record.outcome {
        Outcome::Generated => ("generated", Vec::new(), None),
        Outcome::Refused(codes) => ("refused", codes.clone(), None),
        Outcome::Panicked(message) => ("panicked", Vec::new(), Some(message.clone())),
    };
    json!({
        "path": record.path,
        "outcome": outcome,
        "ms": record.micros as f64 / 1000.0,
        "warnings": record.warnings,
        "bytes": record.bytes,
        "codes": codes,
        "panic": panic,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(path: &str, outcome: Outcome, micros: u64) -> Record {
        Record {
            path: path.to_owned(),
            outcome,
            micros,
            warnings: 0,
            bytes: 0,
        }
    }

    fn records() -> Vec<Record> {
        vec![
            record("a.json", Outcome::Generated, 1_200),
            record("b/c.json", Outcome::Generated, 2_600_400),
            record(
                "d.json",
                Outcome::Refused(vec!["openapi-version".into()]),
                300,
            ),
            record("e.json", Outcome::Panicked("boom".into()), 9_000),
        ]
    }

    #[test]
    fn the_summary_line_has_the_documented_shape() {
        let mut sample = BTreeMap::new();
        sample.insert(
            "c000_a".to_owned(),
            CrateResult {
                errors: vec![],
                built: true,
            },
        );
        sample.insert("c001_b".to_owned(), CrateResult::default());
        let summary = Summary::new(&records(), &sample);
        let build = if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        };
        assert_eq!(
            summary.line(),
            format!("corpus: generated 2 of 4, compiled 1 of 2 sampled, 1 panics, slowest 2600 ms (b/c.json), {build} build")
        );
    }

    #[test]
    fn an_empty_run_has_a_summary_line_too() {
        let summary = Summary::new(&[], &BTreeMap::new());
        assert!(summary.line().starts_with(
            "corpus: generated 0 of 0, compiled 0 of 0 sampled, 0 panics, slowest 0 ms (none), "
        ));
    }

    #[test]
    fn percentiles_are_by_nearest_rank() {
        let records = records();
        assert_eq!(percentile(&records, 50), 1.2);
        assert_eq!(percentile(&records, 95), 2600.4);
        assert_eq!(percentile(&[], 50), 0.0);
    }

    #[test]
    fn the_table_lists_the_most_frequent_code_first() {
        let counts = BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 3)]);
        assert_eq!(
            table("refused", &counts),
            "refused:\n      3  b\n      1  a\n"
        );
    }
}
