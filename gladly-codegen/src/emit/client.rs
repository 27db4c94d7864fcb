//! `client.rs`: what the spec says about where the API is served and how it
//! authenticates, for the runtime's generic builder: the description it reads,
//! `Client::builder` and `Client::from_env`, and one `ClientBuilder` setter per server
//! variable, additional server and security scheme.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use crate::ir::{
    ApiKeyLocation, ClientSetup, SecurityKind, SecurityScheme, Server, ServerVariable,
};

/// The whole file.
pub fn emit_client(setup: &ClientSetup) -> TokenStream {
    let description = emit_description(setup);
    let constructors = emit_constructors(setup);
    let setters = emit_setters(setup);
    quote! {
        //! Where the API is served and how it authenticates, as its spec says: the setters
        //! of [`ClientBuilder`](crate::ClientBuilder) named after the spec's servers,
        //! server variables and security schemes, and the variables
        //! [`Client::from_env`](crate::Client::from_env) reads.
        #description
        #constructors
        #setters
    }
}

/// Names come from `ident`, so they parse; the fallback only keeps this panic-free.
fn ident(name: &str) -> syn::Ident {
    syn::parse_str(name).unwrap_or_else(|_| format_ident!("value"))
}

fn optional(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

fn emit_description(setup: &ClientSetup) -> TokenStream {
    let servers = setup.servers.iter().map(|server| {
        let url = &server.url;
        let env = optional(server.env.as_deref());
        let variables = server.variables.iter().map(|v| {
            let (name, setter, env, values) = (&v.name, &v.setter, &v.env, &v.values);
            let default = optional((!v.placeholder).then_some(v.default.as_str()));
            quote! {
                crate::runtime::ServerVariable {
                    name: #name,
                    setter: #setter,
                    default: #default,
                    allowed: &[#(#values),*],
                    env: #env,
                }
            }
        });
        quote! {
            crate::runtime::Server {
                url: #url,
                env: #env,
                variables: &[#(#variables),*],
            }
        }
    });
    let schemes = setup.security_schemes.iter().map(|scheme| {
        let (name, method, env) = (&scheme.name, &scheme.method, &scheme.env);
        let kind = match &scheme.kind {
            SecurityKind::Basic => quote!(crate::runtime::SchemeKind::Basic),
            SecurityKind::Bearer { .. } => quote!(crate::runtime::SchemeKind::Bearer),
            SecurityKind::ApiKey { location, name } => {
                let location = key_location(*location);
                quote!(crate::runtime::SchemeKind::ApiKey(#location, #name))
            }
        };
        quote! {
            crate::runtime::SecurityScheme {
                name: #name,
                method: #method,
                kind: #kind,
                env: &[#(#env),*],
            }
        }
    });
    let auth_required = setup.auth_required;
    let base_url_env = &setup.base_url_env;
    let limited_data_header = optional(setup.limited_data_header.as_deref());
    quote! {
        /// The spec's servers and security schemes, which the builder and `from_env` read.
        static API: crate::runtime::ApiDescription = crate::runtime::ApiDescription {
            servers: &[#(#servers),*],
            schemes: &[#(#schemes),*],
            auth_required: #auth_required,
            base_url_env: #base_url_env,
            limited_data_header: #limited_data_header,
        };
    }
}

fn key_location(location: ApiKeyLocation) -> TokenStream {
    match location {
        ApiKeyLocation::Header => quote!(crate::runtime::KeyLocation::Header),
        ApiKeyLocation::Query => quote!(crate::runtime::KeyLocation::Query),
        ApiKeyLocation::Cookie => quote!(crate::runtime::KeyLocation::Cookie),
    }
}

fn emit_constructors(setup: &ClientSetup) -> TokenStream {
    let builder_docs = doc_attrs(&builder_doc(setup));
    let env_docs = doc_attrs(&env_doc(setup));
    quote! {
        impl crate::Client {
            #builder_docs
            pub fn builder() -> crate::runtime::ClientBuilder {
                crate::runtime::ClientBuilder::new(&API)
            }

            #env_docs
            pub fn from_env() -> Result<crate::Client, crate::runtime::Error> {
                Self::builder_from_env()?.build()
            }

            /// A builder preset from the environment variables listed at
            /// [`Client::from_env`](crate::Client::from_env), to change more settings
            /// (timeouts, retries) before building.
            pub fn builder_from_env() -> Result<crate::runtime::ClientBuilder, crate::runtime::Error> {
                crate::runtime::ClientBuilder::from_env(&API)
            }
        }
    }
}

const BASE_URL: &str = "[`base_url`](crate::ClientBuilder::base_url)";

fn builder_doc(setup: &ClientSetup) -> String {
    let mut doc = "Starts configuring a client.\n\n".to_owned();
    match setup.servers.first() {
        None => doc.push_str(&format!(
            "The spec names no server: set {BASE_URL} before building."
        )),
        Some(server) if !server.url.contains("://") => doc.push_str(&format!(
            "The spec's server URL `{}` is relative: set {BASE_URL} to the full URL before building.",
            server.url
        )),
        Some(server) => {
            doc.push_str(&format!("Requests go to `{}`", server.url));
            if let Some(description) = &server.description {
                doc.push_str(&format!(" ({})", one_line(description)));
            }
            let others: Vec<String> = setup
                .servers
                .iter()
                .filter_map(|s| s.method.as_deref())
                .map(|m| format!("[`{m}`](crate::ClientBuilder::{m})"))
                .chain([BASE_URL.to_owned()])
                .collect();
            doc.push_str(&format!(" unless {} chooses another.", others.join(" or ")));
        }
    }
    if setup.auth_required {
        let methods: Vec<String> = setup
            .security_schemes
            .iter()
            .map(|s| format!("[`{}`](crate::ClientBuilder::{})", s.method, s.method))
            .collect();
        doc.push_str(&format!(
            "\n\nThe API requires credentials: set them with {}.",
            methods.join(" or ")
        ));
    }
    doc
}

fn env_doc(setup: &ClientSetup) -> String {
    let mut rows = vec![format!(
        "| `{}` | {} |",
        setup.base_url_env,
        match setup.servers.first() {
            Some(server) if server.url.contains("://") =>
                "A URL to send requests to instead of the spec's servers, e.g. a proxy. Wins over the variables that choose a server.",
            _ => "Required: the URL requests go to (the spec names no absolute server).",
        }
    )];
    for server in &setup.servers {
        if let Some(env) = &server.env {
            let described = server
                .description
                .as_deref()
                .map(|d| format!(" described as \"{}\"", one_line(d)))
                .unwrap_or_default();
            rows.push(format!(
                "| `{env}` | `1` or `true` for the server{described}, `{}`; `0`, `false` or unset for the default. |",
                server.url
            ));
        }
    }
    for variable in distinct_variables(setup) {
        rows.push(format!(
            "| `{}` | {} {} |",
            variable.env,
            variable_summary(variable),
            variable_rules(variable, "the base URL is set")
        ));
    }
    for scheme in &setup.security_schemes {
        let what = scheme_kind_doc(scheme);
        let parts = match scheme.kind {
            SecurityKind::Basic => vec![
                format!("The user name for {what}"),
                format!("The password for {what}"),
            ],
            _ => vec![capitalised(&what)],
        };
        for (env, part) in scheme.env.iter().zip(parts) {
            rows.push(format!(
                "| `{env}` | {part} (`{}` in the spec). |",
                scheme.name
            ));
        }
    }
    let mut doc = format!(
        "A client configured from environment variables:\n\n| Variable | Meaning |\n|---|---|\n{}\n\n",
        rows.join("\n")
    );
    if setup.auth_required {
        doc.push_str("Credentials are required: set the variables of one security scheme. ");
    }
    doc.push_str(
        "Empty variables count as unset; secrets are never printed, not even in error messages. \
         Use [`Client::builder_from_env`](crate::Client::builder_from_env) to change more \
         settings (timeouts, retries) before building.",
    );
    doc
}

fn distinct_variables(setup: &ClientSetup) -> Vec<&ServerVariable> {
    let mut seen: Vec<&ServerVariable> = Vec::new();
    for variable in setup.servers.iter().flat_map(|s| &s.variables) {
        if !seen.iter().any(|v| v.name == variable.name) {
            seen.push(variable);
        }
    }
    seen
}

/// What a variable is for: "The server variable `{region}`: the data centre."
fn variable_summary(variable: &ServerVariable) -> String {
    let mut doc = format!("The server variable `{{{}}}`", variable.name);
    match &variable.description {
        Some(description) => {
            doc.push_str(&format!(
                ": {}.",
                one_line(description).trim_end_matches('.')
            ));
        }
        None => doc.push('.'),
    }
    doc
}

/// Whether a variable must be set, and what it may be.
fn variable_rules(variable: &ServerVariable, unless: &str) -> String {
    let mut doc = String::new();
    if variable.placeholder {
        doc.push_str(&format!("Required unless {unless}"));
        if !variable.default.is_empty() {
            doc.push_str(&format!(
                ": the spec's default, `{}`, only names the value to give",
                variable.default
            ));
        }
        doc.push('.');
    } else {
        doc.push_str(&format!("Default `{}`.", variable.default));
    }
    if !variable.values.is_empty() {
        let values: Vec<String> = variable.values.iter().map(|v| format!("`{v}`")).collect();
        doc.push_str(&format!(" One of {}.", values.join(", ")));
    }
    doc
}

fn scheme_kind_doc(scheme: &SecurityScheme) -> String {
    match &scheme.kind {
        SecurityKind::Basic => "HTTP Basic authentication".to_owned(),
        SecurityKind::Bearer { format: None } => "the bearer token".to_owned(),
        SecurityKind::Bearer {
            format: Some(format),
        } => format!("the bearer token ({})", one_line(format)),
        SecurityKind::ApiKey { location, name } => {
            let place = match location {
                ApiKeyLocation::Header => "header",
                ApiKeyLocation::Query => "query parameter",
                ApiKeyLocation::Cookie => "cookie",
            };
            format!("the API key sent as the {place} `{name}`")
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The first line of a description, safe inside a table cell.
fn one_line(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty());
    line.unwrap_or_default().replace('|', "\\|")
}

fn emit_setters(setup: &ClientSetup) -> TokenStream {
    let variables = distinct_variables(setup).into_iter().map(|variable| {
        let summary = variable_summary(variable).replacen("The server", "Sets the server", 1);
        let rules = variable_rules(variable, &format!("{BASE_URL} is set"));
        let docs = doc_attrs(&format!("{summary}\n\n{rules}"));
        let setter = ident(&variable.setter);
        let name = &variable.name;
        quote! {
            #docs
            pub fn #setter(self, value: impl Into<String>) -> Self {
                self.server_variable(#name, value)
            }
        }
    });
    let servers = setup
        .servers
        .iter()
        .enumerate()
        .filter_map(|(index, server)| {
            let method = ident(server.method.as_deref()?);
            Some(emit_server_method(&method, index, server))
        });
    let schemes = setup.security_schemes.iter().map(emit_auth_method);
    let setters: Vec<TokenStream> = variables.chain(servers).chain(schemes).collect();
    if setters.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl crate::runtime::ClientBuilder {
            #(#setters)*
        }
    }
}

fn emit_server_method(method: &syn::Ident, index: usize, server: &Server) -> TokenStream {
    let described = server
        .description
        .as_deref()
        .map(|d| format!(" described as \"{}\"", one_line(d)))
        .unwrap_or_default();
    let docs = doc_attrs(&format!(
        "Sends requests to the server{described}: `{}`.",
        server.url
    ));
    let index = Literal::usize_unsuffixed(index);
    quote! {
        #docs
        pub fn #method(self) -> Self {
            self.server(#index)
        }
    }
}

fn emit_auth_method(scheme: &SecurityScheme) -> TokenStream {
    let method = ident(&scheme.method);
    let mut doc = format!(
        "Authenticates every request with {} (`{}` in the spec).",
        scheme_kind_doc(scheme),
        scheme.name
    );
    if let Some(description) = &scheme.description {
        doc.push_str(&format!("\n\n{description}"));
    }
    let docs = doc_attrs(&doc);
    let (params, auth) = match &scheme.kind {
        SecurityKind::Basic => (
            quote!(username: impl Into<String>, password: impl Into<crate::runtime::ApiToken>),
            quote!(crate::runtime::Auth::basic(username, password)),
        ),
        SecurityKind::Bearer { .. } => (
            quote!(token: impl Into<crate::runtime::ApiToken>),
            quote!(crate::runtime::Auth::bearer(token)),
        ),
        SecurityKind::ApiKey { location, name } => {
            let location = key_location(*location);
            (
                quote!(key: impl Into<crate::runtime::ApiToken>),
                quote!(crate::runtime::Auth::api_key(#location, #name, key)),
            )
        }
    };
    quote! {
        #docs
        pub fn #method(self, #params) -> Self {
            self.auth(#auth)
        }
    }
}
