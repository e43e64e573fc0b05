"""`assessor report ANSWERS --format md|html|json -o FILE`: the shareable personal report."""

from __future__ import annotations

import argparse
import datetime
import json
from pathlib import Path

from assessor.commands.common import answers_from, catalog
from assessor.core.errors import AnswersError
from assessor.report.files import write_text_atomic
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


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = Path(args.output).suffix.lower().lstrip(".") if args.output and args.output != "-" else ""
    return (
        {"htm": "html", "markdown": "md"}.get(suffix, suffix)
        if suffix in (*FORMATS, "htm", "markdown")
        else "md"
    )


def run(args: argparse.Namespace) -> int:
    if args.answers is None:
        raise AnswersError(
            "report needs an answers file (or - for standard input); see 'assessor report --help'"
        )
    answers = answers_from(args.answers)
    report = build_report(answers, catalog(), created=datetime.date.today().isoformat())
    kind = _format(args)
    if kind == "html":
        text = render_html(report)
    elif kind == "json":
        text = json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"
    else:
        text = render_markdown(report)
    if not args.output or args.output == "-":
        print(text, end="")
        return 0
    path = Path(args.output)
    write_text_atomic(path, text, force=args.force)
    print(f"Wrote {path} ({kind}).")
    return 0
