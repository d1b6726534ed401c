"""Production settings, security headers and failed-login lockout."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_REPLICA_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=environment, capture_output=True, text=True
    )


def test_check_deploy_is_clean_in_production_mode():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="kb.example.org",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_weak_secret_key_is_refused_in_production():
    result = manage("check", DEBUG="0", SECRET_KEY="short")
    assert result.returncode != 0
    assert "too weak" in result.stderr


@pytest.mark.django_db
def test_pages_carry_security_headers(client):
    response = client.get("/admin/login/")
    policy = response.headers["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        assert response.status_code == 200  # the form again, with an error
    assert client.post("/admin/login/", {"username": "editor", "password": "wrong"}).status_code == 429
    response = client.post("/admin/login/", {"username": "editor", "password": "editor-pass-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_successful_login_before_the_limit_works(client, editor):
    client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "editor-pass-123"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


@pytest.mark.django_db
def test_api_docs_page_needs_no_cdn_and_no_inline_script(client):
    html = client.get("/api/docs/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all('src="/' in attributes and not body.strip() for attributes, body in scripts)
    assert "cdn" not in html.lower() and "https://" not in html
