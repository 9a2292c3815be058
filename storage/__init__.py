"""SQLAlchemy storage for the core's repositories, with Alembic migrations: the only place SQL lives."""
