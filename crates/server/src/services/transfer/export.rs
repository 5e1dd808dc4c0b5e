//! Writing an account's connections, automations and the custom apps they use to
//! an export file, page by page.

use std::io::Write;

use switchboard_db::repo::connections::{Band, PageQuery};
use switchboard_db::repo::{accounts, automations, connections};
use switchboard_db::DbConn;
use switchboard_types::{AccountId, AppSource, AutomationId};

use super::format::{
    Counts, ExportedAccount, ExportedAutomation, ExportedConnection, Header, Item, Writer, FORMAT,
    VERSION,
};
use crate::error::ApiError;
use crate::keyring::KeyRing;
use crate::services::apps;
use crate::services::connections::sealing::open_fields;

/// Rows read per query.
const PAGE: i64 = 500;

/// Writes the export of `account` to `out`, encrypted with `passphrase`; calls
/// `progress` after each connection. Returns the writer and what went in.
pub fn write<W: Write>(
    c: &mut DbConn,
    keys: &KeyRing,
    account: AccountId,
    out: W,
    passphrase: &str,
    progress: &mut dyn FnMut(u64),
) -> Result<(W, Counts), ApiError> {
    let row = accounts::find(c, account)?.ok_or(ApiError::NotFound { what: "account" })?;
    let slugs = connections::apps_in_account(c, account)?;
    let mut custom = Vec::new();
    for slug in &slugs {
        if let Some((def, source)) = apps::resolve(c, slug)? {
            if source != AppSource::Builtin {
                custom.push(def);
            }
        }
    }
    let counts = Counts {
        apps: custom.len() as u64,
        connections: u64::try_from(connections::count_in_account(c, account)?).unwrap_or(0),
        automations: u64::try_from(automations::count_in_account(c, account)?).unwrap_or(0),
    };
    let header = Header {
        format: FORMAT.into(),
        version: VERSION,
        exported_at: switchboard_db::now(),
        account: ExportedAccount {
            id: row.id.to_string(),
            name: row.name,
        },
        counts,
    };
    let mut w = Writer::new(out, passphrase, &header).map_err(io)?;
    for def in custom {
        w.item(&Item::App(Box::new(def))).map_err(io)?;
    }

    let mut written = Counts {
        apps: counts.apps,
        ..Counts::default()
    };
    let mut after: Option<(String, switchboard_types::ConnectionId)> = None;
    loop {
        let page = connections::page(
            c,
            &PageQuery {
                account_id: account,
                app: None,
                status: None,
                shared_only: false,
                tags: &[],
                band: Band::All,
                after: after.as_ref().map(|(k, id)| (k.as_str(), *id)),
                limit: PAGE,
            },
        )?;
        let Some(last) = page.last() else { break };
        after = Some((last.sort_key.clone(), last.id));
        for row in &page {
            let fields = open_fields(keys, c, row)?;
            w.item(&Item::Connection(ExportedConnection {
                id: row.id.to_string(),
                app: row.app_slug.to_string(),
                name: row.name.clone(),
                notes: row.notes.clone(),
                shared_with_children: row.shared_with_children,
                identity: row.identity.clone(),
                token_expires_at: row.token_expires_at,
                fields,
            }))
            .map_err(io)?;
            written.connections += 1;
            progress(written.connections);
        }
        if (page.len() as i64) < PAGE {
            break;
        }
    }

    let mut after: Option<AutomationId> = None;
    loop {
        let page = automations::list(c, account, after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        let ids: Vec<AutomationId> = page.iter().map(|a| a.id).collect();
        let links = automations::links(c, &ids)?;
        for a in &page {
            w.item(&Item::Automation(ExportedAutomation {
                id: a.id.to_string(),
                name: a.name.clone(),
                connection_ids: links
                    .iter()
                    .filter(|(aid, _)| *aid == a.id)
                    .map(|(_, cid)| cid.to_string())
                    .collect(),
            }))
            .map_err(io)?;
            written.automations += 1;
        }
        if (page.len() as i64) < PAGE {
            break;
        }
    }
    let out = w.finish().map_err(io)?;
    Ok((out, written))
}

fn io(e: std::io::Error) -> ApiError {
    ApiError::internal(format!("writing the export: {e}"))
}
