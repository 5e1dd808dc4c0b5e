use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::{OAuthClientRow, OAuthStateRow};
use crate::schema::{oauth_clients as oc, oauth_states as os};
use crate::DbConn;

pub fn client(conn: &mut DbConn, app: &str) -> QueryResult<Option<OAuthClientRow>> {
    oc::table
        .find(app)
        .select(OAuthClientRow::as_select())
        .first(conn)
        .optional()
}

/// Inserts or replaces an app's client settings.
pub fn put_client(conn: &mut DbConn, row: &OAuthClientRow) -> QueryResult<()> {
    let n = diesel::update(oc::table.find(&row.app_slug))
        .set((
            oc::client_id.eq(&row.client_id),
            oc::secret_envelope.eq(&row.secret_envelope),
            oc::id.eq(&row.id),
            oc::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(oc::table).values(row).execute(conn)?;
    }
    Ok(())
}

pub fn insert_state(conn: &mut DbConn, row: &OAuthStateRow) -> QueryResult<()> {
    diesel::insert_into(os::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_state(conn: &mut DbConn, hash: &str) -> QueryResult<Option<OAuthStateRow>> {
    os::table
        .find(hash)
        .select(OAuthStateRow::as_select())
        .first(conn)
        .optional()
}

/// Marks a state used; 1 only for the first caller.
pub fn use_state(conn: &mut DbConn, hash: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(os::table.find(hash).filter(os::used_at.is_null()))
        .set(os::used_at.eq(now))
        .execute(conn)
}

pub fn purge_states(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(os::table.filter(os::expires_at.lt(before))).execute(conn)
}
