use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::like_escape;
use crate::models::{ConnectionRow, CredentialsChange, MetaChange, StatusChange};
use crate::schema::{connection_tags as t, connections as c};
use crate::DbConn;
use switchboard_types::{AccountId, AppSlug, ConnectionId, ConnectionStatus, StatusCause};

pub fn insert(conn: &mut DbConn, row: &ConnectionRow) -> QueryResult<()> {
    diesel::insert_into(c::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, id: ConnectionId) -> QueryResult<Option<ConnectionRow>> {
    c::table
        .find(id)
        .select(ConnectionRow::as_select())
        .first(conn)
        .optional()
}

/// A connection only if it belongs to `account`.
pub fn find_owned(
    conn: &mut DbConn,
    account: AccountId,
    id: ConnectionId,
) -> QueryResult<Option<ConnectionRow>> {
    c::table
        .filter(c::id.eq(id))
        .filter(c::account_id.eq(account))
        .select(ConnectionRow::as_select())
        .first(conn)
        .optional()
}

/// The account's connection that an import brought from `origin`.
pub fn find_by_origin(
    conn: &mut DbConn,
    account: AccountId,
    origin: &str,
) -> QueryResult<Option<ConnectionRow>> {
    c::table
        .filter(c::account_id.eq(account))
        .filter(c::origin.eq(origin))
        .select(ConnectionRow::as_select())
        .first(conn)
        .optional()
}

/// The account's connection of `app` whose lowercase name is `key`.
pub fn find_by_name(
    conn: &mut DbConn,
    account: AccountId,
    app: &str,
    key: &str,
) -> QueryResult<Option<ConnectionRow>> {
    c::table
        .filter(c::account_id.eq(account))
        .filter(c::app_slug.eq(app))
        .filter(c::name_key.eq(key))
        .select(ConnectionRow::as_select())
        .first(conn)
        .optional()
}

pub fn set_origin(conn: &mut DbConn, id: ConnectionId, origin: Option<&str>) -> QueryResult<usize> {
    diesel::update(c::table.find(id))
        .set(c::origin.eq(origin))
        .execute(conn)
}

/// The apps the account has connections of.
pub fn apps_in_account(conn: &mut DbConn, account: AccountId) -> QueryResult<Vec<String>> {
    c::table
        .filter(c::account_id.eq(account))
        .select(c::app_slug)
        .distinct()
        .order(c::app_slug)
        .load::<switchboard_types::AppSlug>(conn)
        .map(|v| v.into_iter().map(|s| s.to_string()).collect())
}

pub fn count_in_account(conn: &mut DbConn, account: AccountId) -> QueryResult<i64> {
    c::table
        .filter(c::account_id.eq(account))
        .count()
        .get_result(conn)
}

pub fn count_for_app(conn: &mut DbConn, account: AccountId, app: &str) -> QueryResult<i64> {
    c::table
        .filter(c::account_id.eq(account))
        .filter(c::app_slug.eq(app))
        .count()
        .get_result(conn)
}

/// The apps the account has at least one connection of.
pub fn apps_in_use(conn: &mut DbConn, account: AccountId) -> QueryResult<Vec<String>> {
    c::table
        .filter(c::account_id.eq(account))
        .select(c::app_slug)
        .distinct()
        .load::<AppSlug>(conn)
        .map(|v| v.into_iter().map(|s| s.to_string()).collect())
}

pub fn name_taken(
    conn: &mut DbConn,
    account: AccountId,
    app: &str,
    key: &str,
    except: Option<ConnectionId>,
) -> QueryResult<bool> {
    let mut q = c::table
        .filter(c::account_id.eq(account))
        .filter(c::app_slug.eq(app))
        .filter(c::name_key.eq(key))
        .select(c::id)
        .into_boxed();
    if let Some(id) = except {
        q = q.filter(c::id.ne(id));
    }
    Ok(q.first::<ConnectionId>(conn).optional()?.is_some())
}

/// Which part of a search a page query covers.
#[derive(Debug, Clone)]
pub enum Band<'a> {
    /// Everything (no search).
    All,
    /// Connections of these apps.
    Apps(&'a [String]),
    /// Connections whose name or identity contains the (lowercase) text, apart from these apps.
    Text {
        needle: &'a str,
        except_apps: &'a [String],
    },
}

#[derive(Debug, Clone)]
pub struct PageQuery<'a> {
    pub account_id: AccountId,
    pub app: Option<&'a str>,
    pub status: Option<ConnectionStatus>,
    /// Only connections their owner shares with child accounts.
    pub shared_only: bool,
    pub band: Band<'a>,
    /// Only connections with every one of these tags (name, value).
    pub tags: &'a [(String, String)],
    /// Keyset position: rows after `(sort_key, id)`.
    pub after: Option<(&'a str, ConnectionId)>,
    pub limit: i64,
}

/// One page in `(sort_key, id)` order.
pub fn page(conn: &mut DbConn, p: &PageQuery<'_>) -> QueryResult<Vec<ConnectionRow>> {
    if !p.tags.is_empty() {
        if let Some(tag) = rare_tag(conn, p.account_id, p.tags)? {
            return page_of(conn, p, tag);
        }
    }
    match &p.band {
        // One indexed range per app. `sort_key` starts with `<slug>/`, so taking the
        // apps in the order of that prefix keeps the band in `sort_key` order.
        Band::Apps(apps) => {
            let mut ordered: Vec<&String> = apps
                .iter()
                .filter(|a| p.app.is_none_or(|only| only == a.as_str()))
                .collect();
            ordered.sort_by_key(|a| format!("{a}/"));
            let mut out = Vec::new();
            for app in ordered {
                let need = p.limit - out.len() as i64;
                if need <= 0 {
                    break;
                }
                out.extend(query(conn, p, Some(app), None, need)?);
            }
            Ok(out)
        }
        Band::All => query(conn, p, p.app, None, p.limit),
        Band::Text {
            needle,
            except_apps,
        } => query(conn, p, p.app, Some((needle, except_apps)), p.limit),
    }
}

/// A page among the few connections with a rare tag: found through the
/// account's tag rows and the primary key, and ordered by the database. The
/// query names no account on `connections`, so no planner can prefer walking the
/// account's rows in page order instead.
fn page_of(
    conn: &mut DbConn,
    p: &PageQuery<'_>,
    (name, value): &(String, String),
) -> QueryResult<Vec<ConnectionRow>> {
    let mut q = c::table
        .filter(
            c::id.eq_any(
                t::table
                    .filter(t::account_id.eq(p.account_id))
                    .filter(t::name.eq(name.clone()))
                    .filter(t::value.eq(value.clone()))
                    .select(t::connection_id),
            ),
        )
        .select(ConnectionRow::as_select())
        .order((c::sort_key.asc(), c::id.asc()))
        .limit(p.limit)
        .into_boxed();
    q = filtered(q, p, p.app, text_of(p));
    if let Band::Apps(apps) = &p.band {
        q = q.filter(c::app_slug.eq_any(apps.to_vec()));
    }
    if let Some((sk, id)) = p.after {
        q = q.filter(
            c::sort_key
                .gt(sk.to_string())
                .or(c::sort_key.eq(sk.to_string()).and(c::id.gt(id))),
        );
    }
    let mut rows: Vec<ConnectionRow> = q.load(conn)?;
    // Tag rows carry their connection's account; said again here.
    rows.retain(|r| r.account_id == p.account_id);
    Ok(rows)
}

fn text_of<'a>(p: &'a PageQuery<'a>) -> Option<(&'a str, &'a [String])> {
    match &p.band {
        Band::Text {
            needle,
            except_apps,
        } => Some((needle, except_apps)),
        _ => None,
    }
}

fn query(
    conn: &mut DbConn,
    p: &PageQuery<'_>,
    app: Option<&str>,
    text: Option<(&str, &[String])>,
    limit: i64,
) -> QueryResult<Vec<ConnectionRow>> {
    let mut q = c::table
        .filter(c::account_id.eq(p.account_id))
        .select(ConnectionRow::as_select())
        .order((c::sort_key.asc(), c::id.asc()))
        .limit(limit)
        .into_boxed();
    q = filtered(q, p, app, text);
    if let Some((sk, id)) = p.after {
        q = q.filter(
            c::sort_key
                .gt(sk.to_string())
                .or(c::sort_key.eq(sk.to_string()).and(c::id.gt(id))),
        );
    }
    q.load(conn)
}

/// The page's filters (app, status, sharing, tags, text) on any selection.
fn filtered<'a, ST: 'a>(
    mut q: c::BoxedQuery<'a, crate::MultiBackend, ST>,
    p: &PageQuery<'_>,
    app: Option<&str>,
    text: Option<(&str, &[String])>,
) -> c::BoxedQuery<'a, crate::MultiBackend, ST> {
    if let Some(app) = app {
        q = q.filter(c::app_slug.eq(app.to_string()));
    }
    if let Some(status) = p.status {
        q = q.filter(c::status.eq(status));
    }
    if p.shared_only {
        q = q.filter(c::shared_with_children.eq(true));
    }
    // Each row checked by primary key (`connection_id, name`): a point lookup per
    // tag whatever the planner knows about the tables.
    for (name, value) in p.tags {
        q = q.filter(diesel::dsl::exists(
            t::table
                .filter(t::connection_id.eq(c::id))
                .filter(t::name.eq(name.clone()))
                .filter(t::value.eq(value.clone())),
        ));
    }
    if let Some((needle, except_apps)) = text {
        q = q.filter(
            c::search_text
                .like(format!("%{}%", like_escape(needle)))
                .escape('\\'),
        );
        if !except_apps.is_empty() {
            q = q.filter(c::app_slug.ne_all(except_apps.to_vec()));
        }
    }
    q
}

/// Replaces the tag rows of a connection (the filter's index; the row's `tags`
/// column is the same map as JSON).
pub fn set_tags(
    conn: &mut DbConn,
    account: AccountId,
    id: ConnectionId,
    tags: &std::collections::BTreeMap<String, String>,
) -> QueryResult<()> {
    diesel::delete(t::table.filter(t::connection_id.eq(id))).execute(conn)?;
    for (name, value) in tags {
        diesel::insert_into(t::table)
            .values((
                t::connection_id.eq(id),
                t::name.eq(name),
                t::value.eq(value),
                t::account_id.eq(account),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A tag filter whose rarest tag matches at most this many connections is
/// answered from those matches (sorted here); above it, rows are scanned in page
/// order and each is checked against the tags.
const FEW_MATCHES: i64 = 2000;

/// The rarest of `tags` in the account, when it matches at most [`FEW_MATCHES`]
/// connections (`None`: every tag matches more).
fn rare_tag<'t>(
    conn: &mut DbConn,
    account: AccountId,
    tags: &'t [(String, String)],
) -> QueryResult<Option<&'t (String, String)>> {
    let mut best: Option<(&(String, String), i64)> = None;
    for tag in tags {
        // Only a tag rarer than the best so far is of use.
        let cap = best.map_or(FEW_MATCHES, |(_, n)| n - 1);
        if cap < 0 {
            break;
        }
        let n: i64 = t::table
            .filter(t::account_id.eq(account))
            .filter(t::name.eq(&tag.0))
            .filter(t::value.eq(&tag.1))
            .select(t::connection_id)
            .limit(cap + 1)
            .load::<String>(conn)?
            .len() as i64;
        if n <= cap {
            best = Some((tag, n));
        }
    }
    Ok(best.map(|(tag, _)| tag))
}

/// Changes name, notes, tags and/or metadata if the version still matches;
/// returns rows changed.
pub fn update_meta(
    conn: &mut DbConn,
    id: ConnectionId,
    expected_version: i64,
    change: &MetaChange<'_>,
) -> QueryResult<usize> {
    diesel::update(
        c::table
            .filter(c::id.eq(id))
            .filter(c::version.eq(expected_version)),
    )
    .set((change, c::version.eq(expected_version + 1)))
    .execute(conn)
}

/// New credentials (reconnect) if the version still matches.
pub fn update_credentials(
    conn: &mut DbConn,
    id: ConnectionId,
    expected_version: i64,
    change: &CredentialsChange<'_>,
) -> QueryResult<usize> {
    diesel::update(
        c::table
            .filter(c::id.eq(id))
            .filter(c::version.eq(expected_version)),
    )
    .set((change, c::version.eq(expected_version + 1)))
    .execute(conn)
}

/// A new status (and, when the test that set it told, the connected identity).
pub fn set_status(
    conn: &mut DbConn,
    id: ConnectionId,
    status: &StatusChange<'_>,
    identity: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    match identity {
        Some(ident) => diesel::update(c::table.find(id))
            .set((
                status,
                c::identity.eq(ident),
                c::version.eq(c::version + 1),
                c::updated_at.eq(now),
            ))
            .execute(conn),
        None => diesel::update(c::table.find(id))
            .set((status, c::version.eq(c::version + 1), c::updated_at.eq(now)))
            .execute(conn),
    }
}

pub fn touch_used(conn: &mut DbConn, id: ConnectionId, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(c::table.find(id))
        .set(c::last_used_at.eq(now))
        .execute(conn)
}

pub fn delete(conn: &mut DbConn, account: AccountId, id: ConnectionId) -> QueryResult<usize> {
    diesel::delete(
        c::table
            .filter(c::id.eq(id))
            .filter(c::account_id.eq(account)),
    )
    .execute(conn)
}

/// Test support and tooling: overwrite the stored envelope bytes.
pub fn set_envelope_raw(
    conn: &mut DbConn,
    id: ConnectionId,
    envelope: &[u8],
) -> QueryResult<usize> {
    diesel::update(c::table.find(id))
        .set(c::envelope.eq(envelope))
        .execute(conn)
}

pub fn set_shared(
    conn: &mut DbConn,
    id: ConnectionId,
    expected_version: i64,
    shared: bool,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        c::table
            .filter(c::id.eq(id))
            .filter(c::version.eq(expected_version)),
    )
    .set((
        c::shared_with_children.eq(shared),
        c::version.eq(expected_version + 1),
        c::updated_at.eq(now),
    ))
    .execute(conn)
}

/// Serializes naming the connections of one app in one account until the
/// transaction ends (PostgreSQL advisory lock), so two concurrent first
/// connections do not both become `Default`; SQLite has a single writer already.
pub fn lock_naming(conn: &mut DbConn, account: AccountId, app: &str) -> QueryResult<()> {
    match conn {
        DbConn::Postgres(pg) => diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind::<diesel::sql_types::Text, _>(format!("connection-name:{account}:{app}"))
            .execute(pg)
            .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Locks a connection row until the transaction ends, so that deleting or
/// un-sharing it and linking an automation to it take turns. PostgreSQL takes a
/// row lock (`FOR UPDATE` for the writer, `FOR SHARE` for linkers); SQLite has a
/// single writer already.
pub fn lock(conn: &mut DbConn, id: ConnectionId, exclusive: bool) -> QueryResult<()> {
    match conn {
        DbConn::Postgres(pg) => {
            let sql = if exclusive {
                "SELECT id FROM connections WHERE id = $1 FOR UPDATE"
            } else {
                "SELECT id FROM connections WHERE id = $1 FOR SHARE"
            };
            diesel::sql_query(sql)
                .bind::<diesel::sql_types::Text, _>(id.to_string())
                .execute(pg)
                .map(|_| ())
        }
        DbConn::Sqlite(_) => Ok(()),
    }
}

pub fn set_token_expiry(
    conn: &mut DbConn,
    id: ConnectionId,
    expires_at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    diesel::update(c::table.find(id))
        .set(c::token_expires_at.eq(expires_at))
        .execute(conn)
}

/// Refreshed tokens. Not a metadata change: `version` (the ETag) stays, so a
/// background refresh never makes a person's pending edit stale.
pub fn store_tokens(
    conn: &mut DbConn,
    id: ConnectionId,
    envelope: &[u8],
    key_version: i32,
    expires_at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    diesel::update(c::table.find(id))
        .set((
            c::envelope.eq(envelope),
            c::key_version.eq(key_version),
            c::token_expires_at.eq(expires_at),
        ))
        .execute(conn)
}

/// Sets a status unless the connection already has it; returns rows changed.
pub fn set_status_if_not(
    conn: &mut DbConn,
    id: ConnectionId,
    status: &StatusChange<'_>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(c::table.find(id).filter(c::status.ne(status.status)))
        .set((status, c::version.eq(c::version + 1), c::updated_at.eq(now)))
        .execute(conn)
}

/// Back to `active` when the status is an `error` a token refresh set.
pub fn clear_refresh_error(
    conn: &mut DbConn,
    id: ConnectionId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        c::table
            .find(id)
            .filter(c::status.eq(ConnectionStatus::Error))
            .filter(c::status_cause.eq(StatusCause::RefreshFailed)),
    )
    .set((
        StatusChange::active(),
        c::version.eq(c::version + 1),
        c::updated_at.eq(now),
    ))
    .execute(conn)
}
