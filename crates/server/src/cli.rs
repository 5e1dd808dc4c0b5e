//! The `switchboard` command line.

use std::path::PathBuf;
use switchboard_types::{ErrorCode, Role, UserId};

use clap::{Parser, Subcommand};
use secrecy::{ExposeSecret, SecretString};
use switchboard_db::models::UserRow;
use switchboard_db::repo::{accounts, settings, users};
use uuid::Uuid;

use crate::config::Config;
use crate::error::ApiError;
use crate::startup::{prepare, Application};

#[derive(Debug, Parser)]
#[command(
    name = "switchboard",
    version,
    about = "Switchboard: the connection vault for automation platforms."
)]
pub struct Cli {
    /// Configuration file (default: ./switchboard.toml when it exists; also SWITCHBOARD_CONFIG).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Print the effective configuration: every setting, its value (secrets
    /// masked) and where it came from (default, file, environment).
    Config,
    /// Check the configuration, the database (reachable, migrations, master-key
    /// match), the data directory, the outbound guard, the public URL and the web
    /// app, without changing anything. One line per check; exits non-zero when
    /// one fails.
    Doctor,
    /// Administration tasks.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Write a consistent copy of the SQLite database to a file while Switchboard
    /// runs, and check it (on PostgreSQL: prints the pg_dump command to use).
    Backup {
        /// The backup file to write; it must not exist.
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into an empty data directory (the configured SQLite database
    /// must not exist yet); refuses a backup the configured master key cannot open.
    Restore {
        /// The backup file.
        #[arg(long)]
        from: PathBuf,
    },
    /// Export an account's connections (with their credentials), automations and the
    /// custom apps they use to a file encrypted with a passphrase (age format).
    /// Passphrase: --passphrase-file, else SWITCHBOARD_EXPORT_PASSPHRASE, else a prompt.
    Export {
        /// The file to write; it must not exist.
        #[arg(long)]
        out: PathBuf,
        /// The account to export (default: the system account).
        #[arg(long)]
        account: Option<Uuid>,
        /// A file holding the passphrase (its first line).
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// Import an export file (or, with --from n8n, what `n8n export:credentials
    /// --all --decrypted` wrote) into an account. Exits 0 when every item was
    /// imported or reported; non-zero only when the file cannot be read.
    Import {
        /// The file to read.
        #[arg(long = "in")]
        input: PathBuf,
        /// The account to import into.
        #[arg(long)]
        account: Uuid,
        /// What to do with items already in the account.
        #[arg(long, value_enum, default_value_t = Conflict::Skip)]
        on_conflict: Conflict,
        /// The kind of file.
        #[arg(long, value_enum, default_value_t = From::Switchboard)]
        from: From,
        /// A file holding the passphrase (its first line).
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
        /// n8n: also store the OAuth client (id and secret) found in an OAuth2
        /// credential, for apps that have no client settings yet.
        #[arg(long)]
        with_oauth_clients: bool,
    },
    /// Master and data keys: status and rotation.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Conflict {
    /// Leave what is there: importing a file twice creates nothing new.
    Skip,
    /// Import beside it as `Name (2)`.
    Rename,
    /// Overwrite the credentials of what is there.
    Replace,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum From {
    /// A `switchboard export` file.
    Switchboard,
    /// The JSON of `n8n export:credentials --all --decrypted`.
    N8n,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Re-wrap every account's data key under the current master key. Online (servers
    /// keep serving with the current and previous keys configured), in batches, and
    /// resumable: run it again after an interruption.
    RotateMaster,
    /// Rotate data keys: a new data-key version for one account (or every account)
    /// seals every write from now on, and the running servers re-encrypt the rows
    /// sealed before in the background, then delete the older versions.
    #[command(group(clap::ArgGroup::new("which").required(true).args(["account", "all"])))]
    RotateData {
        /// The account whose data key to rotate.
        #[arg(long)]
        account: Option<Uuid>,
        /// Rotate every account's data key.
        #[arg(long)]
        all: bool,
        /// Wait until every row is re-encrypted, with a progress bar; this process
        /// works the sweeps too (alongside any running server), so it also finishes
        /// when no server runs.
        #[arg(long)]
        wait: bool,
    },
    /// Which master key wraps the data keys, and which data-key versions seal the rows.
    Status {
        /// Print the status as JSON (the same document as GET /api/v1/system/keys).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a system administrator (password from SWITCHBOARD_ADMIN_PASSWORD or a prompt).
    Create {
        /// The administrator's email.
        #[arg(long)]
        email: String,
    },
}

/// The exit codes of every command (documented in docs/cli.md).
pub mod exit {
    /// Any other failure.
    pub const FAILURE: i32 = 1;
    /// Bad arguments (clap's own code).
    pub const USAGE: i32 = 2;
    /// The configuration is invalid (a value, the file, a key that does not load).
    pub const CONFIG: i32 = 3;
    /// The database cannot be reached, or a migration failed.
    pub const DATABASE: i32 = 4;
    /// The configured master key does not open this database.
    pub const MASTER_KEY: i32 = 5;
}

/// The exit code for an error that ended a command.
pub fn exit_code(e: &anyhow::Error) -> i32 {
    use crate::services::bootstrap::StartError;
    if e.downcast_ref::<crate::config::ConfigError>().is_some() {
        return exit::CONFIG;
    }
    if e.downcast_ref::<switchboard_db::DbError>().is_some() {
        return exit::DATABASE;
    }
    match e.downcast_ref::<StartError>() {
        Some(StartError::WrongMasterKey { .. }) => exit::MASTER_KEY,
        Some(StartError::Db(_)) => exit::DATABASE,
        Some(StartError::Config(_)) => exit::CONFIG,
        _ => exit::FAILURE,
    }
}

/// The command line with every setting's environment variable and default
/// after each command's help.
pub fn command() -> clap::Command {
    fn with_settings(cmd: clap::Command, text: &str) -> clap::Command {
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        let mut cmd = cmd.after_help(text.to_string());
        for n in names {
            cmd = cmd.mut_subcommand(n, |s| with_settings(s, text));
        }
        cmd
    }
    with_settings(
        <Cli as clap::CommandFactory>::command(),
        &crate::config::help_text(),
    )
}

/// Parses the arguments (with [`command`]'s help); exits on `--help` or a usage error.
pub fn parse() -> Cli {
    let matches = command().get_matches();
    <Cli as clap::FromArgMatches>::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// Runs the CLI; the error message is printed by `main`, which exits with
/// [`exit_code`].
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Openapi => {
            print!("{}", crate::openapi::spec_json());
            Ok(())
        }
        Command::Config => {
            let config = Config::load(cli.config.as_deref())?;
            if let Some(f) = &config.file {
                println!("# file: {}", f.display());
            }
            for (s, value, origin) in config.describe() {
                println!("{} = {value}  # {}", s.env, origin.as_str());
            }
            Ok(())
        }
        Command::Doctor => {
            let config = Config::load(cli.config.as_deref())?;
            let checks = crate::doctor::run(&config);
            print!("{}", crate::doctor::render(&checks));
            match crate::doctor::exit_code(&checks) {
                0 => Ok(()),
                code => Err(anyhow::Error::new(Failed(code))),
            }
        }
        Command::Serve => {
            let config = Config::load(cli.config.as_deref())?;
            crate::telemetry::init(config.log_format);
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            let result = rt.block_on(async move {
                let app = Application::build(config).await?;
                app.run().await?;
                Ok(())
            });
            // Blocking work still running (a DNS lookup of an aborted job) does not
            // hold the exit up.
            rt.shutdown_timeout(std::time::Duration::from_secs(1));
            result
        }
        Command::Migrate => {
            let config = Config::load(cli.config.as_deref())?;
            crate::telemetry::init(config.log_format);
            prepare(&config)?;
            println!(
                "database is up to date ({})",
                config.database_url.redacted()
            );
            Ok(())
        }
        Command::Backup { out } => {
            let config = Config::load(cli.config.as_deref())?;
            crate::telemetry::init(config.log_format);
            crate::backup::backup(&config, &out)
        }
        Command::Restore { from } => {
            let config = Config::load(cli.config.as_deref())?;
            crate::telemetry::init(config.log_format);
            crate::backup::restore(&config, &from)
        }
        Command::Export {
            out,
            account,
            passphrase_file,
        } => {
            let config = Config::load(cli.config.as_deref())?;
            crate::telemetry::init(config.log_format);
            crate::transfer_cli::export(&config, &out, account, passphrase_file.as_deref())
        }
        Command::Import {
            input,
            account,
            on_conflict,
            from,
            passphrase_file,
            with_oauth_clients,
        } => {
            let config = Config::load(cli.config.as_deref())?;
            crate::telemetry::init(config.log_format);
            let policy = match on_conflict {
                Conflict::Skip => switchboard_types::OnConflict::Skip,
                Conflict::Rename => switchboard_types::OnConflict::Rename,
                Conflict::Replace => switchboard_types::OnConflict::Replace,
            };
            crate::transfer_cli::import(
                &config,
                &crate::transfer_cli::ImportArgs {
                    input: &input,
                    account: account.into(),
                    policy,
                    n8n: from == From::N8n,
                    passphrase_file: passphrase_file.as_deref(),
                    with_oauth_clients,
                },
            )
        }
        Command::Keys { command } => {
            let config = Config::load(cli.config.as_deref())?;
            crate::telemetry::init(config.log_format);
            keys(&config, command)
        }
        Command::Admin {
            command: AdminCommand::Create { email },
        } => {
            let config = Config::load(cli.config.as_deref())?;
            crate::telemetry::init(config.log_format);
            let email = crate::auth::normalize_email(&email)
                .ok_or_else(|| anyhow::anyhow!("{email:?} is not a valid email address"))?;
            let password = match std::env::var("SWITCHBOARD_ADMIN_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty())
            {
                Some(p) => SecretString::from(p),
                None => SecretString::from(rpassword::prompt_password(format!(
                    "Password for {email}: "
                ))?),
            };
            crate::auth::password::check_policy(password.expose_secret())
                .map_err(|e| anyhow::anyhow!("password {}", e.summary()))?;
            let (db, _keys) = prepare(&config)?;
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let hash = rt
                .block_on(async {
                    crate::auth::password::Passwords::new(1, Default::default())?
                        .hash(password.expose_secret())
                        .await
                })
                .map_err(|e| anyhow::anyhow!(e.summary()))?;
            let id = db
                .write_blocking(|c| {
                    if users::find_by_email(c, &email)?.is_some() {
                        return Err(ApiError::conflict(
                            ErrorCode::EmailTaken,
                            "a user with this email exists",
                        ));
                    }
                    let system = accounts::system(c)?
                        .ok_or_else(|| ApiError::internal("system account missing"))?;
                    let now = switchboard_db::now();
                    let id = UserId::from(Uuid::now_v7());
                    users::insert(
                        c,
                        &UserRow {
                            id,
                            account_id: system.id,
                            email: email.clone(),
                            password_hash: hash,
                            role: Role::Admin,
                            disabled: false,
                            session_version: 1,
                            created_at: now,
                            updated_at: now,
                        },
                    )?;
                    if settings::get(c, "setup_completed")?.is_none() {
                        settings::insert(c, "setup_completed", &now.to_string())?;
                    }
                    Ok(id)
                })
                .map_err(|e| anyhow::anyhow!(e.summary()))?;
            println!("created system administrator {email} ({id})");
            Ok(())
        }
    }
}

/// A command that already said what failed; exits with this code.
#[derive(Debug, thiserror::Error)]
#[error("{} check(s) failed", "doctor")]
pub struct Failed(pub i32);

fn keys(config: &Config, command: KeysCommand) -> anyhow::Result<()> {
    use crate::services::keys as svc;
    let (db, keys) = prepare(config)?;
    match command {
        KeysCommand::Status { json } => {
            let status = db
                .get()
                .map_err(ApiError::from)
                .and_then(|mut c| svc::status(&mut c, &keys))
                .map_err(|e| anyhow::anyhow!(e.summary()))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&status)?);
                return Ok(());
            }
            println!("master keys:");
            for m in &status.master_keys {
                let role = if m.current { "current " } else { "previous" };
                println!(
                    "  {role} {}  wraps {} data keys",
                    m.fingerprint, m.data_keys
                );
            }
            let rows: i64 = status.data_key_versions.iter().map(|v| v.rows).sum();
            println!(
                "data keys: {} versions, {rows} sealed rows, {} under an older version",
                status.data_key_versions.len(),
                status.pending_rows
            );
            Ok(())
        }
        KeysCommand::RotateData { account, all, wait } => rotate_data(
            config,
            &db,
            &keys,
            account.filter(|_| !all).map(Into::into),
            wait,
        ),
        KeysCommand::RotateMaster => {
            let started = std::time::Instant::now();
            let total = db
                .get()
                .map_err(ApiError::from)
                .and_then(|mut c| svc::remaining(&mut c, &keys))
                .map_err(|e| anyhow::anyhow!(e.summary()))?;
            let bar = indicatif::ProgressBar::new(u64::try_from(total).unwrap_or(0));
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "re-wrapping data keys {bar:40} {pos}/{len} ({per_sec}, {eta} left)",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let mut done = 0usize;
            loop {
                let n = db
                    .write_blocking(|c| svc::rotate_master_batch(c, &keys))
                    .map_err(|e| anyhow::anyhow!(e.summary()))?;
                if n == 0 {
                    break;
                }
                done += n;
                bar.inc(n as u64);
            }
            bar.finish_and_clear();
            println!(
                "re-wrapped {done} data keys in {:.2} s; every data key is now wrapped by the master key {}.",
                started.elapsed().as_secs_f64(),
                keys.fingerprint()
            );
            println!(
                "Check `switchboard keys status` on every replica's configuration, then remove the old key from SWITCHBOARD_PREVIOUS_MASTER_KEYS."
            );
            Ok(())
        }
    }
}

fn rotate_data(
    config: &Config,
    db: &switchboard_db::Db,
    keys: &std::sync::Arc<crate::keyring::KeyRing>,
    account: Option<switchboard_types::AccountId>,
    wait: bool,
) -> anyhow::Result<()> {
    use crate::services::keys::sweep::{self, Step};
    let fail = |e: ApiError| match e {
        ApiError::NotFound { .. } => anyhow::anyhow!("no account with that id has a data key"),
        e => anyhow::anyhow!(e.summary()),
    };
    let started = std::time::Instant::now();
    let accounts = match account {
        Some(a) => vec![a],
        None => db
            .get()
            .map_err(ApiError::from)
            .and_then(|mut c| sweep::accounts_with_keys(&mut c))
            .map_err(fail)?,
    };
    let mut total = 0i64;
    for a in &accounts {
        let row = db
            .write_blocking(|c| sweep::start(c, keys, *a))
            .map_err(fail)?;
        total += row.total_rows;
    }
    println!(
        "started data-key rotation of {} account(s): {total} sealed rows to re-encrypt",
        accounts.len()
    );
    if !wait {
        println!("The running servers re-encrypt them; follow with `switchboard keys status`.");
        return Ok(());
    }
    let bar = indicatif::ProgressBar::new(u64::try_from(total).unwrap_or(0));
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "re-encrypting rows {bar:40} {pos}/{len} ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut failed = 0;
    loop {
        match sweep::run_step_blocking(db, keys, config.key_sweep_batch).map_err(fail)? {
            Step::Worked { rows, .. } => bar.inc(rows as u64),
            Step::Finished { .. } => {}
            Step::Failed { account } => {
                failed += 1;
                bar.println(format!(
                    "account {account}: a row does not open with its key; its older keys are kept"
                ));
            }
            Step::Busy => std::thread::sleep(std::time::Duration::from_millis(200)),
            Step::Idle => break,
        }
    }
    bar.finish_and_clear();
    let status = db
        .get()
        .map_err(ApiError::from)
        .and_then(|mut c| crate::services::keys::status(&mut c, keys))
        .map_err(fail)?;
    println!(
        "done in {:.2} s: {} rows under an older data-key version{}",
        started.elapsed().as_secs_f64(),
        status.pending_rows,
        if failed > 0 {
            format!("; {failed} account(s) failed (see the log)")
        } else {
            String::new()
        }
    );
    if failed > 0 {
        anyhow::bail!("{failed} account(s) could not be re-encrypted");
    }
    Ok(())
}
