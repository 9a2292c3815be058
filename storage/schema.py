"""The whole schema in one MetaData, for Alembic and the schema tests: migrations/versions must
create exactly this."""

from __future__ import annotations

# Imported for their side effect: each table module adds its tables to Base.metadata.
import storage.tables
import storage.tables_lessons
import storage.tables_nudges
import storage.tables_pages
import storage.tables_platform
import storage.tables_records
import storage.tables_replies
import storage.tables_risks
import storage.tables_scope
import storage.tables_slack_installs
import storage.tables_slack_orgs
import storage.tables_surveys  # noqa: F401
from storage.tables_base import Base

metadata = Base.metadata
