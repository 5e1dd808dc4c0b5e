"""One user journey through the generated Python SDK (openapi-python-client),
against a running server: SB_BASE, SB_EMAIL, SB_PASSWORD, SB_APP (an API-key app
whose upstream echoes requests) come from tests/run.py."""

from __future__ import annotations

import io
import json
import os
from typing import TypeVar
from uuid import UUID

from switchboard_client import AuthenticatedClient, Client
from switchboard_client.api.api_keys import create_api_key
from switchboard_client.api.apps import list_apps
from switchboard_client.api.audit import list_audit_events
from switchboard_client.api.auth import login
from switchboard_client.api.automations import create_automation
from switchboard_client.api.connections import (
    create_connection,
    delete_connection,
    get_connection,
    list_connections,
    proxy_connection_post,
    reveal_connection,
    update_connection,
)
from switchboard_client.models import (
    ApiScope,
    Connection,
    ConnectionPage,
    CreateApiKeyRequest,
    CreateAutomationRequest,
    CreateConnectionRequest,
    CreateConnectionRequestFields,
    LoginRequest,
    Problem,
    RevealRequest,
    UpdateConnectionRequest,
)
from switchboard_client.types import UNSET, File, Response

T = TypeVar("T")

BASE = os.environ["SB_BASE"]
EMAIL = os.environ["SB_EMAIL"]
PASSWORD = os.environ["SB_PASSWORD"]
APP = os.environ["SB_APP"]


def ok(r: Response[T | Problem], status: int, kind: type[T]) -> T:
    assert r.status_code == status, (r.status_code, r.content)
    assert isinstance(r.parsed, kind), r.parsed
    return r.parsed


def problem(r: Response[T | Problem], status: int, code: str) -> None:
    assert r.status_code == status, (r.status_code, r.content)
    assert isinstance(r.parsed, Problem) and r.parsed.code == code, r.parsed


def main() -> None:
    signed_in = login.sync_detailed(client=Client(base_url=BASE), body=LoginRequest(email=EMAIL, password=PASSWORD))
    assert signed_in.status_code == 200 and signed_in.parsed is not None and not isinstance(signed_in.parsed, Problem)
    sb = AuthenticatedClient(base_url=BASE, token=signed_in.parsed.access_token)

    apps = list_apps.sync(client=sb)
    assert apps is not None and not isinstance(apps, Problem)
    assert any(a.slug == APP for a in apps.items)

    def create(name: str, token: str, test: bool = True) -> Connection:
        body = CreateConnectionRequest(app=APP, name=name, fields=CreateConnectionRequestFields.from_dict({"api_token": token}), test=test)
        return ok(create_connection.sync_detailed(client=sb, body=body), 201, Connection)

    first = create("Team", "good-team")
    sales = create("Sales", "good-sales")
    assert first.name == "Default"

    found = ok(list_connections.sync_detailed(client=sb, q="sales"), 200, ConnectionPage)
    assert [c.id for c in found.items][:1] == [sales.id]

    for i in range(118):
        create(f"Bulk {i}", "good-bulk", test=False)
    seen: set[UUID] = set()
    cursor: str | None = None
    pages = 0
    while True:
        page = ok(list_connections.sync_detailed(client=sb, limit=50, cursor=cursor or UNSET), 200, ConnectionPage)
        seen.update(c.id for c in page.items)
        pages += 1
        next_cursor = page.next_cursor
        if not isinstance(next_cursor, str):
            break
        cursor = next_cursor
    assert (len(seen), pages) == (120, 3), (len(seen), pages)

    read = get_connection.sync_detailed(sales.id, client=sb)
    etag = read.headers["etag"]
    patched = ok(update_connection.sync_detailed(sales.id, client=sb, body=UpdateConnectionRequest(notes="Quarterly exports"), if_match=etag), 200, Connection)
    assert patched.notes == "Quarterly exports"
    problem(update_connection.sync_detailed(sales.id, client=sb, body=UpdateConnectionRequest(notes="late"), if_match=etag), 412, "version_mismatch")

    revealed = reveal_connection.sync_detailed(sales.id, client=sb, body=RevealRequest(password=PASSWORD))
    assert revealed.status_code == 200 and revealed.parsed is not None and not isinstance(revealed.parsed, Problem)
    assert revealed.parsed.fields["api_token"] == "good-sales"

    key = create_api_key.sync_detailed(client=sb, body=CreateApiKeyRequest(name="sdk", scopes=[ApiScope.PROXY], current_password=PASSWORD))
    assert key.status_code == 201 and key.parsed is not None and not isinstance(key.parsed, Problem)
    machine = AuthenticatedClient(base_url=BASE, token=key.parsed.key)
    payload = File(payload=io.BytesIO(json.dumps({"hello": "world"}).encode()), mime_type="application/json")
    proxied = proxy_connection_post.sync_detailed(sales.id, "v1/items/42", client=machine, body=payload)
    assert proxied.status_code == 200, proxied.content
    assert json.loads(proxied.content) == {"method": "POST", "path": "/v1/items/42", "body": {"hello": "world"}}

    audit = list_audit_events.sync(client=sb, connection_id=sales.id)
    assert audit is not None and not isinstance(audit, Problem)
    assert any(e.action == "connection.reveal" for e in audit.items)

    automation = create_automation.sync_detailed(client=sb, body=CreateAutomationRequest(name="Nightly sync", connection_ids=[sales.id]))
    assert automation.status_code == 201, automation.content
    problem(delete_connection.sync_detailed(sales.id, client=sb), 409, "connection_in_use")
    deleted = delete_connection.sync_detailed(sales.id, client=sb, force=True)
    assert deleted.status_code == 200 and deleted.parsed is not None and not isinstance(deleted.parsed, Problem)
    assert len(deleted.parsed.paused_automations) == 1
    print("python sdk: scenario passed")


if __name__ == "__main__":
    main()
