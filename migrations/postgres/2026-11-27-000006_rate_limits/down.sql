DROP TABLE rate_limit_state;
DROP TABLE rate_limit_overrides;
