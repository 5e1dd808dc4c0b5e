//! Master-key rotation speed (`just bench-keys`): 10,000 accounts' data keys on
//! SQLite re-wrapped under a new master key, batch by batch as
//! `switchboard keys rotate-master` does it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]
//!
//! Usage: `cargo run --release -p switchboard-server --example rotate_bench [ACCOUNTS]`.

use std::time::Instant;

use switchboard_db::models::AccountRow;
use switchboard_db::repo::accounts;
use switchboard_db::{DatabaseUrl, Db};
use switchboard_server::keyring::KeyRing;
use switchboard_server::services::keys;
use switchboard_types::{AccountId, AccountKind};
use switchboard_vault::MasterKey;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("a number of accounts"))
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::parse(&dir.path().join("bench.db").display().to_string());
    let db = Db::connect(&url, 4).unwrap();
    db.migrate().unwrap();
    let old = MasterKey::generate();
    let new = MasterKey::generate();
    let before = KeyRing::new(MasterKey::from_base64(&old.to_base64()).unwrap());
    let t = Instant::now();
    db.write_blocking(|c| {
        let now = switchboard_db::now();
        for _ in 0..n {
            let id = AccountId::from(uuid::Uuid::now_v7());
            accounts::insert(
                c,
                &AccountRow {
                    id,
                    name: "Bench".into(),
                    kind: AccountKind::Standard,
                    parent_id: None,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            before.create_account_key(c, id)?;
        }
        Ok::<_, switchboard_server::error::ApiError>(())
    })
    .unwrap();
    println!("created {n} accounts in {:.2} s", t.elapsed().as_secs_f64());

    let ring = KeyRing::with_previous(new, vec![old]);
    let t = Instant::now();
    let mut done = 0;
    loop {
        let k = db
            .write_blocking(|c| keys::rotate_master_batch(c, &ring))
            .unwrap();
        if k == 0 {
            break;
        }
        done += k;
    }
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(done, n);
    println!(
        "| master-key rotation, SQLite | {n} data keys | {secs:.3} s | {:.0} keys/s |",
        n as f64 / secs
    );
}
