//! An example for every request body and main answer, set on the component
//! schemas. `openapi/contract/examples.py` (in `just contract`) checks each one
//! against its schema, so an example can never drift from the type.

use serde_json::{json, Value};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{Components, RefOr};

const CONNECTION_ID: &str = "01936f6e-3c1a-7d2e-9f41-6b0c2a7d9e10";
const ACCOUNT_ID: &str = "01936f6c-9a55-7b80-8d0e-2f4c1b3a5d77";
const USER_ID: &str = "01936f6c-9a60-7f11-a2c4-7e8d9b0a1c22";
const AUTOMATION_ID: &str = "01936f70-1b2c-7a3d-8e4f-5a6b7c8d9e0f";
const KEY_ID: &str = "01936f71-2c3d-7b4e-9f50-6b7c8d9e0f1a";
const AT: &str = "2026-11-30T09:15:00Z";

fn user() -> Value {
    json!({"id": USER_ID, "account_id": ACCOUNT_ID, "email": "ada@example.com", "role": "admin",
           "disabled": false, "created_at": AT, "updated_at": AT})
}

fn account() -> Value {
    json!({"id": ACCOUNT_ID, "name": "Acme", "kind": "standard", "parent_id": null, "created_at": AT})
}

fn connection() -> Value {
    json!({"id": CONNECTION_ID, "account_id": ACCOUNT_ID, "account_name": "Acme",
           "shared_with_children": false, "app": "github", "app_name": "GitHub", "name": "Default",
           "status": "active", "status_reason": null, "identity": "octocat", "notes": "CI bot token",
           "fields": {"token": "••••••••"}, "version": 3, "token_expires_at": null,
           "last_used_at": AT, "created_at": AT, "updated_at": AT,
           "tags": {"end_user_id": "42", "team": "sales"}, "metadata": {"plan": "pro"},
           "end_user": {"id": "42", "email": "ada@customer.example", "display_name": "Ada Lovelace"}})
}

const SESSION_ID: &str = "01936f72-3d4e-7c5f-8a61-7c8d9e0f1a2b";

fn end_user() -> Value {
    json!({"id": "42", "email": "ada@customer.example", "display_name": "Ada Lovelace"})
}

fn connect_session() -> Value {
    json!({"id": SESSION_ID, "status": "used", "end_user": end_user(), "allowed_apps": ["github", "slack"],
           "tags": {"end_user_id": "42", "team": "sales"}, "metadata": {"plan": "pro"}, "connection_id": null,
           "scopes": {"slack": ["chat:write", "channels:read"]},
           "success_url": "https://app.example.com/integrations/done", "error_url": "https://app.example.com/integrations/failed",
           "allowed_origins": ["https://app.example.com"], "expires_at": AT, "created_at": AT, "used_at": AT,
           "result_connection_id": CONNECTION_ID, "last_error": null})
}

fn automation() -> Value {
    json!({"id": AUTOMATION_ID, "account_id": ACCOUNT_ID, "name": "Nightly sync", "status": "active",
           "paused_reason": null, "connection_ids": [CONNECTION_ID], "version": 1,
           "created_at": AT, "updated_at": AT})
}

fn api_key() -> Value {
    json!({"id": KEY_ID, "name": "CI runner", "prefix": "sbk_7Hq2", "scopes": ["connections:read", "proxy"],
           "created_by": USER_ID, "created_at": AT, "last_used_at": null})
}

fn webhook() -> Value {
    json!({"id": "01936f72-5a10-7b2c-9d3e-4f5a6b7c8d9e", "url": "https://hooks.example.com/switchboard",
           "description": "Alerts for the platform team",
           "event_types": ["connection.needs_reconnect", "connection.recovered"], "enabled": true,
           "disabled_reason": null, "failing_since": null, "previous_secret_expires_at": null,
           "created_at": AT, "updated_at": AT})
}

fn delivery() -> Value {
    json!({"id": "01936f72-6b21-7c3d-8e4f-5a6b7c8d9e0f", "event_id": "01936f72-3d4e-7c5f-a061-7c8d9e0f1a2c",
           "event_type": "connection.needs_reconnect", "status": "pending", "attempts": 2,
           "last_status_code": 503, "last_error": "the endpoint answered 503 Service Unavailable",
           "latency_ms": 41, "next_attempt_at": AT, "created_at": AT, "updated_at": AT})
}

fn rate_limit() -> Value {
    json!({"requests": 5000, "per_seconds": 3600, "burst": 100})
}

fn app_definition() -> Value {
    json!({"slug": "local-crm", "name": "Local CRM", "category": "crm",
           "description": "The CRM of the sales team.", "base_url": "https://crm.example.com/api",
           "docs_url": "https://crm.example.com/docs",
           "auth": {"type": "api_key",
                    "fields": [{"key": "api_token", "label": "API token", "secret": true, "required": true,
                                "help": "Settings → API"}],
                    "inject": [{"in": "header", "name": "Authorization", "value": "Bearer {{api_token}}"}]},
           "rate_limit": {"requests": 10, "per_seconds": 1, "burst": 5}, "rate_limit_note": null,
           "test": {"method": "GET", "path": "/me", "expect_status": 200},
           "identity": {"method": "GET", "path": "/me", "pointer": "/email"}})
}

/// Examples by component schema.
fn examples() -> Vec<(&'static str, Value)> {
    let mut updated = user();
    updated["sessions_ended"] = json!(true);
    updated["api_keys_revoked"] = json!(2);
    vec![
        ("AppDefinition", app_definition()),
        (
            "DeletedAccount",
            json!({"id": ACCOUNT_ID, "accounts": 2, "users": 3, "connections": 12, "automations": 4}),
        ),
        (
            "KeyStatus",
            json!({"master_keys": [
                                {"fingerprint": "5d41402abc4b2a76b9719d911017c592", "current": true, "data_keys": 12},
                                {"fingerprint": "7d793037a0760186574b0282f2f435e7", "current": false, "data_keys": 0}],
                             "data_key_versions": [{"account_id": ACCOUNT_ID, "version": 1, "rows": 40}],
                             "pending_rows": 0, "sweeps": []}),
        ),
        ("RotateDataKeysRequest", json!({"account_id": ACCOUNT_ID})),
        ("Webhook", webhook()),
        (
            "WebhookList",
            json!({"items": [webhook()], "next_cursor": null}),
        ),
        (
            "CreateWebhookRequest",
            json!({"url": "https://hooks.example.com/switchboard",
                   "event_types": ["connection.needs_reconnect", "connection.recovered"],
                   "description": "Alerts for the platform team"}),
        ),
        ("UpdateWebhookRequest", json!({"enabled": true})),
        (
            "CreatedWebhook",
            json!({"webhook": webhook(), "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}),
        ),
        (
            "RotatedWebhookSecret",
            json!({"secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "previous_secret_expires_at": AT}),
        ),
        ("WebhookDelivery", delivery()),
        (
            "WebhookDeliveryList",
            json!({"items": [delivery()], "next_cursor": null}),
        ),
        (
            "EventPage",
            json!({"items": [{"id": "01936f72-3d4e-7c5f-a061-7c8d9e0f1a2c", "type": "connection.needs_reconnect",
                              "timestamp": AT, "account_id": ACCOUNT_ID,
                              "connection": {"id": CONNECTION_ID, "app": "slack", "name": "Default", "status": "needs_reconnect"},
                              "actor": null, "data": {"reason": "The provider refused the refresh token (invalid_grant)."}}],
                   "next_cursor": "eyJpZCI6IjAxOTM2ZjcyIn0"}),
        ),
        (
            "ExportConnectionsRequest",
            json!({"current_password": "correct horse battery staple", "passphrase": "a long export passphrase"}),
        ),
        (
            "ImportReport",
            json!({"created": 2, "skipped": 1, "renamed": 0, "replaced": 0, "failed": 1, "items": [
                {"kind": "connection", "name": "Default", "app": "github", "outcome": "created", "id": CONNECTION_ID},
                {"kind": "connection", "name": "Team", "app": "github", "outcome": "created", "id": CONNECTION_ID},
                {"kind": "connection", "name": "Sales", "app": "hubspot", "outcome": "skipped", "id": CONNECTION_ID, "reason": "imported before"},
                {"kind": "automation", "name": "Nightly sync", "outcome": "failed", "reason": "name: must be 1–100 characters"}]}),
        ),
        (
            "DataKeyRotation",
            json!({"sweeps": [{"account_id": ACCOUNT_ID, "from_version": 1, "to_version": 2,
                               "done_rows": 0, "total_rows": 40, "state": "running"}]}),
        ),
        (
            "AppList",
            json!({"items": [{"slug": "github", "name": "GitHub", "category": "developer-tools",
                                      "description": "Repositories, issues and pull requests.",
                                      "auth_type": "api_key", "source": "builtin"}], "next_cursor": null}),
        ),
        (
            "AuditPage",
            json!({"items": [{"id": "01936f72-3d4e-7c5f-a061-7c8d9e0f1a2b", "account_id": ACCOUNT_ID,
                                        "actor": "ada@example.com", "actor_user_id": USER_ID, "actor_api_key_id": null,
                                        "action": "connection.reveal", "target_type": "connection",
                                        "target_id": CONNECTION_ID, "client_addr": "203.0.113.7", "details": {},
                                        "created_at": AT}], "next_cursor": null}),
        ),
        (
            "AuthorizeResponse",
            json!({"authorize_url": "https://slack.com/oauth/v2/authorize?client_id=1234.5678&state=…", "expires_in": 600}),
        ),
        (
            "ConnectionUsage",
            json!({"items": [{"id": AUTOMATION_ID, "name": "Nightly sync", "status": "active",
                                             "account_id": ACCOUNT_ID, "account_name": "Acme"}]}),
        ),
        (
            "ConnectionHealth",
            json!({"schedule": "scheduled", "next_check_at": "2026-12-01T09:12:44Z", "interval_seconds": 86400,
                   "checks": [{"checked_at": AT, "kind": "test", "source": "scheduled", "ok": true,
                               "latency_ms": 184, "upstream_status": 200, "message": "GitHub accepted the credentials."}]}),
        ),
        (
            "UsageReport",
            json!({"from": "2026-11-24T10:00:00Z", "calls": 1290, "limited": 12,
                   "hours": [{"hour": "2026-11-30T09:00:00Z", "calls": 1290, "limited": 12}]}),
        ),
        (
            "CreatedAccount",
            json!({"account": account(), "admin": user()}),
        ),
        ("Health", json!({"status": "ok"})),
        (
            "OAuthClientInfo",
            json!({"app": "slack", "configured": true, "client_id": "1234.5678",
                                   "callback_url": "https://switchboard.example.com/api/v1/oauth/callback"}),
        ),
        ("SetupStatus", json!({"needed": false})),
        ("UpdatedUser", updated),
        (
            "SetupRequest",
            json!({"token": "3f9c1e…", "email": "ada@example.com", "password": "correct horse battery staple"}),
        ),
        (
            "LoginRequest",
            json!({"email": "ada@example.com", "password": "correct horse battery staple"}),
        ),
        (
            "TokenResponse",
            json!({"access_token": "eyJhbGciOiJIUzI1NiJ9…", "token_type": "Bearer", "expires_in": 900, "user": user()}),
        ),
        ("User", user()),
        ("UserList", json!({"items": [user()], "next_cursor": null})),
        (
            "CreateUserRequest",
            json!({"email": "grace@example.com", "password": "a long passphrase", "role": "member", "current_password": "correct horse battery staple"}),
        ),
        (
            "UpdateUserRequest",
            json!({"role": "admin", "current_password": "correct horse battery staple"}),
        ),
        (
            "ChangePasswordRequest",
            json!({"current_password": "correct horse battery staple", "new_password": "an even longer passphrase"}),
        ),
        (
            "Me",
            json!({"user": user(), "account": account(), "system_admin": false, "api_key_scopes": null}),
        ),
        ("Account", account()),
        (
            "AccountList",
            json!({"items": [account()], "next_cursor": null}),
        ),
        (
            "CreateAccountRequest",
            json!({"name": "Acme EU", "parent_id": ACCOUNT_ID, "admin": {"email": "eu-admin@example.com", "password": "a long passphrase"}, "current_password": "correct horse battery staple"}),
        ),
        (
            "CreateApiKeyRequest",
            json!({"name": "CI runner", "scopes": ["connections:read", "proxy"], "current_password": "correct horse battery staple"}),
        ),
        ("ApiKey", api_key()),
        (
            "ApiKeyList",
            json!({"items": [api_key()], "next_cursor": null}),
        ),
        (
            "CreatedApiKey",
            json!({"api_key": api_key(), "key": "sbk_7Hq2…"}),
        ),
        (
            "CreateConnectionRequest",
            json!({"app": "github", "name": "CI bot", "fields": {"token": "ghp_…"}, "test": true, "tags": {"end_user_id": "42"}}),
        ),
        (
            "UpdateConnectionRequest",
            json!({"name": "CI bot (old)", "notes": "Rotates every 90 days", "shared_with_children": true}),
        ),
        (
            "UpdateFieldsRequest",
            json!({"fields": {"token": "ghp_…"}, "test": true}),
        ),
        (
            "RevealRequest",
            json!({"password": "correct horse battery staple"}),
        ),
        ("RevealResponse", json!({"fields": {"token": "ghp_…"}})),
        ("Connection", connection()),
        (
            "ConnectionPage",
            json!({"items": [connection()], "next_cursor": "eyJiYW5kIjowfQ"}),
        ),
        (
            "TestOutcome",
            json!({"ok": true, "message": "GitHub answered 200.", "upstream_status": 200, "identity": "octocat"}),
        ),
        (
            "DeletedConnection",
            json!({"id": CONNECTION_ID, "paused_automations": []}),
        ),
        (
            "CredentialsResponse",
            json!({"connection_id": CONNECTION_ID, "app": "github", "fields": {"token": "ghp_…"}, "expires_at": null}),
        ),
        ("RateLimit", rate_limit()),
        (
            "RateLimitInfo",
            json!({"effective": rate_limit(), "source": "app", "app_default": rate_limit(), "override": null, "remaining": 97, "backend": "memory"}),
        ),
        (
            "CreateAutomationRequest",
            json!({"name": "Nightly sync", "connection_ids": [CONNECTION_ID], "status": "active"}),
        ),
        (
            "UpdateAutomationRequest",
            json!({"status": "paused", "paused_reason": "Waiting for the new token"}),
        ),
        ("Automation", automation()),
        (
            "AutomationList",
            json!({"items": [automation()], "next_cursor": null}),
        ),
        (
            "OAuthClientRequest",
            json!({"client_id": "Iv1.8a61f9b3a7aba766", "client_secret": "…", "current_password": "correct horse battery staple"}),
        ),
        (
            "CreateConnectSessionRequest",
            json!({"end_user": end_user(), "allowed_apps": ["github", "slack"], "tags": {"team": "sales"},
                   "success_url": "https://app.example.com/integrations/done",
                   "error_url": "https://app.example.com/integrations/failed",
                   "allowed_origins": ["https://app.example.com"], "ttl_seconds": 1800}),
        ),
        (
            "ConnectSessionCreated",
            json!({"id": SESSION_ID, "token": "sbc_6m0Qy1T2mJ7uXr9kq3Zb8Vn4Lw5Pc2Hs1Df0Ga7Ke6",
                   "connect_url": "https://switchboard.example.com/connect/sbc_6m0Qy1T2mJ7uXr9kq3Zb8Vn4Lw5Pc2Hs1Df0Ga7Ke6",
                   "expires_at": AT}),
        ),
        ("ConnectSession", connect_session()),
        ("EndUser", end_user()),
        (
            "ConnectPage",
            json!({"session_id": SESSION_ID, "account_name": "Acme", "end_user": end_user(), "status": "pending",
                   "apps": [{"slug": "github", "name": "GitHub", "category": "developer", "sign_in": false, "first": true},
                            {"slug": "slack", "name": "Slack", "category": "communication", "sign_in": true, "first": false}],
                   "reconnect": null, "result_connection_id": null, "last_error": null,
                   "success_url": "https://app.example.com/integrations/done", "error_url": null,
                   "allowed_origins": ["https://app.example.com"], "expires_at": AT}),
        ),
        (
            "ConnectFieldsRequest",
            json!({"app": "github", "name": "Ada's GitHub", "fields": {"token": "ghp_…"}}),
        ),
        (
            "ConnectAuthorizeRequest",
            json!({"app": "slack", "name": "Ada's workspace"}),
        ),
        (
            "ConnectDone",
            json!({"connect_session_id": SESSION_ID, "connection_id": CONNECTION_ID}),
        ),
        (
            "AuthorizeRequest",
            json!({"app": "slack", "name": "Support workspace"}),
        ),
        (
            "Problem",
            json!({"type": "urn:switchboard:problem:version_mismatch", "title": "Precondition failed", "status": 412,
                           "detail": "The resource changed since you read it (If-Match does not match its ETag). Read it again and retry.",
                           "code": "version_mismatch", "request_id": "0b6f4c2e-51d4-4a8e-9d0c-2f7f3c1e8a90"}),
        ),
    ]
}

pub fn declare(components: &mut Components) {
    for (name, example) in examples() {
        let Some(RefOr::T(schema)) = components.schemas.get_mut(name) else {
            continue;
        };
        match schema {
            Schema::Object(o) => o.examples = vec![example],
            Schema::OneOf(o) => o.examples = vec![example],
            Schema::AllOf(o) => o.examples = vec![example],
            Schema::AnyOf(o) => o.examples = vec![example],
            Schema::Array(a) => a.examples = vec![example],
            _ => {}
        }
    }
}
