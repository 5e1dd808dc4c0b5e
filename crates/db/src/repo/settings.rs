use diesel::prelude::*;

use crate::schema::settings::dsl::*;
use crate::DbConn;

pub fn get(conn: &mut DbConn, name: &str) -> QueryResult<Option<String>> {
    settings
        .filter(key.eq(name))
        .select(value)
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut DbConn, name: &str, val: &str) -> QueryResult<()> {
    diesel::insert_into(settings)
        .values((key.eq(name), value.eq(val)))
        .execute(conn)
        .map(|_| ())
}

pub fn delete(conn: &mut DbConn, name: &str) -> QueryResult<()> {
    diesel::delete(settings.filter(key.eq(name)))
        .execute(conn)
        .map(|_| ())
}

/// Sets a value, replacing what was there.
pub fn put(conn: &mut DbConn, name: &str, val: &str) -> QueryResult<()> {
    delete(conn, name)?;
    insert(conn, name, val)
}

/// Inserts a value unless one is there (replicas starting together); returns the
/// value that is stored afterwards.
pub fn insert_or_get(conn: &mut DbConn, name: &str, val: &str) -> QueryResult<String> {
    let row = (key.eq(name), value.eq(val));
    // The multi-backend connection has no upsert; both backends have the same one.
    match conn {
        DbConn::Postgres(pg) => diesel::insert_into(settings)
            .values(row)
            .on_conflict_do_nothing()
            .execute(pg)?,
        DbConn::Sqlite(lite) => diesel::insert_into(settings)
            .values(row)
            .on_conflict_do_nothing()
            .execute(lite)?,
    };
    settings.filter(key.eq(name)).select(value).first(conn)
}
