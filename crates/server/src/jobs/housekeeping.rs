//! Hourly: expired refresh tokens, long-ended throttle windows and lifecycle events
//! past their retention are deleted.

use crate::error::ApiError;
use crate::state::AppState;

pub fn start(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let days = state.config.event_retention_days;
            let _ = state
                .db
                .write(move |c| {
                    switchboard_db::repo::tokens::purge_expired(c, switchboard_db::now())?;
                    crate::services::events::purge(c, days)?;
                    Ok::<_, ApiError>(())
                })
                .await;
            let _ = crate::auth::throttle::purge(&state.db).await;
        }
    });
}
