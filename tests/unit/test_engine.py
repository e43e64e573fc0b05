"""The AIJRI engine: the seed's golden numbers, clamping, zones, labels and the waterfall's arithmetic."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor.core.engine import (
    TaskInput,
    compute,
    rounded_parts,
    score_from_raw,
    task_kind,
    task_resistance,
    zone_of,
)

# Seed 001, "Medical Coder (Mid-Level)": 9 tasks (time %, automation 1-5); evidence -5, barriers 2, growth -1.
SEED_TASKS = [
    TaskInput(name="assign codes", time_pct=35, automation=5),
    TaskInput(name="verify payer rules", time_pct=15, automation=5),
    TaskInput(name="abstract data", time_pct=10, automation=5),
    TaskInput(name="resolve ambiguous documentation", time_pct=10, automation=2),
    TaskInput(name="denials, appeals, audits", time_pct=10, automation=3),
    TaskInput(name="clinician queries", time_pct=5, automation=2),
    TaskInput(name="guideline updates", time_pct=5, automation=3),
    TaskInput(name="productivity reports", time_pct=5, automation=5),
    TaskInput(name="compliance monitoring", time_pct=5, automation=3),
]


def seed_breakdown():
    return compute(SEED_TASKS, evidence=-5, barriers=2, growth=-1, protective=0)


def test_golden_seed_card_reproduces_11_6():
    result = seed_breakdown()
    assert result.weighted_automation == pytest.approx(4.15)
    assert result.task_resistance == pytest.approx(1.85)
    assert result.evidence_modifier == pytest.approx(0.80)
    assert result.barrier_modifier == pytest.approx(1.04)
    assert result.growth_modifier == pytest.approx(0.95)
    assert result.raw == pytest.approx(1.4622, abs=5e-5)
    assert round(result.score, 1) == 11.6
    assert result.zone == "red"
    assert result.label == "Red"
    assert result.imminent_criteria_met == 1
    assert result.displaced_pct == pytest.approx(65)
    assert result.augmented_pct == pytest.approx(35)
    assert result.not_involved_pct == pytest.approx(0)


def test_seed_waterfall_adds_up_although_the_published_one_does_not():
    result = seed_breakdown()
    assert sum(part.points for part in result.waterfall) == pytest.approx(result.score, abs=1e-9)
    shown = rounded_parts(result.waterfall, result.score)
    assert sum(points for _, points in shown) == pytest.approx(11.6, abs=1e-9)
    # The published card's own parts (+18.5 -10.0 +3.0 0.0 -2.5) sum to 9.0, not 11.6: ours are not theirs.
    assert [points for _, points in shown] != [18.5, -10.0, 3.0, 0.0, -2.5]


def test_score_is_clamped_at_zero_and_at_one_hundred():
    all_automatable = [TaskInput(name="x", time_pct=100, automation=5)]
    # The worst valid inputs give raw = 1.0 x 0.6 x 1.0 x 0.9 = 0.54, exactly the formula's floor: score 0.
    low = compute(all_automatable, evidence=-10, barriers=0, growth=-2)
    assert low.raw == pytest.approx(0.54)
    assert low.unclamped == pytest.approx(0.0, abs=1e-9)
    assert low.score == pytest.approx(0.0, abs=1e-9)
    assert sum(part.points for part in low.waterfall) == pytest.approx(0.0, abs=1e-9)

    all_human = [TaskInput(name="x", time_pct=100, automation=1)]
    high = compute(all_human, evidence=10, barriers=10, growth=2)
    assert high.unclamped == pytest.approx((5 * 1.4 * 1.2 * 1.1 - 0.54) / 7.93 * 100)
    assert high.unclamped > 100
    assert high.score == 100.0
    assert high.waterfall[-1].part == "Clamped to 0-100"
    assert sum(part.points for part in high.waterfall) == pytest.approx(100.0, abs=1e-9)


@pytest.mark.parametrize(
    ("score", "zone"),
    [
        (0.0, "red"),
        (24.9, "red"),
        (24.94, "red"),
        (24.96, "yellow"),  # shows as 25.0
        (25.0, "yellow"),
        (47.9, "yellow"),
        (47.94, "yellow"),
        (47.96, "green"),  # shows as 48.0
        (48.0, "green"),
        (100.0, "green"),
    ],
)
def test_zone_boundaries(score, zone):
    assert zone_of(score) == zone


@pytest.mark.parametrize(
    ("automation", "kind"),
    [(5, "displaced"), (4, "displaced"), (3, "augmented"), (2, "augmented"), (1, "not involved")],
)
def test_task_kind_follows_the_seed(automation, kind):
    assert task_kind(automation) == kind


def test_imminent_needs_two_of_three_criteria():
    low_resistance = [TaskInput(name="x", time_pct=100, automation=5)]  # resistance 1.0 < 1.8
    # resistance < 1.8 and barriers <= 2: two criteria
    two = compute(low_resistance, evidence=0, barriers=2, growth=0)
    assert two.imminent_criteria_met == 2
    assert two.label == "Red (Imminent)"
    # resistance < 1.8 only: barriers 3, evidence -5
    one = compute(low_resistance, evidence=-5, barriers=3, growth=0)
    assert one.imminent_criteria_met == 1
    assert one.label == "Red"
    # all three
    three = compute(low_resistance, evidence=-6, barriers=0, growth=0)
    assert three.imminent_criteria_met == 3
    assert three.label == "Red (Imminent)"
    # evidence exactly -6 counts; -5 does not
    mid = [TaskInput(name="x", time_pct=100, automation=4)]  # resistance 2.0
    assert compute(mid, evidence=-6, barriers=2, growth=0).label == "Red (Imminent)"
    assert compute(mid, evidence=-5, barriers=2, growth=0).label == "Red"


def test_green_sub_label_stable_below_40_percent_exposed():
    stable = [
        TaskInput(name="hands-on", time_pct=61, automation=1),
        TaskInput(name="charting", time_pct=39, automation=4),
    ]
    transforming = [
        TaskInput(name="hands-on", time_pct=60, automation=1),
        TaskInput(name="charting", time_pct=40, automation=4),
    ]
    assert compute(stable, evidence=8, barriers=8, growth=1).label == "Green (Stable)"
    assert compute(transforming, evidence=8, barriers=8, growth=1).label == "Green (Transforming)"


def test_yellow_label():
    tasks = [TaskInput(name="x", time_pct=100, automation=3)]
    result = compute(tasks, evidence=0, barriers=0, growth=0)
    assert result.score == pytest.approx(score_from_raw(3.0))
    assert result.label == "Yellow"


@pytest.mark.parametrize(
    ("evidence", "barriers", "growth"),
    [(-11, 0, 0), (11, 0, 0), (0, -1, 0), (0, 11, 0), (0, 0, -3), (0, 0, 3)],
)
def test_out_of_range_totals_are_refused(evidence, barriers, growth):
    with pytest.raises(ValueError):
        compute(SEED_TASKS, evidence=evidence, barriers=barriers, growth=growth)


def test_tasks_without_time_are_refused():
    with pytest.raises(ValueError):
        task_resistance([TaskInput(name="x", time_pct=0, automation=3)])


task_lists = st.lists(
    st.builds(
        TaskInput,
        name=st.just("t"),
        time_pct=st.floats(min_value=0.5, max_value=100, allow_nan=False),
        automation=st.integers(min_value=1, max_value=5),
    ),
    min_size=1,
    max_size=10,
)
evidences = st.integers(min_value=-10, max_value=10)
barrier_totals = st.integers(min_value=0, max_value=10)
growths = st.integers(min_value=-2, max_value=2)


@settings(max_examples=300, deadline=None)
@given(task_lists, evidences, barrier_totals, growths)
def test_waterfall_parts_sum_exactly_to_the_score(tasks, evidence, barriers, growth):
    result = compute(tasks, evidence=evidence, barriers=barriers, growth=growth)
    assert sum(part.points for part in result.waterfall) == pytest.approx(result.score, abs=1e-9)
    shown = rounded_parts(result.waterfall, result.score)
    assert round(sum(points for _, points in shown), 6) == round(round(result.score, 1), 6)


@settings(max_examples=300, deadline=None)
@given(task_lists, evidences, barrier_totals, growths)
def test_score_is_within_0_and_100(tasks, evidence, barriers, growth):
    result = compute(tasks, evidence=evidence, barriers=barriers, growth=growth)
    assert 0.0 <= result.score <= 100.0
    assert 1.0 - 1e-9 <= result.task_resistance <= 5.0 + 1e-9
    assert result.displaced_pct + result.augmented_pct + result.not_involved_pct == pytest.approx(100.0)


@settings(max_examples=300, deadline=None)
@given(
    task_lists,
    st.data(),
    evidences,
    barrier_totals,
    growths,
)
def test_moving_time_to_a_more_automatable_task_never_raises_the_score(
    tasks, data, evidence, barriers, growth
):
    source_index = data.draw(st.integers(min_value=0, max_value=len(tasks) - 1))
    source = tasks[source_index]
    target_automation = data.draw(st.integers(min_value=source.automation, max_value=5))
    moved = data.draw(st.floats(min_value=0, max_value=source.time_pct, allow_nan=False))
    before = compute(tasks, evidence=evidence, barriers=barriers, growth=growth)
    changed = list(tasks)
    changed[source_index] = replace(source, time_pct=source.time_pct - moved)
    changed.append(TaskInput(name="more automatable", time_pct=moved, automation=target_automation))
    after = compute(changed, evidence=evidence, barriers=barriers, growth=growth)
    assert after.score <= before.score + 1e-9
