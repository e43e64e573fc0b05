"""The `assessor` command: argparse sub-commands over the core; the Textual app is imported only when used."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from assessor import __version__
from assessor.core.errors import AssessorError

# Each sub-command lives in assessor/commands/<name>.py with add_parser(subparsers) and run(args) -> int.
COMMANDS = ("score", "roles", "ask", "plan", "report", "sessions", "serve")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or, when `only` names a sub-command, a parser that imports just that one (start-up)."""
    parser = argparse.ArgumentParser(
        prog="assessor",
        description="A personal AI-automation risk assessment for medical and clinical coders. "
        "Run with no command to open the chat app.",
    )
    parser.add_argument("--version", action="store_true", help="print the versions and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS if only is None else (only,):
        try:
            module = importlib.import_module(f"assessor.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"assessor.commands.{name}":
                raise
            continue
        module.add_parser(subparsers)
    return parser


def version_text() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"assessor {__version__}"]
    for package in ("textual", "pydantic", "rapidfuzz"):
        try:
            parts.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package} (not installed)")
    try:
        from assessor.core.catalog import load_catalog

        parts.append(f"role data {load_catalog().version}")
    except AssessorError as exc:
        parts.append(f"role data unreadable ({exc})")
    return ", ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    chosen = next((arg for arg in arguments if not arg.startswith("-")), None)
    parser = build_parser(chosen if chosen in COMMANDS else None)
    args = parser.parse_args(arguments)
    try:
        if args.version:
            print(version_text())
            return 0
        if args.command is None:
            from assessor.commands.app import run_app

            return run_app(args)
        result: int = args.run(args)
        return result
    except AssessorError as exc:
        print(f"assessor: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("assessor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
