"""Saving answers off the UI thread, in the order they were given, finished before the app exits."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from assessor.core.errors import AssessorError


class SessionSaver:
    """One background thread runs every store call in order; `flush` waits for all of them."""

    def __init__(self, store: Any, on_error: Callable[[str], None]) -> None:
        self.store = store
        self.on_error = on_error
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="assessor-save")
        self._pending: list[Future[None]] = []

    def _run(self, call: Callable[[], None]) -> None:
        try:
            call()
        except AssessorError as exc:
            self.on_error(f"Could not save: {exc.message}")
        except OSError as exc:
            self.on_error(f"Could not save: {exc.strerror or exc}")

    def submit(self, call: Callable[[], None]) -> None:
        self._pending = [future for future in self._pending if not future.done()]
        self._pending.append(self._pool.submit(self._run, call))

    def record_answer(self, session_id: str, question_id: str, raw: str, answers: Mapping[str, Any]) -> None:
        snapshot = dict(answers)
        self.submit(lambda: self.store.record_answer(session_id, question_id, raw, snapshot))

    def finish(
        self, session_id: str, result: Mapping[str, Any], plan: Any, version: str, answers: Any
    ) -> None:
        self.submit(lambda: self.store.finish(session_id, result, plan, version, answers))

    def flush(self) -> None:
        for future in list(self._pending):
            future.result()
        self._pending.clear()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
