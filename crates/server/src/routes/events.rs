//! Lifecycle events of my account.

use actix_web::{get, web};
use switchboard_types::EventPage;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::events::{self as svc, EventQuery};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list);
}

/// Lifecycle events of the caller's account, oldest first: connections created,
/// updated, reconnected, deleted, shared or unshared, needing a reconnect,
/// recovered, failing their test or a refresh; automations paused; rate-limit
/// overrides changed. Events are written in the same transaction as the change and
/// kept for `SWITCHBOARD_EVENT_RETENTION_DAYS` (30). `next_cursor` is set whenever
/// a page has events: keep it and ask again later for newer ones. With
/// `order=desc` the newest come first (the last few events of a connection) and
/// `next_cursor` pages back in time until a page is not full.
#[utoipa::path(tag = "events", params(EventQuery), responses((status = 200, body = EventPage), (status = 400, body = switchboard_types::Problem)), security(("bearer" = [])))]
#[get("/events")]
async fn list(
    state: web::Data<AppState>,
    p: Principal,
    q: web::Query<EventQuery>,
) -> Result<web::Json<EventPage>, ApiError> {
    Ok(web::Json(svc::list(&state, &p, q.into_inner()).await?))
}
