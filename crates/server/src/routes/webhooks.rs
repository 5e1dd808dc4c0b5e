//! Webhook endpoints of my account and their deliveries (account administrators;
//! API keys need the `webhooks` scope).

use actix_web::{delete, get, patch, post, web, HttpResponse};
use switchboard_types::{
    CreateWebhookRequest, CreatedWebhook, RotatedWebhookSecret, UpdateWebhookRequest, Webhook,
    WebhookDelivery, WebhookDeliveryId, WebhookDeliveryList, WebhookId, WebhookList,
};
use utoipa_actix_web::service_config::ServiceConfig;

use super::location;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::pagination::PageParams;
use crate::services::webhooks as svc;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update)
        .service(remove)
        .service(rotate_secret)
        .service(deliveries)
        .service(retry)
        .service(test);
}

/// The account's webhook endpoints, newest first.
#[utoipa::path(tag = "webhooks", params(PageParams), responses((status = 200, body = WebhookList)), security(("bearer" = [])))]
#[get("/webhooks")]
async fn list(
    state: web::Data<AppState>,
    p: Principal,
    page: web::Query<PageParams>,
) -> Result<web::Json<WebhookList>, ApiError> {
    Ok(web::Json(svc::list(&state, &p, page.into_inner()).await?))
}

/// Add a webhook endpoint. Events of the chosen types (all when `event_types` is
/// omitted or `["*"]`) are POSTed to `url`, signed the Standard Webhooks way with
/// the secret in the answer, which is shown only this once. A URL whose host is a
/// private, loopback or link-local address is refused unless the operator allows
/// it (`SWITCHBOARD_ALLOWED_PRIVATE_HOSTS`).
#[utoipa::path(
    tag = "webhooks",
    request_body = CreateWebhookRequest,
    responses((status = 201, body = CreatedWebhook), (status = 422, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[post("/webhooks")]
async fn create(
    state: web::Data<AppState>,
    p: Principal,
    body: super::JsonObject<CreateWebhookRequest>,
) -> Result<HttpResponse, ApiError> {
    let created = svc::create(&state, &p, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .insert_header(location(format_args!("webhooks/{}", created.webhook.id)))
        .json(created))
}

/// One webhook endpoint.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses((status = 200, body = Webhook), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[get("/webhooks/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<WebhookId>,
) -> Result<web::Json<Webhook>, ApiError> {
    Ok(web::Json(svc::get(&state, &p, id.into_inner()).await?))
}

/// Change a webhook's URL, event types, description, or whether it is enabled.
/// Enabling it again sends the deliveries that waited meanwhile.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id")),
    request_body = UpdateWebhookRequest,
    responses((status = 200, body = Webhook), (status = 404, body = switchboard_types::Problem), (status = 422, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[patch("/webhooks/{id}")]
async fn update(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<WebhookId>,
    body: super::JsonObject<UpdateWebhookRequest>,
) -> Result<web::Json<Webhook>, ApiError> {
    Ok(web::Json(
        svc::update(&state, &p, id.into_inner(), body.into_inner()).await?,
    ))
}

/// Delete a webhook endpoint and its deliveries.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses((status = 204), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[delete("/webhooks/{id}")]
async fn remove(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<WebhookId>,
) -> Result<HttpResponse, ApiError> {
    svc::delete(&state, &p, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Replace the signing secret. The answer holds the new secret (shown once); the
/// old one keeps signing beside it for 24 hours, so `webhook-signature` carries
/// both signatures while receivers move to the new secret.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses((status = 200, body = RotatedWebhookSecret), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[post("/webhooks/{id}/rotate-secret")]
async fn rotate_secret(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<WebhookId>,
) -> Result<HttpResponse, ApiError> {
    let rotated = svc::rotate_secret(&state, &p, id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(rotated))
}

/// Deliveries of events to this endpoint, newest first, with their last attempt.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id"), PageParams),
    responses((status = 200, body = WebhookDeliveryList), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[get("/webhooks/{id}/deliveries")]
async fn deliveries(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<WebhookId>,
    page: web::Query<PageParams>,
) -> Result<web::Json<WebhookDeliveryList>, ApiError> {
    Ok(web::Json(
        svc::deliveries(&state, &p, id.into_inner(), page.into_inner()).await?,
    ))
}

/// Send a delivery again now (delivered, failed or waiting for a retry alike).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id"), ("delivery_id" = Uuid, Path, description = "Delivery id")),
    responses((status = 202, body = WebhookDelivery), (status = 404, body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/retry")]
async fn retry(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(WebhookId, WebhookDeliveryId)>,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery) = path.into_inner();
    let d = svc::retry(&state, &p, id, delivery).await?;
    Ok(HttpResponse::Accepted().json(d))
}

/// Send a `webhook.test` event to this endpoint (only), to check the receiver.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses((status = 202, body = WebhookDelivery), (status = 404, body = switchboard_types::Problem), (status = 409, description = "The webhook is disabled (`webhook_disabled`)", body = switchboard_types::Problem)),
    security(("bearer" = []))
)]
#[post("/webhooks/{id}/test")]
async fn test(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<WebhookId>,
) -> Result<HttpResponse, ApiError> {
    let d = svc::test(&state, &p, id.into_inner()).await?;
    Ok(HttpResponse::Accepted().json(d))
}
