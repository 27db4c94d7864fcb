//! Per-spec settings: what is true of one API rather than of OpenAPI, read from a TOML
//! file kept next to the spec (`spec/codegen.toml`). The library's own rules hold for any
//! document; everything vendor-specific is configured here.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;

/// The settings of one spec. Every field is optional in the file; the defaults suit any
/// OpenAPI document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// Path keys (as written in the spec, before repairs) whose operations describe
    /// requests the API sends to the user's server rather than calls the client makes.
    pub webhook_paths: Vec<String>,
    /// The prefix of the environment variables `Client::from_env` reads (`PETSTORE` for
    /// `PETSTORE_BASE_URL`, ...). Default: derived from the API's title.
    pub env_prefix: Option<String>,
    /// Other names for some of those variables, by the name they would have (without
    /// the prefix): `USERNAME = "AGENT_EMAIL"` reads `<PREFIX>_AGENT_EMAIL` instead.
    pub env_names: BTreeMap<String, String>,
    /// Texts removed from a `title` before it names a type (`.jsonl` makes
    /// `Messages.jsonl` the type `Messages`). Default: none.
    pub title_strip: Vec<String>,
    /// Properties tried first, in this order, as the tag of a `oneOf`/`anyOf` without a
    /// `discriminator`, before the properties of the first variant; the first of them a
    /// variant fixes to one value also names that variant's type when it has no title.
    /// Default: none.
    pub union_tags: Vec<String>,
    /// Whether a union variant that declares no properties, and whose title is written
    /// like a tag value (`PING`: capitals, digits, `_`, `/`), has that title as its tag
    /// value. Default: false.
    pub tag_from_title: bool,
    /// The response header whose presence (unless `false` or `0`) says the API cut a
    /// list short (`Response::limited_data`). Default: none, and `limited_data` is false.
    pub limited_data_header: Option<String>,
    /// The URL of the vendor's API reference page, whose fragments (`#tag/Tasks`,
    /// `#section/Authentication`) the spec's descriptions link to: such links become
    /// absolute links into it (links to an operation of the spec become links to its
    /// client method whatever this says). Default: none, and those links stay as written.
    pub reference_url: Option<String>,
    /// Types kept apart from the types of the same shape they would be merged with, by
    /// name, each with the reason (`ConversationClosed = "a webhook event of its own"`).
    /// Without an entry, structurally identical types written in several places become
    /// one type. Default: none.
    pub distinct_types: BTreeMap<String, String>,
    /// Names that no rule finds, by the name the type would get
    /// (`WebhookEvents = "WebhookEventName"`). Default: none.
    pub type_names: BTreeMap<String, String>,
}

impl Settings {
    /// Reads settings from the text of a TOML file; `origin` names the file in the
    /// diagnostic when it cannot be read.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self, Diagnostic> {
        toml::from_str(text).map_err(|e| {
            Diagnostic::error(
                "invalid-settings",
                "",
                format!("{origin} is not a valid settings file: {}", e.message()),
            )
            .with_hint("see ARCHITECTURE.md, \"Per-spec settings\", for the keys")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(Settings::from_toml("", "x").unwrap(), Settings::default());
    }

    #[test]
    fn reads_webhook_paths_and_refuses_unknown_keys() {
        let s = Settings::from_toml("webhook-paths = [\"/hook\"]", "x").unwrap();
        assert_eq!(s.webhook_paths, vec!["/hook".to_owned()]);
        let e = Settings::from_toml("webhook_path = 1", "codegen.toml").unwrap_err();
        assert_eq!(e.code, "invalid-settings");
        assert!(e.message.contains("codegen.toml"), "{}", e.message);
    }

    #[test]
    fn reads_the_environment_prefix_and_names() {
        let s = Settings::from_toml(
            "env-prefix = \"ACME\"\n[env-names]\nUSERNAME = \"EMAIL\"\n",
            "x",
        )
        .unwrap();
        assert_eq!(s.env_prefix.as_deref(), Some("ACME"));
        assert_eq!(
            s.env_names.get("USERNAME").map(String::as_str),
            Some("EMAIL")
        );
    }

    #[test]
    fn reads_the_schema_rules_which_are_off_by_default() {
        let default = Settings::default();
        assert!(default.title_strip.is_empty() && default.union_tags.is_empty());
        assert!(!default.tag_from_title && default.limited_data_header.is_none());
        let s = Settings::from_toml(
            "title-strip = [\".jsonl\"]\nunion-tags = [\"type\", \"kind\"]\n\
             tag-from-title = true\nlimited-data-header = \"X-Limited\"\n",
            "x",
        )
        .unwrap();
        assert_eq!(s.title_strip, [".jsonl"]);
        assert_eq!(s.union_tags, ["type", "kind"]);
        assert!(s.tag_from_title);
        assert_eq!(s.limited_data_header.as_deref(), Some("X-Limited"));
    }
}
