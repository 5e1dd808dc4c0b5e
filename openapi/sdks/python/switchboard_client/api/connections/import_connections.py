from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.import_form import ImportForm
from ...models.import_report import ImportReport
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: ImportForm,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/connections/import",
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ImportReport | Problem:
    if response.status_code == 200:
        response_200 = ImportReport.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ImportReport | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ImportForm,
) -> Response[ImportReport | Problem]:
    """Import connections from a file

     Import an export file into the account (`multipart/form-data`: `file`,
    `passphrase`, `on_conflict`; `from=n8n` for the JSON of `n8n export:credentials
    --all --decrypted`, which needs no passphrase). Every item is reported: created, skipped,
    renamed, replaced or failed with the reason. Importing the same file twice with
    `skip` creates nothing new; the first connection of an app is named `Default`
    (its name in the file goes into its notes). A file that cannot be opened (wrong
    passphrase, damaged, truncated) imports nothing: 422 `import_unreadable`.
    Account administrators; apps missing from the catalog are added only for a
    system administrator. Audited.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        body (ImportForm): `POST /api/v1/connections/import` (`multipart/form-data`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportReport | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ImportForm,
) -> ImportReport | Problem | None:
    """Import connections from a file

     Import an export file into the account (`multipart/form-data`: `file`,
    `passphrase`, `on_conflict`; `from=n8n` for the JSON of `n8n export:credentials
    --all --decrypted`, which needs no passphrase). Every item is reported: created, skipped,
    renamed, replaced or failed with the reason. Importing the same file twice with
    `skip` creates nothing new; the first connection of an app is named `Default`
    (its name in the file goes into its notes). A file that cannot be opened (wrong
    passphrase, damaged, truncated) imports nothing: 422 `import_unreadable`.
    Account administrators; apps missing from the catalog are added only for a
    system administrator. Audited.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        body (ImportForm): `POST /api/v1/connections/import` (`multipart/form-data`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportReport | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ImportForm,
) -> Response[ImportReport | Problem]:
    """Import connections from a file

     Import an export file into the account (`multipart/form-data`: `file`,
    `passphrase`, `on_conflict`; `from=n8n` for the JSON of `n8n export:credentials
    --all --decrypted`, which needs no passphrase). Every item is reported: created, skipped,
    renamed, replaced or failed with the reason. Importing the same file twice with
    `skip` creates nothing new; the first connection of an app is named `Default`
    (its name in the file goes into its notes). A file that cannot be opened (wrong
    passphrase, damaged, truncated) imports nothing: 422 `import_unreadable`.
    Account administrators; apps missing from the catalog are added only for a
    system administrator. Audited.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        body (ImportForm): `POST /api/v1/connections/import` (`multipart/form-data`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportReport | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ImportForm,
) -> ImportReport | Problem | None:
    """Import connections from a file

     Import an export file into the account (`multipart/form-data`: `file`,
    `passphrase`, `on_conflict`; `from=n8n` for the JSON of `n8n export:credentials
    --all --decrypted`, which needs no passphrase). Every item is reported: created, skipped,
    renamed, replaced or failed with the reason. Importing the same file twice with
    `skip` creates nothing new; the first connection of an app is named `Default`
    (its name in the file goes into its notes). A file that cannot be opened (wrong
    passphrase, damaged, truncated) imports nothing: 422 `import_unreadable`.
    Account administrators; apps missing from the catalog are added only for a
    system administrator. Audited.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        body (ImportForm): `POST /api/v1/connections/import` (`multipart/form-data`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportReport | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
