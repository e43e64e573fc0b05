"""Where the shipped data lives: inside the wheel (assessor/_data) or, in a source checkout, at the top level."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def data_dir(kind: str) -> Path:
    """The folder of `kind` ("roles" or "questionnaires").

    ASSESSOR_DATA points at another folder holding both (tests and counsellors' own packs).
    """
    override = os.environ.get("ASSESSOR_DATA")
    if override:
        return Path(override) / kind
    packaged = resources.files("assessor") / "_data" / kind
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / kind
