//! Throttling of password and token guesses (sign-in, reveal, setup), stored in the
//! database so that every replica counts the same attempts.
//!
//! An attempt is **reserved before** the secret is checked: [`reserve`] counts it
//! under three keys — the (subject, client address) pair, the subject from every
//! address, and the client address — in one transaction, and refuses with 429 and
//! `Retry-After` when any key is at its limit, without checking anything. So
//! parallel guesses cannot overrun a limit, and refused guesses cost no hashing.
//! When the secret was right, [`Attempt::succeeded`] gives the attempt back.
//! Windows are fixed and short: never a permanent lockout.

use std::net::IpAddr;

use switchboard_db::repo::throttle::{self as repo, Limit, Reservation};
use switchboard_db::Db;

use crate::error::ApiError;

/// At most `max` attempts per `window_secs`.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub max: i64,
    pub window_secs: i64,
}

const WINDOW: i64 = 15 * 60;
/// One subject (an email, a user, the setup token) from one address.
pub const PER_PAIR: Rule = Rule {
    max: 5,
    window_secs: WINDOW,
};
/// One subject from all addresses together.
pub const PER_SUBJECT: Rule = Rule {
    max: 50,
    window_secs: WINDOW,
};
/// One client address (IPv6 by its /64), whatever the subject.
pub const PER_ADDRESS: Rule = Rule {
    max: 100,
    window_secs: WINDOW,
};

/// What is being guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Login,
    /// A signed-in user's password again: reveal and every step-up share it.
    Reauth,
    Setup,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Login => "login",
            Purpose::Reauth => "reauth",
            Purpose::Setup => "setup",
        }
    }
}

/// An attempt counted under its keys. Drop it when the guess was wrong (it stays
/// counted); call [`Attempt::succeeded`] when it was right.
#[must_use = "a right guess must be credited back with `succeeded`"]
#[derive(Debug)]
pub struct Attempt {
    pair: String,
    shared: Vec<String>,
}

impl Attempt {
    /// The guess was right: forgets the pair's failures and gives back the attempt
    /// counted under the subject and the address.
    pub async fn succeeded(self, db: &Db) -> Result<(), ApiError> {
        db.write(move |c| Ok::<_, ApiError>(repo::settle(c, &self.pair, &self.shared)?))
            .await
    }
}

fn limit(key: String, rule: Rule) -> Limit {
    Limit {
        key,
        max: rule.max,
        window_us: rule.window_secs * 1_000_000,
    }
}

/// 429 with `Retry-After` for a window that ends in `retry_after_us`.
fn too_many(what: &str, retry_after_us: i64) -> ApiError {
    let secs = (retry_after_us + 999_999) / 1_000_000;
    ApiError::TooManyRequests {
        retry_after_secs: u64::try_from(secs).unwrap_or(1).max(1),
        detail: format!(
            "Too many {what}. Try again in {} minute(s).",
            (secs + 59) / 60
        ),
    }
}

/// Reserves one attempt for `subject` from `addr`, or refuses with 429.
pub async fn reserve(
    db: &Db,
    purpose: Purpose,
    subject: &str,
    addr: Option<IpAddr>,
) -> Result<Attempt, ApiError> {
    let p = purpose.as_str();
    // Keys stay short whatever the request carried.
    let subject: String = subject.chars().take(320).collect();
    let addr = addr.map_or_else(|| "unknown".to_string(), crate::net::throttle_key);
    let pair = format!("{p}:pair:{subject}@{addr}");
    let shared = vec![format!("{p}:subject:{subject}"), format!("{p}:addr:{addr}")];
    let limits = vec![
        limit(pair.clone(), PER_PAIR),
        limit(shared[0].clone(), PER_SUBJECT),
        limit(shared[1].clone(), PER_ADDRESS),
    ];
    let outcome = db
        .write(move |c| Ok::<_, ApiError>(repo::reserve(c, &limits)?))
        .await?;
    match outcome {
        Reservation::Granted => Ok(Attempt { pair, shared }),
        Reservation::Refused { retry_after_us } => Err(too_many("failed attempts", retry_after_us)),
    }
}

/// Deletes windows that ended long ago (the housekeeping job; never inside a
/// reservation, whose row locks it would wait for).
pub async fn purge(db: &Db) -> Result<usize, ApiError> {
    let day_ago = switchboard_db::now().and_utc().timestamp_micros() - 86_400_000_000;
    db.write(move |c| Ok::<_, ApiError>(repo::purge_before(c, day_ago)?))
        .await
}

/// Counts one use of `key` (every use, right or wrong) against `rule`, or refuses
/// with 429: for actions that are limited whatever their outcome.
pub async fn count_use(db: &Db, key: String, rule: Rule) -> Result<(), ApiError> {
    let limits = vec![limit(key, rule)];
    let outcome = db
        .write(move |c| Ok::<_, ApiError>(repo::reserve(c, &limits)?))
        .await?;
    match outcome {
        Reservation::Granted => Ok(()),
        Reservation::Refused { retry_after_us } => Err(too_many("attempts", retry_after_us)),
    }
}

/// [`count_use`] under several keys at once (all counted, or none when one is full).
pub async fn count_uses(db: &Db, keys: Vec<(String, Rule)>) -> Result<(), ApiError> {
    let limits: Vec<Limit> = keys.into_iter().map(|(k, r)| limit(k, r)).collect();
    let outcome = db
        .write(move |c| Ok::<_, ApiError>(repo::reserve(c, &limits)?))
        .await?;
    match outcome {
        Reservation::Granted => Ok(()),
        Reservation::Refused { retry_after_us } => Err(too_many("requests", retry_after_us)),
    }
}

/// User creation per administrator: 20 an hour (emails are unique across tenants,
/// so a refused email tells that it exists elsewhere; this bounds the probing).
pub const USER_CREATION: Rule = Rule {
    max: 20,
    window_secs: 3600,
};
