//! Who may see, change or use a connection.

use switchboard_db::models::ConnectionRow;
use switchboard_db::repo::connections as repo;
use switchboard_db::DbConn;
use switchboard_types::{AccountKind, ConnectionId, ErrorCode};

use super::not_found;
use crate::auth::Principal;
use crate::error::ApiError;

/// A connection the caller may see: their account's own (`true`), or one shared
/// with it by its parent or by the system account (`false`). Anything else is 404.
pub fn access(
    c: &mut DbConn,
    p: &Principal,
    id: ConnectionId,
) -> Result<(ConnectionRow, bool), ApiError> {
    let row = repo::find(c, id)?.ok_or_else(not_found)?;
    if row.account_id == p.account_id {
        return Ok((row, true));
    }
    if !row.shared_with_children {
        return Err(not_found());
    }
    if p.parent_id.is_some_and(|parent| parent == row.account_id) {
        return Ok((row, false));
    }
    let owner = switchboard_db::repo::accounts::find(c, row.account_id)?;
    if owner.is_some_and(|o| o.kind == AccountKind::System) {
        return Ok((row, false));
    }
    Err(not_found())
}

/// A connection whose rate limit the caller may see or set: system administrators
/// reach every account's connection (limits are operator settings and carry no
/// secret); everyone else as [`access`].
pub fn limit_access(
    c: &mut DbConn,
    p: &Principal,
    id: ConnectionId,
) -> Result<ConnectionRow, ApiError> {
    if p.system_admin {
        return repo::find(c, id)?.ok_or_else(not_found);
    }
    access(c, p, id).map(|(row, _)| row)
}

/// A connection the caller's account owns; shared ones answer 403.
pub fn owned(c: &mut DbConn, p: &Principal, id: ConnectionId) -> Result<ConnectionRow, ApiError> {
    match access(c, p, id)? {
        (row, true) => Ok(row),
        (_, false) => Err(ApiError::forbidden(
            ErrorCode::NotOwner,
            "This connection is shared with your account; only the account that owns it can change, reveal or delete it.",
        )),
    }
}
