# Switchboard — every way to run, test and measure it. `just` lists the recipes.

set shell := ["bash", "-euo", "pipefail", "-c"]

default:
    @just --list

# Build (release) and run Switchboard: SQLite in ./data, ready to use
run *ARGS:
    cargo run --release -p switchboard-server --bin switchboard -- {{ARGS}}

# Every test: format, lints, unit and API suites (SQLite; PostgreSQL too when SWITCHBOARD_TEST_POSTGRES_URL is set)
test: lint
    #!/usr/bin/env bash
    set -euo pipefail
    if [ -z "${SWITCHBOARD_TEST_POSTGRES_URL:-}" ]; then
        echo "note: SWITCHBOARD_TEST_POSTGRES_URL is not set; the PostgreSQL variants will not run (see README)." >&2
    fi
    if cargo nextest --version >/dev/null 2>&1; then
        cargo nextest run --workspace --no-fail-fast
        cargo test --workspace --doc -q
    else
        cargo test --workspace -q
    fi

# Formatting and clippy, warnings as errors
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -q -- -D warnings

# Regenerate openapi/openapi.json from the handlers
openapi:
    cargo run -q -p switchboard-server --bin switchboard -- openapi > openapi/openapi.json

# Apply migrations and exit
migrate:
    cargo run --release -p switchboard-server --bin switchboard -- migrate
