"""`assessor sessions list` over a caseload of 2,000 saved sessions against the same list over 5.

Both stores hold real finished sessions (results and plans from the scoring code, varied answers), filled
through one `import` so setting up takes seconds; the two lists run interleaved as separate processes, as a
counsellor runs them. Target (issue 15): the 2,000 list at most 1.5x the 5 list.

    .venv/bin/python bench/store_list.py [--quick]     # exits non-zero when the target is missed
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET = 1.5
SIZES = (5, 2000)
TITLES = ("medical coder", "inpatient coder II", "coding auditor", "CDI specialist", "medical biller")


def _sessions(count: int) -> list[dict[str, Any]]:
    """`count` finished sessions in the export format, from a few real scorings."""
    from assessor.core.assess import assess, assessment_summary
    from assessor.core.catalog import load_catalog
    from assessor.core.models import Answers
    from assessor.core.plain import dumped
    from assessor.core.plan import build_plan, plan_summary
    from assessor.sessions.store import new_session_id

    catalog = load_catalog()
    scored = []
    for index, title in enumerate(TITLES):
        answers = Answers.validated(
            dict(job_title=title, years_experience=2 + 3 * index, specialty="oncology")
        )
        plan = plan_summary(build_plan(answers, catalog))
        scored.append(
            (
                dumped(answers, json=True, exclude_none=True),
                assessment_summary(assess(answers, catalog)),
                plan,
            )
        )
    stamp = "2026-05-01T10:00:00+00:00"
    sessions = []
    for index in range(count):
        answers, result, plan = scored[index % len(scored)]
        sessions.append(
            {
                "id": new_session_id(),
                "client_label": f"Client {index:04d}",
                "notes": "Interested in CDI; follow up in May. " * (index % 4),
                "status": "finished",
                "answers": answers,
                "raw_answers": [
                    {"seq": seq + 1, "question_id": key, "raw_text": str(value), "answered_at": stamp}
                    for seq, (key, value) in enumerate(answers.items())
                ],
                "data_version": catalog.version,
                "result": result,
                "plan": plan,
                "created_at": stamp,
                "updated_at": stamp,
                "finished_at": stamp,
            }
        )
    return sessions


def _filled_home(workdir: Path, count: int) -> Path:
    from assessor.sessions.store import EXPORT_FORMAT, EXPORT_VERSION, Store

    home = workdir / f"home-{count}"
    export = workdir / f"export-{count}.json"
    document = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "sessions": _sessions(count)}
    export.write_text(json.dumps(document), encoding="utf-8")
    assert Store.open(home).import_file(export).imported == count
    return home


def bench_store_list(runs: int, workdir: Path) -> dict[str, object]:
    homes = {count: _filled_home(workdir, count) for count in SIZES}
    command = [sys.executable, "-m", "assessor", "sessions", "list"]
    samples: dict[int, list[float]] = {count: [] for count in SIZES}
    for home in homes.values():  # one warm-up each: the first open checks the new file once
        subprocess.run(
            command, check=True, stdout=subprocess.DEVNULL, env={**os.environ, "ASSESSOR_HOME": str(home)}
        )
    for _ in range(runs):
        for count, home in homes.items():
            env = {**os.environ, "ASSESSOR_HOME": str(home)}
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
            samples[count].append(time.perf_counter() - start)
    small, large = (statistics.median(samples[count]) for count in SIZES)
    ratio = large / small
    return {
        "figure": f"`sessions list`: {SIZES[1]:,} sessions vs {SIZES[0]}",
        "value": f"{ratio:.2f}x ({large * 1000:.0f} ms vs {small * 1000:.0f} ms)",
        "target": f"<= {TARGET}x",
        "met": ratio <= TARGET,
        "note": "separate processes, interleaved; real results and plans stored",
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = bench_store_list(5 if args.quick else 15, Path(tmp))
    print(
        f"{result['figure']}: {result['value']} (target {result['target']}): {'met' if result['met'] else 'MISSED'}"
    )
    return 0 if result["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
