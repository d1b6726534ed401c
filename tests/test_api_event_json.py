"""The event list's JSON, built from rows, is byte for byte what EventSerializer gave, for the public and editors."""

import datetime
import re

import factory
import pytest
from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from atrocity.counting import CappedCountPaginator
from cases import synthetic
from cases.api.views import EventPageMixin
from tests import factories
from tests.sample_cases import build_sample_cases

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def varied_events(django_db_setup, django_db_blocker):
    """The sample cases and a synthetic corpus, plus drafts of every kind and events with odd shapes.

    Built once for the module, in a transaction rolled back at its end; each test runs in a savepoint inside it.
    The factories' sequences are put back too: EventFactory dates events by its sequence, and tests of later
    modules expect the dates they would get without this one.
    """
    model_factories = [
        member
        for member in vars(factories).values()
        if isinstance(member, type) and issubclass(member, factory.django.DjangoModelFactory)
    ]
    sequences = {model_factory: model_factory._meta.next_sequence() for model_factory in model_factories}
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_varied_events()
        transaction.set_rollback(True)
    for model_factory, sequence in sequences.items():
        model_factory.reset_sequence(sequence)


def _build_varied_events() -> dict:
    sample = build_sample_cases()
    synthetic.generate(cases=2, events=150, seed=21)
    libya = sample["cases"]["libya"]["case"]
    event = sample["cases"]["libya"]["events"][0]
    draft_actor = factories.ActorFactory(slug="draft-actor", name="Acteur brouillon", status="draft")
    draft_instrument = factories.InstrumentFactory(slug="draft-instrument", status="draft", category="legal")
    published_instrument = factories.InstrumentFactory(
        slug="arms-embargo-x", name="Embargo on arms", category="economic"
    )
    factories.EventActorFactory(event=event, actor=draft_actor, role="supporter")
    factories.InstrumentUseFactory(event=event, instrument=draft_instrument, actor=sample["unsc"], note="hidden")
    factories.InstrumentUseFactory(event=event, instrument=published_instrument, actor=draft_actor, note="hidden too")
    factories.InstrumentUseFactory(event=event, instrument=published_instrument, actor=sample["un"], note="Ŝankcioj")
    issuer = factories.ActorFactory(slug="osce-like", name="Организация", short_name="")
    source = factories.SourceFactory(
        key="s-report-ü", kind="un_report", title="Rapport sur la Côte d'Ivoire", symbol="S/2004/1",
        issuer=issuer, date=datetime.date(2004, 3, 1), date_precision="month", url="https://example.org/ü",
    )  # fmt: skip
    factories.CitationFactory(event=event, source=source, locator="§ 12", quote="")
    factories.EventFactory(
        key="libya-draft", case=libya, status="draft", title="Projet d'embargo", date=datetime.date(2011, 3, 1)
    )
    factories.EventFactory(
        key="libya-bare", case=libya, title="Embargo, année entière — «sans liens»", date=datetime.date(2011, 1, 1),
        date_precision="year", end_date=datetime.date(2012, 6, 1), end_date_precision="month", phase=None,
    )  # fmt: skip
    draft_case = factories.CaseStudyFactory(slug="draft-case", status="draft")
    factories.EventFactory(key="in-draft-case", case=draft_case, title="Hidden with its case")
    editor = User.objects.create_user("json-editor")  # no password: hashing one costs a second per test
    editor.groups.add(Group.objects.get(name="editors"))
    return {**sample, "editor": editor}


def serializer_list(self, request, *args, **kwargs):
    """The list as it was: every page through EventSerializer."""
    return super(EventPageMixin, self).list(request, *args, **kwargs)


def both_ways(client, monkeypatch, url: str, params: dict, **headers):
    """The response built from rows and the serializer's, checking how many queries the first runs.

    Both count. Then the serializer's page reads its rows and three prefetches; the fast page reads the page's ids,
    then on PostgreSQL their rows with their links in one statement (fewer queries), elsewhere the rows and three
    link queries (one more).
    """
    client.get(url, params, headers=headers)  # the connection's first API read prepares the ETag query (one more)
    with CaptureQueriesContext(connection) as fast_queries:
        fast = client.get(url, params, headers=headers)
    with monkeypatch.context() as patched, CaptureQueriesContext(connection) as old_queries:
        patched.setattr(EventPageMixin, "list", serializer_list)
        old = client.get(url, params, headers=headers)
    assert len(fast_queries) <= len(old_queries) + (connection.vendor != "postgresql")
    return fast, old


LISTS = [
    ("/api/events/", {}),
    ("/api/events/", {"format": "json"}),
    ("/api/events/", {"page": 2, "page_size": 7}),
    ("/api/events/", {"page_size": 1000}),
    ("/api/events/", {"case": ["libya", "synthetic-case-0001"], "ordering": "-date"}),
    ("/api/events/", {"actor": "united-nations"}),
    ("/api/events/", {"actor": "united-nations", "page": 2, "page_size": 5, "ordering": "-date"}),
    ("/api/events/", {"instrument": "arms-embargo-x"}),
    ("/api/events/", {"category": "economic", "event_type": "resolution"}),
    ("/api/events/", {"date_after": "2004-01-01", "date_before": "2011-12-31"}),
    ("/api/events/", {"search": "embargo"}),
    ("/api/events/", {"search": "embargo", "ordering": "date"}),
    ("/api/events/", {"modified_after": "2000-01-01T00:00:00Z"}),
    ("/api/cases/libya/timeline/", {}),
    ("/api/cases/synthetic-case-0002/timeline/", {"page": 3, "page_size": 10, "category": "diplomatic"}),
    # Errors: the same status and message as before.
    ("/api/events/", {"page": 999}),
    ("/api/events/", {"page_size": 0}),
    ("/api/events/", {"actor": "no-such-actor"}),
    ("/api/events/", {"actor": "draft-actor"}),
    ("/api/cases/draft-case/timeline/", {}),
]


@pytest.mark.parametrize("as_editor", [False, True], ids=["anonymous", "editor"])
@pytest.mark.parametrize("url, params", LISTS)
def test_fast_page_equals_the_serializer_page(varied_events, client, monkeypatch, as_editor, url, params):
    if as_editor:
        client.force_login(varied_events["editor"])
    fast, old = both_ways(client, monkeypatch, url, params)
    assert (fast.status_code, fast["Content-Type"]) == (old.status_code, old["Content-Type"])
    assert fast.json() == old.json()
    assert fast.content == old.content  # the same keys in the same order, too


def test_negotiated_json_equals_the_serializer(varied_events, client, monkeypatch):
    fast, old = both_ways(client, monkeypatch, "/api/events/", {"page_size": 100}, accept="application/json")
    assert fast["Content-Type"] == "application/json"
    assert fast.content == old.content


def test_browsable_api_shows_the_same_page(varied_events, client):
    response = client.get("/api/events/", {"format": "api", "case": "libya"})
    assert response.status_code == 200
    assert "libya-bare" in response.content.decode()


@pytest.mark.parametrize("as_editor", [False, True], ids=["anonymous", "editor"])
def test_estimated_count_pages_equal_the_serializer(varied_events, client, monkeypatch, as_editor):
    """Above the exact-count cap pages are found by reading one row ahead; the rows must not change."""
    monkeypatch.setattr(CappedCountPaginator, "exact_count_limit", 10)
    if as_editor:
        client.force_login(varied_events["editor"])
    for page in (1, 2, 30):
        fast, old = both_ways(client, monkeypatch, "/api/events/", {"page": page, "page_size": 10})
        assert fast.status_code == old.status_code
        assert fast.content == old.content


@pytest.mark.parametrize(
    "modified_at",
    [
        datetime.datetime(2024, 2, 29, 23, 59, 59, tzinfo=datetime.UTC),  # a whole second: no fraction written
        datetime.datetime(2024, 3, 1, 0, 0, 0, 7, tzinfo=datetime.UTC),
        datetime.datetime(2011, 3, 17, 23, 30, 0, 250000, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))),
    ],
)
def test_modification_times_are_written_as_the_serializer_writes_them(varied_events, client, monkeypatch, modified_at):
    from cases.models import Event

    Event.objects.filter(key="libya-bare").update(modified_at=modified_at)
    fast, old = both_ways(client, monkeypatch, "/api/events/", {"case": "libya"})
    assert fast.content == old.content
    written = {row["key"]: row["modified_at"] for row in fast.json()["results"]}["libya-bare"]
    assert written == modified_at.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def test_the_page_shows_every_part_of_an_event(varied_events, client):
    rows = client.get("/api/events/", {"case": "libya", "page_size": 1000}).json()["results"]
    bare = next(row for row in rows if row["key"] == "libya-bare")
    assert bare["date_label"] == "2011 – June 2012"
    assert (bare["phase"], bare["actors"], bare["instruments"], bare["sources"]) == (None, [], [], [])
    assert bare["links"]["api"] == f"http://testserver/api/events/{bare['id']}/"
    assert bare["links"]["html"] == f"http://testserver/events/{bare['id']}/"
    linked = next(row for row in rows if row["key"] == "libya-0")
    assert linked["phase"]["slug"].startswith("libya-")
    assert {"key": "s-report-ü", "citation": "Организация, Rapport sur la Côte d'Ivoire, S/2004/1, March 2004",
            "locator": "§ 12", "quote": "", "url": "https://example.org/ü"} in linked["sources"]  # fmt: skip
    assert "Ŝankcioj" in [use["note"] for use in linked["instruments"]]


def test_drafts_stay_hidden_from_the_public_but_not_from_editors(varied_events, client):
    def shown(**params):
        body = client.get("/api/events/", {"page_size": 1000, **params}).content.decode()
        return {name: name in body for name in ("libya-draft", "in-draft-case", "draft-actor", "draft-instrument")}

    assert shown(case="libya") == dict.fromkeys(
        ("libya-draft", "in-draft-case", "draft-actor", "draft-instrument"), False
    )
    assert "hidden too" not in client.get("/api/events/", {"case": "libya"}).content.decode()
    client.force_login(varied_events["editor"])
    assert shown(case="libya") == {
        "libya-draft": True,
        "in-draft-case": False,
        "draft-actor": True,
        "draft-instrument": True,
    }
    assert shown(case="draft-case")["in-draft-case"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite reads the links in three more queries")
@pytest.mark.parametrize("as_editor", [False, True], ids=["anonymous", "editor"])
def test_postgresql_reads_a_page_and_its_links_in_one_prepared_statement(varied_events, client, as_editor):
    """A capped count of primary keys, the page's ids, then their rows with their links: three event queries, the
    last two prepared on the connection (the ids under a name made from their text)."""
    if as_editor:
        client.force_login(varied_events["editor"])
    client.get("/api/events/", {"case": "libya"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/events/", {"case": "libya"})
    assert response.status_code == 200
    reads = [query["sql"] for query in queries if '"cases_event"' in query["sql"] or "EXECUTE " in query["sql"]]
    reads = [sql for sql in reads if sql != "EXECUTE content_version"]
    assert len(reads) == 3, reads
    count, ids, page = reads
    assert count.startswith("SELECT COUNT(*)") and "json_agg" not in count
    assert ids.startswith("EXECUTE text_")
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name = %s", [ids.split()[1]])
        (prepared,) = cursor.fetchone()
    assert 'SELECT "cases_event"."id"' in prepared and re.search(r" LIMIT \d+ OFFSET 0$", prepared)
    assert page.startswith(f"EXECUTE event_page_{'all' if as_editor else 'public'}(")
    assert [len(row["actors"]) for row in response.json()["results"]].count(0) < len(response.json()["results"])
