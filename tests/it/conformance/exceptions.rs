//! Operations not judged by the default rule (a 2xx answer that decodes), each with what
//! it must still show and why. An exception that no longer happens fails the suite.

use super::report::{Exception, Expect};

/// The exceptions, by client method.
pub static EXCEPTIONS: &[Exception] = &[
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
    // The spec requires a property it does not declare, and its example (or, without
    // one, the body assembled from its properties' examples) does not send it.
    Exception {
        operation: "add_topic_to_conversation",
        expect: Expect::RequestBreaksSpec("must have required property 'topicIDs'"),
        reason: "the spec requires `topicIDs` but declares `topicIds`, and its example sends \
                 `topicIds`; the type has `topic_ids`",
    },
    Exception {
        operation: "post_customer_history_conversations_custom_attributes",
        expect: Expect::RequestBreaksSpec("must have required property 'content'"),
        reason: "the spec requires `content` but declares only `body` (a string), and its \
                 example sends `add`/`remove` lists, which the type does not declare either",
    },
    Exception {
        operation: "create_task_comment",
        expect: Expect::RequestBreaksSpec("must have required property 'message'"),
        reason: "the spec requires `message` but declares `comment`; it has no example, and the \
                 body assembled from its properties' examples has no `message`",
    },
];
