//! Moving connections between instances: export the account to an encrypted file,
//! import such a file.

use actix_web::http::header;
use actix_web::{post, web, HttpResponse};
use futures_util::TryStreamExt as _;
use switchboard_types::{
    ErrorCode, ExportConnectionsRequest, ExportFile, ImportForm, ImportReport, ImportSource,
    OnConflict,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::transfer as svc;
use crate::state::AppState;

/// The largest import file taken.
const MAX_FILE: usize = 64 * 1024 * 1024;
/// The largest text part (passphrase, on_conflict).
const MAX_TEXT: usize = 4096;

pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(export).service(import);
}

/// Export the account's connections (with their decrypted credentials), its
/// automations and the custom apps they use to a file encrypted with
/// `passphrase` in the age format (scrypt), which `switchboard import`, this
/// API's import and the standard `age` tool open. Account administrators, with
/// their password again (`current_password`); audited.
#[utoipa::path(
    tag = "connections",
    request_body = ExportConnectionsRequest,
    responses(
        (status = 200, description = "The export file", content_type = "application/octet-stream", body = ExportFile,
         headers(("Content-Disposition" = String, description = "attachment; filename=…"))),
    ),
    security(("bearer" = []))
)]
#[post("/connections/export")]
async fn export(
    state: web::Data<AppState>,
    p: Principal,
    body: crate::routes::JsonObject<ExportConnectionsRequest>,
) -> Result<HttpResponse, ApiError> {
    let (bytes, name) = svc::export(&state, &p, body.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/octet-stream")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(bytes))
}

/// Import an export file into the account (`multipart/form-data`: `file`,
/// `passphrase`, `on_conflict`; `from=n8n` for the JSON of `n8n export:credentials
/// --all --decrypted`, which needs no passphrase). Every item is reported: created, skipped,
/// renamed, replaced or failed with the reason. Importing the same file twice with
/// `skip` creates nothing new; the first connection of an app is named `Default`
/// (its name in the file goes into its notes). A file that cannot be opened (wrong
/// passphrase, damaged, truncated) imports nothing: 422 `import_unreadable`.
/// Account administrators; apps missing from the catalog are added only for a
/// system administrator. Audited.
#[utoipa::path(
    tag = "connections",
    request_body(content = ImportForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, body = ImportReport),
        (status = 413, description = "the file is over 64 MiB", body = switchboard_types::Problem),
        (status = 422, description = "the file cannot be read (`import_unreadable`) or a part is missing", body = switchboard_types::Problem),
    ),
    security(("bearer" = []))
)]
#[post("/connections/import")]
async fn import(
    state: web::Data<AppState>,
    p: Principal,
    form: actix_multipart::Multipart,
) -> Result<web::Json<ImportReport>, ApiError> {
    // Who may import is checked before the upload is read.
    p.require_user_session()?;
    p.require_admin()?;
    let parts = read_form(form).await?;
    let file = parts
        .file
        .ok_or_else(|| ApiError::field("file", "is required"))?;
    let policy = match parts.on_conflict.as_deref() {
        None | Some("") => OnConflict::Skip,
        Some(s) => OnConflict::parse(s)
            .ok_or_else(|| ApiError::field("on_conflict", "must be skip, rename or replace"))?,
    };
    let source = match parts.from.as_deref() {
        None | Some("") => ImportSource::Switchboard,
        Some(s) => ImportSource::parse(s)
            .ok_or_else(|| ApiError::field("from", "must be switchboard or n8n"))?,
    };
    let report = svc::import(
        &state,
        &p,
        source,
        file,
        parts.passphrase.map(secrecy::SecretString::from),
        policy,
    )
    .await?;
    Ok(web::Json(report))
}

#[derive(Default)]
struct Parts {
    file: Option<Vec<u8>>,
    passphrase: Option<String>,
    on_conflict: Option<String>,
    from: Option<String>,
}

async fn read_form(mut form: actix_multipart::Multipart) -> Result<Parts, ApiError> {
    let mut parts = Parts::default();
    while let Some(mut field) = form.try_next().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_string();
        let limit = if name == "file" { MAX_FILE } else { MAX_TEXT };
        let mut data = Vec::new();
        while let Some(chunk) = field.try_next().await.map_err(malformed)? {
            if data.len() + chunk.len() > limit {
                return Err(if name == "file" {
                    ApiError::PayloadTooLarge
                } else {
                    ApiError::field(&name, "is too long")
                });
            }
            data.extend_from_slice(&chunk);
        }
        let text = |data: Vec<u8>| {
            String::from_utf8(data).map_err(|_| ApiError::field(&name, "must be UTF-8 text"))
        };
        match name.as_str() {
            "file" => parts.file = Some(data),
            "passphrase" => parts.passphrase = Some(text(data)?),
            "on_conflict" => parts.on_conflict = Some(text(data)?),
            "from" => parts.from = Some(text(data)?),
            // As JSON bodies refuse unknown fields.
            _ => return Err(ApiError::field(&name, "is not a part of this form")),
        }
    }
    Ok(parts)
}

fn malformed(e: actix_multipart::MultipartError) -> ApiError {
    ApiError::BadRequest {
        code: ErrorCode::MalformedBody,
        detail: format!("The multipart body is malformed: {e}."),
    }
}
