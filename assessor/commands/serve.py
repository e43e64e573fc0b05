"""`assessor serve`: the same app in a web page through textual-serve, for counsellors on video calls.

Each browser visit starts its own `python -m assessor` process (textual-serve spawns one per connection), so
every answer is saved by that process as in a terminal; a page refresh starts a fresh conversation and the
saved session can be resumed. textual-serve has no login of any kind, so it listens on localhost unless told
otherwise, and warns when told otherwise.
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


def run(args: argparse.Namespace) -> int:
    from assessor.core.errors import AssessorError

    if not 0 < args.port < 65536:
        raise AssessorError(f"--port {args.port} is not a port number (1-65535)")
    warning = host_warning(args.host)
    if warning:
        print(warning, file=sys.stderr)
    from textual_serve.server import Server

    url_host = f"[{args.host}]" if ":" in args.host else args.host
    server = Server(app_command(), host=args.host, port=args.port, title="assessor")
    print(f"assessor: serving on http://{url_host}:{args.port} (ctrl+c stops)", file=sys.stderr, flush=True)
    try:
        server.serve()
    except OSError as exc:
        raise AssessorError(f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc})") from None
    return 0
