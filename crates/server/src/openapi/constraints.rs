//! What the server checks in request bodies, declared on their schemas from the
//! same constants the checks use: names, emails, passwords, and the step-up
//! password on requests that always need it. A client (or a contract test) that
//! follows the schema sends what the server takes.

use utoipa::openapi::schema::{Object, Schema, SchemaType, Type};
use utoipa::openapi::{Components, RefOr};

use crate::auth::password::{MAX_LEN, MIN_LEN};
use crate::services::connections::MAX_NAME;

/// Name properties and their longest length.
const NAMES: &[(&str, &str, usize)] = &[
    ("CreateConnectionRequest", "name", MAX_NAME),
    ("UpdateConnectionRequest", "name", MAX_NAME),
    ("AuthorizeRequest", "name", MAX_NAME),
    ("CreateAutomationRequest", "name", 100),
    ("UpdateAutomationRequest", "name", 100),
    ("CreateAccountRequest", "name", 100),
    ("CreateApiKeyRequest", "name", 100),
];

/// Email properties (an `@` with something on both sides; at most 254 characters).
const EMAILS: &[(&str, &str)] = &[
    ("SetupRequest", "email"),
    ("LoginRequest", "email"),
    ("CreateUserRequest", "email"),
    ("NewAccountAdmin", "email"),
];

/// What `normalize_email` takes: no white space or control characters, one `@`,
/// a domain that neither starts nor ends with a dot.
const EMAIL_PATTERN: &str = r"^[^@\s\u0000-\u001F\u007F-\u009F]+@[^@\s.\u0000-\u001F\u007F-\u009F]([^@\s\u0000-\u001F\u007F-\u009F]*[^@\s.\u0000-\u001F\u007F-\u009F])?$";

/// Properties that set a new password.
const NEW_PASSWORDS: &[(&str, &str)] = &[
    ("SetupRequest", "password"),
    ("CreateUserRequest", "password"),
    ("UpdateUserRequest", "password"),
    ("ChangePasswordRequest", "new_password"),
    ("NewAccountAdmin", "password"),
];

/// `current_password` on requests that always need the caller's password.
const STEP_UP: &[&str] = &[
    "CreateUserRequest",
    "CreateAccountRequest",
    "OAuthClientRequest",
];

/// Non-empty strings: a value the server looks up or needs to be there.
const NON_EMPTY: &[(&str, &str)] = &[
    ("CreateConnectionRequest", "app"),
    ("AuthorizeRequest", "app"),
    ("OAuthClientRequest", "client_id"),
    ("OAuthClientRequest", "client_secret"),
    ("RevealRequest", "password"),
    ("ChangePasswordRequest", "current_password"),
    ("LoginRequest", "password"),
    ("SetupRequest", "token"),
];

/// Parameters: never `null` (a header or query value is text or absent), `If-Match`
/// in the syntax the server takes, cursors in the alphabet the server writes them in.
pub fn declare_parameters(api: &mut utoipa::openapi::OpenApi) {
    for item in api.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
        ];
        for op in ops.into_iter().flatten() {
            for p in op.parameters.iter_mut().flatten() {
                let Some(RefOr::T(Schema::Object(o))) = p.schema.as_mut() else {
                    continue;
                };
                if let SchemaType::Array(types) = &o.schema_type {
                    let kept: Vec<Type> = types
                        .iter()
                        .filter(|t| **t != Type::Null)
                        .cloned()
                        .collect();
                    if let [one] = kept.as_slice() {
                        o.schema_type = SchemaType::Type(one.clone());
                    }
                }
                match p.name.as_str() {
                    "If-Match" => o.pattern = Some(crate::routes::IF_MATCH_PATTERN.to_string()),
                    "cursor" => o.pattern = Some("^[A-Za-z0-9_-]*$".to_string()),
                    _ => {}
                }
            }
        }
    }
}

/// Optional properties whose type is another schema (`oneOf: [null, $ref]`) lose
/// their doc comment in utoipa; they get the referenced schema's description.
pub fn describe_optional_refs(components: &mut Components) {
    let described: std::collections::BTreeMap<String, String> = components
        .schemas
        .iter()
        .filter_map(|(name, s)| match s {
            RefOr::T(Schema::Object(o)) => o.description.clone().map(|d| (name.clone(), d)),
            RefOr::T(Schema::OneOf(o)) => o.description.clone().map(|d| (name.clone(), d)),
            _ => None,
        })
        .collect();
    for schema in components.schemas.values_mut() {
        let RefOr::T(Schema::Object(o)) = schema else {
            continue;
        };
        for property in o.properties.values_mut() {
            let RefOr::T(Schema::OneOf(one)) = property else {
                continue;
            };
            if one.description.is_some() {
                continue;
            }
            // utoipa keeps the field's own doc on the reference inside; else the
            // referenced schema's description says what it is.
            let own = one.items.iter().find_map(|i| match i {
                RefOr::Ref(r) if !r.description.is_empty() => Some(r.description.clone()),
                _ => None,
            });
            let target = one.items.iter().find_map(|i| match i {
                RefOr::Ref(r) => r.ref_location.rsplit('/').next().map(str::to_string),
                _ => None,
            });
            let text = own.or_else(|| target.and_then(|t| described.get(&t).cloned()));
            if let Some(text) = text {
                one.description = Some(format!("{text} `null` when not set."));
            }
        }
    }
}

/// No text the API takes may hold NUL (the server refuses it: PostgreSQL cannot
/// store it): every string without a pattern, enum or machine format says so.
pub const NO_NUL: &str = r"^[^\u0000]*$";

fn forbid_nul(schema: &mut Schema) {
    match schema {
        Schema::Object(o) => {
            let is_string = matches!(&o.schema_type, SchemaType::Type(Type::String))
                || matches!(&o.schema_type, SchemaType::Array(t) if t.contains(&Type::String));
            let machine = matches!(
                &o.format,
                Some(utoipa::openapi::schema::SchemaFormat::KnownFormat(
                    utoipa::openapi::schema::KnownFormat::Uuid
                        | utoipa::openapi::schema::KnownFormat::DateTime
                        | utoipa::openapi::schema::KnownFormat::Date
                        // Bytes, not text (files).
                        | utoipa::openapi::schema::KnownFormat::Binary
                ))
            );
            if is_string && o.pattern.is_none() && o.enum_values.is_none() && !machine {
                o.pattern = Some(NO_NUL.to_string());
            }
            for p in o.properties.values_mut() {
                if let RefOr::T(p) = p {
                    forbid_nul(p);
                }
            }
            if let Some(extra) = o.additional_properties.as_mut() {
                if let utoipa::openapi::schema::AdditionalProperties::RefOr(RefOr::T(x)) =
                    extra.as_mut()
                {
                    forbid_nul(x);
                }
            }
        }
        Schema::Array(a) => {
            if let utoipa::openapi::schema::ArrayItems::RefOrSchema(item) = &mut a.items {
                if let RefOr::T(x) = item.as_mut() {
                    forbid_nul(x);
                }
            }
        }
        Schema::OneOf(o) => o.items.iter_mut().for_each(|i| {
            if let RefOr::T(x) = i {
                forbid_nul(x);
            }
        }),
        _ => {}
    }
}

/// [`NO_NUL`] on every string of every schema and parameter.
pub fn declare_no_nul(api: &mut utoipa::openapi::OpenApi) {
    if let Some(c) = api.components.as_mut() {
        for s in c.schemas.values_mut() {
            if let RefOr::T(s) = s {
                forbid_nul(s);
            }
        }
    }
    for (path, item) in api.paths.paths.iter_mut() {
        if path.contains("/proxy/") {
            continue;
        }
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in ops.into_iter().flatten() {
            for p in op.parameters.iter_mut().flatten() {
                if let Some(RefOr::T(s)) = p.schema.as_mut() {
                    forbid_nul(s);
                }
            }
        }
    }
}

pub fn declare(components: &mut Components) {
    // An API key's scopes are the `ApiScope` names.
    if let Some(RefOr::T(Schema::Object(o))) = components.schemas.get_mut("CreateApiKeyRequest") {
        if let Some(RefOr::T(Schema::Array(a))) = o.properties.get_mut("scopes") {
            a.items = utoipa::openapi::schema::ArrayItems::RefOrSchema(Box::new(RefOr::Ref(
                utoipa::openapi::Ref::from_schema_name("ApiScope"),
            )));
            a.min_items = Some(1);
        }
    }
    for (schema, property, max) in NAMES {
        edit(components, schema, property, |o| {
            o.min_length = Some(1);
            o.max_length = Some(*max);
            o.pattern = Some(switchboard_types::NAME_PATTERN.to_string());
        });
    }
    for (schema, property) in EMAILS {
        edit(components, schema, property, |o| {
            o.max_length = Some(254);
            o.pattern = Some(EMAIL_PATTERN.to_string());
        });
    }
    for (schema, property) in NEW_PASSWORDS {
        edit(components, schema, property, |o| {
            o.min_length = Some(MIN_LEN);
            o.max_length = Some(MAX_LEN);
        });
    }
    for (schema, property) in NON_EMPTY {
        edit(components, schema, property, |o| o.min_length = Some(1));
    }
    for schema in STEP_UP {
        edit(components, schema, "current_password", |o| {
            o.min_length = Some(1);
        });
        edit(components, schema, "current_password", |o| {
            o.schema_type = Type::String.into();
        });
        if let Some(RefOr::T(Schema::Object(o))) = components.schemas.get_mut(*schema) {
            if !o.required.iter().any(|r| r == "current_password") {
                o.required.push("current_password".into());
            }
        }
    }
}

/// Edits one string property of a component schema; a missing one is a bug the
/// contract test finds (the constraint would not be declared).
fn edit(components: &mut Components, schema: &str, property: &str, f: impl FnOnce(&mut Object)) {
    let Some(RefOr::T(Schema::Object(o))) = components.schemas.get_mut(schema) else {
        return;
    };
    if let Some(RefOr::T(Schema::Object(p))) = o.properties.get_mut(property) {
        f(p);
    }
}
