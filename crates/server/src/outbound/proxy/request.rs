//! Building the upstream request: the URL under the app's base URL, checked, with
//! the connection's credentials injected.

use actix_web::http::header::{HeaderName, HeaderValue};
use switchboard_catalog::render;
use switchboard_types::{ErrorCode, InjectRule};
use zeroize::Zeroizing;

use crate::error::ApiError;
use crate::services::tokens::Usable;
use crate::state::AppState;

pub(super) fn upstream_error(code: ErrorCode, detail: String, status: u16) -> ApiError {
    ApiError::Upstream {
        code,
        detail,
        status: Some(status),
    }
}

/// Builds the upstream request for `usable` (the URL checked, credentials injected).
pub(super) fn upstream_request(
    state: &AppState,
    u: &Usable,
    method: &reqwest::Method,
    raw_path: &str,
    query: &str,
    headers: &[(HeaderName, HeaderValue)],
) -> Result<reqwest::RequestBuilder, ApiError> {
    let base = render(&u.def.base_url, &u.values).map_err(|v| ApiError::Unprocessable {
        code: ErrorCode::ConnectionIncomplete,
        detail: format!("The app's base URL needs the field {v}, which this connection lacks."),
    })?;
    let base_url = url::Url::parse(&base).map_err(|_| ApiError::Unprocessable {
        code: ErrorCode::AppInvalid,
        detail: "The app's base URL is not valid.".into(),
    })?;
    // The caller cannot send its own value under a name the app injects.
    let injected_query: Vec<&str> = u
        .def
        .auth
        .inject
        .iter()
        .filter_map(|r| match r {
            InjectRule::Query { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let collides = url::form_urlencoded::parse(query.as_bytes())
        .any(|(k, _)| injected_query.contains(&k.as_ref()));
    let query: String = if collides {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(
                url::form_urlencoded::parse(query.as_bytes())
                    .filter(|(k, _)| !injected_query.contains(&k.as_ref())),
            )
            .finish()
    } else {
        query.to_string()
    };
    let mut target = format!("{}/{}", base.trim_end_matches('/'), raw_path);
    if !query.is_empty() {
        target.push('?');
        target.push_str(&query);
    }
    let url = url::Url::parse(&target).map_err(|_| {
        ApiError::bad_request(
            ErrorCode::InvalidProxyPath,
            "The path is not a valid URL path.",
        )
    })?;
    let base_path = base_url.path().trim_end_matches('/');
    let under_base = base_path.is_empty()
        || url.path() == base_path
        || url.path().starts_with(&format!("{base_path}/"));
    if url.host() != base_url.host()
        || url.port_or_known_default() != base_url.port_or_known_default()
        || url.scheme() != base_url.scheme()
        || !under_base
    {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidProxyPath,
            "The path must stay under the app's base URL.",
        ));
    }
    state
        .egress
        .check_url(&url)
        .map_err(|r| upstream_error(ErrorCode::DestinationNotAllowed, format!("{r}."), 502))?;
    let injected_headers: Vec<String> = u
        .def
        .auth
        .inject
        .iter()
        .filter_map(|r| match r {
            InjectRule::Header { name, .. } => Some(name.to_ascii_lowercase()),
            _ => None,
        })
        .collect();
    let mut req = state.proxy_http.request(method.clone(), url);
    for (name, value) in headers {
        if injected_headers.iter().any(|h| h == name.as_str()) {
            continue;
        }
        req = req.header(name.as_str(), value.as_bytes());
    }
    req = req.header("accept-encoding", "identity");
    for rule in &u.def.auth.inject {
        let missing = |v: String| ApiError::Unprocessable {
            code: ErrorCode::ConnectionIncomplete,
            detail: format!("The app injects the field {v}, which this connection lacks."),
        };
        match rule {
            InjectRule::Header { name, value } => {
                let v = Zeroizing::new(render(value, &u.values).map_err(missing)?);
                req = req.header(name.as_str(), v.as_str());
            }
            InjectRule::Query { name, value } => {
                let v = Zeroizing::new(render(value, &u.values).map_err(missing)?);
                req = req.query(&[(name.as_str(), v.as_str())]);
            }
            InjectRule::Basic { username, password } => {
                let user = render(username, &u.values).map_err(missing)?;
                let pass = Zeroizing::new(render(password, &u.values).map_err(missing)?);
                req = req.basic_auth(user, Some(pass.as_str()));
            }
        }
    }
    Ok(req)
}
