//! Graceful shutdown. The first SIGTERM or SIGINT starts it: `/readyz` answers
//! 503 at once; for `SWITCHBOARD_SHUTDOWN_DRAIN_SECS` (0 by default) the server
//! keeps serving so load balancers see that and stop sending; then the listener
//! closes, requests in flight finish (proxied streams included), the background
//! jobs stop after the work in hand, the refresh leases of work that was cut off
//! are released, the last proxied-call counts are stored and the database pool
//! closes. Requests and jobs get the drain time plus
//! `SWITCHBOARD_SHUTDOWN_TIMEOUT_SECS`; the final writes a few seconds more. A
//! second signal stops waiting for any of it.
//!
//! A lease is given back only once the work that held it is gone (its guard
//! dropped): a refresh still waiting for the provider keeps its lease, so no other
//! replica can spend the same refresh token meanwhile; it runs out on its own.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use switchboard_types::ConnectionId;
use tokio::sync::watch;

/// The most the final writes (lease release, call counts) may take.
pub const FINAL_WRITES: Duration = Duration::from_secs(3);

/// Whether this process is stopping, and the refresh leases it holds.
#[derive(Debug)]
pub struct Shutdown {
    stopping: watch::Sender<Option<Instant>>,
    forced: watch::Sender<bool>,
    /// lease id → (connection, whether its work is gone).
    leases: Mutex<HashMap<String, (ConnectionId, bool)>>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self {
            stopping: watch::Sender::new(None),
            forced: watch::Sender::new(false),
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
        self.forced.send_replace(true);
    }

    pub fn is_stopping(&self) -> bool {
        self.stopping.borrow().is_some()
    }

    /// Resolves once the shutdown has started (jobs wait on it beside their timers).
    pub async fn stopped(&self) {
        let mut rx = self.stopping.subscribe();
        let _ = rx.wait_for(Option::is_some).await;
    }

    /// Resolves once a second signal came.
    pub async fn forced(&self) {
        let mut rx = self.forced.subscribe();
        let _ = rx.wait_for(|f| *f).await;
    }

    /// Runs `work` for at most `limit`, or until a second signal; `None` when it
    /// did not finish.
    pub async fn bounded<T>(
        &self,
        limit: Duration,
        work: impl std::future::Future<Output = T>,
    ) -> Option<T> {
        tokio::select! {
            r = tokio::time::timeout(limit, work) => r.ok(),
            () = self.forced() => None,
        }
    }

    /// How long is left of `timeout` since the shutdown started (all of it before).
    pub fn remaining(&self, timeout: Duration) -> Duration {
        match *self.stopping.borrow() {
            Some(at) => timeout.saturating_sub(at.elapsed()),
            None => timeout,
        }
    }

    /// Records a refresh lease this process is about to take (before the claim, so
    /// no claimed lease goes unrecorded); the guard forgets it when the work ends.
    pub fn hold(self: &Arc<Self>, id: ConnectionId, lease: &str) -> HeldLease {
        self.lock().insert(lease.to_string(), (id, false));
        HeldLease {
            shutdown: self.clone(),
            lease: lease.to_string(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (ConnectionId, bool)>> {
        self.leases.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether work holding a lease is still running.
    fn busy(&self) -> bool {
        self.lock().values().any(|(_, gone)| !gone)
    }

    /// The leases whose work is gone, taken out of the record.
    fn abandoned(&self) -> Vec<(String, ConnectionId)> {
        let mut leases = self.lock();
        let gone: Vec<String> = leases
            .iter()
            .filter(|(_, (_, gone))| *gone)
            .map(|(l, _)| l.clone())
            .collect();
        gone.into_iter()
            .filter_map(|l| leases.remove(&l).map(|(id, _)| (l, id)))
            .collect()
    }
}

/// A refresh lease recorded in [`Shutdown`]. Dropping it forgets the lease,
/// except while the process stops: then its work was cut off (or ended as the
/// process stopped), and the lease is released at the end, fenced by its id, so
/// a lease already released or never claimed stays as it is.
#[derive(Debug)]
pub struct HeldLease {
    shutdown: Arc<Shutdown>,
    lease: String,
}

impl Drop for HeldLease {
    fn drop(&mut self) {
        let stopping = self.shutdown.is_stopping();
        let mut leases = self.shutdown.lock();
        if stopping {
            if let Some(entry) = leases.get_mut(&self.lease) {
                entry.1 = true;
            }
        } else {
            leases.remove(&self.lease);
        }
    }
}

/// Gives back the refresh leases whose work is gone, after waiting up to `wait`
/// for work still running (a worker's tasks end when its runtime does); returns
/// how many were released.
pub async fn release_held(state: &crate::state::AppState, wait: Duration) -> usize {
    let until = Instant::now() + wait;
    while state.shutdown.busy() && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let held = state.shutdown.abandoned();
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
/// `drain`; a second one forces the stop.
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
