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
    /// Administration tasks.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
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

/// Runs the CLI; the error message is printed by `main`, which exits non-zero.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Openapi => {
            print!("{}", crate::openapi::spec_json());
            Ok(())
        }
        Command::Serve => {
            let config = Config::load(cli.config.as_deref())?;
            crate::telemetry::init(config.log_format);
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            rt.block_on(async move {
                let app = Application::build(config).await?;
                app.run().await?;
                Ok(())
            })
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
                .map_err(|e| anyhow::anyhow!("password {}", describe(&e)))?;
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
                .map_err(|e| anyhow::anyhow!(describe(&e)))?;
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
                .map_err(|e| anyhow::anyhow!(describe(&e)))?;
            println!("created system administrator {email} ({id})");
            Ok(())
        }
    }
}

fn describe(e: &ApiError) -> String {
    let p = e.problem();
    let fields: Vec<String> = p
        .errors
        .iter()
        .map(|(k, v)| format!("{k} {}", v.join(", ")))
        .collect();
    match (p.detail, fields.is_empty()) {
        (_, false) => fields.join("; "),
        (Some(d), true) => d,
        (None, true) => p.title,
    }
}
