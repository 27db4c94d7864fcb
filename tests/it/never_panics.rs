//! The generator never panics, whatever it is given: thousands of mutations of the Gladly
//! spec (keys deleted, types changed, `$ref`s broken or made cyclic, strings replaced by
//! odd identifiers) each end in output or in diagnostics.

use crate::support;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

/// A small deterministic generator (SplitMix64): the same seed gives the same cases, so a
/// failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

const ODD_STRINGS: [&str; 14] = [
    "type",
    "self",
    "Self",
    "",
    "2fa",
    "a b",
    "a/b",
    "a.b",
    "café",
    "#/paths/~1nowhere",
    "%7B",
    "~1",
    "{x}",
    "::",
];

/// Every JSON pointer in the tree, to choose a node to mutate.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let child = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(child.clone());
                pointers(v, child, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let child = format!("{at}/{i}");
                out.push(child.clone());
                pointers(v, child, out);
            }
        }
        _ => {}
    }
}

fn mutate(doc: &mut Value, all: &[String], rng: &mut Rng) {
    let Some(target) = rng.pick(all).cloned() else {
        return;
    };
    let (parent, key) = match target.rsplit_once('/') {
        Some((parent, key)) => (parent.to_owned(), key.replace("~1", "/").replace("~0", "~")),
        None => return,
    };
    let some_pointer = rng.pick(all).cloned().unwrap_or_default();
    let odd = rng
        .pick(&ODD_STRINGS)
        .copied()
        .unwrap_or_default()
        .to_owned();
    let Some(node) = doc.pointer_mut(&parent) else {
        return;
    };
    let replacement = match rng.below(9) {
        0 => Value::Null,
        1 => json!(42),
        2 => json!(odd),
        3 => json!([]),
        4 => json!({}),
        5 => json!({"$ref": format!("#{some_pointer}")}),
        6 => json!({"$ref": format!("#{target}")}),
        7 => json!({"$ref": "#/components/schemas/Missing"}),
        _ => {
            json!({"type": odd, "properties": {odd.clone(): {"type": "string"}}, "required": [odd]})
        }
    };
    match node {
        Value::Object(map) => {
            if rng.below(3) == 0 {
                map.shift_remove(&key);
            } else if rng.below(4) == 0 {
                // Rename the key: an odd property, path or schema name.
                if let Some(v) = map.shift_remove(&key) {
                    map.insert(odd, v);
                }
            } else {
                map.insert(key, replacement);
            }
        }
        Value::Array(items) => {
            if let Ok(index) = key.parse::<usize>() {
                if index < items.len() {
                    if rng.below(3) == 0 {
                        items.remove(index);
                    } else if let Some(slot) = items.get_mut(index) {
                        *slot = replacement;
                    }
                }
            }
        }
        _ => {}
    }
}

/// A spec made of a few of the Gladly paths (so that each case is small and fast) and
/// everything else of the document.
fn sample(doc: &Value, rng: &mut Rng) -> Value {
    let Value::Object(top) = doc else {
        return doc.clone();
    };
    let mut sampled = Map::new();
    for (key, value) in top {
        if key != "paths" {
            sampled.insert(key.clone(), value.clone());
        }
    }
    if let Some(Value::Object(paths)) = doc.get("paths") {
        let keys: Vec<&String> = paths.keys().collect();
        let mut chosen = Map::new();
        for _ in 0..1 + rng.below(2) {
            if let Some(key) = rng.pick(&keys) {
                if let Some(item) = paths.get(*key) {
                    chosen.insert((*key).clone(), item.clone());
                }
            }
        }
        sampled.insert("paths".to_owned(), Value::Object(chosen));
    }
    Value::Object(sampled)
}

/// The outcome of one case: did the generator produce output, refuse, or panic.
enum Outcome {
    Generated,
    Refused,
    Panicked,
}

/// Case `case` is built from its own seed, so any case can be replayed alone and the
/// split of cases between threads changes nothing.
/// Mutates the spec and generates it with Gladly's settings, as `cargo xtask codegen` does.
fn run_case(doc: &Value, settings: &gladly_codegen::Settings, case: u64) -> Outcome {
    let mut rng = Rng(SEED ^ case.wrapping_mul(0x2545_F491_4F6C_DD1D));
    let mut mutated = sample(doc, &mut rng);
    let mut all = Vec::new();
    pointers(&mutated, String::new(), &mut all);
    for _ in 0..1 + rng.below(4) {
        mutate(&mut mutated, &all, &mut rng);
    }
    let text = serde_json::to_string(&mutated).expect("serialises");
    match catch_unwind(AssertUnwindSafe(|| support::generate_with(&text, settings))) {
        Ok(Ok(_)) => Outcome::Generated,
        Ok(Err(_)) => Outcome::Refused,
        Err(_) => Outcome::Panicked,
    }
}

const SEED: u64 = 0x5EED_2026;
const CASES: u64 = 10_000;

#[test]
fn ten_thousand_mutations_never_panic() {
    let spec = support::gladly_spec();
    let doc: Value = serde_yaml::from_str(&spec).expect("the spec parses");
    let settings = support::gladly_settings();
    let threads = std::thread::available_parallelism().map_or(2, usize::from) as u64;
    let started = Instant::now();
    // The default hook would print every caught panic; the cases are what matters here.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let timed: Vec<(u64, Outcome, Duration)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                let (doc, settings) = (&doc, &settings);
                scope.spawn(move || {
                    (worker..CASES)
                        .step_by(threads as usize)
                        .map(|case| {
                            let started = Instant::now();
                            let outcome = run_case(doc, settings, case);
                            (case, outcome, started.elapsed())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("worker finishes"))
            .collect()
    });
    std::panic::set_hook(hook);
    let elapsed = started.elapsed();
    let slowest = timed.iter().map(|(_, _, d)| *d).max().unwrap_or_default();
    let results: Vec<(u64, Outcome)> = timed.into_iter().map(|(c, o, _)| (c, o)).collect();
    let generated = results
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Generated))
        .count();
    let refused = results
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Refused))
        .count();
    let mut panics: Vec<u64> = results
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Panicked))
        .map(|(c, _)| *c)
        .collect();
    panics.sort_unstable();
    support::say(&format!(
        "never panics: {} cases in {:.1} s on {threads} threads (slowest {} ms), {} panics ({generated} generated, {refused} refused with diagnostics)",
        results.len(),
        elapsed.as_secs_f64(),
        slowest.as_millis(),
        panics.len()
    ));
    assert_eq!(results.len() as u64, CASES);
    assert!(
        panics.is_empty(),
        "panicked on cases {panics:?} (replay with run_case(doc, settings, case))"
    );
    // What this guards against is a mutation that makes the generator hang or crawl, so
    // the bound is per case; the total depends on how busy the machine is (it is ~30 s on
    // an idle CI machine), and a generous cap only keeps CI inside its time.
    assert!(
        slowest < Duration::from_secs(10),
        "one case took {slowest:?}"
    );
    assert!(elapsed < Duration::from_secs(300), "took {elapsed:?}");
}
