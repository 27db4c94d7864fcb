//! Lowers the spec's `servers` and security schemes to a [`ClientSetup`]: what the client
//! builder's setters and `Client::from_env`'s variables are named.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme as SpecScheme};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ident;
use crate::ir::{
    ApiKeyLocation, ClientSetup, SecurityKind, SecurityScheme, Server, ServerVariable,
};
use crate::pointer;
use crate::settings::Settings;

/// Inherent methods the runtime's `ClientBuilder` has (see
/// `gladly-generated/src/runtime/builder.rs` and `env.rs`): generated setters avoid them.
const RUNTIME_METHODS: [&str; 14] = [
    "new",
    "default",
    "base_url",
    "allow_insecure_http",
    "auth",
    "timeout",
    "connect_timeout",
    "read_timeout",
    "retry",
    "build",
    "server",
    "server_variable",
    "from_env",
    "fmt",
];

/// Words of an API title that say nothing about which API it is.
const TITLE_FILLER: [&str; 14] = [
    "a", "an", "and", "api", "apis", "for", "http", "of", "openapi", "rest", "service", "spec",
    "swagger", "the",
];

/// Words of a server description that say nothing about which server it is.
const SERVER_FILLER: [&str; 6] = ["api", "env", "environment", "server", "the", "url"];

/// The spec's servers and security schemes, with their Rust and environment names.
pub(super) fn lower_client(
    openapi: &OpenAPI,
    settings: &Settings,
    diags: &mut Diagnostics,
) -> ClientSetup {
    let env_prefix = env_prefix(&openapi.info.title, settings, diags);
    let mut names = Names::new(&env_prefix, &settings.env_names);
    let base_url_env = names.env("BASE_URL");
    let security_schemes = schemes(openapi, &mut names, diags);
    let auth_required = auth_required(openapi, &security_schemes);
    let servers = servers(openapi, &mut names, diags);
    for unused in names.unused_overrides() {
        diags.push(Diagnostic::warning(
            "unused-env-name",
            "",
            format!("the settings rename the variable `{unused}`, which this API does not have"),
        ));
    }
    ClientSetup {
        servers,
        security_schemes,
        auth_required,
        env_prefix,
        base_url_env,
        limited_data_header: limited_data_header(settings, diags),
    }
}

/// The settings' `limited-data-header` when it is a valid header name (RFC 9110 token);
/// otherwise a warning, and no header.
fn limited_data_header(settings: &Settings, diags: &mut Diagnostics) -> Option<String> {
    let name = settings.limited_data_header.as_ref()?;
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if !name.is_empty() && name.chars().all(token) {
        return Some(name.clone());
    }
    diags.push(Diagnostic::warning(
        "invalid-settings",
        "",
        format!("`limited-data-header = \"{name}\"` is not a header name; ignored"),
    ));
    None
}

/// The settings' `env-prefix` when it is a valid name, else one from the title:
/// `Swagger Petstore - OpenAPI 3.0` -> `PETSTORE`.
fn env_prefix(title: &str, settings: &Settings, diags: &mut Diagnostics) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !w.bytes().all(|b| b.is_ascii_digit()))
        .filter(|w| !TITLE_FILLER.contains(&w.to_ascii_lowercase().as_str()))
        .filter(|w| !is_version(w))
        .take(3)
        .map(str::to_ascii_uppercase)
        .collect();
    let derived = match words.join("_") {
        empty if empty.is_empty() => "API".to_owned(),
        digit if digit.starts_with(|c: char| c.is_ascii_digit()) => format!("API_{digit}"),
        name => name,
    };
    match &settings.env_prefix {
        Some(prefix) if is_env_name(prefix) => prefix.clone(),
        Some(prefix) => {
            diags.push(Diagnostic::warning(
                "invalid-env-prefix",
                "",
                format!(
                    "env-prefix `{prefix}` is not a variable name (A-Z, 0-9 and _, not starting with a digit); `{derived}` is used"
                ),
            ));
            derived
        }
        None => derived,
    }
}

/// `v2`, `V1`.
fn is_version(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(chars.next(), Some('v' | 'V')) && chars.as_str().bytes().all(|b| b.is_ascii_digit())
}

fn is_env_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// Hands out builder method names and environment variable names, each once.
struct Names<'a> {
    prefix: &'a str,
    overrides: &'a BTreeMap<String, String>,
    used_overrides: BTreeSet<String>,
    methods: BTreeSet<String>,
    env: BTreeSet<String>,
    /// Setter and variable of each server variable, by name: servers share them.
    variables: BTreeMap<String, (String, String)>,
}

impl<'a> Names<'a> {
    fn new(prefix: &'a str, overrides: &'a BTreeMap<String, String>) -> Self {
        Names {
            prefix,
            overrides,
            used_overrides: BTreeSet::new(),
            methods: RUNTIME_METHODS.iter().map(|m| (*m).to_owned()).collect(),
            env: BTreeSet::new(),
            variables: BTreeMap::new(),
        }
    }

    /// A method named after `name` (snake_case, keywords suffixed with `_`), numbered
    /// when taken.
    fn method(&mut self, name: &str) -> String {
        let snake = ident::field_name(name);
        let snake = match snake.strip_prefix("r#") {
            Some(keyword) => format!("{keyword}_"),
            None => snake,
        };
        ident::unique(snake, &mut self.methods)
    }

    /// `<PREFIX>_<SUFFIX>`, or the name the settings give instead, numbered when taken.
    fn env(&mut self, suffix: &str) -> String {
        let suffix = suffix.trim_start_matches("r#").to_ascii_uppercase();
        let suffix = match self.overrides.get(&suffix) {
            Some(other) if is_env_name(other) => {
                self.used_overrides.insert(suffix);
                other.clone()
            }
            _ => suffix,
        };
        ident::unique(format!("{}_{suffix}", self.prefix), &mut self.env)
    }

    fn unused_overrides(&self) -> impl Iterator<Item = &String> {
        self.overrides
            .keys()
            .filter(|k| !self.used_overrides.contains(*k))
    }
}

fn schemes(openapi: &OpenAPI, names: &mut Names, diags: &mut Diagnostics) -> Vec<SecurityScheme> {
    let Some(components) = &openapi.components else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let origin = pointer::child("/components/securitySchemes", name);
        let ReferenceOr::Item(scheme) = scheme else {
            diags.push(Diagnostic::warning(
                "security-scheme-ref",
                &origin,
                "security schemes given by `$ref` are not supported; left out",
            ));
            continue;
        };
        let (kind, description) = match scheme {
            SpecScheme::APIKey {
                location,
                name,
                description,
                ..
            } => {
                let location = match location {
                    APIKeyLocation::Header => ApiKeyLocation::Header,
                    APIKeyLocation::Query => ApiKeyLocation::Query,
                    APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                };
                let name = name.clone();
                (SecurityKind::ApiKey { location, name }, description)
            }
            SpecScheme::HTTP {
                scheme,
                bearer_format,
                description,
                ..
            } => match scheme.to_ascii_lowercase().as_str() {
                "basic" => (SecurityKind::Basic, description),
                "bearer" => {
                    let format = bearer_format.clone().filter(|f| !f.trim().is_empty());
                    (SecurityKind::Bearer { format }, description)
                }
                other => {
                    diags.push(Diagnostic::warning(
                        "unsupported-security-scheme",
                        &origin,
                        format!("HTTP authentication scheme `{other}` is not supported; the client cannot send it"),
                    ));
                    continue;
                }
            },
            SpecScheme::OAuth2 { description, .. } => {
                let format = Some("an OAuth 2 access token".to_owned());
                (SecurityKind::Bearer { format }, description)
            }
            SpecScheme::OpenIDConnect { description, .. } => {
                let format = Some("an OpenID Connect access token".to_owned());
                (SecurityKind::Bearer { format }, description)
            }
        };
        let description = description.clone().filter(|d| !d.trim().is_empty());
        found.push((name, kind, description, origin));
    }
    let of_kind = |wanted: &SecurityKind| {
        found
            .iter()
            .filter(|(_, kind, ..)| std::mem::discriminant(kind) == std::mem::discriminant(wanted))
            .count()
    };
    let counts: Vec<usize> = found.iter().map(|(_, kind, ..)| of_kind(kind)).collect();
    found
        .into_iter()
        .zip(counts)
        .map(|((name, kind, description, origin), count)| {
            let (method, env) = scheme_names(name, &kind, count == 1, names);
            SecurityScheme {
                name: name.clone(),
                kind,
                method,
                env,
                description,
                origin,
            }
        })
        .collect()
}

/// The builder method and variables of a scheme: named after its kind when it is the
/// only one of that kind, after its own name otherwise.
fn scheme_names(
    name: &str,
    kind: &SecurityKind,
    only_of_kind: bool,
    names: &mut Names,
) -> (String, Vec<String>) {
    let method = match (kind, only_of_kind) {
        (SecurityKind::Basic, true) => names.method("basic_auth"),
        (SecurityKind::Bearer { .. }, true) => names.method("bearer_auth"),
        (SecurityKind::ApiKey { .. }, true) => names.method("api_key"),
        (_, false) => names.method(name),
    };
    let env = match (kind, only_of_kind) {
        (SecurityKind::Basic, true) => vec![names.env("USERNAME"), names.env("PASSWORD")],
        (SecurityKind::Basic, false) => vec![
            names.env(&format!("{method}_USERNAME")),
            names.env(&format!("{method}_PASSWORD")),
        ],
        (SecurityKind::Bearer { .. }, true) => vec![names.env("BEARER_TOKEN")],
        (_, _) => vec![names.env(&method)],
    };
    (method, env)
}

/// Whether the top-level `security` demands credentials the client can send: no
/// requirement is empty (`{}` makes authentication optional), and one requirement uses
/// only supported schemes (else the user could never build a client).
fn auth_required(openapi: &OpenAPI, schemes: &[SecurityScheme]) -> bool {
    let requirements = openapi.security.as_deref().unwrap_or_default();
    let supported = |name: &String| schemes.iter().any(|s| &s.name == name);
    !requirements.is_empty()
        && requirements.iter().all(|r| !r.is_empty())
        && requirements.iter().any(|r| r.keys().all(supported))
}

fn servers(openapi: &OpenAPI, names: &mut Names, diags: &mut Diagnostics) -> Vec<Server> {
    let mut lowered: Vec<Server> = Vec::new();
    for (index, server) in openapi.servers.iter().enumerate() {
        let origin = format!("/servers/{index}");
        // A server with the URL of an earlier one differs only in its variables, which
        // the setters already choose.
        if lowered.iter().any(|s| s.url == server.url) {
            continue;
        }
        // A base URL replaces the servers, so choosing a relative one would achieve
        // nothing; the default server is kept, and asks for a base URL when it is used.
        if !lowered.is_empty() && !server.url.contains("://") {
            diags.push(Diagnostic::warning(
                "relative-server",
                format!("{origin}/url"),
                format!("server URL `{}` is relative, so no builder method chooses it; clients set its full URL with base_url()", server.url),
            ));
            continue;
        }
        let declared = server.variables.clone().unwrap_or_default();
        let mut variables = Vec::new();
        for (name, variable) in &declared {
            let (setter, env) = match names.variables.get(name) {
                Some(known) => known.clone(),
                None => {
                    let known = (names.method(name), names.env(&ident::field_name(name)));
                    names.variables.insert(name.clone(), known.clone());
                    known
                }
            };
            variables.push(ServerVariable {
                name: name.clone(),
                setter,
                env,
                default: variable.default.clone(),
                placeholder: is_placeholder(name, &variable.default),
                values: variable.enumeration.clone(),
                description: variable
                    .description
                    .clone()
                    .filter(|d| !d.trim().is_empty()),
            });
        }
        for name in template_names(&server.url) {
            if !declared.contains_key(name) {
                diags.push(Diagnostic::warning(
                    "undeclared-server-variable",
                    format!("{origin}/url"),
                    format!("`{{{name}}}` in the server URL is not declared under `variables`; clients must set a base URL"),
                ));
            }
        }
        let (method, env) = if lowered.is_empty() {
            (None, None)
        } else {
            let method = server_method(server.description.as_deref(), index, names);
            let env = names.env(&method);
            (Some(method), Some(env))
        };
        lowered.push(Server {
            url: server.url.clone(),
            description: server.description.clone().filter(|d| !d.trim().is_empty()),
            method,
            env,
            variables,
            origin,
        });
    }
    lowered
}

/// A default that only names the value to give (`organization: {default: organization}`)
/// would send requests to a host nobody owns: the user must set the variable instead.
fn is_placeholder(name: &str, default: &str) -> bool {
    let squash = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect::<String>()
    };
    squash(default).is_empty() || squash(default) == squash(name)
}

/// The `{name}`s of a server URL template.
fn template_names(url: &str) -> Vec<&str> {
    url.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// The method choosing a server: from its description when that is one to three
/// meaningful words ("Sandbox" -> `sandbox`, "Staging server" -> `staging`), else
/// `server_<n>` with its 1-based position in the spec.
fn server_method(description: Option<&str>, index: usize, names: &mut Names) -> String {
    let words: Vec<&str> = description
        .unwrap_or_default()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| !SERVER_FILLER.contains(&w.to_ascii_lowercase().as_str()))
        .collect();
    let fallback = format!("server_{}", index + 1);
    if (1..=3).contains(&words.len()) {
        let candidate = ident::field_name(&words.join(" "));
        if !candidate.starts_with("r#") && !names.methods.contains(&candidate) {
            return names.method(&candidate);
        }
    }
    names.method(&fallback)
}

#[cfg(test)]
mod tests;
