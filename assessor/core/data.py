"""Where the shipped data lives: inside the wheel (assessor/_data) or, in a source checkout, at the top level."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir(kind: str) -> Path:
    """The folder of `kind` ("roles" or "questionnaires").

    ASSESSOR_DATA points at another folder holding both (tests and counsellors' own packs).
    """
    override = os.environ.get("ASSESSOR_DATA")
    if override:
        return Path(override) / kind
    # The package is always a plain folder (its data is read as files), so no importlib.resources is needed.
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "_data" / kind
    if packaged.is_dir():
        return packaged
    return here.parents[2] / kind
