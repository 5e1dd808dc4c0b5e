//! Proxied calls per connection and hour: counted in memory on the proxy's path
//! (a map update, no database write per call) and added to `connection_usage` by
//! [`flush`] every few seconds (the job in `jobs::usage`) and when the server
//! stops; a read adds this process's pending counts to the stored ones. A crash
//! loses at most the counts since the last flush.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DurationRound as _, NaiveDateTime};
use switchboard_db::models::UsageRow;
use switchboard_db::repo::usage as repo;
use switchboard_types::ConnectionId;

use crate::error::ApiError;
use crate::state::AppState;

/// Counts not yet written, by (connection, hour).
#[derive(Default)]
pub struct Usage(Mutex<HashMap<(ConnectionId, NaiveDateTime), (i64, i64)>>);

fn this_hour() -> NaiveDateTime {
    let now = switchboard_db::now();
    now.duration_trunc(chrono::Duration::hours(1))
        .unwrap_or(now)
}

impl Usage {
    /// A call sent to the app.
    pub fn call(&self, id: ConnectionId) {
        self.add(id, 1, 0);
    }

    /// A call refused because the connection's rate limit was used up.
    pub fn limited(&self, id: ConnectionId) {
        self.add(id, 0, 1);
    }

    fn add(&self, id: ConnectionId, calls: i64, limited: i64) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let e = map.entry((id, this_hour())).or_default();
        e.0 += calls;
        e.1 += limited;
    }

    /// This process's counts of `id` not written yet, by hour (a look, nothing taken).
    pub fn pending(&self, id: ConnectionId) -> Vec<(NaiveDateTime, i64, i64)> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.iter()
            .filter(|((c, _), _)| *c == id)
            .map(|((_, hour), (calls, limited))| (*hour, *calls, *limited))
            .collect()
    }

    fn take(&self) -> Vec<UsageRow> {
        let map = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        map.into_iter()
            .map(|((connection_id, hour), (calls, limited))| UsageRow {
                connection_id,
                hour,
                calls,
                limited,
            })
            .collect()
    }

    /// Puts counts back after a failed write, so the next flush carries them.
    fn restore(&self, rows: Vec<UsageRow>) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        for r in rows {
            let e = map.entry((r.connection_id, r.hour)).or_default();
            e.0 += r.calls;
            e.1 += r.limited;
        }
    }
}

/// Writes the counts so far; on failure they stay for the next flush.
pub async fn flush(state: &AppState) -> Result<usize, ApiError> {
    let rows = state.usage.take();
    if rows.is_empty() {
        return Ok(0);
    }
    let batch = rows.clone();
    match state
        .db
        .write(move |c| Ok::<_, ApiError>(repo::add(c, &batch)?))
        .await
    {
        Ok(n) => Ok(n),
        Err(e) => {
            state.usage.restore(rows);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_by_connection_and_hour() {
        let u = Usage::default();
        let (a, b) = (
            ConnectionId::from_uuid(uuid::Uuid::from_u128(1)),
            ConnectionId::from_uuid(uuid::Uuid::from_u128(2)),
        );
        for _ in 0..3 {
            u.call(a);
        }
        u.limited(a);
        u.call(b);
        let mut rows = u.take();
        rows.sort_by_key(|r| r.connection_id);
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].calls, rows[0].limited), (3, 1));
        assert_eq!((rows[1].calls, rows[1].limited), (1, 0));
        assert_eq!(rows[0].hour, this_hour());
        assert!(u.take().is_empty(), "taken counts are gone");
        u.restore(rows);
        u.call(a);
        let mut again = u.take();
        again.sort_by_key(|r| r.connection_id);
        assert_eq!(
            (again[0].calls, again[1].calls),
            (4, 1),
            "restored counts add up"
        );
    }
}
