"""The one rule that turns Eloundou et al.'s task labels into our 1-5 automation score.

Eloundou, Manning, Mishkin & Rock ("GPTs are GPTs", 2023, github.com/openai/GPTs-are-GPTs, MIT) label each
O*NET task with an exposure level from human raters and from GPT-4 (E0 no exposure, E1 direct exposure to a
language model, E2 exposure through software built on one) and a GPT-4 automation level T0..T4 (their file
gives automation = T/4). Our automation score runs 1 (human work) to 5 (automatable), the scale of the seed's
AIJRI card, so the rule is:

    automation = 1 + T                      (T0 -> 1, T1 -> 2, T2 -> 3, T3 -> 4, T4 -> 5)
    automation = 1 when the human raters and GPT-4 both label the task E0 (neither sees any exposure)

A figure converted this way carries its labels in the data (`eloundou = [...]` on the task), and loading refuses
a converted figure that differs from the rule. When one of our tasks merges several O*NET tasks, each must give
the same number. A figure that departs from the rule is not a conversion: it names another source or is our
estimate, and may only mention the labels in its rationale.
"""

from __future__ import annotations

from typing import Annotated, Literal

from assessor.core.plain import Checked, Rule
from assessor.core.records import record

AutomationLevel = Literal["T0", "T1", "T2", "T3", "T4"]
ExposureLevel = Literal["E0", "E1", "E2"]


@record(frozen=True, kw_only=True)
class EloundouLabels(Checked):
    """One O*NET task's labels as Eloundou et al. publish them."""

    onet_task: Annotated[str, Rule(pattern=r"^\d\d-\d{4}\.\d\d #\d+$")]  # "11-9111.00 #46": SOC code, task id
    human: ExposureLevel  # human raters' exposure label
    gpt4: ExposureLevel  # GPT-4's exposure label
    automation: AutomationLevel  # GPT-4's automation level


def automation_from_eloundou(labels: EloundouLabels) -> int:
    """Our 1-5 automation score for a task with these labels (the rule in this module's docstring)."""
    if labels.human == "E0" and labels.gpt4 == "E0":
        return 1
    return 1 + int(labels.automation[1])


def converted_automation(labels: tuple[EloundouLabels, ...]) -> int | None:
    """The score the rule gives a task merged from these O*NET tasks; None when they disagree or are none."""
    scores = {automation_from_eloundou(label) for label in labels}
    return scores.pop() if len(scores) == 1 else None
