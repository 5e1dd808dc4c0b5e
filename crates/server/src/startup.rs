//! Building and running the server.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::http::header;
use actix_web::middleware::{from_fn, Compress, DefaultHeaders, Next};
use actix_web::{web, App, HttpMessage as _, HttpResponse, HttpServer};
use secrecy::{ExposeSecret, SecretString};
use switchboard_db::{Backend, Db};
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::{scope, AppExt};
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::jwt::JwtKeys;
use crate::auth::password::Passwords;
use crate::config::Config;
use crate::error;
use crate::keyring::{load_master_key, KeyRing};
use crate::metrics::Metrics;
use crate::openapi::ApiDoc;
use crate::routes;
use crate::services::bootstrap::{self, StartError};
use crate::state::AppState;

pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Opens the database, checks the master key, migrates and bootstraps. Used by
/// `serve` and `migrate`.
pub fn prepare(config: &Config) -> Result<(Db, Arc<KeyRing>), StartError> {
    let sqlite = config
        .database_url
        .sqlite_path()
        .map(std::path::PathBuf::from);
    if matches!(
        config.master_key,
        crate::config::MasterKeySource::Generated(_)
    ) || sqlite
        .as_deref()
        .is_some_and(|p| p.starts_with(&config.data_dir))
    {
        private_dir(&config.data_dir)?;
    }
    let (master, generated) =
        load_master_key(&config.master_key).map_err(|e| StartError::Config(e.to_string()))?;
    if generated {
        tracing::warn!(
            "GENERATED A NEW MASTER KEY in {} (mode 0600). Back it up: without it no stored credential can ever be decrypted. \
             In production set SWITCHBOARD_MASTER_KEY or SWITCHBOARD_MASTER_KEY_FILE.",
            config.data_dir.join("master.key").display()
        );
    }
    if let Some(path) = &sqlite {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            private_dir(dir)?;
        }
        private_sqlite_files(path)?;
    }
    let previous = crate::keyring::load_previous_keys(&config.previous_master_keys)
        .map_err(|e| StartError::Config(e.to_string()))?;
    let keys = Arc::new(KeyRing::with_previous(master, previous));
    let db = Db::connect(&config.database_url, config.db_pool_size)?;
    bootstrap::check_fingerprint(&db, &keys)?;
    let applied = db.migrate()?;
    if applied > 0 {
        tracing::info!(
            applied,
            backend = db.backend().as_str(),
            "applied database migrations"
        );
    }
    bootstrap::ensure_initialized(&db, &keys)?;
    Ok((db, keys))
}

/// Creates `dir` (and its parents) and makes it readable by this user only (0700).
fn private_dir(dir: &std::path::Path) -> Result<(), StartError> {
    use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
    let err =
        |e: std::io::Error| StartError::Other(format!("cannot create {}: {e}", dir.display()));
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(err)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(err)
}

/// The SQLite database file exists with mode 0600 before SQLite opens it (its
/// write-ahead log and shared-memory files take the database file's mode); files
/// left looser by an older version are tightened.
fn private_sqlite_files(db: &std::path::Path) -> Result<(), StartError> {
    use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
    let err = |p: &std::path::Path, e: std::io::Error| {
        StartError::Other(format!("cannot secure {}: {e}", p.display()))
    };
    if !db.exists() {
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(db)
            .map_err(|e| err(db, e))?;
    }
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let p = std::path::PathBuf::from(format!("{}{suffix}", db.display()));
        if p.exists() {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| err(&p, e))?;
        }
    }
    Ok(())
}

pub struct Application {
    server: Server,
    port: u16,
    pub state: AppState,
    jobs: Vec<tokio::task::JoinHandle<()>>,
}

impl Application {
    /// Prepares everything and binds; `run` serves.
    pub async fn build(config: Config) -> Result<Self, StartError> {
        let config = Arc::new(config);
        let c2 = config.clone();
        let (db, keys) = tokio::task::spawn_blocking(move || prepare(&c2))
            .await
            .map_err(|e| StartError::Other(e.to_string()))??;
        let users = db
            .read(|c| Ok::<_, switchboard_db::DbError>(switchboard_db::repo::users::count(c)?))
            .await?;
        let setup_token = config
            .setup_token
            .clone()
            .unwrap_or_else(|| SecretString::from(crate::auth::random_token()));
        if users == 0 && config.setup_token.is_some() {
            tracing::info!(
                "Switchboard is not set up yet: POST /api/v1/setup with the token from SWITCHBOARD_SETUP_TOKEN"
            );
        } else if users == 0 {
            // A generated token is printed once, to the terminal, not into the structured
            // log; a token from the environment is never printed.
            eprintln!(
                "\n  Switchboard is not set up yet. Open the web app or POST /api/v1/setup with this one-time setup token:\n\n      {}\n",
                setup_token.expose_secret()
            );
        }
        let egress = Arc::new(
            crate::outbound::guard::Allowed::parse(&config.allowed_private_hosts).map_err(|e| {
                StartError::Config(format!("SWITCHBOARD_ALLOWED_PRIVATE_HOSTS: {e}"))
            })?,
        );
        let metrics = Arc::new(Metrics::new());
        let signing = bootstrap::signing_secret(&db, &keys)?;
        let state = AppState {
            jwt: Arc::new(JwtKeys::from_secret(secrecy::ExposeSecret::expose_secret(
                &signing,
            ))),
            keys,
            passwords: Passwords::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()),
                metrics.password_checks.clone(),
            )
            .map_err(|e| StartError::Other(e.to_string()))?,
            http: crate::outbound::guard::client(egress.clone(), config.outbound_timeout_secs, 8)
                .map_err(StartError::Other)?,
            proxy_http: crate::outbound::guard::client(
                egress.clone(),
                config.proxy_timeout_secs,
                256,
            )
            .map_err(StartError::Other)?,
            webhook_http: crate::outbound::guard::client(
                egress.clone(),
                crate::services::webhooks::TIMEOUT_SECS,
                64,
            )
            .map_err(StartError::Other)?,
            limiter: Arc::new(match config.rate_limit_backend.as_str() {
                "postgres" if db.backend() == switchboard_db::Backend::Postgres => {
                    crate::outbound::ratelimit::Limiter::Postgres(
                        crate::outbound::ratelimit::shared::Shared::new(db.clone()),
                    )
                }
                "postgres" => {
                    return Err(StartError::Config(
                        "SWITCHBOARD_RATE_LIMIT_BACKEND=postgres needs a PostgreSQL database"
                            .into(),
                    ))
                }
                _ => crate::outbound::ratelimit::Limiter::Memory(Default::default()),
            }),
            egress,
            metrics,
            setup_token: Arc::new(setup_token),
            shutdown: Default::default(),
            flights: Default::default(),
            sweep_wake: Default::default(),
            principals: Default::default(),
            app_names: Default::default(),
            proxy_plans: Default::default(),
            usage: Default::default(),
            config: config.clone(),
            db,
        };
        let listener = TcpListener::bind(&config.bind)
            .map_err(|e| StartError::Other(format!("cannot listen on {}: {e}", config.bind)))?;
        let port = listener
            .local_addr()
            .map_err(|e| StartError::Other(e.to_string()))?
            .port();
        let st = state.clone();
        let connections = Arc::new(crate::intake::Connections::default());
        let (trusted, max_per_address) = (
            config.proxies.trusted.clone(),
            config.max_connections_per_address,
        );
        let server = HttpServer::new(move || build_app(st.clone()))
            .on_connect(move |conn, ext| {
                if let Some(tcp) = conn.downcast_ref::<actix_web::rt::net::TcpStream>() {
                    // Small answers written in pieces (streamed proxy bodies) must not
                    // wait for the client's delayed ACK (Nagle): 40 ms per call otherwise.
                    let _ = tcp.set_nodelay(true);
                    let ip = tcp
                        .peer_addr()
                        .ok()
                        .map(|a| crate::net::canonical(a.ip()))
                        .filter(|ip| !trusted.contains(*ip));
                    ext.insert(connections.open(ip, max_per_address));
                }
            })
            .listen(listener)
            .map_err(|e| StartError::Other(e.to_string()))?
            .disable_signals()
            .shutdown_timeout(config.shutdown_timeout_secs)
            .run();
        tracing::info!(
            address = %config.bind,
            port,
            database = %config.database_url.redacted(),
            backend = state.db.backend().as_str(),
            "switchboard is listening"
        );
        let jobs = crate::jobs::start(&state);
        Ok(Self {
            server,
            port,
            state,
            jobs,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops this server the way SIGTERM does (for embedding and tests).
    pub fn stopper(&self) -> Stopper {
        Stopper {
            shutdown: self.state.shutdown.clone(),
            server: self.server.handle(),
            drain: std::time::Duration::from_secs(self.state.config.shutdown_drain_secs),
        }
    }

    /// Serves until SIGTERM/SIGINT (or [`Stopper::stop`]), then shuts down
    /// gracefully (see [`crate::shutdown`]).
    pub async fn run(self) -> std::io::Result<()> {
        use crate::shutdown::FINAL_WRITES;
        let shutdown = self.state.shutdown.clone();
        let signals = tokio::spawn(crate::shutdown::on_signals(
            shutdown.clone(),
            self.server.handle(),
            std::time::Duration::from_secs(self.state.config.shutdown_drain_secs),
        ));
        let mut server = self.server;
        // A second signal drops the server: its workers stop at once.
        let stopped = tokio::select! {
            r = &mut server => Some(r),
            () = shutdown.forced() => None,
        };
        let stopped = match stopped {
            Some(r) => r,
            None => {
                drop(server);
                Ok(())
            }
        };
        shutdown.begin();
        let timeout = std::time::Duration::from_secs(
            self.state.config.shutdown_drain_secs + self.state.config.shutdown_timeout_secs,
        );
        // The jobs finish the work in hand within what is left of the timeout.
        let mut jobs = self.jobs;
        let wait = futures_util::future::join_all(jobs.iter_mut());
        if shutdown
            .bounded(shutdown.remaining(timeout), wait)
            .await
            .is_none()
        {
            tracing::warn!("background work did not finish in time; cut off");
            jobs.iter().for_each(tokio::task::JoinHandle::abort);
        }
        let released = shutdown
            .bounded(
                FINAL_WRITES,
                crate::shutdown::release_held(&self.state, std::time::Duration::from_secs(1)),
            )
            .await
            .unwrap_or(0);
        if released > 0 {
            tracing::info!(released, "released refresh leases of work cut off");
        }
        // The calls counted since the last flush, before the process ends.
        match shutdown
            .bounded(FINAL_WRITES, crate::outbound::usage::flush(&self.state))
            .await
        {
            Some(Ok(_)) => {}
            Some(Err(e)) => {
                tracing::warn!(error = %e, "could not store the last proxied-call counts")
            }
            None => tracing::warn!("the last proxied-call counts were not stored in time"),
        }
        signals.abort();
        tracing::info!("stopped");
        stopped
    }
}

/// Starts a graceful stop of a running [`Application`].
#[derive(Clone)]
pub struct Stopper {
    shutdown: Arc<crate::shutdown::Shutdown>,
    server: actix_web::dev::ServerHandle,
    drain: std::time::Duration,
}

impl Stopper {
    pub fn stop(&self) {
        crate::shutdown::stop(&self.shutdown, &self.server, self.drain);
    }
}

/// `X-Request-Id` on every answer, and the same id as `request_id` in Switchboard's
/// own problem documents.
async fn request_id_header(
    req: actix_web::dev::ServiceRequest,
    next: Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let id: Option<String> = req
        .extensions()
        .get::<tracing_actix_web::RequestId>()
        .map(|r| r.to_string());
    let mut res = next.call(req).await?.map_into_boxed_body();
    let Some(id) = id else {
        return Ok(res);
    };
    if let Ok(v) = header::HeaderValue::from_str(&id) {
        res.headers_mut()
            .insert(header::HeaderName::from_static("x-request-id"), v);
    }
    if res
        .response()
        .extensions()
        .get::<error::OwnProblem>()
        .is_none()
    {
        return Ok(res);
    }
    let (req, response) = res.into_parts();
    let (response, body) = response.into_parts();
    let bytes = actix_web::body::to_bytes(body).await.unwrap_or_default();
    let body = error::with_request_id(&bytes, &id).unwrap_or_else(|| bytes.to_vec());
    Ok(actix_web::dev::ServiceResponse::new(
        req,
        response.set_body(actix_web::body::BoxBody::new(body)),
    ))
}

async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, "/docs/"))
        .finish()
}

/// The actix app: middleware, extractor error handlers, API, docs, fallback.
pub fn build_app(
    state: AppState,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    use utoipa::OpenApi as _;
    let json_cfg = web::JsonConfig::default()
        .limit(256 * 1024)
        .error_handler(error::json_error);
    let query_cfg = web::QueryConfig::default().error_handler(error::query_error);
    let path_cfg = web::PathConfig::default().error_handler(error::path_error);
    let secure = state.config.secure_cookies();
    let mut headers = DefaultHeaders::new()
        .add((header::CONTENT_SECURITY_POLICY, CSP))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::REFERRER_POLICY, "no-referrer"))
        .add((header::X_FRAME_OPTIONS, "DENY"));
    if secure {
        headers = headers.add((
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ));
    }
    // The explorer and the document go first: the `/api/v1` scope would otherwise
    // swallow `/api/v1/openapi.json` (actix scopes do not fall through).
    let spec = crate::openapi::shared().clone();
    let (app, _) = App::new()
        .service(SwaggerUi::new("/docs/{_:.*}").url("/api/v1/openapi.json", spec))
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .app_data(web::Data::new(state))
        .app_data(json_cfg)
        .app_data(query_cfg)
        .app_data(path_cfg)
        .service(scope::scope("/api/v1").configure(routes::api_v1))
        .configure(routes::ops::configure)
        .split_for_parts();
    app.route("/docs", web::get().to(docs_redirect))
        .default_service(web::to(crate::web::fallback))
        .wrap(from_fn(crate::intake::guard))
        .wrap(Compress::default())
        .wrap(from_fn(crate::metrics::track))
        .wrap(headers)
        .wrap(from_fn(request_id_header))
        .wrap(TracingLogger::<crate::telemetry::RequestSpan>::new())
}

pub fn backend_name(db: &Db) -> &'static str {
    match db.backend() {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}
