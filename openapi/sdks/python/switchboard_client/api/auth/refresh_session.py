from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.token_response import TokenResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    sb_refresh: str | Unset = UNSET,
) -> dict[str, Any]:

    cookies = {}
    if sb_refresh is not UNSET:
        cookies["sb_refresh"] = sb_refresh

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/refresh",
        "cookies": cookies,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | TokenResponse:
    if response.status_code == 200:
        response_200 = TokenResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[Problem | TokenResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    sb_refresh: str | Unset = UNSET,
) -> Response[Problem | TokenResponse]:
    """Refresh the session

     Exchange the refresh-token cookie for a new access token.

    The refresh token rotates on every use; presenting a used one again revokes
    its whole family (all tokens descended from the same sign-in).

    Args:
        sb_refresh (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TokenResponse]
    """

    kwargs = _get_kwargs(
        sb_refresh=sb_refresh,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    sb_refresh: str | Unset = UNSET,
) -> Problem | TokenResponse | None:
    """Refresh the session

     Exchange the refresh-token cookie for a new access token.

    The refresh token rotates on every use; presenting a used one again revokes
    its whole family (all tokens descended from the same sign-in).

    Args:
        sb_refresh (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TokenResponse
    """

    return sync_detailed(
        client=client,
        sb_refresh=sb_refresh,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    sb_refresh: str | Unset = UNSET,
) -> Response[Problem | TokenResponse]:
    """Refresh the session

     Exchange the refresh-token cookie for a new access token.

    The refresh token rotates on every use; presenting a used one again revokes
    its whole family (all tokens descended from the same sign-in).

    Args:
        sb_refresh (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TokenResponse]
    """

    kwargs = _get_kwargs(
        sb_refresh=sb_refresh,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    sb_refresh: str | Unset = UNSET,
) -> Problem | TokenResponse | None:
    """Refresh the session

     Exchange the refresh-token cookie for a new access token.

    The refresh token rotates on every use; presenting a used one again revokes
    its whole family (all tokens descended from the same sign-in).

    Args:
        sb_refresh (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TokenResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            sb_refresh=sb_refresh,
        )
    ).parsed
