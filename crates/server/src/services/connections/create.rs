//! Adding a key-based (or client-credentials) connection, and the one insert path
//! every new connection takes, OAuth ones included.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use switchboard_catalog::validate_fields;
use switchboard_db::models::{ConnectionRow, StatusChange};
use switchboard_db::repo::connections as repo;
use switchboard_db::{is_unique_violation, DbConn};
use switchboard_types::{
    AccountId, ApiScope, AppDefinition, AppSlug, AuditAction, AuthType, Connection, ConnectionId,
    CreateConnectionRequest, ErrorCode, TestOutcome, UserId,
};
use uuid::Uuid;

use super::sealing::{public_fields, seal};
use super::{
    account_name, apps, name_taken, search_text, sort_key, to_wire, ConnectionName, DEFAULT_NAME,
};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::keyring::KeyRing;
use crate::secret_fields::SecretFields;
use crate::services::audit::{self, Event};
use crate::services::outbound;
use crate::state::AppState;

/// A connection about to be stored: its name is decided, its values are tested.
pub(crate) struct NewConnection<'a> {
    pub account: AccountId,
    pub app: &'a str,
    pub name: String,
    pub identity: Option<String>,
    /// From [`public_fields`]: what the list shows unsealed.
    pub public_fields: String,
    pub values: &'a BTreeMap<String, String>,
    pub status: StatusChange<'a>,
    /// The user who adds it (`None`: the command line).
    pub created_by: Option<UserId>,
    pub token_expires_at: Option<NaiveDateTime>,
    pub notes: String,
    /// Where an imported connection came from.
    pub origin: Option<String>,
    pub shared_with_children: bool,
    /// Checked tags and metadata.
    pub labels: super::Labels,
    /// The end user of a connect session (JSON).
    pub end_user: Option<String>,
}

impl NewConnection<'_> {
    /// Seals the values and inserts the row (inside the caller's transaction). A
    /// name another connection of the app took meanwhile is `name_taken`.
    pub(crate) fn insert(self, keys: &KeyRing, c: &mut DbConn) -> Result<ConnectionRow, ApiError> {
        let id = ConnectionId::from(Uuid::now_v7());
        let (envelope, key_version) = seal(keys, c, self.account, id, self.values)?;
        let now = switchboard_db::now();
        let name_key = self.name.to_lowercase();
        let tags_json = self.labels.tags_json().unwrap_or_else(|| "{}".into());
        let row = ConnectionRow {
            id,
            account_id: self.account,
            app_slug: AppSlug::from(self.app),
            sort_key: sort_key(self.app, &name_key),
            search_text: search_text(&name_key, self.identity.as_deref()),
            name: self.name,
            name_key,
            status: self.status.status,
            status_reason: self.status.status_reason.map(str::to_string),
            status_cause: self.status.status_cause,
            origin: self.origin,
            identity: self.identity,
            notes: self.notes,
            public_fields: self.public_fields,
            envelope,
            key_version,
            version: 1,
            created_by: self.created_by,
            created_at: now,
            updated_at: now,
            last_used_at: None,
            shared_with_children: self.shared_with_children,
            token_expires_at: self.token_expires_at,
            tags: tags_json,
            metadata: self.labels.metadata.unwrap_or_else(|| "{}".into()),
            end_user: self.end_user,
        };
        repo::insert(c, &row).map_err(|e| {
            if is_unique_violation(&e) {
                name_taken()
            } else {
                e.into()
            }
        })?;
        if let Some(tags) = &self.labels.tags {
            repo::set_tags(c, self.account, id, tags)?;
        }
        Ok(row)
    }
}

/// Stores a key-based connection after its test request passed (unless the
/// caller skipped the test). The first connection of an app is named `Default`.
#[tracing::instrument(skip(state, p, req), fields(app = %req.app))]
pub async fn create(
    state: &AppState,
    p: &Principal,
    req: CreateConnectionRequest,
) -> Result<Connection, ApiError> {
    p.require_scope(ApiScope::ConnectionsWrite)?;
    let slug = req.app.trim().to_lowercase();
    if slug.is_empty() {
        return Err(ApiError::field("app", "is required"));
    }
    let def = app_def(state, slug.clone()).await?;
    let mut req = req;
    if let Some(imported) = req.oauth.take() {
        return super::tokens_import::create(state, p, def, slug, req, imported).await;
    }
    key_based(&def, "start")?;
    if req.config.is_some() {
        return Err(ApiError::field(
            "config",
            "is only for OAuth tokens brought with oauth",
        ));
    }
    let mut values = validate_fields(&def, &req.fields).map_err(ApiError::fields)?;
    let requested = req.name.as_deref().map(ConnectionName::parse).transpose()?;
    let labels = super::Labels::parse(req.tags, req.metadata)?;
    // Decide the name before any outbound call, so a bad name fails fast.
    check_name(state, p.account_id, &slug, requested.as_ref(), &def.name).await?;

    let (token_expires_at, outcome) =
        tested(state, &def, &mut values, req.test.unwrap_or(true)).await?;

    let public = public_fields(&def, &values);
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
            values: SecretFields::new(values),
            token_expires_at,
            labels,
            imported_tokens: false,
            connect: None,
        },
    )
    .await
}

/// A new connection whose values passed their test (or skipped it on request).
pub(crate) struct Tested {
    pub slug: String,
    /// The name asked for; the app's first connection is `Default` whatever it is.
    pub requested: Option<ConnectionName>,
    pub identity: Option<String>,
    /// Whether the test request ran.
    pub tested: bool,
    pub public_fields: String,
    pub values: SecretFields,
    pub token_expires_at: Option<NaiveDateTime>,
    pub labels: super::Labels,
    /// Tokens brought by the caller (`oauth`), noted in the audit row and event.
    pub imported_tokens: bool,
    /// Made on the hosted connect page.
    pub connect: Option<ConnectUse>,
}

/// A connection made on the hosted connect page: the session it uses up (in the
/// same transaction) and the end user it is for (JSON).
pub(crate) struct ConnectUse {
    pub session_id: switchboard_types::ConnectSessionId,
    pub end_user: String,
}

/// Names and stores a tested connection in one transaction, with its audit row
/// and `connection.created` event.
pub(crate) async fn store(
    state: &AppState,
    p: &Principal,
    def: &AppDefinition,
    new: Tested,
) -> Result<Connection, ApiError> {
    let keys = state.keys.clone();
    let p2 = p.clone();
    let app_name = def.name.clone();
    let (row, owner) = state
        .db
        .write(move |c| {
            let Tested {
                slug,
                requested,
                identity,
                tested,
                public_fields,
                values,
                token_expires_at,
                labels,
                imported_tokens,
                connect,
            } = new;
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
                identity,
                public_fields,
                values: &values,
                status: StatusChange::active(),
                created_by: Some(p2.user_id),
                token_expires_at,
                notes: String::new(),
                origin: None,
                shared_with_children: false,
                labels,
                end_user: connect.as_ref().map(|u| u.end_user.clone()),
            }
            .insert(&keys, c)?;
            if let Some(u) = &connect {
                crate::services::connect::consume(c, u.session_id, row.id, false)?;
            }
            let mut audited = serde_json::json!({"app": slug, "name": row.name, "tested": tested});
            let mut data = serde_json::json!({"tested": tested});
            if imported_tokens {
                audited["imported_tokens"] = true.into();
                data["imported_tokens"] = true.into();
            }
            audit::record(
                c,
                Event::by(
                    &p2,
                    AuditAction::ConnectionCreate,
                    "connection",
                    Some(row.id),
                )
                .details(audited),
            )?;
            crate::services::events::record(
                c,
                switchboard_types::EventType::ConnectionCreated,
                &row,
                Some(&p2.actor_label()),
                data,
            )?;
            let owner = account_name(c, row.account_id)?;
            Ok::<_, ApiError>((row, owner))
        })
        .await?;
    Ok(to_wire(&row, &app_name, &owner))
}

/// Apps that connect through the OAuth sign-in take no fields here; `how` is
/// `start` or `reconnect` in the answer that says where to go instead.
pub(crate) fn key_based(def: &AppDefinition, how: &str) -> Result<(), ApiError> {
    if def.needs_sign_in() {
        return Err(ApiError::Unprocessable {
            code: ErrorCode::OauthRequired,
            detail: format!(
                "{} connects through OAuth2: {how} with POST /api/v1/oauth/authorize.",
                def.name
            ),
        });
    }
    Ok(())
}

/// Fetches a client-credentials token and runs the app's test request (unless
/// `run_test` is off); a failed test is an error. Returns the token's expiry and
/// the outcome (its identity, when the app tells one).
pub(crate) async fn tested(
    state: &AppState,
    def: &AppDefinition,
    values: &mut BTreeMap<String, String>,
    run_test: bool,
) -> Result<(Option<NaiveDateTime>, TestOutcome), ApiError> {
    let token_expires_at = client_credentials_token(state, def, values, run_test).await?;
    let outcome = outbound::check(state, def, values, run_test).await;
    if !outcome.ok {
        return Err(test_failed(&outcome));
    }
    Ok((token_expires_at, outcome))
}

/// The second connection of an app needs a name, and a name must be free.
pub(crate) async fn check_name(
    state: &AppState,
    account: AccountId,
    app: &str,
    requested: Option<&ConnectionName>,
    app_name: &str,
) -> Result<(), ApiError> {
    let app = app.to_string();
    let wanted_key = requested.map(ConnectionName::key);
    let (count, taken) = state
        .db
        .read(move |c| {
            let n = repo::count_for_app(c, account, &app)?;
            let taken = match &wanted_key {
                Some(k) if n > 0 => repo::name_taken(c, account, &app, k, None)?,
                _ => false,
            };
            Ok::<_, ApiError>((n, taken))
        })
        .await?;
    if count > 0 && requested.is_none() {
        return Err(ApiError::field(
            "name",
            format!("is required: this account already has a {app_name} connection"),
        ));
    }
    if taken {
        return Err(name_taken());
    }
    Ok(())
}

pub(crate) async fn app_def(state: &AppState, slug: String) -> Result<AppDefinition, ApiError> {
    let found = state.db.read(move |c| apps::resolve(c, &slug)).await?;
    found
        .map(|(d, _)| d)
        .ok_or_else(|| ApiError::field("app", "is not an app in the catalog"))
}

/// Client-credentials apps: fetches the first token with the given client (unless the
/// caller skipped contacting the app; then the first use fetches it). A refusal is a
/// failed test.
async fn client_credentials_token(
    state: &AppState,
    def: &AppDefinition,
    values: &mut BTreeMap<String, String>,
    run_test: bool,
) -> Result<Option<chrono::NaiveDateTime>, ApiError> {
    let Some(spec) = def.auth.oauth2.as_ref() else {
        return Ok(None);
    };
    if def.auth.type_ != AuthType::Oauth2 || !run_test {
        return Ok(None);
    }
    let answer = crate::services::tokens::fetch(state, def, values, spec, 2, None)
        .await
        .map_err(|e| ApiError::Unprocessable {
            code: ErrorCode::ConnectionTestFailed,
            detail: format!("{}.", e.message()),
        })?;
    let expires = answer.expires_at(switchboard_db::now());
    answer.merge_into(values);
    Ok(expires)
}

pub(super) fn test_failed(o: &TestOutcome) -> ApiError {
    ApiError::Unprocessable {
        code: ErrorCode::ConnectionTestFailed,
        detail: o.message.clone(),
    }
}
