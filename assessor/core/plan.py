"""The personal upskilling plan: actions from roles/actions.toml applied to a person's answers and re-scored.

An action is data: it moves a share of the day from some tasks to another, adds a certification, and/or
changes the base role. Applying it gives new Answers (`answers_after`); the plan's score_after is
`assess(answers_after)` itself, so anyone holding the answers can re-score them and get the same number.

Prerequisites: an action's requirements are one route or several alternative routes (`any_of`). A route
already met costs nothing; otherwise the route needing the fewest months is taken. A certification a route needs
and the person lacks becomes an earlier step, taken from the action that grants it (the first reachable one in
the order the data lists them); missing years become an "experience" step. Years can be years of one kind of
work (`years_in`, a role family): only the person's years in that family count, and a path never asks for years
of the work it leads to (a credential earned in CDI cannot be the way into CDI). Education requirements are
shown as a check (the answers do not record education).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from assessor.core.assess import Assessment, PersonalTask, assess, choose_role, personal_tasks
from assessor.core.catalog import Catalog
from assessor.core.data import data_dir
from assessor.core.errors import DataFileError
from assessor.core.frozen import Frozen, SourcedModel
from assessor.core.loading import closest, read_toml, validate
from assessor.core.models import Answers, Country, NonEmpty, RoleCard, Slug, Source
from assessor.core.plain import dumped

ACTIONS_LABEL = "roles/actions.toml"
SPLIT_DIGITS = (
    2  # shares written into answers_after are rounded to this many decimals, summing to exactly 100
)
MIN_MONTHS_FOR_RATE = (
    0.5  # gain per month divides by at least this, so a tiny effort does not explode the rate
)


class Figure(SourcedModel):
    """An effort figure (months or US dollars) with its source or the word estimate."""

    value: Annotated[float, Field(ge=0, le=1_000_000)]


class TimeMove(Frozen):
    """Move `pct` points of the day from the `from` tasks (in proportion to their time) to the task `to`."""

    from_tasks: tuple[Slug, ...] = Field(alias="from", min_length=1)
    to: Slug
    pct: Annotated[float, Field(gt=0, le=100)]

    model_config = Frozen.model_config | {"populate_by_name": True}


class Route(Frozen):
    """One way to meet an action's prerequisites."""

    certifications_any: tuple[str, ...] = ()  # one of these, in order of preference
    years: Annotated[float, Field(ge=0, le=60)] = 0
    years_in: Slug | None = None  # the role family the years must be worked in; None = any work
    education: str | None = None


class Requirements(Route):
    """One route written inline (certifications_any, years, ...) or alternatives in `any_of`."""

    any_of: tuple[Route, ...] = ()

    @model_validator(mode="after")
    def _one_form(self) -> Requirements:
        if self.any_of and (self.certifications_any or self.years or self.years_in):
            raise ValueError("write every route inside any_of (education may stay outside, shared by all)")
        return self

    def routes(self) -> tuple[Route, ...]:
        """The alternatives, each with the shared education check added."""
        if not self.any_of:
            return (Route(**self.model_dump(exclude={"any_of"})),)
        return tuple(
            route.model_copy(
                update={"education": "; ".join(filter(None, (self.education, route.education))) or None}
            )
            for route in self.any_of
        )


class Action(SourcedModel):
    id: Slug
    title: NonEmpty
    summary: NonEmpty
    moves: tuple[TimeMove, ...] = ()
    grants: str | None = None
    role_id: Slug | None = None
    requires: Requirements = Requirements()
    months: Figure
    cost_usd: Figure
    skills: tuple[str, ...] = ()
    goals: tuple[Slug, ...] = ()  # the career goals (questionnaire "goals" values) this action serves
    leads_to: Slug | None = None  # the role family whose work a move leads into (role_id implies its own)
    offered_alone: bool = True
    countries: tuple[
        Country, ...
    ] = ()  # where the action applies (a credential's issuing system); empty = any

    def offered_in(self, country: Country) -> bool:
        return not self.countries or country in self.countries

    @model_validator(mode="after")
    def _does_something(self) -> Action:
        if not self.moves and not self.grants and not self.role_id:
            raise ValueError("an action needs moves, grants or role_id")
        if self.grants and self.grants != self.grants.upper():
            raise ValueError(f"grants: write certifications in capitals ({self.grants.upper()!r})")
        return self


class ActionFile(Frozen):
    sources: dict[str, Source] = Field(default_factory=dict)
    goal_labels: dict[Slug, NonEmpty] = Field(default_factory=dict)  # goal value -> words for the person
    actions: tuple[Action, ...] = Field(min_length=1)


class ActionCatalog(Frozen):
    actions: tuple[Action, ...]
    sources: dict[str, Source]
    goal_labels: dict[str, str] = Field(default_factory=dict)
    # role family -> its title (for experience steps); action id -> the role family whose work it leads to
    work_labels: dict[str, str] = Field(default_factory=dict)
    targets: dict[str, str] = Field(default_factory=dict)

    def action(self, action_id: str) -> Action | None:
        return next((action for action in self.actions if action.id == action_id), None)

    def granting(self, certification: str) -> Action | None:
        return next((action for action in self.actions if action.grants == certification), None)


def _unknown(label: str, where: str, kind: str, value: str, known: set[str]) -> DataFileError:
    guess = closest(value, sorted(known))
    hint = f"; did you mean {guess!r}?" if guess else ""
    return DataFileError(f"{label}: {where}: unknown {kind} {value!r}{hint}")


def action_targets(actions: tuple[Action, ...], catalog: Catalog) -> dict[str, str]:
    """Action id -> the role family whose work it leads to (its `leads_to`, or its new role's family)."""
    targets: dict[str, str] = {}
    for action in actions:
        if action.leads_to:
            targets[action.id] = action.leads_to
        elif action.role_id and action.role_id in {role.id for role in catalog.roles}:
            targets[action.id] = catalog.role(action.role_id).family
    return targets


def needs_work(
    certification: str, family: str, actions: tuple[Action, ...], seen: frozenset[str] = frozenset()
) -> bool:
    """True when every way to earn `certification` through these actions needs years of `family` work.

    A certification no action grants is one people may already hold, so it never needs the work.
    """
    granting = next((action for action in actions if action.grants == certification), None)
    if granting is None:
        return False
    if certification in seen:
        return True
    return all(
        route_needs_work(route, family, actions, seen | {certification})
        for route in granting.requires.routes()
    )


def route_needs_work(
    route: Route, family: str, actions: tuple[Action, ...], seen: frozenset[str] = frozenset()
) -> bool:
    if route.years_in == family and route.years > 0:
        return True
    return bool(route.certifications_any) and all(
        needs_work(cert, family, actions, seen) for cert in route.certifications_any
    )


def circular_requirements(actions: tuple[Action, ...], catalog: Catalog) -> list[str]:
    """Every prerequisite that asks for experience of the very work the action leads to, as a sentence.

    A route of an action leading to work W must not ask for years of W, nor offer a certification that can
    only be earned with years of W: a coder cannot hold a CDI credential before doing CDI.
    """
    found: list[str] = []
    for action_id, family in action_targets(actions, catalog).items():
        action = next(action for action in actions if action.id == action_id)
        for index, route in enumerate(action.requires.routes()):
            if route.years_in == family and route.years > 0:
                found.append(
                    f"{action_id!r} route {index + 1} asks for years of the {family} work it leads to"
                )
            for cert in route.certifications_any:
                if needs_work(cert, family, actions):
                    found.append(
                        f"{action_id!r} route {index + 1} accepts {cert}, which needs years of the "
                        f"{family} work the action leads to"
                    )
    return found


def check_actions(actions: ActionFile, catalog: Catalog, label: str = ACTIONS_LABEL) -> None:
    """Every task id, role id, source key and required certification an action names must exist."""
    task_ids = {task.id for role in catalog.roles for task in role.tasks} | {
        task.id for task in catalog.shared_tasks
    }
    role_ids = {role.id for role in catalog.roles}
    families = {role.family for role in catalog.roles}
    granted = {action.grants for action in actions.actions if action.grants}
    ids = [action.id for action in actions.actions]
    for index, action in enumerate(actions.actions):
        where = f"actions[{index}]"
        if ids.count(action.id) > 1:
            raise DataFileError(f"{label}: {where}.id: {action.id!r} is used twice")
        for move_index, move in enumerate(action.moves):
            for task_id in (*move.from_tasks, move.to):
                if task_id not in task_ids:
                    raise _unknown(label, f"{where}.moves[{move_index}]", "task", task_id, task_ids)
        for goal in action.goals:
            if goal not in actions.goal_labels:
                raise _unknown(label, f"{where}.goals", "goal", goal, set(actions.goal_labels))
        if action.role_id and action.role_id not in role_ids:
            raise _unknown(label, f"{where}.role_id", "role", action.role_id, role_ids)
        if action.leads_to and action.leads_to not in families:
            raise _unknown(label, f"{where}.leads_to", "role family", action.leads_to, families)
        for route in action.requires.routes():
            if route.years_in and route.years_in not in families:
                raise _unknown(label, f"{where}.requires", "role family", route.years_in, families)
        for name, figure in (("", action), (".months", action.months), (".cost_usd", action.cost_usd)):
            if figure.source and figure.source not in actions.sources:
                raise _unknown(label, f"{where}{name}.source", "source", figure.source, set(actions.sources))
        for route in action.requires.routes():
            for cert in route.certifications_any:
                if cert not in granted:
                    continue  # a prerequisite nobody here grants is one people may already hold (RN, MD)
                if cert == action.grants:
                    raise DataFileError(
                        f"{label}: {where}.requires: {action.id!r} requires the {cert} it grants"
                    )
    circular = circular_requirements(actions.actions, catalog)
    if circular:
        raise DataFileError(f"{label}: requires: {circular[0]}")


def load_actions(catalog: Catalog, path: Path | None = None) -> ActionCatalog:
    """Read and cross-check roles/actions.toml against the catalog."""
    actions_path = path or data_dir("roles") / "actions.toml"
    label = ACTIONS_LABEL if path is None else str(path)
    parsed = validate(ActionFile, read_toml(actions_path), label)
    check_actions(parsed, catalog, label)
    return ActionCatalog(
        actions=parsed.actions,
        sources=parsed.sources,
        goal_labels=parsed.goal_labels,
        work_labels={role.family: catalog.family(role.family)[0].title for role in catalog.roles},
        targets=action_targets(parsed.actions, catalog),
    )


# ----------------------------------------------------------------------------------------------- applying


class Step(Frozen):
    """One thing to do, in order; a path is its steps."""

    kind: Literal["credential", "move", "role", "experience"]
    action_id: str | None
    title: str
    months: float
    cost_usd: float
    grants: str | None = None
    requires_any: tuple[str, ...] = ()
    requires_years: float = 0
    requires_years_in: str | None = None  # the role family those years must be in
    check: str | None = None  # an education requirement the person must check themselves
    estimate: bool = False


class Unreachable(Exception):
    """An action whose prerequisites no chain of actions can meet (kept inside this module)."""


def _task_name(task_id: str, role_tasks: dict[str, str], catalog: Catalog) -> str:
    if task_id in role_tasks:
        return role_tasks[task_id]
    shared = catalog.shared_task(task_id)
    if shared is None:
        raise DataFileError(f"{ACTIONS_LABEL}: unknown task {task_id!r}")
    return shared.name


def moved_day(
    day: list[PersonalTask], moves: tuple[TimeMove, ...], role_tasks: dict[str, str], catalog: Catalog
) -> tuple[dict[str, float], dict[str, str], float]:
    """The day after the moves as {task id: pct}, the names of every task, and how many points moved."""
    shares = {task.id: task.time_pct for task in day}
    names = {task.id: task.name for task in day}
    moved_total = 0.0
    for move in moves:
        available = {task_id: shares.get(task_id, 0.0) for task_id in move.from_tasks if task_id != move.to}
        pool = sum(available.values())
        amount = min(move.pct, pool)
        if amount <= 0:
            continue
        for task_id, pct in available.items():
            shares[task_id] = pct - amount * pct / pool
        shares[move.to] = shares.get(move.to, 0.0) + amount
        names.setdefault(move.to, _task_name(move.to, role_tasks, catalog))
        moved_total += amount
    return shares, names, moved_total


def _rounded_table(shares: dict[str, float]) -> dict[str, float]:
    """Shares rounded for the answers file, keyed by task id (matching reads ids exactly), summing to 100."""
    kept = {task_id: pct for task_id, pct in shares.items() if round(pct, SPLIT_DIGITS) > 0}
    scale = 10**SPLIT_DIGITS
    total = sum(kept.values())
    units = {task_id: round(pct * 100 / total * scale) for task_id, pct in kept.items()}
    largest = max(units, key=lambda task_id: units[task_id])
    units[largest] += 100 * scale - sum(units.values())
    return {task_id: value / scale for task_id, value in units.items()}


def apply_step(answers: Answers, step_action: Action, catalog: Catalog) -> tuple[Answers, float]:
    """Answers after one action, and how many points of the day it moved."""
    moved = 0.0
    after = answers
    if step_action.grants and step_action.grants not in answers.certifications:
        after = replace(after, certifications=(*answers.certifications, step_action.grants))
    if step_action.role_id:
        # A new role starts from its typical day.
        after = replace(after, role_id=step_action.role_id, time_split=None)
    if step_action.moves and not step_action.role_id:
        role, _, _ = choose_role(answers, catalog)
        day, _ = personal_tasks(answers, role, catalog)
        role_tasks = {task.id: task.name for task in role.tasks}
        shares, _, moved = moved_day(day, step_action.moves, role_tasks, catalog)
        if moved > 0:
            after = replace(after, time_split=_rounded_table(shares))
            _check_round_trip(after, shares, role, catalog)
    return after, moved


def _check_round_trip(after: Answers, shares: dict[str, float], role: RoleCard, catalog: Catalog) -> None:
    """The names written must match back to the same task ids, or the re-score would differ."""
    day, _ = personal_tasks(after, role, catalog)
    found = {task.id for task in day}
    wanted = {task_id for task_id, pct in shares.items() if round(pct, SPLIT_DIGITS) > 0}
    if found != wanted:
        raise DataFileError(
            f"task names clash: writing {sorted(wanted - found)} back into answers matched "
            f"{sorted(found - wanted)}"
        )


class Progress(Frozen):
    """Where a person stands while a path is resolved: what they hold and the years they have worked."""

    held: tuple[str, ...]
    years: float
    family: str | None = None  # the role family they work in now (their years count as years of it)
    gained: dict[str, float] = Field(default_factory=dict)  # years of a family's work added by earlier steps

    def years_of(self, family: str | None) -> float:
        if family is None or family == self.family:
            return self.years
        return self.gained.get(family, 0.0)


def resolve_steps(
    action: Action,
    held: tuple[str, ...],
    years: float,
    actions: ActionCatalog,
    chain: tuple[str, ...] = (),
    country: Country = "us",
    family: str | None = None,
) -> tuple[list[Step], tuple[str, ...], float]:
    """The steps to take `action`, earlier steps first, with the certifications and years after them."""
    steps, progress = _resolve(
        action, Progress(held=held, years=years, family=family), actions, chain, country
    )
    return steps, progress.held, progress.years


def _resolve(
    action: Action, progress: Progress, actions: ActionCatalog, chain: tuple[str, ...], country: Country
) -> tuple[list[Step], Progress]:
    if action.id in chain:
        raise Unreachable(f"{action.title} needs itself")
    if not action.offered_in(country):
        raise Unreachable(f"{action.title} is not offered in your country")
    options: list[tuple[list[Step], Progress, Route]] = []
    reasons: list[str] = []
    for route in action.requires.routes():
        try:
            options.append(_meet(route, action, progress, actions, chain, country))
        except Unreachable as exc:
            reasons.append(str(exc))
    if not options:
        raise Unreachable(reasons[0])
    # A route already met wins; otherwise the one needing the fewest months (the data's order breaks ties).
    steps, progress, route = min(
        options, key=lambda option: (bool(option[0]), sum(s.months for s in option[0]))
    )
    kind: Literal["credential", "move", "role"] = (
        "role" if action.role_id else "move" if action.moves else "credential"
    )
    steps = [
        *steps,
        Step(
            kind=kind,
            action_id=action.id,
            title=action.title,
            months=action.months.value,
            cost_usd=action.cost_usd.value,
            grants=action.grants,
            requires_any=route.certifications_any,
            requires_years=route.years,
            requires_years_in=route.years_in,
            check=route.education,
            estimate=action.months.estimate or action.cost_usd.estimate,
        ),
    ]
    if action.grants and action.grants not in progress.held:
        progress = progress.model_copy(update={"held": (*progress.held, action.grants)})
    return steps, progress


def _meet(
    route: Route,
    action: Action,
    progress: Progress,
    actions: ActionCatalog,
    chain: tuple[str, ...],
    country: Country,
) -> tuple[list[Step], Progress, Route]:
    """The earlier steps that meet one route of `action`'s requirements, and where they leave the person."""
    steps: list[Step] = []
    needed = route.certifications_any
    if needed and not set(needed) & set(progress.held):
        failures: list[str] = []
        for cert in needed:
            granting = actions.granting(cert)
            if granting is None:
                continue
            try:
                earlier, progress = _resolve(granting, progress, actions, (*chain, action.id), country)
            except Unreachable as exc:
                failures.append(f"{cert} {exc}")
                continue
            steps += earlier
            break
        else:
            where = "" if country == "us" else " (we only know routes to them for the US)"
            options = needed[0] if len(needed) == 1 else "one of " + ", ".join(needed)
            why = f"; {failures[0]}" if failures and not where else ""
            raise Unreachable(f"needs {options}{where}{why}")
    gap = route.years - progress.years_of(route.years_in)
    if gap > 0:
        work = ""
        if route.years_in:
            label = actions.work_labels.get(route.years_in, route.years_in)
            leads_to = {actions.targets.get(step_id) for step_id in (*chain, action.id)}
            if route.years_in in leads_to:
                raise Unreachable(f"needs years of work as a {label}, the work this path leads to")
            work = f" of work as a {label}"
        steps.append(
            Step(
                kind="experience",
                action_id=None,
                title=f"Gain {gap:g} more year{'s' if gap != 1 else ''}{work}",
                months=round(gap * 12, 1),
                cost_usd=0,
                requires_years_in=route.years_in,
                estimate=False,
            )
        )
        gained = dict(progress.gained)
        if route.years_in and route.years_in != progress.family:
            gained[route.years_in] = gained.get(route.years_in, 0.0) + gap
        progress = progress.model_copy(update={"years": progress.years + gap, "gained": gained})
    return steps, progress, route


# ----------------------------------------------------------------------------------------------- the plan


class PlanItem(Frozen):
    action_id: str
    title: str
    summary: str
    why: tuple[str, ...]
    score_before: float
    score_after: float
    gain: float
    months: float
    cost_usd: float
    gain_per_month: float
    steps: tuple[Step, ...]
    answers_after: Answers
    label_after: str
    zone_after: str
    band_after: tuple[float, float]  # score_after when our estimated figures move one step (uncertainty.py)
    skills: tuple[str, ...]
    estimate: bool
    fits_goals: tuple[str, ...] = ()  # the person's stated goals this action serves (ranking is by gain)


class SetAside(Frozen):
    action_id: str
    title: str
    reason: str


class Plan(Frozen):
    answers: Answers
    role_id: str
    score_before: float
    items: tuple[PlanItem, ...]
    set_aside: tuple[SetAside, ...]
    data_version: str


def _why(action: Action, before: Assessment, after: Assessment, moved: float) -> list[str]:
    """Which of the person's tasks the action changes, in their words, with shares before and after."""
    lines: list[str] = []
    was = {task.id: task for task in before.tasks}
    now = {task.id: task.time_pct for task in after.tasks}
    if action.moves and not action.role_id:
        targets = {move.to for move in action.moves}
        given = [
            f"{_label(task.name, task.said)} {task.time_pct:.0f}% -> {now.get(task.id, 0.0):.0f}%"
            for task in before.tasks
            if task.id not in targets and abs(now.get(task.id, 0.0) - task.time_pct) >= 0.005
        ]
        taken = [
            f"{_label(task.name, was[task.id].said if task.id in was else None)} "
            f"{was[task.id].time_pct if task.id in was else 0.0:.0f}% -> {task.time_pct:.0f}%"
            for task in after.tasks
            if task.id in targets
        ]
        lines.append(f"Moves {moved:.0f}% of your day: " + "; ".join(given) + ".")
        lines.append("Into: " + "; ".join(taken) + ".")
    if action.role_id:
        lines.append(f"Changes your base role from {before.role.title} to {after.role.title}.")
    return lines


def _band(result: Assessment, catalog: Catalog) -> tuple[float, float]:
    from assessor.core.uncertainty import score_band

    band = score_band(result, catalog)
    return band.low, band.high


def _label(name: str, said: str | None) -> str:
    return f"{name} (you said {said!r})" if said else name


def plan_item(
    action: Action, before: Assessment, actions: ActionCatalog, catalog: Catalog
) -> PlanItem | SetAside:
    """One action for one person: its steps, answers_after and re-scored gain, or why it was set aside."""
    answers = before.answers
    held = answers.certifications
    if action.grants and action.grants in held:
        return SetAside(action_id=action.id, title=action.title, reason=f"you already hold {action.grants}")
    if action.role_id and action.role_id == before.role.id:
        return SetAside(action_id=action.id, title=action.title, reason="this is already your role")
    try:
        steps, _, _ = resolve_steps(
            action,
            held,
            answers.years_experience,
            actions,
            country=answers.country,
            family=before.role.family,
        )
    except Unreachable as exc:
        return SetAside(action_id=action.id, title=action.title, reason=str(exc))
    after = answers
    moved = 0.0
    for step in steps:
        step_action = actions.action(step.action_id) if step.action_id else None
        if step_action is not None:
            after, step_moved = apply_step(after, step_action, catalog)
            if step_action.id == action.id:
                moved = step_moved
    if action.moves and not action.role_id and moved <= 0:
        return SetAside(
            action_id=action.id, title=action.title, reason="none of your tasks is one it changes"
        )
    result = assess(after, catalog)
    gain = result.score - before.score
    months = sum(step.months for step in steps)
    if gain <= 0:
        return SetAside(
            action_id=action.id,
            title=action.title,
            reason=f"it would change your score by {gain:+.1f} points",
        )
    why = _why(action, before, result, moved)
    added = [step.grants for step in steps if step.grants]
    if added:
        why.append("Adds " + ", ".join(added) + " to your certifications.")
    fits = tuple(goal for goal in action.goals if goal in answers.goals)
    if fits:
        why.append("Fits the goal you named: " + ", ".join(actions.goal_labels.get(g, g) for g in fits) + ".")
    return PlanItem(
        action_id=action.id,
        title=action.title,
        summary=action.summary,
        why=tuple(why),
        score_before=before.score,
        score_after=result.score,
        gain=gain,
        months=months,
        cost_usd=sum(step.cost_usd for step in steps),
        gain_per_month=gain / max(months, MIN_MONTHS_FOR_RATE),
        steps=tuple(steps),
        answers_after=after,
        label_after=result.label,
        zone_after=result.zone,
        band_after=_band(result, catalog),
        skills=action.skills,
        estimate=action.estimate or any(step.estimate for step in steps),
        fits_goals=fits,
    )


def build_plan(answers: Answers, catalog: Catalog, actions: ActionCatalog | None = None) -> Plan:
    """Every action offered alone, applied and re-scored, ranked by score gain per month of effort."""
    actions = actions or load_actions(catalog)
    before = assess(answers, catalog)
    items: list[PlanItem] = []
    set_aside: list[SetAside] = []
    for action in actions.actions:
        if not action.offered_alone or not action.offered_in(answers.country):
            continue  # credential steps appear inside paths; other countries' routes are not this person's
        outcome = plan_item(action, before, actions, catalog)
        if isinstance(outcome, PlanItem):
            items.append(outcome)
        else:
            set_aside.append(outcome)
    items.sort(key=lambda item: (-item.gain_per_month, -item.gain, item.action_id))
    return Plan(
        answers=answers,
        role_id=before.role.id,
        score_before=before.score,
        items=tuple(items),
        set_aside=tuple(set_aside),
        data_version=catalog.version,
    )


def plan_summary(plan: Plan) -> dict[str, object]:
    """The machine-readable plan (`assessor plan --json`)."""
    return {
        "role_id": plan.role_id,
        "score_before": round(plan.score_before, 1),
        "actions": [
            {
                "id": item.action_id,
                "title": item.title,
                "why": list(item.why),
                "score_before": round(item.score_before, 1),
                "score_after": round(item.score_after, 1),
                "score_after_unrounded": item.score_after,
                "gain": round(item.gain, 1),
                "months": item.months,
                "cost_usd": item.cost_usd,
                "gain_per_month": round(item.gain_per_month, 2),
                "label_after": item.label_after,
                "band_after": [round(item.band_after[0], 1), round(item.band_after[1], 1)],
                "steps": [step.model_dump(exclude_none=True) for step in item.steps],
                "skills": list(item.skills),
                "estimate": item.estimate,
                "answers_after": dumped(item.answers_after, exclude_none=True),
            }
            for item in plan.items
        ],
        "set_aside": [entry.model_dump() for entry in plan.set_aside],
        "data_version": plan.data_version,
    }
