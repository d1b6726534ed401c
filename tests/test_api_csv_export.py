"""The fast events CSV is exactly what serializing every event would give, for the public and for editors.

On PostgreSQL the CSV is written by COPY, elsewhere in Python; both must give the serializer's bytes.
"""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import RequestFactory

from atrocity.api.views import ListExportMixin
from atrocity.renderers import csv_columns
from cases import synthetic
from cases.api import csv_export
from cases.api.csv_export import EventCSVExportMixin, copied_csv, copy_statement, csv_text_chunks, event_record_chunks
from cases.api.serializers import EventSerializer
from cases.models import Event
from cases.selectors import events_for_listing
from tests import factories

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")


def csv_text(client, url: str, **params) -> str:
    response = client.get(url, {"format": "csv", **params})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def varied_events(libya_resolution_1973):
    """Synthetic events of every shape, plus a published event linked to a draft actor."""
    synthetic.generate(cases=2, events=150, seed=21)
    hidden = factories.ActorFactory(slug="draft-actor", status="draft")
    factories.EventActorFactory(event=libya_resolution_1973, actor=hidden, role="supporter")
    return libya_resolution_1973


@pytest.fixture
def awkward_events(varied_events):
    """Events whose cells exercise every rule of the CSV: quoting, formulas, empty text, dates, links, drafts."""
    case = factories.CaseStudyFactory(slug="awkward")
    phase = factories.PhaseFactory(case=case, slug="-phase")
    titles = ["=1+1", "@x", "-2", "+3", "\ttab", "\rreturn", 'Quote "in", comma', "Line\nbreak", "Côte d’Ivoire 東京"]
    events = [
        factories.EventFactory(case=case, key=f"awkward-{i}", title=title, date=datetime.date(1994, 4, 6))
        for i, title in enumerate(titles)
    ]
    first, second, third, fourth, fifth, *_ = events
    Event.objects.filter(pk=first.pk).update(description="", editor_note="=SUM(A1)\r\nsecond line", phase=phase)
    Event.objects.filter(pk=second.pk).update(date_precision="month", date=datetime.date(1994, 4, 1))
    Event.objects.filter(pk=third.pk).update(
        date_precision="year", date=datetime.date(994, 1, 1), end_date=datetime.date(1995, 7, 1),
        end_date_precision="month",
    )  # fmt: skip
    Event.objects.filter(pk=fourth.pk).update(end_date=fourth.date, end_date_precision="day")  # the same day
    Event.objects.filter(pk=fifth.pk).update(end_date=fifth.date, end_date_precision="month")  # not the same
    Event.objects.filter(pk=first.pk).update(modified_at=datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.UTC))
    Event.objects.filter(pk=second.pk).update(
        modified_at=datetime.datetime(2020, 1, 2, 3, 4, 5, 120000, tzinfo=datetime.UTC)
    )
    minus = factories.ActorFactory(slug="-minus-actor")
    draft_actor = factories.ActorFactory(slug="draft-applier", status="draft")
    for event in (first, second):
        factories.EventActorFactory(event=event, actor=minus)
        factories.EventActorFactory(event=event, actor=factories.ActorFactory(slug="plain-actor"))
    factories.InstrumentUseFactory(event=first, instrument__slug="sanctions", actor=minus)
    factories.InstrumentUseFactory(event=first, instrument__slug="draft-tool", instrument__status="draft", actor=minus)
    factories.InstrumentUseFactory(event=second, instrument__slug="mediation", actor=draft_actor)
    factories.CitationFactory(event=first, source=factories.SourceFactory(key="@source"))
    factories.CitationFactory(event=first, source=factories.SourceFactory(key="another-source"))
    factories.EventFactory(case=case, key="awkward-draft", title="=draft", status="draft")
    factories.EventFactory(case=factories.CaseStudyFactory(slug="draft-case", status="draft"), key="in-draft-case")
    return events


@pytest.mark.parametrize(
    "url, params",
    [
        ("/api/events/", {}),
        ("/api/events/", {"case": "synthetic-case-0001", "ordering": "-date"}),
        ("/api/events/", {"search": "embargo"}),
        ("/api/events/", {"case": "awkward"}),
        ("/api/cases/synthetic-case-0002/timeline/", {}),
    ],
)
def test_fast_csv_equals_the_serializer_csv(client, awkward_events, monkeypatch, url, params):
    fast = csv_text(client, url, **params)
    monkeypatch.setattr(EventCSVExportMixin, "csv_export", ListExportMixin.csv_export)
    assert fast == csv_text(client, url, **params)
    assert fast.count("\n") > 1


def test_editors_get_the_serializer_csv_with_drafts(client, editor, awkward_events, monkeypatch):
    client.force_login(editor)
    fast = csv_text(client, "/api/events/")
    assert "awkward-draft" in fast and "draft-tool" in fast and "in-draft-case" in fast
    monkeypatch.setattr(EventCSVExportMixin, "csv_export", ListExportMixin.csv_export)
    assert fast == csv_text(client, "/api/events/")


def test_draft_actors_stay_hidden_from_the_public_but_not_from_editors(client, editor, varied_events):
    assert "draft-actor" not in csv_text(client, "/api/events/", case="libya")
    client.force_login(editor)
    assert "draft-actor" in csv_text(client, "/api/events/", case="libya")


@postgresql_only
@pytest.mark.parametrize("as_editor", [False, True])
@pytest.mark.parametrize("most_events", [True, False], ids=["all-links-aggregated", "links-of-the-rows-only"])
def test_copy_writes_the_rows_and_bytes_of_the_python_path(awkward_events, editor, as_editor, most_events):
    user = editor if as_editor else None
    request = RequestFactory().get("/api/events/", {"format": "csv"})
    columns = csv_columns(EventSerializer(context={"request": request}).fields)
    connection.cursor().execute("ANALYZE")  # the choice follows the planner's estimates
    events = events_for_listing(user)
    if not most_events:
        events = events.filter(pk__in=[event.pk for event in events if event.pk % 5 == 0])
    assert csv_export._exports_most_events(events) is most_events
    statement = copy_statement(columns, events, user, request, "default")
    assert ('IN (SELECT U0."id"' not in statement[0]) is most_events  # links restricted to the rows, or not
    python = "".join(csv_text_chunks(columns, event_record_chunks(events, user, request)))
    copied = b"".join(copied_csv(columns, statement, "default"))
    rows = list(csv.reader(io.StringIO(copied.decode(), newline="")))
    assert rows == list(csv.reader(io.StringIO(python, newline="")))
    assert len(rows) == events.count() + 1
    assert copied == python.encode()


@postgresql_only
@pytest.mark.django_db(transaction=True)  # autocommit, as in production: no test transaction around the COPY
def test_a_client_leaving_mid_export_ends_the_copy_and_leaves_the_connection_usable(make_events):
    make_events(3000)
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        (default_work_mem,) = cursor.fetchone()
    request = RequestFactory().get("/api/events/", {"format": "csv"})
    columns = csv_columns(EventSerializer(context={"request": request}).fields)
    statement = copy_statement(columns, events_for_listing(None), None, request, "default")
    body = copied_csv(columns, statement, "default")
    next(body), next(body)  # the header and the first rows; then the client goes away and the server closes it
    body.close()
    assert connection.connection.info.transaction_status.name == "IDLE"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_event")
        assert cursor.fetchone() == (3000,)
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone() == (default_work_mem,)  # the export's larger setting ended with it


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_copy_sorts_with_more_memory_for_its_own_transaction_only(make_events, monkeypatch):
    make_events(5)
    request = RequestFactory().get("/api/events/", {"format": "csv"})
    columns = csv_columns(EventSerializer(context={"request": request}).fields)
    statement = copy_statement(columns, events_for_listing(None), None, request, "default")
    seen = []
    original = csv_export._copied_rows

    def watching(cursor, statement):
        cursor.execute("SHOW work_mem")
        seen.append(cursor.fetchone()[0])
        yield from original(cursor, statement)

    monkeypatch.setattr(csv_export, "_copied_rows", watching)
    assert len(b"".join(copied_csv(columns, statement, "default")).splitlines()) == 6
    assert seen == [csv_export.COPY_WORK_MEM]
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] != csv_export.COPY_WORK_MEM
