# Switchboard — every way to run, test and measure it. `just` lists the recipes.

set shell := ["bash", "-euo", "pipefail", "-c"]

default:
    @just --list

# Build (release) and run Switchboard with the web app: SQLite in ./data, ready to use
run *ARGS: web
    cargo run --release -p switchboard-server --bin switchboard -- {{ARGS}}

# Build the web app into frontend/dist, with brotli and gzip copies (wasm32 target and wasm-bindgen CLI installed when missing)
web:
    #!/usr/bin/env bash
    set -euo pipefail
    rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
    want=$(grep -A1 '^name = "wasm-bindgen"$' frontend/Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
    have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
    if [ "$have" != "$want" ]; then
        echo "installing wasm-bindgen-cli $want (matches frontend/Cargo.lock)"
        cargo install wasm-bindgen-cli --version "$want"
    fi
    cargo build --manifest-path frontend/Cargo.toml --target-dir frontend/target --release --target wasm32-unknown-unknown
    rm -rf frontend/target/pkg
    wasm-bindgen --target web --no-typescript --out-name switchboard_web --out-dir frontend/target/pkg frontend/target/wasm32-unknown-unknown/release/switchboard-web.wasm
    if [ ! -x frontend/node_modules/.bin/wasm-opt ]; then (cd frontend && npm install --no-audit --no-fund --silent); fi
    frontend/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
        frontend/target/pkg/switchboard_web_bg.wasm -o frontend/target/pkg/switchboard_web_bg.wasm
    python3 frontend/build.py frontend/target/pkg
    node frontend/compress.mjs frontend/dist

# Every test: format, lints, unit and API suites (SQLite; PostgreSQL too when SWITCHBOARD_TEST_POSTGRES_URL is set), the browser tests, the API contract, the Debian package
test: lint unit e2e contract deb-test

# The Debian package in target/debian/: the release binary, the web app, /etc/switchboard/switchboard.toml and a hardened systemd unit (cargo-deb installed when missing)
deb: web
    #!/usr/bin/env bash
    set -euo pipefail
    if ! cargo deb --version >/dev/null 2>&1; then
        echo "installing cargo-deb"
        cargo install cargo-deb --locked --version '~3.8'
    fi
    cargo build --release -p switchboard-server --bin switchboard
    cargo deb -p switchboard-server --no-build --output target/debian/

# Build the Debian package and check it: contents, the unit (systemd-analyze verify), the packaged binary with the packaged configuration
deb-test: deb
    bash crates/server/debian/test.sh

# Unit and API suites
unit:
    #!/usr/bin/env bash
    set -euo pipefail
    filter=()
    local_pg='postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable'
    if [ -z "${SWITCHBOARD_TEST_POSTGRES_URL:-}" ] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
        echo "note: SWITCHBOARD_TEST_POSTGRES_URL is not set; using the PostgreSQL that answers on 127.0.0.1:5432 ($local_pg)." >&2
        export SWITCHBOARD_TEST_POSTGRES_URL="$local_pg"
    fi
    if [ -z "${SWITCHBOARD_TEST_POSTGRES_URL:-}" ]; then
        echo "note: SWITCHBOARD_TEST_POSTGRES_URL is not set and no PostgreSQL answers on 127.0.0.1:5432; the PostgreSQL tests are skipped (see docs/testing.md)." >&2
        filter=(-E 'not test(/postgres/)')
    fi
    if ! command -v age >/dev/null; then
        # The export tests open files with the standard age tool too.
        echo "installing Debian's age"
        apt-get install -y -qq age >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq age >/dev/null)
    fi
    if [ ! -d e2e/node_modules/standardwebhooks ]; then
        # The webhook tests verify deliveries with the official Standard Webhooks library.
        (cd e2e && npm ci --no-audit --no-fund --silent)
    fi
    if cargo nextest --version >/dev/null 2>&1; then
        cargo nextest run --workspace --no-fail-fast "${filter[@]}"
        cargo test --workspace --doc -q
    else
        [ ${#filter[@]} -eq 0 ] || set -- --skip postgres
        cargo test --workspace -q -- "$@"
    fi

# Browser tests: the release server with the built web app, in Debian's Chromium via playwright-core
e2e: web
    #!/usr/bin/env bash
    set -euo pipefail
    if [ ! -x /usr/bin/chromium ]; then
        echo "installing Debian's chromium"
        apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
    fi
    cargo build --release -p switchboard-server --bin switchboard
    (cd e2e && npm ci --no-audit --no-fund --silent && npm test)

# The README's screenshot of the connections page (docs/img/connections.png)
screenshot: web
    cargo build --release -p switchboard-server --bin switchboard
    cd e2e && npm ci --no-audit --no-fund --silent && node screenshot.mjs

# Formatting, clippy (warnings as errors), and the dependencies' licenses, duplicates and sources (cargo-deny, deny.toml)
lint:
    cargo fmt --all -- --check
    cargo fmt --manifest-path frontend/Cargo.toml -- --check
    cargo clippy --workspace --all-targets -q -- -D warnings
    rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
    cargo clippy --manifest-path frontend/Cargo.toml --target-dir frontend/target --target wasm32-unknown-unknown -q -- -D warnings
    cargo deny --version >/dev/null 2>&1 || cargo install cargo-deny --locked --version '~0.20'
    cargo deny --log-level error check licenses bans sources
    cargo deny --log-level error --manifest-path frontend/Cargo.toml check licenses bans sources

# Regenerate openapi/openapi.json from the handlers
openapi:
    cargo run -q -p switchboard-server --bin switchboard -- openapi > openapi/openapi.json

# The pinned contract tools: a Python venv (openapi/.venv) and npm packages (openapi/node_modules)
contract-tools:
    #!/usr/bin/env bash
    set -euo pipefail
    if [ ! -x openapi/.venv/bin/schemathesis ] || ! cmp -s openapi/requirements.txt openapi/.venv/requirements.txt; then
        echo "installing the contract tools (openapi/requirements.txt) into openapi/.venv"
        python3 -m venv openapi/.venv
        openapi/.venv/bin/pip install --quiet --disable-pip-version-check -r openapi/requirements.txt
        cp openapi/requirements.txt openapi/.venv/requirements.txt
    fi
    (cd openapi && npm ci --no-audit --no-fund --silent)

# Regenerate the TypeScript and Python SDKs in openapi/sdks from openapi/openapi.json
sdks: contract-tools
    openapi/.venv/bin/python openapi/sdks/generate.py

# The API contract: validators and Redocly, SDK drift, tsc/mypy, SDK scenarios and Schemathesis on SQLite and PostgreSQL
contract: contract-tools
    #!/usr/bin/env bash
    set -euo pipefail
    local_pg='postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable'
    if [ -z "${SWITCHBOARD_TEST_POSTGRES_URL:-}" ] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
        export SWITCHBOARD_TEST_POSTGRES_URL="$local_pg"
    fi
    cargo build --release -p switchboard-server --bin switchboard
    openapi/.venv/bin/python openapi/check.py

# Apply migrations and exit
migrate:
    cargo run --release -p switchboard-server --bin switchboard -- migrate

# Proxy overhead (direct vs proxied at 1,000 req/s and at maximum) and rate-limiter decisions per second
bench-proxy:
    cargo run --release -q -p switchboard-server --example proxy_bench

# Webhook figures on SQLite: create throughput without and with an endpoint, delivery throughput, change-to-delivery latency
bench-webhooks:
    cargo run --release -q -p switchboard-server --example webhook_bench

# Key rotation speed on SQLite: 10,000 accounts' data keys re-wrapped under a new master key; 20,000 rows re-encrypted under a new data key
bench-keys accounts="10000" rows="20000":
    cargo run --release -q -p switchboard-server --example rotate_bench -- {{accounts}}
    cargo run --release -q -p switchboard-server --example sweep_bench -- {{rows}}

# Load and fault soak against the release build: mixed load (RSS, latency, 5xx, lost writes), kill -9, and a PostgreSQL outage
soak clients="200" duration="60":
    cargo build --release -p switchboard-server --bin switchboard --example soak
    "${CARGO_TARGET_DIR:-target}/release/examples/soak" "${CARGO_TARGET_DIR:-target}/release/switchboard" --clients {{clients}} --duration {{duration}}

# Benchmarks against the release build (wrk load; SQLite, and PostgreSQL when SWITCHBOARD_TEST_POSTGRES_URL is set)
bench connections="10000" duration="10":
    command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
    cargo build --release -p switchboard-server --bin switchboard
    python3 bench/bench.py "${CARGO_TARGET_DIR:-target}/release/switchboard" --connections {{connections}} --duration {{duration}}
