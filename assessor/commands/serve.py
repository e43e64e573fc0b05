"""`assessor serve`: the same app in a web page through textual-serve, for counsellors on video calls.

Each browser visit starts its own `python -m assessor` process (textual-serve spawns one per connection), so
every answer is saved by that process as in a terminal; a page refresh starts a fresh conversation and the
saved session can be resumed. textual-serve has no login of any kind, so `serve_guard` puts one in front of it:
a random per-run token in the printed address, and only the served address (Host and Origin) is answered.
It listens on localhost unless told otherwise, and warns when told otherwise.

A team serves it from one database: `--database URL` (or ASSESSOR_DATABASE_URL, ASSESSOR_HOME) reaches every
visitor's app process through its environment, never its command line, so a password in the URL is not shown
in the process list by the app processes; the serve command's own command line does show it, so a URL with a
password belongs in ASSESSOR_DATABASE_URL (a private environment file) or ~/.pgpass, and serve warns.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from urllib.parse import urlsplit

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
TOKEN_ENV = "ASSESSOR_SERVE_TOKEN"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the app in a web browser (textual-serve), on localhost by default",
        description="Serve the assessor app as a web page. Whoever has the address it prints (it carries an "
        "access token) can use the app and its saved sessions: there are no personal logins, so keep the "
        "default localhost unless you know the network is private.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument(
        "--token",
        help="the access token to require (default: ASSESSOR_SERVE_TOKEN, else a new random one each run, "
        "printed at start); a service keeps it in ASSESSOR_SERVE_TOKEN, since a command line is visible in ps",
    )
    parser.add_argument(
        "--no-token",
        action="store_true",
        help="require no token (anyone who can reach the address and names it as Host can use the app); "
        "refused unless --host is this computer (127.0.0.1, ::1 or localhost)",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address people open when a reverse proxy serves this (e.g. https://assessor.example.org); "
        "pages and the websocket are then accepted from that origin too",
    )
    parser.add_argument(
        "--allow-origin",
        metavar="ORIGIN",
        action="append",
        default=[],
        help="another origin (scheme://host[:port]) allowed to open the app; may be repeated",
    )
    parser.add_argument(
        "--max-pages",
        type=int,
        default=8,
        metavar="N",
        help="how many browser pages may have the app open at once (each runs its own app; default: 8)",
    )
    parser.add_argument(
        "--max-pages-per-client",
        type=int,
        metavar="N",
        help="how many of those pages one client (one address) may have open at once (default: half of "
        "--max-pages, at least 1)",
    )
    parser.add_argument(
        "--idle-minutes",
        type=float,
        default=30.0,
        metavar="M",
        help="close a page nobody has typed in for M minutes, to free its place; the person is told, and "
        "their answers are saved (default: 30)",
    )
    parser.add_argument(
        "--trusted-proxy",
        metavar="ADDRESS",
        action="append",
        default=[],
        help="a reverse proxy's address or network (127.0.0.1, 10.0.0.0/8): for connections from it, the "
        "client is the address it appended to X-Forwarded-For (never believed from anyone else); may be "
        "repeated",
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help="where the served app saves sessions, for every visitor (default: ASSESSOR_DATABASE_URL, else "
        "the SQLite file in ASSESSOR_HOME); passed to the app processes in their environment. Anyone on "
        "this machine can read this command line, so give a URL with a password in ASSESSOR_DATABASE_URL",
    )
    parser.set_defaults(run=run)


def app_command() -> str:
    """The shell command textual-serve runs for each visitor: this Python, this package, no sub-command."""
    return f"exec {shlex.quote(sys.executable)} -m assessor"  # exec: the process is the app, not a shell


def host_warning(host: str) -> str | None:
    if host in LOCAL_HOSTS:
        return None
    return (
        f"assessor: warning: serving on {host}, not localhost: there are no personal logins, so anyone on the "
        "network who has the printed address can use the app and open the saved client sessions"
    )


def has_password(url: str) -> bool:
    """Whether a database URL carries a password (in the address or as a parameter)."""
    try:
        if urlsplit(url).password:
            return True
    except ValueError:
        return True  # cannot tell: warn rather than stay silent
    return "password=" in url.lower()


PASSWORD_WARNING = (
    "assessor: warning: the --database URL holds a password, and any user of this machine can read this "
    "command line (ps); set ASSESSOR_DATABASE_URL in the service's private environment file, or keep the "
    "password in ~/.pgpass, instead"
)


def database_line(url: str | None) -> str:
    """Which database the served app saves to (checked now, so a wrong URL stops serve at once)."""
    from assessor.sessions.database import open_store

    return f"assessor: sessions are saved in {open_store(url).location}"


NO_TOKEN_WARNING = (
    "assessor: warning: --no-token: any program or web page that can reach this address, naming it as its "
    "host, can use the app and read the saved client sessions"
)


TOKEN_ON_COMMAND_LINE = (
    "assessor: warning: --token is on the command line, which every user of this machine can read (ps); "
    "a service keeps it in ASSESSOR_SERVE_TOKEN instead"
)


def printed_address(base: str, token: str | None, given_in: str | None) -> str:
    """The address serve prints at start, and what to open it with.

    A random token is printed in the address: nobody else knows it, and it dies with this run. A token the
    operator chose (--token, ASSESSOR_SERVE_TOKEN) is never echoed: they have it already, and the first line
    of a service lands in its journal, readable by whoever reads the logs; the line says where it is instead.
    """
    if token is None:
        return f"{base}/ (no token; ctrl+c stops)"
    if given_in is None:
        return f"{base}/?token={token} (ctrl+c stops)"
    where = "given with --token" if given_in == "--token" else f"in {given_in}"
    return f"{base}/ (ctrl+c stops); people open {base}/?token=<the token {where}>"


def say(text: str) -> None:
    """One of serve's own lines on stderr, as one line with any escape shown, not obeyed (serve's stderr is
    not wrapped as other commands' is: textual-serve's log is written there too, in colour)."""
    from assessor.core.text import one_line

    print(one_line(text), file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    from assessor.core.errors import AssessorError

    if not 0 < args.port < 65536:
        raise AssessorError(f"--port {args.port} is not a port number (1-65535)")
    if not 1 <= args.max_pages <= 100:
        raise AssessorError(f"--max-pages {args.max_pages} is not between 1 and 100")
    if args.max_pages_per_client is not None and not 1 <= args.max_pages_per_client <= args.max_pages:
        raise AssessorError(
            f"--max-pages-per-client {args.max_pages_per_client} is not between 1 and --max-pages "
            f"({args.max_pages})"
        )
    if not 0 < args.idle_minutes <= 24 * 60:  # NaN fails this too
        raise AssessorError(
            f"--idle-minutes {args.idle_minutes:g} is not more than 0 and at most 1440 (a day)"
        )
    if args.no_token and args.token:
        raise AssessorError("give either --token or --no-token, not both")
    from assessor.commands.serve_guard import (
        GuardedServer,
        access_for,
        check_host,
        check_token_text,
        is_loopback,
        new_token,
        parse_trusted_proxy,
        url_host,
    )
    from assessor.sessions.database import DATABASE_ENV, configured_url

    check_host(args.host)
    proxies = tuple(parse_trusted_proxy(proxy) for proxy in args.trusted_proxy)
    if args.no_token and not is_loopback(args.host):
        raise AssessorError(
            f"--no-token is only for serving on this computer (127.0.0.1, ::1 or localhost), not on "
            f"{args.host}: anyone on the network could open the saved client sessions; keep the token, or serve "
            "on 127.0.0.1 behind a proxy that asks who people are"
        )

    if args.database:
        if has_password(args.database):
            say(PASSWORD_WARNING)
        os.environ[DATABASE_ENV] = args.database  # each visitor's app process inherits the environment
    if configured_url():
        say(database_line(configured_url()))
    if args.token:
        say(TOKEN_ON_COMMAND_LINE)
    given_in = "--token" if args.token else TOKEN_ENV if os.environ.get(TOKEN_ENV, "").strip() else None
    chosen = args.token or os.environ.get(TOKEN_ENV, "").strip() or None
    token = (
        None if args.no_token else check_token_text(chosen, given_in or "--token") if chosen else new_token()
    )
    access = access_for(args.host, args.port, token, args.public_url, args.allow_origin)
    warning = host_warning(args.host)
    if warning:
        say(warning)
    if token is None:
        say(NO_TOKEN_WARNING)
    server = GuardedServer(
        app_command(),
        args.host,
        args.port,
        access,
        args.public_url,
        args.max_pages,
        idle_minutes=args.idle_minutes,
        pages_per_client=args.max_pages_per_client,
        trusted_proxies=proxies,
    )
    base = (args.public_url or f"http://{url_host(args.host)}:{args.port}").rstrip("/")
    say(f"assessor: serving on {printed_address(base, token, None if args.no_token else given_in)}")
    try:
        server.serve()
    except OSError as exc:
        raise AssessorError(f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc})") from None
    return 0
