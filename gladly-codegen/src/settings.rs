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
}
