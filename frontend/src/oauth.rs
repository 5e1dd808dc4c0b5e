//! Signing in at an OAuth provider: in a popup that reports back to this window,
//! falling back to a full-page redirect when popups are blocked.
//!
//! The provider sends the popup to the server's callback, which redirects to
//! `/connections?oauth=…`. The web app starting in the popup sees that it has an
//! opener, hands the query to it with `postMessage` (same origin only) and closes.

use leptos::prelude::*;
use switchboard_types::{AuthorizeRequest, AuthorizeResponse};
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError, Session};

const POPUP_NAME: &str = "switchboard-oauth";
const MESSAGE_PREFIX: &str = "switchboard-oauth:";

/// The outcome of a sign-in, as the callback put it in the query.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub ok: bool,
    pub message: String,
    pub connection: Option<String>,
}

fn decode(v: &str) -> String {
    js_sys::decode_uri_component(&v.replace('+', " "))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// Reads `oauth=connected&connection=…` or `oauth=error&message=…`.
pub fn parse(query: &str) -> Option<Outcome> {
    let mut kind = None;
    let mut message = None;
    let mut connection = None;
    for pair in query.trim_start_matches('?').split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "oauth" => kind = Some(decode(v)),
            "message" => message = Some(decode(v)),
            "connection" => connection = Some(decode(v)),
            _ => {}
        }
    }
    match kind.as_deref()? {
        "connected" => Some(Outcome {
            ok: true,
            message: "Connected. The tokens are stored encrypted.".into(),
            connection,
        }),
        "error" => Some(Outcome {
            ok: false,
            message: message.unwrap_or_else(|| "Connecting failed.".into()),
            connection: None,
        }),
        _ => None,
    }
}

/// In the popup, back from the provider: hands the outcome to the opener and closes.
/// Returns true when this window is such a popup (the app then renders nothing else).
pub fn report_to_opener() -> bool {
    let w = window();
    let Ok(search) = w.location().search() else {
        return false;
    };
    if parse(&search).is_none() {
        return false;
    }
    let Ok(opener) = w.opener() else {
        return false;
    };
    if opener.is_null() || opener.is_undefined() {
        return false;
    }
    // The opener's Window comes from another realm: `instanceof Window` is false there,
    // so no checked cast; the origin check below is what makes it safe to use.
    let opener = opener.unchecked_into::<web_sys::Window>();
    let Ok(origin) = w.location().origin() else {
        return false;
    };
    // Only an opener of this origin (reading another origin's location fails).
    if opener.location().origin().ok().as_deref() != Some(origin.as_str()) {
        return false;
    }
    let sent = opener
        .post_message(&format!("{MESSAGE_PREFIX}{search}").into(), &origin)
        .is_ok();
    if sent {
        let _ = w.close();
    }
    sent
}

/// Calls `on_outcome` for every outcome a popup of this origin reports.
pub fn on_report(on_outcome: impl Fn(Outcome) + 'static) {
    let origin = window().location().origin().unwrap_or_default();
    let handle = window_event_listener(leptos::ev::message, move |ev: web_sys::MessageEvent| {
        if ev.origin() != origin {
            return;
        }
        let Some(data) = ev.data().as_string() else {
            return;
        };
        if let Some(outcome) = data.strip_prefix(MESSAGE_PREFIX).and_then(parse) {
            on_outcome(outcome);
        }
    });
    on_cleanup(move || handle.remove());
}

/// Starts a sign-in. The popup opens right away (inside the click, so blockers allow
/// it) and goes to the provider once the server answers; without a popup the whole
/// page goes. `waiting` is true while a popup is out.
pub fn start(
    s: Session,
    req: AuthorizeRequest,
    error: RwSignal<Option<ApiError>>,
    waiting: RwSignal<bool>,
) {
    let features = "popup=yes,width=560,height=720";
    let popup = window()
        .open_with_url_and_target_and_features("about:blank", POPUP_NAME, features)
        .ok()
        .flatten();
    error.set(None);
    waiting.set(true);
    leptos::task::spawn_local(async move {
        match api::post::<AuthorizeResponse, _>(s, "/oauth/authorize", &req).await {
            Ok(a) => match &popup {
                Some(p) => {
                    let _ = p.location().set_href(&a.authorize_url);
                    // Closed without an answer (the person gave up): stop waiting.
                    loop {
                        gloo_timers::future::TimeoutFuture::new(500).await;
                        if p.closed().unwrap_or(true) {
                            waiting.set(false);
                            break;
                        }
                    }
                }
                None => {
                    let _ = window().location().set_href(&a.authorize_url);
                }
            },
            Err(e) => {
                if let Some(p) = popup {
                    let _ = p.close();
                }
                waiting.set(false);
                error.set(Some(e));
            }
        }
    });
}
