//! Webhook endpoints and deliveries. Deliveries are written with their event (the
//! outbox), claimed by a lease on the database clock (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, so replicas share the queue), and finished with their outcome.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::{DeliveryRow, EventRow, WebhookRow};
use crate::schema::{events as e, webhook_deliveries as d, webhook_endpoints as w};
use crate::DbConn;
use switchboard_types::{AccountId, DeliveryStatus, WebhookDeliveryId, WebhookId};

pub fn insert(conn: &mut DbConn, row: &WebhookRow) -> QueryResult<()> {
    diesel::insert_into(w::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(
    conn: &mut DbConn,
    account: AccountId,
    id: WebhookId,
) -> QueryResult<Option<WebhookRow>> {
    w::table
        .filter(w::id.eq(id))
        .filter(w::account_id.eq(account))
        .select(WebhookRow::as_select())
        .first(conn)
        .optional()
}

/// Newest first (ids are time-ordered), after `before` when given.
pub fn list(
    conn: &mut DbConn,
    account: AccountId,
    before: Option<WebhookId>,
    limit: i64,
) -> QueryResult<Vec<WebhookRow>> {
    let mut q = w::table
        .filter(w::account_id.eq(account))
        .select(WebhookRow::as_select())
        .order(w::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(b) = before {
        q = q.filter(w::id.lt(b));
    }
    q.load(conn)
}

/// Every endpoint of the account (for a data-key sweep).
pub fn all_of(conn: &mut DbConn, account: AccountId) -> QueryResult<Vec<WebhookRow>> {
    w::table
        .filter(w::account_id.eq(account))
        .select(WebhookRow::as_select())
        .load(conn)
}

/// Stores every changeable column of `row` (read, changed and written in one
/// transaction by the caller).
pub fn update(conn: &mut DbConn, row: &WebhookRow) -> QueryResult<usize> {
    diesel::update(w::table.filter(w::id.eq(row.id)))
        .set((
            w::url.eq(&row.url),
            w::description.eq(&row.description),
            w::event_types.eq(&row.event_types),
            w::enabled.eq(row.enabled),
            w::secret.eq(&row.secret),
            w::previous_secret.eq(&row.previous_secret),
            w::previous_secret_until.eq(row.previous_secret_until),
            w::failing_since.eq(row.failing_since),
            w::disabled_reason.eq(&row.disabled_reason),
            w::updated_at.eq(row.updated_at),
        ))
        .execute(conn)
}

pub fn delete(conn: &mut DbConn, account: AccountId, id: WebhookId) -> QueryResult<usize> {
    diesel::delete(
        w::table
            .filter(w::id.eq(id))
            .filter(w::account_id.eq(account)),
    )
    .execute(conn)
}

/// The account's enabled endpoints with their event types (JSON), to fan an event out.
pub fn subscribers(conn: &mut DbConn, account: AccountId) -> QueryResult<Vec<(WebhookId, String)>> {
    w::table
        .filter(w::account_id.eq(account))
        .filter(w::enabled.eq(true))
        .select((w::id, w::event_types))
        .load(conn)
}

pub fn insert_deliveries(conn: &mut DbConn, rows: &[DeliveryRow]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    crate::outbox_queued();
    match conn {
        DbConn::Postgres(pg) => diesel::insert_into(d::table).values(rows).execute(pg)?,
        // SQLite's multi-row insert needs one statement per row with this backend.
        DbConn::Sqlite(lite) => {
            let mut n = 0;
            for r in rows {
                n += diesel::insert_into(d::table).values(r).execute(lite)?;
            }
            n
        }
    };
    Ok(())
}

/// A delivery handed to a worker, with what it needs to send it.
#[derive(Debug)]
pub struct Claimed {
    pub delivery: DeliveryRow,
    pub event: EventRow,
}

/// Claims up to `limit` due deliveries of enabled endpoints, oldest first, for
/// `lease`: until it runs out no other worker takes them. Call inside a write
/// transaction.
pub fn claim(conn: &mut DbConn, limit: i64, lease: chrono::Duration) -> QueryResult<Vec<Claimed>> {
    let now = crate::clock(conn)?;
    let enabled = w::table.filter(w::enabled.eq(true)).select(w::id);
    let due = d::table
        .filter(d::status.eq(DeliveryStatus::Pending))
        .filter(d::next_attempt_at.le(now))
        .filter(d::lease_until.is_null().or(d::lease_until.lt(now)))
        .filter(d::endpoint_id.eq_any(enabled))
        .order(d::id.asc())
        .limit(limit)
        .select(d::id);
    let ids: Vec<WebhookDeliveryId> = match conn {
        DbConn::Postgres(pg) => due.for_update().skip_locked().load(pg)?,
        DbConn::Sqlite(lite) => due.load(lite)?,
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(d::table.filter(d::id.eq_any(&ids)))
        .set(d::lease_until.eq(now + lease))
        .execute(conn)?;
    let rows: Vec<(DeliveryRow, EventRow)> = d::table
        .inner_join(e::table)
        .filter(d::id.eq_any(&ids))
        .order(d::id.asc())
        .select((DeliveryRow::as_select(), EventRow::as_select()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(delivery, event)| Claimed { delivery, event })
        .collect())
}

/// The endpoints with these ids (any account).
pub fn by_ids(conn: &mut DbConn, ids: &[WebhookId]) -> QueryResult<Vec<WebhookRow>> {
    w::table
        .filter(w::id.eq_any(ids))
        .select(WebhookRow::as_select())
        .load(conn)
}

/// How one attempt ended.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: DeliveryStatus,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub latency_ms: Option<i32>,
    /// When to try again (`status` pending); `None` when final.
    pub next_attempt_at: Option<NaiveDateTime>,
    /// Whether this was an attempt (false: handed back untried, to keep the order).
    pub attempted: bool,
}

pub fn finish(conn: &mut DbConn, id: WebhookDeliveryId, o: &Outcome) -> QueryResult<usize> {
    let now = crate::now();
    let target = d::table.filter(d::id.eq(id));
    if !o.attempted {
        return diesel::update(target)
            .set((
                d::lease_until.eq(None::<NaiveDateTime>),
                d::next_attempt_at.eq(o.next_attempt_at),
            ))
            .execute(conn);
    }
    diesel::update(target)
        .set((
            d::status.eq(o.status),
            d::attempts.eq(d::attempts + 1),
            d::last_status_code.eq(o.status_code),
            d::last_error.eq(&o.error),
            d::latency_ms.eq(o.latency_ms),
            d::next_attempt_at.eq(o.next_attempt_at),
            d::lease_until.eq(None::<NaiveDateTime>),
            d::updated_at.eq(now),
        ))
        .execute(conn)
}

/// An endpoint answered: it is not failing, and its deliveries waiting for a retry
/// are due now (a receiver that comes back catches up at once).
pub fn endpoint_works(conn: &mut DbConn, id: WebhookId) -> QueryResult<usize> {
    let now = crate::clock(conn)?;
    diesel::update(
        w::table
            .filter(w::id.eq(id))
            .filter(w::failing_since.is_not_null()),
    )
    .set(w::failing_since.eq(None::<NaiveDateTime>))
    .execute(conn)?;
    diesel::update(
        d::table
            .filter(d::endpoint_id.eq(id))
            .filter(d::status.eq(DeliveryStatus::Pending))
            .filter(d::next_attempt_at.gt(now))
            .filter(d::lease_until.is_null()),
    )
    .set(d::next_attempt_at.eq(now))
    .execute(conn)
}

/// An attempt on the endpoint failed: returns since when it has been failing.
pub fn endpoint_fails(conn: &mut DbConn, id: WebhookId) -> QueryResult<Option<NaiveDateTime>> {
    let now = crate::clock(conn)?;
    diesel::update(
        w::table
            .filter(w::id.eq(id))
            .filter(w::failing_since.is_null()),
    )
    .set(w::failing_since.eq(now))
    .execute(conn)?;
    w::table
        .filter(w::id.eq(id))
        .select(w::failing_since)
        .first::<Option<NaiveDateTime>>(conn)
        .optional()
        .map(Option::flatten)
}

/// Newest first, after `before` when given.
pub fn deliveries(
    conn: &mut DbConn,
    endpoint: WebhookId,
    before: Option<WebhookDeliveryId>,
    limit: i64,
) -> QueryResult<Vec<DeliveryRow>> {
    let mut q = d::table
        .filter(d::endpoint_id.eq(endpoint))
        .select(DeliveryRow::as_select())
        .order(d::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(b) = before {
        q = q.filter(d::id.lt(b));
    }
    q.load(conn)
}

pub fn find_delivery(
    conn: &mut DbConn,
    endpoint: WebhookId,
    id: WebhookDeliveryId,
) -> QueryResult<Option<DeliveryRow>> {
    d::table
        .filter(d::id.eq(id))
        .filter(d::endpoint_id.eq(endpoint))
        .select(DeliveryRow::as_select())
        .first(conn)
        .optional()
}

/// Makes a delivery due now again (a retry asked for by a person).
pub fn requeue(conn: &mut DbConn, id: WebhookDeliveryId) -> QueryResult<usize> {
    diesel::update(d::table.filter(d::id.eq(id)))
        .set((
            d::status.eq(DeliveryStatus::Pending),
            d::next_attempt_at.eq(crate::now()),
            d::lease_until.eq(None::<NaiveDateTime>),
            d::updated_at.eq(crate::now()),
        ))
        .execute(conn)
}

/// When the next pending, unleased delivery of an enabled endpoint is due, if any.
pub fn next_due(conn: &mut DbConn) -> QueryResult<Option<NaiveDateTime>> {
    let now = crate::clock(conn)?;
    let enabled = w::table.filter(w::enabled.eq(true)).select(w::id);
    d::table
        .filter(d::status.eq(DeliveryStatus::Pending))
        .filter(d::lease_until.is_null().or(d::lease_until.lt(now)))
        .filter(d::endpoint_id.eq_any(enabled))
        .select(diesel::dsl::min(d::next_attempt_at))
        .first::<Option<NaiveDateTime>>(conn)
}
