//! Attempt counters for sign-in, reveal and setup throttling, shared by all replicas.
//!
//! One row per key: a fixed window that starts at the key's first attempt, and the
//! attempts reserved in it. [`reserve`] opens (or restarts) each key's window, checks
//! every key against its limit and counts the attempt under all of them, inside the
//! caller's transaction and **before** any password is checked: on PostgreSQL the
//! upsert locks each row until the commit, so parallel requests on any replica take
//! turns; on SQLite the single writer does the same. Times are microseconds of the
//! database clock (the application clock on SQLite, which is the same machine).

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::schema::auth_throttle as t;
use crate::DbConn;

/// A key and its limit: at most `max` attempts per `window_us`.
#[derive(Debug, Clone)]
pub struct Limit {
    pub key: String,
    pub max: i64,
    pub window_us: i64,
}

/// The outcome of [`reserve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    /// The attempt is counted under every key.
    Granted,
    /// A key is at its limit; nothing was counted. Its window ends in `retry_after_us`.
    Refused { retry_after_us: i64 },
}

#[derive(Debug, QueryableByName)]
struct Window {
    #[diesel(sql_type = BigInt)]
    window_start: i64,
    #[diesel(sql_type = BigInt)]
    attempts: i64,
    #[diesel(sql_type = BigInt)]
    now: i64,
}

/// Creates the key's row, or restarts its window when it has run out, and locks it.
fn open_window(conn: &mut DbConn, key: &str, window_us: i64) -> QueryResult<Window> {
    match conn {
        DbConn::Postgres(pg) => diesel::sql_query(
            "WITH now AS (SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT AS t), \
             up AS ( \
               INSERT INTO auth_throttle AS a (key, window_start, attempts) \
                 SELECT $1, now.t, 0 FROM now \
               ON CONFLICT (key) DO UPDATE SET \
                 window_start = CASE WHEN a.window_start + $2 <= (SELECT t FROM now) \
                                     THEN (SELECT t FROM now) ELSE a.window_start END, \
                 attempts = CASE WHEN a.window_start + $2 <= (SELECT t FROM now) \
                                 THEN 0 ELSE a.attempts END \
               RETURNING a.window_start, a.attempts) \
             SELECT up.window_start, up.attempts, (SELECT t FROM now) AS now FROM up",
        )
        .bind::<Text, _>(key)
        .bind::<BigInt, _>(window_us)
        .get_result(pg),
        DbConn::Sqlite(lite) => {
            let now = crate::now().and_utc().timestamp_micros();
            diesel::sql_query(
                "INSERT INTO auth_throttle (key, window_start, attempts) VALUES (?1, ?2, 0) \
                 ON CONFLICT (key) DO UPDATE SET \
                   window_start = CASE WHEN window_start + ?3 <= ?2 THEN ?2 ELSE window_start END, \
                   attempts = CASE WHEN window_start + ?3 <= ?2 THEN 0 ELSE attempts END \
                 RETURNING window_start, attempts, ?2 AS now",
            )
            .bind::<Text, _>(key)
            .bind::<BigInt, _>(now)
            .bind::<BigInt, _>(window_us)
            .get_result(lite)
        }
    }
}

/// Counts one attempt under every key when all are below their limits; otherwise
/// counts nothing and says how long the fullest window still runs. Call it inside a
/// write transaction. Keys are locked in sorted order, so two reservations over
/// overlapping keys cannot deadlock.
pub fn reserve(conn: &mut DbConn, limits: &[Limit]) -> QueryResult<Reservation> {
    let mut sorted: Vec<&Limit> = limits.iter().collect();
    sorted.sort_by(|a, b| a.key.cmp(&b.key));
    sorted.dedup_by(|a, b| a.key == b.key);
    let mut wait: Option<i64> = None;
    for l in &sorted {
        let w = open_window(conn, &l.key, l.window_us)?;
        if w.attempts >= l.max {
            let left = (w.window_start + l.window_us - w.now).max(1);
            wait = Some(wait.map_or(left, |x| x.max(left)));
        }
    }
    if let Some(retry_after_us) = wait {
        return Ok(Reservation::Refused { retry_after_us });
    }
    for l in &sorted {
        diesel::update(t::table.find(&l.key))
            .set(t::attempts.eq(t::attempts + 1))
            .execute(conn)?;
    }
    Ok(Reservation::Granted)
}

/// The guess was right: forgets `clear` and gives back one attempt under each of
/// `credit`. Keys are touched in sorted order, like [`reserve`] locks them, so the
/// two cannot deadlock on PostgreSQL.
pub fn settle(conn: &mut DbConn, clear: &str, credit: &[String]) -> QueryResult<()> {
    let mut keys: Vec<&str> = credit.iter().map(String::as_str).collect();
    keys.push(clear);
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        if key == clear {
            diesel::delete(t::table.find(key)).execute(conn)?;
        } else {
            diesel::update(t::table.find(key).filter(t::attempts.gt(0)))
                .set(t::attempts.eq(t::attempts - 1))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Deletes windows that started before `before_us` (microseconds since the epoch).
pub fn purge_before(conn: &mut DbConn, before_us: i64) -> QueryResult<usize> {
    diesel::delete(t::table.filter(t::window_start.lt(before_us))).execute(conn)
}
