"""Generates the SDKs from openapi/openapi.json: TypeScript types for openapi-fetch
(openapi-typescript) in sdks/typescript/src/schema.ts, and a Python package
(openapi-python-client) in sdks/python. Never edit those files by hand.

    python3 openapi/sdks/generate.py           # regenerate in place
    python3 openapi/sdks/generate.py --check   # fail when the committed SDKs are stale
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

OPENAPI = Path(__file__).resolve().parents[1]
SPEC = OPENAPI / "openapi.json"
SDKS = OPENAPI / "sdks"
VENV_BIN = OPENAPI / ".venv" / "bin"


def generate(into: Path) -> None:
    """Both SDKs under `into` (typescript/src/schema.ts, python/)."""
    (into / "typescript" / "src").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [str(OPENAPI / "node_modules" / ".bin" / "openapi-typescript"), str(SPEC),
         "-o", str(into / "typescript" / "src" / "schema.ts"), "--silent"],
        check=True,
    )
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run(
        [str(VENV_BIN / "openapi-python-client"), "generate", "--path", str(SPEC),
         "--config", str(SDKS / "python-config.yaml"), "--meta", "setup",
         "--output-path", str(into / "python"), "--overwrite"],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(into / "python" / ".ruff_cache", ignore_errors=True)


def differences(a: Path, b: Path) -> list[str]:
    cmp = filecmp.dircmp(a, b, ignore=["__pycache__", ".ruff_cache"])
    out = [str(Path(a, n)) for n in cmp.left_only + cmp.right_only + cmp.diff_files]
    for sub in cmp.common_dirs:
        out += differences(a / sub, b / sub)
    return out


def main() -> int:
    if "--check" not in sys.argv:
        generate(SDKS)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        generate(fresh)
        stale = differences(SDKS / "python", fresh / "python")
        if not filecmp.cmp(SDKS / "typescript" / "src" / "schema.ts",
                           fresh / "typescript" / "src" / "schema.ts", shallow=False):
            stale.append("typescript/src/schema.ts")
    if stale:
        print("sdks: stale, run `just sdks` and commit:", *stale, sep="\n  ", file=sys.stderr)
        return 1
    print("sdks: openapi/sdks matches openapi/openapi.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
