//! Conformance: every operation of the generated client, called against Stoplight Prism
//! mocking the (normalised) spec. Prism reads the spec independently of the generator and
//! judges each request (`sl-violations`, 4xx for a bad body, Basic auth), then answers with
//! the spec's own examples, which the generated types must decode.
//!
//! Prism comes from `tests/prism/` (`npm ci --prefix tests/prism`) or else from `npx`.
//! Without either the suite is skipped with a loud message, unless `CI=true`, where it
//! fails. `.ci/run` installs Prism and runs it.

#[path = "conformance/check.rs"]
mod check;
#[path = "conformance/prism.rs"]
mod prism;
mod support;
#[path = "conformance/tools.rs"]
mod tools;

use std::collections::BTreeSet;

use check::{Exception, Expect, Report};
use gladly_generated::types as t;
use gladly_generated::{Client, RetryPolicy};

/// Operations not judged by the default rule (a 2xx answer that decodes), and why.
static EXCEPTIONS: &[Exception] = &[
    // Prism cannot answer with a 2xx body.
    Exception {
        operation: "get_events",
        expect: Expect::RequestAccepted,
        reason: "`application/x-jsonlines`: Prism cannot serialise it (500 `Cannot find \
                 serializer`); decoding JSON lines is covered by the runtime tests",
    },
    Exception {
        operation: "get_file",
        expect: Expect::RequestAccepted,
        reason: "`application/x-ndjson`: Prism cannot serialise it (500 `Cannot find \
                 serializer`); decoding JSON lines is covered by the runtime tests",
    },
    // The spec's example for the response breaks the spec's own schema; the client is
    // right to refuse it.
    Exception {
        operation: "get_conversation_items",
        expect: Expect::ExampleBreaksSchema(
            "Violation: response.body.0.content Response body property 0.content must have \
             required property 'messageType'",
        ),
        reason: "the spec's example has CHAT_MESSAGE items without the required `messageType`",
    },
    Exception {
        operation: "get_agent_call_recording",
        expect: Expect::ExampleBreaksSchema(
            "Violation: response.body.recording Response body property recording must be boolean",
        ),
        reason: "the spec's example has `\"recording\": \"true\"`, a string, for a boolean",
    },
    // The spec requires a property it does not declare, so the generated type has no
    // field for it.
    Exception {
        operation: "add_topic_to_conversation",
        expect: Expect::RequestBreaksSpec("must have required property 'topicIDs'"),
        reason: "the spec requires `topicIDs` but declares `topicIds`; the type has `topic_ids`",
    },
    Exception {
        operation: "post_customer_history_conversations_custom_attributes",
        expect: Expect::RequestBreaksSpec("must have required property 'content'"),
        reason: "the spec requires `content` but declares only `body` (a string); the type has \
                 no `content` field (the spec's example sends `add`/`remove` lists)",
    },
    Exception {
        operation: "add_note_to_conversation",
        expect: Expect::RequestBreaksSpec("must have required property 'content'"),
        reason: "the spec requires `content` but declares only `body`; the type has no \
                 `content` field (the spec's example sends `{\"content\": {\"body\": ..}}`)",
    },
    Exception {
        operation: "create_task_comment",
        expect: Expect::RequestBreaksSpec("must have required property 'message'"),
        reason: "the spec requires `message` but declares `comment`; the type has no `message` \
                 field",
    },
];

/// Agent email and API token; Prism checks only that Basic credentials are present.
const EMAIL: &str = "api-user@acme.com";
const TOKEN: &str = "conformance-token";

/// Calls a client method, sends it with `.send_with_response()`, and records what `check`
/// (`json`, `bytes` or `lines`) observed under the method's name.
macro_rules! call {
    ($report:ident, $check:ident, $client:ident . $method:ident $($rest:tt)*) => {{
        let result = $client.$method $($rest)* .send_with_response().await;
        $report.record(stringify!($method), check::$check(result).await);
    }};
}

#[tokio::test]
async fn every_operation_conforms_to_the_spec_as_prism_reads_it() {
    let Some(launcher) = prism::Launcher::find() else {
        tools::tool_missing(
            "conformance",
            "neither a local Prism (tests/prism/node_modules) with node, nor npx, was found",
            "npm ci --prefix tests/prism   (Node.js and npm are needed)",
        );
        return;
    };
    let dir = tools::scratch_dir("conformance");
    let spec = tools::write_normalised_spec(&dir);
    let prism = prism::Prism::start(&launcher, &spec, dir.join("prism.log"));
    tools::say(&format!(
        "conformance: Prism {} ({}) on {}",
        prism::PRISM_VERSION,
        launcher.describe(),
        prism.base_url()
    ));
    // The normaliser moved the doubled `/api/v1` out of the server URL, so Prism serves
    // the paths as the client sends them, at its root.
    let routes = prism.log();
    assert!(
        routes.contains(&format!("{}/api/v1/agents", prism.base_url()))
            && !routes.contains("/api/v1/api/v1"),
        "Prism does not serve /api/v1/... at its root:\n{routes}"
    );
    let client = Client::builder()
        .base_url(prism.base_url())
        .allow_insecure_http()
        .basic_auth(EMAIL, TOKEN)
        .retry(RetryPolicy::none())
        .build()
        .expect("client builds");

    let mut report = Report::new(EXCEPTIONS);
    call_every_operation(&client, &mut report).await;

    let (summary, failed) = report.finish(&spec_operations(), &prism.log());
    // Every call's line goes to the captured output (and into the failure message); the
    // exceptions and the coverage line are always shown.
    eprintln!("{summary}");
    let tail = summary
        .find("\nexceptions:")
        .map_or("", |at| &summary[at..]);
    tools::say(tail.trim_start());
    if failed {
        panic!(
            "conformance failures (Prism log: {}):\n{summary}",
            dir.join("prism.log").display()
        );
    }
    drop(prism);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The client methods the generator makes from the vendored spec.
fn spec_operations() -> BTreeSet<String> {
    let text = std::fs::read_to_string(tools::raw_spec_path()).expect("vendored spec is readable");
    let output = support::generate_gladly(&text);
    output
        .api
        .operations
        .into_iter()
        .map(|o| o.method_name)
        .collect()
}

// Ids and values are the spec's own examples where it has them.
const CUSTOMER_ID: &str = "OOrlNMXeS72gs_WEX2TtMg";
const CONVERSATION_ID: &str = "9BcE2O0DQ2ynGHRmk9FeoA";
const ITEM_ID: &str = "pOVVdzweSumI4bFxjlT8LA";
const AGENT_ID: &str = "WmeA3Y51Q5ayCAaZ1AotIA";
const INBOX_ID: &str = "vZgCEQlDR6aQz_0HeWZ9_Q";
const TASK_ID: &str = "b5FWxQqwSmagvWf9ycW3Iw";
const TOPIC_ID: &str = "uu4t00vITaKQ3bVjU2UrGQ";
const ORG_ID: &str = "ihKsWxiZCDVtXg1iwVmT9Q";
const ANSWER_ID: &str = "1grfSzATQLa334VDLCWc4A";
const BUSINESS_HOURS_ID: &str = "bh_WmeA3Y51Q5ayCAaZ1AotIA";
const JOB_ID: &str = "OOrlNMXeS72gs_WEX2TtMg";
const WEBHOOK_ID: &str = "a9dIl-kKRrKUZLQtJ-tjtw";

fn s(text: &str) -> Option<String> {
    Some(text.to_owned())
}

fn assignee() -> t::CreateTaskAndCustomerRequestAssignee {
    t::CreateTaskAndCustomerRequestAssignee {
        inbox_id: INBOX_ID.to_owned(),
        agent_id: s(AGENT_ID),
        ..Default::default()
    }
}

fn customer_activity() -> t::CreateItemRequestContent {
    t::CreateItemRequestContent::CustomerActivity(t::CustomerActivity {
        title: s("Welcome to Gladly!"),
        body: s("At Gladly we set out to reinvent customer service."),
        activity_type: t::CustomerActivityActivityType::Email,
        source_name: s("Marketing"),
        link: None,
        expand_by_default: None,
        occurred_at: s("2019-07-03T04:30:12.07Z"),
        received_at: None,
        additional_properties: Default::default(),
    })
}

fn office_hours() -> t::OfficeHours {
    let day = || {
        Some(vec![t::ScheduleBlock {
            start: "08:00".to_owned(),
            stop: "18:00".to_owned(),
            ..Default::default()
        }])
    };
    t::OfficeHours {
        timezone: "America/New_York".to_owned(),
        monday: day(),
        tuesday: day(),
        wednesday: day(),
        thursday: day(),
        friday: day(),
        ..Default::default()
    }
}

fn phone() -> t::UpdateCustomerRequestPhone {
    t::UpdateCustomerRequestPhone {
        original: "+17192662837".to_owned(),
        r#type: Some(t::UpdateCustomerRequestPhoneType::Home),
        ..Default::default()
    }
}

fn email(address: &str) -> t::UpdateCustomerRequestEmail {
    t::UpdateCustomerRequestEmail {
        original: address.to_owned(),
        ..Default::default()
    }
}

fn custom_attributes() -> Option<serde_json::Map<String, serde_json::Value>> {
    let mut map = serde_json::Map::new();
    map.insert("albums".to_owned(), "7".into());
    map.insert("singles".to_owned(), "41".into());
    Some(map)
}

/// One call per operation, in the order of the spec.
async fn call_every_operation(client: &Client, report: &mut Report) {
    // Communications
    call!(
        report,
        json,
        client.send_sms(t::SmsRequestBody {
            customer: t::CustomerWithMobileNumber {
                mobile_number: "+14152223000".to_owned(),
                ..Default::default()
            },
            from: "+14152223316".to_owned(),
            body: "hello, this is a sample SMS message!".to_owned(),
            ..Default::default()
        })
    );
    call!(
        report,
        json,
        client.send_email(t::EmailRequestBody {
            to: vec![t::EmailRequestBodyToItem {
                email: s("jane.doe@example.com"),
                name: s("Jane Doe"),
                ..Default::default()
            }],
            from: "no-reply@gladly.com".to_owned(),
            subject: "This is a sample email message!".to_owned(),
            body: t::EmailRequestBodyBody {
                html: s("<div><p>This is a sample email message!</p></div>"),
                text: s("This is a sample email message!"),
                ..Default::default()
            },
            ..Default::default()
        })
    );

    // Conversations
    call!(
        report,
        json,
        client.get_conversations("gHufx-U3QqOmhvFuViceTw")
    );
    call!(report, json, client.get_conversation(CONVERSATION_ID));
    call!(
        report,
        json,
        client.patch_conversation(
            CONVERSATION_ID,
            t::ConversationUpdate {
                assignee: Some(t::AssigneeUpdate {
                    inbox_id: "E1nArq1uQAees_DogHB0MA".to_owned(),
                    agent_id: s("sHuXx-U3QqOmhvFusJGeBw"),
                    ..Default::default()
                }),
                status: Some(t::ConversationUpdateStatus {
                    value: t::ConversationUpdateStatusValue::Closed,
                    force: Some(true),
                    additional_properties: Default::default(),
                }),
                ..Default::default()
            }
        )
    );
    call!(
        report,
        json,
        client.create_item(t::CreateItemRequest {
            id: s(ITEM_ID),
            customer: t::CustomerSpecification {
                email_address: s("michelle.smith@example.org"),
                ..Default::default()
            },
            content: customer_activity(),
            additional_properties: Default::default(),
        })
    );
    call!(report, json, client.get_item(ITEM_ID));
    call!(report, json, client.delete_item(ITEM_ID));
    call!(report, bytes, client.get_media(ITEM_ID));
    call!(report, json, client.get_voice_transcript(ITEM_ID));
    call!(
        report,
        json,
        client.get_attachment(ITEM_ID, "dGhpcyBpcyBhbiBhdHRhY2htZW50")
    );
    call!(
        report,
        json,
        client.create_customer_item(
            CUSTOMER_ID,
            t::CreateCustomerItemRequest {
                id: None,
                content: customer_activity(),
                additional_properties: Default::default(),
            }
        )
    );
    call!(
        report,
        json,
        client.delete_customer_item(CUSTOMER_ID, ITEM_ID)
    );
    call!(
        report,
        json,
        client
            .get_conversation_items(CONVERSATION_ID)
            .session_id("5k04bYuTRGqyT6uoSQfWVA")
    );
    call!(
        report,
        json,
        client.add_topic_to_conversation(
            CONVERSATION_ID,
            t::AddTopicToConversationRequest {
                topic_ids: Some(vec![TOPIC_ID.to_owned()]),
                ..Default::default()
            }
        )
    );
    call!(
        report,
        json,
        client.delete_topic_from_conversation(CONVERSATION_ID, TOPIC_ID)
    );
    call!(
        report,
        json,
        client.post_customer_history_conversations_custom_attributes(
            CUSTOMER_ID,
            CONVERSATION_ID,
            t::PostCustomerHistoryConversationsCustomAttributesRequest {
                body: s("ORDER_ID"),
                ..Default::default()
            }
        )
    );
    call!(
        report,
        json,
        client.add_note_to_conversation(
            CONVERSATION_ID,
            t::AddNoteToConversationRequest {
                body: s("Customer has requested more information about our loyalty program."),
                ..Default::default()
            }
        )
    );
    call!(
        report,
        json,
        client.get_note_from_conversation(CONVERSATION_ID, "aOVVdzweSumI4bFxjlT8LA")
    );
    call!(
        report,
        json,
        client.reply_to_message(
            ITEM_ID,
            t::Message {
                content: t::MessageContent::SmsMessageContent(t::SmsMessageContent {
                    body: "Hi from SMS!".to_owned(),
                    ..Default::default()
                }),
                additional_properties: Default::default(),
            }
        )
    );
    call!(report, json, client.redact_content(ITEM_ID));

    // Tasks
    call!(
        report,
        json,
        client.create_task_and_customer(t::CreateTaskAndCustomerRequest {
            assignee: assignee(),
            body: "Call customer back with information about booking".to_owned(),
            due_at: "2021-04-11T14:09:23.000Z".to_owned(),
            customer: t::CustomerSpecification {
                email_address: s("michelle.smith@example.org"),
                ..Default::default()
            },
            ..Default::default()
        })
    );
    call!(
        report,
        json,
        client
            .get_tasks(CUSTOMER_ID)
            .status(t::GetTasksStatus::Open)
    );
    call!(
        report,
        json,
        client.create_task(
            CUSTOMER_ID,
            t::CreateTask {
                assignee: assignee(),
                body: "Call customer back with information about booking".to_owned(),
                due_at: "2021-04-11T14:09:23.000Z".to_owned(),
                ..Default::default()
            }
        )
    );
    call!(report, json, client.get_task(TASK_ID));
    call!(
        report,
        json,
        client.update_task(TASK_ID).body(t::UpdateTaskRequest {
            status: Some(t::UpdateTaskRequestStatus::Closed),
            ..Default::default()
        })
    );
    call!(report, json, client.get_task_comments(TASK_ID));
    call!(
        report,
        json,
        client.create_task_comment(
            TASK_ID,
            t::TaskCommentRequest {
                agent_id: AGENT_ID.to_owned(),
                comment: s("Return call to customer"),
                ..Default::default()
            }
        )
    );
    call!(
        report,
        json,
        client.get_task_comment(TASK_ID, "dzweSumI4bFxjlT8LApOVV")
    );

    // Custom attributes
    call!(
        report,
        json,
        client.get_custom_attribute("1grfSzATQLa334VDLCWc4A")
    );

    // Customers
    call!(
        report,
        json,
        client.find_customers().email("customer@email.net")
    );
    call!(
        report,
        json,
        client.create_customer(t::CreateCustomerRequest {
            id: s(CUSTOMER_ID),
            name: s("Francis Avallone"),
            address: s("4303 Spring Forest Ln, Westlake Village, CA 91362-5605"),
            emails: Some(vec![email("existing@francisavallone.com")]),
            phones: Some(vec![phone()]),
            external_customer_id: s("a21c1636-c622-48b7-bf6a-d9032645aa55"),
            custom_attributes: custom_attributes(),
            ..Default::default()
        })
    );
    call!(report, json, client.get_customer(CUSTOMER_ID));
    call!(report, json, client.delete_customer(CUSTOMER_ID));
    call!(
        report,
        json,
        client.update_customer(
            CUSTOMER_ID,
            t::UpdateCustomerRequest {
                name: s("Frankie Avalon"),
                emails: Some(vec![
                    email("existing@francisavallone.com"),
                    email("new@frankieavalon.com"),
                ]),
                custom_attributes: custom_attributes(),
                ..Default::default()
            }
        )
    );

    // User identity
    call!(
        report,
        json,
        client.create_user_identity_jwt(t::IdentityObject {
            identity_type: Some(t::IdentityObjectIdentityType::Email),
            identity: s("test@example.com"),
            ..Default::default()
        })
    );

    // Public answers
    call!(
        report,
        json,
        client
            .search_answers(ORG_ID)
            .q("reset password")
            .lng("en-us")
            .audience_id(ORG_ID)
    );
    call!(
        report,
        json,
        client
            .list_answers(ORG_ID)
            .lng("es-419")
            .audience_id(ORG_ID)
    );
    call!(
        report,
        json,
        client
            .get_answer_titles(ORG_ID, ORG_ID)
            .lng("es-419")
            .audience_id(ORG_ID)
    );
    call!(
        report,
        json,
        client.get_answer(ORG_ID, ANSWER_ID).lng("en-us")
    );

    // Answer management
    call!(
        report,
        json,
        client.add_answer().body(t::AddAnswerRequest {
            name: s("How to reset your password"),
            description: s("This is my first answer"),
            audience_ids: Some(vec!["audience-1".to_owned(), "audience-2".to_owned()]),
            ..Default::default()
        })
    );
    call!(report, json, client.get_answer_by_id(ANSWER_ID));
    call!(report, json, client.delete_answer(ANSWER_ID));
    call!(
        report,
        json,
        client
            .update_answer(ANSWER_ID)
            .body(t::UpdateAnswerRequest {
                name: s("How to reset your password"),
                ..Default::default()
            })
    );
    call!(
        report,
        json,
        client.get_answer_content_by_language_and_type(ANSWER_ID, "en-us", "public")
    );
    call!(
        report,
        json,
        client
            .add_answer_content_by_language_and_type(
                ANSWER_ID,
                "en-us",
                t::AddAnswerContentByLanguageAndTypeType::Public,
            )
            .body(t::AddAnswerContentByLanguageAndTypeRequest {
                body_html: s("<div>Navigate to Settings and click Reset Password.</div>"),
                title: s("How to reset your password"),
                ..Default::default()
            })
    );
    call!(
        report,
        json,
        client.delete_answer_content_by_language_and_type(ANSWER_ID, "en-us", "public")
    );

    // Agents
    call!(report, json, client.get_agents());
    call!(report, json, client.get_agent(AGENT_ID));
    call!(report, json, client.get_agent_call_recording(AGENT_ID));
    call!(
        report,
        json,
        client.update_agent_call_recording(
            AGENT_ID,
            t::CallRecorder {
                recording: Some(false),
                ..Default::default()
            }
        )
    );

    // Audiences, business hours, organization, inboxes, teams
    call!(report, json, client.get_audiences());
    call!(report, json, client.get_business_hours());
    call!(
        report,
        json,
        client.create_business_hours(t::BusinessHoursCreateRequest {
            name: "Weekend Support".to_owned(),
            primary: Some(false),
            office_hours: office_hours(),
            ..Default::default()
        })
    );
    call!(
        report,
        json,
        client.get_business_hours_by_id(BUSINESS_HOURS_ID)
    );
    call!(
        report,
        json,
        client.update_business_hours(
            BUSINESS_HOURS_ID,
            t::BusinessHoursUpdateRequest {
                version: 1,
                name: "Updated Business Hours".to_owned(),
                primary: Some(false),
                office_hours: office_hours(),
                ..Default::default()
            }
        )
    );
    call!(
        report,
        json,
        client.delete_business_hours(BUSINESS_HOURS_ID)
    );
    call!(report, json, client.get_organization());
    call!(report, json, client.get_inboxes());
    call!(report, json, client.get_inbox(INBOX_ID));
    call!(report, json, client.get_teams());
    call!(report, json, client.get_team("ovg2jQCQS9ScsDkBxG-o2Q"));

    // Topics
    call!(report, json, client.get_topics());
    call!(
        report,
        json,
        client.add_topic(t::AddTopicRequest {
            name: "Order Returns".to_owned(),
            disabled: Some(false),
            ..Default::default()
        })
    );
    call!(report, json, client.get_topic(TOPIC_ID));
    call!(
        report,
        json,
        client.update_topic(
            TOPIC_ID,
            t::UpdateTopicRequest {
                name: "Order Returns".to_owned(),
                disabled: Some(true),
                ..Default::default()
            }
        )
    );

    // Export
    call!(report, json, client.find_schedules());
    call!(
        report,
        json,
        client
            .find_jobs()
            .status(t::FindJobsStatus::Completed)
            .start_at("2024-09-15T00:00:00.000Z")
            .end_at("2024-09-16T00:00:00.000Z")
    );
    call!(report, json, client.get_job(JOB_ID));
    call!(report, json, client.delete_job(JOB_ID));
    call!(report, lines, client.get_file(JOB_ID, "agents.jsonl"));

    // Proactive conversations
    call!(
        report,
        json,
        client.create_recipient_collection(
            "yQ16L_YURROhXAg3KzkuYQ",
            t::RecipientCollectionCreateRequest {
                name: "Email collection".to_owned(),
                start_after: "2024-05-13T16:32:00.000Z".to_owned(),
                recipients: vec![
                    t::RecipientCollectionCreateRequestRecipient::EmailRecipients(
                        t::EmailRecipients {
                            customer_name: "John Baker".to_owned(),
                            email_address: "john.baker@example.com".to_owned(),
                            timezone: "America/Los_Angeles".to_owned(),
                            ..Default::default()
                        },
                    )
                ],
                ..Default::default()
            }
        )
    );

    // Reports
    call!(
        report,
        bytes,
        client.post_reports(t::ReportRequestBody {
            metric_set: t::ReportRequestBodyMetricSet::Contactsummaryreport,
            timezone: s("America/Los_Angeles"),
            start_at: "2021-10-01".to_owned(),
            end_at: "2021-10-02".to_owned(),
            start_at_time: None,
            end_at_time: None,
            aggregation_level: Some(t::ReportRequestBodyAggregationLevel::Daily),
            filters: Some(t::ReportRequestBodyFilters {
                channel: Some(t::ReportRequestBodyFiltersChannel::Allchannels),
                inboxes: Some(vec!["c23d738960f946988e943f400313133a".to_owned()]),
                ..Default::default()
            }),
            additional_properties: Default::default(),
        })
    );

    // Webhooks
    call!(report, json, client.get_webhooks());
    call!(
        report,
        json,
        client.create_webhook(t::CreateWebhookRequest {
            name: s("CSAT integration"),
            url: s("https://gateway.organization.com/gladly/webhook"),
            events: Some(vec![t::UpdateWebhookRequestPart0Event::ConversationClosed]),
            credentials: Some(t::BasicAuthCredentials {
                username: "integrations@organization.com".to_owned(),
                password: "fxdUfTcejVxVs9bQ8DizKccq".to_owned(),
                ..Default::default()
            }),
            headers: Some([("X-Gladly-Token".to_owned(), "123".to_owned())].into()),
            ..Default::default()
        })
    );
    call!(report, json, client.get_webhook(WEBHOOK_ID));
    call!(report, json, client.delete_webhook(WEBHOOK_ID));
    call!(
        report,
        json,
        client.update_webhook(
            WEBHOOK_ID,
            t::UpdateWebhookRequest {
                enabled: Some(true),
                ..Default::default()
            }
        )
    );

    // Work session report, events
    call!(
        report,
        bytes,
        client.post_reports_work_session_events(t::PostReportsWorkSessionEventsRequest {
            start_at_time: "2020-04-13T19:27-09:00".to_owned(),
            end_at_time: "2020-04-14T19:27-09:00".to_owned(),
            ..Default::default()
        })
    );
    call!(
        report,
        lines,
        client
            .get_events(
                "2020-04-13T19:27:34-09:00",
                vec!["AGENT_AVAILABILITY".to_owned(), "AGENT_STATUS".to_owned()]
            )
            .end_at("2020-04-13T20:27:12-09:00")
    );
}
