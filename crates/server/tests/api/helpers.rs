//! Test harness: the real server on port 0 with a fresh SQLite file, or a fresh
//! PostgreSQL database (when `SWITCHBOARD_TEST_POSTGRES_URL` is set), per test.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use diesel::connection::SimpleConnection;
use diesel::Connection as _;
use serde_json::{json, Value};
use switchboard_server::config::{Config, LogFormat, MasterKeySource};
use switchboard_server::startup::Application;
use switchboard_server::state::AppState;

pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const PASSWORD: &str = "correct horse battery staple";
pub const SETUP_TOKEN: &str = "test-setup-token";
/// PostgreSQL tests (names containing `postgres`) fail without a server to run on;
/// `just unit` leaves them out, reported as skipped, when none is configured.
pub const NEEDS_POSTGRES: &str =
    "SWITCHBOARD_TEST_POSTGRES_URL is not set (just unit skips the PostgreSQL tests then)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Everything the server logged in this process (each nextest test is its own process).
pub fn log_buffer() -> Arc<Mutex<Vec<u8>>> {
    static BUF: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUF.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let writer_buf = buf.clone();
        let make = move || BufWriter(writer_buf.clone());
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("debug"))
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_ansi(false)
            .with_writer(make)
            .try_init();
        buf
    })
    .clone()
}

pub fn captured_logs() -> String {
    String::from_utf8_lossy(&log_buffer().lock().unwrap()).into_owned()
}

pub struct BufWriter(Arc<Mutex<Vec<u8>>>);

impl Write for BufWriter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub struct TestDb {
    pub backend: Backend,
    pub url: String,
    pg_admin: Option<(String, String)>,
    pub dir: tempfile::TempDir,
}

impl TestDb {
    pub fn new(backend: Backend) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        match backend {
            Backend::Sqlite => {
                let url = dir.path().join("switchboard.db").display().to_string();
                Some(Self {
                    backend,
                    url,
                    pg_admin: None,
                    dir,
                })
            }
            Backend::Postgres => {
                let admin = std::env::var("SWITCHBOARD_TEST_POSTGRES_URL")
                    .ok()
                    .filter(|s| !s.is_empty())?;
                let name = format!("sb_test_{}", uuid::Uuid::new_v4().simple());
                let mut c = diesel::PgConnection::establish(&admin)
                    .expect("connect to SWITCHBOARD_TEST_POSTGRES_URL");
                c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
                let (base, _) = admin
                    .rsplit_once('/')
                    .expect("postgres URL with a database");
                // Loopback needs no TLS; without it libpq and OpenSSL's exit-time
                // cleanup cannot race when the test process ends.
                let url = format!("{base}/{name}?sslmode=disable");
                Some(Self {
                    backend,
                    url,
                    pg_admin: Some((admin, name)),
                    dir,
                })
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg_admin {
            if let Ok(mut c) = diesel::PgConnection::establish(admin) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

pub fn test_config(db: &TestDb, master_key_b64: &str) -> Config {
    test_config_with(db, master_key_b64, &[])
}

/// [`test_config`] with some variables changed; an empty value removes one.
pub fn test_config_with(db: &TestDb, master_key_b64: &str, changes: &[(&str, &str)]) -> Config {
    // A stand-in for the built web app.
    let web = db.dir.path().join("web");
    std::fs::create_dir_all(web.join("assets")).unwrap();
    std::fs::write(
        web.join("index.html"),
        "<!doctype html><title>Switchboard</title>",
    )
    .unwrap();
    std::fs::write(web.join("assets/app-0123abcd.js"), "export {};").unwrap();
    let mut env: HashMap<&str, String> = HashMap::from([
        ("SWITCHBOARD_WEB_DIR", web.display().to_string()),
        ("SWITCHBOARD_BIND", "127.0.0.1:0".to_string()),
        ("SWITCHBOARD_DATA_DIR", db.dir.path().display().to_string()),
        ("SWITCHBOARD_DATABASE_URL", db.url.clone()),
        ("SWITCHBOARD_MASTER_KEY", master_key_b64.to_string()),
        ("SWITCHBOARD_SETUP_TOKEN", SETUP_TOKEN.to_string()),
        ("SWITCHBOARD_DB_POOL_SIZE", "6".to_string()),
        ("SWITCHBOARD_OUTBOUND_TIMEOUT_SECS", "5".to_string()),
        // Tests run the refresh job themselves (tokens::refresh_due) when they need it.
        ("SWITCHBOARD_REFRESH_INTERVAL_SECS", "86400".to_string()),
        // And the health pass (services::health::run_due).
        ("SWITCHBOARD_HEALTH_CHECK_POLL_SECS", "3600".to_string()),
        // The fake third-party APIs and providers listen on loopback.
        ("SWITCHBOARD_ALLOWED_PRIVATE_HOSTS", "127.0.0.1".to_string()),
    ]);
    for (k, v) in changes {
        if v.is_empty() {
            env.remove(k);
        } else {
            env.insert(k, v.to_string());
        }
    }
    let mut c = Config::load_with(None, &|k| env.get(k).cloned()).unwrap();
    c.log_format = LogFormat::Pretty;
    assert!(matches!(c.master_key, MasterKeySource::Inline(_)));
    c
}

pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    pub state: AppState,
    pub master_key: String,
    pub db: TestDb,
    pub admin_token: String,
}

pub async fn spawn(backend: Backend) -> Option<TestApp> {
    spawn_with(backend, &[]).await
}

/// A test server with some configuration changed (see [`test_config_with`]).
pub async fn spawn_with(backend: Backend, changes: &[(&str, &str)]) -> Option<TestApp> {
    let db = TestDb::new(backend)?;
    Some(spawn_on(db, changes).await)
}

/// A test server on `db` (set up, admin signed in), with some configuration changed.
pub async fn spawn_on(db: TestDb, changes: &[(&str, &str)]) -> TestApp {
    log_buffer();
    let master_key = switchboard_vault::MasterKey::generate()
        .to_base64()
        .to_string();
    let app = Application::build(test_config_with(&db, &master_key, changes))
        .await
        .expect("server starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    let state = app.state.clone();
    tokio::spawn(app.run());
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut t = TestApp {
        base,
        http,
        state,
        master_key,
        db,
        admin_token: String::new(),
    };
    let r = t
        .post_json(
            "/api/v1/setup",
            None,
            &json!({"token": SETUP_TOKEN, "email": ADMIN_EMAIL, "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 201, "setup");
    t.admin_token = t.login(ADMIN_EMAIL, PASSWORD).await.0;
    t
}

pub async fn start(
    db: &TestDb,
    master_key: &str,
) -> Result<Application, switchboard_server::services::bootstrap::StartError> {
    Application::build(test_config(db, master_key)).await
}

pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Resp {
    pub fn status(&self) -> u16 {
        self.status
    }
    /// The body as a wire type of `switchboard-types`, after asserting the status.
    pub fn json<T: serde::de::DeserializeOwned>(&self, status: u16) -> T {
        assert_eq!(self.status, status, "body: {}", self.text);
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not the expected type ({e}): {}", self.text))
    }
    /// The problem document, after asserting its status and code.
    pub fn problem_doc(&self, status: u16, code: &str) -> switchboard_types::Problem {
        self.problem(status, code);
        self.json(status)
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
    /// Asserts a problem document with this status and code.
    pub fn problem(&self, status: u16, code: &str) -> &Self {
        assert_eq!(self.status, status, "body: {}", self.text);
        assert_eq!(
            self.header("content-type").as_deref(),
            Some("application/problem+json"),
            "{}",
            self.text
        );
        assert_eq!(self.body["code"], code, "body: {}", self.text);
        assert_eq!(self.body["status"], status);
        // The problem names the request it answers, as the header does.
        if let Some(id) = self.header("x-request-id") {
            assert_eq!(self.body["request_id"], id.as_str(), "{}", self.text);
        }
        self
    }
}

impl TestApp {
    pub async fn send(&self, req: reqwest::RequestBuilder) -> Resp {
        let r = req.send().await.expect("request");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            body,
            text,
        }
    }

    pub fn req(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let mut r = self.http.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        self.send(self.req(reqwest::Method::GET, path, token)).await
    }

    pub async fn post_json(&self, path: &str, token: Option<&str>, body: &Value) -> Resp {
        self.send(self.req(reqwest::Method::POST, path, token).json(body))
            .await
    }

    pub async fn patch_json(&self, path: &str, token: Option<&str>, body: &Value) -> Resp {
        self.send(self.req(reqwest::Method::PATCH, path, token).json(body))
            .await
    }

    pub async fn put_json(&self, path: &str, token: Option<&str>, body: &Value) -> Resp {
        self.send(self.req(reqwest::Method::PUT, path, token).json(body))
            .await
    }

    /// Sends a typed body (a request type of `switchboard-types`).
    pub async fn call<B: serde::Serialize>(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: &B,
    ) -> Resp {
        self.send(self.req(method, path, token).json(body)).await
    }

    /// `POST /api/v1/connections` with a typed request.
    pub async fn create(
        &self,
        token: &str,
        req: &switchboard_types::CreateConnectionRequest,
    ) -> Resp {
        self.call(
            reqwest::Method::POST,
            "/api/v1/connections",
            Some(token),
            req,
        )
        .await
    }

    /// `PATCH /api/v1/connections/{id}` with a typed request.
    pub async fn update(
        &self,
        token: &str,
        id: switchboard_types::ConnectionId,
        req: &switchboard_types::UpdateConnectionRequest,
    ) -> Resp {
        let path = format!("/api/v1/connections/{id}");
        self.call(reqwest::Method::PATCH, &path, Some(token), req)
            .await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Resp {
        self.send(self.req(reqwest::Method::DELETE, path, token))
            .await
    }

    /// Signs in; returns the access token and the refresh cookie value.
    pub async fn login(&self, email: &str, password: &str) -> (String, String) {
        let r = self
            .post_json(
                "/api/v1/auth/login",
                None,
                &json!({"email": email, "password": password}),
            )
            .await;
        assert_eq!(r.status, 200, "login {email}: {}", r.text);
        let cookie = refresh_cookie(&r.headers).expect("refresh cookie");
        (r.body["access_token"].as_str().unwrap().to_string(), cookie)
    }

    /// Creates a standard account with an admin; returns (account id, admin token).
    pub async fn account(&self, name: &str, email: &str) -> (String, String) {
        let r = self
            .post_json(
                "/api/v1/accounts",
                Some(&self.admin_token),
                &json!({"name": name, "admin": {"email": email, "password": PASSWORD}, "current_password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        (
            r.body["account"]["id"].as_str().unwrap().to_string(),
            self.login(email, PASSWORD).await.0,
        )
    }

    /// Registers a custom API-key app whose base URL is `base_url`.
    pub async fn custom_app(&self, slug: &str, name: &str, base_url: &str, with_test: bool) {
        let mut def = json!({
            "slug": slug, "name": name, "category": "testing", "description": "A local test API.",
            "base_url": base_url,
            "auth": {"type": "api_key",
                     "fields": [{"key": "token", "label": "Token", "secret": true, "required": true},
                                {"key": "region", "label": "Region", "secret": false, "required": false}],
                     "inject": [{"in": "header", "name": "Authorization", "value": "Bearer {{token}}"}]},
            "rate_limit": {"requests": 10, "per_seconds": 1, "burst": 5},
        });
        if with_test {
            def["test"] = json!({"method": "GET", "path": "/me", "expect_status": 200});
            def["identity"] = json!({"method": "GET", "path": "/me", "pointer": "/email"});
        }
        let r = self
            .post_json("/api/v1/apps", Some(&self.admin_token), &def)
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }

    pub async fn create_connection(
        &self,
        token: &str,
        app: &str,
        name: Option<&str>,
        secret: &str,
    ) -> Resp {
        let mut body = json!({"app": app, "fields": {"token": secret}, "test": false});
        if let Some(n) = name {
            body["name"] = json!(n);
        }
        self.post_json("/api/v1/connections", Some(token), &body)
            .await
    }
}

pub fn refresh_cookie(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers.get_all("set-cookie").iter().find_map(|v| {
        let s = v.to_str().ok()?;
        let rest = s.strip_prefix("sb_refresh=")?;
        Some(rest.split(';').next()?.to_string())
    })
}

/// A tiny third-party API on loopback: `GET /me` answers 200 with an identity when
/// `Authorization: Bearer <good token>` arrives, 401 otherwise; `GET /hits` counts the `/me` calls.
pub async fn fake_upstream(good_token: &'static str) -> String {
    use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let server = HttpServer::new(move || {
        let hits = hits.clone();
        let seen = hits.clone();
        App::new()
            .route(
                "/hits",
                web::get().to(move || {
                    let n = seen.load(std::sync::atomic::Ordering::SeqCst);
                    async move { HttpResponse::Ok().json(json!({"hits": n})) }
                }),
            )
            .route(
                "/me",
                web::get().to(move |req: HttpRequest| {
                    hits.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    async move {
                        let auth = req
                            .headers()
                            .get("authorization")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_string();
                        if auth == format!("Bearer {good_token}") {
                            HttpResponse::Ok()
                                .json(json!({"email": "owner@upstream.test", "id": 7}))
                        } else {
                            HttpResponse::Unauthorized().json(json!({"error": "bad token"}))
                        }
                    }
                }),
            )
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());
    format!("http://127.0.0.1:{port}")
}

/// Generates `sqlite` and `postgres` variants of an `async fn(TestApp)` test.
#[macro_export]
/// `dual!(name, CHANGES)`: with configuration changes (see [`spawn_with`]).
macro_rules! dual {
    ($name:ident) => {
        $crate::dual!($name, &[]);
    };
    ($name:ident, $changes:expr) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::helpers::spawn_with($crate::helpers::Backend::Sqlite, $changes)
                    .await
                    .unwrap();
                super::$name(app).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = $crate::helpers::spawn_with($crate::helpers::Backend::Postgres, $changes)
                    .await
                    .expect($crate::helpers::NEEDS_POSTGRES);
                super::$name(app).await;
            }
        }
    };
}

/// Every item of a list, following `next_cursor` with this page size.
pub async fn all_pages<T: serde::de::DeserializeOwned>(
    app: &TestApp,
    path: &str,
    limit: u32,
) -> (Vec<T>, usize) {
    #[derive(serde::Deserialize)]
    struct Page<T> {
        items: Vec<T>,
        next_cursor: Option<String>,
    }
    let (mut out, mut pages, mut cursor) = (Vec::new(), 0, None::<String>);
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!("{path}{sep}limit={limit}&cursor={c}"),
            None => format!("{path}{sep}limit={limit}"),
        };
        let page: Page<T> = app.get(&url, Some(&app.admin_token)).await.json(200);
        assert!(page.items.len() <= limit as usize);
        out.extend(page.items);
        pages += 1;
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return (out, pages),
        }
    }
}
