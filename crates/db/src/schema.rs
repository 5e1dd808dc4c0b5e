// The diesel schema, written by hand to match migrations/{sqlite,postgres}.

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    accounts (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        parent_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    account_keys (account_id, version) {
        account_id -> Text,
        version -> Integer,
        wrapped -> Binary,
        created_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
        master_fingerprint -> Nullable<Text>,
    }
}

diesel::table! {
    events (id) {
        id -> Text,
        account_id -> Text,
        #[sql_name = "type"]
        type_ -> Text,
        connection_id -> Nullable<Text>,
        connection_app -> Nullable<Text>,
        connection_name -> Nullable<Text>,
        connection_status -> Nullable<Text>,
        actor -> Nullable<Text>,
        data -> Text,
        created_at -> Timestamp,
        dispatched -> Bool,
        connection_tags -> Nullable<Text>,
        connection_metadata -> Nullable<Text>,
    }
}

diesel::table! {
    key_sweeps (account_id) {
        account_id -> Text,
        from_version -> Integer,
        to_version -> Integer,
        state -> Text,
        total_rows -> BigInt,
        done_rows -> BigInt,
        started_at -> Timestamp,
        updated_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        account_id -> Text,
        email -> Text,
        password_hash -> Text,
        role -> Text,
        disabled -> Bool,
        session_version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        session_version -> Integer,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        account_id -> Text,
        created_by -> Text,
        name -> Text,
        prefix -> Text,
        key_hash -> Text,
        scopes -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    apps (slug) {
        slug -> Text,
        definition -> Text,
        overrides_builtin -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    connections (id) {
        id -> Text,
        account_id -> Text,
        app_slug -> Text,
        name -> Text,
        name_key -> Text,
        sort_key -> Text,
        search_text -> Text,
        status -> Text,
        status_reason -> Nullable<Text>,
        identity -> Nullable<Text>,
        notes -> Text,
        public_fields -> Text,
        envelope -> Binary,
        key_version -> Integer,
        version -> BigInt,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        shared_with_children -> Bool,
        token_expires_at -> Nullable<Timestamp>,
        status_cause -> Nullable<Text>,
        origin -> Nullable<Text>,
        tags -> Text,
        metadata -> Text,
        end_user -> Nullable<Text>,
    }
}

diesel::table! {
    oauth_clients (app_slug) {
        app_slug -> Text,
        id -> Text,
        client_id -> Text,
        secret_envelope -> Binary,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    oauth_states (state_hash) {
        state_hash -> Text,
        id -> Text,
        user_id -> Text,
        account_id -> Text,
        app_slug -> Text,
        connection_id -> Nullable<Text>,
        name -> Nullable<Text>,
        browser_hash -> Text,
        verifier_envelope -> Binary,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        scopes -> Nullable<Text>,
        connect_session_id -> Nullable<Text>,
    }
}

diesel::table! {
    automations (id) {
        id -> Text,
        account_id -> Text,
        name -> Text,
        status -> Text,
        paused_reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        origin -> Nullable<Text>,
    }
}

diesel::table! {
    automation_connections (automation_id, connection_id) {
        automation_id -> Text,
        connection_id -> Text,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Text,
        account_id -> Text,
        actor_user_id -> Nullable<Text>,
        actor_api_key_id -> Nullable<Text>,
        actor -> Text,
        action -> Text,
        target_type -> Text,
        target_id -> Nullable<Text>,
        client_addr -> Nullable<Text>,
        details -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    auth_throttle (key) {
        key -> Text,
        window_start -> BigInt,
        attempts -> BigInt,
    }
}

diesel::table! {
    token_refresh (connection_id) {
        connection_id -> Text,
        lease_id -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
        failures -> Integer,
        retry_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        refreshed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    rate_limit_overrides (connection_id) {
        connection_id -> Text,
        requests -> Integer,
        per_seconds -> Integer,
        burst -> Integer,
        set_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    rate_limit_state (key) {
        key -> Text,
        tat -> BigInt,
    }
}

diesel::table! {
    webhook_endpoints (id) {
        id -> Text,
        account_id -> Text,
        url -> Text,
        description -> Text,
        event_types -> Text,
        enabled -> Bool,
        secret -> Binary,
        previous_secret -> Nullable<Binary>,
        previous_secret_until -> Nullable<Timestamp>,
        failing_since -> Nullable<Timestamp>,
        disabled_reason -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        enabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        endpoint_id -> Text,
        event_id -> Text,
        event_type -> Text,
        connection_id -> Nullable<Text>,
        status -> Text,
        attempts -> Integer,
        last_status_code -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        latency_ms -> Nullable<Integer>,
        next_attempt_at -> Nullable<Timestamp>,
        lease_until -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    health_schedule (connection_id) {
        connection_id -> Text,
        next_check_at -> Timestamp,
        failures -> Integer,
        lease_id -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    health_checks (id) {
        id -> Text,
        connection_id -> Text,
        kind -> Text,
        source -> Text,
        ok -> Bool,
        latency_ms -> Nullable<Integer>,
        upstream_status -> Nullable<Integer>,
        message -> Text,
        checked_at -> Timestamp,
    }
}

diesel::table! {
    connect_sessions (id) {
        id -> Text,
        account_id -> Text,
        token_hash -> Text,
        created_by -> Text,
        api_key_id -> Nullable<Text>,
        end_user -> Text,
        end_user_id -> Text,
        allowed_apps -> Nullable<Text>,
        tags -> Text,
        metadata -> Text,
        scopes -> Nullable<Text>,
        connection_id -> Nullable<Text>,
        success_url -> Nullable<Text>,
        error_url -> Nullable<Text>,
        allowed_origins -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        result_connection_id -> Nullable<Text>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    connection_tags (connection_id, name) {
        connection_id -> Text,
        name -> Text,
        value -> Text,
        account_id -> Text,
    }
}

diesel::table! {
    connection_usage (connection_id, hour) {
        connection_id -> Text,
        hour -> Timestamp,
        calls -> BigInt,
        limited -> BigInt,
    }
}

diesel::joinable!(account_keys -> accounts (account_id));
diesel::joinable!(key_sweeps -> accounts (account_id));
diesel::joinable!(events -> accounts (account_id));
diesel::joinable!(webhook_endpoints -> accounts (account_id));
diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_deliveries -> events (event_id));
diesel::joinable!(users -> accounts (account_id));
diesel::joinable!(connections -> accounts (account_id));
diesel::joinable!(connect_sessions -> accounts (account_id));
diesel::joinable!(automations -> accounts (account_id));
diesel::joinable!(automation_connections -> automations (automation_id));
diesel::joinable!(automation_connections -> connections (connection_id));
diesel::joinable!(health_schedule -> connections (connection_id));
diesel::joinable!(health_checks -> connections (connection_id));
diesel::joinable!(connection_usage -> connections (connection_id));
diesel::joinable!(connection_tags -> connections (connection_id));

diesel::allow_tables_to_appear_in_same_query!(
    settings,
    accounts,
    account_keys,
    events,
    webhook_endpoints,
    webhook_deliveries,
    key_sweeps,
    users,
    refresh_tokens,
    api_keys,
    apps,
    connections,
    automations,
    automation_connections,
    oauth_clients,
    oauth_states,
    connect_sessions,
    token_refresh,
    rate_limit_overrides,
    rate_limit_state,
    audit_events,
    auth_throttle,
    health_schedule,
    health_checks,
    connection_usage,
    connection_tags,
);
