//! The stable `code` of every problem response. Clients branch on these; the
//! human-readable `detail` may change. New codes may be added (clients treat an
//! unknown one by its HTTP status).

/// A problem's machine-readable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    AccountNotEmpty,
    AdminRequired,
    AlreadySetUp,
    ApiKeyRequired,
    AppExists,
    AppInvalid,
    AppMissing,
    AppNotAllowed,
    BodyTimeout,
    BodyUnreadable,
    ChildAccount,
    ConnectSessionExpired,
    ConnectSessionUsed,
    ConnectTokenInvalid,
    ConnectionInUse,
    ConnectionIncomplete,
    ConnectionTestFailed,
    CredentialsUnreadable,
    CurrentPasswordRequired,
    DatabaseUnavailable,
    DestinationNotAllowed,
    EmailTaken,
    ImportUnreadable,
    InsufficientScope,
    InternalError,
    InvalidCredentials,
    InvalidCursor,
    InvalidHeader,
    InvalidIfMatch,
    InvalidMethod,
    InvalidPassword,
    InvalidProxyPath,
    InvalidQuery,
    InvalidSetupToken,
    LastAdmin,
    MalformedBody,
    MalformedJson,
    MethodNotAllowed,
    NameTaken,
    NeedsReconnect,
    NotAuthorizationCode,
    NotFound,
    NotOauth,
    NotOwner,
    NotParent,
    OauthClientMissing,
    OauthRequired,
    PayloadTooLarge,
    SelfLockout,
    SessionExpired,
    ShuttingDown,
    SystemAdminRequired,
    TooManyConnections,
    TooManyRequests,
    Unauthenticated,
    UnsupportedMediaType,
    UpstreamEncoding,
    UpstreamTimeout,
    UpstreamUnavailable,
    UpstreamUnreachable,
    UserSessionRequired,
    ValidationFailed,
    VersionMismatch,
    WebhookDisabled,
}

impl ErrorCode {
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::AccountNotEmpty,
        ErrorCode::AdminRequired,
        ErrorCode::AlreadySetUp,
        ErrorCode::ApiKeyRequired,
        ErrorCode::AppExists,
        ErrorCode::AppInvalid,
        ErrorCode::AppMissing,
        ErrorCode::AppNotAllowed,
        ErrorCode::BodyTimeout,
        ErrorCode::BodyUnreadable,
        ErrorCode::ChildAccount,
        ErrorCode::ConnectSessionExpired,
        ErrorCode::ConnectSessionUsed,
        ErrorCode::ConnectTokenInvalid,
        ErrorCode::ConnectionInUse,
        ErrorCode::ConnectionIncomplete,
        ErrorCode::ConnectionTestFailed,
        ErrorCode::CredentialsUnreadable,
        ErrorCode::CurrentPasswordRequired,
        ErrorCode::DatabaseUnavailable,
        ErrorCode::DestinationNotAllowed,
        ErrorCode::EmailTaken,
        ErrorCode::ImportUnreadable,
        ErrorCode::InsufficientScope,
        ErrorCode::InternalError,
        ErrorCode::InvalidCredentials,
        ErrorCode::InvalidCursor,
        ErrorCode::InvalidHeader,
        ErrorCode::InvalidIfMatch,
        ErrorCode::InvalidMethod,
        ErrorCode::InvalidPassword,
        ErrorCode::InvalidProxyPath,
        ErrorCode::InvalidQuery,
        ErrorCode::InvalidSetupToken,
        ErrorCode::LastAdmin,
        ErrorCode::MalformedBody,
        ErrorCode::MalformedJson,
        ErrorCode::MethodNotAllowed,
        ErrorCode::NameTaken,
        ErrorCode::NeedsReconnect,
        ErrorCode::NotAuthorizationCode,
        ErrorCode::NotFound,
        ErrorCode::NotOauth,
        ErrorCode::NotOwner,
        ErrorCode::NotParent,
        ErrorCode::OauthClientMissing,
        ErrorCode::OauthRequired,
        ErrorCode::PayloadTooLarge,
        ErrorCode::SelfLockout,
        ErrorCode::SessionExpired,
        ErrorCode::ShuttingDown,
        ErrorCode::SystemAdminRequired,
        ErrorCode::TooManyConnections,
        ErrorCode::TooManyRequests,
        ErrorCode::Unauthenticated,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::UpstreamEncoding,
        ErrorCode::UpstreamTimeout,
        ErrorCode::UpstreamUnavailable,
        ErrorCode::UpstreamUnreachable,
        ErrorCode::UserSessionRequired,
        ErrorCode::ValidationFailed,
        ErrorCode::VersionMismatch,
        ErrorCode::WebhookDisabled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::AccountNotEmpty => "account_not_empty",
            ErrorCode::AdminRequired => "admin_required",
            ErrorCode::AlreadySetUp => "already_set_up",
            ErrorCode::ApiKeyRequired => "api_key_required",
            ErrorCode::AppExists => "app_exists",
            ErrorCode::AppInvalid => "app_invalid",
            ErrorCode::AppMissing => "app_missing",
            ErrorCode::AppNotAllowed => "app_not_allowed",
            ErrorCode::BodyTimeout => "body_timeout",
            ErrorCode::BodyUnreadable => "body_unreadable",
            ErrorCode::ChildAccount => "child_account",
            ErrorCode::ConnectSessionExpired => "connect_session_expired",
            ErrorCode::ConnectSessionUsed => "connect_session_used",
            ErrorCode::ConnectTokenInvalid => "connect_token_invalid",
            ErrorCode::ConnectionInUse => "connection_in_use",
            ErrorCode::ConnectionIncomplete => "connection_incomplete",
            ErrorCode::ConnectionTestFailed => "connection_test_failed",
            ErrorCode::CredentialsUnreadable => "credentials_unreadable",
            ErrorCode::CurrentPasswordRequired => "current_password_required",
            ErrorCode::DatabaseUnavailable => "database_unavailable",
            ErrorCode::DestinationNotAllowed => "destination_not_allowed",
            ErrorCode::EmailTaken => "email_taken",
            ErrorCode::ImportUnreadable => "import_unreadable",
            ErrorCode::InsufficientScope => "insufficient_scope",
            ErrorCode::InternalError => "internal_error",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::InvalidCursor => "invalid_cursor",
            ErrorCode::InvalidHeader => "invalid_header",
            ErrorCode::InvalidIfMatch => "invalid_if_match",
            ErrorCode::InvalidMethod => "invalid_method",
            ErrorCode::InvalidPassword => "invalid_password",
            ErrorCode::InvalidProxyPath => "invalid_proxy_path",
            ErrorCode::InvalidQuery => "invalid_query",
            ErrorCode::InvalidSetupToken => "invalid_setup_token",
            ErrorCode::LastAdmin => "last_admin",
            ErrorCode::MalformedBody => "malformed_body",
            ErrorCode::MalformedJson => "malformed_json",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::NameTaken => "name_taken",
            ErrorCode::NeedsReconnect => "needs_reconnect",
            ErrorCode::NotAuthorizationCode => "not_authorization_code",
            ErrorCode::NotFound => "not_found",
            ErrorCode::NotOauth => "not_oauth",
            ErrorCode::NotOwner => "not_owner",
            ErrorCode::NotParent => "not_parent",
            ErrorCode::OauthClientMissing => "oauth_client_missing",
            ErrorCode::OauthRequired => "oauth_required",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::SelfLockout => "self_lockout",
            ErrorCode::SessionExpired => "session_expired",
            ErrorCode::ShuttingDown => "shutting_down",
            ErrorCode::SystemAdminRequired => "system_admin_required",
            ErrorCode::TooManyConnections => "too_many_connections",
            ErrorCode::TooManyRequests => "too_many_requests",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::UpstreamEncoding => "upstream_encoding",
            ErrorCode::UpstreamTimeout => "upstream_timeout",
            ErrorCode::UpstreamUnavailable => "upstream_unavailable",
            ErrorCode::UpstreamUnreachable => "upstream_unreachable",
            ErrorCode::UserSessionRequired => "user_session_required",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::VersionMismatch => "version_mismatch",
            ErrorCode::WebhookDisabled => "webhook_disabled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<ErrorCode> for String {
    fn eq(&self, other: &ErrorCode) -> bool {
        self.as_str() == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(
                s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{s}"
            );
            assert_eq!(ErrorCode::parse(s), Some(*c));
        }
        assert_eq!(ErrorCode::parse("nope"), None);
    }
}
