//! Failure throttling for login and reveal, stored in the database so that every
//! replica counts the same failures. A window, never a permanent lockout.

use chrono::Duration;
use switchboard_db::repo::throttle as repo;
use switchboard_db::Db;
use uuid::Uuid;

use crate::error::ApiError;

#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub max_failures: i64,
    pub window_secs: i64,
}

/// 5 failures per account (or per user for reveal) in 15 minutes.
pub const PER_SUBJECT: Rule = Rule {
    max_failures: 5,
    window_secs: 15 * 60,
};
/// 50 failures per client address in 15 minutes.
pub const PER_ADDRESS: Rule = Rule {
    max_failures: 50,
    window_secs: 15 * 60,
};

/// Refuses with 429 and `Retry-After` when any key is over its rule.
pub async fn check(db: &Db, keys: Vec<(String, Rule)>) -> Result<(), ApiError> {
    let now = switchboard_db::now();
    let worst = db
        .read(move |c| {
            let mut wait: Option<i64> = None;
            for (key, rule) in &keys {
                let since = now - Duration::seconds(rule.window_secs);
                let (n, oldest) = repo::window(c, key, since)?;
                if n >= rule.max_failures {
                    let until = oldest.unwrap_or(now) + Duration::seconds(rule.window_secs);
                    let secs = (until - now).num_seconds().max(1);
                    wait = Some(wait.map_or(secs, |w: i64| w.max(secs)));
                }
            }
            Ok(wait)
        })
        .await?;
    match worst {
        Some(secs) => Err(ApiError::TooManyRequests {
            retry_after_secs: u64::try_from(secs).unwrap_or(1),
            detail: format!(
                "Too many failed attempts. Try again in {} minute(s).",
                (secs + 59) / 60
            ),
        }),
        None => Ok(()),
    }
}

/// Records one failure under each key.
pub async fn fail(db: &Db, keys: Vec<String>) -> Result<(), ApiError> {
    db.write(move |c| {
        let now = switchboard_db::now();
        for key in &keys {
            repo::record(c, &Uuid::now_v7().to_string(), key, now)?;
        }
        // Keep the table small.
        repo::purge_before(c, now - Duration::hours(24))?;
        Ok::<_, ApiError>(())
    })
    .await
}

pub async fn clear(db: &Db, key: String) -> Result<(), ApiError> {
    db.write(move |c| {
        repo::clear(c, &key)?;
        Ok::<_, ApiError>(())
    })
    .await
}
