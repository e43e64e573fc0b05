"""Who may use `assessor serve`: a per-run token and the served address, checked before textual-serve answers.

textual-serve has no login, and its websocket accepts any Origin, so a page open in the counsellor's browser
could drive the app and read client sessions off the stream. Every request must therefore:

- name the served address in its Host header (a DNS-rebinding page names its own host);
- come from the served origin when it says where it comes from (browsers always say so on websockets);
- carry the run's token: in the URL (`?token=...`, printed at start, as notebook servers do), or in an
  `Authorization: Bearer` header (scripts); the page's own websocket carries a one-time ticket instead.

No cookie is ever set. A browser sends a host's cookies to every port of that host, so a token cookie from
`localhost:8000` went to any other local web app the counsellor opened (`localhost:3000`), which could replay it.
The token lives only where an origin (scheme, host and port) keeps it: the address, and the tab's
sessionStorage, from which a reload picks it up again. The page's static files (textual-serve's own script,
styles and fonts) are answered without the token, still only to the served Host and Origin: the page loads them
with plain <script> and <link> tags, which carry no token. They reveal nothing: they are the files of the
textual-serve package as published, read into memory at start from its folder (regular files only, never a
link), and answered only by their exact names: no directory listing, and no path (`..`, `%2e%2e`, a backslash,
an absolute path, a NUL) can name anything else. A download needs its key, a random one the app made for that
page.

Nobody without the token may hold the server's attention either. A connection must finish its request within
REQUEST_SECONDS (and one idle that long after an answer is closed); headers are bounded in number and size; no
route takes a body; a refused request closes its connection; and at most `most_connections` are open at once:
beyond that, the oldest connection that has not shown the token is closed to make room (a slowloris flood
of half-sent requests cannot keep a counsellor out), and a newcomer is turned away only when every open
connection is one that showed the token. A websocket is opened only after the token or a ticket was checked.

The checks are aiohttp middleware and a connection limit put around textual-serve's own handlers (no fork of
textual-serve).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import mimetypes
import os
import re
import secrets
import signal
import stat
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from aiohttp.web_protocol import RequestHandler
from aiohttp.web_server import Server as ConnectionServer
from textual_serve.app_service import AppService
from textual_serve.server import Server

from assessor.core.errors import AssessorError

TOKEN_PARAMETER = "token"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_\-.~]{16,128}")
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_token() -> str:
    return secrets.token_urlsafe(32)


def check_token_text(token: str, given_in: str = "--token") -> str:
    """A token a person chose (with --token or in ASSESSOR_SERVE_TOKEN): long enough to guess never, and safe
    in a URL. The error names where it was given, never the token itself."""
    if not TOKEN_PATTERN.fullmatch(token):
        raise AssessorError(
            f"{given_in} must be 16 to 128 characters of letters, digits, '-', '_', '.' or '~' "
            "(leave it out to get a random one)"
        )
    return token


# One DNS label: letters, digits, underscores (container names) and inner hyphens; a host name is labels
# joined by dots, at most 253 characters.
_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?")


def check_host(host: str, what: str = "--host") -> str:
    """A host to listen on or to accept: an IP address (IPv6 with or without brackets) or a DNS name.

    Anything else (a bracket or slash that would bend the printed URL, a space, an escape sequence that would
    reach the terminal in a warning, an empty name) is refused with one sentence before anything starts.
    """
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        ipaddress.ip_address(bare)
        return host
    except ValueError:
        pass
    name = host.removesuffix(".")
    if 0 < len(name) <= 253 and all(_LABEL.fullmatch(label) for label in name.split(".")):
        return host
    raise AssessorError(
        f"{what} {host!r} is not a host name or an IP address (such as 127.0.0.1, ::1 or assessor.example.org)"
    )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    """A host as written in a URL (IPv6 in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of a URL, lower-cased, default ports dropped; refuses what is not http(s)."""
    try:
        parts = urlsplit(url.strip())
        hostname, port = parts.hostname, parts.port
    except ValueError:
        raise AssessorError(f"{url!r} is not an http:// or https:// address with a numeric port") from None
    if parts.scheme.lower() not in ("http", "https") or not hostname:
        raise AssessorError(f"{url!r} is not an http:// or https:// address")
    if parts.username is not None or parts.password is not None:
        raise AssessorError(f"{url!r}: an origin holds no user name or password")
    check_host(hostname, f"the host of {url!r}")
    scheme = parts.scheme.lower()
    host = url_host(hostname.lower())
    if port is None or (scheme, port) in (("http", 80), ("https", 443)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def host_header_of(origin: str) -> str:
    """The Host header a browser sends for an origin (no default port)."""
    return origin.split("://", 1)[1]


@dataclass(frozen=True)
class Access:
    """What a request must show: one of these origins, one of their hosts, and the token (unless None)."""

    origins: frozenset[str]
    token: str | None
    port: int
    secure: bool  # served through https (a --public-url): websocket addresses are wss://

    @property
    def hosts(self) -> frozenset[str]:
        return frozenset(host_header_of(origin) for origin in self.origins)


def access_for(
    host: str, port: int, token: str | None, public_url: str | None = None, extra_origins: Iterable[str] = ()
) -> Access:
    """The origins allowed for a server bound to host:port (loopback names are interchangeable)."""
    names = LOOPBACK_NAMES if is_loopback(host) else (url_host(host.lower()),)
    origins = {origin_of(f"http://{name}:{port}") for name in names}
    secure = False
    if public_url:
        public = origin_of(public_url)
        origins.add(public)
        secure = public.startswith("https://")
    origins.update(origin_of(origin) for origin in extra_origins)
    return Access(frozenset(origins), token, port, secure)


TICKET_SECONDS = 60.0
MAX_TICKETS = 256


class Tickets:
    """One-time tickets for the websocket address of a page just served: each opens one websocket, within a
    minute of the page. At most MAX_TICKETS are open (a page that is never connected lets its ticket lapse)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.open: dict[str, float] = {}

    def issue(self) -> str:
        now = self.clock()
        for ticket in [ticket for ticket, until in self.open.items() if until < now]:
            del self.open[ticket]
        while len(self.open) >= MAX_TICKETS:
            del self.open[next(iter(self.open))]
        ticket = secrets.token_urlsafe(32)
        self.open[ticket] = now + TICKET_SECONDS
        return ticket

    def take(self, ticket: str) -> bool:
        until = self.open.pop(ticket, None)
        return until is not None and until >= self.clock()


def given_token(request: web.Request) -> str | None:
    """The token a request shows: `?token=` in its address, or an `Authorization: Bearer` header."""
    if TOKEN_PARAMETER in request.query:
        return request.query[TOKEN_PARAMETER]
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def holds_access(request: web.Request, access: Access, tickets: Tickets) -> bool:
    """Whether a request (Host and Origin already checked) may reach textual-serve."""
    if access.token is None:
        return True
    given = given_token(request)
    if given is not None:
        return secrets.compare_digest(given.encode("utf-8", "replace"), access.token.encode("utf-8"))
    ticket = request.match_info.get("ticket")
    if ticket is not None:
        return tickets.take(ticket)
    route = request.match_info.route.name
    return route in ("static", "download")  # textual-serve's own files; a download's random key


def target_authority(request: web.Request) -> str | None:
    """The host a request's target names itself (`GET http://evil.example/ HTTP/1.1`, which no browser sends
    to a server but a client or a proxy may), lower-cased; None for the usual `GET /path`. aiohttp takes the
    request's host from such a target, so one naming another host must not pass on the Host header's word."""
    target = request.raw_path
    if target.startswith("/"):
        return None
    try:
        return urlsplit(target).netloc.lower()
    except ValueError:
        return ""


def served_host(request: web.Request) -> str:
    """The Host header as the guard checked it: what the page's own addresses (its websocket, its content
    policy) are built from, never aiohttp's request.host, which a request's target can change."""
    host = (request.headers.get("Host") or "").strip()
    return host if _HOST_HEADER.fullmatch(host) else ""


_HOST_HEADER = re.compile(r"[A-Za-z0-9._\-]+(?::\d{1,5})?|\[[0-9A-Fa-f:.]+\](?::\d{1,5})?")


def refusal(request: web.Request, access: Access, tickets: Tickets) -> str | None:
    """Why this request is refused, or None when it may reach textual-serve."""
    host = (request.headers.get("Host") or "").strip().lower()
    if host not in access.hosts or target_authority(request) not in (None, host):
        return "this server answers only at its own address"
    origin = request.headers.get("Origin")
    if origin is not None:
        try:
            allowed = origin_of(origin) in access.origins
        except AssessorError:
            allowed = False
        if not allowed:
            return "requests from other sites are refused"
    if not holds_access(request, access, tickets):
        return "open the address with the token that `assessor serve` printed"
    return None


# The tab's copy of the token (sessionStorage is kept per origin, port included, and per tab, for reloads).
STORED_TOKEN = "assessor-token"


def keep_token_script(token: str) -> str:
    """On the page: keep the token in this tab's sessionStorage and take it out of the address bar (a shared
    screen, a screenshot, the address a person copies). The token is letters, digits and -._~ only."""
    return (
        "<script>try{"
        f'sessionStorage.setItem("{STORED_TOKEN}","{token}");'
        f'sessionStorage.removeItem("{STORED_TOKEN}-tried");'
        "var q=new URLSearchParams(location.search);"
        f'q.delete("{TOKEN_PARAMETER}");'
        'var s=q.toString();history.replaceState(null,"",location.pathname+(s?"?"+s:""));'
        "}catch(e){}</script>"
    )


def forbidden_page(reason: str) -> str:
    """A refused page: the reason, and a script that reopens "/" once with the tab's kept token (a reload, or
    textual-serve's Restart button, arrives without it); once only, so a stale token does not loop."""
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>assessor</title></head><body>'
        f"<p>assessor: forbidden: {reason}</p>"
        "<script>try{"
        f'var k="{STORED_TOKEN}",t=sessionStorage.getItem(k),n=Date.now(),'
        'last=Number(sessionStorage.getItem(k+"-tried")||0);'
        'if(t&&location.pathname==="/"&&n-last>10000){sessionStorage.setItem(k+"-tried",String(n));'
        f'var q=new URLSearchParams(location.search);q.set("{TOKEN_PARAMETER}",t);'
        'location.replace("/?"+q.toString());}'
        "}catch(e){}</script></body></html>\n"
    )


def content_policy(host: str) -> str:
    """What the page may load and where it may connect: only this server (its scripts, styles, fonts and
    websocket), never a frame around it, a form post elsewhere or a remote font (textual-serve's page asks
    Google for one: a visit would tell Google the app is open). Inline script stays: the page relies on it."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            f"connect-src 'self' ws://{host} wss://{host}" if host else "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "object-src 'none'",
        ]
    )


def secured(response: web.StreamResponse, request: web.Request, secure: bool = False) -> web.StreamResponse:
    """Every answer, refusals and errors included, says: no referrer, no framing, no sniffing, no caching;
    no other site may read it as a resource of its own (a <script> or <img> tag on an attacker's page) or
    keep a handle on the page's window; and it names no server software (aiohttp said its version, which is
    what a scanner looks up). Served through https (--public-url https://...), browsers are told to keep to
    https."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = content_policy(served_host(request))
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    response.headers["Server"] = "assessor"
    if secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


def secured_errors(secure: bool) -> type[RequestHandler]:
    """aiohttp's connection class, but its own answers secured as ours are, and in our words.

    A request aiohttp cannot parse (a bad method or header line, two lengths, too many or too long headers)
    is answered by the connection itself, never by the application, so no middleware sees it: the 400 went
    out without the security headers, and with aiohttp's parser message, which quotes the request's own
    bytes back. A handler that times out (504) or fails (500) is answered the same way. Each now carries the
    headers every other answer carries, and one plain sentence. (The class has no slots of its own, so a
    connection aiohttp made is switched to it in place: ConnectionLimit does that.)"""

    class SecuredErrors(RequestHandler):
        __slots__ = ()

        def handle_error(
            self,
            request: web.BaseRequest,
            status: int = 500,
            exc: BaseException | None = None,
            message: str | None = None,
        ) -> web.StreamResponse:
            super().handle_error(request, status, exc, message)  # logs; refuses once an answer began
            try:
                phrase = HTTPStatus(status).phrase.lower()
            except ValueError:
                phrase = "error"
            response = web.Response(status=status, text=f"assessor: {status}: {phrase}\n")
            response.force_close()
            return secured(response, request, secure)  # type: ignore[arg-type]

    return SecuredErrors


def closing(response: web.Response, request: web.Request, secure: bool = False) -> web.StreamResponse:
    """A refusal, secured, that also ends its connection: whoever is refused gets one answer per connection,
    not a kept-alive connection to send the next attempt on."""
    response.force_close()
    return secured(response, request, secure)


def guard_middleware(access: Access, tickets: Tickets, connections: Connections | None = None) -> Any:
    """The guard; a connection whose request showed the token (or a ticket) is trusted, so the connection
    limit never closes it to make room, and one the limit turned away is answered 503."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if connections is not None and request.protocol in connections.turned_away:
            return closing(web.Response(status=503, text=FULL_HOUSE), request, access.secure)
        if request.method not in ("GET", "HEAD"):
            return closing(
                web.Response(status=405, text="assessor: only GET is answered here\n"), request, access.secure
            )
        if request.body_exists:
            return closing(
                web.Response(status=413, text="assessor: no request here takes a body\n"),
                request,
                access.secure,
            )
        reason = refusal(request, access, tickets)
        if reason is not None:
            upgrade = request.headers.get("Upgrade", "").lower() == "websocket"
            if request.path == "/" and not upgrade and reason.startswith("open the address"):
                page = web.Response(status=403, text=forbidden_page(reason), content_type="text/html")
                return closing(page, request, access.secure)
            return closing(
                web.Response(status=403, text=f"assessor: forbidden: {reason}\n"), request, access.secure
            )
        if connections is not None and (
            access.token is None or given_token(request) is not None or "ticket" in request.match_info
        ):
            connections.trusted.add(request.protocol)
        try:
            response = await handler(request)
        except web.HTTPException as exc:  # 404s and the like: answered with the same headers
            told = exc.status in (429, 503) and exc.text and exc.text.startswith("assessor: ")
            text = exc.text if told and exc.text else f"{exc.status}: {exc.reason}\n"
            return secured(web.Response(status=exc.status, text=text), request, access.secure)
        return secured(response, request, access.secure)

    return guard


DEFAULT_MAX_PAGES = 8


def default_pages_per_client(max_pages: int) -> int:
    """Half the pages (at least one): one client, or one leaked address, cannot take every place."""
    return max(1, max_pages // 2)


def say_line(text: str) -> None:
    """One of serve's own lines on its stderr (one line, escapes shown)."""
    import sys

    from assessor.core.text import one_line

    print(one_line(text), file=sys.stderr, flush=True)


# The largest terminal a page may ask for: a 4K screen in a small font is about 600 x 200 cells. Every cell is
# drawn and streamed, so `?width=100000&height=100000` (or a resize message as large) would have one page's
# app process fill the memory of the server and the network with a screen nobody can see.
MAX_COLUMNS = 1000
MAX_ROWS = 400


def cells(value: object, largest: int, default: int) -> int:
    """A terminal dimension from a page (a query parameter or a resize message): a whole number within
    1..largest, else the default (text, fractions, booleans and negatives are not sizes)."""
    if isinstance(value, str):
        value = int(value) if value.strip().isdigit() and len(value.strip()) <= 6 else None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        return default
    return min(value, largest)


def browser_message(data: str) -> tuple[str, object] | None:
    """A page's websocket message as (kind, payload), or None for anything that is not one: textual-serve
    assumed a well-formed list and logged a traceback for anything else."""
    try:
        envelope = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    return envelope[0], envelope[1] if len(envelope) > 1 else None


class LogLines(logging.Filter):
    """Each line serve logs (textual-serve's and aiohttp's, access lines included): one line, the token never
    written, escapes shown, and no traceback.

    The access log wrote the token of every `?token=` request, so anyone who reads the service's log (journald,
    a container's log) could open the app; a request aiohttp cannot parse was logged as a traceback with its
    local variables (a flood of them for anyone who can reach the port).
    """

    def __init__(self, token: str | None) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        from assessor.core.text import one_line

        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            message = f"{message} ({type(error).__name__}: {error})"
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        if self.token:
            message = message.replace(self.token, "[token]")
        message = _TOKEN_IN_LOG.sub(r"\1[token]", message)
        record.msg = one_line(message)
        record.args = None
        return True


# A token in a query (`?token=`), a bearer header or a cookie an older serve set (`assessor-token-8000=`), and
# a page's websocket ticket (`/ws/...`), whatever their value.
_TOKEN_IN_LOG = re.compile(rf"((?:[?&]{TOKEN_PARAMETER}=|assessor-token-\d+=|Bearer |/ws/))[^&\s;\"'?]+")


# How long a connection may take to send its request (and stay idle after an answer): a browser sends one at
# once; a half-sent request is someone holding the connection open.
REQUEST_SECONDS = 10.0
# Header lines as a browser sends them (the token in the address is short); aiohttp's own default allows 128
# headers of 8 KB each.
MAX_LINE = 8190
MAX_FIELD = 8190
MAX_HEADERS = 48
SHUTDOWN_SECONDS = 5.0
# After answering a request whose body was not read (a refusal), how long its body is read and dropped so the
# client sees the answer, before the connection is closed (aiohttp's default is 10 s).
LINGER_SECONDS = 1.0


def most_connections(max_pages: int) -> int:
    """How many connections may be open at once: each page's websocket, and room for a few browsers loading
    pages (a browser opens up to six connections to a host)."""
    return 32 + 4 * max_pages


FULL_HOUSE = "assessor: too many connections are open; try again soon\n"
MOST_TOLD = 16  # newcomers waiting to be told the house is full; beyond that they are closed at once


class Connections:
    """Who holds the server's connections: those that showed the token (`trusted`, filled by the guard) and
    newcomers to be told the house is full (`turned_away`, answered 503 by the guard)."""

    def __init__(self) -> None:
        self.trusted: set[RequestHandler] = set()
        self.turned_away: set[RequestHandler] = set()
        self.closed: set[RequestHandler] = set()


class ConnectionLimit:
    """aiohttp's protocol factory, keeping at most `most` connections open.

    Over the limit, the oldest open connections that have not shown the token (half-sent requests, idle
    keep-alives, static files, an attacker's) are closed to make room, and newcomers over the limit (when
    every older one has shown the token) have their request answered 503, their connection then closed
    (closing one before its request is read would lose the answer to a reset). The count is taken once a new
    connection is set up (asyncio sets up a burst of accepted connections a turn of the loop after making
    them), so a burst is counted whole.
    """

    def __init__(
        self, server: ConnectionServer, most: int, connections: Connections, secure: bool = False
    ) -> None:
        self.server = server
        self.most = most
        self.connections = connections
        self.handler_class = secured_errors(secure)
        self.arriving: set[RequestHandler] = set()  # made, not yet counted: told, not closed, if over

    def __call__(self) -> asyncio.BaseProtocol:
        made = self.server()
        if type(made) is RequestHandler:  # aiohttp's own (a test's stand-in is left as it is)
            made.__class__ = self.handler_class
        self.arriving.add(made)
        loop = asyncio.get_running_loop()
        loop.call_soon(loop.call_soon, self.enforce, made)  # after its connection_made, queued next
        return made

    def enforce(self, newcomer: RequestHandler) -> None:
        state = self.connections
        connections = self.server.connections  # set up, oldest first
        alive = set(connections)
        state.trusted &= alive
        state.closed &= alive
        state.turned_away &= alive
        held = [one for one in connections if one not in state.closed and one not in state.turned_away]
        excess = len(held) - self.most
        for stranger in [one for one in held if one not in state.trusted][: max(excess, 0)]:
            if stranger in self.arriving and len(state.turned_away) < MOST_TOLD:
                state.turned_away.add(stranger)  # its request gets the 503; silence closes it in time
            else:
                state.closed.add(stranger)
                stranger.force_close()
        self.arriving.discard(newcomer)


# How long a page may go without a key pressed or a resize before it is closed to free its place (each open
# page holds one of --max-pages app processes): a forgotten tab, or anyone with the address, kept it forever.
# Pings, focus and blur do not count: a script can send them in a loop, and a tab left open sends focus.
IDLE_MINUTES = 30.0
IDLE_CLOSE_CODE = 4000  # a close code for applications (4000-4999): the page tells the person why


def minutes_said(minutes: float) -> str:
    """30 -> "30 minutes", 1 -> "1 minute", 0.05 -> "3 seconds"."""
    if minutes >= 1 and float(minutes).is_integer():
        return f"{int(minutes)} minute{'s' if minutes != 1 else ''}"
    seconds = max(1, round(minutes * 60))
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def idle_reason(minutes: float) -> str:
    """Why an idle page was closed, short enough for a websocket close frame (at most 123 bytes)."""
    return f"closed after {minutes_said(minutes)} without use; reload the page to open the app again"


def idle_notice(minutes: float) -> bytes:
    """What the page's terminal shows when it is closed for being idle: a cleared screen and one sentence."""
    text = (
        f"assessor: this page was {idle_reason(minutes)} (its place is free for others; the answers given "
        "were saved and the session can be resumed)"
    )
    return b"\x1b[0m\x1b[2J\x1b[H" + text.encode("utf-8")


# On the page: when the app is closed for being idle, the "Session ended." box says why.
IDLE_SCRIPT = (
    "<script>try{var W=window.WebSocket,P=function(u,p){var s=p===undefined?new W(u):new W(u,p);"
    f's.addEventListener("close",function(e){{if(e.code==={IDLE_CLOSE_CODE}&&e.reason){{'
    'var m=document.querySelector(".closed-dialog .message");if(m)m.textContent="Closed: "+e.reason;}});'
    "return s;};P.prototype=W.prototype;P.CONNECTING=0;P.OPEN=1;P.CLOSING=2;P.CLOSED=3;"
    "window.WebSocket=P;}catch(e){}</script>"
)


# What one page may send: a message of at most MAX_MESSAGE_BYTES, and keystrokes at STDIN_PER_SECOND
# characters a second after a burst of STDIN_BURST. textual-serve's websocket took 4 MiB at once, and 4 MiB
# typed at the app kept its process busy for minutes of a core after the page was closed (each character is
# a key event), holding the page's place all that time; a script could send that in a loop. The longest
# thing a person pastes, a page of notes, is at most 100,000 characters: it goes through at once, and typing
# beyond the burst is held back (never dropped) to a pace the app keeps up with.
MAX_MESSAGE_BYTES = 512 * 1024
STDIN_BURST = 256 * 1024
STDIN_PER_SECOND = 8 * 1024
APP_STOP_SECONDS = 5.0


class Allowance:
    """A token bucket of characters: `wait(size)` is how long to hold a message of `size` characters."""

    def __init__(
        self,
        burst: int = STDIN_BURST,
        rate: float = STDIN_PER_SECOND,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst = burst
        self.rate = rate
        self.clock = clock
        self.left = float(burst)
        self.since = clock()

    def wait(self, size: int) -> float:
        now = self.clock()
        self.left = min(float(self.burst), self.left + (now - self.since) * self.rate)
        self.since = now
        self.left -= size
        return 0.0 if self.left >= 0 else -self.left / self.rate


async def stop_app(app_service: AppService) -> None:
    """textual-serve's stop (the app is told to quit and awaited), but an app that has not quit within
    APP_STOP_SECONDS is killed. One still busy with input it was sent kept running for minutes after its page
    closed, holding the page's place, and outlived serve itself (it obeys SIGTERM only once that input is
    done). textual-serve keeps the process in a private attribute; app_command execs the app, so it is the
    app itself, not a shell in front of it."""
    process = getattr(app_service, "_process", None)
    try:
        await asyncio.wait_for(app_service.stop(), APP_STOP_SECONDS)
        return
    except TimeoutError:
        pass
    except asyncio.CancelledError:  # serve is stopping and gave up waiting: the app goes with it
        kill_app(process)
        raise
    kill_app(process)
    if process is not None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), APP_STOP_SECONDS)


def kill_app(process: asyncio.subprocess.Process | None) -> None:
    if process is not None and process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()


# Pages one client may have open at once, and start in a minute (each start is a new app process). A client
# is the address a connection comes from; behind a reverse proxy every connection comes from the proxy, so
# with --trusted-proxy the address the proxy says it forwarded for is the client (never by default: anyone
# can send an X-Forwarded-For header).
PAGE_STARTS_PER_MINUTE = 20
_FORWARDED_ENTRY = re.compile(r"\[?([0-9A-Fa-f:.]+?)\]?(?::\d{1,5})?")


def parse_trusted_proxy(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """A --trusted-proxy value: an address (127.0.0.1, ::1) or a network (10.0.0.0/8)."""
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        raise AssessorError(
            f"--trusted-proxy {text!r} is not an IP address or network (such as 127.0.0.1 or 10.0.0.0/8)"
        ) from None


Networks = tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    found = _FORWARDED_ENTRY.fullmatch(text.strip())
    if found is None:
        return None
    try:
        address = ipaddress.ip_address(found.group(1))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, proxies: Networks) -> bool:
    return any(address.version == network.version and address in network for network in proxies)


def client_of(request: web.BaseRequest, proxies: Networks = ()) -> str:
    """Who a request comes from: its connection's address, or, when that is a trusted proxy, the last address
    in X-Forwarded-For that is not one of the trusted proxies (each proxy appends the address it was
    reached from, so the addresses before it are whatever the client wrote and are never believed)."""
    peer = _address(request.remote or "")
    if peer is None:
        return request.remote or "unknown"
    if not proxies or not _trusted(peer, proxies):
        return str(peer)
    forwarded = ",".join(request.headers.getall("X-Forwarded-For", [])).split(",")
    for entry in reversed(forwarded):
        address = _address(entry)
        if address is None:
            break  # not written by a proxy we trust: stop believing here
        if not _trusted(address, proxies):
            return str(address)
    return str(peer)


class Clients:
    """The pages each client has open and the pages it started in the last minute."""

    def __init__(self, most_pages: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.most_pages = most_pages
        self.clock = clock
        self.open: dict[str, int] = {}
        self.starts: dict[str, list[float]] = {}

    def refusal(self, client: str) -> str | None:
        """Why this client may not open another page now, or None."""
        if self.open.get(client, 0) >= self.most_pages:
            return (
                f"assessor: you already have {self.open[client]} pages with the app open (at most "
                f"{self.most_pages} each); close one and reload\n"
            )
        now = self.clock()
        recent = [when for when in self.starts.get(client, []) if now - when < 60]
        if recent:
            self.starts[client] = recent
        else:
            self.starts.pop(client, None)
        if len(recent) >= PAGE_STARTS_PER_MINUTE:
            return (
                f"assessor: the app was opened {len(recent)} times in a minute from here; wait a minute "
                "and reload\n"
            )
        return None

    def opened(self, client: str) -> None:
        self.open[client] = self.open.get(client, 0) + 1
        self.starts.setdefault(client, []).append(self.clock())

    def closed(self, client: str) -> None:
        left = self.open.get(client, 0) - 1
        if left > 0:
            self.open[client] = left
        else:
            self.open.pop(client, None)


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    content_type: str


def static_files(folder: Path) -> dict[str, StaticFile]:
    """textual-serve's static files by their path under `folder` ("js/textual.js"), read now: regular files
    only, never through a link (a link planted in the folder, or the folder itself swapped later, serves
    nothing), at most 64 MB in all."""
    found: dict[str, StaticFile] = {}
    total = 0
    for root, folders, names in os.walk(folder, followlinks=False):
        folders[:] = [name for name in folders if not (Path(root) / name).is_symlink()]
        for name in sorted(names):
            path = Path(root) / name
            try:
                descriptor = os.open(
                    path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                )
            except OSError:
                continue  # a link (O_NOFOLLOW refuses it), or unreadable
            with os.fdopen(descriptor, "rb") as opened:
                if not stat.S_ISREG(os.fstat(opened.fileno()).st_mode):
                    continue
                body = opened.read()
            total += len(body)
            if total > 64 << 20:
                break
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            found[path.relative_to(folder).as_posix()] = StaticFile(body, kind)
    return found


class GuardedServer(Server):
    """textual-serve's server with the guard in front of every route, quiet at start (we print the URL).

    Each open page runs its own app process, so only `max_pages` may be open at once: a leaked address or a
    page that reconnects in a loop cannot fill the machine with processes.
    """

    def __init__(
        self,
        command: str,
        host: str,
        port: int,
        access: Access,
        public_url: str | None,
        max_pages: int = DEFAULT_MAX_PAGES,
        idle_minutes: float = IDLE_MINUTES,
        pages_per_client: int | None = None,
        trusted_proxies: Networks = (),
    ) -> None:
        super().__init__(command, host=host, port=port, title="assessor", public_url=public_url)
        self.access = access
        self.own_public_url = public_url is not None
        self.max_pages = max_pages
        self.open_pages = 0
        self.idle_minutes = idle_minutes
        self.trusted_proxies = trusted_proxies
        self.clients = Clients(pages_per_client or default_pages_per_client(max_pages))
        self.tickets = Tickets()
        self.connections = Connections()
        self.static = static_files(self.statics_path)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if self.open_pages >= self.max_pages:
            raise web.HTTPServiceUnavailable(
                text=f"assessor: {self.open_pages} pages already have the app open (at most "
                f"{self.max_pages}); close one and reload\n"
            )
        client = client_of(request, self.trusted_proxies)
        refused = self.clients.refusal(client)
        if refused is not None:
            raise web.HTTPTooManyRequests(text=refused)
        self.open_pages += 1
        self.clients.opened(client)
        size = {
            "width": str(cells(request.query.get("width", "80"), MAX_COLUMNS, 80)),
            "height": str(cells(request.query.get("height", "24"), MAX_ROWS, 24)),
        }
        try:
            return await self._run_page(request, int(size["width"]), int(size["height"]))
        finally:
            self.open_pages -= 1
            self.clients.closed(client)

    async def _run_page(self, request: web.Request, width: int, height: int) -> web.WebSocketResponse:
        """textual-serve's handle_websocket (one app process for the page's websocket), but its websocket
        takes messages of at most MAX_MESSAGE_BYTES (a larger one closes it, code 1009), and its app is
        stopped within APP_STOP_SECONDS of the page closing (stop_app)."""
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE_BYTES)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,  # type: ignore[arg-type]  # as textual-serve passes it
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # as textual-serve: logged (one line, by LogLines), the page closed
            logging.getLogger("textual-serve").error("a page's app failed (%s)", error)
        finally:
            if app_service is not None:
                await stop_app(app_service)
        return websocket

    async def _close_idle(self, websocket: web.WebSocketResponse) -> None:
        """Tell the page's person why, then close it (its app process is stopped after, as for a closed tab)."""
        say_line(f"assessor: a page was {idle_reason(self.idle_minutes).split(';')[0]}, to free its place")
        with contextlib.suppress(ConnectionError, RuntimeError):
            await websocket.send_bytes(idle_notice(self.idle_minutes))
        with contextlib.suppress(ConnectionError, RuntimeError):
            await websocket.close(
                code=IDLE_CLOSE_CODE, message=idle_reason(self.idle_minutes).encode("utf-8")
            )

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """textual-serve's loop over a page's messages, but a message that is not well formed is ignored, a
        resize is kept within MAX_COLUMNS x MAX_ROWS, and a page nobody has typed in or resized for
        `idle_minutes` is closed."""
        idle_seconds = self.idle_minutes * 60
        used = time.monotonic()
        typing = Allowance()
        while True:
            left = used + idle_seconds - time.monotonic()
            if left <= 0:
                await self._close_idle(websocket)
                return
            try:
                message = await websocket.receive(timeout=left)
            except TimeoutError:
                continue
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
                return
            if message.type != WSMsgType.TEXT:
                continue
            found = browser_message(message.data)
            if found is None:
                continue
            kind, data = found
            if kind in ("stdin", "resize"):
                used = time.monotonic()
            if kind == "stdin" and isinstance(data, str):
                hold = typing.wait(len(data))
                if hold:
                    await asyncio.sleep(hold)
                await app_service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                width = cells(data.get("width"), MAX_COLUMNS, 80)
                height = cells(data.get("height"), MAX_ROWS, 24)
                await app_service.set_terminal_size(width, height)
            elif kind == "ping" and isinstance(data, str | int | float):
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    async def _make_app(self) -> web.Application:
        """textual-serve's routes, but its static files from memory by exact name (its own static route lists
        folders), the page's websocket at /ws/{ticket}, and the guard in front of all of them."""
        app = web.Application(client_max_size=1024)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/ws/{ticket}", self.handle_websocket, name="page-websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.get("/static/{filename:.+}", self.handle_static, name="static"),
            ]
        )
        app.on_shutdown.append(self.on_shutdown)
        app.middlewares.append(guard_middleware(self.access, self.tickets, self.connections))
        app.on_response_prepare.append(self._secure_prepared)
        return app

    async def _secure_prepared(self, request: web.Request, response: web.StreamResponse) -> None:
        """An answer a handler sends itself (textual-serve's download streams the file, a websocket answers
        101) has its headers out before the guard sees it returned: secured here, as its headers go."""
        secured(response, request, self.access.secure)

    async def handle_static(self, request: web.Request) -> web.StreamResponse:
        found = self.static.get(request.match_info["filename"])
        if found is None:
            raise web.HTTPNotFound()
        return web.Response(body=found.body, content_type=found.content_type)

    def serve(self, debug: bool = False) -> None:
        """Serve until SIGINT or SIGTERM, with the connection limit and request timeouts (textual-serve's own
        `serve` keeps aiohttp's defaults: any number of connections, each idle for 75 s)."""
        self.debug = debug
        self.initialize_logging()
        asyncio.run(self._serve_until_stopped())

    async def _serve_until_stopped(self) -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, stop.set)
        runner = web.AppRunner(
            await self._make_app(),
            handle_signals=False,
            shutdown_timeout=SHUTDOWN_SECONDS,
            keepalive_timeout=REQUEST_SECONDS,
            max_line_size=MAX_LINE,
            max_field_size=MAX_FIELD,
            max_headers=MAX_HEADERS,
            lingering_time=LINGER_SECONDS,
        )
        await runner.setup()
        try:
            assert runner.server is not None
            limit = ConnectionLimit(
                runner.server, most_connections(self.max_pages), self.connections, self.access.secure
            )
            listening = await loop.create_server(limit, self.host, self.port, reuse_address=True)
            try:
                await stop.wait()
            finally:
                listening.close()
        finally:
            await runner.cleanup()

    def initialize_logging(self) -> None:
        """textual-serve's log, each line through LogLines (on every handler, whichever logger writes)."""
        super().initialize_logging()
        lines = LogLines(self.access.token)
        for handler in logging.getLogger().handlers:
            handler.addFilter(lines)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, with its websocket at the address the browser used (localhost or 127.0.0.1 alike)."""
        if not self.own_public_url:
            self.public_url = f"{request.scheme}://{served_host(request)}"
        response: web.StreamResponse = await super().handle_index(request)
        if not isinstance(response, web.Response) or response.text is None:
            return response
        page = response.text.replace("</head>", IDLE_SCRIPT + "</head>", 1)
        if self.access.token is not None:
            # The page's websocket opens with a one-time ticket in its path (textual-serve's script appends
            # "?width=..&height=.." to the address), and the page keeps the token for a reload.
            ticket = self.tickets.issue()
            page = _PAGE_WEBSOCKET.sub(lambda found: f'{found.group(1)}/{ticket}"', page, count=1)
            page = page.replace("</head>", keep_token_script(self.access.token) + "</head>", 1)
        response.text = page
        return response


_PAGE_WEBSOCKET = re.compile(r'(data-session-websocket-url="[^"]*/ws)"')
