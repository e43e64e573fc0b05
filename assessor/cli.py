"""The `assessor` command: argparse sub-commands over the core; the Textual app is imported only when used."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from assessor import __version__
from assessor.core.errors import AssessorError

# Each sub-command lives in assessor/commands/<name>.py with add_parser(subparsers) and run(args) -> int.
COMMANDS = ("score", "roles", "ask", "plan", "report", "sessions", "serve")


APP_OPTIONS_WITH_VALUES = ("--client", "--session")


class Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr (with a suggestion for a mistyped command)."""

    def error(self, message: str) -> NoReturn:
        hint = ""
        if "invalid choice:" in message:
            typed = message.split("invalid choice:", 1)[1].split("(", 1)[0].strip().strip("'")
            from assessor.core.loading import closest

            guess = closest(typed, COMMANDS)
            hint = f"; did you mean {guess!r}?" if guess else ""
            message = f"unknown command {typed!r}"
        self.exit(2, f"{self.prog}: {message}{hint} (see '{self.prog} --help')\n")


def build_parser(only: tuple[str, ...] | None = None) -> argparse.ArgumentParser:
    """The full parser, or one with just the sub-commands in `only` (each import costs start-up time)."""
    parser = Parser(
        prog="assessor",
        description="A personal AI-automation risk assessment for medical and clinical coders. "
        "Run with no command to open the chat app.",
    )
    parser.add_argument("--version", action="store_true", help="print the versions and exit")
    parser.add_argument(
        "--client",
        metavar="NAME",
        help="app: save this assessment as a session for a client (initials or a case number)",
    )
    parser.add_argument("--session", metavar="ID", help="app: reopen a saved session")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS if only is None else only:
        try:
            module = importlib.import_module(f"assessor.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"assessor.commands.{name}":
                raise
            continue
        module.add_parser(subparsers)
    return parser


def first_positional(arguments: Sequence[str]) -> str | None:
    """The first word that is not an option or an option's value: the sub-command, if any."""
    skip = False
    for argument in arguments:
        if skip:
            skip = False
        elif argument in APP_OPTIONS_WITH_VALUES:
            skip = True
        elif not argument.startswith("-"):
            return argument
    return None


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
    chosen = first_positional(arguments)
    if chosen in COMMANDS:
        only: tuple[str, ...] | None = (str(chosen),)
    elif chosen is None and not {"-h", "--help"} & set(arguments):
        only = ()  # the app: no sub-command module (nor the core they import) is needed to parse
    else:
        only = None  # help, or a mistyped command: the full parser lists or suggests commands
    parser = build_parser(only)
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
