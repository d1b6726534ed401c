"""Shared pytest fixtures: users in each role and small linked content."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no throttle counts or cached responses leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db) -> User:
    """A staff user in the `editors` group created by the data migration."""
    user = User.objects.create_user("editor", password="editor-pass-123", is_staff=True)
    user.groups.add(Group.objects.get(name="editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def plain_user(db) -> User:
    """Authenticated, but with no permissions at all."""
    return User.objects.create_user("reader", password="reader-pass-123")


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("admin", password="admin-pass-123")


@pytest.fixture
def un_system(db):
    """The United Nations with its Security Council below it."""
    un = factories.ActorFactory(slug="united-nations", name="United Nations", kind="international_org")
    council = factories.ActorFactory(
        slug="united-nations-security-council",
        name="United Nations Security Council",
        kind="un_organ",
        parent=un,
    )
    return un, council


@pytest.fixture
def libya_resolution_1973(db, un_system):
    """A published Libya event: the Security Council applies a no-fly zone, cited to its resolution."""
    _, council = un_system
    case = factories.CaseStudyFactory(slug="libya", title="Libya", country="LY")
    event = factories.EventFactory(
        key="libya-2011-03-17-resolution-1973",
        case=case,
        date=datetime.date(2011, 3, 17),  # not the factory's running date, which depends on the tests run before
        title="Security Council authorises a no-fly zone",
        event_type="resolution",
    )
    factories.EventActorFactory(event=event, actor=council, role="initiator")
    instrument = factories.InstrumentFactory(slug="no-fly-zone", name="No-fly zone", category="military")
    factories.InstrumentUseFactory(event=event, instrument=instrument, actor=council)
    source = factories.SourceFactory(key="s-res-1973-2011", symbol="S/RES/1973 (2011)", title="Resolution 1973")
    factories.CitationFactory(event=event, source=source, locator="para. 6")
    return event


@pytest.fixture
def one_of_everything(libya_resolution_1973):
    """At least one row of every content model, around the Libya event."""
    case = libya_resolution_1973.case
    factories.PhaseFactory(case=case)
    factories.MembershipFactory()
    factories.CapabilityFactory()
    figure = factories.FigureFactory(case=case)
    factories.CitationFactory(event=None, figure=figure)
    factories.FactorAssessmentFactory(case=case)
    finding = factories.HypothesisFindingFactory(case=case)
    finding.evidence.add(libya_resolution_1973)
    return libya_resolution_1973


@pytest.fixture
def make_events(db):
    """Bulk-create n published events in one case, each with an actor, an instrument use and a citation."""

    def make(n: int, case=None):
        import datetime

        from cases.models import Citation, Event, EventActor, InstrumentUse

        case = case or factories.CaseStudyFactory(slug="bulk-case")
        actor = factories.ActorFactory(slug="bulk-actor")
        instrument = factories.InstrumentFactory(slug="bulk-instrument", category="economic")
        source = factories.SourceFactory(key="bulk-source")
        start = datetime.date(2000, 1, 1)
        events = Event.objects.bulk_create(
            Event(
                key=f"bulk-{case.slug}-{i}",
                case=case,
                date=start + datetime.timedelta(days=i),
                title=f"Bulk event {i}",
                description="Generated.",
                event_type="statement",
                status="published",
            )
            for i in range(n)
        )
        EventActor.objects.bulk_create(EventActor(event=e, actor=actor, role="initiator") for e in events)
        InstrumentUse.objects.bulk_create(InstrumentUse(event=e, instrument=instrument, actor=actor) for e in events)
        Citation.objects.bulk_create(Citation(event=e, source=source, locator="p. 1") for e in events)
        return events

    return make


@pytest.fixture
def sample_cases(db):
    """Four published cases with phases, events of every date precision, figures and five-factor ratings."""
    from tests.sample_cases import build_sample_cases

    return build_sample_cases()
