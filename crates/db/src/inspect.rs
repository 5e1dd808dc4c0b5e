//! What `switchboard doctor` reads from a database, opened so that nothing can be
//! written: SQLite read-only (`mode=ro`, no journal-mode change, no new files),
//! PostgreSQL in read-only transactions. No migration table is created.

use diesel::connection::SimpleConnection;
use diesel::migration::MigrationSource;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use diesel::{PgConnection, SqliteConnection};

use crate::{Backend, DatabaseUrl, DbError, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};

/// The state of a database as found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inspection {
    /// Migrations embedded in this binary and not applied to the database.
    pub pending: Vec<String>,
    /// Migrations applied to the database that this binary does not know (a newer
    /// version wrote them).
    pub unknown: Vec<String>,
    /// The master-key fingerprint recorded at creation or the last rotation.
    pub fingerprint: Option<String>,
    /// The fingerprints of the master keys that wrap the data keys.
    pub wrapping: Vec<String>,
}

#[derive(QueryableByName)]
struct Version {
    #[diesel(sql_type = Text)]
    version: String,
}

#[derive(QueryableByName)]
struct Value {
    #[diesel(sql_type = Text)]
    value: String,
}

#[derive(QueryableByName)]
struct Wrapping {
    #[diesel(sql_type = Nullable<Text>)]
    master_fingerprint: Option<String>,
}

/// The reads, the same on both backends (a macro: `sql_query` needs the concrete
/// connection type).
macro_rules! read {
    ($c:expr, $known:expr) => {{
        let c = $c;
        let known: Vec<String> = $known;
        let applied: Vec<String> =
            diesel::sql_query("SELECT version FROM __diesel_schema_migrations")
                .load::<Version>(c)
                .map(|v| v.into_iter().map(|v| v.version).collect())
                .unwrap_or_default();
        let fingerprint =
            diesel::sql_query("SELECT value FROM settings WHERE key = 'master_key_fingerprint'")
                .load::<Value>(c)
                .ok()
                .and_then(|v| v.into_iter().next())
                .map(|v| v.value);
        let wrapping = diesel::sql_query("SELECT DISTINCT master_fingerprint FROM account_keys")
            .load::<Wrapping>(c)
            .map(|v| v.into_iter().filter_map(|w| w.master_fingerprint).collect())
            .unwrap_or_default();
        Ok(Inspection {
            pending: known
                .iter()
                .filter(|k| !applied.contains(k))
                .cloned()
                .collect(),
            unknown: applied
                .iter()
                .filter(|a| !known.contains(a))
                .cloned()
                .collect(),
            fingerprint,
            wrapping,
        })
    }};
}

/// Reads the migrations applied, the recorded fingerprint and the data keys'
/// wrapping keys. A table that does not exist yet reads as empty.
pub fn inspect(url: &DatabaseUrl) -> Result<Inspection, DbError> {
    let connect = |e: diesel::ConnectionError| DbError::Connect {
        backend: url.backend.as_str(),
        message: e.to_string(),
    };
    match url.backend {
        Backend::Sqlite => {
            // Without a write-ahead log beside it nobody has the file open for
            // writing, and `immutable` keeps SQLite from creating one (or the
            // shared-memory file); with one, read-only through it.
            // Characters that mean something in a URI are escaped.
            let path = url
                .as_str()
                .replace('%', "%25")
                .replace('?', "%3f")
                .replace('#', "%23");
            let wal = std::path::Path::new(&format!("{}-wal", url.as_str())).exists();
            let mode = if wal {
                "mode=ro"
            } else {
                "mode=ro&immutable=1"
            };
            let mut c =
                SqliteConnection::establish(&format!("file:{path}?{mode}")).map_err(connect)?;
            let known = versions::<diesel::sqlite::Sqlite>(&SQLITE_MIGRATIONS)?;
            read!(&mut c, known)
        }
        Backend::Postgres => {
            let mut c = PgConnection::establish(url.as_str()).map_err(connect)?;
            c.batch_execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")?;
            let known = versions::<diesel::pg::Pg>(&POSTGRES_MIGRATIONS)?;
            read!(&mut c, known)
        }
    }
}

/// The versions of the migrations embedded for one backend.
fn versions<DB: diesel::backend::Backend>(
    source: &diesel_migrations::EmbeddedMigrations,
) -> Result<Vec<String>, DbError>
where
    diesel_migrations::EmbeddedMigrations: MigrationSource<DB>,
{
    Ok(MigrationSource::<DB>::migrations(source)
        .map_err(|e| DbError::Migrate(e.to_string()))?
        .iter()
        .map(|m| m.name().version().to_string())
        .collect())
}
