//! Serves the built web app: hashed assets cached for a year, `index.html` never
//! cached, and `index.html` for every client-side route (SPA fallback).
//!
//! The build leaves a brotli (`<file>.br`) and a gzip (`<file>.gz`) copy beside
//! every file worth compressing (`frontend/compress.mjs`); the copy the client
//! accepts is sent as it is, so nothing is compressed per request. Every answer
//! has an `ETag` (size and modification time of the file sent, and its coding)
//! and a matching `If-None-Match` gets `304 Not Modified`.

use std::path::{Component, Path, PathBuf};

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::ApiError;
use crate::state::AppState;

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A path below `root`, refusing `..`, absolute parts and hidden files.
fn resolve(root: &Path, rel: &str) -> Option<PathBuf> {
    let rel = Path::new(rel.trim_start_matches('/'));
    let mut out = root.to_path_buf();
    for c in rel.components() {
        match c {
            Component::Normal(p) if !p.to_string_lossy().starts_with('.') => out.push(p),
            _ => return None,
        }
    }
    Some(out)
}

/// Precompressed copies, best first: (content coding, file suffix).
const CODINGS: [(&str, &str); 2] = [("br", "br"), ("gzip", "gz")];

/// Whether `Accept-Encoding` accepts `coding` (named, or `*`, with a q above 0).
fn accepts(req: &HttpRequest, coding: &str) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (name.eq_ignore_ascii_case(coding) || name == "*") && q > 0.0
        })
}

/// Sends `file` (or the precompressed copy the client accepts) with
/// `cache_control`, an `ETag` and `Vary: Accept-Encoding`; `None` when it cannot
/// be read.
async fn send(req: &HttpRequest, file: &Path, cache_control: &str) -> Option<HttpResponse> {
    let mut chosen = None;
    for (coding, suffix) in CODINGS {
        if !accepts(req, coding) {
            continue;
        }
        let mut name = file.as_os_str().to_owned();
        name.push(format!(".{suffix}"));
        let copy = PathBuf::from(name);
        if let Ok(meta) = tokio::fs::metadata(&copy).await {
            chosen = Some((copy, meta, Some(coding)));
            break;
        }
    }
    let (path, meta, coding) = match chosen {
        Some(c) => c,
        None => (
            file.to_path_buf(),
            tokio::fs::metadata(file).await.ok()?,
            None,
        ),
    };
    if !meta.is_file() {
        return None;
    }
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    // Weak: the same file sent in another coding (by the compression middleware)
    // must not claim to be byte-identical.
    let etag = format!(
        "W/\"{:x}-{modified:x}-{}\"",
        meta.len(),
        coding.unwrap_or("identity")
    );
    let answer = |status: actix_web::http::StatusCode| {
        let mut b = HttpResponse::build(status);
        b.insert_header((header::ETAG, etag.clone()))
            .insert_header((header::CACHE_CONTROL, cache_control.to_string()))
            .insert_header((header::VARY, "Accept-Encoding"));
        b
    };
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim() == "*"
                || v.split(',')
                    .any(|t| t.trim().trim_start_matches("W/") == etag.trim_start_matches("W/"))
        });
    if matches {
        return Some(answer(actix_web::http::StatusCode::NOT_MODIFIED).finish());
    }
    let bytes = tokio::fs::read(&path).await.ok()?;
    let mut b = answer(actix_web::http::StatusCode::OK);
    b.insert_header((header::CONTENT_TYPE, content_type(file)));
    if let Some(coding) = coding {
        b.insert_header((header::CONTENT_ENCODING, coding));
    }
    Some(b.body(bytes))
}

async fn index(req: &HttpRequest, root: &Path) -> HttpResponse {
    match send(req, &root.join("index.html"), "no-cache").await {
        Some(r) => r,
        None => actix_web::ResponseError::error_response(&ApiError::NotFound { what: "page" }),
    }
}

/// A documented path with a method it does not take: 405 with `Allow`.
pub fn method_not_allowed(req: &HttpRequest) -> Option<ApiError> {
    static ROUTES: std::sync::OnceLock<crate::openapi::Routes> = std::sync::OnceLock::new();
    let routes = ROUTES.get_or_init(|| crate::openapi::Routes::from_spec(crate::openapi::shared()));
    routes
        .allowed(req.path())
        .filter(|a| !a.split(", ").any(|m| m == req.method().as_str()))
        .map(|allow| ApiError::MethodNotAllowed { allow })
}

/// Fallback for everything no route matched.
pub async fn fallback(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let path = req.path().to_string();
    if let Some(e) = method_not_allowed(&req) {
        return actix_web::ResponseError::error_response(&e);
    }
    let api_like = path.starts_with("/api/") || path == "/api" || path.starts_with("/docs");
    let Some(root) = state.config.web_dir.clone().filter(|_| !api_like) else {
        return actix_web::ResponseError::error_response(&ApiError::NotFound { what: "route" });
    };
    if req.method() != actix_web::http::Method::GET && req.method() != actix_web::http::Method::HEAD
    {
        return actix_web::ResponseError::error_response(&ApiError::NotFound { what: "route" });
    }
    if let Some(rel) = path.strip_prefix("/assets/") {
        let sent = match resolve(&root.join("assets"), rel) {
            Some(file) => send(&req, &file, "public, max-age=31536000, immutable").await,
            None => None,
        };
        return sent.unwrap_or_else(|| {
            actix_web::ResponseError::error_response(&ApiError::NotFound { what: "asset" })
        });
    }
    // Files at the root (favicon.svg, robots.txt); anything else is a client route.
    if let Some(file) = resolve(&root, &path)
        .filter(|f| f.is_file() && f.file_name().is_some_and(|n| n != "index.html"))
    {
        if let Some(r) = send(&req, &file, "public, max-age=3600").await {
            return r;
        }
    }
    index(&req, &root).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_root() {
        let root = Path::new("/srv/web");
        assert_eq!(
            resolve(root, "/a/b.js"),
            Some(PathBuf::from("/srv/web/a/b.js"))
        );
        assert_eq!(resolve(root, "../etc/passwd"), None);
        assert_eq!(resolve(root, "a/../../x"), None);
        assert_eq!(resolve(root, ".env"), None);
    }

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        let req = |v: &str| {
            actix_web::test::TestRequest::default()
                .insert_header((header::ACCEPT_ENCODING, v))
                .to_http_request()
        };
        assert!(accepts(&req("gzip, deflate, br, zstd"), "br"));
        assert!(accepts(&req("gzip;q=0.5"), "gzip"));
        assert!(!accepts(&req("gzip;q=0.5"), "br"));
        assert!(!accepts(&req("br;q=0, gzip"), "br"));
        assert!(accepts(&req("*"), "br"));
        assert!(!accepts(&req("identity"), "gzip"));
        let none = actix_web::test::TestRequest::default().to_http_request();
        assert!(!accepts(&none, "gzip"));
    }
}
