"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def run_check(**env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=PROJECT, env=environment, capture_output=True, text=True
    )


def test_production_without_secret_key_refuses_to_start():
    result = run_check(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_needs_nothing_set():
    assert run_check().returncode == 0


def test_unclear_boolean_is_a_configuration_error():
    result = run_check(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr
