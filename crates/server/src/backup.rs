//! `switchboard backup` and `switchboard restore`: a consistent copy of the SQLite
//! database taken while Switchboard runs, and putting one back into an empty data
//! directory. A backup holds ciphertext and wrapped data keys only; restoring it
//! needs the master key it was taken under, which is checked before anything is
//! written.

use std::path::Path;

use anyhow::{anyhow, bail, Context as _};
use switchboard_db::{backup, Backend, Db};

use crate::config::{Config, MasterKeySource};
use crate::keyring::{load_master_key, load_previous_keys};
use crate::services::bootstrap::StartError;

/// Writes the backup to `out` and checks it.
pub fn backup(config: &Config, out: &Path) -> anyhow::Result<()> {
    if config.database_url.backend == Backend::Postgres {
        bail!(
            "backups of PostgreSQL are taken with its own tools: pg_dump --format=custom --file={} '{}' \
             (restore with pg_restore into an empty database); keep the master key apart from the dump",
            out.display(),
            config.database_url.redacted()
        );
    }
    if out.exists() {
        bail!("{} exists; choose a new file", out.display());
    }
    if let Some(db) = config.database_url.sqlite_path() {
        if !Path::new(db).is_file() {
            bail!("there is no database at {db} to back up");
        }
    }
    let db = Db::connect(&config.database_url, 1)?;
    let info = db.backup_sqlite(out)?;
    if info.integrity != "ok" {
        let _ = std::fs::remove_file(out);
        bail!(
            "the copy failed SQLite's integrity check ({}); nothing was kept",
            info.integrity
        );
    }
    private_file(out)?;
    println!(
        "backup written to {}: {} connections, integrity ok. Restoring it needs the master key with fingerprint {}.",
        out.display(),
        info.connections,
        info.master_fingerprints.join(" or ")
    );
    Ok(())
}

/// Restores `from` as the configured SQLite database, which must not exist yet.
pub fn restore(config: &Config, from: &Path) -> anyhow::Result<()> {
    let Some(target) = config
        .database_url
        .sqlite_path()
        .map(std::path::PathBuf::from)
    else {
        bail!("restore is for SQLite; on PostgreSQL use pg_restore into an empty database");
    };
    if target.exists() {
        bail!(
            "{} exists: restore into an empty data directory (or move the database away first); nothing was written",
            target.display()
        );
    }
    let info = backup::inspect(from).with_context(|| format!("reading {}", from.display()))?;
    if info.integrity != "ok" {
        bail!(
            "{} is damaged ({}); nothing was written",
            from.display(),
            info.integrity
        );
    }
    if let MasterKeySource::Generated(p) = &config.master_key {
        if !p.exists() {
            bail!(
                "no master key is configured: set SWITCHBOARD_MASTER_KEY or SWITCHBOARD_MASTER_KEY_FILE to the key of the backup (fingerprint {}); nothing was written",
                info.master_fingerprints.join(" or ")
            );
        }
    }
    let bad_key = |e: crate::keyring::KeyError| StartError::Config(e.to_string());
    let (master, _) = load_master_key(&config.master_key).map_err(bad_key)?;
    let mut known = vec![master.fingerprint()];
    known.extend(
        load_previous_keys(&config.previous_master_keys)
            .map_err(bad_key)?
            .iter()
            .map(|k| k.fingerprint()),
    );
    if let Some(missing) = info
        .master_fingerprints
        .iter()
        .find(|fp| !known.contains(fp))
    {
        // Exit code 5, as for a server started with the wrong key.
        return Err(StartError::WrongMasterKey {
            expected: missing.clone(),
            actual: known.join(", "),
        }
        .into());
    }
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let partial = dir.join(format!(
        ".{}.restoring",
        target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("switchboard.db")
    ));
    std::fs::copy(from, &partial).with_context(|| format!("copying to {}", partial.display()))?;
    private_file(&partial)?;
    std::fs::File::open(&partial)
        .and_then(|f| f.sync_all())
        .map_err(|e| anyhow!("syncing {}: {e}", partial.display()))?;
    std::fs::rename(&partial, &target)
        .with_context(|| format!("moving into {}", target.display()))?;
    println!(
        "restored {} into {}: {} connections. Start Switchboard with the same master key; migrations of a newer version run at start.",
        from.display(),
        target.display(),
        info.connections
    );
    Ok(())
}

/// Readable by this user only (0600): the file holds wrapped keys and ciphertext.
fn private_file(p: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600))
        .with_context(|| format!("setting the mode of {}", p.display()))
}
