"""The scheduler: APScheduler keeps time; the database outbox delivers each nudge once."""
