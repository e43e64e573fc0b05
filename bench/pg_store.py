"""The session store on both backends, measured (issue 16): a throwaway PostgreSQL cluster is started in a
temporary folder (as tests/pg_cluster.py does: `postgres` runs it when this runs as root) and removed after.

- 8 counsellors answering at once on PostgreSQL, each with a role of their own (row-level security on), in
  separate processes with separate connections, 40 answers each: every answer kept, in order;
- `sessions list` of 10,000 sessions against the list of 100, on both backends (separate processes,
  interleaved; real results and plans stored): at most 1.5x;
- SIGKILL mid-conversation, on both backends: a writer process is killed at a random moment while it saves
  answers; every answer it had confirmed (record_answer returned) is there;
- `sessions import` of 10,000 sessions (an export file) into an empty store, on both backends (separate
  processes, interleaved, a fresh store each time): PostgreSQL at most 1.5x SQLite.

    .venv/bin/python bench/pg_store.py [--quick] [--only list|import|...]   # non-zero when a target is missed
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from store_list import _sessions  # noqa: E402  (bench/store_list.py: real finished sessions)

from tests.pg_cluster import Cluster, running_cluster  # noqa: E402

LIST_TARGET = 1.5
IMPORT_TARGET = 1.5  # PostgreSQL's import against SQLite's, of the same file
IMPORT_SIZE = 10_000
LIST_SIZES = (100, 10_000)
COUNSELLORS, ANSWERS_EACH = 8, 40

COUNSELLOR_SCRIPT = """
import json, sys, time
from assessor.sessions.database import open_store
url, count = sys.argv[1], int(sys.argv[2])
store = open_store(url)
session_id = store.create_session("Client of " + store.counsellor)
sys.stdin.readline()  # everyone starts together
latencies = []
for index in range(count):
    start = time.perf_counter()
    store.record_answer(session_id, "q%d" % index, "answer %d" % index, {"index": index})
    latencies.append(time.perf_counter() - start)
print(json.dumps({"session": session_id, "latencies": latencies}))
"""

KILLED_WRITER = """
import sys
from assessor.sessions.database import open_store
store = open_store(sys.argv[1])
session_id = store.create_session("Killed mid-conversation")
print("session", session_id, flush=True)
index = 0
while True:
    index += 1
    store.record_answer(session_id, "q", "answer %d" % index, {"index": index})
    print("confirmed", index, flush=True)
"""


def bench_counsellors_at_once(cluster: Cluster) -> dict[str, object]:
    """Eight counsellors' roles, each answering 40 questions at the same moment."""
    from assessor.cli import main as assessor_main

    database = cluster.new_database()
    assert assessor_main(["--database", cluster.url(database), "db", "init"]) == 0
    roles = [f"counsellor{index}_{database}" for index in range(COUNSELLORS)]
    for role in roles:
        cluster.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'pw' IN ROLE assessor_counsellor")
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", COUNSELLOR_SCRIPT, cluster.url(database, role, "pw"), str(ANSWERS_EACH)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for role in roles
    ]
    time.sleep(3)  # every process connected and created its session
    start = time.perf_counter()
    outputs = [process.communicate("go\n", timeout=600)[0] for process in processes]
    elapsed = time.perf_counter() - start
    assert all(process.returncode == 0 for process in processes)
    results = [json.loads(output.strip().splitlines()[-1]) for output in outputs]
    latencies = sorted(value for result in results for value in result["latencies"])
    kept = cluster.execute(
        "SELECT s.counsellor, count(a.seq), min(a.seq), max(a.seq) FROM sessions s "
        "JOIN answers a ON a.session_id = s.id GROUP BY s.counsellor",
        database,
    )
    complete = sorted(kept) == sorted((role, ANSWERS_EACH, 1, ANSWERS_EACH) for role in roles)
    total = sum(int(row[1]) for row in kept)  # type: ignore[call-overload]
    p95 = latencies[int(len(latencies) * 0.95)]
    return {
        "figure": f"PostgreSQL: {COUNSELLORS} counsellors answering at once ({ANSWERS_EACH} each)",
        "value": f"{total}/{COUNSELLORS * ANSWERS_EACH} answers kept, in order; "
        f"{total / elapsed:.0f} answers/s, commit median {statistics.median(latencies) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms",
        "target": "nothing lost",
        "met": complete and total == COUNSELLORS * ANSWERS_EACH,
        "note": "separate processes and connections, one role each, row-level security on",
    }


def _export_file(workdir: Path, count: int) -> Path:
    from assessor.sessions.backend import EXPORT_FORMAT, EXPORT_VERSION

    path = workdir / f"export-{count}.json"
    if not path.exists():
        document = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "sessions": _sessions(count)}
        path.write_text(json.dumps(document), encoding="utf-8")
    return path


def bench_list(kind: str, url_for: dict[int, str], runs: int) -> dict[str, object]:
    from assessor.sessions.database import open_store

    command = [sys.executable, "-m", "assessor", "sessions", "list", "--all"]
    for count, url in url_for.items():
        assert len(open_store(url).list_sessions(everyone=True)) == count
    samples: dict[int, list[float]] = {count: [] for count in url_for}
    env_for = {count: {**os.environ, "ASSESSOR_DATABASE_URL": url} for count, url in url_for.items()}
    for env in env_for.values():  # one warm-up each
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    for _ in range(runs):
        for count, env in env_for.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
            samples[count].append(time.perf_counter() - start)
    small, large = (statistics.median(samples[count]) for count in LIST_SIZES)
    ratio = large / small
    return {
        "figure": f"{kind}: `sessions list --all` of {LIST_SIZES[1]:,} sessions vs {LIST_SIZES[0]}",
        "value": f"{ratio:.2f}x ({large * 1000:.0f} ms vs {small * 1000:.0f} ms)",
        "target": f"<= {LIST_TARGET}x",
        "met": ratio <= LIST_TARGET,
        "note": "separate processes, interleaved; real results and plans stored",
    }


def bench_kill(kind: str, url: str, kills: int) -> dict[str, object]:
    """Kill a writer at a random moment; every answer it confirmed must be there."""
    from assessor.sessions.database import open_store

    rng = random.Random(16)
    confirmed_total = kept_total = 0
    intact = True
    for _ in range(kills):
        process = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, url], stdout=subprocess.PIPE, text=True, bufsize=1
        )
        assert process.stdout is not None
        session_id = process.stdout.readline().split()[1]
        target = rng.randint(5, 60)
        confirmed = 0
        for line in process.stdout:
            confirmed = int(line.split()[1])
            if confirmed >= target:
                break
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        process.stdout.close()
        # The writer may have saved a few more between our last read and the kill: those are a bonus, but
        # what is there must be whole answers, in order, with nothing missing before them.
        record = open_store(url).get(session_id)
        texts = [raw.raw_text for raw in record.raw_answers]
        intact = intact and texts == [f"answer {index}" for index in range(1, len(texts) + 1)]
        confirmed_total += confirmed
        kept_total += min(len(texts), confirmed)
    return {
        "figure": f"{kind}: SIGKILL while saving answers ({kills} kills at random moments)",
        "value": f"{kept_total}/{confirmed_total} confirmed answers kept",
        "target": "every confirmed answer",
        "met": intact and kept_total == confirmed_total,
        "note": "a killed writer's unconfirmed answer may or may not be there, never half of it",
    }


def bench_import(cluster: Cluster, workdir: Path, runs: int) -> dict[str, object]:
    """`assessor sessions import` of IMPORT_SIZE sessions into a fresh store, each backend in turn."""
    from assessor.sessions.database import open_store

    export = _export_file(workdir, IMPORT_SIZE)
    samples: dict[str, list[float]] = {"SQLite": [], "PostgreSQL": []}
    for run in range(runs):
        for kind in samples:
            url = (
                f"sqlite://{workdir}/import-{run}"
                if kind == "SQLite"
                else cluster.url(cluster.new_database())
            )
            env = {**os.environ, "ASSESSOR_DATABASE_URL": url}
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "assessor", "sessions", "import", str(export)],
                check=True,
                stdout=subprocess.DEVNULL,
                env=env,
            )
            samples[kind].append(time.perf_counter() - start)
            assert len(open_store(url).list_sessions(everyone=True)) == IMPORT_SIZE
    sqlite, postgres = (statistics.median(samples[kind]) for kind in ("SQLite", "PostgreSQL"))
    ratio = postgres / sqlite
    return {
        "figure": f"PostgreSQL: `sessions import` of {IMPORT_SIZE:,} sessions vs SQLite's",
        "value": f"{ratio:.2f}x ({postgres:.1f} s vs {sqlite:.1f} s)",
        "target": f"<= {IMPORT_TARGET}x",
        "met": ratio <= IMPORT_TARGET,
        "note": "separate processes, interleaved, a fresh store each; the same checks as any import",
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument(
        "--only", choices=("counsellors", "list", "kill", "import"), help="measure this figure alone"
    )
    args = parser.parse_args()
    runs = 5 if args.quick else 11
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp, running_cluster() as cluster:
        if not isinstance(cluster, Cluster):
            print(f"bench/pg_store.py: no PostgreSQL: {cluster}", file=sys.stderr)
            return 2
        workdir = Path(tmp)
        os.environ["ASSESSOR_CACHE"] = str(workdir / "cache")
        os.environ.pop("ASSESSOR_COUNSELLOR", None)
        from assessor.sessions.database import open_store

        wanted = {args.only} if args.only else {"counsellors", "list", "kill", "import"}
        if "counsellors" in wanted:
            results.append(bench_counsellors_at_once(cluster))
        for kind in ("SQLite", "PostgreSQL") if "list" in wanted else ():
            urls: dict[int, str] = {}
            for count in LIST_SIZES:
                url = (
                    f"sqlite://{workdir}/list-{count}"
                    if kind == "SQLite"
                    else cluster.url(cluster.new_database())
                )
                assert open_store(url).import_file(_export_file(workdir, count)).imported == count
                urls[count] = url
            results.append(bench_list(kind, urls, runs))
        kills = (
            (("SQLite", f"sqlite://{workdir}/kill"), ("PostgreSQL", cluster.url(cluster.new_database())))
            if "kill" in wanted
            else ()
        )
        for kind, url in kills:
            results.append(bench_kill(kind, url, 3 if args.quick else 8))
        if "import" in wanted:
            results.append(bench_import(cluster, workdir, 1 if args.quick else 3))
    print("| figure | measured | target | met | note |")
    print("|---|---|---|---|---|")
    for result in results:
        met = "yes" if result["met"] else "NO"
        print(f"| {result['figure']} | {result['value']} | {result['target']} | {met} | {result['note']} |")
    return 0 if all(result["met"] for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
