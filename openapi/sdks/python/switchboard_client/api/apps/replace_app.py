from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.app_definition import AppDefinition
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    slug: str,
    *,
    body: AppDefinition,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/apps/{slug}".format(
            slug=quote(str(slug), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AppDefinition | Problem:
    if response.status_code == 200:
        response_200 = AppDefinition.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[AppDefinition | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    body: AppDefinition,
) -> Response[AppDefinition | Problem]:
    """Replace an app's definition

     Replace an app's definition (system administrators). For a built-in app this
    stores a modified copy that wins over the shipped one.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        slug (str):
        body (AppDefinition): An app definition: the catalog's data-file format, also accepted by
            `POST /api/v1/apps` and `PUT /api/v1/apps/{slug}` and returned by `GET
            /api/v1/apps/{slug}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AppDefinition | Problem]
    """

    kwargs = _get_kwargs(
        slug=slug,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    *,
    client: AuthenticatedClient,
    body: AppDefinition,
) -> AppDefinition | Problem | None:
    """Replace an app's definition

     Replace an app's definition (system administrators). For a built-in app this
    stores a modified copy that wins over the shipped one.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        slug (str):
        body (AppDefinition): An app definition: the catalog's data-file format, also accepted by
            `POST /api/v1/apps` and `PUT /api/v1/apps/{slug}` and returned by `GET
            /api/v1/apps/{slug}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AppDefinition | Problem
    """

    return sync_detailed(
        slug=slug,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    body: AppDefinition,
) -> Response[AppDefinition | Problem]:
    """Replace an app's definition

     Replace an app's definition (system administrators). For a built-in app this
    stores a modified copy that wins over the shipped one.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        slug (str):
        body (AppDefinition): An app definition: the catalog's data-file format, also accepted by
            `POST /api/v1/apps` and `PUT /api/v1/apps/{slug}` and returned by `GET
            /api/v1/apps/{slug}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AppDefinition | Problem]
    """

    kwargs = _get_kwargs(
        slug=slug,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient,
    body: AppDefinition,
) -> AppDefinition | Problem | None:
    """Replace an app's definition

     Replace an app's definition (system administrators). For a built-in app this
    stores a modified copy that wins over the shipped one.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        slug (str):
        body (AppDefinition): An app definition: the catalog's data-file format, also accepted by
            `POST /api/v1/apps` and `PUT /api/v1/apps/{slug}` and returned by `GET
            /api/v1/apps/{slug}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AppDefinition | Problem
    """

    return (
        await asyncio_detailed(
            slug=slug,
            client=client,
            body=body,
        )
    ).parsed
