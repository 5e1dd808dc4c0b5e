//! Webhook endpoints and deliveries. Deliveries are written by the relay from the
//! events (the outbox, see `repo::events`), claimed by a lease on the database clock (`FOR UPDATE SKIP LOCKED` on
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

/// [`find`], locking the row until the transaction ends (PostgreSQL), for a
/// read-change-write.
pub fn find_for_update(
    conn: &mut DbConn,
    account: AccountId,
    id: WebhookId,
) -> QueryResult<Option<WebhookRow>> {
    match conn {
        DbConn::Postgres(pg) => w::table
            .filter(w::id.eq(id))
            .filter(w::account_id.eq(account))
            .select(WebhookRow::as_select())
            .for_no_key_update()
            .first(pg)
            .optional(),
        DbConn::Sqlite(_) => find(conn, account, id),
    }
}

/// Locks these endpoints' rows in id order (PostgreSQL), so transactions that go
/// on to change their deliveries take locks in one order.
pub fn lock(conn: &mut DbConn, ids: &[WebhookId]) -> QueryResult<()> {
    if let DbConn::Postgres(pg) = conn {
        let mut sorted = ids.to_vec();
        sorted.sort_unstable_by_key(|i| i.0);
        w::table
            .filter(w::id.eq_any(&sorted))
            .order(w::id.asc())
            .select(w::id)
            .for_no_key_update()
            .load::<WebhookId>(pg)?;
    }
    Ok(())
}

/// Re-encrypted secrets (a data-key sweep): only those columns change.
pub fn reseal(
    conn: &mut DbConn,
    id: WebhookId,
    secret: &[u8],
    previous: Option<&[u8]>,
) -> QueryResult<usize> {
    diesel::update(w::table.filter(w::id.eq(id)))
        .set((w::secret.eq(secret), w::previous_secret.eq(previous)))
        .execute(conn)
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
            w::enabled_at.eq(row.enabled_at),
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

/// The enabled endpoints of these accounts, to fan events out: (account,
/// endpoint, its event types as JSON, since when it is enabled).
pub fn subscribers(
    conn: &mut DbConn,
    accounts: &[AccountId],
) -> QueryResult<Vec<(AccountId, WebhookId, String, NaiveDateTime)>> {
    let rows: Vec<(
        AccountId,
        WebhookId,
        String,
        NaiveDateTime,
        Option<NaiveDateTime>,
    )> = w::table
        .filter(w::account_id.eq_any(accounts))
        .filter(w::enabled.eq(true))
        .select((
            w::account_id,
            w::id,
            w::event_types,
            w::created_at,
            w::enabled_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(account, id, types, created, enabled)| {
            (account, id, types, enabled.unwrap_or(created))
        })
        .collect())
}

pub fn insert_deliveries(conn: &mut DbConn, rows: &[DeliveryRow]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    crate::outbox_queued();
    match conn {
        // In chunks: a statement takes at most 65,535 parameters (14 per row).
        DbConn::Postgres(pg) => {
            let mut n = 0;
            for chunk in rows.chunks(1000) {
                n += diesel::insert_into(d::table).values(chunk).execute(pg)?;
            }
            n
        }
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

diesel::alias!(crate::schema::webhook_deliveries as older: OlderDeliveries);

/// Claims up to `limit` due deliveries of enabled endpoints, oldest first, until
/// the returned lease time: no other worker takes them before. Of the deliveries
/// about one connection to one endpoint only the oldest pending one is due, so
/// they go out in order. Call inside a write transaction.
pub fn claim(
    conn: &mut DbConn,
    limit: i64,
    lease: chrono::Duration,
) -> QueryResult<(Vec<Claimed>, NaiveDateTime)> {
    let now = crate::clock(conn)?;
    let until = now + lease;
    let enabled = w::table.filter(w::enabled.eq(true)).select(w::id);
    let earlier = older
        .filter(older.field(d::endpoint_id).eq(d::endpoint_id))
        .filter(older.field(d::connection_id).eq(d::connection_id))
        .filter(older.field(d::status).eq(DeliveryStatus::Pending))
        .filter(older.field(d::event_id).lt(d::event_id));
    let due = d::table
        .filter(d::status.eq(DeliveryStatus::Pending))
        .filter(d::next_attempt_at.le(now))
        .filter(d::lease_until.is_null().or(d::lease_until.lt(now)))
        .filter(d::endpoint_id.eq_any(enabled))
        .filter(diesel::dsl::not(diesel::dsl::exists(earlier)))
        .order(d::event_id.asc())
        .limit(limit)
        .select(d::id);
    let ids: Vec<WebhookDeliveryId> = match conn {
        DbConn::Postgres(pg) => due.for_update().skip_locked().load(pg)?,
        DbConn::Sqlite(lite) => due.load(lite)?,
    };
    if ids.is_empty() {
        return Ok((Vec::new(), until));
    }
    diesel::update(d::table.filter(d::id.eq_any(&ids)))
        .set(d::lease_until.eq(until))
        .execute(conn)?;
    let rows: Vec<(DeliveryRow, EventRow)> = d::table
        .inner_join(e::table)
        .filter(d::id.eq_any(&ids))
        .order(d::event_id.asc())
        .select((DeliveryRow::as_select(), EventRow::as_select()))
        .load(conn)?;
    Ok((
        rows.into_iter()
            .map(|(delivery, event)| Claimed { delivery, event })
            .collect(),
        until,
    ))
}

/// Whether some pending delivery of an enabled endpoint is due now (a read, so
/// an idle worker's poll takes no write lock).
pub fn any_due(conn: &mut DbConn) -> QueryResult<bool> {
    let now = crate::clock(conn)?;
    let enabled = w::table.filter(w::enabled.eq(true)).select(w::id);
    diesel::select(diesel::dsl::exists(
        d::table
            .filter(d::status.eq(DeliveryStatus::Pending))
            .filter(d::next_attempt_at.le(now))
            .filter(d::lease_until.is_null().or(d::lease_until.lt(now)))
            .filter(d::endpoint_id.eq_any(enabled)),
    ))
    .get_result(conn)
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
    /// How long until the next attempt (`status` pending); `None` when final.
    pub retry_after: Option<chrono::Duration>,
    /// Whether this was an attempt (false: handed back untried).
    pub attempted: bool,
}

/// Stores how an attempt ended, if the caller's claim (`lease`) still holds the
/// delivery: a worker whose lease ran out and was claimed again stores nothing.
/// `now` is the database clock ([`crate::clock`]), read once per batch.
pub fn finish(
    conn: &mut DbConn,
    id: WebhookDeliveryId,
    lease: NaiveDateTime,
    now: NaiveDateTime,
    o: &Outcome,
) -> QueryResult<usize> {
    let next = o.retry_after.map(|after| now + after);
    let target = d::table
        .filter(d::id.eq(id))
        .filter(d::lease_until.eq(lease));
    if !o.attempted {
        return diesel::update(target)
            .set((
                d::lease_until.eq(None::<NaiveDateTime>),
                d::next_attempt_at.eq(next.unwrap_or(now)),
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
            d::next_attempt_at.eq(next),
            d::lease_until.eq(None::<NaiveDateTime>),
            d::updated_at.eq(now),
        ))
        .execute(conn)
}

/// An endpoint answered. When it had been failing, its deliveries waiting for a
/// retry are due now (a receiver that comes back catches up at once), except
/// `just_tried` (attempts of this batch keep their schedule).
pub fn endpoint_works(
    conn: &mut DbConn,
    id: WebhookId,
    now: NaiveDateTime,
    just_tried: &[WebhookDeliveryId],
) -> QueryResult<usize> {
    let was_failing = diesel::update(
        w::table
            .filter(w::id.eq(id))
            .filter(w::failing_since.is_not_null()),
    )
    .set(w::failing_since.eq(None::<NaiveDateTime>))
    .execute(conn)?;
    if was_failing == 0 {
        return Ok(0);
    }
    diesel::update(
        d::table
            .filter(d::endpoint_id.eq(id))
            .filter(d::status.eq(DeliveryStatus::Pending))
            .filter(d::next_attempt_at.gt(now))
            .filter(d::lease_until.is_null())
            .filter(d::id.ne_all(just_tried)),
    )
    .set(d::next_attempt_at.eq(now))
    .execute(conn)
}

/// An attempt on the endpoint failed: returns since when it has been failing.
pub fn endpoint_fails(
    conn: &mut DbConn,
    id: WebhookId,
    now: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
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

/// Makes a delivery of `endpoint` due now again (a retry asked for by a person).
/// A delivery being sent right now keeps its claim: that attempt's outcome is
/// stored. Returns 0 when the endpoint has no such delivery.
pub fn requeue(
    conn: &mut DbConn,
    endpoint: WebhookId,
    id: WebhookDeliveryId,
) -> QueryResult<usize> {
    let now = crate::clock(conn)?;
    diesel::update(
        d::table
            .filter(d::id.eq(id))
            .filter(d::endpoint_id.eq(endpoint)),
    )
    .set((
        d::status.eq(DeliveryStatus::Pending),
        d::next_attempt_at.eq(now),
        d::updated_at.eq(now),
    ))
    .execute(conn)
}
