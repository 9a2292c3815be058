"""SQLAlchemy storage for the core's repositories, with Alembic migrations: where all SQL lives."""
