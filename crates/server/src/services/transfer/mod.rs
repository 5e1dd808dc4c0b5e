//! Moving credentials between instances: an account's connections, automations
//! and the custom apps they use, exported to a passphrase-encrypted age file and
//! imported into an account elsewhere ([`format`], [`export`], [`import`]).
//!
//! The web API and the command line share these functions. Opening or writing a
//! file costs scrypt's 256 MiB for about a second, so a server does one at a time.

pub mod export;
pub mod format;
pub mod import;
pub mod n8n;

use secrecy::ExposeSecret as _;
use switchboard_types::{
    AuditAction, ErrorCode, ExportConnectionsRequest, ImportReport, ImportSource, OnConflict,
    Redacted,
};
use tokio::sync::Semaphore;

use crate::auth::{step_up, Principal};
use crate::error::ApiError;
use crate::services::audit::{self, Event};
use crate::state::AppState;

/// One scrypt (256 MiB) at a time per server process.
static SCRYPT: Semaphore = Semaphore::const_new(1);

/// A passphrase good enough to protect a file of credentials.
pub fn check_passphrase(p: &str) -> Result<(), ApiError> {
    let n = p.chars().count();
    if !(format::MIN_PASSPHRASE..=format::MAX_PASSPHRASE).contains(&n) {
        return Err(ApiError::field(
            "passphrase",
            format!(
                "must be {}–{} characters",
                format::MIN_PASSPHRASE,
                format::MAX_PASSPHRASE
            ),
        ));
    }
    Ok(())
}

/// `POST /connections/export`: the caller's account as an encrypted file (account
/// administrators, their password again; audited). Returns the file and its name.
#[tracing::instrument(skip_all)]
pub async fn export(
    state: &AppState,
    p: &Principal,
    req: ExportConnectionsRequest,
) -> Result<(Vec<u8>, String), ApiError> {
    p.require_user_session()?;
    p.require_admin()?;
    step_up::require(
        state,
        p,
        req.current_password.as_ref().map(Redacted::as_str),
    )
    .await?;
    check_passphrase(req.passphrase.as_str())?;
    let _one = SCRYPT.acquire().await.map_err(ApiError::internal)?;
    let (keys, account) = (state.keys.clone(), p.account_id);
    let passphrase = zeroize::Zeroizing::new(req.passphrase.as_str().to_string());
    let (bytes, counts) = state
        .db
        .read(move |c| export::write(c, &keys, account, Vec::new(), &passphrase, &mut |_| {}))
        .await?;
    let p2 = p.clone();
    state
        .db
        .write(move |c| {
            audit::record(
                c,
                Event::by(
                    &p2,
                    AuditAction::ConnectionsExport,
                    "account",
                    Some(p2.account_id),
                )
                .details(serde_json::json!({
                    "connections": counts.connections, "automations": counts.automations,
                    "apps": counts.apps,
                })),
            )
        })
        .await?;
    let name = format!(
        "switchboard-export-{}.age",
        switchboard_db::now().format("%Y%m%d-%H%M%S")
    );
    Ok((bytes, name))
}

/// `POST /connections/import`: a file into the caller's account (account
/// administrators; audited). A file that cannot be read imports nothing.
#[tracing::instrument(skip_all, fields(source = source.as_str()))]
pub async fn import(
    state: &AppState,
    p: &Principal,
    source: ImportSource,
    file: Vec<u8>,
    passphrase: Option<secrecy::SecretString>,
    policy: OnConflict,
) -> Result<ImportReport, ApiError> {
    p.require_user_session()?;
    p.require_admin()?;
    let mut refused = Vec::new();
    let items = match source {
        ImportSource::Switchboard => {
            let passphrase = passphrase
                .filter(|s| !s.expose_secret().is_empty())
                .ok_or_else(|| ApiError::field("passphrase", "is required"))?;
            let _one = SCRYPT.acquire().await.map_err(ApiError::internal)?;
            tokio::task::spawn_blocking(move || {
                format::read_all(file.as_slice(), passphrase.expose_secret())
            })
            .await
            .map_err(ApiError::internal)?
            .map_err(unreadable)?
            .1
        }
        ImportSource::N8n => {
            let apps = state
                .db
                .read(crate::services::apps::all)
                .await?
                .into_iter()
                .map(|(k, (d, _))| (k, d))
                .collect();
            let read = tokio::task::spawn_blocking(move || n8n::read(file.as_slice(), &apps))
                .await
                .map_err(ApiError::internal)?
                .map_err(unreadable)?;
            refused = read.refused;
            read.items
        }
    };
    let target = import::Target {
        account: p.account_id,
        actor: Some(p.user_id),
        may_add_apps: p.system_admin,
        actor_label: Some(p.actor_label()),
    };
    let (db, keys) = (state.db.clone(), state.keys.clone());
    let report = tokio::task::spawn_blocking(move || {
        import::apply(
            &db,
            &keys,
            &target,
            source.as_str(),
            &items,
            policy,
            &mut |_| {},
        )
    })
    .await
    .map_err(ApiError::internal)??;
    let report = import::with_refused(report, refused);
    let p2 = p.clone();
    let summary = serde_json::json!({
        "source": source.as_str(), "on_conflict": policy.as_str(),
        "created": report.created, "skipped": report.skipped, "renamed": report.renamed,
        "replaced": report.replaced, "failed": report.failed,
    });
    state
        .db
        .write(move |c| {
            audit::record(
                c,
                Event::by(
                    &p2,
                    AuditAction::ConnectionsImport,
                    "account",
                    Some(p2.account_id),
                )
                .details(summary),
            )
        })
        .await?;
    Ok(report)
}

/// A file that cannot be read: 422 `import_unreadable` with the reason.
pub fn unreadable(e: impl std::fmt::Display) -> ApiError {
    ApiError::Unprocessable {
        code: ErrorCode::ImportUnreadable,
        detail: format!("{e}; nothing was imported."),
    }
}
