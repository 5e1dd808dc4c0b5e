//! Adding an OAuth2 connection from tokens the platform already holds
//! (`POST /connections` with `oauth`), so its users need not authorise again: an
//! expired access token is refreshed first, the app's test request runs (unless
//! `test: false`), and the tokens are sealed like any others and refreshed from
//! then on with the app's OAuth client.

use std::collections::BTreeMap;

use switchboard_db::models::StatusChange;
use switchboard_db::repo::connections as repo;
use switchboard_types::{
    ApiScope, AppDefinition, AuditAction, Connection, CreateConnectionRequest, ErrorCode,
    EventType, ImportedTokens,
};

use super::create::{check_name, test_failed, NewConnection};
use super::{account_name, to_wire, ConnectionName, Labels, DEFAULT_NAME};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::secret_fields::SecretFields;
use crate::services::audit::{self, Event};
use crate::services::{outbound, tokens};
use crate::state::AppState;

/// An access token expiring sooner than this is refreshed before the test.
const FRESH_FOR_SECS: i64 = 60;

pub(super) async fn create(
    state: &AppState,
    p: &Principal,
    def: AppDefinition,
    slug: String,
    req: CreateConnectionRequest,
    imported: ImportedTokens,
) -> Result<Connection, ApiError> {
    // Account administrators only (an API key acts with its creator's role), and
    // API keys need both scopes.
    p.require_scope(ApiScope::ConnectionsImport)?;
    p.require_admin()?;
    let spec = match def.auth.oauth2.clone() {
        Some(spec) if def.needs_sign_in() => spec,
        _ => {
            return Err(ApiError::field(
                "oauth",
                format!(
                    "{} does not connect by signing in: send its fields instead",
                    def.name
                ),
            ))
        }
    };
    if !req.fields.is_empty() {
        return Err(ApiError::field(
            "fields",
            "must be left out when oauth brings the tokens",
        ));
    }
    if imported.access_token.as_str().trim().is_empty() {
        return Err(ApiError::field("oauth.access_token", "is required"));
    }
    let requested = req.name.as_deref().map(ConnectionName::parse).transpose()?;
    let labels = Labels::parse(req.tags, req.metadata)?;
    check_name(state, p.account_id, &slug, requested.as_ref(), &def.name).await?;

    // Zeroed when dropped, like every decrypted value.
    let mut values = SecretFields::new(BTreeMap::new());
    values.insert(
        "access_token".to_string(),
        imported.access_token.into_inner(),
    );
    if let Some(r) = imported.refresh_token.filter(|r| !r.as_str().is_empty()) {
        values.insert("refresh_token".to_string(), r.into_inner());
    }
    if let Some(s) = imported.scope.clone() {
        values.insert("scope".to_string(), s);
    }
    values.insert("token_type".to_string(), "Bearer".to_string());
    let now = switchboard_db::now();
    let mut expires_at = imported.expires_at.map(|t| t.naive_utc());
    if expires_at.is_some_and(|e| e <= now + chrono::Duration::seconds(FRESH_FOR_SECS)) {
        if !values.contains_key("refresh_token") {
            return Err(ApiError::field(
                "oauth.expires_at",
                "the access token has expired and there is no refresh token to renew it",
            ));
        }
        let answer = tokens::fetch(state, &def, &values, &spec, 3, None)
            .await
            .map_err(|e| ApiError::Unprocessable {
                code: ErrorCode::ConnectionTestFailed,
                detail: format!("{} refused the refresh token: {}", def.name, e.message()),
            })?;
        expires_at = answer.expires_at(switchboard_db::now());
        answer.merge_into(&mut values);
    }
    let run_test = req.test.unwrap_or(true);
    let outcome = outbound::check(state, &def, &values, run_test).await;
    if !outcome.ok {
        return Err(test_failed(&outcome));
    }

    // The tokens show masked; the granted scope is not secret.
    let mut shown = serde_json::json!({"access_token": null});
    if let Some(scope) = values.get("scope") {
        shown["scope"] = serde_json::Value::String(scope.clone());
        shown[super::GRANTED_SCOPES] =
            serde_json::json!(crate::services::oauth::scope_list(&spec, scope));
    }
    let public = shown.to_string();
    let keys = state.keys.clone();
    let p2 = p.clone();
    let app_name = def.name.clone();
    let tested = outcome.upstream_status.is_some();
    let (row, owner) = state
        .db
        .write(move |c| {
            repo::lock_naming(c, p2.account_id, &slug)?;
            let name = match (repo::count_for_app(c, p2.account_id, &slug)?, requested) {
                (0, _) => DEFAULT_NAME.to_string(),
                (_, Some(name)) => name.into_string(),
                (_, None) => return Err(ApiError::field("name", "is required")),
            };
            let row = NewConnection {
                account: p2.account_id,
                app: &slug,
                name,
                identity: outcome.identity.clone(),
                public_fields: public,
                values: &values,
                status: StatusChange::active(),
                created_by: Some(p2.user_id),
                token_expires_at: expires_at,
                notes: String::new(),
                origin: None,
                shared_with_children: false,
                labels,
            }
            .insert(&keys, c)?;
            audit::record(
                c,
                Event::by(&p2, AuditAction::ConnectionCreate, "connection", Some(row.id)).details(
                    serde_json::json!({"app": slug, "name": row.name, "tested": tested, "imported_tokens": true}),
                ),
            )?;
            crate::services::events::record(
                c,
                EventType::ConnectionCreated,
                &row,
                Some(&p2.actor_label()),
                serde_json::json!({"tested": tested, "imported_tokens": true}),
            )?;
            let owner = account_name(c, row.account_id)?;
            Ok::<_, ApiError>((row, owner))
        })
        .await?;
    Ok(to_wire(&row, &app_name, &owner))
}
