use super::*;

/// The client setup of a spec whose top level (after `openapi`, `info` and `paths`) is
/// `rest`, and the codes of the warnings.
fn setup(title: &str, rest: &str, settings: &Settings) -> (ClientSetup, Vec<String>) {
    let text =
        format!("openapi: 3.0.3\ninfo:\n  title: \"{title}\"\n  version: '1'\npaths: {{}}\n{rest}");
    let normalised = crate::normalise_spec(&text).unwrap();
    let mut diags = Diagnostics::default();
    let setup = lower_client(&normalised.openapi, settings, &mut diags);
    let codes = diags
        .into_vec()
        .into_iter()
        .map(|d| d.code.to_owned())
        .collect();
    (setup, codes)
}

fn prefix_of(title: &str) -> String {
    setup(title, "", &Settings::default()).0.env_prefix
}

#[test]
fn the_prefix_comes_from_the_title_without_filler_or_versions() {
    assert_eq!(prefix_of("Swagger Petstore - OpenAPI 3.0"), "PETSTORE");
    assert_eq!(prefix_of("Gladly API"), "GLADLY");
    assert_eq!(prefix_of("The v2 API"), "API");
    assert_eq!(prefix_of("3D printing service"), "API_3D_PRINTING");
    assert_eq!(
        prefix_of("Amazon Simple Storage Service extras"),
        "AMAZON_SIMPLE_STORAGE"
    );
}

#[test]
fn a_valid_prefix_in_the_settings_wins_and_an_invalid_one_is_a_warning() {
    let settings = |prefix: &str| Settings {
        env_prefix: Some(prefix.to_owned()),
        ..Settings::default()
    };
    let (ours, codes) = setup("Petstore", "", &settings("ACME_PETS"));
    assert_eq!(ours.env_prefix, "ACME_PETS");
    assert_eq!(ours.base_url_env, "ACME_PETS_BASE_URL");
    assert!(codes.is_empty(), "{codes:?}");
    let (bad, codes) = setup("Petstore", "", &settings("acme-pets"));
    assert_eq!(bad.env_prefix, "PETSTORE");
    assert_eq!(codes, ["invalid-env-prefix"]);
}

const SERVERS: &str = r#"
servers:
  - url: https://{tenant}.{region}.example.com/{version}
    description: Production
    variables:
      tenant:
        default: tenant
        description: Your tenant
      region:
        default: eu
        enum: [eu, us]
      version:
        default: v1
  - url: https://{tenant}.{region}.example.com/{version}
    description: Same URL, other defaults
    variables:
      tenant: {default: tenant}
      region: {default: us}
      version: {default: v1}
  - url: https://{tenant}.sandbox.example.com/{slot}
    description: Staging server
    variables:
      tenant: {default: tenant}
  - url: /api/v3
  - url: http://localhost:8080
    description: A local server you run yourself for development
"#;

#[test]
fn servers_get_variables_setters_and_methods() {
    let (setup, codes) = setup("Demo", SERVERS, &Settings::default());
    let urls: Vec<&str> = setup.servers.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://{tenant}.{region}.example.com/{version}",
            "https://{tenant}.sandbox.example.com/{slot}",
            "http://localhost:8080"
        ]
    );
    let methods: Vec<Option<&str>> = setup.servers.iter().map(|s| s.method.as_deref()).collect();
    assert_eq!(methods, [None, Some("staging"), Some("server_5")]);
    let envs: Vec<Option<&str>> = setup.servers.iter().map(|s| s.env.as_deref()).collect();
    assert_eq!(envs, [None, Some("DEMO_STAGING"), Some("DEMO_SERVER_5")]);
    let first = &setup.servers[0].variables;
    let summary: Vec<(&str, &str, &str, bool)> = first
        .iter()
        .map(|v| {
            (
                v.name.as_str(),
                v.setter.as_str(),
                v.env.as_str(),
                v.placeholder,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("tenant", "tenant", "DEMO_TENANT", true),
            ("region", "region", "DEMO_REGION", false),
            ("version", "version", "DEMO_VERSION", false)
        ]
    );
    assert_eq!(first[1].values, ["eu", "us"]);
    // The staging server shares the `tenant` setter and leaves `{slot}` undeclared.
    assert_eq!(setup.servers[1].variables[0].setter, "tenant");
    assert_eq!(codes, ["undeclared-server-variable", "relative-server"]);
}

#[test]
fn a_relative_default_server_is_kept() {
    let (setup, codes) = setup("Demo", "servers: [{url: /api/v3}]", &Settings::default());
    assert_eq!(setup.servers[0].url, "/api/v3");
    assert!(codes.is_empty(), "{codes:?}");
}

#[test]
fn placeholders_are_empty_defaults_or_the_variable_s_own_name() {
    assert!(is_placeholder("organization", "organization"));
    assert!(is_placeholder("org", "{org}"));
    assert!(is_placeholder("subDomain", "sub-domain"));
    assert!(is_placeholder("tenant", " "));
    assert!(!is_placeholder("region", "eu"));
    assert!(!is_placeholder("port", "443"));
}

#[test]
fn setters_never_take_a_name_the_runtime_uses() {
    let spec = r#"
servers:
  - url: https://{timeout}.example.com/{type}
    variables:
      timeout: {default: a}
      type: {default: b}
  - url: https://other.example.com
    description: Build
"#;
    let (setup, _) = setup("Demo", spec, &Settings::default());
    let setters: Vec<&str> = setup.servers[0]
        .variables
        .iter()
        .map(|v| v.setter.as_str())
        .collect();
    assert_eq!(setters, ["timeout2", "type_"]);
    assert_eq!(setup.servers[1].method.as_deref(), Some("server_2"));
}

const SCHEMES: &str = r#"
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
    jwt: {type: http, scheme: bearer, bearerFormat: JWT}
    headerKey: {type: apiKey, in: header, name: X-API-Key}
    queryKey: {type: apiKey, in: query, name: api_key}
    digest: {type: http, scheme: digest}
    oauth:
      type: oauth2
      flows:
        clientCredentials: {tokenUrl: "https://auth.example.com/token", scopes: {}}
"#;

#[test]
fn schemes_are_named_after_their_kind_or_their_own_name() {
    let (setup, codes) = setup("Demo", SCHEMES, &Settings::default());
    let named: Vec<(&str, &str, Vec<&str>)> = setup
        .security_schemes
        .iter()
        .map(|s| {
            let env = s.env.iter().map(String::as_str).collect();
            (s.name.as_str(), s.method.as_str(), env)
        })
        .collect();
    assert_eq!(
        named,
        [
            (
                "basic",
                "basic_auth",
                vec!["DEMO_USERNAME", "DEMO_PASSWORD"]
            ),
            ("jwt", "jwt", vec!["DEMO_JWT"]),
            ("headerKey", "header_key", vec!["DEMO_HEADER_KEY"]),
            ("queryKey", "query_key", vec!["DEMO_QUERY_KEY"]),
            ("oauth", "oauth", vec!["DEMO_OAUTH"]),
        ]
    );
    assert_eq!(
        setup.security_schemes[3].kind,
        SecurityKind::ApiKey {
            location: ApiKeyLocation::Query,
            name: "api_key".to_owned()
        }
    );
    assert_eq!(codes, ["unsupported-security-scheme"]);
}

#[test]
fn one_scheme_of_a_kind_gets_the_kind_s_name_and_env_names_can_be_renamed() {
    let spec = r#"
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
    key: {type: apiKey, in: cookie, name: session}
"#;
    let settings = Settings {
        env_names: [
            ("BEARER_TOKEN".to_owned(), "ACCESS_TOKEN".to_owned()),
            ("NOTHING".to_owned(), "X".to_owned()),
        ]
        .into(),
        ..Settings::default()
    };
    let (setup, codes) = setup("Demo", spec, &settings);
    let methods: Vec<&str> = setup
        .security_schemes
        .iter()
        .map(|s| s.method.as_str())
        .collect();
    assert_eq!(methods, ["bearer_auth", "api_key"]);
    assert_eq!(setup.security_schemes[0].env, ["DEMO_ACCESS_TOKEN"]);
    assert_eq!(setup.security_schemes[1].env, ["DEMO_API_KEY"]);
    assert_eq!(codes, ["unused-env-name"]);
}

#[test]
fn credentials_are_required_only_when_every_alternative_needs_sendable_ones() {
    let required = |security: &str| {
        let spec = format!("{SCHEMES}security: {security}\n");
        setup("Demo", &spec, &Settings::default()).0.auth_required
    };
    assert!(required("[{basic: []}]"));
    assert!(required("[{digest: []}, {headerKey: [], queryKey: []}]"));
    assert!(!required("[{basic: []}, {}]"));
    assert!(!required("[{digest: []}]"));
    assert!(!required("[]"));
    assert!(!setup("Demo", SCHEMES, &Settings::default()).0.auth_required);
}

#[test]
fn the_limited_data_header_is_none_unless_the_settings_name_a_valid_one() {
    assert_eq!(
        setup("Demo", "", &Settings::default())
            .0
            .limited_data_header,
        None
    );
    let settings = |name: &str| Settings {
        limited_data_header: Some(name.to_owned()),
        ..Settings::default()
    };
    let (ours, codes) = setup("Demo", "", &settings("Demo-Limited-Data"));
    assert_eq!(
        ours.limited_data_header.as_deref(),
        Some("Demo-Limited-Data")
    );
    assert!(codes.is_empty(), "{codes:?}");
    let (bad, codes) = setup("Demo", "", &settings("Limited Data"));
    assert_eq!(bad.limited_data_header, None);
    assert_eq!(codes, ["invalid-settings"]);
}
