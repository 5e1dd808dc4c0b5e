//! What a proxied call needs of a connection (the usable credentials, the
//! effective limit, the secrets to scrub), remembered for a second.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use switchboard_db::repo::{connections as conn_repo, rate_limits as rl_repo};
use switchboard_types::{AccountKind, ConnectionId, RateLimit};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::connections::access;
use crate::services::tokens::{self, Usable, Want};
use crate::state::AppState;

use super::scrub::{secrets_of, Secrets};
use crate::outbound::ratelimit::{effective, override_limit};

/// What a proxied call needs of a connection, remembered for a second.
#[derive(Clone)]
pub(super) struct Plan {
    epoch: u64,
    at: Instant,
    usable: Usable,
    limit: RateLimit,
    /// What the answers are scrubbed of, worked out once.
    secrets: Arc<Secrets>,
    /// The owner is the system account (its shared connections reach every account).
    owner_is_system: bool,
}

/// Recent [`Plan`]s by connection: valid for 1 s and only while no write happened on
/// this server since (any change to a connection, its sharing, override or tokens is
/// a write here; other replicas see it within the second). OAuth tokens close to
/// expiry always go the long way, through the refresh logic.
#[derive(Default)]
pub struct Plans(std::sync::Mutex<HashMap<ConnectionId, Plan>>);

impl Plans {
    const TTL: Duration = Duration::from_secs(1);

    fn get(&self, id: ConnectionId, epoch: u64) -> Option<Plan> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let p = map.get(&id)?;
        let fresh = p.epoch == epoch
            && p.at.elapsed() < Self::TTL
            && !p.usable.row.token_expires_at.is_some_and(|e| {
                e <= switchboard_db::now()
                    + chrono::Duration::seconds(tokens::ON_DEMAND_MARGIN_SECS + 5)
            });
        fresh.then(|| p.clone())
    }

    fn put(&self, id: ConnectionId, plan: Plan) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 10_000 {
            map.clear();
        }
        map.insert(id, plan);
    }
}

/// The sharing rule of `services::connections::access`, on a remembered row.
pub(super) fn may_use(p: &Principal, plan: &Plan) -> bool {
    let row = &plan.usable.row;
    row.account_id == p.account_id
        || (row.shared_with_children
            && (p.parent_id.is_some_and(|parent| parent == row.account_id) || plan.owner_is_system))
}

/// Loads the connection the caller may use and its effective limit.
pub(super) async fn load(
    state: &AppState,
    p: &Principal,
    id: ConnectionId,
) -> Result<(Usable, RateLimit, Arc<Secrets>), ApiError> {
    let epoch = state.db.writes();
    if let Some(plan) = state.proxy_plans.get(id, epoch) {
        if !may_use(p, &plan) {
            return Err(ApiError::NotFound { what: "connection" });
        }
        return Ok((plan.usable, plan.limit, plan.secrets));
    }
    let p2 = p.clone();
    let row = state
        .db
        .read(move |c| {
            let (row, _) = access(c, &p2, id)?;
            let over = rl_repo::find_override(c, row.id)?;
            let owner = switchboard_db::repo::accounts::find(c, row.account_id)?;
            Ok::<_, ApiError>((
                row,
                over,
                owner.is_some_and(|o| o.kind == AccountKind::System),
            ))
        })
        .await?;
    let (row, over, owner_is_system) = row;
    let usable = tokens::usable(state, row.id, Want::OnDemand).await?;
    let over = over.as_ref().map(override_limit);
    let (limit, _) = effective(&usable.def, over);
    let secrets = Arc::new(Secrets::new(secrets_of(&usable.def, &usable.values)));
    state.proxy_plans.put(
        id,
        Plan {
            epoch,
            at: Instant::now(),
            usable: usable.clone(),
            limit,
            secrets: secrets.clone(),
            owner_is_system,
        },
    );
    Ok((usable, limit, secrets))
}

/// `last_used_at`, at most once a minute per connection.
pub(super) async fn touch(state: &AppState, u: &Usable) {
    let now = switchboard_db::now();
    if u.row
        .last_used_at
        .is_some_and(|t| now - t < chrono::Duration::seconds(60))
    {
        return;
    }
    let id = u.row.id;
    let _ = state
        .db
        .write(move |c| {
            conn_repo::touch_used(c, id, now)?;
            Ok::<_, ApiError>(())
        })
        .await;
}
