//! The OpenAPI document, collected from the routed handlers by utoipa-actix-web.

use actix_web::App;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{scope, AppExt};

use switchboard_types::ApiScope;

use crate::routes;

mod constraints;
mod examples;
mod responses;
mod unions;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Switchboard API",
        description = "The connection vault for automation platforms: encrypted, named, shareable credentials for third-party APIs. Errors are `application/problem+json` with a stable `code`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    modifiers(&BearerAuth),
    components(schemas(switchboard_types::ConnectionScope, switchboard_types::ConnectionStatus, switchboard_types::EventOrder))
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
                    .bearer_format("JWT")
                    .description(Some(
                        "A signed-in user's access token from /api/v1/auth/login (15 minutes; renewed with /api/v1/auth/refresh).",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "apiKey",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API key (`sbk_…`) in the same `Authorization: Bearer` header; each operation names the scope it needs in `x-required-scope`.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "connectToken",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A connect session's token (`sbc_…`, from POST /api/v1/connect/sessions): the hosted connect page's only credential.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "metricsToken",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "`SWITCHBOARD_METRICS_TOKEN`, when the operator set one; without it `/metrics` is open.",
                    ))
                    .build(),
            ),
        );
        openapi.servers = Some(vec![utoipa::openapi::server::Server::new("/")]);
    }
}

/// Every operation's stable id, its one tag and a short summary, by method and
/// path. The handler's doc comment becomes the description. A test checks that
/// every documented operation is here and every id is unique.
const OPERATIONS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "get",
        "/api/v1/accounts",
        "listAccounts",
        "accounts",
        "List accounts",
    ),
    (
        "post",
        "/api/v1/accounts",
        "createAccount",
        "accounts",
        "Create an account",
    ),
    (
        "get",
        "/api/v1/accounts/{id}",
        "getAccount",
        "accounts",
        "Get an account",
    ),
    (
        "delete",
        "/api/v1/accounts/{id}",
        "deleteAccount",
        "accounts",
        "Delete an account",
    ),
    (
        "get",
        "/api/v1/api-keys",
        "listApiKeys",
        "api-keys",
        "List API keys",
    ),
    (
        "post",
        "/api/v1/api-keys",
        "createApiKey",
        "api-keys",
        "Create an API key",
    ),
    (
        "delete",
        "/api/v1/api-keys/{id}",
        "revokeApiKey",
        "api-keys",
        "Revoke an API key",
    ),
    ("get", "/api/v1/apps", "listApps", "apps", "List apps"),
    (
        "post",
        "/api/v1/apps",
        "createApp",
        "apps",
        "Add a custom app",
    ),
    ("get", "/api/v1/apps/{slug}", "getApp", "apps", "Get an app"),
    (
        "put",
        "/api/v1/apps/{slug}",
        "replaceApp",
        "apps",
        "Replace an app's definition",
    ),
    (
        "get",
        "/api/v1/apps/{slug}/oauth-client",
        "getOAuthClient",
        "oauth",
        "Get an app's OAuth client",
    ),
    (
        "put",
        "/api/v1/apps/{slug}/oauth-client",
        "setOAuthClient",
        "oauth",
        "Set an app's OAuth client",
    ),
    (
        "get",
        "/api/v1/audit",
        "listAuditEvents",
        "audit",
        "List audit events",
    ),
    (
        "get",
        "/api/v1/events",
        "listEvents",
        "events",
        "List lifecycle events",
    ),
    (
        "get",
        "/api/v1/webhooks",
        "listWebhooks",
        "webhooks",
        "List webhooks",
    ),
    (
        "post",
        "/api/v1/webhooks",
        "createWebhook",
        "webhooks",
        "Add a webhook",
    ),
    (
        "get",
        "/api/v1/webhooks/{id}",
        "getWebhook",
        "webhooks",
        "Get a webhook",
    ),
    (
        "patch",
        "/api/v1/webhooks/{id}",
        "updateWebhook",
        "webhooks",
        "Change a webhook",
    ),
    (
        "delete",
        "/api/v1/webhooks/{id}",
        "deleteWebhook",
        "webhooks",
        "Delete a webhook",
    ),
    (
        "post",
        "/api/v1/webhooks/{id}/rotate-secret",
        "rotateWebhookSecret",
        "webhooks",
        "Rotate a webhook's secret",
    ),
    (
        "get",
        "/api/v1/webhooks/{id}/deliveries",
        "listWebhookDeliveries",
        "webhooks",
        "List a webhook's deliveries",
    ),
    (
        "post",
        "/api/v1/webhooks/{id}/deliveries/{delivery_id}/retry",
        "retryWebhookDelivery",
        "webhooks",
        "Retry a delivery",
    ),
    (
        "post",
        "/api/v1/webhooks/{id}/test",
        "testWebhook",
        "webhooks",
        "Send a test event",
    ),
    ("post", "/api/v1/auth/login", "login", "auth", "Sign in"),
    ("post", "/api/v1/auth/logout", "logout", "auth", "Sign out"),
    (
        "post",
        "/api/v1/auth/refresh",
        "refreshSession",
        "auth",
        "Refresh the session",
    ),
    (
        "get",
        "/api/v1/automations",
        "listAutomations",
        "automations",
        "List automations",
    ),
    (
        "post",
        "/api/v1/automations",
        "createAutomation",
        "automations",
        "Register an automation",
    ),
    (
        "get",
        "/api/v1/automations/{id}",
        "getAutomation",
        "automations",
        "Get an automation",
    ),
    (
        "delete",
        "/api/v1/automations/{id}",
        "deleteAutomation",
        "automations",
        "Delete an automation",
    ),
    (
        "patch",
        "/api/v1/automations/{id}",
        "updateAutomation",
        "automations",
        "Update an automation",
    ),
    (
        "get",
        "/api/v1/connections",
        "listConnections",
        "connections",
        "List connections",
    ),
    (
        "post",
        "/api/v1/connections",
        "createConnection",
        "connections",
        "Create a connection",
    ),
    (
        "get",
        "/api/v1/connections/{id}",
        "getConnection",
        "connections",
        "Get a connection",
    ),
    (
        "delete",
        "/api/v1/connections/{id}",
        "deleteConnection",
        "connections",
        "Delete a connection",
    ),
    (
        "patch",
        "/api/v1/connections/{id}",
        "updateConnection",
        "connections",
        "Update a connection",
    ),
    (
        "get",
        "/api/v1/connections/{id}/automations",
        "listConnectionAutomations",
        "connections",
        "List the automations using a connection",
    ),
    (
        "get",
        "/api/v1/connections/{id}/credentials",
        "getConnectionCredentials",
        "connections",
        "Get credentials for a machine",
    ),
    (
        "get",
        "/api/v1/connections/{id}/health",
        "getConnectionHealth",
        "connections",
        "Get a connection's health checks",
    ),
    (
        "put",
        "/api/v1/connections/{id}/fields",
        "replaceConnectionFields",
        "connections",
        "Replace a connection's credentials",
    ),
    (
        "get",
        "/api/v1/connections/{id}/proxy/{path}",
        "proxyConnectionGet",
        "connections",
        "Proxy a GET to the app",
    ),
    (
        "put",
        "/api/v1/connections/{id}/proxy/{path}",
        "proxyConnectionPut",
        "connections",
        "Proxy a PUT to the app",
    ),
    (
        "post",
        "/api/v1/connections/{id}/proxy/{path}",
        "proxyConnectionPost",
        "connections",
        "Proxy a POST to the app",
    ),
    (
        "delete",
        "/api/v1/connections/{id}/proxy/{path}",
        "proxyConnectionDelete",
        "connections",
        "Proxy a DELETE to the app",
    ),
    (
        "patch",
        "/api/v1/connections/{id}/proxy/{path}",
        "proxyConnectionPatch",
        "connections",
        "Proxy a PATCH to the app",
    ),
    (
        "head",
        "/api/v1/connections/{id}/proxy/{path}",
        "proxyConnectionHead",
        "connections",
        "Proxy a HEAD to the app",
    ),
    (
        "options",
        "/api/v1/connections/{id}/proxy/{path}",
        "proxyConnectionOptions",
        "connections",
        "Proxy an OPTIONS to the app",
    ),
    (
        "get",
        "/api/v1/connections/{id}/rate-limit",
        "getConnectionRateLimit",
        "rate-limits",
        "Get a connection's rate limit",
    ),
    (
        "get",
        "/api/v1/connections/{id}/usage",
        "getConnectionUsage",
        "rate-limits",
        "Get a connection's proxied calls per hour",
    ),
    (
        "put",
        "/api/v1/connections/{id}/rate-limit",
        "setConnectionRateLimit",
        "rate-limits",
        "Set a connection's rate limit",
    ),
    (
        "delete",
        "/api/v1/connections/{id}/rate-limit",
        "resetConnectionRateLimit",
        "rate-limits",
        "Reset a connection's rate limit",
    ),
    (
        "post",
        "/api/v1/connections/export",
        "exportConnections",
        "connections",
        "Export connections to an encrypted file",
    ),
    (
        "post",
        "/api/v1/connections/import",
        "importConnections",
        "connections",
        "Import connections from a file",
    ),
    (
        "post",
        "/api/v1/connections/{id}/reveal",
        "revealConnection",
        "connections",
        "Reveal a connection's credentials",
    ),
    (
        "post",
        "/api/v1/connections/{id}/test",
        "testConnection",
        "connections",
        "Test a connection",
    ),
    ("get", "/api/v1/me", "getMe", "auth", "Who am I"),
    (
        "post",
        "/api/v1/me/password",
        "changePassword",
        "auth",
        "Change your password",
    ),
    (
        "post",
        "/api/v1/oauth/authorize",
        "startOAuthAuthorization",
        "oauth",
        "Start an OAuth authorization",
    ),
    (
        "get",
        "/api/v1/oauth/callback",
        "finishOAuthAuthorization",
        "oauth",
        "The provider's OAuth callback",
    ),
    (
        "get",
        "/api/v1/setup",
        "getSetupStatus",
        "setup",
        "Is setup needed",
    ),
    (
        "post",
        "/api/v1/setup",
        "completeSetup",
        "setup",
        "Create the first administrator",
    ),
    ("get", "/api/v1/users", "listUsers", "users", "List users"),
    ("post", "/api/v1/users", "createUser", "users", "Add a user"),
    (
        "delete",
        "/api/v1/users/{id}",
        "deleteUser",
        "users",
        "Remove a user",
    ),
    (
        "patch",
        "/api/v1/users/{id}",
        "updateUser",
        "users",
        "Update a user",
    ),
    (
        "get",
        "/api/v1/system/keys",
        "getKeyStatus",
        "system",
        "Key status",
    ),
    (
        "post",
        "/api/v1/system/keys/rotate-data",
        "rotateDataKeys",
        "system",
        "Rotate data keys",
    ),
    (
        "post",
        "/api/v1/connect/sessions",
        "createConnectSession",
        "connect",
        "Create a connect session",
    ),
    (
        "get",
        "/api/v1/connect/sessions/{id}",
        "getConnectSession",
        "connect",
        "Get a connect session",
    ),
    (
        "get",
        "/api/v1/connect/page",
        "getConnectPage",
        "connect",
        "What the connect page shows",
    ),
    (
        "get",
        "/api/v1/connect/page/apps/{slug}",
        "getConnectPageApp",
        "connect",
        "An app offered on the connect page",
    ),
    (
        "post",
        "/api/v1/connect/page/connections",
        "connectWithFields",
        "connect",
        "Connect a key-based app on the connect page",
    ),
    (
        "post",
        "/api/v1/connect/page/oauth/authorize",
        "startConnectAuthorization",
        "connect",
        "Start an OAuth sign-in on the connect page",
    ),
    ("get", "/healthz", "getLiveness", "operations", "Liveness"),
    (
        "get",
        "/metrics",
        "getMetrics",
        "operations",
        "Prometheus metrics",
    ),
    ("get", "/readyz", "getReadiness", "operations", "Readiness"),
];

/// The API-key scope each operation needs, by `operationId`. Operations not listed
/// here with `bearer` security take a signed-in user only (API keys are refused) or
/// any caller that is signed in (`getMe`, `listApps`, `getApp`, `getAccount`).
const SCOPES: &[(&str, ApiScope)] = &[
    ("listConnections", ApiScope::ConnectionsRead),
    ("getConnection", ApiScope::ConnectionsRead),
    ("getConnectionRateLimit", ApiScope::ConnectionsRead),
    ("getConnectionHealth", ApiScope::ConnectionsRead),
    ("getConnectionUsage", ApiScope::ConnectionsRead),
    ("createConnection", ApiScope::ConnectionsWrite),
    ("updateConnection", ApiScope::ConnectionsWrite),
    ("deleteConnection", ApiScope::ConnectionsWrite),
    ("replaceConnectionFields", ApiScope::ConnectionsWrite),
    ("testConnection", ApiScope::ConnectionsWrite),
    ("getConnectionCredentials", ApiScope::CredentialsRead),
    ("listConnectionAutomations", ApiScope::AutomationsRead),
    ("proxyConnectionGet", ApiScope::Proxy),
    ("proxyConnectionPut", ApiScope::Proxy),
    ("proxyConnectionPost", ApiScope::Proxy),
    ("proxyConnectionDelete", ApiScope::Proxy),
    ("proxyConnectionPatch", ApiScope::Proxy),
    ("proxyConnectionHead", ApiScope::Proxy),
    ("proxyConnectionOptions", ApiScope::Proxy),
    ("listAutomations", ApiScope::AutomationsRead),
    ("getAutomation", ApiScope::AutomationsRead),
    ("createAutomation", ApiScope::AutomationsWrite),
    ("updateAutomation", ApiScope::AutomationsWrite),
    ("deleteAutomation", ApiScope::AutomationsWrite),
    ("listAuditEvents", ApiScope::AuditRead),
    ("listEvents", ApiScope::ConnectionsRead),
    ("listWebhooks", ApiScope::Webhooks),
    ("createWebhook", ApiScope::Webhooks),
    ("getWebhook", ApiScope::Webhooks),
    ("updateWebhook", ApiScope::Webhooks),
    ("deleteWebhook", ApiScope::Webhooks),
    ("rotateWebhookSecret", ApiScope::Webhooks),
    ("listWebhookDeliveries", ApiScope::Webhooks),
    ("retryWebhookDelivery", ApiScope::Webhooks),
    ("testWebhook", ApiScope::Webhooks),
    ("createConnectSession", ApiScope::ConnectWrite),
    ("getConnectSession", ApiScope::ConnectWrite),
];

/// Operations any signed-in caller may use, API keys of any scope included.
const ANY_CALLER: &[&str] = &["getMe", "listApps", "getApp", "getAccount"];

/// The tags, one per resource, in the order the document lists them.
const TAGS: &[(&str, &str)] = &[
    ("auth", "Sign-in, sessions and the caller"),
    ("setup", "First run: the first system administrator"),
    ("accounts", "Accounts and child accounts"),
    ("users", "Users of an account"),
    ("api-keys", "API keys for machines and SDKs"),
    ("apps", "The app catalog"),
    ("oauth", "OAuth2 client settings and the authorization flow"),
    (
        "connect",
        "Connect sessions: a platform's end users connect their own accounts on a hosted page",
    ),
    (
        "connections",
        "Connections, their credentials, and calls through them (the proxy)",
    ),
    ("rate-limits", "Per-connection rate limits of the proxy"),
    ("automations", "Automations and the connections they use"),
    ("audit", "The audit log"),
    ("events", "Lifecycle events of connections and automations"),
    (
        "webhooks",
        "Webhook endpoints: events pushed to receivers, signed (Standard Webhooks)",
    ),
    (
        "system",
        "Key lifecycle of the instance (system administrators)",
    ),
    ("operations", "Health, readiness and metrics"),
];

/// Sets ids, tags and summaries from [`OPERATIONS`]; the handler's doc comment
/// (which utoipa put in the summary) becomes the description.
fn name_operations(api: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::HttpMethod;
    for (path, item) in api.paths.paths.iter_mut() {
        let ops = [
            (HttpMethod::Get, "get", &mut item.get),
            (HttpMethod::Put, "put", &mut item.put),
            (HttpMethod::Post, "post", &mut item.post),
            (HttpMethod::Delete, "delete", &mut item.delete),
            (HttpMethod::Patch, "patch", &mut item.patch),
            (HttpMethod::Head, "head", &mut item.head),
            (HttpMethod::Options, "options", &mut item.options),
        ];
        for (_, method, op) in ops {
            let Some(op) = op.as_mut() else { continue };
            let Some((_, _, id, tag, summary)) = OPERATIONS
                .iter()
                .find(|(m, p, ..)| *m == method && *p == path.as_str())
            else {
                continue;
            };
            let doc = [op.summary.take(), op.description.take()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("\n\n");
            op.operation_id = Some((*id).to_string());
            op.tags = Some(vec![(*tag).to_string()]);
            op.summary = Some((*summary).to_string());
            op.description = Some(doc);
            describe_access(op, id);
        }
    }
    api.tags = Some(
        TAGS.iter()
            .map(|(name, description)| {
                utoipa::openapi::tag::TagBuilder::new()
                    .name(*name)
                    .description(Some(*description))
                    .build()
            })
            .collect(),
    );
}

/// Who may call a secured operation: the session token alone, or an API key too
/// (`x-required-scope` names its scope, and the description says so).
fn describe_access(op: &mut utoipa::openapi::path::Operation, id: &str) {
    use utoipa::openapi::security::SecurityRequirement;
    if op.security.as_ref().is_none_or(Vec::is_empty) {
        // Open to anyone, said explicitly (`security: []`).
        op.security = Some(Vec::new());
        return;
    }
    let page_token = op.security.as_ref().is_some_and(|s| {
        s.iter().any(|r| {
            serde_json::to_value(r)
                .ok()
                .and_then(|v| v.get("connectToken").cloned())
                .is_some()
        })
    });
    if page_token {
        if let Some(d) = op.description.as_mut() {
            d.push_str("\n\nCalled by the hosted connect page with the connect session's token (`sbc_…`) as the bearer token; counted per token and per client address.");
        }
        return;
    }
    if id == "getMetrics" {
        // No token configured: open; otherwise the metrics token.
        op.security = Some(vec![
            SecurityRequirement::default(),
            SecurityRequirement::new("metricsToken", Vec::<String>::new()),
        ]);
        return;
    }
    let scope = SCOPES.iter().find(|(o, _)| *o == id).map(|(_, s)| *s);
    let note = match scope {
        Some(s) => {
            op.extensions = Some(
                utoipa::openapi::extensions::ExtensionsBuilder::new()
                    .add("x-required-scope", s.as_str())
                    .build(),
            );
            format!("API keys need the scope `{s}`.")
        }
        None if ANY_CALLER.contains(&id) => "Any API key may call it.".to_string(),
        None => "Needs a signed-in user's access token; API keys are refused.".to_string(),
    };
    if let Some(d) = op.description.as_mut() {
        d.push_str("\n\n");
        d.push_str(&note);
    }
    let mut security = vec![SecurityRequirement::new("bearer", Vec::<String>::new())];
    if scope.is_some() || ANY_CALLER.contains(&id) {
        security.push(SecurityRequirement::new("apiKey", Vec::<String>::new()));
    }
    op.security = Some(security);
}

/// The document, built from the same route configuration the server uses.
pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(scope::scope("/api/v1").configure(routes::api_v1))
        .configure(routes::ops::configure)
        .split_for_parts();
    let mut api = api;
    name_operations(&mut api);
    responses::refresh_cookie(&mut api);
    responses::declare(&mut api);
    constraints::declare(api.components.get_or_insert_with(Default::default));
    constraints::declare_parameters(&mut api);
    unions::declare(api.components.get_or_insert_with(Default::default));
    examples::declare(api.components.get_or_insert_with(Default::default));
    constraints::describe_optional_refs(api.components.get_or_insert_with(Default::default));
    constraints::declare_no_nul(&mut api);
    api
}

/// The document, built once per process (the server's `/api/v1/openapi.json` and
/// its 405 route table both read it).
pub fn shared() -> &'static utoipa::openapi::OpenApi {
    static SPEC: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    SPEC.get_or_init(spec)
}

/// Pretty JSON with a trailing newline, as committed in `openapi/openapi.json`.
pub fn spec_json() -> String {
    let mut s = spec().to_pretty_json().unwrap_or_default();
    s.push('\n');
    s
}

/// The documented paths with their methods, to answer 405 (with `Allow`) instead of
/// 404 for a method a path does not take.
/// A path without parameters (`/connections/export`) wins over a template that also
/// matches it (`/connections/{id}`), as it does in routing.
pub struct Routes(Vec<(regex::Regex, Vec<&'static str>, bool)>);

impl Routes {
    pub fn from_spec(api: &utoipa::openapi::OpenApi) -> Self {
        let param = regex::Regex::new(r"\{[^}]+\}").ok();
        let mut out = Vec::new();
        for (path, item) in &api.paths.paths {
            let mut methods = Vec::new();
            for (m, present) in [
                ("GET", item.get.is_some()),
                ("PUT", item.put.is_some()),
                ("POST", item.post.is_some()),
                ("DELETE", item.delete.is_some()),
                ("PATCH", item.patch.is_some()),
                ("HEAD", item.head.is_some()),
                ("OPTIONS", item.options.is_some()),
            ] {
                if present {
                    methods.push(m);
                }
            }
            // `{path}` (the proxy's tail) spans segments; other parameters one segment.
            let pattern = regex::escape(path)
                .replace(r"\{path\}", ".+")
                .replace(r"\{", "{")
                .replace(r"\}", "}");
            let pattern = match &param {
                Some(p) => p.replace_all(&pattern, "[^/]+").into_owned(),
                None => pattern,
            };
            if let Ok(re) = regex::Regex::new(&format!("^{pattern}$")) {
                out.push((re, methods, !path.contains('{')));
            }
        }
        Self(out)
    }

    /// The methods `path` takes, when it is a documented path.
    pub fn allowed(&self, path: &str) -> Option<String> {
        let matching: Vec<_> = self
            .0
            .iter()
            .filter(|(re, _, _)| re.is_match(path))
            .collect();
        let literal = matching.iter().any(|(_, _, lit)| *lit);
        let mut methods: Vec<&str> = matching
            .iter()
            .filter(|(_, _, lit)| *lit || !literal)
            .flat_map(|(_, m, _)| m.iter().copied())
            .collect();
        if methods.is_empty() {
            return None;
        }
        methods.sort_unstable();
        methods.dedup();
        Some(methods.join(", "))
    }
}
