"""Who may do what: anonymous, signed in without rights, editor, superuser; every API verb and admin view."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User

from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "plain_user", "editor", "superuser"]


@pytest.fixture
def content(libya_resolution_1973):
    """A published and a draft record of every API resource, plus one record nothing refers to (deletable)."""
    case = libya_resolution_1973.case
    hypothesis = factories.HypothesisFactory(code="sub-6")
    return {
        "cases": {"published": case.slug, "draft": factories.CaseStudyFactory(slug="draft-case", status="draft").slug,
                  "free": factories.CaseStudyFactory(slug="free-case").slug},
        "events": {"published": libya_resolution_1973.pk,
                   "draft": factories.EventFactory(case=case, status="draft").pk,
                   "free": factories.EventFactory(case=case).pk},
        "actors": {"published": "united-nations-security-council",
                   "draft": factories.ActorFactory(slug="draft-actor", status="draft").slug,
                   "free": factories.ActorFactory(slug="free-actor").slug},
        "instruments": {"published": "no-fly-zone",
                        "draft": factories.InstrumentFactory(slug="draft-instrument", status="draft").slug,
                        "free": factories.InstrumentFactory(slug="free-instrument").slug},
        "sources": {"published": "s-res-1973-2011", "draft": None, "free": factories.SourceFactory(key="free").key},
        "hypotheses": {"published": hypothesis.code, "draft": None,
                       "free": factories.HypothesisFactory(code="main-9").code},
    }  # fmt: skip


NEW = {
    "cases": {"slug": "new-case", "title": "New", "country": "CI", "period_start": "2010-10-01",
              "situation_type": "electoral_power_struggle"},
    "events": {"key": "new-event", "case": "libya", "date": "2011-03-01", "date_precision": "month",
               "title": "New event", "event_type": "statement"},
    "actors": {"slug": "new-actor", "name": "New actor", "kind": "ngo"},
    "instruments": {"slug": "new-instrument", "name": "New", "category": "legal", "nature": "mixed",
                    "prevention_type": "both"},
    "sources": {"key": "new-source", "kind": "un_report", "title": "A report"},
    "hypotheses": {"code": "sub-99", "kind": "sub", "statement": "A new hypothesis."},
}  # fmt: skip
CHANGED_FIELD = {"cases": "title", "events": "title", "actors": "name", "instruments": "name", "sources": "title",
                 "hypotheses": "statement"}  # fmt: skip


@pytest.fixture
def as_role(client, request):
    def sign_in(role: str):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return sign_in


# What each role gets: (read published, read draft, create, update, delete)
EXPECTED = {
    "anonymous": (200, 404, 401, 401, 401),
    "plain_user": (200, 404, 403, 403, 403),
    "editor": (200, 200, 201, 200, 403),
    "superuser": (200, 200, 201, 200, 204),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource", list(NEW))
def test_api_permissions(as_role, content, role, resource):
    client = as_role(role)
    read, read_draft, create, update, delete = EXPECTED[role]
    ids = content[resource]
    base = f"/api/{resource}/"
    assert client.get(base).status_code == 200
    assert client.get(f"{base}{ids['published']}/").status_code == read
    if ids["draft"] is not None:
        assert client.get(f"{base}{ids['draft']}/").status_code == read_draft
        listed = {str(row.get("slug") or row.get("id")) for row in client.get(base).json()["results"]}
        assert (str(ids["draft"]) in listed) == (read_draft == 200)
    assert client.post(base, NEW[resource], content_type="application/json").status_code == create
    detail = f"{base}{ids['free']}/"
    version = client.get(detail).json().get("version", 1) if read == 200 else 1
    patch = {CHANGED_FIELD[resource]: "Changed", "version": version}
    assert client.patch(detail, patch, content_type="application/json").status_code == update
    assert client.delete(detail).status_code == delete


ADMIN_CONTENT_MODELS = [m for m in admin.site._registry if m._meta.app_label in {"actors", "instruments", "cases"}]
WHOLE_ENTRIES = {"actor", "instrument", "casestudy", "event", "source", "figure", "factorassessment", "hypothesis"}


def admin_expectations(role: str, model_name: str) -> dict:
    """Status per admin view: anonymous and non-staff users are sent to the login page."""
    if role in ("anonymous", "plain_user"):
        return dict.fromkeys(("changelist", "add", "change", "history", "delete"), 302)
    if role == "superuser":
        return dict.fromkeys(("changelist", "add", "change", "history", "delete"), 200)
    return {"changelist": 200, "add": 200, "change": 200, "history": 200,
            "delete": 403 if model_name in WHOLE_ENTRIES else 200}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", ADMIN_CONTENT_MODELS, ids=lambda m: m._meta.model_name)
def test_admin_permissions(as_role, one_of_everything, role, model):
    client = as_role(role)
    opts = model._meta
    obj = model.objects.first()
    base = f"/admin/{opts.app_label}/{opts.model_name}/"
    urls = {"changelist": base, "add": f"{base}add/", "change": f"{base}{obj.pk}/change/",
            "history": f"{base}{obj.pk}/history/", "delete": f"{base}{obj.pk}/delete/"}  # fmt: skip
    for view, expected in admin_expectations(role, opts.model_name).items():
        assert client.get(urls[view]).status_code == expected, (view, urls[view])


@pytest.mark.parametrize("role", ROLES)
def test_only_superusers_manage_users_and_tokens(as_role, role):
    client = as_role(role)
    expected = {"anonymous": 302, "plain_user": 302, "editor": 403, "superuser": 200}[role]
    someone = User.objects.create_user("someone")
    for url in ("/admin/auth/user/", f"/admin/auth/user/{someone.pk}/change/", "/admin/auth/group/",
                "/admin/authtoken/tokenproxy/"):  # fmt: skip
        assert client.get(url).status_code == expected, url
