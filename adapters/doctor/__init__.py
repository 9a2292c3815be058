"""`signoff doctor`: the configuration checked against the platforms and the database, one line
per check (adapters.cli_doctor prints them)."""
