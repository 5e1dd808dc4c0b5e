//! Unions that generators can name: each variant of an internally tagged enum
//! becomes its own schema, and the union a `oneOf` of them with a discriminator.

use utoipa::openapi::schema::{Discriminator, Schema};
use utoipa::openapi::{Components, Ref, RefOr};

/// Internally tagged unions: schema, tag property, prefix of the variant schemas.
const TAGGED: &[(&str, &str, &str)] = &[("InjectRule", "in", "Inject")];

/// What the fields of the variants hold (utoipa keeps no docs on variant fields).
const VARIANT_FIELDS: &[(&str, &str)] = &[
    (
        "in",
        "Where the credential goes: `header`, `query` or `basic`.",
    ),
    ("name", "The header or query parameter's name."),
    (
        "value",
        "The value, a template of the connection's fields (`Bearer {{api_token}}`).",
    ),
    (
        "username",
        "The Basic username, a template of the connection's fields.",
    ),
    (
        "password",
        "The Basic password, a template of the connection's fields.",
    ),
];

pub fn declare(components: &mut Components) {
    for (union, tag, prefix) in TAGGED {
        let Some(RefOr::T(Schema::OneOf(mut one_of))) = components.schemas.get(*union).cloned()
        else {
            continue;
        };
        let mut mapping = std::collections::BTreeMap::new();
        let mut items = Vec::new();
        for item in std::mem::take(&mut one_of.items) {
            let RefOr::T(Schema::Object(mut variant)) = item else {
                items.push(item);
                continue;
            };
            // The tag's one value names the variant: `header` → `InjectHeader`.
            let value = match variant.properties.get(*tag) {
                Some(RefOr::T(Schema::Object(t))) => t
                    .enum_values
                    .as_ref()
                    .and_then(|v| v.first())
                    .and_then(|v| v.as_str())
                    .map(str::to_string),
                _ => None,
            };
            let Some(value) = value else {
                items.push(RefOr::T(Schema::Object(variant)));
                continue;
            };
            let mut chars = value.chars();
            let name = format!(
                "{prefix}{}{}",
                chars
                    .next()
                    .map(|c| c.to_ascii_uppercase())
                    .unwrap_or_default(),
                chars.as_str()
            );
            variant.title = Some(name.clone());
            for (field, text) in VARIANT_FIELDS {
                if let Some(RefOr::T(Schema::Object(f))) = variant.properties.get_mut(*field) {
                    f.description.get_or_insert_with(|| (*text).to_string());
                }
            }
            let at = format!("#/components/schemas/{name}");
            components
                .schemas
                .insert(name.clone(), RefOr::T(Schema::Object(variant)));
            mapping.insert(value, at.clone());
            items.push(RefOr::Ref(Ref::new(at)));
        }
        one_of.items = items;
        let mut discriminator = Discriminator::new(*tag);
        discriminator.mapping = mapping;
        one_of.discriminator = Some(discriminator);
        components
            .schemas
            .insert((*union).to_string(), RefOr::T(Schema::OneOf(one_of)));
    }
}
