//! Every program in `gladly-generated/examples/` run against the test double, with the
//! input a user would give it (a CSV file, ids as arguments), checked by what the double
//! received and what the program wrote.
//!
//! The programs are built once per run of this binary, by `cargo build --examples` into
//! their own target directory (`target/examples-run`: the running `cargo test` holds the
//! lock of the usual one), so they are never stale; a failed build fails every test here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use gladly_generated::{reqwest, TestDouble};
use serde_json::{json, Value};

use crate::support;

/// The directory of the built example programs.
fn examples_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = support::root();
        let target = root.join("target/examples-run");
        let output = Command::new(env!("CARGO"))
            .current_dir(&root)
            .args([
                "build",
                "--examples",
                "-p",
                "gladly-generated",
                "--offline",
                "--quiet",
            ])
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "building the examples failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        target.join("debug/examples")
    })
}

/// The built program `name`; fails when it is missing.
fn example(name: &str) -> PathBuf {
    let path = examples_dir().join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "example `{name}` was not built: {}",
        path.display()
    );
    path
}

/// Runs `name` with `args`, configured from the double's environment and nothing else
/// of Gladly's.
fn run(double: &TestDouble, name: &str, args: &[&str]) -> Output {
    let mut command = Command::new(example(name));
    command.args(args);
    for (key, _) in std::env::vars() {
        if key.starts_with("GLADLY_") {
            command.env_remove(key);
        }
    }
    command.envs(double.env());
    command.output().expect("the example runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        stdout(output),
        String::from_utf8_lossy(&output.stderr)
    );
}

const ALL: [&str; 8] = [
    "customers_from_csv",
    "create_tasks",
    "close_conversations",
    "redact_call_items",
    "download_export",
    "follow_events",
    "download_reports",
    "webhook_receiver",
];

#[test]
fn every_example_has_help() {
    for name in ALL {
        let output = Command::new(example(name)).arg("--help").output().unwrap();
        assert_success(&output);
        assert!(
            stdout(&output).contains("Usage:"),
            "{name}: {}",
            stdout(&output)
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn customers_from_csv_creates_then_updates() {
    let double = TestDouble::start().await;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("customers.csv");
    std::fs::write(
        &csv,
        "id,name,email,phone\n\
         c-1,Ada Lovelace,ada@example.com,+14155550100\n\
         ,Grace Hopper,grace@example.com,\n",
    )
    .unwrap();
    assert_success(&run(
        &double,
        "customers_from_csv",
        &[csv.to_str().unwrap()],
    ));
    let created = double.requests_to("createCustomer");
    assert_eq!(created.len(), 2);
    let first: Value = created[0].json().unwrap();
    assert_eq!(first["id"], "c-1");
    assert_eq!(first["name"], "Ada Lovelace");
    assert_eq!(first["emails"], json!([{"original": "ada@example.com"}]));
    assert_eq!(first["phones"], json!([{"original": "+14155550100"}]));
    let second: Value = created[1].json().unwrap();
    assert_eq!(second.get("id"), None);
    assert_eq!(second.get("phones"), None);

    // --update: the id names the customer; a row without one fails, and so does the run.
    let output = run(
        &double,
        "customers_from_csv",
        &["--update", csv.to_str().unwrap()],
    );
    assert!(!output.status.success());
    let updated = double.requests_to("updateCustomer");
    assert_eq!(updated.len(), 1);
    assert_eq!(updated[0].method, "PATCH");
    assert_eq!(updated[0].path, "/api/v1/customer-profiles/c-1");
    assert_eq!(updated[0].json::<Value>().unwrap()["name"], "Ada Lovelace");
}

#[tokio::test(flavor = "multi_thread")]
async fn create_tasks_resolves_inboxes_and_agents() {
    let double = TestDouble::start().await;
    double
        .respond("getInboxes", &json!([{"id": "inbox-1", "name": "Support"}]))
        .unwrap();
    double
        .respond(
            "getAgents",
            &json!([{"id": "agent-7", "emailAddress": "ada@acme.test", "name": "Ada"}]),
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("tasks.csv");
    std::fs::write(
        &csv,
        "customerEmail,inbox,agentEmail,body,dueAt\n\
         cust@example.com,support,ADA@acme.test,Call back,2030-01-01T00:00:00.000Z\n\
         cust2@example.com,Support,,Send the form,2030-01-02T00:00:00.000Z\n\
         cust3@example.com,Nowhere,,Lost,2030-01-02T00:00:00.000Z\n",
    )
    .unwrap();
    let output = run(&double, "create_tasks", &[csv.to_str().unwrap()]);
    // The third row names no inbox: reported, and the run fails.
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("1 task(s) failed"));
    let tasks = double.requests_to("createTaskAndCustomer");
    assert_eq!(tasks.len(), 2);
    let first: Value = tasks[0].json().unwrap();
    assert_eq!(
        first["assignee"],
        json!({"inboxId": "inbox-1", "agentId": "agent-7"})
    );
    assert_eq!(
        first["customer"],
        json!({"emailAddress": "cust@example.com"})
    );
    assert_eq!(first["body"], "Call back");
    assert_eq!(first["dueAt"], "2030-01-01T00:00:00.000Z");
    let second: Value = tasks[1].json().unwrap();
    assert_eq!(second["assignee"], json!({"inboxId": "inbox-1"}));
}

#[tokio::test(flavor = "multi_thread")]
async fn close_conversations_adds_topics_then_closes() {
    let double = TestDouble::start().await;
    double
        .respond(
            "getTopics",
            &json!([{"id": "t-1", "name": "Billing"}, {"id": "t-2", "name": "Refund"}]),
        )
        .unwrap();
    let output = run(
        &double,
        "close_conversations",
        &[
            "--topic", "billing", "--topic", "Refund", "conv-1", "conv-2",
        ],
    );
    assert_success(&output);
    let topics = double.requests_to("addTopicToConversation");
    assert_eq!(topics.len(), 2);
    assert_eq!(topics[1].path, "/api/v1/conversations/conv-2/topics");
    assert_eq!(
        topics[0].json::<Value>().unwrap(),
        json!({"topicIds": ["t-1", "t-2"]})
    );
    let closed = double.requests_to("patchConversation");
    assert_eq!(closed.len(), 2);
    assert_eq!(closed[0].path, "/api/v1/conversations/conv-1");
    assert_eq!(
        closed[0].json::<Value>().unwrap(),
        json!({"status": {"value": "CLOSED"}})
    );

    // An unknown topic stops the job before it changes anything.
    let output = run(
        &double,
        "close_conversations",
        &["--topic", "Nope", "conv-3"],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no topic is named `Nope`"));
    assert_eq!(double.requests_to("patchConversation").len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn redact_call_items_redacts_phone_calls_only() {
    let double = TestDouble::start().await;
    let item: Value = serde_json::from_slice(
        &reqwest::get(format!("{}/api/v1/conversation-items/x", double.uri()))
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    let mut call = item.clone();
    call["content"] = json!({
        "type": "PHONE_CALL",
        "from": "+14155550100",
        "to": "+14155550199",
        "startedAt": "2024-01-02T03:04:05Z",
    });
    double.respond("getItem", &call).unwrap();
    assert_success(&run(&double, "redact_call_items", &["item-1", "item-2"]));
    let redacted = double.requests_to("redactContent");
    assert_eq!(redacted.len(), 2);
    assert_eq!(redacted[0].method, "POST");
    assert_eq!(redacted[0].path, "/api/v1/conversation-items/item-1/redact");

    // The spec's example item is not a call: it is skipped.
    assert_ne!(item["content"]["type"], "PHONE_CALL");
    double.reset("getItem").unwrap();
    let output = run(&double, "redact_call_items", &["item-3"]);
    assert_success(&output);
    assert!(stdout(&output).contains("skipped"));
    assert_eq!(double.requests_to("redactContent").len(), 2);
    assert_success(&run(
        &double,
        "redact_call_items",
        &["--any-type", "item-3"],
    ));
    assert_eq!(double.requests_to("redactContent").len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn download_export_takes_the_newest_completed_job() {
    let double = TestDouble::start().await;
    double
        .respond(
            "findJobs",
            &json!([
                {"id": "old", "status": "COMPLETED", "updatedAt": "2024-01-01T00:00:00Z", "files": ["a.jsonl"]},
                {"id": "new", "status": "COMPLETED", "updatedAt": "2024-02-01T00:00:00Z", "files": ["agents.jsonl", "../escape.jsonl"]},
            ]),
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    assert_success(&run(
        &double,
        "download_export",
        &["--out", out.to_str().unwrap()],
    ));
    assert_eq!(
        double.requests_to("findJobs")[0].query_value("status"),
        Some("COMPLETED")
    );
    let files = double.requests_to("getFile");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].path, "/api/v1/export/jobs/new/files/agents.jsonl");
    // The spec's example file, one agent per line, written as it came.
    let written = std::fs::read_to_string(out.join("agents.jsonl")).unwrap();
    let agent: Value = serde_json::from_str(written.lines().next().unwrap()).unwrap();
    assert_eq!(agent["name"], "Amy Agent");
    // A file name cannot lead out of the directory.
    assert!(out.join("escape.jsonl").is_file());
    assert!(!dir.path().join("escape.jsonl").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn follow_events_reads_from_the_checkpoint_and_moves_it() {
    let double = TestDouble::start().await;
    let dir = tempfile::tempdir().unwrap();
    let checkpoint = dir.path().join("checkpoint");
    let args = [
        "--checkpoint",
        checkpoint.to_str().unwrap(),
        "--start-at",
        "2019-07-01T00:00:00Z",
        "--entities",
        "AGENT_AVAILABILITY",
        "--once",
    ];
    let output = run(&double, "follow_events", &args);
    assert_success(&output);
    let first = double.requests_to("getEvents");
    assert_eq!(
        first[0].query_value("startAt"),
        Some("2019-07-01T00:00:00Z")
    );
    assert_eq!(first[0].query_value("entities"), Some("AGENT_AVAILABILITY"));
    let printed: Value = serde_json::from_str(stdout(&output).lines().next().unwrap()).unwrap();
    assert_eq!(printed["type"], "AGENT_AVAILABILITY/FOCUS_ENTERED");
    // The spec's example event's time is the next start.
    let saved = std::fs::read_to_string(&checkpoint).unwrap();
    assert_eq!(saved.trim(), "2019-07-03T04:30:12.07Z");
    assert_success(&run(&double, "follow_events", &args));
    let second = double.requests_to("getEvents");
    assert_eq!(
        second[1].query_value("startAt"),
        Some("2019-07-03T04:30:12.07Z")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn download_reports_writes_each_csv() {
    let double = TestDouble::start().await;
    double
        .respond_raw("postReports", 200, "text/csv", "agent,handled\nAda,3\n")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let output = run(
        &double,
        "download_reports",
        &[
            "--metric-set",
            "AgentSummary",
            "--metric-set",
            "WorkSessionsReport",
            "--start",
            "2024-01-01",
            "--end",
            "2024-01-31",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_success(&output);
    let sent = double.requests_to("postReports");
    assert_eq!(sent.len(), 2);
    let body: Value = sent[0].json().unwrap();
    assert_eq!(body["metricSet"], "AgentSummary");
    assert_eq!(body["startAt"], "2024-01-01");
    assert_eq!(body["endAt"], "2024-01-31");
    assert_eq!(
        std::fs::read_to_string(out.join("AgentSummary.csv")).unwrap(),
        "agent,handled\nAda,3\n"
    );
    assert!(out.join("WorkSessionsReport.csv").is_file());

    // An unknown report is refused before anything is sent.
    let output = run(
        &double,
        "download_reports",
        &["--metric-set", "Nope", "--start", "a", "--end", "b"],
    );
    assert!(!output.status.success());
    assert_eq!(double.requests_to("postReports").len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn webhook_receiver_verifies_parses_and_stops_on_ctrl_c() {
    use std::io::{BufRead, BufReader};

    let mut child = Command::new(example("webhook_receiver"))
        .args(["--listen", "127.0.0.1:0"])
        .env("WEBHOOK_USERNAME", "gladly")
        .env("WEBHOOK_PASSWORD", "hook-secret")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first.strip_prefix("listening on ").unwrap().to_owned();

    let http = reqwest::Client::new();
    let event = r#"{"id":"p-1","type":"PING","timestamp":"2024-01-02T03:04:05Z"}"#;
    let ok = http
        .post(&url)
        .basic_auth("gladly", Some("hook-secret"))
        .body(event)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    let wrong = http
        .post(&url)
        .basic_auth("gladly", Some("guess"))
        .body(event)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    let not_event = http
        .post(&url)
        .basic_auth("gladly", Some("hook-secret"))
        .body("[1]")
        .send()
        .await
        .unwrap();
    assert_eq!(not_event.status().as_u16(), 400);

    // Ctrl-C: the server stops and the program exits successfully.
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = child.wait().unwrap();
    let rest: Vec<String> = lines.map(Result::unwrap).collect();
    assert!(status.success(), "{status:?}, {rest:?}");
    assert!(
        rest.iter()
            .any(|l| l.starts_with("event: ") && l.contains("p-1")),
        "{rest:?}"
    );
    assert_eq!(rest.last().map(String::as_str), Some("stopped"));
}
