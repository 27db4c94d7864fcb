//! A one-line-per-item listing of what was generated and where in the spec each item came
//! from: reviewed as a snapshot, so a spec update shows up as added and removed lines.

use std::fmt::Write;

use crate::ir::{
    Api, ApiKeyLocation, ParamLocation, ResponseBody, SecurityKind, Spelling, TypeKind, TypeRef,
};

/// The inventory as text.
pub fn inventory(api: &Api) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# operations: {}", api.operations.len());
    for op in &api.operations {
        let params: Vec<String> = op
            .params
            .iter()
            .map(|p| {
                let location = match p.location {
                    ParamLocation::Path => "path",
                    ParamLocation::Query => "query",
                    ParamLocation::Header => "header",
                };
                format!(
                    "{}{}:{location}:{}",
                    p.wire,
                    if p.required { "" } else { "?" },
                    type_name(&p.ty)
                )
            })
            .collect();
        let body = op
            .body
            .as_ref()
            .map(|b| {
                format!(
                    " body={}{}",
                    type_name(&b.ty),
                    if b.required { "" } else { "?" }
                )
            })
            .unwrap_or_default();
        let response = match &op.response {
            ResponseBody::Empty => "()".to_owned(),
            ResponseBody::Json(ty) => type_name(ty),
            ResponseBody::JsonLines(ty) => format!("JsonLines<{}>", type_name(ty)),
            ResponseBody::Bytes => "ByteStream".to_owned(),
            ResponseBody::Redirect => "Location".to_owned(),
        };
        let _ = writeln!(
            out,
            "fn {}({}){body} -> {response}  # {} {}  #{}",
            op.method_name,
            params.join(", "),
            op.http_method,
            op.path,
            op.origin
        );
    }
    let _ = writeln!(out, "\n# webhooks: {}", api.webhooks.len());
    for hook in &api.webhooks {
        let _ = writeln!(
            out,
            "webhook {} -> {}  #{}",
            hook.operation_id,
            type_name(&hook.payload),
            hook.origin
        );
    }
    let _ = writeln!(out, "\n# types: {}", api.types.len());
    for def in &api.types {
        let kind = match &def.kind {
            TypeKind::Struct { fields } => format!("struct({} fields)", fields.len()),
            TypeKind::Enum { values } => format!("enum({} values)", values.len()),
            TypeKind::Tagged { tag, variants } => {
                format!("tagged({tag}, {} variants)", variants.len())
            }
            TypeKind::Untagged { variants } => format!("untagged({} variants)", variants.len()),
        };
        let _ = writeln!(out, "{} {kind}  #{}", def.name, def.origin);
    }
    client(api, &mut out);
    out
}

/// The client builder's setters: servers, server variables, security schemes.
fn client(api: &Api, out: &mut String) {
    let setup = &api.client;
    let _ = writeln!(out, "\n# servers: {}", setup.servers.len());
    let mut variables: Vec<&str> = Vec::new();
    for server in &setup.servers {
        let chosen_by = match &server.method {
            Some(method) => format!(".{method}()"),
            None => "default".to_owned(),
        };
        let _ = writeln!(
            out,
            "server {} -> {chosen_by}  #{}",
            server.url, server.origin
        );
        for variable in &server.variables {
            if variables.contains(&variable.name.as_str()) {
                continue;
            }
            variables.push(&variable.name);
            let default = if variable.placeholder {
                "required".to_owned()
            } else {
                format!("default {:?}", variable.default)
            };
            let _ = writeln!(
                out,
                "variable {{{}}} -> .{}()  {default}",
                variable.name, variable.setter
            );
        }
    }
    let required = if setup.auth_required {
        ", required"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "\n# security schemes: {}{required}",
        setup.security_schemes.len()
    );
    for scheme in &setup.security_schemes {
        let kind = match &scheme.kind {
            SecurityKind::Basic => "basic".to_owned(),
            SecurityKind::Bearer { .. } => "bearer".to_owned(),
            SecurityKind::ApiKey { location, name } => {
                let place = match location {
                    ApiKeyLocation::Header => "header",
                    ApiKeyLocation::Query => "query",
                    ApiKeyLocation::Cookie => "cookie",
                };
                format!("api key {name} in {place}")
            }
        };
        let _ = writeln!(
            out,
            "auth {kind} -> .{}()  #{}",
            scheme.method, scheme.origin
        );
    }
}

/// A type as the inventory spells it: [`Spelling::Short`].
pub fn type_name(ty: &TypeRef) -> String {
    ty.to_rust(Spelling::Short)
}
