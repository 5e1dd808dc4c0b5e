from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    id: UUID,
    path: str,
    *,
    body: File | Unset = UNSET,
    switchboard_max_wait: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(switchboard_max_wait, Unset):
        headers["Switchboard-Max-Wait"] = str(switchboard_max_wait)

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/connections/{id}/proxy/{path}".format(
            id=quote(str(id), safe=""),
            path=quote(str(path), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["content"] = body.payload
    headers["Content-Type"] = "*/*"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem:
    if response.status_code == 200:
        response_200 = cast(Any, response.content)
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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = Problem.from_dict(response.json())

        return response_504

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    path: str,
    *,
    client: AuthenticatedClient,
    body: File | Unset = UNSET,
    switchboard_max_wait: int | Unset = UNSET,
) -> Response[Any | Problem]:
    """Proxy a PATCH to the app

     Call the app's API through the connection: method, path, query, headers and body
    are forwarded to the app's base URL with the credentials injected; the caller's
    own `Authorization` and cookies are not. Needs the API-key scope `proxy`; the
    owning account and accounts the connection is shared with may call it.

    Every call passes the connection's rate limit (`RateLimit-Limit`,
    `RateLimit-Remaining`, `RateLimit-Reset`, `RateLimit-Policy` on the answer). Over
    the limit: 429 with `Retry-After`, or with `Switchboard-Max-Wait: <ms>` the call
    waits for its slot up to that long (at most 60 s). An OAuth app's 401 is answered by
    one token refresh and one retry (bodies up to 1 MiB). The upstream's status,
    headers (hop-by-hop and `Set-Cookie` removed) and body come back; injected secrets
    echoed by the upstream are replaced by `[redacted]`.

    API keys need the scope `proxy`.

    Args:
        id (UUID):
        path (str):
        switchboard_max_wait (int | Unset):
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        path=path,
        body=body,
        switchboard_max_wait=switchboard_max_wait,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    path: str,
    *,
    client: AuthenticatedClient,
    body: File | Unset = UNSET,
    switchboard_max_wait: int | Unset = UNSET,
) -> Any | Problem | None:
    """Proxy a PATCH to the app

     Call the app's API through the connection: method, path, query, headers and body
    are forwarded to the app's base URL with the credentials injected; the caller's
    own `Authorization` and cookies are not. Needs the API-key scope `proxy`; the
    owning account and accounts the connection is shared with may call it.

    Every call passes the connection's rate limit (`RateLimit-Limit`,
    `RateLimit-Remaining`, `RateLimit-Reset`, `RateLimit-Policy` on the answer). Over
    the limit: 429 with `Retry-After`, or with `Switchboard-Max-Wait: <ms>` the call
    waits for its slot up to that long (at most 60 s). An OAuth app's 401 is answered by
    one token refresh and one retry (bodies up to 1 MiB). The upstream's status,
    headers (hop-by-hop and `Set-Cookie` removed) and body come back; injected secrets
    echoed by the upstream are replaced by `[redacted]`.

    API keys need the scope `proxy`.

    Args:
        id (UUID):
        path (str):
        switchboard_max_wait (int | Unset):
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        id=id,
        path=path,
        client=client,
        body=body,
        switchboard_max_wait=switchboard_max_wait,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    path: str,
    *,
    client: AuthenticatedClient,
    body: File | Unset = UNSET,
    switchboard_max_wait: int | Unset = UNSET,
) -> Response[Any | Problem]:
    """Proxy a PATCH to the app

     Call the app's API through the connection: method, path, query, headers and body
    are forwarded to the app's base URL with the credentials injected; the caller's
    own `Authorization` and cookies are not. Needs the API-key scope `proxy`; the
    owning account and accounts the connection is shared with may call it.

    Every call passes the connection's rate limit (`RateLimit-Limit`,
    `RateLimit-Remaining`, `RateLimit-Reset`, `RateLimit-Policy` on the answer). Over
    the limit: 429 with `Retry-After`, or with `Switchboard-Max-Wait: <ms>` the call
    waits for its slot up to that long (at most 60 s). An OAuth app's 401 is answered by
    one token refresh and one retry (bodies up to 1 MiB). The upstream's status,
    headers (hop-by-hop and `Set-Cookie` removed) and body come back; injected secrets
    echoed by the upstream are replaced by `[redacted]`.

    API keys need the scope `proxy`.

    Args:
        id (UUID):
        path (str):
        switchboard_max_wait (int | Unset):
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        path=path,
        body=body,
        switchboard_max_wait=switchboard_max_wait,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    path: str,
    *,
    client: AuthenticatedClient,
    body: File | Unset = UNSET,
    switchboard_max_wait: int | Unset = UNSET,
) -> Any | Problem | None:
    """Proxy a PATCH to the app

     Call the app's API through the connection: method, path, query, headers and body
    are forwarded to the app's base URL with the credentials injected; the caller's
    own `Authorization` and cookies are not. Needs the API-key scope `proxy`; the
    owning account and accounts the connection is shared with may call it.

    Every call passes the connection's rate limit (`RateLimit-Limit`,
    `RateLimit-Remaining`, `RateLimit-Reset`, `RateLimit-Policy` on the answer). Over
    the limit: 429 with `Retry-After`, or with `Switchboard-Max-Wait: <ms>` the call
    waits for its slot up to that long (at most 60 s). An OAuth app's 401 is answered by
    one token refresh and one retry (bodies up to 1 MiB). The upstream's status,
    headers (hop-by-hop and `Set-Cookie` removed) and body come back; injected secrets
    echoed by the upstream are replaced by `[redacted]`.

    API keys need the scope `proxy`.

    Args:
        id (UUID):
        path (str):
        switchboard_max_wait (int | Unset):
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            path=path,
            client=client,
            body=body,
            switchboard_max_wait=switchboard_max_wait,
        )
    ).parsed
