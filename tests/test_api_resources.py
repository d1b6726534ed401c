"""Cases, actors, instruments, sources, hypotheses, the codebook and the API root."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def slugs(response, field="slug") -> list[str]:
    assert response.status_code == 200, response.content
    return [row[field] for row in response.json()["results"]]


def test_root_lists_every_endpoint(client):
    body = client.get("/api/").json()
    for name in ("cases", "events", "actors", "instruments", "sources", "hypotheses", "deletions", "codebook"):
        assert client.get(body[name], {"since": "2000-01-01T00:00:00Z"}).status_code == 200, name
    assert body["schema"].endswith("/api/schema/")


def test_case_detail_counts_phases_figures_and_assessments(client, libya_resolution_1973):
    case = libya_resolution_1973.case
    factories.PhaseFactory(case=case, slug="uprising", name="Uprising")
    factories.FigureFactory(case=case, key="libya-killed", value=10000)
    assessment = factories.FactorAssessmentFactory(case=case, factor="international_pressure", rating=3)
    factories.CitationFactory(event=None, factor_assessment=assessment, locator="Concluding Remarks")
    factories.EventFactory(case=case, status="draft")
    body = client.get("/api/cases/libya/").json()
    assert (body["event_count"], body["actor_count"], body["instrument_count"]) == (1, 1, 1)
    assert [phase["slug"] for phase in body["phases"]] == ["uprising"]
    assert body["figures"][0]["key"] == "libya-killed"
    assert body["factor_assessments"][0] | {"sources": None} == {
        "factor": "international_pressure",
        "rating": 3,
        "justification": "Because.",
        "sources": None,
    }
    assert body["factor_assessments"][0]["sources"][0]["locator"] == "Concluding Remarks"
    assert body["links"]["html"] == "http://testserver/cases/libya/"


def test_case_list_hides_drafts(client, libya_resolution_1973):
    factories.CaseStudyFactory(slug="draft-case", status="draft")
    assert slugs(client.get("/api/cases/")) == ["libya"]
    assert client.get("/api/cases/draft-case/").status_code == 404


def test_case_timeline_is_in_date_order_and_takes_event_filters(client, libya_resolution_1973):
    case = libya_resolution_1973.case
    earlier = factories.EventFactory(case=case, date=libya_resolution_1973.date.replace(day=1), event_type="statement")
    factories.EventFactory(event_type="statement")  # another case
    timeline = client.get("/api/cases/libya/timeline/").json()["results"]
    assert [row["id"] for row in timeline] == [earlier.pk, libya_resolution_1973.pk]
    filtered = client.get("/api/cases/libya/timeline/", {"event_type": "statement"}).json()["results"]
    assert [row["id"] for row in filtered] == [earlier.pk]
    assert client.get("/api/cases/nowhere/timeline/").status_code == 404


def test_actor_filters(client, libya_resolution_1973, un_system):
    factories.ActorFactory(slug="france", name="France", kind="state")
    assert slugs(client.get("/api/actors/", {"kind": "un_organ"})) == ["united-nations-security-council"]
    assert slugs(client.get("/api/actors/", {"parent": "united-nations"})) == ["united-nations-security-council"]
    assert slugs(client.get("/api/actors/", {"case": "libya"})) == ["united-nations-security-council"]
    assert slugs(client.get("/api/actors/", {"search": "fran"})) == ["france"]
    assert slugs(client.get("/api/actors/", {"kind": "state", "search": "security"})) == []


def test_actor_detail_lists_children_cases_and_instruments(client, libya_resolution_1973):
    un = client.get("/api/actors/united-nations/").json()
    assert [child["slug"] for child in un["children"]] == ["united-nations-security-council"]
    council = client.get("/api/actors/united-nations-security-council/").json()
    assert council["parent"] == "united-nations"
    assert council["cases"] == [{"slug": "libya", "title": "Libya"}]
    assert council["instruments"] == [{"slug": "no-fly-zone", "name": "No-fly zone", "category": "military", "uses": 1}]


def test_instrument_filters(client, libya_resolution_1973):
    factories.InstrumentFactory(slug="arms-embargo", name="Arms embargo", category="economic", nature="confrontational")
    assert slugs(client.get("/api/instruments/", {"category": "economic"})) == ["arms-embargo"]
    assert slugs(client.get("/api/instruments/", {"nature": "confrontational"})) == ["arms-embargo"]
    assert slugs(client.get("/api/instruments/", {"prevention_type": "structural"})) == []
    assert slugs(client.get("/api/instruments/", {"case": "libya"})) == ["no-fly-zone"]
    assert slugs(client.get("/api/instruments/", {"actor": "united-nations"})) == ["no-fly-zone"]
    assert slugs(client.get("/api/instruments/", {"search": "embargo"})) == ["arms-embargo"]
    assert slugs(client.get("/api/instruments/", {"case": "libya", "category": "economic"})) == []


def test_instrument_detail_lists_cases_and_actors_that_used_it(client, libya_resolution_1973):
    body = client.get("/api/instruments/no-fly-zone/").json()
    assert body["cases"] == [{"slug": "libya", "title": "Libya", "uses": 1}]
    council = {"slug": "united-nations-security-council", "name": "United Nations Security Council", "uses": 1}
    assert body["actors"] == [council]


def test_sources_search(client, libya_resolution_1973):
    factories.SourceFactory(key="book", kind="book", title="Preventing Mass Human-Rights Violations")
    assert slugs(client.get("/api/sources/", {"search": "1973"}), "key") == ["s-res-1973-2011"]
    assert slugs(client.get("/api/sources/", {"search": "preventing"}), "key") == ["book"]
    assert client.get("/api/sources/book/").json()["citation"] == "Preventing Mass Human-Rights Violations"


def test_hypotheses_carry_findings_per_case_with_published_evidence(client, libya_resolution_1973):
    finding = factories.HypothesisFindingFactory(hypothesis__code="sub-6", case=libya_resolution_1973.case)
    draft_event = factories.EventFactory(case=libya_resolution_1973.case, status="draft")
    finding.evidence.add(libya_resolution_1973, draft_event)
    factories.HypothesisFindingFactory(hypothesis=finding.hypothesis, case__slug="secret", case__status="draft")
    body = client.get("/api/hypotheses/").json()["results"]
    assert [row["code"] for row in body] == ["sub-6"]
    assert [f["case"] for f in body[0]["findings"]] == ["libya"]
    assert [e["id"] for e in body[0]["findings"][0]["evidence"]] == [libya_resolution_1973.pk]


def test_codebook_gives_codes_labels_and_definitions(client):
    body = client.get("/api/codebook/").json()
    for vocabulary in (
        "actor_kinds",
        "instrument_categories",
        "natures",
        "prevention_types",
        "event_types",
        "date_precisions",
        "factors",
        "ratings",
    ):
        assert body[vocabulary], vocabulary
        assert set(body[vocabulary][0]) == {"code", "label", "definition"}
    month = next(entry for entry in body["date_precisions"] if entry["code"] == "month")
    assert month["label"] == "Month" and "first day" in month["definition"]


def test_codebook_rating_codes_are_the_integers_assessments_carry(client):
    ratings = client.get("/api/codebook/").json()["ratings"]
    assert [entry["code"] for entry in ratings] == [0, 1, 2, 3]
    assert client.get("/api/codebook/").json()["instrument_categories"][0]["code"] == "early_warning"
