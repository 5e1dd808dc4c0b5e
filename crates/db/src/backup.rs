//! Online backups of an SQLite database and checks of a backup file. (PostgreSQL
//! has its own tools: `pg_dump` / `pg_restore`.)

use std::path::Path;

use diesel::{Connection as _, RunQueryDsl as _, SqliteConnection};

use crate::repo::{accounts, settings};
use crate::{Backend, Db, DbError};

#[derive(diesel::QueryableByName)]
struct Check {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

/// What a backup file holds, as far as restoring needs to know.
#[derive(Debug, Clone)]
pub struct BackupInfo {
    /// `ok`, or what SQLite's `integrity_check` found.
    pub integrity: String,
    /// Fingerprints of the master keys the data keys in it are wrapped by.
    pub master_fingerprints: Vec<String>,
    /// Connections stored in it.
    pub connections: i64,
}

impl Db {
    /// Writes a consistent copy of the live SQLite database to `out` (`VACUUM INTO`:
    /// one read transaction, so writes going on meanwhile are either all in or all
    /// out), then checks the copy. `out` must not exist.
    pub fn backup_sqlite(&self, out: &Path) -> Result<BackupInfo, DbError> {
        if self.backend() != Backend::Sqlite {
            return Err(DbError::Task(
                "backups are for SQLite; use pg_dump on PostgreSQL".into(),
            ));
        }
        let target = out.display().to_string().replace('\'', "''");
        let mut conn = self.get()?;
        diesel::connection::SimpleConnection::batch_execute(
            &mut *conn,
            &format!("VACUUM INTO '{target}'"),
        )
        .map_err(DbError::Query)?;
        inspect(out)
    }
}

/// Opens a backup file read-only and reports what it holds.
pub fn inspect(path: &Path) -> Result<BackupInfo, DbError> {
    if !path.is_file() {
        return Err(DbError::Task(format!("{} is not a file", path.display())));
    }
    let url = format!("file:{}?mode=ro", path.display());
    let mut c = SqliteConnection::establish(&url).map_err(|e| DbError::Connect {
        backend: "sqlite",
        message: e.to_string(),
    })?;
    let integrity = diesel::sql_query("PRAGMA integrity_check")
        .load::<Check>(&mut c)
        .map_err(DbError::Query)?
        .into_iter()
        .map(|r| r.integrity_check)
        .collect::<Vec<_>>()
        .join(", ");
    let mut conn = crate::DbConn::Sqlite(c);
    // A backup from before fingerprints were recorded has no such column.
    let mut master_fingerprints: Vec<String> = accounts::keys_by_master(&mut conn)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(fp, _)| fp)
        .collect();
    // Data keys from before fingerprints were recorded: the stored one wraps them.
    if let Some(fp) = settings::get(&mut conn, "master_key_fingerprint").map_err(DbError::Query)? {
        if !master_fingerprints.contains(&fp) {
            master_fingerprints.push(fp);
        }
    }
    let connections = {
        use crate::schema::connections;
        use diesel::QueryDsl as _;
        connections::table
            .count()
            .get_result::<i64>(&mut conn)
            .map_err(DbError::Query)?
    };
    Ok(BackupInfo {
        integrity,
        master_fingerprints,
        connections,
    })
}
