"""Time from process start to the first question on screen (headless), against a bare Textual app.

Each measurement is a fresh Python process: imports, loading the role data and the questionnaire all count.
The bare app (one Static, no CSS) is the reference: the ratio says what assessor adds on top of Textual.
Cases are interleaved run by run, so a busy machine slows them all alike.

    .venv/bin/python bench/first_paint.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

BARE = r"""
import time
start = time.perf_counter()
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("What is your job title?", id="q")

async def auto_pilot(pilot):
    painted = []
    pilot.app.screen.call_after_refresh(lambda: painted.append(time.perf_counter() - start))
    while not painted:
        await pilot.pause(0.001)
    print(f"PAINT {painted[0]:.4f}")
    pilot.app.exit()

Bare().run(headless=True, size=(80, 24), auto_pilot=auto_pilot)
"""

ASSESSOR = r"""
import time
start = time.perf_counter()
from assessor.commands.app import _load_catalog, _load_questionnaire
from assessor.core.first_question import first_question
from assessor.tui.app import AssessorApp
from assessor.tui.widgets.transcript import ChatMessage

# As `assessor` builds it (commands/app.py): the first question's words now, the data after the first paint.
app = AssessorApp(_load_catalog, _load_questionnaire, None, first_question=first_question(),
                  show_consent={consent}, cursor_blink=False)

async def auto_pilot(pilot):
    while True:
        chat = pilot.app.screen_stack[0]
        shown = [m for m in chat.query(ChatMessage) if str(m.render()) == "What is your job title?"]
        if shown and ({consent} or pilot.app.screen is chat):
            break
        await pilot.pause(0.001)
    painted = []
    pilot.app.screen.call_after_refresh(lambda: painted.append(time.perf_counter() - start))
    while not painted:
        await pilot.pause(0.001)
    print(f"PAINT {painted[0]:.4f}")
    pilot.app.exit()

app.run(headless=True, size=(80, 24), auto_pilot=auto_pilot)
"""

# The real entry point: assessor.cli.main([]) builds the parser (importing every sub-command), runs the app.
CLI = r"""
import time
start = time.perf_counter()
import assessor.cli
from assessor.tui.app import AssessorApp
from assessor.tui.widgets.transcript import ChatMessage

original_run = AssessorApp.run

async def auto_pilot(pilot):
    while True:
        chat = pilot.app.screen_stack[0]
        if [m for m in chat.query(ChatMessage) if str(m.render()) == "What is your job title?"]:
            break
        await pilot.pause(0.001)
    painted = []
    pilot.app.screen.call_after_refresh(lambda: painted.append(time.perf_counter() - start))
    while not painted:
        await pilot.pause(0.001)
    print(f"PAINT {painted[0]:.4f}")
    pilot.app.exit(0)

def run(self, **kwargs):
    self.show_consent = False
    return original_run(self, headless=True, size=(80, 24), auto_pilot=auto_pilot)

AssessorApp.run = run
assessor.cli.main([])
"""


def measure(code: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    for line in done.stdout.splitlines():
        if line.startswith("PAINT "):
            return float(line.split()[1])
    raise SystemExit(f"benchmark run failed:\n{done.stdout}\n{done.stderr}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per case (median is reported)")
    parser.add_argument(
        "--json", action="store_true", help="end with one JSON line of the medians (bench/run.py)"
    )
    args = parser.parse_args()
    print(
        "Each figure: a fresh process, from its start to the refresh after the first question is mounted (80x24)."
    )
    measure(BARE)  # warm the OS file cache once so the first case is not penalised
    cases = {
        "bare Textual app, first paint": BARE,
        "assessor, first question on screen": ASSESSOR.replace("{consent}", "False"),
        "assessor, consent screen (question mounted behind it)": ASSESSOR.replace("{consent}", "True"),
        "`assessor` entry point (CLI parser + app), first question": CLI,
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, code in cases.items():
            times[name].append(measure(code))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(
            f"{name:<60} median {medians[name] * 1000:7.1f} ms"
            f"  (min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f})"
        )
    bare = medians["bare Textual app, first paint"]
    question = medians["assessor, first question on screen"]
    print(
        f"ratio assessor / bare: {question / bare:.2f}x; added by assessor: {(question - bare) * 1000:.1f} ms"
    )
    print(f"target: first question under 500 ms -> {'met' if question < 0.5 else 'NOT met'}")
    if args.json:
        entry = medians["`assessor` entry point (CLI parser + app), first question"]
        print(json.dumps({"first_question_s": question, "bare_app_s": bare, "entry_point_s": entry}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
