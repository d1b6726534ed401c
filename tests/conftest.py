"""Shared pytest fixtures: users in each role and small linked content."""

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
        title="Security Council authorises a no-fly zone",
        event_type="resolution",
    )
    factories.EventActorFactory(event=event, actor=council, role="initiator")
    instrument = factories.InstrumentFactory(slug="no-fly-zone", name="No-fly zone", category="military")
    factories.InstrumentUseFactory(event=event, instrument=instrument, actor=council)
    source = factories.SourceFactory(key="s-res-1973-2011", symbol="S/RES/1973 (2011)", title="Resolution 1973")
    factories.CitationFactory(event=event, source=source, locator="para. 6")
    return event
