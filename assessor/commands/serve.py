"""`assessor serve`: the same app in a web page through textual-serve, for counsellors on video calls.

Each browser visit starts its own `python -m assessor` process (textual-serve spawns one per connection), so
every answer is saved by that process as in a terminal; a page refresh starts a fresh conversation and the
saved session can be resumed. textual-serve has no login of any kind, so `serve_guard` puts one in front of it:
a random per-run token in the printed address, and only the served address (Host and Origin) is answered.
It listens on localhost unless told otherwise, and warns when told otherwise.
"""

from __future__ import annotations

import argparse
import shlex
import sys

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the app in a web browser (textual-serve), on localhost by default",
        description="Serve the assessor app as a web page. Anyone who can reach the address can use the app "
        "and its saved sessions: there is no password, so keep the default localhost unless you know the "
        "network is private.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument(
        "--token", help="the access token to require (default: a new random one each run, printed at start)"
    )
    parser.add_argument(
        "--no-token",
        action="store_true",
        help="require no token (anyone who can reach the address and names it as Host can use the app)",
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
    parser.set_defaults(run=run)


def app_command() -> str:
    """The shell command textual-serve runs for each visitor: this Python, this package, no sub-command."""
    return f"{shlex.quote(sys.executable)} -m assessor"


def host_warning(host: str) -> str | None:
    if host in LOCAL_HOSTS:
        return None
    return (
        f"assessor: warning: serving on {host}, not localhost: textual-serve has no password, so anyone who "
        "can reach this address can use the app and open the saved client sessions on this machine"
    )


NO_TOKEN_WARNING = (
    "assessor: warning: --no-token: any program or web page that can reach this address, naming it as its "
    "host, can use the app and read the saved client sessions"
)


def run(args: argparse.Namespace) -> int:
    from assessor.core.errors import AssessorError

    if not 0 < args.port < 65536:
        raise AssessorError(f"--port {args.port} is not a port number (1-65535)")
    if not 1 <= args.max_pages <= 100:
        raise AssessorError(f"--max-pages {args.max_pages} is not between 1 and 100")
    if args.no_token and args.token:
        raise AssessorError("give either --token or --no-token, not both")
    from assessor.commands.serve_guard import GuardedServer, access_for, check_token_text, new_token, url_host

    token = None if args.no_token else check_token_text(args.token) if args.token else new_token()
    access = access_for(args.host, args.port, token, args.public_url, args.allow_origin)
    warning = host_warning(args.host)
    if warning:
        print(warning, file=sys.stderr)
    if token is None:
        print(NO_TOKEN_WARNING, file=sys.stderr)
    server = GuardedServer(app_command(), args.host, args.port, access, args.public_url, args.max_pages)
    base = (args.public_url or f"http://{url_host(args.host)}:{args.port}").rstrip("/")
    address = f"{base}/?token={token}" if token else f"{base}/"
    print(f"assessor: serving on {address} (ctrl+c stops)", file=sys.stderr, flush=True)
    try:
        server.serve()
    except OSError as exc:
        raise AssessorError(f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc})") from None
    return 0
