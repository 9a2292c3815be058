"""The deploy recipes (Dockerfile, deploy/compose.yaml, deploy/signoff.service) hold together.

The compose file is always checked for what `docker compose up` relies on and against the
published Compose Specification schema; where the docker CLI has its compose plugin,
`docker compose config` validates it as well: a test, never skipped, that warns in the test report
where docker cannot and only the schema checked it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import yaml

from tests.fixtures.published_schemas import COMPOSE, assert_valid, errors

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SECRET = re.compile(r"PASSWORD|SECRET|TOKEN|_KEY", re.IGNORECASE)
VARIABLE = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")


def compose() -> dict:
    loaded = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def environment(service: dict) -> dict[str, str]:
    return {str(k): str(v) for k, v in (service.get("environment") or {}).items()}


def test_compose_runs_signoff_behind_caddy_on_postgres_in_order() -> None:
    services = compose()["services"]
    assert {"signoff", "postgres", "caddy", "migrate"} <= set(services)
    signoff, migrate, caddy = services["signoff"], services["migrate"], services["caddy"]
    # The schema is migrated before Signoff serves, and Signoff is healthy before Caddy sends it
    # anything.
    assert migrate["entrypoint"] == ["signoff", "db", "upgrade"]
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert signoff["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    assert caddy["depends_on"]["signoff"]["condition"] == "service_healthy"
    assert "/healthz" in " ".join(signoff["healthcheck"]["test"])
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    # One variable names the domain, for the certificate and for the page links.
    assert "${SIGNOFF_DOMAIN" in caddy["environment"]["SIGNOFF_DOMAIN"]
    assert environment(signoff)["SIGNOFF_PUBLIC_URL"].startswith("https://${SIGNOFF_DOMAIN")
    assert environment(signoff)["DATABASE_URL"].endswith("@postgres:5432/signoff")
    assert {"80:80", "443:443"} <= set(caddy["ports"]) and "ports" not in signoff
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert "{$SIGNOFF_DOMAIN}" in caddyfile and "reverse_proxy signoff:3978" in caddyfile


def test_compose_follows_the_compose_specification() -> None:
    """What `docker compose config` would refuse for its shape (an unknown key, a port or a
    condition of the wrong kind) is refused here without docker."""
    assert_valid(compose(), COMPOSE)
    broken = compose()
    broken["services"]["signoff"]["depends_on"]["migrate"]["condition"] = "service_done"
    broken["services"]["caddy"]["port"] = broken["services"]["caddy"].pop("ports")
    assert len(errors(broken, COMPOSE)) == 2


def test_compose_writes_no_secret_inline_and_reads_them_from_the_env_file() -> None:
    services = compose()["services"]
    for name, service in services.items():
        for key, value in environment(service).items():
            if SECRET.search(key):
                assert re.fullmatch(r"\$\{[A-Z_]+(:\?[^}]*)?\}", value), (name, key, value)
        # A password inside a URL comes from a variable too.
        for value in environment(service).values():
            assert not re.search(r"://[^:/]+:(?!\$\{)[^@]+@", value), (name, value)
    assert services["signoff"]["env_file"] == ".env"
    text = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    assert not re.search(r"xox[bpa]-|xapp-", text)


def test_the_env_example_lists_every_variable_with_no_secret_filled_in() -> None:
    example = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    assigned = dict(
        line.split("=", 1) for line in example.splitlines() if line and not line.startswith("#")
    )
    app_yaml = (ROOT / "app.yaml").read_text(encoding="utf-8")
    wanted = set(VARIABLE.findall(app_yaml)) - {"VAR"}  # ${VAR} is the comment's example
    wanted |= set(VARIABLE.findall((DEPLOY / "compose.yaml").read_text(encoding="utf-8")))
    assert wanted - set(assigned) == set()
    assert {name: value for name, value in assigned.items() if value} == {}


def test_the_compose_file_is_validated_by_docker_where_docker_can(tmp_path: Path) -> None:
    """`docker compose config` where the compose plugin exists. Where it does not, the YAML
    checks above are all there is, and a warning in the test report says so."""
    docker = shutil.which("docker")
    plugin = docker and subprocess.run(
        [docker, "compose", "version"], capture_output=True, timeout=60
    )
    if not docker or not plugin or plugin.returncode != 0:
        warnings.warn(
            "docker compose is not available here: deploy/compose.yaml was checked against the "
            "Compose Specification schema only",
            stacklevel=1,
        )
        assert compose()["services"]  # what the structural tests of this module read
        return
    # A copy with .env made from the example, as the README's first deploy step does.
    shutil.copytree(DEPLOY, tmp_path / "deploy")
    shutil.copy(DEPLOY / ".env.example", tmp_path / "deploy" / ".env")
    shutil.copy(ROOT / "Dockerfile", tmp_path / "Dockerfile")
    env = {"SIGNOFF_DOMAIN": "signoff.example.com", "POSTGRES_PASSWORD": "not-a-secret"}
    checked = subprocess.run(
        [docker, "compose", "-f", str(tmp_path / "deploy" / "compose.yaml"), "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), **env},
    )
    assert checked.returncode == 0, f"docker compose config refused it: {checked.stderr}"


def test_the_image_runs_signoff_as_a_user_with_a_health_check() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    instructions = [line.strip() for line in dockerfile.splitlines() if line.strip()[:1].isalpha()]
    assert re.match(r"FROM python:3\.1[1-9]-slim", instructions[0])
    users = [line.split()[1] for line in instructions if line.startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}
    assert 'ENTRYPOINT ["signoff", "run"]' in instructions
    assert "pip install ." in dockerfile
    health = dockerfile.split("HEALTHCHECK", 1)[1].split("\n\n", 1)[0]
    assert "/healthz" in health and "urllib.request" in health and "curl" not in health
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", ".env", "tests"} <= set(ignored)


def test_the_systemd_unit_runs_a_dedicated_user_from_an_env_file_and_restarts_on_failure() -> None:
    unit = (DEPLOY / "signoff.service").read_text(encoding="utf-8")
    settings = dict(
        line.split("=", 1) for line in unit.splitlines() if "=" in line and not line[:1] == "#"
    )
    assert settings["User"] == "signoff"
    assert settings["EnvironmentFile"].startswith("/etc/signoff/")
    assert settings["Restart"] == "on-failure"
    assert settings["ExecStart"].endswith("signoff run")
    assert settings["ExecStartPre"].endswith("signoff db upgrade")
