//! Reading connections: one by id, and keyset pages of an account's own or of
//! those shared with it, optionally searched (see [`super::search`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use switchboard_db::models::ConnectionRow;
use switchboard_db::repo::connections::{self as repo, Band, PageQuery};
use switchboard_db::DbConn;
use switchboard_types::{
    AccountId, ApiScope, Connection, ConnectionId, ConnectionPage, ConnectionQuery,
    ConnectionScope, ConnectionStatus, ErrorCode,
};

use super::search::AppBands;
use super::{access, apps, to_wire};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::pagination;
use crate::state::AppState;

pub const MAX_LIMIT: i64 = 200;
pub const MAX_QUERY_CHARS: usize = 200;

#[tracing::instrument(skip(state, p))]
pub async fn get(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
) -> Result<Connection, ApiError> {
    p.require_scope(ApiScope::ConnectionsRead)?;
    let p2 = p.clone();
    let (row, owner_name, app_name) = state
        .db
        .read(move |c| {
            let (row, _) = access(c, &p2, id)?;
            let owner = super::account_name(c, row.account_id)?;
            let app = apps::resolve(c, &row.app_slug)?
                .map_or_else(|| row.app_slug.to_string(), |(d, _)| d.name);
            Ok::<_, ApiError>((row, owner, app))
        })
        .await?;
    Ok(to_wire(&row, &app_name, &owner_name))
}

/// Where a page ends: the band and the last row's `(sort_key, id)`.
#[derive(Serialize, Deserialize)]
struct Position {
    b: usize,
    k: String,
    i: ConnectionId,
}

/// A validated list query.
struct Query {
    scope: ConnectionScope,
    needle: Option<String>,
    app: Option<String>,
    status: Option<ConnectionStatus>,
    /// Every one of these tags (name, value).
    tags: Vec<(String, String)>,
    after: Option<Position>,
    limit: i64,
}

impl Query {
    fn parse(q: ConnectionQuery, tags: &[String]) -> Result<Self, ApiError> {
        let tags = tags
            .iter()
            .map(|t| {
                switchboard_types::parse_tag_filter(t).ok_or_else(|| {
                    ApiError::bad_request(
                        ErrorCode::InvalidQuery,
                        "tag must be key:value, the key 1–64 of a-z, 0-9, _, . and -.",
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if tags.len() > switchboard_types::MAX_TAGS {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidQuery,
                "at most 20 tag filters.",
            ));
        }
        let limit = pagination::limit(q.limit)?;
        let needle =
            q.q.as_deref()
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty());
        if needle
            .as_ref()
            .is_some_and(|n| n.chars().count() > MAX_QUERY_CHARS)
        {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidQuery,
                "q must be at most 200 characters.",
            ));
        }
        Ok(Self {
            scope: q.scope.unwrap_or_default(),
            needle,
            app: q.app,
            status: q.status,
            tags,
            after: pagination::position(q.cursor.as_deref())?,
            limit,
        })
    }
}

#[tracing::instrument(skip(state, p))]
pub async fn list(
    state: &AppState,
    p: &Principal,
    q: ConnectionQuery,
    tags: &[String],
) -> Result<ConnectionPage, ApiError> {
    p.require_scope(ApiScope::ConnectionsRead)?;
    let q = Query::parse(q, tags)?;
    let (mine, parent) = (p.account_id, p.parent_id);
    let (cache, epoch) = (state.app_names.clone(), state.db.writes());
    let (rows, next, names, owner_name) = state
        .db
        .read(move |c| {
            // Whose connections: mine, my parent's shared ones, or the system account's shared ones.
            let account = match q.scope {
                ConnectionScope::Own => Some(mine),
                ConnectionScope::Parent => parent,
                ConnectionScope::System => switchboard_db::repo::accounts::system(c)?.map(|a| a.id),
            };
            let Some(account) = account else {
                return Ok((Vec::new(), None, Default::default(), String::new()));
            };
            let owner_name = super::account_name(c, account)?;
            let names = cache.get(c, epoch)?;
            let (rows, next) = page(c, account, &q, &names)?;
            Ok::<_, ApiError>((rows, next, names, owner_name))
        })
        .await?;
    let items = rows
        .iter()
        .map(|r| {
            let app = names
                .get(r.app_slug.as_str())
                .map_or(r.app_slug.as_str(), String::as_str);
            to_wire(r, app, &owner_name)
        })
        .collect();
    Ok(ConnectionPage {
        items,
        next_cursor: next,
    })
}

/// One page: walks the bands from the cursor's one, `limit + 1` rows to know
/// whether a next page exists.
fn page(
    c: &mut DbConn,
    account: AccountId,
    q: &Query,
    app_names: &BTreeMap<String, String>,
) -> Result<(Vec<ConnectionRow>, Option<String>), ApiError> {
    let ranked = q.needle.as_deref().map(|n| AppBands::rank(app_names, n));
    let bands: Vec<Band<'_>> = match (&ranked, q.needle.as_deref()) {
        (Some(r), Some(n)) => r.bands(n),
        _ => vec![Band::All],
    };
    let start = q.after.as_ref().map_or(0, |p| p.b);
    let mut out: Vec<(usize, ConnectionRow)> = Vec::new();
    for (b, band) in bands.iter().enumerate().skip(start) {
        if matches!(band, Band::Apps(a) if a.is_empty()) {
            continue;
        }
        let after = q
            .after
            .as_ref()
            .filter(|p| p.b == b)
            .map(|p| (p.k.as_str(), p.i));
        let rows = repo::page(
            c,
            &PageQuery {
                account_id: account,
                app: q.app.as_deref(),
                status: q.status,
                shared_only: q.scope != ConnectionScope::Own,
                tags: &q.tags,
                band: band.clone(),
                after,
                limit: q.limit + 1 - out.len() as i64,
            },
        )?;
        out.extend(rows.into_iter().map(|r| (b, r)));
        if out.len() as i64 > q.limit {
            break;
        }
    }
    let mut next = None;
    if out.len() as i64 > q.limit {
        out.truncate(q.limit as usize);
        next = out.last().map(|(b, last)| {
            pagination::encode(&Position {
                b: *b,
                k: last.sort_key.clone(),
                i: last.id,
            })
        });
    }
    Ok((out.into_iter().map(|(_, r)| r).collect(), next))
}
