"""The base of every typed configuration block: unknown keys are errors, values are frozen."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator


class Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OptionalBlock(Block):
    """A block a deployment may leave empty or null in app.yaml."""

    @model_validator(mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return {} if value is None else value
