//! Export files and imports: a binary answer to download, a multipart upload.

use gloo_net::http::Method;
use switchboard_types::{ExportConnectionsRequest, ImportReport, ImportSource, OnConflict};

use super::{decode, send, ApiError, Body, Session};

/// `POST /connections/export`: the file and the name the server gave it.
pub async fn export(
    s: Session,
    req: &ExportConnectionsRequest,
) -> Result<(Vec<u8>, String), ApiError> {
    let body = Body::Json(serde_json::to_value(req).map_err(|_| ApiError::network())?);
    let resp = send(s, Method::POST, "/connections/export", Some(&body), None).await?;
    if resp.status() != 200 {
        // The refusal, as every other call reads it.
        return Err(decode::<serde_json::Value>(resp)
            .await
            .err()
            .unwrap_or_else(|| ApiError::from_problem(200, None)));
    }
    let name = resp
        .headers()
        .get("content-disposition")
        .and_then(|d| {
            d.split("filename=\"")
                .nth(1)
                .map(|n| n.trim_end_matches('"').to_string())
        })
        .unwrap_or_else(|| "switchboard-export.age".into());
    let bytes = resp.binary().await.map_err(|_| ApiError::network())?;
    Ok((bytes, name))
}

/// `POST /connections/import` with a file the person picked.
pub async fn import(
    s: Session,
    file: &web_sys::File,
    from: ImportSource,
    passphrase: &str,
    on_conflict: OnConflict,
) -> Result<ImportReport, ApiError> {
    let form = web_sys::FormData::new().map_err(|_| ApiError::network())?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(|_| ApiError::network())?;
    form.append_with_str("from", from.as_str())
        .map_err(|_| ApiError::network())?;
    if from == ImportSource::Switchboard {
        form.append_with_str("passphrase", passphrase)
            .map_err(|_| ApiError::network())?;
    }
    form.append_with_str("on_conflict", on_conflict.as_str())
        .map_err(|_| ApiError::network())?;
    let body = Body::Form(form);
    decode(send(s, Method::POST, "/connections/import", Some(&body), None).await?).await
}

/// Offers `bytes` to the browser as a download named `name`.
pub fn download(bytes: &[u8], name: &str) -> Result<(), ApiError> {
    use wasm_bindgen::JsCast as _;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/octet-stream");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
        .map_err(|_| ApiError::network())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ApiError::network())?;
    let a = leptos::prelude::document()
        .create_element("a")
        .map_err(|_| ApiError::network())?
        .unchecked_into::<web_sys::HtmlAnchorElement>();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Released once the browser has taken the download.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
