//! Applying the items of an export (or of an n8n credentials file) to an account:
//! apps first, then connections, then automations, each item in its own
//! transaction, each reported (created, skipped, renamed, replaced or failed, with
//! the reason). Nothing is ever dropped silently.
//!
//! A second import of the same file finds what the first created by its origin
//! (`<source>:<id in the file>`, stored on the connection), so with `skip` it
//! creates nothing new. Rule 1 holds: the first connection of an app in the
//! account is named `Default`, and its name in the file goes into its notes.

use std::collections::{BTreeMap, HashMap};

use switchboard_db::models::{AutomationRow, ConnectionRow, StatusChange};
use switchboard_db::repo::{automations, connections as repo};
use switchboard_db::{Db, DbConn};
use switchboard_types::{
    AccountId, AppDefinition, AutomationId, AutomationStatus, ConnectionId, ImportItem,
    ImportItemKind, ImportOutcome, ImportReport, OnConflict, UserId,
};
use uuid::Uuid;

use super::format::{ExportedAutomation, ExportedConnection, Item};
use crate::error::ApiError;
use crate::keyring::KeyRing;
use crate::services::apps;
use crate::services::connections::create::NewConnection;
use crate::services::connections::sealing::public_fields;
use crate::services::connections::update::{store_credentials, NewCredentials};
use crate::services::connections::{ConnectionName, DEFAULT_NAME, MAX_NAME, MAX_NOTES};

/// Where the items go and who brings them.
#[derive(Debug, Clone)]
pub struct Target {
    pub account: AccountId,
    /// The user the new connections are attributed to (`None` from the command line).
    pub actor: Option<UserId>,
    /// Whether apps missing from the catalog may be added (system administrators and
    /// the command line; apps are shared by every account).
    pub may_add_apps: bool,
    /// Who imports, as events name them (`None`: the command line).
    pub actor_label: Option<String>,
}

/// Imports `items` from a file of `source` (`switchboard`, `n8n`) into `target`.
/// Calls `progress` after each item.
pub fn apply(
    db: &Db,
    keys: &KeyRing,
    target: &Target,
    source: &str,
    items: &[Item],
    policy: OnConflict,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportReport, ApiError> {
    let mut report = Report::default();
    let mut done = 0u64;
    for item in items {
        if let Item::App(def) = item {
            let r = db.write_blocking(|c| app(c, target, def));
            let r = settle(r, ImportItemKind::App, &def.name, Some(&def.slug))?;
            report.push(r);
            done += 1;
            progress(done);
        }
    }
    // The connections of the file by their id there: what automations link to.
    let mut mapped: HashMap<&str, ConnectionId> = HashMap::new();
    for item in items {
        if let Item::Connection(conn) = item {
            let origin = format!("{source}:{}", conn.id);
            let (r, id) =
                match db.write_blocking(|c| connection(c, keys, target, conn, &origin, policy)) {
                    Ok(done) => done,
                    Err(e) => {
                        let kind = ImportItemKind::Connection;
                        (settle(Err(e), kind, &conn.name, Some(&conn.app))?, None)
                    }
                };
            if let Some(id) = id {
                mapped.insert(conn.id.as_str(), id);
            }
            report.push(r);
            done += 1;
            progress(done);
        }
    }
    for item in items {
        if let Item::Automation(a) = item {
            let origin = format!("{source}:{}", a.id);
            let r = db.write_blocking(|c| automation(c, target, a, &origin, &mapped, policy));
            let r = settle(r, ImportItemKind::Automation, &a.name, None)?;
            report.push(r);
            done += 1;
            progress(done);
        }
    }
    Ok(report.finish())
}

/// An item whose own write failed (its transaction rolled back) is reported as
/// failed and the import goes on; only a database that cannot be reached stops it.
fn settle(
    r: Result<ImportItem, ApiError>,
    kind: ImportItemKind,
    name: &str,
    app: Option<&str>,
) -> Result<ImportItem, ApiError> {
    match r {
        Err(e @ (ApiError::DatabaseUnavailable | ApiError::CredentialsUnreadable)) => Err(e),
        Err(e) => Ok(outcome(
            kind,
            name,
            app,
            ImportOutcome::Failed,
            None,
            Some(e.summary()),
        )),
        ok => ok,
    }
}

/// The report with items that could not even be read from the file (unknown n8n
/// types, unmappable fields) listed first as failed.
pub fn with_refused(report: ImportReport, refused: Vec<ImportItem>) -> ImportReport {
    let mut r = Report(refused);
    r.0.extend(report.items);
    r.finish()
}

#[derive(Default)]
struct Report(Vec<ImportItem>);

impl Report {
    fn push(&mut self, item: ImportItem) {
        self.0.push(item);
    }

    fn finish(self) -> ImportReport {
        let count = |o: ImportOutcome| self.0.iter().filter(|i| i.outcome == o).count() as u64;
        ImportReport {
            created: count(ImportOutcome::Created),
            skipped: count(ImportOutcome::Skipped),
            renamed: count(ImportOutcome::Renamed),
            replaced: count(ImportOutcome::Replaced),
            failed: count(ImportOutcome::Failed),
            items: self.0,
        }
    }
}

fn outcome(
    kind: ImportItemKind,
    name: &str,
    app: Option<&str>,
    outcome: ImportOutcome,
    id: Option<String>,
    reason: Option<String>,
) -> ImportItem {
    ImportItem {
        kind,
        name: name.to_string(),
        app: app.map(str::to_string),
        outcome,
        id,
        reason,
    }
}

fn app(c: &mut DbConn, t: &Target, def: &AppDefinition) -> Result<ImportItem, ApiError> {
    let done = |o, reason: &str| {
        outcome(
            ImportItemKind::App,
            &def.name,
            Some(&def.slug),
            o,
            Some(def.slug.clone()),
            Some(reason.to_string()),
        )
    };
    if let Some((local, _)) = apps::resolve(c, &def.slug)? {
        let same = serde_json::to_value(&local).ok() == serde_json::to_value(def).ok();
        return Ok(done(
            ImportOutcome::Skipped,
            if same {
                "the same app is in the catalog"
            } else {
                "an app with this slug is in the catalog; its definition here is kept"
            },
        ));
    }
    if !t.may_add_apps {
        return Ok(done(
            ImportOutcome::Failed,
            "the app is not in this catalog, and only a system administrator can add apps",
        ));
    }
    if let Err(e) = apps::validate(def) {
        return Ok(done(ImportOutcome::Failed, &e.summary()));
    }
    apps::insert(c, def, false)?;
    Ok(done(ImportOutcome::Created, "added to the catalog"))
}

/// The values to store for `item` under `def`, or why they cannot be.
fn checked_values(
    def: &AppDefinition,
    item: &ExportedConnection,
) -> Result<BTreeMap<String, String>, String> {
    if def.needs_sign_in() {
        if item.fields.get("access_token").is_none_or(|t| t.is_empty()) {
            return Err("an OAuth connection needs an access_token".into());
        }
        return Ok(item.fields.expose());
    }
    switchboard_catalog::validate_fields(def, &item.fields.expose())
        .map_err(|errors| ApiError::fields(errors).summary())
}

fn connection(
    c: &mut DbConn,
    keys: &KeyRing,
    t: &Target,
    item: &ExportedConnection,
    origin: &str,
    policy: OnConflict,
) -> Result<(ImportItem, Option<ConnectionId>), ApiError> {
    let report = |o, id: Option<ConnectionId>, reason: Option<String>, name: &str| {
        (
            outcome(
                ImportItemKind::Connection,
                name,
                Some(&item.app),
                o,
                id.map(|i| i.to_string()),
                reason,
            ),
            id,
        )
    };
    let failed = |reason: String| {
        Ok(report(
            ImportOutcome::Failed,
            None,
            Some(reason),
            &item.name,
        ))
    };
    // Text the file brings is checked like text the API takes (PostgreSQL cannot
    // store NUL; notes have a size).
    if item.id.is_empty() || item.id.chars().count() > 200 || item.id.contains('\0') {
        return failed("the item has no usable id (1–200 characters)".into());
    }
    if item.notes.chars().count() > MAX_NOTES || item.notes.contains('\0') {
        return failed(format!(
            "notes: must be at most {MAX_NOTES} characters of text"
        ));
    }
    let identity = item
        .identity
        .clone()
        .filter(|i| i.chars().count() <= 500 && !i.contains('\0'));
    let Some((def, _)) = apps::resolve(c, &item.app)? else {
        return failed(format!("{:?} is not an app in this catalog", item.app));
    };
    let values = match checked_values(&def, item) {
        Ok(v) => v,
        Err(reason) => return failed(reason),
    };
    let name = match ConnectionName::parse(&item.name) {
        Ok(n) => n,
        Err(e) => return failed(e.summary()),
    };
    let public = public_fields(&def, &values);
    let credentials = || NewCredentials {
        values: &values,
        public_fields: &public,
        identity: identity.clone(),
        status: StatusChange::active(),
        token_expires_at: item.token_expires_at,
    };

    if let Some(existing) = repo::find_by_origin(c, t.account, origin)? {
        return Ok(match policy {
            OnConflict::Replace => {
                replace(
                    keys,
                    c,
                    &existing,
                    credentials(),
                    origin,
                    t.actor_label.as_deref(),
                )?;
                report(
                    ImportOutcome::Replaced,
                    Some(existing.id),
                    Some("imported before; its credentials were replaced".into()),
                    &existing.name,
                )
            }
            _ => report(
                ImportOutcome::Skipped,
                Some(existing.id),
                Some("imported before".into()),
                &existing.name,
            ),
        });
    }

    repo::lock_naming(c, t.account, &item.app)?;
    let first = repo::count_for_app(c, t.account, &item.app)? == 0;
    let (name, notes, done, reason) = if first {
        let notes = if name.as_str() == DEFAULT_NAME {
            item.notes.clone()
        } else {
            imported_as(&item.notes, name.as_str())
        };
        (
            DEFAULT_NAME.to_string(),
            notes,
            ImportOutcome::Created,
            None,
        )
    } else if let Some(existing) = repo::find_by_name(c, t.account, &item.app, &name.key())? {
        match policy {
            OnConflict::Skip => {
                return Ok(report(
                    ImportOutcome::Skipped,
                    Some(existing.id),
                    Some(format!("a connection named {:?} exists", existing.name)),
                    &existing.name,
                ))
            }
            OnConflict::Replace => {
                replace(
                    keys,
                    c,
                    &existing,
                    credentials(),
                    origin,
                    t.actor_label.as_deref(),
                )?;
                return Ok(report(
                    ImportOutcome::Replaced,
                    Some(existing.id),
                    Some(format!(
                        "the credentials of {:?} were replaced",
                        existing.name
                    )),
                    &existing.name,
                ));
            }
            OnConflict::Rename => {
                let free = free_name(name.as_str(), MAX_NAME, |n| {
                    Ok(repo::find_by_name(c, t.account, &item.app, &n.to_lowercase())?.is_some())
                })?;
                let reason = format!("{:?} exists; imported as {free:?}", name.as_str());
                (
                    free,
                    item.notes.clone(),
                    ImportOutcome::Renamed,
                    Some(reason),
                )
            }
        }
    } else {
        (
            name.into_string(),
            item.notes.clone(),
            ImportOutcome::Created,
            None,
        )
    };
    let row = NewConnection {
        account: t.account,
        app: &item.app,
        name,
        identity,
        public_fields: public.clone(),
        values: &values,
        status: StatusChange::active(),
        created_by: t.actor,
        token_expires_at: item.token_expires_at,
        notes,
        origin: Some(origin.to_string()),
        shared_with_children: item.shared_with_children,
        labels: Default::default(),
        end_user: None,
    }
    .insert(keys, c)?;
    crate::services::events::record(
        c,
        switchboard_types::EventType::ConnectionCreated,
        &row,
        t.actor_label.as_deref(),
        serde_json::json!({"imported_from": origin.split(':').next()}),
    )?;
    let reason = match (def.needs_sign_in(), reason) {
        (true, reason) if switchboard_db::repo::oauth::client(c, &item.app)?.is_none() => Some(
            reason.map_or_else(String::new, |r| format!("{r}; "))
                + "the app has no OAuth client settings here yet: until a system administrator sets them (OAuth apps page), its token cannot be refreshed",
        ),
        (_, reason) => reason,
    };
    Ok(report(done, Some(row.id), reason, &row.name))
}

fn imported_as(notes: &str, name: &str) -> String {
    let line = format!("Imported as {name:?}.");
    if notes.trim().is_empty() {
        line
    } else {
        // Still within the notes' size.
        let room = MAX_NOTES.saturating_sub(line.chars().count() + 1);
        format!("{line}\n{}", notes.chars().take(room).collect::<String>())
    }
}

/// New credentials for a connection that is already here; it remembers the origin.
fn replace(
    keys: &KeyRing,
    c: &mut DbConn,
    existing: &ConnectionRow,
    new: NewCredentials<'_>,
    origin: &str,
    actor: Option<&str>,
) -> Result<(), ApiError> {
    if !store_credentials(keys, c, existing, new)? {
        return Err(ApiError::internal(
            "the connection changed during the import",
        ));
    }
    repo::set_origin(c, existing.id, Some(origin))?;
    crate::services::events::reconnected(
        c,
        existing,
        actor,
        serde_json::json!({"imported_from": origin.split(':').next()}),
    )?;
    Ok(())
}

/// `name (2)`, `name (3)`, …: the first that `taken` does not report, shortened so
/// it stays within `max` characters.
fn free_name(
    name: &str,
    max: usize,
    mut taken: impl FnMut(&str) -> Result<bool, ApiError>,
) -> Result<String, ApiError> {
    for n in 2..1000 {
        let suffix = format!(" ({n})");
        let keep = max.saturating_sub(suffix.chars().count());
        let base: String = name.chars().take(keep).collect();
        let candidate = format!("{}{suffix}", base.trim_end());
        if !taken(&candidate)? {
            return Ok(candidate);
        }
    }
    Err(ApiError::conflict(
        switchboard_types::ErrorCode::NameTaken,
        format!("{name:?} and its numbered variants are all taken"),
    ))
}

fn automation(
    c: &mut DbConn,
    t: &Target,
    item: &ExportedAutomation,
    origin: &str,
    mapped: &HashMap<&str, ConnectionId>,
    policy: OnConflict,
) -> Result<ImportItem, ApiError> {
    let targets: Vec<ConnectionId> = item
        .connection_ids
        .iter()
        .filter_map(|id| mapped.get(id.as_str()).copied())
        .collect();
    let missing = item.connection_ids.len() - targets.len();
    let note = (missing > 0).then(|| format!("{missing} of its connections were not imported"));
    let report = |o, id: AutomationId, name: &str, reason: Option<String>| {
        outcome(
            ImportItemKind::Automation,
            name,
            None,
            o,
            Some(id.to_string()),
            reason.or_else(|| note.clone()),
        )
    };
    let name = item.name.trim();
    if name.is_empty()
        || name.chars().count() > 100
        || name.chars().any(char::is_control)
        || item.id.contains('\0')
    {
        return Ok(outcome(
            ImportItemKind::Automation,
            &item.name,
            None,
            ImportOutcome::Failed,
            None,
            Some("name: must be 1–100 characters, no control characters".into()),
        ));
    }
    if let Some(existing) = automations::find_by_origin(c, t.account, origin)? {
        return Ok(match policy {
            OnConflict::Replace => {
                automations::set_links(c, existing.id, &targets)?;
                report(
                    ImportOutcome::Replaced,
                    existing.id,
                    &existing.name,
                    Some("imported before; its connections were replaced".into()),
                )
            }
            _ => report(
                ImportOutcome::Skipped,
                existing.id,
                &existing.name,
                Some("imported before".into()),
            ),
        });
    }
    let (name, done, reason) = match automations::find_by_name(c, t.account, name)? {
        None => (name.to_string(), ImportOutcome::Created, None),
        Some(existing) => match policy {
            OnConflict::Skip => {
                return Ok(report(
                    ImportOutcome::Skipped,
                    existing.id,
                    &existing.name,
                    Some(format!("an automation named {:?} exists", existing.name)),
                ))
            }
            OnConflict::Replace => {
                automations::set_links(c, existing.id, &targets)?;
                automations::set_origin(c, existing.id, Some(origin))?;
                return Ok(report(
                    ImportOutcome::Replaced,
                    existing.id,
                    &existing.name,
                    Some("its connections were replaced".into()),
                ));
            }
            OnConflict::Rename => {
                let free = free_name(name, 100, |n| {
                    Ok(automations::find_by_name(c, t.account, n)?.is_some())
                })?;
                let reason = format!("{name:?} exists; imported as {free:?}");
                (free, ImportOutcome::Renamed, Some(reason))
            }
        },
    };
    let now = switchboard_db::now();
    let id = AutomationId::from(Uuid::now_v7());
    automations::insert(
        c,
        &AutomationRow {
            id,
            account_id: t.account,
            name: name.clone(),
            status: AutomationStatus::Active,
            paused_reason: None,
            version: 1,
            created_at: now,
            updated_at: now,
            origin: Some(origin.to_string()),
        },
    )?;
    automations::set_links(c, id, &targets)?;
    Ok(report(done, id, &name, reason))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn free_names_fit_the_limit() {
        let long = "é".repeat(MAX_NAME);
        let taken = [format!("{} (2)", "é".repeat(MAX_NAME - 4))];
        let free = free_name(&long, MAX_NAME, |n| Ok(taken.iter().any(|t| t == n))).unwrap();
        assert_eq!(free, format!("{} (3)", "é".repeat(MAX_NAME - 4)));
        assert!(ConnectionName::parse(&free).is_ok());
        assert!(free_name("x", 10, |_| Ok(true)).is_err());
    }
}
