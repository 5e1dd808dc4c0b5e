//! Switchboard storage: one diesel code path over SQLite (embedded default) and
//! PostgreSQL, a pool, embedded migrations and the repository functions. Queries
//! live only here and return `QueryResult`.

pub mod backup;
pub mod inspect;
pub mod models;
pub mod repo;
pub mod schema;
mod sql;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection};
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub use diesel::result::{DatabaseErrorKind, Error as DieselError, QueryResult};

/// The SQLite migrations, embedded.
pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
/// The PostgreSQL migrations, embedded.
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// One connection to either backend.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot connect to the {backend} database: {message}")]
    Connect {
        backend: &'static str,
        message: String,
    },
    #[error("database migrations failed: {0}")]
    Migrate(String),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    #[error("database pool: {0}")]
    Pool(String),
    /// The database cannot be reached (connection refused or lost, pool timeout).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database task failed: {0}")]
    Task(String),
}

/// Where the database is: a SQLite path (or `sqlite://path`) or a `postgres://` URL.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    pub backend: Backend,
    target: String,
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Self {
        let raw = raw.trim();
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            Self {
                backend: Backend::Postgres,
                target: raw.to_string(),
            }
        } else {
            let path = raw
                .strip_prefix("sqlite://")
                .or_else(|| raw.strip_prefix("sqlite:"))
                .unwrap_or(raw);
            Self {
                backend: Backend::Sqlite,
                target: path.to_string(),
            }
        }
    }

    /// The SQLite file path, for SQLite URLs.
    pub fn sqlite_path(&self) -> Option<&str> {
        (self.backend == Backend::Sqlite).then_some(self.target.as_str())
    }

    /// The URL without a password, for logs.
    pub fn redacted(&self) -> String {
        match self.backend {
            Backend::Sqlite => format!("sqlite://{}", self.target),
            Backend::Postgres => match url_without_password(&self.target) {
                Some(u) => u,
                None => "postgres://[unparseable]".into(),
            },
        }
    }

    pub fn as_str(&self) -> &str {
        &self.target
    }
}

fn url_without_password(raw: &str) -> Option<String> {
    let (scheme, rest) = raw.split_once("://")?;
    match rest.split_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            Some(format!("{scheme}://{user}@{host}"))
        }
        None => Some(raw.to_string()),
    }
}

/// The PostgreSQL URL with libpq timeouts added where it names none: a database that
/// stops answering (packets dropped rather than refused) fails a connection attempt
/// after 5 s and a query after 15 s, instead of holding a worker until the kernel's
/// TCP timeouts run out (minutes).
pub fn with_pg_timeouts(url: &str) -> String {
    let mut out = url.to_string();
    for (key, value) in [
        ("connect_timeout", "5"),
        ("keepalives_idle", "30"),
        ("tcp_user_timeout", "15000"),
    ] {
        if !out.contains(&format!("{key}=")) {
            out.push(if out.contains('?') { '&' } else { '?' });
            out.push_str(&format!("{key}={value}"));
        }
    }
    out
}

/// Opens connections of the configured backend and prepares SQLite ones
/// (WAL, busy timeout, foreign keys).
pub struct Manager {
    url: DatabaseUrl,
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        match self.url.backend {
            Backend::Postgres => PgConnection::establish(&with_pg_timeouts(&self.url.target))
                .map(DbConn::Postgres)
                .map_err(r2d2::Error::ConnectionError),
            Backend::Sqlite => {
                let mut c = SqliteConnection::establish(&self.url.target)
                    .map_err(r2d2::Error::ConnectionError)?;
                c.batch_execute(
                    "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -512;",
                )
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConn::Sqlite(c))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        r2d2::R2D2Connection::ping(conn).map_err(r2d2::Error::QueryError)
    }

    /// A connection whose server went away is broken once a query failed on it
    /// (diesel reads libpq's state after every query); the pool then drops it
    /// instead of handing it out again.
    fn has_broken(&self, conn: &mut DbConn) -> bool {
        std::thread::panicking() || r2d2::R2D2Connection::is_broken(conn)
    }
}

/// Whether the database answers, as the last uses saw it. State changes are logged
/// once (not once per request); after a connection-level failure, connections are
/// checked on checkout for a while, so dead idle ones are dropped before use.
#[derive(Debug, Default)]
struct Health {
    down: AtomicBool,
    /// Until when checkouts ping their connection (after a connection-level failure).
    suspect_until: Mutex<Option<Instant>>,
}

impl Health {
    const SUSPECT_FOR: Duration = Duration::from_secs(30);

    fn failed(&self, why: &str) {
        if !self.down.swap(true, Ordering::SeqCst) {
            tracing::error!(error = %why, "the database is unreachable; answering 503 until it is back");
        }
        *self.suspect_until.lock().unwrap_or_else(|p| p.into_inner()) =
            Some(Instant::now() + Self::SUSPECT_FOR);
    }

    fn ok(&self) {
        if self.down.swap(false, Ordering::SeqCst) {
            tracing::warn!("the database is reachable again");
        }
    }

    fn suspect(&self) -> bool {
        self.suspect_until
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some_and(|t| Instant::now() < t)
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// The threads that run database work: as many as the pool has connections, started
/// once. (Tokio's blocking pool would keep up to hundreds of threads per runtime,
/// and every actix worker has its own runtime: each thread costs a stack and its own
/// malloc arena, and memory grew under load and stayed.)
struct Workers {
    jobs: std::sync::mpsc::Sender<Job>,
}

impl Workers {
    fn start(n: u32) -> Result<Self, DbError> {
        let (jobs, rx) = std::sync::mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..n.max(1) {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("db-{i}"))
                .spawn(move || loop {
                    let job = rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
                    match job {
                        // A panicking job must not take the worker with it.
                        Ok(job) => {
                            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                        }
                        Err(_) => return, // every `Db` is gone
                    }
                })
                .map_err(|e| DbError::Task(e.to_string()))?;
        }
        Ok(Self { jobs })
    }

    /// Runs `f` on a worker and waits for it without blocking the async thread.
    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, DbError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                let _ = tx.send(f());
            }))
            .map_err(|_| DbError::Task("the database workers stopped".into()))?;
        rx.await
            .map_err(|_| DbError::Task("a database task panicked".into()))
    }
}

/// The database handle: a pool plus the rules for using it from async code.
#[derive(Clone)]
pub struct Db {
    workers: Arc<Workers>,
    pool: Pool<Manager>,
    health: Arc<Health>,
    backend: Backend,
    /// SQLite allows one writer; writers of this process queue here instead of
    /// failing with `SQLITE_BUSY` (other processes are covered by `busy_timeout`).
    sqlite_writer: Arc<Mutex<()>>,
    /// As many database tasks in flight as the pool has connections: callers wait
    /// here (async) instead of parking blocking threads on the pool.
    permits: Arc<tokio::sync::Semaphore>,
    /// Write transactions this process has finished: short-lived caches remember the
    /// count they were filled at and are void once it moves.
    writes: Arc<std::sync::atomic::AtomicU64>,
    /// Signalled after a write transaction that wrote an event for the relay or
    /// queued webhook deliveries commits, so the webhook job relays and sends at
    /// once instead of at its next poll.
    outbox: Arc<tokio::sync::Notify>,
}

thread_local! {
    /// Set by [`repo::events::insert`] and [`repo::webhooks::insert_deliveries`]
    /// inside a write transaction on this thread; read and cleared by
    /// [`Db::write_blocking`] when it ends.
    static OUTBOX_QUEUED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Notes that the current write transaction queued deliveries.
pub(crate) fn outbox_queued() {
    OUTBOX_QUEUED.with(|q| q.set(true));
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Db({})", self.backend.as_str())
    }
}

impl Db {
    /// Connects (surfacing the real connection error), turns on WAL for SQLite and
    /// builds the pool. Does not run migrations.
    pub fn connect(url: &DatabaseUrl, max_size: u32) -> Result<Self, DbError> {
        let manager = Manager { url: url.clone() };
        // Connect once directly: a bad URL or password fails here with its own message.
        let mut first = manager.connect().map_err(|e| DbError::Connect {
            backend: url.backend.as_str(),
            message: e.to_string(),
        })?;
        if url.backend == Backend::Sqlite {
            first
                .batch_execute("PRAGMA journal_mode = WAL;")
                .map_err(DbError::Query)?;
        }
        drop(first);
        let pool = Pool::builder()
            .max_size(max_size.max(1))
            .min_idle(Some(1))
            // While the database is away, callers learn it within seconds (503).
            .connection_timeout(Duration::from_secs(5))
            .test_on_check_out(false)
            .build(manager)
            .map_err(|e| DbError::Pool(e.to_string()))?;
        Ok(Self {
            pool,
            workers: Arc::new(Workers::start(max_size)?),
            health: Default::default(),
            backend: url.backend,
            sqlite_writer: Arc::new(Mutex::new(())),
            permits: Arc::new(tokio::sync::Semaphore::new(max_size.max(1) as usize)),
            writes: Arc::new(std::sync::atomic::AtomicU64::new(0)),
            outbox: Arc::new(tokio::sync::Notify::new()),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn get(&self) -> Result<PooledConnection<Manager>, DbError> {
        let unavailable = |e: r2d2::PoolError| {
            let m = e.to_string();
            self.health.failed(&m);
            DbError::Unavailable(m)
        };
        let mut conn = self.pool.get().map_err(unavailable)?;
        if self.health.suspect() {
            // After a connection-level failure idle connections may be dead: each one
            // that fails its ping is broken now, and dropped when it goes back.
            for _ in 0..=self.pool.max_size() {
                match r2d2::R2D2Connection::ping(&mut *conn) {
                    Ok(()) => break,
                    Err(e) => {
                        self.health.failed(&e.to_string());
                        drop(conn);
                        conn = self.pool.get().map_err(unavailable)?;
                    }
                }
            }
        }
        Ok(conn)
    }

    /// Notes how a use of `conn` ended: a failure that broke the connection marks
    /// the database as unreachable; a success marks it reachable.
    fn observe<T, E>(&self, conn: &mut DbConn, result: &Result<T, E>) {
        match result {
            Ok(_) => self.health.ok(),
            Err(_) if r2d2::R2D2Connection::is_broken(conn) => {
                self.health.failed("a database connection was lost")
            }
            Err(_) => {}
        }
    }

    /// Applies pending migrations. On PostgreSQL an advisory lock makes replicas
    /// starting together take turns.
    pub fn migrate(&self) -> Result<usize, DbError> {
        let mut conn = self.get()?;
        let m = |e: Box<dyn std::error::Error + Send + Sync>| DbError::Migrate(e.to_string());
        match &mut *conn {
            DbConn::Postgres(c) => {
                c.batch_execute("SELECT pg_advisory_lock(7305118290561)")
                    .map_err(DbError::Query)?;
                let result = c
                    .run_pending_migrations(POSTGRES_MIGRATIONS)
                    .map(|v| v.len());
                let _ = c.batch_execute("SELECT pg_advisory_unlock(7305118290561)");
                result.map_err(m)
            }
            DbConn::Sqlite(c) => c
                .run_pending_migrations(SQLITE_MIGRATIONS)
                .map(|v| v.len())
                .map_err(m),
        }
    }

    /// Runs read work on the database workers, off the async threads.
    pub async fn read<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        // The permit travels with the job: a caller that goes away does not free a
        // slot while its job still waits for a worker.
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| E::from(DbError::Task(e.to_string())))?;
        let this = self.clone();
        self.workers
            .run(move || {
                let _permit = permit;
                let mut conn = this.get().map_err(E::from)?;
                let result = f(&mut conn);
                this.observe(&mut conn, &result);
                result
            })
            .await
            .map_err(E::from)?
    }

    /// Runs `f` in one transaction on the blocking pool. On SQLite, writers of this
    /// process take turns and the transaction is `BEGIN IMMEDIATE`: it takes the write
    /// lock at its start (waiting up to the busy timeout for other processes), so it
    /// never fails upgrading a read to a write.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        let this = self.clone();
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| E::from(DbError::Task(e.to_string())))?;
        self.workers
            .run(move || {
                let _permit = permit;
                this.write_blocking(f)
            })
            .await
            .map_err(E::from)?
    }

    /// The blocking form of [`Db::write`], for the CLI.
    pub fn write_blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        E: From<DbError> + From<diesel::result::Error>,
        F: FnOnce(&mut DbConn) -> Result<T, E>,
    {
        let _guard = match self.backend {
            Backend::Sqlite => Some(self.sqlite_writer.lock().unwrap_or_else(|p| p.into_inner())),
            Backend::Postgres => None,
        };
        let mut conn = self.get().map_err(E::from)?;
        OUTBOX_QUEUED.with(|q| q.set(false));
        let result = match &*conn {
            DbConn::Sqlite(_) => immediate_transaction(&mut conn, f),
            DbConn::Postgres(_) => conn.transaction(|c| f(c)),
        };
        self.observe(&mut conn, &result);
        // Counted after the commit: a cache filled before it sees a newer count.
        self.writes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if OUTBOX_QUEUED.with(|q| q.replace(false)) && result.is_ok() {
            self.outbox.notify_one();
        }
        result
    }

    /// SQLite: copies the write-ahead log into the database file and empties it
    /// (best effort: readers in progress can keep part of it). No-op on PostgreSQL.
    pub async fn checkpoint(&self) {
        if self.backend != Backend::Sqlite {
            return;
        }
        let _ = self
            .read(|c| {
                diesel::connection::SimpleConnection::batch_execute(
                    c,
                    "PRAGMA wal_checkpoint(TRUNCATE);",
                )
                .map_err(DbError::from)
            })
            .await;
    }

    /// Connections of the pool right now.
    pub fn pool_state(&self) -> PoolState {
        let s = self.pool.state();
        PoolState {
            connections: s.connections,
            idle: s.idle_connections,
            max: self.pool.max_size(),
        }
    }

    /// Whether the database answers a trivial query (readiness).
    pub async fn ping(&self) -> Result<(), DbError> {
        self.read(|c| c.batch_execute("SELECT 1").map_err(DbError::from))
            .await
    }

    /// Signalled after a committed write transaction wrote an event for the relay
    /// or queued webhook deliveries.
    pub fn outbox(&self) -> Arc<tokio::sync::Notify> {
        self.outbox.clone()
    }

    /// How many write transactions this process has finished (see [`Db::write`]).
    pub fn writes(&self) -> u64 {
        self.writes.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// `f` inside `BEGIN IMMEDIATE` … `COMMIT` (rolled back on error) on SQLite.
fn immediate_transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    E: From<diesel::result::Error>,
    F: FnOnce(&mut DbConn) -> Result<T, E>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let DbConn::Sqlite(lite) = conn else {
        return conn.transaction(|c| f(c));
    };
    AnsiTransactionManager::begin_transaction_sql(lite, "BEGIN IMMEDIATE")?;
    let result = f(conn);
    let DbConn::Sqlite(lite) = conn else {
        return result;
    };
    match result {
        Ok(v) => {
            if let Err(e) = AnsiTransactionManager::commit_transaction(lite) {
                let _ = AnsiTransactionManager::rollback_transaction(lite);
                return Err(e.into());
            }
            Ok(v)
        }
        Err(e) => {
            AnsiTransactionManager::rollback_transaction(lite)?;
            Err(e)
        }
    }
}

/// Whether a query error means the database could not be reached (the connection
/// was refused, lost or closed) rather than that the query was wrong; or, on SQLite,
/// that the database stayed locked past the busy timeout.
pub fn is_unavailable(e: &diesel::result::Error) -> bool {
    use diesel::result::Error as E;
    match e {
        E::DatabaseError(DatabaseErrorKind::ClosedConnection, _)
        | E::DatabaseError(DatabaseErrorKind::UnableToSendCommand, _) => true,
        E::DatabaseError(_, info) => {
            let m = info.message();
            m.contains("database is locked")
                || m.contains("server closed the connection")
                || m.contains("no connection to the server")
                || m.contains("terminating connection")
                || m.contains("Connection refused")
        }
        _ => false,
    }
}

/// The database's clock (UTC, microseconds): PostgreSQL's `clock_timestamp()`, so
/// times compared across replicas (refresh leases) do not depend on their clocks;
/// on SQLite, an embedded database, the machine's clock.
pub fn clock(conn: &mut DbConn) -> QueryResult<chrono::NaiveDateTime> {
    #[derive(diesel::QueryableByName)]
    struct Now {
        #[diesel(sql_type = diesel::sql_types::Timestamp)]
        t: chrono::NaiveDateTime,
    }
    match conn {
        DbConn::Postgres(pg) => {
            diesel::sql_query("SELECT (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(6) AS t")
                .get_result::<Now>(pg)
                .map(|n| n.t)
        }
        DbConn::Sqlite(_) => Ok(now()),
    }
}

/// The pool's connections: open, idle, and the most it opens.
#[derive(Debug, Clone, Copy)]
pub struct PoolState {
    pub connections: u32,
    pub idle: u32,
    pub max: u32,
}

/// The current time with microsecond precision (the precision both backends keep).
pub fn now() -> chrono::NaiveDateTime {
    let t = chrono::Utc::now().naive_utc();
    let micros = t.and_utc().timestamp_micros();
    chrono::DateTime::from_timestamp_micros(micros)
        .map(|d| d.naive_utc())
        .unwrap_or(t)
}

/// Whether an error is a unique-constraint violation.
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)
    )
}

/// Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern.
pub fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
