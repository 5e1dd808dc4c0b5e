"""The API contract, checked the way clients meet it (`just contract`):

1. openapi.json is valid (openapi-spec-validator), clean under Redocly's
   recommended rules, and every example in it fits its schema;
2. the committed SDKs are what the generators make of it (sdks/generate.py --check);
3. the TypeScript SDK type-checks with `tsc --strict`, the Python SDK with
   `mypy --strict`;
4. on SQLite and on PostgreSQL: one user journey with each SDK against the release
   server, then Schemathesis with every check (stateful phase included) as a
   narrow API key and as the system administrator.

PostgreSQL runs when SWITCHBOARD_TEST_POSTGRES_URL is set and is reported skipped
otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

OPENAPI = Path(__file__).resolve().parent
sys.path.insert(0, str(OPENAPI / "contract"))
import harness  # noqa: E402
import run as schemathesis_run  # noqa: E402

BIN = OPENAPI / ".venv" / "bin"
NODE_BIN = OPENAPI / "node_modules" / ".bin"
SDKS = OPENAPI / "sdks"


def step(title: str, cmd: list[str], **kw: object) -> None:
    print(f"contract: {title}", flush=True)
    subprocess.run(cmd, check=True, **kw)  # type: ignore[arg-type]


def scenarios(database: str) -> None:
    with harness.server(database) as srv:
        harness.custom_app(srv, "echo-crm")
        env = {**os.environ, "SB_BASE": srv.base, "SB_EMAIL": harness.EMAIL,
               "SB_PASSWORD": harness.PASSWORD, "SB_APP": "echo-crm"}
        step(f"{database}: TypeScript SDK scenario", ["node", str(SDKS / "typescript" / "dist" / "tests" / "scenario.js")], env=env)
    with harness.server(database) as srv:
        harness.custom_app(srv, "echo-crm")
        env = {**os.environ, "SB_BASE": srv.base, "SB_EMAIL": harness.EMAIL,
               "SB_PASSWORD": harness.PASSWORD, "SB_APP": "echo-crm",
               "PYTHONPATH": str(SDKS / "python")}
        step(f"{database}: Python SDK scenario", [str(BIN / "python"), str(SDKS / "tests" / "scenario.py")], env=env)


def main() -> int:
    quiet_redocly = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
    step("openapi-spec-validator", [str(BIN / "openapi-spec-validator"), str(OPENAPI / "openapi.json")])
    step("redocly lint (recommended)", [str(NODE_BIN / "redocly"), "lint", str(OPENAPI / "openapi.json"),
                                        "--extends", "recommended", "--format", "stylish"], env=quiet_redocly)
    step("every example fits its schema", [str(BIN / "python"), str(OPENAPI / "contract" / "examples.py")])
    step("SDKs match openapi.json", [str(BIN / "python"), str(SDKS / "generate.py"), "--check"])
    step("tsc --strict (TypeScript SDK and its scenario)", [str(NODE_BIN / "tsc"), "-p", str(SDKS / "typescript")])
    step("mypy --strict (Python SDK and its scenario)", [str(BIN / "mypy"), "--strict", "--no-incremental",
                                                         str(SDKS / "python" / "switchboard_client"), str(SDKS / "tests" / "scenario.py")],
         env={**os.environ, "MYPYPATH": str(SDKS / "python")})
    databases = ["sqlite"]
    if os.environ.get("SWITCHBOARD_TEST_POSTGRES_URL"):
        databases.append("postgres")
    else:
        print("contract: PostgreSQL SKIPPED (SWITCHBOARD_TEST_POSTGRES_URL is not set)", flush=True)
    failed = []
    for database in databases:
        scenarios(database)
        results = schemathesis_run.run(database, examples=int(os.environ.get("SB_CONTRACT_EXAMPLES", "25")))
        failed += [r for r in results if r["exit"] != 0 or r["cases"] < schemathesis_run.MIN_CASES]
    if failed:
        print(f"contract: Schemathesis failed: {failed}", file=sys.stderr)
        return 1
    print("contract: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
