"""The `assessor` command: argparse sub-commands over the core; the Textual app is imported only when used."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NoReturn

from assessor import __version__
from assessor.core.errors import AssessorError

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

# Each sub-command lives in assessor/commands/<name>.py with add_parser(subparsers) and run(args) -> int.
# In the order `assessor --help` lists them: a person's first steps first, a service's set-up last.
COMMANDS = ("ask", "score", "plan", "report", "roles", "sessions", "vocabulary", "serve", "db")


APP_OPTIONS_WITH_VALUES = ("--client", "--session", "--database", "--counsellor")
# Global options that configure the session store, passed on as the environment variables they stand for (so
# the processes a command starts, such as `serve`'s app, use the same database as the person).
STORE_OPTIONS = {"database": "ASSESSOR_DATABASE_URL", "counsellor": "ASSESSOR_COUNSELLOR"}


class Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr naming what was wrong, with a suggestion."""

    def error(self, message: str) -> NoReturn:
        from assessor.core.text import one_line

        self.exit(2, one_line(f"{self.prog}: {self.explain(message)} (see '{self.prog} --help')") + "\n")

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        """argparse's printing (help, usage, errors), but a closed standard output ends the command as it
        ends any other (argparse itself ignores the error and exits 0)."""
        if not message:
            return
        stream = file if file is not None else sys.stderr
        try:
            stream.write(message)
            flush = getattr(stream, "flush", None)
            if flush is not None:
                flush()
        except BrokenPipeError:
            if stream is sys.stdout:
                self.exit(standard_output_closed())
        except (AttributeError, OSError):
            pass

    def explain(self, message: str) -> str:
        """argparse's message in words a person can act on: the option, its allowed values, a guess."""
        from assessor.core.loading import closest

        found = re.match(
            r"argument (?P<option>[^:]+): invalid choice: '(?P<typed>.*?)' \(choose from (?P<allowed>.*)\)$",
            message,
        )
        if found:
            typed = found["typed"]
            allowed = [value.strip().strip("'\"") for value in found["allowed"].split(",")]
            guess = closest(typed, allowed)
            hint = f"; did you mean {guess!r}?" if guess else ""
            option = found["option"]
            if option in ("COMMAND", "ACTION"):
                return f"unknown {option.lower()} {typed!r}{hint}"
            return f"{option.split('/')[-1]}: {typed!r} is not one of {', '.join(allowed)}{hint}"
        if "the following arguments are required: ACTION" in message:
            return f"choose an action: {', '.join(sub_commands(self))}"
        return message


def sub_commands(parser: argparse.ArgumentParser) -> list[str]:
    """The names of a parser's sub-commands, in the order they were added."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def deepest_parser(parser: argparse.ArgumentParser, arguments: Sequence[str]) -> argparse.ArgumentParser:
    """The sub-command's own parser for these arguments (so a mistake is explained by the right one)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for argument in arguments:
                if argument in action.choices:
                    child = action.choices[argument]
                    rest = list(arguments)[list(arguments).index(argument) + 1 :]
                    return deepest_parser(child, rest)
    return parser


def unknown_options(parser: argparse.ArgumentParser, extra: Sequence[str]) -> NoReturn:
    from assessor.core.loading import closest

    known = [option for action in parser._actions for option in action.option_strings]
    typed = extra[0]
    guess = closest(typed.split("=", 1)[0], known) if typed.startswith("-") else None
    hint = f"; did you mean {guess}?" if guess else ""
    parser.error(f"unknown option or argument {typed!r}{hint}")


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
    parser.add_argument(
        "--database",
        metavar="URL",
        help="where sessions are saved: postgresql://USER@HOST/DB (a shared caseload), sqlite:///FOLDER, "
        "or none for this computer's own file (default: ASSESSOR_DATABASE_URL)",
    )
    parser.add_argument(
        "--counsellor",
        metavar="NAME",
        help="who is counselling: names new sessions and your caseload (default: ASSESSOR_COUNSELLOR, "
        "else your login name; on PostgreSQL the database role)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS if only is None else only:
        try:
            module = importlib.import_module(f"assessor.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"assessor.commands.{name}":
                raise
            continue
        module.add_parser(subparsers)
    describe_actions(parser)
    return parser


def describe_actions(parser: argparse.ArgumentParser) -> None:
    """Every sub-command's own --help opens with what it does: its one-line summary where it has no
    longer description (argparse would show only the usage)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                sub = action.choices[choice.dest]
                if sub.description is None and choice.help:
                    sub.description = choice.help[0].upper() + choice.help[1:] + "."
                describe_actions(sub)


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


def installed_version(package: str) -> str | None:
    """A package's version from its `.dist-info` folder name on sys.path, without importing it.

    Importing pydantic or textual, or importlib.metadata, would cost more than the rest of `--version`;
    importlib.metadata is kept only for installs without such a folder.
    """
    prefix, suffix = f"{package}-", ".dist-info"
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for name in names:
            middle = name[len(prefix) : -len(suffix)]
            if name.startswith(prefix) and name.endswith(suffix) and middle and "-" not in middle:
                return middle
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def version_text() -> str:
    """The versions of assessor, its libraries and the role data, without loading pydantic or the catalog."""
    from assessor.core.data import data_dir
    from assessor.core.fingerprint import data_version

    parts = [f"assessor {__version__}"]
    for package in ("textual", "pydantic", "rapidfuzz"):
        found = installed_version(package)
        parts.append(f"{package} {found}" if found else f"{package} (not installed)")
    roles = data_dir("roles")
    try:
        if not (roles / "tasks.toml").is_file():
            raise FileNotFoundError(f"no role data in {roles}")
        parts.append(f"role data {data_version(roles)}")
    except OSError as exc:
        parts.append(f"role data unreadable ({exc.strerror or exc})")
    return ", ".join(parts)


@contextlib.contextmanager
def terminal_safe_output(enabled: bool) -> Iterator[None]:
    """stdout and stderr escape control characters while a sub-command runs (not the app, not serve's logs)."""
    if not enabled:
        yield
        return
    from assessor.core.text import TerminalSafeStream

    saved = sys.stdout, sys.stderr
    sys.stdout = TerminalSafeStream(saved[0])
    sys.stderr = TerminalSafeStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def invalid_argument(arguments: Sequence[str]) -> str | None:
    """The sentence for a command-line argument that is not UTF-8 text, or None.

    Invalid bytes reach Python as lone surrogates, which no database, file or terminal can take; refused here,
    before any of it is saved or printed, rather than failing half-way through a command.
    """
    from assessor.core.text import has_surrogates, one_line

    for argument in arguments:
        if has_surrogates(argument):
            return one_line(
                f"assessor: the argument '{argument}' is not UTF-8 text (set the terminal to UTF-8, "
                "or rename the file); nothing was done"
            )
    return None


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["help"]:  # "assessor help", "assessor help score": what people type first
        arguments = [*arguments[1:2], "--help"]
    invalid = invalid_argument(arguments)
    if invalid is not None:
        print(invalid, file=sys.stderr)
        return 2
    chosen = first_positional(arguments)
    if chosen in COMMANDS:
        only: tuple[str, ...] | None = (str(chosen),)
    elif chosen is None and not {"-h", "--help"} & set(arguments):
        only = ()  # the app: no sub-command module (nor the core they import) is needed to parse
    else:
        only = None  # help, or a mistyped command: the full parser lists or suggests commands
    parser = build_parser(only)
    args, extra = parser.parse_known_args(arguments)
    if extra:
        unknown_options(deepest_parser(parser, arguments), extra)
    misplaced = misplaced_app_option(args)
    if misplaced is not None:
        print(misplaced, file=sys.stderr)
        return 2
    with terminal_safe_output(args.command not in (None, "serve")), store_environment(args):
        code = run_command(args)
        try:
            sys.stdout.flush()  # a closed pipe found now, not by the interpreter's last flush
        except BrokenPipeError:
            return standard_output_closed()
    if code == STANDARD_OUTPUT_CLOSED:
        return code
    database = getattr(args, "database", None)
    if code == 0 and database and password_in(database):  # after the work: a failure stays one line
        print(
            "assessor: warning: the password in --database can be read by other users of this computer "
            "(ps shows command lines); put the URL in ASSESSOR_DATABASE_URL, or the password in ~/.pgpass",
            file=sys.stderr,
        )
    return code


def misplaced_app_option(args: argparse.Namespace) -> str | None:
    """The app's --client or --session given with a sub-command that would silently ignore it (nothing saved)."""
    if args.command is None or args.version:
        return None
    if getattr(args, "session", None) is not None:
        return (
            f"assessor: --session reopens a saved session in the app, not with `{args.command}`; "
            "use `assessor sessions resume ID` (or `assessor --session ID` for the app); nothing was done"
        )
    if getattr(args, "client", None) is not None and args.command != "ask":
        return (
            f"assessor: --client names the client of a new conversation, not of `{args.command}`; use "
            "`assessor ask --client NAME` (or `assessor --client NAME` for the app); nothing was done"
        )
    return None


def password_in(url: str) -> bool:
    """Whether a database URL (or key=value string) carries a password."""
    return re.search(r"://[^/@]*:[^/@]*@|pass\w*\s*=|pass(?:%77|%57)ord", url, re.IGNORECASE) is not None


@contextlib.contextmanager
def store_environment(args: argparse.Namespace) -> Iterator[None]:
    """`--database` and `--counsellor` as the environment variables they stand for, while the command runs."""
    given = {
        name: str(getattr(args, option))
        for option, name in STORE_OPTIONS.items()
        if getattr(args, option, None) is not None
    }
    saved = {name: os.environ.get(name) for name in given}
    os.environ.update(given)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_command(args: argparse.Namespace) -> int:
    try:
        if args.version:
            from assessor.core.text import terminal_safe

            print(terminal_safe(version_text()))
            return 0
        if args.command is None:
            from assessor.commands.app import run_app

            return run_app(args)
        result: int = args.run(args)
        return result
    except AssessorError as exc:
        from assessor.core.text import one_line

        print(f"assessor: {one_line(exc.message)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("assessor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return standard_output_closed()
    except UnicodeDecodeError as exc:
        print(f"assessor: {undecodable(exc)}", file=sys.stderr)
        return 2
    except ImportError:  # a dependency imported on first use is missing: entry() says how to reinstall
        raise
    except Exception as exc:  # the last guard: a person gets one sentence, never a traceback
        if debugging():
            raise
        from assessor.core.text import one_line

        print(
            one_line(
                f"assessor: unexpected error ({type(exc).__name__}: {exc}); it stopped here, and what was "
                "saved before stays saved. Please report it (ASSESSOR_DEBUG=1 shows where it happened)"
            ),
            file=sys.stderr,
        )
        return 70


# What a shell reports for a program SIGPIPE ended (128 + 13), as `yes | head -1` gives for `yes`.
STANDARD_OUTPUT_CLOSED = 141


def standard_output_closed() -> int:
    """The reader of standard output went away (`assessor score --batch rows.jsonl | head`).

    The command stops where it was, quietly and with the exit status a shell reports for a program SIGPIPE
    ended, as `cat` or `grep` would; standard output is pointed at /dev/null so the text still buffered is
    dropped rather than raising again when Python exits (which would print a traceback).
    """
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.__stdout__.fileno())  # type: ignore[union-attr]
        finally:
            os.close(devnull)
    return STANDARD_OUTPUT_CLOSED


def undecodable(exc: UnicodeDecodeError) -> str:
    """Text that is not UTF-8 (standard input from a terminal set to another encoding, or a binary file)."""
    return (
        f"the input is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} cannot be read); save it or set "
        "the terminal as UTF-8 and try again; what was saved before stays saved"
    )


def utf8_streams() -> None:
    """Standard input is read as UTF-8 whatever the locale; a byte that is not UTF-8 arrives as a lone
    surrogate, which the reader of that line refuses (an answer is asked again, notes are left as they were),
    so one bad line never loses the lines before it. Text output never fails on a character the terminal's
    encoding lacks (LANG=C, PYTHONIOENCODING=ascii): it is written as a backslash escape instead."""
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(encoding="utf-8", errors="surrogateescape")
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def debugging() -> bool:
    """ASSESSOR_DEBUG=1 (or true, yes, on) lets a traceback through; 0, false, no, off or empty do not."""
    return os.environ.get("ASSESSOR_DEBUG", "").strip().lower() in ("1", "true", "yes", "on")


def entry() -> None:
    utf8_streams()
    try:
        code = main()
    except ImportError as exc:  # a broken installation: one sentence with the fix, never a traceback
        if debugging():
            raise
        print(incomplete_install(exc), file=sys.stderr)
        code = 70
    sys.exit(code)


def incomplete_install(exc: ImportError) -> str:
    """What to do when a module assessor needs is missing (a dependency removed or an upgrade half done)."""
    missing = re.sub(r"[^\w.]", "?", exc.name) if exc.name else "a module it needs"
    return (
        f"assessor: this installation is incomplete ({missing} cannot be imported); reinstall it with "
        "`pip install --force-reinstall assessor` (or `pip install -e .` in a checkout); nothing was changed"
    )


if __name__ == "__main__":
    entry()
