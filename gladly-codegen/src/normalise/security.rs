//! Security schemes that differ only in case.

use serde_json::Value;

use super::repairs::DUPLICATE_SECURITY_SCHEME;
use super::METHODS;
use crate::diagnostic::Diagnostics;
use crate::pointer;

/// Two security schemes whose names differ only in case: the one no requirement names
/// is removed.
pub(super) fn dedupe_security_schemes(doc: &mut Value, diags: &mut Diagnostics) {
    let used = used_security_schemes(doc);
    let Some(schemes) = doc
        .pointer_mut("/components/securitySchemes")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let names: Vec<String> = schemes.keys().cloned().collect();
    let mut removed = Vec::new();
    for (i, a) in names.iter().enumerate() {
        for b in names.iter().skip(i + 1) {
            if a != b && a.eq_ignore_ascii_case(b) {
                let unused = if used.contains(a) && !used.contains(b) {
                    b
                } else if used.contains(b) {
                    a
                } else {
                    b
                };
                if !removed.contains(unused) {
                    removed.push(unused.clone());
                }
            }
        }
    }
    for name in removed {
        schemes.shift_remove(&name);
        diags.push(DUPLICATE_SECURITY_SCHEME.warning(
            pointer::child("/components/securitySchemes", &name),
            format!("security scheme `{name}` differs from another only in case and no requirement uses it; removed"),
        ));
    }
}

fn used_security_schemes(doc: &Value) -> Vec<String> {
    let mut used = Vec::new();
    let mut collect = |requirements: Option<&Value>| {
        for requirement in requirements.and_then(Value::as_array).into_iter().flatten() {
            if let Some(map) = requirement.as_object() {
                used.extend(map.keys().cloned());
            }
        }
    };
    collect(doc.get("security"));
    for item in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.values())
    {
        for method in METHODS {
            collect(item.get(method).and_then(|op| op.get("security")));
        }
    }
    used
}
