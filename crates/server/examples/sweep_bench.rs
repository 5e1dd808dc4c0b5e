//! Data-key sweep speed (`just bench-keys`): one account with 20,000 connections on
//! SQLite, its data key rotated, and the rows re-encrypted batch by batch as a
//! server's sweep job does it (`SWITCHBOARD_KEY_SWEEP_BATCH`, default 1,000).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]
//!
//! Usage: `cargo run --release -p switchboard-server --example sweep_bench [ROWS]`.

use std::sync::Arc;
use std::time::Instant;

use switchboard_db::models::{AccountRow, ConnectionRow};
use switchboard_db::repo::{accounts, connections};
use switchboard_db::{DatabaseUrl, Db};
use switchboard_server::keyring::KeyRing;
use switchboard_server::services::connections::sealing::PURPOSE;
use switchboard_server::services::keys::sweep::{self, Step};
use switchboard_types::{AccountId, AccountKind, AppSlug, ConnectionId, ConnectionStatus};
use switchboard_vault::{MasterKey, SealContext};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("a number of rows"))
        .unwrap_or(20_000);
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::parse(&dir.path().join("bench.db").display().to_string());
    let db = Db::connect(&url, 4).unwrap();
    db.migrate().unwrap();
    let keys = Arc::new(KeyRing::new(MasterKey::generate()));
    let account = AccountId::from(uuid::Uuid::now_v7());
    let t = Instant::now();
    db.write_blocking(|c| {
        let now = switchboard_db::now();
        accounts::insert(
            c,
            &AccountRow {
                id: account,
                name: "Bench".into(),
                kind: AccountKind::Standard,
                parent_id: None,
                created_at: now,
                updated_at: now,
            },
        )?;
        keys.create_account_key(c, account)?;
        let key = keys.current(c, account)?;
        for i in 0..n {
            let id = ConnectionId::from(uuid::Uuid::now_v7());
            let ctx = SealContext {
                purpose: PURPOSE,
                account_id: account.0,
                record_id: id.0,
            };
            let name = format!("conn {i:06}");
            connections::insert(
                c,
                &ConnectionRow {
                    id,
                    account_id: account,
                    app_slug: AppSlug::from("github"),
                    name_key: name.clone(),
                    sort_key: format!("github\u{0}{name}"),
                    search_text: name.clone(),
                    name,
                    status: ConnectionStatus::Active,
                    status_reason: None,
                    identity: None,
                    notes: String::new(),
                    public_fields: "{}".into(),
                    envelope: key.seal(
                        &ctx,
                        br#"{"token":"ghp_0123456789abcdefghijABCDEFGHIJ0123"}"#,
                    ),
                    key_version: 1,
                    version: 1,
                    created_by: None,
                    created_at: now,
                    updated_at: now,
                    last_used_at: None,
                    shared_with_children: false,
                    token_expires_at: None,
                    tags: "{}".into(),
                    metadata: "{}".into(),
                    end_user: None,
                    status_cause: None,
                    origin: None,
                },
            )?;
        }
        Ok::<_, switchboard_server::error::ApiError>(())
    })
    .unwrap();
    println!(
        "created {n} connections in {:.2} s",
        t.elapsed().as_secs_f64()
    );

    db.write_blocking(|c| sweep::start(c, &keys, account))
        .unwrap();
    let t = Instant::now();
    let mut done = 0;
    loop {
        match sweep::run_step_blocking(&db, &keys, sweep::DEFAULT_BATCH).unwrap() {
            Step::Worked { rows, .. } => done += rows,
            Step::Finished { .. } | Step::Busy => {}
            Step::Idle => break,
            Step::Failed { .. } => panic!("a row did not open"),
        }
    }
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(done, n);
    println!(
        "| data-key sweep, SQLite | {n} connections | {secs:.3} s | {:.0} rows/s |",
        n as f64 / secs
    );
}
