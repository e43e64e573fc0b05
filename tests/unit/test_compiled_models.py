"""The domain's pydantic models' compiled validators kept with the cached catalog (the questionnaire's, the
plan's: the catalog and the answers are plain dataclasses): a warm start builds none, and the validators it
gets back judge exactly as freshly built ones do (same values, same errors)."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from assessor.core.catalog_cache import cache_file
from assessor.core.data import data_dir

# Scores good answers and reports bad ones in one fresh interpreter, then says which validators it had to build.
PROBE = r"""
import json, sys
import pydantic._internal._model_construction as construction
built = []
complete = construction.complete_model_class
def counting(cls, *args, **kwargs):
    built.append(cls.__qualname__)
    return complete(cls, *args, **kwargs)
construction.complete_model_class = counting
from assessor.commands.common import catalog
from assessor.core.answers_io import parse_answers_text
from assessor.core.assess import assess, assessment_summary
from assessor.core.errors import AssessorError
from assessor.core.questionnaire import load_questionnaire
roles = catalog()
out = [[question.id for question in load_questionnaire().questions]]
for text in json.loads(sys.argv[1]):
    try:
        out.append(assessment_summary(assess(parse_answers_text(text, "answers.toml"), roles)))
    except AssessorError as exc:
        out.append(exc.message)
print(json.dumps({"out": out, "built": built, "plugins": "pydantic.plugin._loader" in sys.modules,
                  "metadata": "importlib.metadata" in sys.modules}))
"""

ANSWERS = [
    'job_title = "Medical Coder"\nyears_experience = 3\nspecialty = "oncology"\ncertifications = ["CPC"]\n'
    'time_split = "about half coding, 20% denials, the rest queries"\n',
    'job_title = "CDI specialist"\nyears_experience = 12\n',
    'job_title = "Medical Coder"\nyears_experience = "three"\n',
    'job_title = "Medical Coder"\nyears_experience = true\n',
    'job_title = "Medical Coder"\nyears_experience = 3\nwork_seting = "inpatient"\n',
    'job_title = ""\nyears_experience = -4\nai_tools = "sometimes"\n',
]


def probe(cache: str, answers: list[str] = ANSWERS) -> dict[str, object]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("COVERAGE_")}
    env["ASSESSOR_CACHE"] = cache
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(answers)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@pytest.fixture
def cache(tmp_path: Path) -> str:
    folder = tmp_path / "cache"
    probe(str(folder))  # fills the cache: the catalog and the validators this command used
    return str(folder)


def test_a_warm_start_builds_no_validator_and_loads_no_plugins(cache: str) -> None:
    # The answers that score: a refused one may read the questionnaire to name the value to write ("three"
    # years is the number 3), which is an error's path, not a start's.
    warm = probe(cache, ANSWERS[:2])
    assert warm["built"] == []
    assert warm["plugins"] is False
    assert warm["metadata"] is False


def test_restored_validators_give_the_same_results_and_errors_as_fresh_ones(cache: str) -> None:
    warm = probe(cache)
    fresh = probe("")  # no cache: every validator built from the models
    assert fresh["built"] != []
    assert warm["out"] == fresh["out"]
    assert isinstance(fresh["out"], list)
    assert fresh["out"][0][:2] == ["job_title", "years_experience"]
    messages = [item for item in fresh["out"] if isinstance(item, str)]
    assert len(messages) == 4  # the four bad answer sets are refused, each with its field and reason
    assert all(message.startswith("answers.toml: ") for message in messages)
    assert any("work_seting" in message and "did you mean" in message for message in messages)


def test_the_kept_validators_are_private_and_a_broken_file_is_rebuilt(cache: str) -> None:
    stored = cache_file(Path(cache), data_dir("roles"), "models")
    assert stored.stat().st_mode & 0o777 == 0o600
    stored.write_bytes(b"not a pickle")
    broken = probe(cache)
    assert broken["out"] == probe("")["out"]
    key, compiled = pickle.loads(stored.read_bytes())  # rewritten whole
    assert isinstance(key, str)
    assert "assessor.core.questionnaire:Question" in compiled


def test_restoring_never_imports_a_module_nor_replaces_a_built_validator() -> None:
    from assessor.core.compiled_models import restore_models
    from assessor.core.questionnaire import Question

    Question.model_rebuild()
    built = Question.__pydantic_validator__
    # Neither entry is unpickled: the first names a module that is not loaded, the second a model already built.
    restore_models(
        {"assessor.core.not_loaded:Thing": b"not a pickle", "assessor.core.questionnaire:Question": b"x"}
    )
    assert "assessor.core.not_loaded" not in sys.modules
    assert Question.__pydantic_validator__ is built


def test_a_kept_validator_that_does_not_load_is_built_from_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    from pydantic import ConfigDict

    from assessor.core.compiled_models import restore_models
    from assessor.core.frozen import Frozen

    module = types.ModuleType("assessor.core.kept_for_test")

    class Thing(Frozen):
        model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
        size: int

    Thing.__module__ = module.__name__
    module.Thing = Thing  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    assert not Thing.__pydantic_complete__
    restore_models({"assessor.core.kept_for_test:Thing": b"not a pickle"})
    assert Thing(size=3).size == 3
    with pytest.raises(ValueError, match="size"):
        Thing(size="three")  # type: ignore[arg-type]
    assert Thing.__pydantic_complete__
