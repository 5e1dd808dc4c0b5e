//! Connections: list, add, read, rename and annotate, reconnect, delete, reveal, test,
//! health.

use actix_web::http::header;
use actix_web::{delete, get, patch, post, put, web, HttpRequest, HttpResponse};
use switchboard_types::{
    Connection, ConnectionHealth, ConnectionId, ConnectionPage, ConnectionQuery, ConnectionUsage,
    CreateConnectionRequest, CredentialsResponse, DeletedConnection, ForceQuery, RevealRequest,
    RevealResponse, TestOutcome, UpdateConnectionRequest, UpdateFieldsRequest,
};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{etag, if_match};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::connections as svc;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update)
        .service(update_fields)
        .service(remove)
        .service(reveal)
        .service(test)
        .service(health)
        .service(credentials)
        .service(usage);
}

/// List the account's connections, searched and filtered, cursor-paginated.
///
/// `q` ranks connections of apps whose name or slug starts with it first, then
/// apps containing it, then connections whose name or identity contains it.
///
/// `tag=key:value` (repeated) keeps the connections that have every one of the
/// given tags, e.g. `?tag=end_user_id:42&tag=team:sales`.
#[utoipa::path(
    tag = "connections",
    params(
        ConnectionQuery,
        ("tag" = Option<Vec<String>>, Query, style = Form, explode, description = "`key:value`; repeat it to require several tags (at most 20)."),
    ),
    responses((status = 200, body = ConnectionPage), (status = 400, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[get("/connections")]
async fn list(
    state: web::Data<AppState>,
    p: Principal,
    req: HttpRequest,
) -> Result<web::Json<ConnectionPage>, ApiError> {
    let (q, tags) = list_query(req.query_string())?;
    Ok(web::Json(svc::list(&state, &p, q, &tags).await?))
}

/// The list's query: the repeated `tag` apart (the form decoder takes each key
/// once), the rest as [`ConnectionQuery`].
fn list_query(raw: &str) -> Result<(ConnectionQuery, Vec<String>), ApiError> {
    let mut tags = Vec::new();
    let mut rest = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in url::form_urlencoded::parse(raw.as_bytes()) {
        if k == "tag" {
            tags.push(v.into_owned());
        } else {
            rest.append_pair(&k, &v);
        }
    }
    let q = web::Query::<ConnectionQuery>::from_query(&rest.finish())
        .map_err(crate::error::query_problem)?
        .into_inner();
    Ok((q, tags))
}

/// Add a connection: fields checked against the app's schema, the app's test
/// request run (unless `test: false`), the identity recorded, the fields sealed.
/// The first connection of an app is named `Default`.
///
/// OAuth2 sign-in apps also take tokens the platform already holds, in `oauth`
/// instead of `fields` (API keys need `connections:import` beside
/// `connections:write`; people, to be account administrators): an access token
/// that has expired is refreshed first with the app's client, then tested.
#[utoipa::path(
    tag = "connections",
    request_body = CreateConnectionRequest,
    responses(
        (status = 201, body = Connection, headers(("ETag" = String, description = "Resource version"))),
        (status = 409, description = "name taken", body = switchboard_types::Problem),
        (status = 422, description = "invalid fields, unknown app, or test failed (`connection_test_failed`)", body = switchboard_types::Problem),
        (status = 503, description = "imported tokens: the provider could not renew an expired access token right now (`upstream_unavailable`); `Retry-After` says when to send it again", body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[post("/connections")]
async fn create(
    state: web::Data<AppState>,
    p: Principal,
    body: super::JsonObject<CreateConnectionRequest>,
) -> Result<HttpResponse, ApiError> {
    let c = svc::create(&state, &p, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(etag(c.version))
        .insert_header(super::location(format_args!("connections/{}", c.id)))
        .json(c))
}

/// One connection's metadata; secret fields masked.
#[utoipa::path(
    tag = "connections",
    params(("id" = Uuid, Path, description = "Connection id")),
    responses((status = 200, body = Connection, headers(("ETag" = String))), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[get("/connections/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<ConnectionId>,
) -> Result<HttpResponse, ApiError> {
    let c = svc::get(&state, &p, id.into_inner()).await?;
    Ok(HttpResponse::Ok().insert_header(etag(c.version)).json(c))
}

/// Rename a connection, edit its notes, or share it with child accounts (account
/// administrators). Send `If-Match` with the ETag; 412 when stale. Un-sharing while
/// other accounts' active automations use it answers 409 `connection_in_use` unless
/// `?force=true`, which pauses them and removes their links.
#[utoipa::path(
    tag = "connections",
    request_body = UpdateConnectionRequest,
    params(("id" = Uuid, Path, description = "Connection id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous read"), ForceQuery),
    responses(
        (status = 200, body = Connection, headers(("ETag" = String))),
        (status = 404, body = switchboard_types::Problem),
        (status = 409, body = switchboard_types::Problem),
        (status = 412, body = switchboard_types::Problem),
        (status = 422, body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[patch("/connections/{id}")]
async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    p: Principal,
    id: web::Path<ConnectionId>,
    force: web::Query<ForceQuery>,
    body: super::JsonObject<UpdateConnectionRequest>,
) -> Result<HttpResponse, ApiError> {
    let v = if_match(&req)?;
    let force = force.force.unwrap_or(false);
    let c = svc::update(&state, &p, id.into_inner(), v, force, body.into_inner()).await?;
    Ok(HttpResponse::Ok().insert_header(etag(c.version)).json(c))
}

/// Reconnect a key-based connection with new credential fields (same id; status back to `active`).
#[utoipa::path(
    tag = "connections",
    request_body = UpdateFieldsRequest,
    params(("id" = Uuid, Path, description = "Connection id"), ("If-Match" = Option<String>, Header, description = "ETag from a previous read")),
    responses(
        (status = 200, body = Connection, headers(("ETag" = String))),
        (status = 404, body = switchboard_types::Problem),
        (status = 412, body = switchboard_types::Problem),
        (status = 422, body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[put("/connections/{id}/fields")]
async fn update_fields(
    state: web::Data<AppState>,
    req: HttpRequest,
    p: Principal,
    id: web::Path<ConnectionId>,
    body: super::JsonObject<UpdateFieldsRequest>,
) -> Result<HttpResponse, ApiError> {
    let v = if_match(&req)?;
    let c = svc::update_fields(&state, &p, id.into_inner(), v, body.into_inner()).await?;
    Ok(HttpResponse::Ok().insert_header(etag(c.version)).json(c))
}

/// Delete a connection and its ciphertext.
///
/// Active automations using it (in this or child accounts) make this a 409
/// `connection_in_use` listing them; with `?force=true` they are paused with a reason
/// naming the connection, in the same transaction, and returned.
#[utoipa::path(
    tag = "connections",
    params(("id" = Uuid, Path, description = "Connection id"), ForceQuery),
    responses(
        (status = 200, body = DeletedConnection),
        (status = 403, description = "shared with you, not yours", body = switchboard_types::Problem),
        (status = 404, body = switchboard_types::Problem),
        (status = 409, description = "`connection_in_use`, with `automations`", body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[delete("/connections/{id}")]
async fn remove(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<ConnectionId>,
    force: web::Query<ForceQuery>,
) -> Result<web::Json<DeletedConnection>, ApiError> {
    let force = force.force.unwrap_or(false);
    Ok(web::Json(
        svc::delete(&state, &p, id.into_inner(), force).await?,
    ))
}

/// Automations using this connection: for its owner every account's (with the
/// account's name), for an account it is shared with that account's own.
#[utoipa::path(
    tag = "connections",
    params(("id" = Uuid, Path, description = "Connection id")),
    responses((status = 200, body = ConnectionUsage), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[get("/connections/{id}/automations")]
async fn usage(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<ConnectionId>,
) -> Result<web::Json<ConnectionUsage>, ApiError> {
    Ok(web::Json(
        svc::automations_using(&state, &p, id.into_inner()).await?,
    ))
}

/// Decrypt a connection's fields after re-entering your password.
///
/// Users of the owning account only (not API keys); audited in the same
/// transaction; `Cache-Control: no-store`; 5 wrong passwords in 15 minutes → 429.
#[utoipa::path(
    tag = "connections",
    request_body = RevealRequest,
    params(("id" = Uuid, Path, description = "Connection id")),
    responses(
        (status = 200, body = RevealResponse),
        (status = 401, description = "wrong password (`invalid_password`)", body = switchboard_types::Problem),
        (status = 404, body = switchboard_types::Problem),
        (status = 429, body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[post("/connections/{id}/reveal")]
async fn reveal(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<ConnectionId>,
    body: super::JsonObject<RevealRequest>,
) -> Result<HttpResponse, ApiError> {
    p.require_user_session()?;
    let id = id.into_inner();
    // Existence first: another account's id is a 404 whatever the password.
    svc::get(&state, &p, id).await?;
    crate::auth::step_up::verify(&state, &p, body.password.as_str()).await?;
    let fields = svc::reveal(&state, &p, id).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(RevealResponse { fields }))
}

/// Run the app's test request with the stored credentials; sets status `active` or `error`.
#[utoipa::path(
    tag = "connections",
    params(("id" = Uuid, Path, description = "Connection id")),
    responses((status = 200, body = TestOutcome), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[post("/connections/{id}/test")]
async fn test(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<ConnectionId>,
) -> Result<web::Json<TestOutcome>, ApiError> {
    Ok(web::Json(svc::test(&state, &p, id.into_inner()).await?))
}

/// A connection's health: whether and when it is checked on schedule, and its
/// last 50 checks (scheduled tests, idle-token refreshes, tests asked for with
/// `POST /connections/{id}/test`), newest first.
#[utoipa::path(
    tag = "connections",
    params(("id" = Uuid, Path, description = "Connection id")),
    responses((status = 200, body = ConnectionHealth), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[get("/connections/{id}/health")]
async fn health(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<ConnectionId>,
) -> Result<web::Json<ConnectionHealth>, ApiError> {
    Ok(web::Json(
        crate::services::health::get(&state, &p, id.into_inner()).await?,
    ))
}

/// Fresh credentials for machines: API keys with the scope `credentials:read`, of
/// the owning account. OAuth access tokens are refreshed first when they expire
/// within a minute (once across all replicas; concurrent callers wait for that one
/// refresh). Refresh tokens and client secrets are never returned. Audited;
/// `Cache-Control: no-store`.
#[utoipa::path(
    tag = "connections",
    params(("id" = Uuid, Path, description = "Connection id")),
    responses(
        (status = 200, body = CredentialsResponse),
        (status = 403, description = "not an API key (`api_key_required`), scope missing, or a shared connection (`not_owner`)", body = switchboard_types::Problem),
        (status = 404, body = switchboard_types::Problem),
        (status = 409, description = "the provider refused the refresh (`needs_reconnect`)", body = switchboard_types::Problem),
        (status = 503, description = "the provider failed transiently and the token expired (`upstream_unavailable`, `Retry-After`)", body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[get("/connections/{id}/credentials")]
async fn credentials(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<ConnectionId>,
) -> Result<HttpResponse, ApiError> {
    let creds = svc::credentials(&state, &p, id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(creds))
}
