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
