//! Request bodies (kept for a retry, or streamed once) and the answer's body
//! (whole when small, else streamed), scrubbed of injected secrets.

use actix_web::web;
use actix_web::web::{Bytes, BytesMut};
use futures_util::StreamExt as _;
use switchboard_types::ErrorCode;

use crate::error::ApiError;

use super::*;

pub(super) enum Body {
    Empty,
    Kept(Bytes),
    Stream(tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>),
}

/// Reads up to [`REPLAYABLE`] bytes; a larger body continues as a stream.
pub(super) async fn take_body(mut payload: web::Payload) -> Result<Body, ApiError> {
    let mut kept = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| match e {
            actix_web::error::PayloadError::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                ApiError::BodyTimeout
            }
            _ => ApiError::bad_request(
                ErrorCode::BodyUnreadable,
                "The request body could not be read.",
            ),
        })?;
        kept.extend_from_slice(&chunk);
        if kept.len() > REPLAYABLE {
            let (tx, rx) = tokio::sync::mpsc::channel(8);
            let first = kept.freeze();
            // The payload lives on this worker's thread; a local task pumps it on.
            actix_web::rt::spawn(async move {
                if tx.send(Ok(first)).await.is_err() {
                    return;
                }
                while let Some(chunk) = payload.next().await {
                    let item = chunk.map_err(|e| std::io::Error::other(e.to_string()));
                    if tx.send(item).await.is_err() {
                        return;
                    }
                }
            });
            return Ok(Body::Stream(rx));
        }
    }
    Ok(if kept.is_empty() {
        Body::Empty
    } else {
        Body::Kept(kept.freeze())
    })
}

/// A stream fed by a task (keeps the response streaming without extra crates).
pub(super) fn async_stream<F, Fut>(
    f: F,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>>
where
    F: FnOnce(tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>) -> Fut,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    actix_web::rt::spawn(f(tx));
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|i| (i, rx)) })
}
