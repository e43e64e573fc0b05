"""The README's "Where things live" names every module under assessor/, and names nothing that is not there.

Each bullet of that section that starts with a folder of the package (`assessor/core/`) names files in it;
a sub-folder followed by parentheses (`screens/` (`chat.py`, ...)) names the files inside the parentheses
in that sub-folder; a name that starts with `assessor/` stands for itself. Package `__init__.py` files go
without saying.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "assessor"
FILE_NAME = re.compile(r"[\w./-]+(?:\.\w+|/)")


def section(text: str, heading: str) -> str:
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def bullets(text: str) -> list[str]:
    """Each top-level bullet of a Markdown list, its continuation lines joined."""
    found: list[str] = []
    for line in text.splitlines():
        if line.startswith("- "):
            found.append(line[2:])
        elif found and line.startswith("  "):
            found[-1] += " " + line.strip()
    return found


def named_paths(bullet: str) -> set[str]:
    """The repository paths one bullet names (relative to the repository, folders ending in /)."""
    tokens = re.findall(r"`([^`]*)`|(\()|(\))", bullet)
    if not tokens or not tokens[0][0].startswith("assessor/"):
        return set()
    folder = tokens[0][0]
    names: set[str] = {folder}
    stack: list[str] = []  # the sub-folder each open parenthesis is about ("" when about no folder)
    previous: str | None = None  # the name just before, when nothing came between it and a "("
    for name, opening, closing in tokens[1:]:
        if opening:
            stack.append(previous if previous and previous.endswith("/") else "")
            previous = None
        elif closing:
            if stack:
                stack.pop()
            previous = None
        else:
            previous = name
            if FILE_NAME.fullmatch(name):
                names.add(name if name.startswith("assessor/") else folder + "".join(stack) + name)
    return names


def test_the_readme_names_every_module_and_only_what_is_there() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named: set[str] = set()
    for bullet in bullets(section(readme, "Where things live")):
        named |= named_paths(bullet)
    modules = {
        path.relative_to(ROOT).as_posix() for path in PACKAGE.rglob("*.py") if path.name != "__init__.py"
    }
    assert sorted(modules - named) == [], (
        "modules under assessor/ that the README's 'Where things live' omits"
    )
    missing = sorted(name for name in named if not (ROOT / name).exists())
    assert missing == [], "the README's 'Where things live' names what is not in the tree"


def test_the_reader_follows_sub_folders_and_parentheses() -> None:
    bullet = (
        "`assessor/tui/`: `app.py` (typed against `SessionStore`), `screens/` (`chat.py`, `help.py` with "
        "`help.md`), `widgets/` (`answer.py`, and `format.py`: `ThemedText`), `assessor/cli.py` wires them"
    )
    assert named_paths(bullet) == {
        "assessor/tui/",
        "assessor/tui/app.py",
        "assessor/tui/screens/",
        "assessor/tui/screens/chat.py",
        "assessor/tui/screens/help.py",
        "assessor/tui/screens/help.md",
        "assessor/tui/widgets/",
        "assessor/tui/widgets/answer.py",
        "assessor/tui/widgets/format.py",
        "assessor/cli.py",
    }
    assert named_paths("`roles/`: role cards (`cards/`)") == set()
