//! Graceful shutdown. The first SIGTERM or SIGINT starts it: `/readyz` answers
//! 503 at once; for `SWITCHBOARD_SHUTDOWN_DRAIN_SECS` (0 by default) the server
//! keeps serving so load balancers see that and stop sending; then the listener
//! closes, requests in flight finish (proxied streams included), the background
//! jobs stop after the work in hand, the refresh leases this process still holds
//! are released, the last proxied-call counts are stored and the database pool
//! closes. The waiting for requests and jobs is bounded by
//! `SWITCHBOARD_SHUTDOWN_TIMEOUT_SECS`; a second signal ends it at once.
//!
//! Leases of work that did not finish (a provider that never answers) are given
//! back explicitly, so another replica takes the connection over at once instead
//! of after the lease time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use switchboard_types::ConnectionId;
use tokio::sync::watch;

/// Whether this process is stopping, and the refresh leases it holds.
#[derive(Debug)]
pub struct Shutdown {
    stopping: watch::Sender<Option<Instant>>,
    forced: std::sync::atomic::AtomicBool,
    /// lease id → connection, for the leases this process holds right now.
    leases: Mutex<HashMap<String, ConnectionId>>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self {
            stopping: watch::Sender::new(None),
            forced: Default::default(),
            leases: Mutex::default(),
        }
    }
}

impl Shutdown {
    /// Starts the shutdown; true the first time.
    pub fn begin(&self) -> bool {
        self.stopping.send_if_modified(|s| {
            if s.is_some() {
                return false;
            }
            *s = Some(Instant::now());
            true
        })
    }

    /// A second signal: stop waiting for anything.
    pub fn force(&self) {
        self.begin();
        self.forced
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn is_stopping(&self) -> bool {
        self.stopping.borrow().is_some()
    }

    fn is_forced(&self) -> bool {
        self.forced.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Resolves once the shutdown has started (jobs wait on it beside their timers).
    pub async fn stopped(&self) {
        let mut rx = self.stopping.subscribe();
        let _ = rx.wait_for(Option::is_some).await;
    }

    /// How long is left of `timeout` since the shutdown started (all of it before).
    pub fn remaining(&self, timeout: Duration) -> Duration {
        if self.is_forced() {
            return Duration::ZERO;
        }
        match *self.stopping.borrow() {
            Some(at) => timeout.saturating_sub(at.elapsed()),
            None => timeout,
        }
    }

    /// Records a refresh lease this process has just taken; the guard forgets it
    /// when the work ends. Leases still recorded when the process stops (their
    /// work was cut off) are released by [`release_held`].
    pub fn hold(self: &Arc<Self>, id: ConnectionId, lease: &str) -> HeldLease {
        self.leases
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(lease.to_string(), id);
        HeldLease {
            shutdown: self.clone(),
            lease: lease.to_string(),
        }
    }

    fn held(&self) -> Vec<(String, ConnectionId)> {
        self.leases
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .drain()
            .collect()
    }
}

/// A refresh lease recorded in [`Shutdown`]. Dropping it forgets the lease,
/// except while the process stops: then the work was cut off, and the lease is
/// released at the end (fenced by its id, so one already released stays so).
#[derive(Debug)]
pub struct HeldLease {
    shutdown: Arc<Shutdown>,
    lease: String,
}

impl Drop for HeldLease {
    fn drop(&mut self) {
        if self.shutdown.is_stopping() {
            return;
        }
        self.shutdown
            .leases
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.lease);
    }
}

/// Gives back the refresh leases still recorded; returns how many were released.
pub async fn release_held(state: &crate::state::AppState) -> usize {
    let held = state.shutdown.held();
    if held.is_empty() {
        return 0;
    }
    let result = state
        .db
        .write(move |c| {
            let mut released = 0;
            for (lease, id) in &held {
                released += switchboard_db::repo::token_refresh::release(c, *id, lease)?;
            }
            Ok::<_, crate::error::ApiError>(released)
        })
        .await;
    match result {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "could not release the refresh leases; they run out on their own");
            0
        }
    }
}

/// Waits for the first SIGTERM or SIGINT and stops the server gracefully after
/// `drain`; a second one stops it at once.
pub async fn on_signals(
    shutdown: Arc<Shutdown>,
    server: actix_web::dev::ServerHandle,
    drain: Duration,
) {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        tracing::warn!("cannot listen for SIGTERM/SIGINT; stop the process with SIGKILL");
        return;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
    stop(&shutdown, &server, drain);
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
    tracing::warn!("second signal: stopping now");
    shutdown.force();
    server.stop(false).await;
}

/// Starts a graceful stop (what the first signal does): readiness fails at once,
/// the listener closes after `drain`.
pub fn stop(shutdown: &Shutdown, server: &actix_web::dev::ServerHandle, drain: Duration) {
    if shutdown.begin() {
        tracing::info!(
            drain_secs = drain.as_secs(),
            "stopping: readiness answers 503; after the drain time no new connections, and requests in flight may finish (a second signal stops at once)"
        );
    }
    let server = server.clone();
    tokio::spawn(async move {
        tokio::time::sleep(drain).await;
        server.stop(true).await;
    });
}
