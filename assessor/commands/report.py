"""`assessor report ANSWERS --format md|html|json -o FILE`: the shareable personal report."""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from assessor.commands.common import about_file, answers_from, catalog
from assessor.core.errors import AnswersError
from assessor.report.files import check_output, shown_path, write_output
from assessor.report.html import render_html
from assessor.report.markdown import render_markdown
from assessor.report.model import build_report, report_json

FORMATS = ("md", "html", "json")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write the personal report (Markdown, HTML or JSON)",
        description="Write the report for an answers file: score, tasks, uncertainty band, plan, "
        "career moves, second opinions, limitations and sources. HTML is one self-contained file that "
        "prints on A4 or Letter.",
    )
    parser.add_argument("answers", nargs="?", help="answers file (TOML or JSON), or - for standard input")
    parser.add_argument(
        "--format", choices=FORMATS, help="md, html or json (default: from the file name, else md)"
    )
    parser.add_argument("-o", "--output", help="file to write; '-' or none prints to standard output")
    parser.add_argument("--force", action="store_true", help="overwrite an existing output file")
    parser.set_defaults(run=run)


# The file endings each format may be written to; another ending would hold the wrong kind of file.
SUFFIXES = {"md": (".md", ".markdown", ".txt"), "html": (".html", ".htm"), "json": (".json",)}


def _format(args: argparse.Namespace) -> str:
    """The format asked for, else the one the output file's ending names, else Markdown; never a mismatch."""
    output = args.output if args.output and args.output != "-" else None
    suffix = Path(output).suffix.lower() if output else ""
    by_suffix = next((kind for kind, endings in SUFFIXES.items() if suffix in endings), None)
    if suffix and by_suffix is None:
        extra = (
            " (PDF is not written: write HTML and print it to PDF from a browser)" if suffix == ".pdf" else ""
        )
        raise AnswersError(
            f"{output}: a report is written as {', '.join(SUFFIXES)}; the ending {suffix} matches none of "
            f"them{extra}; name the file .md, .html or .json"
        )
    if args.format and by_suffix and args.format != by_suffix:
        raise AnswersError(
            f"{output}: the ending {suffix} does not hold a {args.format} report; "
            f"name it {Path(output or '').stem}{SUFFIXES[args.format][0]} or drop --format"
        )
    return str(args.format or by_suffix or "md")


def run(args: argparse.Namespace) -> int:
    if args.answers is None:
        raise AnswersError(
            "report needs an answers file (or - for standard input); see 'assessor report --help'"
        )
    kind = _format(args)
    check_output(args.output or "-", args.force)  # before the report is built
    with about_file(args.answers):
        answers = answers_from(args.answers)
        report = build_report(answers, catalog(), created=datetime.date.today().isoformat())
    if kind == "html":
        text = render_html(report)
    elif kind == "json":
        text = json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"
    else:
        text = render_markdown(report)
    path = write_output(args.output or "-", text, args.force, sys.stdout)
    if path is not None:
        print(f"Wrote {shown_path(path)} ({kind}).")
    return 0
