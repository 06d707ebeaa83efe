"""The OpenAPI schema, as the portal serves it, passes Redocly CLI's recommended rules, with
the exceptions `redocly.yaml` justifies one by one.

Redocly CLI comes from the npm registry at the version package-lock.json pins
(`make install-dev` installs it into node_modules/). Outside CI a missing tool skips this
test; in CI (CI=true) it fails it, so that it can never silently not run.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
CONFIG = ROOT / "redocly.yaml"


def require_redocly() -> None:
    missing = None
    if shutil.which("node") is None:
        missing = "Node.js is not installed"
    elif not REDOCLY.exists():
        missing = "Redocly CLI is not installed: run `make install-dev` (npm ci)"
    if missing is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{missing} (required in CI)")
    pytest.skip(missing)


def test_the_served_schema_passes_redocly_recommended_rules(client, tmp_path):
    require_redocly()
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = tmp_path / "openapi.yaml"
    schema.write_bytes(response.content)
    assert yaml.safe_load(schema.read_text())["servers"]
    lint = subprocess.run(
        [str(REDOCLY), "lint", str(schema), "--config", str(CONFIG), "--format", "stylish"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"},
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    # Warnings too: the recommended rules' warnings are kept at zero.
    assert "warning" not in lint.stdout.lower(), lint.stdout


def test_every_exception_to_the_recommended_rules_says_why():
    lines = CONFIG.read_text().splitlines()
    config = yaml.safe_load(CONFIG.read_text())
    assert config["extends"] == ["recommended"]
    for rule in config["rules"]:
        line = next(n for n, text in enumerate(lines) if text.strip().startswith(f"{rule}:"))
        assert lines[line - 1].strip().startswith("#"), f"{rule} has no reason written above it"
    # "A handful" at most.
    assert len(config["rules"]) <= 5
