from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.create_webhook_request import CreateWebhookRequest
from ...models.created_webhook import CreatedWebhook
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: CreateWebhookRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/webhooks",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CreatedWebhook | Problem:
    if response.status_code == 201:
        response_201 = CreatedWebhook.from_dict(response.json())

        return response_201

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
) -> Response[CreatedWebhook | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateWebhookRequest,
) -> Response[CreatedWebhook | Problem]:
    """Add a webhook

     Add a webhook endpoint. Events of the chosen types (all when `event_types` is
    omitted or `["*"]`) are POSTed to `url`, signed the Standard Webhooks way with
    the secret in the answer, which is shown only this once. A URL whose host is a
    private, loopback or link-local address is refused unless the operator allows
    it (`SWITCHBOARD_ALLOWED_PRIVATE_HOSTS`).

    API keys need the scope `webhooks`.

    Args:
        body (CreateWebhookRequest): `POST /api/v1/webhooks`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatedWebhook | Problem]
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
    body: CreateWebhookRequest,
) -> CreatedWebhook | Problem | None:
    """Add a webhook

     Add a webhook endpoint. Events of the chosen types (all when `event_types` is
    omitted or `["*"]`) are POSTed to `url`, signed the Standard Webhooks way with
    the secret in the answer, which is shown only this once. A URL whose host is a
    private, loopback or link-local address is refused unless the operator allows
    it (`SWITCHBOARD_ALLOWED_PRIVATE_HOSTS`).

    API keys need the scope `webhooks`.

    Args:
        body (CreateWebhookRequest): `POST /api/v1/webhooks`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatedWebhook | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateWebhookRequest,
) -> Response[CreatedWebhook | Problem]:
    """Add a webhook

     Add a webhook endpoint. Events of the chosen types (all when `event_types` is
    omitted or `["*"]`) are POSTed to `url`, signed the Standard Webhooks way with
    the secret in the answer, which is shown only this once. A URL whose host is a
    private, loopback or link-local address is refused unless the operator allows
    it (`SWITCHBOARD_ALLOWED_PRIVATE_HOSTS`).

    API keys need the scope `webhooks`.

    Args:
        body (CreateWebhookRequest): `POST /api/v1/webhooks`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatedWebhook | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CreateWebhookRequest,
) -> CreatedWebhook | Problem | None:
    """Add a webhook

     Add a webhook endpoint. Events of the chosen types (all when `event_types` is
    omitted or `["*"]`) are POSTed to `url`, signed the Standard Webhooks way with
    the secret in the answer, which is shown only this once. A URL whose host is a
    private, loopback or link-local address is refused unless the operator allows
    it (`SWITCHBOARD_ALLOWED_PRIVATE_HOSTS`).

    API keys need the scope `webhooks`.

    Args:
        body (CreateWebhookRequest): `POST /api/v1/webhooks`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatedWebhook | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
