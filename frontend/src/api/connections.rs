//! The connections API, typed: paths and query strings are built here only.

use switchboard_types::{
    Connection, ConnectionPage, ConnectionQuery, ConnectionScope, ConnectionStatus,
};

use super::{enc, get, ApiError, Session};

fn scope_param(s: ConnectionScope) -> &'static str {
    match s {
        ConnectionScope::Own => "own",
        ConnectionScope::Parent => "parent",
        ConnectionScope::System => "system",
    }
}

/// `GET /connections?…` with the query's set fields and tag filters (`key:value`).
pub fn list_path(q: &ConnectionQuery, tags: &[String]) -> String {
    let mut parts = Vec::new();
    for t in tags {
        parts.push(format!("tag={}", enc(t)));
    }
    if let Some(s) = q.scope {
        parts.push(format!("scope={}", scope_param(s)));
    }
    if let Some(t) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
        parts.push(format!("q={}", enc(t.trim())));
    }
    if let Some(a) = &q.app {
        parts.push(format!("app={}", enc(a)));
    }
    if let Some(st) = q.status {
        parts.push(format!("status={}", st.as_str()));
    }
    if let Some(l) = q.limit {
        parts.push(format!("limit={l}"));
    }
    if let Some(c) = &q.cursor {
        parts.push(format!("cursor={}", enc(c)));
    }
    if parts.is_empty() {
        "/connections".into()
    } else {
        format!("/connections?{}", parts.join("&"))
    }
}

pub async fn list(s: Session, q: &ConnectionQuery) -> Result<ConnectionPage, ApiError> {
    list_tagged(s, q, &[]).await
}

/// [`list`], keeping the connections that have every one of `tags`.
pub async fn list_tagged(
    s: Session,
    q: &ConnectionQuery,
    tags: &[String],
) -> Result<ConnectionPage, ApiError> {
    get(s, &list_path(q, tags)).await
}

/// Whether the caller's account has a connection of this app yet.
pub async fn has_any(s: Session, app: &str) -> Result<bool, ApiError> {
    let page = list(
        s,
        &ConnectionQuery {
            app: Some(app.to_string()),
            limit: Some(1),
            ..Default::default()
        },
    )
    .await?;
    Ok(!page.items.is_empty())
}

/// The caller's connections that need reconnecting (the first 50).
pub async fn needing_reconnect(s: Session) -> Result<Vec<Connection>, ApiError> {
    let page = list(
        s,
        &ConnectionQuery {
            status: Some(ConnectionStatus::NeedsReconnect),
            limit: Some(50),
            ..Default::default()
        },
    )
    .await?;
    Ok(page.items)
}
