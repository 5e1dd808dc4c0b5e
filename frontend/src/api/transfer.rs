//! Export files and imports: a binary answer to download, a multipart upload.

use gloo_net::http::{Method, RequestBuilder, Response};
use leptos::prelude::{GetUntracked as _, Set as _};
use switchboard_types::{
    ErrorCode, ExportConnectionsRequest, ImportReport, ImportSource, OnConflict, Problem,
};

use super::{refresh, ApiError, Session, BASE};

/// Sends with the session's token; on an expired token refreshes once and resends.
async fn send<F>(s: Session, build: F) -> Result<Response, ApiError>
where
    F: Fn(Option<String>) -> Result<RequestBuilderReady, ApiError>,
{
    let resp = build(s.token.get_untracked())?.send().await?;
    if resp.status() != 401 {
        return Ok(resp);
    }
    let problem = resp.json::<Problem>().await.ok();
    let e = ApiError::from_problem(401, problem);
    if e.code != ErrorCode::Unauthenticated {
        return Err(e);
    }
    if !refresh(s).await {
        s.clear();
        s.expired.set(true);
        return Err(e);
    }
    build(s.token.get_untracked())?.send().await
}

/// A request with its body set, ready to send.
pub(crate) struct RequestBuilderReady(gloo_net::http::Request);

impl RequestBuilderReady {
    async fn send(self) -> Result<Response, ApiError> {
        self.0.send().await.map_err(|_| ApiError::network())
    }
}

fn builder(path: &str, token: Option<String>) -> RequestBuilder {
    let mut req = RequestBuilder::new(&format!("{BASE}{path}")).method(Method::POST);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    req
}

async fn failed(resp: Response) -> ApiError {
    let status = resp.status();
    let problem = resp.json::<Problem>().await.ok();
    ApiError::from_problem(status, problem)
}

/// `POST /connections/export`: the file and the name the server gave it.
pub async fn export(
    s: Session,
    req: &ExportConnectionsRequest,
) -> Result<(Vec<u8>, String), ApiError> {
    let body = serde_json::to_value(req).map_err(|_| ApiError::network())?;
    let resp = send(s, |token| {
        builder("/connections/export", token)
            .json(&body)
            .map(RequestBuilderReady)
            .map_err(|_| ApiError::network())
    })
    .await?;
    if resp.status() != 200 {
        return Err(failed(resp).await);
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
    let resp = send(s, |token| {
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
        builder("/connections/import", token)
            .body(form)
            .map(RequestBuilderReady)
            .map_err(|_| ApiError::network())
    })
    .await?;
    if resp.status() != 200 {
        return Err(failed(resp).await);
    }
    resp.json::<ImportReport>()
        .await
        .map_err(|_| ApiError::from_problem(200, None))
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
