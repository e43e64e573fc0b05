"""The role catalog: every role card, the shared task list and the personal adjustments, loaded and cross-checked."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Mapping
from dataclasses import field
from pathlib import Path
from typing import Annotated, Any, TypeVar

from assessor.core.catalog_cache import cache_dir, cache_key, read_cached, write_cached
from assessor.core.data import data_dir
from assessor.core.errors import DataFileError
from assessor.core.fingerprint import data_version
from assessor.core.loading import closest, load_model, read_toml, validate
from assessor.core.models import (
    EVIDENCE_DIMENSIONS,
    Adjustment,
    Lexicon,
    RoleCard,
    SharedTask,
    Source,
    Sourced,
)
from assessor.core.plain import Checked, Rule
from assessor.core.records import record
from assessor.core.titles import TitleData, load_title_data
from assessor.core.words import stems


@record(frozen=True, kw_only=True)
class SharedTaskFile(Checked):
    """roles/tasks.toml: the coder tasks every card may use, with their sources."""

    sources: dict[str, Source] = field(default_factory=dict)
    tasks: Annotated[tuple[SharedTask, ...], Rule(min_length=1)]


@record(frozen=True, kw_only=True)
class AdjustmentFile(Checked):
    """roles/adjustments.toml: what moves a score for some people, with its sources."""

    sources: dict[str, Source] = field(default_factory=dict)
    adjustments: tuple[Adjustment, ...] = ()


DerivedT = TypeVar("DerivedT")


@record(kw_only=True, eq=False)
class Catalog:
    """Everything the engine knows about roles; handed to the engine, the CLI and the app from outside.

    Never changed once built (only its derived data is added to); built from checked pieces, never checked
    itself, so it needs no pydantic."""

    roles: tuple[RoleCard, ...]
    shared_tasks: tuple[SharedTask, ...] = ()
    shared_sources: dict[str, Source] = field(default_factory=dict)
    adjustments: tuple[Adjustment, ...] = ()
    adjustment_sources: dict[str, Source] = field(default_factory=dict)
    lexicon: Lexicon = field(default_factory=Lexicon)
    titles: TitleData = field(default_factory=TitleData)  # roles/titles/: O*NET/ESCO titles, posting words
    version: str = "unversioned"

    def __post_init__(self) -> None:
        # Derived data (matching indices) built once per catalog; see derived(). Not a field: not compared,
        # dumped or carried over by dataclasses.replace.
        self._derived: dict[str, tuple[Any, Any]] = {}

    def __setattr__(self, name: str, value: object) -> None:
        """Each field is set once, when the catalog is built; the derived data may be replaced."""
        if name != "_derived" and name in self.__dict__:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Catalog:
        """A copy with some fields replaced, sharing the derived data (each entry knows what it was built from)."""
        copy = dataclasses.replace(self, **(update or {}))
        copy._derived = self._derived
        return copy

    def derived(self, key: str, build: Callable[[Catalog], DerivedT]) -> DerivedT:
        """`build(self)`, computed once and kept with this catalog (e.g. the title index).

        A catalog never changes, so its derived data cannot go stale; the entry also remembers which roles,
        shared tasks and lexicon it was built from, so a model_copy with other ones (sharing this dict) rebuilds.
        """
        # Asked on every row of a batch: a zip and a generator cost more than what they guard, so the basis is
        # compared by hand.
        store = self._derived
        cached = store.get(key)
        if cached is not None:
            roles, shared_tasks, lexicon = cached[0]
            if roles is self.roles and shared_tasks is self.shared_tasks and lexicon is self.lexicon:
                value: DerivedT = cached[1]
                return value
        built = build(self)
        store[key] = ((self.roles, self.shared_tasks, self.lexicon), built)
        return built

    def role(self, role_id: str) -> RoleCard:
        for role in self.roles:
            if role.id == role_id:
                return role
        guess = closest(role_id, [role.id for role in self.roles])
        hint = f"; did you mean {guess!r}?" if guess else ""
        raise DataFileError(f"no role with id {role_id!r}{hint}")

    def family(self, family: str) -> tuple[RoleCard, ...]:
        return tuple(role for role in self.roles if role.family == family)

    def shared_task(self, task_id: str) -> SharedTask | None:
        return next((task for task in self.shared_tasks if task.id == task_id), None)

    def source_for(self, role: RoleCard | None, key: str) -> Source | None:
        """Resolve a source key from a role card, the shared tasks or the adjustments file."""
        if role is not None and key in role.sources:
            return role.sources[key]
        return self.shared_sources.get(key) or self.adjustment_sources.get(key)


def _check_sources(label: str, used: list[tuple[str, str]], sources: dict[str, Source]) -> None:
    for where, key in used:
        if key not in sources:
            guess = closest(key, list(sources))
            hint = f"; did you mean {guess!r}?" if guess else f"; add it under [sources.{key}]"
            raise DataFileError(f"{label}: {where}: unknown source {key!r}{hint}")


def _check_evidence_keys(data: dict[str, Any]) -> None:
    """Name the closest evidence dimension for a typo in an adjustment (the model only says it is unknown)."""
    items = data.get("adjustments")
    if not isinstance(items, list):
        return
    known = list(EVIDENCE_DIMENSIONS)
    for index, item in enumerate(items):
        evidence = item.get("evidence") if isinstance(item, dict) else None
        if not isinstance(evidence, dict):
            continue
        for key in evidence:
            if key not in known:
                guess = closest(str(key), known)
                hint = f"; did you mean {guess!r}?" if guess else f"; use one of {', '.join(known)}"
                where = f"adjustments[{index}].evidence.{key}"
                raise DataFileError(f"roles/adjustments.toml: {where}: unknown evidence dimension{hint}")


def _check_family(where: str, family: str, families: set[str]) -> None:
    if family not in families:
        guess = closest(family, sorted(families))
        hint = f"; did you mean {guess!r}?" if guess else ""
        raise DataFileError(f"{where}: unknown family {family!r}{hint}")


def _sourced_keys(prefix: str, items: tuple[Sourced, ...]) -> list[tuple[str, str]]:
    return [(f"{prefix}[{index}].source", item.source) for index, item in enumerate(items) if item.source]


def catalog_version(roles_dir: Path | None = None) -> str:
    """The role data's version without parsing it (what a session list compares stored versions with)."""
    return data_version(roles_dir or data_dir("roles"))


def _check_lexicon(lexicon: Lexicon, task_ids: set[str]) -> None:
    """Every concept points at tasks that exist, and no phrase belongs to two concepts, as written or as the
    matcher reads it (without the words it leaves out: "timely filing" is read "filing", "dnfb days" "dnfb")."""
    from assessor.core.understanding import content_key  # the matcher's reading (it imports this module)

    label = "roles/lexicon.toml"
    owners: dict[tuple[str, ...], str] = {}
    read_as: dict[tuple[str, ...], tuple[str, str]] = {}
    for index, concept in enumerate(lexicon.concepts):
        for field_name, ids in (("tasks", concept.tasks), ("nearest", concept.nearest)):
            for task_id in ids:
                if task_id not in task_ids:
                    guess = closest(task_id, sorted(task_ids))
                    hint = f"; did you mean {guess!r}?" if guess else ""
                    raise DataFileError(
                        f"{label}: concepts[{index}].{field_name}: unknown task {task_id!r}{hint}"
                    )
        singles = {
            content_key(phrase, lexicon.spellings)
            for phrase in concept.phrases
            if len(stems(phrase, lexicon.spellings)) == 1
        }
        for phrase in concept.phrases:
            key = stems(phrase, lexicon.spellings)
            if not key:
                raise DataFileError(f"{label}: concepts[{index}]: {phrase!r} has no words")
            other = owners.get(key)
            if other is not None and other != concept.id:
                raise DataFileError(
                    f"{label}: concepts[{index}]: {phrase!r} is also a phrase of concept {other!r}; keep it in one"
                )
            owners[key] = concept.id
            content = content_key(phrase, lexicon.spellings)
            if len(key) > 1 and len(content) == 1 and content not in singles:
                raise DataFileError(
                    f"{label}: concepts[{index}]: {phrase!r} is read as the one word {content[0]!r} (the other "
                    "words are left out of every phrase); write it with words that are read, or as that word"
                )
            seen = read_as.get(content)
            if content and seen is not None and seen[0] != concept.id:
                raise DataFileError(
                    f"{label}: concepts[{index}]: {phrase!r} is read the same as {seen[1]!r} of concept "
                    f"{seen[0]!r} (the words left out of every phrase aside); keep it in one"
                )
            read_as.setdefault(content, (concept.id, phrase))


def load_catalog(roles_dir: Path | None = None) -> Catalog:
    """The catalog of roles/, from the validated copy in the user cache when it was built from these exact files."""
    root = roles_dir or data_dir("roles")
    try:
        before = data_version(root)
    except OSError:
        return load_catalog_files(root)  # says which file is missing or unreadable
    key = cache_key(root, before)
    cached = read_cached(root, key, Catalog)
    if cached is not None:
        if "pydantic" in sys.modules:  # a command that checks with models: their validators are cached too
            _restore_compiled_models(root, key)
        _restore_patterns(root, key)
        return cached
    catalog = load_catalog_files(root)
    if catalog.version == before and cache_dir() is not None:  # not changed while it was read
        write_cached(root, key, _with_indices(catalog))
        _restore_compiled_models(root, key)
        _store_patterns(root, key)
    return catalog


def _restore_patterns(root: Path, key: str) -> None:
    """The compiled forms of the day parser's patterns, kept beside the catalog (core/patterns.py)."""
    from assessor.core.patterns import restore_compiled_forms

    forms = read_cached(root, key, dict, "patterns")
    if forms:
        restore_compiled_forms(forms)


def _store_patterns(root: Path, key: str) -> None:
    from assessor.core import splits  # noqa: F401  (the day parser: most of the patterns a command uses)
    from assessor.core.patterns import compiled_forms

    forms = compiled_forms()
    if forms:
        write_cached(root, key, forms, "patterns")


def _restore_compiled_models(root: Path, key: str) -> None:
    """The pydantic models' validators from the cache (keyed by pydantic's version too); models loaded now
    but missing there are compiled and added."""
    import pydantic

    from assessor.core.compiled_models import compile_models, domain_models, restore_models

    key = f"{key}-{pydantic.VERSION}"
    compiled = read_cached(root, key, dict, "models") or {}
    restore_models(compiled)
    if any(f"{cls.__module__}:{cls.__qualname__}" not in compiled for cls in domain_models()):
        write_cached(root, key, compiled | compile_models(), "models")


def _with_indices(catalog: Catalog) -> Catalog:
    """The catalog with its matching indices built, so the cached copy starts with them (they depend on it alone)."""
    from assessor.core.matching import title_index
    from assessor.core.understanding import role_tasks, task_index

    task_index(catalog)
    title_index(catalog)
    if catalog.roles:
        role_tasks(catalog.roles[0], catalog)
    return catalog


def load_catalog_files(root: Path) -> Catalog:
    """Load roles/: cards/*.toml, tasks.toml, adjustments.toml and lexicon.toml. Any broken file stops with its name and field."""
    card_paths = sorted((root / "cards").glob("*.toml"))
    if not card_paths:
        raise DataFileError(f"{root / 'cards'}: no role cards found")
    roles: list[RoleCard] = []
    for path in card_paths:
        label = f"roles/cards/{path.name}"
        role = load_model(path, RoleCard, label)
        if role.id != path.stem:
            raise DataFileError(f"{label}: id: {role.id!r} must match the file name {path.stem!r}")
        _check_sources(label, role.source_keys_used(), role.sources)
        roles.append(role)

    tasks_path = root / "tasks.toml"
    shared_tasks: tuple[SharedTask, ...] = ()
    shared_sources: dict[str, Source] = {}
    if tasks_path.exists():
        shared = load_model(tasks_path, SharedTaskFile, "roles/tasks.toml")
        _check_sources("roles/tasks.toml", _sourced_keys("tasks", shared.tasks), shared.sources)
        shared_tasks, shared_sources = shared.tasks, shared.sources

    adjustments: tuple[Adjustment, ...] = ()
    adjustment_sources: dict[str, Source] = {}
    adjustments_path = root / "adjustments.toml"
    if adjustments_path.exists():
        adjustment_data = read_toml(adjustments_path)
        _check_evidence_keys(adjustment_data)
        adjustment_file = validate(AdjustmentFile, adjustment_data, "roles/adjustments.toml")
        _check_sources(
            "roles/adjustments.toml",
            _sourced_keys("adjustments", adjustment_file.adjustments),
            adjustment_file.sources,
        )
        adjustments, adjustment_sources = adjustment_file.adjustments, adjustment_file.sources

    families = {role.family for role in roles}
    all_task_ids = {task.id for role in roles for task in role.tasks} | {task.id for task in shared_tasks}
    for role in roles:
        for country, family in role.equivalents.items():
            _check_family(f"roles/cards/{role.id}.toml: equivalents.{country}", family, families)
    for index, shared_task in enumerate(shared_tasks):
        for family in shared_task.families:
            _check_family(f"roles/tasks.toml: tasks[{index}].families", family, families)
    for index, adjustment in enumerate(adjustments):
        for family in adjustment.families:
            _check_family(f"roles/adjustments.toml: adjustments[{index}].families", family, families)
        for task_id in adjustment.task_automation:
            if task_id not in all_task_ids:
                guess = closest(task_id, sorted(all_task_ids))
                hint = f"; did you mean {guess!r}?" if guess else ""
                raise DataFileError(
                    f"roles/adjustments.toml: adjustments[{index}].task_automation: unknown task {task_id!r}{hint}"
                )

    lexicon = Lexicon()
    lexicon_path = root / "lexicon.toml"
    if lexicon_path.exists():
        lexicon = load_model(lexicon_path, Lexicon, "roles/lexicon.toml")
        _check_lexicon(lexicon, all_task_ids)

    titles = load_title_data(root, families)

    ids = [role.id for role in roles]
    version = data_version(root)
    if len(set(ids)) != len(ids):
        raise DataFileError("roles/cards: two cards share an id")
    return Catalog(
        roles=tuple(roles),
        shared_tasks=shared_tasks,
        shared_sources=shared_sources,
        adjustments=adjustments,
        adjustment_sources=adjustment_sources,
        lexicon=lexicon,
        titles=titles,
        version=version,
    )
