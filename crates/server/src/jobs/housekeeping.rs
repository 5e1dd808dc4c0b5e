//! Hourly: expired refresh tokens and long-ended throttle windows are deleted.

use crate::error::ApiError;
use crate::state::AppState;

pub fn start(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let _ = state
                .db
                .write(|c| {
                    switchboard_db::repo::tokens::purge_expired(c, switchboard_db::now())?;
                    Ok::<_, ApiError>(())
                })
                .await;
            let _ = crate::auth::throttle::purge(&state.db).await;
        }
    });
}
