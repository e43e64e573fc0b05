"""Benchmarks for assessor: every figure is a ratio or rate measured in this one run, against a reference
measured in the same run, so a slow or busy machine does not fool it.

    .venv/bin/python bench/run.py            # every figure, printed against its target; exit 1 if one is missed
    .venv/bin/python bench/run.py --quick    # fewer repetitions
    .venv/bin/python bench/run.py --write    # also rewrite bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
ASSESSOR = [PYTHON, "-m", "assessor"]

ANSWERS = """job_title = "Medical Coder"
years_experience = 3
specialty = "oncology"
certifications = ["CPC"]
time_split = "about half coding, 20% denials, the rest queries"
"""


def _median_seconds(command: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall time of each command, runs interleaved so drift hits them alike."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


DEPENDENCY_IMPORTS = "import pydantic, rapidfuzz"
# What `score` really needs of its dependencies: pydantic's model machinery, rapidfuzz's matcher, TOML and JSON.
SCORE_FLOOR = "from pydantic import BaseModel; import rapidfuzz.process, tomllib, json"
SCORE_TARGET = 1.25
VERSION_TARGET = 1.1


def bench_cold_start(runs: int, workdir: Path) -> dict[str, object]:
    answers = workdir / "answers.toml"
    answers.write_text(ANSWERS, encoding="utf-8")
    score = [*ASSESSOR, "score", str(answers), "--json"]
    subprocess.run(score, check=True, stdout=subprocess.DEVNULL)  # fills the validated-catalog cache once
    medians = _interleaved({"score": score, "floor": [PYTHON, "-c", SCORE_FLOOR]}, runs)
    probe = subprocess.run(
        [PYTHON, "-c", "import sys, assessor.cli as c; c.main(['score', sys.argv[1], '--json']);"
         "print('TEXTUAL' if 'textual' in sys.modules else 'NO-TEXTUAL', file=sys.stderr)", str(answers)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    ratio = medians["score"] / medians["floor"]
    return {
        "figure": f"cold start: `assessor score FILE --json` / `python -c '{SCORE_FLOOR}'`",
        "value": f"{ratio:.2f}x ({medians['score'] * 1000:.0f} ms vs {medians['floor'] * 1000:.0f} ms)",
        "target": f"<= {SCORE_TARGET}x, no textual import",
        "met": ratio <= SCORE_TARGET and "NO-TEXTUAL" in probe.stderr,
        "note": ("textual imported" if "NO-TEXTUAL" not in probe.stderr else "textual not imported")
        + "; validated catalog from the cache (filled by one run before timing)",
    }


def bench_version(runs: int) -> dict[str, object]:
    medians = _interleaved(
        {"version": [*ASSESSOR, "--version"], "floor": [PYTHON, "-c", DEPENDENCY_IMPORTS]},
        runs,
    )
    ratio = medians["version"] / medians["floor"]
    return {
        "figure": f"`assessor --version` / `python -c '{DEPENDENCY_IMPORTS}'`",
        "value": f"{ratio:.2f}x ({medians['version'] * 1000:.0f} ms vs {medians['floor'] * 1000:.0f} ms)",
        "target": f"<= {VERSION_TARGET}x",
        "met": ratio <= VERSION_TARGET,
        "note": "neither pydantic nor the catalog is loaded",
    }


FIRST_PAINT_TARGET = 1.8


def bench_first_paint(runs: int) -> dict[str, object]:
    script = ROOT / "bench" / "first_paint.py"
    figure = "first question on screen, headless, from `assessor` process start / a one-Static Textual app"
    target = f"<= {FIRST_PAINT_TARGET}x"
    out = subprocess.run([PYTHON, str(script), "--runs", str(runs), "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        return {"figure": figure, "value": "failed: " + out.stderr.strip()[-200:], "target": target,
                "met": False, "note": ""}  # fmt: skip
    data = json.loads(out.stdout.strip().splitlines()[-1])
    seconds = float(data["entry_point_s"])
    in_app = float(data["first_question_s"])
    reference = float(data["bare_app_s"])
    ratio = seconds / reference
    return {
        "figure": figure,
        "value": f"{ratio:.2f}x ({seconds * 1000:.0f} ms vs {reference * 1000:.0f} ms)",
        "target": target,
        "met": ratio <= FIRST_PAINT_TARGET,
        "note": f"the app alone, without the CLI entry: {in_app / reference:.2f}x ({in_app * 1000:.0f} ms)",
    }


BATCH_TARGET = 4.0
BATCH_MEMORY_TARGET = 1.5
# The read/write floor: a plain Python loop that reads each JSON line and writes a 1 KB JSON result.
BATCH_FLOOR = """
import json, sys
task = {"id": "assign-codes", "name": "Read clinical documentation and assign codes", "time_pct": 50.0,
        "automation": 5, "base_automation": 5, "kind": "displaced", "origin": "role", "card": "medical-coder"}
result = {"role": {"id": "medical-coder", "title": "Medical Coder", "level": "mid", "confidence": 100.0},
          "tasks": [task] * 5, "score": 11.6, "zone": "red", "label": "Red (Imminent)", "notes": []}
out = sys.stdout
with open(sys.argv[1], encoding="utf-8") as rows:
    for number, line in enumerate(rows, start=1):
        row = json.loads(line)
        out.write(json.dumps({"line": number, "id": row.get("id"), "result": result}, ensure_ascii=False) + "\\n")
"""


def _batch_file(workdir: Path, rows: int) -> Path:
    """`rows` varied answer sets (bench/batch_rows.py: titles, years, free-text days, task tables vary)."""
    from batch_rows import rows as varied_rows

    path = workdir / f"batch-{rows}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for row in varied_rows(rows):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def _timed_run(command: list[str]) -> tuple[float, int, int, int]:
    """Wall seconds, exit status, lines written and peak RSS (KiB, this child alone) of one run."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = sum(1 for line in out if line.strip())
    return elapsed, child.returncode, lines, usage.ru_maxrss


def bench_batch(rows: int, runs: int, workdir: Path) -> list[dict[str, object]]:
    path = _batch_file(workdir, rows)
    small = _batch_file(workdir, 1000)
    ours = [*ASSESSOR, "score", "--batch", str(path)]
    floor = [PYTHON, "-c", BATCH_FLOOR, str(path)]
    rates: dict[str, list[float]] = {"ours": [], "floor": []}
    scored = peak_large = 0
    for _ in range(runs):
        elapsed, code, lines, peak = _timed_run(ours)
        if code not in (0, 1) or not lines:
            return [{"figure": "batch scoring", "value": f"failed (exit {code})", "target": "",
                     "met": False, "note": ""}]  # fmt: skip
        scored, peak_large = lines, max(peak_large, peak)
        rates["ours"].append(lines / elapsed)  # rows that failed do not count
        elapsed, _, lines, _ = _timed_run(floor)
        rates["floor"].append(lines / elapsed)
    ours_rate, floor_rate = (statistics.median(values) for values in rates.values())
    ratio = floor_rate / ours_rate
    peak_small = max(_timed_run([*ASSESSOR, "score", "--batch", str(small)])[3] for _ in range(2))
    memory = peak_large / peak_small
    return [
        {
            "figure": f"`score --batch`, {rows:,} varied rows: the read/write floor's rate / ours",
            "value": f"{ratio:.2f}x ({ours_rate:,.0f} scored rows/s vs {floor_rate:,.0f} rows/s)",
            "target": f"<= {BATCH_TARGET}x",
            "met": ratio <= BATCH_TARGET,
            "note": f"{scored:,} of {rows:,} rows scored (the rest fail on purpose and are not counted); "
            "start-up included for both; the floor reads each JSON line and writes a 1 KB JSON result",
        },
        {
            "figure": f"`score --batch` peak memory: {rows:,} rows / 1,000 rows",
            "value": f"{memory:.2f}x ({peak_large / 1024:.0f} MiB vs {peak_small / 1024:.0f} MiB)",
            "target": f"<= {BATCH_MEMORY_TARGET}x",
            "met": memory <= BATCH_MEMORY_TARGET,
            "note": "max RSS of each process alone (os.wait4)",
        },
    ]


def _synthetic_catalog(size: int):  # type: ignore[no-untyped-def]
    from assessor.core.catalog import load_catalog

    catalog = load_catalog()
    template = catalog.role("medical-coder")
    words = [
        "analyst",
        "officer",
        "clerk",
        "technician",
        "planner",
        "agent",
        "inspector",
        "advisor",
        "scheduler",
    ]
    areas = ["claims", "records", "billing", "supply", "payroll", "benefits", "registry", "intake", "quality"]
    roles = list(catalog.roles)
    for index in range(size - len(roles)):
        title = f"{areas[index % len(areas)]} {words[(index // len(areas)) % len(words)]} {index}"
        roles.append(
            replace(template, id=f"synthetic-{index}", family=f"synthetic-{index}", title=title,
                    aliases=(f"{title} specialist",), level="any")
        )  # fmt: skip
    return catalog.model_copy(update={"roles": tuple(roles)})


def bench_title_matching(sizes: list[int], queries_per_size: int) -> dict[str, object]:
    from assessor.core import matching

    queries = ["medcial codr", "Coder II", "HCC coder", "pastry chef", "clinical documentation specialist"]
    per_match: dict[int, float] = {}
    for size in sizes:
        catalog = _synthetic_catalog(size)
        matching.match_title(queries[0], catalog)  # builds the catalog's title index once, as a session does
        start = time.perf_counter()
        for count in range(queries_per_size):
            # _match_title: the real work, bypassing the per-catalog memo that match_title keeps
            matching._match_title(queries[count % len(queries)], catalog)
        per_match[size] = (time.perf_counter() - start) / queries_per_size
    at_1000 = per_match.get(1000, float("nan"))
    growth = " ".join(f"{size}:{seconds * 1000:.2f}ms" for size, seconds in per_match.items())
    first, last = sizes[0], sizes[-1]
    factor = per_match[last] / per_match[first]
    return {
        "figure": "title matching per query (catalog of synthetic roles)",
        "value": f"{at_1000 * 1000:.2f} ms at 1,000 roles; {growth}; x{factor:.0f} from {first} to {last} roles "
        f"(x{last // first} more roles)",
        "target": "< 2 ms per match at 1,000 roles",
        "met": at_1000 < 0.002,
        "note": "uncached matches; a title seen before is remembered with the catalog",
    }


def bench_memory(workdir: Path) -> dict[str, object]:
    answers = workdir / "answers.toml"
    answers.write_text(ANSWERS, encoding="utf-8")
    # VmHWM is this process's own peak; ru_maxrss would carry over the benchmark parent's peak across exec.
    peak = "[l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0]"
    code = f"import sys, assessor.cli as c; c.main(['score', sys.argv[1], '--json']); print({peak}, file=sys.stderr)"
    reference_code = f"import sys, pydantic, rapidfuzz; print({peak}, file=sys.stderr)"
    ours = subprocess.run([PYTHON, "-c", code, str(answers)], capture_output=True, text=True, check=True)
    ref = subprocess.run([PYTHON, "-c", reference_code], capture_output=True, text=True, check=True)
    ours_kib = int(ours.stderr.strip().splitlines()[-1])
    ref_kib = int(ref.stderr.strip().splitlines()[-1])
    return {
        "figure": "peak memory (max RSS) of one `assessor score --json` run",
        "value": f"{ours_kib / 1024:.1f} MiB ({ours_kib / ref_kib:.2f}x `import pydantic, rapidfuzz` at "
        f"{ref_kib / 1024:.1f} MiB)",
        "target": "reported (no target set)",
        "met": True,
        "note": "",
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--write", action="store_true", help="rewrite bench/RESULTS.md")
    args = parser.parse_args()
    runs = 5 if args.quick else 15
    # An installed wheel is byte-compiled by pip, as the floors' libraries are: compile ours too, so that a
    # checkout run with PYTHONDONTWRITEBYTECODE=1 does not charge the figures for compiling our sources.
    compileall.compile_dir(ROOT / "assessor", quiet=1)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        os.environ["ASSESSOR_HOME"] = str(workdir / "home")
        os.environ["ASSESSOR_CACHE"] = str(workdir / "cache")
        results.append(bench_cold_start(runs, workdir))
        results.append(bench_version(runs))
        results.append(bench_first_paint(3 if args.quick else 7))
        results.extend(bench_batch(10000 if args.quick else 50000, 1 if args.quick else 3, workdir))
        results.append(bench_title_matching([100, 1000, 10000], 50 if args.quick else 200))
        results.append(bench_memory(workdir))
        from store_list import bench_store_list  # bench/store_list.py: the session list at scale

        results.append(bench_store_list(5 if args.quick else 15, workdir))
    lines = [f"Machine: {machine()}", f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", ""]
    lines.append("| figure | measured | target | met | note |")
    lines.append("|---|---|---|---|---|")
    for result in results:
        met = "yes" if result["met"] else "NO"
        lines.append(
            f"| {result['figure']} | {result['value']} | {result['target']} | {met} | {result['note']} |"
        )
    import accuracy  # bench/accuracy.py: how well the labelled sets in tests/data are understood

    lines += ["", accuracy.all_reports()]
    print("\n".join(lines))
    if args.write:
        (ROOT / "bench" / "RESULTS.md").write_text(
            "# Benchmark results\n\nProduced by `.venv/bin/python bench/run.py --write`.\n\n"
            + "\n".join(lines)
            + "\n",
            encoding="utf-8",
        )
    return 0 if all(result["met"] for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
