//! `switchboard export` and `switchboard import`: the command-line side of
//! `services::transfer` (passphrases, files, progress bars, the printed report).

use std::io::IsTerminal as _;
use std::path::Path;

use switchboard_db::repo::{accounts, oauth as oauth_repo};
use switchboard_types::{AccountId, AuditAction, ImportOutcome, ImportReport, OnConflict};
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::config::Config;
use crate::error::ApiError;
use crate::services::audit::{self, Event};
use crate::services::transfer::{self, format, import as apply_items, n8n};
use crate::startup::prepare;

/// The passphrase: the first line of `file`, else `SWITCHBOARD_EXPORT_PASSPHRASE`,
/// else asked on the terminal (twice when `confirm`).
fn passphrase(file: Option<&Path>, confirm: bool) -> anyhow::Result<Zeroizing<String>> {
    if let Some(f) = file {
        let text = Zeroizing::new(
            std::fs::read_to_string(f)
                .map_err(|e| anyhow::anyhow!("passphrase file {}: {e}", f.display()))?,
        );
        let first = text.lines().next().unwrap_or_default();
        return Ok(Zeroizing::new(first.to_string()));
    }
    if let Some(p) = std::env::var("SWITCHBOARD_EXPORT_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok(Zeroizing::new(p));
    }
    if !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "no passphrase: give --passphrase-file FILE or set SWITCHBOARD_EXPORT_PASSPHRASE (there is no terminal to ask on)"
        );
    }
    let first = Zeroizing::new(rpassword::prompt_password("Passphrase: ")?);
    if confirm {
        let again = Zeroizing::new(rpassword::prompt_password("Passphrase again: ")?);
        if *again != *first {
            anyhow::bail!("the two passphrases differ");
        }
    }
    Ok(first)
}

fn fail(e: ApiError) -> anyhow::Error {
    anyhow::anyhow!(e.summary())
}

fn bar(len: u64, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{what} {{bar:40}} {{pos}}/{{len}} ({{eta}} left)"
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// `switchboard export --out FILE [--account ID]`.
pub fn export(
    config: &Config,
    out: &Path,
    account: Option<Uuid>,
    passphrase_file: Option<&Path>,
) -> anyhow::Result<()> {
    let pass = passphrase(passphrase_file, true)?;
    transfer::check_passphrase(&pass).map_err(fail)?;
    let (db, keys) = prepare(config)?;
    let mut c = db.get().map_err(ApiError::from).map_err(fail)?;
    let account = match account {
        Some(a) => AccountId::from(a),
        None => {
            accounts::system(&mut c)
                .map_err(ApiError::from)
                .map_err(fail)?
                .ok_or_else(|| anyhow::anyhow!("the system account is missing"))?
                .id
        }
    };
    let total = switchboard_db::repo::connections::count_in_account(&mut c, account)
        .map_err(ApiError::from)
        .map_err(fail)?;
    let file = {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            opts.mode(0o600);
        }
        opts.open(out)
            .map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?
    };
    let progress = bar(u64::try_from(total).unwrap_or(0), "exporting connections");
    let written = transfer::export::write(
        &mut c,
        &keys,
        account,
        std::io::BufWriter::new(file),
        &pass,
        &mut |n| progress.set_position(n),
    )
    .and_then(|(w, counts)| {
        w.into_inner()
            .map_err(|e| ApiError::internal(e.to_string()))?
            .sync_all()
            .map_err(ApiError::internal)?;
        Ok(counts)
    });
    progress.finish_and_clear();
    let counts = match written {
        Ok(c) => c,
        Err(e) => {
            // No half-written file is left behind.
            let _ = std::fs::remove_file(out);
            return Err(fail(e));
        }
    };
    db.write_blocking(|c| {
        audit::record(
            c,
            cli_event(account, AuditAction::ConnectionsExport).details(serde_json::json!({
                "connections": counts.connections, "automations": counts.automations, "apps": counts.apps,
            })),
        )
    })
    .map_err(fail)?;
    println!(
        "exported {} connections, {} automations and {} custom apps to {} (age, passphrase; `age --decrypt` opens it too)",
        counts.connections,
        counts.automations,
        counts.apps,
        out.display()
    );
    Ok(())
}

/// An audit event of the command line (no user).
fn cli_event(account: AccountId, action: AuditAction) -> Event<'static> {
    Event {
        account_id: account,
        actor_user_id: None,
        actor_api_key_id: None,
        actor: "command line".into(),
        action,
        target_type: "account",
        target_id: Some(account.to_string()),
        client_addr: None,
        details: serde_json::Value::Object(Default::default()),
    }
}

pub struct ImportArgs<'a> {
    pub input: &'a Path,
    pub account: AccountId,
    pub policy: OnConflict,
    pub n8n: bool,
    pub passphrase_file: Option<&'a Path>,
    pub with_oauth_clients: bool,
}

/// `switchboard import --in FILE --account ID`.
pub fn import(config: &Config, a: &ImportArgs<'_>) -> anyhow::Result<()> {
    let file =
        std::fs::File::open(a.input).map_err(|e| anyhow::anyhow!("{}: {e}", a.input.display()))?;
    let (db, keys) = prepare(config)?;
    {
        let mut c = db.get().map_err(ApiError::from).map_err(fail)?;
        if accounts::find(&mut c, a.account)
            .map_err(ApiError::from)
            .map_err(fail)?
            .is_none()
        {
            anyhow::bail!("no account {}", a.account);
        }
    }
    let mut refused = Vec::new();
    let mut clients = Default::default();
    let (source, items) = if a.n8n {
        let apps = {
            let mut c = db.get().map_err(ApiError::from).map_err(fail)?;
            crate::services::apps::all(&mut c)
                .map_err(fail)?
                .into_iter()
                .map(|(k, (d, _))| (k, d))
                .collect()
        };
        let read =
            n8n::read(file, &apps).map_err(|e| anyhow::anyhow!("{}: {e}", a.input.display()))?;
        refused = read.refused;
        clients = read.oauth_clients;
        ("n8n", read.items)
    } else {
        let pass = passphrase(a.passphrase_file, false)?;
        let (_, items) = format::read_all(std::io::BufReader::new(file), &pass)
            .map_err(|e| anyhow::anyhow!("{}: {e}; nothing was imported", a.input.display()))?;
        ("switchboard", items)
    };
    if a.with_oauth_clients {
        // Before the connections come in, so that they can refresh at once.
        db.write_blocking(|c| {
            for (slug, (id, secret)) in &clients {
                if oauth_repo::client(c, slug)?.is_some() {
                    continue;
                }
                let secret = secret.get("client_secret").cloned().unwrap_or_default();
                crate::services::oauth::client::store(c, &keys, slug, id.clone(), &secret)?;
                println!("stored the OAuth client of {slug} found in the n8n credential");
            }
            Ok::<_, ApiError>(())
        })
        .map_err(fail)?;
    }
    let target = apply_items::Target {
        account: a.account,
        actor: None,
        may_add_apps: true,
        actor_label: Some("command line".into()),
    };
    let progress = bar(items.len() as u64, "importing");
    let report = apply_items::apply(&db, &keys, &target, source, &items, a.policy, &mut |n| {
        progress.set_position(n)
    })
    .map_err(fail)?;
    progress.finish_and_clear();
    let report = apply_items::with_refused(report, refused);

    // OAuth apps whose connections came in: their client settings.
    let token_apps: std::collections::BTreeSet<&str> = items
        .iter()
        .filter_map(|it| match it {
            format::Item::Connection(c) if c.fields.contains_key("access_token") => {
                Some(c.app.as_str())
            }
            _ => None,
        })
        .collect();
    let oauth_apps: std::collections::BTreeSet<String> = report
        .items
        .iter()
        .filter(|i| {
            matches!(
                i.outcome,
                ImportOutcome::Created | ImportOutcome::Renamed | ImportOutcome::Replaced
            )
        })
        .filter_map(|i| i.app.clone())
        .filter(|slug| token_apps.contains(slug.as_str()))
        .collect();
    let mut lacking = Vec::new();
    db.write_blocking(|c| {
        for slug in &oauth_apps {
            if oauth_repo::client(c, slug)?.is_some() {
                continue;
            }
            lacking.push(slug.clone());
        }
        audit::record(
            c,
            cli_event(a.account, AuditAction::ConnectionsImport).details(serde_json::json!({
                "source": source, "on_conflict": a.policy.as_str(),
                "created": report.created, "skipped": report.skipped, "renamed": report.renamed,
                "replaced": report.replaced, "failed": report.failed,
            })),
        )
    })
    .map_err(fail)?;
    print_report(&report);
    if !lacking.is_empty() {
        println!(
            "these OAuth apps have no client settings, so their tokens cannot be refreshed yet: {} (set them on the OAuth apps page{})",
            lacking.join(", "),
            if a.n8n { ", or import again with --with-oauth-clients" } else { "" }
        );
    }
    Ok(())
}

fn print_report(r: &ImportReport) {
    for item in &r.items {
        if item.outcome == ImportOutcome::Created && item.reason.is_none() {
            continue;
        }
        let outcome = match item.outcome {
            ImportOutcome::Created => "created",
            ImportOutcome::Skipped => "skipped",
            ImportOutcome::Renamed => "renamed",
            ImportOutcome::Replaced => "replaced",
            ImportOutcome::Failed => "failed",
        };
        let app = item
            .app
            .as_deref()
            .map(|a| format!(" ({a})"))
            .unwrap_or_default();
        println!(
            "  {outcome:<8} {:?} {}{app}: {}",
            item.kind,
            item.name,
            item.reason.as_deref().unwrap_or("")
        );
    }
    println!(
        "imported: {} created, {} skipped, {} renamed, {} replaced, {} failed",
        r.created, r.skipped, r.renamed, r.replaced, r.failed
    );
}
