//! The OpenAPI document, collected from the routed handlers by utoipa-actix-web.

use actix_web::App;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{scope, AppExt};

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Switchboard API",
        description = "The connection vault for automation platforms: encrypted, named, shareable credentials for third-party APIs. Errors are `application/problem+json` with a stable `code`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Setup, sign-in, tokens"),
        (name = "users", description = "Users of my account"),
        (name = "accounts", description = "Accounts and child accounts"),
        (name = "api-keys", description = "API keys for machines and SDKs"),
        (name = "apps", description = "The app catalog"),
        (name = "connections", description = "Connections and their credentials"),
        (name = "automations", description = "Automations and the connections they use"),
        (name = "oauth", description = "OAuth2 client settings and the authorization flow"),
        (name = "proxy", description = "Calls to the apps through a connection, and its rate limit"),
        (name = "audit", description = "Audit log"),
        (name = "operations", description = "Health and metrics"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An access token from /api/v1/auth/login, or an API key (sbk_...)",
                    ))
                    .build(),
            ),
        );
    }
}

/// The document, built from the same route configuration the server uses.
pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(scope::scope("/api/v1").configure(routes::api_v1))
        .configure(routes::ops::configure)
        .split_for_parts();
    api
}

/// Pretty JSON with a trailing newline, as committed in `openapi/openapi.json`.
pub fn spec_json() -> String {
    let mut s = spec().to_pretty_json().unwrap_or_default();
    s.push('\n');
    s
}
