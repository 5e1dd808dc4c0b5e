//! The webhooks API, typed: paths are built here only.

use switchboard_types::{
    CreateWebhookRequest, CreatedWebhook, RotatedWebhookSecret, UpdateWebhookRequest, Webhook,
    WebhookDelivery, WebhookDeliveryId, WebhookDeliveryList, WebhookId,
};

use super::{delete, get, get_all, patch, post, ApiError, Session};

pub async fn list(s: Session) -> Result<Vec<Webhook>, ApiError> {
    get_all(s, "/webhooks").await
}

pub async fn create(s: Session, req: &CreateWebhookRequest) -> Result<CreatedWebhook, ApiError> {
    post(s, "/webhooks", req).await
}

pub async fn update(
    s: Session,
    id: WebhookId,
    req: &UpdateWebhookRequest,
) -> Result<Webhook, ApiError> {
    patch(s, &format!("/webhooks/{id}"), req, None).await
}

pub async fn remove(s: Session, id: WebhookId) -> Result<(), ApiError> {
    delete(s, &format!("/webhooks/{id}")).await
}

pub async fn rotate_secret(s: Session, id: WebhookId) -> Result<RotatedWebhookSecret, ApiError> {
    post(
        s,
        &format!("/webhooks/{id}/rotate-secret"),
        &serde_json::json!({}),
    )
    .await
}

pub async fn send_test(s: Session, id: WebhookId) -> Result<WebhookDelivery, ApiError> {
    post(s, &format!("/webhooks/{id}/test"), &serde_json::json!({})).await
}

/// The newest deliveries (one page of 50).
pub async fn deliveries(s: Session, id: WebhookId) -> Result<WebhookDeliveryList, ApiError> {
    get(s, &format!("/webhooks/{id}/deliveries?limit=50")).await
}

pub async fn retry(
    s: Session,
    id: WebhookId,
    delivery: WebhookDeliveryId,
) -> Result<WebhookDelivery, ApiError> {
    post(
        s,
        &format!("/webhooks/{id}/deliveries/{delivery}/retry"),
        &serde_json::json!({}),
    )
    .await
}
