# Signoff's image: `signoff run` on port 3978, answering /healthz for the orchestrator.
# Build: docker build -t signoff .   Run it with deploy/compose.yaml (PostgreSQL, Caddy, HTTPS).
FROM python:3.12-slim

# WeasyPrint (the close-out report's PDF) draws with Pango; Noto CJK lets a Chinese report
# print its characters. Nothing else is needed beside Python.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY storage ./storage
COPY scheduler ./scheduler
COPY adapters ./adapters
RUN pip install . && rm -rf /src

# A dedicated user that owns nothing but its working directory (SQLite's file, when no
# DATABASE_URL is given, lands there).
RUN useradd --system --create-home --home-dir /app --uid 10001 signoff
WORKDIR /app
COPY --chown=signoff:signoff app.yaml /app/app.yaml
USER signoff

ENV PORT=3978
EXPOSE 3978

# No curl in a slim image: Python asks /healthz (200 while the database answers).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % (os.environ.get('PORT') or '3978'), timeout=4)"]

# `signoff run` stops gracefully on SIGTERM (docker stop): requests in flight are finished and
# replies handed to the other instances. On PostgreSQL the schema must be current first:
# compose runs `signoff db upgrade` (the `migrate` service) before starting this.
ENTRYPOINT ["signoff", "run"]
