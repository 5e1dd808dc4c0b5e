//! One error type for the HTTP layer, rendered as `application/problem+json`
//! (RFC 9457) with a stable `code`.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use switchboard_types::{ErrorCode, Problem};

pub use switchboard_types::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{detail}")]
    BadRequest { code: ErrorCode, detail: String },
    #[error("the request is not valid")]
    Validation { detail: String, errors: FieldErrors },
    #[error("authentication required")]
    Unauthorized { code: ErrorCode, detail: String },
    #[error("forbidden")]
    Forbidden { code: ErrorCode, detail: String },
    #[error("not found")]
    NotFound { what: &'static str },
    #[error("conflict")]
    Conflict {
        code: ErrorCode,
        detail: String,
        errors: FieldErrors,
    },
    /// 409 `connection_in_use`: active automations would be paused.
    #[error("connection in use")]
    InUse {
        detail: String,
        automations: Vec<switchboard_types::AutomationUsage>,
    },
    /// 410: something that worked once and never will again (an expired or used
    /// connect session).
    #[error("gone")]
    Gone { code: ErrorCode, detail: String },
    #[error("precondition failed")]
    PreconditionFailed,
    /// 405 `method_not_allowed`: the path exists with other methods (`Allow` lists them).
    #[error("method not allowed")]
    MethodNotAllowed { allow: String },
    #[error("payload too large")]
    PayloadTooLarge,
    /// 415 `unsupported_media_type`: the body is not in a media type the operation takes.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 408 `body_timeout`: the body did not arrive within `SWITCHBOARD_BODY_TIMEOUT_SECS`.
    #[error("request body timed out")]
    BodyTimeout,
    /// 429 `too_many_connections`: the client address holds too many connections.
    #[error("too many connections")]
    TooManyConnections,
    #[error("too many requests")]
    TooManyRequests {
        retry_after_secs: u64,
        detail: String,
    },
    #[error("upstream failure")]
    Upstream {
        code: ErrorCode,
        detail: String,
        status: Option<u16>,
    },
    /// 503 `upstream_unavailable`: the provider failed transiently (5xx, timeout)
    /// and there is no still-valid token to fall back on.
    #[error("upstream unavailable")]
    UpstreamUnavailable {
        detail: String,
        retry_after_secs: u64,
    },
    #[error("unprocessable")]
    Unprocessable { code: ErrorCode, detail: String },
    /// Stored ciphertext that does not open (tampered, or copied from another row).
    #[error("credentials unreadable")]
    CredentialsUnreadable,
    /// 503 `database_unavailable`: the database cannot be reached right now.
    #[error("database unavailable")]
    DatabaseUnavailable,
    /// 503 `shutting_down`: this process is stopping (readiness while draining).
    #[error("shutting down")]
    ShuttingDown,
    /// Details go to the log, never to the client.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn bad_request(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::BadRequest {
            code,
            detail: detail.into(),
        }
    }
    pub fn unauthorized(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::Unauthorized {
            code,
            detail: detail.into(),
        }
    }
    pub fn forbidden(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::Forbidden {
            code,
            detail: detail.into(),
        }
    }
    pub fn conflict(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            detail: detail.into(),
            errors: FieldErrors::new(),
        }
    }
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.insert(field.to_string(), vec![message.into()]);
        Self::Validation {
            detail: "The request has invalid fields.".into(),
            errors,
        }
    }
    pub fn fields(errors: FieldErrors) -> Self {
        Self::Validation {
            detail: "The request has invalid fields.".into(),
            errors,
        }
    }
    pub fn internal(e: impl std::fmt::Display) -> Self {
        Self::Internal(e.to_string())
    }

    fn parts(&self) -> (StatusCode, ErrorCode, &'static str, Option<String>) {
        match self {
            ApiError::BadRequest { code, detail } => (StatusCode::BAD_REQUEST, *code, "Bad request", Some(detail.clone())),
            ApiError::Validation { detail, .. } => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ValidationFailed, "Validation failed", Some(detail.clone())),
            ApiError::Unauthorized { code, detail } => (StatusCode::UNAUTHORIZED, *code, "Unauthorized", Some(detail.clone())),
            ApiError::Forbidden { code, detail } => (StatusCode::FORBIDDEN, *code, "Forbidden", Some(detail.clone())),
            ApiError::NotFound { what } => (StatusCode::NOT_FOUND, ErrorCode::NotFound, "Not found", Some(format!("No such {what}."))),
            ApiError::Conflict { code, detail, .. } => (StatusCode::CONFLICT, *code, "Conflict", Some(detail.clone())),
            ApiError::InUse { detail, .. } => (StatusCode::CONFLICT, ErrorCode::ConnectionInUse, "Connection in use", Some(detail.clone())),
            ApiError::Gone { code, detail } => (StatusCode::GONE, *code, "Gone", Some(detail.clone())),
            ApiError::PreconditionFailed => (
                StatusCode::PRECONDITION_FAILED,
                ErrorCode::VersionMismatch,
                "Precondition failed",
                Some("The resource changed since you read it (If-Match does not match its ETag). Read it again and retry.".into()),
            ),
            ApiError::MethodNotAllowed { allow } => (StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed, "Method not allowed", Some(format!("This path answers {allow}."))),
            ApiError::TooManyConnections => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyConnections, "Too many connections", Some("This address holds too many open connections; close some and retry.".into())),
            ApiError::BodyTimeout => (StatusCode::REQUEST_TIMEOUT, ErrorCode::BodyTimeout, "Request timeout", Some("The request body did not arrive in time.".into())),
            ApiError::UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, ErrorCode::UnsupportedMediaType, "Unsupported media type", Some("Send the body as JSON with Content-Type: application/json.".into())),
            ApiError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge, "Payload too large", Some("The request body is too large.".into())),
            ApiError::TooManyRequests { detail, .. } => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyRequests, "Too many requests", Some(detail.clone())),
            ApiError::Upstream { code, detail, status } => (
                status.and_then(|s| StatusCode::from_u16(s).ok()).filter(|s| s.is_server_error()).unwrap_or(StatusCode::BAD_GATEWAY),
                *code,
                "Upstream failure",
                Some(detail.clone()),
            ),
            ApiError::UpstreamUnavailable { detail, .. } => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::UpstreamUnavailable, "Upstream unavailable", Some(detail.clone())),
            ApiError::Unprocessable { code, detail } => (StatusCode::UNPROCESSABLE_ENTITY, *code, "Unprocessable request", Some(detail.clone())),
            ApiError::CredentialsUnreadable => (
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::CredentialsUnreadable,
                "Credentials unreadable",
                Some("The stored credentials of this connection cannot be decrypted. Reconnect it with new credentials.".into()),
            ),
            ApiError::DatabaseUnavailable => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::DatabaseUnavailable, "Database unavailable", Some("The database cannot be reached right now; try again shortly.".into())),
            ApiError::ShuttingDown => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::ShuttingDown, "Shutting down", Some("This server is stopping; send requests to another replica.".into())),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::InternalError, "Internal server error", Some("Something went wrong on our side; the request id is in the server log.".into())),
        }
    }

    /// The error in one line for a person (the command line, an import report):
    /// the field messages (`name must be …`), else the detail, else the title.
    pub fn summary(&self) -> String {
        let p = self.problem();
        let fields: Vec<String> = p
            .errors
            .iter()
            .map(|(k, v)| format!("{k} {}", v.join(", ")))
            .collect();
        match (p.detail, fields.is_empty()) {
            (_, false) => fields.join("; "),
            (Some(d), true) => d,
            (None, true) => p.title,
        }
    }

    pub fn problem(&self) -> Problem {
        let (status, code, title, detail) = self.parts();
        let errors = match self {
            ApiError::Validation { errors, .. } | ApiError::Conflict { errors, .. } => {
                errors.clone()
            }
            _ => FieldErrors::new(),
        };
        Problem {
            type_: format!("urn:switchboard:problem:{code}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail,
            code: code.to_string(),
            errors,
            automations: match self {
                ApiError::InUse { automations, .. } => Some(automations.clone()),
                _ => None,
            },
            request_id: None,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.parts().0
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(msg) => tracing::error!(error = %msg, "internal error"),
            ApiError::CredentialsUnreadable => {
                tracing::error!("stored credentials failed authentication")
            }
            _ => {}
        }
        let problem = self.problem();
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        res.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
        if let ApiError::TooManyRequests {
            retry_after_secs, ..
        }
        | ApiError::UpstreamUnavailable {
            retry_after_secs, ..
        } = self
        {
            res.insert_header((header::RETRY_AFTER, retry_after_secs.max(&1).to_string()));
        }
        if let ApiError::TooManyConnections = self {
            res.insert_header((header::RETRY_AFTER, HeaderValue::from_static("1")));
        }
        if let ApiError::DatabaseUnavailable | ApiError::ShuttingDown = self {
            res.insert_header((header::RETRY_AFTER, HeaderValue::from_static("2")));
        }
        if let ApiError::MethodNotAllowed { allow } = self {
            if let Ok(v) = HeaderValue::from_str(allow) {
                res.insert_header((header::ALLOW, v));
            }
        }
        if let ApiError::Unauthorized { .. } = self {
            res.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        if let ApiError::BodyTimeout = self {
            // The rest of the body is not awaited: the connection ends here.
            res.force_close();
        }
        let mut res = res.body(serde_json::to_string(&problem).unwrap_or_default());
        // Marks the answer as Switchboard's own problem document, so the request id
        // can be filled in on the way out (a proxied answer is never touched).
        res.extensions_mut().insert(OwnProblem);
        res
    }
}

/// On responses that carry a problem document made by [`ApiError`].
#[derive(Debug, Clone, Copy)]
pub struct OwnProblem;

/// The problem body with `request_id` set.
pub fn with_request_id(body: &[u8], request_id: &str) -> Option<Vec<u8>> {
    let mut problem: Problem = serde_json::from_slice(body).ok()?;
    problem.request_id = Some(request_id.to_string());
    serde_json::to_vec(&problem).ok()
}

impl From<switchboard_db::DbError> for ApiError {
    fn from(e: switchboard_db::DbError) -> Self {
        match e {
            // The database handle logs reachability changes once; not per request.
            switchboard_db::DbError::Unavailable(_) | switchboard_db::DbError::Pool(_) => {
                ApiError::DatabaseUnavailable
            }
            switchboard_db::DbError::Query(q) => q.into(),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        if switchboard_db::is_unavailable(&e) {
            return ApiError::DatabaseUnavailable;
        }
        ApiError::Internal(format!("database: {e}"))
    }
}

/// Turns actix's plain-text extractor errors into problem documents.
pub fn json_error(
    err: actix_web::error::JsonPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as J;
    let api = match &err {
        J::OverflowKnownLength { .. } | J::Overflow { .. } => ApiError::PayloadTooLarge,
        J::ContentType => ApiError::UnsupportedMediaType,
        J::Deserialize(e) => deserialize_error(e),
        J::Payload(actix_web::error::PayloadError::Io(e))
            if e.kind() == std::io::ErrorKind::TimedOut =>
        {
            ApiError::BodyTimeout
        }
        _ => ApiError::bad_request(
            ErrorCode::MalformedBody,
            "The request body could not be read.",
        ),
    };
    api.into()
}

/// A body that is not JSON (400 `malformed_json`), or JSON that does not fit the
/// request type (422 `validation_failed`).
pub fn deserialize_error(e: &serde_json::Error) -> ApiError {
    let msg = e.to_string();
    if e.is_data() {
        ApiError::Validation {
            detail: sanitize(&msg),
            errors: FieldErrors::new(),
        }
    } else {
        ApiError::bad_request(
            ErrorCode::MalformedJson,
            format!("The body is not valid JSON: {}", sanitize(&msg)),
        )
    }
}

pub fn query_error(
    err: actix_web::error::QueryPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    query_problem(err).into()
}

/// A query string that does not decode: 400 `invalid_query`, naming what is wrong.
pub fn query_problem(err: actix_web::error::QueryPayloadError) -> ApiError {
    ApiError::bad_request(
        ErrorCode::InvalidQuery,
        format!(
            "The query string is not valid: {}",
            sanitize(&err.to_string())
        ),
    )
}

pub fn path_error(
    _err: actix_web::error::PathError,
    req: &actix_web::HttpRequest,
) -> actix_web::Error {
    // `/connections/export` with PATCH reaches `PATCH /connections/{id}`: that path
    // exists, with other methods.
    crate::web::method_not_allowed(req)
        .unwrap_or(ApiError::NotFound {
            what: "resource (the id in the path is not valid)",
        })
        .into()
}

/// serde messages quote the offending input; keep only the first line and cap its length.
fn sanitize(msg: &str) -> String {
    let line = msg.lines().next().unwrap_or_default();
    line.chars().take(300).collect()
}
