use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::AppRow;
use crate::schema::apps;
use crate::DbConn;

pub fn list(conn: &mut DbConn) -> QueryResult<Vec<AppRow>> {
    apps::table
        .order(apps::slug.asc())
        .select(AppRow::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, slug: &str) -> QueryResult<Option<AppRow>> {
    apps::table
        .find(slug)
        .select(AppRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut DbConn, row: &AppRow) -> QueryResult<()> {
    diesel::insert_into(apps::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn update(
    conn: &mut DbConn,
    slug: &str,
    definition: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(apps::table.find(slug))
        .set((apps::definition.eq(definition), apps::updated_at.eq(now)))
        .execute(conn)
}
