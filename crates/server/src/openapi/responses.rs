//! Every operation's error answers, declared the way the server sends them: an
//! `application/problem+json` [`Problem`](switchboard_types::Problem) whose `code`
//! is one of [`ErrorCode`], the statuses the operation can really answer, the
//! headers that come with them, and a `default` for anything else.

use utoipa::openapi::content::Content;
use utoipa::openapi::header::Header;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::Response;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{Components, OpenApi, Ref, RefOr};

use switchboard_types::ErrorCode;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// The shared error answers, by component name: status, description, and whether
/// `Retry-After` comes with it.
const SHARED: &[(&str, &str, bool)] = &[
    ("BadRequest", "The request is malformed: a body that is not JSON (`malformed_json`, `malformed_body`), a query string that does not parse (`invalid_query`, `invalid_cursor`) or an `If-Match` that is not an ETag (`invalid_if_match`).", false),
    ("Unauthenticated", "No valid credentials: the access token or API key is missing, wrong or expired (`unauthenticated`, `session_expired`). `WWW-Authenticate: Bearer` comes with it.", false),
    ("Forbidden", "The caller may not do this: a role or an API-key scope is missing (`insufficient_scope`, `admin_required`, `system_admin_required`, `user_session_required`, `not_owner`).", false),
    ("NotFound", "No such resource in the caller's account (`not_found`); an id that is not a UUID answers the same.", false),
    ("PayloadTooLarge", "The body is larger than the server takes (`payload_too_large`).", false),
    ("UnsupportedMediaType", "The body is not sent as `application/json` (`unsupported_media_type`).", false),
    ("ValidationFailed", "The body parses but its values are not valid (`validation_failed`, with messages per field in `errors`).", false),
    ("PreconditionFailed", "`If-Match` does not match the resource's current ETag (`version_mismatch`): read it again and retry.", false),
    ("TooManyRequests", "Too many requests or open connections from this caller (`too_many_requests`, `too_many_connections`); retry after `Retry-After` seconds.", true),
    ("ServiceUnavailable", "The database cannot be reached right now (`database_unavailable`); retry after `Retry-After` seconds.", true),
    ("Error", "Any other error, as a problem document (`internal_error` with status 500, for one).", false),
];

/// Headers that come with an operation's success answer: operation, status, headers.
const SUCCESS_HEADERS: &[(&str, &str, &[&str])] = &[
    ("createConnection", "201", &["ETag", "Location"]),
    ("getConnection", "200", &["ETag"]),
    ("updateConnection", "200", &["ETag"]),
    ("replaceConnectionFields", "200", &["ETag"]),
    ("createAutomation", "201", &["ETag", "Location"]),
    ("getAutomation", "200", &["ETag"]),
    ("updateAutomation", "200", &["ETag"]),
    ("createAccount", "201", &["Location"]),
    ("createApp", "201", &["Location"]),
    ("login", "200", &["Set-Cookie"]),
    ("refreshSession", "200", &["Set-Cookie"]),
    ("logout", "204", &["Set-Cookie"]),
];

/// What each declared header holds.
fn named_header(name: &str) -> Header {
    let text = ObjectBuilder::new().schema_type(Type::String);
    let seconds = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(0));
    match name {
        "ETag" => header(text, "The resource's version (`\"3\"`); send it back in `If-Match` to update it."),
        "Location" => header(text, "Where the created resource is (`/api/v1/…/{id}`)."),
        "Set-Cookie" => header(
            text,
            "`sb_refresh`: the rotating refresh token; `HttpOnly`, `SameSite=Strict`, `Secure` behind https, scoped to `/api/v1/auth` (cleared by sign-out).",
        ),
        "RateLimit-Limit" => header(seconds, "Calls the connection's limit allows in a burst."),
        "RateLimit-Remaining" => header(seconds, "Calls left in the current window."),
        "RateLimit-Reset" => header(seconds, "Seconds until the window refills."),
        "RateLimit-Policy" => header(text, "The limit as `<requests>;w=<per_seconds>;burst=<burst>` (on answers the proxy forwarded)."),
        _ => header(text, ""),
    }
}

/// Declares error answers on every operation and the `ErrorCode` enum for `Problem.code`.
pub fn declare(api: &mut OpenApi) {
    let components = api.components.get_or_insert_with(Default::default);
    error_code_schema(components);
    for (name, description, retry) in SHARED {
        components
            .responses
            .insert((*name).to_string(), RefOr::T(problem(description, *retry)));
    }
    for (path, item) in api.paths.paths.iter_mut() {
        let proxy = is_proxy(path);
        for (op, body) in [
            (&mut item.get, false),
            (&mut item.put, true),
            (&mut item.post, true),
            (&mut item.delete, false),
            (&mut item.patch, true),
            (&mut item.head, false),
            (&mut item.options, false),
        ] {
            let Some(op) = op.as_mut() else { continue };
            if proxy && body {
                op.request_body = Some(any_body());
            }
            declare_operation(path, op);
            if proxy {
                any_content(op);
            }
            success_headers(op, proxy);
        }
    }
}

/// One problem answer, with `X-Request-Id` (and `Retry-After` when `retry`).
fn problem(description: &str, retry: bool) -> Response {
    let mut r = Response::new(description);
    r.content.insert(
        PROBLEM_JSON.into(),
        Content::new(Some(Ref::from_schema_name("Problem"))),
    );
    r.headers.insert("X-Request-Id".into(), request_id_header());
    if retry {
        r.headers.insert("Retry-After".into(), retry_after_header());
    }
    r
}

fn header(schema: ObjectBuilder, description: &str) -> Header {
    let mut h = Header::new(schema);
    h.description = Some(description.to_string());
    h
}

fn request_id_header() -> Header {
    header(
        ObjectBuilder::new().schema_type(Type::String),
        "The request's id (the caller's `X-Request-Id` when it sent a valid one); problem documents carry it as `request_id`.",
    )
}

fn retry_after_header() -> Header {
    header(
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(1)),
        "Seconds to wait before retrying.",
    )
}

fn is_proxy(path: &str) -> bool {
    path.contains("/proxy/")
}

/// The statuses an operation can answer besides its own, by what it takes, with
/// the shared answer that describes each.
fn implied(path: &str, op: &Operation) -> Vec<(&'static str, &'static str)> {
    let params = op.parameters.as_deref().unwrap_or_default();
    let query = params
        .iter()
        .any(|p| matches!(p.parameter_in, ParameterIn::Query));
    let in_path = params
        .iter()
        .any(|p| matches!(p.parameter_in, ParameterIn::Path));
    let if_match = params.iter().any(|p| p.name == "If-Match");
    let json_body = op.request_body.is_some() && !is_proxy(path);
    let mut out = Vec::new();
    if json_body || query || if_match {
        out.push(("400", "BadRequest"));
    }
    // An empty requirement among them: credentials are optional (`/metrics`), and
    // only wrong ones are refused.
    let optional = op
        .security
        .as_ref()
        .is_some_and(|s| s.iter().any(|r| *r == SecurityRequirement::default()));
    if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
        out.push(("401", "Unauthenticated"));
        if !optional {
            out.push(("403", "Forbidden"));
        }
    }
    if in_path {
        out.push(("404", "NotFound"));
    }
    if if_match {
        out.push(("412", "PreconditionFailed"));
    }
    if json_body {
        out.push(("413", "PayloadTooLarge"));
        out.push(("415", "UnsupportedMediaType"));
        out.push(("422", "ValidationFailed"));
    }
    out.push(("429", "TooManyRequests"));
    if !matches!(path, "/healthz" | "/metrics") {
        out.push(("503", "ServiceUnavailable"));
    }
    out.push(("default", "Error"));
    out
}

/// The shared answer for a status, when there is one.
fn shared_for(status: &str) -> Option<&'static str> {
    let name = match status {
        "400" => "BadRequest",
        "401" => "Unauthenticated",
        "403" => "Forbidden",
        "404" => "NotFound",
        "412" => "PreconditionFailed",
        "413" => "PayloadTooLarge",
        "415" => "UnsupportedMediaType",
        "422" => "ValidationFailed",
        "429" => "TooManyRequests",
        "503" => "ServiceUnavailable",
        _ => return None,
    };
    Some(name)
}

fn shared_ref(name: &str) -> RefOr<Response> {
    RefOr::Ref(Ref::new(format!("#/components/responses/{name}")))
}

/// A description for a success answer the handler left without one.
fn success_description(status: &str) -> &'static str {
    match status {
        "201" => "Created.",
        "204" => "Done; there is no body.",
        "303" => "Redirect to the page that shows the outcome.",
        _ => "Success.",
    }
}

fn declare_operation(path: &str, op: &mut Operation) {
    for (status, response) in op.responses.responses.iter_mut() {
        let RefOr::T(r) = response else { continue };
        if r.description.is_empty() {
            if let Some(name) = shared_for(status) {
                *response = shared_ref(name);
                continue;
            }
            r.description = match status.as_str() {
                "409" => {
                    "The request conflicts with the resource's current state; `code` says how."
                }
                other => success_description(other),
            }
            .to_string();
        }
        r.headers
            .entry("X-Request-Id".into())
            .or_insert_with(request_id_header);
        let error = status.starts_with('4') || status.starts_with('5');
        if error {
            r.content.clear();
            r.content.insert(
                PROBLEM_JSON.into(),
                Content::new(Some(Ref::from_schema_name("Problem"))),
            );
        }
        if matches!(status.as_str(), "429" | "503") {
            r.headers
                .entry("Retry-After".into())
                .or_insert_with(retry_after_header);
        }
    }
    for (status, name) in implied(path, op) {
        op.responses
            .responses
            .entry(status.to_string())
            .or_insert_with(|| shared_ref(name));
    }
}

/// `ErrorCode` as a string enum, and `Problem.code` pointing at it.
fn error_code_schema(components: &mut Components) {
    let codes = ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(
            "A problem's stable machine-readable code. New codes may be added; treat an unknown one by its HTTP status.",
        ))
        .enum_values(Some(ErrorCode::ALL.iter().map(|c| c.as_str())));
    components
        .schemas
        .insert("ErrorCode".into(), RefOr::T(Schema::Object(codes.build())));
    if let Some(RefOr::T(Schema::Object(problem))) = components.schemas.get_mut("Problem") {
        let mut code = Ref::from_schema_name("ErrorCode");
        code.description =
            "Stable machine-readable code, e.g. `validation_failed`, `not_found`.".into();
        problem.properties.insert("code".into(), RefOr::Ref(code));
    }
}

/// The proxy passes the upstream's answer through, whatever its status and media
/// type: every answer may be that (or, for an error status, Switchboard's own
/// problem document), and the body sent is any bytes.
fn any_content(op: &mut Operation) {
    let anything = || {
        Content::new(Some(
            ObjectBuilder::new().schema_type(utoipa::openapi::schema::SchemaType::AnyValue),
        ))
    };
    for (status, response) in op.responses.responses.iter_mut() {
        if let RefOr::Ref(r) = response {
            // The shared answers name Switchboard's own errors only.
            let name = r
                .ref_location
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string();
            let description = SHARED
                .iter()
                .find(|(n, ..)| *n == name)
                .map(|(_, d, _)| *d)
                .unwrap_or_default();
            let retry = matches!(status.as_str(), "429" | "503");
            *response = RefOr::T(problem(description, retry));
        }
        let RefOr::T(r) = response else { continue };
        if status == "default" {
            r.description = "The upstream's answer with its own status, or a problem document of Switchboard's (`application/problem+json`).".into();
        }
        r.content.insert("*/*".into(), anything());
    }
}

/// The proxied request's body: any bytes in any media type, passed on as sent.
fn any_body() -> utoipa::openapi::request_body::RequestBody {
    let bytes = ObjectBuilder::new().schema_type(Type::String).format(Some(
        utoipa::openapi::schema::SchemaFormat::KnownFormat(
            utoipa::openapi::schema::KnownFormat::Binary,
        ),
    ));
    let mut body = utoipa::openapi::request_body::RequestBody::new();
    body.description = Some(
        "Sent to the app as it is, with its `Content-Type` (JSON, a form, bytes); the caller's `Authorization` and cookies are not.".into(),
    );
    body.content.insert("*/*".into(), Content::new(Some(bytes)));
    body
}

/// `ETag`, `Location`, `Set-Cookie` where [`SUCCESS_HEADERS`] says; the proxy's
/// answers and refusals carry the connection's rate-limit state.
fn success_headers(op: &mut Operation, proxy: bool) {
    let id = op.operation_id.clone().unwrap_or_default();
    for (status, response) in op.responses.responses.iter_mut() {
        let RefOr::T(r) = response else { continue };
        let mut names: Vec<&str> = SUCCESS_HEADERS
            .iter()
            .filter(|(o, s, _)| *o == id && s == status)
            .flat_map(|(_, _, h)| h.iter().copied())
            .collect();
        if proxy && (status.starts_with('2') || status == "429" || status == "default") {
            names.extend([
                "RateLimit-Limit",
                "RateLimit-Remaining",
                "RateLimit-Reset",
                "RateLimit-Policy",
            ]);
        }
        for name in names {
            r.headers.insert(name.to_string(), named_header(name));
        }
    }
}

/// The refresh cookie, on the operations that read it.
pub fn refresh_cookie(api: &mut OpenApi) {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    for path in ["/api/v1/auth/refresh", "/api/v1/auth/logout"] {
        let Some(op) = api.paths.paths.get_mut(path).and_then(|i| i.post.as_mut()) else {
            continue;
        };
        let cookie = ParameterBuilder::new()
            .name("sb_refresh")
            .parameter_in(ParameterIn::Cookie)
            .description(Some(
                "The refresh token cookie set by sign-in (sent by the browser on its own).",
            ))
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .build();
        op.parameters.get_or_insert_with(Vec::new).push(cookie);
    }
}
