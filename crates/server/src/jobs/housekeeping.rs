//! Hourly: expired refresh tokens, long-ended throttle windows, lifecycle events
//! past their retention and proxied-call counts older than 35 days are deleted.

use crate::error::ApiError;
use crate::state::AppState;

pub fn start(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let days = state.config.event_retention_days;
            let _ = state
                .db
                .write(move |c| {
                    switchboard_db::repo::tokens::purge_expired(c, switchboard_db::now())?;
                    crate::services::events::purge(c, days)?;
                    switchboard_db::repo::usage::purge(
                        c,
                        switchboard_db::now() - chrono::Duration::days(35),
                    )?;
                    Ok::<_, ApiError>(())
                })
                .await;
            let _ = crate::auth::throttle::purge(&state.db).await;
            if !super::pause(&state, std::time::Duration::from_secs(3600), None).await {
                break;
            }
        }
    })
}
