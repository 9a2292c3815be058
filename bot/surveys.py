"""Client satisfaction (CSAT): when a milestone is signed off, and when the project closes, the
client's people are asked one question, "how satisfied are you, 1 to 5?", with an optional
comment. Each answers once per occasion and may change it for a day; a low score or a
complaint in the comment opens a risk for the studio."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.model import Person

SCORES = (1, 2, 3, 4, 5)
LOW = 2  # a score this low or lower opens a risk
CHANGE_WINDOW = timedelta(hours=24)  # from the first answer: the answer may be changed within it
# A complaint in a comment opens a risk whatever the score: a short list in the two languages
# the bot speaks, matched as words (English) or as written (Chinese has no spaces).
COMPLAINTS_EN = (
    "disappointed", "disappointing", "unhappy", "frustrated", "frustrating", "too slow",
    "not happy", "dissatisfied", "annoyed", "unacceptable",
)  # fmt: skip
COMPLAINTS_ZH = ("失望", "不满意", "不满", "太慢", "不开心", "不高兴", "无法接受", "糟糕")
_COMPLAINT_EN = re.compile(r"\b(" + "|".join(map(re.escape, COMPLAINTS_EN)) + r")\b", re.I)


class SurveyMode(StrEnum):
    """Where a project's surveys are asked: in its channel (the default), in each client
    approver's direct messages, or not at all."""

    CHANNEL = "channel"
    DM = "dm"
    OFF = "off"


class Trend(StrEnum):
    UP = "up"
    DOWN = "down"
    STEADY = "steady"


@dataclass(frozen=True, kw_only=True)
class SurveyAnswer:
    person: Person
    score: int
    comment: str = ""
    answered_at: datetime  # the latest answer
    first_answered_at: datetime  # the change window runs from here

    def changeable(self, now: datetime) -> bool:
        return now - self.first_answered_at < CHANGE_WINDOW


@dataclass(frozen=True, kw_only=True)
class SurveyOccasion:
    """One survey: a milestone signed off (`milestone_id`), or the project closed (None)."""

    id: int = 0
    project_id: int
    milestone_id: int | None
    opened_at: datetime
    answers: tuple[SurveyAnswer, ...] = ()

    @property
    def key(self) -> str:
        """What the occasion is about, unique within the project."""
        return f"milestone:{self.milestone_id}" if self.milestone_id is not None else "close"

    def answer_of(self, person_id: int) -> SurveyAnswer | None:
        return next((a for a in self.answers if a.person.id == person_id), None)

    @property
    def average(self) -> float | None:
        if not self.answers:
            return None
        return sum(a.score for a in self.answers) / len(self.answers)


def complaint(comment: str) -> bool:
    """Whether a comment says the client is unhappy, in English or Chinese."""
    return bool(_COMPLAINT_EN.search(comment)) or any(w in comment for w in COMPLAINTS_ZH)


def is_alarming(score: int, comment: str) -> bool:
    """A score the studio must hear about: low, or with a complaint in its comment."""
    return score <= LOW or complaint(comment)


def risk_key(occasion: SurveyOccasion, person: Person) -> str:
    """The key the risk of one person's answer is raised once under."""
    return f"csat:{occasion.id}:{person.id}"


def trend(previous: float | None, current: float | None) -> Trend | None:
    """How an occasion's average compares with the one before (None for the first, or one
    nobody answered)."""
    if previous is None or current is None:
        return None
    if abs(current - previous) < 0.05:
        return Trend.STEADY
    return Trend.UP if current > previous else Trend.DOWN


def answered(occasions: Sequence[SurveyOccasion]) -> list[SurveyOccasion]:
    """The occasions with at least one answer, in the order they were opened."""
    return sorted((o for o in occasions if o.answers), key=lambda o: (o.opened_at, o.id))
