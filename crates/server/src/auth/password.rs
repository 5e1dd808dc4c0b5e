//! Argon2id password hashing off the async threads, with bounded concurrency.

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use prometheus_client::metrics::counter::Counter;
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// m = 19 MiB, t = 2, p = 1 (OWASP's argon2id baseline).
pub const M_COST: u32 = 19 * 1024;
pub const T_COST: u32 = 2;
pub const P_COST: u32 = 1;
pub const MIN_LEN: usize = 8;
/// Longer passwords are refused before hashing.
pub const MAX_LEN: usize = 1024;

#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    /// Verified against when the email is unknown, so both cost the same.
    dummy: Arc<String>,
    /// Every verification (`switchboard_password_checks_total`).
    checks: Counter,
}

fn argon() -> Argon2<'static> {
    let params = Params::new(M_COST, T_COST, P_COST, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_blocking(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(ApiError::internal)
}

/// Checks length rules; the message is safe to show.
pub fn check_policy(password: &str) -> Result<(), ApiError> {
    if password.chars().count() > MAX_LEN {
        return Err(ApiError::field(
            "password",
            format!("must be at most {MAX_LEN} characters"),
        ));
    }
    if password.chars().count() < MIN_LEN {
        return Err(ApiError::field(
            "password",
            format!("must be at least {MIN_LEN} characters"),
        ));
    }
    Ok(())
}

/// Whether a stored hash is weaker than the current parameters.
pub fn needs_rehash(stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(h) => {
            let p = Params::try_from(&h).ok();
            h.algorithm.as_str() != "argon2id"
                || p.is_none_or(|p| {
                    p.m_cost() < M_COST || p.t_cost() < T_COST || p.p_cost() != P_COST
                })
        }
        Err(_) => true,
    }
}

impl Passwords {
    pub fn new(concurrency: usize, checks: Counter) -> Result<Self, ApiError> {
        let dummy = hash_blocking("switchboard-dummy-password-for-timing")?;
        Ok(Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            dummy: Arc::new(dummy),
            checks,
        })
    }

    pub async fn hash(&self, password: &str) -> Result<String, ApiError> {
        check_policy(password)?;
        let _permit = self.permits.acquire().await.map_err(ApiError::internal)?;
        let pw = zeroize::Zeroizing::new(password.to_string());
        tokio::task::spawn_blocking(move || hash_blocking(&pw))
            .await
            .map_err(ApiError::internal)?
    }

    /// Verifies against `stored`, or against a dummy hash when `stored` is `None`
    /// (unknown user), so that both take the same time. Over-long input is refused
    /// before any hashing.
    pub async fn verify(&self, stored: Option<&str>, password: &str) -> Result<bool, ApiError> {
        if password.len() > MAX_LEN {
            return Ok(false);
        }
        let known = stored.is_some();
        let hash = stored
            .map(str::to_string)
            .unwrap_or_else(|| self.dummy.as_ref().clone());
        let _permit = self.permits.acquire().await.map_err(ApiError::internal)?;
        self.checks.inc();
        let pw = zeroize::Zeroizing::new(password.to_string());
        let ok = tokio::task::spawn_blocking(move || match PasswordHash::new(&hash) {
            Ok(parsed) => argon().verify_password(pw.as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        })
        .await
        .map_err(ApiError::internal)?;
        Ok(ok && known)
    }
}
