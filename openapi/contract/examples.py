"""Every example in openapi.json is valid against the schema it illustrates: schema
examples, and the examples of request bodies, parameters and answers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC = Path(__file__).resolve().parents[1] / "openapi.json"
BASE = "urn:switchboard:openapi"


def main() -> int:
    doc = json.loads(SPEC.read_text())
    registry = Registry().with_resource(BASE, Resource.from_contents(doc, default_specification=DRAFT202012))

    def check(schema: dict, example: object, where: str) -> list[str]:
        v = Draft202012Validator(_rebase(schema), registry=registry)
        return [f"{where}: {e.message} at {list(e.absolute_path)}" for e in v.iter_errors(example)]

    problems: list[str] = []
    count = 0
    for name, schema in doc["components"]["schemas"].items():
        for ex in _examples(schema):
            count += 1
            problems += check(schema, ex, f"schema {name}")
    for path, item in doc["paths"].items():
        for method, op in item.items():
            where = f"{method.upper()} {path}"
            media = [("request", c) for c in op.get("requestBody", {}).get("content", {}).values()]
            for status, r in op["responses"].items():
                media += [(status, c) for c in r.get("content", {}).values()]
            for label, c in media:
                if "schema" not in c:
                    continue
                for ex in _examples(c):
                    count += 1
                    problems += check(c["schema"], ex, f"{where} {label}")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"examples: {count} checked, {len(problems)} invalid")
    return 1 if problems or count == 0 else 0


def _examples(holder: dict) -> list[object]:
    out = []
    if "example" in holder:
        out.append(holder["example"])
    ex = holder.get("examples")
    if isinstance(ex, list):
        out += ex
    elif isinstance(ex, dict):
        out += [e["value"] for e in ex.values() if isinstance(e, dict) and "value" in e]
    return out


def _rebase(schema: object) -> object:
    """Local `#/components/...` references, pointed at the document in the registry."""
    if isinstance(schema, dict):
        return {k: (BASE + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else _rebase(v))
                for k, v in schema.items()}
    if isinstance(schema, list):
        return [_rebase(x) for x in schema]
    return schema


if __name__ == "__main__":
    sys.exit(main())
