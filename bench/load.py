"""The read/write load test: 64 concurrent clients for 60 s, readers and editors mixed; zero 5xx, zero lost writes.

Each client is a thread with its own keep-alive connection. Three in four requests are anonymous reads (event
lists, an event, search, the case page); one in four is an editor's write through the API with a token: create an
event, or rename one of the events this client created. Every write the server acknowledged (201 or 200) is
remembered; afterwards every one is read back, as the editor and anonymously (through the response cache when it
is on), and must show exactly the last acknowledged value. Each client edits only its own events, so the last
acknowledged value is the one that must be there.

Run by bench/run.py after the benchmark, or alone against a running server:
    .venv/bin/python bench/load.py --url http://127.0.0.1:8100 --token <editor token> [--duration 60]
"""

import argparse
import http.client
import json
import random
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

CLIENTS = 64
WRITE_SHARE = 0.25
WRITE_CASE = "libya"


@dataclass
class Tally:
    """What all clients saw, merged under a lock."""

    statuses: Counter = field(default_factory=Counter)
    connection_errors: int = 0
    reads: int = 0
    writes: int = 0
    acknowledged: dict[int, str] = field(default_factory=dict)  # event id -> last acknowledged title
    lock: threading.Lock = field(default_factory=threading.Lock)


class Client:
    """One simulated user: a keep-alive connection, reads and (with a token) writes."""

    def __init__(self, number: int, base: str, token: str, reads: list[str], tally: Tally):
        parsed = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
        self.number, self.token, self.reads, self.tally = number, token, reads, tally
        self.rng = random.Random(number)
        self.own: dict[int, int] = {}  # event id -> the version this client last saw
        self.written = 0

    def request(self, method: str, path: str, body: dict | None = None, auth: bool = False) -> tuple[int, dict]:
        headers = {"Accept": "application/json"}
        if auth:
            headers["Authorization"] = f"Token {self.token}"
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            self.connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            response = self.connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # reconnects on the next request
            with self.tally.lock:
                self.tally.connection_errors += 1
            return 0, {}
        with self.tally.lock:
            self.tally.statuses[response.status] += 1
        is_json = response.getheader("Content-Type", "").startswith("application/json")
        return response.status, json.loads(payload) if is_json and payload else {}

    def read(self) -> None:
        self.request("GET", self.rng.choice(self.reads))
        with self.tally.lock:
            self.tally.reads += 1

    def write(self) -> None:
        self.written += 1
        title = f"Load test client {self.number} write {self.written}"
        if not self.own or self.rng.random() < 0.4:
            body = {"key": f"load-{self.number}-{self.written}-{time.time_ns()}", "case": WRITE_CASE,
                    "date": "2011-03-01", "date_precision": "month", "title": title, "event_type": "statement",
                    "status": "published"}  # fmt: skip
            status, answer = self.request("POST", "/api/events/", body, auth=True)
            if status == 201:
                self.own[answer["id"]] = answer["version"]
                self.acknowledge(answer["id"], title)
        else:
            # An update sends the version it read (optimistic locking); each client edits only its own events.
            event_id = self.rng.choice(list(self.own))
            body = {"title": title, "version": self.own[event_id]}
            status, answer = self.request("PATCH", f"/api/events/{event_id}/", body, auth=True)
            if status == 200:
                self.own[event_id] = answer["version"]
                self.acknowledge(event_id, title)
        with self.tally.lock:
            self.tally.writes += 1

    def acknowledge(self, event_id: int, title: str) -> None:
        with self.tally.lock:
            self.tally.acknowledged[event_id] = title

    def run(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            self.write() if self.rng.random() < WRITE_SHARE else self.read()


def read_urls(base: str) -> list[str]:
    """What readers ask for: lists by case and actor, single events, search, the case page."""
    client = Client(-1, base, "", [], Tally())
    _, cases = client.request("GET", "/api/cases/?page_size=100")
    slugs = [case["slug"] for case in cases.get("results", [])]
    _, events = client.request("GET", "/api/events/?page_size=200")
    ids = [event["id"] for event in events.get("results", [])]
    urls = [f"/api/events/?case={slug}" for slug in slugs]
    urls += [f"/api/events/{event_id}/" for event_id in ids[:50]]
    urls += ["/api/events/?actor=united-nations", "/api/events/?search=ceasefire&ordering=date"]
    urls += [f"/api/cases/{WRITE_CASE}/", "/api/instruments/", "/api/sources/?page_size=20"]
    urls += [f"/cases/{WRITE_CASE}/", f"/api/events/?case={WRITE_CASE}&ordering=-date"]
    return urls


def verify(base: str, token: str, acknowledged: dict[int, str]) -> dict:
    """Read back every acknowledged write, as the editor and anonymously; count what is missing or stale."""
    client = Client(-2, base, token, [], Tally())
    lost, stale = [], []
    for event_id, title in acknowledged.items():
        status, answer = client.request("GET", f"/api/events/{event_id}/", auth=True)
        if status != 200 or answer.get("title") != title:
            lost.append(event_id)
        status, answer = client.request("GET", f"/api/events/{event_id}/")
        if status != 200 or answer.get("title") != title:
            stale.append(event_id)
    return {"verified": len(acknowledged), "lost": lost, "stale_for_anonymous": stale}


def run(base: str, token: str, duration: int, clients: int = CLIENTS) -> dict:
    """The whole test: clients for `duration` seconds, then the read-back."""
    reads, tally = read_urls(base), Tally()
    deadline = time.monotonic() + duration
    users = [Client(number, base, token, reads, tally) for number in range(clients)]
    threads = [threading.Thread(target=user.run, args=(deadline,)) for user in users]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    check = verify(base, token, tally.acknowledged)
    server_errors = sum(count for status, count in tally.statuses.items() if status >= 500)
    result = {
        "clients": clients,
        "seconds": round(seconds, 1),
        "requests": sum(tally.statuses.values()),
        "requests_per_s": round(sum(tally.statuses.values()) / seconds, 1),
        "reads": tally.reads,
        "writes": tally.writes,
        "statuses": {str(status): count for status, count in sorted(tally.statuses.items())},
        "server_errors": server_errors,
        "connection_errors": tally.connection_errors,
        "acknowledged_writes": len(tally.acknowledged),
        "lost_writes": len(check["lost"]),
        "stale_reads_after_write": len(check["stale_for_anonymous"]),
        **check,
    }
    result["summary"] = (
        f"{clients} clients for {result['seconds']} s: {result['requests']} requests ({result['requests_per_s']}/s), "
        f"{result['writes']} writes, {result['acknowledged_writes']} events written and read back; "
        f"{server_errors} 5xx, {tally.connection_errors} connection errors, {result['lost_writes']} lost writes, "
        f"{result['stale_reads_after_write']} stale anonymous reads."
    )
    return result


EDITOR_TOKEN = """
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
user, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
user.groups.add(Group.objects.get(name="editors"))
print(Token.objects.get_or_create(user=user)[0].key)
"""


def run_load_test(base: str, duration: int, manage: Callable[..., str]) -> dict:
    """For run.py: make an editor with a token through manage.py, then run the test."""
    token = manage("shell", "-c", EDITOR_TOKEN).splitlines()[-1].strip()
    return run(base, token, duration)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8100")
    parser.add_argument("--token", required=True, help="An editor's API token.")
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    args = parser.parse_args()
    result = run(args.url, args.token, args.duration, args.clients)
    print(json.dumps({key: value for key, value in result.items() if key not in ("lost", "stale_for_anonymous")}))
    raise SystemExit(1 if result["server_errors"] or result["lost_writes"] else 0)


if __name__ == "__main__":
    main()
