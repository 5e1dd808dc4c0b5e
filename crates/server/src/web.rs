//! Serves the built web app: hashed assets cached for a year, `index.html` never
//! cached, and `index.html` for every client-side route (SPA fallback).

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

async fn index(root: &Path) -> HttpResponse {
    match tokio::fs::read(root.join("index.html")).await {
        Ok(bytes) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(bytes),
        Err(_) => actix_web::ResponseError::error_response(&ApiError::NotFound { what: "page" }),
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
        let Some(file) = resolve(&root.join("assets"), rel) else {
            return actix_web::ResponseError::error_response(&ApiError::NotFound { what: "asset" });
        };
        return match tokio::fs::read(&file).await {
            Ok(bytes) => HttpResponse::Ok()
                .insert_header((header::CONTENT_TYPE, content_type(&file)))
                .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
                .body(bytes),
            Err(_) => {
                actix_web::ResponseError::error_response(&ApiError::NotFound { what: "asset" })
            }
        };
    }
    // Files at the root (favicon.svg, robots.txt); anything else is a client route.
    if let Some(file) = resolve(&root, &path)
        .filter(|f| f.is_file() && f.file_name().is_some_and(|n| n != "index.html"))
    {
        if let Ok(bytes) = tokio::fs::read(&file).await {
            return HttpResponse::Ok()
                .insert_header((header::CONTENT_TYPE, content_type(&file)))
                .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
                .body(bytes);
        }
    }
    index(&root).await
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
}
