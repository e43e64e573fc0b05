"""serve's connection limit on its own, step by step: which connection makes room for a newcomer.

The real server is flooded in tests/integration/test_serve_flood.py; here the order is checked exactly.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

from assessor.commands.serve_guard import MOST_TOLD, ConnectionLimit, Connections


class Handler:
    """A stand-in for aiohttp's RequestHandler: a name, and whether it was closed."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.closed = False
        self.transport = None

    def force_close(self) -> None:
        self.closed = True

    def __repr__(self) -> str:
        return self.name


class Server:
    """A stand-in for aiohttp's low-level server: the connections set up, oldest first."""

    def __init__(self) -> None:
        self.connections: list[Handler] = []
        self.made = 0

    def __call__(self) -> Handler:
        self.made += 1
        return Handler(f"c{self.made}")


def arrive(limit: ConnectionLimit, server: Server) -> Handler:
    """One newcomer made and set up, then counted (as the event loop does it, a turn apart)."""

    async def made() -> Handler:
        handler = cast(Handler, limit())
        server.connections.append(handler)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        return handler

    return asyncio.run(made())


def test_the_oldest_stranger_makes_room_and_token_holders_never_do() -> None:
    server, state = Server(), Connections()
    limit = ConnectionLimit(cast(Any, server), 3, state)
    first, second, third = (arrive(limit, server) for _ in range(3))
    state.trusted.add(cast(Any, first))  # first showed the token
    assert not any(handler.closed for handler in (first, second, third))
    fourth = arrive(limit, server)
    assert second.closed and not first.closed and not third.closed and not fourth.closed
    server.connections.remove(second)  # closed connections leave the server's list
    fifth = arrive(limit, server)
    assert third.closed and not first.closed and not fourth.closed and not fifth.closed


def test_when_every_other_connection_showed_the_token_the_newcomer_is_told_then_closed() -> None:
    server, state = Server(), Connections()
    limit = ConnectionLimit(cast(Any, server), 2, state)
    holders = [arrive(limit, server) for _ in range(2)]
    state.trusted.update(cast(Any, holders))
    told = [arrive(limit, server) for _ in range(MOST_TOLD)]
    assert all(not handler.closed for handler in told)
    assert set(state.turned_away) == set(cast(Any, told))  # each request gets the 503
    beyond = arrive(limit, server)
    assert beyond.closed  # no more waiting to be told: closed at once
    assert not any(handler.closed for handler in holders)
