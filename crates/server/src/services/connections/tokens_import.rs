//! Adding an OAuth2 connection from tokens the platform already holds
//! (`POST /connections` with `oauth`), so its users need not authorise again: an
//! expired access token is refreshed first, the app's test request runs (unless
//! `test: false`), and the tokens are sealed like any others and refreshed from
//! then on with the app's OAuth client.

use std::collections::BTreeMap;

use switchboard_types::{
    ApiScope, AppDefinition, Connection, CreateConnectionRequest, ErrorCode, ImportedTokens,
};

use super::create::{check_name, store, test_failed, Tested};
use super::{ConnectionName, Labels};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::secret_fields::SecretFields;
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
    let config = req.config.clone().unwrap_or_default();
    let mut errors = switchboard_types::FieldErrors::new();
    for (name, value) in &config {
        if !spec.capture.contains_key(name) {
            errors.insert(
                format!("config.{name}"),
                vec![format!("{} takes no config {name:?}", def.name)],
            );
        } else if value.is_empty()
            || value.chars().count() > switchboard_types::MAX_CONFIG_VALUE_CHARS
            || value.chars().any(char::is_control)
        {
            errors.insert(
                format!("config.{name}"),
                vec!["must be 1–2048 characters without control characters".into()],
            );
        } else {
            values.insert(
                format!("{}{name}", switchboard_types::CONFIG_PREFIX),
                value.clone(),
            );
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
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
            .map_err(|e| match e {
                // The provider failed for now (5xx, 429, timeout): nothing is wrong
                // with the tokens; the import can be sent again.
                tokens::TokenError::Transient(m) => ApiError::UpstreamUnavailable {
                    detail: format!("{} could not renew the token right now: {m}", def.name),
                    retry_after_secs: 5,
                },
                e => ApiError::Unprocessable {
                    code: ErrorCode::ConnectionTestFailed,
                    detail: format!("{} refused the refresh token: {}", def.name, e.message()),
                },
            })?;
        expires_at = answer.expires_at(switchboard_db::now());
        answer.capture_into(&spec, &mut values);
        answer.merge_into(&mut values);
    }
    // What the app's calls need and neither the request nor a refresh brought.
    let missing: switchboard_types::FieldErrors = spec
        .capture
        .keys()
        .filter(|n| !values.contains_key(&format!("{}{n}", switchboard_types::CONFIG_PREFIX)))
        .map(|n| {
            (
                format!("config.{n}"),
                vec![format!("is required: {} calls need it", def.name)],
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::fields(missing));
    }
    let run_test = req.test.unwrap_or(true);
    let outcome = outbound::check(state, &def, &values, run_test).await;
    if !outcome.ok {
        return Err(test_failed(&outcome));
    }

    let public = crate::services::oauth::public_fields(Some(&spec), &values, None);
    store(
        state,
        p,
        &def,
        Tested {
            slug,
            requested,
            identity: outcome.identity,
            tested: outcome.upstream_status.is_some(),
            public_fields: public,
            values,
            token_expires_at: expires_at,
            labels,
            imported_tokens: true,
            connect: None,
        },
    )
    .await
}
