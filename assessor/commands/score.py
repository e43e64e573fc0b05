"""`assessor score ANSWERS`: the personal score for one answers file; `--batch FILE` scores many sets."""

from __future__ import annotations

import argparse
import gc
import io
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from assessor.commands.common import about_file, answers_from, catalog, print_json
from assessor.core.assess import (
    Assessment,
    PersonalTask,
    assess,
    assessment_summary,
)
from assessor.core.engine import rounded_parts
from assessor.core.text import has_surrogates, look_alike_answer, one_line
from assessor.core.wording import SCALE_NOTE, SCORE_NAME, zone_words


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "score",
        help="score an answers file (TOML or JSON; '-' reads standard input)",
        description="Score one answers file: job_title, years_experience, and optionally work_setting, "
        "specialty, certifications, time_split, ai_tools, country, goals.",
    )
    parser.add_argument("answers", nargs="?", help="answers file (TOML or JSON), or - for standard input")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--batch",
        metavar="FILE",
        help="score many answer sets from a JSON Lines or CSV file (- for standard input): one JSON result "
        "per line on standard output; a bad row is reported on standard error with its line number",
    )
    parser.add_argument(
        "--format",
        choices=("jsonl", "csv"),
        help="the batch file's format (default: from the file name, else from its first line)",
    )
    parser.set_defaults(run=run)


def print_assessment(assessment: Assessment) -> None:
    breakdown = assessment.breakdown
    role = assessment.role
    print(f"Role:   {role.title} ({role.id}), match confidence {assessment.match_confidence:.0f}%")
    zone = zone_words(breakdown.zone, breakdown.label)
    print(f"Score:  {breakdown.score:.1f}/100  {zone}   ({SCORE_NAME}: {SCALE_NOTE})")
    print("Where the score comes from (points):")
    for part, points in rounded_parts(breakdown.waterfall, breakdown.score):
        print(f"  {part:<24} {points:+6.1f}")
    # The inputs on their own scales, after the points and named apart from them (as the report does): an
    # "evidence -5" beside "Evidence -4.6" points read as two answers to one question.
    print(
        f"Inputs on their own scales: task resistance {breakdown.task_resistance:.2f} of 5; evidence "
        f"{breakdown.evidence:+d} (of -10..10); barriers {breakdown.barriers} (of 0..10); AI growth "
        f"{breakdown.growth:+d} (of -2..2)."
    )
    print("Your day:")
    for task in sorted(assessment.tasks, key=lambda item: -item.time_pct):
        print(f"  {task.time_pct:5.1f}%  {task.automation}/5  {task.kind:<12} {task.name}")
        if task.said:
            print(f"           {understood_line(task)}")
    for adjustment in assessment.adjustments:
        why = f": {adjustment.no_effect}" if adjustment.no_effect else ""
        print(f"Adjusted: {adjustment.title} ({adjustment.effect:+.1f} points{why})")
    for note in assessment.notes:
        print(f"Note: {note}")


def understood_line(task: PersonalTask) -> str:
    """What the person said, the words that decided the task, and whose figures were used."""
    decided = f" (decided by: {', '.join(task.deciding)})" if task.deciding else ""
    if task.origin == "family" and task.card:
        where = f"; figures from the {task.card} card"
    elif task.origin == "shared":
        where = "; figures from the shared list of coder tasks"
    else:
        where = ""
    return f"you said '{task.said}'{decided}{where}"


def run(args: argparse.Namespace) -> int:
    from assessor.core.errors import AnswersError

    if args.batch is not None:
        if args.answers is not None:
            raise AnswersError("give either an answers file or --batch FILE, not both")
        return run_batch(args.batch, args.format)
    if args.answers is None:
        raise AnswersError(
            "score needs an answers file (or - for standard input); see 'assessor score --help'"
        )
    with about_file(args.answers):
        # The catalog first: a cached one brings the compiled validators the answers are checked with.
        roles = catalog()
        result = assess(answers_from(args.answers), roles)
    if args.json:
        print_json(assessment_summary(result))
    else:
        print_assessment(result)
    return 0


# -- batch scoring -----------------------------------------------------------------------------------

ID_FIELDS = ("id",)  # a row's own label, echoed back with its result and never scored


class BatchRow:
    """One answer set of a batch file: line number, optional id, and the answers (or why it is unusable)."""

    def __init__(
        self,
        line: int,
        row_id: Any,
        data: dict[str, Any] | None,
        error: str | None = None,
        latin: bool = False,
    ) -> None:
        self.line = line
        self.row_id = row_id
        self.data = data
        self.error = error
        # Every string of the row is ASCII, so it holds no look-alike letters (text.look_alike_answer)
        self.latin = latin


def batch_format(name: str, first_line: str, forced: str | None) -> str:
    if forced:
        return forced
    lower = name.lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "jsonl" if first_line.lstrip().startswith("{") else "csv"


def jsonl_rows(lines: Iterable[str | Overlong]) -> Iterator[BatchRow]:
    """Rows of JSON Lines, from lines that end at "\\n" alone (BatchLines.lines("\\n"), their ends kept)."""
    from assessor.core.errors import AnswersError
    from assessor.core.json_rows import load_json_row

    # Lines end at "\n" alone (JSON Lines), so a U+2028 or NEL inside a row's string does not split the row.
    for line_number, line in enumerate(lines, start=1):
        if isinstance(line, Overlong):
            yield BatchRow(line_number, None, None, too_long(line.chars))
            continue
        line = line.removesuffix("\n").removesuffix("\r")
        if not line or line.isspace():
            continue
        is_ascii = line.isascii()
        if not is_ascii and has_surrogates(line):  # ASCII has none: skip the search
            yield BatchRow(line_number, None, None, NOT_UTF8)
            continue
        try:
            data = load_json_row(line, "row")
        except AnswersError as exc:  # one bad row (deep, huge number, duplicate key) is reported, not fatal
            yield BatchRow(line_number, None, None, exc.message.removeprefix("row: "))
            continue
        if not isinstance(data, dict):
            yield BatchRow(line_number, None, None, 'expected a JSON object of answers ({"job_title": ...})')
            continue
        row_id = data.pop("id", None)
        problem = row_id_problem(row_id)
        if problem:
            yield BatchRow(line_number, None, None, problem)
            continue
        # An ASCII line's strings are ASCII unless a \u escape writes another letter.
        yield BatchRow(line_number, row_id, data, latin=is_ascii and "\\u" not in line)


ROW_ID_MAX_CHARS = 200
# The most characters one row may have, on one line or (CSV) over several: a real row is a few kilobytes
# (a title, years, a day split of at most 40 tasks), and a longer one is read past in pieces, never held.
ROW_MAX_CHARS = 100_000


def too_long(chars: int) -> str:
    return f"the row is {chars:,} characters, longer than a row can be (at most {ROW_MAX_CHARS:,}); it was skipped"


class Overlong:
    """A physical line longer than ROW_MAX_CHARS, read past in pieces: its length, its first characters (to
    tell the format by) and whether it holds an odd number of double quotes (to keep a CSV reader in step)."""

    def __init__(self, chars: int, start: str, odd_quotes: bool) -> None:
        self.chars = chars
        self.start = start
        self.odd_quotes = odd_quotes


def bounded_lines(read_line: Callable[[int], str], ends: str) -> Iterator[str | Overlong]:
    """Lines from `read_line(limit)` (a text stream's readline), each at most ROW_MAX_CHARS characters plus its
    end; a longer one becomes an Overlong, read in pieces of 64 KiB that are counted and dropped."""
    while line := read_line(ROW_MAX_CHARS + 1):
        if len(line) <= ROW_MAX_CHARS or line[-1] in ends:
            yield line
            continue
        chars, quotes, start = len(line), line.count('"'), line[:200]
        while piece := read_line(1 << 16):
            chars, quotes = chars + len(piece), quotes + piece.count('"')
            if piece[-1] in ends:
                break
        end = len(piece) - len(piece.rstrip("\r\n")) if piece else 0
        yield Overlong(chars - end, start, quotes % 2 == 1)


class RowBound:
    """The physical lines a CSV reader takes, counted, with each row held to ROW_MAX_CHARS characters.

    A line past the bound (an Overlong, or any line once the row is too long) reaches the reader as a stand-in
    of at most two characters that leaves it in the same state, inside or outside a quoted cell (by the parity
    of the row's double quotes), so the reader stays in step with where the row really ends while the row's
    text is never held; `over` says the row was too long, `chars` how long.
    """

    def __init__(self, lines: Iterable[str | Overlong]) -> None:
        self.lines = iter(lines)
        self.consumed = 0  # physical lines taken (the csv reader's line_num stops at a row it cannot read)
        self.chars = 0
        self.quoted = False  # inside a quoted cell after the lines taken so far (odd quotes in the row)
        self.over = False

    def start_row(self) -> None:
        self.chars = 0
        self.quoted = False
        self.over = False

    def __iter__(self) -> RowBound:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.consumed += 1
        if isinstance(line, Overlong):
            chars, odd = line.chars, line.odd_quotes
        else:
            chars, odd = len(line), line.count('"') % 2 == 1
        self.chars += chars
        self.over = self.over or self.chars > ROW_MAX_CHARS
        self.quoted ^= odd
        if not self.over:
            assert isinstance(line, str)
            return line
        # A quote where the line had an odd number, then a one-character cell if the row ends here (an empty
        # line would be skipped by the reader, which would then take the next row as this one).
        return ('"' if odd else "") + ("" if self.quoted else "-")


NOT_UTF8 = "is not UTF-8 text (save the file as UTF-8)"


def row_id_problem(row_id: Any) -> str | None:
    """A row's id is echoed back as it was given, so it is short text or a whole number, nothing else."""
    if row_id is None or (type(row_id) is str and len(row_id) <= ROW_ID_MAX_CHARS):
        return None
    if isinstance(row_id, bool) or not isinstance(row_id, str | int):
        return f"id: must be text or a whole number, not {type(row_id).__name__}"
    if isinstance(row_id, str) and len(row_id) > ROW_ID_MAX_CHARS:
        return f"id: {len(row_id)} characters is too long (at most {ROW_ID_MAX_CHARS})"
    if isinstance(row_id, int) and abs(row_id) >= 10**18:
        return "id: a whole number of at most 18 digits"
    return None


def csv_rows(physical_lines: Iterable[str | Overlong]) -> Iterator[BatchRow]:
    """Rows of CSV, from lines split at \\n, \\r or \\r\\n with their ends kept (BatchLines.lines(""))."""
    import csv  # here: a single score does without it

    from assessor.core.errors import AnswersError
    from assessor.core.loading import closest
    from assessor.core.models import Answers
    from assessor.core.plain import field_names

    source = RowBound(physical_lines)
    reader = csv.DictReader(source)
    known = [*field_names(Answers), *ID_FIELDS]
    try:
        header = [name.strip() for name in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise AnswersError(f"the CSV batch file's header line cannot be read ({exc})") from None
    if source.over:
        raise AnswersError(
            f"the CSV batch file's header line is {source.chars:,} characters, longer than a row can be "
            f"(at most {ROW_MAX_CHARS:,}); its first line must name the columns (job_title, ...)"
        )
    if not header:
        raise AnswersError(
            "the CSV batch file is empty; its first line must name the columns (job_title, ...)"
        )
    for name in header:
        if name not in known:
            guess = closest(name, known)
            hint = f"; did you mean {guess!r}?" if guess else f"; known columns: {', '.join(known)}"
            raise AnswersError(f"CSV column {name!r} is not an answer field{hint}")
    # A column named twice ('job_title,years_experience,job_title') had its last cell win silently, as JSON
    # keys given twice are refused: which of a row's two titles was meant cannot be told.
    repeated = next((name for index, name in enumerate(header) if name in header[:index]), None)
    if repeated is not None:
        raise AnswersError(
            f"CSV column {repeated!r} is named twice in the header line; name each column once"
        )
    reader.fieldnames = header
    while True:
        line_number = source.consumed + 1
        source.start_row()
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a cell beyond the csv module's size limit: this row only
            yield BatchRow(line_number, None, None, f"cannot be read as CSV ({exc})")
            continue
        if source.over:
            yield BatchRow(line_number, None, None, too_long(source.chars))
            continue
        if None in row:
            cells_given = len(header) + len(row[None])
            yield BatchRow(
                line_number, None, None, f"has {cells_given} cells but the header has {len(header)}"
            )
            continue
        cells = {key: (value or "").strip() for key, value in row.items()}
        if any(has_surrogates(value) for value in cells.values()):
            yield BatchRow(line_number, None, None, NOT_UTF8)
            continue
        if not any(cells.values()):
            continue
        row_id = cells.pop("id", "") or None
        problem = row_id_problem(row_id)
        if problem:
            yield BatchRow(line_number, None, None, problem)
            continue
        answers = {key: value for key, value in cells.items() if value}
        yield BatchRow(line_number, row_id, answers, latin=all(value.isascii() for value in answers.values()))


class Progress:
    """A one-line progress bar on standard error, shown only on a terminal and only after the first second."""

    def __init__(self, total: int, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self.stream = stream
        # The bar's own carriage returns pass; everything else on stderr is escaped (see core.text).
        self.write = getattr(stream, "trusted_write", stream.write)
        self.clock = clock
        self.enabled = stream.isatty()
        self.started = clock()
        self.last_drawn = 0.0
        self.visible = False

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < 1.0 or now - self.last_drawn < 0.1:
            return
        width = 30
        filled = int(width * done / max(self.total, 1))
        self.write(f"\rscoring [{'#' * filled}{'.' * (width - filled)}] {done}/{self.total}")
        self.stream.flush()
        self.last_drawn = now
        self.visible = True

    def clear(self) -> None:
        if self.visible:
            self.write("\r" + " " * 60 + "\r")
            self.stream.flush()
            self.visible = False


BATCH_MAX_BYTES = 200_000_000


class BatchLines:
    """A batch file's lines, read in pieces and never whole (standard input, which cannot be read twice, is).

    A named file is opened once (a regular file within the size limit) and counted in one pass over its bytes
    for the progress bar; `lines` then reads it from the start as often as asked. Bytes that are not UTF-8
    become lone surrogates (as `read_user_text(lenient=True)` makes them), for the row reader to refuse.
    """

    def __init__(self, path_text: str) -> None:
        self.name = "standard input" if path_text == "-" else path_text
        self.path_text = path_text
        self.line_count = 0
        self.descriptor: int | None = None
        self.text: str | None = None

    def __enter__(self) -> BatchLines:
        from assessor.core.answers_io import open_user_file, read_stream_text

        if self.path_text == "-":
            self.text = read_stream_text(
                sys.stdin, "standard input", "a batch file", BATCH_MAX_BYTES, lenient=True
            )
            self.line_count = self.text.count("\n") + 1
            return self
        # A batch may hold many thousands of rows: allow far more than one answers file.
        self.descriptor = open_user_file(Path(self.path_text), "a batch file", BATCH_MAX_BYTES)
        try:
            self.line_count = self._count()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *_: object) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)
            self.descriptor = None

    def _count(self) -> int:
        """Line breaks + 1, checking on the way that the file has not grown past the limit."""
        from assessor.core.errors import AnswersError

        assert self.descriptor is not None
        total = lines = 0
        try:
            while chunk := os.read(self.descriptor, 1 << 20):
                total += len(chunk)
                if total > BATCH_MAX_BYTES:
                    raise AnswersError(
                        f"{self.name}: is too large, larger than a batch file can be "
                        f"(at most {BATCH_MAX_BYTES} bytes)"
                    )
                lines += chunk.count(b"\n")
        except OSError as exc:
            raise AnswersError(f"{self.name}: cannot be read ({exc.strerror})") from None
        return lines + 1

    def lines(self, newline: str) -> Iterator[str | Overlong]:
        """The lines from the start, their ends kept: split at "\\n" alone, or ("") at \\n, \\r or \\r\\n; a
        line longer than a row can be is an Overlong, read past in pieces and never held whole."""
        ends = "\n" if newline == "\n" else "\n\r"
        if self.text is not None:
            yield from bounded_lines(io.StringIO(self.text, newline=newline).readline, ends)
            return
        from assessor.core.errors import AnswersError

        assert self.descriptor is not None
        os.lseek(self.descriptor, 0, os.SEEK_SET)
        raw = os.fdopen(self.descriptor, "rb", closefd=False)
        try:
            with io.TextIOWrapper(
                raw, encoding="utf-8-sig", errors="surrogateescape", newline=newline
            ) as text:
                yield from bounded_lines(text.readline, ends)
        except OSError as exc:
            raise AnswersError(f"{self.name}: cannot be read ({exc.strerror})") from None


OUTPUT_CHUNK = 1 << 16  # characters of result lines written at once (not to a terminal)


class ResultLines:
    """The result lines of a batch, written some 64 KiB at a time: with Python's output unbuffered
    (PYTHONUNBUFFERED, `python -u`) each line was a system call of its own, and writing took more time than
    reading. On a terminal each line is written as soon as it is scored, for the person watching."""

    def __init__(self, stream: TextIO) -> None:
        self.write = getattr(stream, "trusted_write", stream.write)  # each line is escaped in its parts
        self.limit = 0 if stream.isatty() else OUTPUT_CHUNK
        self.pending: list[str] = []
        self.size = 0

    def add(self, line: str) -> None:
        self.pending.append(line)
        self.size += len(line)
        if self.size > self.limit:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            text = "".join(self.pending)
            self.pending.clear()
            self.size = 0
            self.write(text)


COLLECT_EVERY = 10_000  # rows between full garbage collections while a batch is scored


@contextmanager
def few_collections() -> Iterator[None]:
    """The cyclic garbage collector off while rows are scored (run_batch collects now and then: `Collections`).

    Scoring a row makes many short-lived containers and no cycles (remembered errors keep no traceback), so
    the collector's automatic passes, over the catalog, its indices and the memos each time, found nothing
    and took about a sixth of a batch's time. What exists before the batch is frozen (never traversed again
    while it runs), and so is what survives each collection; everything is as it was
    afterwards.
    """
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()


class Collections:
    """When run_batch collects: every COLLECT_EVERY rows at first, twice as far apart after each collection that
    found nothing (scoring makes no cycles, and a pass over the memos, scattered in memory, takes tens of
    milliseconds), back to COLLECT_EVERY as soon as one finds garbage. What survives a collection is frozen
    too, so the next one walks only what was made since."""

    def __init__(self) -> None:
        self.every = COLLECT_EVERY
        self.next = COLLECT_EVERY

    def after(self, done: int) -> None:
        if done < self.next:
            return
        found = gc.collect()
        gc.freeze()
        self.every = COLLECT_EVERY if found else self.every * 2
        self.next = done + self.every


def run_batch(path_text: str, forced_format: str | None) -> int:
    """Score every row; report bad rows with their line number and carry on; exit 1 if any row failed.

    Rows are read, scored and written one at a time, so memory stays flat however long the file is.
    """
    from assessor.core.assess import AnswersChecker
    from assessor.core.batch_scoring import RowScorer, id_json
    from assessor.core.credentials import with_known_credentials
    from assessor.core.errors import AnswersError, AssessorError

    with BatchLines(path_text) as source:
        name = source.name
        first_line = ""
        for line in source.lines(""):
            text = line.start if isinstance(line, Overlong) else line
            first_line = next((part for part in text.splitlines() if part.strip()), "")
            if first_line:
                break
        if not first_line:
            raise AnswersError(f"{name}: has no rows to score")
        if "\x00" in first_line:  # a binary file (or /proc/self/environ): not rows, and not to be quoted
            from assessor.core.answers_io import wide_encoding

            encoding = wide_encoding(first_line.encode("utf-8", "surrogateescape"))
            if encoding is not None:  # Notepad's "Unicode": read row by row as UTF-8, so said, not guessed
                raise AnswersError(f"{name}: is saved as {encoding.upper()}; save the batch file as UTF-8")
            raise AnswersError(f"{name}: holds NUL bytes, so it is not a text file of rows")
        kind = batch_format(name, first_line, forced_format)
        rows = jsonl_rows(source.lines("\n")) if kind == "jsonl" else csv_rows(source.lines(""))
        scorer = RowScorer(catalog())
        progress = Progress(source.line_count - (kind == "csv"), sys.stderr)
        checker = AnswersChecker()
        failed: list[int] = []  # the first lines that failed, for the summary
        failures = done = 0
        collections = Collections()
        results = ResultLines(sys.stdout)
        try:
            with few_collections():
                for row in rows:
                    done += 1
                    if done >= collections.next:
                        collections.after(done)
                    try:
                        if row.error is not None:
                            raise AnswersError(row.error)
                        assert row.data is not None
                        look_alike = None if row.latin else look_alike_answer(row.data)
                        if look_alike is not None:
                            raise AnswersError(look_alike)
                        result = scorer.outcome(checker.load(with_known_credentials(row.data), "answers"))
                    except AssessorError as exc:
                        result = exc
                    if isinstance(result, str):
                        results.add(
                            f'{{"line": {row.line}, "id": {id_json(row.row_id)}, "result": {result}}}\n'
                        )
                    else:
                        progress.clear()
                        message = result.message.removeprefix("answers: ")
                        print(one_line(f"assessor: {name} line {row.line}: {message}"), file=sys.stderr)
                        failures += 1
                        if len(failed) < 20:
                            failed.append(row.line)
                    if progress.enabled:
                        progress.update(done)
            results.flush()
            sys.stdout.flush()
        except (KeyboardInterrupt, AssessorError):  # the rows scored until then are written, as they were
            results.flush()
            raise
        finally:  # stopped by a closed pipe, Ctrl+C or an error: no half-drawn bar left on the terminal
            progress.clear()
    if failures:
        lines_text = ", ".join(str(line) for line in failed) + (", ..." if failures > 20 else "")
        print(
            f"assessor: scored {done - failures} of {done} rows; {failures} failed (line {lines_text})",
            file=sys.stderr,
        )
        return 1
    return 0
