#!/usr/bin/env bash
# Checks the Debian package `just deb` built: its control data and contents, the
# systemd unit (systemd-analyze verify where it runs), and the packaged binary
# started with the packaged configuration against a scratch state directory.
set -euo pipefail

deb=$(ls -t target/debian/switchboard_*.deb | head -1)
work=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "deb-test: FAIL: $*" >&2; exit 1; }

echo "deb-test: $deb ($(du -h "$deb" | cut -f1))"
info=$(dpkg-deb --info "$deb")
grep -q "^ Package: switchboard$" <<<"$info" || fail "package name"
grep -q "^ Depends: .*libpq5" <<<"$info" || fail "Depends lacks libpq5: $(grep Depends <<<"$info")"
grep -q "adduser" <<<"$info" || fail "Depends lacks adduser"

contents=$(dpkg-deb --contents "$deb" | awk '{print $6}')
unit_path=$(grep -E '^\./(usr/)?lib/systemd/system/switchboard\.service$' <<<"$contents") || fail "no systemd unit"
for f in ./usr/bin/switchboard ./etc/switchboard/switchboard.toml ./usr/share/switchboard/web/index.html \
         ./usr/share/doc/switchboard/README.md ./usr/share/doc/switchboard/copyright; do
    grep -qx "$f" <<<"$contents" || fail "missing $f"
done
grep -q '^\./usr/share/switchboard/web/assets/.*\.wasm$' <<<"$contents" || fail "the web app's wasm is missing"

dpkg-deb --control "$deb" "$work/control"
grep -qx /etc/switchboard/switchboard.toml "$work/control/conffiles" || fail "the configuration is not a conffile"
grep -q "adduser --system" "$work/control/postinst" || fail "postinst does not create the system user"

dpkg-deb -x "$deb" "$work/root"
unit="$work/root/$unit_path"
for d in User=switchboard StateDirectory=switchboard NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes \
         PrivateTmp=yes PrivateDevices=yes CapabilityBoundingSet= "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" \
         SystemCallFilter=@system-service MemoryDenyWriteExecute=yes \
         "ExecStart=/usr/bin/switchboard --config /etc/switchboard/switchboard.toml serve"; do
    grep -qxF "$d" "$unit" || fail "the unit lacks $d"
done
if command -v systemd-analyze >/dev/null; then
    # Verified against the extracted tree, so ExecStart names a real binary.
    mkdir -p "$work/verify"
    sed "s|^ExecStart=/usr/bin/switchboard|ExecStart=$work/root/usr/bin/switchboard|" "$unit" > "$work/verify/switchboard.service"
    if ! out=$(systemd-analyze verify "$work/verify/switchboard.service" 2>&1); then
        fail "systemd-analyze verify: $out"
    fi
    echo "deb-test: systemd-analyze verify: ok${out:+ ($out)}"
else
    echo "deb-test: SKIPPED systemd-analyze verify (not installed)"
fi

# Every setting is in the packaged configuration (commented where it keeps its default).
bin="$work/root/usr/bin/switchboard"
toml="$work/root/etc/switchboard/switchboard.toml"
for env in $("$bin" --help | grep -o '^  SWITCHBOARD_[A-Z_]*'); do
    key=$(tr 'A-Z' 'a-z' <<<"${env#SWITCHBOARD_}")
    grep -qE "^(# )?$key = " "$toml" || fail "$key is not in the packaged configuration"
done

# The packaged binary with the packaged configuration, its paths moved into the scratch directory.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -e "s|\"/var/lib/switchboard\"|\"$work/state\"|" \
    -e "s|\"/usr/share/switchboard/web\"|\"$work/root/usr/share/switchboard/web\"|" \
    -e "s|\"127.0.0.1:8080\"|\"127.0.0.1:$port\"|" "$toml" > "$work/switchboard.toml"
(cd "$work" && env -i PATH="$PATH" "$bin" --config "$work/switchboard.toml" doctor) || fail "doctor before the first start"
env -i PATH="$PATH" "$bin" --config "$work/switchboard.toml" serve >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$work/log" >&2; fail "the packaged server did not become ready"; }
curl -fsS "http://127.0.0.1:$port/" | grep -qi "<html" || fail "the web app is not served"
curl -fsS "http://127.0.0.1:$port/api/v1/setup" | grep -q '"needed":true' || fail "setup status"
[ "$(stat -c %a "$work/state")" = 700 ] || fail "state directory mode $(stat -c %a "$work/state")"
[ "$(stat -c %a "$work/state/master.key")" = 600 ] || fail "master key mode"
[ -f "$work/state/switchboard.db" ] || fail "no database in the state directory"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
[ "$status" = 0 ] || { cat "$work/log" >&2; fail "exit status $status after SIGTERM"; }
(cd "$work" && env -i PATH="$PATH" "$bin" --config "$work/switchboard.toml" doctor >/dev/null) || fail "doctor after the first start"
echo "deb-test: ok"
