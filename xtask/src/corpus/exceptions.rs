//! `tests/corpus-exceptions.txt`: the documents expected to fail, each with the stage it
//! fails at and why. The comparison is exact both ways: an unlisted failure fails the run,
//! and so does a listed document that now passes.

use std::collections::BTreeMap;

use anyhow::{bail, Result};

/// Where a listed document fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// The generator refuses it.
    Generate,
    /// Its output does not compile.
    Check,
}

impl Stage {
    /// The word used in the file.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Generate => "generate",
            Stage::Check => "check",
        }
    }
}

/// The listed failures: (path, stage) -> reason.
pub type Exceptions = BTreeMap<(String, Stage), String>;

/// Reads the file's text: `path<TAB>stage<TAB>reason` lines, `#` comments, blank lines.
pub fn parse(text: &str) -> Result<Exceptions> {
    let mut out = Exceptions::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [path, stage, reason] = fields.as_slice() else {
            bail!(
                "line {}: expected `path<TAB>stage<TAB>reason`, found {line:?}",
                number + 1
            );
        };
        let stage = match *stage {
            "generate" => Stage::Generate,
            "check" => Stage::Check,
            other => bail!(
                "line {}: stage {other:?} is neither `generate` nor `check`",
                number + 1
            ),
        };
        if reason.is_empty() {
            bail!("line {}: {path} has no reason", number + 1);
        }
        out.insert(((*path).to_owned(), stage), (*reason).to_owned());
    }
    Ok(out)
}

/// What the run saw at one stage: path -> passed. Only the documents the stage looked at
/// (for `check`, the sample).
pub type Observed = BTreeMap<String, bool>;

/// The result of comparing what was seen with what is listed.
#[derive(Debug, Default, PartialEq)]
pub struct Comparison {
    /// Failures that are listed.
    pub excused: usize,
    /// What fails the run, one line each.
    pub problems: Vec<String>,
}

/// Compares one stage. `complete` says every document of the corpus was looked at (no
/// `--only`, and not the sampled `check` stage): then a listed document that was not seen
/// at all is a problem too (a stale entry).
pub fn compare(
    exceptions: &Exceptions,
    stage: Stage,
    observed: &Observed,
    complete: bool,
) -> Comparison {
    let mut comparison = Comparison::default();
    for (path, passed) in observed {
        let listed = exceptions.contains_key(&(path.clone(), stage));
        match (passed, listed) {
            (true, false) => {}
            (true, true) => comparison.problems.push(format!(
                "{path}: listed as failing at `{}` but passes; remove it from tests/corpus-exceptions.txt",
                stage.name()
            )),
            (false, true) => comparison.excused += 1,
            (false, false) => comparison
                .problems
                .push(format!("{path}: fails at `{}` and is not listed", stage.name())),
        }
    }
    if complete {
        for (path, listed_stage) in exceptions.keys() {
            if *listed_stage == stage && !observed.contains_key(path) {
                comparison
                    .problems
                    .push(format!("{path}: listed, but not in the corpus"));
            }
        }
    }
    comparison
}

#[cfg(test)]
// Tests state their expectations with expect().
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    const FILE: &str = "# header\n\
        \n\
        a.json\tgenerate\tnot OpenAPI\n\
        b.json\tcheck\ta type named like a keyword\n";

    fn observed(entries: &[(&str, bool)]) -> Observed {
        entries
            .iter()
            .map(|(p, ok)| ((*p).to_owned(), *ok))
            .collect()
    }

    #[test]
    fn parses_entries_and_skips_comments() {
        let exceptions = parse(FILE).expect("parses");
        assert_eq!(exceptions.len(), 2);
        assert_eq!(
            exceptions.get(&("b.json".to_owned(), Stage::Check)),
            Some(&"a type named like a keyword".to_owned())
        );
    }

    #[test]
    fn rejects_malformed_lines() {
        assert!(parse("a.json generate reason\n").is_err());
        assert!(parse("a.json\tcompile\treason\n").is_err());
        assert!(parse("a.json\tgenerate\t\n").is_err());
    }

    #[test]
    fn an_unlisted_failure_is_a_problem() {
        let exceptions = parse(FILE).expect("parses");
        let seen = observed(&[("a.json", false), ("c.json", false), ("d.json", true)]);
        let result = compare(&exceptions, Stage::Generate, &seen, false);
        assert_eq!(result.excused, 1);
        assert_eq!(
            result.problems,
            ["c.json: fails at `generate` and is not listed"]
        );
    }

    #[test]
    fn a_listed_document_that_passes_is_a_problem() {
        let exceptions = parse(FILE).expect("parses");
        let seen = observed(&[("a.json", true)]);
        let result = compare(&exceptions, Stage::Generate, &seen, false);
        assert_eq!(result.excused, 0);
        assert_eq!(result.problems.len(), 1);
        assert!(result.problems[0].contains("passes; remove it"));
    }

    #[test]
    fn a_listed_failure_is_excused_at_its_own_stage_only() {
        let exceptions = parse(FILE).expect("parses");
        let seen = observed(&[("b.json", false)]);
        let check = compare(&exceptions, Stage::Check, &seen, false);
        assert_eq!(
            check,
            Comparison {
                excused: 1,
                problems: vec![]
            }
        );
        let generate = compare(&exceptions, Stage::Generate, &seen, false);
        assert_eq!(generate.problems.len(), 1, "listed for check, not generate");
    }

    #[test]
    fn a_stale_entry_counts_only_when_the_whole_corpus_was_seen() {
        let exceptions = parse(FILE).expect("parses");
        let seen = observed(&[("d.json", true)]);
        assert!(compare(&exceptions, Stage::Generate, &seen, false)
            .problems
            .is_empty());
        assert_eq!(
            compare(&exceptions, Stage::Generate, &seen, true).problems,
            ["a.json: listed, but not in the corpus"]
        );
    }
}
