"""The store's errors, the same whichever database holds the sessions."""

from __future__ import annotations

from assessor.core.errors import AssessorError


class StoreError(AssessorError):
    """The session store cannot be used as it is (refused file, unwritable folder, bad import file)."""


class SessionNotFound(StoreError):
    """No session with that id."""
