//! Requests to third-party APIs on behalf of a connection: the app's test and
//! identity requests, with the credentials injected as the app defines.
//! Error messages never carry the URL (which may hold a credential in its query).

use std::collections::BTreeMap;

use base64::Engine as _;
use futures_util::StreamExt as _;
use switchboard_catalog::render;
use switchboard_types::{AppDefinition, InjectRule, TestOutcome};

use crate::outbound::guard::{refusal, Allowed};
use crate::state::AppState;

/// Largest upstream answer read for identity and test requests.
const MAX_BODY: usize = 1024 * 1024;

#[derive(Debug)]
struct Answer {
    status: u16,
    body: Vec<u8>,
}

fn build(
    http: &reqwest::Client,
    allowed: &Allowed,
    def: &AppDefinition,
    method: &str,
    path: &str,
    values: &BTreeMap<String, String>,
) -> Result<reqwest::RequestBuilder, String> {
    let base =
        render(&def.base_url, values).map_err(|v| format!("the base URL needs the field {v}"))?;
    let path = render(path, values).map_err(|v| format!("the request path needs the field {v}"))?;
    let url = reqwest::Url::parse(&format!("{base}{path}"))
        .map_err(|_| "the app's URL is not valid".to_string())?;
    allowed.check_url(&url).map_err(|r| r.to_string())?;
    let method =
        reqwest::Method::from_bytes(method.as_bytes()).map_err(|_| "bad method".to_string())?;
    let mut req = http
        .request(method, url)
        .header("accept", "application/json");
    for rule in &def.auth.inject {
        // A rule that needs config the connection does not have yet (asked for
        // right after the sign-in, e.g. Xero's tenant header) is left out.
        let fill = |t: &str| match render(t, values) {
            Ok(v) => Ok(Some(v)),
            Err(v) if v.starts_with(switchboard_types::CONFIG_PREFIX) => Ok(None),
            Err(v) => Err(format!("missing field {v}")),
        };
        match rule {
            InjectRule::Header { name, value } => {
                if let Some(v) = fill(value)? {
                    req = req.header(name.as_str(), v);
                }
            }
            InjectRule::Query { name, value } => {
                if let Some(v) = fill(value)? {
                    req = req.query(&[(name.as_str(), v.as_str())]);
                }
            }
            InjectRule::Basic { username, password } => {
                if let (Some(u), Some(p)) = (fill(username)?, fill(password)?) {
                    let token =
                        base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}"));
                    req = req.header("authorization", format!("Basic {token}"));
                }
            }
        }
    }
    Ok(req)
}

async fn send(req: reqwest::RequestBuilder) -> Result<Answer, String> {
    let resp = req.send().await.map_err(describe)?;
    let status = resp.status().as_u16();
    let mut body = Vec::new();
    let mut stream = resp.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(describe)?;
        if body.len() + chunk.len() > MAX_BODY {
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Answer { status, body })
}

fn describe(e: reqwest::Error) -> String {
    if let Some(r) = refusal(&e) {
        return r.to_string();
    }
    let e = e.without_url();
    if e.is_timeout() {
        "the request timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        "the request failed".into()
    }
}

fn reason(status: u16) -> String {
    let text = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    format!("{status} {text}").trim().to_string()
}

fn identity_from(body: &[u8], pointer: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let found = v.pointer(pointer)?;
    let s = match found {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let s: String = s.chars().filter(|c| !c.is_control()).take(200).collect();
    (!s.is_empty()).then_some(s)
}

/// The JSON answer of the app's identity request (for config captured from it),
/// or why there is none.
pub async fn identity_answer(
    state: &AppState,
    def: &AppDefinition,
    values: &BTreeMap<String, String>,
) -> Result<serde_json::Value, String> {
    let i = def
        .identity
        .as_ref()
        .ok_or("the app has no identity request")?;
    let req = build(
        &state.http,
        state.egress.as_ref(),
        def,
        &i.method,
        &i.path,
        values,
    )?;
    let a = send(req).await?;
    if !(200..300).contains(&a.status) {
        return Err(format!("{} answered {}", def.name, reason(a.status)));
    }
    serde_json::from_slice(&a.body).map_err(|_| format!("{} did not answer JSON", def.name))
}

/// Runs the app's test request (when it has one) and its identity request; with
/// `run_test` false nothing is sent. `ok` is false only when the test request failed.
pub async fn check(
    state: &AppState,
    def: &AppDefinition,
    values: &BTreeMap<String, String>,
    run_test: bool,
) -> TestOutcome {
    let (http, allowed) = (&state.http, state.egress.as_ref());
    if !run_test {
        // The caller chose not to contact the app: no test and no identity request.
        return TestOutcome {
            ok: true,
            upstream_status: None,
            message: "Saved without contacting the app (test skipped).".into(),
            identity: None,
        };
    }
    let mut identity = None;
    let mut answered: Option<(String, String, Answer)> = None;
    if let (true, Some(t)) = (run_test, &def.test) {
        let result = match build(http, allowed, def, &t.method, &t.path, values) {
            Ok(req) => send(req).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(a) if a.status == t.expect_status => {
                answered = Some((t.method.clone(), t.path.clone(), a));
            }
            Ok(a) => {
                return TestOutcome {
                    ok: false,
                    upstream_status: Some(a.status),
                    message: format!(
                        "{} answered {} (expected {}).",
                        def.name,
                        reason(a.status),
                        t.expect_status
                    ),
                    identity: None,
                }
            }
            Err(e) => {
                return TestOutcome {
                    ok: false,
                    upstream_status: None,
                    message: format!("Could not test the connection with {}: {e}.", def.name),
                    identity: None,
                }
            }
        }
    }
    if let Some(i) = &def.identity {
        let reused = answered
            .as_ref()
            .filter(|(m, p, _)| *m == i.method && *p == i.path)
            .map(|(_, _, a)| identity_from(&a.body, &i.pointer));
        identity = match reused {
            Some(found) => found,
            None => match build(http, allowed, def, &i.method, &i.path, values) {
                Ok(req) => match send(req).await {
                    Ok(a) if (200..300).contains(&a.status) => identity_from(&a.body, &i.pointer),
                    _ => None,
                },
                Err(_) => None,
            },
        };
    }
    let tested = answered.is_some();
    TestOutcome {
        ok: true,
        upstream_status: answered.as_ref().map(|(_, _, a)| a.status),
        message: if tested {
            format!("{} accepted the credentials.", def.name)
        } else {
            "Saved without a test request.".into()
        },
        identity,
    }
}
