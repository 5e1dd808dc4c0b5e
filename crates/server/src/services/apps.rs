//! The catalog as the server sees it: built-in definitions, overridden or extended
//! by system administrators (rows in `apps`).

use std::collections::BTreeMap;

use switchboard_catalog as catalog;
use switchboard_db::models::AppRow;
use switchboard_db::repo::apps as repo;
use switchboard_db::DbConn;
use switchboard_types::{
    AppDefinition, AppList, AppSlug, AppSource, AppSummary, AuditAction, ErrorCode,
};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::audit::{self, Event};
use crate::services::pagination;
use crate::state::AppState;

/// Query of `GET /api/v1/apps`.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AppQuery {
    /// Matches name and slug (prefix matches first), case-insensitive.
    pub q: Option<String>,
    /// Only apps of this category.
    pub category: Option<String>,
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page (opaque).
    pub cursor: Option<String>,
}

/// The catalog, searched: apps whose name or slug starts with `q` first, then by
/// name, in pages (positions are (rank, name, slug), so a page never repeats or
/// skips an app that stays in the catalog).
pub async fn list(state: &AppState, q: AppQuery) -> Result<AppList, ApiError> {
    let limit = pagination::limit(q.limit)?;
    let after: Option<(u8, String, String)> = pagination::position(q.cursor.as_deref())?;
    let needle =
        q.q.as_deref()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty());
    let all = state.db.read(all).await?;
    let mut items: Vec<((u8, String, String), AppSummary)> = all
        .values()
        .filter(|(d, _)| q.category.as_ref().is_none_or(|c| &d.category == c))
        .filter_map(|(d, src)| {
            let rank = match &needle {
                Some(n) => catalog::match_rank(&d.name, &d.slug, n)?,
                None => 0,
            };
            let key = (rank, d.name.to_lowercase(), d.slug.clone());
            Some((key, catalog::summary(d, *src)))
        })
        .filter(|(key, _)| after.as_ref().is_none_or(|a| key > a))
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let (page, next) = pagination::finish(items, limit, |(key, _)| key.clone());
    Ok(AppList {
        items: page.into_iter().map(|(_, s)| s).collect(),
        next_cursor: next,
    })
}

fn builtin() -> Result<&'static BTreeMap<String, AppDefinition>, ApiError> {
    catalog::builtin().map_err(|e| ApiError::internal(format!("built-in catalog: {e}")))
}

fn parse_row(row: &AppRow) -> Result<AppDefinition, ApiError> {
    serde_json::from_str(&row.definition)
        .map_err(|e| ApiError::internal(format!("stored app {}: {e}", row.slug)))
}

/// One app by slug: a stored definition wins over the built-in one.
pub fn resolve(
    conn: &mut DbConn,
    slug: &str,
) -> Result<Option<(AppDefinition, AppSource)>, ApiError> {
    if let Some(row) = repo::find(conn, slug)? {
        let source = if row.overrides_builtin {
            AppSource::Modified
        } else {
            AppSource::Custom
        };
        return Ok(Some((parse_row(&row)?, source)));
    }
    Ok(builtin()?
        .get(slug)
        .map(|d| (d.clone(), AppSource::Builtin)))
}

/// Every app, keyed by slug.
pub fn all(conn: &mut DbConn) -> Result<BTreeMap<String, (AppDefinition, AppSource)>, ApiError> {
    let mut out: BTreeMap<String, (AppDefinition, AppSource)> = builtin()?
        .iter()
        .map(|(k, v)| (k.clone(), (v.clone(), AppSource::Builtin)))
        .collect();
    for row in repo::list(conn)? {
        let source = if row.overrides_builtin {
            AppSource::Modified
        } else {
            AppSource::Custom
        };
        match parse_row(&row) {
            Ok(def) => {
                out.insert(row.slug.to_string(), (def, source));
            }
            Err(e) => {
                tracing::error!(slug = %row.slug, error = %e, "skipping unreadable stored app")
            }
        }
    }
    Ok(out)
}

/// App names as [`names`] gives them, remembered for 2 s and only while no write
/// finished on this server (a changed custom app reaches other replicas within the
/// 2 s). A list page needs them for every row; reading and parsing every custom
/// definition per page was a tenth of a list request's time.
#[derive(Default)]
pub struct NameCache(std::sync::Mutex<Option<(u64, std::time::Instant, Names)>>);

/// App names by slug, shared.
pub type Names = std::sync::Arc<BTreeMap<String, String>>;

impl NameCache {
    const TTL: std::time::Duration = std::time::Duration::from_secs(2);

    /// The names as of `epoch` (`Db::writes` read before the transaction began).
    pub fn get(&self, conn: &mut DbConn, epoch: u64) -> Result<Names, ApiError> {
        let lock = || self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((e, at, names)) = lock().as_ref() {
            if *e == epoch && at.elapsed() < Self::TTL {
                return Ok(names.clone());
            }
        }
        let names = Names::new(names(conn)?);
        *lock() = Some((epoch, std::time::Instant::now(), names.clone()));
        Ok(names)
    }
}

/// Every app's name by slug, without copying definitions (for listings).
pub fn names(conn: &mut DbConn) -> Result<BTreeMap<String, String>, ApiError> {
    let mut out: BTreeMap<String, String> = builtin()?
        .iter()
        .map(|(k, v)| (k.clone(), v.name.clone()))
        .collect();
    for row in repo::list(conn)? {
        if let Ok(def) = parse_row(&row) {
            out.insert(row.slug.into_string(), def.name);
        }
    }
    Ok(out)
}

/// Validates a definition from the API.
pub fn validate(def: &AppDefinition) -> Result<(), ApiError> {
    let errors = catalog::validate_definition(def, catalog::Strictness::Custom);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::fields(errors))
    }
}

pub fn is_builtin(slug: &str) -> Result<bool, ApiError> {
    Ok(builtin()?.contains_key(slug))
}

pub fn insert(
    conn: &mut DbConn,
    def: &AppDefinition,
    overrides_builtin: bool,
) -> Result<(), ApiError> {
    let now = switchboard_db::now();
    repo::insert(
        conn,
        &AppRow {
            slug: AppSlug::from(def.slug.as_str()),
            definition: serde_json::to_string(def).map_err(ApiError::internal)?,
            overrides_builtin,
            created_at: now,
            updated_at: now,
        },
    )
    .map_err(|e| {
        if switchboard_db::is_unique_violation(&e) {
            ApiError::conflict(ErrorCode::AppExists, "An app with this slug exists.")
        } else {
            e.into()
        }
    })?;
    Ok(())
}

/// One app's definition.
pub async fn get(state: &AppState, slug: String) -> Result<AppDefinition, ApiError> {
    state
        .db
        .read(move |c| resolve(c, &slug))
        .await?
        .map(|(d, _)| d)
        .ok_or(ApiError::NotFound { what: "app" })
}

/// Adds a custom app (system administrators; audited).
#[tracing::instrument(skip_all, fields(app = %def.slug))]
pub async fn create(state: &AppState, p: &Principal, def: AppDefinition) -> Result<(), ApiError> {
    p.require_system_admin()?;
    validate(&def)?;
    let p = p.clone();
    state
        .db
        .write(move |c| {
            if resolve(c, &def.slug)?.is_some() {
                return Err(ApiError::conflict(
                    ErrorCode::AppExists,
                    "An app with this slug exists; change it with PUT /api/v1/apps/{slug}.",
                ));
            }
            insert(c, &def, false)?;
            audit::record(
                c,
                Event::by(&p, AuditAction::AppCreate, "app", Some(def.slug.clone())),
            )
        })
        .await
}

/// Replaces an app's definition (system administrators; audited). For a built-in
/// app this stores a modified copy that wins over the shipped one.
#[tracing::instrument(skip_all, fields(app = %slug))]
pub async fn replace(
    state: &AppState,
    p: &Principal,
    slug: String,
    def: AppDefinition,
) -> Result<(), ApiError> {
    p.require_system_admin()?;
    if def.slug != slug {
        return Err(ApiError::field("slug", "must equal the slug in the path"));
    }
    validate(&def)?;
    let p = p.clone();
    state
        .db
        .write(move |c| {
            match resolve(c, &slug)? {
                None => return Err(ApiError::NotFound { what: "app" }),
                Some((_, AppSource::Builtin)) => insert(c, &def, true)?,
                Some(_) => {
                    update(c, &def)?;
                }
            }
            audit::record(c, Event::by(&p, AuditAction::AppUpdate, "app", Some(slug)))
        })
        .await
}

pub fn update(conn: &mut DbConn, def: &AppDefinition) -> Result<bool, ApiError> {
    let text = serde_json::to_string(def).map_err(ApiError::internal)?;
    Ok(repo::update(conn, &def.slug, &text, switchboard_db::now())? > 0)
}
