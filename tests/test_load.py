"""Load: 64 concurrent clients mixing anonymous reads and editors' writes against gunicorn and PostgreSQL.

A bounded version of bench/load.py (which runs 60 s): zero 5xx, and every write the server acknowledged is in
the database afterwards with its last acknowledged value. Runs where the suite runs on PostgreSQL (CI's second
pass); SQLite is the embedded development database, not a concurrent server.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from rest_framework.authtoken.models import Token

from cases.models import Event
from tests.content import load_curated_content

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "bench"))
import load  # noqa: E402  (bench/load.py, the benchmark's load generator)

DURATION_SECONDS = int(os.environ.get("LOAD_TEST_SECONDS", "15"))

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the load test needs PostgreSQL"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn():
    """gunicorn in production mode, serving the test database that this test has committed content to."""
    port = free_port()
    database = connection.settings_dict
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "SECRET_KEY": "load-test-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "API_THROTTLE_ANON": "off",
        "API_THROTTLE_USER": "off",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
        f"/{database['NAME']}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT, env=environment, check=True
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "atrocity.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "4",
         "--threads", "4", "--timeout", "120"],
        cwd=PROJECT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_64_clients_reading_and_writing_lose_nothing(gunicorn):
    load_curated_content()
    editor = User.objects.create_user("load-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="editors"))
    token = Token.objects.create(user=editor).key

    result = load.run(gunicorn, token, DURATION_SECONDS, clients=64)

    print(result["summary"])
    assert result["server_errors"] == 0, result["statuses"]
    assert result["connection_errors"] == 0
    assert result["acknowledged_writes"] > 0
    assert result["lost_writes"] == 0, result["lost"]
    assert result["stale_reads_after_write"] == 0, result["stale_for_anonymous"]
    # The mix really contained acknowledged updates (with their versions), not only creations.
    assert Event.objects.filter(key__startswith="load-", version__gt=1).exists()
