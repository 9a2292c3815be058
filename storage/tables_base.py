"""The declarative base every table module builds on, with the column helpers they share."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, MetaData, String
from sqlalchemy.orm import DeclarativeBase

from storage.types import UTCDateTime

# Deterministic constraint names, so a later migration can drop or alter them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Unbounded VARCHAR: a length limit would turn an over-long chat id into a database error.
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        str: String(),
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


def project_fk() -> ForeignKey:
    return ForeignKey("projects.id", ondelete="CASCADE")
